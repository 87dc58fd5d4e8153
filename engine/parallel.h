/*
 * parallel.h - one way to share work among threads.
 *
 * Crediting, writing statements, reading the batch files and the scoreboard
 * each split their work into independent parts, one per thread; every fan-out
 * goes through parallel_run so that each has the same shape and the same
 * fallback: part 0 runs on the calling thread, and a part whose thread
 * cannot be started runs there too, so the work is done whatever the system
 * allows.  Results never depend on the number of parts: callers merge them
 * in part order, and exact arithmetic makes the merge order irrelevant.
 */
#ifndef TRUCE_PARALLEL_H
#define TRUCE_PARALLEL_H

#include <stddef.h>

/* Runs part(ctx, j) for j = 0 .. parts - 1, concurrently where threads can be had, and
   returns once every part has returned. */
void parallel_run(int parts, void (*part)(void *ctx, int j), void *ctx);

/* Threads to use for n things: jobs (0: one per online core), at most 256, and at most one per
   `grain` things (tiny work is not worth a thread); at least 1. */
int parallel_parts(int jobs, size_t n, size_t grain);

#endif
