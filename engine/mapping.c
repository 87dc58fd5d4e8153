/*
 * mapping.c - loads a CRM export mapping from untrusted XML and checks it.
 *
 * A mapping is edited by whoever maintains the CRM export, so it is read
 * with the plan's guards (engine/plan.c, docs/design.md): the file is read
 * into memory by us and capped, parsed with XML_PARSE_NONET |
 * XML_PARSE_BIG_LINES only, with a deny-all external entity loader, and a
 * DOCTYPE is refused.  The tree is validated against rules/mapping.xsd,
 * compiled into the library; then the checks the schema cannot express are
 * applied, each reported at the line of the element at fault.
 */
#include "mapping.h"
#include "strbuf.h"
#include "xmlsafe.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>

/* rules/mapping.xsd, embedded by tools/embed.sh at build time. */
extern const unsigned char embedded_mapping_xsd[];
extern const size_t embedded_mapping_xsd_len;

#define MAPPING_NS "urn:truce:mapping:1"

static const char *const target_files[MAP_TARGETS] = {"roster.csv", "deals.csv", "touches.csv",
                                                      "campaigns.csv"};
static const char *const target_elements[MAP_TARGETS] = {"roster", "deals", "touches",
                                                         "campaigns"};
/* The columns the contract requires in each file (section 1). */
static const char *const required[MAP_TARGETS][4] = {
    {"payee_id", "name", "role", "annual_quota"},
    {"deal_id", "close_date", "amount", "closer_id"},
    {"deal_id", "campaign_id", "touch_date", "stage"},
    {"campaign_id", "name", "owner_id", "cost"},
};

const char *mapping_target_file(int target)
{
    return target >= 0 && target < MAP_TARGETS ? target_files[target] : "?";
}

/* ---- libxml2 guards and error capture ------------------------------------ */

typedef struct loader {
    diag *d;
    const char *name;
    size_t errors_at_start;
} loader;

static int failed(const loader *ld)
{
    return ld->d->errors > ld->errors_at_start;
}

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ctx, const xmlError *e)
#else
static void on_xml_error(void *ctx, xmlErrorPtr e)
#endif
{
    loader *ld = ctx;
    strbuf sb = STRBUF_INIT;
    xmlsafe_clean_message(&sb, e->message, MAPPING_NS);
    long line = e->node ? xmlGetLineNo(e->node) : e->line;
    long col = e->domain == XML_FROM_PARSER && e->int2 > 0 ? e->int2 : 0;
    if (e->level == XML_ERR_WARNING)
        diag_warn(ld->d, ld->name, line > 0 ? line : 0, col, "%s", sb.p);
    else
        diag_error(ld->d, ld->name, line > 0 ? line : 0, col, "%s", sb.p);
    sb_free(&sb);
}

/* ---- building the mapping from a valid tree --------------------------------- */

static long line_of(const xmlNode *n)
{
    long line = xmlGetLineNo(n);
    return line > 0 ? line : 0;
}

