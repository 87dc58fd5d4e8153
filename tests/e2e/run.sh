#!/bin/sh
# run.sh TRUCE [NAME...] - end-to-end tests of the truce binary (NAME: only
# tests/e2e/t_NAME.sh, for a quicker loop while working on one area).
#
# Golden runs (fixtures/example and fixtures/golden/*) must reproduce their
# expected/ files byte for byte; error cases must exit with the right status,
# name the right place, and leave no output behind.  Each case is one
# function call below, so a failure says which.  A case that cannot run here
# (a tool missing: lib.sh's skip) is counted as skipped, with its reason, on
# the last line; under CI (tests/ci.sh) a missing required tool fails the run.
set -u
TRUCE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/truce-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
pass=0
fail=0
skipped=0
skip_reasons=""

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }

. "$ROOT/tests/ci.sh"
. "$ROOT/tests/e2e/lib.sh"
shift
if [ "$#" -eq 0 ]; then
    set -- "$ROOT"/tests/e2e/t_*.sh
else
    for n in "$@"; do
        shift
        set -- "$@" "$ROOT/tests/e2e/t_$n.sh"
    done
fi
for f in "$@"; do
    . "$f"
done

echo "e2e: $pass passed, $fail failed, $skipped skipped${skip_reasons:+: $skip_reasons}"
[ "$fail" -eq 0 ]
