/*
 * batch.c - the four core files (roster, deals, touches, campaigns): from
 * CSV tables to typed, cross-checked rows.
 *
 * Each table is read whole (load.c reads it), then every row is validated
 * field by field (fields.h) and every problem is reported with its file,
 * line and column, so that one `truce check` shows them all.  Cross-file
 * references (closer, owner, touch deal and campaign, manager) are resolved
 * to indices here, once.  The optional files are loaded by their own modules
 * (load.c calls them): batch.c knows nothing of them.
 */
#include "batch.h"
#include "fields.h"
#include "parallel.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void batch_init(batch *b, int jobs)
{
    memset(b, 0, sizeof *b);
    b->jobs = jobs;
    b->deal_currency_col = -1;
    idmap_init(&b->payee_ids);
    idmap_init(&b->deal_ids);
    idmap_init(&b->campaign_ids);
    /* An empty array rather than NULL: `touches + first` must be valid with no touches at all. */
    b->touches = xcalloc(1, sizeof *b->touches);
}

enum { R_ID, R_NAME, R_ROLE, R_QUOTA, R_N, R_MANAGER = R_N, R_START, R_END, R_ALL };

/* The optional employment dates: each empty or a date, and start_date not after end_date. */
static int check_employment(const field_ctx *f, const long *c, payee *p)
{
    int bad = 0;
    p->start = DAY_OPEN_START;
    p->end = DAY_OPEN_END;
    if (c[R_START] >= 0)
        bad |= field_check_date_open(f, c[R_START], DAY_OPEN_START, &p->start) != 0;
    if (c[R_END] >= 0)
        bad |= field_check_date_open(f, c[R_END], DAY_OPEN_END, &p->end) != 0;
    if (!bad && p->start > p->end) {
        field_error(f, c[R_END], "end_date '%s' is before start_date '%s'",
                    field_text(f, c[R_END]), field_text(f, c[R_START]));
        bad = 1;
    }
    return bad ? -1 : 0;
}

/* The optional manager_id, once every payee_id is known: empty, or a payee. */
static int resolve_managers(batch *b, const long *c, diag *d)
{
    int ok = 0;
    const csv_table *t = &b->roster_csv;
    for (size_t r = 0; r < t->nrows; r++) {
        field_ctx f = {t, r, d};
        payee *p = &b->payees[r];
        if (*field_text(&f, c[R_MANAGER]))
            p->manager = (int32_t)field_check_key(&f, c[R_MANAGER], &b->payee_ids, "the roster");
        if (*field_text(&f, c[R_MANAGER]) && p->manager < 0)
            ok = -1;
    }
    return ok;
}

int batch_load_roster(batch *b, diag *d)
{
    static const char *const names[R_N] = {"payee_id", "name", "role", "annual_quota"};
    long c[R_ALL];
    csv_table *t = &b->roster_csv;
    if (field_find_columns(t, names, c, R_N, d))
        return -1;
    c[R_MANAGER] = csv_column(t, "manager_id");
    c[R_START] = csv_column(t, "start_date");
    c[R_END] = csv_column(t, "end_date");
    b->roster_quota_col = c[R_QUOTA] + 1;
    b->roster_manager_col = c[R_MANAGER] + 1;
    b->payees = xcalloc(t->nrows, sizeof *b->payees);
    b->npayees = t->nrows;
    int ok = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        field_ctx f = {t, r, d};
        payee *p = &b->payees[r];
        mpq_init(p->quota);
        p->id = field_text(&f, c[R_ID]);
        p->name = field_text(&f, c[R_NAME]);
        p->role = field_text(&f, c[R_ROLE]);
        p->line = t->line[r];
        p->manager = -1;
        if (field_check_id(&f, c[R_ID], 1) == 0 && field_put_id(&f, c[R_ID], &b->payee_ids))
            ok = -1;
        if (field_check_amount(&f, c[R_QUOTA], p->quota, 1, &p->has_quota))
            ok = -1;
        if (check_employment(&f, c, p))
            ok = -1;
    }
    if (c[R_MANAGER] >= 0 && resolve_managers(b, c, d) != 0)
        ok = -1;
    return ok;
}

/* ---- rows in parallel --------------------------------------------------- */

/*
 * Validating rows is independent per row once the files a row refers to are
 * indexed, so threads take contiguous ranges of rows, each reporting into its
 * own diag; the diags are appended in range order, so messages come out in
 * row order whatever the thread count.
 */
typedef struct row_range {
    batch *b;
    const long *c;           /* the columns found */
    unsigned char *flag;     /* per row, for the serial pass that follows */
    size_t from, to;
    diag d;
    int ok;
} row_range;

