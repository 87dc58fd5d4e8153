/*
 * load.c - a whole batch (load.h): each file read from its path or buffer,
 * then loaded by its module, in file order.
 *
 * A big file's records are tokenised by several threads (csv.h), and its
 * rows validated by several (batch.c); the files are taken one after
 * another, roster, deals, campaigns, touches, then the optional ones.
 */
#include "load.h"
#include "adjustments.h"
#include "events.h"
#include "fields.h"
#include "fx.h"
#include "hierarchy.h"
#include "payments.h"
#include "quotas.h"
#include "teamsplit.h"
#include "territory.h"

#include <stddef.h>

/* Where one file comes from: a path, or a buffer when src is set. */
typedef struct table_from {
    const char *path;
    const batch_source *src;
} table_from;

/* A table read and tokenised, its records by up to `jobs` threads. */
static int read_table(csv_table *t, table_from from, int jobs, diag *d)
{
    int rc;
    if (!from.src && !from.path)
        return -1;  /* a required file not given: run_compute has said so */
    if (!from.src)
        rc = csv_read_file_jobs(t, from.path, from.path, jobs, d);
    else if (!from.src->data) {
        diag_error(d, from.src->name, 0, 0, "no data given for this file");
        rc = -1;
    } else
        rc = csv_read_memory_jobs(t, from.src->data, from.src->len, from.src->name, jobs, d);
    if (rc != 0)
        return -1;
    return field_check_rows(t, d);
}

enum { F_ROSTER, F_DEALS, F_TOUCHES, F_CAMPAIGNS, F_SPLITS, F_TERRITORIES, F_QUOTAS, F_FX,
       F_EVENTS, F_PAYMENTS, F_ADJUSTMENTS, F_N };

/* An optional file: its table in the batch, and its module's loader. */
typedef struct optional_file {
    int file;                /* F_* */
    size_t table;            /* offsetof(batch, ..._csv) */
    int (*load)(batch *b, diag *d);
    void (*free)(batch *b);
} optional_file;

/* After the four core files, in this order. */
static const optional_file optional[] = {
    {F_SPLITS, offsetof(batch, splits_csv), teamsplit_load, teamsplit_free},
    {F_TERRITORIES, offsetof(batch, territories_csv), territory_load, territory_free},
    {F_QUOTAS, offsetof(batch, quotas_csv), quotas_load, quotas_free},
    {F_FX, offsetof(batch, fx_csv), fx_load, fx_free},
    {F_EVENTS, offsetof(batch, events_csv), events_load, events_free},
    {F_PAYMENTS, offsetof(batch, payments_csv), payments_load, payments_free},
    {F_ADJUSTMENTS, offsetof(batch, adjustments_csv), adjustments_load, adjustments_free},
};
#define NOPTIONAL (sizeof optional / sizeof optional[0])

static csv_table *table_of(batch *b, const optional_file *o)
{
    return (csv_table *)((char *)b + o->table);
}

/* Loads the CSV files from wherever `from` says; has[f]: the file is given.  Each file is
   checked even when an earlier one failed; references are checked only against files that
   loaded (b->payees etc. non-NULL). */
static int load_files(batch *b, const table_from *from, const int *has, int jobs, diag *d)
{
    batch_init(b, jobs);
    size_t before = d->errors;
    b->has_touches = has[F_TOUCHES];
    b->has_campaigns = has[F_CAMPAIGNS];
    if (b->has_touches && !b->has_campaigns)
        diag_error(d, NULL, 0, 0, "campaigns.csv is required when touches.csv is given");

    if (read_table(&b->roster_csv, from[F_ROSTER], jobs, d) == 0) {
        batch_load_roster(b, d);
        if (b->roster_manager_col > 0)  /* only a roster with manager_id has reporting lines */
            hierarchy_check(b, d);
    }
    if (read_table(&b->deals_csv, from[F_DEALS], jobs, d) == 0)
        batch_load_deals(b, d);
    if (b->has_campaigns && read_table(&b->campaigns_csv, from[F_CAMPAIGNS], jobs, d) == 0)
        batch_load_campaigns(b, d);
    if (b->has_touches && read_table(&b->touches_csv, from[F_TOUCHES], jobs, d) == 0)
        batch_load_touches(b, d);
    if (d->errors == before)
        batch_index_touches(b, d);

    for (size_t i = 0; i < NOPTIONAL; i++) {
        const optional_file *o = &optional[i];
        if (has[o->file] && read_table(table_of(b, o), from[o->file], jobs, d) == 0)
            o->load(b, d);
    }
    return d->errors == before ? 0 : -1;
}

int load_batch(batch *b, const batch_paths *paths, int jobs, diag *d)
{
    const table_from from[F_N] = {{paths->roster, NULL},      {paths->deals, NULL},
                                  {paths->touches, NULL},     {paths->campaigns, NULL},
                                  {paths->splits, NULL},      {paths->territories, NULL},
                                  {paths->quotas, NULL},      {paths->fx, NULL},
                                  {paths->events, NULL},      {paths->payments, NULL},
                                  {paths->adjustments, NULL}};
    const int has[F_N] = {1, 1, paths->touches != NULL, paths->campaigns != NULL,
                          paths->splits != NULL, paths->territories != NULL,
                          paths->quotas != NULL, paths->fx != NULL,
                          paths->events != NULL, paths->payments != NULL,
                          paths->adjustments != NULL};
    return load_files(b, from, has, jobs, d);
}

int load_batch_sources(batch *b, const batch_sources *src, int jobs, diag *d)
{
    const table_from from[F_N] = {{NULL, &src->roster},      {NULL, &src->deals},
                                  {NULL, &src->touches},     {NULL, &src->campaigns},
                                  {NULL, &src->splits},      {NULL, &src->territories},
                                  {NULL, &src->quotas},      {NULL, &src->fx},
                                  {NULL, &src->events},      {NULL, &src->payments},
                                  {NULL, &src->adjustments}};
    const int has[F_N] = {1, 1, src->touches.data != NULL, src->campaigns.data != NULL,
                          src->splits.data != NULL, src->territories.data != NULL,
                          src->quotas.data != NULL, src->fx.data != NULL,
                          src->events.data != NULL, src->payments.data != NULL,
                          src->adjustments.data != NULL};
    return load_files(b, from, has, jobs, d);
}

void load_batch_free(batch *b)
{
    for (size_t i = 0; i < NOPTIONAL; i++) {
        optional[i].free(b);
        csv_table_free(table_of(b, &optional[i]));
    }
    batch_free(b);
}

void load_plans_given(plan_set *ps, const batch_paths *paths, diag *d)
{
    if (paths->nplans)
        plan_set_load(ps, paths->plans, paths->nplans, d);
    else if (paths->plan)
        plan_set_load(ps, &paths->plan, 1, d);
    else
        diag_error(d, NULL, 0, 0, "no plan given (--plan or --in)");
    if (!paths->roster)
        diag_error(d, NULL, 0, 0, "no roster given (--roster or --in)");
    if (!paths->deals)
        diag_error(d, NULL, 0, 0, "no deals given (--deals or --in)");
}
