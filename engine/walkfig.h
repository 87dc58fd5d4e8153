/*
 * walkfig.h - the line walk's figures: exact rationals kept in two machine
 * words (a qw of qfast.h) when they fit, else in an mpq from a pool.
 *
 * Almost every figure of the walk is a small fraction (credit times a rate,
 * a deal cap, a paid share), and the walk keeps hundreds of thousands of them
 * from month to month: as words they take no allocation and add without GMP.
 * Each operation tries the word arithmetic, which gives GMP's canonical
 * result or refuses, and on a refusal does it in GMP; the value is the same.
 */
#ifndef TRUCE_WALKFIG_H
#define TRUCE_WALKFIG_H

#include <stddef.h>
#include <gmp.h>
#include "qfast.h"
#include "qsum.h"

/* A figure: the qw w (w.d > 0), or the mpq *big when it is not one (w.d == 0).  The mpq comes
   from a pool and stays the figure's until the pool is emptied. */
typedef struct wv {
    qw w;
    mpq_ptr big;
} wv;

enum { V_A, V_B, V_C, V_SLOW, V_N };

/* The figures' mpqs, handed out in chunks so that one never moves, and kept (with their limbs)
   when the pool is emptied for the next walk. */
typedef struct wpool {
    mpq_t **chunk;
    size_t nchunks, used;
    mpq_t v[V_N];                   /* views of qw words as mpq, and a GMP result */
} wpool;

void wpool_init(wpool *p);
void wpool_free(wpool *p);
/* Every figure's mpq back to the pool. */
static inline void wpool_empty(wpool *p)
{
    p->used = 0;
}

static inline void wv_zero(wv *x)
{
    x->w = QW_ZERO;
    x->big = NULL;
}

/* x = the integer v. */
static inline void wv_int(wv *x, int64_t v)
{
    x->w = (qw){v, 1};
}

/* x as an mpq: x's own, or x's words written into view. */
mpq_srcptr wv_mpq(const wv *x, mpq_ptr view);
/* x = v. */
void wv_set_mpq(wpool *p, wv *x, mpq_srcptr v);

/* x = y. */
static inline void wv_set(wpool *p, wv *x, const wv *y)
{
    if (y->w.d)
        x->w = y->w;
    else if (x != y)
        wv_set_mpq(p, x, y->big);
}

static inline int wv_sgn(const wv *x)
{
    return x->w.d ? qw_sgn(x->w) : mpq_sgn(x->big);
}

/* GMP's side of the operations below: op is mpq_add, mpq_sub or mpq_mul. */
void wv_slow(wpool *p, void (*op)(mpq_ptr, mpq_srcptr, mpq_srcptr), wv *out, const wv *a,
             const wv *b);
int wv_cmp_slow(wpool *p, const wv *a, const wv *b);

static inline int wv_cmp(wpool *p, const wv *a, const wv *b)
{
    if (a->w.d && b->w.d)
        return qw_cmp(a->w, b->w);
    return wv_cmp_slow(p, a, b);
}

/* out = a + b (out may be a or b). */
static inline void wv_add(wpool *p, wv *out, const wv *a, const wv *b)
{
    if (!(a->w.d && b->w.d && qw_add(&out->w, a->w, b->w)))
        wv_slow(p, mpq_add, out, a, b);
}

/* out = a - b. */
static inline void wv_sub(wpool *p, wv *out, const wv *a, const wv *b)
{
    if (!(a->w.d && b->w.d && qw_sub(&out->w, a->w, b->w)))
        wv_slow(p, mpq_sub, out, a, b);
}

/* out = a * b. */
static inline void wv_mul(wpool *p, wv *out, const wv *a, const wv *b)
{
    if (!(a->w.d && b->w.d && qw_mul(&out->w, a->w, b->w)))
        wv_slow(p, mpq_mul, out, a, b);
}

/* s += x, or s -= x when neg. */
static inline void qsum_wv(qsum *s, const wv *x, int neg)
{
    if (x->w.d)
        qsum_add_frac(s, neg ? -x->w.n : x->w.n, x->w.d);
    else if (neg)
        qsum_sub(s, x->big);
    else
        qsum_add(s, x->big);
}

#endif
