/*
 * fuzz_qarith.c - libFuzzer target for the exact fast paths: qfast.h (q_mul,
 * q_add, q_div, q_set_frac, q_small), qsum.h and qtree.h, against plain GMP.
 *
 * Every figure of a batch goes through these functions, and a wrong sign at
 * 2^63 pays the wrong way without any error (issue 13, finding 6), so the
 * input is a program of operands biased to the edges of the machine words:
 * 0, ±1, ±2^31, ±2^62, ±(2^63 - 1), ±2^63, ±(2^63 + 1), ±3·2^62, ±(2^64 - 1),
 * ±2^64, ±(2^64 + 1), each maybe moved by ±1 and shifted left, small
 * numbers, powers of two up to 2^129 and 1 to 3 random 64-bit limbs; and
 * denominators from the same values or small ones.
 *
 * Invariants, each checked against GMP (mpq_mul, mpq_add, mpq_div,
 * mpq_canonicalize; never the code under test):
 *  - q_mul, q_add and q_div (divisor not zero) give GMP's canonical result,
 *    on each operand and the one before it, both ways round, and with out
 *    aliasing either operand; a running chain of them (results fed back as
 *    operands) stays equal to GMP's chain;
 *  - q_set_frac(n, d) is n/d canonicalised, for the operand's raw numerator
 *    and denominator taken modulo 2^64 (INT64_MIN over 2^63 included);
 *  - q_small accepts exactly |num| < 2^63 and den < 2^64, and reads them back;
 *  - two qsums and two qtrees, fed the operands, doubled by merging (a qsum
 *    up to 127 times, past a bucket's 2^127), then merged, total what
 *    mpq_add totals, and qsum_is_empty is true exactly when the total is zero.
 */
#include "fuzz_common.h"

#include <gmp.h>

#include "qfast.h"
#include "qsum.h"
#include "qtree.h"

#define MAX_OPERANDS 64

/* ---- operands ------------------------------------------------------------ */

static const char *const edges[] = {
    "0", "1", "2", "3", "80000000", "4000000000000000", "7fffffffffffffff", "8000000000000000",
    "8000000000000001", "c000000000000000", "ffffffffffffffff", "10000000000000000",
    "10000000000000001",
};
#define N_EDGES (sizeof edges / sizeof edges[0])

/*
 * z = a magnitude described by kind byte k: its low 4 bits pick an edge
 * (0..12), a small number (13), a power of two (14) or random limbs (15);
 * bits 4-5 move it by 0, +1, -1 or 0; bit 6 shifts it left by a few bits.
 */
static void take_mag(bytes *b, uint8_t k, mpz_t z)
{
    unsigned kind = k & 15;
    if (kind < N_EDGES) {
        mpz_set_str(z, edges[kind], 16);
    } else if (kind == 13) {
        mpz_set_ui(z, take_u8(b));
    } else if (kind == 14) {
        mpz_set_ui(z, 0);
        mpz_setbit(z, take_u8(b) % 130);
    } else {
        unsigned limbs = 1 + take_u8(b) % 3;
        mpz_set_ui(z, 0);
        for (unsigned i = 0; i < limbs; i++) {
            uint64_t limb = 0;
            for (int j = 0; j < 8; j++)
                limb = limb << 8 | take_u8(b);
            mpz_mul_2exp(z, z, 64);
            mpz_add_ui(z, z, limb);
        }
    }
    unsigned move = k >> 4 & 3;
    if (move == 1)
        mpz_add_ui(z, z, 1);
    else if (move == 2 && mpz_sgn(z) > 0)
        mpz_sub_ui(z, z, 1);
    if (k & 0x40)
        mpz_mul_2exp(z, z, take_u8(b) % 64);
}

/*
 * num, den = an operand as written, not canonical: the numerator's kind byte
 * has its sign in bit 7; a denominator byte with bit 7 set is small (1..64),
 * else a magnitude as above, and 0 becomes 1.
 */
static void take_raw(bytes *b, mpz_t num, mpz_t den)
{
    uint8_t k = take_u8(b);
    take_mag(b, k, num);
    if (k & 0x80)
        mpz_neg(num, num);
    uint8_t kd = take_u8(b);
    if (kd & 0x80)
        mpz_set_ui(den, 1 + (kd & 0x3f));
    else
        take_mag(b, kd, den);
    if (mpz_sgn(den) == 0)
        mpz_set_ui(den, 1);
}

/* The low 64 bits of |z|, as an unsigned value. */
static uint64_t low64(const mpz_t z)
{
    return mpz_size(z) ? (uint64_t)mpz_getlimbn(z, 0) : 0;
}

/* ---- checks -------------------------------------------------------------- */

/*
 * The result under test and GMP's, kept from one input to the next: under
 * ASan, GMP's allocations would otherwise take most of the run time.
 */
