/* Endpoints (manual 4.1). IPC itself arrives with issue #3. */
#include <core.h>

static tcb_t *ep_head(endpoint_t *ep)
{
    return PTR(tcb_t, ep->queue_head);
}

static void ep_queue_remove(endpoint_t *ep, tcb_t *t)
{
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        ep->queue_head = REF(t->ep_next);
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        ep->queue_tail = REF(t->ep_prev);
    t->ep_next = t->ep_prev = NULL;
    if (!ep->queue_head)
        ep->state = EPState_Idle;
}

/* The endpoint is going away: every queued thread restarts its syscall. */
void cancel_all_ipc(kernel_t *k, endpoint_t *ep)
{
    tcb_t *t;
    while ((t = ep_head(ep))) {
        ep_queue_remove(ep, t);
        set_thread_state(k, t, ThreadState_Restart);
        sched_enqueue(k, t);
    }
    ep->state = EPState_Idle;
    reschedule_required(k);
}

void cancel_badged_sends(kernel_t *k, endpoint_t *ep, word_t badge)
{
    if (ep->state != EPState_Send)
        return;
    tcb_t *t = ep_head(ep);
    while (t) {
        tcb_t *next = t->ep_next;
        if (t->state.badge == badge) {
            ep_queue_remove(ep, t);
            set_thread_state(k, t, ThreadState_Restart);
            sched_enqueue(k, t);
        }
        t = next;
    }
    reschedule_required(k);
}

void cancel_ipc(kernel_t *k, tcb_t *t)
{
    word_t s = t->state.type;
    if (s == ThreadState_BlockedOnSend || s == ThreadState_BlockedOnReceive) {
        ep_queue_remove(PTR(endpoint_t, t->state.blocking_object), t);
        set_thread_state(k, t, ThreadState_Inactive);
    } else if (s == ThreadState_BlockedOnNotification) {
        cancel_signal(k, t, PTR(notification_t, t->state.blocking_object));
    } else if (s == ThreadState_BlockedOnReply) {
        t->fault.type = seL4_Fault_NullFault_;
        cte_delete_one(k, tcb_cte(t, tcbCaller));
    }
}

exception_t perform_endpoint_invocation(kernel_t *k, cap_t cap, bool block, bool call)
{
    set_thread_state(k, k->cur_thread, ThreadState_Running);
    kprintf(k, "sel4emu: IPC through endpoints is not implemented yet (issue #3)\n");
    return syscall_error(k, seL4_IllegalOperation);
}

exception_t perform_reply_invocation(kernel_t *k, cap_t cap, cte_t *slot)
{
    set_thread_state(k, k->cur_thread, ThreadState_Running);
    kprintf(k, "sel4emu: replies are not implemented yet (issue #3)\n");
    return syscall_error(k, seL4_IllegalOperation);
}
