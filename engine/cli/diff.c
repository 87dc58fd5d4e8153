/*
 * diff.c - `truce diff --plan OLD --plan NEW [batch flags] --period P --out DIR
 * [--force]`: what a plan change would have cost, and who gains or loses.
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

typedef struct diff_args {
    batch_args batch;
    const char *plans[2];
    int nplans;
    const char *period, *out;
    int force;
} diff_args;

/* --plan is taken here, twice (old, then new), before the batch flags see it. */
static int parse(diff_args *a, int argc, char **argv)
{
    int status = 0;
    for (int i = 2; i < argc && !status; i++) {
        const char *v = NULL, **slot = NULL;
        if (flag_value(argv[i], "plan", &i, argc, argv, &v)) {
            if (a->nplans == 2)
                return usage_error("%s", "diff takes exactly two --plan flags (old, new)");
            slot = &a->plans[a->nplans++];
        } else if (flag_value(argv[i], "period", &i, argc, argv, &v)) {
            slot = &a->period;
        } else if (flag_value(argv[i], "out", &i, argc, argv, &v)) {
            slot = &a->out;
        } else if (strcmp(argv[i], "--force") == 0) {
            a->force = 1;
            continue;
        } else if (batch_flag(&a->batch, &i, argc, argv, &status)) {
            continue;
        } else {
            return usage_error("unknown flag '%s'", argv[i]);
        }
        if (!v || !*v)
            return usage_error("flag '%s' needs a value", argv[i]);
        *slot = v;
    }
    if (status)
        return status;
    if (a->nplans != 2)
        return usage_error("%s", "diff needs two --plan flags: the old plan, then the new");
    if (!a->period || truce_period_parse(a->period, NULL, NULL, NULL) != TRUCE_OK)
        return usage_error("--period '%s' is not " CLI_PERIOD_FORMS, a->period ? a->period : "");
    if (!a->out)
        return usage_error("%s", "diff needs --out DIR");
    return batch_args_check(&a->batch);
}

/* One of the two runs: the batch under plans[which] (--in's plan.xml or plans/ is not read). */
static truce_run *side(const diff_args *a, int which, int argc, char **argv)
{
    batch_args ba = a->batch;
    ba.nplans = 0;
    ba.file[TRUCE_PLAN] = NULL;
    truce_run *r = truce_run_new();
    truce_set_file(r, TRUCE_PLAN, a->plans[which]);
    batch_args_apply(&ba, r);
    truce_set_period(r, a->period);
    set_manifest_command(r, argc, argv);
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

int cmd_diff(int argc, char **argv)
{
    diff_args a = {0};
    int status = parse(&a, argc, argv);
    if (status)
        return status;
    truce_run *old = side(&a, 0, argc, argv), *new_ = side(&a, 1, argc, argv);
    int rc = truce_check_out(old, a.out, a.force);
    if (rc == TRUCE_OK)
        rc = truce_check_out(new_, a.out, a.force);
    if (rc == TRUCE_OK) {
        int failed = truce_compute(old) != TRUCE_OK;
        failed |= truce_compute(new_) != TRUCE_OK;
        rc = failed ? TRUCE_ERROR : truce_diff(old, new_, a.out, a.force);
    }
    print_both(old, new_);
    if (rc == TRUCE_OK) {
        size_t len;
        const char *text = truce_text(old, &len);
        fwrite(text, 1, len, stdout);
    } else if (rc == TRUCE_MISUSE) {
        fputs("try 'truce --help'\n", stderr);
    }
    truce_run_free(old);
    truce_run_free(new_);
    return rc == TRUCE_OK ? 0 : rc == TRUCE_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}
