/*
 * test_qfast.c - the machine-word fast paths agree with GMP exactly.
 *
 * GMP's mpq_mul, mpq_add, mpq_div and mpq_canonicalize are the independent
 * reference: for many random and edge-case operands (zero, signs, ±2^63 and
 * its neighbours, ±2^64 and its neighbours, shared factors as large as 2^63),
 * q_mul, q_add, q_div and q_set_frac must give the same canonical value, and
 * q_small must accept exactly what its comment promises.  The word type qw
 * (qw_mul, qw_add, qw_div, qw_frac) must give GMP's value whenever it gives
 * one, and give one whenever both the operands and GMP's result are small.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qfast.h"
#include "qedges.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A random canonical rational, often small, sometimes huge (past the fast path). */
static void random_q(mpq_t x)
{
    static const uint64_t edges[] = {0, 1, 2, 3, 5, 7, 10, 100, 1000000007ull, (1ull << 31) - 1,
                                     (1ull << 62), INT64_MAX, UINT64_MAX, UINT64_MAX - 1};
    uint64_t kind = next() % 8;
    uint64_t n, d;
    if (kind == 0) {
        n = edges[next() % 14];
        d = edges[1 + next() % 13];
    } else if (kind == 1) {
        n = next();
        d = next() | 1;
    } else {
        n = next() % (kind < 5 ? 100000 : UINT64_MAX);
        d = 1 + next() % (kind < 6 ? 1000 : UINT64_MAX - 1);
    }
    mpz_set_ui(mpq_numref(x), n);
    mpz_set_ui(mpq_denref(x), d);
    if (kind == 7)  /* past 64 bits */
        mpz_mul_2exp(mpq_numref(x), mpq_numref(x), 70);
    if (next() & 1)
        mpz_neg(mpq_numref(x), mpq_numref(x));
    mpq_canonicalize(x);
}

static void check_canonical_equal(const mpq_t got, const mpq_t want)
{
    /* Equal values and both canonical means identical numerator and denominator. */
    assert_int_equal(mpz_cmp(mpq_numref(got), mpq_numref(want)), 0);
    assert_int_equal(mpz_cmp(mpq_denref(got), mpq_denref(want)), 0);
}

static void test_mul_matches_gmp(void **state)
{
    mpq_t a, b, got, want;
    mpq_inits(a, b, got, want, NULL);
    for (int i = 0; i < 200000; i++) {
        random_q(a);
        random_q(b);
        q_mul(got, a, b);
        mpq_mul(want, a, b);
        check_canonical_equal(got, want);
    }
    mpq_clears(a, b, got, want, NULL);
}

static void test_add_matches_gmp(void **state)
{
    mpq_t a, b, got, want;
    mpq_inits(a, b, got, want, NULL);
    for (int i = 0; i < 200000; i++) {
        random_q(a);
        random_q(b);
        q_add(got, a, b);
        mpq_add(want, a, b);
        check_canonical_equal(got, want);
    }
    mpq_clears(a, b, got, want, NULL);
}

static void test_aliasing(void **state)
{
    mpq_t a, b, want;
    mpq_inits(a, b, want, NULL);
    mpq_set_ui(a, 3, 10);
    mpq_set_ui(b, 1, 6);
    mpq_add(want, a, b);  /* 3/10 + 1/6 = 14/30 = 7/15 */
    q_add(a, a, b);
    check_canonical_equal(a, want);
    mpq_set_ui(want, 49, 225);
    q_mul(a, a, a);  /* (7/15)^2 */
    check_canonical_equal(a, want);
    mpq_clears(a, b, want, NULL);
}

static void test_cancelling_sum(void **state)
{
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    mpq_set_si(a, -7, 15);
    mpq_set_ui(b, 7, 15);
    q_add(a, a, b);
    assert_int_equal(mpz_cmp_ui(mpq_numref(a), 0), 0);
    assert_int_equal(mpz_cmp_ui(mpq_denref(a), 1), 0);
    mpq_clears(a, b, NULL);
}

static void test_set_frac_and_gcd(void **state)
{
    mpq_t x;
    mpq_init(x);
    q_set_frac(x, -150, 1000);
    assert_int_equal(mpz_get_si(mpq_numref(x)), -3);
    assert_int_equal(mpz_get_ui(mpq_denref(x)), 20);
    assert_int_equal(q_gcd(0, 5), 5);
    assert_int_equal(q_gcd(48, 180), 12);
    assert_true(q_gcd(UINT64_MAX, UINT64_MAX - 1) == 1);
    mpq_clear(x);
}

