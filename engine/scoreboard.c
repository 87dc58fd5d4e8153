/*
 * scoreboard.c - scoreboard.csv: per campaign, what its deals won, what
 * they cost and what commission was paid on them.
 *
 * A line's commission (c x E(m) / C(m), scoreboard.h) needs its payee's
 * year-to-date figures, known only once every deal has been earned, so the
 * deals' part is gathered while the run credits them (scoreacc.h: per
 * campaign sums, and per (campaign, payee) the credit the closer commission
 * is spread over) and the rates are applied here, once per payee and pair.
 * Without the run's gathering (a scoreboard asked for another month, or
 * through scoreboard_csv) the deals are credited again, one at a time, into
 * the same sums.  Every figure is exact until formatted: money is rounded to
 * the currency's minor unit by the plan's mode, the fractional deal count is
 * written exactly, like credits.csv, and the two ratios (win rate, ROI) to
 * SCOREBOARD_RATIO_DECIMALS places, half-up.  The closer commission is
 * rounded without building its exact value (qdot.h) unless the sum lies
 * within a hair of a rounding point.
 */
#include "scoreboard.h"
#include "parallel.h"
#include "credit.h"
#include "money.h"
#include "pay.h"
#include "html.h"
#include "qdot.h"
#include "grouping.h"
#include "qfast.h"
#include "qtree.h"

#include <stdlib.h>
#include <string.h>

typedef struct campaign_score {
    long touched, won;       /* distinct in-scope deals with an eligible touch; of them, won */
    mpq_t won_attr;          /* sum of the campaign's attribution weights over won deals */
    mpq_t revenue;           /* sum of weight x amount */
    mpq_t marketing;         /* commission on its marketing lines */
    mpz_t closer;            /* commission on its deals' closer lines, in minor units (rounded) */
} campaign_score;

/* Commission per unit of credit of each paid payee: E(m) summed over components, over C(m). */
static mpq_t *payee_rates(const earnings *e, int month)
{
    mpq_t *rate = xmalloc((e->n ? e->n : 1) * sizeof *rate);
    for (size_t s = 0; s < e->n; s++) {
        const payee_earnings *pe = &e->v[s];
        mpq_init(rate[s]);
        for (size_t k = 0; k < pe->role->ncomponents; k++)
            mpq_add(rate[s], rate[s], pe->comp[k].E[month]);
        if (mpq_sgn(pe->C[month]) != 0)
            mpq_div(rate[s], rate[s], pe->C[month]);
        else
            mpq_set_ui(rate[s], 0, 1);  /* no credit: nothing to spread (a SPIF needs credit too) */
    }
    return rate;
}

/* ---- gathering the deals again (when the run did not) ------------------------------------ */

typedef struct gather_job {
    scoreacc acc;
    const plan *p;
    const batch *b;
    const earnings *e;
    uint32_t from, to;
} gather_job;

/* Part k of the gathering (parallel.h): job k's range of deals, credited again. */
static void gather_range(void *ctx, int k)
{
    gather_job *j = &((gather_job *)ctx)[k];
    const batch *b = j->b;
    credit_scratch s;
    credit_scratch_init(&s);
    diag quiet;  /* the run reported every deal's problems already */
    diag_init(&quiet);
    for (uint32_t di = j->from; di < j->to; di++) {
        const deal *x = &b->deals[di];
        if (x->year != j->p->year || x->month > j->acc.month)
            continue;
        const plan *v = j->e->version[x->month] ? j->e->version[x->month] : j->p;  /* in force */
        long si = credit_deal(&s, v, b, di, &quiet);
        scoreacc_deal(&j->acc, v, b, di, si, &s.lines);
    }
    diag_free(&quiet);
    credit_scratch_free(&s);
}

