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
#include "paid.h"
#include "csv.h"
#include "date.h"
#include "fields.h"
#include "money.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NM (EARN_MONTHS + 1)

enum { COL_PERIOD, COL_PAYEE, COL_ROLE, COL_COMPONENT, COL_AMOUNT, NCOLS };
static const char *const column_name[NCOLS] = {"period", "payee_id", "role", "component_id",
                                               "amount"};

typedef struct paid_reader {
    paid_history *h;
    const csv_table *t;
    unsigned char table;      /* index of t in h->files */
    long col[NCOLS];          /* 0-based column of each field */
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
    const plan *p = rd->h->p;
    const char *s = cell(rd, row, COL_AMOUNT);
    money_status st = money_parse_decimal(rd->q, s, strlen(s));
    if (st != MONEY_OK) {
        row_error(rd, row, COL_AMOUNT,
                  st == MONEY_TOO_LONG ? "has too many digits" : "is not a decimal number");
        return -1;
    }
    mpz_ui_pow_ui(rd->scaled, 10, p->minor_unit);
    mpz_mul(rd->scaled, rd->scaled, mpq_numref(rd->q));
    if (!mpz_divisible_p(rd->scaled, mpq_denref(rd->q))) {
        char what[64];
        snprintf(what, sizeof what, "is not a whole number of %s minor units (%u decimals)",
                 p->currency, p->minor_unit);
        row_error(rd, row, COL_AMOUNT, what);
        return -1;
    }
    mpz_divexact(rd->scaled, rd->scaled, mpq_denref(rd->q));
    return 0;
}

enum { NOT_TAKEN = -1, OTHER_SHARD = -2 };

/*
 * The entry (slot base + component) a row is filed under; NOT_TAKEN when the
 * run pays no such payee, role and component; OTHER_SHARD when it does, in
 * another shard.  The decision to take a row does not depend on the shard, so
 * that every shard reads the history as the unsharded run does.
 */
static long entry_of(const paid_reader *rd, size_t row)
{
    const paid_history *h = rd->h;
    long pi = idmap_get(&h->b->payee_ids, cell(rd, row, COL_PAYEE));
    if (pi < 0)
        return NOT_TAKEN;
    const role *r = plan_find_role(h->p, h->b->payees[pi].role);
    if (!r || strcmp(r->id, cell(rd, row, COL_ROLE)) != 0)
        return NOT_TAKEN;
    for (size_t k = 0; k < r->ncomponents; k++)
        if (strcmp(r->components[k].id, cell(rd, row, COL_COMPONENT)) == 0) {
            long s = h->e->slot[pi];
            return s < 0 ? OTHER_SHARD : (long)(h->base[s] + k);
        }
    return NOT_TAKEN;
}

/* A row whose months overlap the run's period, unless it is the run's period itself. */
static int overlaps_run(paid_reader *rd, size_t row, const period *pp)
{
    const period *run = &rd->h->per;
    if (pp->last < run->first || pp->first > run->last ||
        (pp->first == run->first && pp->last == run->last))
        return 0;
    char text[PERIOD_TEXT_SIZE], what[64];
    period_format(run, text);
    snprintf(what, sizeof what, "overlaps the period %s of this run", text);
    row_error(rd, row, COL_PERIOD, what);
    return 1;
}

/* "line N" of the same table, or "TABLE:N" of another. */
static void put_where(strbuf *sb, const paid_reader *rd, size_t at)
{
    const paid_history *h = rd->h;
    if (h->file[at] == rd->table)
        sb_printf(sb, "line %ld", h->line[at]);
    else
        sb_printf(sb, "%s:%ld", h->files[h->file[at]], h->line[at]);
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
        strbuf where = STRBUF_INIT;
        put_where(&where, rd, at);
        if (h->first[at] == pp->first && h->last[at] == pp->last) {
            diag_error(rd->d, rd->t->file, line, 0, "%s %s %s %s is paid twice (also at %s)",
                       cell(rd, row, COL_PERIOD), cell(rd, row, COL_PAYEE), cell(rd, row, COL_ROLE),
                       cell(rd, row, COL_COMPONENT), where.p);
        } else {
            period other;
            char text[PERIOD_TEXT_SIZE];
            period_make(&other, pp->year, h->first[at], h->last[at]);
            period_format(&other, text);
            diag_error(rd->d, rd->t->file, line, 0, "%s %s %s %s overlaps %s, paid at %s",
                       cell(rd, row, COL_PERIOD), cell(rd, row, COL_PAYEE),
                       cell(rd, row, COL_ROLE), cell(rd, row, COL_COMPONENT), text, where.p);
        }
        sb_free(&where);
        return -1;
    }
    return 0;
}

