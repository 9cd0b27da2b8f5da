/* Operations every cap type answers (seL4 object/objecttype.c). */
#include <core.h>

const char *cap_type_name(word_t type)
{
    switch (type) {
    case cap_null_cap: return "null";
    case cap_frame_cap: return "frame";
    case cap_untyped_cap: return "untyped";
    case cap_page_table_cap: return "page table";
    case cap_endpoint_cap: return "endpoint";
    case cap_page_directory_cap: return "page directory";
    case cap_notification_cap: return "notification";
    case cap_pdpt_cap: return "PDPT";
    case cap_reply_cap: return "reply";
    case cap_pml4_cap: return "PML4";
    case cap_cnode_cap: return "CNode";
    case cap_asid_control_cap: return "ASID control";
    case cap_thread_cap: return "TCB";
    case cap_asid_pool_cap: return "ASID pool";
    case cap_irq_control_cap: return "IRQ control";
    case cap_irq_handler_cap: return "IRQ handler";
    case cap_zombie_cap: return "zombie";
    case cap_io_port_cap: return "IO port";
    case cap_domain_cap: return "domain";
    case cap_io_port_control_cap: return "IO port control";
    }
    return "unknown";
}

derive_cap_ret_t derive_cap(kernel_t *k, cte_t *slot, cap_t cap)
{
    derive_cap_ret_t ret = { EXCEPTION_NONE, cap };

    if (is_arch_cap(cap))
        return arch_derive_cap(k, slot, cap);
    switch (cap_type(cap)) {
    case cap_zombie_cap:
    case cap_irq_control_cap:
    case cap_reply_cap:
        ret.cap = cap_null();
        break;
    case cap_untyped_cap:
        ret.status = ensure_no_children(k, slot);
        if (ret.status != EXCEPTION_NONE)
            ret.cap = cap_null();
        break;
    default:
        break;
    }
    return ret;
}

static cap_t zombie_new(word_t number, word_t ztype, word_t slots_paddr)
{
    cap_t z = cap_null();
    z.zombie.type = cap_zombie_cap;
    z.zombie.ztype = ztype;
    z.zombie.ptr = slots_paddr;
    z.zombie.number = number;
    return z;
}

finalise_cap_ret_t finalise_cap(kernel_t *k, cap_t cap, bool final, bool exposed)
{
    finalise_cap_ret_t none = { cap_null(), cap_null() };

    if (is_arch_cap(cap))
        return arch_finalise_cap(k, cap, final);

    switch (cap_type(cap)) {
    case cap_endpoint_cap:
        if (final)
            cancel_all_ipc(k, EP_PTR(k, cap));
        return none;
    case cap_notification_cap:
        if (final) {
            notification_t *n = NTFN_PTR(k, cap);
            unbind_maybe_notification(k, n);
            cancel_all_signals(k, n);
        }
        return none;
    case cap_reply_cap:
    case cap_null_cap:
    case cap_domain_cap:
        return none;
    case cap_cnode_cap:
        if (final) {
            /* Zombie slot pointers are kernel pointers, like the MDB links. */
            return (finalise_cap_ret_t){
                zombie_new(BIT(cap.cnode.radix), cap.cnode.radix, REF(CNODE_SLOTS(k, cap))), cap_null()
            };
        }
        return none;
    case cap_thread_cap:
        if (final) {
            tcb_t *t = THREAD_TCB(k, cap);
            unbind_notification(k, t);
            suspend(k, t);
            tcb_debug_remove(k, t);
            if (k->plat->thread_deleted)
                k->plat->thread_deleted(k->plat_ctx, t);
            return (finalise_cap_ret_t){
                zombie_new(tcbCNodeEntries, ZombieType_ZombieTCB, REF(tcb_cte(t, 0))), cap_null()
            };
        }
        return none;
    case cap_zombie_cap:
        return (finalise_cap_ret_t){ cap, cap_null() };
    case cap_irq_handler_cap:
        if (final) {
            deleting_irq_handler(k, cap.irq_handler.irq);
            return (finalise_cap_ret_t){ cap_null(), cap };
        }
        return none;
    default:
        return none;
    }
}

