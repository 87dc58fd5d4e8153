# t_periods.sh - --period as a quarter, a half-year or the year (sourced by run.sh).
#
# The example batch is run for every month, then for 2027-Q1, 2027-H1 and
# 2027; each period's figures are checked against its months' outputs,
# added up here (python3, exact decimals): a period's payout is the sum of
# its months' payouts, its credits.csv the months' rows in the contract's
# order.  Then the period's other outputs, verify, merge, --paid, explain,
# and the usage and input errors.

pe_ex="$ROOT/fixtures/example"
pe_d="$WORK/periods"
rm -rf "$pe_d"
mkdir -p "$pe_d"
for pe_m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    "$TRUCE" run --in "$pe_ex" --period "2027-$pe_m" --out "$pe_d/$pe_m" >/dev/null 2>&1 ||
        bad "periods: month 2027-$pe_m failed"
done

# pe_sum PERIOD MONTH...: PERIOD's payouts.csv and payroll.csv are the sums of the months'.
pe_sum() {
    pe_p=$1
    shift
    if ! "$TRUCE" run --in "$pe_ex" --period "$pe_p" --out "$pe_d/$pe_p" >"$WORK/stdout" 2>"$WORK/stderr"; then
        bad "periods: run $pe_p failed: $(head -3 "$WORK/stderr")"
        return
    fi
    if python3 - "$pe_d" "$pe_p" "$@" >"$WORK/pe-why" 2>&1 <<'EOF'
import csv, sys
from decimal import Decimal
d, p, months = sys.argv[1], sys.argv[2], sys.argv[3:]

def rows(path):
    with open(path, newline='') as f:
        return list(csv.reader(f))

def check(name, key_cols, amount_col, period_col):
    want, order = {}, []
    for m in months:
        t = rows(f"{d}/{m}/{name}")
        for r in t[1:]:
            k = tuple(r[c] for c in key_cols)
            if k not in want:
                want[k] = Decimal(0)
                order.append(k)
            want[k] += Decimal(r[amount_col])
    got = rows(f"{d}/{p}/{name}")
    assert got[0] == rows(f"{d}/{months[0]}/{name}")[0], f"{name}: header"
    assert [tuple(r[c] for c in key_cols) for r in got[1:]] == order, f"{name}: rows or order"
    for r in got[1:]:
        k = tuple(r[c] for c in key_cols)
        assert r[period_col] == p, f"{name}: period {r[period_col]} is not {p}"
        assert Decimal(r[amount_col]) == want[k], f"{name}: {k} {r[amount_col]} != {want[k]}"
        assert len(r[amount_col].split('.')[1]) == 2, f"{name}: {r[amount_col]} not in cents"

check("payouts.csv", (1, 2, 3), 4, 0)
check("payroll.csv", (0, 1, 3), 4, 2)
EOF
    then ok; else bad "periods: $pe_p is not the sum of its months: $(cat "$WORK/pe-why")"; fi
}

pe_sum 2027-Q1 01 02 03
pe_sum 2027-H1 01 02 03 04 05 06
pe_sum 2027 01 02 03 04 05 06 07 08 09 10 11 12

# credits.csv of a quarter: its months' rows, sorted the contract's way (deal_id, role, campaign, payee).
if python3 - "$pe_d" <<'EOF' >"$WORK/pe-why" 2>&1
import csv, sys
d = sys.argv[1]
def lines(path):
    with open(path, newline='') as f:
        return f.read().splitlines(keepends=True)
rows = []
for m in ("01", "02", "03"):
    ls = lines(f"{d}/{m}/credits.csv")
    assert ls[0] == "deal_id,close_date,role,campaign_id,payee_id,credit\n"
    rows += ls[1:]
def key(line):
    r = next(csv.reader([line]))
    return (r[0].encode(), r[2].encode(), r[3].encode(), r[4].encode())
rows.sort(key=key)  # stable: a deal's rows keep their months' order
got = lines(f"{d}/2027-Q1/credits.csv")
assert got[0] == "deal_id,close_date,role,campaign_id,payee_id,credit\n"
assert got[1:] == rows, "".join(got[1:]) + "---\n" + "".join(rows)
assert len(rows) > 0
EOF
then ok; else bad "periods: Q1 credits.csv is not its months' rows: $(head -20 "$WORK/pe-why")"; fi

# The year's credits.csv holds every in-scope credit row of the twelve months.
pe_n=0
for pe_m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    pe_n=$((pe_n + $(wc -l <"$pe_d/$pe_m/credits.csv") - 1))
done
if [ "$(($(wc -l <"$pe_d/2027/credits.csv") - 1))" -eq "$pe_n" ]; then ok; else
    bad "periods: the year's credits.csv has not the months' $pe_n rows"; fi

