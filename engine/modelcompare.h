/*
 * modelcompare.h - `truce scoreboard --models`: each campaign's attributed
 * revenue under every attribution model, side by side.
 *
 * The deals are those scoreboard.csv attributes: in-scope won deals closing
 * by the end of the month whose split gives marketing credit.  Under each
 * model a deal's amount is divided among its campaigns by that model's
 * weights (contract 3.2; time-decay with the default half-life, 7 days,
 * unless the deal's split says otherwise); the `plan` column uses the
 * split's own model, so it equals scoreboard.csv's attributed_revenue.
 * The markov and shapley columns (issue 17) use weights fitted on every
 * in-scope deal closing by the end of the month with an eligible touch,
 * won or lost, whatever its split (a split using them in the plan keeps
 * its own trained-on fit in the `plan` column).
 * What a model cannot attribute (no eligible touch, no touch at its
 * positions) is the last row, `(unattributed)`, so every column adds up to
 * the same revenue.
 */
#ifndef TRUCE_MODELCOMPARE_H
#define TRUCE_MODELCOMPARE_H

#include "batch.h"
#include "plan.h"
#include "strbuf.h"

/*
 * Appends the comparison CSV for month `month` (1..12): campaign_id,plan,linear,...,inverse-j,markov,shapley.
 * version[m] (m = 1..12) is the plan version in force in month m (earnings.version): a deal's
 * split is chosen by the version of its close date, as in the run.
 */
void modelcompare_csv(strbuf *out, const plan *const *version, const batch *b, int month);

#endif
