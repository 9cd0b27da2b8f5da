/* Unconditional asserts (libsel4/include/sel4/assert.h). __assert_fail is
 * the host C library's; glibc and musl declare it with different line types,
 * so the declaration follows the library in use. */
#pragma once

#include <limits.h> /* the C library's feature macros, e.g. __GLIBC__ */
#include <sel4/macros.h>

#if defined(__GLIBC__)
#include <sys/cdefs.h>
__BEGIN_DECLS
extern void __assert_fail(const char *, const char *, unsigned int, const char *)
__THROW __attribute__((__noreturn__));
__END_DECLS
#else
/* musl declares it in <assert.h> whether or not NDEBUG is defined. */
#include <assert.h>
#endif

#define seL4_Fail(s) __assert_fail(s, __FILE__, __LINE__, __func__)

#define seL4_Assert(expr)                                        \
    do {                                                         \
        if (!(expr)) {                                           \
            __assert_fail(#expr, __FILE__, __LINE__, __func__);  \
        }                                                        \
    } while (0)

#define seL4_CompileTimeAssert(expr) SEL4_COMPILE_ASSERT(seL4_CompileTimeAssert, expr)
