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

#include "batch.h"
#include "credit.h"
#include "diag.h"
#include "earn.h"
#include "plan.h"

#define TRUCE_VERSION "0.1.0"

typedef struct truce_run {
    plan *plan;          /* NULL until loaded */
    batch batch;
    credits credits;
    earnings earnings;
    int credited, earned;
    /* Wall-clock seconds of each stage, for `--timings` and the benchmarks;
       never part of any output file. */
    double t_read, t_credit, t_earn, t_write;
} truce_run;

/*
 * Loads the plan and the batch, checks them, credits every in-scope deal and
 * computes every payee's earnings for the plan year.  Every problem found is
 * reported to d; returns 0 when there was no error, else -1.  Free r with
 * truce_run_free in both cases.
 */
int truce_compute(truce_run *r, const batch_paths *paths, diag *d);

/*
 * Writes payouts.csv, credits.csv and statements/ for `month` (1..12 of the
 * plan year) into `out`, atomically: out must be free (absent or empty)
 * unless force.  0 or -1 (reported; nothing is left behind).
 */
int truce_write(truce_run *r, int month, const char *out, int force, diag *d);

void truce_run_free(truce_run *r);

#endif