/* ---- the edges: ±2^63, ±2^64 and their neighbours (qedges.h) ------------- */

/* The edge grid: every numerator (both signs) over every non-zero denominator. */
static size_t edge_grid(mpq_t **out)
{
    size_t n = 0;
    mpq_t *v = malloc(sizeof(mpq_t) * QEDGE_N * 2 * QEDGE_N);
    for (size_t ni = 0; ni < QEDGE_N; ni++)
        for (int neg = 0; neg < 2; neg++)
            for (size_t di = 1; di < QEDGE_N; di++) {
                if (neg && ni == 0)
                    continue;
                mpq_init(v[n]);
                qedge_q(v[n], ni, neg, di);
                n++;
            }
    *out = v;
    return n;
}

static void free_grid(mpq_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mpq_clear(v[i]);
    free(v);
}

typedef void q_op(mpq_t, const mpq_t, const mpq_t);

/* got = op(a, b), want = ref(a, b): identical, else both operands are printed. */
static void check_op(const char *name, q_op *op, q_op *ref, const mpq_t a, const mpq_t b)
{
    mpq_t got, want;
    mpq_inits(got, want, NULL);
    mpq_set_si(got, 12345, 7);  /* something to overwrite */
    op(got, a, b);
    ref(want, a, b);
    if (!mpq_equal(got, want) || mpz_cmp(mpq_denref(got), mpq_denref(want)) != 0)
        gmp_fprintf(stderr, "%s(%Qd, %Qd)\n", name, a, b);
    assert_q_identical(got, want);
    mpq_clears(got, want, NULL);
}

static void test_edges_mul_add_div(void **state)
{
    mpq_t *v;
    size_t n = edge_grid(&v);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            check_op("q_mul", q_mul, mpq_mul, v[i], v[j]);
            check_op("q_add", q_add, mpq_add, v[i], v[j]);
            if (mpq_sgn(v[j]) != 0)
                check_op("q_div", q_div, mpq_div, v[i], v[j]);
        }
    free_grid(v, n);
}

/* The three results of the review (issue 13, finding 6), written out. */
static void test_edges_reported(void **state)
{
    mpq_t a, b, got;
    mpq_inits(a, b, got, NULL);
    mpz_set_str(mpq_numref(a), "-9223372036854775808", 10);  /* -2^63 */
    mpz_set_str(mpq_denref(b), "9223372036854775808", 10);   /* 1/2^63 */
    mpz_set_ui(mpq_numref(b), 1);
    q_mul(got, a, b);
    assert_int_equal(mpz_cmp_si(mpq_numref(got), -1), 0);
    assert_int_equal(mpz_cmp_ui(mpq_denref(got), 1), 0);
    q_div(got, a, a);
    assert_int_equal(mpz_cmp_si(mpq_numref(got), 1), 0);
    assert_int_equal(mpz_cmp_ui(mpq_denref(got), 1), 0);
    q_set_frac(got, INT64_MIN, UINT64_C(1) << 63);
    assert_int_equal(mpz_cmp_si(mpq_numref(got), -1), 0);
    assert_int_equal(mpz_cmp_ui(mpq_denref(got), 1), 0);
    mpq_clears(a, b, got, NULL);
}

/* int64 and uint64 values near the edges, built from the edge magnitudes that fit. */
static const int64_t frac_nums[] = {INT64_MIN,     INT64_MIN + 1, INT64_MIN + 2, -(INT64_C(1) << 62),
                                    -6,            -2,            -1,            0,
                                    1,             2,             3,             INT64_C(1) << 31,
                                    INT64_C(1) << 62, INT64_MAX - 1, INT64_MAX};
static const uint64_t frac_dens[] = {1,
                                     2,
                                     3,
                                     6,
                                     UINT64_C(1) << 31,
                                     UINT64_C(1) << 62,
                                     (UINT64_C(1) << 63) - 1,
                                     UINT64_C(1) << 63,
                                     (UINT64_C(1) << 63) + 1,
                                     UINT64_C(3) << 62,
                                     UINT64_MAX - 1,
                                     UINT64_MAX};

