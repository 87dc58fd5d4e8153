/*
 * test_payments.c - payments.csv: a deal's payments in date order, then row
 * order; the paid fraction through a day (payments dated on the day count,
 * the next day's do not), capped at 1, of the amount as written (not the
 * converted one), 1 for a deal of amount 0; and every error at its line and
 * column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "date.h"
#include "fx.h"
#include "payments.h"
#include "batch_fixture.h"

static const char ROSTER[] = "payee_id,name,role,annual_quota\nann,Ann,ae,1\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id,currency\n"
                            "D1,2027-01-10,300,ann,\n"     /* 0 */
                            "D2,2027-02-01,0,ann,\n"       /* 1: amount 0 */
                            "D3,2027-02-01,100,ann,EUR\n"  /* 2: converted: 200 USD */
                            "D4,2027-02-01,100,ann,\n";    /* 3: no payments */
static const char PAYMENTS[] = "deal_id,date,amount\n"
                               "D1,2027-02-01,100\n"    /* 2: second */
                               "D1,2027-01-05,50\n"     /* 3: first (a deposit before the close) */
                               "D1,2027-02-01,25\n"     /* 4: third */
                               "D1,2027-04-01,500\n"    /* 5: beyond the amount */
                               "D3,2027-03-01,50\n";    /* 6 */

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

/* Payment p's amount is want. */
static void expect_amount(const batch *b, const payment *p, const char *want)
{
    mpq_t q;
    mpq_init(q);
    payment_amount(b, p, q);
    expect_q(q, want);
    mpq_clear(q);
}

static day_t day(const char *s)
{
    day_t x;
    assert_int_equal(date_parse(s, strlen(s), &x), 0);
    return x;
}

static void expect_paid(const batch *b, uint32_t di, const char *through, const char *want)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, -7, 1);
    batch_paid_fraction(b, di, day(through), q);
    expect_q(q, want);
    mpq_clear(q);
}

