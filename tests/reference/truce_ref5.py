#!/usr/bin/env python3
"""truce_ref5.py - an independent reference of Truce with the issue-5 constructs.

    python3 tests/reference/truce_ref5.py --in DIR --period P --out DIR
    python3 tests/reference/truce_ref5.py --each ROOT   (every ROOT/NAME/ holding a file
        `period`, into ROOT/NAME.ref/; one process for many batches)

P is YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY.  Writes payouts.csv and credits.csv (no
statements), byte for byte as `truce run` must.

Written from the documents alone, never from the C engine: CONTRACT.md (v1),
docs/plan-language.md, docs/file-formats.md, docs/cli.md (periods) and the
issue-5 design with its binding "Answers to the open questions" (quoted below as
"answer N").  It builds on truce_ref.py (the v1 reference) for CSV, numbers,
rounding, `when` expressions and attribution, and adds:

  - team splits (splits.csv), overlays with territories (territories.csv),
    manager roll-ups (direct / subtree), employment dates (roster start_date /
    end_date) and lines that go to nobody;
  - attainment windows (year / half / quarter / month) with window quotas
    (quotas.csv, else the annual quota by months, prorated by days employed);
  - plan versions (plans/ directory, effective-from / effective-to);
  - deal currencies converted with fx.csv;
  - periods of a month, quarter, half-year or the year;
  - the `outcome` column (a lost deal earns nothing).

Exact arithmetic throughout (fractions.Fraction); rounding only for payouts.
Inputs are assumed valid: this program computes, it does not validate.
Standard library only.
"""

import argparse
import calendar
import datetime
import glob
import os
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truce_ref as R  # noqa: E402  (the v1 reference: helpers only)

NS = R.NS
ZERO = Fraction(0)

# Credit roles, in the order credits.csv, statements and credit lines use.
ROLE_ORDER = {"closer": 0, "marketing": 1, "overlay": 2, "manager": 3}


def D(s):
    return R.parse_date(s)


def bkey(s):
    return s.encode("utf-8")


# ----------------------------------------------------------------------------
# Windows and periods
# ----------------------------------------------------------------------------

def windows(kind, year):
    """The windows of a plan year: [(quotas.csv label, first month, last month)]."""
    if kind == "year":
        return [("%d" % year, 1, 12)]
    if kind == "half":
        return [("%d-H%d" % (year, h), 6 * h - 5, 6 * h) for h in (1, 2)]
    if kind == "quarter":
        return [("%d-Q%d" % (year, q), 3 * q - 2, 3 * q) for q in (1, 2, 3, 4)]
    if kind == "month":
        return [("%d-%02d" % (year, m), m, m) for m in range(1, 13)]
    raise ValueError("unknown window %r" % kind)


def period_months(period):
    """`--period` as (year, first month, last month)."""
    y = int(period[:4])
    rest = period[5:]
    if rest == "":
        return y, 1, 12
    if rest[0] == "Q":
        q = int(rest[1:])
        return y, 3 * q - 2, 3 * q
    if rest[0] == "H":
        h = int(rest[1:])
        return y, 6 * h - 5, 6 * h
    m = int(rest)
    return y, m, m


# ----------------------------------------------------------------------------
# The plan and its versions
# ----------------------------------------------------------------------------

class Version:
    """One plan file: a version of the plan in force from eff_from to eff_to."""


