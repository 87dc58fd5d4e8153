#!/usr/bin/env python3
"""truce_ref6.py - an independent reference of Truce's pay mechanics (issue 6), with plan versions.

    python3 tests/reference/truce_ref6.py --in DIR --period P --out DIR [--paid FILE]
    python3 tests/reference/truce_ref6.py --each ROOT   (every ROOT/NAME/ holding a file
        `period`, into ROOT/NAME.ref/, with --paid ROOT/NAME/paid.csv when that exists)

P is YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY.  Writes payouts.csv, credits.csv and, when
the plan or the batch calls for it, ledger.csv (no statements), byte for byte as
`truce run` must.

Written from the documents alone, never from the C engine: CONTRACT.md,
docs/plan-language.md ("How credit becomes pay" and "Plan versions", as decided in
issue 16), docs/file-formats.md, docs/cli.md (--paid) and
docs/rounding-and-audit.md.  Crediting (splits, overlays, roll-ups, employment,
currencies, lost deals, windows and quotas) is truce_ref5.py's, itself written from
the documents.  What this file adds:

  - commissions walked line by line: marginal and retroactive tiers under the
    version in force in each line's month, rate tables, gates (retroactive and
    forward, % or amount), per-deal caps and floors, caps by version;
  - clawbacks (events.csv): original-rate and recalculate, within-days, judged by
    the version in force on the deal's close date; recalculated lines earn where
    they land (window, tiers, rates and gate of the event's month);
  - holds (payments.csv): release booking / payment / full-payment, by the
    version in force on the deal's close date;
  - bonuses (levels first reached, by the version of the month), pay curves (each
    month adds what its version makes of the month's change in attainment),
    draws (recoverable, recovery-limit, forgive; by the version of the month);
  - adjustments.csv (cumulative rounding; a draw's adjustment outside the
    guarantee);
  - --paid FILE (true-ups: payable = round(E(last)) - paid through first-1);
  - ledger.csv.

The questions the documents leave open, and the reading chosen for each, are
listed in the DOC QUESTIONS block below (each marked Qn where the code relies on
it).  Exact arithmetic throughout (fractions.Fraction); rounding only where the
documents round.  Inputs are assumed valid.  Standard library only.
"""

# DOC QUESTIONS (the documents are silent or ambiguous; the reading chosen):
#
# Q1  Bonus and curve attainment: W is the payee's credit in the window as credited
#     (credit lines only).  Events never lower it: clawbacks apply to commissions
#     only and recalculated lines "belong to the commission's walk only".  (The
#     documents' "a level stays paid when attainment falls back (a clawback)" and
#     "a curve counts negative attainment as 0" are then guards that never act.)
# Q2  Per-deal caps and floors (docs/plan-language.md, "Per-deal caps and floors",
#     says it since): a deal earns clamp(the sum of what its lines earn, each in
#     its own window, so 0 where that window's gate is shut), its lines taken
#     across windows (a recalculated line belongs to its deal); the clamp is the
#     one of the version in force on the deal's close date.  The ledger's earned
#     is the clamp of the credit lines' sum alone; clawback the difference.
# Q3  Which version's gate decides a window: the one in force in the window's
#     current month (its last month once it is over).  A forward gate restricts each
#     line to its part above the gate of the version of the line's month.
# Q4  Holds with a cap: released(m) = min(E(m) after the cap, sum over deals of the
#     deal's net earnings x its released fraction).
# Q5  The draw's T(m) is the ledger's payouts of the other components (with their
#     adjustments), not what --paid makes payable.
# Q6  A draw is paid every month of the year, employed or not (the documents tie
#     nothing but crediting and quota proration to employment); the same for a
#     curve's f(0) and a window's target.
# Q7  A recalculated clawback line sorts after the deal's credit lines of the same
#     day; two events of one deal keep their date-then-row order.
# Q8  Gate value of a % gate: the window quota of the line's (or the window's) own
#     window; the gate of a window with quota 0 is 0.
# Q9  ledger.csv: earned = what the credit lines earned (gate, deal clamp, full
#     deal weight) through the period's last month minus the same through the
#     month before; clawback = what the recalculated lines and the original-rate
#     reversals took; the cap, when it binds, comes off `earned` (so earned +
#     clawback = E after the cap).  released and held are shown for commissions
#     only; draw-recovered is shown positive.
# Q10 ledger.csv's adjustment rows of one component: in month order, then in the
#     order of adjustments.csv (a ledger reads chronologically).
# Q11 A draw's amount and recovery-limit are rounded to the minor unit by the plan's
#     rounding mode.
# Q12 Which commissions walk their lines and which use the closed forms does not
#     matter: the documents say the closed forms equal the walk, so every commission
#     is walked here (the engine is free to use the closed forms).

