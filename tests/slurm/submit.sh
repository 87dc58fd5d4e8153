#!/bin/bash
# Submits a two-phase sharded run (docs/scale.md) of the batch $BATCH for the
# period $PERIOD as N tasks a phase, its outputs under $RUN (shared storage,
# seen alike by every node), and prints the three job ids: the credit array,
# the earn array and the merge.  `truce` must be on the PATH of the nodes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export BATCH PERIOD RUN
N=${N:-8}
mkdir -p "$RUN/parts" "$RUN/shards" "$RUN/logs"
cd "$RUN/logs"  # the jobs' slurm-*.out files
credit=$(sbatch --parsable --array="0-$((N - 1))" "$here/truce-credit.sbatch")
earn=$(sbatch --parsable --array="0-$((N - 1))" --dependency="afterok:$credit" \
    "$here/truce-earn.sbatch")
merge=$(sbatch --parsable --dependency="afterok:$earn" "$here/truce-merge.sbatch")
echo "$credit $earn $merge"
