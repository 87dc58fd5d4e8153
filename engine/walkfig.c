/*
 * walkfig.c - the line walk's figures where they need GMP (walkfig.h).
 */
#include "walkfig.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define POOL_CHUNK 256

void wpool_init(wpool *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < V_N; i++)
        mpq_init(p->v[i]);
}

void wpool_free(wpool *p)
{
    for (size_t c = 0; c < p->nchunks; c++) {
        for (size_t i = 0; i < POOL_CHUNK; i++)
            mpq_clear(p->chunk[c][i]);
        free(p->chunk[c]);
    }
    free(p->chunk);
    for (int i = 0; i < V_N; i++)
        mpq_clear(p->v[i]);
}

static mpq_ptr pool_get(wpool *p)
{
    size_t c = p->used / POOL_CHUNK;
    if (c == p->nchunks) {
        p->chunk = xrealloc(p->chunk, (p->nchunks + 1) * sizeof *p->chunk);
        p->chunk[c] = xmalloc(POOL_CHUNK * sizeof **p->chunk);
        for (size_t i = 0; i < POOL_CHUNK; i++)
            mpq_init(p->chunk[c][i]);
        p->nchunks++;
    }
    return p->chunk[c][p->used++ % POOL_CHUNK];
}

mpq_srcptr wv_mpq(const wv *x, mpq_ptr view)
{
    if (x->w.d == 0)
        return x->big;
    qw_to_q(view, x->w);
    return view;
}

void wv_set_mpq(wpool *p, wv *x, mpq_srcptr v)
{
    if (qw_from_q(&x->w, v))
        return;
    if (!x->big)
        x->big = pool_get(p);
    mpq_set(x->big, v);
    x->w.d = 0;
}

void wv_slow(wpool *p, void (*op)(mpq_ptr, mpq_srcptr, mpq_srcptr), wv *out, const wv *a,
             const wv *b)
{
    op(p->v[V_SLOW], wv_mpq(a, p->v[V_A]), wv_mpq(b, p->v[V_B]));
    wv_set_mpq(p, out, p->v[V_SLOW]);
}

int wv_cmp_slow(wpool *p, const wv *a, const wv *b)
{
    return mpq_cmp(wv_mpq(a, p->v[V_A]), wv_mpq(b, p->v[V_B]));
}
