/*
 * What every benchmark measures next to its own figures, in the same run:
 * the Linux floors and one Syscall User Dispatch trap. Medians over
 * BENCH_BATCHES batches of BENCH_ROUNDS rounds; these machines are noisy.
 */
#pragma once

#include <stdint.h>

#define BENCH_BATCHES 31
#define BENCH_ROUNDS 2000

uint64_t bench_now_ns(void);

/* Sorts v[0..n) and returns its middle element. */
uint64_t bench_median(uint64_t *v, int n);

/* One round trip of a futex ping-pong between two processes sharing a page,
 * on the CPU the caller is pinned to. */
uint64_t bench_cross_process_floor(void);

/* One Syscall User Dispatch trap and return (the SIGSYS round trip),
 * measured in a process of its own; 0 if it could not be measured. */
uint64_t bench_sud_trap(void);

/* The floor of any emulator built on Syscall User Dispatch: the cross-process
 * ping-pong with both sides trapping and handing over in their SIGSYS
 * handlers (two traps and two hand-overs per round trip, no other work). */
uint64_t bench_cross_process_trapped_floor(void);
