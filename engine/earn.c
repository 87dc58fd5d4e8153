/*
 * earn.c - components over credit: tiers, windows, caps, SPIFs.
 *
 * A marginal commission's earnings depend only on the running total: the
 * walk of contract 3.3 telescopes, sum of F(C + c) - F(C) over the lines =
 * F(C(m)) - F(C(start)).  Attainment windows restart the running total, and
 * plan versions change with the month (they begin on a month's first day),
 * so a month earns F(W(m)) - F(W(m - 1)) under the tiers in force that
 * month, W being the window's credit so far.  So earning needs, per payee,
 * only the credit of each month (and, for SPIFs, counts of qualifying
 * deals), which is what the accumulators keep; the line-by-line walk is
 * left to the statements that show it.
 */
#include "earn.h"
#include "tiers.h"
#include "money.h"
#include "qfast.h"
#include "strbuf.h"
#include "adjustments.h"
#include "credit.h"
#include "bonus.h"
#include "walk.h"

#include <stdlib.h>
#include <string.h>

#define NM (EARN_MONTHS + 1)

/* ---- which payees, and their limits --------------------------------------- */

unsigned shard_of(const char *payee_id, unsigned n)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *s = (const unsigned char *)payee_id; *s; s++) {
        h ^= *s;
        h *= 16777619u;
    }
    return n > 1 ? h % n : 0;
}

static int payee_order(const void *pa, const void *pb, void *vb)
{
    const batch *b = vb;
    return strcmp(b->payees[*(const uint32_t *)pa].id, b->payees[*(const uint32_t *)pb].id);
}

/* Absolute tier limits of each month; % limits need a quota above zero (reported otherwise). */
static int commission_limits(component_earnings *ce, const payee_earnings *pe, size_t ki,
                             const batch *b, int year, diag *d)
{
    const payee *py = &b->payees[pe->payee];
    const component *k0 = &pe->role->components[ki];
    int any_percent = 0;
    for (int m = 1; m < NM; m++)
        any_percent |= pe->month_role[m]->components[ki].upto_percent &&
                       pe->month_role[m]->components[ki].ntiers > 1;
    if (any_percent && (!py->has_quota || mpq_sgn(py->quota) == 0) &&
        window_needs_annual_quota(b, pe->payee, year, k0->window)) {
        diag_error(d, b->roster_csv.file, py->line, b->roster_quota_col,
                   "payee %s has no annual_quota, but commission '%s' of role '%s' sets limits "
                   "as a percentage of it", py->id, k0->id, pe->role->id);
        return -1;
    }
    mpq_t quota;
    mpq_init(quota);
    for (int m = 1; m < NM; m++) {
        const component *k = &pe->month_role[m]->components[ki];
        int ws = window_start(k0->window, m);
        /* Same tiers as last month and the same window: the same limits. */
        if (m > 1 && ws != m && k == &pe->month_role[m - 1]->components[ki]) {
            ce->month_limits[m] = ce->month_limits[m - 1];
            continue;
        }
        if (k->upto_percent)
            earn_window_quota(quota, b, pe->payee, year, k0->window, m);
        ce->month_limits[m] = tier_limits(k, quota);
    }
    ce->limits = ce->month_limits[1];
    mpq_clear(quota);
    return 0;
}

/* A component's pay-mechanics series, all zero. */
static component_flows *flows_new(void)
{
    component_flows *f = xmalloc(sizeof *f);
    for (int m = 0; m < NM; m++) {
        mpq_inits(f->clawback[m], f->released[m], f->adjusted[m], NULL);
        mpz_inits(f->draw_paid[m], f->draw_recovered[m], NULL);
    }
    return f;
}

static void flows_free(component_flows *f)
{
    if (!f)
        return;
    for (int m = 0; m < NM; m++) {
        mpq_clears(f->clawback[m], f->released[m], f->adjusted[m], NULL);
        mpz_clears(f->draw_paid[m], f->draw_recovered[m], NULL);
    }
    free(f);
}

