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
 * So ONE fraction-free Gauss-Jordan elimination of B (Bareiss's rule: every
 * division is exact, every entry an integer minor of B) gives every removal
 * effect: about n^3 big-integer steps instead of n solves of n^3/3 each.
 * B is a non-singular M-matrix (every unit reaches won or lost), so its
 * leading principal minors, the pivots, are positive: no pivoting is
 * needed.
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
    for (uint32_t x = 0; x < n; x++)
        for (uint32_t y = 0; y < n; y++)
            c->out[x] += c->nn[(size_t)x * n + y];
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

/*
 * Fraction-free Gauss-Jordan on [M | I] (n x n each, row-major, M overwritten):
 * on return adj holds the adjugate of M and det its determinant.  Step k
 * updates every row i != k as e := (p e - m(i,k) m(k,j)) / prev, p the pivot
 * m(k,k) and prev the pivot before it (1 at first); the division is exact.
 * The right half's column j is e_j times the latest pivot until step j, so
 * it is filled in then, and step k touches left columns > k and right
 * columns <= k only: n updates per row per step.
 */
static void adjugate(mpz_t *m, mpz_t *adj, mpz_t det, uint32_t n)
{
    mpz_t prev, t;
    mpz_init_set_ui(prev, 1);
    mpz_init(t);
    for (size_t i = 0; i < (size_t)n * n; i++)
        mpz_set_ui(adj[i], 0);
    for (uint32_t k = 0; k < n; k++) {
        mpz_set(adj[(size_t)k * n + k], prev);
        const mpz_t *p = &m[(size_t)k * n + k];
        for (uint32_t i = 0; i < n; i++) {
            if (i == k)
                continue;
            mpz_t *ri = &m[(size_t)i * n], *ai = &adj[(size_t)i * n];
            const mpz_t *rk = &m[(size_t)k * n], *ak = &adj[(size_t)k * n];
            for (uint32_t jj = k + 1; jj < n; jj++) {
                mpz_mul(t, *p, ri[jj]);
                mpz_submul(t, ri[k], rk[jj]);
                mpz_divexact(ri[jj], t, prev);
            }
            for (uint32_t jj = 0; jj <= k; jj++) {
                mpz_mul(t, *p, ai[jj]);
                mpz_submul(t, ri[k], ak[jj]);
                mpz_divexact(ai[jj], t, prev);
            }
            mpz_set_ui(ri[k], 0);
        }
        mpz_set(prev, *p);
    }
    mpz_set(det, prev);
    mpz_clears(prev, t, NULL);
}

static mpz_t *mpz_array(size_t n)
{
    mpz_t *v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        mpz_init(v[i]);
    return v;
}

static void mpz_array_free(mpz_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mpz_clear(v[i]);
    free(v);
}

/* B = diag(out) - N, the unit block of I - Q scaled by out-counts. */
static void fill_b(mpz_t *b, const counts *c)
{
    uint32_t n = c->n;
    mpz_t t;
    mpz_init(t);
    for (uint32_t x = 0; x < n; x++)
        for (uint32_t y = 0; y < n; y++) {
            set_u64(b[(size_t)x * n + y], c->nn[(size_t)x * n + y]);
            mpz_neg(b[(size_t)x * n + y], b[(size_t)x * n + y]);
        }
    for (uint32_t x = 0; x < n; x++) {
        set_u64(t, c->out[x]);
        mpz_add(b[(size_t)x * n + x], b[(size_t)x * n + x], t);
    }
    mpz_clear(t);
}

/* z = A w, v = a^T A and S = a^T A w from the adjugate A. */
static void products(const mpz_t *adj, const counts *c, mpz_t *z, mpz_t *v, mpz_t s)
{
    uint32_t n = c->n;
    mpz_t t;
    mpz_init(t);
    mpz_set_ui(s, 0);
    for (uint32_t x = 0; x < n; x++) {
        mpz_set_ui(z[x], 0);
        mpz_set_ui(v[x], 0);
    }
    for (uint32_t x = 0; x < n; x++)
        for (uint32_t y = 0; y < n; y++) {
            const mpz_t *e = &adj[(size_t)x * n + y];
            if (c->won[y]) {
                set_u64(t, c->won[y]);
                mpz_addmul(z[x], *e, t);
            }
            if (c->start[x]) {
                set_u64(t, c->start[x]);
                mpz_addmul(v[y], *e, t);
            }
        }
    for (uint32_t x = 0; x < n; x++)
        if (c->start[x]) {
            set_u64(t, c->start[x]);
            mpz_addmul(s, z[x], t);
        }
    mpz_clear(t);
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
    mpz_t *b = mpz_array((size_t)n * n), *adj = mpz_array((size_t)n * n);
    mpz_t *z = mpz_array(n), *v = mpz_array(n), det, s;
    mpz_inits(det, s, NULL);
    fill_b(b, &c);
    adjugate(b, adj, det, n);
    products(adj, &c, z, v, s);
    if (mpz_sgn(s) != 0) {
        if (p) {
            mpz_set(mpq_numref(p), s);
            mpz_mul_ui(mpq_denref(p), det, (unsigned long)j->count);
            mpq_canonicalize(p);
        }
        for (uint32_t u = 0; u < n; u++) {
            mpz_mul(mpq_numref(re[u]), v[u], z[u]);
            mpz_mul(mpq_denref(re[u]), adj[(size_t)u * n + u], s);
            mpq_canonicalize(re[u]);
        }
    }
    mpz_clears(det, s, NULL);
    mpz_array_free(b, (size_t)n * n);
    mpz_array_free(adj, (size_t)n * n);
    mpz_array_free(z, n);
    mpz_array_free(v, n);
    counts_free(&c);
    return 0;
}
