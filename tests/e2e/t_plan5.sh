# Issue 5's plan language (docs/plan-language.md): overlays, roll-ups, attainment
# windows and effective dates.  A bad one fails `truce check` (exit 1) at its plan
# line; a plan saying the defaults out loud computes the example byte for byte; the
# XML examples of the docs validate against rules/plan.xsd.  (One plan file here:
# several versions on the command line are tested with the batch flags.)
#
# fixtures/example/plan.xml: line 3 <plan>, 13 the last <split>, 14 its <closer>,
# 15 </split>, 18 <commission id="base">.

# p5_edit NAME SED-SCRIPT: a copy of the example with its plan edited; prints its path.
p5_edit() {
    p5_b=$(batch "$1")
    sed -i "$2" "$p5_b/plan.xml"
    echo "$p5_b"
}

b=$(p5_edit p5-overlay-dup '14a <overlay role="se" share="1%"/>\n<overlay role="se" share="2%"/>')
fails "overlay: same role twice" 1 "plan.xml:16: error: duplicate overlay role 'se' in this split \(first at line 15\)" \
    "$TRUCE" check --in "$b"
b=$(p5_edit p5-overlay-first '13a <overlay role="se" share="1%"/>')
fails "overlay: before the closer" 1 "plan.xml:15: error: <closer> does not belong here; expected <overlay>" "$TRUCE" check --in "$b"
b=$(p5_edit p5-overlay-share '14a <overlay role="se" share="ten"/>')
fails "overlay: share not a number" 1 "plan.xml:15: error: .*'ten'" "$TRUCE" check --in "$b"
b=$(p5_edit p5-overlay-norole '14a <overlay share="1%"/>')
fails "overlay: no role" 1 "plan.xml:15: error: .*role" "$TRUCE" check --in "$b"

b=$(p5_edit p5-rollup-dup '15a <rollup role="ae"/>\n<rollup role="ae" scope="subtree" share="10%"/>')
fails "rollup: same role twice" 1 "plan.xml:17: error: duplicate rollup role 'ae' \(first at line 16\)" \
    "$TRUCE" check --in "$b"
b=$(p5_edit p5-rollup-scope '15a <rollup role="ae" scope="everyone"/>')
fails "rollup: unknown scope" 1 "plan.xml:16: error: .*'everyone'" "$TRUCE" check --in "$b"
b=$(p5_edit p5-rollup-place '12a <rollup role="ae"/>')
fails "rollup: before a split" 1 "plan.xml:1[34]: error: .*split" "$TRUCE" check --in "$b"

b=$(p5_edit p5-window '18s/mode="marginal"/& window="weekly"/')
fails "window: unknown" 1 "plan.xml:18: error: .*'weekly'" "$TRUCE" check --in "$b"
b=$(p5_edit p5-window-spif 's/pay="250"/& window="month"/')
fails "window: on a spif" 1 "plan.xml:23: error: .*window" "$TRUCE" check --in "$b"

p5_eff() {  # p5_eff NAME ATTRS PATTERN: <plan ATTRS> fails check at line 3
    b=$(p5_edit "$1" "3s/rounding=\"half-up\"/& $2/")
    fails "effective dates: $1" 1 "plan.xml:3: error: $3" "$TRUCE" check --in "$b"
}
p5_eff p5-eff-real 'effective-from="2027-02-29"' "effective-from '2027-02-29' is not a real date \(YYYY-MM-DD\)"
p5_eff p5-eff-form 'effective-to="2027-6-30"' ".*'2027-6-30'"
p5_eff p5-eff-year 'effective-from="2026-07-01"' "effective-from 2026-07-01 is not in the plan year 2027"
p5_eff p5-eff-year2 'effective-to="2028-06-30"' "effective-to 2028-06-30 is not in the plan year 2027"
p5_eff p5-eff-first 'effective-from="2027-07-15"' "effective-from 2027-07-15 is not the first day of a month"
p5_eff p5-eff-last 'effective-to="2027-06-29"' "effective-to 2027-06-29 is not the last day of a month"
p5_eff p5-eff-order 'effective-from="2027-07-01" effective-to="2027-03-31"' \
    "effective-from 2027-07-01 is after effective-to 2027-03-31"

# All of them, legal: check passes (exit 0), and lint names what earns nothing.
b=$(p5_edit p5-legal '14a <overlay role="se" share="10%"/>\n<overlay role="am" share="0%"/>
15a <rollup role="am" scope="subtree" share="50%"/>
3s/rounding="half-up"/& effective-from="2027-01-01" effective-to="2027-12-31"/
18s/mode="marginal"/& window="quarter"/')
if "$TRUCE" check --in "$b" >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else
    bad "issue 5 plan: check failed: $(head -3 "$WORK/stderr")"; fi
for w in "plan.xml:15: warning: overlay role 'se' is not a role of the plan, so its overlay credit earns nothing" \
         "plan.xml:16: warning: overlay share for role 'am' is 0, so it credits nothing"; do
    if grep -qF "$w" "$WORK/stderr"; then ok; else bad "issue 5 lint: no warning: $w"; fi
done
# The example's 110% split warns as before; the third split's overlays are not counted.
if grep -q "plan.xml:9: warning: split shares add up to 110%" "$WORK/stderr" &&
    ! grep -q "plan.xml:13: warning: split shares" "$WORK/stderr"; then ok; else
    bad "issue 5 lint: overlay shares counted: $(cat "$WORK/stderr")"; fi

# The defaults said out loud change nothing: the example's outputs byte for byte.
b=$(p5_edit p5-defaults '3s/rounding="half-up"/& effective-from="2027-01-01" effective-to="2027-12-31"/
s/<commission id="[a-z]*"/& window="year"/')
cp -r "$ROOT/fixtures/example/expected" "$b/"
golden "issue 5 defaults" "$b" 2027-03

# Every complete plan in docs/plan-language.md validates against the schema.
if command -v xmllint >/dev/null 2>&1; then
    rm -rf "$WORK/p5-docs"
    mkdir -p "$WORK/p5-docs"
    awk -v dir="$WORK/p5-docs" '
        /^```xml/ { inblock = 1; n++; f = dir "/ex" n ".xml"; next }
        /^```/    { inblock = 0; next }
        inblock   { print > f }
    ' "$ROOT/docs/plan-language.md"
    p5_n=0
    for f in "$WORK"/p5-docs/*.xml; do
        [ -f "$f" ] || continue
        grep -q '^<plan ' "$f" || continue   # fragments are not whole plans
        p5_n=$((p5_n + 1))
        if xmllint --noout --nonet --schema "$ROOT/rules/plan.xsd" "$f" >/dev/null 2>"$WORK/xmllint.err"; then ok; else
            bad "docs/plan-language.md example $(basename "$f"): $(head -3 "$WORK/xmllint.err")"; fi
    done
    if [ "$p5_n" -ge 5 ]; then ok; else bad "docs/plan-language.md: only $p5_n whole plans found"; fi
else
    skip xmllint "xmllint not found: the plans in docs/plan-language.md are not checked against the schema"
fi
