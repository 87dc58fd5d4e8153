/*
 * api.c - include/truce/truce.h: the engine behind an opaque handle.
 *
 * A truce_run is a session: the inputs and options a caller sets, the
 * computation they give (a run_state, run.h), the diagnostics collected, and
 * the text and rows handed back.  Every function here is a thin layer over
 * the engine's own modules: it translates a call into the pipeline's terms
 * (batch paths, a period, run options), runs the stages in order, and keeps
 * what a caller may read in memory that the handle owns.  Nothing in here
 * computes a figure.
 */
#include "truce/truce.h"
#include "books.h"
#include "convert.h"
#include "csv.h"
#include "explain.h"
#include "lint.h"
#include "load.h"
#include "mapping.h"
#include "merge.h"
#include "modelcompare.h"
#include "outdir.h"
#include "plandiff.h"
#include "report.h"
#include "run.h"
#include "scoreboard.h"
#include "shardrun.h"
#include "strbuf.h"
#include "verify.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --plan at most once a month: one version a month. */
#define MAX_PLANS 12

typedef struct held_buffer {
    char *name, *data;
    size_t len;
    int set;
} held_buffer;

struct truce_run {
    run_state rs;                    /* the computation (run.h) */
    int computed;                    /* run_compute was called (rs holds something to free) */
    int compute_ok;                  /* ... and it succeeded */
    /* inputs */
    char *dir;
    char *file[TRUCE_NINPUTS];       /* file[TRUCE_PLAN]: the first plan version */
    char *plans[MAX_PLANS];
    size_t nplans;
    held_buffer buffer[TRUCE_NINPUTS];
    int buffers;                     /* inputs come from buffers */
    /* options */
    period per;
    int have_period;
    int jobs;
    shard sh;
    truce_phase phase;
    char *parts_dir;
    credit_shard *credit;            /* phase 1's computation */
    parts parts;                     /* phase 2's partitions (have_parts) */
    int have_parts;
    truce_statements statements;
    char *paid, *books;
    char **command;
    size_t ncommand;
    const volatile sig_atomic_t *cancel;
    progress_counters progress;
    /* what is handed back */
    diag d;
    strbuf text;
    char *errmsg;
    csv_table payouts, credits;      /* rows of payouts.csv / credits.csv, parsed once asked for */
    int have_payouts, have_credits;
    strbuf row[2];                   /* a statement's text and its payee id */
    size_t verify_inputs, verify_outputs, untrued;
};

static const char *const input_name[TRUCE_NINPUTS] = {
    "plan", "roster", "deals", "touches", "campaigns", "splits", "territories", "quotas", "fx",
    "events", "payments", "adjustments"};
static const char *const input_file[TRUCE_NINPUTS] = {
    "plan.xml", "roster.csv", "deals.csv", "touches.csv", "campaigns.csv", "splits.csv",
    "territories.csv", "quotas.csv", "fx.csv", "events.csv", "payments.csv", "adjustments.csv"};

const char *truce_version(void)
{
    return TRUCE_VERSION;
}

const char *truce_input_name(truce_input kind)
{
    return kind >= 0 && kind < TRUCE_NINPUTS ? input_name[kind] : NULL;
}

const char *truce_input_file(truce_input kind)
{
    return kind >= 0 && kind < TRUCE_NINPUTS ? input_file[kind] : NULL;
}

truce_run *truce_run_new(void)
{
    truce_run *r = xcalloc(1, sizeof *r);
    diag_init(&r->d);
    progress_init(&r->progress);
    return r;
}

/* Forgets the rows and texts handed out (they describe a computation that changes). */
static void forget_results(truce_run *r)
{
    if (r->have_payouts)
        csv_table_free(&r->payouts);
    if (r->have_credits)
        csv_table_free(&r->credits);
    r->have_payouts = r->have_credits = 0;
}

void truce_run_free(truce_run *r)
{
    if (!r)
        return;
    forget_results(r);
    if (r->computed)
        run_free(&r->rs);
    credit_shard_free(r->credit);
    if (r->have_parts)
        parts_free(&r->parts);  /* after the run that read them */
    free(r->parts_dir);
    free(r->dir);
    for (int i = 0; i < TRUCE_NINPUTS; i++) {
        free(r->file[i]);
        free(r->buffer[i].name);
        free(r->buffer[i].data);
    }
    for (size_t i = 0; i < r->nplans; i++)
        free(r->plans[i]);
    free(r->paid);
    free(r->books);
    for (size_t i = 0; i < r->ncommand; i++)
        free(r->command[i]);
    free(r->command);
    diag_free(&r->d);
    sb_free(&r->text);
    sb_free(&r->row[0]);
    sb_free(&r->row[1]);
    free(r->errmsg);
    free(r);
}

