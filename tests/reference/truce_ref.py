#!/usr/bin/env python3
"""truce_ref.py - an independent reference implementation of the Truce v1 contract.

    python3 tests/reference/truce_ref.py --in DIR --period YYYY-MM --out DIR
    python3 tests/reference/truce_ref.py --each ROOT   (every ROOT/NAME/ with a file
        `period` holding YYYY-MM, into ROOT/NAME.ref/; one process for many batches)

Written from CONTRACT.md alone (sections 1, 3 and 4), never from the C engine,
so that the two can be compared byte for byte.  Exact arithmetic throughout
(fractions.Fraction); rounding happens only in section 3.4.  It writes
payouts.csv and credits.csv (no statements).  Inputs are assumed valid: this
program does not validate, it computes.  Standard library only.
"""

import argparse
import datetime
import os
import re
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

NS = "{urn:truce:plan:1}"

# ISO 4217 minor units (active codes; anything not listed has 2).
MINOR_UNITS = {
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
    "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0,
    "XAF": 0, "XOF": 0, "XPF": 0,
    "CLF": 4, "UYW": 4,
}

AMOUNT_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")


# ----------------------------------------------------------------------------
# CSV (RFC 4180, section 1)
# ----------------------------------------------------------------------------

def read_csv(path):
    """Return (header, rows); each row a list of strings.  Empty lines skipped."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    records = []
    i, n = 0, len(text)
    while i < n:
        # one record
        fields = []
        if text[i] == "\n" or text.startswith("\r\n", i) or text[i] == "\r":
            # empty line
            i += 2 if text.startswith("\r\n", i) else 1
            continue
        while True:
            if i < n and text[i] == '"':
                i += 1
                buf = []
                while True:
                    j = text.index('"', i)
                    buf.append(text[i:j])
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        i = j + 2
                    else:
                        i = j + 1
                        break
                fields.append("".join(buf))
            else:
                j = i
                while j < n and text[j] not in ",\r\n":
                    j += 1
                fields.append(text[i:j])
                i = j
            if i < n and text[i] == ",":
                i += 1
                continue
            # end of record
            if text.startswith("\r\n", i):
                i += 2
            elif i < n:
                i += 1
            break
        records.append(fields)
    header = records[0]
    return header, records[1:]


def read_table(path):
    header, rows = read_csv(path)
    return header, [dict(zip(header, r)) for r in rows]


def write_csv(path, header, rows):
    def q(field):
        if "," in field or '"' in field:
            return '"' + field.replace('"', '""') + '"'
        return field
    with open(path, "wb") as f:
        for r in [header] + rows:
            f.write((",".join(q(x) for x in r) + "\n").encode("utf-8"))


# ----------------------------------------------------------------------------
# Numbers
# ----------------------------------------------------------------------------

def dec(s):
    """An amount / decimal, exactly."""
    return Fraction(s)  # Fraction('-12.50') is exact


def plan_number(s):
    """Decimal, percentage (30% = 3/10) or fraction (1/3)."""
    if s.endswith("%"):
        return Fraction(s[:-1]) / 100
    if "/" in s:
        a, b = s.split("/")
        return Fraction(int(a), int(b))
    return Fraction(s)


def round_minor(x, scale, mode):
    """Round Fraction x to `scale` decimals; returns an integer count of minor units."""
    n = x * (10 ** scale)
    sign = -1 if n < 0 else 1
    a = abs(n)
    fl = a.numerator // a.denominator
    frac = a - fl
    if mode == "down":
        q = fl
    elif mode == "up":
        q = fl + (1 if frac > 0 else 0)
    elif mode == "half-up":
        q = fl + (1 if frac >= Fraction(1, 2) else 0)
    elif mode == "half-even":
        if frac > Fraction(1, 2):
            q = fl + 1
        elif frac == Fraction(1, 2):
            q = fl + (fl % 2)
        else:
            q = fl
    else:
        raise ValueError("unknown rounding mode %r" % mode)
    return sign * q


def fmt_minor(units, scale):
    sign = "-" if units < 0 else ""
    a = abs(units)
    if scale == 0:
        return sign + str(a)
    s = str(a).rjust(scale + 1, "0")
    return sign + s[:-scale] + "." + s[-scale:]


def fmt_exact(x):
    """Integer; else terminating decimal without trailing zeros; else num/den."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    num, den = x.numerator, x.denominator
    if den == 1:
        return sign + str(num)
    d, twos, fives = den, 0, 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return sign + "%d/%d" % (num, den)
    k = max(twos, fives)
    scaled = num * (10 ** k) // den
    s = str(scaled).rjust(k + 1, "0")
    s = s[:-k] + "." + s[-k:]
    s = s.rstrip("0").rstrip(".")
    return sign + s


