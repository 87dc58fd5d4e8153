# The campaign scoreboard (scoreboard.csv) and the optional `outcome` column.
# Its figures are checked by the goldens fixtures/golden/scoreboard-*/ (NOTES.md
# works them out); here: its place in the outputs, shards, merge and errors.

sb_b=$(batch sb-outcome)
sed -i '1s/$/,outcome/; 2,$s/$/,won/; 3s/,won$/,maybe/' "$sb_b/deals.csv"
run_fails "outcome neither won nor lost" "$sb_b" "deals.csv:3:9: error: outcome 'maybe' is not 'won' or 'lost'"

# Every run writes it, and the manifest lists it.
sb_o="$WORK/sb-out"
rm -rf "$sb_o"
"$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$sb_o" >/dev/null 2>&1
if grep -q '<output path="scoreboard.csv"' "$sb_o/manifest.xml"; then ok; else
    bad "scoreboard: not listed in manifest.xml"; fi

# Shards: only shard 0 writes it, and merge gives the unsharded run's bytes.
for k in 0 1 2; do
    rm -rf "$WORK/sb-s$k"
    "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --shard $k/3 --out "$WORK/sb-s$k" >/dev/null 2>&1
done
if [ -f "$WORK/sb-s0/scoreboard.csv" ] && [ ! -e "$WORK/sb-s1/scoreboard.csv" ] &&
    [ ! -e "$WORK/sb-s2/scoreboard.csv" ]; then ok; else bad "scoreboard: not written by shard 0 alone"; fi
if cmp -s "$WORK/sb-s0/scoreboard.csv" "$sb_o/scoreboard.csv"; then ok; else
    bad "scoreboard: shard 0's differs from the unsharded run's"; fi
rm -rf "$WORK/sb-m"
if "$TRUCE" merge --out "$WORK/sb-m" "$WORK/sb-s2" "$WORK/sb-s0" "$WORK/sb-s1" >/dev/null 2>&1 &&
    diff -r "$sb_o" "$WORK/sb-m" >/dev/null; then ok; else bad "scoreboard: merge differs from the unsharded run"; fi
rm "$WORK/sb-s0/scoreboard.csv"
fails "merge without the scoreboard" 1 "no shard holds scoreboard.csv" \
    "$TRUCE" merge --out "$WORK/out" "$WORK/sb-s0" "$WORK/sb-s1" "$WORK/sb-s2"

# A lost deal is in scope but earns nothing: no credit line, no commission.
sb_l=$(batch sb-lost)
sed -i '1s/$/,outcome/; 2,$s/$/,/; s/^D-1001,\(.*\),$/D-1001,\1,lost/' "$sb_l/deals.csv"
rm -rf "$WORK/sb-lo"
if "$TRUCE" run --in "$sb_l" --period 2027-01 --out "$WORK/sb-lo" >/dev/null 2>&1 &&
    ! grep -q D-1001 "$WORK/sb-lo/credits.csv" &&
    grep -q '^2027-01,ana,ae,base,0.00$' "$WORK/sb-lo/payouts.csv"; then ok; else
    bad "a lost deal earned something"; fi

# truce scoreboard prints the run's scoreboard.csv; --models compares models.
"$TRUCE" scoreboard --in "$ROOT/fixtures/example" --period 2027-03 >"$WORK/sb-stdout" 2>/dev/null
if cmp -s "$WORK/sb-stdout" "$ROOT/fixtures/golden/scoreboard-example/expected/scoreboard.csv"; then ok; else
    bad "truce scoreboard differs from the run's scoreboard.csv"; fi
# By hand, the deals with marketing credit through March: D-1001 120000, D-1005 64999.99,
# D-1007 99000, D-1008 15000, D-1009 40000 (no eligible touch), D-1010 33333.33.
# first-touch: ps 120000 + 15000 + 33333.33 (D-1010's two 02-02 touches: ps is the earlier row),
#   trade 64999.99, partner-day 99000, webinar 0.
# lead-creation: webinar 120000 (D-1001), trade 64999.99 (D-1005); D-1007, D-1008, D-1010 have no
#   lead touch: unattributed 99000 + 15000 + 33333.33 + 40000 = 187333.33.
# linear: ps 30000 + 32499.995 + 33000 + 15000 + 11111.11 = 121611.105 -> 121611.11.
# plan: the split's own models, so scoreboard.csv's attributed_revenue.
"$TRUCE" scoreboard --models --in "$ROOT/fixtures/example" --period 2027-03 >"$WORK/sb-stdout" 2>/dev/null
cut -d, -f1,2,3,5,7 "$WORK/sb-stdout" >"$WORK/sb-cols"
cat >"$WORK/sb-want" <<'WANT'
campaign_id,plan,linear,first-touch,lead-creation
paid-search,93966.66,121611.11,168333.33,0.00
partner-day,39600.00,33000.00,99000.00,0.00
trade-show,67666.66,57361.11,64999.99,64999.99
webinar-q1,131100.00,120361.11,0.00,120000.00
(unattributed),40000.00,40000.00,40000.00,187333.33
WANT
if cmp -s "$WORK/sb-cols" "$WORK/sb-want"; then ok; else
    bad "scoreboard --models: $(diff "$WORK/sb-want" "$WORK/sb-cols" | head -5)"; fi
if head -1 "$WORK/sb-stdout" | grep -qx "campaign_id,plan,linear,time-decay,first-touch,last-touch,lead-creation,u-shaped,w-shaped,full-path,j-shaped,inverse-j,markov,shapley"; then ok; else
    bad "scoreboard --models: header"; fi
# Every period form (issue 15): a quarter's scoreboard is year to date through its last month,
# the same bytes as the scoreboard of that month.
"$TRUCE" scoreboard --in "$ROOT/fixtures/example" --period 2027-Q1 >"$WORK/sb-q1" 2>/dev/null
"$TRUCE" scoreboard --in "$ROOT/fixtures/example" --period 2027-03 >"$WORK/sb-03" 2>/dev/null
if [ -s "$WORK/sb-q1" ] && cmp -s "$WORK/sb-q1" "$WORK/sb-03"; then ok; else
    bad "scoreboard 2027-Q1 is not the scoreboard through 2027-03"; fi
fails "scoreboard not a period" 2 "is not YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY" \
    "$TRUCE" scoreboard --in "$ROOT/fixtures/example" --period 2027-Q5