/* ---- inputs and options ------------------------------------------------------------ */

static int valid_kind(truce_input kind)
{
    return kind >= 0 && kind < TRUCE_NINPUTS;
}

static void replace(char **slot, const char *value)
{
    free(*slot);
    *slot = value ? xstrdup(value) : NULL;
}

int truce_set_dir(truce_run *r, const char *dir)
{
    if (!dir || r->computed || r->buffers)
        return TRUCE_MISUSE;
    replace(&r->dir, dir);
    return TRUCE_OK;
}

int truce_set_file(truce_run *r, truce_input kind, const char *path)
{
    if (!valid_kind(kind) || !path || r->computed || r->buffers)
        return TRUCE_MISUSE;
    if (kind == TRUCE_PLAN) {
        if (r->nplans == MAX_PLANS)
            return TRUCE_MISUSE;
        r->plans[r->nplans++] = xstrdup(path);
        if (r->nplans > 1)
            return TRUCE_OK;  /* file[TRUCE_PLAN] stays the first version */
    }
    replace(&r->file[kind], path);
    return TRUCE_OK;
}

int truce_set_buffer(truce_run *r, truce_input kind, const char *name, const void *data,
                     size_t len)
{
    if (!valid_kind(kind) || !name || (!data && len) || r->computed || r->dir || r->nplans)
        return TRUCE_MISUSE;
    for (int i = 0; i < TRUCE_NINPUTS; i++)
        if (r->file[i])
            return TRUCE_MISUSE;
    held_buffer *b = &r->buffer[kind];
    if (kind == TRUCE_PLAN && b->set)
        return TRUCE_MISUSE;  /* plan versions come from files */
    replace(&b->name, name);
    free(b->data);
    b->data = xmalloc(len + 1);
    if (len)
        memcpy(b->data, data, len);
    b->data[len] = '\0';
    b->len = len;
    b->set = 1;
    r->buffers = 1;
    return TRUCE_OK;
}

int truce_period_parse(const char *text, int *year, int *first, int *last)
{
    period p;
    if (!text || period_parse_any(text, &p) != 0)
        return TRUCE_MISUSE;
    if (year)
        *year = p.year;
    if (first)
        *first = p.first;
    if (last)
        *last = p.last;
    return TRUCE_OK;
}

int truce_set_period(truce_run *r, const char *text)
{
    if (!text || r->computed || period_parse_any(text, &r->per) != 0)
        return TRUCE_MISUSE;
    r->have_period = 1;
    return TRUCE_OK;
}

int truce_set_jobs(truce_run *r, int jobs)
{
    if (jobs < 0 || jobs > 256)
        return TRUCE_MISUSE;
    r->jobs = jobs;
    return TRUCE_OK;
}

int truce_set_shard(truce_run *r, unsigned k, unsigned n)
{
    if (r->computed || (n > 0 && k >= n) || (n == 0 && k != 0))
        return TRUCE_MISUSE;
    r->sh = (shard){k, n};
    return TRUCE_OK;
}

int truce_set_phase(truce_run *r, truce_phase phase)
{
    if (r->computed || phase < TRUCE_PHASE_ALL || phase > TRUCE_PHASE_EARN)
        return TRUCE_MISUSE;
    r->phase = phase;
    return TRUCE_OK;
}

int truce_set_parts(truce_run *r, const char *dir)
{
    if (r->computed)
        return TRUCE_MISUSE;
    replace(&r->parts_dir, dir);
    return TRUCE_OK;
}

int truce_set_statements(truce_run *r, truce_statements which)
{
    if (which != TRUCE_STATEMENTS_ALL && which != TRUCE_STATEMENTS_TEXT &&
        which != TRUCE_STATEMENTS_HTML && which != TRUCE_STATEMENTS_NONE)
        return TRUCE_MISUSE;
    r->statements = which;
    return TRUCE_OK;
}

int truce_set_paid(truce_run *r, const char *path)
{
    if (r->computed)
        return TRUCE_MISUSE;
    replace(&r->paid, path);
    return TRUCE_OK;
}

int truce_set_books(truce_run *r, const char *dir)
{
    if (r->computed)
        return TRUCE_MISUSE;
    replace(&r->books, dir);
    return TRUCE_OK;
}

int truce_set_command(truce_run *r, int argc, const char *const *argv)
{
    if (argc < 0 || (argc > 0 && !argv) || r->computed)
        return TRUCE_MISUSE;
    for (size_t i = 0; i < r->ncommand; i++)
        free(r->command[i]);
    free(r->command);
    r->command = xcalloc((size_t)argc + 1, sizeof *r->command);
    for (int i = 0; i < argc; i++)
        r->command[i] = xstrdup(argv[i]);
    r->ncommand = (size_t)argc;
    return TRUCE_OK;
}

