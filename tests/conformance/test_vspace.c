/*
 * VSPACE and ASID: x86_64 virtual memory (manual 7): seL4_X86_PDPT_*,
 * seL4_X86_PageDirectory_*, seL4_X86_PageTable_*, seL4_X86_Page_*,
 * seL4_X86_ASIDControl_MakePool, seL4_X86_ASIDPool_Assign. The kernel logic
 * followed is seL4's src/arch/x86/kernel/vspace.c (decodeX86FrameInvocation,
 * decodeX86PageTableInvocation, decodeX86MMUInvocation, unmapPage,
 * unmapPageTable), src/arch/x86/64/kernel/vspace.c
 * (decodeX64PageDirectoryInvocation, decodeX64PDPTInvocation, lookupPDPTSlot,
 * lookupPDSlot) and Arch_finaliseCap / Arch_deriveCap.
 *
 * Check order of a frame Map: length >= 3 and a vspace cap (Truncated);
 * the vspace a PML4 with an ASID (InvalidCapability 1); if the frame cap
 * is mapped: same ASID (InvalidCapability 1) and same address
 * (InvalidArgument 0), else vaddr and vaddr + size <= USER_TOP
 * (0x7fffffffffff; InvalidArgument 0); the ASID still names this PML4
 * (FailedLookup invalid_root, else InvalidCapability 1); alignment
 * (AlignmentError); the walk (FailedLookup, missing_capability with the
 * bits left of the missing level: 39 PDPT, 30 PD, 21 PT); a page table
 * under a large page or a page directory under a huge page (DeleteFirst).
 * x86 seL4 maps a frame over another frame's entry without complaint.
 *
 * PT / PD / PDPT Map: Unmap label first (final cap else RevokeFirst); other
 * labels IllegalOperation; length >= 2 and a vspace (Truncated); the object
 * already mapped (InvalidCapability 0); vaddr rounded down to 2 MiB / 1 GiB
 * / 512 GiB; vspace valid (InvalidCapability 1); vaddr > USER_TOP
 * (InvalidArgument 0); ASID check; walk (FailedLookup); anything present
 * (DeleteFirst).
 *
 * Frames are mapped at 0x300000000000 and up (PML4 index 96 and later),
 * below seL4_UserTop and far from the program, its libraries and stacks.
 * Data is read and written through the mappings by the test itself.
 */
#include "framework.h"

#include <sel4/arch/mapping.h> /* seL4_MappingFailedLookupLevel */

#define VBASE 0x300000000000ul
#define GIB (1ul << 30)
#define MIB2 (1ul << 21)
#define PAGE 0x1000ul
#define VSPACE seL4_CapInitThreadVSpace
#define ATTR seL4_X86_Default_VMAttributes

static inline seL4_Word peek(seL4_Word vaddr)
{
    return *(volatile seL4_Word *)vaddr;
}

static inline void poke(seL4_Word vaddr, seL4_Word value)
{
    *(volatile seL4_Word *)vaddr = value;
}

/* Paging structures for vaddr in vspace: PDPT (levels >= 1), PD (>= 2), PT (>= 3). */
static int make_paging(seL4_CPtr vspace, seL4_Word vaddr, int levels)
{
    if (levels >= 1) {
        NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
        test_ok(seL4_X86_PDPT_Map(pdpt, vspace, vaddr, ATTR));
    }
    if (levels >= 2) {
        NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
        test_ok(seL4_X86_PageDirectory_Map(pd, vspace, vaddr, ATTR));
    }
    if (levels >= 3) {
        NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
        test_ok(seL4_X86_PageTable_Map(pt, vspace, vaddr, ATTR));
    }
    return CONF_PASS;
}

/* A new 4K frame mapped read-write at vaddr (the tables must be there). */
static int map_new_frame(seL4_Word vaddr, seL4_CPtr *frame)
{
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_ok(seL4_X86_Page_Map(f, VSPACE, vaddr, seL4_ReadWrite, ATTR));
    *frame = f;
    return CONF_PASS;
}

/* A new PML4 with an ASID from the root task's pool. */
static int new_vspace(seL4_CPtr *vspace)
{
    NEW_OBJECT(p, seL4_X64_PML4Object, 0);
    test_ok(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, p));
    *vspace = p;
    return CONF_PASS;
}

/* A new ASID pool made from a new 4 KiB untyped. */
static int new_pool(seL4_CPtr *pool)
{
    NEW_UNTYPED(u, seL4_ASIDPoolBits);
    NEW_SLOT(p);
    test_ok(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, p, seL4_WordBits));
    *pool = p;
    return CONF_PASS;
}

/* A device frame of the given type retyped from a bootinfo device untyped. */
static int new_device_frame(seL4_Word type, seL4_Word bits, seL4_CPtr *frame)
{
    seL4_CPtr dev = conf_find_untyped(true, bits, false, NULL);
    if (!dev) {
        test_fail("env: %s", conf_env_error());
    }
    NEW_SLOT(f);
    test_ok(retype(dev, type, 0, f, 1));
    *frame = f;
    return CONF_PASS;
}

/* A raw invocation's error (the label of the reply). */
static seL4_Word raw_error(seL4_CPtr cap, seL4_Word label, seL4_Word length, seL4_Word n_caps,
                           const seL4_Word *mrs, const seL4_CPtr *caps)
{
    return seL4_MessageInfo_get_label(conf_raw_call(cap, label, length, n_caps, mrs, caps));
}

/* ------------------------------------------------------------------------ */
/* Mapping at each level                                                     */

CONF_TEST(VSPACE0001, "map a PDPT, PD, PT and a 4K frame; the frame reads zero and keeps what is written")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE, &f));
    test_eq(peek(VBASE), 0);
    test_eq(peek(VBASE + PAGE - 8), 0);
    poke(VBASE, 0x1122334455667788ul);
    poke(VBASE + PAGE - 8, 42);
    test_eq(peek(VBASE), 0x1122334455667788ul);
    test_eq(peek(VBASE + PAGE - 8), 42);
    return CONF_PASS;
}

