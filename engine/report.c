/*
 * report.c - payouts.csv, credits.csv, ledger.csv and the payee statements.
 *
 * The CSV files follow contract section 4 byte for byte.  Statements are for
 * people: every figure on them is one the engine computed, thousands grouped,
 * shown exactly (fractions where a value does not terminate) with its
 * rounding beside it, so that a payee can redo the arithmetic by hand; the
 * list of credit lines shows credit at the currency's precision, and the
 * tier walk the exact credit that earned.  A line's walk through
 * the tiers shows the parts tiers.c earns it by (report_tier_walk, which
 * explain shows too), never a product of its own.
 */
#include "report.h"
#include "tiers.h"
#include "adjustments.h"
#include "fx.h"
#include "walk.h"
#include "money.h"
#include "grouping.h"

#include <stdlib.h>
#include <string.h>

/* The period's canonical text: "2027-03", "2027-Q1", "2027-H2", "2027". */
static void put_period(strbuf *sb, const report_ctx *r)
{
    char text[PERIOD_TEXT_SIZE];
    period_format(&r->per, text);
    sb_puts(sb, text);
}

static void put_minor(strbuf *sb, const report_ctx *r, const mpz_t v)
{
    money_format_minor(sb, v, r->p->minor_unit);
}

/* s, then spaces up to width: printf's "%-*s" without its parsing, for the statements' lines. */
static void put_left(strbuf *sb, const char *s, size_t width)
{
    size_t n = strlen(s);
    sb_putn(sb, s, n);
    if (n < width) {
        sb_grow(sb, width - n);
        memset(sb->p + sb->len, ' ', width - n);
        sb->len += width - n;
        sb->p[sb->len] = '\0';
    }
}

/* A count in decimal: printf's "%zu". */
static void put_count(strbuf *sb, size_t v)
{
    char buf[24], *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sb_putn(sb, p, (size_t)(buf + sizeof buf - p));
}

/* The statements' figures: exact, thousands grouped when the reader is a person (grouping.h). */
static void put_exact(strbuf *sb, int grouped, const mpq_t v)
{
    size_t at = sb->len;
    money_format_exact(sb, v);
    if (grouped)
        group_thousands(sb, at);
}

static void put_money(strbuf *sb, const report_ctx *r, const mpz_t v)
{
    size_t at = sb->len;
    put_minor(sb, r, v);
    if (r->grouped)
        group_thousands(sb, at);
}

/* ---- payouts.csv --------------------------------------------------------- */

void report_payouts(strbuf *out, const report_ctx *r)
{
    sb_puts(out, "period,payee_id,role,component_id,amount\n");
    mpz_t pay;
    mpz_init(pay);
    for (size_t s = 0; s < r->e->n; s++) {
        const payee_earnings *pe = &r->e->v[s];
        for (size_t k = 0; k < pe->role->ncomponents; k++) {
            put_period(out, r);
            sb_putc(out, ',');
            sb_put_csv_field(out, r->b->payees[pe->payee].id);
            sb_putc(out, ',');
            sb_put_csv_field(out, pe->role->id);
            sb_putc(out, ',');
            sb_put_csv_field(out, pe->role->components[k].id);
            sb_putc(out, ',');
            report_payable(pay, r, s, k);
            put_minor(out, r, pay);
            sb_putc(out, '\n');
        }
    }
    mpz_clear(pay);
}

/* ---- credits.csv --------------------------------------------------------- */

/* deal_id bytewise; within a deal, the crediting order (closer, unattributed, campaigns). */
static int credit_row_order(const void *pa, const void *pb, void *vr)
{
    const report_ctx *r = vr;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    uint32_t da = r->c->lines[a].deal, db = r->c->lines[b].deal;
    if (da != db) {
        int c = strcmp(r->b->deals[da].id, r->b->deals[db].id);
        if (c)
            return c;
    }
    return a < b ? -1 : a > b;
}

int report_in_period(const report_ctx *r, uint32_t di)
{
    int m = r->b->deals[di].month;
    return m >= r->per.first && m <= r->per.last;
}

/* A row belongs to its payee's shard; rows without a payee belong to shard 0. */
static int in_shard(const report_ctx *r, const credit_line *l)
{
    if (r->shard.n <= 1)
        return 1;
    unsigned k = l->payee >= 0 ? shard_of(r->b->payees[l->payee].id, r->shard.n) : 0;
    return k == r->shard.k;
}

