#!/bin/sh
# shards.sh TRUCE BATCH PERIOD SCRATCH N... - the CPU time of each task of a two-phase sharded
# run (docs/scale.md) against the unsharded run's, one task at a time, and the check that the
# merge is the unsharded output.  SCRATCH: a directory for the outputs (tmpfs: they are the
# size of the batch, twice), emptied as it goes.  JOBS (default 2) threads per task.
set -eu
T=$1 B=$2 P=$3 S=$4
shift 4
J=${JOBS:-2}
F='%U %S %M %e'
# task LABEL ARGS...: runs truce ARGS and prints LABEL, user+sys CPU s, peak RSS MB, wall s.
task() {
    label=$1
    shift
    [ "$1" = run ] && set -- "$@" --quiet --jobs "$J"
    /usr/bin/time -f "$F" -o "$S/time" "$T" "$@" >/dev/null 2>"$S/err" ||
        { echo "$label failed:"; cat "$S/err"; exit 1; }
    awk -v l="$label" '{ printf "%-14s %7.2f s cpu %7.0f MB %7.2f s wall\n", l, $1 + $2, $3 / 1024, $4 }' "$S/time"
}
mkdir -p "$S"
rm -rf "$S/whole"
echo "load: $(cat /proc/loadavg)"
task "unsharded" run --in "$B" --period "$P" --out "$S/whole"
for n in "$@"; do
    rm -rf "$S/parts" "$S/shards" "$S/final"
    mkdir -p "$S/parts" "$S/shards"
    k=0
    while [ "$k" -lt "$n" ]; do
        task "credit $k/$n" run --in "$B" --period "$P" --phase credit --shard "$k/$n" --out "$S/parts/$k"
        k=$((k + 1))
    done
    echo "partitions: $(du -sm "$S/parts" | cut -f1) MB"
    k=0
    while [ "$k" -lt "$n" ]; do
        task "earn $k/$n" run --in "$B" --period "$P" --phase earn --shard "$k/$n" --parts "$S/parts" \
            --out "$S/shards/$k"
        k=$((k + 1))
    done
    task "merge $n" merge --out "$S/final" "$S"/shards/*
    if diff -r "$S/whole" "$S/final" >/dev/null; then echo "N=$n: merged = unsharded"; else
        echo "N=$n: the merge DIFFERS from the unsharded run"; exit 1; fi
    echo "load: $(cat /proc/loadavg)"
done
rm -rf "$S/parts" "$S/shards" "$S/final" "$S/whole" "$S/time" "$S/err"
