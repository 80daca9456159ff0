# verdict: one non-recursive Makefile.
#
#   make                 build libverdict (static and shared) and bin/verdict
#   make check           unit tests + integration tests (tests/t), then the
#                        whole suite again under ASan+UBSan (gcc)
#   make check-fast      the suite once, with the current CC/SAN
#   make check-san       the suite under SAN=address,undefined
#   make demo            the main job: judge the bundled example programs
#   make valgrind        the unit tests under valgrind memcheck
#   make attacks         the attack battery alone (tests/attacks/)
#   make bench           benchmarks (bench/)
#   make fuzz            libFuzzer targets (clang) and their gcc replays
#   make fuzz-smoke      fuzz every target briefly, replay the corpora (gcc)
#   make fuzz-long       FUZZ_SECONDS=150 per target (separate soak run)
#   make lint            format, banned functions, header and symbol checks
#   make format          reformat the C sources with clang-format
#
# Variables: CC (gcc or clang), SAN (e.g. address,undefined), O (build dir).

CC  ?= gcc
SAN ?=
V   ?= 0
Q   := $(if $(filter 1,$(V)),,@)
say = $(if $(filter 1,$(V)),,@printf '  %-6s %s\n' $(1) $(2);)
ifeq ($(origin CC),default)
CC := gcc
endif
B   ?= build/$(notdir $(CC))$(if $(SAN),-san)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wvla -Wwrite-strings \
	-Wformat=2 -Wcast-qual -Wpointer-arith -Wundef -Wnull-dereference \
	-Wimplicit-fallthrough -Wno-format-nonliteral
ifneq ($(findstring clang,$(CC)),clang)
WARN += -Wno-format-truncation
endif
SANFLAGS := $(if $(SAN),-O1 -fsanitize=$(SAN) -fno-sanitize-recover=all -fno-omit-frame-pointer)
HARDEN := $(if $(SAN),,-D_FORTIFY_SOURCE=2) -fstack-protector-strong -fstack-clash-protection
CFLAGS_BASE := -std=c17 -D_GNU_SOURCE -g -O2 $(WARN) -Werror $(HARDEN) -MMD -MP
LIB_CFLAGS := $(CFLAGS_BASE) -fPIC -fvisibility=hidden -Iinclude -Isrc/lib $(SANFLAGS)
CLI_CFLAGS := $(CFLAGS_BASE) -Iinclude $(SANFLAGS)
TEST_CFLAGS := $(CFLAGS_BASE) -Iinclude -Isrc/lib -Itests/unit $(SANFLAGS)
LDFLAGS_SAN := $(if $(SAN),-fsanitize=$(SAN))
LIBS := -lseccomp -lsqlite3 -lz -lcrypto -lpthread -lm