void report_credits(strbuf *out, const report_ctx *r)
{
    size_t *rows = xmalloc((r->c->n ? r->c->n : 1) * sizeof *rows), n = 0;
    for (size_t i = 0; i < r->c->n; i++)
        if (report_in_period(r, r->c->lines[i].deal) && in_shard(r, &r->c->lines[i]))
            rows[n++] = i;
    qsort_r(rows, n, sizeof *rows, credit_row_order, (void *)r);

    sb_puts(out, "deal_id,close_date,role,campaign_id,payee_id,credit\n");
    for (size_t i = 0; i < n; i++) {
        const credit_line *l = &r->c->lines[rows[i]];
        const deal *x = &r->b->deals[l->deal];
        char date[11];
        date_format(x->close, date);
        sb_put_csv_field(out, x->id);
        sb_putc(out, ',');
        sb_putn(out, date, 10);
        sb_putc(out, ',');
        sb_puts(out, credit_role_name(l->role));
        sb_putc(out, ',');
        if (l->campaign >= 0)
            sb_put_csv_field(out, r->b->campaigns[l->campaign].id);
        sb_putc(out, ',');
        if (l->payee >= 0)
            sb_put_csv_field(out, r->b->payees[l->payee].id);
        sb_putc(out, ',');
        money_format_exact(out, l->credit);
        sb_putc(out, '\n');
    }
    free(rows);
}

/* ---- statements ---------------------------------------------------------- */

/* An exact value, with its rounding beside it when the two differ. */
void report_exact_rounded(strbuf *sb, const report_ctx *r, const mpq_t v)
{
    mpz_t rounded;
    mpz_init(rounded);
    money_round(rounded, v, r->p->minor_unit, r->p->rounding);
    size_t start = sb->len;
    put_exact(sb, r->grouped, v);
    strbuf alt = STRBUF_INIT;
    put_money(&alt, r, rounded);
    /* "12000" and "12000.00" say the same: print the rounded form only when it adds something. */
    mpq_t back;
    mpq_init(back);
    mpq_set_z(back, rounded);
    mpz_ui_pow_ui(mpq_denref(back), 10, r->p->minor_unit);
    mpq_canonicalize(back);
    if (mpq_equal(back, v)) {
        sb->len = start;
        sb_puts(sb, alt.p);
    } else {
        sb_printf(sb, " (rounded %s)", alt.p);
    }
    mpq_clear(back);
    sb_free(&alt);
    mpz_clear(rounded);
}

static void put_rate(strbuf *sb, const mpq_t rate)
{
    money_format_percent(sb, rate);
    sb_putc(sb, '%');
}

static void put_tier_range(strbuf *sb, const component *k, mpq_t *const limits, size_t i,
                           int grouped)
{
    if (i == 0)
        sb_puts(sb, "0");
    else
        put_exact(sb, grouped, limits[i - 1]);
    if (i + 1 < k->ntiers) {
        sb_puts(sb, " to ");
        put_exact(sb, grouped, limits[i]);
    } else {
        sb_puts(sb, " and above");
    }
}

/* With plan versions: each version the period's months were paid under, and when it is in force. */
static void put_versions(strbuf *sb, const report_ctx *r)
{
    if (r->e->version[1] == r->e->version[EARN_MONTHS])
        return;  /* one version the whole year: the plan line says it all */
    for (int m = r->per.first; m <= r->per.last; m++) {
        const plan *v = r->e->version[m];
        if (m > r->per.first && v == r->e->version[m - 1])
            continue;
        char from[11], to[11];
        date_format(v->effective_from, from);
        date_format(v->effective_to, to);
        const char *name = strrchr(v->file, '/');  /* the file's name: outputs never depend on
                                                      where the batch was read from */
        sb_printf(sb, "Version:  %s, in force %s to %s\n", name ? name + 1 : v->file, from, to);
    }
}

static void put_header(strbuf *sb, const report_ctx *r, const payee_earnings *pe)
{
    const payee *py = &r->b->payees[pe->payee];
    sb_puts(sb, "TRUCE PAYOUT STATEMENT\n\n");
    sb_printf(sb, "Payee:    %s (%s)\n", py->id, py->name);
    sb_printf(sb, "Role:     %s\n", pe->role->id);
    sb_puts(sb, "Period:   ");
    put_period(sb, r);
    sb_printf(sb, "\nPlan:     %s, year %d, %s, rounding %s\n", r->p->id, r->p->year, r->p->currency,
              round_mode_name(r->p->rounding));
    put_versions(sb, r);
    sb_puts(sb, "Quota:    ");
    if (py->has_quota)
        put_exact(sb, r->grouped, py->quota);
    else
        sb_puts(sb, "none");
    sb_puts(sb, "\n\n");
}

static const char *line_campaign(const report_ctx *r, const credit_line *l)
{
    if (l->campaign >= 0)
        return r->b->campaigns[l->campaign].id;
    return "-";
}

/* For a deal converted from another currency: "  (deal 1100 = 1000 EUR x 1.1)". */
static void put_conversion(strbuf *sb, const report_ctx *r, uint32_t di)
{
    const mpq_t *orig = batch_original_amount(r->b, di);
    if (!orig)
        return;
    mpq_t rate;
    mpq_init(rate);
    mpq_div(rate, r->b->deals[di].amount, *orig);
    sb_puts(sb, "  (deal ");
    put_exact(sb, r->grouped, r->b->deals[di].amount);
    sb_printf(sb, " %s = ", r->p->currency);
    put_exact(sb, r->grouped, *orig);
    sb_printf(sb, " %s x ", batch_deal_currency(r->b, di));
    put_exact(sb, r->grouped, rate);
    sb_putc(sb, ')');
    mpq_clear(rate);
}

