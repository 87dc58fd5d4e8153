#!/bin/sh
# run.sh TRUCE - generate batches of each size in BENCH_SIZES and time a run of each.
#
#   make bench                                  100k and 1M deals
#   make bench BENCH_SIZES="100000 1000000 10000000"
#
# Batches are generated once per size and seed into $BENCH_DIR (default build/bench),
# deterministic from BENCH_SEED.  Each run writes into a fresh output directory.
set -eu
TRUCE=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${BENCH_DIR:-$ROOT/build/bench}
SIZES=${BENCH_SIZES:-100000 1000000}
SEED=${BENCH_SEED:-1}
PERIOD=${BENCH_PERIOD:-2027-06}
mkdir -p "$DIR"
GEN="$DIR/gen"
MEASURE="$DIR/measure"
cc -O2 -o "$GEN" "$ROOT/bench/gen.c"
cc -O2 -o "$MEASURE" "$ROOT/bench/measure.c"

printf "%-9s %8s %8s %8s %9s %8s %8s %8s %8s %8s %8s\n" deals wall_s user_s sys_s peak_MiB in_MB MB/s read_s credit_s earn_s write_s
for n in $SIZES; do
    b="$DIR/batch-$n-seed$SEED"
    [ -f "$b/touches.csv" ] || "$GEN" --seed "$SEED" --deals "$n" --out "$b"
    out="$DIR/out-$n"
    rm -rf "$out"
    "$MEASURE" "$TRUCE" run --in "$b" --period "$PERIOD" --out "$out" --timings ${BENCH_FLAGS:-} \
        >/dev/null 2>"$DIR/log-$n"
    m=$(grep '^wall=' "$DIR/log-$n")
    t=$(grep '^timings:' "$DIR/log-$n")
    bytes=$(cat "$b"/*.csv "$b"/plan.xml | wc -c)
    echo "$m $t $bytes" | awk -v n="$n" '{
        for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        read = $(NF - 7); credit = $(NF - 5); earn = $(NF - 3); write = $(NF - 1); bytes = $NF
        sub(/s$/, "", read); sub(/s$/, "", credit); sub(/s$/, "", earn); sub(/s$/, "", write)
        printf "%-9s %8.2f %8.2f %8.2f %9.0f %8.1f %8.0f %8.2f %8.2f %8.2f %8.2f\n", n, v["wall"], v["user"], v["sys"],
            v["maxrss_kb"] / 1024, bytes / 1e6, bytes / 1e6 / read, read, credit, earn, write }'
done
