# The books (issue 13): truce close, run --books, truce books, and verify of a trued-up run.
# Every refusal exits non-zero and leaves BOOKS and every input byte for byte as it was.
#
# The scenario: January and February of the contract example are run and closed; then
# ben's January deal D-1002 grows from 45000 to 55000 and a late February deal D-2001
# (20000, ben, source sales: 100% to the closer) appears.  Ben's commission is 4% up to
# 50% of his 480000 quota (240000), and his credit stays below it all year to March, so
# January now earns 2200.00 (paid 1800.00: +400.00), February 800.00 more (paid 0.00:
# +800.00), and March's own payout is the contract's 5313.33: payable 6513.33.  Nobody
# else changed, so every other row is the contract's expected payouts.csv.
CL="$WORK/close"
rm -rf "$CL"
mkdir -p "$CL"
cp -r "$ROOT/fixtures/example" "$CL/b"
rm -rf "$CL/b/expected"

# cl_tree DIR: one line per file with its SHA-256 (a missing DIR gives "absent").
cl_tree() {
    if [ -e "$1" ]; then (cd "$1" && find . -type f | LC_ALL=C sort | xargs -r sha256sum); else echo absent; fi
}
# cl_refused NAME STATUS PATTERN CMD...: CMD exits STATUS with PATTERN on stderr, and the books
# and the batch are as they were.
cl_refused() {
    name=$1 status=$2 pattern=$3
    shift 3
    before="$(cl_tree "$CL/books")$(cl_tree "$CL/b")$(cl_tree "$CL/b2")"
    "$@" >"$WORK/stdout" 2>"$WORK/stderr"
    got=$?
    after="$(cl_tree "$CL/books")$(cl_tree "$CL/b")$(cl_tree "$CL/b2")"
    if [ "$got" -ne "$status" ]; then
        bad "$name: exit $got, expected $status: $(head -3 "$WORK/stderr")"
    elif ! grep -Eq -- "$pattern" "$WORK/stderr"; then
        bad "$name: stderr lacks /$pattern/: $(head -3 "$WORK/stderr")"
    elif [ "$before" != "$after" ]; then
        bad "$name: the books or the batch changed"
    else
        ok
    fi
}

cl_run() {  # cl_run IN PERIOD OUT [FLAGS...]
    in=$1 per=$2 out=$3
    shift 3
    rm -rf "$CL/$out"
    "$TRUCE" run --in "$CL/$in" --period "$per" --out "$CL/$out" "$@" >/dev/null 2>"$WORK/stderr" ||
        bad "run $per: $(head -3 "$WORK/stderr")"
}

# ---- January and February, closed -------------------------------------------------------
cl_run b 2027-01 jan
cl_refused "close needs --books" 2 "close needs --books DIR" "$TRUCE" close "$CL/jan"
if [ ! -e "$CL/books" ]; then ok; else bad "close without --books created the books"; fi
if "$TRUCE" close "$CL/jan" --books "$CL/books" >"$WORK/stdout" 2>"$WORK/stderr" &&
   grep -q "closed 2027-01 (plan acme-2027)" "$WORK/stdout" &&
   diff -r "$CL/jan" "$CL/books/2027-01" >/dev/null; then ok; else
    bad "close January: $(cat "$WORK/stderr")"; fi
cl_refused "close January twice" 1 "2027-01 is already closed, and 2027-01 overlaps it; the books were not changed" \
    "$TRUCE" close "$CL/jan" --books "$CL/books"
cl_run b 2027-02 feb --books "$CL/books"
# February's run recorded January's closed record as an input.
if grep -q "<input name=\"closed\" path=\"$CL/books/2027-01/manifest.xml\"" "$CL/feb/manifest.xml"; then ok; else
    bad "February's manifest does not record the closed January"; fi
# A run of the quarter while January is closed overlaps it.
cl_refused "run a period overlapping a closed one" 1 "the closed period 2027-01 overlaps 2027-Q1" \
    "$TRUCE" run --in "$CL/b" --period 2027-Q1 --out "$CL/q1" --books "$CL/books"
if "$TRUCE" close "$CL/feb" --books "$CL/books" >/dev/null 2>"$WORK/stderr" &&
   ! grep -q "warning" "$WORK/stderr"; then ok; else bad "close February: $(cat "$WORK/stderr")"; fi

# ---- the ledger changes; March with --books pays what --paid with the closed payouts pays ----
cp -r "$CL/b" "$CL/b2"
sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,55000,/' "$CL/b2/deals.csv"
echo "D-2001,2027-02-25,20000,ben,sales,Core,new,NA" >>"$CL/b2/deals.csv"
cl_run b2 2027-03 mar --books "$CL/books"
cat "$CL/books/2027-01/payouts.csv" "$CL/books/2027-02/payouts.csv" >"$CL/paid.csv"
cl_run b2 2027-03 mar-paid --paid "$CL/paid.csv"
sed 's/^2027-03,ben,ae,base,5313.33$/2027-03,ben,ae,base,6513.33/' "$ROOT/fixtures/example/expected/payouts.csv" >"$CL/want"
if cmp -s "$CL/want" "$CL/mar/payouts.csv"; then ok; else
    bad "March with --books: payouts.csv is not the hand-worked one"; diff "$CL/want" "$CL/mar/payouts.csv" | head; fi