import argparse
import datetime
import os
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truce_ref as R  # noqa: E402  (CSV, numbers, rounding, when, attribution)
import truce_ref5 as R5  # noqa: E402  (crediting: splits, overlays, roll-ups, windows, fx)

NS = R.NS
ZERO = Fraction(0)
ONE = Fraction(1)
D = R.parse_date
bkey = R5.bkey
ROLE_ORDER = R5.ROLE_ORDER
windows = R5.windows
period_months = R5.period_months

def last_day(y, m):
    return datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)


def xbool(s):
    return s in ("true", "1")


# ----------------------------------------------------------------------------
# The plan and its versions
# ----------------------------------------------------------------------------

class Version:
    """One plan file: a version in force from eff_from to eff_to."""


def load_credit(v, root):
    """<credit>: splits and roll-ups, as truce_ref5.py reads them."""
    credit = root.find(NS + "credit")
    v.splits = []
    for sp in credit.findall(NS + "split"):
        s = {"when": R.compile_when(sp.get("when")), "closer": None, "marketing": None,
             "overlays": []}
        c = sp.find(NS + "closer")
        if c is not None:
            s["closer"] = R.plan_number(c.get("share"))
        mk = sp.find(NS + "marketing")
        if mk is not None:
            model = mk.get("model")
            m = {"share": R.plan_number(mk.get("share")), "model": model,
                 "half_life": int(mk.get("half-life", "7"))}
            if model == "custom":
                m["weights"] = {w.get("at"): R.plan_number(w.get("value"))
                                for w in mk.findall(NS + "weight")}
            elif model in R.POSITION_MODELS:
                m["weights"] = R.POSITION_MODELS[model]
            s["marketing"] = m
        for o in sp.findall(NS + "overlay"):
            s["overlays"].append((o.get("role"), R.plan_number(o.get("share"))))
        v.splits.append(s)
    v.rollups = [(r.get("role"), r.get("scope", "direct"), R.plan_number(r.get("share", "100%")))
                 for r in credit.findall(NS + "rollup")]


def opt_num(s):
    return R.plan_number(s) if s is not None else None


def load_component(c, year):
    tag = c.tag[len(NS):]
    cid = c.get("id")
    if tag == "commission":
        cb = c.find(NS + "clawback")
        claw = None
        if cb is not None:
            wd = cb.get("within-days")
            claw = {"policy": cb.get("policy"), "within": int(wd) if wd is not None else 0}
        tiers = []
        for t in c.findall(NS + "tier"):
            rate = t.get("rate")
            tiers.append({"limit": R5.limit_of(t.get("upto")),
                          "rate": R.plan_number(rate) if rate is not None else None,
                          "table": t.get("rate-table")})
        return {"kind": "commission", "id": cid,
                "mode": c.get("mode", "marginal"), "window": c.get("window", "year"),
                "cap": opt_num(c.get("cap")),
                "gate": R5.limit_of(c.get("gate")),
                "gate_pay": c.get("gate-pay", "retroactive"),
                "deal_cap": opt_num(c.get("deal-cap")),
                "deal_floor": opt_num(c.get("deal-floor")),
                "release": c.get("release", "booking"),
                "clawback": claw, "tiers": tiers}
    if tag == "spif":
        fr, to = c.get("from"), c.get("to")
        return {"kind": "spif", "id": cid, "when": R.compile_when(c.get("when")),
                "pay": R.plan_number(c.get("pay")),
                "from": D(fr) if fr else datetime.date(year, 1, 1),
                "to": D(to) if to else datetime.date(year, 12, 31)}
    if tag == "bonus":
        return {"kind": "bonus", "id": cid, "window": c.get("window", "year"),
                "levels": [(R.plan_number(lv.get("attainment")), R.plan_number(lv.get("pay")))
                           for lv in c.findall(NS + "level")]}
    if tag == "curve":
        return {"kind": "curve", "id": cid, "window": c.get("window", "year"),
                "target": R.plan_number(c.get("target")),
                "extend": xbool(c.get("extend", "false")),
                "points": [(R.plan_number(p.get("attainment")), R.plan_number(p.get("payout")))
                           for p in c.findall(NS + "point")]}
    if tag == "draw":
        fg = c.get("forgive")
        return {"kind": "draw", "id": cid, "amount": R.plan_number(c.get("amount")),
                "recoverable": xbool(c.get("recoverable", "false")),
                "limit": opt_num(c.get("recovery-limit")),
                "forgive": D(fg) if fg else None}
    raise ValueError("unknown component %s" % tag)


