/*
 * plandiff.h - `truce diff`: one batch under two plans, over a month, a
 * quarter, a half-year or the year, and who gains or loses and why.
 *
 * Both runs are ordinary run_compute results on the same batch; the diff
 * only reads them.  A payee's figure for a period is what the months of the
 * period pay, R(last) - R(first - 1) (contract 3.4, no paid history).  For
 * each payee whose total changes, the diff walks the payee's credit lines in
 * the contract's order under both plans and names the first line whose
 * credit or earnings differ, and the rule behind it: a different split,
 * share or attribution model (credit), or a different tier, rate, cap or
 * SPIF.
 *
 * plandiff.c computes all of it into a plandiff, as data; plandiff_report.c
 * renders that data as diff.csv, diff.html and the summary, and writes the
 * output directory.
 */
#ifndef TRUCE_PLANDIFF_H
#define TRUCE_PLANDIFF_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "credit.h"
#include "date.h"
#include "diag.h"
#include "plan.h"
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

/* ---- the differences (plandiff.c) --------------------------------------------- */

/* One diff.csv row: what the period pays a payee for a component under each plan (minor
   units; 0 where a plan does not pay it). */
typedef struct plandiff_row {
    uint32_t payee;            /* batch index */
    const char *component;     /* the component's id */
    mpz_t old, new_, delta;    /* delta = new - old */
} plandiff_row;

/* A rule's place: a plan file and a line in it (file NULL: none, as for "no split"). */
typedef struct plandiff_at {
    const char *file;
    long line;
} plandiff_at;

/* The rule behind the first line that differs. */
typedef enum plandiff_why {
    /* its credit differs */
    WHY_SPLIT,          /* another split holds (at: the new one, old_at: the old one) */
    WHY_CREDIT_RULES,   /* an overlay or roll-up line (role): the split's overlays, <credit>'s roll-ups */
    WHY_PART,           /* the split's closer or marketing part (role) is added or removed */
    WHY_SHARE,          /* the part's share: was -> now */
    WHY_MODEL,          /* the attribution model: model_was -> model_now */
    WHY_WEIGHTS,        /* the same model (model_now), other weights */
    /* its credit is the same, its earnings differ */
    WHY_ROLE,           /* the payee's role is new in the new plan (added) or not in it */
    WHY_GONE,           /* component is not in the new plan */
    WHY_KIND,           /* component changed kind */
    WHY_SPIF,           /* a different SPIF: pay, window or when */
    WHY_CAP,            /* a commission's cap */
    WHY_TIERS,          /* a commission's mode or number of tiers, or tiers otherwise */
    WHY_LIMIT,          /* the limit of tier `tier` */
    WHY_RATE,           /* the rate of tier `tier`: was -> now */
    WHY_NEW,            /* component is new in the new plan */
    WHY_SAME,           /* every component earns the same on the line */
} plandiff_why;

typedef struct plandiff_reason {
    plandiff_why why;
    plandiff_at at;                 /* the rule in the new plan (WHY_SPLIT: the new split) */
    plandiff_at old_at;             /* WHY_SPLIT: the old split */
    const char *component;          /* WHY_GONE .. WHY_NEW: the component's id */
    credit_role role;               /* WHY_CREDIT_RULES, WHY_PART, WHY_SHARE: the line's role */
    int added;                      /* WHY_PART, WHY_ROLE: added (1) or removed (0) */
    size_t tier;                    /* WHY_LIMIT, WHY_RATE: its index */
    const mpq_t *was, *now;         /* WHY_SHARE, WHY_RATE: old and new share or rate */
    attribution_model model_was, model_now;  /* WHY_MODEL; WHY_WEIGHTS: model_now */
} plandiff_reason;

/* A payee whose pay changes over the period, and the first of its lines that differs. */
typedef struct plandiff_payee {
    uint32_t payee;            /* batch index */
    mpz_t old, new_, delta;    /* the period's totals (minor units) */
    int found;                 /* a line differs (else: a SPIF, a quota-based limit, or lines
                                  after the period) */
    uint32_t deal;             /* the line: its deal, role and campaign (-1: none) */
    credit_role role;
    int32_t campaign;
    int has_old, has_new;      /* the line is credited under the old, the new plan */
    mpq_t credit_old, credit_new;
    int same_credit;           /* the same credit both ways: what it earns differs */
    mpq_t earned_old, earned_new;  /* same_credit: what it earns under each plan, all
                                      components, before rounding */
    plandiff_reason why;
} plandiff_payee;

/* The payees who gain or lose: how many, the median change (of two middle ones, the smaller
   change) and the largest. */
typedef struct plandiff_movers {
    size_t n;
    mpz_t median, largest;
} plandiff_movers;

typedef struct plandiff {
    const run_state *old, *new_;
    period per;
    plandiff_row *rows;        /* by payee_id; a payee's components in the old role's order,
                                  then the new role's others */
    size_t nrows;
    mpz_t total_old, total_new;
    mpq_t revenue;             /* won deals closing in the period, exact */
    plandiff_movers gain, lose;
    size_t unchanged;
    plandiff_payee *changed;   /* by payee_id */
    size_t nchanged;
} plandiff;

/* Compares the two runs over `per` (plandiff_check first); free with plandiff_free.  The
   result points into both runs, which must outlive it. */
void plandiff_compute(plandiff *df, const run_state *old, const run_state *new_,
                      const period *per);
void plandiff_free(plandiff *df);

/* ---- rendering (plandiff_report.c) ------------------------------------------------ */

/* diff.csv: a row per payee (by payee_id) and component. */
void plandiff_csv(strbuf *out, const plandiff *df);

/* The summary `truce diff` prints: totals, cost share of revenue, gainers and losers, reasons. */
void plandiff_summary(strbuf *out, const plandiff *df, const char *period_text);

/* diff.html: each changed payee's delta as a bar chart, every diff.csv row, the summary. */
void plandiff_html(strbuf *out, const plandiff *df);

/*
 * Writes diff.csv, diff.html and a manifest.xml (recording `command`, the
 * arguments after the program's name, and the period, and listing the files)
 * into the directory `out`, atomically like run_write (out must be free
 * unless force, which replaces only a directory truce wrote).  0, or -1
 * (reported; out as it was).
 */
int plandiff_write(const plandiff *df, const char *out, int force, const char *const *command,
                   size_t ncommand, diag *d);

#endif
