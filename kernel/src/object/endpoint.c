/*
 * Endpoints and IPC (manual 4): send and receive queues in FIFO order,
 * message and capability transfer, and the non-MCS reply capability.
 */
#include <core.h>

static tcb_t *ep_head(endpoint_t *ep)
{
    return PTR(tcb_t, ep->queue_head);
}

static tcb_queue_t ep_queue(const endpoint_t *ep)
{
    return (tcb_queue_t){ PTR(tcb_t, ep->queue_head), PTR(tcb_t, ep->queue_tail) };
}

static void ep_set_queue(endpoint_t *ep, tcb_queue_t q)
{
    ep->queue_head = REF(q.head);
    ep->queue_tail = REF(q.tail);
}

static void ep_append(endpoint_t *ep, tcb_t *t)
{
    ep_set_queue(ep, tcb_ep_append(t, ep_queue(ep)));
}

static void ep_remove(endpoint_t *ep, tcb_t *t)
{
    ep_set_queue(ep, tcb_ep_dequeue(t, ep_queue(ep)));
    if (!ep->queue_head)
        ep->state = EPState_Idle;
}

static void block_on(kernel_t *k, tcb_t *t, endpoint_t *ep, word_t state, word_t badge, bool can_grant,
                     bool can_grant_reply, bool is_call)
{
    t->state.blocking_object = REF(ep);
    t->state.badge = badge;
    t->state.can_grant = can_grant;
    t->state.can_grant_reply = can_grant_reply;
    t->state.is_call = is_call;
    set_thread_state(k, t, state);
    ep_append(ep, t);
    ep->state = state == ThreadState_BlockedOnSend ? EPState_Send : EPState_Recv;
}

/* seL4 setupCallerCap: the caller waits for the reply cap the receiver now holds. */
static void setup_caller_cap(kernel_t *k, tcb_t *sender, tcb_t *receiver, bool can_grant)
{
    set_thread_state(k, sender, ThreadState_BlockedOnReply);
    cte_t *reply_slot = tcb_cte(sender, tcbReply);
    cap_t reply = reply_slot->cap;
    reply.reply.master = 0;
    reply.reply.can_grant = can_grant;
    cte_insert(k, reply, reply_slot, tcb_cte(receiver, tcbCaller));
}

void delete_caller_cap(kernel_t *k, tcb_t *receiver)
{
    cte_delete_one(k, tcb_cte(receiver, tcbCaller));
}

void send_ipc(kernel_t *k, bool blocking, bool do_call, word_t badge, bool can_grant, bool can_grant_reply,
              tcb_t *t, endpoint_t *ep)
{
    switch (ep->state) {
    case EPState_Idle:
    case EPState_Send:
        if (blocking)
            block_on(k, t, ep, ThreadState_BlockedOnSend, badge, can_grant, can_grant_reply, do_call);
        break;
    case EPState_Recv: {
        tcb_t *dest = ep_head(ep);
        ep_remove(ep, dest);
        do_ipc_transfer(k, t, ep, badge, can_grant, dest);
        bool reply_can_grant = dest->state.can_grant;
        set_thread_state(k, dest, ThreadState_Running);
        possible_switch_to(k, dest);
        if (do_call) {
            if (can_grant || can_grant_reply)
                setup_caller_cap(k, t, dest, reply_can_grant);
            else
                set_thread_state(k, t, ThreadState_Inactive);
        }
        break;
    }
    }
}

