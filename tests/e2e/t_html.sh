# The HTML pages: statements/PAYEE.html, scoreboard.html, diff.html.  Every
# input value is escaped (a payee named <script>, a campaign named <img ...>),
# and, when Debian's chromium is installed (.ci/run installs it), each page
# loads in a headless browser without console errors and shows the figures
# worked out by hand elsewhere: ana's total payable 5,890.00 (t_example), the
# scoreboard's 93,966.66 (fixtures/golden/scoreboard-example), the diff's
# +675.00 (t_diff) and amy's true-up (fixtures/audit/NOTES.md); a screenshot
# of every page is taken.  Every statement page's figure tables add up.
ht_b=$(batch html-xss)
sed -i 's/^ana,Ana Ruiz,/ana,<script>alert(1)<\/script> \& Ana,/' "$ht_b/roster.csv"
sed -i 's/^trade-show,Trade show booth,/trade-show,<img src=x onerror=alert(2)>,/' "$ht_b/campaigns.csv"
ht_o="$WORK/html-out"
rm -rf "$ht_o" "$WORK/html-diff"
"$TRUCE" run --in "$ht_b" --period 2027-03 --out "$ht_o" >/dev/null 2>&1
sed 's/<tier upto="100%" rate="8%"\/>/<tier upto="100%" rate="9%"\/>/' "$ht_b/plan.xml" >"$WORK/html-new.xml"
"$TRUCE" diff --plan "$ht_b/plan.xml" --plan "$WORK/html-new.xml" --in "$ht_b" --period 2027-Q1 \
    --out "$WORK/html-diff" >/dev/null 2>&1
for p in ana ben cho mia raj; do
    [ -f "$ht_o/statements/$p.html" ] && ok || bad "html: no statements/$p.html"
done
ht_pages="$ht_o/statements/ana.html $ht_o/scoreboard.html $WORK/html-diff/diff.html"
for f in $ht_pages; do
    if [ -f "$f" ] && ! grep -qiE '<script|<img|javascript:|https?://[^w]' "$f"; then ok; else
        bad "html: $f missing, or holds a script, an image or a link"; fi
done
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Ana' "$ht_o/statements/ana.html" && ok ||
    bad "html: the payee's name is not escaped"
grep -qF '&lt;img src=x onerror=alert(2)&gt;' "$ht_o/scoreboard.html" && ok ||
    bad "html: the campaign's name is not escaped"
grep -q '<output path="scoreboard.html"' "$ht_o/manifest.xml" && ok || bad "html: scoreboard.html not in the manifest"

# Pages for people (issue 15): figures grouped by thousands; the statement page carries each
# line's walk through the tiers, folded, and an attainment bar on a labelled scale; the
# scoreboard draws revenue and cost in two colours with a legend, no cost bar where the cost
# is blank, win rate and ROI as percentages, and "n/a" as the win rate when no deal the
# campaigns touched is lost; diff.html is titled with the period as stdout names it, its summary a table.
ht_g="$WORK/html-outcome"
rm -rf "$ht_g"
"$TRUCE" run --in "$ROOT/fixtures/golden/scoreboard-outcome" \
    --period "$(cat "$ROOT/fixtures/golden/scoreboard-outcome/period")" --out "$ht_g" >/dev/null 2>&1
ht_has() {  # ht_has PAGE TEXT...: the page's source holds every TEXT
    page=$1
    shift
    for t in "$@"; do
        grep -qF -- "$t" "$page" && ok || bad "html: $page lacks '$t'"
    done
}
ht_has "$ht_o/statements/ana.html" '<details class="walk"><summary>' \
    '      tier 2 (300,000 to 600,000): 39,499.993 x 8% = 3,159.99944' \
    '>100% (quota)</text>' '>150%</text>' '<td class="n">45,499.99</td>' \
    '<th>Quota</th><td class="n">600,000</td>'
ht_has "$ht_o/scoreboard.html" '<td class="n">n/a</td>' '<td class="n">208.08%</td>' \
    '<td class="n">93,966.66</td>' 'fill="#2e86c1"' 'fill="#e67e22"' 'class="key"'
if grep -q 'Columns as in' "$ht_o/scoreboard.html"; then bad "html: the scoreboard sends readers to the CSV"; else ok; fi
# scoreboard-outcome: ads won 1 of 1, email 1 of 2; events has no cost: no bar, blank cells.
ht_has "$ht_g/scoreboard.html" '<td class="n">100.00%</td>' '<td class="n">50.00%</td>' \
    '<td class="n">900.00%</td>'
