/*
 * Boot: the root task's initial state as seL4 builds it (manual 9.1,
 * kernel/src/kernel/boot.c): initial caps at their slot numbers, a root
 * CNode of 2^13 slots guarded to resolve at depth 64, the IPC buffer and
 * bootinfo frames mapped at the end of the user image, and all other
 * physical memory handed out as untypeds in aligned power-of-two blocks.
 */
#include <core.h>
#include <sel4/arch/bootinfo_types.h>

#define PTE_PRESENT 0x1ul
#define PTE_WRITE 0x2ul
#define PTE_USER 0x4ul
#define STR_(x) #x
#define STR(x) STR_(x)
#define PAGING_INDEX(vaddr, level) (((vaddr) >> (seL4_PageBits + 9 * (level))) & MASK(9))

struct boot_state {
    kernel_t *k;
    word_t alloc_next; /* bump allocator over the root task's objects */
    word_t alloc_end;
    bool out_of_ram;
    bool out_of_slots; /* more caps than the root CNode holds: boot fails, as on seL4 */
    cte_t *root_cnode;
    word_t slot_next;  /* next free root CNode slot */
    seL4_BootInfo *bi;
};

static word_t boot_alloc(struct boot_state *b, word_t size_bits)
{
    word_t p = ROUND_UP(b->alloc_next, size_bits);
    if (p + BIT(size_bits) > b->alloc_end) {
        b->out_of_ram = true;
        return b->alloc_end - BIT(size_bits); /* harmless scratch; boot fails below */
    }
    b->alloc_next = p + BIT(size_bits);
    return p;
}

/* Initial caps are roots of the derivation tree. */
static void write_slot(cte_t *slot, cap_t cap)
{
    slot->cap = cap;
    slot->mdb = (mdb_node_t){ .revocable = 1, .first_badged = 1 };
}

static void provide_cap(struct boot_state *b, cap_t cap)
{
    if (b->slot_next >= BIT(CONFIG_ROOT_CNODE_SIZE_BITS)) {
        b->out_of_slots = true;
        return;
    }
    write_slot(&b->root_cnode[b->slot_next++], cap);
}

static cap_t mapped_paging_cap(word_t tag, word_t paddr, word_t vaddr)
{
    cap_t c = cap_null();
    c.paging.type = tag;
    c.paging.base = paddr;
    c.paging.mapped = 1;
    c.paging.mapped_asid = IT_ASID;
    c.paging.mapped_addr = vaddr;
    return c;
}

/* Walks from the PML4 to the page table for vaddr, creating what is missing. */
static paging_table_t *boot_page_table(struct boot_state *b, paging_table_t *pml4, word_t vaddr)
{
    static const word_t tags[] = { cap_pdpt_cap, cap_page_directory_cap, cap_page_table_cap };
    kernel_t *k = b->k;
    paging_table_t *table = pml4;

    for (int level = 3; level >= 1; level--) {
        uint64_t *entry = &table->entry[PAGING_INDEX(vaddr, level)];
        if (!(*entry & PTE_PRESENT)) {
            word_t paddr = boot_alloc(b, seL4_PageTableBits);
            *entry = paddr | PTE_PRESENT | PTE_WRITE | PTE_USER;
            word_t covers = seL4_PageBits + 9 * level;
            provide_cap(b, mapped_paging_cap(tags[3 - level], paddr, ROUND_DOWN(vaddr, covers)));
        }
        table = ptr_from_paddr(k, *entry & ~MASK(seL4_PageBits));
    }
    return table;
}

