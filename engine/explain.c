/*
 * explain.c - the derivation of a payout line, as a person reads it.
 *
 * A run keeps only figures (E(m), R(m)) and the period's credit lines; the
 * reasons behind them are cheap to recompute for one payee: each deal is
 * credited again (credit_deal) and its attribution redone with the positions
 * each touch held (attribution_weights), and each `when` is evaluated again
 * to show the values it read.  The text has two parts: the deals (split,
 * closer, marketing attribution, the credit that reaches the payee), then the
 * components (the tier walk of each line, caps, the cumulative figures, their
 * rounding and the payout, with any true-up), in the statements' words and
 * from the run's own arithmetic: the tier figures are tiers.c's, the shares
 * credit.c's product.
 */
#include "explain.h"
#include "attribution.h"
#include "fitted.h"
#include "money.h"
#include "qfast.h"
#include "report.h"
#include "tiers.h"
#include "walk.h"

#include <stdlib.h>
#include <string.h>

typedef struct explainer {
    strbuf *out;
    const run_state *r;
    const report_ctx *rc;
    const explain_query *q;
    size_t slot;              /* the payee's earnings slot */
    long deal;                /* --deal's index, or -1 */
    struct touch_lines *touch_lines;  /* touches.csv's line of each row, read when first cited */
} explainer;

/* The typed touches keep only their row; explain reads the file again to cite its lines. */
typedef struct touch_lines {
    int tried;
    csv_table text;
} touch_lines;

static const char *const position_name[POS_COUNT] = {"first", "lead", "opportunity", "last",
                                                     "middle"};

static void put_q(strbuf *sb, const mpq_t x)
{
    money_format_exact(sb, x);
}

static const char *deal_id(const explainer *x, uint32_t di)
{
    return x->r->batch.deals[di].id;
}

/* ---- the split -------------------------------------------------------------- */

/* "(source is 'marketing', amount is '99000')": the columns a `when` reads, on this deal. */
static void put_when_values(strbuf *sb, const batch *b, uint32_t di, const expr *e)
{
    sb_puts(sb, " (");
    for (size_t i = 0; i < expr_column_count(e); i++) {
        const char *name = expr_column_name(e, i);
        long col = csv_column(&b->deals_csv, name);
        sb_printf(sb, "%s%s is '%s'", i ? ", " : "", name,
                  col >= 0 ? csv_cell(&b->deals_csv, di, (size_t)col) : "?");
    }
    sb_putc(sb, ')');
}

/* Each split tried in plan order, up to the one that holds. */
static void put_split_choice(const explainer *x, uint32_t di)
{
    const plan *p = run_deal_plan(x->r, di);
    const batch *b = &x->r->batch;
    if (b->deals[di].lost) {
        sb_puts(x->out, "  Outcome: lost, so no split is chosen and the deal earns no credit\n");
        return;
    }
    sb_puts(x->out, "  Split: the first whose condition holds, in plan order\n");
    for (size_t i = 0; i < p->nsplits; i++) {
        const split *sp = &p->splits[i];
        sb_printf(x->out, "    split %zu (%s:%ld)", i + 1, p->file, sp->line);
        if (!sp->when) {
            sb_puts(x->out, ", no condition: holds\n");
            return;
        }
        char err[256];
        int holds = expr_eval(sp->when, batch_deal_fields(b, di), err, sizeof err);
        sb_printf(x->out, " when %s: %s", expr_source(sp->when),
                  holds > 0 ? "holds" : holds == 0 ? "does not hold" : "cannot be evaluated");
        put_when_values(x->out, b, di, sp->when);
        sb_putc(x->out, '\n');
        if (holds != 0)
            return;
    }
    sb_puts(x->out, "    no split holds: the deal earns no credit\n");
}

/* ---- attribution -------------------------------------------------------------- */

static int is_data_model(attribution_model m)
{
    return m == MODEL_MARKOV || m == MODEL_SHAPLEY;
}

static int is_position_model(attribution_model m)
{
    return m != MODEL_LINEAR && m != MODEL_TIME_DECAY && !is_data_model(m);
}

/* "first 30%, lead 30%, opportunity 30%, middle 10%": the weights the model gives. */
static void put_model_weights(strbuf *sb, const split *sp)
{
    int any = 0;
    for (int pos = 0; pos < POS_COUNT; pos++) {
        if (mpq_sgn(sp->weight[pos]) == 0)
            continue;
        sb_printf(sb, "%s%s ", any++ ? ", " : " (", position_name[pos]);
        report_rate(sb, sp->weight[pos]);
    }
    if (any)
        sb_putc(sb, ')');
}

