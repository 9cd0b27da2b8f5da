/*
 * API mode: the root task's VSpace (IT_ASID) is this process. A frame the
 * kernel maps there becomes a shared mmap of the RAM memfd at its virtual
 * address, so two mappings of one frame show the same bytes; unmapping
 * removes it again. Other ASIDs are address spaces that do not run yet.
 *
 * The process also holds what Linux put there (the program, libc, stacks,
 * heap), so a mapping may only go where nothing else is. To tell the
 * mappings made here from Linux's, this file keeps the ranges it mapped
 * ("owned"): the kernel replaces one of its own mappings in place (a remap
 * with new rights, or x86 seL4's mapping over another frame), and only
 * owned ranges are ever unmapped.
 */
#define _GNU_SOURCE
#include "runner.h"
#include <structures.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

struct range {
    uintptr_t start, end;
};

/* Owned ranges, sorted, disjoint and not adjacent. */
static struct range *owned;
static size_t n_owned, owned_cap;
static bool boot_frames_adopted;

/* Room for two more ranges, so that adding or splitting one cannot fail later. */
static int owned_reserve(void)
{
    if (n_owned + 2 <= owned_cap)
        return 0;
    size_t cap = owned_cap ? owned_cap * 2 : 64;
    struct range *r = realloc(owned, cap * sizeof(*r));
    if (!r)
        return -1;
    owned = r;
    owned_cap = cap;
    return 0;
}

static void owned_add(uintptr_t start, uintptr_t end)
{
    size_t i = 0;
    while (i < n_owned && owned[i].end < start)
        i++;
    /* owned[i..j) touch or overlap [start, end): they merge into one. */
    size_t j = i;
    while (j < n_owned && owned[j].start <= end) {
        if (owned[j].start < start)
            start = owned[j].start;
        if (owned[j].end > end)
            end = owned[j].end;
        j++;
    }
    if (j == i) {
        memmove(&owned[i + 1], &owned[i], (n_owned - i) * sizeof(*owned));
        n_owned++;
    } else if (j > i + 1) {
        memmove(&owned[i + 1], &owned[j], (n_owned - j) * sizeof(*owned));
        n_owned -= j - i - 1;
    }
    owned[i] = (struct range){ start, end };
}

static void owned_remove(uintptr_t start, uintptr_t end)
{
    for (size_t i = 0; i < n_owned;) {
        struct range r = owned[i];
        if (r.end <= start || r.start >= end) {
            i++;
            continue;
        }
        if (r.start < start && r.end > end) {
            /* split in two */
            memmove(&owned[i + 1], &owned[i], (n_owned - i) * sizeof(*owned));
            n_owned++;
            owned[i].end = start;
            owned[i + 1].start = end;
            return;
        }
        if (r.start < start) {
            owned[i].end = start;
            i++;
        } else if (r.end > end) {
            owned[i].start = end;
            i++;
        } else {
            memmove(&owned[i], &owned[i + 1], (n_owned - i - 1) * sizeof(*owned));
            n_owned--;
        }
    }
}

static bool owned_overlaps(uintptr_t start, uintptr_t end)
{
    for (size_t i = 0; i < n_owned && owned[i].start < end; i++) {
        if (owned[i].end > start)
            return true;
    }
    return false;
}

/* The IPC buffer and bootinfo frames were mapped at boot (runtime.c), before any of this. */
static int adopt_boot_frames(void)
{
    if (boot_frames_adopted || !sys.boot_frames_mapped)
        return 0;
    if (owned_reserve() != 0)
        return -1;
    owned_add(sys.boot.ipc_buffer, sys.boot.ipc_buffer + BIT(seL4_PageBits));
    owned_add(sys.boot.bootinfo, sys.boot.bootinfo + BIT(seL4_PageBits));
    boot_frames_adopted = true;
    return 0;
}

/*
 * The parts of [start, end) not owned yet, reserved inaccessible (so that
 * MAP_FIXED over the whole range cannot hit anything of Linux's), or undo
 * and fail if Linux uses any of them.
 */
