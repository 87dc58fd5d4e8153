/*
 * merge.c - `truce merge`: the outputs of N shards joined into one run's.
 *
 * Every payee's rows and statement come from exactly one shard, so joining
 * is sorting: payouts.csv by payee_id (a payee's rows keep their plan order),
 * credits.csv by deal_id, role, campaign_id, payee_id — the contract's
 * orders — re-written with the same quoting rules.  Each shard's SHARD file
 * proves which shard it is, so a missing or repeated shard is an error
 * instead of a silently short payroll.  payroll.csv is merged by payee_id
 * like payouts.csv; scoreboard.csv, per campaign, comes whole from shard 0,
 * or, from the shards of a two-phase run, is added up from each shard's
 * part (shardscore.h).  The shards' manifests must record one run (the same
 * engine, command, period, plan and inputs); the merged manifest is that
 * record without a shard, listing the merged files, which is what the
 * unsharded run writes.
 */
#include "run.h"
#include "report.h"
#include "scoreboard.h"
#include "shardscore.h"
#include "merge.h"
#include "csv.h"
#include "manifest.h"
#include "outdir.h"
#include "payroll.h"
#include "readfile.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char PAYOUTS_HEADER[] = "period,payee_id,role,component_id,amount";
static const char CREDITS_HEADER[] = "deal_id,close_date,role,campaign_id,payee_id,credit";

static char *path_in(const char *dir, const char *name)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", dir, name);
    return sb_detach(&sb);
}

/* Reads a whole file of a shard's output; NULL and reported when it cannot. */
static char *slurp(const char *path, size_t *len, diag *d)
{
    strbuf sb = STRBUF_INIT;
    if (read_whole_file(&sb, path, (size_t)OUTDIR_MAX_FILE, NULL, d) != 0) {
        sb_free(&sb);
        return NULL;
    }
    *len = sb.len;
    return sb_detach(&sb);
}

/* Checks that the dirs are shards 0..N-1 of one run, each once. */
static int check_shards(const char *const *dirs, size_t ndirs, diag *d)
{
    unsigned n0 = 0;
    unsigned char *seen = NULL;
    int ok = 0;
    for (size_t i = 0; i < ndirs && ok == 0; i++) {
        char *path = path_in(dirs[i], TRUCE_SHARD_FILE);
        size_t len;
        char *text = slurp(path, &len, d);
        unsigned k, n;
        char nl;
        if (!text) {
            ok = -1;
        } else if (sscanf(text, "%u/%u%c", &k, &n, &nl) != 3 || nl != '\n' || k >= n) {
            diag_error(d, path, 1, 0, "not a shard mark (K/N)");
            ok = -1;
        } else if (i > 0 && n != n0) {
            diag_error(d, path, 1, 0, "shard %u/%u, but %s is a shard of %u", k, n, dirs[0], n0);
            ok = -1;
        } else {
            if (i == 0) {
                n0 = n;
                seen = xcalloc(n, 1);
            }
            if (seen[k]++) {
                diag_error(d, path, 1, 0, "shard %u/%u is given twice", k, n);
                ok = -1;
            }
        }
        free(text);
        free(path);
    }
    if (ok == 0 && ndirs != n0) {
        for (unsigned k = 0; k < n0; k++)
            if (!seen[k])
                diag_error(d, NULL, 0, 0, "shard %u/%u is missing", k, n0);
        ok = -1;
    }
    free(seen);
    return ok;
}

/* ---- CSV rows from every shard ------------------------------------------------ */

typedef struct row_ref {
    const csv_table *t;
    size_t row;
    size_t shard;            /* tie-breakers: keep each shard's order */
} row_ref;

typedef struct merged {
    csv_table *tables;
    size_t ntables;
    row_ref *rows;
    size_t nrows;
} merged;

static int header_is(const csv_table *t, const char *want)
{
    strbuf sb = STRBUF_INIT;
    for (size_t c = 0; c < t->ncols; c++) {
        if (c)
            sb_putc(&sb, ',');
        sb_puts(&sb, t->header[c]);
    }
    int same = sb.p && strcmp(sb.p, want) == 0;
    sb_free(&sb);
    return same;
}