static long find_lookup(const mapping *m, const char *id)
{
    for (size_t i = 0; i < m->nlookups; i++)
        if (strcmp(m->lookups[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* The number attributes, which only a number field may carry. */
static void read_number_format(loader *ld, const xmlNode *n, map_field *f)
{
    char *dec = xmlsafe_attr(n, "decimal-mark"), *grp = xmlsafe_attr(n, "group-mark");
    char *cur = xmlsafe_attr(n, "currency");
    if ((dec || grp || cur) && f->format.kind != INFORMAT_NUMBER)
        diag_error(ld->d, ld->name, f->line, 0,
                   "decimal-mark, group-mark and currency belong to format=\"number\"");
    f->format.decimal_mark = dec ? dec[0] : '.';
    f->format.group_mark = grp ? grp[0] : 0;
    f->format.currency = cur;  /* owned by the field from here (freed in field_clear) */
    if (f->format.group_mark == f->format.decimal_mark)
        diag_error(ld->d, ld->name, f->line, 0, "group-mark and decimal-mark must differ");
    free(dec);
    free(grp);
}

static void read_field(loader *ld, mapping *m, const xmlNode *n, map_field *f)
{
    f->line = line_of(n);
    f->name = xmlsafe_attr(n, "name");
    f->column = xmlsafe_attr(n, "column");
    f->value = xmlsafe_attr(n, "value");
    f->take = xmlsafe_attr(n, "take");
    f->lookup = -1;
    if (!f->column == !f->value)
        diag_error(ld->d, ld->name, f->line, 0,
                   "field '%s' needs exactly one of column and value", f->name);
    char *fmt = xmlsafe_attr(n, "format");
    if (fmt && f->value)
        diag_error(ld->d, ld->name, f->line, 0, "a constant value has no format");
    if (fmt)
        informat_parse_kind(fmt, &f->format.kind);  /* the schema allows only known names */
    free(fmt);
    read_number_format(ld, n, f);
    char *lookup = xmlsafe_attr(n, "lookup");
    if (lookup && (f->lookup = find_lookup(m, lookup)) < 0)
        diag_error(ld->d, ld->name, f->line, 0, "no <lookup id=\"%s\">", lookup);
    if (!lookup != !f->take || (lookup && f->value))
        diag_error(ld->d, ld->name, f->line, 0, "lookup and take go together, with a column");
    free(lookup);
    f->nrecodes = xmlsafe_count_children(n, "recode");
    f->recodes = xcalloc(f->nrecodes ? f->nrecodes : 1, sizeof *f->recodes);
    size_t i = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (xmlsafe_is_element(c, "recode")) {
            f->recodes[i].from = xmlsafe_attr(c, "from");
            f->recodes[i++].to = xmlsafe_attr(c, "to");
        }
}

/* Reports a batch column mapped twice in one block. */
static void check_duplicate_fields(loader *ld, const map_rows *r)
{
    for (size_t i = 0; i < r->nfields; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->fields[i].name, r->fields[j].name) == 0) {
                diag_error(ld->d, ld->name, r->fields[i].line, 0, "column '%s' is mapped twice",
                           r->fields[i].name);
                break;
            }
}

static void read_rows(loader *ld, mapping *m, const xmlNode *n, map_rows *r)
{
    r->line = line_of(n);
    r->file = xmlsafe_attr(n, "file");
    r->distinct = xmlsafe_attr(n, "distinct");
    r->nkeeps = xmlsafe_count_children(n, "keep");
    r->nfields = xmlsafe_count_children(n, "field");
    r->keeps = xcalloc(r->nkeeps ? r->nkeeps : 1, sizeof *r->keeps);
    r->fields = xcalloc(r->nfields ? r->nfields : 1, sizeof *r->fields);
    size_t k = 0, f = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (xmlsafe_is_element(c, "keep")) {
            r->keeps[k].line = line_of(c);
            r->keeps[k].column = xmlsafe_attr(c, "column");
            r->keeps[k++].equals = xmlsafe_attr(c, "equals");
        } else if (xmlsafe_is_element(c, "field")) {
            read_field(ld, m, c, &r->fields[f++]);
        }
    }
    check_duplicate_fields(ld, r);
}

static long field_index(const map_rows *r, const char *name)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return (long)i;
    return -1;
}

/*
 * Every block of a file maps the same columns, and is reordered to the first
 * block's order, so that a converted file has one header; the contract's
 * columns must all be there.
 */
static void check_target(loader *ld, int t, map_target *tg)
{
    const map_rows *first = &tg->rows[0];
    for (int i = 0; i < 4; i++)
        if (field_index(first, required[t][i]) < 0)
            diag_error(ld->d, ld->name, first->line, 0, "%s needs a field named '%s'",
                       target_files[t], required[t][i]);
    for (size_t b = 1; b < tg->nrows; b++) {
        map_rows *r = &tg->rows[b];
        int same = r->nfields == first->nfields;
        for (size_t i = 0; same && i < first->nfields; i++) {
            long j = field_index(r, first->fields[i].name);
            if (j < 0) {
                same = 0;
                break;
            }
            map_field tmp = r->fields[i];
            r->fields[i] = r->fields[j];
            r->fields[j] = tmp;
        }
        if (!same)
            diag_error(ld->d, ld->name, r->line, 0,
                       "every <rows> of %s must map the same columns as the first (line %ld)",
                       target_files[t], first->line);
    }
}

static void read_target(loader *ld, mapping *m, int t, const xmlNode *n)
{
    map_target *tg = &m->target[t];
    tg->present = 1;
    tg->line = line_of(n);
    tg->nrows = xmlsafe_count_children(n, "rows");
    tg->rows = xcalloc(tg->nrows ? tg->nrows : 1, sizeof *tg->rows);
    size_t i = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (xmlsafe_is_element(c, "rows"))
            read_rows(ld, m, c, &tg->rows[i++]);
    if (tg->nrows > 0 && !failed(ld))
        check_target(ld, t, tg);
}

static void read_lookup(loader *ld, mapping *m, const xmlNode *n)
{
    map_lookup *l = &m->lookups[m->nlookups];
    l->line = line_of(n);
    l->id = xmlsafe_attr(n, "id");
    l->file = xmlsafe_attr(n, "file");
    l->key = xmlsafe_attr(n, "key");
    if (find_lookup(m, l->id) >= 0)
        diag_error(ld->d, ld->name, l->line, 0, "lookup '%s' is defined twice", l->id);
    m->nlookups++;
}

static mapping *build(loader *ld, const xmlNode *root)
{
    mapping *m = xcalloc(1, sizeof *m);
    m->file = xstrdup(ld->name);
    m->lookups = xcalloc(xmlsafe_count_children(root, "lookup") + 1, sizeof *m->lookups);
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (xmlsafe_is_element(c, "lookup"))
            read_lookup(ld, m, c);
        for (int t = 0; t < MAP_TARGETS; t++)
            if (xmlsafe_is_element(c, target_elements[t]))
                read_target(ld, m, t, c);
    }
    if (m->target[MAP_TOUCHES].present && !m->target[MAP_CAMPAIGNS].present)
        diag_error(ld->d, ld->name, m->target[MAP_TOUCHES].line, 0,
                   "touches need campaigns: add a <campaigns> mapping");
    if (failed(ld)) {
        mapping_free(m);
        return NULL;
    }
    return m;
}

