/*
 * walk.c - a commission walked line by line, deal by deal (walk.h says why).
 *
 * For one payee: each deal of its lines gets a part, and the part a step for
 * each month in which something happens to the deal: its lines (at the
 * close), its events (a fraction reversed at the original rate, or the
 * reversal lines of a recalculate clawback), its payments (the share
 * released).  The lines and reversal lines are walked in statement order
 * through the tiers, window by window, each adding what it earned to its
 * step.  Then, month by month, a deal whose step comes up is summed again:
 * its old parts of E, of the clawback and of the released series taken away,
 * its new ones added (every deal, every month, when a gate or a retroactive
 * tier can move a deal without a step of its own).  Every figure is exact;
 * nothing is rounded here.  A walk_scratch holds the working memory, so its
 * rationals keep their limbs from payee to payee.
 */
#include "walk.h"
#include "tiers.h"
#include "window.h"
#include "credit.h"
#include "events.h"
#include "payments.h"
#include "qfast.h"
#include "qsum.h"
#include "walkfig.h"
#include "grow.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define NM 13
#define NONE UINT32_MAX

enum { S_E, S_K, S_L, NSERIES };   /* the series a walk sums: E, the clawback, released */


int walk_needed(const component *k)
{
    if (k->kind != COMP_COMMISSION)
        return 0;
    for (size_t i = 0; i < k->ntiers; i++)
        if (k->tiers[i].table)
            return 1;
    return k->gate != GATE_NONE || k->has_deal_cap || k->has_deal_floor ||
           k->release != RELEASE_BOOKING || k->clawback != CLAWBACK_NONE;
}


/* ---- the working memory ------------------------------------------------------- */

enum { STEP_REV = 1, STEP_FRAC = 2, STEP_SHARE = 4, STEP_PAID = 8 };

/* What one month does to a deal: its lines (and reversal lines) dated that month, which all
   belong to that month's window and plan version, its events and its payments. */
typedef struct walk_step {
    uint8_t month;
    uint8_t we;                     /* last month of the step's window */
    uint8_t flags;                  /* STEP_*: it has reversal lines, a fraction reversed at the
                                       original rate, a new paid share; the share is 1 */
    wv raw, rev;                    /* marginal: what its lines earned, of which reversal lines */
    wv credit, rev_credit;          /* retroactive: credit walked, of which reversal lines */
    wv frac;                        /* fraction reversed at the original rate */
    wv share;                       /* share of the deal's earnings released by the month's end */
} walk_step;

typedef struct walk_part {
    uint32_t deal;
    uint32_t first_step;            /* its steps: scratch steps[first_step ..], in month order */
    uint32_t first_line;            /* its kept lines, chained by scratch next_line */
    uint16_t months;                /* bit m: it has a step in month m */
    uint8_t nsteps, next;           /* next: the steps of the months summed so far */
    uint8_t close_month;            /* the deal's terms (deal cap, floor, release, clawback) are
                                       those of the version in force then */
    uint8_t has_frac, has_rev;      /* the steps summed so far reversed some of it at the original
                                       rate, had reversal lines */
    uint8_t paid;                   /* share is 1 */
    wv all, orig;                   /* what its steps so far earned, and without reversal lines
                                       (kept when only a step moves a deal) */
    wv frac;                        /* fraction reversed at the original rate so far */
    wv share;                       /* share released by the end of the month summed last */
    wv net, clawed, released;       /* its parts of E, of the clawback and of what is released,
                                       as last summed */
} walk_part;

/* A line in the walk: a kept line, or a reversal line of a recalculate clawback. */
typedef struct walk_item {
    day_t date;
    uint32_t deal;
    int32_t campaign;
    uint8_t role;
    uint8_t reversal;
    uint8_t month;
    uint32_t part;
    uint32_t src;                   /* index in the kept lines, or in scratch rev */
} walk_item;

