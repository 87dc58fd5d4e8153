/*
 * test_plan_pay.c - issue 6's plan language (include/truce/plan.h): gates,
 * deal caps and floors, release, clawback policies, rate tables, bonuses,
 * pay curves and draws.  Every element and attribute loaded with its value
 * and its default, every loader error at its line, rate_table_lookup (first
 * match wins, "*", default, no match), plan_bind of table fields, the
 * version sameness checks on the new kinds, and the new lint warnings.
 *
 * Plans are given in memory: line 1 is <plan>, line 2 <credit>, so the
 * first line after them is 3.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "plan.h"
#include "planset.h"
#include "batch_fixture.h"

#define NAME "plan.xml"

#define HEAD "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
#define CREDIT "<credit><split><closer share=\"100%\"/></split></credit>\n"
#define TAIL "</plan>\n"
/* A whole plan: HEAD, CREDIT, then body (line 3 onward), then TAIL. */
#define PLAN(body) HEAD CREDIT body TAIL

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */
/* ------------------------------------------------------------------ */

static plan *load(const char *xml, diag *d)
{
    return plan_load_memory(xml, strlen(xml), NAME, d);
}

/* Asserts q == the rational s ("3/50", "5000"). */
static void assert_q(const mpq_t q, const char *s)
{
    mpq_t want;
    mpq_init(want);
    assert_int_equal(mpq_set_str(want, s, 10), 0);
    mpq_canonicalize(want);
    int eq = mpq_equal(q, want);
    if (!eq)
        gmp_fprintf(stderr, "got %Qd, want %Qd\n", q, want);
    mpq_clear(want);
    assert_true(eq);
}

/* Loads xml, which must succeed with no diagnostics at all. */
static plan *load_ok(const char *xml)
{
    diag d;
    diag_init(&d);
    plan *p = load(xml, &d);
    if (!p || d.n)
        diag_print(&d, stderr);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    diag_free(&d);
    return p;
}

/* Loads xml, expecting exactly one error: at `line`, saying exactly `msg`. */
static void expect_one_error(const char *xml, long line, const char *msg)
{
    diag d;
    diag_init(&d);
    plan *p = load(xml, &d);
    if (d.errors != 1 || d.n < 1 || d.v[0].line != line || strcmp(d.v[0].msg, msg) != 0) {
        fprintf(stderr, "want %s:%ld: error: %s\n got:\n", NAME, line, msg);
        diag_print(&d, stderr);
    }
    assert_null(p);
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.v[0].level, DIAG_ERROR);
    assert_string_equal(d.v[0].file, NAME);
    assert_int_equal(d.v[0].line, line);
    assert_string_equal(d.v[0].msg, msg);
    diag_free(&d);
}

/* Loads xml, expecting failure with an error at `line` whose message holds `part`. */
static void expect_error_with(const char *xml, long line, const char *part)
{
    diag d;
    diag_init(&d);
    plan *p = load(xml, &d);
    int found = 0;
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].level == DIAG_ERROR && d.v[i].line == line && strstr(d.v[i].msg, part))
            found = 1;
    if (!found || p) {
        fprintf(stderr, "want an error at line %ld with '%s', got:\n", line, part);
        diag_print(&d, stderr);
    }
    assert_null(p);
    assert_true(found);
    diag_free(&d);
}

static const component *comp(const plan *p, size_t r, size_t k)
{
    assert_true(r < p->nroles);
    assert_true(k < p->roles[r].ncomponents);
    return &p->roles[r].components[k];
}

/* ------------------------------------------------------------------ */
/* Plans without issue 6: defaults, and nothing used.                  */
/* ------------------------------------------------------------------ */

static void test_defaults(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"c\"><tier upto=\"100\" rate=\"1%\"/><tier rate=\"2%\"/></commission>\n"
                           "<spif id=\"s\" pay=\"5\"/>\n"
                           "</role>\n"));
    assert_int_equal(p->ntables, 0);
    assert_null(p->tables);
    const component *c = comp(p, 0, 0);
    assert_int_equal(c->kind, COMP_COMMISSION);
    assert_int_equal(c->gate, GATE_NONE);
    assert_int_equal(c->gate_percent, 0);
    assert_q(c->gate_value, "0");
    assert_int_equal(c->has_deal_cap, 0);
    assert_int_equal(c->has_deal_floor, 0);
    assert_int_equal(c->release, RELEASE_BOOKING);
    assert_int_equal(c->clawback, CLAWBACK_NONE);
    assert_int_equal(c->within_days, 0);
    assert_int_equal(c->has_within_days, 0);
    assert_int_equal(c->clawback_line, 0);
    assert_null(c->tiers[0].table);
    assert_null(c->tiers[1].table);
    assert_q(c->tiers[1].rate, "1/50");
    assert_int_equal(c->nlevels, 0);
    assert_int_equal(c->npoints, 0);
    assert_int_equal(comp(p, 0, 1)->kind, COMP_SPIF);
    assert_int_equal(plan_uses_pay_mechanics(p), 0);
    assert_null(plan_find_table(p, "x"));
    plan_free(p);
}

/* The shipped plans use no issue-6 mechanic. */
static void test_shipped_plans_use_none(void **state)
{
    (void)state;
    static const char *const files[] = {
        "fixtures/example/plan.xml",
        "rules/examples/acme-2027.xml",
        "rules/examples/saas-field-sales-2027.xml",
        "rules/examples/solutions-overlay-2027.xml",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        diag d;
        diag_init(&d);
        plan *p = plan_load_file(files[i], NULL, &d);
        if (!p)
            diag_print(&d, stderr);
        assert_non_null(p);
        assert_int_equal(plan_uses_pay_mechanics(p), 0);
        plan_free(p);
        diag_free(&d);
    }
}

/* ------------------------------------------------------------------ */
/* <commission>: gate, gate-pay, deal-cap, deal-floor, release.         */
/* ------------------------------------------------------------------ */

static void test_gate(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\" gate=\"50%\"><tier rate=\"1%\"/></commission>\n"
                           "<commission id=\"b\" gate=\"25000\" gate-pay=\"forward\"><tier rate=\"1%\"/></commission>\n"
                           "<commission id=\"c\" gate=\"1000/3\" gate-pay=\"retroactive\"><tier rate=\"1%\"/></commission>\n"
                           "<commission id=\"d\" gate=\"0\"><tier rate=\"1%\"/></commission>\n"
                           "</role>\n"));
    assert_int_equal(comp(p, 0, 0)->gate, GATE_RETROACTIVE);
    assert_int_equal(comp(p, 0, 0)->gate_percent, 1);
    assert_q(comp(p, 0, 0)->gate_value, "1/2");
    assert_int_equal(comp(p, 0, 1)->gate, GATE_FORWARD);
    assert_int_equal(comp(p, 0, 1)->gate_percent, 0);
    assert_q(comp(p, 0, 1)->gate_value, "25000");
    assert_int_equal(comp(p, 0, 2)->gate, GATE_RETROACTIVE);
    assert_int_equal(comp(p, 0, 2)->gate_percent, 0);
    assert_q(comp(p, 0, 2)->gate_value, "1000/3");
    assert_int_equal(comp(p, 0, 3)->gate, GATE_RETROACTIVE);
    assert_q(comp(p, 0, 3)->gate_value, "0");
    assert_int_equal(plan_uses_pay_mechanics(p), 1);
    plan_free(p);

    /* A % gate with amount limits, an amount gate with % limits, a gate above the first limit: fine. */
    p = load_ok(PLAN("<role id=\"ae\">\n"
                     "<commission id=\"a\" gate=\"50%\"><tier upto=\"1000\" rate=\"1%\"/><tier rate=\"2%\"/></commission>\n"
                     "<commission id=\"b\" gate=\"5000\"><tier upto=\"10%\" rate=\"1%\"/><tier rate=\"2%\"/></commission>\n"
                     "</role>\n"));
    plan_free(p);
}

