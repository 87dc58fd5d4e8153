#!/usr/bin/env python3
"""props.py - helpers and checkers for the property tests (tests/e2e/t_properties.sh).

    props.py shuffle SRC DST SEED           copy batch SRC to DST with the data rows of
                                            deals.csv, roster.csv and campaigns.csv shuffled
    props.py marginal SRC DST               copy SRC to DST, every commission made marginal
    props.py adddeal SRC DST SEED PERIOD    copy SRC to DST plus one deal: a copy of an in-scope
                                            deal (and its touches, moved with it) with a new id,
                                            closing on or before the end of PERIOD
    props.py conserve BATCH OUT PERIOD      credits.csv conserves every deal's credit
    props.py cumul BATCH PREFIX             PREFIX-01 .. PREFIX-12 are the runs of every month:
                                            the payouts add up to round(E(12))
    props.py monotone BEFORE AFTER P        BEFORE-01..P and AFTER-01..P: no cumulative payout
                                            went down; prints how many went up

Every check prints one line per problem on stdout and exits 1 if there was one.

The checks read the batch through the reference implementation's parsing helpers
(tests/reference/truce_ref.py: CSV, plan, `when` evaluation), and truce's outputs only
through the CSV contract (CONTRACT.md section 4).  The arithmetic of the checks is their
own: year-to-date earnings are computed here from the total credit (the integral of the
tier rates), not by the reference's line-by-line walk, and rounding is re-implemented.
Standard library only.
"""

import contextlib
import csv
import datetime
import io
import os
import random
import re
import shutil
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import truce_ref as ref  # noqa: E402  (parsing helpers only, see above)

PROBLEMS = []

