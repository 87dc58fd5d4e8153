/*
 * test_money.c - unit tests of money.h: the two number grammars, rounding
 * in four modes, both text forms, rounding-mode names and currencies.
 *
 * Expected values are worked out by hand (or, for long numbers, by plain
 * decimal arithmetic written down in the comments); none is copied from
 * the program's output.  Rationals are compared by numerator and
 * denominator separately, so a result that is equal but not canonical fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>      /* before gmp.h, which then declares gmp_fprintf */
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "money.h"
#include "qedges.h"

/* ---- helpers ------------------------------------------------------------ */

/* Asserts that q is exactly num/den in canonical form (den > 0, lowest terms). */
static void assert_q(const mpq_t q, const char *num, const char *den)
{
    mpz_t n, d;
    mpz_init_set_str(n, num, 10);
    mpz_init_set_str(d, den, 10);
    if (mpz_cmp(mpq_numref(q), n) != 0 || mpz_cmp(mpq_denref(q), d) != 0) {
        gmp_fprintf(stderr, "got %Zd/%Zd, want %s/%s\n",
                    mpq_numref(q), mpq_denref(q), num, den);
        fail();
    }
    mpz_clear(n);
    mpz_clear(d);
}

/* Parses s as a batch amount and checks the result. */
static void dec_ok(const char *s, const char *num, const char *den)
{
    mpq_t q;
    mpq_init(q);
    if (money_parse_decimal(q, s, strlen(s)) != MONEY_OK) {
        fprintf(stderr, "rejected: \"%s\"\n", s);
        fail();
    }
    assert_q(q, num, den);
    mpq_clear(q);
}

/* Checks that s is refused with status want, and that out is left as it was. */
static void dec_bad(const char *s, size_t len, money_status want)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_ui(q, 7, 3);
    money_status got = money_parse_decimal(q, s, len);
    if (got != want) {
        fprintf(stderr, "\"%.*s\": status %d, want %d\n", (int)len, s, got, want);
        fail();
    }
    assert_q(q, "7", "3");
    mpq_clear(q);
}

static void dec_syntax(const char *s)
{
    dec_bad(s, strlen(s), MONEY_SYNTAX);
}

static void plan_ok(const char *s, unsigned allow, const char *num, const char *den,
                    int want_percent)
{
    mpq_t q;
    int is_percent = 42;
    mpq_init(q);
    if (money_parse_plan_number(q, s, allow, &is_percent) != MONEY_OK) {
        fprintf(stderr, "rejected plan number: \"%s\" (allow %u)\n", s, allow);
        fail();
    }
    assert_q(q, num, den);
    assert_int_equal(is_percent, want_percent);
    mpq_clear(q);
}

static void plan_bad(const char *s, unsigned allow, money_status want)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_ui(q, 7, 3);
    money_status got = money_parse_plan_number(q, s, allow, NULL);
    if (got != want) {
        fprintf(stderr, "plan number \"%s\" (allow %u): status %d, want %d\n",
                s, allow, got, want);
        fail();
    }
    assert_q(q, "7", "3");
    mpq_clear(q);
}

/* A string of n copies of c (caller frees). */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* a followed by b (caller frees). */
static char *concat(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 1);
    assert_non_null(s);
    memcpy(s, a, na);
    memcpy(s + na, b, nb + 1);
    return s;
}

/* ---- money_parse_decimal: accepted -------------------------------------- */

static void test_decimal_integers(void **state)
{
    dec_ok("0", "0", "1");
    dec_ok("1", "1", "1");
    dec_ok("9", "9", "1");
    dec_ok("-1", "-1", "1");
    dec_ok("100", "100", "1");
    dec_ok("9600", "9600", "1");
    dec_ok("007", "7", "1");
    dec_ok("-007", "-7", "1");
    dec_ok("150000", "150000", "1");
    dec_ok("-123456", "-123456", "1");
}

static void test_decimal_zero_forms(void **state)
{
    /* every spelling of zero is 0/1, never a negative zero */
    dec_ok("-0", "0", "1");
    dec_ok("0.0", "0", "1");
    dec_ok("-0.0", "0", "1");
    dec_ok("000", "0", "1");
    dec_ok("-000.000", "0", "1");
    dec_ok("0.000000000000000000000000000000000000", "0", "1");  /* 37 digits */
}

static void test_decimal_fractions_canonical(void **state)
{
    dec_ok("0.5", "1", "2");
    dec_ok("-0.5", "-1", "2");
    dec_ok("0.50", "1", "2");
    dec_ok("2.5", "5", "2");
    dec_ok("-2.5", "-5", "2");
    dec_ok("0.125", "1", "8");
    dec_ok("-0.125", "-1", "8");
    dec_ok("0.2", "1", "5");
    dec_ok("0.04", "1", "25");
    dec_ok("0.0625", "1", "16");
    dec_ok("0.005", "1", "200");
    dec_ok("0.1", "1", "10");
    dec_ok("1.10", "11", "10");
    dec_ok("12.345", "2469", "200");     /* 12345/1000 = 2469/200 */
    dec_ok("12.34", "617", "50");        /* 1234/100 = 617/50 */
    dec_ok("0.75", "3", "4");
    dec_ok("0.3", "3", "10");
    dec_ok("1.000", "1", "1");
    dec_ok("100.00", "100", "1");
    dec_ok("45499.993", "45499993", "1000");
    dec_ok("1949.9997", "19499997", "10000");
    dec_ok("-1949.9997", "-19499997", "10000");
    dec_ok("0.0032", "2", "625");        /* 32/10000 = 2/625 */
    dec_ok("0.00032", "1", "3125");      /* 32/100000 = 1/3125 */
    dec_ok("0.000001", "1", "1000000");
}

static void test_decimal_word_boundary(void **state)
{
    /* 18 digits is the one-word path, 19 and more the general one */
    dec_ok("123456789012345678", "123456789012345678", "1");
    dec_ok("999999999999999999", "999999999999999999", "1");
    dec_ok("1234567890123456789", "1234567890123456789", "1");
    dec_ok("-1234567890123456789", "-1234567890123456789", "1");
    dec_ok("18446744073709551615", "18446744073709551615", "1");   /* 2^64 - 1 */
    dec_ok("18446744073709551616", "18446744073709551616", "1");   /* 2^64 */
    dec_ok("0.123456789012345678", "61728394506172839", "500000000000000000");
    dec_ok("99999999999999999.5", "199999999999999999", "2");        /* 18 digits */
    dec_ok("1234567890123456789.5", "2469135780246913579", "2");    /* 20 digits */
    dec_ok("0.0000000000000000005", "1", "2000000000000000000");   /* 5/10^19 */
    dec_ok("0.000000000000000001", "1", "1000000000000000000");    /* 1/10^18 */
    /* 36 digits: exactly two full words */
    dec_ok("123456789012345678123456789012345678",
           "123456789012345678123456789012345678", "1");
}

