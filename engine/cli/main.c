/*
 * main.c - the `truce` command: picks the subcommand.
 *
 * Adding a subcommand is one file (cmd_NAME in cli.h) and one entry in
 * spec.c's table, which also gives its flags and its help.  Exit status
 * (contract section 2): 0 success; 1 an input is invalid or missing
 * (nothing written); 2 wrong usage.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cmd_help(const cli_args *a)
{
    if (a->npositional == 0) {
        cli_help_all(stdout);
        return 0;
    }
    const cli_command *c = cli_find(a->positional[0]);
    if (!c)
        return usage_error("unknown command '%s'", a->positional[0]);
    cli_help_command(stdout, c);
    return 0;
}

/* The command's status, before stdout is known to have reached its reader. */
static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "missing command");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        cli_help_all(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("truce " TRUCE_VERSION);
        return 0;
    }
    const cli_command *c = cli_find(argv[1]);
    if (!c)
        return usage_error("unknown command '%s'", argv[1]);
    return cli_dispatch(c, argc, argv);
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
