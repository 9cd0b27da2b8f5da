/* Shared state of the API front end (libsel4emu). */
#pragma once

#include <kernel.h>
#include <host.h>

struct api_state {
    struct host_memory mem;
    struct kernel *kernel;
    struct kernel_boot_info boot;
};

extern struct api_state api;

int api_vspace_map(void *ctx, word_t asid, word_t vaddr, word_t paddr, word_t size_bits, bool writable,
                   bool executable, bool device);
void api_vspace_unmap(void *ctx, word_t asid, word_t vaddr, word_t size_bits);