CONF_TEST(VSPACE0002, "a missing level is FailedLookup missing_capability with bits left 39, 30, 21")
{
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_lookup_missing(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR), 0, 39);
    test_eq(seL4_MappingFailedLookupLevel(), SEL4_MAPPING_LOOKUP_NO_PDPT);
    TRY(make_paging(VSPACE, VBASE, 1));
    test_lookup_missing(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR), 0, 30);
    test_eq(seL4_MappingFailedLookupLevel(), SEL4_MAPPING_LOOKUP_NO_PD);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, ATTR));
    test_lookup_missing(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR), 0, 21);
    test_eq(seL4_MappingFailedLookupLevel(), SEL4_MAPPING_LOOKUP_NO_PT);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0003, "paging structures' missing levels: PD needs a PDPT (39), PT a PD (30)")
{
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_lookup_missing(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, ATTR), 0, 39);
    test_lookup_missing(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR), 0, 39);
    TRY(make_paging(VSPACE, VBASE, 1));
    test_lookup_missing(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR), 0, 30);
    NEW_OBJECT(big, seL4_X86_LargePageObject, 0);
    test_lookup_missing(seL4_X86_Page_Map(big, VSPACE, VBASE, seL4_ReadWrite, ATTR), 0, 30);
    seL4_CPtr huge;
    TRY(new_device_frame(seL4_X64_HugePageObject, seL4_HugePageBits, &huge));
    test_lookup_missing(seL4_X86_Page_Map(huge, VSPACE, VBASE + (1ul << 39), seL4_ReadWrite, ATTR), 0, 39);
    return CONF_PASS;
}

CONF_TEST(VSPACE0004, "Map with too few message registers or no vspace cap: TruncatedMessage")
{
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    const seL4_Word mrs[] = {VBASE, seL4_ReadWrite.words[0], 0};
    const seL4_CPtr caps[] = {VSPACE};
    test_eq(raw_error(pdpt, X86PDPTMap, 2, 0, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(pdpt, X86PDPTMap, 1, 1, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(pd, X86PageDirectoryMap, 2, 0, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(pd, X86PageDirectoryMap, 1, 1, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(pt, X86PageTableMap, 2, 0, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(pt, X86PageTableMap, 1, 1, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(f, X86PageMap, 3, 0, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(f, X86PageMap, 2, 1, mrs, caps), seL4_TruncatedMessage);
    /* the length check comes first: a mapped PDPT says so too */
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, ATTR));
    test_eq(raw_error(pdpt, X86PDPTMap, 2, 0, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(pdpt, X86PDPTMap, 2, 1, mrs, caps), seL4_InvalidCapability);
    return CONF_PASS;
}

CONF_TEST(VSPACE0005, "Map into a PML4 without an ASID or into a non-PML4 cap: InvalidCapability 1")
{
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_invalid_cap(seL4_X86_PDPT_Map(pdpt, pml4, VBASE, ATTR), 1);
    test_invalid_cap(seL4_X86_PageDirectory_Map(pd, pml4, VBASE, ATTR), 1);
    test_invalid_cap(seL4_X86_PageTable_Map(pt, pml4, VBASE, ATTR), 1);
    test_invalid_cap(seL4_X86_Page_Map(f, pml4, VBASE, seL4_ReadWrite, ATTR), 1);
    test_invalid_cap(seL4_X86_Page_Map(f, ROOT, VBASE, seL4_ReadWrite, ATTR), 1);
    test_invalid_cap(seL4_X86_PageTable_Map(pt, pd, VBASE, ATTR), 1);
    /* a bad address does not matter yet */
    test_invalid_cap(seL4_X86_Page_Map(f, pml4, ~0ul, seL4_ReadWrite, ATTR), 1);
    test_invalid_cap(seL4_X86_PDPT_Map(pdpt, pml4, ~0ul, ATTR), 1);
    return CONF_PASS;
}

CONF_TEST(VSPACE0006, "Map of a PDPT, PD or PT that is mapped already: InvalidCapability 0, before the vspace check")
{
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    test_invalid_cap(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE + (1ul << 39), ATTR), 0);
    test_invalid_cap(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE + GIB, ATTR), 0);
    test_invalid_cap(seL4_X86_PageTable_Map(pt, VSPACE, VBASE + MIB2, ATTR), 0);
    test_invalid_cap(seL4_X86_PageTable_Map(pt, pml4, VBASE + MIB2, ATTR), 0);
    test_invalid_cap(seL4_X86_PDPT_Map(pdpt, pml4, ~0ul, ATTR), 0);
    return CONF_PASS;
}

CONF_TEST(VSPACE0007, "Map where an entry is present: DeleteFirst at each level, the root task's own PDPT too")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_error(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE + 0x12345, ATTR), seL4_DeleteFirst);
    test_error(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE + 0x2345678, ATTR), seL4_DeleteFirst);
    test_error(seL4_X86_PageTable_Map(pt, VSPACE, VBASE + 0x1ff000, ATTR), seL4_DeleteFirst);
    /* the IPC buffer's PML4 entry holds the root task's PDPT */
    test_error(seL4_X86_PDPT_Map(pdpt, VSPACE, (seL4_Word)conf_env.bi->ipcBuffer, ATTR), seL4_DeleteFirst);
    /* the next entries along are free */
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE + MIB2, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE + GIB, ATTR));
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE + (1ul << 39), ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0008, "addresses above USER_TOP: InvalidArgument 0; a structure's address is rounded down")
{
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_invalid_arg(seL4_X86_PDPT_Map(pdpt, VSPACE, 0x800000000000ul, ATTR), 0);
    test_invalid_arg(seL4_X86_PageDirectory_Map(pd, VSPACE, 0x800000000000ul, ATTR), 0);
    test_invalid_arg(seL4_X86_PageTable_Map(pt, VSPACE, 0x800000000000ul, ATTR), 0);
    test_invalid_arg(seL4_X86_PageTable_Map(pt, VSPACE, ~0ul, ATTR), 0);
    /* seL4_UserTop itself is inside the last 512 GiB, GiB and 2 MiB */
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, seL4_UserTop, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, seL4_UserTop, ATTR));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, seL4_UserTop, ATTR));
    /* but its page would end past USER_TOP */
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_invalid_arg(seL4_X86_Page_Map(f, VSPACE, seL4_UserTop, seL4_ReadWrite, ATTR), 0);
    test_invalid_arg(seL4_X86_Page_Map(f, VSPACE, 0x800000000000ul, seL4_ReadWrite, ATTR), 0);
    test_invalid_arg(seL4_X86_Page_Map(f, VSPACE, ~0ul - 0xfff, seL4_ReadWrite, ATTR), 0);
    NEW_OBJECT(big, seL4_X86_LargePageObject, 0);
    test_invalid_arg(seL4_X86_Page_Map(big, VSPACE, 0x7fffffe00000ul, seL4_ReadWrite, ATTR), 0);
    return CONF_PASS;
}

