# The two-phase sharded run (docs/scale.md): phase 1 (--phase credit) credits deal shard K
# of N and writes partitions, phase 2 (--phase earn) writes payee shard K from them, and
# `truce merge` of phase 2's outputs is the unsharded run byte for byte, every file and
# manifest.xml included, for N = 1, 2, 3, 5, the tasks of each phase run in any order and
# the shards given to merge in any order.  Partitions that are missing, repeated, changed
# or another run's are refused; messages keep the files' lines.

# two_phase NAME BATCH PERIOD N [RUN FLAGS...]: the tasks in reverse order, merged in a shuffled
# order; $WORK/tp-NAME-N/final must equal $WORK/tp-NAME/whole (made by the caller).
two_phase() {
    tp_name=$1 tp_batch=$2 tp_period=$3 tp_n=$4
    shift 4
    tp=$WORK/tp-$tp_name-$tp_n
    rm -rf "$tp"
    mkdir -p "$tp/parts" "$tp/shards"
    tp_k=$((tp_n - 1))
    while [ "$tp_k" -ge 0 ]; do
        if ! "$TRUCE" run --in "$tp_batch" --period "$tp_period" "$@" --phase credit \
                --shard "$tp_k/$tp_n" --out "$tp/parts/task$tp_k" >/dev/null 2>"$tp/err"; then
            bad "$tp_name: phase 1 task $tp_k/$tp_n failed: $(head -3 "$tp/err")"
            return
        fi
        tp_k=$((tp_k - 1))
    done
    tp_k=0
    tp_dirs=""
    while [ "$tp_k" -lt "$tp_n" ]; do
        if ! "$TRUCE" run --in "$tp_batch" --period "$tp_period" "$@" --phase earn \
                --shard "$tp_k/$tp_n" --parts "$tp/parts" --out "$tp/shards/s$tp_k" >/dev/null 2>"$tp/err"; then
            bad "$tp_name: phase 2 task $tp_k/$tp_n failed: $(head -3 "$tp/err")"
            return
        fi
        # every other shard to the front: 1 3 0 2 4, ...
        if [ $((tp_k % 2)) -eq 1 ]; then tp_dirs="$tp_dirs $tp/shards/s$tp_k"; else tp_dirs="$tp/shards/s$tp_k $tp_dirs"; fi
        tp_k=$((tp_k + 1))
    done
    # shellcheck disable=SC2086
    if ! "$TRUCE" merge --out "$tp/final" $tp_dirs >/dev/null 2>"$tp/err"; then
        bad "$tp_name: merge of $tp_n shards failed: $(head -3 "$tp/err")"
    elif diff -r "$WORK/tp-$tp_name/whole" "$tp/final" >"$tp/diff"; then
        ok
    else
        bad "$tp_name: the merge of $tp_n two-phase shards differs from the unsharded run: $(head -3 "$tp/diff")"
    fi
}

# whole NAME BATCH PERIOD [RUN FLAGS...]: the unsharded run to compare with.
whole() {
    rm -rf "$WORK/tp-$1"
    mkdir -p "$WORK/tp-$1"
    "$TRUCE" run --in "$2" --period "$3" --out "$WORK/tp-$1/whole" >/dev/null 2>&1 ||
        bad "$1: the unsharded run failed"
}

cc -O2 -o "$WORK/gen" "$ROOT/bench/gen.c"
"$WORK/gen" --seed 11 --deals 3000 --payees 40 --campaigns 25 --out "$WORK/tp-batch" >/dev/null
whole gen "$WORK/tp-batch" 2027-05
for n in 1 2 3 5; do two_phase gen "$WORK/tp-batch" 2027-05 "$n"; done
# The merged output is a run's output: verify recomputes it and finds every byte.
if "$TRUCE" verify "$WORK/tp-gen-3/final" >/dev/null 2>&1; then ok; else bad "verify of a two-phase merge fails"; fi

# The contract's example, for a month and for the whole year.
for p in 2027-03 2027; do
    whole "example-$p" "$ROOT/fixtures/example" "$p"
    for n in 1 2 3 5; do two_phase "example-$p" "$ROOT/fixtures/example" "$p" "$n"; done
