/*
 * fuzz_csv.c - libFuzzer target for csv.h: csv_read_memory on any bytes.
 *
 * Invariants:
 *  - success means no error was reported, failure at least one error, each
 *    naming the file, with a line >= 0 and no later than the input's last
 *    line, and a column >= 0;
 *  - an input holding a NUL byte or bytes that are not UTF-8 is refused
 *    (every byte of the input lies in some field or is a comma, quote or line
 *    end, so no such byte can slip through);
 *  - a table has ncols >= 1 columns and every row ncols cells, each valid
 *    UTF-8; the records' lines strictly increase, start after the header's
 *    and lie within the input's line count;
 *  - writing the table back with every field quoted and reading that again
 *    gives the same header and cells, and the lines the rewrite puts each
 *    record on (each line end inside a field moves the next records down);
 *  - csv_read_file on the same bytes (through a memfd) gives the same result
 *    and the same diagnostics as csv_read_memory.
 */
#include "fuzz_common.h"

#include <sys/mman.h>
#include <unistd.h>

#include "csv.h"
#include "strbuf.h"

#define NAME "in.csv"

/* Physical lines of s[0..n): LF, CRLF and a lone CR end one; a last line without an end counts. */
static long count_lines(const char *s, size_t n)
{
    long lines = 0;
    size_t i = 0, start = 0;
    while (i < n) {
        if (s[i] == '\n' || s[i] == '\r') {
            if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
                i++;
            lines++;
            start = i + 1;
        }
        i++;
    }
    return lines + (start < n);
}

/* Line ends inside a string (CRLF once). */
static long line_ends(const char *s)
{
    long k = 0;
    for (; *s; s++) {
        if (*s == '\r' && s[1] == '\n')
            s++;
        if (*s == '\n' || *s == '\r')
            k++;
    }
    return k;
}

static void check_diags(const diag *d, long nlines)
{
    for (size_t i = 0; i < d->n; i++) {
        const diag_entry *e = &d->v[i];
        CHECK(e->file && strcmp(e->file, NAME) == 0, "diagnostic without the file name");
        CHECK(e->line >= 0 && e->line <= nlines, "diagnostic line %ld of %ld: %s", e->line, nlines, e->msg);
        CHECK(e->col >= 0, "diagnostic column %ld", e->col);
        CHECK(e->msg && e->msg[0], "empty diagnostic");
    }
}

static void check_table(const csv_table *t, long nlines)
{
    CHECK(t->ncols >= 1 && t->header, "a table without a header");
    CHECK(t->header_line >= 1 && t->header_line <= nlines, "header line %ld", t->header_line);
    CHECK(t->file && strcmp(t->file, NAME) == 0, "table file name");
    for (size_t c = 0; c < t->ncols; c++) {
        CHECK(t->header[c], "header name %zu missing", c);
        CHECK(utf8_valid((const unsigned char *)t->header[c], strlen(t->header[c])), "header not UTF-8");
        for (size_t k = 0; k < c; k++)
            CHECK(strcmp(t->header[k], t->header[c]) != 0, "duplicate header '%s' accepted", t->header[c]);
        CHECK(csv_column(t, t->header[c]) == (long)c, "csv_column('%s')", t->header[c]);
    }
    CHECK(t->nrows == 0 || (t->cells && t->line), "rows without cells");
    long prev = t->header_line;
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = csv_cell(t, r, c);
            CHECK(v, "cell %zu,%zu missing", r, c);
            CHECK(utf8_valid((const unsigned char *)v, strlen(v)), "cell %zu,%zu not UTF-8", r, c);
            CHECK(csv_row(t, r)[c] == v, "csv_row");
        }
        CHECK(t->line[r] > prev, "row %zu at line %ld, after line %ld", r, t->line[r], prev);
        CHECK(t->line[r] <= nlines, "row %zu at line %ld of %ld", r, t->line[r], nlines);
        prev = t->line[r];
    }
}

/* Appends s as a quoted CSV field. */
static void put_quoted(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (; *s; s++) {
        if (*s == '"')
            sb_putc(sb, '"');
        sb_putc(sb, *s);
    }
    sb_putc(sb, '"');
}

/* Each field of a record quoted; returns the line ends the record's fields hold. */
static long put_record(strbuf *sb, const char *const *f, size_t n)
{
    long ends = 0;
    for (size_t c = 0; c < n; c++) {
        if (c)
            sb_putc(sb, ',');
        put_quoted(sb, f[c]);
        ends += line_ends(f[c]);
    }
    sb_putc(sb, '\n');
    return ends;
}

