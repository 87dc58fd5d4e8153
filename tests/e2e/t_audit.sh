# The monthly close and the audit (issue 7): manifest.xml, payroll.csv,
# determinism, `truce verify`, `truce explain`, and true-ups with --paid.
# Expected values are worked out by hand in fixtures/audit/NOTES.md and
# fixtures/explain/NOTES.md; the example's payroll sums are below.
EX="$ROOT/fixtures/example"
AU="$ROOT/fixtures/audit"

# au_same WHAT FILE1 FILE2: byte-identical files.
au_same() {
    if cmp -s "$2" "$3"; then ok; else
        bad "$1: $(basename "$2") differs"
        diff "$2" "$3" | head -10
    fi
}
# au_outputs MANIFEST: the <outputs> section of a manifest.
au_outputs() {
    sed -n '/<outputs>/,/<\/outputs>/p' "$1"
}

# ---- manifest.xml and payroll.csv on the contract example -------------------------
au_out="$WORK/au-example"
rm -rf "$au_out"
(cd "$ROOT" && "$TRUCE" run --in fixtures/example --period 2027-03 --out "$au_out" --jobs 2 >/dev/null 2>&1)
au_m="$au_out/manifest.xml"
if [ -f "$au_m" ]; then ok; else bad "manifest: no manifest.xml"; fi
# Every output but the manifest is listed, with the SHA-256 sha256sum computes.
au_listed=$(sed -n 's|.*<output path="\([^"]*\)" size="\([0-9]*\)" sha256="\([0-9a-f]*\)"/>|\3  \1|p' "$au_m")
au_actual=$(cd "$au_out" && find . -type f ! -name manifest.xml | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum)
if [ "$au_listed" = "$au_actual" ]; then ok; else bad "manifest: outputs listed differ from the files"; fi
# Every input with its size and SHA-256, as given on the command line.
for au_f in plan.xml roster.csv deals.csv touches.csv campaigns.csv; do
    au_sum=$(cd "$ROOT" && sha256sum "fixtures/example/$au_f" | cut -d' ' -f1)
    au_size=$(wc -c <"$EX/$au_f" | tr -d ' ')
    if grep -q "path=\"fixtures/example/$au_f\" size=\"$au_size\" sha256=\"$au_sum\"" "$au_m"; then ok; else
        bad "manifest: input $au_f not recorded with its size and SHA-256"; fi
done
# Engine version, period, plan, and the command without the output-neutral flags.
if grep -q "<engine name=\"truce\" version=\"$("$TRUCE" --version | cut -d' ' -f2)\"/>" "$au_m" &&
   grep -q "<period>2027-03</period>" "$au_m" &&
   grep -q '<plan id="acme-2027" year="2027" currency="USD" rounding="half-up" sha256="' "$au_m"; then ok; else
    bad "manifest: engine, period or plan missing"; fi
au_cmd=$(sed -n 's|.*<arg>\(.*\)</arg>|\1|p' "$au_m" | tr '\n' ' ')
if [ "$au_cmd" = "run --in fixtures/example --period 2027-03 " ]; then ok; else
    bad "manifest: command is '$au_cmd'"; fi
if ! grep -Eq "date|time|host|$(hostname)" "$au_m"; then ok; else bad "manifest: names a time or host"; fi
# payroll.csv: each payee's payouts.csv rows summed (expected/payouts.csv):
# ana 5640.00 + 250.00 = 5890.00; ben 5313.33 + 500.00 = 5813.33; cho 8260.01;
# mia 1325.50; raj 671.50; no paid history, so no prior-period adjustment (0.00).
# sam's role is not in the plan: no row.
printf 'payee_id,name,period,currency,amount,prior_period_adjustment\nana,Ana Ruiz,2027-03,USD,5890.00,0.00\nben,Ben Okafor,2027-03,USD,5813.33,0.00\ncho,Cho Min-jun,2027-03,USD,8260.01,0.00\nmia,Mia Laine,2027-03,USD,1325.50,0.00\nraj,Raj Patel,2027-03,USD,671.50,0.00\n' >"$WORK/au-payroll"
au_same "payroll.csv of the example" "$WORK/au-payroll" "$au_out/payroll.csv"

