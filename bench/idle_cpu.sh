#!/usr/bin/env bash
# idle_cpu: the host CPU an idle emulated system uses. The serial_timer
# example (API mode, and natively under `sel4emu run`) waits for a line on
# COM1 with its receive interrupt on and standard input open but silent:
# every seL4 thread is blocked, the COM1 reader waits in read(2), the device
# timer has nothing armed. Over 5 s this sums the CPU time of every process
# of the system (/proc/PID/stat utime + stime) and prints
#
#   bench idle_cpu_api percent=P
#   bench idle_cpu_abi percent=P
#
# Usage: idle_cpu.sh SEL4EMU API_PROGRAM NATIVE_PROGRAM
set -u
sel4emu=$1 api=$2 native=$3
hz=$(getconf CLK_TCK)

# cpu_ticks PID...: utime + stime of those processes and their threads
cpu_ticks() {
    local total=0 pid f
    for pid in "$@"; do
        for f in /proc/"$pid"/task/*/stat; do
            [ -r "$f" ] || continue
            # fields 14 and 15, after the command name in parentheses
            total=$((total + $(sed -E 's/^.*\) //' "$f" | awk '{print $12 + $13}')))
        done
    done
    echo "$total"
}

measure() {
    local name=$1; shift
    local fifo
    fifo=$(mktemp -u)
    mkfifo "$fifo"
    "$@" <"$fifo" >/dev/null 2>&1 &
    local runner=$!
    exec 9>"$fifo" # keep standard input open and silent
    sleep 1
    local pids
    pids=$(pgrep -g "$(ps -o pgid= $runner | tr -d ' ')" 2>/dev/null || echo $runner)
    local t0 t1
    t0=$(cpu_ticks $pids)
    sleep 5
    t1=$(cpu_ticks $pids)
    echo "Ada" >&9
    exec 9>&-
    wait $runner 2>/dev/null
    rm -f "$fifo"
    awk -v d=$((t1 - t0)) -v hz="$hz" -v n="$name" 'BEGIN { printf "bench %s percent=%.2f\n", n, 100 * d / hz / 5 }'
}

measure idle_cpu_api "$sel4emu" run "$api"
measure idle_cpu_abi "$sel4emu" run "$native"