/* A touch's raw weight under a position model: its positions' weights, the middle shared. */
static void position_raw(mpq_t raw, const split *sp, position_mask held, unsigned long nmiddle,
                         strbuf *how)
{
    mpq_t w;
    mpq_init(w);
    mpq_set_ui(raw, 0, 1);
    int terms = 0;
    for (int pos = 0; pos < POS_COUNT; pos++) {
        if (!(held & (1u << pos)))
            continue;
        mpq_set(w, sp->weight[pos]);
        if (pos == POS_MIDDLE) {  /* the middle weight is shared by the middle touches */
            mpz_mul_ui(mpq_denref(w), mpq_denref(w), nmiddle);
            mpq_canonicalize(w);
        }
        sb_printf(how, "%s%s ", terms++ ? " + " : "", position_name[pos]);
        put_q(how, sp->weight[pos]);
        if (pos == POS_MIDDLE && nmiddle > 1)
            sb_printf(how, " / %lu touches", nmiddle);
        mpq_add(raw, raw, w);
    }
    mpq_clear(w);
    if (!terms)
        sb_puts(how, "no weighted position");
    else if (terms > 1 || (held & (1u << POS_MIDDLE) && nmiddle > 1)) {
        sb_puts(how, " = ");
        put_q(how, raw);
    }
}

/* A touch's raw weight under linear or time-decay. */
static void flow_raw(mpq_t raw, const split *sp, const touch *t, day_t close, strbuf *how)
{
    if (sp->model == MODEL_LINEAR) {
        mpq_set_ui(raw, 1, 1);
        sb_puts(how, "linear 1");
        return;
    }
    long age = (long)(close - t->date), steps = age / sp->half_life;
    mpz_set_ui(mpq_denref(raw), 1);
    mpz_mul_2exp(mpq_denref(raw), mpq_denref(raw), (mp_bitcnt_t)steps);
    mpz_set_ui(mpq_numref(raw), 1);
    sb_printf(how, "age %ld days, half-life %ld: 2^-%ld = ", age, sp->half_life, steps);
    put_q(how, raw);
}

/* A touch's raw weight under markov or shapley: its campaign's value if positive, on the
   campaign's first touch; 1 each when linear applies instead (issue 17). */
static void fitted_raw(mpq_t raw, const split *sp, const touch *t, size_t i, int linear,
                       strbuf *how)
{
    mpq_set_ui(raw, linear, 1);
    if (linear) {
        sb_puts(how, "linear 1, as no campaign of the deal has a positive weight");
        return;
    }
    size_t k = 0;
    while (k < i && t[k].campaign != t[i].campaign)
        k++;
    if (k < i) {
        sb_printf(how, "campaign counted at t%zu", k + 1);
        return;
    }
    const mpq_t *v = &sp->fit->value[t[i].campaign];
    sb_printf(how, "%s ", fitted_value_name(sp->model));
    put_q(how, *v);
    if (mpq_sgn(*v) > 0)
        mpq_set(raw, *v);
    else
        sb_puts(how, ", counted as 0");
}

/* " (touches.csv:LINE)", the path as given, like every other citation. */
static void put_touch_source(const explainer *x, const touch *t)
{
    touch_lines *tl = x->touch_lines;
    const char *file = x->r->batch.touches_file ? x->r->batch.touches_file : "touches.csv";
    if (!tl->tried) {
        diag quiet;
        diag_init(&quiet);
        tl->tried = 1;
        if (x->r->batch.touches_file)
            csv_read_file(&tl->text, file, file, &quiet);
        diag_free(&quiet);
    }
    if (t->row < tl->text.nrows)
        sb_printf(x->out, " (%s:%ld)", file, tl->text.line[t->row]);
    else  /* the file changed or vanished since the run read it */
        sb_printf(x->out, " (%s, record %lu)", file, (unsigned long)t->row + 1);
}

