/*
 * xmlwords.h - libxml2's messages in the words of the person editing the file.
 *
 * libxml2 speaks of facets, atomic types and "EntityValue"; a comp designer
 * wants to know what is wrong with the line and how to fix it.  Each message
 * libxml2 gives a plan or a mapping file (parser and schema validator) is
 * matched against the templates libxml2 2.9.14 writes and said again in
 * plain words; a message no template knows is kept as libxml2 wrote it.
 */
#ifndef TRUCE_XMLWORDS_H
#define TRUCE_XMLWORDS_H

#include "strbuf.h"

/*
 * Appends msg (one line: namespaces and control characters already removed,
 * xmlsafe_clean_message) to out in plain words.  Values quoted from the file
 * are cut at 60 bytes with "...".
 */
void xmlwords_plain(strbuf *out, const char *msg);

#endif
