# fuzz/fuzz.mk - libFuzzer targets for the engine (see docs/fuzzing.md).
#
# Included from the Makefile (`-include fuzz/fuzz.mk`); also works given twice
# or on its own:  make -f Makefile -f fuzz/fuzz.mk fuzz FUZZ_SECONDS=10
#
#   make fuzz-build             build/fuzz/fuzz_<target> for every target
#   make fuzz FUZZ_SECONDS=N    build, then run each target N seconds on a
#                               scratch corpus (build/fuzz/corpus/<target>) seeded
#                               from fixtures/fuzz/<target>/ and the regressions;
#                               fails if any target finds a crash
#   make fuzz-smoke             CI: replay every seed and regression, then a few
#                               seconds of fuzzing per target (under a minute)
#   make fuzz-<target>          run one target (FUZZ_SECONDS, FUZZ_JOBS)
#   make fuzz-coverage          line coverage of engine/*.c reached by the corpora
#
# Needs clang with libFuzzer (clang 14: clang, libclang-rt-dev).  Engine
# objects are built here with their own flags, in build/fuzz/obj, so they never
# mix with the optimised or the test flavour.  Nothing in fixtures/ is written:
# libFuzzer adds new inputs to the first corpus directory only, the scratch one.

ifndef FUZZ_MK_INCLUDED
FUZZ_MK_INCLUDED := 1

# Keep the including Makefile's default goal (the rules below must not become it).
fuzz_saved_default_goal := $(.DEFAULT_GOAL)

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 6
FUZZ_JOBS    ?= 1
FUZZ_TARGETS := decimal csv expr plan batch files qarith

FB := build/fuzz
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS   := -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
                 -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
                 -Wall -Wextra -Wno-unused-parameter
FUZZ_LDFLAGS  := -fsanitize=fuzzer $(FUZZ_SAN)
# The Makefile's package list and embedded schemas when it includes us, else the same by hand.
FUZZ_PKGS       := $(or $(PKGS),libxml-2.0 gmp nettle)
FUZZ_XSDS       := $(or $(XSDS),plan mapping)
FUZZ_PKG_CFLAGS := $(shell pkg-config --cflags $(FUZZ_PKGS))
FUZZ_PKG_LIBS   := $(shell pkg-config --libs $(FUZZ_PKGS)) -lcsv -lpthread

