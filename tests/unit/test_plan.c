/*
 * test_plan.c - unit tests of the plan loader (include/truce/plan.h).
 *
 * Plans are mostly given in memory, each small enough that the line of every
 * element is plain from the string.  Expected values come from the contract
 * (section 3) worked out by hand: 70% = 7/10, 22.5% = 9/40, and so on.
 * Hostile inputs live in fixtures/plans/hostile/; the examples in
 * rules/examples/ are loaded too, so the documentation cannot rot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "plan.h"
#include "strbuf.h"

#define NAME "plan.xml"

/* Line 1 and 2 of most small plans below; line 3 is the first line after. */
#define HEAD "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
#define CREDIT "<credit><split><closer share=\"100%\"/></split></credit>\n"
#define TAIL "</plan>\n"

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */
/* ------------------------------------------------------------------ */

static plan *load(const char *xml, diag *d)
{
    return plan_load_memory(xml, strlen(xml), NAME, d);
}

/* Asserts q == num/den exactly. */
static void assert_q(const mpq_t q, long num, unsigned long den)
{
    mpq_t want;
    mpq_init(want);
    mpq_set_si(want, num, den);
    mpq_canonicalize(want);
    int eq = mpq_equal(q, want);
    if (!eq)
        gmp_fprintf(stderr, "got %Qd, want %Qd\n", q, want);
    mpq_clear(want);
    assert_true(eq);
}

/* Asserts q == the decimal string s (an integer, or a/b). */
static void assert_q_str(const mpq_t q, const char *s)
{
    mpq_t want;
    mpq_init(want);
    assert_int_equal(mpq_set_str(want, s, 10), 0);
    mpq_canonicalize(want);
    int eq = mpq_equal(q, want);
    if (!eq)
        gmp_fprintf(stderr, "got %Qd, want %Qd\n", q, want);
    mpq_clear(want);
    assert_true(eq);
}

static void print_diag(const diag *d)
{
    diag_print(d, stderr);
}

/* Every message is one clean line: no control characters. */
static void assert_clean_messages(const diag *d)
{
    for (size_t i = 0; i < d->n; i++)
        for (const char *s = d->v[i].msg; *s; s++)
            assert_true((unsigned char)*s >= 0x20 && *s != 0x7f);
}

/* Loads xml, expecting exactly one error: at `line`, with message `msg`. */
static void expect_one_error(const char *xml, long line, const char *msg)
{
    diag d;
    diag_init(&d);
    plan *p = load(xml, &d);
    if (d.errors != 1 || d.n < 1 || d.v[0].line != line || strcmp(d.v[0].msg, msg) != 0) {
        fprintf(stderr, "want %s:%ld: error: %s\n got:\n", NAME, line, msg);
        print_diag(&d);
    }
    assert_null(p);
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.v[0].level, DIAG_ERROR);
    assert_string_equal(d.v[0].file, NAME);
    assert_int_equal(d.v[0].line, line);
    assert_string_equal(d.v[0].msg, msg);
    assert_clean_messages(&d);
    diag_free(&d);
}

/* Loads xml, expecting failure with some error at `line` whose message holds every part. */
static void expect_error_with(const char *xml, long line, const char *part1, const char *part2)
{
    diag d;
    diag_init(&d);
    plan *p = load(xml, &d);
    int found = 0;
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].level == DIAG_ERROR && d.v[i].line == line && strstr(d.v[i].msg, part1) &&
            (!part2 || strstr(d.v[i].msg, part2)))
            found = 1;
    if (!found || p) {
        fprintf(stderr, "want an error at line %ld with '%s' '%s', got:\n", line, part1,
                part2 ? part2 : "");
        print_diag(&d);
    }
    assert_null(p);
    assert_true(found);
    assert_clean_messages(&d);
    diag_free(&d);
}

