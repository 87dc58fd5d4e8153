/*
 * truce.c - the pipeline: load, validate, credit, earn, write.
 *
 * The plan and the batch are both loaded even if one of them fails, so that
 * `truce check` reports the problems of both at once.  Crediting and earning
 * stream the deals once: each thread credits a contiguous range of deals and
 * adds them to its own accumulator; accumulators, kept lines and messages are
 * then merged in deal order, so the result is the same for any thread count.
 * Meanwhile a thread of the run's record hashes the input files for
 * manifest.xml, which run_write writes last, listing every other output.
 */
#include "run.h"
#include "parallel.h"
#include "pay.h"
#include "lint.h"
#include "scoreboard.h"
#include "adjustments.h"
#include "fields.h"
#include "fx.h"
#include "load.h"
#include "outdir.h"
#include "payroll.h"
#include "report.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Monotonic seconds: stage timings only, so no clock reaches an output. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- crediting and earning, one range of deals per thread ------------------ */

typedef struct worker {
    run_state *r;
    int month, month_last; /* the reported period's months */
    uint32_t from, to;     /* deals [from, to) */
    credit_scratch scratch;
    earn_acc acc;
    credits kept;          /* lines of the period's deals */
    diag d;
    size_t in_scope, out_of_scope, unmatched;
} worker;

/* Part j of the crediting (parallel.h): worker j's range of deals. */
static void work(void *ctx, int j)
{
    worker *w = &((worker *)ctx)[j];
    run_state *r = w->r;
    const batch *b = &r->batch;
    for (uint32_t di = w->from; di < w->to; di++) {
        if (((di - w->from) & (PROGRESS_STEP - 1)) == PROGRESS_STEP - 1)
            progress_add(r->progress, PROGRESS_STEP);  /* one atomic add per step, not per deal */
        long si = credit_deal(&w->scratch, run_deal_plan(r, di), b, di, &w->d);
        r->deal_split[di] = si >= 0 ? (int32_t)si : -1;
        if (si == CREDIT_OUT_OF_SCOPE) {
            w->out_of_scope++;
            continue;
        }
        w->in_scope++;
        w->unmatched += si == CREDIT_NO_SPLIT;
        if (si < 0)
            continue;
        const credits *lines = &w->scratch.lines;
        earn_accumulate(&w->acc, &r->earnings, r->plan, b, di, lines->lines, lines->n, &w->d);
        if (b->deals[di].month >= w->month && b->deals[di].month <= w->month_last)
            credits_append(&w->kept, lines);
    }
    progress_add(r->progress, (w->to - w->from) % PROGRESS_STEP);
}

/* Tiny batches are not worth a thread each: one per 1024 deals at most. */
static int job_count(int jobs, size_t ndeals)
{
    return parallel_parts(jobs, ndeals, 1024);
}

/* One warning per overlay role that left deals without a covering payee (not one per deal:
   a region nobody covers is usually deliberate). */
static void warn_uncovered(const batch *b, credit_scratch *const *sc, int n, diag *d)
{
    for (int j = 0; j < n; j++)
        for (size_t i = 0; i < sc[j]->nuncovered; i++) {
            const char *role_id = sc[j]->uncovered[i].role;
            int seen = 0;
            for (int k = 0; k < j && !seen; k++)
                for (size_t u = 0; u < sc[k]->nuncovered && !seen; u++)
                    seen = strcmp(sc[k]->uncovered[u].role, role_id) == 0;
            if (seen)
                continue;  /* counted with the first worker that met it */
            size_t deals = 0;
            for (int k = j; k < n; k++)
                for (size_t u = 0; u < sc[k]->nuncovered; u++)
                    if (strcmp(sc[k]->uncovered[u].role, role_id) == 0)
                        deals += sc[k]->uncovered[u].deals;
            diag_warn(d, b->deals_csv.file, 0, 0,
                      "%zu deal%s had no payee of overlay role '%s' covering them (territories.csv); "
                      "their overlay credit went to nobody", deals, deals == 1 ? "" : "s", role_id);
        }
}

