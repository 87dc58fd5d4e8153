/*
 * quotas.c - quotas.csv: rows checked, then sorted for a binary search by
 * (payee, year, first month, last month).
 */
#include "quotas.h"
#include "date.h"
#include "fields.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

typedef struct quota_row {
    uint32_t payee;
    int16_t year;
    uint8_t first, last;     /* months of the window, 1..12 */
    uint32_t row;            /* quotas.csv row, the tie-breaker */
    mpq_t quota;
} quota_row;

struct quota_table {
    quota_row *v;            /* valid rows, sorted by key */
    size_t n;
};

enum { Q_PAYEE, Q_WINDOW, Q_QUOTA, Q_N };

/* YYYY, YYYY-H1|H2, YYYY-Q1..Q4 or YYYY-MM (year 0001..9999) into year and months; 0 or -1. */
/* A window is a reporting period (date.h): YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM. */
static int parse_window(const char *s, int *year, int *first, int *last)
{
    period p;
    if (period_parse_any(s, &p) != 0)
        return -1;
    *year = p.year, *first = p.first, *last = p.last;
    return 0;
}

static int key_cmp(const quota_row *a, uint32_t pi, int year, int first, int last)
{
    if (a->payee != pi)
        return a->payee < pi ? -1 : 1;
    if (a->year != year)
        return a->year < year ? -1 : 1;
    if (a->first != first)
        return a->first < first ? -1 : 1;
    if (a->last != last)
        return a->last < last ? -1 : 1;
    return 0;
}

static int row_cmp(const void *pa, const void *pb)
{
    const quota_row *a = pa, *b = pb;
    int c = key_cmp(a, b->payee, b->year, b->first, b->last);
    if (c)
        return c;
    return a->row < b->row ? -1 : a->row > b->row;
}

int quotas_load(batch *b, diag *d)
{
    static const char *const names[Q_N] = {"payee_id", "window", "quota"};
    long c[Q_N];
    const csv_table *t = &b->quotas_csv;
    if (field_find_columns(t, names, c, Q_N, d))
        return -1;
    struct quota_table *qt = xcalloc(1, sizeof *qt);
    qt->v = xcalloc(t->nrows ? t->nrows : 1, sizeof *qt->v);
    b->quotas = qt;
    int ok = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        field_ctx f = {t, r, d};
        quota_row *x = &qt->v[qt->n];
        mpq_init(x->quota);
        int bad = 0;
        long p = field_check_key(&f, c[Q_PAYEE], b->payees ? &b->payee_ids : NULL, "the roster");
        bad |= p < 0;
        int year, first, last;
        const char *w = field_text(&f, c[Q_WINDOW]);
        if (parse_window(w, &year, &first, &last) != 0) {
            char buf[68];
            field_error(&f, c[Q_WINDOW],
                        "window '%s' is not YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM",
                        field_shown(w, buf));
            bad = 1;
        }
        bad |= field_check_amount(&f, c[Q_QUOTA], x->quota, 0, NULL) != 0;
        if (bad) {
            mpq_clear(x->quota);
            ok = -1;
            continue;
        }
        x->payee = (uint32_t)p;
        x->year = (int16_t)year;
        x->first = (uint8_t)first;
        x->last = (uint8_t)last;
        x->row = (uint32_t)r;
        qt->n++;
    }
    qsort(qt->v, qt->n, sizeof *qt->v, row_cmp);
    /* A pair twice: the later row is the error, reported in file order. */
    size_t *first_of = xcalloc(t->nrows ? t->nrows : 1, sizeof *first_of);
    for (size_t i = 1; i < qt->n; i++) {
        const quota_row *p = &qt->v[i - 1], *x = &qt->v[i];
        if (key_cmp(p, x->payee, x->year, x->first, x->last) == 0)
            field_repeat(first_of, p->row, x->row);
    }
    if (field_report_repeats(t, first_of, c[Q_WINDOW], c[Q_PAYEE], d) != 0)
        ok = -1;
    free(first_of);
    return ok;
}

int quota_given(const batch *b, uint32_t pi, int year, int first_month, int last_month,
                mpq_t out)
{
    const struct quota_table *qt = b->quotas;
    if (!qt)
        return 0;
    size_t lo = 0, hi = qt->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(&qt->v[mid], pi, year, first_month, last_month);
        if (c == 0) {
            mpq_set(out, qt->v[mid].quota);
            return 1;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

void quotas_free(batch *b)
{
    struct quota_table *qt = b->quotas;
    if (!qt)
        return;
    for (size_t i = 0; i < qt->n; i++)
        mpq_clear(qt->v[i].quota);
    free(qt->v);
    free(qt);
    b->quotas = NULL;
}
