/*
 * explain.h - `truce explain`: the derivation of a payout line, for a person.
 *
 * For one payee of a computed run (and optionally one deal or component), the
 * text says which split applied and why (the `when` that held, with the
 * values it read), how marketing credit was attributed (each touch, the
 * positions it held, its weight), the credit, the running total before and
 * after, each tier the credit fell in with its rate and exact amount, caps,
 * the cumulative figures with their rounding, and the payout.  Exact values
 * are fractions where they do not terminate, with rounded values beside them.
 * Deals are re-credited one at a time (credit.h, attribution.h): explaining
 * costs nothing to a run that does not ask for it.
 */
#ifndef TRUCE_EXPLAIN_H
#define TRUCE_EXPLAIN_H

#include "strbuf.h"
#include "run.h"

typedef struct explain_query {
    const char *payee;       /* payee_id (required) */
    const char *deal;        /* deal_id: only this deal's lines (NULL: every line of the month) */
    const char *component;   /* component id: only this component (NULL: all of the role's) */
} explain_query;

/*
 * Appends the explanation for q to out, for the period per (date.h) r was
 * computed for (r from a successful run_compute whose options.month ..
 * month_last cover per's months; per's year the plan's).  An unknown payee,
 * deal or component, a payee the plan does not pay, and a deal closing
 * outside the period are errors (reported; -1).  A deal that gives the payee
 * no credit is explained all the same, and the text says so.
 */
int explain_run(strbuf *out, const run_state *r, const period *per, const explain_query *q,
                  diag *d);

#endif
