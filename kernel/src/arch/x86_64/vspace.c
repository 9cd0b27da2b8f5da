/*
 * x86_64 virtual memory (manual 7; seL4 src/arch/x86/kernel/vspace.c and
 * src/arch/x86/64/kernel/vspace.c): mapping frames, page tables, page
 * directories and PDPTs into PML4s, ASID pools, and taking mappings away
 * again. Paging structures hold real x86-64 entries (physical addresses),
 * so the structures a program builds are the ones an MMU would walk.
 *
 * The host (struct kernel_platform) hears of every frame mapping that
 * becomes reachable from an ASID (vspace_map, asked before the kernel
 * commits it) and of every one that goes out of reach (vspace_unmap).
 */
#include <core.h>

#define PG_P X86_PG_PRESENT
#define PG_PS X86_PG_PS

static word_t index_of(vptr_t vaddr, int level)
{
    return (vaddr >> X86_LEVEL_BITS(level)) & MASK(seL4_PageTableIndexBits);
}

static uint64_t *table_at(kernel_t *k, uint64_t entry)
{
    return ptr_from_paddr(k, entry & X86_PG_ADDR(seL4_PageBits));
}

static word_t frame_paddr_of(uint64_t entry, int level)
{
    return entry & X86_PG_ADDR(X86_LEVEL_BITS(level));
}

/* The entry maps a frame: any present PTE, or a present PDE / PDPTE with PS set. */
static bool maps_frame(uint64_t entry, int level)
{
    return (entry & PG_P) && (level == X86_PT_LEVEL || ((level == X86_PD_LEVEL || level == X86_PDPT_LEVEL) &&
                                                       (entry & PG_PS)));
}

/* The entry points at a paging structure of the next level down. */
static bool maps_table(uint64_t entry, int level)
{
    return (entry & PG_P) && level > X86_PT_LEVEL && (level == X86_PML4_LEVEL || !(entry & PG_PS));
}

/* ------------------------------------------------------------------------ */
/* Host notifications                                                        */

/*
 * Every frame mapping reachable through `entry` (an entry of a table at
 * `level`, covering vaddr) has left the VSpace with this ASID. Only
 * mappings user code could reach were ever announced (kernel-only ones
 * were not), so only those are withdrawn.
 */
static void host_forget(kernel_t *k, word_t asid, vptr_t vaddr, uint64_t entry, int level)
{
    if (!k->plat || !k->plat->vspace_unmap)
        return;
    if (maps_frame(entry, level)) {
        if (entry & X86_PG_USER)
            k->plat->vspace_unmap(k->plat_ctx, asid, vaddr, X86_LEVEL_BITS(level));
        return;
    }
    if (!maps_table(entry, level))
        return;
    uint64_t *table = table_at(k, entry);
    for (word_t i = 0; i < BIT(seL4_PageTableIndexBits); i++)
        host_forget(k, asid, vaddr + (i << X86_LEVEL_BITS(level - 1)), table[i], level - 1);
}

/* A whole VSpace went out of reach (its ASID is gone). */
static void host_forget_vspace(kernel_t *k, word_t asid, uint64_t *pml4)
{
    if (!k->plat || !k->plat->vspace_unmap)
        return;
    for (word_t i = 0; i < BIT(seL4_PML4IndexBits); i++)
        host_forget(k, asid, i << X86_LEVEL_BITS(X86_PML4_LEVEL), pml4[i], X86_PML4_LEVEL);
}

/*
 * Asks the host to map the frame before the kernel commits the mapping.
 * Kernel-only mappings (no user access) need no host mapping. A refusal
 * fails the invocation with seL4_DeleteFirst and commits nothing.
 */
static exception_t host_map(kernel_t *k, word_t asid, vptr_t vaddr, cap_t frame, word_t vm_rights)
{
    if (vm_rights == VMKernelOnly || !k->plat || !k->plat->vspace_map)
        return EXCEPTION_NONE;
    word_t bits = frame_size_bits(frame.frame.size);
    /* x86_64 seL4 never sets XD in user mappings: every mapping is executable. */
    int r = k->plat->vspace_map(k->plat_ctx, asid, vaddr, frame.frame.base, bits, vm_rights == VMReadWrite, true,
                                frame.frame.is_device);
    if (r == 0)
        return EXCEPTION_NONE;
    kprintf(k, "sel4emu: the host could not map [%p, %p) of ASID %lu (frame %p): the range is in use there; "
               "seL4_DeleteFirst\n",
            (void *)vaddr, (void *)(vaddr + BIT(bits)), asid, (void *)(word_t)frame.frame.base);
    return syscall_error(k, seL4_DeleteFirst);
}