/* Which mechanics the run needs: flows when any is used, kept lines when one walks. */
static void choose_mechanics(earnings *e, const batch *b)
{
    for (int m = 1; m < NM; m++) {
        const plan *p = e->version[m];
        e->mechanics |= plan_uses_pay_mechanics(p);
        for (size_t r = 0; r < p->nroles; r++)
            for (size_t k = 0; k < p->roles[r].ncomponents; k++)
                e->walk |= walk_needed(&p->roles[r].components[k]);
    }
    for (size_t i = 0; i < b->npayees && !e->mechanics; i++) {
        size_t n;
        batch_adjustments(b, (uint32_t)i, &n);
        e->mechanics = n > 0;
    }
}

static const char *component_kind_label(component_kind k)
{
    return k == COMP_BONUS ? "bonus" : "curve";
}

/* Bonuses, curves and % gates measure attainment against the window quota: a payee needs one
   (annual_quota above zero, or quotas.csv for every window), as % tier limits do. */
static int attainment_needs_quota(const payee_earnings *pe, size_t ki, const batch *b, int year,
                                  diag *d)
{
    const component *k = &pe->role->components[ki];
    int needs = k->kind == COMP_BONUS || k->kind == COMP_CURVE;
    for (int m = 1; m < NM && !needs; m++) {
        const component *v = &pe->month_role[m]->components[ki];
        needs = v->kind == COMP_COMMISSION && v->gate != GATE_NONE && v->gate_percent;
    }
    const payee *py = &b->payees[pe->payee];
    if (!needs || (py->has_quota && mpq_sgn(py->quota) != 0) ||
        !window_needs_annual_quota(b, pe->payee, year, k->window))
        return 0;
    diag_error(d, b->roster_csv.file, py->line, b->roster_quota_col,
               "payee %s has no annual_quota, but %s '%s' of role '%s' measures attainment "
               "against it", py->id, k->kind == COMP_COMMISSION ? "the gate of commission"
                                                                   : component_kind_label(k->kind),
               k->id, pe->role->id);
    return -1;
}

static int walks(const payee_earnings *pe, size_t ki);

static int prepare_payee(payee_earnings *pe, const earnings *e, const batch *b, diag *d)
{
    int ok = 0;
    for (int m = 0; m < NM; m++)
        mpq_init(pe->C[m]);
    for (int m = 1; m < NM; m++)
        pe->month_role[m] = plan_find_role(e->version[m], pe->role->id);
    for (size_t k = 0; k < pe->role->ncomponents; k++)
        pe->walks |= walks(pe, k);
    pe->comp = xcalloc(pe->role->ncomponents ? pe->role->ncomponents : 1, sizeof *pe->comp);
    for (size_t k = 0; k < pe->role->ncomponents; k++) {
        component_earnings *ce = &pe->comp[k];
        for (int m = 0; m < NM; m++) {
            mpq_init(ce->E[m]);
            mpz_init(ce->R[m]);
            mpq_init(ce->W[m]);
        }
        const component *cp = &pe->role->components[k];
        if (cp->kind == COMP_COMMISSION &&
            commission_limits(ce, pe, k, b, e->version[1]->year, d))
            ok = -1;
        if (e->mechanics)
            ce->flows = flows_new();
        if (attainment_needs_quota(pe, k, b, e->version[1]->year, d))
            ok = -1;
    }
    return ok;
}

static size_t spif_count(const role *r)
{
    size_t n = 0;
    for (size_t k = 0; k < r->ncomponents; k++)
        n += r->components[k].kind == COMP_SPIF;
    return n;
}

int earn_prepare(earnings *e, const plan *p, const batch *b, shard sh, diag *d)
{
    const plan *version[NM];
    for (int m = 0; m < NM; m++)
        version[m] = p;
    return earn_prepare_versions(e, version, b, sh, d);
}

