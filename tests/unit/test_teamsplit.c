/*
 * test_teamsplit.c - splits.csv: shares grouped by deal in file order, the
 * three number forms, sums of exactly 100% (1/3 + 1/3 + 1/3 included), and
 * every error at its line and column: unknown deal or payee, bad or zero
 * shares, a pair twice, sums other than 100% (shown exactly).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "teamsplit.h"
#include "batch_fixture.h"

static const char ROSTER[] = "payee_id,name,role,annual_quota\n"
                             "ann,Ann,ae,1\nbob,Bob,ae,1\ncy,Cy,ae,1\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id\n"
                            "D1,2027-01-10,100,ann\n"
                            "D2,2027-01-11,100,ann\n"
                            "D3,2027-01-12,100,bob\n";

static void test_grouped_by_deal(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .splits = "deal_id,payee_id,share\n"
                           "D3,cy,1/3\n"
                           "D1,bob,50%\n"
                           "D3,ann,1/3\n"
                           "D1,ann,0.5\n"
                           "D3,bob,1/3\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(d.errors, 0);
    size_t n;
    const team_share *t = batch_team(&b, 0, &n);
    assert_int_equal(n, 2);
    assert_int_equal(t[0].payee, 1);
    assert_int_equal(t[0].line, 3);
    assert_int_equal(mpq_cmp_ui(t[0].share, 1, 2), 0);
    assert_int_equal(t[1].payee, 0);
    assert_int_equal(t[1].line, 5);
    assert_int_equal(mpq_cmp_ui(t[1].share, 1, 2), 0);
    assert_null(batch_team(&b, 1, &n));  /* D2: no rows, the closer keeps it all */
    assert_int_equal(n, 0);
    t = batch_team(&b, 2, &n);
    assert_int_equal(n, 3);
    assert_int_equal(t[0].payee, 2);
    assert_int_equal(t[1].payee, 0);
    assert_int_equal(t[2].payee, 1);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(mpq_cmp_ui(t[i].share, 1, 3), 0);
    assert_null(batch_team(&b, 3, &n));  /* out of range */
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
    assert_null(batch_team(&b, 0, &n));
    assert_int_equal(n, 0);
    assert_null(b.team);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_field_errors(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .splits = "deal_id,payee_id,share\n"
                           "D9,ann,1\n"
                           "D1,zed,1\n"
                           "D2,ann,\n"
                           "D2,bob,half\n"
                           "D2,cy,1/0\n"
                           "D3,ann,0%\n"
                           "D3,bob,12345678901234567890123456789012345678901\n"
                           ",cy,1\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 8);
    fixture_expect(&d, 0, "splits.csv", 2, 1, "deal_id 'D9' is not in deals.csv");
    fixture_expect(&d, 1, "splits.csv", 3, 2, "payee_id 'zed' is not in the roster");
    fixture_expect(&d, 2, "splits.csv", 4, 3, "share is empty");
    fixture_expect(&d, 3, "splits.csv", 5, 3,
                   "share 'half' is not a decimal, a percentage or a fraction");
    fixture_expect(&d, 4, "splits.csv", 6, 3, "share '1/0' has a zero denominator");
    fixture_expect(&d, 5, "splits.csv", 7, 3, "share '0%' is not above zero");
    fixture_expect(&d, 6, "splits.csv", 8, 3,
                   "share '12345678901234567890123456789012345678901' has more than 40 digits");
    fixture_expect(&d, 7, "splits.csv", 9, 1, "deal_id is empty");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_duplicate_pair(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .splits = "deal_id,payee_id,share\n"
                           "D1,ann,1/2\n"
                           "D1,bob,1/2\n"
                           "D1,ann,1/2\n"
                           "D1,ann,1/2\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 2);  /* the deal's sum is not checked: its rows are in error */
    fixture_expect(&d, 0, "splits.csv", 4, 2,
                   "duplicate payee_id 'ann' for deal_id 'D1' (first at line 2)");
    fixture_expect(&d, 1, "splits.csv", 5, 2,
                   "duplicate payee_id 'ann' for deal_id 'D1' (first at line 2)");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_sums(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .splits = "deal_id,payee_id,share\n"
                           "D2,ann,1/3\n"
                           "D1,ann,50%\n"
                           "D1,bob,0.4\n"
                           "D2,bob,1/3\n"
                           "D3,ann,0.75\n"
                           "D3,bob,35%\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 3);
    /* In order of each deal's first row, at that row, with no column. */
    fixture_expect(&d, 0, "splits.csv", 2, 0, "shares of deal D2 add up to 200/3%, not 100%");
    fixture_expect(&d, 1, "splits.csv", 3, 0, "shares of deal D1 add up to 90%, not 100%");
    fixture_expect(&d, 2, "splits.csv", 6, 0, "shares of deal D3 add up to 110%, not 100%");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_missing_column(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS, .splits = "deal_id,payee\nD1,ann\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 2);
    fixture_expect(&d, 0, "splits.csv", 1, 0, "missing column 'payee_id'");
    fixture_expect(&d, 1, "splits.csv", 1, 0, "missing column 'share'");
    load_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grouped_by_deal),
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_field_errors),
        cmocka_unit_test(test_duplicate_pair),
        cmocka_unit_test(test_sums),
        cmocka_unit_test(test_missing_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
