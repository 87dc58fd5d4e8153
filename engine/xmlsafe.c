/*
 * xmlsafe.c - the guards every XML loader shares (see xmlsafe.h).
 *
 * libxml2 2.9.14 substitutes external entities under XML_PARSE_NOENT even
 * with NONET, and its entity loader is process-wide; so the loader is
 * replaced once by one that refuses everything, and files are read by Truce
 * (readfile.c) and parsed from memory (the deny-all loader would refuse
 * xmlCtxtReadFile's main document too).
 */
#include "xmlsafe.h"
#include "xmlwords.h"
#include "readfile.h"

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static xmlParserInputPtr deny_external_entity(const char *url, const char *id,
                                              xmlParserCtxtPtr ctxt)
{
    return NULL;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* Truce is the only libxml2 user in its process and never wants an external resource. */
static void setup_once(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(deny_external_entity);
}

void xmlsafe_setup(void)
{
    pthread_once(&xml_once, setup_once);
}

static void ignore_generic_error(void *ctx, const char *fmt, ...)
{
}

void xmlsafe_take_errors(xmlsafe_handlers *saved, void *ctx, xmlStructuredErrorFunc on_error)
{
    xmlsafe_setup();
    /* libxml2's handlers are per thread: take them for this load, then give them back. */
    saved->structured = xmlStructuredError;
    saved->structured_ctx = xmlStructuredErrorContext;
    saved->generic = xmlGenericError;
    saved->generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(ctx, on_error);
    xmlSetGenericErrorFunc(NULL, ignore_generic_error);
}

void xmlsafe_give_back_errors(const xmlsafe_handlers *saved)
{
    xmlSetStructuredErrorFunc(saved->structured_ctx, saved->structured);
    xmlSetGenericErrorFunc(saved->generic_ctx, saved->generic);
}

int xmlsafe_read_file(strbuf *out, const char *path, size_t max, const char *shown,
                      const char *what, diag *d)
{
    char buf[128];
    int err = 0;
    read_status st = read_file_capped(out, path, max, &err);
    if (st == READ_OK || st == READ_TOO_BIG)
        return 0;  /* too big: the loader's cap refuses it */
    diag_error(d, shown, 0, 0, "cannot read the %s file: %s", what, strerror_r(err, buf, sizeof buf));
    return -1;
}

long xmlsafe_doctype_line(const char *buf, size_t len)
{
    static const char tag[] = "<!DOCTYPE";
    long line = 1;
    for (size_t i = 0; i + sizeof tag - 1 <= len; i++) {
        if (memcmp(buf + i, tag, sizeof tag - 1) == 0)
            return line;
        if (buf[i] == '\n')
            line++;
    }
    return 1;
}

void xmlsafe_clean_message(strbuf *sb, const char *msg, const char *ns)
{
    const size_t cap = 300, nslen = strlen(ns);
    strbuf one = STRBUF_INIT;   /* the message on one line, whole */
    for (const char *s = msg ? msg : ""; *s; s++) {
        if (nslen && s[0] == '{' && strncmp(s + 1, ns, nslen) == 0 && s[nslen + 1] == '}') {
            s += nslen + 1;
            continue;
        }
        unsigned char c = (unsigned char)*s;
        sb_putc(&one, (char)(c < 0x20 || c == 0x7f ? ' ' : c));
    }
    while (one.len > 0 && one.p[one.len - 1] == ' ')
        one.p[--one.len] = '\0';
    strbuf plain = STRBUF_INIT;
    xmlwords_plain(&plain, one.len ? one.p : "XML error");
    size_t n = plain.len;
    if (n > cap) {
        n = cap;
        while (n > 0 && ((unsigned char)plain.p[n] & 0xC0) == 0x80)
            n--;
    }
    sb_putn(sb, plain.p, n);
    if (n < plain.len)
        sb_puts(sb, "...");
    sb_free(&plain);
    sb_free(&one);
}

int xmlsafe_is_element(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

size_t xmlsafe_count_children(const xmlNode *n, const char *name)
{
    size_t count = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        count += xmlsafe_is_element(c, name);
    return count;
}

char *xmlsafe_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    if (!v)
        return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}
