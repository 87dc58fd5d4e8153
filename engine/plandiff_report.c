/*
 * plandiff_report.c - `truce diff`'s outputs: a plandiff (plandiff.c's
 * figures and reasons) rendered as diff.csv, diff.html and the summary text,
 * and the output directory written with its manifest.
 *
 * Nothing here computes a figure: money is printed in the currency's minor
 * unit, shares of revenue and delta_pct to 2 decimals half-up, and the
 * reasons in words, naming the plan file and line of the rule.  The summary
 * and the page group thousands for people (grouping.h); diff.csv does not.
 */
#include "run.h"
#include "plandiff.h"
#include "money.h"
#include "outdir.h"
#include "html.h"
#include "report.h"
#include "grouping.h"

#include <stdio.h>
#include <stdlib.h>

/* 100 x num / den to 2 decimals half-up. */
static void put_percent(strbuf *sb, const mpq_t num, const mpq_t den)
{
    mpq_t q;
    mpz_t r;
    mpq_init(q);
    mpz_init(r);
    mpq_div(q, num, den);
    mpz_mul_ui(mpq_numref(q), mpq_numref(q), 100);
    mpq_canonicalize(q);
    money_round(r, q, 2, ROUND_HALF_UP);
    money_format_minor(sb, r, 2);
    mpz_clear(r);
    mpq_clear(q);
}

/* delta_pct: delta x 100 / old; nothing when old is zero. */
static void put_pct(strbuf *sb, const mpz_t delta, const mpz_t old)
{
    if (mpz_sgn(old) == 0)
        return;
    mpq_t d, o;
    mpq_inits(d, o, NULL);
    mpq_set_z(d, delta);
    mpq_set_z(o, old);
    put_percent(sb, d, o);
    mpq_clears(d, o, NULL);
}

/* "12.34%" of num/den, or "n/a" when den is zero. */
static void put_share(strbuf *sb, const mpq_t num, const mpq_t den)
{
    if (mpq_sgn(den) == 0) {
        sb_puts(sb, "n/a");
        return;
    }
    put_percent(sb, num, den);
    sb_putc(sb, '%');
}

/* Money in minor units, thousands grouped: "17,650.00". */
static void put_money(strbuf *sb, const mpz_t v, unsigned mu)
{
    size_t at = sb->len;
    money_format_minor(sb, v, mu);
    group_thousands(sb, at);
}

/* The same with a sign: "+675.00", "-1,200.00". */
static void put_signed(strbuf *sb, const mpz_t v, unsigned mu)
{
    size_t at = sb->len;
    if (mpz_sgn(v) > 0)
        sb_putc(sb, '+');
    money_format_minor(sb, v, mu);
    group_thousands(sb, at);
}

/* An exact figure that explains one, thousands grouped: "45,499.993". */
static void put_exact(strbuf *sb, const mpq_t v)
{
    size_t at = sb->len;
    money_format_exact(sb, v);
    group_thousands(sb, at);
}

/* ---- diff.csv ------------------------------------------------------------------ */

/*
 * A row's figures, each opened by `before` and closed by `after`: old, new, delta, delta_pct;
 * thousands grouped when `grouped` (the page), plain for diff.csv.
 */
static void put_figures(strbuf *sb, const plandiff *df, const plandiff_row *w, const char *before,
                        const char *after, int grouped)
{
    unsigned mu = df->old->plan->minor_unit;
    const mpz_t *v[3] = {&w->old, &w->new_, &w->delta};
    for (int i = 0; i < 3; i++) {
        sb_puts(sb, before);
        size_t at = sb->len;
        money_format_minor(sb, *v[i], mu);
        if (grouped)
            group_thousands(sb, at);
        sb_puts(sb, after);
    }
    sb_puts(sb, before);
    put_pct(sb, w->delta, w->old);
    sb_puts(sb, after);
}

