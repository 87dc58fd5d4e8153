/*
 * credit.c - splits and attribution turned into credit lines, deal by deal.
 *
 * Choose the split, credit the closer (or the deal's team), attribute the
 * marketing share, credit the overlays covering the deal, then roll credit
 * up to managers.  A campaign touched several times gets the sum of its
 * touches' weights, so a deal has at most one line per campaign, and a
 * manager gets one line per deal however many of the deal's lines roll up.  All working memory lives in a
 * credit_scratch that is reused from deal to deal: no allocation per deal
 * once it has grown to the largest deal.
 *
 * The closer's and marketing's lines, nearly all of a batch's, are computed
 * in machine words (qw) and each line's mpq_t set once; a deal where a value
 * does not fit a word, or with a team (splits.csv), is credited again with
 * mpq_t from the start.  Both give the same exact, canonical lines.
 */
#include "credit.h"
#include "attribution.h"
#include "qfast.h"
#include "strbuf.h"
#include "date.h"
#include "teamsplit.h"
#include "territory.h"

#include <stdlib.h>
#include <string.h>

/* ---- credit lists ---------------------------------------------------------- */

const char *credit_role_name(credit_role r)
{
    static const char *const name[] = {"closer", "marketing", "overlay", "manager"};
    return name[r];
}

void credits_init(credits *c)
{
    memset(c, 0, sizeof *c);
}

credit_line *credits_push(credits *c, uint32_t di, int32_t pi, int32_t ci, credit_role cr)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        c->lines = xrealloc(c->lines, cap * sizeof *c->lines);
        for (size_t i = c->cap; i < cap; i++)
            mpq_init(c->lines[i].credit);
        c->cap = cap;
    }
    credit_line *l = &c->lines[c->n++];
    l->deal = di;
    l->payee = pi;
    l->campaign = ci;
    l->role = cr;
    return l;
}

void credits_append(credits *c, const credits *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const credit_line *s = &src->lines[i];
        mpq_set(credits_push(c, s->deal, s->payee, s->campaign, s->role)->credit, s->credit);
    }
}

void credits_free(credits *c)
{
    for (size_t i = 0; i < c->cap; i++)
        mpq_clear(c->lines[i].credit);
    free(c->lines);
    credits_init(c);
}

/* ---- scratch --------------------------------------------------------------- */

void credit_scratch_init(credit_scratch *s)
{
    credits_init(&s->lines);
    s->w = NULL;
    s->ws = NULL;
    s->wcap = 0;
    s->camps = NULL;
    s->cover = NULL;
    s->covercap = 0;
    s->uncovered = NULL;
    s->nuncovered = 0;
    mpq_inits(s->amount, s->m, s->part, NULL);
}

void credit_scratch_free(credit_scratch *s)
{
    credits_free(&s->lines);
    for (size_t i = 0; i < s->wcap; i++)
        mpq_clear(s->w[i]);
    free(s->w);
    free(s->ws);
    free(s->camps);
    free(s->cover);
    free(s->uncovered);
    mpq_clears(s->amount, s->m, s->part, NULL);
}

static void scratch_reserve(credit_scratch *s, size_t n)
{
    if (n <= s->wcap)
        return;
    s->w = xrealloc(s->w, n * sizeof *s->w);
    s->ws = xrealloc(s->ws, n * sizeof *s->ws);
    s->camps = xrealloc(s->camps, n * sizeof *s->camps);
    for (size_t i = s->wcap; i < n; i++)
        mpq_init(s->w[i]);
    s->wcap = n;
}

/* ---- one deal -------------------------------------------------------------- */

/* Index of the first split whose `when` holds; CREDIT_NO_SPLIT or CREDIT_EVAL_ERROR. */
static long choose_split(const plan *p, const batch *b, uint32_t di, diag *d)
{
    const deal *x = &b->deals[di];
    for (size_t i = 0; i < p->nsplits; i++) {
        const split *sp = &p->splits[i];
        if (!sp->when)
            return (long)i;
        char err[256];
        int r = expr_eval(sp->when, batch_deal_fields(b, di), err, sizeof err);
        if (r < 0) {
            diag_error(d, b->deals_csv.file, x->line, 0, "deal %s: split at %s:%ld: %s", x->id,
                       p->file, sp->line, err);
            return CREDIT_EVAL_ERROR;
        }
        if (r)
            return (long)i;
    }
    diag_warn(d, b->deals_csv.file, x->line, 0, "deal %s: no split applies; it earns no credit",
              x->id);
    return CREDIT_NO_SPLIT;
}

