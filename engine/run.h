/*
 * run.h - the pipeline of one run: load, validate, credit, earn, pay, and
 * write one period of it.
 *
 * A run flows one way: load (plan, batch) -> validate -> credit -> earn ->
 * pay -> write.  run_compute does everything up to the figures; run_write
 * turns one period of them (a month, quarter, half-year or the year:
 * date.h) into an output directory.  This is the engine's own interface:
 * programs embedding Truce use include/truce/truce.h (api.c), whose handle
 * wraps a run_state, and the reports (report.h, explain.h, plandiff.h,
 * verify.h) read a run_state's figures.
 *
 * Conventions:
 * - Problems go to a `diag` (diag.h) as located entries "file:line:col:
 *   message", never to stdout or stderr; a function reports every problem it
 *   finds, then returns -1 (or NULL).  Allocation failure aborts the process
 *   (GMP's allocator does the same), so there is no out-of-memory return.
 * - Strings and buffers passed in are borrowed for the call only; what a
 *   run_state holds it owns, and run_free releases all of it.
 * - The engine keeps no mutable state of its own, so separate run_states
 *   may be used from separate threads.
 */
#ifndef TRUCE_RUN_H
#define TRUCE_RUN_H

#include <signal.h>

#include "truce/truce.h"  /* TRUCE_VERSION */
#include "batch.h"
#include "load.h"      /* the batch's files: batch_paths, batch_sources */
#include "books.h"     /* --books: closed periods, and the true-ups they feed */
#include "credit.h"
#include "diag.h"
#include "earn.h"
#include "paid.h"      /* --paid: what earlier months paid, and the true-ups */
#include "plan.h"
#include "planset.h"   /* plan versions: --plan repeated, or plans/ */
#include "progress.h"  /* stage counters for a progress display */
#include "record.h"    /* the run's record for manifest.xml (manifest.h) */
#include "scoreacc.h"  /* the scoreboard's sums, gathered while crediting */

/* What run_compute is asked for (use designated initializers: fields are added over time).
   All zero validates only, like `truce check`. */
typedef struct run_options {
    int month;           /* 1..12: keep this month's credit lines for the reports; 0: none (check) */
    int month_last;      /* last month of the reported period (>= month); 0: the same as month */
    int jobs;            /* threads for crediting and earning; 0: one per online core */
    shard shard;         /* which payees to compute ({0, 0}: all) */
    const char *paid;    /* --paid FILE: earlier payouts.csv files, for true-ups (NULL: none) */
    const char *books;   /* --books DIR: the closed periods (books.h), for true-ups (NULL: none);
                            with paid too, the rows of both count (a month paid in both is an
                            error) */
    const char *const *command;  /* the command manifest.xml records (copied; NULL: none) */
    size_t ncommand;
    progress_counters *progress;    /* counters for a progress display (NULL: none); borrowed
                                    until run_free */
    const struct parts *parts;   /* phase 2 of a two-phase sharded run (shardrun.h): the deals,
                                    events and payments are these partitions' and their lines are
                                    read, not credited; the inputs are not hashed (phase 1 did).
                                    Borrowed until run_free.  NULL: a run of its own */
} run_options;

/* Which statements run_write writes (--statements): both files per payee unless asked. */
typedef enum statement_kinds {
    STATEMENTS_ALL = 0,  /* ID.txt and ID.html */
    STATEMENTS_TEXT,     /* ID.txt only */
    STATEMENTS_HTML,     /* ID.html only */
    STATEMENTS_NONE      /* an empty statements/ */
} statement_kinds;

/*
 * Everything one computation produced, owned by the run and read-only for
 * callers: the plan, the typed batch (payees, deals, ...), and the earnings.
 * earnings.v[s] is a paid payee (batch.payees[earnings.v[s].payee]), sorted
 * by payee_id; its comp[k] follows the components of its role in plan order,
 * with exact cumulative earnings E[m] and their rounding R[m] in minor units
 * for months m = 0..12 (see earn.h).  Valid after run_compute returned 0.
 */
