/*
 * books.c - `truce close RUN_DIR --books BOOKS` (a paid period, stored as
 * closed) and `truce books BOOKS` (the closed periods, with their totals).
 *
 * The books make the monthly close a record instead of a memory: once a
 * period is closed, `truce run --books BOOKS` trues up against it by itself
 * (docs/cli.md has the rules).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cmd_close(const cli_args *a)
{
    const cli_command *c = cli_find("close");
    if (cli_require(c, a, F_BOOKS))
        return EXIT_USAGE;
    truce_run *r = truce_run_new();
    cli_catch_signals();
    int failed = truce_close_period(r, a->positional[0], a->value[F_BOOKS]) != TRUCE_OK;
    print_diags(r);
    cli_die_if_interrupted();
    if (!failed)
        printf("truce: %s\n", truce_text(r, NULL));
    truce_run_free(r);
    return failed ? EXIT_INPUT : 0;
}

int cmd_books(const cli_args *a)
{
    truce_run *r = truce_run_new();
    int failed = truce_books(r, a->positional[0]) != TRUCE_OK;
    fputs(truce_text(r, NULL), stdout);
    print_diags(r);
    truce_run_free(r);
    return failed ? EXIT_INPUT : 0;
}
