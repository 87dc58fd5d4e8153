/*
 * gen.c - a deterministic generator of realistic batches, for benchmarks.
 *
 *   gen --seed N --deals K [--payees P] [--campaigns C] [--mechanics] --out DIR
 *
 * Same seed, same bytes.  The plan credits marketing-sourced deals 70/30
 * under w-shaped attribution, pays AEs marginal tiers against quota with a
 * cap and a SPIF, and pays campaign owners a flat rate.  About 3 touches per
 * deal; amounts with cents; dates spread over 2027 (and a few in 2026).
 *
 * --mechanics gives the AEs' commission the pay mechanics that walk every
 * line (a deal cap, an original-rate clawback within 180 days, release on
 * payment) and adds events.csv (about 3% of the 2027 deals refunded or
 * cancelled after closing, some beyond the 180 days or the year) and
 * payments.csv (most deals paid, in one to three instalments, some late,
 * some only in part, some never).  Those two files draw from a second
 * random stream, so the other files are byte for byte those of the same
 * seed without the option.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state;
static uint64_t mech_state;  /* --mechanics: events and payments, apart from the main stream */

/* xorshift64*: fast, and identical on every platform. */
static uint64_t rnd_of(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static uint64_t rnd(void)
{
    return rnd_of(&rng_state);
}

static unsigned long below(unsigned long n)
{
    return (unsigned long)(rnd() % n);
}

static unsigned long mech_below(unsigned long n)
{
    return (unsigned long)(rnd_of(&mech_state) % n);
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    static char buf[1 << 20];
    setvbuf(f, NULL, _IOFBF, sizeof buf);
    return f;
}

static void write_plan(const char *dir, int mechanics)
{
    FILE *f = open_out(dir, "plan.xml");
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<plan xmlns=\"urn:truce:plan:1\" id=\"bench-2027\" year=\"2027\" currency=\"USD\" rounding=\"half-up\">\n"
          "  <credit>\n"
          "    <split when=\"source = 'marketing'\">\n"
          "      <closer share=\"70%\"/>\n"
          "      <marketing share=\"30%\" model=\"w-shaped\"/>\n"
          "    </split>\n"
          "    <split><closer share=\"100%\"/></split>\n"
          "  </credit>\n"
          "  <role id=\"ae\">\n", f);
    if (mechanics)
        fputs("    <commission id=\"base\" mode=\"marginal\" cap=\"250000\" deal-cap=\"5000\" "
              "release=\"payment\">\n"
              "      <clawback policy=\"original-rate\" within-days=\"180\"/>\n", f);
    else
        fputs("    <commission id=\"base\" mode=\"marginal\" cap=\"250000\">\n", f);
    fputs("      <tier upto=\"50%\" rate=\"4%\"/>\n"
          "      <tier upto=\"100%\" rate=\"8%\"/>\n"
          "      <tier rate=\"12%\"/>\n"
          "    </commission>\n"
          "    <spif id=\"pro-launch\" when=\"product = 'Pro' and type = 'new'\" pay=\"250\" from=\"2027-03-01\" to=\"2027-05-31\"/>\n"
          "  </role>\n"
          "  <role id=\"marketing\">\n"
          "    <commission id=\"campaign\"><tier rate=\"2%\"/></commission>\n"
          "  </role>\n"
          "</plan>\n", f);
    fclose(f);
}

static void write_roster(const char *dir, unsigned long payees, unsigned long marketers)
{
    FILE *f = open_out(dir, "roster.csv");
    fputs("payee_id,name,role,annual_quota\n", f);
    for (unsigned long i = 0; i < payees; i++) {
        if (i < marketers)
            fprintf(f, "m%05lu,\"Marketer %lu, Demand Gen\",marketing,\n", i, i);
        else
            fprintf(f, "p%05lu,Rep %lu,ae,%lu000\n", i, i, 200 + below(1800));
    }
    fclose(f);
}

