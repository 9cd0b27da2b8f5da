#!/usr/bin/env bash
# The sel4emu command: it runs the demo, and refuses what it cannot run with
# one clear line and a non-zero exit.
set -u
build=${1:-build}
sel4emu=$build/sel4emu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# expect NAME WANT_STATUS PATTERN COMMAND...: exit status and a line of output
# (a command still running after 60 s fails with status 124).
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    local out rc
    out=$(timeout 60 "$@" 2>&1)
    rc=$?
    if [ "$rc" -eq "$want" ] && printf '%s\n' "$out" | grep -qE -- "$pattern"; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name: exit $rc (wanted $want), output:"
        printf '%s\n' "$out" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}

# verdict NAME STATUS DETAILS OUTPUT_FILE: counts a test checked by hand (STATUS 0: passed).
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

printf 'hello' >"$tmp/text"
head -c 64 /dev/zero >"$tmp/zeros"
printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000' >"$tmp/elf32"
head -c 48 /dev/zero >>"$tmp/elf32"
cp /bin/true "$tmp/linux-program"

expect demo-runs 0 '^Goodbye\.$' "$sel4emu" run "$build/examples/hello"
expect demo-bootinfo 0 'untyped caps +\[[0-9]+, [0-9]+\)' "$sel4emu" run "$build/examples/hello"
expect demo-small-ram 0 'RAM untypeds +[0-9]+ KiB' "$sel4emu" run --ram 8M "$build/examples/hello"
expect ram-too-small 2 '^sel4emu: --ram: ' "$sel4emu" run --ram 1M "$build/examples/hello"
expect ram-not-a-size 2 '^sel4emu: --ram: ' "$sel4emu" run --ram lots "$build/examples/hello"
expect env-ram-bad 2 '^sel4emu: SEL4EMU_RAM: ' env SEL4EMU_RAM=12x "$build/examples/hello"
expect missing-file 2 '^sel4emu: .*/nope: No such file' "$sel4emu" run "$tmp/nope"
expect not-elf 2 '^sel4emu: .*: not an ELF file$' "$sel4emu" run "$tmp/text"
expect empty-elf 2 'not an ELF file$' "$sel4emu" run "$tmp/zeros"
expect elf32 2 'not a 64-bit ELF file' "$sel4emu" run "$tmp/elf32"
expect plain-linux-program 2 'position-independent executable .*seL4 root tasks are static executables' "$sel4emu" run "$tmp/linux-program"
expect directory 2 'not a regular file' "$sel4emu" run "$tmp"
expect no-program 2 '^usage: sel4emu run' "$sel4emu" run
expect unknown-option 2 'unknown option --frobnicate' "$sel4emu" run --frobnicate "$build/examples/hello"
expect unknown-command 2 "unknown command 'fly'" "$sel4emu" fly
expect halt-message 0 'Debug halt syscall from user thread 0x[0-9a-f]+ "rootserver"' "$sel4emu" run "$build/tests/cli/cli-halt"
expect halt-stops 0 '^before halt$' "$sel4emu" run "$build/tests/cli/cli-halt"
expect cap-fault-report 1 '^cap fault in send phase at address 0x8000000000000000$' "$sel4emu" run "$build/tests/cli/cli-capfault"
expect cap-fault-thread 1 '^in thread 0x[0-9a-f]+ "rootserver" at address 0x[0-9a-f]+$' "$sel4emu" run "$build/tests/cli/cli-capfault"
expect cap-fault-stops 1 'no thread can run any more' "$sel4emu" run "$build/tests/cli/cli-capfault"
expect dump-header 0 '^Dumping all tcbs!$' "$sel4emu" run "$build/tests/cli/cli-dump"
expect dump-worker 0 '^worker +	inactive +	0x0	42	0$' "$sel4emu" run "$build/tests/cli/cli-dump"
expect dump-root 0 '^rootserver +	running +	0x[0-9a-f]+	255	0$' "$sel4emu" run "$build/tests/cli/cli-dump"
expect dump-idle 0 '^idle_thread +	idle +	0x0	0	0$' "$sel4emu" run "$build/tests/cli/cli-dump"
expect dump-queue-order 0 '^   42: "queued-b" "queued-a"$' "$sel4emu" run "$build/tests/cli/cli-dump"
expect dump-running-marked 0 '^  255: \*"rootserver"$' "$sel4emu" run "$build/tests/cli/cli-dump"
expect dump-thread-state 0 '^  "worker" tcb 0x[0-9a-f]+: inactive, prio 42, mcp 0, fault handler 0x0, bound notification none$' "$sel4emu" run "$build/tests/cli/cli-dump"
expect dump-thread-running 0 '^  "rootserver" tcb 0x[0-9a-f]+: running now, prio 255, mcp 255, ' "$sel4emu" run "$build/tests/cli/cli-dump"
expect protect-kernel-fault 1 '^vm fault on data at address 0x400000000800 with status 0x6$' "$sel4emu" run "$build/tests/cli/cli-scribble"
expect protect-kernel-stops 1 'no thread can run any more' "$sel4emu" run "$build/tests/cli/cli-scribble"
expect protect-kernel-flag 1 '^vm fault on data at address 0x400000000800' "$sel4emu" run --protect-kernel "$build/tests/cli/cli-scribble"
expect protect-kernel-env 1 '^vm fault on data at address 0x400000000800' env SEL4EMU_PROTECT_KERNEL=1 "$sel4emu" run "$build/tests/cli/cli-scribble"
expect protect-kernel-help 0 '^  --no-protect-kernel$' "$sel4emu" --help
expect spawn-child-runs 0 '^child$' "$sel4emu" run "$build/tests/cli/cli-spawn_smoke"
expect spawn-child-signals 0 '^root: signalled by the child, badge 0x42$' "$sel4emu" run "$build/tests/cli/cli-spawn_smoke"
# A deleted thread's stack is the program's memory at once: the emulator is off it before Delete returns.
expect stack-reuse-after-delete 0 '^stackreuse: 30 rounds$' "$build/tests/cli/cli-stackreuse"
expect stack-reuse-after-self-delete 0 '^stackreuse: 30 rounds$' "$build/tests/cli/cli-stackreuse" self

