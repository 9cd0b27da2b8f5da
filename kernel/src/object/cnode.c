/*
 * CNode methods and the capability derivation tree (manual 3.1, 3.2).
 * The tree is seL4's: a doubly linked list of slots in depth-first order,
 * where a cap's descendants are the run of following slots it is an MDB
 * parent of. Deletion of CNodes and TCBs goes through Zombie caps, as in
 * seL4, so that deleting nested CSpaces needs only bounded recursion.
 */
#include <core.h>

static const mdb_node_t null_mdb;

static exception_t invoke_cnode_rotate(kernel_t *k, cap_t cap1, cap_t cap2, cte_t *slot1, cte_t *slot2,
                                       cte_t *slot3)
{
    if (slot1 == slot3) {
        cte_swap(k, cap1, slot1, cap2, slot2);
    } else {
        cte_move(k, cap2, slot2, slot3);
        cte_move(k, cap1, slot1, slot2);
    }
    return EXCEPTION_NONE;
}

static exception_t invoke_cnode_save_caller(kernel_t *k, cte_t *dest)
{
    cte_t *src = tcb_cte(k->cur_thread, tcbCaller);
    cap_t cap = src->cap;

    if (cap_type(cap) == cap_null_cap)
        user_error(k, "CNode SaveCaller: Reply cap not present.");
    else if (cap_type(cap) == cap_reply_cap && !cap.reply.master)
        cte_move(k, cap, src, dest);
    return EXCEPTION_NONE;
}

static exception_t invoke_cnode_cancel_badged_sends(kernel_t *k, cap_t cap)
{
    if (cap.endpoint.badge)
        cancel_badged_sends(k, EP_PTR(k, cap), cap.endpoint.badge);
    return EXCEPTION_NONE;
}