/* ------------------------------------------------------------------------ */
/* Entries (seL4 makeUserPTE, makeUserPDELargePage, ...)                     */

/* seL4 vm_attributes: bit 0 PWT, bit 1 PCD, bit 2 PAT (seL4_X86_VMAttributes). */
static uint64_t attr_cache_bits(word_t attr)
{
    return (attr & 1 ? X86_PG_PWT : 0) | (attr & 2 ? X86_PG_PCD : 0);
}

/* WritableFromVMRights and SuperUserFromVMRights. */
static uint64_t rights_bits(word_t vm_rights)
{
    uint64_t bits = vm_rights == VMReadOnly ? 0 : X86_PG_RW;
    return bits | (vm_rights == VMKernelOnly ? 0 : X86_PG_USER);
}

static uint64_t make_user_pte(word_t paddr, word_t attr, word_t vm_rights)
{
    return (paddr & X86_PG_ADDR(seL4_PageBits)) | (attr & 4 ? X86_PG_PAT_4K : 0) | attr_cache_bits(attr) |
           rights_bits(vm_rights) | PG_P;
}

static uint64_t make_user_pde_large(word_t paddr, word_t attr, word_t vm_rights)
{
    return (paddr & X86_PG_ADDR(seL4_LargePageBits)) | (attr & 4 ? X86_PG_PAT_BIG : 0) | PG_PS |
           attr_cache_bits(attr) | rights_bits(vm_rights) | PG_P;
}

/* seL4 makeUserPDPTEHugePage leaves PAT clear whatever the attributes say. */
static uint64_t make_user_pdpte_huge(word_t paddr, word_t attr, word_t vm_rights)
{
    return (paddr & X86_PG_ADDR(seL4_HugePageBits)) | PG_PS | attr_cache_bits(attr) | rights_bits(vm_rights) |
           PG_P;
}

/* A PML4E, PDPTE or PDE pointing at a paging structure. */
static uint64_t make_user_table_entry(word_t paddr, word_t attr)
{
    return (paddr & X86_PG_ADDR(seL4_PageBits)) | attr_cache_bits(attr) | X86_PG_USER | X86_PG_RW | PG_P;
}

word_t mask_vm_rights(word_t vm_rights, seL4_CapRights_t mask)
{
    bool read = seL4_CapRights_get_capAllowRead(mask), write = seL4_CapRights_get_capAllowWrite(mask);
    if (vm_rights == VMReadOnly && read)
        return VMReadOnly;
    if (vm_rights == VMReadWrite && read)
        return write ? VMReadWrite : VMReadOnly;
    return VMKernelOnly;
}

/* ------------------------------------------------------------------------ */
/* Lookups                                                                   */

bool is_valid_native_root(cap_t cap)
{
    return cap_type(cap) == cap_pml4_cap && cap.paging.mapped;
}

uint64_t *find_vspace_for_asid(kernel_t *k, word_t asid)
{
    asid_pool_t *pool = (asid >> asidLowBits) < N_ASID_POOLS ? k->asid_table[asid >> asidLowBits] : NULL;
    if (!pool || !pool->pml4[asid & MASK(asidLowBits)]) {
        set_lookup_fault(k, lookup_fault_invalid_root, 0, 0, 0);
        return NULL;
    }
    return PTR(uint64_t, pool->pml4[asid & MASK(asidLowBits)]);
}

static uint64_t *lookup_pml4_slot(uint64_t *pml4, vptr_t vaddr)
{
    return &pml4[index_of(vaddr, X86_PML4_LEVEL)];
}

/* The slot of the next level down, or NULL with a missing_capability fault of the level's bits. */
static uint64_t *lookup_pdpt_slot(kernel_t *k, uint64_t *pml4, vptr_t vaddr)
{
    uint64_t e = *lookup_pml4_slot(pml4, vaddr);
    if (!maps_table(e, X86_PML4_LEVEL)) {
        set_lookup_fault(k, lookup_fault_missing_capability, X86_LEVEL_BITS(X86_PML4_LEVEL), 0, 0);
        return NULL;
    }
    return table_at(k, e) + index_of(vaddr, X86_PDPT_LEVEL);
}