# Fault reports: a named thread's VM fault three calls deep with no handler, in API mode and ABI mode:
# seL4's report, the registers (the faulting rip), and a backtrace naming the calls in order.
for prog in cli-backtrace cli-backtrace-native; do
    "$sel4emu" run "$build/tests/cli/$prog" >"$tmp/bt.out" 2>&1
    rc=$?
    rip=$(sed -nE 's/^in thread 0x[0-9a-f]+ "crasher" at address 0x([0-9a-f]+)$/\1/p' "$tmp/bt.out")
    calls=$(sed -nE 's/^  #[0-9]+ 0x[0-9a-f]+ in ([a-z_]+)\+0x[0-9a-f]+ \(.*\)$/\1/p' "$tmp/bt.out" | head -n 4 | tr '\n' ' ')
    [ "$rc" -eq 1 ] && [ -n "$rip" ] &&
        grep -qE '^vm fault on data at address 0xdead000 with status 0x[0-9a-f]+$' "$tmp/bt.out" &&
        grep -qE "^ +rip 0x0*$rip +rsp 0x[0-9a-f]{16} +rflags 0x[0-9a-f]{16}$" "$tmp/bt.out" &&
        grep -qE ' rdi 0x000000000dead000$' "$tmp/bt.out" &&
        grep -qE "^  #0 0x$rip in crash_inner\+0x[0-9a-f]+ \($prog\)$" "$tmp/bt.out" &&
        [ "$calls" = "crash_inner crash_middle crash_outer crasher_main " ]
    verdict "fault-report-$prog" $? "exit $rc, rip '$rip', calls '$calls'" "$tmp/bt.out"
done
# Without symbols (a stripped image) the backtrace shows raw addresses.
if strip -o "$tmp/stripped" "$build/tests/cli/cli-backtrace-native"; then
    "$sel4emu" run "$tmp/stripped" >"$tmp/strip.out" 2>&1
    rc=$?
    [ "$rc" -eq 1 ] && grep -qE '^  #0 0x[0-9a-f]+ \(stripped\)$' "$tmp/strip.out" &&
        [ "$(grep -cE '^  #[0-9]+ 0x[0-9a-f]+ \(stripped\)$' "$tmp/strip.out")" -eq 4 ] && ! grep -qE '^  #.* in ' "$tmp/strip.out"
    verdict fault-report-stripped $? "exit $rc" "$tmp/strip.out"
else
    echo "FAIL fault-report-stripped: cannot strip the image"
    failed=$((failed + 1))
fi

# alive PID: the process exists and is not a zombie (a zombie whose parent is gone may stay unreaped).
alive() {
    local stat
    stat=$(ps -o stat= -p "$1" 2>/dev/null)
    [ -n "$stat" ] && [ "${stat#Z}" = "$stat" ]
}

# wait_for FILE PATTERN [COUNT]: up to 10 s for COUNT (default 1) lines of FILE to match PATTERN.
wait_for() {
    for _ in $(seq 1 200); do
        [ "$(grep -cE -- "$2" "$1")" -ge "${3:-1}" ] && return 0
        sleep 0.05
    done
    return 1
}

