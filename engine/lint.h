/*
 * lint.h - warnings about plans that are legal but probably wrong, for
 * `truce check`.
 *
 * A plan can pass every rule of the contract and still not say what its
 * designer meant: a split no deal can reach, shares above 100%, a role
 * nobody holds, a cap that bites inside the first tier, rates that fall as
 * attainment rises, a SPIF window outside the plan year, an overlay or
 * rollup for a role the plan does not have, or with a share of 0; and of
 * issue 6's pay mechanics: a rate table no tier uses, a bonus level or curve
 * point above 1000%, a clawback within-days="0" (no limit), a release
 * waiting for payments in a batch without payments.csv, a draw alone in its
 * role, a draw forgiven outside the plan year.  (Overlay
 * shares are double credit by design: the shares warning does not count
 * them.)  Lint reports each
 * as a warning at the plan line of the element at fault (roster problems at
 * the roster line); it never fails a run and changes no figure.
 */
#ifndef TRUCE_LINT_H
#define TRUCE_LINT_H

#include "batch.h"
#include "diag.h"
#include "plan.h"
#include "planset.h"

/* Warns (to d) about every suspicious thing in p, read against the roster of b; returns the count. */
size_t plan_lint(const plan *p, const batch *b, diag *d);

/* plan_lint on every version of ps; the roster checks on roles once (versions share their roles). */
size_t plan_set_lint(const plan_set *ps, const batch *b, diag *d);

#endif
