/*
 * lint.c - `truce check`'s warnings about legal but suspicious plans.
 *
 * Each check is one small function over the loaded plan (and the roster,
 * for the checks about who holds a role); all of them only read, and each
 * problem is one located warning, so check lists them with the errors.
 * The rules are deliberately conservative: a warning must point at
 * something a designer would change, never at a plan that is merely unusual.
 */
#include "lint.h"
#include "money.h"
#include "payments.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Every split after one without `when` is unreachable: the first split that holds wins. */
static size_t lint_unreachable_splits(const plan *p, diag *d)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nsplits; i++) {
        if (p->splits[i].when)
            continue;
        for (size_t j = i + 1; j < p->nsplits; j++, n++)
            diag_warn(d, p->file, p->splits[j].line, 0,
                      "split can never apply: the split at line %ld (no when) always applies first",
                      p->splits[i].line);
        break;
    }
    return n;
}

/*
 * Closer and marketing shares above 100% pay more credit than the deal is
 * worth.  <overlay> shares are not counted: an overlay is declared double
 * credit, paid on top by design.
 */
static size_t lint_split_shares(const plan *p, diag *d)
{
    size_t n = 0;
    mpq_t sum;
    mpq_init(sum);
    for (size_t i = 0; i < p->nsplits; i++) {
        const split *sp = &p->splits[i];
        mpq_set_ui(sum, 0, 1);
        if (sp->has_closer)
            mpq_add(sum, sum, sp->closer_share);
        if (sp->has_marketing)
            mpq_add(sum, sum, sp->marketing_share);
        if (sp->overlay || mpq_cmp_ui(sum, 1, 1) <= 0)
            continue;
        strbuf sb = STRBUF_INIT;
        mpz_mul_ui(mpq_numref(sum), mpq_numref(sum), 100);  /* as a percentage, exactly */
        mpq_canonicalize(sum);
        money_format_exact(&sb, sum);
        diag_warn(d, p->file, sp->line, 0,
                  "split shares add up to %s%%, more than the deal, and it is not overlay=\"true\"%s",
                  sb.p, sp->noverlays ? " (its <overlay> shares, double credit by design, are not counted)" : "");
        sb_free(&sb);
        n++;
    }
    mpq_clear(sum);
    return n;
}

/*
 * An overlay or a rollup naming a role the plan does not have credits payees
 * who earn nothing from it; a share of 0 credits nothing at all.
 */
static size_t lint_overlays_rollups(const plan *p, diag *d)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nsplits; i++)
        for (size_t j = 0; j < p->splits[i].noverlays; j++) {
            const overlay_share *o = &p->splits[i].overlays[j];
            if (!plan_find_role(p, o->role)) {
                diag_warn(d, p->file, o->line, 0,
                          "overlay role '%s' is not a role of the plan, so its overlay credit earns nothing",
                          o->role);
                n++;
            }
            if (mpq_sgn(o->share) == 0) {
                diag_warn(d, p->file, o->line, 0,
                          "overlay share for role '%s' is 0, so it credits nothing", o->role);
                n++;
            }
        }
    for (size_t i = 0; i < p->nrollups; i++) {
        const rollup *r = &p->rollups[i];
        if (!plan_find_role(p, r->role)) {
            diag_warn(d, p->file, r->line, 0,
                      "rollup role '%s' is not a role of the plan, so its roll-up credit earns nothing",
                      r->role);
            n++;
        }
        if (mpq_sgn(r->share) == 0) {
            diag_warn(d, p->file, r->line, 0,
                      "rollup share for role '%s' is 0, so it credits nothing", r->role);
            n++;
        }
    }
    return n;
}

/* How many roster payees hold role id; *first gets the first one's index (-1: none). */
static size_t holders(const batch *b, const char *id, long *first)
{
    size_t n = 0;
    *first = -1;
    for (size_t i = 0; i < b->npayees; i++)
        if (strcmp(b->payees[i].role, id) == 0 && n++ == 0)
            *first = (long)i;
    return n;
}