/* Loads xml, which must succeed with no diagnostics at all. */
static plan *load_ok(const char *xml)
{
    diag d;
    diag_init(&d);
    plan *p = load(xml, &d);
    if (!p || d.n)
        print_diag(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    diag_free(&d);
    return p;
}

/* The repository root, from this file's path (empty: the current directory). */
static char *repo_path(const char *rel)
{
    static const char suffix[] = "tests/unit/test_plan.c";
    const char *f = __FILE__;
    size_t n = strlen(f), m = sizeof suffix - 1;
    size_t root = n >= m && strcmp(f + n - m, suffix) == 0 ? n - m : 0;
    strbuf sb = STRBUF_INIT;
    sb_putn(&sb, f, root);
    sb_puts(&sb, rel);
    return sb_detach(&sb);
}

/* Reads a whole file (test data, small); the caller frees it. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    strbuf sb = STRBUF_INIT;
    char chunk[4096];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_putn(&sb, chunk, r);
    fclose(f);
    *len = sb.len;
    if (!sb.p)
        sb_puts(&sb, "");
    return sb_detach(&sb);
}

/* Writes len bytes to a new temporary file; returns its path (caller unlinks, frees). */
static char *write_temp(const char *data, size_t len)
{
    char *path = xstrdup("/tmp/truce-test-plan-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        assert_true(w > 0);
        off += (size_t)w;
    }
    close(fd);
    return path;
}

/*
 * Asserts that no diagnostic quotes the secret file: neither any of its
 * lines nor the "root:" entry /etc/passwd always has.
 */
static void assert_no_secret(const diag *d, const char *secret_path)
{
    size_t len;
    char *secret = slurp(secret_path, &len);
    for (size_t i = 0; i < d->n; i++) {
        const char *msg = d->v[i].msg;
        assert_null(strstr(msg, "root:"));
        assert_null(strstr(msg, ":/bin/"));
        char *save = NULL;
        char *copy = xstrdup(secret);
        for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
            if (strlen(line) >= 6)
                assert_null(strstr(msg, line));
        free(copy);
    }
    free(secret);
}

/* ------------------------------------------------------------------ */
/* The contract's example plan, every field.                           */
/* ------------------------------------------------------------------ */

/* CONTRACT.md example/plan.xml, byte for byte. */
static const char contract_example[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- Acme's 2027 plan: marketing-sourced deals share credit with the campaigns that sourced them. -->\n"
    "<plan xmlns=\"urn:truce:plan:1\" id=\"acme-2027\" year=\"2027\" currency=\"USD\" rounding=\"half-up\">\n"
    "  <credit>\n"
    "    <split when=\"source = 'marketing'\">\n"
    "      <closer share=\"70%\"/>\n"
    "      <marketing share=\"30%\" model=\"w-shaped\"/>\n"
    "    </split>\n"
    "    <split when=\"source = 'partner' and amount >= 50000\">\n"
    "      <closer share=\"100%\"/>\n"
    "      <marketing share=\"10%\" model=\"u-shaped\"/>\n"
    "    </split>\n"
    "    <split>\n"
    "      <closer share=\"100%\"/>\n"
    "    </split>\n"
    "  </credit>\n"
    "  <role id=\"ae\">\n"
    "    <commission id=\"base\" mode=\"marginal\" cap=\"60000\">\n"
    "      <tier upto=\"50%\" rate=\"4%\"/>\n"
    "      <tier upto=\"100%\" rate=\"8%\"/>\n"
    "      <tier rate=\"12%\"/>\n"
    "    </commission>\n"
    "    <spif id=\"pro-launch\" when=\"product = 'Pro' and type in ('new', 'expansion')\" pay=\"250\" from=\"2027-03-01\" to=\"2027-05-31\"/>\n"
    "  </role>\n"
    "  <role id=\"am\">\n"
    "    <commission id=\"renewals\" mode=\"retroactive\">\n"
    "      <tier upto=\"200000\" rate=\"3%\"/>\n"
    "      <tier rate=\"5%\"/>\n"
    "    </commission>\n"
    "  </role>\n"
    "  <role id=\"marketing\">\n"
    "    <commission id=\"campaign\">\n"
    "      <tier rate=\"5%\"/>\n"
    "    </commission>\n"
    "  </role>\n"
    "</plan>\n";

/*
 * Checks every value of the contract example; lines_exact says whether the
 * element lines are those of the contract's own file (the annotated copy in
 * rules/examples/ has more lines).
 */
static void check_contract_values(const plan *p, int lines_exact)
{
    assert_string_equal(p->id, "acme-2027");
    assert_int_equal(p->year, 2027);
    assert_string_equal(p->currency, "USD");
    assert_int_equal(p->minor_unit, 2);
    assert_int_equal(p->rounding, ROUND_HALF_UP);

    assert_int_equal(p->nsplits, 3);
    const split *s = &p->splits[0];
    assert_non_null(s->when);
    assert_string_equal(expr_source(s->when), "source = 'marketing'");
    assert_true(s->has_closer);
    assert_q(s->closer_share, 7, 10);
    assert_true(s->has_marketing);
    assert_q(s->marketing_share, 3, 10);
    assert_int_equal(s->model, MODEL_W_SHAPED);
    assert_int_equal(s->half_life, 7);
    assert_q(s->weight[POS_FIRST], 3, 10);
    assert_q(s->weight[POS_LEAD], 3, 10);
    assert_q(s->weight[POS_OPPORTUNITY], 3, 10);
    assert_q(s->weight[POS_LAST], 0, 1);
    assert_q(s->weight[POS_MIDDLE], 1, 10);

    s = &p->splits[1];
    assert_string_equal(expr_source(s->when), "source = 'partner' and amount >= 50000");
    assert_true(s->has_closer);
    assert_q(s->closer_share, 1, 1);
    assert_true(s->has_marketing);
    assert_q(s->marketing_share, 1, 10);
    assert_int_equal(s->model, MODEL_U_SHAPED);
    assert_q(s->weight[POS_FIRST], 2, 5);
    assert_q(s->weight[POS_LEAD], 0, 1);
    assert_q(s->weight[POS_OPPORTUNITY], 0, 1);
    assert_q(s->weight[POS_LAST], 2, 5);
    assert_q(s->weight[POS_MIDDLE], 1, 5);

    s = &p->splits[2];
    assert_null(s->when);
    assert_true(s->has_closer);
    assert_q(s->closer_share, 1, 1);
    assert_false(s->has_marketing);

    assert_int_equal(p->nroles, 3);
    const role *r = &p->roles[0];
    assert_string_equal(r->id, "ae");
    assert_int_equal(r->ncomponents, 2);
    const component *c = &r->components[0];
    assert_int_equal(c->kind, COMP_COMMISSION);
    assert_string_equal(c->id, "base");
    assert_false(c->retroactive);
    assert_true(c->has_cap);
    assert_q(c->cap, 60000, 1);
    assert_true(c->upto_percent);
    assert_int_equal(c->ntiers, 3);
    assert_true(c->tiers[0].has_upto);
    assert_q(c->tiers[0].upto, 1, 2);
    assert_q(c->tiers[0].rate, 1, 25);
    assert_true(c->tiers[1].has_upto);
    assert_q(c->tiers[1].upto, 1, 1);
    assert_q(c->tiers[1].rate, 2, 25);
    assert_false(c->tiers[2].has_upto);
    assert_q(c->tiers[2].rate, 3, 25);
    assert_null(c->when);

    c = &r->components[1];
    assert_int_equal(c->kind, COMP_SPIF);
    assert_string_equal(c->id, "pro-launch");
    assert_string_equal(expr_source(c->when), "product = 'Pro' and type in ('new', 'expansion')");
    assert_q(c->pay, 250, 1);
    assert_int_equal(c->from, date_from_ymd(2027, 3, 1));
    assert_int_equal(c->to, date_from_ymd(2027, 5, 31));

    r = &p->roles[1];
    assert_string_equal(r->id, "am");
    assert_int_equal(r->ncomponents, 1);
    c = &r->components[0];
    assert_int_equal(c->kind, COMP_COMMISSION);
    assert_string_equal(c->id, "renewals");
    assert_true(c->retroactive);
    assert_false(c->has_cap);
    assert_false(c->upto_percent);
    assert_int_equal(c->ntiers, 2);
    assert_true(c->tiers[0].has_upto);
    assert_q(c->tiers[0].upto, 200000, 1);
    assert_q(c->tiers[0].rate, 3, 100);
    assert_false(c->tiers[1].has_upto);
    assert_q(c->tiers[1].rate, 1, 20);

    r = &p->roles[2];
    assert_string_equal(r->id, "marketing");
    assert_int_equal(r->ncomponents, 1);
    c = &r->components[0];
    assert_string_equal(c->id, "campaign");
    assert_false(c->retroactive);
    assert_false(c->has_cap);
    assert_int_equal(c->ntiers, 1);
    assert_false(c->tiers[0].has_upto);
    assert_q(c->tiers[0].rate, 1, 20);

    if (!lines_exact)
        return;
    assert_int_equal(p->splits[0].line, 5);
    assert_int_equal(p->splits[0].closer_line, 6);
    assert_int_equal(p->splits[0].marketing_line, 7);
    assert_int_equal(p->splits[1].line, 9);
    assert_int_equal(p->splits[1].closer_line, 10);
    assert_int_equal(p->splits[1].marketing_line, 11);
    assert_int_equal(p->splits[2].line, 13);
    assert_int_equal(p->splits[2].closer_line, 14);
    assert_int_equal(p->roles[0].line, 17);
    assert_int_equal(p->roles[0].components[0].line, 18);
    assert_int_equal(p->roles[0].components[0].tiers[0].line, 19);
    assert_int_equal(p->roles[0].components[0].tiers[1].line, 20);
    assert_int_equal(p->roles[0].components[0].tiers[2].line, 21);
    assert_int_equal(p->roles[0].components[1].line, 23);
    assert_int_equal(p->roles[1].line, 25);
    assert_int_equal(p->roles[1].components[0].line, 26);
    assert_int_equal(p->roles[1].components[0].tiers[0].line, 27);
    assert_int_equal(p->roles[1].components[0].tiers[1].line, 28);
    assert_int_equal(p->roles[2].line, 31);
    assert_int_equal(p->roles[2].components[0].line, 32);
    assert_int_equal(p->roles[2].components[0].tiers[0].line, 33);
}

static void test_contract_example(void **state)
{
    plan *p = load_ok(contract_example);
    assert_string_equal(p->file, NAME);
    check_contract_values(p, 1);
    plan_free(p);
}

static void test_contract_example_from_file(void **state)
{
    char *path = write_temp(contract_example, strlen(contract_example));
    diag d;
    diag_init(&d);
    plan *p = plan_load_file(path, "in/plan.xml", &d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    assert_string_equal(p->file, "in/plan.xml");
    check_contract_values(p, 1);
    plan_free(p);
    diag_free(&d);
    unlink(path);
    free(path);
}

/* ------------------------------------------------------------------ */
/* The annotated examples of rules/examples/.                          */
/* ------------------------------------------------------------------ */

static plan *load_repo_file(const char *rel, diag *d)
{
    char *path = repo_path(rel);
    plan *p = plan_load_file(path, rel, d);
    free(path);
    return p;
}

static void test_example_acme(void **state)
{
    diag d;
    diag_init(&d);
    plan *p = load_repo_file("rules/examples/acme-2027.xml", &d);
    if (!p)
        print_diag(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    check_contract_values(p, 0);
    plan_free(p);
    diag_free(&d);
}

static void test_example_time_decay_custom(void **state)
{
    diag d;
    diag_init(&d);
    plan *p = load_repo_file("rules/examples/time-decay-custom.xml", &d);
    if (!p)
        print_diag(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    assert_string_equal(p->id, "euro-2028");
    assert_int_equal(p->year, 2028);
    assert_string_equal(p->currency, "EUR");
    assert_int_equal(p->minor_unit, 2);
    assert_int_equal(p->rounding, ROUND_HALF_EVEN);
    assert_int_equal(p->nsplits, 5);

    const split *s = &p->splits[0];
    assert_int_equal(s->model, MODEL_TIME_DECAY);
    assert_int_equal(s->half_life, 14);
    assert_q(s->closer_share, 4, 5);
    assert_q(s->marketing_share, 1, 5);
    for (int i = 0; i < POS_COUNT; i++)
        assert_q(s->weight[i], 0, 1);

    s = &p->splits[1];
    assert_int_equal(s->model, MODEL_CUSTOM);
    assert_true(s->has_closer);
    assert_q(s->closer_share, 3, 4);
    assert_q(s->marketing_share, 1, 4);
    assert_q(s->weight[POS_FIRST], 1, 3);
    assert_q(s->weight[POS_LEAD], 0, 1);
    assert_q(s->weight[POS_OPPORTUNITY], 1, 2);
    assert_q(s->weight[POS_LAST], 0, 1);
    assert_q(s->weight[POS_MIDDLE], 1, 10);
    assert_int_equal(s->line, 24);
    assert_int_equal(s->marketing_line, 25);
    assert_int_equal(s->closer_line, 31);

    s = &p->splits[2];
    assert_false(s->has_closer);
    assert_true(s->has_marketing);
    assert_int_equal(s->model, MODEL_LINEAR);
    assert_q(s->marketing_share, 1, 1);

    s = &p->splits[3];
    assert_non_null(s->when);
    assert_false(s->has_closer);
    assert_false(s->has_marketing);

    assert_null(p->splits[4].when);

    assert_int_equal(p->nroles, 2);
    const role *r = plan_find_role(p, "sdr");
    assert_non_null(r);
    assert_int_equal(r->ncomponents, 2);
    assert_q(r->components[0].tiers[0].rate, 1, 40);
    const component *c = &r->components[1];
    assert_int_equal(c->kind, COMP_SPIF);
    assert_null(c->when);
    assert_q(c->pay, 50, 1);
    assert_int_equal(c->from, date_from_ymd(2028, 1, 1));
    assert_int_equal(c->to, date_from_ymd(2028, 12, 31));
    r = plan_find_role(p, "observer");
    assert_non_null(r);
    assert_int_equal(r->ncomponents, 0);
    plan_free(p);
    diag_free(&d);
}

static void test_example_retroactive_amounts(void **state)
{
    diag d;
    diag_init(&d);
    plan *p = load_repo_file("rules/examples/retroactive-amounts.xml", &d);
    if (!p)
        print_diag(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    assert_string_equal(p->currency, "JPY");
    assert_int_equal(p->minor_unit, 0);
    assert_int_equal(p->rounding, ROUND_DOWN);
    const role *r = plan_find_role(p, "rep");
    assert_non_null(r);
    const component *c = &r->components[0];
    assert_true(c->retroactive);
    assert_false(c->upto_percent);
    assert_true(c->has_cap);
    assert_q(c->cap, 5000000, 1);
    assert_int_equal(c->ntiers, 4);
    assert_q(c->tiers[0].upto, 10000000, 1);
    assert_q(c->tiers[0].rate, 1, 50);
    assert_q(c->tiers[1].upto, 25000000, 1);
    assert_q(c->tiers[1].rate, 3, 100);
    assert_q(c->tiers[2].upto, 50000000, 1);
    assert_q(c->tiers[2].rate, 9, 200);
    assert_false(c->tiers[3].has_upto);
    assert_q(c->tiers[3].rate, 3, 50);
    c = &r->components[1];
    assert_q(c->pay, 100000, 3);
    assert_int_equal(c->from, date_from_ymd(2026, 12, 15));
    assert_int_equal(c->to, date_from_ymd(2027, 3, 31));
    plan_free(p);
    diag_free(&d);
}

/* ------------------------------------------------------------------ */
/* Valid plans: defaults, forms, models.                               */
/* ------------------------------------------------------------------ */

static void test_minimal_plan_defaults(void **state)
{
    plan *p = load_ok("<plan xmlns=\"urn:truce:plan:1\" id=\"m\" year=\"2030\" currency=\"USD\">"
                      "<credit><split/></credit></plan>");
    assert_string_equal(p->id, "m");
    assert_int_equal(p->year, 2030);
    assert_int_equal(p->rounding, ROUND_HALF_UP);
    assert_int_equal(p->nsplits, 1);
    assert_int_equal(p->splits[0].line, 1);
    assert_null(p->splits[0].when);
    assert_false(p->splits[0].has_closer);
    assert_false(p->splits[0].has_marketing);
    assert_int_equal(p->nroles, 0);
    assert_null(plan_find_role(p, "ae"));
    plan_free(p);
}

static void test_rounding_names(void **state)
{
    static const struct { const char *name; round_mode mode; } cases[] = {
        {"half-up", ROUND_HALF_UP}, {"half-even", ROUND_HALF_EVEN},
        {"down", ROUND_DOWN}, {"up", ROUND_UP},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\" "
                 "rounding=\"%s\">%s%s", cases[i].name, CREDIT, TAIL);
        plan *p = load_ok(xml);
        assert_int_equal(p->rounding, cases[i].mode);
        plan_free(p);
    }
}

static void test_currency_minor_units(void **state)
{
    static const struct { const char *code; unsigned minor; } cases[] = {
        {"USD", 2}, {"EUR", 2}, {"JPY", 0}, {"KWD", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"%s\">%s%s",
                 cases[i].code, CREDIT, TAIL);
        plan *p = load_ok(xml);
        assert_string_equal(p->currency, cases[i].code);
        assert_int_equal(p->minor_unit, cases[i].minor);
        plan_free(p);
    }
}

static void test_year_bounds_accepted(void **state)
{
    plan *p = load_ok("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"1\" currency=\"USD\">" CREDIT
                      "<role id=\"r\"><spif id=\"s\" pay=\"1\"/></role>" TAIL);
    assert_int_equal(p->year, 1);
    assert_int_equal(p->roles[0].components[0].from, date_from_ymd(1, 1, 1));
    assert_int_equal(p->roles[0].components[0].to, date_from_ymd(1, 12, 31));
    plan_free(p);
    p = load_ok("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"9999\" currency=\"USD\">" CREDIT
                "<role id=\"r\"><spif id=\"s\" pay=\"1\"/></role>" TAIL);
    assert_int_equal(p->year, 9999);
    assert_int_equal(p->roles[0].components[0].to, date_from_ymd(9999, 12, 31));
    plan_free(p);
    /* Leading zeros are only zeros. */
    p = load_ok("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"02027\" currency=\"USD\">" CREDIT TAIL);
    assert_int_equal(p->year, 2027);
    plan_free(p);
}

static void test_number_forms(void **state)
{
    /* Shares, rates and weights take decimals, percentages and fractions. */
    plan *p = load_ok(HEAD
                      "<credit>\n"
                      "<split><closer share=\"0.3\"/><marketing share=\"1/3\" model=\"custom\">"
                      "<weight at=\"first\" value=\"12.5%\"/><weight at=\"last\" value=\"2\"/>"
                      "<weight at=\"middle\" value=\"6/4\"/><weight at=\"lead\" value=\"0\"/>"
                      "<weight at=\"opportunity\" value=\"0.125%\"/></marketing></split>\n"
                      "<split><closer share=\"0\"/><marketing share=\"250%\" model=\"linear\"/></split>\n"
                      "<split><closer share=\"007\"/></split>\n"
                      "</credit>\n"
                      "<role id=\"r\">\n"
                      "<commission id=\"c\" cap=\"1000/3\"><tier upto=\"1/3\" rate=\"1/7\"/>"
                      "<tier upto=\"0.34\" rate=\"0.05\"/><tier upto=\"12.5\" rate=\"150%\"/>"
                      "<tier rate=\"0\"/></commission>\n"
                      "<commission id=\"d\" cap=\"99.95\"><tier rate=\"1\"/></commission>\n"
                      "<spif id=\"s\" pay=\"0.5\"/><spif id=\"u\" pay=\"7/2\"/>\n"
                      "</role>\n" TAIL);
    const split *s = &p->splits[0];
    assert_q(s->closer_share, 3, 10);
    assert_q(s->marketing_share, 1, 3);
    assert_q(s->weight[POS_FIRST], 1, 8);
    assert_q(s->weight[POS_LAST], 2, 1);
    assert_q(s->weight[POS_MIDDLE], 3, 2);
    assert_q(s->weight[POS_LEAD], 0, 1);
    assert_q(s->weight[POS_OPPORTUNITY], 1, 800);
    assert_q(p->splits[1].closer_share, 0, 1);
    assert_q(p->splits[1].marketing_share, 5, 2);
    assert_q(p->splits[2].closer_share, 7, 1);
    const component *c = &p->roles[0].components[0];
    assert_q(c->cap, 1000, 3);
    assert_false(c->upto_percent);
    assert_q(c->tiers[0].upto, 1, 3);
    assert_q(c->tiers[0].rate, 1, 7);
    assert_q(c->tiers[1].upto, 17, 50);
    assert_q(c->tiers[1].rate, 1, 20);
    assert_q(c->tiers[2].upto, 25, 2);
    assert_q(c->tiers[2].rate, 3, 2);
    assert_q(c->tiers[3].rate, 0, 1);
    assert_q(p->roles[0].components[1].cap, 1999, 20);
    assert_q(p->roles[0].components[2].pay, 1, 2);
    assert_q(p->roles[0].components[3].pay, 7, 2);
    plan_free(p);
}

static void test_large_exact_numbers(void **state)
{
    /* 40 digits is the most a number may have; it must be read exactly. */
    plan *p = load_ok(HEAD CREDIT
                      "<role id=\"r\"><commission id=\"c\" cap=\"1234567890123456789012345678901234567890\">"
                      "<tier upto=\"12345678901234567890/98765432109876543210\" rate=\"1\"/>"
                      "<tier rate=\"0.000000000000000000000000000000000000001\"/></commission></role>\n" TAIL);
    const component *c = &p->roles[0].components[0];
    assert_q_str(c->cap, "1234567890123456789012345678901234567890");
    assert_q_str(c->tiers[0].upto, "12345678901234567890/98765432109876543210");
    assert_q_str(c->tiers[1].rate, "1/1000000000000000000000000000000000000000");
    plan_free(p);
}

/* The weights contract 3.2's table gives each model, worked out as fractions. */
static void test_model_weights(void **state)
{
    static const struct {
        const char *name;
        attribution_model model;
        long w[POS_COUNT][2]; /* first, lead, opportunity, last, middle as num/den */
    } cases[] = {
        {"linear", MODEL_LINEAR, {{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
        {"time-decay", MODEL_TIME_DECAY, {{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
        {"first-touch", MODEL_FIRST_TOUCH, {{1, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
        {"last-touch", MODEL_LAST_TOUCH, {{0, 1}, {0, 1}, {0, 1}, {1, 1}, {0, 1}}},
        {"lead-creation", MODEL_LEAD_CREATION, {{0, 1}, {1, 1}, {0, 1}, {0, 1}, {0, 1}}},
        {"u-shaped", MODEL_U_SHAPED, {{40, 100}, {0, 1}, {0, 1}, {40, 100}, {20, 100}}},
        {"w-shaped", MODEL_W_SHAPED, {{30, 100}, {30, 100}, {30, 100}, {0, 1}, {10, 100}}},
        {"full-path", MODEL_FULL_PATH, {{225, 1000}, {225, 1000}, {225, 1000}, {225, 1000}, {100, 1000}}},
        {"j-shaped", MODEL_J_SHAPED, {{20, 100}, {0, 1}, {0, 1}, {60, 100}, {20, 100}}},
        {"inverse-j", MODEL_INVERSE_J, {{60, 100}, {0, 1}, {0, 1}, {20, 100}, {20, 100}}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 HEAD "<credit><split><marketing share=\"1\" model=\"%s\"/></split></credit>" TAIL,
                 cases[i].name);
        plan *p = load_ok(xml);
        const split *s = &p->splits[0];
        assert_int_equal(s->model, cases[i].model);
        assert_string_equal(attribution_model_name(s->model), cases[i].name);
        mpq_t sum;
        mpq_init(sum);
        for (int k = 0; k < POS_COUNT; k++) {
            assert_q(s->weight[k], cases[i].w[k][0], (unsigned long)cases[i].w[k][1]);
            mpq_add(sum, sum, s->weight[k]);
        }
        /* The position models' weights add up to 1; linear and time-decay have none. */
        assert_q(sum, i < 2 ? 0 : 1, 1);
        mpq_clear(sum);
        plan_free(p);
    }
}

static void test_model_names(void **state)
{
    assert_string_equal(attribution_model_name(MODEL_LINEAR), "linear");
    assert_string_equal(attribution_model_name(MODEL_TIME_DECAY), "time-decay");
    assert_string_equal(attribution_model_name(MODEL_FIRST_TOUCH), "first-touch");
    assert_string_equal(attribution_model_name(MODEL_LAST_TOUCH), "last-touch");
    assert_string_equal(attribution_model_name(MODEL_LEAD_CREATION), "lead-creation");
    assert_string_equal(attribution_model_name(MODEL_U_SHAPED), "u-shaped");
    assert_string_equal(attribution_model_name(MODEL_W_SHAPED), "w-shaped");
    assert_string_equal(attribution_model_name(MODEL_FULL_PATH), "full-path");
    assert_string_equal(attribution_model_name(MODEL_J_SHAPED), "j-shaped");
    assert_string_equal(attribution_model_name(MODEL_INVERSE_J), "inverse-j");
    assert_string_equal(attribution_model_name(MODEL_CUSTOM), "custom");
    assert_string_equal(attribution_model_name((attribution_model)99), "?");
}

static void test_half_life_values(void **state)
{
    static const struct { const char *attr; long days; } cases[] = {
        {"", 7}, {" half-life=\"1\"", 1}, {" half-life=\"007\"", 7},
        {" half-life=\"30\"", 30}, {" half-life=\"999999999\"", 999999999},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 HEAD "<credit><split><marketing share=\"1\" model=\"time-decay\"%s/></split></credit>" TAIL,
                 cases[i].attr);
        plan *p = load_ok(xml);
        assert_int_equal(p->splits[0].model, MODEL_TIME_DECAY);
        assert_int_equal(p->splits[0].half_life, cases[i].days);
        plan_free(p);
    }
}

static void test_custom_single_weight_and_zero_weights(void **state)
{
    plan *p = load_ok(HEAD "<credit><split><marketing share=\"1\" model=\"custom\">"
                      "<weight at=\"middle\" value=\"0\"/></marketing></split></credit>" TAIL);
    assert_int_equal(p->splits[0].model, MODEL_CUSTOM);
    for (int k = 0; k < POS_COUNT; k++)
        assert_q(p->splits[0].weight[k], 0, 1);
    plan_free(p);
}

static void test_marketing_before_closer(void **state)
{
    plan *p = load_ok(HEAD "<credit>\n<split>\n<marketing share=\"25%\" model=\"last-touch\"/>\n"
                      "<closer share=\"75%\"/>\n</split>\n</credit>\n" TAIL);
    const split *s = &p->splits[0];
    assert_true(s->has_closer);
    assert_true(s->has_marketing);
    assert_q(s->closer_share, 3, 4);
    assert_q(s->marketing_share, 1, 4);
    assert_int_equal(s->line, 3);
    assert_int_equal(s->marketing_line, 4);
    assert_int_equal(s->closer_line, 5);
    plan_free(p);
}

static void test_components_in_plan_order(void **state)
{
    plan *p = load_ok(HEAD CREDIT
                      "<role id=\"r\">\n"
                      "<spif id=\"s1\" pay=\"1\"/>\n"
                      "<commission id=\"c1\"><tier rate=\"1%\"/></commission>\n"
                      "<spif id=\"s2\" pay=\"2\" from=\"2027-07-04\"/>\n"
                      "<commission id=\"c2\" mode=\"retroactive\"><tier rate=\"2%\"/></commission>\n"
                      "</role>\n" TAIL);
    const role *r = &p->roles[0];
    assert_int_equal(r->ncomponents, 4);
    assert_string_equal(r->components[0].id, "s1");
    assert_int_equal(r->components[0].kind, COMP_SPIF);
    assert_int_equal(r->components[0].line, 4);
    assert_string_equal(r->components[1].id, "c1");
    assert_int_equal(r->components[1].kind, COMP_COMMISSION);
    assert_false(r->components[1].retroactive);
    assert_string_equal(r->components[2].id, "s2");
    assert_int_equal(r->components[2].from, date_from_ymd(2027, 7, 4));
    assert_int_equal(r->components[2].to, date_from_ymd(2027, 12, 31));
    assert_string_equal(r->components[3].id, "c2");
    assert_true(r->components[3].retroactive);
    assert_int_equal(r->components[3].line, 7);
    plan_free(p);
}

static void test_spif_dates_edges(void **state)
{
    /* One-day window, a leap day, and dates outside the plan year are all fine. */
    plan *p = load_ok(HEAD CREDIT
                      "<role id=\"r\">"
                      "<spif id=\"a\" pay=\"1\" from=\"2027-06-15\" to=\"2027-06-15\"/>"
                      "<spif id=\"b\" pay=\"1\" from=\"2028-02-29\" to=\"2028-02-29\"/>"
                      "<spif id=\"c\" pay=\"1\" from=\"2026-12-01\" to=\"2028-01-31\"/>"
                      "<spif id=\"d\" pay=\"1\" to=\"2027-01-01\"/>"
                      "</role>" TAIL);
    const component *c = p->roles[0].components;
    assert_int_equal(c[0].from, date_from_ymd(2027, 6, 15));
    assert_int_equal(c[0].to, date_from_ymd(2027, 6, 15));
    assert_int_equal(c[1].from, date_from_ymd(2028, 2, 29));
    assert_int_equal(c[2].from, date_from_ymd(2026, 12, 1));
    assert_int_equal(c[2].to, date_from_ymd(2028, 1, 31));
    assert_int_equal(c[3].from, date_from_ymd(2027, 1, 1));
    assert_int_equal(c[3].to, date_from_ymd(2027, 1, 1));
    plan_free(p);
}

static void test_same_component_id_in_two_roles(void **state)
{
    plan *p = load_ok(HEAD CREDIT
                      "<role id=\"a\"><commission id=\"x\"><tier rate=\"1%\"/></commission></role>"
                      "<role id=\"b\"><commission id=\"x\"><tier rate=\"2%\"/></commission></role>"
                      "<role id=\"A\"/>" TAIL);
    assert_int_equal(p->nroles, 3);
    /* Ids are compared exactly: "A" is not "a". */
    assert_ptr_equal(plan_find_role(p, "a"), &p->roles[0]);
    assert_ptr_equal(plan_find_role(p, "b"), &p->roles[1]);
    assert_ptr_equal(plan_find_role(p, "A"), &p->roles[2]);
    assert_null(plan_find_role(p, "B"));
    assert_null(plan_find_role(p, ""));
    plan_free(p);
}

static void test_comments_pis_whitespace(void **state)
{
    plan *p = load_ok("<?xml version=\"1.0\"?>\n<!-- c -->\n<?app data?>\n"
                      "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
                      "  <!-- c --> <credit> <?pi?> <split>\n"
                      "  <!-- inside --> <closer share=\"1\"/> </split> </credit>\n"
                      "  <role id=\"r\"> <!-- c --> <commission id=\"c\"> <!-- c --> <tier rate=\"1\"/> </commission> </role>\n"
                      "</plan>\n<!-- after -->\n");
    assert_int_equal(p->nsplits, 1);
    assert_int_equal(p->splits[0].line, 5);
    assert_int_equal(p->roles[0].components[0].ntiers, 1);
    plan_free(p);
}

static void test_entities_and_char_refs_decoded(void **state)
{
    /* The predefined entities and character references need no DOCTYPE. */
    plan *p = load_ok("<plan xmlns=\"urn:truce:plan:1\" id=\"&#x41;cme\" year=\"2027\" currency=\"USD\">"
                      "<credit><split when=\"amount &gt;= 5 and region = &apos;EU&apos; and x &lt; 2\">"
                      "<closer share=\"1&#x30;%\"/></split></credit>" TAIL);
    assert_string_equal(p->id, "Acme");
    assert_string_equal(expr_source(p->splits[0].when), "amount >= 5 and region = 'EU' and x < 2");
    assert_q(p->splits[0].closer_share, 1, 10);
    plan_free(p);
}

static void test_prefixed_namespace(void **state)
{
    plan *p = load_ok("<t:plan xmlns:t=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">"
                      "<t:credit><t:split><t:closer share=\"1\"/></t:split></t:credit>"
                      "<t:role id=\"r\"/></t:plan>");
    assert_int_equal(p->nroles, 1);
    plan_free(p);
}

static void test_utf8_bom(void **state)
{
    plan *p = load_ok("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" HEAD CREDIT TAIL);
    assert_string_equal(p->id, "t");
    plan_free(p);
}

static void test_lines_past_65535(void **state)
{
    /* Without XML_PARSE_BIG_LINES libxml2 would say 65535 for all of these. */
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, HEAD CREDIT);
    for (int i = 0; i < 70000; i++)
        sb_putc(&sb, '\n');
    sb_puts(&sb, "<role id=\"r\">\n<commission id=\"c\"><tier rate=\"1\"/></commission>\n</role>\n" TAIL);
    plan *p = load_ok(sb.p);
    assert_int_equal(p->roles[0].line, 70003);
    assert_int_equal(p->roles[0].components[0].line, 70004);
    assert_int_equal(p->roles[0].components[0].tiers[0].line, 70004);
    plan_free(p);

    /* Errors too: a semantic one and a schema one. */
    sb_reset(&sb);
    sb_puts(&sb, HEAD CREDIT);
    for (int i = 0; i < 70000; i++)
        sb_putc(&sb, '\n');
    sb_puts(&sb, "<role id=\"r\"/>\n<role id=\"r\"/>\n" TAIL);
    expect_one_error(sb.p, 70004, "duplicate role id 'r' (first at line 70003)");
    sb_reset(&sb);
    sb_puts(&sb, HEAD CREDIT);
    for (int i = 0; i < 70000; i++)
        sb_putc(&sb, '\n');
    sb_puts(&sb, "<role id=\"r\"><bonus/></role>\n" TAIL);
    expect_error_with(sb.p, 70003, "<bonus>", NULL);
    sb_free(&sb);
}

static void test_xml_warning_does_not_fail(void **state)
{
    /* libxml2 warns about XML 1.1 but parses it: a warning, and the plan loads. */
    diag d;
    diag_init(&d);
    const char *xml = "<?xml version=\"1.1\"?>\n" HEAD CREDIT TAIL;
    plan *p = load(xml, &d);
    assert_non_null(p);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 1);
    assert_int_equal(d.v[0].level, DIAG_WARNING);
    assert_int_equal(d.v[0].line, 1);
    assert_non_null(strstr(d.v[0].msg, "1.1"));
    plan_free(p);
    diag_free(&d);
}

static void test_earlier_errors_do_not_fail_load(void **state)
{
    /* The diag may already hold other files' errors; only this load's count. */
    diag d;
    diag_init(&d);
    diag_error(&d, "deals.csv", 3, 1, "earlier");
    plan *p = load(contract_example, &d);
    assert_non_null(p);
    assert_int_equal(d.errors, 1);
    plan_free(p);
    diag_free(&d);
}

static void test_plan_free_null(void **state)
{
    plan_free(NULL);
}

static void test_name_null_defaults(void **state)
{
    diag d;
    diag_init(&d);
    plan *p = plan_load_memory(contract_example, strlen(contract_example), NULL, &d);
    assert_non_null(p);
    assert_non_null(p->file);
    plan_free(p);
    diag_free(&d);
}

/* ------------------------------------------------------------------ */
/* Semantic errors: one small plan each, message and line.             */
/* ------------------------------------------------------------------ */

static void test_unknown_currency(void **state)
{
    expect_one_error("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"XYZ\">\n" CREDIT TAIL,
                     1, "unknown currency 'XYZ'");
}

static void test_year_out_of_range(void **state)
{
    expect_one_error("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"0\" currency=\"USD\">\n" CREDIT TAIL,
                     1, "year '0' is not between 1 and 9999");
    expect_one_error("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"10000\" currency=\"USD\">\n" CREDIT TAIL,
                     1, "year '10000' is not between 1 and 9999");
    expect_one_error("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"0000\" currency=\"USD\">\n" CREDIT TAIL,
                     1, "year '0000' is not between 1 and 9999");
    /* Far past any integer type: must not wrap around into range. */
    expect_one_error("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"18446744073709553643\" currency=\"USD\">\n"
                     CREDIT TAIL, 1, "year '18446744073709553643' is not between 1 and 9999");
}

static void test_zero_denominator(void **state)
{
    expect_one_error(HEAD "<credit>\n<split><closer share=\"1/0\"/></split>\n</credit>\n" TAIL,
                     3, "share '1/0' has a zero denominator");
    expect_one_error(HEAD "<credit>\n<split>\n<marketing share=\"0/00\" model=\"linear\"/></split>\n</credit>\n" TAIL,
                     4, "share '0/00' has a zero denominator");
    expect_one_error(HEAD CREDIT "<role id=\"r\"><commission id=\"c\">\n<tier rate=\"3/0\"/></commission></role>\n" TAIL,
                     4, "rate '3/0' has a zero denominator");
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\" cap=\"5/0\"><tier rate=\"1\"/></commission></role>\n" TAIL,
                     4, "cap '5/0' has a zero denominator");
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"1/0\"/></role>\n" TAIL,
                     4, "pay '1/0' has a zero denominator");
    expect_one_error(HEAD CREDIT "<role id=\"r\"><commission id=\"c\">\n<tier upto=\"1/0\" rate=\"1\"/><tier rate=\"1\"/></commission></role>\n" TAIL,
                     4, "upto '1/0' has a zero denominator");
    expect_one_error(HEAD "<credit><split><marketing share=\"1\" model=\"custom\">\n"
                     "<weight at=\"first\" value=\"2/0\"/></marketing></split></credit>\n" TAIL,
                     3, "value '2/0' has a zero denominator");
}

static void test_too_many_digits(void **state)
{
    /* 41 digits, one past MONEY_MAX_DIGITS. */
    expect_one_error(HEAD CREDIT "<role id=\"r\"><commission id=\"c\">\n"
                     "<tier rate=\"10000000000000000000000000000000000000000\"/></commission></role>\n" TAIL,
                     4, "rate '10000000000000000000000000000000000000000' has more than 40 digits");
    /* A long value is quoted up to 60 bytes only. */
    char xml[1024];
    char digits[201];
    memset(digits, '9', 200);
    digits[200] = '\0';
    snprintf(xml, sizeof xml, HEAD "<credit><split>\n<closer share=\"%s\"/></split></credit>\n" TAIL, digits);
    char msg[256];
    snprintf(msg, sizeof msg, "share '%.60s...' has more than 40 digits", digits);
    expect_one_error(xml, 3, msg);
}

static void test_tier_limits_mixed(void **state)
{
    expect_one_error(HEAD CREDIT
                     "<role id=\"r\">\n"
                     "<commission id=\"c\">\n"
                     "<tier upto=\"50%\" rate=\"1%\"/>\n"
                     "<tier upto=\"1000\" rate=\"2%\"/>\n"
                     "<tier rate=\"3%\"/>\n"
                     "</commission>\n</role>\n" TAIL,
                     6, "the limits of commission 'c' mix percentages and amounts");
    /* Amounts first, then a percentage; reported once even when it goes on. */
    expect_one_error(HEAD CREDIT
                     "<role id=\"r\">\n"
                     "<commission id=\"c\">\n"
                     "<tier upto=\"1000\" rate=\"1%\"/>\n"
                     "<tier upto=\"50%\" rate=\"2%\"/>\n"
                     "<tier upto=\"60%\" rate=\"2%\"/>\n"
                     "<tier upto=\"2000\" rate=\"2%\"/>\n"
                     "<tier rate=\"3%\"/>\n"
                     "</commission>\n</role>\n" TAIL,
                     6, "the limits of commission 'c' mix percentages and amounts");
}

static void test_tier_limit_zero(void **state)
{
    static const char *const zeros[] = {"0", "0%", "0.0", "0/5", "000"};
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 "%s%s<role id=\"r\">\n<commission id=\"c\">\n<tier upto=\"%s\" rate=\"1%%\"/>\n"
                 "<tier rate=\"2%%\"/>\n</commission>\n</role>\n%s", HEAD, CREDIT, zeros[i], TAIL);
        expect_one_error(xml, 5, "tier limit must be above zero");
    }
}

static void test_tier_limits_not_increasing(void **state)
{
    /* Equal, as percentages. */
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\">\n"
                     "<tier upto=\"100%\" rate=\"1%\"/>\n<tier upto=\"100%\" rate=\"2%\"/>\n<tier rate=\"3%\"/>\n"
                     "</commission>\n</role>\n" TAIL,
                     6, "tier limit is not above the previous limit (line 5)");
    /* Equal, written differently: 1/2 is 0.5 exactly. */
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\">\n"
                     "<tier upto=\"1/2\" rate=\"1%\"/>\n<tier upto=\"0.5\" rate=\"2%\"/>\n<tier rate=\"3%\"/>\n"
                     "</commission>\n</role>\n" TAIL,
                     6, "tier limit is not above the previous limit (line 5)");
    /* Decreasing amounts. */
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\">\n"
                     "<tier upto=\"200\" rate=\"1%\"/>\n<tier upto=\"100\" rate=\"2%\"/>\n<tier rate=\"3%\"/>\n"
                     "</commission>\n</role>\n" TAIL,
                     6, "tier limit is not above the previous limit (line 5)");
    /* 50% then 0.4%: percentages compare by value, not by text. */
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\">\n"
                     "<tier upto=\"50%\" rate=\"1%\"/>\n<tier upto=\"60%\" rate=\"1%\"/>\n"
                     "<tier upto=\"0.4%\" rate=\"2%\"/>\n<tier rate=\"3%\"/>\n"
                     "</commission>\n</role>\n" TAIL,
                     7, "tier limit is not above the previous limit (line 6)");
}

static void test_last_tier_has_upto(void **state)
{
    /* A single tier with a limit: there is nothing above it. */
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\">\n<tier upto=\"10\" rate=\"1%\"/>\n"
                     "</commission>\n</role>\n" TAIL,
                     5, "the last tier of commission 'c' must not have upto");
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\">\n<tier upto=\"10\" rate=\"1%\"/>\n"
                     "<tier upto=\"20\" rate=\"1%\"/>\n</commission>\n</role>\n" TAIL,
                     6, "the last tier of commission 'c' must not have upto");
}

static void test_middle_tier_without_upto(void **state)
{
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\">\n"
                     "<tier upto=\"10\" rate=\"1%\"/>\n<tier rate=\"2%\"/>\n<tier rate=\"3%\"/>\n"
                     "</commission>\n</role>\n" TAIL,
                     6, "only the last tier of commission 'c' may omit upto");
}

