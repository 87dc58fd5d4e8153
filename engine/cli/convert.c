/*
 * convert.c - `truce convert --map FILE [--from DIR] [--plan FILE] --out DIR
 * [--force] [--jobs N]`: CRM exports turned into a contract batch.
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

typedef struct convert_args {
    const char *map, *from, *plan, *out, *jobs;
    int force, jobs_n;
} convert_args;

static int parse_args(convert_args *a, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *v = NULL, **slot = NULL;
        if (flag_value(argv[i], "map", &i, argc, argv, &v))
            slot = &a->map;
        else if (flag_value(argv[i], "from", &i, argc, argv, &v))
            slot = &a->from;
        else if (flag_value(argv[i], "plan", &i, argc, argv, &v))
            slot = &a->plan;
        else if (flag_value(argv[i], "out", &i, argc, argv, &v))
            slot = &a->out;
        else if (flag_value(argv[i], "jobs", &i, argc, argv, &v))
            slot = &a->jobs;
        if (slot) {
            if (!v || !*v)
                return usage_error("flag '%s' needs a value", argv[i]);
            *slot = v;
        } else if (strcmp(argv[i], "--force") == 0) {
            a->force = 1;
        } else {
            return usage_error("unknown flag '%s'", argv[i]);
        }
    }
    unsigned long n = 0;
    if (!a->map)
        return usage_error("%s", "convert needs --map FILE");
    if (!a->out)
        return usage_error("%s", "convert needs --out DIR");
    if (a->jobs && parse_uint(a->jobs, a->jobs + strlen(a->jobs), 1, 256, &n))
        return usage_error("--jobs '%s' is not a number from 1 to 256", a->jobs);
    a->jobs_n = (int)n;
    return 0;
}

/* The exports are found beside the mapping unless --from says otherwise. */
static char *export_dir(const convert_args *a)
{
    const char *slash = strrchr(a->map, '/');
    char *dir = a->from ? strdup(a->from) : slash ? strndup(a->map, (size_t)(slash - a->map))
                                                  : strdup(".");
    if (!dir)
        abort();
    return dir;
}

int cmd_convert(int argc, char **argv)
{
    convert_args a = {0};
    int status = parse_args(&a, argc, argv);
    if (status)
        return status;
    char *from = export_dir(&a);
    truce_run *r = truce_run_new();
    truce_set_jobs(r, a.jobs_n);
    set_manifest_command(r, argc, argv);
    cli_catch_signals();
    truce_set_cancel(r, &cli_interrupted);
    int rc = truce_convert(r, a.map, from, a.plan, a.out, a.force);
    print_diags(r);
    cli_die_if_interrupted();
    if (rc == TRUCE_OK)
        printf("truce: %s\n", truce_text(r, NULL));
    else if (rc == TRUCE_MISUSE)
        fputs("try 'truce --help'\n", stderr);
    truce_run_free(r);
    free(from);
    return rc == TRUCE_OK ? 0 : rc == TRUCE_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}
