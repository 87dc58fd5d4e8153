/*
 * books.c - closed periods kept whole, and the true-ups they feed
 * (books.h says why).
 *
 * A closed period is a plain directory: the run's output as it was paid.
 * Nothing here ever rewrites one: closing adds a directory through outdir
 * (all or nothing), and reading checks every byte against the manifest
 * before a figure is used.
 */
#include "books.h"
#include "csv.h"
#include "idmap.h"
#include "money.h"
#include "outdir.h"
#include "readfile.h"
#include "strbuf.h"
#include "tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The file whose lock serialises closes (created by the first close, never removed). */
#define BOOKS_LOCK ".truce-lock"
/* Differences reported one by one before the rest are only counted. */
#define BOOKS_SHOWN 5

static char *join(const char *dir, const char *name)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", dir, name);
    return sb_detach(&sb);
}

/* ---- reading the books ---------------------------------------------------------------- */

static int by_period(const void *pa, const void *pb)
{
    const closed_period *a = pa, *b = pb;
    if (a->per.year != b->per.year)
        return a->per.year < b->per.year ? -1 : 1;
    if (a->per.first != b->per.first)
        return a->per.first < b->per.first ? -1 : 1;
    return a->per.last - b->per.last;
}

/* BOOKS/name as a closed period, when name is a period holding a manifest.xml: 1 added,
   0 not a closed period, -1 (reported) a manifest that cannot be read. */
static int read_one(books *bk, const char *name, size_t *cap, diag *d)
{
    period per;
    char text[PERIOD_TEXT_SIZE];
    if (period_parse_any(name, &per) != 0)
        return 0;
    period_format(&per, text);
    if (strcmp(text, name) != 0)
        return 0;  /* only the canonical spelling is a closed period */
    char *dir = join(bk->dir, name), *mpath = join(dir, MANIFEST_FILE);
    struct stat st;
    if (lstat(mpath, &st) != 0) {
        free(dir);
        free(mpath);
        return 0;
    }
    strbuf bytes = STRBUF_INIT;
    closed_period c = {.per = per, .dir = dir, .manifest_path = mpath};
    int rc = read_whole_file(&bytes, mpath, MANIFEST_MAX_BYTES, NULL, d);
    if (rc == 0) {
        rc = manifest_parse(&c.m, bytes.p ? bytes.p : "", bytes.len, mpath, d);
        c.manifest_size = bytes.len;
        digest_bytes(c.manifest_sha256, bytes.p ? bytes.p : "", bytes.len);
    } else {
        manifest_init(&c.m);
    }
    if (rc == 0 && (!c.m.per.year || c.m.per.year != per.year || c.m.per.first != per.first ||
                    c.m.per.last != per.last || !c.m.plan.id)) {
        diag_error(d, mpath, 0, 0, "does not record the run of period %s that the books "
                   "keep here", name);
        rc = -1;
    }
    sb_free(&bytes);
    if (rc != 0) {
        manifest_free(&c.m);
        free(dir);
        free(mpath);
        return -1;
    }
    if (bk->n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        bk->v = xrealloc(bk->v, *cap * sizeof *bk->v);
    }
    bk->v[bk->n++] = c;
    return 1;
}

int books_read(books *bk, const char *dir, int may_be_absent, diag *d)
{
    memset(bk, 0, sizeof *bk);
    bk->dir = xstrdup(dir);
    DIR *dh = opendir(dir);
    if (!dh) {
        if (errno == ENOENT && may_be_absent)
            return 0;
        diag_error(d, dir, 0, 0, "cannot read the books: %s", strerror(errno));
        return -1;
    }
    size_t cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(dh)))
        if (read_one(bk, e->d_name, &cap, d) < 0)
            rc = -1;
    closedir(dh);
    if (bk->n)
        qsort(bk->v, bk->n, sizeof *bk->v, by_period);
    return rc;
}

void books_free(books *bk)
{
    for (size_t i = 0; i < bk->n; i++) {
        manifest_free(&bk->v[i].m);
        free(bk->v[i].dir);
        free(bk->v[i].manifest_path);
    }
    free(bk->v);
    free(bk->dir);
    memset(bk, 0, sizeof *bk);
}

/* ---- a directory against its manifest ------------------------------------------------- */

typedef struct checker {
    const char *dir;
    const manifest_file **files;  /* the outputs, sorted by path */
    size_t n;
    size_t problems;
    diag *d;
} checker;

