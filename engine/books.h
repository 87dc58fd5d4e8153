/*
 * books.h - the books: every closed period's run output, kept whole, so
 * that a later run trues up against what was really paid without anyone
 * having to remember --paid.
 *
 * BOOKS is a directory.  BOOKS/PERIOD/ (PERIOD as a run names it: 2027-03,
 * 2027-Q1, 2027-H2, 2027) holds the output directory of the run that paid
 * that period, copied by `truce close` after every file was checked against
 * its manifest.xml, and never changed afterwards.  Any other entry of BOOKS
 * is left alone.  Closing takes a lock on BOOKS (flock of BOOKS/.truce-lock),
 * so two closes cannot interleave.
 *
 * The rules of a plan year's books (a plan year is one plan id): periods
 * are closed in order, without gaps and without overlaps, from any month (a
 * company may adopt Truce in the middle of a year); a run with --books takes
 * the paid history from the closed periods before it (their payouts.csv,
 * each checked against its manifest first), and refuses to run after a
 * month of the year that is not closed (a gap after the first closed month).
 */
#ifndef TRUCE_BOOKS_H
#define TRUCE_BOOKS_H

#include <stddef.h>
#include <stdint.h>
#include "date.h"
#include "diag.h"
#include "digest.h"
#include "manifest.h"
#include "paid.h"
#include "plan.h"

/* One closed period: BOOKS/PERIOD and its manifest. */
typedef struct closed_period {
    period per;
    char *dir;                             /* BOOKS/PERIOD */
    char *manifest_path;                   /* BOOKS/PERIOD/manifest.xml */
    uint64_t manifest_size;
    char manifest_sha256[DIGEST_HEX_SIZE]; /* of manifest.xml's bytes as read */
    manifest m;
} closed_period;

/* The closed periods of BOOKS, by year, then first month. */
typedef struct books {
    char *dir;
    closed_period *v;
    size_t n;
} books;

/*
 * Reads BOOKS: every entry whose name is a period and that holds a
 * manifest.xml (read strictly; a manifest that cannot be read is an error
 * naming it).  A BOOKS that does not exist is an error unless may_be_absent
 * (then it has no periods).  bk is initialised by the call; free it with
 * books_free either way.  0 or -1 (reported).
 */
int books_read(books *bk, const char *dir, int may_be_absent, diag *d);
void books_free(books *bk);

/*
 * Checks the directory dir against its manifest m: every listed output
 * there with its size and SHA-256, nothing else but manifest.xml.  Each
 * difference is reported naming the file (at most a few, then a count).
 * 0 or -1.
 */
int books_check_dir(const char *dir, const manifest *m, diag *d);

/*
 * The paid history of a run of plan p over period per from the books bk:
 * the closed periods of p's year that end before per starts, whose
 * payouts.csv (checked against its manifest: a changed byte is an error
 * naming the file) is added to h (paid.h).  Refused (-1, reported): a closed
 * period of the year with another plan id; a closed period that overlaps
 * per without being exactly it (one that is exactly per is a closed period
 * run again, and does not count); a month before per, after the year's
 * first closed month, that is not closed (a gap).  used[] receives the
 * indices in bk of the periods added (room for bk->n), *nused their count.
 */
int books_true_up(const books *bk, const plan *p, const period *per, paid_history *h,
                  size_t *used, size_t *nused, diag *d);

/* A closed period at a glance, for `truce books`. */
typedef struct books_totals {
    size_t payees;         /* distinct payee_id of its payouts.csv */
    char total[64];        /* the sum of its payouts.csv amounts, as money in its currency */
    int intact;            /* every file still as its manifest.xml lists it */
} books_totals;

/* The totals of closed period c (its payouts.csv read as stored), and whether it is intact
   (books_check_dir; the differences are reported to d).  0, or -1 (reported) when its
   payouts.csv cannot be read. */
int books_period_totals(const closed_period *c, books_totals *out, diag *d);

/* What closing a run added to the books. */
typedef struct books_closed {
    period per;
    char plan_id[128];
    char *dir;             /* BOOKS/PERIOD (owned: free it) */
    size_t files;          /* files stored, manifest.xml included */
    int untrued;           /* earlier closed periods of the year the run did not true up against */
} books_closed;

/*
 * `truce close`: checks run_dir against its manifest (books_check_dir), then,
 * under the lock of BOOKS (created if absent, one level), stores it
 * atomically as BOOKS/PERIOD.  Refused (-1, reported naming the period,
 * BOOKS unchanged): a sharded run's output (merge first), a period that
 * overlaps one already closed or comes before the year's last closed one, a
 * period after a month of the same plan year that is not closed (the
 * year's first close may start at any month), a run of another plan id
 * than the year's closed periods.  A run that did not true up against every
 * earlier closed period of its year (run without --books) is stored, and
 * out->untrued counts those periods (the CLI warns): the next run with
 * --books trues up what it missed.
 */
int books_close(const char *run_dir, const char *books_dir, books_closed *out, diag *d);

#endif
