/*
 * test_attribution.c - each attribution model of contract 3.2 on its edge
 * cases.  Expected weights are worked out by hand in the comments; several
 * are the field notes' published cases (Adobe, Marketo).  The machine-word
 * version (attribution_weights_small) must give the same weights on every
 * case, and on random touch paths under every model, or say it cannot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "attribution.h"

#define MAXT 16

/* A plan whose only split uses `marketing` (the <marketing .../> element, as XML). */
static plan *plan_with(const char *marketing)
{
    char xml[1024];
    snprintf(xml, sizeof xml,
             "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">"
             "<credit><split>%s</split></credit></plan>", marketing);
    diag d;
    diag_init(&d);
    plan *p = plan_load_memory(xml, strlen(xml), "t.xml", &d);
    if (!p)
        diag_print(&d, stderr);
    diag_free(&d);
    assert_non_null(p);
    return p;
}

/* Touches from a stage string: 'f' plain touch, 'l' lead, 'o' opportunity; all on day 0 unless ages given. */
static size_t touches(touch *t, const char *stages, const int *ages)
{
    size_t n = strlen(stages);
    for (size_t i = 0; i < n; i++) {
        t[i].deal = 0;
        t[i].campaign = (uint32_t)i;
        t[i].date = ages ? -ages[i] : 0;
        t[i].row = (uint32_t)i;
        t[i].stage = stages[i] == 'l' ? STAGE_LEAD : stages[i] == 'o' ? STAGE_OPPORTUNITY : STAGE_NONE;
    }
    return n;
}

/* attribution_weights_small gives w (and any) exactly, unless it says it cannot (-1). */
static int expect_small_same(const split *sp, const touch *t, size_t n, day_t close,
                             const mpq_t *w, int any)
{
    qw ws[MAXT];
    int small = attribution_weights_small(sp, t, n, close, ws);
    if (small < 0)
        return -1;
    assert_int_equal(small, any);
    mpq_t x;
    mpq_init(x);
    for (size_t i = 0; i < n; i++) {
        qw_to_q(x, ws[i]);
        assert_true(mpq_equal(x, w[i]));
        assert_int_equal(mpz_cmp(mpq_denref(x), mpq_denref(w[i])), 0);  /* canonical both */
    }
    mpq_clear(x);
    return small;
}

/* Checks weights against "a/b" strings; returns what attribution_weights returned. */
static void expect_weights(const char *marketing, const char *stages, const int *ages,
                           const char *const *want)
{
    plan *p = plan_with(marketing);
    touch t[MAXT];
    size_t n = touches(t, stages, ages);
    mpq_t w[MAXT], x;
    for (size_t i = 0; i < n; i++)
        mpq_init(w[i]);
    mpq_init(x);
    int any = attribution_weights(&p->splits[0], t, n, 0, w, NULL);
    for (size_t i = 0; i < n; i++) {
        mpq_set_str(x, want[i], 10);
        mpq_canonicalize(x);
        if (!mpq_equal(x, w[i]))
            gmp_fprintf(stderr, "%s on %s: touch %zu is %Qd, want %s\n", marketing, stages, i, w[i],
                        want[i]);
        assert_true(mpq_equal(x, w[i]));
    }
    assert_int_equal(any, strcmp(want[n], "any") == 0);
    expect_small_same(&p->splits[0], t, n, 0, w, any);
    for (size_t i = 0; i < n; i++)
        mpq_clear(w[i]);
    mpq_clear(x);
    plan_free(p);
}

#define U "<marketing share=\"1\" model=\"u-shaped\"/>"
#define W "<marketing share=\"1\" model=\"w-shaped\"/>"

static void test_u_shaped(void **state)
{
    /* One touch holds first and last: 40 + 40 normalised to 100%. */
    expect_weights(U, "f", NULL, (const char *const[]){"1", "any"});
    /* Two touches: 40/40, no middle touch, so 50/50. */
    expect_weights(U, "ff", NULL, (const char *const[]){"1/2", "1/2", "any"});
    /* Direct > Organic > Direct worth 140 gives 56/28/56: weights 2/5, 1/5, 2/5. */
    expect_weights(U, "fff", NULL, (const char *const[]){"2/5", "1/5", "2/5", "any"});
    /* Four touches: the 20% middle is shared by two: 10% each. */
    expect_weights(U, "ffff", NULL, (const char *const[]){"2/5", "1/10", "1/10", "2/5", "any"});
}

