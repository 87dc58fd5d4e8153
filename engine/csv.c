/*
 * csv.c - RFC 4180 tables with the line where each record starts.
 *
 * libcsv tokenises.  This file feeds it one physical line at a time, so that
 * libcsv's public parser state tells on which line each record begins, and
 * adds what the contract asks on top: BOM, UTF-8 and NUL checks, the header
 * (duplicates, a column limit), ragged rows, a field length limit.  A line
 * with no quote that starts a record is split here instead (split_plain_line):
 * libcsv's result for it is fixed, and this about doubles the speed on
 * typical files.  Anything quoted is libcsv's.
 *
 * Storage: the file is read whole into one buffer (readfile.c), and the
 * fields are kept in that same buffer.  A plain line's fields stay where they
 * are, a NUL written over each comma and line end.  A field from libcsv, once unescaped, is copied
 * back behind the parser: a field never grows when unescaped and is always
 * followed by at least one separator byte (a comma or line end, or the one
 * spare byte kept after the data), so the write position never passes the
 * read position.  The table's strings therefore point into the buffer that
 * held the file: one allocation for all field bytes, nothing ever moves.
 *
 * Line ends are LF, CRLF or a lone CR (libcsv ends a record at a lone CR, so
 * it counts as a line end for line numbers too, also inside quoted fields).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* the GNU strerror_r, which returns the message */
#endif

#include "csv.h"
#include "parallel.h"
#include "readfile.h"
#include "strbuf.h"
#include "texthint.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

/* libcsv's parser states (from its libcsv.c), read from the public pstate. */
#define LIBCSV_ROW_NOT_BEGUN          0
#define LIBCSV_FIELD_BEGUN            2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

/*
 * libcsv buffers a field before handing it over; its buffer may not grow
 * past FIELD_BUF_CAP, so an endless field stops early instead of eating
 * memory.  The slack holds a closing quote and the NUL, and lets a field of
 * CSV_MAX_FIELD + 1 bytes reach on_field, which reports it.
 */
#define FIELD_BUF_CAP   ((size_t)CSV_MAX_FIELD + 64)
#define FIELD_BUF_BLOCK ((size_t)64 * 1024)

static const char bom[3] = {'\xEF', '\xBB', '\xBF'};

typedef struct reader {
    const char *name;   /* file name for diagnostics (may be NULL) */
    diag *d;
    size_t errors;      /* errors this read reported */
    int stop;           /* a fatal error: callbacks ignore the rest */
    char *store;        /* the file's bytes, and the fields' (see the top) */
    size_t wpos;        /* where the next field goes in store */
    long line;          /* physical line being read, from 1 */
    long rec_line;      /* line where the current record started */
    size_t nfields;     /* fields of the current record seen so far */
    int have_header;    /* the header record has ended */
    char **header;      /* header names, in store */
    size_t ncols, header_cap;
    long header_line;
    char **cells;       /* row-major, room for rows_cap rows */
    long *lines;        /* rows_cap entries */
    size_t nrows, rows_cap;
    int open_record;    /* tokenise ended inside a record (libcsv's state) */
} reader;

