/*
 * test_qdot.c - a decided qdot_round is money_round of the exact sum.
 *
 * The reference builds the exact sum of the products with mpq and rounds it
 * with money_round at scale 0; qdot_round must give the same integer in
 * every mode whenever it decides, and may only decline (-1) when the sum is
 * within (terms x 2^-64) of a rounding point or overflowed.  Cases: exact
 * ties (fractions that are exact in 64-bit fixed point), sums that are ties
 * only exactly (1/3 + 1/6), integers, negative sums, factors and terms at
 * the machine-word edges of qedges.h (which take the GMP path), and random
 * rates and credits shaped like the scoreboard's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include "money.h"
#include "qacc.h"
#include "qdot.h"
#include "qedges.h"

typedef __int128 i128;

static const round_mode modes[] = {ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_UP};

/* A sum under test: the qdot, and the exact value beside it. */
typedef struct {
    qdot s;
    mpq_t exact;
    size_t terms;
} pair_sum;

static void ps_init(pair_sum *p)
{
    p->s = QDOT_ZERO;
    mpq_init(p->exact);
    p->terms = 0;
}

static void ps_clear(pair_sum *p)
{
    mpq_clear(p->exact);
}

static void ps_add(pair_sum *p, const mpq_t rate, i128 n, uint64_t d, qdot_scratch *z)
{
    qdot_factor f;
    qdot_factor_init(&f);
    qdot_factor_set(&f, rate);
    qdot_add(&p->s, &f, n, d, z);
    mpq_t t;
    mpq_init(t);
    qacc_value_parts(t, n, d);
    mpq_mul(t, t, rate);
    mpq_add(p->exact, p->exact, t);
    mpq_clear(t);
    qdot_factor_clear(&f);
    p->terms++;
}

static void ps_add_q(pair_sum *p, const mpq_t rate, const mpq_t x, qdot_scratch *z)
{
    qdot_factor f;
    qdot_factor_init(&f);
    qdot_factor_set(&f, rate);
    qdot_add_q(&p->s, &f, x, z);
    mpq_t t;
    mpq_init(t);
    mpq_mul(t, x, rate);
    mpq_add(p->exact, p->exact, t);
    mpq_clear(t);
    qdot_factor_clear(&f);
    p->terms++;
}

/* Is v within terms * 2^-64 (generously: 2^-60 per term) of an integer or a half? */
static int near_rounding_point(const mpq_t v, size_t terms)
{
    mpq_t twice, dist;
    mpz_t fl;
    mpq_inits(twice, dist, NULL);
    mpz_init(fl);
    mpq_mul_2exp(twice, v, 1);
    mpz_fdiv_q(fl, mpq_numref(twice), mpq_denref(twice));
    mpq_set_z(dist, fl);
    mpq_sub(dist, twice, dist);  /* in [0, 1): distance above the point below */
    mpq_t bound, other;
    mpq_inits(bound, other, NULL);
    mpq_set_ui(bound, (unsigned long)(terms + 1), 1);
    mpq_div_2exp(bound, bound, 59);
    mpq_set_ui(other, 1, 1);
    mpq_sub(other, other, dist);
    int near = mpq_cmp(dist, bound) <= 0 || mpq_cmp(other, bound) <= 0;
    mpq_clears(twice, dist, bound, other, NULL);
    mpz_clear(fl);
    return near;
}

/* Every mode: decided means money_round's answer; declined only near a rounding point. */
static int check_all_modes(const pair_sum *p)
{
    int declined = 0;
    mpz_t got, want;
    mpz_inits(got, want, NULL);
    for (size_t m = 0; m < 4; m++) {
        money_round(want, p->exact, 0, modes[m]);
        mpz_set_si(got, 987654321);
        if (qdot_round(&p->s, modes[m], got) == 0) {
            if (mpz_cmp(got, want) != 0)
                gmp_fprintf(stderr, "mode %zu: sum %Qd: got %Zd, want %Zd\n", m, p->exact, got,
                            want);
            assert_int_equal(mpz_cmp(got, want), 0);
        } else {
            assert_true(p->s.overflow || near_rounding_point(p->exact, p->terms));
            declined = 1;
        }
    }
    mpz_clears(got, want, NULL);
    return declined;
}

/* Sums whose fractions are exact in fixed point: ties, integers, both signs, every mode. */
static void test_exact_ties(void **state)
{
    (void)state;
    qdot_scratch z;
    qdot_scratch_init(&z);
    static const long nums[] = {1, 3, 5, 7, -1, -3, -5, -7, 0, 4, -4, 9, 11};
    mpq_t one;
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    for (size_t a = 0; a < 13; a++)
        for (size_t b = 0; b < 13; b++) {
            pair_sum p;
            ps_init(&p);
            ps_add(&p, one, nums[a], 2, &z);   /* k/2 */
            ps_add(&p, one, nums[b], 4, &z);   /* k/4 */
            assert_int_equal(check_all_modes(&p), 0);  /* exact: always decided */
            ps_clear(&p);
        }
    mpq_clear(one);
    qdot_scratch_clear(&z);
}

