# Every limit (docs/limits.md) at the limit (accepted) and one past it (a
# located error, exit 1, nothing written; never a crash or a hang).
# FIELD_MAX_ROWS is too big to reach here: tests/unit/test_limits.c covers it.
# Lines: deals.csv has D-1001 on line 2, D-1002 on line 3, ...; plan.xml has
# the first <split> on line 5, the base commission on 18, its last tier on 21,
# the SPIF on 23, the renewals commission on 26 and its first tier on 27.

# lim_rep C N: the byte C, N times.
lim_rep() { head -c "$2" /dev/zero | tr '\0' "$1"; }
# lim_put FILE: stdin replaces FILE (batch copies may be read-only).
lim_put() { cat >"$1.new" && rm -f "$1" && mv "$1.new" "$1"; }
# lim_ok NAME DIR [PERIOD]: truce run must succeed; its output is left in $WORK/lim-out.
lim_ok() {
    rm -rf "$WORK/lim-out"
    if "$TRUCE" run --in "$2" --period "${3:-2027-03}" --out "$WORK/lim-out" >/dev/null 2>"$WORK/stderr"; then
        ok
        return 0
    fi
    bad "$1: at the limit, truce run failed: $(grep -v warning "$WORK/stderr" | head -3 | cut -c1-300)"
    return 1
}
# lim_has NAME FILE TEXT: FILE holds the line TEXT.
lim_has() {
    if grep -qxF -- "$3" "$2" 2>/dev/null; then ok; else bad "$1: $(basename "$2") lacks '$3'"; fi
}
# lim_same_as_example NAME: the run in $WORK/lim-out wrote the contract example's payouts.
lim_same_as_example() {
    if cmp -s "$WORK/lim-out/payouts.csv" "$ROOT/fixtures/example/expected/payouts.csv"; then ok; else
        bad "$1: payouts differ from the example's"; fi
}

D40=$(lim_rep 9 40)
D41=$(lim_rep 9 41)

# ---- MONEY_MAX_DIGITS: digits in a number -------------------------------------
b=$(batch lim-amount40); sed -i "s/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,$D40,/" "$b/deals.csv"
lim_ok "amount of 40 digits" "$b" 2027-01 &&
    lim_has "amount of 40 digits" "$WORK/lim-out/credits.csv" "D-1002,2027-01-28,closer,,ben,$D40"
b=$(batch lim-amount20-20); sed -i "s/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,12345678901234567890.12345678901234567890,/" "$b/deals.csv"
lim_ok "amount of 20 + 20 digits" "$b" 2027-01 &&
    lim_has "amount of 20 + 20 digits" "$WORK/lim-out/credits.csv" "D-1002,2027-01-28,closer,,ben,12345678901234567890.1234567890123456789"
b=$(batch lim-amount41); sed -i "s/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,$D41,/" "$b/deals.csv"
run_fails "amount of 41 digits" "$b" "deals.csv:3:3: error: amount '$D41' has more than 40 digits"
b=$(batch lim-amount41f); sed -i "s/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,1.$(lim_rep 0 40),/" "$b/deals.csv"
run_fails "amount of 1 + 40 digits" "$b" "deals.csv:3:3: error: amount '1\.0{40}' has more than 40 digits"
b=$(batch lim-amountzeros); sed -i "s/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,$(lim_rep 0 41),/" "$b/deals.csv"
run_fails "amount of 41 zeros (leading zeros count)" "$b" "deals.csv:3:3: error: amount '0{41}' has more than 40 digits"
b=$(batch lim-amount5000); sed -i "s/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,$(lim_rep 7 5000),/" "$b/deals.csv"
run_fails "amount of 5000 digits" "$b" "deals.csv:3:3: error: amount '7+(\.\.\.)?' has more than 40 digits"
# A value too long to quote whole is cut, and the cut is marked (as plan.xml's messages do):
# "amount '777...777...'" must not pass for a 60-digit amount.
if grep -q "amount '7\{60\}\.\.\.' has more than 40 digits" "$WORK/stderr"; then ok; else
    bad "amount of 5000 digits: the quoted value is cut without '...': $(grep -o "amount '[^']*'" "$WORK/stderr" | cut -c1-80)"; fi