# Statements, HTML pages, manifest and scoreboard name the period; the total is payroll's.
# (payroll.csv is plain; statements group thousands: 18325.00 is 18,325.00 there.)
pe_total=$(awk -F, '$1 == "ana" { print $5 }' "$pe_d/2027-Q1/payroll.csv" |
    sed -E ':a;s/^([-+]?[0-9]+)([0-9]{3})/\1,\2/;ta')
if grep -q "^Period:   2027-Q1$" "$pe_d/2027-Q1/statements/ana.txt" &&
   grep -q "^CREDIT LINES CLOSED IN 2027-Q1$" "$pe_d/2027-Q1/statements/ana.txt" &&
   grep -q "^TOTAL PAYABLE FOR 2027-Q1: $pe_total USD$" "$pe_d/2027-Q1/statements/ana.txt" &&
   grep -q "earned through previous quarter: " "$pe_d/2027-Q1/statements/ana.txt" &&
   grep -q "D-1001 .*closer" "$pe_d/2027-Q1/statements/ana.txt" &&
   grep -q "D-1009 .*closer" "$pe_d/2027-Q1/statements/ana.txt" &&
   grep -q "Total payable for 2027-Q1: $pe_total USD" "$pe_d/2027-Q1/statements/ana.html" &&
   grep -q "<h2>Credit lines closed this quarter</h2>" "$pe_d/2027-Q1/statements/ana.html" &&
   grep -q "^TOTAL PAYABLE FOR 2027-H1: " "$pe_d/2027-H1/statements/ana.txt" &&
   grep -q "^TOTAL PAYABLE FOR 2027: " "$pe_d/2027/statements/ana.txt" &&
   grep -q "<period>2027-Q1</period>" "$pe_d/2027-Q1/manifest.xml" &&
   grep -q "<period>2027</period>" "$pe_d/2027/manifest.xml"; then ok; else
    bad "periods: the Q1 statements or manifest do not name the period"; fi
# The scoreboard is year to date: a period's is its last month's.
if cmp -s "$pe_d/03/scoreboard.csv" "$pe_d/2027-Q1/scoreboard.csv" &&
   cmp -s "$pe_d/06/scoreboard.html" "$pe_d/2027-H1/scoreboard.html"; then ok; else
    bad "periods: the scoreboard is not year to date through the period's last month"; fi

# verify recomputes the period; a sharded quarter merges into the unsharded one.
if "$TRUCE" verify "$pe_d/2027-Q1" >/dev/null 2>&1 && "$TRUCE" verify "$pe_d/2027" >/dev/null 2>&1; then ok; else
    bad "periods: verify of a quarter or the year failed"; fi
for pe_k in 0 1 2; do
    "$TRUCE" run --in "$pe_ex" --period 2027-H1 --shard "$pe_k/3" --out "$pe_d/h1-s$pe_k" >/dev/null 2>&1
done
rm -rf "$pe_d/h1-merged"
if "$TRUCE" merge --out "$pe_d/h1-merged" "$pe_d/h1-s0" "$pe_d/h1-s1" "$pe_d/h1-s2" >/dev/null 2>&1 &&
   diff -r "$pe_d/2027-H1" "$pe_d/h1-merged" >/dev/null; then ok; else
    bad "periods: the merged H1 shards differ from the unsharded H1"; fi
"$TRUCE" run --in "$pe_ex" --period 2027-03 --shard 1/2 --out "$pe_d/mix-1" >/dev/null 2>&1
"$TRUCE" run --in "$pe_ex" --period 2027-Q1 --shard 0/2 --out "$pe_d/mix-0" >/dev/null 2>&1
fails "periods: merge of shards of two periods" 1 "period 2027-03 differs from 2027-Q1" \
    "$TRUCE" merge --out "$WORK/out" "$pe_d/mix-0" "$pe_d/mix-1"

# --paid with period rows: Q1 paid as computed changes nothing in Q2 but the manifest.
"$TRUCE" run --in "$pe_ex" --period 2027-Q2 --out "$pe_d/q2" >/dev/null 2>&1
if "$TRUCE" run --in "$pe_ex" --period 2027-Q2 --paid "$pe_d/2027-Q1/payouts.csv" --out "$pe_d/q2-paid" >/dev/null 2>&1 &&
   diff -r -x manifest.xml "$pe_d/q2" "$pe_d/q2-paid" >/dev/null &&
   "$TRUCE" verify "$pe_d/q2-paid" >/dev/null 2>&1; then ok; else bad "periods: Q2 with Q1 paid as computed differs"; fi
