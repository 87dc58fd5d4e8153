/*
 * test_informat.c - unit tests for informat.h: export column formats to
 * the contract's formats.
 *
 * Every expected value is written by hand: a number keeps every digit of
 * its input, only the marks and the sign move; a date is the same day
 * written YYYY-MM-DD; an id is the name in lower case with '-' for spaces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "informat.h"

/* Converts s; returns the result (static buffer) or "ERR". */
static const char *conv(const informat *f, const char *s)
{
    static char out[256];
    strbuf sb = STRBUF_INIT;
    const char *why = NULL;
    int rc = informat_convert(&sb, s, f, &why);
    if (rc == 0) {
        assert_non_null(sb.p);
        strcpy(out, sb.p);
    } else {
        assert_non_null(why);
        strcpy(out, "ERR");
    }
    sb_free(&sb);
    return out;
}

static const informat TEXT = {INFORMAT_TEXT, '.', 0, NULL};
static const informat ID = {INFORMAT_ID, '.', 0, NULL};
static const informat YMD = {INFORMAT_DATE_YMD, '.', 0, NULL};
static const informat MDY = {INFORMAT_DATE_MDY, '.', 0, NULL};
static const informat DMY = {INFORMAT_DATE_DMY, '.', 0, NULL};

static void test_kind_names(void **state)
{
    informat_kind k;
    assert_int_equal(informat_parse_kind("MM/DD/YYYY", &k), 0);
    assert_int_equal(k, INFORMAT_DATE_MDY);
    assert_int_equal(informat_parse_kind("number", &k), 0);
    assert_int_equal(k, INFORMAT_NUMBER);
    assert_int_equal(informat_parse_kind("mm/dd/yyyy", &k), -1);
    assert_string_equal(informat_kind_name(INFORMAT_DATE_DMY), "DD.MM.YYYY");
}

static void test_text_and_empty(void **state)
{
    assert_string_equal(conv(&TEXT, " a, b "), " a, b ");
    /* Empty stays empty in every format: whether it may be empty is the batch's rule. */
    assert_string_equal(conv(&TEXT, ""), "");
    assert_string_equal(conv(&MDY, ""), "");
    informat n = {INFORMAT_NUMBER, '.', ',', "$"};
    assert_string_equal(conv(&n, ""), "");
}

static void test_ids_from_names(void **state)
{
    assert_string_equal(conv(&ID, "Moses Frase"), "moses-frase");
    assert_string_equal(conv(&ID, "Mei-Mei Johns"), "mei-mei-johns");
    /* trimmed; a run of spaces and tabs is one '-' */
    assert_string_equal(conv(&ID, "  Ana \t  Ruiz "), "ana-ruiz");
    /* only ASCII letters change case; other bytes are kept for the batch to judge */
    assert_string_equal(conv(&ID, "JOSÉ O'Neil"), "josÉ-o'neil");
    assert_string_equal(conv(&ID, "005A0000Xy"), "005a0000xy");
}

static void test_iso_dates(void **state)
{
    assert_string_equal(conv(&YMD, "2017-03-01"), "2017-03-01");
    assert_string_equal(conv(&YMD, "2017-02-29"), "ERR");  /* 2017 is not a leap year */
    assert_string_equal(conv(&YMD, "2017-3-1"), "ERR");
    assert_string_equal(conv(&YMD, "2017-03-01 10:00"), "ERR");
}

static void test_us_dates(void **state)
{
    assert_string_equal(conv(&MDY, "03/15/2027"), "2027-03-15");
    assert_string_equal(conv(&MDY, "3/5/2027"), "2027-03-05");
    assert_string_equal(conv(&MDY, "02/29/2028"), "2028-02-29");  /* 2028 is a leap year */
    assert_string_equal(conv(&MDY, "02/29/2027"), "ERR");
    assert_string_equal(conv(&MDY, "15/03/2027"), "ERR");         /* month 15 */
    assert_string_equal(conv(&MDY, "03/15/27"), "ERR");           /* two-digit year */
    assert_string_equal(conv(&MDY, "003/15/2027"), "ERR");
    assert_string_equal(conv(&MDY, "03-15-2027"), "ERR");
    assert_string_equal(conv(&MDY, "03/15/2027 "), "ERR");
    assert_string_equal(conv(&MDY, "00/15/2027"), "ERR");
}

static void test_dotted_dates(void **state)
{
    assert_string_equal(conv(&DMY, "15.03.2027"), "2027-03-15");
    assert_string_equal(conv(&DMY, "1.2.2027"), "2027-02-01");
    assert_string_equal(conv(&DMY, "31.04.2027"), "ERR");  /* April has 30 days */
    assert_string_equal(conv(&DMY, "03/15/2027"), "ERR");
}

