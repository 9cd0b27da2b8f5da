/*
 * Thread-local storage of a static seL4 program on x86_64 (TLS variant II),
 * and the sel4runtime functions that set it up for new threads.
 *
 * Layout of one thread's TLS area (sel4runtime_get_tls_size() bytes):
 *
 *     area ... [ TLS block: .tdata image, then .tbss zeroed ][ self pointer ] ...
 *                                                            ^ thread pointer (fs_base)
 *
 * The TLS block ends at the thread pointer and is round_up(p_memsz, p_align)
 * bytes long, which is where the static linker puts every variable
 * (local-exec and initial-exec code reads %fs:-offset). The thread pointer is
 * aligned to max(p_align, 16) and holds its own address, so `mov %fs:0`
 * yields it, as x86_64 code expects. The image comes from the program's
 * PT_TLS header, found through the ELF header the linker maps at
 * __ehdr_start.
 */
#include "runtime.h"

#include <sel4runtime.h>

#include <stddef.h>
#include <stdint.h>

/* The IPC buffer pointer libsel4 reads (extern in <sel4/functions.h>). */
__thread seL4_IPCBuffer *__sel4_ipc_buffer;

/* The ELF header of this program, mapped with the first segment. */
extern const unsigned char __ehdr_start[] __attribute__((visibility("hidden")));

/* ELF64 layouts (the ELF specification): only what is read here. */
struct rt_ehdr {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct rt_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define RT_PT_TLS 7
#define RT_MIN_ALIGN 16 /* as sel4runtime */

static struct {
    const unsigned char *image; /* .tdata initialisation image */
    size_t image_size;          /* p_filesz */
    size_t block_size;          /* round_up(p_memsz, p_align): TLS block below the thread pointer */
    size_t align;               /* of the thread pointer: max(p_align, 16) */
    size_t region_size;         /* a whole TLS area */
} tls;

static size_t round_up(size_t x, size_t align)
{
    return (x + align - 1) / align * align;
}

void __sel4emu_tls_init(void)
{
    const struct rt_ehdr *eh = (const struct rt_ehdr *)__ehdr_start;
    size_t p_align = 1;

    tls.image = NULL;
    tls.image_size = 0;
    tls.block_size = 0;
    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct rt_phdr *ph = (const struct rt_phdr *)(__ehdr_start + eh->phoff + (size_t)i * eh->phentsize);
        if (ph->type != RT_PT_TLS)
            continue;
        p_align = ph->align ? ph->align : 1;
        tls.image = (const unsigned char *)ph->vaddr;
        tls.image_size = ph->filesz;
        tls.block_size = round_up(ph->memsz, p_align);
    }
    tls.align = p_align > RT_MIN_ALIGN ? p_align : RT_MIN_ALIGN;
    /* slack to align, the block, the self pointer */
    tls.region_size = tls.align + round_up(tls.block_size, tls.align) + round_up(sizeof(uintptr_t), tls.align);
}

sel4runtime_size_t sel4runtime_get_tls_size(void)
{
    return tls.region_size;
}

sel4runtime_uintptr_t sel4runtime_write_tls_image(void *tls_memory)
{
    if (!tls_memory)
        return 0;
    uintptr_t tp = round_up((uintptr_t)tls_memory + tls.block_size, tls.align);
    unsigned char *block = (unsigned char *)(tp - tls.block_size);
    memcpy(block, tls.image, tls.image_size);
    memset(block + tls.image_size, 0, tls.block_size - tls.image_size);
    *(uintptr_t *)tp = tp;
    return tp;
}

/* The calling thread's thread pointer (its self pointer at %fs:0). */
static uintptr_t current_tp(void)
{
    uintptr_t tp;
    __asm__ __volatile__("movq %%fs:0, %0" : "=r"(tp));
    return tp;
}

int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base, unsigned char *local_tls_dest,
                                     unsigned char *src, sel4runtime_size_t bytes)
{
    uintptr_t here = current_tp();
    uintptr_t var = (uintptr_t)local_tls_dest;

    /* the variable must lie inside the caller's TLS block, below its thread pointer */
    if (!dest_tls_base || var < here - tls.block_size || var > here || bytes > here - var)
        return -1;
    memcpy((unsigned char *)dest_tls_base - (here - var), src, bytes);
    return 0;
}
