/*
 * verify.c - `truce verify`: is this output directory what its inputs give?
 *
 * Two steps, in the order an auditor asks them.  Are the inputs the ones the
 * run read?  Every input the manifest names is hashed again; a change is
 * reported naming the file, and nothing is recomputed from it.  Are the
 * outputs what those inputs give?  The run is computed again with the
 * manifest's period, shard and paid history, and written into an outdir
 * whose sink compares each file with the one on disk instead of writing it
 * (outdir.h), manifest.xml last; then the directory must hold nothing else.
 * The first difference is reported with its file and line.
 */
#include "verify.h"
#include "run.h"
#include "manifest.h"
#include "outdir.h"
#include "readfile.h"
#include "strbuf.h"
#include "tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Longest line quoted in a message. */
#define QUOTE_MAX 160

/* ---- comparing outputs -------------------------------------------------------- */

typedef enum { DIFF_CONTENT, DIFF_MISSING, DIFF_EXTRA } diff_kind;

typedef struct difference {
    diff_kind kind;
    char *rel;
    long line;            /* DIFF_CONTENT: 1-based line of the first difference */
    char *found;          /* that line on disk; NULL: the file ended */
    char *expected;       /* that line recomputed; NULL: the recomputation ended */
} difference;

typedef struct comparison {
    const char *dir;
    pthread_mutex_t lock;   /* statements are compared by several threads */
    difference *v;
    size_t n, cap;
} comparison;

static void add_difference(comparison *c, difference x)
{
    pthread_mutex_lock(&c->lock);
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->v = xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = x;
    pthread_mutex_unlock(&c->lock);
}

static char *join_path(const char *dir, const char *rel)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", dir, rel);
    return sb_detach(&sb);
}

/* The line starting at s[at] (at < len), without its end, cut to QUOTE_MAX bytes. */
static char *line_at(const char *s, size_t len, size_t at)
{
    size_t end = at;
    while (end < len && s[end] != '\n' && end - at < QUOTE_MAX)
        end++;
    strbuf sb = STRBUF_INIT;
    sb_putn(&sb, s + at, end - at);
    if (end < len && s[end] != '\n')
        sb_puts(&sb, "...");
    return sb.p ? sb_detach(&sb) : xstrdup("");
}

/* Where disk and recomputed bytes first part: the line, and each side's text of it. */
static difference content_difference(const char *rel, const char *disk, size_t dlen,
                                      const char *want, size_t wlen)
{
    size_t i = 0;
    while (i < dlen && i < wlen && disk[i] == want[i])
        i++;
    size_t start = i;
    while (start > 0 && disk[start - 1] != '\n')
        start--;
    long line = 1;
    for (size_t k = 0; k < start; k++)
        line += disk[k] == '\n';
    difference x = {DIFF_CONTENT, xstrdup(rel), line, NULL, NULL};
    if (start < dlen)
        x.found = line_at(disk, dlen, start);
    if (start < wlen)
        x.expected = line_at(want, wlen, start);
    return x;
}

/* The outdir sink: compares a recomputed file with the one in the directory. */
static int compare_file(void *ctx, const char *rel, const char *data, size_t len, diag *d)
{
    (void)d;
    comparison *c = ctx;
    char *path = join_path(c->dir, rel);
    /* Past len + QUOTE_MAX + 1 bytes, the rest of a longer file changes no finding. */
    strbuf disk = STRBUF_INIT;
    int err;
    read_status st = read_file_capped(&disk, path, len + QUOTE_MAX + 1, &err);
    if (st != READ_OK && st != READ_TOO_BIG)
        add_difference(c, (difference){DIFF_MISSING, xstrdup(rel), 0, NULL, NULL});
    else if (disk.len != len || memcmp(disk.p ? disk.p : "", data, len) != 0)
        add_difference(c, content_difference(rel, disk.p, disk.len, data, len));
    sb_free(&disk);
    free(path);
    return 0;  /* a difference is a finding, not a failure to write */
}

/* ---- files that the run does not write ----------------------------------------- */

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct extras {
    comparison *c;
    const char **written;   /* the files the run wrote, sorted */
    size_t n;
} extras;

