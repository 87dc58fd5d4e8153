#!/bin/bash
# run.sh TRUCE [N] - the Slurm recipe of docs/scale.md, run for real (make slurm-test).
#
# Installs slurm-wlm and munge from Debian when they are missing (apt-get:
# run it as root, on a machine of its own such as a CI runner), starts a
# one-node cluster on localhost with a configuration of its own (SLURM_CONF,
# state under a temporary directory; no file of /etc/slurm is written),
# submits the two-phase run with tests/slurm/submit.sh (the credit array, the
# earn array after it, the merge after that, each --dependency=afterok) and
# checks that the merged output is the unsharded run's, byte for byte.  It
# stops the daemons it started, and only those, when it ends.
set -euo pipefail
TRUCE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/truce-slurm.XXXXXX)
pids=()

# The daemons this test started, by their pids, waited for before their files go.
cleanup() {
    status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
    done
    rm -rf "$WORK" || true
    exit "$status"
}
trap cleanup EXIT

say() { echo "slurm-test: $*"; }

install_slurm() {
    if command -v sbatch >/dev/null && command -v slurmctld >/dev/null &&
        command -v slurmd >/dev/null && command -v munged >/dev/null; then
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        say "slurm-wlm and munge are not installed, and installing them needs root"
        exit 1
    fi
    say "installing slurm-wlm and munge (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
}

# munged with a key of this test's (its own socket, so a munged already running is left alone).
start_munge() {
    mkdir -p "$WORK/munge"
    chmod 700 "$WORK/munge"
    dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 2>/dev/null
    chmod 400 "$WORK/munge/munge.key"
    MUNGE_SOCKET=$WORK/munge/munge.socket
    munged --force --key-file="$WORK/munge/munge.key" --socket="$MUNGE_SOCKET" \
        --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/munge/munged.log" \
        --seed-file="$WORK/munge/munged.seed"
    pids+=("$(cat "$WORK/munge/munged.pid")")
}

write_conf() {
    node=$(hostname -s)
    cpus=$(nproc)
    mem=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
    mkdir -p "$WORK/spool/ctld" "$WORK/spool/d" "$WORK/log"
    SLURM_CONF=$WORK/slurm.conf
    export SLURM_CONF
    cat >"$SLURM_CONF" <<EOF
ClusterName=truce-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$WORK/spool/ctld
SlurmdSpoolDir=$WORK/spool/d
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

start_slurm() {
    slurmctld -f "$SLURM_CONF"
    slurmd -f "$SLURM_CONF" -N "$node"
    sleep 1
    pids+=("$(cat "$WORK/slurmctld.pid")" "$(cat "$WORK/slurmd.pid")")
    for _ in $(seq 60); do
        if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
            say "cluster up: $(sinfo -h -o '%P %D %c %T' | tr '\n' ' ')"
            return
        fi
        sleep 1
    done
    say "the node did not come up:"
    tail -20 "$WORK/log/slurmctld.log" "$WORK/log/slurmd.log"
    exit 1
}

# The state of job $1 (a whole array: the first task's that is not COMPLETED).
job_state() {
    scontrol show job "$1" -o 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' |
        grep -v -x COMPLETED | head -1 || true
}

wait_for() {
    for _ in $(seq 600); do
        s=$(job_state "$1")
        case "$s" in
        "") return 0 ;;
        PENDING)
            if scontrol show job "$1" -o 2>/dev/null | grep -q 'Reason=DependencyNeverSatisfied'; then
                say "job $1 will never run: a job it depends on failed"
                return 1
            fi
            sleep 1 ;;
        RUNNING | CONFIGURING | COMPLETING) sleep 1 ;;
        *) say "job $1 ended $s"; return 1 ;;
        esac
    done
    say "job $1 still running after 10 minutes"
    return 1
}

install_slurm
start_munge
write_conf
say "$(sbatch --version), $(munged --version 2>&1 | head -1)"
start_slurm

batch=$WORK/batch
cc -O2 -o "$WORK/gen" "$ROOT/bench/gen.c"
"$WORK/gen" --seed 5 --deals 20000 --payees 60 --campaigns 30 --out "$batch" >/dev/null
"$TRUCE" run --in "$batch" --period 2027-06 --out "$WORK/whole" --quiet >/dev/null 2>"$WORK/whole.err"

mkdir -p "$WORK/bin"
ln -s "$TRUCE" "$WORK/bin/truce"
export PATH="$WORK/bin:$PATH" BATCH=$batch PERIOD=2027-06 RUN=$WORK/run N
read -r credit earn merge < <(bash "$ROOT/tests/slurm/submit.sh")
say "submitted $N tasks a phase: credit array $credit, earn array $earn (afterok:$credit), merge $merge (afterok:$earn)"
status=0
for job in "$credit" "$earn" "$merge"; do
    wait_for "$job" || status=1
done
for job in "$credit" "$earn" "$merge"; do
    scontrol show job "$job" -o | sed -n 's/^JobId=\([0-9]*\).*ArrayTaskId=\([0-9]*\).*JobName=\([^ ]*\).*JobState=\([A-Z]*\).*ExitCode=\([0-9:]*\).*/  job \1 task \2 \3: \4 exit \5/p;
        /ArrayTaskId/! s/^JobId=\([0-9]*\).*JobName=\([^ ]*\).*JobState=\([A-Z]*\).*ExitCode=\([0-9:]*\).*/  job \1 \2: \3 exit \4/p' | sort -k4,4n
done
if [ "$status" -ne 0 ]; then
    say "FAIL: a job failed; its log:"
    tail -n 5 "$WORK"/run/logs/*.out
    exit 1
fi
ls "$WORK/run/logs"/*.out >/dev/null && cat "$WORK"/run/logs/*.out | sed 's/^/  | /'
if diff -r "$WORK/whole" "$WORK/run/final" >"$WORK/diff"; then
    say "PASS: the merge of $N two-phase shards run by Slurm is the unsharded run, byte for byte ($(find "$WORK/run/final" -type f | wc -l) files)"
else
    say "FAIL: the merged output differs from the unsharded run:"
    head -20 "$WORK/diff"
    exit 1
fi