/* The deal's distinct campaigns into s->camps, ordered by id bytewise (the order of
   credits.csv); their number. */
static size_t distinct_campaigns(credit_scratch *s, const batch *b, const touch *t, size_t n)
{
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < nc && s->camps[j] != t[i].campaign)
            j++;
        if (j == nc)
            s->camps[nc++] = t[i].campaign;
    }
    /* Insertion sort by rank: a deal has a handful of campaigns. */
    for (size_t i = 1; i < nc; i++) {
        uint32_t c = s->camps[i];
        size_t j = i;
        while (j > 0 && b->campaign_rank[s->camps[j - 1]] > b->campaign_rank[c]) {
            s->camps[j] = s->camps[j - 1];
            j--;
        }
        s->camps[j] = c;
    }
    return nc;
}

/* Divides s->m among the deal's campaigns; unattributed when no touch carries weight. */
static void credit_marketing(credit_scratch *s, const split *sp, const batch *b, uint32_t di)
{
    const deal *x = &b->deals[di];
    size_t n = x->touch_count;
    const touch *t = b->touches + x->touch_first;
    scratch_reserve(s, n);
    if (!attribution_weights(sp, t, n, x->close, s->w, NULL)) {
        mpq_set(credits_push(&s->lines, di, -1, -1, CREDIT_MARKETING)->credit, s->m);
        return;
    }
    size_t nc = distinct_campaigns(s, b, t, n);
    for (size_t j = 0; j < nc; j++) {
        mpq_set_ui(s->part, 0, 1);
        for (size_t i = 0; i < n; i++)
            if (t[i].campaign == s->camps[j])
                q_add(s->part, s->part, s->w[i]);
        if (mpq_sgn(s->part) == 0)
            continue;  /* a zero-weight campaign has no line */
        const campaign *cp = &b->campaigns[s->camps[j]];
        credit_line *l = credits_push(&s->lines, di, cp->owner, (int32_t)s->camps[j],
                                      CREDIT_MARKETING);
        q_mul(l->credit, s->m, s->part);
    }
}

/* credit_marketing in words, of m: 0, or -1 when a value does not fit. */
static int credit_marketing_small(credit_scratch *s, const split *sp, const batch *b,
                                  uint32_t di, qw m)
{
    const deal *x = &b->deals[di];
    size_t n = x->touch_count;
    const touch *t = b->touches + x->touch_first;
    scratch_reserve(s, n);
    int any = attribution_weights_small(sp, t, n, x->close, s->ws);
    if (any < 0)
        return -1;
    if (!any) {
        qw_to_q(credits_push(&s->lines, di, -1, -1, CREDIT_MARKETING)->credit, m);
        return 0;
    }
    size_t nc = distinct_campaigns(s, b, t, n);
    for (size_t j = 0; j < nc; j++) {
        qw part = QW_ZERO, credit;
        for (size_t i = 0; i < n; i++)
            if (t[i].campaign == s->camps[j] && !qw_add(&part, part, s->ws[i]))
                return -1;
        if (part.n == 0)
            continue;  /* a zero-weight campaign has no line */
        if (!qw_mul(&credit, m, part))
            return -1;
        const campaign *cp = &b->campaigns[s->camps[j]];
        qw_to_q(credits_push(&s->lines, di, cp->owner, (int32_t)s->camps[j], CREDIT_MARKETING)
                    ->credit, credit);
    }
    return 0;
}

/* The closer share: to the deal's team (splits.csv) when it has one, else to closer_id.
   1 when the lines need ordering (a team). */
