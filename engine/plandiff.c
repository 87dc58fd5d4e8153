/*
 * plandiff.c - `truce diff`: the same batch under an old and a new plan.
 *
 * The two runs are computed as usual (run_compute); this file only reads
 * them.  Figures are period payouts, R(last) - R(first - 1), so a quarter is
 * exactly the sum of its months.  To say why a payee's pay changed, the
 * payee's credit lines are credited again under both plans (as explain and
 * the scoreboard do) and walked in the contract's order; the first line
 * whose credit or earnings differ is named with the rule that changed it.
 * Everything is exact; only the printed figures are rounded.
 */
#include "run.h"
#include "tiers.h"
#include "plandiff.h"
#include "money.h"
#include "outdir.h"
#include "html.h"
#include "report.h"

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

/* Calls fn for each component of payee pi: the old role's in plan order, then the new role's others. */
typedef void (*component_fn)(void *ctx, uint32_t pi, const char *id);

static void each_component(const run_state *old, const run_state *new_, uint32_t pi,
                           component_fn fn, void *ctx)
{
    const char *role_id = old->batch.payees[pi].role;
    const role *ro = plan_find_role(old->plan, role_id), *rn = plan_find_role(new_->plan, role_id);
    for (size_t k = 0; ro && k < ro->ncomponents; k++)
        fn(ctx, pi, ro->components[k].id);
    for (size_t k = 0; rn && k < rn->ncomponents; k++)
        if (component_index(ro, rn->components[k].id) < 0)
            fn(ctx, pi, rn->components[k].id);
}

typedef struct csv_ctx {
    strbuf *out;
    const run_state *old, *new_;
    const period *per;
    mpz_t o, n, dl;
} csv_ctx;

/* delta x 100 / old to 2 decimals half-up; nothing when old is zero. */
static void put_pct(strbuf *sb, const mpz_t delta, const mpz_t old)
{
    if (mpz_sgn(old) == 0)
        return;
    mpq_t q;
    mpz_t r;
    mpq_init(q);
    mpz_init(r);
    mpq_set_num(q, delta);
    mpq_set_den(q, old);
    mpq_canonicalize(q);
    mpz_mul_ui(mpq_numref(q), mpq_numref(q), 100);
    mpq_canonicalize(q);
    money_round(r, q, 2, ROUND_HALF_UP);
    money_format_minor(sb, r, 2);
    mpz_clear(r);
    mpq_clear(q);
}

static void diff_row(void *vctx, uint32_t pi, const char *id)
{
    csv_ctx *c = vctx;
    unsigned mu = c->old->plan->minor_unit;
    const payee *py = &c->old->batch.payees[pi];
    period_pay(c->o, c->old, pi, id, c->per);
    period_pay(c->n, c->new_, pi, id, c->per);
    mpz_sub(c->dl, c->n, c->o);
    sb_put_csv_field(c->out, py->id);
    sb_putc(c->out, ',');
    sb_put_csv_field(c->out, py->role);
    sb_putc(c->out, ',');
    sb_put_csv_field(c->out, id);
    sb_putc(c->out, ',');
    money_format_minor(c->out, c->o, mu);
    sb_putc(c->out, ',');
    money_format_minor(c->out, c->n, mu);
    sb_putc(c->out, ',');
    money_format_minor(c->out, c->dl, mu);
    sb_putc(c->out, ',');
    put_pct(c->out, c->dl, c->o);
    sb_putc(c->out, '\n');
}

void plandiff_csv(strbuf *out, const run_state *old, const run_state *new_, const period *per)
{
    csv_ctx c = {.out = out, .old = old, .new_ = new_, .per = per};
    mpz_inits(c.o, c.n, c.dl, NULL);
    uint32_t *order = payees_by_id(&old->batch);
    sb_puts(out, PLANDIFF_HEADER "\n");
    for (size_t i = 0; i < old->batch.npayees; i++)
        each_component(old, new_, order[i], diff_row, &c);
    free(order);
    mpz_clears(c.o, c.n, c.dl, NULL);
}

