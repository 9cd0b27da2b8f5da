/*
 * BOOTINFO: the root task's bootinfo and initial CSpace, as seL4's boot code
 * (kernel src/kernel/boot.c, src/arch/x86/kernel/boot.c) lays them out.
 */
#include "framework.h"

static bool region_empty(seL4_SlotRegion r)
{
    return r.start == r.end;
}

static bool regions_overlap(seL4_SlotRegion a, seL4_SlotRegion b)
{
    return !region_empty(a) && !region_empty(b) && a.start < b.end &&
           b.start < a.end;
}

CONF_TEST(BOOTINFO0001, "bootinfo scalar fields: node, CNode size, domain, IOPT levels, IPC buffer")
{
    const seL4_BootInfo *bi = conf_env.bi;
    /* populate_bi_frame: one node, node 0 */
    test_eq(bi->nodeID, 0);
    test_eq(bi->numNodes, 1);
    /* CONFIG_ROOT_CNODE_SIZE_BITS = 13 */
    test_eq(bi->initThreadCNodeSizeBits, 13);
    /* ksDomSchedule[0].domain of the default schedule */
    test_eq(bi->initThreadDomain, 0);
    /* x86 init_sys_state without CONFIG_IOMMU: numIOPTLevels = -1 */
    test_eq(bi->numIOPTLevels, (seL4_Word)-1);
    /* the IPC buffer is its own page; sel4runtime takes it from bootinfo */
    test_neq((seL4_Word)bi->ipcBuffer, 0);
    test_eq((seL4_Word)bi->ipcBuffer, (seL4_Word)seL4_GetIPCBuffer());
    test_eq((seL4_Word)bi->ipcBuffer & ((1ul << seL4_PageBits) - 1), 0);
    return CONF_PASS;
}

CONF_TEST(BOOTINFO0002, "bootinfo slot regions: empty region ends at 2^13, untypeds precede it, no overlaps")
{
    const seL4_BootInfo *bi = conf_env.bi;
    const seL4_SlotRegion regions[] = {
        bi->sharedFrames, bi->userImageFrames, bi->userImagePaging,
        bi->ioSpaceCaps, bi->extraBIPages, bi->untyped,
    };
    const size_t n = sizeof(regions) / sizeof(regions[0]);

    /* bi_finalise: empty = [slot_pos_cur, BIT(CONFIG_ROOT_CNODE_SIZE_BITS)) */
    test_eq(bi->empty.end, 1ul << 13);
    test_leq(bi->empty.start, bi->empty.end);
    /* create_untypeds runs last, right before bi_finalise */
    test_eq(bi->untyped.end, bi->empty.start);
    test_geq(bi->untyped.start, seL4_NumInitialCaps);
    test_gt(bi->untyped.end, bi->untyped.start);
    test_leq(bi->untyped.end - bi->untyped.start,
             CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    /* no SMP shared frames, no IOMMU */
    test_eq(bi->sharedFrames.start, bi->sharedFrames.end);
    test_eq(bi->ioSpaceCaps.start, bi->ioSpaceCaps.end);

    for (size_t i = 0; i < n; i++) {
        conf_ctx("region %lu", (seL4_Word)i);
        test_leq(regions[i].start, regions[i].end);
        if (!region_empty(regions[i])) {
            test_geq(regions[i].start, seL4_NumInitialCaps);
            test_leq(regions[i].end, bi->empty.start);
        }
        for (size_t j = i + 1; j < n; j++) {
            conf_ctx("regions %lu and %lu", (seL4_Word)i, (seL4_Word)j);
            test_assert(!regions_overlap(regions[i], regions[j]));
        }
    }
    return CONF_PASS;
}

CONF_TEST(BOOTINFO0003, "bootinfo untyped list: aligned power-of-two blocks of 2^4..2^47, disjoint, some RAM")
{
    const seL4_BootInfo *bi = conf_env.bi;
    seL4_Word n = bi->untyped.end - bi->untyped.start;
    seL4_Word ram = 0;

    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        conf_ctx("untypedList[%lu] paddr 0x%lx size 2^%u", i, d->paddr,
                 (unsigned)d->sizeBits);
        /* provide_untyped_cap: seL4_MinUntypedBits <= size <= MaxUntypedBits,
         * aligned to its size */
        test_geq(d->sizeBits, seL4_MinUntypedBits);
        test_leq(d->sizeBits, seL4_MaxUntypedBits);
        test_eq(d->paddr & ((1ul << d->sizeBits) - 1), 0);
        test_leq(d->isDevice, 1);
        for (size_t p = 0; p < sizeof(d->padding); p++) {
            test_eq(d->padding[p], 0);
        }
        if (!d->isDevice) {
            ram++;
        }
        for (seL4_Word j = i + 1; j < n; j++) {
            const seL4_UntypedDesc *e = &bi->untypedList[j];
            seL4_Word a0 = d->paddr, a1 = d->paddr + (1ul << d->sizeBits) - 1;
            seL4_Word b0 = e->paddr, b1 = e->paddr + (1ul << e->sizeBits) - 1;
            conf_ctx("untypedList[%lu] and [%lu]", i, j);
            test_assert(a1 < b0 || b1 < a0);
        }
    }
    conf_ctx("RAM untypeds");
    test_gt(ram, 0);
    return CONF_PASS;
}

