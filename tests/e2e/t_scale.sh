# Threads and shards change nothing: --jobs N gives the same bytes for every N,
# and `truce merge` of the N shards of a run gives the unsharded run's bytes.
cc -O2 -o "$WORK/gen" "$ROOT/bench/gen.c"
"$WORK/gen" --seed 7 --deals 6000 --payees 60 --campaigns 40 --out "$WORK/scale"
SB="$WORK/scale"

rm -rf "$WORK/j1"
"$TRUCE" run --in "$SB" --period 2027-05 --out "$WORK/j1" --jobs 1 >/dev/null 2>&1
for j in 2 3 7 64; do
    rm -rf "$WORK/j$j"
    "$TRUCE" run --in "$SB" --period 2027-05 --out "$WORK/j$j" --jobs "$j" >/dev/null 2>&1
    if diff -r "$WORK/j1" "$WORK/j$j" >/dev/null; then ok; else bad "--jobs $j differs from --jobs 1"; fi
done
for j in 1 4; do
    rm -rf "$WORK/ej$j"
    "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/ej$j" --jobs "$j" >/dev/null 2>&1
    if cmp -s "$WORK/ej$j/payouts.csv" "$ROOT/fixtures/example/expected/payouts.csv"; then ok; else bad "example with --jobs $j"; fi
done
# Error messages come out in deal order whatever the thread count.
b=$(batch evaljobs); sed -i 's|<split when="source = .marketing.">|<split when="region > 5">|' "$b/plan.xml"
"$TRUCE" check --in "$b" --jobs 1 2>"$WORK/e1"
"$TRUCE" check --in "$b" --jobs 3 2>"$WORK/e3"
if cmp -s "$WORK/e1" "$WORK/e3"; then ok; else bad "messages differ between --jobs 1 and 3"; fi

for n in 1 2 3 5; do
    dirs=""
    k=0
    while [ "$k" -lt "$n" ]; do
        rm -rf "$WORK/sh$n-$k"
        "$TRUCE" run --in "$SB" --period 2027-05 --out "$WORK/sh$n-$k" --shard "$k/$n" >/dev/null 2>&1
        dirs="$WORK/sh$n-$k $dirs"   # given in reverse: the order must not matter
        k=$((k + 1))
    done
    rm -rf "$WORK/merged$n"
    # shellcheck disable=SC2086
    "$TRUCE" merge --out "$WORK/merged$n" $dirs >/dev/null 2>&1
    if diff -r "$WORK/j1" "$WORK/merged$n" >/dev/null; then ok; else bad "merge of $n shards differs from the unsharded run"; fi
done
fails "merge with a shard missing" 1 "shard 1/3 is missing" "$TRUCE" merge --out "$WORK/out" "$WORK/sh3-0" "$WORK/sh3-2"
fails "merge with a shard twice" 1 "shard 0/3 is given twice" "$TRUCE" merge --out "$WORK/out" "$WORK/sh3-0" "$WORK/sh3-0" "$WORK/sh3-1"
fails "merge of different runs" 1 "is a shard of" "$TRUCE" merge --out "$WORK/out" "$WORK/sh3-0" "$WORK/sh2-1"
fails "merge of an unsharded output" 1 "SHARD" "$TRUCE" merge --out "$WORK/out" "$WORK/j1"
fails "bad --shard" 2 "not K/N" "$TRUCE" run --in "$SB" --period 2027-05 --out "$WORK/out" --shard 3/3
fails "bad --jobs" 2 "--jobs '0'" "$TRUCE" run --in "$SB" --period 2027-05 --out "$WORK/out" --jobs 0
