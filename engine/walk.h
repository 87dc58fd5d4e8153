/*
 * walk.h - a commission's earnings deal by deal, for the pay mechanics that
 * need every line: rate tables, per-deal caps and floors, gates, clawbacks
 * and holds.
 *
 * A plain commission's earnings depend only on the running total (earn.c's
 * closed forms).  Once a rate depends on the deal, a deal's earnings are
 * clamped, or a deal's earnings are clawed back or held until it is paid,
 * the walk of contract 3.3 is done line by line, and each deal's part of
 * E(m) is kept: net(d, m) = gate(m) x clamp(raw(d, m)) x (1 - F(d, m)),
 * where raw is what its lines earned walking the tiers, F the fraction of
 * the deal reversed at the original rate.  E(m) is the sum over the deals;
 * released(m) sums each deal's net times the share of it paid by then.
 */
#ifndef TRUCE_WALK_H
#define TRUCE_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "plan.h"
#include "walkkept.h"

/* Does commission k need the line walk (rate tables, deal cap/floor, gate, clawback, holds)? */
int walk_needed(const component *k);

/* What the walk tells beyond E: counts of events it ignored, for one summary warning each. */
typedef struct walk_notes {
    size_t after_year;     /* events dated after the plan year */
    size_t outside_window; /* events later than the clawback policy's within-days */
    size_t no_policy;      /* events on a commission without a clawback policy */
} walk_notes;

/* What the walk reads: one commission of one payee, month by month. */
typedef struct walk_input {
    const component *month[13];   /* [1..12]: the commission as the version in force has it */
    mpq_t *const *limits;         /* [13]: its absolute tier limits in force in month m */
    mpq_t const *quota;           /* [13]: the window quota of month m (for % gates) */
    const batch *b;
    int year;                     /* the plan year */
} walk_input;

/* Where the walk writes, months 1..12 (initialised by the caller). */
typedef struct walk_output {
    mpq_t *E;                     /* net earned, capped */
    mpq_t *W;                     /* the window's credit at the end of each month */
    mpq_t *clawback, *released;   /* the clawback (<= 0) and released series */
    walk_lines **reversals;       /* the recalculate policy's negative lines, in statement
                                     order, allocated when there are any (NULL otherwise) */
} walk_output;

/* The walk's working memory, reused from payee to payee (one per thread). */
typedef struct walk_scratch walk_scratch;

walk_scratch *walk_scratch_new(const batch *b);
void walk_scratch_free(walk_scratch *ws);

/*
 * Walks the commission's credit lines (any order; with the reversal lines of
 * its events, sorted in statement order in ws) and fills out; counts in
 * notes the events it did not act on.
 */
void walk_commission(walk_scratch *ws, const walk_input *in, const walk_kept *lines,
                     const walk_output *out, walk_notes *notes);

#endif
