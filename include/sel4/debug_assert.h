/* Asserts that vanish under NDEBUG (libsel4/include/sel4/debug_assert.h). */
#pragma once

#ifdef NDEBUG
#define seL4_DebugAssert(expr) ((void)(0))
#else
#include <sel4/assert.h>
#define seL4_DebugAssert(expr) seL4_Assert(expr)
#endif
