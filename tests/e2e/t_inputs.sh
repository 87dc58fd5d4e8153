# Every input error of contract section 1: located message, exit 1, nothing written.
# Lines: deals.csv has the header on line 1, D-1001 on line 2, D-1002 on line 3, ...

b=$(batch amount); sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,"12,5",/' "$b/deals.csv"
run_fails "amount not a number" "$b" "deals.csv:3:3: error: amount '12,5' is not a decimal number"
b=$(batch exponent); sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,4.5e4,/' "$b/deals.csv"
run_fails "amount with exponent" "$b" "deals.csv:3:3: error: amount '4.5e4'"
b=$(batch negative); sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,-45000,/' "$b/deals.csv"
run_fails "negative amount" "$b" "deals.csv:3:3: error: amount '-45000' is below zero"
b=$(batch minuszero); sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,-0,/' "$b/deals.csv"
if "$TRUCE" check --in "$b" >/dev/null 2>&1; then ok; else bad "-0 is zero, not an error"; fi
b=$(batch sign); sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,+45000,/' "$b/deals.csv"
run_fails "amount with plus sign" "$b" "deals.csv:3:3: error"
b=$(batch money); sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,$45000,/' "$b/deals.csv"
run_fails "amount with currency sign" "$b" "deals.csv:3:3: error"
b=$(batch quota); sed -i 's/^ben,Ben Okafor,ae,480000/ben,Ben Okafor,ae,480k/' "$b/roster.csv"
run_fails "quota not a number" "$b" "roster.csv:3:4: error: annual_quota '480k'"
b=$(batch cost); sed -i 's/^trade-show,Trade show booth,mia,45000/trade-show,Trade show booth,mia,45 000/' "$b/campaigns.csv"
run_fails "cost with a space" "$b" "campaigns.csv:4:4: error: cost '45 000'"
b=$(batch date); sed -i 's/^D-1004,2027-02-21,/D-1004,2027-02-30,/' "$b/deals.csv"
run_fails "impossible date" "$b" "deals.csv:5:2: error: close_date '2027-02-30'"
b=$(batch datefmt); sed -i 's/^D-1004,2027-02-21,/D-1004,21.02.2027,/' "$b/deals.csv"
run_fails "date format" "$b" "deals.csv:5:2: error: close_date"
b=$(batch touchdate); sed -i 's/^D-1008,paid-search,2027-03-01,/D-1008,paid-search,2027-3-1,/' "$b/touches.csv"
run_fails "touch date" "$b" "touches.csv:13:3: error: touch_date '2027-3-1'"
b=$(batch dupdeal); sed -i 's/^D-1003,/D-1002,/' "$b/deals.csv"
run_fails "duplicate deal_id" "$b" "deals.csv:4:1: error: duplicate deal_id 'D-1002' \\(first at line 3\\): give each row its own deal_id"
b=$(batch duppayee); echo "ana,Another Ana,ae,1" >> "$b/roster.csv"
run_fails "duplicate payee_id" "$b" "roster.csv:8:1: error: duplicate payee_id 'ana' \\(first at line 2\\)"
b=$(batch dupcamp); echo "paid-search,Again,raj,1" >> "$b/campaigns.csv"
run_fails "duplicate campaign_id" "$b" "campaigns.csv:6:1: error: duplicate campaign_id 'paid-search' \\(first at line 3\\)"
b=$(batch closer); sed -i 's/^D-1006,2027-03-09,130000,cho,/D-1006,2027-03-09,130000,zed,/' "$b/deals.csv"
run_fails "closer not in roster" "$b" "deals.csv:7:4: error: closer_id 'zed' is not in the roster"
b=$(batch owner); sed -i 's/^paid-search,Paid search,raj,/paid-search,Paid search,rob,/' "$b/campaigns.csv"
run_fails "owner not in roster" "$b" "campaigns.csv:3:3: error: owner_id 'rob' is not in the roster"
b=$(batch touchdeal); echo "D-9999,paid-search,2027-01-01," >> "$b/touches.csv"
run_fails "touch of an unknown deal" "$b" "touches.csv:18:1: error: deal_id 'D-9999' is not in deals.csv"
b=$(batch touchcamp); echo "D-1001,radio,2027-01-01," >> "$b/touches.csv"
run_fails "touch of an unknown campaign" "$b" "touches.csv:18:2: error: campaign_id 'radio' is not in campaigns.csv"
b=$(batch stage); sed -i 's/^D-1005,trade-show,2027-01-10,lead/D-1005,trade-show,2027-01-10,Lead/' "$b/touches.csv"
run_fails "unknown stage" "$b" "touches.csv:6:4: error: stage 'Lead'"
b=$(batch payeeid); sed -i 's/^sam,Sam Ito,sdr,/sam ito,Sam Ito,sdr,/' "$b/roster.csv"
run_fails "payee_id with a space" "$b" "roster.csv:7:1: error: payee_id 'sam ito'"
b=$(batch campid); sed -i 's/^partner-day,/partner\/day,/' "$b/campaigns.csv"
run_fails "campaign_id with a slash" "$b" "campaigns.csv:5:1: error: campaign_id 'partner/day'"
b=$(batch emptyid); sed -i 's/^D-1004,/,/' "$b/deals.csv"
run_fails "empty deal_id" "$b" "deals.csv:5:1: error: deal_id is empty"
b=$(batch ctrlid); printf 'D-1\001X,2027-01-01,1,ana,sales,Core,new,NA\n' >> "$b/deals.csv"
run_fails "control character in an id" "$b" "deals.csv:14:1: error: deal_id .* control character"
b=$(batch missingcol); sed -i '1s/closer_id/closer/' "$b/deals.csv"
run_fails "missing column" "$b" "deals.csv:1: error: missing column 'closer_id'"
b=$(batch duphdr); sed -i '1s/region/amount/' "$b/deals.csv"
run_fails "duplicate header" "$b" "deals.csv:1:8: error: duplicate header name 'amount'"
b=$(batch ragged); sed -i 's/^D-1006,2027-03-09,130000,cho,sales,Core,renewal,EMEA/D-1006,2027-03-09,130000,cho,sales,Core,renewal,EMEA,extra/' "$b/deals.csv"
run_fails "too many fields" "$b" "deals.csv:7:9: error: expected 8 fields, found 9"
b=$(batch short); sed -i 's/^D-1006,2027-03-09,130000,cho,sales,Core,renewal,EMEA/D-1006,2027-03-09/' "$b/deals.csv"
run_fails "too few fields" "$b" "deals.csv:7:.*expected 8 fields, found 2"
b=$(batch unterminated); printf 'D-2000,2027-05-05,10,ana,"sales,Core,new,NA\n' >> "$b/deals.csv"
run_fails "unterminated quote" "$b" "deals.csv:14:5: error: unterminated quoted field"
b=$(batch quoteinside); sed -i 's/^D-1006,2027-03-09,130000,cho,sales,Core,/D-1006,2027-03-09,130000,cho,sa"les,Core,/' "$b/deals.csv"
run_fails "quote inside unquoted field" "$b" "deals.csv:7:5: error: quote inside an unquoted field"
b=$(batch utf8); printf 'D-2000,2027-05-05,10,ana,sales,Core,new,\377\376\n' >> "$b/deals.csv"
run_fails "invalid UTF-8" "$b" "deals.csv:14:8: error: invalid UTF-8 \\(byte 0xFF, 'ÿ' in Latin-1 or Windows-1252\\): save the file as UTF-8"
# A roster saved as Latin-1 (issue 15): the byte, what it reads as, and what to do.
b=$(batch latin1); sed -i 's/^ben,Ben Okafor,/ben,Ben Ok\xe1for,/' "$b/roster.csv"
run_fails "a Latin-1 roster" "$b" "roster.csv:3:2: error: invalid UTF-8 \\(byte 0xE1, 'á' in Latin-1 or Windows-1252\\): save the file as UTF-8"
# A deals.csv separated by ';', tabs or '|' (issue 15): one error naming the separator, not a
# "missing column" per column, nor the plan's columns said missing after it.
for sep in semicolon tab bar; do
    case $sep in
    semicolon) ch=';' say="';' \\(semicolons\\)" ;;
    tab) ch=$(printf '\t') say=tabs ;;
    bar) ch='|' say="'\\|'" ;;
    esac
    b=$(batch "sep-$sep"); sed -i "s/,/$ch/g" "$b/deals.csv"
    run_fails "deals.csv separated by $sep" "$b" \
        "deals.csv:1: error: the header is one column: the file is separated by $say, not commas; export it again as comma-separated CSV"
    if [ "$(grep -c 'error' "$WORK/stderr")" -eq 1 ]; then ok; else
        bad "deals.csv separated by $sep: more than one error: $(head -3 "$WORK/stderr")"; fi
