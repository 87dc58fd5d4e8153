/*
 * grow.h - room in an array that items are pushed onto one by one (the line
 * walk's parts, steps and lines, a batch's payments): its capacity doubles,
 * from a first size, until the items fit, so that a push is amortised
 * constant time.
 */
#ifndef TRUCE_GROW_H
#define TRUCE_GROW_H

#include <stddef.h>
#include "strbuf.h"

/* v (room for *cap elements of elem bytes) with room for n: v itself when it has it, else v
   reallocated, *cap doubled from `first` until n fit.  The slots past the old *cap are not
   initialised. */
static inline void *grow(void *v, size_t *cap, size_t n, size_t elem, size_t first)
{
    if (n <= *cap)
        return v;
    size_t c = *cap ? *cap * 2 : first;
    while (c < n)
        c *= 2;
    *cap = c;
    return xrealloc(v, c * elem);
}

#endif
