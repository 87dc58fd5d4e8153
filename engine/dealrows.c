/*
 * dealrows.c - a per-deal batch file's records of one deal shard (dealrows.h).
 *
 * The file is read in blocks and scanned, never tokenised: a physical line
 * ends as csv.c's line_length says (LF, CRLF or a lone CR), a line with no
 * text outside a record is no record, and a record goes on over line ends
 * while it has an odd number of quotes (inside a quoted field, in valid
 * CSV).  Only the deal_id field is read out of each record, unquoted, to
 * hash it.  Up to the first thing csv.c would refuse, these are the records
 * csv.c makes; a record it would refuse is copied whole into one shard,
 * from a record's start, so the loader there refuses it in the same words.
 */
#include "dealrows.h"
#include "csv.h"
#include "earn.h"     /* shard_of */
#include "fields.h"   /* FIELD_MAX_ROWS */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- line maps ------------------------------------------------------------------ */

void linemap_init(linemap *m, const char *file)
{
    memset(m, 0, sizeof *m);
    m->file = xstrdup(file ? file : "");
}

void linemap_free(linemap *m)
{
    free(m->file);
    free(m->from);
    free(m->to);
    memset(m, 0, sizeof *m);
}

void linemap_add(linemap *m, long buffer_line, long file_line)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->from = xrealloc(m->from, m->cap * sizeof *m->from);
        m->to = xrealloc(m->to, m->cap * sizeof *m->to);
    }
    m->from[m->n] = buffer_line;
    m->to[m->n++] = file_line;
}

long linemap_line(const linemap *m, long buffer_line)
{
    if (buffer_line <= 0 || m->n == 0 || buffer_line < m->from[0])
        return buffer_line;
    size_t lo = 0, hi = m->n;  /* the last piece starting at or before buffer_line */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->from[mid] <= buffer_line)
            lo = mid;
        else
            hi = mid;
    }
    return m->to[lo] + (buffer_line - m->from[lo]);
}

/* msg with each "line N" moved by the map; NULL when it names no line. */
static char *relocate_text(const linemap *m, const char *msg)
{
    static const char word[] = "line ";
    if (!strstr(msg, word))
        return NULL;
    strbuf sb = STRBUF_INIT;
    const char *p = msg;
    for (const char *at; (at = strstr(p, word));) {
        const char *digits = at + sizeof word - 1;
        char *end;
        long n = strtol(digits, &end, 10);
        if (end == digits || *digits < '0' || *digits > '9') {
            sb_putn(&sb, p, (size_t)(digits - p));
            p = digits;
            continue;
        }
        sb_putn(&sb, p, (size_t)(digits - p));
        sb_printf(&sb, "%ld", linemap_line(m, n));
        p = end;
    }
    sb_puts(&sb, p);
    return sb_detach(&sb);
}

void linemap_relocate(linemap *const *maps, size_t n, diag *d)
{
    for (size_t i = 0; i < d->n; i++) {
        diag_entry *e = &d->v[i];
        for (size_t j = 0; e->file && j < n; j++) {
            if (!maps[j] || strcmp(e->file, maps[j]->file) != 0)
                continue;
            e->line = linemap_line(maps[j], e->line);
            char *moved = relocate_text(maps[j], e->msg);
            if (moved) {
                free(e->msg);
                e->msg = moved;
            }
            break;
        }
    }
}

long dealrows_count_lines(const char *s, size_t n)
{
    long lines = 0;
    for (const char *end = s + n; s < end; s++)
        if (*s == '\n' || (*s == '\r' && (s + 1 == end || s[1] != '\n')))
            lines++;
    return lines;
}

/* ---- scanning --------------------------------------------------------------------- */

#define BLOCK (16u << 20)   /* bytes read at a time; a longer record grows the buffer */

typedef struct scanner {
    int fd;
    char *buf;
    size_t cap, have, pos;  /* buf[0..have) read; records start at pos */
    int eof;
    long line;              /* the file's line at pos */
} scanner;

/* Moves the unscanned bytes to the front and reads more (growing the buffer when it holds one
   unfinished record).  0, or an errno. */