static void test_gate_errors(void **state)
{
    (void)state;
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<commission id=\"a\" gate-pay=\"forward\"><tier rate=\"1%\"/></commission>\n"
                          "</role>\n"),
                     4, "commission 'a': gate-pay needs a gate");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<commission id=\"a\" gate=\"1/0\"><tier rate=\"1%\"/></commission>\n"
                          "</role>\n"),
                     4, "gate '1/0' has a zero denominator");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\" gate=\"half\"><tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      4, "'half'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\" gate=\"5\" gate-pay=\"later\"><tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      4, "'later'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<spif id=\"s\" pay=\"5\" gate=\"5\"/>\n"
                           "</role>\n"),
                      4, "gate");
}

static void test_deal_cap_floor_release(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\" deal-cap=\"20000\" deal-floor=\"100.50\" release=\"payment\"><tier rate=\"1%\"/></commission>\n"
                           "<commission id=\"b\" deal-cap=\"1000/3\" release=\"full-payment\"><tier rate=\"1%\"/></commission>\n"
                           "<commission id=\"c\" deal-floor=\"7\" release=\"booking\"><tier rate=\"1%\"/></commission>\n"
                           "<commission id=\"d\" deal-floor=\"5\" deal-cap=\"5\"><tier rate=\"1%\"/></commission>\n"
                           "</role>\n"));
    const component *a = comp(p, 0, 0), *b = comp(p, 0, 1), *c = comp(p, 0, 2), *d = comp(p, 0, 3);
    assert_int_equal(a->has_deal_cap, 1);
    assert_q(a->deal_cap, "20000");
    assert_int_equal(a->has_deal_floor, 1);
    assert_q(a->deal_floor, "201/2");
    assert_int_equal(a->release, RELEASE_PAYMENT);
    assert_int_equal(b->has_deal_cap, 1);
    assert_int_equal(b->has_deal_floor, 0);
    assert_q(b->deal_cap, "1000/3");
    assert_int_equal(b->release, RELEASE_FULL_PAYMENT);
    assert_int_equal(c->has_deal_cap, 0);
    assert_int_equal(c->has_deal_floor, 1);
    assert_q(c->deal_floor, "7");
    assert_int_equal(c->release, RELEASE_BOOKING);
    assert_int_equal(d->has_deal_cap, 1);   /* floor = cap is legal */
    assert_int_equal(d->has_deal_floor, 1);
    plan_free(p);

    /* Each alone makes the plan use pay mechanics; release="booking" alone does not. */
    static const char *const uses[] = {
        PLAN("<role id=\"ae\"><commission id=\"a\" deal-cap=\"1\"><tier rate=\"1%\"/></commission></role>\n"),
        PLAN("<role id=\"ae\"><commission id=\"a\" deal-floor=\"1\"><tier rate=\"1%\"/></commission></role>\n"),
        PLAN("<role id=\"ae\"><commission id=\"a\" release=\"payment\"><tier rate=\"1%\"/></commission></role>\n"),
        PLAN("<role id=\"ae\"><commission id=\"a\" release=\"full-payment\"><tier rate=\"1%\"/></commission></role>\n"),
    };
    for (size_t i = 0; i < sizeof uses / sizeof *uses; i++) {
        p = load_ok(uses[i]);
        assert_int_equal(plan_uses_pay_mechanics(p), 1);
        plan_free(p);
    }
    p = load_ok(PLAN("<role id=\"ae\"><commission id=\"a\" release=\"booking\"><tier rate=\"1%\"/></commission></role>\n"));
    assert_int_equal(plan_uses_pay_mechanics(p), 0);
    plan_free(p);
}

static void test_deal_cap_floor_errors(void **state)
{
    (void)state;
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<commission id=\"a\" deal-cap=\"1000\" deal-floor=\"1000.01\"><tier rate=\"1%\"/></commission>\n"
                          "</role>\n"),
                     4, "commission 'a': deal-floor 1000.01 is above deal-cap 1000");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\" deal-cap=\"5%\"><tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      4, "'5%'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\" deal-floor=\"-1\"><tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      4, "'-1'");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<commission id=\"a\" deal-cap=\"3/0\"><tier rate=\"1%\"/></commission>\n"
                          "</role>\n"),
                     4, "deal-cap '3/0' has a zero denominator");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\" release=\"invoice\"><tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      4, "'invoice'");
}

/* ------------------------------------------------------------------ */
/* <clawback>.                                                          */
/* ------------------------------------------------------------------ */

static void test_clawback(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\">\n"
                           "<clawback policy=\"original-rate\" within-days=\"90\"/>\n"
                           "<tier rate=\"1%\"/></commission>\n"
                           "<commission id=\"b\">\n"
                           "<clawback policy=\"recalculate\"/>\n"
                           "<tier rate=\"1%\"/></commission>\n"
                           "<commission id=\"c\">\n"
                           "<clawback policy=\"recalculate\" within-days=\"0\"/>\n"
                           "<tier rate=\"1%\"/></commission>\n"
                           "</role>\n"));
    const component *a = comp(p, 0, 0), *b = comp(p, 0, 1), *c = comp(p, 0, 2);
    assert_int_equal(a->clawback, CLAWBACK_ORIGINAL_RATE);
    assert_int_equal(a->within_days, 90);
    assert_int_equal(a->has_within_days, 1);
    assert_int_equal(a->clawback_line, 5);
    assert_int_equal(a->ntiers, 1);
    assert_int_equal(b->clawback, CLAWBACK_RECALCULATE);
    assert_int_equal(b->within_days, 0);
    assert_int_equal(b->has_within_days, 0);
    assert_int_equal(b->clawback_line, 8);
    assert_int_equal(c->within_days, 0);
    assert_int_equal(c->has_within_days, 1);
    assert_int_equal(plan_uses_pay_mechanics(p), 1);
    plan_free(p);
}

