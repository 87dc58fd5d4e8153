/*
 * statement_html.c - statements/PAYEE.html: the statement as a printable
 * page, beside the text one.
 *
 * It shows what the text statement shows: who and when, the period's credit
 * lines, each component's tiers with each line's walk through them (folded
 * away until opened), pay mechanics and year-to-date figures, the payout, any prior-period adjustment (true-up)
 * with the earlier periods it corrects, and an attainment bar (credit year
 * to date against quota).  Each figure table is a sum a reader can redo on
 * the page (tests/e2e/html_sums.py checks that it adds up).  The figures
 * come from the same functions as the text statement (report_payable,
 * report_trueup and friends), so the two can never disagree; every
 * input-derived string is escaped (html.h).
 */
#include "report.h"
#include "html.h"
#include "money.h"
#include "pay.h"
#include "grouping.h"

#include <ctype.h>
#include <stdio.h>

/* Money in minor units, thousands grouped: "5,640.00". */
static void put_minor(strbuf *sb, const report_ctx *r, const mpz_t v)
{
    size_t at = sb->len;
    money_format_minor(sb, v, r->p->minor_unit);
    group_thousands(sb, at);
}

/* An exact figure, thousands grouped: "17,399.99944". */
static void put_exact(strbuf *sb, const mpq_t v)
{
    size_t at = sb->len;
    money_format_exact(sb, v);
    group_thousands(sb, at);
}

/* A credit at the currency's precision by the plan's rounding: "45,499.99". */
static void put_credit(strbuf *sb, const report_ctx *r, const mpq_t v)
{
    mpz_t minor;
    mpz_init(minor);
    money_round(minor, v, r->p->minor_unit, r->p->rounding);
    put_minor(sb, r, minor);
    mpz_clear(minor);
}

static void put_row2(strbuf *sb, const char *head, const char *text)
{
    sb_puts(sb, "<tr><th>");
    sb_puts(sb, head);
    sb_puts(sb, "</th><td>");
    html_escape(sb, text);
    sb_puts(sb, "</td></tr>\n");
}

static void put_header(strbuf *sb, const report_ctx *r, const payee_earnings *pe)
{
    const payee *py = &r->b->payees[pe->payee];
    char text[PERIOD_TEXT_SIZE];
    period_format(&r->per, text);
    sb_puts(sb, "<table>\n");
    put_row2(sb, "Payee", py->name);
    put_row2(sb, "Payee id", py->id);
    put_row2(sb, "Role", pe->role->id);
    put_row2(sb, "Period", text);
    put_row2(sb, "Plan", r->p->id);
    put_row2(sb, "Currency", r->p->currency);
    sb_puts(sb, "<tr><th>Quota</th><td class=\"n\">");
    if (py->has_quota)
        put_exact(sb, py->quota);
    else
        sb_puts(sb, "none");
    sb_puts(sb, "</td></tr>\n</table>\n");
}

/* Credit year to date against quota, as a percentage and a bar (only with a quota). */
static void put_attainment(strbuf *sb, const report_ctx *r, const payee_earnings *pe)
{
    const payee *py = &r->b->payees[pe->payee];
    if (!py->has_quota || mpq_sgn(py->quota) <= 0)
        return;
    mpq_t q;
    mpz_t pct;
    mpq_init(q);
    mpz_init(pct);
    mpq_div(q, pe->C[r->per.last], py->quota);
    mpz_mul_ui(mpq_numref(q), mpq_numref(q), 100);
    mpq_canonicalize(q);
    money_round(pct, q, 1, ROUND_HALF_UP);
    sb_puts(sb, "<h2>Attainment</h2>\n<p>Credit year to date ");
    put_credit(sb, r, pe->C[r->per.last]);
    sb_puts(sb, " of quota ");
    put_exact(sb, py->quota);
    sb_puts(sb, ": <strong>");
    size_t at = sb->len;
    money_format_minor(sb, pct, 1);
    group_thousands(sb, at);
    sb_puts(sb, "%</strong></p>\n");
    html_svg_attainment(sb, pe->C[r->per.last], py->quota);
    mpz_clear(pct);
    mpq_clear(q);
}