def parse_date(s):
    y, m, d = s.split("-")
    return datetime.date(int(y), int(m), int(d))


# ----------------------------------------------------------------------------
# `when` expressions (section 3.5)
# ----------------------------------------------------------------------------

TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<percent>[0-9]+(?:\.[0-9]+)?%)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<string>'[^']*')
  | (?P<name>[a-z_][a-z0-9_]*)
  | (?P<op><=|>=|!=|=|<|>|\+|-|\*|/|\(|\)|,)
""", re.VERBOSE)

KEYWORDS = {"and", "or", "not", "in"}


def tokenize(src):
    toks = []
    i = 0
    while i < len(src):
        m = TOKEN_RE.match(src, i)
        if not m:
            raise ValueError("bad token in when %r at %d" % (src, i))
        i = m.end()
        kind = m.lastgroup
        v = m.group(kind)
        if kind == "ws":
            continue
        if kind == "name" and v in KEYWORDS:
            kind = "kw"
        toks.append((kind, v))
    toks.append(("end", None))
    return toks


class Parser:
    """Builds an AST of tuples:
       ('or', a, b) ('and', a, b) ('not', a)
       ('cmp', op, l, r) ('in', e, [literals], is_text)
       ('bin', op, l, r) ('neg', e) ('num', Fraction) ('str', text) ('col', name)
    """

    def __init__(self, src):
        self.toks = tokenize(src)
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def take(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, kind, v=None):
        t = self.take()
        if t[0] != kind or (v is not None and t[1] != v):
            raise ValueError("expected %s %s, got %r" % (kind, v, t))
        return t

    def parse(self):
        e = self.p_or()
        self.expect("end")
        return e

    def p_or(self):
        e = self.p_and()
        while self.peek() == ("kw", "or"):
            self.take()
            e = ("or", e, self.p_and())
        return e

    def p_and(self):
        e = self.p_not()
        while self.peek() == ("kw", "and"):
            self.take()
            e = ("and", e, self.p_not())
        return e

    def p_not(self):
        if self.peek() == ("kw", "not"):
            self.take()
            return ("not", self.p_not())
        return self.p_cmp()

    def p_cmp(self):
        left = self.p_sum()
        t = self.peek()
        if t[0] == "op" and t[1] in ("=", "!=", "<", "<=", ">", ">="):
            self.take()
            right = self.p_sum()
            return ("cmp", t[1], left, right)
        if t == ("kw", "in"):
            self.take()
            self.expect("op", "(")
            lits = [self.p_literal()]
            while self.peek() == ("op", ","):
                self.take()
                lits.append(self.p_literal())
            self.expect("op", ")")
            is_text = lits[0][0] == "str"
            return ("in", left, lits, is_text)
        return left

    def p_literal(self):
        kind, v = self.take()
        if kind == "number":
            return ("num", Fraction(v))
        if kind == "percent":
            return ("num", Fraction(v[:-1]) / 100)
        if kind == "string":
            return ("str", v[1:-1])
        raise ValueError("expected a literal, got %r" % v)

    def p_sum(self):
        e = self.p_term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            e = ("bin", op, e, self.p_term())
        return e

    def p_term(self):
        e = self.p_unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            e = ("bin", op, e, self.p_unary())
        return e

    def p_unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.p_unary())
        return self.p_atom()

    def p_atom(self):
        kind, v = self.peek()
        if kind in ("number", "percent", "string"):
            return self.p_literal()
        if kind == "name":
            self.take()
            return ("col", v)
        if (kind, v) == ("op", "("):
            self.take()
            e = self.p_or()
            self.expect("op", ")")
            return e
        raise ValueError("unexpected %r" % v)


class EvalError(Exception):
    pass


def compile_when(src):
    if src is None:
        return None
    return Parser(src).parse()


def ev_num(e, deal):
    k = e[0]
    if k == "num":
        return e[1]
    if k == "col":
        raw = deal[e[1]]
        if not AMOUNT_RE.match(raw):
            raise EvalError("column %s of deal %s is text: %r" % (e[1], deal["deal_id"], raw))
        return Fraction(raw)
    if k == "neg":
        return -ev_num(e[1], deal)
    if k == "bin":
        a = ev_num(e[2], deal)
        b = ev_num(e[3], deal)
        op = e[1]
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            raise EvalError("division by zero in deal %s" % deal["deal_id"])
        return a / b
    raise EvalError("not a number: %r" % (e,))


def ev_text(e, deal):
    if e[0] == "str":
        return e[1].encode("utf-8")
    if e[0] == "col":
        return deal[e[1]].encode("utf-8")
    raise EvalError("not text: %r" % (e,))


def compare(op, a, b):
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b,
            ">": a > b, ">=": a >= b}[op]


def ev_bool(e, deal):
    k = e[0]
    if k == "or":
        return ev_bool(e[1], deal) or ev_bool(e[2], deal)
    if k == "and":
        return ev_bool(e[1], deal) and ev_bool(e[2], deal)
    if k == "not":
        return not ev_bool(e[1], deal)
    if k == "cmp":
        op, l, r = e[1], e[2], e[3]
        if l[0] == "str" or r[0] == "str":
            return compare(op, ev_text(l, deal), ev_text(r, deal))
        return compare(op, ev_num(l, deal), ev_num(r, deal))
    if k == "in":
        if e[3]:
            v = ev_text(e[1], deal)
            return any(v == lit[1].encode("utf-8") for lit in e[2])
        v = ev_num(e[1], deal)
        return any(v == lit[1] for lit in e[2])
    raise EvalError("not a condition: %r" % (e,))


def holds(cond, deal):
    return True if cond is None else ev_bool(cond, deal)


# ----------------------------------------------------------------------------
# The plan (section 3)
# ----------------------------------------------------------------------------

POSITION_MODELS = {
    "first-touch": {"first": Fraction(1)},
    "last-touch": {"last": Fraction(1)},
    "lead-creation": {"lead": Fraction(1)},
    "u-shaped": {"first": Fraction(40, 100), "last": Fraction(40, 100), "middle": Fraction(20, 100)},
    "w-shaped": {"first": Fraction(30, 100), "lead": Fraction(30, 100),
                 "opportunity": Fraction(30, 100), "middle": Fraction(10, 100)},
    "full-path": {"first": Fraction(225, 1000), "lead": Fraction(225, 1000),
                  "opportunity": Fraction(225, 1000), "last": Fraction(225, 1000),
                  "middle": Fraction(10, 100)},
    "j-shaped": {"first": Fraction(20, 100), "last": Fraction(60, 100), "middle": Fraction(20, 100)},
    "inverse-j": {"first": Fraction(60, 100), "last": Fraction(20, 100), "middle": Fraction(20, 100)},
}


class Plan:
    pass


def load_plan(path):
    root = ET.parse(path).getroot()
    p = Plan()
    p.year = int(root.get("year"))
    p.currency = root.get("currency")
    p.scale = MINOR_UNITS.get(p.currency, 2)
    p.rounding = root.get("rounding", "half-up")
    p.splits = []
    credit = root.find(NS + "credit")
    for sp in credit.findall(NS + "split"):
        s = {"when": compile_when(sp.get("when")), "closer": None, "marketing": None}
        c = sp.find(NS + "closer")
        if c is not None:
            s["closer"] = plan_number(c.get("share"))
        mk = sp.find(NS + "marketing")
        if mk is not None:
            model = mk.get("model")
            m = {"share": plan_number(mk.get("share")), "model": model,
                 "half_life": int(mk.get("half-life", "7"))}
            if model == "custom":
                m["weights"] = {w.get("at"): plan_number(w.get("value"))
                                for w in mk.findall(NS + "weight")}
            elif model in POSITION_MODELS:
                m["weights"] = POSITION_MODELS[model]
            s["marketing"] = m
        p.splits.append(s)
    p.roles = {}
    for r in root.findall(NS + "role"):
        comps = []
        for c in r:
            tag = c.tag[len(NS):]
            if tag == "commission":
                tiers = []
                for t in c.findall(NS + "tier"):
                    upto = t.get("upto")
                    if upto is None:
                        lim = None
                    elif upto.endswith("%"):
                        lim = ("pct", Fraction(upto[:-1]) / 100)
                    else:
                        lim = ("amt", plan_number(upto))
                    tiers.append((lim, plan_number(t.get("rate"))))
                cap = c.get("cap")
                comps.append({"kind": "commission", "id": c.get("id"),
                              "mode": c.get("mode", "marginal"),
                              "cap": plan_number(cap) if cap is not None else None,
                              "tiers": tiers})
            elif tag == "spif":
                fr = c.get("from")
                to = c.get("to")
                comps.append({"kind": "spif", "id": c.get("id"),
                              "when": compile_when(c.get("when")),
                              "pay": plan_number(c.get("pay")),
                              "from": parse_date(fr) if fr else datetime.date(p.year, 1, 1),
                              "to": parse_date(to) if to else datetime.date(p.year, 12, 31)})
        p.roles[r.get("id")] = comps
    return p


# ----------------------------------------------------------------------------
# Credit and attribution (3.1, 3.2)
# ----------------------------------------------------------------------------

def attribute(model, touches, close):
    """touches: eligible, ordered list of (campaign_id, date, stage).
    Returns {campaign_id: weight} with weights summing to 1, or None (unattributed)."""
    n = len(touches)
    if n == 0:
        return None
    w = [Fraction(0)] * n
    name = model["model"]
    if name == "linear":
        w = [Fraction(1, n)] * n
    elif name == "time-decay":
        h = model["half_life"]
        w = [Fraction(1, 2 ** ((close - d).days // h)) for (_, d, _) in touches]
    else:
        weights = model["weights"]
        pos = {"first": 0, "last": n - 1}
        for st in ("lead", "opportunity"):
            for i, t in enumerate(touches):
                if t[2] == st:
                    pos[st] = i
                    break
        milestones = set()
        for p in ("first", "lead", "opportunity", "last"):
            wt = weights.get(p, Fraction(0))
            if wt != 0 and p in pos:
                w[pos[p]] += wt
                milestones.add(pos[p])
        mw = weights.get("middle", Fraction(0))
        if mw != 0 and milestones:
            lo, hi = min(milestones), max(milestones)
            mids = [i for i in range(lo + 1, hi) if i not in milestones]
            for i in mids:
                w[i] += mw / len(mids)
    total = sum(w, Fraction(0))
    if total == 0:
        return None
    parts = {}
    for (cid, _, _), wi in zip(touches, w):
        parts[cid] = parts.get(cid, Fraction(0)) + wi / total
    return parts


def compute_credits(plan, deals, touches_by_deal, campaigns):
    """Returns a list of credit dicts: deal, close, role, campaign, payee, credit (non-zero)."""
    out = []
    for d in deals:
        split = None
        for s in plan.splits:
            if holds(s["when"], d["row"]):
                split = s
                break
        if split is None:
            print("warning: deal %s: no split holds" % d["id"], file=sys.stderr)
            continue
        if split["closer"] is not None:
            c = d["amount"] * split["closer"]
            if c != 0:
                out.append({"deal": d, "role": "closer", "campaign": "",
                            "payee": d["closer"], "credit": c})
        mk = split["marketing"]
        if mk is not None:
            M = d["amount"] * mk["share"]
            if M != 0:
                ts = [t for t in touches_by_deal.get(d["id"], []) if t[1] <= d["close"]]
                ts.sort(key=lambda t: (t[1], t[3]))  # date, then row order
                parts = attribute(mk, [(t[0], t[1], t[2]) for t in ts], d["close"])
                if parts is None:
                    out.append({"deal": d, "role": "marketing", "campaign": "",
                                "payee": "", "credit": M})
                else:
                    for cid, wt in parts.items():
                        c = M * wt
                        if c != 0:
                            out.append({"deal": d, "role": "marketing", "campaign": cid,
                                        "payee": campaigns[cid], "credit": c})
    return out


# ----------------------------------------------------------------------------
# Earnings (3.3) and payouts (3.4)
# ----------------------------------------------------------------------------

def tier_bounds(tiers, quota):
    """Tiers as (lower, upper or None, rate); % limits are of the quota."""
    bounds, lower = [], Fraction(0)
    for lim, rate in tiers:
        if lim is None:
            upper = None
        elif lim[0] == "pct":
            upper = lim[1] * quota
        else:
            upper = lim[1]
        bounds.append((lower, upper, rate))
        if upper is not None:
            lower = upper
    return bounds


def commission_earnings(comp, quota, lines):
    """lines: the payee's credit lines up to some month, in order."""
    bounds = tier_bounds(comp["tiers"], quota)
    if comp["mode"] == "marginal":
        C = Fraction(0)
        E = Fraction(0)
        for ln in lines:
            c = ln["credit"]
            a, b = C, C + c
            for lo, hi, rate in bounds:
                x = max(a, lo)
                y = b if hi is None else min(b, hi)
                if y > x:
                    E += rate * (y - x)
            C += c
    else:
        C = sum((ln["credit"] for ln in lines), Fraction(0))
        rate = bounds[-1][2]
        for lo, hi, r in bounds:
            if hi is not None and hi >= C:
                rate = r
                break
        E = C * rate
    if comp["cap"] is not None:
        E = min(E, comp["cap"])
    return E


