/*
 * cli.h - what the `truce` subcommands share: exit statuses, flag parsing,
 * the batch flags, printing diagnostics, and signal handling while outputs
 * are written.
 *
 * Each subcommand lives in its own file (run.c, merge.c, ...) and is listed
 * once in main.c's table.  The CLI computes nothing: it parses, calls
 * libtruce through its public header (include/truce/truce.h) only, prints
 * what the library reports and picks the exit status.
 */
#ifndef TRUCE_CLI_H
#define TRUCE_CLI_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include "truce/truce.h"
#include "spec.h"

/* Contract section 2: 0 success; 1 an input is invalid or missing; 2 wrong usage. */
enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

/* The period forms, for messages. */
#define CLI_PERIOD_FORMS "YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY"

/* Prints "truce: <message>" and a hint to stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A whole number of digits only, in [lo, hi].  0 or -1. */
int parse_uint(const char *s, const char *end, unsigned long lo, unsigned long hi,
               unsigned long *out);

/* Sets the batch flags of a (--in, the file flags, every --plan in order) on the run, and
   --jobs: 0, or EXIT_USAGE (printed) when --jobs is not 1..256. */
int batch_apply(const cli_command *c, const cli_args *a, truce_run *r);

/* --jobs N into *jobs (0 when not given): 0, or EXIT_USAGE (printed). */
int jobs_of(const cli_command *c, const cli_args *a, int *jobs);

/*
 * May --out be written (truce_check_out: not a file or link, not the current
 * directory, replaced only with --force and only if truce wrote it, never an
 * input of r or inside one)?  0, or EXIT_USAGE with the reason printed.
 */
int out_check(truce_run *r, const char *out, int force);

/*
 * Prints the run's diagnostics to stderr, "file:line:col: error: message"
 * (parts omitted when unknown; "truce: " when there is no file), then a
 * count of those not kept, and forgets them.
 */
void print_diags(truce_run *r);

/* A command that prints a text (explain, scoreboard): the diagnostics, then the run's text on
   stdout unless `failed`; the exit status, 0 or EXIT_INPUT. */
int print_text_result(truce_run *r, int failed);

/* The command a manifest records: argv[1..] less the flags that change no byte of the
   outputs (spec.c marks them), so that a manifest is as reproducible as its outputs. */
void set_manifest_command(truce_run *r, const cli_args *a);

/*
 * SIGINT, SIGTERM and SIGHUP while outputs are being written: writers stop
 * at the next file and remove the temporary directory; then the process
 * dies of the signal, so the caller sees it.  Before writing starts nothing
 * is on disk and the signals keep their default action.
 */
extern volatile sig_atomic_t cli_interrupted;
void cli_catch_signals(void);
void cli_die_if_interrupted(void);

/*
 * A progress bar per stage on stderr (progress.c), drawn by a thread of its
 * own from the run's counters (truce_progress): only when enabled (stderr a
 * terminal, no --quiet), and only for a large batch (over 200,000 deals, or
 * reading that takes more than a second).  Stop it before printing anything
 * else.
 */
typedef struct cli_progress {
    const truce_run *run;
    pthread_t tid;
    int running;
    atomic_int stop;
} cli_progress;
void cli_progress_start(cli_progress *p, const truce_run *r, int enabled);
void cli_progress_stop(cli_progress *p);

/* The subcommands, on their parsed command line (spec.h). */
int cmd_run(const cli_args *a);
int cmd_check(const cli_args *a);
int cmd_merge(const cli_args *a);
int cmd_verify(const cli_args *a);
int cmd_explain(const cli_args *a);
int cmd_convert(const cli_args *a);
int cmd_diff(const cli_args *a);
int cmd_scoreboard(const cli_args *a);
int cmd_close(const cli_args *a);
int cmd_books(const cli_args *a);
int cmd_help(const cli_args *a);

#endif
