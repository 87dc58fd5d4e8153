/*
 * test_adjustments.c - adjustments.csv: a payee's adjustments by period,
 * then row, signed exact amounts and the strings as written; every field
 * error at its line and column; and adjustments_check against a plan: a
 * role the plan lacks, a component not of the payee's role, a period
 * outside the plan year, each at its cell, in file order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "adjustments.h"
#include "batch_fixture.h"

static const char ROSTER[] = "payee_id,name,role,annual_quota\n"
                             "ann,Ann,ae,1\n"    /* 0 */
                             "cy,Cy,am,\n"       /* 1 */
                             "mo,Mo,ops,\n"      /* 2: a role the plan lacks */
                             "zoe,Zoe,ae,1\n";   /* 3: no adjustments */
static const char DEALS[] = "deal_id,close_date,amount,closer_id\nD1,2027-01-10,100,ann\n";
static const char PLAN[] =
    "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
    "<credit><split><closer share=\"100%\"/></split></credit>\n"
    "<role id=\"ae\"><commission id=\"base\"><tier rate=\"4%\"/></commission>\n"
    "<spif id=\"launch\" pay=\"100\"/></role>\n"
    "<role id=\"am\"><commission id=\"renewals\"><tier rate=\"3%\"/></commission></role>\n"
    "</plan>\n";
static const char HEADER[] = "payee_id,period,component_id,amount,reason,approved_by\n";

static void expect_q(const mpq_t q, const char *want)
{
    mpq_t w;
    mpq_init(w);
    assert_int_equal(mpq_set_str(w, want, 10), 0);
    mpq_canonicalize(w);
    if (!mpq_equal(q, w))
        fail_msg("got %s, want %s", mpq_get_str(NULL, 10, q), want);
    mpq_clear(w);
}

static plan *load_plan(void)
{
    diag d;
    diag_init(&d);
    plan *p = plan_load_memory(PLAN, strlen(PLAN), "plan.xml", &d);
    assert_non_null(p);
    diag_free(&d);
    return p;
}