/* Events.csv rows the clawback policies did not act on, one summary each (they may be many). */
static void warn_ignored_events(const earnings *e, const batch *b, diag *d)
{
    static const char *const why[3] = {
        "dated after the plan year (they belong to next year's run)",
        "later than their commission's clawback within-days",
        "on commissions without a <clawback> policy",
    };
    for (int i = 0; i < 3; i++)
        if (e->ignored_events[i])
            diag_warn(d, b->events_csv.file, 0, 0,
                      "%zu clawback%s not made (an event counts once for each payee and "
                      "commission it reaches): %s",
                      e->ignored_events[i], e->ignored_events[i] == 1 ? "" : "s", why[i]);
}

/* Does any version of the plan have a commission with a clawback policy (clawback) or a
   release other than booking (!clawback)? */
static int plan_uses(const earnings *e, int clawback)
{
    for (int m = 1; m <= EARN_MONTHS; m++)
        for (size_t r = 0; r < e->version[m]->nroles; r++)
            for (size_t k = 0; k < e->version[m]->roles[r].ncomponents; k++) {
                const component *c = &e->version[m]->roles[r].components[k];
                if (c->kind == COMP_COMMISSION &&
                    (clawback ? c->clawback != CLAWBACK_NONE : c->release != RELEASE_BOOKING))
                    return 1;
            }
    return 0;
}

/* events.csv or payments.csv that no commission reads change no figure: said once each, since
   finance supplied them expecting an effect. */
static void warn_unused_files(const earnings *e, const batch *b, diag *d)
{
    size_t ne = b->events_csv.nrows, np = b->payments_csv.nrows;
    if (ne && !plan_uses(e, 1))
        diag_warn(d, b->events_csv.file, 0, 0, "no commission has a <clawback> policy, so its "
                  "%zu event%s claw%s nothing back", ne, ne == 1 ? "" : "s", ne == 1 ? "s" : "");
    if (np && !plan_uses(e, 0))
        diag_warn(d, b->payments_csv.file, 0, 0, "no commission holds pay until payment "
                  "(release), so its %zu payment%s change%s nothing", np, np == 1 ? "" : "s",
                  np == 1 ? "s" : "");
}

/* Credits every deal and accumulates earnings; finishes them only when nothing failed. */
static void credit_and_earn(run_state *r, const run_options *o, int finish, size_t before,
                            diag *d)
{
    const batch *b = &r->batch;
    int jobs = job_count(o->jobs, b->ndeals);
    worker *w = xcalloc((size_t)jobs, sizeof *w);
    for (int j = 0; j < jobs; j++) {
        w[j].r = r;
        w[j].month = r->month;
        w[j].month_last = r->month_last;
        w[j].from = (uint32_t)(b->ndeals * (size_t)j / (size_t)jobs);
        w[j].to = (uint32_t)(b->ndeals * (size_t)(j + 1) / (size_t)jobs);
        credit_scratch_init(&w[j].scratch);
        earn_acc_init(&w[j].acc, &r->earnings);
        credits_init(&w[j].kept);
        diag_init(&w[j].d);
    }
    parallel_run(jobs, work, w);

    earn_acc acc = w[0].acc;
    credits_init(&r->month_lines);
    credit_scratch *sc[256];
    for (int j = 0; j < jobs; j++)
        sc[j] = &w[j].scratch;
    warn_uncovered(b, sc, jobs, d);
    for (int j = 0; j < jobs; j++) {
        if (j > 0)
            earn_acc_merge(&acc, &w[j].acc);
        credits_append(&r->month_lines, &w[j].kept);
        diag_append(d, &w[j].d);
        r->in_scope += w[j].in_scope;
        r->out_of_scope += w[j].out_of_scope;
        r->unmatched += w[j].unmatched;
    }
    if (r->out_of_scope)
        diag_warn(d, b->deals_csv.file, 0, 0, "%zu deal%s closing outside %d ignored",
                  r->out_of_scope, r->out_of_scope == 1 ? "" : "s", r->plan->year);
    progress_enter(r->progress, PROGRESS_EARN, r->earnings.n);
    if (finish && d->errors == before) {
        /* The stages in order: earning, then paying what was earned. */
        earn_finish(&r->earnings, &acc, r->plan, b, &r->month_lines, o->month);
        pay_finish(&r->earnings, r->plan, b);
        warn_ignored_events(&r->earnings, b, d);
        warn_unused_files(&r->earnings, b, d);
    }
    progress_add(r->progress, r->earnings.n);
    for (int j = 0; j < jobs; j++) {
        if (j > 0)
            earn_acc_free(&w[j].acc);
        credit_scratch_free(&w[j].scratch);
        credits_free(&w[j].kept);
        diag_free(&w[j].d);
    }
    earn_acc_free(&acc);
    free(w);
}