/* The plan's figures a walk compares with, per month, as figures of the walk. */
typedef struct month_terms {
    wv deal_cap, deal_floor;        /* of the version in force in the month */
    int limits_ok;                  /* limits holds its tier limits (all qw words) */
    qw *limits;
    int gate_ok;                    /* gate holds its gate (a qw) */
    qw gate;
    int open;                       /* its window's gate is open (at the month's end) */
} month_terms;

struct walk_scratch {
    uint32_t *part_of;              /* per deal of the batch: its part, or NONE */
    walk_part *parts;
    size_t nparts, capparts;
    walk_step *steps;
    size_t nsteps, capsteps;
    uint32_t *next_line;            /* per kept line: the next kept line of its deal, or NONE */
    size_t capnext;
    walk_item *items;
    size_t nitems, capitems;
    mpq_t *rev;                     /* the reversal lines' credits */
    size_t nrev, caprev;
    qw *limit_words;             /* month_terms' limits */
    size_t caplimits;
    wpool pool;
    month_terms term[NM];
    size_t tier_at[NM][NM];         /* retroactive: the tier of month j's limits that the window's
                                       total at the end of month mm reaches ([j][mm]) */
    day_t month_end[NM];
    mpq_t Wend[NM];                 /* the window's credit at the end of month m */
    mpq_t gate[NM];                 /* the gate in force in month m (absolute), if any */
    mpq_t share[NM];                /* batch_paid_months' figures */
    mpq_t paid;
    qsum series[NSERIES];           /* E, the clawback, released: through the month summed */
};

walk_scratch *walk_scratch_new(const batch *b)
{
    walk_scratch *ws = xcalloc(1, sizeof *ws);
    size_t n = b->ndeals ? b->ndeals : 1;
    ws->part_of = xmalloc(n * sizeof *ws->part_of);
    memset(ws->part_of, 0xff, n * sizeof *ws->part_of);
    wpool_init(&ws->pool);
    for (int m = 0; m < NM; m++)
        mpq_inits(ws->Wend[m], ws->gate[m], ws->share[m], NULL);
    mpq_init(ws->paid);
    for (int i = 0; i < NSERIES; i++)
        qsum_init(&ws->series[i]);
    return ws;
}

void walk_scratch_free(walk_scratch *ws)
{
    if (!ws)
        return;
    for (size_t i = 0; i < ws->caprev; i++)
        mpq_clear(ws->rev[i]);
    wpool_free(&ws->pool);
    for (int m = 0; m < NM; m++)
        mpq_clears(ws->Wend[m], ws->gate[m], ws->share[m], NULL);
    mpq_clear(ws->paid);
    for (int i = 0; i < NSERIES; i++)
        qsum_clear(&ws->series[i]);
    free(ws->part_of);
    free(ws->parts);
    free(ws->steps);
    free(ws->next_line);
    free(ws->items);
    free(ws->rev);
    free(ws->limit_words);
    free(ws);
}

static walk_part *new_part(walk_scratch *ws)
{
    ws->parts = grow(ws->parts, &ws->capparts, ws->nparts + 1, sizeof *ws->parts, 64);
    return &ws->parts[ws->nparts++];
}

static void reserve_steps(walk_scratch *ws, size_t more)
{
    ws->steps = grow(ws->steps, &ws->capsteps, ws->nsteps + more, sizeof *ws->steps, 64);
}

static walk_item *new_item(walk_scratch *ws)
{
    ws->items = grow(ws->items, &ws->capitems, ws->nitems + 1, sizeof *ws->items, 256);
    return &ws->items[ws->nitems++];
}

static mpq_ptr new_rev(walk_scratch *ws)
{
    size_t had = ws->caprev;
    ws->rev = grow(ws->rev, &ws->caprev, ws->nrev + 1, sizeof *ws->rev, 16);
    for (size_t i = had; i < ws->caprev; i++)
        mpq_init(ws->rev[i]);
    return ws->rev[ws->nrev++];
}

/* ---- one walk ------------------------------------------------------------------- */

