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
#include "fitted.h"
#include "fx.h"
#include "load.h"
#include "outdir.h"
#include "payroll.h"
#include "report.h"
#include "shardrun.h"
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
    scoreacc sb;           /* the scoreboard's sums (scoreacc.h) */
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
        long si = r->parts ? shard_deal_lines(r->parts, &w->scratch.lines, di)
                           : credit_deal(&w->scratch, run_deal_plan(r, di), b, di, &w->d);
        r->deal_split[di] = si >= 0 ? (int32_t)si : -1;
        scoreacc_deal(&w->sb, run_deal_plan(r, di), b, di, si, &w->scratch.lines);
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
        /* Phase 2 of a two-phase run has part of each deal's lines: its scoreboard comes from
           the partitions (shardrun.h), so it gathers nothing here. */
        scoreacc_init(&w[j].sb, b, r->plan->year,
                      r->parts ? 0 : scoreboard_month(r->month_last, r->shard));
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
            scoreacc_merge(&w[0].sb, &w[j].sb);
        if (j > 0)
            earn_acc_merge(&acc, &w[j].acc);
        credits_append(&r->month_lines, &w[j].kept);
        diag_append(d, &w[j].d);
        r->in_scope += w[j].in_scope;
        r->out_of_scope += w[j].out_of_scope;
        r->unmatched += w[j].unmatched;
    }
    r->out_of_scope -= fitted_training_deals((const plan *const *)r->plans.v, r->plans.n, b);
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
        if (j > 0)
            scoreacc_free(&w[j].sb);
        diag_free(&w[j].d);
    }
    earn_acc_free(&acc);
    r->scoreboard = w[0].sb;
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

/* Binds the plan to the loaded batch, fits its data-driven models, then credits and earns (the
   stages after loading). */
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
    if (r->plan && batch_ok && (batch_ok = fitted_plans(r->plans.v, r->plans.n, &r->batch, d) == 0))
        fitted_record(&r->record.m, r->plans.v, r->plans.n, &r->batch);
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
    /* Only a run that writes needs the hashes (o->month 0 is `check`); phase 1 made a sharded
       run's (shardrun.h). */
    record_files(&r->record, paths, o->paid, o->command, o->ncommand, o->month != 0 && !o->parts);
    size_t before = d->errors;
    double t0 = now();
    load_plans_given(&r->plans, paths, d);
    r->jobs = job_count(o->jobs, (size_t)-1);
    r->parts = o->parts;
    int batch_ok = (o->parts ? shard_load_batch(&r->batch, paths, o->parts, r->jobs, d)
                             : load_batch(&r->batch, paths, r->jobs, d)) == 0;
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
    if (r->parts)
        return shard_write_scoreboard(o, r, month, d);  /* the shard's part, for merge */
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
    scoreboard_files(&csv, &html, r->plan, &r->batch, e, month, &r->scoreboard);
    int rc = outdir_write(o, SCOREBOARD_FILE, csv.p, csv.len, d);
    if (rc == 0)
        rc = outdir_write(o, SCOREBOARD_HTML, html.p, html.len, d);
    sb_free(&csv);
    sb_free(&html);
    if (e == &all)
        earnings_free(&all);
    return rc;
}

/* The run's files but the statements and the manifest, in this order; 0, or -1 (reported). */
static int write_run_files(outdir *o, const run_state *r, const report_ctx *rc, int month,
                           diag *d)
{
    /* The scoreboard is year to date through the period's last month (scoreboard.h). */
    if (write_report(o, "payouts.csv", report_payouts, rc, d) ||
        write_report(o, "credits.csv", report_credits, rc, d) ||
        write_report(o, PAYROLL_FILE, report_payroll, rc, d) ||
        (r->earnings.mechanics && write_report(o, LEDGER_FILE, report_ledger, rc, d)) ||
        write_scoreboard(o, r, month, d) || write_shard_mark(o, r->shard, d))
        return -1;
    return 0;
}

/*
 * The writing's parts share the payees out in chunks taken in order, so that
 * a thread that drew cheap statements takes more; part 0 writes the run's
 * other files first (write_run_files), beside the others' statements.
 * Messages are kept per chunk and joined in order, up to the first failure,
 * so what is reported does not depend on which thread wrote what.
 */
#define STATEMENT_CHUNK 16

typedef struct write_share {
    outdir *o;
    const run_state *r;
    const report_ctx *rc;
    int month;                 /* the scoreboard's: the period's last month */
    statement_kinds kinds;
    size_t nchunks;            /* 0: no statements to write */
    size_t next;               /* the next chunk to take (atomic) */
    int stop;                  /* set (atomic) once a part failed: take no more chunks */
    diag files_d;              /* part 0's other files */
    int files_failed;
    diag *chunk_d;             /* [nchunks] */
    char *chunk_failed;        /* [nchunks] */
} write_share;

