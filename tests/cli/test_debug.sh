#!/usr/bin/env bash
# Debugging with gdb (docs/DEBUGGING.md), in API mode and ABI mode: gdb
# breaks in the server thread of examples/clientserver.c, lists the seL4
# threads by name, and prints backtraces that end at the application's own
# frames; sel4emu's gdb commands read TCBs and CSpaces; --pids tells how to
# attach to a running system.
set -u
build=${1:-build}
sel4emu=$build/sel4emu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() { # check NAME PATTERN FILE: FILE has a line matching PATTERN (grep -E)
    if grep -qE -- "$2" "$3"; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1: no line matches '$2' in:"
        sed 's/^/    /' "$3"
        failed=$((failed + 1))
    fi
}

check_not() { # check_not NAME PATTERN FILE: no line of FILE matches PATTERN
    if grep -qE -- "$2" "$3"; then
        echo "FAIL $1: a line matches '$2' in:"
        sed 's/^/    /' "$3"
        failed=$((failed + 1))
    else
        echo "PASS $1"
        passed=$((passed + 1))
    fi
}

check_last() { # check_last NAME PATTERN FILE: the last line of FILE matches PATTERN
    if tail -n 1 "$3" | grep -qE -- "$2"; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1: the last line does not match '$2':"
        sed 's/^/    /' "$3"
        failed=$((failed + 1))
    fi
}