static void test_w_shaped(void **state)
{
    /* FT m1 LC m2 OC m3: 30/5/30/5/30/0 (m3 is after the last milestone). */
    expect_weights(W, "fflfof", NULL,
                   (const char *const[]){"3/10", "1/20", "3/10", "1/20", "3/10", "0", "any"});
    /* No lead and no opportunity: only the first touch is a milestone, no middle: 100%. */
    expect_weights(W, "fff", NULL, (const char *const[]){"1", "0", "0", "any"});
    /* Stacked milestones: the first touch is also the lead; 60 + 30 + 10 middle = 100. */
    expect_weights(W, "lfo", NULL, (const char *const[]){"3/5", "1/10", "3/10", "any"});
    /* Only the first lead counts as the lead position; the second lead is a middle touch. */
    expect_weights(W, "flfflo", NULL,
                   (const char *const[]){"3/10", "3/10", "1/30", "1/30", "1/30", "3/10", "any"});
    /* Everything on one touch (first = lead = opportunity): 90% normalised to 100%. */
    expect_weights(W, "lff", NULL, (const char *const[]){"1", "0", "0", "any"});
}

static void test_full_path(void **state)
{
    /* FT m1 LC m2 OC m3 Closed worth 10,000: 2250 x 4 and 1000/3 x 3 (field notes). */
    expect_weights("<marketing share=\"1\" model=\"full-path\"/>", "fflfoff", NULL,
                   (const char *const[]){"9/40", "1/30", "9/40", "1/30", "9/40", "1/30", "9/40",
                                         "any"});
}

static void test_j_shapes(void **state)
{
    /* j-shaped on two touches: 20/60 normalised = 25/75. */
    expect_weights("<marketing share=\"1\" model=\"j-shaped\"/>", "ff", NULL,
                   (const char *const[]){"1/4", "3/4", "any"});
    /* inverse-j on three: 60/20/20. */
    expect_weights("<marketing share=\"1\" model=\"inverse-j\"/>", "fff", NULL,
                   (const char *const[]){"3/5", "1/5", "1/5", "any"});
}

static void test_single_position_models(void **state)
{
    expect_weights("<marketing share=\"1\" model=\"first-touch\"/>", "fff", NULL,
                   (const char *const[]){"1", "0", "0", "any"});
    expect_weights("<marketing share=\"1\" model=\"last-touch\"/>", "fff", NULL,
                   (const char *const[]){"0", "0", "1", "any"});
    expect_weights("<marketing share=\"1\" model=\"lead-creation\"/>", "flfl", NULL,
                   (const char *const[]){"0", "1", "0", "0", "any"});
    /* No lead touch: nothing is left, M stays unattributed. */
    expect_weights("<marketing share=\"1\" model=\"lead-creation\"/>", "fof", NULL,
                   (const char *const[]){"0", "0", "0", "none"});
}

static void test_linear(void **state)
{
    expect_weights("<marketing share=\"1\" model=\"linear\"/>", "fff", NULL,
                   (const char *const[]){"1/3", "1/3", "1/3", "any"});
    expect_weights("<marketing share=\"1\" model=\"linear\"/>", "f", NULL,
                   (const char *const[]){"1", "any"});
}

static void test_time_decay(void **state)
{
    /* Half-life 7: ages 0, 7, 13, 14 weigh 1, 1/2, 1/2, 1/4 (whole steps); sum 9/4. */
    static const int ages[] = {0, 7, 13, 14};
    expect_weights("<marketing share=\"1\" model=\"time-decay\"/>", "ffff", ages,
                   (const char *const[]){"4/9", "2/9", "2/9", "1/9", "any"});
    /* Half-life 1: ages 0, 1, 2 weigh 1, 1/2, 1/4; sum 7/4. */
    static const int ages2[] = {2, 1, 0};
    expect_weights("<marketing share=\"1\" model=\"time-decay\" half-life=\"1\"/>", "fff", ages2,
                   (const char *const[]){"1/7", "2/7", "4/7", "any"});
    /* Touches thousands of years old: counted from the youngest, the weights stay small.
       Ages 3000001 and 3000000 days, half-life 1: 1/2 and 1 -> 1/3 and 2/3. */
    /* Half-lives 62 and 63 apart: 2^-62 is the last power the machine words hold, so the
       word path may answer for ages 0 and 62 and must leave 0, 62, 63 to mpq_t
       (expect_small_same checks any answer it gives).  1, 2^-62, 2^-63 sum to
       (2^63 + 3) / 2^63; the weights were worked with Python's fractions.Fraction. */
    static const int far[] = {0, 62};
    expect_weights("<marketing share=\"1\" model=\"time-decay\" half-life=\"1\"/>", "ff", far,
                   (const char *const[]){"4611686018427387904/4611686018427387905",
                                         "1/4611686018427387905", "any"});
    static const int farther[] = {0, 62, 63};
    expect_weights("<marketing share=\"1\" model=\"time-decay\" half-life=\"1\"/>", "fff", farther,
                   (const char *const[]){"9223372036854775808/9223372036854775811",
                                         "2/9223372036854775811", "1/9223372036854775811", "any"});
    static const int ancient[] = {3000001, 3000000};
    expect_weights("<marketing share=\"1\" model=\"time-decay\" half-life=\"1\"/>", "ff", ancient,
                   (const char *const[]){"1/3", "2/3", "any"});
}

