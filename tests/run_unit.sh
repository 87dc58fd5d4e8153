#!/bin/sh
# run_unit.sh BIN... - runs each cmocka binary; fails if any test failed.
# cmocka's exit status is its failure count, which is what we trust (its text changes across versions).
failed=0
for t in "$@"; do
    echo "== $t"
    if ! "$t"; then
        echo "FAILED: $t"
        failed=$((failed + 1))
    fi
done
[ "$failed" -eq 0 ] || { echo "$failed unit test binaries failed"; exit 1; }