/* 1/3 + 1/6 = 1/2 exactly, but neither fraction is exact in fixed point: declined. */
static void test_inexact_tie_declined(void **state)
{
    (void)state;
    qdot_scratch z;
    qdot_scratch_init(&z);
    mpq_t r;
    mpq_init(r);
    for (long whole = -3; whole <= 3; whole++) {
        pair_sum p;
        ps_init(&p);
        mpq_set_ui(r, 1, 3);
        ps_add(&p, r, 1, 1, &z);
        mpq_set_ui(r, 1, 6);
        ps_add(&p, r, 1, 1, &z);
        mpq_set_si(r, whole, 1);
        ps_add(&p, r, 1, 1, &z);
        assert_int_equal(check_all_modes(&p), 1);
        ps_clear(&p);
    }
    mpq_clear(r);
    qdot_scratch_clear(&z);
}

/* Rates E/C with large, different denominators times small credits: decided, and right. */
static void test_random_rates(void **state)
{
    (void)state;
    qdot_scratch z;
    qdot_scratch_init(&z);
    mpq_t rate;
    mpq_init(rate);
    size_t declined = 0;
    for (int round = 0; round < 300; round++) {
        pair_sum p;
        ps_init(&p);
        int nterms = 1 + (int)(qedge_next() % 400);
        for (int i = 0; i < nterms; i++) {
            /* rate x 100: (cap or tier sum) x 1000 x 100 / credit total */
            mpz_set_ui(mpq_numref(rate), 1 + qedge_next() % 60000000000ull);
            mpz_set_ui(mpq_denref(rate), 1 + qedge_next() % 4000000000ull);
            if (qedge_next() % 8 == 0)
                mpz_neg(mpq_numref(rate), mpq_numref(rate));
            mpq_canonicalize(rate);
            i128 n = (i128)(qedge_next() % 100000000000ull);
            uint64_t d = (uint64_t)(1 + qedge_next() % 30) * 1000;
            ps_add(&p, rate, n, d, &z);
        }
        declined += (size_t)check_all_modes(&p);
        ps_clear(&p);
    }
    assert_true(declined <= 2);  /* a rounding point within 2^-50: never, in practice */
    mpq_clear(rate);
    qdot_scratch_clear(&z);
}

/* Factors and terms at the edges of the machine words, through both paths, merged. */
static void test_edges(void **state)
{
    (void)state;
    qdot_scratch z;
    qdot_scratch_init(&z);
    mpq_t rate, x;
    mpq_inits(rate, x, NULL);
    for (int round = 0; round < 2000; round++) {
        pair_sum p, q;
        ps_init(&p);
        ps_init(&q);
        int nterms = 1 + (int)(qedge_next() % 6);
        for (int i = 0; i < nterms; i++) {
            qedge_random_q(rate);
            qedge_random_q(x);
            ps_add_q(i % 2 ? &p : &q, rate, x, &z);
        }
        check_all_modes(&p);
        qdot_merge(&p.s, &q.s);
        mpq_add(p.exact, p.exact, q.exact);
        p.terms += q.terms;
        check_all_modes(&p);
        ps_clear(&p);
        ps_clear(&q);
    }
    mpq_clears(rate, x, NULL);
    qdot_scratch_clear(&z);
}

/* Every edge rational as a factor, times every edge rational as a term, one term a sum. */
static void test_edge_grid(void **state)
{
    (void)state;
    qdot_scratch z;
    qdot_scratch_init(&z);
    mpq_t rate, x;
    mpq_inits(rate, x, NULL);
    for (size_t ri = 0; ri < QEDGE_N; ri++)
        for (size_t xi = 0; xi < QEDGE_N; xi++)
            for (size_t di = 1; di < QEDGE_N; di++) {
                qedge_q(rate, ri, (int)(xi & 1), di);
                qedge_q(x, xi, (int)(di & 1), (di + ri) % (QEDGE_N - 1) + 1);
                pair_sum p;
                ps_init(&p);
                ps_add_q(&p, rate, x, &z);
                check_all_modes(&p);
                ps_clear(&p);
            }
    mpq_clears(rate, x, NULL);
    qdot_scratch_clear(&z);
}

/* A whole part past 128 bits is reported as undecided, not wrapped. */
static void test_overflow(void **state)
{
    (void)state;
    qdot_scratch z;
    qdot_scratch_init(&z);
    mpq_t rate;
    mpq_init(rate);
    mpz_set_ui(mpq_numref(rate), 1);
    mpz_mul_2exp(mpq_numref(rate), mpq_numref(rate), 126);
    pair_sum p;
    ps_init(&p);
    ps_add(&p, rate, 1, 1, &z);
    ps_add(&p, rate, 1, 1, &z);  /* 2^127: past the whole part's range */
    mpz_t out;
    mpz_init(out);
    for (size_t m = 0; m < 4; m++)
        assert_int_equal(qdot_round(&p.s, modes[m], out), -1);
    mpz_clear(out);
    ps_clear(&p);
    mpq_clear(rate);
    qdot_scratch_clear(&z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_ties),  cmocka_unit_test(test_inexact_tie_declined),
        cmocka_unit_test(test_random_rates), cmocka_unit_test(test_edges),
        cmocka_unit_test(test_edge_grid),
        cmocka_unit_test(test_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
