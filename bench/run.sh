#!/bin/sh
# run.sh TRUCE - generate batches of each size in BENCH_SIZES and time a run of each, then the
# figures issue 18 asks for.
#
#   make bench                                  100k and 1M deals
#   make bench BENCH_SIZES="100000 1000000 10000000"
#
# Batches are generated once per size and seed into $BENCH_DIR (default build/bench),
# deterministic from BENCH_SEED.  Each run writes into a fresh output directory (under
# BENCH_OUT, default $BENCH_DIR: put it on tmpfs, e.g. /dev/shm, to time Truce and not the disk).
# After the table: the largest size again with --jobs 1 (the gain of the second thread), with
# the pay mechanics (gen --mechanics: deal cap, clawback policy, holds), and with
# --statements none, text and all; with BENCH_DUCKDB=DIR (a copy of ../shared/peers/duckdb
# after npm ci) the DuckDB peer's compare.sh on an example-plan batch of that size.  Every
# block prints the load average beside it: on a shared machine, compare CPU seconds.
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

OUTDIR=${BENCH_OUT:-$DIR}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
printf "%-9s %8s %8s %8s %9s %8s %8s %8s %8s %8s %8s\n" deals wall_s user_s sys_s peak_MiB in_MB MB/s read_s credit_s earn_s write_s
for n in $SIZES; do
    b="$DIR/batch-$n-seed$SEED"
    [ -f "$b/touches.csv" ] || "$GEN" --seed "$SEED" --deals "$n" --out "$b"
    out="$OUTDIR/out-$n"
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

# One run of the largest size's batch B with extra flags: wall, CPU and peak as measure prints them.
last=${SIZES##* }
extra() {  # extra LABEL BATCH FLAGS...
    label=$1 b=$2
    shift 2
    out="$OUTDIR/out-extra"
    rm -rf "$out"
    "$MEASURE" "$TRUCE" run --in "$b" --period "$PERIOD" --out "$out" --timings "$@" >/dev/null 2>"$DIR/log-extra"
    printf "%-34s %s  %s  (load %s)\n" "$label" "$(grep '^wall=' "$DIR/log-extra")" \
        "$(grep '^timings:' "$DIR/log-extra")" "$(cut -d' ' -f1 /proc/loadavg)"
    rm -rf "$out"
}
b="$DIR/batch-$last-seed$SEED"
echo
echo "$last deals again:"
extra "--jobs 1" "$b" --jobs 1
extra "--jobs 2" "$b" --jobs 2
for s in none text all; do extra "--statements $s" "$b" --statements "$s"; done
m="$DIR/batch-$last-seed$SEED-mechanics"
[ -f "$m/touches.csv" ] || "$GEN" --seed "$SEED" --deals "$last" --mechanics --out "$m"
extra "pay mechanics (gen --mechanics)" "$m"
if [ -n "${BENCH_DUCKDB:-}" ]; then
    e="$DIR/example-$last"
    [ -f "$e/touches.csv" ] || python3 "$BENCH_DUCKDB/bigbatch.py" "$e" "$last" --example "$ROOT/fixtures/example" >/dev/null
    echo
    TRUCE="$TRUCE" bash "$BENCH_DUCKDB/compare.sh" "$e" "$PERIOD"
fi