typedef void (*row_fn)(row_range *rr);

typedef struct row_ranges {
    row_fn fn;
    row_range *rr;
} row_ranges;

static void row_range_part(void *ctx, int j)
{
    row_ranges *rs = ctx;
    rs->fn(&rs->rr[j]);
}

static int for_row_ranges(batch *b, const long *c, unsigned char *flag, size_t nrows, row_fn fn,
                          diag *d)
{
    /* One thread per 8192 rows at most: small files are not worth a thread. */
    int jobs = parallel_parts(b->jobs > 0 ? b->jobs : 1, nrows, 8192);
    row_range *rr = xcalloc((size_t)jobs, sizeof *rr);
    for (int j = 0; j < jobs; j++) {
        size_t from = nrows * (size_t)j / (size_t)jobs;
        size_t to = nrows * (size_t)(j + 1) / (size_t)jobs;
        rr[j] = (row_range){b, c, flag, from, to, {0}, 0};
        diag_init(&rr[j].d);
    }
    row_ranges rs = {fn, rr};
    parallel_run(jobs, row_range_part, &rs);
    int ok = 0;
    for (int j = 0; j < jobs; j++) {
        diag_append(d, &rr[j].d);
        diag_free(&rr[j].d);
        ok |= rr[j].ok;
    }
    free(rr);
    return ok;
}

enum { D_ID, D_CLOSE, D_AMOUNT, D_CLOSER, D_N, D_OUTCOME = D_N, D_CURRENCY, D_ALL };

/* The optional `outcome` column: empty or `won` is a won deal, `lost` a lost one; else an error. */
static int check_outcome(const field_ctx *f, long col, uint8_t *lost)
{
    *lost = 0;
    if (col < 0)
        return 0;  /* no outcome column: every deal is won */
    const char *s = field_text(f, col);
    if (!*s || strcmp(s, "won") == 0)
        return 0;
    if (strcmp(s, "lost") == 0) {
        *lost = 1;
        return 0;
    }
    char buf[68];
    field_error(f, col, "outcome '%s' is not 'won' or 'lost'", field_shown(s, buf));
    return -1;
}

/* Every field of deals [from, to) but the uniqueness of deal_id (serial, after). */
static void deal_rows(row_range *rr)
{
    batch *b = rr->b;
    const long *c = rr->c;
    csv_table *t = &b->deals_csv;
    for (size_t r = rr->from; r < rr->to; r++) {
        field_ctx f = {t, r, &rr->d};
        deal *x = &b->deals[r];
        mpq_init(x->amount);
        x->id = field_text(&f, c[D_ID]);
        x->line = t->line[r];
        x->closer = -1;
        rr->flag[r] = field_check_id(&f, c[D_ID], 0) == 0;
        if (!rr->flag[r])
            rr->ok = -1;
        if (field_check_date(&f, c[D_CLOSE], &x->close) == 0) {
            int y, m, dd;
            date_to_ymd(x->close, &y, &m, &dd);
            x->year = (int16_t)y;
            x->month = (uint8_t)m;
        } else {
            rr->ok = -1;
        }
        if (field_check_amount(&f, c[D_AMOUNT], x->amount, 0, NULL))
            rr->ok = -1;
        if (field_check_id(&f, c[D_CLOSER], 0) == 0 && b->payees)
            x->closer = (int32_t)field_check_ref(&f, c[D_CLOSER], &b->payee_ids, "the roster");
        if (x->closer < 0)
            rr->ok = -1;
        if (check_outcome(&f, c[D_OUTCOME], &x->lost))
            rr->ok = -1;
        /* The optional `currency`: empty (the plan's currency) or an ISO 4217 code. */
        if (c[D_CURRENCY] >= 0 && field_check_currency(&f, c[D_CURRENCY], 1))
            rr->ok = -1;
    }
}

int batch_load_deals(batch *b, diag *d)
{
    static const char *const names[D_N] = {"deal_id", "close_date", "amount", "closer_id"};
    long c[D_ALL];
    csv_table *t = &b->deals_csv;
    if (field_find_columns(t, names, c, D_N, d))
        return -1;
    c[D_OUTCOME] = csv_column(t, "outcome");
    c[D_CURRENCY] = csv_column(t, "currency");
    b->deal_currency_col = c[D_CURRENCY];
    b->deals = xcalloc(t->nrows, sizeof *b->deals);
    b->ndeals = t->nrows;
    unsigned char *id_ok = xmalloc(t->nrows ? t->nrows : 1);
    int ok = for_row_ranges(b, c, id_ok, t->nrows, deal_rows, d);
    for (size_t r = 0; r < t->nrows; r++) {
        field_ctx f = {t, r, d};
        if (id_ok[r] && field_put_id(&f, c[D_ID], &b->deal_ids))
            ok = -1;
    }
    free(id_ok);
    return ok;
}

