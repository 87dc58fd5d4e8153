#!/usr/bin/env python3
"""gen_batch5.py - deterministic random VALID batches using the issue-5 constructs.

    python3 tests/reference/gen_batch5.py --seed N --out DIR
    python3 tests/reference/gen_batch5.py --seeds FIRST:LAST --out ROOT
        (writes ROOT/seed-N for each seed; the same bytes as --seed N)

Each batch uses a random subset of: team splits (splits.csv), overlays and
territories (territories.csv, dated rows), manager roll-ups (direct, subtree)
through manager chains, employment dates, attainment windows (year, half,
quarter, month) with quotas.csv, 1-3 plan versions tiling the year on month
boundaries (plans/ directory; same roles and components, different splits,
roll-ups, tiers, rates, caps, SPIFs), deal currencies EUR/GBP/JPY/USD with fx.csv,
marginal and retroactive commissions, caps, SPIFs, and the v1 constructs
(attribution models, `when` expressions, awkward amounts and CSV forms, borrowed
from gen_batch.py).  DIR/period holds the period to run: YYYY-MM, YYYY-Qn,
YYYY-Hn or YYYY.

Every batch is meant to be accepted by `truce run` (errors are tested
elsewhere): payees of roles with % tier limits have an annual quota above zero,
or quotas.csv gives every window of their %-limited commissions (the annual quota
is then empty or 0; answer 10); split shares add up to 100% exactly;
in-scope foreign deals have a rate on or before their close date; versions
share roles and components.  The same seed always gives the same bytes.
Standard library only.
"""

import argparse
import datetime
import os
import sys
from xml.sax.saxutils import escape

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_batch as gb  # noqa: E402  (when expressions, amounts, attribution, CSV forms)

PLAN_CURRENCIES = ["USD", "USD", "USD", "EUR", "GBP", "JPY", "KWD"]
DEAL_CURRENCIES = ["EUR", "GBP", "JPY", "USD"]
PAYEE_IDS = ["ana", "ben", "cho", "mia", "raj", "sam", "zoe", "al.b", "x-1", "Q_9", "Bob",
             "dev", "eve", "max", "val", "rita", "tom", "uma"]
SHARE_SETS = [["1/3", "1/3", "1/3"], ["50%", "0.5"], ["60%", "0.4"], ["1/6", "1/2", "1/3"],
              ["25%", "3/4"], ["1/7", "6/7"], ["0.2", "30%", "1/2"], ["100%"], ["2/3", "1/3"],
              ["33.5%", "66.5%"]]
VERSION_NAMES = ["a", "b", "base", "h1", "h2", "q3", "v1", "v2", "z", "amended", "2027-07", "new"]
PCT_POOL = ["10%", "25%", "50%", "75%", "80%", "100%", "120%", "150%", "200%", "33.5%"]
AMT_POOL = ["1000", "5000", "20000", "100000/3", "50000.5", "100000", "200000", "500000"]


def last_day(y, m):
    return (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1))


