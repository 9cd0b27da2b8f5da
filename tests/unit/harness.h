/*
 * What the kernel core's unit tests share: a kernel booted in plain memory
 * with its root task, syscalls made from the root thread's registers and
 * IPC buffer, checks, and the test runner.
 */
#pragma once

#include "memkernel.h"

#include <core.h>
#include <sel4/syscall.h>

#include <stdio.h>

#define RAM_PADDR MEMKERNEL_RAM_PADDR
#define RAM_SIZE (16ul << 20)
#define IMAGE_END MEMKERNEL_IMAGE_END

/* The booted kernel, its RAM and what boot reported. */
extern struct kernel *k;
extern void *ram;
extern struct kernel_boot_info boot;

/* What the kernel printed since boot (kernel_platform.write = harness_console_write). */
extern char console[8192];
extern size_t console_len;
void harness_console_write(void *ctx, const char *buf, size_t len);

extern int current_failed;

#define CHECK(cond)                                                                                  \
    do {                                                                                             \
        if (!(cond)) {                                                                               \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);                        \
            current_failed = 1;                                                                      \
            return;                                                                                  \
        }                                                                                            \
    } while (0)
#define CHECK_EQ(a, b)                                                                               \
    do {                                                                                             \
        word_t a_ = (word_t)(a), b_ = (word_t)(b);                                                   \
        if (a_ != b_) {                                                                              \
            printf("  %s:%d: %s == %lu (0x%lx), expected %s == %lu (0x%lx)\n", __FILE__, __LINE__, #a, \
                   a_, a_, #b, b_, b_);                                                              \
            current_failed = 1;                                                                      \
            return;                                                                                  \
        }                                                                                            \
    } while (0)

/* The syscall trace's configuration of the next boots (NULL: off). */
extern const struct kernel_trace_config *harness_trace;

/* Boots a fresh kernel over zeroed RAM with this platform; exits if boot fails. */
void harness_boot(const struct kernel_platform *plat);

seL4_BootInfo *bootinfo(void);
word_t *ipc_buffer(void);
cte_t *root_slot(word_t i);

/* seL4_Call from the root thread on cptr with label, words as MRs and caps as extra caps; the reply label. */
word_t call(cptr_t cptr, word_t label, int nwords, const word_t *words, int ncaps, const cptr_t *caps);

/* Message register i of the root thread's last reply. */
word_t mr(int i);

/* Runs one test after boot_kernel() and reports PASS or FAIL. */
void harness_run(const char *name, void (*boot_kernel)(void), void (*fn)(void));
#define RUN(fn) harness_run(#fn, boot_kernel, fn)

/* Frees the kernel, prints "SUITE: N passed, N failed"; the exit status. */
int harness_finish(const char *suite);
