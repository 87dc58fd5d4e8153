/*
 * window.h - attainment windows (a month, quarter, half or the year) and the
 * quota each measures against.
 *
 * A commission's running total, a bonus's levels and a curve's target all
 * restart with each window; bonuses, curves and % tier limits and gates
 * measure against the window's quota.
 */
#ifndef TRUCE_WINDOW_H
#define TRUCE_WINDOW_H

#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "plan.h"

/* First month of the attainment window holding month m. */
int window_start(attain_window w, int m);

/* The quota of the attainment window holding month m: quotas.csv's figure, else the annual
   quota's share of the year, prorated by the days employed in the window. */
void earn_window_quota(mpq_t out, const batch *b, uint32_t pi, int year, attain_window w,
                       int m);

/* Does some window of the year have no quotas.csv figure, so that it needs annual_quota? */
int window_needs_annual_quota(const batch *b, uint32_t payee_index, int year, attain_window w);

#endif
