#!/usr/bin/env bash
# Limits (README "Limits"): the limits program (tests/cli/limits.c) at a
# small size in both modes: 1,000 threads, 131,072 capability slots, 4,096
# separate page mappings and 4 GiB of RAM of which it touches a few pages.
# It checks what it does and that per-item costs do not grow with the
# number of items; here its figures are checked too, and the host limits
# that sel4emu cannot raise end a run with one clear line.
set -u
build=$(cd "${1:-build}" && pwd) # absolute: leftovers are looked for by this build's paths
sel4emu=$build/sel4emu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# verdict NAME STATUS DETAILS OUTPUT_FILE: STATUS 0 passes.
verdict() {
    if [ "$2" -eq 0 ]; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1: $3, output:"
        sed 's/^/    /' "$4"
        failed=$((failed + 1))
    fi
}

# figure FILE LINE KEY: the value of KEY= on the "bench limits_LINE" line.
figure() {
    sed -n "s/^bench limits_$2 .*\\b$3=\\([0-9]*\\).*/\\1/p" "$1" | head -n 1
}

# no_leftovers NAME: no process of this build's programs is still running (any left is killed).
no_leftovers() {
    local pids
    sleep 0.2
    pids=$(pgrep -f "$build/tests/cli/cli-(limits|bigimage)")
    if [ -n "$pids" ]; then
        echo "FAIL $1: processes left running:"
        ps -o pid=,args= -p "$(echo $pids | tr ' ' ,)" | sed 's/^/    /'
        failed=$((failed + 1))
        kill -KILL $pids 2>/dev/null
    fi
}

# limits MODE PROGRAM: one full run at the test size, then what it did.
limits() {
    local mode=$1 out="$tmp/$1.out" rc
    timeout 120 "$sel4emu" run --ram 4G "$2" >"$out" 2>&1
    rc=$?
    grep -q '^limits: ok$' "$out" && [ "$rc" -eq 0 ]
    verdict "limits-$mode" $? "exit $rc, wanted 0 and 'limits: ok'" "$out"
    grep -E '^bench ' "$out" | sed "s/^/    [$mode] /"
    [ "$rc" -eq 0 ] || { no_leftovers "limits-$mode-leftovers"; return; }
    grep -q '^limits: 1000 threads deleted, 1000 new ones ran and blocked$' "$out"
    verdict "limits-$mode-threads" $? "not every thread ran" "$out"
    grep -q '^limits: 131072 slots filled, copied, revoked, filled and deleted$' "$out"
    verdict "limits-$mode-slots" $? "not every slot" "$out"
    local mib
    mib=$(figure "$out" ram mapped_mib)
    [ -n "$mib" ] && [ "$mib" -ge 4000 ]
    verdict "limits-$mode-4g-mapped" $? "wanted over 4000 MiB of RAM in mapped frames, got '$mib'" "$out"
    no_leftovers "limits-$mode-leftovers"
}

limits api "$build/tests/cli/cli-limits"
limits abi "$build/tests/cli/cli-limits-native"

# API mode shows what the host pays: 4 GiB mapped, a few MiB of RAM touched; threads cost a few pages each.
out="$tmp/api.out"
ram=$(figure "$out" host ram_kib)
rss=$(figure "$out" host_per_thread rss_kib)
[ -n "$ram" ] && [ "$ram" -lt 131072 ]
verdict limits-api-ram-sparse $? "wanted under 128 MiB of the RAM memfd used, got '$ram' KiB" "$out"
[ -n "$rss" ] && [ "$rss" -lt 256 ]
verdict limits-api-rss-per-thread $? "wanted under 256 KiB of resident memory per thread, got '$rss' KiB" "$out"

# A big sparse RAM boots and costs nothing until used.
out="$tmp/64g.out"
timeout 60 "$sel4emu" run --ram 64G "$build/examples/hello" >"$out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q '^Goodbye\.$' "$out"
verdict limits-ram-64g $? "exit $rc" "$out"

# An image with more frames than the root CNode has slots: refused at boot, as seL4 would.
out="$tmp/big.out"
timeout 60 "$sel4emu" run "$build/tests/cli/cli-bigimage" >"$out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l <"$out")" -eq 1 ] &&
    grep -q "cannot boot: the root task's image needs more frame and paging caps than the root CNode's 2^13 slots hold" "$out"
verdict limits-image-too-big $? "exit $rc, wanted 2 and one line" "$out"
no_leftovers limits-image-too-big-leftovers

# Host limits: with too little address space for its host threads, a run ends with one line, status 2.
# (Not with AddressSanitizer, which cannot start under a small ulimit -v.)
if ! nm "$sel4emu" 2>/dev/null | grep -q __asan_init; then
    for mode in api abi; do
        prog=$build/tests/cli/cli-limits
        [ "$mode" = abi ] && prog=$build/tests/cli/cli-limits-native
        out="$tmp/ulimit-$mode.out"
        (ulimit -v 600000 && timeout 60 "$sel4emu" run "$prog" >"$out" 2>&1)
        rc=$?
        [ "$rc" -eq 2 ] && [ "$(grep -c '^sel4emu: ' "$out")" -eq 1 ] &&
            grep -qE '^sel4emu: cannot .*host thread.*: .*\(a limit of the host: .*\); stopping$' "$out"
        verdict "limits-host-threads-$mode" $? "exit $rc, wanted 2 and one line naming the host's limits" "$out"
        no_leftovers "limits-host-threads-$mode-leftovers"
    done
fi

echo "limits: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