static mpq_t out, gmp;
static mpz_t two63, two64;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    mpq_inits(out, gmp, NULL);
    mpz_init_set_ui(two63, 1);
    mpz_mul_2exp(two63, two63, 63);
    mpz_init_set_ui(two64, 1);
    mpz_mul_2exp(two64, two64, 64);
    return 0;
}

static int identical(const mpq_t x, const mpq_t y)
{
    return mpz_cmp(mpq_numref(x), mpq_numref(y)) == 0 && mpz_cmp(mpq_denref(x), mpq_denref(y)) == 0;
}

__attribute__((noreturn))
static void differs(const char *what, const mpq_t a, const mpq_t b, const mpq_t got, const mpq_t want)
{
    gmp_fprintf(stderr, "%s(%Qd, %Qd) = %Qd, GMP gives %Qd\n", what, a, b, got, want);
    fuzz_fail(__FILE__, __LINE__, "%s differs from GMP", what);
}

typedef void q_op(mpq_t, const mpq_t, const mpq_t);

/* op(a, b) into out holding another value, into a copy of a, into a copy of b: each is ref(a, b). */
static void check_op(const char *what, q_op *op, q_op *ref, const mpq_t a, const mpq_t b)
{
    ref(gmp, a, b);
    mpq_set_si(out, -7, 3);
    op(out, a, b);
    if (!identical(out, gmp))
        differs(what, a, b, out, gmp);
    mpq_set(out, a);
    op(out, out, b);
    if (!identical(out, gmp))
        differs(what, a, b, out, gmp);
    mpq_set(out, b);
    op(out, a, out);
    if (!identical(out, gmp))
        differs(what, a, b, out, gmp);
}

/* q_mul, q_add and q_div of a and b, both ways round. */
static void check_pair(const mpq_t a, const mpq_t b)
{
    check_op("q_mul", q_mul, mpq_mul, a, b);
    check_op("q_add", q_add, mpq_add, a, b);
    if (mpq_sgn(b) != 0)
        check_op("q_div", q_div, mpq_div, a, b);
    if (mpq_sgn(a) != 0)
        check_op("q_div", q_div, mpq_div, b, a);
}

/* q_set_frac on the raw operand taken modulo 2^64 (the numerator as a two's complement int64_t). */
static void check_set_frac(const mpz_t num, const mpz_t den)
{
    uint64_t u = low64(num);
    int64_t n = (int64_t)(mpz_sgn(num) < 0 ? 0 - u : u);
    uint64_t d = low64(den) ? low64(den) : 1;
    mpz_set_si(mpq_numref(gmp), n);
    mpz_set_ui(mpq_denref(gmp), d);
    mpq_canonicalize(gmp);
    q_set_frac(out, n, d);
    if (!identical(out, gmp)) {
        gmp_fprintf(stderr, "q_set_frac(%lld, %llu) = %Qd, GMP gives %Qd\n", (long long)n,
                    (unsigned long long)d, out, gmp);
        fuzz_fail(__FILE__, __LINE__, "q_set_frac differs from GMP");
    }
}

static void check_small(const mpq_t x)
{
    int fits = mpz_cmpabs(mpq_numref(x), two63) < 0 && mpz_cmp(mpq_denref(x), two64) < 0;
    int64_t n = 0;
    uint64_t d = 0;
    int small = q_small(x, &n, &d);
    if (small != fits)
        gmp_fprintf(stderr, "q_small(%Qd) = %d\n", x, small);
    CHECK(small == fits, "q_small accepts %d, want %d", small, fits);
    if (small)
        CHECK(mpz_cmp_si(mpq_numref(x), n) == 0 && mpz_cmp_ui(mpq_denref(x), d) == 0,
              "q_small read %lld/%llu", (long long)n, (unsigned long long)d);
}

/* ---- sums ---------------------------------------------------------------- */

typedef struct sums {
    qsum s[2];
    qtree t[2];
    mpq_t ref_s[2], ref_t[2];  /* mpq_add of what went into each */
} sums;

static void sums_init(sums *m)
{
    for (int i = 0; i < 2; i++) {
        qsum_init(&m->s[i]);
        qtree_init(&m->t[i]);
        mpq_inits(m->ref_s[i], m->ref_t[i], NULL);
    }
}

static void sums_clear(sums *m)
{
    for (int i = 0; i < 2; i++) {
        qsum_clear(&m->s[i]);
        qtree_clear(&m->t[i]);
        mpq_clears(m->ref_s[i], m->ref_t[i], NULL);
    }
}

__attribute__((noreturn))
static void total_differs(const char *what, const mpq_t got, const mpq_t want)
{
    gmp_fprintf(stderr, "%s = %Qd, mpq_add gives %Qd\n", what, got, want);
    fuzz_fail(__FILE__, __LINE__, "%s differs from GMP", what);
}

