/*
 * shardrun.c - phase 1 of a sharded run, and phase 2's hooks into truce.c
 * (shardrun.h).
 *
 * Phase 1 reads every per-deal file once, keeping its shard's records
 * (dealrows.c), and the small files whole; the usual loader checks them
 * (its messages moved back to the files' lines), and crediting is the
 * usual credit_deal, a range of deals per thread.  Each thread writes the
 * partitions of its range; the ranges are joined in deal order, so a
 * partition lists deals in file order whatever the threads.  The inputs
 * are hashed on a thread meanwhile, input i by task i mod N.
 */
#include "shardrun.h"
#include "dealrows.h"
#include "digest.h"
#include "earn.h"
#include "fx.h"
#include "outdir.h"
#include "parallel.h"
#include "planset.h"
#include "readfile.h"
#include "run.h"
#include "scoreboard.h"
#include "shardscore.h"
#include "strbuf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The files phase 1 reads its shard's records of. */
enum { R_DEALS, R_TOUCHES, R_SPLITS, R_EVENTS, R_PAYMENTS, R_N };

struct credit_shard {
    unsigned k, n;
    int month_last;              /* the scoreboard's month */
    plan_set plans;
    const plan *plan;
    batch batch;
    int loaded;                  /* batch holds something to free */
    dealrows rows[R_N];
    int has[R_N];
    run_record record;           /* command and inputs (sizes; hashes of this task's share) */
    pthread_t hasher;
    int hashing;
    diag hash_d;
    unsigned *payee_shard;       /* per roster payee: its payee shard */
    strbuf *part;                /* n partitions */
    size_t *deal_at;             /* deal di's payee shards: deal_shards[deal_at[di] .. [di+1]) */
    unsigned *deal_shards;
    size_t in_scope;
};

/* ---- inputs: sizes, and this task's share hashed ----------------------------------- */

static void *hash_share(void *arg)
{
    credit_shard *cs = arg;
    manifest *m = &cs->record.m;
    for (size_t i = 0; i < m->ninputs; i++)
        if (i % cs->n == cs->k)
            digest_file(m->inputs[i].sha256, &m->inputs[i].size, m->inputs[i].path, &cs->hash_d);
    return NULL;
}

/* Records the inputs (every one's size now) and starts hashing this task's share. */
static void record_inputs(credit_shard *cs, const batch_paths *paths, const run_options *o)
{
    record_init(&cs->record);
    record_files(&cs->record, paths, o->paid, o->command, o->ncommand, 0);
    diag_init(&cs->hash_d);
    manifest *m = &cs->record.m;
    for (size_t i = 0; i < m->ninputs; i++) {
        struct stat st;
        if (stat(m->inputs[i].path, &st) == 0)
            m->inputs[i].size = (uint64_t)st.st_size;
    }
    cs->hashing = pthread_create(&cs->hasher, NULL, hash_share, cs) == 0;
    if (!cs->hashing)
        hash_share(cs);  /* no thread to be had: hash here, it only costs time */
}

static int hashes_wait(credit_shard *cs, diag *d)
{
    if (cs->hashing)
        pthread_join(cs->hasher, NULL);
    cs->hashing = 0;
    size_t errors = cs->hash_d.errors;
    diag_append(d, &cs->hash_d);
    diag_free(&cs->hash_d);
    diag_init(&cs->hash_d);
    return errors ? -1 : 0;
}

/* ---- loading the shard's batch -------------------------------------------------------- */

/* A small file read whole into a source; data NULL (and reported) when it cannot be read. */
static void whole(batch_source *src, strbuf *sb, const char *path, diag *d)
{
    *src = (batch_source){path, NULL, 0};
    if (!path)
        return;
    if (read_whole_file(sb, path, READ_NO_CAP, NULL, d) == 0)
        *src = (batch_source){path, sb->p ? sb->p : "", sb->len};
}

/* The loader's lines are the kept records' own again: the csv table's and the deals'. */
static void own_lines(csv_table *t, const dealrows *r)
{
    if (t->line && t->nrows == r->n)
        for (size_t i = 0; i < r->n; i++)
            t->line[i] = r->v[i].line;
}

