# truce convert: CRM exports + a mapping -> a contract batch (docs/mapping.md).
# Expected figures are worked by hand: fixtures/salesforce/NOTES.md, and the
# Maven arithmetic in the comments below (sums taken from the raw export with awk).

# --- Salesforce-style export: convert with the plan, run, compare with the hand-worked files.
sf="$ROOT/fixtures/salesforce"
rm -rf "$WORK/sf-batch"
if "$TRUCE" convert --map "$sf/mapping.xml" --plan "$sf/plan.xml" --out "$WORK/sf-batch" \
       >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else bad "convert salesforce: $(cat "$WORK/stderr")"; fi
grep -q "deals.csv 6 rows" "$WORK/stdout" && ok || bad "convert salesforce: summary: $(cat "$WORK/stdout")"
# The converted batch is a plain contract batch: 2027-01-15 and 48000.00 for "01/15/2027" and "$48,000.00".
grep -qx '0068c00000Opp01,2027-01-15,48000.00,0058c00000AnaRz,New Business,Acme - Platform' \
    "$WORK/sf-batch/deals.csv" && ok || bad "convert salesforce: Opp01 row"
cmp -s "$sf/plan.xml" "$WORK/sf-batch/plan.xml" && ok || bad "convert salesforce: plan.xml not copied"
cp -r "$sf/expected" "$WORK/sf-batch/"   # golden reads DIR/expected
golden salesforce "$WORK/sf-batch" 2027-03

# --- Errors are located in the export (file:line:col), nothing is written.
sfcopy() {  # sfcopy NAME: a writable copy of the export, mapping and plan
    rm -rf "$WORK/$1"; mkdir -p "$WORK/$1"
    cp "$sf"/opportunities.csv "$sf"/users.csv "$sf"/mapping.xml "$sf"/plan.xml "$WORK/$1/"
    echo "$WORK/$1"
}
conv() {  # conv DIR: convert DIR's export with its mapping and plan into $WORK/out
    "$TRUCE" convert --map "$1/mapping.xml" --plan "$1/plan.xml" --out "$WORK/out"
}
# Opportunities lines: 1 header, 2 Opp01, 3-4 Opp02 (a line break in its name), 5 Opp03,
# 6 Opp04, 7 Opp05, 8 Opp06, 9 Opp07, 10 Opp08.  Columns: 4 Close Date, 5 Amount, 7 Owner ID.
d=$(sfcopy sf-date); sed -i 's|"03/22/2027"|"02/30/2027"|' "$d/opportunities.csv"
fails "convert: impossible US date" 1 "opportunities.csv:7:4: error: Close Date '02/30/2027' is not a date \(MM/DD/YYYY\)" conv "$d"
d=$(sfcopy sf-amount); sed -i 's|"\$20,000.00"|"$20.000,00"|' "$d/opportunities.csv"
fails "convert: European amount in a US column" 1 "opportunities.csv:8:5: error: Amount '\\\$20.000,00' is not a number in the declared format \\(format=\"number\" decimal-mark=\"\\.\" group-mark=\",\" currency=\"\\\$\": e\\.g\\. \\\$1,234\\.56\\)" conv "$d"
# A lost deal is filtered out before conversion, so its bad amount is no error.
d=$(sfcopy sf-lost); sed -i 's|"\$9,999.99"|"junk"|' "$d/opportunities.csv"
rm -rf "$WORK/out"; if conv "$d" >/dev/null 2>"$WORK/stderr"; then ok; else bad "convert: filtered row checked: $(cat "$WORK/stderr")"; fi
# Checks of the converted batch come back to the export: an owner not in users.csv.
d=$(sfcopy sf-owner); sed -i '5s|"0058c00000AnaRz"|"0058c00000Nobody"|' "$d/opportunities.csv"
fails "convert: closer not in the roster, located in the export" 1 "opportunities.csv:5:7: error: closer_id '0058c00000Nobody' is not in the roster" conv "$d"
if grep -q "deals.csv" "$WORK/stderr"; then bad "convert: a message names the converted file: $(cat "$WORK/stderr")"; else ok; fi
# ... a duplicate deal id after the multi-line record (converted line 9, export line 8)
d=$(sfcopy sf-dup); sed -i 's|"0068c00000Opp06"|"0068c00000Opp05"|' "$d/opportunities.csv"
fails "convert: duplicate deal id" 1 "opportunities.csv:8:1: error: duplicate deal_id '0068c00000Opp05'" conv "$d"
# ... a quota that converts but is not a contract amount (below zero)
d=$(sfcopy sf-quota); sed -i 's|"\$120,000.00"|"-$120,000.00"|' "$d/users.csv"
fails "convert: negative quota" 1 "users.csv:3:4: error: annual_quota '-120000.00' is below zero" conv "$d"
# ... and a `when` that fails on a deal: named at the deal's export line.
d=$(sfcopy sf-when); sed -i "s|when=\"type = 'New Business'\"|when=\"type > 5\"|" "$d/plan.xml"
fails "convert: evaluation error at the export line" 1 "opportunities.csv:7: error: deal 0068c00000Opp05" conv "$d"
# A column the mapping names but the export lacks: at the export's header line.
d=$(sfcopy sf-col); sed -i '1s|"Close Date"|"Closing Date"|' "$d/opportunities.csv"
fails "convert: missing export column" 1 "opportunities.csv:1: error: no column 'Close Date' \(named at .*mapping.xml:21\)" conv "$d"
# The mapping itself: validated by its schema, errors at its own lines.
d=$(sfcopy sf-map); sed -i 's|format="MM/DD/YYYY"|format="M/D/Y"|' "$d/mapping.xml"
fails "convert: mapping not valid" 1 "mapping.xml:21: error:.*M/D/Y" conv "$d"
d=$(sfcopy sf-doctype); sed -i '1a <!DOCTYPE mapping [<!ENTITY x SYSTEM "file:///etc/passwd">]>' "$d/mapping.xml"
fails "convert: DOCTYPE refused" 1 "mapping.xml:2: error: DOCTYPE is not allowed" conv "$d"
fails "convert: missing export file" 1 "nowhere/users.csv: error: cannot open file" \
    "$TRUCE" convert --map "$sf/mapping.xml" --from "$WORK/nowhere" --out "$WORK/out"
