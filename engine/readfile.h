/*
 * readfile.h - the one way a whole file is read into memory: capped, with
 * one way of saying what went wrong.
 *
 * Plans, mappings, manifests, CSV tables, the files merge copies from a
 * shard's output, the books and the files verify compares are read whole; a
 * cap keeps a hostile or mistaken path (a device, a huge file, a FIFO that
 * never ends) from exhausting memory.  Each caller chooses its cap.  A regular file is read into memory
 * sized from fstat, without copies, so a big CSV table costs one buffer.
 */
#ifndef TRUCE_READFILE_H
#define TRUCE_READFILE_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "strbuf.h"

/* No cap: the caller reads what is there (CSV tables, which have no size limit). */
#define READ_NO_CAP SIZE_MAX

/* What read_file_capped found. */
typedef enum read_status {
    READ_OK = 0,        /* the whole file was appended */
    READ_TOO_BIG,       /* longer than cap: its first cap + 1 bytes were appended */
    READ_CANNOT_OPEN,   /* *err says why; nothing appended */
    READ_CANNOT_READ    /* *err says why; nothing appended */
} read_status;

/*
 * Appends the bytes of the file at path to out (which stays NUL-terminated),
 * reporting nothing.  A file longer than cap is read no further than its
 * first cap + 1 bytes, for a caller that refuses it in its own words (a
 * parser's "the plan is larger than ...") or needs only its start.
 */
read_status read_file_capped(strbuf *out, const char *path, size_t cap, int *err);

/*
 * The one wording of a failure of read_file_capped (st not READ_OK), to d at
 * name: "cannot open: E", "cannot read: E", "is larger than CAP bytes".
 */
void read_report(diag *d, const char *name, read_status st, int err, size_t cap);

/*
 * Appends the bytes of the file at path to out.  0, or -1 with the problem
 * reported to d at `name` (path when NULL) by read_report: cannot open,
 * cannot read, or larger than cap bytes (then out is left as it was).
 */
int read_whole_file(strbuf *out, const char *path, size_t cap, const char *name, diag *d);

#endif
