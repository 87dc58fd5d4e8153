/*
 * test_expr.c - unit tests of expr.h, the `when` language of contract 3.5:
 * every grammar rule, precedence, exact arithmetic, text versus number
 * semantics, `in`, short-circuit, every compile-time and run-time error
 * with its message and column, and the length, depth and digit limits.
 *
 * Expected results are worked out by hand from the contract (the column of
 * an error is counted in the source string written next to it); none is
 * copied from the program's output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "strbuf.h"

/* ---- helpers ------------------------------------------------------------ */

#define MAX_PAIRS 16

/* Compiles src or fails the test with the compiler's message. */
static expr *compile_ok(const char *src)
{
    char err[256];
    int col = -1;
    expr *e = expr_compile(src, err, sizeof err, &col);
    if (!e)
        fail_msg("compile \"%s\": %s (column %d)", src, err, col);
    assert_int_equal(col, 0);
    assert_string_equal(err, "");
    return e;
}

/*
 * Compiles src, binds it to the header of the name/value pairs in ap
 * (NULL-terminated), evaluates it on their values; the result, with any
 * evaluation error in err.
 */
static int eval_pairs(const char *src, char *err, size_t errlen, va_list ap)
{
    const char *names[MAX_PAIRS], *values[MAX_PAIRS];
    size_t n = 0;
    const char *name;
    while ((name = va_arg(ap, const char *)) != NULL) {
        assert_true(n < MAX_PAIRS);
        names[n] = name;
        values[n] = va_arg(ap, const char *);
        n++;
    }
    expr *e = compile_ok(src);
    char berr[256];
    if (expr_bind(e, names, n, berr, sizeof berr) != 0)
        fail_msg("bind \"%s\": %s", src, berr);
    int r = expr_eval(e, values, err, errlen);
    expr_free(e);
    return r;
}

/* The value (1 or 0) of src on a row given as name, value, ..., NULL; an evaluation error fails the test. */
__attribute__((sentinel))
static int ev(const char *src, ...)
{
    char err[256] = "";
    va_list ap;
    va_start(ap, src);
    int r = eval_pairs(src, err, sizeof err, ap);
    va_end(ap);
    if (r < 0)
        fail_msg("eval \"%s\": %s", src, err);
    assert_true(r == 0 || r == 1);
    return r;
}

/* Asserts that src fails to evaluate on the row with exactly message msg. */
__attribute__((sentinel))
static void ev_error(const char *src, const char *msg, ...)
{
    char err[256] = "";
    va_list ap;
    va_start(ap, msg);
    int r = eval_pairs(src, err, sizeof err, ap);
    va_end(ap);
    if (r != -1)
        fail_msg("eval \"%s\": got %d, want error \"%s\"", src, r, msg);
    assert_string_equal(err, msg);
}

/* Asserts that src does not compile, with exactly message msg at 1-based character column col. */
static void bad(const char *src, const char *msg, int col)
{
    char err[256] = "";
    int got = -1;
    expr *e = expr_compile(src, err, sizeof err, &got);
    if (e) {
        expr_free(e);
        fail_msg("\"%s\" compiled; want error \"%s\"", src, msg);
    }
    if (strcmp(err, msg) != 0)
        fail_msg("\"%s\": message \"%s\", want \"%s\"", src, err, msg);
    if (got != col)
        fail_msg("\"%s\": column %d, want %d", src, got, col);
}

/* Asserts that src compiles (type checks included). */
static void good(const char *src)
{
    expr_free(compile_ok(src));
}

/* sb := n copies of s. */
static void repeat(strbuf *sb, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        sb_puts(sb, s);
}

/* ---- the contract's own examples ---------------------------------------- */

static void test_contract_examples(void **state)
{
    (void)state;
    assert_int_equal(ev("source = 'marketing'", "source", "marketing", NULL), 1);
    assert_int_equal(ev("source = 'marketing'", "source", "Marketing", NULL), 0);
    assert_int_equal(ev("source = 'marketing'", "source", "marketing ", NULL), 0);
    assert_int_equal(ev("source = 'marketing'", "source", "", NULL), 0);

    const char *partner = "source = 'partner' and amount >= 50000";
    assert_int_equal(ev(partner, "source", "partner", "amount", "50000", NULL), 1);
    assert_int_equal(ev(partner, "source", "partner", "amount", "50000.00", NULL), 1);
    assert_int_equal(ev(partner, "source", "partner", "amount", "49999.99", NULL), 0);
    assert_int_equal(ev(partner, "source", "partner", "amount", "120000", NULL), 1);
    assert_int_equal(ev(partner, "source", "direct", "amount", "120000", NULL), 0);

    const char *pro = "product = 'Pro' and type in ('new', 'expansion')";
    assert_int_equal(ev(pro, "product", "Pro", "type", "new", NULL), 1);
    assert_int_equal(ev(pro, "product", "Pro", "type", "expansion", NULL), 1);
    assert_int_equal(ev(pro, "product", "Pro", "type", "renewal", NULL), 0);
    assert_int_equal(ev(pro, "product", "pro", "type", "new", NULL), 0);
    assert_int_equal(ev(pro, "product", "Pro", "type", "New", NULL), 0);
    /* the SPIF example of the contract's plan */
    assert_int_equal(ev("product = 'Pro'", "product", "Pro", NULL), 1);
}

/* ---- comparisons -------------------------------------------------------- */

