/*
 * pay.h - the pay pipeline after earning (engine/pay.c): flows, adjustments,
 * cumulative rounding, bonuses and curves by plan version, and the draw.
 */
#ifndef TRUCE_PAY_H
#define TRUCE_PAY_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "earn.h"
#include "plan.h"

/* A component's flows, all zero (caller frees with pay_flows_free; NULL is fine there). */
component_flows *pay_flows_new(void);
void pay_flows_free(component_flows *f);

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

/* E(m) of a bonus or curve at index ki, month by month under the version in force;
   quota[m] is the window quota of month m. */
void pay_attainment(component_earnings *ce, const payee_earnings *pe, size_t ki, mpq_t *quota);

#endif
