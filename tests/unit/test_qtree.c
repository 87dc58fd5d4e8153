/*
 * test_qtree.c - pairwise summation gives exactly the sequential sum.
 *
 * mpq_add, term after term, is the reference: for counts around every power
 * of two (where the binary counter carries) the totals must be equal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "truce/qtree.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_sequential_sum),
        cmocka_unit_test(test_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