/* Reports an error at the current record, in the field at position col. */
static void report(reader *r, size_t col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void report(reader *r, size_t col, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(r->d, r->name, r->rec_line, (long)col, "%s", msg);
    r->errors++;
}

/* True when all 8 bytes at s are in 0x01..0x7F: no high bit, and no zero
   byte (a zero byte borrows in v - 0x01..01 and sets its high bit). */
static int ascii8(const unsigned char *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
    return ((v | (v - UINT64_C(0x0101010101010101))) & UINT64_C(0x8080808080808080)) == 0;
}

/* Length of the well-formed UTF-8 sequence at s (s[0] >= 0x80), or 0 for an
   overlong form, a surrogate, a code point past U+10FFFF or a truncation. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;          /* below: overlong */
        else if (c == 0xED)
            hi = 0x9F;          /* above: surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;          /* below: overlong */
        else if (c == 0xF4)
            hi = 0x8F;          /* above: past U+10FFFF */
    } else {
        return 0;               /* continuation byte, C0/C1, F5..FF */
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

enum { TEXT_OK, TEXT_NUL, TEXT_BAD_UTF8 };

/* The first problem of a field's bytes, at s[*at], checking 8 ASCII bytes at a time. */
static int check_text(const unsigned char *s, size_t n, size_t *at)
{
    size_t i = 0;
    while (i < n) {
        if (n - i >= 8 && ascii8(s + i)) {
            i += 8;
        } else if (s[i] == 0) {
            *at = i;
            return TEXT_NUL;
        } else if (s[i] < 0x80) {
            i++;
        } else {
            size_t k = utf8_seq_len(s + i, n - i);
            if (k == 0) {
                *at = i;
                return TEXT_BAD_UTF8;
            }
            i += k;
        }
    }
    return TEXT_OK;
}

/* Makes room for one more data row (the one being read) in cells and lines. */
static void ensure_row(reader *r)
{
    if (r->nrows < r->rows_cap)
        return;
    size_t cap = r->rows_cap ? r->rows_cap * 2 : 1024;
    if (cap > SIZE_MAX / sizeof(char *) / r->ncols)
        abort(); /* cannot happen: every cell takes at least one input byte */
    r->cells = xrealloc(r->cells, cap * r->ncols * sizeof *r->cells);
    r->lines = xrealloc(r->lines, cap * sizeof *r->lines);
    r->rows_cap = cap;
}

/* Appends a header name; the header may not pass CSV_MAX_COLUMNS. */
static void add_header_name(reader *r, char *name, size_t col)
{
    if (col > CSV_MAX_COLUMNS) {
        report(r, col, "more than %d columns in the header", CSV_MAX_COLUMNS);
        r->stop = 1;
        return;
    }
    if (r->ncols == r->header_cap) {
        r->header_cap = r->header_cap ? r->header_cap * 2 : 16;
        r->header = xrealloc(r->header, r->header_cap * sizeof *r->header);
    }
    r->header[r->ncols++] = name;
}

/* Reports a field's first NUL or invalid UTF-8, if any; for the latter, what the byte would be
   in Windows-1252, the likeliest encoding of a file that is not UTF-8 (texthint.h). */
static void check_field_text(reader *r, const char *f, size_t len, size_t col)
{
    size_t at = 0;
    int problem = check_text((const unsigned char *)f, len, &at);
    if (problem == TEXT_NUL) {
        report(r, col, "NUL byte");
    } else if (problem == TEXT_BAD_UTF8) {
        strbuf hint = STRBUF_INIT;
        texthint_not_utf8(&hint, (unsigned char)f[at]);
        report(r, col, "invalid UTF-8%s", hint.p);
        sb_free(&hint);
    }
}

/*
 * Puts the field f (len bytes, NUL-terminated in the store) at the next
 * position of the current record.  `clean` says its text is known valid.
 * Bad fields are kept too, so that positions stay right for later checks.
 */
static void add_field(reader *r, char *f, size_t len, int clean)
{
    size_t col = ++r->nfields;
    if (col == 1 && r->have_header)
        ensure_row(r); /* a data row begins: room for its cells and line */
    if (len > CSV_MAX_FIELD) {
        report(r, col, "field longer than %d bytes", CSV_MAX_FIELD);
        r->stop = 1;
        return;
    }
    if (!clean)
        check_field_text(r, f, len, col);
    if (!r->have_header)
        add_header_name(r, f, col);
    else if (col <= r->ncols)
        r->cells[r->nrows * r->ncols + col - 1] = f;
}

/* libcsv's field callback: copies the unescaped field back into the store. */
static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->stop)
        return;
    char *f = r->store + r->wpos;
    memcpy(f, s, len);
    f[len] = '\0';
    r->wpos += len + 1;
    add_field(r, f, len, 0);
}

/* Ends the header: later rows must match its width; names must be unique. */
static void end_header(reader *r)
{
    r->have_header = 1;
    r->header_line = r->rec_line;
    for (size_t j = 1; j < r->ncols; j++) {
        for (size_t i = 0; i < j; i++) {
            if (strcmp(r->header[i], r->header[j]) == 0) {
                /* Not through report(): a name may be longer than its buffer. */
                diag_error(r->d, r->name, r->rec_line, (long)(j + 1),
                           "duplicate header name '%s'", r->header[j]);
                r->errors++;
                break;
            }
        }
    }
}

