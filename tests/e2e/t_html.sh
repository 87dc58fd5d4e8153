# The HTML pages: statements/PAYEE.html, scoreboard.html, diff.html.  Every
# input value is escaped (a payee named <script>, a campaign named <img ...>),
# and, when Debian's chromium is installed (.ci/run installs it), each page
# loads in a headless browser without console errors and shows the figures
# worked out by hand elsewhere: ana's total payable 5890.00 (t_example), the
# scoreboard's 93966.66 (fixtures/golden/scoreboard-example) and the diff's
# +675.00 (t_diff).
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

# In a real browser: loads, no console message, the figures are on the page.
if ! command -v chromium >/dev/null 2>&1; then
    echo "skip: chromium not found (apt-get install chromium): the pages are not loaded in a browser"
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
    ht_check "$ht_o/statements/ana.html" "Total payable for 2027-03: 5890.00 USD" "61.2%" \
        '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Ana' "<svg"
    ht_check "$ht_o/scoreboard.html" "93966.66" "30500.50" "2.0808" "3225.47" \
        '&lt;img src=x onerror=alert(2)&gt;' "<svg"
    ht_check "$WORK/html-diff/diff.html" "+675.00" "18075.00" "3.88" "<svg"
fi
