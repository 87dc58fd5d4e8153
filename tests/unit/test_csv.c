/*
 * test_csv.c - unit tests for csv.h: RFC 4180 tables with record lines.
 *
 * Every expected value below is worked out by hand from the input text:
 * lines are counted by eye (LF, CRLF and a lone CR each end a line) and
 * columns are the field's position in its record, from 1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "strbuf.h"

typedef struct fx {
    csv_table t;
    diag d;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    diag_init(&f->d);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    csv_table_free(&f->t);
    diag_free(&f->d);
    free(f);
    return 0;
}

/* Reads a NUL-free literal; names the file "t.csv". */
static int rd(fx *f, const char *s)
{
    return csv_read_memory(&f->t, s, strlen(s), "t.csv", &f->d);
}

/* Reads n bytes that may hold NULs. */
static int rdn(fx *f, const char *s, size_t n)
{
    return csv_read_memory(&f->t, s, n, "t.csv", &f->d);
}

static void check_diag(const diag *d, size_t i, long line, long col, const char *msg)
{
    assert_true(i < d->n);
    assert_int_equal(d->v[i].level, DIAG_ERROR);
    assert_non_null(d->v[i].file);
    assert_string_equal(d->v[i].file, "t.csv");
    assert_int_equal(d->v[i].line, line);
    assert_int_equal(d->v[i].col, col);
    assert_string_equal(d->v[i].msg, msg);
}

/* Error i is invalid UTF-8 at line:col naming the byte `bad` (or any byte when bad < 0) and
   saying what to do; what the byte reads as is test_texthint.c's. */
static void check_bad_utf8(const diag *d, size_t i, long line, long col, int bad)
{
    char want[32];
    if (bad >= 0)
        snprintf(want, sizeof want, "invalid UTF-8 (byte 0x%02X", bad);
    else
        snprintf(want, sizeof want, "invalid UTF-8 (byte 0x");
    assert_true(i < d->n);
    assert_int_equal(d->v[i].line, line);
    assert_int_equal(d->v[i].col, col);
    assert_memory_equal(d->v[i].msg, want, strlen(want));
    const char *tail = "save the file as UTF-8";
    size_t n = strlen(d->v[i].msg);
    assert_true(n > strlen(tail));
    assert_string_equal(d->v[i].msg + n - strlen(tail), tail);
}

/* A failed read leaves the table empty. */
static void check_empty_table(const csv_table *t)
{
    assert_int_equal(t->ncols, 0);
    assert_int_equal(t->nrows, 0);
    assert_null(t->header);
    assert_null(t->cells);
    assert_null(t->line);
    assert_null(t->store);
}

/* Exactly one error, at line:col with msg, and an empty table. */
static void check_one_error(fx *f, int rc, long line, long col, const char *msg)
{
    assert_int_equal(rc, -1);
    assert_int_equal(f->d.errors, 1);
    assert_int_equal(f->d.n, 1);
    check_diag(&f->d, 0, line, col, msg);
    check_empty_table(&f->t);
}

/* ---- the basics ------------------------------------------------------ */

static void test_basic(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b,c\n1,2,3\n4,5,6\n"), 0);
    assert_int_equal(f->d.errors, 0);
    assert_int_equal(f->d.n, 0);
    assert_string_equal(f->t.file, "t.csv");
    assert_int_equal(f->t.ncols, 3);
    assert_string_equal(f->t.header[0], "a");
    assert_string_equal(f->t.header[1], "b");
    assert_string_equal(f->t.header[2], "c");
    assert_int_equal(f->t.header_line, 1);
    assert_int_equal(f->t.nrows, 2);
    assert_string_equal(csv_cell(&f->t, 0, 0), "1");
    assert_string_equal(csv_cell(&f->t, 0, 2), "3");
    assert_string_equal(csv_cell(&f->t, 1, 1), "5");
    assert_int_equal(f->t.line[0], 2);
    assert_int_equal(f->t.line[1], 3);
    const char *const *row = csv_row(&f->t, 1);
    assert_string_equal(row[0], "4");
    assert_string_equal(row[1], "5");
    assert_string_equal(row[2], "6");
}

static void test_single_column(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "x\n1\n2\n"), 0);
    assert_int_equal(f->t.ncols, 1);
    assert_int_equal(f->t.nrows, 2);
    assert_string_equal(csv_cell(&f->t, 1, 0), "2");
    assert_int_equal(f->t.line[1], 3);
}

static void test_name_copied_and_null_name(void **state)
{
    fx *f = *state;
    char name[] = "deals.csv";
    assert_int_equal(csv_read_memory(&f->t, "a\n1\n", 4, name, &f->d), 0);
    name[0] = 'X'; /* the table keeps its own copy */
    assert_string_equal(f->t.file, "deals.csv");
    csv_table_free(&f->t);

    assert_int_equal(csv_read_memory(&f->t, "a\n1\n", 4, NULL, &f->d), 0);
    assert_null(f->t.file);
    csv_table_free(&f->t);

    /* With no name, a diagnostic has no file. */
    assert_int_equal(csv_read_memory(&f->t, "a\n1,2\n", 6, NULL, &f->d), -1);
    assert_int_equal(f->d.n, 1);
    assert_null(f->d.v[0].file);
    assert_int_equal(f->d.v[0].line, 2);
}

static void test_comma_in_quotes(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b\n\"x,y\",z\n\",\",\",,\"\n"), 0);
    assert_int_equal(f->t.nrows, 2);
    assert_string_equal(csv_cell(&f->t, 0, 0), "x,y");
    assert_string_equal(csv_cell(&f->t, 0, 1), "z");
    assert_string_equal(csv_cell(&f->t, 1, 0), ",");
    assert_string_equal(csv_cell(&f->t, 1, 1), ",,");
}

static void test_thousands_in_quotes_is_one_field(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "deal_id,amount\nD1,\"1,234.50\"\n"), 0);
    assert_int_equal(f->t.ncols, 2);
    assert_int_equal(f->t.nrows, 1);
    assert_string_equal(csv_cell(&f->t, 0, 1), "1,234.50");
}

static void test_doubled_quotes(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b,c\n\"say \"\"hi\"\"\",\"\"\"\",\"\"\"\"\"\"\n"), 0);
    assert_string_equal(csv_cell(&f->t, 0, 0), "say \"hi\"");
    assert_string_equal(csv_cell(&f->t, 0, 1), "\"");
    assert_string_equal(csv_cell(&f->t, 0, 2), "\"\"");
}

static void test_quoted_header(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "\"a b\",\"c,d\",\"e\"\"f\"\n1,2,3\n"), 0);
    assert_string_equal(f->t.header[0], "a b");
    assert_string_equal(f->t.header[1], "c,d");
    assert_string_equal(f->t.header[2], "e\"f");
    assert_int_equal(csv_column(&f->t, "c,d"), 1);
}

