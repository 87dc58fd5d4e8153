/*
 * run.c - `truce run` (one period's outputs) and `truce check` (validate only).
 *
 *   truce run   [batch flags] --period P --out DIR [--force] [--paid FILE]
 *               [--books DIR] [--shard K/N] [--strict] [--timings] [--quiet]
 *   truce check [batch flags] [--strict] [--timings]
 *
 * Both print check's lint (run summarises it when there is much of it);
 * --strict turns every warning into a failure (exit 1, nothing written),
 * for pipelines that want no surprise to pass.
 *
 * P is a month, quarter, half-year or year: YYYY-MM, YYYY-Qn, YYYY-Hn or
 * YYYY (date.h).  A run's manifest.xml records its command: the arguments as
 * given, less the flags that cannot change a byte of the results (--out,
 * --force, --jobs, --shard, --timings, --quiet, --strict), so that the
 * manifest is as reproducible as the outputs it lists.
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
    const char *books;
    int force, timings, quiet, strict;
    period per;             /* --period, parsed */
    unsigned shard_k, shard_n;
    const char **command;   /* argv[1..] less the output-neutral flags (pointers into argv) */
    size_t ncommand;
} run_args;

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
    else if (is_run && flag_value(argv[*i], "books", i, argc, argv, &v))
        slot = &a->books;
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
    } else if (strcmp(argv[*i], "--strict") == 0) {
        a->strict = 1;
    } else {
        return usage_error("unknown flag '%s'", argv[*i]);
    }
    return 0;
}

/* Flags of run (is_run) or check, and the command to record; 0 or EXIT_USAGE (printed). */
static int parse_args(run_args *a, int is_run, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        int status = parse_flag(a, is_run, &i, argc, argv);
        if (status)
            return status;
    }
    a->command = xcalloc((size_t)argc, sizeof *a->command);
    a->ncommand = manifest_command(argc, argv, a->command);
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
    const char *inputs[CLI_MAX_INPUTS + 2];
    size_t n = batch_args_inputs(&a->batch, inputs);
    inputs[n++] = a->paid;
    inputs[n++] = a->books;
    if (out_check(a->out, a->force, inputs, n) != 0)
        return EXIT_USAGE;
    if (a->shard && parse_shard(a->shard, &a->shard_k, &a->shard_n) != 0)
        return usage_error("--shard '%s' is not K/N with 0 <= K < N", a->shard);
    return 0;
}

/* Lint warnings a run prints before the rest are only counted (check prints them all). */
#define LINT_SHOWN 5

/* check's lint, into d: the first `shown` warnings, then one line counting the others. */
static void add_lint(const truce_run *r, size_t shown, diag *d)
{
    diag lint;
    diag_init(&lint);
    plan_set_lint(&r->plans, &r->batch, &lint);
    size_t n = lint.n < shown ? lint.n : shown;
    for (size_t i = 0; i < n; i++) {
        const diag_entry *e = &lint.v[i];
        diag_warn(d, e->file, e->line, e->col, "%s", e->msg);
    }
    if (lint.warnings > n)
        diag_warn(d, NULL, 0, 0, "%zu more warnings about the plan: truce check lists them all",
                  lint.warnings - n);
    diag_free(&lint);
}

/*
 * Without --paid or --books, a period after January pays as if every earlier
 * month had been paid as the ledger computes it now: said once, since a
 * back-dated deal would otherwise go unpaid without anyone noticing.
 */
static void note_paid_assumption(const run_args *a, const truce_run *r)
{
    if (a->paid || !a->period || a->per.first == 1 || (a->books && r->nclosed > 0))
        return;
    char before[32];
    if (a->per.first == 2)
        snprintf(before, sizeof before, "%d-01 is", a->per.year);
    else
        snprintf(before, sizeof before, "%d-01 to %d-%02d are", a->per.year, a->per.year,
                 a->per.first - 1);
    if (a->books)
        fprintf(stderr, "truce: note: %s holds no closed period of %d before %s: %s taken as "
                "paid as computed now\n", a->books, a->per.year, a->period, before);
    else
        fprintf(stderr, "truce: note: %s taken as paid as computed now; to pay what changed "
                "since, run with --books DIR (the closed periods, truce close) or --paid FILE\n",
                before);
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
                        .books = a->books,
                        .command = a->command,
                        .ncommand = a->ncommand};
    cli_progress progress;
    cli_progress_start(&progress, a->period && !a->quiet && isatty(STDERR_FILENO));
    to.progress = cli_progress_counters(&progress);
    truce_run r;
    int failed = truce_compute(&r, &paths, &to, &d) != 0 || d.errors > 0;
    if (!failed)
        add_lint(&r, a->period ? LINT_SHOWN : (size_t)-1, &d);
    if (!failed && a->strict && d.warnings > 0) {
        diag_error(&d, NULL, 0, 0, "--strict: %zu warning%s above count%s as error%s%s",
                   d.warnings, d.warnings == 1 ? "" : "s", d.warnings == 1 ? "s" : "",
                   d.warnings == 1 ? "" : "s", a->period ? "; nothing was written" : "");
        failed = 1;
    }
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
    if (!failed) {
        note_paid_assumption(a, &r);
        print_summary(a, &r);
    }
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
