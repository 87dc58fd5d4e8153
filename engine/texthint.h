/*
 * texthint.h - what a CSV file that is not what it should be probably is.
 *
 * Exports from spreadsheets in some locales come separated by ';' or tabs,
 * and older tools save Latin-1 or Windows-1252 instead of UTF-8.  A reader
 * that finds a one-column header or bytes that are not UTF-8 asks here for
 * the likely cause, so that its message says how to fix the file.
 */
#ifndef TRUCE_TEXTHINT_H
#define TRUCE_TEXTHINT_H

#include "strbuf.h"

/*
 * The separator a header read as one column holds instead of ',': ';',
 * '\t' or '|' (the one that occurs most, at least once), or 0 for none.
 */
char texthint_separator(const char *header);

/*
 * Appends what byte b (0x80 to 0xFF, the first byte of an invalid UTF-8
 * sequence) is in Windows-1252, a superset of Latin-1's printable range:
 * "é" for 0xE9, "€" for 0x80; nothing for the five bytes Windows-1252 leaves
 * undefined.  Returns 1 when something was appended.
 */
int texthint_cp1252(strbuf *out, unsigned char b);

/* The hint as a message tail: " (byte 0xE9, 'é' in Latin-1 or Windows-1252): save the file as
   UTF-8", or " (byte 0x81): save the file as UTF-8" when the byte reads as nothing. */
void texthint_not_utf8(strbuf *out, unsigned char b);

#endif