/* A role nobody holds is dead plan text; a held role without components pays nothing. */
static size_t lint_roles(const plan *p, const batch *b, diag *d)
{
    size_t n = 0;
    for (size_t r = 0; r < p->nroles; r++) {
        long first;
        size_t held = holders(b, p->roles[r].id, &first);
        if (held == 0) {
            diag_warn(d, p->file, p->roles[r].line, 0, "role '%s' has no payees in %s",
                      p->roles[r].id, b->roster_csv.file);
            n++;
        } else if (p->roles[r].ncomponents == 0) {
            diag_warn(d, b->roster_csv.file, b->payees[first].line, 0,
                      "payee %s: role '%s' has no components, so %s earn%s nothing",
                      b->payees[first].id, p->roles[r].id,
                      held == 1 ? "the payee" : "its payees", held == 1 ? "s" : "");
            n++;
        }
    }
    return n;
}

static void put_percent(strbuf *sb, const mpq_t q);

/* A rate above 1 pays more than the credit: usually "8" written for "8%" (a bare number is a
   fraction, so rate="8" pays 800%). */
static size_t lint_rate_over_100(const plan *p, const char *what, const char *id, long line,
                                 const mpq_t rate, diag *d)
{
    if (mpq_cmp_ui(rate, 1, 1) <= 0)
        return 0;
    strbuf as_written = STRBUF_INIT, pct = STRBUF_INIT;
    money_format_exact(&as_written, rate);
    put_percent(&pct, rate);
    diag_warn(d, p->file, line, 0, "%s '%s': rate %s%% is above 100%% (a bare number is a "
              "fraction: rate=\"%s\" pays %s%%; write rate=\"%s%%\" for %s%%)", what, id, pct.p,
              as_written.p, pct.p, as_written.p, as_written.p);
    sb_free(&as_written);
    sb_free(&pct);
    return 1;
}

/* Every tier rate of commission k above 100%. */
static size_t lint_tier_rates(const plan *p, const component *k, diag *d)
{
    size_t n = 0;
    for (size_t i = 0; i < k->ntiers; i++)
        if (!k->tiers[i].table)
            n += lint_rate_over_100(p, "commission", k->id, k->tiers[i].line, k->tiers[i].rate, d);
    return n;
}

/* Rates that fall as credit rises usually mean tiers written in the wrong order. */
static size_t lint_decelerating(const plan *p, const component *k, diag *d)
{
    size_t n = 0;
    for (size_t i = 1; i < k->ntiers; i++)
        if (!k->tiers[i].table && !k->tiers[i - 1].table &&   /* a table's rates vary by deal */
            mpq_cmp(k->tiers[i].rate, k->tiers[i - 1].rate) < 0) {
            diag_warn(d, p->file, k->tiers[i].line, 0,
                      "commission '%s': tier rate falls from the tier before (decelerating tiers)",
                      k->id);
            n++;
        }
    return n;
}

/*
 * A cap below what the first tier alone pays (its limit x its rate) makes
 * every later tier unreachable.  % limits depend on each holder's quota, so
 * the holders for whom it happens are counted and the first is named; in a
 * window shorter than the year, the quota is the annual one prorated by
 * months (quotas.csv may say otherwise: lint does not read it).
 */
