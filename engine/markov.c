/*
 * markov.c - exact removal effects of a first-order Markov chain.
 *
 * States: start, the n units (campaigns), won, lost.  Each journey
 * u1..uk counts start->u1, u(i)->u(i+1) (repeats included) and uk->won or
 * uk->lost; a transition's probability is its count over its state's
 * out-count.  h(x), the probability of ending in won from x, solves
 * h = Q h + r over the transient states (Q among them, r into won), and
 * P = h(start).
 *
 * Removing u sends every transition into u to lost.  From any state x != u
 * a path either reaches won without visiting u, which is exactly what the
 * chain without u counts, or visits u a first time and then wins from there
 * with probability h(u) (the strong Markov property).  Hence
 *
 *     P(without u) = P - f(u) h(u),   f(u) = Prob(start ever visits u)
 *
 * and RE(u) = 1 - P(without u)/P = f(u) h(u) / P.  With G = (I - Q)^-1 the
 * fundamental matrix (expected visits), f(u) = G(start,u) / G(u,u).
 *
 * Nothing enters start, so only the unit block matters.  Scale unit row x
 * of I - Q by its out-count: B = diag(out) - N, an integer matrix with N the
 * unit-to-unit counts.  With a(x) the count start->x, w(x) the count x->won
 * and J = the number of journeys:
 *     h = B^-1 w,   G(start,u) = (a^T B^-1)(u) out(u) / J,   G(u,u) = B^-1(u,u) out(u).
 * In terms of the adjugate A = det(B) B^-1 (integers) and z = A w, v = a^T A,
 * S = a^T A w, the determinants cancel:
 *     P = S / (det(B) J),    RE(u) = v(u) z(u) / (A(u,u) S).
 *
 * So one inversion of B gives every removal effect: about n^3 steps
 * instead of n solves of n^3/3 each.  The integers above are found exactly
 * by working modulo primes just below 2^62, where a step is a machine
 * multiplication (Montgomery's reduction): Gauss-Jordan gives B^-1 and
 * det(B) mod p, hence det(B), A(u,u), z, v and S mod p; the Chinese
 * remainder theorem joins the primes until their product exceeds a bound
 * on every one of those integers (Hadamard's bound on the minors of B,
 * times the journey and won counts).  B is a non-singular M-matrix (every
 * unit reaches won or lost), so det(B) > 0 and A = det(B) B^-1 >= 0: each
 * integer lies in [0, bound) and is determined by its residues.  No
 * pivoting is needed over the integers (the leading minors of an M-matrix
 * are positive); a prime dividing one of them is skipped.  (An earlier
 * version ran Bareiss's fraction-free elimination on big integers: the
 * same results, with 7 times the CPU time at 100 campaigns and 19 times at
 * 300; bench/RESULTS.md.)
 */
#include "markov.h"
#include "strbuf.h"

#include <stdlib.h>

/* Counts of the chain: nn[x*n+y] unit x -> unit y, start/won/lost per unit. */
typedef struct counts {
    uint32_t n;
    uint64_t *nn, *start, *won, *out;
} counts;

static void count(counts *c, const journeys *j)
{
    uint32_t n = j->n;
    c->n = n;
    c->nn = xcalloc((size_t)n * n + 1, sizeof *c->nn);
    c->start = xcalloc(n + 1, sizeof *c->start);
    c->won = xcalloc(n + 1, sizeof *c->won);
    c->out = xcalloc(n + 1, sizeof *c->out);
    for (size_t k = 0; k < j->count; k++) {
        const uint32_t *s = j->step + j->first[k];
        size_t len = j->first[k + 1] - j->first[k];
        if (len == 0)
            continue;
        c->start[s[0]]++;
        for (size_t i = 0; i + 1 < len; i++)
            c->nn[(size_t)s[i] * n + s[i + 1]]++;
        c->out[s[len - 1]]++;  /* to won or lost */
        c->won[s[len - 1]] += j->is_won[k];
    }
    for (uint32_t x = 0; x < n; x++) {
        for (uint32_t y = 0; y < n; y++)
            c->out[x] += c->nn[(size_t)x * n + y];
        /* A unit in no journey (journeys_add allows one) is a state nothing enters: B(x,x) = 1
           keeps B invertible and gives it RE 0, since v(x) = 0. */
        if (c->out[x] == 0)
            c->out[x] = 1;
    }
}

static void counts_free(counts *c)
{
    free(c->nn);
    free(c->start);
    free(c->won);
    free(c->out);
}

static void set_u64(mpz_t z, uint64_t v)
{
    mpz_set_ui(z, (unsigned long)(v >> 32));
    mpz_mul_2exp(z, z, 32);
    mpz_add_ui(z, z, (unsigned long)(v & 0xffffffffu));
}

/* ---- arithmetic modulo a prime below 2^62 (Montgomery form) ----------------- */

typedef unsigned __int128 u128;

typedef struct mont {
    uint64_t p;            /* odd prime, < 2^62 */
    uint64_t neg_pinv;     /* -p^-1 mod 2^64 */
    uint64_t r2;           /* 2^128 mod p */
} mont;

