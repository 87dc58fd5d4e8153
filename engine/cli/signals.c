/*
 * signals.c - interruption while outputs are written.
 *
 * The handler only records the signal; libtruce's writers poll the flag
 * between files (run_state.cancel), remove the temporary directory and
 * fail; then cli_die_if_interrupted re-raises the signal with its default
 * action, so a shell or scheduler sees the process die of it.
 */
#include "cli.h"

#include <string.h>

volatile sig_atomic_t cli_interrupted;
static const int caught[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    cli_interrupted = sig;
}

void cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++) {
        struct sigaction old;
        /* A signal ignored on entry (nohup, a background job's SIGINT) stays ignored. */
        if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(caught[i], &sa, NULL);
    }
}

void cli_die_if_interrupted(void)
{
    if (!cli_interrupted)
        return;
    int sig = cli_interrupted;
    signal(sig, SIG_DFL);
    raise(sig);
}
