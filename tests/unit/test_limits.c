/*
 * test_limits.c - every limit of docs/limits.md, at the limit (accepted) and
 * one past it (refused with a located error, never a crash).
 *
 * The module tests (test_csv.c, test_expr.c, test_plan.c, test_money.c) also
 * probe their own limits; this file keeps them all in one place, reaches the
 * ones no file can reach in a test (FIELD_MAX_ROWS: field_check_rows on a
 * table whose row count is set by hand), and checks the batch-level ones
 * (touches per deal) through load_batch on files.
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

#include <gmp.h>

#include "batch.h"
#include "csv.h"
#include "fields.h"
#include "load.h"
#include "diag.h"
#include "expr.h"
#include "money.h"
#include "plan.h"
#include "strbuf.h"

/* ---- helpers ------------------------------------------------------------ */

static void repeat(strbuf *sb, char c, size_t n)
{
    sb_grow(sb, n);
    for (size_t i = 0; i < n; i++)
        sb_putc(sb, c);
}

/* n copies of c, NUL-terminated (caller frees). */
static char *run_of(char c, size_t n)
{
    strbuf sb = STRBUF_INIT;
    repeat(&sb, c, n);
    sb_puts(&sb, "");
    return sb_detach(&sb);
}

/* Asserts that d holds exactly one entry, an error at file:line:col with message msg. */
static void one_error(const diag *d, const char *file, long line, long col, const char *msg)
{
    if (d->n != 1 || d->errors != 1) {
        for (size_t i = 0; i < d->n; i++)
            print_message("  %s:%ld:%ld: %s\n", d->v[i].file ? d->v[i].file : "-", d->v[i].line,
                          d->v[i].col, d->v[i].msg);
        fail_msg("expected one error, got %zu entries (%zu errors)", d->n, d->errors);
    }
    assert_int_equal(d->v[0].level, DIAG_ERROR);
    if (file) {
        assert_non_null(d->v[0].file);
        assert_string_equal(d->v[0].file, file);
    }
    assert_int_equal(d->v[0].line, line);
    assert_int_equal(d->v[0].col, col);
    assert_string_equal(d->v[0].msg, msg);
}

static void no_errors(const diag *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].level == DIAG_ERROR)
            fail_msg("unexpected error: %s:%ld:%ld: %s", d->v[i].file ? d->v[i].file : "-",
                     d->v[i].line, d->v[i].col, d->v[i].msg);
    assert_int_equal(d->errors, 0);
}

/* ---- MONEY_MAX_DIGITS ----------------------------------------------------- */

static money_status decimal(const char *s)
{
    mpq_t q;
    mpq_init(q);
    money_status st = money_parse_decimal(q, s, strlen(s));
    mpq_clear(q);
    return st;
}

static money_status plan_number(const char *s)
{
    mpq_t q;
    mpq_init(q);
    money_status st = money_parse_plan_number(q, s, PLAN_NUM_ANY, NULL);
    mpq_clear(q);
    return st;
}

