/*
 * payments.h - money received for a deal: payments.csv.
 *
 * payments.csv (optional) has the columns deal_id,date,amount: an amount
 * above zero received for the deal on that date, in the deal's own
 * currency.  deal_id must be a deal and date a YYYY-MM-DD (a payment may
 * come before the close_date: a deposit).  A deal's payments may add up to
 * more than its amount: the excess is ignored (the paid fraction stops at 1).
 */
#ifndef TRUCE_PAYMENTS_H
#define TRUCE_PAYMENTS_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "qfast.h"

/* A payment.  A batch may hold millions, so the amount takes two words when it is a qw
   (qfast.h), as nearly every amount of money is; payment_amount gives it as an mpq. */
typedef struct payment {
    day_t date;
    long line;               /* payments.csv line */
    qw amount;               /* > 0; amount.d == 0: not a qw, kept by the batch */
} payment;

/*
 * The payments of deal `deal`, by date, then row: *n of them, or NULL and
 * *n = 0 when it has none (or payments.csv was not given).
 */
const payment *batch_payments(const batch *b, uint32_t deal, size_t *n);

/* out = the amount of payment p (one of batch_payments'); out initialised. */
void payment_amount(const batch *b, const payment *p, mpq_t out);

/*
 * out = min(1, (the deal's payments dated on or before `through`) / the
 * deal's amount as written in deals.csv (before any fx.csv conversion));
 * a deal of amount 0: 1.  Without payments (or without payments.csv): 0.
 * out must be initialised.  Read-only: any thread may ask.
 */
void batch_paid_fraction(const batch *b, uint32_t deal, day_t through, mpq_t out);

/*
 * batch_paid_fraction at the end of month `first` and of each later month
 * (to 12) in which one of the deal's payments is dated, month m ending on
 * day month_end[m]: into share[m] for each month m of the mask returned (bit
 * m; bit `first` is always set; once the fraction reaches 1 no later month
 * is).  share[first..12] and paid (a scratch) must be initialised.
 */
unsigned batch_paid_months(const batch *b, uint32_t deal, const day_t *month_end, int first,
                           mpq_t *share, mpq_t paid);

/* 1 when payments.csv was given (even with no rows), else 0. */
int batch_has_payments(const batch *b);

/*
 * Loads b->payments_csv, once its table is read: every row checked,
 * every problem reported to d; the valid rows into b->payments, grouped by
 * deal.  0, or -1 (b->payments stays NULL when a column is missing).
 */
int payments_load(batch *b, diag *d);
/* Frees what payments_load built; b->payments is NULL after. */
void payments_free(batch *b);

#endif