/*
 * A credit as people read it, at the currency's precision by the plan's rounding (45,499.99);
 * the tier walk below it keeps the exact value, which explains the earnings.
 */
static void put_credit(strbuf *sb, const report_ctx *r, const mpq_t v)
{
    if (!r->grouped) {
        money_format_exact(sb, v);
        return;
    }
    mpz_t minor;
    mpz_init(minor);
    money_round(minor, v, r->p->minor_unit, r->p->rounding);
    put_money(sb, r, minor);
    mpz_clear(minor);
}

static void put_credit_lines(strbuf *sb, const report_ctx *r, const payee_earnings *pe)
{
    sb_puts(sb, "CREDIT LINES CLOSED IN ");
    put_period(sb, r);
    sb_puts(sb, "\n");
    size_t shown = 0;
    for (size_t i = 0; i < pe->nlines; i++) {
        const credit_line *l = &r->c->lines[pe->lines[i]];
        const deal *x = &r->b->deals[l->deal];
        if (!report_in_period(r, l->deal))
            continue;
        char date[11];
        date_format(x->close, date);
        sb_puts(sb, "  ");
        put_left(sb, x->id, 12);
        sb_putc(sb, ' ');
        sb_putn(sb, date, 10);
        sb_puts(sb, "  ");
        put_left(sb, credit_role_name(l->role), 9);
        sb_puts(sb, "  ");
        put_left(sb, line_campaign(r, l), 14);
        sb_puts(sb, "  ");
        put_credit(sb, r, l->credit);
        put_conversion(sb, r, l->deal);
        sb_putc(sb, '\n');
        shown++;
    }
    if (!shown)
        sb_puts(sb, "  (none)\n");
    sb_puts(sb, "  Credit year to date: ");
    put_credit(sb, r, pe->C[r->per.first - 1]);
    sb_printf(sb, " before this %s, ", period_word(&r->per));
    put_credit(sb, r, pe->C[r->per.last]);
    sb_puts(sb, " after it\n\n");
}

/* The marginal walk of one line through the tiers it touches; a clawback line of the recalculate
   policy (reversal) says so, with its event's date. */
static void put_marginal_line(strbuf *sb, const component *k, mpq_t *const limits,
                              const mpq_t before, const credit_line *l, const report_ctx *r,
                              day_t reversal)
{
    mpq_t earned, after;
    mpq_inits(earned, after, NULL);
    mpq_add(after, before, l->credit);
    sb_puts(sb, "    ");
    sb_puts(sb, r->b->deals[l->deal].id);
    if (l->role == CREDIT_MARKETING) {
        sb_puts(sb, " marketing ");
        sb_puts(sb, line_campaign(r, l));
    } else {
        sb_putc(sb, ' ');
        sb_puts(sb, credit_role_name(l->role));
    }
    sb_puts(sb, ": ");
    if (reversal) {
        char date[11];
        date_format(reversal, date);
        sb_printf(sb, "clawback of %s, ", date);
    }
    sb_puts(sb, "credit ");
    put_exact(sb, r->grouped, l->credit);
    sb_puts(sb, ", running total ");
    put_exact(sb, r->grouped, before);
    sb_puts(sb, " -> ");
    put_exact(sb, r->grouped, after);
    sb_putc(sb, '\n');
    report_tier_walk(sb, "      ", earned, k, limits, before, l, r->b, r->grouped);
    mpq_clears(earned, after, NULL);
}

/* The commission's pay mechanics, as the plan states them. */
static void put_mechanics(strbuf *sb, const component *k, int grouped)
{
    if (k->gate != GATE_NONE) {
        sb_puts(sb, "; gate ");
        if (k->gate_percent)
            put_rate(sb, k->gate_value);
        else
            put_exact(sb, grouped, k->gate_value);
        sb_printf(sb, " (%s)", k->gate == GATE_FORWARD ? "pays only above it" : "then pays all");
    }
    if (k->has_deal_floor) {
        sb_puts(sb, "; deal floor ");
        put_exact(sb, grouped, k->deal_floor);
    }
    if (k->has_deal_cap) {
        sb_puts(sb, "; deal cap ");
        put_exact(sb, grouped, k->deal_cap);
    }
    if (k->clawback != CLAWBACK_NONE)
        sb_printf(sb, "; clawback at the %s", k->clawback == CLAWBACK_RECALCULATE
                                                   ? "recalculated rate" : "original rate");
    if (k->release != RELEASE_BOOKING)
        sb_printf(sb, "; released %s", k->release == RELEASE_PAYMENT ? "as payment arrives"
                                                                     : "at full payment");
}

/* "2027-Q2": the attainment window holding month m. */
static void put_window(strbuf *sb, const report_ctx *r, attain_window w, int m)
{
    int ws = window_start(w, m);
    period p;
    char text[PERIOD_TEXT_SIZE];
    if (period_make(&p, r->p->year, ws, ws + window_months(w) - 1) != 0)
        return;
    period_format(&p, text);
    sb_puts(sb, text);
}

