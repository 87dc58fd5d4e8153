#!/usr/bin/env python3
"""gen_batch.py - deterministic random VALID Truce batches for differential testing.

    python3 tests/reference/gen_batch.py --seed N --out DIR [--deals K]
    python3 tests/reference/gen_batch.py --seeds FIRST:LAST --out ROOT [--deals K]
        (writes ROOT/seed-N for each seed; the same bytes as --seed N)

Writes DIR/plan.xml roster.csv deals.csv (and usually touches.csv campaigns.csv),
plus DIR/period: a month of the plan year to run (chosen by the same seed).
Every batch is valid per CONTRACT.md sections 1 and 3: ids match
[A-Za-z0-9._-]+, payees of roles with % tier limits have a quota above zero,
`when` expressions use text columns only against string literals and never
divide by something that can be zero.  The same seed always gives the same
bytes.  Standard library only.
"""

import argparse
import datetime
import os
import random
from xml.sax.saxutils import escape

SOURCES = ["marketing", "sales", "partner", "web"]
PRODUCTS = ["Pro", "Core", "Lite", "pro"]
REGIONS = ["EMEA", "NA", "APAC", "North, East", "LATAM"]
TYPES = ["new", "expansion", "renewal"]
CODES = ["7", "007", "7.0", "A7", "B", "b", "-1", "10"]
NOTES = ["", "plain", "has, comma", 'says "hi"', "multi\nline", "x"]

AWKWARD = ["-0", "-0.00", "1.0000001", "33333.33", "0.01", "0", "0.00", "100000", "1234.5", "99999.999",
           "64999.99", "1", "0.005", "12345.678", "250000", "10", "3"]

CURRENCIES = ["USD", "JPY", "KWD"]
ROUNDINGS = ["half-up", "half-even", "down", "up"]
MODELS = ["linear", "time-decay", "first-touch", "last-touch", "lead-creation",
          "u-shaped", "w-shaped", "full-path", "j-shaped", "inverse-j", "custom"]
POSITIONS = ["first", "lead", "opportunity", "last", "middle"]

FIRST_NAMES = ["Ana Ruiz", "Ruiz, Ana", 'Bob "the closer" Smith', "Cho Min-jun",
               "Mia Laine", "Raj Patel", "Sam Ito", "Zoë Müller", "O'Neil, Pat",
               'Dee "DJ", Jones']