MECHANICS = ("gate", "deal_cap", "deal_floor", "clawback")


def load_version(path):
    root = ET.parse(path).getroot()
    v = Version()
    v.path = path
    v.id = root.get("id")
    v.year = int(root.get("year"))
    v.currency = root.get("currency")
    v.scale = R.MINOR_UNITS.get(v.currency, 2)
    v.rounding = root.get("rounding", "half-up")
    ef, et = root.get("effective-from"), root.get("effective-to")
    v.eff_from = D(ef) if ef else datetime.date(v.year, 1, 1)
    v.eff_to = D(et) if et else datetime.date(v.year, 12, 31)
    load_credit(v, root)
    v.tables = {}
    for t in root.findall(NS + "rate-table"):
        dflt = t.find(NS + "default")
        v.tables[t.get("id")] = {
            "fields": t.get("fields").split(),
            "rows": [(r.get("values").split(), R.plan_number(r.get("rate")))
                     for r in t.findall(NS + "row")],
            "default": R.plan_number(dflt.get("rate")) if dflt is not None else None}
    v.roles = {}
    v.role_order = []
    for r in root.findall(NS + "role"):
        v.roles[r.get("id")] = [load_component(c, v.year) for c in r]
        v.role_order.append(r.get("id"))
    # does this version use a pay mechanic (ledger.csv)?
    v.mechanic = bool(v.tables)
    for comps in v.roles.values():
        for c in comps:
            if c["kind"] in ("bonus", "curve", "draw"):
                v.mechanic = True
            elif c["kind"] == "commission":
                if any(c[k] is not None for k in MECHANICS) or c["release"] != "booking" \
                        or any(t["table"] for t in c["tiers"]):
                    v.mechanic = True
    return v


class Plan:
    """The versions, ordered by effective-from; they tile the plan year by months."""

    def __init__(self, paths):
        self.versions = sorted((load_version(p) for p in paths), key=lambda v: v.eff_from)
        first = self.versions[0]
        self.year, self.currency = first.year, first.currency
        self.scale, self.rounding = first.scale, first.rounding
        self.roles = first.roles          # ids, kinds, order, windows, modes: shared
        self.of_month = [None] * 13
        for v in self.versions:
            for m in range(v.eff_from.month, v.eff_to.month + 1):
                self.of_month[m] = v
        self.mechanic = any(v.mechanic for v in self.versions)

    def at(self, date):
        return self.of_month[date.month]

    def comp(self, m, role, k):
        """Component k of role under the version in force in month m."""
        return self.of_month[m].roles[role][k]


# ----------------------------------------------------------------------------
# The batch: truce_ref5's, plus events, payments, adjustments
# ----------------------------------------------------------------------------

class Batch(R5.Batch):
    def __init__(self, indir, plan):
        R5.Batch.__init__(self, indir, plan)
        self.by_id = {d["id"]: d for d in self.deals}   # in-scope deals

        def optional(name):
            path = os.path.join(indir, name)
            return R.read_table(path)[1] if os.path.exists(path) else []

        # events.csv: per in-scope deal, in date then row order, each with the fraction
        # of the deal it takes (amounts in the deal's own currency, as written)
        self.events = {}
        for i, r in enumerate(optional("events.csv")):
            if r["deal_id"] in self.by_id:
                self.events.setdefault(r["deal_id"], []).append((D(r["date"]), i, r))
        for did, evs in self.events.items():
            evs.sort(key=lambda e: (e[0], e[1]))
            amount = R.dec(self.by_id[did]["row"]["amount"])
            left = ONE
            out = []
            for date, i, r in evs:
                if r["kind"] == "cancel":
                    f = left
                else:
                    f = R.dec(r["amount"]) / amount
                left -= f
                out.append({"date": date, "seq": i, "kind": r["kind"], "f": f})
            self.events[did] = out
        self.has_events = any(self.events.values())

        # payments.csv: per deal, (date, amount)
        self.payments = {}
        for r in optional("payments.csv"):
            self.payments.setdefault(r["deal_id"], []).append((D(r["date"]), R.dec(r["amount"])))

        # adjustments.csv: (payee, component) -> [(month, amount, reason, approved_by, row)]
        self.adjustments = {}
        self.adj_rows = 0
        for i, r in enumerate(optional("adjustments.csv")):
            self.adj_rows += 1
            y, m = r["period"].split("-")
            self.adjustments.setdefault((r["payee_id"], r["component_id"]), []).append(
                (int(m), R.dec(r["amount"]), r["reason"], r["approved_by"], i))

    def paid_fraction(self, d, m):
        """min(1, payments dated on or before the end of month m / the deal's amount as
        written); 1 for a deal of amount 0."""
        amount = R.dec(d["row"]["amount"])
        if amount == 0:
            return ONE
        end = last_day(self.plan.year, m)
        got = sum((a for dt, a in self.payments.get(d["id"], []) if dt <= end), ZERO)
        return min(ONE, got / amount)