class Gen5(gb.Gen):

    # -- when: also on the currency column (cells as written, never converted) ---

    def text_cmp(self):
        r = self.r
        if self.has_cur and r.random() < 0.15:
            return r.choice(["currency = '%s'" % r.choice(DEAL_CURRENCIES),
                             "currency in ('EUR', 'JPY')", "currency = ''",
                             "currency != '%s'" % self.currency])
        return gb.Gen.text_cmp(self)

    # -- plan structure (shared by all versions) ---------------------------------

    def structure(self):
        """Roles and their components: ids, kinds, order, window, mode (fixed across versions)."""
        r = self.r
        self.roles = ["ae", "mkt"] + [x for x in ["am", "se", "mgr", "vp"] if r.random() < 0.7]
        if r.random() < 0.15:
            self.roles.append("ops")  # a role without components
        r.shuffle(self.roles)
        self.struct = {}
        for role in self.roles:
            comps = []
            if role != "ops":
                for j in range(r.randint(1, 3)):
                    if j == 0 or r.random() < 0.55:
                        comps.append({
                            "kind": "commission", "id": "c%d" % j,
                            "window": r.choice([None, None, "year", "half", "quarter", "month"]),
                            "mode": r.choice([None, "marginal", "retroactive", "retroactive"]),
                            "pct": r.random() < 0.5})
                    else:
                        comps.append({"kind": "spif", "id": "s%d" % j})
            self.struct[role] = comps
        # roles some of whose payees need a quota: any % limit in any version
        # and the windows they need a quota for: role -> {window kind}
        self.pct_roles = {role for role, cs in self.struct.items()
                          if any(c["kind"] == "commission" and c["pct"] for c in cs)}
        self.pct_windows = {role: {c["window"] or "year" for c in cs
                                   if c["kind"] == "commission" and c["pct"]}
                            for role, cs in self.struct.items()}

    def tiers(self, comp):
        r = self.r
        pct = comp["pct"]
        if r.random() < 0.1:
            pct = not pct  # a version may use the other kind of limits
        pool = PCT_POOL if pct else AMT_POOL
        if pct:
            self.pct_roles.add(self.cur_role)
            self.pct_windows[self.cur_role].add(comp["window"] or "year")
        n = r.randint(1, 4)
        key = (lambda s: gb_num(s[:-1])) if pct else gb_num
        lims = sorted(r.sample(pool, n - 1), key=key)
        out = "".join('      <tier upto="%s" rate="%s"/>\n' % (lim, self.rate()) for lim in lims)
        return out + '      <tier rate="%s"/>\n' % self.rate()

    def component(self, comp):
        r = self.r
        if comp["kind"] == "spif":
            attrs = 'id="%s"' % comp["id"]
            if r.random() < 0.7:
                attrs += ' when="%s"' % escape(self.cond(1), {'"': "&quot;"})
            attrs += ' pay="%s"' % r.choice(["250", "99.95", "1000/3", "0", "0.005", "75", "1"])
            d1 = self.some_date(20)
            d2 = self.some_date(20)
            if d2 < d1:
                d1, d2 = d2, d1
            has_from = r.random() < 0.6
            has_to = r.random() < 0.6
            if has_from:  # from defaults to January 1 and to to December 31: keep from <= to
                if not has_to:
                    d1 = min(d1, datetime.date(self.year, 12, 31))
                attrs += ' from="%s"' % d1.isoformat()
            if has_to:
                if not has_from:
                    d2 = max(d2, datetime.date(self.year, 1, 1))
                attrs += ' to="%s"' % d2.isoformat()
            return "    <spif %s/>\n" % attrs
        attrs = 'id="%s"' % comp["id"]
        if comp["mode"]:
            attrs += ' mode="%s"' % comp["mode"]
        if comp["window"]:
            attrs += ' window="%s"' % comp["window"]
        if r.random() < 0.3:
            attrs += ' cap="%s"' % r.choice(["500", "1000", "5000", "12345.67", "20000/3", "0",
                                             "60000", "2500.005"])
        return "    <commission %s>\n%s    </commission>\n" % (attrs, self.tiers(comp))

    # -- credit --------------------------------------------------------------------

    def split5(self, last):
        r = self.r
        s = ""
        if not last or r.random() < 0.2:
            s = ' when="%s"' % escape(self.cond(), {'"': "&quot;"})
        parts = []
        k = r.random()
        if k < 0.9:
            parts.append('      <closer share="%s"/>\n' % self.share())
        if k > 0.5 and k < 0.98 or r.random() < 0.1:  # (rarely neither: overlays only)
            parts.append(self.marketing())
        if r.random() < 0.3:
            parts.reverse()
        if r.random() < self.p_overlay:
            pool = [x for x in ["se", "am", "vp", "pm"] if x in self.roles or x == "pm"]
            for role in r.sample(pool, r.randint(1, min(2, len(pool)))):
                parts.append('      <overlay role="%s" share="%s"/>\n'
                             % (role, r.choice(["10%", "5%", "1/3", "0.15", "100%", "0%", "2/7"])))
        return "    <split%s>\n%s    </split>\n" % (s, "".join(parts))

    def version(self, name, eff_from, eff_to):
        r = self.r
        x = '<?xml version="1.0" encoding="UTF-8"?>\n'
        x += '<plan xmlns="urn:truce:plan:1" id="gen5-%d" year="%d" currency="%s"' % (
            self.seed, self.year, self.currency)
        if self.rounding:
            x += ' rounding="%s"' % self.rounding
        if eff_from:
            x += ' effective-from="%s"' % eff_from
        if eff_to:
            x += ' effective-to="%s"' % eff_to
        x += ">\n  <credit>\n"
        n = r.randint(1, 3)
        for i in range(n):
            x += self.split5(i == n - 1)
        if r.random() < self.p_rollup:
            pool = [x_ for x_ in ["mgr", "vp", "ae", "am"] if x_ in self.roles]
            for role in r.sample(pool, r.randint(0, min(2, len(pool)))):
                attrs = 'role="%s"' % role
                sc = r.choice([None, "direct", "subtree"])
                if sc:
                    attrs += ' scope="%s"' % sc
                if r.random() < 0.7:
                    attrs += ' share="%s"' % r.choice(["100%", "50%", "1/3", "0.1", "10%", "0"])
                x += "    <rollup %s/>\n" % attrs
        x += "  </credit>\n"
        for role in self.roles:
            self.cur_role = role
            x += '  <role id="%s">\n' % role
            for comp in self.struct[role]:
                x += self.component(comp)
            x += "  </role>\n"
        return x + "</plan>\n"

    def plans(self):
        """[(relative path, text)]: plan.xml, or plans/*.xml tiling the year."""
        r = self.r
        y = self.year
        nv = r.choice([1, 1, 1, 2, 2, 3])
        cuts = sorted(r.sample(range(2, 13), nv - 1))
        starts = [1] + cuts
        ends = [c - 1 for c in cuts] + [12]
        names = r.sample(VERSION_NAMES, nv)
        out = []
        for i, (m1, m2) in enumerate(zip(starts, ends)):
            ef = "%d-%02d-01" % (y, m1)
            et = last_day(y, m2).isoformat()
            if i == 0 and r.random() < 0.6:
                ef = None
            if i == nv - 1 and r.random() < 0.6:
                et = None
            out.append((names[i], self.version(names[i], ef, et)))
        if nv == 1 and r.random() < 0.75:
            return [("plan.xml", out[0][1])]
        return [("plans/%s.xml" % n, t) for n, t in out]

    # -- batch ---------------------------------------------------------------------

    def date_in(self, lo_month=1, hi_month=12, spill=0):
        r = self.r
        a = datetime.date(self.year, lo_month, 1) - datetime.timedelta(days=spill)
        b = last_day(self.year, hi_month) + datetime.timedelta(days=spill)
        return a + datetime.timedelta(days=r.randint(0, (b - a).days))

    def some_date(self, spill=0):
        """A date of the plan year (give or take `spill` days), often on or next to a pivot:
        the close date of some deal, or a month's first or last day, so that boundaries
        (employment, territories, fx rates, SPIF windows, versions) are hit exactly."""
        r = self.r
        if r.random() < 0.5:
            return r.choice(self.pivots) + datetime.timedelta(days=r.choice([-1, 0, 0, 0, 1]))
        return self.date_in(spill=spill)

    def batch(self, out):
        r = self.r
        os.makedirs(out, exist_ok=True)
        self.year = r.randint(2025, 2029)
        self.currency = r.choice(PLAN_CURRENCIES)
        self.rounding = r.choice(gb.ROUNDINGS + [None])
        self.p_overlay = r.choice([0, 0.3, 0.6, 0.9])
        self.p_rollup = r.choice([0, 0.6, 0.9, 1])
        self.p_dates = r.choice([0.1, 0.3, 0.6])  # how often a payee has a start / end date
        self.has_cur = r.random() < 0.5
        self.has_outcome = r.random() < 0.1
        y = self.year
        self.pivots = []
        for _ in range(r.randint(2, 6)):
            m = r.randint(1, 12)
            self.pivots.append(r.choice([datetime.date(y, m, 1), last_day(y, m), self.date_in()]))
        self.structure()
        plans = self.plans()

        # period
        k = r.random()
        if k < 0.5:
            pm = r.randint(1, 12)
            period, pfirst, plast = "%d-%02d" % (y, pm), pm, pm
        elif k < 0.7:
            q = r.randint(1, 4)
            period, pfirst, plast = "%d-Q%d" % (y, q), 3 * q - 2, 3 * q
        elif k < 0.85:
            h = r.randint(1, 2)
            period, pfirst, plast = "%d-H%d" % (y, h), 6 * h - 5, 6 * h
        else:
            period, pfirst, plast = "%d" % y, 1, 12

        # roster: managers are chosen among earlier payees (no cycle); rows shuffled later
        npay = r.randint(3, 12)
        ids = r.sample(PAYEE_IDS, npay)
        roles_for_payees = [x for x in self.roles] + ["sdr"]
        payees = []
        for i, pid in enumerate(ids):
            role = r.choice(roles_for_payees + ["ae"])
            if i == 0:
                role = "ae"
            elif i == 1:
                role = "mkt"
            elif i == 2 and ("mgr" in self.roles or "vp" in self.roles):
                role = r.choice([x for x in ("mgr", "vp") if x in self.roles])
            mgr = ""
            if i > 0 and r.random() < 0.75:
                bosses = [p for p in payees if p["role"] in ("mgr", "vp")] or payees
                mgr = r.choice(bosses)["id"] if r.random() < 0.8 else r.choice(payees)["id"]
            start = end = ""
            if r.random() < self.p_dates:
                start = self.some_date(40).isoformat()
            if r.random() < self.p_dates:
                e = self.some_date(40)
                if start and e.isoformat() < start:
                    e = datetime.date.fromisoformat(start) + datetime.timedelta(days=r.randint(0, 90))
                end = e.isoformat()
            payees.append({"id": pid, "role": role, "mgr": mgr, "start": start, "end": end})
        # quotas
        quota_rows = []
        kinds = ["year", "half", "quarter", "month"]
        for p in payees:
            if p["role"] in self.pct_roles:
                if r.random() < 0.15:
                    # no annual quota: quotas.csv gives every window of the %-limited
                    # commissions (answer 10), sometimes of every kind
                    p["quota"] = r.choice(["", "", "0"])
                    for kind in (kinds if r.random() < 0.3 else sorted(self.pct_windows[p["role"]])):
                        for label in window_labels(kind, y):
                            quota_rows.append([p["id"], label, r.choice(
                                ["100000", "25000.5", "90000", "1000", "333333.33", "0"])])
                else:
                    p["quota"] = r.choice(["600000", "480000", "100000", "50000.50", "12345.67",
                                           "1000", "250000", "365000"])
            else:
                p["quota"] = r.choice(["", "0", "300000", "75000.25", "-0", "0.00"])
        if r.random() < 0.5:
            done = {(row[0], row[1]) for row in quota_rows}
            for _ in range(r.randint(1, 12)):
                p = r.choice(payees)
                label = r.choice(window_labels(r.choice(kinds), y))
                if (p["id"], label) in done:
                    continue
                done.add((p["id"], label))
                q = r.choice(["150000", "40000", "90000", "1", "12345.6", "300000", "0", "-0"])
                quota_rows.append([p["id"], label, q])
        r.shuffle(quota_rows)

        # the optional columns, each present or not (absent: no manager, open dates)
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

        # campaigns
        camps = []
        for i in range(r.randint(2, 6)):
            cid = r.choice(["paid-search", "webinar.q1", "trade_show", "Partner-Day", "email",
                            "seo", "c1", "c2"]) + ("" if i < 4 else str(i))
            if cid in [c[0] for c in camps]:
                cid += "-%d" % i
            k = r.random()
            owner = "" if k < 0.15 else (r.choice(mkt_owners) if k < 0.85 else r.choice(pids))
            camps.append((cid, r.choice(["Paid search", "Seo, EMEA"]), owner,
                          r.choice(["", "0", "12000"])))
        campaigns = self.csv(["campaign_id", "name", "owner_id", "cost"], [list(c) for c in camps])

        # deals
        has_cur, has_outcome = self.has_cur, self.has_outcome
        foreign = [c for c in DEAL_CURRENCIES if c != self.currency]
        nd = self.ndeals if self.ndeals else r.randint(5, 40)
        deals = []
        for i in range(nd):
            did = "D-%04d" % (1000 + i) if r.random() < 0.8 else r.choice(["d", "D", "a.", "z_"]) + str(i)
            k = r.random()
            if k < 0.06:
                close = datetime.date(y - 1, 12, r.randint(1, 31))
            elif k < 0.1:
                close = datetime.date(y + 1, 1, r.randint(1, 31))
            elif k < 0.45:
                close = self.date_in(pfirst, plast)
            elif k < 0.6:
                close = r.choice(self.pivots)
            else:
                close = self.date_in()
                if r.random() < 0.15 and deals:
                    close = r.choice(deals)[1]
            cur = ""
            if has_cur:
                kk = r.random()
                cur = "" if kk < 0.4 else (self.currency if kk < 0.5 else r.choice(foreign))
            deals.append([did, close, self.amount(), r.choice(pids), r.choice(gb.SOURCES),
                          r.choice(gb.PRODUCTS), r.choice(gb.REGIONS), r.choice(gb.TYPES),
                          str(r.randint(1, 12)), r.choice(["0", "0.1", "0.15", "0.5"]),
                          r.choice(gb.CODES), r.choice(gb.NOTES), str(r.randint(0, 3)), cur,
                          r.choice(["", "won", "won", "lost"]) if has_outcome else ""])
        r.shuffle(deals)
        dheader = ["deal_id", "close_date", "amount", "closer_id", "source", "product",
                   "region", "type", "seats", "discount", "code", "notes", "cnt"]
        if has_cur:
            dheader.append("currency")
        if has_outcome:
            dheader.append("outcome")
        drows = [[d[0], d[1].isoformat()] + d[2:13] + ([d[13]] if has_cur else [])
                 + ([d[14]] if has_outcome else []) for d in deals]
        deals_csv = self.csv(dheader, drows)

        # fx.csv: a rate on or before January 1 for every foreign currency used, and some later
        fx_rows = []
        used = sorted({d[13] for d in deals if d[13] and d[13] != self.currency})
        if used or r.random() < 0.1:
            for cur in used or [r.choice(foreign)]:
                dates = {datetime.date(y, 1, 1) - datetime.timedelta(days=r.randint(0, 40))}
                for _ in range(r.randint(0, 4)):
                    dates.add(self.some_date())
                for dt in sorted(dates):
                    fx_rows.append([dt.isoformat(), cur, fx_rate(r, cur, self.currency)])
            r.shuffle(fx_rows)

        # splits.csv: teams on some deals (any deal, in scope or not)
        split_rows = []
        if r.random() < 0.5:
            for d in deals:
                if r.random() < 0.3:
                    shares = r.choice([s for s in SHARE_SETS if len(s) <= len(pids)])
                    team = r.sample(pids, len(shares))
                    split_rows += [[d[0], p, s] for p, s in zip(team, shares)]
            if split_rows and r.random() < 0.5:
                r.shuffle(split_rows)

        # territories.csv: dated rows, sometimes several covering the same deal
        terr_rows = []
        if self.p_overlay or r.random() < 0.2:
            fields = [("region", gb.REGIONS), ("product", gb.PRODUCTS), ("source", gb.SOURCES),
                      ("type", gb.TYPES), ("notes", gb.NOTES)]
            if has_cur:
                fields.append(("currency", ["", "EUR", "GBP", "JPY", "USD"]))
            fields.append(("closer_id", pids))
            fields.append(("amount", ["100000", "0", "1234.5", "33333.33"]))
            fields.append(("close_date", [d.isoformat() for d in self.pivots]))
            cover = [p["id"] for p in payees if p["role"] in ("se", "am", "vp")] or pids
            for _ in range(r.randint(1, 14)):
                pid = r.choice(cover) if r.random() < 0.85 else r.choice(pids)
                field, vals = r.choice(fields)
                fr = to = ""
                if r.random() < 0.4:
                    fr = self.some_date(20).isoformat()
                if r.random() < 0.4:
                    t = self.some_date(20)
                    if fr and t.isoformat() < fr:
                        t = datetime.date.fromisoformat(fr) + datetime.timedelta(days=r.randint(0, 120))
                    to = t.isoformat()
                terr_rows.append([pid, field, r.choice(vals), fr, to])

        # touches
        touches = []
        for d in deals:
            if r.random() < 0.3:
                continue
            prev = None
            for _ in range(r.randint(1, 5)):
                k = r.random()
                if prev and k < 0.2:
                    td = prev
                elif k < 0.3:
                    td = d[1] + datetime.timedelta(days=r.randint(1, 20))
                elif k < 0.38:
                    td = d[1]
                else:
                    td = d[1] - datetime.timedelta(days=r.randint(1, 120))
                prev = td
                touches.append([d[0], r.choice(camps)[0], td.isoformat(),
                                r.choice(["", "", "touch", "lead", "opportunity"])])
        touches_csv = self.csv(["deal_id", "campaign_id", "touch_date", "stage"], touches)

        # write
        for rel, text in plans:
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        files = [("roster.csv", roster), ("deals.csv", deals_csv)]
        if r.random() < 0.85:
            files += [("touches.csv", touches_csv), ("campaigns.csv", campaigns)]
        # the optional files: sometimes with an extra column, sometimes a header only
        for name, header, rows in [("fx.csv", ["date", "currency", "rate"], fx_rows),
                                   ("splits.csv", ["deal_id", "payee_id", "share"], split_rows),
                                   ("territories.csv", ["payee_id", "field", "value", "from", "to"],
                                    terr_rows),
                                   ("quotas.csv", ["payee_id", "window", "quota"], quota_rows)]:
            if not rows and r.random() < 0.9:
                continue
            if r.random() < 0.15:
                header = header + ["note"]
                rows = [row + [r.choice(["", "x", "a,b"])] for row in rows]
            files.append((name, self.csv(header, rows)))
        if os.path.isdir(os.path.join(out, "plans")) and r.random() < 0.1:
            files.append(("plans/README.txt", b"not a plan: only *.xml files are versions\n"))
        for name, data in files:
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        with open(os.path.join(out, "period"), "w") as f:
            f.write(period + "\n")


def gb_num(s):
    """A plan number's value, for ordering tier limits."""
    from fractions import Fraction
    if "/" in s:
        a, b = s.split("/")
        return Fraction(int(a), int(b))
    return Fraction(s)


def window_labels(kind, y):
    if kind == "year":
        return ["%d" % y]
    if kind == "half":
        return ["%d-H1" % y, "%d-H2" % y]
    if kind == "quarter":
        return ["%d-Q%d" % (y, q) for q in range(1, 5)]
    return ["%d-%02d" % (y, m) for m in range(1, 13)]


def fx_rate(r, cur, plan_cur):
    """A plausible rate (plan-currency units per unit of cur), with a few decimals."""
    usd = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "JPY": 0.0067, "KWD": 3.25}
    v = usd[cur] / usd[plan_cur] * r.uniform(0.9, 1.1)
    digits = r.choice([2, 4, 6])
    s = "%.*f" % (digits, v)
    if float(s) == 0:
        s = "0.0001"
    return s


def main():
    gb.main(Gen5)


if __name__ == "__main__":
    main()
