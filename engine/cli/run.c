/*
 * run.c - `truce run` (one period's outputs) and `truce check` (validate only).
 *
 *   truce run   [batch flags] --period P --out DIR [--force] [--paid FILE]
 *               [--books DIR] [--shard K/N] [--phase credit|earn] [--parts DIR]
 *               [--strict] [--timings] [--quiet] [--statements all|text|html|none]
 *   truce check [batch flags] [--strict] [--timings]
 *
 * Both print check's lint (run summarises it when there is much of it);
 * --strict turns every warning into a failure (exit 1, nothing written),
 * for pipelines that want no surprise to pass.
 *
 * P is a month, quarter, half-year or year: YYYY-MM, YYYY-Qn, YYYY-Hn or
 * YYYY.  A run's manifest.xml records its command: the arguments as
 * given, less the flags that cannot change a byte of the results (--out,
 * --force, --jobs, --shard, --phase, --parts, --timings, --quiet, --strict),
 * so that the manifest is as reproducible as the outputs it lists, and the
 * two phases of a sharded run record the unsharded run's command.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lint warnings a run prints before the rest are only counted (check prints them all). */
#define LINT_SHOWN 5

typedef struct run_args {
    const cli_command *c;
    const cli_args *a;
    const char *period, *out, *paid, *books;
    int force, timings, quiet, strict;
    truce_phase phase;
    unsigned shard_k, shard_n;
    int year, first_month;  /* --period's year and first month */
    const char *statements; /* --statements: "all", "text", "html" or "none" */
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

/* --phase and --parts: a phase needs its task (--shard), phase 2 its partitions.  0 or
   EXIT_USAGE (printed). */
static int setup_phase(run_args *ra, truce_run *r)
{
    const cli_args *a = ra->a;
    const cli_command *c = ra->c;
    const char *phase = a->value[F_PHASE];
    if (!phase) {
        if (a->given[F_PARTS])
            return cli_usage(c, "--parts is phase 2's: give it with --phase earn");
        return 0;
    }
    if (strcmp(phase, "credit") == 0)
        ra->phase = TRUCE_PHASE_CREDIT;
    else if (strcmp(phase, "earn") == 0)
        ra->phase = TRUCE_PHASE_EARN;
    else
        return cli_usage(c, "--phase '%s' is not credit or earn", phase);
    if (!a->given[F_SHARD])
        return cli_usage(c, "--phase %s needs --shard K/N: the task of this phase", phase);
    if (ra->phase == TRUCE_PHASE_EARN && cli_require(c, a, F_PARTS))
        return EXIT_USAGE;
    if (ra->phase == TRUCE_PHASE_CREDIT && a->given[F_PARTS])
        return cli_usage(c, "--parts is phase 2's (--phase earn); phase 1 writes its "
                         "partitions into --out");
    truce_set_phase(r, ra->phase);
    truce_set_parts(r, a->value[F_PARTS]);
    return 0;
}

/* --statements: which of each payee's two statement files to write; 0 or EXIT_USAGE (printed). */
static int set_statements(run_args *ra, truce_run *r)
{
    static const char *const names[] = {"all", "text", "html", "none"};
    static const truce_statements kinds[] = {TRUCE_STATEMENTS_ALL, TRUCE_STATEMENTS_TEXT,
                                             TRUCE_STATEMENTS_HTML, TRUCE_STATEMENTS_NONE};
    const char *v = ra->a->given[F_STATEMENTS] ? ra->a->value[F_STATEMENTS] : "all";
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(v, names[i]) == 0) {
            ra->statements = names[i];
            truce_set_statements(r, kinds[i]);
            return 0;
        }
    return cli_usage(ra->c, "--statements '%s' is not all, text, html or none", v);
}

/* The run's options from the flags, and run's required flags checked before any input is
   read; 0 or EXIT_USAGE (printed). */
static int setup(run_args *ra, int is_run, truce_run *r)
{
    const cli_args *a = ra->a;
    const cli_command *c = ra->c;
    if (batch_apply(c, a, r) != 0)
        return EXIT_USAGE;
    set_manifest_command(r, a);
    if (!is_run)
        return 0;
    if (cli_require(c, a, F_PERIOD))
        return EXIT_USAGE;
    if (truce_period_parse(ra->period, &ra->year, &ra->first_month, NULL) != TRUCE_OK ||
        truce_set_period(r, ra->period) != TRUCE_OK)
        return cli_usage(c, "--period '%s' is not " CLI_PERIOD_FORMS, ra->period);
    if (cli_require(c, a, F_OUT))
        return EXIT_USAGE;
    truce_set_paid(r, ra->paid);
    truce_set_books(r, ra->books);
    if (out_check(r, ra->out, ra->force) != 0)
        return EXIT_USAGE;
    unsigned k = 0, n = 0;
    if (a->given[F_SHARD] && parse_shard(a->value[F_SHARD], &k, &n) != 0)
        return cli_usage(c, "--shard '%s' is not K/N with 0 <= K < N", a->value[F_SHARD]);
    truce_set_shard(r, k, n);
    ra->shard_k = k;
    ra->shard_n = n;
    if (setup_phase(ra, r) != 0)
        return EXIT_USAGE;
    return set_statements(ra, r);
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
    if (a->phase == TRUCE_PHASE_CREDIT)
        printf("truce: %s: phase 1 task %u/%u: %zu deals credited (%zu in scope), partitions "
               "written to %s\n", a->period, a->shard_k, a->shard_n,
               truce_count_of(r, TRUCE_COUNT_DEALS), truce_count_of(r, TRUCE_COUNT_IN_SCOPE),
               a->out);
    else if (a->phase == TRUCE_PHASE_EARN)
        printf("truce: %s: shard %u/%u: %zu payee statements written to %s/statements/\n",
               a->period, a->shard_k, a->shard_n, truce_count_of(r, TRUCE_COUNT_STATEMENTS),
               a->out);
    else if (a->period && strcmp(a->statements, "none") == 0)
        printf("truce: %s: outputs written to %s/, no statements (--statements none)\n",
               a->period, a->out);
    else if (a->period)
        printf("truce: %s: %zu payee statements%s written to %s/statements/\n", a->period,
               truce_count_of(r, TRUCE_COUNT_STATEMENTS),
               strcmp(a->statements, "text") == 0   ? " (text only)"
               : strcmp(a->statements, "html") == 0 ? " (HTML only)"
                                                    : "",
               a->out);
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
        if (a->phase != TRUCE_PHASE_CREDIT)
            note_paid_assumption(a, r);
        print_summary(a, r);
    }
    return failed ? EXIT_INPUT : 0;
}

static int command(const char *name, const cli_args *a)
{
    run_args ra = {cli_find(name), a, a->value[F_PERIOD], a->value[F_OUT], a->value[F_PAID],
                   a->value[F_BOOKS], a->given[F_FORCE], a->given[F_TIMINGS],
                   a->given[F_QUIET], a->given[F_STRICT], TRUCE_PHASE_ALL, 0, 0, 0, 0, "all"};
    int is_run = strcmp(name, "run") == 0;
    truce_run *r = truce_run_new();
    int status = setup(&ra, is_run, r);
    if (!status)
        status = execute(&ra, r);
    truce_run_free(r);
    return status;
}

int cmd_run(const cli_args *a)
{
    return command("run", a);
}

int cmd_check(const cli_args *a)
{
    return command("check", a);
}
