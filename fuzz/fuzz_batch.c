/*
 * fuzz_batch.c - libFuzzer target for a whole batch through run_compute.
 *
 * The input is a recipe: it picks one of four plan templates and fills in
 * its numbers (shares, model, half-life, custom weights, tiers as amounts or
 * percentages, marginal or retroactive, cap, a SPIF), then a small roster,
 * campaigns, deals and touches.  Now and then one field is replaced by raw
 * bytes from the input, to reach the validation paths too.  The five files
 * either go to a fresh directory under /tmp, removed once the run has read
 * them, for run_compute to read as the CLI does, or stay in memory for
 * run_compute_sources (the input decides which).  The run reports one month,
 * also chosen by the input.
 *
 * A run keeps only the reported month's credit lines, so every deal is
 * credited again here with credit_deal (credit.h) on the run's plan and batch.
 * Invariants when the run succeeds (no error reported):
 *  - each deal used the split worked out here from the template's `when`
 *    conditions (-1 out of the plan year or when none holds), in
 *    run.deal_split and from credit_deal alike;
 *  - a deal's credit lines sum to amount x (closer share + marketing share)
 *    of that split, its marketing lines to amount x marketing share; no line
 *    is zero; a closer line goes to the closer, a marketing line to its
 *    campaign's owner (nobody when unattributed); lines of a deal come as
 *    closer, unattributed, campaigns by id; the run's month_lines are exactly
 *    the lines of the deals closing in the reported month, in deal order;
 *  - for linear, first-touch, last-touch and time-decay, each campaign's part
 *    is the one worked out here from the touches as generated;
 *  - per payee: the month's lines its own, in the contract's order; C(m) the
 *    running sum of all its credit; per component: E(0) = R(0) = 0,
 *    R(m) = round(E(m)); E(m) as worked out here from the tiers (marginal:
 *    the integral of the rates;
 *    retroactive: C(m) x the rate of the tier reached; capped), or for a SPIF
 *    pay x the distinct qualifying deals; E(m) non-decreasing in m wherever
 *    the contract makes it so (every marginal commission and SPIF, and a
 *    retroactive one whose rates do not fall);
 *  - payouts.csv of each month has one row per payee and component with
 *    exactly minor-unit decimals, the row is R(m) - R(m-1) (and so is
 *    run_payout), and the twelve months add up to R(12);
 *  - when the input asks, a second run computes shard K of 2: it pays exactly
 *    the payees whose id hashes to K, with the same figures as the whole run.
 * When the run fails, at least one error was reported; a batch generated
 * without raw bytes fails only for a % tier limit and a payee without quota.
 *
 * FUZZ_STATS=1 in the environment prints, at exit, how many runs computed and
 * how much was checked (to see that a corpus reaches the checks at all).
 */
#include "fuzz_common.h"

#include <unistd.h>

#include <gmp.h>

#include "money.h"
#include "report.h"
#include "strbuf.h"
#include "run.h"

#define YEAR 2027
#define MAX_PAYEES 5
#define MAX_CAMPAIGNS 5
#define MAX_DEALS 8
#define MAX_TOUCHES_PER_DEAL 6
#define MAX_TIERS 4

enum { F_ROSTER, F_DEALS, F_CAMPAIGNS, F_TOUCHES, F_COUNT };

/* ---- the recipe, as generated ------------------------------------------- */

typedef struct gen_payee {
    const char *id;
    int role;              /* 0 ae, 1 mk, 2 a role the plan lacks */
    char quota[24];
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
} gen;

