# Issue 6's plan language (docs/plan-language.md): gates, rate tables, per-deal caps
# and floors, clawback policies, release, bonuses, pay curves and draws.  On the
# example batch, a plan using all of them passes `truce check`; each bad variant fails
# it (exit 1) with the message at its plan line; lint warns about the suspicious ones;
# versions must agree on the new kinds.
#
# p6_plan's lines: 7 <rate-table>, 8-9 its rows, 13 <commission id="base">,
# 14 <clawback>, 15-16 tiers, 18 <bonus>, 19-20 levels, 22 <curve>, 23-24 points,
# 26 <draw>, 29 <commission id="renewals">.

p6_plan() {
    cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Issue 6: every pay mechanic of the plan language once. -->
<plan xmlns="urn:truce:plan:1" id="acme-2027" year="2027" currency="USD" rounding="half-up">
  <credit>
    <split><closer share="100%"/></split>
  </credit>
  <rate-table id="product-region" fields="product region">
    <row values="Pro EMEA" rate="6%"/>
    <row values="Pro *" rate="5%"/>
    <default rate="3%"/>
  </rate-table>
  <role id="ae">
    <commission id="base" gate="10%" gate-pay="forward" deal-cap="20000" deal-floor="100">
      <clawback policy="original-rate" within-days="90"/>
      <tier upto="100%" rate-table="product-region"/>
      <tier rate="12%"/>
    </commission>
    <bonus id="kicker" window="year">
      <level attainment="50%" pay="5000"/>
      <level attainment="100%" pay="10000"/>
    </bonus>
    <curve id="target-incentive" target="20000" window="quarter">
      <point attainment="0%" payout="0%"/>
      <point attainment="100%" payout="100%"/>
    </curve>
    <draw id="draw" amount="3000" recoverable="true" recovery-limit="1000" forgive="2027-12-31"/>
  </role>
  <role id="am">
    <commission id="renewals" release="booking"><tier rate="3%"/></commission>
  </role>
  <role id="marketing">
    <commission id="campaign"><tier rate="5%"/></commission>
  </role>
</plan>
EOF
}

# p6_edit NAME SED-SCRIPT: the example batch with p6_plan edited by SED-SCRIPT; prints its path.
p6_edit() {
    p6_b=$(batch "$1")
    p6_plan >"$p6_b/plan.xml"
    [ -z "$2" ] || sed -i "$2" "$p6_b/plan.xml"
    echo "$p6_b"
}

# p6_bad NAME SED-SCRIPT PATTERN: the edited plan fails check with PATTERN (grep -E).
p6_bad() {
    p6_b=$(p6_edit "$1" "$2")
    fails "issue 6 plan: $1" 1 "$3" "$TRUCE" check --in "$p6_b"
}

p6_all=""

# The good plan: valid for xmllint too; check passes and says nothing about the plan.
b=$(p6_edit p6-good "")
if xmllint --version >/dev/null 2>&1; then
    if xmllint --noout --nonet --schema "$ROOT/rules/plan.xsd" "$b/plan.xml" >/dev/null 2>"$WORK/xmllint.err"; then ok; else
        bad "issue 6 plan: xmllint: $(head -3 "$WORK/xmllint.err")"; fi
else
    skip xmllint "xmllint not found: the issue 6 plan is not checked against the schema"
fi
b=$(p6_edit p6-good "$p6_all")
if "$TRUCE" check --in "$b" >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else
    bad "issue 6 plan: check failed: $(head -3 "$WORK/stderr")"; fi
if ! grep -q "plan.xml" "$WORK/stderr"; then ok; else
    bad "issue 6 plan: unexpected plan messages: $(grep plan.xml "$WORK/stderr" | head -3)"; fi

# Tiers and rate tables.
p6_bad p6-tier-both '15s/rate-table="product-region"/& rate="5%"/' \
    'plan.xml:15: error: tier has both rate and rate-table'
