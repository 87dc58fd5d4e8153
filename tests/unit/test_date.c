/*
 * test_date.c - calendar dates and reporting periods: period_parse_any's four
 * forms and what it refuses, period_format's canonical text (the round trip),
 * period_make's kinds, and date_parse's real dates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "date.h"

static void check_form(const char *text, int year, int first, int last, period_kind kind)
{
    period p;
    char buf[PERIOD_TEXT_SIZE];
    assert_int_equal(period_parse_any(text, &p), 0);
    assert_int_equal(p.year, year);
    assert_int_equal(p.first, first);
    assert_int_equal(p.last, last);
    assert_int_equal(p.kind, kind);
    period_format(&p, buf);
    assert_string_equal(buf, text);  /* the text round-trips */
}

static void every_form(void **state)
{
    (void)state;
    check_form("2027-03", 2027, 3, 3, PERIOD_MONTH);
    check_form("2027-01", 2027, 1, 1, PERIOD_MONTH);
    check_form("2027-12", 2027, 12, 12, PERIOD_MONTH);
    check_form("2027-Q1", 2027, 1, 3, PERIOD_QUARTER);
    check_form("2027-Q2", 2027, 4, 6, PERIOD_QUARTER);
    check_form("2027-Q3", 2027, 7, 9, PERIOD_QUARTER);
    check_form("2027-Q4", 2027, 10, 12, PERIOD_QUARTER);
    check_form("2027-H1", 2027, 1, 6, PERIOD_HALF);
    check_form("2027-H2", 2027, 7, 12, PERIOD_HALF);
    check_form("2027", 2027, 1, 12, PERIOD_YEAR);
    check_form("0001", 1, 1, 12, PERIOD_YEAR);
    check_form("9999-Q4", 9999, 10, 12, PERIOD_QUARTER);
    check_form("0042-07", 42, 7, 7, PERIOD_MONTH);
}

static void bad_forms(void **state)
{
    (void)state;
    const char *bad[] = {
        "2027-Q0", "2027-Q5", "2027-H0", "2027-H3", "2027-13", "2027-00", "2027-q1", "2027-h1",
        "27-Q1", "27", "027", "20271", "0000", "0000-01", "2027-3", "2027-003", "2027-Q01",
        "2027-Q1 ", " 2027-Q1", "2027-Q1x", "2027-03x", "2027x", "2027-", "2027-Q", "2027-H",
        "2027/03", "2027_Q1", "+2027", "-027", "", "2027-1Q", "2027-03-01", "２０２７",
        "2027-M3", "2027-Y", "2027-Q1\n", "2027-\xff"
        "1",
    };
    period p = {0, 0, 0, PERIOD_MONTH};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (period_parse_any(bad[i], &p) != -1)
            fail_msg("'%s' was accepted", bad[i]);
    }
    assert_int_equal(p.year, 0);  /* a refusal leaves out untouched */
}

static void make_kinds(void **state)
{
    (void)state;
    period p;
    char buf[PERIOD_TEXT_SIZE];
    assert_int_equal(period_make(&p, 2027, 4, 6), 0);
    period_format(&p, buf);
    assert_string_equal(buf, "2027-Q2");
    assert_int_equal(period_make(&p, 2027, 7, 12), 0);
    period_format(&p, buf);
    assert_string_equal(buf, "2027-H2");
    assert_int_equal(period_make(&p, 2027, 1, 12), 0);
    assert_int_equal(p.kind, PERIOD_YEAR);
    assert_int_equal(period_make(&p, 2027, 5, 5), 0);
    assert_int_equal(p.kind, PERIOD_MONTH);
    assert_string_equal(period_word(&p), "month");
    /* Spans that are none of the forms. */
    const int spans[][2] = {{2, 4}, {1, 2}, {3, 8}, {0, 3}, {10, 13}, {4, 3}, {2, 7}, {1, 11}};
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
        assert_int_equal(period_make(&p, 2027, spans[i][0], spans[i][1]), -1);
    assert_int_equal(period_make(&p, 0, 1, 3), -1);
    assert_int_equal(period_make(&p, 10000, 1, 3), -1);
    const char *words[] = {"month", "quarter", "half-year", "year"};
    const char *texts[] = {"2027-11", "2027-Q3", "2027-H1", "2027"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(period_parse_any(texts[i], &p), 0);
        assert_string_equal(period_word(&p), words[i]);
    }
}

/* The month-only parser keeps its contract: exactly YYYY-MM. */
static void month_parser(void **state)
{
    (void)state;
    int y = 0, m = 0;
    assert_int_equal(period_parse("2027-03", &y, &m), 0);
    assert_true(y == 2027 && m == 3);
    assert_int_equal(period_parse("2027-Q1", &y, &m), -1);
    assert_int_equal(period_parse("2027", &y, &m), -1);
    assert_int_equal(period_parse("2027-03 ", &y, &m), -1);
}

static void dates(void **state)
{
    (void)state;
    day_t d;
    char buf[11];
    assert_int_equal(date_parse("2028-02-29", 10, &d), 0);
    date_format(d, buf);
    assert_string_equal(buf, "2028-02-29");
    assert_int_equal(date_parse("2027-02-29", 10, &d), -1);
    assert_int_equal(date_parse("1970-01-01", 10, &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(date_days_in_month(2000, 2), 29);
    assert_int_equal(date_days_in_month(1900, 2), 28);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_form),
        cmocka_unit_test(bad_forms),
        cmocka_unit_test(make_kinds),
        cmocka_unit_test(month_parser),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