void post_cap_deletion(kernel_t *k, cap_t cleanup_info)
{
    if (cap_type(cleanup_info) == cap_irq_handler_cap)
        deleted_irq_handler(k, cleanup_info.irq_handler.irq);
    else if (is_arch_cap(cleanup_info))
        arch_post_cap_deletion(k, cleanup_info);
}

bool cap_is_physical(cap_t cap)
{
    switch (cap_type(cap)) {
    case cap_untyped_cap:
    case cap_endpoint_cap:
    case cap_notification_cap:
    case cap_cnode_cap:
    case cap_thread_cap:
    case cap_zombie_cap:
    case cap_frame_cap:
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
    case cap_asid_pool_cap:
        return true;
    default:
        return false;
    }
}

/* Physical address of the object a physical cap names. */
word_t cap_object_paddr(kernel_t *k, cap_t cap)
{
    switch (cap_type(cap)) {
    case cap_zombie_cap: return paddr_from_ptr(k, PTR(void, cap.zombie.ptr));
    case cap_untyped_cap: return cap.untyped.ptr;
    case cap_endpoint_cap: return cap.endpoint.ptr;
    case cap_notification_cap: return cap.notification.ptr;
    case cap_cnode_cap: return cap.cnode.ptr;
    case cap_thread_cap: return cap.thread.tcb;
    case cap_frame_cap: return cap.frame.base;
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap: return cap.paging.base;
    case cap_asid_pool_cap: return cap.asid_pool.pool;
    default: return 0;
    }
}

word_t cap_object_size_bits(cap_t cap)
{
    switch (cap_type(cap)) {
    case cap_untyped_cap: return cap.untyped.size_bits;
    case cap_endpoint_cap: return seL4_EndpointBits;
    case cap_notification_cap: return seL4_NotificationBits;
    case cap_cnode_cap: return cap.cnode.radix + seL4_SlotBits;
    case cap_thread_cap: return seL4_TCBBits;
    case cap_frame_cap: return frame_size_bits(cap.frame.size);
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap: return seL4_PageTableBits;
    case cap_asid_pool_cap: return seL4_ASIDPoolBits;
    case cap_zombie_cap:
        return cap.zombie.ztype == ZombieType_ZombieTCB ? seL4_TCBBits : cap.zombie.ztype + seL4_SlotBits;
    default: return 0;
    }
}

bool same_region_as(kernel_t *k, cap_t a, cap_t b)
{
    switch (cap_type(a)) {
    case cap_untyped_cap:
        if (cap_is_physical(b)) {
            word_t a_base = a.untyped.ptr, b_base = cap_object_paddr(k, b);
            word_t a_top = a_base + MASK(a.untyped.size_bits);
            word_t b_top = b_base + MASK(cap_object_size_bits(b));
            return a_base <= b_base && b_top <= a_top && b_base <= b_top;
        }
        return false;
    case cap_endpoint_cap:
        return cap_type(b) == cap_endpoint_cap && a.endpoint.ptr == b.endpoint.ptr;
    case cap_notification_cap:
        return cap_type(b) == cap_notification_cap && a.notification.ptr == b.notification.ptr;
    case cap_cnode_cap:
        return cap_type(b) == cap_cnode_cap && a.cnode.ptr == b.cnode.ptr && a.cnode.radix == b.cnode.radix;
    case cap_thread_cap:
        return cap_type(b) == cap_thread_cap && a.thread.tcb == b.thread.tcb;
    case cap_reply_cap:
        return cap_type(b) == cap_reply_cap && a.reply.tcb == b.reply.tcb;
    case cap_domain_cap:
        return cap_type(b) == cap_domain_cap;
    case cap_irq_control_cap:
        return cap_type(b) == cap_irq_control_cap || cap_type(b) == cap_irq_handler_cap;
    case cap_irq_handler_cap:
        return cap_type(b) == cap_irq_handler_cap && a.irq_handler.irq == b.irq_handler.irq;
    case cap_null_cap:
    case cap_zombie_cap:
        return false;
    default:
        return arch_same_region_as(k, a, b);
    }
}