static void test_clawback_errors(void **state)
{
    (void)state;
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<commission id=\"a\">\n"
                          "<clawback policy=\"original-rate\" within-days=\"1234567890\"/>\n"
                          "<tier rate=\"1%\"/></commission>\n"
                          "</role>\n"),
                     5, "within-days '1234567890' is not a whole number of days from 0 to 999999999");
    /* After the tiers, twice, without a policy, an unknown policy, negative days: the schema. */
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\">\n"
                           "<tier rate=\"1%\"/>\n"
                           "<clawback policy=\"recalculate\"/>\n"
                           "</commission>\n"
                           "</role>\n"),
                      6, "clawback");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\">\n"
                           "<clawback policy=\"recalculate\"/>\n"
                           "<clawback policy=\"original-rate\"/>\n"
                           "<tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      6, "clawback");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\">\n"
                           "<clawback within-days=\"30\"/>\n"
                           "<tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      5, "policy");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\">\n"
                           "<clawback policy=\"always\"/>\n"
                           "<tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      5, "'always'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"a\">\n"
                           "<clawback policy=\"recalculate\" within-days=\"-3\"/>\n"
                           "<tier rate=\"1%\"/></commission>\n"
                           "</role>\n"),
                      5, "'-3'");
}

/* ------------------------------------------------------------------ */
/* <rate-table> and tiers naming one.                                   */
/* ------------------------------------------------------------------ */

#define TABLE                                                   \
    "<rate-table id=\"product-region\" fields=\"product region\">\n" \
    "<row values=\"Pro EMEA\" rate=\"6%\"/>\n"                  \
    "<row values=\"Pro *\" rate=\"5%\"/>\n"                     \
    "<row values=\"* NA\" rate=\"1/25\"/>\n"                    \
    "<default rate=\"0.03\"/>\n"                                \
    "</rate-table>\n"
/* TABLE is lines 3-8. */

static void test_rate_table_load(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN(TABLE
                           "<rate-table id=\"by-type\" fields=\"type\">\n"
                           "<row values=\"new\" rate=\"10%\"/>\n"
                           "</rate-table>\n"
                           "<role id=\"ae\">\n"
                           "<commission id=\"a\">\n"
                           "<tier upto=\"100000\" rate-table=\"product-region\"/>\n"
                           "<tier rate=\"12%\"/>\n"
                           "</commission>\n"
                           "<commission id=\"b\"><tier rate-table=\"by-type\"/></commission>\n"
                           "</role>\n"));
    assert_int_equal(p->ntables, 2);
    const rate_table *t = &p->tables[0];
    assert_string_equal(t->id, "product-region");
    assert_int_equal(t->line, 3);
    assert_int_equal(t->nfields, 2);
    assert_string_equal(t->fields[0], "product");
    assert_string_equal(t->fields[1], "region");
    assert_int_equal(t->cols[0], -1);   /* until plan_bind */
    assert_int_equal(t->nrows, 3);
    assert_int_equal(t->rows[0].line, 4);
    assert_string_equal(t->rows[0].values[0], "Pro");
    assert_string_equal(t->rows[0].values[1], "EMEA");
    assert_q(t->rows[0].rate, "3/50");
    assert_string_equal(t->rows[1].values[1], "*");
    assert_q(t->rows[1].rate, "1/20");
    assert_string_equal(t->rows[2].values[0], "*");
    assert_q(t->rows[2].rate, "1/25");
    assert_int_equal(t->has_default, 1);
    assert_q(t->default_rate, "3/100");
    const rate_table *u = &p->tables[1];
    assert_string_equal(u->id, "by-type");
    assert_int_equal(u->nfields, 1);
    assert_int_equal(u->nrows, 1);
    assert_int_equal(u->has_default, 0);
    assert_q(u->default_rate, "0");

    assert_ptr_equal(plan_find_table(p, "product-region"), t);
    assert_ptr_equal(plan_find_table(p, "by-type"), u);
    assert_null(plan_find_table(p, "Product-region"));

    const component *a = comp(p, 0, 0);
    assert_ptr_equal(a->tiers[0].table, t);
    assert_q(a->tiers[0].rate, "0");
    assert_int_equal(a->tiers[0].has_upto, 1);
    assert_null(a->tiers[1].table);
    assert_ptr_equal(comp(p, 0, 1)->tiers[0].table, u);
    assert_int_equal(plan_uses_pay_mechanics(p), 1);
    plan_free(p);

    /* Spaces: runs of them separate words, leading and trailing ones are ignored. */
    p = load_ok(PLAN("<rate-table id=\"t\" fields=\"  product   region \">\n"
                     "<row values=\" Pro  EMEA\" rate=\"6%\"/>\n"
                     "</rate-table>\n"));
    assert_int_equal(p->tables[0].nfields, 2);
    assert_string_equal(p->tables[0].fields[1], "region");
    assert_string_equal(p->tables[0].rows[0].values[0], "Pro");
    assert_string_equal(p->tables[0].rows[0].values[1], "EMEA");
    /* A table alone (no tier uses it) still counts as a mechanic. */
    assert_int_equal(plan_uses_pay_mechanics(p), 1);
    plan_free(p);

    /* A default alone is a table. */
    p = load_ok(PLAN("<rate-table id=\"flat\" fields=\"region\"><default rate=\"2%\"/></rate-table>\n"));
    assert_int_equal(p->tables[0].nrows, 0);
    assert_int_equal(p->tables[0].has_default, 1);
    plan_free(p);
}

