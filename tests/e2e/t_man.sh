# The man page (man/truce.1): it renders, and it describes every command of
# engine/cli/main.c's table and every flag the CLI parses; truce --help stays
# short and points to it.
man_text="$WORK/man.txt"
rm -f "$man_text"
if ! command -v man >/dev/null 2>&1; then
    skip man "man not found (apt-get install man-db): the man page is not checked"
elif MANWIDTH=80 man -l "$ROOT/man/truce.1" >"$man_text" 2>"$WORK/man.err" && [ -s "$man_text" ] &&
     ! grep -q . "$WORK/man.err"; then
    ok
else
    bad "man -l man/truce.1: $(head -3 "$WORK/man.err")"
fi
if [ -s "$man_text" ]; then
    for section in NAME SYNOPSIS DESCRIPTION COMMANDS FILES "EXIT STATUS" EXAMPLES; do
        grep -q "^$section" "$man_text" && ok || bad "man page: no $section section"
    done
    # Commands: the names in spec.c's table, {"name", ...}.
    for cmd in $(sed -n 's/^    {"\([a-z]*\)", .*/\1/p' "$ROOT/engine/cli/spec.c"); do
        grep -q "^ *truce $cmd" "$man_text" && ok || bad "man page: command '$cmd' not described"
    done
    # Flags: every name of spec.c's flag table, [F_X] = {"name", ...}.
    flags=$(sed -n 's/^ *\[F_[A-Z]*\] = {"\([a-z-]*\)".*/\1/p' "$ROOT/engine/cli/spec.c" | sort -u)
    [ -n "$flags" ] && ok || bad "man page: no flags found in spec.c"
    for f in $flags; do
        grep -q -- "--$f\b" "$man_text" && ok || bad "man page: flag --$f not described"
    done
    # The synopsis is one text (issue 15): the man page's SYNOPSIS, docs/cli.md's first code block
    # and truce help's usage lines say the same, word for word.
    "$TRUCE" help | sed -n '1,/truce --version/p' | sed 's/^usage: //; s/^       //' >"$WORK/syn-help"
    sed -n '/^```$/,/^```$/p' "$ROOT/docs/cli.md" | sed '1d' | sed -n '/^```$/q;p' >"$WORK/syn-doc"
    if cmp -s "$WORK/syn-help" "$WORK/syn-doc"; then ok; else
        bad "docs/cli.md's synopsis is not truce help's"; diff "$WORK/syn-help" "$WORK/syn-doc" | head -5; fi
    MANWIDTH=1000 man -l "$ROOT/man/truce.1" 2>/dev/null | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
        tr -s ' \n' ' ' | sed 's/^ *//; s/ *$//' >"$WORK/syn-man"
    tr -s ' \n' ' ' <"$WORK/syn-help" | sed 's/^ *//; s/ *$//' >"$WORK/syn-flat"
    if [ -s "$WORK/syn-man" ] && cmp -s "$WORK/syn-flat" "$WORK/syn-man"; then ok; else
        bad "man page's SYNOPSIS is not truce help's"; diff "$WORK/syn-flat" "$WORK/syn-man" | head -5; fi
fi
# Help from one source (issue 15): truce --help, truce help, and each command's help three
# ways (truce help CMD, truce CMD --help, truce CMD -h is not one), all exit 0, the same text.
"$TRUCE" --help >"$WORK/help-a" 2>&1 && "$TRUCE" help >"$WORK/help-b" 2>&1 &&
    cmp -s "$WORK/help-a" "$WORK/help-b" && ok || bad "truce --help and truce help differ"
for cmd in $(sed -n 's/^    {"\([a-z]*\)", .*/\1/p' "$ROOT/engine/cli/spec.c"); do
    if "$TRUCE" help "$cmd" >"$WORK/help-c" 2>&1 && "$TRUCE" "$cmd" --help >"$WORK/help-d" 2>&1 &&
       cmp -s "$WORK/help-c" "$WORK/help-d" && head -1 "$WORK/help-c" | grep -q "^usage: truce $cmd"; then ok; else
        bad "help: truce help $cmd and truce $cmd --help differ, fail, or show no usage"; fi
    # Every line fits 80 columns.
    if awk 'length > 80 { exit 1 }' "$WORK/help-c"; then ok; else bad "help $cmd: a line over 80 columns"; fi
done
fails "help of an unknown command" 2 "unknown command 'nope'" "$TRUCE" help nope
"$TRUCE" --help | grep -q "man truce" && ok || bad "truce --help does not point to man truce"
