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
    if grep -qx '    payout: 1,700.00 - 1,500.00 = 200.00' "$v16_ana" &&
       grep -qx '    prior-period adjustment: +100.00' "$v16_ana" &&
       grep -qx '      2027-01: paid 900.00, computed now 1,000.00, difference +100.00' "$v16_ana" &&
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
if grep -qx '    N-1 closer: clawback of 2027-02-10, credit -5,000, running total 0 -> -5,000' "$WORK/v16-neg/statements/ana.txt" &&
   grep -qx '      tier 1 (0 to 10,000): -5,000 x 1% = -50' "$WORK/v16-neg/statements/ana.txt" &&
   grep -qx '    N-2 closer: clawback of 2027-02-05, credit -20,000, running total 0 -> -20,000' "$WORK/v16-neg/statements/ben.txt" &&
   grep -qx '    N-3 closer: credit 25,000, running total -20,000 -> 5,000' "$WORK/v16-neg/statements/ben.txt" &&
   grep -qx '      tier 1 (0 to 10,000): 25,000 x 1% = 250' "$WORK/v16-neg/statements/ben.txt"; then ok; else
    bad "v16-negative-total: the statements do not walk the clawback lines"; fi

# truce diff with plan versions on each side (--plan DIR): the reason names the version in force
# on the line's date (fixtures/v16-diff-versions/NOTES.md).
v16_dv="$ROOT/fixtures/v16-diff-versions"
rm -rf "$WORK/v16-dv" "$WORK/v16-dv-b"
mkdir -p "$WORK/v16-dv-b"
cp "$v16_dv/roster.csv" "$v16_dv/deals.csv" "$WORK/v16-dv-b/"
(cd "$v16_dv" && "$TRUCE" diff --plan old --plan new --in "$WORK/v16-dv-b" --period 2027 --out "$WORK/v16-dv") \
    >"$WORK/stdout" 2>"$WORK/stderr"
if grep -qx 'total cost: old 200.00, new 300.00, delta +100.00' "$WORK/stdout" &&
   grep -qx '    first line that differs: D2 2027-08-10 closer, credit 1,000, earns 100 -> 200 in all components' "$WORK/stdout" &&
   grep -qx "    because: a different rate: tier 1 of 'base' 10% -> 20% (new/v2.xml:4)" "$WORK/stdout"; then ok; else
    bad "v16-diff-versions: $(cat "$WORK/stdout" "$WORK/stderr")"; fi

# scoreboard --models with plan versions: each deal credited under its own version
# (fixtures/v16-scoreboard-versions/NOTES.md): every column adds up to 219000.00, and the plan
# column is scoreboard.csv's attributed_revenue.
v16_sv="$ROOT/fixtures/v16-scoreboard-versions"
"$TRUCE" scoreboard --models --in "$v16_sv" --period 2027-03 >"$WORK/v16-models" 2>/dev/null
"$TRUCE" scoreboard --in "$v16_sv" --period 2027-03 >"$WORK/v16-board" 2>/dev/null
v16_cols=$(awk -F, 'NR > 1 { for (i = 2; i <= NF; i++) s[i] += $i * 100 } END { for (i = 2; i <= 12; i++) printf "%d ", s[i] }' "$WORK/v16-models")
if [ "$v16_cols" = "21900000 21900000 21900000 21900000 21900000 21900000 21900000 21900000 21900000 21900000 21900000 " ]; then ok; else
    bad "v16-scoreboard-versions: column totals are $v16_cols, not 219000.00 each"; fi
# (scoreboard.csv's names may hold commas: read it as CSV.)
v16_col=$(python3 -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])): print(r["campaign_id"] + "," + r["attributed_revenue"])' "$WORK/v16-board")
if [ -n "$v16_col" ] && [ "$v16_col" = "$(sed '1d;/^(unattributed)/d' "$WORK/v16-models" | cut -d, -f1,2)" ]; then ok; else
    bad "v16-scoreboard-versions: the plan column differs from scoreboard.csv's attributed_revenue"; fi

# When ledger.csv exists (issue 16, question 12; docs/file-formats.md): a pay mechanic in a plan
# version, or a row of adjustments.csv; events.csv or payments.csv alone change no figure (the
# example's plan has no clawback policy and no hold) and give none.
v16_l=$(batch v16-ledger)
printf 'deal_id,date,kind,amount\nD-1001,2027-03-20,refund,1000\n' >"$v16_l/events.csv"
printf 'deal_id,date,amount\nD-1001,2027-02-01,500\n' >"$v16_l/payments.csv"
rm -rf "$WORK/v16-l"
"$TRUCE" run --in "$v16_l" --period 2027-03 --out "$WORK/v16-l" >/dev/null 2>"$WORK/stderr"
if [ ! -e "$WORK/v16-l/ledger.csv" ] && cmp -s "$WORK/v16-l/payouts.csv" "$ROOT/fixtures/example/expected/payouts.csv" &&
   grep -q "events.csv: warning: no commission has a <clawback> policy, so its 1 event claws nothing back" "$WORK/stderr" &&
   grep -q "payments.csv: warning: no commission holds pay until payment (release), so its 1 payment changes nothing" "$WORK/stderr"; then ok; else
    bad "v16 ledger: events.csv and payments.csv alone wrote a ledger or changed a payout: $(cat "$WORK/stderr")"; fi
# ana's January adjustment of +10.00 to base: a ledger with that row (March: nothing else moves).
printf 'payee_id,period,component_id,amount,reason,approved_by\nana,2027-03,base,10.00,Fix,cfo\n' >"$v16_l/adjustments.csv"
rm -rf "$WORK/v16-l"
"$TRUCE" run --in "$v16_l" --period 2027-03 --out "$WORK/v16-l" >/dev/null 2>&1
if grep -qx '2027-03,ana,ae,base,adjustment,10,Fix,cfo' "$WORK/v16-l/ledger.csv" &&
   grep -qx '2027-03,ana,ae,base,5650.00' "$WORK/v16-l/payouts.csv"; then ok; else
    bad "v16 ledger: adjustments.csv gave no ledger row or no 5640.00 + 10.00"; fi