/* Does credit line l come before reversal line v in statement order (date, deal_id, role,
   campaign; a line before its own clawback of the same day)?  The walk's order (walk.c). */
static int before_reversal(const report_ctx *r, const credit_line *l, const walk_line *v)
{
    day_t d = r->b->deals[l->deal].close;
    if (d != v->date)
        return d < v->date;
    if (l->deal != v->deal) {
        int c = strcmp(r->b->deals[l->deal].id, r->b->deals[v->deal].id);
        if (c)
            return c < 0;
    }
    return credit_role_campaign_cmp(r->b, l->role, l->campaign, (credit_role)v->role,
                                    v->campaign) <= 0;
}

static int month_of_day(day_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return m;
}

/* The marginal walk of the period's lines, with the clawback lines of the recalculate policy
   that land in it (they lower the running total); the running total restarts with each
   window, and each month walks the tiers (and limits) of the plan version in force then. */
static void put_marginal_walk(strbuf *sb, const report_ctx *r, const payee_earnings *pe,
                              size_t ki, const component_earnings *ce)
{
    attain_window w = pe->role->components[ki].window;
    const walk_lines *rev = ce->reversals;
    size_t nrev = rev ? rev->n : 0, j = 0;
    while (j < nrev && month_of_day(rev->v[j].date) < r->per.first)
        j++;
    mpq_t running;
    mpq_init(running);
    int month = 0;
    credit_line shown;
    for (size_t i = 0; i < pe->nlines || (j < nrev && month_of_day(rev->v[j].date) <= r->per.last);) {
        const credit_line *l = NULL;
        day_t reversal = 0;
        while (i < pe->nlines && !report_in_period(r, r->c->lines[pe->lines[i]].deal))
            i++;
        int take_rev = j < nrev && month_of_day(rev->v[j].date) <= r->per.last &&
                       (i == pe->nlines || !before_reversal(r, &r->c->lines[pe->lines[i]], &rev->v[j]));
        if (take_rev) {
            const walk_line *v = &rev->v[j++];
            shown = (credit_line){.deal = v->deal, .campaign = v->campaign,
                                  .role = (credit_role)v->role};
            mpq_init(shown.credit);
            mpq_set(shown.credit, v->credit);
            l = &shown;
            reversal = v->date;
        } else if (i < pe->nlines) {
            l = &r->c->lines[pe->lines[i++]];
        } else {
            break;
        }
        int m = reversal ? month_of_day(reversal) : r->b->deals[l->deal].month;
        const component *k = &pe->month_role[m]->components[ki];
        if (m != month) {
            if (w != WINDOW_YEAR && (month == 0 || window_start(w, m) != window_start(w, month))) {
                sb_puts(sb, "    window ");
                put_window(sb, r, w, m);
                sb_puts(sb, ":\n");
            }
            month = m;
            earn_running_before(running, ce, k, m);
        }
        put_marginal_line(sb, k, ce->month_limits[m], running, l, r, reversal);
        mpq_add(running, running, l->credit);
        if (reversal)
            mpq_clear(shown.credit);
    }
    mpq_clear(running);
}

static void put_commission(strbuf *sb, const report_ctx *r, const payee_earnings *pe, size_t ki,
                           const component_earnings *ce)
{
    int last = r->per.last;
    const component *k = &pe->month_role[last]->components[ki];  /* the version in force */
    sb_printf(sb, "  %s, ", k->retroactive ? "retroactive" : "marginal");
    if (k->window != WINDOW_YEAR)
        sb_printf(sb, "%s window, ", attain_window_name(k->window));
    sb_puts(sb, "tiers:");
    for (size_t i = 0; i < k->ntiers; i++) {
        sb_puts(sb, i ? "; " : " ");
        put_tier_range(sb, k, ce->month_limits[last], i, r->grouped);
        if (k->tiers[i].table) {
            sb_printf(sb, " at rate table %s", k->tiers[i].table->id);
            continue;
        }
        sb_puts(sb, " at ");
        put_rate(sb, k->tiers[i].rate);
    }
    put_mechanics(sb, k, r->grouped);
    if (k->has_cap) {
        sb_puts(sb, "; cap ");
        put_exact(sb, r->grouped, k->cap);
    }
    sb_putc(sb, '\n');
    report_commission_walk(sb, r, pe, ki);
}

void report_commission_walk(strbuf *sb, const report_ctx *r, const payee_earnings *pe, size_t ki)
{
    const component_earnings *ce = &pe->comp[ki];
    int last = r->per.last;
    const component *k = &pe->month_role[last]->components[ki];
    if (!k->retroactive) {
        put_marginal_walk(sb, r, pe, ki, ce);
    } else {
        size_t t = tier_for_total(k, ce->month_limits[last], ce->W[last]);
        if (k->window == WINDOW_YEAR) {
            sb_puts(sb, "    credit year to date ");
        } else {
            sb_puts(sb, "    credit of window ");
            put_window(sb, r, k->window, last);
            sb_putc(sb, ' ');
        }
        put_exact(sb, r->grouped, ce->W[last]);
        sb_printf(sb, " falls in tier %zu: all of it earns ", t + 1);
        put_rate(sb, k->tiers[t].rate);
        sb_putc(sb, '\n');
    }
    if (k->has_cap && mpq_equal(ce->E[last], k->cap))
        sb_puts(sb, "    cap reached: earnings year to date are held at the cap\n");
}

