# make install / uninstall, and a program linked against the installed library
# with nothing but pkg-config (issue 9).  make test builds build/truce and both
# libraries before the e2e cases, so the make below only copies files.

# A make started from this test must not talk to the make running the tests.
inst_make() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$ROOT" "$@" >"$WORK/make.log" 2>&1
}

# --- A staged install (DESTDIR) puts every file where the FHS expects it ...
stage="$WORK/inst-stage"; rm -rf "$stage"
if inst_make install DESTDIR="$stage" PREFIX=/usr/local; then ok; else bad "make install DESTDIR: $(tail -5 "$WORK/make.log")"; fi
p="$stage/usr/local"
for f in bin/truce lib/libtruce.a lib/libtruce.so.1.0.0 lib/pkgconfig/truce.pc \
         include/truce/truce.h share/man/man1/truce.1 \
         share/truce/plan.xsd share/truce/mapping.xsd share/truce/catalog.xml; do
    [ -f "$p/$f" ] && ok || bad "make install: $f missing"
done
[ "$(readlink "$p/lib/libtruce.so.1")" = libtruce.so.1.0.0 ] && [ "$(readlink "$p/lib/libtruce.so")" = libtruce.so.1 ] &&
    ok || bad "make install: libtruce.so links"
readelf -d "$p/lib/libtruce.so.1.0.0" 2>/dev/null | grep -q 'SONAME.*\[libtruce.so.1\]' && ok || bad "libtruce.so: soname is not libtruce.so.1"
grep -qx 'prefix=/usr/local' "$p/lib/pkgconfig/truce.pc" && ok || bad "truce.pc: prefix"
# One public header, and nothing of the engine's inside.
[ "$(ls "$p/include/truce")" = truce.h ] && ok || bad "make install: headers $(ls "$p/include/truce" | tr '\n' ' ')"
# The shared library exports the public API only: every defined dynamic symbol is truce_*.
inst_syms=$(nm -D --defined-only "$p/lib/libtruce.so.1.0.0" 2>/dev/null | awk '{ print $3 }')
if [ -n "$inst_syms" ] && ! printf '%s\n' "$inst_syms" | grep -qv '^truce_'; then ok; else
    bad "libtruce.so exports more than truce_*: $(printf '%s\n' "$inst_syms" | grep -v '^truce_' | head -5 | tr '\n' ' ')"; fi
# ... every function truce.h declares, and no other.
inst_decl=$(grep -o '^TRUCE_API [^(]*(' "$ROOT/include/truce/truce.h" | sed 's/($//; s/.*[ *]//' | LC_ALL=C sort)
if [ "$inst_decl" = "$(printf '%s\n' "$inst_syms" | LC_ALL=C sort)" ]; then ok; else
    bad "libtruce.so's symbols and truce.h's TRUCE_API functions differ"; fi
# ... and uninstall removes every one of them (the directories it made for truce too).
if inst_make uninstall DESTDIR="$stage" PREFIX=/usr/local; then ok; else bad "make uninstall: $(tail -5 "$WORK/make.log")"; fi
left=$(find "$stage" \( -type f -o -type l \) | head -3)
[ -z "$left" ] && [ ! -d "$p/include/truce" ] && [ ! -d "$p/share/truce" ] && ok || bad "make uninstall left: $left"

# --- Installed into a prefix, then used: the example program, built with pkg-config only.
prefix="$WORK/inst-prefix"; rm -rf "$prefix" "$WORK/inst-static"
if inst_make install PREFIX="$prefix"; then ok; else bad "make install PREFIX: $(tail -5 "$WORK/make.log")"; fi
"$prefix/bin/truce" --version | grep -qx "truce $(sed -n 's/^#define TRUCE_VERSION "\(.*\)"/\1/p' "$ROOT/include/truce/truce.h")" &&
    ok || bad "installed truce --version"
