/*
 * merge.c - `truce merge --out DIR [--force] SHARD_OUT...`: the outputs of
 * the shards of one run, joined into what the unsharded run writes.
 */
#include "cli.h"
#include "truce/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_merge(int argc, char **argv)
{
    const char *out = NULL;
    int force = 0, status = 0;
    const char **dirs = xcalloc((size_t)argc, sizeof *dirs);
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
        status = out_check(out, force, dirs, ndirs);
    if (status) {
        free(dirs);
        return status;
    }
    diag d;
    diag_init(&d);
    cli_catch_signals();
    int failed = truce_merge(out, dirs, ndirs, force, &cli_interrupted, &d) != 0;
    diag_print(&d, stderr);
    cli_die_if_interrupted();
    if (!failed)
        printf("truce: %zu shards merged into %s\n", ndirs, out);
    diag_free(&d);
    free(dirs);
    return failed ? EXIT_INPUT : 0;
}
