/*
 * progress.c - stage counters for a progress display, and its one line.
 *
 * Counters are relaxed atomics: a display tolerates a count a few thousand
 * behind, and the workers pay one uncontended add per PROGRESS_STEP deals.
 */
#include "progress.h"

#include <stdio.h>


void progress_init(progress_counters *p)
{
    atomic_init(&p->stage, PROGRESS_IDLE);
    atomic_init(&p->done, 0);
    atomic_init(&p->total, 0);
}

void progress_enter(progress_counters *p, progress_stage s, size_t total)
{
    if (!p)
        return;
    atomic_store_explicit(&p->done, 0, memory_order_relaxed);
    atomic_store_explicit(&p->total, total, memory_order_relaxed);
    atomic_store_explicit(&p->stage, (int)s, memory_order_release);
}

void progress_add(progress_counters *p, size_t n)
{
    if (p)
        atomic_fetch_add_explicit(&p->done, n, memory_order_relaxed);
}
