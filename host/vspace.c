/*
 * API mode: the root task's VSpace (IT_ASID) is this process. A frame the
 * kernel maps there becomes a shared mmap of the RAM memfd at its virtual
 * address, so two mappings of one frame show the same bytes; unmapping
 * removes it again. Other ASIDs are address spaces that do not run yet.
 *
 * The process also holds what Linux put there (the program, libc, stacks,
 * heap), so a mapping may only go where nothing else is. To tell the
 * mappings made here from Linux's, this file keeps the pages it mapped
 * ("owned"): the kernel replaces one of its own mappings in place (a remap
 * with new rights, or x86 seL4's mapping over another frame), and only
 * owned pages are ever unmapped.
 */
#define _GNU_SOURCE
#include "runner.h"
#include "checkers.h"
#include <structures.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/*
 * Owned pages, by 2 MiB chunk of address space: each chunk with an owned
 * page has a bitmap of its 512 pages in a hash table (open addressing,
 * linear probing) keyed by chunk number. Every operation costs what the
 * range it covers spans (at most one chunk per 2 MiB), never what the
 * process maps elsewhere: a program that maps 100,000 separate pages pays
 * as much per mapping as one that maps ten (README, "Limits").
 */
#define PAGE_SHIFT 12
#define CHUNK_SHIFT 21
#define CHUNK_PAGES (1u << (CHUNK_SHIFT - PAGE_SHIFT))
#define CHUNK_WORDS (CHUNK_PAGES / 64)

struct chunk {
    uintptr_t key; /* chunk number + 1; 0: a free entry */
    uint64_t pages[CHUNK_WORDS];
};

static struct chunk *chunks;
static size_t n_chunks, chunk_slots; /* entries in use; table size (a power of two, or 0) */
static bool boot_frames_adopted;
/* Under valgrind: device register pages mapped here whose accesses memcheck is not to report. */
static unsigned emulated_register_pages;

static size_t chunk_home(uintptr_t key)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (chunk_slots - 1);
}

static struct chunk *chunk_find(uintptr_t number)
{
    if (!chunk_slots)
        return NULL;
    for (size_t i = chunk_home(number + 1);; i = (i + 1) & (chunk_slots - 1)) {
        if (chunks[i].key == number + 1)
            return &chunks[i];
        if (!chunks[i].key)
            return NULL;
    }
}

static struct chunk *chunk_insert(uintptr_t number)
{
    size_t i = chunk_home(number + 1);
    while (chunks[i].key && chunks[i].key != number + 1)
        i = (i + 1) & (chunk_slots - 1);
    if (!chunks[i].key) {
        chunks[i].key = number + 1;
        n_chunks++;
    }
    return &chunks[i];
}

/* Room for `more` new chunks at a load of at most one half, so that later insertions cannot fail. */
static int chunks_reserve(size_t more)
{
    if (2 * (n_chunks + more) <= chunk_slots)
        return 0;
    size_t slots = chunk_slots ? chunk_slots : 64;
    while (2 * (n_chunks + more) > slots)
        slots *= 2;
    struct chunk *old = chunks;
    size_t old_slots = chunk_slots;
    chunks = calloc(slots, sizeof(*chunks));
    if (!chunks) {
        chunks = old;
        errno = ENOMEM;
        return -1;
    }
    chunk_slots = slots;
    n_chunks = 0;
    for (size_t i = 0; i < old_slots; i++) {
        if (old[i].key)
            *chunk_insert(old[i].key - 1) = old[i];
    }
    free(old);
    return 0;
}

/* Removes an entry without leaving a hole in any probe sequence (backward shift). */
static void chunk_remove(struct chunk *c)
{
    size_t hole = (size_t)(c - chunks);
    for (size_t i = (hole + 1) & (chunk_slots - 1); chunks[i].key; i = (i + 1) & (chunk_slots - 1)) {
        size_t home = chunk_home(chunks[i].key);
        /* entry i may fill the hole if its home is not in (hole, i] (cyclically) */
        if (((i - home) & (chunk_slots - 1)) >= ((i - hole) & (chunk_slots - 1))) {
            chunks[hole] = chunks[i];
            hole = i;
        }
    }
    memset(&chunks[hole], 0, sizeof(chunks[hole]));
    n_chunks--;
}

static bool chunk_empty(const struct chunk *c)
{
    for (unsigned w = 0; w < CHUNK_WORDS; w++) {
        if (c->pages[w])
            return false;
    }
    return true;
}

static size_t chunks_spanned(uintptr_t start, uintptr_t end)
{
    return ((end - 1) >> CHUNK_SHIFT) - (start >> CHUNK_SHIFT) + 1;
}

static bool page_owned(uintptr_t addr)
{
    const struct chunk *c = chunk_find(addr >> CHUNK_SHIFT);
    unsigned page = (addr >> PAGE_SHIFT) & (CHUNK_PAGES - 1);
    return c && (c->pages[page / 64] >> (page % 64) & 1);
}

