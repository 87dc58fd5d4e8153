# lib.sh - helpers for the end-to-end cases (sourced by run.sh).

# batch NAME: a fresh copy of the contract example to mutate, in $WORK/NAME; prints its path.
batch() {
    rm -rf "$WORK/$1"
    mkdir -p "$WORK/$1"
    cp "$ROOT"/fixtures/example/*.csv "$ROOT"/fixtures/example/plan.xml "$WORK/$1/"
    echo "$WORK/$1"
}

# golden NAME DIR PERIOD: truce run must reproduce DIR/expected/* byte for byte.
golden() {
    name=$1 dir=$2 period=$3
    out="$WORK/out-$name"
    rm -rf "$out"
    if ! "$TRUCE" run --in "$dir" --period "$period" --out "$out" >"$WORK/stdout" 2>"$WORK/stderr"; then
        bad "$name: truce run failed: $(cat "$WORK/stderr")"
        return
    fi
    for exp in "$dir"/expected/*; do
        f=$(basename "$exp")
        if cmp -s "$exp" "$out/$f"; then ok; else
            bad "$name: $f differs from expected"
            diff "$exp" "$out/$f" | head -20
        fi
    done
}

# fails NAME STATUS PATTERN CMD...: CMD must exit STATUS, print PATTERN (grep -E) on stderr,
# and leave $WORK/out absent.
fails() {
    name=$1 status=$2 pattern=$3
    shift 3
    rm -rf "$WORK/out"
    "$@" >"$WORK/stdout" 2>"$WORK/stderr"
    got=$?
    if [ "$got" -ne "$status" ]; then
        bad "$name: exit $got, expected $status; stderr: $(head -3 "$WORK/stderr")"
    elif ! grep -Eq -- "$pattern" "$WORK/stderr"; then
        bad "$name: stderr lacks /$pattern/: $(head -3 "$WORK/stderr")"
    elif [ -e "$WORK/out" ]; then
        bad "$name: output written despite the error"
    else
        ok
    fi
}

# run_fails NAME DIR PATTERN: truce run on DIR must fail as an input error.
run_fails() {
    fails "$1" 1 "$3" "$TRUCE" run --in "$2" --period 2027-03 --out "$WORK/out"
}
