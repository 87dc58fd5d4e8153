/*
 * bonus.c - attainment bonuses and pay curves over a payee's cumulative
 * credit (bonus.h).  Everything is exact; nothing is rounded here.
 *
 * Attainment W/quota >= level is tested as W >= level * quota (quota > 0),
 * which needs no division.  A curve's attainment is a fraction W/quota
 * clamped at 0, and f is evaluated on the segment holding it.
 */
#include "truce/bonus.h"
#include "truce/earn.h"
#include "truce/strbuf.h"

#include <stdlib.h>

#define NM 13

void bonus_earn(mpq_t E[NM], const component *k, mpq_t const C[NM], mpq_t const quota[NM])
{
    /* reached[i]: level i has paid in the current window. */
    unsigned char *reached = xcalloc(k->nlevels ? k->nlevels : 1, 1);
    mpq_t W, need;
    mpq_inits(W, need, NULL);
    mpq_set_ui(E[0], 0, 1);
    for (int m = 1; m < NM; m++) {
        int ws = window_start(k->window, m);
        if (ws == m)
            for (size_t i = 0; i < k->nlevels; i++)
                reached[i] = 0;
        mpq_set(E[m], E[m - 1]);
        if (mpq_sgn(quota[m]) <= 0)
            continue;  /* a window quota of 0 reaches no level */
        mpq_sub(W, C[m], C[ws - 1]);
        for (size_t i = 0; i < k->nlevels; i++) {
            if (reached[i])
                continue;
            mpq_mul(need, k->levels[i].attainment, quota[m]);
            if (mpq_cmp(W, need) >= 0) {
                reached[i] = 1;
                mpq_add(E[m], E[m], k->levels[i].pay);
            }
        }
    }
    mpq_clears(W, need, NULL);
    free(reached);
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

void curve_earn(mpq_t E[NM], const component *k, mpq_t const C[NM], mpq_t const quota[NM])
{
    mpq_t target, a, f;
    mpq_inits(target, a, f, NULL);
    /* The window's target: target * months / 12. */
    mpq_set_ui(target, (unsigned long)window_months(k->window), 12);
    mpq_canonicalize(target);
    mpq_mul(target, target, k->target);
    mpq_set_ui(E[0], 0, 1);
    for (int m = 1; m < NM; m++) {
        int ws = window_start(k->window, m);
        if (mpq_sgn(quota[m]) > 0) {
            mpq_sub(a, C[m], C[ws - 1]);
            mpq_div(a, a, quota[m]);
            if (mpq_sgn(a) < 0)
                mpq_set_ui(a, 0, 1);
        } else {
            mpq_set_ui(a, 0, 1);
        }
        curve_value(f, k, a);
        mpq_mul(f, f, target);
        /* E[ws - 1]: what the windows before this one finished at (0 before month 1). */
        mpq_add(E[m], E[ws - 1], f);
    }
    mpq_clears(target, a, f, NULL);
}
