/*
 * main.c - the `truce` command: picks the subcommand.
 *
 * Adding a subcommand is one file (cmd_NAME in cli.h) and one line in the
 * table below.  Exit status (contract section 2): 0 success; 1 an input is
 * invalid or missing (nothing written); 2 wrong usage.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"run", cmd_run},
    {"check", cmd_check},
    {"merge", cmd_merge},
    {"verify", cmd_verify},
    {"explain", cmd_explain},
    {"convert", cmd_convert},
    {"diff", cmd_diff},
    {"scoreboard", cmd_scoreboard},
    {"close", cmd_close},
    {"books", cmd_books},
};

static const char usage_text[] =
    "usage: truce run   [--in DIR] [FILE FLAGS] --period P --out DIR [--force] [--books DIR]\n"
    "                   [--paid FILE] [--strict] [--jobs N] [--shard K/N] [--timings] [--quiet]\n"
    "       truce check [--in DIR] [FILE FLAGS] [--strict] [--jobs N]\n"
    "       truce close RUN_OUT --books DIR    |    truce books DIR\n"
    "       truce merge --out DIR [--force] SHARD_OUT...\n"
    "       truce verify OUT [--in DIR] [--books DIR] [--jobs N]\n"
    "       truce explain [--in DIR] [FILE FLAGS] --period P --payee ID\n"
    "                   [--deal D] [--component C] [--paid FILE] [--jobs N]\n"
    "       truce convert --map FILE [--from DIR] [--plan FILE] --out DIR [--force]\n"
    "       truce diff --plan OLD --plan NEW [--in DIR] [FILE FLAGS] --period P --out DIR\n"
    "                   [--force] [--jobs N]\n"
    "       truce scoreboard [--models] [--in DIR] [FILE FLAGS] --period YYYY-MM [--jobs N]\n"
    "       truce --help | --version     file flags: --plan F --roster F --deals F ... (over --in)\n"
    "P, a period: YYYY-MM, YYYY-Qn (quarter), YYYY-Hn (half-year) or YYYY (year)\n"
    "the full reference: man truce (or docs/cli.md)\n";

/* The command's status, before stdout is known to have reached its reader. */
static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "missing command");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("truce " TRUCE_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc, argv);
    return usage_error("unknown command '%s'", argv[1]);
}

int main(int argc, char **argv)
{
    /* A file-size limit must surface as a write error (EFBIG), not kill the run. */
    signal(SIGXFSZ, SIG_IGN);
    int status = dispatch(argc, argv);
    /* What explain or a summary printed is output too: a full disk or a closed pipe must not
       pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "truce: cannot write to standard output: %s\n", strerror(errno));
        return status ? status : EXIT_INPUT;
    }
    return status;
}