/* ---- parsing and validating --------------------------------------------------- */

static void validate(loader *ld, xmlDocPtr doc)
{
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewMemParserCtxt((const char *)embedded_mapping_xsd, (int)embedded_mapping_xsd_len);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    if (pc)
        xmlSchemaFreeParserCtxt(pc);
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (!vc) {
        diag_error(ld->d, ld->name, 0, 0, "internal error: cannot load the mapping schema");
    } else {
        xmlSchemaSetValidStructuredErrors(vc, on_xml_error, ld);
        size_t before = ld->d->errors;
        if (xmlSchemaValidateDoc(vc, doc) != 0 && ld->d->errors == before)
            diag_error(ld->d, ld->name, 0, 0, "the mapping does not match the mapping schema");
        xmlSchemaFreeValidCtxt(vc);
    }
    if (schema)
        xmlSchemaFree(schema);
}

#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

/*
 * xsi: attributes pass the validator but ask it to look elsewhere for a
 * schema; as in plans they are refused (an <?xml-model?> processing
 * instruction gives editors the same hint, docs/editor-support.md).
 */
static void refuse_xsi(loader *ld, const xmlNode *n, int depth)
{
    for (; n && depth < 16; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (const xmlAttr *a = n->properties; a; a = a->next)
            if (a->ns && strcmp((const char *)a->ns->href, XSI_NS) == 0)
                diag_error(ld->d, ld->name, line_of(n), 0, "unknown attribute 'xsi:%s'",
                           (const char *)a->name);
        refuse_xsi(ld, n->children, depth + 1);
    }
}