static int load_rows(credit_shard *cs, const batch_paths *paths, diag *d)
{
    const char *path[R_N] = {paths->deals, paths->touches, paths->splits, paths->events,
                             paths->payments};
    int ok = 0;
    for (int f = 0; f < R_N; f++) {
        cs->has[f] = path[f] != NULL;
        if (cs->has[f] && dealrows_read(&cs->rows[f], path[f], path[f], cs->k, cs->n, d) != 0)
            ok = -1;
    }
    return ok;
}

static batch_source rows_source(const credit_shard *cs, int f)
{
    if (!cs->has[f])
        return (batch_source){NULL, NULL, 0};
    const dealrows *r = &cs->rows[f];
    return (batch_source){r->map.file, r->text.p ? r->text.p : "", r->text.len};
}

/* The shard's batch, its messages at the files' lines. */
static int load_shard_batch(credit_shard *cs, const batch_paths *paths, int jobs, diag *d)
{
    strbuf held[4] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    batch_sources src;
    memset(&src, 0, sizeof src);
    size_t before = d->errors;
    whole(&src.roster, &held[0], paths->roster, d);
    whole(&src.campaigns, &held[1], paths->campaigns, d);
    whole(&src.territories, &held[2], paths->territories, d);
    whole(&src.fx, &held[3], paths->fx, d);
    src.deals = rows_source(cs, R_DEALS);
    src.touches = rows_source(cs, R_TOUCHES);
    src.splits = rows_source(cs, R_SPLITS);
    src.events = rows_source(cs, R_EVENTS);
    src.payments = rows_source(cs, R_PAYMENTS);
    int ok = d->errors == before;
    if (ok) {
        diag local;
        diag_init(&local);
        load_batch_sources(&cs->batch, &src, jobs, &local);
        cs->loaded = 1;
        linemap *maps[R_N];
        for (int f = 0; f < R_N; f++)
            maps[f] = cs->has[f] ? &cs->rows[f].map : NULL;
        linemap_relocate(maps, R_N, &local);
        ok = local.errors == 0;
        diag_append(d, &local);
        diag_free(&local);
    }
    for (int i = 0; i < 4; i++)
        sb_free(&held[i]);
    if (!ok)
        return -1;
    batch *b = &cs->batch;
    own_lines(&b->deals_csv, &cs->rows[R_DEALS]);
    for (size_t i = 0; i < b->ndeals && b->ndeals == cs->rows[R_DEALS].n; i++)
        b->deals[i].line = cs->rows[R_DEALS].v[i].line;
    own_lines(&b->splits_csv, &cs->rows[R_SPLITS]);
    own_lines(&b->events_csv, &cs->rows[R_EVENTS]);
    own_lines(&b->payments_csv, &cs->rows[R_PAYMENTS]);
    return 0;
}

/* ---- crediting --------------------------------------------------------------------------- */

typedef struct credit_job {
    credit_shard *cs;
    uint32_t from, to;           /* deals [from, to) */
    credit_scratch scratch;
    score_tally tally;
    strbuf *part;                /* n: this range's share of each partition */
    unsigned *shards;            /* the deals' payee shards, in deal order */
    size_t nshards, capshards;
    diag d;
    size_t in_scope, out_of_scope;
} credit_job;

static void push_shard(credit_job *j, unsigned s)
{
    if (j->nshards == j->capshards) {
        j->capshards = j->capshards ? 2 * j->capshards : 1024;
        j->shards = xrealloc(j->shards, j->capshards * sizeof *j->shards);
    }
    j->shards[j->nshards++] = s;
}

/* Payee shard of a line: its payee's; nobody's lines go with shard 0 (as report.c's rows). */
static unsigned line_shard(const credit_shard *cs, const credit_line *l)
{
    return l->payee >= 0 ? cs->payee_shard[l->payee] : 0;
}

/* Deal di into partition s: its record, its lines of s, and the campaigns' weights on it when
   s holds one of its closer lines. */
static void put_deal(credit_job *j, uint32_t di, long si, unsigned s)
{
    const credit_shard *cs = j->cs;
    const dealrow *dr = &cs->rows[R_DEALS].v[di];
    const credits *c = &j->scratch.lines;
    strbuf *sb = &j->part[s];
    part_put_deal(sb, dr->row, dr->line, si, cs->rows[R_DEALS].text.p + dr->at, dr->len);
    int closer = 0;
    for (size_t i = 0; i < c->n; i++)
        if (line_shard(cs, &c->lines[i]) == s) {
            part_put_line(sb, &c->lines[i]);
            closer |= c->lines[i].role == CREDIT_CLOSER && c->lines[i].payee >= 0;
        }
    for (size_t i = 0; closer && i < j->tally.nw; i++)
        part_put_weight(sb, j->tally.wc[i], j->tally.ww[i]);
}

