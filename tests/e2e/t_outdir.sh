# --out and --force (issue 13): truce replaces only what it wrote, never writes into or over an
# input, leaves no debris that outlives a killed run, and says where anything it could not put
# back is.  Each refusal exits 2 and leaves every file as it was.
OD="$WORK/outdir"
rm -rf "$OD"
mkdir -p "$OD"
cp -r "$ROOT/fixtures/example" "$OD/b"
rm -rf "$OD/b/expected"

od_tree() { (cd "$OD" && find . -path ./tmp -prune -o -print | LC_ALL=C sort | while read -r f; do
    if [ -f "$f" ]; then echo "$f $(sha256sum <"$f" | cut -c1-16)"; else echo "$f"; fi; done); }
# od_refused NAME PATTERN CMD...: exit 2, PATTERN on stderr, nothing under $OD changed.
od_refused() {
    name=$1 pattern=$2
    shift 2
    before=$(od_tree)
    "$@" >"$WORK/stdout" 2>"$WORK/stderr"
    got=$?
    if [ "$got" -ne 2 ]; then bad "$name: exit $got, expected 2: $(head -3 "$WORK/stderr")"
    elif ! grep -Eq -- "$pattern" "$WORK/stderr"; then bad "$name: stderr lacks /$pattern/: $(head -3 "$WORK/stderr")"
    elif [ "$before" != "$(od_tree)" ]; then bad "$name: files changed"
    else ok; fi
}
printf "period,payee_id,role,component_id,amount\n" >"$OD/paid.csv"
od_run() { "$TRUCE" run --in "$OD/b" --period 2027-03 "$@"; }

# The input batch itself, with and without --force.
od_refused "--out is the batch" "b: error: is an input of this run" od_run --out "$OD/b" --force
od_refused "--out inside the batch" "lies inside .*/b, an input of this run" od_run --out "$OD/b/out" --force
od_refused "--out holding a file input" "holds .*/b/plan.xml, an input of this run" \
    "$TRUCE" run --plan "$OD/b/plan.xml" --roster "$OD/b/roster.csv" --deals "$OD/b/deals.csv" \
    --period 2027-03 --out "$OD/b" --force
od_refused "--out is the --paid file" "is an input of this run" "$TRUCE" run --plan "$OD/b/plan.xml" --roster "$OD/b/roster.csv" --deals "$OD/b/deals.csv" --period 2027-03 --paid "$OD/paid.csv" --out "$OD/paid.csv"
# The same place spelled otherwise: a trailing slash, a dot, a symbolic link to the batch.
ln -s b "$OD/b-link"
od_refused "--out is the batch, spelled b/./" "is an input of this run" od_run --out "$OD/b/./" --force
od_refused "--out inside the batch through a link" "lies inside" od_run --out "$OD/b-link/x"
# A directory holding someone else's files.
mkdir -p "$OD/home/docs"; echo thesis >"$OD/home/docs/thesis.txt"; echo "alias ll='ls -l'" >"$OD/home/.bashrc"
od_refused "--force over a stranger's directory" "replaces only a directory that truce wrote, and it has no manifest.xml" \
    od_run --out "$OD/home" --force
od_refused "without --force" "exists and is not empty \\(use --force to replace an earlier output of truce\\)" \
    od_run --out "$OD/home"
# A plain file, a symbolic link, the current directory.
echo "keep me" >"$OD/plain"
od_refused "--out is a plain file" "plain: error: is a file, not a directory" od_run --out "$OD/plain" --force
ln -s home "$OD/home-link"
od_refused "--out is a symbolic link" "is a symbolic link" od_run --out "$OD/home-link" --force
mkdir -p "$OD/cwd"
od_refused "--out is the current directory" "is the current directory or holds it" \
    sh -c "cd '$OD/cwd' && exec '$TRUCE' run --in ../b --period 2027-03 --out . --force"
od_refused "--out holds the current directory" "is the current directory or holds it" \
    sh -c "cd '$OD/home/docs' && exec '$TRUCE' run --in ../../b --period 2027-03 --out .. --force"
