# The contract's worked example: expected outputs from ../shared/spec/example/expected (exact).
golden example "$ROOT/fixtures/example" 2027-03

# Every payee with a payout row has a statement, and a statement names its payout.
out="$WORK/out-example"
for p in ana ben cho mia raj; do
    if [ -f "$out/statements/$p.txt" ]; then ok; else bad "example: no statement for $p"; fi
done
if [ ! -e "$out/statements/sam.txt" ]; then ok; else bad "example: sam (role not in plan) has a statement"; fi
if grep -q "payout: 17,400.00 - 11,760.00 = 5,640.00" "$out/statements/ana.txt"; then ok; else
    bad "example: ana's statement does not show base = 17400.00 - 11760.00"; fi
if grep -q "TOTAL PAYABLE FOR 2027-03: 5,890.00 USD" "$out/statements/ana.txt"; then ok; else
    bad "example: ana's total payable is not 5890.00"; fi

# Same inputs, same bytes: a second run into another directory is identical.
"$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/again" >/dev/null 2>&1
if diff -r "$out" "$WORK/again" >/dev/null; then ok; else bad "example: second run differs"; fi

# --force replaces a non-empty output; without it the run is refused (usage, 2).
fails "out not empty" 2 "not empty" "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$out"
if "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$out" --force >/dev/null 2>&1 &&
    cmp -s "$out/payouts.csv" "$ROOT/fixtures/example/expected/payouts.csv"; then ok; else
    bad "--force did not replace the output"; fi
mkdir -p "$WORK/empty-out"
if "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/empty-out" >/dev/null 2>&1 &&
    [ -f "$WORK/empty-out/payouts.csv" ]; then ok; else bad "an empty --out directory was refused"; fi

# check writes nothing and succeeds on the example.
if "$TRUCE" check --in "$ROOT/fixtures/example" >/dev/null 2>&1; then ok; else bad "check failed on the example"; fi

# Other months of the example: January pays D-1001 and D-1002 only.
rm -rf "$WORK/jan"
"$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-01 --out "$WORK/jan" >/dev/null 2>&1
# ana Jan: closer 70% of 120000 = 84000 at 4% (first tier up to 300000) = 3360.00
if grep -qx "2027-01,ana,ae,base,3360.00" "$WORK/jan/payouts.csv"; then ok; else bad "january: ana base is not 3360.00"; fi

# A role in the plan with no components: its payees get no payout row and no statement.
b=$(batch emptyrole); sed -i 's|<role id="marketing">|<role id="sdr"/>\n  <role id="marketing">|' "$b/plan.xml"
rm -rf "$WORK/emptyrole-out"
if "$TRUCE" run --in "$b" --period 2027-03 --out "$WORK/emptyrole-out" >/dev/null 2>"$WORK/stderr" &&
    cmp -s "$WORK/emptyrole-out/payouts.csv" "$ROOT/fixtures/example/expected/payouts.csv" &&
    [ ! -e "$WORK/emptyrole-out/statements/sam.txt" ] && ! grep -q "not in the plan" "$WORK/stderr"; then ok; else
    bad "a role without components"; fi