/* Each operator on x = 4, 5, 6 against 5. */
static void test_number_operators(void **state)
{
    (void)state;
    static const struct { const char *src; int lt, eq, gt; } cases[] = {
        {"x = 5", 0, 1, 0},  {"x != 5", 1, 0, 1}, {"x < 5", 1, 0, 0},
        {"x <= 5", 1, 1, 0}, {"x > 5", 0, 0, 1},  {"x >= 5", 0, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(ev(cases[i].src, "x", "4", NULL), cases[i].lt);
        assert_int_equal(ev(cases[i].src, "x", "5", NULL), cases[i].eq);
        assert_int_equal(ev(cases[i].src, "x", "6", NULL), cases[i].gt);
    }
}

/* The same six on strings: bytewise, "b" against "a", "b", "c". */
static void test_string_operators(void **state)
{
    (void)state;
    static const struct { const char *src; int lt, eq, gt; } cases[] = {
        {"s = 'b'", 0, 1, 0},  {"s != 'b'", 1, 0, 1}, {"s < 'b'", 1, 0, 0},
        {"s <= 'b'", 1, 1, 0}, {"s > 'b'", 0, 0, 1},  {"s >= 'b'", 0, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(ev(cases[i].src, "s", "a", NULL), cases[i].lt);
        assert_int_equal(ev(cases[i].src, "s", "b", NULL), cases[i].eq);
        assert_int_equal(ev(cases[i].src, "s", "c", NULL), cases[i].gt);
    }
}

static void test_string_order_is_bytewise(void **state)
{
    (void)state;
    /* upper case (0x42) sorts before lower case (0x61) */
    assert_int_equal(ev("s < 'a'", "s", "B", NULL), 1);
    /* a proper prefix sorts first */
    assert_int_equal(ev("s < 'abc'", "s", "ab", NULL), 1);
    assert_int_equal(ev("s > 'ab'", "s", "abc", NULL), 1);
    assert_int_equal(ev("s < ''", "s", "", NULL), 0);
    assert_int_equal(ev("s = ''", "s", "", NULL), 1);
    assert_int_equal(ev("s > ''", "s", "a", NULL), 1);
    /* bytes above 0x7f compare unsigned: e-acute (c3 a9) after 'z' (7a) */
    assert_int_equal(ev("s > 'z'", "s", "\xc3\xa9", NULL), 1);
    assert_int_equal(ev("s = 'caf\xc3\xa9'", "s", "caf\xc3\xa9", NULL), 1);
    assert_int_equal(ev("s = 'cafe'", "s", "caf\xc3\xa9", NULL), 0);
    /* text that looks like numbers still compares as text: "10" < "9" */
    assert_int_equal(ev("s < '9'", "s", "10", NULL), 1);
    assert_int_equal(ev("s < 9", "s", "10", NULL), 0);
    /* two literals */
    assert_int_equal(ev("'a' < 'b'", NULL), 1);
    assert_int_equal(ev("'b' < 'a'", NULL), 0);
    assert_int_equal(ev("'abc' = 'abc'", NULL), 1);
    assert_int_equal(ev("'' < 'a'", NULL), 1);
    /* the literal may stand on the left */
    assert_int_equal(ev("'m' < s", "s", "n", NULL), 1);
    assert_int_equal(ev("'m' < s", "s", "l", NULL), 0);
}

/* A comparison with a string literal compares the column's text, not its value. */
static void test_string_literal_compares_text(void **state)
{
    (void)state;
    assert_int_equal(ev("amount = '100'", "amount", "100.00", NULL), 0);
    assert_int_equal(ev("amount = '100'", "amount", "100", NULL), 1);
    assert_int_equal(ev("amount = 100", "amount", "100.00", NULL), 1);
    assert_int_equal(ev("amount != '100'", "amount", "100.0", NULL), 1);
    /* text columns never need to be numbers for a string comparison */
    assert_int_equal(ev("note = 'n/a'", "note", "n/a", NULL), 1);
    /* a string literal with keywords, operators and a double quote inside */
    assert_int_equal(ev("s = 'a, b (c) and not d'", "s", "a, b (c) and not d", NULL), 1);
    assert_int_equal(ev("s = 'say \"hi\"'", "s", "say \"hi\"", NULL), 1);
    assert_int_equal(ev("s = ' '", "s", " ", NULL), 1);
}

/* A column compared with a column, or with a number, compares values. */
static void test_number_semantics(void **state)
{
    (void)state;
    assert_int_equal(ev("x = y", "x", "1.50", "y", "1.5", NULL), 1);
    assert_int_equal(ev("x > y", "x", "10", "y", "9", NULL), 1);
    assert_int_equal(ev("x < y", "x", "-10", "y", "-9", NULL), 1);
    assert_int_equal(ev("x < y", "x", "0.09", "y", "0.1", NULL), 1);
    assert_int_equal(ev("x > y", "x", "100", "y", "99.999", NULL), 1);
    assert_int_equal(ev("x = y", "x", "007", "y", "7", NULL), 1);
    assert_int_equal(ev("x = x", "x", "3", NULL), 1);
    ev_error("x = y", "column 'x' value 'a' is not a number", "x", "a", "y", "a", NULL);
    ev_error("x = y", "column 'y' value 'b' is not a number", "x", "1", "y", "b", NULL);
    assert_int_equal(ev("1 = 1", NULL), 1);
    assert_int_equal(ev("1 = 1.000", NULL), 1);
    assert_int_equal(ev("2 < 10", NULL), 1);
    assert_int_equal(ev("0.5 > 0.25", NULL), 1);
}

/*
 * Column against literal compares decimal text without arithmetic; column
 * plus zero goes through rationals.  Both must give the hand-worked order
 * of each value against 7.
 */
static void test_decimal_order_both_ways(void **state)
{
    (void)state;
    static const struct { const char *v; int order; } cases[] = {
        {"7", 0}, {"007", 0}, {"7.0", 0}, {"7.000", 0}, {"07.00", 0},
        {"6.999", -1}, {"7.001", 1}, {"-7", -1}, {"70", 1}, {"0.7", -1},
        {"6", -1}, {"8", 1}, {"10", 1}, {"0", -1}, {"-0", -1}, {"100000000000000000000", 1},
        {"6.9999999999999999999999999999999999999", -1}, {"7.0000000000000000000000000000000000001", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int o = cases[i].order;
        const char *v = cases[i].v;
        assert_int_equal(ev("x < 7", "x", v, NULL), o < 0);
        assert_int_equal(ev("x = 7", "x", v, NULL), o == 0);
        assert_int_equal(ev("x > 7", "x", v, NULL), o > 0);
        assert_int_equal(ev("x + 0 < 7", "x", v, NULL), o < 0);
        assert_int_equal(ev("x + 0 = 7", "x", v, NULL), o == 0);
        assert_int_equal(ev("x + 0 > 7", "x", v, NULL), o > 0);
        assert_int_equal(ev("7 > x", "x", v, NULL), o < 0);
        assert_int_equal(ev("x in (7)", "x", v, NULL), o == 0);
        assert_int_equal(ev("x * 1 in (7)", "x", v, NULL), o == 0);
    }
    /* zero in its spellings: "-0", "-0.00", "0.0", "000" all equal 0 */
    static const char *const zeros[] = {"0", "-0", "-0.00", "0.0", "000", "-000.000"};
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++) {
        assert_int_equal(ev("x = 0", "x", zeros[i], NULL), 1);
        assert_int_equal(ev("x = -0", "x", zeros[i], NULL), 1);
        assert_int_equal(ev("x >= 0 and x <= 0", "x", zeros[i], NULL), 1);
        assert_int_equal(ev("x < 0.001 and x > -0.001", "x", zeros[i], NULL), 1);
        assert_int_equal(ev("x = y", "x", zeros[i], "y", "0", NULL), 1);
    }
    /* negatives order by magnitude reversed */
    assert_int_equal(ev("x < y", "x", "-1.5", "y", "-1.25", NULL), 1);
    assert_int_equal(ev("x < y", "x", "-0.001", "y", "0", NULL), 1);
    assert_int_equal(ev("x > y", "x", "-0.001", "y", "-0.01", NULL), 1);
}

/* ---- arithmetic and precedence ------------------------------------------ */

static void test_precedence(void **state)
{
    (void)state;
    assert_int_equal(ev("1 + 2 * 3 = 7", NULL), 1);
    assert_int_equal(ev("1 + 2 * 3 = 9", NULL), 0);
    assert_int_equal(ev("(1 + 2) * 3 = 9", NULL), 1);
    assert_int_equal(ev("2 * 3 + 1 = 7", NULL), 1);
    /* unary minus binds tighter than '*': (-2) * 3 */
    assert_int_equal(ev("- 2 * 3 = -6", NULL), 1);
    assert_int_equal(ev("-2 * 3 = 0 - 6", NULL), 1);
    assert_int_equal(ev("-(2 + 3) = -5", NULL), 1);
    assert_int_equal(ev("-x * 2 = -10", "x", "5", NULL), 1);
    /* left associative */
    assert_int_equal(ev("10 - 2 - 3 = 5", NULL), 1);
    assert_int_equal(ev("10 - 2 + 3 = 11", NULL), 1);
    assert_int_equal(ev("100 / 10 / 5 = 2", NULL), 1);
    assert_int_equal(ev("2 * 3 / 4 = 1.5", NULL), 1);
    assert_int_equal(ev("8 / 4 * 2 = 4", NULL), 1);
    /* arithmetic binds tighter than comparison, on both sides */
    assert_int_equal(ev("1 + 1 = 4 - 2", NULL), 1);
    assert_int_equal(ev("x + 1 > y * 2", "x", "4", "y", "2", NULL), 1);
    assert_int_equal(ev("x + 1 > y * 2", "x", "3", "y", "2", NULL), 0);
}

/* `not a = 1 and b = 2` is `(not a = 1) and b = 2`; `and` binds tighter than `or`. */
static void test_logic_precedence(void **state)
{
    (void)state;
    const char *s = "not a = 1 and b = 2";
    /* a=1, b=3: (not T) and F = F, where not (T and F) would be T */
    assert_int_equal(ev(s, "a", "1", "b", "3", NULL), 0);
    /* a=2, b=3: (not F) and F = F, where not (F and F) would be T */
    assert_int_equal(ev(s, "a", "2", "b", "3", NULL), 0);
    assert_int_equal(ev(s, "a", "2", "b", "2", NULL), 1);
    assert_int_equal(ev("not (a = 1 and b = 2)", "a", "1", "b", "3", NULL), 1);

    /* a or b and c is a or (b and c): a=T, b=F, c=F gives T, (a or b) and c would give F */
    const char *o = "a = 1 or b = 1 and c = 1";
    assert_int_equal(ev(o, "a", "1", "b", "0", "c", "0", NULL), 1);
    assert_int_equal(ev(o, "a", "0", "b", "1", "c", "0", NULL), 0);
    assert_int_equal(ev(o, "a", "0", "b", "1", "c", "1", NULL), 1);
    assert_int_equal(ev("(a = 1 or b = 1) and c = 1", "a", "1", "b", "0", "c", "0", NULL), 0);

    /* not applies to an `in` as a whole */
    assert_int_equal(ev("not r in ('a', 'b')", "r", "a", NULL), 0);
    assert_int_equal(ev("not r in ('a', 'b')", "r", "c", NULL), 1);
}

static void test_truth_tables(void **state)
{
    (void)state;
    const char *v[2] = {"0", "1"};
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            assert_int_equal(ev("a = 1 and b = 1", "a", v[a], "b", v[b], NULL), a && b);
            assert_int_equal(ev("a = 1 or b = 1", "a", v[a], "b", v[b], NULL), a || b);
            assert_int_equal(ev("not a = 1", "a", v[a], NULL), !a);
            for (int c = 0; c < 2; c++) {
                assert_int_equal(ev("a = 1 and b = 1 and c = 1", "a", v[a], "b", v[b], "c", v[c], NULL),
                                 a && b && c);
                assert_int_equal(ev("a = 1 or b = 1 or c = 1", "a", v[a], "b", v[b], "c", v[c], NULL),
                                 a || b || c);
            }
        }
    assert_int_equal(ev("not not a = 1", "a", "1", NULL), 1);
    assert_int_equal(ev("not not not a = 1", "a", "1", NULL), 0);
    assert_int_equal(ev("(((a = 1)))", "a", "1", NULL), 1);
}

static void test_exact_arithmetic(void **state)
{
    (void)state;
    assert_int_equal(ev("0.1 + 0.2 = 0.3", NULL), 1);
    assert_int_equal(ev("1/3 * 3 = 1", NULL), 1);
    assert_int_equal(ev("1 / 3 = 0.3333333333", NULL), 0);
    assert_int_equal(ev("1 / 3 > 0.3333333333333333333333333333333333333", NULL), 1);
    assert_int_equal(ev("2 / 3 < 0.6666666666666666666666666666666666667", NULL), 1);
    assert_int_equal(ev("x + y = 0.3", "x", "0.1", "y", "0.2", NULL), 1);
    assert_int_equal(ev("x * 3 = 1", "x", "0.3333", NULL), 0);
    assert_int_equal(ev("x / 7 * 7 = x", "x", "10", NULL), 1);
    /* 123.45 * 10% = 12.345 exactly */
    assert_int_equal(ev("amount * 10% = 12.345", "amount", "123.45", NULL), 1);
    /* forty nines squared is larger than itself; divided back it is itself */
    const char *nines = "9999999999999999999999999999999999999999";
    assert_int_equal(ev("x * x > x", "x", nines, NULL), 1);
    assert_int_equal(ev("x * x / x = x", "x", nines, NULL), 1);
    assert_int_equal(ev("x - x = 0", "x", nines, NULL), 1);
    /* 0.5 + 0.25 + 0.125 = 0.875 */
    assert_int_equal(ev("0.5 + 0.25 + 0.125 = 0.875", NULL), 1);
    assert_int_equal(ev("0 / 5 = 0", NULL), 1);
}

static void test_percent(void **state)
{
    (void)state;
    assert_int_equal(ev("discount <= 30%", "discount", "0.3", NULL), 1);
    assert_int_equal(ev("discount <= 30%", "discount", "0.30", NULL), 1);
    assert_int_equal(ev("discount <= 30%", "discount", "0.300000001", NULL), 0);
    assert_int_equal(ev("discount <= 30%", "discount", "0.29", NULL), 1);
    assert_int_equal(ev("discount = 30%", "discount", "0.3", NULL), 1);
    assert_int_equal(ev("discount = 30%", "discount", "30", NULL), 0);
    assert_int_equal(ev("x = 5%", "x", "0.05", NULL), 1);
    assert_int_equal(ev("x = 12.5%", "x", "0.125", NULL), 1);
    assert_int_equal(ev("x = 150%", "x", "1.5", NULL), 1);
    assert_int_equal(ev("x = 100%", "x", "1", NULL), 1);
    assert_int_equal(ev("x = 0.5%", "x", "0.005", NULL), 1);
    assert_int_equal(ev("x = 0%", "x", "0", NULL), 1);
    assert_int_equal(ev("x = 1234.5%", "x", "12.345", NULL), 1);
    assert_int_equal(ev("x = -30%", "x", "-0.3", NULL), 1);
    assert_int_equal(ev("50% = 0.5", NULL), 1);
    assert_int_equal(ev("100% = 1", NULL), 1);
    assert_int_equal(ev("30% + 20% = 1 / 2", NULL), 1);
    assert_int_equal(ev("x * 25% = 2.5", "x", "10", NULL), 1);
    assert_int_equal(ev("x in (10%, 30%)", "x", "0.1", NULL), 1);
    assert_int_equal(ev("x in (10%, 30%)", "x", "0.2", NULL), 0);
    assert_int_equal(ev("x in (10%, 1)", "x", "1.00", NULL), 1);
    /* forty digits and a percent: 10^39 % = 10^37 */
    assert_int_equal(ev("1000000000000000000000000000000000000000% = 10000000000000000000000000000000000000", NULL), 1);
}

static void test_negative_numbers(void **state)
{
    (void)state;
    assert_int_equal(ev("x < 0", "x", "-1", NULL), 1);
    assert_int_equal(ev("x = -5", "x", "-5.0", NULL), 1);
    assert_int_equal(ev("x > -5", "x", "-4.99", NULL), 1);
    assert_int_equal(ev("x > -5", "x", "-5.01", NULL), 0);
    assert_int_equal(ev("-x = 5", "x", "-5", NULL), 1);
    assert_int_equal(ev("- - x = x", "x", "3.5", NULL), 1);
    assert_int_equal(ev("- - 3 = 3", NULL), 1);
    assert_int_equal(ev("- - - 3 = -3", NULL), 1);
    assert_int_equal(ev("x = - - 5", "x", "5", NULL), 1);
    assert_int_equal(ev("2 - -3 = 5", NULL), 1);
    assert_int_equal(ev("2--3 = 5", NULL), 1);
    assert_int_equal(ev("0 - 3 = -3", NULL), 1);
    assert_int_equal(ev("-(5) = -5", NULL), 1);
    assert_int_equal(ev("-(-(5)) = 5", NULL), 1);
    assert_int_equal(ev("-x in (5)", "x", "-5", NULL), 1);
    assert_int_equal(ev("x = -0.5", "x", "-0.50", NULL), 1);
}

/* ---- in ----------------------------------------------------------------- */

static void test_in_strings(void **state)
{
    (void)state;
    const char *s = "region in ('EMEA','NA')";
    assert_int_equal(ev(s, "region", "EMEA", NULL), 1);
    assert_int_equal(ev(s, "region", "NA", NULL), 1);
    assert_int_equal(ev(s, "region", "APAC", NULL), 0);
    assert_int_equal(ev(s, "region", "emea", NULL), 0);
    assert_int_equal(ev(s, "region", "EMEA ", NULL), 0);
    assert_int_equal(ev(s, "region", "EME", NULL), 0);
    assert_int_equal(ev(s, "region", "", NULL), 0);
    assert_int_equal(ev("region in ('')", "region", "", NULL), 1);
    assert_int_equal(ev("region in ( 'a' , 'b' )", "region", "b", NULL), 1);
    assert_int_equal(ev("region in('a')", "region", "a", NULL), 1);
    assert_int_equal(ev("'x' in ('y', 'x')", NULL), 1);
    assert_int_equal(ev("'z' in ('y', 'x')", NULL), 0);
    /* a string list compares text: "100.0" is not '100' */
    assert_int_equal(ev("amount in ('100')", "amount", "100.0", NULL), 0);
    assert_int_equal(ev("(region) in ('a')", "region", "a", NULL), 1);
}

static void test_in_numbers(void **state)
{
    (void)state;
    const char *s = "amount in (100, 250.5)";
    assert_int_equal(ev(s, "amount", "100", NULL), 1);
    assert_int_equal(ev(s, "amount", "100.00", NULL), 1);
    assert_int_equal(ev(s, "amount", "250.5", NULL), 1);
    assert_int_equal(ev(s, "amount", "250.50", NULL), 1);
    assert_int_equal(ev(s, "amount", "250", NULL), 0);
    assert_int_equal(ev(s, "amount", "-100", NULL), 0);
    assert_int_equal(ev(s, "amount", "0", NULL), 0);
    /* with arithmetic on the left the left side is a rational */
    assert_int_equal(ev("amount + 0 in (100, 250.5)", "amount", "250.50", NULL), 1);
    assert_int_equal(ev("amount * 2 in (100, 501)", "amount", "250.5", NULL), 1);
    assert_int_equal(ev("amount / 3 in (1)", "amount", "3.0", NULL), 1);
    assert_int_equal(ev("1 + 1 in (2)", NULL), 1);
    assert_int_equal(ev("1 in (2, 3)", NULL), 0);
    ev_error(s, "column 'amount' value 'abc' is not a number", "amount", "abc", NULL);
    ev_error("amount - 1 in (1)", "column 'amount' value 'abc' is not a number", "amount", "abc", NULL);
    ev_error("1 / (amount - 1) in (1)", "division by zero", "amount", "1", NULL);
}

/* A long list: 500 numbers 0..499 and 500 strings "s0".."s499". */
static void test_in_long_lists(void **state)
{
    (void)state;
    strbuf nums = STRBUF_INIT, strs = STRBUF_INIT;
    sb_puts(&nums, "x in (");
    sb_puts(&strs, "x in (");
    for (int i = 0; i < 500; i++) {
        sb_printf(&nums, "%s%d", i ? "," : "", i);
        sb_printf(&strs, "%s's%d'", i ? "," : "", i);
    }
    sb_putc(&nums, ')');
    sb_putc(&strs, ')');
    assert_int_equal(ev(nums.p, "x", "0", NULL), 1);
    assert_int_equal(ev(nums.p, "x", "499", NULL), 1);
    assert_int_equal(ev(nums.p, "x", "250.0", NULL), 1);
    assert_int_equal(ev(nums.p, "x", "500", NULL), 0);
    assert_int_equal(ev(nums.p, "x", "0.5", NULL), 0);
    assert_int_equal(ev(strs.p, "x", "s0", NULL), 1);
    assert_int_equal(ev(strs.p, "x", "s499", NULL), 1);
    assert_int_equal(ev(strs.p, "x", "s500", NULL), 0);
    sb_free(&nums);
    sb_free(&strs);
}

/* ---- evaluation order and errors ---------------------------------------- */

static void test_short_circuit(void **state)
{
    (void)state;
    const char *guard = "x != 0 and 10 / x > 1";
    assert_int_equal(ev(guard, "x", "0", NULL), 0);
    assert_int_equal(ev(guard, "x", "0.00", NULL), 0);
    assert_int_equal(ev(guard, "x", "5", NULL), 1);   /* 10 / 5 = 2 > 1 */
    assert_int_equal(ev(guard, "x", "20", NULL), 0);  /* 10 / 20 = 0.5 */
    assert_int_equal(ev("x = 0 or 10 / x > 1", "x", "0", NULL), 1);
    ev_error("10 / x > 1 and x != 0", "division by zero", "x", "0", NULL);

    /* a text column on the right is never read as a number when the left decides */
    const char *s = "y = 'skip' or x > 1";
    assert_int_equal(ev(s, "y", "skip", "x", "abc", NULL), 1);
    ev_error(s, "column 'x' value 'abc' is not a number", "y", "other", "x", "abc", NULL);
    assert_int_equal(ev("x = 1 and y > 2", "x", "2", "y", "abc", NULL), 0);
    ev_error("x = 1 and y > 2", "column 'y' value 'abc' is not a number", "x", "1", "y", "abc", NULL);
    /* longer chains stop at the first decisive member */
    assert_int_equal(ev("a = 1 or b = 1 or c > 1", "a", "1", "b", "q", "c", "q", NULL), 1);
    assert_int_equal(ev("a = 0 or b = 1 or c > 1", "a", "1", "b", "1", "c", "q", NULL), 1);
    assert_int_equal(ev("a = 1 and b = 1 and c > 1", "a", "1", "b", "2", "c", "q", NULL), 0);
    /* an error is an error, not false, under not */
    ev_error("not x > 1", "column 'x' value 'q' is not a number", "x", "q", NULL);
    ev_error("not 1 / x = 1", "division by zero", "x", "0", NULL);
}

static void test_division_by_zero(void **state)
{
    (void)state;
    ev_error("1 / 0 = 1", "division by zero", NULL);
    ev_error("1 / -0 = 1", "division by zero", NULL);
    ev_error("1 / 0.000 = 1", "division by zero", NULL);
    ev_error("x / y > 1", "division by zero", "x", "1", "y", "0.00", NULL);
    ev_error("x / y > 1", "division by zero", "x", "1", "y", "-0", NULL);
    ev_error("x / (y - y) = 0", "division by zero", "x", "1", "y", "7", NULL);
    ev_error("x = 1 / (2 - 2)", "division by zero", "x", "1", NULL);
    assert_int_equal(ev("x / y = 0.5", "x", "1", "y", "2", NULL), 1);
    assert_int_equal(ev("0 / x = 0", "x", "-3", NULL), 1);
    /* zero times anything is fine; only the divisor matters */
    assert_int_equal(ev("0 * (1 / 2) = 0", NULL), 1);
}

static void test_text_used_as_number(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "abc", "1,000", " 100", "100 ", "1e5", "+5", "1.", ".5", "--5", "-", "1.2.3", "0x10", "12,5",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char want[128];
        snprintf(want, sizeof want, "column 'amount' value '%s' is not a number", texts[i]);
        ev_error("amount > 5", want, "amount", texts[i], NULL);
        ev_error("amount + 1 > 5", want, "amount", texts[i], NULL);
        ev_error("5 < amount", want, "amount", texts[i], NULL);
        ev_error("amount in (1, 2)", want, "amount", texts[i], NULL);
    }
    ev_error("amount > 5", "column 'amount' value '' is not a number", "amount", "", NULL);
    /* control bytes are shown as '?', so the message stays on one line */
    ev_error("note > 5", "column 'note' value 'a?b?c' is not a number", "note", "a\nb\tc", NULL);
    /* long values are cut at 64 bytes and marked */
    ev_error("note > 5",
             "column 'note' value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is not a number",
             "note", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL);
    /* ... without splitting a character: 63 'a' then e-acute (bytes 64 and 65) keeps 63 */
    ev_error("note > 5",
             "column 'note' value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is not a number",
             "note", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9zz", NULL);
    /* exactly 64 bytes are shown whole */
    ev_error("note > 5",
             "column 'note' value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is not a number",
             "note", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL);
}

/* Column values obey the same 40-digit cap as every amount. */
static void test_value_digit_cap(void **state)
{
    (void)state;
    const char *d40 = "1234567890123456789012345678901234567890";
    const char *d41 = "12345678901234567890123456789012345678901";
    const char *f41 = "1234567890123456789012345.6789012345678901";  /* 25 + 16 digits */
    assert_int_equal(ev("x > 0", "x", d40, NULL), 1);
    assert_int_equal(ev("x + 0 > 0", "x", d40, NULL), 1);
    assert_int_equal(ev("x = 1234567890123456789012345678901234567890", "x", d40, NULL), 1);
    ev_error("x > 0", "column 'x' value '12345678901234567890123456789012345678901' has more than 40 digits",
             "x", d41, NULL);
    ev_error("x + 0 > 0", "column 'x' value '12345678901234567890123456789012345678901' has more than 40 digits",
             "x", d41, NULL);
    ev_error("x > 0", "column 'x' value '1234567890123456789012345.6789012345678901' has more than 40 digits",
             "x", f41, NULL);
    /* a too-long value is still text to a string comparison */
    assert_int_equal(ev("x != 'a'", "x", d41, NULL), 1);
}

/* ---- binding and introspection ----------------------------------------- */

static void test_bind(void **state)
{
    (void)state;
    char err[256];
    expr *e = compile_ok("regin = 'EMEA'");
    const char *const header[] = {"deal_id", "region", "amount"};
    assert_int_equal(expr_bind(e, header, 3, err, sizeof err), -1);
    assert_string_equal(err, "column 'regin' is not in the deals header");
    /* unbound: evaluation refuses */
    const char *const row[] = {"D1", "EMEA", "5"};
    assert_int_equal(expr_eval(e, row, err, sizeof err), -1);
    assert_string_equal(err, "expression is not bound to a header");
    expr_free(e);

    /* header order differs from the order of use; a header column may be unused */
    e = compile_ok("amount > 1 and region = 'EMEA'");
    assert_int_equal(expr_bind(e, header, 3, err, sizeof err), 0);
    assert_int_equal(expr_eval(e, row, err, sizeof err), 1);
    const char *const row2[] = {"D2", "NA", "5"};
    assert_int_equal(expr_eval(e, row2, err, sizeof err), 0);
    /* a failed bind leaves the previous binding in place */
    const char *const other[] = {"amount"};
    assert_int_equal(expr_bind(e, other, 1, err, sizeof err), -1);
    assert_string_equal(err, "column 'region' is not in the deals header");
    assert_int_equal(expr_eval(e, row, err, sizeof err), 1);
    /* binding again to a new header works */
    const char *const swapped[] = {"region", "amount"};
    const char *const srow[] = {"EMEA", "0.5"};
    assert_int_equal(expr_bind(e, swapped, 2, err, sizeof err), 0);
    assert_int_equal(expr_eval(e, srow, err, sizeof err), 0);
    expr_free(e);

    /* header names match exactly: case and spaces count */
    e = compile_ok("amount > 1");
    const char *const upper[] = {"Amount", " amount", "amount "};
    assert_int_equal(expr_bind(e, upper, 3, err, sizeof err), -1);
    assert_string_equal(err, "column 'amount' is not in the deals header");
    assert_int_equal(expr_bind(e, upper, 0, err, sizeof err), -1);
    expr_free(e);

    /* the first missing column, in order of use, is named */
    e = compile_ok("b = 1 and a = 1");
    assert_int_equal(expr_bind(e, header, 3, err, sizeof err), -1);
    assert_string_equal(err, "column 'b' is not in the deals header");
    expr_free(e);

    /* no columns: binds to anything, evaluates with or without a binding */
    e = compile_ok("1 < 2");
    assert_int_equal(expr_eval(e, NULL, err, sizeof err), 1);
    assert_int_equal(expr_bind(e, NULL, 0, err, sizeof err), 0);
    assert_int_equal(expr_eval(e, NULL, err, sizeof err), 1);
    expr_free(e);
}

static void test_columns_and_source(void **state)
{
    (void)state;
    const char *src = "  b = 1 and a = 2 or b = 3 and c in ('x') or a_1 > a ";
    expr *e = compile_ok(src);
    assert_int_equal(expr_column_count(e), 4);
    assert_string_equal(expr_column_name(e, 0), "b");
    assert_string_equal(expr_column_name(e, 1), "a");
    assert_string_equal(expr_column_name(e, 2), "c");
    assert_string_equal(expr_column_name(e, 3), "a_1");
    assert_null(expr_column_name(e, 4));
    assert_string_equal(expr_source(e), src);
    expr_free(e);

    e = compile_ok("'a' = 'a'");
    assert_int_equal(expr_column_count(e), 0);
    assert_null(expr_column_name(e, 0));
    expr_free(e);

    /* a name inside a string is not a column */
    e = compile_ok("x = 'y'");
    assert_int_equal(expr_column_count(e), 1);
    assert_string_equal(expr_column_name(e, 0), "x");
    expr_free(e);

    expr_free(NULL);
}

/* One compiled expression, many rows, results independent of the rows before. */
static void test_reuse(void **state)
{
    (void)state;
    char err[256];
    expr *e = compile_ok("x / y > 1 or s = 'yes'");
    const char *const header[] = {"x", "y", "s"};
    assert_int_equal(expr_bind(e, header, 3, err, sizeof err), 0);
    const char *const rows[][3] = {
        {"4", "2", "no"}, {"1", "2", "no"}, {"1", "0", "no"}, {"1", "2", "yes"}, {"q", "1", "no"}, {"3", "1", "no"},
    };
    const int want[] = {1, 0, -1, 1, -1, 1};
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < 6; i++)
            assert_int_equal(expr_eval(e, rows[i], err, sizeof err), want[i]);
    /* err may be NULL */
    assert_int_equal(expr_eval(e, rows[2], NULL, 0), -1);
    expr_free(e);
}

