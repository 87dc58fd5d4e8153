/*
 * shardrun.h - the two phases of a sharded run (docs/scale.md), each of
 * which a scheduler runs as an array of N tasks.
 *
 * Phase 1, task K of N, credits deal shard K: the deals whose deal_id
 * hashes to K (dealrows.h), with their touches, team splits, events and
 * payments; the roster, campaigns, territories and fx are read whole.  It
 * writes, for each payee shard J, what J needs of those deals (parts.h):
 * the deals' records, their credit lines of J's payees, their events and
 * payments, and the scoreboard's tallies (shardscore.h).
 *
 * Phase 2, payee shard J of N, is truce.c's pipeline with three hooks
 * (run_options.parts): its batch's deals, events and payments are the
 * partitions' records for J, in file order (shard_load_batch), each deal's
 * credit lines are read from them instead of credited (shard_deal_lines),
 * and the scoreboard is written as J's part for merge to add up
 * (shard_write_scoreboard).  Its output is a shard's output, as
 * `truce run --shard J/N` writes it, and `truce merge` joins them into the
 * unsharded run's bytes.
 */
#ifndef TRUCE_SHARDRUN_H
#define TRUCE_SHARDRUN_H

#include <signal.h>
#include "batch.h"
#include "credit.h"
#include "date.h"
#include "diag.h"
#include "load.h"
#include "parts.h"
#include "record.h"

struct run_options;
struct run_state;
struct outdir;

/* ---- phase 1 ------------------------------------------------------------------------- */

typedef struct credit_shard credit_shard;

/*
 * Loads and checks deal shard o->shard.k of o->shard.n of the batch, and
 * credits its deals into partitions for the payee shards; o->month_last is
 * the scoreboard's month.  *out is set whatever happens (free it with
 * credit_shard_free).  0, or -1 when anything was an error (reported).
 */
int credit_shard_run(credit_shard **out, const batch_paths *paths, const struct run_options *o,
                     diag *d);
/* The deals of the shard (read), and of them those in the plan year (credited). */
size_t credit_shard_deals(const credit_shard *cs, int in_scope);
/* The plan (after a successful credit_shard_run), for its year. */
const plan *credit_shard_plan(const credit_shard *cs);
/* Writes the partitions into out (parts.h), atomically like run_write.  0 or -1 (reported). */
int credit_shard_write(const credit_shard *cs, const period *per, const char *out, int force,
                       const volatile sig_atomic_t *cancel, diag *d);
void credit_shard_free(credit_shard *cs);

/* ---- phase 2: truce.c's hooks -------------------------------------------------------- */

/* The batch of payee shard p->j: the files it reads whole, and the partitions' records. */
int shard_load_batch(batch *b, const batch_paths *paths, const parts *p, int jobs, diag *d);
/* Deal di's credit lines of the shard, into lines (replacing them); the split it used. */
long shard_deal_lines(const parts *p, credits *lines, uint32_t di);
/* scoreboard-part.csv: the shard's part of the scoreboard of `month`. */
int shard_write_scoreboard(struct outdir *o, const struct run_state *r, int month, diag *d);
/* The run's record of its inputs: the sizes and hashes phase 1 recorded. */
void shard_fill_record(const parts *p, run_record *rec);

#endif
