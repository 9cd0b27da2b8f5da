/*
 * Futexes on words in shared memory (FUTEX_WAIT and FUTEX_WAKE without
 * _PRIVATE): the host layer's hand-overs, requests and device wake-ups,
 * which other processes of the emulated system may make.
 */
#pragma once

#include <limits.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Sleeps while *word == seen, at most timeout_ns (0: no limit), or until woken. */
static inline void host_futex_wait(uint32_t *word, uint32_t seen, uint64_t timeout_ns)
{
    struct timespec ts = { (time_t)(timeout_ns / 1000000000u), (long)(timeout_ns % 1000000000u) };
    syscall(SYS_futex, word, FUTEX_WAIT, seen, timeout_ns ? &ts : NULL, NULL, 0);
}

/* Sleeps while *word == seen, until CLOCK_MONOTONIC reads deadline_ns, or until woken. */
static inline void host_futex_wait_until(uint32_t *word, uint32_t seen, uint64_t deadline_ns)
{
    struct timespec at = { (time_t)(deadline_ns / 1000000000u), (long)(deadline_ns % 1000000000u) };
    syscall(SYS_futex, word, FUTEX_WAIT_BITSET, seen, &at, NULL, FUTEX_BITSET_MATCH_ANY);
}

/* Wakes up to n waiters on word. */
static inline void host_futex_wake(uint32_t *word, int n)
{
    syscall(SYS_futex, word, FUTEX_WAKE, n, NULL, NULL, 0);
}

/* Changes word and wakes every waiter: "something happened, look again". */
static inline void host_futex_bump(uint32_t *word)
{
    __atomic_add_fetch(word, 1, __ATOMIC_RELEASE);
    host_futex_wake(word, INT_MAX);
}
