#!/bin/sh
# deps.sh [build|test] - install the Debian packages Truce needs, only those missing.
#
#   build: what `make` needs (a C compiler, make, pkg-config and five libraries);
#   test:  that, plus what `make test` uses (python3, xmllint, man, chromium) and
#          what .ci/run adds (valgrind, clang with libFuzzer).
# A no-op when everything is there.  Installing needs root: run as root, or with sudo
# available, else it prints the apt-get command to run.  The one list of packages is here.
set -eu
what=${1:-test}
build="build-essential pkg-config libxml2-dev libgmp-dev nettle-dev libcmocka-dev libcsv-dev"
test_extra="python3 libxml2-utils man-db chromium valgrind clang libclang-rt-dev"
pkgs=$build
[ "$what" = build ] || pkgs="$build $test_extra"

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "deps: everything Truce needs ($what) is installed"
    exit 0
fi
echo "deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "deps: not root and no sudo: run as root:" >&2
    echo "    apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq $missing