static int read_rows(merged *m, const char *const *dirs, size_t ndirs, const char *name,
                     const char *header, diag *d)
{
    m->tables = xcalloc(ndirs, sizeof *m->tables);
    m->ntables = ndirs;
    int ok = 0;
    size_t total = 0;
    for (size_t i = 0; i < ndirs; i++) {
        char *path = path_in(dirs[i], name);
        if (csv_read_file(&m->tables[i], path, path, d) != 0) {
            ok = -1;
        } else if (!header_is(&m->tables[i], header)) {
            diag_error(d, path, 1, 0, "header is not %s", header);
            ok = -1;
        }
        total += m->tables[i].nrows;
        free(path);
    }
    m->rows = xmalloc((total ? total : 1) * sizeof *m->rows);
    m->nrows = 0;
    for (size_t i = 0; i < ndirs; i++)
        for (size_t r = 0; r < m->tables[i].nrows; r++)
            m->rows[m->nrows++] = (row_ref){&m->tables[i], r, i};
    return ok;
}

static void merged_free(merged *m)
{
    for (size_t i = 0; i < m->ntables; i++)
        csv_table_free(&m->tables[i]);
    free(m->tables);
    free(m->rows);
}

static int by_shard_order(const row_ref *a, const row_ref *b)
{
    if (a->shard != b->shard)
        return a->shard < b->shard ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* payouts.csv: payee_id (column 2); a payee's rows keep their plan order. */
static int payout_order(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    int c = strcmp(csv_cell(a->t, a->row, 1), csv_cell(b->t, b->row, 1));
    return c ? c : by_shard_order(a, b);
}

/* The rank of a credits.csv role: closer, marketing, overlay, manager (credit.h's order). */
static int role_rank(const char *name)
{
    static const char *const order[] = {"closer", "marketing", "overlay", "manager"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, order[i]) == 0)
            return i;
    return 4;
}

/* credits.csv: deal_id, role, campaign_id (empty first), payee_id (empty first). */
static int credit_order(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    int c = strcmp(csv_cell(a->t, a->row, 0), csv_cell(b->t, b->row, 0));
    if (c)
        return c;
    int ra = role_rank(csv_cell(a->t, a->row, 2)), rb = role_rank(csv_cell(b->t, b->row, 2));
    if (ra != rb)
        return ra < rb ? -1 : 1;
    for (size_t col = 3; col <= 4; col++) {
        c = strcmp(csv_cell(a->t, a->row, col), csv_cell(b->t, b->row, col));
        if (c)
            return c;
    }
    return by_shard_order(a, b);
}

/* ledger.csv: payee_id (column 2); a payee's rows come from one shard, in its order. */
static int ledger_order(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    int c = strcmp(csv_cell(a->t, a->row, 1), csv_cell(b->t, b->row, 1));
    return c ? c : by_shard_order(a, b);
}

/* Does shard directory dir hold file name?  (ledger.csv is written only for pay mechanics.) */
static int has_file(const char *dir, const char *name)
{
    strbuf p = STRBUF_INIT;
    sb_printf(&p, "%s/%s", dir, name);
    int yes = access(p.p, F_OK) == 0;
    sb_free(&p);
    return yes;
}

/* payroll.csv: payee_id (column 1), one row per payee. */
static int payroll_order(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    int c = strcmp(csv_cell(a->t, a->row, 0), csv_cell(b->t, b->row, 0));
    return c ? c : by_shard_order(a, b);
}

static void put_rows(strbuf *sb, const char *header, const merged *m)
{
    sb_puts(sb, header);
    sb_putc(sb, '\n');
    for (size_t i = 0; i < m->nrows; i++) {
        const row_ref *r = &m->rows[i];
        for (size_t c = 0; c < r->t->ncols; c++) {
            if (c)
                sb_putc(sb, ',');
            sb_put_csv_field(sb, csv_cell(r->t, r->row, c));
        }
        sb_putc(sb, '\n');
    }
}

