/* Thread control blocks (manual 6) and the domain cap. */
#include <core.h>

#define NULL_PRIO 0

/* Which parts of a TCB invokeTCB_ThreadControl changes. */
enum {
    update_mcp = 1,
    update_priority = 2,
    update_space = 4,
    update_ipc_buffer = 8,
};

void set_thread_name(tcb_t *t, const char *name)
{
    size_t n = k_strnlen(name, TCB_NAME_LENGTH - 1);
    k_memcpy(t->name, name, n);
    t->name[n] = '\0';
}

void tcb_debug_append(kernel_t *k, tcb_t *t)
{
    t->debug_prev = NULL;
    t->debug_next = k->debug_tcbs;
    if (k->debug_tcbs)
        k->debug_tcbs->debug_prev = t;
    k->debug_tcbs = t;
}

void tcb_debug_remove(kernel_t *k, tcb_t *t)
{
    if (t->debug_prev)
        t->debug_prev->debug_next = t->debug_next;
    else if (k->debug_tcbs == t)
        k->debug_tcbs = t->debug_next;
    if (t->debug_next)
        t->debug_next->debug_prev = t->debug_prev;
    t->debug_next = t->debug_prev = NULL;
}

tcb_queue_t tcb_ep_append(tcb_t *t, tcb_queue_t q)
{
    t->ep_prev = q.tail;
    t->ep_next = NULL;
    if (q.tail)
        q.tail->ep_next = t;
    else
        q.head = t;
    q.tail = t;
    return q;
}

tcb_queue_t tcb_ep_dequeue(tcb_t *t, tcb_queue_t q)
{
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        q.head = t->ep_next;
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        q.tail = t->ep_prev;
    t->ep_next = t->ep_prev = NULL;
    return q;
}

/* A new TCB: inactive, priority 0, named after its creator as seL4 does. */
void tcb_init(kernel_t *k, tcb_t *t)
{
    t->regs[CTX_FLAGS] = 0x202; /* IF set, reserved bit 1 */
    t->time_slice = CONFIG_TIME_SLICE;
    t->domain = k->cur_domain;
    t->state.type = ThreadState_Inactive;
    char name[TCB_NAME_LENGTH];
    k_snprintf(name, sizeof(name), "child of: '%s'", k->cur_thread ? thread_name(k->cur_thread) : "");
    set_thread_name(t, name);
    tcb_debug_append(k, t);
}

void bind_notification(kernel_t *k, tcb_t *t, notification_t *n)
{
    n->bound_tcb = REF(t);
    t->bound_notification = n;
}

void unbind_notification(kernel_t *k, tcb_t *t)
{
    notification_t *n = t->bound_notification;
    if (n) {
        n->bound_tcb = 0;
        t->bound_notification = NULL;
    }
}

static cap_t thread_cap_of(kernel_t *k, tcb_t *t)
{
    cap_t c = cap_null();
    c.thread.type = cap_thread_cap;
    c.thread.tcb = paddr_from_ptr(k, (uint8_t *)t - TCB_OFFSET);
    return c;
}

static exception_t check_prio(kernel_t *k, word_t prio, tcb_t *auth)
{
    if (prio > auth->mcp)
        return range_error(k, seL4_MinPrio, auth->mcp);
    return EXCEPTION_NONE;
}