/* ---- totals ---------------------------------------------------------------- */

typedef struct total_ctx {
    const run_state *old, *new_;
    const period *per;
    mpz_t o, n, tmp;
} total_ctx;

static void add_component(void *vctx, uint32_t pi, const char *id)
{
    total_ctx *t = vctx;
    period_pay(t->tmp, t->old, pi, id, t->per);
    mpz_add(t->o, t->o, t->tmp);
    period_pay(t->tmp, t->new_, pi, id, t->per);
    mpz_add(t->n, t->n, t->tmp);
}

/* Payee pi's totals for the period under both plans. */
static void payee_totals(mpz_t o, mpz_t n, const run_state *old, const run_state *new_,
                         uint32_t pi, const period *per)
{
    total_ctx t = {.old = old, .new_ = new_, .per = per};
    mpz_inits(t.o, t.n, t.tmp, NULL);
    each_component(old, new_, pi, add_component, &t);
    mpz_set(o, t.o);
    mpz_set(n, t.n);
    mpz_clears(t.o, t.n, t.tmp, NULL);
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

/* "12.34%" of num/den to 2 decimals half-up, or "n/a" when den is zero. */
static void put_share(strbuf *sb, const mpq_t num, const mpq_t den)
{
    if (mpq_sgn(den) == 0) {
        sb_puts(sb, "n/a");
        return;
    }
    mpq_t q;
    mpz_t r;
    mpq_init(q);
    mpz_init(r);
    mpq_div(q, num, den);
    mpz_mul_ui(mpq_numref(q), mpq_numref(q), 100);
    mpq_canonicalize(q);
    money_round(r, q, 2, ROUND_HALF_UP);
    money_format_minor(sb, r, 2);
    sb_putc(sb, '%');
    mpz_clear(r);
    mpq_clear(q);
}

static void put_signed(strbuf *sb, const mpz_t v, unsigned mu)
{
    if (mpz_sgn(v) > 0)
        sb_putc(sb, '+');
    money_format_minor(sb, v, mu);
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

/* What a line earns for component k: commission E(C + c) - E(C); SPIF pay on a deal's first line. */
static void line_component(mpq_t out, const run_state *r, const component *k, mpq_t *limits,
                           const mpq_t before, const credit_line *l, int first_of_deal)
{
    mpq_set_ui(out, 0, 1);
    if (k->kind == COMP_COMMISSION) {
        mpq_t after, e0;
        mpq_inits(after, e0, NULL);
        mpq_add(after, before, l->credit);
        tier_value(out, k, limits, after);  /* capped earnings at C + c, less at C */
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

static void put_split_ref(strbuf *sb, const plan *p, long si)
{
    if (si < 0)
        sb_puts(sb, "no split");
    else
        sb_printf(sb, "the split at %s:%ld", p->file, p->splits[si].line);
}

/* Why a line's credit differs: the split chosen, a share, or the attribution model. */
static void credit_reason(strbuf *sb, const run_state *old, const run_state *new_, uint32_t di,
                          credit_role lrole)
{
    long so = old->deal_split[di], sn = new_->deal_split[di];
    const split *a = so >= 0 ? &run_deal_plan(old, di)->splits[so] : NULL;
    const split *b = sn >= 0 ? &run_deal_plan(new_, di)->splits[sn] : NULL;
    if (so != sn || !a || !b) {
        sb_puts(sb, "a different split: old ");
        put_split_ref(sb, run_deal_plan(old, di), so);
        sb_puts(sb, ", new ");
        put_split_ref(sb, run_deal_plan(new_, di), sn);
        return;
    }
    if (lrole == CREDIT_OVERLAY || lrole == CREDIT_MANAGER) {
        /* Overlay and roll-up credit hang on the split's overlays, the plan's rollups and the
           territories and hierarchy of the batch, which both runs share. */
        sb_printf(sb, "different %s (%s:%ld)", lrole == CREDIT_OVERLAY ? "overlays in the split"
                                                                       : "roll-ups in <credit>",
                  run_deal_plan(new_, di)->file, b->line);
        return;
    }
    int closer = lrole == CREDIT_CLOSER;
    int ha = closer ? a->has_closer : a->has_marketing, hb = closer ? b->has_closer : b->has_marketing;
    const char *what = closer ? "closer" : "marketing";
    if (ha != hb) {
        sb_printf(sb, "a different split: the %s part is %s (%s:%ld)", what,
                  hb ? "added" : "removed", run_deal_plan(new_, di)->file, b->line);
    } else if (!mpq_equal(closer ? a->closer_share : a->marketing_share,
                          closer ? b->closer_share : b->marketing_share)) {
        sb_printf(sb, "a different split: %s share ", what);
        report_rate(sb, closer ? a->closer_share : a->marketing_share);
        sb_puts(sb, " -> ");
        report_rate(sb, closer ? b->closer_share : b->marketing_share);
        sb_printf(sb, " (%s:%ld)", run_deal_plan(new_, di)->file, b->line);
    } else if (a->model != b->model) {
        sb_printf(sb, "a different model: %s -> %s (%s:%ld)", attribution_model_name(a->model),
                  attribution_model_name(b->model), run_deal_plan(new_, di)->file, b->marketing_line);
    } else {
        sb_printf(sb, "a different model: %s weights changed (%s:%ld)",
                  attribution_model_name(b->model), run_deal_plan(new_, di)->file, b->marketing_line);
    }
}

/* Why commission ka (old) and kb (new) earn a line differently: cap, mode, tier limits or rate,
   as the plan versions in force in the line's month m have them. */
static void commission_reason(strbuf *sb, const side *o, const side *n, size_t ia, size_t ib,
                              const credit_line *l, int m)
{
    const component *ka = &o->pe->month_role[m]->components[ia];
    const component *kb = &n->pe->month_role[m]->components[ib];
    mpq_t *la = o->pe->comp[ia].month_limits[m], *lb = n->pe->comp[ib].month_limits[m];
    const char *file = run_deal_plan(n->r, l->deal)->file;
    if (ka->has_cap != kb->has_cap || (ka->has_cap && !mpq_equal(ka->cap, kb->cap))) {
        sb_printf(sb, "a different cap on '%s' (%s:%ld)", kb->id, file, kb->line);
        return;
    }
    if (ka->retroactive != kb->retroactive || ka->ntiers != kb->ntiers) {
        sb_printf(sb, "different tiers in '%s' (%s:%ld)", kb->id, file, kb->line);
        return;
    }
    mpq_t before, after;
    mpq_inits(before, after, NULL);
    side_before(before, o, ia, l);
    mpq_add(after, before, l->credit);
    size_t t0 = tier_for_total(ka, la, before), t1 = tier_for_total(ka, la, after);
    mpq_clears(before, after, NULL);
    for (size_t t = t0; t <= t1 && t < ka->ntiers; t++) {
        if (t + 1 < ka->ntiers && !mpq_equal(la[t], lb[t])) {
            sb_printf(sb, "a different tier: the limit of tier %zu of '%s' (%s:%ld)", t + 1,
                      kb->id, file, kb->tiers[t].line);
            return;
        }
        if (!mpq_equal(ka->tiers[t].rate, kb->tiers[t].rate)) {
            sb_printf(sb, "a different rate: tier %zu of '%s' ", t + 1, kb->id);
            report_rate(sb, ka->tiers[t].rate);
            sb_puts(sb, " -> ");
            report_rate(sb, kb->tiers[t].rate);
            sb_printf(sb, " (%s:%ld)", file, kb->tiers[t].line);
            return;
        }
    }
    sb_printf(sb, "different tiers in '%s' (%s:%ld)", kb->id, file, kb->line);
}

/* Why line i earns differently although its credit is the same: the first component that
   differs, as the plan versions in force in the line's month have them. */
static void earnings_reason(strbuf *sb, const side *o, const side *n, size_t io, size_t in)
{
    if (!o->pe || !n->pe) {
        sb_printf(sb, "the role is %s the new plan", o->pe ? "not in" : "new in");
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
    int found = 0;
    for (size_t k = 0; k < ra->ncomponents && !found; k++) {
        long j = component_index(rb, ra->components[k].id);
        if (j < 0) {
            sb_printf(sb, "component '%s' is not in the new plan", ra->components[k].id);
            found = 1;
            break;
        }
        side_before(before, o, k, lo);
        line_component(a, o->r, &ra->components[k], o->pe->comp[k].month_limits[m], before, lo, fo);
        side_before(before, n, (size_t)j, ln);
        line_component(b, n->r, &rb->components[j], n->pe->comp[j].month_limits[m], before, ln,
                       fn);
        if (mpq_equal(a, b))
            continue;
        found = 1;
        if (ra->components[k].kind != rb->components[j].kind)
            sb_printf(sb, "component '%s' changed kind", ra->components[k].id);
        else if (ra->components[k].kind == COMP_SPIF)
            sb_printf(sb, "a different spif '%s' (pay, window or when; %s:%ld)",
                      rb->components[j].id, file, rb->components[j].line);
        else
            commission_reason(sb, o, n, k, (size_t)j, lo, m);
    }
    for (size_t j = 0; j < rb->ncomponents && !found; j++)
        if (component_index(ra, rb->components[j].id) < 0) {
            sb_printf(sb, "component '%s' is new (%s:%ld)", rb->components[j].id, file,
                      rb->components[j].line);
            found = 1;
        }
    if (!found)
        sb_puts(sb, "the components earn the same on it");
    mpq_clears(a, b, before, NULL);
}

static void put_line(strbuf *sb, const batch *b, const credit_line *l)
{
    const deal *x = &b->deals[l->deal];
    char date[11];
    date_format(x->close, date);
    sb_printf(sb, "%s %s %s", x->id, date, l->role == CREDIT_CLOSER ? "closer" : "marketing");
    if (l->campaign >= 0)
        sb_printf(sb, "/%s", b->campaigns[l->campaign].id);
}

/* Walks both sides to the first line that differs and explains it (4 spaces of indent). */
static void explain_payee(strbuf *sb, const run_state *old, const run_state *new_,
                          const credits *ao, const credits *an, uint32_t pi)
{
    side o = {.r = old, .all = ao}, n = {.r = new_, .all = an};
    long so = old->earnings.slot[pi], sn = new_->earnings.slot[pi];
    o.pe = so >= 0 ? &old->earnings.v[so] : NULL;
    n.pe = sn >= 0 ? &new_->earnings.v[sn] : NULL;
    o.idx = payee_lines(ao, &old->batch, pi, &o.n);
    n.idx = payee_lines(an, &new_->batch, pi, &n.n);
    mpq_inits(o.in_month, n.in_month, NULL);
    mpq_t eo, en;
    mpq_inits(eo, en, NULL);
    size_t io = 0, in = 0;
    int told = 0;
    while (!told && (io < o.n || in < n.n)) {
        const credit_line *lo = side_line(&o, io), *ln = side_line(&n, in);
        int c = !lo ? 1 : !ln ? -1 : line_cmp(&old->batch, lo, ln);
        const credit_line *l = c <= 0 ? lo : ln;
        if (c == 0 && mpq_equal(lo->credit, ln->credit)) {
            side_line_earns(eo, &o, io);
            side_line_earns(en, &n, in);
            if (!mpq_equal(eo, en)) {
                sb_puts(sb, "    first line that differs: ");
                put_line(sb, &old->batch, l);
                sb_puts(sb, ", credit ");
                money_format_exact(sb, lo->credit);
                sb_puts(sb, ", earns ");
                money_format_exact(sb, eo);
                sb_puts(sb, " -> ");
                money_format_exact(sb, en);
                sb_puts(sb, "\n    because: ");
                earnings_reason(sb, &o, &n, io, in);
                told = 1;
            }
        } else {
            sb_puts(sb, "    first line that differs: ");
            put_line(sb, &old->batch, l);
            sb_puts(sb, ", credit ");
            if (c <= 0)
                money_format_exact(sb, lo->credit);
            else
                sb_puts(sb, "none");
            sb_puts(sb, " -> ");
            if (c >= 0)
                money_format_exact(sb, ln->credit);
            else
                sb_puts(sb, "none");
            sb_puts(sb, "\n    because: ");
            credit_reason(sb, old, new_, l->deal, l->role);
            told = 1;
        }
        if (c <= 0)
            side_advance(&o, lo), io++;
        if (c >= 0)
            side_advance(&n, ln), in++;
    }
    if (!told)
        sb_puts(sb, "    no credit line differs: a SPIF, a quota-based limit, or lines after the period");
    sb_putc(sb, '\n');
    mpq_clears(o.in_month, n.in_month, eo, en, NULL);
    free(o.idx);
    free(n.idx);
}

/* ---- the summary ---------------------------------------------------------------- */

static int mpz_order(const void *a, const void *b)
{
    return mpz_cmp(*(const mpz_t *)a, *(const mpz_t *)b);
}

/* "N gain (median +x, largest +y)": v sorted ascending by magnitude; median the lower middle. */
static void put_movers(strbuf *sb, const char *verb, mpz_t *v, size_t n, unsigned mu, int down)
{
    sb_printf(sb, "%zu %s", n, verb);
    if (n == 0)
        return;
    qsort(v, n, sizeof *v, mpz_order);
    size_t mid = down ? n / 2 : (n - 1) / 2;  /* the middle one, or the smaller change of two */
    sb_puts(sb, " (median ");
    put_signed(sb, v[mid], mu);
    sb_puts(sb, ", largest ");
    put_signed(sb, down ? v[0] : v[n - 1], mu);
    sb_putc(sb, ')');
}

void plandiff_summary(strbuf *out, const run_state *old, const run_state *new_,
                      const period *per, const char *period_text)
{
    const batch *b = &old->batch;
    unsigned mu = old->plan->minor_unit;
    uint32_t *order = payees_by_id(b);
    size_t np = b->npayees, ngain = 0, nlose = 0;
    mpz_t *po = xcalloc(np ? np : 1, sizeof *po), *pn = xcalloc(np ? np : 1, sizeof *pn);
    mpz_t *gain = xcalloc(np ? np : 1, sizeof *gain), *lose = xcalloc(np ? np : 1, sizeof *lose);
    mpz_t to, tn, d;
    mpz_inits(to, tn, d, NULL);
    for (size_t i = 0; i < np; i++) {
        mpz_inits(po[i], pn[i], gain[i], lose[i], NULL);
        payee_totals(po[i], pn[i], old, new_, order[i], per);
        mpz_add(to, to, po[i]);
        mpz_add(tn, tn, pn[i]);
        mpz_sub(d, pn[i], po[i]);
        if (mpz_sgn(d) > 0)
            mpz_set(gain[ngain++], d);
        else if (mpz_sgn(d) < 0)
            mpz_set(lose[nlose++], d);
    }
    sb_printf(out, "truce diff %s: plan %s (old) vs %s (new), %s\n", period_text, old->plan->id,
              new_->plan->id, old->plan->currency);
    mpz_sub(d, tn, to);
    sb_puts(out, "total cost: old ");
    money_format_minor(out, to, mu);
    sb_puts(out, ", new ");
    money_format_minor(out, tn, mu);
    sb_puts(out, ", delta ");
    put_signed(out, d, mu);
    sb_puts(out, "\n");

    mpq_t rev, cost;
    mpq_inits(rev, cost, NULL);
    period_revenue(rev, b, old->plan->year, per);
    mpz_t rev_minor;
    mpz_init(rev_minor);
    money_round(rev_minor, rev, mu, old->plan->rounding);
    sb_puts(out, "revenue (won deals closing in the period): ");
    money_format_minor(out, rev_minor, mu);
    sb_puts(out, "; cost as a share of it: old ");
    mpq_set_z(cost, to);
    mpz_ui_pow_ui(mpq_denref(cost), 10, mu);
    mpq_canonicalize(cost);
    put_share(out, cost, rev);
    sb_puts(out, ", new ");
    mpq_set_z(cost, tn);
    mpz_ui_pow_ui(mpq_denref(cost), 10, mu);
    mpq_canonicalize(cost);
    put_share(out, cost, rev);
    sb_puts(out, "\npayees: ");
    put_movers(out, "gain", gain, ngain, mu, 0);
    sb_puts(out, "; ");
    put_movers(out, "lose", lose, nlose, mu, 1);
    sb_printf(out, "; %zu unchanged\n", np - ngain - nlose);

    credits ao, an;
    if (ngain + nlose) {
        credit_through(&ao, old, per->last);
        credit_through(&an, new_, per->last);
        sb_puts(out, "changed payees:\n");
    }
    for (size_t i = 0; i < np && ngain + nlose; i++) {
        mpz_sub(d, pn[i], po[i]);
        if (mpz_sgn(d) == 0)
            continue;
        sb_printf(out, "  %s (%s): ", b->payees[order[i]].id, b->payees[order[i]].role);
        money_format_minor(out, po[i], mu);
        sb_puts(out, " -> ");
        money_format_minor(out, pn[i], mu);
        sb_puts(out, " (");
        put_signed(out, d, mu);
        sb_puts(out, ")\n");
        explain_payee(out, old, new_, &ao, &an, order[i]);
    }
    if (ngain + nlose) {
        credits_free(&ao);
        credits_free(&an);
    }
    for (size_t i = 0; i < np; i++)
        mpz_clears(po[i], pn[i], gain[i], lose[i], NULL);
    free(po), free(pn), free(gain), free(lose), free(order);
    mpz_clears(to, tn, d, rev_minor, NULL);
    mpq_clears(rev, cost, NULL);
}

/* ---- diff.html ------------------------------------------------------------------ */

/* One diff.csv row as table cells (the CSV's bytes, split at its commas, escaped). */
static void html_row(void *vctx, uint32_t pi, const char *id)
{
    csv_ctx *c = vctx;
    strbuf row = STRBUF_INIT, *page = c->out;
    c->out = &row;  /* the same context (its mpz_t are not copyable): only the output changes */
    diff_row(c, pi, id);
    c->out = page;
    const payee *py = &c->old->batch.payees[pi];
    sb_puts(c->out, "<tr><td>");
    html_escape(c->out, py->id);
    sb_puts(c->out, "</td><td>");
    html_escape(c->out, py->role);
    sb_puts(c->out, "</td><td>");
    html_escape(c->out, id);
    sb_puts(c->out, "</td>");
    /* The last four fields are figures; ids may hold no comma (the contract's id rules). */
    const char *f = row.p + row.len - 1;  /* the newline */
    const char *field[4];
    for (int k = 3; k >= 0; k--) {
        while (f > row.p && f[-1] != ',')
            f--;
        field[k] = f;
        f--;
    }
    for (int k = 0; k < 4; k++) {
        const char *end = k < 3 ? field[k + 1] - 1 : row.p + row.len - 1;
        sb_puts(c->out, "<td class=\"n\">");
        sb_putn(c->out, field[k], (size_t)(end - field[k]));
        sb_puts(c->out, "</td>");
    }
    sb_puts(c->out, "</tr>\n");
    sb_free(&row);
}

/* diff.html: each changed payee's delta as a bar chart, then every diff.csv row. */
static void plandiff_html(strbuf *out, const run_state *old, const run_state *new_,
                          const period *per)
{
    const batch *b = &old->batch;
    unsigned mu = old->plan->minor_unit;
    strbuf title = STRBUF_INIT;
    sb_printf(&title, "Plan diff %04d months %d-%d: ", per->year, per->first, per->last);
    sb_puts(&title, old->plan->id);
    sb_puts(&title, " (old) vs ");
    sb_puts(&title, new_->plan->id);
    sb_puts(&title, " (new)");
    html_begin(out, title.p);
    sb_free(&title);
    uint32_t *order = payees_by_id(b);
    size_t np = b->npayees, nb = 0;
    html_bar *bars = xcalloc(np ? np : 1, sizeof *bars);
    mpz_t *v = xcalloc(np ? np : 1, sizeof *v);
    strbuf *text = xcalloc(np ? np : 1, sizeof *text);
    mpz_t o, n;
    mpz_inits(o, n, NULL);
    for (size_t i = 0; i < np; i++) {
        payee_totals(o, n, old, new_, order[i], per);
        mpz_init(v[nb]);
        mpz_sub(v[nb], n, o);
        if (mpz_sgn(v[nb]) == 0) {
            mpz_clear(v[nb]);
            continue;
        }
        put_signed(&text[nb], v[nb], mu);
        bars[nb] = (html_bar){b->payees[order[i]].id, (const mpz_t *)&v[nb], text[nb].p};
        nb++;
    }
    sb_printf(out, "<h2>Change per payee (%s)</h2>\n", old->plan->currency);
    if (nb)
        html_svg_bars(out, "change in pay per payee", bars, nb);
    else
        sb_puts(out, "<p>No payee's pay changes.</p>\n");
    for (size_t i = 0; i < nb; i++) {
        mpz_clear(v[i]);
        sb_free(&text[i]);
    }
    free(bars), free(v), free(text);
    mpz_clears(o, n, NULL);
    sb_puts(out, "<h2>Per payee and component</h2>\n<table>\n<tr><th>payee</th><th>role</th>"
                 "<th>component</th><th class=\"n\">old</th><th class=\"n\">new</th>"
                 "<th class=\"n\">delta</th><th class=\"n\">delta %</th></tr>\n");
    csv_ctx c = {.out = out, .old = old, .new_ = new_, .per = per};
    mpz_inits(c.o, c.n, c.dl, NULL);
    for (size_t i = 0; i < np; i++)
        each_component(old, new_, order[i], html_row, &c);
    mpz_clears(c.o, c.n, c.dl, NULL);
    sb_puts(out, "</table>\n<h2>Summary</h2>\n<pre>");
    strbuf sum = STRBUF_INIT;
    char months[24];
    snprintf(months, sizeof months, "%04d months %d-%d", per->year, per->first, per->last);
    plandiff_summary(&sum, old, new_, per, months);
    html_escape(out, sum.p);
    sb_free(&sum);
    sb_puts(out, "</pre>\n");
    html_end(out);
    free(order);
}

int plandiff_write(const run_state *old, const run_state *new_, const period *per,
                   const char *out, int force, const char *const *command, size_t ncommand,
                   diag *d)
{
    outdir o;
    if (outdir_begin(&o, out, d) != 0)
        return -1;
    strbuf sb = STRBUF_INIT;
    plandiff_csv(&sb, old, new_, per);
    int failed = outdir_write(&o, PLANDIFF_CSV, sb.p, sb.len, d);
    if (!failed) {
        sb_reset(&sb);
        plandiff_html(&sb, old, new_, per);
        failed = outdir_write(&o, PLANDIFF_HTML, sb.p, sb.len, d);
    }
    if (!failed) {
        size_t n;
        const outdir_entry *files = outdir_files(&o, &n);
        sb_reset(&sb);
        failed = record_outputs_manifest(&sb, TRUCE_VERSION, command, ncommand, per, files, n,
                                         d) ||
                 outdir_write(&o, MANIFEST_FILE, sb.p, sb.len, d);
    }
    failed = failed || outdir_commit(&o, force, d);
    if (failed)
        outdir_abort(&o);
    sb_free(&sb);
    return failed ? -1 : 0;
}