/* got = q_set_frac(n, d) against mpq_canonicalize of the same pair. */
static void check_set_frac(int64_t n, uint64_t d)
{
    mpq_t got, want;
    mpq_inits(got, want, NULL);
    q_set_frac(got, n, d);
    mpz_set_si(mpq_numref(want), n);
    mpz_set_ui(mpq_denref(want), d);
    mpq_canonicalize(want);
    if (!mpq_equal(got, want))
        fprintf(stderr, "q_set_frac(%" PRId64 ", %" PRIu64 ")\n", n, d);
    assert_q_identical(got, want);
    mpq_clears(got, want, NULL);
}

static void test_edges_set_frac(void **state)
{
    for (size_t i = 0; i < sizeof frac_nums / sizeof frac_nums[0]; i++)
        for (size_t j = 0; j < sizeof frac_dens / sizeof frac_dens[0]; j++)
            check_set_frac(frac_nums[i], frac_dens[j]);
    /* Random pairs near the edges, often sharing a power of two up to 2^63. */
    for (int k = 0; k < 100000; k++) {
        int64_t n = frac_nums[qedge_next() % 15];
        uint64_t d = frac_dens[qedge_next() % 12];
        n = (int64_t)((uint64_t)n + qedge_next() % 5 - 2);  /* wraps like the hardware */
        d += qedge_next() % 5 - 2;
        if (qedge_next() & 1) {  /* powers of two on both sides */
            n = (int64_t)((uint64_t)n << qedge_next() % 64);
            d = (d | 1) << qedge_next() % 64;
        }
        check_set_frac(n, d == 0 ? 1 : d);
    }
}

static void test_edges_q_small(void **state)
{
    mpz_t two63, two64;
    mpz_inits(two63, two64, NULL);
    mpz_ui_pow_ui(two63, 2, 63);
    mpz_ui_pow_ui(two64, 2, 64);
    mpq_t *v;
    size_t n = edge_grid(&v);
    for (size_t i = 0; i < n; i++) {
        int want = mpz_cmpabs(mpq_numref(v[i]), two63) < 0 && mpz_cmp(mpq_denref(v[i]), two64) < 0;
        int64_t num = 77;
        uint64_t den = 77;
        int got = q_small(v[i], &num, &den);
        if (got != want)
            gmp_fprintf(stderr, "q_small(%Qd) = %d\n", v[i], got);
        assert_int_equal(got, want);
        if (got) {
            assert_int_equal(mpz_cmp_si(mpq_numref(v[i]), num), 0);
            assert_int_equal(mpz_cmp_ui(mpq_denref(v[i]), den), 0);
        }
    }
    free_grid(v, n);
    mpz_clears(two63, two64, NULL);
}

/* Random operands concentrated near the edges, each operation against GMP. */
static void test_edges_random(void **state)
{
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    for (int i = 0; i < 150000; i++) {
        qedge_random_q(a);
        qedge_random_q(b);
        check_op("q_mul", q_mul, mpq_mul, a, b);
        check_op("q_add", q_add, mpq_add, a, b);
        if (mpq_sgn(b) != 0)
            check_op("q_div", q_div, mpq_div, a, b);
    }
    mpq_clears(a, b, NULL);
}

/* Every operation with out aliasing either operand, at the edges. */
static void test_edges_aliasing(void **state)
{
    static q_op *const ops[] = {q_mul, q_add, q_div};
    static q_op *const refs[] = {mpq_mul, mpq_add, mpq_div};
    mpq_t a, b, x, want;
    mpq_inits(a, b, x, want, NULL);
    for (int i = 0; i < 30000; i++) {
        qedge_random_q(a);
        qedge_random_q(b);
        if (mpq_sgn(b) == 0)
            mpq_set_ui(b, 1, 1);
        for (int k = 0; k < 3; k++) {
            refs[k](want, a, b);
            mpq_set(x, a);
            ops[k](x, x, b);  /* out = a */
            assert_q_identical(x, want);
            mpq_set(x, b);
            ops[k](x, a, x);  /* out = b */
            assert_q_identical(x, want);
        }
    }
    mpq_clears(a, b, x, want, NULL);
}

/* op's qw result against GMP's: equal when it gives one; always one for small operands and a
   small result, except an add or subtract whose unreduced numerator passes 2^64 (a refusal
   qfast.h allows). */
typedef int qw_op(qw *, qw, qw);

