/*
 * merge.c - `truce merge --out DIR [--force] SHARD_OUT...`: the outputs of
 * the shards of one run, joined into what the unsharded run writes.
 */
#include "cli.h"

#include <stdio.h>

int cmd_merge(const cli_args *a)
{
    const cli_command *c = cli_find("merge");
    if (cli_require(c, a, F_OUT))
        return EXIT_USAGE;
    truce_run *r = truce_run_new();
    cli_catch_signals();
    truce_set_cancel(r, &cli_interrupted);
    int rc = truce_merge(r, a->value[F_OUT], a->positional, a->npositional, a->given[F_FORCE]);
    print_diags(r);
    cli_die_if_interrupted();
    if (rc == TRUCE_OK)
        printf("truce: %zu shards merged into %s\n", a->npositional, a->value[F_OUT]);
    else if (rc == TRUCE_MISUSE)
        fputs("try 'truce help merge'\n", stderr);
    truce_run_free(r);
    return rc == TRUCE_OK ? 0 : rc == TRUCE_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}
