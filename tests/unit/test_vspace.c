/*
 * Unit tests of the kernel core's x86_64 virtual memory, driven directly:
 * boot a kernel in plain memory, invoke paging objects and ASID caps from
 * the root thread, and check the replies, the hardware-format entries in
 * the paging structures, the caps, and what the host was told.
 */
#include "harness.h"
#include <sel4/arch/types.h> /* seL4_X86_VMAttributes */

#include <string.h>

#define VA 0x300000000000ul /* PML4 index 96: nothing of the root task's is there */

static void halt(void *ctx, int status)
{
}

/* What the host heard. */
struct host_event {
    char what; /* 'm'ap or 'u'nmap */
    word_t asid, vaddr, paddr, bits;
    bool writable, executable, device;
};
static struct host_event events[4096];
static int n_events;
static int refuse_maps; /* the host says no */

static int host_map(void *ctx, word_t asid, word_t vaddr, word_t paddr, word_t size_bits, bool writable,
                    bool executable, bool device)
{
    if (refuse_maps)
        return -1;
    if (n_events < (int)ARRAY_SIZE(events))
        events[n_events++] = (struct host_event){ 'm', asid, vaddr, paddr, size_bits, writable, executable, device };
    return 0;
}

static void host_unmap(void *ctx, word_t asid, word_t vaddr, word_t size_bits)
{
    if (n_events < (int)ARRAY_SIZE(events))
        events[n_events++] = (struct host_event){ 'u', asid, vaddr, 0, size_bits, false, false, false };
}

static const struct kernel_platform plat = {
    .write = harness_console_write,
    .halt = halt,
    .vspace_map = host_map,
    .vspace_unmap = host_unmap,
};

static cptr_t next_slot;

/* A fresh kernel for each test. */
static void boot_kernel(void)
{
    n_events = 0;
    refuse_maps = 0;
    harness_boot(&plat);
    next_slot = bootinfo()->empty.start;
}

static cap_t cap_of(cptr_t i)
{
    return root_slot(i)->cap;
}

static cptr_t find_untyped(bool device, word_t min_bits)
{
    seL4_BootInfo *bi = bootinfo();
    cptr_t best = 0;
    word_t best_bits = 0;
    for (word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        seL4_UntypedDesc *d = &bi->untypedList[i];
        if (!!d->isDevice == device && d->sizeBits >= min_bits && d->sizeBits > best_bits) {
            best_bits = d->sizeBits;
            best = bi->untyped.start + i;
        }
        if (device && best)
            break;
    }
    return best;
}

/* n new objects retyped from the biggest RAM untyped (or a device one) into fresh slots; 0 on failure. */
static cptr_t new_objects_from(cptr_t ut, word_t type, word_t size, word_t n)
{
    cptr_t slot = next_slot;
    word_t w[] = { type, size, 0, 0, slot, n };
    cptr_t c[] = { seL4_CapInitThreadCNode };
    if (call(ut, UntypedRetype, 6, w, 1, c) != seL4_NoError)
        return 0;
    next_slot += n;
    return slot;
}

static cptr_t new_object(word_t type)
{
    return new_objects_from(find_untyped(false, 0), type, 0, 1);
}

static word_t map_paging(cptr_t obj, word_t label, cptr_t vspace, word_t vaddr, word_t attr)
{
    word_t w[] = { vaddr, attr };
    cptr_t c[] = { vspace };
    return call(obj, label, 2, w, 1, c);
}

static word_t map_page(cptr_t frame, cptr_t vspace, word_t vaddr, word_t rights, word_t attr)
{
    word_t w[] = { vaddr, rights, attr };
    cptr_t c[] = { vspace };
    return call(frame, X86PageMap, 3, w, 1, c);
}

static word_t unmap(cptr_t obj, word_t label)
{
    return call(obj, label, 0, NULL, 0, NULL);
}

static word_t cnode_delete(cptr_t slot)
{
    word_t w[] = { slot, 64 };
    return call(seL4_CapInitThreadCNode, CNodeDelete, 2, w, 0, NULL);
}

static word_t cnode_revoke(cptr_t slot)
{
    word_t w[] = { slot, 64 };
    return call(seL4_CapInitThreadCNode, CNodeRevoke, 2, w, 0, NULL);
}

static word_t cnode_copy(cptr_t dest, cptr_t src, word_t rights)
{
    word_t w[] = { dest, 64, src, 64, rights };
    cptr_t c[] = { seL4_CapInitThreadCNode };
    return call(seL4_CapInitThreadCNode, CNodeCopy, 5, w, 1, c);
}

static uint64_t *table_of(cptr_t obj)
{
    return ptr_from_paddr(k, cap_of(obj).paging.base);
}

static uint64_t *root_pml4(void)
{
    return table_of(seL4_CapInitThreadVSpace);
}

#define IDX(v, level) (((v) >> (12 + 9 * (level))) & 511)
#define TABLE_BITS (X86_PG_PRESENT | X86_PG_RW | X86_PG_USER)

