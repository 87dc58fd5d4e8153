#!/usr/bin/env python3
"""truce_ref17.py - issue 17's data-driven attribution models, an independent reference.

    python3 tests/reference/truce_ref17.py --in DIR --period YYYY-MM --out DIR
    python3 tests/reference/truce_ref17.py --each ROOT

Written from issue 17's text alone, never from the C engine: truce_ref.py (the
contract's reference) with the models `markov` and `shapley` added.  Exact
(fractions.Fraction) and deliberately naive, so that it shares no shortcut with
the engine: the Markov removal effects solve the chain again, by Gauss-Jordan
elimination on fractions, with each campaign removed; the Shapley values sum the
definition over every subset of the other campaigns.  Meant for small batches
(gen_batch17.py: at most 7 campaigns).  Standard library only.
"""

import datetime
import itertools
import math
import os
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truce_ref as ref  # noqa: E402


def period_months(text):
    """'2026' / '2026-H1' / '2026-Q3' / '2026-05' -> (year, first month, last month)."""
    if len(text) == 4:
        return int(text), 1, 12
    year, rest = int(text[:4]), text[5:]
    if rest[0] == "H":
        h = int(rest[1])
        return year, 6 * h - 5, 6 * h
    if rest[0] == "Q":
        q = int(rest[1])
        return year, 3 * q - 2, 3 * q
    return year, int(rest), int(rest)


def journeys(indir, text):
    """[(campaign ids in order, won)] of the deals closing in period `text` with an eligible touch."""
    year, first, last = period_months(text)
    _, deal_rows = ref.read_table(os.path.join(indir, "deals.csv"))
    _, trows = ref.read_table(os.path.join(indir, "touches.csv"))
    by_deal = {}
    for i, t in enumerate(trows):
        by_deal.setdefault(t["deal_id"], []).append((ref.parse_date(t["touch_date"]), i, t["campaign_id"]))
    out = []
    for d in deal_rows:
        close = ref.parse_date(d["close_date"])
        if close.year != year or not first <= close.month <= last:
            continue
        ts = sorted(t for t in by_deal.get(d["deal_id"], []) if t[0] <= close)
        if ts:
            out.append(([t[2] for t in ts], d.get("outcome", "") != "lost"))
    return out


def solve(a, b):
    """x with a x = b (square, non-singular), by Gauss-Jordan on fractions."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for k in range(n):
        p = next(i for i in range(k, n) if m[i][k] != 0)
        m[k], m[p] = m[p], m[k]
        for i in range(n):
            if i != k and m[i][k] != 0:
                f = m[i][k] / m[k][k]
                m[i] = [x - f * y for x, y in zip(m[i], m[k])]
    return [m[i][n] / m[i][i] for i in range(n)]


def win_probability(js, removed):
    """Probability of absorption in won from start, transitions into `removed` sent to lost."""
    counts = {}
    for path, won in js:
        states = ["(start)"] + path + ["(won)" if won else "(lost)"]
        for x, y in zip(states, states[1:]):
            if y == removed:
                y = "(lost)"
            counts.setdefault(x, {})
            counts[x][y] = counts[x].get(y, 0) + 1
    transient = sorted(counts)  # every state with an out-transition: start and the campaigns
    idx = {s: i for i, s in enumerate(transient)}
    n = len(transient)
    a = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    b = [Fraction(0)] * n
    for x, row in counts.items():
        out = sum(row.values())
        for y, c in row.items():
            if y == "(won)":
                b[idx[x]] += Fraction(c, out)
            elif y in idx:
                a[idx[x]][idx[y]] -= Fraction(c, out)
    return solve(a, b)[idx["(start)"]]


def markov(js):
    camps = sorted({c for p, _ in js for c in p})
    p = win_probability(js, None)
    if p == 0:
        return {c: Fraction(0) for c in camps}
    return {c: 1 - win_probability(js, c) / p for c in camps}


def shapley(js):
    stats = {}
    for path, won in js:
        s = frozenset(path)
        w, t = stats.get(s, (0, 0))
        stats[s] = (w + won, t + 1)

    def v(s):
        w, t = stats.get(frozenset(s), (0, 0))
        return Fraction(w, t) if t else Fraction(0)

    camps = sorted({c for p, _ in js for c in p})
    n = len(camps)
    phi = {}
    for c in camps:
        others = [x for x in camps if x != c]
        total = Fraction(0)
        for k in range(len(others) + 1):
            wk = Fraction(math.factorial(k) * math.factorial(n - k - 1), math.factorial(n))
            for s in itertools.combinations(others, k):
                total += wk * (v(s + (c,)) - v(s))
        phi[c] = total
    return phi


_base_load_plan = ref.load_plan
_base_attribute = ref.attribute


def load_plan(path):
    """truce_ref's plan, each markov or shapley <marketing> carrying its fitted weights."""
    plan = _base_load_plan(path)
    root = ET.parse(path).getroot()
    xml_splits = root.find(ref.NS + "credit").findall(ref.NS + "split")
    for s, sp in zip(plan.splits, xml_splits):
        mk = sp.find(ref.NS + "marketing")
        if mk is not None and mk.get("model") in ("markov", "shapley"):
            js = journeys(os.path.dirname(path), mk.get("trained-on"))
            fit = markov if mk.get("model") == "markov" else shapley
            s["marketing"]["fitted"] = fit(js)
    return plan


def attribute(model, touches, close):
    """Markov and shapley: each distinct campaign by max(weight, 0), linear when all are 0."""
    if model["model"] not in ("markov", "shapley") or not touches:
        return _base_attribute(model, touches, close)
    weight = {c: max(model["fitted"].get(c, Fraction(0)), Fraction(0)) for c, _, _ in touches}
    total = sum(weight.values(), Fraction(0))
    if total == 0:
        return _base_attribute({"model": "linear"}, touches, close)
    return {c: w / total for c, w in weight.items() if w != 0}


ref.load_plan = load_plan
ref.attribute = attribute

if __name__ == "__main__":
    sys.exit(ref.main(description=__doc__.split("\n")[0]))