static void mont_init(mont *m, uint64_t p)
{
    uint64_t x = p;  /* p x = 1 mod 2^3; each Newton step doubles the correct bits */
    for (int i = 0; i < 5; i++)
        x *= 2 - p * x;
    m->p = p;
    m->neg_pinv = (uint64_t)0 - x;
    uint64_t r = ((uint64_t)0 - p) % p;  /* 2^64 mod p */
    m->r2 = (uint64_t)((u128)r * r % p);
}

/* t / 2^64 mod p, for t < p 2^64. */
static inline uint64_t redc(const mont *m, u128 t)
{
    uint64_t q = (uint64_t)t * m->neg_pinv;
    uint64_t r = (uint64_t)((t + (u128)q * m->p) >> 64);
    return r >= m->p ? r - m->p : r;
}

static inline uint64_t mmul(const mont *m, uint64_t a, uint64_t b)
{
    return redc(m, (u128)a * b);
}

static inline uint64_t to_mont(const mont *m, uint64_t a)
{
    return mmul(m, a % m->p, m->r2);
}

static uint64_t mont_inverse(const mont *m, uint64_t a)
{
    uint64_t r = to_mont(m, 1), e = m->p - 2;  /* a^(p-2), Fermat */
    for (; e; e >>= 1, a = mmul(m, a, a))
        if (e & 1)
            r = mmul(m, r, a);
    return r;
}

/*
 * B^-1 mod p in place (b: n x n, Montgomery form) by Gauss-Jordan without
 * pivoting, and det(B) mod p into *det.  0, or -1 when a pivot is 0 mod p
 * (a leading minor of B that p divides: the caller takes another prime).
 */
static int invert_mod(const mont *m, uint64_t *b, uint32_t n, uint64_t *det)
{
    uint64_t p = m->p, one = to_mont(m, 1);
    *det = one;
    for (uint32_t k = 0; k < n; k++) {
        uint64_t *rk = b + (size_t)k * n, piv = rk[k];
        if (piv == 0)
            return -1;
        *det = mmul(m, *det, piv);
        uint64_t inv = mont_inverse(m, piv);
        rk[k] = one;
        for (uint32_t j = 0; j < n; j++)
            rk[j] = mmul(m, rk[j], inv);
        for (uint32_t i = 0; i < n; i++) {
            uint64_t *ri = b + (size_t)i * n, f = ri[k];
            if (i == k || f == 0)
                continue;
            ri[k] = 0;
            for (uint32_t j = 0; j < n; j++) {
                uint64_t t = mmul(m, f, rk[j]);
                ri[j] = ri[j] >= t ? ri[j] - t : ri[j] + p - t;
            }
        }
    }
    return 0;
}

/* ---- the integers wanted, prime by prime ------------------------------------ */

/*
 * The integers of the formula: det(B), A(u,u), z(u), v(u) and S, in one
 * array (1 + 3n + 1), all non-negative (B is an M-matrix: B^-1 >= 0).
 */
typedef struct wanted {
    uint32_t n;
    mpz_t *x;              /* det, diag[n], z[n], v[n], S */
    mpz_t modulus;         /* product of the primes used so far */
} wanted;

/* The residues of the wanted integers modulo m->p into r (3n + 2 of them); -1 for an
   unlucky prime. */
static int residues(const mont *m, const counts *c, uint64_t *b, uint64_t *r)
{
    uint32_t n = c->n;
    for (uint32_t x = 0; x < n; x++)
        for (uint32_t y = 0; y < n; y++) {
            uint64_t e = c->nn[(size_t)x * n + y] % m->p;
            e = e ? m->p - e : 0;
            if (x == y)
                e = (e + c->out[x] % m->p) % m->p;
            b[(size_t)x * n + y] = to_mont(m, e);
        }
    uint64_t det;
    if (invert_mod(m, b, n, &det) != 0)
        return -1;
    uint64_t *dg = r + 1, *z = r + 1 + n, *v = r + 1 + 2 * (size_t)n, s = 0;
    for (uint32_t x = 0; x < n; x++) {
        dg[x] = mmul(m, det, b[(size_t)x * n + x]);
        z[x] = v[x] = 0;
    }
    for (uint32_t x = 0; x < n; x++)
        for (uint32_t y = 0; y < n; y++) {
            uint64_t e = b[(size_t)x * n + y];
            z[x] = (z[x] + mmul(m, e, to_mont(m, c->won[y]))) % m->p;
            v[y] = (v[y] + mmul(m, to_mont(m, c->start[x]), e)) % m->p;
        }
    for (uint32_t x = 0; x < n; x++) {
        s = (s + mmul(m, z[x], to_mont(m, c->start[x]))) % m->p;
        z[x] = mmul(m, det, z[x]);
        v[x] = mmul(m, det, v[x]);
    }
    r[0] = det;
    r[1 + 3 * (size_t)n] = mmul(m, det, s);
    for (size_t i = 0; i < 3 * (size_t)n + 2; i++)
        r[i] = redc(m, r[i]);  /* out of Montgomery form */
    return 0;
}

