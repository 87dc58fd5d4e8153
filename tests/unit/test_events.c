/*
 * test_events.c - events.csv: a deal's events in date order, then row order;
 * exact fractions of the amount as written (1/3 refunds, a cancel taking
 * what is left, the cancel of a deal of amount 0); the running sum of
 * refunds against the amount; nothing after a cancel; and every error at
 * its line and column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "events.h"
#include "fx.h"
#include "batch_fixture.h"

static const char ROSTER[] = "payee_id,name,role,annual_quota\nann,Ann,ae,1\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id,currency\n"
                            "D1,2027-01-10,300,ann,\n"      /* 0 */
                            "D2,2027-02-01,100,ann,EUR\n"   /* 1: converted later */
                            "D3,2027-03-01,0,ann,\n"        /* 2: amount 0 */
                            "D4,2027-03-05,100,ann,\n"      /* 3 */
                            "D5,2027-03-05,100,ann,\n";     /* 4: no events */

/* q == num/den exactly. */
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

static void expect_event(const deal_event *e, long line, const char *date, int cancel,
                         const char *amount, const char *fraction)
{
    char day[11];
    date_format(e->date, day);
    assert_int_equal(e->line, line);
    assert_string_equal(day, date);
    assert_int_equal(e->cancel, cancel);
    expect_q(e->amount, amount);
    expect_q(e->fraction, fraction);
}

