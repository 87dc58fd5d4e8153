/*
 * qdot.h - a sum of products of rationals, rounded to an integer exactly,
 * without building the exact sum.
 *
 * The scoreboard's closer commission of a campaign is the sum, over payees,
 * of a payee's commission rate E/C times the campaign's share of its credit.
 * The rates' denominators are the payees' credit totals, all different and
 * large, so the exact sum has a denominator of thousands of digits: costly to
 * build, only to be rounded to cents.  A qdot instead splits each term t into
 * floor(t), added exactly, and its fraction, added in 64-bit fixed point
 * rounded down (with a count of the fractions that were not exact).  The
 * exact sum then lies in a known interval narrower than 2^-64 per term; when
 * no point where the rounding could change (an integer, or a half for the
 * half modes) lies inside it, the rounded value is decided, and it is the
 * value money_round would give the exact sum.  Otherwise (ties, or sums that
 * land within that hair of a half) qdot_round says so and the caller sums
 * exactly.
 */
#ifndef TRUCE_QDOT_H
#define TRUCE_QDOT_H

#include <gmp.h>
#include <stdint.h>
#include "money.h"

typedef struct qdot {
    __int128 whole;            /* sum of floor(term) */
    unsigned __int128 frac;    /* sum of floor(frac(term) * 2^64) */
    uint64_t inexact;          /* terms whose fraction * 2^64 was not an integer */
    int overflow;              /* whole left 128 bits: the sum is not decided here */
} qdot;

#define QDOT_ZERO ((qdot){0, 0, 0, 0})

/* A factor r = num / den (den > 0), with its machine-word form when it has one. */
typedef struct qdot_factor {
    mpq_t q;                   /* canonical */
    int small;                 /* num and den fit: |num| < 2^63, den < 2^64 */
    int64_t num;
    uint64_t den;
} qdot_factor;

void qdot_factor_init(qdot_factor *f);
/* f = x (canonical). */
void qdot_factor_set(qdot_factor *f, const mpq_t x);
void qdot_factor_clear(qdot_factor *f);

/* Scratch integers for the terms that do not fit machine words (one per thread). */
typedef struct qdot_scratch {
    mpz_t n, d, q, r;
} qdot_scratch;

void qdot_scratch_init(qdot_scratch *s);
void qdot_scratch_clear(qdot_scratch *s);

/* s += f * n / d, d >= 1 (n/d in any terms). */
void qdot_add(qdot *s, const qdot_factor *f, __int128 n, uint64_t d, qdot_scratch *z);
/* s += f * x, x any rational (canonical). */
void qdot_add_q(qdot *s, const qdot_factor *f, const mpq_t x, qdot_scratch *z);
/* into += from: the terms of both. */
void qdot_merge(qdot *into, const qdot *from);

/*
 * The sum rounded to an integer by mode, as money_round(out, sum, 0, mode)
 * would: 0 and out set when decided, -1 (out untouched) when the sum lies
 * too near a rounding point or overflowed, and must be summed exactly.
 */
int qdot_round(const qdot *s, round_mode mode, mpz_t out);

#endif