static int by_path(const void *a, const void *b)
{
    return strcmp((*(const manifest_file *const *)a)->path,
                  (*(const manifest_file *const *)b)->path);
}

static void problem(checker *c, const char *rel, const char *msg)
{
    if (c->problems++ < BOOKS_SHOWN) {
        char *path = join(c->dir, rel);
        diag_error(c->d, path, 0, 0, "%s", msg);
        free(path);
    }
}

static int listed(const checker *c, const char *rel)
{
    manifest_file key = {.path = (char *)rel};
    const manifest_file *k = &key;
    return bsearch(&k, c->files, c->n, sizeof *c->files, by_path) != NULL;
}

/* A tree_walk visit: a file the manifest does not list is a problem. */
static int find_stranger(void *ctx, const tree_entry *e)
{
    checker *c = ctx;
    if (e->kind == TREE_NO_LIST || (e->st && S_ISDIR(e->st->st_mode)))
        return 0;
    if (strcmp(e->rel, MANIFEST_FILE) != 0 && !listed(c, e->rel))
        problem(c, e->rel, "is not listed in manifest.xml");
    return 0;
}

int books_check_dir(const char *dir, const manifest *m, diag *d)
{
    checker c = {dir, xmalloc((m->noutputs + 1) * sizeof(manifest_file *)), m->noutputs, 0, d};
    for (size_t i = 0; i < m->noutputs; i++) {
        const manifest_file *f = &m->outputs[i];
        c.files[i] = f;
        char *path = join(dir, f->path);
        char hex[DIGEST_HEX_SIZE];
        uint64_t size;
        if (digest_file(hex, &size, path, NULL) != 0)
            problem(&c, f->path, "is listed in manifest.xml but missing");
        else if (size != f->size || strcmp(hex, f->sha256) != 0)
            problem(&c, f->path, "changed since the run wrote it: its SHA-256 is not the one "
                    "manifest.xml records");
        free(path);
    }
    qsort(c.files, c.n, sizeof *c.files, by_path);
    tree_walk(dir, find_stranger, &c);
    if (c.problems > BOOKS_SHOWN)
        diag_error(d, dir, 0, 0, "%zu more differences from its manifest.xml",
                   c.problems - BOOKS_SHOWN);
    free(c.files);
    return c.problems ? -1 : 0;
}

/* ---- true-ups ------------------------------------------------------------------------ */

/* The closed periods of year y: [*from, *to) in bk (sorted). */
static void year_range(const books *bk, int y, size_t *from, size_t *to)
{
    size_t i = 0;
    while (i < bk->n && bk->v[i].per.year < y)
        i++;
    *from = i;
    while (i < bk->n && bk->v[i].per.year == y)
        i++;
    *to = i;
}

/* The closed periods of the year must all be of plan p. */
static int same_plan(const books *bk, size_t from, size_t to, const char *plan_id, diag *d)
{
    int rc = 0;
    for (size_t i = from; i < to; i++)
        if (strcmp(bk->v[i].m.plan.id, plan_id) != 0) {
            char text[PERIOD_TEXT_SIZE];
            period_format(&bk->v[i].per, text);
            diag_error(d, bk->v[i].manifest_path, 0, 0, "%s was closed for plan '%s', not "
                       "'%s': the books of a plan year hold one plan", text, bk->v[i].m.plan.id,
                       plan_id);
            rc = -1;
        }
    return rc;
}

/* Month m of the year is inside a closed period of [from, to). */
static int month_closed(const books *bk, size_t from, size_t to, int m)
{
    for (size_t i = from; i < to; i++)
        if (bk->v[i].per.first <= m && m <= bk->v[i].per.last)
            return 1;
    return 0;
}

/* A closed period's payouts.csv, checked against its manifest, into the paid history. */
static int add_closed(const closed_period *c, paid_history *h, diag *d)
{
    const manifest_file *f = NULL;
    for (size_t i = 0; i < c->m.noutputs && !f; i++)
        if (strcmp(c->m.outputs[i].path, "payouts.csv") == 0)
            f = &c->m.outputs[i];
    char *path = join(c->dir, "payouts.csv");
    strbuf bytes = STRBUF_INIT;
    int rc = -1;
    if (!f) {
        diag_error(d, c->manifest_path, 0, 0, "lists no payouts.csv");
    } else if (read_whole_file(&bytes, path, (size_t)OUTDIR_MAX_FILE, NULL, d) == 0) {
        char hex[DIGEST_HEX_SIZE];
        digest_bytes(hex, bytes.p ? bytes.p : "", bytes.len);
        if (bytes.len != f->size || strcmp(hex, f->sha256) != 0)
            diag_error(d, path, 0, 0, "changed since the period was closed: its SHA-256 is %s, "
                       "its manifest.xml records %s; the books must not be edited", hex,
                       f->sha256);
        else
            rc = paid_add(h, bytes.p ? bytes.p : "", bytes.len, path, d);
    }
    sb_free(&bytes);
    free(path);
    return rc;
}

