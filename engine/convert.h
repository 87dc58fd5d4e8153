/*
 * convert.h - CRM exports turned into a contract batch by a mapping.
 *
 * convert_exports reads the export files a mapping names and builds the
 * batch's CSV files in memory, remembering for every row and column where
 * in which export it came from.  convert_check then validates the result
 * exactly as `truce check` would, through the in-memory batch API, and
 * moves every message back to the export's file, line and column, so a
 * finance team fixes the file it owns, not a converted copy.
 * convert_write puts the batch on disk, all at once or not at all.
 */
#ifndef TRUCE_CONVERT_H
#define TRUCE_CONVERT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "load.h"
#include "diag.h"
#include "mapping.h"
#include "strbuf.h"

/* Where the rows of one <rows> block came from. */
typedef struct convert_block {
    char *file;          /* the export, as diagnostics name it (owned) */
    long *col;           /* per converted column: export column from 1, 0 for a constant */
    size_t ncols;
} convert_block;

/* One converted batch file. */
typedef struct convert_file {
    strbuf text;         /* the CSV bytes, header first */
    size_t nrows, cap;
    long *line;          /* converted row r starts at text line line[r] (the header is line 1) */
    long *xline;         /* ... and came from line xline[r] of its export */
    uint32_t *block;     /* ... read by block[r] */
    long next_line;      /* the line the next row will start on */
} convert_file;

typedef struct convert_result {
    int present[MAP_TARGETS];
    convert_file files[MAP_TARGETS];
    char *names[MAP_TARGETS];     /* what the converted files are called: OUT/roster.csv (owned) */
    convert_block *blocks;
    size_t nblocks;
    strbuf plan;                  /* the plan's bytes when one was added (convert_add_plan) */
    char *plan_name;              /* as given, or NULL */
} convert_result;

/*
 * Reads the exports that m names, from directory from_dir, and builds the
 * batch files in r (initialised here; free with convert_result_free in every
 * case).  out_dir only names the converted files in later messages.  Every
 * problem is reported to d, located in the export (file:line:col) or, for a
 * mapping at odds with an export's header, at the export's header line:
 * an unreadable or malformed export, a missing column, a value not in its
 * declared format, a lookup key that is missing or repeated.  0 or -1.
 */
int convert_exports(convert_result *r, const mapping *m, const char *from_dir,
                    const char *out_dir, diag *d);

/* Reads the plan file at path (named as given) into r, to be checked and written with the batch.  0 or -1. */
int convert_add_plan(convert_result *r, const char *path, diag *d);

/*
 * The converted files as in-memory batch sources (batch.h), borrowed from r,
 * so that the caller validates them as `truce check` would (with the plan
 * when one was added: the whole pipeline; without, the batch alone).
 */
void convert_sources(const convert_result *r, batch_sources *src);

/*
 * Moves the messages of `from` (a check of convert_sources) into `into`,
 * each about a converted row put back at the export line, and column, it
 * came from (from's entries are changed in place, then copied).
 */
void convert_relocate(const convert_result *r, diag *from, diag *into);

/*
 * Writes the converted files (and plan.xml, when a plan was added) into the
 * directory out, atomically, with a manifest.xml recording `command` (the
 * arguments after the program's name; may be NULL) and listing the files:
 * out must be free unless force, which replaces only a directory truce
 * wrote (outdir.h).  cancel as in run_state.  0 or -1 (reported; nothing is
 * left behind).
 */
int convert_write(const convert_result *r, const char *out, int force,
                  const char *const *command, size_t ncommand,
                  const volatile sig_atomic_t *cancel, diag *d);

void convert_result_free(convert_result *r);

#endif
