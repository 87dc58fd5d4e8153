/*
 * merge.h - the outputs of the shards of one run, joined into what the
 * unsharded run writes (`truce merge`).
 */
#ifndef TRUCE_MERGE_H
#define TRUCE_MERGE_H

#include <signal.h>
#include <stddef.h>
#include "diag.h"

/*
 * Joins the output directories of the N shards of one run (each written with
 * --shard K/N) into `out`, byte for byte what the unsharded run writes:
 * payouts.csv, credits.csv and payroll.csv rows are merged in the contract's
 * order, the statements are gathered, and manifest.xml is the shards' common
 * record (they must agree on engine, command, period, plan and inputs) listing
 * the merged files.  Every shard 0..N-1 must be given exactly once,
 * all for the same period.  Atomic like run_write.  0 or -1 (reported).
 */
int merge_outputs(const char *out, const char *const *dirs, size_t ndirs, int force,
                  const volatile sig_atomic_t *cancel, diag *d);

#endif