static uint64_t *lookup_pd_slot(kernel_t *k, uint64_t *pml4, vptr_t vaddr)
{
    uint64_t *pdpte = lookup_pdpt_slot(k, pml4, vaddr);
    if (!pdpte)
        return NULL;
    if (!maps_table(*pdpte, X86_PDPT_LEVEL)) {
        set_lookup_fault(k, lookup_fault_missing_capability, X86_LEVEL_BITS(X86_PDPT_LEVEL), 0, 0);
        return NULL;
    }
    return table_at(k, *pdpte) + index_of(vaddr, X86_PD_LEVEL);
}

static uint64_t *lookup_pt_slot(kernel_t *k, uint64_t *pml4, vptr_t vaddr)
{
    uint64_t *pde = lookup_pd_slot(k, pml4, vaddr);
    if (!pde)
        return NULL;
    if (!maps_table(*pde, X86_PD_LEVEL)) {
        set_lookup_fault(k, lookup_fault_missing_capability, X86_LEVEL_BITS(X86_PD_LEVEL), 0, 0);
        return NULL;
    }
    return table_at(k, *pde) + index_of(vaddr, X86_PT_LEVEL);
}

/*
 * The checks every Map shares once its vspace argument is a valid root:
 * the ASID must still name exactly that PML4 (manual 7.1.1).
 */
static exception_t check_vspace_of_asid(kernel_t *k, word_t asid, uint64_t *vspace)
{
    uint64_t *found = find_vspace_for_asid(k, asid);
    if (!found)
        return failed_lookup(k, false);
    if (found != vspace)
        return invalid_capability(k, 1);
    return EXCEPTION_NONE;
}

/* ------------------------------------------------------------------------ */
/* Removing mappings                                                         */

static void clear_entry(kernel_t *k, word_t asid, vptr_t vaddr, uint64_t *slot, int level)
{
    uint64_t old = *slot;
    *slot = 0;
    host_forget(k, asid, vaddr, old, level);
}

void unmap_page(kernel_t *k, word_t page_size, word_t asid, vptr_t vaddr, word_t frame_paddr)
{
    uint64_t *pml4 = find_vspace_for_asid(k, asid);
    if (!pml4)
        return;
    uint64_t *slot;
    int level;
    switch (page_size) {
    case X86_SmallPage:
        slot = lookup_pt_slot(k, pml4, vaddr);
        level = X86_PT_LEVEL;
        break;
    case X86_LargePage:
        slot = lookup_pd_slot(k, pml4, vaddr);
        level = X86_PD_LEVEL;
        break;
    default:
        slot = lookup_pdpt_slot(k, pml4, vaddr);
        level = X86_PDPT_LEVEL;
        break;
    }
    if (!slot || !maps_frame(*slot, level) || frame_paddr_of(*slot, level) != frame_paddr)
        return;
    clear_entry(k, asid, vaddr, slot, level);
}

void unmap_page_table(kernel_t *k, word_t asid, vptr_t vaddr, word_t pt_paddr)
{
    uint64_t *pml4 = find_vspace_for_asid(k, asid);
    if (!pml4)
        return;
    uint64_t *slot = lookup_pd_slot(k, pml4, vaddr);
    if (!slot || !maps_table(*slot, X86_PD_LEVEL) || (*slot & X86_PG_ADDR(seL4_PageBits)) != pt_paddr)
        return;
    clear_entry(k, asid, vaddr, slot, X86_PD_LEVEL);
}

void unmap_page_directory(kernel_t *k, word_t asid, vptr_t vaddr, word_t pd_paddr)
{
    uint64_t *pml4 = find_vspace_for_asid(k, asid);
    if (!pml4)
        return;
    uint64_t *slot = lookup_pdpt_slot(k, pml4, vaddr);
    if (!slot || !maps_table(*slot, X86_PDPT_LEVEL) || (*slot & X86_PG_ADDR(seL4_PageBits)) != pd_paddr)
        return;
    clear_entry(k, asid, vaddr, slot, X86_PDPT_LEVEL);
}

