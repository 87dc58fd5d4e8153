/*
 * progress.c - the progress bar of `truce run` on a terminal.
 *
 * A thread wakes ten times a second, reads the library's stage counters
 * (progress.h) and redraws one line with "\r"; each stage leaves one line
 * behind, completed.  Small batches draw nothing: a bar that flashes for a
 * tenth of a second only hides the messages that follow.  Nothing is drawn
 * unless the caller enabled it, which the CLI does only for a terminal, so
 * no test that captures stderr ever sees a bar.
 */
#include "cli.h"
#include "truce/strbuf.h"

#include <stdio.h>
#include <time.h>

#define LARGE_BATCH 200000   /* deals: smaller runs finish before a bar helps */
#define SLOW_READ 1.0        /* seconds of reading after which a bar is worth it anyway */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct drawing {
    progress_stage stage;   /* the stage on screen */
    size_t total;
    double since;           /* when it began */
    int shown;              /* a line of it is on screen */
    int large;              /* the batch has more than LARGE_BATCH deals */
} drawing;

static void draw(const drawing *dr, size_t done, double t)
{
    strbuf sb = STRBUF_INIT;
    progress_format(&sb, dr->stage, done, dr->total, t - dr->since);
    fprintf(stderr, "\r%s\033[K", sb.p);
    fflush(stderr);
    sb_free(&sb);
}

/* Leaves the stage on screen complete (done things of it), on a line of its own. */
static void finish_line(drawing *dr, size_t done, double t)
{
    if (!dr->shown)
        return;
    draw(dr, done, t);
    fputc('\n', stderr);
    dr->shown = 0;
}

static void tick(cli_progress *p, drawing *dr)
{
    progress_stage s = (progress_stage)atomic_load_explicit(&p->counters.stage, memory_order_acquire);
    size_t done = atomic_load_explicit(&p->counters.done, memory_order_relaxed);
    size_t total = atomic_load_explicit(&p->counters.total, memory_order_relaxed);
    double t = seconds_now();
    if (s != dr->stage) {
        /* Reading has no count of its own; crediting's total is what it read. */
        finish_line(dr, dr->stage == PROGRESS_READ && s == PROGRESS_CREDIT ? total : dr->total, t);
        if (s == PROGRESS_CREDIT)
            dr->large = total > LARGE_BATCH;
        dr->stage = s;
        dr->since = t;
    }
    dr->total = total;
    if (s == PROGRESS_IDLE || s == PROGRESS_DONE)
        return;
    if (dr->large || (s == PROGRESS_READ && t - dr->since > SLOW_READ)) {
        draw(dr, done, t);
        dr->shown = 1;
    }
}

static void *run_display(void *arg)
{
    cli_progress *p = arg;
    drawing dr = {PROGRESS_IDLE, 0, seconds_now(), 0, 0};
    const struct timespec pause = {0, 100 * 1000 * 1000};
    while (!atomic_load(&p->stop)) {
        tick(p, &dr);
        nanosleep(&pause, NULL);
    }
    tick(p, &dr);
    finish_line(&dr, dr.total, seconds_now());
    return NULL;
}

void cli_progress_start(cli_progress *p, int enabled)
{
    progress_init(&p->counters);
    atomic_init(&p->stop, 0);
    p->running = enabled && pthread_create(&p->tid, NULL, run_display, p) == 0;
}

truce_progress *cli_progress_counters(cli_progress *p)
{
    return p->running ? &p->counters : NULL;
}

void cli_progress_stop(cli_progress *p)
{
    if (!p->running)
        return;
    atomic_store(&p->stop, 1);
    pthread_join(p->tid, NULL);
    p->running = 0;
}
