/*
 * adjustments.c - adjustments.csv: rows checked, then grouped by payee,
 * each payee's by period, then row; checked against the plan once it is
 * known (adjustments_check).
 */
#include "adjustments.h"
#include "date.h"
#include "fields.h"
#include "groups.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

enum { A_PAYEE, A_PERIOD, A_COMPONENT, A_AMOUNT, A_REASON, A_APPROVED, A_N };

struct adjustment_table {
    adjustment *v;           /* valid rows, grouped by payee, each payee's by period, then row */
    size_t n;
    groups by_payee;         /* each payee's rows of v (groups.h) */
    long *at;                /* per adjustments.csv row: its index in v, or -1 (invalid) */
    long c[A_N];             /* the columns, for adjustments_check's messages */
};

/* One valid row, for the sort. */
typedef struct adjustment_row {
    adjustment a;
    uint32_t row;
} adjustment_row;

/* amount: a signed decimal, not zero. */
static int check_signed_amount(const field_ctx *f, long col, mpq_t out)
{
    if (field_check_decimal(f, col, out) != 0)
        return -1;
    if (mpq_sgn(out) != 0)
        return 0;
    char buf[68];
    field_error(f, col, "%s '%s' is zero: an adjustment must change the pay", f->t->header[col],
                field_shown(field_text(f, col), buf));
    return -1;
}

/* reason, approved_by: free text, not empty. */
static int check_text(const field_ctx *f, long col)
{
    if (*field_text(f, col))
        return 0;
    field_error(f, col, "%s is empty: every adjustment needs one", f->t->header[col]);
    return -1;
}

static int row_cmp(const void *pa, const void *pb)
{
    const adjustment_row *a = pa, *b = pb;
    if (a->a.payee != b->a.payee)
        return a->a.payee < b->a.payee ? -1 : 1;
    if (a->a.year != b->a.year)
        return a->a.year < b->a.year ? -1 : 1;
    if (a->a.month != b->a.month)
        return a->a.month < b->a.month ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

int adjustments_load(batch *b, diag *d)
{
    static const char *const names[A_N] = {"payee_id", "period",  "component_id",
                                           "amount",   "reason",  "approved_by"};
    long c[A_N];
    const csv_table *t = &b->adjustments_csv;
    if (field_find_columns(t, names, c, A_N, d))
        return -1;
    size_t n = t->nrows, m = 0;
    adjustment_row *rows = xcalloc(n ? n : 1, sizeof *rows);
    int ok = 0;
    for (size_t r = 0; r < n; r++) {
        field_ctx f = {t, r, d};
        adjustment *a = &rows[m].a;
        mpq_init(a->amount);
        long pi = field_check_key(&f, c[A_PAYEE], b->payees ? &b->payee_ids : NULL,
                                  "the roster");
        int bad = pi < 0;
        const char *month = field_text(&f, c[A_PERIOD]);
        if (period_parse(month, &a->year, &a->month) != 0) {  /* YYYY-MM */
            char buf[68];
            field_error(&f, c[A_PERIOD], "period '%s' is not a month (YYYY-MM)",
                        field_shown(month, buf));
            bad = 1;
        }
        bad |= field_check_id(&f, c[A_COMPONENT], 0) != 0;
        bad |= check_signed_amount(&f, c[A_AMOUNT], a->amount) != 0;
        bad |= check_text(&f, c[A_REASON]) != 0;
        bad |= check_text(&f, c[A_APPROVED]) != 0;
        if (bad) {
            mpq_clear(a->amount);
            ok = -1;
            continue;
        }
        a->payee = (uint32_t)pi;
        a->component_id = field_text(&f, c[A_COMPONENT]);
        a->reason = field_text(&f, c[A_REASON]);
        a->approved_by = field_text(&f, c[A_APPROVED]);
        a->line = t->line[r];
        rows[m].row = (uint32_t)r;
        m++;
    }
    qsort(rows, m, sizeof *rows, row_cmp);
    struct adjustment_table *at = xcalloc(1, sizeof *at);
    b->adjustments = at;
    memcpy(at->c, c, sizeof c);
    groups_init(&at->by_payee, b->payees ? b->npayees : 0);
    at->v = xcalloc(m ? m : 1, sizeof *at->v);
    at->n = m;
    at->at = xmalloc((n ? n : 1) * sizeof *at->at);
    for (size_t r = 0; r < n; r++)
        at->at[r] = -1;
    for (size_t i = 0; i < m; i++) {
        adjustment *a = &at->v[i];
        *a = rows[i].a;  /* the mpq_t moves with it */
        groups_count(&at->by_payee, a->payee);  /* sorted by payee: v is in place */
        at->at[rows[i].row] = (long)i;
    }
    groups_close(&at->by_payee);
    free(rows);
    return ok;
}

const adjustment *batch_adjustments(const batch *b, uint32_t pi, size_t *n)
{
    const struct adjustment_table *at = b->adjustments;
    size_t first = groups_of(at ? &at->by_payee : NULL, pi, n);
    return *n ? &at->v[first] : NULL;
}

/* The component of role r with this id, or NULL. */
static const component *role_component(const role *r, const char *id)
{
    for (size_t i = 0; i < r->ncomponents; i++)
        if (strcmp(r->components[i].id, id) == 0)
            return &r->components[i];
    return NULL;
}

int adjustments_check(const batch *b, const plan *p, diag *d)
{
    const struct adjustment_table *at = b->adjustments;
    if (!at)
        return 0;
    const csv_table *t = &b->adjustments_csv;
    const long *c = at->c;
    int ok = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (at->at[r] < 0)
            continue;
        const adjustment *a = &at->v[at->at[r]];
        const payee *pe = &b->payees[a->payee];
        field_ctx f = {t, r, d};
        const role *ro = plan_find_role(p, pe->role);
        if (!ro) {
            char buf[68];
            field_error(&f, c[A_PAYEE], "payee_id '%s' has role '%s', which is not a role "
                        "of the plan", pe->id, field_shown(pe->role, buf));
            ok = -1;
        }
        if (a->year != p->year) {
            field_error(&f, c[A_PERIOD], "period '%s' is outside the plan year %d",
                        field_text(&f, c[A_PERIOD]), p->year);
            ok = -1;
        }
        if (ro && !role_component(ro, a->component_id)) {
            char buf[68];
            field_error(&f, c[A_COMPONENT], "component_id '%s' is not a component of "
                        "role '%s'", field_shown(a->component_id, buf), ro->id);
            ok = -1;
        }
    }
    return ok;
}

void adjustments_free(batch *b)
{
    struct adjustment_table *at = b->adjustments;
    if (!at)
        return;
    for (size_t i = 0; i < at->n; i++)
        mpq_clear(at->v[i].amount);
    free(at->v);
    groups_free(&at->by_payee);
    free(at->at);
    free(at);
    b->adjustments = NULL;
}
