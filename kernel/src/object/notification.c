/* Notifications (manual 5). Signalling arrives with issue #3. */
#include <core.h>

void cancel_all_signals(kernel_t *k, notification_t *n)
{
    if (n->state != NtfnState_Waiting)
        return;
    tcb_t *t = PTR(tcb_t, n->queue_head);
    n->queue_head = n->queue_tail = 0;
    n->state = NtfnState_Idle;
    while (t) {
        tcb_t *next = t->ep_next;
        t->ep_next = t->ep_prev = NULL;
        set_thread_state(k, t, ThreadState_Restart);
        sched_enqueue(k, t);
        t = next;
    }
    reschedule_required(k);
}

void unbind_maybe_notification(kernel_t *k, notification_t *n)
{
    tcb_t *t = PTR(tcb_t, n->bound_tcb);
    if (t) {
        t->bound_notification = NULL;
        n->bound_tcb = 0;
    }
}

exception_t perform_notification_invocation(kernel_t *k, cap_t cap)
{
    set_thread_state(k, k->cur_thread, ThreadState_Running);
    kprintf(k, "sel4emu: seL4_Signal is not implemented yet (issue #3)\n");
    return syscall_error(k, seL4_IllegalOperation);
}
