/*
 * credit.c - splits and attribution turned into credit lines, deal by deal.
 *
 * Choose the split, credit the closer, attribute the marketing share.  A
 * campaign touched several times gets the sum of its touches' weights, so a
 * deal has at most one line per campaign.  All working memory lives in a
 * credit_scratch that is reused from deal to deal: no allocation per deal
 * once it has grown to the largest deal.
 */
#include "truce/credit.h"
#include "truce/attribution.h"
#include "truce/qfast.h"
#include "truce/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* ---- credit lists ---------------------------------------------------------- */

void credits_init(credits *c)
{
    memset(c, 0, sizeof *c);
}

credit_line *credits_push(credits *c, uint32_t di, int32_t pi, int32_t ci, credit_role cr)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        c->lines = xrealloc(c->lines, cap * sizeof *c->lines);
        for (size_t i = c->cap; i < cap; i++)
            mpq_init(c->lines[i].credit);
        c->cap = cap;
    }
    credit_line *l = &c->lines[c->n++];
    l->deal = di;
    l->payee = pi;
    l->campaign = ci;
    l->role = cr;
    return l;
}

void credits_append(credits *c, const credits *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const credit_line *s = &src->lines[i];
        mpq_set(credits_push(c, s->deal, s->payee, s->campaign, s->role)->credit, s->credit);
    }
}

void credits_free(credits *c)
{
    for (size_t i = 0; i < c->cap; i++)
        mpq_clear(c->lines[i].credit);
    free(c->lines);
    credits_init(c);
}

/* ---- scratch --------------------------------------------------------------- */

void credit_scratch_init(credit_scratch *s)
{
    credits_init(&s->lines);
    s->w = NULL;
    s->wcap = 0;
    s->camps = NULL;
    mpq_inits(s->amount, s->m, s->part, NULL);
}

void credit_scratch_free(credit_scratch *s)
{
    credits_free(&s->lines);
    for (size_t i = 0; i < s->wcap; i++)
        mpq_clear(s->w[i]);
    free(s->w);
    free(s->camps);
    mpq_clears(s->amount, s->m, s->part, NULL);
}

static void scratch_reserve(credit_scratch *s, size_t n)
{
    if (n <= s->wcap)
        return;
    s->w = xrealloc(s->w, n * sizeof *s->w);
    s->camps = xrealloc(s->camps, n * sizeof *s->camps);
    for (size_t i = s->wcap; i < n; i++)
        mpq_init(s->w[i]);
    s->wcap = n;
}

/* ---- one deal -------------------------------------------------------------- */

/* Index of the first split whose `when` holds; CREDIT_NO_SPLIT or CREDIT_EVAL_ERROR. */
static long choose_split(const plan *p, const batch *b, uint32_t di, diag *d)
{
    const deal *x = &b->deals[di];
    for (size_t i = 0; i < p->nsplits; i++) {
        const split *sp = &p->splits[i];
        if (!sp->when)
            return (long)i;
        char err[256];
        int r = expr_eval(sp->when, batch_deal_fields(b, di), err, sizeof err);
        if (r < 0) {
            diag_error(d, b->deals_csv.file, x->line, 0, "deal %s: split at %s:%ld: %s", x->id,
                       p->file, sp->line, err);
            return CREDIT_EVAL_ERROR;
        }
        if (r)
            return (long)i;
    }
    diag_warn(d, b->deals_csv.file, x->line, 0, "deal %s: no split applies; it earns no credit",
              x->id);
    return CREDIT_NO_SPLIT;
}

/* Orders a deal's campaigns by id, bytewise (the order of credits.csv). */
static int campaign_order(const void *a, const void *b, void *ctx)
{
    const batch *bt = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return strcmp(bt->campaigns[x].id, bt->campaigns[y].id);
}

/* Divides s->m among the deal's campaigns; unattributed when no touch carries weight. */
static void credit_marketing(credit_scratch *s, const split *sp, const batch *b, uint32_t di)
{
    const deal *x = &b->deals[di];
    size_t n = x->touch_count;
    const touch *t = b->touches + x->touch_first;
    scratch_reserve(s, n);
    if (!attribution_weights(sp, t, n, x->close, s->w, NULL)) {
        mpq_set(credits_push(&s->lines, di, -1, -1, CREDIT_MARKETING)->credit, s->m);
        return;
    }
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < nc && s->camps[j] != t[i].campaign)
            j++;
        if (j == nc)
            s->camps[nc++] = t[i].campaign;
    }
    if (nc > 1)
        qsort_r(s->camps, nc, sizeof *s->camps, campaign_order, (void *)b);
    for (size_t j = 0; j < nc; j++) {
        mpq_set_ui(s->part, 0, 1);
        for (size_t i = 0; i < n; i++)
            if (t[i].campaign == s->camps[j])
                q_add(s->part, s->part, s->w[i]);
        if (mpq_sgn(s->part) == 0)
            continue;  /* a zero-weight campaign has no line */
        const campaign *cp = &b->campaigns[s->camps[j]];
        credit_line *l = credits_push(&s->lines, di, cp->owner, (int32_t)s->camps[j],
                                      CREDIT_MARKETING);
        q_mul(l->credit, s->m, s->part);
    }
}

long credit_deal(credit_scratch *s, const plan *p, const batch *b, uint32_t di, diag *d)
{
    const deal *x = &b->deals[di];
    s->lines.n = 0;
    if (x->year != p->year)
        return CREDIT_OUT_OF_SCOPE;
    if (x->lost)
        return CREDIT_LOST;  /* before any `when`: a lost deal earns nothing, whatever the split */
    long si = choose_split(p, b, di, d);
    if (si < 0)
        return si;
    const split *sp = &p->splits[si];
    if (sp->has_closer) {
        q_mul(s->m, x->amount, sp->closer_share);
        if (mpq_sgn(s->m) != 0)
            mpq_set(credits_push(&s->lines, di, x->closer, -1, CREDIT_CLOSER)->credit, s->m);
    }
    if (sp->has_marketing) {
        q_mul(s->m, x->amount, sp->marketing_share);
        if (mpq_sgn(s->m) != 0)
            credit_marketing(s, sp, b, di);
    }
    return si;
}