b=$(batch lim-quota40); sed -i "s/^ben,Ben Okafor,ae,480000/ben,Ben Okafor,ae,4800000000000000000000.000000000000000000/" "$b/roster.csv"
lim_ok "annual_quota of 40 digits" "$b"
b=$(batch lim-quota41); sed -i "s/^ben,Ben Okafor,ae,480000/ben,Ben Okafor,ae,4800000000000000000000.0000000000000000000/" "$b/roster.csv"
run_fails "annual_quota of 41 digits" "$b" "roster.csv:3:4: error: annual_quota '4800000000000000000000\.0{19}' has more than 40 digits"
b=$(batch lim-cost40); sed -i "s/^trade-show,Trade show booth,mia,45000/trade-show,Trade show booth,mia,$D40/" "$b/campaigns.csv"
lim_ok "cost of 40 digits" "$b" && lim_same_as_example "cost of 40 digits"
b=$(batch lim-cost41); sed -i "s/^trade-show,Trade show booth,mia,45000/trade-show,Trade show booth,mia,$D41/" "$b/campaigns.csv"
run_fails "cost of 41 digits" "$b" "campaigns.csv:4:4: error: cost '$D41' has more than 40 digits"

# Plan numbers: decimal, percentage (digits before the %) and fraction (both sides).
R40="0.$(lim_rep 0 38)1"
R41="0.$(lim_rep 0 39)1"
b=$(batch lim-rate40); sed -i "s|<tier rate=\"12%\"/>|<tier rate=\"$R40\"/>|" "$b/plan.xml"
lim_ok "rate of 40 digits" "$b"
b=$(batch lim-rate41); sed -i "s|<tier rate=\"12%\"/>|<tier rate=\"$R41\"/>|" "$b/plan.xml"
run_fails "rate of 41 digits" "$b" "plan.xml:21: error: rate '$R41' has more than 40 digits"
b=$(batch lim-pct40); sed -i "s|<tier rate=\"12%\"/>|<tier rate=\"$(lim_rep 1 20).$(lim_rep 1 20)%\"/>|" "$b/plan.xml"
lim_ok "percentage of 40 digits" "$b"
b=$(batch lim-pct41); sed -i "s|<tier rate=\"12%\"/>|<tier rate=\"$(lim_rep 1 21).$(lim_rep 1 20)%\"/>|" "$b/plan.xml"
run_fails "percentage of 41 digits" "$b" "plan.xml:21: error: rate '1{21}\.1{20}%' has more than 40 digits"
b=$(batch lim-frac40); sed -i "s|<tier rate=\"12%\"/>|<tier rate=\"$(lim_rep 1 20)/$(lim_rep 3 20)\"/>|" "$b/plan.xml"
lim_ok "fraction of 20 + 20 digits" "$b"
b=$(batch lim-frac41); sed -i "s|<tier rate=\"12%\"/>|<tier rate=\"$(lim_rep 1 20)/$(lim_rep 3 21)\"/>|" "$b/plan.xml"
run_fails "fraction of 20 + 21 digits" "$b" "plan.xml:21: error: rate '1{20}/3{21}' has more than 40 digits"
b=$(batch lim-cap40); sed -i "s|cap=\"60000\"|cap=\"$D40\"|; s|pay=\"250\"|pay=\"1/$(lim_rep 3 39)\"|; s|upto=\"200000\"|upto=\"$(lim_rep 2 40)\"|" "$b/plan.xml"
lim_ok "cap, pay and upto of 40 digits" "$b"
b=$(batch lim-cap41); sed -i "s|cap=\"60000\"|cap=\"$D41\"|" "$b/plan.xml"
run_fails "cap of 41 digits" "$b" "plan.xml:18: error: cap '$D41' has more than 40 digits"
b=$(batch lim-pay41); sed -i "s|pay=\"250\"|pay=\"1/$(lim_rep 3 40)\"|" "$b/plan.xml"
run_fails "pay of 41 digits" "$b" "plan.xml:23: error: pay '1/3{40}' has more than 40 digits"
b=$(batch lim-upto41); sed -i "s|upto=\"200000\"|upto=\"$(lim_rep 2 41)\"|" "$b/plan.xml"
run_fails "upto of 41 digits" "$b" "plan.xml:27: error: upto '2{41}' has more than 40 digits"

