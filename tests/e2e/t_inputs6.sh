# The batch inputs of issue 6: events.csv, payments.csv, adjustments.csv.
# Each bad file fails `truce check` with exit 1 and its located message; the example
# with valid new files still passes; the manifest records them and verify re-checks them.

# i6_batch NAME: the example with the three new inputs, valid; prints its path.
i6_batch() {
    d=$(batch "$1")
    printf 'deal_id,date,kind,amount\nD-1001,2027-04-15,refund,40000.00\nD-1004,2027-03-10,cancel,\nD-1001,2027-05-01,refund,40000\nD-1003,2027-06-30,refund,70000\n' >"$d/events.csv"
    printf 'deal_id,date,amount\nD-1001,2027-02-01,60000\nD-1001,2027-03-01,60000\nD-1002,2027-01-28,45000\nD-1006,2027-04-30,130000\n' >"$d/payments.csv"
    printf 'payee_id,period,component_id,amount,reason,approved_by\nana,2027-03,base,-250.00,Overpaid on D-0999 last year,cfo\ncho,2027-02,renewals,125.50,"Renewal D-1004 booked late, see ticket 41",vp-sales\nmia,2027-03,campaign,80,Webinar co-host share,cmo\nben,2027-04,pro-launch,250,SPIF for D-1007,cfo\n' >"$d/adjustments.csv"
    echo "$d"
}

b=$(i6_batch i6-valid)
if "$TRUCE" check --in "$b" >"$WORK/stdout" 2>"$WORK/stderr"; then ok; else
    bad "check of the example with valid events, payments, adjustments: $(grep error "$WORK/stderr" | head -3)"; fi
# The same files named by flag instead of found in --in.
mkdir -p "$WORK/i6-flags"
for f in events payments adjustments; do mv "$b/$f.csv" "$WORK/i6-flags/$f.csv"; done
if "$TRUCE" check --in "$b" --events "$WORK/i6-flags/events.csv" \
       --payments "$WORK/i6-flags/payments.csv" --adjustments="$WORK/i6-flags/adjustments.csv" \
       >/dev/null 2>"$WORK/stderr"; then ok; else
    bad "check with the new file flags: $(grep error "$WORK/stderr" | head -3)"; fi
fails "--events names its file" 1 "i6-flags/nosuch.csv" \
    "$TRUCE" check --in "$b" --events "$WORK/i6-flags/nosuch.csv"
fails "--payments needs a value" 2 "flag '--payments' needs a value" "$TRUCE" check --in "$b" --payments
fails "--adjustments needs a value" 2 "flag '--adjustments=' needs a value" \
    "$TRUCE" check --in "$b" --adjustments=
# A flag points check at a bad file even when --in has none.
printf 'deal_id,date,kind,amount\nD-9999,2027-04-01,refund,1\n' >"$WORK/i6-flags/bad-events.csv"
fails "--events read by check" 1 "bad-events.csv:2:1: error: deal_id 'D-9999' is not in deals.csv" \
    "$TRUCE" check --in "$b" --events "$WORK/i6-flags/bad-events.csv"
fails "--events read by run" 1 "bad-events.csv:2:1: error: deal_id 'D-9999' is not in deals.csv" \
    "$TRUCE" run --in "$b" --events "$WORK/i6-flags/bad-events.csv" --period 2027-03 --out "$WORK/out"

# i6_fails NAME FILE LINE PATTERN: appending LINE to FILE.csv of a fresh valid batch makes
# check fail with exit 1 and PATTERN.
i6_fails() {
    b=$(i6_batch "i6-$2")
    echo "$3" >>"$b/$2.csv"
    fails "$1" 1 "$4" "$TRUCE" check --in "$b"
}

# ---- events.csv ---------------------------------------------------------------------
i6_fails "event of an unknown deal" events "D-9999,2027-04-01,refund,1" \
    "events.csv:6:1: error: deal_id 'D-9999' is not in deals.csv"