static void test_us_numbers(void **state)
{
    informat n = {INFORMAT_NUMBER, '.', ',', "$"};
    assert_string_equal(conv(&n, "$48,000.00"), "48000.00");
    assert_string_equal(conv(&n, "48,000.00"), "48000.00");   /* the sign is optional */
    assert_string_equal(conv(&n, "$48000.00"), "48000.00");   /* and so is grouping */
    assert_string_equal(conv(&n, "$ 1,234,567.891"), "1234567.891");
    assert_string_equal(conv(&n, "1,234 $"), "1234");         /* after, one space */
    assert_string_equal(conv(&n, "-$12.50"), "-12.50");       /* kept: the batch refuses it, located */
    assert_string_equal(conv(&n, "$-12.50"), "-12.50");
    assert_string_equal(conv(&n, "0.1"), "0.1");
    /* exact: 40 digits in, 40 digits out, nothing rounded */
    assert_string_equal(conv(&n, "$1,234,567,890,123,456,789,012,345,678.901234567890123"),
                        "1234567890123456789012345678.901234567890123");
}

static void test_number_errors(void **state)
{
    informat n = {INFORMAT_NUMBER, '.', ',', "$"};
    assert_string_equal(conv(&n, "48,00.00"), "ERR");    /* group of two */
    assert_string_equal(conv(&n, "4800,000"), "ERR");    /* first group of four */
    assert_string_equal(conv(&n, ",480"), "ERR");
    assert_string_equal(conv(&n, "48,000."), "ERR");     /* mark without decimals */
    assert_string_equal(conv(&n, ".5"), "ERR");
    assert_string_equal(conv(&n, "1.2.3"), "ERR");
    assert_string_equal(conv(&n, "€48.00"), "ERR");      /* another currency */
    assert_string_equal(conv(&n, "$48.00$"), "ERR");     /* both sides */
    assert_string_equal(conv(&n, "$  48.00"), "ERR");    /* two spaces */
    assert_string_equal(conv(&n, "+48.00"), "ERR");
    assert_string_equal(conv(&n, "4.8e3"), "ERR");
    assert_string_equal(conv(&n, "$"), "ERR");
    assert_string_equal(conv(&n, " 48"), "ERR");
    assert_string_equal(conv(&n, "48,000.00 USD"), "ERR");
}

static void test_european_numbers(void **state)
{
    informat eu = {INFORMAT_NUMBER, ',', '.', "€"};
    assert_string_equal(conv(&eu, "48.000,00 €"), "48000.00");
    assert_string_equal(conv(&eu, "€1.234.567,5"), "1234567.5");
    assert_string_equal(conv(&eu, "1234,05"), "1234.05");
    assert_string_equal(conv(&eu, "48,000.00"), "ERR");   /* US marks in a European column */
    informat ch = {INFORMAT_NUMBER, '.', '\'', "CHF"};
    assert_string_equal(conv(&ch, "CHF 1'250.40"), "1250.40");
    informat sp = {INFORMAT_NUMBER, ',', ' ', NULL};
    assert_string_equal(conv(&sp, "1 250 000,75"), "1250000.75");
    assert_string_equal(conv(&sp, "1 250 00,75"), "ERR");
    /* no group mark declared: a grouped number is refused, never guessed */
    informat plain = {INFORMAT_NUMBER, ',', 0, NULL};
    assert_string_equal(conv(&plain, "1.250,75"), "ERR");
    assert_string_equal(conv(&plain, "1250,75"), "1250.75");
}

/* The declaration a message names, with a value written that way. */
static void test_describe(void **state)
{
    strbuf sb = STRBUF_INIT;
    informat us = {INFORMAT_NUMBER, '.', ',', "$"};
    informat_describe(&sb, &us);
    assert_string_equal(sb.p, "format=\"number\" decimal-mark=\".\" group-mark=\",\" currency=\"$\": "
                              "e.g. $1,234.56");
    sb_reset(&sb);
    informat plain = {INFORMAT_NUMBER, ',', 0, NULL};
    informat_describe(&sb, &plain);
    assert_string_equal(sb.p, "format=\"number\" decimal-mark=\",\" (no group-mark): e.g. 1234,56");
    sb_reset(&sb);
    informat date = {INFORMAT_DATE_MDY, 0, 0, NULL};
    informat_describe(&sb, &date);
    assert_string_equal(sb.p, "format=\"MM/DD/YYYY\"");
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_text_and_empty),
        cmocka_unit_test(test_ids_from_names),
        cmocka_unit_test(test_iso_dates),
        cmocka_unit_test(test_us_dates),
        cmocka_unit_test(test_dotted_dates),
        cmocka_unit_test(test_us_numbers),
        cmocka_unit_test(test_number_errors),
        cmocka_unit_test(test_european_numbers),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
