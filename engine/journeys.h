/*
 * journeys.h - the paths the data-driven attribution models learn from
 * (issue 17).
 *
 * A journey is a deal's eligible touches (contract 3.2's order: touch date,
 * then row) reduced to their campaigns, ending in won or lost (the deal's
 * `outcome`; no column: won).  A deal without an eligible touch is no
 * journey.  Campaigns are renumbered 0..n-1 ("units") in batch order, so
 * that the models work on small dense indices; markov.h and shapley.h read
 * journeys, never the batch.
 */
#ifndef TRUCE_JOURNEYS_H
#define TRUCE_JOURNEYS_H

#include <stddef.h>
#include <stdint.h>
#include "batch.h"

typedef struct journeys {
    uint32_t n;            /* distinct campaigns (units) in the journeys */
    uint32_t *camp;        /* camp[u]: the batch campaign index of unit u (ascending) */
    size_t count, won;     /* journeys, and those ending in won */
    uint32_t *step;        /* every journey's units, one after another */
    size_t nsteps, stepcap;
    size_t *first;         /* journey k is step[first[k] .. first[k+1]) (count + 1 entries) */
    uint8_t *is_won;       /* per journey */
    size_t cap;            /* room in first (minus one) and is_won */
} journeys;

/* An empty set of journeys. */
void journeys_init(journeys *j);
void journeys_free(journeys *j);

/* Appends a journey of k units (k at most BATCH_MAX_TOUCHES_PER_DEAL, each unit < j->n,
   which the caller sets first), won or lost. */
void journeys_add(journeys *j, const uint32_t *units, size_t k, int won);

/*
 * The journeys of the deals of b for which keep(deal, ctx) holds (b->deals
 * order), with units numbered over the campaigns they touch; unit_of (may
 * be NULL) receives, per batch campaign, its unit or -1 (b->ncampaigns
 * entries).  j is initialised here; free with journeys_free.
 */
void journeys_build(journeys *j, const batch *b, int (*keep)(const deal *, void *), void *ctx,
                    int32_t *unit_of);

#endif