static int refill(scanner *s)
{
    if (s->pos > 0) {
        memmove(s->buf, s->buf + s->pos, s->have - s->pos);
        s->have -= s->pos;
        s->pos = 0;
    }
    if (s->have == s->cap) {
        s->cap *= 2;
        s->buf = xrealloc(s->buf, s->cap + 1);
    }
    ssize_t got;
    do
        got = read(s->fd, s->buf + s->have, s->cap - s->have);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return errno;
    s->have += (size_t)got;
    s->eof = got == 0;
    return 0;
}

/* Length of the physical line at p (csv.c's line_length), its end included; 0 when the bytes
   read so far cannot tell where it ends (more must be read first). */
static size_t piece(const scanner *s, size_t p)
{
    const char *at = s->buf + p;
    size_t n = s->have - p;
    const char *lf = memchr(at, '\n', n);
    size_t end = lf ? (size_t)(lf - at) : n;
    const char *cr = memchr(at, '\r', end);
    if (cr) {
        size_t i = (size_t)(cr - at);
        if (i + 1 < n)
            return cr[1] == '\n' ? i + 2 : i + 1;
        return s->eof ? i + 1 : 0;  /* a CR last: it may be a CRLF's */
    }
    if (lf)
        return end + 1;
    return s->eof ? n : 0;
}

/* Bytes of a line end at the end of s[0..n). */
static size_t line_end_len(const char *s, size_t n)
{
    if (n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n')
        return 2;
    return n >= 1 && (s[n - 1] == '\n' || s[n - 1] == '\r') ? 1 : 0;
}

static int odd_quotes(const char *s, size_t n)
{
    int odd = 0;
    for (const char *q; (q = memchr(s, '"', n)); n -= (size_t)(q + 1 - s), s = q + 1)
        odd ^= 1;
    return odd;
}

/*
 * The next record from pos: its length and physical lines.  1 found, 0 the file has no more,
 * -1 more must be read first.  Blank lines before it are skipped (*skipped: their bytes and
 * lines, which the caller consumes).
 */
static int next_record(const scanner *s, size_t *skipped, long *skipped_lines, size_t *len,
                       long *lines)
{
    size_t p = s->pos;
    *skipped = 0;
    *skipped_lines = 0;
    for (;;) {
        if (p == s->have)
            return s->eof ? 0 : -1;
        size_t n = piece(s, p);
        if (n == 0)
            return -1;
        if (n > line_end_len(s->buf + p, n))
            break;
        p += n;  /* a blank line: no record */
        *skipped += n;
        (*skipped_lines)++;
    }
    size_t start = p;
    long count = 0;
    int open = 0;
    do {
        if (p == s->have) {
            if (!s->eof)
                return -1;
            break;  /* an unterminated quote runs to the end of the file */
        }
        size_t n = piece(s, p);
        if (n == 0)
            return -1;
        open ^= odd_quotes(s->buf + p, n);
        p += n;
        count++;
    } while (open);
    *len = p - start;
    *lines = count;
    return 1;
}

/* Field col of the record s[0..n) (its line end excluded), unquoted, into out (NUL-terminated). */
static void record_field(const char *s, size_t n, long col, strbuf *out)
{
    n -= line_end_len(s, n);
    size_t i = 0;
    for (long f = 0; f < col; f++) {  /* past col fields */
        int quoted = 0;
        while (i < n && (quoted || s[i] != ','))
            quoted ^= s[i++] == '"';
        if (i == n) {
            sb_putc(out, '\0');
            return;  /* too few fields: the loader says so */
        }
        i++;
    }
    if (i < n && s[i] == '"') {
        for (i++; i < n; i++) {
            if (s[i] == '"' && (i + 1 == n || s[i + 1] != '"'))
                break;
            sb_putc(out, s[i]);
            i += s[i] == '"';  /* "" stands for one quote */
        }
    } else {
        const char *comma = memchr(s + i, ',', n - i);
        sb_putn(out, s + i, comma ? (size_t)(comma - s - i) : n - i);
    }
    sb_putc(out, '\0');
}

/* The deal_id column of the head's header record, or -1 (none, or a header csv.c refuses). */
static long deal_column(const char *head, size_t len, const char *name)
{
    csv_table t;
    diag quiet;  /* the loader reports a bad header in every task */
    diag_init(&quiet);
    long col = -1;
    if (csv_read_memory(&t, head, len, name, &quiet) == 0)
        col = csv_column(&t, "deal_id");
    csv_table_free(&t);
    diag_free(&quiet);
    return col;
}

typedef struct keeper {
    dealrows *r;
    unsigned k, n;
    long col;               /* deal_id; -1: every record to shard 0 */
    long buffer_line;       /* r->text's next line */
    strbuf key;
} keeper;

/* Keeps the record rec[0..len) (lines long, starting at the file's line `line`) if it is the
   shard's. */
static void offer(keeper *kp, const char *rec, size_t len, long lines, long line)
{
    dealrows *r = kp->r;
    uint32_t row = (uint32_t)r->nrows++;
    sb_reset(&kp->key);
    if (kp->col >= 0)
        record_field(rec, len, kp->col, &kp->key);
    else
        sb_putc(&kp->key, '\0');
    unsigned to = kp->col >= 0 ? shard_of(kp->key.p, kp->n) : 0;
    if (to != kp->k)
        return;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->v = xrealloc(r->v, r->cap * sizeof *r->v);
    }
    dealrow *dr = &r->v[r->n++];
    *dr = (dealrow){row, line, r->text.len, len, r->keys.len};
    sb_putn(&r->keys, kp->key.p, kp->key.len);
    sb_putn(&r->text, rec, len);
    if (line_end_len(rec, len) == 0) {
        sb_putc(&r->text, '\n');  /* the file's last record: the next one kept must not join it */
        dr->len++;
    }
    linemap_add(&r->map, kp->buffer_line, line);
    kp->buffer_line += lines;
}