void unmap_pdpt(kernel_t *k, word_t asid, vptr_t vaddr, word_t pdpt_paddr)
{
    uint64_t *pml4 = find_vspace_for_asid(k, asid);
    if (!pml4)
        return;
    uint64_t *slot = lookup_pml4_slot(pml4, vaddr);
    if (!maps_table(*slot, X86_PML4_LEVEL) || (*slot & X86_PG_ADDR(seL4_PageBits)) != pdpt_paddr)
        return;
    clear_entry(k, asid, vaddr, slot, X86_PML4_LEVEL);
}

/* seL4 deleteASID: the PML4 loses its ASID if the pool still maps the ASID to it. */
void delete_asid(kernel_t *k, word_t asid, word_t pml4_paddr)
{
    asid_pool_t *pool = (asid >> asidLowBits) < N_ASID_POOLS ? k->asid_table[asid >> asidLowBits] : NULL;
    uint64_t *pml4 = ptr_from_paddr(k, pml4_paddr);
    if (!pool || pool->pml4[asid & MASK(asidLowBits)] != REF(pml4))
        return;
    pool->pml4[asid & MASK(asidLowBits)] = 0;
    host_forget_vspace(k, asid, pml4);
}

/* seL4 deleteASIDPool: every ASID of the pool goes, with the VSpaces they name. */
void delete_asid_pool(kernel_t *k, word_t asid_base, word_t pool_paddr)
{
    word_t high = asid_base >> asidLowBits;
    asid_pool_t *pool = ptr_from_paddr(k, pool_paddr);
    if (high >= N_ASID_POOLS || k->asid_table[high] != pool)
        return;
    for (word_t i = 0; i < BIT(asidLowBits); i++) {
        if (pool->pml4[i])
            host_forget_vspace(k, asid_base + i, PTR(uint64_t, pool->pml4[i]));
    }
    k->asid_table[high] = NULL;
}

/* ------------------------------------------------------------------------ */
/* Frames (seL4_X86_Page_*)                                                  */

static exception_t perform_page_get_address(kernel_t *k, cap_t cap, bool call)
{
    tcb_t *t = k->cur_thread;
    if (call) {
        word_t *buffer = lookup_ipc_buffer(k, true, t);
        t->regs[CTX_RDI] = 0;
        word_t len = set_mr(k, t, buffer, 0, cap.frame.base);
        t->regs[CTX_RSI] = seL4_MessageInfo_new(0, 0, 0, len).words[0];
    }
    set_thread_state(k, t, ThreadState_Running);
    return EXCEPTION_NONE;
}

static exception_t perform_page_unmap(kernel_t *k, cap_t cap, cte_t *slot)
{
    if (cap.frame.mapped_asid != asidInvalid) {
        unmap_page(k, cap.frame.size, cap.frame.mapped_asid, cap.frame.mapped_addr, cap.frame.base);
        slot->cap.frame.mapped = 0;
        slot->cap.frame.mapped_asid = asidInvalid;
        slot->cap.frame.mapped_addr = 0;
    }
    return EXCEPTION_NONE;
}

