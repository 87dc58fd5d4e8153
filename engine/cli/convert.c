/*
 * convert.c - `truce convert`: CRM exports turned into a contract batch.
 *
 * A separate command rather than a --map flag on run and check, so that
 * every other command keeps reading one input format (the contract's), and
 * the batch actually paid on is a plain file set that can be kept, diffed
 * and re-run without the CRM.  Convert validates what it writes as check
 * would, and reports each problem at the export's file:line:col.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The exports are found beside the mapping unless --from says otherwise. */
static char *export_dir(const cli_args *a)
{
    const char *map = a->value[F_MAP], *slash = strrchr(map, '/');
    char *dir = a->given[F_FROM] ? strdup(a->value[F_FROM])
                : slash          ? strndup(map, (size_t)(slash - map))
                                 : strdup(".");
    if (!dir)
        abort();
    return dir;
}

int cmd_convert(const cli_args *a)
{
    const cli_command *c = cli_find("convert");
    int jobs;
    if (cli_require(c, a, F_MAP) || cli_require(c, a, F_OUT) || jobs_of(c, a, &jobs))
        return EXIT_USAGE;
    char *from = export_dir(a);
    truce_run *r = truce_run_new();
    truce_set_jobs(r, jobs);
    set_manifest_command(r, a);
    cli_catch_signals();
    truce_set_cancel(r, &cli_interrupted);
    int rc = truce_convert(r, a->value[F_MAP], from, a->value[F_PLAN], a->value[F_OUT],
                           a->given[F_FORCE]);
    print_diags(r);
    cli_die_if_interrupted();
    if (rc == TRUCE_OK)
        printf("truce: %s\n", truce_text(r, NULL));
    else if (rc == TRUCE_MISUSE)
        fputs("try 'truce help convert'\n", stderr);
    truce_run_free(r);
    free(from);
    return rc == TRUCE_OK ? 0 : rc == TRUCE_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}