CONF_TEST(BOOTINFO0004, "every slot of the bootinfo untyped region holds an untyped cap")
{
    const seL4_BootInfo *bi = conf_env.bi;
    for (seL4_Word s = bi->untyped.start; s < bi->untyped.end; s++) {
        test_cap(s, CAP_UNTYPED);
    }
    /* the slots just outside the region are not untypeds */
    test_neq(seL4_DebugCapIdentify(bi->untyped.end), CAP_UNTYPED);
    test_neq(seL4_DebugCapIdentify(bi->untyped.start - 1), CAP_UNTYPED);
    return CONF_PASS;
}

CONF_TEST(BOOTINFO0005, "initial caps in slots 0..15 have the kernel cap types seL4 gives them on x86_64")
{
    test_cap(seL4_CapNull, CAP_NULL);
    test_cap(seL4_CapInitThreadTCB, CAP_TCB);
    test_cap(seL4_CapInitThreadCNode, CAP_CNODE);
    test_cap(seL4_CapInitThreadVSpace, CAP_PML4);
    test_cap(seL4_CapIRQControl, CAP_IRQ_CONTROL);
    test_cap(seL4_CapASIDControl, CAP_ASID_CONTROL);
    test_cap(seL4_CapInitThreadASIDPool, CAP_ASID_POOL);
    test_cap(seL4_CapIOPortControl, CAP_IO_PORT_CONTROL);
    /* no IOMMU: no IOSpace cap */
    test_cap(seL4_CapIOSpace, CAP_NULL);
    test_cap(seL4_CapBootInfoFrame, CAP_FRAME);
    test_cap(seL4_CapInitThreadIPCBuffer, CAP_FRAME);
    test_cap(seL4_CapDomain, CAP_DOMAIN);
    /* no SMMU, no MCS, no SMC on x86 non-MCS */
    test_cap(seL4_CapSMMUSIDControl, CAP_NULL);
    test_cap(seL4_CapSMMUCBControl, CAP_NULL);
    test_cap(seL4_CapInitThreadSC, CAP_NULL);
    test_cap(seL4_CapSMC, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(BOOTINFO0006, "every slot of the bootinfo empty region is empty")
{
    const seL4_BootInfo *bi = conf_env.bi;
    for (seL4_Word s = bi->empty.start; s < bi->empty.end; s++) {
        test_cap(s, CAP_NULL);
    }
    /* lookups beyond the 2^13 slots fail, which DebugCapIdentify reports as
     * a null cap (lookupCapAndSlot fails, cap is cap_null_cap) */
    test_eq(seL4_DebugCapIdentify(bi->empty.end), CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(BOOTINFO0007, "user image frame, paging and extra bootinfo regions hold frame and paging caps")
{
    const seL4_BootInfo *bi = conf_env.bi;
    for (seL4_Word s = bi->userImageFrames.start; s < bi->userImageFrames.end; s++) {
        test_cap(s, CAP_FRAME);
    }
    for (seL4_Word s = bi->extraBIPages.start; s < bi->extraBIPages.end; s++) {
        test_cap(s, CAP_FRAME);
    }
    /* create_it_address_space on x86_64: PDPTs, PDs and PTs (the PML4 is
     * seL4_CapInitThreadVSpace) */
    for (seL4_Word s = bi->userImagePaging.start; s < bi->userImagePaging.end; s++) {
        seL4_Word t = seL4_DebugCapIdentify(s);
        conf_ctx("slot %lu holds %s", s, conf_cap_name(t));
        test_assert(t == CAP_PDPT || t == CAP_PD || t == CAP_PT);
    }
    /* the caps between the initial caps and the first region are not holes
     * the kernel leaves: slot 16 is the first slot handed out at boot
     * (ndks_boot.slot_pos_cur = seL4_NumInitialCaps) */
    conf_ctx("slot 16");
    test_neq(seL4_DebugCapIdentify(seL4_NumInitialCaps), CAP_NULL);
    return CONF_PASS;
}
