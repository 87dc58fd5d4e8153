# lib.sh - helpers for the end-to-end cases (sourced by run.sh).

# The tools a case may need that .ci/run installs (or that its Debian base always has):
# cc (build-essential), python3, chromium, xmllint (libxml2-utils), man (man-db),
# script (bsdutils), flock (util-linux).  Without one of them a case is skipped; under CI
# (tests/ci.sh) that skip is a failure.  Others (strace usable here, chattr +i and mount
# permitted, the Maven CRM data beside the checkout) depend on the machine: always a skip.
REQUIRED_TOOLS="cc python3 chromium xmllint man script flock"

# skip TOOL REASON...: a case not run because TOOL is missing or unusable here.  Counted and
# listed on run.sh's last line, never as passed; a failure under CI when TOOL is required.
skip() {
    sk_tool=$1
    shift
    case " $REQUIRED_TOOLS " in
        *" $sk_tool "*)
            if in_ci; then
                bad "$* ($sk_tool is required under CI: .ci/run installs it)"
                return
            fi ;;
    esac
    skipped=$((skipped + 1))
    skip_reasons="${skip_reasons:+$skip_reasons; }$*"
    echo "skip: $*"
}

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

# differential LABEL GENERATOR REFERENCE FIRST LAST [FILES]: seeds FIRST..LAST of
# GENERATOR (tests/reference/*.py --seeds) run by truce and by the independent REFERENCE
# (--each); FILES (default "payouts.csv credits.csv") must be the same, byte for byte,
# and a file of FILES that one side writes the other must write too.  A batch holding
# paid.csv is run with --paid on it (the reference's --each does the same).  One Python
# process generates every batch and one computes every reference output (interpreter
# start-up would otherwise dominate the run time).
differential() {
    df_label=$1 df_gen=$2 df_ref=$3 df_first=$4 df_last=$5
    df_files=${6:-payouts.csv credits.csv}
    if ! command -v python3 >/dev/null 2>&1; then
        skip python3 "python3 not found: $df_label (truce against the Python reference) not run"
        return
    fi
    df_root="$WORK/$df_label"
    rm -rf "$df_root"
    mkdir -p "$df_root"
    if ! python3 "$ROOT/tests/reference/$df_gen" --seeds "$df_first:$df_last" \
            --out "$df_root" 2>"$WORK/$df_label-err"; then
        bad "$df_label: generator failed: $(tail -1 "$WORK/$df_label-err")"
        return
    fi
    python3 "$ROOT/tests/reference/$df_ref" --each "$df_root" 2>"$WORK/$df_label-referr"
    df_seed=$df_first
    while [ "$df_seed" -le "$df_last" ]; do
        df_b="$df_root/seed-$df_seed"
        df_p=$(cat "$df_b/period")
        df_what="$df_label seed $df_seed (period $df_p)"
        set -- --in "$df_b" --period "$df_p" --out "$df_b.truce"
        [ -f "$df_b/paid.csv" ] && set -- "$@" --paid "$df_b/paid.csv"
        if ! "$TRUCE" run "$@" >/dev/null 2>"$WORK/$df_label-err"; then
            bad "$df_what: truce run failed: $(head -3 "$WORK/$df_label-err")"
        elif [ ! -f "$df_b.ref/credits.csv" ]; then
            bad "$df_what: reference failed: $(grep "seed-$df_seed:" "$WORK/$df_label-referr" | head -1)"
        else
            df_same=1
            for df_f in $df_files; do
                if [ ! -e "$df_b.truce/$df_f" ] && [ ! -e "$df_b.ref/$df_f" ]; then
                    continue
                fi
                if ! cmp -s "$df_b.truce/$df_f" "$df_b.ref/$df_f"; then
                    df_same=0
                    bad "$df_what: $df_f differs (< truce, > reference)"
                    diff "$df_b.truce/$df_f" "$df_b.ref/$df_f" | head -10
                fi
            done
            [ "$df_same" -eq 1 ] && ok
        fi
        df_seed=$((df_seed + 1))
    done
    rm -rf "$df_root"
}
