/*
 * test_quotas.c - quotas.csv: the five window forms found by exact window,
 * other windows and payees not found, and every error at its line and
 * column (window forms, quota amounts, unknown payee, a window twice).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "quotas.h"
#include "batch_fixture.h"

static const char ROSTER[] = "payee_id,name,role,annual_quota\n"
                             "ann,Ann,ae,1200\nbob,Bob,ae,1\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id\nD1,2027-01-10,100,ann\n";

static int given(const batch *b, uint32_t p, int y, int first, int last, const char *want)
{
    mpq_t q, w;
    mpq_init(q);
    mpq_init(w);
    mpq_set_si(q, -1, 1);
    int r = quota_given(b, p, y, first, last, q);
    if (r && want) {
        mpq_set_str(w, want, 10);
        mpq_canonicalize(w);
        assert_int_equal(mpq_equal(q, w), 1);
    }
    if (!r)
        assert_int_equal(mpq_cmp_si(q, -1, 1), 0);  /* untouched */
    mpq_clear(q);
    mpq_clear(w);
    return r;
}

static void test_windows(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .quotas = "payee_id,window,quota\n"
                           "ann,2027,1000\n"
                           "ann,2027-H1,450.5\n"
                           "ann,2027-H2,0\n"
                           "ann,2027-Q2,300\n"
                           "ann,2027-03,70\n"
                           "bob,2027-Q2,5\n"
                           "ann,2028-Q2,1\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(given(&b, 0, 2027, 1, 12, "1000"), 1);
    assert_int_equal(given(&b, 0, 2027, 1, 6, "901/2"), 1);
    assert_int_equal(given(&b, 0, 2027, 7, 12, "0"), 1);
    assert_int_equal(given(&b, 0, 2027, 4, 6, "300"), 1);
    assert_int_equal(given(&b, 0, 2027, 3, 3, "70"), 1);
    assert_int_equal(given(&b, 1, 2027, 4, 6, "5"), 1);
    assert_int_equal(given(&b, 0, 2028, 4, 6, "1"), 1);
    assert_int_equal(given(&b, 0, 2027, 1, 3, NULL), 0);   /* Q1: not given */
    assert_int_equal(given(&b, 0, 2027, 4, 4, NULL), 0);   /* April: not given */
    assert_int_equal(given(&b, 1, 2027, 1, 12, NULL), 0);  /* bob's year: not given */
    assert_int_equal(given(&b, 0, 2026, 1, 12, NULL), 0);
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
    assert_int_equal(given(&b, 0, 2027, 1, 12, NULL), 0);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_errors(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .quotas = "payee_id,window,quota\n"
                           "zed,2027,1\n"
                           "ann,2027-Q5,1\n"
                           "ann,2027-13,1\n"
                           "ann,2027-h1,1\n"
                           "ann,27,1\n"
                           "ann,0000,1\n"
                           "ann,2027-00,1\n"
                           "ann,2027,\n"
                           "ann,2027,-5\n"
                           "ann,2027,1e3\n"
                           "ann,2027-Q1,10\n"
                           "bob,2027-Q1,10\n"
                           "ann,2027-Q1,11\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 11);
    fixture_expect(&d, 0, "quotas.csv", 2, 1, "payee_id 'zed' is not in the roster");
    const char *forms[] = {"2027-Q5", "2027-13", "2027-h1", "27", "0000", "2027-00"};
    for (size_t i = 0; i < 6; i++) {
        char msg[128];
        snprintf(msg, sizeof msg, "window '%s' is not YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM", forms[i]);
        fixture_expect(&d, 1 + i, "quotas.csv", 3 + (long)i, 2, msg);
    }
    fixture_expect(&d, 7, "quotas.csv", 9, 3, "quota is empty");
    fixture_expect(&d, 8, "quotas.csv", 10, 3, "quota '-5' is below zero");
    fixture_expect(&d, 9, "quotas.csv", 11, 3, "quota '1e3' is not a decimal number");
    fixture_expect(&d, 10, "quotas.csv", 14, 2,
                   "duplicate window '2027-Q1' for payee_id 'ann' (first at line 12)");
    load_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