static void test_empty_fields(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b,c\n,,\n\"\",x,\"\"\n,\"\",\n"), 0);
    assert_int_equal(f->t.nrows, 3);
    for (size_t c = 0; c < 3; c++)
        assert_string_equal(csv_cell(&f->t, 0, c), "");
    assert_string_equal(csv_cell(&f->t, 1, 0), "");
    assert_string_equal(csv_cell(&f->t, 1, 1), "x");
    assert_string_equal(csv_cell(&f->t, 1, 2), "");
    for (size_t c = 0; c < 3; c++)
        assert_string_equal(csv_cell(&f->t, 2, c), "");
}

/* In a one-column file, "" is a record holding an empty field, not a blank line. */
static void test_quoted_empty_line_is_a_record(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a\n\"\"\n\nx\n"), 0);
    assert_int_equal(f->t.nrows, 2);
    assert_string_equal(csv_cell(&f->t, 0, 0), "");
    assert_int_equal(f->t.line[0], 2);
    assert_string_equal(csv_cell(&f->t, 1, 0), "x");
    assert_int_equal(f->t.line[1], 4);
}

/* ---- line ends and line numbers -------------------------------------- */

static void test_newline_in_quotes_and_lines_after(void **state)
{
    fx *f = *state;
    const char *s =
        "id,text\n"          /* 1 */
        "1,\"two\nlines\"\n" /* 2-3 */
        "2,x\n"              /* 4 */
        "3,\"a\n\nb\"\n"     /* 5-7: the blank line is inside the quotes */
        "4,y\n";             /* 8 */
    assert_int_equal(rd(f, s), 0);
    assert_int_equal(f->t.nrows, 4);
    assert_string_equal(csv_cell(&f->t, 0, 1), "two\nlines");
    assert_string_equal(csv_cell(&f->t, 2, 1), "a\n\nb");
    assert_int_equal(f->t.line[0], 2);
    assert_int_equal(f->t.line[1], 4);
    assert_int_equal(f->t.line[2], 5);
    assert_int_equal(f->t.line[3], 8);
}

static void test_newline_in_quoted_header(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "\"a\nb\",c\n1,2\n"), 0);
    assert_int_equal(f->t.header_line, 1);
    assert_string_equal(f->t.header[0], "a\nb");
    assert_int_equal(f->t.line[0], 3);
}

static void test_crlf(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n5,6\r\n"), 0);
    assert_int_equal(f->t.nrows, 3);
    assert_string_equal(f->t.header[1], "b");
    assert_string_equal(csv_cell(&f->t, 0, 1), "2");
    assert_string_equal(csv_cell(&f->t, 1, 1), "x\r\ny"); /* kept as written */
    assert_string_equal(csv_cell(&f->t, 2, 1), "6");
    assert_int_equal(f->t.line[0], 2);
    assert_int_equal(f->t.line[1], 3);
    assert_int_equal(f->t.line[2], 5);
}

static void test_cr_only(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b\r1,2\r3,4"), 0);
    assert_int_equal(f->t.nrows, 2);
    assert_string_equal(csv_cell(&f->t, 0, 0), "1");
    assert_string_equal(csv_cell(&f->t, 1, 1), "4");
    assert_int_equal(f->t.line[0], 2);
    assert_int_equal(f->t.line[1], 3);
}

/* A lone CR inside quotes is data, and also a line end for line numbers. */
static void test_cr_in_quotes_counts_as_line(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b\r1,\"x\ry\"\r3,4\r"), 0);
    assert_int_equal(f->t.nrows, 2);
    assert_string_equal(csv_cell(&f->t, 0, 1), "x\ry");
    assert_int_equal(f->t.line[0], 2);
    assert_int_equal(f->t.line[1], 4);
}

static void test_mixed_line_ends(void **state)
{
    fx *f = *state;
    /* LF, CRLF, CR, then CR CRLF: a lone CR and then a blank CRLF line. */
    assert_int_equal(rd(f, "a\n1\r\n2\r3\r\r\n4\n"), 0);
    assert_int_equal(f->t.nrows, 4);
    assert_string_equal(csv_cell(&f->t, 0, 0), "1");
    assert_string_equal(csv_cell(&f->t, 1, 0), "2");
    assert_string_equal(csv_cell(&f->t, 2, 0), "3");
    assert_string_equal(csv_cell(&f->t, 3, 0), "4");
    assert_int_equal(f->t.line[0], 2);
    assert_int_equal(f->t.line[1], 3);
    assert_int_equal(f->t.line[2], 4);
    assert_int_equal(f->t.line[3], 6);
}

static void test_no_final_newline(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b\n1,2"), 0);
    assert_int_equal(f->t.nrows, 1);
    assert_string_equal(csv_cell(&f->t, 0, 1), "2");
    assert_int_equal(f->t.line[0], 2);
}

static void test_no_final_newline_quoted(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b\n1,\"x\"\"y\""), 0);
    assert_string_equal(csv_cell(&f->t, 0, 1), "x\"y");
}

static void test_no_final_newline_empty_last_field(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b\n1,"), 0);
    assert_int_equal(f->t.nrows, 1);
    assert_string_equal(csv_cell(&f->t, 0, 0), "1");
    assert_string_equal(csv_cell(&f->t, 0, 1), "");
}

/* Fields are stored back into the input buffer: a last field with no line
   end needs the one spare byte for its NUL (ASan would catch an overrun). */
static void test_no_final_newline_long_last_field(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a\nabcdefghijklmnopqrstuvwxyz"), 0);
    assert_string_equal(csv_cell(&f->t, 0, 0), "abcdefghijklmnopqrstuvwxyz");
}

static void test_blank_lines_skipped(void **state)
{
    fx *f = *state;
    const char *s =
        "\n"        /* 1 */
        "\r\n"      /* 2 */
        "a,b\n"     /* 3: header */
        "\n"        /* 4 */
        "1,2\n"     /* 5 */
        "\n"        /* 6 */
        "\r"        /* 7 */
        "3,4\n"     /* 8 */
        "5\n"       /* 9: ragged */
        "\n\n";     /* 10, 11 */
    assert_int_equal(rd(f, s), -1);
    assert_int_equal(f->d.errors, 1);
    check_diag(&f->d, 0, 9, 2, "expected 2 fields, found 1");
    diag_free(&f->d);
    csv_table_free(&f->t);

    /* The same without the ragged row reads, with those lines. */
    assert_int_equal(rd(f, "\n\r\na,b\n\n1,2\n\n\r3,4\n\n\n"), 0);
    assert_int_equal(f->t.header_line, 3);
    assert_int_equal(f->t.nrows, 2);
    assert_int_equal(f->t.line[0], 5);
    assert_int_equal(f->t.line[1], 8);
}

/* ---- BOM --------------------------------------------------------------- */

static void test_bom_stripped(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "\xEF\xBB\xBFid,x\n1,2\n"), 0);
    assert_string_equal(f->t.header[0], "id");
    assert_int_equal(csv_column(&f->t, "id"), 0);
    assert_int_equal(f->t.header_line, 1);
    assert_int_equal(f->t.line[0], 2);
}

/* Only a leading BOM is stripped; U+FEFF elsewhere is (valid) data. */
static void test_bom_elsewhere_is_data(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "\xEF\xBB\xBF\xEF\xBB\xBFid\n\xEF\xBB\xBFx\n"), 0);
    assert_string_equal(f->t.header[0], "\xEF\xBB\xBFid");
    assert_int_equal(csv_column(&f->t, "id"), -1);
    assert_string_equal(csv_cell(&f->t, 0, 0), "\xEF\xBB\xBFx");
}

