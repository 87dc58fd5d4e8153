/*
 * groups.h - rows grouped by a key (a deal, a payee, a value): per-key offsets.
 *
 * The optional batch files keep their valid rows grouped by what they are
 * about: splits.csv, events.csv and payments.csv by deal, adjustments.csv by
 * payee, territories.csv by value.  The rows are kept in one array in key
 * order, and key k's are [first[k], first[k + 1]), so that a deal's rows are
 * found in constant time.  Building the offsets is the first half of a
 * counting sort: count each row's key, then turn the counts into offsets;
 * rows already sorted by key are then in place, others are placed with a
 * cursor (stable: a key's rows keep the order they are placed in).
 */
#ifndef TRUCE_GROUPS_H
#define TRUCE_GROUPS_H

#include <stddef.h>
#include <stdint.h>

typedef struct groups {
    uint32_t *first;         /* nkeys + 1 offsets: key k's rows are [first[k], first[k + 1]) */
    size_t nkeys;
} groups;

/* nkeys keys (0 allowed), every one without rows: count them next. */
void groups_init(groups *g, size_t nkeys);

/* One more row of key (key < nkeys); before groups_close. */
static inline void groups_count(groups *g, size_t key)
{
    g->first[key + 1]++;
}

/* Turns the counts into offsets, once every row is counted; returns the number of rows. */
size_t groups_close(groups *g);

/* Where each key's next row goes, for placing rows that are not sorted by key: a copy of the
   offsets, advanced by the caller (slot = cursor[key]++) and freed by it. */
uint32_t *groups_cursor(const groups *g);

/* Key k's rows: *n of them, from the offset returned; *n = 0 when it has none, when
   k >= nkeys, or when g is NULL (the file was not given). */
size_t groups_of(const groups *g, size_t key, size_t *n);

void groups_free(groups *g);

#endif
