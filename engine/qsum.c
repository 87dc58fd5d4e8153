/*
 * qsum.c - exact sums in denominator buckets.
 *
 * A term n/d that q_small accepts (|n| < 2^63, d < 2^64) goes to the bucket
 * of denominator d (numerators add in 128 bits; 2^64 such terms could not
 * overflow it, but merged buckets can, so overflow is checked); other terms,
 * terms arriving when every bucket holds another denominator, and a term
 * that would overflow its bucket go to an mpq.  The value is the same as
 * adding every term with mpq_add, since all of it is exact.
 */
#include "qsum.h"
#include "qfast.h"

void qsum_init(qsum *s)
{
    mpq_init(s->big);
    s->nb = 0;
}

void qsum_clear(qsum *s)
{
    mpq_clear(s->big);
}

/* mpz from a 128-bit integer, in two 64-bit halves. */
static void mpz_set_i128(mpz_t z, __int128 v)
{
    unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
    mpz_set_ui(z, (unsigned long)(u >> 64));
    mpz_mul_2exp(z, z, 64);
    mpz_add_ui(z, z, (unsigned long)(uint64_t)u);
    if (v < 0)
        mpz_neg(z, z);
}

/* t = num / den, canonical. */
static void set_i128_frac(mpq_t t, __int128 num, uint64_t den)
{
    if (num >= INT64_MIN && num <= INT64_MAX) {
        q_set_frac(t, (int64_t)num, den);
    } else {
        mpz_set_i128(mpq_numref(t), num);
        mpz_set_ui(mpq_denref(t), den);
        mpq_canonicalize(t);
    }
}

static void add_to_big(qsum *s, __int128 num, uint64_t den)
{
    mpq_t t;
    mpq_init(t);
    set_i128_frac(t, num, den);
    q_add(s->big, s->big, t);
    mpq_clear(t);
}

static void add_term(qsum *s, __int128 n, uint64_t d)
{
    for (unsigned i = 0; i < s->nb; i++)
        if (s->den[i] == d) {
            __int128 sum;  /* the builtin stores the wrapped sum even when it overflows */
            if (__builtin_add_overflow(s->num[i], n, &sum))
                add_to_big(s, n, d);  /* the bucket keeps its numerator */
            else
                s->num[i] = sum;
            return;
        }
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

void qsum_add_sum(qsum *into, const qsum *from)
{
    if (mpq_sgn(from->big) != 0)
        mpq_add(into->big, into->big, from->big);
    for (unsigned i = 0; i < from->nb; i++)
        add_term(into, from->num[i], from->den[i]);
}

void qsum_value(const qsum *s, mpq_t out)
{
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