typedef struct walk_state {
    walk_scratch *ws;
    wpool *pool;
    const walk_input *in;
    const batch *b;
    const walk_kept *lines;
    int year;
    int retro;                      /* some version is retroactive: steps keep their credit */
    int every_month;                /* every deal is summed again every month */
    wv all, orig, keep, rate, e, f; /* working figures (their mpq, if any, reused) */
} walk_state;

static int month_of(day_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return m;
}

static int year_of(day_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y;
}

/* The commission as the version in force in month m has it. */
static const component *comp_at(const walk_state *st, int m)
{
    return st->in->month[m];
}

/* The step of month m of part p (which has one). */
static walk_step *step_of(const walk_scratch *ws, const walk_part *p, int m)
{
    unsigned below = p->months & ((1u << m) - 1);
    return &ws->steps[p->first_step + (unsigned)__builtin_popcount(below)];
}

/* Each month's deal cap and floor, tier limits and gate, in words where they fit. */
static void month_terms_set(walk_state *st)
{
    walk_scratch *ws = st->ws;
    size_t need = 0;
    for (int m = 1; m < NM; m++)
        need += comp_at(st, m)->ntiers;
    if (ws->caplimits < need) {
        ws->caplimits = need;
        ws->limit_words = xrealloc(ws->limit_words, need * sizeof *ws->limit_words);
    }
    qw *next = ws->limit_words;
    for (int m = 1; m < NM; m++) {
        const component *k = comp_at(st, m);
        month_terms *t = &ws->term[m];
        wv_zero(&t->deal_cap);
        wv_zero(&t->deal_floor);
        if (k->has_deal_cap)
            wv_set_mpq(st->pool, &t->deal_cap, k->deal_cap);
        if (k->has_deal_floor)
            wv_set_mpq(st->pool, &t->deal_floor, k->deal_floor);
        t->limits = next;
        t->limits_ok = tier_limits_words(k, st->in->limits[m], t->limits);
        next += k->ntiers;
        t->gate_ok = 0;
    }
}

/* Gives each deal of the lines a part, and chains each part's lines. */
static void make_parts(walk_state *st)
{
    walk_scratch *ws = st->ws;
    const walk_kept *lines = st->lines;
    if (ws->capnext < lines->n) {
        ws->capnext = lines->n;
        ws->next_line = xrealloc(ws->next_line, ws->capnext * sizeof *ws->next_line);
    }
    for (size_t i = 0; i < lines->n; i++) {
        uint32_t di = lines->v[i].deal;
        if (ws->part_of[di] == NONE) {
            ws->part_of[di] = (uint32_t)ws->nparts;
            walk_part *p = new_part(ws);
            p->deal = di;
            p->close_month = st->b->deals[di].month;
            p->first_line = NONE;
        }
        walk_part *p = &ws->parts[ws->part_of[di]];
        ws->next_line[i] = p->first_line;
        p->first_line = (uint32_t)i;
    }
}

/*
 * The month of event ev if deal p's clawback policy acts on it, else 0, counted in notes when
 * notes is not NULL.  The deal's terms judge its events: the version in force on its close date.
 */
static int event_month(const walk_state *st, const walk_part *p, const deal_event *ev,
                       walk_notes *notes)
{
    const component *k = comp_at(st, p->close_month);
    if (year_of(ev->date) != st->year) {
        if (notes)
            notes->after_year++;
        return 0;
    }
    if (k->clawback == CLAWBACK_NONE) {
        if (notes)
            notes->no_policy++;
        return 0;
    }
    if (k->within_days > 0 && ev->date - st->b->deals[p->deal].close > k->within_days) {
        if (notes)
            notes->outside_window++;
        return 0;
    }
    return month_of(ev->date);
}

/* A reversal line of the recalculate policy for each of part p's lines: -(credit x fraction),
   dated the event's date. */
