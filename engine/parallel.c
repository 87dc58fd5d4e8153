/*
 * parallel.c - one way to share work among threads (parallel.h says why).
 */
#include "parallel.h"
#include "strbuf.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct part_call {
    void (*part)(void *ctx, int j);
    void *ctx;
    int j;
} part_call;

static void *run_part(void *arg)
{
    const part_call *c = arg;
    c->part(c->ctx, c->j);
    return NULL;
}

void parallel_run(int parts, void (*part)(void *ctx, int j), void *ctx)
{
    if (parts <= 1) {
        if (parts == 1)
            part(ctx, 0);
        return;
    }
    part_call *call = xcalloc((size_t)parts, sizeof *call);
    pthread_t *tid = xcalloc((size_t)parts, sizeof *tid);
    char *started = xcalloc((size_t)parts, 1);
    for (int j = 1; j < parts; j++) {
        call[j] = (part_call){part, ctx, j};
        started[j] = pthread_create(&tid[j], NULL, run_part, &call[j]) == 0;
        if (!started[j])
            part(ctx, j);  /* no thread to be had: it only costs time */
    }
    part(ctx, 0);
    for (int j = 1; j < parts; j++)
        if (started[j])
            pthread_join(tid[j], NULL);
    free(call);
    free(tid);
    free(started);
}

int parallel_parts(int jobs, size_t n, size_t grain)
{
    if (jobs <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > 0 ? (int)cores : 1;
    }
    if (jobs > 256)
        jobs = 256;
    size_t useful = grain ? n / grain + 1 : n;
    if (useful < 1)
        useful = 1;
    return (size_t)jobs > useful ? (int)useful : jobs;
}