CONF_TEST(VSPACE0009, "a PD or PT address anywhere in its range maps the entry that covers it")
{
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE + (1ul << 39) - 1, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE + GIB - 1, ATTR));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE + 0x123456, ATTR));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE, &f));
    poke(VBASE + 16, 7);
    test_eq(peek(VBASE + 16), 7);
    return CONF_PASS;
}

CONF_TEST(VSPACE0010, "frame alignment: AlignmentError after the ASID check, before the page-table walk")
{
    NEW_OBJECT(f, seL4_X86_4K, 0);
    NEW_OBJECT(big, seL4_X86_LargePageObject, 0);
    /* no tables at all: alignment is reported, not the missing PDPT */
    test_error(seL4_X86_Page_Map(f, VSPACE, VBASE + 8, seL4_ReadWrite, ATTR), seL4_AlignmentError);
    test_error(seL4_X86_Page_Map(big, VSPACE, VBASE + PAGE, seL4_ReadWrite, ATTR), seL4_AlignmentError);
    test_error(seL4_X86_Page_Map(big, VSPACE, VBASE + MIB2 / 2, seL4_ReadWrite, ATTR), seL4_AlignmentError);
    seL4_CPtr huge;
    TRY(new_device_frame(seL4_X64_HugePageObject, seL4_HugePageBits, &huge));
    test_error(seL4_X86_Page_Map(huge, VSPACE, VBASE + MIB2, seL4_ReadWrite, ATTR), seL4_AlignmentError);
    /* but an unassigned vspace is reported first */
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    test_invalid_cap(seL4_X86_Page_Map(f, pml4, VBASE + 8, seL4_ReadWrite, ATTR), 1);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Frames                                                                    */

CONF_TEST(VSPACE0011, "a mapped frame cap maps again only in place: elsewhere InvalidArgument 0, other VSpace InvalidCapability 1")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    seL4_CPtr f, other;
    TRY(map_new_frame(VBASE, &f));
    TRY(new_vspace(&other));
    test_invalid_arg(seL4_X86_Page_Map(f, VSPACE, VBASE + PAGE, seL4_ReadWrite, ATTR), 0);
    /* the ASID is compared before the address */
    test_invalid_cap(seL4_X86_Page_Map(f, other, VBASE + PAGE, seL4_ReadWrite, ATTR), 1);
    test_invalid_cap(seL4_X86_Page_Map(f, other, VBASE, seL4_ReadWrite, ATTR), 1);
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0012, "remapping in place changes the rights and keeps the contents")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE, &f));
    poke(VBASE + 8, 0xabcdef);
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_CanRead, ATTR));
    test_eq(peek(VBASE + 8), 0xabcdef);
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, seL4_X86_WriteThrough));
    poke(VBASE + 8, 0x1234);
    test_eq(peek(VBASE + 8), 0x1234);
    return CONF_PASS;
}

CONF_TEST(VSPACE0013, "two caps to one frame mapped at two addresses see the same bytes")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE, &f));
    NEW_SLOT(c);
    test_ok(root_copy(c, f, seL4_AllRights));
    test_ok(seL4_X86_Page_Map(c, VSPACE, VBASE + 5 * PAGE, seL4_ReadWrite, ATTR));
    poke(VBASE + 64, 0x5555);
    test_eq(peek(VBASE + 5 * PAGE + 64), 0x5555);
    poke(VBASE + 5 * PAGE + 128, 0x6666);
    test_eq(peek(VBASE + 128), 0x6666);
    /* both caps name the same physical frame */
    seL4_X86_Page_GetAddress_t a = seL4_X86_Page_GetAddress(f), b = seL4_X86_Page_GetAddress(c);
    test_ok(a.error);
    test_ok(b.error);
    test_eq(a.paddr, b.paddr);
    return CONF_PASS;
}

CONF_TEST(VSPACE0014, "a frame mapped in two page tables at addresses 2 MiB apart shares its bytes")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    NEW_OBJECT(pt2, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PageTable_Map(pt2, VSPACE, VBASE + MIB2, ATTR));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE + MIB2 - PAGE, &f));
    NEW_SLOT(c);
    test_ok(root_copy(c, f, seL4_AllRights));
    test_ok(seL4_X86_Page_Map(c, VSPACE, VBASE + MIB2, seL4_ReadWrite, ATTR));
    for (seL4_Word off = 0; off < PAGE; off += 512) {
        poke(VBASE + MIB2 - PAGE + off, off + 1);
    }
    for (seL4_Word off = 0; off < PAGE; off += 512) {
        test_eq(peek(VBASE + MIB2 + off), off + 1);
    }
    return CONF_PASS;
}

CONF_TEST(VSPACE0015, "Unmap of a frame, PT, PD or PDPT that is not mapped does nothing")
{
    NEW_OBJECT(f, seL4_X86_4K, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    test_ok(seL4_X86_Page_Unmap(f));
    test_ok(seL4_X86_PageTable_Unmap(pt));
    test_ok(seL4_X86_PageDirectory_Unmap(pd));
    test_ok(seL4_X86_PDPT_Unmap(pdpt));
    test_ok(seL4_X86_Page_Unmap(f));
    /* and they all map afterwards */
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0016, "Page_Unmap frees the cap to map elsewhere and the address for another frame")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    seL4_CPtr f, g;
    TRY(map_new_frame(VBASE, &f));
    poke(VBASE, 77);
    test_ok(seL4_X86_Page_Unmap(f));
    test_ok(seL4_X86_Page_Unmap(f));
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE + 3 * PAGE, seL4_ReadWrite, ATTR));
    test_eq(peek(VBASE + 3 * PAGE), 77);
    TRY(map_new_frame(VBASE, &g));
    test_eq(peek(VBASE), 0);
    poke(VBASE, 78);
    test_eq(peek(VBASE + 3 * PAGE), 77);
    return CONF_PASS;
}