# sigquit NAME STOP_SIGNAL WANT_STATUS PROGRAM: Ctrl-\ (SIGQUIT) at the monitor of a running system
# prints the dump (seL4's table, run queues, thread states) and each CSpace once; the system goes on
# (a second dump comes), the other processes ignore SIGQUIT, and STOP_SIGNAL still ends everything.
sigquit() {
    local name=$1 stop=$2 want=$3 out="$tmp/$1.out" why="" mon procs p rc
    "$sel4emu" run "$4" >"$out" 2>&1 &
    mon=$!
    wait_for "$out" '^running$' || why="never ran;"
    sleep 0.1
    procs=$(pgrep -P "$mon" | tr '\n' ' ')
    for p in $procs; do kill -QUIT "$p"; done
    kill -QUIT "$mon"
    wait_for "$out" '^CSpace of "server"' || why="$why no dump;"
    kill -QUIT "$mon"
    wait_for "$out" '^CSpace of "server"' 2 || why="$why no second dump;"
    for p in $procs; do alive "$p" || why="$why process $p ended;"; done
    kill "-$stop" "$mon"
    wait "$mon"
    rc=$?
    sleep 0.2
    for p in $procs; do alive "$p" && why="$why process $p left;"; done
    [ "$rc" -eq "$want" ] || why="$why exit $rc;"
    [ "$(grep -c '^Dumping all tcbs!$' "$out")" -eq 2 ] || why="$why not exactly two dumps;"
    [ "$(grep -c '^CSpace of ' "$out")" -eq 4 ] || why="$why not two CSpaces a dump;"
    grep -qE '^client +	blocked on send *	0x[0-9a-f]+	100	0$' "$out" || why="$why no client row;"
    grep -qE '^   50: \*"rootserver"$' "$out" || why="$why no run queue;"
    grep -qE '^  "server" tcb 0x[0-9a-f]+: blocked on recv, endpoint 0x[0-9a-f]+, prio 200, mcp 0, fault handler 0x0, bound notification 0x[0-9a-f]+$' "$out" || why="$why no server state;"
    grep -qE '^  "client" tcb 0x[0-9a-f]+: blocked on send, endpoint 0x[0-9a-f]+, badge 0x42, prio 100, mcp 0, fault handler 0x[0-9a-f]+, bound notification none$' "$out" || why="$why no client state;"
    grep -qE '^CSpace of "client", "rootserver": root CNode 0x[0-9a-f]+, radix 13, guard 0x0 of 51 bits$' "$out" || why="$why no shared CSpace;"
    grep -qE '^  0x[0-9a-f]+ +64 +cap_endpoint_cap +0x[0-9a-f]+ +rights R/W/G/GR, badge 0x42; parent 0x[0-9a-f]+$' "$out" || why="$why no badged cap;"
    grep -qE '^  0x1 +64 +cap_endpoint_cap +0x[0-9a-f]+ +rights R/W/G/GR, badge 0x7; parent 0x[0-9a-f]+ in the CSpace of "client"$' "$out" || why="$why no server cap;"
    ! grep -qiE 'core dumped|^Quit' "$out" || why="$why a process quit;"
    [ -z "$why" ]
    verdict "$name" $? "$why" "$out"
}
sigquit sigquit-dump-api TERM 143 "$build/tests/cli/cli-waiter"
sigquit sigquit-dump-abi INT 130 "$build/tests/cli/cli-waiter-native"

# SIGQUIT while the core idles (waiting for COM1 input): the idle core's waiter prints the dump; then end of input.
mkfifo "$tmp/com1"
"$sel4emu" run "$build/examples/native_serial_timer" <"$tmp/com1" >"$tmp/idle.out" 2>&1 &
sup=$!
exec 3>"$tmp/com1"
why=""
wait_for "$tmp/idle.out" 'What is your name' || why="no prompt;"
sleep 0.2
kill -QUIT "$sup"
wait_for "$tmp/idle.out" '^  idle: \*"idle_thread"$' || why="$why no dump;"
exec 3>&-
wait "$sup"
rc=$?
[ -z "$why" ] && [ "$rc" -eq 0 ] &&
    grep -qE '^  "rootserver" tcb 0x[0-9a-f]+: blocked on ntfn, notification 0x[0-9a-f]+, prio 255' "$tmp/idle.out" &&
    grep -qE '^CSpace of "rootserver": root CNode' "$tmp/idle.out" &&
    grep -qE 'cap_irq_handler_cap +0x0 +IRQ [0-9]+; parent' "$tmp/idle.out"
verdict sigquit-dump-idle $? "$why exit $rc" "$tmp/idle.out"

# seL4_DebugHalt in another VSpace's process stops the whole system, as seL4 halts: status 0, no process left.
"$build/tests/cli/cli-spawn_smoke" halt >"$tmp/halt.out" 2>&1
rc=$?
sleep 0.2
[ "$rc" -eq 0 ] && grep -qE '^Debug halt syscall from user thread 0x[0-9a-f]+ "child"$' "$tmp/halt.out" &&
    ! grep -q 'exited with status' "$tmp/halt.out" && ! pgrep -f 'cli-spawn_smoke halt' >/dev/null
verdict spawn-child-halts $? "exit $rc" "$tmp/halt.out"

# A component's process killed from outside: one line saying which and why, everything ends.
"$build/tests/cli/cli-spawn_smoke" wait >"$tmp/kill.out" 2>&1 &
root=$!
child=""
for _ in $(seq 1 100); do
    grep -q '^root: signalled' "$tmp/kill.out" && break
    sleep 0.05
