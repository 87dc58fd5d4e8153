/*
 * manifest.c - manifest.xml written with libxml2's xmlTextWriter, read back
 * with its parser.
 *
 * Writing is canonical: fixed element order, outputs sorted by path, one
 * indentation, no optional whitespace, so that equal manifests are equal
 * bytes.  Reading is strict and treats the file as untrusted (an auditor's
 * copy may have been edited): no network, no DTD, a size cap, every element
 * and attribute checked; whatever it accepts, writing it again gives the
 * same bytes, which is what `truce merge` and `truce verify` rely on.
 */
#include "manifest.h"
#include "date.h"
#include "readfile.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- the structure ---------------------------------------------------------- */

void manifest_init(manifest *m)
{
    memset(m, 0, sizeof *m);
}

static void file_free(manifest_file *f)
{
    free(f->name);
    free(f->path);
}

static void fit_free(manifest_fit *f)
{
    free(f->model);
    free(f->trained_on);
    for (size_t i = 0; i < f->n; i++) {
        free(f->campaign[i]);
        free(f->value[i]);
    }
    free(f->campaign);
    free(f->value);
}

manifest_fit *manifest_add_fit(manifest *m)
{
    m->fits = xrealloc(m->fits, (m->nfits + 1) * sizeof *m->fits);
    manifest_fit *f = &m->fits[m->nfits++];
    memset(f, 0, sizeof *f);
    return f;
}

void manifest_fit_add(manifest_fit *f, const char *id, const char *value)
{
    f->campaign = xrealloc(f->campaign, (f->n + 1) * sizeof *f->campaign);
    f->value = xrealloc(f->value, (f->n + 1) * sizeof *f->value);
    f->campaign[f->n] = xstrdup(id);
    f->value[f->n++] = xstrdup(value);
}

static void copy_fits(manifest *dst, const manifest *src)
{
    for (size_t i = 0; i < src->nfits; i++) {
        const manifest_fit *s = &src->fits[i];
        manifest_fit *f = manifest_add_fit(dst);
        *f = (manifest_fit){s->version, s->line, xstrdup(s->model), xstrdup(s->trained_on),
                            s->journeys, s->won, NULL, NULL, 0};
        for (size_t k = 0; k < s->n; k++)
            manifest_fit_add(f, s->campaign[k], s->value[k]);
    }
}

void manifest_free(manifest *m)
{
    free(m->version);
    for (size_t i = 0; i < m->ncommand; i++)
        free(m->command[i]);
    free(m->command);
    free(m->statements);
    free(m->plan.id);
    free(m->plan.currency);
    free(m->plan.rounding);
    for (size_t i = 0; i < m->ninputs; i++)
        file_free(&m->inputs[i]);
    for (size_t i = 0; i < m->noutputs; i++)
        file_free(&m->outputs[i]);
    free(m->inputs);
    free(m->outputs);
    for (size_t i = 0; i < m->nfits; i++)
        fit_free(&m->fits[i]);
    free(m->fits);
    manifest_init(m);
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void manifest_set_command(manifest *m, const char *const *argv, size_t n)
{
    for (size_t i = 0; i < m->ncommand; i++)
        free(m->command[i]);
    free(m->command);
    m->command = xcalloc(n ? n : 1, sizeof *m->command);
    for (size_t i = 0; i < n; i++)
        m->command[i] = xstrdup(argv[i]);
    m->ncommand = n;
}

/* Appends an empty entry to a file list (lists grow one by one: they are short or grown rarely). */
static manifest_file *push_file(manifest_file **v, size_t *n)
{
    if ((*n & (*n - 1)) == 0)  /* at 0, 1, 2, 4, ...: double */
        *v = xrealloc(*v, (*n ? *n * 2 : 1) * sizeof **v);
    manifest_file *f = &(*v)[(*n)++];
    memset(f, 0, sizeof *f);
    return f;
}

manifest_file *manifest_add_input(manifest *m, const char *name, const char *path)
{
    manifest_file *f = push_file(&m->inputs, &m->ninputs);
    f->name = xstrdup(name);
    f->path = xstrdup(path);
    return f;
}

void manifest_add_output(manifest *m, const char *path, uint64_t size, const char *sha256)
{
    manifest_file *f = push_file(&m->outputs, &m->noutputs);
    f->path = xstrdup(path);
    f->size = size;
    snprintf(f->sha256, sizeof f->sha256, "%s", sha256);
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const manifest_file *)a)->path, ((const manifest_file *)b)->path);
}

