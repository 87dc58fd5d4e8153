/*
 * fuzz_decimal.c - libFuzzer target for money.h: both number grammars, the
 * four rounding modes and both text forms.
 *
 * The input is read three ways: as a batch amount (money_parse_decimal on
 * all the bytes), as a plan number (money_parse_plan_number on the bytes up
 * to the first NUL, under every combination of allowed forms), and as a
 * recipe for a rational (sign, numerator bytes, a denominator shape), so that
 * rounding and formatting also see values no decimal text spells.
 *
 * Invariants, each checked against code written here from the contract, not
 * against the engine's own helpers:
 *  - a text is accepted exactly when it is in the grammar within the digit
 *    cap; the status says which rule failed; a refusal leaves out untouched;
 *  - an accepted value is the exact canonical rational the digits spell;
 *  - money_format_exact writes an integer, a terminating decimal without
 *    trailing zeros, or a fraction in lowest terms, and reads back to the
 *    same value (through money_parse_decimal whenever it is a decimal);
 *  - money_round equals an independent rounding in every mode and scale; every
 *    mode lands within one minor unit, the half modes within half of one, and
 *    |down| <= |half-even| <= |half-up| <= |up|, all of the value's sign;
 *  - money_format_minor writes exactly `scale` decimals and reads back to
 *    the rounded value; text already in the buffer is left alone.
 */
#include "fuzz_common.h"

#include <gmp.h>

#include "money.h"
#include "strbuf.h"

/* ---- an independent reading of the grammars ----------------------------- */

static int digit(int c)
{
    return c >= '0' && c <= '9';
}

/* A decimal's parts as found in the text. */
typedef struct parts {
    int negative;
    const char *ip, *fp;
    size_t ni, nf;
} parts;

/* -?[0-9]+(\.[0-9]+)?  over all of s[0..n); 1 if it matches (allow_sign for the batch form). */
static int match_decimal(const char *s, size_t n, int allow_sign, parts *d)
{
    size_t i = 0;
    memset(d, 0, sizeof *d);
    if (allow_sign && i < n && s[i] == '-') {
        d->negative = 1;
        i++;
    }
    d->ip = s + i;
    while (i < n && digit(s[i]))
        i++, d->ni++;
    if (d->ni == 0)
        return 0;
    if (i == n)
        return 1;
    if (s[i] != '.')
        return 0;
    i++;
    d->fp = s + i;
    while (i < n && digit(s[i]))
        i++, d->nf++;
    return d->nf > 0 && i == n;
}

/* z = the integer spelt by digits a[0..na) then b[0..nb). */
static void digits_value(mpz_t z, const char *a, size_t na, const char *b, size_t nb)
{
    char *buf = malloc(na + nb + 2);
    memcpy(buf, a, na);
    if (nb)
        memcpy(buf + na, b, nb);
    buf[na + nb] = '\0';
    if (na + nb == 0)
        mpz_set_ui(z, 0);
    else
        CHECK(mpz_set_str(z, buf, 10) == 0, "digits '%s'", buf);
    free(buf);
}

/* q = the value of decimal parts d, canonical. */
static void parts_value(mpq_t q, const parts *d)
{
    digits_value(mpq_numref(q), d->ip, d->ni, d->fp, d->nf);
    mpz_ui_pow_ui(mpq_denref(q), 10, d->nf);
    mpq_canonicalize(q);
    if (d->negative)
        mpq_neg(q, q);
}

static void check_canonical(const mpq_t q, const char *what)
{
    mpz_t g;
    mpz_init(g);
    mpz_gcd(g, mpq_numref(q), mpq_denref(q));
    CHECK(mpz_sgn(mpq_denref(q)) > 0 && mpz_cmp_ui(g, 1) == 0, "%s is not canonical", what);
    mpz_clear(g);
}

/* ---- the two parsers ---------------------------------------------------- */