# Numbers in `when`: a literal, and a column's value used as a number.
b=$(batch lim-lit40); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"source = 'marketing' and amount \&lt; $D40\">|" "$b/plan.xml"
lim_ok "number literal of 40 digits in when" "$b" && lim_same_as_example "number literal of 40 digits in when"
b=$(batch lim-lit41); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"source = 'marketing' and amount \&lt; $D41\">|" "$b/plan.xml"
run_fails "number literal of 41 digits in when" "$b" "plan.xml:5: error: when: number has more than 40 digits"
b=$(batch lim-col40)
sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"region in ('EMEA', 'NA', 'APAC') or region > 5\">|" "$b/plan.xml"
sed -i "s/^D-1002,2027-01-28,45000,ben,sales,Core,new,NA/D-1002,2027-01-28,45000,ben,sales,Core,new,$D40/" "$b/deals.csv"
lim_ok "column value of 40 digits used as a number" "$b" 2027-01 &&
    lim_has "column value of 40 digits used as a number" "$WORK/lim-out/credits.csv" "D-1002,2027-01-28,closer,,ben,31500"
b=$(batch lim-col41)
sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"region in ('EMEA', 'NA', 'APAC') or region > 5\">|" "$b/plan.xml"
sed -i "s/^D-1002,2027-01-28,45000,ben,sales,Core,new,NA/D-1002,2027-01-28,45000,ben,sales,Core,new,$D41/" "$b/deals.csv"
run_fails "column value of 41 digits used as a number" "$b" "deals.csv:3: error: deal D-1002: .*column 'region' value '$D41' has more than 40 digits"

# ---- CSV_MAX_FIELD: bytes in a field ----------------------------------------------
FMAX=1048576
# lim_deal_with_field NAME QUOTE N: the example plus deal D-2000 (line 2) whose region is N
# bytes (QUOTE=1: quoted, every byte an escaped quote written "").
lim_deal_with_field() {
    lb=$(batch "$1")
    {
        head -1 "$lb/deals.csv"
        printf 'D-2000,2027-03-05,10,ana,sales,Core,new,'
        if [ "$2" -eq 1 ]; then printf '"'; lim_rep '"' $(($3 * 2)); printf '"'; else lim_rep R "$3"; fi
        echo
        tail -n +2 "$lb/deals.csv"
    } | lim_put "$lb/deals.csv"
    echo "$lb"
}
b=$(lim_deal_with_field lim-field "0" $FMAX)
lim_ok "field of $FMAX bytes" "$b"
b=$(lim_deal_with_field lim-field1 "0" $((FMAX + 1)))
run_fails "field of $FMAX + 1 bytes" "$b" "deals.csv:2:8: error: field longer than $FMAX bytes"
b=$(lim_deal_with_field lim-qfield "1" $FMAX)
lim_ok "quoted field of $FMAX bytes once unescaped" "$b"
b=$(lim_deal_with_field lim-qfield1 "1" $((FMAX + 1)))
run_fails "quoted field of $FMAX + 1 bytes once unescaped" "$b" "deals.csv:2:8: error: field longer than $FMAX bytes"
b=$(batch lim-unterminated)
{ cat "$b/deals.csv"; printf 'D-2000,2027-05-05,10,ana,"'; lim_rep x $((FMAX * 3)); echo; } | lim_put "$b/deals.csv"
run_fails "unterminated quote running past the field limit" "$b" "deals.csv:14:5: error: quoted field longer than $FMAX bytes \(unterminated quote\?\)"
b=$(batch lim-name)
{ head -1 "$b/roster.csv"; printf 'zed,'; lim_rep N $FMAX; echo ',ae,100'; tail -n +2 "$b/roster.csv"; } | lim_put "$b/roster.csv"
lim_ok "roster name of $FMAX bytes" "$b"
b=$(batch lim-name1)
{ head -1 "$b/roster.csv"; printf 'zed,'; lim_rep N $((FMAX + 1)); echo ',ae,100'; tail -n +2 "$b/roster.csv"; } | lim_put "$b/roster.csv"
run_fails "roster name of $FMAX + 1 bytes" "$b" "roster.csv:2:2: error: field longer than $FMAX bytes"

# A line made of many maximal fields: 32 extra columns of $FMAX bytes each (32 MiB).
# lim_wide_line NAME LAST: as above, the last extra field LAST bytes long.
lim_wide_line() {
    lb=$(batch "$1")
    {
        printf 'deal_id,close_date,amount,closer_id,source,product,type,region'
        li=0; while [ $li -lt 32 ]; do printf ',x%d' $li; li=$((li + 1)); done; echo
        printf 'D-2000,2027-03-05,10,ana,sales,Core,new,NA'
        li=0; while [ $li -lt 31 ]; do printf ','; lim_rep y $FMAX; li=$((li + 1)); done
        printf ','; lim_rep y "$2"; echo
        tail -n +2 "$lb/deals.csv" | sed 's/$/,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,/'
    } | lim_put "$lb/deals.csv"
    echo "$lb"
}
b=$(lim_wide_line lim-wide $FMAX)
lim_ok "a line of 32 fields of $FMAX bytes" "$b" && lim_has "a line of 32 maximal fields" "$WORK/lim-out/credits.csv" "D-2000,2027-03-05,closer,,ana,10"
b=$(lim_wide_line lim-wide1 $((FMAX + 1)))
run_fails "a line of 32 maximal fields, the last one byte longer" "$b" "deals.csv:2:40: error: field longer than $FMAX bytes"

