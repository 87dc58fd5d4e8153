/*
 * fuzz_expr.c - libFuzzer target for expr.h, the `when` language.
 *
 * Input: the expression text up to the first NUL byte; after it, optional
 * row values separated by '\n' (they fill the columns of extra rows, in
 * turn).  The header is a fixed set of names plus every column the
 * expression uses, so that any expression that compiles also binds.  Each
 * compiled expression is evaluated on fixed rows (numbers, text, empty,
 * "-0", long digit runs) and on the rows from the input.
 *
 * Invariants:
 *  - compiling never crashes; a refusal has a message and a column within
 *    the text (1-based characters, or 0);
 *  - expr_source is the text; expr_column_count and expr_column_name list
 *    distinct names; binding to a header holding them succeeds, binding to
 *    a header lacking one fails with a message;
 *  - evaluation returns 1, 0 or -1, with a message exactly when -1, and a
 *    second evaluation gives the same result and message;
 *  - `not (E)` compiles (unless the extra level or bytes pass a limit) and
 *    evaluates to the negation of E, and to the same error when E fails;
 *  - comparisons of two columns by value agree with exact rationals, whether
 *    the engine compares decimal text (`x < y`) or evaluates arithmetic
 *    (`x + 0 < y`); text against a string literal compares bytes.
 */
#include "fuzz_common.h"

#include <gmp.h>

#include "expr.h"
#include "money.h"

#define ERRLEN 256

/* Columns every header has; x and y are the ones the fixed comparisons use. */
static const char *const fixed_header[] = {
    "amount", "source", "product", "region", "type", "seats", "discount", "x", "y", "z",
};
#define NFIXED (sizeof fixed_header / sizeof fixed_header[0])

/* Values the fixed rows give the columns, in turn. */
static const char *const fixed_values[] = {
    "120000.00", "marketing", "Pro", "EMEA", "new", "12", "0.15", "-0", "0", "abc",
    "0", "", "-5", "1e5", " 7", "007.50", "7.5", "99999999999999999999999999999999999999999",
    "-0.000", "1.", "'", "\xc3\xa9t\xc3\xa9", "2027-03-01", "-", "12.50", "12.5",
};
#define NVALUES (sizeof fixed_values / sizeof fixed_values[0])
#define NROWS_FIXED 6
#define MAX_INPUT_ROWS 4

