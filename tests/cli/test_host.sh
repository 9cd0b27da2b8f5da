#!/usr/bin/env bash
# Host faults: what Linux may do to a running system (a process killed, memory that cannot be had, a
# closed console) and Linuxes that lack what sel4emu needs. Each ends with one clear line, a clean
# shutdown and an exit status saying so, and leaves no process behind.
set -u
build=${1:-build}
sel4emu=$(realpath "$build/sel4emu")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
sanitized=false
grep -q '^SEL4EMU_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null && sanitized=true

# verdict NAME STATUS DETAILS OUTPUT_FILE: counts a test (STATUS 0: passed).
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

# Copies of the programs under names of their own: whatever is left running shows in pgrep -f.
for p in examples/hello examples/native_hello examples/spawn_pingpong examples/native_spawn_pingpong \
    tests/cli/cli-spawn_smoke tests/cli/cli-forever tests/cli/cli-forever-api tests/cli/cli-maplimit; do
    cp "$build/$p" "$tmp/host-$(basename "$p")"
done
deny=$build/tests/cli/cli-deny

# finish PID: waits up to 20 s for the background process PID and gives its exit status; one still
# running then is killed (status 124).
finish() {
    local i
    for i in $(seq 1 400); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$1" 2>/dev/null; then
        kill -9 "$1"
        wait "$1" 2>/dev/null
        return 124
    fi
    wait "$1" 2>/dev/null
}

# left: the programs' processes still there (zombies too), after a moment to go.
left() {
    sleep 0.2
    pgrep -f "$tmp/host-" | tr '\n' ' '
}

# one_line NAME WANT_STATUS PATTERN COMMAND...: the command exits with WANT_STATUS, its only output
# is one line matching PATTERN, and no process is left.
one_line() {
    local name=$1 want=$2 pattern=$3 out="$tmp/$1.out" rc why=""
    shift 3
    timeout 60 "$@" >"$out" 2>&1
    rc=$?
    [ "$rc" -eq "$want" ] || why="exit $rc (wanted $want);"
    [ "$(wc -l <"$out")" -eq 1 ] && grep -qE -- "$pattern" "$out" || why="$why not one line matching '$pattern';"
    [ -z "$(left)" ] || why="$why processes left: $(left);"
    [ -z "$why" ]
    verdict "$name" $? "$why" "$out"
}

# ---- a Linux without what sel4emu needs: refused at start, before anything runs ----
needs='; sel4emu needs Linux 5\.11 or later on x86_64$'
no_sud='cannot trap system calls with Syscall User Dispatch \(prctl\(PR_SET_SYSCALL_USER_DISPATCH\): Invalid argument\)'
one_line no-sud-abi 2 "^sel4emu: this Linux \([^)]+\) $no_sud$needs" \
    "$deny" sud "$sel4emu" run "$tmp/host-native_hello"
one_line no-memfd-abi 2 "^sel4emu: this Linux \([^)]+\) has no memfd_create \(Function not implemented\)$needs" \
    "$deny" memfd "$sel4emu" run "$tmp/host-native_hello"
one_line no-memfd-api 2 "^sel4emu: this Linux \([^)]+\) has no memfd_create \(Function not implemented\)$needs" \
    "$deny" memfd "$tmp/host-hello"
# API mode traps only other VSpaces' threads: a program without any runs; one with a child stops
# before the child's process starts.
"$deny" sud "$tmp/host-hello" >"$tmp/no-sud-api.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -qx 'Goodbye.' "$tmp/no-sud-api.out" && ! grep -q '^sel4emu:' "$tmp/no-sud-api.out"
verdict no-sud-api-runs $? "exit $rc" "$tmp/no-sud-api.out"
one_line no-sud-api-child 2 "^sel4emu: cannot run the threads of another VSpace: this Linux \([^)]+\) $no_sud$needs" \
    "$deny" sud "$tmp/host-cli-spawn_smoke"