/*
 * The paid history: --paid's rows and the books' closed periods before the run's period.
 * Books that hold nothing before it leave the history empty (given 0), so that a run with
 * --books and one without give the same bytes when nothing was closed.  The closed periods'
 * manifests join the run's inputs once the hashing thread is done (run_end).
 */
static void load_paid(run_state *r, const run_options *o, diag *d)
{
    period per;
    if (period_make(&per, r->plan->year, r->month, r->month_last) != 0) {
        diag_error(d, NULL, 0, 0, "months %d to %d are not a period (" PERIOD_FORMS ")",
                   r->month, r->month_last);
        return;
    }
    paid_begin(&r->paid, r->plan, &r->batch, &r->earnings, &per);
    if (o->paid)
        paid_add_file(&r->paid, o->paid, d);
    if (o->books && books_read(&r->books, o->books, 1, d) == 0) {
        r->closed = xmalloc((r->books.n + 1) * sizeof *r->closed);
        books_true_up(&r->books, r->plan, &per, &r->paid, r->closed, &r->nclosed, d);
    }
    paid_end(&r->paid, d);
    if (!o->paid && r->nclosed == 0)
        paid_free(&r->paid);
}

/* Binds the plan to the loaded batch, then credits and earns (the stages after loading). */
static int compute_loaded(run_state *r, int batch_ok, const run_options *o, size_t before,
                          double t0, diag *d)
{
    r->plan = r->plans.n ? r->plans.v[0] : NULL;
    if (r->plan && r->batch.deals_csv.header && !field_wrong_separator(&r->batch.deals_csv))
        plan_set_bind(&r->plans, (const char *const *)r->batch.deals_csv.header,
                      r->batch.deals_csv.ncols, d);
    if (r->plan && batch_ok)
        batch_ok = fx_convert(&r->batch, r->plan->currency, r->plan->year, d) == 0;
    if (r->plan && batch_ok)
        batch_ok = adjustments_check(&r->batch, r->plan, d) == 0;
    double t1 = now();
    r->t_read = t1 - t0;
    if (d->errors != before || !r->plan || !batch_ok)
        return -1;
    /* Quota problems do not stop crediting: check reports them with any evaluation error. */
    r->prepared = 1;
    const plan *version[EARN_MONTHS + 1];
    for (int m = 0; m <= EARN_MONTHS; m++)
        version[m] = plan_set_at(&r->plans, m ? m : 1);
    int prepared = earn_prepare_versions(&r->earnings, version, &r->batch, o->shard, d) == 0;
    if ((o->paid || o->books) && o->month)
        load_paid(r, o, d);
    r->credited = 1;
    r->deal_split = xmalloc((r->batch.ndeals ? r->batch.ndeals : 1) * sizeof *r->deal_split);
    r->shard = o->shard;
    progress_enter(r->progress, PROGRESS_CREDIT, r->batch.ndeals);
    credit_and_earn(r, o, prepared, before, d);
    r->t_credit = now() - t1;
    return d->errors != before ? -1 : 0;
}

