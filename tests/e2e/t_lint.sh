# Plan lint: `truce check` warns about legal but suspicious plans (fixtures/lint
# has one of each), keeps exit status 0, and `truce run` does not lint.
lint_dir="$ROOT/fixtures/lint"
"$TRUCE" check --in "$lint_dir" >"$WORK/stdout" 2>"$WORK/lint-err"
if [ $? -eq 0 ]; then ok; else bad "lint: check failed on a legal plan"; fi
lint_expect() {
    if grep -qF -- "$1" "$WORK/lint-err"; then ok; else bad "lint: no warning: $1"; fi
}
lint_expect "plan.xml:11: warning: split can never apply: the split at line 8 (no when) always applies first"
lint_expect "plan.xml:4: warning: split shares add up to 110%, more than the deal"
lint_expect "plan.xml:28: warning: role 'se' has no payees"
lint_expect "roster.csv:5: warning: payee oz: role 'ops' has no components"
lint_expect "plan.xml:18: warning: commission 'base': tier rate falls from the tier before"
lint_expect "plan.xml:16: warning: commission 'base': cap is below what the first tier pays"
lint_expect "plan.xml:20: warning: spif 'late': its window reaches outside the plan year 2027"
lint_expect "plan.xml:23: warning: commission 'quota': cap is below what the first tier pays for 2 payees (first: amy)"
if [ "$(grep -c 'warning:' "$WORK/lint-err")" -eq 8 ]; then ok; else
    bad "lint: expected 8 warnings, got: $(cat "$WORK/lint-err")"; fi

# overlay="true" silences the shares warning, which the bundled example (110%) gets.
lint_b=$(batch lint-overlay)
sed -i 's/amount >= 50000"/amount >= 50000" overlay="true"/' "$lint_b/plan.xml"
"$TRUCE" check --in "$lint_b" >/dev/null 2>"$WORK/lint-err"
if ! grep -q "plan.xml" "$WORK/lint-err"; then ok; else bad "lint: overlay split still warned: $(cat "$WORK/lint-err")"; fi
"$TRUCE" check --in "$ROOT/fixtures/example" >/dev/null 2>"$WORK/lint-err"
if grep -q "plan.xml:9: warning: split shares add up to 110%" "$WORK/lint-err"; then ok; else
    bad "lint: the example's 110% partner split is not warned"; fi
rm -rf "$WORK/lint-out"
"$TRUCE" run --in "$lint_dir" --period 2027-01 --out "$WORK/lint-out" >/dev/null 2>"$WORK/lint-err"
if ! grep -q "plan.xml" "$WORK/lint-err"; then ok; else bad "lint: run printed lint warnings"; fi
