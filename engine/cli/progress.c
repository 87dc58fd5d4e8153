/*
 * progress.c - the progress bar of `truce run` on a terminal.
 *
 * A thread wakes ten times a second, reads the run's stage counters
 * (truce_progress) and redraws one line with "\r"; each stage leaves one line
 * behind, completed.  Small batches draw nothing: a bar that flashes for a
 * tenth of a second only hides the messages that follow.  Nothing is drawn
 * unless the caller enabled it, which the CLI does only for a terminal, so
 * no test that captures stderr ever sees a bar.
 */
#include "cli.h"
#include "bar.h"

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
    int stage;              /* the stage on screen (bar.h's CLI_STAGE_*) */
    uint64_t total;
    double since;           /* when it began */
    int shown;              /* a line of it is on screen */
    int large;              /* the batch has more than LARGE_BATCH deals */
} drawing;

static void draw(const drawing *dr, uint64_t done, double t)
{
    char line[160];
    bar_format(line, sizeof line, dr->stage, done, dr->total, t - dr->since);
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
}

/* Leaves the stage on screen complete (done things of it), on a line of its own. */
static void finish_line(drawing *dr, uint64_t done, double t)
{
    if (!dr->shown)
        return;
    draw(dr, done, t);
    fputc('\n', stderr);
    dr->shown = 0;
}

static void tick(cli_progress *p, drawing *dr)
{
    int s;
    uint64_t done, total;
    truce_progress(p->run, &s, &done, &total);
    double t = seconds_now();
    if (s != dr->stage) {
        /* Reading has no count of its own; crediting's total is what it read. */
        finish_line(dr, dr->stage == CLI_STAGE_READ && s == CLI_STAGE_CREDIT ? total : dr->total, t);
        if (s == CLI_STAGE_CREDIT)
            dr->large = total > LARGE_BATCH;
        dr->stage = s;
        dr->since = t;
    }
    dr->total = total;
    if (s == CLI_STAGE_NONE)
        return;
    if (dr->large || (s == CLI_STAGE_READ && t - dr->since > SLOW_READ)) {
        draw(dr, done, t);
        dr->shown = 1;
    }
}

static void *run_display(void *arg)
{
    cli_progress *p = arg;
    drawing dr = {CLI_STAGE_NONE, 0, seconds_now(), 0, 0};
    const struct timespec pause = {0, 100 * 1000 * 1000};
    while (!atomic_load(&p->stop)) {
        tick(p, &dr);
        nanosleep(&pause, NULL);
    }
    tick(p, &dr);
    finish_line(&dr, dr.total, seconds_now());
    return NULL;
}

void cli_progress_start(cli_progress *p, const truce_run *r, int enabled)
{
    p->run = r;
    atomic_init(&p->stop, 0);
    p->running = enabled && pthread_create(&p->tid, NULL, run_display, p) == 0;
}

void cli_progress_stop(cli_progress *p)
{
    if (!p->running)
        return;
    atomic_store(&p->stop, 1);
    pthread_join(p->tid, NULL);
    p->running = 0;
}
