/*
 * statement_html.c - statements/PAYEE.html: the statement as a printable
 * page, beside the text one.
 *
 * It shows what the text statement shows a reader first: who and when, the
 * period's credit lines, each component's tiers and year-to-date figures,
 * the payout, and an attainment bar (credit year to date against quota).
 * The figures come from the same functions as the text statement
 * (report_payable and friends), so the two can never disagree; every
 * input-derived string is escaped (html.h).
 */
#include "truce/report.h"
#include "truce/html.h"
#include "truce/money.h"

#include <stdio.h>

static void put_minor(strbuf *sb, const report_ctx *r, const mpz_t v)
{
    money_format_minor(sb, v, r->p->minor_unit);
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
        money_format_exact(sb, py->quota);
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
    money_format_exact(sb, pe->C[r->per.last]);
    sb_puts(sb, " of quota ");
    money_format_exact(sb, py->quota);
    sb_puts(sb, ": <strong>");
    money_format_minor(sb, pct, 1);
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
        sb_printf(sb, "</td><td>%s</td><td>%s</td><td>", date, credit_role_name(l->role));
        html_escape(sb, l->campaign >= 0 ? r->b->campaigns[l->campaign].id : "-");
        sb_puts(sb, "</td><td class=\"n\">");
        money_format_exact(sb, l->credit);
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
        report_tier_range(sb, k, limits, i);
        sb_puts(sb, "</td><td class=\"n\">");
        report_rate(sb, k->tiers[i].rate);
        sb_puts(sb, "</td></tr>\n");
    }
    if (k->has_cap) {
        sb_puts(sb, "<tr><td colspan=\"2\">cap</td><td class=\"n\">");
        money_format_exact(sb, k->cap);
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "</table>\n");
}

static void flow_row(strbuf *sb, const char *what, const mpq_t v)
{
    if (mpq_sgn(v) == 0)
        return;
    sb_printf(sb, "<tr><th>%s</th><td class=\"n\">", what);
    money_format_exact(sb, v);
    sb_puts(sb, "</td></tr>\n");
}

/* A row of minor units, as an exact amount. */
static void flow_row_minor(strbuf *sb, const report_ctx *r, const char *what, const mpz_t v)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_z(q, v);
    mpz_ui_pow_ui(mpq_denref(q), 10, r->p->minor_unit);
    mpq_canonicalize(q);
    flow_row(sb, what, q);
    mpq_clear(q);
}

/* The pay mechanics of the period (report.c's put_flows, as a table). */
static void put_flow_rows(strbuf *sb, const report_ctx *r, const payee_earnings *pe, size_t k)
{
    flow_figures f;
    report_flow_figures(&f, r, pe, k);
    sb_puts(sb, "<table>\n");
    if (f.draw) {
        flow_row_minor(sb, r, "Draw paid", f.draw_paid);
        flow_row_minor(sb, r, "Draw recovered", f.draw_recovered);
    } else {
        flow_row(sb, "Earned", f.earned);
        flow_row(sb, "Clawed back", f.clawback);
        if (f.holds)
            flow_row(sb, "Released", f.released);
        flow_row(sb, "Held (awaiting payment)", f.held);
        flow_row(sb, "Adjustments", f.adjusted);
    }
    sb_puts(sb, "</table>\n");
    report_flow_figures_clear(&f);
}

static void put_component(strbuf *sb, const report_ctx *r, size_t s, size_t k, mpz_t pay)
{
    const payee_earnings *pe = &r->e->v[s];
    const component *cp = &pe->role->components[k];
    const component_earnings *ce = &pe->comp[k];
    sb_puts(sb, "<h2>");
    html_escape(sb, cp->id);
    sb_printf(sb, " (%s)</h2>\n", component_kind_name(cp->kind));
    if (cp->kind == COMP_COMMISSION)
        put_tiers(sb, &pe->month_role[r->per.last]->components[k], ce->month_limits[r->per.last]);
    report_payable(pay, r, s, k);
    if (ce->flows)
        put_flow_rows(sb, r, pe, k);
    sb_puts(sb, "<table>\n<tr><th>Earned year to date</th><td class=\"n\">");
    put_minor(sb, r, ce->R[r->per.last]);
    sb_printf(sb, "</td></tr>\n<tr><th>Through last %s</th><td class=\"n\">", period_word(&r->per));
    put_minor(sb, r, ce->R[r->per.first - 1]);
    sb_printf(sb, "</td></tr>\n<tr><th>Payable this %s</th><td class=\"n\">", period_word(&r->per));
    put_minor(sb, r, pay);
    sb_puts(sb, "</td></tr>\n</table>\n");
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
