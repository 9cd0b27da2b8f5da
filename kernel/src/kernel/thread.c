/*
 * Thread states, message registers and seL4's fixed-priority scheduler on
 * one emulated core (manual 6.1): 256 priorities, round robin within one.
 */
#include <core.h>

const char *thread_name(tcb_t *t)
{
    return t->name;
}

bool is_runnable(const tcb_t *t)
{
    return t->state.type == ThreadState_Running || t->state.type == ThreadState_Restart;
}

/* seL4 rescheduleRequired: a pending candidate goes back to its queue. */
void reschedule_required(kernel_t *k)
{
    tcb_t *action = k->sched_action;
    if (action != SchedulerAction_ResumeCurrentThread && action != SchedulerAction_ChooseNewThread)
        sched_enqueue(k, action);
    k->sched_action = SchedulerAction_ChooseNewThread;
}

void set_thread_state(kernel_t *k, tcb_t *t, word_t state)
{
    t->state.type = state;
    if (t == k->cur_thread && k->sched_action == SchedulerAction_ResumeCurrentThread && !is_runnable(t))
        reschedule_required(k);
}

static void bitmap_set(kernel_t *k, word_t prio)
{
    k->ready_bitmap[prio / wordBits] |= BIT(prio % wordBits);
}

static void bitmap_clear(kernel_t *k, word_t prio)
{
    k->ready_bitmap[prio / wordBits] &= ~BIT(prio % wordBits);
}

/* Puts t at the head of its priority's ready queue (seL4 tcbSchedEnqueue). */
void sched_enqueue(kernel_t *k, tcb_t *t)
{
    if (t->queued)
        return;
    word_t p = t->priority;
    t->sched_prev = NULL;
    t->sched_next = k->ready_head[p];
    if (k->ready_head[p])
        k->ready_head[p]->sched_prev = t;
    else
        k->ready_tail[p] = t;
    k->ready_head[p] = t;
    bitmap_set(k, p);
    t->queued = true;
}

/* Puts t at the tail of its priority's ready queue (seL4 tcbSchedAppend). */
void sched_append(kernel_t *k, tcb_t *t)
{
    if (t->queued)
        return;
    word_t p = t->priority;
    t->sched_next = NULL;
    t->sched_prev = k->ready_tail[p];
    if (k->ready_tail[p])
        k->ready_tail[p]->sched_next = t;
    else
        k->ready_head[p] = t;
    k->ready_tail[p] = t;
    bitmap_set(k, p);
    t->queued = true;
}

void sched_dequeue(kernel_t *k, tcb_t *t)
{
    if (!t->queued)
        return;
    word_t p = t->priority;
    if (t->sched_prev)
        t->sched_prev->sched_next = t->sched_next;
    else
        k->ready_head[p] = t->sched_next;
    if (t->sched_next)
        t->sched_next->sched_prev = t->sched_prev;
    else
        k->ready_tail[p] = t->sched_prev;
    if (!k->ready_head[p])
        bitmap_clear(k, p);
    t->sched_next = t->sched_prev = NULL;
    t->queued = false;
}

static int highest_ready_prio(kernel_t *k)
{
    for (int w = ARRAY_SIZE(k->ready_bitmap) - 1; w >= 0; w--) {
        if (k->ready_bitmap[w])
            return w * wordBits + (wordBits - 1 - __builtin_clzl(k->ready_bitmap[w]));
    }
    return -1;
}

static void switch_to_thread(kernel_t *k, tcb_t *t)
{
    sched_dequeue(k, t);
    k->cur_thread = t;
}

static void choose_new_thread(kernel_t *k)
{
    int prio = highest_ready_prio(k);
    if (prio >= 0)
        switch_to_thread(k, k->ready_head[prio]);
    else
        k->cur_thread = k->idle_thread;
}

/*
 * seL4's schedule(): a running current thread goes back to the head of its
 * queue; a single woken candidate may take over directly when it is at
 * least as urgent as everything queued.
 */
void schedule(kernel_t *k)
{
    tcb_t *action = k->sched_action;
    if (action == SchedulerAction_ResumeCurrentThread)
        return;
    tcb_t *cur = k->cur_thread;
    bool was_runnable = cur != k->idle_thread && is_runnable(cur);
    if (was_runnable)
        sched_enqueue(k, cur);

    if (action == SchedulerAction_ChooseNewThread) {
        choose_new_thread(k);
    } else {
        tcb_t *candidate = action;
        bool fastfail = cur == k->idle_thread || candidate->priority < cur->priority;
        int top = highest_ready_prio(k);
        bool is_highest = top < 0 || candidate->priority >= (word_t)top;
        if (fastfail && !is_highest) {
            sched_enqueue(k, candidate);
            choose_new_thread(k);
        } else if (was_runnable && candidate->priority == cur->priority) {
            sched_append(k, candidate);
            choose_new_thread(k);
        } else {
            switch_to_thread(k, candidate);
        }
    }
    k->sched_action = SchedulerAction_ResumeCurrentThread;
}