# Minor units of the currencies the generator uses (ISO 4217).
MINOR = {"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0, "KWD": 3, "BHD": 3}


def fmt(x):
    return ref.fmt_exact(Fraction(x))


def problem(msg):
    PROBLEMS.append(msg)
    print(msg)


def finish():
    return 1 if PROBLEMS else 0


# ---------------------------------------------------------------------------
# Raw CSV records: shuffling must keep every byte of every record.
# ---------------------------------------------------------------------------

def raw_records(data):
    """Splits CSV bytes into records, each exactly as written (its line end excluded).
    A record ends at an unquoted LF, CRLF or lone CR; quoted fields may hold all three.
    Returns (records, eol) where eol is the line end of the first record."""
    recs, start, i, n, quoted, eol = [], 0, 0, len(data), False, None
    while i < n:
        c = data[i:i + 1]
        if c == b'"':
            quoted = not quoted  # "" inside a quoted field toggles twice
            i += 1
        elif not quoted and c in (b"\n", b"\r"):
            end = i
            i += 2 if data[i:i + 2] == b"\r\n" else 1
            if eol is None:
                eol = data[end:i]
            recs.append(data[start:end])
            start = i
        else:
            i += 1
    if start < n:
        recs.append(data[start:])
    return [r for r in recs if r != b""], eol or b"\n"


def shuffle_file(path, rnd):
    with open(path, "rb") as f:
        data = f.read()
    recs, eol = raw_records(data)
    head, rows = recs[0], recs[1:]
    order = list(range(len(rows)))
    if len(rows) > 1:
        while order == sorted(order):
            rnd.shuffle(order)
    with open(path, "wb") as f:
        f.write(eol.join([head] + [rows[k] for k in order]) + eol)


def copy_batch(src, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    os.makedirs(dst)
    for name in os.listdir(src):
        p = os.path.join(src, name)
        if os.path.isfile(p):
            shutil.copyfile(p, os.path.join(dst, name))


def cmd_shuffle(src, dst, seed):
    copy_batch(src, dst)
    rnd = random.Random(int(seed))
    for name in ("deals.csv", "roster.csv", "campaigns.csv"):
        p = os.path.join(dst, name)
        if os.path.exists(p):
            shuffle_file(p, rnd)
    return 0


def cmd_marginal(src, dst):
    copy_batch(src, dst)
    p = os.path.join(dst, "plan.xml")
    with open(p, encoding="utf-8") as f:
        x = f.read()
    x = x.replace('mode="retroactive"', 'mode="marginal"')
    with open(p, "w", encoding="utf-8", newline="\n") as f:
        f.write(x)
    return 0


def csv_line(fields):
    def q(s):
        if any(c in s for c in ',"\r\n'):
            return '"' + s.replace('"', '""') + '"'
        return s
    return ",".join(q(s) for s in fields)


def append_row(path, fields):
    with open(path, "rb") as f:
        data = f.read()
    _, eol = raw_records(data)
    if data and not data.endswith((b"\n", b"\r")):
        data += eol
    data += csv_line(fields).encode("utf-8") + eol
    with open(path, "wb") as f:
        f.write(data)


def cmd_adddeal(src, dst, seed, period):
    copy_batch(src, dst)
    rnd = random.Random(int(seed))
    plan = ref.load_plan(os.path.join(dst, "plan.xml"))
    py, pm = (int(x) for x in period.split("-"))
    header, rows = ref.read_csv(os.path.join(dst, "deals.csv"))
    col = {h: i for i, h in enumerate(header)}
    scope = [r for r in rows if ref.parse_date(r[col["close_date"]]).year == plan.year]
    # Prefer a deal that credits someone the plan pays (so that the test can see a rise):
    # the reference says whom each deal credits.
    paid = payees_in_plan(dst, plan)
    useful = set(c["deal"]["id"] for c in reference_credits(dst, plan) if c["payee"] in paid)
    model = rnd.choice([r for r in scope if r[col["deal_id"]] in useful] or scope)
    new = list(model)
    ids = {r[col["deal_id"]] for r in rows}
    new_id = "NEW-%s" % seed
    while new_id in ids:
        new_id += "x"
    new[col["deal_id"]] = new_id
    first = datetime.date(py, 1, 1)
    last = (datetime.date(py, pm + 1, 1) if pm < 12 else datetime.date(py + 1, 1, 1)) \
        - datetime.timedelta(days=1)
    new[col["close_date"]] = (first + datetime.timedelta(
        days=rnd.randint(0, (last - first).days))).isoformat()
    append_row(os.path.join(dst, "deals.csv"), new)
    tpath = os.path.join(dst, "touches.csv")
    if os.path.exists(tpath):
        th, trows = ref.read_csv(tpath)
        tc = {h: i for i, h in enumerate(th)}
        # Its touches move with its close date, so that the same ones are eligible.
        shift = ref.parse_date(new[col["close_date"]]) - ref.parse_date(model[col["close_date"]])
        for t in trows:
            if t[tc["deal_id"]] == model[col["deal_id"]]:
                t = list(t)
                t[tc["deal_id"]] = new_id
                t[tc["touch_date"]] = (ref.parse_date(t[tc["touch_date"]]) + shift).isoformat()
                append_row(tpath, t)
    print("added %s (copy of %s, amount %s, closing %s)"
          % (new_id, model[col["deal_id"]], new[col["amount"]], new[col["close_date"]]))
    return 0


# ---------------------------------------------------------------------------
# Reading truce's outputs (CONTRACT.md section 4 only)
# ---------------------------------------------------------------------------

def read_out_csv(path, header):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != header:
        problem("%s: header is %r, expected %r" % (path, rows[0] if rows else None, header))
        return []
    return [dict(zip(header, r)) for r in rows[1:]]


CREDITS_H = ["deal_id", "close_date", "role", "campaign_id", "payee_id", "credit"]
PAYOUTS_H = ["period", "payee_id", "role", "component_id", "amount"]
CREDIT_RE = re.compile(r"-?[0-9]+(\.[0-9]*[1-9])?\Z|-?[0-9]+/[0-9]+\Z")


def credit_value(s, where):
    if not CREDIT_RE.match(s):
        problem("%s: credit %r is not an integer, a decimal or a fraction" % (where, s))
        return Fraction(0)
    return Fraction(s)


def payouts(out):
    """{(payee, component): amount as a Fraction} of OUT/payouts.csv."""
    res = {}
    for r in read_out_csv(os.path.join(out, "payouts.csv"), PAYOUTS_H):
        res[(r["payee_id"], r["component_id"])] = Fraction(r["amount"])
    return res


# ---------------------------------------------------------------------------
# Conservation
# ---------------------------------------------------------------------------

def load_batch(bdir):
    plan = ref.load_plan(os.path.join(bdir, "plan.xml"))
    _, deals = ref.read_table(os.path.join(bdir, "deals.csv"))
    return plan, deals


def split_of(plan, row):
    for s in plan.splits:
        if ref.holds(s["when"], row):
            return s
    return None


def cmd_conserve(bdir, out, period):
    plan, deals = load_batch(bdir)
    py, pm = (int(x) for x in period.split("-"))
    by_id = {d["deal_id"]: d for d in deals}
    got = {}
    for i, r in enumerate(read_out_csv(os.path.join(out, "credits.csv"), CREDITS_H)):
        where = "%s/credits.csv:%d" % (out, i + 2)
        d = by_id.get(r["deal_id"])
        if d is None:
            problem("%s: deal %s is not in deals.csv" % (where, r["deal_id"]))
            continue
        if r["close_date"] != d["close_date"]:
            problem("%s: close_date %s, deals.csv says %s" % (where, r["close_date"], d["close_date"]))
        if r["role"] not in ("closer", "marketing"):
            problem("%s: role %r" % (where, r["role"]))
            continue
        c = credit_value(r["credit"], where)
        if c == 0:
            problem("%s: a zero credit has a row" % where)
        g = got.setdefault(r["deal_id"], {"closer": Fraction(0), "marketing": Fraction(0)})
        g[r["role"]] += c
    checked = 0
    for d in deals:
        close = ref.parse_date(d["close_date"])
        in_month = close.year == plan.year and close.year == py and close.month == pm
        g = got.get(d["deal_id"], {"closer": Fraction(0), "marketing": Fraction(0)})
        if not in_month:
            if d["deal_id"] in got:
                problem("deal %s closes %s, outside %s, yet has credits" % (d["deal_id"], d["close_date"], period))
            continue
        s = split_of(plan, d)
        amount = Fraction(d["amount"])
        cs = s["closer"] if s and s["closer"] is not None else Fraction(0)
        ms = s["marketing"]["share"] if s and s["marketing"] is not None else Fraction(0)
        total = g["closer"] + g["marketing"]
        if total != amount * (cs + ms):
            problem("deal %s: credits sum to %s, expected %s x (%s + %s) = %s"
                    % (d["deal_id"], fmt(total), fmt(amount), fmt(cs), fmt(ms), fmt(amount * (cs + ms))))
        if g["marketing"] != amount * ms:
            problem("deal %s: marketing credits sum to %s, expected %s x %s = %s"
                    % (d["deal_id"], fmt(g["marketing"]), fmt(amount), fmt(ms), fmt(amount * ms)))
        checked += 1
    print("conservation: %d deals of %s checked" % (checked, period))
    return finish()


# ---------------------------------------------------------------------------
# Year-to-date earnings, computed here from the total credit
# ---------------------------------------------------------------------------

def round_units(x, scale, mode):
    """x rounded to `scale` decimals, as an integer count of minor units."""
    y = x * 10 ** scale
    neg = y < 0
    a = -y if neg else y
    whole = a.numerator // a.denominator
    rest = a - whole
    if mode == "down":
        up = False
    elif mode == "up":
        up = rest != 0
    elif mode == "half-even":
        up = rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1)
    else:  # half-up, the default: ties away from zero
        up = rest >= Fraction(1, 2)
    q = whole + (1 if up else 0)
    return -q if neg else q


def tier_bounds(comp, quota):
    lower, out = Fraction(0), []
    for lim, rate in comp["tiers"]:
        if lim is None:
            upper = None
        elif lim[0] == "pct":
            upper = lim[1] * quota
        else:
            upper = lim[1]
        out.append((lower, upper, rate))
        if upper is not None:
            lower = upper
    return out


def commission_E(comp, quota, total):
    """E from the year-to-date credit alone: the integral of the tier rates from 0
    (marginal; non-negative credits), or total x the rate of its tier (retroactive)."""
    bounds = tier_bounds(comp, quota)
    if comp["mode"] == "retroactive":
        rate = bounds[-1][2]
        for lo, hi, r in bounds:
            if hi is not None and hi >= total:
                rate = r
                break
        e = total * rate
    else:
        e = Fraction(0)
        for lo, hi, r in bounds:
            top = total if hi is None else min(total, hi)
            if top > lo:
                e += r * (top - lo)
    if comp["cap"] is not None:
        e = min(e, comp["cap"])
    return e


def spif_E(comp, deal_rows, deal_ids):
    n = 0
    for did in deal_ids:
        row = deal_rows[did]
        close = ref.parse_date(row["close_date"])
        if comp["from"] <= close <= comp["to"] and ref.holds(comp["when"], row):
            n += 1
    return comp["pay"] * n


def payees_in_plan(bdir, plan):
    _, roster = ref.read_table(os.path.join(bdir, "roster.csv"))
    return set(r["payee_id"] for r in roster if plan.roles.get(r["role"]))


def reference_credits(bdir, plan):
    """Every credit of the year's deals, by the reference's own computation."""
    _, deal_rows = ref.read_table(os.path.join(bdir, "deals.csv"))
    campaigns, touches_by_deal = {}, {}
    tpath = os.path.join(bdir, "touches.csv")
    if os.path.exists(tpath):
        _, crow = ref.read_table(os.path.join(bdir, "campaigns.csv"))
        campaigns = {r["campaign_id"]: r["owner_id"] for r in crow}
        _, trows = ref.read_table(tpath)
        for i, r in enumerate(trows):
            touches_by_deal.setdefault(r["deal_id"], []).append(
                (r["campaign_id"], ref.parse_date(r["touch_date"]), r["stage"], i))
    deals = []
    for r in deal_rows:
        close = ref.parse_date(r["close_date"])
        if close.year == plan.year:
            deals.append({"id": r["deal_id"], "close": close, "amount": ref.dec(r["amount"]),
                          "closer": r["closer_id"], "row": r})
    with contextlib.redirect_stderr(io.StringIO()):  # its warnings are not ours
        return ref.compute_credits(plan, deals, touches_by_deal, campaigns)


def reference_E(bdir, plan):
    """E(12) of every payee and component by the reference's own computation."""
    _, roster = ref.read_table(os.path.join(bdir, "roster.csv"))
    credits = reference_credits(bdir, plan)
    lines = {}
    for c in credits:
        if c["payee"]:
            lines.setdefault(c["payee"], []).append(c)
    for ls in lines.values():
        ls.sort(key=lambda c: (c["deal"]["close"], ref.bkey(c["deal"]["id"]),
                               0 if c["role"] == "closer" else 1, ref.bkey(c["campaign"])))
    res = {}
    for r in roster:
        if r["role"] not in plan.roles:
            continue
        quota = ref.dec(r["annual_quota"]) if r["annual_quota"] else Fraction(0)
        for comp in plan.roles[r["role"]]:
            res[(r["payee_id"], comp["id"])] = ref.earnings(comp, quota, lines.get(r["payee_id"], []))
    return res


def cmd_cumul(bdir, prefix):
    plan, deal_list = load_batch(bdir)
    deal_rows = {d["deal_id"]: d for d in deal_list}
    _, roster = ref.read_table(os.path.join(bdir, "roster.csv"))
    scale = MINOR[plan.currency]
    # The year's credit lines, from the twelve credits.csv files.
    total, spif_deals = {}, {}
    sums, keys = {}, None
    for m in range(1, 13):
        out = "%s-%02d" % (prefix, m)
        for i, r in enumerate(read_out_csv(os.path.join(out, "credits.csv"), CREDITS_H)):
            if int(r["close_date"][5:7]) != m:
                problem("%s/credits.csv:%d: closes outside month %d" % (out, i + 2, m))
            if r["payee_id"]:
                p = r["payee_id"]
                total[p] = total.get(p, Fraction(0)) + credit_value(r["credit"], out)
                spif_deals.setdefault(p, set()).add(r["deal_id"])
        po = payouts(out)
        if keys is None:
            keys = sorted(po)
        elif sorted(po) != keys:
            problem("%s/payouts.csv: rows differ from month 01's" % out)
        for k, v in po.items():
            sums[k] = sums.get(k, Fraction(0)) + v
    refE = reference_E(bdir, plan)
    checked = {"flat": 0, "marginal": 0, "retroactive": 0, "spif": 0}
    for r in roster:
        if r["role"] not in plan.roles:
            continue
        p = r["payee_id"]
        quota = Fraction(r["annual_quota"]) if r["annual_quota"] else Fraction(0)
        for comp in plan.roles[r["role"]]:
            k = (p, comp["id"])
            if k not in sums:
                problem("%s/%s: no payouts row in some month" % k)
                continue
            paid = round_units(sums[k], scale, "down")  # payouts are whole minor units
            if Fraction(paid, 10 ** scale) != sums[k]:
                problem("%s/%s: payouts sum %s is not whole minor units" % (p, comp["id"], fmt(sums[k])))
            if comp["kind"] == "commission":
                e = commission_E(comp, quota, total.get(p, Fraction(0)))
                kind = "flat" if len(comp["tiers"]) == 1 else comp["mode"]
            else:
                e = spif_E(comp, deal_rows, spif_deals.get(p, ()))
                kind = "spif"
            want = round_units(e, scale, plan.rounding)
            if paid != want:
                problem("%s/%s (%s): the 12 payouts add up to %s, round(E(12)) = round(%s) = %s"
                        % (p, comp["id"], kind, fmt(sums[k]), fmt(e), fmt(Fraction(want, 10 ** scale))))
            rwant = ref.round_minor(refE[k], scale, plan.rounding)
            if paid != rwant:
                problem("%s/%s (%s): the 12 payouts add up to %s, the reference's round(E(12)) is %s"
                        % (p, comp["id"], kind, fmt(sums[k]), fmt(Fraction(rwant, 10 ** scale))))
            checked[kind] += 1
    print("cumulative rounding: " + ", ".join("%d %s" % (v, k) for k, v in sorted(checked.items())))
    return finish()


def cmd_monotone(before, after, p):
    up = 0
    sb, sa = {}, {}
    for m in range(1, int(p) + 1):
        for prefix, acc in ((before, sb), (after, sa)):
            for k, v in payouts("%s-%02d" % (prefix, m)).items():
                acc[k] = acc.get(k, Fraction(0)) + v
    for k in sorted(sb):
        if k not in sa:
            problem("%s/%s: no payouts after adding a deal" % k)
        elif sa[k] < sb[k]:
            problem("%s/%s: year-to-date payouts fell from %s to %s after adding a deal"
                    % (k[0], k[1], fmt(sb[k]), fmt(sa[k])))
        elif sa[k] > sb[k]:
            up += 1
    print("monotone: %d components rose" % up)
    return finish()


def main(argv):
    cmds = {"shuffle": (cmd_shuffle, 3), "marginal": (cmd_marginal, 2), "adddeal": (cmd_adddeal, 4),
            "conserve": (cmd_conserve, 3), "cumul": (cmd_cumul, 2), "monotone": (cmd_monotone, 3)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    return cmds[argv[1]][0](*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
