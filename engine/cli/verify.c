/*
 * verify.c - `truce verify OUT`: does a run's output directory match its
 * inputs?
 *
 * Exit 0 with one line on stdout saying what was verified; exit 1 with the
 * changed input, or the first differing file and line, on stderr.
 */
#include "cli.h"

#include <stdio.h>

int cmd_verify(const cli_args *a)
{
    const cli_command *c = cli_find("verify");
    int jobs;
    if (jobs_of(c, a, &jobs) != 0)
        return EXIT_USAGE;
    const char *out = a->positional[0];
    truce_run *r = truce_run_new();
    truce_set_jobs(r, jobs);
    int failed = truce_verify(r, out, a->value[F_IN], a->value[F_BOOKS]) != TRUCE_OK;
    print_diags(r);
    if (!failed)
        printf("truce: verified %s: %zu inputs unchanged, %zu outputs identical to a "
               "recomputation by truce %s\n", out, truce_count_of(r, TRUCE_COUNT_INPUTS),
               truce_count_of(r, TRUCE_COUNT_OUTPUTS), TRUCE_VERSION);
    truce_run_free(r);
    return failed ? EXIT_INPUT : 0;
}
