/*
 * scoreacc.c - the scoreboard's sums, one credited deal at a time.
 *
 * A deal's marketing line of credit c for campaign k, under a split whose
 * marketing share is s, on a deal of amount a, adds c/s (the revenue the
 * campaign is credited with) and c/(s a) (its attribution weight w) to k's
 * sums, and w x c' to the sum of (k, payee) for each closer line (c', payee)
 * of the deal.  The terms are small fractions: they go into qaccs, and the
 * rare term a qacc cannot hold into an exact structure beside it.
 */
#include "scoreacc.h"
#include "qfast.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

typedef __int128 i128;
typedef unsigned __int128 u128;

/* A rational in machine words: n / d, d >= 1, |n| < 2^63 (what q_small accepts). */
typedef struct wq {
    int64_t n;
    uint64_t d;
} wq;

static int wq_of(const mpq_t x, wq *w)
{
    return q_small(x, &w->n, &w->d);
}

static uint64_t mag64(int64_t v)
{
    return v < 0 ? 0ull - (uint64_t)v : (uint64_t)v;
}

/* out = n / d for any 128-bit n and d >= 1, canonical. */
static void set_frac128(mpq_t out, i128 n, u128 d)
{
    qacc_mpz_set_i128(mpq_numref(out), n);
    mpz_set_ui(mpq_denref(out), (unsigned long)(d >> 64));
    mpz_mul_2exp(mpq_denref(out), mpq_denref(out), 64);
    mpz_add_ui(mpq_denref(out), mpq_denref(out), (unsigned long)(uint64_t)d);
    mpq_canonicalize(out);
}

/* ---- sums ------------------------------------------------------------------------------ */

static void sum_init(score_sum *s)
{
    s->small = QACC_ZERO;
    s->rest = NULL;
}

static void sum_free(score_sum *s)
{
    if (s->rest) {
        qtree_clear(s->rest);
        free(s->rest);
    }
    s->rest = NULL;
}

static void sum_add_rest(score_sum *s, const mpq_t x)
{
    if (!s->rest) {
        s->rest = xmalloc(sizeof *s->rest);
        qtree_init(s->rest);
    }
    qtree_add(s->rest, x);
}

static void sum_add(score_sum *s, const mpq_t x)
{
    if (qacc_add_q(&s->small, x) != 0)
        sum_add_rest(s, x);
}

/* s += n / d (d >= 1, not necessarily lowest terms); scratch is for a term the qacc refuses. */
static void sum_add_parts(score_sum *s, i128 n, u128 d, mpq_t scratch)
{
    if (d <= UINT64_MAX && qacc_add(&s->small, n, (uint64_t)d) == 0)
        return;
    set_frac128(scratch, n, d);
    sum_add_rest(s, scratch);
}

/* into += from; from is emptied. */
static void sum_merge(score_sum *into, score_sum *from, mpq_t scratch)
{
    if (qacc_add(&into->small, from->small.num, from->small.den) != 0) {
        qacc_value(scratch, &from->small);
        sum_add_rest(into, scratch);
    }
    from->small = QACC_ZERO;
    if (from->rest) {
        if (!into->rest) {
            into->rest = from->rest;
        } else {
            qtree_add_tree(into->rest, from->rest);
            qtree_clear(from->rest);
            free(from->rest);
        }
        from->rest = NULL;
    }
}

void score_sum_value(const score_sum *s, mpq_t out)
{
    qacc_value(out, &s->small);
    if (s->rest) {
        mpq_t r;
        mpq_init(r);
        qtree_value(s->rest, r);
        mpq_add(out, out, r);
        mpq_clear(r);
    }
}

/* ---- (campaign, payee) pairs ------------------------------------------------------------- */

/*
 * Terms are appended as they come (a deal's terms land on random pairs, and
 * a table probed per term spends its time in cache misses), then, once they
 * outnumber the sums kept, sorted by (campaign, payee) and summed into one
 * entry per pair.  Memory stays in proportion to the pairs, however many
 * deals stream through.
 */
#ifndef PAIRS_MIN_TERMS                     /* a test may sum sooner */
#define PAIRS_MIN_TERMS ((size_t)1 << 20)   /* terms appended before the first summing */
#endif

