/*
 * test_draw.c - draws (draw.h): non-recoverable over a year of uneven
 * earnings, recoverable with and without a recovery limit, forgiveness, a
 * month earning exactly the draw, clawback months (T < 0), the rounding of
 * the draw amount to minor units.
 *
 * Components are built by hand (no plan file).  Amounts are minor units
 * (cents for USD): a draw of 3000 is 300000.  Every expected value is
 * worked out in the comments, month by month: T is the other components'
 * payout, p = draw_paid(m) = max(0, D - T), r = recovered(m), B the balance
 * after the month; the arrays checked are the running sums of p and r.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"

#define NM 13
#define YEAR 2027

/* ---- helpers ------------------------------------------------------------ */

/* A plan number as the plan loader reads it ("3000", "1000.005", "3/200"). */
static void setq(mpq_t x, const char *s)
{
    assert_int_equal(money_parse_plan_number(x, s, PLAN_NUM_DECIMAL | PLAN_NUM_FRACTION, NULL),
                     MONEY_OK);
}

static component *draw_new(const char *amount, int recoverable)
{
    component *k = calloc(1, sizeof *k);
    assert_non_null(k);
    k->kind = COMP_DRAW;
    mpq_inits(k->draw_amount, k->recovery_limit, NULL);
    setq(k->draw_amount, amount);
    k->recoverable = recoverable;
    return k;
}

static void draw_free(component *k)
{
    mpq_clears(k->draw_amount, k->recovery_limit, NULL);
    free(k);
}

static void set_limit(component *k, const char *limit)
{
    k->has_recovery_limit = 1;
    setq(k->recovery_limit, limit);
}

static void set_forgive(component *k, int y, int m, int d)
{
    k->has_forgive = 1;
    k->forgive = date_from_ymd(y, m, d);
}

/*
 * Runs draw_apply on T[1..12] (T[0] is set to a poison value: it must not be
 * read) and checks the cumulative paid and recovered against want (m = 0..12).
 */
static void run(const component *k, const long T[NM], unsigned scale, round_mode mode,
                const long want_paid[NM], const long want_rec[NM])
{
    mpz_t t[NM], paid[NM], rec[NM];
    for (int m = 0; m < NM; m++) {
        mpz_init_set_si(t[m], m ? T[m] : 123456789);
        mpz_init_set_si(paid[m], -1);
        mpz_init_set_si(rec[m], -1);
    }
    draw_apply(paid, rec, k, (mpz_t const *)t, scale, mode, YEAR);
    int bad = 0;
    for (int m = 0; m < NM; m++) {
        if (mpz_cmp_si(paid[m], want_paid[m]) != 0 || mpz_cmp_si(rec[m], want_rec[m]) != 0) {
            gmp_fprintf(stderr, "month %d: paid %Zd recovered %Zd, want %ld %ld\n", m, paid[m],
                        rec[m], want_paid[m], want_rec[m]);
            bad = 1;
        }
    }
    for (int m = 0; m < NM; m++) {
        mpz_clear(t[m]);
        mpz_clear(paid[m]);
        mpz_clear(rec[m]);
    }
    assert_false(bad);
}

static const long ZERO[NM] = {0};

/* ---- non-recoverable ------------------------------------------------------ */

/*
 * D = 3000 = 300000 cents, not recoverable, a year of uneven earnings:
 *   m   T         p
 *   1   100000    200000
 *   2   0         300000
 *   3   300000    0        T exactly the draw: nothing
 *   4   450000    0
 *   5   299999    1
 *   6   -50000    350000   a clawback month: the draw tops up to D (more than D)
 *   7   250050    49950
 *   8   1000000   0
 *   9   0         300000
 *   10  300001    0
 *   11  150000    150000
 *   12  299900    100
 * Nothing is ever recovered.
 */
static const long UNEVEN_T[NM] = {0, 100000, 0, 300000, 450000, 299999, -50000,
                                  250050, 1000000, 0, 300001, 150000, 299900};
static const long UNEVEN_PAID[NM] = {0, 200000, 500000, 500000, 500000, 500001, 850001,
                                     899951, 899951, 1199951, 1199951, 1349951, 1350051};