if cmp -s "$CL/mar/payouts.csv" "$CL/mar-paid/payouts.csv" &&
   cmp -s "$CL/mar/statements/ben.txt" "$CL/mar-paid/statements/ben.txt"; then ok; else
    bad "March: --books and --paid with the closed payouts differ"; fi
# Both of ben's statements show the adjustment.
if grep -q "prior-period adjustment: +1,200.00" "$CL/mar/statements/ben.txt" &&
   grep -q "2027-01: paid 1,800.00, computed now 2,200.00, difference +400.00" "$CL/mar/statements/ben.txt" &&
   grep -q "2027-02: paid 0.00, computed now 800.00, difference +800.00" "$CL/mar/statements/ben.txt" &&
   grep -q "payable: 5,313.33 + 1,200.00 = 6,513.33" "$CL/mar/statements/ben.txt"; then ok; else
    bad "March: ben.txt lacks the prior-period adjustment"; fi
if grep -q "Prior-period adjustment" "$CL/mar/statements/ben.html" && grep -q "+1,200.00" "$CL/mar/statements/ben.html" &&
   grep -q "6,513.33" "$CL/mar/statements/ben.html"; then ok; else
    bad "March: ben.html lacks the prior-period adjustment"; fi
if grep -q "^ben,Ben Okafor,2027-03,USD,7013.33,1200.00$" "$CL/mar/payroll.csv"; then ok; else
    bad "March: payroll.csv lacks ben's 7013.33 (of which 1200.00 trued up)"; fi
# The manifest records both closed periods; verify re-hashes and recomputes with them.
if [ "$(grep -c '<input name="closed"' "$CL/mar/manifest.xml")" -eq 2 ]; then ok; else
    bad "March's manifest does not record the two closed periods"; fi
if "$TRUCE" verify "$CL/mar" >/dev/null 2>"$WORK/stderr"; then ok; else bad "verify March: $(cat "$WORK/stderr")"; fi
# --books and --paid combine: a month paid in both is an error naming both places.
cl_refused "a month paid in the books and in --paid" 1 "books/2027-01/payouts.csv:2: error: 2027-01 ana ae base is paid twice \(also at .*/paid.csv:2\)" \
    "$TRUCE" run --in "$CL/b2" --period 2027-03 --out "$CL/both" --books "$CL/books" --paid "$CL/paid.csv"
# A run without --books warns (once) that earlier months are assumed paid as computed.
rm -rf "$CL/mar-nob"
"$TRUCE" run --in "$CL/b2" --period 2027-03 --out "$CL/mar-nob" >/dev/null 2>"$WORK/stderr"
if [ "$(grep -c "2027-01 to 2027-02 are taken as paid as computed now" "$WORK/stderr")" -eq 1 ] &&
   grep -q -- "--books DIR" "$WORK/stderr"; then ok; else bad "no note that earlier months are assumed paid"; fi
"$TRUCE" run --in "$CL/b2" --period 2027-01 --out "$CL/jan-again" >/dev/null 2>"$WORK/stderr"
if ! grep -q "taken as paid" "$WORK/stderr"; then ok; else bad "January notes earlier months"; fi

# ---- the books listing ---------------------------------------------------------------------
# January paid 6960.00 in all, February 11040.02 (the sums of the closed payouts.csv rows).
"$TRUCE" books "$CL/books" >"$WORK/stdout" 2>"$WORK/stderr"
if [ $? -eq 0 ] && grep -Eq "^2027-01 +acme-2027 +USD +5 +6960.00 +intact$" "$WORK/stdout" &&
   grep -Eq "^2027-02 +acme-2027 +USD +5 +11040.02 +intact$" "$WORK/stdout"; then ok; else
    bad "books listing: $(cat "$WORK/stdout" "$WORK/stderr")"; fi
cl_jan6960=$(awk -F, 'NR > 1 { s += $5 * 100 } END { printf "%.2f", s / 100 }' "$CL/books/2027-01/payouts.csv")
[ "$cl_jan6960" = "6960.00" ] && ok || bad "books: January's payouts.csv sums to $cl_jan6960, not 6960.00"

# ---- refusals of close -----------------------------------------------------------------------
cl_run b2 2027-05 may
cl_refused "run with a gap" 1 "2027-03 is not closed, though the books of 2027 start earlier" \
    "$TRUCE" run --in "$CL/b2" --period 2027-05 --out "$CL/may2" --books "$CL/books"
cl_refused "close with a gap" 1 "cannot close 2027-05: 2027-03 to 2027-04 are not closed yet" \
    "$TRUCE" close "$CL/may" --books "$CL/books"
