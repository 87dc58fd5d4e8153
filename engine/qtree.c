/*
 * qtree.c - pairwise exact summation: a binary counter of partial sums.
 *
 * A term enters at level 0; while its level is taken, the two are added and
 * the sum carries one level up.  The top level absorbs anything past it, so
 * the structure never overflows (2^47 terms would be needed to reach it).
 * Every addition is mpq_add: there is no machine-word path here to overflow.
 */
#include "qtree.h"

void qtree_init(qtree *t)
{
    for (int i = 0; i < QTREE_LEVELS; i++)
        mpq_init(t->level[i]);
    t->used = 0;
}

void qtree_clear(qtree *t)
{
    for (int i = 0; i < QTREE_LEVELS; i++)
        mpq_clear(t->level[i]);
}

void qtree_add(qtree *t, const mpq_t x)
{
    mpq_t carry;
    mpq_init(carry);
    mpq_set(carry, x);
    int i = 0;
    while (i + 1 < QTREE_LEVELS && (t->used >> i & 1)) {
        mpq_add(carry, carry, t->level[i]);
        t->used &= ~(UINT64_C(1) << i);
        i++;
    }
    if (t->used >> i & 1)
        mpq_add(t->level[i], t->level[i], carry);  /* only the top level can be taken here */
    else
        mpq_swap(t->level[i], carry);
    t->used |= UINT64_C(1) << i;
    mpq_clear(carry);
}

void qtree_add_tree(qtree *into, const qtree *from)
{
    for (int i = 0; i < QTREE_LEVELS; i++)
        if (from->used >> i & 1)
            qtree_add(into, from->level[i]);
}

void qtree_value(const qtree *t, mpq_t out)
{
    mpq_set_ui(out, 0, 1);
    for (int i = 0; i < QTREE_LEVELS; i++)
        if (t->used >> i & 1)
            mpq_add(out, out, t->level[i]);
}