# The frames (#N lines, elided ones included) gdb printed for one thread in `thread apply all bt`.
frames_of() { # frames_of THREAD-NAME FILE
    awk -v name="\"$1\"):" '
        /^Thread [0-9.]+ \(/ { mine = index($0, name) > 0; next }
        mine && /^ *#[0-9]+ / { print }
        /^$/ { mine = 0 }' "$2"
}

if ! command -v gdb >/dev/null 2>&1; then
    echo "FAIL gdb-installed: gdb is missing (tools/install-deps.sh installs it)"
    echo "debug: 0 passed, 1 failed"
    exit 1
fi

for mode in api abi; do
    if [ $mode = api ]; then
        cp "$build/examples/clientserver" "$tmp/clientserver-$mode"
    else
        cp "$build/examples/native_clientserver" "$tmp/clientserver-$mode"
    fi
    out=$tmp/gdb-$mode.out
    timeout 120 "$sel4emu" gdb -batch \
        -ex 'break serve' -ex run \
        -ex 'info threads' -ex bt -ex 'thread apply all bt' \
        -ex 'sel4 threads' -ex 'sel4 tcb client-b' -ex 'sel4 cspace' -ex 'sel4 faulthandler client-b' \
        -ex kill -- "$tmp/clientserver-$mode" >"$out" 2>&1
    echo "gdb exit status $?" >"$tmp/status-$mode"

    check "gdb-$mode-breaks-in-server" '^Thread [0-9.]+ "echo-server" hit Breakpoint 1, serve ' "$out"
    for name in rootserver echo-server client-b; do
        check "gdb-$mode-info-threads-$name" "^[* ] +[0-9.]+ +Thread .*\"$name\"" "$out"
    done
    # bt in the server: serve, then server, the thread's first function, and nothing after it.
    sed -n '/^#0  serve /,/^[^#]/p' "$out" | grep '^#' | head -n 5 >"$tmp/bt-$mode"
    check "gdb-$mode-bt-starts-in-serve" '^#0  serve ' "$tmp/bt-$mode"
    check_last "gdb-$mode-bt-ends-at-server" '^#[0-9]+ +(0x[0-9a-f]+ in )?server \(' "$tmp/bt-$mode"
    # A client waits inside seL4_Call: the emulator's frames fold into one, then the app's frames.
    frames_of client-b "$out" | grep -v '^    ' >"$tmp/client-$mode"
    check "gdb-$mode-client-in-kernel" '<seL4 kernel entry: emulator frames elided>' "$tmp/client-$mode"
    check "gdb-$mode-client-in-seL4_Call" ' seL4_Call \(' "$tmp/client-$mode"
    check_last "gdb-$mode-client-bt-ends-at-client" '^#[0-9]+ +(0x[0-9a-f]+ in )?client \(' "$tmp/client-$mode"
    check_not "gdb-$mode-no-corrupt-stack" 'Backtrace stopped|corrupt stack|previous frame inner' "$out"
    check_not "gdb-$mode-no-python-errors" 'Python Exception|Error occurred in Python' "$out"
    # sel4emu's commands, read from the kernel's state.
    check "gdb-$mode-sel4-threads" '^\*0x[0-9a-f]+ +echo-server +running +200 ' "$out"
    check "gdb-$mode-sel4-threads-client" '^ 0x[0-9a-f]+ +client-b +blocked on reply +100 ' "$out"
    check "gdb-$mode-sel4-tcb" '^  state: blocked on reply$' "$out"
    check "gdb-$mode-sel4-tcb-caps" '^  CSpace root: CNode 0x[0-9a-f]+ radix=13 guard=0x0 guard_size=51$' "$out"
    check "gdb-$mode-sel4-cspace-badge" '^  0x[0-9a-f]+ +Endpoint 0x[0-9a-f]+ rights=RWGR badge=0xb  parent 0x[0-9a-f]+$' "$out"
    check "gdb-$mode-sel4-cspace-root" '^  0x2 +CNode 0x[0-9a-f]+ radix=13' "$out"
    check "gdb-$mode-sel4-faulthandler" '^"client-b": fault handler CPtr 0x0 names no cap' "$out"
    check "gdb-$mode-exits" '^gdb exit status 0$' "$tmp/status-$mode"
    sleep 0.2
    if pgrep -f "$tmp/clientserver-$mode" >"$tmp/left" 2>&1; then
        echo "FAIL gdb-$mode-nothing-left: processes still running: $(cat "$tmp/left")"
        pkill -KILL -f "$tmp/clientserver-$mode"
        failed=$((failed + 1))
    else
        echo "PASS gdb-$mode-nothing-left"
        passed=$((passed + 1))
    fi
done

# gdb stops where a system goes wrong: an unhandled fault (ABI mode: after the report, in the
# faulting thread, whose backtrace reaches the image's frames) and a system with nothing left to run.
timeout 120 "$sel4emu" gdb -batch -ex run -ex 'bt -hide' -ex kill -- "$build/tests/cli/cli-backtrace-native" \
    >"$tmp/fault.out" 2>&1
check gdb-abi-stops-at-fault '^sel4emu: an seL4 fault found no handler .*stopped in the faulting thread' "$tmp/fault.out"
check gdb-abi-fault-thread '^Thread [0-9.]+ "crasher" hit Breakpoint' "$tmp/fault.out"
check gdb-abi-fault-bt '^#[0-9]+ +(0x[0-9a-f]+ in )?crash_inner \(p=(p@entry=)?0xdead000\)' "$tmp/fault.out"
check gdb-abi-fault-bt-outer '^#[0-9]+ +0x[0-9a-f]+ in crasher_main \(\)' "$tmp/fault.out"
timeout 120 "$sel4emu" gdb -batch -ex 'run reply' -ex 'sel4 threads' -ex kill -- "$build/examples/buggy_server" \
    >"$tmp/deadlock.out" 2>&1
check gdb-api-stops-at-deadlock '^sel4emu: no seL4 thread can run any more: stopped before the system ends' "$tmp/deadlock.out"
check gdb-api-deadlock-threads '^ 0x[0-9a-f]+ +client-b +blocked on reply +100 ' "$tmp/deadlock.out"
check gdb-api-deadlock-server '^ 0x[0-9a-f]+ +server +blocked on recv +200 ' "$tmp/deadlock.out"

# --pids: each process of the system says how gdb attaches to it; attach and read the kernel.
for mode in api abi; do
    if [ $mode = api ]; then
        prog=$build/tests/cli/cli-forever-api
    else
        prog=$build/tests/cli/cli-forever
    fi
    log=$tmp/pids-$mode.out
    "$sel4emu" run --pids "$prog" >"$log" 2>&1 &
    runner=$!
    pid=
    for _ in $(seq 100); do
        pid=$(sed -nE 's/^sel4emu: VSpace 0x[0-9a-f]+ \(thread "rootserver"\) is pid ([0-9]+): gdb -p .*/\1/p' "$log")
        [ -n "$pid" ] && break
        sleep 0.05
    done
    check "pids-$mode-line" '^sel4emu: VSpace 0x[0-9a-f]+ \(thread "rootserver"\) is pid [0-9]+: gdb -p [0-9]+ -x .*sel4emu_gdb\.py' "$log"
    if [ $mode = abi ]; then
        check "pids-$mode-symbols" "add-symbol-file .*cli-forever'\$" "$log"
    fi
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        timeout 60 gdb -q -batch -p "$pid" -x "$build/sel4emu_gdb.py" -ex 'sel4 threads' -ex detach \
            >"$tmp/attach-$mode.out" 2>&1
        check "pids-$mode-attach" '^.0x[0-9a-f]+ +rootserver +(running|restart|blocked on [a-z]+) ' "$tmp/attach-$mode.out"
    else
        echo "FAIL pids-$mode-attach: no root task process to attach to"
        failed=$((failed + 1))
    fi
    kill -TERM "$runner" 2>/dev/null
    wait "$runner" 2>/dev/null
done

echo "debug: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
