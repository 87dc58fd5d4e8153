/*
 * diff.c - `truce diff --plan OLD --plan NEW ... --period P --out DIR`: what a
 * plan change would have cost, and who gains or loses.
 *
 * The batch is computed twice, once per plan (a plan file, or a directory of
 * plan versions), by the ordinary pipeline; libtruce writes DIR/diff.csv and
 * gives the summary this prints on stdout.  P is a month (2027-03), a
 * quarter (2027-Q1), a half-year (2027-H2) or a year (2027).
 * Exit status as for run: 1 for an input problem, 2 for wrong usage.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One of the two runs: the batch under the which'th --plan (--in's plan.xml or plans/ is not
   read). */
static truce_run *side(const cli_command *c, const cli_args *a, int which, int *status)
{
    cli_args one = *a;
    one.given[F_PLAN] = 0;  /* diff's own --plan, set below */
    truce_run *r = truce_run_new();
    truce_set_file(r, TRUCE_PLAN, a->values[F_PLAN][which]);
    *status = batch_apply(c, &one, r);
    truce_set_period(r, a->value[F_PERIOD]);
    set_manifest_command(r, a);
    return r;
}

static int same_diag(const truce_diag *x, const truce_diag *y)
{
    return x->level == y->level && x->line == y->line && x->col == y->col &&
           strcmp(x->message, y->message) == 0 &&
           (x->file == y->file || (x->file && y->file && strcmp(x->file, y->file) == 0));
}

/* The second computation's messages, less those the first already gave (the batch's own),
   reported with the first's, which are printed. */
static void print_both(truce_run *old, truce_run *new_)
{
    size_t n = truce_diag_count(old);
    for (size_t i = 0; i < truce_diag_count(new_); i++) {
        truce_diag e, o;
        truce_diag_at(new_, i, &e);
        size_t j = 0;
        for (; j < n && truce_diag_at(old, j, &o) == TRUCE_OK && !same_diag(&o, &e); j++)
            ;
        if (j == n)
            truce_diag_add(old, e.level, e.file, e.line, e.col, e.message);
    }
    truce_diag_clear(new_);
    print_diags(old);
}

int cmd_diff(const cli_args *a)
{
    const cli_command *c = cli_find("diff");
    if (a->given[F_PLAN] != 2)
        return cli_usage(c, "diff needs two --plan flags: the old plan, then the new");
    if (cli_require(c, a, F_PERIOD) || cli_require(c, a, F_OUT))
        return EXIT_USAGE;
    if (truce_period_parse(a->value[F_PERIOD], NULL, NULL, NULL) != TRUCE_OK)
        return cli_usage(c, "--period '%s' is not " CLI_PERIOD_FORMS, a->value[F_PERIOD]);
    int status = 0;
    truce_run *old = side(c, a, 0, &status), *new_ = side(c, a, 1, &status);
    const char *out = a->value[F_OUT];
    int force = a->given[F_FORCE];
    int rc = status ? TRUCE_MISUSE : truce_check_out(old, out, force);
    if (rc == TRUCE_OK)
        rc = truce_check_out(new_, out, force);
    if (rc == TRUCE_OK) {
        int failed = truce_compute(old) != TRUCE_OK;
        failed |= truce_compute(new_) != TRUCE_OK;
        rc = failed ? TRUCE_ERROR : truce_diff(old, new_, out, force);
    }
    print_both(old, new_);
    if (rc == TRUCE_OK) {
        size_t len;
        const char *text = truce_text(old, &len);
        fwrite(text, 1, len, stdout);
    } else if (rc == TRUCE_MISUSE && !status) {
        fputs("try 'truce help diff'\n", stderr);
    }
    truce_run_free(old);
    truce_run_free(new_);
    return rc == TRUCE_OK ? 0 : rc == TRUCE_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}
