/*
 * walkkept.h - the credit lines a walked commission keeps: a payee's lines as
 * crediting made them (walk.c walks them), and the reversal lines a
 * recalculate clawback adds (the statements show them).
 */
#ifndef TRUCE_WALKKEPT_H
#define TRUCE_WALKKEPT_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "date.h"

/* A negative credit line that a recalculate clawback adds to a commission's walk, kept for the
   statements (they show where it lowered the running total). */
typedef struct walk_line {
    uint32_t deal;
    int32_t campaign;
    uint8_t role;         /* credit_role */
    day_t date;           /* its event's date */
    mpq_t credit;
} walk_line;

typedef struct walk_lines {
    walk_line *v;
    size_t n, cap;
} walk_lines;

void walk_lines_init(walk_lines *w);
walk_line *walk_lines_push(walk_lines *w);
void walk_lines_free(walk_lines *w);

/*
 * One credit line of a payee, as crediting made it, kept for its walked
 * commissions (earn_accumulate keeps them, dated on the deal's close date).
 * A million of them are kept at once, so the credit takes two words when
 * q_small accepts it (den > 0: num / den, canonical), else it is the kept
 * lines' mpq number num (den = 0).
 */
typedef struct walk_kept_line {
    uint32_t deal;
    int32_t campaign;
    uint8_t role;         /* credit_role */
    int64_t num;
    uint64_t den;
} walk_kept_line;

typedef struct walk_kept {
    walk_kept_line *v;
    size_t n, cap;
    mpq_t *big;           /* the credits q_small refuses */
    size_t nbig, capbig;
} walk_kept;

void walk_kept_init(walk_kept *k);
void walk_kept_free(walk_kept *k);
/* Keeps a line of credit `credit` (canonical) of deal `deal`. */
void walk_kept_add(walk_kept *k, uint32_t deal, int32_t campaign, uint8_t role,
                   const mpq_t credit);
/* Appends from's lines to into's, in order. */
void walk_kept_append(walk_kept *into, const walk_kept *from);
/* out = the credit of line i. */
void walk_kept_credit(const walk_kept *k, size_t i, mpq_t out);

#endif
