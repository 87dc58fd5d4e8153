/*
 * test_crediting.c - who gets credit and how windows and versions earn
 * (issue 5), through run_compute_sources on small batches held in
 * memory.  Every expected value is worked out by hand in the comments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "run.h"

typedef struct batch_text {
    const char *plan, *roster, *deals, *splits, *territories, *quotas, *fx;
    const char *touches, *campaigns;
} batch_text;

static batch_source source(const char *name, const char *text)
{
    batch_source s = {name, text, text ? strlen(text) : 0};
    return s;
}

/* Computes the batch, keeping the lines of `month`; asserts success.  Caller frees r and d. */
static void compute(run_state *r, diag *d, const batch_text *t, int month)
{
    batch_sources src = {
        .plan = source("plan.xml", t->plan),
        .roster = source("roster.csv", t->roster),
        .deals = source("deals.csv", t->deals),
        .touches = source("touches.csv", t->touches),
        .campaigns = source("campaigns.csv", t->campaigns),
        .splits = source("splits.csv", t->splits),
        .territories = source("territories.csv", t->territories),
        .quotas = source("quotas.csv", t->quotas),
        .fx = source("fx.csv", t->fx),
    };
    run_options o = {.month = month, .jobs = 1};
    diag_init(d);
    int rc = run_compute_sources(r, &src, &o, d);
    if (rc != 0)
        diag_print(d, stderr);
    assert_int_equal(rc, 0);
}

static void assert_q(const mpq_t x, const char *want)
{
    mpq_t w;
    mpq_init(w);
    assert_int_equal(mpq_set_str(w, want, 10), 0);
    mpq_canonicalize(w);
    if (!mpq_equal(w, x))
        gmp_fprintf(stderr, "got %Qd, want %s\n", x, want);
    assert_true(mpq_equal(w, x));
    mpq_clear(w);
}

/* Line i of the kept month: its role, payee id ("" for nobody) and credit. */
static void expect_line(const run_state *r, size_t i, credit_role want_role, const char *who,
                        const char *credit)
{
    assert_true(i < r->month_lines.n);
    const credit_line *l = &r->month_lines.lines[i];
    assert_int_equal(l->role, want_role);
    assert_string_equal(l->payee >= 0 ? r->batch.payees[l->payee].id : "", who);
    assert_q(l->credit, credit);
}

/* E(m) of component k of the payee with this id. */
static const mpq_t *earned(const run_state *r, const char *who, size_t k, int m)
{
    for (size_t s = 0; s < r->earnings.n; s++)
        if (strcmp(r->batch.payees[r->earnings.v[s].payee].id, who) == 0)
            return (const mpq_t *)&r->earnings.v[s].comp[k].E[m];
    fail_msg("payee %s not paid", who);
    return NULL;
}

static int has_warning(const diag *d, const char *part)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].level == DIAG_WARNING && strstr(d->v[i].msg, part))
            return 1;
    return 0;
}

#define PLAN_HEAD "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\""
#define FLAT "<commission id=\"c\"><tier rate=\"10%\"/></commission>"

/* ---- team splits and employment ------------------------------------------ */

/* D1 900 closed by ana; splits: ana 1/3, ben 2/3 -> ana 300, ben 600 (ordered by payee id). */
static void test_team_split(void **state)
{
    (void)state;
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"100%\"/></split></credit>"
                "<role id=\"ae\">" FLAT "</role></plan>",
        .roster = "payee_id,name,role,annual_quota\nben,B,ae,\nana,A,ae,\n",
        .deals = "deal_id,close_date,amount,closer_id\nD1,2027-03-01,900,ana\nD2,2027-03-02,50,ben\n",
        .splits = "deal_id,payee_id,share\nD1,ben,2/3\nD1,ana,1/3\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 3);
    assert_int_equal(r.month_lines.n, 3);
    expect_line(&r, 0, CREDIT_CLOSER, "ana", "300");
    expect_line(&r, 1, CREDIT_CLOSER, "ben", "600");
    expect_line(&r, 2, CREDIT_CLOSER, "ben", "50");  /* D2 has no rows: its closer gets it all */
    assert_q(*earned(&r, "ben", 0, 3), "65");        /* 650 x 10% */
    run_free(&r);
    diag_free(&d);
}