i6_fails "event date" events "D-1002,2027-04-31,refund,1" \
    "events.csv:6:2: error: date '2027-04-31' is not a date \(YYYY-MM-DD\)"
i6_fails "event before the close" events "D-1002,2027-01-27,refund,1" \
    "events.csv:6:2: error: date '2027-01-27' is before the close_date of deal D-1002 \(2027-01-28\)"
i6_fails "event kind" events "D-1002,2027-04-01,chargeback,1" \
    "events.csv:6:3: error: kind 'chargeback' is not cancel or refund"
i6_fails "cancel with an amount" events "D-1002,2027-04-01,cancel,45000" \
    "events.csv:6:4: error: amount '45000' is given for a cancel: a cancel takes what is left of the deal"
i6_fails "refund without an amount" events "D-1002,2027-04-01,refund," \
    "events.csv:6:4: error: amount is empty: a refund needs one"
i6_fails "refund of zero" events "D-1002,2027-04-01,refund,0" \
    "events.csv:6:4: error: amount '0' is not above zero"
i6_fails "refund below zero" events "D-1002,2027-04-01,refund,-1" \
    "events.csv:6:4: error: amount '-1' is below zero"
i6_fails "refunds beyond the amount" events "D-1001,2027-06-01,refund,40000.01" \
    "events.csv:6:4: error: amount '40000.01' is more than what is left of deal D-1001 \(40000\)"
i6_fails "event after a cancel" events "D-1004,2027-03-10,refund,1" \
    "events.csv:6:2: error: deal D-1004 is cancelled at line 3: no event may follow the cancel"
i6_fails "second cancel" events "D-1004,2027-12-31,cancel," \
    "events.csv:6:2: error: deal D-1004 is cancelled at line 3: no event may follow the cancel"

# ---- payments.csv ---------------------------------------------------------------------
i6_fails "payment of an unknown deal" payments "D-9999,2027-04-01,1" \
    "payments.csv:6:1: error: deal_id 'D-9999' is not in deals.csv"
i6_fails "payment date" payments "D-1002,27-04-01,1" \
    "payments.csv:6:2: error: date '27-04-01' is not a date \(YYYY-MM-DD\)"
i6_fails "payment of zero" payments "D-1002,2027-04-01,0.00" \
    "payments.csv:6:3: error: amount '0.00' is not above zero"
i6_fails "payment below zero" payments "D-1002,2027-04-01,-100" \
    "payments.csv:6:3: error: amount '-100' is below zero"
i6_fails "payment amount" payments "D-1002,2027-04-01,1 000" \
    "payments.csv:6:3: error: amount '1 000' is not a decimal number"
i6_fails "payment without an amount" payments "D-1002,2027-04-01," \
    "payments.csv:6:3: error: amount is empty"

# ---- adjustments.csv ---------------------------------------------------------------------
i6_fails "adjustment of an unknown payee" adjustments "zed,2027-03,base,1,r,a" \
    "adjustments.csv:6:1: error: payee_id 'zed' is not in the roster"
i6_fails "adjustment period" adjustments "ana,2027-Q1,base,1,r,a" \
    "adjustments.csv:6:2: error: period '2027-Q1' is not a month \(YYYY-MM\)"
i6_fails "adjustment of zero" adjustments "ana,2027-03,base,0,r,a" \
    "adjustments.csv:6:4: error: amount '0' is zero: an adjustment must change the pay"
i6_fails "adjustment amount" adjustments "ana,2027-03,base,-1e3,r,a" \
    "adjustments.csv:6:4: error: amount '-1e3' is not a decimal number"
i6_fails "adjustment without a reason" adjustments "ana,2027-03,base,-10,,a" \
    "adjustments.csv:6:5: error: reason is empty: every adjustment needs one"
i6_fails "adjustment without an approver" adjustments "ana,2027-03,base,-10,r," \
    "adjustments.csv:6:6: error: approved_by is empty: every adjustment needs one"
