/*
 * test_progress.c - the progress counters and the one line a display draws
 * from them (the drawing itself is the CLI's, on a terminal only).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "progress.h"
#include "../../engine/cli/bar.c"  /* the CLI's line, a pure function */

static void line_of(progress_stage s, size_t done, size_t total, double t, const char *want)
{
    char line[160];
    bar_format(line, sizeof line, (int)s, done, total, t);
    assert_string_equal(line, want);
}

static void formats(void **state)
{
    (void)state;
    /* 450000 of 1000000 is 9 of 20 cells (9.0 exactly). */
    line_of(PROGRESS_CREDIT, 450000, 1000000, 2.34,
            "truce: crediting [#########-----------] 450,000/1,000,000 deals  2.3s");
    line_of(PROGRESS_WRITE, 5000, 5000, 0.06,
            "truce: writing   [####################] 5,000/5,000 statements  0.1s");
    /* Unknown total: no bar. */
    line_of(PROGRESS_READ, 0, 0, 1.5, "truce: reading   ...  1.5s");
    /* A count past the total (a late add) is shown as the total. */
    line_of(PROGRESS_EARN, 70, 60, 0.0, "truce: earning   [####################] 60/60 payees  0.0s");
    line_of(PROGRESS_CREDIT, 999, 1000, 0.0,
            "truce: crediting [###################-] 999/1,000 deals  0.0s");
}

static void counters(void **state)
{
    (void)state;
    progress_counters p;
    progress_init(&p);
    progress_enter(&p, PROGRESS_CREDIT, 10000);
    progress_add(&p, PROGRESS_STEP);
    progress_add(&p, 100);
    assert_int_equal(atomic_load(&p.done), PROGRESS_STEP + 100);
    assert_int_equal(atomic_load(&p.total), 10000);
    progress_enter(&p, PROGRESS_WRITE, 7);  /* a new stage starts from zero */
    assert_int_equal(atomic_load(&p.done), 0);
    assert_int_equal(atomic_load(&p.stage), PROGRESS_WRITE);
    progress_enter(NULL, PROGRESS_READ, 0);  /* no display: nothing happens */
    progress_add(NULL, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats),
        cmocka_unit_test(counters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
