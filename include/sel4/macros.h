/* Compiler helpers used by libsel4 headers (libsel4/include/sel4/macros.h). */
#pragma once

#include <sel4/config.h>

#define LIBSEL4_INLINE static inline
#define LIBSEL4_INLINE_FUNC static inline
#define LIBSEL4_UNUSED __attribute__((unused))
#define LIBSEL4_WEAK __attribute__((weak))
#define LIBSEL4_NOINLINE __attribute__((noinline))
#define LIBSEL4_NORETURN __attribute__((noreturn))

/* Storage class of libsel4's thread-local IPC buffer pointer
 * (extern LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer). */
#ifndef LIBSEL4_THREAD_LOCAL
#define LIBSEL4_THREAD_LOCAL __thread
#endif

/* Forces an enum to be word sized, as libsel4 does for ABI stability. */
#define SEL4_FORCE_LONG_ENUM(type) _enum_pad_##type = (1ULL << ((sizeof(long) * 8) - 1)) - 1

#define SEL4_PACKED __attribute__((packed))
#define SEL4_DEPRECATED(x) __attribute__((deprecated(x)))
#define SEL4_DEPRECATE_MACRO(x) _Pragma("deprecated") x
#define LIBSEL4_BIT(n) (1ul << (n))
#define SEL4_OFFSETOF(type, member) __builtin_offsetof(type, member)

/* As libsel4: _Static_assert in C11, a negative-array typedef elsewhere (C++
 * has no _Static_assert; g++ rejects it). */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define SEL4_COMPILE_ASSERT(name, expr) static_assert(expr, #name);
#elif defined(__STDC_VERSION__) && (__STDC_VERSION__ >= 201112L)
#define SEL4_COMPILE_ASSERT(name, expr) _Static_assert(expr, #name);
#else
#define SEL4_COMPILE_ASSERT(name, expr) \
    typedef int __assert_failed_##name[(expr) ? 1 : -1] LIBSEL4_UNUSED;
#endif
#define SEL4_SIZE_SANITY(index, entry, size) \
    SEL4_COMPILE_ASSERT(index##_##entry##_##size, (index) + (entry) == (size))

#ifndef CONST
#define CONST __attribute__((__const__))
#endif
#ifndef PURE
#define PURE __attribute__((__pure__))
#endif
