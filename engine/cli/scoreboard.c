/*
 * scoreboard.c - `truce scoreboard [--models] [batch flags] --period YYYY-MM`:
 * the campaign scoreboard on stdout, without writing a run.
 *
 * Without --models it prints the bytes a run writes to scoreboard.csv;
 * with --models, each campaign's attributed revenue under every
 * attribution model (libtruce's modelcompare), so that marketing and sales
 * see how the choice of model moves credit.  Exit status as for run.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct scoreboard_args {
    batch_args batch;
    const char *period;
    int models;
    plandiff_period per;
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
    if (!a->period || strlen(a->period) != 7 || a->period[5] == 'Q' || a->period[5] == 'H' ||
        plandiff_parse_period(a->period, &a->per) != 0)
        return usage_error("--period '%s' is not YYYY-MM", a->period ? a->period : "");
    return batch_args_check(&a->batch);
}

int cmd_scoreboard(int argc, char **argv)
{
    scoreboard_args a = {0};
    int status = parse(&a, argc, argv);
    if (status)
        return status;
    batch_paths paths;
    batch_owned owned;
    if (batch_resolve(&a.batch, &paths, &owned) != 0)
        return EXIT_INPUT;
    diag d;
    diag_init(&d);
    truce_options o = {.month = a.per.to, .jobs = a.batch.jobs_n};
    truce_run r;
    int failed = truce_compute(&r, &paths, &o, &d) != 0 || d.errors > 0;
    if (!failed && r.plan->year != a.per.year) {
        diag_error(&d, NULL, 0, 0, "period %s is outside the plan year %d", a.period, r.plan->year);
        failed = 1;
    }
    diag_print(&d, stderr);
    if (!failed) {
        strbuf sb = STRBUF_INIT;
        if (a.models)
            modelcompare_csv(&sb, r.earnings.version, &r.batch, a.per.to);
        else
            scoreboard_csv(&sb, r.plan, &r.batch, &r.earnings, a.per.to);
        fwrite(sb.p, 1, sb.len, stdout);
        sb_free(&sb);
    }
    truce_run_free(&r);
    diag_free(&d);
    batch_owned_free(&owned);
    return failed ? EXIT_INPUT : 0;
}