/* ben left on 2027-02-28: his 600 of D1 (2027-03-01) goes to nobody, with a warning; a close on
   his last day (D0, 2027-02-28) is still his (employment is inclusive). */
static void test_not_employed_goes_to_nobody(void **state)
{
    (void)state;
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"100%\"/></split></credit>"
                "<role id=\"ae\">" FLAT "</role></plan>",
        .roster = "payee_id,name,role,annual_quota,end_date\nana,A,ae,,\nben,B,ae,,2027-02-28\n",
        .deals = "deal_id,close_date,amount,closer_id\nD0,2027-02-28,10,ben\nD1,2027-03-01,900,ana\n",
        .splits = "deal_id,payee_id,share\nD1,ana,1/3\nD1,ben,2/3\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 3);
    assert_int_equal(r.month_lines.n, 2);
    expect_line(&r, 0, CREDIT_CLOSER, "", "600");  /* nobody first */
    expect_line(&r, 1, CREDIT_CLOSER, "ana", "300");
    assert_true(has_warning(&d, "deal D1: ben was not employed on 2027-03-01"));
    assert_q(*earned(&r, "ben", 0, 12), "1");      /* D0 only: 10 x 10% */
    run_free(&r);
    diag_free(&d);
}

/* ---- overlays ------------------------------------------------------------- */

/* Overlay se 10% on region: sam and sue cover EMEA -> 1000 x 10% / 2 = 50 each; sol covers
   EMEA only from April, so not on D1 (March).  D2 in APAC: nobody covers it -> no line and one
   warning counting 1 deal. */
static void test_overlay_divided_among_coverers(void **state)
{
    (void)state;
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"100%\"/><overlay role=\"se\" "
                "share=\"10%\"/></split></credit><role id=\"ae\">" FLAT "</role>"
                "<role id=\"se\">" FLAT "</role></plan>",
        .roster = "payee_id,name,role,annual_quota\nana,A,ae,\nsam,S,se,\nsol,O,se,\nsue,U,se,\n",
        .deals = "deal_id,close_date,amount,closer_id,region\nD1,2027-03-10,1000,ana,EMEA\n"
                 "D2,2027-03-11,500,ana,APAC\n",
        .territories = "payee_id,field,value,from,to\nsue,region,EMEA,,\nsam,region,EMEA,,\n"
                       "sol,region,EMEA,2027-04-01,\nana,region,APAC,,\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 3);
    assert_int_equal(r.month_lines.n, 4);
    expect_line(&r, 0, CREDIT_CLOSER, "ana", "1000");
    expect_line(&r, 1, CREDIT_OVERLAY, "sam", "50");
    expect_line(&r, 2, CREDIT_OVERLAY, "sue", "50");
    expect_line(&r, 3, CREDIT_CLOSER, "ana", "500");  /* ana covers APAC but is not an se */
    assert_true(has_warning(&d, "1 deal had no payee of overlay role 'se'"));
    run_free(&r);
    diag_free(&d);
}

/* ---- roll-ups ------------------------------------------------------------- */

/* ana -> mia (manager) -> vic (vp).  Rollups: manager direct 100%, vp subtree 50%.
   D1 1000 by ana: mia 1000, vic 500.  D2 400 by mia herself: vic 200 (mia's own line rolls up
   to her ancestors, never to herself).  Lines of a deal: closer, then manager rows by id. */
static void test_rollups(void **state)
{
    (void)state;
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"100%\"/></split>"
                "<rollup role=\"manager\" scope=\"direct\" share=\"100%\"/>"
                "<rollup role=\"vp\" scope=\"subtree\" share=\"50%\"/></credit>"
                "<role id=\"ae\">" FLAT "</role><role id=\"manager\">" FLAT "</role>"
                "<role id=\"vp\">" FLAT "</role></plan>",
        .roster = "payee_id,name,role,annual_quota,manager_id\nana,A,ae,,mia\nmia,M,manager,,vic\n"
                  "vic,V,vp,,\n",
        .deals = "deal_id,close_date,amount,closer_id\nD1,2027-03-10,1000,ana\nD2,2027-03-11,400,mia\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 3);
    assert_int_equal(r.month_lines.n, 5);
    expect_line(&r, 0, CREDIT_CLOSER, "ana", "1000");
    expect_line(&r, 1, CREDIT_MANAGER, "mia", "1000");
    expect_line(&r, 2, CREDIT_MANAGER, "vic", "500");
    expect_line(&r, 3, CREDIT_CLOSER, "mia", "400");
    expect_line(&r, 4, CREDIT_MANAGER, "vic", "200");
    assert_q(*earned(&r, "mia", 0, 3), "140");  /* (1000 + 400) x 10% */
    run_free(&r);
    diag_free(&d);
}