static void test_rate_table_errors(void **state)
{
    (void)state;
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"a\"><default rate=\"1%\"/></rate-table>\n"
                          "<rate-table id=\"t\" fields=\"b\"><default rate=\"1%\"/></rate-table>\n"),
                     4, "duplicate rate-table id 't' (first at line 3)");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"product region\">\n"
                          "<row values=\"Pro\" rate=\"1%\"/>\n"
                          "</rate-table>\n"),
                     4, "row has 1 value but rate table 't' has 2 fields");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"product\">\n"
                          "<row values=\"Pro EMEA new\" rate=\"1%\"/>\n"
                          "</rate-table>\n"),
                     4, "row has 3 values but rate table 't' has 1 field");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"product region\">\n"
                          "<row values=\"  \" rate=\"1%\"/>\n"
                          "</rate-table>\n"),
                     4, "row has 0 values but rate table 't' has 2 fields");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"product region\">\n"
                          "<row values=\"Pro EMEA\" rate=\"1%\"/>\n"
                          "<row values=\"Pro *\" rate=\"2%\"/>\n"
                          "<row values=\"Pro  EMEA\" rate=\"3%\"/>\n"
                          "</rate-table>\n"),
                     6, "row values 'Pro  EMEA' repeat the row at line 4 of rate table 't'");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"product region product\">\n"
                          "<default rate=\"1%\"/>\n"
                          "</rate-table>\n"),
                     3, "rate table 't' names field 'product' twice");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\" \">\n"
                          "<default rate=\"1%\"/>\n"
                          "</rate-table>\n"),
                     3, "rate table 't' has no fields");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"product\">\n"
                          "</rate-table>\n"),
                     3, "rate table 't' has no row and no default");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"product\">\n"
                          "<row values=\"Pro\" rate=\"1/0\"/>\n"
                          "</rate-table>\n"),
                     4, "rate '1/0' has a zero denominator");
    expect_one_error(PLAN("<rate-table id=\"t\" fields=\"product\">\n"
                          "<default rate=\"0/0\"/>\n"
                          "</rate-table>\n"),
                     4, "rate '0/0' has a zero denominator");
    /* Placement and shape: the schema. */
    expect_error_with(HEAD "<rate-table id=\"t\" fields=\"a\"><default rate=\"1%\"/></rate-table>\n"
                      CREDIT TAIL,
                      2, "rate-table");
    expect_error_with(PLAN("<role id=\"ae\"/>\n"
                           "<rate-table id=\"t\" fields=\"a\"><default rate=\"1%\"/></rate-table>\n"),
                      4, "rate-table");
    expect_error_with(PLAN("<rate-table id=\"t\" fields=\"a\">\n"
                           "<default rate=\"1%\"/>\n"
                           "<row values=\"x\" rate=\"1%\"/>\n"
                           "</rate-table>\n"),
                      5, "row");
    expect_error_with(PLAN("<rate-table id=\"t\" fields=\"a\">\n"
                           "<default rate=\"1%\"/>\n"
                           "<default rate=\"2%\"/>\n"
                           "</rate-table>\n"),
                      5, "default");
    expect_error_with(PLAN("<rate-table id=\"t\" fields=\"\"><default rate=\"1%\"/></rate-table>\n"),
                      3, "fields");
    expect_error_with(PLAN("<rate-table id=\"t\"><default rate=\"1%\"/></rate-table>\n"), 3, "fields");
    expect_error_with(PLAN("<rate-table id=\"t\" fields=\"a\">\n"
                           "<row values=\"x\"/>\n"
                           "</rate-table>\n"),
                      4, "rate");
}

static void test_tier_rate_errors(void **state)
{
    (void)state;
    expect_one_error(PLAN(TABLE
                          "<role id=\"ae\">\n"
                          "<commission id=\"a\">\n"
                          "<tier rate=\"1%\" rate-table=\"product-region\"/>\n"
                          "</commission>\n"
                          "</role>\n"),
                     11, "tier has both rate and rate-table");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<commission id=\"a\">\n"
                          "<tier upto=\"100\"/>\n"
                          "<tier rate=\"2%\"/>\n"
                          "</commission>\n"
                          "</role>\n"),
                     5, "tier needs a rate or a rate-table");
    expect_one_error(PLAN(TABLE
                          "<role id=\"ae\">\n"
                          "<commission id=\"a\">\n"
                          "<tier upto=\"100\" rate=\"1%\"/>\n"
                          "<tier rate-table=\"product\"/>\n"
                          "</commission>\n"
                          "</role>\n"),
                     12, "tier names unknown rate table 'product'");
    /* A table defined in another version does not count: tables are per plan file. */
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<commission id=\"a\"><tier rate-table=\"t\"/></commission>\n"
                          "</role>\n"),
                     4, "tier names unknown rate table 't'");
    /* The tier checks still run around a table tier. */
    expect_one_error(PLAN(TABLE
                          "<role id=\"ae\">\n"
                          "<commission id=\"a\">\n"
                          "<tier upto=\"100\" rate-table=\"product-region\"/>\n"
                          "<tier upto=\"50\" rate-table=\"product-region\"/>\n"
                          "<tier rate=\"1%\"/>\n"
                          "</commission>\n"
                          "</role>\n"),
                     12, "tier limit is not above the previous limit (line 11)");
}

/* ------------------------------------------------------------------ */
/* plan_bind and rate_table_lookup.                                     */
/* ------------------------------------------------------------------ */

static const char *const HEADER[] = {"deal_id", "close_date", "amount", "closer_id",
                                     "region", "product", "type"};
#define NHEADER (sizeof HEADER / sizeof *HEADER)

static void test_bind_and_lookup(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN(TABLE
                           "<rate-table id=\"nodefault\" fields=\"type product\">\n"
                           "<row values=\"new *\" rate=\"10%\"/>\n"
                           "<row values=\"new Pro\" rate=\"20%\"/>\n"
                           "</rate-table>\n"));
    diag d;
    diag_init(&d);
    assert_int_equal(plan_bind(p, HEADER, NHEADER, &d), 0);
    assert_int_equal(d.n, 0);
    const rate_table *t = plan_find_table(p, "product-region"), *u = plan_find_table(p, "nodefault");
    assert_int_equal(t->cols[0], 5);
    assert_int_equal(t->cols[1], 4);
    assert_int_equal(u->cols[0], 6);
    assert_int_equal(u->cols[1], 5);

    /* deal_id, close_date, amount, closer_id, region, product, type */
    const char *pro_emea[] = {"D1", "2027-01-01", "1", "ana", "EMEA", "Pro", "new"};
    const char *pro_na[] = {"D2", "2027-01-01", "1", "ana", "NA", "Pro", "new"};
    const char *core_na[] = {"D3", "2027-01-01", "1", "ana", "NA", "Core", "renewal"};
    const char *core_apac[] = {"D4", "2027-01-01", "1", "ana", "APAC", "Core", "renewal"};
    const char *pro_lower[] = {"D5", "2027-01-01", "1", "ana", "emea", "pro", "new"};
    const char *empty[] = {"D6", "2027-01-01", "1", "ana", "", "", ""};

    const mpq_t *r = rate_table_lookup(t, pro_emea);
    assert_non_null(r);
    assert_ptr_equal(r, &t->rows[0].rate);
    assert_q(*r, "3/50");
    r = rate_table_lookup(t, pro_na);   /* "Pro *" (line 5) comes before "* NA" (line 6) */
    assert_ptr_equal(r, &t->rows[1].rate);
    assert_q(*r, "1/20");
    r = rate_table_lookup(t, core_na);
    assert_ptr_equal(r, &t->rows[2].rate);
    r = rate_table_lookup(t, core_apac);   /* no row: the default */
    assert_ptr_equal(r, &t->default_rate);
    assert_q(*r, "3/100");
    r = rate_table_lookup(t, pro_lower);   /* bytewise: case counts */
    assert_ptr_equal(r, &t->default_rate);
    assert_ptr_equal(rate_table_lookup(t, empty), &t->default_rate);

    /* First match wins, even over a more specific later row. */
    r = rate_table_lookup(u, pro_emea);
    assert_ptr_equal(r, &u->rows[0].rate);
    assert_q(*r, "1/10");
    /* No match, no default: NULL. */
    assert_null(rate_table_lookup(u, core_na));
    assert_null(rate_table_lookup(u, empty));
    diag_free(&d);
    plan_free(p);
}

