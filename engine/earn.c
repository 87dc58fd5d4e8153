/*
 * earn.c - components over credit lines: tiers, caps, SPIFs.
 *
 * A marginal commission's year-to-date earnings depend only on the total
 * credit so far: the walk of contract 3.3 telescopes, sum of
 * F(C + c) - F(C) over the lines = F(C(m)).  So E(m) is computed from C(m)
 * directly, and the line-by-line walk is left to the statements that show it.
 */
#include "truce/earn.h"
#include "truce/strbuf.h"

#include <stdlib.h>
#include <string.h>

int earn_month(day_t day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return m;
}

/* ---- tiers --------------------------------------------------------------- */

/* Bounds of tier i: [lo, hi), hi absent for the last tier. */
static const mpq_t *tier_lower(const component *k, mpq_t *const limits, size_t i)
{
    (void)k;
    return i == 0 ? NULL : (const mpq_t *)&limits[i - 1];
}

void tier_overlap(mpq_t out, const component *k, mpq_t *const limits, size_t i,
                  const mpq_t from, const mpq_t c)
{
    /* [a, b] = [from, from + c] ordered, then clipped to [lo, hi]. */
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    mpq_set(a, from);
    mpq_add(b, from, c);
    if (mpq_cmp(a, b) > 0)
        mpq_swap(a, b);
    const mpq_t *lo = tier_lower(k, limits, i);
    if (lo && mpq_cmp(a, *lo) < 0)
        mpq_set(a, *lo);
    if (i + 1 < k->ntiers && mpq_cmp(b, limits[i]) > 0)
        mpq_set(b, limits[i]);
    if (mpq_cmp(b, a) > 0)
        mpq_sub(out, b, a);
    else
        mpq_set_ui(out, 0, 1);
    if (mpq_sgn(c) < 0)
        mpq_neg(out, out);
    mpq_clears(a, b, NULL);
}

void tier_integral(mpq_t out, const component *k, mpq_t *const limits, const mpq_t x)
{
    mpq_t zero, part;
    mpq_inits(zero, part, NULL);
    mpq_set_ui(out, 0, 1);
    for (size_t i = 0; i < k->ntiers; i++) {
        tier_overlap(part, k, limits, i, zero, x);
        mpq_mul(part, part, k->tiers[i].rate);
        mpq_add(out, out, part);
    }
    mpq_clears(zero, part, NULL);
}

size_t tier_for_total(const component *k, mpq_t *const limits, const mpq_t total)
{
    for (size_t i = 0; i + 1 < k->ntiers; i++)
        if (mpq_cmp(limits[i], total) >= 0)
            return i;
    return k->ntiers - 1;
}

/* ---- per payee ----------------------------------------------------------- */

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
    if (x->role != y->role)
        return x->role < y->role ? -1 : 1;
    if (x->campaign == y->campaign)
        return 0;
    if (x->campaign < 0 || y->campaign < 0)
        return x->campaign < 0 ? -1 : 1;
    return strcmp(ctx->b->campaigns[x->campaign].id, ctx->b->campaigns[y->campaign].id);
}

/* Absolute tier limits; % limits need a quota above zero (reported otherwise). */
static int commission_limits(component_earnings *ce, const component *k, const payee *p,
                             const batch *b, const role *r, diag *d)
{
    if (k->ntiers < 2)
        return 0;
    if (k->upto_percent && (!p->has_quota || mpq_sgn(p->quota) == 0)) {
        diag_error(d, b->roster_csv.file, p->line, b->roster_quota_col,
                   "payee %s has no annual_quota, but commission '%s' of role '%s' sets limits "
                   "as a percentage of it", p->id, k->id, r->id);
        return -1;
    }
    ce->limits = xmalloc((k->ntiers - 1) * sizeof *ce->limits);
    for (size_t i = 0; i + 1 < k->ntiers; i++) {
        mpq_init(ce->limits[i]);
        mpq_set(ce->limits[i], k->tiers[i].upto);
        if (k->upto_percent)
            mpq_mul(ce->limits[i], ce->limits[i], p->quota);
    }
    return 0;
}

