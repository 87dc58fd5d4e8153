/*
 * fuzz_batch.c - libFuzzer target for a whole batch through run_compute.
 *
 * The input is a recipe.  Its first part picks one of four plan templates
 * and fills in its numbers (shares, model, half-life, custom weights, tiers
 * as amounts or percentages, marginal or retroactive, cap, a SPIF), then a
 * small roster, campaigns, deals and touches; now and then one field is
 * replaced by raw bytes from the input, to reach the validation paths too.
 * A byte then picks the reported month, files or memory, and a shard run.
 * The bytes after it (all zero when the input ends: a plain batch as before)
 * choose the pay mechanics and plan versions: 1 to 3 versions tiling the
 * year, each with its own tiers (count, mode of limits, rates, cap), rate
 * table (on product, or product and source), gate, deal cap and floor,
 * clawback policy, release rule, split shares, SPIF, bonus levels, curve
 * points and draw; the attainment windows of the commission, bonus and
 * curve; and events.csv, payments.csv and adjustments.csv, valid rows only
 * (unless the raw field lands there).  Versions are files under /tmp given
 * as batch_paths.plans, as the CLI passes several --plan (the library reads
 * versions from files only); a single plan goes by files or memory.
 *
 * Every deal is credited again here with credit_deal (credit.h) under its
 * version, and the figures are worked out again from the documentation
 * (docs/plan-language.md), with the run's plan numbers but none of its
 * arithmetic.  Invariants when the run succeeds (see docs/fuzzing.md for the
 * whole list):
 *  - crediting: each deal used the split the template's conditions choose,
 *    its lines add up to amount x shares of its version's split, go to the
 *    right payees in the contract's order, and attribute as the models say;
 *    month_lines are the reported month's; C(m) the running credit;
 *  - versions: the run holds the versions as generated, month by month;
 *  - commissions (plain or walked line by line, any version): E(m) and what
 *    is released, from the lines in statement order, recalculated clawback
 *    lines, tiers and rate tables of the version of each line's month,
 *    windows, gates, deal caps and floors, original-rate fractions, release
 *    by payments, and the cap of the month's version; released <= E;
 *    released = E under booking; clawback <= 0, and 0 without an event the
 *    docs let act;
 *  - SPIFs, bonuses and curves by the version of each month; the draw from
 *    the other components' payouts; R(m) = round(E(m)), or with the pay
 *    mechanics round(released + adjustments) (the draw: round(paid -
 *    recovered + its adjustments)); E(0) = R(0) = 0;
 *  - payouts.csv month by month is R(m) - R(m-1) with the minor unit's
 *    decimals, the months add up to R(12), and each quarter, half and the
 *    year pays the sum of its months;
 *  - when the input asks: shard K of 2 pays exactly its payees with the
 *    whole run's figures; --jobs 2 computes the same figures as --jobs 1;
 *    the batch without the events the docs ignore (and without payments.csv
 *    when nothing holds) computes the same figures.
 * When the run fails, at least one error was reported; a batch generated
 * without raw bytes fails only for a payee without a quota that a % limit,
 * % gate, bonus or curve needs, and versions broken on purpose must fail at
 * a version file.
 *
 * Environment: FUZZ_STATS=1 prints, at exit, how much was checked.
 * FUZZ_BATCH_SKIP=walk,spif,bonus,curve,draw,events names reference checks to
 * leave out (to hunt for other failures while a known one is open; `refs`
 * is all of them).  FUZZ_DUMP=DIR writes the decoded batch there (plan.xml
 * or plans/, CSV files) for `truce run --in DIR`.
 */
#include "fuzz_common.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmp.h>

#include "money.h"
#include "payroll.h"
#include "report.h"
#include "strbuf.h"
#include "run.h"
#include "explain.h"
#include "walk.h"

#define YEAR 2027
#define MAX_PAYEES 5
#define MAX_CAMPAIGNS 5
#define MAX_DEALS 8
#define MAX_TOUCHES_PER_DEAL 6
#define MAX_TIERS 4
#define MAX_VERSIONS 3
#define MAX_ROWS 4
#define MAX_LEVELS 3
#define MAX_POINTS 4
#define MAX_EVENTS_PER_DEAL 3
#define MAX_PAYMENTS_PER_DEAL 3
#define MAX_ADJ 6
#define NM 13
#define MAX_LINES (MAX_DEALS * (1 + MAX_CAMPAIGNS))

/* F_ROSTER..F_TOUCHES are the recipe's first part (the raw field picks among them there). */
enum { F_ROSTER, F_DEALS, F_CAMPAIGNS, F_TOUCHES, F_EVENTS, F_PAYMENTS, F_ADJUSTMENTS, F_COUNT };
#define F_BASE 4

/* ---- the recipe, as generated ------------------------------------------- */

typedef struct gen_payee {
    const char *id;
    int role;              /* 0 ae, 1 mk, 2 a role the plan lacks */
    char quota[24];
    unsigned qv;           /* the quota's tens, kept to give a quota back (see fix_quotas) */
    int qfrac;
} gen_payee;

typedef struct gen_campaign {
    const char *id;
    int owner;             /* payee index, -1 none */
    char cost[24];
} gen_campaign;

typedef struct gen_deal {
    char id[16];
    day_t close;
    char date[11];
    char amount[32];
    mpq_t value;           /* the amount, exact */
    unsigned long long th; /* the amount in thousandths */
    int closer;
    int source;            /* index in sources[] */
    int pro;               /* product 'Pro' (else 'Core') */
    unsigned discount;     /* hundredths */
    unsigned seats;
} gen_deal;

typedef struct gen_touch {
    int deal, campaign;
    day_t date;
    char datestr[11];
    int stage;             /* index in stages[] */
} gen_touch;

/* One version's commission of role ae (the first version's tiers are the recipe's). */
typedef struct gen_comm {
    int pct, ntiers, has_cap;
    char upto[MAX_TIERS][24], rate[MAX_TIERS][24], cap[24];
    int table[MAX_TIERS];  /* the tier's rate is rate table rt's */
    int gate;              /* 0 none, 1 retroactive, 2 forward */
    int gate_attr;         /* write gate-pay="retroactive" although it is the default */
    char gate_v[24];
    int has_deal_cap, has_deal_floor;
    char deal_cap[24], deal_floor[24];
    int release;           /* 0 booking, 1 payment, 2 full-payment */
    int release_attr;      /* write release="booking" */
    int clawback;          /* 0 none, 1 original-rate, 2 recalculate */
    int within;            /* 0 omitted, 1 within-days="0", 2 within-days="N" */
    unsigned within_days;
} gen_comm;

typedef struct gen_table {
    int two;               /* fields="product source", else "product" */
    int nrows;
    char values[MAX_ROWS + 1][32], rate[MAX_ROWS + 1][24];
    int has_default;
    char default_rate[24];
} gen_table;

typedef struct gen_version {
    int from, to;          /* its months */
    char closer_share[24], marketing_share[24];
    gen_comm ae;
    int has_table;
    gen_table table;
    char mk_rate[24];
    int mk_clawback, mk_release;
    int spif_when, spif_range;
    char pay[24], sfrom[11], sto[11];
    int nlevels;
    char level_att[MAX_LEVELS][24], level_pay[MAX_LEVELS][24];
    int npoints, extend;
    char point_att[MAX_POINTS][24], point_pay[MAX_POINTS][24], target[24];
    char draw_amount[24], draw_limit[24], forgive[11];
    int recoverable, has_limit, has_forgive;
} gen_version;

typedef struct gen_plan {
    int tmpl;
    const char *currency;
    int rounding;
    int has_closer, has_marketing;
    char closer_share[24], marketing_share[24];
    int model;
    unsigned half_life;
    int has_weight[POS_COUNT];
    char weight[POS_COUNT][24];
    unsigned threshold;    /* template 2: amount >= threshold */
    int retro, pct, ntiers, has_cap;
    char upto[MAX_TIERS][24], rate[MAX_TIERS][24], cap[24];
    int has_spif, spif_when, spif_range;
    char pay[24], from[11], to[11];
    char mk_rate[24];
} gen_plan;

typedef struct gen_event {
    int deal;
    day_t date;
    char datestr[11];
    int cancel;
    unsigned long long th; /* refund: its amount; cancel: what was left (thousandths) */
} gen_event;

typedef struct gen_payment {
    int deal;
    day_t date;
    char datestr[11];
    unsigned long long th;
} gen_payment;

typedef struct gen_adj {
    int payee, month;
    const char *component;
    long cents;            /* signed, not 0 */
    int reason;
} gen_adj;

/* The second part of the recipe: versions, pay mechanics and the batch files of issue 6. */
typedef struct gen_ext {
    int nversions;
    int vmap[NM];          /* [1..12]: the version in force */
    int explicit_dates;    /* a single version writes effective-from/to of the whole year */
    int file_order;        /* the order the version files are given in */
    int window, window_attr;   /* ae commission */
    int has_bonus, bonus_window, has_curve, curve_window, has_draw, draw_first;
    gen_version v[MAX_VERSIONS];
    int has_events, has_payments, has_adjustments;
    gen_event events[MAX_DEALS * MAX_EVENTS_PER_DEAL];
    int nevents;
    gen_payment payments[MAX_DEALS * MAX_PAYMENTS_PER_DEAL];
    int npayments;
    gen_adj adj[MAX_ADJ];
    int nadj;
    int broken;            /* versions broken on purpose: 0 none, else the kind */
    int jobs2, reduced;    /* the extra runs asked for */
    int keep_missing_quota;
} gen_ext;

typedef struct gen {
    gen_plan plan;
    gen_payee payees[MAX_PAYEES];
    int npayees;
    gen_campaign campaigns[MAX_CAMPAIGNS];
    int ncampaigns;
    gen_deal deals[MAX_DEALS];
    int ndeals;
    gen_touch touches[MAX_DEALS * MAX_TOUCHES_PER_DEAL];
    int ntouches;
    int with_touches;
    /* one field replaced by raw bytes: file, row (0 = header), column */
    int corrupt, cfile, crow, ccol;
    char craw[16];
    gen_ext x;
} gen;

static const char *const sources[] = {"marketing", "partner", "web", "sales"};
static const char *const stages[] = {"", "touch", "lead", "opportunity"};
static const char *const payee_ids[MAX_PAYEES] = {"ana", "Ben", "ana.2", "b-o", "z_z"};
static const char *const campaign_ids[MAX_CAMPAIGNS] = {"web-1", "Web-1", "web_1", "web.1", "w"};
static const char *const currencies[] = {"USD", "JPY", "KWD", "EUR", "CLF", "BHD"};
static const char *const roundings[] = {"half-up", "half-even", "down", "up"};
static const char *const models[] = {
    "linear", "time-decay", "first-touch", "last-touch", "lead-creation", "u-shaped",
    "w-shaped", "full-path", "j-shaped", "inverse-j", "custom", "markov", "shapley",
};
/* The rule-based models a byte picks from (the data-driven two are chosen apart, below). */
#define RULE_MODELS (MODEL_CUSTOM + 1)
static const char *const positions[POS_COUNT] = {"first", "lead", "opportunity", "last", "middle"};
static const char *const spif_whens[] = {NULL, "product = 'Pro'", "amount >= 1000",
                                         "not (source = 'sales') and seats > 2"};
static const char *const window_names[4] = {"year", "half", "quarter", "month"};
static const int window_len[4] = {12, 6, 3, 1};
static const char *const release_names[3] = {"booking", "payment", "full-payment"};
static const char *const policy_names[3] = {NULL, "original-rate", "recalculate"};
static const char *const reasons[] = {"Late booking", "Duplicate credit, reversed",
                                      "Per \"ticket\" 41", "Ren\xc3\xa9's draw"};

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))

/* A plan number: percent, decimal or fraction (never a percent when !pct_ok). */
static void gen_number(bytes *b, char *out, size_t n, int pct_ok)
{
    unsigned form = take_u8(b) % 3, v = take_u8(b);
    if (form == 0 && !pct_ok)
        form = 1;
    if (form == 0)
        snprintf(out, n, v & 1 ? "%u.5%%" : "%u%%", (v >> 1) % 120);
    else if (form == 1)
        snprintf(out, n, "%u.%02u", v % 3, take_u8(b) % 100);
    else
        snprintf(out, n, "%u/%u", v % 17, 1 + take_u8(b) % 12);
}

/* A plan amount up to about `scale`: a whole number, a decimal or a fraction. */
static void gen_amount(bytes *b, char *out, size_t n, unsigned scale)
{
    unsigned form = take_u8(b) % 4, v = take_u16(b) % (scale + 1);
    if (form == 3)
        snprintf(out, n, "%u/%u", v, 1 + take_u8(b) % 7);
    else if (form == 2)
        snprintf(out, n, "%u.%02u", v, take_u8(b) % 100);
    else
        snprintf(out, n, "%u", v);
}

/* Tiers: count, % or amount limits (strictly increasing), rates, cap. */
static void gen_tiers(bytes *b, int *pct, int *ntiers, int *has_cap, char upto[][24],
                      char rate[][24], char *cap)
{
    uint8_t comm = take_u8(b);
    *pct = (comm >> 1) & 1;
    *has_cap = (comm >> 2) & 1;
    *ntiers = 1 + (comm >> 3) % MAX_TIERS;
    unsigned limit = 0;
    for (int i = 0; i < *ntiers; i++) {
        gen_number(b, rate[i], 24, 1);
        if (i + 1 < *ntiers) {
            limit += 1 + take_u8(b) * (*pct ? 1u : 97u);   /* strictly increasing */
            if (*pct)
                snprintf(upto[i], 24, "%u%%", limit);
            else
                snprintf(upto[i], 24, limit & 1 ? "%u.5" : "%u", limit / 2 + 1);
        }
    }
    snprintf(cap, 24, "%u", take_u16(b));
}

static void gen_recipe(gen *g, bytes *b)
{
    gen_plan *p = &g->plan;
    p->tmpl = take_u8(b) % 4;
    p->currency = currencies[take_u8(b) % COUNT(currencies)];
    p->rounding = take_u8(b) % 4;
    uint8_t parts = take_u8(b);
    p->has_closer = (parts & 3) != 0;
    p->has_marketing = (parts & 12) != 0;
    gen_number(b, p->closer_share, sizeof p->closer_share, 1);
    gen_number(b, p->marketing_share, sizeof p->marketing_share, 1);
    p->model = take_u8(b) % RULE_MODELS;
    /* The half-life byte's high bit, unused by linear, makes it markov or shapley fitted on the
       year before (issue 17): the inputs of the corpus keep the models they had. */
    uint8_t half_life = take_u8(b);
    p->half_life = 1 + half_life % 30;
    if (p->model == MODEL_LINEAR && half_life >= 128)
        p->model = half_life & 1 ? MODEL_SHAPLEY : MODEL_MARKOV;
    for (int i = 0; i < POS_COUNT; i++) {
        p->has_weight[i] = take_u8(b) % 3 != 0;
        gen_number(b, p->weight[i], sizeof p->weight[i], 1);
    }
    p->has_weight[POS_FIRST] |= p->model == MODEL_CUSTOM && !p->has_weight[POS_LAST];
    p->threshold = take_u16(b);

    /* the commission: the byte's bit 0 is the mode, the rest as gen_tiers reads it */
    bytes peek = *b;
    p->retro = take_u8(&peek) & 1;
    gen_tiers(b, &p->pct, &p->ntiers, &p->has_cap, p->upto, p->rate, p->cap);
    uint8_t spif = take_u8(b);
    p->has_spif = spif & 1;
    p->spif_when = (spif >> 1) % COUNT(spif_whens);
    p->spif_range = (spif >> 3) & 1;
    snprintf(p->pay, sizeof p->pay, "%u", take_u8(b));
    int m1 = 1 + take_u8(b) % 12, m2 = m1 + take_u8(b) % (13 - m1);
    snprintf(p->from, sizeof p->from, "%04d-%02d-%02d", YEAR, m1, 1 + take_u8(b) % 28);
    snprintf(p->to, sizeof p->to, "%04d-%02d-%02d", YEAR, m2, 28);
    gen_number(b, p->mk_rate, sizeof p->mk_rate, 1);

    g->npayees = 1 + take_u8(b) % MAX_PAYEES;
    for (int i = 0; i < g->npayees; i++) {
        gen_payee *y = &g->payees[i];
        uint8_t r = take_u8(b);
        y->id = payee_ids[i];
        y->role = r % 5 == 4 ? 2 : r % 5 >= 2;   /* mostly ae, then mk */
        unsigned q = take_u16(b);
        y->qv = q;
        y->qfrac = (r & 0x40) != 0;
        if (r & 0x80)
            y->quota[0] = '\0';
        else
            snprintf(y->quota, sizeof y->quota, "%u%s", q * 10, r & 0x40 ? ".25" : "");
    }

    g->ncampaigns = take_u8(b) % (MAX_CAMPAIGNS + 1);
    g->with_touches = g->ncampaigns > 0;
    for (int i = 0; i < g->ncampaigns; i++) {
        gen_campaign *c = &g->campaigns[i];
        uint8_t o = take_u8(b);
        c->id = campaign_ids[i];
        c->owner = o % (unsigned)(g->npayees + 1) == (unsigned)g->npayees ? -1 : (int)(o % (unsigned)(g->npayees + 1));
        snprintf(c->cost, sizeof c->cost, "%u", take_u16(b));
    }

    g->ndeals = 1 + take_u8(b) % MAX_DEALS;
    for (int i = 0; i < g->ndeals; i++) {
        gen_deal *x = &g->deals[i];
        uint8_t k = take_u8(b);
        snprintf(x->id, sizeof x->id, "D-%02x%d", take_u8(b), i);
        int year = k % 10 == 0 ? YEAR - 1 : k % 10 == 1 ? YEAR + 1 : YEAR;
        int month = 1 + take_u8(b) % 12;
        int day = 1 + take_u8(b) % 31;
        if (day > date_days_in_month(year, month))
            day = date_days_in_month(year, month);
        x->close = date_from_ymd(year, month, day);
        date_format(x->close, x->date);
        static const unsigned mult[4] = {1, 3, 17, 1000};
        unsigned whole = take_u16(b) * mult[(k >> 4) & 3];
        unsigned frac_digits = (k >> 6) & 3, frac = take_u16(b) % 1000;
        mpq_init(x->value);
        if (frac_digits == 0) {
            snprintf(x->amount, sizeof x->amount, "%u", whole);
            mpq_set_ui(x->value, whole, 1);
            x->th = whole * 1000ull;
        } else {
            static const unsigned pow10[4] = {1, 10, 100, 1000};
            frac %= pow10[frac_digits];
            snprintf(x->amount, sizeof x->amount, "%u.%0*u", whole, (int)frac_digits, frac);
            mpz_set_ui(mpq_numref(x->value), whole);
            mpz_mul_ui(mpq_numref(x->value), mpq_numref(x->value), pow10[frac_digits]);
            mpz_add_ui(mpq_numref(x->value), mpq_numref(x->value), frac);
            mpz_set_ui(mpq_denref(x->value), pow10[frac_digits]);
            mpq_canonicalize(x->value);
            x->th = whole * 1000ull + frac * (1000ull / pow10[frac_digits]);
        }
        x->closer = take_u8(b) % g->npayees;
        uint8_t t = take_u8(b);
        x->source = t % COUNT(sources);
        x->pro = (t >> 2) & 1;
        x->discount = take_u8(b) % 100;
        x->seats = take_u8(b) % 8;
        if (!g->with_touches)
            continue;
        int nt = take_u8(b) % (MAX_TOUCHES_PER_DEAL + 1);
        for (int j = 0; j < nt; j++) {
            gen_touch *u = &g->touches[g->ntouches++];
            uint8_t s = take_u8(b);
            u->deal = i;
            u->campaign = s % g->ncampaigns;
            u->stage = (s >> 4) % COUNT(stages);
            int age = (int)(take_u16(b) % 400);
            if ((s & 0xC0) == 0xC0)
                age = -1 - (age % 3);        /* after the close: not eligible */
            u->date = x->close - age;
            date_format(u->date, u->datestr);
        }
    }

    uint8_t c = take_u8(b);
    g->corrupt = c % 24 == 0;
    if (g->corrupt) {
        size_t n;
        const uint8_t *raw = take_run(b, sizeof g->craw - 1, &n);
        memcpy(g->craw, raw, n);
        g->craw[n] = '\0';   /* NUL inside stays a cut: the file still gets these bytes */
        g->cfile = take_u8(b) % F_BASE;
        g->crow = take_u8(b) % 4;
        g->ccol = take_u8(b) % 8;
    }
}

