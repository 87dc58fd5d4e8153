/*
 * dealrows.h - the records of a per-deal batch file (deals, touches, splits,
 * events, payments) that belong to one deal shard, without parsing the file.
 *
 * Phase 1 of a two-phase sharded run (shardrun.h) credits only the deals of
 * its shard: those whose deal_id hashes to it (shard_of, FNV-1a modulo N).
 * Every row that names a deal goes to that deal's shard, so a deal, its
 * touches, its team splits, its events and its payments meet in one task,
 * where the usual loader checks them (a deal_id given twice, a touch of a
 * deal that does not exist) exactly as an unsharded run does.
 *
 * Finding a record's deal_id costs a scan of its bytes, not a parse: records
 * are split where csv.c splits them (a line end outside quotes; blank lines
 * are no records), and the kept records are copied whole, so that the
 * loader, reading them back, sees the same bytes and reports the same
 * problems.  Their lines are not the file's any more; a linemap puts them
 * back, so every message keeps its file:line:col.
 */
#ifndef TRUCE_DEALROWS_H
#define TRUCE_DEALROWS_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "strbuf.h"

/* Lines of a buffer assembled from pieces of a file, mapped back to the file's own. */
typedef struct linemap {
    char *file;          /* the name diagnostics give the file (owned) */
    long *from, *to;     /* piece i starts at line from[i] of the buffer, line to[i] of the file;
                            from ascending */
    size_t n, cap;
} linemap;

void linemap_init(linemap *m, const char *file);
void linemap_free(linemap *m);
/* A piece starting at buffer line `buffer_line` came from file line `file_line`. */
void linemap_add(linemap *m, long buffer_line, long file_line);
/* The file's line of a buffer line (0 stays 0: no line). */
long linemap_line(const linemap *m, long buffer_line);
/*
 * Moves the messages of d about each map's file to the file's lines: the
 * located line, and a "line N" in the text (loaders name another line of
 * the same file: "first at line N", "cancelled at line N").
 */
void linemap_relocate(linemap *const *maps, size_t n, diag *d);

/* Physical lines in s[0..n): line ends as csv.c counts them (LF, CRLF, a lone CR). */
long dealrows_count_lines(const char *s, size_t n);

/* A kept record. */
typedef struct dealrow {
    uint32_t row;        /* its index among the file's records (0: the first after the header) */
    long line;           /* the file's line where it starts */
    size_t at, len;      /* its bytes in dealrows.text, a line end included */
    size_t key_at;       /* its deal_id, unquoted and NUL-terminated, at dealrows.keys.p + key_at */
} dealrow;

typedef struct dealrows {
    strbuf text;         /* the file's head (BOM, blank lines, header), then the kept records:
                            a CSV file the loader reads as the shard's part of the file */
    size_t head_len;     /* bytes of the head */
    dealrow *v;          /* the kept records, in file order */
    size_t n, cap;
    strbuf keys;
    size_t nrows;        /* records in the whole file */
    linemap map;         /* text's lines to the file's */
} dealrows;

/*
 * Reads the file at path (called `name` in messages) in blocks and keeps the
 * records whose deal_id field (by the header) is in deal shard k of n: all of
 * them in shard 0 when the header has no deal_id, for the loader to refuse.
 * r: uninitialised; free it with dealrows_free whatever happens.  0, or -1
 * (the file cannot be read; reported).
 */
int dealrows_read(dealrows *r, const char *path, const char *name, unsigned k, unsigned n,
                  diag *d);
void dealrows_free(dealrows *r);

#endif
