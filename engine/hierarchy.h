/*
 * hierarchy.h - the reporting lines of the roster: its optional manager_id.
 *
 * manager_id names another payee of the roster (batch.h: payee.manager, -1
 * for none), so the roster is a forest as long as no payee manages itself,
 * directly or through others.  load.c checks that here once the roster has
 * loaded; who is in a manager's team on a given day is decided by employment
 * (payee_employed).
 */
#ifndef TRUCE_HIERARCHY_H
#define TRUCE_HIERARCHY_H

#include "batch.h"

/*
 * Reports every manager cycle of b's roster once, in roster order of its
 * first payee, as "roster.csv:LINE:COL: error: manager cycle: a -> b -> a"
 * (LINE that payee's, COL the manager_id column), naming the cycle's payees
 * from the first one in roster order, following manager_id.  0, or -1 when
 * there is a cycle.
 */
int hierarchy_check(const batch *b, diag *d);

#endif