static void test_nonrecoverable_year(void **state)
{
    (void)state;
    component *k = draw_new("3000", 0);
    run(k, UNEVEN_T, 2, ROUND_HALF_UP, UNEVEN_PAID, ZERO);
    draw_free(k);
}

/* A recovery limit or forgive date on a non-recoverable draw changes nothing. */
static void test_nonrecoverable_ignores_recovery(void **state)
{
    (void)state;
    component *k = draw_new("3000", 0);
    set_limit(k, "1000");
    set_forgive(k, YEAR, 6, 30);
    run(k, UNEVEN_T, 2, ROUND_HALF_UP, UNEVEN_PAID, ZERO);
    draw_free(k);
}

/* ---- recoverable ------------------------------------------------------------ */

/*
 * D = 300000, recoverable, no limit:
 *   m   T         p        r        B
 *   1   100000    200000   0        200000
 *   2   400000    0        100000   100000   (excess 100000)
 *   3   700000    0        100000   0        (excess 400000, B only 100000)
 *   4   500000    0        0        0        (nothing to recover)
 *   5   300000    0        0        0        (exactly D: no excess)
 *   6   -100000   400000   0        400000   (clawback month: D - T)
 *   7   300000    0        0        400000
 *   8   1000000   0        400000   0        (excess 700000)
 *   9   0         300000   0        300000
 *   10  0         300000   0        600000
 *   11  0         300000   0        900000
 *   12  0         300000   0        1200000  (the balance outlives the year)
 */
static void test_recoverable_no_limit(void **state)
{
    (void)state;
    component *k = draw_new("3000", 1);
    const long T[NM] = {0, 100000, 400000, 700000, 500000, 300000, -100000,
                        300000, 1000000, 0, 0, 0, 0};
    const long paid[NM] = {0, 200000, 200000, 200000, 200000, 200000, 600000,
                           600000, 600000, 900000, 1200000, 1500000, 1800000};
    const long rec[NM] = {0, 0, 100000, 200000, 200000, 200000, 200000,
                          200000, 600000, 600000, 600000, 600000, 600000};
    run(k, T, 2, ROUND_HALF_UP, paid, rec);
    draw_free(k);
}

/*
 * D = 300000, recoverable, recovery-limit 1000 = 100000 a month:
 *   m   T         p        r        B
 *   1   0         300000   0        300000
 *   2   0         300000   0        600000
 *   3   1000000   0        100000   500000   (excess 700000, limit 100000)
 *   4   350000    0        50000    450000   (excess 50000 < limit)
 *   5   500000    0        100000   350000   (excess 200000, limit)
 *   6   300000    0        0        350000
 *   7   -20000    320000   0        670000
 *   8   2000000   0        100000   570000
 *   9   2000000   0        100000   470000
 *   10  2000000   0        100000   370000
 *   11  2000000   0        100000   270000
 *   12  2000000   0        100000   170000
 */
static void test_recoverable_with_limit(void **state)
{
    (void)state;
    component *k = draw_new("3000", 1);
    set_limit(k, "1000");
    const long T[NM] = {0, 0, 0, 1000000, 350000, 500000, 300000,
                        -20000, 2000000, 2000000, 2000000, 2000000, 2000000};
    const long paid[NM] = {0, 300000, 600000, 600000, 600000, 600000, 600000,
                           920000, 920000, 920000, 920000, 920000, 920000};
    const long rec[NM] = {0, 0, 0, 100000, 150000, 250000, 250000,
                          250000, 350000, 450000, 550000, 650000, 750000};
    run(k, T, 2, ROUND_HALF_UP, paid, rec);
    draw_free(k);
}

/* A recovery limit of 0 recovers nothing: a recoverable draw that pays like a
   non-recoverable one (the uneven year above). */
static void test_recoverable_limit_zero(void **state)
{
    (void)state;
    component *k = draw_new("3000", 1);
    set_limit(k, "0");
    run(k, UNEVEN_T, 2, ROUND_HALF_UP, UNEVEN_PAID, ZERO);
    draw_free(k);
}