/* ---- the second part: versions, pay mechanics, events, payments, adjustments ---- */

static void gen_table_rows(bytes *b, gen_table *t)
{
    static const char *const prod[3] = {"Pro", "Core", "*"};
    uint8_t tb = take_u8(b);
    t->two = tb & 1;
    int want = (tb >> 1) % (MAX_ROWS + 1);
    t->has_default = (tb >> 4) & 1;
    t->nrows = 0;
    int catch_all = 0;
    for (int i = 0; i < want; i++) {
        uint8_t v = take_u8(b);
        char val[32];
        const char *pv = prod[v % 3];
        if (t->two) {
            const char *sv = (v >> 2) % 5 == 4 ? "*" : sources[(v >> 2) % 5];
            snprintf(val, sizeof val, "%s %s", pv, sv);
            catch_all |= pv[0] == '*' && sv[0] == '*';
        } else {
            snprintf(val, sizeof val, "%s", pv);
            catch_all |= pv[0] == '*';
        }
        char rate[24];
        gen_number(b, rate, sizeof rate, 1);
        int dup = 0;
        for (int j = 0; j < t->nrows; j++)
            dup |= strcmp(t->values[j], val) == 0;
        if (dup)
            continue;   /* two rows with the same values are an error */
        snprintf(t->values[t->nrows], sizeof t->values[0], "%s", val);
        snprintf(t->rate[t->nrows], sizeof t->rate[0], "%s", rate);
        t->nrows++;
    }
    gen_number(b, t->default_rate, sizeof t->default_rate, 1);
    /* Every deal must find a rate: a default, else a last row matching anything. */
    if (!t->has_default && !catch_all) {
        if (t->nrows == 0)
            t->has_default = 1;
        else {
            snprintf(t->values[t->nrows], sizeof t->values[0], "%s", t->two ? "* *" : "*");
            snprintf(t->rate[t->nrows], sizeof t->rate[0], "%s", t->default_rate);
            t->nrows++;
        }
    }
}

/* The mechanics of one version's ae commission (tiers chosen by the caller). */
static void gen_mechanics(bytes *b, gen_comm *c, int has_table)
{
    uint8_t tm = take_u8(b);
    for (int i = 0; i < c->ntiers; i++)
        c->table[i] = has_table && ((tm >> i) & 1);
    uint8_t gg = take_u8(b);
    c->gate = gg % 4 == 3 ? 0 : gg % 4 == 2 ? 2 : gg % 4;   /* none, retroactive, forward */
    c->gate_attr = (gg >> 2) & 1;
    if ((gg >> 3) & 1)
        snprintf(c->gate_v, sizeof c->gate_v, "%u%%", take_u8(b) % 150);
    else
        gen_amount(b, c->gate_v, sizeof c->gate_v, 40000);
    uint8_t dc = take_u8(b);
    c->has_deal_cap = dc % 8 == 4 || dc % 8 >= 6;   /* half have neither */
    c->has_deal_floor = dc % 8 == 5 || dc % 8 == 6;
    unsigned cap = take_u16(b) % 20000, floor = take_u16(b) % 2000;
    if (c->has_deal_cap && floor > cap)
        floor = cap;
    snprintf(c->deal_cap, sizeof c->deal_cap, (dc >> 3) & 1 ? "%u.5" : "%u", cap);
    snprintf(c->deal_floor, sizeof c->deal_floor, "%u", floor);
    uint8_t rl = take_u8(b);
    c->release = rl % 4 == 3 ? 0 : rl % 4;
    c->release_attr = (rl >> 2) & 1;
    uint8_t cb = take_u8(b);
    c->clawback = cb % 3;
    c->within = (cb >> 2) % 3;
    c->within_days = take_u8(b) * 2u;
}

static void gen_version_params(gen *g, bytes *b, int vi)
{
    gen_ext *x = &g->x;
    gen_version *v = &x->v[vi], *prev = vi ? &x->v[vi - 1] : NULL;
    const gen_plan *p = &g->plan;
    uint8_t what = vi ? take_u8(b) : 0;   /* which groups a later version changes */

    /* split shares */
    if (vi == 0 || !(what & 1)) {
        snprintf(v->closer_share, sizeof v->closer_share, "%s", vi ? prev->closer_share : p->closer_share);
        snprintf(v->marketing_share, sizeof v->marketing_share, "%s",
                 vi ? prev->marketing_share : p->marketing_share);
    } else {
        gen_number(b, v->closer_share, sizeof v->closer_share, 1);
        gen_number(b, v->marketing_share, sizeof v->marketing_share, 1);
    }

    /* the commission's tiers: the recipe's in the first version */
    gen_comm *c = &v->ae;
    if (vi == 0) {
        c->pct = p->pct;
        c->ntiers = p->ntiers;
        c->has_cap = p->has_cap;
        memcpy(c->upto, p->upto, sizeof c->upto);
        memcpy(c->rate, p->rate, sizeof c->rate);
        memcpy(c->cap, p->cap, sizeof c->cap);
    } else if (!(what & 2)) {
        *c = prev->ae;
    } else {
        gen_tiers(b, &c->pct, &c->ntiers, &c->has_cap, c->upto, c->rate, c->cap);
    }

    /* rate table and mechanics */
    if (vi && !(what & 4)) {
        v->has_table = prev->has_table;
        v->table = prev->table;
        int nt = c->ntiers;
        gen_comm keep = *c;
        *c = prev->ae;
        c->pct = keep.pct;
        c->ntiers = nt;
        c->has_cap = keep.has_cap;
        memcpy(c->upto, keep.upto, sizeof c->upto);
        memcpy(c->rate, keep.rate, sizeof c->rate);
        memcpy(c->cap, keep.cap, sizeof c->cap);
        for (int i = 0; i < nt; i++)
            c->table[i] = v->has_table && (i < prev->ae.ntiers ? prev->ae.table[i] : prev->ae.table[0]);
    } else {
        uint8_t t = take_u8(b);
        v->has_table = t % 3 == 1;
        if (v->has_table)
            gen_table_rows(b, &v->table);
        if (t & 0x80) {
            gen_mechanics(b, c, v->has_table);
        } else {
            c->gate = c->has_deal_cap = c->has_deal_floor = c->release = c->clawback = 0;
            for (int i = 0; i < c->ntiers; i++)
                c->table[i] = v->has_table && ((t >> (2 + i)) & 1);
        }
    }

    /* role mk's commission */
    if (vi == 0 || (what & 8)) {
        uint8_t mk = take_u8(b);
        if (vi == 0)
            snprintf(v->mk_rate, sizeof v->mk_rate, "%s", p->mk_rate);
        else
            gen_number(b, v->mk_rate, sizeof v->mk_rate, 1);
        v->mk_clawback = mk % 4 == 3 ? 0 : mk % 4;
        v->mk_release = (mk >> 2) % 4 == 3 ? 0 : (mk >> 2) % 4;
    } else {
        snprintf(v->mk_rate, sizeof v->mk_rate, "%s", prev->mk_rate);
        v->mk_clawback = prev->mk_clawback;
        v->mk_release = prev->mk_release;
    }

    /* the SPIF: the recipe's in the first version */
    if (vi == 0 || !(what & 16)) {
        v->spif_when = vi ? prev->spif_when : p->spif_when;
        v->spif_range = vi ? prev->spif_range : p->spif_range;
        snprintf(v->pay, sizeof v->pay, "%s", vi ? prev->pay : p->pay);
        snprintf(v->sfrom, sizeof v->sfrom, "%s", vi ? prev->sfrom : p->from);
        snprintf(v->sto, sizeof v->sto, "%s", vi ? prev->sto : p->to);
    } else {
        uint8_t s = take_u8(b);
        v->spif_when = s % COUNT(spif_whens);
        v->spif_range = (s >> 2) & 1;
        snprintf(v->pay, sizeof v->pay, "%u", take_u8(b));
        int m1 = 1 + take_u8(b) % 12, m2 = m1 + take_u8(b) % (13 - m1);
        snprintf(v->sfrom, sizeof v->sfrom, "%04d-%02d-01", YEAR, m1);
        snprintf(v->sto, sizeof v->sto, "%04d-%02d-%02d", YEAR, m2, date_days_in_month(YEAR, m2));
    }

    /* bonus levels, curve points, draw */
    if (vi == 0 || (what & 32)) {
        uint8_t n = take_u8(b);
        v->nlevels = 1 + n % MAX_LEVELS;
        unsigned att = 0;
        for (int i = 0; i < v->nlevels; i++) {
            att += 1 + take_u8(b) % 80;
            snprintf(v->level_att[i], sizeof v->level_att[i], "%u%%", att);
            gen_amount(b, v->level_pay[i], sizeof v->level_pay[i], 5000);
        }
        v->npoints = 2 + (n >> 2) % (MAX_POINTS - 1);
        v->extend = (n >> 4) & 1;
        att = 0;
        for (int i = 0; i < v->npoints; i++) {
            if (i)
                att += 1 + take_u8(b) % 100;
            snprintf(v->point_att[i], sizeof v->point_att[i], "%u%%", att);
            snprintf(v->point_pay[i], sizeof v->point_pay[i], "%u%%", take_u8(b) % 200);
        }
        gen_amount(b, v->target, sizeof v->target, 60000);
        uint8_t d = take_u8(b);
        gen_amount(b, v->draw_amount, sizeof v->draw_amount, 4000);
        v->recoverable = d & 1;
        v->has_limit = v->recoverable && ((d >> 1) & 1);
        v->has_forgive = v->recoverable && ((d >> 2) & 1);
        gen_amount(b, v->draw_limit, sizeof v->draw_limit, 2000);
        int fm = 1 + take_u8(b) % 12;
        snprintf(v->forgive, sizeof v->forgive, "%04d-%02d-%02d", (d >> 3) % 8 == 7 ? YEAR + 1 : YEAR, fm,
                 1 + (d >> 6) * 9);
    } else {
        v->nlevels = prev->nlevels;
        memcpy(v->level_att, prev->level_att, sizeof v->level_att);
        memcpy(v->level_pay, prev->level_pay, sizeof v->level_pay);
        v->npoints = prev->npoints;
        v->extend = prev->extend;
        memcpy(v->point_att, prev->point_att, sizeof v->point_att);
        memcpy(v->point_pay, prev->point_pay, sizeof v->point_pay);
        memcpy(v->target, prev->target, sizeof v->target);
        memcpy(v->draw_amount, prev->draw_amount, sizeof v->draw_amount);
        memcpy(v->draw_limit, prev->draw_limit, sizeof v->draw_limit);
        memcpy(v->forgive, prev->forgive, sizeof v->forgive);
        v->recoverable = prev->recoverable;
        v->has_limit = prev->has_limit;
        v->has_forgive = prev->has_forgive;
    }
}

/* Events: refunds and a last cancel per deal, on or after the close, never more than is left. */
static void gen_events(gen *g, bytes *b)
{
    gen_ext *x = &g->x;
    for (int i = 0; i < g->ndeals; i++) {
        const gen_deal *dl = &g->deals[i];
        uint8_t k = take_u8(b);
        int n = k % (MAX_EVENTS_PER_DEAL + 1);
        if (k & 0x80)
            n = 0;
        unsigned long long left = dl->th;
        day_t date = dl->close;
        for (int j = 0; j < n; j++) {
            uint8_t t = take_u8(b);
            date += (t & 0x10) ? take_u8(b) % 45 : (day_t)(take_u16(b) % 420);
            int cancel = j == n - 1 && t % 3 == 0;
            if (!cancel && left == 0)
                break;   /* nothing left to refund (a deal of 0, or refunded in full) */
            gen_event *e = &x->events[x->nevents++];
            e->deal = i;
            e->date = date;
            date_format(date, e->datestr);
            e->cancel = cancel;
            if (cancel) {
                e->th = left;
            } else {
                unsigned long long part = (t >> 5) == 7 ? left : 1 + (left - 1) * take_u8(b) / 255;
                e->th = part;
                left -= part;
            }
        }
    }
}

static void gen_payments(gen *g, bytes *b)
{
    gen_ext *x = &g->x;
    for (int i = 0; i < g->ndeals; i++) {
        const gen_deal *dl = &g->deals[i];
        uint8_t k = take_u8(b);
        int n = k % (MAX_PAYMENTS_PER_DEAL + 1);
        for (int j = 0; j < n; j++) {
            gen_payment *y = &x->payments[x->npayments++];
            uint8_t t = take_u8(b);
            y->deal = i;
            y->date = dl->close - 40 + (day_t)(take_u16(b) % 400);   /* a deposit may come first */
            date_format(y->date, y->datestr);
            static const unsigned num[8] = {1, 1, 2, 3, 4, 4, 5, 6};   /* quarters of the amount */
            y->th = dl->th * num[t % 8] / 4;
            if (y->th == 0)
                y->th = 1 + t;
        }
    }
}

static void gen_adjustments(gen *g, bytes *b)
{
    gen_ext *x = &g->x;
    int n = take_u8(b) % (MAX_ADJ + 1);
    for (int i = 0; i < n; i++) {
        uint8_t k = take_u8(b);
        int pi = k % g->npayees;
        const gen_payee *y = &g->payees[pi];
        const char *comp;
        if (y->role == 2)
            continue;   /* a payee whose role the plan lacks cannot be adjusted */
        if (y->role == 1) {
            comp = "campaign";
        } else {
            const char *ids[5];
            int nc = 0;
            ids[nc++] = "base";
            if (g->plan.has_spif)
                ids[nc++] = "bonus";
            if (x->has_bonus)
                ids[nc++] = "kicker";
            if (x->has_curve)
                ids[nc++] = "ti";
            if (x->has_draw)
                ids[nc++] = "draw";
            comp = ids[(k >> 3) % nc];
        }
        gen_adj *a = &x->adj[x->nadj++];
        a->payee = pi;
        a->month = 1 + take_u8(b) % 12;
        a->component = comp;
        a->cents = (long)take_u16(b) - 32768;
        if (a->cents == 0)
            a->cents = 1;
        a->reason = (k >> 6) % COUNT(reasons);
    }
}

