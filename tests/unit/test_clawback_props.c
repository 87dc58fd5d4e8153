/*
 * test_clawback_props.c - the original-rate clawback on many generated
 * batches (sign mistakes on refunds are the classic defect of commission
 * software, so the properties are checked on random cases, not a few).
 *
 * Each case: one payee, a few deals, the refunded deal closing last (so
 * that taking it out changes no other deal's earnings), random tiers with
 * sometimes a rate table, a deal cap and a quarterly window.  With E0 the
 * earnings without events and Enod those without the last deal:
 *   (a) a refund of x:  E(12) = E0(12) - (x / amount)(E0(12) - Enod(12)), exactly;
 *   (b) a refund of x then of the rest, and a cancel, both give Enod(12);
 *   (c) months before the refund are untouched: E(m) = E0(m);
 *   (d) the refund never raises earnings: E(12) <= E0(12) when the deal earned >= 0;
 *   (e) with one flat rate r and no cap, a refund of x reverses exactly x * r,
 *       what a deal of x earns;
 *   (f) under the recalculate policy, with a year window, a cancel and a refund of x then of
 *       the rest both walk the tiers back exactly: E(12) = Enod(12).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "run.h"

#define CASES 300

static uint64_t seed = 0x9e3779b97f4a7c15u;

static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)((seed >> 33) % n);
}

typedef struct gen_case {
    char plan[2048], roster[256], deals[1024], nod[1024];
    long amount_cents;            /* the last deal's amount */
    int last_month, refund_month; /* its close month; the month of the refund */
    int flat;                     /* one tier, no table, no cap: property (e) applies */
    long rate_pct;                /* the flat rate, in % */
    int year_window;              /* window="year": (f) applies */
} gen_case;

static void gen_plan(gen_case *c)
{
    char tiers[512], table[512] = "", cap[64] = "";
    c->flat = rnd(4) == 0;
    c->rate_pct = 1 + rnd(20);
    if (c->flat) {
        snprintf(tiers, sizeof tiers, "<tier rate=\"%ld%%\"/>", c->rate_pct);
    } else {
        int use_table = rnd(2);
        if (use_table)
            snprintf(table, sizeof table,
                     "<rate-table id=\"t\" fields=\"product\"><row values=\"A\" rate=\"%u%%\"/>"
                     "<row values=\"B\" rate=\"%u/7\"/><default rate=\"2%%\"/></rate-table>",
                     1 + rnd(15), 1 + rnd(3));
        unsigned l1 = 1000 + rnd(4000), l2 = l1 + 1000 + rnd(5000);
        snprintf(tiers, sizeof tiers,
                 "<tier upto=\"%u\" %s/><tier upto=\"%u\" rate=\"%u%%\"/><tier rate=\"%u.5%%\"/>",
                 l1, use_table ? "rate-table=\"t\"" : "rate=\"3%\"", l2, 4 + rnd(10), 10 + rnd(10));
        if (rnd(3) == 0)
            snprintf(cap, sizeof cap, " deal-cap=\"%u\"", 50 + rnd(400));
    }
    snprintf(c->plan, sizeof c->plan,
             "<plan xmlns=\"urn:truce:plan:1\" id=\"p\" year=\"2027\" currency=\"USD\">"
             "<credit><split><closer share=\"100%%\"/></split></credit>%s"
             "<role id=\"ae\"><commission id=\"c\" window=\"%s\"%s>"
             "<clawback policy=\"original-rate\"/>%s</commission></role></plan>",
             table, (c->year_window = rnd(2)) ? "year" : "quarter", cap, tiers);
}

static void gen_deals(gen_case *c)
{
    int n = 1 + (int)rnd(5), month = 1 + (int)rnd(3);
    size_t len = (size_t)snprintf(c->deals, sizeof c->deals,
                                  "deal_id,close_date,amount,closer_id,product\n");
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(c->deals + len, sizeof c->deals - len,
                                "D%d,2027-%02d-%02d,%u.%02u,ana,%c\n", i, month, 1 + i,
                                rnd(6000), rnd(100), rnd(2) ? 'A' : 'B');
        month += (int)rnd(2);
    }
    memcpy(c->nod, c->deals, len + 1);  /* the batch without the last deal */
    c->last_month = month + 1 + (int)rnd(3);
    c->amount_cents = 1 + (long)rnd(900000);
    c->flat = c->flat;  /* (set by gen_plan) */
    snprintf(c->deals + len, sizeof c->deals - len, "Z,2027-%02d-15,%ld.%02ld,ana,%c\n",
             c->last_month, c->amount_cents / 100, c->amount_cents % 100, rnd(2) ? 'A' : 'B');
    c->refund_month = c->last_month + (int)rnd((unsigned)(13 - c->last_month));
}

static batch_source src(const char *name, const char *text)
{
    batch_source s = {name, text, text ? strlen(text) : 0};
    return s;
}

