/*
 * The API-mode host side of VSpace mappings (libsel4emu/vspace.c): the root
 * task's VSpace is this process, so a frame mapping is a shared mmap of the
 * RAM memfd, and a range Linux uses cannot take one. Run as an API-mode
 * program: libsel4emu boots a kernel before main.
 */
#define _GNU_SOURCE
#include "runner.h"
#include <structures.h>

#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int passed, failed, current_failed;

#define CHECK(cond)                                                                                  \
    do {                                                                                             \
        if (!(cond)) {                                                                               \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);                        \
            current_failed = 1;                                                                      \
            return;                                                                                  \
        }                                                                                            \
    } while (0)

#define VA 0x310000000000ul
#define PAGE 4096ul

/* The permissions /proc/self/maps shows for addr ("rw-s" ...), or "" if nothing is mapped there. */
static const char *perms_at(uintptr_t addr)
{
    static char perms[8];
    char line[512];
    FILE *f = fopen("/proc/self/maps", "r");
    perms[0] = '\0';
    while (f && fgets(line, sizeof(line), f)) {
        unsigned long lo, hi;
        char p[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, p) == 3 && addr >= lo && addr < hi) {
            strcpy(perms, p);
            break;
        }
    }
    if (f)
        fclose(f);
    return perms;
}

/* A RAM page nothing uses: the last one (no test here retypes that far). */
static word_t spare_paddr(int i)
{
    return HOST_RAM_PADDR + sys.mem.ram_size - (word_t)(i + 1) * PAGE;
}

static volatile word_t *window(word_t paddr)
{
    return (volatile word_t *)(sys.mem.ram + (paddr - HOST_RAM_PADDR));
}

static void test_map_is_shared_memfd(void)
{
    word_t pa = spare_paddr(0);
    CHECK(host_vspace_map(NULL, IT_ASID, VA, pa, 12, true, true, false) == 0);
    CHECK(strcmp(perms_at(VA), "rwxs") == 0);
    *(volatile word_t *)VA = 0x1234;
    CHECK(*window(pa) == 0x1234);
    *window(pa + 8) = 0x5678;
    CHECK(*(volatile word_t *)(VA + 8) == 0x5678);
    /* a second mapping of the same frame shares it */
    CHECK(host_vspace_map(NULL, IT_ASID, VA + 16 * PAGE, pa, 12, false, true, false) == 0);
    CHECK(strcmp(perms_at(VA + 16 * PAGE), "r-xs") == 0);
    CHECK(*(volatile word_t *)(VA + 16 * PAGE) == 0x1234);
    host_vspace_unmap(NULL, IT_ASID, VA, 12);
    host_vspace_unmap(NULL, IT_ASID, VA + 16 * PAGE, 12);
    CHECK(perms_at(VA)[0] == '\0');
    CHECK(perms_at(VA + 16 * PAGE)[0] == '\0');
}

static void test_replace_own_mapping(void)
{
    word_t pa = spare_paddr(0), pb = spare_paddr(1);
    *window(pb) = 0xb;
    CHECK(host_vspace_map(NULL, IT_ASID, VA, pa, 12, false, true, false) == 0);
    /* new rights, then another frame at the same place: the mapping is replaced */
    CHECK(host_vspace_map(NULL, IT_ASID, VA, pa, 12, true, true, false) == 0);
    CHECK(strcmp(perms_at(VA), "rwxs") == 0);
    CHECK(host_vspace_map(NULL, IT_ASID, VA, pb, 12, true, true, false) == 0);
    CHECK(*(volatile word_t *)VA == 0xb);
    host_vspace_unmap(NULL, IT_ASID, VA, 12);
    CHECK(perms_at(VA)[0] == '\0');
}

static int linux_global = 42;

