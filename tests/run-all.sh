#!/usr/bin/env bash
# Runs every test suite of each build directory given and adds up their
# closing "N passed, N failed" lines into one. Exits non-zero if anything
# failed or a suite did not finish.
#   tests/run-all.sh [--fuzz FUZZ_BUILD_DIR] BUILD_DIR...
# --fuzz: at the end, the kernel fuzzer for 60 s (tests/fuzz/run-fuzz.sh), one suite.
set -u
cd "$(dirname "$0")/.."

total_passed=0
total_failed=0
fuzz_build=
if [ "${1:-}" = --fuzz ]; then
    fuzz_build=$2
    shift 2
fi

# run_suite NAME COMMAND...: runs one suite, echoes its output, counts its result.
run_suite() {
    local name=$1
    shift
    local out rc line
    out=$(timeout 300 "$@" 2>&1)
    rc=$?
    printf '%s\n' "$out" | sed "s|^|[$name] |"
    line=$(printf '%s\n' "$out" | grep -E '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    if [ -z "$line" ]; then
        echo "[$name] suite did not finish (exit $rc): counted as one failure"
        total_failed=$((total_failed + 1))
        return
    fi
    local p f
    p=$(printf '%s' "$line" | sed -E 's/^([A-Za-z0-9_-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
    f=$(printf '%s' "$line" | sed -E 's/^([A-Za-z0-9_-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "[$name] exited with $rc although no test failed: counted as one failure"
        total_failed=$((total_failed + 1))
    fi
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for build in "$@"; do
    tag=$(basename "$build")
    run_suite "headers/$tag" "$build/tests/headers/sel4emu_header_checks"
    run_suite "unit/$tag" "$build/tests/unit/kernel-unit-tests"
    run_suite "vspace/$tag" "$build/tests/unit/vspace-unit-tests"
    run_suite "elf/$tag" "$build/tests/unit/elf-unit-tests"
    run_suite "devices/$tag" "$build/tests/unit/devices-unit-tests"
    run_suite "unwind/$tag" "$build/tests/unit/unwind-unit-tests"
    run_suite "window/$tag" "$build/tests/unit/window-unit-tests"
    run_suite "api-vspace/$tag" "$build/sel4emu" run "$build/tests/unit/api-vspace-tests"
    run_suite "conformance-api/$tag" "$build/sel4emu" run "$build/tests/conformance/sel4emu-conformance"
    run_suite "conformance-abi/$tag" "$build/sel4emu" run "$build/tests/conformance/sel4emu-conformance-native"
    run_suite "conformance-abi-unprotected/$tag" "$build/sel4emu" run --no-protect-kernel "$build/tests/conformance/sel4emu-conformance-native"
    run_suite "cli/$tag" tests/cli/test_cli.sh "$build"
    run_suite "debug/$tag" tests/cli/test_debug.sh "$build"
    run_suite "limits/$tag" tests/cli/test_limits.sh "$build"
    run_suite "host/$tag" tests/cli/test_host.sh "$build"
    run_suite "runtime/$tag" "$build/tests/runtime/sud-runner" "$build/tests/runtime/native-rt-tests"
    run_suite "fuzz-corpus/$tag" "$build/tests/fuzz/kernel-fuzz-replay" tests/fuzz/corpus
done
if [ -n "$fuzz_build" ]; then
    run_suite fuzz tests/fuzz/run-fuzz.sh --suite "$fuzz_build" 60
fi

echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
