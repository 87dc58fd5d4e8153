/*
 * parts.c - the partitions of a two-phase sharded run, written and read
 * back (parts.h has the format).
 *
 * Reading trusts nothing it has not checked: each task's directory must be
 * listed by its manifest.xml (every file's size and SHA-256), written by
 * this engine for this run's command, over inputs of the sizes they have
 * now; the inputs phase 2 reads whole must still hash as phase 1 hashed
 * them.  Only then is a part parsed, and a record it cannot parse is an
 * error naming the part and the record, never a guess.
 */
#include "parts.h"
#include "csv.h"
#include "digest.h"
#include "outdir.h"
#include "readfile.h"
#include "truce/truce.h"  /* TRUCE_VERSION */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const file_word[PART_FILES] = {"deals", "events", "payments"};
static const char *const row_word[PART_FILES] = {"deal", "event", "payment"};

void parts_file_name(char *buf, size_t size, unsigned j)
{
    snprintf(buf, size, "part-%u", j);
}

/* ---- writing ------------------------------------------------------------------------ */

/* An exact rational as mpq_set_str reads it back: "num/den", or "num" for a whole number. */
static void put_exact(strbuf *sb, const mpq_t q)
{
    if (mpz_fits_slong_p(mpq_numref(q)) && mpz_fits_ulong_p(mpq_denref(q))) {
        long num = mpz_get_si(mpq_numref(q));
        unsigned long den = mpz_get_ui(mpq_denref(q));
        if (den == 1)
            sb_printf(sb, "%ld", num);
        else
            sb_printf(sb, "%ld/%lu", num, den);
        return;
    }
    size_t n = mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3;
    sb_grow(sb, n);
    mpq_get_str(sb->p + sb->len, 10, q);
    sb->len += strlen(sb->p + sb->len);
}

void part_put_begin(strbuf *sb, unsigned k, unsigned n, unsigned j)
{
    sb_printf(sb, PARTS_HEADER " %u %u %u\n", k, n, j);
}

void part_put_head(strbuf *sb, part_file f, const char *bytes, size_t len)
{
    sb_printf(sb, "head %s %zu\n", file_word[f], len);
    sb_putn(sb, bytes, len);
}

void part_put_deal(strbuf *sb, uint32_t row, long line, long split_index, const char *bytes,
                   size_t len)
{
    sb_printf(sb, "deal %u %ld %ld %zu\n", row, line, split_index, len);
    sb_putn(sb, bytes, len);
}

void part_put_line(strbuf *sb, const credit_line *l)
{
    sb_printf(sb, "line %d %d %d ", l->payee, l->campaign, (int)l->role);
    put_exact(sb, l->credit);
    sb_putc(sb, '\n');
}

void part_put_weight(strbuf *sb, uint32_t ci, const mpq_t w)
{
    sb_printf(sb, "weight %u ", ci);
    put_exact(sb, w);
    sb_putc(sb, '\n');
}

void part_put_row(strbuf *sb, part_file f, uint32_t row, long line, const char *bytes, size_t len)
{
    sb_printf(sb, "%s %u %ld %zu\n", row_word[f], row, line, len);
    sb_putn(sb, bytes, len);
}

void part_put_campaign(strbuf *sb, uint32_t ci, long touched, long won,
                       const mpq_t won_attr, const mpq_t revenue, const mpq_t credit)
{
    sb_printf(sb, "campaign %u %ld %ld ", ci, touched, won);
    put_exact(sb, won_attr);
    sb_putc(sb, ' ');
    put_exact(sb, revenue);
    sb_putc(sb, ' ');
    put_exact(sb, credit);
    sb_putc(sb, '\n');
}

void part_put_end(strbuf *sb)
{
    sb_puts(sb, "end\n");
}

/* ---- parsing a part ---------------------------------------------------------------- */

typedef struct cursor {
    char *p, *end;
    const char *name;     /* the part's path, for messages */
    size_t record;        /* records read, for messages */
    int bad;
} cursor;