p6_bad p6-tier-none '15s/ rate-table="product-region"//' \
    'plan.xml:15: error: tier needs a rate or a rate-table'
p6_bad p6-tier-unknown '15s/product-region/product/' \
    "plan.xml:15: error: tier names unknown rate table 'product'"
p6_bad p6-table-dup '11a <rate-table id="product-region" fields="type"><default rate="1%"/></rate-table>' \
    "plan.xml:12: error: duplicate rate-table id 'product-region' \(first at line 7\)"
p6_bad p6-row-count '8s/Pro EMEA/Pro/' \
    "plan.xml:8: error: row has 1 value but rate table 'product-region' has 2 fields"
p6_bad p6-row-dup '9s/Pro \*/Pro EMEA/' \
    "plan.xml:9: error: row values 'Pro EMEA' repeat the row at line 8 of rate table 'product-region'"
p6_bad p6-table-empty '8,10d' \
    "plan.xml:7: error: rate table 'product-region' has no row and no default"
p6_bad p6-table-column '7s/product region/product segment/' \
    "plan.xml:7: error: rate table 'product-region': column 'segment' is not in the deals header"
p6_bad p6-table-place '4i <rate-table id="x" fields="region"><default rate="1%"/></rate-table>' \
    'plan.xml:4: error: .*rate-table'

# Commission attributes and the clawback policy.
p6_bad p6-floor-cap '13s/deal-floor="100"/deal-floor="20000.01"/' \
    "plan.xml:13: error: commission 'base': deal-floor 20000.01 is above deal-cap 20000"
p6_bad p6-gate-pay '13s/gate="10%" //' \
    "plan.xml:13: error: commission 'base': gate-pay needs a gate"
p6_bad p6-gate-bad '13s/gate="10%"/gate="ten"/' "plan.xml:13: error: .*'ten'"
p6_bad p6-deal-cap-pct '13s/deal-cap="20000"/deal-cap="5%"/' "plan.xml:13: error: .*'5%'"
p6_bad p6-release '13s/gate=/release="later" &/' "plan.xml:13: error: .*'later'"
p6_bad p6-clawback-after '14s/<clawback[^>]*>//
16a <clawback policy="recalculate"/>' 'plan.xml:17: error: .*clawback'
p6_bad p6-clawback-twice '14p' 'plan.xml:15: error: .*clawback'
p6_bad p6-clawback-policy '14s/original-rate/sometimes/' "plan.xml:14: error: .*'sometimes'"

# Bonuses, curves, draws.
p6_bad p6-bonus-empty '19,20d' "plan.xml:18: error: bonus 'kicker' has no level"
p6_bad p6-level-order '20s/100%/50%/' \
    'plan.xml:20: error: level attainment is not above the previous level \(line 19\)'
p6_bad p6-level-zero '19s/50%/0%/' 'plan.xml:19: error: level attainment must be above zero'
p6_bad p6-curve-start '23s/attainment="0%"/attainment="10%"/' \
    "plan.xml:23: error: the first point of curve 'target-incentive' must be at attainment 0%"
p6_bad p6-curve-one '24d' "plan.xml:22: error: curve 'target-incentive' has fewer than 2 points"
p6_bad p6-point-order '24s/attainment="100%"/attainment="0%"/' \
    'plan.xml:24: error: point attainment is not above the previous point \(line 23\)'
p6_bad p6-draw-two '26a <draw id="draw2" amount="1"/>' \
    "plan.xml:27: error: role 'ae' has more than one draw \(first at line 26\)"
p6_bad p6-draw-limit '26s/recoverable="true" //; 26s/ forgive="[^"]*"//' \
    "plan.xml:26: error: draw 'draw': recovery-limit needs recoverable=\"true\""
p6_bad p6-draw-forgive '26s/2027-12-31/2027-02-29/' \
    "plan.xml:26: error: forgive '2027-02-29' is not a real date \(YYYY-MM-DD\)"