/* The amount grammar: integer and fraction digits together, the sign not counted. */
static void test_money_digits(void **state)
{
    (void)state;
    assert_int_equal(MONEY_MAX_DIGITS, 40);
    char *d40 = run_of('9', 40), *d41 = run_of('9', 41);
    strbuf sb = STRBUF_INIT;

    assert_int_equal(decimal(d40), MONEY_OK);
    assert_int_equal(decimal(d41), MONEY_TOO_LONG);
    sb_printf(&sb, "-%s", d40);
    assert_int_equal(decimal(sb.p), MONEY_OK);
    sb_reset(&sb);
    sb_printf(&sb, "-%s", d41);
    assert_int_equal(decimal(sb.p), MONEY_TOO_LONG);
    sb_reset(&sb);
    assert_int_equal(decimal("12345678901234567890.12345678901234567890"), MONEY_OK);
    assert_int_equal(decimal("12345678901234567890.123456789012345678901"), MONEY_TOO_LONG);
    assert_int_equal(decimal("1.000000000000000000000000000000000000000"), MONEY_OK);       /* 1 + 39 */
    assert_int_equal(decimal("1.0000000000000000000000000000000000000000"), MONEY_TOO_LONG); /* 1 + 40 */
    /* Leading zeros are digits too. */
    sb_printf(&sb, "0%s", d40);
    assert_int_equal(decimal(sb.p), MONEY_TOO_LONG);
    sb_reset(&sb);

    /* The value at the limit is exact: 10^40 - 1. */
    mpq_t q, want;
    mpq_inits(q, want, NULL);
    assert_int_equal(money_parse_decimal(q, d40, 40), MONEY_OK);
    mpz_ui_pow_ui(mpq_numref(want), 10, 40);
    mpz_sub_ui(mpq_numref(want), mpq_numref(want), 1);
    assert_true(mpq_equal(q, want));
    mpq_clears(q, want, NULL);

    /* Plan numbers: a decimal, a percentage (digits before the %), a fraction (both sides). */
    assert_int_equal(plan_number(d40), MONEY_OK);
    assert_int_equal(plan_number(d41), MONEY_TOO_LONG);
    sb_printf(&sb, "%s%%", d40);
    assert_int_equal(plan_number(sb.p), MONEY_OK);
    sb_reset(&sb);
    sb_printf(&sb, "%s%%", d41);
    assert_int_equal(plan_number(sb.p), MONEY_TOO_LONG);
    sb_reset(&sb);
    assert_int_equal(plan_number("11111111111111111111/33333333333333333333"), MONEY_OK);
    assert_int_equal(plan_number("11111111111111111111/333333333333333333333"), MONEY_TOO_LONG);
    assert_int_equal(plan_number("1/333333333333333333333333333333333333333"), MONEY_OK);       /* 1 + 39 */
    assert_int_equal(plan_number("1/3333333333333333333333333333333333333333"), MONEY_TOO_LONG); /* 1 + 40 */
    sb_free(&sb);
    free(d40);
    free(d41);
}

/* Far past the limit the answer is the same, and quick: no digit is converted. */
static void test_money_far_past(void **state)
{
    (void)state;
    char *huge = run_of('7', 1000000);
    assert_int_equal(decimal(huge), MONEY_TOO_LONG);
    assert_int_equal(plan_number(huge), MONEY_TOO_LONG);
    free(huge);
}

/* ---- CSV_MAX_FIELD and CSV_MAX_COLUMNS -------------------------------------- */

/* "h\r\n" + one record holding one field of n bytes (quoted: every byte an escaped quote). */
static char *one_field_csv(size_t n, int quoted, size_t *len)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "h\n");
    if (quoted) {
        sb_putc(&sb, '"');
        repeat(&sb, '"', 2 * n);
        sb_putc(&sb, '"');
    } else {
        repeat(&sb, 'x', n);
    }
    sb_putc(&sb, '\n');
    *len = sb.len;
    return sb_detach(&sb);
}

static void test_csv_field(void **state)
{
    (void)state;
    assert_int_equal(CSV_MAX_FIELD, 1048576);
    for (int quoted = 0; quoted <= 1; quoted++) {
        size_t len;
        char *s = one_field_csv(CSV_MAX_FIELD, quoted, &len);
        csv_table t;
        diag d;
        diag_init(&d);
        assert_int_equal(csv_read_memory(&t, s, len, "t.csv", &d), 0);
        no_errors(&d);
        assert_int_equal(t.nrows, 1);
        assert_int_equal(strlen(csv_cell(&t, 0, 0)), CSV_MAX_FIELD);
        csv_table_free(&t);
        diag_free(&d);
        free(s);

        s = one_field_csv((size_t)CSV_MAX_FIELD + 1, quoted, &len);
        diag_init(&d);
        assert_int_equal(csv_read_memory(&t, s, len, "t.csv", &d), -1);
        one_error(&d, "t.csv", 2, 1, "field longer than 1048576 bytes");
        csv_table_free(&t);
        diag_free(&d);
        free(s);
    }
}

/* A header of n columns c1..cn and one row of n empty fields. */
static char *wide_csv(size_t n, size_t *len)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 1; i <= n; i++)
        sb_printf(&sb, "%sc%zu", i > 1 ? "," : "", i);
    sb_putc(&sb, '\n');
    repeat(&sb, ',', n - 1);
    sb_putc(&sb, '\n');
    *len = sb.len;
    return sb_detach(&sb);
}