# The library only: engine/*.c (the CLI lives in engine/cli/).
FUZZ_LIB_SRCS := $(sort $(wildcard engine/*.c))
FUZZ_LIB_OBJS := $(patsubst engine/%.c,$(FB)/obj/%.o,$(FUZZ_LIB_SRCS)) \
                 $(patsubst %,$(FB)/obj/gen/%_xsd.o,$(FUZZ_XSDS))
FUZZ_BINS     := $(addprefix $(FB)/fuzz_,$(FUZZ_TARGETS))

# Per-target libFuzzer options.  -max_len keeps inputs near the sizes the
# targets are built for; -timeout flags a single input slower than that.
FUZZ_OPTS_decimal := -max_len=256
FUZZ_OPTS_csv     := -max_len=4096
FUZZ_OPTS_expr    := -max_len=1024
FUZZ_OPTS_plan    := -max_len=8192
FUZZ_OPTS_batch   := -max_len=2048
FUZZ_OPTS_files   := -max_len=4096
FUZZ_OPTS_qarith  := -max_len=512
FUZZ_COMMON_OPTS  := -timeout=20 -rss_limit_mb=2048 -print_final_stats=1

# Seed directories a target reads besides fixtures/fuzz/<target> (never written).
FUZZ_SEEDS_plan   := rules/examples fixtures/plans

# Known bugs in files this work may not edit (see fuzz/known-ub.supp): these
# objects (engine/NAME.c) are built so that UBSan can suppress the checks
# FUZZ_RECOVER_CHECKS lists; every other object still stops at any report.
# None is open today.
FUZZ_RECOVER        :=
FUZZ_RECOVER_CHECKS := nonnull-attribute
$(FB)/obj/%.o: FUZZ_FILE_FLAGS = $(if $(filter $*,$(FUZZ_RECOVER)),-fsanitize-recover=$(FUZZ_RECOVER_CHECKS))

# Set for every run, whatever the environment holds, so the suppressions apply.
FUZZ_ENV := ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$(CURDIR)/fuzz/known-ub.supp

.PHONY: fuzz fuzz-build fuzz-smoke $(addprefix fuzz-,$(FUZZ_TARGETS))

fuzz-build: $(FUZZ_BINS)

$(FB)/gen/%_xsd.c: rules/%.xsd tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh embedded_$*_xsd $< > $@

$(FB)/obj/gen/%_xsd.o: $(FB)/gen/%_xsd.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FB)/obj/%.o: engine/%.c fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FILE_FLAGS) -MMD -MP -iquote engine -Iinclude $(FUZZ_PKG_CFLAGS) -c $< -o $@

$(FB)/obj/fuzz_%.o: fuzz/fuzz_%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -iquote engine -Iinclude -Ifuzz $(FUZZ_PKG_CFLAGS) -c $< -o $@

# Linked against an archive, so each target holds only the modules it reaches.
$(FB)/libtruce.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FB)/fuzz_%: $(FB)/obj/fuzz_%.o $(FB)/libtruce.a
	$(FUZZ_CC) $(FUZZ_LDFLAGS) $^ $(FUZZ_PKG_LIBS) -o $@

.SECONDARY: $(FUZZ_LIB_OBJS) $(patsubst %,$(FB)/obj/fuzz_%.o,$(FUZZ_TARGETS)) \
            $(patsubst %,$(FB)/gen/%_xsd.c,$(FUZZ_XSDS))

fuzz_dict = $(if $(wildcard fixtures/fuzz/$(1).dict),-dict=fixtures/fuzz/$(1).dict)

# $(1) target, $(2) seconds, $(3) scratch corpus dir, $(4) more options.
# FUZZ_JOBS > 1 runs that many fuzzing processes (-fork).
define fuzz_run
mkdir -p $(3) $(FB)/artifacts/$(1) && \
$(FUZZ_ENV) $(FB)/fuzz_$(1) $(FUZZ_OPTS_$(1)) $(FUZZ_COMMON_OPTS) $(call fuzz_dict,$(1)) $(4) \
    -max_total_time=$(2) -artifact_prefix=$(FB)/artifacts/$(1)/ \
    $(if $(filter-out 1,$(FUZZ_JOBS)),-fork=$(FUZZ_JOBS)) \
    $(3) $(wildcard fixtures/fuzz/$(1) fixtures/fuzz/regressions/$(1) $(FUZZ_SEEDS_$(1)))
endef

$(addprefix fuzz-,$(FUZZ_TARGETS)): fuzz-%: $(FB)/fuzz_%
	$(call fuzz_run,$*,$(FUZZ_SECONDS),$(FB)/corpus/$*)

# $(1) target, $(2) seconds, $(3) scratch corpus, $(4) log, $(5) more options:
# one step of the loops below, which run every target even if one fails.
define fuzz_step
echo "== $(1) ($(2)s)"; \
( $(call fuzz_run,$(1),$(2),$(3),$(5)) ) > $(4) 2>&1 || failed="$$failed $(1)"; \
grep -aE '^(stat::(number_of_executed_units|peak_rss)|#[0-9]+[[:space:]]+(INITED|DONE)|==[0-9]+==ERROR|SUMMARY|.*runtime error|FUZZ CHECK)' $(4) | head -20;
endef

fuzz: fuzz-build
	@failed=""; \
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_step,$(t),$(FUZZ_SECONDS),$(FB)/corpus/$(t),$(FB)/fuzz-$(t).log)) \
	if [ -n "$$failed" ]; then \
	    echo "fuzz: crash or broken invariant in:$$failed (see $(FB)/fuzz-TARGET.log and $(FB)/artifacts/)"; \
	    exit 1; \
	fi; \
	echo "fuzz: no crash in $(FUZZ_TARGETS)"

# CI: a fresh scratch corpus and a fixed seed each time; every committed seed
# and regression input is replayed before the short fuzzing run.
fuzz-smoke: fuzz-build
	@failed=""; rm -rf $(FB)/smoke; \
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_step,$(t),$(FUZZ_SMOKE_SECONDS),$(FB)/smoke/$(t),$(FB)/smoke-$(t).log,-seed=1)) \
	if [ -n "$$failed" ]; then \
	    echo "fuzz-smoke: failed:$$failed (see $(FB)/smoke-TARGET.log)"; \
	    exit 1; \
	fi; \
	echo "fuzz-smoke: ok"

# Line coverage of the engine reached by the corpora (scratch corpus, seeds and
# regressions), with clang's source-based coverage; no sanitizer, no fuzzing.
FC := $(FB)/cov
FUZZ_COV_FLAGS := -std=gnu11 -D_GNU_SOURCE -g -O1 -fprofile-instr-generate -fcoverage-mapping
FUZZ_COV_SRCS  := $(FUZZ_LIB_SRCS) $(patsubst %,$(FB)/gen/%_xsd.c,$(FUZZ_XSDS))

$(FC)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_COV_SRCS) fuzz/fuzz_common.h $(wildcard include/truce/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_COV_FLAGS) -fsanitize=fuzzer -iquote engine -Iinclude -Ifuzz $(FUZZ_PKG_CFLAGS) \
	    $< $(FUZZ_COV_SRCS) $(FUZZ_PKG_LIBS) -o $@

fuzz-coverage: $(addprefix $(FC)/fuzz_,$(FUZZ_TARGETS))
	@rm -f $(FC)/*.profraw
	@$(foreach t,$(FUZZ_TARGETS),mkdir -p $(FB)/corpus/$(t) && \
	    LLVM_PROFILE_FILE=$(FC)/$(t).profraw $(FC)/fuzz_$(t) -runs=0 $(FUZZ_OPTS_$(t)) \
	    $(FB)/corpus/$(t) $(wildcard fixtures/fuzz/$(t) fixtures/fuzz/regressions/$(t) $(FUZZ_SEEDS_$(t))) \
	    > $(FC)/$(t).log 2>&1 || { echo "replay of $(t) failed: $(FC)/$(t).log"; exit 1; };)
	llvm-profdata merge -sparse $(FC)/*.profraw -o $(FC)/all.profdata
	llvm-cov report $(FC)/fuzz_decimal $(foreach t,$(filter-out decimal,$(FUZZ_TARGETS)),-object $(FC)/fuzz_$(t)) \
	    -instr-profile=$(FC)/all.profdata $(FUZZ_LIB_SRCS)

.PHONY: fuzz-coverage

-include $(wildcard $(FB)/obj/*.d)

.DEFAULT_GOAL := $(fuzz_saved_default_goal)

endif