void plandiff_csv(strbuf *out, const plandiff *df)
{
    sb_puts(out, PLANDIFF_HEADER "\n");
    for (size_t i = 0; i < df->nrows; i++) {
        const plandiff_row *w = &df->rows[i];
        const payee *py = &df->old->batch.payees[w->payee];
        sb_put_csv_field(out, py->id);
        sb_putc(out, ',');
        sb_put_csv_field(out, py->role);
        sb_putc(out, ',');
        sb_put_csv_field(out, w->component);
        put_figures(out, df, w, ",", "", 0);
        sb_putc(out, '\n');
    }
}

/* ---- the summary ---------------------------------------------------------------- */

/* "N gain (median +x, largest +y)". */
static void put_movers(strbuf *sb, const char *verb, const plandiff_movers *m, unsigned mu)
{
    sb_printf(sb, "%zu %s", m->n, verb);
    if (m->n == 0)
        return;
    sb_puts(sb, " (median ");
    put_signed(sb, m->median, mu);
    sb_puts(sb, ", largest ");
    put_signed(sb, m->largest, mu);
    sb_putc(sb, ')');
}

/* " (plan.xml:12)" */
static void put_at(strbuf *sb, plandiff_at at)
{
    sb_printf(sb, " (%s:%ld)", at.file, at.line);
}

static void put_split_at(strbuf *sb, plandiff_at at)
{
    if (!at.file)
        sb_puts(sb, "no split");
    else
        sb_printf(sb, "the split at %s:%ld", at.file, at.line);
}

static void put_reason(strbuf *sb, const plandiff_reason *w)
{
    const char *part = w->role == CREDIT_CLOSER ? "closer" : "marketing";
    switch (w->why) {
    case WHY_SPLIT:
        sb_puts(sb, "a different split: old ");
        put_split_at(sb, w->old_at);
        sb_puts(sb, ", new ");
        put_split_at(sb, w->at);
        return;
    case WHY_CREDIT_RULES:
        sb_printf(sb, "different %s", w->role == CREDIT_OVERLAY ? "overlays in the split"
                                                                : "roll-ups in <credit>");
        break;
    case WHY_PART:
        sb_printf(sb, "a different split: the %s part is %s", part, w->added ? "added" : "removed");
        break;
    case WHY_SHARE:
        sb_printf(sb, "a different split: %s share ", part);
        report_rate(sb, *w->was);
        sb_puts(sb, " -> ");
        report_rate(sb, *w->now);
        break;
    case WHY_MODEL:
        sb_printf(sb, "a different model: %s -> %s", attribution_model_name(w->model_was),
                  attribution_model_name(w->model_now));
        break;
    case WHY_WEIGHTS:
        sb_printf(sb, "a different model: %s weights changed", attribution_model_name(w->model_now));
        break;
    case WHY_ROLE:
        sb_printf(sb, "the role is %s the new plan", w->added ? "new in" : "not in");
        return;
    case WHY_GONE:
        sb_printf(sb, "component '%s' is not in the new plan", w->component);
        return;
    case WHY_KIND:
        sb_printf(sb, "component '%s' changed kind", w->component);
        return;
    case WHY_SPIF:
        sb_printf(sb, "a different spif '%s' (pay, window or when; %s:%ld)", w->component,
                  w->at.file, w->at.line);
        return;
    case WHY_CAP:
        sb_printf(sb, "a different cap on '%s'", w->component);
        break;
    case WHY_TIERS:
        sb_printf(sb, "different tiers in '%s'", w->component);
        break;
    case WHY_LIMIT:
        sb_printf(sb, "a different tier: the limit of tier %zu of '%s'", w->tier + 1, w->component);
        break;
    case WHY_RATE:
        sb_printf(sb, "a different rate: tier %zu of '%s' ", w->tier + 1, w->component);
        report_rate(sb, *w->was);
        sb_puts(sb, " -> ");
        report_rate(sb, *w->now);
        break;
    case WHY_NEW:
        sb_printf(sb, "component '%s' is new", w->component);
        break;
    case WHY_SAME:
        sb_puts(sb, "the components earn the same on it");
        return;
    }
    put_at(sb, w->at);
}

