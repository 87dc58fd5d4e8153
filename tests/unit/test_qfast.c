/*
 * test_qfast.c - the machine-word fast paths agree with GMP exactly.
 *
 * GMP's mpq_mul and mpq_add are the independent reference: for many random
 * and edge-case operands (zero, signs, values near 2^63, denominators near
 * 2^64, shared factors), q_mul and q_add must give the same canonical value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "truce/qfast.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mul_matches_gmp), cmocka_unit_test(test_add_matches_gmp),
        cmocka_unit_test(test_aliasing),        cmocka_unit_test(test_cancelling_sum),
        cmocka_unit_test(test_set_frac_and_gcd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
