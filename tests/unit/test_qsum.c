/*
 * test_qsum.c - bucketed sums give exactly the sum mpq_add gives.
 *
 * mpq_add, term after term, is the reference.  The terms are the edge values
 * of qedges.h (±2^63 goes to the mpq, ±(2^63 - 1) to a bucket), more distinct
 * denominators than there are buckets, merged sums, and buckets doubled by
 * merging until their 128-bit numerators overflow, where the term must go to
 * the mpq and the bucket keep what it held.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qsum.h"
#include "qedges.h"

/* The qsum's value is want, and qsum_is_empty says whether want is zero. */
static void check_value(const qsum *s, const mpq_t want)
{
    mpq_t got;
    mpq_init(got);
    mpq_set_si(got, 12345, 7);
    qsum_value(s, got);
    assert_q_identical(got, want);
    assert_int_equal(qsum_is_empty(s), mpq_sgn(want) == 0);
    mpq_clear(got);
}

/* Every edge value as a term, in grid order, then each again with its sign flipped. */
static void test_edge_terms(void **state)
{
    qsum s;
    qsum_init(&s);
    mpq_t x, want;
    mpq_inits(x, want, NULL);
    for (int pass = 0; pass < 2; pass++)
        for (size_t ni = 0; ni < QEDGE_N; ni++)
            for (size_t di = 1; di < QEDGE_N; di++) {
                qedge_q(x, ni, pass, di);
                qsum_add(&s, x);
                mpq_add(want, want, x);
                check_value(&s, want);
            }
    mpq_clears(x, want, NULL);
    qsum_clear(&s);
}

/* into += from, twice over: into's buckets double (from holds what into held). */
static void double_by_merging(qsum *into)
{
    qsum from;
    qsum_init(&from);
    qsum_add_sum(&from, into);
    qsum_add_sum(into, &from);
    qsum_clear(&from);
}

/*
 * A bucket of (2^63 - 1)/d doubled 70 times: its numerator passes 2^127 at the
 * 65th doubling, and from then on each merge must go to the mpq without
 * wrapping the bucket.  Both signs, bucket denominators 2^64 - 1 and 2^63.
 */
static void test_bucket_overflow(void **state)
{
    /* (2^63 - 1)/1, (2^63 - 1)/(2^64 - 1), 2^63/3 (in the mpq), 1/2^63 (qedge_mags indices). */
    static const size_t nums[] = {7, 7, 8, 1};
    static const size_t dens[] = {1, 12, 3, 8};
    mpq_t x, want;
    mpq_inits(x, want, NULL);
    for (size_t k = 0; k < 4; k++)
        for (int neg = 0; neg < 2; neg++) {
            qsum s;
            qsum_init(&s);
            qedge_q(x, nums[k], neg, dens[k]);
            qsum_add(&s, x);
            mpq_set(want, x);
            for (int i = 0; i < 70; i++) {
                double_by_merging(&s);
                mpq_add(want, want, want);
                check_value(&s, want);
            }
            qsum_clear(&s);
        }
    mpq_clears(x, want, NULL);
}

/* An overflowing bucket next to others, and terms added after the overflow. */
static void test_overflow_then_terms(void **state)
{
    qsum s;
    qsum_init(&s);
    mpq_t x, want;
    mpq_inits(x, want, NULL);
    for (size_t di = 1; di < 5; di++) {  /* four buckets: 1, 2, 3, 6 */
        qedge_q(x, 7, di & 1, di);
        qsum_add(&s, x);
        mpq_add(want, want, x);
    }
    for (int i = 0; i < 66; i++) {
        double_by_merging(&s);
        mpq_add(want, want, want);
    }
    check_value(&s, want);
    for (int i = 0; i < 1000; i++) {
        qedge_q(x, 1 + qedge_next() % (QEDGE_N - 1), qedge_next() & 1, 1 + qedge_next() % 4);
        qsum_add(&s, x);
        mpq_add(want, want, x);
        check_value(&s, want);
    }
    mpq_clears(x, want, NULL);
    qsum_clear(&s);
}