static void fuzz_parse_decimal(const char *s, size_t n, mpq_t got, int *ok)
{
    parts d;
    int match = match_decimal(s, n, 1, &d);
    money_status want = !match ? MONEY_SYNTAX : d.ni + d.nf > MONEY_MAX_DIGITS ? MONEY_TOO_LONG : MONEY_OK;

    mpq_set_ui(got, 7, 3);  /* a refusal must leave it alone */
    money_status st = money_parse_decimal(got, s, n);
    CHECK(st == want, "money_parse_decimal status %d, want %d", st, want);
    *ok = st == MONEY_OK;
    if (!*ok) {
        CHECK(mpz_cmp_ui(mpq_numref(got), 7) == 0 && mpz_cmp_ui(mpq_denref(got), 3) == 0,
              "a refused decimal changed its output");
        return;
    }
    mpq_t want_q;
    mpq_init(want_q);
    parts_value(want_q, &d);
    check_canonical(got, "money_parse_decimal's value");
    CHECK(mpq_equal(got, want_q), "money_parse_decimal value differs");
    mpq_clear(want_q);
}

static void fuzz_parse_plan_number(const char *s, mpq_t accepted, int *any_ok)
{
    size_t n = strlen(s);
    parts d;
    /* Which form the text has, if any, and the digits it counts. */
    int form = 0;
    size_t ndigits = 0;
    const char *slash = memchr(s, '/', n);
    if (n > 0 && s[n - 1] == '%' && match_decimal(s, n - 1, 0, &d)) {
        form = PLAN_NUM_PERCENT;
        ndigits = d.ni + d.nf;
    } else if (match_decimal(s, n, 0, &d)) {
        form = PLAN_NUM_DECIMAL;
        ndigits = d.ni + d.nf;
    } else if (slash) {
        size_t a = (size_t)(slash - s), b = n - a - 1, i;
        for (i = 0; i < n && (i == a || digit(s[i])); i++)
            ;
        if (a > 0 && b > 0 && i == n) {
            form = PLAN_NUM_FRACTION;
            ndigits = a + b;
        }
    }

    *any_ok = 0;
    for (unsigned allow = 0; allow <= PLAN_NUM_ANY; allow++) {
        money_status want;
        if (!form || !(allow & (unsigned)form))
            want = MONEY_SYNTAX;
        else if (ndigits > MONEY_MAX_DIGITS)
            want = MONEY_TOO_LONG;
        else if (form == PLAN_NUM_FRACTION && strspn(slash + 1, "0") == strlen(slash + 1))
            want = MONEY_SYNTAX;  /* zero denominator */
        else
            want = MONEY_OK;

        mpq_t got;
        mpq_init(got);
        mpq_set_ui(got, 7, 3);
        int is_percent = 42;
        money_status st = money_parse_plan_number(got, s, allow, &is_percent);
        CHECK(st == want, "money_parse_plan_number('%s', %u) status %d, want %d", s, allow, st, want);
        if (st != MONEY_OK) {
            CHECK(is_percent == 42 && mpz_cmp_ui(mpq_numref(got), 7) == 0 &&
                  mpz_cmp_ui(mpq_denref(got), 3) == 0, "a refused plan number changed its outputs");
            mpq_clear(got);
            continue;
        }
        CHECK(is_percent == (form == PLAN_NUM_PERCENT), "is_percent %d", is_percent);
        check_canonical(got, "money_parse_plan_number's value");

        mpq_t want_q;
        mpq_init(want_q);
        if (form == PLAN_NUM_FRACTION) {
            size_t a = (size_t)(slash - s);
            digits_value(mpq_numref(want_q), s, a, NULL, 0);
            digits_value(mpq_denref(want_q), slash + 1, n - a - 1, NULL, 0);
            mpq_canonicalize(want_q);
        } else {
            parts_value(want_q, &d);
            if (form == PLAN_NUM_PERCENT) {
                mpz_mul_ui(mpq_denref(want_q), mpq_denref(want_q), 100);
                mpq_canonicalize(want_q);
            }
        }
        CHECK(mpq_equal(got, want_q), "money_parse_plan_number('%s') value differs", s);
        CHECK(mpq_sgn(got) >= 0, "a plan number below zero");
        mpq_set(accepted, got);
        *any_ok = 1;

        /* NULL for is_percent is allowed. */
        mpq_t again;
        mpq_init(again);
        CHECK(money_parse_plan_number(again, s, allow, NULL) == MONEY_OK && mpq_equal(again, got),
              "money_parse_plan_number without is_percent differs");
        mpq_clear(again);
        mpq_clear(want_q);
        mpq_clear(got);
    }
}

