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

# libxml2's messages in plain words (issue 15, point 3): the line stays, the words say what to write.
b=$(batch plainmodel); sed -i 's/model="w-shaped"/model="w_shaped"/' "$b/plan.xml"
run_fails "plain words: enumeration" "$b" "plan.xml:7: error: <marketing> model 'w_shaped': write one of linear, .* \(did you mean 'w-shaped'\?\)$"
b=$(batch plaintypo); sed -i 's|<tier rate="12%"/>|<teir rate="12%"/>|' "$b/plan.xml"
run_fails "plain words: element typo" "$b" "plan.xml:21: error: <teir> does not belong here; expected <tier>$"
b=$(batch plainrate); sed -i 's|<tier rate="12%"/>|<tier rate="twelve"/>|' "$b/plan.xml"
run_fails "plain words: pattern" "$b" "plan.xml:21: error: <tier> rate 'twelve': write a number \(0\.3\), a percentage \(30%\) or a fraction \(3/10\)"
b=$(batch plainlatin1); printf '<!-- r\351sum\351 -->\n' >> "$b/plan.xml"
run_fails "plain words: Latin-1" "$b" "plan.xml:[0-9]+:[0-9]+: error: the file is not UTF-8 \(bytes 0xE9 .*\): if it was saved as Latin-1 or Windows-1252, save it again as UTF-8"
b=$(batch plainclose); sed -i '0,/<\/role>/s|</role>||' "$b/plan.xml"
run_fails "plain words: unclosed" "$b" "plan.xml:[0-9]+:[0-9]+: error: </[a-z]+> found where </[a-z]+> \(opened on line [0-9]+\) was expected: close <[a-z]+> first"
