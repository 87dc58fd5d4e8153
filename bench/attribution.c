/*
 * attribution.c - times issue 17's data-driven models: Markov removal
 * effects and Shapley values fitted on 1M random journeys over 20, 100 and
 * 300 campaigns (or the sizes given: attribution [JOURNEYS [N...]]).
 *
 * Journeys are 1 to 8 touches of uniformly drawn campaigns (every
 * campaign-to-campaign transition occurs, the densest case for the
 * elimination); a journey is won with probability 1/4 plus 1/2 if it
 * touches campaign 0 (a fixed-seed generator, so every run fits the same
 * data).  Prints, per size: the time to build the journeys, the wall and
 * CPU time to fit each model, the digits of the largest removal effect's
 * denominator (how big the exact numbers get) and the distinct campaign
 * sets Shapley met.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "markov.h"
#include "shapley.h"

static uint64_t rng = 88172645463325252ull;

static uint32_t next(uint32_t bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % bound);
}

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Wall and CPU seconds: the machine is often shared, so CPU time is the steadier figure. */
typedef struct stamp {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    return (stamp){clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_PROCESS_CPUTIME_ID)};
}

static void generate(journeys *j, uint32_t n, size_t count)
{
    journeys_init(j);
    j->n = n;
    uint32_t path[8];
    for (size_t k = 0; k < count; k++) {
        size_t len = 1 + next(8);
        int zero = 0;
        for (size_t i = 0; i < len; i++) {
            path[i] = next(n);
            zero |= path[i] == 0;
        }
        journeys_add(j, path, len, next(4) < 1 + 2u * (uint32_t)zero);
    }
}

static void bench(uint32_t n, size_t count)
{
    journeys j;
    stamp t0 = now();
    generate(&j, n, count);
    stamp t1 = now();
    mpq_t *v = malloc(n * sizeof *v), p;
    for (uint32_t u = 0; u < n; u++)
        mpq_init(v[u]);
    mpq_init(p);
    markov_removal_effects(&j, v, p);
    stamp t2 = now();
    size_t digits = 0;
    for (uint32_t u = 0; u < n; u++)
        if (mpz_sizeinbase(mpq_denref(v[u]), 10) > digits)
            digits = mpz_sizeinbase(mpq_denref(v[u]), 10);
    size_t sets = shapley_values(&j, v);
    stamp t3 = now();
    printf("%9zu %9u %8.2f %9.2f %8.2f %9.2f %8.2f %9zu %8zu\n", count, n, t1.wall - t0.wall,
           t2.wall - t1.wall, t2.cpu - t1.cpu, t3.wall - t2.wall, t3.cpu - t2.cpu, digits, sets);
    fflush(stdout);
    for (uint32_t u = 0; u < n; u++)
        mpq_clear(v[u]);
    free(v);
    mpq_clear(p);
    journeys_free(&j);
}

int main(int argc, char **argv)
{
    size_t count = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    printf("%9s %9s %8s %9s %8s %9s %8s %9s %8s\n", "journeys", "campaigns", "build_s", "markov_s",
           "cpu_s", "shapley_s", "cpu_s", "re_digits", "sets");
    if (argc > 2)
        for (int i = 2; i < argc; i++)
            bench((uint32_t)strtoul(argv[i], NULL, 10), count);
    else
        for (uint32_t n = 20; n <= 300; n = n == 20 ? 100 : 300)
            bench(n, count);
    return 0;
}
