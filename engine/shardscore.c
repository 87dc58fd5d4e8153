/*
 * shardscore.c - the scoreboard's figures split between the two phases of a
 * sharded run, and added up by merge (shardscore.h says which goes where).
 *
 * The formulas are scoreboard.c's, taken apart: a marketing line of credit c
 * on a campaign of split share s on a deal of amount A attributes c / s of
 * revenue and weighs w = c / s / A; the campaign's closer commission gains
 * w x (the deal's closer commission); a payee's commission per unit of
 * credit is its rate E(m) / C(m).  The e2e tests compare the merged
 * scoreboard with the unsharded one on every batch they shard, so the two
 * cannot drift apart unnoticed.
 */
#include "shardscore.h"
#include "csv.h"
#include "money.h"
#include "qfast.h"
#include "scoreboard.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- phase 1 ---------------------------------------------------------------------------- */

void score_tally_init(score_tally *t, size_t ncampaigns)
{
    memset(t, 0, sizeof *t);
    size_t n = ncampaigns ? ncampaigns : 1;
    t->n = ncampaigns;
    t->touched = xcalloc(n, sizeof *t->touched);
    t->won = xcalloc(n, sizeof *t->won);
    t->won_attr = xmalloc(n * sizeof *t->won_attr);
    t->revenue = xmalloc(n * sizeof *t->revenue);
    t->credit = xmalloc(n * sizeof *t->credit);
    for (size_t c = 0; c < ncampaigns; c++) {
        qsum_init(&t->won_attr[c]);
        qsum_init(&t->revenue[c]);
        qsum_init(&t->credit[c]);
    }
    t->seen = xcalloc(n, 1);
    mpq_init(t->q);
}

void score_tally_free(score_tally *t)
{
    for (size_t c = 0; c < t->n; c++) {
        qsum_clear(&t->won_attr[c]);
        qsum_clear(&t->revenue[c]);
        qsum_clear(&t->credit[c]);
    }
    for (size_t i = 0; i < t->capw; i++)
        mpq_clear(t->ww[i]);
    free(t->touched), free(t->won), free(t->won_attr), free(t->revenue), free(t->credit);
    free(t->seen), free(t->wc), free(t->ww);
    mpq_clear(t->q);
    memset(t, 0, sizeof *t);
}

void score_tally_merge(score_tally *into, const score_tally *from)
{
    for (size_t c = 0; c < into->n; c++) {
        into->touched[c] += from->touched[c];
        into->won[c] += from->won[c];
        qsum_add_sum(&into->won_attr[c], &from->won_attr[c]);
        qsum_add_sum(&into->revenue[c], &from->revenue[c]);
        qsum_add_sum(&into->credit[c], &from->credit[c]);
    }
}

/* The deal counts once for each distinct campaign among its (eligible) touches. */
static void tally_touches(score_tally *t, const batch *b, const deal *x)
{
    const touch *tc = b->touches + x->touch_first;
    for (uint32_t i = 0; i < x->touch_count; i++) {
        if (t->seen[tc[i].campaign])
            continue;
        t->seen[tc[i].campaign] = 1;
        t->touched[tc[i].campaign]++;
        t->won[tc[i].campaign] += !x->lost;
    }
    for (uint32_t i = 0; i < x->touch_count; i++)
        t->seen[tc[i].campaign] = 0;
}

static mpq_t *next_weight(score_tally *t, uint32_t ci)
{
    if (t->nw == t->capw) {
        size_t cap = t->capw ? 2 * t->capw : 8;
        t->wc = xrealloc(t->wc, cap * sizeof *t->wc);
        t->ww = xrealloc(t->ww, cap * sizeof *t->ww);
        for (size_t i = t->capw; i < cap; i++)
            mpq_init(t->ww[i]);
        t->capw = cap;
    }
    t->wc[t->nw] = ci;
    return &t->ww[t->nw++];
}

void score_tally_deal(score_tally *t, const plan *v, const batch *b, uint32_t di, int month,
                      long si, const credits *lines)
{
    const deal *x = &b->deals[di];
    t->nw = 0;
    if (x->year != v->year || x->month > month)
        return;
    tally_touches(t, b, x);
    if (si < 0 || lines->n == 0)
        return;
    const split *sp = &v->splits[si];
    for (size_t i = 0; i < lines->n; i++) {
        const credit_line *l = &lines->lines[i];
        if (l->role != CREDIT_MARKETING || l->campaign < 0)
            continue;
        q_div(t->q, l->credit, sp->marketing_share);  /* weight x amount; share > 0 as credit != 0 */
        qsum_add(&t->revenue[l->campaign], t->q);
        mpq_t *w = next_weight(t, (uint32_t)l->campaign);
        q_div(*w, t->q, x->amount);                  /* amount != 0 as credit != 0 */
        qsum_add(&t->won_attr[l->campaign], *w);
        qsum_add(&t->credit[l->campaign], l->credit);
    }
}

