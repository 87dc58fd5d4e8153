/*
 * test_paid.c - paid history and true-ups through the public API: the audit
 * scenario of fixtures/audit (NOTES.md works out every figure), then the
 * paid file's rules: repeated headers, other years, months not recorded,
 * and located errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

static const char PLAN[] =
    "<plan xmlns=\"urn:truce:plan:1\" id=\"audit-2027\" year=\"2027\" currency=\"USD\">"
    "<credit><split><closer share=\"100%\"/></split></credit>"
    "<role id=\"ae\"><commission id=\"base\"><tier upto=\"100000\" rate=\"5%\"/><tier rate=\"10%\"/>"
    "</commission></role></plan>";
static const char ROSTER[] = "payee_id,name,role,annual_quota\n"
                             "amy,\"Ortiz, Amy\",ae,\nbob,Bob Stone,ae,\ncal,Cal Reyes,ae,\n";
/* Ledger v2 of the scenario (January corrected, a late February deal, April's deals). */
static const char DEALS[] = "deal_id,close_date,amount,closer_id\n"
                            "A-1,2027-01-10,66000,amy\nB-1,2027-01-20,40000.10,bob\n"
                            "A-2,2027-02-05,30000,amy\nC-1,2027-02-10,12000,cal\n"
                            "L-1,2027-02-20,1000,bob\nB-2,2027-03-02,15000,bob\n"
                            "A-3,2027-03-12,25000,amy\nA-4,2027-04-08,10000,amy\n"
                            "B-3,2027-04-15,5000,bob\n";
/* What January to March paid on ledger v1: three payouts.csv files, concatenated. */
static const char PAID[] = "period,payee_id,role,component_id,amount\n"
                           "2027-01,amy,ae,base,3000.00\n2027-01,bob,ae,base,2000.01\n2027-01,cal,ae,base,0.00\n"
                           "period,payee_id,role,component_id,amount\n"
                           "2027-02,amy,ae,base,1500.00\n2027-02,bob,ae,base,0.00\n2027-02,cal,ae,base,1000.00\n"
                           "period,payee_id,role,component_id,amount\n"
                           "2027-03,amy,ae,base,2000.00\n2027-03,bob,ae,base,750.00\n2027-03,cal,ae,base,0.00\n";

typedef struct fixture {
    char path[64];
    run_state r;
    diag d;
    int rc;
} fixture;

/* Computes months first..last of ledger v2 with `paid` as the paid file (NULL: no --paid). */
static void compute_months(fixture *f, int first, int last, const char *paid)
{
    batch_sources src = {.plan = {"plan.xml", PLAN, sizeof PLAN - 1},
                         .roster = {"roster.csv", ROSTER, sizeof ROSTER - 1},
                         .deals = {"deals.csv", DEALS, sizeof DEALS - 1},
                         .touches = {"touches.csv", NULL, 0},
                         .campaigns = {"campaigns.csv", NULL, 0}};
    run_options o = {.month = first, .month_last = last};
    strcpy(f->path, "/tmp/truce-paid-XXXXXX");
    if (paid) {
        int fd = mkstemp(f->path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, paid, strlen(paid)), (long)strlen(paid));
        close(fd);
        o.paid = f->path;
    }
    diag_init(&f->d);
    f->rc = run_compute_sources(&f->r, &src, &o, &f->d);
}

/* Computes `month` of ledger v2 with `paid` as the paid file (NULL: no --paid). */
static void compute(fixture *f, int month, const char *paid)
{
    compute_months(f, month, month, paid);
}

static void release(fixture *f)
{
    run_free(&f->r);
    diag_free(&f->d);
    if (strchr(f->path, 'X') == NULL)
        unlink(f->path);
}

/* The payable amount of payee_id's base commission, in cents. */
static long cents(const fixture *f, const char *payee_id, int month)
{
    for (size_t s = 0; s < f->r.earnings.n; s++)
        if (strcmp(f->r.batch.payees[f->r.earnings.v[s].payee].id, payee_id) == 0) {
            mpz_t out;
            mpz_init(out);
            run_payout(out, &f->r, s, 0, month);
            long v = mpz_get_si(out);
            mpz_clear(out);
            return v;
        }
    fail_msg("no payee %s", payee_id);
    return 0;
}