# ---- determinism: locale, time zone, environment, threads; row order ------------------
rm -rf "$WORK/au-env"
(cd "$ROOT" && env LC_ALL=fr_FR.UTF-8 LANG=de_DE.UTF-8 TZ=Pacific/Chatham HOME=/nonexistent \
    "$TRUCE" run --in fixtures/example --period 2027-03 --out "$WORK/au-env" --jobs 1 >/dev/null 2>&1)
if diff -r "$au_out" "$WORK/au-env" >/dev/null; then ok; else bad "determinism: locale, TZ or --jobs changed a byte"; fi
# deals.csv rows reversed (header kept): every output identical; the manifest differs only in
# what it records of the inputs (their hashes), its <outputs> are the same.
au_b=$(batch au-shuffled)
{ head -1 "$EX/deals.csv"; tail -n +2 "$EX/deals.csv" | tac; } >"$au_b/deals.csv"
rm -rf "$WORK/au-shuf" "$WORK/au-plain"
"$TRUCE" run --in "$au_b" --period 2027-03 --out "$WORK/au-shuf" >/dev/null 2>&1
"$TRUCE" run --in "$EX" --period 2027-03 --out "$WORK/au-plain" >/dev/null 2>&1
if diff -r -x manifest.xml "$WORK/au-plain" "$WORK/au-shuf" >/dev/null &&
   [ "$(au_outputs "$WORK/au-plain/manifest.xml")" = "$(au_outputs "$WORK/au-shuf/manifest.xml")" ]; then ok; else
    bad "determinism: shuffled deals.csv changed an output"; fi

# ---- truce verify ---------------------------------------------------------------------
au_v=$(batch au-verify)
rm -rf "$WORK/au-vout"
"$TRUCE" run --in "$au_v" --period 2027-03 --out "$WORK/au-vout" >/dev/null 2>&1
if "$TRUCE" verify "$WORK/au-vout" >"$WORK/stdout" 2>"$WORK/stderr" &&
   grep -q "^truce: verified $WORK/au-vout: 5 inputs unchanged, 16 outputs identical" "$WORK/stdout"; then ok; else
    bad "verify of an untouched run: $(cat "$WORK/stdout" "$WORK/stderr" | head -3)"; fi
# au_tampered NAME FILE SED PATTERN: verify of a copy with FILE edited must fail naming PATTERN.
au_tampered() {
    rm -rf "$WORK/au-t"
    cp -r "$WORK/au-vout" "$WORK/au-t"
    sed -i "$3" "$WORK/au-t/$2"
    fails "verify: $1" 1 "$4" "$TRUCE" verify "$WORK/au-t"
}
au_tampered "a payout changed by a cent" payouts.csv 's/5640.00/5640.01/' \
    "au-t/payouts.csv:2: error: differs from the recomputed run: the file has '2027-03,ana,ae,base,5640.01', the recomputation '2027-03,ana,ae,base,5640.00'"
au_tampered "a credit changed by one digit" credits.csv 's/^D-1009,2027-03-22,closer,,ana,28000/D-1009,2027-03-22,closer,,ana,28001/' \
    "au-t/credits.csv:13: error: differs"
au_tampered "a statement line changed" statements/cho.txt 's/8,260.01/8,260.10/' "au-t/statements/cho.txt:[0-9]+: error: differs"
au_tampered "payroll.csv changed" payroll.csv 's/Ben Okafor/Ben Okafur/' "au-t/payroll.csv:3: error: differs"
au_tampered "an output's size in the manifest" manifest.xml 's/\(path="credits.csv" size="\)/\19/' \
    "au-t/manifest.xml:[0-9]+: error: differs"