static void put_spif(strbuf *sb, const report_ctx *r, const component *k,
                     const component_earnings *ce)
{
    char from[11], to[11];
    date_format(k->from, from);
    date_format(k->to, to);
    sb_puts(sb, "  spif: ");
    put_exact(sb, r->grouped, k->pay);
    sb_printf(sb, " per qualifying deal closed %s to %s", from, to);
    if (k->when)
        sb_printf(sb, " where %s", expr_source(k->when));
    sb_putc(sb, '\n');
    for (size_t i = 0; i < ce->nspif_deals; i++)
        if (report_in_period(r, ce->spif_deals[i]))
            sb_printf(sb, "    %s qualifies\n", r->b->deals[ce->spif_deals[i]].id);
}

void report_payable(mpz_t out, const report_ctx *r, size_t s, size_t k)
{
    paid_payable_period(out, r->paid, r->e, s, k, r->per.first, r->per.last);
}

void report_period_payout(mpz_t out, const report_ctx *r, size_t s, size_t k)
{
    const component_earnings *ce = &r->e->v[s].comp[k];
    mpz_sub(out, ce->R[r->per.last], ce->R[r->per.first - 1]);
}

void report_trueup(mpz_t out, const report_ctx *r, size_t s, size_t k)
{
    mpz_t payout;
    mpz_init(payout);
    report_payable(out, r, s, k);
    report_period_payout(payout, r, s, k);
    mpz_sub(out, out, payout);  /* R(first-1) - paid through first-1 */
    mpz_clear(payout);
}

int report_trueup_next(const report_ctx *r, size_t s, size_t k, int *j, period *span, mpz_t paid,
                       mpz_t owed)
{
    const component_earnings *ce = &r->e->v[s].comp[k];
    for (int last; *j < r->per.first; *j = last + 1) {
        /* A paid row covers months j..last (none: j alone); rows never straddle the period. */
        last = paid_row_last(r->paid, s, k, *j);
        if (last < *j)
            last = *j;
        paid_in_month(paid, r->paid, r->e, s, k, last);
        mpz_sub(owed, ce->R[last], ce->R[*j - 1]);
        if (mpz_cmp(paid, owed) == 0)
            continue;
        if (period_make(span, r->per.year, *j, last) != 0)
            *span = (period){r->per.year, *j, *j, PERIOD_MONTH};  /* not reached: rows are periods */
        *j = last + 1;
        return 1;
    }
    return 0;
}

/* A difference with its sign always shown: "+12.00", "-3.00". */
static void put_signed_minor(strbuf *sb, const report_ctx *r, const mpz_t v)
{
    if (mpz_sgn(v) >= 0)
        sb_putc(sb, '+');
    put_money(sb, r, v);
}

/* The months (or paid periods) before the reported period paid otherwise than the ledger
   computes now, and the payable amount. */
static void put_adjustment(strbuf *sb, const report_ctx *r, size_t s, size_t k, const mpz_t payout,
                           const mpz_t adjust)
{
    mpz_t paid, owed, diff;
    mpz_inits(paid, owed, diff, NULL);
    sb_puts(sb, "    prior-period adjustment: ");
    put_signed_minor(sb, r, adjust);
    sb_putc(sb, '\n');
    period span;
    for (int j = 1; report_trueup_next(r, s, k, &j, &span, paid, owed);) {
        char text[PERIOD_TEXT_SIZE];
        mpz_sub(diff, owed, paid);
        period_format(&span, text);
        sb_printf(sb, "      %s: paid ", text);
        put_money(sb, r, paid);
        sb_puts(sb, ", computed now ");
        put_money(sb, r, owed);
        sb_puts(sb, ", difference ");
        put_signed_minor(sb, r, diff);
        sb_putc(sb, '\n');
    }
    sb_puts(sb, "    payable: ");
    put_money(sb, r, payout);
    sb_puts(sb, mpz_sgn(adjust) < 0 ? " - " : " + ");
    mpz_abs(diff, adjust);
    put_money(sb, r, diff);
    mpz_add(diff, payout, adjust);
    sb_puts(sb, " = ");
    put_money(sb, r, diff);
    sb_putc(sb, '\n');
    mpz_clears(paid, owed, diff, NULL);
}

/* Change of a cumulative series over the period: v[last] - v[first - 1]. */
static void period_change(mpq_t out, const report_ctx *r, mpq_t const *v)
{
    mpq_sub(out, v[r->per.last], v[r->per.first - 1]);
}

