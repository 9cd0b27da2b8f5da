/* x86_64 object types: frames, paging structures, ASIDs, I/O ports. */
#include <core.h>

bool is_arch_cap(cap_t cap)
{
    switch (cap_type(cap)) {
    case cap_frame_cap:
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
    case cap_asid_control_cap:
    case cap_asid_pool_cap:
    case cap_io_port_cap:
    case cap_io_port_control_cap:
        return true;
    default:
        return false;
    }
}

word_t frame_size_bits(word_t size)
{
    return size == X64_HugePage ? seL4_HugePageBits : size == X86_LargePage ? seL4_LargePageBits : seL4_PageBits;
}

bool arch_is_frame_type(word_t type)
{
    return type == seL4_X86_4K || type == seL4_X86_LargePageObject || type == seL4_X64_HugePageObject;
}

word_t arch_get_object_size(word_t type)
{
    switch (type) {
    case seL4_X86_4K: return seL4_PageBits;
    case seL4_X86_LargePageObject: return seL4_LargePageBits;
    case seL4_X64_HugePageObject: return seL4_HugePageBits;
    default: return seL4_PageTableBits; /* page table, directory, PDPT, PML4 */
    }
}

static const word_t paging_cap_of_type[] = {
    [seL4_X86_PDPTObject] = cap_pdpt_cap,
    [seL4_X64_PML4Object] = cap_pml4_cap,
    [seL4_X86_PageTableObject] = cap_page_table_cap,
    [seL4_X86_PageDirectoryObject] = cap_page_directory_cap,
};

cap_t arch_create_object(kernel_t *k, word_t type, word_t paddr, bool device)
{
    cap_t cap = cap_null();

    if (arch_is_frame_type(type)) {
        cap.frame.type = cap_frame_cap;
        cap.frame.size = type == seL4_X86_4K ? X86_SmallPage
                         : type == seL4_X86_LargePageObject ? X86_LargePage : X64_HugePage;
        cap.frame.vm_rights = VMReadWrite;
        cap.frame.is_device = device;
        cap.frame.base = paddr;
        return cap;
    }
    cap.paging.type = paging_cap_of_type[type];
    cap.paging.base = paddr;
    return cap;
}

derive_cap_ret_t arch_derive_cap(kernel_t *k, cte_t *slot, cap_t cap)
{
    derive_cap_ret_t ok = { EXCEPTION_NONE, cap };

    switch (cap_type(cap)) {
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
        if (cap.paging.mapped)
            return ok;
        user_error(k, "Deriving an unmapped %s cap", cap_type_name(cap_type(cap)));
        syscall_error(k, seL4_IllegalOperation);
        return (derive_cap_ret_t){ EXCEPTION_SYSCALL_ERROR, cap_null() };
    case cap_frame_cap:
        ok.cap.frame.mapped = 0;
        ok.cap.frame.mapped_asid = asidInvalid;
        ok.cap.frame.mapped_addr = 0;
        return ok;
    case cap_io_port_control_cap:
        return (derive_cap_ret_t){ EXCEPTION_NONE, cap_null() };
    default:
        return ok;
    }
}

finalise_cap_ret_t arch_finalise_cap(kernel_t *k, cap_t cap, bool final)
{
    finalise_cap_ret_t none = { cap_null(), cap_null() };

    if (!final)
        return none;
    switch (cap_type(cap)) {
    case cap_pml4_cap:
        if (cap.paging.mapped) {
            asid_pool_t *pool = k->asid_table[cap.paging.mapped_asid >> asidLowBits];
            word_t i = cap.paging.mapped_asid & MASK(asidLowBits);
            if (pool && pool->pml4[i] == REF(ptr_from_paddr(k, cap.paging.base)))
                pool->pml4[i] = 0;
        }
        return none;
    case cap_asid_pool_cap: {
        word_t high = cap.asid_pool.asid_base >> asidLowBits;
        if (high < N_ASID_POOLS && k->asid_table[high] == ptr_from_paddr(k, cap.asid_pool.pool))
            k->asid_table[high] = NULL;
        return none;
    }
    default:
        return none;
    }
}

