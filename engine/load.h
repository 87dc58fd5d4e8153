/*
 * load.h - a whole batch: where its files are, and loading them.
 *
 * The four core files are loaded by batch.c, the roster's manager cycles
 * found by hierarchy.c, then each optional file that is given (splits,
 * territories, quotas, fx, events, payments, adjustments) by its own
 * module, in that order.  Every file is checked even when an earlier one
 * failed, so that one `truce check` reports every problem; references are
 * checked only against the files that loaded.  The plan's file is named
 * here too (batch_paths.plan, batch_sources.plan) but read by the run.
 */
#ifndef TRUCE_LOAD_H
#define TRUCE_LOAD_H

#include <stddef.h>
#include "batch.h"
#include "diag.h"
#include "planset.h"

/* Where the files are; NULL for an optional file that is absent. */
typedef struct batch_paths {
    const char *plan, *roster, *deals, *touches, *campaigns;
    const char *splits, *territories, *quotas, *fx;  /* optional (teamsplit.h, territory.h,
                                                        quotas.h, fx.h) */
    const char *events, *payments, *adjustments;  /* optional (events.h, payments.h,
                                                     adjustments.h) */
    const char *const *plans;  /* plan versions: when nplans > 0 the plan files are
                                  plans[0..nplans) (plan is then plans[0]), else plan */
    size_t nplans;
} batch_paths;

/*
 * A batch file held in memory instead of on disk: `name` is what diagnostics
 * call it, data[0..len) its bytes.  Borrowed: the caller keeps both alive
 * for the call only (loading copies what it keeps).  data NULL: the file is
 * absent (allowed for touches and campaigns only).
 */
typedef struct batch_source {
    const char *name;
    const char *data;
    size_t len;
} batch_source;

typedef struct batch_sources {
    batch_source plan, roster, deals, touches, campaigns;
    batch_source splits, territories, quotas, fx;  /* optional: data NULL when absent */
    batch_source events, payments, adjustments;    /* optional: data NULL when absent */
} batch_sources;

/*
 * Reads and validates roster, deals, touches and campaigns (not the plan),
 * and splits, territories, quotas, fx, events, payments and adjustments when
 * they are given,
 * with up to `jobs` threads (messages come out in the same order for any).
 * Reports every problem found to d and returns -1 if there was any error;
 * the batch must be freed with load_batch_free either way.
 */
int load_batch(batch *b, const batch_paths *paths, int jobs, diag *d);
/* The plan's versions named by paths (plans[0..nplans), else plan) into ps, and an error for
   each of plan, roster and deals not given: what a run and phase 1 of a sharded run both read
   first. */
void load_plans_given(plan_set *ps, const batch_paths *paths, diag *d);
/* load_batch from buffers: the same checks and messages, files named by src->*.name. */
int load_batch_sources(batch *b, const batch_sources *src, int jobs, diag *d);
/* Frees what load_batch or load_batch_sources built: the optional files', then batch_free. */
void load_batch_free(batch *b);

#endif
