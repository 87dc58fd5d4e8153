/*
 * shapley.c - exact Shapley values over the observed campaign sets.
 *
 * With c(s) = s! (n-s-1)! / n! = 1 / (n C(n-1, s)) for s < n, the terms of
 * phi(u) with v(S + u) != 0 are the observed sets T containing u (S = T - u,
 * weight c(|T|-1)), and those with v(S) != 0 the observed sets S without u
 * (weight c(|S|)).  Writing the second sum as the sum over all observed sets
 * minus those containing u, and setting c(n) = 0 (the full set never lacks
 * u):
 *
 *     phi(u) = sum over observed T containing u of (c(|T|-1) + c(|T|)) v(T)
 *              - sum over all observed S of c(|S|) v(S).
 *
 * So the cost is the journeys' touches (to find the sets) plus the sizes of
 * the distinct sets, not 2^n.  Sets are found with a hash table of sorted
 * unit lists.
 */
#include "shapley.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* One distinct set: units[off .. off+len) of the pool, sorted; its journeys won and lost. */
typedef struct set_entry {
    size_t off;
    uint32_t len;
    uint64_t hash;
    size_t won, lost;
} set_entry;

typedef struct set_table {
    set_entry *v;
    size_t n, cap;
    size_t *slot;          /* open addressing: index + 1 into v, 0 empty */
    size_t nslots;         /* a power of two, at least 2 n */
    uint32_t *pool;
    size_t npool, poolcap;
} set_table;

static uint64_t hash_units(const uint32_t *u, size_t k)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < k; i++) {
        h ^= u[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static void grow_slots(set_table *t)
{
    free(t->slot);
    t->nslots = t->nslots ? 2 * t->nslots : 1024;
    t->slot = xcalloc(t->nslots, sizeof *t->slot);
    for (size_t i = 0; i < t->n; i++) {
        size_t s = (size_t)t->v[i].hash & (t->nslots - 1);
        while (t->slot[s])
            s = (s + 1) & (t->nslots - 1);
        t->slot[s] = i + 1;
    }
}

/* The entry of the sorted set u[0..k), added if new. */
static set_entry *find_or_add(set_table *t, const uint32_t *u, size_t k)
{
    if (2 * (t->n + 1) > t->nslots)
        grow_slots(t);
    uint64_t h = hash_units(u, k);
    size_t s = (size_t)h & (t->nslots - 1);
    for (; t->slot[s]; s = (s + 1) & (t->nslots - 1)) {
        set_entry *e = &t->v[t->slot[s] - 1];
        if (e->hash == h && e->len == k && memcmp(t->pool + e->off, u, k * sizeof *u) == 0)
            return e;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->v = xrealloc(t->v, t->cap * sizeof *t->v);
    }
    if (t->npool + k > t->poolcap) {
        while (t->npool + k > t->poolcap)
            t->poolcap = t->poolcap ? 2 * t->poolcap : 1024;
        t->pool = xrealloc(t->pool, t->poolcap * sizeof *t->pool);
    }
    memcpy(t->pool + t->npool, u, k * sizeof *u);
    t->v[t->n] = (set_entry){t->npool, (uint32_t)k, h, 0, 0};
    t->npool += k;
    t->slot[s] = ++t->n;
    return &t->v[t->n - 1];
}

static int by_unit(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Every journey's set of distinct units, counted won and lost. */
static void collect_sets(set_table *t, const journeys *j, uint32_t *buf)
{
    for (size_t k = 0; k < j->count; k++) {
        size_t len = j->first[k + 1] - j->first[k];
        if (len == 0)
            continue;
        memcpy(buf, j->step + j->first[k], len * sizeof *buf);
        qsort(buf, len, sizeof *buf, by_unit);
        size_t m = 1;
        for (size_t i = 1; i < len; i++)
            if (buf[i] != buf[m - 1])
                buf[m++] = buf[i];
        set_entry *e = find_or_add(t, buf, m);
        if (j->is_won[k])
            e->won++;
        else
            e->lost++;
    }
}

/* c[s] = 1 / (n C(n-1, s)) for s < n, c[n] = 0. */
static mpq_t *coalition_weights(uint32_t n)
{
    mpq_t *c = xmalloc(((size_t)n + 1) * sizeof *c);
    for (uint32_t s = 0; s <= n; s++) {
        mpq_init(c[s]);
        if (s == n)
            continue;
        mpz_set_ui(mpq_numref(c[s]), 1);
        mpz_bin_uiui(mpq_denref(c[s]), n - 1, s);
        mpz_mul_ui(mpq_denref(c[s]), mpq_denref(c[s]), n);
    }
    return c;
}

static void set_value(mpq_t v, const set_entry *e)
{
    mpz_set_ui(mpq_numref(v), (unsigned long)e->won);
    mpz_set_ui(mpq_denref(v), (unsigned long)(e->won + e->lost));
    mpq_canonicalize(v);
}

size_t shapley_values(const journeys *j, mpq_t *phi)
{
    uint32_t n = j->n;
    for (uint32_t u = 0; u < n; u++)
        mpq_set_ui(phi[u], 0, 1);
    if (n == 0)
        return 0;
    set_table t;
    memset(&t, 0, sizeof t);
    uint32_t *buf = xmalloc(BATCH_MAX_TOUCHES_PER_DEAL * sizeof *buf);
    collect_sets(&t, j, buf);
    mpq_t *c = coalition_weights(n), v, term, base;
    mpq_inits(v, term, base, NULL);
    for (size_t i = 0; i < t.n; i++) {
        const set_entry *e = &t.v[i];
        set_value(v, e);
        mpq_mul(term, c[e->len], v);
        mpq_add(base, base, term);               /* c(|S|) v(S) over all sets */
        mpq_add(term, c[e->len - 1], c[e->len]);
        mpq_mul(term, term, v);                  /* (c(|T|-1) + c(|T|)) v(T) */
        for (uint32_t k = 0; k < e->len; k++)
            mpq_add(phi[t.pool[e->off + k]], phi[t.pool[e->off + k]], term);
    }
    for (uint32_t u = 0; u < n; u++)
        mpq_sub(phi[u], phi[u], base);
    mpq_clears(v, term, base, NULL);
    for (uint32_t s = 0; s <= n; s++)
        mpq_clear(c[s]);
    free(c);
    free(buf);
    free(t.v);
    free(t.slot);
    free(t.pool);
    size_t sets = t.n;
    return sets;
}
