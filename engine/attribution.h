/*
 * attribution.h - how a deal's marketing credit is divided among its touches
 * (contract section 3.2).
 *
 * Pure functions of a split's model and a deal's eligible touches, so that
 * crediting, `explain` and the tests all share one definition.
 */
#ifndef TRUCE_ATTRIBUTION_H
#define TRUCE_ATTRIBUTION_H

#include <stddef.h>
#include <gmp.h>
#include "batch.h"
#include "plan.h"
#include "qfast.h"

/* Bits of the positions a touch holds (1u << POS_FIRST, ...). */
typedef unsigned position_mask;

/*
 * Weights of touches t[0..n) (eligible, ordered by date then row) under the
 * split's model, for a deal closing on `close`.  w[0..n) must be initialised;
 * on return they are canonical, non-negative and sum to 1, or all zero when
 * nothing can be attributed (returns 0; else 1).  held (may be NULL) receives
 * each touch's positions (for position models; 0 otherwise).
 */
int attribution_weights(const split *s, const touch *t, size_t n, day_t close,
                        mpq_t *w, position_mask *held);

/*
 * attribution_weights in machine words (qfast.h): the same weights into
 * w[0..n), exactly, and the same 1 or 0; -1 when a weight or a sum on the
 * way does not fit a word, and always for markov and shapley (then w is
 * undefined and the caller uses attribution_weights).
 */
int attribution_weights_small(const split *s, const touch *t, size_t n, day_t close, qw *w);

#endif
