/*
 * shardscore.h - scoreboard.csv in a two-phase sharded run (docs/scale.md):
 * its figures split between the phases, and added up by truce merge.
 *
 * scoreboard.h defines the figures.  Those that need no earnings are
 * tallied by phase 1, per campaign, over its deals: deals touched and won,
 * won_attributed, attributed revenue, and the marketing credit.  The
 * commissions need each payee's year-to-date rate E(m) / C(m), which only
 * phase 2 knows, each shard for its own payees:
 *   marketing commission = the campaign's marketing credit x its owner's
 *     rate: worked out by the owner's shard (shard 0 for no owner);
 *   closer commission = over the won deals, the campaign's attribution
 *     weight x the deal's closer commission, itself a sum over the deal's
 *     closer lines: each shard adds the part of its payees' closer lines.
 * Each shard writes its part of every campaign's figures, exact, to
 * scoreboard-part.csv; merge adds them up.  Sums of exact values do not
 * depend on how they were grouped, so the merged scoreboard is the
 * unsharded run's byte for byte.
 */
#ifndef TRUCE_SHARDSCORE_H
#define TRUCE_SHARDSCORE_H

#include <gmp.h>
#include "batch.h"
#include "credit.h"
#include "diag.h"
#include "earn.h"
#include "manifest.h"
#include "outdir.h"
#include "plan.h"
#include "qsum.h"
#include "qtree.h"
#include "strbuf.h"

#define SCORE_PART_FILE "scoreboard-part.csv"

/* ---- phase 1: what needs no earnings ------------------------------------------------ */

typedef struct score_tally {
    size_t n;                    /* campaigns */
    long *touched, *won;
    qsum *won_attr, *revenue, *credit;
    unsigned char *seen;         /* scratch: the current deal's campaigns */
    uint32_t *wc;                /* the current deal's weights: campaign wc[i] weighs ww[i] */
    mpq_t *ww;
    size_t nw, capw;
    mpq_t q;
} score_tally;

void score_tally_init(score_tally *t, size_t ncampaigns);
void score_tally_free(score_tally *t);
/* into += from (exact). */
void score_tally_merge(score_tally *into, const score_tally *from);

/*
 * Tallies deal di if the scoreboard of month `month` counts it (in the year
 * of plan v, the version in force, closing by that month): its touches'
 * campaigns, and, credited (si >= 0, as credit_deal returned with `lines`),
 * its marketing lines.  t->wc, t->ww, t->nw then hold each campaign's
 * weight on the deal, for the shards of its closer lines (none when not
 * counted).
 */
void score_tally_deal(score_tally *t, const plan *v, const batch *b, uint32_t di, int month,
                      long si, const credits *lines);

/* ---- phase 2: a shard's part ----------------------------------------------------------- */

typedef struct score_partial {
    size_t n;                    /* campaigns */
    mpq_t *rate;                 /* per earnings slot: E(month) over all components / C(month) */
    size_t nrate;
    long *touched, *won;
    qsum *won_attr, *revenue, *credit;
    qtree *closer;
    mpq_t closer_deal, q;        /* scratch */
} score_partial;

void score_partial_init(score_partial *s, const earnings *e, size_t ncampaigns, int month);
void score_partial_free(score_partial *s);
/* Phase 1's tallies of campaign c over one task's deals. */
void score_partial_tally(score_partial *s, uint32_t c, long touched, long won,
                         const mpq_t won_attr, const mpq_t revenue, const mpq_t credit);
/* A won deal: its credit lines of this shard, then each campaign's weight on it. */
void score_partial_closer_begin(score_partial *s, const earnings *e, const credit_line *lines,
                                size_t n);
void score_partial_weight(score_partial *s, uint32_t ci, const mpq_t w);
/* scoreboard-part.csv: every campaign's part (commissions of the owners among e's payees). */
void score_partial_csv(strbuf *out, score_partial *s, const batch *b, const earnings *e);

/* ---- merge ------------------------------------------------------------------------------- */

/* Do the shards' outputs hold scoreboard parts (a two-phase run) rather than the whole? */
int shardscore_present(const char *dir);

/*
 * scoreboard.csv and scoreboard.html from the parts in dirs[0..n): the same
 * campaigns in each, their figures added up, formatted for the plan and
 * period of `run` (the shards' common manifest record).  0 or -1 (reported).
 */
int shardscore_merge(outdir *o, const char *const *dirs, size_t n, const manifest *run,
                     diag *d);

#endif