int books_true_up(const books *bk, const plan *p, const period *per, paid_history *h,
                  size_t *used, size_t *nused, diag *d)
{
    *nused = 0;
    size_t from, to;
    year_range(bk, per->year, &from, &to);
    if (from == to)
        return 0;
    if (same_plan(bk, from, to, p->id, d) != 0)
        return -1;
    char run[PERIOD_TEXT_SIZE], text[PERIOD_TEXT_SIZE];
    period_format(per, run);
    int rc = 0;
    for (size_t i = from; i < to; i++) {
        const period *c = &bk->v[i].per;
        int exact = c->first == per->first && c->last == per->last;
        if (!exact && c->first <= per->last && per->first <= c->last) {
            period_format(c, text);
            diag_error(d, bk->v[i].dir, 0, 0, "the closed period %s overlaps %s, the period "
                       "of this run: run a period the books can follow (after %s)", text, run,
                       text);
            rc = -1;
        }
    }
    for (int m = bk->v[from].per.first; rc == 0 && m < per->first; m++)
        if (!month_closed(bk, from, to, m)) {
            period gap;
            period_make(&gap, per->year, m, m);
            period_format(&gap, text);
            diag_error(d, bk->dir, 0, 0, "%s is not closed, though the books of %d start "
                       "earlier: close it (truce close) before running %s with --books", text,
                       per->year, run);
            rc = -1;
        }
    for (size_t i = from; rc == 0 && i < to; i++)
        if (bk->v[i].per.last < per->first) {
            rc = add_closed(&bk->v[i], h, d);
            used[(*nused)++] = i;
        }
    return rc;
}

/* ---- at a glance ----------------------------------------------------------------------- */

int books_period_totals(const closed_period *c, books_totals *out, diag *d)
{
    memset(out, 0, sizeof *out);
    out->intact = books_check_dir(c->dir, &c->m, d) == 0;
    char *path = join(c->dir, "payouts.csv");
    csv_table t;
    int rc = csv_read_file(&t, path, path, d);
    long pcol = rc == 0 ? csv_column(&t, "payee_id") : -1, acol = rc == 0 ? csv_column(&t, "amount") : -1;
    if (rc == 0 && (pcol < 0 || acol < 0)) {
        diag_error(d, path, 0, 0, "is not a payouts.csv (no payee_id or amount column)");
        rc = -1;
    }
    if (rc == 0) {
        idmap seen;
        idmap_init(&seen);
        mpq_t sum, x;
        mpq_inits(sum, x, NULL);
        for (size_t row = 0; row < t.nrows; row++) {
            const char *a = csv_cell(&t, row, (size_t)acol), *p = csv_cell(&t, row, (size_t)pcol);
            if (money_parse_decimal(x, a, strlen(a)) == MONEY_OK)
                mpq_add(sum, sum, x);
            if (idmap_get(&seen, p) < 0) {
                idmap_put(&seen, p, (uint32_t)out->payees);
                out->payees++;
            }
        }
        strbuf sb = STRBUF_INIT;
        int minor = currency_minor_unit(c->m.plan.currency ? c->m.plan.currency : "");
        money_format_exact(&sb, sum);
        if (minor >= 0) {
            sb_reset(&sb);
            mpz_t units;
            mpz_init(units);
            mpz_ui_pow_ui(units, 10, (unsigned long)minor);
            mpz_mul(units, units, mpq_numref(sum));
            mpz_tdiv_q(units, units, mpq_denref(sum));  /* amounts are whole minor units */
            money_format_minor(&sb, units, (unsigned)minor);
            mpz_clear(units);
        }
        snprintf(out->total, sizeof out->total, "%s", sb.p ? sb.p : "0");
        sb_free(&sb);
        mpq_clears(sum, x, NULL);
        idmap_free(&seen);
    }
    csv_table_free(&t);
    free(path);
    return rc;
}

