#!/usr/bin/env bash
# Builds the kernel fuzzer (tests/fuzz/fuzz_kernel.c) with clang, libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer in its own build
# directory, runs it for a number of seconds over a scratch copy of the seed
# corpus, and ends with one line:
#     fuzz execs=N crashes=N invariant_failures=N
# after one with the executions per second. Exits non-zero on a crash or a
# broken invariant (the input is kept in BUILD_DIR/fuzz-artifacts/ and the
# line to replay it is printed), or when clang with libFuzzer is missing and
# cannot be installed.
#
#   tests/fuzz/run-fuzz.sh [--suite] [BUILD_DIR [SECONDS]]    (build-fuzz, 60)
#
# --suite: also print "fuzz: N passed, N failed" (one test) for tests/run-all.sh.
set -u
cd "$(dirname "$0")/../.."

suite=0
if [ "${1:-}" = --suite ]; then
    suite=1
    shift
fi
build=${1:-build-fuzz}
secs=${2:-60}
jobs=$(nproc 2>/dev/null || echo 2)

# summary EXECS CRASHES INVARIANT_FAILURES [NOT_RUN]: the closing lines, and the exit status.
summary() {
    local failed=0
    if [ "$2" -ne 0 ] || [ "$3" -ne 0 ] || [ -n "${4:-}" ]; then
        failed=1
    fi
    if [ "$suite" -eq 1 ]; then
        echo "fuzz: $((1 - failed)) passed, $failed failed"
    fi
    echo "fuzz execs=$1 crashes=$2 invariant_failures=$3"
    exit "$failed"
}

# not_run REASON: the fuzzer could not run at all; that is a failure, never a pass.
not_run() {
    echo "fuzz: $1"
    summary 0 0 0 not-run
}

fuzzer_runtime() {
    command -v clang >/dev/null 2>&1 || return 1
    local dir
    dir=$(clang --print-runtime-dir 2>/dev/null) || return 1
    [ -f "$dir/libclang_rt.fuzzer-x86_64.a" ] || [ -f "$dir/libclang_rt.fuzzer.a" ]
}

if ! fuzzer_runtime; then
    tools/install-deps.sh fuzz || true
fi
fuzzer_runtime || not_run "not run: clang with libFuzzer is missing and could not be installed (Debian packages clang and libclang-rt-dev; tools/install-deps.sh fuzz needs root or sudo)"

log=$(mktemp)
if ! cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEL4EMU_FUZZ=ON \
        >"$log" 2>&1 || ! cmake --build "$build" --target kernel-fuzz -j "$jobs" >>"$log" 2>&1; then
    tail -n 30 "$log"
    rm -f "$log"
    not_run "building the fuzzer in $build failed"
fi
rm -f "$log"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp tests/fuzz/corpus/* "$work/corpus/"
seeds=$(ls "$work/corpus" | wc -l)

# -timeout: one input that runs this long is a hang (reported as a crash).
"$build/tests/fuzz/kernel-fuzz" -max_total_time="$secs" -timeout=20 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/log" 2>&1
rc=$?

stat() {
    sed -n "s/^stat::$1: *\([0-9]*\).*/\1/p" "$work/log" | tail -n 1
}
execs=$(stat number_of_executed_units)
if [ -z "$execs" ]; then
    execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$work/log" | tail -n 1)
fi
execs=${execs:-0}
per_sec=$(stat average_exec_per_sec)
elapsed=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/log" | tail -n 1)
if [ -z "$per_sec" ] && [ -n "$elapsed" ] && [ "$elapsed" -gt 0 ]; then
    per_sec=$((execs / elapsed))
fi
corpus=$(ls "$work/corpus" | wc -l)

invariant_failures=$(grep -c '^INVARIANT FAILURE' "$work/log")
artifacts=$(ls "$work/artifacts" | wc -l)
crashes=$((artifacts - invariant_failures))
[ "$crashes" -lt 0 ] && crashes=0
if [ "$rc" -ne 0 ] && [ "$artifacts" -eq 0 ]; then
    crashes=1 # died without leaving an input
fi

echo "fuzz: ${per_sec:-?} execs/s over ${secs} s; corpus ${seeds} seeds -> ${corpus} inputs"
if [ "$crashes" -ne 0 ] || [ "$invariant_failures" -ne 0 ]; then
    keep="$build/fuzz-artifacts"
    mkdir -p "$keep"
    cp "$work"/artifacts/* "$keep/" 2>/dev/null
    grep -E -A 30 '^INVARIANT FAILURE|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:|deadly signal' \
        "$work/log" | head -n 60
    for a in "$work"/artifacts/*; do
        [ -e "$a" ] || continue
        echo "fuzz: input kept: $keep/$(basename "$a")"
        echo "fuzz: replay it with: FUZZ_VERBOSE=1 build/tests/fuzz/kernel-fuzz-replay $keep/$(basename "$a")"
    done
    [ "$artifacts" -eq 0 ] && tail -n 30 "$work/log"
fi
summary "$execs" "$crashes" "$invariant_failures"