CONF_TEST(VSPACE0017, "x86 maps a 4K frame over another; Unmap of the first leaves the second")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    seL4_CPtr f, g;
    TRY(map_new_frame(VBASE, &f));
    poke(VBASE, 1);
    TRY(map_new_frame(VBASE, &g));
    test_eq(peek(VBASE), 0);
    poke(VBASE, 2);
    /* f's cap still records VBASE, but the entry there is g's */
    test_invalid_arg(seL4_X86_Page_Map(f, VSPACE, VBASE + PAGE, seL4_ReadWrite, ATTR), 0);
    test_ok(seL4_X86_Page_Unmap(f));
    test_eq(peek(VBASE), 2);
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE + PAGE, seL4_ReadWrite, ATTR));
    test_eq(peek(VBASE + PAGE), 1);
    return CONF_PASS;
}

CONF_TEST(VSPACE0018, "x86 maps a large page over another large page, never over a page table")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    NEW_OBJECTS(big, seL4_X86_LargePageObject, 0, 2);
    test_error(seL4_X86_Page_Map(big, VSPACE, VBASE, seL4_ReadWrite, ATTR), seL4_DeleteFirst);
    test_ok(seL4_X86_Page_Map(big, VSPACE, VBASE + MIB2, seL4_ReadWrite, ATTR));
    poke(VBASE + MIB2, 11);
    test_ok(seL4_X86_Page_Map(big + 1, VSPACE, VBASE + MIB2, seL4_ReadWrite, ATTR));
    test_eq(peek(VBASE + MIB2), 0);
    test_ok(seL4_X86_Page_Unmap(big));
    test_eq(peek(VBASE + MIB2), 0);
    return CONF_PASS;
}

CONF_TEST(VSPACE0019, "a large page: both ends read and write; a page table cannot go over it")
{
    TRY(make_paging(VSPACE, VBASE, 2));
    NEW_OBJECT(big, seL4_X86_LargePageObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_Page_Map(big, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    test_eq(peek(VBASE), 0);
    test_eq(peek(VBASE + MIB2 - 8), 0);
    poke(VBASE, 3);
    poke(VBASE + MIB2 - 8, 4);
    test_eq(peek(VBASE) + peek(VBASE + MIB2 - 8), 7);
    test_error(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR), seL4_DeleteFirst);
    test_ok(seL4_X86_Page_Unmap(big));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0020, "a 1 GiB device frame maps under a PDPT; a PD cannot go over it, nor it over a PD")
{
    seL4_CPtr huge;
    TRY(new_device_frame(seL4_X64_HugePageObject, seL4_HugePageBits, &huge));
    seL4_X86_Page_GetAddress_t a = seL4_X86_Page_GetAddress(huge);
    test_ok(a.error);
    test_eq(a.paddr & (GIB - 1), 0);
    TRY(make_paging(VSPACE, VBASE, 2)); /* a PD at VBASE */
    test_error(seL4_X86_Page_Map(huge, VSPACE, VBASE, seL4_ReadWrite, ATTR), seL4_DeleteFirst);
    test_ok(seL4_X86_Page_Map(huge, VSPACE, VBASE + GIB, seL4_ReadWrite, ATTR));
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    test_error(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE + GIB, ATTR), seL4_DeleteFirst);
    test_ok(seL4_X86_Page_Unmap(huge));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE + GIB, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0021, "device frames of 4 KiB and 2 MiB map and unmap")
{
    seL4_CPtr small, big;
    TRY(new_device_frame(seL4_X86_4K, seL4_PageBits, &small));
    TRY(new_device_frame(seL4_X86_LargePageObject, seL4_LargePageBits, &big));
    TRY(make_paging(VSPACE, VBASE, 3));
    test_ok(seL4_X86_Page_Map(small, VSPACE, VBASE + PAGE, seL4_ReadWrite, seL4_X86_CacheDisabled));
    test_ok(seL4_X86_Page_Map(big, VSPACE, VBASE + MIB2, seL4_ReadWrite, seL4_X86_Uncacheable));
    test_ok(seL4_X86_Page_Unmap(small));
    test_ok(seL4_X86_Page_Unmap(big));
    return CONF_PASS;
}

CONF_TEST(VSPACE0022, "every cache attribute maps: write-back, write-through, cache-disabled, uncacheable, write-combining")
{
    static const seL4_X86_VMAttributes attrs[] = {
        seL4_X86_WriteBack, seL4_X86_WriteThrough, seL4_X86_CacheDisabled,
        seL4_X86_Uncacheable, seL4_X86_WriteCombining,
    };
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, seL4_X86_WriteThrough));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, seL4_X86_CacheDisabled));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, seL4_X86_WriteCombining));
    for (seL4_Word i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
        conf_ctx("attribute %lu", (seL4_Word)attrs[i]);
        NEW_OBJECT(f, seL4_X86_4K, 0);
        test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE + i * PAGE, seL4_ReadWrite, attrs[i]));
        poke(VBASE + i * PAGE, i + 100);
        test_eq(peek(VBASE + i * PAGE), i + 100);
    }
    return CONF_PASS;
}

