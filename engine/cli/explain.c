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

#include <stdio.h>
#include <string.h>

typedef struct explain_args {
    batch_args batch;
    const char *period, *paid, *payee, *deal, *component;
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
            slot = &a->payee;
        else if (flag_value(argv[i], "deal", &i, argc, argv, &v))
            slot = &a->deal;
        else if (flag_value(argv[i], "component", &i, argc, argv, &v))
            slot = &a->component;
        if (!slot)
            return usage_error("unknown flag '%s'", argv[i]);
        if (!v || !*v)
            return usage_error("flag '%s' needs a value", argv[i]);
        *slot = v;
    }
    if (!a->period)
        return usage_error("%s", "explain needs --period (" CLI_PERIOD_FORMS ")");
    if (truce_period_parse(a->period, NULL, NULL, NULL) != TRUCE_OK)
        return usage_error("--period '%s' is not " CLI_PERIOD_FORMS, a->period);
    if (!a->payee)
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
    truce_run *r = truce_run_new();
    batch_args_apply(&a.batch, r);
    truce_set_period(r, a.period);
    truce_set_paid(r, a.paid);
    int failed = truce_compute(r) != TRUCE_OK ||
                 truce_explain(r, a.payee, a.deal, a.component) != TRUCE_OK;
    print_diags(r);
    if (!failed) {
        size_t len;
        const char *text = truce_text(r, &len);
        fwrite(text, 1, len, stdout);
    }
    truce_run_free(r);
    return failed ? EXIT_INPUT : 0;
}