bool arch_same_region_as(kernel_t *k, cap_t a, cap_t b)
{
    switch (cap_type(a)) {
    case cap_frame_cap:
        if (cap_type(b) == cap_frame_cap) {
            word_t a_bot = a.frame.base, a_top = a_bot + MASK(frame_size_bits(a.frame.size));
            word_t b_bot = b.frame.base, b_top = b_bot + MASK(frame_size_bits(b.frame.size));
            return a_bot <= b_bot && a_top >= b_top && b_bot <= b_top;
        }
        return false;
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
        return cap_type(b) == cap_type(a) && a.paging.base == b.paging.base;
    case cap_asid_control_cap:
        return cap_type(b) == cap_asid_control_cap;
    case cap_asid_pool_cap:
        return cap_type(b) == cap_asid_pool_cap && a.asid_pool.pool == b.asid_pool.pool;
    case cap_io_port_control_cap:
        return cap_type(b) == cap_io_port_control_cap || cap_type(b) == cap_io_port_cap;
    case cap_io_port_cap:
        return cap_type(b) == cap_io_port_cap && a.io_port.first_port == b.io_port.first_port &&
               a.io_port.last_port == b.io_port.last_port;
    default:
        return false;
    }
}

bool arch_same_object_as(kernel_t *k, cap_t a, cap_t b)
{
    if (cap_type(a) == cap_io_port_control_cap && cap_type(b) == cap_io_port_cap)
        return false;
    if (cap_type(a) == cap_frame_cap && cap_type(b) == cap_frame_cap)
        return a.frame.base == b.frame.base && a.frame.size == b.frame.size &&
               a.frame.is_device == b.frame.is_device;
    return arch_same_region_as(k, a, b);
}

/* Frame rights are read-only or read-write (manual 7.1.3). */
static word_t mask_vm_rights(word_t vm, seL4_CapRights_t r)
{
    bool read = seL4_CapRights_get_capAllowRead(r), write = seL4_CapRights_get_capAllowWrite(r);
    if (vm == VMReadOnly && read)
        return VMReadOnly;
    if (vm == VMReadWrite && read)
        return write ? VMReadWrite : VMReadOnly;
    return VMKernelOnly;
}

cap_t arch_mask_cap_rights(seL4_CapRights_t r, cap_t cap)
{
    if (cap_type(cap) == cap_frame_cap)
        cap.frame.vm_rights = mask_vm_rights(cap.frame.vm_rights, r);
    return cap;
}

bool arch_is_cap_revocable(cap_t derived, cap_t src)
{
    return cap_type(derived) == cap_io_port_cap && cap_type(src) == cap_io_port_control_cap;
}

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

exception_t arch_decode_invocation(kernel_t *k, word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                                   bool call, word_t *buffer)
{
    const char *later = "virtual memory arrives with issue #4";

    switch (cap_type(cap)) {
    case cap_frame_cap:
        if (label == X86PageGetAddress) {
            set_thread_state(k, k->cur_thread, ThreadState_Restart);
            return perform_page_get_address(k, cap, call);
        }
        if (label == X86PageMap || label == X86PageUnmap)
            return not_implemented(k, label, later);
        user_error(k, "X86Frame: Illegal operation.");
        break;
    case cap_page_table_cap:
        if (label == X86PageTableMap || label == X86PageTableUnmap)
            return not_implemented(k, label, later);
        user_error(k, "X86PageTable: Illegal operation.");
        break;
    case cap_page_directory_cap:
        if (label == X86PageDirectoryMap || label == X86PageDirectoryUnmap)
            return not_implemented(k, label, later);
        user_error(k, "X86PageDirectory: Illegal operation.");
        break;
    case cap_pdpt_cap:
        if (label == X86PDPTMap || label == X86PDPTUnmap)
            return not_implemented(k, label, later);
        user_error(k, "X86PDPT: Illegal operation.");
        break;
    case cap_asid_control_cap:
        if (label == X86ASIDControlMakePool)
            return not_implemented(k, label, later);
        user_error(k, "ASIDControl: Illegal operation.");
        break;
    case cap_asid_pool_cap:
        if (label == X86ASIDPoolAssign)
            return not_implemented(k, label, later);
        user_error(k, "ASIDPool: Illegal operation.");
        break;
    case cap_io_port_control_cap:
        if (label == X86IOPortControlIssue)
            return not_implemented(k, label, "I/O ports arrive with issue #5");
        user_error(k, "IOPortControl: Illegal operation.");
        break;
    case cap_io_port_cap:
        if (label >= X86IOPortIn8 && label <= X86IOPortOut32)
            return not_implemented(k, label, "I/O ports arrive with issue #5");
        user_error(k, "IOPort: Illegal operation.");
        break;
    default:
        user_error(k, "X86: Illegal operation on %s cap.", cap_type_name(cap_type(cap)));
        break;
    }
    return syscall_error(k, seL4_IllegalOperation);
}