def spif_earnings(comp, lines):
    seen = set()
    for ln in lines:
        d = ln["deal"]
        if d["id"] in seen:
            continue
        if comp["from"] <= d["close"] <= comp["to"] and holds(comp["when"], d["row"]):
            seen.add(d["id"])
    return comp["pay"] * len(seen)


def earnings(comp, quota, lines):
    if comp["kind"] == "commission":
        return commission_earnings(comp, quota, lines)
    return spif_earnings(comp, lines)


def bkey(s):
    return s.encode("utf-8")


def main(argv=None, run_batch=None, description=None):
    """The command line of a reference: run_batch(indir, period, outdir), this file's run by default."""
    run_batch = run_batch or run
    ap = argparse.ArgumentParser(description=description or __doc__.split("\n")[0])
    ap.add_argument("--in", dest="indir")
    ap.add_argument("--period")
    ap.add_argument("--out")
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
            try:
                run_batch(d, period, d.rstrip("/") + ".ref")
            except Exception as e:  # report and go on with the next batch
                print("%s: reference failed: %s: %s" % (d, type(e).__name__, e), file=sys.stderr)
                status = 1
        return status
    if not (a.indir and a.period and a.out):
        ap.error("--in, --period and --out are required (or --each ROOT)")
    run_batch(a.indir, a.period, a.out)
    return 0