static void check_qw(const char *name, qw_op *op, q_op *ref, const mpq_t a, const mpq_t b)
{
    qw x, y, got = {77, 77};
    if (!qw_from_q(&x, a) || !qw_from_q(&y, b))
        return;
    mpq_t want, res;
    mpq_inits(want, res, NULL);
    ref(want, a, b);
    int ok = op(&got, x, y);
    qw small;
    if (ok) {
        qw_to_q(res, got);
        if (!mpq_equal(res, want))
            gmp_fprintf(stderr, "%s(%Qd, %Qd)\n", name, a, b);
        assert_q_identical(res, want);
    } else {
        assert_int_equal(got.n, 77);  /* left alone */
        int may_refuse = op == qw_add || op == qw_sub;  /* a sum's unreduced numerator */
        if (!may_refuse && qw_from_q(&small, want))
            gmp_fprintf(stderr, "%s(%Qd, %Qd) refused %Qd\n", name, a, b, want);
        assert_true(may_refuse || !qw_from_q(&small, want));
    }
    mpq_clears(want, res, NULL);
}

static void test_qw_edges(void **state)
{
    mpq_t *v;
    size_t n = edge_grid(&v);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            check_qw("qw_mul", qw_mul, mpq_mul, v[i], v[j]);
            check_qw("qw_add", qw_add, mpq_add, v[i], v[j]);
            if (mpq_sgn(v[j]) != 0)
                check_qw("qw_div", qw_div, mpq_div, v[i], v[j]);
        }
    free_grid(v, n);
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    for (int i = 0; i < 200000; i++) {
        if (i & 1) {
            qedge_random_q(a);
            qedge_random_q(b);
        } else {
            random_q(a);
            random_q(b);
        }
        check_qw("qw_mul", qw_mul, mpq_mul, a, b);
        check_qw("qw_add", qw_add, mpq_add, a, b);
        if (mpq_sgn(b) != 0)
            check_qw("qw_div", qw_div, mpq_div, a, b);
    }
    mpq_clears(a, b, NULL);
}

/* qw_cmp and qw_sub against mpq_cmp and mpq_sub. */
static void check_cmp_sub(const mpq_t a, const mpq_t b)
{
    qw x, y;
    if (!qw_from_q(&x, a) || !qw_from_q(&y, b))
        return;
    int want = mpq_cmp(a, b);
    assert_int_equal(qw_cmp(x, y), (want > 0) - (want < 0));
    assert_int_equal(qw_sgn(x), mpq_sgn(a));
    check_qw("qw_sub", qw_sub, mpq_sub, a, b);
}

static void test_qw_cmp_sub(void **state)
{
    mpq_t *v;
    size_t n = edge_grid(&v);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            check_cmp_sub(v[i], v[j]);
    free_grid(v, n);
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    for (int i = 0; i < 100000; i++) {
        qedge_random_q(a);
        if (i & 1)
            mpq_set(b, a);  /* equal operands: cmp 0, difference 0 */
        else
            qedge_random_q(b);
        check_cmp_sub(a, b);
    }
    mpq_clears(a, b, NULL);
}

/* qw_frac against mpq_canonicalize, and qw_from_q accepting what q_small does. */
static void test_qw_frac(void **state)
{
    mpq_t want, res;
    mpq_inits(want, res, NULL);
    for (size_t i = 0; i < sizeof frac_nums / sizeof frac_nums[0]; i++)
        for (size_t j = 0; j < sizeof frac_dens / sizeof frac_dens[0]; j++) {
            mpz_set_si(mpq_numref(want), frac_nums[i]);
            mpz_set_ui(mpq_denref(want), frac_dens[j]);
            mpq_canonicalize(want);
            qw got, small;
            int ok = qw_frac(&got, frac_nums[i], frac_dens[j]);
            assert_int_equal(ok, qw_from_q(&small, want));
            if (ok) {
                qw_to_q(res, got);
                assert_q_identical(res, want);
            }
        }
    mpq_clears(want, res, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mul_matches_gmp), cmocka_unit_test(test_add_matches_gmp),
        cmocka_unit_test(test_aliasing),        cmocka_unit_test(test_cancelling_sum),
        cmocka_unit_test(test_set_frac_and_gcd), cmocka_unit_test(test_edges_mul_add_div),
        cmocka_unit_test(test_edges_reported),  cmocka_unit_test(test_edges_set_frac),
        cmocka_unit_test(test_edges_q_small),   cmocka_unit_test(test_edges_random),
        cmocka_unit_test(test_edges_aliasing),  cmocka_unit_test(test_qw_edges),
        cmocka_unit_test(test_qw_frac),         cmocka_unit_test(test_qw_cmp_sub),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