/* A tree_walk visit: a file the run did not write is a difference. */
static int find_extra(void *ctx, const tree_entry *e)
{
    extras *x = ctx;
    if (e->kind == TREE_NO_LIST || (e->st && S_ISDIR(e->st->st_mode)))
        return 0;
    if (!bsearch(&e->rel, x->written, x->n, sizeof *x->written, by_string))
        add_difference(x->c, (difference){DIFF_EXTRA, xstrdup(e->rel), 0, NULL, NULL});
    return 0;
}

static void find_extras(comparison *c, const outdir *o)
{
    size_t n;
    const outdir_entry *files = outdir_files(o, &n);
    extras x = {c, xmalloc((n ? n : 1) * sizeof *x.written), n};
    for (size_t i = 0; i < n; i++)
        x.written[i] = files[i].rel;
    qsort(x.written, n, sizeof *x.written, by_string);
    tree_walk(c->dir, find_extra, &x);
    free(x.written);
}

/* ---- reporting ------------------------------------------------------------------ */

/* Manifest order: outputs by path, manifest.xml last, then files the run does not write. */
static int difference_order(const void *pa, const void *pb)
{
    const difference *a = pa, *b = pb;
    int ea = a->kind == DIFF_EXTRA, eb = b->kind == DIFF_EXTRA;
    if (ea != eb)
        return ea - eb;
    int ma = strcmp(a->rel, MANIFEST_FILE) == 0, mb = strcmp(b->rel, MANIFEST_FILE) == 0;
    if (ma != mb)
        return ma - mb;
    return strcmp(a->rel, b->rel);
}

static void report_first(const comparison *c, diag *d)
{
    const difference *x = &c->v[0];
    char *path = join_path(c->dir, x->rel);
    if (x->kind == DIFF_MISSING)
        diag_error(d, path, 0, 0, "missing: the recomputed run writes it");
    else if (x->kind == DIFF_EXTRA)
        diag_error(d, path, 0, 0, "not written by the run (not in the recomputation)");
    else if (x->found && x->expected)
        diag_error(d, path, x->line, 0, "differs from the recomputed run: the file has '%s', "
                   "the recomputation '%s'", x->found, x->expected);
    else if (x->found)
        diag_error(d, path, x->line, 0, "the file goes on where the recomputed run ends: '%s'",
                   x->found);
    else
        diag_error(d, path, x->line, 0, "the file ends where the recomputed run has '%s'",
                   x->expected);
    if (c->n > 1)
        diag_error(d, c->dir, 0, 0, "%zu more file%s differ%s", c->n - 1, c->n == 2 ? "" : "s",
                   c->n == 2 ? "s" : "");
    free(path);
}

static void comparison_free(comparison *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].rel);
        free(c->v[i].found);
        free(c->v[i].expected);
    }
    free(c->v);
    pthread_mutex_destroy(&c->lock);
}

/* ---- inputs --------------------------------------------------------------------- */

/*
 * Where an input is read from: its recorded path, or its last component in
 * in_dir; a plan version read from a batch directory's plans/ is looked for
 * in in_dir/plans/ first.
 */
static char *locate(const manifest_file *f, const char *in_dir, const char *books_dir)
{
    if (strcmp(f->name, "closed") == 0) {
        if (!books_dir)
            return xstrdup(f->path);
        /* BOOKS/PERIOD/manifest.xml: the last two components, in books_dir. */
        const char *end = strrchr(f->path, '/'), *start = end;
        while (start && start > f->path && start[-1] != '/')
            start--;
        return join_path(books_dir, start ? start : f->path);
    }
    if (!in_dir)
        return xstrdup(f->path);
    const char *base = strrchr(f->path, '/');
    base = base ? base + 1 : f->path;
    size_t dir_len = (size_t)(base - f->path);
    if (strcmp(f->name, "plan") == 0 && dir_len >= 6 &&
        strncmp(base - 6, "plans/", 6) == 0 && (dir_len == 6 || base[-7] == '/')) {
        char *in_plans = join_path(in_dir, base - 6);
        struct stat st;
        if (lstat(in_plans, &st) == 0)
            return in_plans;
        free(in_plans);
    }
    return join_path(in_dir, base);
}