/* The deal goes to each payee shard its lines credit, once each, in the order first met. */
static void route_deal(credit_job *j, uint32_t di, long si)
{
    const credits *c = &j->scratch.lines;
    size_t first = j->nshards;
    for (size_t i = 0; i < c->n; i++) {
        unsigned s = line_shard(j->cs, &c->lines[i]);
        size_t k = first;
        while (k < j->nshards && j->shards[k] != s)
            k++;
        if (k < j->nshards)
            continue;
        push_shard(j, s);
        put_deal(j, di, si, s);
    }
}

/* Part j of the crediting (parallel.h): job j's range of deals. */
static void credit_range(void *ctx, int part)
{
    credit_job *j = &((credit_job *)ctx)[part];
    credit_shard *cs = j->cs;
    const batch *b = &cs->batch;
    for (uint32_t di = j->from; di < j->to; di++) {
        cs->deal_at[di] = j->nshards;  /* relative to the job: made absolute when joined */
        const plan *v = plan_set_at(&cs->plans, b->deals[di].month);
        long si = credit_deal(&j->scratch, v, b, di, &j->d);
        if (si == CREDIT_OUT_OF_SCOPE) {
            j->out_of_scope++;
            continue;
        }
        j->in_scope++;
        score_tally_deal(&j->tally, v, b, di, cs->month_last, si, &j->scratch.lines);
        if (si >= 0)
            route_deal(j, di, si);
    }
}

/* One warning per overlay role that left deals without a covering payee (truce.c's words). */
static void warn_uncovered(const batch *b, const credit_job *w, int n, diag *d)
{
    for (int j = 0; j < n; j++)
        for (size_t i = 0; i < w[j].scratch.nuncovered; i++) {
            const char *role_id = w[j].scratch.uncovered[i].role;
            int seen = 0;
            for (int k = 0; k < j && !seen; k++)
                for (size_t u = 0; u < w[k].scratch.nuncovered && !seen; u++)
                    seen = strcmp(w[k].scratch.uncovered[u].role, role_id) == 0;
            if (seen)
                continue;
            size_t deals = 0;
            for (int k = j; k < n; k++)
                for (size_t u = 0; u < w[k].scratch.nuncovered; u++)
                    if (strcmp(w[k].scratch.uncovered[u].role, role_id) == 0)
                        deals += w[k].scratch.uncovered[u].deals;
            diag_warn(d, b->deals_csv.file, 0, 0,
                      "%zu deal%s had no payee of overlay role '%s' covering them (territories.csv); "
                      "their overlay credit went to nobody", deals, deals == 1 ? "" : "s", role_id);
        }
}

/* The partitions' heads: the files phase 2 rebuilds from them. */
static void begin_parts(credit_shard *cs)
{
    static const int carried[PART_FILES] = {R_DEALS, R_EVENTS, R_PAYMENTS};
    cs->part = xcalloc(cs->n, sizeof *cs->part);
    for (unsigned s = 0; s < cs->n; s++) {
        part_put_begin(&cs->part[s], cs->k, cs->n, s);
        for (int f = 0; f < PART_FILES; f++)
            if (cs->has[carried[f]])
                part_put_head(&cs->part[s], (part_file)f, cs->rows[carried[f]].text.p,
                              cs->rows[carried[f]].head_len);
    }
}