static void earn_commission(component_earnings *ce, const component *k, const payee_earnings *pe)
{
    for (int m = 1; m <= EARN_MONTHS; m++) {
        if (k->retroactive) {
            size_t t = tier_for_total(k, ce->limits, pe->C[m]);
            mpq_mul(ce->E[m], pe->C[m], k->tiers[t].rate);
        } else {
            tier_integral(ce->E[m], k, ce->limits, pe->C[m]);
        }
        if (k->has_cap && mpq_cmp(ce->E[m], k->cap) > 0)
            mpq_set(ce->E[m], k->cap);
    }
}

/* P x distinct qualifying deals through each month; `when` only inside [from, to]. */
static int earn_spif(component_earnings *ce, const component *k, const payee_earnings *pe,
                     const plan *p, const batch *b, const credits *c, diag *d)
{
    long count[EARN_MONTHS + 1] = {0};
    int ok = 0;
    ce->spif_deals = xmalloc((pe->nlines ? pe->nlines : 1) * sizeof *ce->spif_deals);
    long last_deal = -1;
    for (size_t i = 0; i < pe->nlines; i++) {
        uint32_t di = c->lines[pe->lines[i]].deal;
        const deal *x = &b->deals[di];
        if ((long)di == last_deal)
            continue;  /* lines of one deal are adjacent: count it once */
        last_deal = (long)di;
        if (x->close < k->from || x->close > k->to)
            continue;
        if (k->when) {
            char err[256];
            int r = expr_eval(k->when, batch_deal_fields(b, di), err, sizeof err);
            if (r < 0) {
                diag_error(d, b->deals_csv.file, x->line, 0, "deal %s: spif '%s' at %s:%ld: %s",
                           x->id, k->id, p->file, k->line, err);
                ok = -1;
            }
            if (r <= 0)
                continue;
        }
        ce->spif_deals[ce->nspif_deals++] = di;
        count[earn_month(x->close)]++;
    }
    for (int m = 1; m <= EARN_MONTHS; m++) {
        count[m] += count[m - 1];
        mpq_set_si(ce->E[m], count[m], 1);
        mpq_mul(ce->E[m], ce->E[m], k->pay);
    }
    return ok;
}

static void cumulative_credit(payee_earnings *pe, const batch *b, const credits *c)
{
    for (size_t i = 0; i < pe->nlines; i++) {
        const credit_line *l = &c->lines[pe->lines[i]];
        int m = earn_month(b->deals[l->deal].close);
        mpq_add(pe->C[m], pe->C[m], l->credit);
    }
    for (int m = 1; m <= EARN_MONTHS; m++)
        mpq_add(pe->C[m], pe->C[m], pe->C[m - 1]);
}

static int earn_payee(payee_earnings *pe, const plan *p, const batch *b, const credits *c,
                      diag *d)
{
    const payee *py = &b->payees[pe->payee];
    int ok = 0;
    cumulative_credit(pe, b, c);
    pe->comp = xcalloc(pe->role->ncomponents ? pe->role->ncomponents : 1, sizeof *pe->comp);
    for (size_t k = 0; k < pe->role->ncomponents; k++) {
        component_earnings *ce = &pe->comp[k];
        const component *cp = &pe->role->components[k];
        for (int m = 0; m <= EARN_MONTHS; m++) {
            mpq_init(ce->E[m]);
            mpz_init(ce->R[m]);
        }
        if (cp->kind == COMP_COMMISSION) {
            if (commission_limits(ce, cp, py, b, pe->role, d) == 0)
                earn_commission(ce, cp, pe);
            else
                ok = -1;
        } else if (earn_spif(ce, cp, pe, p, b, c, d) != 0) {
            ok = -1;
        }
        for (int m = 1; m <= EARN_MONTHS; m++)
            money_round(ce->R[m], ce->E[m], p->minor_unit, p->rounding);
    }
    return ok;
}

