/*
 * pay.c - from earnings to what is paid: the pay mechanics after the tiers.
 *
 * For every component: released = earned less what is held (the line walk
 * fills it for commissions that hold), plus manual adjustments, rounded
 * cumulatively: R(m) = round(released(m) + adjusted(m)).  The draw comes
 * last, on the other components' payouts.  Without a mechanic, R(m) =
 * round(E(m)) as the contract says.
 */
#include "pay.h"
#include "adjustments.h"
#include "draw.h"
#include "money.h"
#include "qfast.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define NM (EARN_MONTHS + 1)

/* Cumulative manual adjustments of the payee's component, by month. */
void pay_adjustments(component_flows *f, const batch *b, uint32_t pi, const char *id)
{
    size_t n;
    const adjustment *adj = batch_adjustments(b, pi, &n);
    for (int m = 1; m < NM; m++) {
        mpq_set(f->adjusted[m], f->adjusted[m - 1]);
        for (size_t i = 0; i < n; i++)
            if (adj[i].month == m && strcmp(adj[i].component_id, id) == 0)
                q_add(f->adjusted[m], f->adjusted[m], adj[i].amount);
    }
}

void pay_unrounded(mpq_t out, const component_earnings *ce, int m)
{
    if (ce->flows)
        mpq_add(out, ce->flows->released[m], ce->flows->adjusted[m]);
    else
        mpq_set(out, ce->E[m]);
}

/* R(m): round(E) plainly; with the pay mechanics, round(released + adjusted). */
void pay_round(component_earnings *ce, const plan *p)
{
    mpq_t v;
    mpq_init(v);
    for (int m = 1; m < NM; m++) {
        if (!ce->flows && mpq_equal(ce->E[m], ce->E[m - 1])) {
            mpz_set(ce->R[m], ce->R[m - 1]);
            continue;
        }
        pay_unrounded(v, ce, m);
        money_round(ce->R[m], v, p->minor_unit, p->rounding);
    }
    mpq_clear(v);
}

/* A draw tops the month's pay from the role's other components up to its amount (draw.c). */
void pay_draw(payee_earnings *pe, size_t ki, const plan *p, const batch *b)
{
    mpz_t T[NM], prev, cur;
    mpz_inits(prev, cur, NULL);
    for (int m = 0; m < NM; m++)
        mpz_init(T[m]);
    for (size_t k = 0; k < pe->role->ncomponents; k++) {
        if (pe->role->components[k].kind == COMP_DRAW)
            continue;
        for (int m = 1; m < NM; m++) {
            mpz_sub(cur, pe->comp[k].R[m], pe->comp[k].R[m - 1]);
            mpz_add(T[m], T[m], cur);
        }
    }
    component_flows *f = pe->comp[ki].flows;
    const component *month[NM];
    for (int m = 1; m < NM; m++)
        month[m] = &pe->month_role[m]->components[ki];
    month[0] = month[1];
    draw_apply_versions(f->draw_paid, f->draw_recovered, month, T, p->minor_unit, p->rounding,
                        p->year);
    /* E = what the draw paid less what it recovered (whole minor units); an adjustment of the
       draw then enters its cumulative rounding like any component's: R = round(E + adjusted). */
    mpz_ui_pow_ui(cur, 10, p->minor_unit);
    for (int m = 1; m < NM; m++) {
        mpz_sub(prev, f->draw_paid[m], f->draw_recovered[m]);
        mpq_set_z(pe->comp[ki].E[m], prev);
        mpz_set(mpq_denref(pe->comp[ki].E[m]), cur);
        mpq_canonicalize(pe->comp[ki].E[m]);
        mpq_set(f->released[m], pe->comp[ki].E[m]);
    }
    pay_adjustments(f, b, pe->payee, pe->role->components[ki].id);
    pay_round(&pe->comp[ki], p);
    for (int m = 0; m < NM; m++)
        mpz_clear(T[m]);
    mpz_clears(prev, cur, NULL);
}


void pay_finish(earnings *e, const plan *p, const batch *b)
{
    for (size_t s = 0; s < e->n; s++) {
        payee_earnings *pe = &e->v[s];
        size_t draw = (size_t)-1;
        for (size_t k = 0; k < pe->role->ncomponents; k++) {
            component_earnings *ce = &pe->comp[k];
            const component *cp = &pe->role->components[k];
            if (cp->kind == COMP_DRAW) {
                draw = k;  /* last: it tops up the others' payouts */
                continue;
            }
            if (ce->flows)
                pay_adjustments(ce->flows, b, pe->payee, cp->id);
            pay_round(ce, p);
        }
        if (draw != (size_t)-1)
            pay_draw(pe, draw, p, b);
    }
}