static void put_touch(const explainer *x, size_t i, const touch *t, const mpq_t w,
                      const char *how)
{
    const batch *b = &x->r->batch;
    static const char *const stage[] = {"", "touch", "lead", "opportunity"};
    char date[11];
    date_format(t->date, date);
    sb_printf(x->out, "      t%zu %s %s", i + 1, date, b->campaigns[t->campaign].id);
    if (t->stage != STAGE_NONE)
        sb_printf(x->out, ", stage %s", stage[t->stage]);
    put_touch_source(x, t);
    sb_printf(x->out, ": %s; weight ", how);
    put_q(x->out, w);
    sb_putc(x->out, '\n');
}

/* The touches, the positions they held, their raw weights and normalised weights. */
static void put_touches(const explainer *x, const split *sp, const deal *dl)
{
    const touch *t = x->r->batch.touches + dl->touch_first;
    size_t n = dl->touch_count;
    mpq_t *w = xmalloc(n * sizeof *w);
    position_mask *held = xcalloc(n, sizeof *held);
    for (size_t i = 0; i < n; i++)
        mpq_init(w[i]);
    attribution_weights(sp, t, n, dl->close, w, held);
    unsigned long nmiddle = 0;
    for (size_t i = 0; i < n; i++)
        nmiddle += (held[i] & (1u << POS_MIDDLE)) != 0;
    mpq_t raw, total;
    mpq_inits(raw, total, NULL);
    int linear = is_data_model(sp->model) && !fitted_applies(sp->fit, t, n);
    sb_puts(x->out, "    touches dated on or before the close, by date then row:\n");
    for (size_t i = 0; i < n; i++) {
        strbuf how = STRBUF_INIT;
        if (is_data_model(sp->model))
            fitted_raw(raw, sp, t, i, linear, &how);
        else if (is_position_model(sp->model))
            position_raw(raw, sp, held[i], nmiddle, &how);
        else
            flow_raw(raw, sp, &t[i], dl->close, &how);
        mpq_add(total, total, raw);
        put_touch(x, i, &t[i], w[i], how.p);
        sb_free(&how);
    }
    if (mpq_sgn(total) != 0) {
        sb_puts(x->out, "    the raw weights sum to ");
        put_q(x->out, total);
        sb_puts(x->out, mpq_cmp_ui(total, 1, 1) == 0 ? ": each weight is its raw weight\n"
                                                     : ": each weight is its raw weight divided by it\n");
    }
    mpq_clears(raw, total, NULL);
    for (size_t i = 0; i < n; i++)
        mpq_clear(w[i]);
    free(w);
    free(held);
}

/* "  Closer: 100000 x 70% = 70000": a split's share of the deal's amount, into out (the
   product credit.c takes). */
static void put_share_of(const explainer *x, const char *what, const deal *dl, const mpq_t share,
                         mpq_t out)
{
    q_mul(out, dl->amount, share);
    sb_printf(x->out, "  %s: ", what);
    put_q(x->out, dl->amount);
    sb_puts(x->out, " x ");
    report_rate(x->out, share);
    sb_puts(x->out, " = ");
    put_q(x->out, out);
}

/* One campaign's part of the marketing credit, and whose it is. */
static void put_campaign_line(const explainer *x, const split *sp, const credit_line *l,
                              const mpq_t m)
{
    const batch *b = &x->r->batch;
    const campaign *cp = &b->campaigns[l->campaign];
    mpq_t part;
    mpq_init(part);
    mpq_div(part, l->credit, m);
    sb_printf(x->out, "    campaign %s: weight ", cp->id);
    put_q(x->out, part);
    if (is_data_model(sp->model) && sp->fit && mpq_sgn(sp->fit->value[l->campaign]) > 0) {
        sb_printf(x->out, " (%s ", fitted_value_name(sp->model));
        put_q(x->out, sp->fit->value[l->campaign]);
        sb_putc(x->out, ')');
    }
    sb_puts(x->out, " x ");
    put_q(x->out, m);
    sb_puts(x->out, " = ");
    put_q(x->out, l->credit);
    if (cp->owner >= 0)
        sb_printf(x->out, ", to %s\n", b->payees[cp->owner].id);
    else
        sb_puts(x->out, ", to nobody (the campaign has no owner)\n");
    mpq_clear(part);
}