/* ---- money_format_exact ------------------------------------------------- */

/* Whether den is 2^a * 5^b. */
static int terminates(const mpz_t den)
{
    mpz_t r;
    mpz_init_set(r, den);
    while (mpz_divisible_ui_p(r, 2))
        mpz_divexact_ui(r, r, 2);
    while (mpz_divisible_ui_p(r, 5))
        mpz_divexact_ui(r, r, 5);
    int t = mpz_cmp_ui(r, 1) == 0;
    mpz_clear(r);
    return t;
}

/* "0" or [1-9][0-9]* over s[0..n). */
static int plain_integer(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] == '0')
        return n == 1;
    for (size_t i = 0; i < n; i++)
        if (!digit(s[i]))
            return 0;
    return 1;
}

static void check_format_exact(const mpq_t x)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "=");  /* formatting appends: the prefix must survive */
    money_format_exact(&sb, x);
    CHECK(sb.len == strlen(sb.p) && sb.p[0] == '=', "buffer broken");
    const char *s = sb.p + 1;
    size_t n = sb.len - 1;
    int neg = s[0] == '-';
    CHECK(neg == (mpq_sgn(x) < 0), "sign of '%s'", s);
    const char *body = s + neg;
    size_t bn = n - (size_t)neg;
    const char *slash = memchr(body, '/', bn), *dot = memchr(body, '.', bn);

    mpq_t back;
    mpq_init(back);
    if (mpz_cmp_ui(mpq_denref(x), 1) == 0) {
        CHECK(!slash && !dot && plain_integer(body, bn), "integer written as '%s'", s);
        CHECK(mpq_set_str(back, s, 10) == 0, "'%s'", s);
    } else if (terminates(mpq_denref(x))) {
        CHECK(!slash && dot, "terminating decimal written as '%s'", s);
        size_t ni = (size_t)(dot - body), nf = bn - ni - 1;
        CHECK(plain_integer(body, ni) && nf > 0 && body[bn - 1] != '0', "decimal written as '%s'", s);
        parts d;
        CHECK(match_decimal(s, n, 1, &d), "'%s' is not a decimal", s);
        parts_value(back, &d);
        /* and the engine's own reader agrees, within its digit cap */
        if (d.ni + d.nf <= MONEY_MAX_DIGITS) {
            mpq_t q;
            mpq_init(q);
            CHECK(money_parse_decimal(q, s, n) == MONEY_OK && mpq_equal(q, x),
                  "'%s' does not read back", s);
            mpq_clear(q);
        }
    } else {
        CHECK(slash && !dot, "non-terminating value written as '%s'", s);
        size_t nn = (size_t)(slash - body), nd = bn - nn - 1;
        CHECK(plain_integer(body, nn) && plain_integer(slash + 1, nd) && body[0] != '0',
              "fraction written as '%s'", s);
        CHECK(mpq_set_str(back, s, 10) == 0, "'%s'", s);
        check_canonical(back, "a written fraction");  /* lowest terms as written */
    }
    CHECK(mpq_equal(back, x), "'%s' reads back as another value", s);
    mpq_clear(back);
    sb_free(&sb);
}

/* ---- rounding ----------------------------------------------------------- */

static const round_mode modes[4] = {ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP};