static void add_reversals(walk_state *st, walk_part *p, const deal_event *ev, int m)
{
    walk_scratch *ws = st->ws;
    for (uint32_t j = p->first_line; j != NONE; j = ws->next_line[j]) {
        const walk_kept_line *orig = &st->lines->v[j];
        mpq_ptr c = new_rev(ws);
        walk_kept_credit(st->lines, j, c);
        q_mul(c, c, ev->fraction);
        mpq_neg(c, c);
        walk_item *it = new_item(ws);
        *it = (walk_item){.date = ev->date, .deal = p->deal, .campaign = orig->campaign,
                          .role = orig->role, .reversal = 1, .month = (uint8_t)m,
                          .part = (uint32_t)(p - ws->parts), .src = (uint32_t)(ws->nrev - 1)};
    }
}

static void step_init(walk_step *s, int m, attain_window w)
{
    s->month = (uint8_t)m;
    s->we = (uint8_t)(window_start(w, m) + window_months(w) - 1);
    s->flags = 0;
    wv_zero(&s->raw);
    wv_zero(&s->rev);
    wv_zero(&s->credit);
    wv_zero(&s->rev_credit);
    wv_zero(&s->frac);
    wv_zero(&s->share);
}

/* Part p's steps: its close month, the months of the events its clawback acts on, and (when
   pay waits for payment) the months in which a payment changes its paid share; with the
   events' fractions or reversal lines, and the shares. */
static void make_steps(walk_state *st, walk_part *p, walk_notes *notes)
{
    walk_scratch *ws = st->ws;
    const component *kc = comp_at(st, p->close_month);
    size_t ne;
    const deal_event *ev = batch_events(st->b, p->deal, &ne);
    unsigned months = 1u << p->close_month, paid = 0;
    for (size_t e = 0; e < ne; e++) {
        int m = event_month(st, p, &ev[e], notes);
        if (m)
            months |= 1u << m;
    }
    if (kc->release != RELEASE_BOOKING)
        paid = batch_paid_months(st->b, p->deal, ws->month_end, p->close_month, ws->share,
                                 ws->paid);
    months |= paid;
    p->months = (uint16_t)months;
    p->first_step = (uint32_t)ws->nsteps;
    p->nsteps = (uint8_t)__builtin_popcount(months);
    p->next = 0;
    reserve_steps(ws, p->nsteps);
    for (int m = 1; m < NM; m++) {
        if (!(months >> m & 1))
            continue;
        walk_step *s = &ws->steps[ws->nsteps++];
        step_init(s, m, st->in->month[1]->window);
        if (paid >> m & 1) {
            wv_set_mpq(st->pool, &s->share, ws->share[m]);
            s->flags |= STEP_SHARE;
            if (mpq_cmp_ui(ws->share[m], 1, 1) == 0)
                s->flags |= STEP_PAID;
        }
    }
    for (size_t e = 0; e < ne; e++) {
        int m = event_month(st, p, &ev[e], NULL);
        if (!m)
            continue;
        if (kc->clawback == CLAWBACK_RECALCULATE) {
            add_reversals(st, p, &ev[e], m);
            continue;
        }
        walk_step *s = step_of(ws, p, m);
        wv_set_mpq(st->pool, &st->f, ev[e].fraction);
        wv_add(st->pool, &s->frac, &s->frac, &st->f);
        s->flags |= STEP_FRAC;
    }
    p->has_frac = p->has_rev = p->paid = 0;
    static const wv zero = {{0, 1}, NULL};  /* wv_zero's value */
    p->all = p->orig = p->frac = p->share = p->net = p->clawed = p->released = zero;
}

/* Statement order: date, deal_id bytewise, role, campaign_id; a clawback line right after the
   line it reverses when both fall on the same day. */
static int item_order(const void *pa, const void *pb, void *vb)
{
    const batch *b = vb;
    const walk_item *x = pa, *y = pb;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if (x->deal != y->deal) {
        int c = strcmp(b->deals[x->deal].id, b->deals[y->deal].id);
        if (c)
            return c;
    }
    int c = credit_role_campaign_cmp(b, (credit_role)x->role, x->campaign, (credit_role)y->role,
                                     y->campaign);
    if (c)
        return c;
    return x->reversal - y->reversal;  /* a line before its own clawback of the same day */
}

