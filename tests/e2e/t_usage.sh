# Usage errors exit 2 with a one-line hint; --help and --version exit 0.
EX="$ROOT/fixtures/example"
fails "no command" 2 "missing command" "$TRUCE"
fails "unknown command" 2 "unknown command 'frobnicate'" "$TRUCE" frobnicate
fails "unknown flag" 2 "unknown flag '--bogus'" "$TRUCE" run --in "$EX" --period 2027-03 --out "$WORK/out" --bogus
fails "missing period" 2 "needs --period" "$TRUCE" run --in "$EX" --out "$WORK/out"
fails "malformed period" 2 "not YYYY-MM" "$TRUCE" run --in "$EX" --period 2027-3 --out "$WORK/out"
fails "month 13" 2 "not YYYY-MM" "$TRUCE" run --in "$EX" --period 2027-13 --out "$WORK/out"
fails "missing out" 2 "needs --out" "$TRUCE" run --in "$EX" --period 2027-03
fails "flag without value" 2 "needs a value" "$TRUCE" run --in "$EX" --period
fails "period outside year" 1 "outside the plan year 2027" "$TRUCE" run --in "$EX" --period 2026-12 --out "$WORK/out"
fails "check has no --period" 2 "unknown flag" "$TRUCE" check --in "$EX" --period 2027-03
if "$TRUCE" --help | grep -q "usage: truce run"; then ok; else bad "--help"; fi
if "$TRUCE" --version | grep -Eq "^truce [0-9]+\.[0-9]+\.[0-9]+$"; then ok; else bad "--version"; fi
# A flag overrides the directory's file.
b=$(batch flagover)
fails "missing input dir file" 1 "roster.csv" "$TRUCE" run --in "$WORK/nowhere" --period 2027-03 --out "$WORK/out"
if "$TRUCE" run --in "$EX" --roster "$b/roster.csv" --period 2027-03 --out "$WORK/flag-out" >/dev/null 2>&1; then ok; else bad "--roster with --in"; fi
# Without --in, a required file not given is named once, and nothing is opened for it.
fails "no roster or deals given" 1 "no roster given" "$TRUCE" check --plan "$EX/plan.xml"
if grep -q "no deals given" "$WORK/stderr" && ! grep -q "Bad address" "$WORK/stderr"; then ok; else
    bad "missing roster/deals: $(cat "$WORK/stderr")"; fi
