/*
 * test_planset.c - plan versions (include/truce/planset.h): versions that
 * tile the year in one, two, three and twelve pieces, given in any order,
 * and the month each is in force; every way versions can fail to be one
 * plan (gap, overlap, a single plan for part of the year, a different id,
 * year, currency, rounding, roles or components), each at its file and line;
 * the files read by plan_set_load; binding; and plan_set_lint.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lint.h"
#include "load.h"
#include "planset.h"
#include "strbuf.h"

/* The roles of most versions (lines 3..8 of each version). */
#define ROLES                                                                   \
    "<role id=\"ae\">\n"                                                        \
    "<commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission>\n" \
    "<spif id=\"kick\" pay=\"100\"/>\n"                                        \
    "</role>\n"                                                                 \
    "<role id=\"mgr\"><commission id=\"team\"><tier rate=\"1%\"/></commission></role>\n"

/*
 * A version named `name`: <plan> on line 1 with `attrs` after the usual
 * ones (id acme, year 2027, USD), <credit> on line 2, then `roles` (ROLES
 * when NULL) from line 3.  Must load.
 */
static plan *version(const char *name, const char *attrs, const char *roles)
{
    char xml[4096];
    snprintf(xml, sizeof xml,
             "<plan xmlns=\"urn:truce:plan:1\" id=\"acme\" year=\"2027\" currency=\"USD\" %s>\n"
             "<credit><split><closer share=\"1\"/></split></credit>\n%s</plan>\n",
             attrs, roles ? roles : ROLES);
    diag d;
    diag_init(&d);
    plan *p = plan_load_memory(xml, strlen(xml), name, &d);
    if (!p)
        diag_print(&d, stderr);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    diag_free(&d);
    return p;
}

/* Adopts v[0..n-1], which must tile the year; checks the month each version is in force. */
static void expect_set(plan **v, size_t n, const int want[13], plan_set *ps)
{
    diag d;
    diag_init(&d);
    int rc = plan_set_adopt(ps, v, n, &d);
    if (rc != 0 || d.n)
        diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(ps->n, n);
    for (size_t i = 1; i < n; i++)
        assert_true(ps->v[i - 1]->effective_from < ps->v[i]->effective_from);
    for (int m = 1; m <= 12; m++) {
        assert_int_equal(ps->month_version[m], want[m]);
        assert_ptr_equal(plan_set_at(ps, m), ps->v[want[m]]);
    }
    assert_null(plan_set_at(ps, 0));
    assert_null(plan_set_at(ps, 13));
    diag_free(&d);
}

/* Adopts v[0..n-1], expecting failure with an error `msg` at file:line, and `nerr` errors in all. */
static void expect_error(plan **v, size_t n, size_t nerr, const char *file, long line, const char *msg)
{
    diag d;
    diag_init(&d);
    plan_set ps;
    int rc = plan_set_adopt(&ps, v, n, &d);
    int found = 0;
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].level == DIAG_ERROR && d.v[i].file && strcmp(d.v[i].file, file) == 0 &&
            d.v[i].line == line && strcmp(d.v[i].msg, msg) == 0)
            found = 1;
    if (!found || d.errors != nerr) {
        fprintf(stderr, "want %s:%ld: error: %s (%zu errors); got:\n", file, line, msg, nerr);
        diag_print(&d, stderr);
    }
    assert_int_equal(rc, -1);
    assert_int_equal(ps.n, 0);
    assert_null(ps.v);
    assert_true(found);
    assert_int_equal(d.errors, nerr);
    plan_set_free(&ps);  /* harmless on the empty set */
    diag_free(&d);
}

/* ------------------------------------------------------------------ */
/* Versions that tile the year.                                        */
/* ------------------------------------------------------------------ */

static void test_one_version(void **state)
{
    static const int all0[13] = {0};
    plan_set ps;
    plan *v[1] = {version("a.xml", "", NULL)};
    expect_set(v, 1, all0, &ps);
    assert_ptr_equal(ps.v[0], v[0]);
    plan_set_free(&ps);
    assert_int_equal(ps.n, 0);
    assert_null(ps.v);
    v[0] = version("a.xml", "effective-from=\"2027-01-01\" effective-to=\"2027-12-31\"", NULL);
    expect_set(v, 1, all0, &ps);
    plan_set_free(&ps);
}

