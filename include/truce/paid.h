/*
 * paid.h - what was actually paid (`--paid FILE`), and the true-ups it implies.
 *
 * The paid file is the concatenation of earlier payouts.csv files.  When the
 * ledger changed after a month was paid (a late deal, a corrected amount),
 * the month's recomputed payout no longer matches what was paid; the run then
 * pays the difference:
 *
 *     payable(m) = round(E(m)) - paid(1) - ... - paid(m-1)
 *
 * where paid(j) is the paid file's figure when month j's payroll is in it,
 * and, for a month the file does not record, what the ledger computes now
 * (round(E(j)) - round(E(j-1))): without --paid, earlier months are assumed
 * paid as computed, and payable(m) is the ordinary round(E(m)) - round(E(m-1)).
 */
#ifndef TRUCE_PAID_H
#define TRUCE_PAID_H

#include <gmp.h>
#include "batch.h"
#include "diag.h"
#include "earn.h"
#include "plan.h"

typedef struct paid_history {
    int given;                                 /* a paid file was loaded */
    unsigned char recorded[EARN_MONTHS + 1];   /* month j of the plan year is in the file */
    size_t *base;                              /* per earnings slot: its first component's entry */
    size_t n;                                  /* entries: one per paid payee and component */
    mpz_t *amount;                             /* n * 13: paid in month j, minor units, at [e * 13 + j] */
    long *line;                                /* n * 13: the file line it came from (0: none) */
} paid_history;

/*
 * Reads the paid file at path: header period,payee_id,role,component_id,amount
 * (repeated headers, as concatenation leaves them, are skipped), periods
 * YYYY-MM, amounts in whole minor units of the plan's currency.  Only rows of
 * the plan year count; a row repeating another's period, payee, role and
 * component is an error.  Rows naming a payee, role or component this run
 * does not pay are ignored with one warning (rows of payees in another shard
 * silently).  Every problem is reported at file:line:col; 0 or -1.
 */
int paid_load(paid_history *h, const char *path, const plan *p, const batch *b,
              const earnings *e, int month, diag *d);

/* Paid for component k of earnings slot s in month j (1..12); see above. */
void paid_in_month(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int j);

/* Months 1..m of paid_in_month, summed (0 when m is 0). */
void paid_through(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int m);

/* payable(m) = R(m) - paid_through(m - 1): the amount of payouts.csv. */
void paid_payable(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int m);

void paid_free(paid_history *h);

#endif
