#!/usr/bin/env python3
"""plant6.py - does the differential test of issue 6 catch mistakes?  Plant them and see.

    python3 tests/reference/plant6.py [--truce build/truce] [--max N] [NAME...]

For each planted mistake (or only the NAMEs given), a copy of truce_ref6.py with
that one mistake is written to a temporary directory, and seeds 1, 2, ... of
gen_batch6.py are compared (payouts.csv, credits.csv and ledger.csv, as
t_differential6.sh does) until the mistake is caught: the first seed on which the
correct reference agrees with truce and the planted copy does not (a file where the
correct reference already disagrees with truce, because of an engine bug, proves
nothing and is skipped; where they agree on some of the three files only, only those
count; a seed with such a file is a usable seed).  Prints, per mistake, the seed that
caught it and how many usable seeds it took, or that --max seeds (default 400) did
not catch it; with --count, also how many of the usable seeds up to --max catch it.
"""

import argparse
import contextlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_batch6  # noqa: E402

# name -> (what the mistake is, [(text of truce_ref6.py, its replacement)])
MISTAKES = {
    "clawback-sign": (
        "a recalculated clawback line adds credit instead of taking it back",
        [('cl.month, cl.credit, cl.claw, cl.seq = ev["date"].month, -c["credit"] * f, 1, ev["seq"]',
          'cl.month, cl.credit, cl.claw, cl.seq = ev["date"].month, c["credit"] * f, 1, ev["seq"]')]),
    "marginal-wrong-version": (
        "a marginal line earns under the first version's tiers, not those of its month",
        [('''                for ln in wl:
                    v = plan.of_month[ln.month]
                    vc = v.roles[self.role][self.k]
                    g = None''', '''                for ln in wl:
                    v = plan.versions[0]
                    vc = v.roles[self.role][self.k]
                    g = None''')]),
    "hold-month-late": (
        "a hold counts the payments through the end of the month before",
        [("        p = self.b.paid_fraction(d, m)\n",
          "        p = self.b.paid_fraction(d, m - 1) if m > 1 else ZERO\n")]),
    "rounding-swap": (
        "half-up and half-even swapped, and down and up",
        [("    return R.round_minor(x, plan.scale, plan.rounding)",
          '    return R.round_minor(x, plan.scale, {"half-up": "half-even", "half-even": "half-up", '
          '"down": "up", "up": "down"}[plan.rounding])')]),
    "curve-no-interpolation": (
        "a pay curve steps at each point instead of interpolating between them",
        [("            return p0 + (a - a0) * (p1 - p0) / (a1 - a0)", "            return p0")]),
    "original-rate-month-late": (
        "an original-rate reversal counts from the month after the event",
        [("F = sum((f for mm, f in self.orig[did] if mm <= m), ZERO)",
          "F = sum((f for mm, f in self.orig[did] if mm < m), ZERO)")]),
    "recovery-limit-ignored": (
        "a recoverable draw recovers without its recovery-limit",
        [('                            rec = min(rec, rnd(dc["limit"], plan))', "                            pass")]),
    "forward-gate-as-retroactive": (
        "gate-pay=\"forward\" pays from the first unit of credit once the gate is reached",
        [('if vc["gate"] is not None and vc["gate_pay"] == "forward":',
          'if vc["gate"] is not None and vc["gate_pay"] == "never":')]),
    "deal-floor-on-zero": (
        "a deal floor also lifts deals earning nothing or less",
        [("    if floor is not None and x > 0:", "    if floor is not None:")]),
    "within-days-inclusive": (
        "within-days ignores an event exactly N days after the close",
        [('if cb["within"] and (ev["date"] - deal["close"]).days > cb["within"]:',
          'if cb["within"] and (ev["date"] - deal["close"]).days >= cb["within"]:')]),
    "bonus-strict-level": (
        "a bonus level is reached only above its attainment, not at it",
        [("                if M_prev < L <= M:", "                if M_prev < L < M:")]),
    "paid-unrecorded-zero": (
        "--paid: a month no row covers counts as paid 0, not as computed now",
        [("                        through += Rk[j] - Rk[j - 1]\n", "                        pass\n")]),
    "forgive-month-early": (
        "a draw balance is forgiven at the end of the month before the forgive date's",
        [("if fg is not None and fg.year == plan.year and fg.month == m:",
          "if fg is not None and fg.year == plan.year and fg.month == m + 1:")]),
}


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def outputs(d):
    out = {}
    for f in ("payouts.csv", "credits.csv", "ledger.csv"):
        p = os.path.join(d, f)
        out[f] = open(p, "rb").read() if os.path.exists(p) else None
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--truce", default=os.path.join(HERE, "..", "..", "build", "truce"))
    ap.add_argument("--max", type=int, default=400)
    ap.add_argument("--count", action="store_true",
                    help="go on to --max seeds and count the seeds that catch each mistake")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    names = a.names or list(MISTAKES)
    src = open(os.path.join(HERE, "truce_ref6.py")).read()
    work = tempfile.mkdtemp(prefix="plant6.")
    try:
        good = load(os.path.join(HERE, "truce_ref6.py"), "ref_good")
        planted = {}
        for n in names:
            text = src
            for old, new in MISTAKES[n][1]:
                assert text.count(old) == 1, "%s: the text to change is not found once" % n
                text = text.replace(old, new)
            path = os.path.join(work, "ref_%s.py" % n.replace("-", "_"))
            with open(path, "w") as f:
                f.write(text)
            planted[n] = load(path, "ref_" + n.replace("-", "_"))
        caught = {}
        catches = {n: 0 for n in names}
        usable = {n: 0 for n in names}
        seed = 0
        while (a.count or len(caught) < len(names)) and seed < a.max:
            seed += 1
            b = os.path.join(work, "seed-%d" % seed)
            gen_batch6.Gen6(seed, 0).batch(b)
            period = open(os.path.join(b, "period")).read().strip()
            paid = os.path.join(b, "paid.csv")
            paid = paid if os.path.exists(paid) else None
            cmd = [a.truce, "run", "--in", b, "--period", period, "--out", b + ".truce", "--quiet"]
            if paid:
                cmd += ["--paid", paid]
            if subprocess.run(cmd, capture_output=True).returncode != 0:
                shutil.rmtree(b, ignore_errors=True)
                continue
            with contextlib.redirect_stderr(io.StringIO()):
                good.run(b, period, b + ".good", paid)
            t = outputs(b + ".truce")
            g = outputs(b + ".good")
            # the files on which truce and the correct reference agree (where they do not,
            # an engine bug is at work: those files prove nothing)
            same = [f for f in t if t[f] == g[f]]
            if not same:
                continue
            for n in names:
                if n in caught and not a.count:
                    continue
                usable[n] += 1
                d = b + "." + n
                try:
                    with contextlib.redirect_stderr(io.StringIO()):
                        planted[n].run(b, period, d, paid)
                    o = outputs(d)
                    differs = any(o[f] != t[f] for f in same)
                except Exception:
                    differs = True  # a crash of the planted copy is caught too
                if differs:
                    catches[n] += 1
                    caught.setdefault(n, (seed, usable[n]))
            for x in os.listdir(work):
                if x.startswith("seed-%d" % seed):
                    shutil.rmtree(os.path.join(work, x), ignore_errors=True)
        for n in names:
            what = MISTAKES[n][0]
            if n in caught:
                more = ""
                if a.count:
                    more = "; %d of %d usable seeds catch it" % (catches[n], usable[n])
                print("%-28s caught by seed %d (%d usable seeds)%s: %s"
                      % (n, caught[n][0], caught[n][1], more, what))
            else:
                print("%-28s NOT caught in %d seeds: %s" % (n, seed, what))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
