/*
 * qfast.h - exact rational arithmetic with a machine-word fast path.
 *
 * Most figures in a batch are small fractions (cents times a share times a
 * weight), and GMP's general mpq routines spend most of their time on
 * allocation and multi-limb gcds they do not need.  These functions give
 * exactly the canonical result mpq_mul / mpq_add / mpq_div / mpq_canonicalize
 * would (tests/unit/test_qfast.c and fuzz/fuzz_qarith.c check it), using
 * 64/128-bit integers when the operands fit and GMP otherwise.
 */
#ifndef TRUCE_QFAST_H
#define TRUCE_QFAST_H

#include <gmp.h>
#include <stdint.h>

/* The fast path reads numerators as long and denominators as unsigned long. */
_Static_assert(sizeof(long) == sizeof(int64_t), "qfast needs a 64-bit long (LP64)");

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
 * it.  -2^63 is refused so that -n and |n| are always int64_t values.
 */
static inline int q_small(const mpq_t x, int64_t *n, uint64_t *d)
{
    if (!mpz_fits_slong_p(mpq_numref(x)) || !mpz_fits_ulong_p(mpq_denref(x)))
        return 0;
    long v = mpz_get_si(mpq_numref(x));
    if (v == INT64_MIN)
        return 0;
    *n = v;
    *d = mpz_get_ui(mpq_denref(x));
    return 1;
}

/* gcd(a, b); gcd(0, b) = b. */
uint64_t q_gcd(uint64_t a, uint64_t b);

#endif
