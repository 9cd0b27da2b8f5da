/*
 * IRQControl and IRQHandler caps (manual 9.3, seL4's object/interrupt.c):
 * an IRQHandler cap names one irq; its notification, kept in the kernel's
 * IRQ node, is signalled when the interrupt arrives, and the line stays
 * masked until the handler acknowledges it.
 */
#include <core.h>

static bool is_irq_active(kernel_t *k, word_t irq)
{
    return k->irq_state[irq] != IRQInactive;
}

/* seL4's setIRQState: an inactive irq is masked, any other unmasked. */
void set_irq_state(kernel_t *k, word_t irq, enum irq_state state)
{
    k->irq_state[irq] = (uint8_t)state;
    mask_interrupt(k, state == IRQInactive, irq);
}

exception_t invoke_irq_control(kernel_t *k, word_t irq, cte_t *handler_slot, cte_t *control_slot)
{
    set_irq_state(k, irq, IRQSignal);
    cap_t cap = cap_null();
    cap.irq_handler.type = cap_irq_handler_cap;
    cap.irq_handler.irq = irq;
    cte_insert(k, cap, control_slot, handler_slot);
    return EXCEPTION_NONE;
}

exception_t decode_irq_control_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, word_t *buffer)
{
    if (label != IRQIssueIRQHandler)
        return arch_decode_irq_control_invocation(k, label, length, slot, buffer);
    if (length < 3 || !k->extra_caps[0]) {
        user_error(k, "IRQControl: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t irq = get_syscall_arg(k, 0, buffer);
    word_t index = get_syscall_arg(k, 1, buffer);
    word_t depth = get_syscall_arg(k, 2, buffer);
    exception_t status = arch_check_irq(k, irq);
    if (status != EXCEPTION_NONE)
        return status;
    if (is_irq_active(k, irq)) {
        user_error(k, "Rejecting request for IRQ %lu. Already active.", irq);
        return syscall_error(k, seL4_RevokeFirst);
    }
    lookup_slot_ret_t target = lookup_target_slot(k, k->extra_caps[0]->cap, index, depth);
    if (target.status != EXCEPTION_NONE)
        return target.status;
    status = ensure_empty_slot(k, target.slot);
    if (status != EXCEPTION_NONE)
        return status;
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    return invoke_irq_control(k, irq, target.slot, slot);
}

exception_t decode_irq_handler_invocation(kernel_t *k, word_t label, word_t irq)
{
    switch (label) {
    case IRQAckIRQ:
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        mask_interrupt(k, false, irq);
        return EXCEPTION_NONE;
    case IRQSetIRQHandler: {
        cte_t *ntfn_slot = k->extra_caps[0];
        if (!ntfn_slot)
            return syscall_error(k, seL4_TruncatedMessage);
        cap_t ntfn = ntfn_slot->cap;
        if (cap_type(ntfn) != cap_notification_cap || !ntfn.notification.can_send) {
            user_error(k, cap_type(ntfn) != cap_notification_cap
                              ? "IRQSetHandler: provided cap is not an notification capability."
                              : "IRQSetHandler: caller does not have send rights on the endpoint.");
            return invalid_capability(k, 0);
        }
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        cte_delete_one(k, &k->irq_node[irq]);
        cte_insert(k, ntfn, ntfn_slot, &k->irq_node[irq]);
        return EXCEPTION_NONE;
    }
    case IRQClearIRQHandler:
        set_thread_state(k, k->cur_thread, ThreadState_Restart);
        cte_delete_one(k, &k->irq_node[irq]);
        return EXCEPTION_NONE;
    default:
        user_error(k, "IRQHandler: Illegal operation.");
        return syscall_error(k, seL4_IllegalOperation);
    }
}

/* The last IRQHandler cap of irq goes: its notification goes with it (seL4's deletingIRQHandler). */
void deleting_irq_handler(kernel_t *k, word_t irq)
{
    cte_delete_one(k, &k->irq_node[irq]);
}

void deleted_irq_handler(kernel_t *k, word_t irq)
{
    set_irq_state(k, irq, IRQInactive);
}

/* seL4's handleInterrupt for a device interrupt: signal, then mask until Ack. */
void handle_interrupt(kernel_t *k, word_t irq)
{
    if (irq > maxIRQ) {
        mask_interrupt(k, true, irq);
        return;
    }
    switch (k->irq_state[irq]) {
    case IRQSignal: {
        cap_t cap = k->irq_node[irq].cap;
        if (cap_type(cap) == cap_notification_cap && cap.notification.can_send)
            send_signal(k, NTFN_PTR(k, cap), cap.notification.badge);
        else
            kprintf(k, "Undelivered IRQ: %d\n", (int)irq);
        mask_interrupt(k, true, irq);
        break;
    }
    case IRQTimer:
        timer_tick(k);
        break;
    case IRQReserved:
        kprintf(k, "Received unhandled reserved IRQ: %d\n", (int)irq);
        break;
    default:
        mask_interrupt(k, true, irq);
        kprintf(k, "Received disabled IRQ: %d\n", (int)irq);
        break;
    }
}

/* Whether irq's notification could be signalled: a handler with a notification that can send. */
bool irq_has_notification(kernel_t *k, word_t irq)
{
    cap_t cap = k->irq_node[irq].cap;
    return k->irq_state[irq] == IRQSignal && cap_type(cap) == cap_notification_cap && cap.notification.can_send;
}