void manifest_sort_outputs(manifest *m)
{
    if (m->noutputs > 1)
        qsort(m->outputs, m->noutputs, sizeof *m->outputs, by_path);
}

const manifest_file *manifest_input(const manifest *m, const char *name)
{
    for (size_t i = 0; i < m->ninputs; i++)
        if (strcmp(m->inputs[i].name, name) == 0)
            return &m->inputs[i];
    return NULL;
}

static void copy_files(manifest_file **dst, size_t *ndst, const manifest_file *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        manifest_file *f = push_file(dst, ndst);
        *f = src[i];
        f->name = dup_or_null(src[i].name);
        f->path = xstrdup(src[i].path);
    }
}

void manifest_copy(manifest *dst, const manifest *src)
{
    manifest_init(dst);
    dst->version = dup_or_null(src->version);
    manifest_set_command(dst, (const char *const *)src->command, src->ncommand);
    dst->per = src->per;
    dst->shard_k = src->shard_k;
    dst->shard_n = src->shard_n;
    dst->statements = dup_or_null(src->statements);
    dst->plan = src->plan;
    dst->plan.id = dup_or_null(src->plan.id);
    dst->plan.currency = dup_or_null(src->plan.currency);
    dst->plan.rounding = dup_or_null(src->plan.rounding);
    copy_files(&dst->inputs, &dst->ninputs, src->inputs, src->ninputs);
    copy_files(&dst->outputs, &dst->noutputs, src->outputs, src->noutputs);
    copy_fits(dst, src);
}

/* ---- libxml2's error handlers, borrowed for one call ------------------------ */

typedef struct xml_errors {
    diag *d;
    const char *name;
    int reported;
    xmlStructuredErrorFunc old_structured;
    void *old_structured_ctx;
    xmlGenericErrorFunc old_generic;
    void *old_generic_ctx;
} xml_errors;

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ctx, const xmlError *e)
#else
static void on_xml_error(void *ctx, xmlErrorPtr e)
#endif
{
    xml_errors *x = ctx;
    if (x->reported++ || !x->d)
        return;  /* the first message says where the document breaks; the rest repeat it */
    char msg[256];
    snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "XML error");
    msg[strcspn(msg, "\n")] = '\0';
    diag_error(x->d, x->name, e ? e->line : 0, 0, "%s", msg);
}

static void ignore_generic(void *ctx, const char *fmt, ...)
{
    (void)ctx, (void)fmt;
}

/* libxml2 would print to stderr by default; the library never prints. */
static void errors_take(xml_errors *x, diag *d, const char *name)
{
    pthread_once(&xml_once, xml_init);
    x->d = d;
    x->name = name;
    x->reported = 0;
    x->old_structured = xmlStructuredError;
    x->old_structured_ctx = xmlStructuredErrorContext;
    x->old_generic = xmlGenericError;
    x->old_generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(x, on_xml_error);
    xmlSetGenericErrorFunc(NULL, ignore_generic);
}

static void errors_give_back(xml_errors *x)
{
    xmlSetStructuredErrorFunc(x->old_structured_ctx, x->old_structured);
    xmlSetGenericErrorFunc(x->old_generic_ctx, x->old_generic);
}

/* ---- writing ------------------------------------------------------------------ */

/* XML 1.0 carries UTF-8 text without C0 control characters (and attribute values
   would have tabs and line breaks normalised away), so a string must be both. */
static int recordable(const char *s, const char *what, const char *name, diag *d)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20) {
            diag_error(d, name, 0, 0, "cannot record %s '%s': it holds a control character", what, s);
            return -1;
        }
    if (!xmlCheckUTF8((const xmlChar *)s)) {
        diag_error(d, name, 0, 0, "cannot record %s '%s': it is not UTF-8", what, s);
        return -1;
    }
    return 0;
}

