/* Basic types and helpers of the kernel core (freestanding C). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t word_t;
typedef int64_t sword_t;
typedef word_t cptr_t;
typedef word_t paddr_t;
typedef word_t vptr_t;

#define wordBits 64
#define wordRadix 6

#define BIT(n) (1ul << (n))
#define MASK(n) ((n) >= 64 ? ~0ul : BIT(n) - 1ul)
#define ROUND_DOWN(x, bits) ((x) & ~MASK(bits))
#define ROUND_UP(x, bits) ROUND_DOWN((x) + MASK(bits), bits)
#define IS_ALIGNED(x, bits) (((x) & MASK(bits)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED __attribute__((unused))
#define NORETURN __attribute__((noreturn))
#define PRINTF_FMT(a, b) __attribute__((format(printf, a, b)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* How a kernel operation ended (seL4's exception_t). */
typedef enum {
    EXCEPTION_NONE,
    EXCEPTION_FAULT,
    EXCEPTION_LOOKUP_FAULT,
    EXCEPTION_SYSCALL_ERROR,
    EXCEPTION_PREEMPTED,
} exception_t;