static void put_lines(strbuf *sb, const report_ctx *r, const payee_earnings *pe)
{
    sb_printf(sb, "<h2>Credit lines closed this %s</h2>\n<table>\n<tr><th>Deal</th><th>Close date"
                  "</th><th>Role</th><th>Campaign</th><th class=\"n\">Credit</th></tr>\n",
              period_word(&r->per));
    for (size_t i = 0; i < pe->nlines; i++) {
        const credit_line *l = &r->c->lines[pe->lines[i]];
        const deal *x = &r->b->deals[l->deal];
        if (!report_in_period(r, l->deal))
            continue;
        char date[11];
        date_format(x->close, date);
        sb_puts(sb, "<tr><td>");
        html_escape(sb, x->id);
        sb_puts(sb, "</td><td>");
        sb_putn(sb, date, 10);
        sb_puts(sb, "</td><td>");
        sb_puts(sb, credit_role_name(l->role));
        sb_puts(sb, "</td><td>");
        html_escape(sb, l->campaign >= 0 ? r->b->campaigns[l->campaign].id : "-");
        sb_puts(sb, "</td><td class=\"n\">");
        put_credit(sb, r, l->credit);
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "</table>\n");
}

/* The tiers in force in the period's last month (its plan version, its window's limits). */
static void put_tiers(strbuf *sb, const component *k, mpq_t *const limits)
{
    sb_printf(sb, "<table>\n<tr><th>Tier (%s)</th><th>Credit</th><th class=\"n\">Rate</th></tr>\n",
              k->retroactive ? "retroactive" : "marginal");
    for (size_t i = 0; i < k->ntiers; i++) {
        sb_printf(sb, "<tr><td>%zu</td><td>", i + 1);
        report_tier_range(sb, k, limits, i, 1);
        sb_puts(sb, "</td><td class=\"n\">");
        report_rate(sb, k->tiers[i].rate);
        sb_puts(sb, "</td></tr>\n");
    }
    if (k->has_cap) {
        sb_puts(sb, "<tr><td colspan=\"2\">cap</td><td class=\"n\">");
        put_exact(sb, k->cap);
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "</table>\n");
}

/* How a figure row shows: its value as it is, with a sign (+/-), or a total of the rows above
   (which add, but for those labelled "Less ...", which subtract). */
enum { ROW_PLAIN, ROW_SIGNED, ROW_SUM };

/* Opens a figure row; labels are the engine's own text, never an input's. */
static void row_begin(strbuf *sb, int how, const char *label)
{
    sb_puts(sb, how == ROW_SUM ? "<tr class=\"sum\"><th>" : "<tr><th>");
    sb_puts(sb, label);
    sb_puts(sb, "</th><td class=\"n\">");
}

static void row_end(strbuf *sb)
{
    sb_puts(sb, "</td></tr>\n");
}

static void exact_row(strbuf *sb, int how, const char *label, const mpq_t v)
{
    row_begin(sb, how, label);
    if (how == ROW_SIGNED && mpq_sgn(v) > 0)
        sb_putc(sb, '+');
    put_exact(sb, v);
    row_end(sb);
}

static void minor_row(strbuf *sb, const report_ctx *r, int how, const char *label, const mpz_t v)
{
    row_begin(sb, how, label);
    if (how == ROW_SIGNED && mpz_sgn(v) > 0)
        sb_putc(sb, '+');
    put_minor(sb, r, v);
    row_end(sb);
}

/* The draw's period: paid less recovered, the net draw (minor units, so exact). */
static void put_draw_rows(strbuf *sb, const report_ctx *r, const flow_figures *f)
{
    const char *word = period_word(&r->per);
    char label[80];
    mpz_t net;
    mpz_init(net);
    snprintf(label, sizeof label, "Draw paid this %s", word);
    minor_row(sb, r, ROW_PLAIN, label, f->draw_paid);
    snprintf(label, sizeof label, "Less draw recovered this %s", word);
    minor_row(sb, r, ROW_PLAIN, label, f->draw_recovered);
    mpz_sub(net, f->draw_paid, f->draw_recovered);
    snprintf(label, sizeof label, "Net draw this %s", word);
    minor_row(sb, r, ROW_SUM, label, net);
    if (mpq_sgn(f->adjusted) != 0) {
        /* The draw's adjustments add to it outside the guarantee (pay.h). */
        mpq_t total;
        mpq_init(total);
        mpq_set_z(total, net);
        mpz_ui_pow_ui(net, 10, r->p->minor_unit);
        mpz_set(mpq_denref(total), net);
        mpq_canonicalize(total);
        exact_row(sb, ROW_SIGNED, "Adjustments", f->adjusted);
        mpq_add(total, total, f->adjusted);
        snprintf(label, sizeof label, "Net draw and adjustments this %s", word);
        exact_row(sb, ROW_SUM, label, total);
        mpq_clear(total);
    }
    mpz_clear(net);
}