static int all_recordable(const manifest *m, const char *name, diag *d)
{
    int bad = 0;
    for (size_t i = 0; i < m->ncommand; i++)
        bad |= recordable(m->command[i], "the argument", name, d);
    for (size_t i = 0; i < m->ninputs; i++)
        bad |= recordable(m->inputs[i].path, "the input path", name, d);
    for (size_t i = 0; i < m->noutputs; i++)
        bad |= recordable(m->outputs[i].path, "the output path", name, d);
    const char *fixed[] = {m->version, m->plan.id, m->plan.currency, m->plan.rounding};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (fixed[i])
            bad |= recordable(fixed[i], "the value", name, d);
    return bad ? -1 : 0;
}

#define W(call) ok &= (call) >= 0
#define X(s) BAD_CAST(s)

static int put_file(xmlTextWriterPtr w, const char *element, const manifest_file *f)
{
    int ok = 1;
    char size[24];
    snprintf(size, sizeof size, "%llu", (unsigned long long)f->size);
    W(xmlTextWriterStartElement(w, X(element)));
    if (f->name)
        W(xmlTextWriterWriteAttribute(w, X("name"), X(f->name)));
    W(xmlTextWriterWriteAttribute(w, X("path"), X(f->path)));
    W(xmlTextWriterWriteAttribute(w, X("size"), X(size)));
    W(xmlTextWriterWriteAttribute(w, X("sha256"), X(f->sha256)));
    W(xmlTextWriterEndElement(w));
    return ok;
}

static int put_files(xmlTextWriterPtr w, const char *list, const char *element,
                     const manifest_file *v, size_t n)
{
    int ok = 1;
    W(xmlTextWriterStartElement(w, X(list)));
    for (size_t i = 0; i < n; i++)
        ok &= put_file(w, element, &v[i]);
    W(xmlTextWriterEndElement(w));
    return ok;
}

static int put_plan(xmlTextWriterPtr w, const manifest_plan *p)
{
    int ok = 1;
    W(xmlTextWriterStartElement(w, X("plans")));
    if (p->id) {
        char year[16];
        snprintf(year, sizeof year, "%d", p->year);
        W(xmlTextWriterStartElement(w, X("plan")));
        W(xmlTextWriterWriteAttribute(w, X("id"), X(p->id)));
        W(xmlTextWriterWriteAttribute(w, X("year"), X(year)));
        W(xmlTextWriterWriteAttribute(w, X("currency"), X(p->currency ? p->currency : "")));
        W(xmlTextWriterWriteAttribute(w, X("rounding"), X(p->rounding ? p->rounding : "")));
        W(xmlTextWriterWriteAttribute(w, X("sha256"), X(p->sha256)));
        W(xmlTextWriterEndElement(w));
    }
    W(xmlTextWriterEndElement(w));
    return ok;
}

static int put_fit(xmlTextWriterPtr w, const manifest_fit *f)
{
    int ok = 1;
    W(xmlTextWriterStartElement(w, X("fit")));
    W(xmlTextWriterWriteFormatAttribute(w, X("version"), "%u", f->version));
    W(xmlTextWriterWriteFormatAttribute(w, X("line"), "%lu", f->line));
    W(xmlTextWriterWriteAttribute(w, X("model"), X(f->model)));
    W(xmlTextWriterWriteAttribute(w, X("trained-on"), X(f->trained_on)));
    W(xmlTextWriterWriteFormatAttribute(w, X("journeys"), "%llu", (unsigned long long)f->journeys));
    W(xmlTextWriterWriteFormatAttribute(w, X("won"), "%llu", (unsigned long long)f->won));
    for (size_t i = 0; i < f->n; i++) {
        W(xmlTextWriterStartElement(w, X("campaign")));
        W(xmlTextWriterWriteAttribute(w, X("id"), X(f->campaign[i])));
        W(xmlTextWriterWriteAttribute(w, X("value"), X(f->value[i])));
        W(xmlTextWriterEndElement(w));
    }
    W(xmlTextWriterEndElement(w));
    return ok;
}

