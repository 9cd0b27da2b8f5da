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

void restart(kernel_t *k, tcb_t *t)
{
    word_t s = t->state.type;
    if (s != ThreadState_Inactive && s != ThreadState_BlockedOnReply)
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

static const int msg_registers[seL4_FastMessageRegisters] = { REG_R10, REG_R8, REG_R9, REG_R15 };

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

static const char *state_name(word_t s)
{
    static const char *const names[] = {
        [ThreadState_Inactive] = "inactive",
        [ThreadState_Running] = "running",
        [ThreadState_Restart] = "restart",
        [ThreadState_BlockedOnReceive] = "blocked on recv",
        [ThreadState_BlockedOnSend] = "blocked on send",
        [ThreadState_BlockedOnReply] = "blocked on reply",
        [ThreadState_BlockedOnNotification] = "blocked on ntfn",
        [ThreadState_IdleThreadState] = "idle",
    };
    return s < ARRAY_SIZE(names) ? names[s] : "unknown";
}

/* seL4_DebugDumpScheduler: every thread, as a debug seL4 kernel lists them. */
void kernel_dump_scheduler(kernel_t *k)
{
    kprintf(k, "Dumping all tcbs!\n");
    kprintf(k, "%-40s %-16s %-20s %-8s %s\n", "Name", "State", "IP", "Prio", "Core");
    kprintf(k, "--------------------------------------------------------------------------------------\n");
    for (tcb_t *t = k->debug_tcbs; t; t = t->debug_next)
        kprintf(k, "%-40s %-16s 0x%-18lx %-8lu %d\n", t->name, state_name(t->state.type), t->regs[REG_RIP],
                t->priority, 0);
}