# ----------------------------------------------------------------------------
# Commissions: the line walk
# ----------------------------------------------------------------------------

class Line:
    __slots__ = ("deal", "date", "month", "role", "campaign", "credit", "claw", "seq", "idx")

    def key(self):
        return (self.date, bkey(self.deal["id"]), ROLE_ORDER[self.role], bkey(self.campaign),
                self.claw, self.seq)


def tier_bounds(tiers, quota):
    """[(lower, upper or None, tier)]; the first tier reaches down below 0."""
    out, lower = [], None
    for t in tiers:
        lim = t["limit"]
        if lim is None:
            upper = None
        elif lim[0] == "pct":
            upper = lim[1] * quota
        else:
            upper = lim[1]
        out.append((lower, upper, t))
        if upper is not None:
            lower = upper
    return out


def table_rate(v, table, deal):
    """A rate table's rate for a deal: the first row whose values match the deal's cells
    as written ('*' matches any), else the default."""
    t = v.tables[table]
    row = deal["row"]
    for vals, rate in t["rows"]:
        if all(x == "*" or x == row[f] for x, f in zip(vals, t["fields"])):
            return rate
    if t["default"] is None:
        raise ValueError("deal %s: no row of rate table %s" % (deal["id"], table))
    return t["default"]


def tier_rate(v, tier, deal):
    return tier["rate"] if tier["table"] is None else table_rate(v, tier["table"], deal)


def gate_value(gate, quota):
    if gate is None:
        return None
    if gate[0] == "pct":
        return gate[1] * quota
    return gate[1]


def marginal_line(v, bd, w0, w1, deal, floor_g):
    """What the credit from running total w0 to w1 earns in tiers bd (negative when
    w1 < w0), restricted to the part at or above floor_g when it is not None."""
    if w1 == w0:
        return ZERO
    a, b, sign = (w0, w1, 1) if w1 > w0 else (w1, w0, -1)
    if floor_g is not None:
        a = max(a, floor_g)
    e = ZERO
    for lo, hi, t in bd:
        x = a if lo is None else max(a, lo)
        y = b if hi is None else min(b, hi)
        if y > x:
            e += tier_rate(v, t, deal) * (y - x)
    return sign * e


def retro_tier(bd, total):
    """The first tier whose limit is >= total (the last tier if none)."""
    for lo, hi, t in bd:
        if hi is not None and hi >= total:
            return t
    return bd[-1][2]


def clamp(x, cap, floor):
    if floor is not None and x > 0:
        x = max(x, floor)
    if cap is not None:
        x = min(x, cap)
    return x