typedef struct run_state {
    plan_set plans;      /* the plan's versions (one for a plain plan), ordered by date */
    plan *plan;          /* plans.v[0]: id, year, currency, rounding and roles, which every
                            version shares; NULL until loaded */
    batch batch;
    int32_t *deal_split; /* per deal: index of the split used (in the deal's plan version);
                            -1 out of scope, no split, or error */
    credits month_lines; /* the credit lines of the deals closing in months options.month ..
                            month_last (the reported period), in deal order */
    int month, month_last;  /* those months (0, 0: none kept) */
    earnings earnings;
    scoreacc scoreboard; /* what scoreboard.csv needs of the deals, through month_last (none in
                            check, nor in shards other than 0) */
    size_t in_scope, out_of_scope, unmatched;
    int prepared, credited;
    int jobs;            /* threads resolved from options.jobs, reused for writing */
    shard shard;
    /* Set by the caller (the CLI's signal handler): writing stops and removes
       what it wrote when *cancel becomes non-zero.  NULL: never. */
    const volatile sig_atomic_t *cancel;
    statement_kinds statements;  /* set by the caller before run_write (0: all); manifest.xml
                                    records any other choice */
    /* Wall-clock seconds of each stage, for `--timings` and the benchmarks;
       never part of any output file. */
    double t_read, t_credit, t_earn, t_write;
    paid_history paid;   /* options.paid and the books' closed periods, filed by earnings slot
                            (paid.given 0: none) */
    books books;         /* options.books as read */
    size_t *closed;      /* indices in books of the closed periods trued up against */
    size_t nclosed;
    run_record record;   /* command and inputs (hashed) for manifest.xml */
    progress_counters *progress;
    const struct parts *parts;  /* options.parts */
} run_state;

/*
 * Loads the plan and the batch from the files `paths` names (touches and
 * campaigns may be NULL: absent), checks them, credits every in-scope deal
 * and computes every paid payee's earnings for the whole plan year.
 *
 * r: uninitialised storage; it is filled whatever happens and must be freed
 * with run_free, also after a failure.  paths, o: borrowed for the call.
 * Returns 0, or -1 when anything was reported as an error to d: an unreadable
 * or invalid file (CSV syntax, a bad value, a dangling reference, a plan that
 * is not valid), a `when` that cannot be evaluated on an in-scope deal, a %
 * tier limit for a payee without quota.  Warnings (deals out of scope, no
 * split matched, payees whose role is not in the plan) do not fail it.
 * Diagnostics name the files as given in paths.  The figures are the same
 * for every o->jobs and, for a payee, every o->shard that includes it.
 */
int run_compute(run_state *r, const batch_paths *paths, const run_options *o, diag *d);

/*
 * run_compute on a batch held in memory: each file of src is a buffer with
 * the name diagnostics give it (batch.h); touches.data and campaigns.data may
 * be NULL.  The buffers are borrowed for the call only (what the run keeps
 * is copied).  Same results, errors and ownership as run_compute.
 */
int run_compute_sources(run_state *r, const batch_sources *src, const run_options *o,
                          diag *d);

/*
 * The payout of months first..last (1 <= first <= last <= 12) for paid payee
 * r->earnings.v[slot] and the component at index `comp` of its role, in
 * minor units of the plan's currency: round(E(last)) - round(E(first - 1)),
 * contract 3.4 (so a quarter is exactly the sum of its three months, and the
 * year is round(E(12))); with a paid history (options.paid), round(E(last))
 * minus what was paid through month first - 1 (paid.h), the amount
 * payouts.csv shows.  out must be initialised (mpz_init); format it with
 * money_format_minor(sb, out, r->plan->minor_unit).  Any months may be asked
 * for, whatever options.month was.  Only after run_compute returned 0; the
 * indices must be in range (slot < r->earnings.n, comp <
 * r->earnings.v[slot].role->ncomponents): nothing is checked.
 */
void run_payout_period(mpz_t out, const run_state *r, size_t slot, size_t comp, int first,
                         int last);
/* One month's payout: run_payout_period(out, r, slot, comp, month, month). */
void run_payout(mpz_t out, const run_state *r, size_t slot, size_t comp, int month);

/*
 * Writes payouts.csv, credits.csv, payroll.csv, scoreboard.csv (unsharded
 * runs and shard 0 only: it is per campaign), statements/ and, last,
 * manifest.xml (listing every other file with its SHA-256) for the period
 * `per` (date.h: its year the plan's, its months within the o->month ..
 * o->month_last given to run_compute, else an error) into the directory
 * `out`, atomically:
 * everything is written into a temporary directory beside out, flushed, and
 * renamed into place.  out must be free (absent or empty) unless force, which
 * replaces it.  r must come from a successful run_compute; r->cancel, when
 * set, stops the writing once it becomes non-zero.  Returns 0, or -1 after
 * reporting (out not free, a file that cannot be written, cancelled): out is
 * then as it was, and nothing is left behind.
 */
int run_write(run_state *r, const period *per, const char *out, int force, diag *d);

/* run_write's files, into an outdir already begun (outdir.h; a sink for verify); no commit. */
struct outdir;
int run_write_outdir(run_state *r, const period *per, struct outdir *o, diag *d);

/* In a sharded run's output: "K/N" and a newline.  Not written by unsharded runs. */
#define TRUCE_SHARD_FILE "SHARD"

/* The plan version in force on deal di's close date (r->plan when there is one version). */
const plan *run_deal_plan(const run_state *r, uint32_t di);

/* Frees everything r holds, whatever stage run_compute reached; r may then be reused. */
void run_free(run_state *r);

#endif
