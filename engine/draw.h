/*
 * draw.h - a draw (<draw>): a guaranteed minimum payout per month, paid on
 * top of the role's other components, recoverable or not (design step 6).
 * A pure function of its arguments; everything is in whole minor units.
 */
#ifndef TRUCE_DRAW_H
#define TRUCE_DRAW_H

#include <gmp.h>
#include "money.h"
#include "plan.h"

/*
 * The draw of months m = 1..12.  T[1..12] is the payee's payout in month m
 * from the role's other components, in minor units (T[0] is not read; T[m]
 * may be negative, a clawback month).  D = k->draw_amount and L =
 * k->recovery_limit are first rounded to minor units by money_round(scale
 * minor_unit, mode) (whole cents in any sensible plan, so usually exact).
 * Month by month:
 *   draw_paid(m) = max(0, D - T[m])   the draw tops T up to D: when T[m] < 0
 *                                     it pays D - T[m], more than D;
 *   non-recoverable: recovered(m) = 0;
 *   recoverable: B += draw_paid(m); when T[m] > D,
 *     recovered(m) = min(B, T[m] - D, L if k->has_recovery_limit), B -= it;
 *     then, in the month holding k->forgive (k->has_forgive, and only when
 *     its year is `year`, the plan year), B = 0 after that month's recovery:
 *     later excess recovers nothing of what was drawn before.
 * Fills the cumulative sums paid[m] = sum of draw_paid(1..m) and
 * recovered[m] = sum of recovered(1..m), m = 0..12 ([0] = 0); both arrays
 * are mpz_t initialised by the caller.  The draw component's payout in month
 * m is (paid[m] - paid[m-1]) - (recovered[m] - recovered[m-1]).
 */
void draw_apply(mpz_t paid[13], mpz_t recovered[13], const component *k, mpz_t const T[13],
                unsigned minor_unit, round_mode mode, int year);

/* draw_apply with plan versions: month[m] (m = 1..12) is the draw of the version in force in
   month m (its amount, limit, recoverability and forgive date then). */
void draw_apply_versions(mpz_t paid[13], mpz_t recovered[13], const component *const *month,
                         mpz_t const T[13], unsigned minor_unit, round_mode mode, int year);

#endif