rm -rf "$WORK/au-t"; cp -r "$WORK/au-vout" "$WORK/au-t"; echo extra >"$WORK/au-t/notes.txt"
fails "verify: an extra file" 1 "au-t/notes.txt: error: not written by the run" "$TRUCE" verify "$WORK/au-t"
rm -rf "$WORK/au-t"; cp -r "$WORK/au-vout" "$WORK/au-t"; mkdir -p "$WORK/au-t/statements/old"
echo extra >"$WORK/au-t/statements/old/zed.txt"
fails "verify: an extra file among the statements" 1 "au-t/statements/old/zed.txt: error: not written by the run" \
    "$TRUCE" verify "$WORK/au-t"
rm -rf "$WORK/au-t"; cp -r "$WORK/au-vout" "$WORK/au-t"; rm "$WORK/au-t/statements/raj.txt"
fails "verify: a missing statement" 1 "au-t/statements/raj.txt: error: missing" "$TRUCE" verify "$WORK/au-t"
# An input altered by one byte is named as a changed input, and nothing is compared.
cp "$au_v/deals.csv" "$WORK/au-deals.keep"
sed -i 's/^D-1003,2027-02-10,210000,/D-1003,2027-02-10,210001,/' "$au_v/deals.csv"
fails "verify: an input changed by one byte" 1 "au-verify/deals.csv: error: input changed since the run" \
    "$TRUCE" verify "$WORK/au-vout"
# --in DIR: inputs found by file name elsewhere (the untouched example).
if "$TRUCE" verify "$WORK/au-vout" --in "$EX" >/dev/null 2>&1; then ok; else bad "verify --in DIR"; fi
cp "$WORK/au-deals.keep" "$au_v/deals.csv"
rm "$au_v/touches.csv"
fails "verify: an input missing" 1 "au-verify/touches.csv: error: input not found" "$TRUCE" verify "$WORK/au-vout"
fails "verify: a missing input suggests --in" 1 "au-vout/manifest.xml: error: 1 input not found: .* or give --in DIR" \
    "$TRUCE" verify "$WORK/au-vout"
# Run from another directory, a relative recorded path is not found: the hint says --in (issue 15).
rm -rf "$WORK/au-rel"
(cd "$EX/.." && "$TRUCE" run --in "$(basename "$EX")" --period 2027-03 --out "$WORK/au-rel") >/dev/null 2>&1
(cd / && "$TRUCE" verify "$WORK/au-rel") >"$WORK/stdout" 2>"$WORK/stderr"
if [ $? -eq 1 ] && grep -q "^$(basename "$EX")/deals.csv: error: input not found" "$WORK/stderr" &&
   grep -q 'inputs not found: the manifest records paths as the run was given them; run verify from the directory the run started in, or give --in DIR' "$WORK/stderr"; then ok; else
    bad "verify from elsewhere: no --in hint: $(cat "$WORK/stderr")"; fi
if (cd / && "$TRUCE" verify "$WORK/au-rel" --in "$EX") >/dev/null 2>&1; then ok; else
    bad "verify from elsewhere with --in failed"; fi
fails "verify: no manifest" 1 "nowhere/manifest.xml: error: cannot open" "$TRUCE" verify "$WORK/nowhere"
fails "verify: usage" 2 "verify needs the output directory" "$TRUCE" verify
# A merged sharded run verifies as the unsharded run; a shard verifies on its own.
rm -rf "$WORK/au-s0" "$WORK/au-s1" "$WORK/au-merged"
"$TRUCE" run --in "$EX" --period 2027-03 --out "$WORK/au-s0" --shard 0/2 >/dev/null 2>&1
"$TRUCE" run --in "$EX" --period 2027-03 --out "$WORK/au-s1" --shard 1/2 >/dev/null 2>&1
"$TRUCE" merge --out "$WORK/au-merged" "$WORK/au-s1" "$WORK/au-s0" >/dev/null 2>&1
if "$TRUCE" verify "$WORK/au-merged" >/dev/null 2>&1 && "$TRUCE" verify "$WORK/au-s1" >/dev/null 2>&1 &&
   diff -r "$WORK/au-merged" "$WORK/au-plain" >/dev/null; then ok; else bad "verify of shards and their merge"; fi
