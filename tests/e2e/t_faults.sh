# Faults: a run that is killed, interrupted, or cannot write leaves --out
# absent or complete (complete = byte-identical to an uninterrupted run:
# payouts.csv, credits.csv and a statement per payee of payouts.csv), never
# half-written; an unreadable input is an error naming the file.
# TRUCE_FAULT_SEED=N changes the random moments (default 1); the moments used
# are printed with any failure.

fa_b="$WORK/fa-big"
fa_p=2027-06
cc -O2 -o "$WORK/fa-gen" "$ROOT/bench/gen.c"
# Big enough for the run to take about a second under ASan (most of it writing
# 1000 statements); an optimised build is faster, and the moments scale with it.
"$WORK/fa-gen" --seed 11 --deals 30000 --payees 1000 --out "$fa_b" >/dev/null

# fa_now: nanoseconds.
fa_now() { date +%s%N; }
# fa_moment I N LO HI: the I-th of N moments, seconds, spread over [LO, HI] with seeded jitter.
fa_moment() {
    awk -v i="$1" -v n="$2" -v lo="$3" -v hi="$4" -v seed="${TRUCE_FAULT_SEED:-1}" \
        'BEGIN { srand(seed * 1000 + i); printf "%.3f\n", lo + (hi - lo) * (i - 1 + rand()) / n }'
}
# fa_leftovers DIR NAME: temporary or old directories of NAME left in DIR.
fa_leftovers() { find "$1" -maxdepth 1 -name ".$2.truce-*" | head -3; }
# fa_state OUT: "absent", "complete" (same bytes as the uninterrupted run) or "PARTIAL".
fa_state() {
    if [ ! -e "$1" ]; then echo absent
    elif diff -r "$WORK/fa-ref" "$1" >/dev/null 2>&1; then echo complete
    else echo PARTIAL; fi
}

