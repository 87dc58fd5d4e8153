/*
 * earn.h - from credit to exact earnings, month by month (contract 3.3),
 * and their cumulative rounding (3.4).
 *
 * Earning happens in three steps, so that millions of deals can stream
 * through it and threads can share the work:
 *   earn_prepare    - which payees are paid (their role is in the plan, and
 *                     they belong to this shard), each one's tier limits;
 *   earn_accumulate - for each credited deal, add its lines to per-payee,
 *                     per-month totals (in an earn_acc, one per thread;
 *                     accumulators are merged exactly, in any order);
 *   earn_finish     - E(m) for every month and component, R(m) = round(E(m)),
 *                     and the reported month's lines for the statements.
 * The payout of month m is R(m) - R(m-1), so months add up to the rounded year.
 */
#ifndef TRUCE_EARN_H
#define TRUCE_EARN_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "credit.h"
#include "diag.h"
#include "plan.h"
#include "qsum.h"
#include "walk.h"
#include "window.h"

#define EARN_MONTHS 12

/* The pay mechanics' series of a component (issue 6), all cumulative through month m. */
typedef struct component_flows {
    mpq_t clawback[EARN_MONTHS + 1];  /* clawed back (<= 0), included in E */
    mpq_t released[EARN_MONTHS + 1];  /* released; held(m) = E[m] - released[m] */
    mpq_t adjusted[EARN_MONTHS + 1];  /* manual adjustments */
    mpz_t draw_paid[EARN_MONTHS + 1], draw_recovered[EARN_MONTHS + 1]; /* draw, minor units */
} component_flows;

typedef struct component_earnings {
    mpq_t E[EARN_MONTHS + 1];     /* exact cumulative earnings through month m; E[0] = 0 */
    mpz_t R[EARN_MONTHS + 1];     /* E rounded to minor units */
    mpq_t W[EARN_MONTHS + 1];     /* commission: credit of the attainment window through month m
                                     (the running total, which restarts with each window) */
    mpq_t *month_limits[EARN_MONTHS + 1]; /* commission, [1..12]: absolute upper limit of each
                                     tier but the last, in force in month m (window quota, plan
                                     version); months with the same limits share one array */
    mpq_t *limits;                /* month_limits of the reported month (of month 1 when none) */
    component_flows *flows;       /* NULL unless the plan or batch uses a pay mechanic: then
                                     R[m] = round(released[m] + adjusted[m]) (a draw: paid -
                                     recovered) */
    uint32_t *spif_deals;         /* spif: the reported month's qualifying deals, in line order */
    size_t nspif_deals;
    struct walk_lines *reversals; /* commission with a recalculate clawback: the negative lines
                                     its events added to the walk, in statement order (NULL:
                                     none), for the statements */
} component_earnings;

typedef struct payee_earnings {
    uint32_t payee;               /* index in batch.payees */
    const role *role;
    size_t spif_base;             /* first of this payee's SPIF counters in an earn_acc */
    size_t nspif;                 /* how many SPIFs the role has */
    size_t *lines;                /* the reported month's lines (indices in the month's credits),
                                     ordered by close_date, deal_id, closer first, campaign_id */
    size_t nlines;
    mpq_t C[EARN_MONTHS + 1];     /* cumulative credit through month m */
    const role *month_role[EARN_MONTHS + 1]; /* [1..12]: the role in the plan version in force in
                                     month m (versions share roles and components, in order) */
    int walks;                    /* some version walks one of its commissions' lines: the
                                     accumulator keeps them */
    component_earnings *comp;     /* role->ncomponents */
} payee_earnings;

typedef struct earnings {
    const plan *version[EARN_MONTHS + 1]; /* [1..12]: the plan version in force in month m */
    payee_earnings *v;            /* paid payees, ordered by payee_id bytewise */
    size_t n;
    long *slot;                   /* per batch payee: index in v, or -1 */
    size_t nspif;                 /* SPIF counters per earn_acc (sum over payees of their SPIFs) */
    int mechanics;                /* some pay mechanic is used: components have flows */
    int walk;                     /* some commission walks its lines: earn_acc keeps them */
    size_t ignored_events[3];     /* events ignored: after the year, outside the clawback window,
                                     on a commission without a clawback policy */
} earnings;

/* Shard K of N: the payees whose id hashes to K (N = 0 or 1: every payee). */
typedef struct shard {
    unsigned k, n;
} shard;

/* FNV-1a of the payee id modulo n: the shard a payee belongs to. */
unsigned shard_of(const char *payee_id, unsigned n);

/*
 * Chooses the paid payees (role in the plan, in the shard; warns about
 * roles not in the plan) and computes their tier limits; a % limit needs a
 * quota above zero (reported as an error naming the payee).  0 or -1.
 */
int earn_prepare(earnings *e, const plan *p, const batch *b, shard sh, diag *d);

/*
 * earn_prepare for a plan with versions: version[m] (m = 1..12) is the
 * version in force in month m (version[0] unused); they share the roles and
 * components (planset.h checks it).  Tier limits are computed per month:
 * a % limit is of the window quota (quotas.csv, else annual_quota times the
 * window's months / 12, prorated by the days employed in the window).
 */
int earn_prepare_versions(earnings *e, const plan *const *version, const batch *b, shard sh,
                          diag *d);

typedef struct earn_acc {
    qsum *credit;                 /* n * 13: credit of payee slot s in month m at [s * 13 + m] */
    long *spif;                   /* nspif * 13: qualifying deals per SPIF counter and month */
    size_t n, nspif;
    walk_kept *lines;             /* earnings.walk: per payee slot, the credit lines of a payee
                                     that walks (payee_earnings.walks) */
} earn_acc;

void earn_acc_init(earn_acc *a, const earnings *e);
void earn_acc_free(earn_acc *a);
/* into += from (exact, so the order of merging cannot change a figure). */
void earn_acc_merge(earn_acc *into, const earn_acc *from);

/*
 * Adds one deal's credit lines (all of them, as credit_deal made them) to the
 * accumulator, and counts the deal for the SPIFs of the payees it credits.
 * SPIF `when` errors are reported (deal line and id); returns -1 then.
 */
int earn_accumulate(earn_acc *a, const earnings *e, const plan *p, const batch *b,
                    uint32_t deal, const credit_line *lines, size_t n, diag *d);

/*
 * Cumulative credit, E(m) and R(m) for every paid payee and component (with
 * the pay mechanics: the line walk, bonuses, curves, adjustments and the
 * draw, pay.h); then gives each payee its lines from month_lines (the lines
 * of every deal closing in the reported period; month 0: none, as `check`
 * reports nothing) and the period's qualifying SPIF deals.
 */
void earn_finish(earnings *e, const earn_acc *a, const plan *p, const batch *b,
                 const credits *month_lines, int month);

void earnings_free(earnings *e);

/* The running total before month m's lines: 0 when m starts the component's window. */
void earn_running_before(mpq_t out, const component_earnings *ce, const component *k, int m);

/* The last month, from month j up to `last`, of the run of months that pay component ki under
   one plan version (a retroactive window's months are taken a version at a time). */
int earn_version_end(const payee_earnings *pe, size_t ki, int j, int last);

#endif