/* NOTES.md: April pays amy 8100.00 - 6500.00, bob 3050.01 - 2750.01, cal 600.00 - 1000.00. */
static void april_trues_up(void **state)
{
    (void)state;
    fixture f;
    compute(&f, 4, PAID);
    assert_int_equal(f.rc, 0);
    assert_int_equal(cents(&f, "amy", 4), 160000);
    assert_int_equal(cents(&f, "bob", 4), 30000);
    assert_int_equal(cents(&f, "cal", 4), -40000);
    /* Month by month: what was paid, as the file says. */
    mpz_t paid;
    mpz_init(paid);
    paid_in_month(paid, &f.r.paid, &f.r.earnings, 0, 0, 1);  /* amy, January */
    assert_int_equal(mpz_get_si(paid), 300000);
    paid_through(paid, &f.r.paid, &f.r.earnings, 1, 0, 3);   /* bob, through March */
    assert_int_equal(mpz_get_si(paid), 275001);
    mpz_clear(paid);
    /* The manifest's record: the buffers by name, and the paid file, each with its hash. */
    char want[DIGEST_HEX_SIZE];
    const manifest_file *deals = manifest_input(&f.r.record.m, "deals");
    digest_bytes(want, DEALS, sizeof DEALS - 1);
    assert_string_equal(deals->path, "deals.csv");
    assert_string_equal(deals->sha256, want);
    assert_int_equal(deals->size, sizeof DEALS - 1);
    digest_bytes(want, PAID, sizeof PAID - 1);
    assert_string_equal(manifest_input(&f.r.record.m, "paid")->sha256, want);
    assert_null(manifest_input(&f.r.record.m, "touches"));
    release(&f);
}

/* Without --paid, earlier months count as paid as computed: the ordinary R(m) - R(m-1). */
static void without_paid(void **state)
{
    (void)state;
    fixture f;
    compute(&f, 4, NULL);
    assert_int_equal(f.rc, 0);
    assert_int_equal(cents(&f, "amy", 4), 100000);  /* 8100.00 - 7100.00 */
    assert_int_equal(cents(&f, "bob", 4), 25000);   /* 3050.01 - 2800.01 */
    assert_int_equal(cents(&f, "cal", 4), 0);
    release(&f);
}

/*
 * Only January recorded: February and March count as computed now, so only
 * January's differences are trued up.  amy: R(4) 8100.00 - (3000.00 + 1500.00
 * + 2300.00) = 1300.00; cal: 600.00 - (0.00 + 600.00 + 0.00) = 0.00.  Rows of
 * other years and rows after the month are ignored.
 */
static void unrecorded_months(void **state)
{
    (void)state;
    fixture f;
    compute(&f, 4, "period,payee_id,role,component_id,amount\n"
                   "2027-01,amy,ae,base,3000.00\n2027-01,bob,ae,base,2000.01\n"
                   "2026-12,amy,ae,base,99999.00\n2027-06,amy,ae,base,12.00\n");
    assert_int_equal(f.rc, 0);
    assert_int_equal(cents(&f, "amy", 4), 130000);
    assert_int_equal(cents(&f, "bob", 4), 25000);
    /* cal has no January row, but January is recorded: cal was paid 0.00 then, as computed. */
    assert_int_equal(cents(&f, "cal", 4), 0);
    assert_int_equal(f.d.warnings, 0);
    release(&f);
}

/* A paid file that is wrong fails the run with the place of each fault. */
static void errors(void **state)
{
    (void)state;
    fixture f;
    compute(&f, 4, "period,payee_id,role,component_id,amount\n"
                   "2027-01,amy,ae,base,3000.005\n"     /* line 2: below a cent */
                   "2027-13,amy,ae,base,1.00\n"         /* line 3: no such month */
                   "2027-02,bob,ae,base,0.00\n"
                   "2027-02,bob,ae,base,0.00\n"         /* line 5: paid twice */
                   "2027-02,amy,ae,base,abc\n");        /* line 6: not a number */
    assert_int_equal(f.rc, -1);
    assert_int_equal(f.d.errors, 4);
    assert_int_equal(f.d.v[0].line, 2);
    assert_int_equal(f.d.v[0].col, 5);
    assert_int_equal(f.d.v[1].line, 3);
    assert_int_equal(f.d.v[1].col, 1);
    assert_int_equal(f.d.v[2].line, 5);
    assert_non_null(strstr(f.d.v[2].msg, "paid twice (also at line 4)"));
    assert_int_equal(f.d.v[3].line, 6);
    release(&f);
    compute(&f, 4, "period,payee_id,amount\n2027-01,amy,1.00\n");
    assert_int_equal(f.rc, -1);
    assert_int_equal(f.d.errors, 2);  /* role and component_id missing */
    release(&f);
}