/* seL4 checkValidIPCBuffer (x86). */
static exception_t check_valid_ipc_buffer(kernel_t *k, word_t vptr, cap_t cap)
{
    if (cap_type(cap) != cap_frame_cap) {
        user_error(k, "IPC Buffer is an invalid cap.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (cap.frame.is_device) {
        user_error(k, "Specifying a device frame as an IPC buffer is not permitted.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (!IS_ALIGNED(vptr, seL4_IPCBufferSizeBits)) {
        user_error(k, "IPC Buffer vaddr 0x%lx is not aligned.", vptr);
        return syscall_error(k, seL4_AlignmentError);
    }
    return EXCEPTION_NONE;
}

static bool is_valid_vtable_root(cap_t cap)
{
    return cap_type(cap) == cap_pml4_cap && cap.paging.mapped;
}

/* A CSpace or VSpace root slot whose deletion would not finish at once (seL4 slotCapLongRunningDelete). */
static bool slot_long_running_delete(kernel_t *k, cte_t *slot)
{
    word_t type = cap_type(slot->cap);
    if (type == cap_null_cap || !is_final_capability(k, slot))
        return false;
    return type == cap_thread_cap || type == cap_zombie_cap || type == cap_cnode_cap;
}

void set_priority(kernel_t *k, tcb_t *t, word_t prio)
{
    sched_dequeue(k, t);
    t->priority = prio;
    if (is_runnable(t)) {
        if (t == k->cur_thread)
            reschedule_required(k);
        else
            possible_switch_to(k, t);
    }
}

/* Installs a derived root or buffer cap in the target's TCB slot, if the authority is still there. */
static exception_t install_tcb_cap(kernel_t *k, tcb_t *target, cte_t *tcb_slot, enum tcb_cnode_index index,
                                   cap_t new_cap, cte_t *src)
{
    cte_t *dest = tcb_cte(target, index);
    exception_t e = cte_delete(k, dest, true);
    if (e != EXCEPTION_NONE)
        return e;
    if (src && same_object_as(k, new_cap, src->cap) && same_object_as(k, thread_cap_of(k, target), tcb_slot->cap))
        cte_insert(k, new_cap, src, dest);
    return EXCEPTION_NONE;
}

static exception_t invoke_thread_control(kernel_t *k, tcb_t *target, cte_t *slot, cptr_t fault_ep, word_t mcp,
                                         word_t prio, cap_t croot, cte_t *croot_src, cap_t vroot,
                                         cte_t *vroot_src, word_t buffer_addr, cap_t buffer_cap,
                                         cte_t *buffer_src, unsigned flags)
{
    exception_t e;

    if (flags & update_space)
        target->fault_handler = fault_ep;
    if (flags & update_mcp)
        target->mcp = mcp;
    if (flags & update_space) {
        e = install_tcb_cap(k, target, slot, tcbCTable, croot, croot_src);
        if (e != EXCEPTION_NONE)
            return e;
        e = install_tcb_cap(k, target, slot, tcbVTable, vroot, vroot_src);
        if (e != EXCEPTION_NONE)
            return e;
    }
    if (flags & update_ipc_buffer) {
        e = cte_delete(k, tcb_cte(target, tcbBuffer), true);
        if (e != EXCEPTION_NONE)
            return e;
        target->ipc_buffer = buffer_addr;
        if (buffer_src && same_object_as(k, buffer_cap, buffer_src->cap) &&
            same_object_as(k, thread_cap_of(k, target), slot->cap))
            cte_insert(k, buffer_cap, buffer_src, tcb_cte(target, tcbBuffer));
        if (target == k->cur_thread)
            reschedule_required(k);
    }
    if (flags & update_priority)
        set_priority(k, target, prio);
    return EXCEPTION_NONE;
}

/* Derives a new CSpace or VSpace root for Configure/SetSpace, applying its cap data. */
static exception_t derive_root(kernel_t *k, cte_t *src, word_t data, cap_t *out)
{
    cap_t cap = src->cap;
    if (data != 0)
        cap = update_cap_data(k, false, data, cap);
    derive_cap_ret_t dc = derive_cap(k, src, cap);
    if (dc.status != EXCEPTION_NONE)
        return dc.status;
    *out = dc.cap;
    return EXCEPTION_NONE;
}

static exception_t decode_space(kernel_t *k, const char *what, cap_t cap, cte_t *slot, cte_t *croot_slot,
                                word_t croot_data, cte_t *vroot_slot, word_t vroot_data, cap_t *croot,
                                cap_t *vroot)
{
    tcb_t *t = THREAD_TCB(k, cap);
    if (slot_long_running_delete(k, tcb_cte(t, tcbCTable)) || slot_long_running_delete(k, tcb_cte(t, tcbVTable))) {
        user_error(k, "TCB %s: CSpace or VSpace currently being deleted.", what);
        return syscall_error(k, seL4_IllegalOperation);
    }
    exception_t e = derive_root(k, croot_slot, croot_data, croot);
    if (e != EXCEPTION_NONE)
        return e;
    if (cap_type(*croot) != cap_cnode_cap) {
        user_error(k, "TCB %s: CSpace cap is invalid.", what);
        return syscall_error(k, seL4_IllegalOperation);
    }
    e = derive_root(k, vroot_slot, vroot_data, vroot);
    if (e != EXCEPTION_NONE)
        return e;
    if (!is_valid_vtable_root(*vroot)) {
        user_error(k, "TCB %s: VSpace cap is invalid.", what);
        return syscall_error(k, seL4_IllegalOperation);
    }
    return EXCEPTION_NONE;
}

static exception_t decode_ipc_buffer(kernel_t *k, word_t addr, cte_t **buffer_slot, cap_t *buffer_cap)
{
    if (addr == 0) {
        *buffer_slot = NULL;
        return EXCEPTION_NONE;
    }
    derive_cap_ret_t dc = derive_cap(k, *buffer_slot, *buffer_cap);
    if (dc.status != EXCEPTION_NONE)
        return dc.status;
    *buffer_cap = dc.cap;
    return check_valid_ipc_buffer(k, addr, dc.cap);
}

static exception_t decode_configure(kernel_t *k, cap_t cap, word_t length, cte_t *slot, word_t *buffer)
{
    if (length < 4 || !k->extra_caps[0] || !k->extra_caps[1] || !k->extra_caps[2]) {
        user_error(k, "TCB Configure: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    cptr_t fault_ep = get_syscall_arg(k, 0, buffer);
    word_t croot_data = get_syscall_arg(k, 1, buffer);
    word_t vroot_data = get_syscall_arg(k, 2, buffer);
    word_t buffer_addr = get_syscall_arg(k, 3, buffer);
    cte_t *croot_slot = k->extra_caps[0], *vroot_slot = k->extra_caps[1], *buffer_slot = k->extra_caps[2];
    cap_t buffer_cap = buffer_slot->cap, croot, vroot;

    exception_t e = decode_ipc_buffer(k, buffer_addr, &buffer_slot, &buffer_cap);
    if (e != EXCEPTION_NONE)
        return e;
    e = decode_space(k, "Configure", cap, slot, croot_slot, croot_data, vroot_slot, vroot_data, &croot, &vroot);
    if (e != EXCEPTION_NONE)
        return e;
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    return invoke_thread_control(k, THREAD_TCB(k, cap), slot, fault_ep, NULL_PRIO, NULL_PRIO, croot, croot_slot,
                                 vroot, vroot_slot, buffer_addr, buffer_cap, buffer_slot,
                                 update_space | update_ipc_buffer);
}

static exception_t decode_set_space(kernel_t *k, cap_t cap, word_t length, cte_t *slot, word_t *buffer)
{
    if (length < 3 || !k->extra_caps[0] || !k->extra_caps[1]) {
        user_error(k, "TCB SetSpace: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    cptr_t fault_ep = get_syscall_arg(k, 0, buffer);
    word_t croot_data = get_syscall_arg(k, 1, buffer);
    word_t vroot_data = get_syscall_arg(k, 2, buffer);
    cte_t *croot_slot = k->extra_caps[0], *vroot_slot = k->extra_caps[1];
    cap_t croot, vroot;

    exception_t e = decode_space(k, "SetSpace", cap, slot, croot_slot, croot_data, vroot_slot, vroot_data,
                                 &croot, &vroot);
    if (e != EXCEPTION_NONE)
        return e;
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    return invoke_thread_control(k, THREAD_TCB(k, cap), slot, fault_ep, NULL_PRIO, NULL_PRIO, croot, croot_slot,
                                 vroot, vroot_slot, 0, cap_null(), NULL, update_space);
}

static exception_t decode_set_ipc_buffer(kernel_t *k, cap_t cap, word_t length, cte_t *slot, word_t *buffer)
{
    if (length < 1 || !k->extra_caps[0]) {
        user_error(k, "TCB SetIPCBuffer: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t addr = get_syscall_arg(k, 0, buffer);
    cte_t *buffer_slot = k->extra_caps[0];
    cap_t buffer_cap = buffer_slot->cap;
    exception_t e = decode_ipc_buffer(k, addr, &buffer_slot, &buffer_cap);
    if (e != EXCEPTION_NONE)
        return e;
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    return invoke_thread_control(k, THREAD_TCB(k, cap), slot, 0, NULL_PRIO, NULL_PRIO, cap_null(), NULL,
                                 cap_null(), NULL, addr, buffer_cap, buffer_slot, update_ipc_buffer);
}

/* SetPriority, SetMCPriority and SetSchedParams: the authority's MCP bounds them (manual 6.1.3). */
static exception_t decode_priorities(kernel_t *k, word_t label, cap_t cap, word_t length, word_t *buffer)
{
    const char *name = label == TCBSetPriority ? "SetPriority" : label == TCBSetMCPriority ? "SetMCPriority"
                                                                                            : "SetSchedParams";
    word_t needed = label == TCBSetSchedParams ? 2 : 1;
    if (length < needed || !k->extra_caps[0]) {
        user_error(k, "TCB %s: Truncated message.", name);
        return syscall_error(k, seL4_TruncatedMessage);
    }
    cap_t auth = k->extra_caps[0]->cap;
    word_t first = get_syscall_arg(k, 0, buffer);
    if (cap_type(auth) != cap_thread_cap) {
        user_error(k, "TCB %s: authority cap not a TCB.", name);
        return invalid_capability(k, 1);
    }
    tcb_t *auth_tcb = THREAD_TCB(k, auth);
    if (check_prio(k, first, auth_tcb) != EXCEPTION_NONE) {
        user_error(k, "TCB %s: Requested priority %lu too high (max %lu).", name, first, auth_tcb->mcp);
        return EXCEPTION_SYSCALL_ERROR;
    }
    tcb_t *target = THREAD_TCB(k, cap);
    if (label == TCBSetSchedParams) {
        word_t prio = get_syscall_arg(k, 1, buffer);
        if (check_prio(k, prio, auth_tcb) != EXCEPTION_NONE) {
            user_error(k, "TCB SetSchedParams: Requested priority %lu too high (max %lu).", prio, auth_tcb->mcp);
            return EXCEPTION_SYSCALL_ERROR;
        }
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        return invoke_thread_control(k, target, NULL, 0, first, prio, cap_null(), NULL, cap_null(), NULL, 0,
                                     cap_null(), NULL, update_mcp | update_priority);
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    if (label == TCBSetPriority)
        return invoke_thread_control(k, target, NULL, 0, NULL_PRIO, first, cap_null(), NULL, cap_null(), NULL, 0,
                                     cap_null(), NULL, update_priority);
    return invoke_thread_control(k, target, NULL, 0, first, NULL_PRIO, cap_null(), NULL, cap_null(), NULL, 0,
                                 cap_null(), NULL, update_mcp);
}

/* Register transfer order of Read/Write/CopyRegisters: seL4_UserContext (SEL4-FACTS (f)). */
word_t sanitise_register(int reg, word_t v)
{
    switch (reg) {
    case CTX_FLAGS:
        return (v | 0x202) & 0xfff & ~0x128ul; /* bits 1 and 9 (IF) set; TF, bits 3 and 5 clear; 12 bits */
    case CTX_FS_BASE:
    case CTX_GS_BASE:
    case CTX_RIP:
    case CTX_NEXT_IP:
        /* Non-canonical addresses become 0, as seL4 refuses to load them. */
        return ((sword_t)(v << 16) >> 16) == (sword_t)v ? v : 0;
    default:
        return v;
    }
}

static exception_t decode_read_registers(kernel_t *k, cap_t cap, word_t length, bool call, word_t *buffer)
{
    if (length < 2) {
        user_error(k, "TCB ReadRegisters: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t flags = get_syscall_arg(k, 0, buffer);
    word_t n = get_syscall_arg(k, 1, buffer);
    if (n < 1 || n > N_FRAME_REGS + N_GP_REGS) {
        user_error(k, "TCB ReadRegisters: Attempted to read an invalid number of registers (%d).", (int)n);
        return range_error(k, 1, N_FRAME_REGS + N_GP_REGS);
    }
    tcb_t *src = THREAD_TCB(k, cap), *t = k->cur_thread;
    if (src == t) {
        user_error(k, "TCB ReadRegisters: Attempted to read our own registers.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    set_thread_state(k, t, ThreadState_Restart);
    if (flags & 1)
        suspend(k, src);
    if (call) {
        word_t *ipc = lookup_ipc_buffer(k, true, t);
        word_t len = 0;
        t->regs[CTX_RDI] = 0;
        for (word_t i = 0; i < n; i++)
            len = set_mr(k, t, ipc, i, src->regs[i]);
        t->regs[CTX_RSI] = seL4_MessageInfo_new(0, 0, 0, len).words[0];
    }
    set_thread_state(k, t, ThreadState_Running);
    return EXCEPTION_NONE;
}

static exception_t decode_write_registers(kernel_t *k, cap_t cap, word_t length, word_t *buffer)
{
    if (length < 2) {
        user_error(k, "TCB WriteRegisters: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t flags = get_syscall_arg(k, 0, buffer);
    word_t n = get_syscall_arg(k, 1, buffer);
    if (length - 2 < n) {
        user_error(k, "TCB WriteRegisters: Message too short for requested write size (%d/%d).",
                   (int)(length - 2), (int)n);
        return syscall_error(k, seL4_TruncatedMessage);
    }
    tcb_t *dest = THREAD_TCB(k, cap);
    if (dest == k->cur_thread) {
        user_error(k, "TCB WriteRegisters: Attempted to write our own registers.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    if (n > N_FRAME_REGS + N_GP_REGS)
        n = N_FRAME_REGS + N_GP_REGS;
    for (word_t i = 0; i < n; i++)
        dest->regs[i] = sanitise_register((int)i, get_syscall_arg(k, i + 2, buffer));
    dest->regs[CTX_NEXT_IP] = dest->regs[CTX_RIP];
    dest->regs[CTX_ERROR] = 0; /* Arch_postModifyRegisters: back with iretq, all registers */
    dest->context_changed = true;
    if (flags & 1)
        restart(k, dest);
    if (dest == k->cur_thread)
        reschedule_required(k);
    return EXCEPTION_NONE;
}

static exception_t decode_copy_registers(kernel_t *k, cap_t cap, word_t length, word_t *buffer)
{
    if (length < 1 || !k->extra_caps[0]) {
        user_error(k, "TCB CopyRegisters: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t flags = get_syscall_arg(k, 0, buffer);
    cap_t src_cap = k->extra_caps[0]->cap;
    if (cap_type(src_cap) != cap_thread_cap) {
        user_error(k, "TCB CopyRegisters: Invalid source TCB.");
        return invalid_capability(k, 1);
    }
    tcb_t *dest = THREAD_TCB(k, cap), *src = THREAD_TCB(k, src_cap);
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    if (flags & BIT(0))
        suspend(k, src);
    if (flags & BIT(1))
        restart(k, dest);
    if (flags & BIT(2)) {
        for (int i = 0; i < N_FRAME_REGS; i++)
            dest->regs[i] = src->regs[i];
        dest->regs[CTX_NEXT_IP] = dest->regs[CTX_RIP];
        dest->context_changed = true;
    }
    if (dest != k->cur_thread)
        dest->regs[CTX_ERROR] = 0; /* Arch_postModifyRegisters */
    if (flags & BIT(3)) {
        for (int i = N_FRAME_REGS; i < N_FRAME_REGS + N_GP_REGS; i++)
            dest->regs[i] = src->regs[i];
        dest->context_changed = true;
    }
    if (dest == k->cur_thread)
        reschedule_required(k);
    return EXCEPTION_NONE;
}

static exception_t decode_bind_notification(kernel_t *k, cap_t cap)
{
    if (!k->extra_caps[0]) {
        user_error(k, "TCB BindNotification: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    tcb_t *t = THREAD_TCB(k, cap);
    if (t->bound_notification) {
        user_error(k, "TCB BindNotification: TCB already has a bound notification.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    cap_t ncap = k->extra_caps[0]->cap;
    if (cap_type(ncap) != cap_notification_cap) {
        user_error(k, "TCB BindNotification: Notification is invalid.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (!ncap.notification.can_receive) {
        user_error(k, "TCB BindNotification: Insufficient access rights");
        return syscall_error(k, seL4_IllegalOperation);
    }
    notification_t *n = NTFN_PTR(k, ncap);
    if (n->queue_head || n->bound_tcb) {
        user_error(k, "TCB BindNotification: Notification cannot be bound.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    bind_notification(k, t, n);
    return EXCEPTION_NONE;
}

static exception_t decode_unbind_notification(kernel_t *k, cap_t cap)
{
    tcb_t *t = THREAD_TCB(k, cap);
    if (!t->bound_notification) {
        user_error(k, "TCB UnbindNotification: TCB already has no bound Notification.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    unbind_notification(k, t);
    return EXCEPTION_NONE;
}

static exception_t decode_set_tls_base(kernel_t *k, cap_t cap, word_t length, word_t *buffer)
{
    if (length < 1) {
        user_error(k, "TCB SetTLSBase: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t base = get_syscall_arg(k, 0, buffer);
    tcb_t *t = THREAD_TCB(k, cap);
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    t->regs[CTX_FS_BASE] = base;
    if (t == k->cur_thread)
        reschedule_required(k);
    return EXCEPTION_NONE;
}

/* seL4_TCB_SetFlags: clear, then set; the reply carries the flags now in force. */
static exception_t decode_set_flags(kernel_t *k, cap_t cap, word_t length, bool call, word_t *buffer)
{
    if (length < 2) {
        user_error(k, "TCB SetFlags: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t clear = get_syscall_arg(k, 0, buffer), set = get_syscall_arg(k, 1, buffer);
    tcb_t *t = THREAD_TCB(k, cap), *cur = k->cur_thread;
    set_thread_state(k, cur, ThreadState_Restart);
    t->flags = ((t->flags & ~clear) | set) & seL4_TCBFlag_MASK;
    if (call) {
        word_t *ipc = lookup_ipc_buffer(k, true, cur);
        cur->regs[CTX_RDI] = 0;
        word_t len = set_mr(k, cur, ipc, 0, t->flags);
        cur->regs[CTX_RSI] = seL4_MessageInfo_new(0, 0, 0, len).words[0];
    }
    set_thread_state(k, cur, ThreadState_Running);
    return EXCEPTION_NONE;
}

exception_t decode_tcb_invocation(kernel_t *k, word_t label, word_t length, cap_t cap, cte_t *slot, bool call,
                                  word_t *buffer)
{
    switch (label) {
    case TCBReadRegisters:
        return decode_read_registers(k, cap, length, call, buffer);
    case TCBWriteRegisters:
        return decode_write_registers(k, cap, length, buffer);
    case TCBCopyRegisters:
        return decode_copy_registers(k, cap, length, buffer);
    case TCBSuspend:
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        suspend(k, THREAD_TCB(k, cap));
        return EXCEPTION_NONE;
    case TCBResume:
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        restart(k, THREAD_TCB(k, cap));
        return EXCEPTION_NONE;
    case TCBConfigure:
        return decode_configure(k, cap, length, slot, buffer);
    case TCBSetPriority:
    case TCBSetMCPriority:
    case TCBSetSchedParams:
        return decode_priorities(k, label, cap, length, buffer);
    case TCBSetIPCBuffer:
        return decode_set_ipc_buffer(k, cap, length, slot, buffer);
    case TCBSetSpace:
        return decode_set_space(k, cap, length, slot, buffer);
    case TCBBindNotification:
        return decode_bind_notification(k, cap);
    case TCBUnbindNotification:
        return decode_unbind_notification(k, cap);
    case TCBSetTLSBase:
        return decode_set_tls_base(k, cap, length, buffer);
    case TCBSetFlags:
        return decode_set_flags(k, cap, length, call, buffer);
    default:
        user_error(k, "TCB: Illegal operation.");
        return syscall_error(k, seL4_IllegalOperation);
    }
}

exception_t decode_domain_invocation(kernel_t *k, word_t label, word_t length, word_t *buffer)
{
    if (label != DomainSetSet)
        return syscall_error(k, seL4_IllegalOperation);
    if (length == 0) {
        user_error(k, "Domain Configure: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t domain = get_syscall_arg(k, 0, buffer);
    if (domain >= CONFIG_NUM_DOMAINS) {
        user_error(k, "Domain Configure: invalid domain (%lu >= %u).", domain, CONFIG_NUM_DOMAINS);
        return invalid_argument(k, 0);
    }
    if (!k->extra_caps[0]) {
        user_error(k, "Domain Configure: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    cap_t tcap = k->extra_caps[0]->cap;
    if (cap_type(tcap) != cap_thread_cap) {
        user_error(k, "Domain Configure: thread cap required.");
        return invalid_argument(k, 1);
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    THREAD_TCB(k, tcap)->domain = domain;
    return EXCEPTION_NONE;
}