void truce_set_cancel(truce_run *r, const volatile sig_atomic_t *flag)
{
    r->cancel = flag;
}

/* ---- where the batch files are ------------------------------------------------------- */

/* The paths of a run's files: given ones, and those of the batch directory. */
typedef struct resolved {
    batch_paths paths;
    char *owned[TRUCE_NINPUTS];      /* DIR/NAME paths made here */
    char **versions;                 /* DIR/plans/ *.xml, sorted by name */
    size_t nversions;
} resolved;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* lstat: a dangling symlink is a file the user meant, and must fail by name when read. */
static int file_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Appends the *.xml files of dir (not hidden, not directories), sorted bytewise, as dir/NAME,
   to res->versions; 0, or -1 when it cannot be read or holds none. */
static int list_plans(const char *dir, resolved *res, diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_error(d, dir, 0, 0, "cannot read the directory: %s", strerror(errno));
        return -1;
    }
    size_t first = res->nversions;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".xml") != 0)
            continue;
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(sb.p, &st) == 0 && S_ISDIR(st.st_mode)) {
            sb_free(&sb);
            continue;
        }
        res->versions = xrealloc(res->versions, (res->nversions + 1) * sizeof *res->versions);
        res->versions[res->nversions++] = sb_detach(&sb);
    }
    closedir(dh);
    if (res->nversions == first) {
        diag_error(d, dir, 0, 0, "no plan (*.xml) in this directory");
        return -1;
    }
    qsort(res->versions + first, res->nversions - first, sizeof *res->versions, by_name);
    return 0;
}

/* The plan of a batch directory: DIR/plans/ (versions) or DIR/plan.xml, not both; 0 or -1. */
static int dir_plans(const char *dir, resolved *res, diag *d)
{
    strbuf sub = STRBUF_INIT;
    sb_printf(&sub, "%s/plans", dir);
    struct stat st;
    int rc = 0;
    if (stat(sub.p, &st) != 0 || !S_ISDIR(st.st_mode)) {
        res->paths.plan = res->owned[TRUCE_PLAN];  /* missing: reading it fails by name */
    } else if (file_exists(res->owned[TRUCE_PLAN])) {
        diag_error(d, NULL, 0, 0, "%s and %s/ are both present: give either one plan (plan.xml) "
                   "or plan versions (plans/), not both", res->owned[TRUCE_PLAN], sub.p);
        rc = -1;
    } else if ((rc = list_plans(sub.p, res, d)) == 0) {
        res->paths.plans = (const char *const *)res->versions;
        res->paths.nplans = res->nversions;
        res->paths.plan = res->versions[0];
    }
    sb_free(&sub);
    return rc;
}

/* The plans set with truce_set_file, a directory among them standing for its *.xml (plan
   versions, as a batch's plans/).  0 or -1. */
