#!/usr/bin/env python3
"""gen_batch17.py - deterministic random batches for issue 17's data-driven models.

    python3 tests/reference/gen_batch17.py --seed N --out DIR
    python3 tests/reference/gen_batch17.py --seeds FIRST:LAST --out ROOT

A plan of year 2027 with one or two splits (picked by the deals.csv column `m`),
each `<marketing model="markov|shapley" trained-on="...">` on a period of 2026
(a year, half, quarter or month) that holds at least one journey; training deals
in 2026, won, lost or without outcome, touched by 1 to 7 campaigns (some touches
after the close, some repeated, some deals untouched); plan-year deals won, some
touching campaigns the training never saw.  Every batch is valid; the same seed
gives the same bytes.  Standard library only.
"""

import argparse
import datetime
import os
import random

CAMPAIGN_IDS = ["A", "B", "a", "C-2", "c.1", "Z9", "b_x"]
SHARES = ["30%", "1/3", "100%", "0.25", "45%"]
AMOUNTS = ["1000", "2500.5", "0", "333.33", "12000", "7", "99.99", "100000"]


def rand_date(r, year, first=1, last=12):
    m = r.randint(first, last)
    d = r.randint(1, 28)
    return datetime.date(year, m, d)


def period_of(r):
    kind = r.choice(["year", "half", "quarter", "month"])
    if kind == "year":
        return "2026", 1, 12
    if kind == "half":
        h = r.randint(1, 2)
        return "2026-H%d" % h, 6 * h - 5, 6 * h
    if kind == "quarter":
        q = r.randint(1, 4)
        return "2026-Q%d" % q, 3 * q - 2, 3 * q
    m = r.randint(1, 12)
    return "2026-%02d" % m, m, m


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed * 7919 + 17)

    def touches_for(self, deal_id, close, camps, rows, k):
        r = self.r
        for _ in range(k):
            c = r.choice(camps)
            day = close - datetime.timedelta(days=r.randint(-3, 40))  # a few after the close
            rows.append("%s,%s,%s," % (deal_id, c, day.isoformat()))

    def batch(self, out):
        r = self.r
        ncamp = r.randint(2, len(CAMPAIGN_IDS))
        camps = r.sample(CAMPAIGN_IDS, ncamp)
        nsplits = r.randint(1, 2)
        splits = []
        for i in range(nsplits):
            text, first, last = period_of(r)
            splits.append({"m": "s%d" % i, "model": r.choice(["markov", "shapley"]),
                           "period": text, "first": first, "last": last,
                           "share": r.choice(SHARES), "closer": r.choice(["70%", "0", "1/2"])})
        deals, touches = [], []
        train = camps[: max(1, ncamp - r.randint(0, 1))]  # maybe one campaign never trained on
        nd = 0
        for sp in splits:
            for _ in range(r.randint(1, 25)):
                nd += 1
                did = "T-%d" % nd
                close = rand_date(r, 2026, sp["first"], sp["last"])
                outcome = r.choice(["won", "lost", "", "lost"]) if r.random() < 0.9 else "lost"
                deals.append([did, close.isoformat(), r.choice(AMOUNTS), "ae", outcome, sp["m"]])
                k = r.choice([0, 1, 1, 2, 3, 4, 5, 7])
                self.touches_for(did, close, train, touches, k)
            # one journey at least: a touch on the close date itself
            nd += 1
            did = "T-%d" % nd
            close = rand_date(r, 2026, sp["first"], sp["last"])
            deals.append([did, close.isoformat(), "10", "ae", r.choice(["won", "lost"]), sp["m"]])
            touches.append("%s,%s,%s," % (did, r.choice(train), close.isoformat()))
        pmonth = r.randint(1, 12)
        for i in range(r.randint(3, 20)):
            did = "D-%d" % (i + 1)
            close = rand_date(r, 2027, 1, pmonth)
            deals.append([did, close.isoformat(), r.choice(AMOUNTS), "ae", r.choice(["won", ""]),
                          r.choice(splits)["m"]])
            self.touches_for(did, close, camps, touches, r.choice([0, 1, 2, 3, 4, 6]))
        r.shuffle(deals)
        r.shuffle(touches)
        os.makedirs(out, exist_ok=True)
        split_xml = "".join(
            '    <split when="m = \'%s\'">\n      <closer share="%s"/>\n'
            '      <marketing share="%s" model="%s" trained-on="%s"/>\n    </split>\n'
            % (s["m"], s["closer"], s["share"], s["model"], s["period"]) for s in splits)
        files = {
            "plan.xml": '<?xml version="1.0" encoding="UTF-8"?>\n'
                        '<plan xmlns="urn:truce:plan:1" id="gen17" year="2027" currency="USD" '
                        'rounding="%s">\n  <credit>\n%s  </credit>\n'
                        '  <role id="ae"><commission id="base"><tier rate="10%%"/></commission></role>\n'
                        '  <role id="mkt"><commission id="campaign"><tier rate="1/3"/></commission></role>\n'
                        '</plan>\n' % (r.choice(["half-up", "half-even", "down", "up"]), split_xml),
            "roster.csv": "payee_id,name,role,annual_quota\nae,Ada,ae,\nmo,Mo,mkt,\nmk,Mk,mkt,\n",
            "deals.csv": "deal_id,close_date,amount,closer_id,outcome,m\n"
                         + "".join(",".join(d) + "\n" for d in deals),
            "touches.csv": "deal_id,campaign_id,touch_date,stage\n" + "".join(t + "\n" for t in touches),
            "campaigns.csv": "campaign_id,name,owner_id,cost\n"
                             + "".join("%s,%s,%s,\n" % (c, c, r.choice(["mo", "mk", ""])) for c in camps),
            "period": "2027-%02d\n" % pmonth,
        }
        for name, text in files.items():
            with open(os.path.join(out, name), "w", newline="") as f:
                f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int)
    ap.add_argument("--seeds", metavar="FIRST:LAST")
    ap.add_argument("--out", required=True)
    ap.add_argument("--deals", type=int, default=0)  # accepted for lib.sh's differential; unused
    a = ap.parse_args()
    if a.seeds:
        first, last = (int(x) for x in a.seeds.split(":"))
        for seed in range(first, last + 1):
            Gen(seed).batch(os.path.join(a.out, "seed-%d" % seed))
    elif a.seed is not None:
        Gen(a.seed).batch(a.out)
    else:
        ap.error("--seed or --seeds is required")


if __name__ == "__main__":
    main()