def limit_of(upto):
    """A tier's upto: None (last tier), ('pct', p) of the window quota, or ('amt', a)."""
    if upto is None:
        return None
    if upto.endswith("%"):
        return ("pct", Fraction(upto[:-1]) / 100)
    return ("amt", R.plan_number(upto))


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
    # <rollup role scope share>: scope defaults to direct, share to 100%.
    v.rollups = [(r.get("role"), r.get("scope", "direct"), R.plan_number(r.get("share", "100%")))
                 for r in credit.findall(NS + "rollup")]

    v.roles = {}        # role id -> [component], in plan order
    v.role_order = []
    for r in root.findall(NS + "role"):
        comps = []
        for c in r:
            tag = c.tag[len(NS):]
            if tag == "commission":
                cap = c.get("cap")
                comps.append({
                    "kind": "commission", "id": c.get("id"),
                    "mode": c.get("mode", "marginal"),
                    "window": c.get("window", "year"),
                    "cap": R.plan_number(cap) if cap is not None else None,
                    "tiers": [(limit_of(t.get("upto")), R.plan_number(t.get("rate")))
                              for t in c.findall(NS + "tier")]})
            elif tag == "spif":
                fr, to = c.get("from"), c.get("to")
                comps.append({
                    "kind": "spif", "id": c.get("id"),
                    "when": R.compile_when(c.get("when")),
                    "pay": R.plan_number(c.get("pay")),
                    "from": D(fr) if fr else datetime.date(v.year, 1, 1),
                    "to": D(to) if to else datetime.date(v.year, 12, 31)})
        v.roles[r.get("id")] = comps
        v.role_order.append(r.get("id"))
    return v


class Plan:
    """The versions, ordered by effective-from; they tile the plan year by months."""

    def __init__(self, paths):
        self.versions = sorted((load_version(p) for p in paths), key=lambda v: v.eff_from)
        first = self.versions[0]
        self.year, self.currency = first.year, first.currency
        self.scale, self.rounding = first.scale, first.rounding
        # Versions share roles and components (ids, kinds, order, window, mode):
        # the first version names them.
        self.roles = first.roles
        # month -> version in force (versions start on a 1st and end on a last day).
        self.of_month = [None] * 13
        for v in self.versions:
            for m in range(v.eff_from.month, v.eff_to.month + 1):
                self.of_month[m] = v

    def at(self, date):
        """The version in force on a date of the plan year."""
        return self.of_month[date.month]


def plan_paths(indir):
    """plans/*.xml (sorted by name) if the batch has plans/, else plan.xml."""
    pdir = os.path.join(indir, "plans")
    if os.path.isdir(pdir):
        return sorted(glob.glob(os.path.join(pdir, "*.xml")))
    return [os.path.join(indir, "plan.xml")]


# ----------------------------------------------------------------------------
# The batch
# ----------------------------------------------------------------------------