/* PDPT, PD and PT for vaddr in the root VSpace; fills the slots in t[0..2]. */
static int make_tables(word_t vaddr, cptr_t t[3])
{
    t[0] = new_object(seL4_X86_PDPTObject);
    t[1] = new_object(seL4_X86_PageDirectoryObject);
    t[2] = new_object(seL4_X86_PageTableObject);
    if (!t[0] || !t[1] || !t[2])
        return -1;
    if (map_paging(t[0], X86PDPTMap, seL4_CapInitThreadVSpace, vaddr, 0) != seL4_NoError ||
        map_paging(t[1], X86PageDirectoryMap, seL4_CapInitThreadVSpace, vaddr, 0) != seL4_NoError ||
        map_paging(t[2], X86PageTableMap, seL4_CapInitThreadVSpace, vaddr, 0) != seL4_NoError)
        return -1;
    return 0;
}

/* A new PML4 with an ASID from the initial pool; returns its slot. */
static cptr_t new_assigned_pml4(void)
{
    cptr_t p = new_object(seL4_X64_PML4Object);
    cptr_t c[] = { p };
    if (!p || call(seL4_CapInitThreadASIDPool, X86ASIDPoolAssign, 0, NULL, 1, c) != seL4_NoError)
        return 0;
    return p;
}

static int count_events(char what)
{
    int n = 0;
    for (int i = 0; i < n_events; i++)
        n += events[i].what == what;
    return n;
}

static bool has_unmap(word_t asid, word_t vaddr, word_t bits)
{
    for (int i = 0; i < n_events; i++)
        if (events[i].what == 'u' && events[i].asid == asid && events[i].vaddr == vaddr && events[i].bits == bits)
            return true;
    return false;
}

#define RW seL4_ReadWrite.words[0]
#define RO seL4_CanRead.words[0]

/* ---- tests ---- */

static void test_map_each_level_entries(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    CHECK_EQ(root_pml4()[IDX(VA, 3)], cap_of(t[0]).paging.base | TABLE_BITS);
    CHECK_EQ(table_of(t[0])[IDX(VA, 2)], cap_of(t[1]).paging.base | TABLE_BITS);
    CHECK_EQ(table_of(t[1])[IDX(VA, 1)], cap_of(t[2]).paging.base | TABLE_BITS);
    for (int i = 0; i < 3; i++) {
        cap_t c = cap_of(t[i]);
        CHECK(c.paging.mapped);
        CHECK_EQ(c.paging.mapped_asid, IT_ASID);
        CHECK_EQ(c.paging.mapped_addr, VA);
    }
    CHECK_EQ(n_events, 0); /* paging structures alone map nothing */

    cptr_t f = new_object(seL4_X86_4K);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA + 0x5000, RW, seL4_X86_Default_VMAttributes), seL4_NoError);
    cap_t fc = cap_of(f);
    CHECK_EQ(table_of(t[2])[5], fc.frame.base | X86_PG_PRESENT | X86_PG_RW | X86_PG_USER);
    CHECK(fc.frame.mapped);
    CHECK_EQ(fc.frame.mapped_asid, IT_ASID);
    CHECK_EQ(fc.frame.mapped_addr, VA + 0x5000);
    CHECK_EQ(n_events, 1);
    CHECK_EQ(events[0].what, 'm');
    CHECK_EQ(events[0].asid, IT_ASID);
    CHECK_EQ(events[0].vaddr, VA + 0x5000);
    CHECK_EQ(events[0].paddr, fc.frame.base);
    CHECK_EQ(events[0].bits, 12);
    CHECK(events[0].writable && events[0].executable && !events[0].device);
    CHECK_EQ(boot.root->state.type, ThreadState_Running);
}

static void test_entry_attributes_and_rights(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    cptr_t f = new_objects_from(find_untyped(false, 0), seL4_X86_4K, 0, 5);
    CHECK(f);
    uint64_t *pt = table_of(t[2]);
    const uint64_t base = X86_PG_PRESENT | X86_PG_USER;
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RO, seL4_X86_WriteThrough), 0);
    CHECK_EQ(pt[0], cap_of(f).frame.base | base | X86_PG_PWT);
    CHECK(!events[0].writable);
    CHECK_EQ(map_page(f + 1, seL4_CapInitThreadVSpace, VA + 0x1000, RW, seL4_X86_CacheDisabled), 0);
    CHECK_EQ(pt[1], cap_of(f + 1).frame.base | base | X86_PG_RW | X86_PG_PCD);
    CHECK_EQ(map_page(f + 2, seL4_CapInitThreadVSpace, VA + 0x2000, RW, seL4_X86_Uncacheable), 0);
    CHECK_EQ(pt[2], cap_of(f + 2).frame.base | base | X86_PG_RW | X86_PG_PCD | X86_PG_PWT);
    CHECK_EQ(map_page(f + 3, seL4_CapInitThreadVSpace, VA + 0x3000, RW, seL4_X86_WriteCombining), 0);
    CHECK_EQ(pt[3], cap_of(f + 3).frame.base | base | X86_PG_RW | X86_PG_PAT_4K);
    /* maskVMRights: no read right leaves a kernel-only mapping: RW set, no user access */
    CHECK_EQ(map_page(f + 4, seL4_CapInitThreadVSpace, VA + 0x4000, seL4_CanWrite.words[0], 0), 0);
    CHECK_EQ(pt[4], cap_of(f + 4).frame.base | X86_PG_PRESENT | X86_PG_RW);
    CHECK_EQ(count_events('m'), 4); /* the kernel-only mapping is not the host's business */
    /* the cap's own rights cap the mapping: a read-only copy maps read-only */
    cptr_t ro = next_slot++;
    CHECK_EQ(cnode_copy(ro, f + 4, RO), 0);
    CHECK_EQ(cap_of(ro).frame.vm_rights, VMReadOnly);
    CHECK_EQ(map_page(ro, seL4_CapInitThreadVSpace, VA + 0x6000, RW, 0), 0);
    CHECK_EQ(pt[6], cap_of(ro).frame.base | base);
    CHECK(!events[n_events - 1].writable);
}