static void test_two_versions(void **state)
{
    static const int want[13] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
    plan_set ps;
    /* Given in reverse: sorted by effective-from. */
    plan *v[2] = {version("h2.xml", "effective-from=\"2027-07-01\"", NULL),
                  version("h1.xml", "effective-to=\"2027-06-30\"", NULL)};
    expect_set(v, 2, want, &ps);
    assert_string_equal(ps.v[0]->file, "h1.xml");
    assert_string_equal(ps.v[1]->file, "h2.xml");
    assert_string_equal(plan_set_at(&ps, 6)->file, "h1.xml");
    assert_string_equal(plan_set_at(&ps, 7)->file, "h2.xml");
    plan_set_free(&ps);
    /* Both dates on both. */
    v[0] = version("h1.xml", "effective-from=\"2027-01-01\" effective-to=\"2027-06-30\"", NULL);
    v[1] = version("h2.xml", "effective-from=\"2027-07-01\" effective-to=\"2027-12-31\"", NULL);
    expect_set(v, 2, want, &ps);
    plan_set_free(&ps);
}

static void test_three_versions(void **state)
{
    static const int want[13] = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2};
    plan_set ps;
    plan *v[3] = {version("c.xml", "effective-from=\"2027-10-01\"", NULL),
                  version("a.xml", "effective-to=\"2027-03-31\"", NULL),
                  version("b.xml", "effective-from=\"2027-04-01\" effective-to=\"2027-09-30\"", NULL)};
    expect_set(v, 3, want, &ps);
    assert_string_equal(ps.v[0]->file, "a.xml");
    assert_string_equal(ps.v[1]->file, "b.xml");
    assert_string_equal(ps.v[2]->file, "c.xml");
    plan_set_free(&ps);
}

static void test_twelve_versions(void **state)
{
    int want[13] = {0};
    plan *v[12];
    for (int m = 1; m <= 12; m++) {
        char name[16], attrs[128];
        snprintf(name, sizeof name, "m%02d.xml", m);
        snprintf(attrs, sizeof attrs, "effective-from=\"2027-%02d-01\" effective-to=\"2027-%02d-%02d\"",
                 m, m, date_days_in_month(2027, m));
        v[12 - m] = version(name, attrs, NULL);  /* December first */
        want[m] = m - 1;
    }
    plan_set ps;
    expect_set(v, 12, want, &ps);
    assert_string_equal(plan_set_at(&ps, 2)->file, "m02.xml");
    plan_set_free(&ps);
}

/* Versions may differ in everything but the plan's identity and the component list. */
static void test_allowed_differences(void **state)
{
    static const int want[13] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
    plan *v[2];
    v[0] = version("a.xml", "effective-to=\"2027-06-30\"", NULL);
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<plan xmlns=\"urn:truce:plan:1\" id=\"acme\" year=\"2027\" currency=\"USD\" effective-from=\"2027-07-01\">\n"
             "<credit><split when=\"amount > 5\"><closer share=\"90%%\"/><overlay role=\"mgr\" share=\"5%%\"/></split>\n"
             "<split><marketing share=\"1\" model=\"u-shaped\"/></split>\n"
             "<rollup role=\"mgr\" scope=\"subtree\"/></credit>\n"
             "<role id=\"ae\">\n"
             "<commission id=\"base\" window=\"quarter\" cap=\"5000\"><tier upto=\"50%%\" rate=\"5%%\"/><tier upto=\"120%%\" rate=\"9%%\"/><tier rate=\"12%%\"/></commission>\n"
             "<spif id=\"kick\" pay=\"250\" when=\"amount > 100\" from=\"2027-07-01\" to=\"2027-08-31\"/>\n"
             "</role>\n"
             "<role id=\"mgr\"><commission id=\"team\"><tier upto=\"1000\" rate=\"2%%\"/><tier rate=\"3%%\"/></commission></role>\n"
             "</plan>\n");
    diag d;
    diag_init(&d);
    v[1] = plan_load_memory(xml, strlen(xml), "b.xml", &d);
    assert_non_null(v[1]);
    diag_free(&d);
    plan_set ps;
    expect_set(v, 2, want, &ps);
    plan_set_free(&ps);
}