/* The jobs' shares joined in deal order; their counts, tallies and messages too. */
static void join_jobs(credit_shard *cs, credit_job *w, int jobs, score_tally *tally, diag *d)
{
    size_t total = 0;
    for (int j = 0; j < jobs; j++)
        total += w[j].nshards;
    cs->deal_shards = xmalloc((total ? total : 1) * sizeof *cs->deal_shards);
    size_t base = 0, out_of_scope = 0;
    for (int j = 0; j < jobs; j++) {
        for (uint32_t di = w[j].from; di < w[j].to; di++)
            cs->deal_at[di] += base;
        if (w[j].nshards)
            memcpy(cs->deal_shards + base, w[j].shards, w[j].nshards * sizeof *w[j].shards);
        base += w[j].nshards;
        for (unsigned s = 0; s < cs->n; s++) {
            if (w[j].part[s].len)
                sb_putn(&cs->part[s], w[j].part[s].p, w[j].part[s].len);
            sb_free(&w[j].part[s]);  /* now, not with the job: the partitions are most of a
                                        task's memory, and would be held twice */
        }
        score_tally_merge(tally, &w[j].tally);
        diag_append(d, &w[j].d);
        cs->in_scope += w[j].in_scope;
        out_of_scope += w[j].out_of_scope;
    }
    cs->deal_at[cs->batch.ndeals] = base;
    warn_uncovered(&cs->batch, w, jobs, d);
    if (out_of_scope)
        diag_warn(d, cs->batch.deals_csv.file, 0, 0, "%zu deal%s closing outside %d ignored",
                  out_of_scope, out_of_scope == 1 ? "" : "s", cs->plan->year);
}

static void credit_deals(credit_shard *cs, int jobs_wanted, score_tally *tally, diag *d)
{
    const batch *b = &cs->batch;
    int jobs = parallel_parts(jobs_wanted, b->ndeals, 1024);
    credit_job *w = xcalloc((size_t)jobs, sizeof *w);
    cs->deal_at = xmalloc((b->ndeals + 1) * sizeof *cs->deal_at);
    for (int j = 0; j < jobs; j++) {
        w[j].cs = cs;
        w[j].from = (uint32_t)(b->ndeals * (size_t)j / (size_t)jobs);
        w[j].to = (uint32_t)(b->ndeals * (size_t)(j + 1) / (size_t)jobs);
        credit_scratch_init(&w[j].scratch);
        score_tally_init(&w[j].tally, b->ncampaigns);
        w[j].part = xcalloc(cs->n, sizeof *w[j].part);
        diag_init(&w[j].d);
    }
    parallel_run(jobs, credit_range, w);
    join_jobs(cs, w, jobs, tally, d);
    for (int j = 0; j < jobs; j++) {
        credit_scratch_free(&w[j].scratch);
        score_tally_free(&w[j].tally);
        for (unsigned s = 0; s < cs->n; s++)
            sb_free(&w[j].part[s]);
        free(w[j].part);
        free(w[j].shards);
        diag_free(&w[j].d);
    }
    free(w);
}

/* Events and payments go with their deal, to each of its shards, in file order. */
static void route_rows(credit_shard *cs, int f, part_file pf)
{
    const dealrows *r = &cs->rows[f];
    for (size_t i = 0; cs->has[f] && i < r->n; i++) {
        long di = idmap_get(&cs->batch.deal_ids, r->keys.p + r->v[i].key_at);
        if (di < 0)
            continue;  /* not a deal of the batch: the loader refused it already */
        for (size_t s = cs->deal_at[di]; s < cs->deal_at[di + 1]; s++)
            part_put_row(&cs->part[cs->deal_shards[s]], pf, r->v[i].row, r->v[i].line,
                         r->text.p + r->v[i].at, r->v[i].len);
    }
}

/* Each campaign's tallies go to the shard of its owner (shard 0 when it has none). */
static void put_tallies(credit_shard *cs, score_tally *t)
{
    mpq_t attr, revenue, credit;
    mpq_inits(attr, revenue, credit, NULL);
    for (size_t c = 0; c < t->n; c++) {
        qsum_value(&t->won_attr[c], attr);
        qsum_value(&t->revenue[c], revenue);
        qsum_value(&t->credit[c], credit);
        if (!t->touched[c] && !t->won[c] && !mpq_sgn(attr) && !mpq_sgn(revenue) && !mpq_sgn(credit))
            continue;
        int32_t owner = cs->batch.campaigns[c].owner;
        unsigned s = owner >= 0 ? cs->payee_shard[owner] : 0;
        part_put_campaign(&cs->part[s], (uint32_t)c, t->touched[c], t->won[c], attr, revenue,
                          credit);
    }
    mpq_clears(attr, revenue, credit, NULL);
}