static void test_large_and_huge_entries(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    cptr_t big = new_objects_from(find_untyped(false, 22), seL4_X86_LargePageObject, 0, 1);
    CHECK(big);
    word_t v2 = VA + (3ul << 21);
    CHECK_EQ(map_page(big, seL4_CapInitThreadVSpace, v2, RW, seL4_X86_WriteCombining | seL4_X86_WriteThrough), 0);
    CHECK_EQ(table_of(t[1])[3], cap_of(big).frame.base | X86_PG_PRESENT | X86_PG_RW | X86_PG_USER | X86_PG_PS |
                                    X86_PG_PAT_BIG | X86_PG_PWT);
    CHECK_EQ(events[n_events - 1].bits, 21);

    cptr_t huge = new_objects_from(find_untyped(true, 30), seL4_X64_HugePageObject, 0, 1);
    CHECK(huge);
    word_t v3 = VA + (5ul << 30);
    CHECK_EQ(map_page(huge, seL4_CapInitThreadVSpace, v3, RO, seL4_X86_WriteCombining), 0);
    /* makeUserPDPTEHugePage never sets PAT */
    CHECK_EQ(table_of(t[0])[5], cap_of(huge).frame.base | X86_PG_PRESENT | X86_PG_USER | X86_PG_PS);
    struct host_event *e = &events[n_events - 1];
    CHECK_EQ(e->bits, 30);
    CHECK(e->device && !e->writable);
    CHECK_EQ(e->vaddr, v3);
}

static void test_failed_lookup_levels(void)
{
    cptr_t f = new_object(seL4_X86_4K);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(mr(1), seL4_MissingCapability);
    CHECK_EQ(mr(2), 39);
    cptr_t pdpt = new_object(seL4_X86_PDPTObject);
    CHECK_EQ(map_paging(pdpt, X86PDPTMap, seL4_CapInitThreadVSpace, VA, 0), 0);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(mr(2), 30);
    cptr_t pd = new_object(seL4_X86_PageDirectoryObject);
    CHECK_EQ(map_paging(pd, X86PageDirectoryMap, seL4_CapInitThreadVSpace, VA, 0), 0);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(mr(2), 21);
    CHECK(!cap_of(f).frame.mapped);
    CHECK_EQ(n_events, 0);
    /* the same levels for paging structures */
    cptr_t pt = new_object(seL4_X86_PageTableObject);
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, VA + (1ul << 39), 0), seL4_FailedLookup);
    CHECK_EQ(mr(2), 39);
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, VA + (1ul << 30), 0), seL4_FailedLookup);
    CHECK_EQ(mr(2), 30);
    CHECK_EQ(boot.root->state.type, ThreadState_Running);
}

static void test_check_order(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    cptr_t f = new_object(seL4_X86_4K);
    cptr_t pml4 = new_object(seL4_X64_PML4Object); /* no ASID */
    /* truncated before anything else */
    word_t w[] = { 1, RW, 0 };
    CHECK_EQ(call(f, X86PageMap, 3, w, 0, NULL), seL4_TruncatedMessage);
    cptr_t c[] = { pml4 };
    CHECK_EQ(call(f, X86PageMap, 2, w, 1, c), seL4_TruncatedMessage);
    /* an invalid root comes before a bad address */
    CHECK_EQ(map_page(f, pml4, ~0ul, RW, 0), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 1);
    /* too high before the lookup */
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, 0x7ffffffff000ul, RW, 0), seL4_InvalidArgument);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, 0x7fffffffe000ul, RW, 0), seL4_FailedLookup);
    CHECK_EQ(mr(2), 39);
    /* alignment after the ASID check, before the slot lookup */
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA + (7ul << 39) + 8, RW, 0), seL4_AlignmentError);
    /* the paging objects: mapped cap before the vspace, vspace before the address */
    CHECK_EQ(map_paging(t[2], X86PageTableMap, pml4, ~0ul, 0), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 0);
    cptr_t pt = new_object(seL4_X86_PageTableObject);
    CHECK_EQ(map_paging(pt, X86PageTableMap, pml4, ~0ul, 0), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 1);
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, 0x800000000000ul, 0), seL4_InvalidArgument);
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, VA + 0x1fffff, 0), seL4_DeleteFirst);
    /* vaddr is rounded down: the last 2 MiB below USER_TOP is acceptable (and missing a PDPT) */
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, 0x7fffffffffffull, 0), seL4_FailedLookup);
    CHECK_EQ(mr(2), 39);
}

