/*
 * convert.c - CRM exports to a contract batch, every value traceable back.
 *
 * Each <rows> block of a mapping reads one export table (read once, however
 * many blocks and lookups use it), keeps the rows its filters pass, and
 * writes one converted row per kept row: each field's value is recoded,
 * looked up and converted from its input format (informat.c).  Alongside
 * the CSV text, every converted row records the line where it starts, the
 * export line it came from and its block, whose columns say which export
 * column fed each converted column.  That is enough to move any message
 * about the converted batch (convert_check) to the export's file:line:col.
 */
#include "convert.h"
#include "batch.h"
#include "csv.h"
#include "idmap.h"
#include "outdir.h"
#include "plan.h"
#include "record.h"
#include "truce/truce.h"
#include "xmlsafe.h"

#include <stdlib.h>
#include <string.h>

/* ---- export tables, each read once ------------------------------------------ */

typedef struct export_cache {
    char **paths;        /* as diagnostics name them */
    csv_table **tables;  /* NULL when the file could not be read */
    size_t n, cap;
} export_cache;

static char *join_path(const char *dir, const char *file)
{
    strbuf sb = STRBUF_INIT;
    if (dir && *dir)
        sb_printf(&sb, "%s/%s", dir, file);
    else
        sb_puts(&sb, file);
    return sb_detach(&sb);
}

/* The table of export `file`, read on first use; NULL when it could not be read (reported once). */
static const csv_table *export_table(export_cache *c, const char *from_dir, const char *file,
                                     diag *d)
{
    char *path = join_path(from_dir, file);
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->paths[i], path) == 0) {
            free(path);
            return c->tables[i];
        }
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 8;
        c->paths = xrealloc(c->paths, c->cap * sizeof *c->paths);
        c->tables = xrealloc(c->tables, c->cap * sizeof *c->tables);
    }
    csv_table *t = xcalloc(1, sizeof *t);
    if (csv_read_file(t, path, path, d) != 0) {
        csv_table_free(t);
        free(t);
        t = NULL;
    }
    c->paths[c->n] = path;
    c->tables[c->n++] = t;
    return t;
}

static void export_cache_free(export_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->paths[i]);
        if (c->tables[i])
            csv_table_free(c->tables[i]);
        free(c->tables[i]);
    }
    free(c->paths);
    free(c->tables);
}

/* An export column named by the mapping at mapping line mline; -1 after reporting it missing. */
static long need_column(const csv_table *t, const char *name, const mapping *m, long mline,
                        diag *d)
{
    long c = csv_column(t, name);
    if (c < 0)
        diag_error(d, t->file, t->header_line, 0, "no column '%s' (named at %s:%ld)", name,
                   m->file, mline);
    return c;
}

/* ---- lookups ------------------------------------------------------------------ */

typedef struct lookup_index {
    const csv_table *t;   /* NULL: unusable (reported) */
    idmap keys;           /* key -> row */
} lookup_index;

static void build_lookup(lookup_index *li, const map_lookup *l, const mapping *m,
                         export_cache *c, const char *from_dir, diag *d)
{
    idmap_init(&li->keys);
    li->t = export_table(c, from_dir, l->file, d);
    if (!li->t)
        return;
    long key = need_column(li->t, l->key, m, l->line, d);
    if (key < 0) {
        li->t = NULL;
        return;
    }
    for (size_t r = 0; r < li->t->nrows; r++)
        if (idmap_put(&li->keys, csv_cell(li->t, r, (size_t)key), (uint32_t)r) != 0)
            diag_error(d, li->t->file, li->t->line[r], key + 1,
                       "key '%s' of lookup '%s' is repeated", csv_cell(li->t, r, (size_t)key),
                       l->id);
}

/* ---- writing converted CSV ------------------------------------------------------- */

/* Line ends in s as the CSV reader counts them: LF, CRLF and a lone CR. */
static long line_ends(const char *s)
{
    long n = 0;
    for (; *s; s++)
        n += *s == '\n' || (*s == '\r' && s[1] != '\n');
    return n;
}

/* One field; quoted when it holds a comma, a quote or a line end, so that it reads back as is. */
static void put_field(convert_file *f, const char *s, int first)
{
    if (!first)
        sb_putc(&f->text, ',');
    if (!strpbrk(s, ",\"\r\n")) {
        sb_puts(&f->text, s);
        return;
    }
    f->next_line += line_ends(s);
    sb_putc(&f->text, '"');
    for (; *s; s++) {
        if (*s == '"')
            sb_putc(&f->text, '"');
        sb_putc(&f->text, *s);
    }
    sb_putc(&f->text, '"');
}