/* "D-1005 2027-03-03 closer", "D-1001 2027-01-14 marketing/paid-search". */
static void put_line(strbuf *sb, const batch *b, const plandiff_payee *p)
{
    const deal *x = &b->deals[p->deal];
    char date[11];
    date_format(x->close, date);
    sb_printf(sb, "%s %s %s", x->id, date, p->role == CREDIT_CLOSER ? "closer" : "marketing");
    if (p->campaign >= 0)
        sb_printf(sb, "/%s", b->campaigns[p->campaign].id);
}

static void put_credit(strbuf *sb, int has, const mpq_t credit)
{
    if (has)
        put_exact(sb, credit);
    else
        sb_puts(sb, "none");
}

/* "D-1005 2027-03-03 closer, credit 45,499.993, earns 3,649.99944 -> 4,044.99937 in all components". */
static void put_difference(strbuf *sb, const batch *b, const plandiff_payee *p)
{
    put_line(sb, b, p);
    sb_puts(sb, ", credit ");
    if (p->same_credit) {
        put_exact(sb, p->credit_old);
        sb_puts(sb, ", earns ");
        put_exact(sb, p->earned_old);
        sb_puts(sb, " -> ");
        put_exact(sb, p->earned_new);
        sb_puts(sb, " in all components");  /* explain says "in base", one component */
    } else {
        put_credit(sb, p->has_old, p->credit_old);
        sb_puts(sb, " -> ");
        put_credit(sb, p->has_new, p->credit_new);
    }
}

static const char no_line_differs[] =
    "no credit line differs: a SPIF, a quota-based limit, or lines after the period";

/* The first line that differs and why (4 spaces of indent). */
static void put_first_difference(strbuf *sb, const batch *b, const plandiff_payee *p)
{
    if (!p->found) {
        sb_printf(sb, "    %s\n", no_line_differs);
        return;
    }
    sb_puts(sb, "    first line that differs: ");
    put_difference(sb, b, p);
    sb_puts(sb, "\n    because: ");
    put_reason(sb, &p->why);
    sb_putc(sb, '\n');
}

/* A total in minor units as a share of the revenue. */
static void put_cost_share(strbuf *sb, const mpz_t total, unsigned mu, const mpq_t revenue)
{
    mpq_t cost;
    mpq_init(cost);
    mpq_set_z(cost, total);
    mpz_ui_pow_ui(mpq_denref(cost), 10, mu);
    mpq_canonicalize(cost);
    put_share(sb, cost, revenue);
    mpq_clear(cost);
}

void plandiff_summary(strbuf *out, const plandiff *df, const char *period_text)
{
    const plan *po = df->old->plan;
    const batch *b = &df->old->batch;
    unsigned mu = po->minor_unit;
    mpz_t d;
    mpz_init(d);
    sb_printf(out, "truce diff %s: plan %s (old) vs %s (new), %s\n", period_text, po->id,
              df->new_->plan->id, po->currency);
    mpz_sub(d, df->total_new, df->total_old);
    sb_puts(out, "total cost: old ");
    put_money(out, df->total_old, mu);
    sb_puts(out, ", new ");
    put_money(out, df->total_new, mu);
    sb_puts(out, ", delta ");
    put_signed(out, d, mu);
    sb_puts(out, "\n");

    money_round(d, df->revenue, mu, po->rounding);
    sb_puts(out, "revenue (won deals closing in the period): ");
    put_money(out, d, mu);
    sb_puts(out, "; cost as a share of it: old ");
    put_cost_share(out, df->total_old, mu, df->revenue);
    sb_puts(out, ", new ");
    put_cost_share(out, df->total_new, mu, df->revenue);
    sb_puts(out, "\npayees: ");
    put_movers(out, "gain", &df->gain, mu);
    sb_puts(out, "; ");
    put_movers(out, "lose", &df->lose, mu);
    sb_printf(out, "; %zu unchanged\n", df->unchanged);

    if (df->nchanged)
        sb_puts(out, "changed payees:\n");
    for (size_t i = 0; i < df->nchanged; i++) {
        const plandiff_payee *p = &df->changed[i];
        sb_printf(out, "  %s (%s): ", b->payees[p->payee].id, b->payees[p->payee].role);
        put_money(out, p->old, mu);
        sb_puts(out, " -> ");
        put_money(out, p->new_, mu);
        sb_puts(out, " (");
        put_signed(out, p->delta, mu);
        sb_puts(out, ")\n");
        put_first_difference(out, b, p);
    }
    mpz_clear(d);
}