done

# The pay mechanics with plan versions, events, payments, adjustments, a paid history, fx,
# team splits, overlays (the reference's generator, tests/reference/gen_batch6.py).
if command -v python3 >/dev/null 2>&1; then
    for seed in 2 7 14 19; do
        b="$WORK/tp-g6-$seed"
        python3 "$ROOT/tests/reference/gen_batch6.py" --seed "$seed" --out "$b" >/dev/null
        period=$(cat "$b/period")
        paid=""
        [ -f "$b/paid.csv" ] && paid="--paid $b/paid.csv"
        rm -rf "$WORK/tp-g6-$seed-x"
        mkdir -p "$WORK/tp-g6-$seed-x"
        # shellcheck disable=SC2086
        "$TRUCE" run --in "$b" --period "$period" $paid --out "$WORK/tp-g6-$seed-x/whole" >/dev/null 2>&1 ||
            bad "gen_batch6 seed $seed: the unsharded run failed"
        # shellcheck disable=SC2086
        for n in 1 2 3 5; do two_phase "g6-$seed-x" "$b" "$period" "$n" $paid; done
    done
else
    skip python3 "python3 not found: the two-phase run is not checked on gen_batch6's pay mechanics"
fi
# Golden batches that exercise what crediting routes: nobody's lines (shard 0), overlays,
# roll-ups, team splits, clawbacks, holds, currencies, a quarter.
for g in nobody-rows overlay-territories rollup-direct-subtree team-splits clawback-recalculate \
         holds-on-payment multi-currency scoreboard-outcome period-quarter; do
    d="$ROOT/fixtures/golden/$g"
    p=$(cat "$d/period")
    whole "$g" "$d" "$p"
    two_phase "$g" "$d" "$p" 2
    two_phase "$g" "$d" "$p" 3
done
# True-ups against the books (truce close), as in t_audit: phase 2 reads the books.
books="$WORK/tp-books"
rm -rf "$books" "$WORK/tp-m1"
"$TRUCE" run --in "$WORK/tp-batch" --period 2027-04 --out "$WORK/tp-m1" >/dev/null 2>&1 &&
    "$TRUCE" close "$WORK/tp-m1" --books "$books" >/dev/null 2>&1 || bad "closing 2027-04 for the books failed"
rm -rf "$WORK/tp-books5"
mkdir -p "$WORK/tp-books5"
"$TRUCE" run --in "$WORK/tp-batch" --period 2027-05 --books "$books" --out "$WORK/tp-books5/whole" >/dev/null 2>&1 ||
    bad "the unsharded run with --books failed"
two_phase books5 "$WORK/tp-batch" 2027-05 2 --books "$books"

# ---- refusals -------------------------------------------------------------------------------
P="$WORK/tp-gen-3/parts"
E="$TRUCE run --in $WORK/tp-batch --period 2027-05 --phase earn --shard 1/3 --out $WORK/out"
mv "$P/task1" "$WORK/tp-task1"
# shellcheck disable=SC2086
fails "phase 2 with a task missing" 1 "phase 1 task 1/3 is missing" $E --parts "$P"
cp -r "$WORK/tp-task1" "$P/task1"
cp -r "$WORK/tp-task1" "$P/task1-again"
# shellcheck disable=SC2086
fails "phase 2 with a task twice" 1 "task 1/3 is given twice" $E --parts "$P"
rm -rf "$P/task1-again"
cp -r "$WORK/tp-gen-2/parts/task0" "$P/other"
# shellcheck disable=SC2086
fails "phase 2 with another N's task" 1 "a partition of 2 shards, not of 3" $E --parts "$P"
rm -rf "$P/other"
rm -rf "$WORK/tp-april"
"$TRUCE" run --in "$WORK/tp-batch" --period 2027-04 --phase credit --shard 2/3 --out "$WORK/tp-april" >/dev/null 2>&1
mv "$P/task2" "$WORK/tp-task2"
cp -r "$WORK/tp-april" "$P/task2"
# shellcheck disable=SC2086
fails "phase 2 with another command's task" 1 "a partition of another run: phase 1 ran '.*2027-04'" $E --parts "$P"
rm -rf "$P/task2"
mv "$WORK/tp-task2" "$P/task2"
printf 'x' >>"$P/task0/part-1"
# shellcheck disable=SC2086
fails "phase 2 with a changed partition" 1 "part-1: error: changed since phase 1 wrote it" $E --parts "$P"
rm -rf "$P/task0"
"$TRUCE" run --in "$WORK/tp-batch" --period 2027-05 --phase credit --shard 0/3 --out "$P/task0" >/dev/null 2>&1
# shellcheck disable=SC2086
if $E --parts "$P" >/dev/null 2>&1; then ok; else bad "phase 2 after phase 1 task 0 ran again fails"; fi
rm -rf "$WORK/out"
cp -r "$WORK/tp-batch" "$WORK/tp-changed"
rm -rf "$WORK/tp-changed-parts"
mkdir -p "$WORK/tp-changed-parts"
for k in 0 1; do
    "$TRUCE" run --in "$WORK/tp-changed" --period 2027-05 --phase credit --shard "$k/2" \
        --out "$WORK/tp-changed-parts/t$k" >/dev/null 2>&1