static void begin_row(convert_file *f, long xline, uint32_t block)
{
    if (f->nrows == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 256;
        f->line = xrealloc(f->line, f->cap * sizeof *f->line);
        f->xline = xrealloc(f->xline, f->cap * sizeof *f->xline);
        f->block = xrealloc(f->block, f->cap * sizeof *f->block);
    }
    f->line[f->nrows] = f->next_line;
    f->xline[f->nrows] = xline;
    f->block[f->nrows++] = block;
}

static void end_row(convert_file *f)
{
    sb_putc(&f->text, '\n');
    f->next_line++;
}

static void write_header(convert_file *f, const map_rows *first)
{
    sb_puts(&f->text, "");
    for (size_t i = 0; i < first->nfields; i++)
        put_field(f, first->fields[i].name, i == 0);
    end_row(f);
}

/* ---- converting one block ---------------------------------------------------------- */

typedef struct converter {
    const mapping *m;
    const char *from_dir;
    export_cache cache;
    lookup_index *lookups;
    convert_result *r;
    diag *d;
} converter;

/* The export columns a block reads; -1 when one is missing (reported). */
typedef struct block_columns {
    long *keep, *field, *take;
    long distinct;
} block_columns;

static int resolve_columns(converter *cv, const map_rows *rows, const csv_table *t,
                           block_columns *bc)
{
    int ok = 0;
    bc->distinct = -1;
    if (rows->distinct && (bc->distinct = need_column(t, rows->distinct, cv->m, rows->line, cv->d)) < 0)
        ok = -1;
    for (size_t k = 0; k < rows->nkeeps; k++)
        if ((bc->keep[k] = need_column(t, rows->keeps[k].column, cv->m, rows->keeps[k].line, cv->d)) < 0)
            ok = -1;
    for (size_t i = 0; i < rows->nfields; i++) {
        const map_field *f = &rows->fields[i];
        bc->field[i] = bc->take[i] = -1;
        if (f->column && (bc->field[i] = need_column(t, f->column, cv->m, f->line, cv->d)) < 0)
            ok = -1;
        const lookup_index *li = f->lookup >= 0 ? &cv->lookups[f->lookup] : NULL;
        if (li && !li->t)
            ok = -1;  /* the lookup's own problem is reported */
        else if (li && (bc->take[i] = need_column(li->t, f->take, cv->m, f->line, cv->d)) < 0)
            ok = -1;
    }
    return ok;
}

static int row_kept(const csv_table *t, size_t row, const map_rows *rows, const long *keep)
{
    for (size_t k = 0; k < rows->nkeeps; k++)
        if (strcmp(csv_cell(t, row, (size_t)keep[k]), rows->keeps[k].equals) != 0)
            return 0;
    return 1;
}

/*
 * The converted value of field i in export row `row` into val: recoded,
 * looked up, converted.  A value that fails is reported at the row's line
 * and the field's export column.
 */
static void field_value(converter *cv, strbuf *val, const csv_table *t, size_t row,
                        const map_field *f, long col, long take)
{
    sb_reset(val);
    sb_puts(val, "");
    if (!f->column) {
        sb_puts(val, f->value);
        return;
    }
    const char *raw = csv_cell(t, row, (size_t)col), *v = raw;
    for (size_t k = 0; k < f->nrecodes; k++)
        if (strcmp(v, f->recodes[k].from) == 0) {
            v = f->recodes[k].to;
            break;
        }
    if (f->lookup >= 0) {
        const lookup_index *li = &cv->lookups[f->lookup];
        long hit = idmap_get(&li->keys, v);
        if (hit < 0) {
            diag_error(cv->d, t->file, t->line[row], col + 1, "%s '%s' is not a key of %s",
                       f->column, v, li->t->file);
            return;
        }
        v = csv_cell(li->t, (size_t)hit, (size_t)take);
    }
    const char *why = "";
    if (informat_convert(val, v, &f->format, &why) != 0) {
        strbuf how = STRBUF_INIT;   /* the declaration, so the message says which format */
        if (f->format.kind == INFORMAT_NUMBER) {
            sb_puts(&how, " (");
            informat_describe(&how, &f->format);
            sb_putc(&how, ')');
        }
        diag_error(cv->d, t->file, t->line[row], col + 1, "%s '%s' %s%s", f->column, v, why,
                   how.p ? how.p : "");
        sb_free(&how);
        sb_reset(val);
        sb_puts(val, "");
    }
}

/* Records block bi's export and columns, so that messages can be moved back there. */
static void record_block(convert_result *r, uint32_t bi, const csv_table *t,
                         const map_rows *rows, const long *field)
{
    convert_block *b = &r->blocks[bi];
    b->file = xstrdup(t->file);
    b->ncols = rows->nfields;
    b->col = xcalloc(rows->nfields ? rows->nfields : 1, sizeof *b->col);
    for (size_t i = 0; i < rows->nfields; i++)
        b->col[i] = field[i] >= 0 ? field[i] + 1 : 0;
}

