/*
 * fx.c - fx.csv: rates checked, sorted by (currency, date); deals converted.
 *
 * A deal's rate is found by binary search: the last row of its currency
 * dated on or before its close_date.  Converting multiplies the exact
 * amount by the exact rate, so nothing is rounded here either.
 */
#include "fx.h"
#include "fields.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

typedef struct fx_row {
    const char *currency;    /* in fx_csv */
    day_t date;
    uint32_t row;            /* fx.csv row, the tie-breaker */
    mpq_t rate;
} fx_row;

struct fx_table {
    fx_row *v;               /* valid rows, by currency, date, row */
    size_t n;
    long currency_col;       /* fx.csv column of currency, -1 when fx.csv was not read */
    mpq_t *original;         /* per deal, once some deal is converted; set where converted[i] */
    unsigned char *converted;
    size_t ndeals;
};

enum { X_DATE, X_CURRENCY, X_RATE, X_N };

static int row_cmp(const void *pa, const void *pb)
{
    const fx_row *a = pa, *b = pb;
    int c = strcmp(a->currency, b->currency);
    if (c)
        return c;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

static struct fx_table *fx_table_new(void)
{
    struct fx_table *fx = xcalloc(1, sizeof *fx);
    fx->currency_col = -1;
    return fx;
}

int fx_load(batch *b, diag *d)
{
    static const char *const names[X_N] = {"date", "currency", "rate"};
    long c[X_N];
    const csv_table *t = &b->fx_csv;
    if (field_find_columns(t, names, c, X_N, d))
        return -1;
    struct fx_table *fx = fx_table_new();
    fx->currency_col = c[X_CURRENCY];
    fx->v = xcalloc(t->nrows ? t->nrows : 1, sizeof *fx->v);
    b->fx = fx;
    int ok = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        field_ctx f = {t, r, d};
        fx_row *x = &fx->v[fx->n];
        mpq_init(x->rate);
        int bad = field_check_date(&f, c[X_DATE], &x->date) != 0;
        bad |= field_check_currency(&f, c[X_CURRENCY], 0) != 0;
        bad |= field_check_positive(&f, c[X_RATE], x->rate) != 0;
        if (bad) {
            mpq_clear(x->rate);
            ok = -1;
            continue;
        }
        x->currency = field_text(&f, c[X_CURRENCY]);
        x->row = (uint32_t)r;
        fx->n++;
    }
    qsort(fx->v, fx->n, sizeof *fx->v, row_cmp);
    /* A (date, currency) pair twice: the later row is the error, reported in file order. */
    size_t *first_of = xcalloc(t->nrows ? t->nrows : 1, sizeof *first_of);
    for (size_t i = 1; i < fx->n; i++) {
        const fx_row *p = &fx->v[i - 1], *x = &fx->v[i];
        if (p->date == x->date && strcmp(p->currency, x->currency) == 0)
            field_repeat(first_of, p->row, x->row);
    }
    if (field_report_repeats(t, first_of, c[X_CURRENCY], c[X_DATE], d) != 0)
        ok = -1;
    free(first_of);
    return ok;
}

/* The rate of the latest row of `currency` dated on or before `day`, or NULL. */
static const fx_row *rate_on(const struct fx_table *fx, const char *currency, day_t day)
{
    if (!fx)
        return NULL;
    /* The first row past (currency, day): its predecessor is the answer if it is currency's. */
    size_t lo = 0, hi = fx->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(fx->v[mid].currency, currency);
        if (c < 0 || (c == 0 && fx->v[mid].date <= day))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || strcmp(fx->v[lo - 1].currency, currency) != 0)
        return NULL;
    return &fx->v[lo - 1];
}

const char *batch_deal_currency(const batch *b, uint32_t di)
{
    if (b->deal_currency_col < 0 || di >= b->ndeals || !b->deals_csv.cells)
        return NULL;
    const char *s = csv_cell(&b->deals_csv, di, (size_t)b->deal_currency_col);
    return *s ? s : NULL;
}

/* fx.csv rows of the plan's own currency, in file order. */
static int check_plan_currency(const batch *b, const char *plan_currency, diag *d)
{
    const struct fx_table *fx = b->fx;
    if (!fx || fx->currency_col < 0)
        return 0;
    int ok = 0;
    const csv_table *t = &b->fx_csv;
    for (size_t r = 0; r < t->nrows; r++) {
        field_ctx f = {t, r, d};
        if (strcmp(field_text(&f, fx->currency_col), plan_currency) == 0) {
            field_error(&f, fx->currency_col,
                        "currency '%s' is the plan's currency: it needs no rate",
                        plan_currency);
            ok = -1;
        }
    }
    return ok;
}

int fx_convert(batch *b, const char *plan_currency, int plan_year, diag *d)
{
    int ok = check_plan_currency(b, plan_currency, d);
    if (b->deal_currency_col < 0)
        return ok;
    for (size_t i = 0; i < b->ndeals; i++) {
        deal *x = &b->deals[i];
        const char *cur = batch_deal_currency(b, (uint32_t)i);
        if (x->year != plan_year || !cur || strcmp(cur, plan_currency) == 0)
            continue;
        if (b->fx && b->fx->converted && b->fx->converted[i])
            continue;
        const fx_row *rate = rate_on(b->fx, cur, x->close);
        if (!rate) {
            char day[11];
            date_format(x->close, day);
            diag_error(d, b->deals_csv.file, x->line, b->deal_currency_col + 1,
                       "deal %s: no fx.csv rate for %s on or before %s", x->id, cur, day);
            ok = -1;
            continue;
        }
        struct fx_table *fx = b->fx;
        if (!fx->original) {
            fx->ndeals = b->ndeals;
            fx->original = xmalloc(b->ndeals * sizeof *fx->original);
            fx->converted = xcalloc(b->ndeals, 1);
        }
        mpq_init(fx->original[i]);
        mpq_set(fx->original[i], x->amount);
        fx->converted[i] = 1;
        mpq_mul(x->amount, x->amount, rate->rate);
    }
    return ok;
}

const mpq_t *batch_original_amount(const batch *b, uint32_t di)
{
    const struct fx_table *fx = b->fx;
    if (!fx || !fx->converted || di >= fx->ndeals || !fx->converted[di])
        return NULL;
    return (const mpq_t *)&fx->original[di];
}

void fx_free(batch *b)
{
    struct fx_table *fx = b->fx;
    if (!fx)
        return;
    for (size_t i = 0; i < fx->n; i++)
        mpq_clear(fx->v[i].rate);
    for (size_t i = 0; fx->converted && i < fx->ndeals; i++)
        if (fx->converted[i])
            mpq_clear(fx->original[i]);
    free(fx->v);
    free(fx->original);
    free(fx->converted);
    free(fx);
    b->fx = NULL;
}