CONF_TEST(VSPACE0023, "rights: a read-only cap maps read-only whatever is asked; no read right maps kernel-only")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE, &f));
    poke(VBASE, 99);
    NEW_SLOT(ro);
    test_ok(root_mint(ro, f, seL4_CanRead, 0));
    test_ok(seL4_X86_Page_Map(ro, VSPACE, VBASE + PAGE, seL4_AllRights, ATTR));
    test_eq(peek(VBASE + PAGE), 99);
    /* maskVMRights without the read right leaves VMKernelOnly: it still maps */
    NEW_OBJECT(g, seL4_X86_4K, 0);
    test_ok(seL4_X86_Page_Map(g, VSPACE, VBASE + 2 * PAGE, seL4_CanWrite, ATTR));
    test_ok(seL4_X86_Page_Map(g, VSPACE, VBASE + 2 * PAGE, seL4_NoRights, ATTR));
    test_ok(seL4_X86_Page_Map(g, VSPACE, VBASE + 2 * PAGE, seL4_ReadWrite, ATTR));
    poke(VBASE + 2 * PAGE, 5);
    test_eq(peek(VBASE + 2 * PAGE), 5);
    /* a read-only cap cannot be minted into a writable one */
    NEW_SLOT(rw);
    test_ok(root_mint(rw, ro, seL4_AllRights, 0));
    test_ok(seL4_X86_Page_Map(rw, VSPACE, VBASE + 3 * PAGE, seL4_ReadWrite, ATTR));
    test_eq(peek(VBASE + 3 * PAGE), 99);
    return CONF_PASS;
}

CONF_TEST(VSPACE0024, "the IPC buffer frame remaps in place and keeps working")
{
    seL4_Word ipc = (seL4_Word)conf_env.bi->ipcBuffer;
    test_ok(seL4_X86_Page_Map(seL4_CapInitThreadIPCBuffer, VSPACE, ipc, seL4_ReadWrite, ATTR));
    test_invalid_arg(seL4_X86_Page_Map(seL4_CapInitThreadIPCBuffer, VSPACE, VBASE, seL4_ReadWrite, ATTR), 0);
    seL4_X86_Page_GetAddress_t a = seL4_X86_Page_GetAddress(seL4_CapInitThreadIPCBuffer);
    test_ok(a.error);
    test_eq(a.paddr & (PAGE - 1), 0);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Deleting and revoking                                                     */

CONF_TEST(VSPACE0025, "deleting a mapped large page's cap unmaps it: a page table can take its place")
{
    TRY(make_paging(VSPACE, VBASE, 2));
    NEW_OBJECT(big, seL4_X86_LargePageObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_Page_Map(big, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    test_error(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR), seL4_DeleteFirst);
    test_ok(root_delete(big));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0026, "deleting one of two caps to a frame removes only that cap's mapping")
{
    TRY(make_paging(VSPACE, VBASE, 2));
    NEW_OBJECT(big, seL4_X86_LargePageObject, 0);
    NEW_SLOT(copy);
    test_ok(root_copy(copy, big, seL4_AllRights));
    test_ok(seL4_X86_Page_Map(big, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    test_ok(seL4_X86_Page_Map(copy, VSPACE, VBASE + MIB2, seL4_ReadWrite, ATTR));
    poke(VBASE + 8, 21);
    test_eq(peek(VBASE + MIB2 + 8), 21);
    test_ok(root_delete(copy));
    test_eq(peek(VBASE + 8), 21);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_error(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR), seL4_DeleteFirst);
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE + MIB2, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0027, "revoking the untyped a mapped frame came from unmaps it")
{
    TRY(make_paging(VSPACE, VBASE, 2));
    NEW_UNTYPED(u, seL4_LargePageBits);
    NEW_SLOT(big);
    test_ok(retype(u, seL4_X86_LargePageObject, 0, big, 1));
    test_ok(seL4_X86_Page_Map(big, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    poke(VBASE, 1);
    test_ok(root_revoke(u));
    test_cap(big, CAP_NULL);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0028, "deleting a mapped page table unmaps it; its frame's cap still names the old place")
{
    TRY(make_paging(VSPACE, VBASE, 2));
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE + 4 * PAGE, &f));
    poke(VBASE + 4 * PAGE, 0x4444);
    test_ok(root_delete(pt));
    NEW_OBJECT(pt2, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PageTable_Map(pt2, VSPACE, VBASE, ATTR));
    test_invalid_arg(seL4_X86_Page_Map(f, VSPACE, VBASE + 5 * PAGE, seL4_ReadWrite, ATTR), 0);
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE + 4 * PAGE, seL4_ReadWrite, ATTR));
    test_eq(peek(VBASE + 4 * PAGE), 0x4444);
    return CONF_PASS;
}

CONF_TEST(VSPACE0029, "PageTable_Unmap needs the only cap (RevokeFirst); after it the table maps again")
{
    TRY(make_paging(VSPACE, VBASE, 2));
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE, &f));
    poke(VBASE, 31);
    NEW_SLOT(copy);
    test_ok(root_copy(copy, pt, seL4_AllRights));
    test_cap(copy, CAP_PT);
    test_error(seL4_X86_PageTable_Unmap(pt), seL4_RevokeFirst);
    test_error(seL4_X86_PageTable_Unmap(copy), seL4_RevokeFirst);
    test_ok(root_delete(copy));
    test_ok(seL4_X86_PageTable_Unmap(pt));
    NEW_OBJECT(pt2, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PageTable_Map(pt2, VSPACE, VBASE, ATTR));
    test_ok(root_delete(pt2));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE + MIB2, ATTR));
    test_ok(seL4_X86_Page_Unmap(f));
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE + MIB2, seL4_ReadWrite, ATTR));
    test_eq(peek(VBASE + MIB2), 31);
    return CONF_PASS;
}

