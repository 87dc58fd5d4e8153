/*
 * embed.c - libtruce without the CLI: a plan and a batch held in memory,
 * computed, and the month's payouts walked and printed.
 *
 * This is what a program embedding Truce does (a payroll service, a CRM
 * plug-in): it hands the engine buffers it already has, reads the figures
 * from the truce_run, and decides itself what to print.  Build it against an
 * installed Truce with
 *
 *     cc embed.c $(pkg-config --cflags --libs truce) -o embed
 *
 * Expected output (worked by hand in tests/e2e/t_install.sh):
 *
 *     2027-03 ana base 2400.00
 *     2027-03 ben base 400.02
 *     total 2800.02
 */
#include <truce/truce.h>

#include <stdio.h>
#include <stdlib.h>

static const char plan_xml[] =
    "<plan xmlns=\"urn:truce:plan:1\" id=\"embed-2027\" year=\"2027\" currency=\"USD\">\n"
    "  <credit><split><closer share=\"100%\"/></split></credit>\n"
    "  <role id=\"ae\">\n"
    "    <commission id=\"base\">\n"
    "      <tier upto=\"50%\" rate=\"4%\"/>\n"
    "      <tier rate=\"8%\"/>\n"
    "    </commission>\n"
    "  </role>\n"
    "</plan>\n";

static const char roster_csv[] =
    "payee_id,name,role,annual_quota\n"
    "ana,Ana Ruiz,ae,100000\n"
    "ben,Ben Okafor,ae,100000\n";

static const char deals_csv[] =
    "deal_id,close_date,amount,closer_id\n"
    "D-1,2027-01-10,30000,ana\n"
    "D-2,2027-03-05,40000,ana\n"
    "D-3,2027-03-20,10000.50,ben\n";

#define SOURCE(name, text) {name, text, sizeof text - 1}

/* Prints one line per paid payee and component: the month's payout. */
static void print_payouts(const truce_run *r, int month)
{
    mpz_t payout, total;
    mpz_inits(payout, total, NULL);
    strbuf sb = STRBUF_INIT;
    for (size_t s = 0; s < r->earnings.n; s++) {
        const payee_earnings *pe = &r->earnings.v[s];
        for (size_t k = 0; k < pe->role->ncomponents; k++) {
            truce_payout(payout, r, s, k, month);
            mpz_add(total, total, payout);
            sb_reset(&sb);
            money_format_minor(&sb, payout, r->plan->minor_unit);
            printf("%d-%02d %s %s %s\n", r->plan->year, month, r->batch.payees[pe->payee].id,
                   pe->role->components[k].id, sb.p);
        }
    }
    sb_reset(&sb);
    money_format_minor(&sb, total, r->plan->minor_unit);
    printf("total %s\n", sb.p);
    sb_free(&sb);
    mpz_clears(payout, total, NULL);
}

int main(void)
{
    const batch_sources src = {
        .plan = SOURCE("plan.xml", plan_xml),
        .roster = SOURCE("roster.csv", roster_csv),
        .deals = SOURCE("deals.csv", deals_csv),
        .touches = {"touches.csv", NULL, 0},     /* absent */
        .campaigns = {"campaigns.csv", NULL, 0}, /* absent */
    };
    const int month = 3;
    truce_options options = {.month = month, .jobs = 1};
    diag d;
    diag_init(&d);
    truce_run r;
    int failed = truce_compute_sources(&r, &src, &options, &d) != 0;
    diag_print(&d, stderr);  /* the library reports; the program prints */
    if (!failed)
        print_payouts(&r, month);
    truce_run_free(&r);
    diag_free(&d);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