# The uninterrupted run, timed; stages from --timings place the writing.
rm -rf "$WORK/fa-ref"
fa_t0=$(fa_now)
"$TRUCE" run --in "$fa_b" --period "$fa_p" --out "$WORK/fa-ref" --timings >/dev/null 2>"$WORK/fa-timings"
fa_st=$?
fa_t1=$(fa_now)
fa_dur=$(awk -v a="$fa_t0" -v b="$fa_t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }')
# Writing starts after read + credit + earn: as a fraction of the staged time.
fa_wfrac=$(sed -n 's/^timings: read \([0-9.]*\)s credit \([0-9.]*\)s earn \([0-9.]*\)s write \([0-9.]*\)s$/\1 \2 \3 \4/p' \
    "$WORK/fa-timings" | awk '{ t = $1 + $2 + $3 + $4; printf "%.3f\n", (t > 0 ? ($1 + $2 + $3) / t : 0.5) }')
fa_wstart=$(awk -v d="$fa_dur" -v f="${fa_wfrac:-0.5}" 'BEGIN { printf "%.3f\n", d * f }')
if [ "$fa_st" -ne 0 ]; then
    bad "faults: the uninterrupted run failed: $(grep -v warning "$WORK/fa-timings" | head -3)"
else
    # The reference output is complete: a statement for each payee of payouts.csv, no other.
    cut -d, -f2 "$WORK/fa-ref/payouts.csv" | sed 1d | sort -u >"$WORK/fa-payees"
    (cd "$WORK/fa-ref/statements" && ls) | sed -n 's/\.txt$//p' | sort >"$WORK/fa-stmts"
    if [ -s "$WORK/fa-payees" ] && [ -f "$WORK/fa-ref/credits.csv" ] && cmp -s "$WORK/fa-payees" "$WORK/fa-stmts"; then ok; else
        bad "faults: the uninterrupted run lacks a file or a statement"; fi

    # SIGKILL at 10 moments spread over the run (and a little past its end, so that
    # the last ones may fall on the final rename): --out absent or complete.
    # (The temporary directory beside it cannot be cleaned after SIGKILL, and may remain.)
    fa_end=$(awk -v d="$fa_dur" 'BEGIN { printf "%.3f\n", d * 1.1 }')
    fa_i=1 fa_absent=0 fa_done=0
    while [ "$fa_i" -le 10 ]; do
        fa_d="$WORK/fa-kill$fa_i"
        rm -rf "$fa_d"
        mkdir -p "$fa_d"
        fa_at=$(fa_moment "$fa_i" 10 0 "$fa_end")
        "$TRUCE" run --in "$fa_b" --period "$fa_p" --out "$fa_d/out" >/dev/null 2>&1 &
        fa_pid=$!
        sleep "$fa_at"
        kill -KILL "$fa_pid" 2>/dev/null
        wait "$fa_pid" 2>/dev/null
        case $(fa_state "$fa_d/out") in
            absent) fa_absent=$((fa_absent + 1)); ok ;;
            complete) fa_done=$((fa_done + 1)); ok ;;
            *) bad "SIGKILL after ${fa_at}s (run takes ${fa_dur}s): --out is half-written"
               diff -r "$WORK/fa-ref" "$fa_d/out" 2>&1 | head -5 ;;
        esac
        rm -rf "$fa_d"
        fa_i=$((fa_i + 1))
    done
    echo "faults: SIGKILL over a ${fa_dur}s run: $fa_absent absent, $fa_done complete"

    # SIGINT and SIGTERM at 10 moments, half of them while writing: --out absent or
    # complete, no temporary directory left, and the status is the signal's (or 1;
    # 0 only with a complete output).  The last two replace an existing output with
    # --force, which must then be the old output or the new one, whole.
    # A background job of a script ignores SIGINT; env --default-signal restores it.
    if env --default-signal=INT true 2>/dev/null; then fa_int=1; else
        fa_int=0; echo "faults: env --default-signal unsupported, SIGTERM only"; fi
    rm -rf "$WORK/fa-old"
    "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/fa-old" >/dev/null 2>&1
    fa_i=1 fa_absent=0 fa_done=0 fa_caught=0
    while [ "$fa_i" -le 10 ]; do
        fa_d="$WORK/fa-sig$fa_i"
        rm -rf "$fa_d"
        mkdir -p "$fa_d"
        fa_force=""
        if [ "$fa_i" -gt 8 ]; then
            cp -r "$WORK/fa-old" "$fa_d/out"
            fa_force=--force
        fi
        if [ $((fa_i % 2)) -eq 1 ] && [ "$fa_int" -eq 1 ]; then fa_sig=INT fa_code=130; else fa_sig=TERM fa_code=143; fi
        if [ $((fa_i % 2)) -eq 0 ]; then
            fa_at=$(fa_moment $((fa_i / 2)) 5 "$fa_wstart" "$fa_dur")     # while writing
        else
            fa_at=$(fa_moment $(((fa_i + 1) / 2)) 5 0 "$fa_dur")          # anywhere
        fi
        if [ "$fa_sig" = INT ]; then
            env --default-signal=INT "$TRUCE" run --in "$fa_b" --period "$fa_p" --out "$fa_d/out" $fa_force \
                >/dev/null 2>"$fa_d.err" &
        else
            "$TRUCE" run --in "$fa_b" --period "$fa_p" --out "$fa_d/out" $fa_force >/dev/null 2>"$fa_d.err" &
        fi
        fa_pid=$!
        sleep "$fa_at"
        kill -"$fa_sig" "$fa_pid" 2>/dev/null
        wait "$fa_pid" 2>/dev/null
        fa_st=$?
        fa_what="SIG$fa_sig${fa_force:+ with --force} after ${fa_at}s (run takes ${fa_dur}s, writing from ${fa_wstart}s)"
        fa_s=$(fa_state "$fa_d/out")
        if [ -n "$fa_force" ] && [ "$fa_s" != complete ]; then
            if diff -r "$WORK/fa-old" "$fa_d/out" >/dev/null 2>&1; then fa_s=old; else fa_s=PARTIAL; fi
        fi
        fa_left=$(fa_leftovers "$fa_d" out)
        grep -q "interrupted" "$fa_d.err" && fa_caught=$((fa_caught + 1))
        if [ "$fa_s" = PARTIAL ]; then
            bad "$fa_what: --out is half-written (exit $fa_st)"
            diff -r "$WORK/fa-ref" "$fa_d/out" 2>&1 | head -5
        elif [ -n "$fa_left" ]; then
            bad "$fa_what: left $fa_left (exit $fa_st)"
        elif [ "$fa_st" -eq 0 ] && [ "$fa_s" != complete ]; then
            bad "$fa_what: exit 0 but --out is $fa_s"
        elif [ "$fa_st" -ne 0 ] && [ "$fa_st" -ne 1 ] && [ "$fa_st" -ne "$fa_code" ]; then
            bad "$fa_what: exit $fa_st, expected 1 or $fa_code: $(head -3 "$fa_d.err")"
        else
            case $fa_s in complete) fa_done=$((fa_done + 1)) ;; *) fa_absent=$((fa_absent + 1)) ;; esac
            ok
        fi
        rm -rf "$fa_d" "$fa_d.err"
        fa_i=$((fa_i + 1))
    done
    echo "faults: SIGINT/SIGTERM: $fa_absent absent or old, $fa_done complete, $fa_caught caught while writing"
fi

