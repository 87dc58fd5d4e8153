/*
 * truce.c - the pipeline: load, validate, credit, earn, write.
 *
 * Each stage runs only when the stages before it succeeded, except that the
 * plan and the batch are both loaded even if one of them fails, so that
 * `truce check` reports the problems of both at once.
 */
#include "truce/truce.h"
#include "truce/outdir.h"
#include "truce/report.h"
#include "truce/strbuf.h"

#include <string.h>
#include <time.h>

/* Monotonic seconds: stage timings only, so no clock reaches an output. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int truce_compute(truce_run *r, const batch_paths *paths, diag *d)
{
    memset(r, 0, sizeof *r);
    size_t before = d->errors;
    double t0 = now();
    if (paths->plan)
        r->plan = plan_load_file(paths->plan, paths->plan, d);
    else
        diag_error(d, NULL, 0, 0, "no plan given (--plan or --in)");
    int batch_ok = batch_load(&r->batch, paths, d) == 0;
    if (r->plan && r->batch.deals_csv.header)
        plan_bind(r->plan, (const char *const *)r->batch.deals_csv.header, r->batch.deals_csv.ncols, d);
    double t1 = now();
    r->t_read = t1 - t0;
    if (d->errors != before || !r->plan || !batch_ok)
        return -1;
    r->credited = 1;
    int failed = credit_batch(&r->credits, r->plan, &r->batch, d) != 0;
    double t2 = now();
    r->t_credit = t2 - t1;
    if (failed)
        return -1;
    r->earned = 1;
    failed = earn_all(&r->earnings, r->plan, &r->batch, &r->credits, d) != 0;
    r->t_earn = now() - t2;
    return failed ? -1 : 0;
}

static int write_statements(outdir *o, const report_ctx *rc, diag *d)
{
    if (outdir_mkdir(o, "statements", d))
        return -1;
    strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
    int ok = 0;
    for (size_t s = 0; s < rc->e->n && ok == 0; s++) {
        if (rc->e->v[s].role->ncomponents == 0)
            continue;  /* no row in payouts.csv, so no statement */
        sb_reset(&sb);
        sb_reset(&name);
        report_statement(&sb, rc, s);
        sb_printf(&name, "statements/%s.txt", rc->b->payees[rc->e->v[s].payee].id);
        ok = outdir_write(o, name.p, sb.p, sb.len, d);
    }
    sb_free(&sb);
    sb_free(&name);
    return ok;
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

int truce_write(truce_run *r, int month, const char *out, int force, diag *d)
{
    double t0 = now();
    report_ctx rc = {r->plan, &r->batch, &r->credits, &r->earnings, month};
    outdir o;
    int failed = outdir_begin(&o, out, d) != 0;
    if (!failed && (write_report(&o, "payouts.csv", report_payouts, &rc, d) ||
                    write_report(&o, "credits.csv", report_credits, &rc, d) ||
                    write_statements(&o, &rc, d) || outdir_commit(&o, force, d))) {
        outdir_abort(&o);
        failed = 1;
    }
    r->t_write = now() - t0;
    return failed ? -1 : 0;
}

void truce_run_free(truce_run *r)
{
    if (r->earned)
        earnings_free(&r->earnings);
    if (r->credited)
        credits_free(&r->credits);
    batch_free(&r->batch);
    if (r->plan)
        plan_free(r->plan);
    memset(r, 0, sizeof *r);
}
