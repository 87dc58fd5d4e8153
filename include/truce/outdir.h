/*
 * outdir.h - an output directory that appears whole or not at all.
 *
 * Files are written into a fresh temporary directory beside the target,
 * flushed to disk, and the directory is renamed into place at the end.  A
 * run that fails, or is killed, leaves the target as it was.
 */
#ifndef TRUCE_OUTDIR_H
#define TRUCE_OUTDIR_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "digest.h"

/* A file written so far: what manifest.xml lists. */
typedef struct outdir_entry {
    char *rel;
    uint64_t size;
    char sha256[DIGEST_HEX_SIZE];
} outdir_entry;

/* Where files go instead of the disk (verify compares them); called from any thread.  0 or -1. */
typedef int (*outdir_sink)(void *ctx, const char *rel, const char *data, size_t len, diag *d);

typedef struct outdir {
    char *target;   /* --out as given */
    char *tmp;      /* the temporary directory being filled */
    const volatile sig_atomic_t *cancel;  /* when set and non-zero, writing stops (a signal came) */
    outdir_sink sink;                     /* set: nothing touches the disk (outdir_begin_sink) */
    void *sink_ctx;
    pthread_mutex_t lock;                 /* guards the inventory: statements are written by threads */
    outdir_entry *files;                  /* every file written, in the order written */
    size_t nfiles, capfiles;
} outdir;

/* Is `path` absent or an empty directory (usable without --force)?  1 yes, 0 no. */
int outdir_is_free(const char *path);

/* Creates the temporary directory beside target; o->cancel starts NULL.  0 or -1 (reported). */
int outdir_begin(outdir *o, const char *target, diag *d);
/* An outdir whose files go to sink(ctx, ...) instead of a directory; `name` is for messages. */
void outdir_begin_sink(outdir *o, const char *name, outdir_sink sink, void *ctx);
/* The files written so far (valid until the next write, commit or abort). */
const outdir_entry *outdir_files(const outdir *o, size_t *n);
/* Creates a subdirectory of the temporary directory. */
int outdir_mkdir(outdir *o, const char *rel, diag *d);
/* Writes data to rel (e.g. "statements/ana.txt") inside the temporary directory, and lists it
   with its size and SHA-256 (outdir_files). */
int outdir_write(outdir *o, const char *rel, const char *data, size_t len, diag *d);
/* Moves the temporary directory into place, replacing target (which must be free unless force). */
int outdir_commit(outdir *o, int force, diag *d);
/* Removes the temporary directory and everything in it. */
void outdir_abort(outdir *o);

#endif