static void test_csv_columns(void **state)
{
    (void)state;
    assert_int_equal(CSV_MAX_COLUMNS, 1024);
    size_t len;
    char *s = wide_csv(CSV_MAX_COLUMNS, &len);
    csv_table t;
    diag d;
    diag_init(&d);
    assert_int_equal(csv_read_memory(&t, s, len, "t.csv", &d), 0);
    no_errors(&d);
    assert_int_equal(t.ncols, CSV_MAX_COLUMNS);
    assert_int_equal(t.nrows, 1);
    csv_table_free(&t);
    diag_free(&d);
    free(s);

    s = wide_csv((size_t)CSV_MAX_COLUMNS + 1, &len);
    diag_init(&d);
    assert_int_equal(csv_read_memory(&t, s, len, "t.csv", &d), -1);
    one_error(&d, "t.csv", 1, 1025, "more than 1024 columns in the header");
    csv_table_free(&t);
    diag_free(&d);
    free(s);
}

/* A line of many maximal fields: 16 fields of CSV_MAX_FIELD bytes, then one a byte longer. */
static void test_csv_line_of_maximal_fields(void **state)
{
    (void)state;
    for (int past = 0; past <= 1; past++) {
        strbuf sb = STRBUF_INIT;
        for (int i = 1; i <= 16; i++)
            sb_printf(&sb, "%sc%d", i > 1 ? "," : "", i);
        sb_putc(&sb, '\n');
        for (int i = 1; i <= 16; i++) {
            if (i > 1)
                sb_putc(&sb, ',');
            repeat(&sb, (char)('a' + i), (size_t)CSV_MAX_FIELD + (past && i == 16));
        }
        sb_putc(&sb, '\n');
        csv_table t;
        diag d;
        diag_init(&d);
        int r = csv_read_memory(&t, sb.p, sb.len, "t.csv", &d);
        if (!past) {
            assert_int_equal(r, 0);
            no_errors(&d);
            for (size_t c = 0; c < 16; c++)
                assert_int_equal(strlen(csv_cell(&t, 0, c)), CSV_MAX_FIELD);
        } else {
            assert_int_equal(r, -1);
            one_error(&d, "t.csv", 2, 16, "field longer than 1048576 bytes");
        }
        csv_table_free(&t);
        diag_free(&d);
        sb_free(&sb);
    }
}

/* ---- FIELD_MAX_ROWS ---------------------------------------------------------- */

/* A table is never built that big here: field_check_rows only reads nrows and file. */
static void test_batch_rows(void **state)
{
    (void)state;
    assert_int_equal(FIELD_MAX_ROWS, 200000000u);
    csv_table t;
    memset(&t, 0, sizeof t);
    t.file = "deals.csv";
    diag d;

    diag_init(&d);
    t.nrows = 0;
    assert_int_equal(field_check_rows(&t, &d), 0);
    t.nrows = FIELD_MAX_ROWS;
    assert_int_equal(field_check_rows(&t, &d), 0);
    assert_int_equal(d.n, 0);
    diag_free(&d);

    diag_init(&d);
    t.nrows = (size_t)FIELD_MAX_ROWS + 1;
    assert_int_equal(field_check_rows(&t, &d), -1);
    one_error(&d, "deals.csv", 0, 0, "more than 200000000 rows");
    diag_free(&d);

    /* Far past it (a row count that would not fit the 32-bit indices). */
    diag_init(&d);
    t.nrows = (size_t)UINT32_MAX + 2;
    assert_int_equal(field_check_rows(&t, &d), -1);
    one_error(&d, "deals.csv", 0, 0, "more than 200000000 rows");
    diag_free(&d);
}

/* ---- EXPR_MAX_LENGTH and EXPR_MAX_DEPTH -------------------------------------- */