done
for spawner in $(pgrep -P "$root"); do
    child=$(pgrep -P "$spawner" | head -n 1)
    [ -n "$child" ] && break
done
if [ -n "$child" ]; then
    kill -9 "$child"
fi
wait "$root"
rc=$?
sleep 0.2
[ -n "$child" ] && [ "$rc" -eq 137 ] &&
    grep -qE '^sel4emu: the process of VSpace 0x[0-9a-f]+ \(pid [0-9]+\) died: Killed$' "$tmp/kill.out" &&
    ! pgrep -P "$root" >/dev/null && ! kill -0 "$child" 2>/dev/null
verdict component-killed $? "child '$child', exit $rc" "$tmp/kill.out"

# Isolation (tests/cli/isolation.c): an attacker component's wild stores and loads, jumps, Linux system calls
# and forged cptrs each end in the fault or error seL4 gives; the victim's secret stays intact, the victim
# and the root go on, nothing reaches Linux (no write on the console, no file, no signal, the system ends
# normally) and no process is left. Run from a copy with a unique name (pgrep finds what is left) in a
# directory of its own (where the attacker's openat would create its file).
# isolation NAME GAP COMMAND...: GAP 0: every property holds (the default); GAP 1: exactly the documented
# gap of a kernel window left open (--no-protect-kernel, README.md "Isolation"): the attacker reads and writes it.
isolation() {
    local name=$1 gap=$2 dir="$tmp/$1" out="$tmp/$1.out" why="" rc want_rc line
    shift 2
    mkdir -p "$dir"
    (cd "$dir" && timeout 60 "$@" >"$out" 2>&1)
    rc=$?
    sleep 0.1
    for line in 'registers at its start \(the root wrote rip, rsp, rdi, rsi\): 0 others not 0' \
        'scribbled over its own frames: 32768 bytes, 0 read back wrong' \
        'stores outside its mappings: ([0-9]+) tried, \1 faults' 'loads outside its mappings: ([0-9]+) tried, \1 faults' \
        'stores to its read-only image: ([0-9]+) tried, \1 faults' 'jumps to addresses without its code: ([0-9]+) tried, \1 faults' \
        'Linux system calls: 12 tried, 12 UnknownSyscall faults answered by the root' \
        'calls on forged cptrs: ([0-9]+) tried, \1 faults' \
        'invocations naming forged cptrs or depths: [1-9][0-9]* tried, 0 succeeded, 0 faulted, caps gained 0' \
        'other messages on the fault endpoint: 0' 'the victim still answers, with its secret.s checksum'; do
        grep -qE "^isolation: $line: ok\$" "$out" || why="$why no '$line: ok';"
    done
    if [ "$gap" -eq 0 ]; then
        grep -qE '^isolation: loads from the kernel window: 194 tried, 194 faults: ok$' "$out" &&
            grep -qE '^isolation: stores to the kernel window: 129 tried, 129 faults: ok$' "$out" &&
            grep -qE '^isolation: the victim.s secret intact: ok$' "$out" &&
            grep -qx 'isolation: all properties held' "$out" || why="$why not all held;"
    else
        grep -qE '^isolation: loads from the kernel window: .* went through .*: FAILED$' "$out" &&
            grep -qE '^isolation: stores to the kernel window: 1 tried, 0 faults, 1 went through .*: FAILED$' "$out" &&
            grep -qE '^isolation: the victim.s secret read through the kernel window: yes: FAILED$' "$out" &&
            grep -qE '^isolation: the victim.s secret intact: FAILED$' "$out" &&
            grep -qx 'isolation: 4 properties FAILED' "$out" || why="$why not exactly the kernel window's gap;"
    fi
    want_rc=0
    case $name in *api*) want_rc=$gap ;; esac
    [ "$rc" -eq "$want_rc" ] || why="$why exit $rc;"
    ! grep -q 'ESCAPED' "$out" || why="$why a Linux write reached the console;"
    ! grep -q '^sel4emu: ' "$out" || why="$why the emulator complained;"
    [ -z "$(ls -A "$dir")" ] || why="$why files appeared: $(ls -A "$dir");"
    ! pgrep -f "$tmp/iso-" >/dev/null || why="$why processes left: $(pgrep -f "$tmp/iso-" | tr '\n' ' ');"
    [ -z "$why" ]
    verdict "$name" $? "$why" "$out"
}
cp "$build/tests/cli/cli-isolation-native" "$tmp/iso-native"
cp "$build/tests/cli/cli-isolation" "$tmp/iso-api"
isolation isolation-abi 0 "$(realpath "$sel4emu")" run "$tmp/iso-native"
isolation isolation-api 0 "$tmp/iso-api"
isolation isolation-abi-unprotected-gap 1 "$(realpath "$sel4emu")" run --no-protect-kernel "$tmp/iso-native"
isolation isolation-api-unprotected-gap 1 env SEL4EMU_PROTECT_KERNEL=0 "$tmp/iso-api"