static void test_tier_errors_reported_together(void **state)
{
    /* The first tier lacks upto, the last has one: both are reported. */
    diag d;
    diag_init(&d);
    plan *p = load(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\">\n"
                   "<tier rate=\"1%\"/>\n<tier upto=\"10\" rate=\"2%\"/>\n"
                   "</commission>\n</role>\n" TAIL, &d);
    assert_null(p);
    assert_int_equal(d.errors, 2);
    assert_int_equal(d.v[0].line, 5);
    assert_string_equal(d.v[0].msg, "only the last tier of commission 'c' may omit upto");
    assert_int_equal(d.v[1].line, 6);
    assert_string_equal(d.v[1].msg, "the last tier of commission 'c' must not have upto");
    diag_free(&d);
}

static void test_when_does_not_compile(void **state)
{
    /* '?' is no token of the language, at column 12 of the expression. */
    diag d;
    diag_init(&d);
    plan *p = load(HEAD "<credit>\n<split when=\"amount = 5 ?\"><closer share=\"1\"/></split>\n</credit>\n" TAIL, &d);
    assert_null(p);
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.v[0].line, 3);
    assert_int_equal(d.v[0].col, 0);
    const char *msg = d.v[0].msg;
    assert_int_equal(strncmp(msg, "when: ", 6), 0);
    const char *tail = " at column 12";
    assert_true(strlen(msg) > strlen(tail));
    assert_string_equal(msg + strlen(msg) - strlen(tail), tail);
    diag_free(&d);

    /* An empty `when` is an error (contract 3.5), for a split and a spif. */
    expect_error_with(HEAD "<credit>\n<split when=\"\"/>\n</credit>\n" TAIL, 3, "when: ", NULL);
    expect_error_with(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"1\" when=\"region = \"/>\n</role>\n" TAIL,
                      4, "when: ", NULL);
}