CONF_TEST(VSPACE0030, "PageDirectory_Unmap: the tables below are out of reach and the directory comes back empty")
{
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECTS(pt, seL4_X86_PageTableObject, 0, 2);
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageDirectory_Unmap(pd));
    test_lookup_missing(seL4_X86_PageTable_Map(pt + 1, VSPACE, VBASE, ATTR), 0, 30);
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, ATTR));
    /* the old table is no longer in the directory */
    test_ok(seL4_X86_PageTable_Map(pt + 1, VSPACE, VBASE, ATTR));
    /* but its cap still says mapped until it is unmapped */
    test_invalid_cap(seL4_X86_PageTable_Map(pt, VSPACE, VBASE + MIB2, ATTR), 0);
    test_ok(seL4_X86_PageTable_Unmap(pt));
    test_ok(seL4_X86_PageTable_Map(pt, VSPACE, VBASE + MIB2, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0031, "PDPT_Unmap and deleting a PDPT: the directories below are out of reach")
{
    NEW_OBJECTS(pdpt, seL4_X86_PDPTObject, 0, 2);
    NEW_OBJECTS(pd, seL4_X86_PageDirectoryObject, 0, 4);
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PDPT_Unmap(pdpt));
    test_lookup_missing(seL4_X86_PageDirectory_Map(pd + 1, VSPACE, VBASE, ATTR), 0, 39);
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd + 1, VSPACE, VBASE, ATTR));

    seL4_Word v2 = VBASE + (1ul << 39);
    test_ok(seL4_X86_PDPT_Map(pdpt + 1, VSPACE, v2, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd + 2, VSPACE, v2 + GIB, ATTR));
    test_ok(root_delete(pdpt + 1));
    test_lookup_missing(seL4_X86_PageDirectory_Map(pd + 3, VSPACE, v2, ATTR), 0, 39);
    NEW_OBJECT(pdpt3, seL4_X86_PDPTObject, 0);
    test_ok(seL4_X86_PDPT_Map(pdpt3, VSPACE, v2, ATTR));
    return CONF_PASS;
}

CONF_TEST(VSPACE0032, "PageDirectory_Unmap and PDPT_Unmap with a second cap: RevokeFirst")
{
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, ATTR));
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE, ATTR));
    NEW_SLOTS(copies, 2);
    test_ok(root_copy(copies, pdpt, seL4_AllRights));
    test_ok(root_copy(copies + 1, pd, seL4_AllRights));
    test_error(seL4_X86_PDPT_Unmap(pdpt), seL4_RevokeFirst);
    test_error(seL4_X86_PageDirectory_Unmap(copies + 1), seL4_RevokeFirst);
    /* deleting a copy leaves the mapping */
    test_ok(root_delete(copies + 1));
    NEW_OBJECT(pd2, seL4_X86_PageDirectoryObject, 0);
    test_error(seL4_X86_PageDirectory_Map(pd2, VSPACE, VBASE, ATTR), seL4_DeleteFirst);
    test_ok(seL4_X86_PageDirectory_Unmap(pd));
    test_ok(root_delete(copies));
    test_ok(seL4_X86_PDPT_Unmap(pdpt));
    return CONF_PASS;
}

CONF_TEST(VSPACE0033, "copying paging caps: unmapped PT, PD, PDPT or unassigned PML4 IllegalOperation; frames copy unmapped")
{
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    NEW_SLOT(c);
    test_error(root_copy(c, pt, seL4_AllRights), seL4_IllegalOperation);
    test_error(root_copy(c, pd, seL4_AllRights), seL4_IllegalOperation);
    test_error(root_copy(c, pdpt, seL4_AllRights), seL4_IllegalOperation);
    test_error(root_copy(c, pml4, seL4_AllRights), seL4_IllegalOperation);
    test_error(root_mint(c, pt, seL4_AllRights, 0), seL4_IllegalOperation);
    test_cap(c, CAP_NULL);
    /* moving is not deriving */
    test_ok(root_move(c, pt));
    test_ok(root_move(pt, c));
    test_ok(seL4_X86_PDPT_Map(pdpt, VSPACE, VBASE, ATTR));
    test_ok(root_copy(c, pdpt, seL4_AllRights));
    test_cap(c, CAP_PDPT);
    NEW_SLOT(v);
    test_ok(root_copy(v, VSPACE, seL4_AllRights));
    test_cap(v, CAP_PML4);
    return CONF_PASS;
}

CONF_TEST(VSPACE0034, "a copy of a mapped frame cap is unmapped and maps at its own address")
{
    TRY(make_paging(VSPACE, VBASE, 3));
    seL4_CPtr f;
    TRY(map_new_frame(VBASE, &f));
    NEW_SLOT(c);
    test_ok(root_copy(c, f, seL4_AllRights));
    test_ok(seL4_X86_Page_Unmap(c)); /* not mapped: nothing happens to f's mapping */
    poke(VBASE, 9);
    test_eq(peek(VBASE), 9);
    test_ok(seL4_X86_Page_Map(c, VSPACE, VBASE + 7 * PAGE, seL4_ReadWrite, ATTR));
    test_eq(peek(VBASE + 7 * PAGE), 9);
    return CONF_PASS;
}

