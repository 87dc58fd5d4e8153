/*
 * credit.c - splits and attribution turned into credit lines.
 *
 * One pass over the deals: choose the split, credit the closer, attribute
 * the marketing share.  A campaign touched several times gets the sum of its
 * touches' weights, so each deal has at most one line per campaign.
 */
#include "truce/credit.h"
#include "truce/attribution.h"
#include "truce/strbuf.h"

#include <stdlib.h>
#include <string.h>

static credit_line *credit_push(credits *c, uint32_t di, int32_t pi, int32_t ci,
                                credit_role cr)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->lines = xrealloc(c->lines, c->cap * sizeof *c->lines);
    }
    credit_line *l = &c->lines[c->n++];
    l->deal = di;
    l->payee = pi;
    l->campaign = ci;
    l->role = cr;
    mpq_init(l->credit);
    return l;
}

/* Index of the first split whose `when` holds; -1 none; -2 evaluation error (reported). */
static long choose_split(const plan *p, const batch *b, size_t di, diag *d)
{
    const deal *x = &b->deals[di];
    for (size_t i = 0; i < p->nsplits; i++) {
        const split *s = &p->splits[i];
        if (!s->when)
            return (long)i;
        char err[256];
        int r = expr_eval(s->when, batch_deal_fields(b, di), err, sizeof err);
        if (r < 0) {
            diag_error(d, b->deals_csv.file, x->line, 0, "deal %s: split at %s:%ld: %s", x->id,
                       p->file, s->line, err);
            return -2;
        }
        if (r)
            return (long)i;
    }
    return -1;
}

/* Orders a deal's campaigns by id, bytewise (the order of credits.csv). */
static int campaign_order(const void *a, const void *b, void *ctx)
{
    const batch *bt = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return strcmp(bt->campaigns[x].id, bt->campaigns[y].id);
}

/* Divides M among the deal's campaigns; M unattributed when no touch carries weight. */
static void credit_marketing(credits *c, const split *s, const batch *b, uint32_t di,
                             const mpq_t m)
{
    const deal *x = &b->deals[di];
    size_t n = x->touch_count;
    const touch *t = b->touches + x->touch_first;
    mpq_t *w = xmalloc((n ? n : 1) * sizeof *w);
    for (size_t i = 0; i < n; i++)
        mpq_init(w[i]);

    if (!attribution_weights(s, t, n, x->close, w, NULL)) {
        mpq_set(credit_push(c, di, -1, -1, CREDIT_MARKETING)->credit, m);
    } else {
        /* Sum weights per campaign, then emit campaigns in id order. */
        uint32_t *camps = xmalloc(n * sizeof *camps);
        size_t nc = 0;
        for (size_t i = 0; i < n; i++) {
            size_t j = 0;
            while (j < nc && camps[j] != t[i].campaign)
                j++;
            if (j == nc)
                camps[nc++] = t[i].campaign;
        }
        qsort_r(camps, nc, sizeof *camps, campaign_order, (void *)b);
        mpq_t part;
        mpq_init(part);
        for (size_t j = 0; j < nc; j++) {
            mpq_set_ui(part, 0, 1);
            for (size_t i = 0; i < n; i++)
                if (t[i].campaign == camps[j])
                    mpq_add(part, part, w[i]);
            if (mpq_sgn(part) == 0)
                continue;  /* a zero-weight campaign has no line */
            const campaign *cp = &b->campaigns[camps[j]];
            mpq_mul(credit_push(c, di, cp->owner, (int32_t)camps[j], CREDIT_MARKETING)->credit, m,
                    part);
        }
        mpq_clear(part);
        free(camps);
    }
    for (size_t i = 0; i < n; i++)
        mpq_clear(w[i]);
    free(w);
}

static void credit_deal(credits *c, const split *s, const batch *b, uint32_t di)
{
    const deal *x = &b->deals[di];
    mpq_t v;
    mpq_init(v);
    if (s->has_closer) {
        mpq_mul(v, x->amount, s->closer_share);
        if (mpq_sgn(v) != 0)
            mpq_set(credit_push(c, di, x->closer, -1, CREDIT_CLOSER)->credit, v);
    }
    if (s->has_marketing) {
        mpq_mul(v, x->amount, s->marketing_share);
        if (mpq_sgn(v) != 0)
            credit_marketing(c, s, b, di, v);
    }
    mpq_clear(v);
}

static int in_year(day_t day, int year)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return y == year;
}

int credit_batch(credits *out, const plan *p, const batch *b, diag *d)
{
    memset(out, 0, sizeof *out);
    out->deal_split = xmalloc((b->ndeals ? b->ndeals : 1) * sizeof *out->deal_split);
    size_t errors = d->errors;
    for (size_t di = 0; di < b->ndeals; di++) {
        out->deal_split[di] = -1;
        const deal *x = &b->deals[di];
        if (!in_year(x->close, p->year)) {
            out->out_of_scope++;
            continue;
        }
        out->in_scope++;
        long si = choose_split(p, b, di, d);
        if (si == -1) {
            out->unmatched++;
            diag_warn(d, b->deals_csv.file, x->line, 0, "deal %s: no split applies; it earns no credit",
                      x->id);
        }
        if (si < 0)
            continue;
        out->deal_split[di] = (int32_t)si;
        credit_deal(out, &p->splits[si], b, (uint32_t)di);
    }
    if (out->out_of_scope)
        diag_warn(d, b->deals_csv.file, 0, 0, "%zu deal%s closing outside %d ignored", out->out_of_scope,
                  out->out_of_scope == 1 ? "" : "s", p->year);
    return d->errors == errors ? 0 : -1;
}

void credits_free(credits *c)
{
    for (size_t i = 0; i < c->n; i++)
        mpq_clear(c->lines[i].credit);
    free(c->lines);
    free(c->deal_split);
    memset(c, 0, sizeof *c);
}
