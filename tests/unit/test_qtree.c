/*
 * test_qtree.c - pairwise summation gives exactly the sequential sum.
 *
 * mpq_add, term after term, is the reference: for counts around every power
 * of two (where the binary counter carries) the totals must be equal, also
 * for the edge values of qedges.h (±2^63, ±2^64 and their neighbours).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtree.h"
#include "qedges.h"

static void term(mpq_t x, unsigned long i)
{
    /* (-1)^i * (i^2 + 1) / (i * 7 + 3): distinct denominators, both signs. */
    mpq_set_ui(x, i * i + 1, i * 7 + 3);
    mpq_canonicalize(x);
    if (i & 1)
        mpq_neg(x, x);
}

static void test_matches_sequential_sum(void **state)
{
    static const unsigned long counts[] = {0, 1, 2, 3, 4, 7, 8, 9, 63, 64, 65, 1000, 4097};
    mpq_t x, want, got;
    mpq_inits(x, want, got, NULL);
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        qtree t;
        qtree_init(&t);
        mpq_set_ui(want, 0, 1);
        for (unsigned long i = 0; i < counts[c]; i++) {
            term(x, i);
            qtree_add(&t, x);
            mpq_add(want, want, x);
        }
        qtree_value(&t, got);
        assert_true(mpq_equal(got, want));
        qtree_clear(&t);
    }
    mpq_clears(x, want, got, NULL);
}

static void test_merge(void **state)
{
    qtree a, b;
    qtree_init(&a);
    qtree_init(&b);
    mpq_t x, want, got;
    mpq_inits(x, want, got, NULL);
    for (unsigned long i = 0; i < 300; i++) {
        term(x, i);
        qtree_add(i % 3 ? &a : &b, x);
        mpq_add(want, want, x);
    }
    qtree_add_tree(&a, &b);
    qtree_value(&a, got);
    assert_true(mpq_equal(got, want));
    mpq_clears(x, want, got, NULL);
    qtree_clear(&a);
    qtree_clear(&b);
}

/* Adds x to tree t and to its reference sum, then checks t's total. */
static void add_checked(qtree *t, mpq_t ref, const mpq_t x)
{
    mpq_t got;
    mpq_init(got);
    qtree_add(t, x);
    mpq_add(ref, ref, x);
    qtree_value(t, got);
    assert_q_identical(got, ref);
    mpq_clear(got);
}

/* The edge grid, then random values near the edges, into two trees merged at the end. */
static void test_edges(void **state)
{
    qtree a, b;
    qtree_init(&a);
    qtree_init(&b);
    mpq_t x, want_a, want_b, got;
    mpq_inits(x, want_a, want_b, got, NULL);
    unsigned long k = 0;
    for (size_t ni = 0; ni < QEDGE_N; ni++)
        for (int neg = 0; neg < 2; neg++)
            for (size_t di = 1; di < QEDGE_N; di++, k++) {
                qedge_q(x, ni, neg, di);
                if (k % 3)
                    add_checked(&a, want_a, x);
                else
                    add_checked(&b, want_b, x);
            }
    for (int i = 0; i < 2000; i++) {
        qedge_random_q(x);
        if (i % 2)
            add_checked(&a, want_a, x);
        else
            add_checked(&b, want_b, x);
    }
    qtree_add_tree(&a, &b);
    qtree_value(&a, got);
    mpq_add(want_a, want_a, want_b);
    assert_q_identical(got, want_a);
    mpq_clears(x, want_a, want_b, got, NULL);
    qtree_clear(&a);
    qtree_clear(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_sequential_sum),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