/* Rows this run does not pay: one warning for those before the month, at the first. */
static void unmatched_rows(void **state)
{
    (void)state;
    fixture f;
    compute(&f, 4, "period,payee_id,role,component_id,amount\n"
                   "2027-05,zed,ae,base,1.00\n"       /* after April: does not matter */
                   "2027-01,zed,ae,base,1.00\n"       /* line 3: no such payee */
                   "2027-01,amy,am,base,1.00\n"       /* another role */
                   "2027-01,amy,ae,bonus,1.00\n");    /* another component */
    assert_int_equal(f.rc, 0);
    assert_int_equal(f.d.warnings, 1);
    assert_int_equal(f.d.v[0].line, 3);
    assert_non_null(strstr(f.d.v[0].msg, "3 rows before 2027-04"));
    release(&f);
}

/* A payee's earnings slot by id. */
static size_t slot_of(const fixture *f, const char *payee_id)
{
    for (size_t s = 0; s < f->r.earnings.n; s++)
        if (strcmp(f->r.batch.payees[f->r.earnings.v[s].payee].id, payee_id) == 0)
            return s;
    fail_msg("no payee %s", payee_id);
    return 0;
}

/* The payable amount of payee_id's base commission over months first..last, in cents. */
static long period_cents(const fixture *f, const char *payee_id, int first, int last)
{
    mpz_t out;
    mpz_init(out);
    run_payout_period(out, &f->r, slot_of(f, payee_id), 0, first, last);
    long v = mpz_get_si(out);
    mpz_clear(out);
    return v;
}

/* Without --paid: a quarter is the sum of its months, a half of its quarters, the year R(12). */
static void payout_periods(void **state)
{
    (void)state;
    fixture f;
    compute(&f, 4, NULL);
    assert_int_equal(f.rc, 0);
    const char *who[] = {"amy", "bob", "cal"};
    for (size_t i = 0; i < 3; i++) {
        for (int q = 0; q < 4; q++) {
            long sum = 0;
            for (int m = 3 * q + 1; m <= 3 * q + 3; m++) {
                assert_int_equal(cents(&f, who[i], m), period_cents(&f, who[i], m, m));
                sum += cents(&f, who[i], m);
            }
            assert_int_equal(period_cents(&f, who[i], 3 * q + 1, 3 * q + 3), sum);
        }
        assert_int_equal(period_cents(&f, who[i], 1, 6),
                         period_cents(&f, who[i], 1, 3) + period_cents(&f, who[i], 4, 6));
        size_t s = slot_of(&f, who[i]);
        assert_int_equal(period_cents(&f, who[i], 1, 12),
                         mpz_get_si(f.r.earnings.v[s].comp[0].R[12]));
    }
    /* NOTES.md: ledger v2 through March is amy 7100.00, bob 2800.01, cal 600.00. */
    assert_int_equal(period_cents(&f, "amy", 1, 3), 710000);
    assert_int_equal(period_cents(&f, "bob", 1, 3), 280001);
    assert_int_equal(period_cents(&f, "cal", 1, 3), 60000);
    assert_int_equal(period_cents(&f, "amy", 1, 12), 810000);
    release(&f);
}

/* January to March paid as one quarter: the second quarter trues up exactly as April does. */
static const char PAID_Q1[] = "period,payee_id,role,component_id,amount\n"
                              "2027-Q1,amy,ae,base,6500.00\n2027-Q1,bob,ae,base,2750.01\n"
                              "2027-Q1,cal,ae,base,1000.00\n";