/* Gives each payee its credit lines (a counting sort by payee, then the contract's order). */
static void assign_lines(earnings *e, const batch *b, const credits *c, const long *slot)
{
    size_t *count = xcalloc(e->n + 1, sizeof *count);
    for (size_t i = 0; i < c->n; i++)
        if (c->lines[i].payee >= 0 && slot[c->lines[i].payee] >= 0)
            count[slot[c->lines[i].payee]]++;
    for (size_t s = 0; s < e->n; s++) {
        e->v[s].lines = xmalloc((count[s] ? count[s] : 1) * sizeof(size_t));
        e->v[s].nlines = 0;
    }
    for (size_t i = 0; i < c->n; i++) {
        long s = c->lines[i].payee >= 0 ? slot[c->lines[i].payee] : -1;
        if (s >= 0)
            e->v[s].lines[e->v[s].nlines++] = i;
    }
    line_order_ctx ctx = {b, c};
    for (size_t s = 0; s < e->n; s++)
        qsort_r(e->v[s].lines, e->v[s].nlines, sizeof(size_t), line_order, &ctx);
    free(count);
}

static int payee_order(const void *pa, const void *pb, void *vb)
{
    const batch *b = vb;
    return strcmp(b->payees[*(const uint32_t *)pa].id, b->payees[*(const uint32_t *)pb].id);
}

int earn_all(earnings *out, const plan *p, const batch *b, const credits *c, diag *d)
{
    memset(out, 0, sizeof *out);
    uint32_t *order = xmalloc((b->npayees ? b->npayees : 1) * sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < b->npayees; i++) {
        if (plan_find_role(p, b->payees[i].role))
            order[n++] = (uint32_t)i;
        else
            diag_warn(d, b->roster_csv.file, b->payees[i].line, 0,
                      "payee %s: role '%s' is not in the plan; earns nothing", b->payees[i].id,
                      b->payees[i].role);
    }
    qsort_r(order, n, sizeof *order, payee_order, (void *)b);

    long *slot = xmalloc((b->npayees ? b->npayees : 1) * sizeof *slot);
    for (size_t i = 0; i < b->npayees; i++)
        slot[i] = -1;
    out->v = xcalloc(n ? n : 1, sizeof *out->v);
    out->n = n;
    for (size_t s = 0; s < n; s++) {
        slot[order[s]] = (long)s;
        out->v[s].payee = order[s];
        out->v[s].role = plan_find_role(p, b->payees[order[s]].role);
        for (int m = 0; m <= EARN_MONTHS; m++)
            mpq_init(out->v[s].C[m]);
    }
    assign_lines(out, b, c, slot);
    int ok = 0;
    for (size_t s = 0; s < n; s++)
        if (earn_payee(&out->v[s], p, b, c, d) != 0)
            ok = -1;
    free(slot);
    free(order);
    return ok;
}

void earnings_free(earnings *e)
{
    for (size_t s = 0; s < e->n; s++) {
        payee_earnings *pe = &e->v[s];
        for (int m = 0; m <= EARN_MONTHS; m++)
            mpq_clear(pe->C[m]);
        for (size_t k = 0; pe->comp && k < pe->role->ncomponents; k++) {
            component_earnings *ce = &pe->comp[k];
            for (int m = 0; m <= EARN_MONTHS; m++) {
                mpq_clear(ce->E[m]);
                mpz_clear(ce->R[m]);
            }
            if (ce->limits)
                for (size_t i = 0; i + 1 < pe->role->components[k].ntiers; i++)
                    mpq_clear(ce->limits[i]);
            free(ce->limits);
            free(ce->spif_deals);
        }
        free(pe->comp);
        free(pe->lines);
    }
    free(e->v);
    memset(e, 0, sizeof *e);
}