/* ---- diff.html ------------------------------------------------------------------ */

/* <td class="n">text</td> for a figure a put_* function writes. */
#define CELL_N(sb, put) (sb_puts(sb, "<td class=\"n\">"), (put), sb_puts(sb, "</td>"))

/* The summary's figures as a table: total cost and its share of revenue, old, new, change. */
static void html_summary(strbuf *out, const plandiff *df)
{
    const plan *po = df->old->plan;
    unsigned mu = po->minor_unit;
    mpz_t d;
    mpz_init(d);
    sb_puts(out, "<h2>Summary</h2>\n<table>\n<tr><th></th><th class=\"n\">old plan</th>"
                 "<th class=\"n\">new plan</th><th class=\"n\">change</th></tr>\n<tr><td>total cost (");
    html_escape(out, po->currency);
    sb_puts(out, ")</td>");
    mpz_sub(d, df->total_new, df->total_old);
    CELL_N(out, put_money(out, df->total_old, mu));
    CELL_N(out, put_money(out, df->total_new, mu));
    CELL_N(out, put_signed(out, d, mu));
    sb_puts(out, "</tr>\n<tr><td>cost as a share of revenue</td>");
    CELL_N(out, put_cost_share(out, df->total_old, mu, df->revenue));
    CELL_N(out, put_cost_share(out, df->total_new, mu, df->revenue));
    sb_puts(out, "<td></td></tr>\n</table>\n<p>Revenue (won deals closing in the period): ");
    money_round(d, df->revenue, mu, po->rounding);
    put_money(out, d, mu);
    sb_printf(out, " %s.</p>\n<p>Payees: ", po->currency);
    put_movers(out, "gain", &df->gain, mu);
    sb_puts(out, "; ");
    put_movers(out, "lose", &df->lose, mu);
    sb_printf(out, "; %zu unchanged.</p>\n", df->unchanged);
    mpz_clear(d);
}

/* Each changed payee: old, new, change, the first line that differs and why. */
static void html_changed(strbuf *out, const plandiff *df)
{
    const batch *b = &df->old->batch;
    unsigned mu = df->old->plan->minor_unit;
    if (!df->nchanged)
        return;
    sb_puts(out, "<h2>Changed payees</h2>\n<table>\n<tr><th>payee</th><th>role</th>"
                 "<th class=\"n\">old</th><th class=\"n\">new</th><th class=\"n\">change</th>"
                 "<th>first line that differs</th><th>because</th></tr>\n");
    strbuf text = STRBUF_INIT;
    for (size_t i = 0; i < df->nchanged; i++) {
        const plandiff_payee *p = &df->changed[i];
        sb_puts(out, "<tr><td>");
        html_escape(out, b->payees[p->payee].id);
        sb_puts(out, "</td><td>");
        html_escape(out, b->payees[p->payee].role);
        sb_puts(out, "</td>");
        CELL_N(out, put_money(out, p->old, mu));
        CELL_N(out, put_money(out, p->new_, mu));
        CELL_N(out, put_signed(out, p->delta, mu));
        sb_reset(&text);
        if (p->found)
            put_difference(&text, b, p);
        else
            sb_puts(&text, no_line_differs);
        sb_puts(out, "<td>");
        html_escape(out, text.p);
        sb_puts(out, "</td><td>");
        sb_reset(&text);
        if (p->found)
            put_reason(&text, &p->why);
        html_escape(out, text.len ? text.p : "");
        sb_puts(out, "</td></tr>\n");
    }
    sb_free(&text);
    sb_puts(out, "</table>\n");
}

