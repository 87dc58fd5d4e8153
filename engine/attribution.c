/*
 * attribution.c - the attribution models of contract section 3.2.
 *
 * Every model reduces to "raw weights, then normalise": linear gives 1 each,
 * time-decay 2^-floor(age/half-life), position models their table's weights
 * at the milestones plus the middle weight shared by the touches between the
 * first and last milestone; markov and shapley each campaign's fitted
 * weight (fitted.h).  Normalising last keeps every model exact.
 */
#include "attribution.h"
#include "fitted.h"
#include "qfast.h"

/* Index of the first touch at a stage, or -1. */
static long first_at_stage(const touch *t, size_t n, touch_stage st)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].stage == st)
            return (long)i;
    return -1;
}

/* Raw weights of the position models (and custom): milestones, then the middle. */
static void position_weights(const split *s, const touch *t, size_t n, mpq_t *w,
                             position_mask *held)
{
    long at[POS_MIDDLE];
    at[POS_FIRST] = 0;
    at[POS_LEAD] = first_at_stage(t, n, STAGE_LEAD);
    at[POS_OPPORTUNITY] = first_at_stage(t, n, STAGE_OPPORTUNITY);
    at[POS_LAST] = (long)n - 1;

    long lo = -1, hi = -1;  /* first and last milestone */
    for (int pos = 0; pos < POS_MIDDLE; pos++) {
        long i = at[pos];
        if (i < 0 || mpq_sgn(s->weight[pos]) == 0)
            continue;  /* a position the deal lacks, or one the model ignores */
        q_add(w[i], w[i], s->weight[pos]);
        if (held)
            held[i] |= 1u << pos;
        if (lo < 0 || i < lo)
            lo = i;
        if (i > hi)
            hi = i;
    }
    if (lo < 0 || mpq_sgn(s->weight[POS_MIDDLE]) == 0)
        return;
    unsigned long middle = 0;
    for (long i = lo + 1; i < hi; i++)
        middle += mpq_sgn(w[i]) == 0;
    if (middle == 0)
        return;  /* no touch between the milestones: the middle weight is dropped */
    mpq_t share;
    mpq_init(share);
    mpq_set_ui(share, 1, middle);
    q_mul(share, share, s->weight[POS_MIDDLE]);
    for (long i = lo + 1; i < hi; i++)
        if (mpq_sgn(w[i]) == 0) {
            mpq_set(w[i], share);
            if (held)
                held[i] |= 1u << POS_MIDDLE;
        }
    mpq_clear(share);
}

/* The fewest half-lives between a touch and the close: weights are counted from the youngest
   touch, the same once normalised, so that old touches do not make every denominator huge. */
static long youngest_steps(const split *s, const touch *t, size_t n, day_t close)
{
    long youngest = (long)(close - t[0].date) / s->half_life;
    for (size_t i = 1; i < n; i++) {
        long steps = (long)(close - t[i].date) / s->half_life;
        if (steps < youngest)
            youngest = steps;
    }
    return youngest;
}

/* 2^-floor(age / half-life): an exact power of one half. */
static void decay_weights(const split *s, const touch *t, size_t n, day_t close, mpq_t *w)
{
    long youngest = youngest_steps(s, t, n, close);
    for (size_t i = 0; i < n; i++) {
        long steps = (long)(close - t[i].date) / s->half_life - youngest;
        mpz_set_ui(mpq_denref(w[i]), 1);
        mpz_mul_2exp(mpq_denref(w[i]), mpq_denref(w[i]), (mp_bitcnt_t)steps);
        mpz_set_ui(mpq_numref(w[i]), 1);
    }
}

static int normalise(mpq_t *w, size_t n)
{
    mpq_t total;
    mpq_init(total);
    for (size_t i = 0; i < n; i++)
        q_add(total, total, w[i]);
    int any = mpq_sgn(total) != 0;
    /* Weights that already sum to 1 (w-shaped with every position, say) stay as they are. */
    if (any && mpq_cmp_ui(total, 1, 1) != 0)
        for (size_t i = 0; i < n; i++)
            if (mpq_sgn(w[i]) != 0)
                q_div(w[i], w[i], total);
    mpq_clear(total);
    return any;
}

