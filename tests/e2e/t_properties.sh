# Property tests on seeded random valid batches (tests/reference/gen_batch.py),
# checked by tests/e2e/props.py.  For every seed:
#   - conservation: each deal of the month's credits.csv sums exactly to
#     amount x (closer share + marketing share) of the split that applied, its
#     marketing rows to amount x marketing share;
#   - determinism: running the month again, and with --jobs 1 and --jobs 3,
#     gives the same bytes (diff -r, statements included);
#   - order independence: shuffling the data rows of deals.csv, roster.csv and
#     campaigns.csv (CSV-aware: quoted fields hold line breaks) changes no byte
#     of any output but manifest.xml (which names the inputs and their hashes:
#     its <outputs> must still be the same);
#     touches.csv is not shuffled: its row order breaks date ties;
#   - cumulative rounding: the twelve monthly payouts of each payee and
#     component add up to round(E(12)), E(12) computed by props.py from the
#     year's credit (tier integral, retroactive rate, cap, SPIF count) and by
#     the reference implementation;
#   - marginal monotonicity: with every commission made marginal, adding a deal
#     (a copy of an in-scope deal and its touches, new id, closing on or before
#     the period) never lowers a year-to-date payout (months 1..P summed).
# TRUCE_PROP_SEEDS=FIRST:LAST picks the seeds, plus one batch of 400 deals
# (seed LAST+1).  The default, 12:16 and 17, covers USD, JPY and KWD and all four
# rounding modes.  One seed by hand:
#   python3 tests/reference/gen_batch.py --seed N --out /tmp/b
#   build/truce run --in /tmp/b --period "$(cat /tmp/b/period)" --out /tmp/b.o
#   python3 tests/e2e/props.py conserve /tmp/b /tmp/b.o "$(cat /tmp/b/period)"
if ! command -v python3 >/dev/null 2>&1; then
    skip python3 "python3 not found: the property tests are not run"
