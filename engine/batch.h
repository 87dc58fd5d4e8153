/*
 * batch.h - the CSV files of a batch, validated and typed.
 *
 * Every row of every file is checked (in scope or not) and turned into
 * typed records: exact amounts, day numbers, and ids resolved to indices.
 * Strings point into the CSV tables the batch owns.  A batch knows nothing
 * of plans: scope (the plan year) is decided by the crediting stage.
 *
 * batch.c loads the four core files (roster, deals, touches, campaigns);
 * each optional file is loaded by its own module (teamsplit.h, territory.h,
 * quotas.h, fx.h, events.h, payments.h, adjustments.h) into the opaque
 * table the batch keeps for it; load.h loads and frees a whole batch.
 */
#ifndef TRUCE_BATCH_H
#define TRUCE_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "csv.h"
#include "date.h"
#include "diag.h"
#include "idmap.h"

typedef enum { STAGE_NONE, STAGE_TOUCH, STAGE_LEAD, STAGE_OPPORTUNITY } touch_stage;

/* An empty roster start_date / end_date: employed since always / for good. */
#define DAY_OPEN_START INT32_MIN
#define DAY_OPEN_END INT32_MAX

typedef struct payee {
    const char *id, *name, *role;
    long line;               /* roster.csv line */
    int has_quota;           /* annual_quota not empty */
    mpq_t quota;             /* 0 when empty */
    int32_t manager;         /* optional manager_id: payee index, -1 when none */
    day_t start, end;        /* optional start_date, end_date: employed on [start, end];
                                DAY_OPEN_START / DAY_OPEN_END when empty */
} payee;

/* The payee is employed on day d (start_date <= d <= end_date, open ends always hold). */
static inline int payee_employed(const payee *p, day_t d)
{
    return d >= p->start && d <= p->end;
}

typedef struct deal {
    const char *id;
    long line;               /* deals.csv line */
    day_t close;
    int16_t year;            /* of close; the deal is in scope when it is the plan's year */
    uint8_t month;           /* of close, 1..12 */
    uint8_t lost;            /* optional `outcome` column is `lost`: no credit, counted in win rates */
    mpq_t amount;
    int32_t closer;          /* payee index */
    uint32_t touch_first;    /* eligible touches: batch.touches[touch_first .. +touch_count) */
    uint32_t touch_count;
} deal;

typedef struct campaign {
    const char *id, *name;
    long line;
    int32_t owner;           /* payee index, -1 when owner_id is empty */
    int has_cost;
    mpq_t cost;
} campaign;

typedef struct touch {
    uint32_t deal;
    uint32_t campaign;
    day_t date;
    touch_stage stage;
    uint32_t row;            /* row order in touches.csv, the tie-breaker */
} touch;

/* Limits (docs/limits.md; the rows of a file and the length of an id are fields.h's). */
#define BATCH_MAX_TOUCHES_PER_DEAL 10000u

struct team_table;
struct territory_index;
struct quota_table;
struct fx_table;
struct event_table;
struct payment_table;
struct adjustment_table;

typedef struct batch {
    csv_table roster_csv, deals_csv, touches_csv, campaigns_csv;
    csv_table splits_csv, territories_csv, quotas_csv, fx_csv;  /* empty when not given */
    csv_table events_csv, payments_csv, adjustments_csv;     /* empty when not given */
    int has_touches, has_campaigns;
    payee *payees;
    size_t npayees;
    deal *deals;             /* in deals.csv row order: deals[i] is row i */
    size_t ndeals;
    campaign *campaigns;
    size_t ncampaigns;
    uint32_t *campaign_rank; /* per campaign: its place among the campaign ids ordered bytewise */
    touch *touches;          /* eligible touches only (touch_date <= close_date), grouped by deal, each
                                deal's ordered by touch_date then row */
    size_t ntouches;
    size_t ntouches_read;    /* all valid rows of touches.csv */
    char *touches_file;      /* touches.csv's name as given (owned), kept when its text is freed */
    long roster_quota_col;   /* 1-based column of annual_quota, for located quota errors */
    long roster_manager_col; /* 1-based column of manager_id; 0 when absent */
    long deal_currency_col;  /* 0-based column of the optional deals.csv `currency`; -1 absent */
    struct team_table *team;            /* splits.csv (teamsplit.h); NULL when not given */
    struct territory_index *territory;  /* territories.csv (territory.h); NULL when not given */
    struct quota_table *quotas;         /* quotas.csv (quotas.h); NULL when not given */
    struct fx_table *fx;                /* fx.csv and the deals it converted (fx.h); NULL when
                                           not given */
    struct event_table *events;             /* events.csv (events.h); NULL when not given */
    struct payment_table *payments;         /* payments.csv (payments.h); NULL when not given */
    struct adjustment_table *adjustments;   /* adjustments.csv (adjustments.h); NULL when not
                                               given */
    idmap payee_ids, deal_ids, campaign_ids;
    int jobs;                /* threads for validating rows */
} batch;

/*
 * The four core files, one at a time (load.c calls them): batch_init first,
 * then each batch_load_X once its table b->X_csv is read, in the order
 * roster, deals, campaigns, touches.  A file's references are checked only
 * against the files already loaded (b->payees, b->deals, b->campaigns not
 * NULL).  Each reports every problem to d (in row order, whatever the `jobs`
 * threads that validate rows) and returns -1 if there was any.
 */
void batch_init(batch *b, int jobs);
/* The roster; manager_id resolved (cycles are hierarchy.h's to find). */
int batch_load_roster(batch *b, diag *d);
int batch_load_deals(batch *b, diag *d);
int batch_load_campaigns(batch *b, diag *d);
/* touches.csv typed, keeping the eligible touches (-1 without a word when deals or campaigns
   did not load); its text is freed either way. */
int batch_load_touches(batch *b, diag *d);
/* The eligible touches grouped by deal (deal.touch_first, touch_count), each deal's by date,
   then row; an error at the deal past BATCH_MAX_TOUCHES_PER_DEAL.  Only for a batch whose
   four files loaded without an error (load.c checks). */
int batch_index_touches(batch *b, diag *d);
/* Frees what the four files' loading built and their tables (not the optional files': load.h). */
void batch_free(batch *b);

/* The fields of a deal's row, for `when` expressions. */
static inline const char *const *batch_deal_fields(const batch *b, size_t deal_index)
{
    return csv_row(&b->deals_csv, deal_index);
}

#endif