static void convert_rows(converter *cv, convert_file *out, const map_rows *rows, uint32_t bi)
{
    const csv_table *t = export_table(&cv->cache, cv->from_dir, rows->file, cv->d);
    if (!t)
        return;
    size_t nf = rows->nfields;
    block_columns bc = {xcalloc(rows->nkeeps + 1, sizeof(long)), xcalloc(nf + 1, sizeof(long)),
                        xcalloc(nf + 1, sizeof(long)), -1};
    idmap seen;
    idmap_init(&seen);
    strbuf val = STRBUF_INIT;
    if (resolve_columns(cv, rows, t, &bc) == 0) {
        record_block(cv->r, bi, t, rows, bc.field);
        for (size_t row = 0; row < t->nrows; row++) {
            if (!row_kept(t, row, rows, bc.keep))
                continue;
            if (bc.distinct >= 0 &&
                idmap_put(&seen, csv_cell(t, row, (size_t)bc.distinct), (uint32_t)row) != 0)
                continue;
            begin_row(out, t->line[row], bi);
            for (size_t i = 0; i < nf; i++) {
                field_value(cv, &val, t, row, &rows->fields[i], bc.field[i], bc.take[i]);
                put_field(out, val.p, i == 0);
            }
            end_row(out);
        }
    }
    sb_free(&val);
    idmap_free(&seen);
    free(bc.keep);
    free(bc.field);
    free(bc.take);
}

/* Whether entry i of d repeats an earlier one exactly. */
static int repeated(const diag *d, size_t i)
{
    const diag_entry *e = &d->v[i];
    for (size_t j = 0; j < i; j++) {
        const diag_entry *x = &d->v[j];
        if (x->line == e->line && x->col == e->col && x->level == e->level &&
            strcmp(x->msg, e->msg) == 0 && (x->file == e->file ||
                                              (x->file && e->file && strcmp(x->file, e->file) == 0)))
            return 1;
    }
    return 0;
}

/*
 * Appends from's messages to d, each once: two blocks reading the same
 * export cell (a deal's close date is also its touch's date) would report
 * the same bad value twice.
 */
static void append_once(diag *d, const diag *from)
{
    diag kept;
    diag_init(&kept);
    for (size_t i = 0; i < from->n; i++) {
        const diag_entry *e = &from->v[i];
        if (repeated(from, i))
            continue;
        if (e->level == DIAG_ERROR)
            diag_error(&kept, e->file, e->line, e->col, "%s", e->msg);
        else
            diag_warn(&kept, e->file, e->line, e->col, "%s", e->msg);
    }
    /* Past DIAG_MAX_KEPT messages were counted, not kept: they still count. */
    if (from->n == DIAG_MAX_KEPT)
        kept.errors += from->errors > kept.errors ? from->errors - kept.errors : 0;
    diag_append(d, &kept);
    diag_free(&kept);
}

static int convert_all(convert_result *r, const mapping *m, const char *from_dir,
                       const char *out_dir, diag *d)
{
    size_t before = d->errors;
    for (int t = 0; t < MAP_TARGETS; t++)
        r->nblocks += m->target[t].nrows;
    r->blocks = xcalloc(r->nblocks + 1, sizeof *r->blocks);
    converter cv = {m, from_dir, {0}, xcalloc(m->nlookups + 1, sizeof *cv.lookups), r, d};
    for (size_t i = 0; i < m->nlookups; i++)
        build_lookup(&cv.lookups[i], &m->lookups[i], m, &cv.cache, from_dir, d);
    uint32_t bi = 0;
    for (int t = 0; t < MAP_TARGETS; t++) {
        const map_target *tg = &m->target[t];
        r->names[t] = join_path(out_dir, mapping_target_file(t));
        if (!tg->present)
            continue;
        r->present[t] = 1;
        r->files[t].next_line = 1;
        write_header(&r->files[t], &tg->rows[0]);
        for (size_t k = 0; k < tg->nrows; k++, bi++)
            convert_rows(&cv, &r->files[t], &tg->rows[k], bi);
    }
    for (size_t i = 0; i < m->nlookups; i++)
        idmap_free(&cv.lookups[i].keys);
    free(cv.lookups);
    export_cache_free(&cv.cache);
    return d->errors == before ? 0 : -1;
}

int convert_exports(convert_result *r, const mapping *m, const char *from_dir,
                    const char *out_dir, diag *d)
{
    memset(r, 0, sizeof *r);
    diag local;
    diag_init(&local);
    int rc = convert_all(r, m, from_dir, out_dir, &local);
    append_once(d, &local);
    diag_free(&local);
    return rc;
}

/* ---- the plan ----------------------------------------------------------------------- */

