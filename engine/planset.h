/*
 * planset.h - the versions of one plan over its year.
 *
 * A plan may change during its year: each version is a plan file with
 * effective-from / effective-to on <plan>.  The versions must be the same
 * plan (id, year, currency, rounding, the same roles in the same order with
 * the same components: id, kind, order, window, mode) and, sorted by
 * effective-from, tile the year month by month with no gap and no overlap.
 * They may differ in splits, rollups, tiers, rates, caps and SPIF
 * parameters.  A deal is credited by the version in force on its close date.
 * A single plan is a set of one version, which must then be in force the
 * whole year.  Every problem is reported at the <plan> (or <role>, or
 * component) line of the version at fault.
 */
#ifndef TRUCE_PLANSET_H
#define TRUCE_PLANSET_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "plan.h"

typedef struct plan_set {
    plan **v;                  /* versions, ordered by effective_from (owned) */
    size_t n;
    uint8_t month_version[13]; /* [1..12]: index in v of the version in force that month; [0] unused */
} plan_set;

/*
 * Loads every path (plan_load_file, name = the path) and checks them as
 * versions of one plan.  0, or -1 after reporting every problem (ps is then
 * empty; plan_set_free on it is harmless).  n == 1 is a plain plan (no
 * tiling check beyond its own dates: a single plan effective for less than
 * its year is an error, since nothing would credit the rest).  n == 0 is an
 * error.
 */
int plan_set_load(plan_set *ps, const char *const *paths, size_t n, diag *d);

/*
 * The checks alone, on plans already loaded (for callers holding plans from
 * memory).  Takes ownership of the plans v[0..n-1], whatever the result (on
 * error they are freed); the array v itself is copied and stays the
 * caller's.  0 or -1, as plan_set_load.
 */
int plan_set_adopt(plan_set *ps, plan **v, size_t n, diag *d);

/* The version in force in month 1..12 of the plan year; NULL for another month. */
const plan *plan_set_at(const plan_set *ps, int month);

/* plan_bind on each version; 0, or -1 when any failed (all are reported). */
int plan_set_bind(plan_set *ps, const char *const *deal_header, size_t ncols, diag *d);

/* Frees every version; ps is left empty. */
void plan_set_free(plan_set *ps);

#endif