# Q1 paid 100.00 short for ana: Q2 pays it, and the statement names the paid quarter.
awk -F, 'BEGIN { OFS = "," } $2 == "ana" && $4 == "base" { $5 = sprintf("%.2f", $5 - 100) } { print }' \
    "$pe_d/2027-Q1/payouts.csv" >"$pe_d/q1-short.csv"
"$TRUCE" run --in "$pe_ex" --period 2027-Q2 --paid "$pe_d/q1-short.csv" --out "$pe_d/q2-short" >/dev/null 2>&1
pe_want=$(awk -F, '$2 == "ana" && $4 == "base" { printf "%.2f", $5 + 100 }' "$pe_d/q2/payouts.csv")
if grep -q "^2027-Q2,ana,ae,base,$pe_want$" "$pe_d/q2-short/payouts.csv" &&
   grep -q "      2027-Q1: paid .*, difference +100.00" "$pe_d/q2-short/statements/ana.txt"; then ok; else
    bad "periods: a short-paid quarter is not trued up in the next"; fi
# Paid rows that overlap the run's period, or each other, are input errors naming the row.
fails "periods: paid month inside the run's quarter" 1 \
    "pe-paid.csv:2:1: error: period '2027-02' overlaps the period 2027-Q1 of this run" \
    sh -c 'printf "period,payee_id,role,component_id,amount\n2027-02,ana,ae,base,1.00\n" >"$1/pe-paid.csv" &&
           exec "$2" run --in "$3" --period 2027-Q1 --paid "$1/pe-paid.csv" --out "$1/out"' sh "$WORK" "$TRUCE" "$pe_ex"
fails "periods: overlapping paid rows" 1 \
    "pe-paid.csv:3: error: 2027-02 ana ae base overlaps 2027-Q1, paid at line 2" \
    sh -c 'printf "period,payee_id,role,component_id,amount\n2027-Q1,ana,ae,base,1.00\n2027-02,ana,ae,base,1.00\n" >"$1/pe-paid.csv" &&
           exec "$2" run --in "$3" --period 2027-Q2 --paid "$1/pe-paid.csv" --out "$1/out"' sh "$WORK" "$TRUCE" "$pe_ex"

# explain takes a period: its deals, and the period's total.
if "$TRUCE" explain --in "$pe_ex" --period 2027-Q1 --payee ana >"$WORK/pe-explain" 2>/dev/null &&
   grep -q "^EXPLANATION FOR ana (Ana Ruiz), 2027-Q1$" "$WORK/pe-explain" &&
   grep -q "^DEAL D-1001, closed 2027-01-14" "$WORK/pe-explain" &&
   grep -q "^DEAL D-1009, closed 2027-03-22" "$WORK/pe-explain" &&
   grep -q "^TOTAL PAYABLE FOR 2027-Q1: $(echo "$pe_total" | tr -d ,) USD$" "$WORK/pe-explain"; then ok; else
    bad "periods: explain --period 2027-Q1"; fi
fails "periods: explain a deal outside the period" 1 "deal D-1011 closed in 2027-04, not in 2027-Q1" \
    "$TRUCE" explain --in "$pe_ex" --period 2027-Q1 --payee ana --deal D-1011

# A malformed period is a usage error listing the forms; a period outside the plan year an input error.
for pe_bad in 2027-Q0 2027-Q5 2027-H3 2027-H0 2027-13 2027-q1 2027-h1 27-Q1 2027-Q1x 2027-Q 20271 "2027 "; do
    fails "periods: --period '$pe_bad'" 2 "--period '$pe_bad' is not YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY" \
        "$TRUCE" run --in "$pe_ex" --period "$pe_bad" --out "$WORK/out"
done
fails "periods: explain --period 2027-Q7" 2 "is not YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY" \
    "$TRUCE" explain --in "$pe_ex" --period 2027-Q7 --payee ana
fails "periods: quarter outside the plan year" 1 "error: period 2026-Q4 is outside the plan year 2027" \
    "$TRUCE" run --in "$pe_ex" --period 2026-Q4 --out "$WORK/out"
fails "periods: half outside the plan year" 1 "error: period 2028-H1 is outside the plan year 2027" \
    "$TRUCE" run --in "$pe_ex" --period 2028-H1 --out "$WORK/out"
fails "periods: year outside the plan year" 1 "error: period 2026 is outside the plan year 2027" \
    "$TRUCE" run --in "$pe_ex" --period 2026 --out "$WORK/out"