/*
 * The pay mechanics of the period (report.c's put_flows) as a sum: earned, clawed back, what
 * was held before and is still held after, released, adjustments.  The total is the change
 * of what R rounds (pay_unrounded) over the period.
 */
static void put_flow_rows(strbuf *sb, const report_ctx *r, const payee_earnings *pe, size_t k)
{
    const char *word = period_word(&r->per);
    char label[80];
    flow_figures f;
    report_flow_figures(&f, r, pe, k);
    sb_puts(sb, "<table>\n");
    if (f.draw) {
        put_draw_rows(sb, r, &f);
        sb_puts(sb, "</table>\n");
        report_flow_figures_clear(&f);
        return;
    }
    snprintf(label, sizeof label, "Earned this %s", word);
    exact_row(sb, ROW_PLAIN, label, f.earned);
    if (mpq_sgn(f.clawback) != 0)
        exact_row(sb, ROW_PLAIN, "Clawed back", f.clawback);
    if (f.holds) {
        snprintf(label, sizeof label, "Held at the start of the %s", word);
        exact_row(sb, ROW_PLAIN, label, f.held_before);
        snprintf(label, sizeof label, "Less held at the end of the %s (awaiting payment)", word);
        exact_row(sb, ROW_PLAIN, label, f.held);
        snprintf(label, sizeof label, "Released this %s", word);
        if (mpq_sgn(f.adjusted) != 0)  /* else the total below is the same figure */
            exact_row(sb, ROW_SUM, label, f.released);
    }
    if (mpq_sgn(f.adjusted) != 0)
        exact_row(sb, ROW_SIGNED, "Adjustments", f.adjusted);
    mpq_add(f.released, f.released, f.adjusted);
    snprintf(label, sizeof label, "Released and adjusted this %s", word);
    exact_row(sb, ROW_SUM, label, f.released);
    sb_puts(sb, "</table>\n");
    report_flow_figures_clear(&f);
}

/* What R(m) rounds, with R(m) beside it when the two differ: "7113.33324 (rounded 7113.33)". */
static void put_cumulative(strbuf *sb, const report_ctx *r, const component_earnings *ce, int m)
{
    mpq_t exact, rounded;
    mpq_inits(exact, rounded, NULL);
    pay_unrounded(exact, ce, m);
    mpq_set_z(rounded, ce->R[m]);
    mpz_ui_pow_ui(mpq_denref(rounded), 10, r->p->minor_unit);
    mpq_canonicalize(rounded);
    if (!mpq_equal(exact, rounded)) {
        put_exact(sb, exact);
        sb_puts(sb, " (rounded ");
    }
    put_minor(sb, r, ce->R[m]);
    if (!mpq_equal(exact, rounded))
        sb_putc(sb, ')');
    mpq_clears(exact, rounded, NULL);
}

/* The earlier periods a true-up pays for: paid, computed now, and the difference of each. */
static void put_trueup_parts(strbuf *sb, const report_ctx *r, size_t s, size_t k,
                             const mpz_t trueup)
{
    mpz_t paid, owed, diff;
    mpz_inits(paid, owed, diff, NULL);
    sb_puts(sb, "<table>\n<tr><th>Earlier period</th><th class=\"n\">Paid</th>"
                "<th class=\"n\">Computed now</th><th class=\"n\">Difference</th></tr>\n");
    period span;
    for (int j = 1; report_trueup_next(r, s, k, &j, &span, paid, owed);) {
        char text[PERIOD_TEXT_SIZE];
        period_format(&span, text);
        mpz_sub(diff, owed, paid);
        sb_printf(sb, "<tr><td>%s</td><td class=\"n\">", text);
        put_minor(sb, r, paid);
        sb_puts(sb, "</td><td class=\"n\">");
        put_minor(sb, r, owed);
        sb_puts(sb, "</td><td class=\"n\">");
        if (mpz_sgn(diff) > 0)
            sb_putc(sb, '+');
        put_minor(sb, r, diff);
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "<tr class=\"sum\"><th colspan=\"3\">Prior-period adjustment</th><td class=\"n\">");
    if (mpz_sgn(trueup) > 0)
        sb_putc(sb, '+');
    put_minor(sb, r, trueup);
    sb_puts(sb, "</td></tr>\n</table>\n");
    mpz_clears(paid, owed, diff, NULL);
}

