#!/usr/bin/env python3
"""gen_batch6.py - deterministic random VALID batches using the pay mechanics with plan versions.

    python3 tests/reference/gen_batch6.py --seed N --out DIR
    python3 tests/reference/gen_batch6.py --seeds FIRST:LAST --out ROOT
        (writes ROOT/seed-N for each seed; the same bytes as --seed N)

Each batch combines the crediting constructs of gen_batch5.py (team splits,
overlays and territories, manager roll-ups, employment dates, quotas.csv, deal
currencies with fx.csv, lost deals, attainment windows) with the pay mechanics,
most often under 2 or 3 plan versions (plans/) that differ in them:

  - commissions: marginal or retroactive, windows, % or amount limits, rate
    tables (plan-level <rate-table>s, with rows, '*' and a default), caps, gates
    (% or amount; retroactive or forward), per-deal caps and floors, release
    (booking, payment, full-payment), clawback policies (original-rate,
    recalculate, within-days, or none);
  - SPIFs, bonuses (levels), pay curves (points, extend), draws (recoverable,
    recovery-limit, forgive);
  - events.csv (refunds and cancels, landing in later months, windows and
    versions, some past within-days or after the plan year), payments.csv,
    adjustments.csv (of every kind of component, draws included);
  - sometimes a paid history `paid.csv` for --paid: rows of earlier months
    (months, quarters, repeated headers, other column orders), payees missing
    from a recorded month, and rows the run must ignore (another year, a payee,
    role or component it does not pay, the run's own period, later months).

Some batches have no pay mechanic in any version (no ledger.csv), or in one
version only; some use whole shares, round quotas and round amounts so that
attainment lands exactly on bonus levels, curve points and tier limits; events
often land exactly on a within-days limit (or a day past it); payments and draw
forgive dates often fall in or next to the run's period; a round batch may have a
deal taking a payee exactly to a bonus level.

DIR/period holds the period to run; DIR/paid.csv, when present, is the --paid
file.  Batches are small (a few payees, tens of deals) so that a seed runs fast.
Every batch is meant to be accepted by `truce run`.  The same seed always gives
the same bytes.  Standard library only.
"""

import datetime
import os
import sys
from fractions import Fraction
from xml.sax.saxutils import escape

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_batch as gb  # noqa: E402
import gen_batch5 as g5  # noqa: E402

PLAN_CURRENCIES = ["USD", "USD", "USD", "EUR", "JPY", "KWD"]
PAYEE_IDS = ["ana", "ben", "cho", "mia", "raj", "sam", "zoe", "al.b", "x-1", "Q_9", "Bob",
             "dev", "eve", "max", "val"]
VERSION_NAMES = ["a", "b", "base", "h1", "h2", "q3", "v1", "v2", "z", "amended", "2027-07", "new"]
PCT_POOL = ["10%", "25%", "50%", "75%", "100%", "120%", "150%", "200%"]
AMT_POOL = ["1000", "5000", "20000", "100000/3", "50000.5", "100000", "200000"]
TABLE_FIELDS = [("product", gb.PRODUCTS), ("region", ["EMEA", "NA", "APAC", "LATAM"]),
                ("type", gb.TYPES), ("source", gb.SOURCES)]
REASONS = ["Missed credit", "Overpaid, see ticket 4", 'Said "fix"', "Guarantee", "Correction"]
APPROVERS = ["cfo", "vp-sales", "cro"]


def last_day(y, m):
    return g5.last_day(y, m)


def dec_str(x, places):
    """Fraction x (>= 0) rounded down to `places` decimals, as a decimal string."""
    u = (x * 10 ** places).numerator // (x * 10 ** places).denominator
    s = str(u).rjust(places + 1, "0")
    return s if places == 0 else s[:-places] + "." + s[-places:]