static int credit_closer(credit_scratch *s, const batch *b, uint32_t di)
{
    size_t n;
    const team_share *team = batch_team(b, di, &n);
    if (n == 0) {
        mpq_set(credits_push(&s->lines, di, b->deals[di].closer, -1, CREDIT_CLOSER)->credit, s->m);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        q_mul(credits_push(&s->lines, di, (int32_t)team[i].payee, -1, CREDIT_CLOSER)->credit, s->m,
              team[i].share);
    return 1;
}

static void count_uncovered(credit_scratch *s, const char *role_id)
{
    size_t i = 0;
    while (i < s->nuncovered && strcmp(s->uncovered[i].role, role_id) != 0)
        i++;
    if (i == s->nuncovered) {
        s->uncovered = xrealloc(s->uncovered, (i + 1) * sizeof *s->uncovered);
        s->uncovered[i].role = role_id;
        s->uncovered[i].deals = 0;
        s->nuncovered++;
    }
    s->uncovered[i].deals++;
}

/* The employed payees of the overlay's role whose territory covers the deal, into s->cover. */
static size_t covering_payees(credit_scratch *s, const batch *b, uint32_t di, const char *role_id)
{
    size_t n;
    while ((n = territory_covering(b, di, role_id, s->cover, s->covercap)) > s->covercap) {
        s->covercap = n;
        s->cover = xrealloc(s->cover, n * sizeof *s->cover);
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (payee_employed(&b->payees[s->cover[i]], b->deals[di].close))
            s->cover[kept++] = s->cover[i];
    return kept;
}

/* Each overlay's share, divided equally among the payees covering the deal. */
static void credit_overlays(credit_scratch *s, const split *sp, const batch *b, uint32_t di)
{
    for (size_t o = 0; o < sp->noverlays; o++) {
        const overlay_share *ov = &sp->overlays[o];
        q_mul(s->m, b->deals[di].amount, ov->share);
        if (mpq_sgn(s->m) == 0)
            continue;
        size_t n = covering_payees(s, b, di, ov->role);
        if (n == 0) {
            count_uncovered(s, ov->role);
            continue;
        }
        mpq_set_ui(s->part, 1, (unsigned long)n);
        q_mul(s->part, s->part, s->m);
        for (size_t i = 0; i < n; i++)
            mpq_set(credits_push(&s->lines, di, (int32_t)s->cover[i], -1, CREDIT_OVERLAY)->credit,
                    s->part);
    }
}

/* A line whose payee was not employed on the close date goes to nobody, with a warning.
   1 when any did. */
static int drop_not_employed(credit_scratch *s, const batch *b, uint32_t di, diag *d)
{
    const deal *x = &b->deals[di];
    int dropped = 0;
    for (size_t i = 0; i < s->lines.n; i++) {
        credit_line *l = &s->lines.lines[i];
        if (l->payee < 0 || payee_employed(&b->payees[l->payee], x->close))
            continue;
        char date[11];
        date_format(x->close, date);
        diag_warn(d, b->deals_csv.file, x->line, 0,
                  "deal %s: %s was not employed on %s; their %s credit goes to nobody", x->id,
                  b->payees[l->payee].id, date, credit_role_name(l->role));
        l->payee = -1;
        dropped = 1;
    }
    return dropped;
}

/* Adds credit to manager m's roll-up line of this deal (one line per manager). */
static void rollup_add(credit_scratch *s, uint32_t di, size_t first, int32_t m, const mpq_t c)
{
    for (size_t i = first; i < s->lines.n; i++)
        if (s->lines.lines[i].payee == m) {
            q_add(s->lines.lines[i].credit, s->lines.lines[i].credit, c);
            return;
        }
    mpq_set(credits_push(&s->lines, di, m, -1, CREDIT_MANAGER)->credit, c);
}

/* Rolls each payee's credit on the deal up to the managers the plan's rollups name. */
static void credit_rollups(credit_scratch *s, const plan *p, const batch *b, uint32_t di)
{
    if (p->nrollups == 0)
        return;
    day_t close = b->deals[di].close;
    size_t n = s->lines.n;  /* roll-up lines are appended after these, and never roll up */
    for (size_t i = 0; i < n; i++) {
        if (s->lines.lines[i].payee < 0)
            continue;
        for (size_t r = 0; r < p->nrollups; r++) {
            const rollup *ru = &p->rollups[r];
            q_mul(s->part, s->lines.lines[i].credit, ru->share);
            if (mpq_sgn(s->part) == 0)
                continue;
            for (int32_t m = b->payees[s->lines.lines[i].payee].manager; m >= 0;
                 m = b->payees[m].manager) {
                const payee *mp = &b->payees[m];
                if (strcmp(mp->role, ru->role) == 0 && payee_employed(mp, close))
                    rollup_add(s, di, n, m, s->part);
                if (ru->scope == ROLLUP_DIRECT)
                    break;
            }
        }
    }
}

/* Within a role (and campaign), rows go by payee_id with nobody first (credits.csv's order). */
int credit_role_campaign_cmp(const batch *b, credit_role ra, int32_t ca, credit_role rb,
                             int32_t cb)
{
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ca == cb)
        return 0;
    if (ca < 0 || cb < 0)
        return ca < 0 ? -1 : 1;
    return strcmp(b->campaigns[ca].id, b->campaigns[cb].id);
}

static int line_rank(const void *pa, const void *pb, void *vb)
{
    const batch *b = vb;
    const credit_line *x = pa, *y = pb;
    int c = credit_role_campaign_cmp(b, x->role, x->campaign, y->role, y->campaign);
    if (c)
        return c;
    if (x->payee == y->payee)
        return 0;
    if (x->payee < 0 || y->payee < 0)
        return x->payee < 0 ? -1 : 1;
    return strcmp(b->payees[x->payee].id, b->payees[y->payee].id);
}

/* Puts the lines in credits.csv's order; lines that went to nobody alike are merged.  Swapping
   whole lines moves their mpq_t structs, which is safe: each keeps its own limbs. */
static void order_lines(credit_scratch *s, const batch *b)
{
    credits *c = &s->lines;
    if (c->n > 1)
        qsort_r(c->lines, c->n, sizeof *c->lines, line_rank, (void *)b);
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (k > 0 && c->lines[i].payee < 0 && line_rank(&c->lines[k - 1], &c->lines[i],
                                                          (void *)b) == 0) {
            q_add(c->lines[k - 1].credit, c->lines[k - 1].credit, c->lines[i].credit);
            continue;
        }
        if (k != i) {
            credit_line t = c->lines[k];
            c->lines[k] = c->lines[i];
            c->lines[i] = t;
        }
        k++;
    }
    c->n = k;
}