/* The end of the run of pages from at (below end) that are all owned, or all not owned, as at is. */
static uintptr_t run_end(uintptr_t at, uintptr_t end)
{
    bool owned = page_owned(at);
    while (at < end) {
        uintptr_t chunk_end = ((at >> CHUNK_SHIFT) + 1) << CHUNK_SHIFT;
        const struct chunk *c = chunk_find(at >> CHUNK_SHIFT);
        if (!c) {
            if (owned)
                return at;
            at = chunk_end;
            continue;
        }
        unsigned page = (at >> PAGE_SHIFT) & (CHUNK_PAGES - 1);
        for (; page < CHUNK_PAGES && at < end; page++, at += 1ul << PAGE_SHIFT) {
            uint64_t word = c->pages[page / 64] >> (page % 64);
            if ((word & 1) != owned)
                return at;
            /* a whole rest of word alike: skip it */
            uint64_t alike = owned ? ~word : word;
            unsigned same = alike ? (unsigned)__builtin_ctzll(alike) : 64 - page % 64;
            if (same > 1) {
                page += same - 1;
                at += (uintptr_t)(same - 1) << PAGE_SHIFT;
            }
        }
    }
    return end;
}

/* Marks [start, end) (whole pages) owned or not; owning needs chunks_reserve first. */
static void pages_mark(uintptr_t start, uintptr_t end, bool owned)
{
    for (uintptr_t at = start; at < end;) {
        uintptr_t number = at >> CHUNK_SHIFT, chunk_end = (number + 1) << CHUNK_SHIFT;
        uintptr_t stop = end < chunk_end ? end : chunk_end;
        struct chunk *c = owned ? chunk_insert(number) : chunk_find(number);
        for (; c && at < stop; at += 1ul << PAGE_SHIFT) {
            unsigned page = (at >> PAGE_SHIFT) & (CHUNK_PAGES - 1);
            if (owned)
                c->pages[page / 64] |= 1ull << (page % 64);
            else
                c->pages[page / 64] &= ~(1ull << (page % 64));
        }
        if (c && !owned && chunk_empty(c))
            chunk_remove(c);
        at = stop;
    }
}

static int owned_reserve(uintptr_t start, uintptr_t end)
{
    return chunks_reserve(chunks_spanned(start, end));
}

static void owned_add(uintptr_t start, uintptr_t end)
{
    pages_mark(start, end, true);
}

static void owned_remove(uintptr_t start, uintptr_t end)
{
    pages_mark(start, end, false);
}

static bool owned_overlaps(uintptr_t start, uintptr_t end)
{
    return page_owned(start) || run_end(start, end) < end;
}

/* The IPC buffer and bootinfo frames were mapped at boot (runtime.c), before any of this. */
static int adopt_boot_frames(void)
{
    if (boot_frames_adopted || !sys.boot_frames_mapped)
        return 0;
    if (chunks_reserve(2) != 0)
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
    for (uintptr_t at = start, next; at < end; at = next) {
        next = run_end(at, end);
        if (page_owned(at))
            continue;
        if (undo) {
            host_unmap_range(at, next - at);
        } else if (host_reserve_range(at, next - at) != 0) {
            int saved = errno;
            reserve_gaps(start, at, true);
            errno = saved;
            return -1;
        }
    }
    return 0;
}

/* Maps a frame over [start, end), where only this file's own mappings may be; 0, or -1 (errno). */
static int map_owned(uintptr_t start, uintptr_t end, word_t paddr, bool writable, bool executable)
{
    unsigned flags = (writable ? HOST_MAP_WRITE : 0) | (executable ? HOST_MAP_EXEC : 0);
    if (!owned_overlaps(start, end))
        return host_map_ram(&sys.mem, start, paddr, end - start, flags);
    if (reserve_gaps(start, end, false) != 0)
        return -1;
    if (host_map_ram(&sys.mem, start, paddr, end - start, flags | HOST_MAP_REPLACE) != 0) {
        int saved = errno;
        reserve_gaps(start, end, true);
        errno = saved;
        return -1;
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
        if (host_on_valgrind() && paddr <= HOST_HPET_PADDR && HOST_HPET_PADDR < paddr + BIT(size_bits)) {
            host_valgrind_emulated_registers(vaddr + (HOST_HPET_PADDR - paddr), 4096, true);
            emulated_register_pages++;
        }
        return 0;
    }

    uintptr_t start = vaddr, end = vaddr + BIT(size_bits);
    if (adopt_boot_frames() != 0 || owned_reserve(start, end) != 0 ||
        map_owned(start, end, paddr, writable, executable) != 0) {
        if (errno != ENOMEM)
            return -1; /* something of Linux's is there */
        out_of_memory(vaddr, end - start);
    }
    owned_add(start, end);
    return 0;
}

void host_vspace_unmap_local(word_t vaddr, word_t size)
{
    if (adopt_boot_frames() != 0)
        return; /* out of memory: leave the mapping rather than risk Linux's */
    uintptr_t start = vaddr, end = vaddr + size;
    if (emulated_register_pages)
        host_valgrind_emulated_registers(start, size, false);
    for (uintptr_t at = start, next; at < end; at = next) {
        next = run_end(at, end);
        if (page_owned(at))
            host_unmap_range(at, next - at);
    }
    owned_remove(start, end);
}

void host_vspace_unmap_all(void)
{
    for (size_t i = 0; i < chunk_slots; i++) {
        if (!chunks[i].key)
            continue;
        uintptr_t start = (chunks[i].key - 1) << CHUNK_SHIFT, end = start + (1ul << CHUNK_SHIFT);
        for (uintptr_t at = start, next; at < end; at = next) {
            next = run_end(at, end);
            if (page_owned(at))
                host_unmap_range(at, next - at);
        }
    }
    memset(chunks, 0, chunk_slots * sizeof(*chunks));
    n_chunks = 0;
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
    return page_owned(addr);
}