/* ---- lexical and syntax errors ------------------------------------------ */

static void test_tokens(void **state)
{
    (void)state;
    /* whitespace is space, tab, CR, LF; none is needed around operators */
    assert_int_equal(ev("x\t=\r\n5", "x", "5", NULL), 1);
    assert_int_equal(ev("x>=5", "x", "5", NULL), 1);
    assert_int_equal(ev("x!=5", "x", "5", NULL), 0);
    assert_int_equal(ev("(x<5)or(x>5)", "x", "5", NULL), 0);
    assert_int_equal(ev("not(x=5)", "x", "5", NULL), 0);
    /* names: [a-z_][a-z0-9_]*; keywords only as whole words */
    assert_int_equal(ev("android = 1", "android", "1", NULL), 1);
    assert_int_equal(ev("order = 1", "order", "1", NULL), 1);
    assert_int_equal(ev("nothing = 1", "nothing", "1", NULL), 1);
    assert_int_equal(ev("in_region = 'x'", "in_region", "x", NULL), 1);
    assert_int_equal(ev("_ = 1", "_", "1", NULL), 1);
    assert_int_equal(ev("_x9 = 1", "_x9", "1", NULL), 1);
    assert_int_equal(ev("a1b2 = 1", "a1b2", "1", NULL), 1);
    /* numbers: leading zeros allowed */
    assert_int_equal(ev("007 = 7", NULL), 1);
    assert_int_equal(ev("0.50 = 0.5", NULL), 1);
}

