/*
 * strbuf.c - a growable byte buffer, the CSV field writer, and the aborting
 * allocators.
 *
 * Outputs are assembled here and written whole.  Doubling keeps appends
 * amortised O(1).
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void)
{
    fputs("truce: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

void sb_init(strbuf *sb)
{
    sb->p = NULL;
    sb->len = sb->cap = 0;
}

void sb_free(strbuf *sb)
{
    free(sb->p);
    sb_init(sb);
}

void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->p)
        sb->p[0] = '\0';
}

void sb_grow(strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap *= 2;
    sb->p = xrealloc(sb->p, cap);
    sb->cap = cap;
}

void sb_putn(strbuf *sb, const char *s, size_t n)
{
    sb_grow(sb, n);
    memcpy(sb->p + sb->len, s, n);
    sb->len += n;
    sb->p[sb->len] = '\0';
}

void sb_putc(strbuf *sb, char c)
{
    sb_grow(sb, 1);
    sb->p[sb->len++] = c;
    sb->p[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s)
{
    sb_putn(sb, s, strlen(s));
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    /* Format straight into the spare room; only a result that does not fit is formatted twice. */
    sb_grow(sb, 128);
    size_t room = sb->cap - sb->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(sb->p + sb->len, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->p[sb->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        sb_grow(sb, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    sb->len += (size_t)n;
}

void sb_put_csv_field(strbuf *sb, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        sb_puts(sb, s);
        return;
    }
    sb_putc(sb, '"');
    for (; *s; s++) {
        if (*s == '"')
            sb_putc(sb, '"');
        sb_putc(sb, *s);
    }
    sb_putc(sb, '"');
}

char *sb_detach(strbuf *sb)
{
    char *p = sb->p ? sb->p : xstrdup("");
    sb_init(sb);
    return p;
}
