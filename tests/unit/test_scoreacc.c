/*
 * test_scoreacc.c - the scoreboard's (campaign, payee) sums keep every term.
 *
 * Terms are appended, then sorted and summed once they outnumber the sums
 * (here after a handful, so that summing happens many times); a pair's
 * qacc may refuse a term (denominators whose lcm passes 64 bits), and some
 * terms are too large for a pair at all.  Whatever happened, each pair's
 * value read the way the writer reads it (scoreacc.h) must be the exact sum
 * of its terms, the summed part sorted with one entry per pair, and the
 * unsummed part bounded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#define PAIRS_MIN_TERMS ((size_t)8)
#include "../../engine/scoreacc.c"
#include "qedges.h"

#define NC 5
#define NP 7

/* t = n / d, built without the code under test. */
static void ref_frac(mpq_t t, __int128 n, unsigned __int128 d)
{
    unsigned __int128 m = n < 0 ? -(unsigned __int128)n : (unsigned __int128)n;
    mpz_set_ui(mpq_numref(t), (unsigned long)(m >> 64));
    mpz_mul_2exp(mpq_numref(t), mpq_numref(t), 64);
    mpz_add_ui(mpq_numref(t), mpq_numref(t), (unsigned long)(uint64_t)m);
    if (n < 0)
        mpz_neg(mpq_numref(t), mpq_numref(t));
    mpz_set_ui(mpq_denref(t), (unsigned long)(d >> 64));
    mpz_mul_2exp(mpq_denref(t), mpq_denref(t), 64);
    mpz_add_ui(mpq_denref(t), mpq_denref(t), (unsigned long)(uint64_t)d);
    mpq_canonicalize(t);
}

/* want[c][p] == the pair's value as scoreboard.c reads it. */
static void check_pairs(const score_pairs *ps, mpq_t want[NC][NP])
{
    mpq_t got[NC][NP], x;
    mpq_init(x);
    for (int c = 0; c < NC; c++)
        for (int p = 0; p < NP; p++)
            mpq_init(got[c][p]);
    for (size_t i = 0; i < ps->n; i++) {
        const score_pair *e = &ps->v[i];
        qacc_value_parts(x, e->num, e->den);
        mpq_add(got[e->campaign][e->payee], got[e->campaign][e->payee], x);
        if (i < ps->nsummed && ps->spill && ps->spill[i])
            mpq_add(got[e->campaign][e->payee], got[e->campaign][e->payee],
                    ps->spilled[ps->spill[i] - 1]);
        if (i > 0 && i < ps->nsummed)
            assert_true(pair_key(&ps->v[i - 1]) < pair_key(e));  /* sorted, one per pair */
    }
    for (size_t b = 0; b < ps->nbig; b++)
        mpq_add(got[ps->big[b].campaign][ps->big[b].payee],
                got[ps->big[b].campaign][ps->big[b].payee], ps->big[b].x);
    for (int c = 0; c < NC; c++)
        for (int p = 0; p < NP; p++) {
            assert_q_identical(got[c][p], want[c][p]);
            mpq_clear(got[c][p]);
        }
    mpq_clear(x);
    assert_true(ps->nsummed <= NC * NP);
    assert_true(ps->n - ps->nsummed < PAIRS_MIN_TERMS + 2 * NC * NP);
}

static void test_terms_kept(void **state)
{
    (void)state;
    static const uint64_t dens[] = {1, 3, 10, 1000, 7000, 4294967291u, 4294967279u, 4294967231u};
    score_pairs ps;
    pairs_init(&ps);
    mpq_t want[NC][NP], t, scratch;
    mpq_inits(t, scratch, NULL);
    for (int c = 0; c < NC; c++)
        for (int p = 0; p < NP; p++)
            mpq_init(want[c][p]);
    for (int i = 0; i < 5000; i++) {
        uint32_t c = (uint32_t)(qedge_next() % NC), p = (uint32_t)(qedge_next() % NP);
        uint64_t kind = qedge_next() % 10;
        if (kind < 7) {         /* a word-sized term, in any terms */
            __int128 n = (__int128)(int64_t)(qedge_next() >> 8) * (kind < 2 ? 1000 : 1);
            unsigned __int128 d = (unsigned __int128)dens[qedge_next() % 8] *
                                  dens[qedge_next() % (kind == 6 ? 8 : 5)];
            ref_frac(t, n, d);
            pair_add_parts(&ps, c, p, n, d, scratch);
        } else if (kind < 9) {  /* any rational, edges included */
            qedge_random_q(t);
            pair_add(&ps, c, p, t, scratch);
        } else {                /* an edge value itself */
            qedge_q(t, qedge_next() % QEDGE_N, (int)(qedge_next() & 1),
                    1 + qedge_next() % (QEDGE_N - 1));
            pair_add(&ps, c, p, t, scratch);
        }
        mpq_add(want[c][p], want[c][p], t);
        if (i % 97 == 0)
            check_pairs(&ps, want);
    }
    check_pairs(&ps, want);
    pairs_sum(&ps, scratch);
    assert_int_equal(ps.n, ps.nsummed);
    assert_int_equal(ps.nbig, 0);
    check_pairs(&ps, want);
    for (int c = 0; c < NC; c++)
        for (int p = 0; p < NP; p++)
            mpq_clear(want[c][p]);
    mpq_clears(t, scratch, NULL);
    pairs_free(&ps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
