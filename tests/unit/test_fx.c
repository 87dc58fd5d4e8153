/*
 * test_fx.c - deals.csv's currency column and fx.csv: the latest rate on or
 * before the close date (one dated exactly on it is used, one the day after
 * is not), plan-currency and out-of-year deals untouched, the original
 * amounts kept, and every error at its line and column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fx.h"
#include "batch_fixture.h"

static const char ROSTER[] = "payee_id,name,role,annual_quota\nann,Ann,ae,1\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id,currency\n"
                            "D1,2027-03-10,100,ann,EUR\n"    /* 0: the rate of 03-10 */
                            "D2,2027-03-09,100,ann,EUR\n"    /* 1: the rate of 03-01 */
                            "D3,2027-03-10,100,ann,USD\n"    /* 2: the plan's currency */
                            "D4,2027-03-10,100,ann,\n"       /* 3: empty: the plan's */
                            "D5,2026-12-31,100,ann,GBP\n"    /* 4: out of the plan year */
                            "D6,2027-12-31,33.33,ann,JPY\n"; /* 5: the rate of 2027-01-01 */
static const char FX[] = "date,currency,rate\n"
                         "2027-03-11,EUR,1.3\n"   /* the day after D1's close: not used */
                         "2027-03-01,EUR,1.1\n"
                         "2027-01-01,JPY,0.0067\n"
                         "2027-03-10,EUR,1.2\n";  /* exactly D1's close: used */

static void expect_amount(const batch *b, uint32_t di, const char *amount, const char *original)
{
    mpq_t want;
    mpq_init(want);
    mpq_set_str(want, amount, 10);
    mpq_canonicalize(want);
    assert_int_equal(mpq_equal(b->deals[di].amount, want), 1);
    const mpq_t *orig = batch_original_amount(b, di);
    if (!original) {
        assert_null(orig);
    } else {
        assert_non_null(orig);
        mpq_set_str(want, original, 10);
        mpq_canonicalize(want);
        assert_int_equal(mpq_equal(*orig, want), 1);
    }
    mpq_clear(want);
}

