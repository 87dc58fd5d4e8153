/*
 * plandiff.c - `truce diff`'s figures: the same batch under an old and a new
 * plan, compared (plandiff.h).
 *
 * The two runs are computed as usual (run_compute); this file only reads
 * them and fills a plandiff, which plandiff_report.c renders.  Figures are
 * period payouts, R(last) - R(first - 1), so a quarter is exactly the sum of
 * its months.  To say why a payee's pay changed, the payee's credit lines
 * are credited again under both plans (as explain and the scoreboard do) and
 * walked in the contract's order; the first line whose credit or earnings
 * differ is kept with the rule that changed it.  What a line earns is
 * tiers.c's arithmetic.  Everything is exact.
 */
#include "run.h"
#include "tiers.h"
#include "plandiff.h"

#include <stdlib.h>
#include <string.h>

int plandiff_check(const run_state *old, const run_state *new_, const period *per, diag *d)
{
    int ok = 0;
    const plan *pl[2] = {old->plan, new_->plan};
    for (int i = 0; i < 2; i++)
        if (pl[i]->year != per->year) {
            diag_error(d, pl[i]->file, 0, 0, "period year %d is not the plan year %d", per->year,
                       pl[i]->year);
            ok = -1;
        }
    if (strcmp(pl[0]->currency, pl[1]->currency) != 0) {
        diag_error(d, pl[1]->file, 0, 0, "currency %s differs from the old plan's %s",
                   pl[1]->currency, pl[0]->currency);
        ok = -1;
    }
    return ok;
}

/* ---- figures ------------------------------------------------------------------ */

/* Index of component `id` in role r, or -1 (also when r is NULL). */
static long component_index(const role *r, const char *id)
{
    for (size_t k = 0; r && k < r->ncomponents; k++)
        if (strcmp(r->components[k].id, id) == 0)
            return (long)k;
    return -1;
}

/* What the period pays payee pi for component `id` under run r (0 when not paid by it). */
static void period_pay(mpz_t out, const run_state *r, uint32_t pi, const char *id,
                       const period *per)
{
    mpz_set_ui(out, 0);
    long s = r->earnings.slot[pi];
    if (s < 0)
        return;
    const payee_earnings *pe = &r->earnings.v[s];
    long k = component_index(pe->role, id);
    if (k >= 0)
        mpz_sub(out, pe->comp[k].R[per->last], pe->comp[k].R[per->first - 1]);
}

static int by_payee_id(const void *pa, const void *pb, void *ctx)
{
    const batch *b = ctx;
    return strcmp(b->payees[*(const uint32_t *)pa].id, b->payees[*(const uint32_t *)pb].id);
}

/* Roster payees by payee_id; caller frees. */
static uint32_t *payees_by_id(const batch *b)
{
    uint32_t *v = xmalloc((b->npayees ? b->npayees : 1) * sizeof *v);
    for (size_t i = 0; i < b->npayees; i++)
        v[i] = (uint32_t)i;
    qsort_r(v, b->npayees, sizeof *v, by_payee_id, (void *)b);
    return v;
}

/* The ids of payee pi's components: the old role's in plan order, then the new role's others.
   With rows NULL, only counts them. */
static size_t payee_rows(plandiff_row *rows, const run_state *old, const run_state *new_,
                         uint32_t pi)
{
    const char *role_id = old->batch.payees[pi].role;
    const role *ro = plan_find_role(old->plan, role_id), *rn = plan_find_role(new_->plan, role_id);
    size_t n = 0;
    for (size_t k = 0; ro && k < ro->ncomponents; k++, n++)
        if (rows)
            rows[n] = (plandiff_row){.payee = pi, .component = ro->components[k].id};
    for (size_t k = 0; rn && k < rn->ncomponents; k++)
        if (component_index(ro, rn->components[k].id) < 0) {
            if (rows)
                rows[n] = (plandiff_row){.payee = pi, .component = rn->components[k].id};
            n++;
        }
    return n;
}

