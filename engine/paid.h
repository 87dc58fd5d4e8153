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
 *
 * A row may be for any period of the plan year (2027-03, 2027-Q1, 2027-H1,
 * 2027: date.h): its amount counts as paid in the period's last month, and
 * every month of the period is recorded.  The payable amount of a period
 * [first, last] is round(E(last)) - paid(1) - ... - paid(first-1).
 *
 * The history may come from several tables: a --paid file, and the
 * payouts.csv of each period closed in the books (books.h).  Rows of all of
 * them are filed together, so a month paid in two of them is an error.
 */
#ifndef TRUCE_PAID_H
#define TRUCE_PAID_H

#include <gmp.h>
#include "batch.h"
#include "date.h"
#include "diag.h"
#include "earn.h"
#include "plan.h"

typedef struct paid_history {
    int given;                                 /* a paid table was loaded */
    unsigned char recorded[EARN_MONTHS + 1];   /* month j of the plan year is in a row the run
                                                  takes (see paid_add) */
    size_t *base;                              /* per earnings slot: its first component's entry */
    size_t n;                                  /* entries: one per paid payee and component */
    mpz_t *amount;                             /* n * 13: paid by the row ending in month j, minor
                                                  units, at [e * 13 + j] */
    long *line;                                /* n * 13: the line of the row covering month j (0: none) */
    unsigned char *file;                       /* n * 13: that row's table, an index into files */
    unsigned char *first, *last;               /* n * 13: that row's first and last month (0: none) */
    char **files;                              /* the tables' names, in the order added */
    size_t nfiles;
    /* While tables are added: what rows are read against, and the rows no one takes. */
    const plan *p;
    const batch *b;
    const earnings *e;
    period per;
    size_t unmatched;
    long first_unmatched;
    size_t first_unmatched_file;
} paid_history;

/* Most tables one history takes (a --paid file and one closed period a month). */
#define PAID_MAX_TABLES 64

/* An empty history for the payees and components of e, for a run of period per (given 1). */
void paid_begin(paid_history *h, const plan *p, const batch *b, const earnings *e,
                const period *per);

/*
 * Files the rows of one paid table, held in data[0..len) and called name in
 * messages: header period,payee_id,role,component_id,amount (repeated
 * headers, as concatenation leaves them, are skipped), periods YYYY-MM,
 * YYYY-Qn, YYYY-Hn or YYYY, amounts in whole minor units of the plan's
 * currency.  Only rows of the plan year count.  Errors: a row whose months
 * overlap those of another row (of any table added) for the same payee, role
 * and component ("paid twice" when the periods are equal); a row whose
 * months overlap the run's period without being exactly it (a row for the
 * run's own period is allowed and does not count, as the run pays R(last)
 * minus what was paid before it).  Rows naming a payee, role or component
 * this run does not pay are ignored (one warning for all, from paid_end)
 * and record no month: only a row the run takes (or a row of a payee another
 * shard pays) makes its months "recorded", where a payee without a row was
 * paid 0.  Every problem is reported at name:line:col; 0 or -1.
 */
int paid_add(paid_history *h, const char *data, size_t len, const char *name, diag *d);

/* paid_add on the file at path (named path in messages). */
int paid_add_file(paid_history *h, const char *path, diag *d);

/* The tables are all in: one warning for the rows no one took. */
void paid_end(paid_history *h, diag *d);

/* paid_begin, paid_add_file(path), paid_end: a --paid file alone.  0 or -1. */
int paid_load(paid_history *h, const char *path, const plan *p, const batch *b,
              const earnings *e, const period *per, diag *d);

/* Paid for component k of earnings slot s in month j (1..12): a row's amount counts in
   the last month of its period (a month inside a longer row's period: 0); see above. */
void paid_in_month(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int j);

/* The last month of the paid row of slot s, component k covering month j; 0 when none. */
int paid_row_last(const paid_history *h, size_t s, size_t k, int j);

/* Months 1..m of paid_in_month, summed (0 when m is 0). */
void paid_through(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int m);

/* payable(m) = R(m) - paid_through(m - 1): the amount of payouts.csv. */
void paid_payable(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int m);
/* A period's payable amount: R(last) - paid_through(first - 1). */
void paid_payable_period(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k,
                         int first, int last);

void paid_free(paid_history *h);

#endif