static void paid_quarter(void **state)
{
    (void)state;
    fixture f;
    compute_months(&f, 4, 6, PAID_Q1);
    assert_int_equal(f.rc, 0);
    assert_int_equal(period_cents(&f, "amy", 4, 6), 160000);  /* 8100.00 - 6500.00 */
    assert_int_equal(period_cents(&f, "bob", 4, 6), 30000);   /* 3050.01 - 2750.01 */
    assert_int_equal(period_cents(&f, "cal", 4, 6), -40000);  /* 600.00 - 1000.00 */
    /* The quarter's amount counts in its last month; its other months were recorded as paid 0. */
    mpz_t paid;
    mpz_init(paid);
    size_t amy = slot_of(&f, "amy");
    paid_in_month(paid, &f.r.paid, &f.r.earnings, amy, 0, 2);
    assert_int_equal(mpz_get_si(paid), 0);
    paid_in_month(paid, &f.r.paid, &f.r.earnings, amy, 0, 3);
    assert_int_equal(mpz_get_si(paid), 650000);
    assert_int_equal(paid_row_last(&f.r.paid, amy, 0, 1), 3);
    assert_int_equal(paid_row_last(&f.r.paid, amy, 0, 4), 0);
    mpz_clear(paid);
    release(&f);
    /* The same months paid month by month: the same figures. */
    compute_months(&f, 4, 6, PAID);
    assert_int_equal(f.rc, 0);
    assert_int_equal(period_cents(&f, "amy", 4, 6), 160000);
    assert_int_equal(period_cents(&f, "cal", 4, 6), -40000);
    release(&f);
    /* A row for the run's own period is allowed and changes nothing. */
    compute_months(&f, 1, 3, PAID_Q1);
    assert_int_equal(f.rc, 0);
    assert_int_equal(period_cents(&f, "amy", 1, 3), 710000);
    release(&f);
}

/* Period rows that overlap the run's period, or each other, are errors at their line. */
static void paid_period_errors(void **state)
{
    (void)state;
    fixture f;
    compute_months(&f, 4, 6, "period,payee_id,role,component_id,amount\n"
                             "2027-05,amy,ae,base,1.00\n"      /* line 2: inside the run's Q2 */
                             "2027-H1,bob,ae,base,1.00\n"      /* line 3: overlaps Q2 */
                             "2027-Q1,cal,ae,base,1.00\n"
                             "2027-02,cal,ae,base,1.00\n"      /* line 5: inside line 4's Q1 */
                             "2027-Q1,cal,ae,base,1.00\n"      /* line 6: paid twice */
                             "2027-Q3,amy,ae,base,1.00\n"      /* after the run: no matter */
                             "2027-X1,amy,ae,base,1.00\n");    /* line 8: not a period */
    assert_int_equal(f.rc, -1);
    assert_int_equal(f.d.errors, 5);
    assert_int_equal(f.d.v[0].line, 2);
    assert_int_equal(f.d.v[0].col, 1);
    assert_non_null(strstr(f.d.v[0].msg, "period '2027-05' overlaps the period 2027-Q2 of this run"));
    assert_int_equal(f.d.v[1].line, 3);
    assert_int_equal(f.d.v[2].line, 5);
    assert_non_null(strstr(f.d.v[2].msg, "2027-02 cal ae base overlaps 2027-Q1, paid at line 4"));
    assert_int_equal(f.d.v[3].line, 6);
    assert_non_null(strstr(f.d.v[3].msg, "paid twice (also at line 4)"));
    assert_int_equal(f.d.v[4].line, 8);
    assert_non_null(strstr(f.d.v[4].msg, "is not YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY"));
    release(&f);
    /* A year row in a monthly run overlaps it. */
    compute(&f, 4, "period,payee_id,role,component_id,amount\n2027,amy,ae,base,1.00\n");
    assert_int_equal(f.rc, -1);
    assert_non_null(strstr(f.d.v[0].msg, "overlaps the period 2027-04 of this run"));
    release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(april_trues_up),
        cmocka_unit_test(without_paid),
        cmocka_unit_test(unrecorded_months),
        cmocka_unit_test(errors),
        cmocka_unit_test(unmatched_rows),
        cmocka_unit_test(payout_periods),
        cmocka_unit_test(paid_quarter),
        cmocka_unit_test(paid_period_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