int earn_prepare_versions(earnings *e, const plan *const *version, const batch *b, shard sh,
                          diag *d)
{
    memset(e, 0, sizeof *e);
    for (int m = 1; m < NM; m++)
        e->version[m] = version[m];
    e->version[0] = version[1];
    const plan *p = version[1];
    choose_mechanics(e, b);
    uint32_t *order = xmalloc((b->npayees ? b->npayees : 1) * sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < b->npayees; i++) {
        if (!plan_find_role(p, b->payees[i].role)) {
            if (sh.n <= 1 || sh.k == 0)  /* warn once across shards */
                diag_warn(d, b->roster_csv.file, b->payees[i].line, 0,
                          "payee %s: role '%s' is not in the plan; earns nothing", b->payees[i].id,
                          b->payees[i].role);
        } else if (shard_of(b->payees[i].id, sh.n) == sh.k) {
            order[n++] = (uint32_t)i;
        }
    }
    qsort_r(order, n, sizeof *order, payee_order, (void *)b);
    e->slot = xmalloc((b->npayees ? b->npayees : 1) * sizeof *e->slot);
    for (size_t i = 0; i < b->npayees; i++)
        e->slot[i] = -1;
    e->v = xcalloc(n ? n : 1, sizeof *e->v);
    e->n = n;
    int ok = 0;
    for (size_t s = 0; s < n; s++) {
        payee_earnings *pe = &e->v[s];
        e->slot[order[s]] = (long)s;
        pe->payee = order[s];
        pe->role = plan_find_role(p, b->payees[order[s]].role);
        pe->spif_base = e->nspif;
        pe->nspif = spif_count(pe->role);
        e->nspif += pe->nspif;
        if (prepare_payee(pe, e, b, d))
            ok = -1;
    }
    free(order);
    return ok;
}

/* ---- accumulating ------------------------------------------------------- */

void earn_acc_init(earn_acc *a, const earnings *e)
{
    a->n = e->n;
    a->nspif = e->nspif;
    a->credit = xmalloc((a->n ? a->n : 1) * NM * sizeof *a->credit);
    for (size_t i = 0; i < a->n * NM; i++)
        qsum_init(&a->credit[i]);
    a->spif = xcalloc(a->nspif ? a->nspif * NM : 1, sizeof *a->spif);
    a->lines = NULL;
    if (e->walk) {
        a->lines = xmalloc((a->n ? a->n : 1) * sizeof *a->lines);
        for (size_t i = 0; i < a->n; i++)
            walk_kept_init(&a->lines[i]);
    }
}

void earn_acc_free(earn_acc *a)
{
    for (size_t i = 0; i < a->n * NM; i++)
        qsum_clear(&a->credit[i]);
    free(a->credit);
    free(a->spif);
    for (size_t i = 0; a->lines && i < a->n; i++)
        walk_kept_free(&a->lines[i]);
    free(a->lines);
    memset(a, 0, sizeof *a);
}

void earn_acc_merge(earn_acc *into, const earn_acc *from)
{
    for (size_t i = 0; i < into->n * NM; i++)
        qsum_add_sum(&into->credit[i], &from->credit[i]);
    for (size_t i = 0; i < into->nspif * NM; i++)
        into->spif[i] += from->spif[i];
    for (size_t s = 0; into->lines && s < into->n; s++)
        walk_kept_append(&into->lines[s], &from->lines[s]);
}

/* A SPIF's verdict on a deal: 1 counts, 0 not, -1 evaluation error (reported). */
static int spif_holds(const component *k, const plan *p, const batch *b, uint32_t di, diag *d)
{
    const deal *x = &b->deals[di];
    if (x->close < k->from || x->close > k->to)
        return 0;  /* `when` is evaluated only inside the window */
    if (!k->when)
        return 1;
    char err[256];
    int r = expr_eval(k->when, batch_deal_fields(b, di), err, sizeof err);
    if (r < 0)
        diag_error(d, b->deals_csv.file, x->line, 0, "deal %s: spif '%s' at %s:%ld: %s", x->id,
                   k->id, p->file, k->line, err);
    return r;
}

