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
# python3 (with its whole standard library: python3-minimal lacks fractions, decimal, html, xml),
# xmllint, man, script (bsdutils), flock (util-linux) and chromium: e2e cases use them
# (tests/e2e/lib.sh's REQUIRED_TOOLS); valgrind: make valgrind; clang: make fuzz-smoke.
test_extra="python3 libxml2-utils man-db bsdutils util-linux chromium valgrind clang libclang-rt-dev"
pkgs=$build
[ "$what" = build ] || pkgs="$build $test_extra"

missing=""
for p in $pkgs; do
    if [ "$p" = python3 ] && command -v python3 >/dev/null 2>&1 &&
       python3 -c 'import csv, decimal, fractions, html.parser, shutil, xml.etree.ElementTree, xml.sax.saxutils, zlib' \
           >/dev/null 2>&1; then
        continue  # a python3 of its own (pyenv, ...) with the modules the tests use will do
    fi
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
