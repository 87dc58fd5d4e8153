/*
 * test_html.c - the HTML pieces: escaping every character that could open
 * markup or close an attribute, and SVG bar lengths in whole pixels from
 * exact values (400 px wide for the largest; half each side with negatives).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "run.h"
#include "html.h"

static void test_escape(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    html_escape(&sb, "<script>alert('x') & \"y\"</script>");
    assert_string_equal(sb.p, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    sb_free(&sb);
}

static void test_bars(void **state)
{
    (void)state;
    mpz_t a, b;
    mpz_init_set_ui(a, 300);
    mpz_init_set_ui(b, 100);   /* a third of the largest: 400 / 3 = 133 px (floor) */
    /* a bar's own colour (the scoreboard's cost), or the default blue */
    html_bar bars[2] = {{"<a>", (const mpz_t *)&a, "3.00", NULL},
                        {"b", (const mpz_t *)&b, "1.00", "#e67e22"}};
    strbuf sb = STRBUF_INIT;
    html_svg_bars(&sb, "t", bars, 2);
    assert_non_null(strstr(sb.p, "width=\"400\" height=\"16\" fill=\"#2e86c1\""));
    assert_non_null(strstr(sb.p, "width=\"133\" height=\"16\" fill=\"#e67e22\""));
    assert_non_null(strstr(sb.p, "&lt;a&gt;"));
    assert_null(strstr(sb.p, "<a>"));
    /* A negative bar: the axis moves to the middle (x 200 + 200), each side 200 px. */
    mpz_set_si(b, -150);
    sb_reset(&sb);
    html_svg_bars(&sb, "t", bars, 2);
    assert_non_null(strstr(sb.p, "x=\"400\" y=\"4\" width=\"200\""));
    assert_non_null(strstr(sb.p, "x=\"300\" y=\"26\" width=\"100\""));
    sb_free(&sb);
    mpz_clears(a, b, NULL);
}

static void test_attainment(void **state)
{
    (void)state;
    mpq_t c, q;
    mpq_inits(c, q, NULL);
    mpq_set_str(c, "367499993/1000", 10);
    mpq_set_ui(q, 600000, 1);   /* 367499.993 x 400 / 600000 = 244.99 -> 244 px */
    strbuf sb = STRBUF_INIT;
    html_svg_attainment(&sb, c, q);
    assert_non_null(strstr(sb.p, "<rect x=\"10\" y=\"18\" width=\"244\" height=\"20\" fill=\"#27ae60\"/>"));
    /* the scale: 0, 50, 100 (the quota, a longer and thicker mark) and 150 percent, at 10 + 4 px per % */
    assert_non_null(strstr(sb.p, "<line x1=\"10\" y1=\"38\" x2=\"10\" y2=\"44\""));
    assert_non_null(strstr(sb.p, "<line x1=\"210\" y1=\"38\""));
    assert_non_null(strstr(sb.p, "<line x1=\"410\" y1=\"12\" x2=\"410\" y2=\"44\" stroke=\"#222\" stroke-width=\"2\"/>"));
    assert_non_null(strstr(sb.p, ">100% (quota)</text>"));
    assert_non_null(strstr(sb.p, "<text x=\"610\" y=\"58\" font-size=\"12\" text-anchor=\"middle\">150%</text>"));
    assert_null(strstr(sb.p, "more"));
    mpq_set_ui(c, 10000000, 1);  /* far above quota: held at 150%, 600 px, and says so */
    sb_reset(&sb);
    html_svg_attainment(&sb, c, q);
    assert_non_null(strstr(sb.p, "<rect x=\"10\" y=\"18\" width=\"600\" height=\"20\" fill=\"#27ae60\"/>"));
    assert_non_null(strstr(sb.p, "&#8594; more</text>"));
    sb_free(&sb);
    mpq_clears(c, q, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_bars),
        cmocka_unit_test(test_attainment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
