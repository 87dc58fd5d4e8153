# Editor support (docs/editor-support.md): the schemas in rules/ accept every
# plan and every mapping the project ships, checked by a validator that is not
# Truce's (xmllint, from libxml2-utils; .ci/run installs it).
if ! command -v xmllint >/dev/null 2>&1; then
    skip xmllint "xmllint not found (apt-get install libxml2-utils): schema checks not run"
else
    for f in "$ROOT"/rules/*.xml "$ROOT"/rules/examples/*.xml "$ROOT"/rules/examples/*/*.xml "$ROOT"/fixtures/*/mapping.xml; do
        [ -f "$f" ] || continue
        case "$f" in
            */catalog.xml) continue ;;
            *mapping.xml) xsd="$ROOT/rules/mapping.xsd" ;;
            *) xsd="$ROOT/rules/plan.xsd" ;;
        esac
        if xmllint --noout --nonet --schema "$xsd" "$f" >/dev/null 2>"$WORK/xmllint.err"; then ok; else
            bad "xmllint --schema $(basename "$xsd") ${f#"$ROOT"/}: $(head -3 "$WORK/xmllint.err")"
        fi
    done
    # The catalog resolves both namespaces to the shipped schemas.
    for ns in urn:truce:plan:1 urn:truce:mapping:1; do
        xmlcatalog "$ROOT/rules/catalog.xml" "$ns" 2>/dev/null | grep -q "\.xsd$" && ok || bad "catalog.xml: no schema for $ns"
    done
fi