static void pairs_init(score_pairs *ps)
{
    memset(ps, 0, sizeof *ps);
}

static void pairs_free(score_pairs *ps)
{
    for (size_t i = 0; i < ps->nspilled; i++)
        mpq_clear(ps->spilled[i]);
    free(ps->spilled);
    for (size_t i = 0; i < ps->nbig; i++)
        mpq_clear(ps->big[i].x);
    free(ps->big);
    free(ps->spill);
    free(ps->v);
    memset(ps, 0, sizeof *ps);
}

static uint64_t pair_key(const score_pair *e)
{
    return (uint64_t)e->campaign << 32 | e->payee;
}

/* Bits needed for the largest value of a 32-bit field among v[0..n). */
static unsigned field_bits(const score_pair *v, size_t n, int of_campaign)
{
    uint32_t any = 0;
    for (size_t i = 0; i < n; i++)
        any |= of_campaign ? v[i].campaign : v[i].payee;
    return any ? 32u - (unsigned)__builtin_clz(any) : 0u;
}

#define RADIX_BITS 11

/* One stable counting pass of v[0..n) into out by the digit of the key at `shift`. */
static void radix_pass(const score_pair *v, score_pair *out, size_t n, unsigned shift)
{
    size_t count[(1u << RADIX_BITS) + 1] = {0};
    const uint64_t mask = (1u << RADIX_BITS) - 1;
    for (size_t i = 0; i < n; i++)
        count[(pair_key(&v[i]) >> shift & mask) + 1]++;
    for (size_t d = 1; d <= mask + 1; d++)
        count[d] += count[d - 1];
    for (size_t i = 0; i < n; i++)
        out[count[pair_key(&v[i]) >> shift & mask]++] = v[i];
}

/* v[0..n) sorted by (campaign, payee), least significant digits first; tmp holds n. */
static void radix_sort(score_pair *v, score_pair *tmp, size_t n)
{
    unsigned shifts[12], nshift = 0;
    unsigned pb = field_bits(v, n, 0), cb = field_bits(v, n, 1);
    for (unsigned b = 0; b < pb; b += RADIX_BITS)
        shifts[nshift++] = b;
    for (unsigned b = 0; b < cb; b += RADIX_BITS)
        shifts[nshift++] = 32 + b;
    score_pair *from = v, *to = tmp;
    for (unsigned i = 0; i < nshift; i++) {
        radix_pass(from, to, n, shifts[i]);
        score_pair *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof *v);
}

/* The mpq beside summed pair k, made (zero) if it has none; spill has one slot per pair. */
static mpq_t *spill_of(score_pairs *ps, uint32_t *spill, size_t k)
{
    if (spill[k] == 0) {
        if (ps->nspilled == ps->capspilled) {
            ps->capspilled = ps->capspilled ? ps->capspilled * 2 : 16;
            ps->spilled = xrealloc(ps->spilled, ps->capspilled * sizeof *ps->spilled);
        }
        mpq_init(ps->spilled[ps->nspilled]);
        spill[k] = (uint32_t)++ps->nspilled;
    }
    return &ps->spilled[spill[k] - 1];
}

/* out[k] += e, where out[k] is the sum of e's pair; what its qacc refuses goes beside it. */
static void pair_combine(score_pairs *ps, score_pair *out, uint32_t **spill, size_t cap, size_t k,
                         const score_pair *e, mpq_t scratch)
{
    if (qacc_add_parts(&out[k].num, &out[k].den, e->num, e->den) == 0)
        return;
    if (!*spill)
        *spill = xcalloc(cap, sizeof **spill);
    mpq_t *x = spill_of(ps, *spill, k);
    qacc_value_parts(scratch, e->num, e->den);
    q_add(*x, *x, scratch);
}

/* The summed pair of (ci, pi) among v[0..n), sorted; n when absent. */
static size_t pair_find(const score_pair *v, size_t n, uint32_t ci, uint32_t pi)
{
    uint64_t key = (uint64_t)ci << 32 | pi;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pair_key(&v[mid]) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && pair_key(&v[lo]) == key ? lo : n;
}

