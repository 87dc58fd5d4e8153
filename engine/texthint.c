/*
 * texthint.c - likely causes of a malformed CSV file (texthint.h).
 */
#include "texthint.h"

#include <string.h>

char texthint_separator(const char *header)
{
    static const char candidates[] = {';', '\t', '|'};
    char best = 0;
    size_t best_n = 0;
    for (size_t i = 0; i < sizeof candidates; i++) {
        size_t n = 0;
        for (const char *p = header; *p; p++)
            n += *p == candidates[i];
        if (n > best_n) {
            best_n = n;
            best = candidates[i];
        }
    }
    return best;
}

/* Windows-1252's 0x80-0x9F in UTF-8 ("" where undefined); 0xA0-0xFF are Latin-1's U+00A0-U+00FF. */
static const char *const cp1252_high[32] = {
    "\xE2\x82\xAC", "",             "\xE2\x80\x9A", "\xC6\x92",     "\xE2\x80\x9E", "\xE2\x80\xA6",
    "\xE2\x80\xA0", "\xE2\x80\xA1", "\xCB\x86",     "\xE2\x80\xB0", "\xC5\xA0",     "\xE2\x80\xB9",
    "\xC5\x92",     "",             "\xC5\xBD",     "",             "",             "\xE2\x80\x98",
    "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94",
    "\xCB\x9C",     "\xE2\x84\xA2", "\xC5\xA1",     "\xE2\x80\xBA", "\xC5\x93",     "",
    "\xC5\xBE",     "\xC5\xB8",
};

int texthint_cp1252(strbuf *out, unsigned char b)
{
    if (b < 0x80)
        return 0;
    if (b < 0xA0) {
        const char *s = cp1252_high[b - 0x80];
        if (!*s)
            return 0;
        sb_puts(out, s);
        return 1;
    }
    if (b == 0xA0)   /* a no-break space: shown by name, it would look like nothing */
        sb_puts(out, "no-break space");
    else {
        sb_putc(out, (char)(0xC0 | (b >> 6)));   /* U+00A1..U+00FF in two UTF-8 bytes */
        sb_putc(out, (char)(0x80 | (b & 0x3F)));
    }
    return 1;
}

void texthint_not_utf8(strbuf *out, unsigned char b)
{
    sb_printf(out, " (byte 0x%02X", b);
    strbuf as = STRBUF_INIT;
    if (texthint_cp1252(&as, b))
        sb_printf(out, ", '%s' in Latin-1 or Windows-1252", as.p);
    sb_free(&as);
    sb_puts(out, "): save the file as UTF-8");
}