# ---- CSV_MAX_COLUMNS: fields in the header --------------------------------------
# lim_columns NAME N: deals.csv widened to N columns (extra x9..xN, values empty).
lim_columns() {
    lb=$(batch "$1")
    awk -v c="$2" 'NR == 1 { s = $0; for (i = 9; i <= c; i++) s = s ",x" i; print s; next }
                   { s = $0; for (i = 9; i <= c; i++) s = s ","; print s }' "$lb/deals.csv" | lim_put "$lb/deals.csv"
    echo "$lb"
}
b=$(lim_columns lim-cols 1024)
lim_ok "1024 columns" "$b" && lim_same_as_example "1024 columns"
b=$(lim_columns lim-cols1 1025)
run_fails "1025 columns" "$b" "deals.csv:1:1025: error: more than 1024 columns in the header"
b=$(batch lim-rostercols)
awk 'NR == 1 { s = $0; for (i = 5; i <= 1025; i++) s = s ",r" i; print s; next }
     { s = $0; for (i = 5; i <= 1025; i++) s = s ","; print s }' "$b/roster.csv" | lim_put "$b/roster.csv"
run_fails "roster.csv of 1025 columns" "$b" "roster.csv:1:1025: error: more than 1024 columns in the header"
b=$(batch lim-widerow)
awk 'NR == 3 { s = $0; for (i = 0; i < 5000; i++) s = s ",x"; print s; next } { print }' "$b/deals.csv" | lim_put "$b/deals.csv"
run_fails "a row of 5008 fields" "$b" "deals.csv:3:9: error: expected 8 fields, found 5008"

# ---- EXPR_MAX_LENGTH and EXPR_MAX_DEPTH, through a plan's when ------------------
# "source = 'marketing'" is 20 bytes; spaces pad it to N.
lim_when() { printf "source%s = 'marketing'" "$(lim_rep ' ' $(($1 - 20)))"; }
b=$(batch lim-when4096); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"$(lim_when 4096)\">|" "$b/plan.xml"
lim_ok "when of 4096 bytes" "$b" && lim_same_as_example "when of 4096 bytes"
b=$(batch lim-when4097); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"$(lim_when 4097)\">|" "$b/plan.xml"
run_fails "when of 4097 bytes" "$b" "plan.xml:5: error: when: expression is longer than 4096 bytes"
# The length is the decoded attribute's: &lt; is one byte ("amount < 0 or " is 14 bytes).
b=$(batch lim-whenent); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"amount \&lt; 0 or $(lim_when 4082)\">|" "$b/plan.xml"
lim_ok "when of 4096 bytes once &lt; is decoded" "$b" && lim_same_as_example "when of 4096 bytes once &lt; is decoded"
b=$(batch lim-spifwhen); sed -i "s|when=\"product = 'Pro' and type in ('new', 'expansion')\"|when=\"product = 'Pro'$(lim_rep ' ' 4084)\"|" "$b/plan.xml"
run_fails "SPIF when of 4097 bytes" "$b" "plan.xml:23: error: when: expression is longer than 4096 bytes"
b=$(batch lim-paren64); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"$(lim_rep '(' 64)source = 'marketing'$(lim_rep ')' 64)\">|" "$b/plan.xml"
lim_ok "when nested 64 deep" "$b" && lim_same_as_example "when nested 64 deep"
b=$(batch lim-paren65); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"$(lim_rep '(' 65)source = 'marketing'$(lim_rep ')' 65)\">|" "$b/plan.xml"
run_fails "when nested 65 deep" "$b" "plan.xml:5: error: when: expression nested too deeply at column 65"
b=$(batch lim-not64); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"$(lim_rep n 64 | sed 's/n/not /g')source = 'marketing'\">|" "$b/plan.xml"
lim_ok "64 nots" "$b" && lim_same_as_example "64 nots"
b=$(batch lim-not65); sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"$(lim_rep n 65 | sed 's/n/not /g')source = 'marketing'\">|" "$b/plan.xml"
run_fails "65 nots" "$b" "plan.xml:5: error: when: expression nested too deeply"