# Ctrl-C (SIGINT) on an ABI-mode system: it ends with 128 + 2 and leaves no process behind.
"$sel4emu" run "$build/tests/cli/cli-forever" >"$tmp/int.out" 2>&1 &
sup=$!
for _ in $(seq 1 100); do
    grep -q '^running$' "$tmp/int.out" && break
    sleep 0.05
done
procs=$(pgrep -P "$sup" | tr '\n' ' ')
kill -INT "$sup"
wait "$sup"
rc=$?
sleep 0.2
left=""
for p in $procs; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
[ -n "$procs" ] && [ "$rc" -eq 130 ] && [ -z "$left" ] && ! pgrep -P "$sup" >/dev/null
verdict interrupt-ends-all $? "processes '$procs', exit $rc, left '$left'" "$tmp/int.out"

# Devices: COM1 reads a line from standard input, the PIT's 100 Hz tick paces 300 ms, in both modes
# (the example writes CR LF, as a serial console wants).
for image in serial_timer native_serial_timer; do
    expect "$image-prints" 0 '^serial_timer: hello through COM1' sh -c "echo Ada | '$sel4emu' run '$build/examples/$image'"
    expect "$image-reads-line" 0 '^What is your name\? Ada[[:space:]]*$' sh -c "echo Ada | '$sel4emu' run '$build/examples/$image'"
    expect "$image-sleeps" 0 '^Hello, Ada! 30 ticks took (29[5-9]|3[0-9][0-9]) ms by the TSC\.[[:space:]]*$' \
        sh -c "printf 'Ada\\r' | '$sel4emu' run '$build/examples/$image'"
    expect "$image-no-input" 0 'no thread can run any more' sh -c "'$sel4emu' run '$build/examples/$image' </dev/null"
done

# The syscall trace: cli-trace's trace, compared line by line with trace.expected, in API mode and (the same
# program built as a native seL4 image) in ABI mode. What varies between modes and runs (the untyped the
# program picks, its IPC buffer, code and stack addresses) it prints on the console as trace-vars, and
# normalise_trace puts names in their place.
trace_expected=$(dirname "$0")/trace.expected
normalise_trace() { # CONSOLE_OUTPUT TRACE
    local vars untyped='' bits='' ipc_buffer='' entry='' stack=''
    vars=$(grep -m1 '^trace-vars ' "$1" | sed 's/^trace-vars //')
    for v in $vars; do
        case $v in
        untyped=* | bits=* | ipc_buffer=* | entry=* | stack=*) eval "${v%%=*}=\${v#*=}" ;;
        esac
    done
    sed -e "s/service=$untyped Untyped 2^$bits,/service=<untyped>,/" -e "s/buffer=$ipc_buffer,/buffer=<ipc_buffer>,/" \
        -e "s/rip=$entry,/rip=<entry>,/" -e "s/rsp=$stack,/rsp=<stack>,/" "$2"
}
# compare_trace NAME WANT GOT: the two files are equal line by line (the diff is shown otherwise).
compare_trace() {
    diff -u "$2" "$3" >"$tmp/trace.diff"
    verdict "$1" $? "the trace differs from the expected lines (- expected, + got)" "$tmp/trace.diff"
}
# The native runtime's own first calls, before main: the TLS base and the root thread's name.
strip_native_start() { # TRACE
    local first second
    first=$(sed -n 1p "$1")
    second=$(sed -n 2p "$1")
    if [[ $first =~ ^\[rootserver\]\ seL4_SetTLSBase\(0x[0-9a-f]+\)$ ]] &&
        [ "$second" = '[rootserver] seL4_DebugNameThread(0x1 TCB "rootserver", name="rootserver")' ]; then
        tail -n +3 "$1"
    else
        echo "(the native runtime's SetTLSBase and DebugNameThread lines are missing)"
        cat "$1"
    fi
}
# trace_run NAME IMAGE OPTIONS...: runs cli-trace (API mode) or cli-trace-native (ABI mode); console output in
# $tmp/NAME.out, stderr in $tmp/NAME.err (without timeout's own warnings, seen on a loaded machine).
trace_run() {
    local name=$1 image=$2
    shift 2
    timeout 60 "$sel4emu" run "$@" "$build/tests/cli/$image" >"$tmp/$name.out" 2>"$tmp/$name.raw"
    grep -v '^timeout: warning: ' "$tmp/$name.raw" >"$tmp/$name.err"
}
trace_run trace-api cli-trace --trace
normalise_trace "$tmp/trace-api.out" "$tmp/trace-api.err" >"$tmp/trace-api.got"
compare_trace trace-api "$trace_expected" "$tmp/trace-api.got"
trace_run trace-abi cli-trace-native --trace
strip_native_start "$tmp/trace-abi.err" >"$tmp/trace-abi.body"
normalise_trace "$tmp/trace-abi.out" "$tmp/trace-abi.body" >"$tmp/trace-abi.got"
compare_trace trace-abi "$trace_expected" "$tmp/trace-abi.got"
# Filters: each shows exactly the expected lines it selects.
grep -E ' = (seL4_[A-Za-z]+ \([0-9]+\)|[A-Za-z]+: )' "$trace_expected" >"$tmp/want-errors"
grep '^\[server\] ' "$trace_expected" >"$tmp/want-server"
grep -E '^\[[^]]+\] (seL4_[A-Za-z]+\(0x[0-9a-f]+ Endpoint|<\.\.\. )' "$trace_expected" >"$tmp/want-endpoint"
for image in cli-trace cli-trace-native; do
    trace_run trace-errors $image --trace=errors
    compare_trace "$image-trace-errors" "$tmp/want-errors" "$tmp/trace-errors.err"
    trace_run trace-thread $image --trace=thread=server
    compare_trace "$image-trace-thread" "$tmp/want-server" "$tmp/trace-thread.err"
    trace_run trace-object $image --trace=object=endpoint
    compare_trace "$image-trace-object" "$tmp/want-endpoint" "$tmp/trace-object.err"
    # --trace-file: the same lines in the file, none on stderr.
    rm -f "$tmp/trace.file"
    trace_run trace-file $image --trace-file="$tmp/trace.file"
    [ "$image" = cli-trace ] && cp "$tmp/trace.file" "$tmp/trace-file.body" ||
        strip_native_start "$tmp/trace.file" >"$tmp/trace-file.body"
    normalise_trace "$tmp/trace-file.out" "$tmp/trace-file.body" >"$tmp/trace-file.got"
    cat "$tmp/trace-file.err" >>"$tmp/trace-file.got"
    compare_trace "$image-trace-file" "$trace_expected" "$tmp/trace-file.got"