static void test_grouped_and_paid(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .fx = "date,currency,rate\n2027-01-01,EUR,2\n",
                 .payments = PAYMENTS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(batch_has_payments(&b), 1);
    size_t n;
    const payment *p = batch_payments(&b, 0, &n);
    assert_int_equal(n, 4);
    assert_int_equal(p[0].line, 3);
    assert_int_equal(p[0].date, day("2027-01-05"));
    expect_amount(&b, &p[0], "50");
    assert_int_equal(p[1].line, 2);
    assert_int_equal(p[2].line, 4);
    assert_int_equal(p[3].line, 5);
    expect_amount(&b, &p[3], "500");
    assert_null(batch_payments(&b, 1, &n));
    assert_int_equal(n, 0);
    assert_null(batch_payments(&b, 4, &n));  /* out of range */

    expect_paid(&b, 0, "2027-01-04", "0");
    expect_paid(&b, 0, "2027-01-05", "1/6");     /* dated on the day: counted */
    expect_paid(&b, 0, "2027-01-31", "1/6");
    expect_paid(&b, 0, "2027-02-01", "7/12");    /* 175 / 300 */
    expect_paid(&b, 0, "2027-03-31", "7/12");
    expect_paid(&b, 0, "2027-04-01", "1");       /* 675 / 300, capped */
    expect_paid(&b, 0, "2027-12-31", "1");
    expect_paid(&b, 1, "2027-01-01", "1");       /* amount 0: nothing to wait for */
    expect_paid(&b, 3, "2027-12-31", "0");       /* no payments */
    expect_paid(&b, 2, "2027-03-01", "1/2");
    /* Once converted to 200 USD, still 50 of the 100 EUR written. */
    assert_int_equal(fx_convert(&b, "USD", 2027, &d), 0);
    expect_q(b.deals[2].amount, "200");
    expect_paid(&b, 2, "2027-03-01", "1/2");
    expect_paid(&b, 2, "2027-02-28", "0");
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
    assert_int_equal(batch_has_payments(&b), 0);
    size_t n = 9;
    assert_null(batch_payments(&b, 0, &n));
    assert_int_equal(n, 0);
    expect_paid(&b, 0, "2027-12-31", "0");
    expect_paid(&b, 1, "2027-12-31", "1");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_empty_file(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS, .payments = "deal_id,date,amount\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(batch_has_payments(&b), 1);
    expect_paid(&b, 0, "2027-12-31", "0");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_field_errors(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .payments = "deal_id,date,amount\n"
                             "D9,2027-03-01,1\n"
                             "D1,2027-02-30,1\n"
                             "D1,2027-03-01,\n"
                             "D1,2027-03-01,0\n"
                             "D1,2027-03-01,-0.01\n"
                             "D1,2027-03-01,\"1,000\"\n"
                             "D1,2027-03-01,$5\n"
                             ",,0.00\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 10);
    fixture_expect(&d, 0, "payments.csv", 2, 1, "deal_id 'D9' is not in deals.csv");
    fixture_expect(&d, 1, "payments.csv", 3, 2, "date '2027-02-30' is not a date (YYYY-MM-DD)");
    fixture_expect(&d, 2, "payments.csv", 4, 3, "amount is empty");
    fixture_expect(&d, 3, "payments.csv", 5, 3, "amount '0' is not above zero");
    fixture_expect(&d, 4, "payments.csv", 6, 3, "amount '-0.01' is below zero");
    fixture_expect(&d, 5, "payments.csv", 7, 3, "amount '1,000' is not a decimal number");
    fixture_expect(&d, 6, "payments.csv", 8, 3, "amount '$5' is not a decimal number");
    fixture_expect(&d, 7, "payments.csv", 9, 1, "deal_id is empty");
    fixture_expect(&d, 8, "payments.csv", 9, 2, "date '' is not a date (YYYY-MM-DD)");
    fixture_expect(&d, 9, "payments.csv", 9, 3, "amount '0.00' is not above zero");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_missing_column(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS, .payments = "deal,date,amount\nD1,2027-03-01,1\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 1);
    fixture_expect(&d, 0, "payments.csv", 1, 0, "missing column 'deal_id'");
    assert_int_equal(batch_has_payments(&b), 0);
    load_batch_free(&b);
    diag_free(&d);
}

/*
 * Amounts at the machine words' edges: an amount and payments that are not a qw (above 2^63),
 * a sum of two qw payments that is not one, and each share as GMP gives it, through
 * batch_paid_fraction and batch_paid_months alike.
 */
static void test_amounts_beyond_words(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = "deal_id,close_date,amount,closer_id\n"
                          "D5,2027-03-01,30000000000000000000,ann\n"  /* 0: not a qw */
                          "D6,2027-01-10,3,ann\n",                    /* 1 */
                 .payments = "deal_id,date,amount\n"
                             "D5,2027-03-01,9223372036854775807\n"   /* 2^63 - 1: a qw */
                             "D5,2027-04-01,9223372036854775807\n"   /* the sum is not */
                             "D5,2027-05-01,20000000000000000000\n"  /* not a qw */
                             "D6,2027-01-10,1\n"
                             "D6,2027-02-01,9223372036854775807\n"}; /* 2^63: not a qw */
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    size_t n;
    const payment *p = batch_payments(&b, 0, &n);
    assert_int_equal(n, 3);
    expect_amount(&b, &p[0], "9223372036854775807");
    expect_amount(&b, &p[2], "20000000000000000000");
    static const char want5[] = "9223372036854775807/30000000000000000000";
    static const char want5b[] = "9223372036854775807/15000000000000000000";
    expect_paid(&b, 0, "2027-03-01", want5);
    expect_paid(&b, 0, "2027-04-01", want5b);
    expect_paid(&b, 0, "2027-05-01", "1");
    expect_paid(&b, 1, "2027-01-31", "1/3");
    expect_paid(&b, 1, "2027-02-01", "1");

    day_t month_end[13];
    mpq_t share[13], paid;
    for (int m = 1; m <= 12; m++) {
        month_end[m] = date_from_ymd(2027, m, date_days_in_month(2027, m));
        mpq_init(share[m]);
    }
    mpq_init(paid);
    assert_int_equal(batch_paid_months(&b, 0, month_end, 3, share, paid), 0x38);  /* 3, 4, 5 */
    expect_q(share[3], want5);
    expect_q(share[4], want5b);
    expect_q(share[5], "1");
    assert_int_equal(batch_paid_months(&b, 1, month_end, 1, share, paid), 0x6);  /* 1, 2 */
    expect_q(share[1], "1/3");
    expect_q(share[2], "1");
    for (int m = 1; m <= 12; m++)
        mpq_clear(share[m]);
    mpq_clear(paid);
    load_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grouped_and_paid),
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_field_errors),
        cmocka_unit_test(test_missing_column),
        cmocka_unit_test(test_amounts_beyond_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
