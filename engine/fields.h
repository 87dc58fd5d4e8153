/*
 * fields.h - the checks of a batch file's fields, one row at a time.
 *
 * Every batch file (the roster, deals, touches and campaigns of batch.c, the
 * optional files of teamsplit.c, territory.c, quotas.c, fx.c, events.c,
 * payments.c and adjustments.c) checks its columns and fields with these, so
 * that each reports its problems in the same words, at the same places:
 * "file:LINE:COL: error: ...", the column 1-based: columns, ids, amounts,
 * currencies, dates, references to another file's ids, keys met twice.
 * Nothing here knows which file it is reading (paid.c counts the rows of the
 * paid history with field_check_rows too).
 */
#ifndef TRUCE_FIELDS_H
#define TRUCE_FIELDS_H

#include <stddef.h>
#include <gmp.h>
#include "csv.h"
#include "date.h"
#include "diag.h"
#include "idmap.h"

/* Limits (docs/limits.md). */
#define FIELD_MAX_ROWS 200000000u       /* rows in one file (indices are 32-bit) */
#define FIELD_MAX_FILE_ID 251           /* payee_id / campaign_id bytes: "ID.txt" fits NAME_MAX */

/* One row of a table, and where its problems go. */
typedef struct field_ctx {
    const csv_table *t;
    size_t row;
    diag *d;
} field_ctx;

/* The text of column col (0-based) of the row. */
const char *field_text(const field_ctx *f, long col);

/* Reports a problem at the field's line and column. */
void field_error(const field_ctx *f, long col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A value for a message: at most 60 bytes, then "..." (a field may be a megabyte long). */
const char *field_shown(const char *s, char buf[68]);

/* Not empty ("<column> is empty"). */
int field_check_present(const field_ctx *f, long col);

/* Ids: non-empty, no control characters; filename_safe: [A-Za-z0-9._-] and at most
   FIELD_MAX_FILE_ID bytes. */
int field_check_id(const field_ctx *f, long col, int filename_safe);

/* Decimals: not empty, exact, at most MONEY_MAX_DIGITS digits; any sign. */
int field_check_decimal(const field_ctx *f, long col, mpq_t out);

/* Amounts: exact decimals, not below zero; empty allowed only when allow_empty. */
int field_check_amount(const field_ctx *f, long col, mpq_t out, int allow_empty, int *present);

/* An amount above zero ("... is not above zero"), not empty. */
int field_check_positive(const field_ctx *f, long col, mpq_t out);

/* A currency: an ISO 4217 code Truce knows (money.h); empty allowed only when allow_empty. */
int field_check_currency(const field_ctx *f, long col, int allow_empty);

/* A YYYY-MM-DD date. */
int field_check_date(const field_ctx *f, long col, day_t *out);

/* A YYYY-MM-DD date, or empty: then *out = open (the open end the caller gives). */
int field_check_date_open(const field_ctx *f, long col, day_t open, day_t *out);

/* The row's id in column col into m, the row its index; "duplicate <col> 'id'" when m has it
   already.  0, or -1. */
int field_put_id(const field_ctx *f, long col, idmap *m);
/* The separator (';', '\t', '|') of a file whose header reads as one column holding it, or 0;
   field_find_columns reports it, and the stages after loading need not look at its columns. */
char field_wrong_separator(const csv_table *t);

/* Resolves a reference to another file's id ("... is not in <what>"); the index or -1. */
long field_check_ref(const field_ctx *f, long col, const idmap *m, const char *what);

/* A reference column (deal_id, payee_id) of another file: an id, then one of m's; index or -1.
   m NULL (the file it refers to did not load): only the id is checked, and -1. */
long field_check_key(const field_ctx *f, long col, const idmap *m, const char *what);

/* Finds each required column; reports every missing one at the header line. */
int field_find_columns(const csv_table *t, const char *const *names, long *cols, size_t n,
                       diag *d);

/*
 * Keys met again (a currency on a date, a payee's window, a payee of a deal):
 * with the valid rows sorted by key, then row, call field_repeat on each two
 * neighbours of one key, the earlier row first.  first_of (one per row of
 * the table) starts all 0; after, first_of[r] = 1 + the first row of r's key
 * for every later row r of a key.
 */
static inline void field_repeat(size_t *first_of, size_t earlier, size_t later)
{
    first_of[later] = first_of[earlier] ? first_of[earlier] : earlier + 1;
}

/* Reports each row r with first_of[r], in file order, at column col: "duplicate <col> 'x' for
   <of_col> 'y' (first at line N)".  0, or -1 when there was one. */
int field_report_repeats(const csv_table *t, const size_t *first_of, long col, long of_col,
                         diag *d);

/* A table past FIELD_MAX_ROWS is an error naming the file (its rows could not be indexed). */
int field_check_rows(const csv_table *t, diag *d);

#endif
