/*
 * credit.h - from deals to credit lines (contract section 3.1).
 *
 * For every in-scope deal the first split whose `when` holds decides who is
 * credited: the closer gets amount x share, and the marketing share is
 * divided among the deal's campaigns by the split's attribution model.
 *
 * Crediting works one deal at a time (credit_deal), so that a run can stream
 * millions of deals through crediting and earning without keeping every line:
 * only the lines of the deals closing in the reported month are kept (in a
 * `credits`), for credits.csv and the statements.
 */
#ifndef TRUCE_CREDIT_H
#define TRUCE_CREDIT_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "diag.h"
#include "plan.h"
#include "qfast.h"

/* The order of the values is the order of a deal's rows in credits.csv and on statements. */
typedef enum { CREDIT_CLOSER = 0, CREDIT_MARKETING = 1, CREDIT_OVERLAY = 2, CREDIT_MANAGER = 3 } credit_role;

/* "closer", "marketing", "overlay", "manager": the role column of credits.csv. */
const char *credit_role_name(credit_role r);

/* The order of a deal's lines within the deal, as credits.csv and the statements have it: by
   role (closer, marketing, overlay, manager), then campaign_id with no campaign first. */
int credit_role_campaign_cmp(const batch *b, credit_role ra, int32_t ca, credit_role rb,
                             int32_t cb);

typedef struct credit_line {
    uint32_t deal;       /* index in batch.deals */
    int32_t payee;       /* index in batch.payees; -1: nobody (campaign without owner, unattributed) */
    int32_t campaign;    /* index in batch.campaigns; -1: closer line or unattributed */
    credit_role role;
    mpq_t credit;        /* exact, never zero */
} credit_line;

/* A growable list of credit lines; lines keep their mpq_t between uses. */
typedef struct credits {
    credit_line *lines;
    size_t n, cap;       /* cap lines have an initialised mpq_t */
} credits;

void credits_init(credits *c);
/* Appends a line (its credit is set by the caller). */
credit_line *credits_push(credits *c, uint32_t deal, int32_t payee, int32_t campaign,
                          credit_role role);
/* Appends copies of src's lines. */
void credits_append(credits *c, const credits *src);
void credits_free(credits *c);

/* Reusable working memory for crediting one deal at a time (one per thread). */
typedef struct credit_scratch {
    credits lines;       /* the current deal's lines */
    mpq_t *w;            /* attribution weights, one per touch */
    qw *ws;              /* the same in machine words */
    size_t wcap;
    uint32_t *camps;     /* the deal's distinct campaigns */
    uint32_t *cover;     /* an overlay's covering payees */
    size_t covercap;
    struct uncovered {   /* per overlay role: deals no payee of that role covered */
        const char *role;
        size_t deals;
    } *uncovered;
    size_t nuncovered;
    mpq_t amount, m, part;
} credit_scratch;

void credit_scratch_init(credit_scratch *s);
void credit_scratch_free(credit_scratch *s);

/* Result of credit_deal. */
enum { CREDIT_LOST = -4, CREDIT_OUT_OF_SCOPE = -3, CREDIT_EVAL_ERROR = -2, CREDIT_NO_SPLIT = -1 };

/*
 * Credits deal di under plan p (with plan versions, the version in force on
 * its close date).  On return s->lines holds its lines in the order of its
 * rows in credits.csv: closer lines (team splits) by payee, marketing lines
 * (unattributed first, then campaigns by id), overlay lines by payee, then
 * manager roll-up lines by payee; zero credits left out.  A payee not
 * employed on the close date gets nothing: that line goes to nobody (payee
 * -1) and is warned about.  Returns the index of the split used, or
 * CREDIT_OUT_OF_SCOPE (close outside the plan year; no lines), CREDIT_LOST
 * (outcome `lost`: in scope, no lines, no `when` evaluated), CREDIT_NO_SPLIT
 * (warned), CREDIT_EVAL_ERROR (reported with the deal's line and id).
 */
long credit_deal(credit_scratch *s, const plan *p, const batch *b, uint32_t di, diag *d);

#endif
