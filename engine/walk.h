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

struct payee_earnings;
struct component_earnings;

/* One credit line of a payee, as crediting made it (earn_accumulate keeps them). */
typedef struct walk_line {
    uint32_t deal;
    int32_t campaign;
    uint8_t role;         /* credit_role */
    uint8_t reversal;     /* a clawback line of the recalculate policy (made by the walk) */
    uint32_t part;        /* the walk's index of the deal (set by the walk) */
    day_t date;           /* close date; a reversal: its event's date */
    mpq_t credit;
} walk_line;

typedef struct walk_lines {
    walk_line *v;
    size_t n, cap;
} walk_lines;

void walk_lines_init(walk_lines *w);
walk_line *walk_lines_push(walk_lines *w);
void walk_lines_free(walk_lines *w);

/* Does commission k need the line walk (rate tables, deal cap/floor, gate, clawback, holds)? */
int walk_needed(const component *k);

/* What the walk tells beyond E: counts of events it ignored, for one summary warning each. */
typedef struct walk_notes {
    size_t after_year;     /* events dated after the plan year */
    size_t outside_window; /* events later than the clawback policy's within-days */
    size_t no_policy;      /* events on a commission without a clawback policy */
} walk_notes;

/*
 * Earnings of commission ki of payee pe from its credit lines lines[0..n)
 * (any order; sorted here): fills ce->E (net earned), and ce->flows's
 * clawback and released series.  quota[m]: the window quota in month m
 * (for % gates).  year: the plan year.
 */
void walk_commission(struct component_earnings *ce, const struct payee_earnings *pe, size_t ki,
                     const batch *b, walk_lines *lines, mpq_t const quota[13], int year,
                     walk_notes *notes);

#endif