static exception_t decode_page_map(kernel_t *k, word_t length, cte_t *slot, cap_t cap, word_t *buffer)
{
    if (length < 3 || !k->extra_caps[0])
        return syscall_error(k, seL4_TruncatedMessage);

    word_t frame_size = cap.frame.size;
    word_t bits = frame_size_bits(frame_size);
    vptr_t vaddr = get_syscall_arg(k, 0, buffer);
    seL4_CapRights_t rights_mask = { { get_syscall_arg(k, 1, buffer) } };
    word_t attr = get_syscall_arg(k, 2, buffer);
    cap_t vspace_cap = k->extra_caps[0]->cap;

    if (!is_valid_native_root(vspace_cap)) {
        user_error(k, "X86FrameMap: Attempting to map frame into invalid page directory cap.");
        return invalid_capability(k, 1);
    }
    uint64_t *vspace = ptr_from_paddr(k, vspace_cap.paging.base);
    word_t asid = vspace_cap.paging.mapped_asid;

    if (cap.frame.mapped_asid != asidInvalid) {
        /* A mapped frame cap may only be mapped again where it is, e.g. with new rights. */
        if (cap.frame.mapped_asid != asid)
            return invalid_capability(k, 1);
        if (cap.frame.mapped_addr != vaddr) {
            user_error(k, "X86Frame: Attempting to map frame into multiple addresses");
            return invalid_argument(k, 0);
        }
    } else {
        word_t vtop = vaddr + BIT(bits);
        /* vtop catches a mapping that wraps past the top */
        if (vaddr > USER_TOP || vtop > USER_TOP) {
            user_error(k, "X86Frame: Mapping address too high.");
            return invalid_argument(k, 0);
        }
    }
    exception_t status = check_vspace_of_asid(k, asid, vspace);
    if (status != EXCEPTION_NONE)
        return status;

    word_t vm_rights = mask_vm_rights(cap.frame.vm_rights, rights_mask);
    if (!IS_ALIGNED(vaddr, bits))
        return syscall_error(k, seL4_AlignmentError);

    word_t paddr = cap.frame.base;
    uint64_t *entry_slot, entry;
    int level;
    switch (frame_size) {
    case X86_SmallPage:
        level = X86_PT_LEVEL;
        entry_slot = lookup_pt_slot(k, vspace, vaddr);
        if (!entry_slot)
            return failed_lookup(k, false);
        entry = make_user_pte(paddr, attr, vm_rights);
        break;
    case X86_LargePage:
        level = X86_PD_LEVEL;
        entry_slot = lookup_pd_slot(k, vspace, vaddr);
        if (!entry_slot)
            return failed_lookup(k, false);
        /* x86 seL4 maps over an existing large page, but not over a page table */
        if (maps_table(*entry_slot, X86_PD_LEVEL))
            return syscall_error(k, seL4_DeleteFirst);
        entry = make_user_pde_large(paddr, attr, vm_rights);
        break;
    default:
        level = X86_PDPT_LEVEL;
        entry_slot = lookup_pdpt_slot(k, vspace, vaddr);
        if (!entry_slot)
            return failed_lookup(k, false);
        if (maps_table(*entry_slot, X86_PDPT_LEVEL))
            return syscall_error(k, seL4_DeleteFirst);
        entry = make_user_pdpte_huge(paddr, attr, vm_rights);
        break;
    }

    status = host_map(k, asid, vaddr, cap, vm_rights);
    if (status != EXCEPTION_NONE)
        return status;

    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    cap.frame.mapped = 1;
    cap.frame.mapped_asid = asid;
    cap.frame.mapped_addr = vaddr;
    slot->cap = cap;
    uint64_t old = *entry_slot;
    *entry_slot = entry;
    /*
     * x86 seL4 lets a frame map over another frame's entry. A mapping the
     * host was told of was replaced by vspace_map; one that now has no user
     * access is withdrawn.
     */
    if (vm_rights == VMKernelOnly)
        host_forget(k, asid, vaddr, old, level);
    return EXCEPTION_NONE;
}

exception_t decode_x86_frame_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, cap_t cap,
                                        bool call, word_t *buffer)
{
    switch (label) {
    case X86PageMap:
        return decode_page_map(k, length, slot, cap, buffer);
    case X86PageUnmap:
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return perform_page_unmap(k, cap, slot);
    case X86PageGetAddress:
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return perform_page_get_address(k, cap, call);
    default:
        return syscall_error(k, seL4_IllegalOperation);
    }
}

/* ------------------------------------------------------------------------ */
/* Page tables, page directories, PDPTs                                      */

struct paging_kind {
    int level;              /* level of the table the object is mapped into */
    word_t map_label, unmap_label;
    const char *name;       /* as seL4's userError messages spell it */
    const char *map_name;
    const char *unmap_msg;
    const char *mapped_msg;
};

static const struct paging_kind page_table_kind = {
    X86_PD_LEVEL, X86PageTableMap, X86PageTableUnmap, "X86PageTable", "X86PageTable",
    "X86PageTable: Cannot unmap if more than one cap exists.",
    "X86PageTable: Page table is already mapped to a page directory.",
};
static const struct paging_kind page_directory_kind = {
    X86_PDPT_LEVEL, X86PageDirectoryMap, X86PageDirectoryUnmap, "X64Directory", "X64PageDirectory",
    "X86PageDirectory: Cannot unmap if more than one cap exist.",
    "X64PageDirectory: PD is already mapped to a PML4.",
};
static const struct paging_kind pdpt_kind = {
    X86_PML4_LEVEL, X86PDPTMap, X86PDPTUnmap, "X86PDPT", "X64PDPT",
    "X86PDPT: Cannot unmap if more than one cap exist.",
    "X64PDPT: PDPT is already mapped to a PML4.",
};