static size_t lint_cap(const plan *p, const batch *b, const role *r, const component *k, diag *d)
{
    if (!k->has_cap || k->ntiers < 2 || !k->tiers[0].has_upto || k->tiers[0].table)
        return 0;
    mpq_t first;
    mpq_init(first);
    size_t n = 0;
    if (!k->upto_percent) {
        mpq_mul(first, k->tiers[0].upto, k->tiers[0].rate);
        if (mpq_cmp(k->cap, first) < 0)
            n = 1;
        if (n)
            diag_warn(d, p->file, k->line, 0,
                      "commission '%s': cap is below what the first tier pays, so no later tier is reached",
                      k->id);
    } else {
        long named = -1;
        for (size_t i = 0; i < b->npayees; i++) {
            if (strcmp(b->payees[i].role, r->id) != 0 || !b->payees[i].has_quota)
                continue;
            mpq_mul(first, k->tiers[0].upto, b->payees[i].quota);
            mpq_mul(first, first, k->tiers[0].rate);
            if (k->window != WINDOW_YEAR) {   /* % of the window's share of the annual quota */
                mpz_mul_ui(mpq_numref(first), mpq_numref(first), (unsigned long)window_months(k->window));
                mpz_mul_ui(mpq_denref(first), mpq_denref(first), 12);
                mpq_canonicalize(first);
            }
            if (mpq_cmp(k->cap, first) < 0 && n++ == 0)
                named = (long)i;
        }
        if (n)
            diag_warn(d, p->file, k->line, 0,
                      "commission '%s': cap is below what the first tier pays for %zu payee%s (first: %s)",
                      k->id, n, n == 1 ? "" : "s", b->payees[named].id);
        n = n > 0;
    }
    mpq_clear(first);
    return n;
}

/* A SPIF window reaching outside the plan year names days no in-scope deal closes on. */
static size_t lint_spif_window(const plan *p, const component *k, diag *d)
{
    int fy, ty, m, dd;
    date_to_ymd(k->from, &fy, &m, &dd);
    date_to_ymd(k->to, &ty, &m, &dd);
    if (fy == p->year && ty == p->year)
        return 0;
    diag_warn(d, p->file, k->line, 0, "spif '%s': its window reaches outside the plan year %d",
              k->id, p->year);
    return 1;
}

/* Appends q as an exact percentage ("1500"), for messages. */
static void put_percent(strbuf *sb, const mpq_t q)
{
    mpq_t pct;
    mpq_init(pct);
    mpq_set(pct, q);
    mpz_mul_ui(mpq_numref(pct), mpq_numref(pct), 100);
    mpq_canonicalize(pct);
    money_format_exact(sb, pct);
    mpq_clear(pct);
}

/* Attainments (and payouts) above 1000% are more likely a missing % sign than a plan. */
static size_t lint_over_1000(const plan *p, const component *k, const char *what, long line,
                             const mpq_t q, diag *d)
{
    if (mpq_cmp_ui(q, 10, 1) <= 0)
        return 0;
    strbuf sb = STRBUF_INIT;
    put_percent(&sb, q);
    diag_warn(d, p->file, line, 0, "%s '%s': %s %s%% is above 1000%% (a missing %% sign?)",
              k->kind == COMP_BONUS ? "bonus" : "curve", k->id, what, sb.p);
    sb_free(&sb);
    return 1;
}

/* A bonus level or curve point above 1000%. */
static size_t lint_levels_points(const plan *p, const component *k, diag *d)
{
    size_t n = 0;
    for (size_t i = 0; i < k->nlevels; i++)
        n += lint_over_1000(p, k, "level attainment", k->levels[i].line, k->levels[i].attainment, d);
    for (size_t i = 0; i < k->npoints; i++) {
        n += lint_over_1000(p, k, "point attainment", k->points[i].line, k->points[i].attainment, d);
        n += lint_over_1000(p, k, "point payout", k->points[i].line, k->points[i].payout, d);
    }
    return n;
}

/*
 * within-days="0" reads as "the same day only" but means no limit; a release
 * waiting for payments that the batch does not have holds everything.
 */
static size_t lint_pay_rules(const plan *p, const batch *b, const component *k, diag *d)
{
    size_t n = 0;
    if (k->clawback != CLAWBACK_NONE && k->has_within_days && k->within_days == 0) {
        diag_warn(d, p->file, k->clawback_line, 0,
                  "commission '%s': clawback within-days=\"0\" means no time limit (leave it out to say so)",
                  k->id);
        n++;
    }
    if (k->release != RELEASE_BOOKING && b && !batch_has_payments(b)) {
        diag_warn(d, p->file, k->line, 0,
                  "commission '%s': release=\"%s\" but the batch has no payments.csv, so all its earnings are held",
                  k->id, k->release == RELEASE_PAYMENT ? "payment" : "full-payment");
        n++;
    }
    return n;
}