/* The terms appended since the last summing, sorted and summed into the pairs. */
static void pairs_sum(score_pairs *ps, mpq_t scratch)
{
    size_t nold = ps->nsummed, nraw = ps->n - nold;
    score_pair *raw = ps->v + nold;
    score_pair *out = xmalloc((nold + nraw ? nold + nraw : 1) * sizeof *out);
    radix_sort(raw, out, nraw);
    score_pair *sorted = xmalloc((nold + nraw ? nold + nraw : 1) * sizeof *sorted);
    memcpy(sorted, raw, nraw * sizeof *raw);
    uint32_t *spill = ps->spill ? xcalloc(nold + nraw, sizeof *spill) : NULL;
    size_t k = 0, i = 0, j = 0;
    while (i < nold || j < nraw) {
        int old = j == nraw || (i < nold && pair_key(&ps->v[i]) <= pair_key(&sorted[j]));
        const score_pair *e = old ? &ps->v[i] : &sorted[j];
        if (k > 0 && pair_key(&out[k - 1]) == pair_key(e)) {
            pair_combine(ps, out, &spill, nold + nraw, k - 1, e, scratch);
        } else {
            out[k] = *e;
            if (spill)
                spill[k] = old && ps->spill ? ps->spill[i] : 0;
            k++;
        }
        if (old)
            i++;
        else
            j++;
    }
    free(sorted);
    free(ps->v);
    free(ps->spill);
    ps->v = out;
    ps->cap = nold + nraw;
    ps->n = ps->nsummed = k;
    ps->spill = spill;
    /* Terms too large for a pair: their pair is there (a zero term was appended for each). */
    for (size_t b = 0; b < ps->nbig; b++) {
        size_t at = pair_find(ps->v, ps->n, ps->big[b].campaign, ps->big[b].payee);
        if (!ps->spill)
            ps->spill = xcalloc(ps->cap, sizeof *ps->spill);
        mpq_t *x = spill_of(ps, ps->spill, at);
        q_add(*x, *x, ps->big[b].x);
        mpq_clear(ps->big[b].x);
    }
    ps->nbig = 0;
}

static void pairs_append(score_pairs *ps, uint32_t ci, uint32_t pi, i128 n, uint64_t d,
                         mpq_t scratch)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 4096;
        ps->v = xrealloc(ps->v, ps->cap * sizeof *ps->v);
        if (ps->spill)
            ps->spill = xrealloc(ps->spill, ps->cap * sizeof *ps->spill);
    }
    ps->v[ps->n++] = (score_pair){n, d, ci, pi};
    size_t nraw = ps->n - ps->nsummed;
    if (nraw >= PAIRS_MIN_TERMS && nraw >= 2 * ps->nsummed)
        pairs_sum(ps, scratch);
}

/* A term too large for a pair: kept as it is until the next summing, a zero term marking its pair. */
static void pairs_append_big(score_pairs *ps, uint32_t ci, uint32_t pi, const mpq_t x,
                             mpq_t scratch)
{
    if (ps->nbig == ps->capbig) {
        ps->capbig = ps->capbig ? ps->capbig * 2 : 16;
        ps->big = xrealloc(ps->big, ps->capbig * sizeof *ps->big);
    }
    score_term *t = &ps->big[ps->nbig++];
    t->campaign = ci;
    t->payee = pi;
    mpq_init(t->x);
    mpq_set(t->x, x);
    pairs_append(ps, ci, pi, 0, 1, scratch);
}

/* pair (campaign ci, payee pi) += n / d (d >= 1, any terms); scratch: working space. */
static void pair_add_parts(score_pairs *ps, uint32_t ci, uint32_t pi, i128 n, u128 d,
                           mpq_t scratch)
{
    if (d <= UINT64_MAX) {
        pairs_append(ps, ci, pi, n, (uint64_t)d, scratch);
        return;
    }
    set_frac128(scratch, n, d);
    pairs_append_big(ps, ci, pi, scratch, scratch);
}

/* pair (campaign ci, payee pi) += x; scratch: working space, not x. */
static void pair_add(score_pairs *ps, uint32_t ci, uint32_t pi, const mpq_t x, mpq_t scratch)
{
    int64_t n;
    uint64_t d;
    if (q_small(x, &n, &d))
        pairs_append(ps, ci, pi, n, d, scratch);
    else
        pairs_append_big(ps, ci, pi, x, scratch);
}