static void test_reserved_words(void **state)
{
    (void)state;
    bad("and = 1", "expected a value but found reserved word 'and'", 1);
    bad("or = 1", "expected a value but found reserved word 'or'", 1);
    bad("in = 1", "expected a value but found reserved word 'in'", 1);
    bad("x = in", "expected a value but found reserved word 'in'", 5);
    bad("x = 1 and and = 2", "expected a value but found reserved word 'and'", 11);
    /* 'not' is taken as the operator, then '=' is not a value */
    bad("not = 1", "expected a value but found '='", 5);
    bad("x = not 1", "expected a value but found reserved word 'not'", 5);
    bad("x not in (1)", "unexpected reserved word 'not'", 3);
    bad("in in (1)", "expected a value but found reserved word 'in'", 1);
    /* upper case is no keyword and no column */
    bad("AND = 1", "unknown token 'AND' (names and keywords are lower case)", 1);
    bad("x = 1 AND y = 2", "unknown token 'AND' (names and keywords are lower case)", 7);
    bad("x = 1 And y = 2", "unknown token 'And' (names and keywords are lower case)", 7);
    bad("Amount > 1", "unknown token 'Amount' (names and keywords are lower case)", 1);
    bad("amountX > 1", "unknown token 'amountX' (names and keywords are lower case)", 1);
    bad("x = 1 OR y = 2", "unknown token 'OR' (names and keywords are lower case)", 7);
    bad("NOT x = 1", "unknown token 'NOT' (names and keywords are lower case)", 1);
    bad("x IN (1)", "unknown token 'IN' (names and keywords are lower case)", 3);
}

