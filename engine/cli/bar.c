/*
 * bar.c - the text of one progress line, for the CLI's progress display.
 *
 * A pure function of the stage and its counts (read from truce_progress), so
 * that tests/unit/test_progress.c can check it without a terminal.
 */
#include "bar.h"

#include <stdio.h>

#define BAR_WIDTH 20

static const char *stage_name(int s)
{
    switch (s) {
    case CLI_STAGE_READ:
        return "reading";
    case CLI_STAGE_CREDIT:
        return "crediting";
    case CLI_STAGE_EARN:
        return "earning";
    case CLI_STAGE_WRITE:
        return "writing";
    default:
        return "";
    }
}

static const char *unit(int s)
{
    switch (s) {
    case CLI_STAGE_CREDIT:
    case CLI_STAGE_READ:
        return "deals";
    case CLI_STAGE_EARN:
        return "payees";
    case CLI_STAGE_WRITE:
        return "statements";
    default:
        return "";
    }
}

/* n with a comma every three digits, as printf would only under some locales. */
static size_t put_grouped(char *out, size_t cap, uint64_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    size_t k = 0;
    for (int i = 0; i < len && k + 1 < cap; i++) {
        if (i > 0 && (len - i) % 3 == 0 && k + 2 < cap)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
    return k;
}

void bar_format(char *out, size_t cap, int s, uint64_t done, uint64_t total, double seconds)
{
    char a[40], b[40], bar[BAR_WIDTH + 1];
    int n = snprintf(out, cap, "truce: %-9s ", stage_name(s));
    size_t at = n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap;
    if (total > 0) {
        if (done > total)
            done = total;
        size_t filled = (size_t)((unsigned __int128)done * BAR_WIDTH / total);
        for (size_t i = 0; i < BAR_WIDTH; i++)
            bar[i] = i < filled ? '#' : '-';
        bar[BAR_WIDTH] = '\0';
        put_grouped(a, sizeof a, done);
        put_grouped(b, sizeof b, total);
        n = snprintf(out + at, cap - at, "[%s] %s/%s %s", bar, a, b, unit(s));
    } else if (done > 0) {
        put_grouped(a, sizeof a, done);
        n = snprintf(out + at, cap - at, "%s %s", a, unit(s));
    } else {
        n = snprintf(out + at, cap - at, "...");
    }
    at += n < 0 ? 0 : (size_t)n < cap - at ? (size_t)n : cap - at;
    if (at < cap)
        snprintf(out + at, cap - at, "  %.1fs", seconds);
}
