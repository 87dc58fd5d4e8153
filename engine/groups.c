/*
 * groups.c - rows grouped by a key: per-key offsets (groups.h).
 */
#include "groups.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void groups_init(groups *g, size_t nkeys)
{
    g->first = xcalloc(nkeys + 1, sizeof *g->first);
    g->nkeys = nkeys;
}

size_t groups_close(groups *g)
{
    for (size_t k = 0; k < g->nkeys; k++)
        g->first[k + 1] += g->first[k];
    return g->first[g->nkeys];
}

uint32_t *groups_cursor(const groups *g)
{
    uint32_t *cursor = xmalloc((g->nkeys ? g->nkeys : 1) * sizeof *cursor);
    if (g->nkeys)
        memcpy(cursor, g->first, g->nkeys * sizeof *cursor);
    return cursor;
}

size_t groups_of(const groups *g, size_t key, size_t *n)
{
    *n = 0;
    if (!g || key >= g->nkeys)
        return 0;
    *n = g->first[key + 1] - g->first[key];
    return g->first[key];
}

void groups_free(groups *g)
{
    free(g->first);
    g->first = NULL;
    g->nkeys = 0;
}