static void test_lexical_errors(void **state)
{
    (void)state;
    bad("x = 1.", "malformed number '1.'", 5);
    bad("x = 1. ", "malformed number '1.'", 5);
    bad("x = 1.5.2", "malformed number '1.5.2'", 5);
    bad("x = 1e5", "malformed number '1e5'", 5);
    bad("x = 12abc", "malformed number '12abc'", 5);
    bad("x = 1_000", "malformed number '1_000'", 5);
    bad("x<=5and", "malformed number '5and'", 4);
    bad(".5 = x", "unknown token '.'", 1);
    bad("x = .5", "unknown token '.'", 5);
    bad("x @ 1", "unknown token '@'", 3);
    bad("x ! 1", "unknown token '!'", 3);
    bad("x = \"a\"", "unknown token '\"'", 5);
    bad("x = 30 %", "unknown token '%'", 8);
    bad("x = %", "unknown token '%'", 5);
    bad("x = 1;", "unknown token ';'", 6);
    bad("x = 'abc", "unterminated string", 5);
    bad("x = '", "unterminated string", 5);
    bad("'", "unterminated string", 1);
    /* whitespace is only space, tab, CR, LF */
    bad("x =\v1", "unknown token (byte 0x0b)", 4);
    bad("x =\f1", "unknown token (byte 0x0c)", 4);
    bad("x = \x01", "unknown token (byte 0x01)", 5);
    bad("x = 1 \x7f", "unknown token (byte 0x7f)", 7);
    /* non-ASCII: shown whole when valid UTF-8, as a byte when not */
    bad("x \xe2\x89\xa5 1", "unknown token '\xe2\x89\xa5'", 3);
    bad("\xc3\xa9 = 1", "unknown token '\xc3\xa9'", 1);
    bad("x = \xff", "unknown token (byte 0xff)", 5);
    bad("x = \xc3", "unknown token (byte 0xc3)", 5);
    /* non-breaking space (c2 a0) is not whitespace */
    bad("x =\xc2\xa0" "1", "unknown token '\xc2\xa0'", 4);
}