/* What every computation starts with: its progress counters and its record. */
static void run_begin(run_state *r, const run_options *o)
{
    memset(r, 0, sizeof *r);
    r->progress = o->progress;
    if (o->month >= 1 && o->month <= 12) {
        r->month = o->month;
        r->month_last = o->month_last > o->month ? o->month_last : o->month;
        if (r->month_last > 12)
            r->month_last = 12;
    }
    progress_enter(r->progress, PROGRESS_READ, 0);
    record_init(&r->record);
}

/* The inputs' hashes are in once the hashing thread is joined; a problem it met fails the run.
   The closed periods trued up against are inputs too: their manifests, as they were read. */
static int run_end(run_state *r, int rc, diag *d)
{
    if (record_wait(&r->record, rc == 0 ? d : NULL) != 0)
        rc = -1;
    for (size_t i = 0; i < r->nclosed; i++) {
        const closed_period *c = &r->books.v[r->closed[i]];
        manifest_file *f = manifest_add_input(&r->record.m, "closed", c->manifest_path);
        f->size = c->manifest_size;
        memcpy(f->sha256, c->manifest_sha256, sizeof f->sha256);
    }
    return rc;
}

int run_compute(run_state *r, const batch_paths *paths, const run_options *o, diag *d)
{
    run_begin(r, o);
    /* Only a run that writes needs the hashes (o->month 0 is `check`). */
    record_files(&r->record, paths, o->paid, o->command, o->ncommand, o->month != 0);
    size_t before = d->errors;
    double t0 = now();
    if (paths->nplans)
        plan_set_load(&r->plans, paths->plans, paths->nplans, d);
    else if (paths->plan)
        plan_set_load(&r->plans, &paths->plan, 1, d);
    else
        diag_error(d, NULL, 0, 0, "no plan given (--plan or --in)");
    if (!paths->roster)
        diag_error(d, NULL, 0, 0, "no roster given (--roster or --in)");
    if (!paths->deals)
        diag_error(d, NULL, 0, 0, "no deals given (--deals or --in)");
    r->jobs = job_count(o->jobs, (size_t)-1);
    int batch_ok = load_batch(&r->batch, paths, r->jobs, d) == 0;
    return run_end(r, compute_loaded(r, batch_ok, o, before, t0, d), d);
}

int run_compute_sources(run_state *r, const batch_sources *src, const run_options *o,
                          diag *d)
{
    run_begin(r, o);
    record_sources(&r->record, src, o->paid, o->command, o->ncommand);
    size_t before = d->errors;
    double t0 = now();
    if (src->plan.data) {
        plan *p = plan_load_memory(src->plan.data, src->plan.len, src->plan.name, d);
        if (p)
            plan_set_adopt(&r->plans, &p, 1, d);
    } else
        diag_error(d, src->plan.name, 0, 0, "no plan given");
    r->jobs = job_count(o->jobs, (size_t)-1);
    int batch_ok = load_batch_sources(&r->batch, src, r->jobs, d) == 0;
    return run_end(r, compute_loaded(r, batch_ok, o, before, t0, d), d);
}

const plan *run_deal_plan(const run_state *r, uint32_t di)
{
    return plan_set_at(&r->plans, r->batch.deals[di].month);
}

void run_payout_period(mpz_t out, const run_state *r, size_t slot, size_t comp, int first,
                         int last)
{
    paid_payable_period(out, &r->paid, &r->earnings, slot, comp, first, last);
}

void run_payout(mpz_t out, const run_state *r, size_t slot, size_t comp, int month)
{
    run_payout_period(out, r, slot, comp, month, month);
}

/* ---- writing -------------------------------------------------------------- */

typedef struct statement_job {
    outdir *o;
    const report_ctx *rc;
    progress_counters *progress;
    size_t from, to;       /* payee slots */
    diag d;
    int failed;
} statement_job;

