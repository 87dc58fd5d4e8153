/*
 * walk.c - a commission walked line by line, deal by deal (walk.h says why).
 *
 * Three steps: gather the payee's lines with the reversal lines of the
 * recalculate clawbacks, in statement order; walk them through the tiers
 * window by window, noting what each line earned on its deal; then, month by
 * month, sum each deal's net part of E and of what is released.  Every
 * figure is exact; nothing is rounded here.
 */
#include "walk.h"
#include "tiers.h"
#include "window.h"
#include "credit.h"
#include "events.h"
#include "payments.h"
#include "qfast.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define NM 13

void walk_lines_init(walk_lines *w)
{
    memset(w, 0, sizeof *w);
}

walk_line *walk_lines_push(walk_lines *w)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        w->v = xrealloc(w->v, cap * sizeof *w->v);
        for (size_t i = w->cap; i < cap; i++)
            mpq_init(w->v[i].credit);
        w->cap = cap;
    }
    walk_line *l = &w->v[w->n++];
    l->reversal = 0;
    return l;
}

void walk_lines_free(walk_lines *w)
{
    for (size_t i = 0; i < w->cap; i++)
        mpq_clear(w->v[i].credit);
    free(w->v);
    walk_lines_init(w);
}

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

/* ---- per deal --------------------------------------------------------------- */

/*
 * What one month did to a deal: its lines (and reversal lines) dated that
 * month, which all belong to that month's window and plan version.
 */
typedef struct deal_step {
    int month;
    int we;                         /* last month of the step's window */
    mpq_t credit, rev_credit;       /* credit walked, of which reversal lines */
    mpq_t raw, rev;                 /* marginal: what the lines earned, of which reversal lines */
    mpq_t frac;                     /* fraction reversed at the original rate */
} deal_step;

typedef struct deal_part {
    uint32_t deal;
    int close_month;                /* the deal's terms (deal cap, floor, release) are those of
                                       the version in force then */
    deal_step *steps;               /* in month order */
    size_t nsteps, next;            /* next: the steps of the months summed so far */
    mpq_t frac;                     /* fraction reversed at the original rate so far */
    mpq_t net, clawed, released;    /* its part of E, of the clawback and of what is released,
                                       as last computed */
} deal_part;

typedef struct walk_state {
    const walk_input *in;
    const batch *b;
    int year;
    deal_part *parts;               /* one per deal of the lines, in deal index order */
    size_t nparts;
    mpq_t Wend[NM];                 /* the window's credit at the end of month m */
    mpq_t gate[NM];                 /* the gate in force in month m (absolute), if any */
} walk_state;

/* Gives each deal of the lines (grouped by deal) its part, and each line its part's index. */
static void make_parts(walk_state *st, walk_lines *lines)
{
    st->parts = xcalloc(lines->n ? lines->n : 1, sizeof *st->parts);
    for (size_t i = 0; i < lines->n; i++) {
        uint32_t di = lines->v[i].deal;
        if (i == 0 || lines->v[i - 1].deal != di) {
            deal_part *p = &st->parts[st->nparts++];
            p->deal = di;
            p->close_month = st->b->deals[di].month;
            mpq_inits(p->frac, p->net, p->clawed, p->released, NULL);
        }
        lines->v[i].part = (uint32_t)(st->nparts - 1);
    }
}

/* The step of month m of part p (the last one, or a new one: steps come in month order). */
static deal_step *step_for(const walk_state *st, deal_part *p, int m)
{
    size_t j = p->nsteps;
    while (j > 0 && p->steps[j - 1].month > m)
        j--;
    if (j > 0 && p->steps[j - 1].month == m)
        return &p->steps[j - 1];
    /* A new step at j, keeping the steps in month order (events may come before lines). */
    p->steps = xrealloc(p->steps, (p->nsteps + 1) * sizeof *p->steps);
    memmove(&p->steps[j + 1], &p->steps[j], (p->nsteps - j) * sizeof *p->steps);
    p->nsteps++;
    deal_step *s = &p->steps[j];
    s->month = m;
    attain_window w = st->in->month[1]->window;
    s->we = window_start(w, m) + window_months(w) - 1;
    mpq_inits(s->credit, s->rev_credit, s->raw, s->rev, s->frac, NULL);
    return s;
}

