#!/bin/sh
# valgrind.sh TRUCE - end-to-end cases under valgrind memcheck, on a build
# without sanitisers (build/truce, made by `make`; `make valgrind` runs this).
#
# Each case runs truce under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=9
# and passes when truce exits with the status the case expects (0, 1 or 2) and
# valgrind found no error and no leak (exit 9 otherwise, its report printed).
# Golden runs must also reproduce their expected files byte for byte.  The
# cases: the contract example (run, check, threads, shards and merge,
# --force), every golden batch, and error paths (bad inputs, plan errors,
# hostile XML, evaluation errors, limits, usage errors, a failed write).
# Prints "valgrind: N passed, N failed" last; exits non-zero on any failure.
set -u
if [ $# -ne 1 ]; then
    echo "usage: sh tests/valgrind.sh build/truce" >&2
    exit 2
fi
TRUCE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: not installed"
    echo "valgrind: 0 passed, 1 failed"
    exit 1
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/truce-valgrind.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
pass=0
fail=0
n=0

# vg NAME STATUS TRUCE-ARGS...: truce under valgrind must exit STATUS, with no error or leak.
vg() {
    name=$1 want=$2
    shift 2
    n=$((n + 1))
    log="$WORK/vg-$n.log"
    valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=9 --log-file="$log" "$TRUCE" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
    got=$?
    if [ "$got" -eq "$want" ] && ! grep -q "ERROR SUMMARY: [1-9]" "$log"; then
        pass=$((pass + 1))
        return 0
    fi
    fail=$((fail + 1))
    if [ "$got" -eq 9 ] || grep -q "ERROR SUMMARY: [1-9]" "$log"; then
        echo "FAIL: $name: valgrind found errors or leaks:"
        grep -E "^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|Source and|Argument|[0-9,]+ bytes in|   (at|by) 0x)|ERROR SUMMARY" "$log" | head -30
    else
        echo "FAIL: $name: exit $got, expected $want: $(head -3 "$WORK/stderr")"
    fi
    return 1
}

# same NAME EXPECTED_DIR OUT: every file of EXPECTED_DIR is in OUT, byte for byte.
same() {
    for exp in "$2"/*; do
        if ! cmp -s "$exp" "$3/$(basename "$exp")"; then
            echo "FAIL: $1: $(basename "$exp") differs from expected"
            fail=$((fail + 1))
            pass=$((pass - 1))
            return 1
        fi
    done
}

# batch NAME: a fresh, writable copy of the contract example in $WORK/NAME; prints its path.
batch() {
    rm -rf "${WORK:?}/$1"
    mkdir -p "$WORK/$1"
    for f in "$ROOT"/fixtures/example/*.csv "$ROOT"/fixtures/example/plan.xml; do
        cat "$f" >"$WORK/$1/$(basename "$f")"
    done
    echo "$WORK/$1"
}

EX="$ROOT/fixtures/example"

# ---- successful runs ----------------------------------------------------------
vg "example run" 0 run --in "$EX" --period 2027-03 --out "$WORK/ex" &&
    same "example run" "$EX/expected" "$WORK/ex"
vg "example run --jobs 3" 0 run --in "$EX" --period 2027-03 --out "$WORK/ex3" --jobs 3 &&
    same "example run --jobs 3" "$EX/expected" "$WORK/ex3"
vg "example check" 0 check --in "$EX"
vg "example run --force over an output" 0 run --in "$EX" --period 2027-02 --out "$WORK/ex" --force
vg "example shard 0/2" 0 run --in "$EX" --period 2027-03 --out "$WORK/sh0" --shard 0/2
vg "example shard 1/2" 0 run --in "$EX" --period 2027-03 --out "$WORK/sh1" --shard 1/2
vg "merge of two shards" 0 merge --out "$WORK/merged" "$WORK/sh1" "$WORK/sh0" &&
    same "merge of two shards" "$EX/expected" "$WORK/merged"
for g in "$ROOT"/fixtures/golden/*/; do
    g=${g%/}
    gname=$(basename "$g")
    vg "golden $gname" 0 run --in "$g" --period "$(cat "$g/period")" --out "$WORK/g-$gname" &&
        same "golden $gname" "$g/expected" "$WORK/g-$gname"
done

# ---- input errors (exit 1, nothing written) -----------------------------------
b=$(batch amount); sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,"12,5",/' "$b/deals.csv"
vg "amount not a number" 1 run --in "$b" --period 2027-03 --out "$WORK/out"
b=$(batch many)
sed -i 's/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,x,/; s/^D-1004,2027-02-21,/D-1004,2027-02-31,/' "$b/deals.csv"
sed -i 's/^raj,Raj Patel,marketing,/raj,Raj Patel,marketing,abc/' "$b/roster.csv"
echo "D-9999,paid-search,2027-01-01," >>"$b/touches.csv"
vg "several input errors (check)" 1 check --in "$b"
b=$(batch ragged); printf 'D-2000,2027-05-05,10,ana,"sales,Core,new,NA\n' >>"$b/deals.csv"
sed -i 's/^D-1006,2027-03-09,130000,cho,sales,Core,renewal,EMEA/D-1006,2027-03-09,130000/' "$b/deals.csv"
vg "ragged row and unterminated quote" 1 check --in "$b"
b=$(batch utf8); printf 'D-2000,2027-05-05,10,ana,sa\000les,Core,new,\377\376\n' >>"$b/deals.csv"
vg "NUL byte and invalid UTF-8" 1 run --in "$b" --period 2027-03 --out "$WORK/out"
b=$(batch noroster); rm "$b/roster.csv"
vg "missing roster" 1 run --in "$b" --period 2027-03 --out "$WORK/out"
b=$(batch dir); rm "$b/deals.csv"; mkdir "$b/deals.csv"
vg "deals.csv is a directory" 1 run --in "$b" --period 2027-03 --out "$WORK/out"
b=$(batch noquota); sed -i 's/^ana,Ana Ruiz,ae,600000/ana,Ana Ruiz,ae,/' "$b/roster.csv"
vg "quota needed by % tiers" 1 run --in "$b" --period 2027-03 --out "$WORK/out"
vg "period outside the plan year" 1 run --in "$EX" --period 2026-03 --out "$WORK/out"

# ---- plan errors and hostile XML -------------------------------------------------
b=$(batch unknownel); sed -i 's|<tier rate="12%"/>|<tier rate="12%"/><bonus/>|' "$b/plan.xml"
vg "unknown element" 1 check --in "$b"
b=$(batch tiers); sed -i 's|<tier upto="100%" rate="8%"/>|<tier upto="40%" rate="8%"/>|; s/currency="USD"/currency="XYZ"/' "$b/plan.xml"
vg "tiers not increasing, unknown currency" 1 check --in "$b"
b=$(batch badwhen); sed -i 's|<split when="source = .marketing.">|<split when="source = marketing'"'"' and">|' "$b/plan.xml"
vg "when syntax" 1 check --in "$b"
b=$(batch nocolumn); sed -i 's|<split when="source = .marketing.">|<split when="channel = '"'"'web'"'"'">|' "$b/plan.xml"
vg "when names a missing column" 1 check --in "$b"
for h in xxe-content billion-laughs deep-nesting very-deep-nesting not-xml empty; do
    b=$(batch "hostile-$h"); cat "$ROOT/fixtures/plans/hostile/$h.xml" >"$b/plan.xml"
    vg "hostile plan $h" 1 check --in "$b"
done

# ---- evaluation errors (every in-scope deal, threads merging messages) -----------
b=$(batch evaltext); sed -i 's|<split when="source = .marketing.">|<split when="region > 5">|' "$b/plan.xml"
vg "text used as a number" 1 run --in "$b" --period 2027-03 --out "$WORK/out" --jobs 3
b=$(batch divzero); sed -i 's|<split when="source = .marketing.">|<split when="amount / (amount - 45000) > 1">|' "$b/plan.xml"
vg "division by zero" 1 run --in "$b" --period 2027-03 --out "$WORK/out"

# ---- limits -------------------------------------------------------------------
b=$(batch field)
{ head -1 "$EX/deals.csv"; printf 'D-2000,2027-03-05,10,ana,sales,Core,new,'
  head -c 1048577 /dev/zero | tr '\0' R; echo; tail -n +2 "$EX/deals.csv"; } >"$b/deals.csv"
vg "field past the limit" 1 check --in "$b"
b=$(batch deep)
sed -i "s|<split when=\"source = 'marketing'\">|<split when=\"$(head -c 65 /dev/zero | tr '\0' '(')source = 'marketing'$(head -c 65 /dev/zero | tr '\0' ')')\">|" "$b/plan.xml"
vg "when nested too deeply" 1 check --in "$b"
b=$(batch amount41); sed -i "s/^D-1002,2027-01-28,45000,/D-1002,2027-01-28,$(head -c 41 /dev/zero | tr '\0' 9),/" "$b/deals.csv"
vg "amount of 41 digits" 1 check --in "$b"

# ---- usage errors and a failed write ---------------------------------------------
vg "unknown command" 2 frobnicate
vg "missing --period" 2 run --in "$EX" --out "$WORK/out"
vg "non-empty --out without --force" 2 run --in "$EX" --period 2027-03 --out "$WORK/ex3"
vg "--help" 0 --help

# A write that fails while the output is being written: a payee_id too long to
# name its statement file (payouts.csv and credits.csv are written by then).
b=$(batch longid); lid=$(head -c 300 /dev/zero | tr '\0' a)
sed -i "s/^ana,/$lid,/" "$b/roster.csv"; sed -i "s/,ana,/,$lid,/" "$b/deals.csv"
vg "a statement that cannot be written" 1 run --in "$b" --period 2027-03 --out "$WORK/out"
# A file-size limit (ulimit -f: 512 or 1024 bytes) makes the first big file fail.  The
# valgrind log goes through a pipe, which the limit does not touch.
b=$(batch fsize)
awk -F, 'NR > 1 && NR < 12 { for (i = 0; i < 20; i++) { $1 = $1 "x"; print } }' OFS=, "$EX/deals.csv" >>"$b/deals.csv"
n=$((n + 1))
( ulimit -f 1
  valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=9 \
      --log-fd=9 "$TRUCE" run --in "$b" --period 2027-03 --out "$WORK/fs-out" 9>&1 >/dev/null 2>"$WORK/stderr"
  echo $? >"$WORK/status" ) | cat >"$WORK/vg-$n.log"
got=$(cat "$WORK/status")
if [ "$got" -eq 1 ] && grep -q "cannot write" "$WORK/stderr" && [ ! -e "$WORK/fs-out" ] &&
   ! grep -q "ERROR SUMMARY: [1-9]" "$WORK/vg-$n.log"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL: a write that fails (ulimit -f): exit $got: $(head -3 "$WORK/stderr")"
    grep -E "bytes in|ERROR SUMMARY|(at|by) 0x" "$WORK/vg-$n.log" | head -20
fi

echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