/*
 * Every input still has its recorded size and SHA-256; each change is reported.  Inputs not
 * found where the manifest (or --in) puts them get one hint: paths are recorded as the run was
 * given them, so a verify started elsewhere needs --in.
 */
static int check_inputs(const manifest *m, char **where, const char *mpath, const char *in_dir,
                        diag *d)
{
    int ok = 0;
    size_t missing = 0;
    for (size_t i = 0; i < m->ninputs; i++) {
        const manifest_file *f = &m->inputs[i];
        char hex[DIGEST_HEX_SIZE];
        uint64_t size;
        struct stat st;
        if (stat(where[i], &st) != 0 && errno == ENOENT) {
            diag_error(d, where[i], 0, 0, "input not found");
            missing++;
            ok = -1;
        } else if (digest_file(hex, &size, where[i], d) != 0) {
            ok = -1;
        } else if (size != f->size || strcmp(hex, f->sha256) != 0) {
            diag_error(d, where[i], 0, 0, "input changed since the run: its SHA-256 is %s (%llu "
                       "bytes), the manifest records %s (%llu bytes)", hex,
                       (unsigned long long)size, f->sha256, (unsigned long long)f->size);
            ok = -1;
        }
    }
    if (missing && !in_dir)
        diag_error(d, mpath, 0, 0, "%zu input%s not found: the manifest records paths as the run "
                   "was given them; run verify from the directory the run started in, or give "
                   "--in DIR (the directory that holds the inputs)", missing,
                   missing == 1 ? "" : "s");
    else if (missing)
        diag_error(d, mpath, 0, 0, "%zu input%s not found in %s (looked for under each recorded "
                   "path's file name)", missing, missing == 1 ? "" : "s", in_dir);
    return ok;
}

static const char *located(const manifest *m, char **where, const char *name)
{
    for (size_t i = 0; i < m->ninputs; i++)
        if (strcmp(m->inputs[i].name, name) == 0)
            return where[i];
    return NULL;
}

static int check_required(const manifest *m, const char *path, diag *d)
{
    static const char *const required[] = {"plan", "roster", "deals"};
    int ok = 0;
    if (!m->per.year) {
        diag_error(d, path, 0, 0, "the manifest records no period: this is not the output of "
                   "truce run or merge");
        return -1;
    }
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!manifest_input(m, required[i])) {
            diag_error(d, path, 0, 0, "the manifest records no %s input", required[i]);
            ok = -1;
        }
    return ok;
}

/* ---- the recomputation ---------------------------------------------------------- */

/* Keeps the errors of a recomputation; its warnings were the run's, printed then. */
static void keep_errors(diag *d, const diag *from)
{
    for (size_t i = 0; i < from->n; i++) {
        const diag_entry *e = &from->v[i];
        if (e->level == DIAG_ERROR)
            diag_error(d, e->file, e->line, e->col, "%s", e->msg);
    }
}

/* The books a run read: the directory holding the first closed period it trued up against. */
static char *books_of(const manifest *m, char **where)
{
    for (size_t i = 0; i < m->ninputs; i++)
        if (strcmp(m->inputs[i].name, "closed") == 0) {
            char *dir = xstrdup(where[i]);
            for (int up = 0; up < 2; up++) {
                char *slash = strrchr(dir, '/');
                if (slash)
                    *slash = '\0';
                else
                    strcpy(dir, ".");
            }
            return dir;
        }
    return NULL;
}

