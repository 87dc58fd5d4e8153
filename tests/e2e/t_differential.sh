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
diff_first=${TRUCE_DIFF_FIRST:-1}
differential differential gen_batch.py truce_ref.py "$diff_first" \
    $((diff_first + ${TRUCE_DIFF_SEEDS:-40} - 1))