/* The parts, their steps, and every line to walk, in statement order. */
static void gather(walk_state *st, walk_notes *notes)
{
    walk_scratch *ws = st->ws;
    make_parts(st);
    for (size_t i = 0; i < ws->nparts; i++)
        make_steps(st, &ws->parts[i], notes);
    const walk_kept *lines = st->lines;
    for (size_t i = 0; i < lines->n; i++) {
        const walk_kept_line *l = &lines->v[i];
        const deal *x = &st->b->deals[l->deal];
        walk_item *it = new_item(ws);
        *it = (walk_item){.date = x->close, .deal = l->deal, .campaign = l->campaign,
                          .role = l->role, .month = x->month, .part = ws->part_of[l->deal],
                          .src = (uint32_t)i};
    }
    if (ws->nitems > 1)
        qsort_r(ws->items, ws->nitems, sizeof *ws->items, item_order, (void *)st->b);
}

/* ---- the walk ------------------------------------------------------------------- */

/* The gate in force in month m as an absolute credit (0 when there is none). */
static void gate_at(mpq_t out, const component *k, const mpq_t quota)
{
    if (k->gate == GATE_NONE)
        mpq_set_ui(out, 0, 1);
    else if (k->gate_percent)
        mpq_mul(out, k->gate_value, quota);
    else
        mpq_set(out, k->gate_value);
}

/* What credit c of a line of deal di earns taking the running total from W to after = W + c in
   month m under k (floor: a forward gate, or NULL): in words when the line stays in one tier
   above the floor, else tier_line_earns_after. */
static void line_earns(walk_state *st, wv *e, const component *k, int m, const wv *W,
                       const wv *after, const wv *c, const mpq_t *floor, uint32_t di)
{
    const month_terms *t = &st->ws->term[m];
    if (W->w.d && after->w.d && c->w.d && t->limits_ok && (!floor || t->gate_ok)) {
        int up = qw_cmp(W->w, after->w) <= 0;
        qw lo = up ? W->w : after->w, hi = up ? after->w : W->w;
        size_t ti;
        if ((!floor || qw_cmp(lo, t->gate) >= 0) &&
            tier_holding_words(k, t->limits, lo, hi, &ti)) {
            const mpq_t *rate = tier_rate_for(&k->tiers[ti], st->b, di);
            qw r;
            if (!rate) {  /* no row of the table: earns nothing, as in the walk */
                e->w = QW_ZERO;
                return;
            }
            if (qw_from_q(&r, *rate) && qw_mul(&e->w, c->w, r))
                return;
        }
    }
    wpool *p = st->pool;
    tier_line_earns_after(p->v[V_SLOW], k, st->in->limits[m], wv_mpq(W, p->v[V_A]),
                          wv_mpq(after, p->v[V_B]), wv_mpq(c, p->v[V_C]), floor, st->b, di);
    wv_set_mpq(p, e, p->v[V_SLOW]);
}

/* Each month's gate, as an mpq and (when it is one) a qw. */
static void gates_set(walk_state *st)
{
    walk_scratch *ws = st->ws;
    for (int m = 1; m < NM; m++) {
        gate_at(ws->gate[m], comp_at(st, m), st->in->quota[m]);
        ws->term[m].gate_ok = qw_from_q(&ws->term[m].gate, ws->gate[m]);
    }
}

/* c = the credit of item it: a kept line's, or a reversal line's. */
static void item_credit(walk_state *st, const walk_item *it, wv *c)
{
    if (it->reversal) {
        wv_set_mpq(st->pool, c, st->ws->rev[it->src]);
        return;
    }
    const walk_kept_line *l = &st->lines->v[it->src];
    if (l->den)
        c->w = (qw){l->num, l->den};
    else
        wv_set_mpq(st->pool, c, st->lines->big[l->num]);
}

/* The lines in statement order through the tiers, window by window: what each earns (and its
   credit, when a version is retroactive) added to its deal's step of the month. */
