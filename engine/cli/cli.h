/*
 * cli.h - what the `truce` subcommands share: exit statuses, flag parsing,
 * the batch flags, and signal handling while outputs are written.
 *
 * Each subcommand lives in its own file (run.c, merge.c, ...) and is listed
 * once in main.c's table.  The CLI computes nothing: it parses, calls
 * libtruce (include/truce/truce.h), prints diagnostics and picks the status.
 */
#ifndef TRUCE_CLI_H
#define TRUCE_CLI_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include "truce/truce.h"

/* Contract section 2: 0 success; 1 an input is invalid or missing; 2 wrong usage. */
enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

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

/* The batch files a flag can name: plan.xml and the CSV files. */
#define CLI_NFILES 12

/* The flags naming a batch: --in DIR, --plan F ... --adjustments F, and --jobs N. */
typedef struct batch_args {
    const char *in;
    const char *file[CLI_NFILES];  /* plan (the first --plan), roster, deals, touches, campaigns,
                                      splits, territories, quotas, fx, events, payments,
                                      adjustments */
    const char *plans[CLI_MAX_PLANS];  /* every --plan, in order */
    size_t nplans;
    const char *jobs;
    int jobs_n;           /* parsed --jobs; 0: one per core */
} batch_args;

/* The paths batch_resolve made up from --in DIR, to free with batch_owned_free. */
typedef struct batch_owned {
    char *file[CLI_NFILES];
    char **plans;         /* DIR/plans/ *.xml, sorted by name */
    size_t nplans;
} batch_owned;

/*
 * If argv[*i] is a batch flag, takes it (and its value) and returns 1; a
 * batch flag without a value sets *status to EXIT_USAGE and returns 1.
 * Returns 0 for any other argument.
 */
int batch_flag(batch_args *ba, int *i, int argc, char **argv, int *status);
/* Checks --jobs once all flags are read: 0, or EXIT_USAGE (printed). */
int batch_args_check(batch_args *ba);
/* Room for every path a batch_args names (batch_args_inputs). */
#define CLI_MAX_INPUTS (1 + CLI_NFILES + CLI_MAX_PLANS)
/* The directory and files a batch_args names, into v (NULL entries left out); their count. */
size_t batch_args_inputs(const batch_args *ba, const char **v);
/*
 * May --out be written (truce_out_check: not a file or link, not the current
 * directory, replaced only with --force and only if truce wrote it, never an
 * input or inside one)?  0, or EXIT_USAGE with the reason printed.
 */
int out_check(const char *out, int force, const char *const *inputs, size_t ninputs);
/*
 * Flags win over --in; optional files count only if they exist in --in.
 * Plans: every --plan (p->plans, p->nplans; p->plan the first); with --in DIR
 * and no --plan, DIR/plans/ (a directory: every *.xml in it, sorted by name)
 * or else DIR/plan.xml.  Both present, or a plans/ without *.xml, is an input
 * error: printed, the owned paths freed, and EXIT_INPUT returned; else 0.
 */
int batch_resolve(const batch_args *ba, batch_paths *p, batch_owned *owned);
void batch_owned_free(batch_owned *owned);
/* The plan versions of a directory: its *.xml files (not hidden), sorted by name, into
   owned->plans; none is an error.  0 or -1 (reported to d). */
int list_plans(const char *dir, batch_owned *owned, diag *d);

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
 * own from the library's counters: only when enabled (stderr a terminal, no
 * --quiet), and only for a large batch (over 200,000 deals, or reading that
 * takes more than a second).  Stop it before printing anything else.
 */
typedef struct cli_progress {
    truce_progress counters;
    pthread_t tid;
    int running;
    atomic_int stop;
} cli_progress;
void cli_progress_start(cli_progress *p, int enabled);
truce_progress *cli_progress_counters(cli_progress *p);  /* NULL when not enabled */
void cli_progress_stop(cli_progress *p);

/*
 * What a manifest records of a command: argv[1..] less the flags that change
 * no byte of the outputs (--out, --force, --jobs, --shard, --timings,
 * --quiet, --strict, with their values), so that a manifest is as reproducible as the
 * outputs it lists.  v needs room for argc entries (pointers into argv).
 */
size_t manifest_command(int argc, char **argv, const char **v);

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