/* Payees of role ae get a quota back when a construct of the second part needs one. */
static void fix_quotas(gen *g)
{
    gen_ext *x = &g->x;
    int need = x->has_bonus || x->has_curve;
    for (int v = 0; v < x->nversions; v++) {
        const gen_comm *c = &x->v[v].ae;
        need |= c->gate && strchr(c->gate_v, '%');
        need |= v > 0 && c->pct && c->ntiers > 1;
    }
    if (!need || x->keep_missing_quota)
        return;
    for (int i = 0; i < g->npayees; i++) {
        gen_payee *y = &g->payees[i];
        if (y->role != 0 || (y->quota[0] && strcmp(y->quota, "0") != 0))
            continue;
        snprintf(y->quota, sizeof y->quota, "%u%s", 10 * (y->qv ? y->qv : 1000), y->qfrac ? ".25" : "");
    }
}

static void gen_extension(gen *g, bytes *b)
{
    gen_ext *x = &g->x;
    uint8_t e0 = take_u8(b);
    x->nversions = 1 + e0 % 3;
    x->explicit_dates = (e0 >> 2) & 1;
    x->keep_missing_quota = (e0 >> 3) & 1;
    x->jobs2 = (e0 >> 4) & 1;
    x->reduced = (e0 >> 5) & 1;
    int cut[MAX_VERSIONS + 1] = {1, 13, 13, 13};
    if (x->nversions == 2) {
        cut[1] = 2 + take_u8(b) % 11;
    } else if (x->nversions == 3) {
        cut[1] = 2 + take_u8(b) % 10;
        cut[2] = cut[1] + 1 + take_u8(b) % (12 - cut[1]);
    }
    for (int v = 0; v < x->nversions; v++) {
        x->v[v].from = cut[v];
        x->v[v].to = (v + 1 < x->nversions ? cut[v + 1] : 13) - 1;
        for (int m = x->v[v].from; m <= x->v[v].to; m++)
            x->vmap[m] = v;
    }
    x->file_order = take_u8(b);

    uint8_t comps = take_u8(b);
    x->window = comps & 3;
    x->window_attr = (comps >> 2) & 1;
    x->has_bonus = (comps >> 3) & 1;
    x->has_curve = (comps >> 4) & 1;
    x->has_draw = (comps >> 5) & 1;
    x->draw_first = (comps >> 6) & 1;
    uint8_t w2 = take_u8(b);
    x->bonus_window = w2 & 3;
    x->curve_window = (w2 >> 2) & 3;

    for (int v = 0; v < x->nversions; v++)
        gen_version_params(g, b, v);

    uint8_t files = take_u8(b);
    x->has_events = files & 1;
    x->has_payments = (files >> 1) & 1;
    x->has_adjustments = (files >> 2) & 1;
    if (x->has_events)
        gen_events(g, b);
    if (x->has_payments)
        gen_payments(g, b);
    if (x->has_adjustments)
        gen_adjustments(g, b);

    uint8_t bad = take_u8(b);
    x->broken = bad % 32 == 31 ? 1 + (bad >> 5) % 6 : 0;
    if (x->broken == 6 && x->nversions > 1)
        x->broken = 1;
    if (x->broken && x->broken != 6 && x->nversions == 1)
        x->broken = 0;
    if (x->broken == 1 && x->v[0].from == x->v[0].to && x->v[1].from == x->v[1].to)
        x->broken = 2;   /* no room for a gap: an overlap */
    /* the raw field may land in one of the files of issue 6 */
    uint8_t cr = take_u8(b);
    if (g->corrupt && (cr & 3)) {
        int f = F_EVENTS + (cr & 3) - 1;
        if ((f == F_EVENTS && x->has_events) || (f == F_PAYMENTS && x->has_payments) ||
            (f == F_ADJUSTMENTS && x->has_adjustments))
            g->cfile = f;
    }
    fix_quotas(g);
}

static int year_of(day_t day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return y;
}

static int month_of(day_t day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return m;
}

/*
 * Can event e claw anything back, by the docs?  Not when it is dated after the plan year, nor
 * when the version in force on its deal's close date gives neither commission a <clawback>
 * policy, nor when it comes later than that version's within-days (ae's; mk's has none).
 * (An event of a deal outside the year is kept: that deal credits nobody anyway.)
 */
static int event_acts(const gen *g, const gen_event *e)
{
    const gen_deal *d = &g->deals[e->deal];
    if (year_of(d->close) != YEAR)
        return 1;
    if (year_of(e->date) != YEAR)
        return 0;
    const gen_version *v = &g->x.v[g->x.vmap[month_of(d->close)]];
    if (v->mk_clawback)
        return 1;
    if (!v->ae.clawback)
        return 0;
    unsigned days = v->ae.within == 2 ? v->ae.within_days : 0;
    return days == 0 || (unsigned long)(e->date - d->close) <= days;
}

/* Does any version hold pay until payments come (a release other than booking)? */
static int any_hold(const gen *g)
{
    for (int v = 0; v < g->x.nversions; v++)
        if (g->x.v[v].ae.release || g->x.v[v].mk_release)
            return 1;
    return 0;
}

/* ---- writing the files -------------------------------------------------- */

static const char *const file_names[F_COUNT] = {
    [F_ROSTER] = "roster.csv", [F_DEALS] = "deals.csv", [F_CAMPAIGNS] = "campaigns.csv",
    [F_TOUCHES] = "touches.csv", [F_EVENTS] = "events.csv", [F_PAYMENTS] = "payments.csv",
    [F_ADJUSTMENTS] = "adjustments.csv"};

/* The batch directory of the input being run: made before run_compute, removed after. */
static char dir[64];
static char paths[F_COUNT][96];
static char plan_paths[MAX_VERSIONS][96];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/truce-fuzz-batch-XXXXXX");
    CHECK(mkdtemp(dir), "cannot create a directory under /tmp");
    for (int i = 0; i < F_COUNT; i++)
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, file_names[i]);
    for (int v = 0; v < MAX_VERSIONS; v++)
        snprintf(plan_paths[v], sizeof plan_paths[v], "%s/plan-v%d.xml", dir, v + 1);
}

static void remove_dir(void)
{
    for (int i = 0; i < F_COUNT; i++)
        unlink(paths[i]);
    for (int v = 0; v < MAX_VERSIONS; v++)
        unlink(plan_paths[v]);
    rmdir(dir);
}

static void write_file(const char *path, const strbuf *sb)
{
    FILE *f = fopen(path, "wb");
    CHECK(f, "cannot write %s", path);
    if (sb->len)
        CHECK(fwrite(sb->p, 1, sb->len, f) == sb->len, "short write");
    CHECK(fclose(f) == 0, "close");
}

/* One CSV field: row r (0 = header) and column c of file `file`, maybe the raw bytes instead. */
static void put_field(strbuf *sb, const gen *g, int file, int r, int c, const char *v)
{
    if (c)
        sb_putc(sb, ',');
    if (g->corrupt && g->cfile == file && g->crow == r && g->ccol == c) {
        sb_putc(sb, '"');
        for (const char *s = g->craw; *s; s++) {
            if (*s == '"')
                sb_putc(sb, '"');
            sb_putc(sb, *s);
        }
        sb_putc(sb, '"');
        return;
    }
    sb_put_csv_field(sb, v);
}

static void put_row(strbuf *sb, const gen *g, int file, int r, const char *const *v, int n)
{
    for (int c = 0; c < n; c++)
        put_field(sb, g, file, r, c, v[c]);
    sb_putc(sb, '\n');
}

/* An amount in thousandths as a decimal. */
static void th_text(char *out, size_t n, unsigned long long th)
{
    if (th % 1000)
        snprintf(out, n, "%llu.%03llu", th / 1000, th % 1000);
    else
        snprintf(out, n, "%llu", th / 1000);
}

/* The main split's closer and marketing parts, with the shares of version v. */
static void main_parts(strbuf *mp, const gen *g, const gen_version *v)
{
    const gen_plan *p = &g->plan;
    if (p->has_closer)
        sb_printf(mp, "<closer share=\"%s\"/>", v->closer_share);
    if (p->has_marketing) {
        sb_printf(mp, "<marketing share=\"%s\" model=\"%s\"", v->marketing_share, models[p->model]);
        if (p->model == MODEL_TIME_DECAY)
            sb_printf(mp, " half-life=\"%u\"", p->half_life);
        if (p->model == MODEL_MARKOV || p->model == MODEL_SHAPLEY)
            sb_printf(mp, " trained-on=\"%d\"", YEAR - 1);
        if (p->model == MODEL_CUSTOM) {
            sb_puts(mp, ">");
            for (int i = 0; i < POS_COUNT; i++)
                if (p->has_weight[i])
                    sb_printf(mp, "<weight at=\"%s\" value=\"%s\"/>", positions[i], p->weight[i]);
            sb_puts(mp, "</marketing>");
        } else {
            sb_puts(mp, "/>");
        }
    }
}

static void put_clawback(strbuf *sb, int policy, int within, unsigned days)
{
    if (!policy)
        return;
    sb_printf(sb, "<clawback policy=\"%s\"", policy_names[policy]);
    if (within)
        sb_printf(sb, " within-days=\"%u\"", within == 1 ? 0 : days);
    sb_puts(sb, "/>");
}

/* The text of version vi (the whole plan when there is one version), into out (empty). */
static void build_plan(const gen *g, int vi, strbuf *out)
{
    const gen_plan *p = &g->plan;
    const gen_ext *x = &g->x;
    const gen_version *v = &x->v[vi];
    const gen_comm *c = &v->ae;
    int broken = x->broken && vi == 1 ? x->broken : 0;   /* kinds 1-5 break the second version */
#define sb (*out)
    sb_printf(&sb, "<plan xmlns=\"urn:truce:plan:1\" id=\"fz\" year=\"%d\" currency=\"%s\" rounding=\"%s\"",
              YEAR, broken == 5 ? (strcmp(p->currency, "USD") ? "USD" : "EUR") : p->currency,
              roundings[p->rounding]);
    if (x->nversions > 1 || x->explicit_dates || x->broken == 6) {
        int from = v->from, to = v->to;
        if (x->broken == 1) {   /* a gap between the first two versions */
            int shrink_first = x->v[0].to > x->v[0].from;
            if (vi == 0 && shrink_first)
                to--;
            if (vi == 1 && !shrink_first)
                from++;
        }
        if (broken == 2)
            from--;      /* overlaps the first version */
        if (x->broken == 6)
            from = 2;    /* a single plan in force from February only */
        if (vi > 0 || x->explicit_dates || x->broken == 6)
            sb_printf(&sb, " effective-from=\"%04d-%02d-01\"", YEAR, from < 1 ? 1 : from);
        if (vi + 1 < x->nversions || x->explicit_dates)
            sb_printf(&sb, " effective-to=\"%04d-%02d-%02d\"", YEAR, to < 1 ? 1 : to,
                      date_days_in_month(YEAR, to < 1 ? 1 : to));
    }
    sb_puts(&sb, ">\n<credit>\n");

    strbuf mps = STRBUF_INIT;
    main_parts(&mps, g, v);
    const char *mp = mps.p ? mps.p : "";
    switch (p->tmpl) {
    case 0:
        sb_printf(&sb, "<split>%s</split>\n", mp);
        break;
    case 1:
        sb_printf(&sb, "<split when=\"source = 'marketing'\">%s</split>\n", mp);
        sb_puts(&sb, "<split><closer share=\"100%\"/></split>\n");
        break;
    case 2:
        sb_printf(&sb, "<split when=\"amount &gt;= %u\">%s</split>\n", p->threshold, mp);
        sb_printf(&sb, "<split when=\"source in ('partner', 'web')\"><marketing share=\"%s\" model=\"linear\"/></split>\n",
                  v->marketing_share);
        break;
    default:
        sb_printf(&sb, "<split when=\"discount * amount / 100 &gt; 1000 or product = 'Pro'\"><closer share=\"%s\"/></split>\n",
                  v->closer_share);
        sb_printf(&sb, "<split>%s</split>\n", mp);
        break;
    }
    sb_free(&mps);
    sb_puts(&sb, "</credit>\n");

    if (v->has_table) {
        const gen_table *t = &v->table;
        sb_printf(&sb, "<rate-table id=\"rt\" fields=\"%s\">", t->two ? "product source" : "product");
        for (int i = 0; i < t->nrows; i++)
            sb_printf(&sb, "<row values=\"%s\" rate=\"%s\"/>", t->values[i], t->rate[i]);
        if (t->has_default)
            sb_printf(&sb, "<default rate=\"%s\"/>", t->default_rate);
        sb_puts(&sb, "</rate-table>\n");
    }

    sb_puts(&sb, "<role id=\"ae\">\n");
    if (x->has_draw && x->draw_first)
        goto draw;
commission:
    sb_printf(&sb, "<commission id=\"base\" mode=\"%s\"", (p->retro ^ (broken == 4)) ? "retroactive" : "marginal");
    if (x->window || x->window_attr || broken == 3)
        sb_printf(&sb, " window=\"%s\"", window_names[broken == 3 ? (x->window + 1) % 4 : x->window]);
    if (c->has_cap)
        sb_printf(&sb, " cap=\"%s\"", c->cap);
    if (c->gate) {
        sb_printf(&sb, " gate=\"%s\"", c->gate_v);
        if (c->gate == 2 || c->gate_attr)
            sb_printf(&sb, " gate-pay=\"%s\"", c->gate == 2 ? "forward" : "retroactive");
    }
    if (c->has_deal_cap)
        sb_printf(&sb, " deal-cap=\"%s\"", c->deal_cap);
    if (c->has_deal_floor)
        sb_printf(&sb, " deal-floor=\"%s\"", c->deal_floor);
    if (c->release || c->release_attr)
        sb_printf(&sb, " release=\"%s\"", release_names[c->release]);
    sb_puts(&sb, ">");
    put_clawback(&sb, c->clawback, c->within, c->within_days);
    for (int i = 0; i < c->ntiers; i++) {
        sb_puts(&sb, "<tier");
        if (i + 1 < c->ntiers)
            sb_printf(&sb, " upto=\"%s\"", c->upto[i]);
        if (c->table[i])
            sb_puts(&sb, " rate-table=\"rt\"/>");
        else
            sb_printf(&sb, " rate=\"%s\"/>", c->rate[i]);
    }
    sb_puts(&sb, "</commission>\n");
    if (p->has_spif) {
        sb_printf(&sb, "<spif id=\"bonus\" pay=\"%s\"", v->pay);
        if (spif_whens[v->spif_when])
            sb_printf(&sb, " when=\"%s\"", spif_whens[v->spif_when]);
        if (v->spif_range)
            sb_printf(&sb, " from=\"%s\" to=\"%s\"", v->sfrom, v->sto);
        sb_puts(&sb, "/>\n");
    }
    if (x->has_bonus) {
        sb_printf(&sb, "<bonus id=\"kicker\"");
        if (x->bonus_window)
            sb_printf(&sb, " window=\"%s\"", window_names[x->bonus_window]);
        sb_puts(&sb, ">");
        for (int i = 0; i < v->nlevels; i++)
            sb_printf(&sb, "<level attainment=\"%s\" pay=\"%s\"/>", v->level_att[i], v->level_pay[i]);
        sb_puts(&sb, "</bonus>\n");
    }
    if (x->has_curve) {
        sb_printf(&sb, "<curve id=\"ti\" target=\"%s\"", v->target);
        if (x->curve_window)
            sb_printf(&sb, " window=\"%s\"", window_names[x->curve_window]);
        if (v->extend)
            sb_puts(&sb, " extend=\"true\"");
        sb_puts(&sb, ">");
        for (int i = 0; i < v->npoints; i++)
            sb_printf(&sb, "<point attainment=\"%s\" payout=\"%s\"/>", v->point_att[i], v->point_pay[i]);
        sb_puts(&sb, "</curve>\n");
    }
    if (x->has_draw && !x->draw_first) {
    draw:
        sb_printf(&sb, "<draw id=\"draw\" amount=\"%s\"", v->draw_amount);
        if (v->recoverable)
            sb_puts(&sb, " recoverable=\"true\"");
        if (v->has_limit)
            sb_printf(&sb, " recovery-limit=\"%s\"", v->draw_limit);
        if (v->has_forgive)
            sb_printf(&sb, " forgive=\"%s\"", v->forgive);
        sb_puts(&sb, "/>\n");
        if (x->draw_first)
            goto commission;
    }
    sb_puts(&sb, "</role>\n<role id=\"mk\">");
    sb_puts(&sb, "<commission id=\"campaign\"");
    if (v->mk_release)
        sb_printf(&sb, " release=\"%s\"", release_names[v->mk_release]);
    sb_puts(&sb, ">");
    put_clawback(&sb, v->mk_clawback, 0, 0);
    sb_printf(&sb, "<tier rate=\"%s\"/></commission>", v->mk_rate);
    sb_puts(&sb, "</role>\n</plan>\n");
#undef sb
}