# ---- PLAN_MAX_BYTES ------------------------------------------------------------------
# lim_plan_of NAME N: the example plan padded with a comment to exactly N bytes.
lim_plan_of() {
    lb=$(batch "$1")
    lpad=$(($2 - $(wc -c <"$lb/plan.xml") - 8))
    { cat "$lb/plan.xml"; printf '<!--'; lim_rep ' ' "$lpad"; printf -- '-->\n'; } | lim_put "$lb/plan.xml"
    echo "$lb"
}
b=$(lim_plan_of lim-plan 4194304)
lim_ok "plan of 4194304 bytes" "$b" && lim_same_as_example "plan of 4194304 bytes"
b=$(lim_plan_of lim-plan1 4194305)
run_fails "plan of 4194305 bytes" "$b" "plan.xml: error: the plan is larger than 4194304 bytes"
b=$(lim_plan_of lim-planbig 67108864)
run_fails "plan of 64 MiB" "$b" "plan.xml: error: the plan is larger than 4194304 bytes"

# ---- PLAN_MAX_DEPTH: element nesting ---------------------------------------------
# <closer> is at depth 4; K empty elements nested inside reach depth 4 + K.  At 32 the
# plan is still refused (a closer has no content), but not for its depth.
lim_nest() {
    lb=$(batch "$1")
    sed -i "s|<closer share=\"70%\"/>|<closer share=\"70%\">$(lim_rep x "$2" | sed 's/x/<x>/g')$(lim_rep x "$2" | sed 's|x|</x>|g')</closer>|" "$lb/plan.xml"
    echo "$lb"
}
b=$(lim_nest lim-depth32 28)
run_fails "elements nested 32 deep" "$b" "plan.xml:6: error: "
if grep -q "nested" "$WORK/stderr"; then bad "elements nested 32 deep: refused for its depth"; else ok; fi
b=$(lim_nest lim-depth33 29)
run_fails "elements nested 33 deep" "$b" "plan.xml:6: error: elements are nested more than 32 deep"
b=$(lim_nest lim-depth300 296)
run_fails "elements nested 300 deep" "$b" "plan.xml:6(:[0-9]+)?: error: elements are nested more than 256 deep"

# ---- PLAN_MAX_TIERS ----------------------------------------------------------------
# lim_tiers NAME N: the renewals commission with N tiers: the i-th up to i x 1000 at
# i/10000, the last at 5%.  cho's credit is 88000.50 in February, 218000.50 in March:
# tiers 89 and 219, so 218000.50 x 0.0219 = 4774.21 - 88000.50 x 0.0089 = 783.20.
lim_tiers() {
    lb=$(batch "$1")
    awk -v n="$2" '/<tier upto="200000" rate="3%"\/>/ {
                       for (i = 1; i < n; i++) printf "      <tier upto=\"%d\" rate=\"%d/10000\"/>\n", i * 1000, i
                       printf "      <tier rate=\"5%%\"/>\n"; skip = 1; next }
                   skip && /<tier rate="5%"\/>/ { skip = 0; next }
                   { print }' "$lb/plan.xml" | lim_put "$lb/plan.xml"
    echo "$lb"
}
b=$(lim_tiers lim-tiers 1000)
lim_ok "1000 tiers" "$b" && lim_has "1000 tiers" "$WORK/lim-out/payouts.csv" "2027-03,cho,am,renewals,3991.01"
b=$(lim_tiers lim-tiers1 1001)
run_fails "1001 tiers" "$b" "plan.xml:26: error: commission 'renewals' has more than 1000 tiers"

# ---- plan ids: 200 bytes (rules/plan.xsd) ----------------------------------------
b=$(batch lim-id200); sed -i "s|<commission id=\"campaign\">|<commission id=\"$(lim_rep c 200)\">|" "$b/plan.xml"
lim_ok "component id of 200 bytes" "$b"
b=$(batch lim-id201); sed -i "s|<commission id=\"campaign\">|<commission id=\"$(lim_rep c 201)\">|" "$b/plan.xml"
run_fails "component id of 201 bytes" "$b" "plan.xml:32: error: <commission> id .*: at most 200 characters \(this one has 201\)"