p6_bad p6-id-shared '22s/target-incentive/kicker/' \
    "plan.xml:22: error: duplicate component id 'kicker' in role 'ae' \(first at line 18\)"

# Lint: legal but suspicious (exit 0, one warning each).
b=$(p6_edit p6-lint "$p6_all"'
15s/rate-table="product-region"/rate="5%"/
14s/within-days="90"/within-days="0"/
29s/booking/payment/')
if "$TRUCE" check --in "$b" >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else
    bad "issue 6 lint: check failed: $(head -3 "$WORK/stderr")"; fi
for w in "plan.xml:7: warning: rate table 'product-region' is used by no tier" \
         "plan.xml:14: warning: commission 'base': clawback within-days=\"0\" means no time limit (leave it out to say so)" \
         "plan.xml:29: warning: commission 'renewals': release=\"payment\" but the batch has no payments.csv, so all its earnings are held"; do
    if grep -qF "$w" "$WORK/stderr"; then ok; else bad "issue 6 lint: no warning: $w"; fi
done
if [ "$(grep -c 'plan.xml:.*warning:' "$WORK/stderr")" -eq 3 ]; then ok; else
    bad "issue 6 lint: expected 3 plan warnings, got: $(grep plan.xml "$WORK/stderr")"; fi
# payments.csv given (even empty): the release warning goes.
printf 'deal_id,date,amount\n' >"$b/payments.csv"
"$TRUCE" check --in "$b" >"$WORK/stdout" 2>"$WORK/stderr"
if ! grep -q "payments.csv, so" "$WORK/stderr"; then ok; else
    bad "issue 6 lint: release warned with payments.csv: $(grep plan.xml "$WORK/stderr")"; fi
if [ -z "$p6_all" ]; then
    b=$(p6_edit p6-lint-kinds '20s/100%/1500%/
33a <role id="sdr"><draw id="d" amount="100"/></role>')
    if "$TRUCE" check --in "$b" >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else
        bad "issue 6 lint: check failed: $(head -3 "$WORK/stderr")"; fi
    for w in "plan.xml:20: warning: bonus 'kicker': level attainment 1500% is above 1000% (a missing % sign?)" \
             "plan.xml:34: warning: draw 'd': role 'sdr' has no other component, so the draw is paid in full every month"; do
        if grep -qF "$w" "$WORK/stderr"; then ok; else bad "issue 6 lint: no warning: $w"; fi
    done
fi

# Versions: the new kinds are kinds (a bonus in H1 cannot be a spif in H2); everything
# else may change between versions.
b=$(p6_edit p6-versions "$p6_all")
mkdir "$b/plans"
sed '3s/rounding="half-up"/& effective-to="2027-06-30"/' "$b/plan.xml" >"$b/plans/h1.xml"
sed '3s/rounding="half-up"/& effective-from="2027-07-01"/
13s/gate="10%" gate-pay="forward" //
20s/100%/120%/
26s/amount="3000"/amount="2500"/' "$b/plan.xml" >"$b/plans/h2.xml"
rm "$b/plan.xml"
if "$TRUCE" check --in "$b" >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else
    bad "issue 6 versions: check failed: $(head -3 "$WORK/stderr")"; fi
p6_b=$(p6_edit p6-versions-kinds "")
mkdir "$p6_b/plans"
sed '3s/rounding="half-up"/& effective-to="2027-06-30"/' "$p6_b/plan.xml" >"$p6_b/plans/h1.xml"
sed '3s/rounding="half-up"/& effective-from="2027-07-01"/
18s/.*/<spif id="kicker" pay="5"\/>/; 19,21s/.*//' "$p6_b/plan.xml" >"$p6_b/plans/h2.xml"
rm "$p6_b/plan.xml"
fails "issue 6 versions: a bonus becomes a spif" 1 \
    "h2.xml:18: error: component 'kicker' of role 'ae' is a spif here but a bonus in .*h1.xml" \
    "$TRUCE" check --in "$p6_b"
