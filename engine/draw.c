/*
 * draw.c - a draw over the year, in minor units (draw.h): what it pays each
 * month, and what a recoverable draw takes back from later good months.
 */
#include "truce/draw.h"
#include "truce/date.h"

#define NM 13

void draw_apply(mpz_t paid[NM], mpz_t recovered[NM], const component *k, mpz_t const T[NM],
                unsigned minor_unit, round_mode mode, int year)
{
    mpz_t D, L, B, x, r;
    mpz_inits(D, L, B, x, r, NULL);
    money_round(D, k->draw_amount, minor_unit, mode);
    int limited = k->recoverable && k->has_recovery_limit;
    if (limited)
        money_round(L, k->recovery_limit, minor_unit, mode);
    int forgive_month = 0;  /* 0: no forgiveness within the plan year */
    if (k->recoverable && k->has_forgive) {
        int fy, fm, fd;
        date_to_ymd(k->forgive, &fy, &fm, &fd);
        if (fy == year)
            forgive_month = fm;
    }
    mpz_set_ui(paid[0], 0);
    mpz_set_ui(recovered[0], 0);
    for (int m = 1; m < NM; m++) {
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
            if (m == forgive_month)
                mpz_set_ui(B, 0);
        }
        mpz_add(recovered[m], recovered[m - 1], r);
    }
    mpz_clears(D, L, B, x, r, NULL);
}
