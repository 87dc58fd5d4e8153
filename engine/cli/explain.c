/*
 * explain.c - `truce explain`: how one payout line came about, in words.
 *
 * Computes the run like `truce run` (writing nothing) and prints the
 * derivation on stdout; problems go to stderr with exit status 1.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cmd_explain(const cli_args *a)
{
    const cli_command *c = cli_find("explain");
    if (cli_require(c, a, F_PERIOD) || cli_require(c, a, F_PAYEE))
        return EXIT_USAGE;
    if (truce_period_parse(a->value[F_PERIOD], NULL, NULL, NULL) != TRUCE_OK)
        return cli_usage(c, "--period '%s' is not " CLI_PERIOD_FORMS, a->value[F_PERIOD]);
    truce_run *r = truce_run_new();
    int status = batch_apply(c, a, r);
    if (status == 0) {
        truce_set_period(r, a->value[F_PERIOD]);
        truce_set_paid(r, a->value[F_PAID]);
        truce_set_books(r, a->value[F_BOOKS]);
        int failed = truce_compute(r) != TRUCE_OK ||
                     truce_explain(r, a->value[F_PAYEE], a->value[F_DEAL],
                                   a->value[F_COMPONENT]) != TRUCE_OK;
        status = print_text_result(r, failed);
    }
    truce_run_free(r);
    return status;
}