pc() { PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config "$@" truce; }
# The example's payouts for 2027-03 (examples/embed.c; quota 100000, tiers 4% to 50000, 8% above):
# ana: 30000 in January, 40000 in March: E(1) = 30000 x 4% = 1200; E(3) = 50000 x 4% + 20000 x 8%
#      = 2000 + 1600 = 3600; payout 3600 - 1200 = 2400.00.
# ben: 10000.50 in March, all below 50000: 10000.50 x 4% = 400.02.  Total 2400.00 + 400.02 = 2800.02.
printf '2027-03 ana base 2400.00\n2027-03 ben base 400.02\ntotal 2800.02\n' > "$WORK/embed.expected"
# Shared: cc with `pkg-config --cflags --libs truce` and nothing else.
if cc "$ROOT/examples/embed.c" $(pc --cflags --libs) -o "$WORK/embed-shared" 2>"$WORK/cc.log"; then ok; else bad "cc embed.c (shared): $(head -5 "$WORK/cc.log")"; fi
readelf -d "$WORK/embed-shared" 2>/dev/null | grep -q 'NEEDED.*\[libtruce.so.1\]' && ok || bad "embed: not linked to libtruce.so.1"
# The handle is opaque: a program cannot see inside it, so no field is part of the ABI.
printf '#include <truce/truce.h>\nint main(void) { return (int)sizeof(truce_run); }\n' >"$WORK/sizeof.c"
if cc -c "$WORK/sizeof.c" $(pc --cflags) -o "$WORK/sizeof.o" 2>/dev/null; then
    bad "sizeof(truce_run) compiles against the installed truce.h"; else ok; fi
LD_LIBRARY_PATH="$prefix/lib" "$WORK/embed-shared" > "$WORK/embed.out" 2>"$WORK/embed.err" &&
    cmp -s "$WORK/embed.expected" "$WORK/embed.out" && ok || bad "embed (shared): $(cat "$WORK/embed.out" "$WORK/embed.err" | head -5)"
# Static: without the shared library the linker takes libtruce.a, and --static adds the private deps.
cp -R "$prefix" "$WORK/inst-static" && rm -f "$WORK/inst-static/lib"/libtruce.so*
sed -i "s|^prefix=.*|prefix=$WORK/inst-static|" "$WORK/inst-static/lib/pkgconfig/truce.pc"
if cc "$ROOT/examples/embed.c" $(PKG_CONFIG_PATH="$WORK/inst-static/lib/pkgconfig" pkg-config --static --cflags --libs truce) \
       -o "$WORK/embed-static" 2>"$WORK/cc.log"; then ok; else bad "cc embed.c (static): $(head -5 "$WORK/cc.log")"; fi
if readelf -d "$WORK/embed-static" 2>/dev/null | grep -q libtruce; then bad "embed-static needs libtruce.so"; else ok; fi
"$WORK/embed-static" > "$WORK/embed.out" 2>&1 && cmp -s "$WORK/embed.expected" "$WORK/embed.out" &&
    ok || bad "embed (static): $(head -5 "$WORK/embed.out")"
# The man page is found where man looks for it.
if command -v man >/dev/null 2>&1; then
    MANPATH="$prefix/share/man" MANWIDTH=80 man -P cat truce 2>/dev/null | grep -q "truce convert" && ok || bad "man truce after install"
else
    skip man "man not found (apt-get install man-db): the installed man page is not looked up"
fi

# --- The CLI uses nothing the installed headers do not offer.
# (the CLI's own headers, engine/cli/*.h, are its own)
priv=$(grep -h '^#include "' "$ROOT"/engine/cli/*.c "$ROOT"/engine/cli/*.h | sed 's/^#include "\([^"]*\)".*/\1/' |
       while read -r h; do [ -f "$ROOT/engine/cli/$h" ] || case $h in truce/*) ;; *) echo "$h" ;; esac; done)
outside=$(grep -ho '"truce/[a-z_]*\.h"' "$ROOT"/engine/cli/*.c "$ROOT"/engine/cli/*.h | tr -d '"' | sort -u |
          while read -r h; do [ -f "$ROOT/include/$h" ] || echo "$h"; done)
[ -z "$priv$outside" ] && ok || bad "engine/cli includes headers that are not public: $priv $outside"
