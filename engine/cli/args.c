/*
 * args.c - what the subcommands share once their flags are parsed (spec.c):
 * the batch flags set on a run, --jobs, the manifest's command, and printing
 * what the library reported.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("truce: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\ntry 'truce help'\n", stderr);
    return EXIT_USAGE;
}

int parse_uint(const char *s, const char *end, unsigned long lo, unsigned long hi,
               unsigned long *out)
{
    unsigned long v = 0;
    if (s == end)
        return -1;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9' || v > hi)
            return -1;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    if (v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int jobs_of(const cli_command *c, const cli_args *a, int *jobs)
{
    unsigned long v = 0;
    *jobs = 0;
    if (!a->given[F_JOBS])
        return 0;
    const char *s = a->value[F_JOBS];
    if (parse_uint(s, s + strlen(s), 1, 256, &v))
        return cli_usage(c, "--jobs '%s' is not a number from 1 to 256", s);
    *jobs = (int)v;
    return 0;
}

int batch_apply(const cli_command *c, const cli_args *a, truce_run *r)
{
    int jobs;
    if (jobs_of(c, a, &jobs) != 0)
        return EXIT_USAGE;
    truce_set_jobs(r, jobs);
    if (a->given[F_IN])
        truce_set_dir(r, a->value[F_IN]);
    for (int i = 0; i < a->given[F_PLAN]; i++)
        truce_set_file(r, TRUCE_PLAN, a->values[F_PLAN][i]);
    for (int f = F_FIRST_FILE + 1; f <= F_ADJUSTMENTS; f++)
        if (a->given[f])
            truce_set_file(r, (truce_input)(f - F_FIRST_FILE), a->value[f]);
    return 0;
}

void print_diags(truce_run *r)
{
    size_t n = truce_diag_count(r);
    for (size_t i = 0; i < n; i++) {
        truce_diag d;
        truce_diag_at(r, i, &d);
        if (d.file) {
            fputs(d.file, stderr);
            if (d.line > 0) {
                fprintf(stderr, ":%ld", d.line);
                if (d.col > 0)
                    fprintf(stderr, ":%ld", d.col);
            }
            fputs(": ", stderr);
        } else {
            fputs("truce: ", stderr);
        }
        fprintf(stderr, "%s: %s\n", d.level == TRUCE_DIAG_ERROR ? "error" : "warning",
                d.message);
    }
    size_t total = truce_error_count(r) + truce_warning_count(r);
    if (total > n)
        fprintf(stderr, "truce: %zu more diagnostics not shown\n", total - n);
    truce_diag_clear(r);
}

int out_check(truce_run *r, const char *out, int force)
{
    if (truce_check_out(r, out, force) == TRUCE_OK)
        return 0;
    print_diags(r);
    fputs("try 'truce help'\n", stderr);
    return EXIT_USAGE;
}

void set_manifest_command(truce_run *r, const cli_args *a)
{
    truce_set_command(r, (int)a->nrecorded, a->recorded);
}

int print_text_result(truce_run *r, int failed)
{
    print_diags(r);
    if (failed)
        return EXIT_INPUT;
    size_t len;
    const char *text = truce_text(r, &len);
    fwrite(text, 1, len, stdout);
    return 0;
}
