/*
 * journeys.c - deals turned into journeys of units (journeys.h).
 *
 * Two passes over the kept deals: the first marks the campaigns touched, so
 * that units follow batch order whatever order the deals come in; the
 * second copies each journey's units.  The batch already holds each deal's
 * eligible touches in the contract's order (batch.h), so nothing is sorted.
 */
#include "journeys.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void journeys_init(journeys *j)
{
    memset(j, 0, sizeof *j);
    j->first = xmalloc(sizeof *j->first);
    j->first[0] = 0;
}

void journeys_free(journeys *j)
{
    free(j->camp);
    free(j->step);
    free(j->first);
    free(j->is_won);
    memset(j, 0, sizeof *j);
}

void journeys_add(journeys *j, const uint32_t *units, size_t k, int won)
{
    if (j->count == j->cap) {
        j->cap = j->cap ? 2 * j->cap : 64;
        j->first = xrealloc(j->first, (j->cap + 1) * sizeof *j->first);
        j->is_won = xrealloc(j->is_won, j->cap);
    }
    if (j->nsteps + k > j->stepcap) {
        while (j->nsteps + k > j->stepcap)
            j->stepcap = j->stepcap ? 2 * j->stepcap : 256;
        j->step = xrealloc(j->step, j->stepcap * sizeof *j->step);
    }
    memcpy(j->step + j->nsteps, units, k * sizeof *units);
    j->nsteps += k;
    j->is_won[j->count] = won != 0;
    j->won += won != 0;
    j->first[++j->count] = j->nsteps;
}

/* Marks the campaigns the kept deals touch and numbers them in batch order. */
static void number_units(journeys *j, const batch *b, int (*keep)(const deal *, void *),
                         void *ctx, int32_t *unit)
{
    for (size_t c = 0; c < b->ncampaigns; c++)
        unit[c] = -1;
    for (size_t di = 0; di < b->ndeals; di++) {
        const deal *x = &b->deals[di];
        if (x->touch_count == 0 || !keep(x, ctx))
            continue;
        for (uint32_t i = 0; i < x->touch_count; i++)
            unit[b->touches[x->touch_first + i].campaign] = 0;
    }
    j->camp = xmalloc((b->ncampaigns ? b->ncampaigns : 1) * sizeof *j->camp);
    for (size_t c = 0; c < b->ncampaigns; c++)
        if (unit[c] == 0) {
            unit[c] = (int32_t)j->n;
            j->camp[j->n++] = (uint32_t)c;
        }
}

void journeys_build(journeys *j, const batch *b, int (*keep)(const deal *, void *), void *ctx,
                    int32_t *unit_of)
{
    journeys_init(j);
    int32_t *unit = unit_of ? unit_of : xmalloc((b->ncampaigns ? b->ncampaigns : 1) * sizeof *unit);
    number_units(j, b, keep, ctx, unit);
    uint32_t *path = xmalloc(BATCH_MAX_TOUCHES_PER_DEAL * sizeof *path);
    for (size_t di = 0; di < b->ndeals; di++) {
        const deal *x = &b->deals[di];
        if (x->touch_count == 0 || !keep(x, ctx))
            continue;
        for (uint32_t i = 0; i < x->touch_count; i++)
            path[i] = (uint32_t)unit[b->touches[x->touch_first + i].campaign];
        journeys_add(j, path, x->touch_count, !x->lost);
    }
    free(path);
    if (!unit_of)
        free(unit);
}