/* The deals closing by the end of `month`, credited again on one thread per core. */
static void gather(scoreacc *acc, const plan *p, const batch *b, const earnings *e, int month)
{
    int jobs = parallel_parts(0, b->ndeals, 8192);
    gather_job *job = xcalloc((size_t)jobs, sizeof *job);
    for (int k = 0; k < jobs; k++) {
        job[k] = (gather_job){.p = p, .b = b, .e = e,
                              .from = (uint32_t)(b->ndeals * (size_t)k / (size_t)jobs),
                              .to = (uint32_t)(b->ndeals * (size_t)(k + 1) / (size_t)jobs)};
        scoreacc_init(&job[k].acc, b, p->year, month);
    }
    parallel_run(jobs, gather_range, job);
    *acc = job[0].acc;
    for (int k = 1; k < jobs; k++) {
        scoreacc_merge(acc, &job[k].acc);
        scoreacc_free(&job[k].acc);
    }
    free(job);
}

/* ---- closer commission: sum over (campaign, payee) of rate x credit ------------------------ */

typedef struct closer_job {
    const scoreacc *acc;
    const qdot_factor *rate;   /* per batch payee: rate x 10^minor unit (0 when not paid) */
    size_t from, to;           /* pairs, counted across the acc's pair sets */
    qdot *sum;                 /* per campaign */
} closer_job;

/* Part k: the terms of pairs [from, to) into its own per-campaign sums. */
static void closer_range(void *ctx, int k)
{
    closer_job *j = &((closer_job *)ctx)[k];
    qdot_scratch z;
    qdot_scratch_init(&z);
    size_t base = 0;
    for (size_t s = 0; s < j->acc->npairs; s++) {
        const score_pairs *ps = &j->acc->pairs[s];
        size_t lo = j->from > base ? j->from : base;
        size_t hi = j->to < base + ps->n ? j->to : base + ps->n;
        for (size_t g = lo; g < hi; g++) {
            size_t i = g - base;
            const score_pair *e = &ps->v[i];
            const qdot_factor *r = &j->rate[e->payee];
            if (r->small && r->num == 0)
                continue;
            qdot_add(&j->sum[e->campaign], r, e->num, e->den, &z);
            if (i < ps->nsummed && ps->spill && ps->spill[i])
                qdot_add_q(&j->sum[e->campaign], r, ps->spilled[ps->spill[i] - 1], &z);
        }
        base += ps->n;
    }
    if (k == 0)  /* the few terms too large for a pair: part 0 takes them */
        for (size_t s = 0; s < j->acc->npairs; s++) {
            const score_pairs *ps = &j->acc->pairs[s];
            for (size_t b = 0; b < ps->nbig; b++)
                qdot_add_q(&j->sum[ps->big[b].campaign], &j->rate[ps->big[b].payee],
                           ps->big[b].x, &z);
        }
    qdot_scratch_clear(&z);
}

/* The exact sum, for the campaigns whose qdot left the rounding undecided. */
static void closer_exact(mpz_t out, const scoreacc *acc, const qdot_factor *rate, uint32_t c,
                         round_mode mode)
{
    qtree t;
    qtree_init(&t);
    mpq_t x, v;
    mpq_inits(x, v, NULL);
    for (size_t s = 0; s < acc->npairs; s++) {
        const score_pairs *ps = &acc->pairs[s];
        for (size_t i = 0; i < ps->n; i++) {
            if (ps->v[i].campaign != c)
                continue;
            qacc_value_parts(x, ps->v[i].num, ps->v[i].den);
            if (i < ps->nsummed && ps->spill && ps->spill[i])
                mpq_add(x, x, ps->spilled[ps->spill[i] - 1]);
            mpq_mul(x, x, rate[ps->v[i].payee].q);
            qtree_add(&t, x);
        }
        for (size_t b = 0; b < ps->nbig; b++)
            if (ps->big[b].campaign == c) {
                mpq_mul(x, ps->big[b].x, rate[ps->big[b].payee].q);
                qtree_add(&t, x);
            }
    }
    qtree_value(&t, v);
    money_round(out, v, 0, mode);  /* the rates carry the scale already */
    mpq_clears(x, v, NULL);
    qtree_clear(&t);
}