/* A new frame mapped read-write at vaddr, as seL4 maps every root task page (create_mapped_it_frame_cap). */
static cap_t boot_frame_cap(struct boot_state *b, paging_table_t *pml4, word_t vaddr)
{
    word_t paddr = boot_alloc(b, seL4_PageBits);
    paging_table_t *pt = boot_page_table(b, pml4, vaddr);
    pt->entry[PAGING_INDEX(vaddr, 0)] = paddr | PTE_PRESENT | PTE_WRITE | PTE_USER;

    cap_t c = cap_null();
    c.frame.type = cap_frame_cap;
    c.frame.size = X86_SmallPage;
    c.frame.vm_rights = VMReadWrite;
    c.frame.base = paddr;
    c.frame.mapped = 1;
    c.frame.mapped_asid = IT_ASID;
    c.frame.mapped_addr = vaddr;
    return c;
}

/* Splits [start, end) into maximal aligned power-of-two untyped blocks. */
static bool provide_untypeds(struct boot_state *b, word_t start, word_t end, bool device)
{
    seL4_BootInfo *bi = b->bi;
    while (end - start >= BIT(seL4_MinUntypedBits)) {
        word_t bits = start ? (word_t)__builtin_ctzl(start) : seL4_MaxUntypedBits;
        bits = MIN(bits, seL4_MaxUntypedBits);
        while (BIT(bits) > end - start)
            bits--;
        word_t n = b->slot_next - bi->untyped.start;
        if (n >= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS)
            return false;
        cap_t c = cap_null();
        c.untyped.type = cap_untyped_cap;
        c.untyped.ptr = start;
        c.untyped.size_bits = bits;
        c.untyped.is_device = device;
        provide_cap(b, c);
        bi->untypedList[n] = (seL4_UntypedDesc){ .paddr = start, .sizeBits = (seL4_Uint8)bits,
                                                  .isDevice = device };
        start += BIT(bits);
    }
    return true;
}

/* Appends one extra bootinfo chunk: its header, then len bytes of data. */
static uint8_t *add_chunk(uint8_t *at, word_t id, const void *data, word_t len)
{
    seL4_BootInfoHeader h = { .id = id, .len = sizeof(h) + len };
    k_memcpy(at, &h, sizeof(h));
    k_memcpy(at + sizeof(h), data, len);
    return at + h.len;
}

/*
 * The extra bootinfo page, in seL4's x86 order (init_sys_state): the ACPI
 * RSDP, the multiboot memory map (always its full size), the TSC
 * frequency in MHz, then a padding chunk to the end of the page.
 */
static void write_extra_bootinfo(const struct kernel_boot_params *p, uint8_t *page)
{
    uint8_t *at = page;
    if (p->acpi_rsdp)
        at = add_chunk(at, SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP, p->acpi_rsdp, 36);

    seL4_X86_BootInfo_mmap_t mmap;
    k_memset(&mmap, 0, sizeof(mmap));
    mmap.header = (seL4_BootInfoHeader){ .id = SEL4_BOOTINFO_HEADER_X86_MBMMAP, .len = sizeof(mmap) };
    size_t n = MIN(p->memory_map_entries, (size_t)SEL4_MULTIBOOT_MAX_MMAP_ENTRIES);
    for (size_t i = 0; i < n; i++) {
        mmap.mmap[i] = (seL4_X86_mb_mmap_t){ .size = sizeof(seL4_X86_mb_mmap_t) - sizeof(seL4_Uint32),
                                             .base_addr = p->memory_map[i].base,
                                             .length = p->memory_map[i].length,
                                             .type = p->memory_map[i].type };
    }
    mmap.mmap_length = (seL4_Uint32)(n * sizeof(seL4_X86_mb_mmap_t));
    k_memcpy(at, &mmap, sizeof(mmap));
    at += sizeof(mmap);

    uint32_t mhz = p->tsc_mhz;
    at = add_chunk(at, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &mhz, sizeof(mhz));

    seL4_BootInfoHeader pad = { .id = SEL4_BOOTINFO_HEADER_PADDING, .len = BIT(seL4_PageBits) - (word_t)(at - page) };
    k_memcpy(at, &pad, sizeof(pad));
}

static int boot_fail(const char **why, const char *reason)
{
    *why = reason;
    return -1;
}