/* The next space- or line-ended token, NUL-terminated in place; NULL at the end. */
static char *token(cursor *c)
{
    if (c->bad || c->p >= c->end)
        return NULL;
    char *start = c->p;
    while (c->p < c->end && *c->p != ' ' && *c->p != '\n')
        c->p++;
    if (c->p == c->end || c->p == start) {
        c->bad = 1;
        return NULL;
    }
    *c->p++ = '\0';
    return start;
}

static long number(cursor *c, long lo, long hi)
{
    char *t = token(c), *end;
    if (!t)
        return 0;
    errno = 0;
    long v = strtol(t, &end, 10);
    if (*end || errno || v < lo || v > hi || (*t != '-' && (*t < '0' || *t > '9')))
        c->bad = 1;
    return v;
}

/* "-?digits(/digits)?" with a denominator that is not zero: what mpq_set_str takes. */
static const char *exact(cursor *c)
{
    char *t = token(c);
    if (!t)
        return NULL;
    const char *s = t + (*t == '-');
    size_t n = strspn(s, "0123456789");
    int ok = n > 0;
    if (ok && s[n] == '/') {
        const char *den = s + n + 1;
        size_t m = strspn(den, "0123456789");
        ok = m > 0 && !den[m] && strspn(den, "0") < m;
    } else if (ok) {
        ok = !s[n];
    }
    if (!ok)
        c->bad = 1;
    return t;
}

/* The len bytes after a record's line. */
static const char *bytes(cursor *c, size_t len)
{
    if (c->bad || (size_t)(c->end - c->p) < len) {
        c->bad = 1;
        return NULL;
    }
    const char *b = c->p;
    c->p += len;
    return b;
}

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return v;
    *cap = *cap ? 2 * *cap : 256;
    return xrealloc(v, *cap * size);
}

typedef struct vectors {
    size_t cap_deals, cap_lines, cap_weights, cap_tallies, cap_rows[PART_FILES];
} vectors;

static part_record record_of(cursor *c)
{
    part_record r;
    r.row = (uint32_t)number(c, 0, UINT32_MAX - 1);
    r.line = number(c, 1, 0x7fffffffL);
    return r;
}

static void read_deal(parts *p, vectors *v, cursor *c)
{
    part_record r = record_of(c);
    long si = number(c, 0, 0x7fffffffL);
    r.len = (size_t)number(c, 1, 0x7fffffffffffL);
    r.bytes = bytes(c, r.len);
    p->deals = grow(p->deals, &v->cap_deals, p->ndeals, sizeof *p->deals);
    p->deals[p->ndeals++] = (part_deal){r, si, p->nlines, 0, p->nweights, 0};
}

static void read_line(parts *p, vectors *v, cursor *c)
{
    part_line l;
    l.payee = (int32_t)number(c, -1, 0x7fffffffL);
    l.campaign = (int32_t)number(c, -1, 0x7fffffffL);
    l.role = (credit_role)number(c, CREDIT_CLOSER, CREDIT_MANAGER);
    l.credit = exact(c);
    if (p->ndeals == 0)
        c->bad = 1;  /* a line before any deal */
    if (c->bad)
        return;
    p->lines = grow(p->lines, &v->cap_lines, p->nlines, sizeof *p->lines);
    p->lines[p->nlines++] = l;
    p->deals[p->ndeals - 1].nlines++;
}

static void read_weight(parts *p, vectors *v, cursor *c)
{
    part_weight w;
    w.campaign = (uint32_t)number(c, 0, 0x7fffffffL);
    w.w = exact(c);
    if (p->ndeals == 0)
        c->bad = 1;
    if (c->bad)
        return;
    p->weights = grow(p->weights, &v->cap_weights, p->nweights, sizeof *p->weights);
    p->weights[p->nweights++] = w;
    p->deals[p->ndeals - 1].nweights++;
}

static void read_row(parts *p, vectors *v, cursor *c, part_file f)
{
    part_record r = record_of(c);
    r.len = (size_t)number(c, 1, 0x7fffffffffffL);
    r.bytes = bytes(c, r.len);
    p->rows[f] = grow(p->rows[f], &v->cap_rows[f], p->nrows[f], sizeof *p->rows[f]);
    p->rows[f][p->nrows[f]++] = r;
}

