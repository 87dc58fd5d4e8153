/*
 * scoreboard.c - `truce scoreboard`: the campaign scoreboard on stdout,
 * without writing a run.
 *
 * Without --models it prints the bytes a run writes to scoreboard.csv;
 * with --models, each campaign's attributed revenue under every
 * attribution model, so that marketing and sales see how the choice of
 * model moves credit.  Exit status as for run.
 */
#include "cli.h"

#include <stdio.h>

int cmd_scoreboard(const cli_args *a)
{
    const cli_command *c = cli_find("scoreboard");
    if (cli_require(c, a, F_PERIOD))
        return EXIT_USAGE;
    const char *period = a->value[F_PERIOD];
    /* Any period form: the scoreboard is year to date through its last month, like a run's. */
    if (truce_period_parse(period, NULL, NULL, NULL) != TRUCE_OK)
        return cli_usage(c, "--period '%s' is not " CLI_PERIOD_FORMS, period);
    truce_run *r = truce_run_new();
    int status = batch_apply(c, a, r);
    if (status == 0) {
        truce_set_period(r, period);
        int failed = truce_compute(r) != TRUCE_OK ||
                     truce_scoreboard(r, a->given[F_MODELS]) != TRUCE_OK;
        status = print_text_result(r, failed);
    }
    truce_run_free(r);
    return status;
}
