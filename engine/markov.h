/*
 * markov.h - the first-order Markov model of issue 17, exact: removal
 * effects of every campaign from one elimination (markov.c says how).
 */
#ifndef TRUCE_MARKOV_H
#define TRUCE_MARKOV_H

#include <gmp.h>
#include "journeys.h"

/* Most units markov_removal_effects accepts: its work grows as n^3 on big integers
   (docs/limits.md; bench/RESULTS.md has the times). */
#define MARKOV_MAX_UNITS 1000u

/*
 * RE(u) = 1 - P(without u) / P for every unit u of j into re[0..j->n)
 * (initialised), and P, the probability of absorption in won from start,
 * into p (initialised; may be NULL).  When P = 0 every RE is 0.  Returns
 * -1 (nothing set) when j->n > MARKOV_MAX_UNITS, else 0.
 */
int markov_removal_effects(const journeys *j, mpq_t *re, mpq_t p);

#endif