/* Error columns count characters, not bytes. */
static void test_error_column_counts_characters(void **state)
{
    (void)state;
    /* ' é ' sp = sp x sp o r sp @ : '@' is the 12th character (13th byte) */
    bad("'\xc3\xa9' = x or @", "unknown token '@'", 12);
    /* three-byte and four-byte characters count once */
    bad("'\xe2\x82\xac\xf0\x9f\x98\x80' = x or @", "unknown token '@'", 13);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    bad("", "empty expression", 0);
    bad("   ", "empty expression", 0);
    bad(" \t\r\n", "empty expression", 0);
    bad("x =", "expected a value but found end of expression", 4);
    bad("x = ", "expected a value but found end of expression", 5);
    bad("(x = 1", "expected ')' but found end of expression", 7);
    bad("(x = 1 y", "expected ')' but found 'y'", 8);
    bad("x = 1)", "unexpected ')'", 6);
    bad("x = 1 y = 2", "unexpected 'y'", 7);
    bad("x = 1 = 2", "unexpected '='", 7);
    bad("x = 1 'a'", "unexpected string 'a'", 7);
    bad("x = 'it''s'", "unexpected string 's'", 9);
    bad("x == 1", "expected a value but found '='", 4);
    bad("x <> 1", "expected a value but found '>'", 4);
    bad("x => 1", "expected a value but found '>'", 4);
    bad("x = 1 and", "expected a value but found end of expression", 10);
    bad("x = 1 or or y = 1", "expected a value but found reserved word 'or'", 10);
    bad("x = 1 +", "expected a value but found end of expression", 8);
    bad("* 2 = 2", "expected a value but found '*'", 1);
    bad("()", "expected a value but found ')'", 2);
    bad("x = ()", "expected a value but found ')'", 6);
    bad(",", "expected a value but found ','", 1);
    bad("not", "expected a value but found end of expression", 4);
    bad("x in 1", "expected '(' after 'in' but found '1'", 6);
    bad("x in", "expected '(' after 'in' but found end of expression", 5);
    bad("x in ()", "expected a number, percent or string in the 'in' list but found ')'", 7);
    bad("x in (1,)", "expected a number, percent or string in the 'in' list but found ')'", 9);
    bad("x in (,1)", "expected a number, percent or string in the 'in' list but found ','", 7);
    bad("x in (1 2)", "expected ',' or ')' but found '2'", 9);
    bad("x in (1", "expected ',' or ')' but found end of expression", 8);
    bad("x in (y)", "expected a number, percent or string in the 'in' list but found 'y'", 7);
    bad("x in (-1)", "expected a number, percent or string in the 'in' list but found '-'", 7);
    bad("x in ((1))", "expected a number, percent or string in the 'in' list but found '('", 7);
    bad("x in (1 + 1)", "expected ',' or ')' but found '+'", 9);
    bad("x in ('a') in ('b')", "unexpected reserved word 'in'", 12);
    bad("x = 1 x", "unexpected 'x'", 7);
    bad("x y", "unexpected 'y'", 3);
}