/*
 * Year to date less the part before the period gives the period's payout; a true-up of
 * earlier periods, when one applies, is added to it: the payable amount (report.c's
 * report_payout_block).
 */
static void put_payable_rows(strbuf *sb, const report_ctx *r, size_t s, size_t k, mpz_t pay)
{
    const component_earnings *ce = &r->e->v[s].comp[k];
    const char *word = period_word(&r->per);
    /* What R counts: earnings; released and adjusted with the pay mechanics; a draw's net. */
    const char *what = r->e->v[s].role->components[k].kind == COMP_DRAW ? "net draw"
                       : ce->flows ? "released and adjusted" : "earned";
    char label[96];
    mpz_t payout, trueup;
    mpz_inits(payout, trueup, NULL);
    report_period_payout(payout, r, s, k);
    report_trueup(trueup, r, s, k);
    report_payable(pay, r, s, k);
    snprintf(label, sizeof label, "%c%s year to date", toupper((unsigned char)what[0]), what + 1);
    sb_puts(sb, "<table>\n");
    row_begin(sb, ROW_PLAIN, label);
    put_cumulative(sb, r, ce, r->per.last);
    row_end(sb);
    snprintf(label, sizeof label, "Less %s through last %s%s", what, word,
             mpz_sgn(trueup) ? ", as computed now" : "");
    row_begin(sb, ROW_PLAIN, label);
    put_cumulative(sb, r, ce, r->per.first - 1);
    row_end(sb);
    if (mpz_sgn(trueup) != 0) {
        snprintf(label, sizeof label, "Payout this %s", word);
        minor_row(sb, r, ROW_SUM, label, payout);
        minor_row(sb, r, ROW_SIGNED, "Prior-period adjustment", trueup);
    }
    snprintf(label, sizeof label, "Payable this %s", word);
    minor_row(sb, r, ROW_SUM, label, pay);
    sb_puts(sb, "</table>\n");
    if (mpz_sgn(trueup) != 0)
        put_trueup_parts(sb, r, s, k, trueup);
    mpz_clears(payout, trueup, NULL);
}

/* The text statement's walk of each credit line through the tiers, folded away until opened. */
static void put_walk(strbuf *sb, const report_ctx *r, const payee_earnings *pe, size_t k)
{
    strbuf walk = STRBUF_INIT;
    report_commission_walk(&walk, r, pe, k);
    if (walk.len) {
        sb_puts(sb, "<details class=\"walk\"><summary>How each credit line earned: the walk "
                    "through the tiers</summary>\n<pre>");
        html_escape(sb, walk.p);
        sb_puts(sb, "</pre></details>\n");
    }
    sb_free(&walk);
}

static void put_component(strbuf *sb, const report_ctx *r, size_t s, size_t k, mpz_t pay)
{
    const payee_earnings *pe = &r->e->v[s];
    const component *cp = &pe->role->components[k];
    const component_earnings *ce = &pe->comp[k];
    sb_puts(sb, "<h2>");
    html_escape(sb, cp->id);
    sb_printf(sb, " (%s)</h2>\n", component_kind_name(cp->kind));
    if (cp->kind == COMP_COMMISSION) {
        put_tiers(sb, &pe->month_role[r->per.last]->components[k], ce->month_limits[r->per.last]);
        put_walk(sb, r, pe, k);
    }
    if (ce->flows)
        put_flow_rows(sb, r, pe, k);
    put_payable_rows(sb, r, s, k, pay);
}

void report_statement_html(strbuf *sb, const report_ctx *r, size_t s)
{
    const payee_earnings *pe = &r->e->v[s];
    const payee *py = &r->b->payees[pe->payee];
    strbuf title = STRBUF_INIT;
    char text[PERIOD_TEXT_SIZE];
    period_format(&r->per, text);
    sb_printf(&title, "Payout statement %s: %s", text, py->name);
    html_begin(sb, title.p);
    sb_free(&title);
    put_header(sb, r, pe);
    put_attainment(sb, r, pe);
    put_lines(sb, r, pe);
    mpz_t pay, total;
    mpz_inits(pay, total, NULL);
    for (size_t k = 0; k < pe->role->ncomponents; k++) {
        put_component(sb, r, s, k, pay);
        mpz_add(total, total, pay);
    }
    sb_printf(sb, "<p class=\"total\">Total payable for %s: ", text);
    put_minor(sb, r, total);
    sb_printf(sb, " %s</p>\n", r->p->currency);  /* an ISO 4217 code the plan checked */
    html_end(sb);
    mpz_clears(pay, total, NULL);
}
