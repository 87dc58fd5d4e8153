/*
 * test_plandiff.c - truce diff's library part: a two-plan comparison on a
 * batch small enough to work out by hand, as data (plandiff.c) and as text
 * (plandiff_report.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "run.h"
#include "plandiff.h"

#define PLAN(rate)                                                                        \
    "<plan xmlns=\"urn:truce:plan:1\" id=\"p\" year=\"2027\" currency=\"USD\">"           \
    "<credit><split><closer share=\"100%\"/></split></credit>"                            \
    "<role id=\"ae\"><commission id=\"base\"><tier upto=\"1000\" rate=\"10%\"/>"          \
    "<tier rate=\"" rate "\"/></commission></role></plan>"

static const char ROSTER[] = "payee_id,name,role,annual_quota\nb,B,ae,\na,A,ae,\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id\n"
                            "D1,2027-01-10,800,a\nD2,2027-02-10,800,a\nD3,2027-02-11,500,b\n";

static void compute(run_state *r, const char *xml, diag *d)
{
    batch_sources src = {.plan = {"plan.xml", xml, strlen(xml)},
                         .roster = {"roster.csv", ROSTER, sizeof ROSTER - 1},
                         .deals = {"deals.csv", DEALS, sizeof DEALS - 1},
                         .touches = {"touches.csv", NULL, 0},
                         .campaigns = {"campaigns.csv", NULL, 0}};
    run_options o = {.month = 3, .jobs = 1};
    assert_int_equal(run_compute_sources(r, &src, &o, d), 0);
}

/*
 * Tier 2 from 20% to 30%.  a: 800 in Jan (80), 800 in Feb: 200 at 10% + 600
 * at 20% = 140 old, 200 new.  b: 500 at 10% = 50 both.  Q1: a 220 -> 280
 * (+60, +27.27%); b 50 -> 50.  D2 is a's first line that differs.
 */
static void test_rate_change(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    run_state old, new_;
    compute(&old, PLAN("20%"), &d);
    compute(&new_, PLAN("30%"), &d);
    period per;
    assert_int_equal(period_parse_any("2027-Q1", &per), 0);
    assert_int_equal(plandiff_check(&old, &new_, &per, &d), 0);
    plandiff df;
    plandiff_compute(&df, &old, &new_, &per);
    /* The data: a's 60.00 gain, D2's earnings 140 -> 200 from tier 2's rate. */
    assert_int_equal(df.nrows, 2);
    assert_int_equal(mpz_cmp_ui(df.total_old, 27000), 0);
    assert_int_equal(mpz_cmp_ui(df.total_new, 33000), 0);
    assert_int_equal(df.gain.n, 1);
    assert_int_equal(df.lose.n, 0);
    assert_int_equal(df.unchanged, 1);
    assert_int_equal(df.nchanged, 1);
    const plandiff_payee *a = &df.changed[0];
    assert_string_equal(old.batch.payees[a->payee].id, "a");
    assert_int_equal(mpz_cmp_ui(a->delta, 6000), 0);
    assert_true(a->found && a->same_credit);
    assert_string_equal(old.batch.deals[a->deal].id, "D2");
    assert_int_equal(mpq_cmp_ui(a->earned_old, 140, 1), 0);
    assert_int_equal(mpq_cmp_ui(a->earned_new, 200, 1), 0);
    assert_int_equal(a->why.why, WHY_RATE);
    assert_int_equal(a->why.tier, 1);
    assert_string_equal(a->why.component, "base");
    strbuf sb = STRBUF_INIT;
    plandiff_csv(&sb, &df);
    assert_string_equal(sb.p, PLANDIFF_HEADER "\n"
                              "a,ae,base,220.00,280.00,60.00,27.27\n"
                              "b,ae,base,50.00,50.00,0.00,0.00\n");
    sb_reset(&sb);
    plandiff_summary(&sb, &df, "2027-Q1");
    assert_non_null(strstr(sb.p, "total cost: old 270.00, new 330.00, delta +60.00\n"));
    /* revenue 2100: 270/2100 = 12.857% and 330/2100 = 15.714% */
    assert_non_null(strstr(sb.p, "old 12.86%, new 15.71%"));
    assert_non_null(strstr(sb.p, "1 gain (median +60.00, largest +60.00); 0 lose; 1 unchanged"));
    assert_non_null(strstr(sb.p, "D2 2027-02-10 closer, credit 800, earns 140 -> 200 in all components"));
    assert_non_null(strstr(sb.p, "tier 2 of 'base' 20% -> 30%"));
    sb_free(&sb);
    plandiff_free(&df);
    run_free(&old);
    run_free(&new_);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