static void walk_items(walk_state *st)
{
    walk_scratch *ws = st->ws;
    wpool *pool = st->pool;
    attain_window w = st->in->month[1]->window;
    wv W, after, c, e;
    wv_zero(&W);
    wv_zero(&after);
    wv_zero(&c);
    wv_zero(&e);
    int wstart = 0;
    gates_set(st);
    size_t i = 0;
    for (int m = 1; m < NM; m++) {
        if (window_start(w, m) != wstart) {
            wstart = window_start(w, m);
            W.w = QW_ZERO;
        }
        const component *k = comp_at(st, m);
        const mpq_t *floor = k->gate == GATE_FORWARD && !k->retroactive
                                 ? (const mpq_t *)&ws->gate[m] : NULL;
        for (; i < ws->nitems && ws->items[i].month == m; i++) {
            const walk_item *it = &ws->items[i];
            item_credit(st, it, &c);
            walk_step *s = step_of(ws, &ws->parts[it->part], m);
            wv_add(pool, &after, &W, &c);
            if (it->reversal)
                s->flags |= STEP_REV;
            if (!k->retroactive) {
                line_earns(st, &e, k, m, &W, &after, &c, floor, it->deal);
                wv_add(pool, &s->raw, &s->raw, &e);
                if (it->reversal)
                    wv_add(pool, &s->rev, &s->rev, &e);
            }
            if (st->retro) {
                wv_add(pool, &s->credit, &s->credit, &c);
                if (it->reversal)
                    wv_add(pool, &s->rev_credit, &s->rev_credit, &c);
            }
            wv t = W;
            W = after;
            after = t;
        }
        mpq_set(ws->Wend[m], wv_mpq(&W, pool->v[V_A]));
    }
}

/* ---- month by month ------------------------------------------------------------- */

/* out = clamp(x): a deal's earnings held to [deal-floor, deal-cap] of month m's version; the
   floor only lifts earnings above 0 (a deal that earned nothing is not paid a floor). */
static void deal_clamp(walk_state *st, wv *out, int m, const wv *x)
{
    const component *k = comp_at(st, m);
    const month_terms *t = &st->ws->term[m];
    const wv *v = x;
    if (wv_sgn(x) > 0) {
        if (k->has_deal_floor && wv_cmp(st->pool, x, &t->deal_floor) < 0)
            v = &t->deal_floor;
        if (k->has_deal_cap && wv_cmp(st->pool, v, &t->deal_cap) > 0)
            v = &t->deal_cap;
    }
    wv_set(st->pool, out, v);
}

/* Once a month's window and gate are known: whether each month's gate is open at its end, and
   the tier a retroactive window's total reaches under each month's limits. */
static void month_verdicts(walk_state *st)
{
    walk_scratch *ws = st->ws;
    for (int mm = 1; mm < NM; mm++) {
        const component *k = comp_at(st, mm);
        ws->term[mm].open = k->gate == GATE_NONE || mpq_cmp(ws->Wend[mm], ws->gate[mm]) >= 0;
        for (int j = 1; st->retro && j < NM; j++) {
            const component *kj = comp_at(st, j);
            ws->tier_at[j][mm] = kj->retroactive
                                     ? tier_for_total(kj, st->in->limits[j], ws->Wend[mm])
                                     : 0;
        }
    }
}

/*
 * What step s of deal p earns through month m, added to all (its lines) and orig (without its
 * reversal lines), where its window's gate is open (at the window's end once it is over).
 * Marginal: what the walk gave its lines.  Retroactive: its credit at the rate, in the version
 * of the step's month and under that version's limits, of the tier that its window's total
 * reaches by month m (the final total once the window is over).
 */
