/*
 * qsum.h - an exact running sum of rationals, fast for many small terms.
 *
 * A payee's monthly credit is the sum of thousands of fractions whose
 * denominators divide a few thousand (cents times a share times a few
 * attribution weights).  Adding each term with mpq_add costs a multi-limb gcd
 * as the running denominator grows; a qsum instead keeps a few buckets, each
 * a 128-bit numerator over a denominator that is a common multiple of its
 * terms' denominators, and folds everything into one canonical mpq only when
 * the value is asked for.
 */
#ifndef TRUCE_QSUM_H
#define TRUCE_QSUM_H

#include <gmp.h>
#include <stdint.h>

#define QSUM_BUCKETS 3

/* A bucket's denominator grows (to the lcm of its terms') no further than this. */
#define QSUM_DEN_MAX (UINT64_C(1) << 62)

typedef struct qsum {
    __int128 num[QSUM_BUCKETS];
    uint64_t den[QSUM_BUCKETS];
    unsigned nb;                     /* buckets in use */
    mpq_t big;                       /* terms that did not go to a bucket */
} qsum;

void qsum_init(qsum *s);
void qsum_clear(qsum *s);
/* s = 0, keeping its memory. */
void qsum_reset(qsum *s);
/* s += x (x canonical). */
void qsum_add(qsum *s, const mpq_t x);
/* s -= x (x canonical): a sum that terms leave as well as enter (the line walk's series). */
void qsum_sub(qsum *s, const mpq_t x);
/* s += n / d (d > 0; any n, INT64_MIN included; need not be canonical). */
void qsum_add_frac(qsum *s, int64_t n, uint64_t d);
/* into += from. */
void qsum_add_sum(qsum *into, const qsum *from);
/* The exact total, canonical. */
void qsum_value(const qsum *s, mpq_t out);
/* Is the total zero?  Exact; cheap when no bucket is in use (else the total is worked out). */
int qsum_is_empty(const qsum *s);

#endif