static void test_expr_length(void **state)
{
    (void)state;
    assert_int_equal(EXPR_MAX_LENGTH, 4096);
    for (size_t n = EXPR_MAX_LENGTH; n <= (size_t)EXPR_MAX_LENGTH + 1; n++) {
        strbuf sb = STRBUF_INIT;
        sb_puts(&sb, "x");
        repeat(&sb, ' ', n - 5);     /* "x" + spaces + " = 1" is n bytes */
        sb_puts(&sb, " = 1");
        assert_int_equal(sb.len, n);
        char err[256] = "";
        int col = -1;
        expr *e = expr_compile(sb.p, err, sizeof err, &col);
        if (n == EXPR_MAX_LENGTH) {
            if (!e)
                fail_msg("%zu bytes refused: %s", n, err);
            assert_int_equal(strlen(expr_source(e)), EXPR_MAX_LENGTH);
            expr_free(e);
        } else {
            assert_null(e);
            assert_string_equal(err, "expression is longer than 4096 bytes");
        }
        sb_free(&sb);
    }
}

static void test_expr_depth(void **state)
{
    (void)state;
    assert_int_equal(EXPR_MAX_DEPTH, 64);
    const char *open[] = {"(", "not ", "-"};
    const char *inner[] = {"x = 1", "x = 1", "x > 0"};
    const int past_col[] = {EXPR_MAX_DEPTH + 1, 4 * EXPR_MAX_DEPTH + 1, 4 + EXPR_MAX_DEPTH + 1};
    for (int kind = 0; kind < 3; kind++) {
        for (int n = EXPR_MAX_DEPTH; n <= EXPR_MAX_DEPTH + 1; n++) {
            strbuf sb = STRBUF_INIT;
            if (kind == 2) {                 /* x > - - ... - 0: the minus signs nest */
                sb_puts(&sb, "x > ");
                for (int i = 0; i < n; i++)
                    sb_puts(&sb, open[kind]);
                sb_puts(&sb, "0");
            } else {
                for (int i = 0; i < n; i++)
                    sb_puts(&sb, open[kind]);
                sb_puts(&sb, inner[kind]);
                if (kind == 0)
                    repeat(&sb, ')', (size_t)n);
            }
            char err[256] = "";
            int col = -1;
            expr *e = expr_compile(sb.p, err, sizeof err, &col);
            if (n == EXPR_MAX_DEPTH) {
                if (!e)
                    fail_msg("%s nested %d deep refused: %s", open[kind], n, err);
                expr_free(e);
            } else {
                if (e)
                    fail_msg("%s nested %d deep accepted", open[kind], n);
                assert_string_equal(err, "expression nested too deeply");
                assert_int_equal(col, past_col[kind]);   /* where level 65 opens */
            }
            sb_free(&sb);
        }
    }
}

/* Far past both: a megabyte of '(' is refused for its length, at once. */
static void test_expr_far_past(void **state)
{
    (void)state;
    char *s = run_of('(', 1 << 20);
    char err[256] = "";
    int col = -1;
    assert_null(expr_compile(s, err, sizeof err, &col));
    assert_string_equal(err, "expression is longer than 4096 bytes");
    free(s);
}

/* ---- PLAN_MAX_BYTES, PLAN_MAX_DEPTH, PLAN_MAX_TIERS ---------------------------- */

#define HEAD "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
#define CREDIT "<credit><split><closer share=\"100%\"/></split></credit>\n"
#define TAIL "</plan>\n"

static plan *load(const strbuf *sb, diag *d)
{
    return plan_load_memory(sb->p, sb->len, "plan.xml", d);
}

/* A valid plan padded by a comment to exactly n bytes. */
static void plan_of_size(strbuf *sb, size_t n)
{
    sb_puts(sb, HEAD CREDIT "<role id=\"ae\"><commission id=\"c\"><tier rate=\"5%\"/></commission></role>\n" TAIL);
    assert_true(sb->len + 8 <= n);
    sb_puts(sb, "<!--");
    repeat(sb, ' ', n - sb->len - 4);
    sb_puts(sb, "-->\n");
    assert_int_equal(sb->len, n);
}

