/*
 * payments.c - payments.csv: rows checked, then grouped by deal, each
 * deal's in date order, then row order.
 */
#include "payments.h"
#include "fields.h"
#include "fx.h"
#include "groups.h"
#include "qfast.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

struct payment_table {
    payment *v;              /* valid rows, grouped by deal, each deal's by date, then row */
    size_t n;
    groups by_deal;          /* each deal's rows of v (groups.h) */
};

enum { P_DEAL, P_DATE, P_AMOUNT, P_N };

/* One valid row, for the sort. */
typedef struct payment_row {
    uint32_t deal;
    uint32_t row;
    day_t date;
    mpq_t amount;
} payment_row;

static int row_cmp(const void *pa, const void *pb)
{
    const payment_row *a = pa, *b = pb;
    if (a->deal != b->deal)
        return a->deal < b->deal ? -1 : 1;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

int payments_load(batch *b, diag *d)
{
    static const char *const names[P_N] = {"deal_id", "date", "amount"};
    long c[P_N];
    const csv_table *t = &b->payments_csv;
    if (field_find_columns(t, names, c, P_N, d))
        return -1;
    size_t n = t->nrows, m = 0;
    payment_row *rows = xcalloc(n ? n : 1, sizeof *rows);
    int ok = 0;
    for (size_t r = 0; r < n; r++) {
        field_ctx f = {t, r, d};
        payment_row *x = &rows[m];
        mpq_init(x->amount);
        long di = field_check_key(&f, c[P_DEAL], b->deals ? &b->deal_ids : NULL, "deals.csv");
        int bad = di < 0;
        bad |= field_check_date(&f, c[P_DATE], &x->date) != 0;
        bad |= field_check_positive(&f, c[P_AMOUNT], x->amount) != 0;
        if (bad) {
            mpq_clear(x->amount);
            ok = -1;
            continue;
        }
        x->deal = (uint32_t)di;
        x->row = (uint32_t)r;
        m++;
    }
    qsort(rows, m, sizeof *rows, row_cmp);
    struct payment_table *pt = xcalloc(1, sizeof *pt);
    b->payments = pt;
    groups_init(&pt->by_deal, b->deals ? b->ndeals : 0);
    pt->v = xcalloc(m ? m : 1, sizeof *pt->v);
    pt->n = m;
    for (size_t i = 0; i < m; i++) {
        payment *p = &pt->v[i];
        groups_count(&pt->by_deal, rows[i].deal);  /* sorted by deal: v is in place */
        p->date = rows[i].date;
        p->line = t->line[rows[i].row];
        mpq_init(p->amount);
        mpq_swap(p->amount, rows[i].amount);
        mpq_clear(rows[i].amount);
    }
    groups_close(&pt->by_deal);
    free(rows);
    return ok;
}

const payment *batch_payments(const batch *b, uint32_t di, size_t *n)
{
    const struct payment_table *pt = b->payments;
    size_t first = groups_of(pt ? &pt->by_deal : NULL, di, n);
    return *n ? &pt->v[first] : NULL;
}

/* The deal's amount as written: fx_convert may have converted the deal since it was read. */
static const mpq_t *amount_as_written(const batch *b, uint32_t di)
{
    const mpq_t *orig = batch_original_amount(b, di);
    return orig ? orig : (const mpq_t *)&b->deals[di].amount;
}

/* out = min(1, paid / amount), amount > 0. */
static void paid_share(mpq_t out, const mpq_t paid, const mpq_t amount)
{
    if (mpq_cmp(paid, amount) >= 0)
        mpq_set_ui(out, 1, 1);
    else
        q_div(out, paid, amount);
}

unsigned batch_paid_months(const batch *b, uint32_t di, const day_t *month_end, int first,
                           mpq_t *share, mpq_t paid)
{
    const mpq_t *amount = amount_as_written(b, di);
    if (mpq_sgn(*amount) == 0) {
        mpq_set_ui(share[first], 1, 1);
        return 1u << first;
    }
    size_t n, i = 0;
    const payment *p = batch_payments(b, di, &n);
    mpq_set_ui(paid, 0, 1);
    unsigned mask = 0;
    for (int m = first; m <= 12; m++) {
        int any = 0;
        for (; i < n && p[i].date <= month_end[m]; i++, any = 1)
            q_add(paid, paid, p[i].amount);
        if (m == first || any) {
            paid_share(share[m], paid, *amount);
            mask |= 1u << m;
            if (mpq_cmp_ui(share[m], 1, 1) == 0)
                break;  /* paid in full: nothing later changes the fraction */
        }
        if (i == n)
            break;      /* no payment later */
    }
    return mask;
}

void batch_paid_fraction(const batch *b, uint32_t di, day_t through, mpq_t out)
{
    const mpq_t *amount = amount_as_written(b, di);
    if (mpq_sgn(*amount) == 0) {
        mpq_set_ui(out, 1, 1);
        return;
    }
    size_t n;
    const payment *p = batch_payments(b, di, &n);
    mpq_set_ui(out, 0, 1);
    for (size_t i = 0; i < n && p[i].date <= through; i++)
        mpq_add(out, out, p[i].amount);
    if (mpq_cmp(out, *amount) >= 0) {
        mpq_set_ui(out, 1, 1);
        return;
    }
    mpq_div(out, out, *amount);
}

int batch_has_payments(const batch *b)
{
    return b->payments != NULL;
}

void payments_free(batch *b)
{
    struct payment_table *pt = b->payments;
    if (!pt)
        return;
    for (size_t i = 0; i < pt->n; i++)
        mpq_clear(pt->v[i].amount);
    free(pt->v);
    groups_free(&pt->by_deal);
    free(pt);
    b->payments = NULL;
}
