/*
 * embed.c - libtruce without the CLI: a plan and a batch held in memory,
 * computed, and the month's payouts walked and printed.
 *
 * This is what a program embedding Truce does (a payroll service, a CRM
 * plug-in): it hands the engine buffers it already has, reads the figures
 * through the handle's accessors, and decides itself what to print.  Only
 * <truce/truce.h> is needed; no GMP, no engine structure.  Build it against
 * an installed Truce with
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
#include <string.h>

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

/* An amount in USD ("2400.00", "-12.50") as cents: the text is exact, in the minor unit. */
static long long cents(const char *amount)
{
    long long whole = 0, frac = 0;
    int negative = *amount == '-';
    const char *p = amount + negative;
    for (; *p && *p != '.'; p++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.')
        frac = (p[1] - '0') * 10 + (p[2] - '0');
    return (negative ? -1 : 1) * (whole * 100 + frac);
}

/* The library reports; the program prints, as it sees fit. */
static void print_diags(truce_run *r)
{
    for (size_t i = 0; i < truce_diag_count(r); i++) {
        truce_diag d;
        truce_diag_at(r, i, &d);
        fprintf(stderr, "%s:%ld: %s: %s\n", d.file ? d.file : "truce", d.line,
                d.level == TRUCE_DIAG_ERROR ? "error" : "warning", d.message);
    }
}

int main(void)
{
    truce_run *r = truce_run_new();
    truce_set_buffer(r, TRUCE_PLAN, "plan.xml", plan_xml, strlen(plan_xml));
    truce_set_buffer(r, TRUCE_ROSTER, "roster.csv", roster_csv, strlen(roster_csv));
    truce_set_buffer(r, TRUCE_DEALS, "deals.csv", deals_csv, strlen(deals_csv));
    truce_set_period(r, "2027-03");
    truce_set_jobs(r, 1);
    int rc = truce_compute(r);
    print_diags(r);
    if (rc == TRUCE_OK) {
        long long total = 0;
        for (size_t i = 0; i < truce_payout_count(r); i++) {
            truce_payout p;
            truce_payout_at(r, i, &p);
            printf("%s %s %s %s\n", p.period, p.payee_id, p.component_id, p.amount);
            total += cents(p.amount);
        }
        printf("total %lld.%02lld\n", total / 100, total % 100);
    }
    truce_run_free(r);
    return rc == TRUCE_OK ? EXIT_SUCCESS : EXIT_FAILURE;
}