static void test_host_refusal_commits_nothing(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    cptr_t f = new_object(seL4_X86_4K);
    refuse_maps = 1;
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RW, 0), seL4_DeleteFirst);
    CHECK(strstr(console, "host could not map") != NULL);
    CHECK_EQ(table_of(t[2])[0], 0);
    CHECK(!cap_of(f).frame.mapped);
    CHECK_EQ(cap_of(f).frame.mapped_asid, 0);
    CHECK_EQ(boot.root->state.type, ThreadState_Running);
    /* a kernel-only mapping needs nothing from the host */
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, 0, 0), 0);
    CHECK_EQ(table_of(t[2])[0], cap_of(f).frame.base | X86_PG_PRESENT | X86_PG_RW);
    refuse_maps = 0;
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RW, 0), 0);
    CHECK_EQ(count_events('m'), 1);
}

static void test_remap_and_overmap(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    cptr_t a = new_object(seL4_X86_4K), b = new_object(seL4_X86_4K);
    uint64_t *pt = table_of(t[2]);
    CHECK_EQ(map_page(a, seL4_CapInitThreadVSpace, VA, RW, 0), 0);
    /* remap in place with new rights; elsewhere is refused */
    CHECK_EQ(map_page(a, seL4_CapInitThreadVSpace, VA, RO, 0), 0);
    CHECK_EQ(pt[0], cap_of(a).frame.base | X86_PG_PRESENT | X86_PG_USER);
    CHECK_EQ(map_page(a, seL4_CapInitThreadVSpace, VA + 0x1000, RW, 0), seL4_InvalidArgument);
    CHECK_EQ(mr(0), 0);
    /* x86 seL4 maps a frame over another frame's PTE */
    CHECK_EQ(map_page(b, seL4_CapInitThreadVSpace, VA, RW, 0), 0);
    CHECK_EQ(pt[0], cap_of(b).frame.base | TABLE_BITS);
    CHECK_EQ(count_events('m'), 3);
    CHECK_EQ(count_events('u'), 0);
    /* a's unmap finds b there and leaves it */
    CHECK_EQ(unmap(a, X86PageUnmap), 0);
    CHECK_EQ(pt[0], cap_of(b).frame.base | TABLE_BITS);
    CHECK_EQ(count_events('u'), 0);
    CHECK(!cap_of(a).frame.mapped);
    /* a kernel-only remap takes the mapping away from the host */
    CHECK_EQ(map_page(b, seL4_CapInitThreadVSpace, VA, 0, 0), 0);
    CHECK(has_unmap(IT_ASID, VA, 12));
    n_events = 0;
    CHECK_EQ(unmap(b, X86PageUnmap), 0);
    CHECK_EQ(pt[0], 0);
    CHECK_EQ(n_events, 0); /* it was not visible to the host */
    CHECK_EQ(unmap(b, X86PageUnmap), 0); /* unmapping an unmapped frame does nothing */
}

static void test_large_page_rules(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    cptr_t big = new_objects_from(find_untyped(false, 22), seL4_X86_LargePageObject, 0, 2);
    CHECK(big);
    /* a page table is in the way at VA */
    CHECK_EQ(map_page(big, seL4_CapInitThreadVSpace, VA, RW, 0), seL4_DeleteFirst);
    CHECK_EQ(map_page(big, seL4_CapInitThreadVSpace, VA + (1ul << 21) + 0x1000, RW, 0), seL4_AlignmentError);
    CHECK_EQ(map_page(big, seL4_CapInitThreadVSpace, VA + (1ul << 21), RW, 0), 0);
    /* a page table cannot go over a large page; another large page can */
    cptr_t pt = new_object(seL4_X86_PageTableObject);
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, VA + (1ul << 21), 0), seL4_DeleteFirst);
    CHECK_EQ(map_page(big + 1, seL4_CapInitThreadVSpace, VA + (1ul << 21), RW, 0), 0);
    /* deleting the frame cap whose page is no longer there changes nothing */
    CHECK_EQ(cnode_delete(big), 0);
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, VA + (1ul << 21), 0), seL4_DeleteFirst);
    n_events = 0;
    CHECK_EQ(cnode_delete(big + 1), 0);
    CHECK(has_unmap(IT_ASID, VA + (1ul << 21), 21));
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, VA + (1ul << 21), 0), 0);
}

