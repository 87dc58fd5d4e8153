/*
 * bar.h - the text of one line of the CLI's progress display.
 */
#ifndef TRUCE_CLI_BAR_H
#define TRUCE_CLI_BAR_H

#include <stddef.h>
#include <stdint.h>

/* The stages as truce_progress numbers them. */
enum { CLI_STAGE_NONE, CLI_STAGE_READ, CLI_STAGE_CREDIT, CLI_STAGE_EARN, CLI_STAGE_WRITE };

/*
 * One line of a progress display, without a line end, into out[0..cap):
 *   "truce: crediting [########------------] 450,000/1,000,000 deals  2.3s"
 * A stage with an unknown total shows no bar.  Counts are grouped by commas
 * whatever the locale.
 */
void bar_format(char *out, size_t cap, int stage, uint64_t done, uint64_t total, double seconds);

#endif
