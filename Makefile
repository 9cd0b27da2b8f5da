# Entry points: `make`, `make demo`, `make test`. CMake does the building.
BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
SECONDS    ?= 60
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS  += --no-print-directory

.PHONY: all sanitize deps demo test test-fast bench fuzz clean

all: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

sanitize: deps
	@cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DSEL4EMU_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_SAN) -j $(JOBS)

demo: all
	@$(BUILD)/sel4emu run $(BUILD)/examples/hello

# Every test: unit tests of the kernel core, the conformance suite in API mode,
# and both again built with AddressSanitizer and UndefinedBehaviorSanitizer;
# then the kernel fuzzer for 60 s (built with clang in $(BUILD_FUZZ)).
test: all sanitize
	@tests/run-all.sh --fuzz $(BUILD_FUZZ) $(BUILD) $(BUILD_SAN)

test-fast: all
	@tests/run-all.sh $(BUILD)

# Benchmarks, never timed tests: figures next to the Linux floor of the same run.
bench: all
	@$(BUILD)/sel4emu run $(BUILD)/bench/ipc-bench
	@$(BUILD)/bench/abi-bench-driver $(BUILD)/sel4emu $(BUILD)/bench/native-ipc-bench
	@bench/idle_cpu.sh $(BUILD)/sel4emu $(BUILD)/examples/serial_timer $(BUILD)/examples/native_serial_timer
	@$(BUILD)/sel4emu run --ram 4G $(BUILD)/bench/limits-bench
	@$(BUILD)/sel4emu run --ram 4G $(BUILD)/bench/native-limits-bench

# The kernel fuzzer for SECONDS (default 60): tests/fuzz/run-fuzz.sh.
fuzz: deps
	@tests/fuzz/run-fuzz.sh $(BUILD_FUZZ) $(SECONDS)

deps:
	@tools/install-deps.sh

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)