/* A departed direct manager gets no row; subtree skips a departed middle manager and goes on. */
static void test_rollup_skips_departed(void **state)
{
    (void)state;
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"100%\"/></split>"
                "<rollup role=\"manager\" scope=\"direct\"/>"
                "<rollup role=\"vp\" scope=\"subtree\"/></credit>"
                "<role id=\"ae\">" FLAT "</role><role id=\"manager\">" FLAT "</role>"
                "<role id=\"vp\">" FLAT "</role></plan>",
        .roster = "payee_id,name,role,annual_quota,manager_id,end_date\n"
                  "ana,A,ae,,mia,\nmia,M,manager,,val,2027-02-01\nval,L,vp,,vic,2027-02-01\n"
                  "vic,V,vp,,,\n",
        .deals = "deal_id,close_date,amount,closer_id\nD1,2027-03-10,1000,ana\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 3);
    assert_int_equal(r.month_lines.n, 2);
    expect_line(&r, 0, CREDIT_CLOSER, "ana", "1000");
    expect_line(&r, 1, CREDIT_MANAGER, "vic", "1000");
    run_free(&r);
    diag_free(&d);
}

/* ---- windows, quotas and proration ---------------------------------------- */

#define TIERED(window) \
    "<commission id=\"c\" window=\"" window "\"><tier upto=\"50%\" rate=\"10%\"/>" \
    "<tier rate=\"20%\"/></commission>"

/* Quota 400000.  Deals: 60000 in January, 60000 in April.
   quarter: Q1 quota 100000, limit 50000 -> 50000 x 10% + 10000 x 20% = 7000; Q2 restarts: the
   same 7000 -> E(12) = 14000.  year: limit 200000 -> 120000 x 10% = 12000. */
static void test_quarter_window_restarts(void **state)
{
    (void)state;
    const char *plans[2] = {
        PLAN_HEAD "><credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">"
        TIERED("quarter") "</role></plan>",
        PLAN_HEAD "><credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">"
        TIERED("year") "</role></plan>",
    };
    const char *want[2][3] = {{"7000", "7000", "14000"}, {"6000", "6000", "12000"}};
    for (int i = 0; i < 2; i++) {
        batch_text t = {
            .plan = plans[i],
            .roster = "payee_id,name,role,annual_quota\nana,A,ae,400000\n",
            .deals = "deal_id,close_date,amount,closer_id\nD1,2027-01-05,60000,ana\n"
                     "D2,2027-04-05,60000,ana\n",
        };
        run_state r;
        diag d;
        compute(&r, &d, &t, 4);
        assert_q(*earned(&r, "ana", 0, 1), want[i][0]);
        assert_q(*earned(&r, "ana", 0, 3), want[i][1]);
        assert_q(*earned(&r, "ana", 0, 12), want[i][2]);
        run_free(&r);
        diag_free(&d);
    }
}

/* quotas.csv gives Q2 40000 (limit 20000); an empty annual_quota is fine since quotas.csv has
   every quarter (Q1 100000, Q3, Q4 any).  Q2: 20000 x 10% + 40000 x 20% = 10000. */
static void test_quotas_csv(void **state)
{
    (void)state;
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">"
                TIERED("quarter") "</role></plan>",
        .roster = "payee_id,name,role,annual_quota\nana,A,ae,\n",
        .deals = "deal_id,close_date,amount,closer_id\nD2,2027-04-05,60000,ana\n",
        .quotas = "payee_id,window,quota\nana,2027-Q1,100000\nana,2027-Q2,40000\n"
                  "ana,2027-Q3,1\nana,2027-Q4,1\nana,2027,999\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 4);
    assert_q(*earned(&r, "ana", 0, 6), "10000");
    run_free(&r);
    diag_free(&d);
}