static void read_tally(parts *p, vectors *v, cursor *c)
{
    part_tally t;
    t.campaign = (uint32_t)number(c, 0, 0x7fffffffL);
    t.touched = number(c, 0, 0x7fffffffffffL);
    t.won = number(c, 0, 0x7fffffffffffL);
    t.won_attr = exact(c);
    t.revenue = exact(c);
    t.credit = exact(c);
    if (c->bad)
        return;
    p->tallies = grow(p->tallies, &v->cap_tallies, p->ntallies, sizeof *p->tallies);
    p->tallies[p->ntallies++] = t;
}

/* The head of file f: the same in every task's part (they read the same file). */
static void read_head(parts *p, cursor *c)
{
    char *w = token(c);
    long len = number(c, 0, 0x7fffffffL);
    const char *b = bytes(c, (size_t)len);
    int f = -1;
    for (int i = 0; w && i < PART_FILES; i++)
        if (strcmp(w, file_word[i]) == 0)
            f = i;
    if (c->bad || f < 0) {
        c->bad = 1;
        return;
    }
    if (p->has[f] && (p->head_len[f] != (size_t)len || memcmp(p->head[f], b, (size_t)len) != 0))
        c->bad = 1;
    p->has[f] = 1;
    p->head[f] = b;
    p->head_len[f] = (size_t)len;
}

/* One task's part-j, text[0..len) (modified in place: tokens are NUL-terminated). */
static int read_part(parts *p, vectors *v, char *text, size_t len, unsigned k, const char *name,
                     diag *d)
{
    cursor c = {text, text + len, name, 0, 0};
    char want[64];
    snprintf(want, sizeof want, PARTS_HEADER " %u %u %u\n", k, p->n, p->j);
    if (len < strlen(want) || memcmp(text, want, strlen(want)) != 0) {
        diag_error(d, name, 1, 0, "not the partition of task %u/%u for payee shard %u (its first "
                   "line is not '%.*s')", k, p->n, p->j, (int)strlen(want) - 1, want);
        return -1;
    }
    c.p += strlen(want);
    int ended = 0;
    while (!c.bad && !ended) {
        char *w = token(&c);
        c.record++;
        if (!w)
            break;
        if (strcmp(w, "deal") == 0)
            read_deal(p, v, &c);
        else if (strcmp(w, "line") == 0)
            read_line(p, v, &c);
        else if (strcmp(w, "weight") == 0)
            read_weight(p, v, &c);
        else if (strcmp(w, "event") == 0)
            read_row(p, v, &c, PART_EVENTS);
        else if (strcmp(w, "payment") == 0)
            read_row(p, v, &c, PART_PAYMENTS);
        else if (strcmp(w, "campaign") == 0)
            read_tally(p, v, &c);
        else if (strcmp(w, "head") == 0)
            read_head(p, &c);
        else if (strcmp(w, "end") == 0 && c.p == c.end)
            ended = 1;
        else
            c.bad = 1;
    }
    if (!ended) {
        diag_error(d, name, 0, 0, "malformed partition: record %zu cannot be read", c.record + 1);
        return -1;
    }
    return 0;
}

/* ---- a task's directory ------------------------------------------------------------ */

static char *join(const char *dir, const char *name)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", dir, name);
    return sb_detach(&sb);
}

/* The file rel of a task's directory, checked against its manifest: its bytes, or NULL. */
static char *read_listed(const char *dir, const manifest *m, const char *rel, size_t *len,
                         diag *d)
{
    const manifest_file *f = NULL;
    for (size_t i = 0; i < m->noutputs && !f; i++)
        if (strcmp(m->outputs[i].path, rel) == 0)
            f = &m->outputs[i];
    char *path = join(dir, rel);
    strbuf sb = STRBUF_INIT;
    if (!f) {
        diag_error(d, path, 0, 0, "not listed by %s/%s: not a complete phase 1 output", dir,
                   MANIFEST_FILE);
    } else if (read_whole_file(&sb, path, (size_t)OUTDIR_MAX_FILE, NULL, d) == 0) {
        char sha[DIGEST_HEX_SIZE];
        digest_bytes(sha, sb.p ? sb.p : "", sb.len);
        if (sb.len != f->size || strcmp(sha, f->sha256) != 0)
            diag_error(d, path, 0, 0, "changed since phase 1 wrote it (its size or SHA-256 is "
                       "not what %s/%s lists)", dir, MANIFEST_FILE);
        else {
            free(path);
            *len = sb.len;
            return sb.p ? sb_detach(&sb) : xstrdup("");
        }
    }
    sb_free(&sb);
    free(path);
    return NULL;
}

