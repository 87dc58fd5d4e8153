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