/* ---- the accumulator ---------------------------------------------------------------------- */

void scoreacc_init(scoreacc *a, const batch *b, int year, int month)
{
    memset(a, 0, sizeof *a);
    a->year = year;
    a->month = month;
    if (month == 0)
        return;
    a->ncampaigns = b->ncampaigns;
    size_t n = a->ncampaigns ? a->ncampaigns : 1;
    a->campaign = xcalloc(n, sizeof *a->campaign);
    for (size_t c = 0; c < a->ncampaigns; c++) {
        sum_init(&a->campaign[c].revenue);
        sum_init(&a->campaign[c].won_attr);
        sum_init(&a->campaign[c].credit);
    }
    a->seen = xcalloc(n, 1);
    a->pairs = xmalloc(sizeof *a->pairs);
    a->npairs = 1;
    pairs_init(&a->pairs[0]);
    mpq_inits(a->q, a->w, a->t, NULL);
}

/* Counts the deal as touched (and won) once for each distinct campaign among its touches. */
static void count_touches(scoreacc *a, const batch *b, const deal *x)
{
    const touch *t = b->touches + x->touch_first;
    for (uint32_t i = 0; i < x->touch_count; i++) {
        uint32_t c = t[i].campaign;
        if (a->seen[c])
            continue;
        a->seen[c] = 1;
        a->campaign[c].touched++;
        a->campaign[c].won += !x->lost;
    }
    for (uint32_t i = 0; i < x->touch_count; i++)
        a->seen[t[i].campaign] = 0;
}

/* The deal's closer lines that go to a payee, into a->closers; their count. */
static size_t closer_lines(scoreacc *a, const credits *c)
{
    if (a->capclosers < c->n) {
        a->capclosers = c->n;
        a->closers = xrealloc(a->closers, a->capclosers * sizeof *a->closers);
        a->ratio = xrealloc(a->ratio, a->capclosers * sizeof *a->ratio);
    }
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->lines[i].role == CREDIT_CLOSER && c->lines[i].payee >= 0)
            a->closers[n++] = (uint32_t)i;
    return n;
}

/* A marketing line of a campaign, in GMP: what deal_words does when the figures are large. */
static void line_exact(scoreacc *a, const split *sp, const deal *x, const credits *c,
                       const credit_line *l, size_t ncloser)
{
    campaign_tally *t = &a->campaign[l->campaign];
    q_div(a->q, l->credit, sp->marketing_share);  /* weight x amount; share > 0 as credit != 0 */
    sum_add(&t->revenue, a->q);
    q_div(a->w, a->q, x->amount);                 /* amount != 0 as credit != 0 */
    sum_add(&t->won_attr, a->w);
    sum_add(&t->credit, l->credit);
    for (size_t k = 0; k < ncloser; k++) {
        const credit_line *cl = &c->lines[a->closers[k]];
        q_mul(a->t, a->w, cl->credit);
        pair_add(&a->pairs[0], (uint32_t)l->campaign, (uint32_t)cl->payee, a->t, a->q);
    }
}

/*
 * The same in machine words, when the deal's figures fit them: with s the
 * share, a the amount and c a line's credit, revenue c/s, weight
 * w = c x (1/(s a)) and each closer term c x (c'/(s a)), the deal's factors
 * worked out once.  Only the weight is reduced (its denominator would
 * otherwise carry the amount); the other terms go in as plain products,
 * which the qaccs take in any terms.  0, or -1 (nothing added) when a figure
 * does not fit.
 */
