/*
 * fuzz_files.c - libFuzzer target for the optional batch files of issues 5
 * and 6 (splits, territories, quotas, fx, events, payments, adjustments)
 * through run_compute_sources, on a fixed plan that uses every construct
 * they feed (team splits, overlays, roll-ups, windows, a rate table, a gate,
 * a deal cap, clawbacks, holds, a bonus, a curve and a draw) and a fixed
 * roster and deals file.
 *
 * The input is the seven files, in that order, separated by lines holding
 * only "%%".  Invariants:
 *  - the run fails only with an error reported, and every error names a file;
 *  - when it succeeds, for every payee and component: R(0) = 0, the payouts
 *    of the twelve months add up to R(12) (run_payout), and what is
 *    released never exceeds what is earned;
 *  - a second run of the same input gives the same R(12) (no hidden state).
 */
#include "fuzz_common.h"

#include <gmp.h>

#include "run.h"

static const char PLAN[] =
    "<plan xmlns=\"urn:truce:plan:1\" id=\"f\" year=\"2027\" currency=\"USD\">"
    "<credit><split><closer share=\"100%\"/><overlay role=\"se\" share=\"10%\"/></split>"
    "<rollup role=\"mgr\" scope=\"subtree\" share=\"50%\"/></credit>"
    "<rate-table id=\"t\" fields=\"product region\"><row values=\"Pro EMEA\" rate=\"6%\"/>"
    "<row values=\"Pro *\" rate=\"5%\"/><default rate=\"3%\"/></rate-table>"
    "<role id=\"ae\"><commission id=\"base\" window=\"quarter\" gate=\"10%\" deal-cap=\"50000\" "
    "release=\"payment\"><clawback policy=\"original-rate\" within-days=\"90\"/>"
    "<tier upto=\"50%\" rate-table=\"t\"/><tier rate=\"10%\"/></commission>"
    "<bonus id=\"kicker\"><level attainment=\"100%\" pay=\"1000\"/></bonus>"
    "<curve id=\"ti\" target=\"12000\"><point attainment=\"0%\" payout=\"0%\"/>"
    "<point attainment=\"100%\" payout=\"100%\"/></curve>"
    "<draw id=\"draw\" amount=\"500\" recoverable=\"true\" recovery-limit=\"200\"/></role>"
    "<role id=\"se\"><commission id=\"overlay\" window=\"month\" mode=\"retroactive\">"
    "<clawback policy=\"recalculate\"/><tier upto=\"10000\" rate=\"1%\"/><tier rate=\"2%\"/>"
    "</commission></role>"
    "<role id=\"mgr\"><commission id=\"team\"><tier rate=\"1%\"/></commission></role></plan>";

static const char ROSTER[] =
    "payee_id,name,role,annual_quota,manager_id,start_date,end_date\n"
    "ana,Ana,ae,100000,max,2027-02-01,\n"
    "ben,Ben,ae,120000,max,,2027-10-31\n"
    "sue,Sue,se,50000,max,,\n"
    "max,Max,mgr,,,,\n";

static const char DEALS[] =
    "deal_id,close_date,amount,closer_id,region,product,currency\n"
    "D1,2027-01-15,12000,ana,EMEA,Pro,\n"
    "D2,2027-02-20,30000.50,ben,AMER,Pro,EUR\n"
    "D3,2027-04-02,8000,ana,EMEA,Lite,USD\n"
    "D4,2027-06-30,50000,ben,EMEA,Pro,GBP\n"
    "D5,2027-09-09,1000,ana,APAC,Pro,\n"
    "D6,2027-12-31,77777.77,ben,AMER,Lite,EUR\n";

enum { NFILES = 7 };

/* Splits the input at lines "%%" into NFILES NUL-terminated copies (missing ones absent). */
static size_t split_input(const uint8_t *data, size_t size, char *part[NFILES])
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= size && n < NFILES; i++) {
        int sep = i + 3 <= size && data[i] == '%' && data[i + 1] == '%' && data[i + 2] == '\n' &&
                  (i == 0 || data[i - 1] == '\n');
        if (i < size && !sep)
            continue;
        part[n] = malloc(i - start + 1);
        memcpy(part[n], data + start, i - start);
        part[n][i - start] = 0;
        n++;
        start = i + 3;
        i += 2;
    }
    return n;
}

static batch_source source(const char *name, const char *text)
{
    batch_source s = {name, text, text ? strlen(text) : 0};
    return s;
}

/* One run; returns its rc and leaves R(12) of every payee and component in sum. */
static int run_once(char *part[NFILES], size_t n, mpz_t sum)
{
    const char *file[NFILES] = {0};
    for (size_t i = 0; i < n; i++)
        file[i] = part[i];
    batch_sources src = {
        .plan = source("plan.xml", PLAN), .roster = source("roster.csv", ROSTER),
        .deals = source("deals.csv", DEALS), .touches = source("touches.csv", NULL),
        .campaigns = source("campaigns.csv", NULL), .splits = source("splits.csv", file[0]),
        .territories = source("territories.csv", file[1]), .quotas = source("quotas.csv", file[2]),
        .fx = source("fx.csv", file[3]), .events = source("events.csv", file[4]),
        .payments = source("payments.csv", file[5]), .adjustments = source("adjustments.csv", file[6]),
    };
    run_options o = {.month = 12, .jobs = 1};
    run_state r;
    diag d;
    diag_init(&d);
    int rc = run_compute_sources(&r, &src, &o, &d);
    CHECK(rc == 0 || d.errors > 0, "the run failed without an error");
    for (size_t i = 0; i < d.n; i++)
        CHECK(d.v[i].level != DIAG_ERROR || d.v[i].file, "an error without a file: %s", d.v[i].msg);
    mpz_set_ui(sum, 0);
    if (rc == 0) {
        mpz_t pay, total;
        mpz_inits(pay, total, NULL);
        for (size_t s = 0; s < r.earnings.n; s++) {
            const payee_earnings *pe = &r.earnings.v[s];
            for (size_t k = 0; k < pe->role->ncomponents; k++) {
                const component_earnings *ce = &pe->comp[k];
                CHECK(mpz_sgn(ce->R[0]) == 0, "R(0) is not 0");
                mpz_set_ui(total, 0);
                for (int m = 1; m <= 12; m++) {
                    run_payout(pay, &r, s, k, m);
                    mpz_add(total, total, pay);
                }
                CHECK(mpz_cmp(total, ce->R[12]) == 0, "the months do not add up to R(12)");
                if (ce->flows && pe->role->components[k].kind != COMP_DRAW)
                    for (int m = 1; m <= 12; m++)
                        CHECK(mpq_cmp(ce->flows->released[m], ce->E[m]) <= 0,
                              "released above earned");
                mpz_add(sum, sum, ce->R[12]);
            }
        }
        mpz_clears(pay, total, NULL);
    }
    run_free(&r);
    diag_free(&d);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *part[NFILES];
    size_t n = split_input(data, size, part);
    mpz_t a, b;
    mpz_inits(a, b, NULL);
    int rc = run_once(part, n, a);
    if (rc == 0) {
        CHECK(run_once(part, n, b) == 0, "a second run failed");
        CHECK(mpz_cmp(a, b) == 0, "a second run computed other figures");
    }
    mpz_clears(a, b, NULL);
    for (size_t i = 0; i < n; i++)
        free(part[i]);
    return 0;
}
