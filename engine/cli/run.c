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
 * YYYY.  A run's manifest.xml records its command: the arguments as
 * given, less the flags that cannot change a byte of the results (--out,
 * --force, --jobs, --shard, --timings, --quiet, --strict), so that the
 * manifest is as reproducible as the outputs it lists.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lint warnings a run prints before the rest are only counted (check prints them all). */
#define LINT_SHOWN 5

typedef struct run_args {
    batch_args batch;
    const char *period;
    const char *out;
    const char *shard;
    const char *paid;
    const char *books;
    int force, timings, quiet, strict;
    int year, first_month;  /* --period's year and first month */
    unsigned shard_k, shard_n;
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

/* Flags of run (is_run) or check; 0 or EXIT_USAGE (printed). */
static int parse_args(run_args *a, int is_run, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        int status = parse_flag(a, is_run, &i, argc, argv);
        if (status)
            return status;
    }
    return batch_args_check(&a->batch);
}

/* The run's options from the flags, and run's required flags checked before any input is
   read; 0 or EXIT_USAGE (printed). */
static int setup(run_args *a, int is_run, truce_run *r, int argc, char **argv)
{
    batch_args_apply(&a->batch, r);
    set_manifest_command(r, argc, argv);
    if (!is_run)
        return 0;
    if (!a->period)
        return usage_error("%s", "run needs --period (" CLI_PERIOD_FORMS ")");
    if (truce_period_parse(a->period, &a->year, &a->first_month, NULL) != TRUCE_OK ||
        truce_set_period(r, a->period) != TRUCE_OK)
        return usage_error("--period '%s' is not " CLI_PERIOD_FORMS, a->period);
    if (!a->out)
        return usage_error("%s", "run needs --out DIR");
    truce_set_paid(r, a->paid);
    truce_set_books(r, a->books);
    if (out_check(r, a->out, a->force) != 0)
        return EXIT_USAGE;
    if (a->shard && parse_shard(a->shard, &a->shard_k, &a->shard_n) != 0)
        return usage_error("--shard '%s' is not K/N with 0 <= K < N", a->shard);
    truce_set_shard(r, a->shard_k, a->shard_n);
    return 0;
}

/*
 * Without --paid or --books, a period after January pays as if every earlier
 * month had been paid as the ledger computes it now: said once, since a
 * back-dated deal would otherwise go unpaid without anyone noticing.
 */
static void note_paid_assumption(const run_args *a, const truce_run *r)
{
    if (a->paid || !a->period || a->first_month <= 1 ||
        (a->books && truce_count_of(r, TRUCE_COUNT_CLOSED) > 0))
        return;
    char before[64];
    int year = a->year;
    if (a->first_month == 2)
        snprintf(before, sizeof before, "%d-01 is", year);
    else
        snprintf(before, sizeof before, "%d-01 to %d-%02d are", year, year, a->first_month - 1);
    if (a->books)
        fprintf(stderr, "truce: note: %s holds no closed period of %d before %s: %s taken as "
                "paid as computed now\n", a->books, year, a->period, before);
    else
        fprintf(stderr, "truce: note: %s taken as paid as computed now; to pay what changed "
                "since, run with --books DIR (the closed periods, truce close) or --paid FILE\n",
                before);
}

static void print_summary(const run_args *a, const truce_run *r)
{
    if (a->period)
        printf("truce: %s: %zu payee statements written to %s/statements/\n", a->period,
               truce_count_of(r, TRUCE_COUNT_STATEMENTS), a->out);
    else
        printf("truce: batch is valid (%zu payees, %zu deals, %zu in scope)\n",
               truce_count_of(r, TRUCE_COUNT_PAYEES), truce_count_of(r, TRUCE_COUNT_DEALS),
               truce_count_of(r, TRUCE_COUNT_IN_SCOPE));
}

static int execute(const run_args *a, truce_run *r)
{
    cli_progress progress;
    cli_progress_start(&progress, r, a->period && !a->quiet && isatty(STDERR_FILENO));
    int failed = truce_compute(r) != TRUCE_OK;
    if (!failed)
        truce_lint(r, a->period ? LINT_SHOWN : (size_t)-1);
    size_t warnings = truce_warning_count(r);
    if (!failed && a->strict && warnings > 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "--strict: %zu warning%s above count%s as error%s%s", warnings,
                 warnings == 1 ? "" : "s", warnings == 1 ? "s" : "", warnings == 1 ? "" : "s",
                 a->period ? "; nothing was written" : "");
        truce_diag_add(r, TRUCE_DIAG_ERROR, NULL, 0, 0, msg);
        failed = 1;
    }
    if (!failed && a->period) {
        truce_set_cancel(r, &cli_interrupted);
        cli_catch_signals();
        failed = truce_write(r, a->out, a->force) != TRUCE_OK;
    }
    cli_progress_stop(&progress);  /* before any message, so they never share a line */
    print_diags(r);
    cli_die_if_interrupted();
    if (a->timings)
        fprintf(stderr, "timings: read %.3fs credit %.3fs earn %.3fs write %.3fs\n",
                truce_seconds(r, TRUCE_STAGE_READ), truce_seconds(r, TRUCE_STAGE_CREDIT),
                truce_seconds(r, TRUCE_STAGE_EARN), truce_seconds(r, TRUCE_STAGE_WRITE));
    if (!failed) {
        note_paid_assumption(a, r);
        print_summary(a, r);
    }
    return failed ? EXIT_INPUT : 0;
}

static int command(int is_run, int argc, char **argv)
{
    run_args a;
    memset(&a, 0, sizeof a);
    int status = parse_args(&a, is_run, argc, argv);
    if (status)
        return status;
    truce_run *r = truce_run_new();
    status = setup(&a, is_run, r, argc, argv);
    if (!status)
        status = execute(&a, r);
    truce_run_free(r);
    return status;
}

int cmd_run(int argc, char **argv)
{
    return command(1, argc, argv);
}

int cmd_check(int argc, char **argv)
{
    return command(0, argc, argv);
}
