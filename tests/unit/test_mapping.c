/*
 * test_mapping.c - unit tests for mapping.h: loading and checking a CRM
 * export mapping.  Lines in the expected errors are counted by eye in the
 * XML text of each test (the header macro M_OPEN is line 1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mapping.h"

#define M_OPEN "<mapping xmlns=\"urn:truce:mapping:1\">\n"
#define ROSTER                                                          \
    "<roster><rows file=\"people.csv\">\n"                              \
    "<field name=\"payee_id\" column=\"Name\" format=\"id\"/>\n"        \
    "<field name=\"name\" column=\"Name\"/>\n"                          \
    "<field name=\"role\" value=\"ae\"/>\n"                             \
    "<field name=\"annual_quota\" column=\"Quota\" format=\"number\" group-mark=\",\" currency=\"$\"/>\n" \
    "</rows></roster>\n"
#define DEALS                                                           \
    "<deals><rows file=\"opps.csv\">\n"                                 \
    "<keep column=\"Stage\" equals=\"Closed Won\"/>\n"                  \
    "<field name=\"deal_id\" column=\"Opportunity ID\"/>\n"             \
    "<field name=\"close_date\" column=\"Close Date\" format=\"MM/DD/YYYY\"/>\n" \
    "<field name=\"amount\" column=\"Amount\" format=\"number\" decimal-mark=\",\" group-mark=\".\"/>\n" \
    "<field name=\"closer_id\" column=\"Owner\" format=\"id\"/>\n"      \
    "</rows></deals>\n"

/* Loads text; returns the mapping (or NULL) and leaves messages in d. */
static mapping *load(const char *text, diag *d)
{
    diag_init(d);
    return mapping_load_memory(text, strlen(text), "m.xml", d);
}

/* Whether d has an error at `line` whose message contains `part`. */
static int has_error(const diag *d, long line, const char *part)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].level == DIAG_ERROR && d->v[i].line == line && strstr(d->v[i].msg, part))
            return 1;
    diag_print(d, stderr);
    return 0;
}

static void expect_error(const char *text, long line, const char *part)
{
    diag d;
    mapping *m = load(text, &d);
    assert_null(m);
    assert_true(has_error(&d, line, part));
    diag_free(&d);
}

static void test_valid(void **state)
{
    diag d;
    mapping *m = load(M_OPEN ROSTER DEALS "</mapping>\n", &d);
    assert_non_null(m);
    assert_int_equal(d.errors, 0);
    assert_true(m->target[MAP_ROSTER].present && m->target[MAP_DEALS].present);
    assert_false(m->target[MAP_TOUCHES].present);
    const map_rows *r = &m->target[MAP_DEALS].rows[0];
    assert_string_equal(r->file, "opps.csv");
    assert_int_equal(r->nkeeps, 1);
    assert_string_equal(r->keeps[0].equals, "Closed Won");
    assert_int_equal(r->nfields, 4);
    assert_int_equal(r->fields[1].format.kind, INFORMAT_DATE_MDY);
    assert_int_equal(r->fields[2].format.decimal_mark, ',');
    assert_int_equal(r->fields[2].format.group_mark, '.');
    assert_null(r->fields[2].format.currency);
    assert_int_equal(r->fields[2].line, 12);
    const map_field *q = &m->target[MAP_ROSTER].rows[0].fields[3];
    assert_string_equal(q->format.currency, "$");
    assert_int_equal(q->format.decimal_mark, '.');
    assert_string_equal(m->target[MAP_ROSTER].rows[0].fields[2].value, "ae");
    assert_string_equal(mapping_target_file(MAP_CAMPAIGNS), "campaigns.csv");
    mapping_free(m);
    diag_free(&d);
}

static void test_lookup_and_recode(void **state)
{
    diag d;
    mapping *m = load(M_OPEN "<lookup id=\"p\" file=\"products.csv\" key=\"product\"/>\n" ROSTER
                      "<deals><rows file=\"opps.csv\" distinct=\"Opportunity ID\">\n"
                      "<field name=\"deal_id\" column=\"Opportunity ID\"/>\n"
                      "<field name=\"close_date\" column=\"d\"/>\n"
                      "<field name=\"amount\" column=\"a\"/>\n"
                      "<field name=\"closer_id\" column=\"o\"/>\n"
                      "<field name=\"series\" column=\"product\" lookup=\"p\" take=\"series\">"
                      "<recode from=\"GTXPro\" to=\"GTX Pro\"/></field>\n"
                      "</rows></deals></mapping>\n", &d);
    assert_non_null(m);
    const map_field *f = &m->target[MAP_DEALS].rows[0].fields[4];
    assert_int_equal(f->lookup, 0);
    assert_string_equal(f->take, "series");
    assert_int_equal(f->nrecodes, 1);
    assert_string_equal(f->recodes[0].to, "GTX Pro");
    assert_string_equal(m->target[MAP_DEALS].rows[0].distinct, "Opportunity ID");
    mapping_free(m);
    diag_free(&d);
}