/* rate[payee] x 10^minor unit for every batch payee (0 for a payee not paid). */
static qdot_factor *scaled_rates(const plan *p, const batch *b, const earnings *e,
                                 mpq_t *rate)
{
    qdot_factor *f = xmalloc((b->npayees ? b->npayees : 1) * sizeof *f);
    mpq_t scale, x;
    mpq_inits(scale, x, NULL);
    mpz_ui_pow_ui(mpq_numref(scale), 10, p->minor_unit);
    for (size_t i = 0; i < b->npayees; i++) {
        qdot_factor_init(&f[i]);
        long slot = e->slot[i];
        if (slot >= 0) {
            mpq_mul(x, rate[slot], scale);
            qdot_factor_set(&f[i], x);
        }
    }
    mpq_clears(scale, x, NULL);
    return f;
}

static void closer_commissions(campaign_score *cs, const plan *p, const batch *b,
                               const earnings *e, mpq_t *rate, const scoreacc *acc)
{
    qdot_factor *f = scaled_rates(p, b, e, rate);
    size_t n = 0;
    for (size_t s = 0; s < acc->npairs; s++)
        n += acc->pairs[s].n;
    int jobs = parallel_parts(0, n, 65536);
    closer_job *job = xcalloc((size_t)jobs, sizeof *job);
    size_t nc = b->ncampaigns ? b->ncampaigns : 1;
    for (int k = 0; k < jobs; k++) {
        job[k] = (closer_job){acc, f, n * (size_t)k / (size_t)jobs,
                              n * (size_t)(k + 1) / (size_t)jobs, xmalloc(nc * sizeof(qdot))};
        for (size_t c = 0; c < nc; c++)
            job[k].sum[c] = QDOT_ZERO;
    }
    parallel_run(jobs, closer_range, job);
    for (size_t c = 0; c < b->ncampaigns; c++) {
        for (int k = 1; k < jobs; k++)
            qdot_merge(&job[0].sum[c], &job[k].sum[c]);
        if (qdot_round(&job[0].sum[c], p->rounding, cs[c].closer) != 0)
            closer_exact(cs[c].closer, acc, f, (uint32_t)c, p->rounding);
    }
    for (int k = 0; k < jobs; k++)
        free(job[k].sum);
    free(job);
    for (size_t i = 0; i < b->npayees; i++)
        qdot_factor_clear(&f[i]);
    free(f);
}

/* ---- the scores ------------------------------------------------------------------------- */

static campaign_score *scores_new(size_t n)
{
    campaign_score *cs = xcalloc(n ? n : 1, sizeof *cs);
    for (size_t i = 0; i < n; i++) {
        mpq_inits(cs[i].won_attr, cs[i].revenue, cs[i].marketing, NULL);
        mpz_init(cs[i].closer);
    }
    return cs;
}

static void scores_clear(campaign_score *cs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mpq_clears(cs[i].won_attr, cs[i].revenue, cs[i].marketing, NULL);
        mpz_clear(cs[i].closer);
    }
    free(cs);
}

/* The gathered sums into the campaigns' figures; marketing commission = owner's rate x credit. */
static void score_campaigns(campaign_score *cs, const plan *p, const batch *b, const earnings *e,
                            const scoreacc *acc, int month)
{
    mpq_t *rate = payee_rates(e, month);
    mpq_t credit;
    mpq_init(credit);
    for (size_t c = 0; c < b->ncampaigns; c++) {
        campaign_score *s = &cs[c];
        const campaign_tally *t = &acc->campaign[c];
        s->touched = t->touched;
        s->won = t->won;
        score_sum_value(&t->revenue, s->revenue);
        score_sum_value(&t->won_attr, s->won_attr);
        score_sum_value(&t->credit, credit);
        long slot = b->campaigns[c].owner >= 0 ? e->slot[b->campaigns[c].owner] : -1;
        if (slot >= 0)
            mpq_mul(s->marketing, credit, rate[slot]);
        else
            mpq_set_ui(s->marketing, 0, 1);
    }
    mpq_clear(credit);
    closer_commissions(cs, p, b, e, rate, acc);
    for (size_t i = 0; i < e->n; i++)
        mpq_clear(rate[i]);
    free(rate);
}