static void test_page_table_unmap_and_delete(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    cptr_t f = new_objects_from(find_untyped(false, 0), seL4_X86_4K, 0, 3);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(map_page(f + i, seL4_CapInitThreadVSpace, VA + i * 0x1000ul, RW, 0), 0);
    /* a second cap to the table: Unmap wants it gone first */
    cptr_t copy = next_slot++;
    CHECK_EQ(cnode_copy(copy, t[2], RW), 0);
    CHECK_EQ(unmap(t[2], X86PageTableUnmap), seL4_RevokeFirst);
    CHECK_EQ(cnode_delete(copy), 0); /* not final: the table stays */
    CHECK_EQ(table_of(t[1])[IDX(VA, 1)], cap_of(t[2]).paging.base | TABLE_BITS);
    n_events = 0;
    CHECK_EQ(unmap(t[2], X86PageTableUnmap), 0);
    CHECK_EQ(count_events('u'), 3);
    for (int i = 0; i < 3; i++)
        CHECK(has_unmap(IT_ASID, VA + i * 0x1000ul, 12));
    CHECK_EQ(table_of(t[1])[IDX(VA, 1)], 0);
    for (int i = 0; i < 512; i++)
        CHECK_EQ(table_of(t[2])[i], 0); /* cleared */
    CHECK(!cap_of(t[2]).paging.mapped);
    /* the frames' caps still say where they were mapped */
    CHECK(cap_of(f).frame.mapped);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA + 0x9000, RW, 0), seL4_InvalidArgument);
    CHECK_EQ(unmap(t[2], X86PageTableUnmap), 0); /* unmapped: nothing to do */
    CHECK_EQ(map_paging(t[2], X86PageTableMap, seL4_CapInitThreadVSpace, VA, 0), 0);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RW, 0), 0);

    /* deleting the table (final cap) unmaps it without clearing it */
    n_events = 0;
    CHECK_EQ(cnode_delete(t[2]), 0);
    CHECK_EQ(count_events('u'), 1);
    CHECK_EQ(table_of(t[1])[IDX(VA, 1)], 0);
    /* the frame's unmap now finds no table: nothing happens, the cap is cleared */
    n_events = 0;
    CHECK_EQ(unmap(f, X86PageUnmap), 0);
    CHECK_EQ(n_events, 0);
    CHECK(!cap_of(f).frame.mapped);
}

static void test_upper_levels_unmap_everything_below(void)
{
    cptr_t t[3];
    CHECK(make_tables(VA, t) == 0);
    cptr_t f = new_objects_from(find_untyped(false, 0), seL4_X86_4K, 0, 2);
    cptr_t big = new_objects_from(find_untyped(false, 22), seL4_X86_LargePageObject, 0, 1);
    CHECK(f && big);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA + 0x3000, RW, 0), 0);
    CHECK_EQ(map_page(f + 1, seL4_CapInitThreadVSpace, VA + 0x1ff000, RW, 0), 0);
    CHECK_EQ(map_page(big, seL4_CapInitThreadVSpace, VA + (9ul << 21), RW, 0), 0);
    /* PD Unmap: both frames in the PT and the large page go */
    n_events = 0;
    CHECK_EQ(unmap(t[1], X86PageDirectoryUnmap), 0);
    CHECK_EQ(count_events('u'), 3);
    CHECK(has_unmap(IT_ASID, VA + 0x3000, 12));
    CHECK(has_unmap(IT_ASID, VA + 0x1ff000, 12));
    CHECK(has_unmap(IT_ASID, VA + (9ul << 21), 21));
    /* the PD was cleared: a new PT can go where the old one was once the PD is back */
    CHECK_EQ(map_paging(t[1], X86PageDirectoryMap, seL4_CapInitThreadVSpace, VA, 0), 0);
    cptr_t pt = new_object(seL4_X86_PageTableObject);
    CHECK_EQ(map_paging(pt, X86PageTableMap, seL4_CapInitThreadVSpace, VA, 0), 0);
    CHECK_EQ(map_page(f + 1, seL4_CapInitThreadVSpace, VA + 0x1ff000, RW, 0), 0);
    /* PDPT deletion takes everything below */
    n_events = 0;
    CHECK_EQ(cnode_delete(t[0]), 0);
    CHECK_EQ(count_events('u'), 1);
    CHECK(has_unmap(IT_ASID, VA + 0x1ff000, 12));
    CHECK_EQ(root_pml4()[IDX(VA, 3)], 0);
    /* the PD cap still claims to be mapped; its Unmap finds nothing to do */
    n_events = 0;
    CHECK_EQ(unmap(t[1], X86PageDirectoryUnmap), 0);
    CHECK_EQ(n_events, 0);
}

