/*
 * merge.c - `truce merge --out DIR [--force] SHARD_OUT...`: the outputs of
 * the shards of one run, joined into what the unsharded run writes.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int merge(const char *out, const char *const *dirs, size_t ndirs, int force)
{
    truce_run *r = truce_run_new();
    cli_catch_signals();
    truce_set_cancel(r, &cli_interrupted);
    int rc = truce_merge(r, out, dirs, ndirs, force);
    print_diags(r);
    cli_die_if_interrupted();
    if (rc == TRUCE_OK)
        printf("truce: %zu shards merged into %s\n", ndirs, out);
    else if (rc == TRUCE_MISUSE)
        fputs("try 'truce --help'\n", stderr);
    truce_run_free(r);
    return rc == TRUCE_OK ? 0 : rc == TRUCE_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}

int cmd_merge(int argc, char **argv)
{
    const char *out = NULL;
    int force = 0, status = 0;
    const char **dirs = calloc((size_t)argc, sizeof *dirs);
    if (!dirs)
        abort();
    size_t ndirs = 0;
    for (int i = 2; i < argc && !status; i++) {
        const char *v = NULL;
        if (flag_value(argv[i], "out", &i, argc, argv, &v)) {
            if (!v || !*v)
                status = usage_error("flag '%s' needs a value", "--out");
            out = v;
        } else if (strcmp(argv[i], "--force") == 0) {
            force = 1;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            status = usage_error("unknown flag '%s'", argv[i]);
        } else {
            dirs[ndirs++] = argv[i];
        }
    }
    if (!status && !out)
        status = usage_error("%s", "merge needs --out DIR");
    else if (!status && ndirs == 0)
        status = usage_error("%s", "merge needs the output directories of the shards");
    else if (!status)
        status = merge(out, dirs, ndirs, force);
    free(dirs);
    return status;
}