class Commission:
    """One commission (index k of role) of one payee: E(m), clawback, released, held."""

    def __init__(self, b, pid, role, k, credit_lines):
        self.b, self.pid, self.role, self.k = b, pid, role, k
        plan = b.plan
        self.plan = plan
        self.kind = plan.roles[role][k]["window"]
        self.mode = plan.roles[role][k]["mode"]
        self.wins = windows(self.kind, plan.year)
        self.quota = {w[0]: b.window_quota(pid, plan.year, w) for w in self.wins}
        self.win_of = {}
        for w in self.wins:
            for m in range(w[1], w[2] + 1):
                self.win_of[m] = w
        # the lines: credit lines, and recalculated clawback lines of the deals whose
        # close-date version says recalculate (Q7 for their order)
        lines = []
        self.orig = {}        # deal id -> [(month, f)] of original-rate reversals
        seq = 0
        for c in credit_lines:
            ln = Line()
            ln.deal, ln.date, ln.role, ln.campaign = c["deal"], c["deal"]["close"], c["role"], c["campaign"]
            ln.month, ln.credit, ln.claw, ln.seq = ln.date.month, c["credit"], 0, seq
            seq += 1
            lines.append(ln)
            for ev, f in self.judged_events(c["deal"]):
                if self.policy(c["deal"]) == "recalculate":
                    cl = Line()
                    cl.deal, cl.date, cl.role, cl.campaign = c["deal"], ev["date"], c["role"], c["campaign"]
                    cl.month, cl.credit, cl.claw, cl.seq = ev["date"].month, -c["credit"] * f, 1, ev["seq"]
                    lines.append(cl)
        for c in credit_lines:
            d = c["deal"]
            if self.policy(d) == "original-rate" and d["id"] not in self.orig:
                self.orig[d["id"]] = [(ev["date"].month, f) for ev, f in self.judged_events(d)]
        lines.sort(key=Line.key)
        for i, ln in enumerate(lines):
            ln.idx = i
        self.lines = lines
        self.compute()

    def close_comp(self, deal):
        """This commission under the version in force on the deal's close date."""
        return self.plan.at(deal["close"]).roles[self.role][self.k]

    def policy(self, deal):
        cb = self.close_comp(deal)["clawback"]
        return cb["policy"] if cb else None

    def judged_events(self, deal):
        """The deal's events that claw back here: the close-date version has a clawback,
        the event is in the plan year and within its within-days (0: no limit)."""
        comp = self.close_comp(deal)
        cb = comp["clawback"]
        if cb is None:
            return []
        out = []
        for ev in self.b.events.get(deal["id"], []):
            if ev["date"].year != self.plan.year:
                continue
            if cb["within"] and (ev["date"] - deal["close"]).days > cb["within"]:
                continue
            out.append((ev, ev["f"]))
        return out

    def state(self, m):
        """Through month m: per line, (raw earning, window label); per window, its gate
        factor."""
        plan = self.plan
        raw = {}
        gate = {}
        for label, m1, m2 in self.wins:
            if m1 > m:
                break
            end = min(m, m2)
            quota = self.quota[label]
            wl = [ln for ln in self.lines if m1 <= ln.month <= end]
            total = sum((ln.credit for ln in wl), ZERO)
            if self.mode == "retroactive":
                for ln in wl:
                    v = plan.of_month[ln.month]
                    vc = v.roles[self.role][self.k]
                    t = retro_tier(tier_bounds(vc["tiers"], quota), total)
                    raw[ln.idx] = ln.credit * tier_rate(v, t, ln.deal)
            else:
                run = ZERO
                for ln in wl:
                    v = plan.of_month[ln.month]
                    vc = v.roles[self.role][self.k]
                    g = None
                    if vc["gate"] is not None and vc["gate_pay"] == "forward":
                        g = gate_value(vc["gate"], quota)
                    raw[ln.idx] = marginal_line(v, tier_bounds(vc["tiers"], quota),
                                                run, run + ln.credit, ln.deal, g)
                    run += ln.credit
            ce = plan.comp(end, self.role, self.k)
            g = ONE
            if ce["gate"] is not None:
                g = ONE if total >= gate_value(ce["gate"], quota) else ZERO
            gate[label] = g
        return raw, gate

    def compute(self):
        """Per month m = 0..12: E (after clawbacks and cap), earned (credit lines only),
        clawback, released, held; exact."""
        plan = self.plan
        self.E = [ZERO] * 13
        self.earned = [ZERO] * 13
        self.clawed = [ZERO] * 13
        self.released = [ZERO] * 13
        for m in range(1, 13):
            raw, gate = self.state(m)
            # per-deal clamp (Q2): what the deal's lines earn where they land (their window's
            # gate), summed over every window, then clamped; the credit lines alone likewise
            per_deal = {}      # deal id -> (deal, all its lines, its credit lines)
            for ln in self.lines:
                if ln.month > m:
                    continue
                did = ln.deal["id"]
                eff = raw[ln.idx] * gate[self.win_of[ln.month][0]]
                d, t, o = per_deal.get(did, (ln.deal, ZERO, ZERO))
                per_deal[did] = (ln.deal, t + eff, o if ln.claw else o + eff)
            E = earned = clawed = rel = ZERO
            for did, (d, t, o) in per_deal.items():
                cc = self.close_comp(d)
                net = clamp(t, cc["deal_cap"], cc["deal_floor"])
                a = clamp(o, cc["deal_cap"], cc["deal_floor"])
                c = net - a
                if did in self.orig:
                    F = sum((f for mm, f in self.orig[did] if mm <= m), ZERO)
                    c -= F * net
                    net -= F * net
                E += net
                earned += a
                clawed += c
                rel += net * self.release_fraction(d, m)
            cap = plan.comp(m, self.role, self.k)["cap"]
            if cap is not None and E > cap:
                earned -= E - cap      # Q9: the cap comes off earned
                E = cap
            self.E[m] = E
            self.earned[m] = earned
            self.clawed[m] = clawed
            self.released[m] = min(E, rel)       # Q4
        self.held = [self.E[m] - self.released[m] for m in range(13)]

    def release_fraction(self, d, m):
        rule = self.close_comp(d)["release"]
        if rule == "booking":
            return ONE
        p = self.b.paid_fraction(d, m)
        if rule == "payment":
            return p
        return ONE if p >= 1 else ZERO