static int merge_csv(outdir *o, const char *const *dirs, size_t ndirs, const char *name,
                     const char *header, int (*order)(const void *, const void *), diag *d)
{
    merged m;
    int ok = read_rows(&m, dirs, ndirs, name, header, d);
    if (ok == 0) {
        qsort(m.rows, m.nrows, sizeof *m.rows, order);
        strbuf sb = STRBUF_INIT;
        put_rows(&sb, header, &m);
        ok = outdir_write(o, name, sb.p ? sb.p : "", sb.len, d);
        sb_free(&sb);
    }
    merged_free(&m);
    return ok;
}

/* Every payouts row of every shard is for one period. */
static int check_one_period(const char *const *dirs, size_t ndirs, diag *d)
{
    merged m;
    int ok = read_rows(&m, dirs, ndirs, "payouts.csv", PAYOUTS_HEADER, d);
    for (size_t i = 1; ok == 0 && i < m.nrows; i++)
        if (strcmp(csv_cell(m.rows[i].t, m.rows[i].row, 0), csv_cell(m.rows[0].t, m.rows[0].row, 0))) {
            diag_error(d, m.rows[i].t->file, m.rows[i].t->line[m.rows[i].row], 1,
                       "period %s differs from %s in %s", csv_cell(m.rows[i].t, m.rows[i].row, 0),
                       csv_cell(m.rows[0].t, m.rows[0].row, 0), m.rows[0].t->file);
            ok = -1;
        }
    merged_free(&m);
    return ok;
}

/* ---- manifests ---------------------------------------------------------------- */

/* A manifest's record of the run itself, without its shard and its outputs, and its XML. */
static int run_of(const char *dir, manifest *run, strbuf *xml, diag *d)
{
    char *path = path_in(dir, MANIFEST_FILE);
    int ok = manifest_read(run, path, d);
    if (ok == 0) {
        run->shard_k = run->shard_n = 0;
        for (size_t i = 0; i < run->noutputs; i++)
            free(run->outputs[i].path);
        run->noutputs = 0;
        ok = manifest_write(xml, run, path, d);
    }
    free(path);
    return ok;
}

/* Every shard's manifest records the same run; *first receives it (to free). */
static int check_manifests(const char *const *dirs, size_t ndirs, manifest *first, diag *d)
{
    strbuf want = STRBUF_INIT, got = STRBUF_INIT;
    int ok = run_of(dirs[0], first, &want, d);
    for (size_t i = 1; i < ndirs && ok == 0; i++) {
        manifest other;
        sb_reset(&got);
        if (run_of(dirs[i], &other, &got, d) != 0) {
            ok = -1;
        } else if (got.len != want.len || memcmp(got.p, want.p, got.len) != 0) {
            diag_error(d, dirs[i], 0, 0, "%s records another run than %s/%s (the engine, command, "
                       "period, plan or inputs differ)", MANIFEST_FILE, dirs[0], MANIFEST_FILE);
            ok = -1;
        }
        manifest_free(&other);
    }
    if (ok != 0)
        manifest_free(first);
    sb_free(&want);
    sb_free(&got);
    return ok;
}

/* The unsharded run's manifest: the shards' record, listing the merged files. */
static int write_manifest(outdir *o, manifest *run, diag *d)
{
    size_t n;
    const outdir_entry *files = outdir_files(o, &n);
    for (size_t i = 0; i < n; i++)
        manifest_add_output(run, files[i].rel, files[i].size, files[i].sha256);
    manifest_sort_outputs(run);
    strbuf sb = STRBUF_INIT;
    int ok = manifest_write(&sb, run, MANIFEST_FILE, d);
    if (ok == 0)
        ok = outdir_write(o, MANIFEST_FILE, sb.p, sb.len, d);
    sb_free(&sb);
    return ok;
}

