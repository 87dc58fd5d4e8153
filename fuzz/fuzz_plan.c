/*
 * fuzz_plan.c - libFuzzer target for plan.h: plan_load_memory on any bytes,
 * with the loader's production options (it has no others: NONET and
 * BIG_LINES, no entity substitution, DTDs refused, the schema embedded).
 *
 * Invariants:
 *  - a plan, or at least one error: never a NULL plan with no error, never a
 *    plan with an error; every diagnostic names the file, its line is >= 0
 *    and not past the input's last line; the number of diagnostics is
 *    bounded by the elements the input can hold (no storm of messages);
 *  - a loaded plan is what the loader promises: a year in 1..9999, a known
 *    currency with its minor unit, a rounding mode, at least one split;
 *    shares, rates, weights, caps and pays non-negative and canonical;
 *    half-life >= 1 (7 unless time-decay); the fixed models' weights as in
 *    contract 3.2 and no weights on linear or time-decay; role ids unique,
 *    component ids unique within a role; every commission has tiers, all
 *    but the last with a limit, limits above zero and strictly increasing;
 *    a SPIF's from <= to;
 *  - every `when` binds to a header holding its columns and to no header
 *    lacking one; plan_find_role finds each role.
 */
#include "fuzz_common.h"

#include <gmp.h>

#include "plan.h"

#define NAME "plan.xml"

/* Contract 3.2's table: first, lead, opportunity, last, middle, as num/den (den 0: none). */
static const unsigned table[MODEL_CUSTOM][POS_COUNT][2] = {
    [MODEL_FIRST_TOUCH]   = {{1, 1}, {0, 0}, {0, 0}, {0, 0}, {0, 0}},
    [MODEL_LAST_TOUCH]    = {{0, 0}, {0, 0}, {0, 0}, {1, 1}, {0, 0}},
    [MODEL_LEAD_CREATION] = {{0, 0}, {1, 1}, {0, 0}, {0, 0}, {0, 0}},
    [MODEL_U_SHAPED]      = {{40, 100}, {0, 0}, {0, 0}, {40, 100}, {20, 100}},
    [MODEL_W_SHAPED]      = {{30, 100}, {30, 100}, {30, 100}, {0, 0}, {10, 100}},
    [MODEL_FULL_PATH]     = {{225, 1000}, {225, 1000}, {225, 1000}, {225, 1000}, {100, 1000}},
    [MODEL_J_SHAPED]      = {{20, 100}, {0, 0}, {0, 0}, {60, 100}, {20, 100}},
    [MODEL_INVERSE_J]     = {{60, 100}, {0, 0}, {0, 0}, {20, 100}, {20, 100}},
};

static void check_number(const mpq_t q, const char *what, long line)
{
    mpz_t g;
    mpz_init(g);
    mpz_gcd(g, mpq_numref(q), mpq_denref(q));
    CHECK(mpz_sgn(mpq_denref(q)) > 0 && mpz_cmp_ui(g, 1) == 0, "%s at line %ld is not canonical", what, line);
    CHECK(mpq_sgn(q) >= 0, "%s at line %ld is below zero", what, line);
    mpz_clear(g);
}

/*
 * A bound on the input's lines: every LF and CR may end one (also as a byte
 * of UTF-16), and so may EBCDIC's LF and NL (0x25, 0x15), which libxml2
 * decodes to line ends; the last line may have no end.
 */
static long max_line(const uint8_t *data, size_t size)
{
    long n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n' || data[i] == '\r' || data[i] == 0x25 || data[i] == 0x15;
    return n;
}

/* Header names: every column the plan's expressions use. */
typedef struct names {
    const char **v;
    size_t n, cap;
} names;

static void names_add(names *h, const char *name)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 16;
        h->v = realloc(h->v, h->cap * sizeof *h->v);
    }
    h->v[h->n++] = name;
}

static void names_add_expr(names *h, const expr *e)
{
    if (!e)
        return;
    CHECK(expr_source(e) && expr_source(e)[0], "a when without source");
    for (size_t i = 0; i < expr_column_count(e); i++)
        names_add(h, expr_column_name(e, i));
}

