/*
 * draw.c - a draw over the year, in minor units (draw.h): what it pays each
 * month, and what a recoverable draw takes back from later good months.
 */
#include "draw.h"
#include "date.h"

#define NM 13

void draw_apply(mpz_t paid[NM], mpz_t recovered[NM], const component *k, mpz_t const T[NM],
                unsigned minor_unit, round_mode mode, int year)
{
    const component *month[NM];
    for (int m = 0; m < NM; m++)
        month[m] = k;
    draw_apply_versions(paid, recovered, month, T, minor_unit, mode, year);
}

/* The forgive month of draw k within the plan year (0: none). */
static int forgive_month(const component *k, int year)
{
    if (!k->recoverable || !k->has_forgive)
        return 0;
    int fy, fm, fd;
    date_to_ymd(k->forgive, &fy, &fm, &fd);
    return fy == year ? fm : 0;
}

void draw_apply_versions(mpz_t paid[NM], mpz_t recovered[NM], const component *const *month,
                         mpz_t const T[NM], unsigned minor_unit, round_mode mode, int year)
{
    mpz_t D, L, B, x, r;
    mpz_inits(D, L, B, x, r, NULL);
    mpz_set_ui(paid[0], 0);
    mpz_set_ui(recovered[0], 0);
    for (int m = 1; m < NM; m++) {
        const component *k = month[m];  /* the draw of the plan version in force */
        money_round(D, k->draw_amount, minor_unit, mode);
        int limited = k->recoverable && k->has_recovery_limit;
        if (limited)
            money_round(L, k->recovery_limit, minor_unit, mode);
        /* draw_paid(m) = max(0, D - T) */
        mpz_sub(x, D, T[m]);
        if (mpz_sgn(x) < 0)
            mpz_set_ui(x, 0);
        mpz_add(paid[m], paid[m - 1], x);
        mpz_set_ui(r, 0);
        if (k->recoverable) {
            mpz_add(B, B, x);
            /* x = T - D: the excess over the draw */
            mpz_sub(x, T[m], D);
            if (mpz_sgn(x) > 0 && mpz_sgn(B) > 0) {
                mpz_set(r, B);
                if (mpz_cmp(x, r) < 0)
                    mpz_set(r, x);
                if (limited && mpz_cmp(L, r) < 0)
                    mpz_set(r, L);
                mpz_sub(B, B, r);
            }
            if (m == forgive_month(k, year))
                mpz_set_ui(B, 0);
        }
        mpz_add(recovered[m], recovered[m - 1], r);
    }
    mpz_clears(D, L, B, x, r, NULL);
}