/* Employed from 2027-07-01: 184 of 365 days -> year quota 365000 x 184/365 = 184000, limit
   92000.  A 100000 deal in August: 92000 x 10% + 8000 x 20% = 10800. */
static void test_proration(void **state)
{
    (void)state;
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">"
                TIERED("year") "</role></plan>",
        .roster = "payee_id,name,role,annual_quota,start_date\nana,A,ae,365000,2027-07-01\n",
        .deals = "deal_id,close_date,amount,closer_id\nD1,2027-08-01,100000,ana\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 8);
    assert_q(r.earnings.v[0].comp[0].month_limits[8][0], "92000");
    assert_q(*earned(&r, "ana", 0, 8), "10800");
    run_free(&r);
    diag_free(&d);
}

/* ---- plan versions ---------------------------------------------------------- */

/* Two versions, loaded through plan_set_adopt like run_compute_sources does for one. */
static void compute_versions(run_state *r, diag *d, const char *v1, const char *v2,
                             const batch_text *t, int month)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/truce-test-crediting.%ld", (long)getpid());
    char p1[256], p2[256], pr[256], pd[256];
    snprintf(p1, sizeof p1, "%s/v1.xml", dir);
    snprintf(p2, sizeof p2, "%s/v2.xml", dir);
    snprintf(pr, sizeof pr, "%s/roster.csv", dir);
    snprintf(pd, sizeof pd, "%s/deals.csv", dir);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    assert_int_equal(system(cmd), 0);
    const char *files[4][2] = {{p1, v1}, {p2, v2}, {pr, t->roster}, {pd, t->deals}};
    for (int i = 0; i < 4; i++) {
        FILE *f = fopen(files[i][0], "w");
        assert_non_null(f);
        fputs(files[i][1], f);
        fclose(f);
    }
    const char *plans[2] = {p1, p2};
    batch_paths paths = {.plan = p1, .plans = plans, .nplans = 2, .roster = pr, .deals = pd};
    run_options o = {.month = month, .jobs = 1};
    diag_init(d);
    int rc = run_compute(r, &paths, &o, d);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    if (rc != 0)
        diag_print(d, stderr);
    assert_int_equal(rc, 0);
}

#define V1 PLAN_HEAD " effective-to=\"2027-04-30\">"
#define V2 PLAN_HEAD " effective-from=\"2027-05-01\">"
#define RETRO(r1, r2, pay) \
    "<credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">" \
    "<commission id=\"c\" mode=\"retroactive\" window=\"quarter\"><tier upto=\"1000\" rate=\"" r1 \
    "\"/><tier rate=\"" r2 "\"/></commission>" \
    "<spif id=\"s\" pay=\"" pay "\"/></role></plan>"

/* Retroactive, quarterly, rates 1%/2% until April, 3%/4% from May (versions change mid-Q2).
   April 800: W = 800, tier 1 -> 800 x 1% = 8.  May 400: W = 1200, tier 2 in both versions:
   April's 800 x 2% (v1) + May's 400 x 4% (v2) = 16 + 16 = 32.  Earlier windows: none.
   The SPIF pays the version's figure per deal: April's deal 1, May's deal 3 -> E(5) = 4. */
static void test_versions_retroactive_window(void **state)
{
    (void)state;
    batch_text t = {
        .roster = "payee_id,name,role,annual_quota\nana,A,ae,\n",
        .deals = "deal_id,close_date,amount,closer_id\nD1,2027-04-10,800,ana\nD2,2027-05-10,400,ana\n",
    };
    run_state r;
    diag d;
    compute_versions(&r, &d, V1 RETRO("1%", "2%", "1"), V2 RETRO("3%", "4%", "3"), &t, 5);
    assert_q(*earned(&r, "ana", 0, 4), "8");
    assert_q(*earned(&r, "ana", 0, 5), "32");
    assert_q(*earned(&r, "ana", 0, 12), "32");
    assert_q(*earned(&r, "ana", 1, 4), "1");
    assert_q(*earned(&r, "ana", 1, 5), "4");
    run_free(&r);
    diag_free(&d);
}

/* Marginal, year window, flat 10% until April and 20% from May: the running total carries.
   March 1000 -> 100; August 1000 -> 200; E(12) = 300. */
