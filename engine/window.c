/*
 * window.c - attainment windows and their quotas.
 *
 * A commission's running total, a bonus's levels and a curve's target all
 * restart with each attainment window (a month, quarter, half or the year).
 * The quota a window measures against is quotas.csv's figure when there is
 * one, else the annual quota's share of the year, prorated by the days the
 * payee was employed in the window; with neither dates nor quotas.csv a
 * year window's quota is the contract's annual_quota, exactly.
 */
#include "window.h"
#include "date.h"
#include "quotas.h"

int window_start(attain_window w, int m)
{
    int n = window_months(w);
    return (m - 1) / n * n + 1;
}

/* The quota of months [ws, we]: quotas.csv's figure, else the annual quota's share of the
   year, prorated by the days employed in the window (contract quotas are whole years). */
static void window_quota(mpq_t out, const batch *b, uint32_t pi, int year, int ws, int we)
{
    const payee *py = &b->payees[pi];
    if (quota_given(b, pi, year, ws, we, out))
        return;
    mpq_set(out, py->quota);
    if (we - ws + 1 != 12) {
        mpq_t share;
        mpq_init(share);
        mpq_set_ui(share, (unsigned long)(we - ws + 1), 12);
        mpq_canonicalize(share);
        mpq_mul(out, out, share);
        mpq_clear(share);
    }
    if (py->start == DAY_OPEN_START && py->end == DAY_OPEN_END)
        return;
    day_t a = date_from_ymd(year, ws, 1), z = date_from_ymd(year, we, date_days_in_month(year, we));
    day_t lo = py->start > a ? py->start : a, hi = py->end < z ? py->end : z;
    mpq_t days;
    mpq_init(days);
    mpq_set_ui(days, hi >= lo ? (unsigned long)(hi - lo + 1) : 0, (unsigned long)(z - a + 1));
    mpq_canonicalize(days);
    mpq_mul(out, out, days);
    mpq_clear(days);
}

void earn_window_quota(mpq_t out, const batch *b, uint32_t pi, int year, attain_window w,
                       int m)
{
    int ws = window_start(w, m);
    window_quota(out, b, pi, year, ws, ws + window_months(w) - 1);
}

/* Does some window of the year need annual_quota (no quotas.csv figure for it)? */
int window_needs_annual_quota(const batch *b, uint32_t pi, int year, attain_window w)
{
    int n = window_months(w);
    mpq_t q;
    mpq_init(q);
    int need = 0;
    for (int ws = 1; ws <= 12 && !need; ws += n)
        need = !quota_given(b, pi, year, ws, ws + n - 1, q);
    mpq_clear(q);
    return need;
}