/* Ends a record: keeps a row of the right width, reports others. */
static void end_record(reader *r)
{
    if (!r->have_header) {
        end_header(r);
    } else if (r->nfields != r->ncols) {
        /* The column is the first missing or the first extra field. */
        size_t col = r->nfields < r->ncols ? r->nfields + 1 : r->ncols + 1;
        report(r, col, "expected %zu fields, found %zu", r->ncols, r->nfields);
    } else {
        r->lines[r->nrows++] = r->rec_line;
    }
    r->nfields = 0;
}

/* libcsv's record callback. */
static void on_record(int c, void *data)
{
    reader *r = data;
    if (!r->stop)
        end_record(r);
}

/*
 * The fast path: a line with no quote, outside any record, is split at its
 * commas where it lies, a NUL over each comma and over the line end.  This
 * is exactly what libcsv makes of such a line (no trimming, an empty line is
 * no record), at a fraction of the cost; quoted text always goes to libcsv.
 * s[n] must be writable when the line has no line end (the spare byte).
 */
static void split_plain_line(reader *r, char *s, size_t n)
{
    size_t end = n;
    if (end > 0 && s[end - 1] == '\n')
        end--;
    if (end > 0 && s[end - 1] == '\r')
        end--;
    r->wpos = (size_t)(s + n - r->store); /* fields stay put; the store moves past them */
    if (end == 0)
        return;
    size_t at;
    int clean = check_text((const unsigned char *)s, end, &at) == TEXT_OK;
    char *f = s, *stop = s + end;
    for (;;) {
        char *comma = memchr(f, ',', (size_t)(stop - f));
        char *fend = comma ? comma : stop;
        *fend = '\0';
        add_field(r, f, (size_t)(fend - f), clean);
        if (r->stop)
            return;
        if (!comma)
            break;
        f = comma + 1;
    }
    end_record(r);
}

/* Length of the physical line at s, its end included: LF, CRLF or lone CR. */
static size_t line_length(const char *s, size_t n)
{
    const char *lf = memchr(s, '\n', n);
    size_t end = lf ? (size_t)(lf - s) : n;
    const char *cr = memchr(s, '\r', end);
    if (cr) {
        size_t at = (size_t)(cr - s);
        return at + 1 < n && cr[1] == '\n' ? at + 2 : at + 1;
    }
    return lf ? end + 1 : n;
}

/* Reports why libcsv stopped early; it cannot resynchronise after this. */
static void report_token_error(reader *r, struct csv_parser *p)
{
    size_t col = r->nfields + 1;
    if (csv_error(p) != CSV_EPARSE) {
        /* The only refusal is capped_realloc's: the field is too long. */
        if (p->pstate == LIBCSV_FIELD_BEGUN && p->quoted)
            report(r, col, "quoted field longer than %d bytes (unterminated quote?)", CSV_MAX_FIELD);
        else
            report(r, col, "field longer than %d bytes", CSV_MAX_FIELD);
    } else if (p->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED) {
        report(r, col, "text after a closing quote (a quote inside a quoted field is written \"\")");
    } else {
        report(r, col, "quote inside an unquoted field");
    }
}

/* libcsv's buffer grows with this; refusing is how a field's length is capped. */
static void *capped_realloc(void *p, size_t n)
{
    return n > FIELD_BUF_CAP ? NULL : xrealloc(p, n);
}

/* Keeps spaces and tabs around unquoted fields: the contract calls them data. */
static int no_space(unsigned char c)
{
    return 0;
}

/* Frees libcsv's field buffer. */
static void parser_release(struct csv_parser *p)
{
    csv_free(p);
}

/*
 * Feeds s to libcsv line by line, noting where each record starts; lines
 * with no quote that start a record take the fast path instead.  Stops after
 * the header record when header_only; checks for an unterminated quoted
 * field at the end only when s runs to the end of the input (last).  Returns
 * how many bytes it read.
 */
