/*
 * test_lint.c - plan lint on plans built in memory: each warning at its
 * line, the quiet cases that must not warn (a last split without `when`,
 * overlay="true", accelerating tiers, a cap above the first tier); overlays
 * and roll-ups for roles the plan lacks or with a share of 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lint.h"
#include "run.h"

static const char ROSTER[] = "payee_id,name,role,annual_quota\nann,Ann,ae,100000\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id\nD1,2027-01-10,100,ann\n";

/* Lints `roles` (XML of the roles) under `credit` (XML of the splits); returns d's warnings. */
static size_t lint(const char *credit, const char *roles, diag *d)
{
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
             "<credit>\n%s</credit>\n%s</plan>\n", credit, roles);
    diag load;
    diag_init(&load);
    plan *p = plan_load_memory(xml, strlen(xml), "plan.xml", &load);
    assert_non_null(p);
    batch b;
    batch_sources src = {.plan = {"plan.xml", xml, strlen(xml)},
                         .roster = {"roster.csv", ROSTER, sizeof ROSTER - 1},
                         .deals = {"deals.csv", DEALS, sizeof DEALS - 1},
                         .touches = {"touches.csv", NULL, 0},
                         .campaigns = {"campaigns.csv", NULL, 0}};
    assert_int_equal(load_batch_sources(&b, &src, 1, &load), 0);
    diag_init(d);
    size_t n = plan_lint(p, &b, d);
    assert_int_equal(n, d->warnings);
    load_batch_free(&b);
    plan_free(p);
    diag_free(&load);
    return n;
}

static const char FLAT[] = "<role id=\"ae\"><commission id=\"c\"><tier rate=\"1%\"/></commission></role>\n";

static void test_quiet_plan(void **state)
{
    (void)state;
    diag d;
    assert_int_equal(lint("<split when=\"amount > 5\" overlay=\"true\"><closer share=\"100%\"/>"
                          "<marketing share=\"10%\" model=\"linear\"/></split>\n"
                          "<split><closer share=\"100%\"/></split>\n",
                          "<role id=\"ae\"><commission id=\"c\" cap=\"5000\">"
                          "<tier upto=\"50%\" rate=\"4%\"/><tier rate=\"8%\"/></commission></role>\n",
                          &d),
                     0);  /* cap 5000 > 50% x 100000 x 4% = 2000 */
    diag_free(&d);
}

static void test_unreachable_and_shares(void **state)
{
    (void)state;
    diag d;
    assert_int_equal(lint("<split><closer share=\"70%\"/><marketing share=\"40%\" model=\"linear\"/></split>\n"
                          "<split when=\"amount > 5\"><closer share=\"1\"/></split>\n",
                          FLAT, &d),
                     2);
    assert_int_equal(d.v[0].line, 4);  /* the second split, unreachable */
    assert_non_null(strstr(d.v[0].msg, "can never apply"));
    assert_int_equal(d.v[1].line, 3);
    assert_non_null(strstr(d.v[1].msg, "110%"));
    diag_free(&d);
}

static void test_tiers_and_cap(void **state)
{
    (void)state;
    diag d;
    /* 50% x 100000 x 4% = 2000 > cap 1000; and 8% then 2%: decelerating. */
    assert_int_equal(lint("<split><closer share=\"1\"/></split>\n",
                          "<role id=\"ae\"><commission id=\"c\" cap=\"1000\">\n"
                          "<tier upto=\"50%\" rate=\"4%\"/>\n<tier upto=\"80%\" rate=\"8%\"/>\n"
                          "<tier rate=\"2%\"/></commission></role>\n",
                          &d),
                     2);
    assert_int_equal(d.v[0].line, 8);
    assert_non_null(strstr(d.v[0].msg, "decelerating"));
    assert_int_equal(d.v[1].line, 5);  /* the <commission> holding the cap */
    assert_non_null(strstr(d.v[1].msg, "first: ann"));
    diag_free(&d);
}

static void test_roles_and_spif(void **state)
{
    (void)state;
    diag d;
    assert_int_equal(lint("<split><closer share=\"1\"/></split>\n",
                          "<role id=\"ae\"><spif id=\"s\" pay=\"1\" from=\"2026-12-01\"/></role>\n"
                          "<role id=\"se\"><commission id=\"c\"><tier rate=\"1%\"/></commission></role>\n",
                          &d),
                     2);
    assert_non_null(strstr(d.v[0].msg, "role 'se' has no payees"));
    assert_non_null(strstr(d.v[1].msg, "outside the plan year"));
    diag_free(&d);
}

/* Issue 5: overlays and roll-ups for roles the plan lacks or with a share of 0. */
static void test_overlays_and_rollups(void **state)
{
    (void)state;
    diag d;
    assert_int_equal(lint("<split><closer share=\"100%\"/><marketing share=\"10%\" model=\"linear\"/>"
                          "<overlay role=\"se\" share=\"10%\"/><overlay role=\"ae\" share=\"0\"/></split>\n"
                          "<rollup role=\"mgr\"/>\n<rollup role=\"ae\" share=\"0%\"/>\n",
                          FLAT, &d),
                     5);
    assert_int_equal(d.v[0].line, 3);
    assert_non_null(strstr(d.v[0].msg, "add up to 110%"));
    assert_non_null(strstr(d.v[0].msg, "<overlay> shares, double credit by design, are not counted"));
    assert_int_equal(d.v[1].line, 3);
    assert_string_equal(d.v[1].msg, "overlay role 'se' is not a role of the plan, so its overlay credit earns nothing");
    assert_int_equal(d.v[2].line, 3);
    assert_string_equal(d.v[2].msg, "overlay share for role 'ae' is 0, so it credits nothing");
    assert_int_equal(d.v[3].line, 4);
    assert_string_equal(d.v[3].msg, "rollup role 'mgr' is not a role of the plan, so its roll-up credit earns nothing");
    assert_int_equal(d.v[4].line, 5);
    assert_string_equal(d.v[4].msg, "rollup share for role 'ae' is 0, so it credits nothing");
    diag_free(&d);
    /* Overlay shares are double credit by design: 100% + 50% on top is not warned. */
    assert_int_equal(lint("<split><closer share=\"100%\"/><overlay role=\"ae\" share=\"50%\"/></split>\n"
                          "<rollup role=\"ae\" scope=\"subtree\"/>\n",
                          FLAT, &d),
                     0);
    diag_free(&d);
}

/* A % cap check in a quarter window reads a quarter of the annual quota. */
static void test_window_cap(void **state)
{
    (void)state;
    diag d;
    /* 50% x 100000/4 x 4% = 500 <= cap 1000: quiet; over the year it would be 2000. */
    assert_int_equal(lint("<split><closer share=\"1\"/></split>\n",
                          "<role id=\"ae\"><commission id=\"c\" window=\"quarter\" cap=\"1000\">"
                          "<tier upto=\"50%\" rate=\"4%\"/><tier rate=\"8%\"/></commission></role>\n",
                          &d),
                     0);
    diag_free(&d);
    assert_int_equal(lint("<split><closer share=\"1\"/></split>\n",
                          "<role id=\"ae\"><commission id=\"c\" window=\"quarter\" cap=\"400\">"
                          "<tier upto=\"50%\" rate=\"4%\"/><tier rate=\"8%\"/></commission></role>\n",
                          &d),
                     1);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_plan),
        cmocka_unit_test(test_unreachable_and_shares),
        cmocka_unit_test(test_tiers_and_cap),
        cmocka_unit_test(test_roles_and_spif),
        cmocka_unit_test(test_overlays_and_rollups),
        cmocka_unit_test(test_window_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