static void test_decimal_digit_cap(void **state)
{
    char *forty_nines = repeat('9', 40);
    char *forty_one = repeat('9', 41);
    char *neg_forty = concat("-", forty_nines);

    assert_int_equal(MONEY_MAX_DIGITS, 40);
    dec_ok(forty_nines, forty_nines, "1");
    dec_ok(neg_forty, neg_forty, "1");                 /* the sign is not a digit */
    dec_bad(forty_one, 41, MONEY_TOO_LONG);

    /* 20 + 20 digits: (10^40 - 1) / 10^20, already in lowest terms */
    dec_ok("99999999999999999999.99999999999999999999", forty_nines,
           "100000000000000000000");
    dec_bad("99999999999999999999.999999999999999999999", 42, MONEY_TOO_LONG);

    /* 1 + 39 digits: 10^-39 */
    dec_ok("0.000000000000000000000000000000000000001", "1",
           "1000000000000000000000000000000000000000");
    dec_bad("0.0000000000000000000000000000000000000001", 42, MONEY_TOO_LONG);

    /* leading zeros count */
    dec_ok("0000000000000000000000000000000000000001", "1", "1");
    dec_bad("00000000000000000000000000000000000000001", 41, MONEY_TOO_LONG);

    /* a long text outside the grammar is a syntax error, not a length one */
    char *long_bad = concat(forty_one, "x");
    dec_bad(long_bad, strlen(long_bad), MONEY_SYNTAX);

    free(long_bad);
    free(neg_forty);
    free(forty_one);
    free(forty_nines);
}

static void test_decimal_reads_only_len_bytes(void **state)
{
    mpq_t q;
    mpq_init(q);

    /* the text need not end in NUL: only s[0..len) is read */
    assert_int_equal(money_parse_decimal(q, "12.5xyz", 4), MONEY_OK);
    assert_q(q, "25", "2");
    assert_int_equal(money_parse_decimal(q, "123", 2), MONEY_OK);
    assert_q(q, "12", "1");
    assert_int_equal(money_parse_decimal(q, "-7,", 2), MONEY_OK);
    assert_q(q, "-7", "1");

    /* a heap buffer without NUL: AddressSanitizer catches a read past it */
    char *buf = malloc(6);
    assert_non_null(buf);
    memcpy(buf, "-0.125", 6);
    assert_int_equal(money_parse_decimal(q, buf, 6), MONEY_OK);
    assert_q(q, "-1", "8");
    memcpy(buf, "1.", 2);
    assert_int_equal(money_parse_decimal(q, buf, 2), MONEY_SYNTAX);
    memcpy(buf, "-", 1);
    assert_int_equal(money_parse_decimal(q, buf, 1), MONEY_SYNTAX);
    free(buf);

    /* an embedded NUL is just a byte outside the grammar */
    dec_bad("1\0002", 3, MONEY_SYNTAX);
    mpq_clear(q);
}

static void test_decimal_overwrites_previous_value(void **state)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, -355, 113);
    assert_int_equal(money_parse_decimal(q, "3", 1), MONEY_OK);
    assert_q(q, "3", "1");
    assert_int_equal(money_parse_decimal(q, "0.25", 4), MONEY_OK);
    assert_q(q, "1", "4");
    assert_int_equal(money_parse_decimal(q, "-0", 2), MONEY_OK);
    assert_q(q, "0", "1");
    mpq_clear(q);
}

/* ---- money_parse_decimal: refused --------------------------------------- */