static void test_bind_unknown_column(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN(TABLE
                           "<rate-table id=\"seg\" fields=\"segment region tier\">\n"
                           "<default rate=\"1%\"/>\n"
                           "</rate-table>\n"));
    diag d;
    diag_init(&d);
    assert_int_equal(plan_bind(p, HEADER, NHEADER, &d), -1);
    assert_int_equal(d.errors, 2);
    assert_string_equal(d.v[0].file, NAME);
    assert_int_equal(d.v[0].line, 9);
    assert_string_equal(d.v[0].msg, "rate table 'seg': column 'segment' is not in the deals header");
    assert_int_equal(d.v[1].line, 9);
    assert_string_equal(d.v[1].msg, "rate table 'seg': column 'tier' is not in the deals header");
    const rate_table *t = plan_find_table(p, "seg");
    assert_int_equal(t->cols[0], -1);
    assert_int_equal(t->cols[1], 4);
    assert_int_equal(t->cols[2], -1);
    diag_free(&d);
    plan_free(p);
}

/* ------------------------------------------------------------------ */
/* <bonus>.                                                             */
/* ------------------------------------------------------------------ */

static void test_bonus(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN("<role id=\"ae\">\n"
                           "<bonus id=\"kicker\">\n"
                           "<level attainment=\"100%\" pay=\"5000\"/>\n"
                           "<level attainment=\"1.5\" pay=\"10000.50\"/>\n"
                           "<level attainment=\"7/4\" pay=\"1/3\"/>\n"
                           "</bonus>\n"
                           "<bonus id=\"q\" window=\"quarter\"><level attainment=\"1%\" pay=\"0\"/></bonus>\n"
                           "</role>\n"));
    const component *b = comp(p, 0, 0);
    assert_int_equal(b->kind, COMP_BONUS);
    assert_string_equal(b->id, "kicker");
    assert_int_equal(b->line, 4);
    assert_int_equal(b->window, WINDOW_YEAR);
    assert_int_equal(b->nlevels, 3);
    assert_int_equal(b->levels[0].line, 5);
    assert_q(b->levels[0].attainment, "1");
    assert_q(b->levels[0].pay, "5000");
    assert_q(b->levels[1].attainment, "3/2");
    assert_q(b->levels[1].pay, "20001/2");
    assert_q(b->levels[2].attainment, "7/4");
    assert_q(b->levels[2].pay, "1/3");
    assert_int_equal(b->ntiers, 0);
    assert_int_equal(comp(p, 0, 1)->window, WINDOW_QUARTER);
    assert_int_equal(plan_uses_pay_mechanics(p), 1);
    plan_free(p);
}

static void test_bonus_errors(void **state)
{
    (void)state;
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<bonus id=\"b\"/>\n"
                          "</role>\n"),
                     4, "bonus 'b' has no level");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<bonus id=\"b\">\n"
                          "<level attainment=\"0%\" pay=\"5\"/>\n"
                          "</bonus>\n"
                          "</role>\n"),
                     5, "level attainment must be above zero");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<bonus id=\"b\">\n"
                          "<level attainment=\"100%\" pay=\"5\"/>\n"
                          "<level attainment=\"1\" pay=\"6\"/>\n"
                          "</bonus>\n"
                          "</role>\n"),
                     6, "level attainment is not above the previous level (line 5)");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<bonus id=\"b\">\n"
                          "<level attainment=\"100%\" pay=\"5\"/>\n"
                          "<level attainment=\"150%\" pay=\"6\"/>\n"
                          "<level attainment=\"120%\" pay=\"7\"/>\n"
                          "</bonus>\n"
                          "</role>\n"),
                     7, "level attainment is not above the previous level (line 6)");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<bonus id=\"b\">\n"
                          "<level attainment=\"1/0\" pay=\"5\"/>\n"
                          "</bonus>\n"
                          "</role>\n"),
                     5, "attainment '1/0' has a zero denominator");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<bonus id=\"b\">\n"
                           "<level attainment=\"100%\" pay=\"5%\"/>\n"
                           "</bonus>\n"
                           "</role>\n"),
                      5, "'5%'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<bonus id=\"b\" window=\"week\"><level attainment=\"1\" pay=\"5\"/></bonus>\n"
                           "</role>\n"),
                      4, "'week'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<bonus id=\"b\"><level pay=\"5\"/></bonus>\n"
                           "</role>\n"),
                      4, "attainment");
    /* Component ids are shared by every kind. */
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<commission id=\"x\"><tier rate=\"1%\"/></commission>\n"
                          "<bonus id=\"x\"><level attainment=\"1\" pay=\"5\"/></bonus>\n"
                          "</role>\n"),
                     5, "duplicate component id 'x' in role 'ae' (first at line 4)");
}

/* ------------------------------------------------------------------ */
/* <curve>.                                                             */
/* ------------------------------------------------------------------ */

static void test_curve(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN("<role id=\"ae\">\n"
                           "<curve id=\"ti\" target=\"20000\" window=\"year\" extend=\"false\">\n"
                           "<point attainment=\"0%\" payout=\"0%\"/>\n"
                           "<point attainment=\"50%\" payout=\"25%\"/>\n"
                           "<point attainment=\"1\" payout=\"1\"/>\n"
                           "<point attainment=\"3/2\" payout=\"200%\"/>\n"
                           "</curve>\n"
                           "<curve id=\"e\" target=\"1000/3\" window=\"half\" extend=\"true\">\n"
                           "<point attainment=\"0\" payout=\"10%\"/><point attainment=\"1\" payout=\"1\"/>\n"
                           "</curve>\n"
                           "<curve id=\"d\" target=\"0\" extend=\"1\">\n"
                           "<point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"1\"/>\n"
                           "</curve>\n"
                           "<curve id=\"f\" target=\"5\">\n"
                           "<point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"0\"/>\n"
                           "</curve>\n"
                           "</role>\n"));
    const component *c = comp(p, 0, 0);
    assert_int_equal(c->kind, COMP_CURVE);
    assert_int_equal(c->line, 4);
    assert_q(c->target, "20000");
    assert_int_equal(c->window, WINDOW_YEAR);
    assert_int_equal(c->extend, 0);
    assert_int_equal(c->npoints, 4);
    assert_int_equal(c->points[0].line, 5);
    assert_q(c->points[0].attainment, "0");
    assert_q(c->points[0].payout, "0");
    assert_q(c->points[1].attainment, "1/2");
    assert_q(c->points[1].payout, "1/4");
    assert_q(c->points[2].attainment, "1");
    assert_q(c->points[3].attainment, "3/2");
    assert_q(c->points[3].payout, "2");
    const component *e = comp(p, 0, 1);
    assert_q(e->target, "1000/3");
    assert_int_equal(e->window, WINDOW_HALF);
    assert_int_equal(e->extend, 1);
    assert_q(e->points[0].payout, "1/10");
    assert_int_equal(comp(p, 0, 2)->extend, 1);
    assert_int_equal(comp(p, 0, 3)->extend, 0);   /* default */
    assert_int_equal(comp(p, 0, 3)->window, WINDOW_YEAR);
    assert_int_equal(plan_uses_pay_mechanics(p), 1);
    plan_free(p);
}