static const char *const sources[] = {"marketing", "partner", "web", "sales"};
static const char *const stages[] = {"", "touch", "lead", "opportunity"};
static const char *const payee_ids[MAX_PAYEES] = {"ana", "Ben", "ana.2", "b-o", "z_z"};
static const char *const campaign_ids[MAX_CAMPAIGNS] = {"web-1", "Web-1", "web_1", "web.1", "w"};
static const char *const currencies[] = {"USD", "JPY", "KWD", "EUR", "CLF", "BHD"};
static const char *const roundings[] = {"half-up", "half-even", "down", "up"};
static const char *const models[] = {
    "linear", "time-decay", "first-touch", "last-touch", "lead-creation", "u-shaped",
    "w-shaped", "full-path", "j-shaped", "inverse-j", "custom",
};
static const char *const positions[POS_COUNT] = {"first", "lead", "opportunity", "last", "middle"};
static const char *const spif_whens[] = {NULL, "product = 'Pro'", "amount >= 1000",
                                         "not (source = 'sales') and seats > 2"};

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
    p->model = take_u8(b) % COUNT(models);
    p->half_life = 1 + take_u8(b) % 30;
    for (int i = 0; i < POS_COUNT; i++) {
        p->has_weight[i] = take_u8(b) % 3 != 0;
        gen_number(b, p->weight[i], sizeof p->weight[i], 1);
    }
    p->has_weight[POS_FIRST] |= p->model == MODEL_CUSTOM && !p->has_weight[POS_LAST];
    p->threshold = take_u16(b);

    uint8_t comm = take_u8(b);
    p->retro = comm & 1;
    p->pct = (comm >> 1) & 1;
    p->has_cap = (comm >> 2) & 1;
    p->ntiers = 1 + (comm >> 3) % MAX_TIERS;
    unsigned limit = 0;
    for (int i = 0; i < p->ntiers; i++) {
        gen_number(b, p->rate[i], sizeof p->rate[i], 1);
        if (i + 1 < p->ntiers) {
            limit += 1 + take_u8(b) * (p->pct ? 1u : 97u);   /* strictly increasing */
            if (p->pct)
                snprintf(p->upto[i], sizeof p->upto[i], "%u%%", limit);
            else
                snprintf(p->upto[i], sizeof p->upto[i], limit & 1 ? "%u.5" : "%u", limit / 2 + 1);
        }
    }
    snprintf(p->cap, sizeof p->cap, "%u", take_u16(b));
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
        } else {
            static const unsigned pow10[4] = {1, 10, 100, 1000};
            frac %= pow10[frac_digits];
            snprintf(x->amount, sizeof x->amount, "%u.%0*u", whole, (int)frac_digits, frac);
            mpz_set_ui(mpq_numref(x->value), whole);
            mpz_mul_ui(mpq_numref(x->value), mpq_numref(x->value), pow10[frac_digits]);
            mpz_add_ui(mpq_numref(x->value), mpq_numref(x->value), frac);
            mpz_set_ui(mpq_denref(x->value), pow10[frac_digits]);
            mpq_canonicalize(x->value);
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
        g->cfile = take_u8(b) % F_COUNT;
        g->crow = take_u8(b) % 4;
        g->ccol = take_u8(b) % 8;
    }
}

/* ---- writing the files -------------------------------------------------- */

/* The batch directory of the input being run: made before run_compute, removed after. */
static char dir[64];
static char paths[F_COUNT + 1][96];   /* F_* files, then the plan */

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/truce-fuzz-batch-XXXXXX");
    CHECK(mkdtemp(dir), "cannot create a directory under /tmp");
    static const char *const names[F_COUNT + 1] = {
        [F_ROSTER] = "roster.csv", [F_DEALS] = "deals.csv", [F_CAMPAIGNS] = "campaigns.csv",
        [F_TOUCHES] = "touches.csv", [F_COUNT] = "plan.xml"};
    for (int i = 0; i <= F_COUNT; i++)
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
}