static void unmap_paging_object(kernel_t *k, const struct paging_kind *kind, cap_t cap)
{
    switch (kind->level) {
    case X86_PD_LEVEL:
        unmap_page_table(k, cap.paging.mapped_asid, cap.paging.mapped_addr, cap.paging.base);
        break;
    case X86_PDPT_LEVEL:
        unmap_page_directory(k, cap.paging.mapped_asid, cap.paging.mapped_addr, cap.paging.base);
        break;
    default:
        unmap_pdpt(k, cap.paging.mapped_asid, cap.paging.mapped_addr, cap.paging.base);
        break;
    }
}

/* Unmap: the object leaves its parent and is cleared (seL4 clearMemory). */
static exception_t perform_paging_unmap(kernel_t *k, const struct paging_kind *kind, cap_t cap, cte_t *slot)
{
    if (cap.paging.mapped) {
        unmap_paging_object(k, kind, cap);
        k_memset(ptr_from_paddr(k, cap.paging.base), 0, BIT(seL4_PageTableBits));
    }
    slot->cap.paging.mapped = 0;
    slot->cap.paging.mapped_asid = asidInvalid;
    slot->cap.paging.mapped_addr = 0;
    return EXCEPTION_NONE;
}

/* The slot a paging object of this kind goes into, or NULL with the lookup fault set. */
static uint64_t *lookup_parent_slot(kernel_t *k, const struct paging_kind *kind, uint64_t *vspace, vptr_t vaddr)
{
    switch (kind->level) {
    case X86_PD_LEVEL: return lookup_pd_slot(k, vspace, vaddr);
    case X86_PDPT_LEVEL: return lookup_pdpt_slot(k, vspace, vaddr);
    default: return lookup_pml4_slot(vspace, vaddr);
    }
}

static exception_t decode_paging_invocation(kernel_t *k, const struct paging_kind *kind, word_t label,
                                            word_t length, cte_t *slot, cap_t cap, word_t *buffer)
{
    if (label == kind->unmap_label) {
        if (!is_final_capability(k, slot)) {
            user_error(k, "%s", kind->unmap_msg);
            return syscall_error(k, seL4_RevokeFirst);
        }
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return perform_paging_unmap(k, kind, cap, slot);
    }
    if (label != kind->map_label) {
        user_error(k, "%s: Illegal operation.", kind->name);
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (length < 2 || !k->extra_caps[0]) {
        user_error(k, "%s: Truncated message.", kind->map_name);
        return syscall_error(k, seL4_TruncatedMessage);
    }
    if (cap.paging.mapped) {
        user_error(k, "%s", kind->mapped_msg);
        return invalid_capability(k, 0);
    }
    /* The address is rounded down to what one entry of the parent covers. */
    vptr_t vaddr = get_syscall_arg(k, 0, buffer) & ~MASK(X86_LEVEL_BITS(kind->level));
    word_t attr = get_syscall_arg(k, 1, buffer);
    cap_t vspace_cap = k->extra_caps[0]->cap;

    if (!is_valid_native_root(vspace_cap))
        return invalid_capability(k, 1);
    uint64_t *vspace = ptr_from_paddr(k, vspace_cap.paging.base);
    word_t asid = vspace_cap.paging.mapped_asid;
    if (vaddr > USER_TOP) {
        user_error(k, "%s: Mapping address too high.", kind->map_name);
        return invalid_argument(k, 0);
    }
    exception_t status = check_vspace_of_asid(k, asid, vspace);
    if (status != EXCEPTION_NONE)
        return status;

    uint64_t *parent_slot = lookup_parent_slot(k, kind, vspace, vaddr);
    if (!parent_slot)
        return failed_lookup(k, false);
    /* Anything present there, a table or a large or huge page, is in the way. */
    if (*parent_slot & PG_P)
        return syscall_error(k, seL4_DeleteFirst);

    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    cap.paging.mapped = 1;
    cap.paging.mapped_asid = asid;
    cap.paging.mapped_addr = vaddr;
    slot->cap = cap;
    *parent_slot = make_user_table_entry(cap.paging.base, attr);
    return EXCEPTION_NONE;
}

exception_t decode_x86_page_table_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, cap_t cap,
                                             word_t *buffer)
{
    return decode_paging_invocation(k, &page_table_kind, label, length, slot, cap, buffer);
}