class Gen6(g5.Gen5):

    # -- plan structure (shared by all versions) ---------------------------------

    def structure(self):
        r = self.r
        self.roles = ["ae", "mkt"] + [x for x in ["am", "se", "mgr"] if r.random() < 0.5]
        if r.random() < 0.1:
            self.roles.append("ops")  # a role without components
        r.shuffle(self.roles)
        self.struct = {}
        for role in self.roles:
            comps = []
            if role != "ops":
                n = r.randint(1, 4)
                has_draw = False
                for j in range(n):
                    k = r.random()
                    cid = "k%d" % j
                    if self.plain:
                        k = 0.9 if k < 0.3 else 0   # commissions and SPIFs only
                    if j == 0 or k < 0.45:
                        comps.append({
                            "kind": "commission", "id": cid,
                            "window": r.choice([None, "year", "half", "quarter", "quarter",
                                                "month", "month"]),
                            "mode": r.choice([None, "marginal", "retroactive", "retroactive"]),
                            "pct": r.random() < 0.4})
                    elif k < 0.58:
                        comps.append({"kind": "spif", "id": cid})
                    elif k < 0.74:
                        comps.append({"kind": "bonus", "id": cid,
                                      "window": r.choice([None, "year", "half", "quarter", "month"])})
                    elif k < 0.9:
                        comps.append({"kind": "curve", "id": cid,
                                      "window": r.choice([None, "year", "half", "quarter", "month"])})
                    elif not has_draw:
                        has_draw = True
                        comps.append({"kind": "draw", "id": "draw%d" % j})
                    else:
                        comps.append({"kind": "spif", "id": cid})
                if not has_draw and not self.plain and r.random() < 0.25:
                    comps.append({"kind": "draw", "id": "draw%d" % n})
                if r.random() < 0.5:
                    r.shuffle(comps)
            self.struct[role] = comps
        # roles whose payees need a quota, and for which windows
        self.pct_roles = set()
        self.pct_windows = {role: set() for role in self.roles}
        for role, cs in self.struct.items():
            for c in cs:
                if c["kind"] in ("bonus", "curve") or (c["kind"] == "commission" and c["pct"]):
                    self.pct_roles.add(role)
                    self.pct_windows[role].add(c.get("window") or "year")

    def need_quota(self, comp):
        self.pct_roles.add(self.cur_role)
        self.pct_windows[self.cur_role].add(comp["window"] or "year")

    # -- components of one version -------------------------------------------------

    def tiers(self, comp):
        r = self.r
        pct = comp["pct"]
        if r.random() < 0.1:
            pct = not pct  # a version may use the other kind of limits
        if pct:
            self.need_quota(comp)
        pool = PCT_POOL if pct else AMT_POOL
        n = r.choice([1, 2, 2, 3, 3, 4])
        key = (lambda s: g5.gb_num(s[:-1])) if pct else g5.gb_num
        lims = sorted(r.sample(pool, n - 1), key=key)
        out = ""
        for lim in lims + [None]:
            if self.tables and r.random() < 0.3:
                rate = 'rate-table="%s"' % r.choice(self.tables)
            else:
                rate = 'rate="%s"' % self.rate()
            up = ' upto="%s"' % lim if lim else ""
            out += "      <tier%s %s/>\n" % (up, rate)
        return out

    def commission6(self, comp):
        r = self.r
        m = self.mech
        attrs = 'id="%s"' % comp["id"]
        if comp["mode"]:
            attrs += ' mode="%s"' % comp["mode"]
        if comp["window"]:
            attrs += ' window="%s"' % comp["window"]
        if r.random() < 0.2:
            attrs += ' cap="%s"' % r.choice(["500", "5000", "12345.67", "20000/3", "0", "60000"])
        if r.random() < m["gate"]:
            if r.random() < 0.5:
                g = r.choice(["10%", "25%", "50%", "100%"])
                self.need_quota(comp)
            else:
                g = r.choice(["1000", "5000", "20000", "50000", "100000/3"])
            attrs += ' gate="%s"' % g
            gp = r.choice([None, "retroactive", "forward", "forward"])
            if gp:
                attrs += ' gate-pay="%s"' % gp
        if r.random() < m["dealcap"]:
            cap = r.choice(["200", "1000", "2500", "10000", "333.33"])
            attrs += ' deal-cap="%s"' % cap
            if r.random() < 0.5:
                fl = r.choice(["0", "50", "100", "1/3", cap])
                if g5.gb_num(fl) <= g5.gb_num(cap):
                    attrs += ' deal-floor="%s"' % fl
        elif r.random() < m["dealcap"] / 2:
            attrs += ' deal-floor="%s"' % r.choice(["50", "100", "250.5"])
        if r.random() < m["release"]:
            attrs += ' release="%s"' % r.choice(["booking", "payment", "payment", "full-payment"])
        claw = ""
        if r.random() < m["clawback"]:
            wd = ""
            if r.random() < 0.35:
                wd = ' within-days="%d"' % r.choice([0] + self.within_pool)
            claw = '      <clawback policy="%s"%s/>\n' % (
                r.choice(["original-rate", "recalculate", "recalculate"]), wd)
        return "    <commission %s>\n%s%s    </commission>\n" % (attrs, claw, self.tiers(comp))

    def bonus(self, comp):
        r = self.r
        self.need_quota(comp)
        attrs = 'id="%s"' % comp["id"]
        if comp["window"]:
            attrs += ' window="%s"' % comp["window"]
        n = r.randint(1, 3)
        levels = sorted(r.sample([50, 100, 150] if self.roundish else
                                 [5, 10, 25, 50, 75, 100, 120, 150, 200], n))
        self.levels[(self.vmonths, self.cur_role, comp["id"])] = levels
        body = "".join('      <level attainment="%s%%" pay="%s"/>\n'
                       % (lv, r.choice(["100", "250", "1000", "999.99", "5000", "1000/3"]))
                       for lv in levels)
        return "    <bonus %s>\n%s    </bonus>\n" % (attrs, body)

    def curve(self, comp):
        r = self.r
        self.need_quota(comp)
        attrs = 'id="%s" target="%s"' % (comp["id"], r.choice(["12000", "20000", "5000.5",
                                                                "1000/3", "60000", "0"]))
        if comp["window"]:
            attrs += ' window="%s"' % comp["window"]
        if r.random() < 0.4:
            attrs += ' extend="%s"' % r.choice(["true", "false"])
        n = r.randint(2, 4)
        atts = [0] + sorted(r.sample([10, 25, 50, 75, 100, 150, 200], n - 1))
        body = ""
        for a in atts:
            p = r.choice(["0%", "10%", "25%", "50%", "100%", "150%", "200%", "1/3"])
            if a == 0 and r.random() < 0.6:
                p = "0%"
            body += '      <point attainment="%d%%" payout="%s"/>\n' % (a, p)
        return "    <curve %s>\n%s    </curve>\n" % (attrs, body)

    def draw(self, comp):
        r = self.r
        attrs = 'id="%s" amount="%s"' % (comp["id"], r.choice(["500", "1000", "3000", "250.505",
                                                               "1500", "0", "2000/3"]))
        if r.random() < 0.6:
            attrs += ' recoverable="true"'
            if r.random() < 0.5:
                attrs += ' recovery-limit="%s"' % r.choice(["100", "500", "1000", "0.5", "250.255"])
            if r.random() < 0.6:
                near = r.randint(max(1, self.pfirst - 1), self.plast)   # in or next to the period
                d = r.choice([last_day(self.year, near), last_day(self.year, near),
                              last_day(self.year, r.randint(1, 12)),
                              datetime.date(self.year, r.randint(1, 12), r.randint(1, 28)),
                              datetime.date(self.year + 1, 1, 31)])
                attrs += ' forgive="%s"' % d.isoformat()
        elif r.random() < 0.2:
            attrs += ' recoverable="false"'
        return "    <draw %s/>\n" % attrs

    def component6(self, comp):
        kind = comp["kind"]
        if kind == "commission":
            return self.commission6(comp)
        if kind == "spif":
            return self.component(comp)       # gen_batch5's SPIF
        if kind == "bonus":
            return self.bonus(comp)
        if kind == "curve":
            return self.curve(comp)
        return self.draw(comp)

    def rate_tables(self):
        r = self.r
        self.tables = []
        x = ""
        if r.random() >= self.mech["table"]:
            return x
        for i in range(r.randint(1, 2)):
            tid = "rt%d" % i
            self.tables.append(tid)
            fields = r.sample(TABLE_FIELDS, r.randint(1, 2))
            x += '  <rate-table id="%s" fields="%s">\n' % (tid, " ".join(f for f, _ in fields))
            seen = set()
            for _ in range(r.randint(0, 4)):
                vals = tuple(r.choice(vs + ["*"]) for _, vs in fields)
                if vals in seen:
                    continue
                seen.add(vals)
                x += '    <row values="%s" rate="%s"/>\n' % (" ".join(vals), self.rate())
            x += '    <default rate="%s"/>\n' % self.rate()
            x += "  </rate-table>\n"
        return x

    def version6(self, eff_from, eff_to, mech):
        r = self.r
        self.mech = mech
        x = '<?xml version="1.0" encoding="UTF-8"?>\n'
        x += '<plan xmlns="urn:truce:plan:1" id="gen6-%d" year="%d" currency="%s"' % (
            self.seed, self.year, self.currency)
        if self.rounding:
            x += ' rounding="%s"' % self.rounding
        if eff_from:
            x += ' effective-from="%s"' % eff_from
        if eff_to:
            x += ' effective-to="%s"' % eff_to
        x += ">\n  <credit>\n"
        n = r.randint(1, 2)
        for i in range(n):
            x += self.split5(i == n - 1)
        if r.random() < self.p_rollup:
            pool = [x_ for x_ in ["mgr", "ae", "am"] if x_ in self.roles]
            for role in r.sample(pool, r.randint(0, min(2, len(pool)))):
                attrs = 'role="%s"' % role
                sc = r.choice([None, "direct", "subtree"])
                if sc:
                    attrs += ' scope="%s"' % sc
                if r.random() < 0.7:
                    attrs += ' share="%s"' % r.choice(["100%", "50%", "1/3", "10%"])
                x += "    <rollup %s/>\n" % attrs
        x += "  </credit>\n"
        x += self.rate_tables()
        for role in self.roles:
            self.cur_role = role
            x += '  <role id="%s">\n' % role
            for comp in self.struct[role]:
                x += self.component6(comp)
            x += "  </role>\n"
        return x + "</plan>\n"

    def plans6(self):
        r = self.r
        y = self.year
        nv = r.choice([1, 2, 2, 3, 3, 4])
        cuts = sorted(r.sample(range(2, 13), nv - 1))
        starts = [1] + cuts
        ends = [c - 1 for c in cuts] + [12]
        names = r.sample(VERSION_NAMES, nv)
        out = []
        self.levels = {}    # (months of the version, role, bonus id) -> its levels (%)
        for i, (m1, m2) in enumerate(zip(starts, ends)):
            self.vmonths = (m1, m2)
            ef = "%d-%02d-01" % (y, m1)
            et = last_day(y, m2).isoformat()
            if i == 0 and r.random() < 0.6:
                ef = None
            if i == nv - 1 and r.random() < 0.6:
                et = None
            mech = self.mech_all
            if self.plain:
                # a plan without pay mechanics, or with them in one version only
                mech = self.mech_all if i == self.mech_version else dict.fromkeys(mech, 0)
            out.append((names[i], self.version6(ef, et, mech)))
        if nv == 1 and r.random() < 0.6:
            return [("plan.xml", out[0][1])]
        return [("plans/%s.xml" % n, t) for n, t in out]

    # -- batch ---------------------------------------------------------------------

    def share(self):
        if self.roundish and self.r.random() < 0.8:
            return "100%"
        return g5.Gen5.share(self)

    def deal_amount(self):
        r = self.r
        k = r.random()
        if k < 0.08:
            return r.choice(["0", "0.00", "-0", "0.01", "1.0000001", "33333.33", "12345.678"])
        if k < 0.25 or self.roundish:
            # round amounts, so that attainment lands exactly on levels, points and limits
            return r.choice(["5000", "10000", "12000", "20000", "25000", "50000", "60000", "100000"])
        whole = r.choice([r.randint(100, 9999), r.randint(1000, 60000), r.randint(10000, 150000)])
        decs = r.choice([0, 0, 2, 2, 3])
        if decs == 0:
            return str(whole)
        return "%d.%0*d" % (whole, decs, r.randint(0, 10 ** decs - 1))

    def batch(self, out):
        r = self.r
        os.makedirs(out, exist_ok=True)
        self.year = r.randint(2025, 2029)
        y = self.year
        self.currency = r.choice(PLAN_CURRENCIES)
        self.scale = {"JPY": 0, "KWD": 3}.get(self.currency, 2)
        self.rounding = r.choice(gb.ROUNDINGS + [None])
        self.p_overlay = r.choice([0, 0, 0.3, 0.6])
        self.p_rollup = r.choice([0, 0.5, 0.9])
        self.p_dates = r.choice([0, 0.1, 0.3])
        # sometimes whole shares, round quotas and round amounts (no currencies, no
        # employment dates): attainment then lands exactly on bonus levels, curve points
        # and tier limits
        self.roundish = r.random() < 0.2
        self.has_cur = r.random() < 0.3 and not self.roundish
        if self.roundish:
            self.p_dates = 0
        self.has_outcome = r.random() < 0.3
        # how often each mechanic appears in a commission of a version
        self.mech_all = {"gate": r.choice([0, 0.2, 0.5]), "dealcap": r.choice([0, 0.15, 0.4]),
                         "release": r.choice([0, 0.3, 0.6]), "clawback": r.choice([0.2, 0.6, 0.9]),
                         "table": r.choice([0, 0.3, 0.6])}
        # sometimes a plan with no pay mechanic in any version (no ledger.csv), or in
        # one version only (ledger.csv all the same), with or without events.csv
        self.plain = r.random() < 0.12
        # the within-days limits of this batch (events land on them exactly)
        self.within_pool = r.sample([1, 10, 30, 45, 90, 180], 2)
        self.mech_version = r.choice([-1, -1, 0, 1, 2])
        self.pivots = []
        for _ in range(r.randint(2, 5)):
            m = r.randint(1, 12)
            self.pivots.append(r.choice([datetime.date(y, m, 1), last_day(y, m), self.date_in()]))
        # period (a round batch often runs the whole year: a level reached exactly
        # shows whatever month it is reached in)
        k = r.random()
        if self.roundish and k < 0.5:
            k = 1
        if k < 0.55:
            pm = r.randint(1, 12)
            period, pfirst, plast = "%d-%02d" % (y, pm), pm, pm
        elif k < 0.75:
            q = r.randint(1, 4)
            period, pfirst, plast = "%d-Q%d" % (y, q), 3 * q - 2, 3 * q
        elif k < 0.88:
            h = r.randint(1, 2)
            period, pfirst, plast = "%d-H%d" % (y, h), 6 * h - 5, 6 * h
        else:
            period, pfirst, plast = "%d" % y, 1, 12

        self.pfirst, self.plast = pfirst, plast
        self.structure()
        plans = self.plans6()


        # roster: managers among earlier payees (no cycle)
        npay = r.randint(3, 7)
        ids = r.sample(PAYEE_IDS, npay)
        payees = []
        for i, pid in enumerate(ids):
            role = r.choice(self.roles + ["sdr", "ae"])
            if i == 0:
                role = "ae"
            elif i == 1:
                role = "mkt"
            elif i == 2 and "mgr" in self.roles:
                role = "mgr"
            mgr = ""
            if i > 0 and r.random() < 0.6:
                bosses = [p for p in payees if p["role"] == "mgr"] or payees
                mgr = r.choice(bosses)["id"]
            start = end = ""
            if r.random() < self.p_dates:
                start = self.some_date(40).isoformat()
            if r.random() < self.p_dates:
                e = self.some_date(40)
                if start and e.isoformat() < start:
                    e = datetime.date.fromisoformat(start) + datetime.timedelta(days=r.randint(0, 90))
                end = e.isoformat()
            payees.append({"id": pid, "role": role, "mgr": mgr, "start": start, "end": end})
        quota_rows = []
        for p in payees:
            if p["role"] in self.pct_roles:
                if r.random() < 0.12:
                    p["quota"] = r.choice(["", "0"])
                    for kind in sorted(self.pct_windows[p["role"]]):
                        for label in g5.window_labels(kind, y):
                            quota_rows.append([p["id"], label, r.choice(
                                ["100000", "25000.5", "40000", "1000", "0"])])
                else:
                    p["quota"] = r.choice(["120000", "240000"] if self.roundish else
                                          ["600000", "480000", "100000", "50000.50", "240000",
                                           "12000", "365000"])
            else:
                p["quota"] = r.choice(["", "0", "300000", "75000.25"])
        if r.random() < 0.3:
            done = {(row[0], row[1]) for row in quota_rows}
            for _ in range(r.randint(1, 6)):
                p = r.choice(payees)
                label = r.choice(g5.window_labels(r.choice(["year", "half", "quarter", "month"]), y))
                if (p["id"], label) not in done:
                    done.add((p["id"], label))
                    quota_rows.append([p["id"], label, r.choice(["150000", "40000", "9000", "0"])])
        r.shuffle(quota_rows)
        opt = [(col, key) for col, key in [("manager_id", "mgr"), ("start_date", "start"),
                                           ("end_date", "end")] if r.random() < 0.85]
        header = ["payee_id", "name", "role", "annual_quota"] + [col for col, _ in opt]
        rows = []
        for p in payees:
            for col, key in [("manager_id", "mgr"), ("start_date", "start"), ("end_date", "end")]:
                if (col, key) not in opt:
                    p[key] = ""
            rows.append([p["id"], r.choice(gb.FIRST_NAMES), p["role"], p["quota"]]
                        + [p[key] for _, key in opt])
        r.shuffle(rows)
        roster = self.csv(header, rows)
        pids = [p["id"] for p in payees]
        mkt_owners = [p["id"] for p in payees if p["role"] == "mkt"] or pids

        camps = []
        for i in range(r.randint(1, 4)):
            cid = ["paid-search", "webinar.q1", "trade_show", "email"][i]
            owner = "" if r.random() < 0.1 else r.choice(mkt_owners)
            camps.append((cid, r.choice(["Paid search", "Seo, EMEA"]), owner, r.choice(["", "0", "12000"])))
        campaigns = self.csv(["campaign_id", "name", "owner_id", "cost"], [list(c) for c in camps])

        # deals: mostly in the plan year, often many for one closer so tiers are crossed
        foreign = [c for c in g5.DEAL_CURRENCIES if c != self.currency]
        nd = self.ndeals if self.ndeals else r.randint(6, 28)
        closers = [p["id"] for p in payees if p["role"] not in ("mkt",)] or pids
        deals = []
        for i in range(nd):
            did = "D-%04d" % (1000 + i) if r.random() < 0.85 else r.choice(["d", "a.", "z_"]) + str(i)
            k = r.random()
            if k < 0.04:
                close = datetime.date(y - 1, 12, r.randint(1, 31))
            elif k < 0.07:
                close = datetime.date(y + 1, 1, r.randint(1, 31))
            elif k < 0.35:
                close = self.date_in(max(1, pfirst - 2), plast)
            elif k < 0.45:
                close = r.choice(self.pivots)
            else:
                close = self.date_in()
                if r.random() < 0.1 and deals:
                    close = r.choice(deals)[1]
            cur = ""
            if self.has_cur:
                kk = r.random()
                cur = "" if kk < 0.5 else (self.currency if kk < 0.6 else r.choice(foreign))
            outcome = r.choice(["", "won", "won", "won", "lost"]) if self.has_outcome else ""
            closer = r.choice(closers) if r.random() < 0.85 else r.choice(pids)
            deals.append([did, close, self.deal_amount(), closer, r.choice(gb.SOURCES),
                          r.choice(gb.PRODUCTS), r.choice(gb.REGIONS), r.choice(gb.TYPES),
                          str(r.randint(1, 12)), r.choice(["0", "0.1", "0.5"]),
                          r.choice(gb.CODES), r.choice(gb.NOTES), str(r.randint(0, 3)), cur, outcome])
        if self.roundish:
            # a deal that takes its closer exactly to a bonus level of the window of the
            # period's first month (when it is the closer's only credit there)
            for p in payees:
                for c in self.struct.get(p["role"], []):
                    if c["kind"] != "bonus" or not p["quota"] or r.random() < 0.5:
                        continue
                    (v1, v2), lv = [(vm, lv) for (vm, role, cid), lv in self.levels.items()
                                    if role == p["role"] and cid == c["id"]
                                    and vm[0] <= pfirst <= vm[1]][0]
                    months = {"year": 12, "half": 6, "quarter": 3, "month": 1}[c["window"] or "year"]
                    amount = Fraction(p["quota"]) * months / 12 * r.choice(lv) / 100
                    deals.append(["X-%d" % len(deals), self.date_in(pfirst, pfirst), dec_str(amount, 2),
                                  p["id"], "sales", "Core", "NA", "new", "1", "0", "7", "", "1",
                                  "", ""])
        r.shuffle(deals)
        dheader = ["deal_id", "close_date", "amount", "closer_id", "source", "product",
                   "region", "type", "seats", "discount", "code", "notes", "cnt"]
        if self.has_cur:
            dheader.append("currency")
        if self.has_outcome:
            dheader.append("outcome")
        drows = [[d[0], d[1].isoformat()] + d[2:13] + ([d[13]] if self.has_cur else [])
                 + ([d[14]] if self.has_outcome else []) for d in deals]
        deals_csv = self.csv(dheader, drows)

        fx_rows = []
        used = sorted({d[13] for d in deals if d[13] and d[13] != self.currency})
        for cur in used:
            dates = {datetime.date(y, 1, 1) - datetime.timedelta(days=r.randint(0, 40))}
            for _ in range(r.randint(0, 3)):
                dates.add(self.some_date())
            for dt in sorted(dates):
                fx_rows.append([dt.isoformat(), cur, g5.fx_rate(r, cur, self.currency)])
        r.shuffle(fx_rows)

        split_rows = []
        if r.random() < 0.3:
            for d in deals:
                if r.random() < 0.3:
                    shares = r.choice([s for s in g5.SHARE_SETS if len(s) <= len(pids)])
                    team = r.sample(pids, len(shares))
                    split_rows += [[d[0], p, s] for p, s in zip(team, shares)]

        terr_rows = []
        if self.p_overlay:
            cover = [p["id"] for p in payees if p["role"] in ("se", "am")] or pids
            for _ in range(r.randint(1, 6)):
                field, vals = r.choice([("region", gb.REGIONS), ("product", gb.PRODUCTS),
                                        ("type", gb.TYPES)])
                fr = to = ""
                if r.random() < 0.3:
                    fr = self.some_date(20).isoformat()
                terr_rows.append([r.choice(cover), field, r.choice(vals), fr, to])

        touches = []
        for d in deals:
            if r.random() < 0.4:
                continue
            for _ in range(r.randint(1, 3)):
                td = d[1] - datetime.timedelta(days=r.randint(-5, 60))
                touches.append([d[0], r.choice(camps)[0], td.isoformat(),
                                r.choice(["", "touch", "lead", "opportunity"])])
        touches_csv = self.csv(["deal_id", "campaign_id", "touch_date", "stage"], touches)

        # events.csv: refunds and cancels, landing in the same or later months (windows,
        # versions), sometimes past the year; what is left is tracked per deal as written
        event_rows = []
        p_ev = r.choice([0, 0.25, 0.45, 0.65])
        for d in deals:
            if r.random() >= p_ev:
                continue
            amount = Fraction(d[2])
            left = amount
            date = d[1]
            for _ in range(r.randint(1, 3)):
                if r.random() < 0.3:
                    # exactly on a within-days limit from the close date, or a day past it
                    date = max(date, d[1] + datetime.timedelta(
                        days=r.choice(self.within_pool) + r.choice([0, 0, 1])))
                else:
                    gap = r.choice([0, 1, 5, 20, 40, 70, 100, 150, 200])
                    date = date + datetime.timedelta(days=r.randint(0, gap))
                if r.random() < 0.35 or left == 0 or amount == 0:
                    event_rows.append([d[0], date.isoformat(), "cancel", ""])
                    break
                frac = r.choice([Fraction(1, 10), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2),
                                 Fraction(1)])
                amt = dec_str(left * frac, r.choice([0, 2, 2, 3]))
                if Fraction(amt) == 0:
                    continue
                left -= Fraction(amt)
                event_rows.append([d[0], date.isoformat(), "refund", amt])
        # rows in file order: by deal, in date order (ties keep row order)

        # payments.csv
        pay_rows = []
        p_pay = r.choice([0, 0.3, 0.7])
        for d in deals:
            if r.random() >= p_pay:
                continue
            amount = Fraction(d[2])
            for _ in range(r.randint(1, 3)):
                dt = d[1] + datetime.timedelta(days=r.randint(-20, 150))
                if r.random() < 0.4:
                    # in the period or the month before it, often on a month's first or last day
                    dt = self.date_in(max(1, pfirst - 1), plast)
                    if r.random() < 0.5:
                        dt = r.choice([dt.replace(day=1), last_day(y, dt.month)])
                share = r.choice([Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(1),
                                  Fraction(3, 2)])
                a = dec_str(amount * share, r.choice([0, 2]))
                if Fraction(a) == 0:
                    a = r.choice(["1", "0.01", "500"])
                pay_rows.append([d[0], dt.isoformat(), a])
        r.shuffle(pay_rows)

        # adjustments.csv: payees whose role is in the plan, any component (draws too)
        adj_rows = []
        if r.random() < 0.5:
            cand = [(p["id"], c["id"]) for p in payees if p["role"] in self.struct
                    for c in self.struct[p["role"]]]
            for _ in range(r.randint(1, 5) if cand else 0):
                pid, cid = r.choice(cand)
                amt = r.choice(["100", "-250.50", "0.005", "-0.01", "1000", "33.333", "-75"])
                adj_rows.append([pid, "%d-%02d" % (y, r.randint(1, 12)), cid, amt,
                                 r.choice(REASONS), r.choice(APPROVERS)])

        # the paid history for --paid
        paid_text = None
        if r.random() < 0.35:
            paid_text = self.paid_file(payees, period, pfirst)

        for rel, text in plans:
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        files = [("roster.csv", roster), ("deals.csv", deals_csv)]
        if r.random() < 0.7:
            files += [("touches.csv", touches_csv), ("campaigns.csv", campaigns)]
        for name, hdr, rows_ in [
                ("fx.csv", ["date", "currency", "rate"], fx_rows),
                ("splits.csv", ["deal_id", "payee_id", "share"], split_rows),
                ("territories.csv", ["payee_id", "field", "value", "from", "to"], terr_rows),
                ("quotas.csv", ["payee_id", "window", "quota"], quota_rows),
                ("events.csv", ["deal_id", "date", "kind", "amount"], event_rows),
                ("payments.csv", ["deal_id", "date", "amount"], pay_rows),
                ("adjustments.csv", ["payee_id", "period", "component_id", "amount", "reason",
                                     "approved_by"], adj_rows)]:
            if not rows_ and r.random() < 0.9:
                continue
            files.append((name, self.csv(hdr, rows_)))
        for name, data in files:
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        if paid_text is not None:
            with open(os.path.join(out, "paid.csv"), "wb") as f:
                f.write(paid_text)
        with open(os.path.join(out, "period"), "w") as f:
            f.write(period + "\n")

    def paid_file(self, payees, period, pfirst):
        """Earlier payouts.csv files, concatenated: rows for some months (or a quarter)
        before the period, some payees missing from a recorded month, and rows the run
        ignores."""
        r = self.r
        y = self.year
        paying = [(p["id"], p["role"], c["id"]) for p in payees if p["role"] in self.struct
                  for c in self.struct[p["role"]]]

        def amount():
            units = r.choice([0, 0, r.randint(-50000, 400000), r.randint(0, 3000) * 10 ** self.scale])
            s = gb_minor(units, self.scale)
            if r.random() < 0.1 and units % 10 ** self.scale == 0:
                s = str(units // 10 ** self.scale)     # "-400": a whole number of minor units
            return s

        # periods of the history: months (or a quarter) before the run's period
        periods = []
        m = 1
        while m < pfirst:
            if m % 3 == 1 and m + 2 < pfirst and r.random() < 0.2:
                periods.append(("%d-Q%d" % (y, (m + 2) // 3), m, m + 2))
                m += 3
            else:
                periods.append(("%d-%02d" % (y, m), m, m))
                m += 1
        files = []
        for per, m1, m2 in periods:
            if r.random() < 0.3:
                continue            # a month never run: counts as computed now
            rows = []
            for key in paying:
                if r.random() < 0.1:
                    continue        # missing from a recorded month: paid 0
                rows.append([per, key[0], key[1], key[2], amount()])
            files.append(rows)
        # rows the run ignores (never overlapping the run's period: that is an error)
        _, q1, q2 = period_of(period)
        outside = [m for m in range(1, 13) if m < q1 or m > q2]

        def month():
            if outside:
                return "%d-%02d" % (y, r.choice(outside))
            return "%d-%02d" % (y - 1, r.randint(1, 12))
        ignored = []
        if r.random() < 0.5 and paying:
            ignored.append(["%d-%02d" % (y - 1, r.randint(1, 12)), r.choice(paying)[0], "ae", "k0",
                            amount()])
        if r.random() < 0.4:
            ignored.append([month(), "ghost", "ae", "k0", amount()])
        if r.random() < 0.4 and paying:
            pid, role, cid = r.choice(paying)
            ignored.append([month(), pid, role, "no-such", amount()])
        if r.random() < 0.4 and paying:
            pid, role, cid = r.choice(paying)
            ignored.append([month(), pid, "sdr" if role != "sdr" else "ae", cid, amount()])
        sdr = [p["id"] for p in payees if p["role"] not in self.struct]
        if sdr and r.random() < 0.5:
            ignored.append([month(), r.choice(sdr), "sdr", "k0", amount()])
        if r.random() < 0.3 and paying:
            # the run's own period, or a month after it: both ignored
            pid, role, cid = r.choice(paying)
            if q2 < 12 and r.random() < 0.5:
                ignored.append(["%d-%02d" % (y, r.randint(q2 + 1, 12)), pid, role, cid, amount()])
            else:
                ignored.append([period, pid, role, cid, amount()])
        if ignored:
            files.append(ignored)
        if not files:
            files.append([])
        header = ["period", "payee_id", "role", "component_id", "amount"]
        cols = list(range(5))
        if r.random() < 0.2:
            r.shuffle(cols)
        out = ""
        for i, rows in enumerate(files):
            if i == 0 or r.random() < 0.7:
                out += ",".join(header[c] for c in cols) + "\n"   # repeated headers skipped
            for row in rows:
                out += ",".join(row[c] for c in cols) + "\n"
        return out.encode("utf-8")


def gb_minor(units, scale):
    sign = "-" if units < 0 else ""
    a = abs(units)
    if scale == 0:
        return sign + str(a)
    s = str(a).rjust(scale + 1, "0")
    return sign + s[:-scale] + "." + s[-scale:]


def period_of(p):
    y = int(p[:4])
    rest = p[5:]
    if rest == "":
        return y, 1, 12
    if rest[0] == "Q":
        q = int(rest[1:])
        return y, 3 * q - 2, 3 * q
    if rest[0] == "H":
        h = int(rest[1:])
        return y, 6 * h - 5, 6 * h
    return y, int(rest), int(rest)


def main():
    gb.main(Gen6)


if __name__ == "__main__":
    main()
