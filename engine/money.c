/*
 * money.c - exact decimals in, rounding to minor units, exact text out.
 *
 * Every amount of a batch passes through money_parse_decimal, so it checks
 * the grammar by hand (GMP's own readers skip spaces and know no decimal
 * point) and builds values of up to FAST_DIGITS digits in a machine word,
 * reducing them by 2s and 5s without touching mpz_gcd.  Longer values take
 * the general path; MONEY_MAX_DIGITS bounds them so GMP's memory stays small.
 *
 * Grammars (contract sections 1 and 3):
 *   decimal  := '-'? digits ( '.' digits )?        money_parse_decimal
 *   plannum  := udec | udec '%' | digits '/' digits money_parse_plan_number
 *   udec     := digits ( '.' digits )?
 *   digits   := [0-9]+
 * The digit cap counts every digit, leading zeros included: integer part plus
 * fraction part, or numerator plus denominator.
 */
#include "money.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

/* Most digits whose value surely fits an unsigned long: 10^18 - 1 < 2^63. */
#if ULONG_MAX >= 0xffffffffffffffffUL
#define FAST_DIGITS 18
#else
#define FAST_DIGITS 9
#endif

/* 10^k for k <= FAST_DIGITS (entries past the word size are never read). */
static const unsigned long pow10_table[19] = {
    1UL, 10UL, 100UL, 1000UL, 10000UL, 100000UL, 1000000UL, 10000000UL,
    100000000UL, 1000000000UL,
#if FAST_DIGITS == 18
    10000000000UL, 100000000000UL, 1000000000000UL, 10000000000000UL,
    100000000000000UL, 1000000000000000UL, 10000000000000000UL,
    100000000000000000UL, 1000000000000000000UL
#endif
};

/* ---- rounding-mode names ------------------------------------------------ */

static const char *const round_mode_names[] = {
    [ROUND_HALF_UP] = "half-up",
    [ROUND_HALF_EVEN] = "half-even",
    [ROUND_DOWN] = "down",
    [ROUND_UP] = "up",
};

#define ROUND_MODE_COUNT (sizeof round_mode_names / sizeof round_mode_names[0])

int round_mode_parse(const char *name, round_mode *out)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < ROUND_MODE_COUNT; i++) {
        if (strcmp(name, round_mode_names[i]) == 0) {
            *out = (round_mode)i;
            return 0;
        }
    }
    return -1;
}

/* Returns "?" for a value outside the enum, so a caller's message never prints NULL. */
const char *round_mode_name(round_mode m)
{
    if ((unsigned)m >= ROUND_MODE_COUNT)
        return "?";
    return round_mode_names[m];
}

/* ---- building values from validated digit runs -------------------------- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of the run of ASCII digits at s[0..len). */
static size_t digit_run(const char *s, size_t len)
{
    size_t n = 0;
    while (n < len && is_digit(s[n]))
        n++;
    return n;
}

/* Sets z to 10^k; the table covers every scale a currency has. */
static void set_pow10(mpz_t z, unsigned long k)
{
    if (k <= FAST_DIGITS)
        mpz_set_ui(z, pow10_table[k]);
    else
        mpz_ui_pow_ui(z, 10, k);
}

/* rop = op * 10^k; rop may be op. */
static void mul_pow10(mpz_t rop, const mpz_t op, unsigned long k)
{
    if (k <= FAST_DIGITS) {
        mpz_mul_ui(rop, op, pow10_table[k]);
        return;
    }
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, k);
    mpz_mul(rop, op, p);
    mpz_clear(p);
}

/*
 * z = the integer spelt by the digits a[0..na) followed by b[0..nb);
 * the two runs let a decimal's integer and fraction parts read as one number.
 * Digits go into a word FAST_DIGITS at a time, so GMP's string conversion
 * (and its whitespace skipping) is never involved.
 */
static void set_digits(mpz_t z, const char *a, size_t na, const char *b, size_t nb)
{
    unsigned long chunk = 0;
    unsigned chunk_len = 0;

    mpz_set_ui(z, 0);
    for (size_t i = 0; i < na + nb; i++) {
        char c = i < na ? a[i] : b[i - na];
        chunk = chunk * 10 + (unsigned long)(c - '0');
        if (++chunk_len == FAST_DIGITS || i + 1 == na + nb) {
            mpz_mul_ui(z, z, pow10_table[chunk_len]);
            mpz_add_ui(z, z, chunk);
            chunk = 0;
            chunk_len = 0;
        }
    }
}

/* The value of up to FAST_DIGITS digits, a[0..na) then b[0..nb), in a word. */
static unsigned long word_of_digits(const char *a, size_t na, const char *b, size_t nb)
{
    unsigned long v = 0;
    for (size_t i = 0; i < na; i++)
        v = v * 10 + (unsigned long)(a[i] - '0');
    for (size_t i = 0; i < nb; i++)
        v = v * 10 + (unsigned long)(b[i] - '0');
    return v;
}

