/*
 * pay.h - the pay stage, after earning: what is released of what was
 * earned, plus manual adjustments, rounded cumulatively; then the draw.
 *
 * Earning (earn.h) leaves each component's exact E(m) and, with the pay
 * mechanics, its released and clawback series.  pay_finish turns them into
 * R(m), the figures that are paid, in minor units:
 *     R(m) = round(E(m))                      without the pay mechanics,
 *     R(m) = round(released(m) + adjusted(m)) with them,
 * and a draw last, over the other components' payouts.  This is where
 * figures are rounded (reports round only for display).
 */
#ifndef TRUCE_PAY_H
#define TRUCE_PAY_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "earn.h"
#include "plan.h"

/* The pay stage for every paid payee of e: adjustments, rounding, the draw. */
void pay_finish(earnings *e, const plan *p, const batch *b);

/* f->adjusted: the payee's adjustments.csv rows for component `id`, cumulative by month. */
void pay_adjustments(component_flows *f, const batch *b, uint32_t payee_index, const char *id);

/* R(m) = round(E(m)); with flows, round(released(m) + adjusted(m)). */
void pay_round(component_earnings *ce, const plan *p);
/* The exact value R(m) is the rounding of: E(m); with flows, released(m) + adjusted(m). */
void pay_unrounded(mpq_t out, const component_earnings *ce, int m);

/* The draw at index ki of the payee's role, over the other components' R (already rounded);
   its adjustments (adjustments.csv rows of b for the draw) add to its payout, outside the
   guarantee and the recoverable balance: R(m) = round(paid - recovered + adjusted). */
void pay_draw(payee_earnings *pe, size_t ki, const plan *p, const batch *b);

#endif