static void test_plan_bytes(void **state)
{
    (void)state;
    assert_int_equal(PLAN_MAX_BYTES, 4194304);
    strbuf sb = STRBUF_INIT;
    diag d;
    diag_init(&d);
    plan_of_size(&sb, PLAN_MAX_BYTES);
    plan *p = load(&sb, &d);
    no_errors(&d);
    assert_non_null(p);
    plan_free(p);
    diag_free(&d);
    sb_free(&sb);

    diag_init(&d);
    plan_of_size(&sb, (size_t)PLAN_MAX_BYTES + 1);
    assert_null(load(&sb, &d));
    one_error(&d, "plan.xml", 0, 0, "the plan is larger than 4194304 bytes");
    diag_free(&d);
    sb_free(&sb);
}

/* <closer> is at depth 4 (plan, credit, split, closer); k elements inside reach 4 + k. */
static void nested_plan(strbuf *sb, int k)
{
    sb_puts(sb, HEAD "<credit><split><closer share=\"100%\">");
    for (int i = 0; i < k; i++)
        sb_puts(sb, "<x>");
    for (int i = 0; i < k; i++)
        sb_puts(sb, "</x>");
    sb_puts(sb, "</closer></split></credit>\n" TAIL);
}

static void test_plan_depth(void **state)
{
    (void)state;
    assert_int_equal(PLAN_MAX_DEPTH, 32);
    /* At 32 deep the plan is refused (a closer holds nothing), but not for its depth. */
    strbuf sb = STRBUF_INIT;
    diag d;
    diag_init(&d);
    nested_plan(&sb, PLAN_MAX_DEPTH - 4);
    assert_null(load(&sb, &d));
    assert_true(d.errors > 0);
    for (size_t i = 0; i < d.n; i++)
        if (strstr(d.v[i].msg, "nested"))
            fail_msg("32 deep refused for its depth: %s", d.v[i].msg);
    diag_free(&d);
    sb_free(&sb);

    diag_init(&d);
    nested_plan(&sb, PLAN_MAX_DEPTH - 3);
    assert_null(load(&sb, &d));
    one_error(&d, "plan.xml", 2, 0, "elements are nested more than 32 deep");
    diag_free(&d);
    sb_free(&sb);
}

/* A commission of n tiers: the i-th up to 1000 i at i/10000, the last at 5%. */
static void tiers_plan(strbuf *sb, int n)
{
    sb_puts(sb, HEAD CREDIT "<role id=\"ae\">\n<commission id=\"c\">\n");
    for (int i = 1; i < n; i++)
        sb_printf(sb, "<tier upto=\"%d\" rate=\"%d/10000\"/>\n", i * 1000, i);
    sb_puts(sb, "<tier rate=\"5%\"/>\n</commission>\n</role>\n" TAIL);
}

static void test_plan_tiers(void **state)
{
    (void)state;
    assert_int_equal(PLAN_MAX_TIERS, 1000);
    strbuf sb = STRBUF_INIT;
    diag d;
    diag_init(&d);
    tiers_plan(&sb, PLAN_MAX_TIERS);
    plan *p = load(&sb, &d);
    no_errors(&d);
    assert_non_null(p);
    const component *c = &p->roles[0].components[0];
    assert_int_equal(c->ntiers, PLAN_MAX_TIERS);
    assert_int_equal(mpz_get_si(mpq_numref(c->tiers[PLAN_MAX_TIERS - 2].upto)), 999000);
    assert_false(c->tiers[PLAN_MAX_TIERS - 1].has_upto);
    plan_free(p);
    diag_free(&d);
    sb_free(&sb);

    diag_init(&d);
    tiers_plan(&sb, PLAN_MAX_TIERS + 1);
    assert_null(load(&sb, &d));
    one_error(&d, "plan.xml", 4, 0, "commission 'c' has more than 1000 tiers");
    diag_free(&d);
    sb_free(&sb);
}

/* ---- BATCH_MAX_TOUCHES_PER_DEAL ---------------------------------------------- */

typedef struct files {
    char dir[64];
    char roster[96], deals[96], touches[96], campaigns[96];
} files;

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/*
 * A batch whose deal D2 (deals.csv line 3, closing 2027-06-30) has `eligible`
 * touches on or before its close and `late` after it.
 */