/*
 * out = v / 10^f in lowest terms, f <= FAST_DIGITS.  The only primes of
 * 10^f are 2 and 5, so dividing both sides by their common 2s and 5s is the
 * whole gcd.
 */
static void set_small_decimal(mpq_t out, unsigned long v, unsigned f)
{
    unsigned long den;
    unsigned twos = f, fives = f;

    if (v == 0) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    while (twos > 0 && v % 2 == 0) {
        v /= 2;
        twos--;
    }
    while (fives > 0 && v % 5 == 0) {
        v /= 5;
        fives--;
    }
    den = 1;
    for (unsigned i = 0; i < twos; i++)
        den *= 2;
    for (unsigned i = 0; i < fives; i++)
        den *= 5;
    mpz_set_ui(mpq_numref(out), v);
    mpz_set_ui(mpq_denref(out), den);
}

/*
 * out = (int_digits . frac_digits), canonical.  The runs are already
 * validated and within the digit cap.
 */
static void set_decimal(mpq_t out, const char *ip, size_t ni, const char *fp, size_t nf,
                        int negative)
{
    if (ni + nf <= FAST_DIGITS) {
        set_small_decimal(out, word_of_digits(ip, ni, fp, nf), (unsigned)nf);
    } else {
        set_digits(mpq_numref(out), ip, ni, fp, nf);
        set_pow10(mpq_denref(out), nf);
        mpq_canonicalize(out);
    }
    if (negative)
        mpq_neg(out, out);
}

/* ---- parsers ------------------------------------------------------------ */

/* The two digit runs of an unsigned decimal: digits ('.' digits)? */
typedef struct {
    const char *ip, *fp;   /* integer and fraction digits */
    size_t ni, nf;         /* their counts; nf is 0 without a point */
} udec;

/*
 * Reads an unsigned decimal at the front of s[0..len) into d and returns
 * the bytes it spans, or 0 if the text does not start with one.
 */
static size_t scan_udec(const char *s, size_t len, udec *d)
{
    d->ip = s;
    d->ni = digit_run(s, len);
    d->fp = s + d->ni;
    d->nf = 0;
    if (d->ni == 0)
        return 0;
    if (d->ni == len || s[d->ni] != '.')
        return d->ni;
    d->fp = s + d->ni + 1;
    d->nf = digit_run(d->fp, len - d->ni - 1);
    return d->nf == 0 ? 0 : d->ni + 1 + d->nf;   /* "1." is not a decimal */
}

/*
 * Checks the whole grammar before the digit cap, so malformed text is always
 * MONEY_SYNTAX.  On error out is not touched.
 */
money_status money_parse_decimal(mpq_t out, const char *s, size_t len)
{
    udec d;
    int negative;
    const char *body;
    size_t body_len;

    if (len == 0)
        return MONEY_SYNTAX;
    negative = s[0] == '-';
    body = s + negative;
    body_len = len - (size_t)negative;
    if (body_len == 0 || scan_udec(body, body_len, &d) != body_len)
        return MONEY_SYNTAX;
    if (d.ni + d.nf > MONEY_MAX_DIGITS)
        return MONEY_TOO_LONG;
    set_decimal(out, d.ip, d.ni, d.fp, d.nf, negative);
    return MONEY_OK;
}

/* out = n/d for two validated digit runs; d's value must not be zero. */
static void set_fraction(mpq_t out, const char *n, size_t nn, const char *d, size_t nd)
{
    set_digits(mpq_numref(out), n, nn, NULL, 0);
    set_digits(mpq_denref(out), d, nd, NULL, 0);
    mpq_canonicalize(out);
}

static int all_zeros(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '0')
            return 0;
    return 1;
}

/*
 * A form the flags do not allow is MONEY_SYNTAX, like any other text
 * outside the grammar; so is a zero denominator (once within the cap).
 * On error neither out nor *is_percent is touched.
 */
