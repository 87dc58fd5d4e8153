# Truce - build, test, bench.
#
#   make deps     install the Debian packages the build and the tests need (tools/deps.sh)
#   make          build/truce and build/libtruce.a (optimised)
#   make test     every test, built with AddressSanitizer + UBSan in build/test/
#   make bench    generated batches, timed (see bench/)
#   make valgrind end-to-end cases under valgrind
#   make fuzz     libFuzzer targets (FUZZ_SECONDS=N); make fuzz-smoke for CI
#   make install  PREFIX=... DESTDIR=...: binary, libraries, headers, pkg-config,
#                 man page, schemas (see the install block at the end); make uninstall
#
# Dependencies come from pkg-config: libxml-2.0, gmp, cmocka; plus libcsv.

CC      ?= cc
PKGS    := libxml-2.0 gmp nettle
CSTD    := -std=gnu11 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
# Only the functions that truce.h marks TRUCE_API are exported from libtruce.so.
VIS     := -fvisibility=hidden
OPT     ?= -O2 -g
DEPFLAGS = -MMD -MP
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRCS := $(sort $(wildcard engine/*.c))
CLI_SRCS := $(sort $(wildcard engine/cli/*.c))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
# Schemas compiled into the library (rules/NAME.xsd -> embedded_NAME_xsd[]).
XSDS := plan mapping

# One build directory per flavour, so sanitised and optimised objects never mix.
B  := build
BT := build/test
BP := build/pic

.PHONY: all test unit e2e clean bench valgrind deps slurm-test
all: $(B)/truce $(B)/libtruce.a

define flavour
# $(1) = build dir, $(2) = extra CFLAGS/LDFLAGS
$(1)/gen/%_xsd.c: rules/%.xsd tools/embed.sh
	@mkdir -p $$(dir $$@)
	sh tools/embed.sh embedded_$$*_xsd $$< > $$@

$(1)/obj/%.o: engine/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(OPT) $(2) $$(WARN) $$(VIS) $$(DEPFLAGS) -iquote engine -Iinclude $$(PKG_CFLAGS) -c $$< -o $$@

$(1)/obj/gen/%_xsd.o: $(1)/gen/%_xsd.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(OPT) $(2) $$(VIS) -c $$< -o $$@

$(1)/libtruce.a: $$(patsubst engine/%.c,$(1)/obj/%.o,$$(LIB_SRCS)) $$(patsubst %,$(1)/obj/gen/%_xsd.o,$$(XSDS))
	@rm -f $$@
	ar rcs $$@ $$^

$(1)/truce: $$(patsubst engine/%.c,$(1)/obj/%.o,$$(CLI_SRCS)) $(1)/libtruce.a
	$$(CC) $(2) $$^ $$(PKG_LIBS) -o $$@

$(1)/tests/%: tests/unit/%.c $(1)/libtruce.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(OPT) $(2) $$(WARN) -Wno-missing-prototypes -Iinclude -iquote engine $$(PKG_CFLAGS) $$(CMOCKA_CFLAGS) $$< $(1)/libtruce.a $$(PKG_LIBS) $$(CMOCKA_LIBS) -o $$@
endef

$(eval $(call flavour,$(B),))
$(eval $(call flavour,$(BT),$(SAN_FLAGS)))
$(eval $(call flavour,$(BP),-fPIC))

UNIT_BINS := $(patsubst tests/unit/%.c,$(BT)/tests/%,$(UNIT_SRCS))

test: unit e2e

# Only what is missing; a no-op on a machine that has it all.
deps:
	@sh tools/deps.sh test

unit: $(UNIT_BINS)
	@sh tests/run_unit.sh $(UNIT_BINS)

e2e: $(BT)/truce
	@sh tests/e2e/run.sh $(BT)/truce

# Then issue 17's data-driven models fitted on 1M journeys (bench/attribution.c; BENCH_ATTR="JOURNEYS N...").
bench: $(B)/truce $(B)/bench/attribution
	@sh bench/run.sh $(B)/truce
	@$(B)/bench/attribution $(or $(BENCH_ATTR),1000000 20 100 300)

$(B)/bench/attribution: bench/attribution.c $(B)/libtruce.a
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(WARN) -iquote engine -Iinclude $(PKG_CFLAGS) $< $(B)/libtruce.a $(PKG_LIBS) -o $@

# The Slurm recipe of docs/scale.md on a one-node cluster (installs slurm-wlm and munge as root
# when missing): opt-in, not part of make test.
slurm-test: $(B)/truce
	@bash tests/slurm/run.sh $(B)/truce

# The end-to-end cases under valgrind memcheck, on the optimised build (no sanitiser).
valgrind: $(B)/truce
	@sh tests/valgrind.sh $(B)/truce

# libFuzzer targets: make fuzz FUZZ_SECONDS=N, make fuzz-smoke (see docs/fuzzing.md).
-include fuzz/fuzz.mk

clean:
	rm -rf build

-include $(wildcard $(B)/obj/*.d $(BT)/obj/*.d $(B)/obj/cli/*.d $(BT)/obj/cli/*.d $(BP)/obj/*.d)

# ---- install ------------------------------------------------------------------
#
#   make install   [PREFIX=/usr/local] [DESTDIR=]   bin/truce, lib/libtruce.a,
#                  lib/libtruce.so.$(ABI) (soname libtruce.so.$(SOVERSION)),
#                  include/truce/truce.h, lib/pkgconfig/truce.pc, share/man/man1/truce.1,
#                  share/truce/{plan,mapping}.xsd and catalog.xml
#   make uninstall the same paths, removed
#
# The shared library is built from position-independent objects (build/pic/),
# the static one and the binary from the optimised ones (build/).  truce.pc is
# written from truce.pc.in with the prefix filled in.

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR      = $(PREFIX)/bin
LIBDIR      = $(PREFIX)/lib
INCLUDEDIR  = $(PREFIX)/include
MAN1DIR     = $(PREFIX)/share/man/man1
DATADIR     = $(PREFIX)/share/truce
INSTALL    ?= install
VERSION    := $(shell sed -n 's/^\#define TRUCE_VERSION "\(.*\)"/\1/p' include/truce/truce.h)
# The library's ABI version, apart from the engine's: its first number is the soname's, bumped
# when a program built against an older truce.h could break (docs/embedding.md says when).
ABI        := 1.0.0
SOVERSION  := $(firstword $(subst ., ,$(ABI)))
SONAME     := libtruce.so.$(SOVERSION)
SHLIB      := $(BP)/libtruce.so.$(ABI)
PUBLIC_HEADERS := $(sort $(wildcard include/truce/*.h))
DATA_FILES := rules/plan.xsd rules/mapping.xsd rules/catalog.xml

.PHONY: shared install uninstall
shared: $(SHLIB)

# tests/e2e/t_install.sh installs these: built by make test, in parallel, beforehand.
e2e: $(B)/truce $(B)/libtruce.a $(SHLIB)

$(SHLIB): $(patsubst engine/%.c,$(BP)/obj/%.o,$(LIB_SRCS)) $(patsubst %,$(BP)/obj/gen/%_xsd.o,$(XSDS))
	$(CC) -shared -Wl,-soname,$(SONAME) $^ $(PKG_LIBS) -o $@

install: $(B)/truce $(B)/libtruce.a $(SHLIB)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/truce \
	    $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 755 $(B)/truce $(DESTDIR)$(BINDIR)/truce
	$(INSTALL) -m 644 $(B)/libtruce.a $(DESTDIR)$(LIBDIR)/libtruce.a
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libtruce.so.$(ABI)
	ln -sf libtruce.so.$(ABI) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libtruce.so
	$(INSTALL) -m 644 $(PUBLIC_HEADERS) $(DESTDIR)$(INCLUDEDIR)/truce/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' truce.pc.in \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/truce.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/truce.pc
	$(INSTALL) -m 644 man/truce.1 $(DESTDIR)$(MAN1DIR)/truce.1
	$(INSTALL) -m 644 $(DATA_FILES) $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/truce $(DESTDIR)$(LIBDIR)/libtruce.a \
	    $(DESTDIR)$(LIBDIR)/libtruce.so.$(ABI) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libtruce.so $(DESTDIR)$(LIBDIR)/pkgconfig/truce.pc \
	    $(DESTDIR)$(MAN1DIR)/truce.1
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/truce/,$(notdir $(PUBLIC_HEADERS)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/,$(notdir $(DATA_FILES)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/truce $(DESTDIR)$(DATADIR) 2>/dev/null
# ---- end of install -------------------------------------------------------------
