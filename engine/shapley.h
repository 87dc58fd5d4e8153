/*
 * shapley.h - Shapley values on conversion rates (issue 17), exact, from
 * the campaign sets the journeys hold (shapley.c says how).
 */
#ifndef TRUCE_SHAPLEY_H
#define TRUCE_SHAPLEY_H

#include <gmp.h>
#include "journeys.h"

/*
 * phi(u) for every unit u of j into phi[0..j->n) (initialised):
 * phi(u) = sum over S of N without u of |S|! (n-|S|-1)! / n! (v(S + u) - v(S)),
 * v(S) = won / (won + lost) over the journeys whose set of distinct units is
 * exactly S, 0 when none is.  Returns the number of distinct sets.
 */
size_t shapley_values(const journeys *j, mpq_t *phi);

#endif
