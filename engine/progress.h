/*
 * progress.h - how far a run has got, for a progress display.
 *
 * The library only counts: it names the stage it is in and bumps a counter
 * (an atomic add every few thousand deals, so the hot loops do not notice).
 * Whoever wants a progress bar reads the counters from a thread of its own
 * and draws it; the library itself never prints (the CLI draws on stderr
 * when it is a terminal, see engine/cli/progress.c).
 */
#ifndef TRUCE_PROGRESS_H
#define TRUCE_PROGRESS_H

#include <stdatomic.h>
#include <stddef.h>
#include "strbuf.h"

typedef enum {
    PROGRESS_IDLE,
    PROGRESS_READ,       /* loading and validating the files (no count until done) */
    PROGRESS_CREDIT,     /* counts deals */
    PROGRESS_EARN,       /* counts payees */
    PROGRESS_WRITE,      /* counts statements */
    PROGRESS_DONE
} progress_stage;

/* Deals credited between two bumps of the counter. */
#define PROGRESS_STEP 4096

typedef struct progress_counters {
    atomic_int stage;    /* a progress_stage */
    atomic_size_t done, total;
} progress_counters;

void progress_init(progress_counters *p);
/* Enters stage s with `total` things to do (0: unknown).  p may be NULL, as below. */
void progress_enter(progress_counters *p, progress_stage s, size_t total);
void progress_add(progress_counters *p, size_t n);


#endif