static void check_qsum(const qsum *s, const mpq_t ref)
{
    qsum_value(s, out);
    if (!identical(out, ref))
        total_differs("qsum_value", out, ref);
    CHECK(qsum_is_empty(s) == (mpq_sgn(ref) == 0), "qsum_is_empty wrong");
}

static void check_qtree(const qtree *t, const mpq_t ref)
{
    qtree_value(t, out);
    if (!identical(out, ref))
        total_differs("qtree_value", out, ref);
}

/*
 * qsum i doubled k times and qtree i k % 8 times, each by merging it with a
 * copy of itself: 65 doublings take a bucket of 2^63 - 1 past 2^127.  (A qtree
 * has no machine-word path; doubling it often only costs time.)
 */
static void double_sums(sums *m, int i, unsigned k)
{
    for (unsigned j = 0; j < k; j++) {
        qsum cs;
        qsum_init(&cs);
        qsum_add_sum(&cs, &m->s[i]);
        qsum_add_sum(&m->s[i], &cs);
        qsum_clear(&cs);
    }
    for (unsigned j = 0; j < k % 8; j++) {
        qtree ct;
        qtree_init(&ct);
        qtree_add_tree(&ct, &m->t[i]);
        qtree_add_tree(&m->t[i], &ct);
        qtree_clear(&ct);
    }
    mpq_t p;
    mpq_init(p);
    mpz_setbit(mpq_numref(p), k);
    mpq_mul(m->ref_s[i], m->ref_s[i], p);
    mpz_set_ui(mpq_numref(p), 0);
    mpz_setbit(mpq_numref(p), k % 8);
    mpq_mul(m->ref_t[i], m->ref_t[i], p);
    mpq_clear(p);
}

/* ---- the program --------------------------------------------------------- */

/* acc = acc op x by qfast and want = want op x by GMP, op 0..3: *, +, / (+ by 0), x; then equal. */
static void step_chain(mpq_t acc, mpq_t want, unsigned op, const mpq_t x)
{
    static q_op *const ops[] = {q_mul, q_add, q_div};
    static q_op *const refs[] = {mpq_mul, mpq_add, mpq_div};
    if (op == 3) {
        mpq_set(acc, x);
        mpq_set(want, x);
        return;
    }
    if (op == 2 && mpq_sgn(x) == 0)
        op = 1;
    mpq_t before;
    mpq_init(before);
    mpq_set(before, want);
    ops[op](acc, acc, x);
    refs[op](want, want, x);
    if (!identical(acc, want))
        differs(op == 0 ? "chain q_mul" : op == 1 ? "chain q_add" : "chain q_div", before, x, acc, want);
    mpq_clear(before);
}

/*
 * Each step: an op byte, then an operand.  Op bits: 0 which qsum, 1 which
 * qtree, 2 check both now, 3 double qsum and qtree number (bit 0) after the
 * add (count from the next byte), 4-5 the chain's operation (multiply, add,
 * divide, restart from the operand).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bytes b = {data, size};
    mpz_t num, den;
    mpq_t x, prev, acc, want_acc;
    mpz_inits(num, den, NULL);
    mpq_inits(x, prev, acc, want_acc, NULL);
    sums m;
    sums_init(&m);
    for (int step = 0; step < MAX_OPERANDS && b.n > 0; step++) {
        uint8_t op = take_u8(&b);
        unsigned k = op & 8 ? take_u8(&b) % 128 : 0;
        take_raw(&b, num, den);
        check_set_frac(num, den);
        mpz_set(mpq_numref(x), num);
        mpz_set(mpq_denref(x), den);
        mpq_canonicalize(x);
        check_small(x);
        check_pair(prev, x);

        step_chain(acc, want_acc, op >> 4 & 3, x);
        int si = op & 1, ti = op >> 1 & 1;
        qsum_add(&m.s[si], x);
        mpq_add(m.ref_s[si], m.ref_s[si], x);
        qtree_add(&m.t[ti], x);
        mpq_add(m.ref_t[ti], m.ref_t[ti], x);
        if (k)
            double_sums(&m, si, k);
        if (op & 4) {
            check_qsum(&m.s[si], m.ref_s[si]);
            check_qtree(&m.t[ti], m.ref_t[ti]);
        }
        mpq_swap(prev, x);
    }
    qsum_add_sum(&m.s[0], &m.s[1]);
    mpq_add(m.ref_s[0], m.ref_s[0], m.ref_s[1]);
    check_qsum(&m.s[0], m.ref_s[0]);
    qtree_add_tree(&m.t[0], &m.t[1]);
    mpq_add(m.ref_t[0], m.ref_t[0], m.ref_t[1]);
    check_qtree(&m.t[0], m.ref_t[0]);
    sums_clear(&m);
    mpz_clears(num, den, NULL);
    mpq_clears(x, prev, acc, want_acc, NULL);
    return 0;
}
