# Differential test: truce against the independent Python reference
# (tests/reference/truce_ref.py, written from CONTRACT.md alone) on seeded
# random valid batches (tests/reference/gen_batch.py; each batch names its own
# period, a month of its plan year).  Both must write the same payouts.csv and
# credits.csv, byte for byte.
# TRUCE_DIFF_SEEDS=N runs seeds 1..N (default 40); TRUCE_DIFF_FIRST=K starts at K.
# One seed again, by hand:
#   python3 tests/reference/gen_batch.py --seed N --out /tmp/b
#   build/truce run --in /tmp/b --period "$(cat /tmp/b/period)" --out /tmp/b.truce
#   python3 tests/reference/truce_ref.py --in /tmp/b --period "$(cat /tmp/b/period)" --out /tmp/b.ref
if ! command -v python3 >/dev/null 2>&1; then
    echo "differential: python3 not found, skipped"
    ok
else
    diff_root="$WORK/diff"
    diff_first=${TRUCE_DIFF_FIRST:-1}
    diff_last=$((diff_first + ${TRUCE_DIFF_SEEDS:-40} - 1))
    rm -rf "$diff_root"
    mkdir -p "$diff_root"
    # One Python process generates every batch and one computes every reference
    # output (interpreter start-up would otherwise dominate the run time).
    if ! python3 "$ROOT/tests/reference/gen_batch.py" --seeds "$diff_first:$diff_last" \
            --out "$diff_root" 2>"$WORK/diff-err"; then
        bad "differential: generator failed: $(tail -1 "$WORK/diff-err")"
    else
        python3 "$ROOT/tests/reference/truce_ref.py" --each "$diff_root" 2>"$WORK/diff-referr"
        diff_seed=$diff_first
        while [ "$diff_seed" -le "$diff_last" ]; do
            diff_b="$diff_root/seed-$diff_seed"
            diff_p=$(cat "$diff_b/period")
            diff_what="differential seed $diff_seed (period $diff_p)"
            if ! "$TRUCE" run --in "$diff_b" --period "$diff_p" --out "$diff_b.truce" >/dev/null 2>"$WORK/diff-err"; then
                bad "$diff_what: truce run failed: $(head -3 "$WORK/diff-err")"
            elif [ ! -f "$diff_b.ref/credits.csv" ]; then
                bad "$diff_what: reference failed: $(grep "seed-$diff_seed:" "$WORK/diff-referr" | head -1)"
            else
                diff_same=1
                for diff_f in payouts.csv credits.csv; do
                    if ! cmp -s "$diff_b.truce/$diff_f" "$diff_b.ref/$diff_f"; then
                        diff_same=0
                        bad "$diff_what: $diff_f differs (< truce, > reference)"
                        diff "$diff_b.truce/$diff_f" "$diff_b.ref/$diff_f" | head -10
                    fi
                done
                [ "$diff_same" -eq 1 ] && ok
            fi
            diff_seed=$((diff_seed + 1))
        done
    fi
fi
