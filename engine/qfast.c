/*
 * qfast.c - canonical rational products and sums in machine words.
 *
 * Inputs are canonical (gcd(num, den) = 1, den > 0).  A product is
 * cross-reduced first, (an/g1)(bn/g2) / ((ad/g2)(bd/g1)) with
 * g1 = gcd(an, bd), g2 = gcd(bn, ad), which is canonical without a final
 * gcd; a sum is reduced by one gcd of its 128-bit numerator against the
 * common denominator.  Whenever an intermediate does not fit, GMP does it.
 */
#include "truce/qfast.h"

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

static uint64_t abs64(int64_t v)
{
    return v < 0 ? 0ull - (uint64_t)v : (uint64_t)v;
}

/* Sets a canonical out from a canonical (n, d) known to fit. */
static void set_canonical(mpq_t out, int64_t n, uint64_t d)
{
    mpz_set_si(mpq_numref(out), n);
    mpz_set_ui(mpq_denref(out), d);
}

void q_set_frac(mpq_t out, int64_t n, uint64_t d)
{
    uint64_t g = q_gcd(abs64(n), d);
    if (g > 1) {
        n /= (int64_t)g;
        d /= g;
    }
    set_canonical(out, n, d);
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
    uint64_t g1 = q_gcd(abs64(an), bd), g2 = q_gcd(abs64(bn), ad);
    i128 n = (i128)(an / (int64_t)g1) * (i128)(bn / (int64_t)g2);
    u128 d = (u128)(ad / g2) * (u128)(bd / g1);
    if (n > INT64_MAX || n < -INT64_MAX || d > UINT64_MAX) {
        mpq_mul(out, a, b);
        return;
    }
    set_canonical(out, (int64_t)n, (uint64_t)d);
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
    i128 n;  /* each product is below 2^127; their sum may not be */
    int overflow = __builtin_add_overflow((i128)an * (i128)bd_g, (i128)bn * (i128)ad_g, &n);
    u128 d = (u128)ad * (u128)bd_g;
    if (overflow || n > INT64_MAX || n < -INT64_MAX || d > UINT64_MAX) {
        mpq_add(out, a, b);
        return;
    }
    int64_t n64 = (int64_t)n;
    uint64_t d64 = (uint64_t)d;
    uint64_t h = q_gcd(abs64(n64), g);
    if (h > 1) {
        n64 /= (int64_t)h;
        d64 /= h;
    }
    if (n64 == 0)
        d64 = 1;
    set_canonical(out, n64, d64);
}

void q_div(mpq_t out, const mpq_t a, const mpq_t b)
{
    int64_t bn;
    uint64_t bd;
    if (!q_small(b, &bn, &bd) || bn == 0 || bd > (uint64_t)INT64_MAX) {
        mpq_div(out, a, b);
        return;
    }
    /* a / b = a * (bd / bn), with the sign moved to the numerator: canonical again. */
    mpq_t inv;
    mpq_init(inv);
    set_canonical(inv, bn < 0 ? -(int64_t)bd : (int64_t)bd, abs64(bn));
    q_mul(out, a, inv);
    mpq_clear(inv);
}
