/*
 * scoreboard.h - the campaign scoreboard (scoreboard.csv): one row per
 * campaign with what marketing and sales both read off it.
 *
 * The figures are year to date through the reported month, over in-scope
 * deals: deals touched (won or lost), won deals, the win rate, the won deals
 * attributed to the campaign (a fractional count: the sum of its attribution
 * weights), the revenue so attributed, the campaign's cost, ROI, cost per
 * attributed won deal, and the commission paid on its credit: marketing
 * commission on its marketing lines and closer commission on the same deals
 * (weighted by the campaign's share of each deal).  A payee's commission is
 * spread over its credit pro rata: a line of credit c earns
 * c x E(m) / C(m), the payee's year-to-date earnings over its credit.
 */
#ifndef TRUCE_SCOREBOARD_H
#define TRUCE_SCOREBOARD_H

#include "batch.h"
#include "diag.h"
#include "earn.h"
#include "plan.h"
#include "scoreacc.h"
#include "strbuf.h"

#define SCOREBOARD_FILE "scoreboard.csv"
#define SCOREBOARD_RATIO_DECIMALS 4u   /* win_rate and roi: 0.6667, rounded half-up */
#define SCOREBOARD_HEADER                                                                  \
    "campaign_id,name,owner_id,deals_touched,deals_won,win_rate,won_attributed,"        \
    "attributed_revenue,cost,roi,cost_per_won,marketing_commission,closer_commission"

/*
 * Appends scoreboard.csv for month `month` (1..12) to out.  e holds the
 * earnings of every paid payee (an unsharded run's; see scoreboard_earnings
 * for a shard's).  Deals are credited again, one at a time (scoreboard_files
 * can use what the run gathered instead); the run has already reported
 * their problems, so none is reported here.
 */
void scoreboard_csv(strbuf *out, const plan *p, const batch *b, const earnings *e, int month);

/*
 * The month a run gathers the scoreboard's sums for while crediting
 * (scoreacc_init): the last month it keeps, when it writes the scoreboard at
 * all (unsharded, or shard 0: see truce.c); else 0, nothing.
 */
static inline int scoreboard_month(int month_last, shard sh)
{
    return sh.n > 1 && sh.k != 0 ? 0 : month_last;
}

/* scoreboard.html: the same figures as a page, with revenue and cost as an SVG bar chart. */
#define SCOREBOARD_HTML "scoreboard.html"
void scoreboard_html(strbuf *out, const plan *p, const batch *b, const earnings *e, int month);

/*
 * Both files (what a run writes).  acc: the deals as the run gathered them
 * while crediting (scoreacc.h); when it is NULL or was gathered for another
 * month, the deals are credited again here, as scoreboard_csv does.
 */
void scoreboard_files(strbuf *csv, strbuf *html, const plan *p, const batch *b, const earnings *e,
                      int month, const scoreacc *acc);

/*
 * Every paid payee's earnings, whatever shard a run computed: what a
 * sharded run's shard 0 needs to write the scoreboard.  e: uninitialised;
 * free it with earnings_free.  0, or -1 (e then holds nothing to free).
 */
int scoreboard_earnings(earnings *e, const plan *p, const batch *b);
/* The same for a plan with versions: version[m] is the one in force in month m = 1..12. */
int scoreboard_earnings_versions(earnings *e, const plan *const *version, const batch *b);

#endif
