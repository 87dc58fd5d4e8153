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
#include "tiers.h"

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

typedef struct parts_seen {
    size_t n;
    size_t tier[4];
    mpq_t credit[4], earned[4];
} parts_seen;

static void see_part(void *ctx, const tier_part *p)
{
    parts_seen *s = ctx;
    assert_true(s->n < 4);
    s->tier[s->n] = p->tier;
    mpq_init(s->credit[s->n]);
    mpq_init(s->earned[s->n]);
    mpq_set(s->credit[s->n], p->credit);
    mpq_set(s->earned[s->n], p->earned);
    s->n++;
}

static void test_line_parts(void **state)
{
    /* ana's D-1005: 45499.993 on top of 294000 is 6000 at 4% (240) and 39499.993 at 8%
       (3159.99944); the parts are what the sum is made of, the sum what the run earns. */
    fixture f;
    setup_component(&f, BASE);
    mpq_t W, c, sum, earns;
    mpq_inits(W, c, sum, earns, NULL);
    set(W, "294000");
    set(c, "45499993/1000");
    parts_seen seen = {0};
    tier_line_parts(sum, f.k, f.limits, W, c, NULL, NULL, 0, see_part, &seen);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.tier[0], 0);
    assert_int_equal(seen.tier[1], 1);
    assert_q(seen.credit[0], "6000");
    assert_q(seen.earned[0], "240");
    assert_q(seen.credit[1], "39499993/1000");
    assert_q(seen.earned[1], "315999944/100000");
    assert_q(sum, "339999944/100000");
    tier_line_earns(earns, f.k, f.limits, W, c, NULL, NULL, 0);
    assert_true(mpq_equal(sum, earns));
    for (size_t i = 0; i < seen.n; i++)
        mpq_clears(seen.credit[i], seen.earned[i], NULL);
    mpq_clears(W, c, sum, earns, NULL);
    teardown_component(&f);
}

static void test_retroactive_value_and_cap(void **state)
{
    fixture f;
    setup_component(&f, "<commission id=\"r\" mode=\"retroactive\" cap=\"9000\">"
                        "<tier upto=\"200000\" rate=\"3%\"/><tier rate=\"5%\"/></commission>");
    mpq_t total, part, out;
    mpq_inits(total, part, out, NULL);
    /* A window at 250000 reaches tier 2: a version's 100000 of it earns 5000. */
    set(total, "250000");
    set(part, "100000");
    assert_int_equal(tier_retroactive(out, f.k, f.limits, total, part), 1);
    assert_q(out, "5000");
    /* All of 250000 at 5% is 12500, held at the cap of 9000. */
    tier_value(out, f.k, f.limits, total);
    assert_q(out, "12500");
    tier_cap(out, f.k);
    assert_q(out, "9000");
    set(total, "200000");
    tier_value(out, f.k, f.limits, total);
    assert_q(out, "6000");
    tier_cap(out, f.k);
    assert_q(out, "6000");
    mpq_clears(total, part, out, NULL);
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
        cmocka_unit_test(test_line_parts),
        cmocka_unit_test(test_retroactive_value_and_cap),
        cmocka_unit_test(test_retroactive_tier), cmocka_unit_test(test_flat_rate),
        cmocka_unit_test(test_shard_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