/* The rows of every payee by payee_id, with their figures; each payee's totals under both
   plans into po[i], pn[i] (i: the payee's place in `order`). */
static void compute_rows(plandiff *df, const uint32_t *order, mpz_t *po, mpz_t *pn)
{
    const batch *b = &df->old->batch;
    size_t n = 0;
    for (size_t i = 0; i < b->npayees; i++)
        n += payee_rows(NULL, df->old, df->new_, order[i]);
    df->rows = xcalloc(n ? n : 1, sizeof *df->rows);
    df->nrows = n;
    n = 0;
    for (size_t i = 0; i < b->npayees; i++) {
        size_t first = n;
        n += payee_rows(df->rows + n, df->old, df->new_, order[i]);
        for (size_t j = first; j < n; j++) {
            plandiff_row *w = &df->rows[j];
            mpz_inits(w->old, w->new_, w->delta, NULL);
            period_pay(w->old, df->old, w->payee, w->component, &df->per);
            period_pay(w->new_, df->new_, w->payee, w->component, &df->per);
            mpz_sub(w->delta, w->new_, w->old);
            mpz_add(po[i], po[i], w->old);
            mpz_add(pn[i], pn[i], w->new_);
        }
    }
}

/* Revenue of the period: amounts of in-scope won deals closing in it. */
static void period_revenue(mpq_t out, const batch *b, int year, const period *per)
{
    mpq_set_ui(out, 0, 1);
    for (size_t i = 0; i < b->ndeals; i++) {
        const deal *x = &b->deals[i];
        if (x->year == year && !x->lost && x->month >= per->first && x->month <= per->last)
            mpq_add(out, out, x->amount);
    }
}

static int mpz_order(const void *a, const void *b)
{
    return mpz_cmp(*(const mpz_t *)a, *(const mpz_t *)b);
}

/* n changes (all gains or all losses) into m: the median, the lower middle of the magnitudes,
   and the largest.  Sorts v. */
static void movers(plandiff_movers *m, mpz_t *v, size_t n, int down)
{
    mpz_inits(m->median, m->largest, NULL);
    m->n = n;
    if (n == 0)
        return;
    qsort(v, n, sizeof *v, mpz_order);
    size_t mid = down ? n / 2 : (n - 1) / 2;  /* the middle one, or the smaller change of two */
    mpz_set(m->median, v[mid]);
    mpz_set(m->largest, down ? v[0] : v[n - 1]);
}

/* ---- why a payee changed ------------------------------------------------------ */

/* Every line of in-scope deals closing by `to`, under one plan. */
static void credit_through(credits *all, const run_state *r, int to)
{
    credit_scratch s;
    credit_scratch_init(&s);
    diag quiet;  /* the run reported every deal's problems already */
    diag_init(&quiet);
    credits_init(all);
    for (uint32_t di = 0; di < r->batch.ndeals; di++)
        if (r->batch.deals[di].month <= to && credit_deal(&s, run_deal_plan(r, di), &r->batch, di, &quiet) >= 0)
            credits_append(all, &s.lines);
    credit_scratch_free(&s);
    diag_free(&quiet);
}

typedef struct line_sort {
    const batch *b;
    const credit_line *v;
} line_sort;

static const char *campaign_of(const batch *b, const credit_line *l)
{
    return l->campaign >= 0 ? b->campaigns[l->campaign].id : "";
}

/* The contract's line order: close_date, deal_id, closer first, campaign_id. */
static int line_cmp(const batch *b, const credit_line *x, const credit_line *y)
{
    const deal *dx = &b->deals[x->deal], *dy = &b->deals[y->deal];
    if (dx->close != dy->close)
        return dx->close < dy->close ? -1 : 1;
    int c = strcmp(dx->id, dy->id);
    if (c)
        return c;
    if (x->role != y->role)
        return x->role < y->role ? -1 : 1;
    return strcmp(campaign_of(b, x), campaign_of(b, y));
}