i6_fails "adjustment without a component" adjustments "ana,2027-03,,-10,r,a" \
    "adjustments.csv:6:3: error: component_id is empty"

# Checked against the plan (adjustments_check, called by truce_compute once the plan is known).
i6_fails "adjustment of another role's component" adjustments "ana,2027-03,renewals,1,r,a" \
    "adjustments.csv:6:3: error: component_id 'renewals' is not a component of role 'ae'"
i6_fails "adjustment of a payee whose role is not in the plan" adjustments "sam,2027-03,base,1,r,a" \
    "adjustments.csv:6:1: error: payee_id 'sam' has role 'sdr', which is not a role of the plan"
i6_fails "adjustment outside the plan year" adjustments "ana,2028-01,base,1,r,a" \
    "adjustments.csv:6:2: error: period '2028-01' is outside the plan year 2027"
i6_fails "adjustment before the plan year" adjustments "ana,2026-12,base,1,r,a" \
    "adjustments.csv:6:2: error: period '2026-12' is outside the plan year 2027"

# ---- the manifest records the new inputs; verify re-checks them -------------------------
b=$(i6_batch i6-run)
rm -rf "$WORK/i6-out"
if "$TRUCE" run --in "$b" --period 2027-03 --out "$WORK/i6-out" >/dev/null 2>"$WORK/stderr"; then
    for name in events payments adjustments; do
        grep -q "<input name=\"$name\" path=\"$b/$name.csv\"" "$WORK/i6-out/manifest.xml" && ok ||
            bad "manifest: no $name input"
    done
    if "$TRUCE" verify "$WORK/i6-out" >/dev/null 2>"$WORK/stderr"; then ok; else
        bad "verify of a run with events, payments, adjustments: $(head -3 "$WORK/stderr")"; fi
    rm -rf "$WORK/i6-copy"; cp -r "$b" "$WORK/i6-copy"
    if "$TRUCE" verify "$WORK/i6-out" --in "$WORK/i6-copy" >/dev/null 2>"$WORK/stderr"; then ok; else
        bad "verify --in of a run with events, payments, adjustments: $(head -3 "$WORK/stderr")"; fi
    for i6f in events payments adjustments; do  # (fails sets $name)
        cp "$b/$i6f.csv" "$WORK/i6-$i6f.keep"
        echo "" >>"$b/$i6f.csv"
        fails "verify: $i6f.csv changed" 1 "i6-run/$i6f.csv: error: input changed since the run" \
            "$TRUCE" verify "$WORK/i6-out"
        mv "$WORK/i6-$i6f.keep" "$b/$i6f.csv"
    done
    rm "$b/payments.csv"
    fails "verify: payments.csv gone" 1 "i6-run/payments.csv" "$TRUCE" verify "$WORK/i6-out"
else
    bad "run with events, payments, adjustments: $(grep error "$WORK/stderr" | head -3)"
fi

# A reason holding a line break (and no comma or quote) is quoted in ledger.csv, as any CSV
# output field holding one is: the row stays one record.
b=$(i6_batch i6-newline)
printf 'payee_id,period,component_id,amount,reason,approved_by\nana,2027-03,base,-250.00,"Overpaid\nsee D-0999",cfo\n' >"$b/adjustments.csv"
printf '2027-03,ana,ae,base,adjustment,-250,"Overpaid\nsee D-0999",cfo\n' >"$WORK/i6-nl.want"
rm -rf "$WORK/i6-nl"
if ! "$TRUCE" run --in "$b" --period 2027-03 --out "$WORK/i6-nl" >/dev/null 2>"$WORK/stderr"; then
    bad "run with a reason holding a line break: $(grep error "$WORK/stderr" | head -3)"
elif grep -A1 ',adjustment,' "$WORK/i6-nl/ledger.csv" | cmp -s - "$WORK/i6-nl.want"; then
    ok
else
    bad "ledger.csv: a reason with a line break is not quoted: $(grep -A1 ',adjustment,' "$WORK/i6-nl/ledger.csv")"
fi