static void command_text(strbuf *sb, const char *const *argv, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sb_printf(sb, "%s%s", i ? " " : "", argv[i]);
}

/* The task's manifest is this engine's, for this command. */
static int check_manifest(const char *dir, const manifest *m, const char *const *command,
                          size_t ncommand, diag *d)
{
    char *path = join(dir, MANIFEST_FILE);
    int same = m->ncommand == ncommand;
    for (size_t i = 0; same && i < ncommand; i++)
        same = strcmp(m->command[i], command[i]) == 0;
    int ok = 0;
    if (!m->version || strcmp(m->version, TRUCE_VERSION) != 0) {
        diag_error(d, path, 0, 0, "written by truce %s, not by this truce %s: run phase 1 again",
                   m->version ? m->version : "(unknown)", TRUCE_VERSION);
        ok = -1;
    } else if (!same) {
        strbuf was = STRBUF_INIT, is = STRBUF_INIT;
        command_text(&was, (const char *const *)m->command, m->ncommand);
        command_text(&is, command, ncommand);
        diag_error(d, path, 0, 0, "a partition of another run: phase 1 ran '%s', this run is "
                   "'%s'", was.p ? was.p : "", is.p ? is.p : "");
        sb_free(&was);
        sb_free(&is);
        ok = -1;
    }
    free(path);
    return ok;
}

/* TASK: "K/N" with N the run's; *k receives K.  0 or -1. */
static int read_task(const char *dir, const manifest *m, unsigned n, unsigned *k, diag *d)
{
    size_t len;
    char *text = read_listed(dir, m, PARTS_TASK_FILE, &len, d);
    if (!text)
        return -1;
    unsigned kk, nn;
    char nl;
    int ok = 0;
    char *path = join(dir, PARTS_TASK_FILE);
    if (sscanf(text, "%u/%u%c", &kk, &nn, &nl) != 3 || nl != '\n' || kk >= nn) {
        diag_error(d, path, 1, 0, "not a phase 1 task mark (K/N)");
        ok = -1;
    } else if (nn != n) {
        diag_error(d, path, 1, 0, "task %u/%u is a partition of %u shards, not of %u", kk, nn,
                   nn, n);
        ok = -1;
    }
    *k = kk;
    free(path);
    free(text);
    return ok;
}

/* inputs.csv agrees with the run's inputs (names, paths, sizes now); its hashes go to p. */
static int read_inputs(parts *p, const char *dir, const manifest *m, diag *d)
{
    size_t len;
    char *text = read_listed(dir, m, PARTS_INPUTS_FILE, &len, d);
    if (!text)
        return -1;
    char *path = join(dir, PARTS_INPUTS_FILE);
    csv_table t;
    int ok = csv_read_memory(&t, text, len, path, d);
    free(text);
    if (ok == 0 && (t.ncols != 4 || t.nrows != p->inputs.ninputs)) {
        diag_error(d, path, 0, 0, "lists %zu inputs, this run has %zu: a partition of another "
                   "run", t.nrows, p->inputs.ninputs);
        ok = -1;
    }
    for (size_t i = 0; ok == 0 && i < t.nrows; i++) {
        manifest_file *f = &p->inputs.inputs[i];
        const char *sha = csv_cell(&t, i, 3);
        if (strcmp(csv_cell(&t, i, 0), f->name) || strcmp(csv_cell(&t, i, 1), f->path) ||
            strtoull(csv_cell(&t, i, 2), NULL, 10) != f->size) {
            diag_error(d, path, t.line[i], 0, "input %s %s of %s bytes, but this run's is %s of "
                       "%llu bytes: the batch changed since phase 1, or the partition is another "
                       "run's", csv_cell(&t, i, 0), csv_cell(&t, i, 1), csv_cell(&t, i, 2), f->path,
                       (unsigned long long)f->size);
            ok = -1;
        } else if (*sha) {
            if (strlen(sha) != DIGEST_HEX_SIZE - 1 || (f->sha256[0] && strcmp(f->sha256, sha))) {
                diag_error(d, path, t.line[i], 4, "input %s: a SHA-256 that is not the other "
                           "tasks'", f->name);
                ok = -1;
            } else {
                memcpy(f->sha256, sha, DIGEST_HEX_SIZE);
            }
        }
    }
    csv_table_free(&t);
    free(path);
    return ok;
}