static void test_duplicate_role(void **state)
{
    expect_one_error(HEAD CREDIT "<role id=\"a\"/>\n<role id=\"b\"/>\n<role id=\"a\"/>\n" TAIL,
                     5, "duplicate role id 'a' (first at line 3)");
    /* Every repeat names the first. */
    diag d;
    diag_init(&d);
    assert_null(load(HEAD CREDIT "<role id=\"a\"/>\n<role id=\"a\"/>\n<role id=\"a\"/>\n" TAIL, &d));
    assert_int_equal(d.errors, 2);
    assert_int_equal(d.v[0].line, 4);
    assert_string_equal(d.v[0].msg, "duplicate role id 'a' (first at line 3)");
    assert_int_equal(d.v[1].line, 5);
    assert_string_equal(d.v[1].msg, "duplicate role id 'a' (first at line 3)");
    diag_free(&d);
}

static void test_many_roles_duplicate_found(void **state)
{
    /* 20000 roles: the duplicate check must not be quadratic, and must still work. */
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, HEAD CREDIT);
    for (int i = 0; i < 20000; i++)
        sb_printf(&sb, "<role id=\"r%d\"/>\n", i);
    sb_puts(&sb, "<role id=\"r12345\"/>\n" TAIL);
    expect_one_error(sb.p, 20003, "duplicate role id 'r12345' (first at line 12348)");
    sb_free(&sb);
}

static void test_duplicate_component(void **state)
{
    /* Commissions and spifs share one namespace per role. */
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n"
                     "<commission id=\"x\"><tier rate=\"1%\"/></commission>\n"
                     "<spif id=\"x\" pay=\"1\"/>\n"
                     "</role>\n" TAIL,
                     5, "duplicate component id 'x' in role 'r' (first at line 4)");
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n"
                     "<spif id=\"x\" pay=\"1\"/>\n<spif id=\"y\" pay=\"1\"/>\n<spif id=\"x\" pay=\"2\"/>\n"
                     "</role>\n" TAIL,
                     6, "duplicate component id 'x' in role 'r' (first at line 4)");
}

static void test_custom_position_twice(void **state)
{
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"custom\">\n"
                     "<weight at=\"first\" value=\"1\"/>\n<weight at=\"last\" value=\"1\"/>\n"
                     "<weight at=\"first\" value=\"2\"/>\n</marketing></split></credit>\n" TAIL,
                     6, "custom model weighs position 'first' twice (first at line 4)");
}

static void test_custom_without_weights(void **state)
{
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"custom\"/>\n</split></credit>\n" TAIL,
                     3, "a custom model needs at least one <weight>");
}

static void test_weight_on_fixed_model(void **state)
{
    /* Reported once, at the first <weight>. */
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"u-shaped\">\n"
                     "<weight at=\"first\" value=\"1\"/>\n<weight at=\"last\" value=\"1\"/>\n"
                     "</marketing></split></credit>\n" TAIL,
                     4, "<weight> is allowed only with model custom, not u-shaped");
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"linear\">\n"
                     "<weight at=\"middle\" value=\"1\"/>\n</marketing></split></credit>\n" TAIL,
                     4, "<weight> is allowed only with model custom, not linear");
}

static void test_half_life_errors(void **state)
{
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"linear\" half-life=\"7\"/>\n"
                     "</split></credit>\n" TAIL,
                     3, "half-life is allowed only with model time-decay, not linear");
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"custom\" half-life=\"7\">"
                     "<weight at=\"first\" value=\"1\"/></marketing>\n</split></credit>\n" TAIL,
                     3, "half-life is allowed only with model time-decay, not custom");
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"time-decay\" half-life=\"0\"/>\n"
                     "</split></credit>\n" TAIL,
                     3, "half-life must be at least 1 day");
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"time-decay\" half-life=\"000\"/>\n"
                     "</split></credit>\n" TAIL,
                     3, "half-life must be at least 1 day");
    expect_one_error(HEAD "<credit><split>\n<marketing share=\"1\" model=\"time-decay\" half-life=\"1000000000\"/>\n"
                     "</split></credit>\n" TAIL,
                     3, "half-life '1000000000' is not a whole number of days from 1 to 999999999");
}