enum { C_ID, C_NAME, C_OWNER, C_COST, C_N };

static int campaign_id_order(const void *pa, const void *pb, void *vb)
{
    const batch *b = vb;
    return strcmp(b->campaigns[*(const uint32_t *)pa].id, b->campaigns[*(const uint32_t *)pb].id);
}

/* b->campaign_rank: crediting orders a deal's campaigns by id with it, comparing integers. */
static void rank_campaigns(batch *b)
{
    uint32_t *order = xmalloc((b->ncampaigns ? b->ncampaigns : 1) * sizeof *order);
    for (size_t i = 0; i < b->ncampaigns; i++)
        order[i] = (uint32_t)i;
    qsort_r(order, b->ncampaigns, sizeof *order, campaign_id_order, b);
    b->campaign_rank = xmalloc((b->ncampaigns ? b->ncampaigns : 1) * sizeof *b->campaign_rank);
    for (size_t i = 0; i < b->ncampaigns; i++)
        b->campaign_rank[order[i]] = (uint32_t)i;
    free(order);
}

int batch_load_campaigns(batch *b, diag *d)
{
    static const char *const names[C_N] = {"campaign_id", "name", "owner_id", "cost"};
    long c[C_N];
    csv_table *t = &b->campaigns_csv;
    if (field_find_columns(t, names, c, C_N, d))
        return -1;
    b->campaigns = xcalloc(t->nrows, sizeof *b->campaigns);
    b->ncampaigns = t->nrows;
    int ok = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        field_ctx f = {t, r, d};
        campaign *x = &b->campaigns[r];
        mpq_init(x->cost);
        x->id = field_text(&f, c[C_ID]);
        x->name = field_text(&f, c[C_NAME]);
        x->line = t->line[r];
        x->owner = -1;
        if (field_check_id(&f, c[C_ID], 1) == 0 && field_put_id(&f, c[C_ID], &b->campaign_ids))
            ok = -1;
        if (*field_text(&f, c[C_OWNER])) {
            if (field_check_id(&f, c[C_OWNER], 0) == 0 && b->payees)
                x->owner = (int32_t)field_check_ref(&f, c[C_OWNER], &b->payee_ids, "the roster");
            if (x->owner < 0)
                ok = -1;
        }
        if (field_check_amount(&f, c[C_COST], x->cost, 1, &x->has_cost))
            ok = -1;
    }
    rank_campaigns(b);
    return ok;
}

static int parse_stage(const char *s, touch_stage *out)
{
    static const char *const names[] = {"", "touch", "lead", "opportunity"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (touch_stage)i;
            return 0;
        }
    return -1;
}