int attribution_weights(const split *s, const touch *t, size_t n, day_t close,
                        mpq_t *w, position_mask *held)
{
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(w[i], 0, 1);
        if (held)
            held[i] = 0;
    }
    if (n == 0)
        return 0;
    switch (s->model) {
    case MODEL_MARKOV:
    case MODEL_SHAPLEY:
        if (fitted_touch_weights(s->fit, t, n, w))
            break;
        __attribute__((fallthrough));  /* no campaign of the deal has weight: linear (issue 17) */
    case MODEL_LINEAR:
        for (size_t i = 0; i < n; i++)
            mpq_set_ui(w[i], 1, 1);
        break;
    case MODEL_TIME_DECAY:
        decay_weights(s, t, n, close, w);
        break;
    default:
        position_weights(s, t, n, w, held);
        break;
    }
    return normalise(w, n);
}

/* ---- the same in machine words ------------------------------------------------- */

/* position_weights in words: 0, or -1 when a value does not fit. */
static int position_weights_small(const split *s, const touch *t, size_t n, qw *w)
{
    long at[POS_MIDDLE];
    at[POS_FIRST] = 0;
    at[POS_LEAD] = first_at_stage(t, n, STAGE_LEAD);
    at[POS_OPPORTUNITY] = first_at_stage(t, n, STAGE_OPPORTUNITY);
    at[POS_LAST] = (long)n - 1;

    long lo = -1, hi = -1;
    for (int pos = 0; pos < POS_MIDDLE; pos++) {
        long i = at[pos];
        qw weight;
        if (i < 0 || mpq_sgn(s->weight[pos]) == 0)
            continue;
        if (!qw_from_q(&weight, s->weight[pos]) || !qw_add(&w[i], w[i], weight))
            return -1;
        if (lo < 0 || i < lo)
            lo = i;
        if (i > hi)
            hi = i;
    }
    if (lo < 0 || mpq_sgn(s->weight[POS_MIDDLE]) == 0)
        return 0;
    uint64_t middle = 0;
    for (long i = lo + 1; i < hi; i++)
        middle += w[i].n == 0;
    if (middle == 0)
        return 0;
    qw share, weight;
    if (!qw_from_q(&weight, s->weight[POS_MIDDLE]) || !qw_frac(&share, 1, middle) ||
        !qw_mul(&share, share, weight))
        return -1;
    for (long i = lo + 1; i < hi; i++)
        if (w[i].n == 0)
            w[i] = share;
    return 0;
}

/* decay_weights in words: 0, or -1 when a power of one half passes 2^-62. */
static int decay_weights_small(const split *s, const touch *t, size_t n, day_t close, qw *w)
{
    long youngest = youngest_steps(s, t, n, close);
    for (size_t i = 0; i < n; i++) {
        long steps = (long)(close - t[i].date) / s->half_life - youngest;
        if (steps > 62)
            return -1;
        w[i] = (qw){1, UINT64_C(1) << steps};
    }
    return 0;
}

/* normalise in words: 1, 0 (nothing to attribute), or -1. */
static int normalise_small(qw *w, size_t n)
{
    qw total = QW_ZERO;
    for (size_t i = 0; i < n; i++)
        if (!qw_add(&total, total, w[i]))
            return -1;
    if (total.n == 0)
        return 0;
    if (total.n != 1 || total.d != 1)
        for (size_t i = 0; i < n; i++)
            if (w[i].n != 0 && !qw_div(&w[i], w[i], total))
                return -1;
    return 1;
}

int attribution_weights_small(const split *s, const touch *t, size_t n, day_t close, qw *w)
{
    for (size_t i = 0; i < n; i++)
        w[i] = QW_ZERO;
    if (n == 0)
        return 0;
    int rc = 0;
    switch (s->model) {
    case MODEL_LINEAR:
        for (size_t i = 0; i < n; i++)
            w[i] = QW_ONE;
        break;
    case MODEL_TIME_DECAY:
        rc = decay_weights_small(s, t, n, close, w);
        break;
    case MODEL_MARKOV:
    case MODEL_SHAPLEY:
        return -1;  /* a fit's weights are rationals of any size: attribution_weights takes them */
    default:
        rc = position_weights_small(s, t, n, w);
        break;
    }
    return rc < 0 ? -1 : normalise_small(w, n);
}