/* E(m) of the only payee, m = 0..12, for the deals and events given. */
static void earnings_of(mpq_t E[13], const gen_case *c, const char *deals, const char *events)
{
    batch_sources s = {.plan = src("plan.xml", c->plan), .roster = src("roster.csv", c->roster),
                       .deals = src("deals.csv", deals), .touches = src("touches.csv", NULL),
                       .campaigns = src("campaigns.csv", NULL), .events = src("events.csv", events)};
    run_options o = {.jobs = 1};
    run_state r;
    diag d;
    diag_init(&d);
    int rc = run_compute_sources(&r, &s, &o, &d);
    if (rc != 0) {
        diag_print(&d, stderr);
        fprintf(stderr, "%s\n%s\n%s\n", c->plan, deals, events ? events : "");
    }
    assert_int_equal(rc, 0);
    for (int m = 0; m < 13; m++)
        mpq_set(E[m], r.earnings.v[0].comp[0].E[m]);
    run_free(&r);
    diag_free(&d);
}

static void init13(mpq_t E[13])
{
    for (int m = 0; m < 13; m++)
        mpq_init(E[m]);
}

static void clear13(mpq_t E[13])
{
    for (int m = 0; m < 13; m++)
        mpq_clear(E[m]);
}

static void check_case(gen_case *c)
{
    mpq_t E0[13], Enod[13], E1[13], E2[13], E3[13], want, f;
    init13(E0), init13(Enod), init13(E1), init13(E2), init13(E3);
    mpq_inits(want, f, NULL);
    long x = 1 + (long)rnd((unsigned)c->amount_cents);  /* refund, in cents: 0 < x <= amount */
    char ev1[256], ev2[512], ev3[256];
    int day2 = 20;
    snprintf(ev1, sizeof ev1, "deal_id,date,kind,amount\nZ,2027-%02d-16,refund,%ld.%02ld\n",
             c->refund_month, x / 100, x % 100);
    if (x < c->amount_cents)
        snprintf(ev2, sizeof ev2, "%sZ,2027-%02d-%02d,refund,%ld.%02ld\n", ev1, c->refund_month,
                 day2, (c->amount_cents - x) / 100, (c->amount_cents - x) % 100);
    else
        snprintf(ev2, sizeof ev2, "%s", ev1);
    snprintf(ev3, sizeof ev3, "deal_id,date,kind,amount\nZ,2027-%02d-16,cancel,\n", c->refund_month);
    earnings_of(E0, c, c->deals, NULL);
    earnings_of(Enod, c, c->nod, NULL);
    earnings_of(E1, c, c->deals, ev1);
    earnings_of(E2, c, c->deals, ev2);
    earnings_of(E3, c, c->deals, ev3);
    /* (a) */
    mpq_set_si(f, x, (unsigned long)c->amount_cents);
    mpq_canonicalize(f);
    mpq_sub(want, E0[12], Enod[12]);
    mpq_mul(want, want, f);
    mpq_sub(want, E0[12], want);
    assert_true(mpq_equal(E1[12], want));
    /* (b) */
    assert_true(mpq_equal(E2[12], Enod[12]));
    assert_true(mpq_equal(E3[12], Enod[12]));
    /* (c) */
    for (int m = 1; m < c->refund_month; m++)
        assert_true(mpq_equal(E1[m], E0[m]));
    /* (d) */
    if (mpq_cmp(E0[12], Enod[12]) >= 0)
        assert_true(mpq_cmp(E1[12], E0[12]) <= 0);
    /* (e) */
    if (c->flat) {
        mpq_set_si(want, x * c->rate_pct, 10000);
        mpq_canonicalize(want);
        mpq_sub(f, E0[12], E1[12]);
        assert_true(mpq_equal(f, want));
    }
    /* (f) */
    if (c->year_window) {
        char *policy = strstr(c->plan, "original-rate"), rest[2048];
        snprintf(rest, sizeof rest, "%s", policy + strlen("original-rate"));
        snprintf(policy, sizeof c->plan - (size_t)(policy - c->plan), "recalculate%s", rest);
        earnings_of(E2, c, c->deals, ev2);
        earnings_of(E3, c, c->deals, ev3);
        assert_true(mpq_equal(E2[12], Enod[12]));
        assert_true(mpq_equal(E3[12], Enod[12]));
        for (int m = 1; m < c->refund_month; m++)
            assert_true(mpq_equal(E3[m], E0[m]));
    }
    clear13(E0), clear13(Enod), clear13(E1), clear13(E2), clear13(E3);
    mpq_clears(want, f, NULL);
}

static void test_original_rate_refunds(void **state)
{
    (void)state;
    for (int i = 0; i < CASES; i++) {
        gen_case c;
        gen_plan(&c);
        snprintf(c.roster, sizeof c.roster, "payee_id,name,role,annual_quota\nana,A,ae,100000\n");
        gen_deals(&c);
        check_case(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_original_rate_refunds)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
