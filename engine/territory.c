/*
 * territory.c - territories.csv: rows checked, then indexed by (field, value).
 *
 * Each distinct `field` gets a hash of its values (idmap), each value a group
 * of rows sorted by payee.  A deal looks up its own cell of every indexed
 * field, and the groups found are merged by payee, keeping rows of the role
 * asked whose dates hold the deal's close: one lookup per distinct field and
 * a pass over the rows that name the deal's values, never over the file.
 */
#include "territory.h"
#include "fields.h"
#include "groups.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

typedef struct terr_row {
    uint32_t payee;
    day_t from, to;          /* DAY_OPEN_START / DAY_OPEN_END when empty */
} terr_row;

struct territory_index {
    size_t nfields;
    long *field_col;         /* deals.csv column of each distinct field */
    idmap *values;           /* per field: value -> group */
    size_t ngroups;
    groups by_group;         /* each group's rows of `rows` (groups.h) */
    terr_row *rows;          /* by group, each group's by payee */
};

enum { T_PAYEE, T_FIELD, T_VALUE, T_FROM, T_TO, T_N };

static int by_payee(const void *a, const void *b)
{
    const terr_row *x = a, *y = b;
    return x->payee < y->payee ? -1 : x->payee > y->payee;
}

/* Checks one row; its deals.csv column in *col, its dates in *x.  0 or -1 (reported). */
static int check_row(const batch *b, const field_ctx *f, const long *c, long *col, terr_row *x)
{
    int bad = 0;
    long p = field_check_key(f, c[T_PAYEE], b->payees ? &b->payee_ids : NULL, "the roster");
    bad |= p < 0;
    x->payee = (uint32_t)(p < 0 ? 0 : p);
    const char *field = field_text(f, c[T_FIELD]);
    *col = b->deals_csv.header ? csv_column(&b->deals_csv, field) : -1;
    if (b->deals_csv.header && *col < 0) {
        char buf[68];
        field_error(f, c[T_FIELD], "field '%s' is not a column of deals.csv",
                    field_shown(field, buf));
    }
    bad |= *col < 0;
    int dates_ok = field_check_date_open(f, c[T_FROM], DAY_OPEN_START, &x->from) == 0;
    dates_ok &= field_check_date_open(f, c[T_TO], DAY_OPEN_END, &x->to) == 0;
    if (dates_ok && x->from > x->to) {
        field_error(f, c[T_TO], "to '%s' is before from '%s'", field_text(f, c[T_TO]),
                    field_text(f, c[T_FROM]));
        dates_ok = 0;
    }
    return bad || !dates_ok ? -1 : 0;
}

