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
    if (!q_small(a, &an, &ad) || !q_small(b, &bn, &bd)) {
        mpq_mul(out, a, b);
        return;
    }
    if (an == 0 || bn == 0) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    uint64_t am = abs64(an), bm = abs64(bn);
    uint64_t g1 = q_gcd(am, bd), g2 = q_gcd(bm, ad);
    u128 n = (u128)(am / g1) * (bm / g2);
    u128 d = (u128)(ad / g2) * (bd / g1);
    if (n > UINT64_MAX || d > UINT64_MAX) {
        mpq_mul(out, a, b);
        return;
    }
    set_canonical(out, (an < 0) != (bn < 0), (uint64_t)n, (uint64_t)d);
}

void q_add(mpq_t out, const mpq_t a, const mpq_t b)
{
    int64_t an, bn;
    uint64_t ad, bd;
    if (!q_small(a, &an, &ad) || !q_small(b, &bn, &bd)) {
        mpq_add(out, a, b);
        return;
    }
    uint64_t g = q_gcd(ad, bd);
    uint64_t ad_g = ad / g, bd_g = bd / g;
    /* a + b = (an*(bd/g) + bn*(ad/g)) / (ad*(bd/g)); only factors of g can cancel. */
    i128 n;  /* each product is below 2^127 in magnitude; their sum may not be */
    if (__builtin_add_overflow((i128)an * (i128)bd_g, (i128)bn * (i128)ad_g, &n)) {
        mpq_add(out, a, b);
        return;
    }
    if (n == 0) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    u128 m = n < 0 ? -(u128)n : (u128)n;
    u128 d = (u128)ad * bd_g;
    if (m > UINT64_MAX) {
        mpq_add(out, a, b);
        return;
    }
    uint64_t h = q_gcd((uint64_t)m, g);
    d /= h;
    if (d > UINT64_MAX) {
        mpq_add(out, a, b);
        return;
    }
    set_canonical(out, n < 0, (uint64_t)m / h, (uint64_t)d);
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
