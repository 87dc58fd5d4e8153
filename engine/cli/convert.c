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
#include "truce/strbuf.h"

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
    const char *inputs[] = {a->map, a->from, a->plan};
    return out_check(a->out, a->force, inputs, 3);
}

/* The exports are found beside the mapping unless --from says otherwise. */
static char *export_dir(const convert_args *a)
{
    if (a->from)
        return xstrdup(a->from);
    const char *slash = strrchr(a->map, '/');
    return slash ? xstrndup(a->map, (size_t)(slash - a->map)) : xstrdup(".");
}

static void print_summary(const convert_result *r, const char *out)
{
    const char *sep = " ";
    printf("truce: batch written to %s:", out);
    for (int t = 0; t < MAP_TARGETS; t++)
        if (r->present[t]) {
            printf("%s%s %zu rows", sep, mapping_target_file(t), r->files[t].nrows);
            sep = ", ";
        }
    printf("%s\n", r->plan_name ? ", plan.xml" : "");
}

int cmd_convert(int argc, char **argv)
{
    convert_args a = {0};
    int status = parse_args(&a, argc, argv);
    if (status)
        return status;
    char *from = export_dir(&a);
    diag d;
    diag_init(&d);
    convert_result r;
    memset(&r, 0, sizeof r);
    mapping *m = mapping_load_file(a.map, a.map, &d);
    int failed = !m || convert_exports(&r, m, from, a.out, &d) != 0;
    if (a.plan && convert_add_plan(&r, a.plan, &d) != 0)
        failed = 1;
    if (!failed)
        failed = convert_check(&r, a.jobs_n, &d) != 0;
    if (!failed) {
        const char **command = xcalloc((size_t)argc, sizeof *command);
        size_t ncommand = manifest_command(argc, argv, command);
        cli_catch_signals();
        failed = convert_write(&r, a.out, a.force, command, ncommand, &cli_interrupted, &d) != 0;
        free(command);
    }
    diag_print(&d, stderr);
    cli_die_if_interrupted();
    if (!failed)
        print_summary(&r, a.out);
    convert_result_free(&r);
    mapping_free(m);
    diag_free(&d);
    free(from);
    return failed ? EXIT_INPUT : 0;
}
