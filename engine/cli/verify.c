/*
 * verify.c - `truce verify OUT [--in DIR] [--books DIR] [--jobs N]`: does a
 * run's output directory match its inputs?
 *
 * Exit 0 with one line on stdout saying what was verified; exit 1 with the
 * changed input, or the first differing file and line, on stderr.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct verify_args {
    const char *out, *in, *books, *jobs;
    int jobs_n;
} verify_args;

static int parse(verify_args *a, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *v = NULL, **slot = NULL;
        if (flag_value(argv[i], "in", &i, argc, argv, &v))
            slot = &a->in;
        else if (flag_value(argv[i], "books", &i, argc, argv, &v))
            slot = &a->books;
        else if (flag_value(argv[i], "jobs", &i, argc, argv, &v))
            slot = &a->jobs;
        if (slot) {
            if (!v || !*v)
                return usage_error("flag '%s' needs a value", argv[i]);
            *slot = v;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            return usage_error("unknown flag '%s'", argv[i]);
        } else if (a->out) {
            return usage_error("verify takes one output directory, not '%s' too", argv[i]);
        } else {
            a->out = argv[i];
        }
    }
    if (!a->out)
        return usage_error("%s", "verify needs the output directory of a run");
    unsigned long n;
    if (a->jobs && parse_uint(a->jobs, a->jobs + strlen(a->jobs), 1, 256, &n))
        return usage_error("--jobs '%s' is not a number from 1 to 256", a->jobs);
    a->jobs_n = a->jobs ? (int)n : 0;
    return 0;
}

int cmd_verify(int argc, char **argv)
{
    verify_args a = {0};
    int status = parse(&a, argc, argv);
    if (status)
        return status;
    truce_run *r = truce_run_new();
    truce_set_jobs(r, a.jobs_n);
    int failed = truce_verify(r, a.out, a.in, a.books) != TRUCE_OK;
    print_diags(r);
    if (!failed)
        printf("truce: verified %s: %zu inputs unchanged, %zu outputs identical to a "
               "recomputation by truce %s\n", a.out, truce_count_of(r, TRUCE_COUNT_INPUTS),
               truce_count_of(r, TRUCE_COUNT_OUTPUTS), TRUCE_VERSION);
    truce_run_free(r);
    return failed ? EXIT_INPUT : 0;
}
