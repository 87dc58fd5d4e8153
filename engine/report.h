/*
 * report.h - every output format, built in memory.
 *
 * Reports read the plan, batch, credits and earnings; they compute nothing
 * that changes a figure, only select and format.  Each function appends to a
 * strbuf, and the caller decides where the bytes go (see outdir.h).
 */
#ifndef TRUCE_REPORT_H
#define TRUCE_REPORT_H

#include "batch.h"
#include "credit.h"
#include "adjustments.h"
#include "earn.h"
#include "paid.h"
#include "plan.h"
#include "strbuf.h"

typedef struct report_ctx {
    const plan *p;
    const batch *b;
    const credits *c;
    const earnings *e;
    period per;         /* the reported period: months per.first..per.last of the plan year */
    shard shard;        /* credits.csv keeps the rows of this shard's payees ({0,0}: all) */
    const paid_history *paid;  /* --paid: what earlier months paid (NULL: paid as computed) */
    int grouped;        /* statements group thousands (grouping.h); explain keeps plain figures */
} report_ctx;

/* payouts.csv (contract section 4). */
void report_payouts(strbuf *out, const report_ctx *r);
/* credits.csv: the credit lines of the deals closing in the period. */
void report_credits(strbuf *out, const report_ctx *r);
/* statements/PAYEE.txt for earnings slot s (r->e->v[s]). */
void report_statement(strbuf *out, const report_ctx *r, size_t s);
/* statements/PAYEE.html: the same statement as a printable page (statement_html.c, html.h). */
void report_statement_html(strbuf *out, const report_ctx *r, size_t s);

/* Payable for component k of slot s: round(E(last)) minus what was paid through first-1 (paid.h). */
void report_payable(mpz_t out, const report_ctx *r, size_t s, size_t k);
/* The period's payout as the ledger computes it now: R(last) - R(first-1). */
void report_period_payout(mpz_t out, const report_ctx *r, size_t s, size_t k);
/* The prior-period adjustment (true-up): payable minus the period's payout, 0 when earlier
   periods were paid as the ledger computes them now. */
void report_trueup(mpz_t out, const report_ctx *r, size_t s, size_t k);
/*
 * The true-up's parts, one per earlier month (or paid period) paid otherwise than computed now:
 * from month *j on (start at 1), finds the next one, sets its span, what was paid and what is
 * computed now (minor units; the part is owed - paid), and moves *j past it; 0 when none is left.
 */
int report_trueup_next(const report_ctx *r, size_t s, size_t k, int *j, period *span, mpz_t paid,
                       mpz_t owed);
/*
 * A component's year-to-date figures and payout as a statement shows them,
 * with the prior-period adjustment when earlier months were paid otherwise;
 * pay receives the payable amount.
 */
void report_payout_block(strbuf *sb, const report_ctx *r, size_t s, size_t k, mpz_t pay);
/* An exact value with its rounding beside it when they differ: "17399.99944 (rounded 17400.00)". */
void report_exact_rounded(strbuf *sb, const report_ctx *r, const mpq_t v);
/* Does deal di close in the reported period? */
int report_in_period(const report_ctx *r, uint32_t di);
/*
 * Commission ki's walk over the period, as the text statement shows it (4 spaces deep): each
 * credit line through the tiers of its month (marginal), or the tier the window's credit falls
 * in (retroactive), and whether the cap was reached.
 */
void report_commission_walk(strbuf *sb, const report_ctx *r, const payee_earnings *pe, size_t ki);
/* A rate as an exact percentage: "8%", "100/3%". */
void report_rate(strbuf *sb, const mpq_t rate);
/* Tier i's bounds: "0 to 300000", "600000 and above" ("300,000" when grouped). */
void report_tier_range(strbuf *sb, const component *k, mpq_t *const limits, size_t i,
                       int grouped);
/*
 * Line l's walk through k's tiers from running total `before`, a row per tier
 * it touches, each `indent` deep: "tier 2 (300000 to 600000): 5000 x 8% =
 * 400".  The parts and the sum left in `earned` are tiers.c's
 * (tier_line_parts), the figures the run earned; thousands grouped when
 * `grouped` (a statement), plain for explain.
 */
void report_tier_walk(strbuf *sb, const char *indent, mpq_t earned, const component *k,
                      mpq_t *const limits, const mpq_t before, const credit_line *l,
                      const batch *b, int grouped);

/* The pay mechanics' figures of a component over the report's period (components with flows). */
typedef struct flow_figures {
    int draw;                      /* a draw: only draw_paid and draw_recovered are set */
    mpq_t earned, clawback;        /* earned in the period before clawbacks; clawed back (<= 0) */
    mpq_t released, held;          /* released in the period; held at its end */
    mpq_t held_before;             /* held at its start: held_before + earned + clawback - released
                                      = held */
    mpq_t adjusted;                /* manual adjustments of the period */
    int holds;                     /* something was held at the end of a month of the year
                                      through the period's last: show released and held */
    mpz_t draw_paid, draw_recovered; /* minor units */
} flow_figures;

/* Fills f (initialising it; free with report_flow_figures_clear) for component k of pe. */
void report_flow_figures(flow_figures *f, const report_ctx *r, const payee_earnings *pe, size_t k);
void report_flow_figures_clear(flow_figures *f);

/* Is adjustment a of component k of pe in the report's period? */
int report_adjustment_in_period(const report_ctx *r, const payee_earnings *pe, size_t k,
                                const adjustment *a);

/* "commission", "spif", "bonus", "curve", "draw". */
const char *component_kind_name(component_kind k);

/* ledger.csv: the pay mechanics' figures of the period (file-formats.md); written only when
   the plan or the batch uses a pay mechanic. */
#define LEDGER_FILE "ledger.csv"
#define LEDGER_HEADER "period,payee_id,role,component_id,kind,amount,reason,approved_by"
void report_ledger(strbuf *out, const report_ctx *r);

#endif
