/*
 * bonus.c - attainment bonuses and pay curves over a payee's cumulative
 * credit (bonus.h).  Everything is exact; nothing is rounded here.
 *
 * Attainment W/quota >= level is tested as W >= level * quota (quota > 0),
 * which needs no division.  A curve's attainment is a fraction W/quota
 * clamped at 0, and f is evaluated on the segment holding it.
 */
#include "bonus.h"
#include "window.h"
#include "strbuf.h"

#include <stdlib.h>

#define NM 13

/* The levels of k with M0 < L * q <= M1 (any L * q <= M1 when first), their pays added to E. */
static void pay_levels_reached(mpq_t E, const component *k, const mpq_t q, const mpq_t M0,
                               const mpq_t M1, int first, mpq_t need)
{
    for (size_t i = 0; i < k->nlevels; i++) {
        mpq_mul(need, k->levels[i].attainment, q);
        if (mpq_cmp(need, M1) <= 0 && (first || mpq_cmp(need, M0) > 0))
            mpq_add(E, E, k->levels[i].pay);
    }
}

void bonus_earn(mpq_t E[NM], const component *const kv[NM], mpq_t const C[NM],
                mpq_t const quota[NM])
{
    mpq_t W, M, need;
    mpq_inits(W, M, need, NULL);
    mpq_set_ui(E[0], 0, 1);
    int have_max = 0;  /* M holds the window's highest W so far */
    for (int m = 1; m < NM; m++) {
        const component *k = kv[m];
        int ws = window_start(k->window, m);
        if (ws == m)
            have_max = 0;
        mpq_set(E[m], E[m - 1]);
        mpq_sub(W, C[m], C[ws - 1]);
        if (mpq_sgn(quota[m]) > 0 && (!have_max || mpq_cmp(W, M) > 0))
            pay_levels_reached(E[m], k, quota[m], M, W, !have_max, need);
        if (!have_max || mpq_cmp(W, M) > 0)
            mpq_set(M, W);
        have_max = 1;
    }
    mpq_clears(W, M, need, NULL);
}

void curve_value(mpq_t out, const component *k, const mpq_t attainment)
{
    size_t n = k->npoints;
    if (n == 0) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    const curve_point *pt = k->points;
    if (mpq_cmp(attainment, pt[0].attainment) <= 0) {
        mpq_set(out, pt[0].payout);
        return;
    }
    /* The segment [pt[i], pt[i + 1]] holding the attainment; beyond the last point, the last
       segment when extending, else the last point's payout. */
    size_t i = 0;
    while (i + 1 < n && mpq_cmp(attainment, pt[i + 1].attainment) > 0)
        i++;
    if (i + 1 == n) {
        if (!k->extend || n < 2) {
            mpq_set(out, pt[n - 1].payout);
            return;
        }
        i = n - 2;
    }
    /* f(a) = y0 + (a - x0) * (y1 - y0) / (x1 - x0) */
    mpq_t dx, dy;
    mpq_inits(dx, dy, NULL);
    mpq_sub(dx, pt[i + 1].attainment, pt[i].attainment);
    mpq_sub(dy, pt[i + 1].payout, pt[i].payout);
    mpq_div(dy, dy, dx);
    mpq_sub(dx, attainment, pt[i].attainment);
    mpq_mul(dy, dy, dx);
    mpq_add(out, pt[i].payout, dy);
    mpq_clears(dx, dy, NULL);
}

/* The window's attainment a(m) = max(0, W(m) / quota[m]), 0 without a quota. */
static void attainment_at(mpq_t a, const component *k, mpq_t const C[NM], mpq_t const quota[NM],
                          int m)
{
    if (m < 1 || mpq_sgn(quota[m]) <= 0) {
        mpq_set_ui(a, 0, 1);
        return;
    }
    mpq_sub(a, C[m], C[window_start(k->window, m) - 1]);
    mpq_div(a, a, quota[m]);
    if (mpq_sgn(a) < 0)
        mpq_set_ui(a, 0, 1);
}

void curve_earn(mpq_t E[NM], const component *const kv[NM], mpq_t const C[NM],
                mpq_t const quota[NM])
{
    mpq_t target, a, f, g;
    mpq_inits(target, a, f, g, NULL);
    mpq_set_ui(E[0], 0, 1);
    for (int m = 1; m < NM; m++) {
        const component *k = kv[m];
        int ws = window_start(k->window, m);
        /* This month's version's window target: target * months / 12. */
        mpq_set_ui(target, (unsigned long)window_months(k->window), 12);
        mpq_canonicalize(target);
        mpq_mul(target, target, k->target);
        attainment_at(a, k, C, quota, m);
        curve_value(f, k, a);
        if (ws == m) {
            /* E[ws - 1]: what the windows before this one finished at (0 before month 1). */
            mpq_mul(f, f, target);
            mpq_add(E[m], E[ws - 1], f);
            continue;
        }
        attainment_at(a, k, C, quota, m - 1);
        curve_value(g, k, a);
        mpq_sub(f, f, g);
        mpq_mul(f, f, target);
        mpq_add(E[m], E[m - 1], f);
    }
    mpq_clears(target, a, f, g, NULL);
}