/* A draw alone in its role pays in full every month and is never recovered. */
static size_t lint_draw(const plan *p, const role *r, const component *k, diag *d)
{
    size_t n = 0;
    if (r->ncomponents == 1) {
        diag_warn(d, p->file, k->line, 0,
                  "draw '%s': role '%s' has no other component, so the draw is paid in full every month%s",
                  k->id, r->id, k->recoverable ? " and never recovered" : "");
        n++;
    }
    int y, m, dd;
    if (k->has_forgive) {
        date_to_ymd(k->forgive, &y, &m, &dd);
        if (y != p->year) {
            char s[11];
            date_format(k->forgive, s);
            diag_warn(d, p->file, k->line, 0,
                      "draw '%s': forgive date %s is outside the plan year %d, so the balance is not forgiven this year",
                      k->id, s, p->year);
            n++;
        }
    }
    return n;
}

/* A rate table no tier names is dead plan text (or a tier names the wrong one). */
static size_t lint_rate_tables(const plan *p, diag *d)
{
    size_t n = 0;
    for (size_t t = 0; t < p->ntables; t++) {
        int used = 0;
        for (size_t r = 0; r < p->nroles && !used; r++)
            for (size_t c = 0; c < p->roles[r].ncomponents && !used; c++) {
                const component *k = &p->roles[r].components[c];
                for (size_t i = 0; i < k->ntiers && !used; i++)
                    used = k->tiers[i].table == &p->tables[t];
            }
        if (!used) {
            diag_warn(d, p->file, p->tables[t].line, 0, "rate table '%s' is used by no tier",
                      p->tables[t].id);
            n++;
        }
        const rate_table *rt = &p->tables[t];
        for (size_t i = 0; i < rt->nrows; i++)
            n += lint_rate_over_100(p, "rate table", rt->id, rt->rows[i].line, rt->rows[i].rate, d);
        if (rt->has_default)
            n += lint_rate_over_100(p, "rate table", rt->id, rt->line, rt->default_rate, d);
    }
    return n;
}

/* Every check on one plan; the roster checks on roles only when with_roles. */
static size_t lint_plan(const plan *p, const batch *b, int with_roles, diag *d)
{
    size_t n = lint_unreachable_splits(p, d) + lint_split_shares(p, d) + lint_overlays_rollups(p, d);
    if (with_roles)
        n += lint_roles(p, b, d);
    n += lint_rate_tables(p, d);
    for (size_t r = 0; r < p->nroles; r++)
        for (size_t c = 0; c < p->roles[r].ncomponents; c++) {
            const component *k = &p->roles[r].components[c];
            switch (k->kind) {
            case COMP_SPIF:
                n += lint_spif_window(p, k, d);
                break;
            case COMP_BONUS:
            case COMP_CURVE:
                n += lint_levels_points(p, k, d);
                break;
            case COMP_DRAW:
                n += lint_draw(p, &p->roles[r], k, d);
                break;
            default:
                n += lint_tier_rates(p, k, d) + lint_decelerating(p, k, d) +
                     lint_cap(p, b, &p->roles[r], k, d) + lint_pay_rules(p, b, k, d);
                break;
            }
        }
    return n;
}

size_t plan_lint(const plan *p, const batch *b, diag *d)
{
    return lint_plan(p, b, 1, d);
}

/*
 * Versions share their roles (planset checks it), so the roster checks on
 * roles run on the first version only; the rest run on every version.  A
 * version changing a commission's tiers or rates mid-window is legal (the
 * window's running total carries over) and is not warned about.
 */
size_t plan_set_lint(const plan_set *ps, const batch *b, diag *d)
{
    size_t n = 0;
    for (size_t i = 0; i < ps->n; i++)
        n += lint_plan(ps->v[i], b, i == 0, d);
    return n;
}
