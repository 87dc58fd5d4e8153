/*
 * spec.h - the one description of the `truce` commands and their flags.
 *
 * Every command's flags, metavariables and help lines are written once, in
 * spec.c: the parser (getopt_long) is built from them, and so are
 * `truce help`, `truce help CMD` and `truce CMD --help`.  docs/cli.md's
 * synopsis and the man page's are checked against `truce help`'s
 * (tests/e2e/t_man.sh), so the four cannot drift apart.
 */
#ifndef TRUCE_CLI_SPEC_H
#define TRUCE_CLI_SPEC_H

#include <stddef.h>
#include <stdio.h>

/* Every flag of every command, by name; a command accepts a subset (spec.c). */
typedef enum cli_flag {
    F_IN, F_PLAN, F_ROSTER, F_DEALS, F_TOUCHES, F_CAMPAIGNS, F_SPLITS, F_TERRITORIES, F_QUOTAS,
    F_FX, F_EVENTS, F_PAYMENTS, F_ADJUSTMENTS,   /* the batch: truce_input order after F_IN */
    F_PERIOD, F_OUT, F_FORCE, F_BOOKS, F_PAID, F_STRICT, F_JOBS, F_SHARD, F_PHASE, F_PARTS,
    F_TIMINGS, F_QUIET,
    F_PAYEE, F_DEAL, F_COMPONENT, F_MAP, F_FROM, F_MODELS, F_HELP,
    F_STATEMENTS,
    F_COUNT
} cli_flag;

/* The batch file flags are F_PLAN .. F_ADJUSTMENTS, in truce_input order. */
#define F_FIRST_FILE F_PLAN

/* Most values one flag may take (--plan: one version a month). */
#define CLI_MAX_REPEAT 12

/* What the command line said: each flag's value(s), the positional arguments, and what a
   manifest should record of it. */
typedef struct cli_args {
    int given[F_COUNT];                     /* how many times each flag was given */
    const char *value[F_COUNT];             /* its last value (switches: "") */
    const char *values[F_COUNT][CLI_MAX_REPEAT]; /* every value, in order (repeatable flags) */
    const char **positional;                /* the other arguments, in order */
    size_t npositional;
    const char **recorded;                  /* argv[1..] less the output-neutral flags */
    size_t nrecorded;
} cli_args;

typedef struct cli_command cli_command;

/* The command called name, or NULL. */
const cli_command *cli_find(const char *name);
/* Its name. */
const char *cli_name(const cli_command *c);
/* Runs the command's handler on argv (argv[1] is its name).  Exit status. */
int cli_dispatch(const cli_command *c, int argc, char **argv);

/*
 * Parses argv (argv[1] the command's name) with getopt_long against the
 * command's flags: `--flag value`, `--flag=value`, unambiguous
 * abbreviations, `--` to end the flags.  0, or EXIT_USAGE with the problem
 * printed (an unknown, ambiguous or repeated flag, a missing value, a
 * positional argument the command does not take); `--help` prints the
 * command's help and yields -1 (exit 0).  Free with cli_args_free.
 */
int cli_parse(const cli_command *c, int argc, char **argv, cli_args *a);
void cli_args_free(cli_args *a);

/* Prints "truce CMD: <message>" and a hint to stderr; returns EXIT_USAGE (2). */
int cli_usage(const cli_command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether a required flag is missing: prints "CMD needs --FLAG ..." and returns EXIT_USAGE. */
int cli_require(const cli_command *c, const cli_args *a, cli_flag f);

/* `truce help`: the synopsis of every command, then how to read more. */
void cli_help_all(FILE *out);
/* `truce help CMD`, `truce CMD --help`: the command's synopsis, what it does, each flag. */
void cli_help_command(FILE *out, const cli_command *c);

#endif
