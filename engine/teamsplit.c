/*
 * teamsplit.c - splits.csv: rows checked, then grouped by deal.
 *
 * Rows are checked one by one (ids, references, share), then pairs seen
 * twice, then each deal's sum, at the deal's first row.  The valid rows of a
 * deal are kept together, in file order, behind per-deal offsets, so that
 * crediting finds a deal's team in constant time.
 */
#include "teamsplit.h"
#include "fields.h"
#include "groups.h"
#include "money.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

struct team_table {
    team_share *v;           /* valid rows, grouped by deal, each deal's in file order */
    size_t n;
    groups by_deal;          /* each deal's rows of v (groups.h) */
};

enum { S_DEAL, S_PAYEE, S_SHARE, S_N };

/* One row of splits.csv as read; deal -1 when its deal_id is not usable. */
typedef struct split_row {
    long deal, payee;
    int ok;                  /* every field valid */
    uint32_t row;
} split_row;

/* A share: a plan number (decimal, percentage or fraction) above zero. */
static int check_share(const field_ctx *f, long col, mpq_t out)
{
    const char *name = f->t->header[col], *s = field_text(f, col);
    char buf[68];
    if (field_check_present(f, col) != 0)
        return -1;
    money_status st = money_parse_plan_number(out, s, PLAN_NUM_ANY, NULL);
    const char *slash = strchr(s, '/');
    if (st == MONEY_TOO_LONG)
        field_error(f, col, "%s '%s' has more than %d digits", name, field_shown(s, buf),
                    MONEY_MAX_DIGITS);
    else if (st != MONEY_OK && slash && slash[1] && strspn(slash + 1, "0") == strlen(slash + 1))
        field_error(f, col, "%s '%s' has a zero denominator", name, field_shown(s, buf));
    else if (st != MONEY_OK)
        field_error(f, col, "%s '%s' is not a decimal, a percentage or a fraction", name,
                    field_shown(s, buf));
    else if (mpq_sgn(out) == 0)
        field_error(f, col, "%s '%s' is not above zero", name, field_shown(s, buf));
    else
        return 0;
    return -1;
}