static int reserve_gaps(uintptr_t start, uintptr_t end, bool undo)
{
    uintptr_t at = start;
    size_t i = 0;
    while (at < end) {
        while (i < n_owned && owned[i].end <= at)
            i++;
        uintptr_t next = i < n_owned && owned[i].start < end ? owned[i].start : end;
        if (next <= at) {
            at = owned[i].end; /* inside an owned range: skip it */
            continue;
        }
        if (undo) {
            host_unmap_range(at, next - at);
        } else if (host_reserve_range(at, next - at) != 0) {
            int saved = errno;
            reserve_gaps(start, at, true);
            errno = saved;
            return -1;
        }
        at = next;
    }
    return 0;
}

/*
 * Linux had no memory for a mapping (ulimit -v, vm.max_map_count, or none
 * left): not the program's doing, and not an answer seL4 would give. One
 * line, and the system stops.
 */
static void NORETURN out_of_memory(word_t vaddr, word_t size)
{
    struct rlimit rl;
    char limit[32] = "unlimited";
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        snprintf(limit, sizeof(limit), "%llu KiB", (unsigned long long)rl.rlim_cur >> 10);
    fprintf(stderr, "sel4emu: out of host memory: cannot map the frame at %#lx (%lu KiB) in the process of pid %d: "
            "%s (its address space is limited by ulimit -v, %s, and vm.max_map_count); stopping\n",
            (unsigned long)vaddr, (unsigned long)(size >> 10), (int)getpid(), strerror(ENOMEM), limit);
    host_system_stop(2);
}

int host_vspace_map(void *ctx, word_t asid, word_t vaddr, word_t paddr, word_t size_bits, bool writable,
                   bool executable, bool device)
{
    if (asid != sys.my_asid) {
        /* Another process's VSpace: it maps lazily, but must drop what it had there. */
        host_proc_log_unmap(asid, vaddr, BIT(size_bits));
        return 0;
    }
    if (device && !host_paddr_backed(&sys.mem, paddr, BIT(size_bits))) {
        /*
         * Device registers (the HPET) or nothing the host emulates: no host
         * mapping, so that every access faults, and is emulated (machine.c)
         * or becomes seL4's VM fault.
         */
        host_vspace_unmap_local(vaddr, BIT(size_bits));
        return 0;
    }

    uintptr_t start = vaddr, end = vaddr + BIT(size_bits);
    unsigned flags = (writable ? HOST_MAP_WRITE : 0) | (executable ? HOST_MAP_EXEC : 0);
    if (adopt_boot_frames() != 0 || owned_reserve() != 0)
        out_of_memory(vaddr, end - start);
    if (!owned_overlaps(start, end)) {
        if (host_map_ram(&sys.mem, start, paddr, end - start, flags) != 0)
            goto fail;
    } else {
        if (reserve_gaps(start, end, false) != 0)
            goto fail;
        if (host_map_ram(&sys.mem, start, paddr, end - start, flags | HOST_MAP_REPLACE) != 0) {
            int saved = errno;
            reserve_gaps(start, end, true);
            errno = saved;
            goto fail;
        }
    }
    owned_add(start, end);
    return 0;
fail:
    if (errno == ENOMEM)
        out_of_memory(vaddr, end - start);
    return -1; /* Linux has something there */
}

void host_vspace_unmap_local(word_t vaddr, word_t size)
{
    if (adopt_boot_frames() != 0 || owned_reserve() != 0)
        return; /* out of memory: leave the mapping rather than risk Linux's */
    uintptr_t start = vaddr, end = vaddr + size;
    for (size_t i = 0; i < n_owned && owned[i].start < end; i++) {
        uintptr_t a = owned[i].start > start ? owned[i].start : start;
        uintptr_t b = owned[i].end < end ? owned[i].end : end;
        if (a < b)
            host_unmap_range(a, b - a);
    }
    owned_remove(start, end);
}

void host_vspace_unmap_all(void)
{
    for (size_t i = 0; i < n_owned; i++)
        host_unmap_range(owned[i].start, owned[i].end - owned[i].start);
    n_owned = 0;
}

void host_vspace_unmap(void *ctx, word_t asid, word_t vaddr, word_t size_bits)
{
    if (asid != sys.my_asid) {
        host_proc_log_unmap(asid, vaddr, BIT(size_bits));
        return;
    }
    host_vspace_unmap_local(vaddr, BIT(size_bits));
}

/* Whether addr lies in a frame this process maps for seL4 (ABI mode: where seL4 code can run). */
bool host_vspace_maps(uintptr_t addr)
{
    return owned_overlaps(addr, addr + 1);
}