/* ---- formatting ------------------------------------------------------------- */

static void put_money(strbuf *sb, const plan *p, const mpq_t v)
{
    mpz_t minor;
    mpz_init(minor);
    money_round(minor, v, p->minor_unit, p->rounding);
    money_format_minor(sb, minor, p->minor_unit);
    mpz_clear(minor);
}

/* r = num/den in units of 10^-4, half-up (a ratio is read, never paid); den is not zero. */
static void ratio_round(mpz_t r, const mpq_t num, const mpq_t den)
{
    mpq_t q;
    mpq_init(q);
    mpq_div(q, num, den);
    money_round(r, q, SCOREBOARD_RATIO_DECIMALS, ROUND_HALF_UP);
    mpq_clear(q);
}

/* ",num/den" to 4 decimals, or "," alone when den is zero. */
static void put_ratio(strbuf *sb, const mpq_t num, const mpq_t den)
{
    sb_putc(sb, ',');
    if (mpq_sgn(den) == 0)
        return;
    mpz_t r;
    mpz_init(r);
    ratio_round(r, num, den);
    money_format_minor(sb, r, SCOREBOARD_RATIO_DECIMALS);
    mpz_clear(r);
}

/* ",win_rate,...,closer_commission": the computed columns, none of which holds a comma. */
static void put_figures(strbuf *sb, const plan *p, const campaign *c, const campaign_score *s)
{
    mpq_t touched, won, net;
    mpq_inits(touched, won, net, NULL);
    mpq_set_si(touched, s->touched, 1);
    mpq_set_si(won, s->won, 1);
    put_ratio(sb, won, touched);
    sb_putc(sb, ',');
    money_format_exact(sb, s->won_attr);
    sb_putc(sb, ',');
    put_money(sb, p, s->revenue);
    sb_putc(sb, ',');
    if (c->has_cost)
        put_money(sb, p, c->cost);
    mpq_sub(net, s->revenue, c->cost);  /* cost is 0 when empty, so ROI is then left empty too */
    put_ratio(sb, net, c->cost);
    sb_putc(sb, ',');
    if (c->has_cost && mpq_sgn(s->won_attr) != 0) {
        mpq_div(net, c->cost, s->won_attr);
        put_money(sb, p, net);
    }
    sb_putc(sb, ',');
    put_money(sb, p, s->marketing);
    sb_putc(sb, ',');
    money_format_minor(sb, s->closer, p->minor_unit);
    mpq_clears(touched, won, net, NULL);
}

static void put_row(strbuf *sb, const plan *p, const batch *b, uint32_t ci,
                    const campaign_score *s)
{
    const campaign *c = &b->campaigns[ci];
    sb_put_csv_field(sb, c->id);
    sb_putc(sb, ',');
    sb_put_csv_field(sb, c->name);
    sb_putc(sb, ',');
    if (c->owner >= 0)
        sb_put_csv_field(sb, b->payees[c->owner].id);
    sb_printf(sb, ",%ld,%ld", s->touched, s->won);
    put_figures(sb, p, c, s);
    sb_putc(sb, '\n');
}

static int by_campaign_id(const void *pa, const void *pb, void *ctx)
{
    const batch *b = ctx;
    return strcmp(b->campaigns[*(const uint32_t *)pa].id, b->campaigns[*(const uint32_t *)pb].id);
}

/*
 * The scores of every campaign (cs, by campaign index) and their order by id; free with
 * scores_free.  acc: the deals gathered by the run, or NULL (or another month's): gathered here.
 */