bool same_object_as(kernel_t *k, cap_t a, cap_t b)
{
    if (cap_type(a) == cap_untyped_cap)
        return false;
    if (cap_type(a) == cap_irq_control_cap && cap_type(b) == cap_irq_handler_cap)
        return false;
    if (is_arch_cap(a) && is_arch_cap(b))
        return arch_same_object_as(k, a, b);
    return same_region_as(k, a, b);
}

/* Badges (Mint) and CNode guards (Mint, Mutate): manual 3.1.4. */
cap_t update_cap_data(kernel_t *k, bool preserve, word_t data, cap_t cap)
{
    switch (cap_type(cap)) {
    case cap_endpoint_cap:
        if (!preserve && cap.endpoint.badge == 0) {
            cap.endpoint.badge = data;
            return cap;
        }
        return cap_null();
    case cap_notification_cap:
        if (!preserve && cap.notification.badge == 0) {
            cap.notification.badge = data;
            return cap;
        }
        return cap_null();
    case cap_cnode_cap: {
        seL4_CNode_CapData_t w = { { data } };
        word_t guard_size = seL4_CNode_CapData_get_guardSize(w);
        if (guard_size + cap.cnode.radix > wordBits)
            return cap_null();
        cap.cnode.guard = seL4_CNode_CapData_get_guard(w) & MASK(guard_size);
        cap.cnode.guard_size = guard_size;
        return cap;
    }
    default:
        return cap;
    }
}

cap_t mask_cap_rights(seL4_CapRights_t r, cap_t cap)
{
    switch (cap_type(cap)) {
    case cap_endpoint_cap:
        cap.endpoint.can_send &= seL4_CapRights_get_capAllowWrite(r);
        cap.endpoint.can_receive &= seL4_CapRights_get_capAllowRead(r);
        cap.endpoint.can_grant &= seL4_CapRights_get_capAllowGrant(r);
        cap.endpoint.can_grant_reply &= seL4_CapRights_get_capAllowGrantReply(r);
        return cap;
    case cap_notification_cap:
        cap.notification.can_send &= seL4_CapRights_get_capAllowWrite(r);
        cap.notification.can_receive &= seL4_CapRights_get_capAllowRead(r);
        return cap;
    case cap_reply_cap:
        cap.reply.can_grant &= seL4_CapRights_get_capAllowGrant(r);
        return cap;
    default:
        return is_arch_cap(cap) ? arch_mask_cap_rights(r, cap) : cap;
    }
}

bool is_cap_revocable(cap_t derived, cap_t src)
{
    if (is_arch_cap(derived))
        return arch_is_cap_revocable(derived, src);
    switch (cap_type(derived)) {
    case cap_endpoint_cap:
        return derived.endpoint.badge != src.endpoint.badge;
    case cap_notification_cap:
        return derived.notification.badge != src.notification.badge;
    case cap_irq_handler_cap:
        return cap_type(src) == cap_irq_control_cap;
    case cap_untyped_cap:
        return true;
    default:
        return false;
    }
}

bool has_cancel_send_rights(cap_t cap)
{
    return cap_type(cap) == cap_endpoint_cap && cap.endpoint.can_send && cap.endpoint.can_receive &&
           cap.endpoint.can_grant && cap.endpoint.can_grant_reply;
}

word_t get_object_size(word_t type, word_t user_size)
{
    switch (type) {
    case seL4_UntypedObject: return user_size;
    case seL4_TCBObject: return seL4_TCBBits;
    case seL4_EndpointObject: return seL4_EndpointBits;
    case seL4_NotificationObject: return seL4_NotificationBits;
    case seL4_CapTableObject: return seL4_SlotBits + user_size;
    default: return arch_get_object_size(type);
    }
}

