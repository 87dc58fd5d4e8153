/*
 * planset.c - the versions of one plan, checked to be one plan tiling its year.
 *
 * Each version is an ordinary plan (plan.c has already checked that its
 * effective dates are real, in its year, and month-aligned); this module
 * checks what only the versions together can get wrong: that they are the
 * same plan (id, year, currency, rounding, roles and components), and that,
 * sorted by effective-from, they cover the year with no gap and no overlap.
 * Each problem is reported at the line of the element at fault in the
 * version at fault (the later one), naming the version it disagrees with.
 */
#include "planset.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Most ids listed in one message; past it the list ends in ", ...". */
#define LIST_MAX 10

/* Appends the ids of roles (or "(none)"), comma-separated, at most LIST_MAX. */
static void put_roles(strbuf *sb, const plan *p)
{
    if (p->nroles == 0)
        sb_puts(sb, "(none)");
    for (size_t i = 0; i < p->nroles && i <= LIST_MAX; i++)
        sb_printf(sb, "%s%s", i ? ", " : "", i == LIST_MAX ? "..." : p->roles[i].id);
}

/* The same for the components of r. */
static void put_components(strbuf *sb, const role *r)
{
    if (r->ncomponents == 0)
        sb_puts(sb, "(none)");
    for (size_t i = 0; i < r->ncomponents && i <= LIST_MAX; i++)
        sb_printf(sb, "%s%s", i ? ", " : "", i == LIST_MAX ? "..." : r->components[i].id);
}

static int same_role_ids(const plan *a, const plan *b)
{
    if (a->nroles != b->nroles)
        return 0;
    for (size_t i = 0; i < a->nroles; i++)
        if (strcmp(a->roles[i].id, b->roles[i].id) != 0)
            return 0;
    return 1;
}

static int same_component_ids(const role *a, const role *b)
{
    if (a->ncomponents != b->ncomponents)
        return 0;
    for (size_t i = 0; i < a->ncomponents; i++)
        if (strcmp(a->components[i].id, b->components[i].id) != 0)
            return 0;
    return 1;
}

static const char *kind_name(component_kind k)
{
    switch (k) {
    case COMP_SPIF: return "a spif";
    case COMP_BONUS: return "a bonus";
    case COMP_CURVE: return "a curve";
    case COMP_DRAW: return "a draw";
    default: return "a commission";
    }
}

/* One component of p's role r against the same one of the reference. */
static void compare_component(const plan *ref, const plan *p, const role *r,
                              const component *want, const component *c, diag *d)
{
    if (c->kind != want->kind) {
        diag_error(d, p->file, c->line, 0, "component '%s' of role '%s' is %s here but %s in %s",
                   c->id, r->id, kind_name(c->kind), kind_name(want->kind), ref->file);
        return;
    }
    if ((c->kind == COMP_BONUS || c->kind == COMP_CURVE) && c->window != want->window)
        diag_error(d, p->file, c->line, 0, "%s '%s' of role '%s' has window %s here but %s in %s",
                   c->kind == COMP_BONUS ? "bonus" : "curve", c->id, r->id,
                   attain_window_name(c->window), attain_window_name(want->window), ref->file);
    if (c->kind != COMP_COMMISSION)
        return;
    if (c->window != want->window)
        diag_error(d, p->file, c->line, 0,
                   "commission '%s' of role '%s' has window %s here but %s in %s", c->id, r->id,
                   attain_window_name(c->window), attain_window_name(want->window), ref->file);
    if (c->retroactive != want->retroactive)
        diag_error(d, p->file, c->line, 0,
                   "commission '%s' of role '%s' has mode %s here but %s in %s", c->id, r->id,
                   c->retroactive ? "retroactive" : "marginal",
                   want->retroactive ? "retroactive" : "marginal", ref->file);
}

/* Version p against the reference version: the same plan, or errors at p's lines. */
static void compare_versions(const plan *ref, const plan *p, diag *d)
{
    if (strcmp(p->id, ref->id) != 0)
        diag_error(d, p->file, p->line, 0, "different plan id '%s' (%s has '%s')", p->id,
                   ref->file, ref->id);
    if (p->year != ref->year)
        diag_error(d, p->file, p->line, 0, "different year %d (%s has %d)", p->year, ref->file,
                   ref->year);
    if (strcmp(p->currency, ref->currency) != 0)
        diag_error(d, p->file, p->line, 0, "different currency %s (%s has %s)", p->currency,
                   ref->file, ref->currency);
    if (p->rounding != ref->rounding)
        diag_error(d, p->file, p->line, 0, "different rounding %s (%s has %s)",
                   round_mode_name(p->rounding), ref->file, round_mode_name(ref->rounding));
    strbuf here = STRBUF_INIT, there = STRBUF_INIT;
    if (!same_role_ids(ref, p)) {
        put_roles(&here, p);
        put_roles(&there, ref);
        diag_error(d, p->file, p->line, 0, "roles %s here but %s in %s", here.p, there.p,
                   ref->file);
    } else {
        for (size_t i = 0; i < p->nroles; i++) {
            const role *r = &p->roles[i], *want = &ref->roles[i];
            if (!same_component_ids(want, r)) {
                sb_reset(&here);
                sb_reset(&there);
                put_components(&here, r);
                put_components(&there, want);
                diag_error(d, p->file, r->line, 0, "role '%s' has components %s here but %s in %s",
                           r->id, here.p, there.p, ref->file);
                continue;
            }
            for (size_t j = 0; j < r->ncomponents; j++)
                compare_component(ref, p, r, &want->components[j], &r->components[j], d);
        }
    }
    sb_free(&here);
    sb_free(&there);
}

