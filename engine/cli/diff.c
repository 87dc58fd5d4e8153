/*
 * diff.c - `truce diff --plan OLD --plan NEW [batch flags] --period P --out DIR
 * [--force]`: what a plan change would have cost, and who gains or loses.
 *
 * The batch is computed twice, once per plan, by the ordinary pipeline;
 * libtruce's plandiff writes DIR/diff.csv and the summary this prints on
 * stdout.  P is a month (2027-03), a quarter (2027-Q1), a half-year (2027-H2)
 * or a year (2027).
 * Exit status as for run: 1 for an input problem, 2 for wrong usage.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

typedef struct diff_args {
    batch_args batch;
    const char *plans[2];
    int nplans;
    const char *period, *out;
    int force;
    plandiff_period per;
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
    if (!a->period || plandiff_parse_period(a->period, &a->per) != 0)
        return usage_error("--period '%s' is not " PERIOD_FORMS,
                           a->period ? a->period : "");
    if (!a->out)
        return usage_error("%s", "diff needs --out DIR");
    const char *inputs[CLI_MAX_INPUTS + 2];
    size_t n = batch_args_inputs(&a->batch, inputs);
    inputs[n++] = a->plans[0];
    inputs[n++] = a->plans[1];
    if (out_check(a->out, a->force, inputs, n) != 0)
        return EXIT_USAGE;
    return batch_args_check(&a->batch);
}

/* One of the two computations: the batch under plans[which], a plan file or a directory of
   plan versions (as a batch's plans/). */
static int compute(truce_run *r, const diff_args *a, int which, diag *d)
{
    batch_args ba = a->batch;
    ba.file[0] = a->plans[which];  /* diff's own --plan: --in's plan.xml or plans/ is not read */
    batch_paths paths;
    batch_owned owned, versions = {0};
    batch_resolve(&ba, &paths, &owned);  /* cannot fail: the plan is given */
    struct stat st;
    if (stat(a->plans[which], &st) == 0 && S_ISDIR(st.st_mode)) {
        if (list_plans(a->plans[which], &versions, d) != 0) {
            batch_owned_free(&owned);
            memset(r, 0, sizeof *r);
            return -1;
        }
        paths.plans = (const char *const *)versions.plans;
        paths.nplans = versions.nplans;
        paths.plan = versions.plans[0];
    }
    truce_options o = {.month = a->per.to, .jobs = a->batch.jobs_n};
    int rc = truce_compute(r, &paths, &o, d) != 0 || d->errors > 0 ? -1 : 0;
    batch_owned_free(&owned);
    batch_owned_free(&versions);
    return rc;
}

static int same_entry(const diag_entry *x, const diag_entry *y)
{
    return x->level == y->level && x->line == y->line && x->col == y->col &&
           strcmp(x->msg, y->msg) == 0 &&
           (x->file == y->file || (x->file && y->file && strcmp(x->file, y->file) == 0));
}

/* The second computation's messages, less those the first already gave (the batch's own). */
static void append_new(diag *into, const diag *from)
{
    size_t n = into->n;
    for (size_t i = 0; i < from->n; i++) {
        const diag_entry *e = &from->v[i];
        size_t j = 0;
        while (j < n && !same_entry(&into->v[j], e))
            j++;
        if (j < n)
            continue;
        if (e->level == DIAG_ERROR)
            diag_error(into, e->file, e->line, e->col, "%s", e->msg);
        else
            diag_warn(into, e->file, e->line, e->col, "%s", e->msg);
    }
}

int cmd_diff(int argc, char **argv)
{
    diff_args a = {0};
    int status = parse(&a, argc, argv);
    if (status)
        return status;
    diag d;
    diag_init(&d);
    diag d2;
    diag_init(&d2);
    truce_run old, new_;
    int failed = compute(&old, &a, 0, &d) != 0;
    failed |= compute(&new_, &a, 1, &d2) != 0;
    append_new(&d, &d2);
    diag_free(&d2);
    const char **command = xcalloc((size_t)argc, sizeof *command);
    size_t ncommand = manifest_command(argc, argv, command);
    if (!failed)
        failed = plandiff_check(&old, &new_, a.per, &d) != 0 ||
                 plandiff_write(&old, &new_, a.per, a.out, a.force, command, ncommand, &d) != 0;
    free(command);
    diag_print(&d, stderr);
    if (!failed) {
        strbuf sb = STRBUF_INIT;
        plandiff_summary(&sb, &old, &new_, a.per, a.period);
        fwrite(sb.p, 1, sb.len, stdout);
        sb_free(&sb);
    }
    truce_run_free(&old);
    truce_run_free(&new_);
    diag_free(&d);
    return failed ? EXIT_INPUT : 0;
}