/* <fits>, only when there is one: manifests of other plans are unchanged. */
static int put_fits(xmlTextWriterPtr w, const manifest *m)
{
    int ok = 1;
    if (m->nfits == 0)
        return ok;
    W(xmlTextWriterStartElement(w, X("fits")));
    for (size_t i = 0; i < m->nfits; i++)
        ok &= put_fit(w, &m->fits[i]);
    W(xmlTextWriterEndElement(w));
    return ok;
}

static int put_head(xmlTextWriterPtr w, const manifest *m)
{
    int ok = 1;
    W(xmlTextWriterStartElement(w, X("engine")));
    W(xmlTextWriterWriteAttribute(w, X("name"), X("truce")));
    W(xmlTextWriterWriteAttribute(w, X("version"), X(m->version ? m->version : "")));
    W(xmlTextWriterEndElement(w));
    W(xmlTextWriterStartElement(w, X("command")));
    for (size_t i = 0; i < m->ncommand; i++)
        W(xmlTextWriterWriteElement(w, X("arg"), X(m->command[i])));
    W(xmlTextWriterEndElement(w));
    if (m->per.year) {  /* convert's output has no period */
        char per[PERIOD_TEXT_SIZE];
        period_format(&m->per, per);
        W(xmlTextWriterWriteElement(w, X("period"), X(per)));
    }
    if (m->shard_n) {
        W(xmlTextWriterStartElement(w, X("shard")));
        W(xmlTextWriterWriteFormatAttribute(w, X("k"), "%u", m->shard_k));
        W(xmlTextWriterWriteFormatAttribute(w, X("n"), "%u", m->shard_n));
        W(xmlTextWriterEndElement(w));
    }
    if (m->statements)
        W(xmlTextWriterWriteElement(w, X("statements"), X(m->statements)));
    return ok;
}

int manifest_write(strbuf *out, const manifest *m, const char *name, diag *d)
{
    if (all_recordable(m, name, d))
        return -1;
    xml_errors x;
    errors_take(&x, NULL, name);
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    int ok = w != NULL;
    if (ok) {
        W(xmlTextWriterSetIndent(w, 1));
        W(xmlTextWriterSetIndentString(w, X("  ")));
        W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
        W(xmlTextWriterStartElementNS(w, NULL, X("manifest"), X(MANIFEST_NS)));
        ok &= put_head(w, m);
        ok &= put_plan(w, &m->plan);
        ok &= put_fits(w, m);
        ok &= put_files(w, "inputs", "input", m->inputs, m->ninputs);
        ok &= put_files(w, "outputs", "output", m->outputs, m->noutputs);
        W(xmlTextWriterEndDocument(w));
        xmlFreeTextWriter(w);  /* flushes into buf */
    }
    if (ok)
        sb_putn(out, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    else
        diag_error(d, name, 0, 0, "internal error: libxml2 could not write the manifest");
    if (buf)
        xmlBufferFree(buf);
    errors_give_back(&x);
    return ok ? 0 : -1;
}

#undef W

/* ---- reading ------------------------------------------------------------------ */

typedef struct reader {
    diag *d;
    const char *name;
    int failed;
} reader;

static void fail(reader *rd, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(reader *rd, const xmlNode *n, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!rd->failed)  /* one message: after the first fault the rest is guesswork */
        diag_error(rd->d, rd->name, n ? xmlGetLineNo(n) : 0, 0, "%s", msg);
    rd->failed = 1;
}

/* The next element child after *at (whitespace and comments skipped); text is a fault. */
static xmlNode *next_element(reader *rd, xmlNode *at)
{
    for (; at; at = at->next) {
        if (at->type == XML_ELEMENT_NODE)
            return at;
        if (at->type == XML_TEXT_NODE && !xmlIsBlankNode(at))
            fail(rd, at, "unexpected text in the manifest");
    }
    return NULL;
}

static int named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 && n->ns &&
           strcmp((const char *)n->ns->href, MANIFEST_NS) == 0;
}

/* Expects element `name` at *cur (advancing past it); NULL and a fault when absent. */
static xmlNode *expect(reader *rd, xmlNode **cur, xmlNode *parent, const char *name)
{
    xmlNode *n = next_element(rd, *cur);
    if (!named(n, name)) {
        if (n)
            fail(rd, n, "expected <%s>, found <%s>", name, (const char *)n->name);
        else
            fail(rd, parent, "<%s> is missing", name);
        return NULL;
    }
    *cur = n->next;
    return n;
}