static void test_spif_from_after_to(void **state)
{
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"10\" from=\"2027-06-01\" to=\"2027-05-31\"/>\n"
                     "</role>\n" TAIL,
                     4, "spif 's' starts (2027-06-01) after it ends (2027-05-31)");
    /* Against the defaults: the plan year's last and first day. */
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"10\" from=\"2028-01-01\"/>\n</role>\n" TAIL,
                     4, "spif 's' starts (2028-01-01) after it ends (2027-12-31)");
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"10\" to=\"2026-12-31\"/>\n</role>\n" TAIL,
                     4, "spif 's' starts (2027-01-01) after it ends (2026-12-31)");
}

static void test_spif_not_a_date(void **state)
{
    /* 2027 is not a leap year. */
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"10\" from=\"2027-02-29\"/>\n</role>\n" TAIL,
                     4, "from '2027-02-29' is not a real date (YYYY-MM-DD)");
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"10\" to=\"2027-13-01\"/>\n</role>\n" TAIL,
                     4, "to '2027-13-01' is not a real date (YYYY-MM-DD)");
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"10\" to=\"0000-01-01\"/>\n</role>\n" TAIL,
                     4, "to '0000-01-01' is not a real date (YYYY-MM-DD)");
    expect_one_error(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"10\" from=\"2027-04-31\"/>\n</role>\n" TAIL,
                     4, "from '2027-04-31' is not a real date (YYYY-MM-DD)");
}

static void test_errors_all_reported(void **state)
{
    /* One load lists every problem, in document order. */
    diag d;
    diag_init(&d);
    plan *p = load("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"XYZ\">\n"
                   "<credit><split><closer share=\"1/0\"/></split></credit>\n"
                   "<role id=\"a\"/>\n"
                   "<role id=\"a\">\n"
                   "<spif id=\"s\" pay=\"1\" from=\"2027-05-01\" to=\"2027-04-01\"/>\n"
                   "</role>\n" TAIL, &d);
    assert_null(p);
    assert_int_equal(d.errors, 4);
    assert_int_equal(d.v[0].line, 1);
    assert_string_equal(d.v[0].msg, "unknown currency 'XYZ'");
    assert_int_equal(d.v[1].line, 2);
    assert_string_equal(d.v[1].msg, "share '1/0' has a zero denominator");
    assert_int_equal(d.v[2].line, 5);
    assert_string_equal(d.v[2].msg, "spif 's' starts (2027-05-01) after it ends (2027-04-01)");
    assert_int_equal(d.v[3].line, 4);
    assert_string_equal(d.v[3].msg, "duplicate role id 'a' (first at line 3)");
    diag_free(&d);
}

/* ------------------------------------------------------------------ */
/* Schema errors.                                                      */
/* ------------------------------------------------------------------ */

static void test_schema_unknown_element(void **state)
{
    expect_error_with(HEAD CREDIT "<role id=\"r\">\n<quota-relief id=\"b\"/>\n</role>\n" TAIL, 4, "<quota-relief>", "does not belong here");
    expect_error_with(HEAD CREDIT "<extra/>\n" TAIL, 3, "<extra>", "does not belong here");
    /* A known element in the wrong place. */
    expect_error_with(HEAD CREDIT "<role id=\"r\">\n<tier rate=\"1\"/>\n</role>\n" TAIL, 4, "<tier>", "does not belong here");
    expect_error_with(HEAD "<role id=\"r\"/>\n" CREDIT TAIL, 2, "<role>", NULL);
}

static void test_schema_unknown_attribute(void **state)
{
    expect_error_with(HEAD "<credit><split>\n<closer share=\"1\" extra=\"x\"/>\n</split></credit>\n" TAIL,
                      3, "'extra'", "has no attribute");
    expect_error_with("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\" owner=\"x\">\n"
                      CREDIT TAIL, 1, "\'owner\'", "has no attribute");
    /* Attributes in another namespace are unknown too. */
    expect_error_with("<plan xmlns=\"urn:truce:plan:1\" xmlns:q=\"urn:q\" q:x=\"1\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
                      CREDIT TAIL, 1, "x", "has no attribute");
    expect_error_with("<plan xmlns=\"urn:truce:plan:1\" xml:lang=\"en\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
                      CREDIT TAIL, 1, "xml:lang", "has no attribute");
    /* `when` belongs to <split> and <spif>, not <closer>. */
    expect_error_with(HEAD "<credit><split>\n<closer share=\"1\" when=\"a = 1\"/>\n</split></credit>\n" TAIL,
                      3, "\'when\'", "has no attribute");
}

static void test_schema_xsi_attributes(void **state)
{
    /* The validator itself ignores xsi:schemaLocation: the loader refuses it. */
    expect_one_error("<plan xmlns=\"urn:truce:plan:1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                     " xsi:schemaLocation=\"urn:truce:plan:1 other.xsd\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
                     CREDIT TAIL, 2, "unknown attribute 'xsi:schemaLocation'");
    /* xsi:type could swap in a laxer type: blocked. */
    expect_error_with("<plan xmlns=\"urn:truce:plan:1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                      " xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xsi:type=\"xs:anyType\" id=\"t\" year=\"2027\" currency=\"USD\">\n"
                      CREDIT "<anything/>\n" TAIL, 1, "xsi:type", NULL);
}

static void test_schema_missing_required_attribute(void **state)
{
    expect_error_with(HEAD "<credit><split>\n<closer/>\n</split></credit>\n" TAIL, 3, "'share'", "required");
    expect_error_with(HEAD "<credit><split>\n<marketing share=\"1\"/>\n</split></credit>\n" TAIL, 3, "'model'", "required");
    expect_error_with("<plan xmlns=\"urn:truce:plan:1\" year=\"2027\" currency=\"USD\">\n" CREDIT TAIL, 1, "'id'", "required");
    expect_error_with("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" currency=\"USD\">\n" CREDIT TAIL, 1, "'year'", "required");
    expect_error_with("<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\">\n" CREDIT TAIL, 1, "'currency'", "required");
    expect_error_with(HEAD CREDIT "<role>\n</role>\n" TAIL, 3, "'id'", "required");
    expect_error_with(HEAD CREDIT "<role id=\"r\">\n<commission><tier rate=\"1\"/></commission>\n</role>\n" TAIL, 4, "'id'", "required");
    /* A tier's rate is optional in the schema (rate or rate-table): the loader says so. */
    expect_error_with(HEAD CREDIT "<role id=\"r\"><commission id=\"c\">\n<tier upto=\"1\"/><tier rate=\"1\"/></commission></role>\n" TAIL,
                      4, "tier needs a rate or a rate-table", NULL);
    expect_error_with(HEAD CREDIT "<role id=\"r\">\n<spif id=\"s\"/>\n</role>\n" TAIL, 4, "'pay'", "required");
    expect_error_with(HEAD "<credit><split><marketing share=\"1\" model=\"custom\">\n<weight at=\"first\"/>\n"
                      "</marketing></split></credit>\n" TAIL, 3, "'value'", "required");
    expect_error_with(HEAD "<credit><split><marketing share=\"1\" model=\"custom\">\n<weight value=\"1\"/>\n"
                      "</marketing></split></credit>\n" TAIL, 3, "'at'", "required");
}

static void test_schema_wrong_namespace(void **state)
{
    expect_one_error("<plan xmlns=\"urn:truce:plan:2\" id=\"t\" year=\"2027\" currency=\"USD\">\n" CREDIT TAIL,
                     1, "<plan> must be in the namespace urn:truce:plan:1 (xmlns=\"urn:truce:plan:1\")");
    expect_one_error("\n<plan id=\"t\" year=\"2027\" currency=\"USD\">\n" CREDIT TAIL,
                     2, "<plan> must be in the namespace urn:truce:plan:1 (xmlns=\"urn:truce:plan:1\")");
    expect_one_error("<credit xmlns=\"urn:truce:plan:1\"><split/></credit>\n",
                     1, "the root element must be <plan>, not <credit>");
    /* Children must be in the namespace too. */
    expect_one_error(HEAD "<credit xmlns=\"\"><split/></credit>\n" TAIL, 2,
                     "element <credit> has no namespace; plan elements are in urn:truce:plan:1");
}

static void test_schema_credit_count(void **state)
{
    expect_error_with(HEAD CREDIT "<credit><split/></credit>\n" TAIL, 3, "<credit>", "does not belong here");
    expect_error_with(HEAD "<role id=\"r\"/>\n" TAIL, 2, "<role>", NULL);
    expect_error_with(HEAD TAIL, 1, "credit", NULL);
    expect_error_with(HEAD "<credit>\n</credit>\n" TAIL, 2, "split", NULL);
}

static void test_schema_split_children(void **state)
{
    expect_error_with(HEAD "<credit><split><closer share=\"1\"/>\n<closer share=\"1\"/></split></credit>\n" TAIL,
                      3, "<closer>", "does not belong here");
    expect_error_with(HEAD "<credit><split><marketing share=\"1\" model=\"linear\"/>\n"
                      "<marketing share=\"1\" model=\"linear\"/></split></credit>\n" TAIL,
                      3, "<marketing>", "does not belong here");
    expect_error_with(HEAD "<credit><split>\n<closer share=\"1\">text</closer></split></credit>\n" TAIL,
                      3, "<closer>", "takes nothing inside it");
    expect_error_with(HEAD "<credit><split>\n<closer share=\"1\"><closer share=\"1\"/></closer></split></credit>\n" TAIL,
                      3, "<closer>", NULL);
    expect_error_with(HEAD CREDIT "<role id=\"r\">\n<commission id=\"c\"/>\n</role>\n" TAIL, 4, "tier", NULL);
}

/* A value that the schema's simple types refuse; the message quotes it. */
static void test_schema_value_patterns(void **state)
{
    static const struct { const char *body; const char *value; } cases[] = {
        {"<credit><split>\n<closer share=\"30 %\"/></split></credit>\n", "'30 %'"},
        {"<credit><split>\n<closer share=\"-5%\"/></split></credit>\n", "'-5%'"},
        {"<credit><split>\n<closer share=\"1e3\"/></split></credit>\n", "'1e3'"},
        {"<credit><split>\n<closer share=\".5\"/></split></credit>\n", "'.5'"},
        {"<credit><split>\n<closer share=\"5.\"/></split></credit>\n", "'5.'"},
        {"<credit><split>\n<closer share=\"+1\"/></split></credit>\n", "'+1'"},
        {"<credit><split>\n<closer share=\"1/2%\"/></split></credit>\n", "'1/2%'"},
        {"<credit><split>\n<closer share=\"1,5\"/></split></credit>\n", "'1,5'"},
        {"<credit><split>\n<closer share=\"\"/></split></credit>\n", "''"},
        {"<credit><split>\n<closer share=\" 1\"/></split></credit>\n", "' 1'"},
        {"<credit><split>\n<closer share=\"50%%\"/></split></credit>\n", "'50%%'"},
        {"<credit><split>\n<marketing share=\"1\" model=\"v-shaped\"/></split></credit>\n", "'v-shaped'"},
        {"<credit><split>\n<marketing share=\"1\" model=\"Linear\"/></split></credit>\n", "'Linear'"},
        {"<credit><split>\n<marketing share=\"1\" model=\"time-decay\" half-life=\"7.5\"/></split></credit>\n", "'7.5'"},
        {"<credit><split>\n<marketing share=\"1\" model=\"time-decay\" half-life=\"-1\"/></split></credit>\n", "'-1'"},
        {"<credit><split>\n<marketing share=\"1\" model=\"custom\"><weight at=\"middel\" value=\"1\"/></marketing></split></credit>\n", "'middel'"},
        {CREDIT "<role id=\"r\">\n<commission id=\"c\" cap=\"10%\"><tier rate=\"1\"/></commission></role>\n", "'10%'"},
        {CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"5%\"/></role>\n", "'5%'"},
        {CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"-5\"/></role>\n", "'-5'"},
        {CREDIT "<role id=\"r\">\n<commission id=\"c\" mode=\"cumulative\"><tier rate=\"1\"/></commission></role>\n", "'cumulative'"},
        {CREDIT "<role id=\"r\">\n<commission id=\"c\"><tier upto=\"50%%\" rate=\"1\"/><tier rate=\"1\"/></commission></role>\n", "'50%%'"},
        {CREDIT "<role id=\"r\">\n<commission id=\"c\"><tier upto=\"-1\" rate=\"1\"/><tier rate=\"1\"/></commission></role>\n", "'-1'"},
        {CREDIT "\n<role id=\"a&#9;b\"/>\n", "'a b'"},  /* the tab is refused; messages show control characters as spaces */
        {CREDIT "\n<role id=\"\"/>\n", "''"},
        {CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"1\" from=\"2027-3-1\"/></role>\n", "'2027-3-1'"},
        {CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"1\" to=\"27-03-01\"/></role>\n", "'27-03-01'"},
        {CREDIT "<role id=\"r\">\n<spif id=\"s\" pay=\"1\" to=\"2027-03-01T00:00\"/></role>\n", "'2027-03-01T00:00'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[1024];
        snprintf(xml, sizeof xml, "%s%s%s", HEAD, cases[i].body, TAIL);
        /* The faulty element is on the line after the first newline of the body. */
        long line = strncmp(cases[i].body, CREDIT, strlen(CREDIT)) == 0 ? 4 : 3;
        expect_error_with(xml, line, cases[i].value, NULL);
    }
}

static void test_schema_plan_attribute_patterns(void **state)
{
    static const char *const plans[] = {
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"usd\">\n",
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USDX\">\n",
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027a\" currency=\"USD\">\n",
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"-1\" currency=\"USD\">\n",
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"\" currency=\"USD\">\n",
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t&#127;t\" year=\"2027\" currency=\"USD\">\n",
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\" rounding=\"bankers\">\n",
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\" rounding=\"HALF-UP\">\n",
    };
    static const char *const values[] = {
        "'usd'", "'USDX'", "'2027a'", "'-1'", "''", "'t t'", "'bankers'", "'HALF-UP'",
    };
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml, "%s%s%s", plans[i], CREDIT, TAIL);
        expect_error_with(xml, 1, values[i], NULL);
    }
}