static void test_decimal_syntax_errors(void **state)
{
    static const char *const bad[] = {
        "", "-", "--1", "+1", "+0", "1.", "-1.", ".5", "-.5", ".", "..", "-.",
        "1.2.3", "1..2", "1e5", "1E5", "1e-5", " 1", "1 ", " ", "\t1", "1\n",
        "- 1", "1,5", "1,000", "1_000", "1 000", "0x10", "0b1", "1-", "1.-5",
        "1/2", "5%", "$5", "5$", "inf", "nan", "-inf", "١",  /* Arabic-Indic one */
        "\xe2\x88\x92" "1",                                  /* U+2212 minus */
        "\xef\xbc\x91",                                      /* fullwidth one */
        "1.5.", "0.5-", "(1)", "1'000", "12abc", "abc",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        dec_syntax(bad[i]);
    dec_bad("5", 0, MONEY_SYNTAX);   /* len 0 means empty, whatever follows */
}

/* ---- money_parse_plan_number -------------------------------------------- */

static void test_plan_decimals(void **state)
{
    plan_ok("0", PLAN_NUM_ANY, "0", "1", 0);
    plan_ok("0.3", PLAN_NUM_ANY, "3", "10", 0);
    plan_ok("1", PLAN_NUM_ANY, "1", "1", 0);
    plan_ok("150000", PLAN_NUM_DECIMAL, "150000", "1", 0);
    plan_ok("0.125", PLAN_NUM_DECIMAL, "1", "8", 0);
    plan_ok("007.50", PLAN_NUM_ANY, "15", "2", 0);
    plan_ok("0.0", PLAN_NUM_ANY, "0", "1", 0);
    plan_ok("1234567890123456789.5", PLAN_NUM_ANY, "2469135780246913579", "2", 0);
}

static void test_plan_percents(void **state)
{
    plan_ok("30%", PLAN_NUM_ANY, "3", "10", 1);
    plan_ok("100%", PLAN_NUM_ANY, "1", "1", 1);
    plan_ok("0%", PLAN_NUM_ANY, "0", "1", 1);
    plan_ok("4%", PLAN_NUM_PERCENT, "1", "25", 1);
    plan_ok("8%", PLAN_NUM_PERCENT, "2", "25", 1);
    plan_ok("12%", PLAN_NUM_ANY, "3", "25", 1);
    plan_ok("12.5%", PLAN_NUM_ANY, "1", "8", 1);
    plan_ok("22.5%", PLAN_NUM_ANY, "9", "40", 1);
    plan_ok("0.5%", PLAN_NUM_ANY, "1", "200", 1);
    plan_ok("150%", PLAN_NUM_ANY, "3", "2", 1);
    plan_ok("33.333%", PLAN_NUM_ANY, "33333", "100000", 1);
    plan_ok("200%", PLAN_NUM_ANY, "2", "1", 1);
    /* 18 digits with two more decimals from the percent: 10^-20 */
    plan_ok("0.00000000000000001%", PLAN_NUM_ANY, "1", "10000000000000000000", 1);
}

static void test_plan_fractions(void **state)
{
    plan_ok("1/3", PLAN_NUM_ANY, "1", "3", 0);
    plan_ok("2/3", PLAN_NUM_FRACTION, "2", "3", 0);
    plan_ok("6/4", PLAN_NUM_ANY, "3", "2", 0);
    plan_ok("0/5", PLAN_NUM_ANY, "0", "1", 0);
    plan_ok("10/5", PLAN_NUM_ANY, "2", "1", 0);
    plan_ok("007/014", PLAN_NUM_ANY, "1", "2", 0);
    plan_ok("100/3", PLAN_NUM_ANY, "100", "3", 0);
    plan_ok("1/1", PLAN_NUM_ANY, "1", "1", 0);
    plan_ok("1000/1", PLAN_NUM_ANY, "1000", "1", 0);
    /* 20/20 digits: (10^20 - 1) / 10^19 */
    plan_ok("99999999999999999999/10000000000000000000", PLAN_NUM_ANY,
            "99999999999999999999", "10000000000000000000", 0);
    /* gcd across the word boundary: 2^64 / 2^62 = 4 */
    plan_ok("18446744073709551616/4611686018427387904", PLAN_NUM_ANY, "4", "1", 0);
}

static void test_plan_is_percent_may_be_null(void **state)
{
    mpq_t q;
    mpq_init(q);
    assert_int_equal(money_parse_plan_number(q, "30%", PLAN_NUM_ANY, NULL), MONEY_OK);
    assert_q(q, "3", "10");
    assert_int_equal(money_parse_plan_number(q, "1/3", PLAN_NUM_ANY, NULL), MONEY_OK);
    assert_q(q, "1", "3");
    mpq_clear(q);
}

static void test_plan_syntax_errors(void **state)
{
    static const char *const bad[] = {
        "", "-", "-5", "-0", "-5%", "-1/3", "1/-3", "%", "5%%", "%5", "5 %", "5% ",
        "1/0", "1/00", "0/0", "1/", "/2", "/", "1//2", "1/2/3", "1.5/2", "1/2.5",
        "1/2%", "1%/2", "5%5", "+1", "+5%", "1e5", "1e5%", " 1", "1 ", "1,5", "1,5%",
        "0x10", "1.", "1.%", ".5", ".5%", "1.2.3", "1 / 3", "1/ 3", "1 /3", "1/3 ",
        "abc", "1/a", "a/1", "5\n", "half",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        plan_bad(bad[i], PLAN_NUM_ANY, MONEY_SYNTAX);
}

static void test_plan_allowed_forms(void **state)
{
    /* amounts (cap, pay): decimal or fraction, no percentage */
    unsigned amount = PLAN_NUM_DECIMAL | PLAN_NUM_FRACTION;
    plan_bad("30%", amount, MONEY_SYNTAX);
    plan_ok("30", amount, "30", "1", 0);
    plan_ok("1/3", amount, "1", "3", 0);

    plan_bad("1/3", PLAN_NUM_DECIMAL | PLAN_NUM_PERCENT, MONEY_SYNTAX);
    plan_ok("50%", PLAN_NUM_DECIMAL | PLAN_NUM_PERCENT, "1", "2", 1);

    plan_bad("0.3", PLAN_NUM_PERCENT, MONEY_SYNTAX);
    plan_bad("3", PLAN_NUM_FRACTION, MONEY_SYNTAX);
    plan_bad("1/2", PLAN_NUM_PERCENT, MONEY_SYNTAX);

    /* nothing allowed: nothing accepted */
    plan_bad("1", 0, MONEY_SYNTAX);
    plan_bad("1%", 0, MONEY_SYNTAX);
    plan_bad("1/2", 0, MONEY_SYNTAX);
}

/* Joins up to three parts (caller frees). */
static char *join3(const char *a, const char *b, const char *c)
{
    char *ab = concat(a, b);
    char *abc = concat(ab, c);
    free(ab);
    return abc;
}

static void test_plan_digit_cap(void **state)
{
    char *d20 = repeat('1', 20), *d21 = repeat('1', 21);
    char *d39 = repeat('7', 39), *d40 = repeat('1', 40), *d41 = repeat('1', 41);
    char *z39 = repeat('0', 39), *z40 = repeat('0', 40);
    char *p40 = concat(d40, "%"), *p41 = concat(d41, "%");
    char *f20_20 = join3(d20, "/", d20), *f21_20 = join3(d21, "/", d20);
    char *f1_39 = join3("1", "/", d39), *f1_40 = join3("1", "/", d40);
    char *f1_z39 = join3("1", "/", z39), *f1_z40 = join3("1", "/", z40);

    plan_ok(d40, PLAN_NUM_ANY, d40, "1", 0);
    plan_bad(d41, PLAN_NUM_ANY, MONEY_TOO_LONG);

    /* forty ones is odd and ends in 1, so nothing cancels against 100 */
    plan_ok(p40, PLAN_NUM_ANY, d40, "100", 1);
    plan_bad(p41, PLAN_NUM_ANY, MONEY_TOO_LONG);
    /* a form that is not allowed is refused as such, whatever its length */
    plan_bad(p41, PLAN_NUM_DECIMAL, MONEY_SYNTAX);

    /* numerator and denominator digits add up */
    plan_ok(f20_20, PLAN_NUM_ANY, "1", "1", 0);
    plan_bad(f21_20, PLAN_NUM_ANY, MONEY_TOO_LONG);
    plan_ok(f1_39, PLAN_NUM_ANY, "1", d39, 0);
    plan_bad(f1_40, PLAN_NUM_ANY, MONEY_TOO_LONG);

    /* a zero denominator within the cap is a syntax error; past it, too long */
    plan_bad(f1_z39, PLAN_NUM_ANY, MONEY_SYNTAX);
    plan_bad(f1_z40, PLAN_NUM_ANY, MONEY_TOO_LONG);

    char *all[] = {d20, d21, d39, d40, d41, z39, z40, p40, p41,
                   f20_20, f21_20, f1_39, f1_40, f1_z39, f1_z40};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        free(all[i]);
}

/* ---- money_round --------------------------------------------------------- */

/* x (as GMP's "n/d" text) rounded at scale by each mode: half-up, half-even, down, up. */
typedef struct {
    const char *x;
    unsigned scale;
    long want[4];
} round_case;

static const round_mode modes[4] = {ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_UP};

static void set_q(mpq_t q, const char *text)
{
    assert_int_equal(mpq_set_str(q, text, 10), 0);
    mpq_canonicalize(q);
}

static void check_round_cases(const round_case *cases, size_t n)
{
    mpq_t x;
    mpz_t minor;
    mpq_init(x);
    mpz_init(minor);
    for (size_t i = 0; i < n; i++) {
        set_q(x, cases[i].x);
        for (int m = 0; m < 4; m++) {
            mpz_set_si(minor, 987654321);    /* a stale value must be overwritten */
            money_round(minor, x, cases[i].scale, modes[m]);
            if (mpz_cmp_si(minor, cases[i].want[m]) != 0) {
                gmp_fprintf(stderr, "round(%s, scale %u, %s) = %Zd, want %ld\n",
                            cases[i].x, cases[i].scale, round_mode_name(modes[m]),
                            minor, cases[i].want[m]);
                fail();
            }
        }
    }
    mpz_clear(minor);
    mpq_clear(x);
}

#define CASES(a) check_round_cases(a, sizeof a / sizeof a[0])

static void test_round_scale2(void **state)
{
    static const round_case cases[] = {
        /*  x            scale  half-up half-even down   up */
        {"1/8",          2, {  13,   12,   12,   13}},   /*  0.125  -> 12.5 */
        {"-1/8",         2, { -13,  -12,  -12,  -13}},
        {"5/2",          2, { 250,  250,  250,  250}},   /*  2.5 is exact */
        {"-5/2",         2, {-250, -250, -250, -250}},
        {"1/200",        2, {   1,    0,    0,    1}},   /*  0.005  -> 0.5 */
        {"-1/200",       2, {  -1,    0,    0,   -1}},
        {"3/200",        2, {   2,    2,    1,    2}},   /*  0.015  -> 1.5 */
        {"-3/200",       2, {  -2,   -2,   -1,   -2}},
        {"1/3",          2, {  33,   33,   33,   34}},   /*  33.33... */
        {"-1/3",         2, { -33,  -33,  -33,  -34}},
        {"2/3",          2, {  67,   67,   66,   67}},   /*  66.66... */
        {"-2/3",         2, { -67,  -67,  -66,  -67}},
        {"0",            2, {   0,    0,    0,    0}},
        {"617/50",       2, {1234, 1234, 1234, 1234}},   /*  12.34 exact */
        {"-617/50",      2, {-1234, -1234, -1234, -1234}},
        {"2469/200",     2, {1235, 1234, 1234, 1235}},   /*  12.345 -> 1234.5 */
        {"-2469/200",    2, {-1235, -1234, -1234, -1235}},
        {"51/10000",     2, {   1,    1,    0,    1}},   /*  0.0051 -> 0.51 */
        {"-51/10000",    2, {  -1,   -1,    0,   -1}},
        {"49/10000",     2, {   0,    0,    0,    1}},   /*  0.0049 -> 0.49 */
        {"-49/10000",    2, {   0,    0,    0,   -1}},
        {"1/1000000",    2, {   0,    0,    0,    1}},   /*  tiny */
        {"-1/1000000",   2, {   0,    0,    0,   -1}},
        {"7",            2, { 700,  700,  700,  700}},
        {"-7",           2, {-700, -700, -700, -700}},
        {"100/3",        2, {3333, 3333, 3333, 3334}},
        {"-100/3",       2, {-3333, -3333, -3333, -3334}},
        {"5/8",          2, {  63,   62,   62,   63}},   /*  62.5: even neighbour 62 */
        {"7/8",          2, {  88,   88,   87,   88}},   /*  87.5: even neighbour 88 */
        {"-7/8",         2, { -88,  -88,  -87,  -88}},
    };
    CASES(cases);
}

static void test_round_scale0(void **state)
{
    static const round_case cases[] = {
        {"1/8",   0, { 0,  0,  0,  1}},
        {"-1/8",  0, { 0,  0,  0, -1}},
        {"5/2",   0, { 3,  2,  2,  3}},
        {"-5/2",  0, {-3, -2, -2, -3}},
        {"7/2",   0, { 4,  4,  3,  4}},
        {"-7/2",  0, {-4, -4, -3, -4}},
        {"1/2",   0, { 1,  0,  0,  1}},
        {"-1/2",  0, {-1,  0,  0, -1}},
        {"3/2",   0, { 2,  2,  1,  2}},
        {"-3/2",  0, {-2, -2, -1, -2}},
        {"1/200", 0, { 0,  0,  0,  1}},
        {"-1/200",0, { 0,  0,  0, -1}},
        {"1/3",   0, { 0,  0,  0,  1}},
        {"-1/3",  0, { 0,  0,  0, -1}},
        {"2/3",   0, { 1,  1,  0,  1}},
        {"-2/3",  0, {-1, -1,  0, -1}},
        {"7",     0, { 7,  7,  7,  7}},
        {"-7",    0, {-7, -7, -7, -7}},
        {"0",     0, { 0,  0,  0,  0}},
        {"100/3", 0, {33, 33, 33, 34}},
        {"1234",  0, {1234, 1234, 1234, 1234}},
    };
    CASES(cases);
}

static void test_round_scale3(void **state)
{
    static const round_case cases[] = {
        {"1/8",        3, { 125,  125,  125,  125}},
        {"-1/8",       3, {-125, -125, -125, -125}},
        {"5/2",        3, {2500, 2500, 2500, 2500}},
        {"-5/2",       3, {-2500, -2500, -2500, -2500}},
        {"1/200",      3, {   5,    5,    5,    5}},
        {"-1/200",     3, {  -5,   -5,   -5,   -5}},
        {"1/2000",     3, {   1,    0,    0,    1}},   /* 0.0005 -> 0.5 */
        {"-1/2000",    3, {  -1,    0,    0,   -1}},
        {"3/2000",     3, {   2,    2,    1,    2}},   /* 0.0015 -> 1.5 */
        {"-1/400",     3, {  -3,   -2,   -2,   -3}},   /* -0.0025 -> -2.5 */
        {"1/3",        3, { 333,  333,  333,  334}},
        {"-1/3",       3, {-333, -333, -333, -334}},
        {"2/3",        3, { 667,  667,  666,  667}},
        {"-2/3",       3, {-667, -667, -666, -667}},
        {"1/8000",     3, {   0,    0,    0,    1}},   /* 0.000125 -> 0.125 */
        {"-1/8000",    3, {   0,    0,    0,   -1}},
        {"0",          3, {   0,    0,    0,    0}},
    };
    CASES(cases);
}

static void test_round_scale4(void **state)
{
    static const round_case cases[] = {
        {"1/3",       4, {3333, 3333, 3333, 3334}},
        {"-2/3",      4, {-6667, -6667, -6666, -6667}},
        {"1/16",      4, { 625,  625,  625,  625}},     /* 0.0625 exact */
        {"1/32",      4, { 313,  312,  312,  313}},     /* 0.03125 -> 312.5 */
        {"-1/32",     4, {-313, -312, -312, -313}},
    };
    CASES(cases);
}

/* Rounds x at scale by mode and compares the decimal text of the result. */
static void round_text(const char *x, unsigned scale, round_mode mode, const char *want)
{
    mpq_t q;
    mpz_t minor, w;
    mpq_init(q);
    mpz_init(minor);
    mpz_init_set_str(w, want, 10);
    set_q(q, x);
    money_round(minor, q, scale, mode);
    if (mpz_cmp(minor, w) != 0) {
        gmp_fprintf(stderr, "round(%s, %u, %s) = %Zd, want %s\n", x, scale,
                    round_mode_name(mode), minor, want);
        fail();
    }
    mpz_clear(w);
    mpz_clear(minor);
    mpq_clear(q);
}

static void test_round_large(void **state)
{
    /* a scale beyond one machine word: 1/3 to 20 places */
    round_text("1/3", 20, ROUND_HALF_UP, "33333333333333333333");
    round_text("1/3", 20, ROUND_UP, "33333333333333333334");
    round_text("-2/3", 20, ROUND_DOWN, "-66666666666666666666");
    round_text("-2/3", 20, ROUND_HALF_EVEN, "-66666666666666666667");
    round_text("1/8", 25, ROUND_DOWN, "1250000000000000000000000");

    /* 10^30 + 1/2 at scale 0: a tie above one word */
    round_text("2000000000000000000000000000001/2", 0, ROUND_HALF_UP,
               "1000000000000000000000000000001");
    round_text("2000000000000000000000000000001/2", 0, ROUND_HALF_EVEN,
               "1000000000000000000000000000000");
    round_text("-2000000000000000000000000000001/2", 0, ROUND_HALF_UP,
               "-1000000000000000000000000000001");
    round_text("-2000000000000000000000000000001/2", 0, ROUND_DOWN,
               "-1000000000000000000000000000000");
    /* 10^30 + 3/2: the even neighbour is the upper one */
    round_text("2000000000000000000000000000003/2", 0, ROUND_HALF_EVEN,
               "1000000000000000000000000000002");

    /* huge denominators: just above and just below one half cent */
    round_text("5000000000000000000000000000001/1000000000000000000000000000000000", 2,
               ROUND_HALF_EVEN, "1");
    round_text("4999999999999999999999999999999/1000000000000000000000000000000000", 2,
               ROUND_HALF_UP, "0");
}

/* ---- money_format_minor --------------------------------------------------- */

static void format_minor(const char *minor, unsigned scale, const char *want)
{
    strbuf sb = STRBUF_INIT;
    mpz_t z;
    mpz_init_set_str(z, minor, 10);
    money_format_minor(&sb, z, scale);
    assert_non_null(sb.p);
    assert_string_equal(sb.p, want);
    assert_int_equal(sb.len, strlen(want));
    sb_free(&sb);
    mpz_clear(z);
}

static void test_format_minor(void **state)
{
    format_minor("123450", 2, "1234.50");
    format_minor("-300", 2, "-3.00");
    format_minor("1234", 0, "1234");
    format_minor("-1234", 0, "-1234");
    format_minor("0", 2, "0.00");
    format_minor("0", 0, "0");
    format_minor("0", 3, "0.000");
    format_minor("-50", 2, "-0.50");
    format_minor("50", 2, "0.50");
    format_minor("5", 2, "0.05");
    format_minor("-5", 2, "-0.05");
    format_minor("99", 2, "0.99");
    format_minor("100", 2, "1.00");
    format_minor("-100", 2, "-1.00");
    format_minor("101", 2, "1.01");
    format_minor("1", 3, "0.001");
    format_minor("-1", 3, "-0.001");
    format_minor("1000", 3, "1.000");
    format_minor("12345", 4, "1.2345");
    format_minor("-1", 4, "-0.0001");
    format_minor("1", 0, "1");
    format_minor("-1", 0, "-1");
    format_minor("10", 1, "1.0");
    format_minor("1", 20, "0.00000000000000000001");
    format_minor("-123", 20, "-0.00000000000000000123");
    format_minor("10000000000000000000000001", 2, "100000000000000000000000.01");
    format_minor("-10000000000000000000000001", 2, "-100000000000000000000000.01");
}

static void test_format_minor_appends(void **state)
{
    strbuf sb = STRBUF_INIT;
    mpz_t z;
    mpz_init(z);

    /* digits already in the buffer must not be taken for the number's own */
    sb_puts(&sb, "12");
    mpz_set_si(z, 5);
    money_format_minor(&sb, z, 2);
    assert_string_equal(sb.p, "120.05");
    sb_putc(&sb, ';');
    mpz_set_si(z, -50);
    money_format_minor(&sb, z, 2);
    sb_putc(&sb, ';');
    mpz_set_si(z, 123456);
    money_format_minor(&sb, z, 3);
    sb_putc(&sb, ';');
    mpz_set_si(z, 0);
    money_format_minor(&sb, z, 0);
    assert_string_equal(sb.p, "120.05;-0.50;123.456;0");
    assert_int_equal(sb.len, strlen("120.05;-0.50;123.456;0"));

    /* many appends make the buffer grow */
    sb_reset(&sb);
    mpz_set_si(z, -7);
    for (int i = 0; i < 200; i++)
        money_format_minor(&sb, z, 2);
    assert_int_equal(sb.len, 200 * 5);
    assert_memory_equal(sb.p + 995, "-0.07", 5);

    sb_free(&sb);
    mpz_clear(z);
}

/* ---- money_format_exact ----------------------------------------------------- */

static void format_exact(const char *x, const char *want)
{
    strbuf sb = STRBUF_INIT;
    mpq_t q;
    mpq_init(q);
    set_q(q, x);
    money_format_exact(&sb, q);
    assert_non_null(sb.p);
    assert_string_equal(sb.p, want);
    assert_int_equal(sb.len, strlen(want));
    sb_free(&sb);
    mpq_clear(q);
}

static void test_format_exact_integers(void **state)
{
    format_exact("9600", "9600");
    format_exact("0", "0");
    format_exact("-7", "-7");
    format_exact("1", "1");
    format_exact("-1", "-1");
    format_exact("123456789012345678901234567890", "123456789012345678901234567890");
    format_exact("-123456789012345678901234567890", "-123456789012345678901234567890");
}

static void test_format_exact_decimals(void **state)
{
    format_exact("1/8", "0.125");
    format_exact("-1/2", "-0.5");
    format_exact("1/2", "0.5");
    format_exact("45499993/1000", "45499.993");
    format_exact("19499997/10000", "1949.9997");
    format_exact("-19499997/10000", "-1949.9997");
    format_exact("3/20", "0.15");
    format_exact("1/5", "0.2");
    format_exact("1/25", "0.04");
    format_exact("1/3125", "0.00032");            /* 5^5: five decimals */
    format_exact("1/1024", "0.0009765625");       /* 2^10: ten decimals */
    format_exact("7/4", "1.75");
    format_exact("-7/4", "-1.75");
    format_exact("5/2", "2.5");
    format_exact("1001/10", "100.1");
    format_exact("1/1000000000000000000000000000000",
                 "0.000000000000000000000000000001");
    /* 2^-70 = 5^70 / 10^70, and 5^70 has 49 digits */
    format_exact("1/1180591620717411303424",
                 "0.0000000000000000000008470329472543003390683225006796419620513916015625");
    /* 3/1600 = 3 / (2^6 * 5^2) = 0.001875: six decimals, from the power of 2 */
    format_exact("3/1600", "0.001875");
    /* 1/80 = 1 / (2^4 * 5): four decimals */
    format_exact("1/80", "0.0125");
}

static void test_format_exact_fractions(void **state)
{
    format_exact("100/3", "100/3");
    format_exact("-1/3", "-1/3");
    format_exact("1/3", "1/3");
    format_exact("7/6", "7/6");
    format_exact("1/7", "1/7");
    format_exact("-22/7", "-22/7");
    format_exact("1/30", "1/30");                 /* 2, 3 and 5: not terminating */
    format_exact("1000/3", "1000/3");
    format_exact("1/12", "1/12");
    format_exact("12345678901234567890/7", "12345678901234567890/7");
}

static void test_format_exact_appends(void **state)
{
    strbuf sb = STRBUF_INIT;
    mpq_t q;
    mpq_init(q);
    sb_puts(&sb, "99,");
    set_q(q, "1/8");
    money_format_exact(&sb, q);
    sb_putc(&sb, ',');
    set_q(q, "-100/3");
    money_format_exact(&sb, q);
    sb_putc(&sb, ',');
    set_q(q, "42");
    money_format_exact(&sb, q);
    assert_string_equal(sb.p, "99,0.125,-100/3,42");
    assert_int_equal(sb.len, strlen("99,0.125,-100/3,42"));
    sb_free(&sb);
    mpq_clear(q);
}

/*
 * The contract's exact text worked out with GMP strings alone: "num" for an
 * integer, "num/den" unless den = 2^a 5^b, else num x 10^max(a,b) / den with
 * the point put in by hand.  The reference the machine-word path of
 * money_format_exact is compared with.
 */
static char *exact_reference(const mpq_t x)
{
    mpz_t rest, minor;
    mpz_inits(rest, minor, NULL);
    char *out;
    if (mpz_cmp_ui(mpq_denref(x), 1) == 0) {
        gmp_asprintf(&out, "%Zd", mpq_numref(x));
    } else {
        mpz_set(rest, mpq_denref(x));
        unsigned long twos = 0, fives = 0;
        while (mpz_divisible_ui_p(rest, 2)) {
            mpz_divexact_ui(rest, rest, 2);
            twos++;
        }
        while (mpz_divisible_ui_p(rest, 5)) {
            mpz_divexact_ui(rest, rest, 5);
            fives++;
        }
        if (mpz_cmp_ui(rest, 1) != 0) {
            gmp_asprintf(&out, "%Zd/%Zd", mpq_numref(x), mpq_denref(x));
        } else {
            unsigned long scale = twos > fives ? twos : fives;
            mpz_ui_pow_ui(minor, 10, scale);
            mpz_mul(minor, minor, mpq_numref(x));
            mpz_divexact(minor, minor, mpq_denref(x));
            int neg = mpz_sgn(minor) < 0;
            mpz_abs(minor, minor);
            char *digits = mpz_get_str(NULL, 10, minor);
            size_t nd = strlen(digits);
            out = malloc(nd + scale + 4);
            char *p = out;
            if (neg)
                *p++ = '-';
            if (nd > scale) {
                memcpy(p, digits, nd - scale);
                p += nd - scale;
                *p++ = '.';
                memcpy(p, digits + nd - scale, scale);
                p += scale;
            } else {
                *p++ = '0';
                *p++ = '.';
                memset(p, '0', scale - nd);
                p += scale - nd;
                memcpy(p, digits, nd);
                p += nd;
            }
            *p = '\0';
            free(digits);
        }
    }
    mpz_clears(rest, minor, NULL);
    return out;
}

static void format_matches_reference(const mpq_t x)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "<");
    money_format_exact(&sb, x);
    char *want = exact_reference(x);
    if (strcmp(sb.p + 1, want) != 0)
        gmp_fprintf(stderr, "%Qd: got %s, want %s\n", x, sb.p + 1, want);
    assert_string_equal(sb.p + 1, want);
    assert_int_equal(sb.len, strlen(want) + 1);
    free(want);
    sb_free(&sb);
}