/* An attribute's value, copied (caller frees); NULL and a fault when absent. */
static char *attr(reader *rd, xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, X(name));
    if (!v) {
        fail(rd, n, "<%s> has no %s attribute", (const char *)n->name, name);
        return NULL;
    }
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

/* Every attribute of n must be one of the names listed. */
static void only_attrs(reader *rd, xmlNode *n, const char *const *names)
{
    for (xmlAttr *a = n->properties; a; a = a->next) {
        size_t i = 0;
        while (names[i] && strcmp(names[i], (const char *)a->name) != 0)
            i++;
        if (!names[i])
            fail(rd, n, "<%s> has an unknown attribute %s", (const char *)n->name,
                 (const char *)a->name);
    }
}

static void no_children(reader *rd, xmlNode *n)
{
    xmlNode *c = next_element(rd, n->children);
    if (c)
        fail(rd, c, "unexpected <%s> inside <%s>", (const char *)c->name, (const char *)n->name);
}

/* Elements holding text (<arg>, <period>) may hold nothing else. */
static void text_only(reader *rd, xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type != XML_TEXT_NODE) {
            fail(rd, c, "<%s> holds only text", (const char *)n->name);
            return;
        }
}

static char *text_of(xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = xstrdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

static int is_sha256(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return i == 64;
}

/* Digits only, at most 19 of them (fits uint64_t). */
static int parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;
    for (; s[i]; i++) {
        if (s[i] < '0' || s[i] > '9' || i >= 19)
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return i ? 0 : -1;
}

static void read_sha(reader *rd, xmlNode *n, char out[DIGEST_HEX_SIZE])
{
    char *s = attr(rd, n, "sha256");
    if (s && !is_sha256(s))
        fail(rd, n, "sha256 '%s' is not 64 lowercase hex digits", s);
    else if (s)
        memcpy(out, s, DIGEST_HEX_SIZE);
    free(s);
}

static void read_file_entry(reader *rd, xmlNode *n, manifest_file *f, int is_input)
{
    static const char *const input_attrs[] = {"name", "path", "size", "sha256", NULL};
    only_attrs(rd, n, input_attrs + (is_input ? 0 : 1));
    no_children(rd, n);
    if (is_input)
        f->name = attr(rd, n, "name");
    f->path = attr(rd, n, "path");
    char *size = attr(rd, n, "size");
    if (size && parse_u64(size, &f->size))
        fail(rd, n, "size '%s' is not a whole number", size);
    free(size);
    read_sha(rd, n, f->sha256);
    if (!f->path)
        f->path = xstrdup("");
}

static void read_files(reader *rd, xmlNode *list, const char *element, manifest_file **v,
                       size_t *n)
{
    only_attrs(rd, list, (const char *const[]){NULL});
    int is_input = strcmp(element, "input") == 0;
    for (xmlNode *c = next_element(rd, list->children); c && !rd->failed;
         c = next_element(rd, c->next)) {
        if (!named(c, element)) {
            fail(rd, c, "expected <%s>, found <%s>", element, (const char *)c->name);
            break;
        }
        read_file_entry(rd, c, push_file(v, n), is_input);
    }
}

static void read_engine(reader *rd, xmlNode *n, manifest *m)
{
    only_attrs(rd, n, (const char *const[]){"name", "version", NULL});
    no_children(rd, n);
    char *name = attr(rd, n, "name");
    if (name && strcmp(name, "truce") != 0)
        fail(rd, n, "engine '%s' is not truce", name);
    free(name);
    m->version = attr(rd, n, "version");
}

static void read_command(reader *rd, xmlNode *n, manifest *m)
{
    only_attrs(rd, n, (const char *const[]){NULL});
    size_t cap = 0;
    for (xmlNode *c = next_element(rd, n->children); c && !rd->failed;
         c = next_element(rd, c->next)) {
        if (!named(c, "arg")) {
            fail(rd, c, "expected <arg>, found <%s>", (const char *)c->name);
            break;
        }
        only_attrs(rd, c, (const char *const[]){NULL});
        text_only(rd, c);
        if (m->ncommand == cap) {
            cap = cap ? cap * 2 : 8;
            m->command = xrealloc(m->command, cap * sizeof *m->command);
        }
        m->command[m->ncommand++] = text_of(c);
    }
}

static void read_period(reader *rd, xmlNode *n, manifest *m)
{
    only_attrs(rd, n, (const char *const[]){NULL});
    text_only(rd, n);
    char *s = text_of(n);
    if (period_parse_any(s, &m->per) != 0)
        fail(rd, n, "period '%s' is not " PERIOD_FORMS, s);
    free(s);
}

static void read_shard(reader *rd, xmlNode *n, manifest *m)
{
    only_attrs(rd, n, (const char *const[]){"k", "n", NULL});
    no_children(rd, n);
    char *k = attr(rd, n, "k"), *nn = attr(rd, n, "n");
    uint64_t kv, nv;
    if (k && nn && (parse_u64(k, &kv) || parse_u64(nn, &nv) || nv < 1 || kv >= nv || nv > 65536))
        fail(rd, n, "shard %s/%s is not K/N with 0 <= K < N <= 65536", k, nn);
    else if (k && nn)
        m->shard_k = (unsigned)kv, m->shard_n = (unsigned)nv;
    free(k);
    free(nn);
}

static void read_statements(reader *rd, xmlNode *n, manifest *m)
{
    only_attrs(rd, n, (const char *const[]){NULL});
    text_only(rd, n);
    char *s = text_of(n);
    if (strcmp(s, "text") && strcmp(s, "html") && strcmp(s, "none")) {
        fail(rd, n, "statements '%s' is not text, html or none", s);
        free(s);
        return;
    }
    m->statements = s;
}

static void read_plans(reader *rd, xmlNode *n, manifest *m)
{
    only_attrs(rd, n, (const char *const[]){NULL});
    xmlNode *p = next_element(rd, n->children);
    if (!p)
        return;
    if (!named(p, "plan")) {
        fail(rd, p, "expected <plan>, found <%s>", (const char *)p->name);
        return;
    }
    only_attrs(rd, p, (const char *const[]){"id", "year", "currency", "rounding", "sha256", NULL});
    no_children(rd, p);
    m->plan.id = attr(rd, p, "id");
    m->plan.currency = attr(rd, p, "currency");
    m->plan.rounding = attr(rd, p, "rounding");
    char *year = attr(rd, p, "year");
    uint64_t y;
    if (year && (parse_u64(year, &y) || y < 1 || y > 9999))
        fail(rd, p, "year '%s' is not a year", year);
    else if (year)
        m->plan.year = (int)y;
    free(year);
    read_sha(rd, p, m->plan.sha256);
    if (next_element(rd, p->next))
        fail(rd, p, "a manifest records one plan");
}

static uint64_t read_count(reader *rd, xmlNode *n, const char *name, uint64_t max)
{
    char *s = attr(rd, n, name);
    uint64_t v = 0;
    if (s && (parse_u64(s, &v) || v > max))
        fail(rd, n, "%s '%s' is not a whole number up to %llu", name, s, (unsigned long long)max);
    free(s);
    return v;
}

static void read_fit(reader *rd, xmlNode *n, manifest_fit *f)
{
    only_attrs(rd, n, (const char *const[]){"version", "line", "model", "trained-on", "journeys",
                                            "won", NULL});
    f->version = (unsigned)read_count(rd, n, "version", 65535);
    f->line = (unsigned long)read_count(rd, n, "line", UINT32_MAX);
    f->model = attr(rd, n, "model");
    f->trained_on = attr(rd, n, "trained-on");
    f->journeys = read_count(rd, n, "journeys", UINT64_MAX / 2);
    f->won = read_count(rd, n, "won", UINT64_MAX / 2);
    for (xmlNode *c = next_element(rd, n->children); c && !rd->failed;
         c = next_element(rd, c->next)) {
        if (!named(c, "campaign")) {
            fail(rd, c, "expected <campaign>, found <%s>", (const char *)c->name);
            break;
        }
        only_attrs(rd, c, (const char *const[]){"id", "value", NULL});
        no_children(rd, c);
        char *id = attr(rd, c, "id"), *value = attr(rd, c, "value");
        if (id && value)
            manifest_fit_add(f, id, value);
        free(id);
        free(value);
    }
}

static void read_fits(reader *rd, xmlNode *n, manifest *m)
{
    only_attrs(rd, n, (const char *const[]){NULL});
    for (xmlNode *c = next_element(rd, n->children); c && !rd->failed;
         c = next_element(rd, c->next)) {
        if (!named(c, "fit")) {
            fail(rd, c, "expected <fit>, found <%s>", (const char *)c->name);
            break;
        }
        read_fit(rd, c, manifest_add_fit(m));
    }
}

static void read_root(reader *rd, xmlNode *root, manifest *m)
{
    if (!named(root, "manifest")) {
        fail(rd, root, "the root element must be <manifest> in namespace %s", MANIFEST_NS);
        return;
    }
    only_attrs(rd, root, (const char *const[]){NULL});
    xmlNode *cur = root->children, *n;
    if ((n = expect(rd, &cur, root, "engine")))
        read_engine(rd, n, m);
    if (!rd->failed && (n = expect(rd, &cur, root, "command")))
        read_command(rd, n, m);
    if (!rd->failed && named(next_element(rd, cur), "period")) {
        n = next_element(rd, cur);
        cur = n->next;
        read_period(rd, n, m);
    }
    if (!rd->failed && named(next_element(rd, cur), "shard")) {
        n = next_element(rd, cur);
        cur = n->next;
        read_shard(rd, n, m);
    }
    if (!rd->failed && named(next_element(rd, cur), "statements")) {
        n = next_element(rd, cur);
        cur = n->next;
        read_statements(rd, n, m);
    }
    if (!rd->failed && (n = expect(rd, &cur, root, "plans")))
        read_plans(rd, n, m);
    if (!rd->failed && named(next_element(rd, cur), "fits")) {
        n = next_element(rd, cur);
        cur = n->next;
        read_fits(rd, n, m);
    }
    if (!rd->failed && (n = expect(rd, &cur, root, "inputs")))
        read_files(rd, n, "input", &m->inputs, &m->ninputs);
    if (!rd->failed && (n = expect(rd, &cur, root, "outputs")))
        read_files(rd, n, "output", &m->outputs, &m->noutputs);
    if (!rd->failed && (n = next_element(rd, cur)))
        fail(rd, n, "unexpected <%s> after <outputs>", (const char *)n->name);
}

int manifest_parse(manifest *m, const char *buf, size_t len, const char *name, diag *d)
{
    manifest_init(m);
    reader rd = {d, name, 0};
    if (len > (size_t)MANIFEST_MAX_BYTES || len > (size_t)INT32_MAX) {
        diag_error(d, name, 0, 0, "the manifest is larger than %ld bytes", MANIFEST_MAX_BYTES);
        return -1;
    }
    xml_errors x;
    errors_take(&x, d, name);
    /* NONET, and none of NOENT, DTDLOAD, DTDATTR, XINCLUDE, HUGE: see the field notes. */
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    errors_give_back(&x);
    if (!doc) {
        if (!x.reported)
            diag_error(d, name, 0, 0, "not a well-formed XML document");
        return -1;
    }
    if (doc->intSubset || doc->extSubset)
        fail(&rd, NULL, "a DOCTYPE is not allowed in a manifest");
    else
        read_root(&rd, xmlDocGetRootElement(doc), m);
    xmlFreeDoc(doc);
    return rd.failed ? -1 : 0;
}

int manifest_read(manifest *m, const char *path, diag *d)
{
    manifest_init(m);
    strbuf sb = STRBUF_INIT;
    int err = 0, rc = -1;
    /* Of a longer manifest, the first bytes go to manifest_parse, which refuses it in its words. */
    read_status st = read_file_capped(&sb, path, (size_t)MANIFEST_MAX_BYTES, &err);
    if (st == READ_OK || st == READ_TOO_BIG)
        rc = manifest_parse(m, sb.p ? sb.p : "", sb.len, path, d);
    else
        read_report(d, path, st, err, (size_t)MANIFEST_MAX_BYTES);
    sb_free(&sb);
    return rc;
}