static void test_partial_bom_is_invalid_utf8(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "\xEF\xBB" "a\n1\n"), -1);
    assert_int_equal(f->d.n, 1);
    check_bad_utf8(&f->d, 0, 1, 1, 0xEF);
}

/* ---- empty files and header only -------------------------------------- */

static void test_empty_file(void **state)
{
    fx *f = *state;
    check_one_error(f, rdn(f, "", 0), 0, 0, "empty file, expected a header");
}

static void test_empty_file_null_data(void **state)
{
    fx *f = *state;
    check_one_error(f, csv_read_memory(&f->t, NULL, 0, "t.csv", &f->d), 0, 0,
                    "empty file, expected a header");
}

static void test_blank_lines_only(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "\n\r\n\r\n\n"), 0, 0, "empty file, expected a header");
}

static void test_bom_only(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "\xEF\xBB\xBF"), 0, 0, "empty file, expected a header");
    diag_free(&f->d);
    check_one_error(f, rd(f, "\xEF\xBB\xBF\r\n\n"), 0, 0, "empty file, expected a header");
}

static void test_header_only(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "payee_id,name,role,annual_quota\n"), 0);
    assert_int_equal(f->t.ncols, 4);
    assert_int_equal(f->t.nrows, 0);
    assert_int_equal(f->t.header_line, 1);
    assert_int_equal(csv_column(&f->t, "annual_quota"), 3);
}

static void test_header_only_no_newline(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b"), 0);
    assert_int_equal(f->t.ncols, 2);
    assert_int_equal(f->t.nrows, 0);
    assert_string_equal(f->t.header[1], "b");
}

/* ---- spaces are data -------------------------------------------------- */

static void test_spaces_kept(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a , b\n 1 ,\t2\t\n"), 0);
    assert_string_equal(f->t.header[0], "a ");
    assert_string_equal(f->t.header[1], " b");
    assert_string_equal(csv_cell(&f->t, 0, 0), " 1 ");
    assert_string_equal(csv_cell(&f->t, 0, 1), "\t2\t");
}

static void test_spaces_only_line_is_not_blank(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n  \n"), 2, 2, "expected 2 fields, found 1");
    diag_free(&f->d);
    assert_int_equal(rd(f, "a\n  \n"), 0);
    assert_int_equal(f->t.nrows, 1);
    assert_string_equal(csv_cell(&f->t, 0, 0), "  ");
}

/* In strict mode with spaces kept, a space before an opening quote makes the
   field unquoted, so the quote is inside an unquoted field. */
static void test_space_before_quote_is_error(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n1, \"x\"\n"), 2, 2, "quote inside an unquoted field");
}

static void test_space_after_quote_is_error(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n\"x\" ,2\n"), 2, 1,
                    "text after a closing quote (a quote inside a quoted field is written \"\")");
}

static void test_tab_is_not_a_separator(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a\tb\n1\t2\n"), 0);
    assert_int_equal(f->t.ncols, 1);
    assert_string_equal(csv_cell(&f->t, 0, 0), "1\t2");
}

/* ---- ragged rows ------------------------------------------------------ */

static void test_ragged_rows_all_reported(void **state)
{
    fx *f = *state;
    const char *s =
        "a,b,c\n"      /* 1 */
        "1,2,3\n"      /* 2 */
        "1,2\n"        /* 3: one short; first missing field is 3 */
        "1,2,3,4,5\n"  /* 4: two extra; first extra field is 4 */
        "7,8,9\n"      /* 5 */
        "x\n";         /* 6 */
    assert_int_equal(rd(f, s), -1);
    assert_int_equal(f->d.errors, 3);
    check_diag(&f->d, 0, 3, 3, "expected 3 fields, found 2");
    check_diag(&f->d, 1, 4, 4, "expected 3 fields, found 5");
    check_diag(&f->d, 2, 6, 2, "expected 3 fields, found 1");
    check_empty_table(&f->t);
}

static void test_ragged_multiline_record_reports_start_line(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n1,2\n\"x\ny\nz\"\n3,4\n"), 3, 2, "expected 2 fields, found 1");
}

static void test_ragged_trailing_comma(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n1,2,\n"), 2, 3, "expected 2 fields, found 3");
}

static void test_ragged_last_record_without_newline(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n1,2\n3"), 3, 2, "expected 2 fields, found 1");
}

/* A row far wider than the header is ragged, not a column-limit error. */
static void test_ragged_very_wide_row(void **state)
{
    fx *f = *state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "a,b\n");
    for (int i = 0; i < 5000; i++)
        sb_puts(&sb, i ? ",x" : "x");
    sb_puts(&sb, "\n1,2\n");
    check_one_error(f, rdn(f, sb.p, sb.len), 2, 3, "expected 2 fields, found 5000");
    sb_free(&sb);
}

/* Reporting goes on; the diag keeps DIAG_MAX_KEPT entries and counts all. */
static void test_many_ragged_rows(void **state)
{
    fx *f = *state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "a,b\n");
    for (int i = 0; i < 1500; i++)
        sb_puts(&sb, "1\n");
    assert_int_equal(rdn(f, sb.p, sb.len), -1);
    assert_int_equal(f->d.errors, 1500);
    assert_int_equal(f->d.n, DIAG_MAX_KEPT);
    check_diag(&f->d, 0, 2, 2, "expected 2 fields, found 1");
    check_diag(&f->d, DIAG_MAX_KEPT - 1, DIAG_MAX_KEPT + 1, 2, "expected 2 fields, found 1");
    sb_free(&sb);
}

/* ---- tokenising errors: reported, then reading stops ------------------ */

static void test_quote_in_unquoted_field(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n1,x\"y\n"), 2, 2, "quote inside an unquoted field");
}

static void test_quote_in_unquoted_header(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\"\n1,2\n"), 1, 2, "quote inside an unquoted field");
}

static void test_text_after_closing_quote(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n1,\"x\"y\n"), 2, 2,
                    "text after a closing quote (a quote inside a quoted field is written \"\")");
}

static void test_token_error_in_multiline_record(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n1,2\n\"x\ny\"z,1\n"), 3, 1,
                    "text after a closing quote (a quote inside a quoted field is written \"\")");
}

static void test_unterminated_quote(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,b\n1,\"abc\ndef\n"), 2, 2, "unterminated quoted field");
}

static void test_unterminated_quote_in_header(void **state)
{
    fx *f = *state;
    /* Not also "empty file": the header's problem is the one reported. */
    check_one_error(f, rd(f, "\"abc"), 1, 1, "unterminated quoted field");
}

static void test_unterminated_quote_after_doubled(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a\n\"x\"\"\n"), 2, 1, "unterminated quoted field");
}

/* Ragged rows before a tokenising error are reported; nothing after it. */
static void test_stop_at_token_error(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b\n1\n2,x\"y\n3\n4,5,6\n"), -1);
    assert_int_equal(f->d.errors, 2);
    check_diag(&f->d, 0, 2, 2, "expected 2 fields, found 1");
    check_diag(&f->d, 1, 3, 2, "quote inside an unquoted field");
    check_empty_table(&f->t);
}