/* Counts the deal once for each SPIF of a payee it credits (distinct payees only). */
static int count_spifs(earn_acc *a, const earnings *e, const batch *b, uint32_t di,
                       const credit_line *lines, size_t n, diag *d)
{
    int ok = 0, month = b->deals[di].month;
    for (size_t i = 0; i < n; i++) {
        long s = lines[i].payee >= 0 ? e->slot[lines[i].payee] : -1;
        if (s < 0)
            continue;
        size_t j = 0;
        while (j < i && lines[j].payee != lines[i].payee)
            j++;
        if (j < i)
            continue;  /* this payee was counted for this deal already */
        const payee_earnings *pe = &e->v[s];
        const role *rv = pe->month_role[month];  /* the SPIFs of the version in force */
        size_t counter = pe->spif_base;
        for (size_t k = 0; k < rv->ncomponents; k++) {
            const component *cp = &rv->components[k];
            if (cp->kind != COMP_SPIF)
                continue;
            int r = spif_holds(cp, e->version[month], b, di, d);
            if (r < 0)
                ok = -1;
            else if (r)
                a->spif[counter * NM + month]++;
            counter++;
        }
    }
    return ok;
}

/* Every rate table a deal's lines use must have a row for it (or a default). */
static int check_tables(const earnings *e, const batch *b, uint32_t di, long s, diag *d)
{
    const deal *x = &b->deals[di];
    const role *r = e->v[s].month_role[x->month];
    int ok = 0;
    for (size_t k = 0; k < r->ncomponents; k++)
        for (size_t t = 0; t < r->components[k].ntiers; t++) {
            const rate_table *tb = r->components[k].tiers[t].table;
            if (!tb || rate_table_lookup(tb, batch_deal_fields(b, di)))
                continue;
            diag_error(d, b->deals_csv.file, x->line, 0,
                       "deal %s: no row of rate table '%s' (%s:%ld) matches it, and the table "
                       "has no default", x->id, tb->id, e->version[x->month]->file, tb->line);
            ok = -1;
        }
    return ok;
}

int earn_accumulate(earn_acc *a, const earnings *e, const plan *p, const batch *b,
                    uint32_t di, const credit_line *lines, size_t n, diag *d)
{
    int month = b->deals[di].month, any_spif = 0, ok = 0;
    for (size_t i = 0; i < n; i++) {
        long s = lines[i].payee >= 0 ? e->slot[lines[i].payee] : -1;
        if (s < 0)
            continue;
        qsum_add(&a->credit[(size_t)s * NM + month], lines[i].credit);
        any_spif |= e->v[s].nspif > 0;
        if (!a->lines || !e->v[s].walks)
            continue;
        walk_kept_add(&a->lines[s], di, lines[i].campaign, (uint8_t)lines[i].role,
                      lines[i].credit);
        if ((i == 0 || lines[i - 1].payee != lines[i].payee) && check_tables(e, b, di, s, d))
            ok = -1;
    }
    if (ok)
        return ok;
    (void)p;  /* the SPIFs are those of the version in force in the deal's month */
    return any_spif ? count_spifs(a, e, b, di, lines, n, d) : 0;
}

/* ---- finishing ------------------------------------------------------------ */

void earn_running_before(mpq_t out, const component_earnings *ce, const component *k, int m)
{
    if (window_start(k->window, m) == m)
        mpq_set_ui(out, 0, 1);
    else
        mpq_set(out, ce->W[m - 1]);
}

int earn_version_end(const payee_earnings *pe, size_t ki, int j, int last)
{
    const component *k = &pe->month_role[j]->components[ki];
    int end = j;
    while (end < last && &pe->month_role[end + 1]->components[ki] == k)
        end++;
    return end;
}

/*
 * Marginal: month m earns F(W(m)) - F(W before m) under the tiers in force in
 * month m.  F(W before m) is last month's F(W(m - 1)) when the window and the
 * limits go on (*have_prev), so a plain year-long plan costs one F per month.
 */
