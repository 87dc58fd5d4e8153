/*
 * tiers.c - a commission's tiers as arithmetic (tiers.h says why it is one
 * module).  Exact, through the machine-word fast path (qfast.h).
 */
#include "tiers.h"
#include "qfast.h"
#include "strbuf.h"

#include <stdlib.h>

/* Limits of tiers k for a window quota (NULL for a flat rate). */
mpq_t *tier_limits(const component *k, const mpq_t quota)
{
    if (k->ntiers < 2)
        return NULL;
    mpq_t *lim = xmalloc((k->ntiers - 1) * sizeof *lim);
    for (size_t i = 0; i + 1 < k->ntiers; i++) {
        mpq_init(lim[i]);
        mpq_set(lim[i], k->tiers[i].upto);
        if (k->upto_percent)
            q_mul(lim[i], lim[i], quota);
    }
    return lim;
}

/* Bounds of tier i: [lo, hi), hi absent for the last tier. */
static const mpq_t *tier_lower(const component *k, mpq_t *const limits, size_t i)
{
    (void)k;
    return i == 0 ? NULL : (const mpq_t *)&limits[i - 1];
}

void tier_overlap(mpq_t out, const component *k, mpq_t *const limits, size_t i,
                  const mpq_t from, const mpq_t c)
{
    /* [a, b] = [from, from + c] ordered, then clipped to [lo, hi]. */
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    mpq_set(a, from);
    mpq_add(b, from, c);
    if (mpq_cmp(a, b) > 0)
        mpq_swap(a, b);
    const mpq_t *lo = tier_lower(k, limits, i);
    if (lo && mpq_cmp(a, *lo) < 0)
        mpq_set(a, *lo);
    if (i + 1 < k->ntiers && mpq_cmp(b, limits[i]) > 0)
        mpq_set(b, limits[i]);
    if (mpq_cmp(b, a) > 0)
        mpq_sub(out, b, a);
    else
        mpq_set_ui(out, 0, 1);
    if (mpq_sgn(c) < 0)
        mpq_neg(out, out);
    mpq_clears(a, b, NULL);
}

void tier_integral(mpq_t out, const component *k, mpq_t *const limits, const mpq_t x)
{
    mpq_set_ui(out, 0, 1);
    if (mpq_sgn(x) <= 0) {
        q_mul(out, x, k->tiers[0].rate);  /* below zero, the first tier extends down */
        return;
    }
    /* Walk up from 0 and stop at the tier holding x: only those tiers earn. */
    mpq_t seg;
    mpq_init(seg);
    for (size_t i = 0; i < k->ntiers; i++) {
        int last = i + 1 == k->ntiers || mpq_cmp(x, limits[i]) <= 0;
        mpq_set(seg, last ? x : limits[i]);
        if (i > 0)
            mpq_sub(seg, seg, limits[i - 1]);
        q_mul(seg, seg, k->tiers[i].rate);
        q_add(out, out, seg);
        if (last)
            break;
    }
    mpq_clear(seg);
}

size_t tier_for_total(const component *k, mpq_t *const limits, const mpq_t total)
{
    for (size_t i = 0; i + 1 < k->ntiers; i++)
        if (mpq_cmp(limits[i], total) >= 0)
            return i;
    return k->ntiers - 1;
}

size_t tier_retroactive(mpq_t out, const component *k, mpq_t *const limits, const mpq_t total,
                        const mpq_t credit)
{
    size_t t = tier_for_total(k, limits, total);
    q_mul(out, credit, k->tiers[t].rate);
    return t;
}

void tier_value(mpq_t out, const component *k, mpq_t *const limits, const mpq_t total)
{
    if (k->retroactive)
        tier_retroactive(out, k, limits, total, total);
    else
        tier_integral(out, k, limits, total);
}

void tier_cap(mpq_t v, const component *k)
{
    if (k->has_cap && mpq_cmp(v, k->cap) > 0)
        mpq_set(v, k->cap);
}

const mpq_t *tier_rate_for(const tier *t, const batch *b, uint32_t di)
{
    if (!t->table)
        return (const mpq_t *)&t->rate;
    return rate_table_lookup(t->table, batch_deal_fields(b, di));
}