static void parts_free(walk_state *st)
{
    for (size_t i = 0; i < st->nparts; i++) {
        deal_part *p = &st->parts[i];
        for (size_t j = 0; j < p->nsteps; j++)
            mpq_clears(p->steps[j].credit, p->steps[j].rev_credit, p->steps[j].raw,
                       p->steps[j].rev, p->steps[j].frac, NULL);
        free(p->steps);
        mpq_clears(p->frac, p->net, p->clawed, p->released, NULL);
    }
    free(st->parts);
}

/* ---- gathering the lines ------------------------------------------------------- */

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

/* Adds the reversal lines of the recalculate policy, and notes the original-rate fractions. */
static void add_events(walk_state *st, walk_lines *lines, walk_notes *notes)
{
    size_t n0 = lines->n;
    for (size_t i = 0; i < n0; i++) {
        uint32_t di = lines->v[i].deal;
        if (i > 0 && lines->v[i - 1].deal == di)
            continue;  /* lines are grouped by deal here: its events once */
        size_t ne;
        const deal_event *ev = batch_events(st->b, di, &ne);
        day_t close = st->b->deals[di].close;
        /* The deal's terms judge its events: the version in force on its close date. */
        const component *k = comp_at(st, st->b->deals[di].month);
        for (size_t e = 0; e < ne; e++) {
            if (year_of(ev[e].date) != st->year) {
                notes->after_year++;
                continue;
            }
            int m = month_of(ev[e].date);
            if (k->clawback == CLAWBACK_NONE) {
                notes->no_policy++;
                continue;
            }
            if (k->within_days > 0 && ev[e].date - close > k->within_days) {
                notes->outside_window++;
                continue;
            }
            if (k->clawback == CLAWBACK_ORIGINAL_RATE) {
                deal_step *s = step_for(st, &st->parts[lines->v[i].part], m);
                q_add(s->frac, s->frac, ev[e].fraction);
                continue;
            }
            for (size_t j = i; j < n0 && lines->v[j].deal == di; j++) {
                walk_line *r = walk_lines_push(lines);
                walk_line *orig = &lines->v[j];  /* after the push: v may have moved */
                r->deal = di;
                r->part = orig->part;
                r->campaign = orig->campaign;
                r->role = orig->role;
                r->reversal = 1;
                r->date = ev[e].date;
                q_mul(r->credit, orig->credit, ev[e].fraction);
                mpq_neg(r->credit, r->credit);
            }
        }
    }
}

/* Statement order: date, deal_id bytewise, role, campaign_id; a clawback line right after the
   line it reverses when both fall on the same day. */