def run(indir, period, outdir):
    """Compute one batch: write outdir/payouts.csv and outdir/credits.csv."""
    a = argparse.Namespace(indir=indir, period=period, out=outdir)
    plan = load_plan(os.path.join(a.indir, "plan.xml"))
    py, pm = (int(x) for x in a.period.split("-"))
    assert py == plan.year, "period outside the plan year"

    _, roster = read_table(os.path.join(a.indir, "roster.csv"))
    _, deal_rows = read_table(os.path.join(a.indir, "deals.csv"))
    campaigns = {}
    touches_by_deal = {}
    tpath = os.path.join(a.indir, "touches.csv")
    if os.path.exists(tpath):
        _, crow = read_table(os.path.join(a.indir, "campaigns.csv"))
        campaigns = {r["campaign_id"]: r["owner_id"] for r in crow}
        _, trows = read_table(tpath)
        for i, r in enumerate(trows):
            touches_by_deal.setdefault(r["deal_id"], []).append(
                (r["campaign_id"], parse_date(r["touch_date"]), r["stage"], i))

    deals = []
    for r in deal_rows:
        close = parse_date(r["close_date"])
        if close.year != plan.year:
            continue
        deals.append({"id": r["deal_id"], "close": close, "amount": dec(r["amount"]),
                      "closer": r["closer_id"], "row": r})

    credits = compute_credits(plan, deals, touches_by_deal, campaigns)

    # credits.csv: deals closed in the period
    month_rows = [c for c in credits
                  if c["deal"]["close"].year == py and c["deal"]["close"].month == pm]
    month_rows.sort(key=lambda c: (bkey(c["deal"]["id"]), 0 if c["role"] == "closer" else 1,
                                   bkey(c["campaign"]), bkey(c["payee"])))
    credit_out = [[c["deal"]["id"], c["deal"]["close"].isoformat(), c["role"], c["campaign"],
                   c["payee"], fmt_exact(c["credit"])] for c in month_rows]

    # credit lines per payee, in contract order
    lines_by_payee = {}
    for c in credits:
        if c["payee"]:
            lines_by_payee.setdefault(c["payee"], []).append(c)
    for ls in lines_by_payee.values():
        ls.sort(key=lambda c: (c["deal"]["close"], bkey(c["deal"]["id"]),
                               0 if c["role"] == "closer" else 1, bkey(c["campaign"])))

    payout_out = []
    for r in sorted(roster, key=lambda r: bkey(r["payee_id"])):
        role = r["role"]
        if role not in plan.roles:
            print("warning: payee %s: role %s is not in the plan" % (r["payee_id"], role),
                  file=sys.stderr)
            continue
        q = r.get("annual_quota", "")
        quota = dec(q) if q != "" else Fraction(0)
        lines = lines_by_payee.get(r["payee_id"], [])
        upto_m = [ln for ln in lines if ln["deal"]["close"].month <= pm]
        upto_prev = [ln for ln in lines if ln["deal"]["close"].month < pm]
        for comp in plan.roles[role]:
            now = round_minor(earnings(comp, quota, upto_m), plan.scale, plan.rounding)
            before = round_minor(earnings(comp, quota, upto_prev), plan.scale, plan.rounding)
            payout_out.append([a.period, r["payee_id"], role, comp["id"],
                               fmt_minor(now - before, plan.scale)])

    os.makedirs(a.out, exist_ok=True)
    write_csv(os.path.join(a.out, "payouts.csv"),
              ["period", "payee_id", "role", "component_id", "amount"], payout_out)
    write_csv(os.path.join(a.out, "credits.csv"),
              ["deal_id", "close_date", "role", "campaign_id", "payee_id", "credit"], credit_out)


if __name__ == "__main__":
    sys.exit(main())