class Batch:
    def __init__(self, indir, plan):
        self.plan = plan
        _, roster = R.read_table(os.path.join(indir, "roster.csv"))
        self.roster = roster
        self.payee = {r["payee_id"]: r for r in roster}

        def optional(name):
            path = os.path.join(indir, name)
            return R.read_table(path)[1] if os.path.exists(path) else []

        # splits.csv: deal -> [(payee, share)] in file order
        self.splits = {}
        for r in optional("splits.csv"):
            self.splits.setdefault(r["deal_id"], []).append(
                (r["payee_id"], R.plan_number(r["share"])))
        self.territories = optional("territories.csv")
        self.quotas = {(r["payee_id"], r["window"]): R.dec(r["quota"])
                       for r in optional("quotas.csv")}
        # fx.csv: currency -> [(date, rate)]
        self.fx = {}
        for r in optional("fx.csv"):
            self.fx.setdefault(r["currency"], []).append((D(r["date"]), R.dec(r["rate"])))

        self.campaigns = {}
        self.touches = {}
        tpath = os.path.join(indir, "touches.csv")
        if os.path.exists(tpath):
            self.campaigns = {r["campaign_id"]: r["owner_id"]
                              for r in R.read_table(os.path.join(indir, "campaigns.csv"))[1]}
            for i, r in enumerate(R.read_table(tpath)[1]):
                self.touches.setdefault(r["deal_id"], []).append(
                    (r["campaign_id"], D(r["touch_date"]), r["stage"], i))

        # In-scope deals: close_date in the plan year.
        _, rows = R.read_table(os.path.join(indir, "deals.csv"))
        self.deals = []
        for r in rows:
            close = D(r["close_date"])
            if close.year != plan.year:
                continue
            self.deals.append({"id": r["deal_id"], "close": close, "row": r,
                               "closer": r["closer_id"], "amount": self.convert(r, close),
                               "lost": r.get("outcome", "") == "lost"})

    def convert(self, row, close):
        """The deal's amount in the plan currency: a foreign amount times the rate of the
        latest fx.csv row of its currency dated on or before the close date."""
        amount = R.dec(row["amount"])
        cur = row.get("currency", "")
        if cur == "" or cur == self.plan.currency:
            return amount
        rates = [(d, rate) for d, rate in self.fx.get(cur, []) if d <= close]
        if not rates:
            raise ValueError("deal %s: no fx.csv rate for %s on or before %s"
                             % (row["deal_id"], cur, close))
        return amount * max(rates)[1]

    def employed(self, pid, date):
        """Employment is the inclusive day range [start_date, end_date]; empty is open."""
        r = self.payee[pid]
        s, e = r.get("start_date", ""), r.get("end_date", "")
        return not (s and date < D(s)) and not (e and date > D(e))

    def manager(self, pid):
        return self.payee[pid].get("manager_id", "")

    def covers(self, t, deal):
        """A territory row covers a deal: its field cell equals value bytewise and
        from <= close_date <= to (empty: open)."""
        close = deal["close"]
        return (deal["row"][t["field"]] == t["value"]
                and (not t["from"] or D(t["from"]) <= close)
                and (not t["to"] or close <= D(t["to"])))

    # -- window quotas ---------------------------------------------------------

    def window_quota(self, pid, year, win):
        """quotas.csv's figure for (payee, window), used as given; else annual_quota x
        months/12, times days employed in the window / days in it when the payee has
        start_date or end_date (answer 4)."""
        label, m1, m2 = win
        if (pid, label) in self.quotas:
            return self.quotas[(pid, label)]
        r = self.payee[pid]
        aq = r.get("annual_quota", "")
        q = (R.dec(aq) if aq else ZERO) * Fraction(m2 - m1 + 1, 12)
        s, e = r.get("start_date", ""), r.get("end_date", "")
        if s or e:
            ws = datetime.date(year, m1, 1)
            we = datetime.date(year, m2, calendar.monthrange(year, m2)[1])
            a = max(ws, D(s)) if s else ws
            b = min(we, D(e)) if e else we
            employed = max(0, (b - a).days + 1)
            q *= Fraction(employed, (we - ws).days + 1)
        return q


# ----------------------------------------------------------------------------
# Crediting
# ----------------------------------------------------------------------------

