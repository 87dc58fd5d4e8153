/*
 * diag.c - collected, located diagnostics.
 *
 * Stages report and go on where they safely can, so that one `truce check`
 * lists every problem of a batch instead of the first.
 */
#include "diag.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdlib.h>

void diag_init(diag *d)
{
    d->v = NULL;
    d->n = d->cap = 0;
    d->errors = d->warnings = 0;
}

void diag_free(diag *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    diag_init(d);
}

static void diag_add(diag *d, diag_level level, const char *file, long line, long col,
                     const char *fmt, va_list ap)
{
    if (level == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (d->n >= DIAG_MAX_KEPT)
        return;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = xrealloc(d->v, d->cap * sizeof *d->v);
    }
    va_list aq;
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *msg = xmalloc(len > 0 ? (size_t)len + 1 : 1);
    vsnprintf(msg, len > 0 ? (size_t)len + 1 : 1, fmt, ap);
    diag_entry *e = &d->v[d->n++];
    e->level = level;
    e->file = file ? xstrdup(file) : NULL;
    e->line = line;
    e->col = col;
    e->msg = msg;
}

void diag_error(diag *d, const char *file, long line, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, DIAG_ERROR, file, line, col, fmt, ap);
    va_end(ap);
}

void diag_warn(diag *d, const char *file, long line, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, DIAG_WARNING, file, line, col, fmt, ap);
    va_end(ap);
}

void diag_append(diag *into, const diag *from)
{
    for (size_t i = 0; i < from->n && into->n < DIAG_MAX_KEPT; i++) {
        if (into->n == into->cap) {
            into->cap = into->cap ? into->cap * 2 : 16;
            into->v = xrealloc(into->v, into->cap * sizeof *into->v);
        }
        const diag_entry *e = &from->v[i];
        diag_entry *c = &into->v[into->n++];
        *c = *e;
        c->file = e->file ? xstrdup(e->file) : NULL;
        c->msg = xstrdup(e->msg);
    }
    into->errors += from->errors;
    into->warnings += from->warnings;
}

void diag_print(const diag *d, FILE *f)
{
    for (size_t i = 0; i < d->n; i++) {
        const diag_entry *e = &d->v[i];
        if (e->file) {
            fputs(e->file, f);
            if (e->line > 0) {
                fprintf(f, ":%ld", e->line);
                if (e->col > 0)
                    fprintf(f, ":%ld", e->col);
            }
            fputs(": ", f);
        } else {
            fputs("truce: ", f);
        }
        fprintf(f, "%s: %s\n", e->level == DIAG_ERROR ? "error" : "warning", e->msg);
    }
    size_t kept = d->n, total = d->errors + d->warnings;
    if (total > kept)
        fprintf(f, "truce: %zu more diagnostics not shown\n", total - kept);
}