/* The pay mechanics' lines: earned, clawed back, held, released, adjustments; or the draw. */
void report_flow_figures(flow_figures *f, const report_ctx *r, const payee_earnings *pe, size_t k)
{
    const component_earnings *ce = &pe->comp[k];
    const component_flows *fl = ce->flows;
    int last = r->per.last, before = r->per.first - 1;
    mpq_inits(f->earned, f->clawback, f->released, f->held, f->held_before, f->adjusted, NULL);
    mpz_inits(f->draw_paid, f->draw_recovered, NULL);
    f->draw = pe->role->components[k].kind == COMP_DRAW;
    f->holds = 0;
    period_change(f->adjusted, r, (mpq_t const *)fl->adjusted);
    if (f->draw) {
        mpz_sub(f->draw_paid, fl->draw_paid[last], fl->draw_paid[before]);
        mpz_sub(f->draw_recovered, fl->draw_recovered[last], fl->draw_recovered[before]);
        return;
    }
    period_change(f->earned, r, (mpq_t const *)ce->E);
    period_change(f->released, r, (mpq_t const *)fl->released);
    period_change(f->clawback, r, (mpq_t const *)fl->clawback);
    mpq_sub(f->earned, f->earned, f->clawback);
    mpq_sub(f->held, ce->E[last], fl->released[last]);
    mpq_sub(f->held_before, ce->E[before], fl->released[before]);
    /* Released is worth showing once anything was held at the end of a month of the year. */
    for (int j = 1; j <= last && !f->holds; j++)
        f->holds = !mpq_equal(ce->E[j], fl->released[j]);
}

void report_flow_figures_clear(flow_figures *f)
{
    mpq_clears(f->earned, f->clawback, f->released, f->held, f->held_before, f->adjusted, NULL);
    mpz_clears(f->draw_paid, f->draw_recovered, NULL);
}

int report_adjustment_in_period(const report_ctx *r, const payee_earnings *pe, size_t k,
                                const adjustment *a)
{
    return a->month >= r->per.first && a->month <= r->per.last &&
           strcmp(a->component_id, pe->role->components[k].id) == 0;
}

/* Each adjustments.csv row of the period for component k, a line each. */
static void put_adjustment_lines(strbuf *sb, const report_ctx *r, const payee_earnings *pe,
                                 size_t k)
{
    size_t n;
    const adjustment *adj = batch_adjustments(r->b, pe->payee, &n);
    for (size_t i = 0; i < n; i++) {
        if (!report_adjustment_in_period(r, pe, k, &adj[i]))
            continue;
        sb_printf(sb, "\n    adjustment %04d-%02d: ", adj[i].year, adj[i].month);
        if (mpq_sgn(adj[i].amount) > 0)
            sb_putc(sb, '+');
        put_exact(sb, r->grouped, adj[i].amount);
        sb_printf(sb, " (%s; approved by %s)", adj[i].reason, adj[i].approved_by);
    }
}

/* The pay mechanics' lines: earned, clawed back, held, released, adjustments; or the draw. */
static void put_flows(strbuf *sb, const report_ctx *r, size_t s, size_t k)
{
    const payee_earnings *pe = &r->e->v[s];
    const component_flows *fl = pe->comp[k].flows;
    const char *word = period_word(&r->per);
    flow_figures f;
    report_flow_figures(&f, r, pe, k);
    if (f.draw) {
        sb_printf(sb, "    draw paid this %s: ", word);
        put_money(sb, r, f.draw_paid);
        sb_printf(sb, "\n    draw recovered this %s: ", word);
        put_money(sb, r, f.draw_recovered);
        put_adjustment_lines(sb, r, pe, k);
        if (mpq_sgn(f.adjusted) != 0) {
            mpq_add(f.held, fl->released[r->per.last], fl->adjusted[r->per.last]);
            sb_printf(sb, "\n    draw and adjustments through this %s: ", word);
            report_exact_rounded(sb, r, f.held);
        }
        sb_putc(sb, '\n');
        report_flow_figures_clear(&f);
        return;
    }
    sb_printf(sb, "    earned this %s: ", word);
    put_exact(sb, r->grouped, f.earned);
    if (mpq_sgn(f.clawback) != 0) {
        sb_printf(sb, "\n    clawed back this %s: ", word);
        put_exact(sb, r->grouped, f.clawback);
    }
    if (f.holds) {
        sb_printf(sb, "\n    released this %s: ", word);
        put_exact(sb, r->grouped, f.released);
        sb_puts(sb, "\n    held at the end of it (awaiting payment): ");
        put_exact(sb, r->grouped, f.held);
    }
    put_adjustment_lines(sb, r, pe, k);
    mpq_add(f.held, fl->released[r->per.last], fl->adjusted[r->per.last]);
    sb_printf(sb, "\n    released and adjusted through this %s: ", word);
    report_exact_rounded(sb, r, f.held);
    sb_putc(sb, '\n');
    report_flow_figures_clear(&f);
}

const char *component_kind_name(component_kind k)
{
    static const char *const name[] = {"commission", "spif", "bonus", "curve", "draw"};
    return name[k];
}