# --force, killed between its two renames (the old output moved aside, the new one
# not yet in place): --out must still be the old output or the new one.  strace
# holds the second rename for 3 s (delay injection), and SIGKILL comes in that window
# (right after the first rename; with a single atomic exchange, right after it).
if command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null; then
    fa_d="$WORK/fa-swap"
    rm -rf "$fa_d"
    mkdir -p "$fa_d"
    "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-02 --out "$fa_d/out" >/dev/null 2>&1
    cp -r "$fa_d/out" "$WORK/fa-swap-old"
    rm -rf "$WORK/fa-swap-new"
    "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/fa-swap-new" >/dev/null 2>&1
    strace -f -o "$WORK/fa-trace" -e trace=rename,renameat,renameat2 \
        -e inject=rename,renameat,renameat2:delay_enter=3000000:when=2 \
        "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$fa_d/out" --force >/dev/null 2>&1 &
    fa_sp=$!
    # Wait (up to 20 s) for the first rename, the old output's, to be done: strace logs it
    # with the id of the committing thread.
    # (A call interrupted by another thread's event is logged in two parts, "<unfinished
    # ...>" and "<... rename resumed>", hence the two forms.)
    fa_i=0 fa_tp=""
    while [ "$fa_i" -lt 200 ] && [ -z "$fa_tp" ]; do
        sleep 0.1
        fa_tp=$(sed -n -e 's/^\([0-9][0-9]*\)  *rename.*) = 0$/\1/p' \
                       -e 's/^\([0-9][0-9]*\)  *<\.\.\. rename[a-z0-9]* resumed>.*) = 0$/\1/p' "$WORK/fa-trace" 2>/dev/null | head -1)
        fa_i=$((fa_i + 1))
    done
    if [ -n "$fa_tp" ]; then
        kill -KILL "$fa_tp" 2>/dev/null
        wait "$fa_sp" 2>/dev/null
        if diff -r "$WORK/fa-swap-old" "$fa_d/out" >/dev/null 2>&1 ||
           diff -r "$WORK/fa-swap-new" "$fa_d/out" >/dev/null 2>&1; then ok; else
            bad "--force killed between its renames: --out is $( [ -e "$fa_d/out" ] && echo changed || echo gone)" \
                "(beside it: $(ls -A "$fa_d" | tr '\n' ' '))"
        fi
    else
        kill -KILL "$fa_sp" 2>/dev/null
        wait "$fa_sp" 2>/dev/null
        echo "faults: strace trace: $(head -5 "$WORK/fa-trace" | tr '\n' '|')"
        skip strace "no rename seen under strace: the --force kill case is not checked"
    fi
    rm -rf "$fa_d" "$WORK/fa-swap-old" "$WORK/fa-swap-new" "$WORK/fa-trace"
else
    skip strace "strace not usable here: the --force kill case is not checked"
fi

# A write that fails (file size limit): "cannot write" naming --out, exit 1, nothing left.
# The outputs of this batch are well over the limit (512 or 1024 bytes, by shell).
fa_s="$WORK/fa-small"
"$WORK/fa-gen" --seed 12 --deals 4000 --payees 200 --out "$fa_s" >/dev/null
rm -rf "$WORK/fa-u"
mkdir -p "$WORK/fa-u"
(ulimit -f 1; exec "$TRUCE" run --in "$fa_s" --period "$fa_p" --out "$WORK/fa-u/out") >/dev/null 2>"$WORK/fa-err"
fa_st=$?
if [ "$fa_st" -ne 1 ]; then bad "ulimit -f: exit $fa_st, expected 1: $(head -3 "$WORK/fa-err")"
elif ! grep -q "fa-u/out: error: cannot write .*File too large" "$WORK/fa-err"; then
    bad "ulimit -f: no 'cannot write' naming the output: $(head -3 "$WORK/fa-err")"
elif [ -n "$(ls -A "$WORK/fa-u")" ]; then bad "ulimit -f: left $(ls -A "$WORK/fa-u")"
else ok; fi

# --force over an existing output, then a failed write: the old output stays, whole.
"$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/fa-u/out" >/dev/null 2>&1
cp -r "$WORK/fa-u/out" "$WORK/fa-u-copy"
(ulimit -f 1; exec "$TRUCE" run --in "$fa_s" --period "$fa_p" --out "$WORK/fa-u/out" --force) >/dev/null 2>"$WORK/fa-err"
fa_st=$?
if [ "$fa_st" -ne 1 ]; then bad "--force then ulimit -f: exit $fa_st, expected 1: $(head -3 "$WORK/fa-err")"
elif ! diff -r "$WORK/fa-u-copy" "$WORK/fa-u/out" >/dev/null 2>&1; then bad "--force then ulimit -f: the old output changed"
elif [ "$(ls -A "$WORK/fa-u")" != out ]; then bad "--force then ulimit -f: left $(ls -A "$WORK/fa-u")"
else ok; fi
rm -rf "$WORK/fa-u" "$WORK/fa-u-copy"