/* The CSV files' text, into files[F_*] (empty); absent files stay empty (have[f] = 0). */
static void build_batch(const gen *g, strbuf *files, int have[F_COUNT], int reduced)
{
    static const char *const role_names[3] = {"ae", "mk", "intern"};
    const gen_ext *x = &g->x;
    strbuf *sb;
    memset(have, 0, F_COUNT * sizeof *have);
    have[F_ROSTER] = have[F_DEALS] = 1;

    sb = &files[F_ROSTER];
    static const char *const rh[] = {"payee_id", "name", "role", "annual_quota"};
    put_row(sb, g, F_ROSTER, 0, rh, 4);
    for (int i = 0; i < g->npayees; i++) {
        const gen_payee *y = &g->payees[i];
        const char *row[] = {y->id, i & 1 ? "Ren\xc3\xa9 \"R\", Jr." : "Ana", role_names[y->role], y->quota};
        put_row(sb, g, F_ROSTER, i + 1, row, 4);
    }

    sb = &files[F_DEALS];
    static const char *const dh[] = {"deal_id", "close_date", "amount", "closer_id", "source", "product", "discount", "seats"};
    put_row(sb, g, F_DEALS, 0, dh, 8);
    for (int i = 0; i < g->ndeals; i++) {
        const gen_deal *d = &g->deals[i];
        char disc[8], seats[8];
        snprintf(disc, sizeof disc, "%u", d->discount);
        snprintf(seats, sizeof seats, "%u", d->seats);
        const char *row[] = {d->id, d->date, d->amount, g->payees[d->closer].id, sources[d->source],
                             d->pro ? "Pro" : "Core", disc, seats};
        put_row(sb, g, F_DEALS, i + 1, row, 8);
    }

    if (g->with_touches) {
        have[F_CAMPAIGNS] = have[F_TOUCHES] = 1;
        sb = &files[F_CAMPAIGNS];
        static const char *const ch[] = {"campaign_id", "name", "owner_id", "cost"};
        put_row(sb, g, F_CAMPAIGNS, 0, ch, 4);
        for (int i = 0; i < g->ncampaigns; i++) {
            const gen_campaign *c = &g->campaigns[i];
            const char *row[] = {c->id, "Spring, \"big\" push", c->owner >= 0 ? g->payees[c->owner].id : "", c->cost};
            put_row(sb, g, F_CAMPAIGNS, i + 1, row, 4);
        }

        sb = &files[F_TOUCHES];
        static const char *const th[] = {"deal_id", "campaign_id", "touch_date", "stage"};
        put_row(sb, g, F_TOUCHES, 0, th, 4);
        for (int i = 0; i < g->ntouches; i++) {
            const gen_touch *u = &g->touches[i];
            const char *row[] = {g->deals[u->deal].id, g->campaigns[u->campaign].id, u->datestr, stages[u->stage]};
            put_row(sb, g, F_TOUCHES, i + 1, row, 4);
        }
    }

    if (x->has_events) {
        have[F_EVENTS] = 1;
        sb = &files[F_EVENTS];
        static const char *const eh[] = {"deal_id", "date", "kind", "amount"};
        put_row(sb, g, F_EVENTS, 0, eh, 4);
        /* Rows by round: every deal's first event, then every deal's second, ...: a deal's own
           events keep their order (nothing may follow a cancel), the deals interleave. */
        int r = 1;
        for (int round = 0; round < MAX_EVENTS_PER_DEAL; round++)
            for (int d = 0; d < g->ndeals; d++) {
                int k = 0;
                for (int i = 0; i < x->nevents; i++) {
                    const gen_event *e = &x->events[i];
                    if (e->deal != d || k++ != round)
                        continue;
                    if (reduced && !event_acts(g, e))
                        continue;
                    char amt[32];
                    th_text(amt, sizeof amt, e->th);
                    const char *row[] = {g->deals[d].id, e->datestr, e->cancel ? "cancel" : "refund",
                                         e->cancel ? "" : amt};
                    put_row(sb, g, F_EVENTS, r++, row, 4);
                }
            }
    }
    if (x->has_payments && !(reduced && !any_hold(g))) {
        have[F_PAYMENTS] = 1;
        sb = &files[F_PAYMENTS];
        static const char *const ph[] = {"deal_id", "date", "amount"};
        put_row(sb, g, F_PAYMENTS, 0, ph, 3);
        for (int i = x->npayments - 1; i >= 0; i--) {   /* in any order: last first */
            const gen_payment *y = &x->payments[i];
            char amt[32];
            th_text(amt, sizeof amt, y->th);
            const char *row[] = {g->deals[y->deal].id, y->datestr, amt};
            put_row(sb, g, F_PAYMENTS, x->npayments - i, row, 3);
        }
    }
    if (x->has_adjustments) {
        have[F_ADJUSTMENTS] = 1;
        sb = &files[F_ADJUSTMENTS];
        static const char *const ah[] = {"payee_id", "period", "component_id", "amount", "reason",
                                         "approved_by"};
        put_row(sb, g, F_ADJUSTMENTS, 0, ah, 6);
        for (int i = 0; i < x->nadj; i++) {
            const gen_adj *a = &x->adj[i];
            char period[8], amt[24];
            snprintf(period, sizeof period, "%04d-%02d", YEAR, a->month);
            long v = a->cents < 0 ? -a->cents : a->cents;
            snprintf(amt, sizeof amt, "%s%ld.%02ld", a->cents < 0 ? "-" : "", v / 100, v % 100);
            const char *row[] = {g->payees[a->payee].id, period, a->component, amt, reasons[a->reason],
                                 i & 1 ? "cfo" : "vp-sales"};
            put_row(sb, g, F_ADJUSTMENTS, i + 1, row, 6);
        }
    }
}

/* ---- the checks --------------------------------------------------------- */

/* With FUZZ_STATS set, how often each outcome was reached (printed at exit). */
static struct {
    unsigned long runs, ok, corrupt, lines, attributed, checked_parts, sharded;
    unsigned long versions, mechanics, events, payments, adjustments, broken;
    unsigned long walk_ref, walk_ambiguous, spif_ref, bonus_ref, curve_ref, draw_ref;
    unsigned long ref_gate_rev, ref_acts, ref_rev, ref_gate_open, ref_gate_shut, ref_held, ref_clamped;
    unsigned long jobs2, reduced, fitted;
} stats;

/* Reference checks FUZZ_BATCH_SKIP leaves out. */
enum {
    SK_WALK = 1, SK_SPIF = 2, SK_BONUS = 4, SK_CURVE = 8, SK_DRAW = 16, SK_EVENTS = 32,
    /* narrower: only where versions differ in what the docs decided (issue 16), and so on */
    SK_RELEASE_V = 64, SK_EVENT_V = 128, SK_RETRO_V = 256, SK_GATE_RECALC = 512, SK_BONUS_V = 1024,
    SK_CURVE_V = 2048, SK_DRAW_ADJ = 4096, SK_RETRO_RECALC = 8192,
};
static unsigned skip;

static void read_skip(void)
{
    static const struct { const char *name; unsigned bit; } names[] = {
        {"walk", SK_WALK}, {"spif", SK_SPIF}, {"bonus", SK_BONUS}, {"curve", SK_CURVE},
        {"draw", SK_DRAW}, {"events", SK_EVENTS}, {"refs", 63},
        {"release-versions", SK_RELEASE_V}, {"event-versions", SK_EVENT_V},
        {"retro-versions", SK_RETRO_V}, {"gate-recalc", SK_GATE_RECALC},
        {"bonus-versions", SK_BONUS_V}, {"curve-versions", SK_CURVE_V},
        {"draw-adjustments", SK_DRAW_ADJ}, {"retro-recalc", SK_RETRO_RECALC}, {"known", 0x3fc0}};
    const char *s = getenv("FUZZ_BATCH_SKIP");
    while (s && *s) {
        size_t n = strcspn(s, ",");
        for (int i = 0; i < COUNT(names); i++)
            if (strlen(names[i].name) == n && strncmp(s, names[i].name, n) == 0)
                skip |= names[i].bit;
        s += n + (s[n] == ',');
    }
}

/* The split the template's conditions choose for deal i: -1 out of scope or none. */
static int expected_split(const gen *g, int i)
{
    const gen_deal *x = &g->deals[i];
    if (year_of(x->close) != YEAR)
        return -1;
    switch (g->plan.tmpl) {
    case 0:
        return 0;
    case 1:
        return x->source == 0 ? 0 : 1;
    case 2:
        if (mpq_cmp_ui(x->value, g->plan.threshold, 1) >= 0)
            return 0;
        return x->source == 1 || x->source == 2 ? 1 : -1;
    default: {
        mpq_t v;
        mpq_init(v);
        mpq_set_ui(v, x->discount, 100);
        mpq_mul(v, v, x->value);
        int holds = mpq_cmp_ui(v, 1000, 1) > 0 || x->pro;
        mpq_clear(v);
        return holds ? 0 : 1;
    }
    }
}

/* Expected part of M for each campaign under linear, first/last-touch or time-decay; 0 if not such a model. */
static int expected_parts(const gen *g, const split *s, int di, mpq_t *part, int *any)
{
    const gen_deal *x = &g->deals[di];
    const gen_touch *el[MAX_TOUCHES_PER_DEAL];
    int n = 0;
    for (int i = 0; i < g->ntouches; i++)   /* generated in row order */
        if (g->touches[i].deal == di && g->touches[i].date <= x->close)
            el[n++] = &g->touches[i];
    /* by date, then row: a stable insertion sort */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && el[j - 1]->date > el[j]->date; j--) {
            const gen_touch *t = el[j];
            el[j] = el[j - 1];
            el[j - 1] = t;
        }
    for (int c = 0; c < MAX_CAMPAIGNS; c++)
        mpq_set_ui(part[c], 0, 1);
    *any = n > 0;
    if (n == 0)
        return 1;
    mpq_t w, total;
    mpq_inits(w, total, NULL);
    switch (s->model) {
    case MODEL_LINEAR:
        for (int i = 0; i < n; i++) {
            mpq_set_ui(w, 1, (unsigned long)n);
            mpq_add(part[el[i]->campaign], part[el[i]->campaign], w);
        }
        break;
    case MODEL_FIRST_TOUCH:
        mpq_set_ui(part[el[0]->campaign], 1, 1);
        break;
    case MODEL_LAST_TOUCH:
        mpq_set_ui(part[el[n - 1]->campaign], 1, 1);
        break;
    case MODEL_TIME_DECAY:
        for (int i = 0; i < n; i++) {
            long steps = (long)(x->close - el[i]->date) / s->half_life;
            mpz_set_ui(mpq_numref(w), 1);
            mpz_set_ui(mpq_denref(w), 1);
            mpz_mul_2exp(mpq_denref(w), mpq_denref(w), (mp_bitcnt_t)steps);
            mpq_add(total, total, w);
        }
        for (int i = 0; i < n; i++) {
            long steps = (long)(x->close - el[i]->date) / s->half_life;
            mpz_set_ui(mpq_numref(w), 1);
            mpz_set_ui(mpq_denref(w), 1);
            mpz_mul_2exp(mpq_denref(w), mpq_denref(w), (mp_bitcnt_t)steps);
            mpq_div(w, w, total);
            mpq_add(part[el[i]->campaign], part[el[i]->campaign], w);
        }
        break;
    default:
        mpq_clears(w, total, NULL);
        return 0;
    }
    mpq_clears(w, total, NULL);
    return 1;
}

/* A payee's credit line, as crediting every deal again made it. */
typedef struct rline {
    uint32_t deal;
    int role;              /* credit_role */
    int campaign;          /* batch campaign index, -1 none */
    mpq_t credit;
} rline;

/* What crediting every deal again gives, for the earnings checks. */
typedef struct recredit {
    mpq_t credit[MAX_PAYEES][NM];                /* per payee and month */
    int credited[MAX_PAYEES][MAX_DEALS];         /* the payee has a line of the deal */
    rline lines[MAX_PAYEES][MAX_LINES];          /* its lines, in deal order */
    int nlines[MAX_PAYEES];
} recredit;

static int same_line(const credit_line *a, const credit_line *b)
{
    return a->deal == b->deal && a->payee == b->payee && a->campaign == b->campaign &&
           a->role == b->role && mpq_equal(a->credit, b->credit);
}

/* The run holds the versions as generated: dates, order, and the version of each month. */
static void check_versions(const gen *g, const run_state *r)
{
    const gen_ext *x = &g->x;
    CHECK(r->plans.n == (size_t)x->nversions, "%zu versions loaded of %d", r->plans.n, x->nversions);
    CHECK(r->plan == r->plans.v[0], "run.plan is not the first version");
    for (int v = 0; v < x->nversions; v++) {
        const plan *p = r->plans.v[v];
        CHECK(p->effective_from == date_from_ymd(YEAR, x->v[v].from, 1), "version %d: effective-from", v);
        CHECK(p->effective_to == date_from_ymd(YEAR, x->v[v].to, date_days_in_month(YEAR, x->v[v].to)),
              "version %d: effective-to", v);
        CHECK(p->year == YEAR && p->nroles == 2, "version %d: year or roles", v);
    }
    for (int m = 1; m < NM; m++) {
        CHECK(r->plans.month_version[m] == x->vmap[m], "month %d: version %d, want %d", m,
              r->plans.month_version[m], x->vmap[m]);
        CHECK(plan_set_at(&r->plans, m) == r->plans.v[x->vmap[m]], "plan_set_at(%d)", m);
        CHECK(r->earnings.version[m] == r->plans.v[x->vmap[m]], "earnings.version[%d]", m);
    }
}

/*
 * Credits every deal again (credit_deal on the version in force on its close date) and checks
 * each deal's lines, and the run's month_lines against them.
 */
static void check_credits(const gen *g, const run_state *r, int month, recredit *rc)
{
    const plan *p0 = r->plan;
    const batch *b = &r->batch;
    const credits *ml = &r->month_lines;
    CHECK(b->ndeals == (size_t)g->ndeals || g->corrupt, "%zu deals loaded of %d", b->ndeals, g->ndeals);
    CHECK(b->npayees <= MAX_PAYEES && b->ndeals <= MAX_DEALS && b->ncampaigns <= MAX_CAMPAIGNS,
          "more rows than generated");

    mpq_t total, mkt, want, prod;
    mpq_inits(total, mkt, want, prod, NULL);
    mpq_t part[MAX_CAMPAIGNS];
    for (int k = 0; k < MAX_CAMPAIGNS; k++)
        mpq_init(part[k]);
    credit_scratch cs;
    credit_scratch_init(&cs);
    diag quiet;
    diag_init(&quiet);

    size_t mi = 0;   /* next of the run's month_lines */
    for (size_t di = 0; di < b->ndeals; di++) {
        const deal *x = &b->deals[di];
        int in_scope = year_of(x->close) == p0->year;
        const plan *p = in_scope ? r->plans.v[g->x.vmap[x->month]] : p0;
        CHECK(run_deal_plan(r, (uint32_t)di) == (in_scope ? p : plan_set_at(&r->plans, x->month)),
              "deal %s: run_deal_plan is not the version of its month", x->id);
        long si = credit_deal(&cs, p, b, (uint32_t)di, &quiet);
        CHECK(si >= CREDIT_OUT_OF_SCOPE && si < (long)p->nsplits, "credit_deal returned %ld", si);
        CHECK(si != CREDIT_EVAL_ERROR, "deal %s fails to credit in a run that succeeded", x->id);
        CHECK((si == CREDIT_OUT_OF_SCOPE) == !in_scope, "deal %s: scope", x->id);
        CHECK(x->month == month_of(x->close), "deal %s: month %d", x->id, x->month);
        int used = si >= 0 ? (int)si : -1;
        CHECK(r->deal_split[di] == used, "deal %s: the run used split %d, credit_deal %d", x->id,
              r->deal_split[di], used);
        if (!g->corrupt)
            CHECK(used == expected_split(g, (int)di), "deal %s: split %d, want %d", x->id, used,
                  expected_split(g, (int)di));

        /* the deal's lines: closer first, then unattributed, then campaigns by id */
        const credits *lines = &cs.lines;
        mpq_set_ui(total, 0, 1);
        mpq_set_ui(mkt, 0, 1);
        int last_kind = -1;   /* 0 closer, 1 unattributed, 2 campaign */
        const char *last_campaign = NULL;
        for (size_t li = 0; li < lines->n; li++) {
            const credit_line *l = &lines->lines[li];
            CHECK(l->deal == di, "deal %s: a line of deal %u", x->id, l->deal);
            CHECK(mpq_sgn(l->credit) > 0, "deal %s: a credit line %s", x->id,
                  mpq_sgn(l->credit) ? "below zero" : "of zero");
            CHECK(mpz_sgn(mpq_denref(l->credit)) > 0, "deal %s: credit not canonical", x->id);
            mpq_add(total, total, l->credit);
            int kind;
            if (l->role == CREDIT_CLOSER) {
                kind = 0;
                CHECK(l->payee == x->closer && l->campaign == -1, "deal %s: closer line to %d", x->id, l->payee);
            } else {
                CHECK(l->role == CREDIT_MARKETING, "role %d", (int)l->role);
                mpq_add(mkt, mkt, l->credit);
                if (l->campaign < 0) {
                    kind = 1;
                    CHECK(l->payee == -1, "deal %s: unattributed line with a payee", x->id);
                } else {
                    kind = 2;
                    CHECK((size_t)l->campaign < b->ncampaigns, "campaign %d", l->campaign);
                    CHECK(l->payee == b->campaigns[l->campaign].owner,
                          "deal %s: marketing line not to the campaign's owner", x->id);
                    const char *id = b->campaigns[l->campaign].id;
                    CHECK(!last_campaign || strcmp(last_campaign, id) < 0, "deal %s: campaigns out of order", x->id);
                    last_campaign = id;
                }
            }
            CHECK(kind > last_kind || kind == 2, "deal %s: lines out of order", x->id);
            last_kind = kind;
            if (l->payee >= 0) {
                CHECK((size_t)l->payee < b->npayees, "payee %d", l->payee);
                mpq_add(rc->credit[l->payee][x->month], rc->credit[l->payee][x->month], l->credit);
                rc->credited[l->payee][di] = 1;
                CHECK(rc->nlines[l->payee] < MAX_LINES, "more lines than can be");
                rline *k = &rc->lines[l->payee][rc->nlines[l->payee]++];
                k->deal = (uint32_t)di;
                k->role = l->role;
                k->campaign = l->campaign;
                mpq_set(k->credit, l->credit);
            }
            /* the run kept the lines of the reported month's deals, in deal order */
            if (x->month == month) {
                CHECK(mi < ml->n && same_line(&ml->lines[mi], l), "month_lines differ at deal %s", x->id);
                mi++;
            }
        }
        if (si < 0) {
            CHECK(lines->n == 0, "deal %s without a split has lines", x->id);
            continue;
        }
        const split *sp = &p->splits[si];
        mpq_set_ui(want, 0, 1);
        if (sp->has_closer) {
            mpq_mul(prod, x->amount, sp->closer_share);
            mpq_add(want, want, prod);
        }
        mpq_set_ui(prod, 0, 1);
        if (sp->has_marketing)
            mpq_mul(prod, x->amount, sp->marketing_share);
        mpq_add(want, want, prod);
        CHECK(mpq_equal(total, want), "deal %s: credit lines do not add up to amount x shares", x->id);
        CHECK(mpq_equal(mkt, prod), "deal %s: marketing lines do not add up to amount x share", x->id);

        int any;
        if (!g->corrupt && sp->has_marketing && mpq_sgn(prod) > 0 && expected_parts(g, sp, (int)di, part, &any)) {
            for (size_t li = 0; li < lines->n; li++) {
                const credit_line *l = &lines->lines[li];
                if (l->role != CREDIT_MARKETING)
                    continue;
                if (l->campaign < 0) {
                    CHECK(!any, "deal %s: unattributed although it has eligible touches", x->id);
                    continue;
                }
                mpq_t w;
                mpq_init(w);
                mpq_mul(w, prod, part[l->campaign]);
                CHECK(mpq_equal(w, l->credit), "deal %s: campaign %s's part differs (%s)", x->id,
                      b->campaigns[l->campaign].id, attribution_model_name(sp->model));
                mpq_clear(w);
                mpq_set_ui(part[l->campaign], 0, 1);   /* seen */
            }
            for (int k = 0; k < MAX_CAMPAIGNS; k++)
                CHECK(mpq_sgn(part[k]) == 0, "deal %s: campaign %d has no line", x->id, k);
            stats.checked_parts++;
        }
        stats.lines += lines->n;
        for (size_t li = 0; li < lines->n; li++)
            stats.attributed += lines->lines[li].campaign >= 0;
    }
    CHECK(mi == ml->n, "month_lines has %zu lines, the month's deals %zu", ml->n, mi);
    credit_scratch_free(&cs);
    diag_free(&quiet);
    for (int k = 0; k < MAX_CAMPAIGNS; k++)
        mpq_clear(part[k]);
    mpq_clears(total, mkt, want, prod, NULL);
}