/* Scans the whole file: the head into r->text, then each record offered to the shard. */
static int scan(scanner *s, keeper *kp, const char *name)
{
    dealrows *r = kp->r;
    int have_header = 0;
    while (s->have < 3 && !s->eof) {
        int e = refill(s);
        if (e)
            return e;
    }
    if (s->have >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0) {
        sb_putn(&r->text, s->buf, 3);  /* a BOM: csv.c skips it, before any line */
        s->pos = 3;
    }
    for (;;) {
        size_t skipped, len;
        long skipped_lines, lines;
        int got = next_record(s, &skipped, &skipped_lines, &len, &lines);
        if (got < 0) {
            int e = refill(s);
            if (e)
                return e;
            continue;
        }
        const char *at = s->buf + s->pos + skipped;
        if (!have_header)
            sb_putn(&r->text, s->buf + s->pos, skipped + (got ? len : 0));
        s->pos += skipped;
        s->line += skipped_lines;
        if (!got)
            break;
        if (!have_header) {
            have_header = 1;
            r->head_len = r->text.len;
            kp->col = deal_column(r->text.p, r->text.len, name);
            linemap_add(&r->map, 1, 1);
            kp->buffer_line = s->line + lines;
        } else {
            offer(kp, at, len, lines, s->line);
        }
        s->pos += len;
        s->line += lines;
    }
    if (!have_header)
        r->head_len = r->text.len;
    return 0;
}

int dealrows_read(dealrows *r, const char *path, const char *name, unsigned k, unsigned n,
                  diag *d)
{
    memset(r, 0, sizeof *r);
    linemap_init(&r->map, name);
    scanner s = {.fd = open(path, O_RDONLY | O_CLOEXEC), .line = 1};
    if (s.fd < 0) {
        diag_error(d, name, 0, 0, "cannot open file: %s", strerror(errno));
        return -1;
    }
    s.cap = BLOCK;
    s.buf = xmalloc(s.cap + 1);
    keeper kp = {r, k, n, -1, 1, STRBUF_INIT};
    int e = scan(&s, &kp, name);
    sb_free(&kp.key);
    free(s.buf);
    close(s.fd);
    if (e) {
        diag_error(d, name, 0, 0, "cannot read file: %s", strerror(e));
        return -1;
    }
    if (r->nrows > FIELD_MAX_ROWS) {
        diag_error(d, name, 0, 0, "more than %u rows", FIELD_MAX_ROWS);
        return -1;
    }
    return 0;
}

void dealrows_free(dealrows *r)
{
    sb_free(&r->text);
    sb_free(&r->keys);
    free(r->v);
    linemap_free(&r->map);
    memset(r, 0, sizeof *r);
}
