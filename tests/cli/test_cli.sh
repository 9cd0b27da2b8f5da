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

# expect NAME WANT_STATUS PATTERN COMMAND...: exit status and a line of output.
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    local out rc
    out=$("$@" 2>&1)
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
expect plain-linux-program 2 'not linked with libsel4emu' "$sel4emu" run "$tmp/linux-program"
expect directory 2 'not a regular file' "$sel4emu" run "$tmp"
expect no-program 2 '^usage: sel4emu run' "$sel4emu" run
expect unknown-option 2 'unknown option --frobnicate' "$sel4emu" run --frobnicate "$build/examples/hello"
expect unknown-command 2 "unknown command 'fly'" "$sel4emu" fly
expect halt-message 0 'Debug halt syscall from user thread 0x[0-9a-f]+ "rootserver"' "$sel4emu" run "$build/tests/cli/cli-halt"
expect halt-stops 0 '^before halt$' "$sel4emu" run "$build/tests/cli/cli-halt"
expect cap-fault-report 1 '^cap fault in send phase at address 0x8000000000000000$' "$sel4emu" run "$build/tests/cli/cli-capfault"
expect cap-fault-thread 1 '^in thread 0x[0-9a-f]+ "rootserver" at address 0x[0-9a-f]+$' "$sel4emu" run "$build/tests/cli/cli-capfault"
expect cap-fault-stops 1 'no thread can run any more' "$sel4emu" run "$build/tests/cli/cli-capfault"
expect help 0 '^usage: sel4emu run' "$sel4emu" --help

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