/* ---- phase 2 ---------------------------------------------------------------------------- */

void score_partial_init(score_partial *s, const earnings *e, size_t ncampaigns, int month)
{
    memset(s, 0, sizeof *s);
    size_t n = ncampaigns ? ncampaigns : 1;
    s->n = ncampaigns;
    s->nrate = e->n;
    s->rate = xmalloc((e->n ? e->n : 1) * sizeof *s->rate);
    for (size_t i = 0; i < e->n; i++) {
        const payee_earnings *pe = &e->v[i];
        mpq_init(s->rate[i]);
        for (size_t k = 0; k < pe->role->ncomponents; k++)
            mpq_add(s->rate[i], s->rate[i], pe->comp[k].E[month]);
        if (mpq_sgn(pe->C[month]) != 0)
            mpq_div(s->rate[i], s->rate[i], pe->C[month]);
        else
            mpq_set_ui(s->rate[i], 0, 1);  /* no credit: nothing to spread (scoreboard.c) */
    }
    s->touched = xcalloc(n, sizeof *s->touched);
    s->won = xcalloc(n, sizeof *s->won);
    s->won_attr = xmalloc(n * sizeof *s->won_attr);
    s->revenue = xmalloc(n * sizeof *s->revenue);
    s->credit = xmalloc(n * sizeof *s->credit);
    s->closer = xmalloc(n * sizeof *s->closer);
    for (size_t c = 0; c < ncampaigns; c++) {
        qsum_init(&s->won_attr[c]);
        qsum_init(&s->revenue[c]);
        qsum_init(&s->credit[c]);
        qtree_init(&s->closer[c]);
    }
    mpq_inits(s->closer_deal, s->q, NULL);
}

void score_partial_free(score_partial *s)
{
    for (size_t i = 0; i < s->nrate; i++)
        mpq_clear(s->rate[i]);
    for (size_t c = 0; c < s->n; c++) {
        qsum_clear(&s->won_attr[c]);
        qsum_clear(&s->revenue[c]);
        qsum_clear(&s->credit[c]);
        qtree_clear(&s->closer[c]);
    }
    free(s->rate), free(s->touched), free(s->won), free(s->won_attr), free(s->revenue);
    free(s->credit), free(s->closer);
    mpq_clears(s->closer_deal, s->q, NULL);
    memset(s, 0, sizeof *s);
}

void score_partial_tally(score_partial *s, uint32_t c, long touched, long won,
                         const mpq_t won_attr, const mpq_t revenue, const mpq_t credit)
{
    s->touched[c] += touched;
    s->won[c] += won;
    qsum_add(&s->won_attr[c], won_attr);
    qsum_add(&s->revenue[c], revenue);
    qsum_add(&s->credit[c], credit);
}

void score_partial_closer_begin(score_partial *s, const earnings *e, const credit_line *lines,
                                size_t n)
{
    mpq_set_ui(s->closer_deal, 0, 1);
    for (size_t i = 0; i < n; i++) {
        long slot = lines[i].payee >= 0 ? e->slot[lines[i].payee] : -1;
        if (lines[i].role != CREDIT_CLOSER || slot < 0)
            continue;  /* nobody, or a payee not paid: no commission */
        mpq_mul(s->q, lines[i].credit, s->rate[slot]);
        mpq_add(s->closer_deal, s->closer_deal, s->q);
    }
}

void score_partial_weight(score_partial *s, uint32_t ci, const mpq_t w)
{
    if (mpq_sgn(s->closer_deal) == 0)
        return;
    mpq_mul(s->q, w, s->closer_deal);
    qtree_add(&s->closer[ci], s->q);
}

/* An exact value as mpq_set_str reads it back. */
static void put_exact(strbuf *sb, const mpq_t q)
{
    size_t n = mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3;
    sb_grow(sb, n);
    mpq_get_str(sb->p + sb->len, 10, q);
    sb->len += strlen(sb->p + sb->len);
}

