/*
 * paid.c - the paid history (`--paid FILE`) and the true-ups it implies.
 *
 * The file is read like any batch file (located errors, every row checked),
 * then each row is filed under its payee's earnings slot, component and
 * period (its amount at the period's last month, its line at every month of
 * it, so that overlapping rows are found).  Amounts are kept in minor units (what payroll paid is always a
 * whole number of cents), so a true-up is integer arithmetic on rounded
 * figures, exactly like the payouts themselves.
 */
#include "truce/paid.h"
#include "truce/csv.h"
#include "truce/date.h"
#include "truce/money.h"
#include "truce/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NM (EARN_MONTHS + 1)

enum { COL_PERIOD, COL_PAYEE, COL_ROLE, COL_COMPONENT, COL_AMOUNT, NCOLS };
static const char *const column_name[NCOLS] = {"period", "payee_id", "role", "component_id",
                                               "amount"};

typedef struct paid_reader {
    paid_history *h;
    const plan *p;
    const batch *b;
    const earnings *e;
    const csv_table *t;
    long col[NCOLS];          /* 0-based column of each field */
    const period *per;        /* the run's period: rows before it matter */
    size_t unmatched;         /* rows before the period that no paid payee and component take */
    long first_unmatched;     /* line of the first of them */
    mpq_t q;
    mpz_t scaled;
    diag *d;
} paid_reader;

static const char *cell(const paid_reader *rd, size_t row, int c)
{
    return csv_cell(rd->t, row, (size_t)rd->col[c]);
}

/* Concatenated payouts.csv files repeat their header: such a row is not data. */
static int is_header_row(const paid_reader *rd, size_t row)
{
    for (int c = 0; c < NCOLS; c++)
        if (strcmp(cell(rd, row, c), column_name[c]) != 0)
            return 0;
    return 1;
}

static void row_error(paid_reader *rd, size_t row, int c, const char *what)
{
    diag_error(rd->d, rd->t->file, rd->t->line[row], rd->col[c] + 1, "%s '%s' %s",
               column_name[c], cell(rd, row, c), what);
}

/* The amount in minor units into rd->scaled; -1 (reported) when it is not a whole number of them. */
static int read_amount(paid_reader *rd, size_t row)
{
    const char *s = cell(rd, row, COL_AMOUNT);
    money_status st = money_parse_decimal(rd->q, s, strlen(s));
    if (st != MONEY_OK) {
        row_error(rd, row, COL_AMOUNT,
                  st == MONEY_TOO_LONG ? "has too many digits" : "is not a decimal number");
        return -1;
    }
    mpz_ui_pow_ui(rd->scaled, 10, rd->p->minor_unit);
    mpz_mul(rd->scaled, rd->scaled, mpq_numref(rd->q));
    if (!mpz_divisible_p(rd->scaled, mpq_denref(rd->q))) {
        char what[64];
        snprintf(what, sizeof what, "is not a whole number of %s minor units (%u decimals)",
                 rd->p->currency, rd->p->minor_unit);
        row_error(rd, row, COL_AMOUNT, what);
        return -1;
    }
    mpz_divexact(rd->scaled, rd->scaled, mpq_denref(rd->q));
    return 0;
}

/* The entry (slot base + component) a row is filed under; -1 not paid here, -2 another shard's. */
static long entry_of(const paid_reader *rd, size_t row)
{
    long pi = idmap_get(&rd->b->payee_ids, cell(rd, row, COL_PAYEE));
    if (pi < 0)
        return -1;
    long s = rd->e->slot[pi];
    if (s < 0)
        return plan_find_role(rd->p, rd->b->payees[pi].role) ? -2 : -1;
    const role *r = rd->e->v[s].role;
    if (strcmp(r->id, cell(rd, row, COL_ROLE)) != 0)
        return -1;
    for (size_t k = 0; k < r->ncomponents; k++)
        if (strcmp(r->components[k].id, cell(rd, row, COL_COMPONENT)) == 0)
            return (long)(rd->h->base[s] + k);
    return -1;
}

