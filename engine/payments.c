/*
 * payments.c - payments.csv: rows checked, then grouped by deal, each
 * deal's in date order, then row order.
 */
#include "payments.h"
#include "fields.h"
#include "fx.h"
#include "groups.h"
#include "grow.h"
#include "qfast.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

struct payment_table {
    payment *v;              /* valid rows, grouped by deal, each deal's by date, then row */
    size_t n;
    mpq_t *big;              /* the amounts that are not a qw (payment.amount.d == 0) */
    size_t nbig, capbig;
    groups by_deal;          /* each deal's rows of v (groups.h) */
};

enum { P_DEAL, P_DATE, P_AMOUNT, P_N };

/* One valid row, for the sort. */
typedef struct payment_row {
    uint32_t deal;
    uint32_t row;
    day_t date;
    qw amount;               /* as payment.amount */
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

/* x as a payment's amount: its two words, or a number of pt->big. */
static qw keep_amount(struct payment_table *pt, const mpq_t x)
{
    qw w;
    if (qw_from_q(&w, x))
        return w;
    pt->big = grow(pt->big, &pt->capbig, pt->nbig + 1, sizeof *pt->big, 4);
    mpq_init(pt->big[pt->nbig]);
    mpq_set(pt->big[pt->nbig], x);
    return (qw){(int64_t)pt->nbig++, 0};
}

/* The valid rows of t, in the order of v (amounts kept in pt), into *rows: how many. */
static size_t read_rows(const csv_table *t, const long *c, batch *b, struct payment_table *pt,
                        payment_row **rows, int *ok, diag *d)
{
    size_t n = t->nrows, m = 0;
    *rows = xcalloc(n ? n : 1, sizeof **rows);
    mpq_t amount;
    mpq_init(amount);
    for (size_t r = 0; r < n; r++) {
        field_ctx f = {t, r, d};
        payment_row *x = &(*rows)[m];
        long di = field_check_key(&f, c[P_DEAL], b->deals ? &b->deal_ids : NULL, "deals.csv");
        int bad = di < 0;
        bad |= field_check_date(&f, c[P_DATE], &x->date) != 0;
        bad |= field_check_positive(&f, c[P_AMOUNT], amount) != 0;
        if (bad) {
            *ok = -1;
            continue;
        }
        x->deal = (uint32_t)di;
        x->row = (uint32_t)r;
        x->amount = keep_amount(pt, amount);
        m++;
    }
    mpq_clear(amount);
    qsort(*rows, m, sizeof **rows, row_cmp);
    return m;
}

int payments_load(batch *b, diag *d)
{
    static const char *const names[P_N] = {"deal_id", "date", "amount"};
    long c[P_N];
    const csv_table *t = &b->payments_csv;
    if (field_find_columns(t, names, c, P_N, d))
        return -1;
    struct payment_table *pt = xcalloc(1, sizeof *pt);
    b->payments = pt;
    payment_row *rows;
    int ok = 0;
    size_t m = read_rows(t, c, b, pt, &rows, &ok, d);
    groups_init(&pt->by_deal, b->deals ? b->ndeals : 0);
    pt->v = xcalloc(m ? m : 1, sizeof *pt->v);
    pt->n = m;
    for (size_t i = 0; i < m; i++) {
        groups_count(&pt->by_deal, rows[i].deal);  /* sorted by deal: v is in place */
        pt->v[i] = (payment){.date = rows[i].date, .line = t->line[rows[i].row],
                             .amount = rows[i].amount};
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

void payment_amount(const batch *b, const payment *p, mpq_t out)
{
    if (p->amount.d)
        qw_to_q(out, p->amount);
    else
        mpq_set(out, b->payments->big[p->amount.n]);
}

/* The deal's amount as written: fx_convert may have converted the deal since it was read. */
static const mpq_t *amount_as_written(const batch *b, uint32_t di)
{
    const mpq_t *orig = batch_original_amount(b, di);
    return orig ? orig : (const mpq_t *)&b->deals[di].amount;
}

/* A deal's payments added up: in words (w) while the sum is a qw, else in the mpq q. */
typedef struct paid_sum {
    qw w;
    int words;
    mpq_ptr q;
} paid_sum;

static void paid_sum_start(paid_sum *s, mpq_ptr q)
{
    *s = (paid_sum){QW_ZERO, 1, q};
}

static void paid_sum_add(paid_sum *s, const batch *b, const payment *p)
{
    if (s->words && p->amount.d && qw_add(&s->w, s->w, p->amount))
        return;
    if (s->words)
        qw_to_q(s->q, s->w);
    s->words = 0;
    mpq_t x;
    mpq_init(x);
    payment_amount(b, p, x);
    q_add(s->q, s->q, x);
    mpq_clear(x);
}

/* out = min(1, paid / amount), amount > 0.  out may be s's mpq. */
static void paid_share(mpq_t out, paid_sum *s, const mpq_t amount)
{
    qw a, share;
    if (s->words && qw_from_q(&a, amount)) {
        if (qw_cmp(s->w, a) >= 0) {
            mpq_set_ui(out, 1, 1);
            return;
        }
        if (qw_div(&share, s->w, a)) {
            qw_to_q(out, share);
            return;
        }
    }
    if (s->words)
        qw_to_q(s->q, s->w);  /* the same value, as an mpq (s stays in words) */
    if (mpq_cmp(s->q, amount) >= 0)
        mpq_set_ui(out, 1, 1);
    else
        q_div(out, s->q, amount);
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
    paid_sum sum;
    paid_sum_start(&sum, paid);
    unsigned mask = 0;
    for (int m = first; m <= 12; m++) {
        int any = 0;
        for (; i < n && p[i].date <= month_end[m]; i++, any = 1)
            paid_sum_add(&sum, b, &p[i]);
        if (m == first || any) {
            paid_share(share[m], &sum, *amount);
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
    paid_sum sum;
    paid_sum_start(&sum, out);
    for (size_t i = 0; i < n && p[i].date <= through; i++)
        paid_sum_add(&sum, b, &p[i]);
    paid_share(out, &sum, *amount);
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
    for (size_t i = 0; i < pt->nbig; i++)
        mpq_clear(pt->big[i]);
    free(pt->big);
    free(pt->v);
    groups_free(&pt->by_deal);
    free(pt);
    b->payments = NULL;
}