/* Part k of the writing (parallel.h): formats and writes the statements of slots [from, to). */
static void write_statement_range(void *ctx, int k)
{
    statement_job *j = &((statement_job *)ctx)[k];
    strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
    for (size_t s = j->from; s < j->to && !j->failed; s++) {
        progress_add(j->progress, 1);
        if (j->rc->e->v[s].role->ncomponents == 0)
            continue;  /* no row in payouts.csv, so no statement */
        sb_reset(&sb);
        sb_reset(&name);
        report_statement(&sb, j->rc, s);
        sb_printf(&name, "statements/%s.txt", j->rc->b->payees[j->rc->e->v[s].payee].id);
        j->failed = outdir_write(j->o, name.p, sb.p, sb.len, &j->d) != 0;
        if (j->failed)
            break;
        /* The same statement as a page, beside it, when "ID.html" fits a file name (ids
           may be FIELD_MAX_FILE_ID bytes, which ".txt" fits but ".html" may not). */
        const payee *py = &j->rc->b->payees[j->rc->e->v[s].payee];
        if (strlen(py->id) + sizeof ".html" - 1 > FIELD_MAX_FILE_ID + 4) {
            diag_warn(&j->d, NULL, 0, 0, "payee %.40s...: id too long for statements/ID.html; "
                      "only the text statement is written", py->id);
            continue;
        }
        sb_reset(&sb);
        sb_reset(&name);
        report_statement_html(&sb, j->rc, s);
        sb_printf(&name, "statements/%s.html", py->id);
        j->failed = outdir_write(j->o, name.p, sb.p, sb.len, &j->d) != 0;
    }
    sb_free(&sb);
    sb_free(&name);
}

/* Statements are independent, so threads share them out by payee. */
static int write_statements(outdir *o, const report_ctx *rc, int jobs, progress_counters *progress,
                            diag *d)
{
    if (outdir_mkdir(o, "statements", d))
        return -1;
    size_t n = rc->e->n;
    jobs = parallel_parts(jobs, n, 64);
    statement_job *j = xcalloc((size_t)jobs, sizeof *j);
    for (int k = 0; k < jobs; k++) {
        j[k] = (statement_job){o, rc, progress, n * (size_t)k / (size_t)jobs,
                               n * (size_t)(k + 1) / (size_t)jobs, {0}, 0};
        diag_init(&j[k].d);
    }
    parallel_run(jobs, write_statement_range, j);
    int failed = 0;
    for (int k = 0; k < jobs; k++) {
        diag_append(d, &j[k].d);
        diag_free(&j[k].d);
        failed |= j[k].failed;
    }
    free(j);
    return failed ? -1 : 0;
}

static int write_report(outdir *o, const char *rel, void (*fn)(strbuf *, const report_ctx *),
                        const report_ctx *rc, diag *d)
{
    strbuf sb = STRBUF_INIT;
    fn(&sb, rc);
    int ok = outdir_write(o, rel, sb.p, sb.len, d);
    sb_free(&sb);
    return ok;
}

/* A sharded run says which shard it is, so that `truce merge` can check it has them all. */
static int write_shard_mark(outdir *o, shard sh, diag *d)
{
    if (sh.n == 0)
        return 0;  /* not sharded (--shard 0/1 still marks its output, for merge) */
    char text[32];
    int n = snprintf(text, sizeof text, "%u/%u\n", sh.k, sh.n);
    return outdir_write(o, TRUCE_SHARD_FILE, text, (size_t)n, d);
}

/*
 * scoreboard.csv is per campaign, not per payee, so one shard writes it:
 * shard 0, which earns every payee again for it (crediting reads every deal
 * in every shard anyway); the other shards write none, and merge copies it.
 */
