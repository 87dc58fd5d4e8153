/*
 * test_territory.c - territories.csv: coverage by field value and dates,
 * several fields, roles, distinct ascending payees, a cap smaller than the
 * count, empty values, no file; every error at its line and column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "territory.h"
#include "batch_fixture.h"

static const char ROSTER[] = "payee_id,name,role,annual_quota\n"
                             "ann,Ann,ae,1\n"      /* 0 */
                             "sam,Sam,se,\n"       /* 1 */
                             "sue,Sue,se,\n"       /* 2 */
                             "ola,Ola,overlay,\n"  /* 3 */
                             "syd,Syd,se,\n";      /* 4 */
static const char DEALS[] = "deal_id,close_date,amount,closer_id,region,product\n"
                            "D1,2027-03-10,100,ann,EMEA,Pro\n"    /* 0 */
                            "D2,2027-07-01,100,ann,EMEA,Core\n"   /* 1 */
                            "D3,2027-03-10,100,ann,NA,Pro\n"      /* 2 */
                            "D4,2027-03-10,100,ann,,Core\n"       /* 3 */
                            "D5,2027-03-10,100,ann,emea,Other\n"; /* 4 */

static const char TERRITORIES[] = "payee_id,field,value,from,to\n"
                                  "syd,region,EMEA,,\n"
                                  "sam,region,EMEA,2027-01-01,2027-06-30\n"
                                  "sue,product,Pro,,2027-03-10\n"
                                  "sam,product,Pro,,\n"           /* sam twice for D1: once */
                                  "ola,region,EMEA,,\n"
                                  "sue,region,,2027-03-10,\n"      /* empty cells */
                                  "syd,product,Core,2027-07-01,2027-07-01\n";

static void test_coverage(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS, .territories = TERRITORIES};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    assert_int_equal(d.errors, 0);
    uint32_t out[8];
    /* D1: EMEA and Pro on 2027-03-10: syd and sam by region, sue (to = close) and sam by
       product: sam, sue, syd, ascending and distinct. */
    assert_int_equal(territory_covering(&b, 0, "se", out, 8), 3);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 4);
    assert_int_equal(territory_covering(&b, 0, "overlay", out, 8), 1);
    assert_int_equal(out[0], 3);
    assert_int_equal(territory_covering(&b, 0, "ae", out, 8), 0);
    assert_int_equal(territory_covering(&b, 0, "SE", out, 8), 0);  /* roles match exactly */
    /* D2: EMEA in July: sam's row ended in June; syd by region and by Core on the day. */
    assert_int_equal(territory_covering(&b, 1, "se", out, 8), 1);
    assert_int_equal(out[0], 4);
    /* D3: NA, Pro: sue and sam by product. */
    assert_int_equal(territory_covering(&b, 2, "se", out, 8), 2);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    /* D4: an empty region matches sue's empty value (from = close). */
    assert_int_equal(territory_covering(&b, 3, "se", out, 8), 1);
    assert_int_equal(out[0], 2);
    /* D5: values match bytewise: emea is not EMEA. */
    assert_int_equal(territory_covering(&b, 4, "se", out, 8), 0);
    /* Out of range. */
    assert_int_equal(territory_covering(&b, 5, "se", out, 8), 0);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_cap(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS, .territories = TERRITORIES};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    uint32_t out[3] = {99, 99, 99};
    assert_int_equal(territory_covering(&b, 0, "se", out, 2), 3);  /* the count, past cap */
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 99);  /* not written */
    assert_int_equal(territory_covering(&b, 0, "se", NULL, 0), 3);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_no_file(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), 0);
    uint32_t out[2];
    assert_int_equal(territory_covering(&b, 0, "se", out, 2), 0);
    load_batch_free(&b);
    diag_free(&d);
}

static void test_errors(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER,
                 .deals = DEALS,
                 .territories = "payee_id,field,value,from,to\n"
                                "zed,region,EMEA,,\n"
                                "sam,Region,EMEA,,\n"
                                "sam,region,EMEA,2027-13-01,\n"
                                "sam,region,EMEA,,2027/01/01\n"
                                "sam,region,EMEA,2027-02-01,2027-01-31\n"
                                ",region,EMEA,,\n"
                                "sam,region,EMEA,2027-02-01,2027-02-01\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 6);
    fixture_expect(&d, 0, "territories.csv", 2, 1, "payee_id 'zed' is not in the roster");
    fixture_expect(&d, 1, "territories.csv", 3, 2, "field 'Region' is not a column of deals.csv");
    fixture_expect(&d, 2, "territories.csv", 4, 4, "from '2027-13-01' is not a date (YYYY-MM-DD)");
    fixture_expect(&d, 3, "territories.csv", 5, 5, "to '2027/01/01' is not a date (YYYY-MM-DD)");
    fixture_expect(&d, 4, "territories.csv", 6, 5, "to '2027-01-31' is before from '2027-02-01'");
    fixture_expect(&d, 5, "territories.csv", 7, 1, "payee_id is empty");
    load_batch_free(&b);
    diag_free(&d);
}

static void test_missing_column(void **state)
{
    (void)state;
    fixture f = {.roster = ROSTER, .deals = DEALS,
                 .territories = "payee_id,field,value,from\nsam,region,EMEA,\n"};
    batch b;
    diag d;
    assert_int_equal(fixture_load(&b, &d, &f), -1);
    assert_int_equal(d.errors, 1);
    fixture_expect(&d, 0, "territories.csv", 1, 0, "missing column 'to'");
    load_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_missing_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
