/*
 * payroll.c - payroll.csv: each payee's total payable for the period.
 *
 * The total is the sum of the same payable amounts payouts.csv lists, so
 * the two files can never disagree; its true-up part is the sum of the
 * same prior-period adjustments the statements show.  Fields are written by
 * sb_put_csv_field, as in every CSV output: quoted when they hold a comma, a
 * quote or a line break (roster names are free text, and a payroll import
 * must not see a name split a row).
 */
#include "payroll.h"
#include "money.h"

void report_payroll(strbuf *out, const report_ctx *r)
{
    sb_puts(out, PAYROLL_HEADER "\n");
    mpz_t pay, total, trueup;
    mpz_inits(pay, total, trueup, NULL);
    for (size_t s = 0; s < r->e->n; s++) {
        const payee_earnings *pe = &r->e->v[s];
        if (pe->role->ncomponents == 0)
            continue;  /* no payouts.csv row, no statement: nothing to pay */
        const payee *py = &r->b->payees[pe->payee];
        mpz_set_ui(total, 0);
        mpz_set_ui(trueup, 0);
        for (size_t k = 0; k < pe->role->ncomponents; k++) {
            report_payable(pay, r, s, k);
            mpz_add(total, total, pay);
            report_trueup(pay, r, s, k);
            mpz_add(trueup, trueup, pay);
        }
        sb_put_csv_field(out, py->id);
        sb_putc(out, ',');
        sb_put_csv_field(out, py->name);
        char text[PERIOD_TEXT_SIZE];
        period_format(&r->per, text);
        sb_printf(out, ",%s,%s,", text, r->p->currency);
        money_format_minor(out, total, r->p->minor_unit);
        sb_putc(out, ',');
        money_format_minor(out, trueup, r->p->minor_unit);
        sb_putc(out, '\n');
    }
    mpz_clears(pay, total, trueup, NULL);
}