done
# The environment switch of API-mode programs, seL4_DebugPutChar on request, and a bad spec.
SEL4EMU_TRACE=thread=server timeout 60 "$build/tests/cli/cli-trace" >"$tmp/trace-env.out" 2>"$tmp/trace-env.raw"
grep -v '^timeout: warning: ' "$tmp/trace-env.raw" >"$tmp/trace-env.err"
compare_trace trace-env "$tmp/want-server" "$tmp/trace-env.err"
trace_run trace-putchar cli-trace-native --trace=putchar,thread=rootserver
grep -qxF "[rootserver] seL4_DebugPutChar('t')" "$tmp/trace-putchar.err" &&
    grep -qxF "[rootserver] seL4_DebugPutChar('\\n')" "$tmp/trace-putchar.err"
verdict trace-putchar $? "no seL4_DebugPutChar lines for 't' and newline" "$tmp/trace-putchar.err"
expect trace-bad-spec 2 "^sel4emu: --trace: unknown filter 'loud' \(use 1, all, errors, putchar, thread=NAME, object=KIND\)$" "$sel4emu" run --trace=errors,loud "$build/tests/cli/cli-trace"
expect trace-bad-object 2 "^sel4emu: --trace: unknown object kind 'pipe'" "$sel4emu" run --trace=object=pipe "$build/tests/cli/cli-trace-native"
expect trace-bad-env 2 "^sel4emu: SEL4EMU_TRACE: unknown filter 'x'" env SEL4EMU_TRACE=x "$build/tests/cli/cli-trace"

expect help 0 '^usage: sel4emu run' "$sel4emu" --help

# Memory checkers on API-mode programs (docs/DEBUGGING.md). cli-appbug's worker thread runs on a stack of
# the program's, optionally in a VSpace of its own (a second process), and makes the mistake it is told to.
supp=$(cd "$(dirname "$0")/../.." && pwd)/tools/sel4emu.supp
# expect_report NAME WANT_STATUS FILE STATUS PATTERN...: a run's exit status, and every pattern in its output.
expect_report() {
    local name=$1 want=$2 file=$3 rc=$4 pattern
    shift 4
    for pattern in "$@"; do
        grep -qE -- "$pattern" "$file" || { verdict "$name" 1 "exit $rc, no line matching '$pattern'" "$file"; return; }
    done
    [ "$rc" -eq "$want" ]
    verdict "$name" $? "exit $rc (wanted $want)" "$file"
}
# The sanitizer build has AddressSanitizer everywhere; elsewhere cli-appbug-asan is an application built with
# -fsanitize=address against the ordinary libsel4emu. Either reports the heap overflow with the thread's frames.
if grep -q '^SEL4EMU_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
    asan_app=$build/tests/cli/cli-appbug
else
    asan_app=$build/tests/cli/cli-appbug-asan
fi
if [ -x "$asan_app" ]; then
    timeout 60 "$asan_app" overflow >"$tmp/asan.out" 2>&1
    expect_report asan-app-overflow 1 "$tmp/asan.out" $? 'ERROR: AddressSanitizer: heap-buffer-overflow' \
        '#0 .* in overflow_heap .*appbug\.c' '#1 .* in worker .*appbug\.c'
    expect asan-app-clean 0 '^appbug: worker done \(none\)$' "$asan_app" none