/* One task's directory: its mark, manifest, inputs and part-j, into p. */
static int read_task_dir(parts *p, vectors *v, const char *dir, const char *const *command,
                         size_t ncommand, unsigned char *seen, char **seen_in, diag *d)
{
    manifest m;
    char *mpath = join(dir, MANIFEST_FILE);
    int ok = manifest_read(&m, mpath, d);
    free(mpath);
    unsigned k = 0;
    if (ok == 0)
        ok = check_manifest(dir, &m, command, ncommand, d);
    if (ok == 0)
        ok = read_task(dir, &m, p->n, &k, d);
    if (ok == 0 && seen[k]) {
        diag_error(d, dir, 0, 0, "phase 1 task %u/%u is given twice: here and in %s", k, p->n,
                   seen_in[k]);
        ok = -1;
    }
    if (ok == 0) {
        seen[k] = 1;
        seen_in[k] = xstrdup(dir);
        ok = read_inputs(p, dir, &m, d);
    }
    if (ok == 0) {
        char rel[32];
        size_t len;
        parts_file_name(rel, sizeof rel, p->j);
        char *text = read_listed(dir, &m, rel, &len, d);
        char *path = join(dir, rel);
        ok = text ? read_part(p, v, text, len, k, path, d) : -1;
        free(path);
        if (text) {
            p->text = xrealloc(p->text, (p->ntext + 1) * sizeof *p->text);
            p->text[p->ntext++] = text;
        }
    }
    manifest_free(&m);
    return ok;
}

/* ---- the whole of a shard's partitions ------------------------------------------- */

static int by_deal_row(const void *a, const void *b)
{
    uint32_t x = ((const part_deal *)a)->rec.row, y = ((const part_deal *)b)->rec.row;
    return x < y ? -1 : x > y;
}

static int by_row(const void *a, const void *b)
{
    uint32_t x = ((const part_record *)a)->row, y = ((const part_record *)b)->row;
    return x < y ? -1 : x > y;
}

/* Tasks wrote their rows in file order; together they must still name each row once. */
static int order_rows(parts *p, const char *dir, diag *d)
{
    if (p->ndeals)
        qsort(p->deals, p->ndeals, sizeof *p->deals, by_deal_row);
    int ok = 0;
    for (size_t i = 1; i < p->ndeals && ok == 0; i++)
        ok = p->deals[i].rec.row == p->deals[i - 1].rec.row ? -1 : 0;
    for (int f = PART_EVENTS; f < PART_FILES; f++) {
        if (p->nrows[f])
            qsort(p->rows[f], p->nrows[f], sizeof *p->rows[f], by_row);
        for (size_t i = 1; i < p->nrows[f] && ok == 0; i++)
            ok = p->rows[f][i].row == p->rows[f][i - 1].row ? -1 : 0;
    }
    if (ok)
        diag_error(d, dir, 0, 0, "two tasks give the same record: the partitions are not one "
                   "run's");
    return ok;
}