static campaign_score *scores(const plan *p, const batch *b, const earnings *e, int month,
                              const scoreacc *acc, uint32_t **order)
{
    size_t n = b->ncampaigns;
    campaign_score *cs = scores_new(n);
    *order = xmalloc((n ? n : 1) * sizeof **order);
    for (size_t i = 0; i < n; i++)
        (*order)[i] = (uint32_t)i;
    scoreacc own;
    int gathered = !acc || acc->month != month;
    if (gathered) {
        gather(&own, p, b, e, month);
        acc = &own;
    }
    score_campaigns(cs, p, b, e, acc, month);
    if (gathered)
        scoreacc_free(&own);
    qsort_r(*order, n, sizeof **order, by_campaign_id, (void *)b);
    return cs;
}

static void scores_free(campaign_score *cs, uint32_t *order, size_t n)
{
    scores_clear(cs, n);
    free(order);
}

static void put_csv(strbuf *out, const plan *p, const batch *b, const campaign_score *cs,
                    const uint32_t *order)
{
    sb_puts(out, SCOREBOARD_HEADER "\n");
    for (size_t i = 0; i < b->ncampaigns; i++)
        put_row(out, p, b, order[i], &cs[order[i]]);
}

void scoreboard_csv(strbuf *out, const plan *p, const batch *b, const earnings *e, int month)
{
    uint32_t *order;
    campaign_score *cs = scores(p, b, e, month, NULL, &order);
    put_csv(out, p, b, cs, order);
    scores_free(cs, order, b->ncampaigns);
}

/* ---- scoreboard.html ----------------------------------------------------------- */

/*
 * The page shows the CSV's figures for people: money thousands grouped, the two ratios as
 * percentages with the CSV's rounding (a ratio to 4 decimals is a percentage to 2), and the
 * win rate "n/a" when no deal a campaign touched is lost, since a rate that cannot fall below
 * 100% says nothing.
 */

static const char revenue_fill[] = "#2e86c1", cost_fill[] = "#e67e22";

/* <td class="n">: money thousands grouped, or empty. */
static void put_money_cell(strbuf *out, const plan *p, const mpq_t v, int shown)
{
    sb_puts(out, "<td class=\"n\">");
    if (shown) {
        size_t at = out->len;
        put_money(out, p, v);
        group_thousands(out, at);
    }
    sb_puts(out, "</td>");
}

/* <td class="n">: num/den as a percentage to 2 decimals, half-up; empty when den is 0. */
static void put_percent_cell(strbuf *out, const mpq_t num, const mpq_t den)
{
    sb_puts(out, "<td class=\"n\">");
    if (mpq_sgn(den) != 0) {
        mpz_t r;
        mpz_init(r);
        ratio_round(r, num, den);
        size_t at = out->len;
        money_format_minor(out, r, SCOREBOARD_RATIO_DECIMALS - 2);  /* the ratio x 100 */
        group_thousands(out, at);
        sb_putc(out, '%');
        mpz_clear(r);
    }
    sb_puts(out, "</td>");
}

/* Does a campaign count a lost deal?  When none does, every win rate would be 100%.  (From the
   figures, not the deals: merge formats a scoreboard without them.) */
static int counts_a_lost_deal(const batch *b, const campaign_score *cs)
{
    for (size_t i = 0; i < b->ncampaigns; i++)
        if (cs[i].won < cs[i].touched)
            return 1;
    return 0;
}

