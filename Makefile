# Truce - build, test, bench.
#
#   make          build/truce and build/libtruce.a (optimised)
#   make test     every test, built with AddressSanitizer + UBSan in build/test/
#   make bench    generated batches, timed (see bench/)
#   make valgrind end-to-end cases under valgrind
#   make fuzz     libFuzzer targets (FUZZ_SECONDS=N); make fuzz-smoke for CI
#
# Dependencies come from pkg-config: libxml-2.0, gmp, cmocka; plus libcsv.

CC      ?= cc
PKGS    := libxml-2.0 gmp nettle
CSTD    := -std=gnu11 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
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

# One build directory per flavour, so sanitised and optimised objects never mix.
B  := build
BT := build/test

.PHONY: all test unit e2e clean bench valgrind
all: $(B)/truce $(B)/libtruce.a

define flavour
# $(1) = build dir, $(2) = extra CFLAGS/LDFLAGS
$(1)/gen/plan_xsd.c: rules/plan.xsd tools/embed.sh
	@mkdir -p $$(dir $$@)
	sh tools/embed.sh truce_plan_xsd $$< > $$@

$(1)/obj/%.o: engine/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(OPT) $(2) $$(WARN) $$(DEPFLAGS) -Iinclude $$(PKG_CFLAGS) -c $$< -o $$@

$(1)/obj/gen/plan_xsd.o: $(1)/gen/plan_xsd.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(OPT) $(2) -c $$< -o $$@

$(1)/libtruce.a: $$(patsubst engine/%.c,$(1)/obj/%.o,$$(LIB_SRCS)) $(1)/obj/gen/plan_xsd.o
	@rm -f $$@
	ar rcs $$@ $$^

$(1)/truce: $$(patsubst engine/%.c,$(1)/obj/%.o,$$(CLI_SRCS)) $(1)/libtruce.a
	$$(CC) $(2) $$^ $$(PKG_LIBS) -o $$@

$(1)/tests/%: tests/unit/%.c $(1)/libtruce.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(OPT) $(2) $$(WARN) -Wno-missing-prototypes -Iinclude -Iengine $$(PKG_CFLAGS) $$(CMOCKA_CFLAGS) $$< $(1)/libtruce.a $$(PKG_LIBS) $$(CMOCKA_LIBS) -o $$@
endef

$(eval $(call flavour,$(B),))
$(eval $(call flavour,$(BT),$(SAN_FLAGS)))

UNIT_BINS := $(patsubst tests/unit/%.c,$(BT)/tests/%,$(UNIT_SRCS))

test: unit e2e

unit: $(UNIT_BINS)
	@sh tests/run_unit.sh $(UNIT_BINS)

e2e: $(BT)/truce
	@sh tests/e2e/run.sh $(BT)/truce

bench: $(B)/truce
	@sh bench/run.sh $(B)/truce

# The end-to-end cases under valgrind memcheck, on the optimised build (no sanitiser).
valgrind: $(B)/truce
	@sh tests/valgrind.sh $(B)/truce

# libFuzzer targets: make fuzz FUZZ_SECONDS=N, make fuzz-smoke (see docs/fuzzing.md).
-include fuzz/fuzz.mk

clean:
	rm -rf build

-include $(wildcard $(B)/obj/*.d $(BT)/obj/*.d $(B)/obj/cli/*.d $(BT)/obj/cli/*.d)
