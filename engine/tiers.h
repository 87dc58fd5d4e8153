/*
 * tiers.h - a commission's tiers as arithmetic: what a running total earns,
 * what one line earns on top of it and its part in each tier, which tier a
 * total reaches, what a retroactive total earns, the rate a tier pays on a
 * deal, and the cap.
 *
 * One home for the formula, so that earning (earn.c), the line walk
 * (walk.c), statements (report.c), explain and diff cannot disagree about
 * it: a statement's "5000 x 8% = 400" is a part tier_line_parts hands out of
 * the sum the run earned.  Limits are the absolute upper bounds of every
 * tier but the last (a % limit already multiplied by its window quota:
 * tier_limits); the first tier starts at 0 and extends below it (a running
 * total lowered by a clawback).
 */
#ifndef TRUCE_TIERS_H
#define TRUCE_TIERS_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "plan.h"
#include "qfast.h"

/* The absolute limits of k's tiers for a window quota (NULL for a single tier); the caller
   clears and frees the k->ntiers - 1 of them. */
mpq_t *tier_limits(const component *k, const mpq_t quota);

/* The part of [from, from + c] that lies in tier i (0 when none), signed like c; the first tier
   takes what lies below 0. */
void tier_overlap(mpq_t out, const component *k, mpq_t *const limits, size_t i,
                  const mpq_t from, const mpq_t c);

/*
 * F(x): what a credit total x earns under k's tiers, walking them marginally
 * from 0 (below 0, x at the first tier's rate).  A line of credit c on top of
 * a running total C earns F(C + c) - F(C).
 */
void tier_integral(mpq_t out, const component *k, mpq_t *const limits, const mpq_t x);

/* Retroactive: index of the first tier whose limit is >= total (the last if none). */
size_t tier_for_total(const component *k, mpq_t *const limits, const mpq_t total);

/* Retroactive: what `credit` earns at the rate of the tier `total` reaches (a window's total
   and a version's part of its credit, or the total itself); returns that tier. */
size_t tier_retroactive(mpq_t out, const component *k, mpq_t *const limits, const mpq_t total,
                        const mpq_t credit);

/* What a total earns under commission k before any cap: retroactive, all of it at the rate of
   the tier it reaches; marginal, F(total). */
void tier_value(mpq_t out, const component *k, mpq_t *const limits, const mpq_t total);

/* Holds earnings v at k's cap, when k has one. */
void tier_cap(mpq_t v, const component *k);

/* The rate tier t pays on deal di: its own rate, or its rate table's row for the deal (NULL when
   no row matches and the table has no default: an error reported while accumulating). */
const mpq_t *tier_rate_for(const tier *t, const batch *b, uint32_t di);

/*
 * What credit c of deal di earns on top of running total W, walked through
 * k's tiers at their rates for the deal, counting only the part above
 * `floor` (a forward gate; NULL: none).
 */
void tier_line_earns(mpq_t out, const component *k, mpq_t *const limits, const mpq_t W,
                     const mpq_t c, const mpq_t *floor, const batch *b, uint32_t di);

/*
 * tier_line_earns for a line the caller has already added to its running
 * total (W_after = W + c, as in the line walk): a line that stays within one
 * tier (and above the floor) earns c at that tier's rate for the deal, the
 * same exact figure without walking every tier.
 */
void tier_line_earns_after(mpq_t out, const component *k, mpq_t *const limits, const mpq_t W,
                           const mpq_t W_after, const mpq_t c, const mpq_t *floor,
                           const batch *b, uint32_t di);

/* The limits as qw words (qfast.h), for the line walk's word arithmetic: 1 when every one is a
   qw (then out[i] for each of the k->ntiers - 1 limits), else 0. */
int tier_limits_words(const component *k, mpq_t *const limits, qw *out);

/* tier_line_earns_after's test in qw words: does [lo, hi] (lo <= hi) lie within one tier?
   Then 1 and that tier in *t (the line earns its credit at that tier's rate), else 0. */
int tier_holding_words(const component *k, const qw *limits, qw lo, qw hi, size_t *t);

/* One tier's share of a line, as tier_line_parts walks it. */
typedef struct tier_part {
    size_t tier;           /* index in k->tiers */
    mpq_srcptr credit;     /* the line's credit in the tier, signed like the line */
    const mpq_t *rate;     /* the tier's rate on the deal (tier_rate_for) */
    mpq_srcptr earned;     /* credit x rate */
} tier_part;

typedef void (*tier_part_fn)(void *ctx, const tier_part *p);

/* tier_line_earns, calling fn (when not NULL) for each tier the line touches and that has a
   rate on the deal, lowest first: the parts a statement shows, of the sum the run earns. */
void tier_line_parts(mpq_t out, const component *k, mpq_t *const limits, const mpq_t W,
                     const mpq_t c, const mpq_t *floor, const batch *b, uint32_t di,
                     tier_part_fn fn, void *ctx);

#endif