static void marginal_month(mpq_t raw, const component_earnings *ce, const component *k, int m,
                           mpq_t prev, int *have_prev, mpq_t tmp)
{
    earn_running_before(tmp, ce, k, m);
    if (mpq_equal(tmp, ce->W[m]))
        return;  /* no credit this month: nothing changes (prev stays F(W(m))) */
    if (!*have_prev) {
        if (mpq_sgn(tmp) != 0)
            tier_integral(prev, k, ce->month_limits[m], tmp);
        else
            mpq_set_ui(prev, 0, 1);
    }
    mpq_sub(raw, raw, prev);
    tier_integral(prev, k, ce->month_limits[m], ce->W[m]);
    q_add(raw, raw, prev);
    *have_prev = 1;
}

/* Retroactive: the window's credit so far, each month's part at its version's rate for the
   tier the window's total W(m) reaches.  Months of one version are taken together. */
static void retroactive_window(mpq_t out, const component_earnings *ce, const payee_earnings *pe,
                               size_t ki, int ws, int m, mpq_t part)
{
    mpq_set_ui(out, 0, 1);
    for (int j = ws; j <= m;) {
        const component *k = &pe->month_role[j]->components[ki];
        int end = earn_version_end(pe, ki, j, m);
        mpq_sub(part, pe->C[end], pe->C[j - 1]);
        tier_retroactive(part, k, ce->month_limits[j], ce->W[m], part);
        q_add(out, out, part);
        j = end + 1;
    }
}

static void earn_commission(component_earnings *ce, const payee_earnings *pe, size_t ki)
{
    attain_window w = pe->role->components[ki].window;
    mpq_t raw, done, f0, f1;
    mpq_inits(raw, done, f0, f1, NULL);
    int have_prev = 0;  /* f1 holds F(W(m - 1)) under this month's tiers and limits */
    for (int m = 1; m < NM; m++) {
        const component *k = &pe->month_role[m]->components[ki];
        int ws = window_start(w, m);
        if (m > 1 && (ws == m || ce->month_limits[m] != ce->month_limits[m - 1] ||
                      k != &pe->month_role[m - 1]->components[ki]))
            have_prev = 0;
        mpq_sub(ce->W[m], pe->C[m], pe->C[ws - 1]);
        if (k->retroactive) {
            if (ws == m)
                mpq_set(done, raw);  /* the earlier windows' earnings are settled */
            retroactive_window(raw, ce, pe, ki, ws, m, f0);
            q_add(raw, raw, done);
        } else {
            marginal_month(raw, ce, k, m, f1, &have_prev, f0);
        }
        mpq_set(ce->E[m], raw);
        tier_cap(ce->E[m], k);
    }
    mpq_clears(raw, done, f0, f1, NULL);
}

/* Each month's qualifying deals earn the pay of the version in force that month. */
static void earn_spif(component_earnings *ce, const payee_earnings *pe, size_t ki,
                      const long *count)
{
    mpq_t month;
    mpq_init(month);
    for (int m = 1; m < NM; m++) {
        mpq_set_si(month, count[m], 1);
        q_mul(month, month, pe->month_role[m]->components[ki].pay);
        q_add(ce->E[m], ce->E[m - 1], month);
    }
    mpq_clear(month);
}

typedef struct line_order_ctx {
    const batch *b;
    const credits *c;
} line_order_ctx;

/* close_date, deal_id bytewise, closer before marketing, campaign_id (contract 3.3). */
static int line_order(const void *pa, const void *pb, void *vctx)
{
    const line_order_ctx *ctx = vctx;
    const credit_line *x = &ctx->c->lines[*(const size_t *)pa];
    const credit_line *y = &ctx->c->lines[*(const size_t *)pb];
    const deal *dx = &ctx->b->deals[x->deal], *dy = &ctx->b->deals[y->deal];
    if (dx->close != dy->close)
        return dx->close < dy->close ? -1 : 1;
    int r = x->deal == y->deal ? 0 : strcmp(dx->id, dy->id);
    if (r)
        return r;
    return credit_role_campaign_cmp(ctx->b, x->role, x->campaign, y->role, y->campaign);
}