/* ------------------------------------------------------------------ */
/* Versions that do not tile the year.                                 */
/* ------------------------------------------------------------------ */

static void test_single_plan_part_year(void **state)
{
    plan *v[1] = {version("plan.xml", "effective-from=\"2027-03-01\"", NULL)};
    expect_error(v, 1, 1, "plan.xml", 1,
                 "a single plan must be in force the whole year 2027, not only from 2027-03-01 to "
                 "2027-12-31: nothing would credit the other months");
    v[0] = version("plan.xml", "effective-to=\"2027-11-30\"", NULL);
    expect_error(v, 1, 1, "plan.xml", 1,
                 "a single plan must be in force the whole year 2027, not only from 2027-01-01 to "
                 "2027-11-30: nothing would credit the other months");
}

static void test_gap(void **state)
{
    plan *v[2] = {version("a.xml", "effective-to=\"2027-06-30\"", NULL),
                  version("b.xml", "effective-from=\"2027-08-01\"", NULL)};
    expect_error(v, 2, 1, "b.xml", 1, "gap between a.xml (to 2027-06-30) and b.xml (from 2027-08-01)");
    v[0] = version("a.xml", "effective-from=\"2027-02-01\" effective-to=\"2027-06-30\"", NULL);
    v[1] = version("b.xml", "effective-from=\"2027-07-01\"", NULL);
    expect_error(v, 2, 1, "a.xml", 1, "gap between the start of the year (2027-01-01) and a.xml (from 2027-02-01)");
    v[0] = version("a.xml", "effective-to=\"2027-06-30\"", NULL);
    v[1] = version("b.xml", "effective-from=\"2027-07-01\" effective-to=\"2027-11-30\"", NULL);
    expect_error(v, 2, 1, "b.xml", 1, "gap between b.xml (to 2027-11-30) and the end of the year (2027-12-31)");
}

static void test_overlap(void **state)
{
    plan *v[3] = {version("a.xml", "effective-to=\"2027-09-30\"", NULL),
                  version("b.xml", "effective-from=\"2027-07-01\"", NULL), NULL};
    expect_error(v, 2, 1, "b.xml", 1, "version effective 2027-07-01 overlaps a.xml (effective to 2027-09-30)");
    /* A later version without effective-from starts January 1 too. */
    v[0] = version("a.xml", "effective-to=\"2027-06-30\"", NULL);
    v[1] = version("b.xml", "", NULL);
    expect_error(v, 2, 1, "b.xml", 1,
                 "version effective 2027-01-01 overlaps a.xml (effective to 2027-06-30); "
                 "only the first version may omit effective-from");
    /* An earlier version without effective-to runs to December 31. */
    v[0] = version("a.xml", "", NULL);
    v[1] = version("b.xml", "effective-from=\"2027-07-01\"", NULL);
    expect_error(v, 2, 1, "b.xml", 1,
                 "version effective 2027-07-01 overlaps a.xml (effective to 2027-12-31); "
                 "only the last version may omit effective-to");
    /* One version spanning two others: both overlap it. */
    v[0] = version("a.xml", "effective-to=\"2027-12-31\"", NULL);
    v[1] = version("b.xml", "effective-from=\"2027-03-01\" effective-to=\"2027-04-30\"", NULL);
    v[2] = version("c.xml", "effective-from=\"2027-05-01\"", NULL);
    expect_error(v, 3, 2, "c.xml", 1, "version effective 2027-05-01 overlaps a.xml (effective to 2027-12-31)");
    /* The same version twice. */
    v[0] = version("a.xml", "effective-to=\"2027-06-30\"", NULL);
    v[1] = version("b.xml", "effective-from=\"2027-07-01\" effective-to=\"2027-12-31\"", NULL);
    v[2] = version("b2.xml", "effective-from=\"2027-07-01\" effective-to=\"2027-12-31\"", NULL);
    expect_error(v, 3, 1, "b2.xml", 1, "version effective 2027-07-01 overlaps b.xml (effective to 2027-12-31)");
}

/* ------------------------------------------------------------------ */
/* Versions that are not the same plan.                                */
/* ------------------------------------------------------------------ */

