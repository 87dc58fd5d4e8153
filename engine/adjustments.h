/*
 * adjustments.h - manual corrections of a payee's pay: adjustments.csv.
 *
 * adjustments.csv (optional) has the columns
 * payee_id,period,component_id,amount,reason,approved_by.  payee_id must be
 * a payee; period a month, YYYY-MM; component_id an id; amount a signed
 * decimal (-?[0-9]+(\.[0-9]+)?, in the plan's currency), not zero; reason
 * and approved_by not empty.  An adjustment counts in its month and every
 * month after it.  Once the plan is known, adjustments_check checks the
 * rest: the payee's role is a role of the plan, component_id one of its
 * components, and the period in the plan year.
 */
#ifndef TRUCE_ADJUSTMENTS_H
#define TRUCE_ADJUSTMENTS_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "plan.h"

typedef struct adjustment {
    uint32_t payee;          /* payee index */
    int year, month;         /* of period; month 1..12 */
    const char *component_id, *reason, *approved_by;  /* point into the batch's adjustments.csv */
    mpq_t amount;            /* != 0, may be below zero */
    long line;               /* adjustments.csv line */
} adjustment;

/*
 * The adjustments of payee `payee`, by period (year, month), then row: *n of
 * them, or NULL and *n = 0 when it has none (or adjustments.csv was not
 * given).  Read-only: any thread may ask.
 */
const adjustment *batch_adjustments(const batch *b, uint32_t payee, size_t *n);

/*
 * Checks the adjustments against the plan, in file order: the payee's
 * roster role must be a role of p (error at the payee_id cell), component_id
 * a component of that role (at the component_id cell), and the period in
 * p's year (at the period cell).  0, or -1 with every problem reported to d.
 * Nothing to check (0) when adjustments.csv was not given.
 */
int adjustments_check(const batch *b, const plan *p, diag *d);

/*
 * Loads b->adjustments_csv, once its table is read: every row checked,
 * every problem reported to d; the valid rows into b->adjustments, grouped
 * by payee.  0, or -1 (b->adjustments stays NULL when a column is missing).
 */
int adjustments_load(batch *b, diag *d);
/* Frees what adjustments_load built; b->adjustments is NULL after. */
void adjustments_free(batch *b);

#endif