/* A row whose months overlap the run's period, unless it is the run's period itself. */
static int overlaps_run(paid_reader *rd, size_t row, const period *pp)
{
    const period *run = rd->per;
    if (pp->last < run->first || pp->first > run->last ||
        (pp->first == run->first && pp->last == run->last))
        return 0;
    char text[PERIOD_TEXT_SIZE], what[64];
    period_format(run, text);
    snprintf(what, sizeof what, "overlaps the period %s of this run", text);
    row_error(rd, row, COL_PERIOD, what);
    return 1;
}

/* The row's months must be free for its payee, role and component: -1 (reported) when not. */
static int months_free(paid_reader *rd, size_t row, size_t entry, const period *pp)
{
    const paid_history *h = rd->h;
    for (int j = pp->first; j <= pp->last; j++) {
        size_t at = entry * NM + (size_t)j;
        if (!h->line[at])
            continue;
        long line = rd->t->line[row];
        if (h->first[at] == pp->first && h->last[at] == pp->last) {
            diag_error(rd->d, rd->t->file, line, 0, "%s %s %s %s is paid twice (also at line %ld)",
                       cell(rd, row, COL_PERIOD), cell(rd, row, COL_PAYEE), cell(rd, row, COL_ROLE),
                       cell(rd, row, COL_COMPONENT), h->line[at]);
        } else {
            period other;
            char text[PERIOD_TEXT_SIZE];
            period_make(&other, pp->year, h->first[at], h->last[at]);
            period_format(&other, text);
            diag_error(rd->d, rd->t->file, line, 0,
                       "%s %s %s %s overlaps %s, paid at line %ld", cell(rd, row, COL_PERIOD),
                       cell(rd, row, COL_PAYEE), cell(rd, row, COL_ROLE),
                       cell(rd, row, COL_COMPONENT), text, h->line[at]);
        }
        return -1;
    }
    return 0;
}

static void file_row(paid_reader *rd, size_t row)
{
    period pp;
    if (period_parse_any(cell(rd, row, COL_PERIOD), &pp) != 0) {
        row_error(rd, row, COL_PERIOD, "is not " PERIOD_FORMS);
        return;
    }
    if (read_amount(rd, row) != 0 || pp.year != rd->p->year)
        return;  /* other years' payrolls are not this plan's */
    if (overlaps_run(rd, row, &pp))
        return;
    for (int j = pp.first; j <= pp.last; j++)
        rd->h->recorded[j] = 1;
    long entry = entry_of(rd, row);
    if (entry == -2)
        return;
    long line = rd->t->line[row];
    if (entry < 0) {
        if (pp.last < rd->per->first && rd->unmatched++ == 0)
            rd->first_unmatched = line;
        return;
    }
    if (months_free(rd, row, (size_t)entry, &pp) != 0)
        return;
    mpz_set(rd->h->amount[(size_t)entry * NM + (size_t)pp.last], rd->scaled);
    for (int j = pp.first; j <= pp.last; j++) {
        size_t at = (size_t)entry * NM + (size_t)j;
        rd->h->line[at] = line;
        rd->h->first[at] = (unsigned char)pp.first;
        rd->h->last[at] = (unsigned char)pp.last;
    }
}

static int find_columns(paid_reader *rd)
{
    int ok = 0;
    for (int c = 0; c < NCOLS; c++) {
        rd->col[c] = csv_column(rd->t, column_name[c]);
        if (rd->col[c] < 0) {
            diag_error(rd->d, rd->t->file, rd->t->header_line, 0,
                       "the header has no column '%s' (a paid file is payouts.csv files, "
                       "concatenated)", column_name[c]);
            ok = -1;
        }
    }
    return ok;
}