static size_t tokenise(reader *r, char *s, size_t len, int header_only, int last)
{
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_space_func(&p, no_space);
    csv_set_realloc_func(&p, capped_realloc);
    csv_set_free_func(&p, free);
    csv_set_blk_size(&p, FIELD_BUF_BLOCK);

    size_t pos = 0;
    while (pos < len && !r->stop && !(header_only && r->have_header)) {
        size_t n = line_length(s + pos, len - pos);
        r->line++;
        if (p.pstate == LIBCSV_ROW_NOT_BEGUN) {
            r->rec_line = r->line;
            if (!memchr(s + pos, '"', n)) {
                split_plain_line(r, s + pos, n);
                pos += n;
                continue;
            }
        }
        if (csv_parse(&p, s + pos, n, on_field, on_record, r) < n) {
            report_token_error(r, &p);
            r->stop = 1;
        }
        pos += n;
    }
    if (!r->stop && pos == len && last && csv_fini(&p, on_field, on_record, r) != 0)
        report(r, r->nfields + 1, "unterminated quoted field");
    r->open_record = p.pstate != LIBCSV_ROW_NOT_BEGUN;
    parser_release(&p);
    return pos;
}

/* ---- the records after the header, in parts on threads ------------------------ */

/* Inputs shorter than this are tokenised on one thread (a variable for the tests). */
static size_t csv_part_min = (size_t)4 << 20;

/* Quotes in s[0..n). */
static size_t count_quotes(const char *s, size_t n)
{
    size_t k = 0;
    const char *end = s + n;
    for (const char *q = memchr(s, '"', n); q; q = memchr(q + 1, '"', (size_t)(end - q - 1)))
        k++;
    return k;
}

/*
 * The first place at or after `from` where a line has just ended outside
 * quotes, `odd` saying whether an odd number of quotes precede `from`; len
 * when there is none.  Line ends are line_length's: LF, CRLF, a lone CR.
 */
