/*
 * events.c - events.csv: rows checked, then each deal's events walked in
 * date order, then row order.
 *
 * Rows are checked one by one (deal, date on or after the close, kind,
 * amount as the kind wants it).  Then each deal whose rows are all valid is
 * walked: a refund may take at most what is left of the deal, nothing may
 * follow a cancel, and each event gets its exact fraction of the deal.
 * Those messages are reported in file order too.  The events of a deal are
 * kept together behind per-deal offsets, in walk order.
 */
#include "events.h"
#include "fields.h"
#include "groups.h"
#include "money.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

struct event_table {
    deal_event *v;           /* the events of valid deals, grouped by deal, each by date, row */
    size_t n;
    groups by_deal;          /* each deal's rows of v (groups.h) */
};

enum { E_DEAL, E_DATE, E_KIND, E_AMOUNT, E_N };

/* One row of events.csv as read; deal -1 when its deal_id is not usable. */
typedef struct event_row {
    long deal;
    day_t date;
    int cancel;
    int ok;                  /* every field valid */
    uint32_t row;
    mpq_t amount;            /* a refund's */
} event_row;

/* The deal's close_date and amount as written are valid: they can be compared with. */
static int deal_usable(const batch *b, long di, long close_col, long amount_col)
{
    if (di < 0 || close_col < 0 || amount_col < 0)
        return 0;
    const char *close = csv_cell(&b->deals_csv, (size_t)di, (size_t)close_col);
    const char *amount = csv_cell(&b->deals_csv, (size_t)di, (size_t)amount_col);
    day_t day;
    if (date_parse(close, strlen(close), &day) != 0)
        return 0;
    mpq_t q;
    mpq_init(q);
    int ok = money_parse_decimal(q, amount, strlen(amount)) == MONEY_OK && mpq_sgn(q) >= 0;
    mpq_clear(q);
    return ok;
}

/* kind: cancel or refund. */
static int check_kind(const field_ctx *f, long col, int *cancel)
{
    const char *s = field_text(f, col);
    char buf[68];
    if (strcmp(s, "cancel") == 0 || strcmp(s, "refund") == 0) {
        *cancel = s[0] == 'c';
        return 0;
    }
    if (field_check_present(f, col) == 0)
        field_error(f, col, "%s '%s' is not cancel or refund", f->t->header[col],
                    field_shown(s, buf));
    return -1;
}

/* amount: empty for a cancel; a decimal above zero for a refund; kind_ok 0: only its form. */
static int check_event_amount(const field_ctx *f, long col, int kind_ok, int cancel, mpq_t out)
{
    const char *name = f->t->header[col], *s = field_text(f, col);
    char buf[68];
    if (kind_ok && cancel) {
        if (!*s)
            return 0;
        field_error(f, col, "%s '%s' is given for a cancel: a cancel takes what is left "
                    "of the deal", name, field_shown(s, buf));
        return -1;
    }
    if (!kind_ok)
        return field_check_amount(f, col, out, 1, NULL);
    if (!*s) {
        field_error(f, col, "%s is empty: a refund needs one", name);
        return -1;
    }
    return field_check_positive(f, col, out);
}

/* Orders rows by deal, date, then row. */
static int walk_cmp(const void *pa, const void *pb)
{
    const event_row *a = *(const event_row *const *)pa, *b = *(const event_row *const *)pb;
    if (a->deal != b->deal)
        return a->deal < b->deal ? -1 : 1;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* Checks the row's fields into x; 0 when all are valid. */
static int check_row(const batch *b, const field_ctx *f, const long *c, long close_col,
                     long amount_col, event_row *x)
{
    int bad = 0;
    x->deal = field_check_key(f, c[E_DEAL], b->deals ? &b->deal_ids : NULL, "deals.csv");
    bad |= x->deal < 0;
    if (field_check_date(f, c[E_DATE], &x->date) != 0) {
        bad = 1;
    } else if (deal_usable(b, x->deal, close_col, amount_col) &&
               x->date < b->deals[x->deal].close) {
        char close[11];
        date_format(b->deals[x->deal].close, close);
        field_error(f, c[E_DATE], "%s '%s' is before the close_date of deal %s (%s)",
                    f->t->header[c[E_DATE]], field_text(f, c[E_DATE]),
                    b->deals[x->deal].id, close);
        bad = 1;
    }
    int kind_ok = check_kind(f, c[E_KIND], &x->cancel) == 0;
    bad |= !kind_ok;
    bad |= check_event_amount(f, c[E_AMOUNT], kind_ok, x->cancel, x->amount) != 0;
    return bad ? -1 : 0;
}

/* What the walk of a deal found wrong with a row. */
typedef struct walk_error {
    long cancel_line;        /* > 0: the row follows the cancel at this line */
    int exceeds;             /* the refund is more than `left` */
    mpq_t left;
} walk_error;

/*
 * Walks the valid rows w[0..n) of one deal (in walk order) into ev[0..):
 * returns how many events were kept; a row in error is not kept and its
 * problem goes to err[row].
 */
static size_t walk_deal(const batch *b, event_row *const *w, size_t n, deal_event *ev,
                        walk_error *err)
{
    const deal *dl = &b->deals[w[0]->deal];
    mpq_t left;
    mpq_init(left);
    mpq_set(left, dl->amount);  /* as written: fx.csv converts only later (fx_convert) */
    long cancel_line = 0;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        const event_row *x = w[i];
        long line = b->events_csv.line[x->row];
        if (cancel_line) {
            err[x->row].cancel_line = cancel_line;
            continue;
        }
        if (!x->cancel && mpq_cmp(x->amount, left) > 0) {
            err[x->row].exceeds = 1;
            mpq_set(err[x->row].left, left);
            continue;
        }
        deal_event *e = &ev[kept++];
        e->deal = (uint32_t)x->deal;
        e->date = x->date;
        e->cancel = x->cancel;
        e->line = line;
        mpq_init(e->amount);
        mpq_init(e->fraction);
        if (x->cancel) {
            mpq_set(e->amount, left);
            if (mpq_sgn(dl->amount) == 0)
                mpq_set_ui(e->fraction, 1, 1);  /* all of nothing: the whole deal goes */
            else
                mpq_div(e->fraction, left, dl->amount);
            mpq_set_ui(left, 0, 1);
            cancel_line = line;
        } else {
            mpq_set(e->amount, x->amount);
            mpq_div(e->fraction, x->amount, dl->amount);
            mpq_sub(left, left, x->amount);
        }
    }
    mpq_clear(left);
    return kept;
}

