/*
 * credit.h - from deals to credit lines (contract section 3.1).
 *
 * For every in-scope deal the first split whose `when` holds decides who is
 * credited: the closer gets amount x share, and the marketing share is
 * divided among the deal's campaigns by the split's attribution model.
 * Credit lines are the only thing the earning stage reads.
 */
#ifndef TRUCE_CREDIT_H
#define TRUCE_CREDIT_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "diag.h"
#include "plan.h"

typedef enum { CREDIT_CLOSER = 0, CREDIT_MARKETING = 1 } credit_role;

typedef struct credit_line {
    uint32_t deal;       /* index in batch.deals */
    int32_t payee;       /* index in batch.payees; -1: nobody (campaign without owner, unattributed) */
    int32_t campaign;    /* index in batch.campaigns; -1: closer line or unattributed */
    credit_role role;
    mpq_t credit;        /* exact, never zero */
} credit_line;

typedef struct credits {
    credit_line *lines;  /* per deal in deals.csv order: closer, unattributed, then campaigns by id */
    size_t n, cap;
    int32_t *deal_split; /* per deal: index of the split used; -1 when out of scope or none held */
    size_t in_scope, out_of_scope, unmatched;
} credits;

/*
 * Credits every deal whose close_date lies in the plan's year.  Evaluation
 * errors are reported (deals.csv line, deal id) and crediting goes on, so
 * that all are found; returns -1 if there was any.  Warnings: deals outside
 * the year (counted), deals no split matched (named).
 */
int credit_batch(credits *out, const plan *p, const batch *b, diag *d);
void credits_free(credits *c);

#endif