LIB_SRC := $(sort $(wildcard src/lib/*.c))
LIB_OBJ := $(patsubst %.c,$(B)/%.o,$(LIB_SRC)) $(B)/src/lib/keeper_image.o \
	$(B)/src/lib/harness_image.o
CLI_SRC := $(sort $(wildcard src/cli/*.c))
CLI_OBJ := $(patsubst %.c,$(B)/%.o,$(CLI_SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/t-*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
FIXTURE_C := $(sort $(wildcard tests/fixtures/progs/*.c))

all: $(B)/libverdict.a $(B)/libverdict.so $(B)/verdict bin/verdict

# The keeper is a separate static program, never sanitized (it is exec'd
# from a memfd inside the box), embedded into the library.
$(B)/keeper: src/keeper/keeper.c src/lib/sandbox_proto.h
	@mkdir -p $(@D)
	$(call say,KEEPER,$@)$(CC) $(CFLAGS_BASE) -Isrc/lib -static -o $@ $<

$(B)/src/lib/keeper_image.o: src/lib/keeper_image.S $(B)/keeper
	@mkdir -p $(@D)
	$(call say,AS,$@)$(CC) -c -DKEEPER_BIN='"$(B)/keeper"' -o $@ $<

$(B)/src/lib/harness_image.o: src/lib/harness_image.S harness/verdict_harness.py
	@mkdir -p $(@D)
	$(call say,AS,$@)$(CC) -c -DHARNESS_PY='"harness/verdict_harness.py"' -o $@ $<

$(B)/src/lib/%.o: src/lib/%.c
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(B)/src/cli/%.o: src/cli/%.c
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CLI_CFLAGS) -c -o $@ $<

$(B)/libverdict.a: $(LIB_OBJ)
	$(Q)rm -f $@
	$(call say,AR,$@)$(AR) rcs $@ $^

$(B)/libverdict.so: $(LIB_OBJ)
	$(call say,LD,$@)$(CC) -shared -Wl,-soname,libverdict.so.0 -Wl,-z,relro,-z,now \
		-Wl,-z,noexecstack $(LDFLAGS_SAN) -o $@ $^ $(LIBS)

$(B)/verdict: $(CLI_OBJ) $(B)/libverdict.a
	$(call say,LD,$@)$(CC) $(LDFLAGS_SAN) -Wl,-z,relro,-z,now -o $@ $(CLI_OBJ) $(B)/libverdict.a $(LIBS)

# bin/verdict: the default build, for the README and scripts.
bin/verdict: build/gcc/verdict
	@mkdir -p bin
	$(Q)ln -sf ../build/gcc/verdict $@

ifneq ($(B),build/gcc)
build/gcc/verdict:
	$(Q)$(MAKE) --no-print-directory CC=gcc SAN= B=build/gcc build/gcc/verdict
endif

$(B)/tests/t-%: tests/unit/t-%.c tests/unit/harness.h $(B)/libverdict.a
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(TEST_CFLAGS) $(LDFLAGS_SAN) -o $@ $< $(B)/libverdict.a $(LIBS)

$(B)/bench/%: bench/%.c $(B)/libverdict.a
	@mkdir -p $(@D)
	$(call say,BENCH,$@)$(CC) $(TEST_CFLAGS) $(LDFLAGS_SAN) -o $@ $< $(B)/libverdict.a $(LIBS)

BENCH_BIN := $(patsubst bench/%.c,$(B)/bench/%,$(sort $(wildcard bench/bench-*.c)))

bench: $(BENCH_BIN)
	$(B)/bench/bench-spawn

unit: $(UNIT_BIN)

# Unit tests under valgrind memcheck (gcc build, no sanitizer).
valgrind: all unit
	@VD_SUMMARY=$(SUMMARY) tests/run-valgrind.sh $(B)/tests

attacks: all $(B)/tests/t-attacks
	$(B)/tests/t-attacks

# Each suite appends "passed failed" to $(SUMMARY); `check` prints the total.
SUMMARY ?= $(CURDIR)/build/check-summary

check-fast: all unit
	@VD_SUMMARY=$(SUMMARY) tests/run-unit.sh $(B)/tests
	@VD_SUMMARY=$(SUMMARY) VERDICT=$(CURDIR)/$(B)/verdict tests/t/run.sh

check-san:
	$(MAKE) check-fast SAN=address,undefined

# The README's test command: lint, then the whole suite with gcc (and its
# unit tests under valgrind), with gcc + ASan/UBSan, and with clang +
# ASan/UBSan.
check:
	@mkdir -p build && rm -f $(SUMMARY)
	$(MAKE) lint
	@VD_SUMMARY=$(SUMMARY) tests/run-pytest.sh
	$(MAKE) check-fast CC=gcc SAN=
	$(MAKE) valgrind CC=gcc SAN=
	$(MAKE) check-fast CC=gcc SAN=address,undefined
	$(MAKE) check-fast CC=clang SAN=address,undefined
	@VD_SUMMARY=$(SUMMARY) $(MAKE) fuzz-smoke
	@awk '{ p += $$1; f += $$2 } END { printf "check: %d passed, %d failed (python; C suites with gcc, valgrind, gcc+asan+ubsan, clang+asan+ubsan; fuzz)\n", p, f; exit f != 0 }' $(SUMMARY)

demo: all
	scripts/demo.sh

lint:
	tools/check-format.sh
	tools/check-banned.sh
	tools/check-headers.sh
	$(MAKE) $(B)/libverdict.so
	tools/check-symbols.sh $(B)/libverdict.so

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build bin

include tests/fuzz/fuzz.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

.PHONY: all attacks bench unit valgrind check check-fast check-san demo lint format clean