void receive_ipc(kernel_t *k, tcb_t *t, cap_t cap, bool blocking)
{
    endpoint_t *ep = EP_PTR(k, cap);
    notification_t *bound = t->bound_notification;

    if (bound && bound->state == NtfnState_Active) {
        complete_signal(k, bound, t);
        return;
    }
    switch (ep->state) {
    case EPState_Idle:
    case EPState_Recv:
        if (blocking)
            block_on(k, t, ep, ThreadState_BlockedOnReceive, 0, cap.endpoint.can_grant, false, false);
        else
            t->regs[CTX_RDI] = 0; /* seL4 doNBRecvFailedTransfer */
        break;
    case EPState_Send: {
        tcb_t *sender = ep_head(ep);
        ep_remove(ep, sender);
        word_t badge = sender->state.badge;
        bool can_grant = sender->state.can_grant, can_grant_reply = sender->state.can_grant_reply;
        do_ipc_transfer(k, sender, ep, badge, can_grant, t);
        if (sender->state.is_call) {
            if (can_grant || can_grant_reply)
                setup_caller_cap(k, sender, t, cap.endpoint.can_grant);
            else
                set_thread_state(k, sender, ThreadState_Inactive);
        } else {
            set_thread_state(k, sender, ThreadState_Running);
            possible_switch_to(k, sender);
        }
        break;
    }
    }
}

/* seL4 doReplyTransfer: the reply goes to the caller, or answers its fault. */
void do_reply_transfer(kernel_t *k, tcb_t *sender, tcb_t *receiver, cte_t *slot, bool grant)
{
    if (receiver->fault.type == seL4_Fault_NullFault_) {
        do_ipc_transfer(k, sender, NULL, 0, grant, receiver);
        cte_delete_one(k, slot);
        set_thread_state(k, receiver, ThreadState_Running);
        possible_switch_to(k, receiver);
    } else {
        cte_delete_one(k, slot);
        bool restart_thread = handle_fault_reply(k, receiver, sender);
        receiver->fault.type = seL4_Fault_NullFault_;
        if (restart_thread) {
            set_thread_state(k, receiver, ThreadState_Restart);
            possible_switch_to(k, receiver);
        } else {
            set_thread_state(k, receiver, ThreadState_Inactive);
        }
    }
}

/* The endpoint is going away: every queued thread restarts its syscall. */
void cancel_all_ipc(kernel_t *k, endpoint_t *ep)
{
    if (ep->state == EPState_Idle)
        return;
    tcb_t *t = ep_head(ep);
    ep->state = EPState_Idle;
    ep->queue_head = ep->queue_tail = 0;
    while (t) {
        tcb_t *next = t->ep_next;
        t->ep_next = t->ep_prev = NULL;
        set_thread_state(k, t, ThreadState_Restart);
        sched_enqueue(k, t);
        t = next;
    }
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
            ep_remove(ep, t);
            set_thread_state(k, t, ThreadState_Restart);
            sched_enqueue(k, t);
        }
        t = next;
    }
    reschedule_required(k);
}

void cancel_ipc(kernel_t *k, tcb_t *t)
{
    switch (t->state.type) {
    case ThreadState_BlockedOnSend:
    case ThreadState_BlockedOnReceive:
        ep_remove(PTR(endpoint_t, t->state.blocking_object), t);
        set_thread_state(k, t, ThreadState_Inactive);
        break;
    case ThreadState_BlockedOnNotification:
        cancel_signal(k, t, PTR(notification_t, t->state.blocking_object));
        break;
    case ThreadState_BlockedOnReply: {
        /* Delete the reply cap someone holds to us (the master's child). */
        t->fault.type = seL4_Fault_NullFault_;
        cte_t *reply = MDB_NEXT(tcb_cte(t, tcbReply));
        if (reply && cap_type(reply->cap) == cap_reply_cap && !reply->cap.reply.master)
            cte_delete_one(k, reply);
        break;
    }
    default:
        break;
    }
}

exception_t perform_endpoint_invocation(kernel_t *k, cap_t cap, bool block, bool call)
{
    send_ipc(k, block, call, cap.endpoint.badge, cap.endpoint.can_grant, cap.endpoint.can_grant_reply,
             k->cur_thread, EP_PTR(k, cap));
    return EXCEPTION_NONE;
}

exception_t perform_reply_invocation(kernel_t *k, cap_t cap, cte_t *slot)
{
    do_reply_transfer(k, k->cur_thread, REPLY_TCB(k, cap), slot, cap.reply.can_grant);
    return EXCEPTION_NONE;
}