else
    pr_root="$WORK/props"
    pr_seeds=${TRUCE_PROP_SEEDS:-12:16}
    pr_first=${pr_seeds%:*}
    pr_last=${pr_seeds#*:}
    pr_py="$ROOT/tests/e2e/props.py"
    rm -rf "$pr_root"
    mkdir -p "$pr_root"
    pr_rises=0

    # pr_run WHAT BATCH PERIOD OUT [FLAGS...]: a run that must succeed.
    pr_run() {
        prr_what=$1 prr_b=$2 prr_p=$3 prr_o=$4
        shift 4
        rm -rf "$prr_o"
        if "$TRUCE" run --in "$prr_b" --period "$prr_p" --out "$prr_o" "$@" >/dev/null 2>"$WORK/pr-err"; then
            return 0
        fi
        bad "$prr_what: truce run --period $prr_p $* failed: $(head -3 "$WORK/pr-err")"
        return 1
    }
    # pr_same WHAT DIR1 DIR2 [DIFF-FLAGS]: byte-identical trees.
    pr_same() {
        if diff -r ${4:-} "$2" "$3" >"$WORK/pr-diff" 2>&1; then ok; else
            bad "$1: outputs differ"
            head -10 "$WORK/pr-diff"
        fi
    }
    # pr_check WHAT props.py ARGS...: a checker that must find nothing.
    pr_check() {
        prc_what=$1
        shift
        if python3 "$pr_py" "$@" >"$WORK/pr-out" 2>&1; then ok; else
            bad "$prc_what: $(grep -c . "$WORK/pr-out") problems"
            head -10 "$WORK/pr-out"
        fi
    }
    # pr_months WHAT BATCH YEAR LAST PREFIX: runs months 01..LAST into PREFIX-MM.
    pr_months() {
        prm_m=1
        while [ "$prm_m" -le "$4" ]; do
            prm_mm=$(printf '%02d' "$prm_m")
            pr_run "$1" "$2" "$3-$prm_mm" "$5-$prm_mm" || return 1
            prm_m=$((prm_m + 1))
        done
    }

    if ! python3 "$ROOT/tests/reference/gen_batch.py" --seeds "$pr_first:$pr_last" --out "$pr_root" 2>"$WORK/pr-err" ||
       ! python3 "$ROOT/tests/reference/gen_batch.py" --seed "$((pr_last + 1))" --deals 400 \
            --out "$pr_root/seed-$((pr_last + 1))" 2>"$WORK/pr-err"; then
        bad "properties: generator failed: $(tail -1 "$WORK/pr-err")"
    else
        pr_seed=$pr_first
        while [ "$pr_seed" -le "$((pr_last + 1))" ]; do
            pr_b="$pr_root/seed-$pr_seed"
            pr_p=$(cat "$pr_b/period")
            pr_year=${pr_p%-*}
            pr_month=${pr_p#*-}
            pr_month=${pr_month#0}
            pr_w="properties seed $pr_seed ($pr_p)"
            if pr_run "$pr_w" "$pr_b" "$pr_p" "$pr_b.o"; then
                pr_check "$pr_w: conservation" conserve "$pr_b" "$pr_b.o" "$pr_p"
                pr_run "$pr_w: again" "$pr_b" "$pr_p" "$pr_b.again" && pr_same "$pr_w: a second run" "$pr_b.o" "$pr_b.again"
                pr_run "$pr_w: --jobs 1" "$pr_b" "$pr_p" "$pr_b.j1" --jobs 1 &&
                    pr_run "$pr_w: --jobs 3" "$pr_b" "$pr_p" "$pr_b.j3" --jobs 3 &&
                    pr_same "$pr_w: --jobs 1 and --jobs 3" "$pr_b.j1" "$pr_b.j3"
                if python3 "$pr_py" shuffle "$pr_b" "$pr_b.sh" "$pr_seed" >"$WORK/pr-out" 2>&1; then
                    if pr_run "$pr_w: shuffled rows" "$pr_b.sh" "$pr_p" "$pr_b.sh.o"; then
                        pr_same "$pr_w: shuffled deals, roster and campaigns" "$pr_b.o" "$pr_b.sh.o" "-x manifest.xml"
                        # The manifests differ in their inputs only: the outputs they list are the same.
                        if [ -f "$pr_b.o/manifest.xml" ]; then
                            sed -n '/<outputs>/,/<\/outputs>/p' "$pr_b.o/manifest.xml" >"$WORK/pr-m1"
                            sed -n '/<outputs>/,/<\/outputs>/p' "$pr_b.sh.o/manifest.xml" >"$WORK/pr-m2"
                            if [ -s "$WORK/pr-m1" ] && cmp -s "$WORK/pr-m1" "$WORK/pr-m2"; then ok; else
                                bad "$pr_w: shuffled rows: the manifests list different outputs"; fi
                        fi
                    fi
                else
                    bad "$pr_w: shuffle failed: $(tail -1 "$WORK/pr-out")"
                fi
            fi
            pr_months "$pr_w: month" "$pr_b" "$pr_year" 12 "$pr_b.m" &&
                pr_check "$pr_w: cumulative rounding" cumul "$pr_b" "$pr_b.m"
            if python3 "$pr_py" marginal "$pr_b" "$pr_b.mg" >"$WORK/pr-out" 2>&1 &&
               python3 "$pr_py" adddeal "$pr_b.mg" "$pr_b.add" "$pr_seed" "$pr_p" >"$WORK/pr-add" 2>&1; then
                if pr_months "$pr_w: marginal" "$pr_b.mg" "$pr_year" "$pr_month" "$pr_b.mg.m" &&
                   pr_months "$pr_w: marginal, a deal added" "$pr_b.add" "$pr_year" "$pr_month" "$pr_b.add.m"; then
                    pr_check "$pr_w: marginal monotonicity, $(cat "$WORK/pr-add")" monotone "$pr_b.mg.m" "$pr_b.add.m" "$pr_month"
                    pr_n=$(sed -n 's/^monotone: \([0-9]*\) components rose$/\1/p' "$WORK/pr-out")
                    pr_rises=$((pr_rises + ${pr_n:-0}))
                fi
            else
                bad "$pr_w: making the monotonicity batches failed: $(tail -1 "$WORK/pr-out") $(tail -1 "$WORK/pr-add")"
            fi
            pr_seed=$((pr_seed + 1))
        done
        # The monotonicity check is not vacuous: some added deal raised some payout.
        if [ "$pr_rises" -gt 0 ]; then ok; else bad "properties: no added deal raised any payout (vacuous test)"; fi
    fi
fi
