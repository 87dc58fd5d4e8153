/*
 * test_datadriven.c - the Markov and Shapley models of issue 17 on journeys
 * worked by hand (in the comments), among them ChannelAttribution's
 * three-path example, where the exact answer is RE(A) = 1, RE(B) = 1/2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "markov.h"
#include "shapley.h"

/* Journeys from text: "AB+ BA-" is A>B won, B>A lost; units are letters from 'A'. */
static void journeys_from(journeys *j, const char *text)
{
    journeys_init(j);
    uint32_t path[64], top = 0;
    size_t k = 0;
    for (const char *s = text; *s; s++) {
        if (*s >= 'A' && *s <= 'Z') {
            path[k++] = (uint32_t)(*s - 'A');
            if ((uint32_t)(*s - 'A') + 1 > top)
                top = (uint32_t)(*s - 'A') + 1;
        } else if (*s == '+' || *s == '-') {
            j->n = top;
            journeys_add(j, path, k, *s == '+');
            k = 0;
        }
    }
}

static void expect_q(const mpq_t q, const char *want)
{
    mpq_t w;
    mpq_init(w);
    assert_int_equal(mpq_set_str(w, want, 10), 0);
    mpq_canonicalize(w);
    if (!mpq_equal(q, w)) {
        gmp_printf("got %Qd, want %s\n", q, want);
        fail();
    }
    mpq_clear(w);
}

static void markov_check(const char *text, const char *p, const char *const *re)
{
    journeys j;
    journeys_from(&j, text);
    mpq_t v[26], pp;
    for (int i = 0; i < 26; i++)
        mpq_init(v[i]);
    mpq_init(pp);
    assert_int_equal(markov_removal_effects(&j, v, pp), 0);
    expect_q(pp, p);
    for (uint32_t u = 0; u < j.n; u++)
        expect_q(v[u], re[u]);
    for (int i = 0; i < 26; i++)
        mpq_clear(v[i]);
    mpq_clear(pp);
    journeys_free(&j);
}

static void shapley_check(const char *text, const char *const *phi)
{
    journeys j;
    journeys_from(&j, text);
    mpq_t v[26];
    for (int i = 0; i < 26; i++)
        mpq_init(v[i]);
    shapley_values(&j, v);
    for (uint32_t u = 0; u < j.n; u++)
        expect_q(v[u], phi[u]);
    for (int i = 0; i < 26; i++)
        mpq_clear(v[i]);
    journeys_free(&j);
}

/* ChannelAttribution's example: A>B>A>B>B>A, A>B>B>A>A, A>A, all converting.  From A:
   A->B 3, A->A 2, A->won 3 (out 8); from B: B->A 3, B->B 2 (out 5).  P = 1.  Without A
   nothing is won: RE(A) = 1.  Without B, A->B goes to lost: h(A) = 2/8 h(A) + 3/8, so
   h(A) = 1/2 and RE(B) = 1/2.  Weights 2/3 and 1/3: 2 and 1 of the 3 conversions. */
static void test_channelattribution(void **state)
{
    (void)state;
    const char *re[] = {"1", "1/2"};
    markov_check("ABABBA+ ABBAA+ AA+", "1", re);
}

/* A won, A>B lost, B won.  h(B) = 1/2, h(A) = 1/2 + 1/2 h(B) = 3/4, P = 2/3 3/4 + 1/3 1/2
   = 2/3.  Without A: P = 1/3 1/2 = 1/6, RE(A) = 3/4.  Without B: h(A) = 1/2, P = 1/3,
   RE(B) = 1/2. */
static void test_markov_lost(void **state)
{
    (void)state;
    const char *re[] = {"3/4", "1/2"};
    markov_check("A+ AB- B+", "2/3", re);
}

/* C never converts nor leads anywhere that does: removing it changes nothing. A>C>B won,
   C lost.  From C: C->B 1, C->lost 1; h(B) = 1, h(C) = 1/2, h(A) = 1/2.  P = 1/2 1/2 +
   1/2 1/2 = 1/2.  Without A: P = 1/4, RE(A) = 1/2.  Without B: P = 0, RE(B) = 1.
   Without C: A->C goes to lost, P = 0, RE(C) = 1. */
static void test_markov_three(void **state)
{
    (void)state;
    const char *re[] = {"1/2", "1", "1"};
    markov_check("ACB+ C-", "1/2", re);
}

/* No won journey: P = 0 and every RE is 0. */
static void test_markov_nothing_won(void **state)
{
    (void)state;
    const char *re[] = {"0", "0"};
    markov_check("AB- B-", "0", re);
}

/* Self-transitions change no absorption probability: A>A>A won and A won give RE(A) = 1. */
static void test_markov_repeats(void **state)
{
    (void)state;
    const char *re[] = {"1"};
    markov_check("AAA+ A+ A-", "2/3", re);
}

/* A unit no journey touches (D, from journeys_add) has RE 0 and changes nothing else:
   the answers of test_markov_three. */
static void test_markov_absent_unit(void **state)
{
    (void)state;
    const char *re[] = {"1/2", "1", "1", "0"};
    journeys j;
    journeys_from(&j, "ACB+ C-");
    j.n = 4;
    mpq_t v[4], pp;
    for (int i = 0; i < 4; i++)
        mpq_init(v[i]);
    mpq_init(pp);
    assert_int_equal(markov_removal_effects(&j, v, pp), 0);
    expect_q(pp, "1/2");
    for (int u = 0; u < 4; u++)
        expect_q(v[u], re[u]);
    for (int i = 0; i < 4; i++)
        mpq_clear(v[i]);
    mpq_clear(pp);
    journeys_free(&j);
}

/* v(A) = 1/2, v(B) = 0, v(AB) = 1.  phi(A) = 1/2 (1/2 - 0) + 1/2 (1 - 0) = 3/4,
   phi(B) = 1/2 (0 - 0) + 1/2 (1 - 1/2) = 1/4; they add up to v(AB) = 1. */
static void test_shapley_two(void **state)
{
    (void)state;
    const char *phi[] = {"3/4", "1/4"};
    shapley_check("A+ A- BA+ B-", phi);
}

/* Only {A} (v 1) and {B,C} (v 1/2) observed, n = 3, weights 1/3, 1/6, 1/3 by |S|.
   phi(A) = 1/3 (1 - 0) + 1/3 (v(ABC) - v(BC)) = 1/3 - 1/6 = 1/6.
   phi(B) = 1/6 (v(AB) - v(A)) + 1/6 (v(BC) - v(C)) = -1/6 + 1/12 = -1/12; phi(C) alike.
   They add up to v(ABC) = 0. */
static void test_shapley_unobserved(void **state)
{
    (void)state;
    const char *phi[] = {"1/6", "-1/12", "-1/12"};
    shapley_check("A+ BC+ CCB-", phi);  /* CCB: the set {B,C} again */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_channelattribution),
        cmocka_unit_test(test_markov_lost),
        cmocka_unit_test(test_markov_three),
        cmocka_unit_test(test_markov_nothing_won),
        cmocka_unit_test(test_markov_repeats),
        cmocka_unit_test(test_markov_absent_unit),
        cmocka_unit_test(test_shapley_two),
        cmocka_unit_test(test_shapley_unobserved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
