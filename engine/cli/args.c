/*
 * args.c - flag parsing shared by the subcommands, the batch flags, and
 * printing what the library reported.
 *
 * Flags are "--name value" or "--name=value"; the batch flags mean the same
 * in every command that reads a batch, so they are parsed in one place.
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
    fputs("\ntry 'truce --help'\n", stderr);
    return EXIT_USAGE;
}

int flag_value(const char *arg, const char *name, int *i, int argc, char **argv, const char **val)
{
    size_t n = strlen(name);
    if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, name, n) != 0)
        return 0;
    const char *rest = arg + 2 + n;
    if (*rest == '=') {
        *val = rest + 1;
        return 1;
    }
    if (*rest != '\0')
        return 0;
    *val = *i + 1 < argc ? argv[++*i] : NULL;
    return 1;
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

int batch_flag(batch_args *ba, int *i, int argc, char **argv, int *status)
{
    const char *a = argv[*i], *v = NULL;
    const char **slot = NULL;
    if (flag_value(a, "in", i, argc, argv, &v))
        slot = &ba->in;
    for (int f = 0; !slot && f < TRUCE_NINPUTS; f++)
        if (flag_value(a, truce_input_name((truce_input)f), i, argc, argv, &v))
            slot = &ba->file[f];
    if (!slot && flag_value(a, "jobs", i, argc, argv, &v))
        slot = &ba->jobs;
    if (!slot)
        return 0;
    if (!v || !*v) {
        *status = usage_error("flag '%s' needs a value", a);
        return 1;
    }
    if (slot == &ba->file[TRUCE_PLAN]) {  /* --plan again: one more plan version */
        if (ba->nplans == CLI_MAX_PLANS) {
            *status = usage_error("--plan given more than %d times (one version a month at most)",
                                  CLI_MAX_PLANS);
            return 1;
        }
        ba->plans[ba->nplans++] = v;
        if (ba->nplans > 1)
            return 1;  /* file[TRUCE_PLAN] stays the first */
    }
    *slot = v;
    return 1;
}

int batch_args_check(batch_args *ba)
{
    unsigned long v;
    if (!ba->jobs)
        return 0;
    if (parse_uint(ba->jobs, ba->jobs + strlen(ba->jobs), 1, 256, &v))
        return usage_error("--jobs '%s' is not a number from 1 to 256", ba->jobs);
    ba->jobs_n = (int)v;
    return 0;
}

void batch_args_apply(const batch_args *ba, truce_run *r)
{
    if (ba->in)
        truce_set_dir(r, ba->in);
    for (size_t i = 0; i < ba->nplans; i++)
        truce_set_file(r, TRUCE_PLAN, ba->plans[i]);
    for (int f = 0; f < TRUCE_NINPUTS; f++)
        if (f != TRUCE_PLAN && ba->file[f])
            truce_set_file(r, (truce_input)f, ba->file[f]);
    truce_set_jobs(r, ba->jobs_n);
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
    fputs("try 'truce --help'\n", stderr);
    return EXIT_USAGE;
}

/* 1: a flag that changes no output; 2: one that also takes the next argument as its value. */
static int output_neutral(const char *arg)
{
    static const char *const neutral[] = {"out",     "jobs",  "shard", "force",
                                          "timings", "quiet", "strict"};
    for (size_t i = 0; i < sizeof neutral / sizeof neutral[0]; i++) {
        size_t n = strlen(neutral[i]);
        if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, neutral[i], n) != 0)
            continue;
        if (arg[2 + n] == '=')
            return 1;
        if (arg[2 + n] == '\0')
            return i < 3 ? 2 : 1;
    }
    return 0;
}

void set_manifest_command(truce_run *r, int argc, char **argv)
{
    const char **v = calloc((size_t)argc + 1, sizeof *v);
    if (!v)
        abort();
    int n = 0;
    for (int i = 1; i < argc; i++) {
        int neutral = output_neutral(argv[i]);
        if (neutral == 2)
            i++;
        else if (!neutral)
            v[n++] = argv[i];
    }
    truce_set_command(r, n, v);
    free(v);
}