int kernel_boot(struct kernel *k, const struct kernel_boot_params *p, struct kernel_boot_info *out,
                const char **why)
{
    const word_t phys_top = BIT(seL4_MaxUntypedBits);

    if (p->ram_size < KERNEL_MIN_RAM)
        return boot_fail(why, "RAM too small: the root task needs at least 4 MiB");
    if (!IS_ALIGNED(p->ram_size, seL4_PageBits) || !IS_ALIGNED(p->ram_paddr, 20))
        return boot_fail(why, "RAM must be whole pages starting at a 1 MiB boundary");
    if (p->ram_paddr + p->ram_size > phys_top || p->ram_paddr + p->ram_size < p->ram_paddr)
        return boot_fail(why, "RAM must lie below 2^47");
    /* The user image: every page from the lowest segment to the highest (seL4's ui_v_reg). */
    word_t image_start = p->user_image_end, image_end = p->user_image_end;
    for (size_t i = 0; i < p->image_segments; i++) {
        const struct kernel_image_segment *seg = &p->image[i];
        if (seg->file_size > seg->mem_size || seg->vaddr + seg->mem_size < seg->vaddr ||
            seg->vaddr + seg->mem_size > seL4_UserTop)
            return boot_fail(why, "an image segment lies outside the user address space");
        word_t start = ROUND_DOWN(seg->vaddr, seL4_PageBits);
        word_t end = ROUND_UP(seg->vaddr + seg->mem_size, seL4_PageBits);
        if (i == 0 || start < image_start)
            image_start = start;
        if (i == 0 || end > image_end)
            image_end = end;
    }
    word_t ipc_vaddr = image_end, bi_vaddr = ipc_vaddr + BIT(seL4_PageBits);
    word_t extra_bi_vaddr = bi_vaddr + BIT(seL4_PageBits);
    if (!IS_ALIGNED(ipc_vaddr, seL4_PageBits) || extra_bi_vaddr + BIT(seL4_PageBits) > seL4_UserTop)
        return boot_fail(why, "the user image must end page-aligned below seL4_UserTop");
    if (image_end - image_start > p->ram_size)
        return boot_fail(why, "RAM too small for the root task's image (use a larger --ram)");

    k_memset(k, 0, sizeof(*k));
    k->ram = p->ram;
    k->ram_paddr = p->ram_paddr;
    k->ram_size = p->ram_size;
    k->plat = p->plat;
    k->plat_ctx = p->plat_ctx;
    k->print_user_errors = p->print_user_errors;
    trace_init(k, p->trace);
    k->idle_thread = (tcb_t *)(k->idle_tcb + TCB_OFFSET);
    k->idle_thread->state.type = ThreadState_IdleThreadState;
    set_thread_name(k->idle_thread, "idle_thread");
    tcb_debug_append(k, k->idle_thread);
    arch_irq_state_init(k);

    struct boot_state b = { .k = k, .alloc_next = p->ram_paddr, .alloc_end = p->ram_paddr + p->ram_size };
    word_t cnode_paddr = boot_alloc(&b, CONFIG_ROOT_CNODE_SIZE_BITS + seL4_SlotBits);
    word_t pml4_paddr = boot_alloc(&b, seL4_PML4Bits);
    word_t pool_paddr = boot_alloc(&b, seL4_ASIDPoolBits);
    word_t tcb_paddr = boot_alloc(&b, seL4_TCBBits);
    b.root_cnode = ptr_from_paddr(k, cnode_paddr);
    paging_table_t *pml4 = ptr_from_paddr(k, pml4_paddr);
    asid_pool_t *pool = ptr_from_paddr(k, pool_paddr);
    tcb_t *root = (tcb_t *)((uint8_t *)ptr_from_paddr(k, tcb_paddr) + TCB_OFFSET);

    /* The root CNode, with a guard that makes a 64-bit CPtr resolve in one level. */
    cap_t cnode_cap = cap_null();
    cnode_cap.cnode.type = cap_cnode_cap;
    cnode_cap.cnode.ptr = cnode_paddr;
    cnode_cap.cnode.radix = CONFIG_ROOT_CNODE_SIZE_BITS;
    cnode_cap.cnode.guard_size = wordBits - CONFIG_ROOT_CNODE_SIZE_BITS;
    write_slot(&b.root_cnode[seL4_CapInitThreadCNode], cnode_cap);

    cap_t c = cap_null();
    c.any.type = cap_domain_cap;
    write_slot(&b.root_cnode[seL4_CapDomain], c);
    c.any.type = cap_irq_control_cap;
    write_slot(&b.root_cnode[seL4_CapIRQControl], c);
    c.any.type = cap_asid_control_cap;
    write_slot(&b.root_cnode[seL4_CapASIDControl], c);
    c.any.type = cap_io_port_control_cap;
    write_slot(&b.root_cnode[seL4_CapIOPortControl], c);

    /* The VSpace and its ASID: the initial pool holds ASIDs 0..511, the root task has IT_ASID. */
    cap_t pml4_cap = mapped_paging_cap(cap_pml4_cap, pml4_paddr, 0);
    write_slot(&b.root_cnode[seL4_CapInitThreadVSpace], pml4_cap);
    cap_t pool_cap = cap_null();
    pool_cap.asid_pool.type = cap_asid_pool_cap;
    pool_cap.asid_pool.pool = pool_paddr;
    pool_cap.asid_pool.asid_base = 0;
    write_slot(&b.root_cnode[seL4_CapInitThreadASIDPool], pool_cap);
    k->asid_table[0] = pool;
    pool->pml4[IT_ASID] = REF(pml4);

    /* Paging objects first (userImagePaging), covering the image, IPC buffer and bootinfo. */
    b.slot_next = seL4_NumInitialCaps;
    word_t paging_start = b.slot_next;
    for (word_t v = ROUND_DOWN(image_start, seL4_LargePageBits); v < extra_bi_vaddr + BIT(seL4_PageBits);
         v += BIT(seL4_LargePageBits))
        boot_page_table(&b, pml4, v);
    word_t paging_end = b.slot_next;

    /* The extra bootinfo frame (extraBIPages), mapped after the bootinfo frame. */
    word_t extra_bi_start = b.slot_next;
    cap_t extra_bi_cap = boot_frame_cap(&b, pml4, extra_bi_vaddr);
    provide_cap(&b, extra_bi_cap);

    /* The image's frames (userImageFrames), in address order, with the segments' bytes. */
    word_t frames_start = b.slot_next;
    for (word_t v = image_start; v < image_end; v += BIT(seL4_PageBits)) {
        cap_t frame = boot_frame_cap(&b, pml4, v);
        provide_cap(&b, frame);
        if (b.out_of_ram || b.out_of_slots)
            break;
        uint8_t *page = ptr_from_paddr(k, frame.frame.base);
        for (size_t i = 0; i < p->image_segments; i++) {
            const struct kernel_image_segment *seg = &p->image[i];
            word_t lo = MAX(v, seg->vaddr), hi = MIN(v + BIT(seL4_PageBits), seg->vaddr + seg->file_size);
            if (lo < hi)
                k_memcpy(page + (lo - v), (const uint8_t *)seg->data + (lo - seg->vaddr), hi - lo);
        }
    }
    word_t frames_end = b.slot_next;

    cap_t ipc_cap = boot_frame_cap(&b, pml4, ipc_vaddr);
    cap_t bi_cap = boot_frame_cap(&b, pml4, bi_vaddr);
    if (b.out_of_ram)
        return boot_fail(why, "RAM too small for the root task's image (use a larger --ram)");
    if (b.out_of_slots)
        return boot_fail(why, "the root task's image needs more frame and paging caps than the root CNode's "
                              "2^" STR(CONFIG_ROOT_CNODE_SIZE_BITS) " slots hold, as on seL4 (about 32 MiB of image "
                              "at most: take big buffers from untypeds at run time)");
    write_slot(&b.root_cnode[seL4_CapInitThreadIPCBuffer], ipc_cap);
    write_slot(&b.root_cnode[seL4_CapBootInfoFrame], bi_cap);

    seL4_BootInfo *bi = ptr_from_paddr(k, bi_cap.frame.base);
    b.bi = bi;
    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = ~0ul;
    bi->ipcBuffer = (struct seL4_IPCBuffer_ *)ipc_vaddr;
    bi->initThreadCNodeSizeBits = CONFIG_ROOT_CNODE_SIZE_BITS;
    bi->initThreadDomain = 0;
    bi->userImagePaging = (seL4_SlotRegion){ paging_start, paging_end };
    bi->extraBIPages = (seL4_SlotRegion){ extra_bi_start, extra_bi_start + 1 };
    bi->extraLen = BIT(seL4_PageBits);
    write_extra_bootinfo(p, ptr_from_paddr(k, extra_bi_cap.frame.base));
    bi->userImageFrames = (seL4_SlotRegion){ frames_start, frames_end };

    /* The root TCB, with copies of its CSpace, VSpace and IPC buffer caps. */
    tcb_init(k, root);
    set_thread_name(root, p->root_name ? p->root_name : "rootserver");
    cte_insert(k, cnode_cap, &b.root_cnode[seL4_CapInitThreadCNode], tcb_cte(root, tcbCTable));
    cte_insert(k, pml4_cap, &b.root_cnode[seL4_CapInitThreadVSpace], tcb_cte(root, tcbVTable));
    cte_insert(k, derive_cap(k, &b.root_cnode[seL4_CapInitThreadIPCBuffer], ipc_cap).cap,
               &b.root_cnode[seL4_CapInitThreadIPCBuffer], tcb_cte(root, tcbBuffer));
    root->ipc_buffer = ipc_vaddr;
    root->priority = seL4_MaxPrio;
    root->mcp = seL4_MaxPrio;
    root->regs[CTX_RDI] = bi_vaddr;
    root->regs[CTX_RIP] = root->regs[CTX_NEXT_IP] = p->entry;
    setup_reply_master(k, root);
    root->state.type = ThreadState_Running;
    cap_t tcb_cap = cap_null();
    tcb_cap.thread.type = cap_thread_cap;
    tcb_cap.thread.tcb = tcb_paddr;
    write_slot(&b.root_cnode[seL4_CapInitThreadTCB], tcb_cap);
    k->cur_thread = root;
    k->sched_action = SchedulerAction_ResumeCurrentThread;
    k->root_ipc_buffer = ipc_vaddr;

    /* Everything else: device untypeds for the holes, then the free RAM. */
    word_t ram_end = p->ram_paddr + p->ram_size;
    bi->untyped.start = b.slot_next;
    if (!provide_untypeds(&b, 0, p->ram_paddr, true) || !provide_untypeds(&b, ram_end, phys_top, true) ||
        !provide_untypeds(&b, ROUND_UP(b.alloc_next, seL4_MinUntypedBits), ram_end, false) || b.out_of_slots)
        return boot_fail(why, "too many untyped regions for the bootinfo untyped list");
    bi->untyped.end = b.slot_next;
    bi->empty = (seL4_SlotRegion){ b.slot_next, BIT(CONFIG_ROOT_CNODE_SIZE_BITS) };

    *out = (struct kernel_boot_info){
        .root = root,
        .ipc_buffer = ipc_vaddr,
        .ipc_buffer_paddr = ipc_cap.frame.base,
        .bootinfo = bi_vaddr,
        .bootinfo_paddr = bi_cap.frame.base,
        .extra_bootinfo = extra_bi_vaddr,
        .extra_bootinfo_paddr = extra_bi_cap.frame.base,
    };
    return 0;
}