/* ---- closing ------------------------------------------------------------------------------ */

/* The run's output: read, a whole run (not a shard), and intact. */
static int check_run_dir(const char *run_dir, manifest *m, diag *d)
{
    char *mpath = join(run_dir, MANIFEST_FILE);
    int rc = manifest_read(m, mpath, d);
    if (rc == 0 && (!m->per.year || !m->plan.id)) {
        diag_error(d, mpath, 0, 0, "records no period or plan: only the output of truce run "
                   "or truce merge can be closed");
        rc = -1;
    }
    if (rc == 0 && m->shard_n) {
        diag_error(d, mpath, 0, 0, "is shard %u/%u of a run: merge the shards (truce merge), "
                   "then close the merged output", m->shard_k, m->shard_n);
        rc = -1;
    }
    if (rc == 0)
        rc = books_check_dir(run_dir, m, d);
    free(mpath);
    return rc;
}

/* May period per of plan plan_id follow the year's closed periods?  0 or -1 (reported). */
static int may_follow(const books *bk, const manifest *m, diag *d)
{
    const period *per = &m->per;
    size_t from, to;
    year_range(bk, per->year, &from, &to);
    if (from == to)
        return 0;  /* the year's first close: any month */
    char text[PERIOD_TEXT_SIZE], last[PERIOD_TEXT_SIZE];
    period_format(per, text);
    if (same_plan(bk, from, to, m->plan.id, d) != 0)
        return -1;
    const closed_period *tail = &bk->v[to - 1];
    period_format(&tail->per, last);
    for (size_t i = from; i < to; i++)
        if (bk->v[i].per.first <= per->last && per->first <= bk->v[i].per.last) {
            char other[PERIOD_TEXT_SIZE];
            period_format(&bk->v[i].per, other);
            diag_error(d, bk->v[i].dir, 0, 0, "%s is already closed, and %s overlaps it; the "
                       "books were not changed", other, text);
            return -1;
        }
    if (per->first <= tail->per.last) {
        diag_error(d, bk->dir, 0, 0, "%s comes before %s, which is already closed: periods "
                   "are closed in order; the books were not changed", text, last);
        return -1;
    }
    if (per->first > tail->per.last + 1) {
        int m0 = tail->per.last + 1, m1 = per->first - 1;
        char missing[64];
        if (m0 == m1)
            snprintf(missing, sizeof missing, "%d-%02d is", per->year, m0);
        else
            snprintf(missing, sizeof missing, "%d-%02d to %d-%02d are", per->year, m0,
                     per->year, m1);
        diag_error(d, bk->dir, 0, 0, "cannot close %s: %s not closed yet (the books of %d end "
                   "with %s); close %s first; the books were not changed", text, missing,
                   per->year, last, m0 == m1 ? "it" : "those months");
        return -1;
    }
    return 0;
}

/* Earlier closed periods of the year that the run's manifest does not record as trued up
   against (inputs called "closed", by the SHA-256 of their manifests). */
static int untrued(const books *bk, const manifest *m)
{
    size_t from, to;
    year_range(bk, m->per.year, &from, &to);
    int n = 0;
    for (size_t i = from; i < to; i++) {
        int found = 0;
        for (size_t k = 0; k < m->ninputs && !found; k++)
            found = strcmp(m->inputs[k].name, "closed") == 0 &&
                    strcmp(m->inputs[k].sha256, bk->v[i].manifest_sha256) == 0;
        n += !found;
    }
    return n;
}

/* The parent directories of rel inside the outdir, made once each. */
static int make_parents(outdir *o, const char *rel, strbuf *made, diag *d)
{
    for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
        strbuf dir = STRBUF_INIT;
        sb_putn(&dir, rel, (size_t)(s - rel));
        sb_putc(&dir, '\n');
        int seen = made->p && strstr(made->p, dir.p) != NULL;
        int rc = 0;
        if (!seen) {
            sb_puts(made, dir.p);
            dir.p[dir.len - 1] = '\0';
            rc = outdir_mkdir(o, dir.p, d);
        }
        sb_free(&dir);
        if (rc)
            return -1;
    }
    return 0;
}

