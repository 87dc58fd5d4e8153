/*
 * fuzz_common.h - what the libFuzzer targets in fuzz/ share: a failed
 * invariant that stops the run with a message, and a reader that carves
 * small values out of the input bytes (like LLVM's FuzzedDataProvider).
 *
 * A broken invariant calls abort(), so libFuzzer saves the input as a crash
 * artifact exactly as it does for a sanitizer report.
 */
#ifndef TRUCE_FUZZ_COMMON_H
#define TRUCE_FUZZ_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noreturn, format(printf, 3, 4), unused))
static void fuzz_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "FUZZ CHECK failed at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* CHECK(cond, "what %d", x): an invariant of the code under test. */
#define CHECK(cond, ...) \
    do { \
        if (!(cond)) \
            fuzz_fail(__FILE__, __LINE__, "(" #cond ") " __VA_ARGS__); \
    } while (0)

/* ---- carving values out of the input ------------------------------------ */

typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;

/* The next byte, 0 once the input is used up (so every input means something). */
static inline uint8_t take_u8(bytes *b)
{
    if (b->n == 0)
        return 0;
    b->n--;
    return *b->p++;
}

static inline unsigned take_u16(bytes *b)
{
    unsigned hi = take_u8(b);
    return hi << 8 | take_u8(b);
}

/* A value in [0, n), n >= 1. */
static inline unsigned take_below(bytes *b, unsigned n)
{
    return n <= 256 ? take_u8(b) % n : take_u16(b) % n;
}

/* Up to max bytes, as a pointer into the input; *len gets the count. */
static inline const uint8_t *take_run(bytes *b, size_t max, size_t *len)
{
    size_t k = take_u8(b);
    if (k > max)
        k = max;
    if (k > b->n)
        k = b->n;
    const uint8_t *p = b->p;
    b->p += k;
    b->n -= k;
    *len = k;
    return p;
}

/* ---- UTF-8, written from RFC 3629 (independent of engine/csv.c) --------- */

/* Whether s[0..n) is well-formed UTF-8: no overlong form, no surrogate, nothing past U+10FFFF. */
static inline int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        unsigned long cp;
        size_t len;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        static const unsigned long min_of_len[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_of_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

#endif