/* The four roundings of x at scale, worked out here: down, half-even, half-up, up. */
static void reference_round(mpz_t out[4], const mpq_t x, unsigned scale)
{
    mpz_t n, t, r, twice;
    mpz_inits(n, t, r, twice, NULL);
    mpz_ui_pow_ui(n, 10, scale);
    mpz_mul(n, n, mpq_numref(x));
    mpz_tdiv_qr(t, r, n, mpq_denref(x));   /* t toward zero, r of n's sign */
    mpz_set(out[0], t);
    if (mpz_sgn(r) == 0) {
        for (int i = 1; i < 4; i++)
            mpz_set(out[i], t);
    } else {
        mpz_t away;
        mpz_init(away);
        if (mpz_sgn(n) > 0)
            mpz_add_ui(away, t, 1);
        else
            mpz_sub_ui(away, t, 1);
        mpz_abs(twice, r);
        mpz_mul_2exp(twice, twice, 1);
        int c = mpz_cmp(twice, mpq_denref(x));
        mpz_set(out[3], away);
        if (c > 0) {
            mpz_set(out[1], away);
            mpz_set(out[2], away);
        } else if (c < 0) {
            mpz_set(out[1], t);
            mpz_set(out[2], t);
        } else {
            mpz_set(out[2], away);
            mpz_set(out[1], mpz_even_p(t) ? t : away);
        }
        mpz_clear(away);
    }
    mpz_clears(n, t, r, twice, NULL);
}

/* money_format_minor's text for minor at scale, checked and read back. */
static void check_format_minor(const mpz_t minor, unsigned scale)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "ab");
    money_format_minor(&sb, minor, scale);
    CHECK(sb.len == strlen(sb.p) && memcmp(sb.p, "ab", 2) == 0, "buffer broken");
    const char *s = sb.p + 2;
    size_t n = sb.len - 2;
    parts d;
    CHECK(match_decimal(s, n, 1, &d), "'%s' is not a decimal", s);
    CHECK(d.nf == scale, "'%s' has %zu decimals, want %u", s, d.nf, scale);
    CHECK(plain_integer(d.ip, d.ni), "'%s': leading zeros", s);
    CHECK(d.negative == (mpz_sgn(minor) < 0), "'%s': sign", s);
    mpz_t back;
    mpz_init(back);
    digits_value(back, d.ip, d.ni, d.fp, d.nf);
    if (d.negative)
        mpz_neg(back, back);
    CHECK(mpz_cmp(back, minor) == 0, "'%s' is not the minor units written", s);
    if (d.ni + d.nf <= MONEY_MAX_DIGITS) {
        mpq_t q, want;
        mpq_inits(q, want, NULL);
        CHECK(money_parse_decimal(q, s, n) == MONEY_OK, "'%s' does not read back", s);
        mpz_set(mpq_numref(want), minor);
        mpz_ui_pow_ui(mpq_denref(want), 10, scale);
        mpq_canonicalize(want);
        CHECK(mpq_equal(q, want), "'%s' reads back as another value", s);
        mpq_clears(q, want, NULL);
    }
    mpz_clear(back);
    sb_free(&sb);
}