static void test_pdpt_and_pd_map_rules(void)
{
    cptr_t pdpt = new_object(seL4_X86_PDPTObject), pdpt2 = new_object(seL4_X86_PDPTObject);
    /* the root task's own PDPT is at PML4 index 0 */
    CHECK_EQ(map_paging(pdpt, X86PDPTMap, seL4_CapInitThreadVSpace, IMAGE_END, 0), seL4_DeleteFirst);
    CHECK_EQ(map_paging(pdpt, X86PDPTMap, seL4_CapInitThreadVSpace, 0x800000000000ul, 0), seL4_InvalidArgument);
    CHECK_EQ(map_paging(pdpt, X86PDPTMap, seL4_CapInitThreadVSpace, VA + 0x123456789ul, seL4_X86_CacheDisabled), 0);
    CHECK_EQ(cap_of(pdpt).paging.mapped_addr, VA);
    CHECK_EQ(root_pml4()[IDX(VA, 3)], cap_of(pdpt).paging.base | TABLE_BITS | X86_PG_PCD);
    CHECK_EQ(map_paging(pdpt, X86PDPTMap, seL4_CapInitThreadVSpace, VA + (1ul << 39), 0), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(map_paging(pdpt2, X86PDPTMap, seL4_CapInitThreadVSpace, VA, 0), seL4_DeleteFirst);
    /* a huge page blocks a PD; a PD blocks a huge page */
    cptr_t huge = new_objects_from(find_untyped(true, 31), seL4_X64_HugePageObject, 0, 2);
    CHECK(huge);
    cptr_t pd = new_object(seL4_X86_PageDirectoryObject);
    CHECK_EQ(map_page(huge, seL4_CapInitThreadVSpace, VA, RW, 0), 0);
    CHECK_EQ(map_paging(pd, X86PageDirectoryMap, seL4_CapInitThreadVSpace, VA, 0), seL4_DeleteFirst);
    CHECK_EQ(map_paging(pd, X86PageDirectoryMap, seL4_CapInitThreadVSpace, VA + (1ul << 30), 0), 0);
    CHECK_EQ(map_page(huge + 1, seL4_CapInitThreadVSpace, VA + (1ul << 30), RW, 0), seL4_DeleteFirst);
    CHECK_EQ(map_page(huge + 1, seL4_CapInitThreadVSpace, VA + (2ul << 30) + (1ul << 21), RW, 0),
             seL4_AlignmentError);
    /* labels of other objects are illegal */
    CHECK_EQ(unmap(pd, X86PageTableUnmap), seL4_IllegalOperation);
    CHECK_EQ(unmap(pdpt, X86PageDirectoryMap), seL4_IllegalOperation);
    CHECK_EQ(unmap(seL4_CapInitThreadVSpace, X86PDPTMap), seL4_IllegalOperation);
    CHECK_EQ(unmap(huge, X86PageTableMap), seL4_IllegalOperation);
}

static void test_other_vspace(void)
{
    cptr_t pml4 = new_assigned_pml4();
    CHECK(pml4);
    word_t asid = cap_of(pml4).paging.mapped_asid;
    CHECK_EQ(asid, 2); /* ASID 0 is never used, 1 is the root task's */
    CHECK_EQ(((asid_pool_t *)ptr_from_paddr(k, cap_of(seL4_CapInitThreadASIDPool).asid_pool.pool))->pml4[2],
             REF(table_of(pml4)));
    cptr_t pdpt = new_object(seL4_X86_PDPTObject), pd = new_object(seL4_X86_PageDirectoryObject);
    cptr_t pt = new_object(seL4_X86_PageTableObject), f = new_object(seL4_X86_4K);
    CHECK_EQ(map_paging(pdpt, X86PDPTMap, pml4, VA, 0), 0);
    CHECK_EQ(map_paging(pd, X86PageDirectoryMap, pml4, VA, 0), 0);
    CHECK_EQ(map_paging(pt, X86PageTableMap, pml4, VA, 0), 0);
    CHECK_EQ(map_page(f, pml4, VA, RW, 0), 0);
    CHECK_EQ(events[0].asid, asid);
    /* mapped in ASID 2: remapping it through the root VSpace is refused */
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RW, 0), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 1);
    /* a PML4 that already has an ASID cannot be assigned again */
    cptr_t c[] = { pml4 };
    CHECK_EQ(call(seL4_CapInitThreadASIDPool, X86ASIDPoolAssign, 0, NULL, 1, c), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 1);
    /* deleting the PML4 takes its whole VSpace from the host and frees the ASID */
    n_events = 0;
    CHECK_EQ(cnode_delete(pml4), 0);
    CHECK_EQ(n_events, 1);
    CHECK(has_unmap(asid, VA, 12));
    cptr_t again = new_assigned_pml4();
    CHECK_EQ(cap_of(again).paging.mapped_asid, asid);
    /* the frame still believes it is mapped at VA in ASID 2: mapping it there in the new VSpace is allowed */
    CHECK_EQ(map_page(f, again, VA + 0x1000, RW, 0), seL4_InvalidArgument);
    CHECK_EQ(map_page(f, again, VA, RW, 0), seL4_FailedLookup);
    CHECK_EQ(mr(2), 39);
}

