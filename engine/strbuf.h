/*
 * strbuf.h - a growable byte buffer, and the one CSV field writer.
 *
 * Output is built in memory and written in one go; formatting functions
 * append to a strbuf so callers never guess a length.  Every CSV output
 * (payouts, credits, payroll, ledger, scoreboard, diff, merge) writes its
 * text fields (ids, names, reasons) with sb_put_csv_field, so all quote
 * alike.  Allocation failure
 * aborts (as GMP does): a payroll run that cannot allocate cannot go on.
 */
#ifndef TRUCE_STRBUF_H
#define TRUCE_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
    char *p;       /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_reset(strbuf *sb);            /* len = 0, keeps the memory */
void sb_grow(strbuf *sb, size_t extra);
void sb_putc(strbuf *sb, char c);
void sb_putn(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as one CSV field: quoted (with "" escapes) only if it holds a comma, a quote, CR or LF. */
void sb_put_csv_field(strbuf *sb, const char *s);
/* Returns the string and leaves sb empty; the caller frees it. */
char *sb_detach(strbuf *sb);

/* Aborting allocators used across the engine. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