/* The machine-word path at its edges: numerators up to +-2^63 and past, denominators
   2^a 5^b up to 2^64 and past, scales up to 19 and past, and the edge values of qedges.h. */
static void test_format_exact_word_edges(void **state)
{
    mpq_t x;
    mpq_init(x);
    for (size_t ni = 0; ni < QEDGE_N; ni++)
        for (size_t di = 1; di < QEDGE_N; di++)
            for (int neg = 0; neg < 2; neg++) {
                qedge_q(x, ni, neg, di);
                format_matches_reference(x);
            }
    for (unsigned a = 0; a <= 70; a++)
        for (unsigned b = 0; b <= 30; b++)
            for (size_t ni = 0; ni < QEDGE_N; ni++) {
                qedge_mag(mpq_numref(x), ni);
                mpz_ui_pow_ui(mpq_denref(x), 5, b);
                mpz_mul_2exp(mpq_denref(x), mpq_denref(x), a);
                if ((a + b + ni) % 2)
                    mpz_neg(mpq_numref(x), mpq_numref(x));
                mpq_canonicalize(x);
                format_matches_reference(x);
                mpz_sub_ui(mpq_numref(x), mpq_numref(x), 1);  /* a neighbour */
                mpq_canonicalize(x);
                format_matches_reference(x);
            }
    for (int i = 0; i < 200000; i++) {
        qedge_random_q(x);
        format_matches_reference(x);
        /* money-like: digits over a power of ten */
        mpz_set_si(mpq_numref(x), (long)(qedge_next() >> (qedge_next() % 64)) * (i % 2 ? -1 : 1));
        mpz_ui_pow_ui(mpq_denref(x), 10, qedge_next() % 22);
        mpq_canonicalize(x);
        format_matches_reference(x);
    }
    mpq_clear(x);
}