static int deal_words(scoreacc *a, const split *sp, const deal *x, const credits *c,
                      size_t ncloser)
{
    wq s, sa, cl = {0, 1};
    q_mul(a->q, sp->marketing_share, x->amount);
    if (!wq_of(sp->marketing_share, &s) || s.n <= 0 || !wq_of(a->q, &sa) || sa.n == 0 ||
        sa.d > (uint64_t)INT64_MAX)
        return -1;
    /* 1 / (s a), canonical: the sign goes on top. */
    wq inv = {sa.n < 0 ? -(int64_t)sa.d : (int64_t)sa.d, mag64(sa.n)};
    mpq_set_si(a->w, inv.n, 1);
    mpz_set_ui(mpq_denref(a->w), inv.d);
    for (size_t k = 0; k < ncloser; k++) {
        q_mul(a->t, c->lines[a->closers[k]].credit, a->w);
        if (!wq_of(a->t, &a->ratio[k]))
            return -1;
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->lines[i].role == CREDIT_MARKETING && c->lines[i].campaign >= 0 &&
            !wq_of(c->lines[i].credit, &cl))
            return -1;
    for (size_t i = 0; i < c->n; i++) {
        const credit_line *l = &c->lines[i];
        if (l->role != CREDIT_MARKETING || l->campaign < 0)
            continue;
        wq_of(l->credit, &cl);
        campaign_tally *t = &a->campaign[l->campaign];
        sum_add_parts(&t->revenue, (i128)cl.n * (i128)s.d, (u128)cl.d * (u128)s.n, a->q);
        sum_add_parts(&t->credit, cl.n, cl.d, a->q);
        /* w = c / (s a) cross-reduced: it is a small weight once the amount cancels. */
        uint64_t cm = mag64(cl.n), g1 = q_gcd(cm, inv.d), g2 = q_gcd(mag64(inv.n), cl.d);
        i128 wn = (i128)(cm / g1) * (i128)(mag64(inv.n) / g2);
        if ((cl.n < 0) != (inv.n < 0))
            wn = -wn;
        sum_add_parts(&t->won_attr, wn, (u128)(cl.d / g2) * (inv.d / g1), a->q);
        for (size_t k = 0; k < ncloser; k++)
            pair_add_parts(&a->pairs[0], (uint32_t)l->campaign,
                           (uint32_t)c->lines[a->closers[k]].payee,
                           (i128)cl.n * a->ratio[k].n, (u128)cl.d * a->ratio[k].d, a->q);
    }
    return 0;
}

void scoreacc_deal(scoreacc *a, const plan *p, const batch *b, uint32_t di, long si,
                   const credits *c)
{
    if (a->month == 0)
        return;
    const deal *x = &b->deals[di];
    if (x->year != a->year || x->month > a->month)
        return;
    count_touches(a, b, x);
    if (si < 0 || c->n == 0)
        return;
    const split *sp = &p->splits[si];
    if (!sp->has_marketing)
        return;  /* no marketing line */
    size_t ncloser = closer_lines(a, c);
    if (deal_words(a, sp, x, c, ncloser) == 0)
        return;
    for (size_t i = 0; i < c->n; i++)
        if (c->lines[i].role == CREDIT_MARKETING && c->lines[i].campaign >= 0)
            line_exact(a, sp, x, c, &c->lines[i], ncloser);
}

void scoreacc_merge(scoreacc *into, scoreacc *from)
{
    if (into->month == 0 || from->month == 0)
        return;
    for (size_t c = 0; c < into->ncampaigns; c++) {
        campaign_tally *t = &into->campaign[c], *f = &from->campaign[c];
        t->touched += f->touched;
        t->won += f->won;
        sum_merge(&t->revenue, &f->revenue, into->q);
        sum_merge(&t->won_attr, &f->won_attr, into->q);
        sum_merge(&t->credit, &f->credit, into->q);
        f->touched = f->won = 0;
    }
    /* The pair sets are only ever read as a list of terms: moved, not merged. */
    into->pairs = xrealloc(into->pairs, (into->npairs + from->npairs) * sizeof *into->pairs);
    memcpy(into->pairs + into->npairs, from->pairs, from->npairs * sizeof *from->pairs);
    into->npairs += from->npairs;
    from->npairs = 0;
}

void scoreacc_free(scoreacc *a)
{
    if (a->month == 0)
        return;
    for (size_t c = 0; c < a->ncampaigns; c++) {
        sum_free(&a->campaign[c].revenue);
        sum_free(&a->campaign[c].won_attr);
        sum_free(&a->campaign[c].credit);
    }
    free(a->campaign);
    for (size_t i = 0; i < a->npairs; i++)
        pairs_free(&a->pairs[i]);
    free(a->pairs);
    free(a->seen);
    free(a->closers);
    free(a->ratio);
    mpq_clears(a->q, a->w, a->t, NULL);
    memset(a, 0, sizeof *a);
}