static void put_marketing(const explainer *x, const split *sp, const deal *dl,
                          const credits *lines)
{
    mpq_t m;
    mpq_init(m);
    put_share_of(x, "Marketing", dl, sp->marketing_share, m);
    if (mpq_sgn(m) == 0) {
        sb_puts(x->out, ": no marketing credit\n");
        mpq_clear(m);
        return;
    }
    sb_printf(x->out, ", divided by the %s model", attribution_model_name(sp->model));
    if (is_position_model(sp->model))
        put_model_weights(x->out, sp);
    if (is_data_model(sp->model) && sp->fit) {
        char per[PERIOD_TEXT_SIZE];
        period_format(&sp->trained_on, per);
        sb_printf(x->out, " fitted on trained-on %s (%zu journeys, %zu won; each campaign by "
                  "its %s, if positive)", per, sp->fit->journeys, sp->fit->won,
                  fitted_value_name(sp->model));
    }
    sb_putc(x->out, '\n');
    if (dl->touch_count > 0)
        put_touches(x, sp, dl);
    for (size_t i = 0; i < lines->n; i++) {
        const credit_line *l = &lines->lines[i];
        if (l->role != CREDIT_MARKETING)
            continue;
        if (l->campaign < 0)
            sb_puts(x->out, "    no eligible touch carries weight: the marketing credit is "
                            "unattributed (no campaign, no payee)\n");
        else
            put_campaign_line(x, sp, l, m);
    }
    mpq_clear(m);
}

/* ---- one deal ------------------------------------------------------------------- */

static void put_deal_header(const explainer *x, uint32_t di)
{
    const batch *b = &x->r->batch;
    const deal *dl = &b->deals[di];
    char date[11];
    date_format(dl->close, date);
    sb_printf(x->out, "DEAL %s, closed %s, amount ", dl->id, date);
    put_q(x->out, dl->amount);
    sb_printf(x->out, ", closer %s (%s:%ld)\n", b->payees[dl->closer].id, b->deals_csv.file,
              dl->line);
}

/* What the deal's lines give the payee. */
static void put_payee_credit(const explainer *x, uint32_t di, const credits *lines)
{
    uint32_t pi = x->r->earnings.v[x->slot].payee;
    const char *who = x->r->batch.payees[pi].id;
    strbuf got = STRBUF_INIT;
    for (size_t i = 0; i < lines->n; i++) {
        const credit_line *l = &lines->lines[i];
        if (l->payee != (int32_t)pi)
            continue;
        if (got.len)
            sb_puts(&got, ", ");
        if (l->role == CREDIT_MARKETING)
            sb_printf(&got, "marketing %s ", x->r->batch.campaigns[l->campaign].id);
        else
            sb_printf(&got, "%s ", credit_role_name(l->role));
        put_q(&got, l->credit);
    }
    if (got.len)
        sb_printf(x->out, "  Credit to %s: %s\n", who, got.p);
    else
        sb_printf(x->out, "  %s gives %s no credit\n", deal_id(x, di), who);
    sb_free(&got);
}

static void explain_deal(const explainer *x, uint32_t di)
{
    const plan *p = run_deal_plan(x->r, di);
    const deal *dl = &x->r->batch.deals[di];
    credit_scratch s;
    credit_scratch_init(&s);
    diag quiet;  /* the run reported this deal's problems already */
    diag_init(&quiet);
    long si = credit_deal(&s, p, &x->r->batch, di, &quiet);
    put_deal_header(x, di);
    put_split_choice(x, di);
    if (si >= 0) {
        const split *sp = &p->splits[si];
        if (sp->has_closer) {
            mpq_t c;
            mpq_init(c);
            put_share_of(x, "Closer", dl, sp->closer_share, c);
            sb_printf(x->out, ", to %s\n", x->r->batch.payees[dl->closer].id);
            mpq_clear(c);
        }
        if (sp->has_marketing)
            put_marketing(x, sp, dl, &s.lines);
        put_payee_credit(x, di, &s.lines);
    }
    sb_putc(x->out, '\n');
    diag_free(&quiet);
    credit_scratch_free(&s);
}

/* ---- one component -------------------------------------------------------------- */

static int shows_line(const explainer *x, const credit_line *l)
{
    return x->deal < 0 || (long)l->deal == x->deal;
}

static void put_line_name(const explainer *x, const credit_line *l)
{
    if (l->role == CREDIT_MARKETING)
        sb_printf(x->out, "  %s marketing %s", deal_id(x, l->deal),
                  x->r->batch.campaigns[l->campaign].id);
    else
        sb_printf(x->out, "  %s %s", deal_id(x, l->deal), credit_role_name(l->role));
}

