/*
 * outdir.h - an output directory that appears whole or not at all.
 *
 * Files are written into a fresh temporary directory beside the target,
 * flushed to disk, and the directory is renamed into place at the end.  A
 * run that fails, or is killed, leaves the target as it was.
 */
#ifndef TRUCE_OUTDIR_H
#define TRUCE_OUTDIR_H

#include <signal.h>
#include <stddef.h>
#include "diag.h"

typedef struct outdir {
    char *target;   /* --out as given */
    char *tmp;      /* the temporary directory being filled */
    const volatile sig_atomic_t *cancel;  /* when set and non-zero, writing stops (a signal came) */
} outdir;

/* Is `path` absent or an empty directory (usable without --force)?  1 yes, 0 no. */
int outdir_is_free(const char *path);

/* Creates the temporary directory beside target; o->cancel starts NULL.  0 or -1 (reported). */
int outdir_begin(outdir *o, const char *target, diag *d);
/* Creates a subdirectory of the temporary directory. */
int outdir_mkdir(outdir *o, const char *rel, diag *d);
/* Writes data to rel (e.g. "statements/ana.txt") inside the temporary directory. */
int outdir_write(outdir *o, const char *rel, const char *data, size_t len, diag *d);
/* Moves the temporary directory into place, replacing target (which must be free unless force). */
int outdir_commit(outdir *o, int force, diag *d);
/* Removes the temporary directory and everything in it. */
void outdir_abort(outdir *o);

#endif