/* ---- scoreboard ------------------------------------------------------------- */

/* scoreboard.csv and .html are written whole by one shard (shard 0, truce.c), so merging copies them. */
static int copy_whole(outdir *o, const char *const *dirs, size_t ndirs, const char *name, diag *d)
{
    int found = 0, ok = 0;
    for (size_t i = 0; i < ndirs && ok == 0; i++) {
        char *src = path_in(dirs[i], name);
        if (access(src, F_OK) == 0) {
            size_t len;
            char *text = slurp(src, &len, d);
            /* O_EXCL again: the file in two shards is an error. */
            ok = text ? outdir_write(o, name, text, len, d) : -1;
            found = 1;
            free(text);
        }
        free(src);
    }
    if (ok == 0 && !found) {
        diag_error(d, NULL, 0, 0, "no shard holds %s (shard 0 writes it)", name);
        ok = -1;
    }
    return ok;
}

static int copy_scoreboard(outdir *o, const char *const *dirs, size_t ndirs, diag *d)
{
    return copy_whole(o, dirs, ndirs, SCOREBOARD_FILE, d) ||
           copy_whole(o, dirs, ndirs, SCOREBOARD_HTML, d);
}

/* ---- statements ------------------------------------------------------------- */

static int copy_statements(outdir *o, const char *const *dirs, size_t ndirs, diag *d)
{
    if (outdir_mkdir(o, "statements", d))
        return -1;
    int ok = 0;
    for (size_t i = 0; i < ndirs && ok == 0; i++) {
        char *sdir = path_in(dirs[i], "statements");
        DIR *dir = opendir(sdir);
        if (!dir) {
            diag_error(d, sdir, 0, 0, "cannot open: %s", strerror(errno));
            free(sdir);
            return -1;
        }
        struct dirent *e;
        while (ok == 0 && (e = readdir(dir))) {
            if (e->d_name[0] == '.')
                continue;
            char *src = path_in(sdir, e->d_name);
            char *rel = path_in("statements", e->d_name);
            size_t len;
            char *text = slurp(src, &len, d);
            /* outdir_write creates with O_EXCL, so a statement in two shards is an error. */
            ok = text ? outdir_write(o, rel, text, len, d) : -1;
            free(text);
            free(src);
            free(rel);
        }
        closedir(dir);
        free(sdir);
    }
    return ok;
}

int merge_outputs(const char *out, const char *const *dirs, size_t ndirs, int force,
                const volatile sig_atomic_t *cancel, diag *d)
{
    if (ndirs == 0) {
        diag_error(d, NULL, 0, 0, "merge needs the output directories of the shards");
        return -1;
    }
    manifest run;
    if (check_shards(dirs, ndirs, d) || check_one_period(dirs, ndirs, d) ||
        check_manifests(dirs, ndirs, &run, d))
        return -1;
    outdir o;
    int ok = outdir_begin(&o, out, d);
    if (ok == 0) {
        o.cancel = cancel;
        if (merge_csv(&o, dirs, ndirs, "payouts.csv", PAYOUTS_HEADER, payout_order, d) ||
            merge_csv(&o, dirs, ndirs, "credits.csv", CREDITS_HEADER, credit_order, d) ||
            merge_csv(&o, dirs, ndirs, PAYROLL_FILE, PAYROLL_HEADER, payroll_order, d) ||
            (has_file(dirs[0], LEDGER_FILE) &&
             merge_csv(&o, dirs, ndirs, LEDGER_FILE, LEDGER_HEADER, ledger_order, d)) ||
            (shardscore_present(dirs[0]) ? shardscore_merge(&o, dirs, ndirs, &run, d)
                                         : copy_scoreboard(&o, dirs, ndirs, d)) ||
            copy_statements(&o, dirs, ndirs, d) ||
            write_manifest(&o, &run, d) ||
            outdir_commit(&o, force, d)) {
            outdir_abort(&o);
            ok = -1;
        }
    }
    manifest_free(&run);
    return ok;
}