static void write_campaigns(const char *dir, unsigned long campaigns, unsigned long marketers)
{
    FILE *f = open_out(dir, "campaigns.csv");
    fputs("campaign_id,name,owner_id,cost\n", f);
    for (unsigned long i = 0; i < campaigns; i++) {
        if (i % 50 == 49)
            fprintf(f, "c%04lu,Campaign %lu,,%lu.%02lu\n", i, i, below(90000), below(100));
        else
            fprintf(f, "c%04lu,Campaign %lu,m%05lu,%lu.%02lu\n", i, i, below(marketers), below(90000),
                    below(100));
    }
    fclose(f);
}

static void ymd(int doy, int *m, int *d)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int mm = 0;
    while (doy >= dm[mm])
        doy -= dm[mm++];
    *m = mm + 1;
    *d = doy + 1;
}

/* Writes the date `days` days after day-of-year doy of 2027 (into 2028, a leap year). */
static void put_date_after(FILE *f, int doy, int days)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int year = 2027, d = doy + days;
    if (d >= 365) {
        year = 2028;
        d -= 365;
    }
    int m = 0;
    while (d >= dm[m] + (year == 2028 && m == 1)) {
        d -= dm[m] + (year == 2028 && m == 1);
        m++;
    }
    fprintf(f, "%d-%02d-%02d", year, m + 1, d + 1);
}

static void put_cents(FILE *f, unsigned long cents)
{
    fprintf(f, "%lu.%02lu", cents / 100, cents % 100);
}

/*
 * A 2027 deal's events: 2% a refund (of up to half the amount), 1% a cancel, and a quarter
 * of the refunded deals cancelled later.  Up to 239 days after the close: some beyond the
 * clawback's 180 days, some in 2028.
 */
static void write_events(FILE *f, const char *id, int doy, unsigned long cents)
{
    unsigned long r = mech_below(100);
    if (r >= 3)
        return;
    int after = (int)mech_below(240);
    if (r < 2) {
        fprintf(f, "%s,", id);
        put_date_after(f, doy, after);
        fputs(",refund,", f);
        put_cents(f, 1 + mech_below(cents / 2));
        fputc('\n', f);
        if (mech_below(4) != 0)
            return;
        after += (int)mech_below(60);
    }
    fprintf(f, "%s,", id);
    put_date_after(f, doy, after);
    fputs(",cancel,\n", f);
}

/*
 * A 2027 deal's payments: 70% paid in full in one to three instalments (within 90 days, or
 * up to 300 days for one in ten), 15% paid in part, 15% not at all.
 */
static void write_payments(FILE *f, const char *id, int doy, unsigned long cents)
{
    unsigned long r = mech_below(100);
    if (r >= 85)
        return;
    unsigned long due = r < 70 ? cents : 1 + mech_below(cents);
    int n = 1 + (int)mech_below(3), after = 0;
    int spread = mech_below(10) == 0 ? 300 : 90;
    for (int i = 0; i < n && due > 0; i++) {
        unsigned long part = i + 1 == n ? due : 1 + mech_below(due);
        due -= part;
        after += (int)mech_below((unsigned long)spread / (unsigned long)n + 1);
        fprintf(f, "%s,", id);
        put_date_after(f, doy, after);
        fputc(',', f);
        put_cents(f, part);
        fputc('\n', f);
    }
}