/* One line's walk through the tiers, from running total `before`. */
static void put_walk(const explainer *x, const component *k, mpq_t *const limits,
                     const mpq_t before, const credit_line *l)
{
    mpq_t total, after;
    mpq_inits(total, after, NULL);
    mpq_add(after, before, l->credit);
    put_line_name(x, l);
    sb_puts(x->out, ": credit ");
    put_q(x->out, l->credit);
    sb_puts(x->out, ", running total ");
    put_q(x->out, before);
    sb_puts(x->out, " -> ");
    put_q(x->out, after);
    sb_putc(x->out, '\n');
    report_tier_walk(x->out, "    ", total, k, limits, before, l, &x->r->batch, 0);
    sb_puts(x->out, "    the line earns ");
    put_q(x->out, total);
    sb_printf(x->out, " in %s\n", k->id);
    mpq_clears(total, after, NULL);
}

static void put_tiers(const explainer *x, const component *k, mpq_t *const limits)
{
    sb_printf(x->out, "COMPONENT %s (%s commission", k->id,
              k->retroactive ? "retroactive" : "marginal");
    if (k->window != WINDOW_YEAR)
        sb_printf(x->out, ", %s window", attain_window_name(k->window));
    sb_puts(x->out, "): tiers");
    for (size_t i = 0; i < k->ntiers; i++) {
        sb_puts(x->out, i ? "; " : " ");
        report_tier_range(x->out, k, limits, i, 0);
        sb_puts(x->out, " at ");
        report_rate(x->out, k->tiers[i].rate);
    }
    if (k->has_cap) {
        sb_puts(x->out, "; cap ");
        put_q(x->out, k->cap);
    }
    sb_putc(x->out, '\n');
}

/* The period's lines: walked (marginal) or listed (retroactive); others named when --deal hides them. */
static void put_lines(const explainer *x, size_t ki, const component_earnings *ce)
{
    const payee_earnings *pe = &x->r->earnings.v[x->slot];
    int month = 0;
    const credits *c = &x->r->month_lines;
    int before = x->rc->per.first - 1, m = x->rc->per.last;
    mpq_t running;
    mpq_init(running);
    mpq_set(running, pe->C[before]);
    sb_printf(x->out, "  credit through %04d-%02d: ", x->r->plan->year, before);
    put_q(x->out, pe->C[before]);
    sb_putc(x->out, '\n');
    strbuf others = STRBUF_INIT;
    for (size_t i = 0; i < pe->nlines; i++) {
        const credit_line *l = &c->lines[pe->lines[i]];
        int lm = x->r->batch.deals[l->deal].month;
        const component *k = &pe->month_role[lm]->components[ki];  /* the version in force */
        if (lm != month) {
            /* A new window restarts the running total; W(m - 1) carries it otherwise. */
            if (month && k->window != WINDOW_YEAR &&
                window_start(k->window, lm) != window_start(k->window, month))
                sb_printf(x->out, "  a new %s window begins in %04d-%02d: the running total "
                          "restarts at 0\n", attain_window_name(k->window), x->r->plan->year, lm);
            earn_running_before(running, ce, k, lm);
            month = lm;
        }
        if (!shows_line(x, l)) {
            sb_printf(&others, "%s%s ", others.len ? ", " : "", deal_id(x, l->deal));
            money_format_exact(&others, l->credit);
        } else if (!k->retroactive) {
            put_walk(x, k, ce->month_limits[lm], running, l);
        } else {
            put_line_name(x, l);
            sb_puts(x->out, ": credit ");
            put_q(x->out, l->credit);
            sb_putc(x->out, '\n');
        }
        mpq_add(running, running, l->credit);
    }
    if (others.len)
        sb_printf(x->out, "  other lines of the %s, not shown: %s\n", period_word(&x->rc->per),
                  others.p);
    sb_printf(x->out, "  credit through %04d-%02d: ", x->r->plan->year, m);
    put_q(x->out, pe->C[m]);
    sb_putc(x->out, '\n');
    sb_free(&others);
    mpq_clear(running);
}