/* The contract's order of a payee's credit lines (close_date, deal_id, closer first, campaign_id). */
static int line_cmp(const run_state *r, const credit_line *a, const credit_line *b)
{
    const deal *x = &r->batch.deals[a->deal], *y = &r->batch.deals[b->deal];
    if (x->close != y->close)
        return x->close < y->close ? -1 : 1;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    if (a->role != b->role)
        return a->role == CREDIT_CLOSER ? -1 : 1;
    const char *ca = a->campaign < 0 ? "" : r->batch.campaigns[a->campaign].id;
    const char *cb = b->campaign < 0 ? "" : r->batch.campaigns[b->campaign].id;
    return strcmp(ca, cb);
}

/* ---- the pay mechanics, worked out again from docs/plan-language.md ------ */

/* Component ki of role `role` in the version the recipe puts in force in month m. */
static const component *comp_in(const gen *g, const run_state *r, const char *role_id, size_t ki, int m)
{
    const role *rl = plan_find_role(r->plans.v[g->x.vmap[m]], role_id);
    CHECK(rl && ki < rl->ncomponents, "version %d lacks role %s's component %zu", g->x.vmap[m], role_id, ki);
    return &rl->components[ki];
}

static int tables_same(const rate_table *a, const rate_table *b)
{
    if (!a || !b)
        return a == b;
    if (a->nfields != b->nfields || a->nrows != b->nrows || a->has_default != b->has_default ||
        (a->has_default && !mpq_equal(a->default_rate, b->default_rate)))
        return 0;
    for (size_t i = 0; i < a->nfields; i++)
        if (strcmp(a->fields[i], b->fields[i]))
            return 0;
    for (size_t r = 0; r < a->nrows; r++) {
        if (!mpq_equal(a->rows[r].rate, b->rows[r].rate))
            return 0;
        for (size_t i = 0; i < a->nfields; i++)
            if (strcmp(a->rows[r].values[i], b->rows[r].values[i]))
                return 0;
    }
    return 1;
}

/* What of component ki the versions of the year disagree on (for FUZZ_BATCH_SKIP's narrow names). */
enum { D_RELEASE = 1, D_CLAWBACK = 2, D_TIERS = 4, D_LEVELS = 8, D_CURVE = 16 };

static int versions_differ(const gen *g, const run_state *r, const char *role_id, size_t ki)
{
    const component *a = comp_in(g, r, role_id, ki, 1);
    int out = 0;
    for (int m = 2; m < NM; m++) {
        const component *b = comp_in(g, r, role_id, ki, m);
        if (a->release != b->release)
            out |= D_RELEASE;
        if (a->clawback != b->clawback || a->within_days != b->within_days)
            out |= D_CLAWBACK;
        int same = a->ntiers == b->ntiers && a->upto_percent == b->upto_percent;
        for (size_t i = 0; same && i < a->ntiers; i++)
            same = (i + 1 == a->ntiers || mpq_equal(a->tiers[i].upto, b->tiers[i].upto)) &&
                   mpq_equal(a->tiers[i].rate, b->tiers[i].rate) && tables_same(a->tiers[i].table, b->tiers[i].table);
        if (!same)
            out |= D_TIERS;
        same = a->nlevels == b->nlevels;
        for (size_t i = 0; same && i < a->nlevels; i++)
            same = mpq_equal(a->levels[i].attainment, b->levels[i].attainment) &&
                   mpq_equal(a->levels[i].pay, b->levels[i].pay);
        if (!same)
            out |= D_LEVELS;
        same = a->npoints == b->npoints && a->extend == b->extend &&
               (a->kind != COMP_CURVE || mpq_equal(a->target, b->target));
        for (size_t i = 0; same && i < a->npoints; i++)
            same = mpq_equal(a->points[i].attainment, b->points[i].attainment) &&
                   mpq_equal(a->points[i].payout, b->points[i].payout);
        if (!same)
            out |= D_CURVE;
    }
    return out;
}

static int wstart(int len, int m)
{
    return (m - 1) / len * len + 1;
}

/* The window quota (no quotas.csv, no employment dates here): annual_quota x months / 12. */
static void window_quota_of(mpq_t out, const payee *py, int len)
{
    mpq_set_ui(out, 0, 1);
    if (!py->has_quota)
        return;
    mpq_set_ui(out, (unsigned long)len, 12);
    mpq_canonicalize(out);
    mpq_mul(out, out, py->quota);
}

/* The absolute upper limit of tier i (not the last) of k for window quota q. */
static void tier_limit(mpq_t out, const component *k, size_t i, const mpq_t q)
{
    mpq_set(out, k->tiers[i].upto);
    if (k->upto_percent)
        mpq_mul(out, out, q);
}

/* The rate tier i of k pays on generated deal di: its own, or its table's first matching row,
   else the table's default (the generator makes every table match every deal). */
static void ref_rate(mpq_t out, const component *k, size_t i, const gen *g, int di)
{
    const rate_table *t = k->tiers[i].table;
    if (!t) {
        mpq_set(out, k->tiers[i].rate);
        return;
    }
    const gen_deal *d = &g->deals[di];
    for (size_t r = 0; r < t->nrows; r++) {
        int match = 1;
        for (size_t f = 0; f < t->nfields && match; f++) {
            const char *cell = strcmp(t->fields[f], "product") == 0 ? (d->pro ? "Pro" : "Core")
                                                                    : sources[d->source];
            match = strcmp(t->rows[r].values[f], "*") == 0 || strcmp(t->rows[r].values[f], cell) == 0;
        }
        if (match) {
            mpq_set(out, t->rows[r].rate);
            return;
        }
    }
    CHECK(t->has_default, "deal %s: no row of the generated table matches", d->id);
    mpq_set(out, t->default_rate);
}

/* Retroactive: the first tier whose limit is >= total (the last if none). */
static size_t ref_tier(const component *k, const mpq_t q, const mpq_t total, mpq_t tmp)
{
    for (size_t i = 0; i + 1 < k->ntiers; i++) {
        tier_limit(tmp, k, i, q);
        if (mpq_cmp(tmp, total) >= 0)
            return i;
    }
    return k->ntiers - 1;
}

/* The gate of k as credit (window quota q); 0 without one. */
static void ref_gate(mpq_t out, const component *k, const mpq_t q)
{
    mpq_set_ui(out, 0, 1);
    if (k->gate == GATE_NONE)
        return;
    mpq_set(out, k->gate_value);
    if (k->gate_percent)
        mpq_mul(out, out, q);
}

/*
 * Marginal: what credit c on top of running total W earns, each part of [W, W + c] at the rate
 * of the tier it lies in (the first tier reaches down below 0), signed like c; with a forward
 * gate, only the part above `floor`.
 */
static void ref_line_earns(mpq_t out, const component *k, const mpq_t q, const mpq_t W, const mpq_t c,
                           const mpq_t *floor, const gen *g, int di)
{
    mpq_t a, z, lo, hi, s, e, rate;
    mpq_inits(a, z, lo, hi, s, e, rate, NULL);
    mpq_set(a, W);
    mpq_add(z, W, c);
    if (mpq_cmp(a, z) > 0)
        mpq_swap(a, z);
    if (floor) {
        if (mpq_cmp(a, *floor) < 0)
            mpq_set(a, *floor);
        if (mpq_cmp(z, *floor) < 0)
            mpq_set(z, *floor);
    }
    mpq_set_ui(out, 0, 1);
    for (size_t i = 0; i < k->ntiers; i++) {
        int has_lo = i > 0, has_hi = i + 1 < k->ntiers;
        if (has_lo)
            tier_limit(lo, k, i - 1, q);
        if (has_hi)
            tier_limit(hi, k, i, q);
        mpq_set(s, a);
        if (has_lo && mpq_cmp(s, lo) < 0)
            mpq_set(s, lo);
        mpq_set(e, z);
        if (has_hi && mpq_cmp(e, hi) > 0)
            mpq_set(e, hi);
        if (mpq_cmp(e, s) <= 0)
            continue;
        mpq_sub(e, e, s);
        ref_rate(rate, k, i, g, di);
        mpq_mul(e, e, rate);
        mpq_add(out, out, e);
    }
    if (mpq_sgn(c) < 0)
        mpq_neg(out, out);
    mpq_clears(a, z, lo, hi, s, e, rate, NULL);
}

/* The docs' clamp: a deal's earnings above 0 held to [deal-floor, deal-cap]. */
static void ref_clamp(mpq_t x, const component *k)
{
    if (mpq_sgn(x) <= 0)
        return;
    if (k->has_deal_floor && mpq_cmp(x, k->deal_floor) < 0)
        mpq_set(x, k->deal_floor);
    if (k->has_deal_cap && mpq_cmp(x, k->deal_cap) > 0)
        mpq_set(x, k->deal_cap);
}

/* The part of generated deal di paid by the end of month m: min(1, payments / amount). */
static void ref_paid(mpq_t out, const gen *g, int di, int m)
{
    const gen_deal *d = &g->deals[di];
    day_t end = date_from_ymd(YEAR, m, date_days_in_month(YEAR, m));
    unsigned long long sum = 0;
    for (int i = 0; i < g->x.npayments && g->x.has_payments; i++)
        if (g->x.payments[i].deal == di && g->x.payments[i].date <= end)
            sum += g->x.payments[i].th;
    if (d->th == 0 || sum >= d->th) {
        mpq_set_ui(out, 1, 1);
        return;
    }
    mpq_set_ui(out, (unsigned long)sum, (unsigned long)d->th);
    mpq_canonicalize(out);
}

/* A line of the walk: a credit line, or a recalculated clawback's negative line. */
typedef struct wline {
    int deal;
    day_t date;
    int month, rev, role, campaign;
    const char *deal_id, *campaign_id;
    mpq_t c, earned;
} wline;

/* Statement order: date, deal_id bytewise, the lines before the reversals, role, campaign_id. */
static int wline_cmp(const void *pa, const void *pb)
{
    const wline *x = pa, *y = pb;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    int c = strcmp(x->deal_id, y->deal_id);
    if (c)
        return c;
    if (x->rev != y->rev)
        return x->rev - y->rev;
    if (x->role != y->role)
        return x->role - y->role;
    return strcmp(x->campaign_id, y->campaign_id);
}

/*
 * Commission ki of payee pi (role `role_id`) by the docs: E(m) and released(m).  *acts: some
 * event claws back here (its deal's close-date version has a policy, it is in the year and
 * within the days), -1 when that is left unchecked.  Returns REF_E | REF_REL for the series
 * worked out; 0 when FUZZ_BATCH_SKIP names a known divergence the component meets.
 */
enum { REF_E = 1, REF_REL = 2 };

