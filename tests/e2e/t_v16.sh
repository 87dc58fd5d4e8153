# Issue 16 cases the golden runner cannot express (fixtures/golden/v16-* hold the others).
# Every expected figure is worked by hand in the fixture's NOTES.md.

# --paid with a row naming a payee not in the roster (fixtures/v16-paid-ignored-row): the row
# records nothing, so February counts as paid as computed for ana and ben.
v16_d="$ROOT/fixtures/v16-paid-ignored-row"
v16_out="$WORK/v16-paid"
rm -rf "$v16_out"
if "$TRUCE" run --in "$v16_d" --period "$(cat "$v16_d/period")" --paid "$v16_d/paid.csv" \
        --out "$v16_out" >"$WORK/stdout" 2>"$WORK/stderr"; then
    ok
    for v16_f in payouts.csv payroll.csv credits.csv; do
        if cmp -s "$v16_d/expected/$v16_f" "$v16_out/$v16_f"; then ok; else
            bad "v16-paid-ignored-row: $v16_f differs from expected"
            diff "$v16_d/expected/$v16_f" "$v16_out/$v16_f" | head -10
        fi
    done
    if grep -q 'paid\.csv:4: warning' "$WORK/stderr"; then ok; else
        bad "v16-paid-ignored-row: no warning about paid.csv line 4: $(head -3 "$WORK/stderr")"; fi
    v16_ana="$v16_out/statements/ana.txt"
    if grep -qx '    payout: 1700.00 - 1500.00 = 200.00' "$v16_ana" &&
       grep -qx '    prior-period adjustment: +100.00' "$v16_ana" &&
       grep -qx '      2027-01: paid 900.00, computed now 1000.00, difference +100.00' "$v16_ana" &&
       grep -qx '    payable: 200.00 + 100.00 = 300.00' "$v16_ana"; then ok; else
        bad "v16-paid-ignored-row: ana's statement lacks the January true-up of +100.00"; fi
    if ! grep -q '2027-02:' "$v16_out"/statements/*.txt &&
       ! grep -q 'prior-period adjustment' "$v16_out/statements/ben.txt"; then ok; else
        bad "v16-paid-ignored-row: a statement shows February (or ben) as trued up"; fi
else
    bad "v16-paid-ignored-row: truce run failed: $(head -3 "$WORK/stderr")"
fi

# A recalculated cancel landing in a fresh window (fixtures/golden/v16-negative-total, its
# NOTES.md): the statement walks the clawback line from 0 to the lowered total, and the next
# line from there (the walk the engine computed, not one from 0).
v16_n="$ROOT/fixtures/golden/v16-negative-total"
rm -rf "$WORK/v16-neg"
"$TRUCE" run --in "$v16_n" --period "$(cat "$v16_n/period")" --out "$WORK/v16-neg" >/dev/null 2>&1
if grep -qx '    N-1 closer: clawback of 2027-02-10, credit -5000, running total 0 -> -5000' "$WORK/v16-neg/statements/ana.txt" &&
   grep -qx '      tier 1 (0 to 10000): -5000 x 1% = -50' "$WORK/v16-neg/statements/ana.txt" &&
   grep -qx '    N-2 closer: clawback of 2027-02-05, credit -20000, running total 0 -> -20000' "$WORK/v16-neg/statements/ben.txt" &&
   grep -qx '    N-3 closer: credit 25000, running total -20000 -> 5000' "$WORK/v16-neg/statements/ben.txt" &&
   grep -qx '      tier 1 (0 to 10000): 25000 x 1% = 250' "$WORK/v16-neg/statements/ben.txt"; then ok; else
    bad "v16-negative-total: the statements do not walk the clawback lines"; fi
