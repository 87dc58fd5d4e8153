/*
 * walkkept.c - the kept credit lines and reversal lines (walkkept.h).
 */
#include "walkkept.h"
#include "qfast.h"
#include "grow.h"

#include <stdlib.h>
#include <string.h>

/* ---- reversal lines, for the statements ------------------------------------- */

void walk_lines_init(walk_lines *w)
{
    memset(w, 0, sizeof *w);
}

walk_line *walk_lines_push(walk_lines *w)
{
    size_t had = w->cap;
    w->v = grow(w->v, &w->cap, w->n + 1, sizeof *w->v, 16);
    for (size_t i = had; i < w->cap; i++)
        mpq_init(w->v[i].credit);
    return &w->v[w->n++];
}

void walk_lines_free(walk_lines *w)
{
    for (size_t i = 0; i < w->cap; i++)
        mpq_clear(w->v[i].credit);
    free(w->v);
    walk_lines_init(w);
}

/* ---- kept lines ----------------------------------------------------------------- */

void walk_kept_init(walk_kept *k)
{
    memset(k, 0, sizeof *k);
}

void walk_kept_free(walk_kept *k)
{
    for (size_t i = 0; i < k->nbig; i++)
        mpq_clear(k->big[i]);
    free(k->big);
    free(k->v);
    walk_kept_init(k);
}

static walk_kept_line *kept_push(walk_kept *k)
{
    k->v = grow(k->v, &k->cap, k->n + 1, sizeof *k->v, 16);
    return &k->v[k->n++];
}

/* Line l's credit: two words when q_small takes it, else an mpq of its own (den = 0). */
static void kept_set_credit(walk_kept *k, walk_kept_line *l, const mpq_t credit)
{
    int64_t n;
    uint64_t d;
    if (q_small(credit, &n, &d)) {
        l->num = n;
        l->den = d;
        return;
    }
    k->big = grow(k->big, &k->capbig, k->nbig + 1, sizeof *k->big, 4);
    mpq_init(k->big[k->nbig]);
    mpq_set(k->big[k->nbig], credit);
    l->num = (int64_t)k->nbig++;
    l->den = 0;
}

void walk_kept_add(walk_kept *k, uint32_t di, int32_t ci, uint8_t credit_role_of_line,
                   const mpq_t credit)
{
    walk_kept_line *l = kept_push(k);
    l->deal = di;
    l->campaign = ci;
    l->role = credit_role_of_line;
    kept_set_credit(k, l, credit);
}

void walk_kept_append(walk_kept *into, const walk_kept *from)
{
    for (size_t i = 0; i < from->n; i++) {
        const walk_kept_line *f = &from->v[i];
        walk_kept_line *t = kept_push(into);
        *t = *f;
        if (f->den == 0)
            kept_set_credit(into, t, from->big[f->num]);
    }
}

void walk_kept_credit(const walk_kept *k, size_t i, mpq_t out)
{
    const walk_kept_line *l = &k->v[i];
    if (l->den == 0) {
        mpq_set(out, k->big[l->num]);
        return;
    }
    mpz_set_si(mpq_numref(out), l->num);  /* canonical already */
    mpz_set_ui(mpq_denref(out), l->den);
}