static void test_blocks_reordered_to_first(void **state)
{
    diag d;
    mapping *m = load(M_OPEN
                      "<roster><rows file=\"a.csv\">\n"
                      "<field name=\"payee_id\" column=\"x\"/><field name=\"name\" column=\"x\"/>\n"
                      "<field name=\"role\" value=\"ae\"/><field name=\"annual_quota\" value=\"\"/>\n"
                      "</rows><rows file=\"b.csv\">\n"
                      "<field name=\"annual_quota\" value=\"1\"/><field name=\"role\" value=\"m\"/>\n"
                      "<field name=\"name\" column=\"y\"/><field name=\"payee_id\" column=\"y\"/>\n"
                      "</rows></roster>\n" DEALS "</mapping>\n", &d);
    assert_non_null(m);
    const map_rows *b = &m->target[MAP_ROSTER].rows[1];
    assert_string_equal(b->fields[0].name, "payee_id");
    assert_string_equal(b->fields[3].name, "annual_quota");
    assert_string_equal(b->fields[3].value, "1");
    mapping_free(m);
    diag_free(&d);
}

static void test_schema_errors(void **state)
{
    expect_error(M_OPEN ROSTER "</mapping>\n", 1, "deals");  /* deals required: at <mapping> */
    expect_error(M_OPEN ROSTER DEALS "<extra/></mapping>\n", 15, "extra");
    expect_error(M_OPEN ROSTER
                 "<deals><rows file=\"opps.csv\">\n"
                 "<field name=\"deal_id\" column=\"a\" format=\"MM-DD-YYYY\"/>\n"
                 "</rows></deals></mapping>\n", 9, "MM-DD-YYYY");
    expect_error(M_OPEN ROSTER
                 "<deals><rows file=\"../etc/opps.csv\">\n"
                 "<field name=\"deal_id\" column=\"a\"/>\n"
                 "</rows></deals></mapping>\n", 8, "file");
    expect_error("<mapping xmlns=\"urn:truce:mapping:2\"/>\n", 1, "root element");
    expect_error("<plan xmlns=\"urn:truce:plan:1\"/>\n", 1, "root element");
}

static void test_semantic_errors(void **state)
{
    /* both column and value */
    expect_error(M_OPEN ROSTER
                 "<deals><rows file=\"opps.csv\">\n"
                 "<field name=\"deal_id\" column=\"a\" value=\"b\"/>\n"
                 "</rows></deals></mapping>\n", 9, "exactly one of column and value");
    /* number attributes on a date */
    expect_error(M_OPEN ROSTER
                 "<deals><rows file=\"opps.csv\">\n"
                 "<field name=\"deal_id\" column=\"a\" format=\"YYYY-MM-DD\" currency=\"$\"/>\n"
                 "</rows></deals></mapping>\n", 9, "format=\"number\"");
    /* same mark twice */
    expect_error(M_OPEN ROSTER
                 "<deals><rows file=\"opps.csv\">\n"
                 "<field name=\"amount\" column=\"a\" format=\"number\" group-mark=\".\"/>\n"
                 "</rows></deals></mapping>\n", 9, "must differ");
    /* unknown lookup */
    expect_error(M_OPEN ROSTER
                 "<deals><rows file=\"opps.csv\">\n"
                 "<field name=\"x\" column=\"a\" lookup=\"nope\" take=\"b\"/>\n"
                 "</rows></deals></mapping>\n", 9, "no <lookup id=\"nope\">");
    /* required column missing, reported at <rows> */
    expect_error(M_OPEN ROSTER
                 "<deals><rows file=\"opps.csv\">\n"
                 "<field name=\"deal_id\" column=\"a\"/>\n"
                 "</rows></deals></mapping>\n", 8, "needs a field named 'close_date'");
    /* mapped twice */
    expect_error(M_OPEN ROSTER
                 "<deals><rows file=\"opps.csv\">\n"
                 "<field name=\"deal_id\" column=\"a\"/>\n"
                 "<field name=\"deal_id\" column=\"b\"/>\n"
                 "</rows></deals></mapping>\n", 10, "mapped twice");
    /* touches without campaigns */
    expect_error(M_OPEN ROSTER DEALS
                 "<touches><rows file=\"t.csv\">\n"
                 "<field name=\"deal_id\" column=\"a\"/><field name=\"campaign_id\" column=\"b\"/>\n"
                 "<field name=\"touch_date\" column=\"c\"/><field name=\"stage\" value=\"\"/>\n"
                 "</rows></touches></mapping>\n", 15, "touches need campaigns");
}

static void test_hostile(void **state)
{
    expect_error("<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE mapping [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                 M_OPEN ROSTER DEALS "</mapping>\n", 2, "DOCTYPE");
    expect_error("not xml at all", 1, "");
    expect_error("<mapping xmlns=\"urn:truce:mapping:1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                 " xsi:schemaLocation=\"urn:truce:mapping:1 file:///etc/passwd\">\n" ROSTER DEALS "</mapping>\n",
                 2, "unknown attribute 'xsi:schemaLocation'");
    /* The editor hint Truce accepts: a processing instruction, not an attribute. */
    diag d0;
    mapping *m = load("<?xml-model href=\"mapping.xsd\"?>\n" M_OPEN ROSTER DEALS "</mapping>\n", &d0);
    assert_non_null(m);
    mapping_free(m);
    diag_free(&d0);
    diag d;
    diag_init(&d);
    assert_null(mapping_load_memory("", 0, "m.xml", &d));
    assert_int_equal(d.errors, 1);
    diag_free(&d);
    diag_init(&d);
    assert_null(mapping_load_file("/nonexistent/m.xml", NULL, &d));
    assert_non_null(strstr(d.v[0].msg, "cannot read"));
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_lookup_and_recode),
        cmocka_unit_test(test_blocks_reordered_to_first),
        cmocka_unit_test(test_schema_errors),
        cmocka_unit_test(test_semantic_errors),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