/* The walk's messages, in file order: a refund beyond what is left at its amount, an event
   after a cancel at its date. */
static int report_walk(const batch *b, const long *c, walk_error *err, diag *d)
{
    const csv_table *t = &b->events_csv;
    int ok = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        field_ctx f = {t, r, d};
        const char *deal_id = field_text(&f, c[E_DEAL]);
        if (err[r].cancel_line) {
            field_error(&f, c[E_DATE], "deal %s is cancelled at line %ld: no event may "
                        "follow the cancel", deal_id, err[r].cancel_line);
            ok = -1;
        } else if (err[r].exceeds) {
            strbuf left = STRBUF_INIT;
            money_format_exact(&left, err[r].left);
            field_error(&f, c[E_AMOUNT], "amount '%s' is more than what is left of deal "
                        "%s (%s)", field_text(&f, c[E_AMOUNT]), deal_id, left.p);
            sb_free(&left);
            ok = -1;
        }
    }
    return ok;
}

int events_load(batch *b, diag *d)
{
    static const char *const names[E_N] = {"deal_id", "date", "kind", "amount"};
    long c[E_N];
    const csv_table *t = &b->events_csv;
    if (field_find_columns(t, names, c, E_N, d))
        return -1;
    size_t n = t->nrows;
    long close_col = b->deals ? csv_column(&b->deals_csv, "close_date") : -1;
    long amount_col = b->deals ? csv_column(&b->deals_csv, "amount") : -1;
    event_row *rows = xcalloc(n ? n : 1, sizeof *rows);
    int ok = 0;
    for (size_t r = 0; r < n; r++) {
        field_ctx f = {t, r, d};
        event_row *x = &rows[r];
        mpq_init(x->amount);
        x->row = (uint32_t)r;
        x->ok = check_row(b, &f, c, close_col, amount_col, x) == 0;
        if (!x->ok)
            ok = -1;
    }
    /* A deal with a row in error is not walked: its sums would only repeat that error. */
    size_t ndeals = b->deals ? b->ndeals : 0;
    unsigned char *deal_bad = xcalloc(ndeals ? ndeals : 1, 1);
    for (size_t r = 0; r < n; r++)
        if (rows[r].deal >= 0 &&
            (!rows[r].ok || !deal_usable(b, rows[r].deal, close_col, amount_col)))
            deal_bad[rows[r].deal] = 1;
    event_row **w = xmalloc((n ? n : 1) * sizeof *w);
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        if (rows[r].ok && !deal_bad[rows[r].deal])
            w[m++] = &rows[r];
    qsort(w, m, sizeof *w, walk_cmp);
    struct event_table *et = xcalloc(1, sizeof *et);
    b->events = et;
    groups_init(&et->by_deal, ndeals);
    et->v = xcalloc(m ? m : 1, sizeof *et->v);
    walk_error *err = xcalloc(n ? n : 1, sizeof *err);
    for (size_t r = 0; r < n; r++)
        mpq_init(err[r].left);
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && w[j]->deal == w[i]->deal)
            j++;
        et->n += walk_deal(b, w + i, j - i, et->v + et->n, err);
        i = j;
    }
    for (size_t i = 0; i < et->n; i++)
        groups_count(&et->by_deal, et->v[i].deal);  /* walked deal by deal: v is in place */
    groups_close(&et->by_deal);
    if (report_walk(b, c, err, d) != 0)
        ok = -1;
    for (size_t r = 0; r < n; r++) {
        mpq_clear(rows[r].amount);
        mpq_clear(err[r].left);
    }
    free(err);
    free(w);
    free(deal_bad);
    free(rows);
    return ok;
}

const deal_event *batch_events(const batch *b, uint32_t di, size_t *n)
{
    const struct event_table *et = b->events;
    size_t first = groups_of(et ? &et->by_deal : NULL, di, n);
    return *n ? &et->v[first] : NULL;
}

void events_free(batch *b)
{
    struct event_table *et = b->events;
    if (!et)
        return;
    for (size_t i = 0; i < et->n; i++) {
        mpq_clear(et->v[i].amount);
        mpq_clear(et->v[i].fraction);
    }
    free(et->v);
    groups_free(&et->by_deal);
    free(et);
    b->events = NULL;
}
