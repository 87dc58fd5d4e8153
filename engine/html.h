/*
 * html.h - the HTML pages: statements/PAYEE.html, scoreboard.html and
 * diff.html, and the pieces they share.
 *
 * Pages are self-contained: one inline stylesheet, charts as inline SVG, no
 * JavaScript and nothing fetched from a network, so they print and archive
 * as they are.  Every value that comes from an input (ids, names, plan and
 * component ids) goes through html_escape: a payee named <script> shows as
 * text.  Bar lengths are whole pixels computed from exact values with
 * integer arithmetic; no figure goes through a float.
 */
#ifndef TRUCE_HTML_H
#define TRUCE_HTML_H

#include <stddef.h>
#include <gmp.h>
#include "strbuf.h"

/* Appends s with & < > " ' escaped, so that it is text in an element or an attribute. */
void html_escape(strbuf *sb, const char *s);

/* The page's head (title escaped) and the opening of <body>; html_end closes it. */
void html_begin(strbuf *sb, const char *title);
void html_end(strbuf *sb);

/* One bar of a chart: a label (escaped) and a value in minor units, shown as `text`. */
typedef struct html_bar {
    const char *label;
    const mpz_t *value;
    const char *text;     /* the value as printed beside the bar (escaped) */
    const char *fill;     /* the bar's colour, e.g. "#e67e22"; NULL: blue, red when negative */
} html_bar;

/*
 * A horizontal bar chart as inline SVG, one bar per row, lengths
 * proportional to |value| (negative values to the left of the axis, in
 * another colour); `title` (escaped) is the chart's accessible name.
 */
void html_svg_bars(strbuf *sb, const char *title, const html_bar *bars, size_t n);

/*
 * Attainment: a bar of num / den on a scale labelled 0%, 50%, 100% (quota) and 150%; a bar
 * beyond 150% stops at the edge and says "more" (the page prints the percentage itself).
 */
void html_svg_attainment(strbuf *sb, const mpq_t num, const mpq_t den);

#endif