/*
 * D = 300000, recoverable, no limit, forgive 2027-06-15 (month 6):
 *   m   T         p        r        B
 *   1   0         300000   0        300000
 *   2   100000    200000   0        500000
 *   3   400000    0        100000   400000
 *   4   300000    0        0        400000
 *   5   0         300000   0        700000
 *   6   500000    0        200000   500000 -> forgiven at June's end: 0
 *   7   900000    0        0        0        (excess 600000, nothing left to recover)
 *   8   0         300000   0        300000   (a new balance after forgiveness)
 *   9   800000    0        300000   0
 *   10-12 300000  0        0        0
 */
static void test_recoverable_forgiven_mid_year(void **state)
{
    (void)state;
    component *k = draw_new("3000", 1);
    set_forgive(k, YEAR, 6, 15);
    const long T[NM] = {0, 0, 100000, 400000, 300000, 0, 500000,
                        900000, 0, 800000, 300000, 300000, 300000};
    const long paid[NM] = {0, 300000, 500000, 500000, 500000, 800000, 800000,
                           800000, 1100000, 1100000, 1100000, 1100000, 1100000};
    const long rec[NM] = {0, 0, 0, 100000, 100000, 100000, 300000,
                          300000, 300000, 600000, 600000, 600000, 600000};
    run(k, T, 2, ROUND_HALF_UP, paid, rec);
    draw_free(k);
}

/*
 * Forgiveness with a limit, on the last day of the month: D = 300000, limit
 * 50000, forgive 2027-03-31.
 *   1  0        p 300000            B 300000
 *   2  0        p 300000            B 600000
 *   3  1000000  r 50000 (limit)     B 550000 -> forgiven: 0
 *   4  1000000  r 0
 *   5..12 T = 300000: nothing.
 */
static void test_forgiven_after_limited_recovery(void **state)
{
    (void)state;
    component *k = draw_new("3000", 1);
    set_limit(k, "500");
    set_forgive(k, YEAR, 3, 31);
    const long T[NM] = {0, 0, 0, 1000000, 1000000, 300000, 300000,
                        300000, 300000, 300000, 300000, 300000, 300000};
    const long paid[NM] = {0, 300000, 600000, 600000, 600000, 600000, 600000,
                           600000, 600000, 600000, 600000, 600000, 600000};
    const long rec[NM] = {0, 0, 0, 50000, 50000, 50000, 50000,
                          50000, 50000, 50000, 50000, 50000, 50000};
    run(k, T, 2, ROUND_HALF_UP, paid, rec);
    draw_free(k);
}

/*
 * A forgive date outside the plan year forgives nothing this year (2028-03-31:
 * month 3 of 2027 is not its month): D = 300000, T = 0 in month 1 (B 300000),
 * 1000000 in month 3 (r 300000, all of it), 0 in month 12 (p 300000).
 * Also 2026-06-30 (before the year): nothing forgiven.
 */
static void test_forgive_other_year(void **state)
{
    (void)state;
    const long T[NM] = {0, 0, 300000, 1000000, 300000, 300000, 300000,
                        300000, 300000, 300000, 300000, 300000, 0};
    const long paid[NM] = {0, 300000, 300000, 300000, 300000, 300000, 300000,
                           300000, 300000, 300000, 300000, 300000, 600000};
    const long rec[NM] = {0, 0, 0, 300000, 300000, 300000, 300000,
                          300000, 300000, 300000, 300000, 300000, 300000};
    component *k = draw_new("3000", 1);
    set_forgive(k, YEAR + 1, 3, 31);
    run(k, T, 2, ROUND_HALF_UP, paid, rec);
    set_forgive(k, YEAR - 1, 6, 30);
    run(k, T, 2, ROUND_HALF_UP, paid, rec);
    draw_free(k);
}

/*
 * Forgiveness in a month that pays a draw: the month's draw is forgiven too.
 * D = 300000, forgive 2027-12-31: T = 0 all year, p = 300000 a month,
 * B 3600000 at December's end, forgiven; nothing recovered.  The same with
 * forgive 2027-02-01 (month 2): B is 0 after February, and T = 1000000 in
 * month 3 recovers nothing; months 4..12 pay the draw again.
 */