else
    echo "SKIP asan-app-*: the compiler has no AddressSanitizer"
fi
# Valgrind runs the ordinary build only (not programs built with a sanitizer). Its runs are slow to start
# (about a second each, less with little emulated RAM to map): they run side by side, unpinned, and are
# checked afterwards.
if grep -q '^SEL4EMU_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
    :
elif ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP valgrind-*: valgrind is not installed (tools/install-deps.sh installs it)"
else
    vg() {
        local out=$1
        shift
        SEL4EMU_PIN=0 SEL4EMU_RAM=16M timeout 120 valgrind --error-exitcode=99 --leak-check=full --suppressions="$supp" "$@" \
            >"$tmp/$out.out" 2>&1
        echo $? >"$tmp/$out.rc"
    }
    # Threads, IPC, the tick, the devices' threads: nothing of the emulator's is reported.
    vg clientserver "$build/examples/clientserver" &
    # Threads restarted on other stacks, stacks reused after Delete: nothing is reported either.
    vg stackreuse "$build/tests/cli/cli-stackreuse" &
    # The program's own mistake is reported, with the seL4 thread's frames.
    vg uninit "$build/tests/cli/cli-appbug" uninit &
    # A thread in a second process (another VSpace): it runs, and its mistake is reported from there.
    vg vspace "$build/tests/cli/cli-appbug" uninit vspace &
    # Separately built seL4 binaries (trapped syscalls) cannot run under valgrind: one line, exit 2.
    vg trapped "$build/examples/spawn_pingpong" &
    wait
    expect_report valgrind-clientserver 0 "$tmp/clientserver.out" "$(cat "$tmp/clientserver.rc")" \
        '^root: both clients done$' '^client A: 3 squared is 9$' 'ERROR SUMMARY: 0 errors from 0 contexts'
    # Every jump onto an seL4 thread's stack is announced to valgrind: it never has to guess.
    ! grep -q 'client switching stacks' "$tmp/clientserver.out" "$tmp/stackreuse.out"
    verdict valgrind-stack-switches $? "valgrind guessed at a stack switch" "$tmp/clientserver.out"
    expect_report valgrind-stack-reuse 0 "$tmp/stackreuse.out" "$(cat "$tmp/stackreuse.rc")" \
        '^stackreuse: redirected worker sums 2016$' '^stackreuse: 30 rounds$' 'ERROR SUMMARY: 0 errors from 0 contexts'
    expect_report valgrind-app-uninit 99 "$tmp/uninit.out" "$(cat "$tmp/uninit.rc")" '^appbug: worker done \(uninit\)$' \
        'Conditional jump or move depends on uninitialised value' 'at .*: read_uninitialised \(appbug\.c' \
        'by .*: worker \(appbug\.c' 'ERROR SUMMARY: 1 errors from 1 contexts'
    main_pid=$(sed -nE 's/^==([0-9]+)== Command: .*/\1/p' "$tmp/vspace.out" | head -n 1)
    expect_report valgrind-app-other-vspace 0 "$tmp/vspace.out" "$(cat "$tmp/vspace.rc")" \
        '^appbug: worker done \(uninit, own VSpace\)$' \
        "^==[0-9]+== Conditional jump or move depends on uninitialised value" 'by .*: worker \(appbug\.c' \
        "^==${main_pid:-x}== ERROR SUMMARY: 0 errors"
    if grep -qE "^==${main_pid:-x}== Conditional jump" "$tmp/vspace.out"; then
        verdict valgrind-app-other-vspace-process 1 "reported by the first process ($main_pid)" "$tmp/vspace.out"
    fi
    expect_report valgrind-refuses-trapped 2 "$tmp/trapped.out" "$(cat "$tmp/trapped.rc")" \
        '^sel4emu: thread "ping" runs a separately built seL4 binary, which cannot run under valgrind'
fi

# expect_image NAME REASON: `sel4emu run` on the sample image NAME (written by
# cli-mkelf) says exactly "sel4emu: FILE: REASON" on stderr, as its only
# output, and exits with status 2.
mkdir "$tmp/elf"
if ! "$build/tests/cli/cli-mkelf" "$tmp/elf"; then
    echo "FAIL mkelf: cannot write the sample images"
    failed=$((failed + 1))
fi
expect_image() {
    local name=$1 reason=$2 file="$tmp/elf/$1.elf" out err rc
    out=$("$sel4emu" run "$file" 2>"$tmp/stderr")
    rc=$?
    err=$(cat "$tmp/stderr")
    if [ "$rc" -eq 2 ] && [ -z "$out" ] && [ "$err" = "sel4emu: $file: $reason" ]; then
        echo "PASS image-$name"
        passed=$((passed + 1))
    else
        echo "FAIL image-$name: exit $rc (wanted 2), stdout:"
        printf '%s\n' "$out" | sed 's/^/    /'
        echo "  stderr:"
        printf '%s\n' "$err" | sed 's/^/    /'
        echo "  wanted on stderr:"
        echo "    sel4emu: $file: $reason"
        failed=$((failed + 1))
    fi
}

