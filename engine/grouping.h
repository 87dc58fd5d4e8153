/*
 * grouping.h - thousands grouped for pages people read (5,640.00).
 *
 * Statements, HTML pages and diff summaries are read by reps and finance,
 * who read 45,499.993 faster than 45499.993; CSV outputs and explain's exact
 * figures keep plain numbers, which programs parse.  Grouping rewrites a
 * number already formatted (money.h), so the digits are the exact ones.
 */
#ifndef TRUCE_GROUPING_H
#define TRUCE_GROUPING_H

#include <stddef.h>
#include "strbuf.h"

/*
 * Groups by threes, with commas, the integer part of the number that starts
 * at sb->p[from] (an optional sign, digits, an optional '.' and fraction):
 * "-1234567.5" becomes "-1,234,567.5".  Text after the number is kept.
 */
void group_thousands(strbuf *sb, size_t from);

#endif
