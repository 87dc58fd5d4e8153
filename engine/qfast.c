/*
 * qfast.c - canonical rational products and sums in machine words.
 *
 * Inputs are canonical (gcd(num, den) = 1, den > 0).  A product is
 * cross-reduced first, (an/g1)(bn/g2) / ((ad/g2)(bd/g1)) with
 * g1 = gcd(an, bd), g2 = gcd(bn, ad), which is canonical without a final
 * gcd; a sum is reduced by one gcd of its numerator against g = gcd(ad, bd),
 * the only factor that can cancel.  Signs are kept apart from magnitudes, so
 * no step negates or divides a signed value that could be -2^63.  When an
 * operand is outside q_small, or a result's magnitude or denominator does not
 * fit 64 bits, GMP does it.
 */
#include "qfast.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

uint64_t q_gcd(uint64_t a, uint64_t b)
{
    if (a == 0)
        return b;
    if (b == 0)
        return a;
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    do {
        b >>= __builtin_ctzll(b);
        if (a > b) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b);
    return a << shift;
}

/* |v|, also for INT64_MIN (2^63). */
static uint64_t abs64(int64_t v)
{
    return v < 0 ? 0ull - (uint64_t)v : (uint64_t)v;
}

/* out = (neg ? -mag : mag) / d, which the caller knows is canonical. */
static void set_canonical(mpq_t out, int neg, uint64_t mag, uint64_t d)
{
    mpz_set_ui(mpq_numref(out), mag);
    if (neg)
        mpz_neg(mpq_numref(out), mpq_numref(out));
    mpz_set_ui(mpq_denref(out), d);
}

/* A canonical result in words: its sign, |numerator| < 2^64 and denominator. */
typedef struct qres {
    int neg;
    uint64_t mag, d;
} qres;

/* (±am/ad)(±bm/bd) of two canonical operands given as signs and magnitudes, when the result's
   |num| and den fit 64 bits. */
static int mul_mags(qres *r, int aneg, uint64_t am, uint64_t ad, int bneg, uint64_t bm,
                    uint64_t bd)
{
    if (am == 0 || bm == 0) {
        *r = (qres){0, 0, 1};
        return 1;
    }
    uint64_t g1 = q_gcd(am, bd), g2 = q_gcd(bm, ad);
    u128 n = (u128)(am / g1) * (bm / g2);
    u128 d = (u128)(ad / g2) * (bd / g1);
    if (n > UINT64_MAX || d > UINT64_MAX)
        return 0;
    *r = (qres){aneg != bneg, (uint64_t)n, (uint64_t)d};
    return 1;
}

/* (an/ad)(bn/bd) of two small canonical operands. */
static int mul_words(qres *r, int64_t an, uint64_t ad, int64_t bn, uint64_t bd)
{
    return mul_mags(r, an < 0, abs64(an), ad, bn < 0, abs64(bn), bd);
}

/* an/ad + bn/bd of two small canonical operands, when |num| and den fit 64 bits. */
static int add_words(qres *r, int64_t an, uint64_t ad, int64_t bn, uint64_t bd)
{
    uint64_t g = q_gcd(ad, bd);
    uint64_t ad_g = ad / g, bd_g = bd / g;
    /* a + b = (an*(bd/g) + bn*(ad/g)) / (ad*(bd/g)); only factors of g can cancel. */
    i128 n;  /* each product is below 2^127 in magnitude; their sum may not be */
    if (__builtin_add_overflow((i128)an * (i128)bd_g, (i128)bn * (i128)ad_g, &n))
        return 0;
    if (n == 0) {
        *r = (qres){0, 0, 1};
        return 1;
    }
    u128 m = n < 0 ? -(u128)n : (u128)n;
    u128 d = (u128)ad * bd_g;
    if (m > UINT64_MAX)
        return 0;
    uint64_t h = q_gcd((uint64_t)m, g);
    d /= h;
    if (d > UINT64_MAX)
        return 0;
    *r = (qres){n < 0, (uint64_t)m / h, (uint64_t)d};
    return 1;
}

void q_set_frac(mpq_t out, int64_t n, uint64_t d)
{
    uint64_t m = abs64(n);
    uint64_t g = q_gcd(m, d);  /* d when n = 0, which gives 0/1 */
    set_canonical(out, n < 0, m / g, d / g);
}

void q_mul(mpq_t out, const mpq_t a, const mpq_t b)
{
    int64_t an, bn;
    uint64_t ad, bd;
    qres r;
    if (q_small(a, &an, &ad) && q_small(b, &bn, &bd) && mul_words(&r, an, ad, bn, bd))
        set_canonical(out, r.neg, r.mag, r.d);
    else
        mpq_mul(out, a, b);
}

void q_add(mpq_t out, const mpq_t a, const mpq_t b)
{
    int64_t an, bn;
    uint64_t ad, bd;
    qres r;
    if (q_small(a, &an, &ad) && q_small(b, &bn, &bd) && add_words(&r, an, ad, bn, bd))
        set_canonical(out, r.neg, r.mag, r.d);
    else
        mpq_add(out, a, b);
}

/* *out = r when its numerator fits a qw (|n| < 2^63). */
static int qw_set(qw *out, const qres *r)
{
    if (r->mag > (uint64_t)INT64_MAX)
        return 0;
    *out = (qw){r->neg ? -(int64_t)r->mag : (int64_t)r->mag, r->d};
    return 1;
}

int qw_mul(qw *out, qw a, qw b)
{
    qres r;
    return mul_words(&r, a.n, a.d, b.n, b.d) && qw_set(out, &r);
}

int qw_add(qw *out, qw a, qw b)
{
    qres r;
    return add_words(&r, a.n, a.d, b.n, b.d) && qw_set(out, &r);
}

int qw_div(qw *out, qw a, qw b)
{
    /* a / b = a * (bd / |bn|), the sign of bn on top: canonical as b is. */
    qres r;
    return b.n != 0 && mul_mags(&r, a.n < 0, abs64(a.n), a.d, b.n < 0, b.d, abs64(b.n)) &&
           qw_set(out, &r);
}

int qw_frac(qw *out, int64_t n, uint64_t d)
{
    uint64_t m = abs64(n);
    uint64_t g = q_gcd(m, d);
    qres r = {n < 0, m / g, d / g};
    return qw_set(out, &r);
}

void qw_to_q(mpq_t out, qw x)
{
    mpz_set_si(mpq_numref(out), x.n);
    mpz_set_ui(mpq_denref(out), x.d);
}

void q_div(mpq_t out, const mpq_t a, const mpq_t b)
{
    int64_t bn;
    uint64_t bd;
    if (!q_small(b, &bn, &bd) || bn == 0 || bd > (uint64_t)INT64_MAX) {
        mpq_div(out, a, b);
        return;
    }
    /* a / b = a * (bd / |bn|), sign of bn on top: canonical, and small again since bd < 2^63. */
    mpq_t inv;
    mpq_init(inv);
    set_canonical(inv, bn < 0, bd, abs64(bn));
    q_mul(out, a, inv);
    mpq_clear(inv);
}
