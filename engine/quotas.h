/*
 * quotas.h - quotas given per window: quotas.csv.
 *
 * quotas.csv (optional) has the columns payee_id,window,quota.  A window is a
 * year (YYYY), a half (YYYY-H1, YYYY-H2), a quarter (YYYY-Q1 .. YYYY-Q4) or a
 * month (YYYY-MM); quota is an amount (the batch amount grammar, not empty,
 * not below zero).  payee_id must be a payee, and a (payee, window) pair may
 * appear once.  A window's quota from this file is used as given; without one
 * the annual quota is divided (earn.h).
 */
#ifndef TRUCE_QUOTAS_H
#define TRUCE_QUOTAS_H

#include <stdint.h>
#include <gmp.h>
#include "batch.h"

/*
 * 1 and out = the quota, when quotas.csv has payee `payee` with exactly the
 * window of months [first_month, last_month] of `year` (a year is 1..12, H1
 * 1..6, Q2 4..6, a month m m..m); else 0 and out untouched.  out must be
 * initialised.  Read-only: any thread may ask.
 */
int quota_given(const batch *b, uint32_t payee, int year, int first_month, int last_month,
                mpq_t out);

/*
 * Loads b->quotas_csv, once its table is read: every row checked, every
 * problem reported to d; the valid rows into b->quotas, sorted for
 * quota_given.  A (payee, window) pair seen again is an error at the later
 * row.  0, or -1 (b->quotas stays NULL when a column is missing).
 */
int quotas_load(batch *b, diag *d);
/* Frees what quotas_load built; b->quotas is NULL after. */
void quotas_free(batch *b);

#endif
