# --statements all|text|html|none (issue 18): which statement files a run writes.  Every
# other output is byte for byte the default run's; manifest.xml lists what was written and
# records the choice in <statements>, which truce verify follows; shards merge as they do
# without it; a value outside the list is a usage error that writes nothing.
ST="$WORK/statements"
rm -rf "$ST"
mkdir -p "$ST"
st_run() { "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --quiet "$@" 2>"$WORK/stderr"; }

if st_run --out "$ST/default" >/dev/null; then ok; else bad "statements: default run failed"; fi
for kind in all text html none; do
    if st_run --out "$ST/$kind" --statements "$kind" >"$ST/$kind.stdout"; then ok; else
        bad "--statements $kind: run failed: $(head -3 "$WORK/stderr")"; continue; fi
    # The same outputs as the default run, less the statements not asked for.
    for f in payouts.csv credits.csv payroll.csv scoreboard.csv scoreboard.html; do
        cmp -s "$ST/default/$f" "$ST/$kind/$f" && ok || bad "--statements $kind: $f differs"
    done
    for ext in txt html; do
        want=0
        case "$kind:$ext" in all:*|text:txt|html:html) want=1 ;; esac
        for s in "$ST/default/statements/"*."$ext"; do
            name=statements/$(basename "$s")
            if [ "$want" = 1 ]; then
                cmp -s "$s" "$ST/$kind/$name" && ok || bad "--statements $kind: $name differs or is missing"
            else
                [ ! -e "$ST/$kind/$name" ] && ok || bad "--statements $kind: $name written"
            fi
        done
    done
    # The manifest lists exactly the files in the directory, and records the choice.
    listed=$(sed -n 's/.*<output path="\([^"]*\)".*/\1/p' "$ST/$kind/manifest.xml" | LC_ALL=C sort)
    there=$(cd "$ST/$kind" && find . -type f ! -name manifest.xml | sed 's|^\./||' | LC_ALL=C sort)
    [ "$listed" = "$there" ] && ok || bad "--statements $kind: manifest.xml does not list what is there"
    if [ "$kind" = all ]; then
        ! grep -q "<statements>" "$ST/$kind/manifest.xml" && ok || bad "--statements all: recorded"
    else
        grep -q "<statements>$kind</statements>" "$ST/$kind/manifest.xml" && ok ||
            bad "--statements $kind: manifest.xml has no <statements>$kind</statements>"
    fi
    if "$TRUCE" verify "$ST/$kind" >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else
        bad "--statements $kind: truce verify failed: $(head -3 "$WORK/stderr")"; fi
done
grep -q "5 payee statements (text only) written" "$ST/text.stdout" && ok ||
    bad "--statements text: summary: $(cat "$ST/text.stdout")"
grep -q "no statements (--statements none)" "$ST/none.stdout" && ok ||
    bad "--statements none: summary: $(cat "$ST/none.stdout")"
[ -d "$ST/none/statements" ] && [ -z "$(ls -A "$ST/none/statements")" ] && ok ||
    bad "--statements none: statements/ is not an empty directory"

# A manifest whose <statements> was removed no longer verifies: the HTML pages are missing.
cp -r "$ST/text" "$ST/tampered"
sed -i '/<statements>/d' "$ST/tampered/manifest.xml"
if "$TRUCE" verify "$ST/tampered" >"$WORK/stdout" 2>"$WORK/stderr"; then
    bad "verify passed a manifest that lost its <statements>"; else ok; fi

# Shards with --statements merge into the unsharded run's output.
for k in 0 1 2; do
    st_run --out "$ST/shard$k" --shard "$k/3" --statements html >/dev/null || bad "shard $k/3 failed"
done
if "$TRUCE" merge "$ST/shard0" "$ST/shard1" "$ST/shard2" --out "$ST/merged" >/dev/null 2>"$WORK/stderr" &&
   diff -r "$ST/html" "$ST/merged" >/dev/null; then ok; else
    bad "--statements html: merged shards differ from the unsharded run: $(head -3 "$WORK/stderr")"; fi

fails "--statements bogus" 2 "--statements 'bogus' is not all, text, html or none" \
    "$TRUCE" run --in "$ROOT/fixtures/example" --period 2027-03 --out "$WORK/out" --statements bogus
