# The optional batch inputs: roster manager_id, start_date, end_date; deals.csv's
# currency; splits.csv, territories.csv, quotas.csv, fx.csv; plan versions in plans/.
# Each bad file fails `truce check` with exit 1 and its located message; the example
# with valid new files still passes; the manifest records them and verify re-checks them.

# i5_batch NAME: the example with every new input, valid; prints its path.
i5_batch() {
    d=$(batch "$1")
    awk -F, 'NR == 1 { print $0 ",manager_id,start_date,end_date"; next }
             $1 == "ana" || $1 == "ben" { print $0 ",cho,2026-01-01,"; next }
             $1 == "sam" { print $0 ",,2027-01-01,2027-06-30"; next }
             { print $0 ",,," }' "$d/roster.csv" >"$d/r" && mv "$d/r" "$d/roster.csv"
    awk -F, 'NR == 1 { print $0 ",currency"; next }
             $1 == "D-1002" { print $0 ",USD"; next }
             { print $0 "," }' "$d/deals.csv" >"$d/r" && mv "$d/r" "$d/deals.csv"
    printf 'deal_id,payee_id,share\nD-1003,ana,1/3\nD-1003,ben,1/3\nD-1003,cho,1/3\nD-1006,cho,60%%\nD-1006,ben,0.4\n' >"$d/splits.csv"
    printf 'payee_id,field,value,from,to\nsam,region,EMEA,,\nsam,product,Core,2027-01-01,2027-06-30\n' >"$d/territories.csv"
    printf 'payee_id,window,quota\nana,2027-Q1,150000\nana,2027-H2,300000\nben,2027,400000\nben,2027-03,40000\n' >"$d/quotas.csv"
    printf 'date,currency,rate\n2027-01-01,EUR,1.08\n2027-03-01,EUR,1.1\n' >"$d/fx.csv"
    echo "$d"
}

b=$(i5_batch i5-valid)
if "$TRUCE" check --in "$b" >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else
    bad "check of the example with valid new inputs: $(grep error "$WORK/stderr" | head -3)"; fi
# The same files named by flag instead of found in --in.
mkdir -p "$WORK/i5-flags"
for f in splits territories quotas fx; do mv "$b/$f.csv" "$WORK/i5-flags/$f.csv"; done
if "$TRUCE" check --in "$b" --splits "$WORK/i5-flags/splits.csv" \
       --territories "$WORK/i5-flags/territories.csv" --quotas "$WORK/i5-flags/quotas.csv" \
       --fx="$WORK/i5-flags/fx.csv" >/dev/null 2>&1; then ok; else bad "check with the new file flags"; fi
fails "--splits names its file" 1 "i5-flags/nosuch.csv" \
    "$TRUCE" check --in "$b" --splits "$WORK/i5-flags/nosuch.csv"
fails "--quotas needs a value" 2 "flag '--quotas' needs a value" "$TRUCE" check --in "$b" --quotas
# i5_plans13 DIR: check with 13 --plan flags (a function: its own positional parameters).
i5_plans13() {
    dir=$1
    set --
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do set -- "$@" --plan "$dir/plan.xml"; done
    fails "13 plan versions" 2 "--plan given more than 12 times" "$TRUCE" check --in "$dir" "$@"
}
i5_plans13 "$b"