static void remove_dir(void)
{
    for (int i = 0; i <= F_COUNT; i++)
        unlink(paths[i]);
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

/* The plan's text, into sb (empty). */
static void build_plan(const gen *g, strbuf *out)
{
    const gen_plan *p = &g->plan;
#define sb (*out)
    sb_printf(&sb, "<plan xmlns=\"urn:truce:plan:1\" id=\"fz\" year=\"%d\" currency=\"%s\" rounding=\"%s\">\n",
              YEAR, p->currency, roundings[p->rounding]);
    sb_puts(&sb, "<credit>\n");

    /* The main split: closer and/or marketing as the recipe says. */
    strbuf main_parts = STRBUF_INIT;
    if (p->has_closer)
        sb_printf(&main_parts, "<closer share=\"%s\"/>", p->closer_share);
    if (p->has_marketing) {
        sb_printf(&main_parts, "<marketing share=\"%s\" model=\"%s\"", p->marketing_share, models[p->model]);
        if (p->model == MODEL_TIME_DECAY)
            sb_printf(&main_parts, " half-life=\"%u\"", p->half_life);
        if (p->model == MODEL_CUSTOM) {
            sb_puts(&main_parts, ">");
            for (int i = 0; i < POS_COUNT; i++)
                if (p->has_weight[i])
                    sb_printf(&main_parts, "<weight at=\"%s\" value=\"%s\"/>", positions[i], p->weight[i]);
            sb_puts(&main_parts, "</marketing>");
        } else {
            sb_puts(&main_parts, "/>");
        }
    }
    const char *mp = main_parts.p ? main_parts.p : "";
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
                  p->marketing_share);
        break;
    default:
        sb_printf(&sb, "<split when=\"discount * amount / 100 &gt; 1000 or product = 'Pro'\"><closer share=\"%s\"/></split>\n",
                  p->closer_share);
        sb_printf(&sb, "<split>%s</split>\n", mp);
        break;
    }
    sb_free(&main_parts);
    sb_puts(&sb, "</credit>\n<role id=\"ae\">\n");
    sb_printf(&sb, "<commission id=\"base\" mode=\"%s\"", p->retro ? "retroactive" : "marginal");
    if (p->has_cap)
        sb_printf(&sb, " cap=\"%s\"", p->cap);
    sb_puts(&sb, ">");
    for (int i = 0; i < p->ntiers; i++) {
        if (i + 1 < p->ntiers)
            sb_printf(&sb, "<tier upto=\"%s\" rate=\"%s\"/>", p->upto[i], p->rate[i]);
        else
            sb_printf(&sb, "<tier rate=\"%s\"/>", p->rate[i]);
    }
    sb_puts(&sb, "</commission>\n");
    if (p->has_spif) {
        sb_printf(&sb, "<spif id=\"bonus\" pay=\"%s\"", p->pay);
        if (spif_whens[p->spif_when])
            sb_printf(&sb, " when=\"%s\"", spif_whens[p->spif_when]);
        if (p->spif_range)
            sb_printf(&sb, " from=\"%s\" to=\"%s\"", p->from, p->to);
        sb_puts(&sb, "/>\n");
    }
    sb_puts(&sb, "</role>\n<role id=\"mk\">");
    sb_printf(&sb, "<commission id=\"campaign\"><tier rate=\"%s\"/></commission>", p->mk_rate);
    sb_puts(&sb, "</role>\n</plan>\n");
#undef sb
}

/* The CSV files' text, into files[F_*] (empty). */
static void build_batch(const gen *g, strbuf *files)
{
    static const char *const role_names[3] = {"ae", "mk", "intern"};
    strbuf *sb;

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
        const gen_deal *x = &g->deals[i];
        char disc[8], seats[8];
        snprintf(disc, sizeof disc, "%u", x->discount);
        snprintf(seats, sizeof seats, "%u", x->seats);
        const char *row[] = {x->id, x->date, x->amount, g->payees[x->closer].id, sources[x->source],
                             x->pro ? "Pro" : "Core", disc, seats};
        put_row(sb, g, F_DEALS, i + 1, row, 8);
    }

    if (g->with_touches) {
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
}

/* ---- the checks --------------------------------------------------------- */

/* With FUZZ_STATS set, how often each outcome was reached (printed at exit). */
static struct {
    unsigned long runs, ok, corrupt, lines, attributed, checked_parts, sharded;
} stats;


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

/* What crediting every deal again gives, for the earnings checks. */
typedef struct recredit {
    mpq_t credit[MAX_PAYEES][EARN_MONTHS + 1];   /* per payee and month */
    int credited[MAX_PAYEES][MAX_DEALS];         /* the payee has a line of the deal */
} recredit;

static int same_line(const credit_line *a, const credit_line *b)
{
    return a->deal == b->deal && a->payee == b->payee && a->campaign == b->campaign &&
           a->role == b->role && mpq_equal(a->credit, b->credit);
}

/*
 * Credits every deal again (credit_deal on the run's plan and batch) and
 * checks each deal's lines, and the run's month_lines against them.
 */
