/*
 * qtree.h - an exact sum of many rationals with large, different
 * denominators, added pairwise.
 *
 * Adding n such terms one after another makes every addition pay for the
 * ever-growing denominator of the running total (quadratic in n).  Adding
 * them as a binary counter does — a new term merges with a partial sum of
 * the same rank, as in mergesort — keeps the operands of most additions
 * small: O(n log n).  The total is the same exact value.
 */
#ifndef TRUCE_QTREE_H
#define TRUCE_QTREE_H

#include <gmp.h>
#include <stdint.h>

#define QTREE_LEVELS 48

typedef struct qtree {
    mpq_t level[QTREE_LEVELS];   /* level i: a sum of 2^i added values (the top: 2^47 or more), or nothing */
    uint64_t used;               /* bit i: level i holds a sum */
} qtree;

void qtree_init(qtree *t);
void qtree_clear(qtree *t);
/* t += x. */
void qtree_add(qtree *t, const mpq_t x);
/* into += from (from's partial sums are added in, each as one value); into != from. */
void qtree_add_tree(qtree *into, const qtree *from);
/* The exact total, canonical. */
void qtree_value(const qtree *t, mpq_t out);

#endif
