/*
 * qacc.c - exact sums over the least common multiple of the denominators.
 *
 * num/den + n/d with g = gcd(den, d) is (num * (d/g) + n * (den/g)) / (den * (d/g)),
 * which is num + n * (den/d) over den when d divides den (g = d).  Every
 * product and the sum are checked for overflow with the compiler's builtins,
 * which compute in infinite precision and say whether the result fits, so a
 * term is either added exactly or refused with nothing changed.
 */
#include "qacc.h"
#include "qfast.h"

/* The one 128-bit value whose magnitude does not fit: refused, so that |num| < 2^127 holds. */
#define I128_MIN (-(__int128)(((unsigned __int128)1 << 127) - 1) - 1)

int qacc_add_parts(__int128 *num, uint64_t *den, __int128 n, uint64_t d)
{
    __int128 sum, a, b;
    if (*den % d == 0) {  /* the common case once den holds d: one multiplication */
        if (__builtin_mul_overflow(n, (__int128)(*den / d), &b) ||
            __builtin_add_overflow(*num, b, &sum) || sum == I128_MIN)
            return -1;
        *num = sum;
        return 0;
    }
    uint64_t g = q_gcd(*den, d);
    uint64_t grow = d / g;            /* den * grow is the new denominator */
    uint64_t lcm;
    if (__builtin_mul_overflow(*den, grow, &lcm) ||
        __builtin_mul_overflow(*num, (__int128)grow, &a) ||
        __builtin_mul_overflow(n, (__int128)(*den / g), &b) ||
        __builtin_add_overflow(a, b, &sum) || sum == I128_MIN)
        return -1;
    *num = sum;
    *den = lcm;
    return 0;
}

int qacc_add_q(qacc *a, const mpq_t x)
{
    int64_t n;
    uint64_t d;
    if (!q_small(x, &n, &d))
        return -1;
    return qacc_add(a, n, d);
}

void qacc_mpz_set_i128(mpz_t z, __int128 v)
{
    unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
    mpz_set_ui(z, (unsigned long)(u >> 64));
    mpz_mul_2exp(z, z, 64);
    mpz_add_ui(z, z, (unsigned long)(uint64_t)u);
    if (v < 0)
        mpz_neg(z, z);
}

void qacc_value_parts(mpq_t out, __int128 num, uint64_t den)
{
    if (num >= INT64_MIN && num <= INT64_MAX) {
        q_set_frac(out, (int64_t)num, den);
        return;
    }
    qacc_mpz_set_i128(mpq_numref(out), num);
    mpz_set_ui(mpq_denref(out), den);
    mpq_canonicalize(out);
}
