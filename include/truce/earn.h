/*
 * earn.h - from credit lines to exact earnings, month by month
 * (contract section 3.3), and their cumulative rounding (section 3.4).
 *
 * For each payee whose role is in the plan, and each component of that role,
 * E(m) is computed exactly for every month m of the plan year, with
 * E(0) = 0; R(m) = round(E(m)) in minor units.  The payout of month m is
 * R(m) - R(m-1), so the months always add up to the rounded year.
 */
#ifndef TRUCE_EARN_H
#define TRUCE_EARN_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "credit.h"
#include "diag.h"
#include "plan.h"

#define EARN_MONTHS 12

typedef struct component_earnings {
    mpq_t E[EARN_MONTHS + 1];     /* exact cumulative earnings through month m */
    mpz_t R[EARN_MONTHS + 1];     /* E rounded to minor units */
    mpq_t *limits;                /* commission: absolute upper limit of each tier but the last */
    uint32_t *spif_deals;         /* spif: qualifying deals, in credit-line order */
    size_t nspif_deals;
} component_earnings;

typedef struct payee_earnings {
    uint32_t payee;               /* index in batch.payees */
    const role *role;
    size_t *lines;                /* indices in credits.lines, ordered by close_date, deal_id, closer
                                     before marketing, campaign_id */
    size_t nlines;
    mpq_t C[EARN_MONTHS + 1];     /* cumulative credit through month m */
    component_earnings *comp;     /* role->ncomponents */
} payee_earnings;

typedef struct earnings {
    payee_earnings *v;            /* payees whose role is in the plan, ordered by payee_id bytewise */
    size_t n;
} earnings;

/*
 * Computes every payee's earnings for the whole plan year.  Reports (and
 * returns -1 for) a missing or zero quota needed by % limits, and SPIF `when`
 * evaluation errors; warns about payees whose role is not in the plan.
 */
int earn_all(earnings *out, const plan *p, const batch *b, const credits *c, diag *d);
void earnings_free(earnings *e);

/* Month (1..12) of a day in the plan year. */
int earn_month(day_t day);

/*
 * F(x): what a credit total x earns under a commission's tiers, walking them
 * marginally from 0.  A line of credit c on top of a running total C earns
 * F(C + c) - F(C).  limits as in component_earnings.
 */
void tier_integral(mpq_t out, const component *k, mpq_t *const limits, const mpq_t x);

/* The part of [from, from + c] that lies in tier i (0 when none). */
void tier_overlap(mpq_t out, const component *k, mpq_t *const limits, size_t i,
                  const mpq_t from, const mpq_t c);

/* Retroactive: index of the first tier whose limit is >= total (the last if none). */
size_t tier_for_total(const component *k, mpq_t *const limits, const mpq_t total);

#endif
