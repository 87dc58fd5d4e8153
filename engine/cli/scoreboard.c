/*
 * scoreboard.c - `truce scoreboard [--models] [batch flags] --period YYYY-MM`:
 * the campaign scoreboard on stdout, without writing a run.
 *
 * Without --models it prints the bytes a run writes to scoreboard.csv;
 * with --models, each campaign's attributed revenue under every
 * attribution model, so that marketing and sales see how the choice of
 * model moves credit.  Exit status as for run.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct scoreboard_args {
    batch_args batch;
    const char *period;
    int models;
} scoreboard_args;

static int parse(scoreboard_args *a, int argc, char **argv)
{
    int status = 0;
    for (int i = 2; i < argc && !status; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--models") == 0) {
            a->models = 1;
        } else if (flag_value(argv[i], "period", &i, argc, argv, &v)) {
            if (!v || !*v)
                return usage_error("flag '%s' needs a value", argv[i]);
            a->period = v;
        } else if (!batch_flag(&a->batch, &i, argc, argv, &status)) {
            return usage_error("unknown flag '%s'", argv[i]);
        }
    }
    if (status)
        return status;
    /* A month only: the scoreboard is year to date through it, like a run's. */
    int first, last;
    if (!a->period || truce_period_parse(a->period, NULL, &first, &last) != TRUCE_OK ||
        first != last || strlen(a->period) != 7)
        return usage_error("--period '%s' is not YYYY-MM", a->period ? a->period : "");
    return batch_args_check(&a->batch);
}

int cmd_scoreboard(int argc, char **argv)
{
    scoreboard_args a = {0};
    int status = parse(&a, argc, argv);
    if (status)
        return status;
    truce_run *r = truce_run_new();
    batch_args_apply(&a.batch, r);
    truce_set_period(r, a.period);
    int failed = truce_compute(r) != TRUCE_OK || truce_scoreboard(r, a.models) != TRUCE_OK;
    print_diags(r);
    if (!failed) {
        size_t len;
        const char *text = truce_text(r, &len);
        fwrite(text, 1, len, stdout);
    }
    truce_run_free(r);
    return failed ? EXIT_INPUT : 0;
}
