/*
 * test_bonus.c - attainment bonuses and pay curves (bonus.h): levels reached
 * once per window (two at once, windows restarting, prorated and zero
 * quotas), the curve's exact interpolation (at and between points, flat or
 * extended beyond the last) and its windows.
 *
 * Components are built by hand (no plan file), so these tests see only
 * bonus.c.  Every expected value is worked out in the comments; rationals
 * are compared in canonical form (numerator and denominator).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bonus.h"

#define NM 13

/* ---- helpers ------------------------------------------------------------ */

static void set(mpq_t x, const char *s)
{
    assert_int_equal(mpq_set_str(x, s, 10), 0);
    mpq_canonicalize(x);
}

static void assert_q(const mpq_t x, const char *want, const char *what, int m)
{
    mpq_t w;
    mpq_init(w);
    set(w, want);
    if (!mpq_equal(x, w) || mpz_cmp_ui(mpq_denref(x), 0) <= 0) {
        gmp_fprintf(stderr, "%s[%d]: got %Qd, want %s\n", what, m, x, want);
        fail();
    }
    mpq_t c;  /* x is canonical: canonicalizing a copy changes nothing */
    mpq_init(c);
    mpq_set(c, x);
    mpq_canonicalize(c);
    assert_true(mpz_cmp(mpq_numref(c), mpq_numref(x)) == 0 &&
                mpz_cmp(mpq_denref(c), mpq_denref(x)) == 0);
    mpq_clear(c);
    mpq_clear(w);
}

/* A series of 13 numbers (month 0..12) from text. */
typedef struct series {
    mpq_t v[NM];
} series;

static void series_init(series *s, const char *const text[NM])
{
    for (int m = 0; m < NM; m++) {
        mpq_init(s->v[m]);
        if (text)
            set(s->v[m], text[m]);
    }
}

static void series_clear(series *s)
{
    for (int m = 0; m < NM; m++)
        mpq_clear(s->v[m]);
}

/* Same quota for every month (month 0 too, never read). */
static void series_const(series *s, const char *q)
{
    const char *t[NM];
    for (int m = 0; m < NM; m++)
        t[m] = q;
    series_init(s, t);
}

static void assert_series(const series *s, const char *const want[NM], const char *what)
{
    for (int m = 0; m < NM; m++)
        assert_q(s->v[m], want[m], what, m);
}

/* A component of `kind`; levels or points are added with add_level / add_point. */
static component *comp_new(component_kind kind, attain_window w)
{
    component *k = calloc(1, sizeof *k);
    assert_non_null(k);
    k->kind = kind;
    k->window = w;
    mpq_init(k->target);
    k->levels = calloc(8, sizeof *k->levels);
    k->points = calloc(8, sizeof *k->points);
    return k;
}

static void add_level(component *k, const char *attainment, const char *pay)
{
    bonus_level *l = &k->levels[k->nlevels++];
    mpq_inits(l->attainment, l->pay, NULL);
    set(l->attainment, attainment);
    set(l->pay, pay);
}

static void add_point(component *k, const char *attainment, const char *payout)
{
    curve_point *p = &k->points[k->npoints++];
    mpq_inits(p->attainment, p->payout, NULL);
    set(p->attainment, attainment);
    set(p->payout, payout);
}

static void comp_free(component *k)
{
    for (size_t i = 0; i < k->nlevels; i++)
        mpq_clears(k->levels[i].attainment, k->levels[i].pay, NULL);
    for (size_t i = 0; i < k->npoints; i++)
        mpq_clears(k->points[i].attainment, k->points[i].payout, NULL);
    free(k->levels);
    free(k->points);
    mpq_clear(k->target);
    free(k);
}