static cap_t create_object(kernel_t *k, word_t type, word_t paddr, word_t user_size, bool device)
{
    cap_t cap = cap_null();

    switch (type) {
    case seL4_UntypedObject:
        cap.untyped.type = cap_untyped_cap;
        cap.untyped.ptr = paddr;
        cap.untyped.size_bits = user_size;
        cap.untyped.is_device = device;
        return cap;
    case seL4_TCBObject:
        tcb_init(k, (tcb_t *)((uint8_t *)ptr_from_paddr(k, paddr) + TCB_OFFSET));
        cap.thread.type = cap_thread_cap;
        cap.thread.tcb = paddr;
        return cap;
    case seL4_EndpointObject:
        cap.endpoint.type = cap_endpoint_cap;
        cap.endpoint.ptr = paddr;
        cap.endpoint.can_send = cap.endpoint.can_receive = 1;
        cap.endpoint.can_grant = cap.endpoint.can_grant_reply = 1;
        return cap;
    case seL4_NotificationObject:
        cap.notification.type = cap_notification_cap;
        cap.notification.ptr = paddr;
        cap.notification.can_send = cap.notification.can_receive = 1;
        return cap;
    case seL4_CapTableObject:
        cap.cnode.type = cap_cnode_cap;
        cap.cnode.ptr = paddr;
        cap.cnode.radix = user_size;
        return cap;
    default:
        return arch_create_object(k, type, paddr, device);
    }
}

void create_new_objects(kernel_t *k, word_t type, cte_t *parent, cte_t *dest_cnode, word_t dest_offset,
                        word_t dest_length, word_t region_paddr, word_t user_size, bool device)
{
    word_t size_bits = get_object_size(type, user_size);

    for (word_t i = 0; i < dest_length; i++) {
        cap_t cap = create_object(k, type, region_paddr + (i << size_bits), user_size, device);
        insert_new_cap(k, parent, &dest_cnode[dest_offset + i], cap);
    }
}

/* Invoking a cap: dispatch on its type (seL4 decodeInvocation). */
exception_t decode_invocation(kernel_t *k, word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                              bool block, bool call, word_t *buffer)
{
    switch (cap_type(cap)) {
    case cap_null_cap:
        user_error(k, "Attempted to invoke a null cap #%lu.", cptr);
        return invalid_capability(k, 0);
    case cap_zombie_cap:
        user_error(k, "Attempted to invoke a zombie cap #%lu.", cptr);
        return invalid_capability(k, 0);
    case cap_endpoint_cap:
        if (!cap.endpoint.can_send) {
            user_error(k, "Attempted to invoke a read-only endpoint cap #%lu.", cptr);
            return invalid_capability(k, 0);
        }
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return perform_endpoint_invocation(k, cap, block, call);
    case cap_notification_cap:
        if (!cap.notification.can_send) {
            user_error(k, "Attempted to invoke a read-only notification cap #%lu.", cptr);
            return invalid_capability(k, 0);
        }
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return perform_notification_invocation(k, cap);
    case cap_reply_cap:
        if (cap.reply.master) {
            user_error(k, "Attempted to invoke an invalid reply cap #%lu.", cptr);
            return invalid_capability(k, 0);
        }
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return perform_reply_invocation(k, cap, slot);
    case cap_thread_cap:
        return decode_tcb_invocation(k, label, length, cap, slot, call, buffer);
    case cap_domain_cap:
        return decode_domain_invocation(k, label, length, buffer);
    case cap_cnode_cap:
        return decode_cnode_invocation(k, label, length, cap, buffer);
    case cap_untyped_cap:
        return decode_untyped_invocation(k, label, length, slot, cap, buffer);
    case cap_irq_control_cap:
        return decode_irq_control_invocation(k, label, length, slot, buffer);
    case cap_irq_handler_cap:
        return decode_irq_handler_invocation(k, label, cap.irq_handler.irq);
    default:
        return arch_decode_invocation(k, label, length, cptr, slot, cap, call, buffer);
    }
}