/* Binds the plan to the shard's deals and converts their currencies (truce.c's first steps). */
static int prepare(credit_shard *cs, diag *d)
{
    size_t before = d->errors;
    cs->plan = cs->plans.v[0];
    batch *b = &cs->batch;
    if (b->deals_csv.header)
        plan_set_bind(&cs->plans, (const char *const *)b->deals_csv.header, b->deals_csv.ncols, d);
    if (d->errors == before)
        fx_convert(b, cs->plan->currency, cs->plan->year, d);
    cs->payee_shard = xmalloc((b->npayees ? b->npayees : 1) * sizeof *cs->payee_shard);
    for (size_t i = 0; i < b->npayees; i++)
        cs->payee_shard[i] = shard_of(b->payees[i].id, cs->n);
    return d->errors == before ? 0 : -1;
}

int credit_shard_run(credit_shard **out, const batch_paths *paths, const run_options *o, diag *d)
{
    credit_shard *cs = *out = xcalloc(1, sizeof *cs);
    cs->n = o->shard.n ? o->shard.n : 1;
    cs->k = o->shard.k;
    cs->month_last = o->month_last > o->month ? o->month_last : o->month;
    record_inputs(cs, paths, o);
    size_t before = d->errors;
    int jobs = parallel_parts(o->jobs, (size_t)-1, 1024);
    load_plans_given(&cs->plans, paths, d);
    int ok = d->errors == before;
    if (ok && load_rows(cs, paths, d) == 0 && load_shard_batch(cs, paths, jobs, d) == 0 &&
        prepare(cs, d) == 0) {
        score_tally tally;
        score_tally_init(&tally, cs->batch.ncampaigns);
        begin_parts(cs);
        credit_deals(cs, jobs, &tally, d);
        route_rows(cs, R_EVENTS, PART_EVENTS);
        route_rows(cs, R_PAYMENTS, PART_PAYMENTS);
        put_tallies(cs, &tally);
        for (unsigned s = 0; s < cs->n; s++)
            part_put_end(&cs->part[s]);
        score_tally_free(&tally);
    }
    if (hashes_wait(cs, d) != 0)
        ok = 0;
    return ok && d->errors == before ? 0 : -1;
}

size_t credit_shard_deals(const credit_shard *cs, int in_scope)
{
    return in_scope ? cs->in_scope : cs->batch.ndeals;
}

const plan *credit_shard_plan(const credit_shard *cs)
{
    return cs->plans.n ? cs->plans.v[0] : NULL;
}

/* inputs.csv: every input's name, path, size, and hash when this task made it. */
static void inputs_csv(strbuf *sb, const credit_shard *cs)
{
    sb_puts(sb, "name,path,size,sha256\n");
    const manifest *m = &cs->record.m;
    for (size_t i = 0; i < m->ninputs; i++) {
        sb_put_csv_field(sb, m->inputs[i].name);
        sb_putc(sb, ',');
        sb_put_csv_field(sb, m->inputs[i].path);
        sb_printf(sb, ",%llu,%s\n", (unsigned long long)m->inputs[i].size,
                  i % cs->n == cs->k ? m->inputs[i].sha256 : "");
    }
}

static int write_parts(outdir *o, const credit_shard *cs, const period *per, diag *d)
{
    char text[32];
    int n = snprintf(text, sizeof text, "%u/%u\n", cs->k, cs->n);
    strbuf sb = STRBUF_INIT;
    inputs_csv(&sb, cs);
    int rc = outdir_write(o, PARTS_TASK_FILE, text, (size_t)n, d) ||
             outdir_write(o, PARTS_INPUTS_FILE, sb.p, sb.len, d);
    for (unsigned s = 0; s < cs->n && rc == 0; s++) {
        parts_file_name(text, sizeof text, s);
        rc = outdir_write(o, text, cs->part[s].p, cs->part[s].len, d);
    }
    if (rc == 0) {
        size_t nfiles;
        const outdir_entry *files = outdir_files(o, &nfiles);
        sb_reset(&sb);
        const manifest *m = &cs->record.m;
        rc = record_outputs_manifest(&sb, TRUCE_VERSION, (const char *const *)m->command,
                                     m->ncommand, per, files, nfiles, d);
        if (rc == 0)
            rc = outdir_write(o, MANIFEST_FILE, sb.p, sb.len, d);
    }
    sb_free(&sb);
    return rc ? -1 : 0;
}

int credit_shard_write(const credit_shard *cs, const period *per, const char *out, int force,
                       const volatile sig_atomic_t *cancel, diag *d)
{
    if (!cs->part)
        return -1;
    outdir o;
    if (outdir_begin(&o, out, d) != 0)
        return -1;
    o.cancel = cancel;
    if (write_parts(&o, cs, per, d) || outdir_commit(&o, force, d)) {
        outdir_abort(&o);
        return -1;
    }
    return 0;
}