static void check_credits(const gen *g, const run_state *r, int month, recredit *rc)
{
    const plan *p = r->plan;
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
        long si = credit_deal(&cs, p, b, (uint32_t)di, &quiet);
        int in_scope = year_of(x->close) == p->year;
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

/* E of a commission for total credit C, worked out from the tiers. */
static void commission_value(mpq_t out, const component *k, const payee *py, const mpq_t C)
{
    mpq_t lo, hi, len, lim;
    mpq_inits(lo, hi, len, lim, NULL);
    mpq_set_ui(out, 0, 1);
    if (k->retroactive) {
        size_t t = k->ntiers - 1;
        for (size_t i = 0; i + 1 < k->ntiers; i++) {
            mpq_set(lim, k->tiers[i].upto);
            if (k->upto_percent)
                mpq_mul(lim, lim, py->quota);
            if (mpq_cmp(lim, C) >= 0) {
                t = i;
                break;
            }
        }
        mpq_mul(out, C, k->tiers[t].rate);
    } else {
        for (size_t i = 0; i < k->ntiers; i++) {
            /* rate x |[lo, hi) n [0, C)| */
            if (i + 1 < k->ntiers) {
                mpq_set(hi, k->tiers[i].upto);
                if (k->upto_percent)
                    mpq_mul(hi, hi, py->quota);
                if (mpq_cmp(hi, C) > 0)
                    mpq_set(hi, C);
            } else {
                mpq_set(hi, C);
            }
            mpq_sub(len, hi, lo);
            if (mpq_sgn(len) > 0) {
                mpq_mul(len, len, k->tiers[i].rate);
                mpq_add(out, out, len);
            }
            if (i + 1 < k->ntiers) {
                mpq_set(lo, k->tiers[i].upto);
                if (k->upto_percent)
                    mpq_mul(lo, lo, py->quota);
            }
        }
    }
    if (k->has_cap && mpq_cmp(out, k->cap) > 0)
        mpq_set(out, k->cap);
    mpq_clears(lo, hi, len, lim, NULL);
}

static int rates_never_fall(const component *k)
{
    for (size_t i = 1; i < k->ntiers; i++)
        if (mpq_cmp(k->tiers[i].rate, k->tiers[i - 1].rate) < 0)
            return 0;
    return 1;
}

/* Whether a SPIF's `when` holds for deal di, worked out from the recipe. */
static int spif_holds(const gen *g, int di)
{
    const gen_deal *x = &g->deals[di];
    switch (g->plan.spif_when) {
    case 0: return 1;
    case 1: return x->pro;
    case 2: return mpq_cmp_ui(x->value, 1000, 1) >= 0;
    default: return x->source != 3 && x->seats > 2;
    }
}

static void check_earnings(const gen *g, const run_state *r, const recredit *rc)
{
    const plan *p = r->plan;
    const batch *b = &r->batch;
    const credits *ml = &r->month_lines;
    const earnings *e = &r->earnings;
    mpq_t sum, v;
    mpz_t z;
    mpq_inits(sum, v, NULL);
    mpz_init(z);

    size_t paid = 0;
    for (size_t i = 0; i < b->npayees; i++)
        paid += plan_find_role(p, b->payees[i].role) != NULL &&
                (r->shard.n <= 1 || shard_of(b->payees[i].id, r->shard.n) == r->shard.k);
    CHECK(e->n == paid, "%zu payees paid, want %zu", e->n, paid);

    for (size_t s = 0; s < e->n; s++) {
        const payee_earnings *pe = &e->v[s];
        const payee *py = &b->payees[pe->payee];
        CHECK(pe->role == plan_find_role(p, py->role), "payee %s: role", py->id);
        CHECK(e->slot[pe->payee] == (long)s, "payee %s: slot", py->id);
        if (s > 0)
            CHECK(strcmp(b->payees[e->v[s - 1].payee].id, py->id) < 0, "payees out of order");
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
        for (int m = 1; m <= EARN_MONTHS; m++) {
            mpq_add(sum, sum, rc->credit[pe->payee][m]);
            CHECK(mpq_equal(sum, pe->C[m]), "payee %s: C(%d) is not the sum of its credit", py->id, m);
        }

        for (size_t k = 0; k < pe->role->ncomponents; k++) {
            const component *cp = &pe->role->components[k];
            const component_earnings *ce = &pe->comp[k];
            CHECK(mpq_sgn(ce->E[0]) == 0 && mpz_sgn(ce->R[0]) == 0, "E(0) or R(0) not zero");
            int monotone = cp->kind == COMP_SPIF || !cp->retroactive || rates_never_fall(cp);
            /* SPIF: distinct qualifying deals among the payee's, by month */
            long count[EARN_MONTHS + 1] = {0};
            if (cp->kind == COMP_SPIF) {
                for (size_t di = 0; di < b->ndeals; di++) {
                    const deal *x = &b->deals[di];
                    if (!rc->credited[pe->payee][di] || x->close < cp->from || x->close > cp->to)
                        continue;
                    if (!g->corrupt && !spif_holds(g, (int)di))
                        continue;
                    count[x->month]++;
                }
                for (int m = 1; m <= EARN_MONTHS; m++)
                    count[m] += count[m - 1];
            }
            for (int m = 1; m <= EARN_MONTHS; m++) {
                if (cp->kind == COMP_COMMISSION) {
                    commission_value(v, cp, py, pe->C[m]);
                    CHECK(mpq_equal(v, ce->E[m]), "payee %s, %s: E(%d) differs from the tiers", py->id, cp->id, m);
                    if (cp->has_cap)
                        CHECK(mpq_cmp(ce->E[m], cp->cap) <= 0, "E above the cap");
                } else if (!g->corrupt) {
                    mpq_set_si(v, count[m], 1);
                    mpq_mul(v, v, cp->pay);
                    CHECK(mpq_equal(v, ce->E[m]), "payee %s, spif: E(%d) is not pay x %ld deals", py->id, m, count[m]);
                }
                if (monotone)
                    CHECK(mpq_cmp(ce->E[m], ce->E[m - 1]) >= 0, "payee %s, %s: E(%d) < E(%d)", py->id, cp->id, m, m - 1);
                money_round(z, ce->E[m], p->minor_unit, p->rounding);
                CHECK(mpz_cmp(z, ce->R[m]) == 0, "R(%d) is not round(E(%d))", m, m);
            }
        }
    }
    mpq_clears(sum, v, NULL);
    mpz_clear(z);
}

/* payouts.csv month by month: rows, decimals, R(m) - R(m-1), and the year adds up to R(12). */
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
            for (size_t s = 0; s < e->n; s++) {
                sb_reset(&out);
                report_statement(&out, &rc, s);
            }
            sb_free(&out);
        }
    }
    size_t row = 0;
    for (size_t s = 0; s < e->n; s++)
        for (size_t k = 0; k < e->v[s].role->ncomponents; k++, row++)
            CHECK(mpz_cmp(year[row], e->v[s].comp[k].R[EARN_MONTHS]) == 0,
                  "payee slot %zu component %zu: the months do not add up to R(12)", s, k);
    for (size_t i = 0; i < nrows; i++)
        mpz_clear(year[i]);
    free(year);
    mpz_clears(v, want, NULL);
}