class Gen:
    def __init__(self, seed, ndeals):
        self.r = random.Random(seed)
        self.seed = seed
        self.ndeals = ndeals

    # -- numbers -------------------------------------------------------------

    def share(self):
        return self.r.choice(["100%", "70%", "30%", "1/3", "2/3", "0%", "0.25", "1",
                              "50%", "12.5%", "0", "10%", "1/7", "0.3"])

    def rate(self):
        return self.r.choice(["4%", "8%", "0.05", "1/8", "12.5%", "3%", "10%", "1/3",
                              "0%", "7.25%", "2/7", "0.015"])

    def amount(self):
        r = self.r
        k = r.random()
        if k < 0.25:
            return r.choice(AWKWARD)
        whole = r.choice([r.randint(0, 999), r.randint(1000, 99999), r.randint(10000, 300000)])
        decs = r.randint(0, 3)
        if decs == 0:
            return str(whole)
        return "%d.%0*d" % (whole, decs, r.randint(0, 10 ** decs - 1))

    def num_literal(self, lo, hi):
        r = self.r
        v = r.randint(lo, hi)
        k = r.random()
        if k < 0.2:
            return "%d.%d" % (v, r.randint(0, 9))
        return str(v)

    # -- when expressions ------------------------------------------------------

    def text_cmp(self):
        r = self.r
        col, vals = r.choice([("source", SOURCES), ("product", PRODUCTS),
                              ("region", REGIONS), ("type", TYPES), ("code", CODES)])
        k = r.random()
        if k < 0.35:
            return "%s = '%s'" % (col, r.choice(vals))
        if k < 0.5:
            return "%s != '%s'" % (col, r.choice(vals))
        if k < 0.65:
            return "'%s' %s %s" % (r.choice(vals), r.choice(["=", "<", ">=", "!="]), col)
        if k < 0.8:
            return "%s %s '%s'" % (col, r.choice(["<", "<=", ">", ">="]), r.choice(vals))
        if k < 0.93:
            lits = r.sample(vals, r.randint(1, min(3, len(vals))))
            return "%s in (%s)" % (col, ", ".join("'%s'" % v for v in lits))
        # text comparisons on columns that are numbers, dates or ids: raw text, bytewise
        return r.choice([
            "amount = '%s'" % r.choice(["0", "33333.33", "1234.5", "100000", "0.00"]),
            "amount %s '5'" % r.choice(["<", ">="]),
            "close_date %s '%d-%02d-15'" % (r.choice(["<", ">=", "<="]), self.year, r.randint(1, 12)),
            "closer_id %s '%s'" % (r.choice(["=", "!=", "<"]), r.choice(["ana", "ben", "Bob", "zoe"])),
            "deal_id < 'D-1010'",
            "seats in ('1', '10', '2')",
            "'abc' < 'abd'",
            "'b' = 'B'",
        ])

    def num_expr(self, depth=0):
        r = self.r
        k = r.random()
        if depth > 1 or k < 0.35:
            return r.choice(["amount", "amount", "seats", "discount",
                             self.num_literal(0, 200000), "%d%%" % r.randint(0, 150)])
        if k < 0.5:
            return "(%s)" % self.num_expr(depth + 1)
        if k < 0.6:
            return "-" + self.num_expr(depth + 1)
        op = r.choice(["+", "-", "*", "/"])
        left = self.num_expr(depth + 1)
        if op == "/":
            right = r.choice(["seats", "(seats + 1)", str(r.randint(1, 9)), "2.5", "50%"])
        else:
            right = self.num_expr(depth + 1)
        return "%s %s %s" % (left, op, right)

    def num_cmp(self):
        r = self.r
        k = r.random()
        op = r.choice(["<", "<=", ">", ">=", "=", "!="])
        if k < 0.3:
            return "amount %s %s" % (op, r.choice(["50000", "10000", "0", "33333.33", "1000.5",
                                                   "100000", "0.01", "1234.5"]))
        if k < 0.4:
            lits = [r.choice(["1", "2", "3", "5", "10", "1.0", "200%"]) for _ in range(r.randint(1, 3))]
            return "seats in (%s)" % ", ".join(lits)
        if k < 0.5:
            return "discount %s %s" % (r.choice(["<", ">=", "="]), r.choice(["10%", "0.15", "0", "5%"]))
        if k < 0.8:
            # a scaled amount against a threshold of the same size
            scaled = r.choice(["amount * %s" % r.choice(["10%", "2", "0.5", "3 / 2"]),
                               "amount / seats", "amount / (seats + 1)",
                               "amount * (1 - discount)", "(amount - %s) * 2" % self.num_literal(0, 50000),
                               "seats * 1000 + amount", "-amount", "amount - -%s" % self.num_literal(0, 9),
                               "amount / 2.5 + seats"])
            thr = self.num_literal(0, 60000)
            if scaled == "-amount":
                thr = "-" + thr
            return "%s %s %s" % (scaled, op, thr) if r.random() < 0.7 else "%s %s %s" % (thr, op, scaled)
        if k < 0.9:
            # guarded by short-circuit: the right operand would fail on some deals
            # (division by zero when cnt is 0; text used as a number for text codes)
            return r.choice([
                "(cnt != 0 and amount / cnt > %s)" % self.num_literal(0, 60000),
                "(cnt = 0 or amount / cnt < %s)" % self.num_literal(0, 60000),
                "(code in ('7', '007', '7.0', '-1', '10') and code + 0 >= 7)",
                "(not (code in ('A7', 'B', 'b')) and code < %s)" % r.choice(["7", "8", "0", "10.0"]),
                "amount * 0.1 + amount * 0.2 = amount * 0.3",
                "0.1 + 0.2 = 0.3",
            ])
        return "%s %s %s" % (self.num_expr(), op, self.num_expr())

    def cond(self, depth=0):
        r = self.r
        k = r.random()
        if depth >= 2 or k < 0.5:
            return self.text_cmp() if r.random() < 0.55 else self.num_cmp()
        if k < 0.62:
            return "not " + self.cond(depth + 1) if r.random() < 0.5 else "not (%s)" % self.cond(depth + 1)
        if k < 0.7:
            return "(%s)" % self.cond(depth + 1)
        return "%s %s %s" % (self.cond(depth + 1), r.choice(["and", "or"]), self.cond(depth + 1))

    # -- plan ------------------------------------------------------------------

    def marketing(self):
        r = self.r
        model = r.choice(MODELS)
        attrs = 'share="%s" model="%s"' % (self.share(), model)
        if model == "time-decay" and r.random() < 0.7:
            attrs += ' half-life="%d"' % r.choice([1, 2, 3, 7, 10, 14, 30])
        if model != "custom":
            return "      <marketing %s/>\n" % attrs
        positions = r.sample(POSITIONS, r.randint(1, 5))
        ws = "".join('        <weight at="%s" value="%s"/>\n'
                     % (p, r.choice(["1", "2", "30%", "0", "1/3", "0.5", "10%", "3"]))
                     for p in positions)
        return "      <marketing %s>\n%s      </marketing>\n" % (attrs, ws)

    def split(self, last):
        r = self.r
        s = ""
        if not last or r.random() < 0.2:
            s = ' when="%s"' % escape(self.cond(), {'"': "&quot;"})
        parts = []
        k = r.random()
        if k < 0.85:
            parts.append('      <closer share="%s"/>\n' % self.share())
        if k > 0.3 or r.random() < 0.1:
            parts.append(self.marketing())
        if r.random() < 0.3:
            parts.reverse()
        body = "".join(parts)
        return "    <split%s>\n%s    </split>\n" % (s, body)

    def commission(self, cid, pct):
        r = self.r
        ntiers = r.randint(1, 4)
        if pct:
            pool = ["10%", "25%", "50%", "75%", "100%", "120%", "150%", "200%"]
        else:
            pool = ["1000", "5000", "20000", "100000/3", "50000.5", "100000", "200000", "500000"]
        lims = sorted(r.sample(range(len(pool)), ntiers - 1))
        tiers = "".join('      <tier upto="%s" rate="%s"/>\n' % (pool[i], self.rate()) for i in lims)
        tiers += '      <tier rate="%s"/>\n' % self.rate()
        attrs = 'id="%s"' % cid
        mode = r.choice(["marginal", "retroactive", None])
        if mode:
            attrs += ' mode="%s"' % mode
        if r.random() < 0.3:
            attrs += ' cap="%s"' % r.choice(["500", "1000", "5000", "12345.67", "20000/3", "0", "60000"])
        return "    <commission %s>\n%s    </commission>\n" % (attrs, tiers)

    def spif(self, sid, year):
        r = self.r
        attrs = 'id="%s"' % sid
        if r.random() < 0.7:
            attrs += ' when="%s"' % escape(self.cond(1), {'"': "&quot;"})
        attrs += ' pay="%s"' % r.choice(["250", "99.95", "1000/3", "0", "0.005", "75"])
        d1 = datetime.date(year, 1, 1) + datetime.timedelta(days=r.randint(-20, 300))
        d2 = d1 + datetime.timedelta(days=r.randint(0, 150))
        has_from = r.random() < 0.5
        if has_from:
            attrs += ' from="%s"' % d1.isoformat()
        if r.random() < 0.5:
            if not has_from:  # from defaults to January 1st: keep from <= to
                d2 = max(d2, datetime.date(year, 1, 1))
            attrs += ' to="%s"' % d2.isoformat()
        return "    <spif %s/>\n" % attrs

    def plan(self):
        r = self.r
        self.year = r.randint(2025, 2029)
        self.currency = r.choice(CURRENCIES)
        rounding = r.choice(ROUNDINGS + [None])
        x = '<?xml version="1.0" encoding="UTF-8"?>\n'
        x += '<plan xmlns="urn:truce:plan:1" id="gen-%d" year="%d" currency="%s"' % (
            self.seed, self.year, self.currency)
        if rounding:
            x += ' rounding="%s"' % rounding
        x += ">\n  <credit>\n"
        nsplits = r.randint(1, 3)
        for i in range(nsplits):
            x += self.split(i == nsplits - 1)
        x += "  </credit>\n"
        # roles: ae, am, mkt always; maybe an empty one
        self.pct_roles = set()
        self.roles = ["ae", "am", "mkt"]
        if r.random() < 0.2:
            self.roles.append("ops")
        for role in self.roles:
            x += '  <role id="%s">\n' % role
            if role == "ops":
                x += "  </role>\n"
                continue
            ncomp = r.randint(1, 3)
            for j in range(ncomp):
                if j == 0 or r.random() < 0.5:
                    pct = r.random() < 0.5
                    if pct:
                        self.pct_roles.add(role)
                    x += self.commission("c%d" % j, pct)
                else:
                    x += self.spif("s%d" % j, self.year)
            x += "  </role>\n"
        x += "</plan>\n"
        return x

    # -- batch files -------------------------------------------------------------

    def csv(self, header, rows, shuffle_cols=True):
        r = self.r
        cols = list(range(len(header)))
        if shuffle_cols and r.random() < 0.3:
            r.shuffle(cols)
        eol = "\r\n" if r.random() < 0.1 else "\n"
        bom = "\ufeff" if r.random() < 0.05 else ""

        def q(f):
            if any(c in f for c in ',"\n\r') or r.random() < 0.03:  # also "" for empty
                return '"' + f.replace('"', '""') + '"'
            return f
        out = [",".join(q(header[c]) for c in cols)]
        for row in rows:
            out.append(",".join(q(row[c]) for c in cols))
            if r.random() < 0.02:
                out.append("")  # an empty line, skipped
        text = bom + eol.join(out)
        if r.random() < 0.9:
            text += eol
        return text.encode("utf-8")

    def batch(self, out):
        r = self.r
        os.makedirs(out, exist_ok=True)
        plan = self.plan()
        year = self.year

        # roster
        npay = r.randint(3, 8)
        payees = []
        used = set()
        for i in range(npay):
            while True:
                pid = r.choice(["ana", "ben", "cho", "mia", "raj", "sam", "zoe", "al.b", "x-1", "Q_9", "Bob"])
                if pid not in used:
                    break
            used.add(pid)
            role = r.choice(["ae", "ae", "am", "mkt", "sdr"] + (["ops"] if "ops" in self.roles else []))
            if i == 0:
                role = "ae"
            if i == 1:
                role = "mkt"
            if role in self.pct_roles:
                quota = r.choice(["600000", "480000", "100000", "50000.50", "12345.67", "1000", "250000"])
            else:
                quota = r.choice(["", "0", "300000", "75000.25"])
            payees.append((pid, r.choice(FIRST_NAMES), role, quota))
        rost_extra = r.random() < 0.2
        header = ["payee_id", "name", "role", "annual_quota"] + (["team"] if rost_extra else [])
        rows = [list(p) + (["t%d" % r.randint(1, 3)] if rost_extra else []) for p in payees]
        roster = self.csv(header, rows)
        pids = [p[0] for p in payees]
        mkt_owners = [p[0] for p in payees if p[2] == "mkt"] or pids

        # campaigns
        ncamp = r.randint(2, 6)
        camps = []
        for i in range(ncamp):
            cid = r.choice(["paid-search", "webinar.q1", "trade_show", "Partner-Day", "email", "seo", "c1", "c2"]) + ("" if i < 4 else str(i))
            if cid in [c[0] for c in camps]:
                cid += "-%d" % i
            k = r.random()
            owner = "" if k < 0.2 else (r.choice(mkt_owners) if k < 0.85 else r.choice(pids))
            cost = r.choice(["", "0", "12000", "30500.50", "8000"])
            camps.append((cid, r.choice(["Q1 webinar series, EMEA", 'The "big" show', "Paid search", "Seo"]), owner, cost))
        campaigns = self.csv(["campaign_id", "name", "owner_id", "cost"], [list(c) for c in camps])

        # deals
        nd = self.ndeals if self.ndeals else r.randint(6, 26)
        pmonth = r.randint(1, 12)
        deals = []
        for i in range(nd):
            did = "D-%04d" % (1000 + i) if r.random() < 0.8 else r.choice(["d", "D", "a.", "z_"]) + str(i)
            k = r.random()
            if k < 0.08:
                close = datetime.date(year - 1, 12, r.randint(1, 31))
            elif k < 0.12:
                close = datetime.date(year + 1, 1, r.randint(1, 31))
            elif k < 0.45:
                close = datetime.date(year, pmonth, r.randint(1, 28))  # the period's month
            else:
                close = datetime.date(year, 1, 1) + datetime.timedelta(days=r.randint(0, 364))
                if r.random() < 0.15 and deals:
                    close = r.choice(deals)[1]  # same close date as another deal
            closer = r.choice(pids)
            seats = str(r.randint(1, 12))
            discount = r.choice(["0", "0.1", "0.15", "0.5", "0.25", "0.05"])
            deals.append([did, close, self.amount(), closer, r.choice(SOURCES), r.choice(PRODUCTS),
                          r.choice(REGIONS), r.choice(TYPES), seats, discount, r.choice(CODES),
                          r.choice(NOTES), str(r.randint(0, 3))])
        r.shuffle(deals)
        dheader = ["deal_id", "close_date", "amount", "closer_id", "source", "product",
                   "region", "type", "seats", "discount", "code", "notes", "cnt"]
        drows = [[d[0], d[1].isoformat()] + d[2:] for d in deals]
        if r.random() < 0.2:  # an extra column no expression can name
            dheader.append("Extra Col")
            for row in drows:
                row.append(r.choice(["", "1", "a,b"]))
        deals_csv = self.csv(dheader, drows)

        # touches
        touches = []
        for d in deals:
            if r.random() < 0.2:
                continue  # no touches
            nt = r.randint(1, 7)
            prev = None
            for _ in range(nt):
                k = r.random()
                if prev and k < 0.2:
                    td = prev  # tie on a date
                elif k < 0.3:
                    td = d[1] + datetime.timedelta(days=r.randint(1, 20))  # after close
                elif k < 0.38:
                    td = d[1]  # on the close date
                else:
                    td = d[1] - datetime.timedelta(days=r.randint(1, 120))
                prev = td
                stage = r.choice(["", "", "", "touch", "lead", "opportunity"])
                touches.append([d[0], r.choice(camps)[0], td.isoformat(), stage])
        if r.random() < 0.5:
            r.shuffle(touches)  # interleave deals; row order still breaks date ties
        touches_csv = self.csv(["deal_id", "campaign_id", "touch_date", "stage"], touches)

        with open(os.path.join(out, "plan.xml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(plan)
        for name, data in [("roster.csv", roster), ("deals.csv", deals_csv)]:
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        k = r.random()
        if k < 0.05:
            # a touches file with a header only: no deal has touches
            touches_csv = self.csv(["deal_id", "campaign_id", "touch_date", "stage"], [])
        if k < 0.9:
            files = [("touches.csv", touches_csv), ("campaigns.csv", campaigns)]
        elif k < 0.95:
            files = [("campaigns.csv", campaigns)]  # campaigns without touches: unused
        else:
            files = []  # no touches: every marketing credit is unattributed
        for name, data in files:
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        with open(os.path.join(out, "period"), "w") as f:
            f.write("%d-%02d\n" % (year, pmonth))


def main(generator=None):
    """The command line of a generator: generator(seed, deals).batch(dir); Gen by default."""
    generator = generator or Gen
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, help="one batch, written to --out")
    ap.add_argument("--seeds", metavar="FIRST:LAST",
                    help="batches FIRST..LAST, written to --out/seed-N (one process for many)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--deals", type=int, default=0)
    a = ap.parse_args()
    if a.seeds:
        first, last = (int(x) for x in a.seeds.split(":"))
        for seed in range(first, last + 1):
            generator(seed, a.deals).batch(os.path.join(a.out, "seed-%d" % seed))
    elif a.seed is not None:
        generator(a.seed, a.deals).batch(a.out)
    else:
        ap.error("--seed or --seeds is required")


if __name__ == "__main__":
    main()
