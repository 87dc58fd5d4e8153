/*
 * batch_fixture.h - batches from strings for the unit tests of the batch
 * files (roster, deals and the optional splits, territories, quotas, fx,
 * events, payments, adjustments),
 * and a check of one located message.
 */
#ifndef TEST_BATCH_FIXTURE_H
#define TEST_BATCH_FIXTURE_H

#include <string.h>

#include "load.h"

typedef struct fixture {
    const char *roster, *deals, *splits, *territories, *quotas, *fx;
    const char *events, *payments, *adjustments;
} fixture;

static inline batch_source fixture_source(const char *name, const char *text)
{
    batch_source s = {name, text, text ? strlen(text) : 0};
    return s;
}

/* Loads fx's files (NULL: absent) into b with diag d (both initialised here); the result of
   load_batch_sources. */
static inline int fixture_load(batch *b, diag *d, const fixture *fx)
{
    batch_sources src = {
        .plan = fixture_source("plan.xml", NULL),
        .roster = fixture_source("roster.csv", fx->roster),
        .deals = fixture_source("deals.csv", fx->deals),
        .touches = fixture_source("touches.csv", NULL),
        .campaigns = fixture_source("campaigns.csv", NULL),
        .splits = fixture_source("splits.csv", fx->splits),
        .territories = fixture_source("territories.csv", fx->territories),
        .quotas = fixture_source("quotas.csv", fx->quotas),
        .fx = fixture_source("fx.csv", fx->fx),
        .events = fixture_source("events.csv", fx->events),
        .payments = fixture_source("payments.csv", fx->payments),
        .adjustments = fixture_source("adjustments.csv", fx->adjustments),
    };
    diag_init(d);
    return load_batch_sources(b, &src, 1, d);
}

/* Message i of d is an error at file:line:col saying exactly msg. */
static inline void fixture_expect(const diag *d, size_t i, const char *file, long line, long col,
                                  const char *msg)
{
    assert_true(i < d->n);
    const diag_entry *e = &d->v[i];
    assert_int_equal(e->level, DIAG_ERROR);
    assert_string_equal(e->file, file);
    assert_int_equal(e->line, line);
    assert_int_equal(e->col, col);
    assert_string_equal(e->msg, msg);
}

#endif