static size_t part_start(const char *s, size_t len, size_t from, int odd)
{
    for (size_t i = from; i < len; i++) {
        if (s[i] == '"')
            odd ^= 1;
        else if (!odd && s[i] == '\n')
            return i + 1;
        else if (!odd && s[i] == '\r')
            return i + 1 < len && s[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return len;
}

typedef struct part {
    const reader *whole;     /* the header's reader: name, store, ncols */
    char *s;                 /* the records, s[from..to) this part's */
    size_t len, from, to;
    size_t quotes;           /* in the part's stretch of s before the starts are known */
    reader r;                /* lines counted from 0, messages into d */
    diag d;
} part;

typedef struct parts {
    part *v;
    int n;
} parts;

static void count_part_quotes(void *ctx, int j)
{
    part *pt = &((parts *)ctx)->v[j];
    pt->quotes = count_quotes(pt->s + pt->from, pt->to - pt->from);
}

static void tokenise_part(void *ctx, int j)
{
    part *pt = &((parts *)ctx)->v[j];
    reader *r = &pt->r;
    memset(r, 0, sizeof *r);
    r->name = pt->whole->name;
    r->d = &pt->d;
    r->store = pt->whole->store;
    r->wpos = (size_t)(pt->s + pt->from - r->store);
    r->have_header = 1;
    r->ncols = pt->whole->ncols;
    if (pt->to > pt->from)
        tokenise(r, pt->s + pt->from, pt->to - pt->from, 0, pt->to == pt->len);
}

/* Splits s[0..len) into n parts that start where records start: even stretches first (their
   quotes counted on threads), each then moved to the next line end outside quotes. */
static void place_parts(parts *ps, char *s, size_t len)
{
    for (int j = 0; j < ps->n; j++) {
        part *pt = &ps->v[j];
        pt->s = s;
        pt->len = len;
        pt->from = len * (size_t)j / (size_t)ps->n;
        pt->to = len * (size_t)(j + 1) / (size_t)ps->n;
    }
    parallel_run(ps->n, count_part_quotes, ps);
    size_t quotes = ps->v[0].quotes;
    for (int j = 1; j < ps->n; j++) {
        size_t from = part_start(s, len, ps->v[j].from, (int)(quotes & 1));
        quotes += ps->v[j].quotes;
        if (from < ps->v[j - 1].from)
            from = ps->v[j - 1].from;  /* the one before ran past: this part is empty */
        ps->v[j].from = from;
        ps->v[j - 1].to = from;
    }
    ps->v[ps->n - 1].to = len;
}

/* Rows moved from a part's arrays to the whole's at a time, the part's shrunk after each. */
enum { TAKE_ROWS = 1 << 16 };

/*
 * Moves q's rows after r's, their lines moved down by base, leaving q's
 * arrays freed.  The first part's arrays are taken as they are; a later
 * part's rows are copied from its end, a stretch at a time, and its arrays
 * shrunk behind them, so that a big file is not held twice at the end.
 */
static void take_rows(reader *r, reader *q, long base)
{
    for (size_t i = 0; i < q->nrows; i++)
        q->lines[i] += base;
    if (r->nrows == 0) {
        free(r->cells);
        free(r->lines);
        r->cells = q->cells;
        r->lines = q->lines;
        r->nrows = q->nrows;
        r->rows_cap = q->rows_cap;
        q->cells = NULL;
        q->lines = NULL;
        return;
    }
    if (r->nrows + q->nrows > r->rows_cap) {
        r->rows_cap = r->nrows + q->nrows;
        r->cells = xrealloc(r->cells, r->rows_cap * r->ncols * sizeof *r->cells);
        r->lines = xrealloc(r->lines, r->rows_cap * sizeof *r->lines);
    }
    size_t left = q->nrows, w = r->ncols;
    while (left > 0) {
        size_t k = left < TAKE_ROWS ? left : TAKE_ROWS;
        left -= k;
        memcpy(r->cells + (r->nrows + left) * w, q->cells + left * w, k * w * sizeof *r->cells);
        memcpy(r->lines + r->nrows + left, q->lines + left, k * sizeof *r->lines);
        if (left > 0) {
            q->cells = xrealloc(q->cells, left * w * sizeof *q->cells);
            q->lines = xrealloc(q->lines, left * sizeof *q->lines);
        }
    }
    r->nrows += q->nrows;
    free(q->cells);
    free(q->lines);
    q->cells = NULL;
    q->lines = NULL;
}

/* Appends part pt's rows and messages to r, its lines moved down by base. */
static void take_part(reader *r, part *pt, long base)
{
    reader *q = &pt->r;
    /* Taken, it started between records; if it ended inside one before the end, a quote was
       out of place before its end, and reading would have stopped there (see tokenise_parts). */
    if (pt->to < pt->len && !q->stop && q->open_record)
        abort();
    for (size_t i = 0; i < pt->d.n; i++)
        if (pt->d.v[i].line > 0)
            pt->d.v[i].line += base;
    diag_append(r->d, &pt->d);
    r->errors += q->errors;
    r->stop = q->stop;
    r->line = base + q->line;
    if (q->nrows > 0)
        take_rows(r, q, base);
}

/*
 * The records after the header, s[0..len), in n parts tokenised at once.
 * Each part starts where a line ends outside quotes.  Up to the first fatal
 * error (a quote out of place, a field too long), quotes come in pairs that
 * open and close quoted fields, so such a place is where the one-thread
 * reading is between records, and each part reads exactly what it would.
 * The parts are taken in order up to the first that stopped (the later ones
 * read from places that may not be records' starts, and the one-thread
 * reading would not have gone on): the same rows, lines and messages.
 */
static void tokenise_parts(reader *r, char *s, size_t len, int n)
{
    parts ps = {xcalloc((size_t)n, sizeof(part)), n};
    place_parts(&ps, s, len);
    for (int j = 0; j < n; j++) {
        ps.v[j].whole = r;
        diag_init(&ps.v[j].d);
    }
    parallel_run(n, tokenise_part, &ps);
    long base = r->line;
    for (int j = 0; j < n; j++) {
        if (!r->stop)
            take_part(r, &ps.v[j], base);
        base = r->line;
        free(ps.v[j].r.cells);
        free(ps.v[j].r.lines);
        diag_free(&ps.v[j].d);
    }
    free(ps.v);
}

/* The header on this thread, then the records on `jobs` threads when there are enough bytes. */
static void tokenise_all(reader *r, char *s, size_t len, int jobs)
{
    int n = jobs > 1 ? parallel_parts(jobs, len, csv_part_min) : 1;
    if (n <= 1) {
        tokenise(r, s, len, 0, 1);
        return;
    }
    size_t used = tokenise(r, s, len, 1, 1);
    if (!r->stop && used < len)
        tokenise_parts(r, s + used, len - used, n);
}

static void table_clear(csv_table *t)
{
    memset(t, 0, sizeof *t);
}

/* Frees what a failed read built. */
static void reader_free(reader *r)
{
    free(r->store);
    free(r->header);
    free(r->cells);
    free(r->lines);
}

/* Hands the reader's arrays to t, trimmed to size. */
static void reader_to_table(reader *r, csv_table *t)
{
    t->file = r->name ? xstrdup(r->name) : NULL;
    t->ncols = r->ncols;
    t->header = r->header;
    t->nrows = r->nrows;
    t->header_line = r->header_line;
    t->store = r->store;
    if (r->nrows == 0) {
        free(r->cells);
        free(r->lines);
        return;
    }
    t->cells = xrealloc(r->cells, r->nrows * r->ncols * sizeof *t->cells);
    t->line = xrealloc(r->lines, r->nrows * sizeof *t->line);
}

/*
 * Parses buf[0..len) into t, taking buf, which must have one spare byte
 * after len (the NUL of a last field with no line end).
 */
static int read_buffer(csv_table *t, char *buf, size_t len, const char *name, int jobs,
                       diag *d)
{
    reader r = {0};
    r.name = name;
    r.d = d;
    r.store = buf;

    size_t start = len >= 3 && memcmp(buf, bom, 3) == 0 ? 3 : 0;
    tokenise_all(&r, buf + start, len - start, jobs);
    if (!r.have_header && r.errors == 0) {
        diag_error(d, name, 0, 0, "empty file, expected a header");
        r.errors++;
    }

    table_clear(t);
    if (r.errors > 0) {
        reader_free(&r);
        return -1;
    }
    reader_to_table(&r, t);
    return 0;
}

int csv_read_memory_jobs(csv_table *t, const char *data, size_t len, const char *name, int jobs,
                         diag *d)
{
    char *buf = xmalloc(len + 1);
    if (len > 0)
        memcpy(buf, data, len);
    return read_buffer(t, buf, len, name, jobs, d);
}

int csv_read_memory(csv_table *t, const char *data, size_t len, const char *name, diag *d)
{
    return csv_read_memory_jobs(t, data, len, name, 1, d);
}

int csv_read_file_jobs(csv_table *t, const char *path, const char *name, int jobs, diag *d)
{
    char err[128];
    table_clear(t);
    if (!name)
        name = path;
    /* No cap: a table is as long as its rows (fields and columns are capped). */
    strbuf sb = STRBUF_INIT;
    int e = 0;
    read_status st = read_file_capped(&sb, path, READ_NO_CAP, &e);
    if (st != READ_OK) {
        diag_error(d, name, 0, 0, "cannot %s file: %s", st == READ_CANNOT_OPEN ? "open" : "read",
                   strerror_r(e, err, sizeof err));
        sb_free(&sb);
        return -1;
    }
    size_t len = sb.len;
    return read_buffer(t, sb_detach(&sb), len, name, jobs, d);  /* strbuf keeps the spare byte */
}

int csv_read_file(csv_table *t, const char *path, const char *name, diag *d)
{
    return csv_read_file_jobs(t, path, name, 1, d);
}

long csv_column(const csv_table *t, const char *name)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0)
            return (long)i;
    return -1;
}

void csv_table_free(csv_table *t)
{
    free(t->file);
    free(t->header);
    free(t->cells);
    free(t->line);
    free(t->store);
    table_clear(t);
}