/* Ids are free text (a roster's role is), up to 200 characters. */
static void test_schema_id_length(void **state)
{
    char id[202];
    memset(id, 'a', 201);
    id[201] = '\0';
    char xml[768];
    snprintf(xml, sizeof xml, "%s%s<role id=\"%.200s\"/>\n%s", HEAD, CREDIT, id, TAIL);
    plan *p = load_ok(xml);
    assert_int_equal(strlen(p->roles[0].id), 200);
    plan_free(p);
    snprintf(xml, sizeof xml, "%s%s<role id=\"Account Exec, &quot;EMEA&quot;\"/>\n%s", HEAD, CREDIT, TAIL);
    p = load_ok(xml);
    assert_string_equal(p->roles[0].id, "Account Exec, \"EMEA\"");
    plan_free(p);
    snprintf(xml, sizeof xml, "%s%s<role id=\"%s\"/>\n%s", HEAD, CREDIT, id, TAIL);
    expect_error_with(xml, 3, "at most 200 characters", NULL);
}

/* ------------------------------------------------------------------ */
/* Issue 5: overlays, roll-ups, attainment windows, effective dates.   */
/* ------------------------------------------------------------------ */

/* A plan of none of them: no overlay, no rollup, windows of a year, in force all year. */
static void test_issue5_defaults(void **state)
{
    plan *p = load_ok(contract_example);
    assert_int_equal(p->line, 3);
    assert_int_equal(p->nrollups, 0);
    assert_null(p->rollups);
    for (size_t i = 0; i < p->nsplits; i++) {
        assert_int_equal(p->splits[i].noverlays, 0);
        assert_null(p->splits[i].overlays);
    }
    for (size_t i = 0; i < p->nroles; i++)
        for (size_t j = 0; j < p->roles[i].ncomponents; j++)
            assert_int_equal(p->roles[i].components[j].window, WINDOW_YEAR);
    assert_false(p->has_effective_from);
    assert_false(p->has_effective_to);
    assert_int_equal(p->effective_from, date_from_ymd(2027, 1, 1));
    assert_int_equal(p->effective_to, date_from_ymd(2027, 12, 31));
    plan_free(p);
}

static void test_overlays_load(void **state)
{
    plan *p = load_ok(HEAD "<credit>\n<split when=\"amount > 0\">\n"
                      "<closer share=\"100%\"/>\n<marketing share=\"10%\" model=\"linear\"/>\n"
                      "<overlay role=\"se\" share=\"10%\"/>\n"
                      "<overlay role=\"Solutions Eng, &quot;EMEA&quot;\" share=\"1/3\"/>\n"
                      "</split>\n<split>\n<overlay role=\"se\" share=\"0\"/>\n</split>\n"
                      "<split><closer share=\"1\"/></split>\n</credit>\n" TAIL);
    const split *s = &p->splits[0];
    assert_int_equal(s->noverlays, 2);
    assert_string_equal(s->overlays[0].role, "se");
    assert_q(s->overlays[0].share, 1, 10);
    assert_int_equal(s->overlays[0].line, 6);
    assert_string_equal(s->overlays[1].role, "Solutions Eng, \"EMEA\"");
    assert_q(s->overlays[1].share, 1, 3);
    assert_int_equal(s->overlays[1].line, 7);
    assert_true(s->has_closer && s->has_marketing);
    /* A split of overlays alone, and the same role in another split: legal. */
    s = &p->splits[1];
    assert_false(s->has_closer || s->has_marketing);
    assert_int_equal(s->noverlays, 1);
    assert_string_equal(s->overlays[0].role, "se");
    assert_q(s->overlays[0].share, 0, 1);
    assert_int_equal(s->overlays[0].line, 10);
    assert_int_equal(p->splits[2].noverlays, 0);
    plan_free(p);
    /* After marketing then closer too. */
    p = load_ok(HEAD "<credit><split><marketing share=\"1\" model=\"linear\"/><closer share=\"1\"/>"
                "<overlay role=\"se\" share=\"150%\"/></split></credit>\n" TAIL);
    assert_q(p->splits[0].overlays[0].share, 3, 2);
    plan_free(p);
}

static void test_overlay_duplicate_role(void **state)
{
    expect_one_error(HEAD "<credit><split>\n<overlay role=\"se\" share=\"1%\"/>\n"
                     "<overlay role=\"csm\" share=\"1%\"/>\n<overlay role=\"se\" share=\"2%\"/>\n"
                     "</split></credit>\n" TAIL,
                     5, "duplicate overlay role 'se' in this split (first at line 3)");
}

static void test_overlay_schema(void **state)
{
    /* Overlays come after closer and marketing. */
    expect_error_with(HEAD "<credit><split><overlay role=\"se\" share=\"1\"/>\n<closer share=\"1\"/>"
                      "</split></credit>\n" TAIL, 3, "<closer>", "does not belong here");
    expect_error_with(HEAD "<credit><split><closer share=\"1\"/><overlay role=\"se\" share=\"1\"/>\n"
                      "<marketing share=\"1\" model=\"linear\"/></split></credit>\n" TAIL,
                      3, "<marketing>", "does not belong here");
    expect_error_with(HEAD "<credit><split>\n<overlay share=\"1\"/></split></credit>\n" TAIL,
                      3, "role", NULL);
    expect_error_with(HEAD "<credit><split>\n<overlay role=\"se\"/></split></credit>\n" TAIL,
                      3, "share", NULL);
    expect_error_with(HEAD "<credit><split>\n<overlay role=\"\" share=\"1\"/></split></credit>\n" TAIL,
                      3, "''", NULL);
    expect_error_with(HEAD "<credit><split>\n<overlay role=\"se\" share=\"-10%\"/></split></credit>\n" TAIL,
                      3, "'-10%'", NULL);
    expect_error_with(HEAD "<credit><split>\n<overlay role=\"se\" share=\"1\" scope=\"direct\"/>"
                      "</split></credit>\n" TAIL, 3, "scope", NULL);
    expect_error_with(HEAD "<credit><split>\n<overlay role=\"se\" share=\"1\"><tier rate=\"1\"/></overlay>"
                      "</split></credit>\n" TAIL, 3, "overlay", NULL);
    expect_one_error(HEAD "<credit><split>\n<overlay role=\"se\" share=\"1/0\"/></split></credit>\n" TAIL,
                     3, "share '1/0' has a zero denominator");
}

static void test_rollups_load(void **state)
{
    plan *p = load_ok(HEAD "<credit>\n<split><closer share=\"1\"/></split>\n"
                      "<rollup role=\"mgr\"/>\n"
                      "<rollup role=\"vp\" scope=\"subtree\" share=\"25%\"/>\n"
                      "<rollup role=\"rvp\" scope=\"direct\" share=\"1/8\"/>\n"
                      "</credit>\n" TAIL);
    assert_int_equal(p->nrollups, 3);
    assert_string_equal(p->rollups[0].role, "mgr");
    assert_int_equal(p->rollups[0].scope, ROLLUP_DIRECT);
    assert_q(p->rollups[0].share, 1, 1);
    assert_int_equal(p->rollups[0].line, 4);
    assert_string_equal(p->rollups[1].role, "vp");
    assert_int_equal(p->rollups[1].scope, ROLLUP_SUBTREE);
    assert_q(p->rollups[1].share, 1, 4);
    assert_int_equal(p->rollups[1].line, 5);
    assert_int_equal(p->rollups[2].scope, ROLLUP_DIRECT);
    assert_q(p->rollups[2].share, 1, 8);
    plan_free(p);
}

static void test_rollup_errors(void **state)
{
    expect_one_error(HEAD "<credit><split/>\n<rollup role=\"mgr\"/>\n<rollup role=\"mgr\" scope=\"subtree\"/>\n"
                     "</credit>\n" TAIL, 4, "duplicate rollup role 'mgr' (first at line 3)");
    /* After the splits only, in <credit> only. */
    expect_error_with(HEAD "<credit><rollup role=\"mgr\"/>\n<split/></credit>\n" TAIL, 2, "<rollup>", NULL);
    expect_error_with(HEAD "<credit><split/>\n<rollup role=\"mgr\"/>\n<split/></credit>\n" TAIL,
                      4, "<split>", "does not belong here");
    expect_error_with(HEAD "<credit><split>\n<rollup role=\"mgr\"/></split></credit>\n" TAIL,
                      3, "<rollup>", NULL);
    expect_error_with(HEAD "<credit><split/>\n<rollup role=\"mgr\" scope=\"all\"/></credit>\n" TAIL,
                      3, "'all'", NULL);
    expect_error_with(HEAD "<credit><split/>\n<rollup role=\"mgr\" scope=\"Direct\"/></credit>\n" TAIL,
                      3, "'Direct'", NULL);
    expect_error_with(HEAD "<credit><split/>\n<rollup share=\"1\"/></credit>\n" TAIL, 3, "role", NULL);
    expect_error_with(HEAD "<credit><split/>\n<rollup role=\"mgr\" share=\"x\"/></credit>\n" TAIL,
                      3, "'x'", NULL);
    expect_one_error(HEAD "<credit><split/>\n<rollup role=\"mgr\" share=\"3/0\"/></credit>\n" TAIL,
                     3, "share '3/0' has a zero denominator");
}

static void test_windows(void **state)
{
    plan *p = load_ok(HEAD CREDIT "<role id=\"ae\">\n"
                      "<commission id=\"y\" window=\"year\"><tier rate=\"1\"/></commission>\n"
                      "<commission id=\"h\" window=\"half\"><tier rate=\"1\"/></commission>\n"
                      "<commission id=\"q\" window=\"quarter\" mode=\"retroactive\"><tier upto=\"100%\" rate=\"1\"/><tier rate=\"2\"/></commission>\n"
                      "<commission id=\"m\" window=\"month\"><tier rate=\"1\"/></commission>\n"
                      "<commission id=\"d\"><tier rate=\"1\"/></commission>\n"
                      "</role>\n" TAIL);
    const component *c = p->roles[0].components;
    assert_int_equal(c[0].window, WINDOW_YEAR);
    assert_int_equal(c[1].window, WINDOW_HALF);
    assert_int_equal(c[2].window, WINDOW_QUARTER);
    assert_true(c[2].retroactive);
    assert_true(c[2].upto_percent);
    assert_int_equal(c[3].window, WINDOW_MONTH);
    assert_int_equal(c[4].window, WINDOW_YEAR);
    plan_free(p);
    assert_int_equal(window_months(WINDOW_YEAR), 12);
    assert_int_equal(window_months(WINDOW_HALF), 6);
    assert_int_equal(window_months(WINDOW_QUARTER), 3);
    assert_int_equal(window_months(WINDOW_MONTH), 1);
    assert_string_equal(attain_window_name(WINDOW_YEAR), "year");
    assert_string_equal(attain_window_name(WINDOW_HALF), "half");
    assert_string_equal(attain_window_name(WINDOW_QUARTER), "quarter");
    assert_string_equal(attain_window_name(WINDOW_MONTH), "month");
    expect_error_with(HEAD CREDIT "<role id=\"ae\">\n<commission id=\"c\" window=\"week\"><tier rate=\"1\"/>"
                      "</commission></role>\n" TAIL, 4, "'week'", NULL);
    expect_error_with(HEAD CREDIT "<role id=\"ae\">\n<commission id=\"c\" window=\"Quarter\"><tier rate=\"1\"/>"
                      "</commission></role>\n" TAIL, 4, "'Quarter'", NULL);
    expect_error_with(HEAD CREDIT "<role id=\"ae\">\n<spif id=\"s\" pay=\"1\" window=\"month\"/>"
                      "</role>\n" TAIL, 4, "window", NULL);
}

/* <plan> with effective dates, then CREDIT and TAIL. */
static void plan_with(char *xml, size_t size, const char *year, const char *attrs)
{
    snprintf(xml, size, "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"%s\" currency=\"USD\" %s>\n%s%s",
             year, attrs, CREDIT, TAIL);
}

