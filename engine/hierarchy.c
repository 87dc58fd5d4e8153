/*
 * hierarchy.c - manager cycles in the roster.
 *
 * Each payee has at most one manager, so the roster is a functional graph:
 * following manager_id from any payee either ends (a payee with none) or
 * runs into a cycle.  One walk per payee, colouring what it has seen, finds
 * every cycle in time linear in the roster.
 */
#include "hierarchy.h"
#include "strbuf.h"

#include <stdlib.h>

enum { UNSEEN, ON_WALK, DONE };

/* The cycle through payee `first`, reported at its line: "manager cycle: a -> b -> a". */
static void report_cycle(const batch *b, size_t first, diag *d)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "manager cycle: ");
    sb_puts(&sb, b->payees[first].id);
    size_t p = first;
    do {
        p = (size_t)b->payees[p].manager;
        sb_puts(&sb, " -> ");
        sb_puts(&sb, b->payees[p].id);
    } while (p != first);
    diag_error(d, b->roster_csv.file, b->payees[first].line, b->roster_manager_col, "%s", sb.p);
    sb_free(&sb);
}

int hierarchy_check(const batch *b, diag *d)
{
    size_t n = b->npayees;
    if (!b->payees || n == 0)
        return 0;
    unsigned char *state = xcalloc(n, 1);
    unsigned char *on_cycle = xcalloc(n, 1);
    /* walk[p]: the walk that coloured p, so that a walk meeting its own trail knows it. */
    size_t *walk = xcalloc(n, sizeof *walk);
    for (size_t start = 0; start < n; start++) {
        size_t p = start;
        while (state[p] == UNSEEN) {
            state[p] = ON_WALK;
            walk[p] = start;
            if (b->payees[p].manager < 0)
                break;
            p = (size_t)b->payees[p].manager;
        }
        if (state[p] == ON_WALK && walk[p] == start && b->payees[p].manager >= 0) {
            /* p is on a cycle this walk closed: mark it. */
            size_t q = p;
            do {
                on_cycle[q] = 1;
                q = (size_t)b->payees[q].manager;
            } while (q != p);
        }
        for (p = start; state[p] == ON_WALK; p = (size_t)b->payees[p].manager) {
            state[p] = DONE;
            if (b->payees[p].manager < 0)
                break;
        }
    }
    int ok = 0;
    /* Roster order: the first payee of each cycle met reports it, then its cycle is done. */
    for (size_t p = 0; p < n; p++) {
        if (!on_cycle[p])
            continue;
        report_cycle(b, p, d);
        size_t q = p;
        do {
            on_cycle[q] = 0;
            q = (size_t)b->payees[q].manager;
        } while (q != p);
        ok = -1;
    }
    free(state);
    free(on_cycle);
    free(walk);
    return ok;
}
