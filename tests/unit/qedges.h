/*
 * qedges.h - the operands where machine-word rational code breaks, shared by
 * the tests of every machine-word path (qfast, qsum, qtree, qacc, qdot,
 * scoreacc, money's formatting, the walk's figures).
 *
 * A fast path goes wrong at the edges of its words: 2^63 (INT64_MIN's
 * magnitude, which no int64_t holds positive), 2^64 (no uint64_t holds it),
 * their neighbours, and gcds that are themselves that large.  The values are
 * written out in hexadecimal and read by GMP, so no machine-word expression
 * of the code under test's kind builds them.
 */
#ifndef TRUCE_TEST_QEDGES_H
#define TRUCE_TEST_QEDGES_H

#include <gmp.h>
#include <stdint.h>

/* Magnitudes: 0, small, 2^31, 2^62, 2^63 - 1, 2^63, 2^63 + 1, 3 * 2^62, 2^64 - 1, 2^64, 2^64 + 1. */
static const char *const qedge_mags[] = {
    "0",
    "1",
    "2",
    "3",
    "6",
    "80000000",
    "4000000000000000",
    "7fffffffffffffff",
    "8000000000000000",
    "8000000000000001",
    "c000000000000000",
    "fffffffffffffffe",
    "ffffffffffffffff",
    "10000000000000000",
    "10000000000000001",
};
#define QEDGE_N (sizeof qedge_mags / sizeof qedge_mags[0])

static uint64_t qedge_rng = 0x2545f4914f6cdd1dull;

static uint64_t qedge_next(void)
{
    qedge_rng ^= qedge_rng << 13;
    qedge_rng ^= qedge_rng >> 7;
    qedge_rng ^= qedge_rng << 17;
    return qedge_rng;
}

/* z = the magnitude qedge_mags[i]. */
static void qedge_mag(mpz_t z, size_t i)
{
    mpz_set_str(z, qedge_mags[i], 16);
}

/*
 * x = (neg ? -1 : 1) * mags[ni] / mags[di], canonicalised by GMP (di must not
 * name 0).  Returns 0, leaving x alone, when mags[di] is 0.
 */
static int qedge_q(mpq_t x, size_t ni, int neg, size_t di)
{
    if (di == 0)
        return 0;
    qedge_mag(mpq_numref(x), ni);
    qedge_mag(mpq_denref(x), di);
    if (neg)
        mpz_neg(mpq_numref(x), mpq_numref(x));
    mpq_canonicalize(x);
    return 1;
}

/* z = an edge magnitude moved by -2..2, or 1..3 random limbs, or a small number. */
static void qedge_random_mag(mpz_t z)
{
    uint64_t kind = qedge_next() % 8;
    if (kind < 5) {
        qedge_mag(z, qedge_next() % QEDGE_N);
        long delta = (long)(qedge_next() % 5) - 2;
        if (delta > 0)
            mpz_add_ui(z, z, (unsigned long)delta);
        else if (mpz_cmp_ui(z, (unsigned long)-delta) >= 0)
            mpz_sub_ui(z, z, (unsigned long)-delta);
    } else if (kind < 7) {
        int limbs = 1 + (int)(qedge_next() % 3);
        mpz_set_ui(z, 0);
        for (int i = 0; i < limbs; i++) {
            mpz_mul_2exp(z, z, 64);
            mpz_add_ui(z, z, qedge_next() >> (qedge_next() % 64));
        }
    } else {
        mpz_set_ui(z, qedge_next() % 13);
    }
}

/*
 * A random canonical rational near the edges: numerator and denominator from
 * qedge_random_mag, often both multiplied by a shared power of two or three
 * so that the gcds are large (a cross gcd of 2^63 is what broke q_mul).
 */
static void qedge_random_q(mpq_t x)
{
    qedge_random_mag(mpq_numref(x));
    do
        qedge_random_mag(mpq_denref(x));
    while (mpz_sgn(mpq_denref(x)) == 0);
    if (qedge_next() % 3 == 0) {
        /* num = 2^a * odd and den = 2^b: large powers of two on both sides. */
        mpz_mul_2exp(mpq_numref(x), mpq_numref(x), qedge_next() % 66);
        mpz_set_ui(mpq_denref(x), 1);
        mpz_mul_2exp(mpq_denref(x), mpq_denref(x), qedge_next() % 66);
    }
    if (qedge_next() & 1)
        mpz_neg(mpq_numref(x), mpq_numref(x));
    mpq_canonicalize(x);
}

/* Both canonical and equal means the same numerator and denominator: assert both. */
#define assert_q_identical(got, want) \
    do { \
        if (mpz_cmp(mpq_numref(got), mpq_numref(want)) != 0 || \
            mpz_cmp(mpq_denref(got), mpq_denref(want)) != 0) \
            gmp_fprintf(stderr, "got %Qd, want %Qd\n", got, want); \
        assert_int_equal(mpz_cmp(mpq_numref(got), mpq_numref(want)), 0); \
        assert_int_equal(mpz_cmp(mpq_denref(got), mpq_denref(want)), 0); \
    } while (0)

#endif
