/*
 * A kernel core booted in plain memory, as the unit tests and the fuzzer use
 * it: no host layer, no processes; the caller plays the threads by writing
 * their registers and IPC buffers and entering the kernel.
 */
#pragma once

#include <core.h>

#define MEMKERNEL_RAM_PADDR 0x100000ul
#define MEMKERNEL_IMAGE_END 0x10000000ul /* the root task's IPC buffer; bootinfo follows */

struct memkernel {
    struct kernel *k;
    void *ram;
    size_t ram_size;
    struct kernel_boot_info boot;
};

/* The registers of message registers 0..3 (seL4's x86_64 syscall convention). */
extern const int memkernel_mr_regs[seL4_FastMessageRegisters];

/* Reserves the kernel state and ram_size bytes of RAM (zero). Exits if memory runs out. */
void memkernel_alloc(struct memkernel *m, size_t ram_size);

/* Zeroes RAM again, cheaply (the pages go back to the system). */
void memkernel_clear_ram(struct memkernel *m);

/* Boots a kernel over the (zero) RAM; 0, or -1 with why set. */
int memkernel_boot(struct memkernel *m, const struct kernel_platform *plat, void *plat_ctx,
                   const struct kernel_trace_config *trace, bool print_user_errors, const char **why);

void memkernel_free(struct memkernel *m);