/* The part of the segment [W, W + c] above floor, as a start and a signed length walked in
   c's direction. */
static void above_floor(mpq_t from, mpq_t len, const mpq_t W, const mpq_t c, const mpq_t floor)
{
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    mpq_add(hi, W, c);
    mpq_set(lo, W);
    if (mpq_cmp(lo, hi) > 0)
        mpq_swap(lo, hi);
    if (mpq_cmp(lo, floor) < 0)
        mpq_set(lo, floor);
    if (mpq_cmp(hi, lo) < 0)
        mpq_set(hi, lo);
    mpq_set(from, lo);
    mpq_sub(len, hi, lo);
    if (mpq_sgn(c) < 0) {
        mpq_set(from, hi);
        mpq_neg(len, len);
    }
    mpq_clears(lo, hi, NULL);
}

void tier_line_parts(mpq_t out, const component *k, mpq_t *const limits, const mpq_t W,
                     const mpq_t c, const mpq_t *floor, const batch *b, uint32_t di,
                     tier_part_fn fn, void *ctx)
{
    mpq_t from, len, part, earned;
    mpq_inits(from, len, part, earned, NULL);
    mpq_set(from, W);
    mpq_set(len, c);
    if (floor)
        above_floor(from, len, W, c, *floor);
    mpq_set_ui(out, 0, 1);
    for (size_t i = 0; i < k->ntiers && mpq_sgn(len) != 0; i++) {
        tier_overlap(part, k, limits, i, from, len);  /* signed like len */
        if (mpq_sgn(part) == 0)
            continue;
        const mpq_t *rate = tier_rate_for(&k->tiers[i], b, di);
        if (!rate)
            continue;  /* no row of the table: reported while accumulating, earns nothing */
        q_mul(earned, part, *rate);
        q_add(out, out, earned);
        if (fn)
            fn(ctx, &(tier_part){i, part, rate, earned});
    }
    mpq_clears(from, len, part, earned, NULL);
}

void tier_line_earns(mpq_t out, const component *k, mpq_t *const limits, const mpq_t W,
                     const mpq_t c, const mpq_t *floor, const batch *b, uint32_t di)
{
    tier_line_parts(out, k, limits, W, c, floor, b, di, NULL, NULL);
}

/* Inside one tier [L(t-1), L(t)] (limits never decrease: plan.c checks that they increase, and
   a window quota is not negative), every other tier's overlap with the line is empty: the walk's
   sum is the one part c x rate(t). */
void tier_line_earns_after(mpq_t out, const component *k, mpq_t *const limits, const mpq_t W,
                           const mpq_t W_after, const mpq_t c, const mpq_t *floor,
                           const batch *b, uint32_t di)
{
    int up = mpq_cmp(W, W_after) <= 0;
    mpq_srcptr lo = up ? W : W_after, hi = up ? W_after : W;
    if (!floor || mpq_cmp(lo, *floor) >= 0) {  /* above the floor: as if there were none */
        size_t t = tier_for_total(k, limits, hi);
        if (t == 0 || mpq_cmp(lo, limits[t - 1]) >= 0) {
            const mpq_t *rate = tier_rate_for(&k->tiers[t], b, di);
            if (rate)
                q_mul(out, c, *rate);
            else
                mpq_set_ui(out, 0, 1);  /* no row of the table: earns nothing, as in the walk */
            return;
        }
    }
    tier_line_earns(out, k, limits, W, c, floor, b, di);
}

int tier_limits_words(const component *k, mpq_t *const limits, qw *out)
{
    for (size_t i = 0; i + 1 < k->ntiers; i++)
        if (!qw_from_q(&out[i], limits[i]))
            return 0;
    return 1;
}

int tier_holding_words(const component *k, const qw *limits, qw lo, qw hi, size_t *t)
{
    size_t i = 0;
    while (i + 1 < k->ntiers && qw_cmp(limits[i], hi) < 0)
        i++;  /* tier_for_total of hi */
    if (i > 0 && qw_cmp(lo, limits[i - 1]) < 0)
        return 0;
    *t = i;
    return 1;
}