/* money_format_percent(x) writes what money_format_exact writes of 100 x. */
static void percent_matches_gmp(const mpq_t x)
{
    strbuf got = STRBUF_INIT, want = STRBUF_INIT;
    mpq_t pct;
    mpq_init(pct);
    mpq_set_ui(pct, 100, 1);
    mpq_mul(pct, pct, x);
    money_format_exact(&want, pct);
    money_format_percent(&got, x);
    if (strcmp(got.p, want.p) != 0)
        gmp_fprintf(stderr, "%Qd: got %s%%, want %s%%\n", x, got.p, want.p);
    assert_string_equal(got.p, want.p);
    mpq_clear(pct);
    sb_free(&got);
    sb_free(&want);
}

/* The machine-word path of money_format_percent at its edges: numerators near +-2^63 / 100
   and +-2^63, denominators sharing 2s and 5s with 100 or not, and random rationals. */
static void test_format_percent_edges(void **state)
{
    mpq_t x;
    mpq_init(x);
    for (size_t ni = 0; ni < QEDGE_N; ni++)
        for (size_t di = 1; di < QEDGE_N; di++)
            for (int neg = 0; neg < 2; neg++) {
                qedge_q(x, ni, neg, di);
                percent_matches_gmp(x);
            }
    static const long nums[] = {0, 1, 3, 7, 92233720368547758L, 92233720368547759L,
                                LONG_MAX / 4, LONG_MAX / 25, LONG_MAX / 50 + 1, LONG_MAX - 1, LONG_MAX};
    static const unsigned long dens[] = {1, 2, 3, 4, 5, 8, 16, 20, 25, 40, 50, 75, 100, 125, 128, 200,
                                         400, 1000, 1024, 3125, 10000, 1ul << 63, ULONG_MAX};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        for (size_t j = 0; j < sizeof dens / sizeof *dens; j++)
            for (int neg = 0; neg < 2; neg++) {
                mpz_set_si(mpq_numref(x), neg ? -nums[i] : nums[i]);
                if (neg && nums[i] == LONG_MAX)
                    mpz_sub_ui(mpq_numref(x), mpq_numref(x), 1);  /* LONG_MIN */
                mpz_set_ui(mpq_denref(x), dens[j]);
                mpq_canonicalize(x);
                percent_matches_gmp(x);
            }
    for (int i = 0; i < 100000; i++) {
        qedge_random_q(x);
        percent_matches_gmp(x);
    }
    mpq_clear(x);
}