static void check_split(const split *s)
{
    long line = s->line;
    CHECK(line >= 1, "split without a line");
    if (s->has_closer)
        check_number(s->closer_share, "closer share", line);
    else
        CHECK(mpq_sgn(s->closer_share) == 0, "closer share without <closer>");
    if (!s->has_marketing) {
        CHECK(mpq_sgn(s->marketing_share) == 0, "marketing share without <marketing>");
        return;
    }
    check_number(s->marketing_share, "marketing share", line);
    CHECK((unsigned)s->model <= MODEL_CUSTOM, "model %d", (int)s->model);
    CHECK(strcmp(attribution_model_name(s->model), "?") != 0, "model without a name");
    CHECK(s->half_life >= 1, "half-life %ld", s->half_life);
    if (s->model != MODEL_TIME_DECAY)
        CHECK(s->half_life == 7, "half-life %ld on %s", s->half_life, attribution_model_name(s->model));
    int any = 0;
    for (int i = 0; i < POS_COUNT; i++) {
        check_number(s->weight[i], "weight", line);
        any |= mpq_sgn(s->weight[i]) != 0;
    }
    if (s->model == MODEL_LINEAR || s->model == MODEL_TIME_DECAY) {
        CHECK(!any, "weights on %s", attribution_model_name(s->model));
    } else if (s->model != MODEL_CUSTOM) {
        mpq_t w;
        mpq_init(w);
        for (int i = 0; i < POS_COUNT; i++) {
            const unsigned *t = table[s->model][i];
            if (t[1])
                mpq_set_ui(w, t[0], t[1]);
            else
                mpq_set_ui(w, 0, 1);
            mpq_canonicalize(w);
            CHECK(mpq_equal(w, s->weight[i]), "%s: weight %d is not the contract's",
                  attribution_model_name(s->model), i);
        }
        mpq_clear(w);
    }
}

static void check_component(const plan *p, const role *r, size_t k)
{
    const component *c = &r->components[k];
    CHECK(c->id && c->line >= 1, "component without id or line");
    for (size_t j = 0; j < k; j++)
        CHECK(strcmp(r->components[j].id, c->id) != 0, "duplicate component id '%s' accepted", c->id);
    if (c->kind == COMP_SPIF) {
        check_number(c->pay, "spif pay", c->line);
        CHECK(c->from <= c->to, "spif from after to");
        CHECK(c->ntiers == 0, "spif with tiers");
        return;
    }
    if (c->kind == COMP_BONUS) {
        CHECK(c->nlevels >= 1, "bonus '%s' without levels", c->id);
        for (size_t i = 0; i < c->nlevels; i++) {
            check_number(c->levels[i].pay, "level pay", c->levels[i].line);
            CHECK(mpq_sgn(c->levels[i].attainment) > 0, "level at attainment 0");
            if (i > 0)
                CHECK(mpq_cmp(c->levels[i].attainment, c->levels[i - 1].attainment) > 0,
                      "levels of '%s' not increasing", c->id);
        }
        return;
    }
    if (c->kind == COMP_CURVE) {
        CHECK(c->npoints >= 2, "curve '%s' with %zu points", c->id, c->npoints);
        CHECK(mpq_sgn(c->points[0].attainment) == 0, "curve '%s' not starting at 0", c->id);
        check_number(c->target, "curve target", c->line);
        for (size_t i = 1; i < c->npoints; i++)
            CHECK(mpq_cmp(c->points[i].attainment, c->points[i - 1].attainment) > 0,
                  "points of '%s' not increasing", c->id);
        return;
    }
    if (c->kind == COMP_DRAW) {
        check_number(c->draw_amount, "draw amount", c->line);
        CHECK(c->recoverable || (!c->has_recovery_limit && !c->has_forgive),
              "draw '%s': limit or forgive without recoverable", c->id);
        return;
    }
    CHECK(c->kind == COMP_COMMISSION, "component kind %d", (int)c->kind);
    CHECK(c->ntiers >= 1 && c->tiers, "commission '%s' without tiers", c->id);
    if (c->has_cap)
        check_number(c->cap, "cap", c->line);
    if (c->has_deal_cap && c->has_deal_floor)
        CHECK(mpq_cmp(c->deal_floor, c->deal_cap) <= 0, "deal floor above deal cap in '%s'", c->id);
    CHECK(!c->when, "commission with a when");
    for (size_t i = 0; i < c->ntiers; i++) {
        const tier *t = &c->tiers[i];
        check_number(t->rate, "rate", t->line);
        CHECK(!t->table || plan_find_table(p, t->table->id) == t->table,
              "tier of '%s' names a table the plan does not hold", c->id);
        if (i + 1 == c->ntiers) {
            CHECK(!t->has_upto, "last tier with upto");
            continue;
        }
        CHECK(t->has_upto, "tier %zu of '%s' without upto", i, c->id);
        check_number(t->upto, "upto", t->line);
        CHECK(mpq_sgn(t->upto) > 0, "tier limit zero");
        if (i > 0)
            CHECK(mpq_cmp(t->upto, c->tiers[i - 1].upto) > 0, "tier limits of '%s' not increasing",
                  c->id);
    }
    (void)p;
}