done
b=$(batch nul); printf 'D-2000,2027-05-05,10,ana,sa\000les,Core,new,NA\n' >> "$b/deals.csv"
run_fails "NUL byte" "$b" "deals.csv:14:5: error: NUL byte"
b=$(batch notouchcamp); rm "$b/campaigns.csv"
run_fails "touches without campaigns" "$b" "campaigns.csv is required"
b=$(batch noroster); rm "$b/roster.csv"
run_fails "missing roster" "$b" "roster.csv.*(No such file|cannot)"
b=$(batch noquota); sed -i 's/^ana,Ana Ruiz,ae,600000/ana,Ana Ruiz,ae,/' "$b/roster.csv"
run_fails "quota needed by % tiers" "$b" "roster.csv:2:4: error: payee ana has no annual_quota"
b=$(batch zeroquota); sed -i 's/^ben,Ben Okafor,ae,480000/ben,Ben Okafor,ae,0.00/' "$b/roster.csv"
run_fails "zero quota with % tiers" "$b" "roster.csv:3:4: error: payee ben has no annual_quota"

# Several problems in one batch: check reports all of them.
b=$(batch many)
sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,x,/; s/^D-1004,2027-02-21,/D-1004,2027-02-31,/' "$b/deals.csv"
sed -i 's/^raj,Raj Patel,marketing,/raj,Raj Patel,marketing,abc/' "$b/roster.csv"
fails "check reports every error" 1 "deals.csv:5:2" "$TRUCE" check --in "$b"
if grep -q "deals.csv:3:3" "$WORK/stderr" && grep -q "roster.csv:6:4" "$WORK/stderr"; then ok; else
    bad "check did not report all three errors: $(cat "$WORK/stderr")"; fi

# Deal evaluation errors name the deal's line and id.
b=$(batch evaltext); sed -i 's|<split when="source = .marketing.">|<split when="region > 5">|' "$b/plan.xml"
run_fails "text used as a number" "$b" "deals.csv:2: error: deal D-1001: .*column 'region' value 'EMEA' is not a number"
b=$(batch divzero); sed -i 's|<split when="source = .marketing.">|<split when="amount / (amount - 45000) > 1">|' "$b/plan.xml"
run_fails "division by zero" "$b" "deals.csv:3: error: deal D-1002: .*division by zero"
b=$(batch nocolumn); sed -i 's|<split when="source = .marketing.">|<split when="channel = '"'"'web'"'"'">|' "$b/plan.xml"
run_fails "when names a missing column" "$b" "plan.xml:5: error: .*channel"