static int line_order(const void *pa, const void *pb, void *vb)
{
    const batch *b = vb;
    const walk_line *x = pa, *y = pb;
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

/* Lines of one deal together (for add_events), in any order of deals. */
static int by_deal(const void *pa, const void *pb)
{
    const walk_line *x = pa, *y = pb;
    if (x->deal != y->deal)
        return x->deal < y->deal ? -1 : 1;
    return x->date < y->date ? -1 : x->date > y->date;
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

static void walk_lines_through(walk_state *st, walk_lines *lines, mpq_t const quota[NM])
{
    attain_window w = st->in->month[1]->window;
    mpq_t W, e;
    mpq_inits(W, e, NULL);
    int ws = 0;
    for (int m = 1; m < NM; m++)
        gate_at(st->gate[m], comp_at(st, m), quota[m]);
    size_t i = 0;
    for (int m = 1; m < NM; m++) {
        if (window_start(w, m) != ws) {
            ws = window_start(w, m);
            mpq_set_ui(W, 0, 1);
        }
        const component *k = comp_at(st, m);
        for (; i < lines->n && month_of(lines->v[i].date) == m; i++) {
            const walk_line *l = &lines->v[i];
            deal_step *s = step_for(st, &st->parts[l->part], m);
            const mpq_t *floor = k->gate == GATE_FORWARD && !k->retroactive
                                     ? (const mpq_t *)&st->gate[m] : NULL;
            if (!k->retroactive) {
                tier_line_earns(e, k, st->in->limits[m], W, l->credit, floor, st->b, l->deal);
                q_add(s->raw, s->raw, e);
                if (l->reversal)
                    q_add(s->rev, s->rev, e);
            }
            q_add(s->credit, s->credit, l->credit);
            if (l->reversal)
                q_add(s->rev_credit, s->rev_credit, l->credit);
            q_add(W, W, l->credit);
        }
        mpq_set(st->Wend[m], W);
    }
    mpq_clears(W, e, NULL);
}

/* ---- month by month ------------------------------------------------------------- */

/* clamp(x): a deal's earnings held to [deal-floor, deal-cap]; the floor only lifts earnings
   above 0 (a deal that earned nothing is not paid a floor). */
static void deal_clamp(mpq_t out, const component *k, const mpq_t x)
{
    mpq_set(out, x);
    if (mpq_sgn(x) <= 0)
        return;
    if (k->has_deal_floor && mpq_cmp(out, k->deal_floor) < 0)
        mpq_set(out, k->deal_floor);
    if (k->has_deal_cap && mpq_cmp(out, k->deal_cap) > 0)
        mpq_set(out, k->deal_cap);
}

/* Is the gate of step s's window open in month m (at the window's end once it is over)? */
static int gate_open(const walk_state *st, const deal_step *s, int m)
{
    int mm = m < s->we ? m : s->we;
    const component *k = comp_at(st, mm);
    return k->gate == GATE_NONE || mpq_cmp(st->Wend[mm], st->gate[mm]) >= 0;
}

/*
 * What step s of deal p earns through month m, into all (its lines) and rev (its reversal
 * lines).  Marginal: what the walk gave its lines.  Retroactive: its credit at the rate, in the
 * version of the step's month and under that version's limits, of the tier that its window's
 * total reaches by month m (the final total once the window is over).
 */
static void step_earns(mpq_t all, mpq_t rev, const walk_state *st, const deal_part *p,
                       const deal_step *s, int m)
{
    const component *k = comp_at(st, s->month);
    if (!k->retroactive) {
        mpq_set(all, s->raw);
        mpq_set(rev, s->rev);
        return;
    }
    int mm = m < s->we ? m : s->we;
    size_t t = tier_for_total(k, st->in->limits[s->month], st->Wend[mm]);
    const mpq_t *rate = tier_rate_for(&k->tiers[t], st->b, p->deal);
    if (!rate) {  /* no row of the table: reported while accumulating, earns nothing */
        mpq_set_ui(all, 0, 1);
        mpq_set_ui(rev, 0, 1);
        return;
    }
    q_mul(all, s->credit, *rate);
    q_mul(rev, s->rev_credit, *rate);
}

/* The share of deal p's earnings released by the end of month m, by the release rule of the
   version in force when the deal closed (a later version never holds back what was released). */
static void release_share(mpq_t out, const walk_state *st, const deal_part *p, int m)
{
    const component *k = comp_at(st, p->close_month);
    if (k->release == RELEASE_BOOKING) {
        mpq_set_ui(out, 1, 1);
        return;
    }
    day_t end = date_from_ymd(st->year, m, date_days_in_month(st->year, m));
    batch_paid_fraction(st->b, p->deal, end, out);
    if (k->release == RELEASE_FULL_PAYMENT && mpq_cmp_ui(out, 1, 1) < 0)
        mpq_set_ui(out, 0, 1);
}

/* Must every deal be summed again each month?  Only when a month can change a deal's part
   without a line or an event of its own: a gate opening or closing, a retroactive tier
   reached, a payment released. */
static int every_month_moves(const walk_state *st)
{
    for (int m = 1; m < NM; m++) {
        const component *k = comp_at(st, m);
        if (k->gate != GATE_NONE || k->retroactive || k->release != RELEASE_BOOKING)
            return 1;
    }
    return 0;
}

/*
 * Deal p's parts of E, the clawback and the released amount in month m, into p: each step
 * counts where its window's gate is open; the deal's total is clamped to its deal cap and floor;
 * then it counts for (1 - F), F the fraction reversed at the original rate.  Clawed back is what
 * that takes away from the deal's earnings without its reversal lines.
 */
static void deal_month(walk_state *st, deal_part *p, int m, mpq_t t[5])
{
    mpq_t *all = &t[0], *orig = &t[1], *e_all = &t[2], *e_rev = &t[3], *keep = &t[4];
    if (p->close_month > m) {
        mpq_set_ui(p->net, 0, 1);
        mpq_set_ui(p->clawed, 0, 1);
        mpq_set_ui(p->released, 0, 1);
        return;
    }
    mpq_set_ui(*all, 0, 1);
    mpq_set_ui(*orig, 0, 1);
    for (size_t j = 0; j < p->next; j++) {
        const deal_step *s = &p->steps[j];
        if (!gate_open(st, s, m))
            continue;
        step_earns(*e_all, *e_rev, st, p, s, m);
        q_add(*all, *all, *e_all);
        mpq_sub(*e_all, *e_all, *e_rev);
        q_add(*orig, *orig, *e_all);
    }
    const component *kc = comp_at(st, p->close_month);
    deal_clamp(*all, kc, *all);
    deal_clamp(*orig, kc, *orig);
    mpq_set_ui(*keep, 1, 1);
    mpq_sub(*keep, *keep, p->frac);
    q_mul(p->net, *all, *keep);
    mpq_sub(p->clawed, p->net, *orig);
    release_share(*keep, st, p, m);
    q_mul(p->released, p->net, *keep);
}

/*
 * E(m), the clawback and the released series, as sums over the deals.  The sums run on from
 * month to month: a deal is summed again only in a month that changes it (a line, an event),
 * unless every_month_moves says any month may.
 */
static void sum_months(const walk_output *out, walk_state *st)
{
    mpq_t t[5], E, K, L;
    for (int i = 0; i < 5; i++)
        mpq_init(t[i]);
    mpq_inits(E, K, L, NULL);
    int all = every_month_moves(st);
    for (int m = 1; m < NM; m++) {
        for (size_t i = 0; i < st->nparts; i++) {
            deal_part *p = &st->parts[i];
            int moved = 0;
            for (; p->next < p->nsteps && p->steps[p->next].month <= m; p->next++, moved = 1)
                q_add(p->frac, p->frac, p->steps[p->next].frac);
            if (!moved && !all)
                continue;
            mpq_sub(E, E, p->net);
            mpq_sub(K, K, p->clawed);
            mpq_sub(L, L, p->released);
            deal_month(st, p, m, t);
            q_add(E, E, p->net);
            q_add(K, K, p->clawed);
            q_add(L, L, p->released);
        }
        mpq_set(out->E[m], E);
        mpq_set(out->clawback[m], K);
        mpq_set(out->released[m], L);
        const component *k = comp_at(st, m);
        if (k->has_cap && mpq_cmp(out->E[m], k->cap) > 0)
            mpq_set(out->E[m], k->cap);
        if (mpq_cmp(out->released[m], out->E[m]) > 0)
            mpq_set(out->released[m], out->E[m]);
    }
    for (int i = 0; i < 5; i++)
        mpq_clear(t[i]);
    mpq_clears(E, K, L, NULL);
}

/* The reversal lines, in statement order, kept for the statements (they show where a clawback
   lowered the running total). */
static void keep_reversals(walk_lines **kept, const walk_lines *lines)
{
    for (size_t i = 0; i < lines->n; i++) {
        if (!lines->v[i].reversal)
            continue;
        if (!*kept) {
            *kept = xmalloc(sizeof **kept);
            walk_lines_init(*kept);
        }
        walk_line *r = walk_lines_push(*kept);
        walk_line keep = lines->v[i];
        mpq_set(r->credit, keep.credit);
        r->deal = keep.deal;
        r->campaign = keep.campaign;
        r->role = keep.role;
        r->reversal = 1;
        r->part = 0;
        r->date = keep.date;
    }
}

/* Removes the reversal lines (their mpq_t move to the spare end, still initialised). */
static void drop_reversals(walk_lines *lines)
{
    size_t k = 0;
    for (size_t i = 0; i < lines->n; i++) {
        if (lines->v[i].reversal)
            continue;
        if (k != i) {
            walk_line t = lines->v[k];
            lines->v[k] = lines->v[i];
            lines->v[i] = t;
        }
        k++;
    }
    lines->n = k;
}

void walk_commission(const walk_input *in, walk_lines *lines, const walk_output *out,
                     walk_notes *notes)
{
    const batch *b = in->b;
    walk_state st = {.in = in, .b = b, .year = in->year};
    for (int m = 0; m < NM; m++)
        mpq_inits(st.Wend[m], st.gate[m], NULL);
    if (lines->n > 1)  /* a payee with no line has no array at all: qsort wants one */
        qsort(lines->v, lines->n, sizeof *lines->v, by_deal);
    make_parts(&st, lines);
    add_events(&st, lines, notes);
    if (lines->n > 1)
        qsort_r(lines->v, lines->n, sizeof *lines->v, line_order, (void *)b);
    walk_lines_through(&st, lines, in->quota);
    for (int m = 1; m < NM; m++)
        mpq_set(out->W[m], st.Wend[m]);  /* the statements' running totals */
    sum_months(out, &st);
    keep_reversals(out->reversals, lines);
    drop_reversals(lines);  /* they were this component's; the credit lines stay for the next */
    for (int m = 0; m < NM; m++)
        mpq_clears(st.Wend[m], st.gate[m], NULL);
    parts_free(&st);
}