# merge, convert and diff refuse the same way.
od_refused "merge over a stranger" "replaces only a directory that truce wrote" \
    "$TRUCE" merge --out "$OD/home" --force "$OD/b"
od_refused "diff into its input" "lies inside" \
    "$TRUCE" diff --plan "$OD/b/plan.xml" --plan "$OD/b/plan.xml" --in "$OD/b" --period 2027-03 --out "$OD/b/d"

# Truce's own output is replaced with --force; an extra file or an edited one is not.
if od_run --out "$OD/o1" >/dev/null 2>&1 && od_run --out "$OD/o1" --force >/dev/null 2>&1; then ok; else
    bad "--force does not replace truce's own output"; fi
echo junk >"$OD/o1/extra.txt"
od_refused "--force over an output with an extra file" "it holds extra.txt, which its manifest.xml does not list" \
    od_run --out "$OD/o1" --force
rm "$OD/o1/extra.txt"
# ... nor one with a file among the statements, a directory of its own, or a link for a file.
echo junk >"$OD/o1/statements/zed.txt"
od_refused "--force over an output with an extra statement" \
    "it holds statements/zed.txt, which its manifest.xml does not list" od_run --out "$OD/o1" --force
rm "$OD/o1/statements/zed.txt"; mkdir -p "$OD/o1/junk/deeper"
od_refused "--force over an output with an extra directory" \
    "it holds junk/, which its manifest.xml does not list" od_run --out "$OD/o1" --force
rm -r "$OD/o1/junk"; mv "$OD/o1/payroll.csv" "$OD/o1-payroll.csv"; ln -s ../o1-payroll.csv "$OD/o1/payroll.csv"
od_refused "--force over an output with a link for a file" \
    "it holds payroll.csv, which its manifest.xml does not list" od_run --out "$OD/o1" --force
rm "$OD/o1/payroll.csv"; mv "$OD/o1-payroll.csv" "$OD/o1/payroll.csv"
echo "2027-03,x,ae,base,1.00" >>"$OD/o1/payouts.csv"
od_refused "--force over an edited output" "payouts.csv was changed since truce wrote it" od_run --out "$OD/o1" --force
# diff's and convert's outputs are truce's too.
if "$TRUCE" diff --plan "$OD/b/plan.xml" --plan "$OD/b/plan.xml" --in "$OD/b" --period 2027-03 --out "$OD/d1" >/dev/null 2>&1 &&
   grep -q '<output path="diff.csv"' "$OD/d1/manifest.xml" &&
   "$TRUCE" diff --plan "$OD/b/plan.xml" --plan "$OD/b/plan.xml" --in "$OD/b" --period 2027-03 --out "$OD/d1" --force >/dev/null 2>&1
then ok; else bad "diff --force over its own output"; fi

# ---- debris: a killed run's temporary directory is swept by the next run into its parent ----
mkdir -p "$OD/par"
# A dead run's leftovers (no lock held): one of this engine's shape, one of an older engine's.
mkdir -p "$OD/par/.out.truce-tmp.AbC123/statements" "$OD/par/.other.truce-tmp.zzzzzz"
echo partial >"$OD/par/.out.truce-tmp.AbC123/payouts.csv"
# A live run's temporary directory, locked by a process that holds it (flock(1) if present).
od_live=""
if command -v flock >/dev/null 2>&1; then
    mkdir -p "$OD/par/.live.truce-tmp.LiVe01"
    flock "$OD/par/.live.truce-tmp.LiVe01" sleep 30 &
    od_live=$!
    sleep 0.3
fi
"$TRUCE" run --in "$OD/b" --period 2027-03 --out "$OD/par/out" >/dev/null 2>"$WORK/stderr"
if grep -q "warning: removed 2 temporary directories left by killed runs" "$WORK/stderr" &&
   [ ! -e "$OD/par/.out.truce-tmp.AbC123" ] && [ ! -e "$OD/par/.other.truce-tmp.zzzzzz" ] &&
   [ -f "$OD/par/out/payouts.csv" ]; then ok; else bad "debris: not swept: $(cat "$WORK/stderr"; ls -A "$OD/par")"; fi