/* The statement files of payee slot s; 0, or -1 (reported to d). */
static int write_statement(const write_share *w, size_t s, strbuf *sb, strbuf *name, diag *d)
{
    const report_ctx *rc = w->rc;
    const payee *py = &rc->b->payees[rc->e->v[s].payee];
    if (rc->e->v[s].role->ncomponents == 0)
        return 0;  /* no row in payouts.csv, so no statement */
    if (w->kinds != STATEMENTS_HTML) {
        sb_reset(sb);
        sb_reset(name);
        report_statement(sb, rc, s);
        sb_printf(name, "statements/%s.txt", py->id);
        if (outdir_write(w->o, name->p, sb->p, sb->len, d) != 0)
            return -1;
        if (w->kinds == STATEMENTS_TEXT)
            return 0;
    }
    /* The same statement as a page, beside it, when "ID.html" fits a file name (ids
       may be FIELD_MAX_FILE_ID bytes, which ".txt" fits but ".html" may not). */
    if (strlen(py->id) + sizeof ".html" - 1 > FIELD_MAX_FILE_ID + 4) {
        diag_warn(d, NULL, 0, 0, "payee %.40s...: id too long for statements/ID.html; %s", py->id,
                  w->kinds == STATEMENTS_HTML ? "no statement is written"
                                              : "only the text statement is written");
        return 0;
    }
    sb_reset(sb);
    sb_reset(name);
    report_statement_html(sb, rc, s);
    sb_printf(name, "statements/%s.html", py->id);
    return outdir_write(w->o, name->p, sb->p, sb->len, d) != 0 ? -1 : 0;
}

/* Part k of the writing (parallel.h): part 0's other files, then chunks of statements. */
static void write_part(void *ctx, int k)
{
    write_share *w = ctx;
    if (k == 0 && write_run_files(w->o, w->r, w->rc, w->month, &w->files_d) != 0) {
        w->files_failed = 1;
        __atomic_store_n(&w->stop, 1, __ATOMIC_RELAXED);
    }
    strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
    size_t n = w->rc->e->n;
    for (;;) {
        if (__atomic_load_n(&w->stop, __ATOMIC_RELAXED))
            break;
        size_t c = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED);
        if (c >= w->nchunks)
            break;
        size_t to = (c + 1) * STATEMENT_CHUNK < n ? (c + 1) * STATEMENT_CHUNK : n;
        for (size_t s = c * STATEMENT_CHUNK; s < to; s++) {
            progress_add(w->r->progress, 1);
            if (write_statement(w, s, &sb, &name, &w->chunk_d[c]) != 0) {
                w->chunk_failed[c] = 1;
                __atomic_store_n(&w->stop, 1, __ATOMIC_RELAXED);
                break;
            }
        }
    }
    sb_free(&sb);
    sb_free(&name);
}

/*
 * Every file but manifest.xml.  The messages are those of writing them one
 * after the other: the other files' first, then the statements' up to the
 * first that failed.  0, or -1 (reported).
 */
static int write_files(outdir *o, const run_state *r, const report_ctx *rc, int month, diag *d)
{
    size_t n = rc->e->n;
    diag dir_d;
    diag_init(&dir_d);
    int have_dir = outdir_mkdir(o, "statements", &dir_d) == 0;
    write_share w = {o, r, rc, month, r->statements, 0, 0, 0, {0}, 0, NULL, NULL};
    if (have_dir && r->statements != STATEMENTS_NONE)
        w.nchunks = (n + STATEMENT_CHUNK - 1) / STATEMENT_CHUNK;
    else
        progress_add(r->progress, n);  /* none to write */
    diag_init(&w.files_d);
    w.chunk_d = xcalloc(w.nchunks ? w.nchunks : 1, sizeof *w.chunk_d);
    w.chunk_failed = xcalloc(w.nchunks ? w.nchunks : 1, 1);
    for (size_t c = 0; c < w.nchunks; c++)
        diag_init(&w.chunk_d[c]);
    parallel_run(parallel_parts(r->jobs, n, 64), write_part, &w);
    diag_append(d, &w.files_d);
    int failed = w.files_failed;
    if (!failed && !have_dir) {
        diag_append(d, &dir_d);
        failed = 1;
    }
    for (size_t c = 0; c < w.nchunks; c++) {
        if (!failed) {
            diag_append(d, &w.chunk_d[c]);
            failed = w.chunk_failed[c];
        }
        diag_free(&w.chunk_d[c]);
    }
    diag_free(&w.files_d);
    diag_free(&dir_d);
    free(w.chunk_d);
    free(w.chunk_failed);
    return failed ? -1 : 0;
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
    static const char *const kinds_name[] = {NULL, "text", "html", "none"};
    free(r->record.m.statements);  /* what was asked, for manifest.xml (none: all) */
    r->record.m.statements = kinds_name[r->statements] ? xstrdup(kinds_name[r->statements]) : NULL;
    progress_enter(r->progress, PROGRESS_WRITE, r->earnings.n);
    if (write_files(o, r, &rc, per->last, d) || write_manifest(o, r, per, d))
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
    scoreacc_free(&r->scoreboard);
    free(r->deal_split);
    load_batch_free(&r->batch);
    plan_set_free(&r->plans);
    r->plan = NULL;
    memset(r, 0, sizeof *r);
}
