# truce diff: the bundled example with one rate changed (tier 2 of ana's and
# ben's `base`, 8% -> 9%), over 2027-Q1.  Worked by hand:
# - ana: C(Mar) = 84000 + 210000 + 45499.993 + 28000 = 367499.993 (quota
#   600000: 4% to 300000, then the changed tier).  Old 12000 + 67499.993 x 8%
#   = 17399.99944 -> 17400.00; new 12000 + 67499.993 x 9% = 18074.99937 ->
#   18075.00.  Q1 = R(Mar) - R(0): delta 675.00, 675/17400 = 3.879% -> 3.88.
# - ben: C = 177833.331, all below 50% of 480000: unchanged (7113.33).
# - total old: 17400 + 250 + 7113.33 + 500 + 10900.03 + 2585.50 + 1211.50 =
#   39960.36 (the Q1 sums of the monthly payouts); new + 675 = 40635.36.
# - revenue Q1: D-1001..D-1010 = 845333.82; 39960.36 / 845333.82 = 4.727% ->
#   4.73%, 40635.36 / 845333.82 = 4.807% -> 4.81%.
# - ana's first line over 300000: D-1005 (C from 294000 to 339499.993):
#   old 6000 x 4% + 39499.993 x 8% = 3399.99944, + the 250 SPIF = 3649.99944;
#   new 240 + 3554.99937 + 250 = 4044.99937.
df_new="$WORK/df-new.xml"
sed 's/<tier upto="100%" rate="8%"\/>/<tier upto="100%" rate="9%"\/>/' "$ROOT/fixtures/example/plan.xml" >"$df_new"
rm -rf "$WORK/df-out"
"$TRUCE" diff --plan "$ROOT/fixtures/example/plan.xml" --plan "$df_new" --in "$ROOT/fixtures/example" \
    --period 2027-Q1 --out "$WORK/df-out" >"$WORK/df-stdout" 2>"$WORK/stderr"
if [ $? -eq 0 ]; then ok; else bad "diff failed: $(cat "$WORK/stderr")"; fi
df_expect() {
    if grep -qF -- "$2" "$WORK/$1"; then ok; else bad "diff: $1 lacks: $2"; fi
}
df_expect df-out/diff.csv "payee_id,role,component_id,old,new,delta,delta_pct"
df_expect df-out/diff.csv "ana,ae,base,17400.00,18075.00,675.00,3.88"
df_expect df-out/diff.csv "ben,ae,base,7113.33,7113.33,0.00,0.00"
df_expect df-stdout "total cost: old 39,960.36, new 40,635.36, delta +675.00"
df_expect df-stdout "revenue (won deals closing in the period): 845,333.82; cost as a share of it: old 4.73%, new 4.81%"
df_expect df-stdout "payees: 1 gain (median +675.00, largest +675.00); 0 lose; 5 unchanged"
df_expect df-stdout "ana (ae): 17,650.00 -> 18,325.00 (+675.00)"
df_expect df-stdout "first line that differs: D-1005 2027-03-03 closer, credit 45,499.993, earns 3,649.99944 -> 4,044.99937 in all components"
df_expect df-stdout "because: a different rate: tier 2 of 'base' 8% -> 9% ($df_new:20)"
if [ "$(wc -l <"$WORK/df-out/diff.csv")" -eq 8 ]; then ok; else bad "diff.csv: not 7 rows"; fi
# diff.html (issue 15): titled with the period as stdout names it, the summary a table
# with thousands grouped (the figures above), diff.csv's plain numbers kept.
df_expect df-out/diff.html "<title>Plan diff 2027-Q1: acme-2027 (old) vs acme-2027 (new)</title>"
df_expect df-out/diff.html '<tr><td>total cost (USD)</td><td class="n">39,960.36</td><td class="n">40,635.36</td><td class="n">+675.00</td></tr>'
df_expect df-out/diff.html '<tr><td>cost as a share of revenue</td><td class="n">4.73%</td><td class="n">4.81%</td><td></td></tr>'
df_expect df-out/diff.html '<td class="n">17,650.00</td><td class="n">18,325.00</td><td class="n">+675.00</td><td>D-1005 2027-03-03 closer, credit 45,499.993, earns 3,649.99944 -&gt; 4,044.99937 in all components</td>'
if grep -q '<pre>' "$WORK/df-out/diff.html"; then bad "diff.html: a preformatted dump"; else ok; fi
if [ "$(grep -c 'warning: payee sam' "$WORK/stderr")" -eq 1 ]; then ok; else
    bad "diff: the batch's warnings are not given once"; fi

# A split share: D-1001's marketing credit moves from 30% to 40% (March, year to date).
sed 's/<marketing share="30%" model="w-shaped"\/>/<marketing share="40%" model="w-shaped"\/>/' \
    "$ROOT/fixtures/example/plan.xml" >"$df_new"
rm -rf "$WORK/df-out"
"$TRUCE" diff --plan "$ROOT/fixtures/example/plan.xml" --plan "$df_new" --in "$ROOT/fixtures/example" \
    --period 2027-03 --out "$WORK/df-out" >"$WORK/df-stdout" 2>/dev/null
df_expect df-stdout "first line that differs: D-1001 2027-01-14 marketing/paid-search, credit 10,800 -> 14,400"
df_expect df-stdout "because: a different split: marketing share 30% -> 40% ($df_new:5)"

# Usage and input errors.
fails "diff with one plan" 2 "two --plan" "$TRUCE" diff --plan "$df_new" --in "$ROOT/fixtures/example" \
    --period 2027 --out "$WORK/out"
fails "diff bad period" 2 "YYYY-Qn" "$TRUCE" diff --plan "$df_new" --plan "$df_new" \
    --in "$ROOT/fixtures/example" --period 2027-Q5 --out "$WORK/out"
fails "diff other year" 1 "outside the plan year 2027" "$TRUCE" diff --plan "$df_new" --plan "$df_new" \
    --in "$ROOT/fixtures/example" --period 2026-Q1 --out "$WORK/out"