# ---- roster.csv ----------------------------------------------------------------
b=$(i5_batch i5-mgr); sed -i 's/^raj,Raj Patel,marketing,,,,/raj,Raj Patel,marketing,,zed,,/' "$b/roster.csv"
fails "manager not in the roster" 1 "roster.csv:6:5: error: manager_id 'zed' is not in the roster" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-cycle); sed -i 's/^cho,Cho Min-jun,am,,,,/cho,Cho Min-jun,am,,ben,,/' "$b/roster.csv"
fails "manager cycle" 1 "roster.csv:3:5: error: manager cycle: ben -> cho -> ben" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-self); sed -i 's/^mia,Mia Laine,marketing,,,,/mia,Mia Laine,marketing,,mia,,/' "$b/roster.csv"
fails "manager of oneself" 1 "roster.csv:5:5: error: manager cycle: mia -> mia" "$TRUCE" check --in "$b"
b=$(i5_batch i5-dates); sed -i 's/^sam,Sam Ito,sdr,,,2027-01-01,2027-06-30/sam,Sam Ito,sdr,,,2027-07-01,2027-06-30/' "$b/roster.csv"
fails "end before start" 1 "roster.csv:7:7: error: end_date '2027-06-30' is before start_date '2027-07-01'" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-date); sed -i 's/^sam,Sam Ito,sdr,,,2027-01-01,/sam,Sam Ito,sdr,,,2027-1-1,/' "$b/roster.csv"
fails "start_date not a date" 1 "roster.csv:7:6: error: start_date '2027-1-1' is not a date" \
    "$TRUCE" check --in "$b"

# ---- deals.csv currency ---------------------------------------------------------
b=$(i5_batch i5-cur); sed -i 's/^\(D-1004,.*\),$/\1,EURO/' "$b/deals.csv"
fails "unknown currency" 1 "deals.csv:5:9: error: currency 'EURO' is not a known ISO 4217 code" \
    "$TRUCE" check --in "$b"

# ---- splits.csv -----------------------------------------------------------------
b=$(i5_batch i5-sdeal); echo "D-9999,ana,1" >>"$b/splits.csv"
fails "split of an unknown deal" 1 "splits.csv:7:1: error: deal_id 'D-9999' is not in deals.csv" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-spayee); echo "D-1001,zed,1" >>"$b/splits.csv"
fails "split to an unknown payee" 1 "splits.csv:7:2: error: payee_id 'zed' is not in the roster" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-sshare); echo "D-1001,ana,0%" >>"$b/splits.csv"
fails "zero share" 1 "splits.csv:7:3: error: share '0%' is not above zero" "$TRUCE" check --in "$b"
b=$(i5_batch i5-sdup); echo "D-1006,ben,0.4" >>"$b/splits.csv"
fails "split pair twice" 1 "splits.csv:7:2: error: duplicate payee_id 'ben' for deal_id 'D-1006' \(first at line 6\)" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-ssum); sed -i 's/^D-1006,ben,0.4/D-1006,ben,0.3/' "$b/splits.csv"
fails "shares not 100%" 1 "splits.csv:5: error: shares of deal D-1006 add up to 90%, not 100%" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-sfrac); sed -i 's/^D-1003,cho,1\/3/D-1003,cho,1\/4/' "$b/splits.csv"
fails "shares as a fraction" 1 "splits.csv:2: error: shares of deal D-1003 add up to 275/3%, not 100%" \
    "$TRUCE" check --in "$b"

# ---- territories.csv -------------------------------------------------------------
b=$(i5_batch i5-tfield); echo "sam,segment,SMB,," >>"$b/territories.csv"
fails "territory field not a deals column" 1 "territories.csv:4:2: error: field 'segment' is not a column of deals.csv" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-tdates); echo "sam,region,NA,2027-05-01,2027-04-30" >>"$b/territories.csv"
fails "territory to before from" 1 "territories.csv:4:5: error: to '2027-04-30' is before from '2027-05-01'" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-tpayee); echo "zed,region,NA,," >>"$b/territories.csv"
fails "territory of an unknown payee" 1 "territories.csv:4:1: error: payee_id 'zed' is not in the roster" \
    "$TRUCE" check --in "$b"

# ---- quotas.csv -------------------------------------------------------------------
b=$(i5_batch i5-qwin); echo "cho,2027-Q5,1" >>"$b/quotas.csv"
fails "quota window" 1 "quotas.csv:6:2: error: window '2027-Q5' is not YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-qamt); echo "cho,2027-Q1," >>"$b/quotas.csv"
fails "quota empty" 1 "quotas.csv:6:3: error: quota is empty" "$TRUCE" check --in "$b"
b=$(i5_batch i5-qdup); echo "ben,2027-03,1" >>"$b/quotas.csv"
fails "quota window twice" 1 "quotas.csv:6:2: error: duplicate window '2027-03' for payee_id 'ben' \(first at line 5\)" \
    "$TRUCE" check --in "$b"