/* Orders a deal's touches by date, then by row in touches.csv (contract 3.2). */
static int touch_cmp(const void *a, const void *b)
{
    const touch *x = a, *y = b;
    if (x->deal != y->deal)
        return x->deal < y->deal ? -1 : 1;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

enum { T_DEAL, T_CAMPAIGN, T_DATE, T_STAGE, T_N };

/* Validates touches [from, to) into b->touches[r]; flag[r] says the row is valid. */
static void touch_rows(row_range *rr)
{
    batch *b = rr->b;
    const long *c = rr->c;
    csv_table *t = &b->touches_csv;
    for (size_t r = rr->from; r < rr->to; r++) {
        field_ctx f = {t, r, &rr->d};
        touch x = {0, 0, 0, STAGE_NONE, (uint32_t)r};
        long di = -1, ci = -1;
        if (field_check_id(&f, c[T_DEAL], 0) == 0)
            di = field_check_ref(&f, c[T_DEAL], &b->deal_ids, "deals.csv");
        if (field_check_id(&f, c[T_CAMPAIGN], 0) == 0)
            ci = field_check_ref(&f, c[T_CAMPAIGN], &b->campaign_ids, "campaigns.csv");
        int bad = di < 0 || ci < 0;
        bad |= field_check_date(&f, c[T_DATE], &x.date);
        if (parse_stage(field_text(&f, c[T_STAGE]), &x.stage)) {
            field_error(&f, c[T_STAGE], "stage '%s' is not one of touch, lead, opportunity",
                        field_text(&f, c[T_STAGE]));
            bad = 1;
        }
        rr->flag[r] = !bad;
        if (bad) {
            rr->ok = -1;
            continue;
        }
        x.deal = (uint32_t)di;
        x.campaign = (uint32_t)ci;
        b->touches[r] = x;
    }
}

static int type_touches(batch *b, diag *d)
{
    static const char *const names[T_N] = {"deal_id", "campaign_id", "touch_date", "stage"};
    long c[T_N];
    csv_table *t = &b->touches_csv;
    if (field_find_columns(t, names, c, T_N, d))
        return -1;
    free(b->touches);
    b->touches = xcalloc(t->nrows, sizeof *b->touches);
    unsigned char *valid = xmalloc(t->nrows ? t->nrows : 1);
    int ok = for_row_ranges(b, c, valid, t->nrows, touch_rows, d);
    /* Keep the valid, eligible touches, in row order. */
    for (size_t r = 0; r < t->nrows; r++) {
        if (!valid[r])
            continue;
        b->ntouches_read++;
        const touch *x = &b->touches[r];
        if (x->date <= b->deals[x->deal].close)  /* touches after close are not eligible */
            b->touches[b->ntouches++] = *x;
    }
    free(valid);
    return ok;
}

int batch_load_touches(batch *b, diag *d)
{
    int ok = b->deals && b->campaigns ? type_touches(b, d) : -1;
    /* Touches are typed now; their text is no longer needed, but explain cites the file. */
    free(b->touches_file);
    b->touches_file = b->touches_csv.file ? xstrdup(b->touches_csv.file) : NULL;
    csv_table_free(&b->touches_csv);
    return ok;
}

/* Orders one deal's touches by date; equal dates keep row order (insertion sort is stable). */
static void sort_deal_touches(touch *t, size_t n)
{
    if (n > 64) {
        qsort(t, n, sizeof *t, touch_cmp);  /* rows break ties, so the order is the same */
        return;
    }
    for (size_t i = 1; i < n; i++) {
        touch x = t[i];
        size_t j = i;
        while (j > 0 && t[j - 1].date > x.date) {
            t[j] = t[j - 1];
            j--;
        }
        t[j] = x;
    }
}

/*
 * Groups eligible touches by deal with a counting sort (stable, so each
 * deal's touches stay in row order), then orders each deal's run by date,
 * and points each deal at its run.
 */
int batch_index_touches(batch *b, diag *d)
{
    if (b->ntouches == 0)
        return 0;  /* every deal's run is empty: touch_first and touch_count are 0 */
    for (size_t i = 0; i < b->ntouches; i++) {
        deal *x = &b->deals[b->touches[i].deal];
        if (++x->touch_count > BATCH_MAX_TOUCHES_PER_DEAL) {
            diag_error(d, b->deals_csv.file, x->line, 0, "deal %s has more than %u touches",
                       x->id, BATCH_MAX_TOUCHES_PER_DEAL);
            return -1;
        }
    }
    uint32_t next = 0;
    for (size_t di = 0; di < b->ndeals; di++) {
        b->deals[di].touch_first = next;
        next += b->deals[di].touch_count;
    }
    touch *sorted = xmalloc((b->ntouches ? b->ntouches : 1) * sizeof *sorted);
    uint32_t *fill = xcalloc(b->ndeals ? b->ndeals : 1, sizeof *fill);
    for (size_t i = 0; i < b->ntouches; i++) {
        uint32_t di = b->touches[i].deal;
        sorted[b->deals[di].touch_first + fill[di]++] = b->touches[i];
    }
    free(fill);
    free(b->touches);
    b->touches = sorted;
    for (size_t di = 0; di < b->ndeals; di++)
        sort_deal_touches(b->touches + b->deals[di].touch_first, b->deals[di].touch_count);
    return 0;
}

void batch_free(batch *b)
{
    for (size_t i = 0; i < b->npayees; i++)
        mpq_clear(b->payees[i].quota);
    for (size_t i = 0; i < b->ndeals; i++)
        mpq_clear(b->deals[i].amount);
    for (size_t i = 0; i < b->ncampaigns; i++)
        mpq_clear(b->campaigns[i].cost);
    free(b->payees);
    free(b->deals);
    free(b->campaigns);
    free(b->campaign_rank);
    free(b->touches);
    free(b->touches_file);
    idmap_free(&b->payee_ids);
    idmap_free(&b->deal_ids);
    idmap_free(&b->campaign_ids);
    csv_table_free(&b->roster_csv);
    csv_table_free(&b->deals_csv);
    csv_table_free(&b->touches_csv);
    csv_table_free(&b->campaigns_csv);
    memset(b, 0, sizeof *b);
    b->deal_currency_col = -1;
}
