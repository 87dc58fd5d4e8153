/*
 * teamsplit.h - team splits of the closer credit: splits.csv.
 *
 * splits.csv (optional) has the columns deal_id,payee_id,share.  A deal with
 * rows there has its closer share divided among them, each payee getting
 * amount x closer share x share; a deal without rows keeps closer_id.  Every
 * deal_id must be a deal and every payee_id a payee; share is a plan number
 * (0.5, 50%, 1/2) above zero; a (deal, payee) pair may appear once; and the
 * shares of a deal must add up to exactly 1 (100%).
 */
#ifndef TRUCE_TEAMSPLIT_H
#define TRUCE_TEAMSPLIT_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"

typedef struct team_share {
    uint32_t payee;          /* payee index */
    mpq_t share;             /* > 0; a deal's shares add up to 1 */
    long line;               /* splits.csv line */
} team_share;

/*
 * The splits.csv rows of deal `deal`, in file order: *n of them, or NULL and
 * *n = 0 when the deal has none (or splits.csv was not given).  Read-only,
 * so any thread may ask.
 */
const team_share *batch_team(const batch *b, uint32_t deal, size_t *n);

/*
 * Loads b->splits_csv, once its table is read: every row checked, pairs
 * seen twice, then each deal's sum, every problem reported to d; the valid
 * rows into b->team, grouped by deal.  0, or -1 (b->team stays NULL when a
 * column is missing).
 */
int teamsplit_load(batch *b, diag *d);
/* Frees what teamsplit_load built; b->team is NULL after. */
void teamsplit_free(batch *b);

#endif
