# Plan errors name plan.xml and the line of the element at fault; hostile XML is refused.
b=$(batch xxe)
sed -i '1a <!DOCTYPE plan [<!ENTITY secret SYSTEM "file:///etc/hostname">]>' "$b/plan.xml"
sed -i 's/id="acme-2027"/id="\&secret;"/' "$b/plan.xml"
run_fails "XXE" "$b" "plan.xml:.*error"
if grep -qF "$(cat /etc/hostname 2>/dev/null || echo no-such-host-name)" "$WORK/stderr"; then bad "XXE: a local file leaked into the message"; else ok; fi
b=$(batch laughs)
cat > "$b/plan.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE plan [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<plan xmlns="urn:truce:plan:1" id="&f;" year="2027" currency="USD"><credit><split/></credit></plan>
XML
run_fails "billion laughs" "$b" "plan.xml:.*error"
b=$(batch unknownel); sed -i 's|<tier rate="12%"/>|<tier rate="12%"/><bonus/>|' "$b/plan.xml"
run_fails "unknown element" "$b" "plan.xml:21: error:.*bonus"
b=$(batch unknownattr); sed -i 's|<tier rate="12%"/>|<tier rate="12%" floor="1"/>|' "$b/plan.xml"
run_fails "unknown attribute" "$b" "plan.xml:21: error:.*floor"
b=$(batch currency); sed -i 's/currency="USD"/currency="XYZ"/' "$b/plan.xml"
run_fails "unknown currency" "$b" "plan.xml:3: error:.*XYZ"
b=$(batch tiers); sed -i 's|<tier upto="100%" rate="8%"/>|<tier upto="40%" rate="8%"/>|' "$b/plan.xml"
run_fails "tiers not increasing" "$b" "plan.xml:20: error"
b=$(batch capperc); sed -i 's|cap="60000"|cap="50%"|' "$b/plan.xml"
run_fails "cap as a percentage" "$b" "plan.xml:18: error"
b=$(batch badwhen); sed -i 's|<split when="source = .marketing.">|<split when="source = marketing'"'"'">|' "$b/plan.xml"
run_fails "when syntax" "$b" "plan.xml:5: error:.*when"
b=$(batch notxml); echo "this is not xml" > "$b/plan.xml"
run_fails "not XML" "$b" "plan.xml:1.*error"
b=$(batch ns); sed -i 's|xmlns="urn:truce:plan:1"|xmlns="urn:truce:plan:2"|' "$b/plan.xml"
run_fails "wrong namespace" "$b" "plan.xml:3.*error"
