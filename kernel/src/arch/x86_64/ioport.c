/*
 * x86 I/O ports (manual 8.2, seL4's arch/x86/object/ioport.c):
 * IOPortControl_Issue hands out a range of ports once, as an IOPort cap
 * whose In and Out methods reach the emulated devices through the host.
 */
#include <core.h>

/* Sets or clears the bits [first, last] of the allocation bitmap. */
static void set_port_range(kernel_t *k, word_t first, word_t last, bool allocated)
{
    for (word_t p = first; p <= last; p++) {
        if (allocated)
            k->allocated_io_ports[p / wordBits] |= BIT(p % wordBits);
        else
            k->allocated_io_ports[p / wordBits] &= ~BIT(p % wordBits);
    }
}

static bool is_port_range_free(kernel_t *k, word_t first, word_t last)
{
    for (word_t p = first; p <= last; p++) {
        if (k->allocated_io_ports[p / wordBits] & BIT(p % wordBits))
            return false;
    }
    return true;
}

/* The last cap to a port range went (seL4's Arch_postCapDeletion): the ports can be issued again. */
void free_io_port_range(kernel_t *k, word_t first, word_t last)
{
    set_port_range(k, first, last, false);
}

exception_t decode_x86_port_control_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot,
                                               word_t *buffer)
{
    if (label != X86IOPortControlIssue) {
        user_error(k, "IOPortControl: Unknown operation.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (length < 4 || !k->extra_caps[0]) {
        user_error(k, "IOPortControl: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t first = get_syscall_arg(k, 0, buffer) & 0xffff;
    word_t last = get_syscall_arg(k, 1, buffer) & 0xffff;
    word_t index = get_syscall_arg(k, 2, buffer), depth = get_syscall_arg(k, 3, buffer);
    if (last < first) {
        user_error(k, "IOPortControl: Last port must be > first port.");
        return invalid_argument(k, 1);
    }
    if (!is_port_range_free(k, first, last)) {
        user_error(k, "IOPortControl: Some ports in range already in use.");
        return syscall_error(k, seL4_RevokeFirst);
    }
    lookup_slot_ret_t target = lookup_target_slot(k, k->extra_caps[0]->cap, index, depth);
    if (target.status != EXCEPTION_NONE) {
        user_error(k, "Target slot for new IO Port cap invalid: cap %lu.", index);
        return target.status;
    }
    exception_t status = ensure_empty_slot(k, target.slot);
    if (status != EXCEPTION_NONE) {
        user_error(k, "Target slot for new IO Port cap not empty: cap %lu.", index);
        return status;
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    set_port_range(k, first, last, true);
    cap_t cap = cap_null();
    cap.io_port.type = cap_io_port_cap;
    cap.io_port.first_port = first;
    cap.io_port.last_port = last;
    cte_insert(k, cap, slot, target.slot);
    return EXCEPTION_NONE;
}

static exception_t ensure_port_operation_allowed(kernel_t *k, cap_t cap, word_t port, word_t size)
{
    word_t end = port + size - 1;
    if (port < cap.io_port.first_port || end > cap.io_port.last_port) {
        user_error(k, "IOPort: Ports %d--%d fall outside permitted range %d--%d.", (int)port, (int)end,
                   (int)cap.io_port.first_port, (int)cap.io_port.last_port);
        return syscall_error(k, seL4_IllegalOperation);
    }
    return EXCEPTION_NONE;
}

static unsigned port_access_size(word_t label)
{
    switch (label) {
    case X86IOPortIn8:
    case X86IOPortOut8: return 1;
    case X86IOPortIn16:
    case X86IOPortOut16: return 2;
    default: return 4;
    }
}

static exception_t invoke_port_in(kernel_t *k, uint16_t port, unsigned size, bool call)
{
    tcb_t *t = k->cur_thread;
    uint32_t value = k->plat->io_in ? k->plat->io_in(k->plat_ctx, port, size) : 0xffffffffu;
    value &= (uint32_t)MASK(8 * size);
    if (call) {
        word_t *buffer = lookup_ipc_buffer(k, true, t);
        t->regs[CTX_RDI] = 0;
        word_t len = set_mr(k, t, buffer, 0, value);
        t->regs[CTX_RSI] = seL4_MessageInfo_new(0, 0, 0, len).words[0];
    }
    set_thread_state(k, t, ThreadState_Running);
    return EXCEPTION_NONE;
}

exception_t decode_x86_port_invocation(kernel_t *k, word_t label, word_t length, cap_t cap, bool call,
                                       word_t *buffer)
{
    bool in = label == X86IOPortIn8 || label == X86IOPortIn16 || label == X86IOPortIn32;
    bool out = label == X86IOPortOut8 || label == X86IOPortOut16 || label == X86IOPortOut32;
    if (!in && !out) {
        user_error(k, "IOPort: Unknown operation.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (length < (in ? 1u : 2u)) {
        user_error(k, in ? "IOPort: Truncated message." : "IOPort Out: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    uint16_t port = (uint16_t)(get_syscall_arg(k, 0, buffer) & 0xffff);
    unsigned size = port_access_size(label);
    exception_t status = ensure_port_operation_allowed(k, cap, port, size);
    if (status != EXCEPTION_NONE)
        return status;
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    if (in)
        return invoke_port_in(k, port, size, call);
    uint32_t data = (uint32_t)(get_syscall_arg(k, 1, buffer) & MASK(8 * size));
    if (k->plat->io_out)
        k->plat->io_out(k->plat_ctx, port, size, data);
    return EXCEPTION_NONE;
}
