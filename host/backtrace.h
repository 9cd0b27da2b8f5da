/*
 * Backtraces of faulting seL4 threads (the kernel platform's backtrace
 * hook): unwound with host/unwind.c from the thread's registers, through
 * its own memory, and symbolised from the ELF files of its code.
 */
#pragma once

#include <kernel.h>

/* Where backtrace lines go: the kernel's console (host_kernel_platform sets it). */
void host_backtrace_console(void (*write)(void *ctx, const char *buf, size_t len));

/*
 * ABI mode: the seL4 image that runs, its whole file in memory (kept for the
 * run; processes forked later inherit it), its loaded segments and the
 * VSpace (PML4) it runs in: code of other VSpaces (images the root task
 * loaded) is not this file's, even at the same addresses.
 */
void host_backtrace_set_image(const char *path, const void *file, size_t size,
                              const struct kernel_image_segment *segments, size_t nsegments, word_t vspace);

/* The platform hook: prints t's call stack. t must be the calling host thread's own seL4 thread. */
void host_backtrace(void *ctx, struct tcb *t);