exception_t decode_x64_page_directory_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot,
                                                 cap_t cap, word_t *buffer)
{
    return decode_paging_invocation(k, &page_directory_kind, label, length, slot, cap, buffer);
}

exception_t decode_x64_pdpt_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, cap_t cap,
                                       word_t *buffer)
{
    return decode_paging_invocation(k, &pdpt_kind, label, length, slot, cap, buffer);
}

/* ------------------------------------------------------------------------ */
/* ASIDs (seL4_X86_ASIDControl_MakePool, seL4_X86_ASIDPool_Assign)          */

static exception_t perform_asid_control_invocation(kernel_t *k, word_t frame, cte_t *dest, cte_t *parent,
                                                   word_t asid_base)
{
    /* The untyped is used up, and its memory becomes the pool. */
    parent->cap.untyped.free_index = BIT(parent->cap.untyped.size_bits);
    asid_pool_t *pool = ptr_from_paddr(k, frame);
    k_memset(pool, 0, BIT(seL4_ASIDPoolBits));
    cap_t pool_cap = cap_null();
    pool_cap.asid_pool.type = cap_asid_pool_cap;
    pool_cap.asid_pool.pool = frame;
    pool_cap.asid_pool.asid_base = asid_base;
    cte_insert(k, pool_cap, parent, dest);
    k->asid_table[asid_base >> asidLowBits] = pool;
    return EXCEPTION_NONE;
}

exception_t decode_x86_asid_control_invocation(kernel_t *k, word_t label, word_t length, word_t *buffer)
{
    if (label != X86ASIDControlMakePool)
        return syscall_error(k, seL4_IllegalOperation);
    if (length < 2 || !k->extra_caps[0] || !k->extra_caps[1])
        return syscall_error(k, seL4_TruncatedMessage);

    word_t index = get_syscall_arg(k, 0, buffer);
    word_t depth = get_syscall_arg(k, 1, buffer);
    cte_t *parent = k->extra_caps[0];
    cap_t untyped = parent->cap;
    cap_t root = k->extra_caps[1]->cap;

    /* The first free slot of the ASID table. */
    word_t i = 0;
    while (i < N_ASID_POOLS && k->asid_table[i])
        i++;
    if (i == N_ASID_POOLS)
        return syscall_error(k, seL4_DeleteFirst);
    word_t asid_base = i << asidLowBits;

    if (cap_type(untyped) != cap_untyped_cap || untyped.untyped.size_bits != seL4_ASIDPoolBits ||
        untyped.untyped.is_device)
        return invalid_capability(k, 1);
    exception_t status = ensure_no_children(k, parent);
    if (status != EXCEPTION_NONE)
        return status;
    word_t frame = untyped.untyped.ptr;

    lookup_slot_ret_t lu = lookup_target_slot(k, root, index, depth);
    if (lu.status != EXCEPTION_NONE)
        return lu.status;
    status = ensure_empty_slot(k, lu.slot);
    if (status != EXCEPTION_NONE)
        return status;

    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    return perform_asid_control_invocation(k, frame, lu.slot, parent, asid_base);
}

exception_t decode_x86_asid_pool_invocation(kernel_t *k, word_t label, cap_t cap)
{
    if (label != X86ASIDPoolAssign)
        return syscall_error(k, seL4_IllegalOperation);
    if (!k->extra_caps[0])
        return syscall_error(k, seL4_TruncatedMessage);

    cte_t *vspace_slot = k->extra_caps[0];
    cap_t vspace_cap = vspace_slot->cap;
    if (cap_type(vspace_cap) != cap_pml4_cap || vspace_cap.paging.mapped_asid != asidInvalid) {
        user_error(k, "X86ASIDPool: Invalid vspace root.");
        return invalid_capability(k, 1);
    }
    word_t base = cap.asid_pool.asid_base;
    asid_pool_t *pool = (base >> asidLowBits) < N_ASID_POOLS ? k->asid_table[base >> asidLowBits] : NULL;
    if (!pool) {
        set_lookup_fault(k, lookup_fault_invalid_root, 0, 0, 0);
        return failed_lookup(k, false);
    }
    if (pool != ptr_from_paddr(k, cap.asid_pool.pool))
        return invalid_capability(k, 0);

    /* The first free ASID of the pool; ASID 0 is never handed out. */
    word_t i = 0;
    while (i < BIT(asidLowBits) && (base + i == asidInvalid || pool->pml4[i]))
        i++;
    if (i == BIT(asidLowBits))
        return syscall_error(k, seL4_DeleteFirst);

    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    /* A fresh PML4 maps nothing yet, so the host has nothing to hear. */
    vspace_slot->cap.paging.mapped = 1;
    vspace_slot->cap.paging.mapped_asid = base + i;
    pool->pml4[i] = REF(ptr_from_paddr(k, vspace_cap.paging.base));
    return EXCEPTION_NONE;
}