# ---- host memory for the emulated RAM ----
ram='^sel4emu: out of host memory for the emulated RAM: '
for mode in abi api; do
    if [ $mode = abi ]; then run=("$sel4emu" run "$tmp/host-native_hello"); else run=("$tmp/host-hello"); fi
    one_line "ram-file-size-limit-$mode" 2 "${ram}cannot make its memfd 256 MiB: File too large \(the file size limit, ulimit -f, is 1000 KiB\)$" \
        bash -c 'ulimit -f 1000 && exec "$@"' - "${run[@]}"
    one_line "ram-open-files-limit-$mode" 2 '^sel4emu: cannot create the emulated RAM: memfd_create: Too many open files$' \
        bash -c 'ulimit -n 4 && exec "$@"' - "${run[@]}"
    # AddressSanitizer cannot run under ulimit -v at all.
    $sanitized || one_line "ram-address-space-limit-$mode" 2 \
        "${ram}cannot map its 256 MiB into the kernel window: Cannot allocate memory \(ulimit -v is 200000 KiB\)$" \
        bash -c 'ulimit -v 200000 && exec "$@"' - "${run[@]}"
done

# The RAM's pages go away under a running system (the same SIGBUS as a page the host cannot allocate):
# the RAM memfd cut to nothing from outside, through /proc.
for mode in abi api; do
    out="$tmp/ram-lost-$mode.out"
    if [ $mode = abi ]; then
        "$sel4emu" run "$tmp/host-cli-forever" >"$out" 2>&1 &
    else
        "$tmp/host-cli-forever-api" >"$out" 2>&1 &
    fi
    mon=$!
    why=""
    for _ in $(seq 1 200); do grep -q '^running$' "$out" && break; sleep 0.05; done
    fd=$(ls -l "/proc/$mon/fd" 2>/dev/null | sed -nE 's|.* ([0-9]+) -> /memfd:sel4emu-ram.*|\1|p' | head -n 1)
    if [ -n "$fd" ]; then truncate -s 0 "/proc/$mon/fd/$fd" || why="cannot truncate;"; else why="no memfd;"; fi
    finish "$mon"
    rc=$?
    [ "$rc" -eq 2 ] || why="$why exit $rc;"
    grep -v '^running$' "$out" >"$out.rest"
    [ "$(wc -l <"$out.rest")" -eq 1 ] &&
        grep -qE "${ram}no page for (physical address 0x[0-9a-f]+|a frame at 0x[0-9a-f]+ in the process of pid [0-9]+) \(its memfd was cut to 0 of 268435456 bytes\); stopping$" "$out.rest" ||
        why="$why not the one line;"
    [ -z "$(left)" ] || why="$why processes left: $(left);"
    [ -z "$why" ]
    verdict "ram-lost-$mode" $? "$why" "$out"
done

# Mappings: Linux refuses one more (the address space limit): one line, not an seL4 error.
if ! $sanitized; then
    out="$tmp/map-limit.out"
    timeout 60 "$tmp/host-cli-maplimit" >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 2 ] && grep -q '^mapped 0$' "$out" && ! grep -q '^maplimit:' "$out" &&
        [ "$(grep -c '^sel4emu:' "$out")" -eq 1 ] &&
        grep -qE '^sel4emu: out of host memory: cannot map the frame at 0x3100[0-9a-f]+ \(2048 KiB\) in the process of pid [0-9]+: Cannot allocate memory \(its address space is limited by ulimit -v, [0-9]+ KiB, and vm.max_map_count\); stopping$' "$out" &&
        [ -z "$(left)" ]
    verdict map-address-space-limit $? "exit $rc, left '$(left)'" "$out"
fi

