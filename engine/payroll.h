/*
 * payroll.h - OUT/payroll.csv: one row per payee, the total payable, ready
 * for a payroll system's import.
 *
 *   payee_id,name,period,currency,amount,prior_period_adjustment
 *   ana,Ana Ruiz,2027-03,USD,5890.00,0.00
 *
 * A row for every payee with a statement (every row of payouts.csv's payees),
 * sorted by payee_id bytewise; amount is the sum of the payee's payouts.csv
 * amounts (true-ups included), prior_period_adjustment the part of it that
 * trues up earlier periods (--paid, paid.h; 0 without one), both with the
 * currency's decimals.
 */
#ifndef TRUCE_PAYROLL_H
#define TRUCE_PAYROLL_H

#include "report.h"
#include "strbuf.h"

#define PAYROLL_FILE "payroll.csv"
#define PAYROLL_HEADER "payee_id,name,period,currency,amount,prior_period_adjustment"

void report_payroll(strbuf *out, const report_ctx *r);

#endif