static void step_earns(walk_state *st, wv *all, wv *orig, const walk_part *p,
                       const walk_step *s, int m)
{
    int mm = m < s->we ? m : s->we;
    if (!st->ws->term[mm].open)
        return;
    const component *k = comp_at(st, s->month);
    if (!k->retroactive) {
        wv_add(st->pool, all, all, &s->raw);
        wv_add(st->pool, orig, orig, &s->raw);
        if (s->flags & STEP_REV)
            wv_sub(st->pool, orig, orig, &s->rev);
        return;
    }
    const tier *t = &k->tiers[st->ws->tier_at[s->month][mm]];
    const mpq_t *rate = tier_rate_for(t, st->b, p->deal);
    if (!rate)
        return;  /* no row of the table: reported while accumulating, earns nothing */
    wv_set_mpq(st->pool, &st->rate, *rate);
    wv_mul(st->pool, &st->e, &s->credit, &st->rate);
    wv_add(st->pool, all, all, &st->e);
    wv_add(st->pool, orig, orig, &st->e);
    if (s->flags & STEP_REV) {
        wv_mul(st->pool, &st->e, &s->rev_credit, &st->rate);
        wv_sub(st->pool, orig, orig, &st->e);
    }
}

/* Must every deal be summed again each month?  Only when a month can change a deal's part
   without a step of its own: a gate opening or closing, a retroactive tier reached. */
static int every_month_moves(const walk_state *st)
{
    for (int m = 1; m < NM; m++) {
        const component *k = comp_at(st, m);
        if (k->gate != GATE_NONE || k->retroactive)
            return 1;
    }
    return 0;
}

/* Takes in part p's steps of the months through m: returns 1 when there was one. */
static int advance(walk_state *st, walk_part *p, int m)
{
    int moved = 0;
    for (; p->next < p->nsteps; p->next++, moved = 1) {
        const walk_step *s = &st->ws->steps[p->first_step + p->next];
        if (s->month > m)
            break;
        p->has_rev |= (s->flags & STEP_REV) != 0;
        if (!st->every_month) {
            wv_add(st->pool, &p->all, &p->all, &s->raw);
            wv_add(st->pool, &p->orig, &p->orig, &s->raw);
            if (s->flags & STEP_REV)
                wv_sub(st->pool, &p->orig, &p->orig, &s->rev);
        }
        if (s->flags & STEP_FRAC) {
            wv_add(st->pool, &p->frac, &p->frac, &s->frac);
            p->has_frac = 1;
        }
        if (s->flags & STEP_SHARE) {
            wv_set(st->pool, &p->share, &s->share);
            p->paid = (s->flags & STEP_PAID) != 0;
        }
    }
    return moved;
}

/*
 * Deal p's parts of E, the clawback and the released amount in month m, into p: what its steps
 * earn, clamped to its deal cap and floor, counts for (1 - F), F the fraction reversed at the
 * original rate.  Clawed back is what that takes away from the deal's earnings without its
 * reversal lines (nothing when it has neither).  Released: its share paid by the end of month
 * m, by the release rule of the version in force when the deal closed (a later version never
 * holds back what was released).
 */
static void deal_month(walk_state *st, walk_part *p, int m)
{
    wpool *pool = st->pool;
    if (p->close_month > m) {
        p->net.w = p->clawed.w = p->released.w = QW_ZERO;
        return;
    }
    wv *all = &st->all, *orig = &st->orig;
    if (st->every_month) {
        all->w = orig->w = QW_ZERO;
        for (size_t j = 0; j < p->next; j++)
            step_earns(st, all, orig, p, &st->ws->steps[p->first_step + j], m);
        deal_clamp(st, all, p->close_month, all);
        deal_clamp(st, orig, p->close_month, orig);
    } else {
        deal_clamp(st, all, p->close_month, &p->all);
        deal_clamp(st, orig, p->close_month, &p->orig);
    }
    if (p->has_frac) {
        st->keep.w = QW_ONE;
        wv_sub(pool, &st->keep, &st->keep, &p->frac);
        wv_mul(pool, &p->net, all, &st->keep);
    } else {
        wv_set(pool, &p->net, all);  /* times 1 */
    }
    if (p->has_frac || p->has_rev)
        wv_sub(pool, &p->clawed, &p->net, orig);
    else
        p->clawed.w = QW_ZERO;  /* all and orig are one sum */
    const component *kc = comp_at(st, p->close_month);
    if (kc->release == RELEASE_BOOKING || p->paid)
        wv_set(pool, &p->released, &p->net);
    else if (kc->release == RELEASE_FULL_PAYMENT)
        p->released.w = QW_ZERO;
    else
        wv_mul(pool, &p->released, &p->net, &p->share);
}

