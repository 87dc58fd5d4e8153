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
 * quota[1..12] is read (quota[0] is not); kv[1..12] is the component as the
 * plan version in force in month m has it (the same pointer for every month
 * of a plan without versions; versions share kind and window).
 */
#ifndef TRUCE_BONUS_H
#define TRUCE_BONUS_H

#include <gmp.h>
#include "plan.h"

/*
 * Attainment bonuses (COMP_BONUS).  With M(m) the highest W of the window
 * through month m, month m pays each level L of kv[m] with L * quota first
 * reached that month: M(m-1) < L * quota <= M(m) (in the window's first
 * month, every level with L * quota <= W), at kv[m]'s pay; several levels
 * reached in one month all pay that month.  So a reached level stays paid
 * (credit falling back takes nothing back), a later version never re-prices
 * a level already paid, and a later version's level that attainment passed
 * before that version pays nothing; a new window starts with no level
 * reached.  A window quota <= 0 reaches no level (not even a 0% one).
 */
void bonus_earn(mpq_t E[13], const component *const kv[13], mpq_t const C[13],
                mpq_t const quota[13]);

/*
 * Pay curve (COMP_CURVE).  a(m) = W(m)/quota[m] clamped below at 0
 * (negative credit), a = 0 when quota[m] <= 0; T_m = kv[m]->target *
 * window_months / 12 and f_m = curve_value of kv[m].  In the window's first
 * month E_window = T_m * f_m(a(m)); each later month adds what its own
 * version makes of the month's change in attainment, T_m * (f_m(a(m)) -
 * f_m(a(m-1))).  Without versions this is T * f(a(m)).  E[m] = E[end of the
 * previous window] + E_window(m): finished windows keep what they earned.
 */
void curve_earn(mpq_t E[13], const component *const kv[13], mpq_t const C[13],
                mpq_t const quota[13]);

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