static void test_effective_dates(void **state)
{
    char xml[512];
    plan_with(xml, sizeof xml, "2027", "effective-from=\"2027-04-01\" effective-to=\"2027-09-30\"");
    plan *p = load_ok(xml);
    assert_true(p->has_effective_from);
    assert_true(p->has_effective_to);
    assert_int_equal(p->effective_from, date_from_ymd(2027, 4, 1));
    assert_int_equal(p->effective_to, date_from_ymd(2027, 9, 30));
    assert_int_equal(p->line, 1);
    plan_free(p);
    /* One attribute alone: the other keeps its default. */
    plan_with(xml, sizeof xml, "2027", "effective-from=\"2027-07-01\"");
    p = load_ok(xml);
    assert_true(p->has_effective_from);
    assert_false(p->has_effective_to);
    assert_int_equal(p->effective_to, date_from_ymd(2027, 12, 31));
    plan_free(p);
    plan_with(xml, sizeof xml, "2027", "effective-to=\"2027-02-28\"");
    p = load_ok(xml);
    assert_false(p->has_effective_from);
    assert_int_equal(p->effective_from, date_from_ymd(2027, 1, 1));
    assert_int_equal(p->effective_to, date_from_ymd(2027, 2, 28));
    plan_free(p);
    /* A month, the whole year, and February 29 of a leap year. */
    plan_with(xml, sizeof xml, "2027", "effective-from=\"2027-05-01\" effective-to=\"2027-05-31\"");
    plan_free(load_ok(xml));
    plan_with(xml, sizeof xml, "2027", "effective-from=\"2027-01-01\" effective-to=\"2027-12-31\"");
    plan_free(load_ok(xml));
    plan_with(xml, sizeof xml, "2028", "effective-from=\"2028-02-01\" effective-to=\"2028-02-29\"");
    plan_free(load_ok(xml));
}

static void test_effective_date_errors(void **state)
{
    static const struct { const char *year, *attrs, *msg; } cases[] = {
        {"2027", "effective-from=\"2027-02-30\"", "effective-from '2027-02-30' is not a real date (YYYY-MM-DD)"},
        {"2027", "effective-to=\"2027-13-31\"", "effective-to '2027-13-31' is not a real date (YYYY-MM-DD)"},
        {"2027", "effective-from=\"2026-07-01\"", "effective-from 2026-07-01 is not in the plan year 2027"},
        {"2027", "effective-to=\"2028-01-31\"", "effective-to 2028-01-31 is not in the plan year 2027"},
        {"2027", "effective-from=\"2027-07-15\"", "effective-from 2027-07-15 is not the first day of a month"},
        {"2027", "effective-to=\"2027-06-15\"", "effective-to 2027-06-15 is not the last day of a month"},
        {"2027", "effective-to=\"2027-06-01\"", "effective-to 2027-06-01 is not the last day of a month"},
        {"2028", "effective-to=\"2028-02-28\"", "effective-to 2028-02-28 is not the last day of a month"},
        {"2027", "effective-from=\"2027-07-01\" effective-to=\"2027-06-30\"",
         "effective-from 2027-07-01 is after effective-to 2027-06-30"},
        {"2027", "effective-from=\"2027-12-01\" effective-to=\"2027-01-31\"",
         "effective-from 2027-12-01 is after effective-to 2027-01-31"},
    };
    char xml[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        plan_with(xml, sizeof xml, cases[i].year, cases[i].attrs);
        expect_one_error(xml, 1, cases[i].msg);
    }
    /* Both dates wrong: both reported, and no "after" on top. */
    plan_with(xml, sizeof xml, "2027", "effective-from=\"2027-07-02\" effective-to=\"2027-06-29\"");
    diag d;
    diag_init(&d);
    assert_null(load(xml, &d));
    assert_int_equal(d.errors, 2);
    diag_free(&d);
    /* The schema's pattern. */
    plan_with(xml, sizeof xml, "2027", "effective-from=\"2027-7-1\"");
    expect_error_with(xml, 1, "'2027-7-1'", NULL);
    plan_with(xml, sizeof xml, "2027", "effective-to=\"\"");
    expect_error_with(xml, 1, "''", NULL);
}

/* ------------------------------------------------------------------ */
/* Malformed and hostile input.                                        */
/* ------------------------------------------------------------------ */

/* Loads fixtures/plans/hostile/NAME, which must fail without quoting /etc/passwd. */
static diag load_hostile(const char *file)
{
    char rel[256];
    snprintf(rel, sizeof rel, "fixtures/plans/hostile/%s", file);
    diag d;
    diag_init(&d);
    plan *p = load_repo_file(rel, &d);
    if (p || d.errors == 0)
        print_diag(&d);
    assert_null(p);
    assert_true(d.errors >= 1);
    for (size_t i = 0; i < d.n; i++)
        assert_string_equal(d.v[i].file, rel);
    assert_clean_messages(&d);
    assert_no_secret(&d, "/etc/passwd");
    return d;
}

/* Whether some error of d is at `line` and holds `part`. */
static int has_error(const diag *d, long line, const char *part)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].level == DIAG_ERROR && d->v[i].line == line && strstr(d->v[i].msg, part))
            return 1;
    return 0;
}

static void test_hostile_xxe(void **state)
{
    /* Without entity substitution the attribute only names the entity; both forms are refused. */
    diag d = load_hostile("xxe-attribute.xml");
    assert_true(has_error(&d, 4, "external entity") || has_error(&d, 3, "DOCTYPE is not allowed in a plan"));
    diag_free(&d);
    d = load_hostile("xxe-content.xml");
    assert_true(has_error(&d, 3, "DOCTYPE is not allowed in a plan"));
    diag_free(&d);
    d = load_hostile("xxe-parameter.xml");
    assert_true(has_error(&d, 3, "DOCTYPE is not allowed in a plan"));
    diag_free(&d);
}

static void test_hostile_external_dtd(void **state)
{
    diag d = load_hostile("external-dtd.xml");
    assert_int_equal(d.errors, 1);
    assert_true(has_error(&d, 3, "DOCTYPE is not allowed in a plan"));
    diag_free(&d);
}

static void test_hostile_billion_laughs(void **state)
{
    diag d = load_hostile("billion-laughs.xml");
    diag_free(&d);
    d = load_hostile("billion-laughs-content.xml");
    diag_free(&d);
    d = load_hostile("quadratic-blowup.xml");
    diag_free(&d);
}

/*
 * An internal entity that expands to ten thousand references to undefined
 * entities: libxml2 raises an error for each one (found by fuzz_plan, whose
 * 931-byte input raised 1.6 million).  Two names alternate so that the
 * loader's "same message again" filter does not hide them.  The loader
 * reports at most 100, then one "too many" error, and stops the parser.
 */
#define STORM_ENTITIES(first) \
    "<?xml version=\"1.0\"?>\n<!DOCTYPE plan [\n" \
    "<!ENTITY a \"" first "\">\n" \
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n" \
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n" \
    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n" \
    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n" \
    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n]>\n" \
    "<plan xmlns=\"urn:truce:plan:1\" id=\"&f;\" year=\"2027\" currency=\"USD\">" \
    "<credit><split/></credit></plan>\n"

static void test_hostile_error_storm(void **state)
{
    /* Alternating messages: each one would be reported. */
    diag d;
    diag_init(&d);
    assert_null(load(STORM_ENTITIES("&x;&y;&x;&y;&x;&y;&x;&y;&x;&y;"), &d));
    assert_true(d.errors >= 2 && d.errors <= 101);
    assert_true(has_error(&d, 10, "'&x;' is not an entity"));
    assert_true(has_error(&d, 10, "too many XML errors"));
    assert_clean_messages(&d);
    diag_free(&d);

    /* The same message again and again: reported once, and still stopped. */
    diag_init(&d);
    assert_null(load(STORM_ENTITIES("&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;"), &d));
    assert_true(d.errors >= 2 && d.errors <= 101);
    assert_true(has_error(&d, 10, "too many XML errors"));
    diag_free(&d);
}

static void test_hostile_xinclude(void **state)
{
    /* xi:include is an unknown element; nothing is included. */
    diag d = load_hostile("xinclude.xml");
    assert_int_equal(d.errors, 1);
    assert_true(has_error(&d, 6, "include"));
    diag_free(&d);
}

static void test_hostile_xsi_schema_location(void **state)
{
    diag d = load_hostile("xsi-schema-location.xml");
    assert_int_equal(d.errors, 1);
    assert_true(has_error(&d, 4, "unknown attribute 'xsi:schemaLocation'"));
    diag_free(&d);
}

static void test_malformed(void **state)
{
    diag d = load_hostile("unclosed-tag.xml");
    assert_true(has_error(&d, 5, "was expected: close"));
    diag_free(&d);
    d = load_hostile("bad-encoding.xml");
    assert_true(has_error(&d, 3, "UTF-8"));
    assert_true(d.v[0].col > 0);
    diag_free(&d);
    d = load_hostile("unknown-encoding.xml");
    assert_true(has_error(&d, 1, "encoding"));
    diag_free(&d);
    d = load_hostile("not-xml.xml");
    assert_true(has_error(&d, 1, "this is not XML"));
    assert_int_equal(d.v[0].col, 1);
    diag_free(&d);
    d = load_hostile("empty.xml");
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].msg, "the plan file is empty");
    assert_int_equal(d.v[0].line, 0);
    diag_free(&d);
    d = load_hostile("nul-byte.xml");
    diag_free(&d);
}

static void test_malformed_in_memory(void **state)
{
    /* Messages carry the line and, for parser errors, the column. */
    diag d;
    diag_init(&d);
    assert_null(load(HEAD "<credit><split>\n<closer share=\"1\"></split></credit>\n" TAIL, &d));
    assert_true(d.errors >= 1);
    assert_int_equal(d.v[0].line, 3);
    assert_true(d.v[0].col > 0);
    assert_non_null(strstr(d.v[0].msg, "was expected: close"));
    assert_clean_messages(&d);
    diag_free(&d);

    diag_init(&d);
    assert_null(plan_load_memory("", 0, NAME, &d));
    assert_string_equal(d.v[0].msg, "the plan file is empty");
    diag_free(&d);

    /* Whitespace only, and a lone declaration: no element at all. */
    expect_error_with("   \n  \n", 3, "this is not XML", NULL);
    expect_error_with("<?xml version=\"1.0\"?>\n", 2, "this is not XML", NULL);
    /* Two roots. */
    expect_error_with(HEAD CREDIT TAIL HEAD CREDIT TAIL, 4, "text after the end of the root element", NULL);
    /* A NUL in the middle, given with its length. */
    static const char nul[] = "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">\0" CREDIT TAIL;
    diag_init(&d);
    assert_null(plan_load_memory(nul, sizeof nul - 1, NAME, &d));
    assert_true(d.errors >= 1);
    diag_free(&d);
    /* An undefined entity (no DOCTYPE can define one). */
    expect_error_with(HEAD "<credit><split when=\"a = &x;\"/></credit>\n" TAIL, 2, "'&x;'", NULL);
}

static void test_deep_nesting(void **state)
{
    diag d = load_hostile("deep-nesting.xml");
    assert_int_equal(d.errors, 1);
    assert_true(has_error(&d, 4, "nested more than 32 deep"));
    diag_free(&d);
    d = load_hostile("very-deep-nesting.xml");
    assert_true(has_error(&d, 4, "nested more than"));
    diag_free(&d);
}

static void test_depth_limit_exact(void **state)
{
    /* PLAN_MAX_DEPTH levels pass the depth check (then fail the schema); one more does not. */
    for (int extra = 0; extra <= 1; extra++) {
        strbuf sb = STRBUF_INIT;
        int roles = PLAN_MAX_DEPTH - 1 + extra;   /* plan is level 1 */
        sb_puts(&sb, HEAD CREDIT);
        for (int i = 0; i < roles; i++)
            sb_puts(&sb, "<role id=\"r\">");
        for (int i = 0; i < roles; i++)
            sb_puts(&sb, "</role>");
        sb_puts(&sb, "\n" TAIL);
        diag d;
        diag_init(&d);
        assert_null(load(sb.p, &d));
        int deep = has_error(&d, 3, "nested more than");
        assert_int_equal(deep, extra);
        diag_free(&d);
        sb_free(&sb);
    }
}

/* A valid plan padded with a comment to exactly n bytes. */
static char *padded_plan(size_t n)
{
    static const char head[] = HEAD CREDIT "<!--";
    static const char tail[] = "-->\n" TAIL;
    char *buf = xmalloc(n + 1);
    size_t fixed = sizeof head - 1 + sizeof tail - 1;
    assert_true(n >= fixed);
    memcpy(buf, head, sizeof head - 1);
    memset(buf + sizeof head - 1, 'x', n - fixed);
    memcpy(buf + n - (sizeof tail - 1), tail, sizeof tail - 1);
    buf[n] = '\0';
    return buf;
}

static void test_size_cap_memory(void **state)
{
    char *buf = padded_plan(PLAN_MAX_BYTES);
    plan *p = load_ok(buf);
    plan_free(p);
    free(buf);

    buf = padded_plan(PLAN_MAX_BYTES + 1);
    expect_one_error(buf, 0, "the plan is larger than 4194304 bytes");
    free(buf);
}