def credit_deal(b, d):
    """The credit lines of one in-scope deal: [(role, campaign, payee, credit)], payee ''
    for nobody.  Zero credits are no lines."""
    if d["lost"]:
        return []   # a lost deal: no split is chosen, no credit
    v = b.plan.at(d["close"])          # the version in force on the close date
    split = None
    for s in v.splits:
        if R.holds(s["when"], d["row"]):   # `when` sees the cells as written
            split = s
            break
    if split is None:
        print("warning: deal %s: no split holds" % d["id"], file=sys.stderr)
        return []
    amt = d["amount"]                   # converted to the plan currency
    lines = []

    # closer: amount x share, divided among the deal's splits.csv rows if it has any
    if split["closer"] is not None:
        c = amt * split["closer"]
        if c != 0:
            team = b.splits.get(d["id"])
            if team:
                for pid, share in team:
                    lines.append(["closer", "", pid, c * share])
            else:
                lines.append(["closer", "", d["closer"], c])

    # marketing: as v1
    mk = split["marketing"]
    if mk is not None:
        M = amt * mk["share"]
        if M != 0:
            ts = [t for t in b.touches.get(d["id"], []) if t[1] <= d["close"]]
            ts.sort(key=lambda t: (t[1], t[3]))
            parts = R.attribute(mk, [(t[0], t[1], t[2]) for t in ts], d["close"])
            if parts is None:
                lines.append(["marketing", "", "", M])
            else:
                for cid, w in parts.items():
                    lines.append(["marketing", cid, b.campaigns[cid], M * w])

    # overlays: the covering payees of the role share amount x share equally; a payee
    # covering the deal through several territory rows counts once (answer 11)
    for role, share in split["overlays"]:
        cov = sorted({t["payee_id"] for t in b.territories
                      if b.payee[t["payee_id"]]["role"] == role and b.covers(t, d)
                      and b.employed(t["payee_id"], d["close"])}, key=bkey)
        for pid in cov:
            lines.append(["overlay", "", pid, amt * share / len(cov)])

    lines = [ln for ln in lines if ln[3] != 0]

    # employment: a line whose payee is not employed on the close date goes to nobody
    for ln in lines:
        if ln[2] and not b.employed(ln[2], d["close"]):
            print("warning: deal %s: %s credit of %s goes to nobody (not employed on %s)"
                  % (d["id"], ln[0], ln[2], d["close"]), file=sys.stderr)
            ln[2] = ""

    # roll-ups (of the version in force): every closer, marketing or overlay line to a
    # payee P (lines to nobody do not roll up: answer 2) credits P's manager (direct) or
    # every ancestor (subtree) whose role is the roll-up's and who is employed on the close
    # date; departed ones get nothing (answer 1), the subtree walk goes on past them.
    # A manager's roll-ups from one deal are one line (answer 9).
    mgr = {}
    for role, pid, credit in [(ln[0], ln[2], ln[3]) for ln in lines]:
        if not pid:
            continue
        for rrole, scope, share in v.rollups:
            up = b.manager(pid)
            while up:
                if b.payee[up]["role"] == rrole and b.employed(up, d["close"]):
                    mgr[up] = mgr.get(up, ZERO) + credit * share
                if scope == "direct":
                    break
                up = b.manager(up)
    for pid, c in mgr.items():
        if c != 0:
            lines.append(["manager", "", pid, c])

    # lines to nobody with the same role and campaign are one row (answer 8)
    out, nobody = [], {}
    for role, cid, pid, c in lines:
        if pid:
            out.append((role, cid, pid, c))
        else:
            nobody[(role, cid)] = nobody.get((role, cid), ZERO) + c
    out.extend((role, cid, "", c) for (role, cid), c in nobody.items())
    return out


def compute_credits(b):
    credits = []
    for d in b.deals:
        for role, cid, pid, c in credit_deal(b, d):
            credits.append({"deal": d, "role": role, "campaign": cid, "payee": pid, "credit": c})
    return credits


# ----------------------------------------------------------------------------
# Earning: E(m) for m = 0..12 of one component of one payee
# ----------------------------------------------------------------------------

def bounds(tiers, quota):
    """Tiers as (lower, upper or None, rate); % limits are of the window quota."""
    return R.tier_bounds(tiers, quota)


def marginal(bd, c0, c1):
    """What the credit from running total c0 to c1 earns in tiers bd."""
    e = ZERO
    for lo, hi, rate in bd:
        x = max(c0, lo)
        y = c1 if hi is None else min(c1, hi)
        if y > x:
            e += rate * (y - x)
    return e


def retro_rate(bd, total):
    """The rate of the first tier whose limit is >= total (the last tier if none)."""
    for lo, hi, rate in bd:
        if hi is not None and hi >= total:
            return rate
    return bd[-1][2]