static void test_curve_errors(void **state)
{
    (void)state;
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<curve id=\"c\" target=\"100\">\n"
                          "<point attainment=\"0\" payout=\"0\"/>\n"
                          "</curve>\n"
                          "</role>\n"),
                     4, "curve 'c' has fewer than 2 points");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<curve id=\"c\" target=\"100\"/>\n"
                          "</role>\n"),
                     4, "curve 'c' has fewer than 2 points");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<curve id=\"c\" target=\"100\">\n"
                          "<point attainment=\"10%\" payout=\"0\"/>\n"
                          "<point attainment=\"100%\" payout=\"1\"/>\n"
                          "</curve>\n"
                          "</role>\n"),
                     5, "the first point of curve 'c' must be at attainment 0%");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<curve id=\"c\" target=\"100\">\n"
                          "<point attainment=\"0\" payout=\"0\"/>\n"
                          "<point attainment=\"100%\" payout=\"1\"/>\n"
                          "<point attainment=\"1\" payout=\"2\"/>\n"
                          "</curve>\n"
                          "</role>\n"),
                     7, "point attainment is not above the previous point (line 6)");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<curve id=\"c\" target=\"100\">\n"
                          "<point attainment=\"0\" payout=\"0\"/>\n"
                          "<point attainment=\"100%\" payout=\"1\"/>\n"
                          "<point attainment=\"50%\" payout=\"2\"/>\n"
                          "</curve>\n"
                          "</role>\n"),
                     7, "point attainment is not above the previous point (line 6)");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<curve id=\"c\" target=\"100\">\n"
                          "<point attainment=\"0\" payout=\"0\"/>\n"
                          "<point attainment=\"1\" payout=\"2/0\"/>\n"
                          "</curve>\n"
                          "</role>\n"),
                     6, "payout '2/0' has a zero denominator");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<curve id=\"c\" target=\"10%\">\n"
                           "<point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"1\"/>\n"
                           "</curve>\n"
                           "</role>\n"),
                      4, "'10%'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<curve id=\"c\">\n"
                           "<point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"1\"/>\n"
                           "</curve>\n"
                           "</role>\n"),
                      4, "target");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<curve id=\"c\" target=\"1\" extend=\"yes\">\n"
                           "<point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"1\"/>\n"
                           "</curve>\n"
                           "</role>\n"),
                      4, "'yes'");
}

/* ------------------------------------------------------------------ */
/* <draw>.                                                              */
/* ------------------------------------------------------------------ */

static void test_draw(void **state)
{
    (void)state;
    plan *p = load_ok(PLAN("<role id=\"ae\">\n"
                           "<commission id=\"c\"><tier rate=\"1%\"/></commission>\n"
                           "<draw id=\"draw\" amount=\"3000\" recoverable=\"true\" recovery-limit=\"1000\" forgive=\"2027-12-31\"/>\n"
                           "</role>\n"
                           "<role id=\"am\">\n"
                           "<draw id=\"d\" amount=\"2500.50\"/>\n"
                           "<commission id=\"c\"><tier rate=\"1%\"/></commission>\n"
                           "</role>\n"
                           "<role id=\"se\">\n"
                           "<draw id=\"d\" amount=\"1/3\" recoverable=\"1\"/>\n"
                           "</role>\n"));
    const component *d = comp(p, 0, 1);
    assert_int_equal(d->kind, COMP_DRAW);
    assert_int_equal(d->line, 5);
    assert_q(d->draw_amount, "3000");
    assert_int_equal(d->recoverable, 1);
    assert_int_equal(d->has_recovery_limit, 1);
    assert_q(d->recovery_limit, "1000");
    assert_int_equal(d->has_forgive, 1);
    assert_int_equal(d->forgive, date_from_ymd(2027, 12, 31));
    const component *e = comp(p, 1, 0);
    assert_int_equal(e->kind, COMP_DRAW);
    assert_q(e->draw_amount, "5001/2");
    assert_int_equal(e->recoverable, 0);   /* default */
    assert_int_equal(e->has_recovery_limit, 0);
    assert_int_equal(e->has_forgive, 0);
    const component *f = comp(p, 2, 0);
    assert_int_equal(f->recoverable, 1);
    assert_q(f->draw_amount, "1/3");
    assert_int_equal(f->has_recovery_limit, 0);
    assert_int_equal(plan_uses_pay_mechanics(p), 1);
    plan_free(p);

    /* A forgive date outside the plan year is legal (lint warns). */
    p = load_ok(PLAN("<role id=\"ae\">\n"
                     "<draw id=\"d\" amount=\"1\" recoverable=\"true\" forgive=\"2028-06-30\"/>\n"
                     "</role>\n"));
    assert_int_equal(comp(p, 0, 0)->forgive, date_from_ymd(2028, 6, 30));
    plan_free(p);
}

static void test_draw_errors(void **state)
{
    (void)state;
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<draw id=\"a\" amount=\"1\"/>\n"
                          "<commission id=\"c\"><tier rate=\"1%\"/></commission>\n"
                          "<draw id=\"b\" amount=\"2\"/>\n"
                          "</role>\n"),
                     6, "role 'ae' has more than one draw (first at line 4)");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<draw id=\"a\" amount=\"1\" recovery-limit=\"5\"/>\n"
                          "</role>\n"),
                     4, "draw 'a': recovery-limit needs recoverable=\"true\"");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<draw id=\"a\" amount=\"1\" recoverable=\"false\" forgive=\"2027-12-31\"/>\n"
                          "</role>\n"),
                     4, "draw 'a': forgive needs recoverable=\"true\"");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<draw id=\"a\" amount=\"1\" recoverable=\"true\" forgive=\"2027-02-30\"/>\n"
                          "</role>\n"),
                     4, "forgive '2027-02-30' is not a real date (YYYY-MM-DD)");
    expect_one_error(PLAN("<role id=\"ae\">\n"
                          "<draw id=\"a\" amount=\"1/0\"/>\n"
                          "</role>\n"),
                     4, "amount '1/0' has a zero denominator");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<draw id=\"a\"/>\n"
                           "</role>\n"),
                      4, "amount");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<draw id=\"a\" amount=\"10%\"/>\n"
                           "</role>\n"),
                      4, "'10%'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<draw id=\"a\" amount=\"1\" recoverable=\"true\" recovery-limit=\"5%\"/>\n"
                           "</role>\n"),
                      4, "'5%'");
    expect_error_with(PLAN("<role id=\"ae\">\n"
                           "<draw id=\"a\" amount=\"1\" window=\"month\"/>\n"
                           "</role>\n"),
                      4, "window");
    /* One draw per role: two roles may each have one. */
    plan *p = load_ok(PLAN("<role id=\"ae\"><draw id=\"d\" amount=\"1\"/></role>\n"
                           "<role id=\"am\"><draw id=\"d\" amount=\"1\"/></role>\n"));
    plan_free(p);
}

