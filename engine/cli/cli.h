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

/* Contract section 2: 0 success; 1 an input is invalid or missing; 2 wrong usage. */
enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

/* The period forms, for messages. */
#define CLI_PERIOD_FORMS "YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY"

/* Prints "truce: <message>" and a hint to stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Matches argv[*i] against "--name" (value in the next argument, *i advances)
 * or "--name=value".  Returns 1 on a match (*val NULL when the value is
 * missing), else 0.
 */
int flag_value(const char *arg, const char *name, int *i, int argc, char **argv, const char **val);

/* A whole number of digits only, in [lo, hi].  0 or -1. */
int parse_uint(const char *s, const char *end, unsigned long lo, unsigned long hi,
               unsigned long *out);

/* --plan may be repeated (plan versions), up to one version a month. */
#define CLI_MAX_PLANS 12

/* The flags naming a batch: --in DIR, one flag per batch file (truce_input_name), --jobs N. */
typedef struct batch_args {
    const char *in;
    const char *file[TRUCE_NINPUTS];   /* the first --plan at file[TRUCE_PLAN] */
    const char *plans[CLI_MAX_PLANS];  /* every --plan, in order */
    size_t nplans;
    const char *jobs;
    int jobs_n;           /* parsed --jobs; 0: one per core */
} batch_args;

/*
 * If argv[*i] is a batch flag, takes it (and its value) and returns 1; a
 * batch flag without a value sets *status to EXIT_USAGE and returns 1.
 * Returns 0 for any other argument.
 */
int batch_flag(batch_args *ba, int *i, int argc, char **argv, int *status);
/* Checks --jobs once all flags are read: 0, or EXIT_USAGE (printed). */
int batch_args_check(batch_args *ba);
/* Sets the batch's directory, files and jobs on the run. */
void batch_args_apply(const batch_args *ba, truce_run *r);

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

/*
 * What a manifest records of a command: argv[1..] less the flags that change
 * no byte of the outputs (--out, --force, --jobs, --shard, --timings,
 * --quiet, --strict, with their values), so that a manifest is as
 * reproducible as the outputs it lists; set on the run (truce_set_command).
 */
void set_manifest_command(truce_run *r, int argc, char **argv);

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

/* The subcommands: argv[0] is "truce", argv[1] the command's name. */
int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_scoreboard(int argc, char **argv);
int cmd_close(int argc, char **argv);
int cmd_books(int argc, char **argv);

#endif
