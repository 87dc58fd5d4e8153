/*
 * books.c - `truce close RUN_DIR --books BOOKS` (a paid period, stored as
 * closed) and `truce books BOOKS` (the closed periods, with their totals).
 *
 * The books make the monthly close a record instead of a memory: once a
 * period is closed, `truce run --books BOOKS` trues up against it by itself
 * (docs/cli.md has the rules).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cmd_close(int argc, char **argv)
{
    const char *run_dir = NULL, *books_dir = NULL;
    for (int i = 2; i < argc; i++) {
        const char *v = NULL;
        if (flag_value(argv[i], "books", &i, argc, argv, &v)) {
            if (!v || !*v)
                return usage_error("flag '%s' needs a value", "--books");
            books_dir = v;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            return usage_error("unknown flag '%s'", argv[i]);
        } else if (run_dir) {
            return usage_error("close takes one run's output directory, not '%s' too", argv[i]);
        } else {
            run_dir = argv[i];
        }
    }
    if (!run_dir)
        return usage_error("%s", "close needs the output directory of a run");
    if (!books_dir)
        return usage_error("%s", "close needs --books DIR (where closed periods are kept)");
    truce_run *r = truce_run_new();
    cli_catch_signals();
    int failed = truce_close_period(r, run_dir, books_dir) != TRUCE_OK;
    print_diags(r);
    cli_die_if_interrupted();
    if (!failed)
        printf("truce: %s\n", truce_text(r, NULL));
    truce_run_free(r);
    return failed ? EXIT_INPUT : 0;
}

int cmd_books(int argc, char **argv)
{
    const char *books_dir = NULL;
    for (int i = 2; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0)
            return usage_error("unknown flag '%s'", argv[i]);
        if (books_dir)
            return usage_error("books takes one directory, not '%s' too", argv[i]);
        books_dir = argv[i];
    }
    if (!books_dir)
        return usage_error("%s", "books needs the books directory");
    truce_run *r = truce_run_new();
    int failed = truce_books(r, books_dir) != TRUCE_OK;
    fputs(truce_text(r, NULL), stdout);
    print_diags(r);
    truce_run_free(r);
    return failed ? EXIT_INPUT : 0;
}