done
cp "$WORK/tp-changed/campaigns.csv" "$WORK/tp-campaigns"
sed -i '2 s/0,/1,/' "$WORK/tp-changed/campaigns.csv"              # same size, other bytes
fails "phase 2 when an input changed after phase 1" 1 "campaigns.csv: error: changed since phase 1 read it" \
    "$TRUCE" run --in "$WORK/tp-changed" --period 2027-05 --phase earn --shard 0/2 \
    --parts "$WORK/tp-changed-parts" --out "$WORK/out"
sed '$ d' "$WORK/tp-campaigns" >"$WORK/tp-changed/campaigns.csv"  # a row fewer
fails "phase 2 when an input's size changed after phase 1" 1 "input campaigns .* bytes: the batch changed" \
    "$TRUCE" run --in "$WORK/tp-changed" --period 2027-05 --phase earn --shard 0/2 \
    --parts "$WORK/tp-changed-parts" --out "$WORK/out"
fails "phase 2 without --parts" 2 "needs --parts" "$TRUCE" run --in "$WORK/tp-batch" --period 2027-05 \
    --phase earn --shard 0/2 --out "$WORK/out"
fails "--parts without --phase earn" 2 "--parts is phase 2's" "$TRUCE" run --in "$WORK/tp-batch" \
    --period 2027-05 --parts "$P" --out "$WORK/out"
fails "--phase without --shard" 2 "needs --shard" "$TRUCE" run --in "$WORK/tp-batch" --period 2027-05 \
    --phase credit --out "$WORK/out"
fails "an unknown --phase" 2 "not credit or earn" "$TRUCE" run --in "$WORK/tp-batch" --period 2027-05 \
    --phase both --shard 0/2 --out "$WORK/out"

# Phase 1 writes its own directory only: --force replaces an earlier phase 1 output, never a
# directory Truce did not write, and phase 2 takes no entry of --parts that is not a task's.
rm -rf "$WORK/tp-foreign"
mkdir -p "$WORK/tp-foreign"
echo keep >"$WORK/tp-foreign/notes.txt"
fails "phase 1 --force over a directory Truce did not write" 2 "replaces only a directory that truce wrote" \
    "$TRUCE" run --in "$WORK/tp-batch" --period 2027-05 --phase credit --shard 0/2 --out "$WORK/tp-foreign" --force
[ "$(cat "$WORK/tp-foreign/notes.txt" 2>/dev/null)" = keep ] && ok ||
    bad "phase 1 --force changed a directory Truce did not write"
if "$TRUCE" run --in "$WORK/tp-batch" --period 2027-05 --phase credit --shard 0/2 --out "$WORK/tp-gen-2/parts/task0" \
        --force >/dev/null 2>&1; then ok; else bad "phase 1 --force over its own earlier output fails"; fi
cp -r "$WORK/tp-foreign" "$WORK/tp-gen-2/parts/zz-foreign"
fails "phase 2 with a foreign entry in --parts" 1 "zz-foreign" "$TRUCE" run --in "$WORK/tp-batch" \
    --period 2027-05 --phase earn --shard 0/2 --parts "$WORK/tp-gen-2/parts" --out "$WORK/out"