static int given_plans(const truce_run *r, resolved *res, diag *d)
{
    for (size_t i = 0; i < r->nplans; i++) {
        struct stat st;
        if (stat(r->plans[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (list_plans(r->plans[i], res, d) != 0)
                return -1;
            continue;
        }
        res->versions = xrealloc(res->versions, (res->nversions + 1) * sizeof *res->versions);
        res->versions[res->nversions++] = xstrdup(r->plans[i]);
    }
    res->paths.plans = (const char *const *)res->versions;
    res->paths.nplans = res->nversions;
    res->paths.plan = res->versions[0];
    return 0;
}

/* Every file flag wins over the directory; optional files count only when present. */
static int resolve(const truce_run *r, resolved *res, diag *d)
{
    const char **slot[TRUCE_NINPUTS] = {
        &res->paths.plan,   &res->paths.roster, &res->paths.deals,  &res->paths.touches,
        &res->paths.campaigns, &res->paths.splits, &res->paths.territories, &res->paths.quotas,
        &res->paths.fx,     &res->paths.events, &res->paths.payments, &res->paths.adjustments};
    memset(res, 0, sizeof *res);
    for (int f = 0; f < TRUCE_NINPUTS; f++) {
        *slot[f] = r->file[f];
        if (r->file[f] || !r->dir)
            continue;
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s/%s", r->dir, input_file[f]);
        res->owned[f] = sb_detach(&sb);
        /* Roster and deals are required: a missing one fails by name when read.  The plan is
           decided below (plan.xml or plans/). */
        if (f == TRUCE_ROSTER || f == TRUCE_DEALS || (f > TRUCE_DEALS && file_exists(res->owned[f])))
            *slot[f] = res->owned[f];
    }
    if (r->nplans > 0)
        return given_plans(r, res, d);
    return r->dir ? dir_plans(r->dir, res, d) : 0;
}

static void resolved_free(resolved *res)
{
    for (int f = 0; f < TRUCE_NINPUTS; f++)
        free(res->owned[f]);
    for (size_t i = 0; i < res->nversions; i++)
        free(res->versions[i]);
    free(res->versions);
}

/* The run's inputs as batch sources (truce_set_buffer). */
static void sources_of(const truce_run *r, batch_sources *src)
{
    batch_source *slot[TRUCE_NINPUTS] = {
        &src->plan,   &src->roster, &src->deals,  &src->touches, &src->campaigns, &src->splits,
        &src->territories, &src->quotas, &src->fx, &src->events, &src->payments, &src->adjustments};
    memset(src, 0, sizeof *src);
    for (int f = 0; f < TRUCE_NINPUTS; f++) {
        const held_buffer *b = &r->buffer[f];
        *slot[f] = (batch_source){b->set ? b->name : input_file[f], b->set ? b->data : NULL,
                                  b->len};
    }
}

/* ---- running -------------------------------------------------------------------------- */

static void options_of(const truce_run *r, run_options *o)
{
    *o = (run_options){.month = r->have_period ? r->per.first : 0,
                       .month_last = r->have_period ? r->per.last : 0,
                       .jobs = r->jobs,
                       .shard = r->sh,
                       .paid = r->paid,
                       .books = r->books,
                       .command = (const char *const *)r->command,
                       .ncommand = r->ncommand,
                       .progress = (progress_counters *)&r->progress};
}

/* Phase 2: the partitions, checked against this run's command and inputs, then the run. */
static void compute_earn_phase(truce_run *r, const batch_paths *paths, run_options *o)
{
    run_record own;
    record_init(&own);
    record_files(&own, paths, r->paid, (const char *const *)r->command, r->ncommand, 0);
    size_t before = r->d.errors;
    if (parts_open(&r->parts, r->parts_dir, r->sh.k, r->sh.n, &own.m,
                   (const char *const *)r->command, r->ncommand, &r->d) != 0) {
        memset(&r->rs, 0, sizeof r->rs);
    } else {
        r->have_parts = 1;
        o->parts = &r->parts;
        run_compute(&r->rs, paths, o, &r->d);
        if (r->d.errors == before)
            shard_fill_record(&r->parts, &r->rs.record);
    }
    record_free(&own);
}

/* The phase of a sharded run from its batch files; run_compute for a whole one. */
static void compute_files(truce_run *r, const batch_paths *paths, run_options *o)
{
    if (r->phase == TRUCE_PHASE_CREDIT) {
        memset(&r->rs, 0, sizeof r->rs);
        credit_shard_run(&r->credit, paths, o, &r->d);
    } else if (r->phase == TRUCE_PHASE_EARN) {
        compute_earn_phase(r, paths, o);
    } else {
        run_compute(&r->rs, paths, o, &r->d);
    }
}

/* The plan a computation loaded (phase 1 keeps its own), or NULL. */
static const plan *plan_of(const truce_run *r)
{
    return r->credit ? credit_shard_plan(r->credit) : r->rs.plan;
}

int truce_compute(truce_run *r)
{
    if (r->computed)
        return TRUCE_MISUSE;
    /* A phase is a task of a sharded run over files, for a period, with the partitions'
       directory in phase 2 (and only there). */
    if (r->phase != TRUCE_PHASE_ALL &&
        (r->sh.n == 0 || !r->have_period || r->buffers ||
         (r->phase == TRUCE_PHASE_EARN) != (r->parts_dir != NULL)))
        return TRUCE_MISUSE;
    if (r->phase == TRUCE_PHASE_ALL && r->parts_dir)
        return TRUCE_MISUSE;
    run_options o;
    options_of(r, &o);
    size_t before = r->d.errors;
    r->computed = 1;
    if (r->buffers) {
        batch_sources src;
        sources_of(r, &src);
        run_compute_sources(&r->rs, &src, &o, &r->d);
    } else {
        resolved res;
        if (resolve(r, &res, &r->d) == 0)
            compute_files(r, &res.paths, &o);
        else
            memset(&r->rs, 0, sizeof r->rs);
        resolved_free(&res);
    }
    const plan *p = plan_of(r);
    if (r->d.errors == before && r->have_period && p && r->per.year != p->year) {
        char text[PERIOD_TEXT_SIZE];
        period_format(&r->per, text);
        diag_error(&r->d, NULL, 0, 0, "period %s is outside the plan year %d", text, p->year);
    }
    r->compute_ok = r->d.errors == before;
    return r->compute_ok ? TRUCE_OK : TRUCE_ERROR;
}

size_t truce_lint(truce_run *r, size_t shown)
{
    if (!r->compute_ok || r->phase == TRUCE_PHASE_CREDIT)
        return 0;  /* phase 2 lints the plan, once per shard */
    diag lint;
    diag_init(&lint);
    size_t n = plan_set_lint(&r->rs.plans, &r->rs.batch, &lint);
    size_t kept = lint.n < shown ? lint.n : shown;
    for (size_t i = 0; i < kept; i++) {
        const diag_entry *e = &lint.v[i];
        diag_warn(&r->d, e->file, e->line, e->col, "%s", e->msg);
    }
    if (lint.warnings > kept)
        diag_warn(&r->d, NULL, 0, 0, "%zu more warnings about the plan: truce check lists them all",
                  lint.warnings - kept);
    diag_free(&lint);
    return n;
}

/* The files and directories the run reads, for outdir_check. */
static size_t inputs_of(const truce_run *r, const char **v)
{
    size_t n = 0;
    if (r->dir)
        v[n++] = r->dir;
    for (int f = 0; f < TRUCE_NINPUTS; f++)
        if (r->file[f])
            v[n++] = r->file[f];
    for (size_t i = 1; i < r->nplans; i++)
        v[n++] = r->plans[i];
    if (r->parts_dir)
        v[n++] = r->parts_dir;
    if (r->paid)
        v[n++] = r->paid;
    if (r->books)
        v[n++] = r->books;
    return n;
}

int truce_check_out(truce_run *r, const char *out, int force)
{
    if (!out)
        return TRUCE_MISUSE;
    const char *v[2 + TRUCE_NINPUTS + MAX_PLANS + 3];
    size_t n = inputs_of(r, v);
    return outdir_check(out, force, v, n, &r->d) == 0 ? TRUCE_OK : TRUCE_MISUSE;
}

int truce_write(truce_run *r, const char *out, int force)
{
    if (!r->compute_ok || !r->have_period || !out)
        return TRUCE_MISUSE;
    if (r->credit)
        return credit_shard_write(r->credit, &r->per, out, force, r->cancel, &r->d) == 0
                   ? TRUCE_OK : TRUCE_ERROR;
    r->rs.cancel = r->cancel;
    r->rs.statements = r->statements == TRUCE_STATEMENTS_TEXT   ? STATEMENTS_TEXT
                       : r->statements == TRUCE_STATEMENTS_HTML ? STATEMENTS_HTML
                       : r->statements == TRUCE_STATEMENTS_NONE ? STATEMENTS_NONE
                                                                : STATEMENTS_ALL;
    return run_write(&r->rs, &r->per, out, force, &r->d) == 0 ? TRUCE_OK : TRUCE_ERROR;
}

/* Payees with a payout row, and a statement: those whose role has components. */
static size_t statements(const truce_run *r)
{
    size_t n = 0;
    for (size_t s = 0; r->compute_ok && s < r->rs.earnings.n; s++)
        n += r->rs.earnings.v[s].role->ncomponents > 0;
    return n;
}

size_t truce_count_of(const truce_run *r, truce_count what)
{
    switch (what) {
    case TRUCE_COUNT_PAYEES:
        return r->computed ? r->rs.batch.npayees : 0;
    case TRUCE_COUNT_DEALS:
        if (r->credit)
            return credit_shard_deals(r->credit, 0);
        return r->computed ? r->rs.batch.ndeals : 0;
    case TRUCE_COUNT_IN_SCOPE:
        if (r->credit)
            return credit_shard_deals(r->credit, 1);
        return r->computed ? r->rs.in_scope : 0;
    case TRUCE_COUNT_STATEMENTS:
        return statements(r);
    case TRUCE_COUNT_CLOSED:
        return r->computed ? r->rs.nclosed : 0;
    case TRUCE_COUNT_INPUTS:
        return r->verify_inputs;
    case TRUCE_COUNT_OUTPUTS:
        return r->verify_outputs;
    case TRUCE_COUNT_UNTRUED:
        return r->untrued;
    }
    return 0;
}

double truce_seconds(const truce_run *r, truce_stage stage)
{
    if (!r->computed)
        return 0;
    switch (stage) {
    case TRUCE_STAGE_READ:
        return r->rs.t_read;
    case TRUCE_STAGE_CREDIT:
        return r->rs.t_credit;
    case TRUCE_STAGE_EARN:
        return r->rs.t_earn;
    case TRUCE_STAGE_WRITE:
        return r->rs.t_write;
    }
    return 0;
}

void truce_progress(const truce_run *r, int *stage, uint64_t *done, uint64_t *total)
{
    progress_stage s = (progress_stage)atomic_load(&r->progress.stage);
    if (stage)
        *stage = s == PROGRESS_DONE ? 0 : (int)s;
    if (done)
        *done = atomic_load(&r->progress.done);
    if (total)
        *total = atomic_load(&r->progress.total);
}

/* ---- rows ----------------------------------------------------------------------------- */

static report_ctx report_of(const truce_run *r)
{
    return (report_ctx){r->rs.plan, &r->rs.batch, &r->rs.month_lines, &r->rs.earnings, r->per,
                        r->rs.shard, &r->rs.paid, 1};
}

/* payouts.csv or credits.csv as run_write writes it, parsed into t: the rows a caller walks
   are the file's, byte for byte.  0, or -1 when the run has no period computed. */
static int rows_of(truce_run *r, int credit_rows, csv_table *t, int *have)
{
    if (*have)
        return 0;
    if (!r->compute_ok || !r->have_period || r->credit)
        return -1;
    report_ctx rc = report_of(r);
    strbuf sb = STRBUF_INIT;
    if (credit_rows)
        report_credits(&sb, &rc);
    else
        report_payouts(&sb, &rc);
    diag quiet;
    diag_init(&quiet);
    int rc2 = csv_read_memory(t, sb.p, sb.len, credit_rows ? "credits.csv" : "payouts.csv",
                              &quiet);
    diag_free(&quiet);
    sb_free(&sb);
    if (rc2 != 0) {
        csv_table_free(t);
        return -1;
    }
    *have = 1;
    return 0;
}

size_t truce_payout_count(const truce_run *r)
{
    truce_run *w = (truce_run *)r;  /* the rows are a cache of the computation, not a change */
    return rows_of(w, 0, &w->payouts, &w->have_payouts) == 0 ? w->payouts.nrows : 0;
}

int truce_payout_at(truce_run *r, size_t i, truce_payout *row)
{
    if (!row || rows_of(r, 0, &r->payouts, &r->have_payouts) != 0 || i >= r->payouts.nrows)
        return TRUCE_MISUSE;
    *row = (truce_payout){csv_cell(&r->payouts, i, 0), csv_cell(&r->payouts, i, 1),
                          csv_cell(&r->payouts, i, 2), csv_cell(&r->payouts, i, 3),
                          csv_cell(&r->payouts, i, 4)};
    return TRUCE_OK;
}

size_t truce_credit_count(const truce_run *r)
{
    truce_run *w = (truce_run *)r;
    return rows_of(w, 1, &w->credits, &w->have_credits) == 0 ? w->credits.nrows : 0;
}

int truce_credit_at(truce_run *r, size_t i, truce_credit *row)
{
    if (!row || rows_of(r, 1, &r->credits, &r->have_credits) != 0 || i >= r->credits.nrows)
        return TRUCE_MISUSE;
    const csv_table *t = &r->credits;
    *row = (truce_credit){csv_cell(t, i, 0), csv_cell(t, i, 1), csv_cell(t, i, 2),
                          csv_cell(t, i, 3), csv_cell(t, i, 4), csv_cell(t, i, 5)};
    return TRUCE_OK;
}

size_t truce_statement_count(const truce_run *r)
{
    return r->have_period ? statements(r) : 0;
}

int truce_statement_at(truce_run *r, size_t i, int html, const char **payee_id, const char **text,
                       size_t *len)
{
    if (!r->compute_ok || !r->have_period || r->credit)
        return TRUCE_MISUSE;
    const earnings *e = &r->rs.earnings;
    size_t s = 0, seen = 0;
    for (; s < e->n; s++)
        if (e->v[s].role->ncomponents > 0 && seen++ == i)
            break;
    if (s == e->n)
        return TRUCE_MISUSE;
    report_ctx rc = report_of(r);
    sb_reset(&r->row[0]);
    sb_reset(&r->row[1]);
    if (html)
        report_statement_html(&r->row[0], &rc, s);
    else
        report_statement(&r->row[0], &rc, s);
    sb_puts(&r->row[1], r->rs.batch.payees[e->v[s].payee].id);
    if (payee_id)
        *payee_id = r->row[1].p;
    if (text)
        *text = r->row[0].p ? r->row[0].p : "";
    if (len)
        *len = r->row[0].len;
    return TRUCE_OK;
}

/* ---- diagnostics ---------------------------------------------------------------------- */

size_t truce_diag_count(const truce_run *r)
{
    return r->d.n;
}

int truce_diag_at(const truce_run *r, size_t i, truce_diag *out)
{
    if (!out || i >= r->d.n)
        return TRUCE_MISUSE;
    const diag_entry *e = &r->d.v[i];
    *out = (truce_diag){e->level == DIAG_ERROR ? TRUCE_DIAG_ERROR : TRUCE_DIAG_WARNING, e->file,
                        e->line, e->col, e->msg};
    return TRUCE_OK;
}

size_t truce_error_count(const truce_run *r)
{
    return r->d.errors;
}

size_t truce_warning_count(const truce_run *r)
{
    return r->d.warnings;
}

const char *truce_errmsg(truce_run *r)
{
    for (size_t i = 0; i < r->d.n; i++) {
        const diag_entry *e = &r->d.v[i];
        if (e->level != DIAG_ERROR)
            continue;
        strbuf sb = STRBUF_INIT;
        if (e->file)
            sb_printf(&sb, "%s:", e->file);
        if (e->file && e->line)
            sb_printf(&sb, "%ld:", e->line);
        if (e->file && e->line && e->col)
            sb_printf(&sb, "%ld:", e->col);
        sb_printf(&sb, "%s%s", e->file ? " " : "", e->msg);
        free(r->errmsg);
        r->errmsg = sb_detach(&sb);
        return r->errmsg;
    }
    return "";
}

void truce_diag_clear(truce_run *r)
{
    diag_free(&r->d);
    diag_init(&r->d);
}

void truce_diag_add(truce_run *r, int level, const char *file, long line, long col,
                    const char *message)
{
    if (level == TRUCE_DIAG_ERROR)
        diag_error(&r->d, file, line, col, "%s", message ? message : "");
    else
        diag_warn(&r->d, file, line, col, "%s", message ? message : "");
}

/* ---- commands ---------------------------------------------------------------------------- */

const char *truce_text(const truce_run *r, size_t *len)
{
    if (len)
        *len = r->text.len;
    return r->text.p ? r->text.p : "";
}

int truce_explain(truce_run *r, const char *payee_id, const char *deal_id,
                  const char *component_id)
{
    if (!r->compute_ok || !r->have_period || !payee_id || r->phase != TRUCE_PHASE_ALL)
        return TRUCE_MISUSE;
    sb_reset(&r->text);
    explain_query q = {payee_id, deal_id, component_id};
    return explain_run(&r->text, &r->rs, &r->per, &q, &r->d) == 0 ? TRUCE_OK : TRUCE_ERROR;
}

int truce_scoreboard(truce_run *r, int models)
{
    if (!r->compute_ok || !r->have_period || r->phase != TRUCE_PHASE_ALL)
        return TRUCE_MISUSE;
    sb_reset(&r->text);
    if (models)
        modelcompare_csv(&r->text, r->rs.earnings.version, &r->rs.batch, r->per.last);
    else
        scoreboard_csv(&r->text, r->rs.plan, &r->rs.batch, &r->rs.earnings, r->per.last);
    return TRUCE_OK;
}

int truce_verify(truce_run *r, const char *out, const char *in_dir, const char *books_dir)
{
    if (!out)
        return TRUCE_MISUSE;
    verify_summary sum;
    int rc = verify_output(out, in_dir, books_dir, r->jobs, &sum, &r->d);
    r->verify_inputs = sum.inputs;
    r->verify_outputs = sum.outputs;
    sb_reset(&r->text);
    sb_puts(&r->text, sum.version);
    return rc == 0 ? TRUCE_OK : TRUCE_ERROR;
}

int truce_merge(truce_run *r, const char *out, const char *const *dirs, size_t n, int force)
{
    if (!out || (n && !dirs) || outdir_check(out, force, dirs, n, &r->d) != 0)
        return TRUCE_MISUSE;
    return merge_outputs(out, dirs, n, force, r->cancel, &r->d) == 0 ? TRUCE_OK : TRUCE_ERROR;
}

int truce_diff(truce_run *old, truce_run *new_, const char *out, int force)
{
    if (!old->compute_ok || !new_->compute_ok || !old->have_period || !out ||
        truce_check_out(old, out, force) != TRUCE_OK || truce_check_out(new_, out, force) != TRUCE_OK)
        return TRUCE_MISUSE;
    if (plandiff_check(&old->rs, &new_->rs, &old->per, &old->d) != 0)
        return TRUCE_ERROR;
    plandiff df;
    plandiff_compute(&df, &old->rs, &new_->rs, &old->per);
    int rc = plandiff_write(&df, out, force, (const char *const *)old->command, old->ncommand,
                            &old->d);
    if (rc == 0) {
        char text[PERIOD_TEXT_SIZE];
        period_format(&old->per, text);
        sb_reset(&old->text);
        plandiff_summary(&old->text, &df, text);
    }
    plandiff_free(&df);
    return rc == 0 ? TRUCE_OK : TRUCE_ERROR;
}

/* convert's check: the converted files through the pipeline (the batch alone without a plan),
   its messages moved back to the exports' lines. */
static int check_converted(truce_run *r, const convert_result *cv)
{
    batch_sources src;
    convert_sources(cv, &src);
    diag local;
    diag_init(&local);
    if (cv->plan_name) {
        run_options o = {.month = 0, .jobs = r->jobs};
        run_state rs;
        run_compute_sources(&rs, &src, &o, &local);
        run_free(&rs);
    } else {
        batch b;
        load_batch_sources(&b, &src, r->jobs, &local);
        load_batch_free(&b);
    }
    int failed = local.errors > 0;
    convert_relocate(cv, &local, &r->d);
    diag_free(&local);
    return failed ? -1 : 0;
}

/* "batch written to OUT: deals.csv 8800 rows, ..., plan.xml" */
static void convert_summary(strbuf *sb, const convert_result *cv, const char *out)
{
    const char *sep = " ";
    sb_printf(sb, "batch written to %s:", out);
    for (int t = 0; t < MAP_TARGETS; t++)
        if (cv->present[t]) {
            sb_printf(sb, "%s%s %zu rows", sep, mapping_target_file(t), cv->files[t].nrows);
            sep = ", ";
        }
    sb_puts(sb, cv->plan_name ? ", plan.xml" : "");
}

int truce_convert(truce_run *r, const char *map, const char *from, const char *plan_file,
                  const char *out, int force)
{
    const char *inputs[] = {map, from, plan_file};
    if (!map || !from || !out || outdir_check(out, force, inputs, 3, &r->d) != 0)
        return TRUCE_MISUSE;
    convert_result cv;
    memset(&cv, 0, sizeof cv);
    mapping *m = mapping_load_file(map, map, &r->d);
    int failed = !m || convert_exports(&cv, m, from, out, &r->d) != 0;
    if (plan_file && convert_add_plan(&cv, plan_file, &r->d) != 0)
        failed = 1;
    if (!failed)
        failed = check_converted(r, &cv) != 0;
    if (!failed)
        failed = convert_write(&cv, out, force, (const char *const *)r->command, r->ncommand,
                               r->cancel, &r->d) != 0;
    sb_reset(&r->text);
    if (!failed)
        convert_summary(&r->text, &cv, out);
    convert_result_free(&cv);
    mapping_free(m);
    return failed ? TRUCE_ERROR : TRUCE_OK;
}

int truce_close_period(truce_run *r, const char *run_dir, const char *books_dir)
{
    if (!run_dir || !books_dir)
        return TRUCE_MISUSE;
    books_closed c;
    int rc = books_close(run_dir, books_dir, &c, &r->d);
    sb_reset(&r->text);
    r->verify_outputs = c.files;
    r->untrued = (size_t)c.untrued;
    if (rc == 0) {
        char text[PERIOD_TEXT_SIZE];
        period_format(&c.per, text);
        if (c.untrued)
            diag_warn(&r->d, NULL, 0, 0, "%s was not run with --books %s: it did not true up "
                      "against %d earlier closed period%s of %d; the next run with --books does",
                      text, books_dir, c.untrued, c.untrued == 1 ? "" : "s", c.per.year);
        sb_printf(&r->text, "closed %s (plan %s): %zu files stored in %s", text, c.plan_id,
                  c.files, c.dir);
    }
    free(c.dir);
    return rc == 0 ? TRUCE_OK : TRUCE_ERROR;
}

int truce_books(truce_run *r, const char *books_dir)
{
    if (!books_dir)
        return TRUCE_MISUSE;
    books bk;
    sb_reset(&r->text);
    int failed = books_read(&bk, books_dir, 0, &r->d) != 0;
    if (!failed) {
        sb_printf(&r->text, "%-9s %-20s %-8s %7s %18s  %s\n", "period", "plan", "currency",
                  "payees", "payable", "record");
        for (size_t i = 0; i < bk.n; i++) {
            const closed_period *c = &bk.v[i];
            books_totals t;
            char text[PERIOD_TEXT_SIZE];
            period_format(&c->per, text);
            int ok = books_period_totals(c, &t, &r->d) == 0;
            failed |= !ok || !t.intact;
            sb_printf(&r->text, "%-9s %-20s %-8s %7zu %18s  %s\n", text, c->m.plan.id,
                      c->m.plan.currency ? c->m.plan.currency : "", t.payees, ok ? t.total : "?",
                      t.intact ? "intact" : "CHANGED since closed");
        }
        if (bk.n == 0)
            sb_puts(&r->text, "(no closed period)\n");
    }
    books_free(&bk);
    return failed ? TRUCE_ERROR : TRUCE_OK;
}