static void file_row(paid_reader *rd, size_t row)
{
    paid_history *h = rd->h;
    period pp;
    if (period_parse_any(cell(rd, row, COL_PERIOD), &pp) != 0) {
        row_error(rd, row, COL_PERIOD, "is not " PERIOD_FORMS);
        return;
    }
    if (read_amount(rd, row) != 0 || pp.year != h->p->year)
        return;  /* other years' payrolls are not this plan's */
    if (overlaps_run(rd, row, &pp))
        return;
    long entry = entry_of(rd, row);
    long line = rd->t->line[row];
    if (entry == NOT_TAKEN) {
        if (pp.last < h->per.first && h->unmatched++ == 0) {
            h->first_unmatched = line;
            h->first_unmatched_file = rd->table;
        }
        return;
    }
    for (int j = pp.first; j <= pp.last; j++)
        h->recorded[j] = 1;
    if (entry == OTHER_SHARD || months_free(rd, row, (size_t)entry, &pp) != 0)
        return;
    mpz_set(h->amount[(size_t)entry * NM + (size_t)pp.last], rd->scaled);
    for (int j = pp.first; j <= pp.last; j++) {
        size_t at = (size_t)entry * NM + (size_t)j;
        h->line[at] = line;
        h->file[at] = rd->table;
        h->first[at] = (unsigned char)pp.first;
        h->last[at] = (unsigned char)pp.last;
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

void paid_begin(paid_history *h, const plan *p, const batch *b, const earnings *e,
                const period *per)
{
    memset(h, 0, sizeof *h);
    h->given = 1;
    h->p = p, h->b = b, h->e = e, h->per = *per;
    h->base = xmalloc((e->n + 1) * sizeof *h->base);
    for (size_t s = 0; s < e->n; s++) {
        h->base[s] = h->n;
        h->n += e->v[s].role->ncomponents;
    }
    h->base[e->n] = h->n;
    size_t cells = h->n ? h->n * NM : 1;
    h->amount = xmalloc(cells * sizeof *h->amount);
    for (size_t i = 0; i < cells; i++)
        mpz_init(h->amount[i]);
    h->line = xcalloc(cells, sizeof *h->line);
    h->file = xcalloc(cells, 1);
    h->first = xcalloc(cells, 1);
    h->last = xcalloc(cells, 1);
    h->files = xcalloc(PAID_MAX_TABLES, sizeof *h->files);
}

/* Files the rows of table t (already read); 0 or -1. */
static int add_table(paid_history *h, const csv_table *t, diag *d)
{
    size_t before = d->errors;
    if (h->nfiles == PAID_MAX_TABLES) {
        diag_error(d, t->file, 0, 0, "more than %d paid tables", PAID_MAX_TABLES);
        return -1;
    }
    paid_reader rd;
    memset(&rd, 0, sizeof rd);
    rd.h = h, rd.t = t, rd.d = d;
    rd.table = (unsigned char)h->nfiles;
    h->files[h->nfiles++] = xstrdup(t->file);
    mpq_init(rd.q);
    mpz_init(rd.scaled);
    if (field_check_rows(t, d) == 0 && find_columns(&rd) == 0)
        for (size_t row = 0; row < t->nrows; row++)
            if (!is_header_row(&rd, row))
                file_row(&rd, row);
    mpq_clear(rd.q);
    mpz_clear(rd.scaled);
    return d->errors == before ? 0 : -1;
}

int paid_add(paid_history *h, const char *data, size_t len, const char *name, diag *d)
{
    csv_table t;
    int rc = csv_read_memory(&t, data, len, name, d) == 0 ? add_table(h, &t, d) : -1;
    csv_table_free(&t);
    return rc;
}

int paid_add_file(paid_history *h, const char *path, diag *d)
{
    csv_table t;
    int rc = csv_read_file(&t, path, path, d) == 0 ? add_table(h, &t, d) : -1;
    csv_table_free(&t);
    return rc;
}

void paid_end(paid_history *h, diag *d)
{
    if (!h->unmatched)
        return;
    char text[PERIOD_TEXT_SIZE];
    period_format(&h->per, text);
    diag_warn(d, h->files[h->first_unmatched_file], h->first_unmatched, 0,
              "%zu row%s before %s name%s a payee, role or component this run does "
              "not pay; ignored", h->unmatched, h->unmatched == 1 ? "" : "s", text,
              h->unmatched == 1 ? "s" : "");
}

int paid_load(paid_history *h, const char *path, const plan *p, const batch *b,
              const earnings *e, const period *per, diag *d)
{
    paid_begin(h, p, b, e, per);
    int rc = paid_add_file(h, path, d);
    paid_end(h, d);
    return rc;
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
    for (size_t i = 0; i < (h->n ? h->n * NM : 1); i++)
        mpz_clear(h->amount[i]);
    free(h->amount);
    free(h->line);
    free(h->file);
    free(h->first);
    free(h->last);
    free(h->base);
    for (size_t i = 0; i < h->nfiles; i++)
        free(h->files[i]);
    free(h->files);
    memset(h, 0, sizeof *h);
}