# ---- fx.csv -----------------------------------------------------------------------
b=$(i5_batch i5-xrate); echo "2027-04-01,EUR,0" >>"$b/fx.csv"
fails "fx rate zero" 1 "fx.csv:4:3: error: rate '0' is not above zero" "$TRUCE" check --in "$b"
b=$(i5_batch i5-xcur); echo "2027-04-01,XXX,1" >>"$b/fx.csv"
fails "fx unknown currency" 1 "fx.csv:4:2: error: currency 'XXX' is not a known ISO 4217 code" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-xdup); echo "2027-03-01,EUR,1.2" >>"$b/fx.csv"
fails "fx rate twice" 1 "fx.csv:4:2: error: duplicate currency 'EUR' for date '2027-03-01' \(first at line 3\)" \
    "$TRUCE" check --in "$b"
b=$(i5_batch i5-xdate); echo "2027-02-29,EUR,1.2" >>"$b/fx.csv"
fails "fx date" 1 "fx.csv:4:1: error: date '2027-02-29' is not a date" "$TRUCE" check --in "$b"

# ---- plans/ -----------------------------------------------------------------------
b=$(i5_batch i5-both); mkdir "$b/plans"; cp "$b/plan.xml" "$b/plans/2027.xml"
fails "plan.xml and plans/ both" 1 "i5-both/plan.xml and .*i5-both/plans/ are both present" \
    "$TRUCE" check --in "$b"
fails "plan.xml and plans/ both: run writes nothing" 1 "are both present" \
    "$TRUCE" run --in "$b" --period 2027-03 --out "$WORK/out"
rm "$b/plan.xml"
if "$TRUCE" check --in "$b" >/dev/null 2>&1; then ok; else bad "check of a batch with plans/"; fi
rm "$b/plans/2027.xml"; touch "$b/plans/notes.txt"
fails "plans/ without a plan" 1 "i5-both/plans: error: no plan \(\*.xml\) in this directory" \
    "$TRUCE" check --in "$b"

# ---- the manifest records the new inputs; verify re-checks them -------------------------
b=$(i5_batch i5-run); mkdir "$b/plans"; mv "$b/plan.xml" "$b/plans/2027.xml"
rm -rf "$WORK/i5-out"
if "$TRUCE" run --in "$b" --period 2027-03 --out "$WORK/i5-out" >/dev/null 2>"$WORK/stderr"; then
    for name in splits territories quotas fx; do
        grep -q "<input name=\"$name\" path=\"$b/$name.csv\"" "$WORK/i5-out/manifest.xml" && ok ||
            bad "manifest: no $name input"
    done
    grep -q "<input name=\"plan\" path=\"$b/plans/2027.xml\"" "$WORK/i5-out/manifest.xml" && ok ||
        bad "manifest: no plan input from plans/"
    if "$TRUCE" verify "$WORK/i5-out" >/dev/null 2>&1; then ok; else bad "verify of a run with the new inputs"; fi
    # verify --in another directory finds plans/2027.xml there.
    rm -rf "$WORK/i5-copy"; cp -r "$b" "$WORK/i5-copy"
    if "$TRUCE" verify "$WORK/i5-out" --in "$WORK/i5-copy" >/dev/null 2>"$WORK/stderr"; then ok; else
        bad "verify --in of a run with plans/: $(head -3 "$WORK/stderr")"; fi
    echo "D-1001,ana,1" >>"$b/splits.csv"
    fails "verify: splits.csv changed" 1 "i5-run/splits.csv: error: input changed since the run" \
        "$TRUCE" verify "$WORK/i5-out"
else
    bad "run with the new inputs: $(grep error "$WORK/stderr" | head -3)"
fi