/* Number of characters of UTF-8-ish text (bytes that are not continuation bytes). */
static int char_count(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static expr *compile(const char *src, char *err, int *col)
{
    expr *e = expr_compile(src, err, ERRLEN, col);
    if (!e) {
        CHECK(err[0] != '\0', "refused without a message");
        CHECK(strlen(err) < ERRLEN, "message not terminated");
        CHECK(*col >= 0 && *col <= char_count(src) + 1, "error column %d of %d characters", *col,
              char_count(src));
    } else {
        CHECK(strcmp(expr_source(e), src) == 0, "expr_source differs");
    }
    return e;
}

/* Evaluates twice: same result, same message; returns the result. */
static int eval2(const expr *e, const char *const *row, char *err)
{
    char err2[ERRLEN];
    memset(err, 'A', ERRLEN);
    memset(err2, 'B', ERRLEN);
    err[ERRLEN - 1] = err2[ERRLEN - 1] = '\0';
    int r = expr_eval(e, row, err, ERRLEN);
    int r2 = expr_eval(e, row, err2, ERRLEN);
    CHECK(r == 1 || r == 0 || r == -1, "expr_eval returned %d", r);
    CHECK(r == r2, "evaluation is not deterministic: %d then %d", r, r2);
    if (r < 0) {
        CHECK(err[0] != '\0' && strcmp(err, err2) == 0, "error messages differ: '%s' / '%s'", err, err2);
        CHECK(!strchr(err, '\n'), "message with a line break: %s", err);
    }
    return r;
}

/* ---- exact comparisons of two values ------------------------------------ */

typedef struct fixed {
    expr *lt, *eq, *ge_arith, *ne_arith, *text_eq, *in_text;
} fixed;

static fixed fx;
static const char *const *fx_header;

/* Whether v is a number by the contract (-?[0-9]+(\.[0-9]+)?, at most 40 digits); its value in q. */
static int number_value(const char *v, mpq_t q)
{
    return money_parse_decimal(q, v, strlen(v)) == MONEY_OK;
}

static expr *compile_fixed(const char *src, const char *const *header, size_t n)
{
    char err[ERRLEN];
    int col;
    expr *e = compile(src, err, &col);
    CHECK(e, "'%s' does not compile: %s", src, err);
    CHECK(expr_bind(e, header, n, err, sizeof err) == 0, "'%s' does not bind: %s", src, err);
    return e;
}

static void fixed_init(void)
{
    static const char *header[NFIXED];
    for (size_t i = 0; i < NFIXED; i++)
        header[i] = fixed_header[i];
    fx_header = header;
    fx.lt = compile_fixed("x < y", header, NFIXED);
    fx.eq = compile_fixed("x = y", header, NFIXED);
    fx.ge_arith = compile_fixed("x + 0 >= y * 1", header, NFIXED);
    fx.ne_arith = compile_fixed("-(-x) != y", header, NFIXED);
    fx.text_eq = compile_fixed("x = 'Pro'", header, NFIXED);
    fx.in_text = compile_fixed("x in ('Pro', '', 'a b')", header, NFIXED);
}

/* x and y are columns 7 and 8 of the fixed header. */
static void check_fixed(const char *xv, const char *yv)
{
    const char *row[NFIXED];
    char err[ERRLEN];
    for (size_t i = 0; i < NFIXED; i++)
        row[i] = "0";
    row[7] = xv;
    row[8] = yv;

    mpq_t a, b;
    mpq_inits(a, b, NULL);
    int xnum = number_value(xv, a), ynum = number_value(yv, b);
    int lt = eval2(fx.lt, row, err), eq = eval2(fx.eq, row, err);
    int ge = eval2(fx.ge_arith, row, err), ne = eval2(fx.ne_arith, row, err);
    if (xnum && ynum) {
        int c = mpq_cmp(a, b);
        CHECK(lt == (c < 0), "'%s' < '%s' gave %d", xv, yv, lt);
        CHECK(eq == (c == 0), "'%s' = '%s' gave %d", xv, yv, eq);
        CHECK(ge == (c >= 0), "'%s' + 0 >= '%s' * 1 gave %d", xv, yv, ge);
        CHECK(ne == (c != 0), "-(-'%s') != '%s' gave %d", xv, yv, ne);
    } else {
        CHECK(lt < 0 && eq < 0 && ge < 0 && ne < 0, "text '%s' / '%s' used as a number", xv, yv);
    }
    CHECK(eval2(fx.text_eq, row, err) == (strcmp(xv, "Pro") == 0), "x = 'Pro' on '%s'", xv);
    CHECK(eval2(fx.in_text, row, err) ==
              (strcmp(xv, "Pro") == 0 || strcmp(xv, "") == 0 || strcmp(xv, "a b") == 0),
          "x in (...) on '%s'", xv);
    mpq_clears(a, b, NULL);
}

/* ---- the target --------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fx.lt)
        fixed_init();

    size_t srclen = strnlen((const char *)data, size);
    char *src = malloc(srclen + 1);
    memcpy(src, data, srclen);
    src[srclen] = '\0';

    /* Row values from the bytes after the NUL, split at '\n'. */
    const char *vals[64];
    char *tail = NULL;
    size_t nvals = 0;
    if (srclen < size) {
        size_t n = size - srclen - 1;
        tail = malloc(n + 1);
        memcpy(tail, data + srclen + 1, n);
        tail[n] = '\0';
        for (char *p = tail; nvals < 64;) {
            vals[nvals++] = p;
            char *nl = strchr(p, '\n');
            if (!nl)
                break;
            *nl = '\0';
            p = nl + 1;
        }
    }

    /* The fixed comparisons, on pairs of the input's values and fixed ones. */
    for (size_t i = 0; i < nvals; i++) {
        check_fixed(vals[i], i + 1 < nvals ? vals[i + 1] : fixed_values[i % NVALUES]);
        check_fixed(fixed_values[(i * 7) % NVALUES], vals[i]);
    }

    char err[ERRLEN];
    int col = -1;
    expr *e = compile(src, err, &col);
    if (!e) {
        free(src);
        free(tail);
        return 0;
    }

    /* Header: the fixed names, then the expression's own. */
    size_t ncols_used = expr_column_count(e);
    size_t ncols = NFIXED + ncols_used;
    const char **header = malloc(ncols * sizeof *header);
    for (size_t i = 0; i < NFIXED; i++)
        header[i] = fixed_header[i];
    for (size_t i = 0; i < ncols_used; i++) {
        const char *name = expr_column_name(e, i);
        CHECK(name && name[0], "column %zu has no name", i);
        for (size_t k = 0; k < i; k++)
            CHECK(strcmp(name, expr_column_name(e, k)) != 0, "column '%s' listed twice", name);
        header[NFIXED + i] = name;
    }
    CHECK(expr_column_name(e, ncols_used) == NULL, "a column past the count");

    /* A header without the expression's first own column must not bind. */
    for (size_t i = 0; i < ncols_used; i++) {
        int known = 0;
        for (size_t k = 0; k < NFIXED; k++)
            known |= strcmp(header[NFIXED + i], fixed_header[k]) == 0;
        if (!known) {
            err[0] = '\0';
            CHECK(expr_bind(e, header, NFIXED, err, sizeof err) < 0 && err[0],
                  "bound without column '%s'", header[NFIXED + i]);
            break;
        }
    }
    CHECK(expr_bind(e, header, ncols, err, sizeof err) == 0, "does not bind: %s", err);

    /* not (E), on the same header. */
    char *neg_src = malloc(srclen + 8);
    snprintf(neg_src, srclen + 8, "not (%s)", src);
    char nerr[ERRLEN];
    int ncol;
    expr *ne = compile(neg_src, nerr, &ncol);
    if (!ne)
        CHECK(strstr(nerr, "nested too deeply") || strstr(nerr, "longer than"),
              "'not (E)' refused: %s", nerr);
    else
        CHECK(expr_bind(ne, header, ncols, nerr, sizeof nerr) == 0, "'not (E)' does not bind: %s", nerr);

    /* Rows: fixed ones, then those of the input. */
    size_t nrows = NROWS_FIXED + (nvals ? MAX_INPUT_ROWS : 0);
    const char **row = malloc(ncols * sizeof *row);
    for (size_t r = 0; r < nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            if (r < NROWS_FIXED)
                row[c] = fixed_values[(r * 5 + c * 3) % NVALUES];
            else
                row[c] = vals[((r - NROWS_FIXED) + c) % nvals];
        }
        char err1[ERRLEN], err2[ERRLEN];
        int v = eval2(e, row, err1);
        if (ne) {
            int nv = eval2(ne, row, err2);
            if (v < 0)
                CHECK(nv < 0 && strcmp(err1, err2) == 0, "E fails (%s) but not (E) gives %d (%s)", err1,
                      nv, nv < 0 ? err2 : "");
            else
                CHECK(nv == !v, "E is %d but not (E) is %d", v, nv);
        }
    }

    free(row);
    expr_free(ne);
    free(neg_src);
    free(header);
    expr_free(e);
    free(src);
    free(tail);
    return 0;
}
