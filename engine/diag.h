/*
 * diag.h - located errors and warnings, collected rather than printed.
 *
 * Every stage reports problems here with the place they came from
 * (file, line, column), so that `truce check` can list them all and the CLI
 * alone decides where they are printed.  Nothing in the engine writes to
 * stderr directly.
 */
#ifndef TRUCE_DIAG_H
#define TRUCE_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING } diag_level;

typedef struct diag_entry {
    diag_level level;
    char *file;   /* owned copy; NULL when the problem has no file */
    long line;    /* 1-based; 0 when unknown */
    long col;     /* 1-based; 0 when unknown or not meaningful */
    char *msg;    /* owned */
} diag_entry;

/* Only the first DIAG_MAX_KEPT entries are kept; the counts go on. */
#define DIAG_MAX_KEPT 1000

typedef struct diag {
    diag_entry *v;
    size_t n, cap;
    size_t errors, warnings;
} diag;

void diag_init(diag *d);
void diag_free(diag *d);

void diag_error(diag *d, const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_warn(diag *d, const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Appends from's entries and counts to into (threads report into their own diag). */
void diag_append(diag *into, const diag *from);

/* Writes "file:line:col: error: msg" (parts omitted when unknown), one a line. */
void diag_print(const diag *d, FILE *f);

#endif