# Usage.
fails "convert: no --map" 2 "convert needs --map FILE" "$TRUCE" convert --out "$WORK/out"
fails "convert: no --out" 2 "convert needs --out DIR" "$TRUCE" convert --map "$sf/mapping.xml"
fails "convert: unknown flag" 2 "unknown flag '--period'" "$TRUCE" convert --map "$sf/mapping.xml" --period 2027-03 --out "$WORK/out"
mkdir -p "$WORK/full" && touch "$WORK/full/x"
fails "convert: --out not empty" 2 "exists and is not empty" "$TRUCE" convert --map "$sf/mapping.xml" --out "$WORK/full"
# --force replaces only what truce wrote: a directory holding the user's file x is refused and
# kept; convert's own output (its manifest.xml lists every file) is replaced.
"$TRUCE" convert --map "$sf/mapping.xml" --out "$WORK/full" --force >/dev/null 2>"$WORK/stderr"
if [ $? -eq 2 ] && grep -q "only a directory that truce wrote" "$WORK/stderr" && [ -f "$WORK/full/x" ] &&
   [ ! -e "$WORK/full/deals.csv" ]; then ok; else bad "convert --force over a stranger's directory"; fi
rm -rf "$WORK/conv-own"
if "$TRUCE" convert --map "$sf/mapping.xml" --out "$WORK/conv-own" >/dev/null 2>&1 &&
   grep -q "<output path=\"deals.csv\"" "$WORK/conv-own/manifest.xml" &&
   "$TRUCE" convert --map "$sf/mapping.xml" --out "$WORK/conv-own" --force >/dev/null 2>&1 &&
   [ -f "$WORK/conv-own/deals.csv" ] && [ ! -e "$WORK/conv-own/plan.xml" ]; then ok; else bad "convert --force over its own output"; fi

# --- The Maven CRM dataset, straight from the shared data directory (never copied here).
maven="$ROOT/../shared/data/maven-crm"
if [ ! -f "$maven/sales_pipeline.csv" ]; then
    skip maven-crm "$maven not found: the Maven CRM conversion is not tested"
else
    rm -rf "$WORK/maven" "$WORK/maven-june"
    if "$TRUCE" convert --map "$ROOT/rules/examples/maven-crm.mapping.xml" --from "$maven" \
           --plan "$ROOT/rules/examples/maven-crm-2017.xml" --out "$WORK/maven" >"$WORK/stdout" 2>"$WORK/stderr" &&
       "$TRUCE" run --in "$WORK/maven" --period 2017-06 --out "$WORK/maven-june" >/dev/null 2>>"$WORK/stderr"; then
        ok
    else
        bad "maven: convert or run failed: $(head -5 "$WORK/stderr")"
    fi
    # 35 agents + 6 managers; 4238 rows have deal_stage Won (awk -F, '$5=="Won"' sales_pipeline.csv | wc -l).
    grep -q "roster.csv 41 rows, deals.csv 4238 rows, touches.csv 4238 rows, campaigns.csv 6 rows" "$WORK/stdout" &&
        ok || bad "maven: row counts: $(cat "$WORK/stdout")"
    # The product spelled GTXPro in the pipeline is recoded, so it finds its series.
    grep -q '^Z063OYW0,2017-03-11,4514,darcel-schlecht,GTX Pro,GTX,Isdom$' "$WORK/maven/deals.csv" &&
        ok || bad "maven: GTXPro row"
    # Hand-checked payouts for June 2017 (quota 300000: tiers 0-150000 at 5%, 150000-300000 at 8%, 12% above):
    # - Moses Frase: won 55784 through May, 93068 through June, all below 150000:
    #   (93068 - 55784) x 5% = 37284 x 0.05 = 1864.20.
    # - Darcel Schlecht: 300203 through May, 422330 through June, both past quota, where
    #   F(x) = 150000 x 5% + 150000 x 8% + (x - 300000) x 12% = 19500 + 0.12 (x - 300000):
    #   F(422330) - F(300203) = 0.12 x (422330 - 300203) = 0.12 x 122127 = 14655.24.
    # - Dustin Brinkmann (manager, 1% overlay): his five agents won 159054 in June: 1590.54.
    # - GTK SPIF (500 per GTK 500 deal): Elease Gluck won three in June (06-18, 06-28, 06-30): 1500.00.
    for row in "2017-06,moses-frase,ae,base,1864.20" "2017-06,darcel-schlecht,ae,base,14655.24" \
               "2017-06,dustin-brinkmann,manager,overlay,1590.54" "2017-06,elease-gluck,ae,gtk,1500.00"; do
        grep -qx "$row" "$WORK/maven-june/payouts.csv" && ok || bad "maven: payouts.csv lacks $row"
    done
    # The same sums from the raw export, as an independent check of the figures above.
    got=$(awk -F, 'NR > 1 && $5 == "Won" && $2 == "Moses Frase" && substr($7, 1, 7) == "2017-06" { s += $8 } END { print s }' \
          "$maven/sales_pipeline.csv")
    [ "$got" = 37284 ] && ok || bad "maven: Moses Frase's June bookings are $got, not 37284"
fi