static void put_retroactive(const explainer *x, const component *k, const component_earnings *ce)
{
    int last = x->rc->per.last;
    mpq_t *const limits = ce->month_limits[last];
    const mpq_t *c = &ce->W[last];
    mpq_t e;
    mpq_init(e);
    size_t t = tier_retroactive(e, k, limits, *c, *c);
    if (k->window == WINDOW_YEAR)
        sb_puts(x->out, "  retroactive: the credit year to date ");
    else
        sb_printf(x->out, "  retroactive: the credit of this %s window so far ",
                  attain_window_name(k->window));
    put_q(x->out, *c);
    sb_printf(x->out, " falls in tier %zu (", t + 1);
    report_tier_range(x->out, k, limits, t, 0);
    sb_puts(x->out, "), so all of it earns ");
    report_rate(x->out, k->tiers[t].rate);
    sb_puts(x->out, ": ");
    put_q(x->out, *c);
    sb_puts(x->out, " x ");
    report_rate(x->out, k->tiers[t].rate);
    sb_puts(x->out, " = ");
    put_q(x->out, e);
    sb_putc(x->out, '\n');
    mpq_clear(e);
}

/* Retroactive across a version change inside the window: each version's months earn its rate
   for the tier the window's total reaches (earn.c, retroactive_window). */
static void put_retroactive_versions(const explainer *x, size_t ki, const component_earnings *ce)
{
    const payee_earnings *pe = &x->r->earnings.v[x->slot];
    int last = x->rc->per.last;
    const component *kl = &pe->month_role[last]->components[ki];
    int ws = window_start(kl->window, last);
    mpq_t part, e;
    mpq_inits(part, e, NULL);
    sb_puts(x->out, "  retroactive, the plan changed during the window: its credit so far ");
    put_q(x->out, ce->W[last]);
    sb_puts(x->out, " earns, month by month, the rate of the version then in force:\n");
    for (int j = ws; j <= last;) {
        const component *k = &pe->month_role[j]->components[ki];
        int end = earn_version_end(pe, ki, j, last);
        mpq_sub(part, pe->C[end], pe->C[j - 1]);
        size_t t = tier_retroactive(e, k, ce->month_limits[j], ce->W[last], part);
        sb_printf(x->out, "    %04d-%02d to %04d-%02d (%s): credit ", x->r->plan->year, j,
                  x->r->plan->year, end, pe->month_role[j] == pe->month_role[last]
                                             ? "the version in force now" : "an earlier version");
        put_q(x->out, part);
        sb_printf(x->out, " in tier %zu x ", t + 1);
        report_rate(x->out, k->tiers[t].rate);
        sb_puts(x->out, " = ");
        put_q(x->out, e);
        sb_putc(x->out, '\n');
        j = end + 1;
    }
    mpq_clears(part, e, NULL);
}

/* Does the window so far hold months of more than one plan version? */
static int window_spans_versions(const payee_earnings *pe, size_t ki, int last)
{
    const component *kl = &pe->month_role[last]->components[ki];
    return earn_version_end(pe, ki, window_start(kl->window, last), last) < last;
}

static void put_cap(const explainer *x, const component *k, const component_earnings *ce)
{
    if (!k->has_cap)
        return;
    if (k->window != WINDOW_YEAR || x->r->plans.n > 1) {
        /* Windows and versions make the uncapped figure a sum of parts: say what the cap did. */
        sb_puts(x->out, "  cap ");
        put_q(x->out, k->cap);
        sb_puts(x->out, mpq_equal(ce->E[x->rc->per.last], k->cap)
                            ? " reached: earnings year to date are held at the cap\n"
                            : " not reached\n");
        return;
    }
    mpq_t u;
    mpq_init(u);
    /* What the tiers give before the cap: F(C) marginal, C x rate retroactive. */
    tier_value(u, k, ce->month_limits[x->rc->per.last], x->r->earnings.v[x->slot].C[x->rc->per.last]);
    sb_puts(x->out, "  cap ");
    put_q(x->out, k->cap);
    if (mpq_cmp(u, k->cap) > 0) {
        sb_puts(x->out, " reached: the tiers give ");
        put_q(x->out, u);
        sb_puts(x->out, ", earnings year to date are held at the cap\n");
    } else {
        sb_puts(x->out, " not reached: the tiers give ");
        put_q(x->out, u);
        sb_puts(x->out, "\n");
    }
    mpq_clear(u);
}

static void explain_commission(const explainer *x, size_t ki, const component_earnings *ce)
{
    const payee_earnings *pe = &x->r->earnings.v[x->slot];
    int last = x->rc->per.last;
    const component *k = &pe->month_role[last]->components[ki];  /* the version in force */
    put_tiers(x, k, ce->month_limits[last]);
    put_lines(x, ki, ce);
    if (k->retroactive && window_spans_versions(pe, ki, last))
        put_retroactive_versions(x, ki, ce);
    else if (k->retroactive)
        put_retroactive(x, k, ce);
    put_cap(x, k, ce);
}

