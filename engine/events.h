/*
 * events.h - what happened to a deal after it closed: events.csv.
 *
 * events.csv (optional) has the columns deal_id,date,kind,amount.  kind is
 * `cancel` (amount empty: the deal is cancelled, whatever is left of it) or
 * `refund` (amount a decimal above zero, in the deal's own currency).
 * deal_id must be a deal, date a YYYY-MM-DD on or after the deal's
 * close_date.  A deal's events are taken in date order, then row order: the
 * refunds may not add up to more than the deal's amount as written in
 * deals.csv, and nothing may follow a cancel.
 *
 * fraction is the part of the deal the event takes: amount / the deal's
 * amount as written (both in the deal's currency, before any fx.csv
 * conversion).  A cancel's amount is what was left (the amount less the
 * refunds before it) and its fraction left / amount; a cancel of a deal of
 * amount 0 has amount 0 and fraction 1.  A deal of amount 0 can have no
 * refund (nothing is left of it).
 */
#ifndef TRUCE_EVENTS_H
#define TRUCE_EVENTS_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"

typedef struct deal_event {
    uint32_t deal;           /* deal index */
    day_t date;
    int cancel;              /* 1: a cancel, 0: a refund */
    mpq_t amount;            /* > 0 for a refund; a cancel: what was left (>= 0) */
    mpq_t fraction;          /* amount / the deal's amount as written; in (0, 1] for a refund */
    long line;               /* events.csv line */
} deal_event;

/*
 * The events of deal `deal`, by date, then row: *n of them, or NULL and
 * *n = 0 when it has none (or events.csv was not given).  Read-only: any
 * thread may ask.
 */
const deal_event *batch_events(const batch *b, uint32_t deal, size_t *n);

/*
 * Loads b->events_csv, once its table is read: every row checked, then
 * each deal whose rows are all valid walked, every problem reported to d in
 * file order; the events kept into b->events, grouped by deal.  0, or -1
 * (b->events stays NULL when a column is missing).
 */
int events_load(batch *b, diag *d);
/* Frees what events_load built; b->events is NULL after. */
void events_free(batch *b);

#endif
