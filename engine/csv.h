/*
 * csv.h - RFC 4180 tables with the place of every record.
 *
 * A whole file is read into one table: the header, then every record's
 * fields as NUL-terminated strings, plus the line where each record starts
 * so that any later stage can say "deals.csv:17:3".  Tokenising is libcsv's;
 * this module adds what the contract asks beyond it (UTF-8 and NUL checks,
 * BOM, duplicate headers, ragged rows, record lines).
 */
#ifndef TRUCE_CSV_H
#define TRUCE_CSV_H

#include <stddef.h>
#include "diag.h"

/*
 * Limits.  Past either one a file is rejected with a located error (and
 * reading stops), never a crash or an unbounded allocation.
 */
#define CSV_MAX_FIELD   (1024 * 1024)  /* bytes in one field, after "" unescaping */
#define CSV_MAX_COLUMNS 1024           /* fields in the header; rows must match it */

typedef struct csv_table {
    char *file;          /* name used in diagnostics (owned copy) */
    size_t ncols;
    char **header;       /* ncols names */
    size_t nrows;        /* data records, header excluded, empty lines skipped */
    char **cells;        /* nrows * ncols, row-major: cells[r * ncols + c] */
    long *line;          /* nrows: line where record r starts (header is line 1 unless blank lines precede it) */
    long header_line;
    void *store;         /* private: owns the bytes the strings point into */
} csv_table;

/*
 * Reads and tokenises a whole CSV file.  `name` is what diagnostics call the
 * file (usually the path given by the user).  On any error, reports it to d
 * with file, line and column (the field's position, from 1) and returns -1;
 * the table is then empty but safe to csv_table_free.  Errors: unreadable file,
 * empty file (no header), invalid UTF-8, NUL byte, unterminated quote, a quote
 * inside an unquoted field, a row with the wrong number of fields, duplicate
 * header name.  Checks go on after a ragged row so that several are reported.
 */
int csv_read_file(csv_table *t, const char *path, const char *name, diag *d);
int csv_read_memory(csv_table *t, const char *data, size_t len, const char *name, diag *d);
/* The same, the records tokenised by up to `jobs` threads (a big file's): the same table and
   the same messages, in the same order, for any jobs. */
int csv_read_file_jobs(csv_table *t, const char *path, const char *name, int jobs, diag *d);
int csv_read_memory_jobs(csv_table *t, const char *data, size_t len, const char *name, int jobs,
                         diag *d);

/* Index of the header column called exactly `name`, or -1. */
long csv_column(const csv_table *t, const char *name);

static inline const char *csv_cell(const csv_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

/* The fields of one record, as an array of ncols strings. */
static inline const char *const *csv_row(const csv_table *t, size_t row)
{
    return (const char *const *)&t->cells[row * t->ncols];
}

void csv_table_free(csv_table *t);

#endif