static mapping *load(loader *ld, const char *buf, size_t len)
{
    if (len == 0) {
        diag_error(ld->d, ld->name, 0, 0, "the mapping file is empty");
        return NULL;
    }
    /* NONET and no NOENT/DTDLOAD/DTDATTR/DTDVALID/XINCLUDE/HUGE (field notes). */
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, NULL, NULL, XMLSAFE_PARSE_OPTIONS);
    if (!doc) {
        if (!failed(ld))
            diag_error(ld->d, ld->name, 0, 0, "not a well-formed XML document");
        return NULL;
    }
    mapping *m = NULL;
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset)
        diag_error(ld->d, ld->name, xmlsafe_doctype_line(buf, len), 0,
                   "DOCTYPE is not allowed in a mapping");
    else if (!root || !xmlsafe_is_element(root, "mapping") || !root->ns ||
             strcmp((const char *)root->ns->href, MAPPING_NS) != 0)
        diag_error(ld->d, ld->name, root ? line_of(root) : 0, 0,
                   "the root element must be <mapping xmlns=\"%s\">", MAPPING_NS);
    else
        validate(ld, doc);
    if (!failed(ld))
        refuse_xsi(ld, root, 0);
    if (!failed(ld))
        m = build(ld, root);
    xmlFreeDoc(doc);
    return m;
}

mapping *mapping_load_memory(const char *buf, size_t len, const char *name, diag *d)
{
    loader ld = {d, name ? name : "mapping", d->errors};
    if (len > MAPPING_MAX_BYTES) {
        diag_error(d, ld.name, 0, 0, "the mapping is larger than %d bytes", MAPPING_MAX_BYTES);
        return NULL;
    }
    xmlsafe_handlers saved;
    xmlsafe_take_errors(&saved, &ld, on_xml_error);
    mapping *m = load(&ld, buf, len);
    xmlsafe_give_back_errors(&saved);
    return m;
}

mapping *mapping_load_file(const char *path, const char *name, diag *d)
{
    const char *shown = name ? name : path;
    strbuf sb = STRBUF_INIT;
    mapping *m = NULL;
    if (xmlsafe_read_file(&sb, path, MAPPING_MAX_BYTES, shown, "mapping", d) == 0)
        m = mapping_load_memory(sb.p ? sb.p : "", sb.len, shown, d);
    sb_free(&sb);
    return m;
}

/* ---- freeing ------------------------------------------------------------------ */

static void field_clear(map_field *f)
{
    free(f->name);
    free(f->column);
    free(f->value);
    free(f->take);
    free((char *)f->format.currency);
    for (size_t i = 0; i < f->nrecodes; i++) {
        free(f->recodes[i].from);
        free(f->recodes[i].to);
    }
    free(f->recodes);
}

static void rows_clear(map_rows *r)
{
    free(r->file);
    free(r->distinct);
    for (size_t i = 0; i < r->nkeeps; i++) {
        free(r->keeps[i].column);
        free(r->keeps[i].equals);
    }
    free(r->keeps);
    for (size_t i = 0; i < r->nfields; i++)
        field_clear(&r->fields[i]);
    free(r->fields);
}

void mapping_free(mapping *m)
{
    if (!m)
        return;
    for (int t = 0; t < MAP_TARGETS; t++) {
        for (size_t i = 0; i < m->target[t].nrows; i++)
            rows_clear(&m->target[t].rows[i]);
        free(m->target[t].rows);
    }
    for (size_t i = 0; i < m->nlookups; i++) {
        free(m->lookups[i].id);
        free(m->lookups[i].file);
        free(m->lookups[i].key);
    }
    free(m->lookups);
    free(m->file);
    free(m);
}