/* Garner's step: each x moves to the residue r mod p, keeping its residues so far. */
static void crt_add(wanted *w, uint64_t p, const uint64_t *r)
{
    mpz_t t, pz;
    mpz_inits(t, pz, NULL);
    set_u64(pz, p);
    mpz_t minv;  /* modulus^-1 mod p */
    mpz_init(minv);
    mpz_invert(minv, w->modulus, pz);
    for (size_t i = 0; i < 3 * (size_t)w->n + 2; i++) {
        set_u64(t, r[i]);
        mpz_sub(t, t, w->x[i]);
        mpz_mul(t, t, minv);
        mpz_mod(t, t, pz);
        mpz_addmul(w->x[i], w->modulus, t);
    }
    mpz_mul(w->modulus, w->modulus, pz);
    mpz_clears(t, pz, minv, NULL);
}

/*
 * A bound above every wanted integer: Hadamard's, prod over the rows of B of
 * their Euclidean norm, bounds every minor of B, so det(B) and every entry
 * of the adjugate; z, v and S add factors of at most the won count W and
 * the journey count J.  Bound = H J W + 1, with H^2 computed exactly.
 */
static void bound(mpz_t out, const counts *c, size_t njourneys, size_t won)
{
    uint32_t n = c->n;
    mpz_t h2, row, e;
    mpz_inits(h2, row, e, NULL);
    mpz_set_ui(h2, 1);
    for (uint32_t x = 0; x < n; x++) {
        mpz_set_ui(row, 0);
        for (uint32_t y = 0; y < n; y++) {
            uint64_t v = c->nn[(size_t)x * n + y];
            set_u64(e, x == y ? c->out[x] - v : v);  /* |B(x,y)| */
            mpz_addmul(row, e, e);
        }
        mpz_mul(h2, h2, row);
    }
    mpz_sqrt(out, h2);
    mpz_add_ui(out, out, 1);
    mpz_mul_ui(out, out, (unsigned long)(njourneys + 1));
    mpz_mul_ui(out, out, (unsigned long)(won + 1));
    mpz_clears(h2, row, e, NULL);
}

/*
 * The wanted integers, exactly: residues modulo primes just below 2^62 (in
 * increasing order from 2^62 - 2^40, skipping the unlucky ones), joined by
 * the Chinese remainder theorem until the primes' product exceeds the bound.
 * Every wanted integer lies in [0, bound), so it is then determined.
 */
static void solve_exact(wanted *w, const counts *c, size_t njourneys, size_t won)
{
    uint32_t n = c->n;
    mpz_t lim, q;
    mpz_inits(lim, q, NULL);
    bound(lim, c, njourneys, won);
    uint64_t *b = xmalloc((size_t)n * n * sizeof *b), *r = xmalloc((3 * (size_t)n + 2) * sizeof *r);
    set_u64(q, ((uint64_t)1 << 62) - ((uint64_t)1 << 40));
    mpz_set_ui(w->modulus, 1);
    while (mpz_cmp(w->modulus, lim) <= 0) {
        mpz_nextprime(q, q);
        mont m;
        mont_init(&m, (uint64_t)mpz_get_ui(q));
        if (residues(&m, c, b, r) == 0)
            crt_add(w, m.p, r);
    }
    free(b);
    free(r);
    mpz_clears(lim, q, NULL);
}

int markov_removal_effects(const journeys *j, mpq_t *re, mpq_t p)
{
    uint32_t n = j->n;
    if (n > MARKOV_MAX_UNITS)
        return -1;
    for (uint32_t u = 0; u < n; u++)
        mpq_set_ui(re[u], 0, 1);
    if (p)
        mpq_set_ui(p, 0, 1);
    if (n == 0 || j->won == 0)
        return 0;  /* P = 0 */
    counts c;
    count(&c, j);
    wanted w = {n, xmalloc((3 * (size_t)n + 2) * sizeof(mpz_t)), {{0}}};
    for (size_t i = 0; i < 3 * (size_t)n + 2; i++)
        mpz_init(w.x[i]);
    mpz_init(w.modulus);
    solve_exact(&w, &c, j->count, j->won);
    const mpz_t *det = &w.x[0], *dg = w.x + 1, *z = w.x + 1 + n, *v = w.x + 1 + 2 * (size_t)n;
    const mpz_t *s = &w.x[1 + 3 * (size_t)n];
    if (mpz_sgn(*s) != 0) {
        if (p) {
            mpz_set(mpq_numref(p), *s);
            mpz_mul_ui(mpq_denref(p), *det, (unsigned long)j->count);
            mpq_canonicalize(p);
        }
        for (uint32_t u = 0; u < n; u++) {
            mpz_mul(mpq_numref(re[u]), v[u], z[u]);
            mpz_mul(mpq_denref(re[u]), dg[u], *s);
            mpq_canonicalize(re[u]);
        }
    }
    for (size_t i = 0; i < 3 * (size_t)n + 2; i++)
        mpz_clear(w.x[i]);
    free(w.x);
    mpz_clear(w.modulus);
    counts_free(&c);
    return 0;
}
