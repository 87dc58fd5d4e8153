/*
 * batch_fields.h - the field checks of batch.c, shared with the modules that
 * read the other batch files (teamsplit.c, territory.c, quotas.c, fx.c,
 * events.c, payments.c, adjustments.c, hierarchy.c), so that every batch file reports its problems in the same
 * words, at the same places.  Internal to libtruce: not installed.
 */
#ifndef TRUCE_BATCH_FIELDS_H
#define TRUCE_BATCH_FIELDS_H

#include <gmp.h>
#include "batch.h"

/* One row of a table, and where its problems go. */
typedef struct field_ctx {
    const csv_table *t;
    size_t row;
    diag *d;
} field_ctx;

/* The text of column col (0-based) of the row. */
const char *batch_field(const field_ctx *f, long col);

/* Reports a problem at the field's line and column. */
void batch_field_error(const field_ctx *f, long col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A value for a message: at most 60 bytes, then "..." (a field may be a megabyte long). */
const char *batch_shown(const char *s, char buf[68]);

/* Ids: non-empty, no control characters; filename_safe: [A-Za-z0-9._-] and a length cap. */
int batch_check_id(const field_ctx *f, long col, int filename_safe);

/* Amounts: exact decimals, not below zero; empty allowed only when allow_empty. */
int batch_check_amount(const field_ctx *f, long col, mpq_t out, int allow_empty, int *present);

/* A YYYY-MM-DD date. */
int batch_check_date(const field_ctx *f, long col, day_t *out);

/* A YYYY-MM-DD date, or empty: then *out = open (DAY_OPEN_START or DAY_OPEN_END). */
int batch_check_date_open(const field_ctx *f, long col, day_t open, day_t *out);

/* Resolves a reference to another file's id ("... is not in <what>"); the index or -1. */
long batch_check_ref(const field_ctx *f, long col, const idmap *m, const char *what);

/* Finds each required column; reports every missing one at the header line. */
int batch_find_columns(const csv_table *t, const char *const *names, long *cols, size_t n,
                       diag *d);

/* A reference column (deal_id, payee_id) of another file: an id, then one of m's; index or -1.
   m NULL (the file it refers to did not load): only the id is checked, and -1. */
long batch_check_key(const field_ctx *f, long col, const idmap *m, const char *what);

/* Loaders of the optional files, called by batch_load once the table is read. */
int teamsplit_load(batch *b, diag *d);
int territory_load(batch *b, diag *d);
int quotas_load(batch *b, diag *d);
int fx_load(batch *b, diag *d);
int events_load(batch *b, diag *d);
int payments_load(batch *b, diag *d);
int adjustments_load(batch *b, diag *d);
void teamsplit_free(batch *b);
void territory_free(batch *b);
void quotas_free(batch *b);
void fx_free(batch *b);
void events_free(batch *b);
void payments_free(batch *b);
void adjustments_free(batch *b);

#endif
