/*
 * test_fields.c - field_check_id on every byte: which an id may hold, which an id that names
 * a file may hold, and which message each gets (fields.c classes bytes with a table);
 * field_check_date, which keeps the dates it parsed, against date_parse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <string.h>

#include "fields.h"

/* Checks the one field s of a one-column table; the message, or NULL when it passes. */
static const char *check_id(const char *s, int filename_safe, char *msg, size_t cap)
{
    char *header[] = {"id"};
    char *cells[] = {(char *)s};
    long line[] = {2};
    csv_table t = {.file = "t.csv", .ncols = 1, .header = header, .nrows = 1, .cells = cells,
                   .line = line, .header_line = 1};
    diag d;
    diag_init(&d);
    field_ctx f = {&t, 0, &d};
    int rc = field_check_id(&f, 0, filename_safe);
    assert_int_equal(rc == 0, d.n == 0);
    const char *out = NULL;
    if (d.n) {
        assert_int_equal(d.n, 1);
        assert_int_equal(d.v[0].line, 2);
        assert_int_equal(d.v[0].col, 1);
        snprintf(msg, cap, "%s", d.v[0].msg);
        out = msg;
    }
    diag_free(&d);
    return out;
}

static int is_control(int c)
{
    return c < 0x20 || c == 0x7f;
}

static int is_file_safe(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

static void test_every_byte(void **state)
{
    (void)state;
    char msg[600];
    for (int c = 1; c < 256; c++) {
        char id[4] = {'a', (char)c, 'b', '\0'};
        const char *m = check_id(id, 0, msg, sizeof msg);
        if (is_control(c))
            assert_non_null(strstr(m, "contains a control character"));
        else
            assert_null(m);
        m = check_id(id, 1, msg, sizeof msg);
        if (is_control(c))
            assert_non_null(strstr(m, "contains a control character"));
        else if (!is_file_safe(c))
            assert_non_null(strstr(m, "may only contain A-Z a-z 0-9 . _ -"));
        else
            assert_null(m);
    }
}

/* The length of a file-naming id is checked first; the first bad byte names the problem. */
static void test_length_then_first_bad_byte(void **state)
{
    (void)state;
    char msg[600], id[300];
    memset(id, 'x', sizeof id);
    id[FIELD_MAX_FILE_ID] = '\0';
    assert_null(check_id(id, 1, msg, sizeof msg));
    id[FIELD_MAX_FILE_ID] = 'x';
    id[FIELD_MAX_FILE_ID + 1] = '\0';
    id[3] = '\x01';
    assert_non_null(strstr(check_id(id, 1, msg, sizeof msg), "is longer than 251 bytes"));
    assert_non_null(strstr(check_id(id, 0, msg, sizeof msg), "contains a control character"));
    assert_non_null(strstr(check_id("a b\x01", 1, msg, sizeof msg), "may only contain"));
    assert_non_null(strstr(check_id("ab\x01 ", 1, msg, sizeof msg), "control character"));
    assert_non_null(strstr(check_id("", 0, msg, sizeof msg), "id is empty"));
    assert_null(check_id("caf\xc3\xa9 #1", 0, msg, sizeof msg));
}

/* field_check_date of s: rc and day, checked against date_parse. */
static void expect_date_as_parsed(const char *s)
{
    char *header[] = {"d"};
    char *cells[] = {(char *)s};
    long line[] = {2};
    csv_table t = {.file = "t.csv", .ncols = 1, .header = header, .nrows = 1, .cells = cells,
                   .line = line, .header_line = 1};
    diag d;
    diag_init(&d);
    field_ctx f = {&t, 0, &d};
    day_t got = -1, want = -1;
    int rc = field_check_date(&f, 0, &got);
    assert_int_equal(rc, date_parse(s, strlen(s), &want));
    assert_int_equal(d.n, rc != 0);
    if (rc == 0)
        assert_int_equal(got, want);
    diag_free(&d);
}

/* Every day of 400 years, three times over (the later rounds hit the cache or evict), and
   the texts that are not dates, before and after their valid neighbours. */
static void test_dates_cached(void **state)
{
    (void)state;
    char s[16];
    for (int round = 0; round < 3; round++)
        for (day_t day = date_from_ymd(1900, 1, 1); day < date_from_ymd(2300, 1, 1);
             day += round == 1 ? 7 : 1) {
            date_format(day, s);
            expect_date_as_parsed(s);
        }
    static const char *const bad[] = {"2027-02-29", "2027-02-30", "2027-13-01", "2027-00-10",
                                      "2027-01-32", "2027-1-01",  "2027-01-011", "2027/01/01",
                                      "",           "0000-01-01", "2027-01-0x", "2027-01-01 "};
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            expect_date_as_parsed(bad[i]);
            expect_date_as_parsed("2027-01-01");
            expect_date_as_parsed("2028-02-29");
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_byte),
        cmocka_unit_test(test_length_then_first_bad_byte),
        cmocka_unit_test(test_dates_cached),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