# Out of order: a period before the last closed one.
cl_refused "close out of order" 1 "2027-01 is already closed" "$TRUCE" close "$CL/jan-again" --books "$CL/books"
# Another plan id.
cp -r "$CL/b2" "$CL/b3"
sed -i 's/id="acme-2027"/id="acme-2027-b"/' "$CL/b3/plan.xml"
cl_run b3 2027-03 other
cl_refused "close another plan" 1 "closed for plan 'acme-2027', not 'acme-2027-b'" \
    "$TRUCE" close "$CL/other" --books "$CL/books"
cl_refused "run another plan with the books" 1 "closed for plan 'acme-2027', not 'acme-2027-b'" \
    "$TRUCE" run --in "$CL/b3" --period 2027-03 --out "$CL/other2" --books "$CL/books"
# A changed, missing or extra file in the run's output.
cp -r "$CL/mar" "$CL/mar-x"
echo "2027-03,ben,ae,base,0.01" >>"$CL/mar-x/payouts.csv"
cl_refused "close a changed output" 1 "mar-x/payouts.csv: error: changed since the run wrote it" \
    "$TRUCE" close "$CL/mar-x" --books "$CL/books"
rm -rf "$CL/mar-x"; cp -r "$CL/mar" "$CL/mar-x"; rm "$CL/mar-x/statements/ben.txt"
cl_refused "close an output with a file missing" 1 "statements/ben.txt: error: is listed in manifest.xml but missing" \
    "$TRUCE" close "$CL/mar-x" --books "$CL/books"
rm -rf "$CL/mar-x"; cp -r "$CL/mar" "$CL/mar-x"; echo note >"$CL/mar-x/notes.txt"
cl_refused "close an output with an extra file" 1 "notes.txt: error: is not listed in manifest.xml" \
    "$TRUCE" close "$CL/mar-x" --books "$CL/books"
rm -rf "$CL/mar-x"; cp -r "$CL/mar" "$CL/mar-x"; mkdir "$CL/mar-x/statements/old"; echo note >"$CL/mar-x/statements/old/ben.txt"
cl_refused "close an output with an extra statement" 1 "mar-x/statements/old/ben.txt: error: is not listed in manifest.xml" \
    "$TRUCE" close "$CL/mar-x" --books "$CL/books"
# A shard's output, and a directory that is not a run's output.
rm -rf "$CL/shard0"
"$TRUCE" run --in "$CL/b2" --period 2027-03 --out "$CL/shard0" --shard 0/2 --books "$CL/books" >/dev/null 2>&1
cl_refused "close a shard" 1 "is shard 0/2 of a run: merge the shards" "$TRUCE" close "$CL/shard0" --books "$CL/books"
cl_refused "close the batch" 1 "b2/manifest.xml: error: cannot open" "$TRUCE" close "$CL/b2" --books "$CL/books"
# The books inside the run's output.
cl_refused "books inside the output" 1 "must be separate directories" "$TRUCE" close "$CL/mar" --books "$CL/mar/books"
if [ ! -e "$CL/mar/books" ]; then ok; else bad "a refused close left books inside the output"; fi

# ---- March closes; a changed byte in the books is refused by name, and by verify ------------
if "$TRUCE" close "$CL/mar" --books "$CL/books" >/dev/null 2>&1; then ok; else bad "close March"; fi
cp "$CL/books/2027-02/payouts.csv" "$CL/feb-payouts"
sed -i 's/^2027-02,ana,ae,base,/2027-02,ana,ae,base,1/' "$CL/books/2027-02/payouts.csv"
cl_refused "run over an edited closed period" 1 "books/2027-02/payouts.csv: error: changed since the period was closed" \
    "$TRUCE" run --in "$CL/b2" --period 2027-04 --out "$CL/apr" --books "$CL/books"
"$TRUCE" books "$CL/books" >"$WORK/stdout" 2>/dev/null
if [ $? -eq 1 ] && grep -Eq "^2027-02 .*CHANGED since closed$" "$WORK/stdout"; then ok; else
    bad "books does not flag the edited period: $(cat "$WORK/stdout")"; fi
cp "$CL/feb-payouts" "$CL/books/2027-02/payouts.csv"
cp "$CL/books/2027-01/manifest.xml" "$CL/jan-manifest"
sed -i 's|<arg>run</arg>|<arg>run</arg> |' "$CL/books/2027-01/manifest.xml"
cl_refused "verify after a closed manifest changed" 1 "books/2027-01/manifest.xml: error: input changed since the run" \
    "$TRUCE" verify "$CL/mar"
cp "$CL/jan-manifest" "$CL/books/2027-01/manifest.xml"
if "$TRUCE" verify "$CL/mar" >/dev/null 2>&1; then ok; else bad "verify March after the books were restored"; fi

# ---- a first close may start at any month; --books that does not exist yet is empty -----------
rm -rf "$CL/mid"
cl_run b 2027-06 jun --books "$CL/mid"
if [ ! -e "$CL/mid" ]; then ok; else bad "run --books created the books"; fi
if "$TRUCE" close "$CL/jun" --books "$CL/mid" >/dev/null 2>&1 && [ -d "$CL/mid/2027-06" ]; then ok; else
    bad "a first close in June"; fi
