/*
 * test_grouping.c - thousands grouped in a number already written: the expected strings
 * are written out by hand, each digit kept and a comma before every third from the point.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "grouping.h"

/* "before" + number + "after", grouped from the number on. */
static void check(const char *before, const char *number, const char *after, const char *want)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, before);
    size_t from = sb.len;
    sb_puts(&sb, number);
    sb_puts(&sb, after);
    group_thousands(&sb, from);
    assert_string_equal(sb.p, want);
    assert_int_equal(sb.len, strlen(want));
    sb_free(&sb);
}

static void test_short_numbers_stay(void **state)
{
    (void)state;
    check("", "0", "", "0");
    check("", "999.99", "", "999.99");
    check("", "-999", "", "-999");
    check("", "+100.5", "", "+100.5");
    check("x ", "", " y", "x  y");
}

static void test_groups(void **state)
{
    (void)state;
    check("", "1000", "", "1,000");
    check("", "5640.00", "", "5,640.00");
    check("", "45499.993", "", "45,499.993");
    check("", "-1234567.5", "", "-1,234,567.5");
    check("", "+100000", "", "+100,000");
    check("", "123456789012", "", "123,456,789,012");
    /* the fraction is never grouped */
    check("", "1.23456789", "", "1.23456789");
}

static void test_text_around_is_kept(void **state)
{
    (void)state;
    check("payable: ", "7313.33", " USD\n", "payable: 7,313.33 USD\n");
    check("<td>", "-2000.00", "</td>", "<td>-2,000.00</td>");
    /* only the number at `from` is grouped */
    check("1000 and ", "2000", " and 3000", "1000 and 2,000 and 3000");
}

static void test_long_number(void **state)
{
    (void)state;
    /* 2^64 and 40 nines: a buffer grown more than once */
    check("", "18446744073709551616", "", "18,446,744,073,709,551,616");
    char nines[41], want[64];
    memset(nines, '9', 40), nines[40] = '\0';
    size_t w = 0;
    for (int i = 0; i < 40; i++) {
        if (i > 0 && (40 - i) % 3 == 0)
            want[w++] = ',';
        want[w++] = '9';
    }
    want[w] = '\0';
    check("", nines, ".5", strcat(want, ".5"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_numbers_stay),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_text_around_is_kept),
        cmocka_unit_test(test_long_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