# ----------------------------------------------------------------------------
# SPIFs, bonuses, curves
# ----------------------------------------------------------------------------

def spif_E(b, role, k, lines):
    """Each distinct deal among the payee's credit lines counts under the SPIF of the
    version in force on its close date."""
    per_month = [ZERO] * 13
    seen = set()
    for ln in lines:
        d = ln["deal"]
        if d["id"] in seen:
            continue
        seen.add(d["id"])
        s = b.plan.at(d["close"]).roles[role][k]
        if s["from"] <= d["close"] <= s["to"] and R.holds(s["when"], d["row"]):
            per_month[d["close"].month] += s["pay"]
    E = [ZERO] * 13
    for m in range(1, 13):
        E[m] = E[m - 1] + per_month[m]
    return E


def window_credit(b, pid, kind, lines):
    """Per window of the kind: (label, m1, m2, quota, credit by month of the window)
    of the payee's credit lines (Q1: as credited)."""
    out = []
    for label, m1, m2 in windows(kind, b.plan.year):
        per = {m: ZERO for m in range(m1, m2 + 1)}
        for ln in lines:
            mm = ln["deal"]["close"].month
            if m1 <= mm <= m2:
                per[mm] += ln["credit"]
        out.append((label, m1, m2, b.window_quota(pid, b.plan.year, (label, m1, m2)), per))
    return out


def bonus_E(b, pid, role, k, lines):
    """Month m pays the levels L of the version in force in m with M(m-1) < L <= M(m),
    M the highest attainment of the window so far (0 before its first month)."""
    plan = b.plan
    kind = plan.roles[role][k]["window"]
    E = [ZERO] * 13
    pay = [ZERO] * 13
    for label, m1, m2, q, per in window_credit(b, pid, kind, lines):
        W = ZERO
        M_prev = ZERO
        for m in range(m1, m2 + 1):
            W += per[m]
            if q > 0:
                M = max(M_prev, W / q)
            else:
                M = M_prev            # a window quota of 0 reaches no level
            for L, p in plan.comp(m, role, k)["levels"]:
                if M_prev < L <= M:
                    pay[m] += p
            M_prev = M
    for m in range(1, 13):
        E[m] = E[m - 1] + pay[m]
    return E


def curve_f(points, extend, a):
    """f(a): piecewise linear through the points; flat beyond the last unless extend."""
    if a >= points[-1][0]:
        if extend and len(points) >= 2:
            (a0, p0), (a1, p1) = points[-2], points[-1]
            return p1 + (a - a1) * (p1 - p0) / (a1 - a0)
        return points[-1][1]
    for (a0, p0), (a1, p1) in zip(points, points[1:]):
        if a0 <= a <= a1:
            return p0 + (a - a0) * (p1 - p0) / (a1 - a0)
    return points[0][1]


def curve_E(b, pid, role, k, lines):
    """E_window(m) = E_window(m-1) + T_v x (f_v(a(m)) - f_v(a(m-1))), T_v x f_v(a) in the
    window's first month; a(m) the window's attainment through m, at least 0 (0 with a
    quota of 0); v the version in force in month m."""
    plan = b.plan
    kind = plan.roles[role][k]["window"]
    E = [ZERO] * 13
    inc = [ZERO] * 13
    for label, m1, m2, q, per in window_credit(b, pid, kind, lines):
        W = ZERO
        a_prev = None
        for m in range(m1, m2 + 1):
            W += per[m]
            a = max(ZERO, W / q) if q > 0 else ZERO
            c = plan.comp(m, role, k)
            T = c["target"] * Fraction(m2 - m1 + 1, 12)
            if a_prev is None:
                inc[m] += T * curve_f(c["points"], c["extend"], a)
            else:
                inc[m] += T * (curve_f(c["points"], c["extend"], a)
                               - curve_f(c["points"], c["extend"], a_prev))
            a_prev = a
    for m in range(1, 13):
        E[m] = E[m - 1] + inc[m]
    return E


# ----------------------------------------------------------------------------
# Rounding, adjustments, draws
# ----------------------------------------------------------------------------

def rnd(x, plan):
    return R.round_minor(x, plan.scale, plan.rounding)


def to_units(x, scale):
    """An exact decimal that is a whole number of minor units, as an integer of them."""
    u = x * 10 ** scale
    assert u.denominator == 1, "not a whole number of minor units: %s" % x
    return u.numerator


# ----------------------------------------------------------------------------
# --paid
# ----------------------------------------------------------------------------

