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
expect protect-kernel-fault 1 '^vm fault on data at address 0x400000000800 with status 0x6$' "$sel4emu" run --protect-kernel "$build/tests/cli/cli-scribble"
expect protect-kernel-stops 1 'no thread can run any more' "$sel4emu" run --protect-kernel "$build/tests/cli/cli-scribble"
expect protect-kernel-env 1 '^vm fault on data at address 0x400000000800' env SEL4EMU_PROTECT_KERNEL=1 "$sel4emu" run "$build/tests/cli/cli-scribble"
expect spawn-child-runs 0 '^child$' "$sel4emu" run "$build/tests/cli/cli-spawn_smoke"
expect spawn-child-signals 0 '^root: signalled by the child, badge 0x42$' "$sel4emu" run "$build/tests/cli/cli-spawn_smoke"
# A deleted thread's stack is the program's memory at once: the emulator is off it before Delete returns.
expect stack-reuse-after-delete 0 '^stackreuse: 30 rounds$' "$build/tests/cli/cli-stackreuse"
expect stack-reuse-after-self-delete 0 '^stackreuse: 30 rounds$' "$build/tests/cli/cli-stackreuse" self

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