static void test_convert(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS, .fx = FX};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(b.deal_currency_col, 4);
    assert_string_equal(batch_deal_currency(&b, 0), "EUR");
    assert_null(batch_deal_currency(&b, 3));
    assert_null(batch_original_amount(&b, 0));  /* nothing converted yet */
    assert_int_equal(fx_convert(&b, "USD", 2027, &d), 0);
    assert_int_equal(d.errors, 0);
    expect_amount(&b, 0, "120", "100");
    expect_amount(&b, 1, "110", "100");
    expect_amount(&b, 2, "100", NULL);
    expect_amount(&b, 3, "100", NULL);
    expect_amount(&b, 4, "100", NULL);  /* GBP without a rate, but out of scope */
    expect_amount(&b, 5, "223311/1000000", "3333/100");  /* 33.33 x 0.0067 = 0.223311 */
    /* Once converted, a deal is not converted again. */
    assert_int_equal(fx_convert(&b, "USD", 2027, &d), 0);
    expect_amount(&b, 0, "120", "100");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_no_currency_column(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = "deal_id,close_date,amount,closer_id\nD1,2027-03-10,100,ann\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(b.deal_currency_col, -1);
    assert_null(batch_deal_currency(&b, 0));
    assert_int_equal(fx_convert(&b, "USD", 2027, &d), 0);
    expect_amount(&b, 0, "100", NULL);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_missing_rates(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = "deal_id,close_date,amount,closer_id,currency\n"
                          "D1,2027-02-28,100,ann,EUR\n"   /* before EUR's first rate */
                          "D2,2027-03-10,100,ann,GBP\n"   /* no GBP at all */
                          "D3,2027-03-10,100,ann,EUR\n",  /* fine */
                 .fx = "date,currency,rate\n2027-03-01,EUR,1.1\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(fx_convert(&b, "USD", 2027, &d), -1);
    assert_int_equal(d.errors, 2);
    fixture_expect(&d, 0, "deals.csv", 2, 5,
                   "deal D1: no fx.csv rate for EUR on or before 2027-02-28");
    fixture_expect(&d, 1, "deals.csv", 3, 5,
                   "deal D2: no fx.csv rate for GBP on or before 2027-03-10");
    expect_amount(&b, 2, "110", "100");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_no_fx_file(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(fx_convert(&b, "USD", 2027, &d), -1);
    assert_int_equal(d.errors, 3);  /* D1, D2, D6; not D5 (2026) */
    fixture_expect(&d, 0, "deals.csv", 2, 5,
                   "deal D1: no fx.csv rate for EUR on or before 2027-03-10");
    fixture_expect(&d, 1, "deals.csv", 3, 5,
                   "deal D2: no fx.csv rate for EUR on or before 2027-03-09");
    fixture_expect(&d, 2, "deals.csv", 7, 5,
                   "deal D6: no fx.csv rate for JPY on or before 2027-12-31");
    expect_amount(&b, 0, "100", NULL);
    load_batch_free(&b);
    diag_free(&d);
    /* The plan in EUR: D1 and D2 are at home, D3 (USD) is foreign. */
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(fx_convert(&b, "EUR", 2027, &d), -1);
    assert_int_equal(d.errors, 2);
    fixture_expect(&d, 0, "deals.csv", 4, 5,
                   "deal D3: no fx.csv rate for USD on or before 2027-03-10");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_plan_currency_row(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .fx = "date,currency,rate\n"
                       "2027-01-01,EUR,1.1\n"
                       "2027-01-01,JPY,0.0067\n"
                       "2027-01-01,USD,1\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(fx_convert(&b, "USD", 2027, &d), -1);
    assert_int_equal(d.errors, 1);
    fixture_expect(&d, 0, "fx.csv", 4, 2, "currency 'USD' is the plan's currency: it needs no rate");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_load_errors(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = "deal_id,close_date,amount,closer_id,currency\n"
                          "D1,2027-03-10,100,ann,EURO\n"
                          "D2,2027-03-10,100,ann,eur\n"
                          "D3,2027-03-10,100,ann,XAU\n",
                 .fx = "date,currency,rate\n"
                       "2027-01-01,EUR,1\n"
                       "2027-01-01,EUR,1,5\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 4);
    fixture_expect(&d, 0, "deals.csv", 2, 5, "currency 'EURO' is not a known ISO 4217 code");
    fixture_expect(&d, 1, "deals.csv", 3, 5, "currency 'eur' is not a known ISO 4217 code");
    fixture_expect(&d, 2, "deals.csv", 4, 5, "currency 'XAU' is not a known ISO 4217 code");
    /* 2027-01-01,EUR,1,5 is a ragged row, reported by the CSV reader before any value. */
    fixture_expect(&d, 3, "fx.csv", 3, 4, "expected 3 fields, found 4");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_fx_value_errors(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .fx = "date,currency,rate\n"
                       "2027-02-30,EUR,1\n"
                       "2027-01-01,,1\n"
                       "2027-01-01,EURO,1\n"
                       "2027-01-01,EUR,0\n"
                       "2027-01-01,EUR,-1.5\n"
                       "2027-01-01,EUR,1.5x\n"
                       "2027-01-01,EUR,\n"
                       "2027-01-01,GBP,1.25\n"
                       "2027-01-01,GBP,1.5\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 8);
    fixture_expect(&d, 0, "fx.csv", 2, 1, "date '2027-02-30' is not a date (YYYY-MM-DD)");
    fixture_expect(&d, 1, "fx.csv", 3, 2, "currency is empty");
    fixture_expect(&d, 2, "fx.csv", 4, 2, "currency 'EURO' is not a known ISO 4217 code");
    fixture_expect(&d, 3, "fx.csv", 5, 3, "rate '0' is not above zero");
    fixture_expect(&d, 4, "fx.csv", 6, 3, "rate '-1.5' is below zero");
    fixture_expect(&d, 5, "fx.csv", 7, 3, "rate '1.5x' is not a decimal number");
    fixture_expect(&d, 6, "fx.csv", 8, 3, "rate is empty");
    fixture_expect(&d, 7, "fx.csv", 10, 2,
                   "duplicate currency 'GBP' for date '2027-01-01' (first at line 9)");
    load_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_convert),
        cmocka_unit_test(test_no_currency_column),
        cmocka_unit_test(test_missing_rates),
        cmocka_unit_test(test_no_fx_file),
        cmocka_unit_test(test_plan_currency_row),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_fx_value_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
