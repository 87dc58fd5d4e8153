/*
 * run.c - `truce run` (one period's outputs) and `truce check` (validate only).
 *
 *   truce run   [batch flags] --period P --out DIR [--force] [--paid FILE]
 *               [--shard K/N] [--timings] [--quiet]
 *   truce check [batch flags]
 *
 * P is a month, quarter, half-year or year: YYYY-MM, YYYY-Qn, YYYY-Hn or
 * YYYY (date.h).  A run's manifest.xml records its command: the arguments as
 * given, less the flags that cannot change a byte of the results (--out,
 * --force, --jobs, --shard, --timings, --quiet), so that the manifest is as
 * reproducible as the outputs it lists.
 */
#include "cli.h"
#include "truce/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct run_args {
    batch_args batch;
    const char *period;
    const char *out;
    const char *shard;
    const char *paid;
    int force, timings, quiet;
    period per;             /* --period, parsed */
    unsigned shard_k, shard_n;
    const char **command;   /* argv[1..] less the output-neutral flags (pointers into argv) */
    size_t ncommand;
} run_args;

/* Flags that change no byte of any output, so the manifest leaves them out. */
static int output_neutral(const char *arg)
{
    static const char *const neutral[] = {"out", "force", "jobs", "shard", "timings", "quiet"};
    for (size_t i = 0; i < sizeof neutral / sizeof neutral[0]; i++) {
        size_t n = strlen(neutral[i]);
        if (strncmp(arg, "--", 2) == 0 && strncmp(arg + 2, neutral[i], n) == 0 &&
            (arg[2 + n] == '\0' || arg[2 + n] == '='))
            return 1;
    }
    return 0;
}

static int parse_shard(const char *s, unsigned *k, unsigned *n)
{
    const char *slash = strchr(s, '/');
    unsigned long kk, nn;
    if (!slash || parse_uint(s, slash, 0, 65535, &kk) ||
        parse_uint(slash + 1, slash + strlen(slash), 1, 65536, &nn) || kk >= nn)
        return -1;
    *k = (unsigned)kk;
    *n = (unsigned)nn;
    return 0;
}

/* One flag (and its value) at argv[*i]; 0 or EXIT_USAGE (printed). */
static int parse_flag(run_args *a, int is_run, int *i, int argc, char **argv)
{
    int status = 0;
    const char *v = NULL, **slot = NULL;
    if (batch_flag(&a->batch, i, argc, argv, &status))
        return status;
    if (is_run && flag_value(argv[*i], "period", i, argc, argv, &v))
        slot = &a->period;
    else if (is_run && flag_value(argv[*i], "out", i, argc, argv, &v))
        slot = &a->out;
    else if (is_run && flag_value(argv[*i], "shard", i, argc, argv, &v))
        slot = &a->shard;
    else if (is_run && flag_value(argv[*i], "paid", i, argc, argv, &v))
        slot = &a->paid;
    if (slot) {
        if (!v || !*v)
            return usage_error("flag '%s' needs a value", argv[*i]);
        *slot = v;
    } else if (is_run && strcmp(argv[*i], "--force") == 0) {
        a->force = 1;
    } else if (is_run && strcmp(argv[*i], "--quiet") == 0) {
        a->quiet = 1;
    } else if (strcmp(argv[*i], "--timings") == 0) {
        a->timings = 1;
    } else {
        return usage_error("unknown flag '%s'", argv[*i]);
    }
    return 0;
}

/* Flags of run (is_run) or check, and the command to record; 0 or EXIT_USAGE (printed). */
static int parse_args(run_args *a, int is_run, int argc, char **argv)
{
    a->command = xcalloc((size_t)argc, sizeof *a->command);
    a->command[a->ncommand++] = argv[1];
    for (int i = 2; i < argc; i++) {
        int start = i, status = parse_flag(a, is_run, &i, argc, argv);
        if (status)
            return status;
        for (int j = start; j <= i && !output_neutral(argv[start]); j++)
            a->command[a->ncommand++] = argv[j];
    }
    return batch_args_check(&a->batch);
}

/* run's required flags, checked before any input is read. */
static int check_run_args(run_args *a)
{
    if (!a->period)
        return usage_error("%s", "run needs --period (" PERIOD_FORMS ")");
    if (period_parse_any(a->period, &a->per) != 0)
        return usage_error("--period '%s' is not " PERIOD_FORMS, a->period);
    if (!a->out)
        return usage_error("%s", "run needs --out DIR");
    if (!a->force && !truce_out_is_free(a->out))
        return usage_error("--out '%s' exists and is not empty (use --force to replace it)",
                           a->out);
    if (a->shard && parse_shard(a->shard, &a->shard_k, &a->shard_n) != 0)
        return usage_error("--shard '%s' is not K/N with 0 <= K < N", a->shard);
    return 0;
}

static void print_summary(const run_args *a, const truce_run *r)
{
    if (a->period) {
        size_t statements = 0;
        for (size_t s = 0; s < r->earnings.n; s++)
            statements += r->earnings.v[s].role->ncomponents > 0;
        printf("truce: %s: %zu payee statements written to %s/statements/\n", a->period,
               statements, a->out);
    } else {
        printf("truce: batch is valid (%zu payees, %zu deals, %zu in scope)\n", r->batch.npayees,
               r->batch.ndeals, r->in_scope);
    }
}

static int execute(const run_args *a)
{
    batch_paths paths;
    batch_owned owned;
    if (batch_resolve(&a->batch, &paths, &owned) != 0)
        return EXIT_INPUT;
    diag d;
    diag_init(&d);
    truce_options to = {.month = a->per.first,
                        .month_last = a->per.last,
                        .jobs = a->batch.jobs_n,
                        .shard = {a->shard_k, a->shard_n},
                        .paid = a->paid,
                        .command = a->command,
                        .ncommand = a->ncommand};
    cli_progress progress;
    cli_progress_start(&progress, a->period && !a->quiet && isatty(STDERR_FILENO));
    to.progress = cli_progress_counters(&progress);
    truce_run r;
    int failed = truce_compute(&r, &paths, &to, &d) != 0 || d.errors > 0;
    if (!failed && !a->period)
        plan_set_lint(&r.plans, &r.batch, &d);  /* check only: warnings, the status stays 0 */
    if (!failed && a->period) {
        if (a->per.year != r.plan->year) {
            diag_error(&d, NULL, 0, 0, "period %s is outside the plan year %d", a->period,
                       r.plan->year);
            failed = 1;
        } else {
            r.cancel = &cli_interrupted;
            cli_catch_signals();
            failed = truce_write(&r, &a->per, a->out, a->force, &d) != 0;
        }
    }
    cli_progress_stop(&progress);  /* before any message, so they never share a line */
    diag_print(&d, stderr);
    cli_die_if_interrupted();
    if (a->timings)
        fprintf(stderr, "timings: read %.3fs credit %.3fs earn %.3fs write %.3fs\n", r.t_read,
                r.t_credit, r.t_earn, r.t_write);
    if (!failed)
        print_summary(a, &r);
    truce_run_free(&r);
    diag_free(&d);
    batch_owned_free(&owned);
    return failed ? EXIT_INPUT : 0;
}

int cmd_run(int argc, char **argv)
{
    run_args a = {0};
    int status = parse_args(&a, 1, argc, argv);
    if (!status)
        status = check_run_args(&a);
    if (!status)
        status = execute(&a);
    free(a.command);
    return status;
}

int cmd_check(int argc, char **argv)
{
    run_args a = {0};
    int status = parse_args(&a, 0, argc, argv);
    if (!status)
        status = execute(&a);
    free(a.command);
    return status;
}
