/*
 * books.c - `truce close RUN_DIR --books BOOKS` (a paid period, stored as
 * closed) and `truce books BOOKS` (the closed periods, with their totals).
 *
 * The books make the monthly close a record instead of a memory: once a
 * period is closed, `truce run --books BOOKS` trues up against it by itself
 * (books.h has the rules).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
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
    diag d;
    diag_init(&d);
    books_closed c;
    cli_catch_signals();
    int failed = books_close(run_dir, books_dir, &c, &d) != 0;
    diag_print(&d, stderr);
    cli_die_if_interrupted();
    if (!failed) {
        char text[PERIOD_TEXT_SIZE];
        period_format(&c.per, text);
        if (c.untrued)
            fprintf(stderr, "truce: warning: %s was not run with --books %s: it did not true up "
                    "against %d earlier closed period%s of %d; the next run with --books does\n",
                    text, books_dir, c.untrued, c.untrued == 1 ? "" : "s", c.per.year);
        printf("truce: closed %s (plan %s): %zu files stored in %s\n", text, c.plan_id, c.files,
               c.dir);
    }
    free(c.dir);
    diag_free(&d);
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
    diag d;
    diag_init(&d);
    books bk;
    int failed = books_read(&bk, books_dir, 0, &d) != 0;
    if (!failed) {
        printf("%-9s %-20s %-8s %7s %18s  %s\n", "period", "plan", "currency", "payees",
               "payable", "record");
        for (size_t i = 0; i < bk.n; i++) {
            const closed_period *c = &bk.v[i];
            books_totals t;
            char text[PERIOD_TEXT_SIZE];
            period_format(&c->per, text);
            int ok = books_period_totals(c, &t, &d) == 0;
            failed |= !ok || !t.intact;
            printf("%-9s %-20s %-8s %7zu %18s  %s\n", text, c->m.plan.id,
                   c->m.plan.currency ? c->m.plan.currency : "", t.payees, ok ? t.total : "?",
                   t.intact ? "intact" : "CHANGED since closed");
        }
        if (bk.n == 0)
            printf("(no closed period)\n");
    }
    diag_print(&d, stderr);
    books_free(&bk);
    diag_free(&d);
    return failed ? EXIT_INPUT : 0;
}