CONF_TEST(VSPACE0035, "methods a cap does not have: IllegalOperation (a PML4 has none)")
{
    TRY(make_paging(VSPACE, VBASE, 1));
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    const seL4_Word mrs[] = {VBASE + GIB, 0, 0};
    const seL4_CPtr caps[] = {VSPACE};
    test_eq(raw_error(VSPACE, X86PDPTMap, 2, 1, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(VSPACE, X86PageMap, 3, 1, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(pt, X86PageDirectoryMap, 2, 1, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(pd, X86PageTableMap, 2, 1, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(pd, X86PDPTUnmap, 0, 0, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(pdpt, X86PageDirectoryMap, 2, 1, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(f, X86PageTableMap, 2, 1, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(f, X86ASIDPoolAssign, 0, 1, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(seL4_CapASIDControl, X86ASIDPoolAssign, 0, 1, mrs, caps), seL4_IllegalOperation);
    test_eq(raw_error(seL4_CapInitThreadASIDPool, X86ASIDControlMakePool, 2, 1, mrs, caps),
            seL4_IllegalOperation);
    /* nothing was mapped by those */
    test_ok(seL4_X86_PageDirectory_Map(pd, VSPACE, VBASE + GIB, ATTR));
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Other VSpaces and ASIDs                                                   */

CONF_TEST(VSPACE0036, "a second VSpace: its own structures at the same addresses, caps tied to it")
{
    seL4_CPtr other;
    TRY(new_vspace(&other));
    TRY(make_paging(other, VBASE, 3));
    TRY(make_paging(VSPACE, VBASE, 3));
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_ok(seL4_X86_Page_Map(f, other, VBASE, seL4_ReadWrite, ATTR));
    test_invalid_cap(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR), 1);
    NEW_SLOT(c);
    test_ok(root_copy(c, f, seL4_AllRights));
    test_ok(seL4_X86_Page_Map(c, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    poke(VBASE, 0xfeed);
    test_eq(peek(VBASE), 0xfeed);
    /* the VSpace cap of a PML4 with an ASID copies */
    NEW_SLOT(oc);
    test_ok(root_copy(oc, other, seL4_AllRights));
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    test_ok(seL4_X86_PageTable_Map(pt, oc, VBASE + MIB2, ATTR));
    return CONF_PASS;
}

CONF_TEST(ASID0001, "MakePool from a 4 KiB untyped; the pool's PML4s take mappings")
{
    seL4_CPtr pool;
    TRY(new_pool(&pool));
    test_cap(pool, CAP_ASID_POOL);
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    test_ok(seL4_X86_ASIDPool_Assign(pool, pml4));
    TRY(make_paging(pml4, VBASE, 3));
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_ok(seL4_X86_Page_Map(f, pml4, VBASE, seL4_ReadWrite, ATTR));
    /* a copy of the pool cap assigns too */
    NEW_SLOT(pc);
    test_ok(root_copy(pc, pool, seL4_AllRights));
    NEW_OBJECT(pml4b, seL4_X64_PML4Object, 0);
    test_ok(seL4_X86_ASIDPool_Assign(pc, pml4b));
    return CONF_PASS;
}

CONF_TEST(ASID0002, "MakePool: TruncatedMessage; the untyped must be a 4 KiB RAM untyped (InvalidCapability 1)")
{
    NEW_UNTYPED(u, seL4_ASIDPoolBits);
    NEW_UNTYPED(u13, seL4_ASIDPoolBits + 1);
    NEW_UNTYPED(u4, seL4_MinUntypedBits);
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(dest);
    const seL4_Word mrs[] = {dest, seL4_WordBits};
    const seL4_CPtr caps[] = {u, ROOT};
    test_eq(raw_error(seL4_CapASIDControl, X86ASIDControlMakePool, 1, 2, mrs, caps), seL4_TruncatedMessage);
    test_eq(raw_error(seL4_CapASIDControl, X86ASIDControlMakePool, 2, 1, mrs, caps), seL4_TruncatedMessage);
    test_invalid_cap(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u13, ROOT, dest, seL4_WordBits), 1);
    test_invalid_cap(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u4, ROOT, dest, seL4_WordBits), 1);
    test_invalid_cap(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ep, ROOT, dest, seL4_WordBits), 1);
    seL4_CPtr dev = conf_find_untyped(true, seL4_PageBits, false, NULL);
    if (!dev) {
        test_fail("env: %s", conf_env_error());
    }
    NEW_SLOT(du);
    test_ok(retype(dev, seL4_UntypedObject, seL4_ASIDPoolBits, du, 1));
    test_invalid_cap(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, du, ROOT, dest, seL4_WordBits), 1);
    test_cap(dest, CAP_NULL);
    test_ok(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, dest, seL4_WordBits));
    return CONF_PASS;
}

CONF_TEST(ASID0003, "MakePool: untyped in use RevokeFirst, then destination lookup, then DeleteFirst")
{
    NEW_UNTYPED(u, seL4_ASIDPoolBits);
    NEW_SLOTS(s, 2);
    test_ok(retype(u, seL4_EndpointObject, 0, s, 1));
    /* children: reported before the occupied destination */
    test_error(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, s, seL4_WordBits), seL4_RevokeFirst);
    test_ok(root_delete(s));
    test_error(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, seL4_CapInitThreadTCB, seL4_WordBits),
               seL4_DeleteFirst);
    test_range_error(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, s, 0), 1, seL4_WordBits);
    test_range_error(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, s, 65), 1, seL4_WordBits);
    /* a destination that does not resolve: the root CNode's 51-bit zero guard mismatches */
    test_lookup_guard(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, 1ul << 63, seL4_WordBits), 0,
                      seL4_WordBits, 0, seL4_WordBits - conf_env.bi->initThreadCNodeSizeBits);
    test_lookup_root(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, seL4_CapInitThreadTCB, s,
                                                   seL4_WordBits), 0);
    test_ok(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, s + 1, seL4_WordBits));
    /* the untyped is used up: it retypes again only after the pool is gone */
    NEW_SLOT(e);
    test_not_enough(retype(u, seL4_EndpointObject, 0, e, 1), 0);
    test_error(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, s, seL4_WordBits), seL4_RevokeFirst);
    test_ok(root_delete(s + 1));
    test_ok(retype(u, seL4_EndpointObject, 0, e, 1));
    return CONF_PASS;
}

CONF_TEST(ASID0004, "the ASID table holds 8 pools: MakePool then fails with DeleteFirst before checking the untyped")
{
    NEW_OBJECTS(u, seL4_UntypedObject, seL4_ASIDPoolBits, 8);
    NEW_SLOTS(p, 8);
    /* the root task's pool is one of the eight */
    for (seL4_Word i = 0; i < 7; i++) {
        conf_ctx("pool %lu", i);
        test_ok(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u + i, ROOT, p + i, seL4_WordBits));
    }
    conf_ctx("full");
    test_error(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u + 7, ROOT, p + 7, seL4_WordBits),
               seL4_DeleteFirst);
    test_error(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, seL4_CapInitThreadTCB, ROOT, p + 7,
                                             seL4_WordBits), seL4_DeleteFirst);
    test_ok(root_delete(p + 3));
    test_ok(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u + 7, ROOT, p + 7, seL4_WordBits));
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    test_ok(seL4_X86_ASIDPool_Assign(p + 7, pml4));
    return CONF_PASS;
}