# An immutable parent directory: a clear error naming --out, exit 1.
rm -rf "$WORK/fa-imm"
mkdir -p "$WORK/fa-imm"
if chattr +i "$WORK/fa-imm" 2>/dev/null; then
    fails "immutable output parent" 1 "fa-imm/out: error: cannot create a temporary directory beside it: Operation not permitted" \
        "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/fa-imm/out"
    chattr -i "$WORK/fa-imm"
    if [ -z "$(ls -A "$WORK/fa-imm")" ]; then ok; else bad "immutable output parent: left $(ls -A "$WORK/fa-imm")"; fi
else
    skip chattr "chattr +i not permitted here: the immutable-parent case is not checked"
fi

# A full disk (a 256 KiB tmpfs): exit 1, the reason named, nothing left.
rm -rf "$WORK/fa-full"
mkdir -p "$WORK/fa-full"
if mount -t tmpfs -o size=256k tmpfs "$WORK/fa-full" 2>/dev/null; then
    fails "full disk" 1 "fa-full/out: error: cannot (write|create|flush).*No space left on device" \
        "$TRUCE" run --in "$fa_s" --period "$fa_p" --out "$WORK/fa-full/out"
    if [ -z "$(ls -A "$WORK/fa-full")" ]; then ok; else bad "full disk: left $(ls -A "$WORK/fa-full")"; fi
    umount "$WORK/fa-full" 2>/dev/null || umount -l "$WORK/fa-full"
else
    skip mount "mount not permitted here: the full-disk case is not checked"
fi

# Unreadable inputs: exit 1, the file named.
b=$(batch fa-dir); rm "$b/deals.csv"; mkdir "$b/deals.csv"
run_fails "deals.csv is a directory" "$b" "fa-dir/deals.csv: error: cannot read file: Is a directory"
b=$(batch fa-link); rm "$b/deals.csv"; ln -s nowhere.csv "$b/deals.csv"
run_fails "deals.csv is a dangling symlink" "$b" "fa-link/deals.csv: error: cannot open file: No such file or directory"
b=$(batch fa-plandir); rm "$b/plan.xml"; mkdir "$b/plan.xml"
run_fails "plan.xml is a directory" "$b" "fa-plandir/plan.xml: error: .*Is a directory"
b=$(batch fa-rosterlink); rm "$b/roster.csv"; ln -s nowhere.csv "$b/roster.csv"
run_fails "roster.csv is a dangling symlink" "$b" "fa-rosterlink/roster.csv: error: .*No such file or directory"
b=$(batch fa-touchdir); rm "$b/touches.csv"; mkdir "$b/touches.csv"
run_fails "touches.csv is a directory" "$b" "fa-touchdir/touches.csv: error: cannot read file: Is a directory"
fails "--deals names a dangling symlink" 1 "fa-link/deals.csv: error: cannot open file" \
    "$TRUCE" run --in "$ROOT/fixtures/example" --deals "$WORK/fa-link/deals.csv" --period 2027-03 --out "$WORK/out"
# An optional file that is there but cannot be read is an error, not an absent file
# (a dangling touches.csv must not silently leave all marketing credit unattributed).
b=$(batch fa-touchlink); rm "$b/touches.csv"; ln -s nowhere.csv "$b/touches.csv"
run_fails "touches.csv is a dangling symlink" "$b" "fa-touchlink/touches.csv: error: .*No such file or directory"
b=$(batch fa-camplink); rm "$b/campaigns.csv"; ln -s nowhere.csv "$b/campaigns.csv"
run_fails "campaigns.csv is a dangling symlink" "$b" "fa-camplink/campaigns.csv: error: .*No such file or directory"
if [ "$(id -u)" -ne 0 ]; then
    b=$(batch fa-perm); chmod 000 "$b/deals.csv"
    run_fails "deals.csv without read permission" "$b" "fa-perm/deals.csv: error: cannot open file: Permission denied"
    chmod 644 "$b/deals.csv"
else
    skip root "running as root, who reads any file: the unreadable deals.csv case is not checked"
fi
rm -rf "$fa_b" "$fa_s" "$WORK/fa-ref" "$WORK/fa-old"

# --out gets the usual directory mode (0777 less the umask), not mkdtemp's 0700.
rm -rf "$WORK/perm-out"
(umask 022; "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/perm-out" >/dev/null 2>&1)
if [ "$(stat -c %a "$WORK/perm-out" 2>/dev/null)" = 755 ]; then ok; else bad "--out mode is $(stat -c %a "$WORK/perm-out" 2>/dev/null), expected 755 under umask 022"; fi