static int write_scoreboard(outdir *o, const run_state *r, int month, diag *d)
{
    if (r->shard.n > 1 && r->shard.k != 0)
        return 0;
    earnings all;
    const earnings *e = &r->earnings;
    if (r->shard.n > 1) {
        if (scoreboard_earnings_versions(&all, r->earnings.version, &r->batch) != 0) {
            diag_error(d, NULL, 0, 0, "scoreboard: the earnings of other shards' payees failed");
            return -1;
        }
        e = &all;
    }
    strbuf csv = STRBUF_INIT, html = STRBUF_INIT;
    scoreboard_files(&csv, &html, r->plan, &r->batch, e, month);
    int rc = outdir_write(o, SCOREBOARD_FILE, csv.p, csv.len, d);
    if (rc == 0)
        rc = outdir_write(o, SCOREBOARD_HTML, html.p, html.len, d);
    sb_free(&csv);
    sb_free(&html);
    if (e == &all)
        earnings_free(&all);
    return rc;
}

/* manifest.xml: written last, so that it lists (and hashes) the bytes of every other output. */
static int write_manifest(outdir *o, const run_state *r, const period *per, diag *d)
{
    size_t n;
    const outdir_entry *files = outdir_files(o, &n);
    strbuf sb = STRBUF_INIT;
    int rc = record_manifest(&sb, &r->record, TRUCE_VERSION, r->plan, per, r->shard, files, n, d);
    if (rc == 0)
        rc = outdir_write(o, MANIFEST_FILE, sb.p, sb.len, d);
    sb_free(&sb);
    return rc;
}

/* The period must be the plan year's and its lines kept by run_compute; -1 (reported) if not. */
static int check_period(const run_state *r, const period *per, diag *d)
{
    char text[PERIOD_TEXT_SIZE];
    period_format(per, text);
    if (per->year != r->plan->year) {
        diag_error(d, NULL, 0, 0, "period %s is outside the plan year %d", text, r->plan->year);
        return -1;
    }
    if (!r->month || per->first < r->month || per->last > r->month_last) {
        diag_error(d, NULL, 0, 0, "period %s was not computed: run_options.month and "
                   "month_last must cover its months", text);
        return -1;
    }
    return 0;
}

int run_write_outdir(run_state *r, const period *per, outdir *o, diag *d)
{
    if (check_period(r, per, d) != 0)
        return -1;
    report_ctx rc = {r->plan, &r->batch, &r->month_lines, &r->earnings, *per, r->shard, &r->paid, 1};
    progress_enter(r->progress, PROGRESS_WRITE, r->earnings.n);
    /* The scoreboard is year to date through the period's last month (scoreboard.h). */
    if (write_report(o, "payouts.csv", report_payouts, &rc, d) ||
        write_report(o, "credits.csv", report_credits, &rc, d) ||
        write_report(o, PAYROLL_FILE, report_payroll, &rc, d) ||
        (r->earnings.mechanics && write_report(o, LEDGER_FILE, report_ledger, &rc, d)) ||
        write_scoreboard(o, r, per->last, d) || write_shard_mark(o, r->shard, d) ||
        write_statements(o, &rc, r->jobs, r->progress, d) || write_manifest(o, r, per, d))
        return -1;
    return 0;
}

int run_write(run_state *r, const period *per, const char *out, int force, diag *d)
{
    double t0 = now();
    outdir o;
    int failed = outdir_begin(&o, out, d) != 0;
    o.cancel = r->cancel;
    if (!failed && (run_write_outdir(r, per, &o, d) || outdir_commit(&o, force, d))) {
        outdir_abort(&o);
        failed = 1;
    }
    r->t_write = now() - t0;
    return failed ? -1 : 0;
}


void run_free(run_state *r)
{
    record_free(&r->record);
    paid_free(&r->paid);
    books_free(&r->books);
    free(r->closed);
    if (r->prepared)
        earnings_free(&r->earnings);
    credits_free(&r->month_lines);
    free(r->deal_split);
    load_batch_free(&r->batch);
    plan_set_free(&r->plans);
    r->plan = NULL;
    memset(r, 0, sizeof *r);
}