rm -rf "$WORK/au-s1"
"$TRUCE" run --in "$au_b" --period 2027-03 --out "$WORK/au-s1" --shard 1/2 >/dev/null 2>&1
fails "merge of shards of different inputs" 1 "records another run" "$TRUCE" merge --out "$WORK/out" "$WORK/au-s0" "$WORK/au-s1"

# ---- truce explain (goldens worked by hand in fixtures/explain/NOTES.md) -----------------
for au_p in ana mia; do
    (cd "$ROOT" && "$TRUCE" explain --in fixtures/example --period 2027-03 --payee "$au_p" --deal D-1005 \
        >"$WORK/au-explain" 2>/dev/null)
    au_same "explain $au_p D-1005" "$ROOT/fixtures/explain/$au_p-D-1005.txt" "$WORK/au-explain"
done
# --component: one payout line; the whole derivation ends with it.
"$TRUCE" explain --in "$EX" --period 2027-03 --payee cho --component renewals >"$WORK/au-explain" 2>/dev/null
if grep -q "falls in tier 2 (200000 and above), so all of it earns 5%: 218000.5 x 5% = 10900.025" "$WORK/au-explain" &&
   grep -q "payout: 10900.03 - 2640.02 = 8260.01" "$WORK/au-explain"; then ok; else bad "explain --component (retroactive)"; fi
"$TRUCE" explain --in "$EX" --period 2027-03 --payee mia --deal D-1009 >"$WORK/au-explain" 2>/dev/null
if grep -q "the marketing credit is unattributed" "$WORK/au-explain" &&
   grep -q "D-1009 gives mia no credit" "$WORK/au-explain"; then ok; else bad "explain: a deal that gives no credit"; fi
fails "explain: unknown payee" 1 "no payee 'zed'" "$TRUCE" explain --in "$EX" --period 2027-03 --payee zed
fails "explain: deal of another month" 1 "deal D-1001 closed in 2027-01, not in 2027-03" \
    "$TRUCE" explain --in "$EX" --period 2027-03 --payee ana --deal D-1001
fails "explain: unknown component" 1 "role 'ae' has no component 'nope'" \
    "$TRUCE" explain --in "$EX" --period 2027-03 --payee ana --component nope
fails "explain: payee not paid" 1 "payee sam has no payout line" "$TRUCE" explain --in "$EX" --period 2027-03 --payee sam
fails "explain: no payee" 2 "explain needs --payee" "$TRUCE" explain --in "$EX" --period 2027-03

# ---- the audit scenario: January to March paid, the ledger corrected, April trues up ------
au_s="$WORK/au-scenario"
rm -rf "$au_s"
mkdir -p "$au_s"
for au_mm in 01 02 03; do
    "$TRUCE" run --plan "$AU/plan.xml" --roster "$AU/roster.csv" --deals "$AU/v1/deals.csv" \
        --period "2027-$au_mm" --out "$au_s/$au_mm" >/dev/null 2>&1
done
cat "$au_s/01/payouts.csv" "$au_s/02/payouts.csv" "$au_s/03/payouts.csv" >"$au_s/paid.csv"
"$TRUCE" run --plan "$AU/plan.xml" --roster "$AU/roster.csv" --deals "$AU/v2/deals.csv" \
    --period 2027-04 --paid "$au_s/paid.csv" --out "$au_s/04" >/dev/null 2>&1
for au_f in payouts.csv payroll.csv statements/amy.txt statements/cal.txt; do
    au_same "true-up April $au_f" "$AU/expected/$au_f" "$au_s/04/$au_f"
