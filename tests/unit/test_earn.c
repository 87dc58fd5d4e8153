/*
 * test_earn.c - tier walks (marginal, retroactive) as the statements and
 * earnings use them.  Values are worked out by hand in the comments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "earn.h"

/* Tiers of the contract example's base commission, limits as amounts: 300000, 600000. */
static const char *const BASE =
    "<commission id=\"base\"><tier upto=\"300000\" rate=\"4%\"/><tier upto=\"600000\" rate=\"8%\"/>"
    "<tier rate=\"12%\"/></commission>";

typedef struct fixture {
    plan *p;
    const component *k;
    mpq_t limits[8];
} fixture;

static void setup_component(fixture *f, const char *comp)
{
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">"
             "<credit><split/></credit><role id=\"r\">%s</role></plan>", comp);
    diag d;
    diag_init(&d);
    f->p = plan_load_memory(xml, strlen(xml), "t.xml", &d);
    if (!f->p)
        diag_print(&d, stderr);
    diag_free(&d);
    assert_non_null(f->p);
    f->k = &f->p->roles[0].components[0];
    for (size_t i = 0; i + 1 < f->k->ntiers; i++) {
        mpq_init(f->limits[i]);
        mpq_set(f->limits[i], f->k->tiers[i].upto);
    }
}

static void teardown_component(fixture *f)
{
    for (size_t i = 0; i + 1 < f->k->ntiers; i++)
        mpq_clear(f->limits[i]);
    plan_free(f->p);
}

static void set(mpq_t x, const char *s)
{
    assert_int_equal(mpq_set_str(x, s, 10), 0);
    mpq_canonicalize(x);
}

static void assert_q(const mpq_t x, const char *want)
{
    mpq_t w;
    mpq_init(w);
    set(w, want);
    if (!mpq_equal(w, x))
        gmp_fprintf(stderr, "got %Qd, want %s\n", x, want);
    assert_true(mpq_equal(w, x));
    mpq_clear(w);
}

/* The parts of [from, from + c] in each tier. */
static void expect_overlaps(fixture *f, const char *from, const char *c, const char *const *want)
{
    mpq_t a, b, out;
    mpq_inits(a, b, out, NULL);
    set(a, from);
    set(b, c);
    for (size_t i = 0; i < f->k->ntiers; i++) {
        tier_overlap(out, f->k, f->limits, i, a, b);
        assert_q(out, want[i]);
    }
    mpq_clears(a, b, out, NULL);
}

static void test_overlap_one_tier(void **state)
{
    fixture f;
    setup_component(&f, BASE);
    expect_overlaps(&f, "0", "1000", (const char *const[]){"1000", "0", "0"});
    expect_overlaps(&f, "350000", "1000", (const char *const[]){"0", "1000", "0"});
    /* Ending exactly on a limit stays in the lower tier. */
    expect_overlaps(&f, "299000", "1000", (const char *const[]){"1000", "0", "0"});
    teardown_component(&f);
}

static void test_overlap_crossing_tiers(void **state)
{
    fixture f;
    setup_component(&f, BASE);
    /* The example's D-1005 for ana: 294000 + 45499.993 = 339499.993:
       6000 in tier 1, 39499.993 in tier 2. */
    expect_overlaps(&f, "294000", "45499993/1000", (const char *const[]){"6000", "39499993/1000", "0"});
    /* One line across all three: 0 + 700000 = 300000 | 300000 | 100000. */
    expect_overlaps(&f, "0", "700000", (const char *const[]){"300000", "300000", "100000"});
    /* Starting inside tier 2 and ending in tier 3: 500000 + 1/3 of a million. */
    expect_overlaps(&f, "500000", "1000000/3",
                    (const char *const[]){"0", "100000", "700000/3"});
    /* A negative line (a reversal) walks down: 650000 - 400000: -50000, -300000, -50000. */
    expect_overlaps(&f, "650000", "-400000", (const char *const[]){"-50000", "-300000", "-50000"});
    teardown_component(&f);
}