static int ref_commission(const gen *g, const run_state *r, const recredit *rc, uint32_t pi,
                          const char *role_id, size_t ki, mpq_t E[NM], mpq_t rel[NM], int *acts)
{
    const payee *py = &r->batch.payees[pi];
    int len = window_len[comp_in(g, r, role_id, ki, 1)->window];
    int retro = comp_in(g, r, role_id, ki, 1)->retroactive;
    static wline L[MAX_LINES * (1 + MAX_EVENTS_PER_DEAL)];
    static int init;
    if (!init) {
        for (int i = 0; i < COUNT(L); i++)
            mpq_inits(L[i].c, L[i].earned, NULL);
        init = 1;
    }
    mpq_t q, W, t, u, F[MAX_DEALS][NM], Wend[NM], net, sumE, sumR, share, s;
    mpq_inits(q, W, t, u, net, sumE, sumR, share, s, NULL);
    for (int d = 0; d < MAX_DEALS; d++)
        for (int m = 0; m < NM; m++)
            mpq_init(F[d][m]);
    for (int m = 0; m < NM; m++)
        mpq_init(Wend[m]);
    window_quota_of(q, py, len);

    /* the payee's lines, then the recalculated lines of the events the docs let act */
    int n = 0, has_rev[MAX_DEALS] = {0}, multiwin[MAX_DEALS] = {0}, is_deal[MAX_DEALS] = {0};
    for (int i = 0; i < rc->nlines[pi]; i++) {
        const rline *k = &rc->lines[pi][i];
        wline *l = &L[n++];
        l->deal = (int)k->deal;
        l->date = g->deals[k->deal].close;
        l->rev = 0;
        l->role = k->role;
        l->campaign = k->campaign;
        l->deal_id = g->deals[k->deal].id;
        l->campaign_id = k->campaign < 0 ? "" : r->batch.campaigns[k->campaign].id;
        mpq_set(l->c, k->credit);
        is_deal[k->deal] = 1;
    }
    int norig = n, retro_rev_elsewhere = 0;
    *acts = 0;
    for (int d = 0; d < g->ndeals; d++) {
        if (!is_deal[d])
            continue;
        const gen_deal *dl = &g->deals[d];
        const component *kc = comp_in(g, r, role_id, ki, month_of(dl->close));
        for (int i = 0; i < g->x.nevents && g->x.has_events; i++) {
            const gen_event *e = &g->x.events[i];
            if (e->deal != d || year_of(e->date) != YEAR || kc->clawback == CLAWBACK_NONE)
                continue;
            if (kc->within_days > 0 && e->date - dl->close > kc->within_days)
                continue;
            *acts = 1;
            if (dl->th == 0)
                mpq_set_ui(t, 1, 1);
            else {
                mpq_set_ui(t, (unsigned long)e->th, (unsigned long)dl->th);
                mpq_canonicalize(t);
            }
            if (kc->clawback == CLAWBACK_ORIGINAL_RATE) {
                mpq_add(F[d][month_of(e->date)], F[d][month_of(e->date)], t);
                continue;
            }
            has_rev[d] = 1;
            multiwin[d] |= wstart(len, month_of(e->date)) != wstart(len, month_of(dl->close));
            if ((skip & SK_RETRO_RECALC) && retro &&
                (multiwin[d] || g->x.vmap[month_of(e->date)] != g->x.vmap[month_of(dl->close)]))
                retro_rev_elsewhere = 1;
            for (int j = 0; j < norig; j++) {
                if (L[j].deal != d)
                    continue;
                wline *l = &L[n++];
                l->deal = d;
                l->date = e->date;
                l->rev = 1;
                l->role = L[j].role;
                l->campaign = L[j].campaign;
                l->deal_id = L[j].deal_id;
                l->campaign_id = L[j].campaign_id;
                mpq_mul(l->c, L[j].c, t);
                mpq_neg(l->c, l->c);
            }
        }
    }
    for (int i = 0; i < n; i++)
        L[i].month = month_of(L[i].date);
    qsort(L, (size_t)n, sizeof *L, wline_cmp);
    stats.ref_acts += *acts;
    stats.ref_rev += n > norig;

    int ok = 1, differ = versions_differ(g, r, role_id, ki), any_gate = 0, events = 0;
    for (int m = 1; m < NM; m++)
        any_gate |= comp_in(g, r, role_id, ki, m)->gate != GATE_NONE;
    for (int i = 0; i < g->x.nevents && g->x.has_events; i++)
        events |= is_deal[g->x.events[i].deal] && year_of(g->x.events[i].date) == YEAR;
    for (int d = 0; d < g->ndeals; d++)
        if (has_rev[d] && any_gate && (skip & SK_GATE_RECALC))
            ok = 0;
    {
        int rev = 0;
        for (int d = 0; d < g->ndeals; d++)
            rev |= has_rev[d];
        stats.ref_gate_rev += rev && any_gate && ok;
    }
    if (retro_rev_elsewhere)
        ok = 0;
    if ((skip & SK_RETRO_V) && retro && (differ & D_TIERS))
        ok = 0;
    if ((skip & SK_EVENT_V) && (differ & D_CLAWBACK) && events) {
        ok = 0;
        *acts = -1;
    }

    /* the window's credit at the end of each month; marginal lines' earnings, walked in order */
    for (int m = 1; m < NM; m++) {
        mpq_set_ui(Wend[m], 0, 1);
        for (int i = 0; i < n; i++)
            if (L[i].month >= wstart(len, m) && L[i].month <= m)
                mpq_add(Wend[m], Wend[m], L[i].c);
    }
    int cur = 0;
    for (int i = 0; i < n && !retro; i++) {
        wline *l = &L[i];
        if (wstart(len, l->month) != cur) {
            cur = wstart(len, l->month);
            mpq_set_ui(W, 0, 1);
        }
        const component *k = comp_in(g, r, role_id, ki, l->month);
        ref_gate(u, k, q);
        ref_line_earns(l->earned, k, q, W, l->c, k->gate == GATE_FORWARD ? (const mpq_t *)&u : NULL, g,
                       l->deal);
        mpq_add(W, W, l->c);
    }

    mpq_set_ui(E[0], 0, 1);
    mpq_set_ui(rel[0], 0, 1);
    for (int m = 1; m < NM && ok; m++) {
        mpq_set_ui(sumE, 0, 1);
        mpq_set_ui(sumR, 0, 1);
        for (int d = 0; d < g->ndeals; d++) {
            if (!is_deal[d])
                continue;
            const component *kc = comp_in(g, r, role_id, ki, month_of(g->deals[d].close));
            mpq_set_ui(net, 0, 1);
            for (int ws = 1; ws <= m; ws += len) {
                int we = ws + len - 1, mm = m < we ? m : we, any = 0;
                mpq_set_ui(s, 0, 1);
                for (int i = 0; i < n; i++) {
                    const wline *l = &L[i];
                    if (l->deal != d || l->month < ws || l->month > mm)
                        continue;
                    any = 1;
                    if (!retro) {
                        mpq_add(s, s, l->earned);
                        continue;
                    }
                    /* the tier the window's total reaches, under the line's month's version */
                    const component *k = comp_in(g, r, role_id, ki, l->month);
                    size_t ti = ref_tier(k, q, Wend[mm], t);
                    ref_rate(t, k, ti, g, d);
                    mpq_mul(t, t, l->c);
                    mpq_add(s, s, t);
                }
                if (!any)
                    continue;
                const component *km = comp_in(g, r, role_id, ki, mm);
                ref_gate(t, km, q);
                int open = km->gate == GATE_NONE || mpq_cmp(Wend[mm], t) >= 0;
                if (km->gate != GATE_NONE && m == 12) {
                    stats.ref_gate_open += open;
                    stats.ref_gate_shut += !open;
                }
                if (open)
                    mpq_add(net, net, s);
            }
            /* the deal's total, over every window its lines earned in, to [floor, cap] */
            mpq_set(u, net);
            ref_clamp(net, kc);
            stats.ref_clamped += m == 12 && !mpq_equal(u, net);
            /* original-rate: the deal counts for 1 - F from each event's month on */
            mpq_set_ui(t, 1, 1);
            for (int j = 1; j <= m; j++)
                mpq_sub(t, t, F[d][j]);
            mpq_mul(net, net, t);
            if (kc->release == RELEASE_BOOKING)
                mpq_set_ui(share, 1, 1);
            else {
                ref_paid(share, g, d, m);
                if (kc->release == RELEASE_FULL_PAYMENT && mpq_cmp_ui(share, 1, 1) < 0)
                    mpq_set_ui(share, 0, 1);
                stats.ref_held += m == 12 && mpq_cmp_ui(share, 1, 1) < 0 && mpq_sgn(share) > 0;
            }
            mpq_add(sumE, sumE, net);
            mpq_mul(net, net, share);
            mpq_add(sumR, sumR, net);
        }
        const component *km = comp_in(g, r, role_id, ki, m);
        mpq_set(E[m], sumE);
        if (km->has_cap && mpq_cmp(E[m], km->cap) > 0)
            mpq_set(E[m], km->cap);
        mpq_set(rel[m], mpq_cmp(sumR, E[m]) < 0 ? sumR : E[m]);
    }

    mpq_clears(q, W, t, u, net, sumE, sumR, share, s, NULL);
    for (int d = 0; d < MAX_DEALS; d++)
        for (int m = 0; m < NM; m++)
            mpq_clear(F[d][m]);
    for (int m = 0; m < NM; m++)
        mpq_clear(Wend[m]);
    if (!ok)
        return 0;
    return REF_E | ((skip & SK_RELEASE_V) && (differ & D_RELEASE) ? 0 : REF_REL);
}

/* Whether version vi's SPIF `when` holds for deal di, worked out from the recipe. */
static int spif_holds(const gen *g, int vi, int di)
{
    const gen_deal *x = &g->deals[di];
    switch (g->x.v[vi].spif_when) {
    case 0: return 1;
    case 1: return x->pro;
    case 2: return mpq_cmp_ui(x->value, 1000, 1) >= 0;
    default: return x->source != 3 && x->seats > 2;
    }
}

/* A SPIF: each deal judged by the SPIF of its close date's version, at that version's pay. */
static void ref_spif(const gen *g, const run_state *r, const recredit *rc, uint32_t pi, size_t ki,
                     mpq_t E[NM])
{
    long count[NM] = {0};
    for (int di = 0; di < g->ndeals; di++) {
        const gen_deal *d = &g->deals[di];
        if (!rc->credited[pi][di])
            continue;
        int m = month_of(d->close);
        const component *k = comp_in(g, r, "ae", ki, m);
        if (d->close >= k->from && d->close <= k->to && spif_holds(g, g->x.vmap[m], di))
            count[m]++;
    }
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(E[0], 0, 1);
    for (int m = 1; m < NM; m++) {
        mpq_set_si(t, count[m], 1);
        mpq_mul(t, t, comp_in(g, r, "ae", ki, m)->pay);
        mpq_add(E[m], E[m - 1], t);
    }
    mpq_clear(t);
}

/* The payee's credit of months [ws, m], from the lines credited again. */
static void window_credit(mpq_t out, const recredit *rc, uint32_t pi, int ws, int m)
{
    mpq_set_ui(out, 0, 1);
    for (int j = ws; j <= m; j++)
        mpq_add(out, out, rc->credit[pi][j]);
}

/* A bonus: month m pays the levels L of its version with M(m-1) < L <= M(m), M the highest
   attainment of the window so far (0 before its first month); a window quota of 0 reaches none. */
static void ref_bonus(const gen *g, const run_state *r, const recredit *rc, uint32_t pi, size_t ki,
                      mpq_t E[NM])
{
    int len = window_len[comp_in(g, r, "ae", ki, 1)->window];
    mpq_t q, W, top, prev, need;
    mpq_inits(q, W, top, prev, need, NULL);
    window_quota_of(q, &r->batch.payees[pi], len);
    mpq_set_ui(E[0], 0, 1);
    for (int m = 1; m < NM; m++) {
        int ws = wstart(len, m);
        if (ws == m)
            mpq_set_ui(top, 0, 1);
        mpq_set(prev, top);
        window_credit(W, rc, pi, ws, m);
        if (mpq_cmp(W, top) > 0)
            mpq_set(top, W);
        mpq_set(E[m], E[m - 1]);
        if (mpq_sgn(q) <= 0)
            continue;
        const component *k = comp_in(g, r, "ae", ki, m);
        for (size_t i = 0; i < k->nlevels; i++) {
            mpq_mul(need, k->levels[i].attainment, q);
            if (mpq_cmp(prev, need) < 0 && mpq_cmp(need, top) <= 0)
                mpq_add(E[m], E[m], k->levels[i].pay);
        }
    }
    mpq_clears(q, W, top, prev, need, NULL);
}

/* f(a) of a curve: piecewise linear through its points, flat past the last unless extend. */
static void ref_curve_f(mpq_t out, const component *k, const mpq_t a)
{
    const curve_point *p = k->points;
    size_t n = k->npoints;
    if (mpq_cmp(a, p[0].attainment) <= 0) {
        mpq_set(out, p[0].payout);
        return;
    }
    size_t i = 0;
    while (i + 2 < n && mpq_cmp(a, p[i + 1].attainment) > 0)
        i++;
    if (mpq_cmp(a, p[i + 1].attainment) > 0 && !k->extend) {
        mpq_set(out, p[n - 1].payout);
        return;
    }
    mpq_t dx, dy;
    mpq_inits(dx, dy, NULL);
    mpq_sub(dx, p[i + 1].attainment, p[i].attainment);
    mpq_sub(dy, p[i + 1].payout, p[i].payout);
    mpq_div(dy, dy, dx);
    mpq_sub(dx, a, p[i].attainment);
    mpq_mul(dy, dy, dx);
    mpq_add(out, p[i].payout, dy);
    mpq_clears(dx, dy, NULL);
}

/* A curve: E_window(m) = E_window(m-1) + T_v (f_v(a(m)) - f_v(a(m-1))), T_v f_v(a) in the
   window's first month, T_v = target x months / 12; a >= 0, and 0 with a quota of 0. */
static void ref_curve(const gen *g, const run_state *r, const recredit *rc, uint32_t pi, size_t ki,
                      mpq_t E[NM])
{
    int len = window_len[comp_in(g, r, "ae", ki, 1)->window];
    mpq_t q, a, a0, T, f, f0, done, Ew;
    mpq_inits(q, a, a0, T, f, f0, done, Ew, NULL);
    window_quota_of(q, &r->batch.payees[pi], len);
    mpq_set_ui(E[0], 0, 1);
    for (int m = 1; m < NM; m++) {
        int ws = wstart(len, m);
        const component *k = comp_in(g, r, "ae", ki, m);
        mpq_set(a0, a);
        mpq_set_ui(a, 0, 1);
        if (mpq_sgn(q) > 0) {
            window_credit(a, rc, pi, ws, m);
            mpq_div(a, a, q);
            if (mpq_sgn(a) < 0)
                mpq_set_ui(a, 0, 1);
        }
        mpq_set_ui(T, (unsigned long)len, 12);
        mpq_canonicalize(T);
        mpq_mul(T, T, k->target);
        ref_curve_f(f, k, a);
        if (ws == m) {
            mpq_set(done, E[m - 1]);
            mpq_mul(Ew, T, f);
        } else {
            ref_curve_f(f0, k, a0);
            mpq_sub(f, f, f0);
            mpq_mul(f, f, T);
            mpq_add(Ew, Ew, f);
        }
        mpq_add(E[m], done, Ew);
    }
    mpq_clears(q, a, a0, T, f, f0, done, Ew, NULL);
}

/* A(m): the payee's adjustments of component `id` with period <= m, from the recipe. */
static void ref_adjusted(const gen *g, const char *payee_id, const char *id, mpq_t A[NM])
{
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(A[0], 0, 1);
    for (int m = 1; m < NM; m++) {
        mpq_set(A[m], A[m - 1]);
        for (int i = 0; i < g->x.nadj && g->x.has_adjustments; i++) {
            const gen_adj *a = &g->x.adj[i];
            if (a->month != m || strcmp(a->component, id) || strcmp(g->payees[a->payee].id, payee_id))
                continue;
            mpq_set_si(t, a->cents, 100);
            mpq_canonicalize(t);
            mpq_add(A[m], A[m], t);
        }
    }
    mpq_clear(t);
}

/*
 * The draw by the docs, in minor units: T(m) the other components' payouts; D and the limit
 * rounded; draw_paid(m) = max(0, D - T(m)); a recoverable draw's balance B takes it, and a month
 * with T(m) > D recovers min(B, T(m) - D, limit); the forgive date's month clears B after its
 * recovery.  Each month by its version.  Cumulative paid and recovered into P and Rc.
 */
static void ref_draw(const gen *g, const run_state *r, const payee_earnings *pe, size_t ki,
                     mpz_t P[NM], mpz_t Rc[NM])
{
    const plan *p0 = r->plan;
    mpz_t T, D, Lm, B, x, rr;
    mpz_inits(T, D, Lm, B, x, rr, NULL);
    mpz_set_ui(P[0], 0);
    mpz_set_ui(Rc[0], 0);
    for (int m = 1; m < NM; m++) {
        mpz_set_ui(T, 0);
        for (size_t k = 0; k < pe->role->ncomponents; k++) {
            if (k == ki)
                continue;
            mpz_add(T, T, pe->comp[k].R[m]);
            mpz_sub(T, T, pe->comp[k].R[m - 1]);
        }
        const component *k = comp_in(g, r, "ae", ki, m);
        money_round(D, k->draw_amount, p0->minor_unit, p0->rounding);
        mpz_sub(x, D, T);
        if (mpz_sgn(x) < 0)
            mpz_set_ui(x, 0);
        mpz_add(P[m], P[m - 1], x);
        mpz_set_ui(rr, 0);
        if (k->recoverable) {
            mpz_add(B, B, x);
            mpz_sub(x, T, D);
            if (mpz_sgn(x) > 0 && mpz_sgn(B) > 0) {
                mpz_set(rr, mpz_cmp(B, x) < 0 ? B : x);
                if (k->has_recovery_limit) {
                    money_round(Lm, k->recovery_limit, p0->minor_unit, p0->rounding);
                    if (mpz_cmp(Lm, rr) < 0)
                        mpz_set(rr, Lm);
                }
                mpz_sub(B, B, rr);
            }
            if (k->has_forgive && year_of(k->forgive) == YEAR && month_of(k->forgive) == m)
                mpz_set_ui(B, 0);
        }
        mpz_add(Rc[m], Rc[m - 1], rr);
    }
    mpz_clears(T, D, Lm, B, x, rr, NULL);
}

static int rates_never_fall(const component *k)
{
    for (size_t i = 1; i < k->ntiers; i++)
        if (k->tiers[i].table || k->tiers[i - 1].table || mpq_cmp(k->tiers[i].rate, k->tiers[i - 1].rate) < 0)
            return 0;
    return 1;
}

/* Does the recipe use a pay mechanic, so that every component has flows (earn.h)? */
static int expect_mechanics(const gen *g)
{
    const gen_ext *x = &g->x;
    if (x->has_bonus || x->has_curve || x->has_draw || (x->has_adjustments && x->nadj > 0))
        return 1;
    for (int v = 0; v < x->nversions; v++) {
        const gen_comm *c = &x->v[v].ae;
        if (x->v[v].has_table || c->gate || c->has_deal_cap || c->has_deal_floor || c->release ||
            c->clawback || x->v[v].mk_clawback || x->v[v].mk_release)
            return 1;
    }
    return 0;
}

/* Has the payee a deal with an event in the plan year (bonus and curve attainment is credit;
   whether a clawback lowers it is not said, so those checks skip such payees)? */
static int payee_has_events(const gen *g, const recredit *rc, uint32_t pi)
{
    for (int i = 0; i < g->x.nevents && g->x.has_events; i++)
        if (rc->credited[pi][g->x.events[i].deal] && year_of(g->x.events[i].date) == YEAR)
            return 1;
    return 0;
}

/* Before a failed comparison: the docs' series beside the run's, month by month. */
static void print_series(const char *payee, const char *comp, mpq_t const *E, mpq_t const *E_run,
                         mpq_t const *rel, mpq_t const *rel_run)
{
    static int printed;
    if (printed++)
        return;
    fprintf(stderr, "payee %s, component %s: month: docs E | run E%s\n", payee, comp,
            rel && rel_run ? " || docs released | run released" : "");
    for (int m = 1; m < NM; m++) {
        gmp_fprintf(stderr, "  %2d: %Qd | %Qd", m, E[m], E_run[m]);
        if (rel && rel_run)
            gmp_fprintf(stderr, " || %Qd | %Qd", rel[m], rel_run[m]);
        fputc('\n', stderr);
    }
}

