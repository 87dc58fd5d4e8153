/*
 * test_texthint.c - the separator a one-column header holds, and what a byte that is not
 * UTF-8 reads as in Windows-1252 (0x80-0x9F compared with a table printed by Python's
 * cp1252 codec, bytes([b]).decode('cp1252').encode()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "texthint.h"

static void test_separator(void **state)
{
    assert_int_equal(texthint_separator("deal_id;close_date;amount;closer_id"), ';');
    assert_int_equal(texthint_separator("deal_id\tclose_date\tamount"), '\t');
    assert_int_equal(texthint_separator("deal_id|close_date"), '|');
    assert_int_equal(texthint_separator("deal_id"), 0);
    assert_int_equal(texthint_separator(""), 0);
    /* the most frequent wins: a ';' inside a tab-separated header's names */
    assert_int_equal(texthint_separator("a;b\tc\td\te"), '\t');
}

static const char *as_cp1252(unsigned char b)
{
    static strbuf sb;
    sb_free(&sb);
    sb_init(&sb);
    if (!texthint_cp1252(&sb, b))
        return "(none)";
    return sb.p;
}

static void test_cp1252(void **state)
{
    assert_string_equal(as_cp1252(0xE9), "\xC3\xA9");        /* é */
    assert_string_equal(as_cp1252(0xFC), "\xC3\xBC");        /* ü */
    assert_string_equal(as_cp1252(0xA3), "\xC2\xA3");        /* £ */
    assert_string_equal(as_cp1252(0xFF), "\xC3\xBF");        /* ÿ */
    assert_string_equal(as_cp1252(0x80), "\xE2\x82\xAC");    /* € */
    assert_string_equal(as_cp1252(0x92), "\xE2\x80\x99");    /* ’ */
    assert_string_equal(as_cp1252(0x9F), "\xC5\xB8");        /* Ÿ */
    assert_string_equal(as_cp1252(0xA0), "no-break space");
    assert_string_equal(as_cp1252(0x81), "(none)");          /* undefined in Windows-1252 */
    assert_string_equal(as_cp1252(0x9D), "(none)");
    assert_string_equal(as_cp1252(0x41), "(none)");          /* ASCII is not a hint */
    /* 0x80-0x9F, each as Python's cp1252 codec decodes it (its undefined bytes: none) */
    static const char *const python[32] = {
        "\xE2\x82\xAC", "(none)", "\xE2\x80\x9A", "\xC6\x92",
        "\xE2\x80\x9E", "\xE2\x80\xA6", "\xE2\x80\xA0", "\xE2\x80\xA1",
        "\xCB\x86", "\xE2\x80\xB0", "\xC5\xA0", "\xE2\x80\xB9",
        "\xC5\x92", "(none)", "\xC5\xBD", "(none)",
        "(none)", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
        "\xE2\x80\x9D", "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94",
        "\xCB\x9C", "\xE2\x84\xA2", "\xC5\xA1", "\xE2\x80\xBA",
        "\xC5\x93", "(none)", "\xC5\xBE", "\xC5\xB8",
    };
    for (unsigned b = 0x80; b < 0xA0; b++)
        assert_string_equal(as_cp1252((unsigned char)b), python[b - 0x80]);
}

static void test_not_utf8(void **state)
{
    strbuf sb = STRBUF_INIT;
    texthint_not_utf8(&sb, 0xE9);
    assert_string_equal(sb.p, " (byte 0xE9, '\xC3\xA9' in Latin-1 or Windows-1252): save the file as UTF-8");
    sb_reset(&sb);
    texthint_not_utf8(&sb, 0x81);
    assert_string_equal(sb.p, " (byte 0x81): save the file as UTF-8");
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_separator),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_not_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
