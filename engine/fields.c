/*
 * fields.c - the checks of a batch file's fields (fields.h says who uses them).
 */
#include "fields.h"
#include "money.h"
#include "texthint.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *field_text(const field_ctx *f, long col)
{
    return csv_cell(f->t, f->row, (size_t)col);
}

/* Reports a problem at the field's line and column. */
void field_error(const field_ctx *f, long col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(f->d, f->t->file, f->t->line[f->row], col + 1, "%s", msg);
}

/* A value for a message: at most 60 bytes, then "..." (a field may be a megabyte long). */
const char *field_shown(const char *s, char buf[68])
{
    size_t n = strlen(s);
    if (n <= 60)
        return s;
    memcpy(buf, s, 60);
    strcpy(buf + 60, "...");
    return buf;
}

int field_check_present(const field_ctx *f, long col)
{
    if (*field_text(f, col))
        return 0;
    field_error(f, col, "%s is empty", f->t->header[col]);
    return -1;
}

/* What an id's byte may not be: a control character (ID_CONTROL), or in an id that names a
   file, anything but A-Z a-z 0-9 . _ - (ID_UNSAFE, the bytes left out below are those).  A
   table, as ids are most of a batch's cells and a byte's class is then one load. */
enum { ID_CONTROL = 1, ID_UNSAFE = 2 };
static const unsigned char id_class[256] = {
    [0x00 ... 0x1f] = ID_CONTROL | ID_UNSAFE,
    [0x20 ... 0x2c] = ID_UNSAFE,
    ['/'] = ID_UNSAFE,
    [0x3a ... 0x40] = ID_UNSAFE,
    [0x5b ... 0x5e] = ID_UNSAFE,
    ['`'] = ID_UNSAFE,
    [0x7b ... 0x7e] = ID_UNSAFE,
    [0x7f] = ID_CONTROL | ID_UNSAFE,
    [0x80 ... 0xff] = ID_UNSAFE,
};

/* Ids: non-empty, no control characters; payee and campaign ids also name files. */
int field_check_id(const field_ctx *f, long col, int filename_safe)
{
    const char *name = f->t->header[col], *s = field_text(f, col);
    char buf[68];
    if (field_check_present(f, col) != 0)
        return -1;
    if (filename_safe && strlen(s) > FIELD_MAX_FILE_ID) {
        /* It names a statement file: ID.txt must fit NAME_MAX (255). */
        field_error(f, col, "%s '%s' is longer than %d bytes", name,
                    field_shown(s, buf), FIELD_MAX_FILE_ID);
        return -1;
    }
    unsigned char bad = filename_safe ? ID_CONTROL | ID_UNSAFE : ID_CONTROL;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && !(id_class[*p] & bad))
        p++;
    if (!*p)
        return 0;
    if (id_class[*p] & ID_CONTROL)
        field_error(f, col, "%s '%s' contains a control character", name, field_shown(s, buf));
    else
        field_error(f, col, "%s '%s' may only contain A-Z a-z 0-9 . _ -", name,
                    field_shown(s, buf));
    return -1;
}

/* Decimals: not empty, exact, at most MONEY_MAX_DIGITS digits; any sign. */
int field_check_decimal(const field_ctx *f, long col, mpq_t out)
{
    const char *name = f->t->header[col], *s = field_text(f, col);
    char buf[68];
    if (field_check_present(f, col) != 0)
        return -1;
    money_status st = money_parse_decimal(out, s, strlen(s));
    if (st == MONEY_TOO_LONG) {
        field_error(f, col, "%s '%s' has more than %d digits", name, field_shown(s, buf),
                    MONEY_MAX_DIGITS);
        return -1;
    }
    if (st != MONEY_OK) {
        field_error(f, col, "%s '%s' is not a decimal number", name, field_shown(s, buf));
        return -1;
    }
    return 0;
}

/* Amounts: exact decimals, not below zero; empty allowed only where the contract says so. */
int field_check_amount(const field_ctx *f, long col, mpq_t out, int allow_empty, int *present)
{
    const char *s = field_text(f, col);
    if (present)
        *present = *s != '\0';
    if (!*s && allow_empty)
        return 0;
    if (field_check_decimal(f, col, out) != 0)
        return -1;
    if (mpq_sgn(out) < 0) {
        char buf[68];
        field_error(f, col, "%s '%s' is below zero", f->t->header[col], field_shown(s, buf));
        return -1;
    }
    return 0;
}

int field_check_positive(const field_ctx *f, long col, mpq_t out)
{
    if (field_check_amount(f, col, out, 0, NULL) != 0)
        return -1;
    if (mpq_sgn(out) > 0)
        return 0;
    char buf[68];
    field_error(f, col, "%s '%s' is not above zero", f->t->header[col],
                field_shown(field_text(f, col), buf));
    return -1;
}

int field_check_currency(const field_ctx *f, long col, int allow_empty)
{
    const char *s = field_text(f, col);
    if (!*s && allow_empty)
        return 0;
    if (field_check_present(f, col) != 0)
        return -1;
    if (currency_minor_unit(s) >= 0)
        return 0;
    char buf[68];
    field_error(f, col, "%s '%s' is not a known ISO 4217 code", f->t->header[col],
                field_shown(s, buf));
    return -1;
}