/* Bonuses, pay curves and draws: what the plan says, then the figures (put_flows, payout). */
static void put_other(strbuf *sb, const report_ctx *r, const payee_earnings *pe, size_t k)
{
    const component *cp = &pe->month_role[r->per.last]->components[k];
    if (cp->kind == COMP_BONUS) {
        sb_printf(sb, "  %s window; levels:", attain_window_name(cp->window));
        for (size_t i = 0; i < cp->nlevels; i++) {
            sb_puts(sb, i ? "; " : " ");
            put_rate(sb, cp->levels[i].attainment);
            sb_puts(sb, " pays ");
            put_exact(sb, r->grouped, cp->levels[i].pay);
        }
    } else if (cp->kind == COMP_CURVE) {
        sb_printf(sb, "  %s window; target ", attain_window_name(cp->window));
        put_exact(sb, r->grouped, cp->target);
        sb_puts(sb, " a year; curve:");
        for (size_t i = 0; i < cp->npoints; i++) {
            sb_puts(sb, i ? "; " : " ");
            put_rate(sb, cp->points[i].attainment);
            sb_puts(sb, " -> ");
            put_rate(sb, cp->points[i].payout);
        }
        if (cp->extend)
            sb_puts(sb, "; extended beyond the last point");
    } else {
        sb_puts(sb, "  a guaranteed minimum of ");
        put_exact(sb, r->grouped, cp->draw_amount);
        sb_printf(sb, " a month, %s", cp->recoverable ? "recoverable" : "not recoverable");
        if (cp->has_recovery_limit) {
            sb_puts(sb, " (at most ");
            put_exact(sb, r->grouped, cp->recovery_limit);
            sb_puts(sb, " a month)");
        }
        if (cp->has_forgive) {
            char d[11];
            date_format(cp->forgive, d);
            sb_printf(sb, "; the balance is forgiven on %s", d);
        }
    }
    sb_putc(sb, '\n');
}

/*
 * Year to date before and after, and the payout: R(last) - R(first-1), then any
 * true-up.  For a month: "earned through previous month", "earned through this month".
 */
void report_payout_block(strbuf *sb, const report_ctx *r, size_t s, size_t k, mpz_t pay)
{
    const component_earnings *ce = &r->e->v[s].comp[k];
    int before = r->per.first - 1, last = r->per.last;
    const char *word = period_word(&r->per);
    mpz_t payout, adjust;
    mpz_inits(payout, adjust, NULL);
    if (ce->flows)
        put_flows(sb, r, s, k);
    sb_printf(sb, "    earned through previous %s: ", word);
    report_exact_rounded(sb, r, ce->E[before]);
    sb_printf(sb, "\n    earned through this %s:     ", word);
    report_exact_rounded(sb, r, ce->E[last]);
    report_period_payout(payout, r, s, k);
    sb_puts(sb, "\n    payout: ");
    put_money(sb, r, ce->R[last]);
    sb_puts(sb, " - ");
    put_money(sb, r, ce->R[before]);
    sb_puts(sb, " = ");
    put_money(sb, r, payout);
    sb_putc(sb, '\n');
    report_payable(pay, r, s, k);
    report_trueup(adjust, r, s, k);
    if (mpz_sgn(adjust) != 0)
        put_adjustment(sb, r, s, k, payout, adjust);
    sb_putc(sb, '\n');
    mpz_clears(payout, adjust, NULL);
}

void report_statement(strbuf *sb, const report_ctx *r, size_t s)
{
    const payee_earnings *pe = &r->e->v[s];
    put_header(sb, r, pe);
    put_credit_lines(sb, r, pe);
    mpz_t pay, total;
    mpz_inits(pay, total, NULL);
    for (size_t k = 0; k < pe->role->ncomponents; k++) {
        const component *cp = &pe->role->components[k];
        const component_earnings *ce = &pe->comp[k];
        sb_printf(sb, "COMPONENT %s (%s)\n", cp->id, component_kind_name(cp->kind));
        if (cp->kind == COMP_COMMISSION)
            put_commission(sb, r, pe, k, ce);
        else if (cp->kind == COMP_SPIF)
            put_spif(sb, r, &pe->month_role[r->per.last]->components[k], ce);
        else
            put_other(sb, r, pe, k);
        report_payout_block(sb, r, s, k, pay);
        mpz_add(total, total, pay);
    }
    sb_puts(sb, "TOTAL PAYABLE FOR ");
    put_period(sb, r);
    sb_puts(sb, ": ");
    put_money(sb, r, total);
    sb_printf(sb, " %s\n", r->p->currency);
    mpz_clears(pay, total, NULL);
}

void report_rate(strbuf *sb, const mpq_t rate)
{
    put_rate(sb, rate);
}

void report_tier_range(strbuf *sb, const component *k, mpq_t *const limits, size_t i,
                       int grouped)
{
    put_tier_range(sb, k, limits, i, grouped);
}