int convert_add_plan(convert_result *r, const char *path, diag *d)
{
    sb_reset(&r->plan);
    sb_puts(&r->plan, "");
    /* A longer plan's first bytes are enough for plan_load_memory to refuse it. */
    if (xmlsafe_read_file(&r->plan, path, PLAN_MAX_BYTES, path, "plan", d) != 0)
        return -1;
    free(r->plan_name);
    r->plan_name = xstrdup(path);
    return 0;
}

/* ---- checking, with messages moved back to the exports ----------------------------- */

/* The converted row of file f starting at `line`, or -1 (the header, or no row). */
static long row_at_line(const convert_file *f, long line)
{
    size_t lo = 0, hi = f->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->line[mid] < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->nrows && f->line[lo] == line ? (long)lo : -1;
}

/* Moves one message about a converted row to the export line and column it came from. */
static void relocate(const convert_result *r, diag_entry *e)
{
    for (int t = 0; e->file && t < MAP_TARGETS; t++) {
        if (!r->present[t] || strcmp(e->file, r->names[t]) != 0)
            continue;
        long row = row_at_line(&r->files[t], e->line);
        if (row < 0)
            return;
        const convert_block *b = &r->blocks[r->files[t].block[row]];
        free(e->file);
        e->file = xstrdup(b->file);
        e->line = r->files[t].xline[row];
        e->col = e->col >= 1 && (size_t)e->col <= b->ncols ? b->col[e->col - 1] : 0;
        return;
    }
}

static batch_source source_of(const convert_result *r, int t)
{
    batch_source s = {r->names[t], NULL, 0};
    if (r->present[t]) {
        s.data = r->files[t].text.p;
        s.len = r->files[t].text.len;
    }
    return s;
}

void convert_sources(const convert_result *r, batch_sources *src)
{
    memset(src, 0, sizeof *src);
    src->plan = (batch_source){r->plan_name, r->plan_name ? r->plan.p : NULL, r->plan.len};
    src->roster = source_of(r, MAP_ROSTER);
    src->deals = source_of(r, MAP_DEALS);
    src->touches = source_of(r, MAP_TOUCHES);
    src->campaigns = source_of(r, MAP_CAMPAIGNS);
}

void convert_relocate(const convert_result *r, diag *from, diag *into)
{
    for (size_t i = 0; i < from->n; i++) {
        relocate(r, &from->v[i]);
        const diag_entry *e = &from->v[i];
        if (e->level == DIAG_ERROR)
            diag_error(into, e->file, e->line, e->col, "%s", e->msg);
        else
            diag_warn(into, e->file, e->line, e->col, "%s", e->msg);
    }
}

/* ---- writing --------------------------------------------------------------------------- */

/* manifest.xml, last: the command and the files, so that the batch is recognisably truce's. */
static int write_manifest(outdir *o, const char *const *command, size_t ncommand, diag *d)
{
    size_t n;
    const outdir_entry *files = outdir_files(o, &n);
    strbuf sb = STRBUF_INIT;
    int rc = record_outputs_manifest(&sb, TRUCE_VERSION, command, ncommand, NULL, files, n, d);
    if (rc == 0)
        rc = outdir_write(o, MANIFEST_FILE, sb.p, sb.len, d);
    sb_free(&sb);
    return rc;
}

int convert_write(const convert_result *r, const char *out, int force,
                  const char *const *command, size_t ncommand,
                  const volatile sig_atomic_t *cancel, diag *d)
{
    outdir o;
    if (outdir_begin(&o, out, d) != 0)
        return -1;
    o.cancel = cancel;
    int failed = 0;
    for (int t = 0; t < MAP_TARGETS && !failed; t++)
        if (r->present[t])
            failed = outdir_write(&o, mapping_target_file(t), r->files[t].text.p,
                                  r->files[t].text.len, d) != 0;
    if (!failed && r->plan_name)
        failed = outdir_write(&o, "plan.xml", r->plan.p, r->plan.len, d) != 0;
    if (!failed)
        failed = write_manifest(&o, command, ncommand, d) != 0;
    if (!failed)
        failed = outdir_commit(&o, force, d) != 0;
    if (failed)
        outdir_abort(&o);
    return failed ? -1 : 0;
}

void convert_result_free(convert_result *r)
{
    for (int t = 0; t < MAP_TARGETS; t++) {
        convert_file *f = &r->files[t];
        sb_free(&f->text);
        free(f->line);
        free(f->xline);
        free(f->block);
        free(r->names[t]);
    }
    for (size_t i = 0; i < r->nblocks; i++) {
        free(r->blocks[i].file);
        free(r->blocks[i].col);
    }
    free(r->blocks);
    sb_free(&r->plan);
    free(r->plan_name);
    memset(r, 0, sizeof *r);
}