done
if grep -q "      2027-02: paid 0.00, computed now 50.00, difference +50.00" "$au_s/04/statements/bob.txt"; then ok; else
    bad "true-up: bob's late February deal is not shown"; fi
if grep -q '<input name="paid" path="'"$au_s"'/paid.csv" size="' "$au_s/04/manifest.xml" &&
   "$TRUCE" verify "$au_s/04" >/dev/null 2>&1; then ok; else bad "true-up: the paid file is not a verified input"; fi
# The HTML statements show the same true-up as a sum that adds up on the page (NOTES.md):
# payout this month + prior-period adjustment = payable, in whole cents.
# au_fig PAGE LABEL: the figure of the row labelled LABEL, in cents ("+600.00" -> 60000;
# "none" when there is no such row; the page groups thousands: "1,600.00" -> 160000).
au_fig() {
    au_v=$(sed -n "s|.*<th>$2</th><td class=\"n\">\([-+0-9.,]*\)</td>.*|\1|p" "$1" | head -1 | tr -d ,)
    [ -n "$au_v" ] || { echo none; return; }
    au_v=${au_v#+}
    au_sign=
    case $au_v in -*) au_sign=- au_v=${au_v#-} ;; esac
    au_v=$(echo "$au_v" | tr -d . | sed 's/^0*//')
    echo "$au_sign${au_v:-0}"
}
# au_trueup PAYEE PAYOUT ADJUSTMENT PAYABLE (cents, from NOTES.md)
au_trueup() {
    au_h="$au_s/04/statements/$1.html"
    au_p=$(au_fig "$au_h" "Payout this month") au_a=$(au_fig "$au_h" "Prior-period adjustment")
    au_t=$(au_fig "$au_h" "Payable this month")
    if [ "$au_p" = "$2" ] && [ "$au_a" = "$3" ] && [ "$au_t" = "$4" ] && [ $((au_p + au_a)) -eq "$au_t" ]; then ok; else
        bad "true-up: $1's HTML page shows payout $au_p + adjustment $au_a = payable $au_t, not $2 + $3 = $4"; fi
}
au_trueup amy 100000 60000 160000
au_trueup bob 25000 5000 30000
au_trueup cal 0 -40000 -40000
# amy's earlier months: 2027-01 and 2027-03 each paid 300.00 less than computed now.
if grep -q '<tr><td>2027-01</td><td class="n">3,000.00</td><td class="n">3,300.00</td><td class="n">+300.00</td></tr>' "$au_s/04/statements/amy.html" &&
   grep -q '<tr><td>2027-03</td><td class="n">2,000.00</td><td class="n">2,300.00</td><td class="n">+300.00</td></tr>' "$au_s/04/statements/amy.html" &&
   grep -q "<th>Less earned through last month, as computed now</th><td class=\"n\">7,100.00</td>" "$au_s/04/statements/amy.html"; then ok; else
    bad "true-up: amy's HTML page does not list the months it corrects"; fi
# explain shows the same true-up, month by month.
"$TRUCE" explain --plan "$AU/plan.xml" --roster "$AU/roster.csv" --deals "$AU/v2/deals.csv" \
    --period 2027-04 --paid "$au_s/paid.csv" --payee cal >"$WORK/au-explain" 2>/dev/null
if grep -q "      2027-02: paid 1000.00, computed now 600.00, difference -400.00" "$WORK/au-explain" &&
   grep -q "TOTAL PAYABLE FOR 2027-04: -400.00 USD" "$WORK/au-explain"; then ok; else bad "explain --paid: no true-up"; fi
# Without --paid, earlier months are assumed paid as computed: no adjustment anywhere.
"$TRUCE" run --plan "$AU/plan.xml" --roster "$AU/roster.csv" --deals "$AU/v2/deals.csv" \
    --period 2027-04 --out "$au_s/04-unpaid" >/dev/null 2>&1
au_same "April without --paid" "$AU/expected/payouts-unpaid.csv" "$au_s/04-unpaid/payouts.csv"
if ! grep -rqi "adjustment\|as computed now" "$au_s/04-unpaid/statements"; then ok; else bad "an adjustment without --paid"; fi
# payroll.csv then pays April's payouts (1000.00, 250.00, 0.00), none of it a true-up.
printf 'payee_id,name,period,currency,amount,prior_period_adjustment\namy,"Ortiz, Amy",2027-04,USD,1000.00,0.00\nbob,Bob Stone,2027-04,USD,250.00,0.00\ncal,Cal Reyes,2027-04,USD,0.00,0.00\n' >"$WORK/au-payroll-unpaid"
au_same "payroll.csv of April without --paid" "$WORK/au-payroll-unpaid" "$au_s/04-unpaid/payroll.csv"
if [ "$(au_fig "$au_s/04-unpaid/statements/amy.html" "Payable this month")" = 100000 ]; then ok; else
    bad "April without --paid: amy's HTML page does not pay 1000.00"; fi
# May, paid through April: the true-up is paid once (amy 8100.00, bob 3050.01, cal 600.00 paid = R(4)).
cat "$au_s/paid.csv" "$au_s/04/payouts.csv" >"$au_s/paid-04.csv"
"$TRUCE" run --plan "$AU/plan.xml" --roster "$AU/roster.csv" --deals "$AU/v2/deals.csv" \
    --period 2027-05 --paid "$au_s/paid-04.csv" --out "$au_s/05" >/dev/null 2>&1
printf 'period,payee_id,role,component_id,amount\n2027-05,amy,ae,base,0.00\n2027-05,bob,ae,base,0.00\n2027-05,cal,ae,base,0.00\n' >"$WORK/au-may"
au_same "May after the true-up" "$WORK/au-may" "$au_s/05/payouts.csv"
if ! grep -rqi "adjustment\|as computed now" "$au_s/05/statements" &&
   ! grep -v '^payee_id' "$au_s/05/payroll.csv" | grep -qv ',0\.00,0\.00$'; then ok; else
    bad "May after the true-up: an adjustment is shown again"; fi
# The example with its own payouts as paid history changes nothing but the manifest.
rm -rf "$WORK/au-selfpaid"
"$TRUCE" run --in "$EX" --period 2027-03 --paid "$WORK/au-plain/payouts.csv" --out "$WORK/au-selfpaid" >/dev/null 2>&1
if diff -r -x manifest.xml "$WORK/au-plain" "$WORK/au-selfpaid" >/dev/null; then ok; else bad "--paid of the same month changed an output"; fi

# A bad paid file is an input error at its line and column; nothing is written.
au_paid_fails() {
    printf 'period,payee_id,role,component_id,amount\n%s\n' "$2" >"$WORK/au-badpaid.csv"
    fails "paid: $1" 1 "$3" "$TRUCE" run --in "$EX" --period 2027-03 --paid "$WORK/au-badpaid.csv" --out "$WORK/out"
}
au_paid_fails "sub-cent amount" "2027-01,ana,ae,base,3360.001" "au-badpaid.csv:2:5: error: amount '3360.001' is not a whole number of USD minor units"
au_paid_fails "bad amount" "2027-01,ana,ae,base,3360.0.0" "au-badpaid.csv:2:5: error: amount .3360.0.0. is not a decimal number"
au_paid_fails "bad period" "2027-1,ana,ae,base,3360.00" "au-badpaid.csv:2:1: error: period '2027-1' is not YYYY-MM"
au_paid_fails "paid twice" "$(printf '2027-01,ana,ae,base,3360.00\n2027-01,ana,ae,base,3360.00')" \
    "au-badpaid.csv:3: error: 2027-01 ana ae base is paid twice \\(also at line 2\\)"
printf 'period,payee,amount\n' >"$WORK/au-badpaid.csv"
fails "paid: not a payouts file" 1 "au-badpaid.csv:1: error: the header has no column 'payee_id'" \
    "$TRUCE" run --in "$EX" --period 2027-03 --paid "$WORK/au-badpaid.csv" --out "$WORK/out"
fails "paid: missing file" 1 "nowhere.csv" "$TRUCE" run --in "$EX" --period 2027-03 --paid "$WORK/nowhere.csv" --out "$WORK/out"
printf 'period,payee_id,role,component_id,amount\n2027-01,zed,ae,base,1.00\n2026-01,ana,ae,base,1.00\n' >"$WORK/au-oddpaid.csv"
rm -rf "$WORK/au-odd"
if "$TRUCE" run --in "$EX" --period 2027-03 --paid "$WORK/au-oddpaid.csv" --out "$WORK/au-odd" >/dev/null 2>"$WORK/stderr" &&
   grep -q "au-oddpaid.csv:2: warning: 1 row before 2027-03 names a payee, role or component this run does not pay; ignored" "$WORK/stderr"; then ok; else
    bad "paid: an unknown payee is warned about: $(cat "$WORK/stderr")"; fi

# ---- progress: never in captured output; --quiet is accepted --------------------------
rm -rf "$WORK/au-quiet"
if "$TRUCE" run --in "$EX" --period 2027-03 --out "$WORK/au-quiet" --quiet >/dev/null 2>"$WORK/stderr" &&
   ! grep -q "crediting\|reading" "$WORK/stderr"; then ok; else bad "--quiet run"; fi
# On a terminal (a pseudo-terminal from script(1)) a large batch shows a bar per stage with
# counts; --quiet silences it.  210,000 deals: just over the 200,000 that makes a batch large.
if command -v script >/dev/null 2>&1; then
    cc -O2 -o "$WORK/au-gen" "$ROOT/bench/gen.c"
    "$WORK/au-gen" --seed 3 --deals 210000 --payees 200 --campaigns 20 --out "$WORK/au-large" >/dev/null 2>&1
    rm -rf "$WORK/au-tty" "$WORK/au-tty-q"
    script -qfec "'$TRUCE' run --in '$WORK/au-large' --period 2027-06 --out '$WORK/au-tty'" "$WORK/au-ts" >/dev/null 2>&1
    if grep -q "truce: crediting \[####################\] 210,000/210,000 deals" "$WORK/au-ts" &&
       grep -q "truce: writing   \[####################\] 200/200 statements" "$WORK/au-ts"; then ok; else
        bad "progress: no bar on a terminal: $(tr '\r' '\n' <"$WORK/au-ts" | head -3)"; fi
    script -qfec "'$TRUCE' run --in '$WORK/au-large' --period 2027-06 --out '$WORK/au-tty-q' --quiet" "$WORK/au-ts" >/dev/null 2>&1
    if [ -f "$WORK/au-tty-q/manifest.xml" ] && ! grep -q "crediting\|writing " "$WORK/au-ts"; then ok; else
        bad "progress: --quiet still draws"; fi
    # A small batch draws nothing, terminal or not.
    rm -rf "$WORK/au-tty-small"
    script -qfec "'$TRUCE' run --in '$EX' --period 2027-03 --out '$WORK/au-tty-small'" "$WORK/au-ts" >/dev/null 2>&1
    if [ -f "$WORK/au-tty-small/manifest.xml" ] && ! grep -q "truce: crediting" "$WORK/au-ts"; then ok; else
        bad "progress: drawn for a small batch"; fi
    # Same outputs with and without a bar (the manifest records no --quiet).
    if diff -r "$WORK/au-tty" "$WORK/au-tty-q" >/dev/null; then ok; else bad "progress: changed an output"; fi
else
    skip script "script(1) not found: the progress bar on a terminal is not checked"
fi