/* ---- header names ----------------------------------------------------- */

static void test_duplicate_header(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "deal_id,amount,amount\n1,2,3\n"), 1, 3,
                    "duplicate header name 'amount'");
}

static void test_duplicate_header_three_times(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "x,y,x,x\n"), -1);
    assert_int_equal(f->d.errors, 2);
    check_diag(&f->d, 0, 1, 3, "duplicate header name 'x'");
    check_diag(&f->d, 1, 1, 4, "duplicate header name 'x'");
}

static void test_duplicate_header_after_blank_lines_and_rows_checked(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "\n\na,a\n1\n"), -1);
    assert_int_equal(f->d.errors, 2);
    check_diag(&f->d, 0, 3, 2, "duplicate header name 'a'");
    check_diag(&f->d, 1, 4, 2, "expected 2 fields, found 1");
}

static void test_duplicate_empty_header_names(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "a,,b,\n"), 1, 4, "duplicate header name ''");
}

/* Names are compared exactly: case and spaces make them different. */
static void test_header_names_differ_by_case_and_space(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "amount,Amount,amount ,\"amount\"\"\"\n1,2,3,4\n"), 0);
    assert_int_equal(f->t.ncols, 4);
}

static void test_quoted_and_unquoted_same_name_is_duplicate(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "id,\"id\"\n"), 1, 2, "duplicate header name 'id'");
}

/* ---- csv_column ------------------------------------------------------- */

static void test_column_lookup(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "deal_id,Amount,close_date ,,x\n1,2,3,4,5\n"), 0);
    assert_int_equal(csv_column(&f->t, "deal_id"), 0);
    assert_int_equal(csv_column(&f->t, "Amount"), 1);
    assert_int_equal(csv_column(&f->t, "amount"), -1);     /* case matters */
    assert_int_equal(csv_column(&f->t, "AMOUNT"), -1);
    assert_int_equal(csv_column(&f->t, "close_date "), 2);
    assert_int_equal(csv_column(&f->t, "close_date"), -1); /* trailing space matters */
    assert_int_equal(csv_column(&f->t, " deal_id"), -1);
    assert_int_equal(csv_column(&f->t, "deal"), -1);       /* no prefix match */
    assert_int_equal(csv_column(&f->t, "deal_id_"), -1);
    assert_int_equal(csv_column(&f->t, ""), 3);
    assert_int_equal(csv_column(&f->t, "x"), 4);
    assert_int_equal(csv_column(&f->t, NULL), -1);
}

static void test_column_lookup_on_empty_table(void **state)
{
    fx *f = *state;
    assert_int_equal(csv_column(&f->t, "a"), -1); /* zeroed table */
    assert_int_equal(rd(f, ""), -1);
    assert_int_equal(csv_column(&f->t, "a"), -1); /* after a failed read */
}

/* ---- UTF-8 and NUL ---------------------------------------------------- */

static void test_valid_utf8_accepted(void **state)
{
    fx *f = *state;
    const char *s =
        "name\n"
        "\xC2\x80\n"                 /* U+0080, smallest 2-byte */
        "caf\xC3\xA9\n"              /* é */
        "\xDF\xBF\n"                 /* U+07FF */
        "\xE0\xA0\x80\n"             /* U+0800, smallest 3-byte */
        "\xE2\x82\xAC 5\n"           /* € */
        "\xED\x9F\xBF\n"             /* U+D7FF, just below the surrogates */
        "\xEE\x80\x80\n"             /* U+E000, just above them */
        "\xEF\xBF\xBF\n"             /* U+FFFF */
        "\xF0\x90\x80\x80\n"         /* U+10000, smallest 4-byte */
        "\xF0\x9F\x98\x80\n"         /* an emoji */
        "\xF4\x8F\xBF\xBF\n"         /* U+10FFFF, the last code point */
        "abcdefgh\xC3\xA9ijklmnop\n"; /* non-ASCII between two 8-byte blocks */
    assert_int_equal(rd(f, s), 0);
    assert_int_equal(f->t.nrows, 12);
    assert_string_equal(csv_cell(&f->t, 1, 0), "caf\xC3\xA9");
    assert_string_equal(csv_cell(&f->t, 10, 0), "\xF4\x8F\xBF\xBF");
}

/* Each of these is one bad field in column 2 of line 2. */
static void test_invalid_utf8_kinds(void **state)
{
    fx *f = *state;
    static const char *const bad[] = {
        "\x80",                 /* lone continuation byte */
        "\xBF",
        "a\x80" "b",
        "\xC0\x80",             /* overlong NUL */
        "\xC0\xAF",             /* overlong '/' */
        "\xC1\xBF",             /* overlong U+007F */
        "\xE0\x80\x80",         /* overlong 3-byte */
        "\xE0\x9F\xBF",         /* overlong U+07FF */
        "\xF0\x80\x80\x80",     /* overlong 4-byte */
        "\xF0\x8F\xBF\xBF",     /* overlong U+FFFF */
        "\xED\xA0\x80",         /* U+D800, a surrogate */
        "\xED\xBF\xBF",         /* U+DFFF */
        "\xF4\x90\x80\x80",     /* U+110000 */
        "\xF5\x80\x80\x80",     /* lead byte past F4 */
        "\xF8\x88\x80\x80\x80", /* old 5-byte form */
        "\xFE",
        "\xFF",
        "\xC3",                 /* truncated at the end of the field */
        "\xE2\x82",
        "\xF0\x9F\x98",
        "\xC3x",                /* truncated by an ASCII byte */
        "\xE2\x82x",
        "\xE2x\xAC",
        "\xF0\x9F\x98x",
        "\xC3\xC3\xA9",         /* lead byte followed by a lead byte */
        "\xC3\xA9\xA9",         /* one continuation too many */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "a,b\nx,%s\n", bad[i]);
        assert_int_equal(rdn(f, sb.p, sb.len), -1);
        assert_int_equal(f->d.errors, 1);
        check_bad_utf8(&f->d, 0, 2, 2, -1);
        check_empty_table(&f->t);
        sb_free(&sb);
        diag_free(&f->d);
    }
}

/* The bad byte is found wherever it sits relative to the 8-byte blocks. */
static void test_invalid_utf8_at_every_offset(void **state)
{
    fx *f = *state;
    for (size_t at = 0; at < 24; at++) {
        char field[25];
        memset(field, 'a', 24);
        field[24] = '\0';
        field[at] = '\xFF';
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "h\n\"%s\"\n", field);
        assert_int_equal(rdn(f, sb.p, sb.len), -1);
        assert_int_equal(f->d.errors, 1);
        check_bad_utf8(&f->d, 0, 2, 1, 0xFF);
        sb_free(&sb);
        diag_free(&f->d);
    }
}

/* The message names the first byte that is not UTF-8 (after any valid sequence before it) and
   what it reads as in Windows-1252: written out by hand. */