static const char PART_HEADER[] = "campaign_id,name,owner_id,cost,deals_touched,deals_won,"
                                  "won_attributed,attributed_revenue,marketing_commission,"
                                  "closer_commission";

void score_partial_csv(strbuf *out, score_partial *s, const batch *b, const earnings *e)
{
    mpq_t v;
    mpq_init(v);
    sb_printf(out, "%s\n", PART_HEADER);
    for (size_t c = 0; c < s->n; c++) {
        const campaign *cp = &b->campaigns[c];
        sb_put_csv_field(out, cp->id);
        sb_putc(out, ',');
        sb_put_csv_field(out, cp->name);
        sb_putc(out, ',');
        if (cp->owner >= 0)
            sb_put_csv_field(out, b->payees[cp->owner].id);
        sb_putc(out, ',');
        if (cp->has_cost)
            put_exact(out, cp->cost);
        sb_printf(out, ",%ld,%ld,", s->touched[c], s->won[c]);
        qsum_value(&s->won_attr[c], v);
        put_exact(out, v);
        sb_putc(out, ',');
        qsum_value(&s->revenue[c], v);
        put_exact(out, v);
        sb_putc(out, ',');
        /* The marketing commission is the owner's shard's: the tallies went there. */
        long slot = cp->owner >= 0 ? e->slot[cp->owner] : -1;
        qsum_value(&s->credit[c], v);
        if (slot >= 0)
            mpq_mul(v, v, s->rate[slot]);
        else
            mpq_set_ui(v, 0, 1);
        put_exact(out, v);
        sb_putc(out, ',');
        qtree_value(&s->closer[c], v);
        put_exact(out, v);
        sb_putc(out, '\n');
    }
    mpq_clear(v);
}

/* ---- merge ------------------------------------------------------------------------------- */

int shardscore_present(const char *dir)
{
    strbuf p = STRBUF_INIT;
    sb_printf(&p, "%s/%s", dir, SCORE_PART_FILE);
    int yes = access(p.p, F_OK) == 0;
    sb_free(&p);
    return yes;
}

/* The merged scoreboard's campaigns and figures (from the first part, then added to). */
typedef struct score_merged {
    plan p;
    batch b;
    scoreboard_figures *f;
} score_merged;

enum { S_ID, S_NAME, S_OWNER, S_COST, S_TOUCHED, S_WON, S_ATTR, S_REVENUE, S_MARKETING, S_CLOSER,
       S_N };

static int read_exact(mpq_t out, const csv_table *t, size_t row, long col, diag *d)
{
    const char *s = csv_cell(t, row, (size_t)col);
    if (*s && mpq_set_str(out, s, 10) == 0 && mpz_sgn(mpq_denref(out)) != 0) {
        mpq_canonicalize(out);
        return 0;
    }
    diag_error(d, t->file, t->line[row], col + 1, "not an exact number: '%s'", s);
    return -1;
}

/* The campaigns of the first part, and room for their figures. */
static void sum_begin(score_merged *s, const csv_table *t)
{
    size_t n = t->nrows;
    s->b.ncampaigns = n;
    s->b.campaigns = xcalloc(n ? n : 1, sizeof *s->b.campaigns);
    s->b.payees = xcalloc(n ? n : 1, sizeof *s->b.payees);
    s->f = xcalloc(n ? n : 1, sizeof *s->f);
    for (size_t i = 0; i < n; i++) {
        campaign *c = &s->b.campaigns[i];
        c->id = csv_cell(t, i, S_ID);
        c->name = csv_cell(t, i, S_NAME);
        c->owner = *csv_cell(t, i, S_OWNER) ? (int32_t)i : -1;
        s->b.payees[i].id = csv_cell(t, i, S_OWNER);
        mpq_init(c->cost);
        mpq_inits(s->f[i].won_attr, s->f[i].revenue, s->f[i].marketing, s->f[i].closer, NULL);
    }
}

static void sum_free(score_merged *s)
{
    for (size_t i = 0; i < s->b.ncampaigns; i++) {
        mpq_clear(s->b.campaigns[i].cost);
        mpq_clears(s->f[i].won_attr, s->f[i].revenue, s->f[i].marketing, s->f[i].closer, NULL);
    }
    free(s->b.campaigns);
    free(s->b.payees);
    free(s->f);
}

