/*
 * qacc.h - an exact running sum of small fractions over one common
 * denominator, in machine words.
 *
 * The scoreboard adds, per campaign and per (campaign, payee), terms such
 * as an attribution weight times a credit: fractions whose denominators are
 * few and small (cents, shares, 1/n of a model), but which vary from deal to
 * deal.  A qacc keeps the sum as num / den, den the least common multiple of
 * the denominators added so far, num in 128 bits; it is never reduced, so an
 * addition is a gcd of two words and a few multiplications.  A term that
 * would take den past 64 bits or num past 127 is refused, and the caller
 * keeps it elsewhere (an mpq, a qtree): the value of the qacc plus what was
 * kept elsewhere is exactly the sum of the terms.
 */
#ifndef TRUCE_QACC_H
#define TRUCE_QACC_H

#include <gmp.h>
#include <stdint.h>

typedef struct qacc {
    __int128 num;
    uint64_t den;   /* >= 1 */
} qacc;

#define QACC_ZERO ((qacc){0, 1})

/*
 * (*num / *den) += n / d, exactly; d >= 1, n/d in any terms (not
 * necessarily lowest).  0, or -1 when the sum would not fit (its
 * denominator 2^64 or more, or its numerator's magnitude 2^127 or more):
 * then *num and *den are unchanged.  The fields are passed apart so that a
 * caller may pack them in its own structure.
 */
int qacc_add_parts(__int128 *num, uint64_t *den, __int128 n, uint64_t d);

static inline int qacc_add(qacc *a, __int128 n, uint64_t d)
{
    return qacc_add_parts(&a->num, &a->den, n, d);
}

/* a += x, when x fits (|num| < 2^63, den < 2^64: q_small) and the sum does; else -1, a unchanged. */
int qacc_add_q(qacc *a, const mpq_t x);

/* out = num / den (den >= 1), canonical. */
void qacc_value_parts(mpq_t out, __int128 num, uint64_t den);

static inline void qacc_value(mpq_t out, const qacc *a)
{
    qacc_value_parts(out, a->num, a->den);
}

/* z = v, for any 128-bit v. */
void qacc_mpz_set_i128(mpz_t z, __int128 v);

#endif