static void check_earnings(const gen *g, const run_state *r, const recredit *rc)
{
    const plan *p = r->plan;
    const batch *b = &r->batch;
    const credits *ml = &r->month_lines;
    const earnings *e = &r->earnings;
    int exact = !g->corrupt;   /* the recipe is the batch the run read */
    mpq_t sum, v, E[NM], rel[NM], A[NM];
    mpz_t z, P[NM], Rc[NM];
    mpq_inits(sum, v, NULL);
    mpz_init(z);
    for (int m = 0; m < NM; m++) {
        mpq_inits(E[m], rel[m], A[m], NULL);
        mpz_inits(P[m], Rc[m], NULL);
    }

    size_t paid = 0;
    for (size_t i = 0; i < b->npayees; i++)
        paid += plan_find_role(p, b->payees[i].role) != NULL &&
                (r->shard.n <= 1 || shard_of(b->payees[i].id, r->shard.n) == r->shard.k);
    CHECK(e->n == paid, "%zu payees paid, want %zu", e->n, paid);
    if (exact)
        CHECK(e->mechanics == expect_mechanics(g), "earnings.mechanics %d", e->mechanics);

    for (size_t s = 0; s < e->n; s++) {
        const payee_earnings *pe = &e->v[s];
        const payee *py = &b->payees[pe->payee];
        CHECK(pe->role == plan_find_role(p, py->role), "payee %s: role", py->id);
        CHECK(e->slot[pe->payee] == (long)s, "payee %s: slot", py->id);
        if (s > 0)
            CHECK(strcmp(b->payees[e->v[s - 1].payee].id, py->id) < 0, "payees out of order");
        for (int m = 1; m < NM; m++)
            CHECK(pe->month_role[m] == plan_find_role(r->plans.v[g->x.vmap[m]], py->role),
                  "payee %s: the role of month %d is not its version's", py->id, m);
        /* the month's lines: this payee's, in the contract's order */
        for (size_t i = 0; i < pe->nlines; i++) {
            CHECK(pe->lines[i] < ml->n, "line index");
            const credit_line *l = &ml->lines[pe->lines[i]];
            CHECK(l->payee == (int32_t)pe->payee, "payee %s holds another's line", py->id);
            if (i > 0)
                CHECK(line_cmp(r, &ml->lines[pe->lines[i - 1]], l) < 0, "payee %s: lines out of order", py->id);
        }
        size_t all = 0;
        for (size_t i = 0; i < ml->n; i++)
            all += ml->lines[i].payee == (int32_t)pe->payee;
        CHECK(all == pe->nlines, "payee %s: %zu of the month's %zu lines", py->id, pe->nlines, all);
        /* C(m): the running sum of all its credit */
        CHECK(mpq_sgn(pe->C[0]) == 0, "C(0)");
        mpq_set_ui(sum, 0, 1);
        for (int m = 1; m < NM; m++) {
            mpq_add(sum, sum, rc->credit[pe->payee][m]);
            CHECK(mpq_equal(sum, pe->C[m]), "payee %s: C(%d) is not the sum of its credit", py->id, m);
        }
        int events_here = exact && payee_has_events(g, rc, pe->payee);

        size_t draw = (size_t)-1;
        for (size_t k = 0; k < pe->role->ncomponents; k++) {
            const component *cp = &pe->role->components[k];
            const component_earnings *ce = &pe->comp[k];
            const component_flows *fl = ce->flows;
            CHECK(mpq_sgn(ce->E[0]) == 0 && mpz_sgn(ce->R[0]) == 0, "E(0) or R(0) not zero");
            CHECK((fl != NULL) == (e->mechanics != 0), "payee %s, %s: flows without mechanics or the reverse",
                  py->id, cp->id);
            int have_ref = 0;   /* E (and rel) hold the docs' figures */
            switch (cp->kind) {
            case COMP_COMMISSION: {
                int booking = 1, caps_rise = 1, never_fall = 1, gates_same = 1;
                const component *prev = NULL;   /* the cap may only rise (none is no bound) */
                for (int m = 1; m < NM; m++) {
                    const component *km = comp_in(g, r, pe->role->id, k, m);
                    booking &= km->release == RELEASE_BOOKING;
                    never_fall &= rates_never_fall(km);
                    if (prev && km->has_cap && (!prev->has_cap || mpq_cmp(km->cap, prev->cap) < 0))
                        caps_rise = 0;
                    if (prev && (km->gate != prev->gate || km->gate_percent != prev->gate_percent ||
                                 (km->gate && !mpq_equal(km->gate_value, prev->gate_value))))
                        gates_same = 0;
                    prev = km;
                    if (km->has_cap)
                        CHECK(mpq_cmp(ce->E[m], km->cap) <= 0, "payee %s, %s: E(%d) above the cap", py->id,
                              cp->id, m);
                }
                int acts = 0;
                if (exact && !(skip & SK_WALK)) {
                    int got = ref_commission(g, r, rc, pe->payee, pe->role->id, k, E, rel, &acts);
                    have_ref = got != 0;
                    stats.walk_ref += have_ref;
                    stats.walk_ambiguous += !have_ref;
                    for (int m = 1; m < NM && have_ref; m++) {
                        if (!mpq_equal(E[m], ce->E[m]) || (fl && (got & REF_REL) && !mpq_equal(rel[m], fl->released[m])))
                            print_series(py->id, cp->id, E, ce->E, rel, fl ? fl->released : NULL);
                        CHECK(mpq_equal(E[m], ce->E[m]), "payee %s, %s: E(%d) differs from the docs' walk",
                              py->id, cp->id, m);
                        if (fl && (got & REF_REL))
                            CHECK(mpq_equal(rel[m], fl->released[m]),
                                  "payee %s, %s: released(%d) differs from the docs' walk", py->id, cp->id, m);
                    }
                }
                /* E never falls without a clawback, unless a retroactive rate falls, a later
                   version lowers the cap or changes the gate */
                if (caps_rise && gates_same && (!cp->retroactive || never_fall) &&
                    (exact ? acts == 0 && !(skip & SK_WALK) : !g->x.has_events))
                    for (int m = 1; m < NM; m++)
                        CHECK(mpq_cmp(ce->E[m], ce->E[m - 1]) >= 0, "payee %s, %s: E(%d) < E(%d)", py->id,
                              cp->id, m, m - 1);
                for (int m = 1; m < NM && fl; m++) {
                    CHECK(mpq_cmp(fl->released[m], ce->E[m]) <= 0, "payee %s, %s: released(%d) above earned",
                          py->id, cp->id, m);
                    CHECK(mpq_sgn(fl->clawback[m]) <= 0, "payee %s, %s: clawback(%d) above 0", py->id, cp->id, m);
                    if (booking)
                        CHECK(mpq_equal(fl->released[m], ce->E[m]),
                              "payee %s, %s: released(%d) is not earned under booking", py->id, cp->id, m);
                    if (exact && !(skip & SK_WALK) && !(skip & SK_EVENTS) && acts == 0)
                        CHECK(mpq_sgn(fl->clawback[m]) == 0,
                              "payee %s, %s: clawback(%d) with no event the docs let act", py->id, cp->id, m);
                }
                break;
            }
            case COMP_SPIF:
                if (exact && !(skip & SK_SPIF)) {
                    ref_spif(g, r, rc, pe->payee, k, E);
                    have_ref = 1;
                    stats.spif_ref++;
                }
                for (int m = 1; m < NM; m++)
                    CHECK(mpq_cmp(ce->E[m], ce->E[m - 1]) >= 0, "payee %s, spif: E(%d) < E(%d)", py->id, m, m - 1);
                break;
            case COMP_BONUS: {
                int known = (skip & SK_BONUS_V) && (versions_differ(g, r, "ae", k) & D_LEVELS);
                if (exact && !(skip & SK_BONUS) && !events_here && !known) {
                    ref_bonus(g, r, rc, pe->payee, k, E);
                    have_ref = 1;
                    stats.bonus_ref++;
                }
                for (int m = 1; m < NM && !known; m++)   /* a level reached stays paid */
                    CHECK(mpq_cmp(ce->E[m], ce->E[m - 1]) >= 0, "payee %s, bonus: E(%d) < E(%d)", py->id, m, m - 1);
                break;
            }
            case COMP_CURVE:
                if (exact && !(skip & SK_CURVE) && !events_here &&
                    !((skip & SK_CURVE_V) && (versions_differ(g, r, "ae", k) & D_CURVE))) {
                    ref_curve(g, r, rc, pe->payee, k, E);
                    have_ref = 1;
                    stats.curve_ref++;
                }
                break;
            case COMP_DRAW:
                draw = k;
                continue;
            }
            if (cp->kind != COMP_COMMISSION && have_ref)
                for (int m = 1; m < NM; m++)
                    if (!mpq_equal(E[m], ce->E[m]))
                        print_series(py->id, cp->id, E, ce->E, NULL, NULL);
            if (cp->kind != COMP_COMMISSION && have_ref)
                for (int m = 1; m < NM; m++)
                    CHECK(mpq_equal(E[m], ce->E[m]), "payee %s, %s: E(%d) differs from the docs", py->id,
                          cp->id, m);
            /* what is paid: round(E), or with the mechanics round(released + adjustments) */
            if (exact)
                ref_adjusted(g, py->id, cp->id, A);
            for (int m = 1; m < NM; m++) {
                if (!fl) {
                    money_round(z, ce->E[m], p->minor_unit, p->rounding);
                    CHECK(mpz_cmp(z, ce->R[m]) == 0, "R(%d) is not round(E(%d))", m, m);
                    continue;
                }
                if (cp->kind != COMP_COMMISSION)
                    CHECK(mpq_equal(fl->released[m], ce->E[m]), "payee %s, %s: released(%d) is not earned",
                          py->id, cp->id, m);
                if (exact)
                    CHECK(mpq_equal(fl->adjusted[m], A[m]), "payee %s, %s: adjusted(%d) is not its adjustments",
                          py->id, cp->id, m);
                mpq_add(v, fl->released[m], fl->adjusted[m]);
                money_round(z, v, p->minor_unit, p->rounding);
                CHECK(mpz_cmp(z, ce->R[m]) == 0, "payee %s, %s: R(%d) is not round(released + adjusted)", py->id,
                      cp->id, m);
            }
        }
        if (draw != (size_t)-1) {
            const component_earnings *ce = &pe->comp[draw];
            CHECK(ce->flows, "a draw without flows");
            if (exact && !(skip & SK_DRAW)) {
                ref_draw(g, r, pe, draw, P, Rc);
                ref_adjusted(g, py->id, pe->role->components[draw].id, A);
                stats.draw_ref++;
                for (int m = 1; m < NM; m++) {
                    CHECK(mpz_cmp(P[m], ce->flows->draw_paid[m]) == 0 && mpz_cmp(Rc[m], ce->flows->draw_recovered[m]) == 0,
                          "payee %s: the draw's paid or recovered(%d) differ from the docs", py->id, m);
                    if ((skip & SK_DRAW_ADJ) && mpq_sgn(A[m]))
                        break;
                    /* R(m) = round(paid - recovered + A(m)): paid and recovered are minor units */
                    mpz_sub(z, P[m], Rc[m]);
                    mpq_set_z(v, z);
                    mpz_ui_pow_ui(mpq_denref(v), 10, p->minor_unit);
                    mpq_canonicalize(v);
                    mpq_add(v, v, A[m]);
                    money_round(z, v, p->minor_unit, p->rounding);
                    CHECK(mpz_cmp(z, ce->R[m]) == 0,
                          "payee %s: the draw's R(%d) is not round(paid - recovered + adjustments)", py->id, m);
                }
            }
        }
    }
    mpq_clears(sum, v, NULL);
    mpz_clear(z);
    for (int m = 0; m < NM; m++) {
        mpq_clears(E[m], rel[m], A[m], NULL);
        mpz_clears(P[m], Rc[m], NULL);
    }
}

/* payouts.csv month by month: rows, decimals, R(m) - R(m-1), and the year adds up to R(12);
   each quarter, half and the year pays the sum of its months; the other reports run. */
static void check_payouts(const run_state *r, int report_month)
{
    const credits *lines = &r->month_lines;
    const earnings *e = &r->earnings;
    size_t nrows = 0;
    for (size_t s = 0; s < e->n; s++)
        nrows += e->v[s].role->ncomponents;
    mpz_t *year = malloc((nrows ? nrows : 1) * sizeof *year);
    for (size_t i = 0; i < nrows; i++)
        mpz_init(year[i]);
    mpz_t v, want;
    mpz_inits(v, want, NULL);
    unsigned mu = r->plan->minor_unit;

    for (int m = 1; m <= EARN_MONTHS; m++) {
        report_ctx rc = {.p = r->plan, .b = &r->batch, .c = lines, .e = &r->earnings,
                         .per = {r->plan->year, m, m, PERIOD_MONTH}, .shard = r->shard,
                         .paid = NULL};
        strbuf sb = STRBUF_INIT;
        report_payouts(&sb, &rc);
        const char *line = sb.p;
        const char *nl = strchr(line, '\n');
        CHECK(nl && strncmp(line, "period,payee_id,role,component_id,amount\n", (size_t)(nl - line + 1)) == 0,
              "payouts.csv header");
        line = nl + 1;
        size_t row = 0;
        for (size_t s = 0; s < e->n; s++) {
            const payee_earnings *pe = &e->v[s];
            for (size_t k = 0; k < pe->role->ncomponents; k++, row++) {
                nl = strchr(line, '\n');
                CHECK(nl, "payouts.csv: row %zu missing in month %d", row, m);
                const char *amount = nl;
                while (amount > line && amount[-1] != ',')
                    amount--;
                char ptext[16];
                snprintf(ptext, sizeof ptext, "%04d-%02d,", r->plan->year, m);
                CHECK(strncmp(line, ptext, 8) == 0, "payouts.csv: period");
                /* amount: -?digits.digits{mu} */
                size_t n = (size_t)(nl - amount);
                char buf[128];
                CHECK(n > 0 && n < sizeof buf, "payouts.csv: amount length");
                memcpy(buf, amount, n);
                buf[n] = '\0';
                const char *dot = strchr(buf, '.');
                CHECK(mu == 0 ? !dot : dot && strlen(dot + 1) == mu, "payouts.csv: '%s' has not %u decimals", buf, mu);
                strbuf digits = STRBUF_INIT;
                for (const char *q = buf; *q; q++)
                    if (*q != '.')
                        sb_putc(&digits, *q);
                CHECK(mpz_set_str(v, digits.p, 10) == 0, "payouts.csv: amount '%s'", buf);
                sb_free(&digits);
                mpz_sub(want, pe->comp[k].R[m], pe->comp[k].R[m - 1]);
                CHECK(mpz_cmp(v, want) == 0, "payouts.csv: '%s' is not R(%d) - R(%d)", buf, m, m - 1);
                run_payout(want, r, s, k, m);
                CHECK(mpz_cmp(v, want) == 0, "run_payout differs from payouts.csv '%s'", buf);
                mpz_add(year[row], year[row], v);
                line = nl + 1;
            }
        }
        CHECK(*line == '\0', "payouts.csv: extra rows");
        sb_free(&sb);

        if (m == report_month) {
            /* the other reports (they show the month of month_lines), for the sanitizers */
            strbuf out = STRBUF_INIT;
            report_credits(&out, &rc);
            CHECK(out.len > 0 && out.p[out.len - 1] == '\n', "credits.csv does not end a line");
            sb_reset(&out);
            report_payroll(&out, &rc);
            if (r->earnings.mechanics) {
                sb_reset(&out);
                report_ledger(&out, &rc);
                CHECK(out.len > 0 && strncmp(out.p, LEDGER_HEADER "\n", sizeof LEDGER_HEADER) == 0,
                      "ledger.csv header");
            }
            for (size_t s = 0; s < e->n; s++) {
                sb_reset(&out);
                report_statement(&out, &rc, s);
                sb_reset(&out);
                report_statement_html(&out, &rc, s);
            }
            if (e->n) {
                /* truce explain of the first payee, for the sanitizers: it re-credits and walks */
                explain_query eq = {.payee = r->batch.payees[e->v[0].payee].id};
                diag d;
                diag_init(&d);
                sb_reset(&out);
                explain_run(&out, r, &rc.per, &eq, &d);
                diag_free(&d);
            }
            sb_free(&out);
        }
    }
    size_t row = 0;
    for (size_t s = 0; s < e->n; s++)
        for (size_t k = 0; k < e->v[s].role->ncomponents; k++, row++)
            CHECK(mpz_cmp(year[row], e->v[s].comp[k].R[EARN_MONTHS]) == 0,
                  "payee slot %zu component %zu: the months do not add up to R(12)", s, k);
    /* a quarter, a half and the year pay the sum of their months */
    static const int periods[7][2] = {{1, 3}, {4, 6}, {7, 9}, {10, 12}, {1, 6}, {7, 12}, {1, 12}};
    for (size_t s = 0; s < e->n; s++)
        for (size_t k = 0; k < e->v[s].role->ncomponents; k++)
            for (int i = 0; i < 7; i++) {
                mpz_set_ui(want, 0);
                for (int m = periods[i][0]; m <= periods[i][1]; m++) {
                    run_payout(v, r, s, k, m);
                    mpz_add(want, want, v);
                }
                run_payout_period(v, r, s, k, periods[i][0], periods[i][1]);
                CHECK(mpz_cmp(v, want) == 0, "payee slot %zu component %zu: months %d-%d pay other than their sum",
                      s, k, periods[i][0], periods[i][1]);
            }
    for (size_t i = 0; i < nrows; i++)
        mpz_clear(year[i]);
    free(year);
    mpz_clears(v, want, NULL);
}

