/*
 * qsum.c - exact sums in denominator buckets.
 *
 * A term n/d (n in 128 bits, d < 2^64) goes to the first bucket whose
 * denominator D is a multiple of d, as n * (D/d); failing that, to the first
 * bucket whose denominator can grow to lcm(D, d) within QSUM_DEN_MAX (its
 * numerator multiplied to match); failing that, to a new bucket; and when
 * every bucket is taken, to an mpq.  Every product and sum is checked for
 * 128-bit overflow, and a step that would overflow leaves its bucket as it
 * was and sends the term on (to the mpq in the end).  The value is the same
 * as adding every term with mpq_add, since all of it is exact.
 */
#include "qsum.h"
#include "qfast.h"
#include "qacc.h"

typedef __int128 i128;

void qsum_init(qsum *s)
{
    mpq_init(s->big);
    s->nb = 0;
}

void qsum_clear(qsum *s)
{
    mpq_clear(s->big);
}

void qsum_reset(qsum *s)
{
    mpq_set_ui(s->big, 0, 1);
    s->nb = 0;
}


/* t = num / den, canonical. */
static void set_i128_frac(mpq_t t, i128 num, uint64_t den)
{
    if (num >= INT64_MIN && num <= INT64_MAX) {
        q_set_frac(t, (int64_t)num, den);
    } else {
        qacc_mpz_set_i128(mpq_numref(t), num);
        mpz_set_ui(mpq_denref(t), den);
        mpq_canonicalize(t);
    }
}

static void add_to_big(qsum *s, i128 num, uint64_t den)
{
    mpq_t t;
    mpq_init(t);
    set_i128_frac(t, num, den);
    q_add(s->big, s->big, t);
    mpq_clear(t);
}

/* Bucket i += n * times; 0, or -1 (the bucket unchanged) when it would overflow. */
static int bucket_add(qsum *s, unsigned i, i128 n, uint64_t times)
{
    i128 scaled = n, sum;
    if (times != 1 && __builtin_mul_overflow(n, (i128)times, &scaled))
        return -1;
    if (__builtin_add_overflow(s->num[i], scaled, &sum))
        return -1;
    s->num[i] = sum;
    return 0;
}

/* Bucket i's denominator made lcm(D, d) (its numerator scaled to match), when that stays
   within QSUM_DEN_MAX and the numerator does not overflow: 0, else -1 (unchanged). */
static int bucket_widen(qsum *s, unsigned i, uint64_t d)
{
    uint64_t g = q_gcd(s->den[i], d);
    unsigned __int128 lcm = (unsigned __int128)(s->den[i] / g) * d;
    i128 num;
    if (lcm > QSUM_DEN_MAX || __builtin_mul_overflow(s->num[i], (i128)(d / g), &num))
        return -1;
    s->num[i] = num;
    s->den[i] = (uint64_t)lcm;
    return 0;
}

static void add_term(qsum *s, i128 n, uint64_t d)
{
    for (unsigned i = 0; i < s->nb; i++)
        if (s->den[i] == d || s->den[i] % d == 0) {
            if (bucket_add(s, i, n, s->den[i] / d) == 0)
                return;
            add_to_big(s, n, d);  /* the bucket keeps its numerator */
            return;
        }
    for (unsigned i = 0; i < s->nb; i++)
        if (bucket_widen(s, i, d) == 0 && bucket_add(s, i, n, s->den[i] / d) == 0)
            return;  /* (a widened bucket that then overflows still holds its value) */
    if (s->nb < QSUM_BUCKETS) {
        s->den[s->nb] = d;
        s->num[s->nb++] = n;
        return;
    }
    add_to_big(s, n, d);
}

void qsum_add(qsum *s, const mpq_t x)
{
    int64_t n;
    uint64_t d;
    if (q_small(x, &n, &d))
        add_term(s, n, d);
    else
        mpq_add(s->big, s->big, x);
}

void qsum_sub(qsum *s, const mpq_t x)
{
    int64_t n;
    uint64_t d;
    if (q_small(x, &n, &d))
        add_term(s, -(i128)n, d);
    else
        mpq_sub(s->big, s->big, x);
}

void qsum_add_frac(qsum *s, int64_t n, uint64_t d)
{
    add_term(s, n, d);
}

void qsum_add_sum(qsum *into, const qsum *from)
{
    if (mpq_sgn(from->big) != 0)
        mpq_add(into->big, into->big, from->big);
    for (unsigned i = 0; i < from->nb; i++)
        add_term(into, from->num[i], from->den[i]);
}

/* The buckets over the lcm of their denominators, into *num / *den, when that lcm is below
   2^64 and no scaled numerator or partial sum overflows 128 bits: 1, else 0. */
static int fold_buckets(const qsum *s, i128 *num, uint64_t *den)
{
    uint64_t l = 1;
    for (unsigned i = 0; i < s->nb; i++) {
        uint64_t g = q_gcd(l, s->den[i]);
        unsigned __int128 next = (unsigned __int128)(l / g) * s->den[i];
        if (next > UINT64_MAX)
            return 0;
        l = (uint64_t)next;
    }
    i128 total = 0;
    for (unsigned i = 0; i < s->nb; i++) {
        i128 scaled;
        if (__builtin_mul_overflow(s->num[i], (i128)(l / s->den[i]), &scaled) ||
            __builtin_add_overflow(total, scaled, &total))
            return 0;
    }
    *num = total;
    *den = l;
    return 1;
}

void qsum_value(const qsum *s, mpq_t out)
{
    i128 num;
    uint64_t den;
    if (fold_buckets(s, &num, &den)) {  /* one reduction, in words when num fits */
        set_i128_frac(out, num, den);
        if (mpq_sgn(s->big) != 0)
            q_add(out, out, s->big);
        return;
    }
    mpq_set(out, s->big);
    mpq_t t;
    mpq_init(t);
    for (unsigned i = 0; i < s->nb; i++) {
        set_i128_frac(t, s->num[i], s->den[i]);
        q_add(out, out, t);
    }
    mpq_clear(t);
}

int qsum_is_empty(const qsum *s)
{
    if (s->nb == 0)
        return mpq_sgn(s->big) == 0;
    /* Buckets may cancel each other or the mpq: three terms -1/6 cancel a term 1/2. */
    mpq_t v;
    mpq_init(v);
    qsum_value(s, v);
    int zero = mpq_sgn(v) == 0;
    mpq_clear(v);
    return zero;
}
