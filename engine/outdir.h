/*
 * outdir.h - an output directory that appears whole or not at all, and
 * never at the cost of something Truce did not write.
 *
 * Files are written into a fresh temporary directory beside the target,
 * flushed to disk, and the directory is renamed into place at the end.  A
 * run that fails, or is killed, leaves the target as it was.  The temporary
 * directory is locked (flock) by its run while it lives, so a later run into
 * the same parent can tell the debris of a killed run from a live run's work
 * and removes it.  An existing target is replaced only with force, and only
 * when Truce wrote it: its manifest.xml lists every file in it.
 */
#ifndef TRUCE_OUTDIR_H
#define TRUCE_OUTDIR_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "digest.h"

/* The largest output file read back whole: copied into the books (truce close) or from a
   shard's output (truce merge). */
#define OUTDIR_MAX_FILE (4L * 1024 * 1024 * 1024)

/* A file written so far: what manifest.xml lists. */
typedef struct outdir_entry {
    char *rel;
    uint64_t size;
    char sha256[DIGEST_HEX_SIZE];
} outdir_entry;

/* Where files go instead of the disk (verify compares them); called from any thread.  0 or -1. */
typedef int (*outdir_sink)(void *ctx, const char *rel, const char *data, size_t len, diag *d);

typedef struct outdir {
    char *target;   /* --out as given (for messages) */
    char *path;     /* the target as an absolute path (its parent's symbolic links resolved) */
    char *tmp;      /* the temporary directory being filled */
    int tmp_fd;     /* tmp, open and locked while it lives (-1: none) */
    const volatile sig_atomic_t *cancel;  /* when set and non-zero, writing stops (a signal came) */
    outdir_sink sink;                     /* set: nothing touches the disk (outdir_begin_sink) */
    void *sink_ctx;
    pthread_mutex_t lock;                 /* guards the inventory: statements are written by threads */
    outdir_entry *files;                  /* every file written, in the order written */
    size_t nfiles, capfiles;
} outdir;

/* Is `path` absent or an empty directory (usable without force)?  1 yes, 0 no. */
int outdir_is_free(const char *path);

/*
 * May `target` receive an output?  Refused, with the reason reported to d
 * (-1): a target that is not a directory (a plain file, a symbolic link, a
 * device); the current directory or one holding it; a non-empty directory
 * without force, or with force one that Truce did not write (no
 * manifest.xml listing every file in it, or a file changed in size since);
 * a target that equals, holds or lies inside any of inputs[0..n) (files or
 * directories the run reads; NULL entries are skipped), with or without
 * force.  0 when it may.
 */
int outdir_check(const char *target, int force, const char *const *inputs, size_t ninputs,
                 diag *d);

/*
 * Creates the temporary directory beside target, locked by this process
 * until commit or abort; first removes the temporary directories in the same
 * parent whose runs died (and puts back an earlier output that a killed
 * --force left moved aside), saying so in one warning.  o->cancel starts
 * NULL.  0 or -1 (reported).
 */
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
/*
 * Moves the temporary directory into place.  A target that is not free is
 * replaced only with force and only when outdir_check allows it (checked
 * again here: it may have changed since).  0, or -1 (reported): the target
 * is then as it was, or, if a failure left the previous output elsewhere,
 * the message names where it is.
 */
int outdir_commit(outdir *o, int force, diag *d);
/* Removes the temporary directory and everything in it. */
void outdir_abort(outdir *o);

#endif
