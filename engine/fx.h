/*
 * fx.h - deals in other currencies: fx.csv and the conversion.
 *
 * deals.csv may have a `currency` column: empty (the plan's currency) or an
 * ISO 4217 code.  fx.csv (optional) has the columns date,currency,rate: rate
 * is how many units of the plan's currency one unit of `currency` is worth
 * from `date` on (a decimal above zero); a (date, currency) pair may appear
 * once, and the plan's own currency may not appear.  A deal in another
 * currency is converted with the latest rate dated on or before its
 * close_date, before crediting.
 */
#ifndef TRUCE_FX_H
#define TRUCE_FX_H

#include <stdint.h>
#include <gmp.h>
#include "batch.h"

/*
 * Converts the deals of year plan_year whose currency cell is not empty and
 * not plan_currency: amount x the rate of the latest fx.csv row of that
 * currency dated on or before the deal's close_date.  The original amount is
 * kept (batch_original_amount).  Also checks that fx.csv has no row of
 * plan_currency.  A deal without a rate (or any foreign deal when fx.csv was
 * not given) is an error at its deals.csv line and currency column.  A deal
 * converted once is not converted again.  0, or -1 with every problem
 * reported.  Call it once the batch is loaded and before any thread reads it.
 */
int fx_convert(batch *b, const char *plan_currency, int plan_year, diag *d);

/* The amount as deals.csv gives it, for a deal fx_convert converted; NULL for any other. */
const mpq_t *batch_original_amount(const batch *b, uint32_t deal);

/* The deal's `currency` cell, or NULL when the column is absent or the cell empty. */
const char *batch_deal_currency(const batch *b, uint32_t deal);

/*
 * Loads b->fx_csv, once its table is read: every row checked, every
 * problem reported to d; the valid rows into b->fx, sorted by currency, then
 * date.  A (date, currency) pair seen again is an error at the later row.
 * 0, or -1 (b->fx stays NULL when a column is missing).
 */
int fx_load(batch *b, diag *d);
/* Frees what fx_load and fx_convert built; b->fx is NULL after. */
void fx_free(batch *b);

#endif
