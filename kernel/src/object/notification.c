/* Notifications (manual 5): badges OR together until someone waits. */
#include <core.h>

static tcb_t *ntfn_head(notification_t *n)
{
    return PTR(tcb_t, n->queue_head);
}

static tcb_queue_t ntfn_queue(const notification_t *n)
{
    return (tcb_queue_t){ PTR(tcb_t, n->queue_head), PTR(tcb_t, n->queue_tail) };
}

static void ntfn_set_queue(notification_t *n, tcb_queue_t q)
{
    n->queue_head = REF(q.head);
    n->queue_tail = REF(q.tail);
}

static void ntfn_append(notification_t *n, tcb_t *t)
{
    ntfn_set_queue(n, tcb_ep_append(t, ntfn_queue(n)));
}

static void ntfn_remove(notification_t *n, tcb_t *t)
{
    ntfn_set_queue(n, tcb_ep_dequeue(t, ntfn_queue(n)));
}

static void ntfn_set_active(notification_t *n, word_t badge)
{
    n->state = NtfnState_Active;
    n->badge = badge;
}

void send_signal(kernel_t *k, notification_t *n, word_t badge)
{
    switch (n->state) {
    case NtfnState_Idle: {
        tcb_t *t = PTR(tcb_t, n->bound_tcb);
        if (t && t->state.type == ThreadState_BlockedOnReceive) {
            /* The bound thread waits on an endpoint: the signal ends that wait. */
            cancel_ipc(k, t);
            set_thread_state(k, t, ThreadState_Running);
            t->regs[CTX_RDI] = badge;
            possible_switch_to(k, t);
        } else {
            ntfn_set_active(n, badge);
        }
        break;
    }
    case NtfnState_Waiting: {
        tcb_t *t = ntfn_head(n);
        ntfn_remove(n, t);
        if (!n->queue_head)
            n->state = NtfnState_Idle;
        set_thread_state(k, t, ThreadState_Running);
        t->regs[CTX_RDI] = badge;
        possible_switch_to(k, t);
        break;
    }
    case NtfnState_Active:
        n->badge |= badge;
        break;
    }
}

void receive_signal(kernel_t *k, tcb_t *t, cap_t cap, bool blocking)
{
    notification_t *n = NTFN_PTR(k, cap);

    switch (n->state) {
    case NtfnState_Idle:
    case NtfnState_Waiting:
        if (blocking) {
            t->state.blocking_object = REF(n);
            set_thread_state(k, t, ThreadState_BlockedOnNotification);
            ntfn_append(n, t);
            n->state = NtfnState_Waiting;
        } else {
            t->regs[CTX_RDI] = 0; /* seL4 doNBRecvFailedTransfer */
        }
        break;
    case NtfnState_Active:
        t->regs[CTX_RDI] = n->badge;
        n->state = NtfnState_Idle;
        break;
    }
}

/* A bound notification that is active answers its thread's receive. */
void complete_signal(kernel_t *k, notification_t *n, tcb_t *t)
{
    t->regs[CTX_RDI] = n->badge;
    n->state = NtfnState_Idle;
}

void cancel_signal(kernel_t *k, tcb_t *t, notification_t *n)
{
    ntfn_remove(n, t);
    if (!n->queue_head)
        n->state = NtfnState_Idle;
    set_thread_state(k, t, ThreadState_Inactive);
}

void cancel_all_signals(kernel_t *k, notification_t *n)
{
    if (n->state != NtfnState_Waiting)
        return;
    tcb_t *t = ntfn_head(n);
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
    send_signal(k, NTFN_PTR(k, cap), cap.notification.badge);
    return EXCEPTION_NONE;
}