static void check_round_trip(const csv_table *t)
{
    strbuf sb = STRBUF_INIT;
    long *want_line = malloc((t->nrows + 1) * sizeof *want_line);
    long line = 1;
    line += 1 + put_record(&sb, (const char *const *)t->header, t->ncols);
    for (size_t r = 0; r < t->nrows; r++) {
        want_line[r] = line;
        line += 1 + put_record(&sb, csv_row(t, r), t->ncols);
    }

    csv_table u;
    diag d;
    diag_init(&d);
    int rc = csv_read_memory(&u, sb.p, sb.len, NAME, &d);
    CHECK(rc == 0, "the rewritten table is refused: %s", d.n ? d.v[0].msg : "?");
    CHECK(u.ncols == t->ncols && u.nrows == t->nrows, "rewrite: %zux%zu, was %zux%zu",
          u.nrows, u.ncols, t->nrows, t->ncols);
    CHECK(u.header_line == 1, "rewrite: header line %ld", u.header_line);
    for (size_t c = 0; c < t->ncols; c++)
        CHECK(strcmp(u.header[c], t->header[c]) == 0, "rewrite: header %zu differs", c);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            CHECK(strcmp(csv_cell(&u, r, c), csv_cell(t, r, c)) == 0, "rewrite: cell %zu,%zu differs", r, c);
        CHECK(u.line[r] == want_line[r], "rewrite: row %zu at line %ld, want %ld", r, u.line[r],
              want_line[r]);
    }
    csv_table_free(&u);
    diag_free(&d);
    free(want_line);
    sb_free(&sb);
}

/* csv_read_file must agree with csv_read_memory, diagnostics included. */
static void check_file_reader(const uint8_t *data, size_t size, int rc, const csv_table *t, const diag *d)
{
    static int fd = -1;
    if (fd < 0) {
        fd = memfd_create("fuzz_csv", 0);
        if (fd < 0)
            return;
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        return;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    csv_table u;
    diag e;
    diag_init(&e);
    int rc2 = csv_read_file(&u, path, NAME, &e);
    CHECK(rc2 == rc, "csv_read_file %d, csv_read_memory %d", rc2, rc);
    CHECK(e.n == d->n && e.errors == d->errors, "csv_read_file reports %zu, csv_read_memory %zu", e.n, d->n);
    for (size_t i = 0; i < d->n; i++)
        CHECK(e.v[i].line == d->v[i].line && e.v[i].col == d->v[i].col &&
              strcmp(e.v[i].msg, d->v[i].msg) == 0, "diagnostic %zu differs", i);
    if (rc == 0) {
        CHECK(u.ncols == t->ncols && u.nrows == t->nrows, "csv_read_file table size");
        for (size_t r = 0; r < t->nrows; r++) {
            CHECK(u.line[r] == t->line[r], "csv_read_file line of row %zu", r);
            for (size_t c = 0; c < t->ncols; c++)
                CHECK(strcmp(csv_cell(&u, r, c), csv_cell(t, r, c)) == 0, "csv_read_file cell");
        }
    }
    csv_table_free(&u);
    diag_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    long nlines = count_lines(s, size);
    int bad_text = memchr(data, 0, size) != NULL || !utf8_valid(data, size);

    csv_table t;
    diag d;
    diag_init(&d);
    int rc = csv_read_memory(&t, s, size, NAME, &d);
    CHECK(rc == 0 || rc == -1, "status %d", rc);
    check_diags(&d, nlines);
    if (rc == 0) {
        CHECK(d.errors == 0, "success with %zu errors", d.errors);
        CHECK(!bad_text, "a NUL byte or invalid UTF-8 accepted");
        check_table(&t, nlines);
        check_round_trip(&t);
    } else {
        CHECK(d.errors >= 1 && d.n >= 1, "failure without an error");
        int any = 0;
        for (size_t i = 0; i < d.n; i++)
            any |= d.v[i].level == DIAG_ERROR && d.v[i].line >= 0;
        CHECK(any, "failure without a located error");
        CHECK(t.ncols == 0 && t.nrows == 0 && !t.cells && !t.header, "a failed read left a table");
    }
    check_file_reader(data, size, rc, &t, &d);
    csv_table_free(&t);
    diag_free(&d);
    return 0;
}
