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
    # Commands: the names in main.c's table, {"name", cmd_name}.
    for cmd in $(sed -n 's/^ *{"\([a-z-]*\)", cmd_[a-z_]*},.*/\1/p' "$ROOT/engine/cli/main.c"); do
        grep -q "^ *truce $cmd" "$man_text" && ok || bad "man page: command '$cmd' not described"
    done
    # Flags: every --name the CLI matches: flag_value(..., "name", ...), strcmp(..., "--name"),
    # and the batch file flags of args.c.
    flags=$( (grep -ho 'flag_value([^"]*"[a-z-]*"' "$ROOT"/engine/cli/*.c | sed 's/.*"\([a-z-]*\)"/\1/'
              grep -ho 'strcmp([^"]*"--[a-z-]*")' "$ROOT"/engine/cli/*.c | sed 's/.*"--\([a-z-]*\)")/\1/'
              sed -n '/file_flag\[[A-Z0-9]*\] = {/,/};/p' "$ROOT/engine/cli/args.c" | grep -o '"[a-z-]*"' | tr -d '"'
             ) | sort -u)
    for f in $flags; do
        grep -q -- "--$f\b" "$man_text" && ok || bad "man page: flag --$f not described"
    done
fi
help_lines=$("$TRUCE" --help | wc -l)
[ "$help_lines" -le 15 ] && ok || bad "truce --help is $help_lines lines: keep it short"
"$TRUCE" --help | grep -q "man truce" && ok || bad "truce --help does not point to man truce"