/* Copies the run's files (each checked again as it is copied) and its manifest into o. */
static int copy_run(outdir *o, const char *run_dir, const manifest *m, diag *d)
{
    strbuf made = STRBUF_INIT, bytes = STRBUF_INIT;
    sb_putc(&made, '\n');
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < m->noutputs; i++) {
        const manifest_file *f = &m->outputs[i];
        char *path = join(run_dir, f->path);
        sb_reset(&bytes);
        rc = make_parents(o, f->path, &made, d) ||
             read_whole_file(&bytes, path, (size_t)OUTDIR_MAX_FILE, NULL, d);
        if (rc == 0) {
            char hex[DIGEST_HEX_SIZE];
            digest_bytes(hex, bytes.p ? bytes.p : "", bytes.len);
            if (bytes.len != f->size || strcmp(hex, f->sha256) != 0) {
                diag_error(d, path, 0, 0, "changed while it was being closed");
                rc = -1;
            } else {
                rc = outdir_write(o, f->path, bytes.p ? bytes.p : "", bytes.len, d);
            }
        }
        free(path);
    }
    if (rc == 0) {
        char *mpath = join(run_dir, MANIFEST_FILE);
        sb_reset(&bytes);
        rc = read_whole_file(&bytes, mpath, MANIFEST_MAX_BYTES, NULL, d) ||
             outdir_write(o, MANIFEST_FILE, bytes.p ? bytes.p : "", bytes.len, d);
        free(mpath);
    }
    sb_free(&made);
    sb_free(&bytes);
    return rc;
}

/* BOOKS exists (made here, one level, if absent: *created) and is locked by the returned fd;
   -1 (reported). */
static int lock_books(const char *books_dir, int *created, diag *d)
{
    *created = mkdir(books_dir, 0777) == 0;
    if (!*created && errno != EEXIST) {
        diag_error(d, books_dir, 0, 0, "cannot create the books: %s", strerror(errno));
        return -1;
    }
    /* A file of its own, not the directory: outdir locks the directory while it creates the
       closed period's temporary directory in it. */
    char *path = join(books_dir, BOOKS_LOCK);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        diag_error(d, path, 0, 0, "cannot open and lock the books: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}

/* Under the lock: the rules, then the copy. */
static int close_locked(const char *run_dir, const char *books_dir, const manifest *m,
                        books_closed *out, diag *d)
{
    books bk;
    int rc = books_read(&bk, books_dir, 0, d);
    if (rc == 0)
        rc = may_follow(&bk, m, d);
    char text[PERIOD_TEXT_SIZE];
    period_format(&m->per, text);
    char *target = join(books_dir, text);
    if (rc == 0) {
        outdir o;
        rc = outdir_begin(&o, target, d);
        if (rc == 0 && (copy_run(&o, run_dir, m, d) || outdir_commit(&o, 0, d))) {
            outdir_abort(&o);
            rc = -1;
        }
        out->files = m->noutputs + 1;
        out->untrued = untrued(&bk, m);
    }
    books_free(&bk);
    if (rc == 0)
        out->dir = target;
    else
        free(target);
    return rc;
}

/* The books may not be inside the run's output, nor the output inside the books' own
   directories (closing would change what it copies). */
static int apart(const char *run_dir, const char *books_dir, diag *d)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(run_dir, a) || !realpath(books_dir, b))
        return 0;  /* reading fails by name */
    size_t na = strlen(a), nb = strlen(b);
    if ((strncmp(a, b, nb) == 0 && (a[nb] == '/' || a[nb] == '\0')) ||
        (strncmp(b, a, na) == 0 && (b[na] == '/' || b[na] == '\0'))) {
        diag_error(d, books_dir, 0, 0, "the books and the run's output %s must be separate "
                   "directories, neither inside the other", run_dir);
        return -1;
    }
    return 0;
}

int books_close(const char *run_dir, const char *books_dir, books_closed *out, diag *d)
{
    memset(out, 0, sizeof *out);
    manifest m;
    int rc = check_run_dir(run_dir, &m, d);
    if (rc == 0) {
        out->per = m.per;
        snprintf(out->plan_id, sizeof out->plan_id, "%s", m.plan.id);
        int created = 0;
        int fd = lock_books(books_dir, &created, d);
        rc = fd < 0 || apart(run_dir, books_dir, d) ? -1 : close_locked(run_dir, books_dir, &m,
                                                                         out, d);
        if (rc != 0 && created) {  /* a refused first close leaves no books behind */
            char *lock = join(books_dir, BOOKS_LOCK);
            unlink(lock);
            free(lock);
            rmdir(books_dir);
        }
        if (fd >= 0)
            close(fd);
    }
    manifest_free(&m);
    return rc;
}
