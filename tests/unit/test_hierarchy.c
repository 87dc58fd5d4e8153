/*
 * test_hierarchy.c - the roster's optional manager_id, start_date and
 * end_date: managers resolved, cycles of length 1, 2 and 3 reported once
 * each at their first payee in roster order, unknown managers, employment
 * dates and payee_employed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hierarchy.h"
#include "batch_fixture.h"

static const char DEALS[] = "deal_id,close_date,amount,closer_id\nD1,2027-01-10,100,ann\n";

static void test_forest(void **state)
{
    (void)state;
    fixture f = {.roster = "payee_id,name,role,annual_quota,manager_id\n"
                           "ann,Ann,ae,1,mo\n"
                           "bob,Bob,ae,1,mo\n"
                           "mo,Mo,mgr,,vp\n"
                           "vp,Vi,vp,,\n",
                 .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(b.payees[0].manager, 2);
    assert_int_equal(b.payees[1].manager, 2);
    assert_int_equal(b.payees[2].manager, 3);
    assert_int_equal(b.payees[3].manager, -1);
    assert_int_equal(b.roster_manager_col, 5);
    assert_int_equal(hierarchy_check(&b, &d), 0);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_no_manager_column(void **state)
{
    (void)state;
    fixture f = {.roster = "payee_id,name,role,annual_quota\nann,Ann,ae,1\n", .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(b.payees[0].manager, -1);
    assert_int_equal(b.payees[0].start, DAY_OPEN_START);
    assert_int_equal(b.payees[0].end, DAY_OPEN_END);
    assert_int_equal(b.roster_manager_col, 0);
    assert_true(payee_employed(&b.payees[0], date_from_ymd(1, 1, 1)));
    assert_true(payee_employed(&b.payees[0], date_from_ymd(9999, 12, 31)));
    load_batch_free(&b);
    diag_free(&d);
}

static void test_cycle_of_one(void **state)
{
    (void)state;
    fixture f = {.roster = "payee_id,name,role,manager_id,annual_quota\n"
                           "ann,Ann,ae,,1\n"
                           "bob,Bob,ae,bob,1\n",
                 .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 1);
    fixture_expect(&d, 0, "roster.csv", 3, 4, "manager cycle: bob -> bob");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_cycle_of_two(void **state)
{
    (void)state;
    fixture f = {.roster = "payee_id,name,role,annual_quota,manager_id\n"
                           "ann,Ann,ae,1,bob\n"
                           "bob,Bob,ae,1,ann\n"
                           "cy,Cy,ae,1,bob\n",  /* a tail into the cycle: not a cycle itself */
                 .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 1);
    fixture_expect(&d, 0, "roster.csv", 2, 5, "manager cycle: ann -> bob -> ann");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_cycle_of_three_and_more(void **state)
{
    (void)state;
    /* Roster order cy, ann, bob: the cycle is named from cy, its first payee in the roster. */
    fixture f = {.roster = "payee_id,name,role,annual_quota,manager_id\n"
                           "top,Top,vp,,\n"
                           "cy,Cy,ae,1,ann\n"
                           "ann,Ann,ae,1,bob\n"
                           "x,X,ae,1,y\n"
                           "bob,Bob,ae,1,cy\n"
                           "y,Y,ae,1,x\n"
                           "z,Z,ae,1,z\n"
                           "w,W,ae,1,top\n",
                 .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 3);
    fixture_expect(&d, 0, "roster.csv", 3, 5, "manager cycle: cy -> ann -> bob -> cy");
    fixture_expect(&d, 1, "roster.csv", 5, 5, "manager cycle: x -> y -> x");
    fixture_expect(&d, 2, "roster.csv", 8, 5, "manager cycle: z -> z");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_unknown_manager(void **state)
{
    (void)state;
    fixture f = {.roster = "payee_id,name,role,annual_quota,manager_id\n"
                           "ann,Ann,ae,1,zed\n"
                           "bob,Bob,ae,1,\"a\x01\"\n",
                 .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 2);
    fixture_expect(&d, 0, "roster.csv", 2, 5, "manager_id 'zed' is not in the roster");
    fixture_expect(&d, 1, "roster.csv", 3, 5, "manager_id 'a\x01' contains a control character");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_employment(void **state)
{
    (void)state;
    fixture f = {.roster = "payee_id,name,role,annual_quota,start_date,end_date\n"
                           "ann,Ann,ae,1,2027-02-01,2027-06-30\n"
                           "bob,Bob,ae,1,,2027-03-31\n"
                           "cy,Cy,ae,1,2027-04-01,\n"
                           "dee,Dee,ae,1,2027-05-05,2027-05-05\n",
                 .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    const payee *ann = &b.payees[0], *bob = &b.payees[1], *cy = &b.payees[2], *dee = &b.payees[3];
    assert_false(payee_employed(ann, date_from_ymd(2027, 1, 31)));
    assert_true(payee_employed(ann, date_from_ymd(2027, 2, 1)));
    assert_true(payee_employed(ann, date_from_ymd(2027, 6, 30)));
    assert_false(payee_employed(ann, date_from_ymd(2027, 7, 1)));
    assert_int_equal(bob->start, DAY_OPEN_START);
    assert_true(payee_employed(bob, date_from_ymd(1990, 1, 1)));
    assert_false(payee_employed(bob, date_from_ymd(2027, 4, 1)));
    assert_int_equal(cy->end, DAY_OPEN_END);
    assert_true(payee_employed(cy, date_from_ymd(2099, 1, 1)));
    assert_false(payee_employed(cy, date_from_ymd(2027, 3, 31)));
    assert_true(payee_employed(dee, date_from_ymd(2027, 5, 5)));
    assert_false(payee_employed(dee, date_from_ymd(2027, 5, 6)));
    load_batch_free(&b);
    diag_free(&d);
}

static void test_employment_errors(void **state)
{
    (void)state;
    fixture f = {.roster = "payee_id,name,role,annual_quota,start_date,end_date\n"
                           "ann,Ann,ae,1,2027-02-30,\n"
                           "bob,Bob,ae,1,,31.03.2027\n"
                           "cy,Cy,ae,1,2027-04-02,2027-04-01\n",
                 .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 3);
    fixture_expect(&d, 0, "roster.csv", 2, 5, "start_date '2027-02-30' is not a date (YYYY-MM-DD)");
    fixture_expect(&d, 1, "roster.csv", 3, 6, "end_date '31.03.2027' is not a date (YYYY-MM-DD)");
    fixture_expect(&d, 2, "roster.csv", 4, 6, "end_date '2027-04-01' is before start_date '2027-04-02'");
    load_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forest),
        cmocka_unit_test(test_no_manager_column),
        cmocka_unit_test(test_cycle_of_one),
        cmocka_unit_test(test_cycle_of_two),
        cmocka_unit_test(test_cycle_of_three_and_more),
        cmocka_unit_test(test_unknown_manager),
        cmocka_unit_test(test_employment),
        cmocka_unit_test(test_employment_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