/* ---- parse then format ------------------------------------------------------ */

/* Parses s as an amount and checks money_format_exact writes want. */
static void round_trip(const char *s, const char *want)
{
    strbuf sb = STRBUF_INIT;
    mpq_t q;
    mpq_init(q);
    assert_int_equal(money_parse_decimal(q, s, strlen(s)), MONEY_OK);
    money_format_exact(&sb, q);
    if (strcmp(sb.p, want) != 0) {
        fprintf(stderr, "\"%s\" came back as \"%s\", want \"%s\"\n", s, sb.p, want);
        fail();
    }
    sb_free(&sb);
    mpq_clear(q);
}

static void test_round_trip_canonical(void **state)
{
    /* text already in the exact form comes back unchanged */
    static const char *const same[] = {
        "0", "1", "-1", "9", "10", "0.1", "-0.1", "0.5", "0.125", "-0.125",
        "123.456", "-99999.99999", "1949.9997", "45499.993", "0.001", "0.0001",
        "1000000", "0.000000000000000001", "123456789012345678",
        "-123456789012345678", "1234567890123456789", "12345678901234567.89",
        "0.123456789012345678", "1.234567890123456789",
        "9999999999999999999999999999999999999999",
        "-1234567890123456789012345678901234567.891",
        "0.000000000000000000000000000000000000001",
        "-0.000000000000000000000000000000000000001",
        "3.14159", "2.71828", "0.3", "0.7", "0.9", "99.99", "-0.01", "150000",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        round_trip(same[i], same[i]);
}

static void test_round_trip_normalises(void **state)
{
    round_trip("1.50", "1.5");
    round_trip("007", "7");
    round_trip("-0", "0");
    round_trip("-0.0", "0");
    round_trip("0.10", "0.1");
    round_trip("100.000", "100");
    round_trip("-00.2500", "-0.25");
    round_trip("000000000000000000012.3400000000000000000", "12.34");
    round_trip("1.0000000000000000000000000000000000000", "1");
}

/* ---- rounding-mode names ------------------------------------------------------ */

static void test_round_mode_names(void **state)
{
    static const struct { const char *name; round_mode mode; } names[] = {
        {"half-up", ROUND_HALF_UP},
        {"half-even", ROUND_HALF_EVEN},
        {"down", ROUND_DOWN},
        {"up", ROUND_UP},
    };
    for (size_t i = 0; i < 4; i++) {
        round_mode m = (round_mode)99;
        assert_int_equal(round_mode_parse(names[i].name, &m), 0);
        assert_int_equal(m, names[i].mode);
        assert_string_equal(round_mode_name(names[i].mode), names[i].name);
    }
    assert_int_equal(ROUND_HALF_UP, 0);   /* the default is the zero value */
}

static void test_round_mode_unknown(void **state)
{
    static const char *const bad[] = {
        "", "HALF-UP", "Half-Up", "half_up", "halfup", "half up", "half-up ",
        " half-up", "half-down", "half-even\n", "floor", "ceiling", "truncate",
        "bankers", "Down", "UP", "u", "do", "half-", "half-upx",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        round_mode m = ROUND_UP;
        if (round_mode_parse(bad[i], &m) != -1) {
            fprintf(stderr, "accepted mode \"%s\"\n", bad[i]);
            fail();
        }
        assert_int_equal(m, ROUND_UP);   /* untouched */
    }
    round_mode m = ROUND_DOWN;
    assert_int_equal(round_mode_parse(NULL, &m), -1);
    assert_int_equal(m, ROUND_DOWN);
    assert_string_equal(round_mode_name((round_mode)4), "?");
    assert_string_equal(round_mode_name((round_mode)-1), "?");
}

/* ---- currencies --------------------------------------------------------------- */

static void test_currency_common(void **state)
{
    assert_int_equal(currency_minor_unit("USD"), 2);
    assert_int_equal(currency_minor_unit("EUR"), 2);
    assert_int_equal(currency_minor_unit("GBP"), 2);
    assert_int_equal(currency_minor_unit("CHF"), 2);
    assert_int_equal(currency_minor_unit("CAD"), 2);
    assert_int_equal(currency_minor_unit("AUD"), 2);
    assert_int_equal(currency_minor_unit("CNY"), 2);
    assert_int_equal(currency_minor_unit("INR"), 2);
    assert_int_equal(currency_minor_unit("BRL"), 2);
    assert_int_equal(currency_minor_unit("MXN"), 2);
    assert_int_equal(currency_minor_unit("SEK"), 2);
    assert_int_equal(currency_minor_unit("JPY"), 0);
    assert_int_equal(currency_minor_unit("KRW"), 0);
    assert_int_equal(currency_minor_unit("KWD"), 3);
    assert_int_equal(currency_minor_unit("CLF"), 4);
}

/* The whole table, so that an unsorted entry (which the binary search would miss) shows. */
static void test_currency_every_code(void **state)
{
    static const char *const zero =
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
    static const char *const three = "BHD IQD JOD KWD LYD OMR TND";
    static const char *const four = "CLF UYW";
    static const char *const two =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV "
        "BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK "
        "DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL "
        "HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL "
        "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO "
        "NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK "
        "SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS "
        "UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";
    static const struct { const char *codes; int unit; } groups[] = {
        {zero, 0}, {two, 2}, {three, 3}, {four, 4},
    };
    size_t count = 0;

    for (size_t g = 0; g < 4; g++) {
        for (const char *p = groups[g].codes; *p; p += p[3] ? 4 : 3) {
            char code[4] = {p[0], p[1], p[2], '\0'};
            if (currency_minor_unit(code) != groups[g].unit) {
                fprintf(stderr, "%s: %d, want %d\n", code, currency_minor_unit(code),
                        groups[g].unit);
                fail();
            }
            count++;
        }
    }
    assert_int_equal(count, 166);
}

static void test_currency_unknown(void **state)
{
    static const char *const bad[] = {
        /* no minor unit: metals, units of account, test and no-currency codes */
        "XAU", "XAG", "XPT", "XPD", "XDR", "XXX", "XTS", "XBA", "XBB", "XBC", "XBD",
        "XSU", "XUA",
        /* withdrawn before or during 2024 */
        "HRK", "CUC", "SLL", "ZWL", "DEM", "FRF", "VEF", "MRO", "STD", "BYR", "LTL",
        /* not codes at all */
        "usd", "Usd", "uSD", "eur", "US", "U", "", "USDX", "USD ", " USD", "US D",
        "AAA", "ZZZ", "AEC", "ZWH", "A", "123", "US\x01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (currency_minor_unit(bad[i]) != -1) {
            fprintf(stderr, "\"%s\" is known\n", bad[i]);
            fail();
        }
    }
    assert_int_equal(currency_minor_unit(NULL), -1);
    /* the table's first and last entries */
    assert_int_equal(currency_minor_unit("AED"), 2);
    assert_int_equal(currency_minor_unit("ZWG"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal_integers),
        cmocka_unit_test(test_decimal_zero_forms),
        cmocka_unit_test(test_decimal_fractions_canonical),
        cmocka_unit_test(test_decimal_word_boundary),
        cmocka_unit_test(test_decimal_digit_cap),
        cmocka_unit_test(test_decimal_reads_only_len_bytes),
        cmocka_unit_test(test_decimal_overwrites_previous_value),
        cmocka_unit_test(test_decimal_syntax_errors),
        cmocka_unit_test(test_plan_decimals),
        cmocka_unit_test(test_plan_percents),
        cmocka_unit_test(test_plan_fractions),
        cmocka_unit_test(test_plan_is_percent_may_be_null),
        cmocka_unit_test(test_plan_syntax_errors),
        cmocka_unit_test(test_plan_allowed_forms),
        cmocka_unit_test(test_plan_digit_cap),
        cmocka_unit_test(test_round_scale2),
        cmocka_unit_test(test_round_scale0),
        cmocka_unit_test(test_round_scale3),
        cmocka_unit_test(test_round_scale4),
        cmocka_unit_test(test_round_large),
        cmocka_unit_test(test_format_minor),
        cmocka_unit_test(test_format_minor_appends),
        cmocka_unit_test(test_format_exact_integers),
        cmocka_unit_test(test_format_exact_decimals),
        cmocka_unit_test(test_format_exact_fractions),
        cmocka_unit_test(test_format_exact_appends),
        cmocka_unit_test(test_format_exact_word_edges),
        cmocka_unit_test(test_format_percent_edges),
        cmocka_unit_test(test_round_trip_canonical),
        cmocka_unit_test(test_round_trip_normalises),
        cmocka_unit_test(test_round_mode_names),
        cmocka_unit_test(test_round_mode_unknown),
        cmocka_unit_test(test_currency_common),
        cmocka_unit_test(test_currency_every_code),
        cmocka_unit_test(test_currency_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
