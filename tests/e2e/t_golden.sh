# Hand-worked golden cases (fixtures/golden/*/NOTES.md works out every value):
# truce run on each must reproduce its expected/ files byte for byte.
for d in "$ROOT"/fixtures/golden/*/; do golden "$(basename "$d")" "$d" "$(cat "$d/period")"; done

# The realistic plans in rules/examples/ are the plans of their golden batches, byte for byte,
# so the hand-checked payouts in those batches' NOTES.md vouch for the plans users copy.
for pair in saas-field-sales-2027.xml:saas-field-sales/plan.xml \
            solutions-overlay-2027.xml:solutions-overlay/plan.xml \
            multi-currency-2027/h1.xml:multi-currency/plans/h1.xml \
            multi-currency-2027/h2.xml:multi-currency/plans/h2.xml; do
    if cmp -s "$ROOT/rules/examples/${pair%%:*}" "$ROOT/fixtures/golden/${pair#*:}"; then ok; else
        bad "rules/examples/${pair%%:*} differs from fixtures/golden/${pair#*:}"
    fi
done

# Sharded in three and merged, every golden batch gives the unsharded outputs byte for byte
# (the merge orders credits.csv rows by role rank: closer, marketing, overlay, manager).
for d in "$ROOT"/fixtures/golden/*/; do
    n=$(basename "$d") p=$(cat "$d/period")
    rm -rf "$WORK/g-all" "$WORK/g-s0" "$WORK/g-s1" "$WORK/g-s2" "$WORK/g-merged"
    "$TRUCE" run --in "$d" --period "$p" --out "$WORK/g-all" >/dev/null 2>&1 &&
        "$TRUCE" run --in "$d" --period "$p" --shard 0/3 --out "$WORK/g-s0" >/dev/null 2>&1 &&
        "$TRUCE" run --in "$d" --period "$p" --shard 1/3 --out "$WORK/g-s1" >/dev/null 2>&1 &&
        "$TRUCE" run --in "$d" --period "$p" --shard 2/3 --out "$WORK/g-s2" >/dev/null 2>&1 &&
        "$TRUCE" merge --out "$WORK/g-merged" "$WORK/g-s0" "$WORK/g-s1" "$WORK/g-s2" >/dev/null 2>&1
    if diff -r "$WORK/g-all" "$WORK/g-merged" >/dev/null 2>&1; then ok; else
        bad "$n: three shards merged differ from the unsharded run"
    fi
done

# A golden batch with monthly.csv has its payouts worked by hand for every month of the year:
# each monthly run must give those rows (and the months add up to the year's run, checked above
# by the year's own expected/payouts.csv).
for d in "$ROOT"/fixtures/golden/*/; do
    [ -f "$d/monthly.csv" ] || continue
    n=$(basename "$d")
    for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
        rm -rf "$WORK/g-month"
        "$TRUCE" run --in "$d" --period "2027-$m" --out "$WORK/g-month" >/dev/null 2>&1
        grep "^2027-$m," "$d/monthly.csv" > "$WORK/g-want"
        tail -n +2 "$WORK/g-month/payouts.csv" > "$WORK/g-got" 2>/dev/null
        if cmp -s "$WORK/g-want" "$WORK/g-got"; then ok; else
            bad "$n: payouts of 2027-$m differ from monthly.csv"
            diff "$WORK/g-want" "$WORK/g-got" | head -5
        fi
    done
done
for pair in field-sales-pay-2027.xml:pay-year-2027/plan.xml; do
    if cmp -s "$ROOT/rules/examples/${pair%%:*}" "$ROOT/fixtures/golden/${pair#*:}"; then ok; else
        bad "rules/examples/${pair%%:*} differs from fixtures/golden/${pair#*:}"
    fi
done