/*
 * The dates a thread parsed last, by a hash of their text: a batch's million
 * dates fall on a few hundred days, and a hit costs a compare, not a parse.  An
 * entry holds a valid date's 10 bytes (a zero key, which no date has, is
 * empty).  Per thread, as rows are checked on several.
 */
enum { DATE_CACHE = 4096 };
typedef struct date_entry {
    uint64_t head;   /* bytes 0..7 of "YYYY-MM-DD" */
    uint16_t tail;   /* bytes 8..9 */
    day_t day;
} date_entry;
static _Thread_local date_entry date_cache[DATE_CACHE];

/* date_parse of s, NUL-terminated, through date_cache. */
static int parse_date_cached(const char *s, day_t *out)
{
    size_t len = strnlen(s, 11);
    if (len != 10)
        return date_parse(s, len, out);
    uint64_t head;
    uint16_t tail;
    memcpy(&head, s, 8);
    memcpy(&tail, s + 8, 2);
    date_entry *e = &date_cache[((head ^ tail) * 0x9e3779b97f4a7c15ull >> 52) % DATE_CACHE];
    if (e->head == head && e->tail == tail) {
        *out = e->day;
        return 0;
    }
    if (date_parse(s, len, out) != 0)
        return -1;
    *e = (date_entry){head, tail, *out};
    return 0;
}

int field_check_date(const field_ctx *f, long col, day_t *out)
{
    const char *s = field_text(f, col);
    if (parse_date_cached(s, out) != 0) {
        char buf[68];
        field_error(f, col, "%s '%s' is not a date (YYYY-MM-DD)", f->t->header[col],
                    field_shown(s, buf));
        return -1;
    }
    return 0;
}

int field_check_date_open(const field_ctx *f, long col, day_t open, day_t *out)
{
    *out = open;
    return *field_text(f, col) ? field_check_date(f, col, out) : 0;
}

int field_put_id(const field_ctx *f, long col, idmap *m)
{
    const char *id = field_text(f, col);
    if (idmap_put(m, id, (uint32_t)f->row) == 0)
        return 0;
    long first = idmap_get(m, id);  /* the row that put it: the map holds rows */
    if (first >= 0 && (size_t)first < f->t->nrows)
        field_error(f, col, "duplicate %s '%s' (first at line %ld): give each row its own %s",
                    f->t->header[col], id, f->t->line[first], f->t->header[col]);
    else
        field_error(f, col, "duplicate %s '%s'", f->t->header[col], id);
    return -1;
}

/* Resolves a reference to another file's id; reports a dangling one. */
long field_check_ref(const field_ctx *f, long col, const idmap *m, const char *what)
{
    const char *s = field_text(f, col);
    long i = idmap_get(m, s);
    if (i < 0)
        diag_error(f->d, f->t->file, f->t->line[f->row], col + 1, "%s '%s' is not in %s",
                   f->t->header[col], s, what);
    return i;
}

long field_check_key(const field_ctx *f, long col, const idmap *m, const char *what)
{
    if (field_check_id(f, col, 0) != 0 || !m)
        return -1;
    return field_check_ref(f, col, m, what);
}

/* A header read as one column that holds another separator: one error saying so, instead of a
   "missing column" for each name (texthint.h). */
char field_wrong_separator(const csv_table *t)
{
    return t->ncols == 1 && t->header ? texthint_separator(t->header[0]) : 0;
}

static int wrong_separator(const csv_table *t, diag *d)
{
    char sep = field_wrong_separator(t);
    if (!sep)
        return 0;
    const char *name = sep == ';' ? "';' (semicolons)" : sep == '\t' ? "tabs" : "'|'";
    diag_error(d, t->file, t->header_line, 0,
               "the header is one column: the file is separated by %s, not commas; export it "
               "again as comma-separated CSV (CSV UTF-8, comma-delimited)", name);
    return 1;
}

/* Finds each required column; reports every missing one at the header line. */
int field_find_columns(const csv_table *t, const char *const *names, long *cols, size_t n,
                       diag *d)
{
    int ok = 0;
    if (wrong_separator(t, d)) {
        for (size_t i = 0; i < n; i++)
            cols[i] = -1;
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        cols[i] = csv_column(t, names[i]);
        if (cols[i] < 0) {
            diag_error(d, t->file, t->header_line, 0, "missing column '%s'", names[i]);
            ok = -1;
        }
    }
    return ok;
}

int field_report_repeats(const csv_table *t, const size_t *first_of, long col, long of_col,
                         diag *d)
{
    int ok = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!first_of[r])
            continue;
        field_ctx f = {t, r, d};
        field_error(&f, col, "duplicate %s '%s' for %s '%s' (first at line %ld)", t->header[col],
                    field_text(&f, col), t->header[of_col], field_text(&f, of_col),
                    t->line[first_of[r] - 1]);
        ok = -1;
    }
    return ok;
}

int field_check_rows(const csv_table *t, diag *d)
{
    if (t->nrows <= FIELD_MAX_ROWS)
        return 0;
    diag_error(d, t->file, 0, 0, "more than %u rows", FIELD_MAX_ROWS);
    return -1;
}

