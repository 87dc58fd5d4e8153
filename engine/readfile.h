/*
 * readfile.h - a whole file into memory, with a cap and one way of saying
 * what went wrong.
 *
 * Manifests, closed books and paid tables are read whole; a cap keeps a
 * hostile or mistaken path (a device, a huge file) from exhausting memory.
 */
#ifndef TRUCE_READFILE_H
#define TRUCE_READFILE_H

#include <stddef.h>
#include "diag.h"
#include "strbuf.h"

/*
 * Appends the bytes of the file at path to out.  0, or -1 with the problem
 * reported to d at `name` (path when NULL): cannot open, cannot read, or
 * larger than cap bytes (then out is left as it was).
 */
int read_whole_file(strbuf *out, const char *path, size_t cap, const char *name, diag *d);

#endif
