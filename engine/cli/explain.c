/*
 * explain.c - `truce explain`: how one payout line came about, in words.
 *
 *   truce explain [batch flags] --period P --payee ID [--deal D]
 *                 [--component C] [--paid FILE]
 *
 * P is YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY, as for run.
 * Computes the run like `truce run` (writing nothing) and prints the
 * derivation on stdout; problems go to stderr with exit status 1.
 */
#include "cli.h"
#include "truce/strbuf.h"

#include <stdio.h>
#include <string.h>

typedef struct explain_args {
    batch_args batch;
    const char *period, *paid;
    explain_query q;
    period per;
} explain_args;

static int parse(explain_args *a, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        int status = 0;
        if (batch_flag(&a->batch, &i, argc, argv, &status)) {
            if (status)
                return status;
            continue;
        }
        const char *v = NULL, **slot = NULL;
        if (flag_value(argv[i], "period", &i, argc, argv, &v))
            slot = &a->period;
        else if (flag_value(argv[i], "paid", &i, argc, argv, &v))
            slot = &a->paid;
        else if (flag_value(argv[i], "payee", &i, argc, argv, &v))
            slot = &a->q.payee;
        else if (flag_value(argv[i], "deal", &i, argc, argv, &v))
            slot = &a->q.deal;
        else if (flag_value(argv[i], "component", &i, argc, argv, &v))
            slot = &a->q.component;
        if (!slot)
            return usage_error("unknown flag '%s'", argv[i]);
        if (!v || !*v)
            return usage_error("flag '%s' needs a value", argv[i]);
        *slot = v;
    }
    if (!a->period)
        return usage_error("%s", "explain needs --period (" PERIOD_FORMS ")");
    if (period_parse_any(a->period, &a->per) != 0)
        return usage_error("--period '%s' is not " PERIOD_FORMS, a->period);
    if (!a->q.payee)
        return usage_error("%s", "explain needs --payee P");
    return batch_args_check(&a->batch);
}

int cmd_explain(int argc, char **argv)
{
    explain_args a;
    memset(&a, 0, sizeof a);
    int status = parse(&a, argc, argv);
    if (status)
        return status;
    batch_paths paths;
    batch_owned owned;
    if (batch_resolve(&a.batch, &paths, &owned) != 0)
        return EXIT_INPUT;
    diag d;
    diag_init(&d);
    truce_options o = {.month = a.per.first, .month_last = a.per.last, .jobs = a.batch.jobs_n,
                       .paid = a.paid};
    truce_run r;
    strbuf text = STRBUF_INIT;
    int failed = truce_compute(&r, &paths, &o, &d) != 0 || d.errors > 0;
    if (!failed && a.per.year != r.plan->year) {
        diag_error(&d, NULL, 0, 0, "period %s is outside the plan year %d", a.period,
                   r.plan->year);
        failed = 1;
    }
    if (!failed)
        failed = truce_explain(&text, &r, &a.per, &a.q, &d) != 0;
    diag_print(&d, stderr);
    if (!failed)
        fwrite(text.p, 1, text.len, stdout);
    sb_free(&text);
    truce_run_free(&r);
    diag_free(&d);
    batch_owned_free(&owned);
    return failed ? EXIT_INPUT : 0;
}