static void test_make_pool_and_assign(void)
{
    cptr_t ut = new_objects_from(find_untyped(false, 0), seL4_UntypedObject, seL4_ASIDPoolBits, 1);
    cptr_t big = new_objects_from(find_untyped(false, 0), seL4_UntypedObject, seL4_ASIDPoolBits + 1, 1);
    cptr_t dest = next_slot++;
    word_t w[] = { dest, 64 };
    cptr_t c[] = { ut, seL4_CapInitThreadCNode };
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 1, w, 2, c), seL4_TruncatedMessage);
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w, 1, c), seL4_TruncatedMessage);
    cptr_t c_big[] = { big, seL4_CapInitThreadCNode };
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w, 2, c_big), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 1);
    word_t w_occupied[] = { seL4_CapInitThreadTCB, 64 };
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w_occupied, 2, c), seL4_DeleteFirst);
    word_t w_depth[] = { dest, 65 };
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w_depth, 2, c), seL4_RangeError);
    CHECK_EQ(mr(0), 1);
    CHECK_EQ(mr(1), 64);
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDPoolAssign, 2, w, 2, c), seL4_IllegalOperation);

    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w, 2, c), 0);
    cap_t pc = cap_of(dest);
    CHECK_EQ(cap_type(pc), cap_asid_pool_cap);
    CHECK_EQ(pc.asid_pool.asid_base, 1 << 9);
    CHECK_EQ(pc.asid_pool.pool, cap_of(ut).untyped.ptr);
    CHECK_EQ(cap_of(ut).untyped.free_index, 4096);
    CHECK(k->asid_table[1] == ptr_from_paddr(k, pc.asid_pool.pool));
    /* the untyped has a child now */
    cptr_t dest2 = next_slot++;
    word_t w2[] = { dest2, 64 };
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w2, 2, c), seL4_RevokeFirst);

    cptr_t pml4 = new_object(seL4_X64_PML4Object);
    cptr_t cp[] = { pml4 };
    CHECK_EQ(call(dest, X86ASIDPoolAssign, 0, NULL, 1, cp), 0);
    CHECK_EQ(cap_of(pml4).paging.mapped_asid, 512); /* the first ASID of the pool */
    /* a stale pool: the ASID table no longer holds it */
    asid_pool_t *saved = k->asid_table[1];
    cptr_t pml4b = new_object(seL4_X64_PML4Object);
    cptr_t cpb[] = { pml4b };
    k->asid_table[1] = NULL;
    CHECK_EQ(call(dest, X86ASIDPoolAssign, 0, NULL, 1, cpb), seL4_FailedLookup);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(mr(1), seL4_InvalidRoot);
    k->asid_table[1] = (asid_pool_t *)((uint8_t *)saved + 4096);
    CHECK_EQ(call(dest, X86ASIDPoolAssign, 0, NULL, 1, cpb), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 0);
    k->asid_table[1] = saved;
    CHECK_EQ(call(dest, X86ASIDPoolAssign, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    cptr_t cpd[] = { seL4_CapInitThreadTCB };
    CHECK_EQ(call(dest, X86ASIDPoolAssign, 0, NULL, 1, cpd), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 1);

    /* deleting the pool: its VSpaces go from the host, their caps keep the ASID */
    cptr_t pdpt = new_object(seL4_X86_PDPTObject), pd = new_object(seL4_X86_PageDirectoryObject);
    cptr_t huge = new_objects_from(find_untyped(true, 30), seL4_X64_HugePageObject, 0, 1);
    CHECK_EQ(map_paging(pdpt, X86PDPTMap, pml4, VA, 0), 0);
    CHECK_EQ(map_page(huge, pml4, VA, RW, 0), 0);
    n_events = 0;
    CHECK_EQ(cnode_delete(dest), 0);
    CHECK(k->asid_table[1] == NULL);
    CHECK_EQ(n_events, 1);
    CHECK(has_unmap(512, VA, 30));
    CHECK_EQ(map_paging(pd, X86PageDirectoryMap, pml4, VA + (1ul << 30), 0), seL4_FailedLookup);
    CHECK_EQ(mr(1), seL4_InvalidRoot);
}

static void test_asid_table_full(void)
{
    cptr_t ut = new_objects_from(find_untyped(false, 0), seL4_UntypedObject, seL4_ASIDPoolBits, 8);
    CHECK(ut);
    for (int i = 0; i < 7; i++) {
        cptr_t dest = next_slot++;
        word_t w[] = { dest, 64 };
        cptr_t c[] = { ut + i, seL4_CapInitThreadCNode };
        CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w, 2, c), 0);
        CHECK_EQ(cap_of(dest).asid_pool.asid_base, (i + 1) << 9);
    }
    /* the table is full: reported before the untyped is even looked at */
    word_t w[] = { next_slot, 64 };
    cptr_t c[] = { seL4_CapInitThreadTCB, seL4_CapInitThreadCNode };
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w, 2, c), seL4_DeleteFirst);
    /* deleting one pool frees its place */
    CHECK_EQ(cnode_delete(next_slot - 3), 0);
    cptr_t c2[] = { ut + 7, seL4_CapInitThreadCNode };
    CHECK_EQ(call(seL4_CapASIDControl, X86ASIDControlMakePool, 2, w, 2, c2), 0);
    CHECK_EQ(cap_of(next_slot).asid_pool.asid_base, 5 << 9);
}

