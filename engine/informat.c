/*
 * informat.c - export column formats (dates, numbers, names) to the
 * contract's formats, by moving characters: exact by construction.
 *
 * Each format is a small hand-written scanner rather than a regular
 * expression or a locale-aware library call, so that what is accepted is
 * exactly what informat.h says, whatever the machine's locale.
 */
#include "informat.h"
#include "date.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {
    [INFORMAT_TEXT] = "text",
    [INFORMAT_ID] = "id",
    [INFORMAT_DATE_YMD] = "YYYY-MM-DD",
    [INFORMAT_DATE_MDY] = "MM/DD/YYYY",
    [INFORMAT_DATE_DMY] = "DD.MM.YYYY",
    [INFORMAT_NUMBER] = "number",
};

#define KIND_COUNT (sizeof kind_names / sizeof kind_names[0])

int informat_parse_kind(const char *name, informat_kind *out)
{
    for (size_t k = 0; k < KIND_COUNT; k++)
        if (strcmp(kind_names[k], name) == 0) {
            *out = (informat_kind)k;
            return 0;
        }
    return -1;
}

const char *informat_kind_name(informat_kind k)
{
    return (size_t)k < KIND_COUNT ? kind_names[k] : "?";
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ---- ids from names ------------------------------------------------------ */

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void convert_id(strbuf *out, const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    while (n > 0 && is_blank(*s)) {
        s++;
        n--;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_blank(c)) {
            while (i + 1 < n && is_blank(s[i + 1]))
                i++;
            c = '-';
        } else if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        sb_putc(out, c);
    }
}

/* ---- dates ----------------------------------------------------------------- */

/* Reads 1..max digits at *p (exactly max when exact) into *v; advances *p. */
static int read_digits(const char **p, int min, int max, int *v)
{
    int n = 0, x = 0;
    while (n < max && is_digit((*p)[n])) {
        x = x * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min)
        return -1;
    *p += n;
    *v = x;
    return 0;
}

/* Reads "A<sep>B<sep>YYYY" with A and B of one or two digits. */
static int read_short_date(const char *s, char sep, int *a, int *b, int *y)
{
    const char *p = s;
    if (read_digits(&p, 1, 2, a) || *p++ != sep || read_digits(&p, 1, 2, b) || *p++ != sep ||
        read_digits(&p, 4, 4, y) || *p)
        return -1;
    return 0;
}

static int convert_date(strbuf *out, const char *s, informat_kind k)
{
    int y = 0, m = 0, d = 0;
    day_t day;
    if (k == INFORMAT_DATE_YMD) {
        if (date_parse(s, strlen(s), &day) != 0)
            return -1;
        sb_puts(out, s);
        return 0;
    }
    int bad = k == INFORMAT_DATE_MDY ? read_short_date(s, '/', &m, &d, &y)
                                     : read_short_date(s, '.', &d, &m, &y);
    if (bad || y < 1 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return -1;
    sb_printf(out, "%04d-%02d-%02d", y, m, d);
    return 0;
}

/* ---- numbers ---------------------------------------------------------------- */

/* Skips the currency sign at s (and one space after it when `space_after`); returns the rest or NULL. */
static const char *skip_prefix(const char *s, const char *currency)
{
    size_t n = strlen(currency);
    if (strncmp(s, currency, n) != 0)
        return NULL;
    s += n;
    return *s == ' ' ? s + 1 : s;
}

/* Length of the number body without a trailing currency sign (and the one space before it). */
static size_t body_length(const char *s, size_t n, const char *currency)
{
    size_t c = strlen(currency);
    if (n < c || memcmp(s + n - c, currency, c) != 0)
        return n;
    n -= c;
    return n > 0 && s[n - 1] == ' ' ? n - 1 : n;
}

/* Copies the integer part s[0..n) without its group marks; -1 if the grouping is wrong. */
static int copy_integer(strbuf *out, const char *s, size_t n, char group)
{
    size_t first = 0;
    while (first < n && is_digit(s[first]))
        first++;
    if (first == 0)
        return -1;
    if (first == n) {              /* plain digits */
        sb_putn(out, s, n);
        return 0;
    }
    if (!group || first > 3)
        return -1;
    sb_putn(out, s, first);
    for (size_t i = first; i < n; i += 4) {
        if (s[i] != group || i + 4 > n || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) ||
            !is_digit(s[i + 3]))
            return -1;
        sb_putn(out, s + i + 1, 3);
    }
    return 0;
}

static int convert_number(strbuf *out, const char *s, const informat *f)
{
    int negative = 0, prefixed = 0;
    if (*s == '-') {
        negative = 1;
        s++;
    }
    if (f->currency) {
        const char *rest = skip_prefix(s, f->currency);
        if (rest) {
            s = rest;
            prefixed = 1;
        }
        if (!negative && *s == '-') {
            negative = 1;
            s++;
        }
    }
    size_t n = strlen(s);
    if (f->currency && !prefixed)
        n = body_length(s, n, f->currency);
    const char *mark = memchr(s, f->decimal_mark, n);
    size_t int_len = mark ? (size_t)(mark - s) : n;
    if (negative)
        sb_putc(out, '-');
    if (copy_integer(out, s, int_len, f->group_mark) != 0)
        return -1;
    if (!mark)
        return 0;
    size_t frac = n - int_len - 1;
    if (frac == 0)
        return -1;
    for (size_t i = 0; i < frac; i++)
        if (!is_digit(mark[1 + i]))
            return -1;
    sb_putc(out, '.');
    sb_putn(out, mark + 1, frac);
    return 0;
}

int informat_convert(strbuf *out, const char *s, const informat *f, const char **why)
{
    sb_puts(out, "");  /* out->p is a string even when nothing is appended */
    if (!*s)
        return 0;
    switch (f->kind) {
    case INFORMAT_TEXT:
        sb_puts(out, s);
        return 0;
    case INFORMAT_ID:
        convert_id(out, s);
        return 0;
    case INFORMAT_DATE_YMD:
        *why = "is not a date (YYYY-MM-DD)";
        return convert_date(out, s, f->kind);
    case INFORMAT_DATE_MDY:
        *why = "is not a date (MM/DD/YYYY)";
        return convert_date(out, s, f->kind);
    case INFORMAT_DATE_DMY:
        *why = "is not a date (DD.MM.YYYY)";
        return convert_date(out, s, f->kind);
    case INFORMAT_NUMBER:
        *why = "is not a number in the declared format";
        return convert_number(out, s, f);
    }
    *why = "has an unknown format";
    return -1;
}

void informat_describe(strbuf *out, const informat *f)
{
    sb_printf(out, "format=\"%s\"", informat_kind_name(f->kind));
    if (f->kind != INFORMAT_NUMBER)
        return;
    sb_printf(out, " decimal-mark=\"%c\"", f->decimal_mark);
    if (f->group_mark)
        sb_printf(out, " group-mark=\"%c\"", f->group_mark);
    else
        sb_puts(out, " (no group-mark)");
    if (f->currency)
        sb_printf(out, " currency=\"%s\"", f->currency);
    sb_puts(out, ": e.g. ");
    if (f->currency)
        sb_puts(out, f->currency);
    sb_puts(out, f->group_mark ? "1" : "1234");
    if (f->group_mark)
        sb_printf(out, "%c234", f->group_mark);
    sb_printf(out, "%c56", f->decimal_mark);
}
