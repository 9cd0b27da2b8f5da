/*
 * ipc_rt_cross_as_abi, the host side: measures on this CPU, in this run, the
 * TSC frequency, the cross-process futex floor and one Syscall User Dispatch
 * trap, then runs the native benchmark under `sel4emu run --no-protect-kernel`
 * (the kernel window open to user code: the hand-over alone) and reports
 *
 *   bench ipc_rt_cross_as_abi median_ns=N floor_ns=N ratio=R budget_ns=B
 *
 * where the budget is the floor plus two trap round trips (both sides of the
 * round trip trap); then the same as sel4emu runs by default, with the kernel
 * window closed to user code (two mprotect calls per kernel entry), as
 *
 *   bench ipc_rt_cross_as_abi_protected median_ns=N floor_ns=N ratio=R
 *
 * and, for scale, the least any Syscall User Dispatch emulator can reach: the
 * same ping-pong with both sides trapped and nothing but the hand-over done
 * in their handlers (floor.h), with the ABI round trip's ratio to it:
 *
 *   bench sud_floor_cross_as median_ns=N abi_ratio=R
 *
 * Usage: abi_driver SEL4EMU NATIVE_BENCH
 */
#define _GNU_SOURCE
#include "floor.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

static double tsc_per_ns(void)
{
    uint64_t t0 = bench_now_ns(), c0 = __builtin_ia32_rdtsc();
    while (bench_now_ns() - t0 < 200000000u)
        ;
    return (double)(__builtin_ia32_rdtsc() - c0) / (double)(bench_now_ns() - t0);
}

/* Runs the native benchmark under sel4emu (options: extra `sel4emu run` flags); its median in ns, 0 on failure. */
static uint64_t run_native(const char *sel4emu, const char *bench, const char *options, double per_ns)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "'%s' run %s '%s'", sel4emu, options, bench);
    FILE *p = popen(cmd, "r");
    char line[256];
    unsigned long cycles = 0;
    while (p && fgets(line, sizeof(line), p))
        sscanf(line, "ipc_rt_cross_as_abi_cycles=%lu", &cycles);
    if (!p || pclose(p) != 0 || !cycles) {
        fprintf(stderr, "abi_driver: the native benchmark did not report (sel4emu run %s)\n", options);
        return 0;
    }
    return (uint64_t)((double)cycles / per_ns);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: abi_driver SEL4EMU NATIVE_BENCH\n");
        return 2;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    sched_setaffinity(0, sizeof(one), &one); /* the emulator pins itself to this CPU too */

    double per_ns = tsc_per_ns();
    uint64_t floor_ns = bench_cross_process_floor(), trap_ns = bench_sud_trap();
    uint64_t trapped_floor_ns = bench_cross_process_trapped_floor();
    uint64_t median_ns = run_native(argv[1], argv[2], "--no-protect-kernel", per_ns);
    uint64_t protected_ns = run_native(argv[1], argv[2], "", per_ns);
    if (!median_ns || !protected_ns || !trapped_floor_ns)
        return 1;
    printf("bench ipc_rt_cross_as_abi median_ns=%lu floor_ns=%lu ratio=%.2f budget_ns=%lu\n",
           (unsigned long)median_ns, (unsigned long)floor_ns, (double)median_ns / (double)floor_ns,
           (unsigned long)(floor_ns + 2 * trap_ns));
    /* the default: the kernel window closed to user code, two mprotect calls per kernel entry */
    printf("bench ipc_rt_cross_as_abi_protected median_ns=%lu floor_ns=%lu ratio=%.2f\n",
           (unsigned long)protected_ns, (unsigned long)floor_ns, (double)protected_ns / (double)floor_ns);
    printf("bench sud_trap median_ns=%lu\n", (unsigned long)trap_ns);
    printf("bench sud_floor_cross_as median_ns=%lu abi_ratio=%.2f\n", (unsigned long)trapped_floor_ns,
           (double)median_ns / (double)trapped_floor_ns);
    return 0;
}