static void put_html_row(strbuf *out, const plan *p, const batch *b, uint32_t ci,
                         const campaign_score *s, int has_lost)
{
    const campaign *c = &b->campaigns[ci];
    mpq_t touched, won, net;
    mpq_inits(touched, won, net, NULL);
    sb_puts(out, "<tr><td>");
    html_escape(out, c->id);
    sb_puts(out, "</td><td>");
    html_escape(out, c->name);
    sb_puts(out, "</td><td>");
    html_escape(out, c->owner >= 0 ? b->payees[c->owner].id : "");
    sb_printf(out, "</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td>", s->touched, s->won);
    mpq_set_si(touched, s->touched, 1);
    mpq_set_si(won, s->won, 1);
    if (has_lost)
        put_percent_cell(out, won, touched);
    else
        sb_puts(out, "<td class=\"n\">n/a</td>");
    sb_puts(out, "<td class=\"n\">");
    size_t at = out->len;
    money_format_exact(out, s->won_attr);
    group_thousands(out, at);
    sb_puts(out, "</td>");
    put_money_cell(out, p, s->revenue, 1);
    put_money_cell(out, p, c->cost, c->has_cost);
    mpq_sub(net, s->revenue, c->cost);  /* cost is 0 when empty, so ROI is then left empty too */
    put_percent_cell(out, net, c->cost);
    int per_won = c->has_cost && mpq_sgn(s->won_attr) != 0;
    if (per_won)
        mpq_div(net, c->cost, s->won_attr);
    put_money_cell(out, p, net, per_won);
    put_money_cell(out, p, s->marketing, 1);
    sb_puts(out, "<td class=\"n\">");  /* closer commission: already in minor units */
    at = out->len;
    money_format_minor(out, s->closer, p->minor_unit);
    group_thousands(out, at);
    sb_puts(out, "</td></tr>\n");
    mpq_clears(touched, won, net, NULL);
}

/* Attributed revenue and, where the campaign has one, cost: two colours and a legend. */
static void put_html_chart(strbuf *out, const plan *p, const batch *b, const campaign_score *cs,
                           const uint32_t *order)
{
    size_t n = b->ncampaigns, nb = 0;
    html_bar *bars = xcalloc(2 * n + 1, sizeof *bars);
    mpz_t *v = xcalloc(2 * n + 1, sizeof *v);
    strbuf *text = xcalloc(2 * n + 1, sizeof *text);
    for (size_t i = 0; i < 2 * n; i++) {
        const campaign *c = &b->campaigns[order[i / 2]];
        int is_cost = i % 2;
        if (is_cost && !c->has_cost)
            continue;  /* no bar where the table's cost is blank */
        mpz_init(v[nb]);
        money_round(v[nb], is_cost ? c->cost : cs[order[i / 2]].revenue, p->minor_unit,
                    p->rounding);
        money_format_minor(&text[nb], v[nb], p->minor_unit);
        group_thousands(&text[nb], 0);
        bars[nb] = (html_bar){c->id, (const mpz_t *)&v[nb], text[nb].p,
                              is_cost ? cost_fill : revenue_fill};
        nb++;
    }
    sb_puts(out, "<h2>Attributed revenue and cost</h2>\n<p class=\"legend\">"
                 "<span class=\"key\" style=\"background:");
    sb_puts(out, revenue_fill);
    sb_puts(out, "\"></span> attributed revenue &nbsp; <span class=\"key\" style=\"background:");
    sb_puts(out, cost_fill);
    sb_puts(out, "\"></span> cost (campaigns without a cost have no cost bar)</p>\n");
    html_svg_bars(out, "attributed revenue and cost per campaign", bars, nb);
    for (size_t i = 0; i < nb; i++) {
        mpz_clear(v[i]);
        sb_free(&text[i]);
    }
    free(bars), free(v), free(text);
}