int territory_load(batch *b, diag *d)
{
    static const char *const names[T_N] = {"payee_id", "field", "value", "from", "to"};
    long c[T_N];
    const csv_table *t = &b->territories_csv;
    if (field_find_columns(t, names, c, T_N, d))
        return -1;
    size_t n = t->nrows;
    terr_row *read = xcalloc(n ? n : 1, sizeof *read);
    uint32_t *group = xmalloc((n ? n : 1) * sizeof *group);
    unsigned char *valid = xcalloc(n ? n : 1, 1);
    long *field_of_col = xmalloc((b->deals_csv.ncols ? b->deals_csv.ncols : 1) * sizeof(long));
    for (size_t i = 0; i < b->deals_csv.ncols; i++)
        field_of_col[i] = -1;
    struct territory_index *ti = xcalloc(1, sizeof *ti);
    ti->field_col = xmalloc((b->deals_csv.ncols ? b->deals_csv.ncols : 1) * sizeof(long));
    ti->values = xmalloc((b->deals_csv.ncols ? b->deals_csv.ncols : 1) * sizeof *ti->values);
    int ok = 0;
    for (size_t r = 0; r < n; r++) {
        field_ctx f = {t, r, d};
        long col;
        if (check_row(b, &f, c, &col, &read[r]) != 0) {
            ok = -1;
            continue;
        }
        valid[r] = 1;
        if (field_of_col[col] < 0) {
            field_of_col[col] = (long)ti->nfields;
            ti->field_col[ti->nfields] = col;
            idmap_init(&ti->values[ti->nfields++]);
        }
        idmap *values = &ti->values[field_of_col[col]];
        const char *value = field_text(&f, c[T_VALUE]);
        long g = idmap_get(values, value);
        if (g < 0) {
            g = (long)ti->ngroups++;
            idmap_put(values, value, (uint32_t)g);
        }
        group[r] = (uint32_t)g;
    }
    /* Group the rows (a counting sort), then order each group by payee. */
    groups_init(&ti->by_group, ti->ngroups);
    for (size_t r = 0; r < n; r++)
        if (valid[r])
            groups_count(&ti->by_group, group[r]);
    size_t nvalid = groups_close(&ti->by_group);
    ti->rows = xmalloc((nvalid ? nvalid : 1) * sizeof *ti->rows);
    uint32_t *cursor = groups_cursor(&ti->by_group);
    for (size_t r = 0; r < n; r++)
        if (valid[r])
            ti->rows[cursor[group[r]]++] = read[r];
    for (size_t g = 0; g < ti->ngroups; g++) {
        size_t count, first = groups_of(&ti->by_group, g, &count);
        qsort(ti->rows + first, count, sizeof *ti->rows, by_payee);
    }
    b->territory = ti;
    free(cursor);
    free(field_of_col);
    free(valid);
    free(group);
    free(read);
    return ok;
}

/* Skips the rows of [*at, end) that do not cover a deal closing on `close` for `role`. */
static void skip_others(const batch *b, const terr_row *rows, uint32_t *at, uint32_t end,
                        day_t close, const char *role)
{
    while (*at < end) {
        const terr_row *x = &rows[*at];
        if (x->from <= close && close <= x->to && strcmp(b->payees[x->payee].role, role) == 0)
            return;
        ++*at;
    }
}

size_t territory_covering(const batch *b, uint32_t di, const char *role, uint32_t *out,
                          size_t cap)
{
    const struct territory_index *ti = b->territory;
    if (!ti || di >= b->ndeals || !role)
        return 0;
    /* One group per distinct field at most: the deal's own value of that field. */
    uint32_t at[CSV_MAX_COLUMNS], end[CSV_MAX_COLUMNS];
    size_t k = 0;
    for (size_t i = 0; i < ti->nfields; i++) {
        const char *cell = csv_cell(&b->deals_csv, di, (size_t)ti->field_col[i]);
        long g = idmap_get(&ti->values[i], cell);
        if (g < 0)
            continue;
        size_t count;
        at[k] = (uint32_t)groups_of(&ti->by_group, (size_t)g, &count);
        end[k] = at[k] + (uint32_t)count;
        k++;
    }
    day_t close = b->deals[di].close;
    size_t count = 0;
    for (;;) {
        /* The smallest payee still covering, over every group's next row. */
        int found = 0;
        uint32_t min = 0;
        for (size_t j = 0; j < k; j++) {
            skip_others(b, ti->rows, &at[j], end[j], close, role);
            if (at[j] < end[j] && (!found || ti->rows[at[j]].payee < min)) {
                min = ti->rows[at[j]].payee;
                found = 1;
            }
        }
        if (!found)
            return count;
        if (count < cap)
            out[count] = min;
        count++;
        for (size_t j = 0; j < k; j++)
            while (at[j] < end[j] && ti->rows[at[j]].payee == min)
                at[j]++;
    }
}

void territory_free(batch *b)
{
    struct territory_index *ti = b->territory;
    if (!ti)
        return;
    for (size_t i = 0; i < ti->nfields; i++)
        idmap_free(&ti->values[i]);
    free(ti->values);
    free(ti->field_col);
    groups_free(&ti->by_group);
    free(ti->rows);
    free(ti);
    b->territory = NULL;
}