/* Gives each paid payee its lines of the month, in the contract's order. */
static void assign_month_lines(earnings *e, const batch *b, const credits *c)
{
    size_t *count = xcalloc(e->n + 1, sizeof *count);
    for (size_t i = 0; i < c->n; i++)
        if (c->lines[i].payee >= 0 && e->slot[c->lines[i].payee] >= 0)
            count[e->slot[c->lines[i].payee]]++;
    for (size_t s = 0; s < e->n; s++) {
        e->v[s].lines = xmalloc((count[s] ? count[s] : 1) * sizeof(size_t));
        e->v[s].nlines = 0;
    }
    for (size_t i = 0; i < c->n; i++) {
        long s = c->lines[i].payee >= 0 ? e->slot[c->lines[i].payee] : -1;
        if (s >= 0)
            e->v[s].lines[e->v[s].nlines++] = i;
    }
    line_order_ctx ctx = {b, c};
    for (size_t s = 0; s < e->n; s++)
        qsort_r(e->v[s].lines, e->v[s].nlines, sizeof(size_t), line_order, &ctx);
    free(count);
}

/* The month's deals that counted for a SPIF (evaluated without error before). */
static void month_spif_deals(component_earnings *ce, size_t ki, const payee_earnings *pe,
                             const plan *p, const batch *b, const credits *c)
{
    ce->spif_deals = xmalloc((pe->nlines ? pe->nlines : 1) * sizeof *ce->spif_deals);
    long last = -1;
    diag quiet;
    diag_init(&quiet);
    for (size_t i = 0; i < pe->nlines; i++) {
        uint32_t di = c->lines[pe->lines[i]].deal;
        if ((long)di == last)
            continue;  /* lines of one deal are adjacent: one verdict per deal */
        last = (long)di;
        int dm = b->deals[di].month;
        if (spif_holds(&pe->month_role[dm]->components[ki], p, b, di, &quiet) == 1)
            ce->spif_deals[ce->nspif_deals++] = di;
    }
    diag_free(&quiet);
}

/* The window quota of each month of a component's window (for gates, bonuses and curves). */
static void month_quotas(mpq_t quota[NM], const batch *b, uint32_t pi, int year,
                         attain_window w)
{
    for (int m = 1; m < NM; m++) {
        if (m > 1 && window_start(w, m) != m)
            mpq_set(quota[m], quota[m - 1]);
        else
            earn_window_quota(quota[m], b, pi, year, w, m);
    }
}

/* A bonus or curve: each month earns by the version in force that month (bonus.h says how). */
static void earn_attainment(component_earnings *ce, const payee_earnings *pe, size_t ki,
                            mpq_t *quota)
{
    const component *kv[NM] = {NULL};
    for (int m = 1; m < NM; m++)
        kv[m] = &pe->month_role[m]->components[ki];
    if (kv[1]->kind == COMP_BONUS)
        bonus_earn(ce->E, kv, (mpq_t const *)pe->C, (mpq_t const *)quota);
    else
        curve_earn(ce->E, kv, (mpq_t const *)pe->C, (mpq_t const *)quota);
}

/* Does any version walk component ki? */
static int walks(const payee_earnings *pe, size_t ki)
{
    for (int m = 1; m < NM; m++)
        if (walk_needed(&pe->month_role[m]->components[ki]))
            return 1;
    return 0;
}

