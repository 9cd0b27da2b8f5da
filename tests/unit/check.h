/*
 * Checks of the standalone unit tests (ELF checks, device models): a failed
 * check prints file:line and marks the current test failed, and the test
 * goes on; report() closes a test with PASS or FAIL and counts it.
 */
#pragma once

#include <stdio.h>

static int passed, failed, current_failed;

#define CHECK(cond)                                                                                  \
    do {                                                                                             \
        if (!(cond)) {                                                                               \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);                        \
            current_failed = 1;                                                                      \
        }                                                                                            \
    } while (0)

#define CHECK_EQ(a, b)                                                                               \
    do {                                                                                             \
        unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);               \
        if (a_ != b_) {                                                                              \
            printf("  %s:%d: %s == %s: 0x%llx != 0x%llx\n", __FILE__, __LINE__, #a, #b, a_, b_);     \
            current_failed = 1;                                                                      \
        }                                                                                            \
    } while (0)

static inline void report(const char *name)
{
    printf("%s %s\n", current_failed ? "FAIL" : "PASS", name);
    if (current_failed)
        failed++;
    else
        passed++;
    current_failed = 0;
}
