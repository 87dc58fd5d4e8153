/*
 * test_scoreboard.c - scoreboard.csv through the public API, on a batch small
 * enough to work out by hand: a capped closer (so the pro-rata rate is not a
 * tier rate), a lost deal, a campaign with a zero cost and no owner, and the
 * earnings a sharded run recomputes giving the same bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "run.h"
#include "scoreboard.h"

static const char PLAN[] =
    "<plan xmlns=\"urn:truce:plan:1\" id=\"sb-2027\" year=\"2027\" currency=\"USD\">"
    "<credit><split when=\"source = 'm'\"><closer share=\"50%\"/>"
    "<marketing share=\"50%\" model=\"first-touch\"/></split>"
    "<split><closer share=\"100%\"/></split></credit>"
    "<role id=\"ae\"><commission id=\"base\" cap=\"1200\"><tier rate=\"10%\"/></commission></role>"
    "<role id=\"mk\"><commission id=\"camp\"><tier rate=\"10%\"/></commission></role></plan>";
static const char ROSTER[] = "payee_id,name,role,annual_quota\nal,Al,ae,\nmo,Mo,mk,\n";
static const char DEALS[] = "deal_id,close_date,amount,closer_id,source,outcome\n"
                            "X1,2027-01-05,10000,al,m,won\n"
                            "X2,2027-02-05,10000,al,s,\n"
                            "X3,2027-02-10,4000,al,m,lost\n";
static const char TOUCHES[] = "deal_id,campaign_id,touch_date,stage\n"
                              "X1,c1,2027-01-01,\nX3,c1,2027-02-01,\nX3,c2,2027-02-02,\n";
static const char CAMPAIGNS[] = "campaign_id,name,owner_id,cost\nc2,Two,,0\nc1,\"C, one\",mo,300\n";

/*
 * February, year to date.  X1: al 5000 closer, mo 5000 via c1 (first touch).
 * X2: al 10000.  X3 is lost: nothing.  al: C = 15000, 10% = 1500 capped at
 * 1200, rate 1200/15000 = 8%.  mo: C = 5000, E = 500, rate 10%.
 * c1 touches X1 and X3: 2 touched, 1 won; weight 1 on X1: revenue 10000;
 * ROI (10000 - 300)/300 = 32.3333; cost per won 300; marketing 5000 x 10% = 500;
 * closer 1 x 5000 x 8% = 400.  c2 touches only X3 (lost): 1 touched, 0 won,
 * nothing attributed; cost 0, so ROI and cost per won are empty.
 */
static const char EXPECTED[] =
    SCOREBOARD_HEADER "\n"
    "c1,\"C, one\",mo,2,1,0.5000,1,10000.00,300.00,32.3333,300.00,500.00,400.00\n"
    "c2,Two,,1,0,0.0000,0,0.00,0.00,,,0.00,0.00\n";

static int compute(run_state *r, shard sh, diag *d)
{
    batch_sources src = {.plan = {"plan.xml", PLAN, sizeof PLAN - 1},
                         .roster = {"roster.csv", ROSTER, sizeof ROSTER - 1},
                         .deals = {"deals.csv", DEALS, sizeof DEALS - 1},
                         .touches = {"touches.csv", TOUCHES, sizeof TOUCHES - 1},
                         .campaigns = {"campaigns.csv", CAMPAIGNS, sizeof CAMPAIGNS - 1}};
    run_options o = {.month = 2, .jobs = 1, .shard = sh};
    return run_compute_sources(r, &src, &o, d);
}

static void test_hand_worked(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    run_state r;
    assert_int_equal(compute(&r, (shard){0, 0}, &d), 0);
    strbuf sb = STRBUF_INIT;
    scoreboard_csv(&sb, r.plan, &r.batch, &r.earnings, 2);
    assert_string_equal(sb.p, EXPECTED);
    /* The same from what the run gathered while crediting (month 2 is the one it kept). */
    assert_int_equal(r.scoreboard.month, 2);
    strbuf csv = STRBUF_INIT, html = STRBUF_INIT;
    scoreboard_files(&csv, &html, r.plan, &r.batch, &r.earnings, 2, &r.scoreboard);
    assert_string_equal(csv.p, EXPECTED);
    sb_free(&csv);
    sb_free(&html);
    sb_free(&sb);
    run_free(&r);
    diag_free(&d);
}

/* A shard knows only its payees' earnings; scoreboard_earnings recomputes everyone's. */
static void test_shard_recomputes(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    run_state r;
    assert_int_equal(compute(&r, (shard){0, 2}, &d), 0);
    assert_true(r.earnings.n < 2);  /* al and mo do not share a shard of 2 */
    earnings all;
    assert_int_equal(scoreboard_earnings(&all, r.plan, &r.batch), 0);
    assert_int_equal(all.n, 2);
    strbuf sb = STRBUF_INIT;
    scoreboard_csv(&sb, r.plan, &r.batch, &all, 2);
    assert_string_equal(sb.p, EXPECTED);
    sb_free(&sb);
    earnings_free(&all);
    run_free(&r);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_shard_recomputes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