/* The closer's and marketing's lines (before overlays); 1 when they need ordering (a team). */
static int credit_shares(credit_scratch *s, const split *sp, const batch *b, uint32_t di)
{
    const deal *x = &b->deals[di];
    int reorder = 0;
    if (sp->has_closer) {
        q_mul(s->m, x->amount, sp->closer_share);
        if (mpq_sgn(s->m) != 0)
            reorder |= credit_closer(s, b, di);
    }
    if (sp->has_marketing) {
        q_mul(s->m, x->amount, sp->marketing_share);
        if (mpq_sgn(s->m) != 0)
            credit_marketing(s, sp, b, di);
    }
    return reorder;
}

/* credit_shares in words, for a deal without a team: 0, or -1 when the deal has a team or a
   value does not fit (the lines pushed so far are then to be dropped). */
static int credit_shares_small(credit_scratch *s, const split *sp, const batch *b, uint32_t di)
{
    size_t team;
    qw amount, share, m;
    batch_team(b, di, &team);
    if (team > 0 || !qw_from_q(&amount, b->deals[di].amount))
        return -1;
    if (sp->has_closer) {
        if (!qw_from_q(&share, sp->closer_share) || !qw_mul(&m, amount, share))
            return -1;
        if (m.n != 0)
            qw_to_q(credits_push(&s->lines, di, b->deals[di].closer, -1, CREDIT_CLOSER)->credit, m);
    }
    if (sp->has_marketing) {
        if (!qw_from_q(&share, sp->marketing_share) || !qw_mul(&m, amount, share))
            return -1;
        if (m.n != 0)
            return credit_marketing_small(s, sp, b, di, m);
    }
    return 0;
}

long credit_deal(credit_scratch *s, const plan *p, const batch *b, uint32_t di, diag *d)
{
    const deal *x = &b->deals[di];
    s->lines.n = 0;
    if (x->year != p->year)
        return CREDIT_OUT_OF_SCOPE;
    if (x->lost)
        return CREDIT_LOST;  /* before any `when`: a lost deal earns nothing, whatever the split */
    long si = choose_split(p, b, di, d);
    if (si < 0)
        return si;
    const split *sp = &p->splits[si];
    int reorder = sp->noverlays > 0 || p->nrollups > 0;
    if (credit_shares_small(s, sp, b, di) != 0) {
        s->lines.n = 0;
        reorder |= credit_shares(s, sp, b, di);
    }
    credit_overlays(s, sp, b, di);
    reorder |= drop_not_employed(s, b, di, d);
    credit_rollups(s, p, b, di);
    if (reorder)
        order_lines(s, b);  /* contract batches come out of crediting in order already */
    return si;
}
