/*
 * xmlsafe.h - what every loader of untrusted XML (plans, mappings) shares.
 *
 * Files are read by Truce itself, capped in size, and parsed from memory
 * with the network, external entities and DTDs switched off; libxml2's
 * process-wide entity loader refuses everything; its messages are cleaned
 * to one line before they become diagnostics.
 */
#ifndef TRUCE_XMLSAFE_H
#define TRUCE_XMLSAFE_H

#include <stddef.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include "diag.h"
#include "strbuf.h"

/* The only options untrusted XML is parsed with (never NOENT, DTDLOAD, DTDVALID, XINCLUDE, HUGE). */
#define XMLSAFE_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

/* Once per process: xmlInitParser and a deny-all external entity loader. */
void xmlsafe_setup(void);

/* libxml2's error handlers of the calling thread, saved for the length of one load. */
typedef struct xmlsafe_handlers {
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
    xmlGenericErrorFunc generic;
    void *generic_ctx;
} xmlsafe_handlers;

/*
 * For one load on this thread: sets up libxml2 (xmlsafe_setup), sends its
 * structured errors to on_error(ctx, ...) and drops its unstructured ones
 * (they would go to stderr), saving the caller's handlers in *saved.
 */
void xmlsafe_take_errors(xmlsafe_handlers *saved, void *ctx, xmlStructuredErrorFunc on_error);
/* Puts back the handlers xmlsafe_take_errors saved. */
void xmlsafe_give_back_errors(const xmlsafe_handlers *saved);

/*
 * Appends the file at path to out (readfile.h) for a loader whose cap is max
 * bytes: of a longer file, its first max + 1 bytes, which the loader then
 * refuses in its own words.  0, or -1 with "cannot read the WHAT file: E"
 * reported to d at shown (for a file that cannot be opened, too).
 */
int xmlsafe_read_file(strbuf *out, const char *path, size_t max, const char *shown,
                      const char *what, diag *d);

/* The line of "<!DOCTYPE" in buf (1 if absent): libxml2 keeps no line for it. */
long xmlsafe_doctype_line(const char *buf, size_t len);

/*
 * Appends a libxml2 message on one line: "{ns}" prefixes dropped, control
 * characters blanked, trailing blanks removed, said in plain words
 * (xmlwords.h), cut at 300 bytes on a UTF-8 boundary with "...".
 */
void xmlsafe_clean_message(strbuf *sb, const char *msg, const char *ns);

int xmlsafe_is_element(const xmlNode *n, const char *name);
/* Child elements of n named `name`. */
size_t xmlsafe_count_children(const xmlNode *n, const char *name);
/* A fresh copy of attribute `name` of n (caller frees), or NULL when absent. */
char *xmlsafe_attr(const xmlNode *n, const char *name);

#endif