static void check_plan(const plan *p)
{
    CHECK(p->file && strcmp(p->file, NAME) == 0, "plan file name");
    CHECK(p->id, "plan without id");
    CHECK(p->year >= 1 && p->year <= 9999, "year %d", p->year);
    CHECK(strlen(p->currency) == 3, "currency '%s'", p->currency);
    int mu = currency_minor_unit(p->currency);
    CHECK(mu >= 0 && (unsigned)mu == p->minor_unit, "minor unit %u for %s", p->minor_unit, p->currency);
    CHECK((unsigned)p->rounding <= ROUND_UP, "rounding %d", (int)p->rounding);
    CHECK(p->nsplits >= 1 && p->splits, "no split");

    names h = {0};
    for (size_t i = 0; i < p->nsplits; i++) {
        check_split(&p->splits[i]);
        names_add_expr(&h, p->splits[i].when);
    }
    for (size_t i = 0; i < p->nroles; i++) {
        const role *r = &p->roles[i];
        CHECK(r->id && r->line >= 1, "role without id or line");
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(p->roles[j].id, r->id) != 0, "duplicate role id '%s' accepted", r->id);
        CHECK(plan_find_role(p, r->id) == r, "plan_find_role('%s')", r->id);
        for (size_t k = 0; k < r->ncomponents; k++) {
            check_component(p, r, k);
            names_add_expr(&h, r->components[k].when);
        }
    }

    for (size_t t = 0; t < p->ntables; t++)  /* rate tables read deals.csv columns too */
        for (size_t f = 0; f < p->tables[t].nfields; f++)
            names_add(&h, p->tables[t].fields[f]);

    /* Binding: a header with every column binds; an empty one only if no column is used. */
    diag d;
    diag_init(&d);
    int rc = plan_bind((plan *)p, h.v, h.n, &d);
    CHECK(rc == 0 && d.errors == 0, "the plan does not bind to its own columns");
    diag_free(&d);
    diag_init(&d);
    static const char *const none[] = {"?"};
    rc = plan_bind((plan *)p, none, 1, &d);
    CHECK((rc < 0) == (h.n > 0) && (d.errors > 0) == (h.n > 0), "binding to an empty header: %d", rc);
    diag_free(&d);
    free(h.v);
}

/*
 * A bound on the diagnostics a plan of this size deserves: a few per
 * element (a '<' in ASCII, UTF-8 or UTF-16, or EBCDIC's 0x4C), plus the
 * loader's 100 XML messages and its "too many" line.
 */
static size_t max_diagnostics(const uint8_t *data, size_t size)
{
    size_t elements = 1;
    for (size_t i = 0; i < size; i++)
        elements += data[i] == '<' || data[i] == 0x4C;
    return 8 * elements + 101;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d;
    diag_init(&d);
    plan *p = plan_load_memory((const char *)data, size, NAME, &d);
    long lines = max_line(data, size);
    CHECK(d.errors + d.warnings <= max_diagnostics(data, size), "%zu errors and %zu warnings from %zu bytes",
          d.errors, d.warnings, size);
    for (size_t i = 0; i < d.n; i++) {
        const diag_entry *e = &d.v[i];
        CHECK(e->file && strcmp(e->file, NAME) == 0,
              "diagnostic file '%s'", e->file ? e->file : "(null)");
        CHECK(e->line >= 0 && e->line <= lines, "diagnostic at line %ld of %ld: %s", e->line, lines, e->msg);
        CHECK(e->col >= 0 && e->msg && e->msg[0] && !strchr(e->msg, '\n'), "diagnostic text");
    }
    if (p) {
        CHECK(d.errors == 0, "a plan and %zu errors", d.errors);
        check_plan(p);
        plan_free(p);
    } else {
        CHECK(d.errors >= 1, "no plan and no error");
    }
    diag_free(&d);
    return 0;
}
