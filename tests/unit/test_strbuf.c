/*
 * test_strbuf.c - the one CSV field writer every CSV output uses: a field is
 * quoted, with "" escapes, exactly when it holds a comma, a quote, CR or LF.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "strbuf.h"

static void field(const char *in, const char *want)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "x,");
    sb_put_csv_field(&sb, in);
    assert_string_equal(sb.p + 2, want);
    sb_free(&sb);
}

static void csv_fields(void **state)
{
    (void)state;
    field("", "");
    field("ana", "ana");
    field("Ana Ruiz", "Ana Ruiz");
    field(" spaces kept ", " spaces kept ");
    field("\t", "\t");
    field("Ortiz, Amy", "\"Ortiz, Amy\"");
    field("say \"hi\"", "\"say \"\"hi\"\"\"");
    field("\"", "\"\"\"\"");
    field("two\nlines", "\"two\nlines\"");
    field("cr\rhere", "\"cr\rhere\"");
    field("crlf\r\n", "\"crlf\r\n\"");
    field("all, \"of\"\r\nthem", "\"all, \"\"of\"\"\r\nthem\"");
    field("caf\xc3\xa9", "caf\xc3\xa9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