static void write_deals(const char *dir, unsigned long deals, unsigned long payees,
                        unsigned long marketers, unsigned long campaigns, int mechanics)
{
    static const char *const products[] = {"Core", "Pro", "Enterprise"};
    static const char *const types[] = {"new", "expansion", "renewal"};
    static const char *const regions[] = {"NA", "EMEA", "APAC", "LATAM"};
    FILE *fd = open_out(dir, "deals.csv");
    FILE *ft = open_out(dir, "touches.csv");
    fputs("deal_id,close_date,amount,closer_id,source,product,type,region\n", fd);
    fputs("deal_id,campaign_id,touch_date,stage\n", ft);
    FILE *fe = NULL, *fp = NULL;
    if (mechanics) {
        fe = open_out(dir, "events.csv");
        fp = open_out(dir, "payments.csv");
        fputs("deal_id,date,kind,amount\n", fe);
        fputs("deal_id,date,amount\n", fp);
    }
    for (unsigned long i = 0; i < deals; i++) {
        int year = below(100) == 0 ? 2026 : 2027;
        int doy = (int)below(365), m, d;
        ymd(doy, &m, &d);
        int marketing = below(10) < 6;
        unsigned long closer = marketers + below(payees - marketers);
        /* One call, as it always was: the compiler's order of evaluating the arguments draws
           the random numbers, and the amount is read back from the row. */
        char row[256];
        snprintf(row, sizeof row, "D%08lu,%d-%02d-%02d,%lu.%02lu,p%05lu,%s,%s,%s,%s\n", i, year,
                 m, d, 1000 + below(199000), below(100), closer,
                 marketing ? "marketing" : "sales", products[below(3)], types[below(3)],
                 regions[below(4)]);
        fputs(row, fd);
        if (mechanics && year == 2027) {
            char *amount = strchr(strchr(row, ',') + 1, ',') + 1, *dot;
            unsigned long cents = strtoul(amount, &dot, 10) * 100 + strtoul(dot + 1, NULL, 10);
            row[9] = '\0';  /* the deal id */
            write_events(fe, row, doy, cents);
            write_payments(fp, row, doy, cents);
        }
        if (!marketing)
            continue;
        int n = 1 + (int)below(5);  /* 1..5 touches, about 3 */
        for (int t = 0; t < n; t++) {
            int tdoy = doy - (int)below(120);
            int ty = year;
            if (tdoy < 0) {
                tdoy += 365;
                ty--;
            }
            int tm, td;
            ymd(tdoy, &tm, &td);
            const char *stage = t == 0 ? "lead" : t == n / 2 + 1 ? "opportunity" : "";
            fprintf(ft, "D%08lu,c%04lu,%d-%02d-%02d,%s\n", i, below(campaigns), ty, tm, td, stage);
        }
    }
    fclose(fd);
    fclose(ft);
    if (mechanics) {
        fclose(fe);
        fclose(fp);
    }
}

int main(int argc, char **argv)
{
    unsigned long seed = 1, deals = 100000, payees = 5000, campaigns = 500;
    const char *out = NULL;
    int mechanics = 0;
    for (int i = 1; i < argc; i += 2) {
        if (!strcmp(argv[i], "--mechanics")) {
            mechanics = 1;
            i--;  /* a flag: no value */
        } else if (i + 1 == argc)
            break;
        else if (!strcmp(argv[i], "--seed"))
            seed = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--deals"))
            deals = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--payees"))
            payees = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--campaigns"))
            campaigns = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--out"))
            out = argv[i + 1];
    }
    if (!out || payees < 20 || campaigns < 1) {
        fputs("usage: gen --seed N --deals K [--payees P>=20] [--campaigns C] [--mechanics] "
              "--out DIR\n", stderr);
        return 2;
    }
    mkdir(out, 0777);
    rng_state = 0x9E3779B97F4A7C15ull ^ (seed * 0xBF58476D1CE4E5B9ull);
    if (!rng_state)
        rng_state = 1;
    mech_state = 0xD1B54A32D192ED03ull ^ (seed * 0x94D049BB133111EBull);
    if (!mech_state)
        mech_state = 1;
    unsigned long marketers = payees / 10;
    write_plan(out, mechanics);
    write_roster(out, payees, marketers);
    write_campaigns(out, campaigns, marketers);
    write_deals(out, deals, payees, marketers, campaigns, mechanics);
    return 0;
}