static void test_invalid_utf8_names_the_byte(void **state)
{
    fx *f = *state;
    check_one_error(f, rd(f, "name\nRu\xEDz\n"), 2, 1,
                    "invalid UTF-8 (byte 0xED, '\xC3\xAD' in Latin-1 or Windows-1252): save the file as UTF-8");
    diag_free(&f->d);
    check_one_error(f, rd(f, "name\n\xC3\xA9\xA9\n"), 2, 1,
                    "invalid UTF-8 (byte 0xA9, '\xC2\xA9' in Latin-1 or Windows-1252): save the file as UTF-8");
    diag_free(&f->d);
    check_one_error(f, rd(f, "name\nx\x81\n"), 2, 1, "invalid UTF-8 (byte 0x81): save the file as UTF-8");
}

static void test_invalid_utf8_in_header(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "id,am\xC3t\n1,2\n"), -1);
    assert_int_equal(f->d.n, 1);
    check_bad_utf8(&f->d, 0, 1, 2, 0xC3);
}

/* Encoding errors are not tokenising errors: reading goes on and reports all. */
static void test_invalid_utf8_several_reported(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a,b,c\n\xFF,ok,\xC0\x80\nok,ok,ok\nx,\"multi\nline\xED\xA0\x80\",y\n1,2\n"), -1);
    assert_int_equal(f->d.errors, 4);
    check_bad_utf8(&f->d, 0, 2, 1, 0xFF);
    check_bad_utf8(&f->d, 1, 2, 3, 0xC0);
    check_bad_utf8(&f->d, 2, 4, 2, 0xED); /* the record's start line */
    check_diag(&f->d, 3, 6, 3, "expected 3 fields, found 2");
}

static void test_nul_byte(void **state)
{
    fx *f = *state;
    static const char s[] = "a,b\n1,x\0y\n";
    check_one_error(f, rdn(f, s, sizeof s - 1), 2, 2, "NUL byte");
}

static void test_nul_byte_alone_and_quoted(void **state)
{
    fx *f = *state;
    static const char s1[] = "a,b\n\0,2\n";
    check_one_error(f, rdn(f, s1, sizeof s1 - 1), 2, 1, "NUL byte");
    diag_free(&f->d);
    static const char s2[] = "a,b\n1,\"x\0\"\n";
    check_one_error(f, rdn(f, s2, sizeof s2 - 1), 2, 2, "NUL byte");
    diag_free(&f->d);
    static const char s3[] = "a\0b\n1\n";
    check_one_error(f, rdn(f, s3, sizeof s3 - 1), 1, 1, "NUL byte");
}

static void test_nul_at_every_offset(void **state)
{
    fx *f = *state;
    for (size_t at = 0; at < 24; at++) {
        char s[64];
        memcpy(s, "h\n", 2);
        memset(s + 2, 'z', 24);
        s[2 + at] = '\0';
        s[26] = '\n';
        assert_int_equal(rdn(f, s, 27), -1);
        assert_int_equal(f->d.errors, 1);
        check_diag(&f->d, 0, 2, 1, "NUL byte");
        diag_free(&f->d);
    }
}

/* The first problem in a field is the one reported. */
static void test_first_problem_in_field_wins(void **state)
{
    fx *f = *state;
    static const char s1[] = "a\nx\0\xFF\n";
    check_one_error(f, rdn(f, s1, sizeof s1 - 1), 2, 1, "NUL byte");
    diag_free(&f->d);
    static const char s2[] = "a\nx\xFF\0\n";
    assert_int_equal(rdn(f, s2, sizeof s2 - 1), -1);
    assert_int_equal(f->d.n, 1);
    check_bad_utf8(&f->d, 0, 2, 1, 0xFF);
}

/* ---- limits ----------------------------------------------------------- */

/* "a\n" + a row of `len` bytes of 'x', optionally quoted. */
static char *long_field_csv(size_t len, int quoted, size_t *n)
{
    char *s = malloc(len + 8);
    size_t k = 0;
    s[k++] = 'a';
    s[k++] = '\n';
    if (quoted)
        s[k++] = '"';
    memset(s + k, 'x', len);
    k += len;
    if (quoted)
        s[k++] = '"';
    s[k++] = '\n';
    *n = k;
    return s;
}

static void test_field_at_limit(void **state)
{
    fx *f = *state;
    for (int quoted = 0; quoted <= 1; quoted++) {
        size_t n;
        char *s = long_field_csv(CSV_MAX_FIELD, quoted, &n);
        assert_int_equal(rdn(f, s, n), 0);
        assert_int_equal(f->d.errors, 0);
        assert_int_equal(strlen(csv_cell(&f->t, 0, 0)), CSV_MAX_FIELD);
        csv_table_free(&f->t);
        free(s);
    }
}

static void test_field_one_past_limit(void **state)
{
    fx *f = *state;
    for (int quoted = 0; quoted <= 1; quoted++) {
        size_t n;
        char *s = long_field_csv((size_t)CSV_MAX_FIELD + 1, quoted, &n);
        check_one_error(f, rdn(f, s, n), 2, 1, "field longer than 1048576 bytes");
        diag_free(&f->d);
        free(s);
    }
}

/* A field past the limit stops reading: the ragged row after it is not reported. */
static void test_field_past_limit_stops(void **state)
{
    fx *f = *state;
    size_t n;
    char *s = long_field_csv((size_t)CSV_MAX_FIELD + 1, 0, &n);
    strbuf sb = STRBUF_INIT;
    sb_putn(&sb, s, n);
    sb_puts(&sb, "1,2\n");
    check_one_error(f, rdn(f, sb.p, sb.len), 2, 1, "field longer than 1048576 bytes");
    sb_free(&sb);
    free(s);
}

/*
 * Far past the limit, libcsv's buffer stops growing before the field ends:
 * an error, no crash.  Inside quotes it cannot yet tell a long field from a
 * missing closing quote, so the message suggests the likelier one.
 */
static void test_field_far_past_limit(void **state)
{
    fx *f = *state;
    size_t n;
    char *s = long_field_csv((size_t)5 * CSV_MAX_FIELD, 0, &n);
    check_one_error(f, rdn(f, s, n), 2, 1, "field longer than 1048576 bytes");
    diag_free(&f->d);
    free(s);
    s = long_field_csv((size_t)5 * CSV_MAX_FIELD, 1, &n);
    check_one_error(f, rdn(f, s, n), 2, 1,
                    "quoted field longer than 1048576 bytes (unterminated quote?)");
    free(s);
}

/* A field at the limit after unescaping, twice as long when written. */
static void test_field_limit_counts_unescaped_bytes(void **state)
{
    fx *f = *state;
    size_t len = CSV_MAX_FIELD;
    char *s = malloc(2 * len + 8);
    size_t k = 0;
    memcpy(s, "a\n\"", 3);
    k = 3;
    memset(s + k, '"', 2 * len);
    k += 2 * len;
    memcpy(s + k, "\"\n", 2);
    k += 2;
    assert_int_equal(rdn(f, s, k), 0);
    const char *cell = csv_cell(&f->t, 0, 0);
    assert_int_equal(strlen(cell), len);
    assert_int_equal(cell[0], '"');
    assert_int_equal(cell[len - 1], '"');
    free(s);
}

