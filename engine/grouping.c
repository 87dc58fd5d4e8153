/*
 * grouping.c - thousands grouped in a number already written (grouping.h).
 */
#include "grouping.h"

#include <string.h>

void group_thousands(strbuf *sb, size_t from)
{
    size_t start = from;
    if (start < sb->len && (sb->p[start] == '-' || sb->p[start] == '+'))
        start++;
    size_t end = start;
    while (end < sb->len && sb->p[end] >= '0' && sb->p[end] <= '9')
        end++;
    size_t digits = end - start;
    if (digits <= 3)
        return;
    size_t commas = (digits - 1) / 3;
    sb_grow(sb, commas);
    /* Move the tail once, then fill the integer part from its right end. */
    memmove(sb->p + end + commas, sb->p + end, sb->len - end + 1);
    sb->len += commas;
    size_t to = end + commas;
    for (size_t n = 0; n < digits; n++) {
        if (n > 0 && n % 3 == 0)
            sb->p[--to] = ',';
        sb->p[to - 1] = sb->p[end - 1 - n];
        to--;
    }
}
