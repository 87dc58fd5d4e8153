#!/bin/sh
# run.sh TRUCE - end-to-end tests of the truce binary.
#
# Golden runs (fixtures/example and fixtures/golden/*) must reproduce their
# expected/ files byte for byte; error cases must exit with the right status,
# name the right place, and leave no output behind.  Each case is one
# function call below, so a failure says which.
set -u
TRUCE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/truce-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
pass=0
fail=0

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }

. "$ROOT/tests/e2e/lib.sh"
for f in "$ROOT"/tests/e2e/t_*.sh; do
    . "$f"
done

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