/* The change per payee as bars, then every payee and component with a change. */
static void html_details(strbuf *out, const plandiff *df)
{
    const batch *b = &df->old->batch;
    const plan *po = df->old->plan;
    size_t nb = df->nchanged;
    html_bar *bars = xcalloc(nb ? nb : 1, sizeof *bars);
    strbuf *text = xcalloc(nb ? nb : 1, sizeof *text);
    for (size_t i = 0; i < nb; i++) {
        const plandiff_payee *p = &df->changed[i];
        put_signed(&text[i], p->delta, po->minor_unit);
        bars[i] = (html_bar){b->payees[p->payee].id, (const mpz_t *)&p->delta, text[i].p, NULL};
    }
    sb_printf(out, "<h2>Change per payee (%s)</h2>\n", po->currency);
    if (nb)
        html_svg_bars(out, "change in pay per payee", bars, nb);
    else
        sb_puts(out, "<p>No payee's pay changes.</p>\n");
    for (size_t i = 0; i < nb; i++)
        sb_free(&text[i]);
    free(bars), free(text);

    sb_puts(out, "<h2>Per payee and component</h2>\n<table>\n<tr><th>payee</th><th>role</th>"
                 "<th>component</th><th class=\"n\">old</th><th class=\"n\">new</th>"
                 "<th class=\"n\">delta</th><th class=\"n\">delta %</th></tr>\n");
    for (size_t i = 0; i < df->nrows; i++) {
        const plandiff_row *w = &df->rows[i];
        const payee *py = &b->payees[w->payee];
        sb_puts(out, "<tr><td>");
        html_escape(out, py->id);
        sb_puts(out, "</td><td>");
        html_escape(out, py->role);
        sb_puts(out, "</td><td>");
        html_escape(out, w->component);
        sb_puts(out, "</td>");
        put_figures(out, df, w, "<td class=\"n\">", "</td>", 1);
        sb_puts(out, "</tr>\n");
    }
    sb_puts(out, "</table>\n");
}

void plandiff_html(strbuf *out, const plandiff *df)
{
    char when[PERIOD_TEXT_SIZE];
    period_format(&df->per, when);
    strbuf title = STRBUF_INIT;
    sb_printf(&title, "Plan diff %s: %s (old) vs %s (new)", when, df->old->plan->id,
              df->new_->plan->id);
    html_begin(out, title.p);
    sb_free(&title);
    html_summary(out, df);
    html_changed(out, df);
    html_details(out, df);
    html_end(out);
}

/* ---- the output directory --------------------------------------------------------- */

int plandiff_write(const plandiff *df, const char *out, int force, const char *const *command,
                   size_t ncommand, diag *d)
{
    outdir o;
    if (outdir_begin(&o, out, d) != 0)
        return -1;
    strbuf sb = STRBUF_INIT;
    plandiff_csv(&sb, df);
    int failed = outdir_write(&o, PLANDIFF_CSV, sb.p, sb.len, d);
    if (!failed) {
        sb_reset(&sb);
        plandiff_html(&sb, df);
        failed = outdir_write(&o, PLANDIFF_HTML, sb.p, sb.len, d);
    }
    if (!failed) {
        size_t n;
        const outdir_entry *files = outdir_files(&o, &n);
        sb_reset(&sb);
        failed = record_outputs_manifest(&sb, TRUCE_VERSION, command, ncommand, &df->per, files, n,
                                         d) ||
                 outdir_write(&o, MANIFEST_FILE, sb.p, sb.len, d);
    }
    failed = failed || outdir_commit(&o, force, d);
    if (failed)
        outdir_abort(&o);
    sb_free(&sb);
    return failed ? -1 : 0;
}
