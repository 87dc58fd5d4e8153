/*
 * html.c - what the HTML pages share: escaping, the page frame, and SVG
 * bar charts drawn with integer pixel arithmetic.
 *
 * The stylesheet is small and print-friendly on purpose: the pages are
 * statements people print and sign, not an application.
 */
#include "html.h"

#include <string.h>

void html_escape(strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_puts(sb, "&amp;"); break;
        case '<': sb_puts(sb, "&lt;"); break;
        case '>': sb_puts(sb, "&gt;"); break;
        case '"': sb_puts(sb, "&quot;"); break;
        case '\'': sb_puts(sb, "&#39;"); break;
        default: sb_putc(sb, *s);
        }
    }
}

void html_begin(strbuf *sb, const char *title)
{
    sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'\">\n<title>");
    html_escape(sb, title);
    sb_puts(sb, "</title>\n<style>\n"
                "body{font-family:sans-serif;margin:2em;color:#222}\n"
                "table{border-collapse:collapse;margin:1em 0}\n"
                "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}\n"
                "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
                "th{background:#eee}\n"
                "tr.sum th,tr.sum td{font-weight:bold;border-top:2px solid #222}\n"
                ".total{font-weight:bold;font-size:1.2em}\n"
                ".key{display:inline-block;width:.9em;height:.9em;vertical-align:middle}\n"
                "details.walk pre{font-size:.85em;background:#f7f7f7;padding:.5em}\n"
                "@media print{body{margin:0}}\n"
                "</style>\n</head>\n<body>\n<h1>");
    html_escape(sb, title);
    sb_puts(sb, "</h1>\n");
}

void html_end(strbuf *sb)
{
    sb_puts(sb, "</body>\n</html>\n");
}

enum { BAR_H = 22, LABEL_W = 200, BAR_W = 400, TEXT_W = 140 };

/* px = |v| x width / max, in whole pixels (max > 0). */
static unsigned long bar_px(const mpz_t v, const mpz_t max, unsigned long width)
{
    mpz_t q;
    mpz_init(q);
    mpz_abs(q, v);
    mpz_mul_ui(q, q, width);
    mpz_tdiv_q(q, q, max);
    unsigned long px = mpz_get_ui(q);
    mpz_clear(q);
    return px;
}

void html_svg_bars(strbuf *sb, const char *title, const html_bar *bars, size_t n)
{
    mpz_t max, a;
    mpz_inits(max, a, NULL);
    int negative = 0;
    for (size_t i = 0; i < n; i++) {
        mpz_abs(a, *bars[i].value);
        if (mpz_cmp(a, max) > 0)
            mpz_set(max, a);
        negative |= mpz_sgn(*bars[i].value) < 0;
    }
    /* With negative values the axis sits in the middle, each side half the width. */
    unsigned long half = negative ? BAR_W / 2 : BAR_W, axis = LABEL_W + (negative ? BAR_W / 2 : 0);
    unsigned long width = LABEL_W + BAR_W + TEXT_W, height = (unsigned long)n * BAR_H + 4;
    sb_printf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%lu\" "
                  "height=\"%lu\" viewBox=\"0 0 %lu %lu\"><title>", width, height, width, height);
    html_escape(sb, title);
    sb_puts(sb, "</title>\n");
    for (size_t i = 0; i < n; i++) {
        unsigned long y = (unsigned long)i * BAR_H + 2;
        unsigned long px = mpz_sgn(max) ? bar_px(*bars[i].value, max, half) : 0;
        int neg = mpz_sgn(*bars[i].value) < 0;
        sb_printf(sb, "<text x=\"0\" y=\"%lu\" font-size=\"13\">", y + 15);
        html_escape(sb, bars[i].label);
        sb_printf(sb, "</text><rect x=\"%lu\" y=\"%lu\" width=\"%lu\" height=\"%d\" fill=\"%s\"/>",
                  neg ? axis - px : axis, y + 2, px, BAR_H - 6,
                  bars[i].fill ? bars[i].fill : neg ? "#c0392b" : "#2e86c1");
        sb_printf(sb, "<text x=\"%lu\" y=\"%lu\" font-size=\"13\">", (unsigned long)LABEL_W + BAR_W + 6,
                  y + 15);
        html_escape(sb, bars[i].text);
        sb_puts(sb, "</text>\n");
    }
    sb_puts(sb, "</svg>\n");
    mpz_clears(max, a, NULL);
}

void html_svg_attainment(strbuf *sb, const mpq_t num, const mpq_t den)
{
    /* px = floor(num / den x 400), at most 600 (150%); 100% is the mark at 400. */
    enum { FULL = BAR_W * 3 / 2, LEFT = 10, TOP = 18 };
    mpz_t q, d;
    mpz_inits(q, d, NULL);
    mpz_mul(q, mpq_numref(num), mpq_denref(den));
    mpz_mul_ui(q, q, BAR_W);
    mpz_mul(d, mpq_denref(num), mpq_numref(den));
    unsigned long px = 0;
    int beyond = 0;
    if (mpz_sgn(d) > 0 && mpz_sgn(q) > 0) {
        mpz_tdiv_q(q, q, d);
        beyond = mpz_cmp_ui(q, FULL) > 0;
        px = beyond ? FULL : mpz_get_ui(q);
    }
    sb_printf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\" "
                  "viewBox=\"0 0 %d %d\"><title>attainment: credit year to date against quota"
                  "</title>", FULL + 2 * LEFT + 60, TOP + 44, FULL + 2 * LEFT + 60, TOP + 44);
    sb_printf(sb, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"#eee\"/>"
                  "<rect x=\"%d\" y=\"%d\" width=\"%lu\" height=\"20\" fill=\"#27ae60\"/>",
              LEFT, TOP, FULL, LEFT, TOP, px);
    /* The scale: a tick and a label at 0, 50, 100 (the quota) and 150 percent. */
    for (int pct = 0; pct <= 150; pct += 50) {
        int x = LEFT + pct * BAR_W / 100;
        sb_printf(sb, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\" "
                      "stroke-width=\"%d\"/><text x=\"%d\" y=\"%d\" font-size=\"12\" "
                      "text-anchor=\"middle\">%d%%%s</text>",
                  x, pct == 100 ? TOP - 6 : TOP + 20, x, TOP + 26, pct == 100 ? 2 : 1, x, TOP + 40,
                  pct, pct == 100 ? " (quota)" : "");
    }
    if (beyond)
        sb_printf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"12\">&#8594; more</text>",
                  LEFT + FULL + 4, TOP + 15);
    sb_puts(sb, "</svg>\n");
    mpz_clears(q, d, NULL);
}