/* seL4 possibleSwitchTo: a woken thread runs at once if the scheduler agrees. */
void possible_switch_to(kernel_t *k, tcb_t *t)
{
    if (t->domain != k->cur_domain) {
        sched_enqueue(k, t);
    } else if (k->sched_action != SchedulerAction_ResumeCurrentThread) {
        reschedule_required(k);
        sched_enqueue(k, t);
    } else {
        k->sched_action = t;
    }
}

void suspend(kernel_t *k, tcb_t *t)
{
    cancel_ipc(k, t);
    set_thread_state(k, t, ThreadState_Inactive);
    sched_dequeue(k, t);
}

/* seL4 isStopped: inactive, or blocked in an IPC (restart cancels it and re-executes the call). */
static bool is_stopped(const tcb_t *t)
{
    switch (t->state.type) {
    case ThreadState_Inactive:
    case ThreadState_BlockedOnReceive:
    case ThreadState_BlockedOnSend:
    case ThreadState_BlockedOnNotification:
    case ThreadState_BlockedOnReply:
        return true;
    default:
        return false;
    }
}

void restart(kernel_t *k, tcb_t *t)
{
    if (!is_stopped(t))
        return;
    cancel_ipc(k, t);
    setup_reply_master(k, t);
    set_thread_state(k, t, ThreadState_Restart);
    sched_enqueue(k, t);
    possible_switch_to(k, t);
}

/* The IPC buffer the kernel reads (or, for a receiver, writes) for t, or NULL. */
word_t *lookup_ipc_buffer(kernel_t *k, bool is_receiver, tcb_t *t)
{
    cap_t cap = tcb_cte(t, tcbBuffer)->cap;
    if (cap_type(cap) != cap_frame_cap || cap.frame.is_device)
        return NULL;
    word_t rights = cap.frame.vm_rights;
    if (!(rights == VMReadWrite || (!is_receiver && rights == VMReadOnly)))
        return NULL;
    word_t offset = t->ipc_buffer & MASK(frame_size_bits(cap.frame.size));
    if (!paddr_in_ram(k, cap.frame.base + offset, BIT(seL4_IPCBufferSizeBits)))
        return NULL;
    return (word_t *)ptr_from_paddr(k, cap.frame.base + offset);
}

static const int msg_registers[seL4_FastMessageRegisters] = { CTX_R10, CTX_R8, CTX_R9, CTX_R15 };

/* Writes message register index; returns the message length that implies. */
word_t set_mr(kernel_t *k, tcb_t *t, word_t *buffer, word_t index, word_t value)
{
    if (index < seL4_FastMessageRegisters) {
        t->regs[msg_registers[index]] = value;
        return index + 1;
    }
    if (!buffer)
        return seL4_FastMessageRegisters;
    buffer[index + 1] = value;
    return index + 1;
}

word_t get_mr(kernel_t *k, tcb_t *t, word_t *buffer, word_t index)
{
    if (index < seL4_FastMessageRegisters)
        return t->regs[msg_registers[index]];
    return buffer ? buffer[index + 1] : 0;
}

/* ---- message transfer (seL4 kernel/thread.c) ---- */

static word_t copy_mrs(kernel_t *k, tcb_t *sender, word_t *send_buf, tcb_t *receiver, word_t *recv_buf, word_t n)
{
    word_t i;
    for (i = 0; i < n && i < seL4_FastMessageRegisters; i++)
        set_mr(k, receiver, NULL, i, get_mr(k, sender, NULL, i));
    if (!recv_buf || !send_buf)
        return i;
    for (; i < n; i++)
        recv_buf[i + 1] = send_buf[i + 1];
    return i;
}

/* The one empty slot named by the receiver's IPC buffer, or NULL (seL4 getReceiveSlots). */
static cte_t *get_receive_slot(kernel_t *k, tcb_t *t, word_t *buffer)
{
    if (!buffer)
        return NULL;
    const word_t *ct = buffer + seL4_MsgMaxLength + seL4_MsgMaxExtraCaps + 2;
    lookup_cap_ret_t root = lookup_cap(k, t, ct[0]);
    if (root.status != EXCEPTION_NONE)
        return NULL;
    lookup_slot_ret_t lu = lookup_target_slot(k, root.cap, ct[1], ct[2]);
    if (lu.status != EXCEPTION_NONE || cap_type(lu.slot->cap) != cap_null_cap)
        return NULL;
    return lu.slot;
}