/* Part p's parts of the series added to them, or taken away when neg. */
static void series_add(walk_scratch *ws, const walk_part *p, int neg)
{
    qsum_wv(&ws->series[S_E], &p->net, neg);
    qsum_wv(&ws->series[S_K], &p->clawed, neg);
    qsum_wv(&ws->series[S_L], &p->released, neg);
}

/*
 * E(m), the clawback and the released series, as sums over the deals: each month adds what
 * the deals it moves change.
 */
static void sum_months(walk_state *st, const walk_output *out)
{
    walk_scratch *ws = st->ws;
    for (int i = 0; i < NSERIES; i++)
        qsum_reset(&ws->series[i]);
    for (int m = 1; m < NM; m++) {
        for (size_t i = 0; i < ws->nparts; i++) {
            walk_part *p = &ws->parts[i];
            if (!advance(st, p, m) && !st->every_month)
                continue;
            series_add(ws, p, 1);  /* its old parts out, its new ones in */
            deal_month(st, p, m);
            series_add(ws, p, 0);
        }
        qsum_value(&ws->series[S_E], out->E[m]);
        qsum_value(&ws->series[S_K], out->clawback[m]);
        qsum_value(&ws->series[S_L], out->released[m]);
        const component *k = comp_at(st, m);
        if (k->has_cap && mpq_cmp(out->E[m], k->cap) > 0)
            mpq_set(out->E[m], k->cap);
        if (mpq_cmp(out->released[m], out->E[m]) > 0)
            mpq_set(out->released[m], out->E[m]);
    }
}

/* The reversal lines, in statement order, kept for the statements (they show where a clawback
   lowered the running total). */
static void keep_reversals(walk_lines **kept, const walk_scratch *ws)
{
    for (size_t i = 0; i < ws->nitems; i++) {
        const walk_item *it = &ws->items[i];
        if (!it->reversal)
            continue;
        if (!*kept) {
            *kept = xmalloc(sizeof **kept);
            walk_lines_init(*kept);
        }
        walk_line *r = walk_lines_push(*kept);
        mpq_set(r->credit, ws->rev[it->src]);
        r->deal = it->deal;
        r->campaign = it->campaign;
        r->role = it->role;
        r->date = it->date;
    }
}

/* Leaves the scratch ready for the next walk. */
static void scratch_done(walk_scratch *ws)
{
    for (size_t i = 0; i < ws->nparts; i++)
        ws->part_of[ws->parts[i].deal] = NONE;
    ws->nparts = ws->nsteps = ws->nitems = ws->nrev = 0;
    wpool_empty(&ws->pool);
}

void walk_commission(walk_scratch *ws, const walk_input *in, const walk_kept *lines,
                     const walk_output *out, walk_notes *notes)
{
    walk_state st = {.ws = ws, .pool = &ws->pool, .in = in, .b = in->b, .lines = lines,
                     .year = in->year};
    wv *tmp[] = {&st.all, &st.orig, &st.keep, &st.rate, &st.e, &st.f};
    for (size_t i = 0; i < sizeof tmp / sizeof tmp[0]; i++)
        wv_zero(tmp[i]);
    for (int m = 1; m < NM; m++) {
        st.retro |= comp_at(&st, m)->retroactive;
        ws->month_end[m] = date_from_ymd(in->year, m, date_days_in_month(in->year, m));
    }
    st.every_month = every_month_moves(&st);
    month_terms_set(&st);
    gather(&st, notes);
    walk_items(&st);
    month_verdicts(&st);
    for (int m = 1; m < NM; m++)
        mpq_set(out->W[m], ws->Wend[m]);  /* the statements' running totals */
    sum_months(&st, out);
    keep_reversals(out->reversals, ws);
    scratch_done(ws);
}