/* Adds one part's figures; its campaigns must be the first part's. */
static int sum_add(score_merged *s, const csv_table *t, int first, diag *d)
{
    if (t->nrows != s->b.ncampaigns) {
        diag_error(d, t->file, 0, 0, "%zu campaigns, where the first shard's part has %zu: the "
                   "shards are not one run's", t->nrows, s->b.ncampaigns);
        return -1;
    }
    mpq_t v;
    mpq_init(v);
    int ok = 0;
    for (size_t i = 0; i < t->nrows && ok == 0; i++) {
        const campaign *c = &s->b.campaigns[i];
        scoreboard_figures *f = &s->f[i];
        if (strcmp(csv_cell(t, i, S_ID), c->id) || strcmp(csv_cell(t, i, S_NAME), c->name) ||
            strcmp(csv_cell(t, i, S_OWNER), s->b.payees[i].id)) {
            diag_error(d, t->file, t->line[i], 1, "campaign %s is not the first shard's "
                       "campaign %s", csv_cell(t, i, S_ID), c->id);
            ok = -1;
            break;
        }
        if (first && *csv_cell(t, i, S_COST)) {
            s->b.campaigns[i].has_cost = 1;
            ok |= read_exact(s->b.campaigns[i].cost, t, i, S_COST, d);
        }
        char *end;
        f->touched += strtol(csv_cell(t, i, S_TOUCHED), &end, 10);
        f->won += strtol(csv_cell(t, i, S_WON), &end, 10);
        mpq_t *sums[] = {&f->won_attr, &f->revenue, &f->marketing, &f->closer};
        for (int k = 0; k < 4 && ok == 0; k++) {
            ok = read_exact(v, t, i, S_ATTR + k, d);
            if (ok == 0)
                mpq_add(*sums[k], *sums[k], v);
        }
    }
    mpq_clear(v);
    return ok;
}

/* The plan's id, year, currency and rounding as the shards' manifest recorded them. */
static int plan_of(plan *p, const manifest *run, diag *d)
{
    memset(p, 0, sizeof *p);
    int minor = run->plan.currency ? currency_minor_unit(run->plan.currency) : -1;
    if (!run->plan.id || minor < 0 || !run->plan.rounding ||
        round_mode_parse(run->plan.rounding, &p->rounding) != 0) {
        diag_error(d, NULL, 0, 0, "the shards' manifests record no plan, currency or rounding "
                   "to write the scoreboard with");
        return -1;
    }
    p->id = run->plan.id;
    p->year = run->plan.year;
    snprintf(p->currency, sizeof p->currency, "%s", run->plan.currency);
    p->minor_unit = (unsigned)minor;
    return 0;
}

static int write_merged(outdir *o, score_merged *s, int month, diag *d)
{
    strbuf csv = STRBUF_INIT, html = STRBUF_INIT;
    scoreboard_format(&csv, &html, &s->p, &s->b, s->f, month);
    int ok = outdir_write(o, SCOREBOARD_FILE, csv.p ? csv.p : "", csv.len, d);
    if (ok == 0)
        ok = outdir_write(o, SCOREBOARD_HTML, html.p ? html.p : "", html.len, d);
    sb_free(&csv);
    sb_free(&html);
    return ok;
}

int shardscore_merge(outdir *o, const char *const *dirs, size_t n, const manifest *run,
                     diag *d)
{
    csv_table *t = xcalloc(n ? n : 1, sizeof *t);
    score_merged s;
    memset(&s, 0, sizeof s);
    int ok = plan_of(&s.p, run, d);
    for (size_t i = 0; i < n && ok == 0; i++) {
        strbuf path = STRBUF_INIT;
        sb_printf(&path, "%s/%s", dirs[i], SCORE_PART_FILE);
        ok = csv_read_file(&t[i], path.p, path.p, d);
        if (ok == 0 && t[i].ncols != S_N) {
            diag_error(d, path.p, 1, 0, "not a scoreboard part (%d columns expected)", S_N);
            ok = -1;
        }
        sb_free(&path);
        if (ok == 0 && i == 0)
            sum_begin(&s, &t[0]);
        if (ok == 0)
            ok = sum_add(&s, &t[i], i == 0, d);
    }
    if (ok == 0)
        ok = write_merged(o, &s, run->per.last, d);
    if (s.f)
        sum_free(&s);
    for (size_t i = 0; i < n; i++)
        csv_table_free(&t[i]);
    free(t);
    return ok;
}
