/*
 * qdot.c - floors summed exactly, fractions summed in fixed point.
 *
 * A term t = a*n / (b*d) is split by floor division, t = q + r/m with
 * m = b*d and 0 <= r < m; its fraction goes in as f = floor(r * 2^64 / m),
 * so f <= r/m * 2^64 < f + 1, with equality on the left exactly when
 * r * 2^64 is a multiple of m.  Summed over the terms, with W the sum of the
 * q, L the sum of the f and E the number of inexact ones:
 *
 *     sum = W + F,  L / 2^64 <= F < (L + E) / 2^64,  F = L / 2^64 when E = 0.
 *
 * Rounding the sum needs floor(sum) and, when it is not an integer, which
 * side of the half its fraction is on; both are functions of floor(2F), so
 * they are decided once no multiple of 2^63 lies in (L, L + E).  The sign the
 * modes look at follows: a sum that is not an integer is positive exactly
 * when its floor is >= 0.
 *
 * The machine-word path takes a term when |a| < 2^63, b*d < 2^64 and
 * n fits 64 bits: then a*n fits 127 bits and r < 2^64, so r * 2^64 fits
 * 128.  Everything else goes through GMP with the same arithmetic.
 */
#include "qdot.h"
#include "qacc.h"
#include "qfast.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

void qdot_factor_init(qdot_factor *f)
{
    mpq_init(f->q);
    f->small = 1;
    f->num = 0;
    f->den = 1;
}

void qdot_factor_set(qdot_factor *f, const mpq_t x)
{
    mpq_set(f->q, x);
    f->small = q_small(x, &f->num, &f->den);
}

void qdot_factor_clear(qdot_factor *f)
{
    mpq_clear(f->q);
}

void qdot_scratch_init(qdot_scratch *s)
{
    mpz_inits(s->n, s->d, s->q, s->r, NULL);
}

void qdot_scratch_clear(qdot_scratch *s)
{
    mpz_clears(s->n, s->d, s->q, s->r, NULL);
}

/* s += q (an integer that may not fit). */
static void add_whole(qdot *s, i128 q)
{
    if (__builtin_add_overflow(s->whole, q, &s->whole))
        s->overflow = 1;
}

/* The fraction r/m (0 <= r < m) into the fixed-point sum. */
static void add_frac64(qdot *s, uint64_t r, uint64_t m)
{
    if (r == 0)
        return;
    u128 shifted = (u128)r << 64;
    s->frac += shifted / m;
    s->inexact += shifted % m != 0;
}

/* s += z->n / z->d (z->d > 0), in GMP: floor, then the fraction to 64 bits. */
static void add_big(qdot *s, qdot_scratch *z)
{
    mpz_fdiv_qr(z->q, z->r, z->n, z->d);
    /* q into 128 bits: two limbs and a sign, or overflow. */
    if (mpz_sizeinbase(z->q, 2) > 126) {
        s->overflow = 1;
    } else {
        int neg = mpz_sgn(z->q) < 0;
        mpz_abs(z->q, z->q);
        u128 hi = mpz_getlimbn(z->q, 1), lo = mpz_getlimbn(z->q, 0);
        i128 q = (i128)(hi << 64 | lo);
        add_whole(s, neg ? -q : q);
    }
    if (mpz_sgn(z->r) == 0)
        return;
    mpz_mul_2exp(z->r, z->r, 64);
    mpz_fdiv_qr(z->q, z->r, z->r, z->d);  /* q < 2^64 since r < d */
    s->frac += (u128)mpz_getlimbn(z->q, 0);
    s->inexact += mpz_sgn(z->r) != 0;
}

_Static_assert(sizeof(mp_limb_t) == 8, "qdot reads 64-bit limbs");

void qdot_add(qdot *s, const qdot_factor *f, i128 n, uint64_t d, qdot_scratch *z)
{
    u128 m = (u128)f->den * d;            /* both below 2^64: no overflow */
    if (f->small && n >= INT64_MIN && n <= INT64_MAX && m <= UINT64_MAX) {
        i128 num = (i128)f->num * n;      /* |num| < 2^126 */
        i128 q = num / (i128)m, r = num % (i128)m;
        if (r < 0) {                      /* C truncates; floor is one lower */
            q -= 1;
            r += (i128)m;
        }
        add_whole(s, q);
        add_frac64(s, (uint64_t)r, (uint64_t)m);
        return;
    }
    qacc_mpz_set_i128(z->n, n);
    mpz_mul(z->n, z->n, mpq_numref(f->q));
    mpz_mul_ui(z->d, mpq_denref(f->q), d);
    add_big(s, z);
}

void qdot_add_q(qdot *s, const qdot_factor *f, const mpq_t x, qdot_scratch *z)
{
    int64_t n;
    uint64_t d;
    if (q_small(x, &n, &d)) {
        qdot_add(s, f, n, d, z);
        return;
    }
    mpz_mul(z->n, mpq_numref(x), mpq_numref(f->q));
    mpz_mul(z->d, mpq_denref(x), mpq_denref(f->q));
    add_big(s, z);
}

void qdot_merge(qdot *into, const qdot *from)
{
    add_whole(into, from->whole);
    into->overflow |= from->overflow;
    into->frac += from->frac;
    into->inexact += from->inexact;
}

int qdot_round(const qdot *s, round_mode mode, mpz_t out)
{
    const u128 half = (u128)1 << 63;
    if (s->overflow || s->inexact > UINT64_MAX / 2)
        return -1;
    if (s->inexact && (s->frac + s->inexact - 1) / half != s->frac / half)
        return -1;  /* a half or an integer may lie between the bounds: undecided */
    i128 q;
    if (__builtin_add_overflow(s->whole, (i128)(s->frac >> 64), &q))
        return -1;
    uint64_t rest = (uint64_t)s->frac;     /* the fraction, in 2^-64ths, rounded down */
    int exact = s->inexact == 0;
    int up;
    if (exact && rest == 0) {
        up = 0;                               /* an integer */
    } else {
        int sign = q >= 0 ? 1 : -1;           /* not an integer: q < sum < q + 1 */
        int vs_half = !exact ? (rest >= half ? 1 : -1)   /* never equal: decided above */
                             : (rest > half) - (rest < half);
        if (mode == ROUND_DOWN)
            up = sign < 0;
        else if (mode == ROUND_UP)
            up = sign > 0;
        else if (vs_half != 0)
            up = vs_half > 0;
        else if (mode == ROUND_HALF_EVEN)
            up = (q & 1) != 0;
        else
            up = sign > 0;                    /* half-up: ties away from zero */
    }
    if (up && __builtin_add_overflow(q, 1, &q))
        return -1;
    qacc_mpz_set_i128(out, q);
    return 0;
}
