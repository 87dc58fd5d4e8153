/*
 * test_idmap.c - interning of ids: every key put is found with its index,
 * duplicates are refused, absent keys are not found, across table growth.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "idmap.h"

static void test_put_get(void **state)
{
    idmap m;
    idmap_init(&m);
    assert_int_equal(idmap_get(&m, "ana"), -1);  /* empty map */
    assert_int_equal(idmap_put(&m, "ana", 7), 0);
    assert_int_equal(idmap_put(&m, "ben", 3), 0);
    assert_int_equal(idmap_get(&m, "ana"), 7);
    assert_int_equal(idmap_get(&m, "ben"), 3);
    assert_int_equal(idmap_get(&m, "Ana"), -1);  /* case counts */
    assert_int_equal(idmap_get(&m, ""), -1);
    assert_int_equal(idmap_put(&m, "ana", 9), -1);  /* duplicate refused, value kept */
    assert_int_equal(idmap_get(&m, "ana"), 7);
    idmap_free(&m);
}

static void test_growth(void **state)
{
    enum { N = 100000 };
    char (*keys)[16] = malloc(N * sizeof *keys);
    idmap m;
    idmap_init(&m);
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "D-%d", i);
        assert_int_equal(idmap_put(&m, keys[i], (uint32_t)i), 0);
    }
    assert_int_equal(m.n, N);
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_get(&m, keys[i]), i);
    char absent[16];
    for (int i = N; i < N + 1000; i++) {
        snprintf(absent, sizeof absent, "D-%d", i);
        assert_int_equal(idmap_get(&m, absent), -1);
    }
    idmap_free(&m);
    free(keys);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
        cmocka_unit_test(test_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
