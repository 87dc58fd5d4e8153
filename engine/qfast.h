/*
 * qfast.h - exact rational arithmetic with a machine-word fast path.
 *
 * Most figures in a batch are small fractions (cents times a share times a
 * weight), and GMP's general mpq routines spend most of their time on
 * allocation and multi-limb gcds they do not need.  These functions give
 * exactly the canonical result mpq_mul / mpq_add / mpq_div / mpq_canonicalize
 * would (tests/unit/test_qfast.c and fuzz/fuzz_qarith.c check it), using
 * 64/128-bit integers when the operands fit and GMP otherwise.  The same
 * word arithmetic is offered on its own (qw), for code that keeps its values
 * in words and turns to mpq_t only when a result does not fit.
 */
#ifndef TRUCE_QFAST_H
#define TRUCE_QFAST_H

#include <gmp.h>
#include <stdint.h>

/* The fast path reads numerators as long and denominators as unsigned long. */
_Static_assert(sizeof(long) == sizeof(int64_t), "qfast needs a 64-bit long (LP64)");
_Static_assert(GMP_NUMB_BITS == 64, "q_small reads a 64-bit limb");

/* out = a * b, canonical.  out may alias a or b. */
void q_mul(mpq_t out, const mpq_t a, const mpq_t b);
/* out = a + b, canonical.  out may alias a or b. */
void q_add(mpq_t out, const mpq_t a, const mpq_t b);
/* out = a / b (b not zero), canonical.  out may alias a or b. */
void q_div(mpq_t out, const mpq_t a, const mpq_t b);
/* out = n / d (d > 0; any n, INT64_MIN included), canonical. */
void q_set_frac(mpq_t out, int64_t n, uint64_t d);

/*
 * Does x fit the fast path: |num| < 2^63 and den < 2^64?  Then *n, *d receive
 * it.  -2^63 is refused so that -n and |n| are always int64_t values.  Read
 * through GMP's inline mpz_size and mpz_getlimbn (a limb is 64 bits), since
 * every fast operation asks this of each operand.
 */
static inline int q_small(const mpq_t x, int64_t *n, uint64_t *d)
{
    if (mpz_size(mpq_denref(x)) != 1 || mpz_size(mpq_numref(x)) > 1)
        return 0;
    uint64_t m = mpz_getlimbn(mpq_numref(x), 0);  /* 0 when the numerator is 0 */
    if (m > (uint64_t)INT64_MAX)
        return 0;
    *n = mpz_sgn(mpq_numref(x)) < 0 ? -(int64_t)m : (int64_t)m;
    *d = mpz_getlimbn(mpq_denref(x), 0);
    return 1;
}

/* gcd(a, b); gcd(0, b) = b. */
uint64_t q_gcd(uint64_t a, uint64_t b);

/*
 * A rational in machine words: canonical (gcd(|n|, d) = 1, d >= 1) with
 * |n| < 2^63, the values q_small accepts.  Crediting computes a deal's
 * lines in these and sets the mpq_t only at the end.  Each operation gives
 * exactly the canonical result of GMP's, or returns 0 (and leaves *out
 * alone) when that result does not fit a qw (qw_add also when the sum before
 * its last reduction passes 2^64); the caller then computes with mpq_t.
 */
typedef struct qw {
    int64_t n;
    uint64_t d;
} qw;

#define QW_ZERO ((qw){0, 1})
#define QW_ONE ((qw){1, 1})

/* *out = a * b. */
int qw_mul(qw *out, qw a, qw b);
/* *out = a + b. */
int qw_add(qw *out, qw a, qw b);
/* *out = a / b (b not zero). */
int qw_div(qw *out, qw a, qw b);
/* *out = n / d (d > 0, any n), canonical. */
int qw_frac(qw *out, int64_t n, uint64_t d);

/* x as a qw, when q_small accepts it. */
static inline int qw_from_q(qw *out, const mpq_t x)
{
    return q_small(x, &out->n, &out->d);
}

/* out = x. */
void qw_to_q(mpq_t out, qw x);

/* *out = a - b (-b.n is an int64_t, as |b.n| < 2^63). */
static inline int qw_sub(qw *out, qw a, qw b)
{
    return qw_add(out, a, (qw){-b.n, b.d});
}

/* The sign of a - b, always exact: each cross product is below 2^127 in magnitude. */
static inline int qw_cmp(qw a, qw b)
{
    __int128 x = (__int128)a.n * b.d, y = (__int128)b.n * a.d;
    return (x > y) - (x < y);
}

static inline int qw_sgn(qw a)
{
    return (a.n > 0) - (a.n < 0);
}

#endif