/* Orders rows by deal, payee, then row: equal pairs become neighbours, the first one first. */
static int pair_cmp(const void *pa, const void *pb)
{
    const split_row *a = *(const split_row *const *)pa, *b = *(const split_row *const *)pb;
    if (a->deal != b->deal)
        return a->deal < b->deal ? -1 : 1;
    if (a->payee != b->payee)
        return a->payee < b->payee ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* Marks the second and later rows of a (deal, payee) pair: dup[r] = 1 + the first row
   (field_repeat). */
static void find_duplicates(split_row *rows, size_t n, size_t *dup)
{
    split_row **order = xmalloc((n ? n : 1) * sizeof *order);
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        if (rows[r].deal >= 0 && rows[r].payee >= 0)
            order[m++] = &rows[r];
    qsort(order, m, sizeof *order, pair_cmp);
    for (size_t i = 1; i < m; i++)
        if (order[i]->deal == order[i - 1]->deal && order[i]->payee == order[i - 1]->payee)
            field_repeat(dup, order[i - 1]->row, order[i]->row);
    free(order);
}

/* "shares of deal D add up to 90%, not 100%" for each deal whose valid rows do not add to 1. */
static int check_sums(const batch *b, const split_row *rows, size_t n,
                      const unsigned char *deal_bad, diag *d)
{
    const struct team_table *tt = b->team;
    const csv_table *t = &b->splits_csv;
    int ok = 0;
    mpq_t sum, pct;
    mpq_init(sum);
    mpq_init(pct);
    unsigned char *done = xcalloc(b->ndeals ? b->ndeals : 1, 1);
    for (size_t r = 0; r < n; r++) {
        long di = rows[r].deal;
        if (di < 0 || done[di] || deal_bad[di])
            continue;
        done[di] = 1;  /* r is the deal's first row: add up all of them */
        mpq_set_ui(sum, 0, 1);
        size_t count, first = groups_of(&tt->by_deal, (size_t)di, &count);
        for (size_t i = first; i < first + count; i++)
            mpq_add(sum, sum, tt->v[i].share);
        if (mpq_cmp_ui(sum, 1, 1) == 0)
            continue;
        mpq_set_ui(pct, 100, 1);
        mpq_mul(pct, pct, sum);
        strbuf sb = STRBUF_INIT;
        money_format_exact(&sb, pct);
        diag_error(d, t->file, t->line[r], 0, "shares of deal %s add up to %s%%, not 100%%",
                   b->deals[di].id, sb.p);
        sb_free(&sb);
        ok = -1;
    }
    free(done);
    mpq_clear(sum);
    mpq_clear(pct);
    return ok;
}

int teamsplit_load(batch *b, diag *d)
{
    static const char *const names[S_N] = {"deal_id", "payee_id", "share"};
    long c[S_N];
    const csv_table *t = &b->splits_csv;
    if (field_find_columns(t, names, c, S_N, d))
        return -1;
    size_t n = t->nrows;
    split_row *rows = xcalloc(n ? n : 1, sizeof *rows);
    mpq_t *share = xmalloc((n ? n : 1) * sizeof *share);
    int ok = 0;
    for (size_t r = 0; r < n; r++) {
        field_ctx f = {t, r, d};
        split_row *x = &rows[r];
        mpq_init(share[r]);
        x->row = (uint32_t)r;
        x->deal = field_check_key(&f, c[S_DEAL], b->deals ? &b->deal_ids : NULL, "deals.csv");
        x->payee = field_check_key(&f, c[S_PAYEE], b->payees ? &b->payee_ids : NULL,
                                   "the roster");
        int share_ok = check_share(&f, c[S_SHARE], share[r]) == 0;
        x->ok = x->deal >= 0 && x->payee >= 0 && share_ok;
        if (!x->ok)
            ok = -1;
    }
    /* A pair twice: the second row is the error. */
    size_t *dup = xcalloc(n ? n : 1, sizeof *dup);
    find_duplicates(rows, n, dup);
    if (field_report_repeats(t, dup, c[S_PAYEE], c[S_DEAL], d) != 0)
        ok = -1;
    for (size_t r = 0; r < n; r++)
        if (dup[r])
            rows[r].ok = 0;
    /* Group the valid rows by deal (a counting sort keeps file order); a deal with an invalid
       row gets no sum check: its sum would only repeat that error. */
    size_t ndeals = b->deals ? b->ndeals : 0;
    unsigned char *deal_bad = xcalloc(ndeals ? ndeals : 1, 1);
    struct team_table *tt = xcalloc(1, sizeof *tt);
    b->team = tt;
    groups_init(&tt->by_deal, ndeals);
    for (size_t r = 0; r < n; r++) {
        if (rows[r].deal < 0)
            continue;
        if (!rows[r].ok)
            deal_bad[rows[r].deal] = 1;
        else
            groups_count(&tt->by_deal, (size_t)rows[r].deal);
    }
    tt->n = groups_close(&tt->by_deal);
    tt->v = xcalloc(tt->n ? tt->n : 1, sizeof *tt->v);
    uint32_t *cursor = groups_cursor(&tt->by_deal);
    for (size_t r = 0; r < n; r++) {
        if (!rows[r].ok)
            continue;
        team_share *s = &tt->v[cursor[rows[r].deal]++];
        s->payee = (uint32_t)rows[r].payee;
        s->line = t->line[r];
        mpq_init(s->share);
        mpq_swap(s->share, share[r]);
    }
    if (check_sums(b, rows, n, deal_bad, d))
        ok = -1;
    for (size_t r = 0; r < n; r++)
        mpq_clear(share[r]);
    free(cursor);
    free(deal_bad);
    free(dup);
    free(share);
    free(rows);
    return ok;
}

const team_share *batch_team(const batch *b, uint32_t di, size_t *n)
{
    const struct team_table *tt = b->team;
    size_t first = groups_of(tt ? &tt->by_deal : NULL, di, n);
    return *n ? &tt->v[first] : NULL;
}

void teamsplit_free(batch *b)
{
    struct team_table *tt = b->team;
    if (!tt)
        return;
    for (size_t i = 0; i < tt->n; i++)
        mpq_clear(tt->v[i].share);
    free(tt->v);
    groups_free(&tt->by_deal);
    free(tt);
    b->team = NULL;
}
