/*
 * test_qacc.c - a qacc plus the terms it refused is exactly the sum mpq_add gives.
 *
 * The reference adds every term with mpq_add; the qacc under test keeps what
 * it accepts, and the test keeps what it refuses in an mpq, as its callers
 * do.  Terms are the edge values of qedges.h (numerators up to 2^127 in
 * magnitude as products of two edges, denominators up to 2^64 - 1), terms
 * not in lowest terms, sums driven to the edge of 128 bits, and random small
 * fractions with denominators that share factors, as the scoreboard's do.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qacc.h"
#include "qedges.h"

typedef __int128 i128;

/* qacc + refused == want, and a refused add left the qacc as it was. */
static void check(const qacc *a, const mpq_t refused, const mpq_t want)
{
    mpq_t got;
    mpq_init(got);
    qacc_value(got, a);
    mpq_add(got, got, refused);
    assert_q_identical(got, want);
    mpq_clear(got);
}

/* Adds n/d to the qacc (or to refused when it refuses) and to the reference. */
static void add_term(qacc *a, mpq_t refused, mpq_t want, i128 n, uint64_t d)
{
    mpq_t t;
    mpq_init(t);
    qacc_mpz_set_i128(mpq_numref(t), n);
    mpz_set_ui(mpq_denref(t), d);
    mpq_canonicalize(t);
    qacc before = *a;
    if (qacc_add(a, n, d) != 0) {
        assert_true(a->num == before.num && a->den == before.den);
        mpq_add(refused, refused, t);
    }
    assert_true(a->den >= 1);
    mpq_add(want, want, t);
    check(a, refused, want);
    mpq_clear(t);
}

/* |v| of an edge magnitude that fits 64 bits, else 0 (not used). */
static int edge_word(size_t i, uint64_t *out)
{
    mpz_t z;
    mpz_init(z);
    qedge_mag(z, i);
    int fits = mpz_fits_ulong_p(z);
    if (fits)
        *out = mpz_get_ui(z);
    mpz_clear(z);
    return fits;
}

/* Every edge numerator (and products of two, up to 2^128) over every edge denominator. */
static void test_edge_terms(void **state)
{
    (void)state;
    qacc a = QACC_ZERO;
    mpq_t refused, want;
    mpq_inits(refused, want, NULL);
    for (size_t ni = 0; ni < QEDGE_N; ni++)
        for (size_t mi = 0; mi < QEDGE_N; mi++)
            for (size_t di = 1; di < QEDGE_N; di++) {
                uint64_t n1, n2, d;
                if (!edge_word(ni, &n1) || !edge_word(mi, &n2) || !edge_word(di, &d) || d == 0)
                    continue;
                unsigned __int128 m = (unsigned __int128)n1 * n2;
                if (m >> 127)
                    continue;  /* no i128 holds it */
                i128 n = (i128)m;
                add_term(&a, refused, want, (ni + mi + di) % 2 ? -n : n, d);
            }
    mpq_clears(refused, want, NULL);
}

/* A sum driven to +-(2^127 - 1): the next term that would pass it is refused. */
static void test_numerator_edge(void **state)
{
    (void)state;
    const i128 max = (i128)(((unsigned __int128)1 << 127) - 1);
    mpq_t refused, want;
    mpq_inits(refused, want, NULL);
    for (int sign = -1; sign <= 1; sign += 2) {
        qacc a = QACC_ZERO;
        mpq_set_ui(refused, 0, 1);
        mpq_set_ui(want, 0, 1);
        add_term(&a, refused, want, sign * (max - 5), 1);
        add_term(&a, refused, want, sign * 5, 1);   /* exactly +-(2^127 - 1) */
        add_term(&a, refused, want, sign * 1, 1);   /* past it (or -2^127): refused */
        assert_true(a.num == sign * max);
        add_term(&a, refused, want, sign * 1, 2);   /* den 2 would double num: refused */
        add_term(&a, refused, want, -sign * 3, 1);
    }
    mpq_clears(refused, want, NULL);
}

/* Denominators whose lcm passes 2^64: refused once it would, accepted while it does not. */
static void test_denominator_edge(void **state)
{
    (void)state;
    static const uint64_t primes[] = {4294967291u, 4294967279u, 4294967231u, 3, 2};
    qacc a = QACC_ZERO;
    mpq_t refused, want;
    mpq_inits(refused, want, NULL);
    for (size_t i = 0; i < 5; i++)
        add_term(&a, refused, want, 1, primes[i]);
    add_term(&a, refused, want, 7, UINT64_MAX);
    add_term(&a, refused, want, -7, UINT64_MAX - 1);
    mpq_clears(refused, want, NULL);
}

/* Many small terms in and out of lowest terms, as a campaign's sums get them. */
static void test_random_small(void **state)
{
    (void)state;
    static const uint64_t dens[] = {1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 100, 1000, 3000, 7000, 2520};
    qacc a = QACC_ZERO;
    mpq_t refused, want;
    mpq_inits(refused, want, NULL);
    for (int i = 0; i < 20000; i++) {
        uint64_t d = dens[qedge_next() % 15] * dens[qedge_next() % 15];
        i128 n = (i128)(qedge_next() >> (qedge_next() % 64));
        if (qedge_next() & 1)
            n = -n;
        if (qedge_next() % 4 == 0) {  /* not in lowest terms */
            n *= 6;
            d *= 6;
        }
        add_term(&a, refused, want, n, d);
    }
    mpq_clears(refused, want, NULL);
}

/* qacc_add_q takes what q_small takes, and refuses the rest untouched. */
static void test_add_q(void **state)
{
    (void)state;
    qacc a = QACC_ZERO;
    mpq_t x, refused, want, got;
    mpq_inits(x, refused, want, got, NULL);
    for (size_t ni = 0; ni < QEDGE_N; ni++)   /* the edge grid first, both signs */
        for (size_t di = 1; di < QEDGE_N; di++)
            for (int neg = 0; neg < 2; neg++) {
                qedge_q(x, ni, neg, di);
                if (qacc_add_q(&a, x) != 0)
                    mpq_add(refused, refused, x);
                mpq_add(want, want, x);
                check(&a, refused, want);
            }
    for (int i = 0; i < 5000; i++) {
        qedge_random_q(x);
        if (qacc_add_q(&a, x) != 0)
            mpq_add(refused, refused, x);
        mpq_add(want, want, x);
        check(&a, refused, want);
    }
    mpq_clears(x, refused, want, got, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_terms),      cmocka_unit_test(test_numerator_edge),
        cmocka_unit_test(test_denominator_edge), cmocka_unit_test(test_random_small),
        cmocka_unit_test(test_add_q),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