def read_paid(path, b, period_first):
    """The taken rows of the paid file: (payee, component) -> {month: units}, and the
    months recorded (covered by any taken row)."""
    plan = b.plan
    header, rows = R.read_csv(path)
    paid = {}
    recorded = set()
    for row in rows:
        if row == header:
            continue                    # a repeated header line
        r = dict(zip(header, row))
        per = r["period"]
        y, m1, m2 = period_months(per)
        if y != plan.year:
            continue                    # another year: ignored
        if m2 >= period_first:
            continue                    # the run's own period, or after it: ignored
        pid, role, cid = r["payee_id"], r["role"], r["component_id"]
        p = b.payee.get(pid)
        if p is None or p["role"] != role or role not in plan.roles:
            continue                    # a payee or role the run does not pay
        if cid not in [c["id"] for c in plan.roles[role]]:
            continue                    # a component the run does not pay
        paid.setdefault((pid, cid), {})
        paid[(pid, cid)][m2] = paid[(pid, cid)].get(m2, 0) + to_units(R.dec(r["amount"]), plan.scale)
        recorded.update(range(m1, m2 + 1))
    return paid, recorded


# ----------------------------------------------------------------------------
# Run
# ----------------------------------------------------------------------------

def fmt_draw(units, scale):
    return R.fmt_minor(units, scale)


def run(indir, period, outdir, paidfile=None):
    plan = Plan(R5.plan_paths(indir))
    py, first, last = period_months(period)
    assert py == plan.year, "period outside the plan year"
    b = Batch(indir, plan)
    credits = R5.compute_credits(b)

    # credits.csv: deals closing in the period (as credited; clawbacks are not credit)
    rows = [c for c in credits if first <= c["deal"]["close"].month <= last]
    rows.sort(key=lambda c: (bkey(c["deal"]["id"]), ROLE_ORDER[c["role"]],
                             bkey(c["campaign"]), bkey(c["payee"])))
    credit_out = [[c["deal"]["id"], c["deal"]["close"].isoformat(), c["role"], c["campaign"],
                   c["payee"], R.fmt_exact(c["credit"])] for c in rows]

    by_payee = {}
    for c in credits:
        if c["payee"]:
            by_payee.setdefault(c["payee"], []).append(c)
    for ls in by_payee.values():
        ls.sort(key=lambda c: (c["deal"]["close"], bkey(c["deal"]["id"]),
                               ROLE_ORDER[c["role"]], bkey(c["campaign"])))

    paid, recorded = ({}, set())
    if paidfile:
        paid, recorded = read_paid(paidfile, b, first)

    payout_out = []
    ledger_out = []
    for r in sorted(b.roster, key=lambda r: bkey(r["payee_id"])):
        pid, role = r["payee_id"], r["role"]
        if role not in plan.roles:
            continue
        lines = by_payee.get(pid, [])
        comps = plan.roles[role]
        Rm = {}        # component index -> [R(0..12)] in minor units
        led = {}       # component index -> ledger figures
        for k, comp in enumerate(comps):
            kind = comp["kind"]
            if kind == "draw":
                continue
            rel = None
            if kind == "commission":
                cm = Commission(b, pid, role, k, lines)
                E, rel = cm.E, cm.released
                led[k] = {"earned": cm.earned, "clawback": cm.clawed, "released": cm.released,
                          "held": cm.held}
            else:
                E = {"spif": spif_E, "bonus": bonus_E, "curve": curve_E}[kind](
                    b, pid, role, k, lines) if kind != "spif" else spif_E(b, role, k, lines)
                rel = E
                led[k] = {"earned": E}
            adj = b.adjustments.get((pid, comp["id"]), [])
            A = [sum((a for mm, a, _, _, _ in adj if mm <= m), ZERO) for m in range(13)]
            Rm[k] = [0] + [rnd(rel[m] + A[m], plan) for m in range(1, 13)]
        # the draw, last, on the other components' payouts
        for k, comp in enumerate(comps):
            if comp["kind"] != "draw":
                continue
            adj = b.adjustments.get((pid, comp["id"]), [])
            A = [sum((a for mm, a, _, _, _ in adj if mm <= m), ZERO) for m in range(13)]
            Bal = 0
            cum = 0
            Rd = [0]
            dp = [0] * 13
            dr = [0] * 13
            for m in range(1, 13):
                dc = plan.comp(m, role, k)
                Dm = rnd(dc["amount"], plan)
                T = sum(Rm[j][m] - Rm[j][m - 1] for j in Rm)
                drawn = max(0, Dm - T)
                rec = 0
                if dc["recoverable"]:
                    Bal += drawn
                    if T > Dm:
                        rec = min(Bal, T - Dm)
                        if dc["limit"] is not None:
                            rec = min(rec, rnd(dc["limit"], plan))
                        Bal -= rec
                    fg = dc["forgive"]
                    if fg is not None and fg.year == plan.year and fg.month == m:
                        Bal = 0
                dp[m], dr[m] = drawn, rec
                cum += drawn - rec
                # plan-language.md, Adjustments and payouts: R(m) = round(paid(m) -
                # recovered(m) + A(m)), cumulative sums, rounded like any component.
                Rd.append(rnd(Fraction(cum, 10 ** plan.scale) + A[m], plan))
            Rm[k] = Rd
            led[k] = {"draw": (dp, dr)}

        for k, comp in enumerate(comps):
            Rk = Rm[k]
            if paidfile:
                pp = paid.get((pid, comp["id"]), {})
                through = 0
                for j in range(1, first):
                    if j in recorded:
                        through += pp.get(j, 0)
                    else:
                        through += Rk[j] - Rk[j - 1]
                amount = Rk[last] - through
            else:
                amount = Rk[last] - Rk[first - 1]
            payout_out.append([period, pid, role, comp["id"], R.fmt_minor(amount, plan.scale)])
            ledger_out += ledger_rows(b, period, first, last, pid, role, k, comp, led[k])

    os.makedirs(outdir, exist_ok=True)
    R.write_csv(os.path.join(outdir, "payouts.csv"),
                ["period", "payee_id", "role", "component_id", "amount"], payout_out)
    R.write_csv(os.path.join(outdir, "credits.csv"),
                ["deal_id", "close_date", "role", "campaign_id", "payee_id", "credit"], credit_out)
    if plan.mechanic or b.adj_rows:
        R.write_csv(os.path.join(outdir, "ledger.csv"),
                    ["period", "payee_id", "role", "component_id", "kind", "amount", "reason",
                     "approved_by"], ledger_out)