/* A stray quote swallowing the rest of a big file is named as such. */
static void test_unterminated_quote_past_limit(void **state)
{
    fx *f = *state;
    size_t len = (size_t)2 * CSV_MAX_FIELD;
    char *s = malloc(len + 16);
    memcpy(s, "a,b\n1,\"", 7); /* field 2 of line 2 opens a quote... */
    memset(s + 7, 'x', len);    /* ...that never closes */
    s[7 + len] = '\n';
    check_one_error(f, rdn(f, s, len + 8), 2, 2,
                    "quoted field longer than 1048576 bytes (unterminated quote?)");
    free(s);
}

/* "c1,c2,...,cN\n" */
static char *wide_header(size_t ncols, size_t *n)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 1; i <= ncols; i++)
        sb_printf(&sb, "%sc%zu", i > 1 ? "," : "", i);
    sb_putc(&sb, '\n');
    *n = sb.len;
    return sb_detach(&sb);
}

static void test_columns_at_limit(void **state)
{
    fx *f = *state;
    size_t n;
    char *s = wide_header(CSV_MAX_COLUMNS, &n);
    assert_int_equal(rdn(f, s, n), 0);
    assert_int_equal(f->t.ncols, CSV_MAX_COLUMNS);
    assert_int_equal(csv_column(&f->t, "c1024"), 1023);
    assert_int_equal(csv_column(&f->t, "c1"), 0);
    free(s);
}

static void test_columns_one_past_limit(void **state)
{
    fx *f = *state;
    size_t n;
    char *s = wide_header((size_t)CSV_MAX_COLUMNS + 1, &n);
    /* Reading stops there: the row after it (as wide, so ragged against the
       first 1024 names) is not also reported. */
    strbuf sb = STRBUF_INIT;
    sb_putn(&sb, s, n);
    sb_putn(&sb, s, n);
    check_one_error(f, rdn(f, sb.p, sb.len), 1, 1025, "more than 1024 columns in the header");
    sb_free(&sb);
    free(s);
}

/* A wide table with many rows: cells grow past their first allocation. */
static void test_many_rows(void **state)
{
    fx *f = *state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "i,sq\n");
    for (int i = 0; i < 5000; i++)
        sb_printf(&sb, "%d,%d\n", i, i * i);
    assert_int_equal(rdn(f, sb.p, sb.len), 0);
    assert_int_equal(f->t.nrows, 5000);
    assert_string_equal(csv_cell(&f->t, 4999, 0), "4999");
    assert_string_equal(csv_cell(&f->t, 4999, 1), "24990001");
    assert_string_equal(csv_cell(&f->t, 1024, 1), "1048576");
    assert_int_equal(f->t.line[4999], 5001);
    sb_free(&sb);
}

/* ---- round trip on random tables ------------------------------------- */

/* xorshift64: a fixed, seedable sequence, so failures reproduce. */
static uint64_t rnd_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static size_t rnd(uint64_t *x, size_t n)
{
    return (size_t)(rnd_next(x) % n);
}

/* Random field text from pieces that matter to CSV, including line ends. */
static void random_field(uint64_t *x, strbuf *out)
{
    static const char *const piece[] = {"a", "Z9", " ", "\t", ",", "\"", "\n", "\r", "\r\n",
                                        "caf\xC3\xA9", "\xE2\x82\xAC", "1,234.50", "''"};
    size_t n = rnd(x, 5);
    sb_reset(out);
    sb_putn(out, "", 0); /* so that out->p is a string even when n == 0 */
    for (size_t i = 0; i < n; i++)
        sb_puts(out, piece[rnd(x, sizeof piece / sizeof piece[0])]);
}

/* Line breaks in s[0..n): LF, CRLF and a lone CR count one each. */
static long count_line_breaks(const char *s, size_t n)
{
    long k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            k++;
    return k;
}

/* Writes one field, quoting it when it must be quoted, and sometimes anyway. */
static void write_field(uint64_t *x, strbuf *csv, const char *text, int alone)
{
    int must = strpbrk(text, ",\"\r\n") != NULL || (alone && !*text);
    if (!must && rnd(x, 3) != 0) {
        sb_puts(csv, text);
        return;
    }
    sb_putc(csv, '"');
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            sb_putc(csv, '"');
        sb_putc(csv, *c);
    }
    sb_putc(csv, '"');
}

/*
 * Random tables written as CSV (random quoting, line ends, blank lines, no
 * final line end) read back to the same fields, with each record's line
 * counted independently from the text.  Both the plain-line fast path and
 * libcsv are exercised, and must agree with this oracle.
 */
static void test_random_round_trip(void **state)
{
    fx *f = *state;
    static const char *const eol[] = {"\n", "\r\n", "\r"};
    uint64_t x = 0x9E3779B97F4A7C15u;
    strbuf csv = STRBUF_INIT, field = STRBUF_INIT;
    for (int iter = 0; iter < 3000; iter++) {
        size_t ncols = 1 + rnd(&x, 4), nrows = rnd(&x, 8);
        char **want = calloc((nrows + 1) * ncols, sizeof *want);
        long *want_line = calloc(nrows + 1, sizeof *want_line);
        sb_reset(&csv);
        for (size_t r = 0; r <= nrows; r++) { /* r == 0: the header */
            while (rnd(&x, 4) == 0)
                sb_puts(&csv, eol[rnd(&x, 3)]); /* blank lines */
            want_line[r] = 1 + count_line_breaks(csv.p ? csv.p : "", csv.len);
            for (size_t c = 0; c < ncols; c++) {
                if (r == 0) {
                    sb_reset(&field);
                    sb_printf(&field, "h%zu", c);
                } else {
                    random_field(&x, &field);
                }
                want[r * ncols + c] = strdup(field.p);
                if (c > 0)
                    sb_putc(&csv, ',');
                write_field(&x, &csv, field.p, ncols == 1);
            }
            if (r < nrows || rnd(&x, 2) == 0)
                sb_puts(&csv, eol[rnd(&x, 3)]);
        }
        assert_int_equal(rdn(f, csv.p, csv.len), 0);
        assert_int_equal(f->t.ncols, ncols);
        assert_int_equal(f->t.nrows, nrows);
        assert_int_equal(f->t.header_line, want_line[0]);
        for (size_t c = 0; c < ncols; c++)
            assert_string_equal(f->t.header[c], want[c]);
        for (size_t r = 0; r < nrows; r++) {
            assert_int_equal(f->t.line[r], want_line[r + 1]);
            for (size_t c = 0; c < ncols; c++)
                assert_string_equal(csv_cell(&f->t, r, c), want[(r + 1) * ncols + c]);
        }
        csv_table_free(&f->t);
        for (size_t i = 0; i < (nrows + 1) * ncols; i++)
            free(want[i]);
        free(want);
        free(want_line);
    }
    sb_free(&csv);
    sb_free(&field);
}

/* ---- files ------------------------------------------------------------ */

