#!/bin/sh
# run_unit.sh BIN... - runs each cmocka binary; fails if any test failed.
# cmocka's exit status is its failure count, which is what we trust (its text changes across versions).
# A test may also skip (cmocka's skip(); none does today): a skipped test is not a passed one, so
# each is counted from cmocka's "[  SKIPPED ] NAME" lines and listed on the last line, and under
# CI (tests/ci.sh) any skip fails the run.
. "$(dirname "$0")/ci.sh"
out=$(mktemp "${TMPDIR:-/tmp}/truce-unit.XXXXXX")
trap 'rm -f "$out"' EXIT
failed=0
skipped=0
skip_names=""
for t in "$@"; do
    echo "== $t"
    "$t" >"$out" 2>&1
    status=$?
    cat "$out"
    if [ "$status" -ne 0 ]; then
        echo "FAILED: $t"
        failed=$((failed + 1))
    fi
    # Each skipped test is named twice (as it runs, and in the summary): once here.
    for name in $(sed -n 's/^\[  SKIPPED \] \([A-Za-z_][A-Za-z0-9_]*\)$/\1/p' "$out" | sort -u); do
        skipped=$((skipped + 1))
        skip_names="${skip_names:+$skip_names, }$(basename "$t"):$name"
    done
done
echo "unit: $# binaries, $failed failed, $skipped tests skipped${skip_names:+: $skip_names}"
if [ "$skipped" -gt 0 ] && in_ci; then
    echo "unit: a skipped test fails the run under CI"
    exit 1
fi
[ "$failed" -eq 0 ] || { echo "$failed unit test binaries failed"; exit 1; }