static void put_html(strbuf *out, const plan *p, const batch *b, int month,
                     const campaign_score *cs, const uint32_t *order)
{
    size_t n = b->ncampaigns;
    int has_lost = counts_a_lost_deal(b, cs);
    strbuf title = STRBUF_INIT;
    sb_printf(&title, "Campaign scoreboard %04d-%02d (year to date): ", p->year, month);
    sb_puts(&title, p->id);
    html_begin(out, title.p);
    sb_free(&title);
    sb_puts(out, "<p>Money in ");
    html_escape(out, p->currency);
    sb_printf(out, ", year to date through %04d-%02d. A campaign's attributed revenue is its "
                   "share of its won deals under the plan's attribution model; ROI is "
                   "(attributed revenue &minus; cost) / cost; the commissions are those paid on "
                   "its deals' marketing and closer credit.", p->year, month);
    if (!has_lost)
        sb_puts(out, " No deal these campaigns touched is lost (no <code>outcome</code> says "
                     "<code>lost</code>), so a win rate cannot be told: it shows n/a.");
    sb_puts(out, "</p>\n");
    put_html_chart(out, p, b, cs, order);
    sb_puts(out, "<table>\n<tr>");
    const char *cols[] = {"campaign", "name", "owner", "deals touched", "deals won", "win rate",
                          "won attributed", "attributed revenue", "cost", "ROI", "cost per won",
                          "marketing commission", "closer commission"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        sb_printf(out, "<th%s>%s</th>", i >= 3 ? " class=\"n\"" : "", cols[i]);
    sb_puts(out, "</tr>\n");
    for (size_t i = 0; i < n; i++)
        put_html_row(out, p, b, order[i], &cs[order[i]], has_lost);
    sb_puts(out, "</table>\n");
    html_end(out);
}

void scoreboard_html(strbuf *out, const plan *p, const batch *b, const earnings *e, int month)
{
    uint32_t *order;
    campaign_score *cs = scores(p, b, e, month, NULL, &order);
    put_html(out, p, b, month, cs, order);
    scores_free(cs, order, b->ncampaigns);
}

void scoreboard_files(strbuf *csv, strbuf *html, const plan *p, const batch *b, const earnings *e,
                      int month, const scoreacc *acc)
{
    uint32_t *order;
    campaign_score *cs = scores(p, b, e, month, acc, &order);
    put_csv(csv, p, b, cs, order);
    put_html(html, p, b, month, cs, order);
    scores_free(cs, order, b->ncampaigns);
}

int scoreboard_earnings(earnings *e, const plan *p, const batch *b)
{
    const plan *version[EARN_MONTHS + 1];
    for (int m = 0; m <= EARN_MONTHS; m++)
        version[m] = p;
    return scoreboard_earnings_versions(e, version, b);
}

int scoreboard_earnings_versions(earnings *e, const plan *const *version, const batch *b)
{
    const plan *p = version[1];
    diag quiet;  /* the shard's own run reported these deals and payees already */
    diag_init(&quiet);
    int ok = earn_prepare_versions(e, version, b, (shard){0, 0}, &quiet);
    if (ok == 0) {
        earn_acc acc;
        earn_acc_init(&acc, e);
        credit_scratch s;
        credit_scratch_init(&s);
        for (uint32_t di = 0; di < b->ndeals && ok == 0; di++)
            if (credit_deal(&s, version[b->deals[di].month], b, di, &quiet) >= 0)
                ok = earn_accumulate(&acc, e, p, b, di, s.lines.lines, s.lines.n, &quiet);
        if (ok == 0) {
            earn_finish(e, &acc, p, b, NULL, 0);
            pay_finish(e, p, b);
        }
        credit_scratch_free(&s);
        earn_acc_free(&acc);
    }
    if (ok != 0)
        earnings_free(e);
    diag_free(&quiet);
    return ok;
}

void scoreboard_format(strbuf *csv, strbuf *html, const plan *p, const batch *b,
                       const scoreboard_figures *f, int month)
{
    size_t n = b->ncampaigns;
    campaign_score *cs = scores_new(n);
    uint32_t *order = xmalloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++) {
        order[i] = (uint32_t)i;
        cs[i].touched = f[i].touched;
        cs[i].won = f[i].won;
        mpq_set(cs[i].won_attr, f[i].won_attr);
        mpq_set(cs[i].revenue, f[i].revenue);
        mpq_set(cs[i].marketing, f[i].marketing);
        money_round(cs[i].closer, f[i].closer, p->minor_unit, p->rounding);
    }
    qsort_r(order, n, sizeof *order, by_campaign_id, (void *)b);
    put_csv(csv, p, b, cs, order);
    put_html(html, p, b, month, cs, order);
    scores_free(cs, order, n);
}
