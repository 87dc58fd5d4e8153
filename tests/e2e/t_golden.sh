# Hand-worked golden cases (fixtures/golden/*/NOTES.md works out every value):
# truce run on each must reproduce its expected/ files byte for byte.
for d in "$ROOT"/fixtures/golden/*/; do golden "$(basename "$d")" "$d" "$(cat "$d/period")"; done
