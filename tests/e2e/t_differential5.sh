# Differential test of issue 5 (who gets credit): truce against the independent
# Python reference tests/reference/truce_ref5.py (written from the documents, never
# from the engine) on seeded random valid batches from tests/reference/gen_batch5.py:
# team splits, overlays and territories, manager roll-ups, employment dates, attainment
# windows and quotas.csv, plan versions (plans/), currencies and fx.csv, marginal and
# retroactive commissions, caps, SPIFs, and a period of a month, quarter, half-year or
# the year (each batch names its own in its file `period`).  Both must write the same
# payouts.csv and credits.csv, byte for byte.
# TRUCE_DIFF5_SEEDS=N runs seeds 1..N (default 40); TRUCE_DIFF5_FIRST=K starts at K.
# One seed again, by hand:
#   python3 tests/reference/gen_batch5.py --seed N --out /tmp/b
#   build/truce run --in /tmp/b --period "$(cat /tmp/b/period)" --out /tmp/b.truce
#   python3 tests/reference/truce_ref5.py --in /tmp/b --period "$(cat /tmp/b/period)" --out /tmp/b.ref
d5_first=${TRUCE_DIFF5_FIRST:-1}
differential differential5 gen_batch5.py truce_ref5.py "$d5_first" \
    $((d5_first + ${TRUCE_DIFF5_SEEDS:-40} - 1))
