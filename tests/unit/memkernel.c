/* A kernel core booted in plain memory: see memkernel.h. */
#include "memkernel.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

const int memkernel_mr_regs[seL4_FastMessageRegisters] = { CTX_R10, CTX_R8, CTX_R9, CTX_R15 };

static void *map_zero(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("memkernel: mmap");
        exit(1);
    }
    /* Small pages: clearing then costs only the pages a run touched. */
    madvise(p, bytes, MADV_NOHUGEPAGE);
    return p;
}

void memkernel_alloc(struct memkernel *m, size_t ram_size)
{
    m->k = map_zero((kernel_state_size() + 4095) & ~4095ul);
    m->ram = map_zero(ram_size);
    m->ram_size = ram_size;
}

void memkernel_clear_ram(struct memkernel *m)
{
    madvise(m->ram, m->ram_size, MADV_DONTNEED);
}

int memkernel_boot(struct memkernel *m, const struct kernel_platform *plat, void *plat_ctx,
                   const struct kernel_trace_config *trace, bool print_user_errors, const char **why)
{
    struct kernel_boot_params p = {
        .ram = m->ram,
        .ram_paddr = MEMKERNEL_RAM_PADDR,
        .ram_size = m->ram_size,
        .user_image_end = MEMKERNEL_IMAGE_END,
        .root_name = "rootserver",
        .plat = plat,
        .plat_ctx = plat_ctx,
        .print_user_errors = print_user_errors,
        .trace = trace,
    };
    return kernel_boot(m->k, &p, &m->boot, why);
}

void memkernel_free(struct memkernel *m)
{
    munmap(m->k, (kernel_state_size() + 4095) & ~4095ul);
    munmap(m->ram, m->ram_size);
    m->k = NULL;
    m->ram = NULL;
}
