/*
 * fitted.c - data-driven weights fitted and applied (fitted.h).
 *
 * The models themselves (markov.c, shapley.c) work on units; this file maps
 * them back to batch campaigns, chooses the training deals of a plan's
 * <marketing trained-on="...">, and turns weights into a deal's touch
 * weights for attribution.c.
 */
#include "fitted.h"
#include "markov.h"
#include "shapley.h"
#include "money.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

fitted *fitted_new(attribution_model m, const journeys *j, size_t ncampaigns)
{
    fitted *f = xcalloc(1, sizeof *f);
    f->model = m;
    f->ncampaigns = ncampaigns;
    f->journeys = j->count;
    f->won = j->won;
    mpq_init(f->p);
    f->value = xmalloc((ncampaigns ? ncampaigns : 1) * sizeof *f->value);
    f->present = xcalloc(ncampaigns ? ncampaigns : 1, 1);
    for (size_t c = 0; c < ncampaigns; c++)
        mpq_init(f->value[c]);
    mpq_t *v = xmalloc((j->n ? j->n : 1) * sizeof *v);
    for (uint32_t u = 0; u < j->n; u++)
        mpq_init(v[u]);
    int ok = 1;
    if (m == MODEL_MARKOV)
        ok = markov_removal_effects(j, v, f->p) == 0;
    else
        shapley_values(j, v);
    for (uint32_t u = 0; u < j->n; u++) {
        mpq_swap(f->value[j->camp[u]], v[u]);
        f->present[j->camp[u]] = 1;
        mpq_clear(v[u]);
    }
    free(v);
    if (!ok) {
        fitted_free(f);
        return NULL;
    }
    return f;
}

void fitted_free(fitted *f)
{
    if (!f)
        return;
    for (size_t c = 0; c < f->ncampaigns; c++)
        mpq_clear(f->value[c]);
    free(f->value);
    free(f->present);
    mpq_clear(f->p);
    free(f);
}

int fitted_touch_weights(const fitted *f, const touch *t, size_t n, mpq_t *w)
{
    if (!f)
        return 0;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(w[i], 0, 1);
        size_t k = 0;
        while (k < i && t[k].campaign != t[i].campaign)
            k++;
        if (k < i || mpq_sgn(f->value[t[i].campaign]) <= 0)
            continue;  /* not the campaign's first touch, or no positive weight */
        mpq_set(w[i], f->value[t[i].campaign]);
        any = 1;
    }
    return any;
}

int fitted_applies(const fitted *f, const touch *t, size_t n)
{
    for (size_t i = 0; f && i < n; i++)
        if (mpq_sgn(f->value[t[i].campaign]) > 0)
            return 1;
    return 0;
}

const char *fitted_value_name(attribution_model m)
{
    return m == MODEL_MARKOV ? "removal effect" : "Shapley value";
}

static int in_period(const deal *x, const period *per)
{
    return x->year == per->year && x->month >= per->first && x->month <= per->last;
}

static int keep_in_period(const deal *x, void *ctx)
{
    return in_period(x, ctx);
}

/* Fits split s of plan p; -1 when its period has no journey (reported). */
static int fit_split(const plan *p, split *s, const batch *b, diag *d)
{
    char text[PERIOD_TEXT_SIZE];
    period_format(&s->trained_on, text);
    journeys j;
    journeys_build(&j, b, keep_in_period, &s->trained_on, NULL);
    int rc = 0;
    if (j.count == 0) {
        diag_error(d, p->file, s->marketing_line, 0, "trained-on %s: no deal closing then has an "
                   "eligible touch, so there are no journeys to fit model %s on", text,
                   attribution_model_name(s->model));
        rc = -1;
    } else if (!(s->fit = fitted_new(s->model, &j, b->ncampaigns))) {
        diag_error(d, p->file, s->marketing_line, 0, "trained-on %s: the journeys touch %u "
                   "campaigns, more than model markov takes (%u)", text, j.n, MARKOV_MAX_UNITS);
        rc = -1;
    } else if (j.won == 0) {
        diag_warn(d, p->file, s->marketing_line, 0, "trained-on %s: none of its %zu journeys is "
                  "won, so every weight is 0 and every deal falls back to linear", text, j.count);
    }
    if (s->fit)
        s->fit_free = fitted_free;  /* the plan owns the fit from here */
    journeys_free(&j);
    return rc;
}

int fitted_plans(plan *const *v, size_t n, const batch *b, diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < v[i]->nsplits; k++) {
            split *s = &v[i]->splits[k];
            if (s->has_marketing && (s->model == MODEL_MARKOV || s->model == MODEL_SHAPLEY) &&
                !s->fit && fit_split(v[i], s, b, d) != 0)
                rc = -1;
        }
    return rc;
}

size_t fitted_training_deals(const plan *const *v, size_t n, const batch *b)
{
    size_t count = 0;
    for (size_t di = 0; di < b->ndeals; di++) {
        const deal *x = &b->deals[di];
        if (x->year == v[0]->year)
            continue;
        int training = 0;
        for (size_t i = 0; i < n && !training; i++)
            for (size_t k = 0; k < v[i]->nsplits && !training; k++)
                training = v[i]->splits[k].trained_on.year && in_period(x, &v[i]->splits[k].trained_on);
        count += training;
    }
    return count;
}

static int by_campaign_id(const void *a, const void *b, void *ctx)
{
    const batch *bt = ctx;
    return strcmp(bt->campaigns[*(const uint32_t *)a].id, bt->campaigns[*(const uint32_t *)b].id);
}

static void record_fit(manifest_fit *mf, const fitted *f, const batch *b)
{
    uint32_t *order = xmalloc((f->ncampaigns ? f->ncampaigns : 1) * sizeof *order);
    size_t n = 0;
    for (size_t c = 0; c < f->ncampaigns; c++)
        if (f->present[c])
            order[n++] = (uint32_t)c;
    qsort_r(order, n, sizeof *order, by_campaign_id, (void *)b);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        sb_reset(&sb);
        money_format_exact(&sb, f->value[order[i]]);
        manifest_fit_add(mf, b->campaigns[order[i]].id, sb.p);
    }
    sb_free(&sb);
    free(order);
}

void fitted_record(manifest *m, plan *const *v, size_t n, const batch *b)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < v[i]->nsplits; k++) {
            const split *s = &v[i]->splits[k];
            if (!s->fit)
                continue;
            char text[PERIOD_TEXT_SIZE];
            period_format(&s->trained_on, text);
            manifest_fit *mf = manifest_add_fit(m);
            mf->version = (unsigned)(i + 1);
            mf->line = (unsigned long)s->marketing_line;
            mf->model = xstrdup(attribution_model_name(s->model));
            mf->trained_on = xstrdup(text);
            mf->journeys = s->fit->journeys;
            mf->won = s->fit->won;
            record_fit(mf, s->fit, b);
        }
}
