/*
 * test_walkfig.c - the line walk's figures (walkfig.h) against GMP at the words' edges:
 * every pair of a grid of ±0, 1, ..., 2^62, 2^63 - 1, 2^63, 2^63 + 1, 2^64 - 1, 2^64,
 * 2^64 + 1 over the same magnitudes (qedges.h) is added, subtracted, multiplied and compared
 * as figures and as mpq_t; the results must be equal whether a figure stayed in words or went
 * to GMP, and a figure that fits words must be held in them.  A qsum fed figures (qsum_wv,
 * with and without negation) must give the mpq_t sum.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "qedges.h"
#include "walkfig.h"

static size_t grid(mpq_t **out)
{
    size_t n = 0;
    mpq_t *v = malloc(sizeof(mpq_t) * QEDGE_N * 2 * QEDGE_N);
    for (size_t ni = 0; ni < QEDGE_N; ni++)
        for (int neg = 0; neg < 2; neg++)
            for (size_t di = 1; di < QEDGE_N; di++) {
                if (neg && ni == 0)
                    continue;
                mpq_init(v[n]);
                qedge_q(v[n], ni, neg, di);
                n++;
            }
    *out = v;
    return n;
}

static void free_grid(mpq_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mpq_clear(v[i]);
    free(v);
}

/* The figure x equals want, and is in words exactly when want is a qw. */
static void assert_figure(const wv *x, const mpq_t want, int words_expected)
{
    mpq_t view;
    mpq_init(view);
    assert_true(mpq_equal(wv_mpq(x, view), want));
    int64_t n;
    uint64_t d;
    if (words_expected && q_small(want, &n, &d))
        assert_true(x->w.d != 0);
    mpq_clear(view);
}

static void test_operations_at_the_edges(void **state)
{
    (void)state;
    mpq_t *v, want;
    size_t n = grid(&v);
    mpq_init(want);
    wpool p;
    wpool_init(&p);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            wv a, b, out;
            wv_zero(&a), wv_zero(&b), wv_zero(&out);
            wv_set_mpq(&p, &a, v[i]);
            wv_set_mpq(&p, &b, v[j]);
            assert_figure(&a, v[i], 1);
            wv_add(&p, &out, &a, &b);
            mpq_add(want, v[i], v[j]);
            assert_figure(&out, want, 0);  /* a sum may go to GMP though it fits (qfast.h) */
            wv_sub(&p, &out, &a, &b);
            mpq_sub(want, v[i], v[j]);
            assert_figure(&out, want, 0);
            wv_mul(&p, &out, &a, &b);
            mpq_mul(want, v[i], v[j]);
            assert_figure(&out, want, 1);
            int c = mpq_cmp(v[i], v[j]), got = wv_cmp(&p, &a, &b);  /* signs, as mpq_cmp's */
            assert_int_equal((got > 0) - (got < 0), (c > 0) - (c < 0));
            assert_int_equal(wv_sgn(&a), mpq_sgn(v[i]));
            wv_add(&p, &a, &a, &b);  /* the result written over an operand */
            mpq_add(want, v[i], v[j]);
            assert_figure(&a, want, 0);
            wpool_empty(&p);
        }
    wpool_free(&p);
    mpq_clear(want);
    free_grid(v, n);
}

/* Random operands near the edges, with large powers of two on both sides (qedges.h). */
static void test_random_operations(void **state)
{
    (void)state;
    mpq_t x, y, want;
    mpq_inits(x, y, want, NULL);
    wpool p;
    wpool_init(&p);
    for (int k = 0; k < 200000; k++) {
        qedge_random_q(x);
        qedge_random_q(y);
        wv a, b, out;
        wv_zero(&a), wv_zero(&b), wv_zero(&out);
        wv_set_mpq(&p, &a, x);
        wv_set_mpq(&p, &b, y);
        wv_mul(&p, &out, &a, &b);
        mpq_mul(want, x, y);
        assert_figure(&out, want, 1);
        wv_sub(&p, &out, &out, &a);
        mpq_sub(want, want, x);
        assert_figure(&out, want, 0);
        wpool_empty(&p);
    }
    wpool_free(&p);
    mpq_clears(x, y, want, NULL);
}

static void test_qsum_of_figures(void **state)
{
    (void)state;
    mpq_t *v, want, got;
    size_t n = grid(&v);
    mpq_inits(want, got, NULL);
    wpool p;
    wpool_init(&p);
    qsum s;
    qsum_init(&s);
    for (size_t i = 0; i < n; i++) {
        wv x;
        wv_zero(&x);
        wv_set_mpq(&p, &x, v[i]);
        int neg = (int)(i % 3 == 0);
        qsum_wv(&s, &x, neg);
        if (neg)
            mpq_sub(want, want, v[i]);
        else
            mpq_add(want, want, v[i]);
    }
    qsum_value(&s, got);
    assert_true(mpq_equal(got, want));
    qsum_clear(&s);
    wpool_free(&p);
    mpq_clears(want, got, NULL);
    free_grid(v, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operations_at_the_edges),
        cmocka_unit_test(test_random_operations),
        cmocka_unit_test(test_qsum_of_figures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
