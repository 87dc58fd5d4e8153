/*
 * progress.c - stage counters for a progress display, and its one line.
 *
 * Counters are relaxed atomics: a display tolerates a count a few thousand
 * behind, and the workers pay one uncontended add per PROGRESS_STEP deals.
 */
#include "truce/progress.h"

#include <stdio.h>

#define BAR_WIDTH 20

void progress_init(truce_progress *p)
{
    atomic_init(&p->stage, PROGRESS_IDLE);
    atomic_init(&p->done, 0);
    atomic_init(&p->total, 0);
}

void progress_enter(truce_progress *p, progress_stage s, size_t total)
{
    if (!p)
        return;
    atomic_store_explicit(&p->done, 0, memory_order_relaxed);
    atomic_store_explicit(&p->total, total, memory_order_relaxed);
    atomic_store_explicit(&p->stage, (int)s, memory_order_release);
}

void progress_add(truce_progress *p, size_t n)
{
    if (p)
        atomic_fetch_add_explicit(&p->done, n, memory_order_relaxed);
}

const char *progress_stage_name(progress_stage s)
{
    switch (s) {
    case PROGRESS_READ:
        return "reading";
    case PROGRESS_CREDIT:
        return "crediting";
    case PROGRESS_EARN:
        return "earning";
    case PROGRESS_WRITE:
        return "writing";
    default:
        return "";
    }
}

static const char *unit(progress_stage s)
{
    switch (s) {
    case PROGRESS_CREDIT:
    case PROGRESS_READ:
        return "deals";
    case PROGRESS_EARN:
        return "payees";
    case PROGRESS_WRITE:
        return "statements";
    default:
        return "";
    }
}

/* n with a comma every three digits, as printf would only under some locales. */
static void put_grouped(strbuf *sb, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            sb_putc(sb, ',');
        sb_putc(sb, digits[i]);
    }
}

void progress_format(strbuf *sb, progress_stage s, size_t done, size_t total, double seconds)
{
    sb_printf(sb, "truce: %-9s ", progress_stage_name(s));
    if (total > 0) {
        if (done > total)
            done = total;
        size_t filled = (size_t)((unsigned __int128)done * BAR_WIDTH / total);
        sb_putc(sb, '[');
        for (size_t i = 0; i < BAR_WIDTH; i++)
            sb_putc(sb, i < filled ? '#' : '-');
        sb_puts(sb, "] ");
        put_grouped(sb, done);
        sb_putc(sb, '/');
        put_grouped(sb, total);
        sb_printf(sb, " %s", unit(s));
    } else if (done > 0) {
        put_grouped(sb, done);
        sb_printf(sb, " %s", unit(s));
    } else {
        sb_puts(sb, "...");
    }
    sb_printf(sb, "  %.1fs", seconds);
}