if [ "$(grep -o 'fill="#e67e22"' "$ht_g/scoreboard.html" | wc -l)" -eq 2 ] &&
   ! grep -q '<td class="n">n/a</td>' "$ht_g/scoreboard.html"; then ok; else
    bad "html: scoreboard-outcome draws a cost bar for events, or says n/a with lost deals"; fi

# Every figure table of a statement page adds up on the page (tests/e2e/html_sums.py): the
# example, every golden batch (holds, draws, adjustments, clawbacks among them), the audit
# scenario's April with its true-ups (fixtures/audit/NOTES.md), and a batch with a hold, an
# adjustment and a true-up in one component.
ht_s="$WORK/html-sums"
rm -rf "$ht_s"
mkdir -p "$ht_s"
for d in "$ROOT"/fixtures/golden/*/; do
    "$TRUCE" run --in "$d" --period "$(cat "$d/period")" --out "$ht_s/$(basename "$d")" >/dev/null 2>&1 ||
        bad "html: golden $(basename "$d") failed to run"
done
ht_au="$ht_s/audit"
mkdir -p "$ht_au"
for m in 01 02 03; do
    "$TRUCE" run --plan "$ROOT/fixtures/audit/plan.xml" --roster "$ROOT/fixtures/audit/roster.csv" \
        --deals "$ROOT/fixtures/audit/v1/deals.csv" --period "2027-$m" --out "$ht_au/$m" >/dev/null 2>&1
done
cat "$ht_au"/0[123]/payouts.csv >"$ht_au/paid.csv"
"$TRUCE" run --plan "$ROOT/fixtures/audit/plan.xml" --roster "$ROOT/fixtures/audit/roster.csv" \
    --deals "$ROOT/fixtures/audit/v2/deals.csv" --period 2027-04 --paid "$ht_au/paid.csv" \
    --out "$ht_au/04" >/dev/null 2>&1
# holds-on-payment with May's commission adjusted by -100.005, and March paid 10.00 too much.
ht_h="$ht_s/holds-adjusted"
cp -r "$ROOT/fixtures/golden/holds-on-payment" "$ht_h"
printf 'payee_id,period,component_id,amount,reason,approved_by\nana,2027-05,base,-100.005,Split,cfo\n' \
    >"$ht_h/adjustments.csv"
printf 'period,payee_id,role,component_id,amount\n2027-03,ana,ae,base,10.00\n' >"$ht_h/paid.csv"
"$TRUCE" run --in "$ht_h" --period 2027-05 --paid "$ht_h/paid.csv" --out "$ht_h-out" >/dev/null 2>&1
if grep -q '<tr class="sum"><th>Released this month</th><td class="n">4,400</td></tr>' "$ht_h-out/statements/ana.html" &&
   grep -q '<th>Prior-period adjustment</th><td class="n">-10.00</td>' "$ht_h-out/statements/ana.html"; then ok; else
    bad "html: the hold, the adjustment or the true-up is missing from ana's page"; fi
if python3 "$ROOT/tests/e2e/html_sums.py" "$ht_o"/statements/*.html "$ht_s"/*/statements/*.html \
    "$ht_au"/04/statements/*.html "$ht_h"-out/statements/*.html >"$WORK/html-why"; then ok; else
    bad "html: figures that do not add up: $(head -5 "$WORK/html-why")"; fi

# In a real browser: loads, no console message, the figures are on the page.
if ! command -v chromium >/dev/null 2>&1; then
    skip chromium "chromium not found (apt-get install chromium): the pages are not loaded in a browser"
else
    ht_check() {  # ht_check PAGE TEXT...: the rendered DOM of PAGE shows every TEXT
        page=$1
        shift
        profile=$(mktemp -d "$WORK/chromium.XXXXXX")
        timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
            --enable-logging=stderr --v=0 --dump-dom "file://$page" >"$WORK/dom.html" 2>"$WORK/chromium.err"
        if [ $? -ne 0 ] || ! grep -q '</html>' "$WORK/dom.html"; then
            bad "chromium could not load $page: $(grep -v dbus "$WORK/chromium.err" | head -3)"
            return
        fi
        if grep -q 'CONSOLE' "$WORK/chromium.err"; then bad "chromium: console messages on $page"; else ok; fi
        if grep -qiE '<script|<img' "$WORK/dom.html"; then bad "chromium: $page has a script or an image"; else ok; fi
        for t in "$@"; do
            grep -qF -- "$t" "$WORK/dom.html" && ok || bad "chromium: $page does not show '$t'"
        done
    }
    ht_check "$ht_o/statements/ana.html" "Total payable for 2027-03: 5,890.00 USD" "61.2%" \
        '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Ana' "<svg" "100% (quota)" \
        "tier 2 (300,000 to 600,000): 39,499.993 x 8% = 3,159.99944"
    ht_check "$ht_o/scoreboard.html" "93,966.66" "30,500.50" "208.08%" "3,225.47" \
        '&lt;img src=x onerror=alert(2)&gt;' "<svg" "attributed revenue" "n/a"
    ht_check "$ht_g/scoreboard.html" "50.00%" "100.00%" "900.00%" "8,000.00"
    ht_check "$WORK/html-diff/diff.html" "+675.00" "18,075.00" "3.88" "<svg" "Plan diff 2027-Q1"
    ht_check "$ht_au/04/statements/amy.html" "Total payable for 2027-04: 1,600.00 USD" \
        "Prior-period adjustment" "+600.00" "2,300.00"
    # A screenshot of every page (issue 15: each was looked at): a PNG of the window's size
    # with something drawn on it (a blank page has a handful of byte values once inflated;
    # text has many).  The last run's screenshots stay in $WORK for a person to look at.
    ht_shot() {  # ht_shot PAGE NAME
        profile=$(mktemp -d "$WORK/chromium.XXXXXX")
        rm -f "$WORK/$2.png"
        timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
            --screenshot="$WORK/$2.png" --window-size=900,1000 "file://$1" >/dev/null 2>&1
        if python3 - "$WORK/$2.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
assert struct.unpack(">II", data[16:24]) == (900, 1000), "not 900x1000"
idat, at = b"", 8
while at < len(data):
    n, kind = struct.unpack(">I4s", data[at:at + 8])
    if kind == b"IDAT":
        idat += data[at + 8:at + 8 + n]
    at += 12 + n
assert len(set(zlib.decompress(idat))) > 32, "blank"
EOF
        then ok; else bad "chromium: no screenshot of $1"; fi
    }
    ht_shot "$ht_o/statements/ana.html" statement
    ht_shot "$ht_o/scoreboard.html" scoreboard
    ht_shot "$ht_g/scoreboard.html" scoreboard-outcome
    ht_shot "$WORK/html-diff/diff.html" diff
    ht_shot "$ht_au/04/statements/amy.html" trueup
fi