static char *write_temp(const char *data, size_t len)
{
    char *path = strdup("/tmp/test_csv_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

static void test_read_file(void **state)
{
    fx *f = *state;
    const char *s = "\xEF\xBB\xBF" "deal_id,amount\r\nD1,\"1,234.50\"\r\nD2,7";
    char *path = write_temp(s, strlen(s));
    assert_int_equal(csv_read_file(&f->t, path, "deals.csv", &f->d), 0);
    assert_string_equal(f->t.file, "deals.csv");
    assert_int_equal(f->t.nrows, 2);
    assert_string_equal(f->t.header[0], "deal_id");
    assert_string_equal(csv_cell(&f->t, 0, 1), "1,234.50");
    assert_string_equal(csv_cell(&f->t, 1, 1), "7");
    assert_int_equal(f->t.line[1], 3);
    unlink(path);
    free(path);
}

static void test_read_file_error_names_file(void **state)
{
    fx *f = *state;
    const char *s = "a,b\n1\n";
    char *path = write_temp(s, strlen(s));
    assert_int_equal(csv_read_file(&f->t, path, "roster.csv", &f->d), -1);
    assert_int_equal(f->d.n, 1);
    assert_string_equal(f->d.v[0].file, "roster.csv");
    assert_int_equal(f->d.v[0].line, 2);
    assert_int_equal(f->d.v[0].col, 2);
    check_empty_table(&f->t);
    csv_table_free(&f->t);
    diag_free(&f->d);

    /* With no name, diagnostics use the path. */
    assert_int_equal(csv_read_file(&f->t, path, NULL, &f->d), -1);
    assert_string_equal(f->d.v[0].file, path);
    unlink(path);
    free(path);
}

static void test_read_empty_file(void **state)
{
    fx *f = *state;
    char *path = write_temp("", 0);
    assert_int_equal(csv_read_file(&f->t, path, "t.csv", &f->d), -1);
    check_one_error(f, -1, 0, 0, "empty file, expected a header");
    unlink(path);
    free(path);
}

static void test_read_missing_file(void **state)
{
    fx *f = *state;
    assert_int_equal(csv_read_file(&f->t, "/nonexistent/dir/deals.csv", "deals.csv", &f->d), -1);
    assert_int_equal(f->d.errors, 1);
    assert_string_equal(f->d.v[0].file, "deals.csv");
    assert_int_equal(f->d.v[0].line, 0);
    assert_int_equal(f->d.v[0].col, 0);
    assert_string_equal(f->d.v[0].msg, "cannot open file: No such file or directory");
    check_empty_table(&f->t);
}

static void test_read_directory(void **state)
{
    fx *f = *state;
    assert_int_equal(csv_read_file(&f->t, "/tmp", "t.csv", &f->d), -1);
    assert_int_equal(f->d.errors, 1);
    assert_string_equal(f->d.v[0].msg, "cannot read file: Is a directory");
    check_empty_table(&f->t);
}

/* Writes a 20000-row table into the FIFO named by arg; returns NULL on success. */
static void *fifo_writer(void *arg)
{
    int fd = open(arg, O_WRONLY);
    char line[32];
    int ok = fd >= 0 && write(fd, "n,m\n", 4) == 4;
    for (int i = 0; ok && i < 20000; i++) {
        int k = snprintf(line, sizeof line, "%d,%d\n", i, 2 * i);
        ok = write(fd, line, (size_t)k) == k;
    }
    if (fd >= 0)
        close(fd);
    return ok ? NULL : arg;
}

/* A pipe has no size up front: the buffer grows while reading.  (A thread,
   not a fork, writes: a forked child would inherit and "leak" our heap.) */
static void test_read_fifo(void **state)
{
    fx *f = *state;
    char dir[] = "/tmp/test_csv_fifo_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/p", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    pthread_t writer;
    assert_int_equal(pthread_create(&writer, NULL, fifo_writer, path), 0);
    int rc = csv_read_file(&f->t, path, "t.csv", &f->d);
    void *failed = path;
    pthread_join(writer, &failed);
    unlink(path);
    rmdir(dir);
    assert_null(failed);
    assert_int_equal(rc, 0);
    assert_int_equal(f->t.nrows, 20000);
    assert_string_equal(csv_cell(&f->t, 19999, 1), "39998");
    assert_int_equal(f->t.line[19999], 20001);
}

/* ---- ownership -------------------------------------------------------- */

/* Errors reported before this read do not make it fail. */
static void test_earlier_errors_do_not_count(void **state)
{
    fx *f = *state;
    diag_error(&f->d, "other.csv", 3, 1, "something else");
    assert_int_equal(rd(f, "a\n1\n"), 0);
    assert_int_equal(f->d.errors, 1);
    assert_int_equal(f->t.nrows, 1);
}

static void test_free_twice_and_zeroed(void **state)
{
    fx *f = *state;
    csv_table z;
    memset(&z, 0, sizeof z);
    csv_table_free(&z);
    assert_int_equal(rd(f, "a\n1\n"), 0);
    csv_table_free(&f->t);
    check_empty_table(&f->t);
    assert_null(f->t.file);
    csv_table_free(&f->t); /* zeroed by the first free */
}

/* The table does not depend on the caller's buffer. */
static void test_input_buffer_not_kept(void **state)
{
    fx *f = *state;
    char *s = strdup("a,b\nhello,world\n");
    assert_int_equal(rd(f, s), 0);
    memset(s, '#', strlen(s));
    free(s);
    assert_string_equal(f->t.header[0], "a");
    assert_string_equal(csv_cell(&f->t, 0, 1), "world");
}

/* A failed read into a used table leaves it empty, not half-filled. */
static void test_reuse_after_failure(void **state)
{
    fx *f = *state;
    assert_int_equal(rd(f, "a\n\xFF\n"), -1);
    check_empty_table(&f->t);
    csv_table_free(&f->t);
    assert_int_equal(rd(f, "a\nok\n"), 0);
    assert_string_equal(csv_cell(&f->t, 0, 0), "ok");
}

/* ---- records tokenised on two threads --------------------------------- */

/* Over 4 MiB (csv.c tokenises less on one thread) of records with quoted fields across lines,
   doubled quotes, commas in quotes, every line end, and now and then a ragged row or bad UTF-8. */
static char *big_text(size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "id,text,n\n");
    for (unsigned i = 0; sb.len < (size_t)9 << 19; i++) {
        static const char *const ends[] = {"\n", "\r\n", "\r", "\n"};
        const char *end = ends[i % 4];
        if (i % 7 == 0)
            sb_printf(&sb, "%u,\"two\nlines, \"\"quoted\"\"\",%u%s", i, i * 3, end);
        else if (i % 5003 == 0)
            sb_printf(&sb, "%u,ragged%s", i, end);
        else if (i % 7919 == 0)
            sb_printf(&sb, "%u,bad \xC3(,%u%s", i, i, end);
        else if (i % 11 == 0)
            sb_printf(&sb, "\n%u,plain,%u%s", i, i, end);  /* a blank line first */
        else
            sb_printf(&sb, "%u,plain text,%u%s", i, i, end);
    }
    *len = sb.len;
    return sb_detach(&sb);
}

/* Reading s with 2 jobs gives what reading it with 1 does: the rc, table and messages. */
static void expect_jobs_agree(const char *s, size_t len)
{
    csv_table t1 = {0}, t2 = {0};
    diag d1, d2;
    diag_init(&d1);
    diag_init(&d2);
    int rc1 = csv_read_memory_jobs(&t1, s, len, "t.csv", 1, &d1);
    int rc2 = csv_read_memory_jobs(&t2, s, len, "t.csv", 2, &d2);
    assert_int_equal(rc1, rc2);
    assert_int_equal(d1.n, d2.n);
    assert_int_equal(d1.errors, d2.errors);
    for (size_t i = 0; i < d1.n; i++) {
        assert_int_equal(d1.v[i].line, d2.v[i].line);
        assert_int_equal(d1.v[i].col, d2.v[i].col);
        assert_string_equal(d1.v[i].msg, d2.v[i].msg);
    }
    assert_int_equal(t1.ncols, t2.ncols);
    assert_int_equal(t1.nrows, t2.nrows);
    assert_int_equal(t1.header_line, t2.header_line);
    for (size_t r = 0; r < t1.nrows; r++) {
        assert_int_equal(t1.line[r], t2.line[r]);
        for (size_t c = 0; c < t1.ncols; c++)
            assert_string_equal(csv_cell(&t1, r, c), csv_cell(&t2, r, c));
    }
    csv_table_free(&t1);
    csv_table_free(&t2);
    diag_free(&d1);
    diag_free(&d2);
}

static void test_two_threads_same_table(void **state)
{
    (void)state;
    size_t len;
    char *s = big_text(&len);
    expect_jobs_agree(s, len);
    /* Without the few bad rows the read succeeds, both ways. */
    free(s);
    s = big_text(&len);
    for (size_t i = 0; i < len; i++)
        if (memcmp(s + i, "ragged", 6) == 0)
            s[i + 1] = ',';  /* "r,gged": a third field */
        else if ((unsigned char)s[i] == 0xC3)
            s[i] = 'x';
    csv_table t = {0};
    diag d;
    diag_init(&d);
    assert_int_equal(csv_read_memory_jobs(&t, s, len, "t.csv", 2, &d), 0);
    csv_table_free(&t);
    diag_free(&d);
    expect_jobs_agree(s, len);
    free(s);
}

/* Every record with a line end in quotes: wherever the halves would meet (the text cut
   shorter, by up to a record), the second starts at a record, not inside a field. */
static void test_two_threads_split_outside_quotes(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "id,text,n\n");
    for (unsigned i = 0; sb.len < (size_t)9 << 19; i++)
        sb_printf(&sb, "%u,\"a\nb\",%u\n", i % 10, i % 10);  /* 12 bytes a record */
    for (size_t cut = 0; cut < 24; cut += 4)
        expect_jobs_agree(sb.p, sb.len - cut);
    sb_free(&sb);
}