static void check_round(const mpq_t x, unsigned scale)
{
    mpz_t got[4], want[4];
    mpq_t scaled, diff, half;
    mpq_inits(scaled, diff, half, NULL);
    mpz_ui_pow_ui(mpq_numref(scaled), 10, scale);
    mpq_mul(scaled, scaled, x);               /* x in minor units */
    mpq_set_ui(half, 1, 2);
    for (int i = 0; i < 4; i++) {
        mpz_init(got[i]);
        mpz_init(want[i]);
    }
    reference_round(want, x, scale);
    for (int i = 0; i < 4; i++) {
        money_round(got[i], x, scale, modes[i]);
        CHECK(mpz_cmp(got[i], want[i]) == 0, "money_round mode %s scale %u differs",
              round_mode_name(modes[i]), scale);
        /* within one minor unit (half of one for the half modes), of x's sign */
        mpq_set_z(diff, got[i]);
        mpq_sub(diff, diff, scaled);
        mpq_abs(diff, diff);
        CHECK(mpq_cmp_ui(diff, 1, 1) < 0, "mode %s is a unit or more away", round_mode_name(modes[i]));
        if (modes[i] == ROUND_HALF_EVEN || modes[i] == ROUND_HALF_UP)
            CHECK(mpq_cmp(diff, half) <= 0, "mode %s is more than half a unit away",
                  round_mode_name(modes[i]));
        CHECK(mpz_sgn(got[i]) == 0 || mpz_sgn(got[i]) == mpq_sgn(x), "mode %s changes the sign",
              round_mode_name(modes[i]));
        if (i > 0)
            CHECK(mpz_cmpabs(got[i - 1], got[i]) <= 0, "modes %s and %s out of order",
                  round_mode_name(modes[i - 1]), round_mode_name(modes[i]));
        check_format_minor(got[i], scale);
    }
    /* down never moves away from zero, up never toward it */
    mpq_set_z(diff, got[0]);
    mpq_abs(diff, diff);
    mpq_abs(scaled, scaled);
    CHECK(mpq_cmp(diff, scaled) <= 0, "down rounds away from zero");
    mpq_set_z(diff, got[3]);
    mpq_abs(diff, diff);
    CHECK(mpq_cmp(diff, scaled) >= 0, "up rounds toward zero");
    for (int i = 0; i < 4; i++) {
        mpz_clear(got[i]);
        mpz_clear(want[i]);
    }
    mpq_clears(scaled, diff, half, NULL);
}

/* ---- a rational made from the bytes ------------------------------------- */

static void carve_rational(mpq_t x, bytes *b)
{
    uint8_t shape = take_u8(b);
    size_t len;
    const uint8_t *p = take_run(b, 24, &len);
    mpz_import(mpq_numref(x), len, 1, 1, 0, 0, p);
    switch (shape % 4) {
    case 0:     /* any denominator */
        p = take_run(b, 24, &len);
        mpz_import(mpq_denref(x), len, 1, 1, 0, 0, p);
        if (mpz_sgn(mpq_denref(x)) == 0)
            mpz_set_ui(mpq_denref(x), 1);
        break;
    case 1: {   /* 2^a 5^b: a terminating decimal */
        mpz_t five;
        mpz_init(five);
        mpz_set_ui(mpq_denref(x), 1);
        mpz_mul_2exp(mpq_denref(x), mpq_denref(x), take_u8(b) % 64);
        mpz_ui_pow_ui(five, 5, take_u8(b) % 64);
        mpz_mul(mpq_denref(x), mpq_denref(x), five);
        mpz_clear(five);
        break;
    }
    case 2:     /* 10^k, the ties of every scale are here */
        mpz_ui_pow_ui(mpq_denref(x), 10, take_u8(b) % 48);
        break;
    default:    /* small */
        mpz_set_ui(mpq_denref(x), 1 + take_u8(b) % 32);
        break;
    }
    mpq_canonicalize(x);
    if (shape & 0x80)
        mpq_neg(x, x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    mpq_t dec, plan_num, carved;
    int dec_ok, plan_ok;
    mpq_inits(dec, plan_num, carved, NULL);

    fuzz_parse_decimal(s, size, dec, &dec_ok);

    char *cstr = malloc(size + 1);
    memcpy(cstr, data, size);
    cstr[size] = '\0';
    fuzz_parse_plan_number(cstr, plan_num, &plan_ok);
    free(cstr);

    bytes b = {data, size};
    carve_rational(carved, &b);
    unsigned scale = take_u8(&b) % 41;

    if (dec_ok) {
        check_format_exact(dec);
        check_round(dec, 2);
        check_round(dec, scale);
    }
    if (plan_ok) {
        check_format_exact(plan_num);
        check_round(plan_num, 0);
        check_round(plan_num, 3);
    }
    check_format_exact(carved);
    check_round(carved, 2);
    check_round(carved, scale);

    mpq_clears(dec, plan_num, carved, NULL);
    return 0;
}