/* Several problems in one plan are all reported. */
static void test_errors_collected(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    plan *p = load(PLAN("<rate-table id=\"t\" fields=\"a b\">\n"
                        "<row values=\"x\" rate=\"1%\"/>\n"
                        "</rate-table>\n"
                        "<role id=\"ae\">\n"
                        "<commission id=\"c\" deal-cap=\"1\" deal-floor=\"2\"><tier rate-table=\"u\"/></commission>\n"
                        "<bonus id=\"b\"/>\n"
                        "<curve id=\"k\" target=\"1\"><point attainment=\"1\" payout=\"1\"/></curve>\n"
                        "<draw id=\"d1\" amount=\"1\"/>\n"
                        "<draw id=\"d2\" amount=\"1\"/>\n"
                        "</role>\n"),
                   &d);
    assert_null(p);
    if (d.errors != 7)
        diag_print(&d, stderr);
    assert_int_equal(d.errors, 7);
    diag_free(&d);
}

/* ------------------------------------------------------------------ */
/* Plan versions: the new kinds are kinds.                              */
/* ------------------------------------------------------------------ */

static plan *version(const char *name, const char *eff, const char *roles)
{
    char xml[4096];
    snprintf(xml, sizeof xml,
             "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\" %s>\n"
             "%s%s%s", eff, CREDIT, roles, TAIL);
    diag d;
    diag_init(&d);
    plan *p = plan_load_memory(xml, strlen(xml), name, &d);
    if (!p)
        diag_print(&d, stderr);
    assert_non_null(p);
    diag_free(&d);
    return p;
}

/* Adopts h1 and h2 as versions; returns the errors, the first message in *msg (owned). */
static size_t adopt(const char *roles1, const char *roles2, char **msg, long *line)
{
    plan *v[2] = {version("h1.xml", "effective-to=\"2027-06-30\"", roles1),
                  version("h2.xml", "effective-from=\"2027-07-01\"", roles2)};
    plan_set ps;
    diag d;
    diag_init(&d);
    int rc = plan_set_adopt(&ps, v, 2, &d);
    size_t errors = d.errors;
    *msg = d.n ? strdup(d.v[0].msg) : NULL;
    *line = d.n ? d.v[0].line : 0;
    if (rc == 0)
        plan_set_free(&ps);
    else if (errors == 0)
        fail();
    diag_free(&d);
    return errors;
}

static void test_versions(void **state)
{
    (void)state;
    char *msg;
    long line;
    /* New attributes, levels, points, tables may differ between versions. */
    assert_int_equal(adopt("<role id=\"ae\">\n"
                           "<commission id=\"c\" gate=\"10%\"><tier rate=\"1%\"/></commission>\n"
                           "<bonus id=\"b\"><level attainment=\"1\" pay=\"5\"/></bonus>\n"
                           "<curve id=\"k\" target=\"1\"><point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"1\"/></curve>\n"
                           "<draw id=\"d\" amount=\"1\"/>\n"
                           "</role>\n",
                           "<rate-table id=\"t\" fields=\"region\"><default rate=\"2%\"/></rate-table>\n"
                           "<role id=\"ae\">\n"
                           "<commission id=\"c\" deal-cap=\"5\" release=\"payment\"><clawback policy=\"recalculate\"/><tier rate-table=\"t\"/></commission>\n"
                           "<bonus id=\"b\"><level attainment=\"2\" pay=\"7\"/></bonus>\n"
                           "<curve id=\"k\" target=\"2\" extend=\"true\"><point attainment=\"0\" payout=\"0\"/><point attainment=\"2\" payout=\"1\"/></curve>\n"
                           "<draw id=\"d\" amount=\"2\" recoverable=\"true\"/>\n"
                           "</role>\n",
                           &msg, &line),
                     0);
    free(msg);

    assert_int_equal(adopt("<role id=\"ae\"><bonus id=\"x\"><level attainment=\"1\" pay=\"5\"/></bonus></role>\n",
                           "<role id=\"ae\">\n<commission id=\"x\"><tier rate=\"1%\"/></commission></role>\n",
                           &msg, &line),
                     1);
    assert_int_equal(line, 4);
    assert_string_equal(msg, "component 'x' of role 'ae' is a commission here but a bonus in h1.xml");
    free(msg);
    assert_int_equal(adopt("<role id=\"ae\"><draw id=\"x\" amount=\"1\"/></role>\n",
                           "<role id=\"ae\">\n<curve id=\"x\" target=\"1\"><point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"1\"/></curve></role>\n",
                           &msg, &line),
                     1);
    assert_string_equal(msg, "component 'x' of role 'ae' is a curve here but a draw in h1.xml");
    free(msg);
    assert_int_equal(adopt("<role id=\"ae\"><spif id=\"x\" pay=\"1\"/></role>\n",
                           "<role id=\"ae\">\n<draw id=\"x\" amount=\"1\"/></role>\n",
                           &msg, &line),
                     1);
    assert_string_equal(msg, "component 'x' of role 'ae' is a draw here but a spif in h1.xml");
    free(msg);
    /* A bonus or curve keeps its window across versions, like a commission. */
    assert_int_equal(adopt("<role id=\"ae\"><bonus id=\"x\" window=\"quarter\"><level attainment=\"1\" pay=\"5\"/></bonus></role>\n",
                           "<role id=\"ae\">\n<bonus id=\"x\"><level attainment=\"1\" pay=\"5\"/></bonus></role>\n",
                           &msg, &line),
                     1);
    assert_int_equal(line, 4);
    assert_string_equal(msg, "bonus 'x' of role 'ae' has window year here but quarter in h1.xml");
    free(msg);
    assert_int_equal(adopt("<role id=\"ae\"><curve id=\"x\" target=\"1\"><point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"1\"/></curve></role>\n",
                           "<role id=\"ae\">\n<curve id=\"x\" target=\"1\" window=\"month\"><point attainment=\"0\" payout=\"0\"/><point attainment=\"1\" payout=\"1\"/></curve></role>\n",
                           &msg, &line),
                     1);
    assert_string_equal(msg, "curve 'x' of role 'ae' has window month here but year in h1.xml");
    free(msg);
}

/* ------------------------------------------------------------------ */
/* Lint.                                                                */
/* ------------------------------------------------------------------ */

static const char ROSTER[] = "payee_id,name,role,annual_quota\nann,Ann,ae,100000\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id,region\nD1,2027-01-10,100,ann,EMEA\n";
static const char PAYMENTS[] = "deal_id,date,amount\nD1,2027-02-01,100\n";

