/*
 * fitted.h - the weights of a data-driven attribution model (markov,
 * shapley; issue 17), fitted on a batch's journeys, and what crediting,
 * explain, the manifest and the scoreboard read from them.
 *
 * A campaign's weight is its removal effect (markov) or Shapley value
 * (shapley), exact; a campaign absent from the journeys has weight 0.  A
 * deal's marketing credit goes to the distinct campaigns of its journey in
 * proportion to max(weight, 0), or by the contract's linear model when that
 * is 0 for every one of them.
 */
#ifndef TRUCE_FITTED_H
#define TRUCE_FITTED_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "batch.h"
#include "diag.h"
#include "journeys.h"
#include "manifest.h"
#include "plan.h"

typedef struct fitted {
    attribution_model model;   /* MODEL_MARKOV or MODEL_SHAPLEY */
    size_t ncampaigns;         /* the batch's */
    mpq_t *value;              /* per batch campaign: RE or phi, exact; 0 when absent */
    uint8_t *present;          /* per batch campaign: 1 when in the journeys */
    size_t journeys, won;      /* the journeys fitted on, and the won ones */
    mpq_t p;                   /* markov: P, the probability of won from start; else 0 */
} fitted;

/*
 * A new fit of model m on journeys j of batch campaigns (ncampaigns of them;
 * j's units name them through j->camp).  NULL when markov is given more
 * than MARKOV_MAX_UNITS campaigns.  Free with fitted_free (NULL is fine).
 */
fitted *fitted_new(attribution_model m, const journeys *j, size_t ncampaigns);
void fitted_free(fitted *f);

/*
 * Raw weights of touches t[0..n) (w initialised): each campaign's
 * max(weight, 0) on its first touch, 0 on the others, so that once
 * normalised each campaign holds its share.  0 when every campaign's is 0
 * (or f is NULL): the caller then applies linear; else 1.
 */
int fitted_touch_weights(const fitted *f, const touch *t, size_t n, mpq_t *w);

/* Whether some campaign of touches t[0..n) has a positive weight in f (else linear applies). */
int fitted_applies(const fitted *f, const touch *t, size_t n);

/* "removal effect" (markov) or "Shapley value" (shapley): what a campaign's value is called. */
const char *fitted_value_name(attribution_model m);

/*
 * Fits every markov and shapley split of plans v[0..n) on the journeys of
 * b's deals closing in its trained-on period (split.fit).  A period with no
 * journey is an error, one with no won journey a warning (every deal then
 * falls back to linear), both at the <marketing> line.  0, or -1 after
 * reporting.
 */
int fitted_plans(plan *const *v, size_t n, const batch *b, diag *d);

/* Appends to m (manifest.h) the fit of every markov and shapley split of plans v[0..n): its
   journeys and each campaign of them with its exact value, by campaign_id bytewise. */
void fitted_record(manifest *m, plan *const *v, size_t n, const batch *b);

/* How many of b's deals close outside the plan year inside some split's trained-on period
   of plans v[0..n): training data, which the "closing outside" warning leaves out. */
size_t fitted_training_deals(const plan *const *v, size_t n, const batch *b);

#endif