/* Copy, Mint, Move and Mutate: a source slot into an empty destination. */
static exception_t decode_cnode_copy_like(kernel_t *k, word_t label, word_t length, cte_t *dest, word_t *buffer)
{
    if (length < 4 || !k->extra_caps[0]) {
        user_error(k, "CNode Copy/Mint/Move/Mutate: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t src_index = get_syscall_arg(k, 2, buffer);
    word_t src_depth = get_syscall_arg(k, 3, buffer);
    cap_t src_root = k->extra_caps[0]->cap;

    if (ensure_empty_slot(k, dest) != EXCEPTION_NONE) {
        user_error(k, "CNode Copy/Mint/Move/Mutate: Destination not empty.");
        return EXCEPTION_SYSCALL_ERROR;
    }
    lookup_slot_ret_t lu = lookup_source_slot(k, src_root, src_index, src_depth);
    if (lu.status != EXCEPTION_NONE) {
        user_error(k, "CNode Copy/Mint/Move/Mutate: Invalid source slot.");
        return lu.status;
    }
    cte_t *src = lu.slot;
    if (cap_type(src->cap) == cap_null_cap) {
        user_error(k, "CNode Copy/Mint/Move/Mutate: Source slot invalid or empty.");
        set_lookup_fault(k, lookup_fault_missing_capability, src_depth, 0, 0);
        return failed_lookup(k, true);
    }

    cap_t new_cap;
    bool is_move;
    derive_cap_ret_t dc;
    switch (label) {
    case CNodeCopy:
        if (length < 5) {
            user_error(k, "Truncated message for CNode Copy operation.");
            return syscall_error(k, seL4_TruncatedMessage);
        }
        dc = derive_cap(k, src, mask_cap_rights((seL4_CapRights_t){ { get_syscall_arg(k, 4, buffer) } },
                                                src->cap));
        if (dc.status != EXCEPTION_NONE) {
            user_error(k, "Error deriving cap for CNode Copy operation.");
            return dc.status;
        }
        new_cap = dc.cap;
        is_move = false;
        break;
    case CNodeMint: {
        if (length < 6) {
            user_error(k, "CNode Mint: Truncated message.");
            return syscall_error(k, seL4_TruncatedMessage);
        }
        cap_t masked = mask_cap_rights((seL4_CapRights_t){ { get_syscall_arg(k, 4, buffer) } }, src->cap);
        dc = derive_cap(k, src, update_cap_data(k, false, get_syscall_arg(k, 5, buffer), masked));
        if (dc.status != EXCEPTION_NONE) {
            user_error(k, "Error deriving cap for CNode Mint operation.");
            return dc.status;
        }
        new_cap = dc.cap;
        is_move = false;
        break;
    }
    case CNodeMove:
        new_cap = src->cap;
        is_move = true;
        break;
    default: /* CNodeMutate */
        if (length < 5) {
            user_error(k, "CNode Mutate: Truncated message.");
            return syscall_error(k, seL4_TruncatedMessage);
        }
        new_cap = update_cap_data(k, true, get_syscall_arg(k, 4, buffer), src->cap);
        is_move = true;
        break;
    }
    if (cap_type(new_cap) == cap_null_cap) {
        user_error(k, "CNode Copy/Mint/Move/Mutate: Mutated cap would be invalid.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    if (is_move)
        cte_move(k, new_cap, src, dest);
    else
        cte_insert(k, new_cap, src, dest);
    return EXCEPTION_NONE;
}

static exception_t decode_cnode_rotate(kernel_t *k, word_t length, cte_t *dest, word_t *buffer)
{
    if (length < 8 || !k->extra_caps[0] || !k->extra_caps[1])
        return syscall_error(k, seL4_TruncatedMessage);

    word_t pivot_new_data = get_syscall_arg(k, 2, buffer);
    word_t pivot_index = get_syscall_arg(k, 3, buffer);
    word_t pivot_depth = get_syscall_arg(k, 4, buffer);
    word_t src_new_data = get_syscall_arg(k, 5, buffer);
    word_t src_index = get_syscall_arg(k, 6, buffer);
    word_t src_depth = get_syscall_arg(k, 7, buffer);
    cap_t pivot_root = k->extra_caps[0]->cap;
    cap_t src_root = k->extra_caps[1]->cap;

    lookup_slot_ret_t lu = lookup_source_slot(k, src_root, src_index, src_depth);
    if (lu.status != EXCEPTION_NONE)
        return lu.status;
    cte_t *src = lu.slot;
    lu = lookup_pivot_slot(k, pivot_root, pivot_index, pivot_depth);
    if (lu.status != EXCEPTION_NONE)
        return lu.status;
    cte_t *pivot = lu.slot;

    if (pivot == src || pivot == dest) {
        user_error(k, "CNode Rotate: Pivot slot the same as source or dest slot.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (src != dest && ensure_empty_slot(k, dest) != EXCEPTION_NONE)
        return EXCEPTION_SYSCALL_ERROR;
    if (cap_type(src->cap) == cap_null_cap) {
        set_lookup_fault(k, lookup_fault_missing_capability, src_depth, 0, 0);
        return failed_lookup(k, true);
    }
    if (cap_type(pivot->cap) == cap_null_cap) {
        set_lookup_fault(k, lookup_fault_missing_capability, pivot_depth, 0, 0);
        return failed_lookup(k, false);
    }
    cap_t new_src = update_cap_data(k, true, src_new_data, src->cap);
    cap_t new_pivot = update_cap_data(k, true, pivot_new_data, pivot->cap);
    if (cap_type(new_src) == cap_null_cap) {
        user_error(k, "CNode Rotate: Source cap invalid.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (cap_type(new_pivot) == cap_null_cap) {
        user_error(k, "CNode Rotate: Pivot cap invalid.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    return invoke_cnode_rotate(k, new_src, new_pivot, src, pivot, dest);
}

exception_t decode_cnode_invocation(kernel_t *k, word_t label, word_t length, cap_t cap, word_t *buffer)
{
    if (label < CNodeRevoke || label > CNodeSaveCaller) {
        user_error(k, "CNodeCap: Illegal Operation attempted.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (length < 2) {
        user_error(k, "CNode operation: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t index = get_syscall_arg(k, 0, buffer);
    word_t depth = get_syscall_arg(k, 1, buffer);
    lookup_slot_ret_t lu = lookup_target_slot(k, cap, index, depth);
    if (lu.status != EXCEPTION_NONE) {
        user_error(k, "CNode operation: Target slot invalid.");
        return lu.status;
    }
    cte_t *dest = lu.slot;

    switch (label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate:
        return decode_cnode_copy_like(k, label, length, dest, buffer);
    case CNodeRevoke:
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return cte_revoke(k, dest);
    case CNodeDelete:
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return cte_delete(k, dest, true);
    case CNodeSaveCaller:
        if (ensure_empty_slot(k, dest) != EXCEPTION_NONE) {
            user_error(k, "CNode SaveCaller: Destination slot not empty.");
            return EXCEPTION_SYSCALL_ERROR;
        }
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return invoke_cnode_save_caller(k, dest);
    case CNodeCancelBadgedSends:
        if (!has_cancel_send_rights(dest->cap)) {
            user_error(k, "CNode CancelBadgedSends: Target cap invalid.");
            return syscall_error(k, seL4_IllegalOperation);
        }
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return invoke_cnode_cancel_badged_sends(k, dest->cap);
    case CNodeRotate:
        return decode_cnode_rotate(k, length, dest, buffer);
    }
    return EXCEPTION_NONE;
}

/* Copying an untyped cap makes the source unusable for retype (seL4 setUntypedCapAsFull). */
static void set_untyped_cap_as_full(cap_t src_cap, cap_t new_cap, cte_t *src)
{
    if (cap_type(src_cap) == cap_untyped_cap && cap_type(new_cap) == cap_untyped_cap &&
        src_cap.untyped.ptr == new_cap.untyped.ptr && src_cap.untyped.size_bits == new_cap.untyped.size_bits)
        src->cap.untyped.free_index = BIT(src_cap.untyped.size_bits);
}

static void link_neighbours_to(cte_t *slot)
{
    if (MDB_PREV(slot))
        MDB_PREV(slot)->mdb.next = REF(slot);
    if (MDB_NEXT(slot))
        MDB_NEXT(slot)->mdb.prev = REF(slot);
}

void cte_insert(kernel_t *k, cap_t new_cap, cte_t *src, cte_t *dest)
{
    cap_t src_cap = src->cap;
    bool revocable = is_cap_revocable(new_cap, src_cap);
    mdb_node_t mdb = src->mdb;

    mdb.prev = REF(src);
    mdb.revocable = revocable;
    mdb.first_badged = revocable;
    set_untyped_cap_as_full(src_cap, new_cap, src);
    dest->cap = new_cap;
    dest->mdb = mdb;
    src->mdb.next = REF(dest);
    if (MDB_NEXT(dest))
        MDB_NEXT(dest)->mdb.prev = REF(dest);
}

void cte_move(kernel_t *k, cap_t new_cap, cte_t *src, cte_t *dest)
{
    dest->cap = new_cap;
    dest->mdb = src->mdb;
    src->cap = cap_null();
    src->mdb = null_mdb;
    link_neighbours_to(dest);
}

void cte_swap(kernel_t *k, cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2)
{
    mdb_node_t mdb1 = slot1->mdb;

    slot1->cap = cap2;
    slot2->cap = cap1;
    if (MDB_PREV(slot1))
        MDB_PREV(slot1)->mdb.next = REF(slot2);
    if (MDB_NEXT(slot1))
        MDB_NEXT(slot1)->mdb.prev = REF(slot2);
    slot1->mdb = slot2->mdb;
    slot2->mdb = mdb1;
    if (MDB_PREV(slot1))
        MDB_PREV(slot1)->mdb.next = REF(slot1);
    if (MDB_NEXT(slot1))
        MDB_NEXT(slot1)->mdb.prev = REF(slot1);
}

static void cap_swap_for_delete(kernel_t *k, cte_t *slot1, cte_t *slot2)
{
    if (slot1 != slot2)
        cte_swap(k, slot1->cap, slot1, slot2->cap, slot2);
}

void insert_new_cap(kernel_t *k, cte_t *parent, cte_t *slot, cap_t cap)
{
    cte_t *next = MDB_NEXT(parent);

    slot->cap = cap;
    slot->mdb = (mdb_node_t){ .prev = REF(parent), .next = REF(next), .revocable = 1, .first_badged = 1 };
    if (next)
        next->mdb.prev = REF(slot);
    parent->mdb.next = REF(slot);
}

exception_t cte_revoke(kernel_t *k, cte_t *slot)
{
    for (cte_t *next = MDB_NEXT(slot); next && is_mdb_parent_of(k, slot, next); next = MDB_NEXT(slot)) {
        exception_t status = cte_delete(k, next, true);
        if (status != EXCEPTION_NONE)
            return status;
    }
    return EXCEPTION_NONE;
}

static void empty_slot(kernel_t *k, cte_t *slot, cap_t cleanup_info)
{
    if (cap_type(slot->cap) == cap_null_cap)
        return;
    mdb_node_t mdb = slot->mdb;
    cte_t *prev = PTR(cte_t, mdb.prev), *next = PTR(cte_t, mdb.next);

    if (prev)
        prev->mdb.next = REF(next);
    if (next) {
        next->mdb.prev = REF(prev);
        next->mdb.first_badged = next->mdb.first_badged || mdb.first_badged;
    }
    slot->cap = cap_null();
    slot->mdb = null_mdb;
    post_cap_deletion(k, cleanup_info);
}

/* finalise_cap leaves a null cap, or a Zombie still owning slots to empty. */
static bool cap_removable(cap_t cap, cte_t *slot)
{
    if (cap_type(cap) == cap_null_cap)
        return true;
    word_t n = cap.zombie.number;
    return n == 0 || (n == 1 && PTR(cte_t, cap.zombie.ptr) == slot);
}

static bool cap_cyclic_zombie(cap_t cap, cte_t *slot)
{
    return cap_type(cap) == cap_zombie_cap && PTR(cte_t, cap.zombie.ptr) == slot;
}

static exception_t reduce_zombie(kernel_t *k, cte_t *slot, bool immediate);

typedef struct finalise_slot_ret {
    exception_t status;
    bool success;
    cap_t cleanup_info;
} finalise_slot_ret_t;

static finalise_slot_ret_t finalise_slot(kernel_t *k, cte_t *slot, bool immediate)
{
    while (cap_type(slot->cap) != cap_null_cap) {
        bool final = is_final_capability(k, slot);
        finalise_cap_ret_t fc = finalise_cap(k, slot->cap, final, false);

        if (cap_removable(fc.remainder, slot))
            return (finalise_slot_ret_t){ EXCEPTION_NONE, true, fc.cleanup_info };
        slot->cap = fc.remainder;
        if (!immediate && cap_cyclic_zombie(fc.remainder, slot))
            return (finalise_slot_ret_t){ EXCEPTION_NONE, false, fc.cleanup_info };
        exception_t status = reduce_zombie(k, slot, immediate);
        if (status != EXCEPTION_NONE)
            return (finalise_slot_ret_t){ status, false, cap_null() };
    }
    return (finalise_slot_ret_t){ EXCEPTION_NONE, true, cap_null() };
}

exception_t cte_delete(kernel_t *k, cte_t *slot, bool exposed)
{
    finalise_slot_ret_t fs = finalise_slot(k, slot, exposed);
    if (fs.status != EXCEPTION_NONE)
        return fs.status;
    if (exposed || fs.success)
        empty_slot(k, slot, fs.cleanup_info);
    return EXCEPTION_NONE;
}

/*
 * One step of emptying the slots a Zombie owns. Exposed (immediate) deletion
 * deletes its last slot; an unexposed one swaps the Zombie into the first
 * slot of its own object, so the outer deletion finishes it.
 */
static exception_t reduce_zombie(kernel_t *k, cte_t *slot, bool immediate)
{
    cte_t *ptr = PTR(cte_t, slot->cap.zombie.ptr);
    word_t n = slot->cap.zombie.number;
    word_t type = slot->cap.zombie.ztype;

    if (!immediate) {
        cap_swap_for_delete(k, ptr, slot);
        return EXCEPTION_NONE;
    }
    cte_t *end = &ptr[n - 1];
    exception_t status = cte_delete(k, end, false);
    if (status != EXCEPTION_NONE)
        return status;
    if (cap_type(slot->cap) == cap_zombie_cap && PTR(cte_t, slot->cap.zombie.ptr) == ptr &&
        slot->cap.zombie.number == n && slot->cap.zombie.ztype == type)
        slot->cap.zombie.number = n - 1;
    return EXCEPTION_NONE;
}

void cte_delete_one(kernel_t *k, cte_t *slot)
{
    if (cap_type(slot->cap) == cap_null_cap)
        return;
    bool final = is_final_capability(k, slot);
    finalise_cap(k, slot->cap, final, true);
    empty_slot(k, slot, cap_null());
}

void setup_reply_master(kernel_t *k, tcb_t *t)
{
    cte_t *slot = tcb_cte(t, tcbReply);
    if (cap_type(slot->cap) != cap_null_cap)
        return;
    slot->cap = cap_null();
    slot->cap.reply.type = cap_reply_cap;
    slot->cap.reply.master = 1;
    slot->cap.reply.can_grant = 1;
    slot->cap.reply.tcb = paddr_from_ptr(k, (uint8_t *)t - TCB_OFFSET);
    slot->mdb = (mdb_node_t){ .revocable = 1, .first_badged = 1 };
}

bool is_mdb_parent_of(kernel_t *k, cte_t *a, cte_t *b)
{
    if (!a->mdb.revocable || !same_region_as(k, a->cap, b->cap))
        return false;
    switch (cap_type(a->cap)) {
    case cap_endpoint_cap:
        if (a->cap.endpoint.badge == 0)
            return true;
        return a->cap.endpoint.badge == b->cap.endpoint.badge && !b->mdb.first_badged;
    case cap_notification_cap:
        if (a->cap.notification.badge == 0)
            return true;
        return a->cap.notification.badge == b->cap.notification.badge && !b->mdb.first_badged;
    default:
        return true;
    }
}

exception_t ensure_no_children(kernel_t *k, cte_t *slot)
{
    cte_t *next = MDB_NEXT(slot);
    if (next && is_mdb_parent_of(k, slot, next))
        return syscall_error(k, seL4_RevokeFirst);
    return EXCEPTION_NONE;
}

exception_t ensure_empty_slot(kernel_t *k, cte_t *slot)
{
    if (cap_type(slot->cap) != cap_null_cap)
        return syscall_error(k, seL4_DeleteFirst);
    return EXCEPTION_NONE;
}

/* No other cap to the same object sits beside this one in the tree. */
bool is_final_capability(kernel_t *k, cte_t *slot)
{
    cte_t *prev = MDB_PREV(slot), *next = MDB_NEXT(slot);

    if (prev && same_object_as(k, prev->cap, slot->cap))
        return false;
    return !next || !same_object_as(k, slot->cap, next->cap);
}