/* seL4 transferCaps: caps to the endpoint itself travel as badges, others into the receive slot. */
static seL4_MessageInfo_t transfer_caps(kernel_t *k, seL4_MessageInfo_t info, cte_t **caps, endpoint_t *ep,
                                        tcb_t *receiver, word_t *recv_buf)
{
    info = seL4_MessageInfo_set_extraCaps(info, 0);
    info = seL4_MessageInfo_set_capsUnwrapped(info, 0);
    if (!caps[0] || !recv_buf)
        return info;

    cte_t *dest = get_receive_slot(k, receiver, recv_buf);
    word_t i, unwrapped = 0;
    for (i = 0; i < seL4_MsgMaxExtraCaps && caps[i]; i++) {
        cte_t *slot = caps[i];
        cap_t cap = slot->cap;
        if (cap_type(cap) == cap_endpoint_cap && EP_PTR(k, cap) == ep) {
            recv_buf[seL4_MsgMaxLength + 2 + i] = cap.endpoint.badge;
            unwrapped |= BIT(i);
        } else {
            if (!dest)
                break;
            derive_cap_ret_t dc = derive_cap(k, slot, cap);
            if (dc.status != EXCEPTION_NONE || cap_type(dc.cap) == cap_null_cap)
                break;
            cte_insert(k, dc.cap, slot, dest);
            dest = NULL;
        }
    }
    info = seL4_MessageInfo_set_capsUnwrapped(info, unwrapped);
    return seL4_MessageInfo_set_extraCaps(info, i);
}

static void do_normal_transfer(kernel_t *k, tcb_t *sender, word_t *send_buf, endpoint_t *ep, word_t badge,
                               bool can_grant, tcb_t *receiver, word_t *recv_buf)
{
    seL4_MessageInfo_t tag = message_info_from_word(sender->regs[CTX_RSI]);
    cte_t *caps[seL4_MsgMaxExtraCaps] = { NULL };

    if (can_grant) {
        /* The sender's caps are looked up in its own CSpace; a failure sends none. */
        cte_t *saved[seL4_MsgMaxExtraCaps];
        k_memcpy(saved, k->extra_caps, sizeof(saved));
        if (lookup_extra_caps(k, sender, send_buf, tag) == EXCEPTION_NONE)
            k_memcpy(caps, k->extra_caps, sizeof(caps));
        k_memcpy(k->extra_caps, saved, sizeof(saved));
    }
    word_t sent = copy_mrs(k, sender, send_buf, receiver, recv_buf, seL4_MessageInfo_get_length(tag));
    tag = transfer_caps(k, tag, caps, ep, receiver, recv_buf);
    tag = seL4_MessageInfo_set_length(tag, sent);
    receiver->regs[CTX_RSI] = tag.words[0];
    receiver->regs[CTX_RDI] = badge;
}

static void do_fault_transfer(kernel_t *k, word_t badge, tcb_t *sender, tcb_t *receiver, word_t *recv_buf)
{
    word_t sent = set_mrs_fault(k, sender, receiver, recv_buf);
    receiver->regs[CTX_RSI] = seL4_MessageInfo_new(sender->fault.type, 0, 0, sent).words[0];
    receiver->regs[CTX_RDI] = badge;
}

void do_ipc_transfer(kernel_t *k, tcb_t *sender, endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver)
{
    word_t *recv_buf = lookup_ipc_buffer(k, true, receiver);
    if (sender->fault.type == seL4_Fault_NullFault_)
        do_normal_transfer(k, sender, lookup_ipc_buffer(k, false, sender), ep, badge, grant, receiver, recv_buf);
    else
        do_fault_transfer(k, badge, sender, receiver, recv_buf);
}

/* seL4 timerTick: the running thread's timeslice runs down; at zero it goes to the back. */
void timer_tick(kernel_t *k)
{
    tcb_t *t = k->cur_thread;
    if (t == k->idle_thread || t->state.type != ThreadState_Running)
        return;
    if (t->time_slice > 1) {
        t->time_slice--;
        return;
    }
    t->time_slice = CONFIG_TIME_SLICE;
    sched_append(k, t);
    reschedule_required(k);
}
