/* CSpace addressing: CPtr resolution through guarded CNodes (manual 3.1.3). */
#include <core.h>

void set_lookup_fault(kernel_t *k, word_t type, word_t bits_left, word_t bits_found, word_t guard_found)
{
    k->lookup_fault = (lookup_fault_t){
        .type = type, .bits_left = bits_left, .bits_found = bits_found, .guard_found = guard_found
    };
}

/*
 * Resolves the top n_bits of cptr starting at node_cap. Stops early, with
 * bits left over, at a slot that holds no CNode cap.
 */
lookup_slot_ret_t resolve_address_bits(kernel_t *k, cap_t node_cap, cptr_t cptr, word_t n_bits)
{
    lookup_slot_ret_t ret = { EXCEPTION_LOOKUP_FAULT, NULL, n_bits };

    if (cap_type(node_cap) != cap_cnode_cap) {
        set_lookup_fault(k, lookup_fault_invalid_root, 0, 0, 0);
        return ret;
    }
    for (;;) {
        word_t radix = node_cap.cnode.radix;
        word_t guard_bits = node_cap.cnode.guard_size;
        word_t level_bits = radix + guard_bits;
        word_t cap_guard = node_cap.cnode.guard;
        word_t guard = (cptr >> ((n_bits - guard_bits) & MASK(wordRadix))) & MASK(guard_bits);

        if (guard_bits > n_bits || guard != cap_guard) {
            set_lookup_fault(k, lookup_fault_guard_mismatch, n_bits, guard_bits, cap_guard);
            return ret;
        }
        if (level_bits > n_bits) {
            set_lookup_fault(k, lookup_fault_depth_mismatch, n_bits, level_bits, 0);
            return ret;
        }
        word_t offset = (cptr >> (n_bits - level_bits)) & MASK(radix);
        cte_t *slot = CNODE_SLOTS(k, node_cap) + offset;
        if (n_bits == level_bits) {
            ret = (lookup_slot_ret_t){ EXCEPTION_NONE, slot, 0 };
            return ret;
        }
        n_bits -= level_bits;
        node_cap = slot->cap;
        if (cap_type(node_cap) != cap_cnode_cap) {
            ret = (lookup_slot_ret_t){ EXCEPTION_NONE, slot, n_bits };
            return ret;
        }
    }
}

lookup_slot_ret_t lookup_slot(kernel_t *k, tcb_t *t, cptr_t cptr)
{
    return resolve_address_bits(k, tcb_cte(t, tcbCTable)->cap, cptr, wordBits);
}

lookup_cap_ret_t lookup_cap_and_slot(kernel_t *k, tcb_t *t, cptr_t cptr)
{
    lookup_slot_ret_t s = lookup_slot(k, t, cptr);
    if (s.status != EXCEPTION_NONE)
        return (lookup_cap_ret_t){ s.status, cap_null(), NULL };
    return (lookup_cap_ret_t){ EXCEPTION_NONE, s.slot->cap, s.slot };
}

lookup_cap_ret_t lookup_cap(kernel_t *k, tcb_t *t, cptr_t cptr)
{
    return lookup_cap_and_slot(k, t, cptr);
}

/* The slot lookup of CNode methods: an explicit root and depth (manual 3.1.4). */
static lookup_slot_ret_t lookup_slot_for_cnode_op(kernel_t *k, bool is_source, cap_t root, cptr_t cptr,
                                                  word_t depth)
{
    lookup_slot_ret_t fail = { EXCEPTION_SYSCALL_ERROR, NULL, 0 };

    if (cap_type(root) != cap_cnode_cap) {
        set_lookup_fault(k, lookup_fault_invalid_root, 0, 0, 0);
        failed_lookup(k, is_source);
        return fail;
    }
    if (depth < 1 || depth > wordBits) {
        range_error(k, 1, wordBits);
        return fail;
    }
    lookup_slot_ret_t r = resolve_address_bits(k, root, cptr, depth);
    if (r.status != EXCEPTION_NONE) {
        failed_lookup(k, is_source);
        return fail;
    }
    if (r.bits_remaining != 0) {
        set_lookup_fault(k, lookup_fault_depth_mismatch, r.bits_remaining, 0, 0);
        failed_lookup(k, is_source);
        return fail;
    }
    return r;
}

lookup_slot_ret_t lookup_source_slot(kernel_t *k, cap_t root, cptr_t cptr, word_t depth)
{
    return lookup_slot_for_cnode_op(k, true, root, cptr, depth);
}

lookup_slot_ret_t lookup_target_slot(kernel_t *k, cap_t root, cptr_t cptr, word_t depth)
{
    return lookup_slot_for_cnode_op(k, false, root, cptr, depth);
}

lookup_slot_ret_t lookup_pivot_slot(kernel_t *k, cap_t root, cptr_t cptr, word_t depth)
{
    return lookup_slot_for_cnode_op(k, true, root, cptr, depth);
}