/* The inputs phase 2 reads whole must hash as phase 1 hashed them; every input was hashed. */
static int check_hashes(parts *p, const char *dir, diag *d)
{
    static const char *const whole[] = {"plan", "roster", "campaigns", "quotas", "fx",
                                        "adjustments", "paid"};
    int ok = 0;
    for (size_t i = 0; i < p->inputs.ninputs; i++) {
        const manifest_file *f = &p->inputs.inputs[i];
        if (!f->sha256[0]) {
            diag_error(d, dir, 0, 0, "no task of phase 1 hashed input %s (%s)", f->name, f->path);
            ok = -1;
            continue;
        }
        for (size_t w = 0; w < sizeof whole / sizeof whole[0]; w++) {
            if (strcmp(f->name, whole[w]) != 0)
                continue;
            char sha[DIGEST_HEX_SIZE];
            uint64_t size;
            if (digest_file(sha, &size, f->path, d) != 0) {
                ok = -1;
            } else if (strcmp(sha, f->sha256) != 0 || size != f->size) {
                diag_error(d, f->path, 0, 0, "changed since phase 1 read it (its SHA-256 is not "
                           "the one phase 1 recorded): run phase 1 again");
                ok = -1;
            }
        }
    }
    return ok;
}

/* The run's inputs with their sizes now (hashes come from the tasks). */
static int own_inputs(parts *p, const manifest *own, diag *d)
{
    manifest_init(&p->inputs);
    int ok = 0;
    for (size_t i = 0; i < own->ninputs; i++) {
        manifest_file *f = manifest_add_input(&p->inputs, own->inputs[i].name, own->inputs[i].path);
        struct stat st;
        if (stat(f->path, &st) != 0) {
            diag_error(d, f->path, 0, 0, "cannot open file: %s", strerror(errno));
            ok = -1;
        } else {
            f->size = (uint64_t)st.st_size;
        }
    }
    return ok;
}

/* Every non-hidden entry of dir (sorted by the caller, so messages come out in one order). */
static int list_tasks(const char *dir, char ***names, size_t *n, diag *d)
{
    DIR *dh = opendir(dir);
    *names = NULL;
    *n = 0;
    if (!dh) {
        diag_error(d, dir, 0, 0, "cannot read the partitions' directory: %s", strerror(errno));
        return -1;
    }
    for (struct dirent *e; (e = readdir(dh));) {
        if (e->d_name[0] == '.')
            continue;  /* ., .., and an unfinished task's temporary directory */
        *names = xrealloc(*names, (*n + 1) * sizeof **names);
        (*names)[(*n)++] = join(dir, e->d_name);
    }
    closedir(dh);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int parts_open(parts *p, const char *dir, unsigned j, unsigned n, const manifest *own,
               const char *const *command, size_t ncommand, diag *d)
{
    memset(p, 0, sizeof *p);
    p->j = j;
    p->n = n;
    char **tasks;
    size_t ntasks;
    int ok = own_inputs(p, own, d);
    if (list_tasks(dir, &tasks, &ntasks, d) != 0) {
        parts_free(p);
        return -1;
    }
    if (ntasks)
        qsort(tasks, ntasks, sizeof *tasks, by_name);
    unsigned char *seen = xcalloc(n, 1);
    char **seen_in = xcalloc(n, sizeof *seen_in);
    vectors v = {0};
    for (size_t i = 0; i < ntasks && ok == 0; i++)
        ok = read_task_dir(p, &v, tasks[i], command, ncommand, seen, seen_in, d);
    for (unsigned k = 0; k < n && ok == 0; k++)
        if (!seen[k]) {
            diag_error(d, dir, 0, 0, "phase 1 task %u/%u is missing (its output is not in this "
                       "directory: did it fail?)", k, n);
            ok = -1;
        }
    if (ok == 0)
        ok = check_hashes(p, dir, d);
    if (ok == 0)
        ok = order_rows(p, dir, d);
    for (size_t i = 0; i < ntasks; i++)
        free(tasks[i]);
    for (unsigned k = 0; k < n; k++)
        free(seen_in[k]);
    free(tasks);
    free(seen);
    free(seen_in);
    if (ok != 0)
        parts_free(p);
    return ok;
}

void parts_free(parts *p)
{
    for (size_t i = 0; i < p->ntext; i++)
        free(p->text[i]);
    free(p->text);
    free(p->deals);
    for (int f = 0; f < PART_FILES; f++)
        free(p->rows[f]);
    free(p->lines);
    free(p->weights);
    free(p->tallies);
    manifest_free(&p->inputs);
    memset(p, 0, sizeof *p);
}