static void test_derive_and_revoke(void)
{
    cptr_t ut = new_objects_from(find_untyped(false, 0), seL4_UntypedObject, 16, 1);
    cptr_t objs = new_objects_from(ut, seL4_X86_PageTableObject, 0, 1);
    cptr_t pd = new_objects_from(ut, seL4_X86_PageDirectoryObject, 0, 1);
    cptr_t pdpt = new_objects_from(ut, seL4_X86_PDPTObject, 0, 1);
    cptr_t pml4 = new_objects_from(ut, seL4_X64_PML4Object, 0, 1);
    cptr_t f = new_objects_from(ut, seL4_X86_4K, 0, 1);
    cptr_t dest = next_slot++;
    CHECK_EQ(cnode_copy(dest, objs, RW), seL4_IllegalOperation);
    CHECK_EQ(cnode_copy(dest, pd, RW), seL4_IllegalOperation);
    CHECK_EQ(cnode_copy(dest, pdpt, RW), seL4_IllegalOperation);
    CHECK_EQ(cnode_copy(dest, pml4, RW), seL4_IllegalOperation);
    CHECK_EQ(map_paging(pdpt, X86PDPTMap, seL4_CapInitThreadVSpace, VA, 0), 0);
    CHECK_EQ(map_paging(pd, X86PageDirectoryMap, seL4_CapInitThreadVSpace, VA, 0), 0);
    CHECK_EQ(map_paging(objs, X86PageTableMap, seL4_CapInitThreadVSpace, VA, 0), 0);
    CHECK_EQ(map_page(f, seL4_CapInitThreadVSpace, VA, RW, 0), 0);
    /* a copy of a mapped frame cap is unmapped and maps on its own */
    CHECK_EQ(cnode_copy(dest, f, RW), 0);
    CHECK(!cap_of(dest).frame.mapped);
    CHECK_EQ(map_page(dest, seL4_CapInitThreadVSpace, VA + 0x1000, RW, 0), 0);
    /* deleting one of two caps to a frame removes that cap's mapping (finalise ignores finality) */
    n_events = 0;
    CHECK_EQ(cnode_delete(dest), 0);
    CHECK_EQ(n_events, 1);
    CHECK(has_unmap(IT_ASID, VA + 0x1000, 12));
    /* revoking the untyped takes the rest down */
    n_events = 0;
    CHECK_EQ(cnode_revoke(ut), 0);
    CHECK(has_unmap(IT_ASID, VA, 12));
    CHECK_EQ(root_pml4()[IDX(VA, 3)], 0);
}

static void test_get_address_and_illegal(void)
{
    word_t label = call(seL4_CapInitThreadIPCBuffer, X86PageGetAddress, 0, NULL, 0, NULL);
    CHECK_EQ(label, 0);
    CHECK_EQ(mr(0), boot.ipc_buffer_paddr);
    CHECK_EQ(call(seL4_CapInitThreadIPCBuffer, X86PDPTMap, 0, NULL, 0, NULL), seL4_IllegalOperation);
    CHECK_EQ(call(seL4_CapInitThreadASIDPool, X86ASIDControlMakePool, 0, NULL, 0, NULL), seL4_IllegalOperation);
    /* the root task's IPC buffer: unmap and map back in place */
    CHECK_EQ(unmap(seL4_CapInitThreadIPCBuffer, X86PageUnmap), 0);
    CHECK(has_unmap(IT_ASID, IMAGE_END, 12));
    CHECK_EQ(map_page(seL4_CapInitThreadIPCBuffer, seL4_CapInitThreadVSpace, IMAGE_END, RW, 0), 0);
    CHECK_EQ(events[n_events - 1].vaddr, IMAGE_END);
}

int main(void)
{
    RUN(test_map_each_level_entries);
    RUN(test_entry_attributes_and_rights);
    RUN(test_large_and_huge_entries);
    RUN(test_failed_lookup_levels);
    RUN(test_check_order);
    RUN(test_host_refusal_commits_nothing);
    RUN(test_remap_and_overmap);
    RUN(test_large_page_rules);
    RUN(test_page_table_unmap_and_delete);
    RUN(test_upper_levels_unmap_everything_below);
    RUN(test_pdpt_and_pd_map_rules);
    RUN(test_other_vspace);
    RUN(test_make_pool_and_assign);
    RUN(test_asid_table_full);
    RUN(test_derive_and_revoke);
    RUN(test_get_address_and_illegal);
    return harness_finish("vspace");
}
