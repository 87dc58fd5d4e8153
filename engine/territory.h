/*
 * territory.h - who covers a deal: territories.csv.
 *
 * territories.csv (optional) has the columns payee_id,field,value,from,to.
 * A row gives payee_id the deals whose deals.csv column `field` holds exactly
 * `value` (bytewise; an empty value matches an empty cell) and whose
 * close_date lies in [from, to] (either may be empty: open).  payee_id must be
 * a payee, field a deals.csv header name, from and to dates with from <= to.
 * Overlay splits credit the payees of a role that cover a deal.
 */
#ifndef TRUCE_TERRITORY_H
#define TRUCE_TERRITORY_H

#include <stddef.h>
#include <stdint.h>
#include "batch.h"

/*
 * The payees whose roster role is `role` and that have a territories.csv row
 * covering deal `deal`: their indices, distinct and ascending, into
 * out[0..cap).  Returns how many there are, which may exceed cap (then only
 * the first cap were written: ask again with room for all).  0 when
 * territories.csv was not given.  Employment is not checked here.  Rows are
 * indexed by (field, value), so a deal costs one lookup per distinct field,
 * whatever the number of rows.  Read-only: any thread may ask.
 */
size_t territory_covering(const batch *b, uint32_t deal, const char *role, uint32_t *out,
                          size_t cap);

/*
 * Loads b->territories_csv, once its table is read: every row checked,
 * every problem reported to d; the valid rows indexed into b->territory.
 * 0, or -1 (b->territory stays NULL when a column is missing).
 */
int territory_load(batch *b, diag *d);
/* Frees what territory_load built; b->territory is NULL after. */
void territory_free(batch *b);

#endif