void credit_shard_free(credit_shard *cs)
{
    if (!cs)
        return;
    if (cs->hashing)
        pthread_join(cs->hasher, NULL);
    diag_free(&cs->hash_d);
    record_free(&cs->record);
    if (cs->loaded)
        load_batch_free(&cs->batch);
    plan_set_free(&cs->plans);
    for (int f = 0; f < R_N; f++)
        if (cs->has[f])
            dealrows_free(&cs->rows[f]);
    for (unsigned s = 0; cs->part && s < cs->n; s++)
        sb_free(&cs->part[s]);
    free(cs->part);
    free(cs->payee_shard);
    free(cs->deal_at);
    free(cs->deal_shards);
    free(cs);
}

/* ---- phase 2 -------------------------------------------------------------------------- */

/* File f of the shard's batch: its head, then the partitions' records in file order. */
static void rebuild(strbuf *sb, linemap *map, const parts *p, part_file f)
{
    sb_putn(sb, p->head[f], p->head_len[f]);
    linemap_add(map, 1, 1);
    long line = 1 + dealrows_count_lines(p->head[f], p->head_len[f]);
    size_t n = f == PART_DEALS ? p->ndeals : p->nrows[f];
    for (size_t i = 0; i < n; i++) {
        const part_record *r = f == PART_DEALS ? &p->deals[i].rec : &p->rows[f][i];
        sb_putn(sb, r->bytes, r->len);
        linemap_add(map, line, r->line);
        line += dealrows_count_lines(r->bytes, r->len);
    }
}

/* Loading the rebuilt files again warns as phase 1 did, which said it already: their errors
   only (there should be none: phase 1 checked them); the other files' messages all. */
static void keep_errors(diag *into, const diag *from, linemap *const *maps, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < from->n; i++) {
        const diag_entry *e = &from->v[i];
        int rebuilt = 0;
        for (size_t m = 0; m < n && e->file; m++)
            rebuilt |= maps[m] && strcmp(e->file, maps[m]->file) == 0;
        if (e->level == DIAG_ERROR) {
            diag_error(into, e->file, e->line, e->col, "%s", e->msg);
            kept++;
        } else if (!rebuilt) {
            diag_warn(into, e->file, e->line, e->col, "%s", e->msg);
        }
    }
    into->errors += from->errors - kept;  /* those past DIAG_MAX_KEPT still count */
}

/* Every index a partition names must be the batch's: lines, weights and tallies. */
static int check_indices(const parts *p, const batch *b, diag *d)
{
    int ok = 1;
    for (size_t i = 0; i < p->nlines && ok; i++)
        ok = p->lines[i].payee < (int32_t)b->npayees && p->lines[i].campaign < (int32_t)b->ncampaigns;
    for (size_t i = 0; i < p->nweights && ok; i++)
        ok = p->weights[i].campaign < b->ncampaigns;
    for (size_t i = 0; i < p->ntallies && ok; i++)
        ok = p->tallies[i].campaign < b->ncampaigns;
    if (!ok)
        diag_error(d, NULL, 0, 0, "a partition names a payee or campaign the batch does not have: "
                   "the partitions are not this batch's");
    return ok ? 0 : -1;
}

