/*
 * test_record.c - the inputs a run records for its manifest: every plan
 * version as an input called "plan", in order, then the batch files
 * including splits, territories, quotas and fx; renaming the nth input of
 * a name (verify) touches that one only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "record.h"

static void test_inputs_in_order(void **state)
{
    (void)state;
    const char *const plans[] = {"b/plans/1.xml", "b/plans/2.xml"};
    batch_paths p = {.plan = plans[0], .roster = "b/roster.csv", .deals = "b/deals.csv",
                     .splits = "b/splits.csv", .territories = "b/territories.csv",
                     .quotas = "b/quotas.csv", .fx = "b/fx.csv", .plans = plans, .nplans = 2};
    run_record rec;
    record_init(&rec);
    record_files(&rec, &p, NULL, NULL, 0, 0);
    const char *want[][2] = {{"plan", "b/plans/1.xml"},     {"plan", "b/plans/2.xml"},
                             {"roster", "b/roster.csv"},     {"deals", "b/deals.csv"},
                             {"splits", "b/splits.csv"},     {"territories", "b/territories.csv"},
                             {"quotas", "b/quotas.csv"},     {"fx", "b/fx.csv"}};
    assert_int_equal(rec.m.ninputs, 8);
    for (size_t i = 0; i < 8; i++) {
        assert_string_equal(rec.m.inputs[i].name, want[i][0]);
        assert_string_equal(rec.m.inputs[i].path, want[i][1]);
    }
    record_rename_input(&rec, "plan", 1, "elsewhere/2.xml");
    assert_string_equal(rec.m.inputs[0].path, "b/plans/1.xml");
    assert_string_equal(rec.m.inputs[1].path, "elsewhere/2.xml");
    record_rename_input(&rec, "plan", 0, "elsewhere/1.xml");
    assert_string_equal(rec.m.inputs[0].path, "elsewhere/1.xml");
    record_rename_input(&rec, "plan", 2, "nowhere.xml");  /* no third plan: nothing changes */
    assert_string_equal(rec.m.inputs[1].path, "elsewhere/2.xml");
    record_free(&rec);
}

static void test_single_plan(void **state)
{
    (void)state;
    batch_paths p = {.plan = "b/plan.xml", .roster = "b/roster.csv", .deals = "b/deals.csv"};
    run_record rec;
    record_init(&rec);
    record_files(&rec, &p, NULL, NULL, 0, 0);
    assert_int_equal(rec.m.ninputs, 3);
    assert_string_equal(rec.m.inputs[0].name, "plan");
    assert_string_equal(rec.m.inputs[0].path, "b/plan.xml");
    record_free(&rec);
}

static void test_sources(void **state)
{
    (void)state;
    batch_sources src = {.plan = {"plan.xml", "<plan/>", 7},
                         .roster = {"roster.csv", "r", 1},
                         .deals = {"deals.csv", "d", 1},
                         .quotas = {"quotas.csv", "q", 1},
                         .fx = {"fx.csv", NULL, 0}};
    run_record rec;
    record_init(&rec);
    record_sources(&rec, &src, NULL, NULL, 0);
    assert_int_equal(rec.m.ninputs, 4);
    assert_string_equal(rec.m.inputs[3].name, "quotas");
    assert_int_equal(rec.m.inputs[3].size, 1);
    record_free(&rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inputs_in_order),
        cmocka_unit_test(test_single_plan),
        cmocka_unit_test(test_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
