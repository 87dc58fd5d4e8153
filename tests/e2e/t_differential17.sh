# Issue 17's data-driven models against their independent Python reference
# (tests/reference/truce_ref17.py: written from the text, Markov by solving the
# chain again for every removed campaign, Shapley by summing over every subset) on seeded
# random batches (tests/reference/gen_batch17.py: training deals in 2026, won and lost,
# one or two splits fitted with markov or shapley on their own trained-on periods).
# payouts.csv and credits.csv must be the same, byte for byte.
# TRUCE_DIFF17_SEEDS=N runs seeds 1..N (default 60).
differential differential17 gen_batch17.py truce_ref17.py 1 "${TRUCE_DIFF17_SEEDS:-60}"
