# spyglass — build, test, bench.
# `make` builds build/spyglass; `make test` runs unit (ASan+UBSan) and end-to-end tests.

CC      ?= gcc
BUILD   := build
CSTD    := -std=gnu11
WARN    := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes
CFLAGS  ?= -O2 -g
CFLAGS  += $(CSTD) $(WARN) -Isrc -D_GNU_SOURCE
LDLIBS  := -lbpf -lelf -lz
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC := $(sort $(wildcard src/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
SAN_OBJ := $(LIB_SRC:%.c=$(BUILD)/san/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/san/%)
DEPS_OK := $(BUILD)/.deps-ok

.PHONY: all deps test unit e2e clean bench bench-deps fuzz
all: $(BUILD)/spyglass $(BUILD)/workload

# Install missing Debian packages once; the stamp avoids dpkg queries on every build.
$(DEPS_OK): mk/deps.sh
	@mkdir -p $(BUILD)
	@sh mk/deps.sh
	@touch $@
deps:
	@sh mk/deps.sh
bench-deps:
	@sh mk/deps.sh --bench

$(BUILD)/obj/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/san/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O1 $(SAN) -MMD -MP -c $< -o $@

$(BUILD)/libspyglass.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libspyglass-san.a: $(SAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/spyglass: $(BUILD)/obj/src/main.o $(BUILD)/libspyglass.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The same binary with sanitizers, used by the end-to-end tests.
$(BUILD)/spyglass-san: $(BUILD)/san/src/main.o $(BUILD)/libspyglass-san.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

$(BUILD)/san/test_%: tests/unit/test_%.c tests/unit/test.c $(wildcard tests/unit/*.h) $(BUILD)/libspyglass-san.a
	$(CC) $(CFLAGS) -O1 $(SAN) -Itests/unit -o $@ $< tests/unit/test.c $(BUILD)/libspyglass-san.a $(LDLIBS)

# uprobe targets: the same program as a PIE and a non-PIE (fixed-address) binary.
$(BUILD)/uprobe_target: tests/uprobe_target.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fPIE -pie -o $@ $<
$(BUILD)/uprobe_target_nopie: tests/uprobe_target.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fno-pie -no-pie -o $@ $<

# Stack tests: main → st_outer → st_middle → st_inner, PIE with frame pointers
# (ustack walks them) and non-PIE without.
$(BUILD)/stack_target: tests/stack_target.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fno-omit-frame-pointer -fPIE -pie -o $@ $<
$(BUILD)/stack_target_nofp: tests/stack_target.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fomit-frame-pointer -fno-pie -no-pie -o $@ $<

# USDT target (<sys/sdt.h> probes; the semaphore probes in their own file).
$(BUILD)/usdt_target: tests/usdt_target.c tests/usdt_target_sema.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fPIE -pie -o $@ $^

# Our own shared library (PIC, frame pointers, a USDT probe with a
# semaphore), and a PIE linked against it that finds it through its RUNPATH.
$(BUILD)/libsgtest.so: tests/libsgtest.c tests/libsgtest_dup.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fPIC -fno-omit-frame-pointer -shared -Wl,-soname,libsgtest.so -o $@ $^
$(BUILD)/lib_target: tests/lib_target.c $(BUILD)/libsgtest.so | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fno-omit-frame-pointer -fPIE -pie -o $@ $< -L$(BUILD) -lsgtest \
		-Wl,-rpath,'$$ORIGIN'

# A pretend JIT runtime (code in an anonymous mapping, /tmp/perf-PID.map).
$(BUILD)/jit_target: tests/jit_target.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fno-omit-frame-pointer -fPIE -pie -o $@ $<

# Structs and arrays in user memory for the array/struct value tests.
$(BUILD)/array_target: tests/array_target.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -fPIE -pie -o $@ $<

# Deterministic workload for end-to-end tests: makes an exact number of known syscalls.
$(BUILD)/workload: tests/workload.c | $(DEPS_OK)
	$(CC) $(CFLAGS) -O1 -o $@ $<

test: $(BUILD)/spyglass $(BUILD)/spyglass-san $(BUILD)/workload $(BUILD)/uprobe_target $(BUILD)/uprobe_target_nopie $(BUILD)/usdt_target $(BUILD)/stack_target $(BUILD)/stack_target_nofp $(BUILD)/lib_target $(BUILD)/jit_target $(BUILD)/array_target $(UNIT_BIN)
	@sh tests/run.sh $(BUILD)

bench: all bench-deps
	@sh bench/run.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Fuzzing (issue 6): the compiler under clang's libFuzzer with ASan+UBSan.
# `make fuzz FUZZ_SECONDS=N` runs tests/fuzz/fuzz_compile.c for N seconds.
FUZZ_CC      := clang-14
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_OBJ     := $(LIB_SRC:%.c=$(BUILD)/fuzzobj/%.o)
$(BUILD)/.fuzz-deps-ok: mk/deps.sh
	@mkdir -p $(BUILD)
	@sh mk/deps.sh --fuzz
	@touch $@
$(BUILD)/fuzzobj/%.o: %.c | $(DEPS_OK) $(BUILD)/.fuzz-deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@
$(BUILD)/fuzz_compile: tests/fuzz/fuzz_compile.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(CFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)
fuzz: $(BUILD)/fuzz_compile
	@sh tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS)