/* Lints the plan (body after <credit>) against a one-payee batch; d gets the warnings. */
static size_t lint(const char *body, const char *payments, diag *d)
{
    char xml[4096];
    snprintf(xml, sizeof xml, "%s%s%s%s", HEAD, CREDIT, body, TAIL);
    diag load;
    plan *p = plan_load_memory(xml, strlen(xml), NAME, (diag_init(&load), &load));
    if (!p)
        diag_print(&load, stderr);
    assert_non_null(p);
    diag_free(&load);
    batch b;
    fixture fx = {.roster = ROSTER, .deals = DEALS, .payments = payments};
    if (fixture_load(&b, &load, &fx) != 0)
        diag_print(&load, stderr);
    assert_int_equal(load.errors, 0);
    diag_free(&load);
    diag_init(d);
    size_t n = plan_lint(p, &b, d);
    assert_int_equal(n, d->warnings);
    assert_int_equal(d->errors, 0);
    load_batch_free(&b);
    plan_free(p);
    return n;
}

static void expect_warning(const diag *d, size_t i, long line, const char *msg)
{
    assert_true(i < d->n);
    if (d->v[i].line != line || strcmp(d->v[i].msg, msg) != 0) {
        fprintf(stderr, "want %s:%ld: warning: %s\n got:\n", NAME, line, msg);
        diag_print(d, stderr);
    }
    assert_int_equal(d->v[i].level, DIAG_WARNING);
    assert_string_equal(d->v[i].file, NAME);
    assert_int_equal(d->v[i].line, line);
    assert_string_equal(d->v[i].msg, msg);
}

static void test_lint_quiet(void **state)
{
    (void)state;
    diag d;
    /* Everything in reasonable use: no warning. A gate above the first limit is fine;
     * a decreasing rate next to a table tier is not "decelerating". */
    assert_int_equal(lint("<rate-table id=\"t\" fields=\"region\"><row values=\"EMEA\" rate=\"6%\"/><default rate=\"9%\"/></rate-table>\n"
                          "<role id=\"ae\">\n"
                          "<commission id=\"c\" gate=\"150%\" release=\"payment\">\n"
                          "<clawback policy=\"original-rate\" within-days=\"90\"/>\n"
                          "<tier upto=\"100%\" rate=\"10%\"/><tier rate-table=\"t\"/>\n"
                          "</commission>\n"
                          "<bonus id=\"b\"><level attainment=\"1000%\" pay=\"5\"/></bonus>\n"
                          "<curve id=\"k\" target=\"1\"><point attainment=\"0\" payout=\"0\"/><point attainment=\"10\" payout=\"10\"/></curve>\n"
                          "<draw id=\"d\" amount=\"1\" recoverable=\"true\" forgive=\"2027-12-31\"/>\n"
                          "</role>\n",
                          PAYMENTS, &d),
                     0);
    diag_free(&d);
}

static void test_lint_warnings(void **state)
{
    (void)state;
    diag d;
    assert_int_equal(lint("<rate-table id=\"unused\" fields=\"region\"><default rate=\"9%\"/></rate-table>\n"
                          "<role id=\"ae\">\n"
                          "<commission id=\"c\" release=\"full-payment\">\n"
                          "<clawback policy=\"recalculate\" within-days=\"0\"/>\n"
                          "<tier rate=\"10%\"/>\n"
                          "</commission>\n"
                          "<bonus id=\"b\"><level attainment=\"1500%\" pay=\"5\"/></bonus>\n"
                          "<curve id=\"k\" target=\"1\"><point attainment=\"0\" payout=\"0\"/><point attainment=\"25/2\" payout=\"20\"/></curve>\n"
                          "<draw id=\"d\" amount=\"1\" recoverable=\"true\" forgive=\"2028-01-31\"/>\n"
                          "</role>\n"
                          "<role id=\"solo\"><draw id=\"d\" amount=\"1\" recoverable=\"true\"/></role>\n"
                          "<role id=\"solo2\"><draw id=\"d\" amount=\"1\"/></role>\n",
                          NULL, &d),
                     11);
    /* Roles without payees come first (roster checks), then the tables, then component by component. */
    assert_non_null(strstr(d.v[0].msg, "role 'solo' has no payees"));
    assert_non_null(strstr(d.v[1].msg, "role 'solo2' has no payees"));
    expect_warning(&d, 2, 3, "rate table 'unused' is used by no tier");
    expect_warning(&d, 3, 6,
                   "commission 'c': clawback within-days=\"0\" means no time limit (leave it out to say so)");
    expect_warning(&d, 4, 5,
                   "commission 'c': release=\"full-payment\" but the batch has no payments.csv, so all its earnings are held");
    expect_warning(&d, 5, 9, "bonus 'b': level attainment 1500% is above 1000% (a missing % sign?)");
    expect_warning(&d, 6, 10, "curve 'k': point attainment 1250% is above 1000% (a missing % sign?)");
    expect_warning(&d, 7, 10, "curve 'k': point payout 2000% is above 1000% (a missing % sign?)");
    expect_warning(&d, 8, 11,
                   "draw 'd': forgive date 2028-01-31 is outside the plan year 2027, so the balance is not forgiven this year");
    expect_warning(&d, 9, 13,
                   "draw 'd': role 'solo' has no other component, so the draw is paid in full every month and never recovered");
    expect_warning(&d, 10, 14,
                   "draw 'd': role 'solo2' has no other component, so the draw is paid in full every month");
    diag_free(&d);

    /* release="payment" with payments.csv given: quiet. */
    assert_int_equal(lint("<role id=\"ae\"><commission id=\"c\" release=\"payment\"><tier rate=\"1%\"/></commission></role>\n",
                          "deal_id,date,amount\n", &d),
                     0);
    diag_free(&d);
    assert_int_equal(lint("<role id=\"ae\"><commission id=\"c\" release=\"payment\"><tier rate=\"1%\"/></commission></role>\n",
                          NULL, &d),
                     1);
    expect_warning(&d, 0, 3,
                   "commission 'c': release=\"payment\" but the batch has no payments.csv, so all its earnings are held");
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_shipped_plans_use_none),
        cmocka_unit_test(test_gate),
        cmocka_unit_test(test_gate_errors),
        cmocka_unit_test(test_deal_cap_floor_release),
        cmocka_unit_test(test_deal_cap_floor_errors),
        cmocka_unit_test(test_clawback),
        cmocka_unit_test(test_clawback_errors),
        cmocka_unit_test(test_rate_table_load),
        cmocka_unit_test(test_rate_table_errors),
        cmocka_unit_test(test_tier_rate_errors),
        cmocka_unit_test(test_bind_and_lookup),
        cmocka_unit_test(test_bind_unknown_column),
        cmocka_unit_test(test_bonus),
        cmocka_unit_test(test_bonus_errors),
        cmocka_unit_test(test_curve),
        cmocka_unit_test(test_curve_errors),
        cmocka_unit_test(test_draw),
        cmocka_unit_test(test_draw_errors),
        cmocka_unit_test(test_errors_collected),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_lint_quiet),
        cmocka_unit_test(test_lint_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
