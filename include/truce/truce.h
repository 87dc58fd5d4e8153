/*
 * truce.h - libtruce, the whole engine behind one header.
 *
 * A run flows one way: load (plan, batch) -> validate -> credit -> earn ->
 * round -> write.  truce_compute does everything up to the figures;
 * truce_write turns one month of them into an output directory.  The CLI is
 * a thin client of exactly these functions.
 */
#ifndef TRUCE_TRUCE_H
#define TRUCE_TRUCE_H

#include <signal.h>

#include "batch.h"
#include "credit.h"
#include "diag.h"
#include "earn.h"
#include "plan.h"

#define TRUCE_VERSION "0.2.0"

typedef struct truce_options {
    int month;           /* 1..12: keep this month's credit lines for the reports; 0: none (check) */
    int jobs;            /* threads for crediting and earning; 0: one per online core */
    shard shard;         /* which payees to compute ({0, 0}: all) */
} truce_options;

typedef struct truce_run {
    plan *plan;          /* NULL until loaded */
    batch batch;
    int32_t *deal_split; /* per deal: index of the split used; -1 out of scope, no split, or error */
    credits month_lines; /* the credit lines of the deals closing in options.month, in deal order */
    earnings earnings;
    size_t in_scope, out_of_scope, unmatched;
    int prepared, credited;
    int jobs;            /* threads resolved from options.jobs, reused for writing */
    shard shard;
    /* Set by the caller (the CLI's signal handler): writing stops and removes
       what it wrote when *cancel becomes non-zero.  NULL: never. */
    const volatile sig_atomic_t *cancel;
    /* Wall-clock seconds of each stage, for `--timings` and the benchmarks;
       never part of any output file. */
    double t_read, t_credit, t_earn, t_write;
} truce_run;

/*
 * Loads the plan and the batch, checks them, credits every in-scope deal and
 * computes every paid payee's earnings for the plan year.  Every problem found
 * is reported to d; returns 0 when there was no error, else -1.  Free r with
 * truce_run_free in both cases.  The figures are the same for every jobs.
 */
int truce_compute(truce_run *r, const batch_paths *paths, const truce_options *o, diag *d);

/*
 * Writes payouts.csv, credits.csv and statements/ for `month` (the month
 * given to truce_compute) into `out`, atomically: out must be free (absent or
 * empty) unless force.  0 or -1 (reported; nothing is left behind).
 */
int truce_write(truce_run *r, int month, const char *out, int force, diag *d);

/* In a sharded run's output: "K/N" and a newline.  Not written by unsharded runs. */
#define TRUCE_SHARD_FILE "SHARD"

/*
 * Joins the output directories of the N shards of one run (each written with
 * --shard K/N) into `out`, byte for byte what the unsharded run writes:
 * payouts.csv and credits.csv rows are merged in the contract's order, and the
 * statements are gathered.  Every shard 0..N-1 must be given exactly once,
 * all for the same period.  Atomic like truce_write.  0 or -1 (reported).
 */
int truce_merge(const char *out, const char *const *dirs, size_t ndirs, int force,
                const volatile sig_atomic_t *cancel, diag *d);

/* Is `path` absent or an empty directory, so that a run may write there without --force? */
int truce_out_is_free(const char *path);

void truce_run_free(truce_run *r);

#endif