def ledger_rows(b, period, first, last, pid, role, k, comp, fig):
    """ledger.csv rows of one payee's component for the period (Q9)."""
    plan = b.plan
    out = []

    def row(kind, amount, reason="", by=""):
        out.append([period, pid, role, comp["id"], kind, amount, reason, by])

    def delta(series):
        return series[last] - series[first - 1]

    if "draw" not in fig:
        e = delta(fig["earned"])
        if e != 0:
            row("earned", R.fmt_exact(e))
        if "clawback" in fig:
            c = delta(fig["clawback"])
            if c != 0:
                row("clawback", R.fmt_exact(c))
            # released: shown when anything was held at the end of a month up to last
            if any(fig["held"][m] != 0 for m in range(1, last + 1)):
                rl = delta(fig["released"])
                if rl != 0:
                    row("released", R.fmt_exact(rl))
            h = fig["held"][last]
            if h != 0:
                row("held", R.fmt_exact(h))
    for mm, a, reason, by, i in sorted(b.adjustments.get((pid, comp["id"]), []),
                                       key=lambda x: (x[0], x[4])):
        if first <= mm <= last:
            row("adjustment", R.fmt_exact(a), reason, by)
    if "draw" in fig:
        dp, dr = fig["draw"]
        p = sum(dp[first:last + 1])
        q = sum(dr[first:last + 1])
        if p != 0:
            row("draw-paid", R.fmt_minor(p, plan.scale))
        if q != 0:
            row("draw-recovered", R.fmt_minor(q, plan.scale))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--in", dest="indir")
    ap.add_argument("--period")
    ap.add_argument("--out")
    ap.add_argument("--paid")
    ap.add_argument("--each", metavar="ROOT",
                    help="run every batch ROOT/NAME/ that holds a file `period`, into ROOT/NAME.ref/")
    a = ap.parse_args(argv)
    if a.each:
        status = 0
        for name in sorted(os.listdir(a.each)):
            d = os.path.join(a.each, name)
            pf = os.path.join(d, "period")
            if not os.path.isfile(pf):
                continue
            with open(pf) as f:
                period = f.read().strip()
            paid = os.path.join(d, "paid.csv")
            try:
                run(d, period, d.rstrip("/") + ".ref", paid if os.path.exists(paid) else None)
            except Exception as e:  # report and go on with the next batch
                print("%s: reference failed: %s: %s" % (d, type(e).__name__, e), file=sys.stderr)
                status = 1
        return status
    if not (a.indir and a.period and a.out):
        ap.error("--in, --period and --out are required (or --each ROOT)")
    run(a.indir, a.period, a.out, a.paid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