static int line_order(const void *pa, const void *pb, void *ctx)
{
    const line_sort *ls = ctx;
    return line_cmp(ls->b, &ls->v[*(const size_t *)pa], &ls->v[*(const size_t *)pb]);
}

/* Indices of payee pi's lines in `all`, in the contract's order; *n gets the count. */
static size_t *payee_lines(const credits *all, const batch *b, uint32_t pi, size_t *n)
{
    size_t *v = xmalloc((all->n ? all->n : 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; i < all->n; i++)
        if (all->lines[i].payee == (int32_t)pi)
            v[(*n)++] = i;
    line_sort ls = {b, all->lines};
    qsort_r(v, *n, sizeof *v, line_order, &ls);
    return v;
}

/* What a line earns for component k: commission E(C + c) - E(C), capped (tiers.c); SPIF pay on
   a deal's first line. */
static void line_component(mpq_t out, const run_state *r, const component *k, mpq_t *limits,
                           const mpq_t before, const credit_line *l, int first_of_deal)
{
    mpq_set_ui(out, 0, 1);
    if (k->kind == COMP_COMMISSION) {
        mpq_t after, e0;
        mpq_inits(after, e0, NULL);
        mpq_add(after, before, l->credit);
        tier_value(out, k, limits, after);
        tier_cap(out, k);
        tier_value(e0, k, limits, before);
        tier_cap(e0, k);
        mpq_sub(out, out, e0);
        mpq_clears(after, e0, NULL);
        return;
    }
    if (k->kind != COMP_SPIF)
        return;  /* bonuses, curves and draws are not earned line by line */
    const deal *x = &r->batch.deals[l->deal];
    char err[256];
    if (first_of_deal && x->close >= k->from && x->close <= k->to &&
        (!k->when || expr_eval(k->when, batch_deal_fields(&r->batch, l->deal), err, sizeof err) == 1))
        mpq_set(out, k->pay);
}

/* One plan's side of the walk over a payee's lines. */
typedef struct side {
    const run_state *r;
    const payee_earnings *pe;   /* NULL: not paid under this plan */
    const credits *all;
    size_t *idx, n;
    int month;                  /* the month of the lines walked last */
    mpq_t in_month;             /* their credit so far in that month */
} side;

static const credit_line *side_line(const side *s, size_t i)
{
    return i < s->n ? &s->all->lines[s->idx[i]] : NULL;
}

/* The running total of component k before line l: the window's credit before l's month (as
   the run walked it) plus the side's lines of that month before l. */
static void side_before(mpq_t out, const side *s, size_t k, const credit_line *l)
{
    int m = s->r->batch.deals[l->deal].month;
    earn_running_before(out, &s->pe->comp[k], &s->pe->month_role[m]->components[k], m);
    if (s->month == m)
        mpq_add(out, out, s->in_month);
}

/* Line l walked on this side: the month's running credit grows. */
static void side_advance(side *s, const credit_line *l)
{
    int m = s->r->batch.deals[l->deal].month;
    if (s->month != m) {
        s->month = m;
        mpq_set_ui(s->in_month, 0, 1);
    }
    mpq_add(s->in_month, s->in_month, l->credit);
}

/* What line i earns under the side's plan, all components, by the version of its month. */
static void side_line_earns(mpq_t out, const side *s, size_t i)
{
    mpq_set_ui(out, 0, 1);
    if (!s->pe)
        return;
    const credit_line *l = side_line(s, i);
    int first = i == 0 || side_line(s, i - 1)->deal != l->deal;
    int m = s->r->batch.deals[l->deal].month;
    mpq_t q, before;
    mpq_inits(q, before, NULL);
    for (size_t k = 0; k < s->pe->role->ncomponents; k++) {
        side_before(before, s, k, l);
        line_component(q, s->r, &s->pe->month_role[m]->components[k],
                       s->pe->comp[k].month_limits[m], before, l, first);
        mpq_add(out, out, q);
    }
    mpq_clears(q, before, NULL);
}

/* Split si of plan p as a place (no split: none). */
static plandiff_at split_at(const plan *p, long si)
{
    return si < 0 ? (plandiff_at){NULL, 0} : (plandiff_at){p->file, p->splits[si].line};
}

/* Why a line's credit differs: the split chosen, a share, or the attribution model. */
static void credit_reason(plandiff_reason *w, const run_state *old, const run_state *new_,
                          uint32_t di, credit_role lrole)
{
    long so = old->deal_split[di], sn = new_->deal_split[di];
    const plan *po = run_deal_plan(old, di), *pn = run_deal_plan(new_, di);
    const split *a = so >= 0 ? &po->splits[so] : NULL;
    const split *b = sn >= 0 ? &pn->splits[sn] : NULL;
    w->role = lrole;
    if (so != sn || !a || !b) {
        w->why = WHY_SPLIT;
        w->old_at = split_at(po, so);
        w->at = split_at(pn, sn);
        return;
    }
    w->at = (plandiff_at){pn->file, b->line};
    if (lrole == CREDIT_OVERLAY || lrole == CREDIT_MANAGER) {
        /* Overlay and roll-up credit hang on the split's overlays, the plan's rollups and the
           territories and hierarchy of the batch, which both runs share. */
        w->why = WHY_CREDIT_RULES;
        return;
    }
    int closer = lrole == CREDIT_CLOSER;
    int ha = closer ? a->has_closer : a->has_marketing, hb = closer ? b->has_closer : b->has_marketing;
    const mpq_t *sa = closer ? &a->closer_share : &a->marketing_share;
    const mpq_t *sb = closer ? &b->closer_share : &b->marketing_share;
    if (ha != hb) {
        w->why = WHY_PART;
        w->added = hb;
    } else if (!mpq_equal(*sa, *sb)) {
        w->why = WHY_SHARE;
        w->was = sa;
        w->now = sb;
    } else {
        w->why = a->model != b->model ? WHY_MODEL : WHY_WEIGHTS;
        w->model_was = a->model;
        w->model_now = b->model;
        w->at.line = b->marketing_line;
    }
}

/* Why commission ka (old) and kb (new) earn a line differently: cap, mode, tier limits or rate,
   as the plan versions in force in the line's month m have them. */
static void commission_reason(plandiff_reason *w, const side *o, const side *n, size_t ia,
                              size_t ib, const credit_line *l, int m)
{
    const component *ka = &o->pe->month_role[m]->components[ia];
    const component *kb = &n->pe->month_role[m]->components[ib];
    mpq_t *la = o->pe->comp[ia].month_limits[m], *lb = n->pe->comp[ib].month_limits[m];
    w->component = kb->id;
    w->at = (plandiff_at){run_deal_plan(n->r, l->deal)->file, kb->line};
    if (ka->has_cap != kb->has_cap || (ka->has_cap && !mpq_equal(ka->cap, kb->cap))) {
        w->why = WHY_CAP;
        return;
    }
    w->why = WHY_TIERS;
    if (ka->retroactive != kb->retroactive || ka->ntiers != kb->ntiers)
        return;
    mpq_t before, after;
    mpq_inits(before, after, NULL);
    side_before(before, o, ia, l);
    mpq_add(after, before, l->credit);
    size_t t0 = tier_for_total(ka, la, before), t1 = tier_for_total(ka, la, after);
    mpq_clears(before, after, NULL);
    for (size_t t = t0; t <= t1 && t < ka->ntiers; t++) {
        int limit = t + 1 < ka->ntiers && !mpq_equal(la[t], lb[t]);
        if (limit || !mpq_equal(ka->tiers[t].rate, kb->tiers[t].rate)) {
            w->why = limit ? WHY_LIMIT : WHY_RATE;
            w->tier = t;
            w->was = &ka->tiers[t].rate;
            w->now = &kb->tiers[t].rate;
            w->at.line = kb->tiers[t].line;
            return;
        }
    }
}

/* Why line i earns differently although its credit is the same: the first component that
   differs, as the plan versions in force in the line's month have them. */
static void earnings_reason(plandiff_reason *w, const side *o, const side *n, size_t io,
                            size_t in)
{
    if (!o->pe || !n->pe) {
        w->why = WHY_ROLE;
        w->added = !o->pe;
        return;
    }
    const credit_line *lo = side_line(o, io), *ln = side_line(n, in);
    int fo = io == 0 || side_line(o, io - 1)->deal != lo->deal;
    int fn = in == 0 || side_line(n, in - 1)->deal != ln->deal;
    int m = o->r->batch.deals[lo->deal].month;
    const role *ra = o->pe->month_role[m], *rb = n->pe->month_role[m];
    const char *file = run_deal_plan(n->r, ln->deal)->file;
    mpq_t a, b, before;
    mpq_inits(a, b, before, NULL);
    w->why = WHY_SAME;
    for (size_t k = 0; k < ra->ncomponents && w->why == WHY_SAME; k++) {
        const component *ka = &ra->components[k];
        long j = component_index(rb, ka->id);
        w->component = ka->id;
        if (j < 0) {
            w->why = WHY_GONE;
            break;
        }
        const component *kb = &rb->components[j];
        side_before(before, o, k, lo);
        line_component(a, o->r, ka, o->pe->comp[k].month_limits[m], before, lo, fo);
        side_before(before, n, (size_t)j, ln);
        line_component(b, n->r, kb, n->pe->comp[j].month_limits[m], before, ln, fn);
        if (mpq_equal(a, b))
            continue;
        if (ka->kind != kb->kind) {
            w->why = WHY_KIND;
        } else if (ka->kind == COMP_SPIF) {
            w->why = WHY_SPIF;
            w->component = kb->id;
            w->at = (plandiff_at){file, kb->line};
        } else {
            commission_reason(w, o, n, k, (size_t)j, lo, m);
        }
    }
    for (size_t j = 0; j < rb->ncomponents && w->why == WHY_SAME; j++)
        if (component_index(ra, rb->components[j].id) < 0) {
            w->why = WHY_NEW;
            w->component = rb->components[j].id;
            w->at = (plandiff_at){file, rb->components[j].line};
        }
    mpq_clears(a, b, before, NULL);
}

/* Walks both sides to the first line that differs and keeps it, with why, in p. */
static void first_difference(plandiff_payee *p, const run_state *old, const run_state *new_,
                             const credits *ao, const credits *an)
{
    uint32_t pi = p->payee;
    side o = {.r = old, .all = ao}, n = {.r = new_, .all = an};
    long so = old->earnings.slot[pi], sn = new_->earnings.slot[pi];
    o.pe = so >= 0 ? &old->earnings.v[so] : NULL;
    n.pe = sn >= 0 ? &new_->earnings.v[sn] : NULL;
    o.idx = payee_lines(ao, &old->batch, pi, &o.n);
    n.idx = payee_lines(an, &new_->batch, pi, &n.n);
    mpq_inits(o.in_month, n.in_month, NULL);
    size_t io = 0, in = 0;
    while (!p->found && (io < o.n || in < n.n)) {
        const credit_line *lo = side_line(&o, io), *ln = side_line(&n, in);
        int c = !lo ? 1 : !ln ? -1 : line_cmp(&old->batch, lo, ln);
        const credit_line *l = c <= 0 ? lo : ln;
        if (c == 0 && mpq_equal(lo->credit, ln->credit)) {
            side_line_earns(p->earned_old, &o, io);
            side_line_earns(p->earned_new, &n, in);
            if (!mpq_equal(p->earned_old, p->earned_new)) {
                p->found = p->same_credit = 1;
                earnings_reason(&p->why, &o, &n, io, in);
            }
        } else {
            p->found = 1;
            credit_reason(&p->why, old, new_, l->deal, l->role);
        }
        if (p->found) {
            p->deal = l->deal;
            p->role = l->role;
            p->campaign = l->campaign;
            p->has_old = c <= 0;
            p->has_new = c >= 0;
            if (p->has_old)
                mpq_set(p->credit_old, lo->credit);
            if (p->has_new)
                mpq_set(p->credit_new, ln->credit);
        }
        if (c <= 0)
            side_advance(&o, lo), io++;
        if (c >= 0)
            side_advance(&n, ln), in++;
    }
    mpq_clears(o.in_month, n.in_month, NULL);
    free(o.idx);
    free(n.idx);
}

/* ---- the whole diff ------------------------------------------------------------- */

void plandiff_compute(plandiff *df, const run_state *old, const run_state *new_,
                      const period *per)
{
    const batch *b = &old->batch;
    size_t np = b->npayees, ngain = 0, nlose = 0;
    *df = (plandiff){.old = old, .new_ = new_, .per = *per};
    mpz_inits(df->total_old, df->total_new, NULL);
    mpq_init(df->revenue);
    uint32_t *order = payees_by_id(b);
    mpz_t *po = xcalloc(np ? np : 1, sizeof *po), *pn = xcalloc(np ? np : 1, sizeof *pn);
    mpz_t *gain = xcalloc(np ? np : 1, sizeof *gain), *lose = xcalloc(np ? np : 1, sizeof *lose);
    mpz_t d;
    mpz_init(d);
    for (size_t i = 0; i < np; i++)
        mpz_inits(po[i], pn[i], gain[i], lose[i], NULL);
    compute_rows(df, order, po, pn);
    for (size_t i = 0; i < np; i++) {
        mpz_add(df->total_old, df->total_old, po[i]);
        mpz_add(df->total_new, df->total_new, pn[i]);
        mpz_sub(d, pn[i], po[i]);
        if (mpz_sgn(d) > 0)
            mpz_set(gain[ngain++], d);
        else if (mpz_sgn(d) < 0)
            mpz_set(lose[nlose++], d);
    }
    period_revenue(df->revenue, b, old->plan->year, per);
    movers(&df->gain, gain, ngain, 0);
    movers(&df->lose, lose, nlose, 1);
    df->unchanged = np - ngain - nlose;

    df->changed = xcalloc(ngain + nlose ? ngain + nlose : 1, sizeof *df->changed);
    credits ao, an;
    if (ngain + nlose) {
        credit_through(&ao, old, per->last);
        credit_through(&an, new_, per->last);
    }
    for (size_t i = 0; i < np; i++) {
        mpz_sub(d, pn[i], po[i]);
        if (mpz_sgn(d) == 0)
            continue;
        plandiff_payee *p = &df->changed[df->nchanged++];
        p->payee = order[i];
        mpz_inits(p->old, p->new_, p->delta, NULL);
        mpq_inits(p->credit_old, p->credit_new, p->earned_old, p->earned_new, NULL);
        mpz_set(p->old, po[i]);
        mpz_set(p->new_, pn[i]);
        mpz_set(p->delta, d);
        first_difference(p, old, new_, &ao, &an);
    }
    if (ngain + nlose) {
        credits_free(&ao);
        credits_free(&an);
    }
    for (size_t i = 0; i < np; i++)
        mpz_clears(po[i], pn[i], gain[i], lose[i], NULL);
    free(po), free(pn), free(gain), free(lose), free(order);
    mpz_clear(d);
}

void plandiff_free(plandiff *df)
{
    for (size_t i = 0; i < df->nrows; i++)
        mpz_clears(df->rows[i].old, df->rows[i].new_, df->rows[i].delta, NULL);
    for (size_t i = 0; i < df->nchanged; i++) {
        plandiff_payee *p = &df->changed[i];
        mpz_clears(p->old, p->new_, p->delta, NULL);
        mpq_clears(p->credit_old, p->credit_new, p->earned_old, p->earned_new, NULL);
    }
    free(df->rows);
    free(df->changed);
    mpz_clears(df->total_old, df->total_new, df->gain.median, df->gain.largest,
               df->lose.median, df->lose.largest, NULL);
    mpq_clear(df->revenue);
    *df = (plandiff){0};
}
