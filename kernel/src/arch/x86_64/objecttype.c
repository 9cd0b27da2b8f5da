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
        /* seL4 Arch_deriveCap / Mode_deriveCap: only mapped paging objects are copied */
        user_error(k, "%s", cap_type(cap) == cap_page_table_cap       ? "Deriving an unmapped PT cap"
                            : cap_type(cap) == cap_page_directory_cap ? "Deriving a PD cap without an assigned ASID"
                            : cap_type(cap) == cap_pdpt_cap           ? "Deriving an unmapped PTPD cap"
                                                                      : "Deriving a PML4 cap without an assigned ASID");
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

/*
 * seL4 Arch_finaliseCap / Mode_finaliseCap: a frame cap takes its own
 * mapping with it whether or not it is the last cap to the frame; paging
 * structures, PML4s and ASID pools are torn down with their final cap.
 */
finalise_cap_ret_t arch_finalise_cap(kernel_t *k, cap_t cap, bool final)
{
    finalise_cap_ret_t none = { cap_null(), cap_null() };

    switch (cap_type(cap)) {
    case cap_frame_cap:
        if (cap.frame.mapped_asid != asidInvalid)
            unmap_page(k, cap.frame.size, cap.frame.mapped_asid, cap.frame.mapped_addr, cap.frame.base);
        return none;
    case cap_page_table_cap:
        if (final && cap.paging.mapped)
            unmap_page_table(k, cap.paging.mapped_asid, cap.paging.mapped_addr, cap.paging.base);
        return none;
    case cap_page_directory_cap:
        if (final && cap.paging.mapped)
            unmap_page_directory(k, cap.paging.mapped_asid, cap.paging.mapped_addr, cap.paging.base);
        return none;
    case cap_pdpt_cap:
        if (final && cap.paging.mapped)
            unmap_pdpt(k, cap.paging.mapped_asid, cap.paging.mapped_addr, cap.paging.base);
        return none;
    case cap_pml4_cap:
        if (final && cap.paging.mapped)
            delete_asid(k, cap.paging.mapped_asid, cap.paging.base);
        return none;
    case cap_asid_pool_cap:
        if (final)
            delete_asid_pool(k, cap.asid_pool.asid_base, cap.asid_pool.pool);
        return none;
    case cap_io_port_cap:
        return final ? (finalise_cap_ret_t){ cap_null(), cap } : none;
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

exception_t arch_decode_invocation(kernel_t *k, word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                                   bool call, word_t *buffer)
{
    switch (cap_type(cap)) {
    case cap_frame_cap:
        return decode_x86_frame_invocation(k, label, length, slot, cap, call, buffer);
    case cap_page_table_cap:
        return decode_x86_page_table_invocation(k, label, length, slot, cap, buffer);
    case cap_page_directory_cap:
        return decode_x64_page_directory_invocation(k, label, length, slot, cap, buffer);
    case cap_pdpt_cap:
        return decode_x64_pdpt_invocation(k, label, length, slot, cap, buffer);
    case cap_pml4_cap:
        /* seL4 decodeX86ModeMMUInvocation: a PML4 has no methods */
        return syscall_error(k, seL4_IllegalOperation);
    case cap_asid_control_cap:
        return decode_x86_asid_control_invocation(k, label, length, buffer);
    case cap_asid_pool_cap:
        return decode_x86_asid_pool_invocation(k, label, cap);
    case cap_io_port_control_cap:
        return decode_x86_port_control_invocation(k, label, length, slot, buffer);
    case cap_io_port_cap:
        return decode_x86_port_invocation(k, label, length, cap, call, buffer);
    default:
        user_error(k, "X86: Illegal operation on %s cap.", cap_type_name(cap_type(cap)));
        break;
    }
    return syscall_error(k, seL4_IllegalOperation);
}

/* seL4's Arch_postCapDeletion: the ports of a range whose last cap went are free again. */
void arch_post_cap_deletion(kernel_t *k, cap_t cleanup_info)
{
    if (cap_type(cleanup_info) == cap_io_port_cap)
        free_io_port_range(k, cleanup_info.io_port.first_port, cleanup_info.io_port.last_port);
}
