/*
 * report.h - every output format, built in memory.
 *
 * Reports read the plan, batch, credits and earnings; they compute nothing
 * that changes a figure, only select and format.  Each function appends to a
 * strbuf, and the caller decides where the bytes go (see outdir.h).
 */
#ifndef TRUCE_REPORT_H
#define TRUCE_REPORT_H

#include "batch.h"
#include "credit.h"
#include "earn.h"
#include "plan.h"
#include "strbuf.h"

typedef struct report_ctx {
    const plan *p;
    const batch *b;
    const credits *c;
    const earnings *e;
    int month;          /* 1..12 of the plan year */
    shard shard;        /* credits.csv keeps the rows of this shard's payees ({0,0}: all) */
} report_ctx;

/* payouts.csv (contract section 4). */
void report_payouts(strbuf *out, const report_ctx *r);
/* credits.csv: the credit lines of the deals closing in the month. */
void report_credits(strbuf *out, const report_ctx *r);
/* statements/PAYEE.txt for earnings slot s (r->e->v[s]). */
void report_statement(strbuf *out, const report_ctx *r, size_t s);

#endif