static void test_type_errors(void **state)
{
    (void)state;
    /* the whole expression must be a condition */
    bad("amount", "expression must be a comparison or 'in'", 1);
    bad("1 + 2", "expression must be a comparison or 'in'", 1);
    bad("'abc'", "expression must be a comparison or 'in'", 1);
    bad("-x", "expression must be a comparison or 'in'", 1);
    bad("  (amount)", "expression must be a comparison or 'in'", 3);
    bad("50%", "expression must be a comparison or 'in'", 1);
    /* ... and so must every operand of and, or, not */
    bad("1 and x = 2", "operand of 'and' must be a comparison or 'in'", 1);
    bad("x = 2 and 1", "operand of 'and' must be a comparison or 'in'", 11);
    bad("x = 1 or y", "operand of 'or' must be a comparison or 'in'", 10);
    bad("x = 1 or y = 1 or 'z'", "operand of 'or' must be a comparison or 'in'", 19);
    bad("not x", "operand of 'not' must be a comparison or 'in'", 5);
    bad("not (x + 1)", "operand of 'not' must be a comparison or 'in'", 5);
    bad("x = 1 and not y", "operand of 'not' must be a comparison or 'in'", 15);
    /* arithmetic on strings */
    bad("'a' + 1 = 2", "a string cannot be used in arithmetic", 1);
    bad("x = 1 + 'a'", "a string cannot be used in arithmetic", 9);
    bad("-'a' = x", "a string cannot be used in arithmetic", 2);
    bad("x * 'a' = 1", "a string cannot be used in arithmetic", 5);
    bad("x = 'a' + 'b'", "a string cannot be used in arithmetic", 5);
    bad("x / ('a') = 1", "a string cannot be used in arithmetic", 5);
    /* arithmetic on conditions, and conditions compared */
    bad("(x = 1) + 1 = 2", "a condition cannot be used in arithmetic", 1);
    bad("-(x = 1) = 2", "a condition cannot be used in arithmetic", 2);
    bad("(x = 1) = (y = 2)", "a condition cannot be compared", 1);
    bad("x = (y = 1)", "a condition cannot be compared", 5);
    bad("(x = 1) in (1)", "a condition cannot be compared", 1);
    bad("(x in (1)) = 1", "a condition cannot be compared", 1);
    /* a string literal compared only with a column or a string literal */
    bad("'a' = 1", "a string can be compared only with a column or another string", 1);
    bad("1 = 'a'", "a string can be compared only with a column or another string", 5);
    bad("x + 1 = 'a'", "a string can be compared only with a column or another string", 9);
    bad("'a' < -x", "a string can be compared only with a column or another string", 1);
    bad("'1' = 1%", "a string can be compared only with a column or another string", 1);
    /* in lists: one kind of literal, and a left side that can match it */
    bad("x in ('a', 1)", "an 'in' list cannot mix strings and numbers", 12);
    bad("x in (1, 'a')", "an 'in' list cannot mix strings and numbers", 10);
    bad("x in (1, 2%, 'a')", "an 'in' list cannot mix strings and numbers", 14);
    bad("x + 1 in ('a')", "a number cannot be compared with a list of strings", 1);
    bad("1 in ('a')", "a number cannot be compared with a list of strings", 1);
    bad("-x in ('a')", "a number cannot be compared with a list of strings", 1);
    bad("'a' in (1, 2)", "a string cannot be compared with a list of numbers", 1);
    bad("'a' in (10%)", "a string cannot be compared with a list of numbers", 1);
    /* the first fault in the tree is the one reported */
    bad("'a' + 1 = 2 and x", "a string cannot be used in arithmetic", 1);

    /* and what is allowed */
    good("'a' < 'b'");
    good("x = 'a'");
    good("'a' = x");
    good("(x) = 'a'");
    good("x = y");
    good("x + y > 2");
    good("x in ('a')");
    good("'a' in ('a')");
    good("-x in (1)");
    good("(x) in (1, 2%)");
    good("(x = 1 or y = 2) and z = 3");
    good("not (x = 1 or y = 2)");
}

/* ---- limits ------------------------------------------------------------- */

static void test_length_limit(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    char err[128];
    int col = -1;
    /* "x = 1" padded with spaces to exactly EXPR_MAX_LENGTH bytes */
    sb_puts(&sb, "x = 1");
    repeat(&sb, " ", EXPR_MAX_LENGTH - 5);
    assert_int_equal(sb.len, EXPR_MAX_LENGTH);
    expr *e = compile_ok(sb.p);
    assert_int_equal(strlen(expr_source(e)), EXPR_MAX_LENGTH);
    expr_free(e);
    /* one byte more */
    sb_putc(&sb, ' ');
    assert_null(expr_compile(sb.p, err, sizeof err, &col));
    assert_string_equal(err, "expression is longer than 4096 bytes");
    assert_int_equal(col, 0);
    sb_free(&sb);

    /* a string literal filling the limit: x = '<4090 b's>' */
    sb_puts(&sb, "x = '");
    repeat(&sb, "b", EXPR_MAX_LENGTH - 6);
    sb_putc(&sb, '\'');
    assert_int_equal(sb.len, EXPR_MAX_LENGTH);
    strbuf val = STRBUF_INIT;
    repeat(&val, "b", EXPR_MAX_LENGTH - 6);
    assert_int_equal(ev(sb.p, "x", val.p, NULL), 1);
    sb_free(&sb);
    sb_free(&val);

    /* a long chain is not deep: 1+1+...+1 (2000 ones) = 2000 */
    repeat(&sb, "1+", 1999);
    sb_puts(&sb, "1=2000");
    assert_true(sb.len <= EXPR_MAX_LENGTH);
    assert_int_equal(ev(sb.p, NULL), 1);
    sb_free(&sb);

    /* x=1 or x=1 or ... 500 times */
    sb_puts(&sb, "x=0");
    repeat(&sb, " or x=1", 500);
    assert_true(sb.len <= EXPR_MAX_LENGTH);
    assert_int_equal(ev(sb.p, "x", "1", NULL), 1);
    assert_int_equal(ev(sb.p, "x", "2", NULL), 0);
    sb_free(&sb);
}

/* "(" * n + "x = 1" + ")" * n */
static void parens(strbuf *sb, int n)
{
    repeat(sb, "(", n);
    sb_puts(sb, "x = 1");
    repeat(sb, ")", n);
}