# ---- processes killed from outside ----
# kill_one NAME WANT_STATUS PATTERN VICTIM COMMAND...: starts COMMAND, waits for its "running" line
# (or spawn_smoke's), kills one of its processes with SIGKILL (VICTIM: vspace, the process of a
# VSpace, not the monitor's; spawner, API mode's; monitor, the one started), and checks the lines
# after it: PATTERN (or none, for the monitor), the exit status, no process left.
kill_one() {
    local name=$1 want=$2 pattern=$3 victim=$4 out="$tmp/$1.out" mon pid="" rc why="" kids p
    shift 4
    "$@" >"$out" 2>&1 &
    mon=$!
    for _ in $(seq 1 200); do grep -qE '^(running|root: signalled.*)$' "$out" && break; sleep 0.05; done
    sleep 0.1
    kids=$(pgrep -P "$mon" | tr '\n' ' ')
    case $victim in
    monitor) pid=$mon ;;
    spawner) pid=${kids%% *} ;;
    vspace)
        # ABI mode: the supervisor's children; API mode: the spawner's
        for p in $kids; do
            [ -n "$(pgrep -P "$p")" ] && pid=$(pgrep -P "$p" | head -n 1) && break
        done
        [ -z "$pid" ] && pid=${kids%% *}
        ;;
    esac
    if [ -n "$pid" ]; then kill -9 "$pid"; else why="no process to kill;"; fi
    finish "$mon"
    rc=$?
    [ "$rc" -eq "$want" ] || why="$why exit $rc (wanted $want);"
    grep -vE '^(running|child|root: signalled by the child, badge 0x42)$' "$out" >"$out.rest"
    if [ -n "$pattern" ]; then
        [ "$(wc -l <"$out.rest")" -eq 1 ] && grep -qE -- "$pattern" "$out.rest" || why="$why not one line matching '$pattern';"
    else
        [ ! -s "$out.rest" ] || why="$why output after the kill;"
    fi
    [ -z "$(left)" ] || why="$why processes left: $(left);"
    [ -z "$why" ]
    verdict "$name" $? "$why" "$out"
}
died='^sel4emu: the process of VSpace 0x[0-9a-f]+ \(pid [0-9]+\) died: Killed$'
kill_one killed-vspace-abi 137 "$died" vspace "$sel4emu" run "$tmp/host-cli-forever"
kill_one killed-vspace-api 137 "$died" vspace "$tmp/host-cli-spawn_smoke" wait
kill_one killed-spawner-api 137 '^sel4emu: the spawner process \(pid [0-9]+\), which starts and reaps the VSpaces. processes, died: Killed$' \
    spawner "$tmp/host-cli-spawn_smoke" wait
kill_one killed-monitor-abi 137 '' monitor "$sel4emu" run "$tmp/host-cli-forever"
kill_one killed-monitor-api 137 '' monitor "$tmp/host-cli-spawn_smoke" wait

# The console goes away: standard output a pipe whose reader has exited. The process that writes next
# dies of SIGPIPE, as any Linux program would: in ABI mode the root task's process, which is said in one
# line, in API mode the program itself, which has nobody to say it; either way nothing is left.
exec 4> >(:)
wait $!
for mode in abi api; do
    out="$tmp/console-closed-$mode.out"
    if [ $mode = abi ]; then
        timeout 60 "$sel4emu" run "$tmp/host-native_spawn_pingpong" >&4 2>"$out"
    else
        timeout 60 "$tmp/host-spawn_pingpong" >&4 2>"$out"
    fi
    rc=$?
    if [ $mode = abi ]; then
        [ "$(wc -l <"$out")" -eq 1 ] && grep -qE '^sel4emu: the process of VSpace 0x[0-9a-f]+ \(pid [0-9]+\) died: Broken pipe$' "$out"
    else
        [ ! -s "$out" ]
    fi
    ok=$?
    [ "$ok" -eq 0 ] && [ "$rc" -eq 141 ] && [ -z "$(left)" ]
    verdict "console-closed-$mode" $? "exit $rc, left '$(left)'" "$out"
done
exec 4>&-

# ---- /dev/shm: sel4emu does not use it (its RAM is a memfd, on the kernel's own internal mount), so a
# full /dev/shm changes nothing. Needs a mount namespace of its own (unshare -rm): else skipped.
out="$tmp/dev-shm-full.out"
if unshare -rm true 2>/dev/null; then
    unshare -rm bash -c 'mount -t tmpfs -o size=16k none /dev/shm && ! head -c 65536 /dev/zero >/dev/shm/fill 2>/dev/null &&
        "$1" run "$2" && "$3"' - "$sel4emu" "$tmp/host-native_hello" "$tmp/host-hello" >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] && grep -q '^Hello from a native seL4 root task' "$out" && grep -qx 'Goodbye.' "$out"
    verdict dev-shm-full $? "exit $rc" "$out"
else
    echo "SKIP dev-shm-full: no mount namespaces here (unshare -rm)"
fi

echo "host: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
