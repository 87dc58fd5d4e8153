/*
 * modelcompare.c - attributed revenue per campaign under every model.
 *
 * Marketing and sales argue about the model because it moves credit; this
 * puts the numbers of every model in one table so the argument is about
 * figures.  Each deal is credited once (to learn its split, as the run
 * does) and its touches weighed once per model with the same
 * attribution_weights the run uses, so the `plan` column cannot drift from
 * scoreboard.csv.  The markov and shapley columns are fitted once, on the
 * year to date (fitted.h).  Sums are exact and rounded to the currency's
 * minor unit only when written.
 */
#include "modelcompare.h"
#include "attribution.h"
#include "credit.h"
#include "fitted.h"
#include "money.h"

#include <stdlib.h>
#include <string.h>

/* Columns: the plan's own model, then every named model in enum order (custom has no table),
   then markov and shapley fitted on the year to date (issue 17). */
#define NRULES MODEL_CUSTOM
#define NCOLS (1 + NRULES + 2)

typedef struct table {
    size_t nrows;            /* campaigns, then the unattributed row */
    mpq_t *cell;             /* nrows x NCOLS */
} table;

static mpq_t *cell(const table *t, size_t row, size_t col)
{
    return &t->cell[row * NCOLS + col];
}

/* Adds amount x weights of deal di under split sp to column col (or to unattributed). */
static void attribute(table *t, const batch *b, uint32_t di, const split *sp, size_t col,
                      mpq_t *w, mpq_t q)
{
    const deal *x = &b->deals[di];
    const touch *tc = b->touches + x->touch_first;
    if (!attribution_weights(sp, tc, x->touch_count, x->close, w, NULL)) {
        mpq_add(*cell(t, t->nrows - 1, col), *cell(t, t->nrows - 1, col), x->amount);
        return;
    }
    for (uint32_t i = 0; i < x->touch_count; i++) {
        mpq_mul(q, w[i], x->amount);
        mpq_add(*cell(t, tc[i].campaign, col), *cell(t, tc[i].campaign, col), q);
    }
}

typedef struct ytd {
    int year, month;
} ytd;

/* In scope and closed by the end of the month: the deals the data-driven columns fit on. */
static int in_ytd(const deal *x, void *ctx)
{
    const ytd *y = ctx;
    return x->year == y->year && x->month <= y->month;
}

/* The year-to-date fit of model m: every such deal with an eligible touch, won or lost,
   whatever its split.  NULL (so linear) past markov's limit. */
static fitted *fit_ytd(attribution_model m, const batch *b, int year, int month)
{
    ytd y = {year, month};
    journeys j;
    journeys_build(&j, b, in_ytd, &y, NULL);
    fitted *f = fitted_new(m, &j, b->ncampaigns);
    journeys_free(&j);
    return f;
}

/* Fills the table from every deal the scoreboard attributes, each credited (and its split
   chosen) by the plan version in force on its close date. */
static void fill(table *t, const plan *const *version, const batch *b, int month)
{
    int year = version[1]->year;
    fitted *fit[2] = {fit_ytd(MODEL_MARKOV, b, year, month), fit_ytd(MODEL_SHAPLEY, b, year, month)};
    credit_scratch s;
    credit_scratch_init(&s);
    diag quiet;  /* the run (or check) reports the deals' problems */
    diag_init(&quiet);
    split alt;
    memset(&alt, 0, sizeof alt);
    for (int i = 0; i < POS_COUNT; i++)
        mpq_init(alt.weight[i]);
    size_t wn = BATCH_MAX_TOUCHES_PER_DEAL;
    mpq_t *w = xmalloc(wn * sizeof *w), q;
    for (size_t i = 0; i < wn; i++)
        mpq_init(w[i]);
    mpq_init(q);
    for (uint32_t di = 0; di < b->ndeals; di++) {
        const deal *x = &b->deals[di];
        if (x->year != year || x->month > month)
            continue;
        const plan *p = version[x->month];
        long si = credit_deal(&s, p, b, di, &quiet);
        if (si < 0 || !p->splits[si].has_marketing || mpq_sgn(p->splits[si].marketing_share) == 0 ||
            mpq_sgn(x->amount) == 0)
            continue;  /* lost, no split, or no marketing credit: nothing to attribute */
        const split *sp = &p->splits[si];
        attribute(t, b, di, sp, 0, w, q);
        for (int m = 0; m < NRULES; m++) {
            split_set_model(&alt, (attribution_model)m);
            if (m == MODEL_TIME_DECAY && sp->model == MODEL_TIME_DECAY)
                alt.half_life = sp->half_life;
            attribute(t, b, di, &alt, 1 + (size_t)m, w, q);
        }
        for (int k = 0; k < 2; k++) {
            split_set_model(&alt, k ? MODEL_SHAPLEY : MODEL_MARKOV);
            alt.fit = fit[k];
            attribute(t, b, di, &alt, 1 + NRULES + (size_t)k, w, q);
        }
        alt.fit = NULL;
    }
    fitted_free(fit[0]);
    fitted_free(fit[1]);
    for (size_t i = 0; i < wn; i++)
        mpq_clear(w[i]);
    free(w);
    mpq_clear(q);
    for (int i = 0; i < POS_COUNT; i++)
        mpq_clear(alt.weight[i]);
    credit_scratch_free(&s);
    diag_free(&quiet);
}

static void put_row(strbuf *out, const plan *p, const table *t, size_t row, const char *name)
{
    mpz_t minor;
    mpz_init(minor);
    sb_puts(out, name);
    for (size_t c = 0; c < NCOLS; c++) {
        sb_putc(out, ',');
        money_round(minor, *cell(t, row, c), p->minor_unit, p->rounding);
        money_format_minor(out, minor, p->minor_unit);
    }
    sb_putc(out, '\n');
    mpz_clear(minor);
}

static int by_id(const void *pa, const void *pb, void *ctx)
{
    const batch *b = ctx;
    return strcmp(b->campaigns[*(const uint32_t *)pa].id, b->campaigns[*(const uint32_t *)pb].id);
}

void modelcompare_csv(strbuf *out, const plan *const *version, const batch *b, int month)
{
    const plan *p = version[1];  /* year, currency and rounding: every version's */
    table t = {b->ncampaigns + 1, NULL};
    t.cell = xmalloc(t.nrows * NCOLS * sizeof *t.cell);
    for (size_t i = 0; i < t.nrows * NCOLS; i++)
        mpq_init(t.cell[i]);
    fill(&t, version, b, month);
    uint32_t *order = xmalloc((b->ncampaigns ? b->ncampaigns : 1) * sizeof *order);
    for (size_t i = 0; i < b->ncampaigns; i++)
        order[i] = (uint32_t)i;
    qsort_r(order, b->ncampaigns, sizeof *order, by_id, (void *)b);
    sb_puts(out, "campaign_id,plan");
    for (int m = 0; m < NRULES; m++)
        sb_printf(out, ",%s", attribution_model_name((attribution_model)m));
    sb_printf(out, ",%s,%s\n", attribution_model_name(MODEL_MARKOV),
              attribution_model_name(MODEL_SHAPLEY));
    for (size_t i = 0; i < b->ncampaigns; i++)
        put_row(out, p, &t, order[i], b->campaigns[order[i]].id);
    put_row(out, p, &t, t.nrows - 1, "(unattributed)");
    for (size_t i = 0; i < t.nrows * NCOLS; i++)
        mpq_clear(t.cell[i]);
    free(t.cell);
    free(order);
}