static void history_alloc(paid_history *h, const earnings *e)
{
    memset(h, 0, sizeof *h);
    h->given = 1;
    h->base = xmalloc((e->n + 1) * sizeof *h->base);
    for (size_t s = 0; s < e->n; s++) {
        h->base[s] = h->n;
        h->n += e->v[s].role->ncomponents;
    }
    h->base[e->n] = h->n;
    h->amount = xmalloc((h->n ? h->n : 1) * NM * sizeof *h->amount);
    for (size_t i = 0; i < h->n * NM; i++)
        mpz_init(h->amount[i]);
    h->line = xcalloc(h->n ? h->n * NM : 1, sizeof *h->line);
    h->first = xcalloc(h->n ? h->n * NM : 1, 1);
    h->last = xcalloc(h->n ? h->n * NM : 1, 1);
}

int paid_load(paid_history *h, const char *path, const plan *p, const batch *b,
              const earnings *e, const period *per, diag *d)
{
    size_t before = d->errors;
    history_alloc(h, e);
    csv_table t;
    if (csv_read_file(&t, path, path, d) != 0) {
        csv_table_free(&t);
        return -1;
    }
    paid_reader rd;
    memset(&rd, 0, sizeof rd);
    rd.h = h, rd.p = p, rd.b = b, rd.e = e, rd.t = &t, rd.per = per, rd.d = d;
    mpq_init(rd.q);
    mpz_init(rd.scaled);
    if (batch_check_rows(&t, d) == 0 && find_columns(&rd) == 0)
        for (size_t row = 0; row < t.nrows; row++)
            if (!is_header_row(&rd, row))
                file_row(&rd, row);
    if (rd.unmatched) {
        char text[PERIOD_TEXT_SIZE];
        period_format(per, text);
        diag_warn(d, t.file, rd.first_unmatched, 0,
                  "%zu row%s before %s name%s a payee, role or component this run does "
                  "not pay; ignored", rd.unmatched, rd.unmatched == 1 ? "" : "s", text,
                  rd.unmatched == 1 ? "s" : "");
    }
    mpq_clear(rd.q);
    mpz_clear(rd.scaled);
    csv_table_free(&t);
    return d->errors == before ? 0 : -1;
}

void paid_in_month(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int j)
{
    const component_earnings *ce = &e->v[s].comp[k];
    if (h && h->given && h->recorded[j])
        mpz_set(out, h->amount[(h->base[s] + k) * NM + (size_t)j]);
    else
        mpz_sub(out, ce->R[j], ce->R[j - 1]);
}

int paid_row_last(const paid_history *h, size_t s, size_t k, int j)
{
    if (!h || !h->given)
        return 0;
    return h->last[(h->base[s] + k) * NM + (size_t)j];
}

void paid_through(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int m)
{
    if (!h || !h->given) {
        mpz_set(out, e->v[s].comp[k].R[m]);  /* every month paid as computed: they telescope */
        return;
    }
    mpz_t one;
    mpz_init(one);
    mpz_set_ui(out, 0);
    for (int j = 1; j <= m; j++) {
        paid_in_month(one, h, e, s, k, j);
        mpz_add(out, out, one);
    }
    mpz_clear(one);
}

void paid_payable_period(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k,
                         int first, int last)
{
    mpz_t before;
    mpz_init(before);
    paid_through(before, h, e, s, k, first - 1);
    mpz_sub(out, e->v[s].comp[k].R[last], before);
    mpz_clear(before);
}

void paid_payable(mpz_t out, const paid_history *h, const earnings *e, size_t s, size_t k, int m)
{
    paid_payable_period(out, h, e, s, k, m, m);
}

void paid_free(paid_history *h)
{
    if (!h->given)
        return;
    for (size_t i = 0; i < h->n * NM; i++)
        mpz_clear(h->amount[i]);
    free(h->amount);
    free(h->line);
    free(h->first);
    free(h->last);
    free(h->base);
    memset(h, 0, sizeof *h);
}
