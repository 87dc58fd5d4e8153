/*
 * plandiff.h - `truce diff`: one batch under two plans, over a month, a
 * quarter or the year, and who gains or loses and why.
 *
 * Both runs are ordinary run_compute results on the same batch; the diff
 * only reads them.  A payee's figure for a period is what the months of the
 * period pay, R(last) - R(first - 1) (contract 3.4, no paid history).  For each
 * payee whose total changes, the diff walks the payee's credit lines in the
 * contract's order under both plans and names the first line whose credit
 * or earnings differ, and the rule behind it: a different split, share or
 * attribution model (credit), or a different tier, rate, cap or SPIF.
 */
#ifndef TRUCE_PLANDIFF_H
#define TRUCE_PLANDIFF_H

#include "date.h"
#include "diag.h"
#include "strbuf.h"

struct run_state;
typedef struct run_state run_state;

#define PLANDIFF_CSV "diff.csv"
#define PLANDIFF_HTML "diff.html"
#define PLANDIFF_HEADER "payee_id,role,component_id,old,new,delta,delta_pct"

/*
 * Checks that the two runs can be compared over `per`: the same year as
 * both plans, the same currency.  0, or -1 (reported to d).
 */
int plandiff_check(const run_state *old, const run_state *new_, const period *per, diag *d);

/* diff.csv: per payee (by payee_id) and component (old plan order, then new-only ones). */
void plandiff_csv(strbuf *out, const run_state *old, const run_state *new_, const period *per);

/* The summary `truce diff` prints: totals, cost share of revenue, gainers and losers, reasons. */
void plandiff_summary(strbuf *out, const run_state *old, const run_state *new_,
                      const period *per, const char *period_text);

/*
 * Writes diff.csv, diff.html and a manifest.xml (recording `command`, the
 * arguments after the program's name, and the period, and listing the files)
 * into the directory `out`, atomically like run_write (out must be free
 * unless force, which replaces only a directory truce wrote).  0, or -1
 * (reported; out as it was).
 */
int plandiff_write(const run_state *old, const run_state *new_, const period *per,
                   const char *out, int force, const char *const *command, size_t ncommand,
                   diag *d);

#endif