static void test_size_cap_file(void **state)
{
    /* Generated here rather than kept as a 4 MiB fixture. */
    char *buf = padded_plan(PLAN_MAX_BYTES);
    char *path = write_temp(buf, PLAN_MAX_BYTES);
    diag d;
    diag_init(&d);
    plan *p = plan_load_file(path, NAME, &d);
    assert_non_null(p);
    plan_free(p);
    unlink(path);
    free(path);
    free(buf);

    buf = padded_plan(PLAN_MAX_BYTES + 1000);
    path = write_temp(buf, PLAN_MAX_BYTES + 1000);
    p = plan_load_file(path, NAME, &d);
    assert_null(p);
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.v[0].line, 0);
    assert_string_equal(d.v[0].msg, "the plan is larger than 4194304 bytes");
    unlink(path);
    free(path);
    free(buf);

    /* A file that never ends is cut at the cap, not read forever. */
    p = plan_load_file("/dev/zero", "zero.xml", &d);
    assert_null(p);
    assert_int_equal(d.errors, 2);
    assert_string_equal(d.v[1].file, "zero.xml");
    assert_string_equal(d.v[1].msg, "the plan is larger than 4194304 bytes");
    diag_free(&d);
}

static void test_unreadable_file(void **state)
{
    diag d;
    diag_init(&d);
    assert_null(plan_load_file("/nonexistent/truce/plan.xml", "in/plan.xml", &d));
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, "in/plan.xml");
    assert_int_equal(d.v[0].line, 0);
    char want[256];
    snprintf(want, sizeof want, "cannot read the plan file: %s", strerror(ENOENT));
    assert_string_equal(d.v[0].msg, want);
    diag_free(&d);

    /* A directory; and with no name, the path is shown. */
    diag_init(&d);
    assert_null(plan_load_file("/tmp", NULL, &d));
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, "/tmp");
    snprintf(want, sizeof want, "cannot read the plan file: %s", strerror(EISDIR));
    assert_string_equal(d.v[0].msg, want);
    diag_free(&d);
}

/*
 * Every way of naming a file in XML, pointed at a private file with a
 * unique marker: the marker must never reach a diagnostic or the plan.
 */
static void test_no_file_disclosure(void **state)
{
    static const char marker[] = "TRUCE-SECRET-7f3a9c";
    char *secret = write_temp(marker, sizeof marker - 1);
    /* "@" stands for the secret file's path. */
    static const char *const forms[] = {
        "<!DOCTYPE plan [<!ENTITY x SYSTEM \"file://@\">]>\n"
        "<plan xmlns=\"urn:truce:plan:1\" id=\"&x;\" year=\"2027\" currency=\"USD\">" CREDIT TAIL,
        "<!DOCTYPE plan [<!ENTITY x SYSTEM \"@\">]>\n"
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">" CREDIT
        "<role id=\"r\">&x;</role>" TAIL,
        "<!DOCTYPE plan [<!ENTITY % x SYSTEM \"file://@\"> %x;]>\n"
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">" CREDIT TAIL,
        "<!DOCTYPE plan SYSTEM \"@\">\n"
        "<plan xmlns=\"urn:truce:plan:1\" id=\"t\" year=\"2027\" currency=\"USD\">" CREDIT TAIL,
        "<plan xmlns=\"urn:truce:plan:1\" xmlns:xi=\"http://www.w3.org/2001/XInclude\" id=\"t\" year=\"2027\" currency=\"USD\">"
        CREDIT "<role id=\"r\"><xi:include href=\"@\" parse=\"text\"/></role>" TAIL,
        "<plan xmlns=\"urn:truce:plan:1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:noNamespaceSchemaLocation=\"@\" id=\"t\" year=\"2027\" currency=\"USD\">" CREDIT TAIL,
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        strbuf xml = STRBUF_INIT;
        for (const char *f = forms[i]; *f; f++) {
            if (*f == '@')
                sb_puts(&xml, secret);
            else
                sb_putc(&xml, *f);
        }
        diag d;
        diag_init(&d);
        plan *p = load(xml.p, &d);
        assert_null(p);
        assert_true(d.errors >= 1);
        for (size_t k = 0; k < d.n; k++)
            assert_null(strstr(d.v[k].msg, marker));
        diag_free(&d);
        sb_free(&xml);
    }
    unlink(secret);
    free(secret);
}

/* ------------------------------------------------------------------ */
/* plan_bind.                                                          */
/* ------------------------------------------------------------------ */

static const char *const example_header[] = {
    "deal_id", "close_date", "amount", "closer_id", "source", "product", "type", "region",
};

static void test_bind_ok(void **state)
{
    plan *p = load_ok(contract_example);
    diag d;
    diag_init(&d);
    assert_int_equal(plan_bind(p, example_header, 8, &d), 0);
    assert_int_equal(d.n, 0);
    plan_free(p);
    diag_free(&d);
}

static void test_bind_missing_column(void **state)
{
    /* Without `product`: only the spif (line 23) uses it. */
    static const char *const header[] = {"deal_id", "close_date", "amount", "closer_id", "source", "type"};
    plan *p = load_ok(contract_example);
    diag d;
    diag_init(&d);
    assert_int_equal(plan_bind(p, header, 6, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, NAME);
    assert_int_equal(d.v[0].line, 23);
    assert_int_equal(strncmp(d.v[0].msg, "when: ", 6), 0);
    assert_non_null(strstr(d.v[0].msg, "'product'"));
    plan_free(p);
    diag_free(&d);

    /* Without `source`: both splits that use it are reported, at their lines. */
    static const char *const header2[] = {"deal_id", "close_date", "amount", "closer_id", "product", "type"};
    p = load_ok(contract_example);
    diag_init(&d);
    assert_int_equal(plan_bind(p, header2, 6, &d), -1);
    assert_int_equal(d.errors, 2);
    assert_int_equal(d.v[0].line, 5);
    assert_non_null(strstr(d.v[0].msg, "'source'"));
    assert_int_equal(d.v[1].line, 9);
    assert_non_null(strstr(d.v[1].msg, "'source'"));
    plan_free(p);
    diag_free(&d);
}

static void test_bind_no_expressions(void **state)
{
    /* Nothing to bind: any header will do, even none. */
    plan *p = load_ok(HEAD CREDIT "<role id=\"r\"><spif id=\"s\" pay=\"1\"/></role>" TAIL);
    diag d;
    diag_init(&d);
    assert_int_equal(plan_bind(p, NULL, 0, &d), 0);
    assert_int_equal(d.n, 0);
    plan_free(p);
    diag_free(&d);
}

/* ------------------------------------------------------------------ */
/* libxml2 state: handlers given back, threads.                        */
/* ------------------------------------------------------------------ */

#if LIBXML_VERSION >= 21200
static void count_error(void *ctx, const xmlError *e)
#else
static void count_error(void *ctx, xmlErrorPtr e)
#endif
{
    (*(int *)ctx)++;
}

static void test_error_handler_restored(void **state)
{
    int count = 0;
    xmlSetStructuredErrorFunc(&count, count_error);
    diag d;
    diag_init(&d);
    assert_null(load("<plan", &d));
    assert_true(d.errors >= 1);
    /* The plan's errors went to the diag, not to the caller's handler ... */
    assert_int_equal(count, 0);
    diag_free(&d);
    /* ... and the caller's handler is back for the next libxml2 error. */
    xmlDocPtr doc = xmlReadMemory("<a>", 3, NULL, NULL, XML_PARSE_NONET);
    assert_null(doc);
    assert_true(count >= 1);
    xmlSetStructuredErrorFunc(NULL, NULL);
}

typedef struct {
    int loaded;   /* plans that loaded with no diagnostics */
    int failed;   /* bad plans refused with an error */
} thread_result;

static void *load_many(void *arg)
{
    thread_result *r = arg;
    for (int i = 0; i < 10; i++) {
        diag d;
        diag_init(&d);
        plan *p = plan_load_memory(contract_example, strlen(contract_example), NAME, &d);
        if (p && d.n == 0 && p->nroles == 3)
            r->loaded++;
        plan_free(p);
        diag_free(&d);
        diag_init(&d);
        p = plan_load_memory("<plan", 5, NAME, &d);
        if (!p && d.errors >= 1)
            r->failed++;
        diag_free(&d);
    }
    return NULL;
}

static void test_threads(void **state)
{
    enum { N = 4 };
    pthread_t t[N];
    thread_result r[N];
    memset(r, 0, sizeof r);
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_create(&t[i], NULL, load_many, &r[i]), 0);
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < N; i++) {
        assert_int_equal(r[i].loaded, 10);
        assert_int_equal(r[i].failed, 10);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_example),
        cmocka_unit_test(test_contract_example_from_file),
        cmocka_unit_test(test_example_acme),
        cmocka_unit_test(test_example_time_decay_custom),
        cmocka_unit_test(test_example_retroactive_amounts),
        cmocka_unit_test(test_minimal_plan_defaults),
        cmocka_unit_test(test_rounding_names),
        cmocka_unit_test(test_currency_minor_units),
        cmocka_unit_test(test_year_bounds_accepted),
        cmocka_unit_test(test_number_forms),
        cmocka_unit_test(test_large_exact_numbers),
        cmocka_unit_test(test_model_weights),
        cmocka_unit_test(test_model_names),
        cmocka_unit_test(test_half_life_values),
        cmocka_unit_test(test_custom_single_weight_and_zero_weights),
        cmocka_unit_test(test_marketing_before_closer),
        cmocka_unit_test(test_components_in_plan_order),
        cmocka_unit_test(test_spif_dates_edges),
        cmocka_unit_test(test_same_component_id_in_two_roles),
        cmocka_unit_test(test_comments_pis_whitespace),
        cmocka_unit_test(test_entities_and_char_refs_decoded),
        cmocka_unit_test(test_prefixed_namespace),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_lines_past_65535),
        cmocka_unit_test(test_xml_warning_does_not_fail),
        cmocka_unit_test(test_earlier_errors_do_not_fail_load),
        cmocka_unit_test(test_plan_free_null),
        cmocka_unit_test(test_name_null_defaults),
        cmocka_unit_test(test_unknown_currency),
        cmocka_unit_test(test_year_out_of_range),
        cmocka_unit_test(test_zero_denominator),
        cmocka_unit_test(test_too_many_digits),
        cmocka_unit_test(test_tier_limits_mixed),
        cmocka_unit_test(test_tier_limit_zero),
        cmocka_unit_test(test_tier_limits_not_increasing),
        cmocka_unit_test(test_last_tier_has_upto),
        cmocka_unit_test(test_middle_tier_without_upto),
        cmocka_unit_test(test_tier_errors_reported_together),
        cmocka_unit_test(test_when_does_not_compile),
        cmocka_unit_test(test_duplicate_role),
        cmocka_unit_test(test_many_roles_duplicate_found),
        cmocka_unit_test(test_duplicate_component),
        cmocka_unit_test(test_custom_position_twice),
        cmocka_unit_test(test_custom_without_weights),
        cmocka_unit_test(test_weight_on_fixed_model),
        cmocka_unit_test(test_half_life_errors),
        cmocka_unit_test(test_spif_from_after_to),
        cmocka_unit_test(test_spif_not_a_date),
        cmocka_unit_test(test_errors_all_reported),
        cmocka_unit_test(test_schema_unknown_element),
        cmocka_unit_test(test_schema_unknown_attribute),
        cmocka_unit_test(test_schema_xsi_attributes),
        cmocka_unit_test(test_schema_missing_required_attribute),
        cmocka_unit_test(test_schema_wrong_namespace),
        cmocka_unit_test(test_schema_credit_count),
        cmocka_unit_test(test_schema_split_children),
        cmocka_unit_test(test_schema_value_patterns),
        cmocka_unit_test(test_schema_plan_attribute_patterns),
        cmocka_unit_test(test_schema_id_length),
        cmocka_unit_test(test_issue5_defaults),
        cmocka_unit_test(test_overlays_load),
        cmocka_unit_test(test_overlay_duplicate_role),
        cmocka_unit_test(test_overlay_schema),
        cmocka_unit_test(test_rollups_load),
        cmocka_unit_test(test_rollup_errors),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_effective_dates),
        cmocka_unit_test(test_effective_date_errors),
        cmocka_unit_test(test_hostile_xxe),
        cmocka_unit_test(test_hostile_external_dtd),
        cmocka_unit_test(test_hostile_billion_laughs),
        cmocka_unit_test(test_hostile_error_storm),
        cmocka_unit_test(test_hostile_xinclude),
        cmocka_unit_test(test_hostile_xsi_schema_location),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_malformed_in_memory),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_depth_limit_exact),
        cmocka_unit_test(test_size_cap_memory),
        cmocka_unit_test(test_size_cap_file),
        cmocka_unit_test(test_unreadable_file),
        cmocka_unit_test(test_no_file_disclosure),
        cmocka_unit_test(test_bind_ok),
        cmocka_unit_test(test_bind_missing_column),
        cmocka_unit_test(test_bind_no_expressions),
        cmocka_unit_test(test_error_handler_restored),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