static void test_walk_order_and_fractions(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .fx = "date,currency,rate\n2027-01-01,EUR,2\n",
                 .events = "deal_id,date,kind,amount\n"
                           "D1,2027-03-01,refund,100\n"   /* 2: second (date) */
                           "D1,2027-02-01,refund,100\n"   /* 3: first */
                           "D1,2027-03-01,cancel,\n"      /* 4: same date, later row: third */
                           "D2,2027-02-01,refund,33.33\n" /* 5: on the close date */
                           "D3,2027-03-01,cancel,\n"      /* 6: all of nothing */
                           "D4,2027-04-01,refund,40\n"    /* 7 */
                           "D4,2027-04-01,refund,60\n"    /* 8: exactly what is left */
                           "D4,2027-05-01,cancel,\n"};    /* 9: nothing left */
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(d.n, 0);
    size_t n;
    const deal_event *e = batch_events(&b, 0, &n);
    assert_int_equal(n, 3);
    expect_event(&e[0], 3, "2027-02-01", 0, "100", "1/3");
    expect_event(&e[1], 2, "2027-03-01", 0, "100", "1/3");
    expect_event(&e[2], 4, "2027-03-01", 1, "100", "1/3");  /* what was left */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(e[i].deal, 0);
    e = batch_events(&b, 1, &n);
    assert_int_equal(n, 1);
    expect_event(&e[0], 5, "2027-02-01", 0, "3333/100", "3333/10000");  /* of 100 EUR */
    e = batch_events(&b, 2, &n);
    assert_int_equal(n, 1);
    expect_event(&e[0], 6, "2027-03-01", 1, "0", "1");
    e = batch_events(&b, 3, &n);
    assert_int_equal(n, 3);
    expect_event(&e[0], 7, "2027-04-01", 0, "40", "2/5");
    expect_event(&e[1], 8, "2027-04-01", 0, "60", "3/5");
    expect_event(&e[2], 9, "2027-05-01", 1, "0", "0");
    assert_null(batch_events(&b, 4, &n));  /* D5: none */
    assert_int_equal(n, 0);
    assert_null(batch_events(&b, 5, &n));  /* out of range */
    /* Converting D2 to the plan's currency changes nothing already computed. */
    assert_int_equal(fx_convert(&b, "USD", 2027, &d), 0);
    e = batch_events(&b, 1, &n);
    expect_q(e[0].fraction, "3333/10000");
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
    assert_null(batch_events(&b, 0, &n));
    assert_int_equal(n, 0);
    assert_null(b.events);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_empty_file(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS, .events = "deal_id,date,kind,amount\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    size_t n = 9;
    assert_null(batch_events(&b, 0, &n));
    assert_int_equal(n, 0);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_field_errors(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .events = "deal_id,date,kind,amount\n"
                           "D9,2027-03-01,refund,1\n"
                           "D1,2027-13-01,refund,1\n"
                           "D1,2027-01-09,refund,1\n"
                           "D1,2027-03-01,void,1\n"
                           "D1,2027-03-01,,1\n"
                           "D1,2027-03-01,cancel,5\n"
                           "D1,2027-03-01,refund,\n"
                           "D1,2027-03-01,refund,0\n"
                           "D1,2027-03-01,refund,-5\n"
                           "D1,2027-03-01,refund,1e3\n"
                           ",2027-03-01,refund,1\n"
                           "D1,2027-03-01,Cancel,abc\n"
                           "D1,2027-03-01,refund,12345678901234567890123456789012345678901\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 14);
    fixture_expect(&d, 0, "events.csv", 2, 1, "deal_id 'D9' is not in deals.csv");
    fixture_expect(&d, 1, "events.csv", 3, 2, "date '2027-13-01' is not a date (YYYY-MM-DD)");
    fixture_expect(&d, 2, "events.csv", 4, 2,
                   "date '2027-01-09' is before the close_date of deal D1 (2027-01-10)");
    fixture_expect(&d, 3, "events.csv", 5, 3, "kind 'void' is not cancel or refund");
    fixture_expect(&d, 4, "events.csv", 6, 3, "kind is empty");
    fixture_expect(&d, 5, "events.csv", 7, 4,
                   "amount '5' is given for a cancel: a cancel takes what is left of the deal");
    fixture_expect(&d, 6, "events.csv", 8, 4, "amount is empty: a refund needs one");
    fixture_expect(&d, 7, "events.csv", 9, 4, "amount '0' is not above zero");
    fixture_expect(&d, 8, "events.csv", 10, 4, "amount '-5' is below zero");
    fixture_expect(&d, 9, "events.csv", 11, 4, "amount '1e3' is not a decimal number");
    fixture_expect(&d, 10, "events.csv", 12, 1, "deal_id is empty");
    fixture_expect(&d, 11, "events.csv", 13, 3, "kind 'Cancel' is not cancel or refund");
    fixture_expect(&d, 12, "events.csv", 13, 4, "amount 'abc' is not a decimal number");
    fixture_expect(&d, 13, "events.csv", 14, 4,
                   "amount '12345678901234567890123456789012345678901' has more than 40 digits");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_running_sum_and_cancel(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .events = "deal_id,date,kind,amount\n"
                           "D1,2027-02-01,refund,200\n"   /* 2: 100 left */
                           "D1,2027-03-01,refund,150\n"   /* 3: more than the 100 left */
                           "D1,2027-03-01,refund,100\n"   /* 4: fine: 3 did not count */
                           "D1,2027-04-01,cancel,\n"      /* 5: nothing left, fine */
                           "D1,2027-04-01,refund,1\n"     /* 6: same day, after the cancel */
                           "D1,2027-05-01,cancel,\n"      /* 7: after the cancel */
                           "D3,2027-03-02,refund,1\n"     /* 8: a deal of amount 0 */
                           "D2,2027-06-01,refund,10\n"    /* 9: dated after the cancel of 10 */
                           "D2,2027-05-01,cancel,\n"      /* 10 */
                           "D4,2027-03-05,refund,66.67\n" /* 11 */
                           "D4,2027-03-06,refund,40\n"};  /* 12: 33.33 left */
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 6);
    /* In file order. */
    fixture_expect(&d, 0, "events.csv", 3, 4,
                   "amount '150' is more than what is left of deal D1 (100)");
    fixture_expect(&d, 1, "events.csv", 6, 2,
                   "deal D1 is cancelled at line 5: no event may follow the cancel");
    fixture_expect(&d, 2, "events.csv", 7, 2,
                   "deal D1 is cancelled at line 5: no event may follow the cancel");
    fixture_expect(&d, 3, "events.csv", 8, 4, "amount '1' is more than what is left of deal D3 (0)");
    fixture_expect(&d, 4, "events.csv", 9, 2,
                   "deal D2 is cancelled at line 10: no event may follow the cancel");
    fixture_expect(&d, 5, "events.csv", 12, 4,
                   "amount '40' is more than what is left of deal D4 (33.33)");
    /* The events in error are left out; the others keep their fractions. */
    size_t n;
    const deal_event *e = batch_events(&b, 0, &n);
    assert_int_equal(n, 3);
    expect_event(&e[0], 2, "2027-02-01", 0, "200", "2/3");
    expect_event(&e[1], 4, "2027-03-01", 0, "100", "1/3");
    expect_event(&e[2], 5, "2027-04-01", 1, "0", "0");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_bad_row_stops_the_walk(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .events = "deal_id,date,kind,amount\n"
                           "D1,2027-02-01,refund,200\n"
                           "D1,2027-02-02,refund,x\n"
                           "D1,2027-02-03,refund,200\n"};  /* beyond, but D1 is not walked */
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 1);
    fixture_expect(&d, 0, "events.csv", 3, 4, "amount 'x' is not a decimal number");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_missing_column(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS, .events = "deal_id,date,type\nD1,2027-03-01,x\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 2);
    fixture_expect(&d, 0, "events.csv", 1, 0, "missing column 'kind'");
    fixture_expect(&d, 1, "events.csv", 1, 0, "missing column 'amount'");
    load_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_order_and_fractions),
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_field_errors),
        cmocka_unit_test(test_running_sum_and_cancel),
        cmocka_unit_test(test_bad_row_stops_the_walk),
        cmocka_unit_test(test_missing_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