static void test_forgive_month_with_draw(void **state)
{
    (void)state;
    component *k = draw_new("3000", 1);
    set_forgive(k, YEAR, 12, 31);
    const long paid[NM] = {0, 300000, 600000, 900000, 1200000, 1500000, 1800000,
                           2100000, 2400000, 2700000, 3000000, 3300000, 3600000};
    run(k, ZERO, 2, ROUND_HALF_UP, paid, ZERO);

    set_forgive(k, YEAR, 2, 1);
    const long T[NM] = {0, 0, 0, 1000000, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    const long paid2[NM] = {0, 300000, 600000, 600000, 900000, 1200000, 1500000,
                            1800000, 2100000, 2400000, 2700000, 3000000, 3300000};
    run(k, T, 2, ROUND_HALF_UP, paid2, ZERO);
    draw_free(k);
}

/* ---- amounts ---------------------------------------------------------------- */

/*
 * The draw amount is rounded to minor units with the plan's mode before
 * anything else: 1000.005 USD is 100000.5 cents: half-up 100001, half-even
 * 100000 (the even neighbour), down 100000, up 100001.  T = 0 in month 1 only
 * (then 1000000 a month: nothing more to pay).  JPY (scale 0): 3000 -> 3000.
 * The recovery limit likewise: 0.015 at half-even is 1.5 cents -> 2.
 */
static void test_amounts_rounded(void **state)
{
    (void)state;
    long T[NM];
    for (int m = 0; m < NM; m++)
        T[m] = m == 1 ? 0 : 1000000;
    component *k = draw_new("1000.005", 0);
    long paid[NM];
    const round_mode modes[4] = {ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_UP};
    const long want[4] = {100001, 100000, 100000, 100001};
    for (int i = 0; i < 4; i++) {
        for (int m = 0; m < NM; m++)
            paid[m] = m ? want[i] : 0;
        run(k, T, 2, modes[i], paid, ZERO);
    }
    draw_free(k);

    k = draw_new("3000", 0);
    for (int m = 0; m < NM; m++)
        paid[m] = m ? 3000 : 0;
    run(k, T, 0, ROUND_HALF_UP, paid, ZERO);
    draw_free(k);

    /* D = 1 cent, limit 0.015 -> 2 cents (half-even: 1.5 -> 2).  T = 0 for months
       1..6 (p = 1 each, B = 6), then 100 a month: r = min(B, 99, 2) = 2 in months
       7, 8, 9 (B 4, 2, 0), then nothing. */
    k = draw_new("0.01", 1);
    set_limit(k, "0.015");
    const long T2[NM] = {0, 0, 0, 0, 0, 0, 0, 100, 100, 100, 100, 100, 100};
    const long paid2[NM] = {0, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6};
    const long rec2[NM] = {0, 0, 0, 0, 0, 0, 0, 2, 4, 6, 6, 6, 6};
    run(k, T2, 2, ROUND_HALF_EVEN, paid2, rec2);
    draw_free(k);
}

/*
 * A draw of 0 still tops clawback months up to 0: D = 0, T = -5000 in month 2
 * (p = 5000), 10000 in month 3; recoverable, so month 3 recovers min(5000,
 * 10000 - 0) = 5000.
 */
static void test_zero_draw_clawback_month(void **state)
{
    (void)state;
    component *k = draw_new("0", 1);
    const long T[NM] = {0, 0, -5000, 10000, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    const long paid[NM] = {0, 0, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000};
    const long rec[NM] = {0, 0, 0, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000};
    run(k, T, 2, ROUND_HALF_UP, paid, rec);
    draw_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonrecoverable_year),
        cmocka_unit_test(test_nonrecoverable_ignores_recovery),
        cmocka_unit_test(test_recoverable_no_limit),
        cmocka_unit_test(test_recoverable_with_limit),
        cmocka_unit_test(test_recoverable_limit_zero),
        cmocka_unit_test(test_recoverable_forgiven_mid_year),
        cmocka_unit_test(test_forgiven_after_limited_recovery),
        cmocka_unit_test(test_forgive_other_year),
        cmocka_unit_test(test_forgive_month_with_draw),
        cmocka_unit_test(test_amounts_rounded),
        cmocka_unit_test(test_zero_draw_clawback_month),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