money_status money_parse_plan_number(mpq_t out, const char *s, unsigned allow, int *is_percent)
{
    size_t len = strlen(s);
    udec d;
    size_t span = scan_udec(s, len, &d);

    if (span == 0)
        return MONEY_SYNTAX;

    if (span == len || (s[span] == '%' && span + 1 == len)) {    /* decimal or percent */
        int percent = span < len;
        if (!(allow & (percent ? PLAN_NUM_PERCENT : PLAN_NUM_DECIMAL)))
            return MONEY_SYNTAX;
        if (d.ni + d.nf > MONEY_MAX_DIGITS)
            return MONEY_TOO_LONG;
        set_decimal(out, d.ip, d.ni, d.fp, d.nf, 0);
        if (percent) {
            mpz_mul_ui(mpq_denref(out), mpq_denref(out), 100);
            mpq_canonicalize(out);
        }
        if (is_percent)
            *is_percent = percent;
        return MONEY_OK;
    }

    if (d.nf == 0 && s[span] == '/') {                           /* fraction */
        const char *den = s + span + 1;
        size_t nd = digit_run(den, len - span - 1);
        if (nd == 0 || span + 1 + nd != len || !(allow & PLAN_NUM_FRACTION))
            return MONEY_SYNTAX;
        if (d.ni + nd > MONEY_MAX_DIGITS)
            return MONEY_TOO_LONG;
        if (all_zeros(den, nd))
            return MONEY_SYNTAX;
        set_fraction(out, d.ip, d.ni, den, nd);
        if (is_percent)
            *is_percent = 0;
        return MONEY_OK;
    }
    return MONEY_SYNTAX;
}

/* ---- rounding ----------------------------------------------------------- */

/*
 * With n = num·10^scale and d = den, floor division gives n = q·d + r with
 * 0 <= r < d, so the exact value lies in [q, q+1): each mode only decides
 * whether to step up to q+1.  For n < 0, q is the neighbour away from zero.
 */
static int rounds_up(round_mode mode, int sign, const mpz_t q, const mpz_t twice_r,
                     const mpz_t d)
{
    int vs_half;

    if (mode == ROUND_DOWN)
        return sign < 0;
    if (mode == ROUND_UP)
        return sign > 0;
    vs_half = mpz_cmp(twice_r, d);
    if (vs_half != 0)
        return vs_half > 0;
    if (mode == ROUND_HALF_EVEN)
        return mpz_odd_p(q);
    return sign > 0;                     /* half-up: ties away from zero */
}

void money_round(mpz_t minor, const mpq_t x, unsigned scale, round_mode mode)
{
    mpz_t n, r;
    int sign = mpq_sgn(x);

    mpz_init(n);
    mpz_init(r);
    mul_pow10(n, mpq_numref(x), scale);
    mpz_fdiv_qr(minor, r, n, mpq_denref(x));
    if (mpz_sgn(r) != 0) {
        mpz_mul_2exp(r, r, 1);
        if (rounds_up(mode, sign, minor, r, mpq_denref(x)))
            mpz_add_ui(minor, minor, 1);
    }
    mpz_clear(n);
    mpz_clear(r);
}

/* ---- formatting --------------------------------------------------------- */

/* Appends z in decimal, written by GMP straight into the buffer. */
static void put_mpz(strbuf *sb, const mpz_t z)
{
    if (mpz_fits_slong_p(z)) {
        /* Most figures fit a machine word: print them without GMP's string conversion. */
        char buf[24], *p = buf + sizeof buf;
        long v = mpz_get_si(z);
        unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
        do
            *--p = (char)('0' + u % 10);
        while (u /= 10);
        if (v < 0)
            *--p = '-';
        sb_putn(sb, p, (size_t)(buf + sizeof buf - p));
        return;
    }
    sb_grow(sb, mpz_sizeinbase(z, 10) + 2);
    mpz_get_str(sb->p + sb->len, 10, z);
    sb->len += strlen(sb->p + sb->len);
}

/*
 * The digits of minor are written first, then moved right to make room for
 * the point (and for "0." plus zeros when |minor| < 10^scale).
 */
void money_format_minor(strbuf *sb, const mpz_t minor, unsigned scale)
{
    size_t start = sb->len + (mpz_sgn(minor) < 0);   /* where the digits begin */
    size_t nd, pad;
    char *digits;

    put_mpz(sb, minor);
    if (scale == 0)
        return;
    nd = sb->len - start;
    if (nd > scale) {                                    /* "1234" -> "12.34" */
        sb_grow(sb, 1);
        digits = sb->p + sb->len - scale;
        memmove(digits + 1, digits, scale + 1);
        digits[0] = '.';
        sb->len += 1;
        return;
    }
    pad = scale - nd + 2;                                /* "5" -> "0.05" */
    sb_grow(sb, pad);
    digits = sb->p + start;
    memmove(digits + pad, digits, nd + 1);
    digits[0] = '0';
    digits[1] = '.';
    memset(digits + 2, '0', pad - 2);
    sb->len += pad;
}

/* Writes the decimal digits of v (at least one) ending just before `end`; returns where they begin. */
static char *put_u128_back(char *end, unsigned __int128 v)
{
    do {
        /* Peel 19 digits at a time with one 128-bit division, then work in 64 bits. */
        uint64_t chunk = (uint64_t)(v % 10000000000000000000ull);
        v /= 10000000000000000000ull;
        int digits = 0;
        do {
            *--end = (char)('0' + chunk % 10);
            chunk /= 10;
            digits++;
        } while (chunk && digits < 19);
        while (v && digits < 19) {  /* zeros inside a number that goes on */
            *--end = '0';
            digits++;
        }
    } while (v);
    return end;
}