CONF_TEST(ASID0005, "Assign: TruncatedMessage without a cap; not a PML4, or a PML4 with an ASID: InvalidCapability 1")
{
    seL4_CPtr pool;
    TRY(new_pool(&pool));
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    test_eq(raw_error(pool, X86ASIDPoolAssign, 0, 0, NULL, NULL), seL4_TruncatedMessage);
    test_invalid_cap(seL4_X86_ASIDPool_Assign(pool, pd), 1);
    test_invalid_cap(seL4_X86_ASIDPool_Assign(pool, VSPACE), 1);
    test_invalid_cap(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, VSPACE), 1);
    test_invalid_cap(seL4_X86_ASIDPool_Assign(pool, ROOT), 1);
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    test_ok(seL4_X86_ASIDPool_Assign(pool, pml4));
    test_invalid_cap(seL4_X86_ASIDPool_Assign(pool, pml4), 1);
    test_invalid_cap(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4), 1);
    return CONF_PASS;
}

CONF_TEST(ASID0006, "a new pool hands out 512 ASIDs; the next Assign gets DeleteFirst until one is freed")
{
    seL4_CPtr pool;
    TRY(new_pool(&pool));
    NEW_OBJECTS(a, seL4_X64_PML4Object, 0, 256);
    NEW_OBJECTS(b, seL4_X64_PML4Object, 0, 256);
    NEW_OBJECT(c, seL4_X64_PML4Object, 0);
    for (seL4_Word i = 0; i < 256; i++) {
        conf_ctx("PML4 %lu", i);
        test_ok(seL4_X86_ASIDPool_Assign(pool, a + i));
        test_ok(seL4_X86_ASIDPool_Assign(pool, b + i));
    }
    conf_ctx("PML4 512");
    test_error(seL4_X86_ASIDPool_Assign(pool, c), seL4_DeleteFirst);
    test_ok(root_delete(b + 100));
    test_ok(seL4_X86_ASIDPool_Assign(pool, c));
    NEW_OBJECT(d, seL4_X64_PML4Object, 0);
    test_error(seL4_X86_ASIDPool_Assign(pool, d), seL4_DeleteFirst);
    return CONF_PASS;
}

CONF_TEST(ASID0007, "deleting an ASID pool: its VSpaces' ASIDs are gone (FailedLookup invalid root) for good")
{
    seL4_CPtr pool;
    TRY(new_pool(&pool));
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    test_ok(seL4_X86_ASIDPool_Assign(pool, pml4));
    TRY(make_paging(pml4, VBASE, 1));
    test_ok(root_delete(pool));
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    test_lookup_root(seL4_X86_PageDirectory_Map(pd, pml4, VBASE, ATTR), 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_lookup_root(seL4_X86_Page_Map(f, pml4, VBASE, seL4_ReadWrite, ATTR), 0);
    /* the PML4 cap keeps its ASID: it cannot be assigned again */
    test_invalid_cap(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4), 1);
    /* the root task is unaffected */
    TRY(make_paging(VSPACE, VBASE, 3));
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    return CONF_PASS;
}

CONF_TEST(ASID0008, "a PML4 whose ASID now names another PML4: its Maps fail with InvalidCapability 1")
{
    seL4_CPtr pool;
    TRY(new_pool(&pool));
    NEW_OBJECTS(pml4, seL4_X64_PML4Object, 0, 2);
    test_ok(seL4_X86_ASIDPool_Assign(pool, pml4));
    test_ok(root_delete(pool));
    /* the table slot and the pool's first ASID are free again */
    seL4_CPtr pool2;
    TRY(new_pool(&pool2));
    test_ok(seL4_X86_ASIDPool_Assign(pool2, pml4 + 1));
    NEW_OBJECT(pdpt, seL4_X86_PDPTObject, 0);
    test_invalid_cap(seL4_X86_PDPT_Map(pdpt, pml4, VBASE, ATTR), 1);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_invalid_cap(seL4_X86_Page_Map(f, pml4, VBASE, seL4_ReadWrite, ATTR), 1);
    test_ok(seL4_X86_PDPT_Map(pdpt, pml4 + 1, VBASE, ATTR));
    return CONF_PASS;
}

CONF_TEST(ASID0009, "deleting a PML4 frees its ASID; a frame mapped there keeps its claim on the ASID and address")
{
    seL4_CPtr pool;
    TRY(new_pool(&pool));
    NEW_OBJECTS(pml4, seL4_X64_PML4Object, 0, 2);
    test_ok(seL4_X86_ASIDPool_Assign(pool, pml4));
    TRY(make_paging(pml4, VBASE, 3));
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_ok(seL4_X86_Page_Map(f, pml4, VBASE, seL4_ReadWrite, ATTR));
    test_ok(root_delete(pml4));
    /* the next Assign reuses the ASID */
    test_ok(seL4_X86_ASIDPool_Assign(pool, pml4 + 1));
    test_invalid_arg(seL4_X86_Page_Map(f, pml4 + 1, VBASE + PAGE, seL4_ReadWrite, ATTR), 0);
    test_lookup_missing(seL4_X86_Page_Map(f, pml4 + 1, VBASE, seL4_ReadWrite, ATTR), 0, 39);
    /* still tied to that ASID: the root VSpace will not take it until it is unmapped */
    TRY(make_paging(VSPACE, VBASE, 3));
    test_invalid_cap(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR), 1);
    test_ok(seL4_X86_Page_Unmap(f));
    test_ok(seL4_X86_Page_Map(f, VSPACE, VBASE, seL4_ReadWrite, ATTR));
    return CONF_PASS;
}

CONF_TEST(ASID0010, "revoking a pool's untyped deletes the pool: its ASID slot is free for a new pool")
{
    NEW_UNTYPED(u, seL4_ASIDPoolBits);
    NEW_SLOT(p);
    test_ok(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, p, seL4_WordBits));
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    test_ok(seL4_X86_ASIDPool_Assign(p, pml4));
    test_ok(root_revoke(u));
    test_cap(p, CAP_NULL);
    NEW_OBJECT(pd, seL4_X86_PageDirectoryObject, 0);
    test_lookup_root(seL4_X86_PageDirectory_Map(pd, pml4, VBASE, ATTR), 0);
    test_ok(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, u, ROOT, p, seL4_WordBits));
    return CONF_PASS;
}
