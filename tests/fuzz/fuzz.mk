# tests/fuzz/fuzz.mk: the libFuzzer targets and their gcc replay drivers,
# included from the top Makefile.
#
#   make fuzz          build every build/fuzz/fuzz-NAME (clang + libFuzzer,
#                      ASan, UBSan) and build/fuzz/replay-NAME (gcc, ASan,
#                      UBSan: tests/fuzz/replay.c instead of libFuzzer)
#   make fuzz-smoke    fuzz each target FUZZ_SECONDS (20) on a copy of its
#                      corpus, then replay every checked-in corpus with gcc
#   make fuzz-long     the same with FUZZ_SECONDS 150
#   make fuzz-replay   only the gcc replays of the checked-in corpora
#
# Each target is built from its own list of library sources, not from
# libverdict.a (other flags, and no sandbox or embedded images).

FUZZ_TARGETS := value json dataset samples compare
FUZZ_DIR := build/fuzz
FUZZ_CC := clang
FUZZ_REPLAY_CC := gcc
FUZZ_CFLAGS := -std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	-Wall -Wextra -Iinclude -Isrc/lib
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
# gcc sees truncation in the library's bounded snprintf calls (intended).
FUZZ_REPLAY_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-Wno-format-truncation

FUZZ_UTIL := src/lib/alloc.c src/lib/err.c src/lib/buf.c
FUZZ_SRC_value := src/lib/value.c src/lib/oracle.c $(FUZZ_UTIL)
FUZZ_SRC_json := src/lib/json.c src/lib/eval_line.c $(FUZZ_UTIL)
FUZZ_SRC_dataset := src/lib/dataset.c src/lib/json.c src/lib/file.c \
	src/lib/hash.c src/lib/lang.c $(FUZZ_UTIL)
FUZZ_SRC_samples := src/lib/samples.c $(FUZZ_SRC_dataset)
FUZZ_SRC_compare := src/lib/compare.c
FUZZ_LIBS_dataset := -lz -lcrypto
FUZZ_LIBS_samples := -lz -lcrypto
FUZZ_HDR := include/verdict.h $(wildcard src/lib/*.h)

FUZZ_BIN := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz-%)
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/replay-%)

define fuzz_rules
$(FUZZ_DIR)/fuzz-$(1): tests/fuzz/fuzz-$(1).c $$(FUZZ_SRC_$(1)) $$(FUZZ_HDR)
	@mkdir -p $$(@D)
	$$(call say,FUZZ,$$@)$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$(FUZZ_SAN) -o $$@ \
		tests/fuzz/fuzz-$(1).c $$(FUZZ_SRC_$(1)) $$(FUZZ_LIBS_$(1)) -lm

$(FUZZ_DIR)/replay-$(1): tests/fuzz/replay.c tests/fuzz/fuzz-$(1).c \
		$$(FUZZ_SRC_$(1)) $$(FUZZ_HDR)
	@mkdir -p $$(@D)
	$$(call say,REPLAY,$$@)$$(FUZZ_REPLAY_CC) $$(FUZZ_CFLAGS) \
		$$(FUZZ_REPLAY_SAN) -o $$@ tests/fuzz/replay.c \
		tests/fuzz/fuzz-$(1).c $$(FUZZ_SRC_$(1)) $$(FUZZ_LIBS_$(1)) -lm
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rules,$(t))))

fuzz: $(FUZZ_BIN) $(FUZZ_REPLAY)

fuzz-smoke: $(FUZZ_BIN) $(FUZZ_REPLAY)
	sh tests/fuzz/run.sh $(or $(FUZZ_SECONDS),20) $(FUZZ_TARGETS)

fuzz-long: $(FUZZ_BIN) $(FUZZ_REPLAY)
	sh tests/fuzz/run.sh $(or $(FUZZ_SECONDS),150) $(FUZZ_TARGETS)

fuzz-replay: $(FUZZ_REPLAY)
	@for t in $(FUZZ_TARGETS); do \
		printf 'replay-%s: ' $$t; \
		$(FUZZ_DIR)/replay-$$t tests/fuzz/corpus/$$t || exit 1; \
	done

.PHONY: fuzz fuzz-smoke fuzz-long fuzz-replay
