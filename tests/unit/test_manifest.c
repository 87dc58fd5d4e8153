/*
 * test_manifest.c - manifest.xml written and read back: the exact bytes of a
 * small manifest, the round trip (what is read writes the same bytes), the
 * strict reading of hostile or damaged files, and strings XML cannot carry.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "manifest.h"

#define SHA_A "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_E "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void small(manifest *m)
{
    manifest_init(m);
    m->version = strdup("9.9.9");
    const char *argv[] = {"run", "--in", "ex & co", "--period", "2027-03"};
    manifest_set_command(m, argv, 5);
    m->per = (period){2027, 3, 3, PERIOD_MONTH};
    m->plan.id = strdup("p<1>");
    m->plan.year = 2027;
    m->plan.currency = strdup("USD");
    m->plan.rounding = strdup("half-up");
    memcpy(m->plan.sha256, SHA_A, sizeof m->plan.sha256);
    manifest_file *f = manifest_add_input(m, "plan", "ex & co/plan.xml");
    f->size = 3;
    memcpy(f->sha256, SHA_A, sizeof f->sha256);
    manifest_add_output(m, "statements/b\"q.txt", 0, SHA_E);
    manifest_add_output(m, "payouts.csv", 3, SHA_A);
    manifest_sort_outputs(m);
}

/* The bytes of the format, escapes included: a change to them is a change to every run's manifest. */
static void exact_bytes(void **state)
{
    (void)state;
    manifest m;
    small(&m);
    strbuf sb = STRBUF_INIT;
    diag d;
    diag_init(&d);
    assert_int_equal(manifest_write(&sb, &m, "manifest.xml", &d), 0);
    const char *want =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<manifest xmlns=\"urn:truce:manifest:1\">\n"
        "  <engine name=\"truce\" version=\"9.9.9\"/>\n"
        "  <command>\n"
        "    <arg>run</arg>\n"
        "    <arg>--in</arg>\n"
        "    <arg>ex &amp; co</arg>\n"
        "    <arg>--period</arg>\n"
        "    <arg>2027-03</arg>\n"
        "  </command>\n"
        "  <period>2027-03</period>\n"
        "  <plans>\n"
        "    <plan id=\"p&lt;1&gt;\" year=\"2027\" currency=\"USD\" rounding=\"half-up\" sha256=\"" SHA_A "\"/>\n"
        "  </plans>\n"
        "  <inputs>\n"
        "    <input name=\"plan\" path=\"ex &amp; co/plan.xml\" size=\"3\" sha256=\"" SHA_A "\"/>\n"
        "  </inputs>\n"
        "  <outputs>\n"
        "    <output path=\"payouts.csv\" size=\"3\" sha256=\"" SHA_A "\"/>\n"
        "    <output path=\"statements/b&quot;q.txt\" size=\"0\" sha256=\"" SHA_E "\"/>\n"
        "  </outputs>\n"
        "</manifest>\n";
    assert_string_equal(sb.p, want);
    sb_free(&sb);
    manifest_free(&m);
    diag_free(&d);
}

static void round_trip(void **state)
{
    (void)state;
    manifest m, back;
    small(&m);
    m.shard_k = 2;
    m.shard_n = 5;
    /* A data-driven fit (issue 17) goes there and back too. */
    manifest_fit *f = manifest_add_fit(&m);
    f->version = 1;
    f->line = 7;
    f->model = xstrdup("markov");
    f->trained_on = xstrdup("2026-H2");
    f->journeys = 4;
    f->won = 3;
    manifest_fit_add(f, "A", "1");
    manifest_fit_add(f, "B", "-5/36");
    strbuf one = STRBUF_INIT, two = STRBUF_INIT;
    diag d;
    diag_init(&d);
    assert_int_equal(manifest_write(&one, &m, "a", &d), 0);
    assert_int_equal(manifest_parse(&back, one.p, one.len, "a", &d), 0);
    assert_int_equal(back.shard_k, 2);
    assert_int_equal(back.shard_n, 5);
    assert_string_equal(back.command[2], "ex & co");
    assert_string_equal(manifest_input(&back, "plan")->path, "ex & co/plan.xml");
    assert_null(manifest_input(&back, "deals"));
    assert_int_equal(back.nfits, 1);
    assert_string_equal(back.fits[0].trained_on, "2026-H2");
    assert_int_equal(back.fits[0].n, 2);
    assert_string_equal(back.fits[0].value[1], "-5/36");
    assert_int_equal(manifest_write(&two, &back, "a", &d), 0);
    assert_string_equal(one.p, two.p);
    /* A copy writes the same bytes too. */
    manifest copy;
    manifest_copy(&copy, &back);
    sb_reset(&two);
    assert_int_equal(manifest_write(&two, &copy, "a", &d), 0);
    assert_string_equal(one.p, two.p);
    assert_int_equal(d.errors, 0);
    manifest_free(&copy);
    manifest_free(&back);
    manifest_free(&m);
    sb_free(&one);
    sb_free(&two);
    diag_free(&d);
}