/* Runs bonus_earn or curve_earn on C and quota, and checks E against want. */
static void check_earn(int curve, component *k, const char *const C[NM], const series *quota,
                       const char *const want[NM])
{
    series c, e;
    series_init(&c, C);
    series_init(&e, NULL);
    for (int m = 0; m < NM; m++)
        set(e.v[m], "-777");  /* every month is written */
    const component *kv[NM];
    for (int m = 0; m < NM; m++)
        kv[m] = k;  /* one version all year */
    if (curve)
        curve_earn(e.v, kv, (mpq_t const *)c.v, (mpq_t const *)quota->v);
    else
        bonus_earn(e.v, kv, (mpq_t const *)c.v, (mpq_t const *)quota->v);
    assert_series(&e, want, curve ? "curve E" : "bonus E");
    series_clear(&c);
    series_clear(&e);
}

/* ---- bonus ---------------------------------------------------------------- */

/*
 * Year window, quota 1000; levels 100% -> 5000 and 150% -> 10000.
 * C: 400 in month 1, nothing in month 2, 1200 more in month 3 (W = 1600,
 * attainment 160%: both levels at once, 5000 + 10000 = 15000 in month 3),
 * then more credit: nothing more to pay in the year.
 */
static void test_bonus_two_levels_at_once(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_YEAR);
    add_level(k, "1", "5000");
    add_level(k, "3/2", "10000");
    series q;
    series_const(&q, "1000");
    const char *C[NM] = {"0", "400", "400", "1600", "1700", "2000", "2000",
                         "5000", "5000", "5000", "5000", "5000", "5000"};
    const char *want[NM] = {"0", "0", "0", "15000", "15000", "15000", "15000",
                            "15000", "15000", "15000", "15000", "15000", "15000"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/*
 * Attainment exactly at a level pays (>=): quota 1000, W reaches 1000 in
 * month 5 (100%: 5000) and 1500 in month 9 (150%: 10000 more, 15000).
 * 999 and 1499 in the months before are just below.
 */
static void test_bonus_exactly_at_level(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_YEAR);
    add_level(k, "100/100", "5000");
    add_level(k, "150/100", "10000");
    series q;
    series_const(&q, "1000");
    const char *C[NM] = {"0", "0", "500", "900", "999", "1000", "1000",
                         "1200", "1499", "1500", "1500", "1500", "1500"};
    const char *want[NM] = {"0", "0", "0", "0", "0", "5000", "5000",
                            "5000", "5000", "15000", "15000", "15000", "15000"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/*
 * Quarterly window, quota 300 a quarter, level 100% -> 1000.
 * Q1: 100 a month, W(3) = 300: pays in month 3 (1000).
 * Q2: 350 in month 4, W = 350 >= 300: pays again in month 4 (2000).
 * Q3: no credit: nothing.  Q4: 200, 0, 99: W(12) = 299 < 300: nothing.
 * C: 100, 200, 300 | 650, 650, 650 | 650, 650, 650 | 850, 850, 949.
 */
static void test_bonus_quarters_restart(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_QUARTER);
    add_level(k, "1", "1000");
    series q;
    series_const(&q, "300");
    const char *C[NM] = {"0", "100", "200", "300", "650", "650", "650",
                         "650", "650", "650", "850", "850", "949"};
    const char *want[NM] = {"0", "0", "0", "1000", "2000", "2000", "2000",
                            "2000", "2000", "2000", "2000", "2000", "2000"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/*
 * A level pays once per window even if attainment falls and comes back:
 * quota 1000, level 50% -> 700.  C: 600 (60%: pays 700 in month 1), 300
 * (a clawback, 30%), 800 (80%: already paid, nothing), and nothing is taken
 * back in month 2 either.
 */
static void test_bonus_once_per_window(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_YEAR);
    add_level(k, "1/2", "700");
    series q;
    series_const(&q, "1000");
    const char *C[NM] = {"0", "600", "300", "800", "800", "800", "800",
                         "800", "800", "800", "800", "800", "800"};
    const char *want[NM] = {"0", "700", "700", "700", "700", "700", "700",
                            "700", "700", "700", "700", "700", "700"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/*
 * Prorated quota: quarterly quota 3000, payee hired May 1.  Q1 not employed:
 * window quota 0, so 5000 of credit (a transfer, say) reaches nothing.
 * Q2 prorated by days: 91 days (30 + 31 + 30), employed 61 (May 1..June 30):
 * 3000 * 61/91 = 183000/91 = 2010.989...; level 100% -> 400.
 * W(4) = 0, W(5) = 2010 (< 2010.989: no), W(6) = 2011 (>= : pays 400 in June).
 * Q3, Q4 quota 3000, credit 3000 in month 7 (pays 400 more: 800) and 2999
 * in Q4 (no).  C (cumulative, Q1's 5000 included):
 *   5000 5000 5000 | 5000 7010 7011 | 10011 10011 10011 | 10011 13010 13010.
 */
static void test_bonus_prorated_and_zero_quota(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_QUARTER);
    add_level(k, "1", "400");
    const char *Q[NM] = {"0", "0", "0", "0", "183000/91", "183000/91", "183000/91",
                         "3000", "3000", "3000", "3000", "3000", "3000"};
    series q;
    series_init(&q, Q);
    const char *C[NM] = {"0", "5000", "5000", "5000", "5000", "7010", "7011",
                         "10011", "10011", "10011", "10011", "13010", "13010"};
    const char *want[NM] = {"0", "0", "0", "0", "0", "0", "400",
                            "800", "800", "800", "800", "800", "800"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/* Quota 0 all year: no level is reached, not even a 0% one, whatever the credit. */
static void test_bonus_quota_zero(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_YEAR);
    add_level(k, "0", "50");
    add_level(k, "1", "5000");
    series q;
    series_const(&q, "0");
    const char *C[NM] = {"0", "1000000", "2000000", "2000000", "2000000", "2000000", "2000000",
                         "2000000", "2000000", "2000000", "2000000", "2000000", "2000000"};
    const char *want[NM] = {"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/*
 * A 0% level (the plan loader refuses one; bonus_earn still gives it a meaning)
 * with a quota above 0 is reached by W = 0 >= 0 in the first month of each window: quarterly, 0% -> 100 pays in months 1, 4, 7, 10.  A second level
 * of 1/3 (fraction attainment) with quota 90 needs W >= 30: 29 in Q1 (no), 30
 * in month 5 (yes, 25 more).
 */
static void test_bonus_zero_level_and_fraction(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_QUARTER);
    add_level(k, "0", "100");
    add_level(k, "1/3", "25");
    series q;
    series_const(&q, "90");
    const char *C[NM] = {"0", "29", "29", "29", "29", "59", "59",
                         "59", "59", "59", "59", "59", "59"};
    const char *want[NM] = {"0", "100", "100", "100", "200", "225", "225",
                            "325", "325", "325", "425", "425", "425"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/*
 * Monthly window: every month is a window of its own.  Quota 100, level
 * 100% -> 10.  Monthly credit 100, 50, 150, -20, 100, 0, 100, 99, 100,
 * 100, 100, 100: pays in months 1, 3, 5, 7, 9, 10, 11, 12 (8 x 10 = 80).
 * C: 100 150 300 280 380 380 480 579 679 779 879 979.
 */
static void test_bonus_monthly_window(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_MONTH);
    add_level(k, "1", "10");
    series q;
    series_const(&q, "100");
    const char *C[NM] = {"0", "100", "150", "300", "280", "380", "380",
                         "480", "579", "679", "779", "879", "979"};
    const char *want[NM] = {"0", "10", "10", "20", "20", "30", "30",
                            "40", "40", "50", "60", "70", "80"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/* No levels: nothing, ever. */
static void test_bonus_no_levels(void **state)
{
    (void)state;
    component *k = comp_new(COMP_BONUS, WINDOW_YEAR);
    series q;
    series_const(&q, "10");
    const char *C[NM] = {"0", "100", "100", "100", "100", "100", "100",
                         "100", "100", "100", "100", "100", "100"};
    const char *want[NM] = {"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"};
    check_earn(0, k, C, &q, want);
    series_clear(&q);
    comp_free(k);
}

/*
 * Two versions (issue 16): h1 (months 1-6) and h2 (7-12), year window, quota 100000.
 * kicker: level 50% pays 1000 under h1, 3000 under h2.  stretch: level 50% pays 1000
 * under h1; h2 has only a level 80% paying 1000.  C: 60000 in month 3 (60%), 85000 in
 * month 9 (85%).  Month 3 (h1) first reaches 50%: kicker 1000, stretch 1000.  July (h2)
 * has no new credit: nothing, since a level already paid is not re-priced.  September
 * (h2) first reaches 80%: stretch +1000 (2000); kicker has no level in (60%, 85%]: 1000.
 * A level of h2 at 40%, passed in March, would pay nothing (checked with kicker2).
 */
static void test_bonus_versions(void **state)
{
    (void)state;
    component *h1 = comp_new(COMP_BONUS, WINDOW_YEAR), *h2 = comp_new(COMP_BONUS, WINDOW_YEAR);
    component *s1 = comp_new(COMP_BONUS, WINDOW_YEAR), *s2 = comp_new(COMP_BONUS, WINDOW_YEAR);
    add_level(h1, "1/2", "1000");
    add_level(h2, "2/5", "500");  /* passed before h2 is in force: never pays */
    add_level(h2, "1/2", "3000");
    add_level(s1, "1/2", "1000");
    add_level(s2, "4/5", "1000");
    series q, c, e;
    series_const(&q, "100000");
    const char *C[NM] = {"0", "0", "0", "60000", "60000", "60000", "60000",
                         "60000", "60000", "85000", "85000", "85000", "85000"};
    series_init(&c, C);
    series_init(&e, NULL);
    const component *kick[NM], *stretch[NM];
    for (int m = 0; m < NM; m++) {
        kick[m] = m <= 6 ? h1 : h2;
        stretch[m] = m <= 6 ? s1 : s2;
    }
    bonus_earn(e.v, kick, (mpq_t const *)c.v, (mpq_t const *)q.v);
    const char *want_kick[NM] = {"0", "0", "0", "1000", "1000", "1000", "1000",
                                 "1000", "1000", "1000", "1000", "1000", "1000"};
    assert_series(&e, want_kick, "kicker across versions");
    bonus_earn(e.v, stretch, (mpq_t const *)c.v, (mpq_t const *)q.v);
    const char *want_stretch[NM] = {"0", "0", "0", "1000", "1000", "1000", "1000",
                                    "1000", "1000", "2000", "2000", "2000", "2000"};
    assert_series(&e, want_stretch, "stretch across versions");
    series_clear(&q);
    series_clear(&c);
    series_clear(&e);
    comp_free(h1);
    comp_free(h2);
    comp_free(s1);
    comp_free(s2);
}

/* ---- curve_value ------------------------------------------------------------ */

/* The design's example curve: 0% -> 0%, 50% -> 25%, 100% -> 100%, 150% -> 200%. */
static component *example_curve(int extend)
{
    component *k = comp_new(COMP_CURVE, WINDOW_YEAR);
    add_point(k, "0", "0");
    add_point(k, "1/2", "1/4");
    add_point(k, "1", "1");
    add_point(k, "3/2", "2");
    k->extend = extend;
    return k;
}

static void check_value(const component *k, const char *a, const char *want)
{
    mpq_t x, f;
    mpq_inits(x, f, NULL);
    set(x, a);
    set(f, "-999");
    curve_value(f, k, x);
    assert_q(f, want, a, 0);
    mpq_clears(x, f, NULL);
}

/*
 * At the points: their payouts.  Between: segment slopes are
 * (1/4)/(1/2) = 1/2 on [0, 1/2], (3/4)/(1/2) = 3/2 on [1/2, 1], 1/(1/2) = 2
 * on [1, 3/2].
 *   f(1/3) = 1/3 * 1/2 = 1/6
 *   f(1/4) = 1/8
 *   f(3/4) = 1/4 + 1/4 * 3/2 = 5/8
 *   f(7/6) = 1 + 1/6 * 2 = 4/3
 *   f(101/100) = 1 + 1/100 * 2 = 51/50
 * Beyond 3/2, flat: f(2) = f(5/3) = f(100) = 2.
 * Below 0 (never asked by curve_earn, which clamps): the first payout, 0.
 */
static void test_curve_value_flat(void **state)
{
    (void)state;
    component *k = example_curve(0);
    check_value(k, "0", "0");
    check_value(k, "1/2", "1/4");
    check_value(k, "1", "1");
    check_value(k, "3/2", "2");
    check_value(k, "1/3", "1/6");
    check_value(k, "1/4", "1/8");
    check_value(k, "3/4", "5/8");
    check_value(k, "7/6", "4/3");
    check_value(k, "101/100", "51/50");
    check_value(k, "2", "2");
    check_value(k, "5/3", "2");
    check_value(k, "100", "2");
    check_value(k, "-1", "0");
    comp_free(k);
}

/*
 * extend: beyond 3/2 the last slope, 2, continues:
 *   f(2) = 2 + 1/2 * 2 = 3;  f(5/3) = 2 + 1/6 * 2 = 7/3;  f(100) = 2 + 197 = 199.
 * Inside the points nothing changes.
 */
static void test_curve_value_extend(void **state)
{
    (void)state;
    component *k = example_curve(1);
    check_value(k, "3/2", "2");
    check_value(k, "1/3", "1/6");
    check_value(k, "7/6", "4/3");
    check_value(k, "2", "3");
    check_value(k, "5/3", "7/3");
    check_value(k, "100", "199");
    check_value(k, "-1", "0");
    comp_free(k);
}

/*
 * A curve starting above 0: 0% -> 10%, 100% -> 100% (slope 9/10).
 *   f(-1/2) = f(0) = 1/10;  f(1/3) = 1/10 + 3/10 = 2/5;  f(1) = 1;  f(2) = 1 flat,
 *   extended 1 + 9/10 = 19/10.
 * One point: constant, extend or not (no segment to continue).  No points: 0.
 */
static void test_curve_value_shapes(void **state)
{
    (void)state;
    component *k = comp_new(COMP_CURVE, WINDOW_YEAR);
    add_point(k, "0", "1/10");
    add_point(k, "1", "1");
    check_value(k, "-1/2", "1/10");
    check_value(k, "0", "1/10");
    check_value(k, "1/3", "2/5");
    check_value(k, "1", "1");
    check_value(k, "2", "1");
    k->extend = 1;
    check_value(k, "2", "19/10");
    comp_free(k);

    k = comp_new(COMP_CURVE, WINDOW_YEAR);
    add_point(k, "0", "1/2");
    check_value(k, "0", "1/2");
    check_value(k, "3", "1/2");
    k->extend = 1;
    check_value(k, "3", "1/2");
    comp_free(k);

    k = comp_new(COMP_CURVE, WINDOW_YEAR);
    check_value(k, "1", "0");
    comp_free(k);
}

/* ---- curve_earn --------------------------------------------------------------- */

/*
 * Year window, target 20000 (window target 20000 * 12/12), quota 120000,
 * the example curve.  a = C/120000:
 *   m1  20000  a = 1/6  f = 1/12  E = 20000/12 = 5000/3
 *   m2  40000  a = 1/3  f = 1/6   E = 10000/3
 *   m3  60000  a = 1/2  f = 1/4   E = 5000
 *   m4  60000  (same)             E = 5000
 *   m5  90000  a = 3/4  f = 5/8   E = 12500
 *   m6 120000  a = 1    f = 1     E = 20000
 *   m7 120000                     E = 20000
 *   m8 150000  a = 5/4  f = 1 + 1/4 * 2 = 3/2   E = 30000
 *   m9 180000  a = 3/2  f = 2     E = 40000
 *   m10 180000                    E = 40000
 *   m11 200000 a = 5/3  flat 2: 40000; extend 2 + 1/6 * 2 = 7/3: 140000/3
 *   m12 240000 a = 2    flat 2: 40000; extend 3: 60000
 */
static const char *const YEAR_C[NM] = {"0", "20000", "40000", "60000", "60000", "90000",
                                       "120000", "120000", "150000", "180000", "180000",
                                       "200000", "240000"};

static void test_curve_earn_year(void **state)
{
    (void)state;
    series q;
    series_const(&q, "120000");
    component *k = example_curve(0);
    set(k->target, "20000");
    const char *flat[NM] = {"0", "5000/3", "10000/3", "5000", "5000", "12500", "20000",
                            "20000", "30000", "40000", "40000", "40000", "40000"};
    check_earn(1, k, YEAR_C, &q, flat);
    k->extend = 1;
    const char *ext[NM] = {"0", "5000/3", "10000/3", "5000", "5000", "12500", "20000",
                           "20000", "30000", "40000", "40000", "140000/3", "60000"};
    check_earn(1, k, YEAR_C, &q, ext);
    comp_free(k);
    series_clear(&q);
}

/*
 * Two versions: v1 (months 1-6) target 20000, v2 (7-12) target 40000, the same example
 * curve, year window, quota 120000, YEAR_C.  Months 1-6 are test_curve_earn_year's
 * (20000 at month 6, a = 1).  Each later month adds v2's 40000 x (f(a(m)) - f(a(m-1))):
 *   m7  a = 1 -> 1       +0                         E = 20000
 *   m8  a = 1 -> 5/4     f 1 -> 3/2: +40000 x 1/2    E = 40000
 *   m9  a = 5/4 -> 3/2   f 3/2 -> 2: +20000          E = 60000
 *   m10 no change                                    E = 60000
 *   m11, m12 flat past the last point: f stays 2     E = 60000
 * (Re-valuing the whole window under v2 would give 40000 x 1 = 40000 in month 7.)
 */
static void test_curve_earn_versions(void **state)
{
    (void)state;
    series q, c, e;
    series_const(&q, "120000");
    series_init(&c, YEAR_C);
    series_init(&e, NULL);
    component *v1 = example_curve(0), *v2 = example_curve(0);
    set(v1->target, "20000");
    set(v2->target, "40000");
    const component *kv[NM];
    for (int m = 0; m < NM; m++)
        kv[m] = m <= 6 ? v1 : v2;
    curve_earn(e.v, kv, (mpq_t const *)c.v, (mpq_t const *)q.v);
    const char *want[NM] = {"0", "5000/3", "10000/3", "5000", "5000", "12500", "20000",
                            "20000", "40000", "60000", "60000", "60000", "60000"};
    assert_series(&e, want, "curve across versions");
    comp_free(v1);
    comp_free(v2);
    series_clear(&q);
    series_clear(&c);
    series_clear(&e);
}

/*
 * Half-year windows, target 20000: window target 20000 * 6/12 = 10000.
 * H1 quota 60000: C = 10000 in months 1..5 (a = 1/6, f = 1/12, E = 2500/3),
 * 60000 in month 6 (a = 1, E = 10000).  H1 finishes at 10000.
 * H2 quota 30000 (prorated, say): W(7) = 10000 (a = 1/3, f = 1/6, 10000/6 =
 * 5000/3; E = 10000 + 5000/3 = 35000/3) through month 11; W(12) = 45000
 * (a = 3/2, f = 2, 20000; E = 30000).
 */
static void test_curve_earn_two_windows(void **state)
{
    (void)state;
    const char *Q[NM] = {"0", "60000", "60000", "60000", "60000", "60000", "60000",
                         "30000", "30000", "30000", "30000", "30000", "30000"};
    series q;
    series_init(&q, Q);
    component *k = example_curve(0);
    k->window = WINDOW_HALF;
    set(k->target, "20000");
    const char *C[NM] = {"0", "10000", "10000", "10000", "10000", "10000", "60000",
                         "70000", "70000", "70000", "70000", "70000", "105000"};
    const char *want[NM] = {"0", "2500/3", "2500/3", "2500/3", "2500/3", "2500/3", "10000",
                            "35000/3", "35000/3", "35000/3", "35000/3", "35000/3", "30000"};
    check_earn(1, k, C, &q, want);
    comp_free(k);
    series_clear(&q);
}

/*
 * Quarterly windows, target 12000 (window target 3000), curve 0% -> 10%,
 * 100% -> 100%: f(0) = 1/10 pays 300 a quarter even without credit.
 * Q1 quota 0 (not employed): attainment counts as 0 whatever the credit
 * (5000): 300 each month.  Q2 quota 1000, W(4) = 1000: f = 1, 3000, E = 3300
 * through month 6.  Q3 quota 1000, no credit: 300 more, E = 3600.  Q4 quota
 * 1000, W = -200 (a clawback): attainment clamped at 0, 300 more, E = 3900;
 * then W(11) = 300 (a = 3/10, f = 1/10 + 3/10 * 9/10 = 37/100, 1110),
 * E = 3600 + 1110 = 4710; W(12) = 300 again.
 * C: 5000 5000 5000 | 6000 6000 6000 | 6000 6000 6000 | 5800 6300 6300.
 */
static void test_curve_earn_quota_zero_and_negative(void **state)
{
    (void)state;
    const char *Q[NM] = {"0", "0", "0", "0", "1000", "1000", "1000",
                         "1000", "1000", "1000", "1000", "1000", "1000"};
    series q;
    series_init(&q, Q);
    component *k = comp_new(COMP_CURVE, WINDOW_QUARTER);
    add_point(k, "0", "1/10");
    add_point(k, "1", "1");
    set(k->target, "12000");
    const char *C[NM] = {"0", "5000", "5000", "5000", "6000", "6000", "6000",
                         "6000", "6000", "6000", "5800", "6300", "6300"};
    const char *want[NM] = {"0", "300", "300", "300", "3300", "3300", "3300",
                            "3600", "3600", "3600", "3900", "4710", "4710"};
    check_earn(1, k, C, &q, want);
    comp_free(k);
    series_clear(&q);
}

/*
 * Within a window E follows the curve down as well as up (it is the curve at
 * the window's attainment so far): year window, target 1200, quota 100,
 * example curve.  C 100 (f = 1, 1200), then 50 after a clawback (a = 1/2,
 * f = 1/4, 300), then 0 ... (0).
 */
static void test_curve_earn_follows_clawback(void **state)
{
    (void)state;
    series q;
    series_const(&q, "100");
    component *k = example_curve(0);
    set(k->target, "1200");
    const char *C[NM] = {"0", "100", "50", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"};
    const char *want[NM] = {"0", "1200", "300", "0", "0", "0", "0", "0", "0", "0", "0", "0",
                            "0"};
    check_earn(1, k, C, &q, want);
    comp_free(k);
    series_clear(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bonus_two_levels_at_once),
        cmocka_unit_test(test_bonus_exactly_at_level),
        cmocka_unit_test(test_bonus_quarters_restart),
        cmocka_unit_test(test_bonus_once_per_window),
        cmocka_unit_test(test_bonus_prorated_and_zero_quota),
        cmocka_unit_test(test_bonus_quota_zero),
        cmocka_unit_test(test_bonus_zero_level_and_fraction),
        cmocka_unit_test(test_bonus_monthly_window),
        cmocka_unit_test(test_bonus_no_levels),
        cmocka_unit_test(test_curve_value_flat),
        cmocka_unit_test(test_curve_value_extend),
        cmocka_unit_test(test_curve_value_shapes),
        cmocka_unit_test(test_bonus_versions),
        cmocka_unit_test(test_curve_earn_year),
        cmocka_unit_test(test_curve_earn_versions),
        cmocka_unit_test(test_curve_earn_two_windows),
        cmocka_unit_test(test_curve_earn_quota_zero_and_negative),
        cmocka_unit_test(test_curve_earn_follows_clawback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