static void test_versions_marginal(void **state)
{
    (void)state;
    batch_text t = {
        .roster = "payee_id,name,role,annual_quota\nana,A,ae,\n",
        .deals = "deal_id,close_date,amount,closer_id\nD1,2027-03-10,1000,ana\nD2,2027-08-10,1000,ana\n",
    };
    run_state r;
    diag d;
    compute_versions(&r, &d,
                     V1 "<credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">"
                        "<commission id=\"c\"><tier rate=\"10%\"/></commission></role></plan>",
                     V2 "<credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">"
                        "<commission id=\"c\"><tier rate=\"20%\"/></commission></role></plan>",
                     &t, 8);
    assert_q(*earned(&r, "ana", 0, 3), "100");
    assert_q(*earned(&r, "ana", 0, 12), "300");
    run_free(&r);
    diag_free(&d);
}

/* A draw of 1000 a month until April and 2000 from May (versions), nothing else earned:
   4 x 1000 + 8 x 2000 = 20000 paid over the year; April's payout 1000, May's 2000. */
static void test_versions_draw(void **state)
{
    (void)state;
    batch_text t = {
        .roster = "payee_id,name,role,annual_quota\nana,A,ae,\n",
        .deals = "deal_id,close_date,amount,closer_id\n",
    };
    run_state r;
    diag d;
    compute_versions(&r, &d,
                     V1 "<credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">"
                        "<commission id=\"c\"><tier rate=\"10%\"/></commission>"
                        "<draw id=\"d\" amount=\"1000\"/></role></plan>",
                     V2 "<credit><split><closer share=\"100%\"/></split></credit><role id=\"ae\">"
                        "<commission id=\"c\"><tier rate=\"10%\"/></commission>"
                        "<draw id=\"d\" amount=\"2000\"/></role></plan>",
                     &t, 5);
    assert_q(*earned(&r, "ana", 1, 12), "20000");
    mpz_t pay;
    mpz_init(pay);
    run_payout(pay, &r, 0, 1, 4);
    assert_int_equal(mpz_get_si(pay), 100000);  /* minor units */
    run_payout(pay, &r, 0, 1, 5);
    assert_int_equal(mpz_get_si(pay), 200000);
    mpz_clear(pay);
    run_free(&r);
    diag_free(&d);
}

/* ---- machine words and mpq_t ---------------------------------------------- */

/*
 * The same split on a deal whose lines fit machine words (D1) and on one whose amount does not
 * (D2, 25 digits: credited with mpq_t): 70% to the closer, 30% linear over touches c1, c1, c2.
 * D1 100.00: ana 70, c1 (owner mo) 20, c2 (no owner) 10.  D2 123456789012345678901234.5:
 * ana 86419752308641975230864.15; marketing 37037036703703703670370.35, of which c1 gets two
 * thirds, 24691357802469135780246.9, and c2 one, 12345678901234567890123.45.
 */
static void test_words_and_mpq_agree(void **state)
{
    (void)state;
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"70%\"/>"
                "<marketing share=\"30%\" model=\"linear\"/></split></credit>"
                "<role id=\"ae\">" FLAT "</role></plan>",
        .roster = "payee_id,name,role,annual_quota\nana,A,ae,\nmo,M,ae,\n",
        .deals = "deal_id,close_date,amount,closer_id\nD1,2027-03-01,100.00,ana\n"
                 "D2,2027-03-02,123456789012345678901234.5,ana\n",
        .touches = "deal_id,campaign_id,touch_date,stage\nD1,c2,2027-01-01,\nD1,c1,2027-01-02,\n"
                   "D1,c1,2027-01-03,\nD2,c1,2027-01-01,\nD2,c2,2027-01-02,\nD2,c1,2027-01-03,\n",
        .campaigns = "campaign_id,name,owner_id,cost\nc2,Two,,\nc1,One,mo,\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 3);
    assert_int_equal(r.month_lines.n, 6);
    expect_line(&r, 0, CREDIT_CLOSER, "ana", "70");
    expect_line(&r, 1, CREDIT_MARKETING, "mo", "20");
    expect_line(&r, 2, CREDIT_MARKETING, "", "10");
    expect_line(&r, 3, CREDIT_CLOSER, "ana", "1728395046172839504617283/20");
    expect_line(&r, 4, CREDIT_MARKETING, "mo", "246913578024691357802469/10");
    expect_line(&r, 5, CREDIT_MARKETING, "", "246913578024691357802469/20");
    run_free(&r);
    diag_free(&d);
}

