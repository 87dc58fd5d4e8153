/*
 * scoreacc.h - what the campaign scoreboard needs from the deals, gathered
 * while the run credits them, so that writing it credits nothing again.
 *
 * Per campaign: the deals touched and won, and three exact sums over its
 * marketing lines (revenue = credit / marketing share, attributed won deals
 * = that over the amount, credit).  Per (campaign, payee): the sum over the
 * campaign's marketing lines of the line's attribution weight times the
 * credit of each closer line of the same deal going to that payee.  The
 * closer commission of a campaign is then the sum over payees of that times
 * the payee's commission rate E(m) / C(m) (scoreboard.h), which only the
 * writer knows: it is the same exact figure as summing, line by line,
 * weight x each closer line's credit x its payee's rate.
 *
 * The figures are year to date through one month (the reported period's
 * last), over the plan year's deals.  Each crediting thread fills its own
 * scoreacc; they are merged exactly, in any order.
 */
#ifndef TRUCE_SCOREACC_H
#define TRUCE_SCOREACC_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "credit.h"
#include "plan.h"
#include "qacc.h"
#include "qtree.h"

/* A campaign's sum: a qacc, and the terms it refused (a qtree, made on the first one). */
typedef struct score_sum {
    qacc small;
    qtree *rest;
} score_sum;

typedef struct campaign_tally {
    long touched, won;       /* distinct deals with an eligible touch of the campaign; won of them */
    score_sum revenue;       /* sum of weight x amount */
    score_sum won_attr;      /* sum of weights over won deals */
    score_sum credit;        /* sum of its marketing lines' credit */
} campaign_tally;

/* One (campaign, payee) sum: num / den as a qacc, packed. */
typedef struct score_pair {
    __int128 num;
    uint64_t den;
    uint32_t campaign, payee;
} score_pair;

/* A term too large for a score_pair. */
typedef struct score_term {
    uint32_t campaign, payee;
    mpq_t x;
} score_term;

/*
 * The (campaign, payee) terms of one crediting thread.  Its value is the sum
 * of: every v[i] (num / den); for a summed pair i < nsummed with spill and
 * spill[i] != 0, spilled[spill[i] - 1] too; and every big[b].
 */
typedef struct score_pairs {
    score_pair *v;           /* v[0..nsummed): one sum per pair, by (campaign, payee);
                                v[nsummed..n): terms as added */
    size_t n, nsummed, cap;
    uint32_t *spill;         /* per entry of v (NULL until needed): 1 + index in spilled, or 0;
                                only summed pairs have one */
    mpq_t *spilled;          /* what a pair's qacc refused */
    size_t nspilled, capspilled;
    score_term *big;         /* terms too large for v since the last summing */
    size_t nbig, capbig;
} score_pairs;

typedef struct scoreacc {
    int year, month;         /* deals of months 1..month of year; month 0: gathers nothing */
    size_t ncampaigns;
    campaign_tally *campaign;
    score_pairs *pairs;      /* one set per thread merged in */
    size_t npairs;
    unsigned char *seen;     /* per campaign, cleared after each deal */
    uint32_t *closers;       /* the current deal's closer lines */
    struct wq *ratio;        /* and each one's credit over (marketing share x amount) */
    size_t capclosers;
    mpq_t q, w, t;           /* scratch */
} scoreacc;

/*
 * Ready to gather the deals of months 1..month of `year` for the scoreboard
 * of month `month` (0: nothing is gathered, nothing allocated).
 */
void scoreacc_init(scoreacc *a, const batch *b, int year, int month);

/*
 * Adds deal di, credited under plan version p as credit_deal returned (si,
 * and its lines): counted as touched by its campaigns whatever si is; its
 * marketing lines summed when it has lines.
 */
void scoreacc_deal(scoreacc *a, const plan *p, const batch *b, uint32_t di, long si,
                   const credits *lines);

/* into += from; from is left empty (its pair sets move into `into`), and must still be freed. */
void scoreacc_merge(scoreacc *into, scoreacc *from);

/* The exact value of a campaign's sum. */
void score_sum_value(const score_sum *s, mpq_t out);

void scoreacc_free(scoreacc *a);

#endif