/* Does the SPIF count deal di?  Says why, with the values its `when` read. */
static void put_spif_verdict(const explainer *x, const component *k, uint32_t di)
{
    const deal *dl = &x->r->batch.deals[di];
    sb_printf(x->out, "  %s: ", dl->id);
    if (dl->close < k->from || dl->close > k->to) {
        sb_puts(x->out, "closed outside the window: does not qualify\n");
        return;
    }
    if (!k->when) {
        sb_puts(x->out, "closed inside the window: qualifies\n");
        return;
    }
    char err[256];
    int holds = expr_eval(k->when, batch_deal_fields(&x->r->batch, di), err, sizeof err);
    sb_printf(x->out, "closed inside the window; the condition %s",
              holds > 0 ? "holds" : "does not hold");
    put_when_values(x->out, &x->r->batch, di, k->when);
    sb_puts(x->out, holds > 0 ? ": qualifies\n" : ": does not qualify\n");
}

static void explain_spif(const explainer *x, const component *k)
{
    const payee_earnings *pe = &x->r->earnings.v[x->slot];
    const credits *c = &x->r->month_lines;
    char from[11], to[11];
    date_format(k->from, from);
    date_format(k->to, to);
    sb_printf(x->out, "COMPONENT %s (spif): ", k->id);
    put_q(x->out, k->pay);
    sb_printf(x->out, " per qualifying deal closed %s to %s", from, to);
    if (k->when)
        sb_printf(x->out, " where %s", expr_source(k->when));
    sb_putc(x->out, '\n');
    long last = -1;
    for (size_t i = 0; i < pe->nlines; i++) {
        const credit_line *l = &c->lines[pe->lines[i]];
        if ((long)l->deal == last || !shows_line(x, l))
            continue;  /* a deal counts once, whatever its lines */
        last = (long)l->deal;
        put_spif_verdict(x, k, l->deal);
    }
}

static void explain_component(const explainer *x, size_t k, mpz_t pay)
{
    const payee_earnings *pe = &x->r->earnings.v[x->slot];
    const component *cp = &pe->role->components[k];
    if (cp->kind == COMP_COMMISSION) {
        explain_commission(x, k, &pe->comp[k]);
        if (walk_needed(cp))
            sb_puts(x->out, "  (gates, deal caps and floors, clawbacks and holds apply to "
                            "these earnings deal by deal: see the figures below)\n");
    } else if (cp->kind == COMP_SPIF) {
        explain_spif(x, cp);
    } else {
        sb_printf(x->out, "COMPONENT %s (%s)\n", cp->id, component_kind_name(cp->kind));
    }
    report_payout_block(x->out, x->rc, x->slot, k, pay);
}

/* ---- the query ----------------------------------------------------------------- */

static void put_header(const explainer *x)
{
    const plan *p = x->r->plan;
    const payee_earnings *pe = &x->r->earnings.v[x->slot];
    const payee *py = &x->r->batch.payees[pe->payee];
    char text[PERIOD_TEXT_SIZE];
    period_format(&x->rc->per, text);
    sb_printf(x->out, "EXPLANATION FOR %s (%s), %s\n", py->id, py->name, text);
    sb_printf(x->out, "Role:   %s\n", pe->role->id);
    sb_printf(x->out, "Plan:   %s (%s), year %d, %s with %u decimals, rounding %s\n", p->id,
              p->file, p->year, p->currency, p->minor_unit, round_mode_name(p->rounding));
    sb_puts(x->out, "Quota:  ");
    if (py->has_quota)
        put_q(x->out, py->quota);
    else
        sb_puts(x->out, "none");
    sb_puts(x->out, "\n\n");
}

/* The deals to explain: --deal's, or each deal of the payee's period lines once. */
static void explain_deals(const explainer *x)
{
    if (x->deal >= 0) {
        explain_deal(x, (uint32_t)x->deal);
        return;
    }
    const payee_earnings *pe = &x->r->earnings.v[x->slot];
    long last = -1;
    for (size_t i = 0; i < pe->nlines; i++) {
        uint32_t di = x->r->month_lines.lines[pe->lines[i]].deal;
        if ((long)di != last)  /* lines are ordered by close date, then deal: a deal's are adjacent */
            explain_deal(x, di);
        last = (long)di;
    }
}