static='seL4 root tasks are static executables'
# The valid samples print "tiny" with seL4_DebugPutChar and halt, in ABI mode.
expect_runs() {
    expect "run-$1" 0 '^tiny$' "$sel4emu" run "$tmp/elf/$1.elf"
}
expect_runs valid
expect_runs valid-shared-page
expect_runs valid-tls
expect_image not-elf 'not an ELF file'
expect_image elf32 'not a 64-bit ELF file (seL4 x86_64 images are ELF64)'
expect_image big-endian 'not a little-endian ELF file (x86_64 images are little-endian)'
expect_image aarch64 'not an x86_64 ELF file (e_machine is 183; x86_64 is 62)'
expect_image pie "a position-independent executable or shared object (ET_DYN), not a static executable: $static (ET_EXEC) linked at a fixed address"
expect_image relocatable "a relocatable object file (ET_REL), not an executable: $static (ET_EXEC)"
expect_image core "a core dump (ET_CORE), not an executable: $static (ET_EXEC)"
expect_image no-type "not an executable (e_type is 0): $static (ET_EXEC)"
expect_image interp "dynamically linked (program header 2 is PT_INTERP, a program interpreter): $static"
expect_image dynamic "dynamically linked (program header 2 is PT_DYNAMIC): $static"
expect_image no-phdrs 'no loadable segment (PT_LOAD): the file has no program headers'
expect_image no-load 'no loadable segment (PT_LOAD) with bytes in memory'
expect_image empty-loads 'no loadable segment (PT_LOAD) with bytes in memory'
expect_image truncated-header 'truncated: 40 bytes, shorter than the 64-byte ELF header'
expect_image truncated-phdrs 'truncated: 3 program headers at offset 0x40 end beyond the end of the file (96 bytes)'
expect_image truncated-segment "truncated: segment 1's 0x10 bytes at file offset 0x200 end beyond the end of the file (520 bytes)"
expect_image phentsize 'program header entries are 32 bytes, not 56 as in ELF64'
expect_image phoff-range 'truncated: 3 program headers at offset 0xfffffffffffffff0 end beyond the end of the file (528 bytes)'
expect_image phnum-range 'truncated: 1000 program headers at offset 0x40 end beyond the end of the file (528 bytes)'
expect_image offset-range "truncated: segment 1's 0x10 bytes at file offset 0xfffffffffffffff8 end beyond the end of the file (528 bytes)"
expect_image filesz-gt-memsz 'segment 1 has more bytes in the file (p_filesz 0x2000) than in memory (p_memsz 0x1000)'
expect_image overlap 'segments 0 [0x400000, 0x400151) and 1 [0x400080, 0x401080) overlap in memory'
expect_image wraps 'segment 1 at 0xfffffffffffff000 with 0x2000 bytes wraps around the end of the address space'
expect_image above-top 'segment 1 [0x7ffffffff000, 0x800000000000) extends beyond seL4_UserTop (0x7ffffffff000)'
expect_image kernel-half 'segment 1 [0xffffffff80000000, 0xffffffff80001000) extends beyond seL4_UserTop (0x7ffffffff000)'
expect_image no-boot-room 'the image ends at 0x7fffffffe000, too close to seL4_UserTop (0x7ffffffff000): seL4 maps the IPC buffer and bootinfo in the two pages after the image'
expect_image page-zero 'segment 0 [0x0, 0x151) lies in page zero (below 0x1000), which seL4 images never use'
expect_image unaligned 'the image starts at 0x400010, not on a 4 KiB page boundary (seL4 requires a page-aligned lowest segment)'
expect_image entry-in-data 'the entry point 0x401200 is not inside an executable segment'
expect_image entry-outside 'the entry point 0x500000 is not inside an executable segment'
expect_image entry-past-code 'the entry point 0x400151 is not inside an executable segment'
# Native seL4 root tasks built on runtime/ run in ABI mode.
expect native-hello-runs 0 '^Hello from a native seL4 root task, "rootserver"$' "$sel4emu" run "$build/examples/native_hello"
expect native-hello-halts 0 '^Debug halt syscall from user thread 0x[0-9a-f]+ "rootserver"$' "$sel4emu" run "$build/examples/native_hello"
expect abi-options 0 '^tiny$' "$sel4emu" run --ram 64M --user-errors "$tmp/elf/valid.elf"
expect abi-env-ram-bad 2 '^sel4emu: SEL4EMU_RAM: ' env SEL4EMU_RAM=12x "$sel4emu" run "$tmp/elf/valid.elf"

# Every sample the generator wrote has a test above.
for f in "$tmp"/elf/*.elf; do
    n=$(basename "$f" .elf)
    if ! grep -qE "^expect_(image|runs) $n( |\$)" "$0"; then
        echo "FAIL image-coverage: no test for the sample $n"
        failed=$((failed + 1))
    fi
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