static void test_integral(void **state)
{
    fixture f;
    setup_component(&f, BASE);
    mpq_t x, out;
    mpq_inits(x, out, NULL);
    /* F(700000) = 300000*4% + 300000*8% + 100000*12% = 12000 + 24000 + 12000. */
    set(x, "700000");
    tier_integral(out, f.k, f.limits, x);
    assert_q(out, "48000");
    /* F(367499.993) = 12000 + 67499.993*8% = 12000 + 5399.99944 = 17399.99944 (ana, March). */
    set(x, "367499993/1000");
    tier_integral(out, f.k, f.limits, x);
    assert_q(out, "1739999944/100000");
    set(x, "0");
    tier_integral(out, f.k, f.limits, x);
    assert_q(out, "0");
    mpq_clears(x, out, NULL);
    teardown_component(&f);
}

static void test_marginal_walk_telescopes(void **state)
{
    /* Lines 100000, 250000, 1/3, 400000 walked one by one add up to F(total). */
    fixture f;
    setup_component(&f, BASE);
    static const char *const lines[] = {"100000", "250000", "1/3", "400000"};
    mpq_t run, c, e, sum, f_total;
    mpq_inits(run, c, e, sum, f_total, NULL);
    for (size_t l = 0; l < 4; l++) {
        set(c, lines[l]);
        for (size_t i = 0; i < f.k->ntiers; i++) {
            tier_overlap(e, f.k, f.limits, i, run, c);
            mpq_mul(e, e, f.k->tiers[i].rate);
            mpq_add(sum, sum, e);
        }
        mpq_add(run, run, c);
    }
    tier_integral(f_total, f.k, f.limits, run);
    assert_true(mpq_equal(sum, f_total));
    /* 750000 1/3: 12000 + 24000 + 150000.333..*12% = 36000 + 18000 + 1/25 = 54000.04. */
    assert_q(sum, "1350001/25");
    mpq_clears(run, c, e, sum, f_total, NULL);
    teardown_component(&f);
}

static void test_retroactive_tier(void **state)
{
    fixture f;
    setup_component(&f, "<commission id=\"r\" mode=\"retroactive\"><tier upto=\"200000\" rate=\"3%\"/>"
                        "<tier rate=\"5%\"/></commission>");
    assert_true(f.k->retroactive);
    mpq_t x;
    mpq_init(x);
    /* "the first tier whose limit is >= C": exactly 200000 is still tier 1. */
    set(x, "200000");
    assert_int_equal(tier_for_total(f.k, f.limits, x), 0);
    set(x, "20000001/100");
    assert_int_equal(tier_for_total(f.k, f.limits, x), 1);
    set(x, "0");
    assert_int_equal(tier_for_total(f.k, f.limits, x), 0);
    mpq_clear(x);
    teardown_component(&f);
}

static void test_flat_rate(void **state)
{
    fixture f;
    setup_component(&f, "<commission id=\"c\"><tier rate=\"5%\"/></commission>");
    mpq_t x, out;
    mpq_inits(x, out, NULL);
    /* mia's March: 51709.9968 x 5% = 2585.49984. */
    set(x, "517099968/10000");
    tier_integral(out, f.k, f.limits, x);
    assert_q(out, "258549984/100000");
    assert_int_equal(tier_for_total(f.k, f.limits, x), 0);
    mpq_clears(x, out, NULL);
    teardown_component(&f);
}

static void test_shard_of(void **state)
{
    /* FNV-1a 32-bit of "a" is 0xe40c292c = 3826002220; mod 7 = 3826002220 - 7*546571745 = 5. */
    assert_int_equal(shard_of("a", 7), 5);
    assert_int_equal(shard_of("a", 1), 0);
    assert_int_equal(shard_of("a", 0), 0);
    /* Every id lands in [0, n). */
    char id[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "p%d", i);
        assert_true(shard_of(id, 3) < 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlap_one_tier), cmocka_unit_test(test_overlap_crossing_tiers),
        cmocka_unit_test(test_integral),         cmocka_unit_test(test_marginal_walk_telescopes),
        cmocka_unit_test(test_retroactive_tier), cmocka_unit_test(test_flat_rate),
        cmocka_unit_test(test_shard_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