static void test_depth_limit(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    parens(&sb, EXPR_MAX_DEPTH);
    assert_int_equal(ev(sb.p, "x", "1", NULL), 1);
    sb_free(&sb);
    parens(&sb, EXPR_MAX_DEPTH + 1);
    bad(sb.p, "expression nested too deeply", EXPR_MAX_DEPTH + 1);
    sb_free(&sb);

    /* 64 minus signs: an even count, so the value is 1 again */
    repeat(&sb, "- ", EXPR_MAX_DEPTH);
    sb_puts(&sb, "1 = 1");
    assert_int_equal(ev(sb.p, NULL), 1);
    sb_free(&sb);
    repeat(&sb, "- ", EXPR_MAX_DEPTH);
    sb_puts(&sb, "x = 1");
    assert_int_equal(ev(sb.p, "x", "1", NULL), 1);
    sb_free(&sb);
    repeat(&sb, "- ", EXPR_MAX_DEPTH + 1);
    sb_puts(&sb, "1 = 1");
    bad(sb.p, "expression nested too deeply", 2 * EXPR_MAX_DEPTH + 1);
    sb_free(&sb);

    /* 64 nots: even, so it holds when x = 1 */
    repeat(&sb, "not ", EXPR_MAX_DEPTH);
    sb_puts(&sb, "x = 1");
    assert_int_equal(ev(sb.p, "x", "1", NULL), 1);
    assert_int_equal(ev(sb.p, "x", "2", NULL), 0);
    sb_free(&sb);
    repeat(&sb, "not ", EXPR_MAX_DEPTH + 1);
    sb_puts(&sb, "x = 1");
    bad(sb.p, "expression nested too deeply", 4 * EXPR_MAX_DEPTH + 1);
    sb_free(&sb);

    /* the three kinds add up: 22 '(' + 21 'not' + 21 '-' = 64 */
    repeat(&sb, "(", 22);
    repeat(&sb, "not ", 21);
    repeat(&sb, "-", 21);
    sb_puts(&sb, "x = -1");
    repeat(&sb, ")", 22);
    /* 21 minus signs make -x; 21 nots make not: x = 1 gives not (-1 = -1), false */
    assert_int_equal(ev(sb.p, "x", "1", NULL), 0);
    assert_int_equal(ev(sb.p, "x", "-1", NULL), 1);
    sb_free(&sb);
    repeat(&sb, "(", 22);
    repeat(&sb, "not ", 21);
    repeat(&sb, "-", 22);
    sb_puts(&sb, "x = 1");
    repeat(&sb, ")", 22);
    /* the 22nd '-' opens level 65: after 22 + 84 + 21 bytes */
    bad(sb.p, "expression nested too deeply", 22 + 84 + 21 + 1);
    sb_free(&sb);

    /* depth is nesting, not count: two 64-deep groups side by side are fine */
    parens(&sb, EXPR_MAX_DEPTH);
    sb_puts(&sb, " and ");
    parens(&sb, EXPR_MAX_DEPTH);
    assert_int_equal(ev(sb.p, "x", "1", NULL), 1);
    sb_free(&sb);
}

/*
 * The deepest arithmetic: v0 = x, v(k+1) = 1 + 2 * (v(k)), nested 64 times.
 * With x = 1, v(k) = 2^(k+1) - 1, so v64 = 2^65 - 1 = 36893488147419103231.
 */
static void test_deep_arithmetic(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    repeat(&sb, "1 + 2 * (", EXPR_MAX_DEPTH);
    sb_puts(&sb, "x");
    repeat(&sb, ")", EXPR_MAX_DEPTH);
    sb_puts(&sb, " = 36893488147419103231");
    assert_int_equal(ev(sb.p, "x", "1", NULL), 1);
    assert_int_equal(ev(sb.p, "x", "2", NULL), 0);
    ev_error(sb.p, "column 'x' value 'z' is not a number", "x", "z", NULL);
    sb_free(&sb);

    /* the same nesting on the right of the comparison, with division: w(k+1) = 1 / (1 + w(k)) */
    sb_puts(&sb, "x < ");
    repeat(&sb, "1 / (1 + ", EXPR_MAX_DEPTH);
    sb_puts(&sb, "x");
    repeat(&sb, ")", EXPR_MAX_DEPTH);
    /* for x >= 0 every w(k), k >= 1, lies in [1/2, 1); so 0.25 < w holds and 1 < w does not */
    assert_int_equal(ev(sb.p, "x", "0.25", NULL), 1);
    assert_int_equal(ev(sb.p, "x", "1", NULL), 0);
    ev_error(sb.p, "division by zero", "x", "-1", NULL);
    sb_free(&sb);
}

/* Literals obey the 40-digit cap, counting every digit. */
static void test_literal_digit_cap(void **state)
{
    (void)state;
    good("x = 1234567890123456789012345678901234567890");
    good("x = 12345678901234567890.12345678901234567890");
    good("x = 0000000000000000000000000000000000000001");
    bad("x = 12345678901234567890123456789012345678901", "number has more than 40 digits", 5);
    bad("x = 12345678901234567890.123456789012345678901", "number has more than 40 digits", 5);
    bad("x = 00000000000000000000000000000000000000001", "number has more than 40 digits", 5);
    bad("x = 12345678901234567890123456789012345678901%", "number has more than 40 digits", 5);
    /* a 40-digit fraction: 0.(38 zeros)1 = 10^-39 is above 0 */
    assert_int_equal(ev("0.000000000000000000000000000000000000001 > 0", NULL), 1);
}

/* Error buffers: NULL is allowed, and a short buffer gets a truncated, terminated message. */
static void test_error_buffers(void **state)
{
    (void)state;
    assert_null(expr_compile("x =", NULL, 0, NULL));
    char small[8];
    memset(small, 'Z', sizeof small);
    int col = -1;
    assert_null(expr_compile("x @ 1", small, sizeof small, &col));
    assert_string_equal(small, "unknown");
    assert_int_equal(col, 3);
    char one[1] = {'Z'};
    assert_null(expr_compile("", one, sizeof one, NULL));
    assert_int_equal(one[0], '\0');
    /* success clears err and errcol */
    char err[64] = "stale";
    col = 99;
    expr *e = expr_compile("1 = 1", err, sizeof err, &col);
    assert_non_null(e);
    assert_string_equal(err, "");
    assert_int_equal(col, 0);
    expr_free(e);
}

/* ---- threads ------------------------------------------------------------ */

typedef struct worker {
    const expr *e;
    int id;
    int wrong;
} worker;

/* Evaluates rows whose answer depends on the worker and the row, and counts wrong answers. */
static void *work(void *arg)
{
    worker *w = arg;
    char err[128];
    for (int i = 0; i < 20000; i++) {
        char x[32], s[8];
        int v = (i * 7 + w->id) % 100;
        snprintf(x, sizeof x, "%d.%d", v, w->id);
        snprintf(s, sizeof s, "%s", i % 3 ? "no" : "yes");
        const char *const row[] = {x, s};
        /* holds when x / 2 + 1 > 25 (x > 48) or s = 'yes' */
        int want = (v >= 49 || (v == 48 && w->id > 0)) || i % 3 == 0;
        if (expr_eval(w->e, row, err, sizeof err) != want)
            w->wrong++;
    }
    return NULL;
}

static void test_threads_share_an_expression(void **state)
{
    (void)state;
    char err[128];
    expr *e = compile_ok("x / 2 + 1 > 25 or s = 'yes'");
    const char *const header[] = {"x", "s"};
    assert_int_equal(expr_bind(e, header, 2, err, sizeof err), 0);
    pthread_t t[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){e, i, 0};
        assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].wrong, 0);
    }
    expr_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_examples),
        cmocka_unit_test(test_number_operators),
        cmocka_unit_test(test_string_operators),
        cmocka_unit_test(test_string_order_is_bytewise),
        cmocka_unit_test(test_string_literal_compares_text),
        cmocka_unit_test(test_number_semantics),
        cmocka_unit_test(test_decimal_order_both_ways),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_logic_precedence),
        cmocka_unit_test(test_truth_tables),
        cmocka_unit_test(test_exact_arithmetic),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_negative_numbers),
        cmocka_unit_test(test_in_strings),
        cmocka_unit_test(test_in_numbers),
        cmocka_unit_test(test_in_long_lists),
        cmocka_unit_test(test_short_circuit),
        cmocka_unit_test(test_division_by_zero),
        cmocka_unit_test(test_text_used_as_number),
        cmocka_unit_test(test_value_digit_cap),
        cmocka_unit_test(test_bind),
        cmocka_unit_test(test_columns_and_source),
        cmocka_unit_test(test_reuse),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_reserved_words),
        cmocka_unit_test(test_lexical_errors),
        cmocka_unit_test(test_error_column_counts_characters),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_length_limit),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_deep_arithmetic),
        cmocka_unit_test(test_literal_digit_cap),
        cmocka_unit_test(test_error_buffers),
        cmocka_unit_test(test_threads_share_an_expression),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