/* Finds the payee's slot and the deal, or reports why not. */
static int resolve(explainer *x, const period *per, diag *d)
{
    const run_state *r = x->r;
    long pi = idmap_get(&r->batch.payee_ids, x->q->payee);
    if (pi < 0) {
        diag_error(d, r->batch.roster_csv.file, 0, 0, "no payee '%s' in the roster", x->q->payee);
        return -1;
    }
    long s = r->earnings.slot[pi];
    if (s < 0 || r->earnings.v[s].role->ncomponents == 0) {
        diag_error(d, r->batch.roster_csv.file, r->batch.payees[pi].line, 0,
                   "payee %s has no payout line: role '%s' %s", x->q->payee,
                   r->batch.payees[pi].role,
                   s < 0 ? "is not in the plan" : "has no components in the plan");
        return -1;
    }
    x->slot = (size_t)s;
    x->deal = -1;
    if (!x->q->deal)
        return 0;
    long di = idmap_get(&r->batch.deal_ids, x->q->deal);
    if (di < 0) {
        diag_error(d, r->batch.deals_csv.file, 0, 0, "no deal '%s' in the batch", x->q->deal);
        return -1;
    }
    const deal *dl = &r->batch.deals[di];
    if (dl->year != r->plan->year) {
        diag_error(d, r->batch.deals_csv.file, dl->line, 0,
                   "deal %s closes outside the plan year %d: it earns nothing", dl->id,
                   r->plan->year);
        return -1;
    }
    if (dl->month < per->first || dl->month > per->last) {
        char text[PERIOD_TEXT_SIZE];
        period_format(per, text);
        diag_error(d, r->batch.deals_csv.file, dl->line, 0,
                   "deal %s closed in %04d-%02d, not in %s: explain it with that period",
                   dl->id, dl->year, dl->month, text);
        return -1;
    }
    x->deal = di;
    return 0;
}

/* The component asked for, or every one (-1); -2 when it is not the payee's. */
static long find_component(const explainer *x, diag *d)
{
    const role *ro = x->r->earnings.v[x->slot].role;
    if (!x->q->component)
        return -1;
    for (size_t k = 0; k < ro->ncomponents; k++)
        if (strcmp(ro->components[k].id, x->q->component) == 0)
            return (long)k;
    diag_error(d, x->r->plan->file, ro->line, 0, "role '%s' has no component '%s'", ro->id,
               x->q->component);
    return -2;
}

/* explain_run's work for the explainer x, once the period is known to be computed. */
static int explain_payee(explainer *x, const period *per, diag *d)
{
    const run_state *r = x->r;
    strbuf *out = x->out;
    if (resolve(x, per, d) != 0)
        return -1;
    long only = find_component(x, d);
    if (only == -2)
        return -1;
    put_header(x);
    explain_deals(x);
    const role *ro = r->earnings.v[x->slot].role;
    mpz_t pay, total;
    mpz_inits(pay, total, NULL);
    for (size_t k = 0; k < ro->ncomponents; k++) {
        if (only >= 0 && (size_t)only != k)
            continue;
        explain_component(x, k, pay);
        mpz_add(total, total, pay);
    }
    if (only < 0) {
        char text[PERIOD_TEXT_SIZE];
        period_format(per, text);
        sb_printf(out, "TOTAL PAYABLE FOR %s: ", text);
        money_format_minor(out, total, r->plan->minor_unit);
        sb_printf(out, " %s\n", r->plan->currency);
    }
    mpz_clears(pay, total, NULL);
    return 0;
}

int explain_run(strbuf *out, const run_state *r, const period *per, const explain_query *q,
                  diag *d)
{
    if (!r->month || per->first < r->month || per->last > r->month_last) {
        diag_error(d, NULL, 0, 0, "the period to explain was not computed: run_options.month "
                   "and month_last must cover its months");
        return -1;
    }
    report_ctx rc = {r->plan, &r->batch, &r->month_lines, &r->earnings, *per, r->shard, &r->paid, 0};
    touch_lines lines = {0};
    explainer x = {out, r, &rc, q, 0, -1, &lines};
    int ok = explain_payee(&x, per, d);
    csv_table_free(&lines.text);
    return ok;
}