if [ -n "$od_live" ]; then
    if [ -d "$OD/par/.live.truce-tmp.LiVe01" ]; then ok; else bad "debris: a live run's directory was removed"; fi
    kill "$od_live" 2>/dev/null; wait "$od_live" 2>/dev/null
else
    skip flock "flock(1) not found: the live-lock case is not checked"
fi
# A --force killed between its two renames left the old output aside and nothing at --out: put back.
rm -rf "$OD/par2"; mkdir -p "$OD/par2"
od_run --out "$OD/par2/keep" >/dev/null 2>&1
mv "$OD/par2/keep" "$OD/par2/.keep.truce-old.Qw3rTy"
"$TRUCE" run --in "$OD/b" --period 2027-03 --out "$OD/par2/new" >/dev/null 2>"$WORK/stderr"
if [ -f "$OD/par2/keep/payouts.csv" ] && grep -q "keep: warning: put back" "$WORK/stderr"; then ok; else
    bad "debris: the old output moved aside was not put back: $(cat "$WORK/stderr")"; fi
# SIGKILL at a few moments: whatever is left beside --out is swept by the next run (t_faults.sh
# checks that --out itself is never half-written).
mkdir -p "$OD/kill"
for od_at in 0.01 0.05 0.1 0.2; do
    "$TRUCE" run --in "$OD/b" --period 2027-03 --out "$OD/kill/out" --force >/dev/null 2>&1 &
    od_pid=$!
    sleep "$od_at"
    kill -KILL "$od_pid" 2>/dev/null
    wait "$od_pid" 2>/dev/null
done
od_run --out "$OD/kill/out" --force >/dev/null 2>&1
od_left=$(find "$OD/kill" -maxdepth 1 -name '.*truce-*' | wc -l)
if [ "$od_left" -eq 0 ] && [ -f "$OD/kill/out/payouts.csv" ]; then ok; else
    bad "debris: $od_left temporary directories left after a run following kills"; fi

# ---- the two-step replacement, where the filesystem cannot swap directories ------------------
# renameat2(RENAME_EXCHANGE) fails under this shim, as on filesystems that lack it.
cat >"$WORK/noexchange.c" <<'EOF'
#define _GNU_SOURCE
#include <errno.h>
int renameat2(int a, const char *b, int c, const char *d, unsigned f)
{
    (void)a, (void)b, (void)c, (void)d, (void)f;
    errno = EINVAL;
    return -1;
}
EOF
if cc -shared -fPIC -o "$WORK/noexchange.so" "$WORK/noexchange.c" 2>/dev/null; then
    rm -rf "$OD/two"; mkdir -p "$OD/two"
    od_run --out "$OD/two/out" >/dev/null 2>&1
    cp "$OD/two/out/payouts.csv" "$OD/two-old-payouts"
    LD_PRELOAD="$WORK/noexchange.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        "$TRUCE" run --in "$OD/b" --period 2027-02 --out "$OD/two/out" --force >/dev/null 2>"$WORK/stderr"
    if [ $? -eq 0 ] && grep -q "^2027-02," "$OD/two/out/payouts.csv" &&
       [ "$(ls -A "$OD/two")" = out ]; then ok; else
        bad "two-step --force: $(cat "$WORK/stderr"; ls -A "$OD/two")"; fi
else
    skip cc "no C compiler for the rename shim: the two-step replacement is not checked"
fi

# ---- standard output that cannot be written is a failure ------------------------------------
if [ -w /dev/full ]; then
    "$TRUCE" --version >/dev/full 2>"$WORK/stderr"
    if [ $? -eq 1 ] && grep -q "cannot write to standard output" "$WORK/stderr"; then ok; else
        bad "--version > /dev/full: exit 0 or no message"; fi
    "$TRUCE" explain --in "$OD/b" --period 2027-03 --payee ana >/dev/full 2>"$WORK/stderr"
    if [ $? -eq 1 ] && grep -q "cannot write to standard output" "$WORK/stderr"; then ok; else
        bad "explain > /dev/full: exit 0 or no message"; fi
else
    skip dev-full "/dev/full is not writable here: standard output that cannot be written is not checked"
fi