static void test_refuse_linux_ranges(void)
{
    uintptr_t page = (uintptr_t)&linux_global & ~(PAGE - 1);
    CHECK(host_vspace_map(NULL, IT_ASID, page, spare_paddr(0), 12, true, true, false) == -1);
    linux_global++;
    CHECK(linux_global == 43);
    /* partly Linux's: refused, and what was ours stays as it was */
    void *mine = mmap((void *)(VA + (1ul << 21) + 8 * PAGE), PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
                      MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(mine != MAP_FAILED);
    CHECK(host_vspace_map(NULL, IT_ASID, VA + (1ul << 21), spare_paddr(0), 12, true, true, false) == 0);
    CHECK(host_vspace_map(NULL, IT_ASID, VA + (1ul << 21), spare_paddr(512), 21, true, true, false) == -1);
    CHECK(strcmp(perms_at(VA + (1ul << 21)), "rwxs") == 0);
    CHECK(perms_at(VA + (1ul << 21) + PAGE)[0] == '\0');
    CHECK(strcmp(perms_at(VA + (1ul << 21) + 8 * PAGE), "r--p") == 0);
    /* unmapping a range that holds Linux's mapping leaves that mapping alone */
    host_vspace_unmap(NULL, IT_ASID, VA + (1ul << 21), 21);
    CHECK(perms_at(VA + (1ul << 21))[0] == '\0');
    CHECK(strcmp(perms_at(VA + (1ul << 21) + 8 * PAGE), "r--p") == 0);
    munmap(mine, PAGE);
    /* and a large mapping over an own small one fills the gaps around it */
    CHECK(host_vspace_map(NULL, IT_ASID, VA + (1ul << 21) + 5 * PAGE, spare_paddr(0), 12, true, true, false) == 0);
    CHECK(host_vspace_map(NULL, IT_ASID, VA + (1ul << 21), spare_paddr(512), 21, true, true, false) == 0);
    CHECK(strcmp(perms_at(VA + (1ul << 21) + 100 * PAGE), "rwxs") == 0);
    host_vspace_unmap(NULL, IT_ASID, VA + (1ul << 21), 21);
    CHECK(perms_at(VA + (1ul << 21) + 5 * PAGE)[0] == '\0');
}

static void test_other_asids_and_devices(void)
{
    CHECK(host_vspace_map(NULL, IT_ASID + 1, VA, spare_paddr(0), 12, true, true, false) == 0);
    CHECK(perms_at(VA)[0] == '\0');
    CHECK(host_vspace_map(NULL, IT_ASID, VA, 0x1000, 12, true, true, true) == 0);
    CHECK(perms_at(VA)[0] == '\0');
    /* the kernel may report either going away: nothing of Linux's is touched */
    uintptr_t page = (uintptr_t)&linux_global & ~(PAGE - 1);
    host_vspace_unmap(NULL, IT_ASID, page, 12);
    host_vspace_unmap(NULL, IT_ASID + 1, page, 12);
    linux_global = 7;
    CHECK(linux_global == 7);
}

/*
 * Many separate mappings: every other page of four 2 MiB chunks, and one
 * page in each of 1000 more chunks (the table of owned chunks grows, and
 * loses entries in any order); a 2 MiB frame over a chunk of separate
 * pages; what is left unmapped page by page.
 */
#define SPARSE (VA + (64ul << 21))
#define CHUNKS 1000
#define ONE_PAGE(c) (SPARSE + ((8 + scramble(c)) << 21) + ((c) % 512) * PAGE) /* in chunks 8.. */

/* A bijection of 20-bit numbers, so that chunk numbers collide in the table as any might. */
static word_t scramble(word_t x)
{
    const word_t mask = (1ul << 20) - 1;
    x = (x ^ (x >> 7)) & mask;
    x = (x * 0x9e3b5ul) & mask;
    return (x ^ (x >> 11)) & mask;
}

static void test_many_separate_mappings(void)
{
    for (word_t i = 0; i < 1024; i++)
        CHECK(host_vspace_map(NULL, IT_ASID, SPARSE + 2 * i * PAGE, spare_paddr((int)(i % 8)), 12, true, true,
                              false) == 0);
    for (word_t c = 0; c < CHUNKS; c++)
        CHECK(host_vspace_map(NULL, IT_ASID, ONE_PAGE(c), spare_paddr(0), 12, false, true, false) == 0);
    CHECK(host_vspace_maps(SPARSE) && !host_vspace_maps(SPARSE + PAGE));
    CHECK(host_vspace_maps(SPARSE + 2 * 1023 * PAGE) && !host_vspace_maps(SPARSE + 2 * 1024 * PAGE));
    CHECK(strcmp(perms_at(SPARSE + 2 * 700 * PAGE), "rwxs") == 0);
    CHECK(perms_at(SPARSE + (2 * 700 + 1) * PAGE)[0] == '\0');
    CHECK(strcmp(perms_at(ONE_PAGE(99)), "r-xs") == 0);

    /* a 2 MiB frame over the second chunk: its gaps are filled, its pages replaced; then it all goes */
    CHECK(host_vspace_map(NULL, IT_ASID, SPARSE + (1ul << 21), spare_paddr(1023), 21, true, true, false) == 0);
    CHECK(host_vspace_maps(SPARSE + (1ul << 21) + PAGE));
    CHECK(strcmp(perms_at(SPARSE + (1ul << 21) + 301 * PAGE), "rwxs") == 0);
    host_vspace_unmap(NULL, IT_ASID, SPARSE + (1ul << 21), 21);
    CHECK(!host_vspace_maps(SPARSE + (1ul << 21)) && perms_at(SPARSE + (1ul << 21) + 2 * PAGE)[0] == '\0');
    CHECK(host_vspace_maps(SPARSE + (2ul << 21)) && host_vspace_maps(SPARSE + (1ul << 21) - 2 * PAGE));

    /* the one-page chunks go in a scrambled order; the others stay found all along */
    static bool gone[CHUNKS];
    for (word_t k = 0; k < CHUNKS; k++) {
        word_t c = (k * 7) % CHUNKS;
        host_vspace_unmap(NULL, IT_ASID, ONE_PAGE(c), 12);
        gone[c] = true;
        for (word_t d = 0; d < CHUNKS; d++)
            CHECK(host_vspace_maps(ONE_PAGE(d)) == !gone[d]);
    }
    CHECK(perms_at(ONE_PAGE(99))[0] == '\0');
    for (word_t i = 0; i < 1024; i++)
        host_vspace_unmap(NULL, IT_ASID, SPARSE + 2 * i * PAGE, 12);
    CHECK(perms_at(SPARSE)[0] == '\0' && perms_at(SPARSE + 2 * 1023 * PAGE)[0] == '\0');
    /* nothing stale: the same places map afresh */
    CHECK(host_vspace_map(NULL, IT_ASID, SPARSE, spare_paddr(1023), 21, true, true, false) == 0);
    host_vspace_unmap(NULL, IT_ASID, SPARSE, 21);
    CHECK(!host_vspace_maps(SPARSE) && perms_at(SPARSE)[0] == '\0');
}

/* Through the kernel: a frame mapping where Linux has something is seL4_DeleteFirst. */
static void test_kernel_refusal(void)
{
    const seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_CPtr ut = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 16) {
            ut = bi->untyped.start + i;
            break;
        }
    }
    CHECK(ut);
    seL4_CPtr s = bi->empty.start;
    static const seL4_Word types[] = { seL4_X86_PDPTObject, seL4_X86_PageDirectoryObject, seL4_X86_PageTableObject,
                                       seL4_X86_4K };
    for (int i = 0; i < 4; i++)
        CHECK(seL4_Untyped_Retype(ut, types[i], 0, seL4_CapInitThreadCNode, 0, 0, s + i, 1) == seL4_NoError);
    uintptr_t page = (uintptr_t)&linux_global & ~(PAGE - 1);
    CHECK(seL4_X86_PDPT_Map(s, seL4_CapInitThreadVSpace, page, 0) == seL4_NoError);
    CHECK(seL4_X86_PageDirectory_Map(s + 1, seL4_CapInitThreadVSpace, page, 0) == seL4_NoError);
    CHECK(seL4_X86_PageTable_Map(s + 2, seL4_CapInitThreadVSpace, page, 0) == seL4_NoError);
    CHECK(seL4_X86_Page_Map(s + 3, seL4_CapInitThreadVSpace, page, seL4_ReadWrite, 0) == seL4_DeleteFirst);
    linux_global = 9;
    CHECK(linux_global == 9);
    /* nothing was committed: the frame cap is unmapped, so it maps elsewhere */
    CHECK(seL4_X86_Page_Map(s + 3, seL4_CapInitThreadVSpace, page + PAGE * 0, seL4_CanWrite, 0) == seL4_NoError);
    CHECK(seL4_X86_Page_Unmap(s + 3) == seL4_NoError);
    CHECK(seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, 64) == seL4_NoError);
    linux_global = 10;
    CHECK(linux_global == 10);
}

static void run(const char *name, void (*fn)(void))
{
    current_failed = 0;
    fn();
    printf("%s %s\n", current_failed ? "FAIL" : "PASS", name);
    if (current_failed)
        failed++;
    else
        passed++;
}

#define RUN(fn) run(#fn, fn)

int main(void)
{
    RUN(test_map_is_shared_memfd);
    RUN(test_replace_own_mapping);
    RUN(test_refuse_linux_ranges);
    RUN(test_other_asids_and_devices);
    RUN(test_kernel_refusal);
    RUN(test_many_separate_mappings);
    printf("api-vspace: %d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return failed != 0;
}