/*
 * What t's VSpace maps at vaddr, for hosts that map frames lazily on first
 * touch: walks the hardware-format tables from the PML4 in t's VTable slot.
 * Only user-accessible entries count (a kernel-only mapping faults, as on x86).
 */
int kernel_vspace_lookup(struct kernel *k, struct tcb *t, word_t vaddr, word_t *paddr, word_t *size_bits,
                         bool *writable)
{
    cap_t root = tcb_cte(t, tcbVTable)->cap;
    if (!is_valid_native_root(root) || vaddr > USER_TOP)
        return -1;
    uint64_t entry = 0, table = root.paging.base;
    bool rw = true;
    for (int level = X86_PML4_LEVEL; level >= X86_PT_LEVEL; level--) {
        word_t bits = X86_LEVEL_BITS(level);
        uint64_t *entries = ptr_from_paddr(k, table);
        entry = entries[(vaddr >> bits) & MASK(seL4_PageTableIndexBits)];
        if (!(entry & X86_PG_PRESENT) || !(entry & X86_PG_USER))
            return -1;
        rw = rw && (entry & X86_PG_RW);
        bool leaf = level == X86_PT_LEVEL || ((level == X86_PD_LEVEL || level == X86_PDPT_LEVEL) && (entry & X86_PG_PS));
        if (leaf) {
            *size_bits = bits;
            *paddr = entry & X86_PG_ADDR(bits);
            *writable = rw;
            return 0;
        }
        table = entry & X86_PG_ADDR(seL4_PageBits);
    }
    return -1;
}

/* The first user mapping at or above *vaddr in the table at paddr table of this level, or -1. */
static int next_mapping(struct kernel *k, word_t table, int level, bool rw, word_t base, word_t *vaddr,
                        word_t *paddr, word_t *size_bits, bool *writable)
{
    word_t bits = X86_LEVEL_BITS(level);
    const uint64_t *entries = ptr_from_paddr(k, table);
    for (word_t i = 0; i < BIT(seL4_PageTableIndexBits); i++) {
        word_t start = base + (i << bits), end = start + BIT(bits) - 1;
        uint64_t entry = entries[i];
        if (end < *vaddr || !(entry & X86_PG_PRESENT) || !(entry & X86_PG_USER))
            continue;
        bool leaf = level == X86_PT_LEVEL || ((level == X86_PD_LEVEL || level == X86_PDPT_LEVEL) && (entry & X86_PG_PS));
        if (leaf) {
            *vaddr = start;
            *paddr = entry & X86_PG_ADDR(bits);
            *size_bits = bits;
            *writable = rw && (entry & X86_PG_RW);
            return 0;
        }
        if (next_mapping(k, entry & X86_PG_ADDR(seL4_PageBits), level - 1, rw && (entry & X86_PG_RW), start, vaddr,
                         paddr, size_bits, writable) == 0)
            return 0;
    }
    return -1;
}

int kernel_vspace_next_mapping(struct kernel *k, struct tcb *t, word_t *vaddr, word_t *paddr, word_t *size_bits,
                               bool *writable)
{
    cap_t root = tcb_cte(t, tcbVTable)->cap;
    if (!is_valid_native_root(root) || *vaddr > USER_TOP)
        return -1;
    return next_mapping(k, root.paging.base, X86_PML4_LEVEL, true, 0, vaddr, paddr, size_bits, writable);
}

word_t kernel_asid_vspace(struct kernel *k, word_t asid)
{
    uint64_t *pml4 = find_vspace_for_asid(k, asid);
    return pml4 ? paddr_from_ptr(k, pml4) : 0;
}

word_t kernel_thread_vspace(struct kernel *k, struct tcb *t, word_t *asid)
{
    cap_t root = tcb_cte(t, tcbVTable)->cap;
    if (!is_valid_native_root(root))
        return 0;
    if (asid)
        *asid = root.paging.mapped_asid;
    return root.paging.base;
}