rm -rf "$WORK/tp-gen-2/parts/zz-foreign"

# ---- messages keep their lines ----------------------------------------------------------------
# Phase 1 checks the rows of its deals and reports them at the file's own lines, in the words
# of the unsharded run; the task that has the bad row fails and writes nothing.
b=$(batch tp-bad)
sed -i '5 s/,2027-/,2027-13-/' "$b/deals.csv"                      # a bad close_date at line 5
line5=$(sed -n 5p "$b/deals.csv" | cut -d, -f1)
"$TRUCE" check --in "$b" >/dev/null 2>"$WORK/tp-bad-whole"
want=$(grep -m1 'deals.csv:5:' "$WORK/tp-bad-whole")
[ -n "$want" ] && ok || bad "the unsharded check does not report deals.csv line 5 ($line5)"
got=""
failed_tasks=0
for k in 0 1 2; do
    rm -rf "$WORK/tp-bad-$k"
    if ! "$TRUCE" run --in "$b" --period 2027-03 --phase credit --shard "$k/3" --out "$WORK/tp-bad-$k" \
            >/dev/null 2>"$WORK/tp-bad-err"; then
        failed_tasks=$((failed_tasks + 1))
        got=$(grep -m1 'deals.csv:5:' "$WORK/tp-bad-err")
        [ -e "$WORK/tp-bad-$k" ] && bad "phase 1 task $k failed but wrote its output"
    fi
done
[ "$failed_tasks" -eq 1 ] && [ "$got" = "$want" ] && ok ||
    bad "phase 1: $failed_tasks tasks failed; deals.csv line 5 reported as '$got', unsharded '$want'"
# A duplicate deal_id meets its first in the same task, reported as the unsharded run does,
# "first at line N" included.
b=$(batch tp-dup)
sed -n 3p "$b/deals.csv" >>"$b/deals.csv"
"$TRUCE" check --in "$b" >/dev/null 2>"$WORK/tp-dup-whole"
cat "$WORK/tp-dup-whole" >"$WORK/tp-dup-want"
: >"$WORK/tp-dup-got"
for k in 0 1 2 3; do
    rm -rf "$WORK/tp-dup-$k"
    "$TRUCE" run --in "$b" --period 2027-03 --phase credit --shard "$k/4" --out "$WORK/tp-dup-$k" \
        >/dev/null 2>>"$WORK/tp-dup-got"
done
dup=$(grep -m1 'duplicate deal_id' "$WORK/tp-dup-want")
[ -n "$dup" ] && grep -qF -- "$dup" "$WORK/tp-dup-got" && ok ||
    bad "the duplicate deal_id is not reported as unsharded ('$dup'): $(head -2 "$WORK/tp-dup-got")"
# Crediting's warnings (a deal no split matches) come from the task of the deal, at its line.
b=$(batch tp-warn)
sed -i '/<split>$/,/<\/split>/d' "$b/plan.xml"                   # no catch-all split
"$TRUCE" run --in "$b" --period 2027-03 --out "$WORK/tp-warn-whole" >/dev/null 2>"$WORK/tp-warn-want"
: >"$WORK/tp-warn-got"
for k in 0 1; do
    rm -rf "$WORK/tp-warn-$k"
    "$TRUCE" run --in "$b" --period 2027-03 --phase credit --shard "$k/2" --out "$WORK/tp-warn-$k" \
        >/dev/null 2>>"$WORK/tp-warn-got"
done
grep 'deals.csv:[0-9]' "$WORK/tp-warn-want" | sort >"$WORK/tp-warn-w"
grep 'deals.csv:[0-9]' "$WORK/tp-warn-got" | sort >"$WORK/tp-warn-g"
[ -s "$WORK/tp-warn-w" ] && cmp -s "$WORK/tp-warn-w" "$WORK/tp-warn-g" && ok ||
    bad "phase 1's located warnings are not the unsharded run's: $(diff "$WORK/tp-warn-w" "$WORK/tp-warn-g" | head -3)"