static int recompute(const char *out, const manifest *m, char **where, int jobs,
                     comparison *cmp, size_t *compared, diag *d)
{
    char *books_dir = books_of(m, where);
    /* Every input called "plan" is a plan version, in the order the run was given them. */
    const char **plans = xcalloc(m->ninputs ? m->ninputs : 1, sizeof *plans);
    size_t nplans = 0;
    for (size_t i = 0; i < m->ninputs; i++)
        if (strcmp(m->inputs[i].name, "plan") == 0)
            plans[nplans++] = where[i];
    batch_paths paths = {.plan = located(m, where, "plan"),
                         .roster = located(m, where, "roster"),
                         .deals = located(m, where, "deals"),
                         .touches = located(m, where, "touches"),
                         .campaigns = located(m, where, "campaigns"),
                         .splits = located(m, where, "splits"),
                         .territories = located(m, where, "territories"),
                         .quotas = located(m, where, "quotas"),
                         .fx = located(m, where, "fx"),
                         .events = located(m, where, "events"),
                         .payments = located(m, where, "payments"),
                         .adjustments = located(m, where, "adjustments"),
                         .plans = plans,
                         .nplans = nplans};
    run_options o = {.month = m->per.first,
                       .month_last = m->per.last,
                       .jobs = jobs,
                       .shard = {m->shard_k, m->shard_n},
                       .paid = located(m, where, "paid"),
                       .books = books_dir,
                       .command = (const char *const *)m->command,
                       .ncommand = m->ncommand};
    diag run_d;
    diag_init(&run_d);
    run_state r;
    int ok = run_compute(&r, &paths, &o, &run_d) == 0 ? 0 : -1;
    keep_errors(d, &run_d);
    diag_free(&run_d);
    if (ok == 0 && r.plan->year != m->per.year) {
        char text[PERIOD_TEXT_SIZE];
        period_format(&m->per, text);
        diag_error(d, out, 0, 0, "the manifest's period %s is outside the plan year %d", text,
                   r.plan->year);
        ok = -1;
    }
    if (ok == 0) {
        for (size_t i = 0; i < m->ninputs; i++) {  /* the manifest names inputs as the run did */
            size_t nth = 0;
            for (size_t j = 0; j < i; j++)
                nth += strcmp(m->inputs[j].name, m->inputs[i].name) == 0;
            record_rename_input(&r.record, m->inputs[i].name, nth, m->inputs[i].path);
        }
        /* The statements the run was asked for (manifest.h: none recorded is all of them). */
        const char *kinds = m->statements ? m->statements : "";
        r.statements = strcmp(kinds, "text") == 0   ? STATEMENTS_TEXT
                       : strcmp(kinds, "html") == 0 ? STATEMENTS_HTML
                       : strcmp(kinds, "none") == 0 ? STATEMENTS_NONE
                                                    : STATEMENTS_ALL;
        outdir o_cmp;
        outdir_begin_sink(&o_cmp, out, compare_file, cmp);
        ok = run_write_outdir(&r, &m->per, &o_cmp, d);
        if (ok == 0)
            find_extras(cmp, &o_cmp);
        outdir_files(&o_cmp, compared);
        outdir_commit(&o_cmp, 0, d);
    } else {
        diag_error(d, out, 0, 0, "the run cannot be computed again from its inputs");
    }
    run_free(&r);
    free(plans);
    free(books_dir);
    return ok;
}

int verify_output(const char *out, const char *in_dir, const char *books_dir, int jobs,
                 verify_summary *sum, diag *d)
{
    memset(sum, 0, sizeof *sum);
    char *mpath = join_path(out, MANIFEST_FILE);
    manifest m;
    int ok = manifest_read(&m, mpath, d);
    if (ok == 0)
        ok = check_required(&m, mpath, d);
    if (ok == 0 && m.version && strcmp(m.version, TRUCE_VERSION) != 0)
        diag_warn(d, mpath, 0, 0, "written by truce %s, verified by truce %s: outputs may differ "
                  "because the engine does", m.version, TRUCE_VERSION);
    snprintf(sum->version, sizeof sum->version, "%s", m.version ? m.version : "");
    char **where = xcalloc(m.ninputs ? m.ninputs : 1, sizeof *where);
    for (size_t i = 0; i < m.ninputs; i++)
        where[i] = locate(&m.inputs[i], in_dir, books_dir);
    if (ok == 0)
        ok = check_inputs(&m, where, mpath, in_dir, d);
    if (ok == 0) {
        sum->inputs = m.ninputs;
        comparison cmp = {out, PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};
        ok = recompute(out, &m, where, jobs, &cmp, &sum->outputs, d);
        if (ok == 0 && cmp.n) {
            qsort(cmp.v, cmp.n, sizeof *cmp.v, difference_order);
            report_first(&cmp, d);
            ok = -1;
        }
        comparison_free(&cmp);
    }
    for (size_t i = 0; i < m.ninputs; i++)
        free(where[i]);
    free(where);
    manifest_free(&m);
    free(mpath);
    return ok;
}