/* Random terms near the edges into two sums, merged, against one mpq_add chain. */
static void test_random_merge(void **state)
{
    mpq_t x, want;
    mpq_inits(x, want, NULL);
    for (int round = 0; round < 300; round++) {
        qsum a, b;
        qsum_init(&a);
        qsum_init(&b);
        mpq_set_ui(want, 0, 1);
        int n = (int)(qedge_next() % 60);
        for (int i = 0; i < n; i++) {
            if (qedge_next() % 4 == 0)
                qedge_q(x, qedge_next() % QEDGE_N, qedge_next() & 1, 1 + qedge_next() % 12);
            else
                qedge_random_q(x);
            qsum_add(qedge_next() & 1 ? &a : &b, x);
            mpq_add(want, want, x);
        }
        qsum_add_sum(&a, &b);
        check_value(&a, want);
        qsum_clear(&a);
        qsum_clear(&b);
    }
    mpq_clears(x, want, NULL);
}

/* Terms that cancel across buckets and the mpq: the total is zero, so the sum is empty. */
static void test_is_empty_exact(void **state)
{
    qsum s;
    qsum_init(&s);
    assert_true(qsum_is_empty(&s));
    mpq_t x;
    mpq_init(x);
    mpq_set_si(x, 1, 2);
    qsum_add(&s, x);
    assert_false(qsum_is_empty(&s));
    mpq_set_si(x, -1, 6);
    for (int i = 0; i < 3; i++)
        qsum_add(&s, x);  /* bucket 6 holds -3: -3/6 + 1/2 = 0 */
    assert_true(qsum_is_empty(&s));
    mpz_set_str(mpq_numref(x), "-9223372036854775808", 10);  /* -2^63: to the mpq */
    mpz_set_ui(mpq_denref(x), 1);
    qsum_add(&s, x);
    assert_false(qsum_is_empty(&s));
    mpz_set_str(mpq_numref(x), "9223372036854775807", 10);
    qsum_add(&s, x);
    mpq_set_ui(x, 1, 1);
    qsum_add(&s, x);  /* bucket 1 holds 2^63: cancels the mpq */
    assert_true(qsum_is_empty(&s));
    mpq_clear(x);
    qsum_clear(&s);
}

/* Terms entering and leaving (the line walk's use): qsum_sub against mpq_sub, at the edges and
   on random terms; every term taken away again leaves 0; qsum_reset leaves 0 too. */
static void test_sub_and_reset(void **state)
{
    enum { N = 400 };
    mpq_t x[N], want;
    mpq_init(want);
    qsum s;
    qsum_init(&s);
    for (int i = 0; i < N; i++) {
        mpq_init(x[i]);
        if (i % 3 == 0)
            qedge_q(x[i], qedge_next() % QEDGE_N, qedge_next() & 1, 1 + qedge_next() % 12);
        else
            qedge_random_q(x[i]);
        qsum_add(&s, x[i]);
        mpq_add(want, want, x[i]);
        if (i % 2) {
            qsum_sub(&s, x[i / 2]);
            mpq_sub(want, want, x[i / 2]);
        }
        check_value(&s, want);
    }
    qsum_reset(&s);
    mpq_set_ui(want, 0, 1);
    check_value(&s, want);
    for (int i = 0; i < N; i++) {
        qsum_sub(&s, x[i]);
        mpq_sub(want, want, x[i]);
    }
    check_value(&s, want);
    for (int i = N - 1; i >= 0; i--)
        qsum_add(&s, x[i]);
    mpq_set_ui(want, 0, 1);
    check_value(&s, want);
    for (int i = 0; i < N; i++)
        mpq_clear(x[i]);
    mpq_clear(want);
    qsum_clear(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_terms),         cmocka_unit_test(test_bucket_overflow),
        cmocka_unit_test(test_overflow_then_terms), cmocka_unit_test(test_random_merge),
        cmocka_unit_test(test_is_empty_exact),      cmocka_unit_test(test_sub_and_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