/* Every period form is recorded as its text and read back as the same period. */
static void periods(void **state)
{
    (void)state;
    const char *texts[] = {"2027-03", "2027-Q4", "2027-H1", "2027"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        manifest m, back;
        small(&m);
        assert_int_equal(period_parse_any(texts[i], &m.per), 0);
        strbuf one = STRBUF_INIT, two = STRBUF_INIT, want = STRBUF_INIT;
        diag d;
        diag_init(&d);
        assert_int_equal(manifest_write(&one, &m, "a", &d), 0);
        sb_printf(&want, "  <period>%s</period>\n", texts[i]);
        assert_non_null(strstr(one.p, want.p));
        assert_int_equal(manifest_parse(&back, one.p, one.len, "a", &d), 0);
        assert_memory_equal(&back.per, &m.per, sizeof m.per);
        assert_int_equal(manifest_write(&two, &back, "a", &d), 0);
        assert_string_equal(one.p, two.p);
        manifest_free(&back);
        manifest_free(&m);
        sb_free(&one);
        sb_free(&two);
        sb_free(&want);
        diag_free(&d);
    }
}

/* Replaces `from` by `to` in a good manifest, parses it: must fail with `message` at `line`. */
static void rejects(const char *from, const char *to, long line, const char *message)
{
    manifest m;
    small(&m);
    strbuf sb = STRBUF_INIT, bad = STRBUF_INIT;
    diag d;
    diag_init(&d);
    assert_int_equal(manifest_write(&sb, &m, "m.xml", &d), 0);
    const char *at = strstr(sb.p, from);
    assert_non_null(at);
    sb_putn(&bad, sb.p, (size_t)(at - sb.p));
    sb_puts(&bad, to);
    sb_puts(&bad, at + strlen(from));
    manifest back;
    assert_int_equal(manifest_parse(&back, bad.p, bad.len, "m.xml", &d), -1);
    assert_true(d.errors >= 1);
    assert_string_equal(d.v[0].file, "m.xml");
    if (line)
        assert_int_equal(d.v[0].line, line);
    if (!strstr(d.v[0].msg, message))
        fail_msg("message '%s' lacks '%s'", d.v[0].msg, message);
    manifest_free(&back);
    manifest_free(&m);
    sb_free(&sb);
    sb_free(&bad);
    diag_free(&d);
}

static void strict_reading(void **state)
{
    (void)state;
    rejects("<manifest ", "<!DOCTYPE manifest [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<manifest ",
            0, "DOCTYPE");
    rejects("sha256=\"" SHA_E, "sha256=\"E3B0", 20, "not 64 lowercase hex");
    rejects("<period>2027-03<", "<period>2027-13<", 11, "is not YYYY-MM");
    rejects("<period>2027-03<", "<period>2027-Q5<", 11, "is not YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY");
    rejects("size=\"3\"", "size=\"-3\"", 16, "is not a whole number");
    rejects("  <plans>", "  <bogus/>\n  <plans>", 12, "expected <plans>, found <bogus>");
    rejects("<engine name=\"truce\"", "<engine name=\"truce\" extra=\"1\"", 3, "unknown attribute extra");
    rejects("xmlns=\"urn:truce:manifest:1\"", "xmlns=\"urn:other\"", 2, "root element must be <manifest>");
    rejects("</manifest>", "</manifes>", 0, "");
    rejects("<input name=\"plan\" ", "<input ", 16, "has no name attribute");
    rejects("<arg>run</arg>", "<arg>run<b/></arg>", 5, "holds only text");
    manifest m;
    diag d;
    diag_init(&d);
    assert_int_equal(manifest_parse(&m, "", 0, "empty.xml", &d), -1);
    assert_int_equal(d.errors, 1);
    manifest_free(&m);
    diag_free(&d);
}

/* A control character or invalid UTF-8 cannot be recorded faithfully: an error, not a damaged file. */
static void unrecordable(void **state)
{
    (void)state;
    const char *bad[] = {"line\nbreak", "tab\there", "\xff\xfe"};
    for (size_t i = 0; i < 3; i++) {
        manifest m;
        small(&m);
        const char *argv[] = {"run", bad[i]};
        manifest_set_command(&m, argv, 2);
        strbuf sb = STRBUF_INIT;
        diag d;
        diag_init(&d);
        assert_int_equal(manifest_write(&sb, &m, "manifest.xml", &d), -1);
        assert_int_equal(d.errors, 1);
        assert_int_equal(sb.len, 0);
        sb_free(&sb);
        diag_free(&d);
        manifest_free(&m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_bytes),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(periods),
        cmocka_unit_test(strict_reading),
        cmocka_unit_test(unrecordable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