/*
 * Sorted by effective-from, the versions must cover [Jan 1, Dec 31] of the
 * year: each starts the day after the latest end so far.  An overlap or a
 * gap is reported at the later version.
 */
static void check_tiling(const plan_set *ps, diag *d)
{
    int year = ps->v[0]->year;
    day_t first = date_from_ymd(year, 1, 1), last = date_from_ymd(year, 12, 31);
    char a[11], b[11];
    if (ps->n == 1) {
        const plan *p = ps->v[0];
        if (p->effective_from != first || p->effective_to != last) {
            date_format(p->effective_from, a);
            date_format(p->effective_to, b);
            diag_error(d, p->file, p->line, 0,
                       "a single plan must be in force the whole year %d, not only from %s to %s: "
                       "nothing would credit the other months", year, a, b);
        }
        return;
    }
    const plan *reach = ps->v[0];   /* the version ending latest so far */
    if (reach->effective_from != first) {
        date_format(first, a);
        date_format(reach->effective_from, b);
        diag_error(d, reach->file, reach->line, 0,
                   "gap between the start of the year (%s) and %s (from %s)", a, reach->file, b);
    }
    for (size_t i = 1; i < ps->n; i++) {
        const plan *p = ps->v[i];
        if (p->effective_from <= reach->effective_to) {
            date_format(p->effective_from, a);
            date_format(reach->effective_to, b);
            diag_error(d, p->file, p->line, 0, "version effective %s overlaps %s (effective to %s)%s",
                       a, reach->file, b,
                       !p->has_effective_from ? "; only the first version may omit effective-from"
                       : !reach->has_effective_to ? "; only the last version may omit effective-to"
                       : "");
        } else if (p->effective_from - 1 > reach->effective_to) {
            date_format(reach->effective_to, a);
            date_format(p->effective_from, b);
            diag_error(d, p->file, p->line, 0, "gap between %s (to %s) and %s (from %s)",
                       reach->file, a, p->file, b);
        }
        if (p->effective_to > reach->effective_to)
            reach = p;
    }
    if (reach->effective_to != last) {
        date_format(reach->effective_to, a);
        date_format(last, b);
        diag_error(d, reach->file, reach->line, 0,
                   "gap between %s (to %s) and the end of the year (%s)", reach->file, a, b);
    }
}

int plan_set_adopt(plan_set *ps, plan **v, size_t n, diag *d)
{
    memset(ps, 0, sizeof *ps);
    if (n == 0) {
        diag_error(d, NULL, 0, 0, "no plan given");
        return -1;
    }
    ps->v = xmalloc(n * sizeof *ps->v);
    ps->n = n;
    /* Insertion sort, stable: versions are few, and equal starts keep the order given. */
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && ps->v[j - 1]->effective_from > v[i]->effective_from) {
            ps->v[j] = ps->v[j - 1];
            j--;
        }
        ps->v[j] = v[i];
    }
    size_t before = d->errors;
    int same_year = 1;
    for (size_t i = 1; i < n; i++) {
        compare_versions(ps->v[0], ps->v[i], d);
        if (ps->v[i]->year != ps->v[0]->year)
            same_year = 0;
    }
    if (same_year)
        check_tiling(ps, d);
    if (d->errors > before) {
        plan_set_free(ps);
        return -1;
    }
    int year = ps->v[0]->year;
    for (int m = 1; m <= 12; m++) {
        day_t day1 = date_from_ymd(year, m, 1);
        for (size_t i = 0; i < n; i++)
            if (ps->v[i]->effective_from <= day1 && day1 <= ps->v[i]->effective_to)
                ps->month_version[m] = (uint8_t)i;
    }
    return 0;
}

int plan_set_load(plan_set *ps, const char *const *paths, size_t n, diag *d)
{
    memset(ps, 0, sizeof *ps);
    if (n == 0) {
        diag_error(d, NULL, 0, 0, "no plan given");
        return -1;
    }
    plan **v = xcalloc(n, sizeof *v);
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        if (!(v[i] = plan_load_file(paths[i], paths[i], d)))
            bad = 1;
    int rc = -1;
    if (bad) {
        for (size_t i = 0; i < n; i++)
            plan_free(v[i]);
    } else {
        rc = plan_set_adopt(ps, v, n, d);
    }
    free(v);
    return rc;
}

const plan *plan_set_at(const plan_set *ps, int month)
{
    if (month < 1 || month > 12 || ps->n == 0)
        return NULL;
    return ps->v[ps->month_version[month]];
}

int plan_set_bind(plan_set *ps, const char *const *deal_header, size_t ncols, diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < ps->n; i++)
        if (plan_bind(ps->v[i], deal_header, ncols, d) < 0)
            rc = -1;
    return rc;
}

void plan_set_free(plan_set *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        plan_free(ps->v[i]);
    free(ps->v);
    memset(ps, 0, sizeof *ps);
}