typedef struct tier_rows {
    strbuf *sb;
    const char *indent;
    const component *k;
    mpq_t *limits;
    int grouped;
} tier_rows;

/* "tier 2 (300000 to 600000): 5000 x 8% = 400", naming the tier's rate table if it has one. */
static void put_tier_part(void *ctx, const tier_part *p)
{
    const tier_rows *t = ctx;
    const tier *ti = &t->k->tiers[p->tier];
    sb_puts(t->sb, t->indent);
    sb_puts(t->sb, "tier ");
    put_count(t->sb, p->tier + 1);
    sb_puts(t->sb, " (");
    put_tier_range(t->sb, t->k, t->limits, p->tier, t->grouped);
    sb_puts(t->sb, "): ");
    put_exact(t->sb, t->grouped, p->credit);
    sb_puts(t->sb, " x ");
    put_rate(t->sb, *p->rate);
    if (ti->table) {
        sb_puts(t->sb, " (rate table ");
        sb_puts(t->sb, ti->table->id);
        sb_putc(t->sb, ')');
    }
    sb_puts(t->sb, " = ");
    put_exact(t->sb, t->grouped, p->earned);
    sb_putc(t->sb, '\n');
}

void report_tier_walk(strbuf *sb, const char *indent, mpq_t earned, const component *k,
                      mpq_t *const limits, const mpq_t before, const credit_line *l,
                      const batch *b, int grouped)
{
    tier_rows rows = {sb, indent, k, limits, grouped};
    /* No row of a rate table: the run failed before any statement, so every part has a rate. */
    tier_line_parts(earned, k, limits, before, l->credit, NULL, b, l->deal, put_tier_part, &rows);
}

/* ---- ledger.csv ------------------------------------------------------------- */

static void ledger_row(strbuf *out, const report_ctx *r, const payee_earnings *pe, size_t k,
                       const char *kind)
{
    put_period(out, r);
    sb_putc(out, ',');
    sb_put_csv_field(out, r->b->payees[pe->payee].id);
    sb_putc(out, ',');
    sb_put_csv_field(out, pe->role->id);
    sb_putc(out, ',');
    sb_put_csv_field(out, pe->role->components[k].id);
    sb_printf(out, ",%s,", kind);
}

/* A row of an exact amount, unless it is 0. */
static void ledger_exact(strbuf *out, const report_ctx *r, const payee_earnings *pe, size_t k,
                         const char *kind, const mpq_t v)
{
    if (mpq_sgn(v) == 0)
        return;
    ledger_row(out, r, pe, k, kind);
    money_format_exact(out, v);
    sb_puts(out, ",,\n");
}

static void ledger_minor(strbuf *out, const report_ctx *r, const payee_earnings *pe, size_t k,
                         const char *kind, const mpz_t v)
{
    if (mpz_sgn(v) == 0)
        return;
    ledger_row(out, r, pe, k, kind);
    put_minor(out, r, v);
    sb_puts(out, ",,\n");
}

/* One row per adjustments.csv row of the period for component k, with its reason. */
static void ledger_adjustments(strbuf *out, const report_ctx *r, const payee_earnings *pe,
                               size_t k)
{
    size_t n;
    const adjustment *adj = batch_adjustments(r->b, pe->payee, &n);
    for (size_t i = 0; i < n; i++) {
        if (!report_adjustment_in_period(r, pe, k, &adj[i]))
            continue;
        ledger_row(out, r, pe, k, "adjustment");
        money_format_exact(out, adj[i].amount);
        sb_putc(out, ',');
        sb_put_csv_field(out, adj[i].reason);
        sb_putc(out, ',');
        sb_put_csv_field(out, adj[i].approved_by);
        sb_putc(out, '\n');
    }
}

/* Kinds in file-formats.md's order: earned, clawback, released, held, adjustment, then the
   draw's paid and recovered. */
static void ledger_component(strbuf *out, const report_ctx *r, const payee_earnings *pe, size_t k)
{
    flow_figures f;
    report_flow_figures(&f, r, pe, k);
    if (!f.draw) {
        ledger_exact(out, r, pe, k, "earned", f.earned);
        ledger_exact(out, r, pe, k, "clawback", f.clawback);
        if (f.holds)
            ledger_exact(out, r, pe, k, "released", f.released);
        ledger_exact(out, r, pe, k, "held", f.held);
    }
    ledger_adjustments(out, r, pe, k);
    if (f.draw) {
        ledger_minor(out, r, pe, k, "draw-paid", f.draw_paid);
        ledger_minor(out, r, pe, k, "draw-recovered", f.draw_recovered);
    }
    report_flow_figures_clear(&f);
}

void report_ledger(strbuf *out, const report_ctx *r)
{
    sb_puts(out, LEDGER_HEADER "\n");
    for (size_t s = 0; s < r->e->n; s++) {
        const payee_earnings *pe = &r->e->v[s];
        for (size_t k = 0; k < pe->role->ncomponents; k++)
            if (pe->comp[k].flows)
                ledger_component(out, r, pe, k);
    }
}