/* E(m) of component k of payee slot s, and its flows. */
static void earn_component(earnings *e, const earn_acc *a, walk_scratch *ws, size_t s,
                           size_t k, const plan *p, const batch *b, const credits *c,
                           size_t *counter, mpq_t *quota)
{
    payee_earnings *pe = &e->v[s];
    component_earnings *ce = &pe->comp[k];
    const component *cp = &pe->role->components[k];
    int year = p->year;
    switch (cp->kind) {
    case COMP_COMMISSION:
        if (a->lines && walks(pe, k)) {
            month_quotas(quota, b, pe->payee, year, cp->window);
            walk_input in = {.limits = ce->month_limits, .quota = quota, .b = b, .year = year};
            for (int m = 1; m < NM; m++)
                in.month[m] = &pe->month_role[m]->components[k];
            walk_output out = {ce->E, ce->W, ce->flows->clawback, ce->flows->released,
                               &ce->reversals};
            walk_notes notes = {0};
            walk_commission(ws, &in, &a->lines[s], &out, &notes);
            e->ignored_events[0] += notes.after_year;
            e->ignored_events[1] += notes.outside_window;
            e->ignored_events[2] += notes.no_policy;
            return;  /* the walk filled the flows */
        }
        earn_commission(ce, pe, k);
        break;
    case COMP_SPIF:
        earn_spif(ce, pe, k, &a->spif[(*counter)++ * NM]);
        month_spif_deals(ce, k, pe, p, b, c);
        break;
    case COMP_BONUS:
    case COMP_CURVE:
        month_quotas(quota, b, pe->payee, year, cp->window);
        earn_attainment(ce, pe, k, quota);
        break;
    case COMP_DRAW:
        return;  /* paid by the pay stage, over the others' payouts (pay.h) */
    }
    if (ce->flows)
        for (int m = 1; m < NM; m++)
            mpq_set(ce->flows->released[m], ce->E[m]);
}

void earn_finish(earnings *e, const earn_acc *a, const plan *p, const batch *b,
                 const credits *month_lines, int month)
{
    static const credits none = {0};
    const credits *c = month && month_lines ? month_lines : &none;
    assign_month_lines(e, b, c);
    walk_scratch *ws = a->lines ? walk_scratch_new(b) : NULL;
    mpq_t quota[NM];
    for (int m = 0; m < NM; m++)
        mpq_init(quota[m]);
    for (size_t s = 0; s < e->n; s++) {
        payee_earnings *pe = &e->v[s];
        for (int m = 1; m < NM; m++) {
            qsum_value(&a->credit[s * NM + m], pe->C[m]);
            q_add(pe->C[m], pe->C[m], pe->C[m - 1]);
        }
        size_t counter = pe->spif_base;
        for (size_t k = 0; k < pe->role->ncomponents; k++) {
            component_earnings *ce = &pe->comp[k];
            earn_component(e, a, ws, s, k, p, b, c, &counter, quota);
            if (pe->role->components[k].kind == COMP_COMMISSION && month >= 1 &&
                month <= EARN_MONTHS)
                ce->limits = ce->month_limits[month];
        }
    }
    for (int m = 0; m < NM; m++)
        mpq_clear(quota[m]);
    walk_scratch_free(ws);
}

void earnings_free(earnings *e)
{
    for (size_t s = 0; s < e->n; s++) {
        payee_earnings *pe = &e->v[s];
        for (int m = 0; m < NM; m++)
            mpq_clear(pe->C[m]);
        for (size_t k = 0; pe->comp && k < pe->role->ncomponents; k++) {
            component_earnings *ce = &pe->comp[k];
            for (int m = 0; m < NM; m++) {
                mpq_clear(ce->E[m]);
                mpz_clear(ce->R[m]);
                mpq_clear(ce->W[m]);
            }
            for (int m = 1; m < NM; m++) {
                mpq_t *lim = ce->month_limits[m];
                if (!lim || (m > 1 && lim == ce->month_limits[m - 1]))
                    continue;  /* shared with the month before */
                for (size_t i = 0; i + 1 < pe->month_role[m]->components[k].ntiers; i++)
                    mpq_clear(lim[i]);
                free(lim);
            }
            free(ce->spif_deals);
            flows_free(ce->flows);
            if (ce->reversals) {
                walk_lines_free(ce->reversals);
                free(ce->reversals);
            }
        }
        free(pe->comp);
        free(pe->lines);
    }
    free(e->v);
    free(e->slot);
    memset(e, 0, sizeof *e);
}
