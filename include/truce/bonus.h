/*
 * bonus.h - attainment bonuses (<bonus>) and pay curves (<curve>): exact
 * cumulative earnings E[m], m = 0..12, from a payee's cumulative credit and
 * window quotas.  Pure functions of their arguments (no batch, no plan file).
 *
 * Both read the component's `window` (window_start, window_months): the
 * window holding month m runs from window_start(w, m) for window_months(w)
 * months, its credit so far is W(m) = C[m] - C[window_start - 1], and its
 * attainment is W(m) / quota[m] (quota[m]: the window quota in force in month
 * m, the same for every month of a window).
 *
 * Arrays: E (mpq_t, initialised by the caller) is written for m = 0..12,
 * E[0] = 0; C[0..12] is read (C[0] is the credit before month 1, normally 0);
 * quota[1..12] is read (quota[0] is not).
 */
#ifndef TRUCE_BONUS_H
#define TRUCE_BONUS_H

#include <gmp.h>
#include "plan.h"

/*
 * Attainment bonuses (k->kind COMP_BONUS).  A level pays k->levels[i].pay
 * once per window, in the first month of the window whose attainment W/quota
 * is >= the level's attainment; several levels reached in one month all pay
 * that month.  A reached level stays paid (credit falling back afterwards
 * takes nothing back); a new window starts with no level reached.  A window
 * quota <= 0 reaches no level (not even a 0% one).  E[m] = sum of the pays of
 * every level reached in every window through m.
 */
void bonus_earn(mpq_t E[13], const component *k, mpq_t const C[13], mpq_t const quota[13]);

/*
 * Pay curve (k->kind COMP_CURVE).  The window's target is k->target *
 * window_months / 12; E_window(m) = window target * f(a), a = W(m)/quota[m]
 * clamped below at 0 (negative credit), a = 0 when quota[m] <= 0, f as
 * curve_value.  E[m] = E[end of the previous window] + E_window(m): finished
 * windows keep what they earned at their last month.
 */
void curve_earn(mpq_t E[13], const component *k, mpq_t const C[13], mpq_t const quota[13]);

/*
 * f(attainment) exactly: the piecewise-linear function through k->points
 * (strictly increasing attainments, the first at 0): at a point its payout,
 * between two points the straight line joining them; below the first point
 * the first point's payout; beyond the last point the last point's payout,
 * unless k->extend and there are at least two points (then the last
 * segment's slope continues).  No points: 0.  out must be initialised.
 */
void curve_value(mpq_t out, const component *k, const mpq_t attainment);

#endif