static void touches_batch(files *fs, unsigned eligible, unsigned late)
{
    strcpy(fs->dir, "/tmp/truce-test-limits-XXXXXX");
    assert_non_null(mkdtemp(fs->dir));
    snprintf(fs->roster, sizeof fs->roster, "%s/roster.csv", fs->dir);
    snprintf(fs->deals, sizeof fs->deals, "%s/deals.csv", fs->dir);
    snprintf(fs->touches, sizeof fs->touches, "%s/touches.csv", fs->dir);
    snprintf(fs->campaigns, sizeof fs->campaigns, "%s/campaigns.csv", fs->dir);
    const char roster[] = "payee_id,name,role,annual_quota\nana,Ana,ae,\n";
    const char deals[] = "deal_id,close_date,amount,closer_id\nD1,2027-06-30,10,ana\nD2,2027-06-30,20,ana\n";
    const char campaigns[] = "campaign_id,name,owner_id,cost\nc1,C1,ana,\nc2,C2,,\n";
    write_file(fs->roster, roster, sizeof roster - 1);
    write_file(fs->deals, deals, sizeof deals - 1);
    write_file(fs->campaigns, campaigns, sizeof campaigns - 1);
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "deal_id,campaign_id,touch_date,stage\nD1,c1,2027-06-01,lead\n");
    for (unsigned i = 0; i < eligible; i++)
        sb_printf(&sb, "D2,c%u,2027-%02u-%02u,\n", i % 2 + 1, i % 6 + 1, i % 28 + 1);
    for (unsigned i = 0; i < late; i++)
        sb_printf(&sb, "D2,c1,2027-07-%02u,\n", i % 28 + 1);
    write_file(fs->touches, sb.p, sb.len);
    sb_free(&sb);
}

static void files_remove(files *fs)
{
    unlink(fs->roster);
    unlink(fs->deals);
    unlink(fs->touches);
    unlink(fs->campaigns);
    rmdir(fs->dir);
}

static int load_touches_batch(files *fs, batch *b, diag *d)
{
    batch_paths paths = {.roster = fs->roster, .deals = fs->deals, .touches = fs->touches,
                         .campaigns = fs->campaigns};
    return load_batch(b, &paths, 1, d);
}

static void test_touches_per_deal(void **state)
{
    (void)state;
    assert_int_equal(BATCH_MAX_TOUCHES_PER_DEAL, 10000u);
    files fs;
    batch b;
    diag d;

    /* At the limit, with as many late touches again: only eligible ones count. */
    touches_batch(&fs, BATCH_MAX_TOUCHES_PER_DEAL, BATCH_MAX_TOUCHES_PER_DEAL);
    diag_init(&d);
    memset(&b, 0, sizeof b);
    assert_int_equal(load_touches_batch(&fs, &b, &d), 0);
    no_errors(&d);
    assert_int_equal(b.ndeals, 2);
    assert_int_equal(b.deals[1].touch_count, BATCH_MAX_TOUCHES_PER_DEAL);
    assert_int_equal(b.deals[0].touch_count, 1);
    load_batch_free(&b);
    diag_free(&d);
    files_remove(&fs);

    touches_batch(&fs, BATCH_MAX_TOUCHES_PER_DEAL + 1, 0);
    diag_init(&d);
    memset(&b, 0, sizeof b);
    assert_int_equal(load_touches_batch(&fs, &b, &d), -1);
    one_error(&d, fs.deals, 3, 0, "deal D2 has more than 10000 touches");
    load_batch_free(&b);
    diag_free(&d);
    files_remove(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_digits),
        cmocka_unit_test(test_money_far_past),
        cmocka_unit_test(test_csv_field),
        cmocka_unit_test(test_csv_columns),
        cmocka_unit_test(test_csv_line_of_maximal_fields),
        cmocka_unit_test(test_batch_rows),
        cmocka_unit_test(test_expr_length),
        cmocka_unit_test(test_expr_depth),
        cmocka_unit_test(test_expr_far_past),
        cmocka_unit_test(test_plan_bytes),
        cmocka_unit_test(test_plan_depth),
        cmocka_unit_test(test_plan_tiers),
        cmocka_unit_test(test_touches_per_deal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