static void print_stats(void)
{
    fprintf(stderr, "fuzz_batch: %lu runs, %lu computed (%lu with a raw field), %lu credit lines, "
            "%lu attributed marketing lines, %lu deals with parts checked, %lu shard runs\n",
            stats.runs, stats.ok, stats.corrupt, stats.lines, stats.attributed, stats.checked_parts,
            stats.sharded);
}

/* Writes the files under dir (or leaves them in memory) and computes; 0 or -1 as run_compute. */
static int compute(run_state *r, const gen *g, strbuf *files, const strbuf *plan_text, int via_files,
                   const run_options *o, diag *d)
{
    if (via_files) {
        make_dir();
        for (int f = 0; f < F_COUNT; f++)
            if (f == F_ROSTER || f == F_DEALS || g->with_touches)
                write_file(paths[f], &files[f]);
        write_file(paths[F_COUNT], plan_text);
        batch_paths bp = {.plan = paths[F_COUNT], .roster = paths[F_ROSTER], .deals = paths[F_DEALS],
                          .touches = g->with_touches ? paths[F_TOUCHES] : NULL,
                          .campaigns = g->with_touches ? paths[F_CAMPAIGNS] : NULL};
        int rc = run_compute(r, &bp, o, d);
        remove_dir();   /* the run keeps what it read: nothing refers to the files any more */
        return rc;
    }
#define SRC(f, nm) {.name = nm, .data = files[f].p ? files[f].p : "", .len = files[f].len}
    batch_sources src = {
        .plan = {.name = "plan.xml", .data = plan_text->p, .len = plan_text->len},
        .roster = SRC(F_ROSTER, "roster.csv"),
        .deals = SRC(F_DEALS, "deals.csv"),
        .touches = SRC(F_TOUCHES, "touches.csv"),
        .campaigns = SRC(F_CAMPAIGNS, "campaigns.csv"),
    };
#undef SRC
    if (!g->with_touches)
        src.touches.data = src.campaigns.data = NULL;
    return run_compute_sources(r, &src, o, d);
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
            for (int m = 0; m <= EARN_MONTHS; m++)
                CHECK(mpq_equal(pp->comp[c].E[m], pw->comp[c].E[m]) &&
                          mpz_cmp(pp->comp[c].R[m], pw->comp[c].R[m]) == 0,
                      "payee %s: E(%d) of component %zu differs in the shard", b->payees[pw->payee].id, m, c);
    }
    CHECK(want == part->earnings.n, "the shard pays %zu payees, want %zu", part->earnings.n, want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int started;
    if (!started) {
        started = 1;
        if (getenv("FUZZ_STATS"))
            atexit(print_stats);
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

    strbuf files[F_COUNT] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    strbuf plan_text = STRBUF_INIT;
    build_plan(&g, &plan_text);
    build_batch(&g, files);

    run_options o = {.month = month, .jobs = 1};
    run_state r;
    diag d;
    diag_init(&d);
    int rc = compute(&r, &g, files, &plan_text, via_files, &o, &d);
    if (rc == 0) {
        CHECK(d.errors == 0, "success with %zu errors", d.errors);
        CHECK(r.plan && r.prepared && r.credited && r.deal_split, "success without the stages");
        stats.ok++;
        stats.corrupt += g.corrupt;
        static recredit rcr;
        static int rcr_init;
        if (!rcr_init) {
            for (int i = 0; i < MAX_PAYEES; i++)
                for (int m = 0; m <= EARN_MONTHS; m++)
                    mpq_init(rcr.credit[i][m]);
            rcr_init = 1;
        }
        for (int i = 0; i < MAX_PAYEES; i++)
            for (int m = 0; m <= EARN_MONTHS; m++)
                mpq_set_ui(rcr.credit[i][m], 0, 1);
        memset(rcr.credited, 0, sizeof rcr.credited);
        check_credits(&g, &r, month, &rcr);
        check_earnings(&g, &r, &rcr);
        check_payouts(&r, month);
        if (shard_k < 2) {
            run_options os = {.month = month, .jobs = 1, .shard = {(unsigned)shard_k, 2}};
            run_state rs;
            diag ds;
            diag_init(&ds);
            CHECK(compute(&rs, &g, files, &plan_text, via_files, &os, &ds) == 0, "shard %d of 2 fails: %s",
                  shard_k, ds.n ? ds.v[0].msg : "?");
            check_shard(&r, &rs, (unsigned)shard_k);
            check_earnings(&g, &rs, &rcr);
            check_payouts(&rs, month);
            run_free(&rs);
            diag_free(&ds);
            stats.sharded++;
        }
    } else {
        CHECK(d.errors >= 1, "failure without an error");
        if (!g.corrupt) {
            /* Only a % limit with a missing or zero quota may fail a clean recipe. */
            int quota_error = 0;
            for (size_t i = 0; i < d.n; i++)
                quota_error |= strstr(d.v[i].msg, "annual_quota") != NULL;
            CHECK(quota_error, "a clean batch fails: %s", d.n ? d.v[0].msg : "?");
        }
    }
    run_free(&r);
    diag_free(&d);
    for (int f = 0; f < F_COUNT; f++)
        sb_free(&files[f]);
    sb_free(&plan_text);
    for (int i = 0; i < g.ndeals; i++)
        mpq_clear(g.deals[i].value);
    return 0;
}