/* A stray quote anywhere (the middle of a field: a fatal error; a field's start: a quoted
   field that runs on, past where the halves meet, or to the end): the same as one thread. */
static void test_two_threads_stray_quote(void **state)
{
    (void)state;
    size_t len;
    char *s = big_text(&len);
    static const double at[] = {0.1, 0.45, 0.499, 0.5, 0.501, 0.55, 0.9, 0.9999};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        size_t i = (size_t)(at[k] * (double)len);
        for (int start = 0; start < 2; start++) {
            char *v = malloc(len);
            memcpy(v, s, len);
            size_t j = i;
            while (j < len && v[j] != ',')  /* a field's first byte, or its third */
                j++;
            if (j + 3 < len) {
                v[j + (start ? 1 : 3)] = '"';
                expect_jobs_agree(v, len);
            }
            free(v);
        }
    }
    free(s);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_basic),
        T(test_single_column),
        T(test_name_copied_and_null_name),
        T(test_comma_in_quotes),
        T(test_thousands_in_quotes_is_one_field),
        T(test_doubled_quotes),
        T(test_quoted_header),
        T(test_empty_fields),
        T(test_quoted_empty_line_is_a_record),
        T(test_newline_in_quotes_and_lines_after),
        T(test_newline_in_quoted_header),
        T(test_crlf),
        T(test_cr_only),
        T(test_cr_in_quotes_counts_as_line),
        T(test_mixed_line_ends),
        T(test_no_final_newline),
        T(test_no_final_newline_quoted),
        T(test_no_final_newline_empty_last_field),
        T(test_no_final_newline_long_last_field),
        T(test_blank_lines_skipped),
        T(test_bom_stripped),
        T(test_bom_elsewhere_is_data),
        T(test_partial_bom_is_invalid_utf8),
        T(test_empty_file),
        T(test_empty_file_null_data),
        T(test_blank_lines_only),
        T(test_bom_only),
        T(test_header_only),
        T(test_header_only_no_newline),
        T(test_spaces_kept),
        T(test_spaces_only_line_is_not_blank),
        T(test_space_before_quote_is_error),
        T(test_space_after_quote_is_error),
        T(test_tab_is_not_a_separator),
        T(test_ragged_rows_all_reported),
        T(test_ragged_multiline_record_reports_start_line),
        T(test_ragged_trailing_comma),
        T(test_ragged_last_record_without_newline),
        T(test_ragged_very_wide_row),
        T(test_many_ragged_rows),
        T(test_quote_in_unquoted_field),
        T(test_quote_in_unquoted_header),
        T(test_text_after_closing_quote),
        T(test_token_error_in_multiline_record),
        T(test_unterminated_quote),
        T(test_unterminated_quote_in_header),
        T(test_unterminated_quote_after_doubled),
        T(test_stop_at_token_error),
        T(test_duplicate_header),
        T(test_duplicate_header_three_times),
        T(test_duplicate_header_after_blank_lines_and_rows_checked),
        T(test_duplicate_empty_header_names),
        T(test_header_names_differ_by_case_and_space),
        T(test_quoted_and_unquoted_same_name_is_duplicate),
        T(test_column_lookup),
        T(test_column_lookup_on_empty_table),
        T(test_valid_utf8_accepted),
        T(test_invalid_utf8_kinds),
        T(test_invalid_utf8_at_every_offset),
        T(test_invalid_utf8_names_the_byte),
        T(test_invalid_utf8_in_header),
        T(test_invalid_utf8_several_reported),
        T(test_nul_byte),
        T(test_nul_byte_alone_and_quoted),
        T(test_nul_at_every_offset),
        T(test_first_problem_in_field_wins),
        T(test_field_at_limit),
        T(test_field_one_past_limit),
        T(test_field_past_limit_stops),
        T(test_field_far_past_limit),
        T(test_field_limit_counts_unescaped_bytes),
        T(test_unterminated_quote_past_limit),
        T(test_columns_at_limit),
        T(test_columns_one_past_limit),
        T(test_many_rows),
        T(test_random_round_trip),
        T(test_read_file),
        T(test_read_file_error_names_file),
        T(test_read_empty_file),
        T(test_read_missing_file),
        T(test_read_directory),
        T(test_read_fifo),
        T(test_earlier_errors_do_not_count),
        T(test_free_twice_and_zeroed),
        T(test_input_buffer_not_kept),
        T(test_reuse_after_failure),
        T(test_two_threads_same_table),
        T(test_two_threads_split_outside_quotes),
        T(test_two_threads_stray_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