# ---- BATCH_MAX_TOUCHES_PER_DEAL: eligible touches of one deal ---------------------
# D-1008 (line 9, closing 2027-03-15) has one eligible touch; February touches add to it.
lim_touches() {
    lb=$(batch "$1")
    { cat "$lb/touches.csv"
      awk -v n="$2" -v m="$3" 'BEGIN { for (i = 0; i < n; i++) printf "D-1008,webinar-q1,2027-%s-%02d,\n", m, i % 28 + 1 }'
    } | lim_put "$lb/touches.csv"
    echo "$lb"
}
b=$(lim_touches lim-touch 9999 02)
lim_ok "10000 touches of one deal" "$b" && lim_has "10000 touches of one deal" "$WORK/lim-out/credits.csv" "D-1008,2027-03-15,marketing,webinar-q1,mia,4500"
b=$(lim_touches lim-touch1 10000 02)
run_fails "10001 touches of one deal" "$b" "deals.csv:9: error: deal D-1008 has more than 10000 touches"
# Touches after the close are not eligible and do not count.
b=$(lim_touches lim-touchlate 20000 04)
lim_ok "20001 touches of one deal, 20000 after its close" "$b" && lim_same_as_example "20000 touches after the close"

# ---- payee_id: names a statement file, so at most 251 bytes (+ ".txt" = NAME_MAX) --
lim_payee() {
    lb=$(batch "$1")
    lid=$(lim_rep a "$2")
    sed -i "s/^ana,/$lid,/" "$lb/roster.csv"
    sed -i "s/,ana,/,$lid,/" "$lb/deals.csv"
    echo "$lb"
}
b=$(lim_payee lim-payee 251)
lim_ok "payee_id of 251 bytes" "$b"
b=$(lim_payee lim-payee1 252)
# Expected: refused when the batch is read (so that check refuses it too), not when writing.
fails "payee_id of 252 bytes (check)" 1 "roster.csv:2:1: error: payee_id" "$TRUCE" check --in "$b"
run_fails "payee_id of 252 bytes" "$b" "roster.csv:2:1: error: payee_id"

# ---- --out: its temporary sibling .NAME.truce-tmp.XXXXXX must fit NAME_MAX ----------
lim_o=$(lim_rep o 237)
rm -rf "$WORK/$lim_o"
if "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/$lim_o" >/dev/null 2>"$WORK/stderr"; then ok; else
    bad "--out name of 237 bytes: $(head -1 "$WORK/stderr" | cut -c1-300)"; fi
rm -rf "$WORK/$lim_o"
fails "--out name of 238 bytes" 1 "o{238}: error: cannot create a temporary directory beside it: File name too long" \
    "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/$(lim_rep o 238)"

# ---- smaller limits: half-life, year, --jobs, messages kept ------------------------
b=$(batch lim-hl); sed -i 's|model="w-shaped"|model="time-decay" half-life="999999999"|' "$b/plan.xml"
lim_ok "half-life of 999999999 days" "$b"
b=$(batch lim-hl1); sed -i 's|model="w-shaped"|model="time-decay" half-life="1000000000"|' "$b/plan.xml"
run_fails "half-life of 1000000000 days" "$b" "plan.xml:7: error: half-life '1000000000' is not a whole number of days from 1 to 999999999"
b=$(batch lim-year); sed -i 's|year="2027"|year="9999"|' "$b/plan.xml"
lim_ok "plan year 9999" "$b" 9999-03
b=$(batch lim-year1); sed -i 's|year="2027"|year="10000"|' "$b/plan.xml"
run_fails "plan year 10000" "$b" "plan.xml:3: error: year '10000' is not between 1 and 9999"
rm -rf "$WORK/lim-out"
if "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/lim-out" --jobs 256 >/dev/null 2>&1; then ok; else bad "--jobs 256 refused"; fi
fails "--jobs 257" 2 "--jobs '257' is not a number from 1 to 256" \
    "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/out" --jobs 257
b=$(batch lim-diags)
{ cat "$b/deals.csv"; awk 'BEGIN { for (i = 0; i < 1500; i++) printf "X-%d,2027-01-01,bad,ana,sales,Core,new,NA\n", i }'; } |
    lim_put "$b/deals.csv"
fails "1500 errors" 1 "^truce: [0-9]+ more diagnostics not shown$" "$TRUCE" check --in "$b"
if [ "$(grep -c ': error: ' "$WORK/stderr")" -eq 1000 ]; then ok; else
    bad "1500 errors: $(grep -c ': error: ' "$WORK/stderr") shown, expected the first 1000"; fi
rm -rf "$WORK"/lim-*