/*
 * money_format_exact when num fits a long and den an unsigned long: the
 * digits of |num| x 10^scale / den are written straight into a word-sized
 * buffer, the point and any leading "0.00" placed as money_format_minor
 * places them.  Returns 0 when den has too many 2s or 5s (scale > 19), for
 * the general path.
 */
static int format_exact_word(strbuf *sb, long num, unsigned long den)
{
    char buf[80], *end = buf + sizeof buf, *p;
    unsigned long mag = num < 0 ? 0ul - (unsigned long)num : (unsigned long)num;
    if (den == 1) {
        p = put_u128_back(end, mag);
    } else {
        unsigned twos = (unsigned)__builtin_ctzl(den), fives = 0;
        unsigned long rest = den >> twos;
        while (rest % 5 == 0) {
            rest /= 5;
            fives++;
        }
        if (rest != 1) {  /* not terminating: "num/den" */
            p = put_u128_back(end, den);
            *--p = '/';
            p = put_u128_back(p, mag);
            if (num < 0)
                *--p = '-';
            sb_putn(sb, p, (size_t)(end - p));
            return 1;
        }
        unsigned scale = twos > fives ? twos : fives;
        if (scale > 19)
            return 0;
        unsigned long pow = 1;
        for (unsigned i = 0; i < scale; i++)
            pow *= 10;
        /* |num| < 2^64 and pow/den <= 10^19 < 2^64: the product fits 128 bits. */
        p = put_u128_back(end, (unsigned __int128)mag * (pow / den));
        size_t nd = (size_t)(end - p);
        if (nd > scale) {                 /* "1234" -> "12.34" */
            memmove(p - 1, p, nd - scale);
            p--;
            end[-(long)scale - 1] = '.';
        } else {                          /* "5" -> "0.05" */
            while (nd++ < scale)
                *--p = '0';
            *--p = '.';
            *--p = '0';
        }
    }
    if (num < 0)
        *--p = '-';
    sb_putn(sb, p, (size_t)(end - p));
    return 1;
}

/*
 * A canonical x terminates in decimal iff den = 2^a·5^b; then
 * x·10^max(a,b) is an integer whose last digit is not zero, so
 * money_format_minor at that scale prints it without trailing zeros.
 */
void money_format_exact(strbuf *sb, const mpq_t x)
{
    mpz_srcptr den = mpq_denref(x);
    mpz_t rest, five, minor;
    mp_bitcnt_t twos, fives;

    if (mpz_fits_slong_p(mpq_numref(x)) && mpz_fits_ulong_p(den) &&
        format_exact_word(sb, mpz_get_si(mpq_numref(x)), mpz_get_ui(den)))
        return;
    if (mpz_cmp_ui(den, 1) == 0) {
        put_mpz(sb, mpq_numref(x));
        return;
    }
    mpz_init(rest);
    mpz_init_set_ui(five, 5);
    twos = mpz_scan1(den, 0);
    mpz_tdiv_q_2exp(rest, den, twos);
    fives = mpz_remove(rest, rest, five);
    if (mpz_cmp_ui(rest, 1) == 0) {
        mp_bitcnt_t scale = twos > fives ? twos : fives;
        mpz_init(minor);
        mul_pow10(minor, mpq_numref(x), scale);
        mpz_divexact(minor, minor, den);
        money_format_minor(sb, minor, (unsigned)scale);
        mpz_clear(minor);
    } else {
        put_mpz(sb, mpq_numref(x));
        sb_putc(sb, '/');
        put_mpz(sb, den);
    }
    mpz_clear(rest);
    mpz_clear(five);
}

/*
 * 100 x x, exact, as money_format_exact writes it (a rate as a percentage).
 * With g = gcd(100, den), num x (100/g) over den/g is canonical already:
 * num is prime to den, and 100/g keeps no 2 or 5 that den/g still has.
 */
void money_format_percent(strbuf *sb, const mpq_t x)
{
    if (mpz_fits_slong_p(mpq_numref(x)) && mpz_fits_ulong_p(mpq_denref(x))) {
        unsigned long den = mpz_get_ui(mpq_denref(x)), g = 100, rest = den;
        while (rest) {  /* Euclid: g = gcd(100, den) */
            unsigned long t = g % rest;
            g = rest;
            rest = t;
        }
        long num;
        if (!__builtin_mul_overflow(mpz_get_si(mpq_numref(x)), (long)(100 / g), &num) &&
            format_exact_word(sb, num, den / g))
            return;
    }
    mpq_t pct;
    mpq_init(pct);
    mpq_set_ui(pct, 100, 1);
    mpq_mul(pct, pct, x);
    money_format_exact(sb, pct);
    mpq_clear(pct);
}
