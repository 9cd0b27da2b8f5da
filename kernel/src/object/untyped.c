/* seL4_Untyped_Retype (manual 2.4, 10.3.9): the one way objects come to exist. */
#include <core.h>

static void clear_ram(kernel_t *k, word_t paddr, word_t bytes)
{
    if (!bytes)
        return;
    if (k->plat->clear)
        k->plat->clear(k->plat_ctx, paddr, bytes);
    else
        k_memset(ptr_from_paddr(k, paddr), 0, bytes);
}

/* An untyped without children starts over: its used memory is zeroed again. */
static void reset_untyped_cap(kernel_t *k, cte_t *slot)
{
    cap_t cap = slot->cap;
    if (cap.untyped.free_index == 0)
        return;
    if (!cap.untyped.is_device)
        clear_ram(k, cap.untyped.ptr, cap.untyped.free_index);
    slot->cap.untyped.free_index = 0;
}

static exception_t invoke_untyped_retype(kernel_t *k, cte_t *slot, bool reset, word_t retype_base, word_t type,
                                         word_t user_size, cte_t *dest_cnode, word_t dest_offset,
                                         word_t dest_length, bool device)
{
    word_t region = slot->cap.untyped.ptr;

    if (reset)
        reset_untyped_cap(k, slot);
    word_t total = dest_length << get_object_size(type, user_size);
    slot->cap.untyped.free_index = retype_base + total - region;
    create_new_objects(k, type, slot, dest_cnode, dest_offset, dest_length, retype_base, user_size, device);
    return EXCEPTION_NONE;
}

exception_t decode_untyped_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, cap_t cap,
                                      word_t *buffer)
{
    if (label != UntypedRetype) {
        user_error(k, "Untyped cap: Illegal operation attempted.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (length < 6 || !k->extra_caps[0]) {
        user_error(k, "Untyped invocation: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t type = get_syscall_arg(k, 0, buffer);
    word_t user_size = get_syscall_arg(k, 1, buffer);
    word_t node_index = get_syscall_arg(k, 2, buffer);
    word_t node_depth = get_syscall_arg(k, 3, buffer);
    word_t node_offset = get_syscall_arg(k, 4, buffer);
    word_t node_window = get_syscall_arg(k, 5, buffer);

    if (type >= seL4_ObjectTypeCount) {
        user_error(k, "Untyped Retype: Invalid object type.");
        return invalid_argument(k, 0);
    }
    word_t object_size = get_object_size(type, user_size);
    if (user_size >= wordBits || object_size > seL4_MaxUntypedBits) {
        user_error(k, "Untyped Retype: Invalid object size.");
        return range_error(k, 0, seL4_MaxUntypedBits);
    }
    if (type == seL4_CapTableObject && user_size == 0) {
        user_error(k, "Untyped Retype: Requested CapTable size too small.");
        return invalid_argument(k, 1);
    }
    if (type == seL4_UntypedObject && user_size < seL4_MinUntypedBits) {
        user_error(k, "Untyped Retype: Requested UntypedItem size too small.");
        return invalid_argument(k, 1);
    }

    cap_t node_cap;
    if (node_depth == 0) {
        node_cap = k->extra_caps[0]->cap;
    } else {
        lookup_slot_ret_t lu = lookup_target_slot(k, k->extra_caps[0]->cap, node_index, node_depth);
        if (lu.status != EXCEPTION_NONE) {
            user_error(k, "Untyped Retype: Invalid destination address.");
            return lu.status;
        }
        node_cap = lu.slot->cap;
    }
    if (cap_type(node_cap) != cap_cnode_cap) {
        user_error(k, "Untyped Retype: Destination cap invalid or read-only.");
        set_lookup_fault(k, lookup_fault_missing_capability, node_depth, 0, 0);
        return failed_lookup(k, false);
    }

    word_t node_size = BIT(node_cap.cnode.radix);
    if (node_offset > node_size - 1) {
        user_error(k, "Untyped Retype: Destination node offset #%d too large.", (int)node_offset);
        return range_error(k, 0, node_size - 1);
    }
    if (node_window < 1 || node_window > CONFIG_RETYPE_FAN_OUT_LIMIT) {
        user_error(k, "Untyped Retype: Number of requested objects (%d) too small or large.", (int)node_window);
        return range_error(k, 1, CONFIG_RETYPE_FAN_OUT_LIMIT);
    }
    if (node_window > node_size - node_offset) {
        user_error(k, "Untyped Retype: Requested destination window overruns size of node.");
        return range_error(k, 1, node_size - node_offset);
    }
    cte_t *dest_cnode = CNODE_SLOTS(k, node_cap);
    for (word_t i = node_offset; i < node_offset + node_window; i++) {
        if (ensure_empty_slot(k, &dest_cnode[i]) != EXCEPTION_NONE) {
            user_error(k, "Untyped Retype: Slot #%d in destination window non-empty.", (int)i);
            return EXCEPTION_SYSCALL_ERROR;
        }
    }

    /* Without children the untyped starts again from its base (manual 2.4.1). */
    bool reset = ensure_no_children(k, slot) == EXCEPTION_NONE;
    word_t free_index = reset ? 0 : cap.untyped.free_index;
    word_t free_ref = cap.untyped.ptr + free_index;
    word_t free_bytes = BIT(cap.untyped.size_bits) - free_index;

    if ((free_bytes >> object_size) < node_window) {
        user_error(k, "Untyped Retype: Insufficient memory (%lu * %lu bytes needed, %lu bytes available).",
                   node_window, object_size >= wordBits ? ~0ul : BIT(object_size), free_bytes);
        k->syscall_error.memory_left = free_bytes;
        return syscall_error(k, seL4_NotEnoughMemory);
    }
    bool device = cap.untyped.is_device;
    if (device && !arch_is_frame_type(type) && type != seL4_UntypedObject) {
        user_error(k, "Untyped Retype: Creating kernel objects with device untyped");
        return invalid_argument(k, 1);
    }
    word_t aligned_free_ref = ROUND_UP(free_ref, object_size);

    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    return invoke_untyped_retype(k, slot, reset, aligned_free_ref, type, user_size, dest_cnode, node_offset,
                                 node_window, device);
}