int shard_load_batch(batch *b, const batch_paths *paths, const parts *p, int jobs, diag *d)
{
    strbuf held[5], part[PART_FILES];
    for (int i = 0; i < 5; i++)
        sb_init(&held[i]);
    batch_sources src;
    memset(&src, 0, sizeof src);
    whole(&src.roster, &held[0], paths->roster, d);
    whole(&src.campaigns, &held[1], paths->campaigns, d);
    whole(&src.quotas, &held[2], paths->quotas, d);
    whole(&src.fx, &held[3], paths->fx, d);
    whole(&src.adjustments, &held[4], paths->adjustments, d);
    const char *path[PART_FILES] = {paths->deals, paths->events, paths->payments};
    batch_source *slot[PART_FILES] = {&src.deals, &src.events, &src.payments};
    linemap map[PART_FILES], *maps[PART_FILES];
    for (int f = 0; f < PART_FILES; f++) {
        sb_init(&part[f]);
        maps[f] = NULL;
        if (!path[f] || !p->has[f])
            continue;
        linemap_init(&map[f], path[f]);
        maps[f] = &map[f];
        rebuild(&part[f], &map[f], p, (part_file)f);
        *slot[f] = (batch_source){path[f], part[f].p ? part[f].p : "", part[f].len};
    }
    diag local;
    diag_init(&local);
    int ok = load_batch_sources(b, &src, jobs, &local);
    linemap_relocate(maps, PART_FILES, &local);
    keep_errors(d, &local, maps, PART_FILES);
    diag_free(&local);
    if (ok == 0 && b->ndeals != p->ndeals) {
        diag_error(d, paths->deals, 0, 0, "the partitions' deals did not load as phase 1 read "
                   "them");
        ok = -1;
    }
    if (ok == 0)
        ok = check_indices(p, b, d);
    for (size_t i = 0; ok == 0 && i < b->ndeals; i++) {
        b->deals[i].line = p->deals[i].rec.line;
        b->deals_csv.line[i] = p->deals[i].rec.line;
    }
    for (int f = PART_EVENTS; f < PART_FILES && ok == 0; f++) {
        csv_table *t = f == PART_EVENTS ? &b->events_csv : &b->payments_csv;
        for (size_t i = 0; maps[f] && t->line && i < t->nrows && t->nrows == p->nrows[f]; i++)
            t->line[i] = p->rows[f][i].line;
    }
    for (int f = 0; f < PART_FILES; f++) {
        sb_free(&part[f]);
        if (maps[f])
            linemap_free(&map[f]);
    }
    for (int i = 0; i < 5; i++)
        sb_free(&held[i]);
    return ok;
}

long shard_deal_lines(const parts *p, credits *lines, uint32_t di)
{
    const part_deal *pd = &p->deals[di];
    lines->n = 0;
    for (uint32_t i = 0; i < pd->nlines; i++) {
        const part_line *pl = &p->lines[pd->line0 + i];
        credit_line *l = credits_push(lines, di, pl->payee, pl->campaign, pl->role);
        mpq_set_str(l->credit, pl->credit, 10);
    }
    return pd->split;
}

int shard_write_scoreboard(struct outdir *o, const run_state *r, int month, diag *d)
{
    const parts *p = r->parts;
    const batch *b = &r->batch;
    score_partial s;
    score_partial_init(&s, &r->earnings, b->ncampaigns, month);
    mpq_t a, v, c;
    mpq_inits(a, v, c, NULL);
    for (size_t i = 0; i < p->ntallies; i++) {
        const part_tally *t = &p->tallies[i];
        mpq_set_str(a, t->won_attr, 10);
        mpq_set_str(v, t->revenue, 10);
        mpq_set_str(c, t->credit, 10);
        score_partial_tally(&s, t->campaign, t->touched, t->won, a, v, c);
    }
    credits lines;
    credits_init(&lines);
    for (uint32_t di = 0; di < p->ndeals; di++) {
        const part_deal *pd = &p->deals[di];
        if (!pd->nweights)
            continue;
        shard_deal_lines(p, &lines, di);
        score_partial_closer_begin(&s, &r->earnings, lines.lines, lines.n);
        for (uint32_t w = 0; w < pd->nweights; w++) {
            mpq_set_str(a, p->weights[pd->weight0 + w].w, 10);
            score_partial_weight(&s, p->weights[pd->weight0 + w].campaign, a);
        }
    }
    credits_free(&lines);
    strbuf csv = STRBUF_INIT;
    score_partial_csv(&csv, &s, b, &r->earnings);
    int rc = outdir_write(o, SCORE_PART_FILE, csv.p ? csv.p : "", csv.len, d);
    sb_free(&csv);
    mpq_clears(a, v, c, NULL);
    score_partial_free(&s);
    return rc;
}

void shard_fill_record(const parts *p, run_record *rec)
{
    manifest *m = &rec->m;
    for (size_t i = 0; i < m->ninputs && i < p->inputs.ninputs; i++) {
        const manifest_file *f = &p->inputs.inputs[i];
        if (strcmp(m->inputs[i].name, f->name) || strcmp(m->inputs[i].path, f->path))
            continue;
        m->inputs[i].size = f->size;
        memcpy(m->inputs[i].sha256, f->sha256, sizeof f->sha256);
    }
}
