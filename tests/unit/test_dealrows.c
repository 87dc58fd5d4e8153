/*
 * test_dealrows.c - the records of one deal shard, cut out of a file without
 * parsing it (dealrows.h), and the line map that puts messages back.
 *
 * The shards of a file together hold each of its records exactly once, in
 * file order, each in the shard of its (unquoted) deal_id, with the file's
 * own line and bytes, whatever its quoting and line ends (the file's last
 * record gains one); the head goes to every shard.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dealrows.h"
#include "earn.h"

/* A file of records with quoted fields, an embedded line end, CRLF, a lone CR and a blank
   line; the record at line 5 spans two lines. */
static const char FILE_TEXT[] =
    "\xEF\xBB\xBF" "deal_id,note\n"
    "d1,plain\n"
    "\"d2\",\"quoted, comma\"\r\n"
    "\n"
    "d3,\"two\nlines\"\n"
    "\"d\"\"4\",x\r"
    "d5,last";

static const struct {
    const char *key;
    long line;
    const char *bytes;
} WANT[] = {
    {"d1", 2, "d1,plain\n"},
    {"d2", 3, "\"d2\",\"quoted, comma\"\r\n"},
    {"d3", 5, "d3,\"two\nlines\"\n"},
    {"d\"4", 7, "\"d\"\"4\",x\r"},
    {"d5", 8, "d5,last\n"},  /* the last record gains a line end, lest a later one join it */
};

static char *write_file(const char *text)
{
    char *path = strdup("/tmp/test_dealrows.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void shards_hold_each_record_once(void **state)
{
    (void)state;
    char *path = write_file(FILE_TEXT);
    size_t nwant = sizeof WANT / sizeof WANT[0];
    for (unsigned n = 1; n <= 4; n++) {
        size_t seen[sizeof WANT / sizeof WANT[0]] = {0};
        for (unsigned k = 0; k < n; k++) {
            diag d;
            diag_init(&d);
            dealrows r;
            assert_int_equal(dealrows_read(&r, path, "deals.csv", k, n, &d), 0);
            assert_int_equal(d.errors, 0);
            assert_int_equal(r.nrows, nwant);
            assert_true(r.head_len == strlen("\xEF\xBB\xBF" "deal_id,note\n"));
            assert_memory_equal(r.text.p, FILE_TEXT, r.head_len);
            for (size_t i = 0; i < r.n; i++) {
                const dealrow *dr = &r.v[i];
                assert_true(dr->row < nwant);
                assert_true(i == 0 || r.v[i - 1].row < dr->row);  /* file order */
                assert_string_equal(r.keys.p + dr->key_at, WANT[dr->row].key);
                assert_int_equal(shard_of(WANT[dr->row].key, n), k);
                assert_int_equal(dr->line, WANT[dr->row].line);
                assert_int_equal(dr->len, strlen(WANT[dr->row].bytes));
                assert_memory_equal(r.text.p + dr->at, WANT[dr->row].bytes, dr->len);
                seen[dr->row]++;
            }
            dealrows_free(&r);
            diag_free(&d);
        }
        for (size_t i = 0; i < nwant; i++)
            assert_int_equal(seen[i], 1);
    }
    unlink(path);
    free(path);
}

/* No deal_id column: every record goes to shard 0, for the loader to refuse. */
static void without_deal_id_all_in_shard_0(void **state)
{
    (void)state;
    char *path = write_file("id,note\na,1\nb,2\n");
    for (unsigned k = 0; k < 3; k++) {
        diag d;
        diag_init(&d);
        dealrows r;
        assert_int_equal(dealrows_read(&r, path, "deals.csv", k, 3, &d), 0);
        assert_int_equal(r.n, k == 0 ? 2 : 0);
        dealrows_free(&r);
        diag_free(&d);
    }
    unlink(path);
    free(path);
}

static void count_lines_as_csv_does(void **state)
{
    (void)state;
    assert_int_equal(dealrows_count_lines("", 0), 0);
    assert_int_equal(dealrows_count_lines("a", 1), 0);
    assert_int_equal(dealrows_count_lines("a\n", 2), 1);
    assert_int_equal(dealrows_count_lines("a\r\nb\rc\n", 7), 3);
    assert_int_equal(dealrows_count_lines("a\r", 2), 1);
}

static void linemap_puts_lines_back(void **state)
{
    (void)state;
    linemap m;
    linemap_init(&m, "deals.csv");
    linemap_add(&m, 1, 1);    /* the head */
    linemap_add(&m, 2, 40);   /* a record at the file's line 40, two lines long */
    linemap_add(&m, 4, 97);
    assert_int_equal(linemap_line(&m, 0), 0);
    assert_int_equal(linemap_line(&m, 1), 1);
    assert_int_equal(linemap_line(&m, 2), 40);
    assert_int_equal(linemap_line(&m, 3), 41);
    assert_int_equal(linemap_line(&m, 4), 97);
    assert_int_equal(linemap_line(&m, 9), 102);
    linemap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shards_hold_each_record_once),
        cmocka_unit_test(without_deal_id_all_in_shard_0),
        cmocka_unit_test(count_lines_as_csv_does),
        cmocka_unit_test(linemap_puts_lines_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