/*
 * The word path at its edges: amounts of 2^63 - 1, 2^63, 2^64, 2^64 - 1, and 2^63 - 1, 2^63
 * and 2^64 cents (deals.csv refuses amounts below zero: the negative edges of the words are
 * test_qfast's and test_walk's), 70% to the closer and 30% linear over c1 and c2, a touch each.  Each line must be
 * the exact product, whichever path credited it: closer amount x 7/10, each campaign amount x
 * 3/20 (worked by Python's fractions.Fraction, not by this program).
 */
static void test_words_at_their_edges(void **state)
{
    (void)state;
    static const char *const want[][2] = {
        {"64563604257983430649/10", "27670116110564327421/20"},     /* 2^63 - 1 */
        {"32281802128991715328/5", "6917529027641081856/5"},        /* 2^63 */
        {"64563604257983430656/5", "13835058055282163712/5"},       /* 2^64 */
        {"25825441703193372261/2", "11068046444225730969/4"},       /* 2^64 - 1 */
        {"16140901064495857664/125", "3458764513820540928/125"},    /* 2^64 cents */
        {"64563604257983430649/1000", "27670116110564327421/2000"}, /* (2^63 - 1) cents */
        {"8070450532247928832/125", "1729382256910270464/125"},     /* 2^63 cents */
    };
    batch_text t = {
        .plan = PLAN_HEAD "><credit><split><closer share=\"70%\"/>"
                "<marketing share=\"30%\" model=\"linear\"/></split></credit>"
                "<role id=\"ae\">" FLAT "</role></plan>",
        .roster = "payee_id,name,role,annual_quota\nana,A,ae,\nmo,M,ae,\n",
        .deals = "deal_id,close_date,amount,closer_id\n"
                 "D1,2027-03-01,9223372036854775807,ana\nD2,2027-03-02,9223372036854775808,ana\n"
                 "D3,2027-03-03,18446744073709551616,ana\nD4,2027-03-04,18446744073709551615,ana\n"
                 "D5,2027-03-05,184467440737095516.16,ana\nD6,2027-03-06,92233720368547758.07,ana\n"
                 "D7,2027-03-07,92233720368547758.08,ana\n",
        .touches = "deal_id,campaign_id,touch_date,stage\n"
                   "D1,c1,2027-01-01,\nD1,c2,2027-01-02,\nD2,c1,2027-01-01,\nD2,c2,2027-01-02,\n"
                   "D3,c1,2027-01-01,\nD3,c2,2027-01-02,\nD4,c1,2027-01-01,\nD4,c2,2027-01-02,\n"
                   "D5,c1,2027-01-01,\nD5,c2,2027-01-02,\nD6,c1,2027-01-01,\nD6,c2,2027-01-02,\n"
                   "D7,c1,2027-01-01,\nD7,c2,2027-01-02,\n",
        .campaigns = "campaign_id,name,owner_id,cost\nc1,One,mo,\nc2,Two,,\n",
    };
    run_state r;
    diag d;
    compute(&r, &d, &t, 3);
    assert_int_equal(r.month_lines.n, 21);
    for (size_t i = 0; i < 7; i++) {
        expect_line(&r, 3 * i, CREDIT_CLOSER, "ana", want[i][0]);
        expect_line(&r, 3 * i + 1, CREDIT_MARKETING, "mo", want[i][1]);
        expect_line(&r, 3 * i + 2, CREDIT_MARKETING, "", want[i][1]);
    }
    run_free(&r);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_team_split),
        cmocka_unit_test(test_not_employed_goes_to_nobody),
        cmocka_unit_test(test_overlay_divided_among_coverers),
        cmocka_unit_test(test_rollups),
        cmocka_unit_test(test_rollup_skips_departed),
        cmocka_unit_test(test_quarter_window_restarts),
        cmocka_unit_test(test_quotas_csv),
        cmocka_unit_test(test_proration),
        cmocka_unit_test(test_versions_retroactive_window),
        cmocka_unit_test(test_versions_marginal),
        cmocka_unit_test(test_versions_draw),
        cmocka_unit_test(test_words_and_mpq_agree),
        cmocka_unit_test(test_words_at_their_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
