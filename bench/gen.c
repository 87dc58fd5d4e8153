/*
 * gen.c - a deterministic generator of realistic batches, for benchmarks.
 *
 *   gen --seed N --deals K [--payees P] [--campaigns C] --out DIR
 *
 * Same seed, same bytes.  The plan credits marketing-sourced deals 70/30
 * under w-shaped attribution, pays AEs marginal tiers against quota with a
 * cap and a SPIF, and pays campaign owners a flat rate.  About 3 touches per
 * deal; amounts with cents; dates spread over 2027 (and a few in 2026).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state;

/* xorshift64*: fast, and identical on every platform. */
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static unsigned long below(unsigned long n)
{
    return (unsigned long)(rnd() % n);
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

static void write_plan(const char *dir)
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
          "  <role id=\"ae\">\n"
          "    <commission id=\"base\" mode=\"marginal\" cap=\"250000\">\n"
          "      <tier upto=\"50%\" rate=\"4%\"/>\n"
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

static void write_deals(const char *dir, unsigned long deals, unsigned long payees,
                        unsigned long marketers, unsigned long campaigns)
{
    static const char *const products[] = {"Core", "Pro", "Enterprise"};
    static const char *const types[] = {"new", "expansion", "renewal"};
    static const char *const regions[] = {"NA", "EMEA", "APAC", "LATAM"};
    FILE *fd = open_out(dir, "deals.csv");
    FILE *ft = open_out(dir, "touches.csv");
    fputs("deal_id,close_date,amount,closer_id,source,product,type,region\n", fd);
    fputs("deal_id,campaign_id,touch_date,stage\n", ft);
    for (unsigned long i = 0; i < deals; i++) {
        int year = below(100) == 0 ? 2026 : 2027;
        int doy = (int)below(365), m, d;
        ymd(doy, &m, &d);
        int marketing = below(10) < 6;
        unsigned long closer = marketers + below(payees - marketers);
        fprintf(fd, "D%08lu,%d-%02d-%02d,%lu.%02lu,p%05lu,%s,%s,%s,%s\n", i, year, m, d,
                1000 + below(199000), below(100), closer, marketing ? "marketing" : "sales",
                products[below(3)], types[below(3)], regions[below(4)]);
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
}

int main(int argc, char **argv)
{
    unsigned long seed = 1, deals = 100000, payees = 5000, campaigns = 500;
    const char *out = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--seed"))
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
        fputs("usage: gen --seed N --deals K [--payees P>=20] [--campaigns C] --out DIR\n", stderr);
        return 2;
    }
    mkdir(out, 0777);
    rng_state = 0x9E3779B97F4A7C15ull ^ (seed * 0xBF58476D1CE4E5B9ull);
    if (!rng_state)
        rng_state = 1;
    unsigned long marketers = payees / 10;
    write_plan(out);
    write_roster(out, payees, marketers);
    write_campaigns(out, campaigns, marketers);
    write_deals(out, deals, payees, marketers, campaigns);
    return 0;
}