/* A second half-year version b.xml with `attrs` on <plan> and `roles`, against a.xml. */
static void expect_second_half_error(const char *head_attrs, const char *roles, long line, const char *msg)
{
    char xml[4096];
    snprintf(xml, sizeof xml,
             "<plan xmlns=\"urn:truce:plan:1\" %s effective-from=\"%s-07-01\">\n"
             "<credit><split><closer share=\"1\"/></split></credit>\n%s</plan>\n",
             head_attrs, strstr(head_attrs, "2028") ? "2028" : "2027", roles ? roles : ROLES);
    diag d;
    diag_init(&d);
    plan *b = plan_load_memory(xml, strlen(xml), "b.xml", &d);
    if (!b)
        diag_print(&d, stderr);
    assert_non_null(b);
    diag_free(&d);
    plan *v[2] = {version("a.xml", "effective-to=\"2027-06-30\"", NULL), b};
    expect_error(v, 2, 1, "b.xml", line, msg);
}

static void test_different_plan(void **state)
{
    expect_second_half_error("id=\"x\" year=\"2027\" currency=\"USD\"", NULL, 1,
                             "different plan id 'x' (a.xml has 'acme')");
    expect_second_half_error("id=\"acme\" year=\"2027\" currency=\"EUR\"", NULL, 1,
                             "different currency EUR (a.xml has USD)");
    expect_second_half_error("id=\"acme\" year=\"2027\" currency=\"USD\" rounding=\"half-even\"", NULL, 1,
                             "different rounding half-even (a.xml has half-up)");
    /* Another year: no tiling error on top. */
    expect_second_half_error("id=\"acme\" year=\"2028\" currency=\"USD\"", NULL, 1,
                             "different year 2028 (a.xml has 2027)");
}

#define SAME "id=\"acme\" year=\"2027\" currency=\"USD\""

static void test_different_roles(void **state)
{
    expect_second_half_error(SAME, "<role id=\"ae\"><commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission><spif id=\"kick\" pay=\"100\"/></role>\n",
                             1, "roles ae here but ae, mgr in a.xml");
    expect_second_half_error(SAME, "<role id=\"mgr\"><commission id=\"team\"><tier rate=\"1%\"/></commission></role>\n"
                             "<role id=\"ae\"><commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission><spif id=\"kick\" pay=\"100\"/></role>\n",
                             1, "roles mgr, ae here but ae, mgr in a.xml");
    expect_second_half_error(SAME, "", 1, "roles (none) here but ae, mgr in a.xml");
}

static void test_different_components(void **state)
{
    /* A component more, fewer, reordered: at the <role> line. */
    expect_second_half_error(SAME, "<role id=\"ae\">\n<commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission>\n"
                             "<spif id=\"kick\" pay=\"100\"/><spif id=\"extra\" pay=\"1\"/></role>\n"
                             "<role id=\"mgr\"><commission id=\"team\"><tier rate=\"1%\"/></commission></role>\n",
                             3, "role 'ae' has components base, kick, extra here but base, kick in a.xml");
    expect_second_half_error(SAME, "<role id=\"ae\">\n<commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission>\n</role>\n"
                             "<role id=\"mgr\"><commission id=\"team\"><tier rate=\"1%\"/></commission></role>\n",
                             3, "role 'ae' has components base here but base, kick in a.xml");
    expect_second_half_error(SAME, "<role id=\"ae\">\n<spif id=\"kick\" pay=\"100\"/>\n<commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission>\n</role>\n"
                             "<role id=\"mgr\"><commission id=\"team\"><tier rate=\"1%\"/></commission></role>\n",
                             3, "role 'ae' has components kick, base here but base, kick in a.xml");
    expect_second_half_error(SAME, "<role id=\"ae\">\n<commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission>\n"
                             "<spif id=\"kick\" pay=\"100\"/></role>\n<role id=\"mgr\">\n</role>\n",
                             6, "role 'mgr' has components (none) here but team in a.xml");
    /* Same ids, another kind, window or mode: at the component's line. */
    expect_second_half_error(SAME, "<role id=\"ae\">\n<commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission>\n"
                             "<commission id=\"kick\"><tier rate=\"1\"/></commission>\n</role>\n"
                             "<role id=\"mgr\"><commission id=\"team\"><tier rate=\"1%\"/></commission></role>\n",
                             5, "component 'kick' of role 'ae' is a commission here but a spif in a.xml");
    expect_second_half_error(SAME, "<role id=\"ae\">\n<commission id=\"base\" window=\"half\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission>\n"
                             "<spif id=\"kick\" pay=\"100\"/></role>\n"
                             "<role id=\"mgr\"><commission id=\"team\"><tier rate=\"1%\"/></commission></role>\n",
                             4, "commission 'base' of role 'ae' has window half here but quarter in a.xml");
    expect_second_half_error(SAME, "<role id=\"ae\">\n<commission id=\"base\" window=\"quarter\"><tier upto=\"100%\" rate=\"4%\"/><tier rate=\"8%\"/></commission>\n"
                             "<spif id=\"kick\" pay=\"100\"/></role>\n"
                             "<role id=\"mgr\">\n<commission id=\"team\" mode=\"retroactive\"><tier rate=\"1%\"/></commission></role>\n",
                             7, "commission 'team' of role 'mgr' has mode retroactive here but marginal in a.xml");
}