def commission_E(b, pid, role, k, lines):
    """E(0..12) of commission k.  Each line earns under the version in force on its close
    date; the running total restarts with each window and carries across versions."""
    plan = b.plan
    kind = plan.roles[role][k]["window"]
    mode = plan.roles[role][k]["mode"]
    month_credit = [ZERO] * 13
    for ln in lines:
        month_credit[ln["deal"]["close"].month] += ln["credit"]

    def comp(m):
        return plan.of_month[m].roles[role][k]

    raw = [ZERO] * 13
    for label, m1, m2 in windows(kind, plan.year):
        quota = b.window_quota(pid, plan.year, (label, m1, m2))
        if mode == "marginal":
            # the walk telescopes: within a month (one version) the order of lines does
            # not change the sum, so walk month by month
            C, E = ZERO, ZERO
            for m in range(m1, m2 + 1):
                c = month_credit[m]
                E += marginal(bounds(comp(m)["tiers"], quota), C, C + c)
                C += c
                raw[m] += E
            for m in range(m2 + 1, 13):
                raw[m] += E          # a finished window keeps what it earned
        else:
            # retroactive (answer 7): through month m of the window, each month j <= m
            # earns credit_j x the rate of version j's tier (under version j's limits)
            # that the window's total W(m) reaches.
            for m in range(m1, m2 + 1):
                W = sum(month_credit[m1:m + 1], ZERO)
                raw[m] += sum((month_credit[j] * retro_rate(bounds(comp(j)["tiers"], quota), W)
                               for j in range(m1, m + 1)), ZERO)
            W = sum(month_credit[m1:m2 + 1], ZERO)
            done = sum((month_credit[j] * retro_rate(bounds(comp(j)["tiers"], quota), W)
                        for j in range(m1, m2 + 1)), ZERO)
            for m in range(m2 + 1, 13):
                raw[m] += done
    # cap: bounds the year-to-date E(m); the cap of the version in force in month m (answer 6)
    E = [ZERO] * 13
    for m in range(1, 13):
        cap = comp(m)["cap"]
        E[m] = raw[m] if cap is None else min(raw[m], cap)
    return E


def spif_E(b, role, k, lines):
    """E(0..12) of SPIF k: each distinct deal among the payee's credit lines counts under
    the SPIF (when, from, to, pay) of the version in force on its close date (answer 5)."""
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


# ----------------------------------------------------------------------------
# Run
# ----------------------------------------------------------------------------

def run(indir, period, outdir):
    plan = Plan(plan_paths(indir))
    py, first, last = period_months(period)
    assert py == plan.year, "period outside the plan year"
    b = Batch(indir, plan)
    credits = compute_credits(b)

    # credits.csv: deals closing in the period
    rows = [c for c in credits if first <= c["deal"]["close"].month <= last]
    rows.sort(key=lambda c: (bkey(c["deal"]["id"]), ROLE_ORDER[c["role"]],
                             bkey(c["campaign"]), bkey(c["payee"])))
    credit_out = [[c["deal"]["id"], c["deal"]["close"].isoformat(), c["role"], c["campaign"],
                   c["payee"], R.fmt_exact(c["credit"])] for c in rows]

    # each payee's credit lines, in order: close date, deal id, role, campaign
    by_payee = {}
    for c in credits:
        if c["payee"]:
            by_payee.setdefault(c["payee"], []).append(c)
    for ls in by_payee.values():
        ls.sort(key=lambda c: (c["deal"]["close"], bkey(c["deal"]["id"]),
                               ROLE_ORDER[c["role"]], bkey(c["campaign"])))

    payout_out = []
    for r in sorted(b.roster, key=lambda r: bkey(r["payee_id"])):
        pid, role = r["payee_id"], r["role"]
        if role not in plan.roles:
            print("warning: payee %s: role %s is not in the plan" % (pid, role), file=sys.stderr)
            continue
        lines = by_payee.get(pid, [])
        for k, comp in enumerate(plan.roles[role]):
            if comp["kind"] == "commission":
                E = commission_E(b, pid, role, k, lines)
            else:
                E = spif_E(b, role, k, lines)
            now = R.round_minor(E[last], plan.scale, plan.rounding)
            before = R.round_minor(E[first - 1], plan.scale, plan.rounding)
            payout_out.append([period, pid, role, comp["id"], R.fmt_minor(now - before, plan.scale)])

    os.makedirs(outdir, exist_ok=True)
    R.write_csv(os.path.join(outdir, "payouts.csv"),
                ["period", "payee_id", "role", "component_id", "amount"], payout_out)
    R.write_csv(os.path.join(outdir, "credits.csv"),
                ["deal_id", "close_date", "role", "campaign_id", "payee_id", "credit"], credit_out)


def main(argv=None):
    return R.main(argv, run, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