static void print_stats(void)
{
    fprintf(stderr, "fuzz_batch: %lu runs, %lu computed (%lu with a raw field), %lu credit lines, "
            "%lu attributed marketing lines, %lu deals with parts checked, %lu shard runs, "
            "%lu with markov or shapley\n",
            stats.runs, stats.ok, stats.corrupt, stats.lines, stats.attributed, stats.checked_parts,
            stats.sharded, stats.fitted);
    fprintf(stderr, "fuzz_batch: computed with versions %lu, mechanics %lu, events.csv %lu, payments.csv %lu, "
            "adjustments.csv %lu; broken versions refused %lu; --jobs 2 runs %lu, reduced runs %lu\n",
            stats.versions, stats.mechanics, stats.events, stats.payments, stats.adjustments, stats.broken,
            stats.jobs2, stats.reduced);
    fprintf(stderr, "fuzz_batch: checked against the docs: commissions %lu (%lu skipped), spifs %lu, "
            "bonuses %lu, curves %lu, draws %lu\n",
            stats.walk_ref, stats.walk_ambiguous, stats.spif_ref, stats.bonus_ref, stats.curve_ref,
            stats.draw_ref);
    fprintf(stderr, "fuzz_batch: commissions worked out with events that claw back %lu, recalculated lines %lu; "
            "with a gate %lu; in December: gates open %lu and shut %lu, deals partly paid %lu, deals clamped %lu\n",
            stats.ref_acts, stats.ref_rev, stats.ref_gate_rev, stats.ref_gate_open, stats.ref_gate_shut, stats.ref_held,
            stats.ref_clamped);
}

/* The version files' order in batch_paths.plans: a permutation the recipe picks. */
static void version_order(const gen *g, int order[MAX_VERSIONS])
{
    static const int perm3[6][3] = {{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {0, 2, 1}, {2, 0, 1}, {1, 2, 0}};
    int n = g->x.nversions;
    for (int i = 0; i < n; i++)
        order[i] = n == 3 ? perm3[g->x.file_order % 6][i] : n == 2 ? (i ^ (g->x.file_order & 1)) : 0;
}

/* FUZZ_DUMP=DIR: the batch as files, for the CLI (plans/ when there are versions). */
static void dump(const gen *g, const strbuf *files, const int have[F_COUNT], const strbuf *plans)
{
    const char *to = getenv("FUZZ_DUMP");
    if (!to)
        return;
    char path[512];
    mkdir(to, 0777);
    for (int f = 0; f < F_COUNT; f++)
        if (have[f]) {
            snprintf(path, sizeof path, "%s/%s", to, file_names[f]);
            write_file(path, &files[f]);
        }
    int n = g->x.nversions;
    if (n == 1) {
        snprintf(path, sizeof path, "%s/plan.xml", to);
        write_file(path, &plans[0]);
        return;
    }
    snprintf(path, sizeof path, "%s/plans", to);
    mkdir(path, 0777);
    for (int v = 0; v < n; v++) {
        snprintf(path, sizeof path, "%s/plans/v%d.xml", to, v + 1);
        write_file(path, &plans[v]);
    }
}

/* Writes the files under dir (or leaves them in memory) and computes; 0 or -1 as run_compute. */
static int compute(run_state *r, const gen *g, strbuf *files, const int have[F_COUNT], const strbuf *plans,
                   int via_files, const run_options *o, diag *d)
{
    int n = g->x.nversions;
    if (via_files || n > 1) {
        make_dir();
        for (int f = 0; f < F_COUNT; f++)
            if (have[f])
                write_file(paths[f], &files[f]);
        int order[MAX_VERSIONS];
        const char *pv[MAX_VERSIONS];
        version_order(g, order);
        for (int v = 0; v < n; v++) {
            write_file(plan_paths[v], &plans[v]);
            pv[v] = plan_paths[order[v]];
        }
#define P(f) (have[f] ? paths[f] : NULL)
        batch_paths bp = {.plan = n == 1 ? plan_paths[0] : NULL, .roster = paths[F_ROSTER],
                          .deals = paths[F_DEALS], .touches = P(F_TOUCHES), .campaigns = P(F_CAMPAIGNS),
                          .events = P(F_EVENTS), .payments = P(F_PAYMENTS), .adjustments = P(F_ADJUSTMENTS),
                          .plans = n > 1 ? pv : NULL, .nplans = n > 1 ? (size_t)n : 0};
#undef P
        int rc = run_compute(r, &bp, o, d);
        remove_dir();   /* the run keeps what it read: nothing refers to the files any more */
        return rc;
    }
#define SRC(f) {.name = file_names[f], .data = have[f] ? (files[f].p ? files[f].p : "") : NULL, .len = files[f].len}
    batch_sources src = {
        .plan = {.name = "plan.xml", .data = plans[0].p, .len = plans[0].len},
        .roster = SRC(F_ROSTER), .deals = SRC(F_DEALS), .touches = SRC(F_TOUCHES),
        .campaigns = SRC(F_CAMPAIGNS), .events = SRC(F_EVENTS), .payments = SRC(F_PAYMENTS),
        .adjustments = SRC(F_ADJUSTMENTS),
    };
#undef SRC
    return run_compute_sources(r, &src, o, d);
}

/* Two runs of the same payees computed the same figures (credit, E, R and the flows). */
static void check_same(const run_state *a, const run_state *b, const char *what)
{
    CHECK(a->earnings.n == b->earnings.n, "%s: %zu payees paid, not %zu", what, b->earnings.n, a->earnings.n);
    CHECK(a->batch.ndeals == b->batch.ndeals, "%s: other deals", what);
    for (size_t i = 0; i < a->batch.ndeals; i++)
        CHECK(a->deal_split[i] == b->deal_split[i], "%s: deal %zu's split differs", what, i);
    CHECK(a->month_lines.n == b->month_lines.n, "%s: other month lines", what);
    for (size_t s = 0; s < a->earnings.n; s++) {
        const payee_earnings *x = &a->earnings.v[s], *y = &b->earnings.v[s];
        const char *id = a->batch.payees[x->payee].id;
        CHECK(x->payee == y->payee && x->nlines == y->nlines, "%s: payee %s", what, id);
        for (int m = 0; m < NM; m++)
            CHECK(mpq_equal(x->C[m], y->C[m]), "%s: payee %s: C(%d) differs", what, id, m);
        for (size_t k = 0; k < x->role->ncomponents; k++) {
            const component_earnings *p = &x->comp[k], *q = &y->comp[k];
            CHECK(!p->flows == !q->flows, "%s: payee %s: flows differ", what, id);
            for (int m = 0; m < NM; m++) {
                CHECK(mpq_equal(p->E[m], q->E[m]) && mpz_cmp(p->R[m], q->R[m]) == 0,
                      "%s: payee %s: E or R(%d) of component %zu differs", what, id, m, k);
                if (!p->flows)
                    continue;
                const component_flows *f = p->flows, *h = q->flows;
                CHECK(mpq_equal(f->released[m], h->released[m]) && mpq_equal(f->clawback[m], h->clawback[m]) &&
                          mpq_equal(f->adjusted[m], h->adjusted[m]) && mpz_cmp(f->draw_paid[m], h->draw_paid[m]) == 0 &&
                          mpz_cmp(f->draw_recovered[m], h->draw_recovered[m]) == 0,
                      "%s: payee %s: the flows of month %d of component %zu differ", what, id, m, k);
            }
        }
    }
}

/* Shard k of 2 pays exactly its payees, each with the whole run's figures. */
static void check_shard(const run_state *whole, const run_state *part, unsigned k)
{
    const batch *b = &whole->batch;
    CHECK(part->batch.npayees == b->npayees, "the shard loaded other payees");
    for (size_t i = 0; i < b->ndeals; i++)
        CHECK(part->deal_split[i] == whole->deal_split[i], "deal %zu: split differs in the shard", i);
    size_t want = 0;
    for (size_t s = 0; s < whole->earnings.n; s++) {
        const payee_earnings *pw = &whole->earnings.v[s];
        if (shard_of(b->payees[pw->payee].id, 2) != k)
            continue;
        CHECK(want < part->earnings.n, "the shard lacks payee %s", b->payees[pw->payee].id);
        const payee_earnings *pp = &part->earnings.v[want++];
        CHECK(pp->payee == pw->payee, "the shard pays %s for %s", part->batch.payees[pp->payee].id,
              b->payees[pw->payee].id);
        for (int m = 0; m <= EARN_MONTHS; m++)
            CHECK(mpq_equal(pp->C[m], pw->C[m]), "payee %s: C(%d) differs in the shard",
                  b->payees[pw->payee].id, m);
        for (size_t c = 0; c < pw->role->ncomponents; c++)
            for (int m = 0; m <= EARN_MONTHS; m++) {
                const component_earnings *x = &pw->comp[c], *y = &pp->comp[c];
                CHECK(mpq_equal(y->E[m], x->E[m]) && mpz_cmp(y->R[m], x->R[m]) == 0,
                      "payee %s: E(%d) of component %zu differs in the shard", b->payees[pw->payee].id, m, c);
                CHECK(!x->flows == !y->flows, "payee %s: flows differ in the shard", b->payees[pw->payee].id);
                if (x->flows)
                    CHECK(mpq_equal(x->flows->released[m], y->flows->released[m]) &&
                              mpq_equal(x->flows->clawback[m], y->flows->clawback[m]) &&
                              mpz_cmp(x->flows->draw_paid[m], y->flows->draw_paid[m]) == 0,
                          "payee %s: the flows of month %d of component %zu differ in the shard",
                          b->payees[pw->payee].id, m, c);
            }
    }
    CHECK(want == part->earnings.n, "the shard pays %zu payees, want %zu", part->earnings.n, want);
}

/* Do the versions give a commission different clawback policies or within-days? */
static int clawback_versions_differ(const gen *g)
{
    for (int v = 1; v < g->x.nversions; v++) {
        const gen_version *a = &g->x.v[0], *b = &g->x.v[v];
        if (a->mk_clawback != b->mk_clawback || a->ae.clawback != b->ae.clawback ||
            a->ae.within != b->ae.within || (a->ae.within == 2 && a->ae.within_days != b->ae.within_days))
            return 1;
    }
    return 0;
}

/* Did the reduced batch (build_batch's `reduced`) leave anything out? */
static int reduction_drops(const gen *g)
{
    if (g->x.has_payments && !any_hold(g))
        return 1;
    for (int i = 0; i < g->x.nevents && g->x.has_events; i++)
        if (!event_acts(g, &g->x.events[i]))
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int started;
    if (!started) {
        started = 1;
        if (getenv("FUZZ_STATS"))
            atexit(print_stats);
        read_skip();
    }
    stats.runs++;
    static gen g;
    memset(&g, 0, sizeof g);
    bytes b = {data, size};
    gen_recipe(&g, &b);
    uint8_t how = take_u8(&b);
    int month = 1 + how % 12;
    int via_files = (how >> 4) & 1;
    int shard_k = (how >> 5) & 3;   /* 0, 1: also compute that shard of 2 */
    size_t first = size - b.n;
    gen_extension(&g, &b);
    const gen_ext *x = &g.x;
    if (getenv("FUZZ_DUMP"))
        fprintf(stderr, "fuzz_batch: bytes 0-%zu the recipe's first part and the month, %zu-%zu the second part, "
                "%zu unused; %d version(s), broken %d, jobs2 %d, reduced %d\n", first, first, size - b.n, b.n,
                x->nversions, x->broken, x->jobs2, x->reduced);

    strbuf files[F_COUNT], plans[MAX_VERSIONS];
    for (int f = 0; f < F_COUNT; f++)
        sb_init(&files[f]);
    for (int v = 0; v < MAX_VERSIONS; v++)
        sb_init(&plans[v]);
    int have[F_COUNT];
    for (int v = 0; v < x->nversions; v++)
        build_plan(&g, v, &plans[v]);
    build_batch(&g, files, have, 0);
    dump(&g, files, have, plans);

    run_options o = {.month = month, .jobs = 1};
    run_state r;
    diag d;
    diag_init(&d);
    int rc = compute(&r, &g, files, have, plans, via_files, &o, &d);
    if (x->broken) {
        /* versions that do not fit together fail, at a version's file */
        CHECK(rc != 0, "broken versions (kind %d) were accepted", x->broken);
        int at_version = 0;
        for (size_t i = 0; i < d.n; i++)
            at_version |= d.v[i].level == DIAG_ERROR && d.v[i].file && strstr(d.v[i].file, "plan");
        CHECK(at_version, "broken versions (kind %d): no error names a plan file", x->broken);
        stats.broken++;
    } else if (rc == 0) {
        CHECK(d.errors == 0, "success with %zu errors", d.errors);
        CHECK(r.plan && r.prepared && r.credited && r.deal_split, "success without the stages");
        stats.ok++;
        stats.corrupt += g.corrupt;
        stats.fitted += g.plan.has_marketing &&
                        (g.plan.model == MODEL_MARKOV || g.plan.model == MODEL_SHAPLEY);
        stats.versions += x->nversions > 1;
        stats.mechanics += r.earnings.mechanics != 0;
        stats.events += x->has_events;
        stats.payments += x->has_payments;
        stats.adjustments += x->has_adjustments;
        static recredit rcr;
        static int rcr_init;
        if (!rcr_init) {
            for (int i = 0; i < MAX_PAYEES; i++) {
                for (int m = 0; m < NM; m++)
                    mpq_init(rcr.credit[i][m]);
                for (int j = 0; j < MAX_LINES; j++)
                    mpq_init(rcr.lines[i][j].credit);
            }
            rcr_init = 1;
        }
        for (int i = 0; i < MAX_PAYEES; i++)
            for (int m = 0; m < NM; m++)
                mpq_set_ui(rcr.credit[i][m], 0, 1);
        memset(rcr.credited, 0, sizeof rcr.credited);
        memset(rcr.nlines, 0, sizeof rcr.nlines);
        check_versions(&g, &r);
        check_credits(&g, &r, month, &rcr);
        check_earnings(&g, &r, &rcr);
        check_payouts(&r, month);
        if (shard_k < 2) {
            run_options os = {.month = month, .jobs = 1, .shard = {(unsigned)shard_k, 2}};
            run_state rs;
            diag ds;
            diag_init(&ds);
            CHECK(compute(&rs, &g, files, have, plans, via_files, &os, &ds) == 0, "shard %d of 2 fails: %s",
                  shard_k, ds.n ? ds.v[0].msg : "?");
            check_shard(&r, &rs, (unsigned)shard_k);
            check_earnings(&g, &rs, &rcr);
            check_payouts(&rs, month);
            run_free(&rs);
            diag_free(&ds);
            stats.sharded++;
        }
        if (x->jobs2) {
            /* --jobs 2: the same figures (the batch files are read by two threads) */
            run_options o2 = {.month = month, .jobs = 2};
            run_state r2;
            diag d2;
            diag_init(&d2);
            CHECK(compute(&r2, &g, files, have, plans, !via_files, &o2, &d2) == 0, "--jobs 2 fails: %s",
                  d2.n ? d2.v[0].msg : "?");
            check_same(&r, &r2, "--jobs 2");
            run_free(&r2);
            diag_free(&d2);
            stats.jobs2++;
        }
        if (x->reduced && !g.corrupt && reduction_drops(&g) && !(skip & SK_EVENTS) &&
            !((skip & SK_EVENT_V) && clawback_versions_differ(&g))) {
            /* without the events the docs ignore, and payments.csv when nothing holds */
            strbuf rf[F_COUNT];
            int rhave[F_COUNT];
            for (int f = 0; f < F_COUNT; f++)
                sb_init(&rf[f]);
            build_batch(&g, rf, rhave, 1);
            run_state r3;
            diag d3;
            diag_init(&d3);
            CHECK(compute(&r3, &g, rf, rhave, plans, via_files, &o, &d3) == 0, "the reduced batch fails: %s",
                  d3.n ? d3.v[0].msg : "?");
            check_same(&r, &r3, "without the ignored events and payments");
            run_free(&r3);
            diag_free(&d3);
            for (int f = 0; f < F_COUNT; f++)
                sb_free(&rf[f]);
            stats.reduced++;
        }
    } else {
        CHECK(d.errors >= 1, "failure without an error");
        if (!g.corrupt) {
            /* Only a payee without the quota a % limit, % gate, bonus or curve needs may fail a
               clean recipe, or a markov or shapley model whose year before has no journey. */
            int known_error = 0;
            for (size_t i = 0; i < d.n; i++)
                known_error |= strstr(d.v[i].msg, "annual_quota") != NULL ||
                               strstr(d.v[i].msg, "there are no journeys to fit") != NULL;
            CHECK(known_error, "a clean batch fails: %s", d.n ? d.v[0].msg : "?");
        }
    }
    run_free(&r);
    diag_free(&d);
    for (int f = 0; f < F_COUNT; f++)
        sb_free(&files[f]);
    for (int v = 0; v < MAX_VERSIONS; v++)
        sb_free(&plans[v]);
    for (int i = 0; i < g.ndeals; i++)
        mpq_clear(g.deals[i].value);
    return 0;
}