static void test_custom(void **state)
{
    /* first 2, last 1, middle 1 over four touches: 2, 1/2, 1/2, 1; sum 4. */
    expect_weights("<marketing share=\"1\" model=\"custom\"><weight at=\"first\" value=\"2\"/>"
                   "<weight at=\"last\" value=\"1\"/><weight at=\"middle\" value=\"1\"/></marketing>",
                   "ffff", NULL, (const char *const[]){"1/2", "1/8", "1/8", "1/4", "any"});
    /* Only a weight on opportunity, and the deal has none: unattributed. */
    expect_weights("<marketing share=\"1\" model=\"custom\"><weight at=\"opportunity\" value=\"1/3\"/>"
                   "</marketing>", "ffl", NULL, (const char *const[]){"0", "0", "0", "none"});
    /* middle only: no milestone, so no middle either. */
    expect_weights("<marketing share=\"1\" model=\"custom\"><weight at=\"middle\" value=\"1\"/>"
                   "</marketing>", "fff", NULL, (const char *const[]){"0", "0", "0", "none"});
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Random paths (stages, ages) under every model, odd custom weights and half-lives: the
   machine words agree with mpq_t whenever they answer, and answer for the usual cases. */
static void test_small_agrees(void **state)
{
    static const char *const models[] = {
        W, U, "<marketing share=\"1\" model=\"full-path\"/>",
        "<marketing share=\"1\" model=\"j-shaped\"/>",
        "<marketing share=\"1\" model=\"inverse-j\"/>",
        "<marketing share=\"1\" model=\"first-touch\"/>",
        "<marketing share=\"1\" model=\"last-touch\"/>",
        "<marketing share=\"1\" model=\"lead-creation\"/>",
        "<marketing share=\"1\" model=\"linear\"/>",
        "<marketing share=\"1\" model=\"time-decay\"/>",
        "<marketing share=\"1\" model=\"time-decay\" half-life=\"1\"/>",
        "<marketing share=\"1\" model=\"custom\"><weight at=\"first\" value=\"2/7\"/>"
        "<weight at=\"lead\" value=\"3/11\"/><weight at=\"last\" value=\"1/13\"/>"
        "<weight at=\"middle\" value=\"5/9\"/></marketing>",
    };
    touch t[MAXT];
    mpq_t w[MAXT];
    for (size_t i = 0; i < MAXT; i++)
        mpq_init(w[i]);
    for (size_t m = 0; m < sizeof models / sizeof models[0]; m++) {
        plan *p = plan_with(models[m]);
        int answered = 0;
        for (int round = 0; round < 2000; round++) {
            char stages[MAXT + 1];
            int ages[MAXT];
            size_t n = 1 + next() % (MAXT - 1);
            for (size_t i = 0; i < n; i++) {
                stages[i] = "ffflo"[next() % 5];
                ages[i] = (int)(next() % (round % 10 == 0 ? 2000 : 60));
            }
            stages[n] = '\0';
            touches(t, stages, ages);
            int any = attribution_weights(&p->splits[0], t, n, 0, w, NULL);
            answered += expect_small_same(&p->splits[0], t, n, 0, w, any) >= 0;
        }
        assert_true(answered >= 1500);  /* only time-decay over 62 half-lives may decline */
        plan_free(p);
    }
    for (size_t i = 0; i < MAXT; i++)
        mpq_clear(w[i]);
}

static void test_no_touches(void **state)
{
    plan *p = plan_with(U);
    mpq_t w[1];
    mpq_init(w[0]);
    assert_int_equal(attribution_weights(&p->splits[0], NULL, 0, 0, w, NULL), 0);
    mpq_clear(w[0]);
    plan_free(p);
}

static void test_positions_held(void **state)
{
    plan *p = plan_with(W);
    touch t[MAXT];
    size_t n = touches(t, "lfof", NULL);
    mpq_t w[MAXT];
    position_mask held[MAXT];
    for (size_t i = 0; i < n; i++)
        mpq_init(w[i]);
    attribution_weights(&p->splits[0], t, n, 0, w, held);
    assert_int_equal(held[0], (1u << POS_FIRST) | (1u << POS_LEAD));
    assert_int_equal(held[1], 1u << POS_MIDDLE);
    assert_int_equal(held[2], 1u << POS_OPPORTUNITY);
    assert_int_equal(held[3], 0);  /* w-shaped has no weight on last */
    for (size_t i = 0; i < n; i++)
        mpq_clear(w[i]);
    plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_u_shaped),       cmocka_unit_test(test_w_shaped),
        cmocka_unit_test(test_full_path),      cmocka_unit_test(test_j_shapes),
        cmocka_unit_test(test_single_position_models), cmocka_unit_test(test_linear),
        cmocka_unit_test(test_time_decay),     cmocka_unit_test(test_custom),
        cmocka_unit_test(test_no_touches),     cmocka_unit_test(test_positions_held),
        cmocka_unit_test(test_small_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