static void test_long_lists_cut(void **state)
{
    strbuf roles = STRBUF_INIT;
    for (int i = 0; i < 12; i++)
        sb_printf(&roles, "<role id=\"r%d\"/>\n", i);
    expect_second_half_error(SAME, roles.p, 1,
                             "roles r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ... here but ae, mgr in a.xml");
    sb_free(&roles);
}

static void test_no_versions(void **state)
{
    diag d;
    diag_init(&d);
    plan_set ps;
    assert_int_equal(plan_set_adopt(&ps, NULL, 0, &d), -1);
    assert_int_equal(plan_set_load(&ps, NULL, 0, &d), -1);
    assert_int_equal(d.errors, 2);
    assert_string_equal(d.v[0].msg, "no plan given");
    assert_int_equal(ps.n, 0);
    plan_set_free(&ps);
    diag_free(&d);
}

/* ------------------------------------------------------------------ */
/* Files, binding, lint.                                               */
/* ------------------------------------------------------------------ */

/* Writes text to a new temporary file; returns its path (caller unlinks, frees). */
static char *write_temp(const char *text)
{
    char *path = xstrdup("/tmp/truce-test-planset-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static const char H1[] =
    "<plan xmlns=\"urn:truce:plan:1\" id=\"acme\" year=\"2027\" currency=\"USD\" effective-to=\"2027-06-30\">\n"
    "<credit><split when=\"region = 'west'\"><closer share=\"1\"/></split></credit>\n"
    "<role id=\"ae\"><commission id=\"base\"><tier rate=\"1%\"/></commission></role>\n</plan>\n";
static const char H2[] =
    "<plan xmlns=\"urn:truce:plan:1\" id=\"acme\" year=\"2027\" currency=\"USD\" effective-from=\"2027-07-01\">\n"
    "<credit><split when=\"segment = 'smb'\"><closer share=\"1\"/></split></credit>\n"
    "<role id=\"ae\"><commission id=\"base\"><tier rate=\"2%\"/></commission></role>\n</plan>\n";

static void test_load_files_and_bind(void **state)
{
    char *a = write_temp(H1), *b = write_temp(H2);
    const char *paths[2] = {b, a};
    diag d;
    diag_init(&d);
    plan_set ps;
    assert_int_equal(plan_set_load(&ps, paths, 2, &d), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(ps.n, 2);
    assert_string_equal(ps.v[0]->file, a);   /* named by their paths, sorted by effective-from */
    assert_string_equal(ps.v[1]->file, b);
    assert_int_equal(ps.month_version[6], 0);
    assert_int_equal(ps.month_version[7], 1);
    /* Binding checks every version's when against the header. */
    const char *header[] = {"deal_id", "close_date", "amount", "closer_id", "region", "segment"};
    assert_int_equal(plan_set_bind(&ps, header, 6, &d), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(plan_set_bind(&ps, header, 5, &d), -1);  /* no segment */
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, b);
    assert_int_equal(d.v[0].line, 2);
    plan_set_free(&ps);
    diag_free(&d);
    unlink(a);
    unlink(b);
    free(a);
    free(b);
}

static void test_load_files_errors(void **state)
{
    /* A version that does not load: its errors, and nothing else. */
    char *a = write_temp(H1);
    char *bad = write_temp("<plan xmlns=\"urn:truce:plan:1\" id=\"acme\" year=\"2027\" currency=\"USD\" effective-from=\"2027-07-02\">\n"
                           "<credit><split/></credit>\n</plan>\n");
    const char *paths[3] = {a, bad, "/nonexistent/truce/plan.xml"};
    diag d;
    diag_init(&d);
    plan_set ps;
    assert_int_equal(plan_set_load(&ps, paths, 3, &d), -1);
    assert_int_equal(ps.n, 0);
    assert_int_equal(d.errors, 2);
    assert_string_equal(d.v[0].file, bad);
    assert_int_equal(d.v[0].line, 1);
    assert_string_equal(d.v[0].msg, "effective-from 2027-07-02 is not the first day of a month");
    assert_string_equal(d.v[1].file, "/nonexistent/truce/plan.xml");
    plan_set_free(&ps);
    diag_free(&d);
    /* Versions that load but do not tile. */
    char *b = write_temp(H2), *c = write_temp(H2);
    const char *two[3] = {a, b, c};
    diag_init(&d);
    assert_int_equal(plan_set_load(&ps, two, 3, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, c);
    diag_free(&d);
    /* One file: a plain plan. */
    diag_init(&d);
    assert_int_equal(plan_set_load(&ps, (const char *const[]){a}, 1, &d), -1);
    assert_non_null(strstr(d.v[0].msg, "a single plan must be in force the whole year 2027"));
    diag_free(&d);
    unlink(a);
    unlink(b);
    unlink(c);
    unlink(bad);
    free(a);
    free(b);
    free(c);
    free(bad);
}

/* plan_set_lint: the roster's role warnings once, the rest per version. */
static void test_lint_versions(void **state)
{
    static const char roster[] = "payee_id,name,role,annual_quota\nann,Ann,ae,100000\n";
    static const char deals[] = "deal_id,close_date,amount,closer_id\nD1,2027-01-10,100,ann\n";
    static const char roles[] = "<role id=\"ae\"><commission id=\"c\"><tier upto=\"100\" rate=\"2%\"/><tier rate=\"1%\"/></commission></role>\n"
                                "<role id=\"se\"/>\n";
    plan *v[2] = {version("a.xml", "effective-to=\"2027-06-30\"", roles),
                  version("b.xml", "effective-from=\"2027-07-01\"", roles)};
    plan_set ps;
    diag d;
    diag_init(&d);
    assert_int_equal(plan_set_adopt(&ps, v, 2, &d), 0);
    batch b;
    batch_sources src = {.plan = {"plan.xml", "", 0},
                         .roster = {"roster.csv", roster, sizeof roster - 1},
                         .deals = {"deals.csv", deals, sizeof deals - 1},
                         .touches = {"touches.csv", NULL, 0},
                         .campaigns = {"campaigns.csv", NULL, 0}};
    assert_int_equal(load_batch_sources(&b, &src, 1, &d), 0);
    diag lint;
    diag_init(&lint);
    /* Decelerating tiers in each version; role 'se' without payees once. */
    assert_int_equal(plan_set_lint(&ps, &b, &lint), 3);
    size_t se = 0, decel = 0;
    for (size_t i = 0; i < lint.n; i++) {
        se += strstr(lint.v[i].msg, "role 'se' has no payees") != NULL;
        decel += strstr(lint.v[i].msg, "decelerating") != NULL;
    }
    assert_int_equal(se, 1);
    assert_int_equal(decel, 2);
    diag_free(&lint);
    load_batch_free(&b);
    plan_set_free(&ps);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_version),
        cmocka_unit_test(test_two_versions),
        cmocka_unit_test(test_three_versions),
        cmocka_unit_test(test_twelve_versions),
        cmocka_unit_test(test_allowed_differences),
        cmocka_unit_test(test_single_plan_part_year),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_overlap),
        cmocka_unit_test(test_different_plan),
        cmocka_unit_test(test_different_roles),
        cmocka_unit_test(test_different_components),
        cmocka_unit_test(test_long_lists_cut),
        cmocka_unit_test(test_no_versions),
        cmocka_unit_test(test_load_files_and_bind),
        cmocka_unit_test(test_load_files_errors),
        cmocka_unit_test(test_lint_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