static void test_grouped_by_payee(void **state)
{
    (void)state;
    char csv[1024];
    snprintf(csv, sizeof csv, "%s%s", HEADER,
             "ann,2027-03,base,-150.50,Overpaid in February,cfo\n"     /* 2 */
             "ann,2027-01,base,200,\"Missed deal D-1, added\",cfo\n"    /* 3 */
             "cy,2027-02,renewals,0.001,fix,vp\n"                       /* 4 */
             "ann,2027-03,launch,5,SPIF for D-2,vp\n"                   /* 5 */
             "ann,2026-12,base,1,last year,vp\n");                      /* 6 */
    fixture f = {.roster = ROSTER, .deals = DEALS, .adjustments = csv};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(d.n, 0);
    size_t n;
    const adjustment *a = batch_adjustments(&b, 0, &n);
    assert_int_equal(n, 4);
    assert_int_equal(a[0].line, 6);
    assert_int_equal(a[0].year, 2026);
    assert_int_equal(a[0].month, 12);
    assert_int_equal(a[1].line, 3);
    assert_int_equal(a[1].year, 2027);
    assert_int_equal(a[1].month, 1);
    assert_string_equal(a[1].reason, "Missed deal D-1, added");
    expect_q(a[1].amount, "200");
    assert_int_equal(a[2].line, 2);
    assert_int_equal(a[2].month, 3);
    assert_int_equal(a[2].payee, 0);
    assert_string_equal(a[2].component_id, "base");
    assert_string_equal(a[2].reason, "Overpaid in February");
    assert_string_equal(a[2].approved_by, "cfo");
    expect_q(a[2].amount, "-301/2");
    assert_int_equal(a[3].line, 5);
    assert_string_equal(a[3].component_id, "launch");
    a = batch_adjustments(&b, 1, &n);
    assert_int_equal(n, 1);
    assert_int_equal(a[0].payee, 1);
    expect_q(a[0].amount, "1/1000");
    assert_null(batch_adjustments(&b, 3, &n));
    assert_int_equal(n, 0);
    assert_null(batch_adjustments(&b, 4, &n));  /* out of range */
    plan *p = load_plan();
    diag_free(&d);
    diag_init(&d);
    assert_int_equal(adjustments_check(&b, p, &d), -1);  /* line 6: 2026 */
    assert_int_equal(d.errors, 1);
    fixture_expect(&d, 0, "adjustments.csv", 6, 2, "period '2026-12' is outside the plan year 2027");
    plan_free(p);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_no_file(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    size_t n = 9;
    assert_null(batch_adjustments(&b, 0, &n));
    assert_int_equal(n, 0);
    plan *p = load_plan();
    assert_int_equal(adjustments_check(&b, p, &d), 0);
    assert_int_equal(d.n, 0);
    plan_free(p);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_field_errors(void **state)
{
    (void)state;
    char csv[2048];
    snprintf(csv, sizeof csv, "%s%s", HEADER,
             "zed,2027-03,base,1,r,a\n"       /* 2 */
             "ann,2027-3,base,1,r,a\n"        /* 3 */
             "ann,2027-13,base,1,r,a\n"       /* 4 */
             "ann,2027-03,,1,r,a\n"           /* 5 */
             "ann,2027-03,base,,r,a\n"        /* 6 */
             "ann,2027-03,base,1.,r,a\n"      /* 7 */
             "ann,2027-03,base,-0,r,a\n"      /* 8 */
             "ann,2027-03,base,+5,r,a\n"      /* 9 */
             "ann,2027-03,base,5,,a\n"        /* 10 */
             "ann,2027-03,base,5,r,\n"        /* 11 */
             "ann,2027-Q1,base,0.00,,\n"      /* 12: four at once */
             ",0000-01,base,1,r,a\n"          /* 13 */
             "ann,2027-03,base,12345678901234567890123456789012345678901,r,a\n");  /* 14 */
    fixture f = {.roster = ROSTER, .deals = DEALS, .adjustments = csv};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 17);
    const char *F = "adjustments.csv";
    fixture_expect(&d, 0, F, 2, 1, "payee_id 'zed' is not in the roster");
    fixture_expect(&d, 1, F, 3, 2, "period '2027-3' is not a month (YYYY-MM)");
    fixture_expect(&d, 2, F, 4, 2, "period '2027-13' is not a month (YYYY-MM)");
    fixture_expect(&d, 3, F, 5, 3, "component_id is empty");
    fixture_expect(&d, 4, F, 6, 4, "amount is empty");
    fixture_expect(&d, 5, F, 7, 4, "amount '1.' is not a decimal number");
    fixture_expect(&d, 6, F, 8, 4, "amount '-0' is zero: an adjustment must change the pay");
    fixture_expect(&d, 7, F, 9, 4, "amount '+5' is not a decimal number");
    fixture_expect(&d, 8, F, 10, 5, "reason is empty: every adjustment needs one");
    fixture_expect(&d, 9, F, 11, 6, "approved_by is empty: every adjustment needs one");
    fixture_expect(&d, 10, F, 12, 2, "period '2027-Q1' is not a month (YYYY-MM)");
    fixture_expect(&d, 11, F, 12, 4, "amount '0.00' is zero: an adjustment must change the pay");
    fixture_expect(&d, 12, F, 12, 5, "reason is empty: every adjustment needs one");
    fixture_expect(&d, 13, F, 12, 6, "approved_by is empty: every adjustment needs one");
    fixture_expect(&d, 14, F, 13, 1, "payee_id is empty");
    fixture_expect(&d, 15, F, 13, 2, "period '0000-01' is not a month (YYYY-MM)");
    fixture_expect(&d, 16, F, 14, 4,
                   "amount '12345678901234567890123456789012345678901' has more than 40 digits");
    size_t n;
    assert_null(batch_adjustments(&b, 0, &n));  /* no valid row */
    load_batch_free(&b);
    diag_free(&d);
}

static void test_check_against_plan(void **state)
{
    (void)state;
    char csv[1024];
    snprintf(csv, sizeof csv, "%s%s", HEADER,
             "ann,2027-03,base,1,r,a\n"        /* 2: fine */
             "ann,2027-03,spiff,5,r,a\n"       /* 3: not a component of ae */
             "cy,2027-02,base,1,r,a\n"         /* 4: base is ae's, not am's */
             "mo,2027-02,base,1,r,a\n"         /* 5: role ops not in the plan */
             "cy,2028-01,renewals,1,r,a\n"     /* 6: next year */
             "mo,2026-01,ops,1,r,a\n"          /* 7: both */
             "ann,2027-12,launch,-5,r,a\n");   /* 8: fine */
    fixture f = {.roster = ROSTER, .deals = DEALS, .adjustments = csv};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    plan *p = load_plan();
    assert_int_equal(adjustments_check(&b, p, &d), -1);
    assert_int_equal(d.errors, 6);
    const char *F = "adjustments.csv";
    fixture_expect(&d, 0, F, 3, 3, "component_id 'spiff' is not a component of role 'ae'");
    fixture_expect(&d, 1, F, 4, 3, "component_id 'base' is not a component of role 'am'");
    fixture_expect(&d, 2, F, 5, 1,
                   "payee_id 'mo' has role 'ops', which is not a role of the plan");
    fixture_expect(&d, 3, F, 6, 2, "period '2028-01' is outside the plan year 2027");
    fixture_expect(&d, 4, F, 7, 1,
                   "payee_id 'mo' has role 'ops', which is not a role of the plan");
    fixture_expect(&d, 5, F, 7, 2, "period '2026-01' is outside the plan year 2027");
    plan_free(p);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_missing_column(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .adjustments = "payee_id,period,component_id,amount\nann,2027-03,base,1\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 2);
    fixture_expect(&d, 0, "adjustments.csv", 1, 0, "missing column 'reason'");
    fixture_expect(&d, 1, "adjustments.csv", 1, 0, "missing column 'approved_by'");
    plan *p = load_plan();
    assert_int_equal(adjustments_check(&b, p, &d), 0);  /* nothing loaded: nothing to check */
    plan_free(p);
    load_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grouped_by_payee),
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_field_errors),
        cmocka_unit_test(test_check_against_plan),
        cmocka_unit_test(test_missing_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
