/*
 * Kernel entry: seL4's system calls (manual 2.2, 4) and the debug calls of a
 * debug build. Arguments are in the current thread's registers as x86_64
 * seL4 passes them (SEL4-FACTS (a)); replies are written back there.
 */
#include <core.h>
#include <sel4/syscall.h>

size_t kernel_state_size(void)
{
    return sizeof(struct kernel);
}

struct tcb *kernel_current_thread(struct kernel *k)
{
    return k->cur_thread == k->idle_thread ? NULL : k->cur_thread;
}

word_t kernel_get_register(struct tcb *t, int reg)
{
    return (unsigned)reg < N_REGS ? t->regs[reg] : 0;
}

void kernel_set_register(struct tcb *t, int reg, word_t value)
{
    if ((unsigned)reg < N_REGS)
        t->regs[reg] = value;
}

bool kernel_halted(struct kernel *k)
{
    return k->halted;
}

void kernel_halt(kernel_t *k, int status)
{
    k->halted = true;
    k->plat->halt(k->plat_ctx, status);
}

word_t get_syscall_arg(kernel_t *k, word_t i, word_t *buffer)
{
    return get_mr(k, k->cur_thread, buffer, i);
}

/* The error reply of a failed invocation (seL4 setMRs_syscall_error). */
static word_t set_mrs_syscall_error(kernel_t *k, tcb_t *t, word_t *buffer)
{
    syscall_error_t *e = &k->syscall_error;
    switch (e->type) {
    case seL4_InvalidArgument:
        return set_mr(k, t, buffer, 0, e->invalid_argument_number);
    case seL4_InvalidCapability:
        return set_mr(k, t, buffer, 0, e->invalid_cap_number);
    case seL4_RangeError:
        set_mr(k, t, buffer, 0, e->range_min);
        return set_mr(k, t, buffer, 1, e->range_max);
    case seL4_FailedLookup:
        set_mr(k, t, buffer, 0, e->failed_lookup_was_source ? 1 : 0);
        return set_mrs_lookup_failure(k, t, buffer, k->lookup_fault, 1);
    case seL4_NotEnoughMemory:
        return set_mr(k, t, buffer, 0, e->memory_left);
    default: /* IllegalOperation, AlignmentError, TruncatedMessage, DeleteFirst, RevokeFirst */
        return 0;
    }
}

static void reply_from_kernel_error(kernel_t *k, tcb_t *t)
{
    word_t *buffer = lookup_ipc_buffer(k, true, t);
    t->regs[CTX_RDI] = 0;
    word_t len = set_mrs_syscall_error(k, t, buffer);
    t->regs[CTX_RSI] = seL4_MessageInfo_new(k->syscall_error.type, 0, 0, len).words[0];
}

static void reply_from_kernel_success_empty(tcb_t *t)
{
    t->regs[CTX_RDI] = 0;
    t->regs[CTX_RSI] = seL4_MessageInfo_new(0, 0, 0, 0).words[0];
}

/* The message info word as the kernel reads it: length clamped to the maximum. */
seL4_MessageInfo_t message_info_from_word(word_t w)
{
    seL4_MessageInfo_t info = { { w } };
    if (seL4_MessageInfo_get_length(info) > seL4_MsgMaxLength)
        info = seL4_MessageInfo_set_length(info, seL4_MsgMaxLength);
    return info;
}

exception_t lookup_extra_caps(kernel_t *k, tcb_t *t, word_t *buffer, seL4_MessageInfo_t info)
{
    word_t n = seL4_MessageInfo_get_extraCaps(info);

    for (word_t i = 0; i < seL4_MsgMaxExtraCaps; i++)
        k->extra_caps[i] = NULL;
    if (!buffer)
        return EXCEPTION_NONE;
    for (word_t i = 0; i < n; i++) {
        cptr_t cptr = buffer[seL4_MsgMaxLength + 2 + i];
        lookup_slot_ret_t lu = lookup_slot(k, t, cptr);
        if (lu.status != EXCEPTION_NONE) {
            fault_cap_new(k, cptr, false);
            return lu.status;
        }
        k->extra_caps[i] = lu.slot;
    }
    return EXCEPTION_NONE;
}

static void handle_invocation(kernel_t *k, bool is_call, bool is_blocking)
{
    tcb_t *t = k->cur_thread;
    seL4_MessageInfo_t info = message_info_from_word(t->regs[CTX_RSI]);
    cptr_t cptr = t->regs[CTX_RDI];

    lookup_cap_ret_t lu = lookup_cap_and_slot(k, t, cptr);
    if (lu.status != EXCEPTION_NONE) {
        user_error(k, "Invocation of invalid cap #%lu.", cptr);
        fault_cap_new(k, cptr, false);
        if (is_blocking)
            handle_fault(k, t);
        return;
    }
    word_t *buffer = lookup_ipc_buffer(k, false, t);
    if (lookup_extra_caps(k, t, buffer, info) != EXCEPTION_NONE) {
        user_error(k, "Lookup of extra caps failed.");
        if (is_blocking)
            handle_fault(k, t);
        return;
    }
    word_t length = seL4_MessageInfo_get_length(info);
    if (length > seL4_FastMessageRegisters && !buffer)
        length = seL4_FastMessageRegisters;

    exception_t status = decode_invocation(k, seL4_MessageInfo_get_label(info), length, cptr, lu.slot, lu.cap,
                                           is_blocking, is_call, buffer);
    if (status == EXCEPTION_SYSCALL_ERROR) {
        if (unlikely(k->tracing))
            trace_invocation_error(k);
        if (is_call)
            reply_from_kernel_error(k, t);
        return;
    }
    if (t->state.type == ThreadState_Restart) {
        if (is_call)
            reply_from_kernel_success_empty(t);
        set_thread_state(k, t, ThreadState_Running);
    }
}

static void handle_recv(kernel_t *k, bool is_blocking)
{
    tcb_t *t = k->cur_thread;
    cptr_t cptr = t->regs[CTX_RDI];
    lookup_cap_ret_t lu = lookup_cap(k, t, cptr);

    if (lu.status != EXCEPTION_NONE) {
        fault_cap_new(k, cptr, true);
        handle_fault(k, t);
        return;
    }
    cap_t cap = lu.cap;
    if (cap_type(cap) == cap_endpoint_cap && cap.endpoint.can_receive) {
        delete_caller_cap(k, t);
        receive_ipc(k, t, cap, is_blocking);
        return;
    }
    if (cap_type(cap) == cap_notification_cap && cap.notification.can_receive) {
        tcb_t *bound = PTR(tcb_t, NTFN_PTR(k, cap)->bound_tcb);
        if (!bound || bound == t) {
            receive_signal(k, t, cap, is_blocking);
            return;
        }
    }
    set_lookup_fault(k, lookup_fault_missing_capability, 0, 0, 0);
    fault_cap_new(k, cptr, true);
    handle_fault(k, t);
}

static void handle_reply(kernel_t *k)
{
    tcb_t *t = k->cur_thread;
    cte_t *caller = tcb_cte(t, tcbCaller);
    cap_t cap = caller->cap;

    if (cap_type(cap) == cap_reply_cap && !cap.reply.master)
        do_reply_transfer(k, t, REPLY_TCB(k, cap), caller, cap.reply.can_grant);
    else if (cap_type(cap) == cap_null_cap)
        user_error(k, "Attempted reply operation when no reply cap present.");
}

static void handle_yield(kernel_t *k)
{
    tcb_t *t = k->cur_thread;
    sched_dequeue(k, t);
    sched_append(k, t);
    reschedule_required(k);
}

static void debug_name_thread(kernel_t *k, tcb_t *t)
{
    lookup_cap_ret_t lu = lookup_cap_and_slot(k, t, t->regs[CTX_RDI]);
    if (cap_type(lu.cap) != cap_thread_cap) {
        kprintf(k, "SysDebugNameThread: cap is not a TCB, halting\n");
        kernel_halt(k, 1);
        return;
    }
    const char *name = (const char *)lookup_ipc_buffer(k, true, t);
    if (!name) {
        kprintf(k, "SysDebugNameThread: Failed to lookup IPC buffer, halting\n");
        kernel_halt(k, 1);
        return;
    }
    name += sizeof(word_t);
    word_t max = seL4_MsgMaxLength * sizeof(word_t);
    if (k_strnlen(name, max) == max) {
        kprintf(k, "SysDebugNameThread: Name too long, halting\n");
        kernel_halt(k, 1);
        return;
    }
    tcb_t *target = THREAD_TCB(k, lu.cap);
    set_thread_name(target, name);
    if (k->plat->thread_named)
        k->plat->thread_named(k->plat_ctx, target, target->name);
}

/* Numbers outside the seL4 range: debug calls and SetTLSBase, else a fault. */
static void handle_unknown_syscall(kernel_t *k, word_t w)
{
    tcb_t *t = k->cur_thread;
    switch ((sword_t)w) {
    case seL4_SysDebugPutChar: {
        char c = (char)t->regs[CTX_RDI];
        k->plat->write(k->plat_ctx, &c, 1);
        return;
    }
    case seL4_SysDebugDumpScheduler:
        kernel_dump_scheduler(k);
        return;
    case seL4_SysDebugHalt:
        kprintf(k, "Debug halt syscall from user thread %p \"%s\"\n", (void *)t, thread_name(t));
        kernel_halt(k, 0);
        return;
    case seL4_SysDebugCapIdentify:
        t->regs[CTX_RDI] = cap_type(lookup_cap_and_slot(k, t, t->regs[CTX_RDI]).cap);
        return;
    case seL4_SysDebugSnapshot:
        return;
    case seL4_SysDebugNameThread:
        debug_name_thread(k, t);
        return;
    case seL4_SysSetTLSBase:
        /* Arch_setTLSRegister: a non-canonical base is refused and the old one stays. */
        if (sanitise_register(CTX_FS_BASE, t->regs[CTX_RDI]) == t->regs[CTX_RDI])
            t->regs[CTX_FS_BASE] = t->regs[CTX_RDI];
        return;
    default:
        k->fault = (fault_t){ .type = seL4_Fault_UnknownSyscall_, .w = { w } };
        handle_fault(k, t);
        return;
    }
}

/* A thread to be restarted re-executes its syscall; others continue after it. */
static void activate_thread(kernel_t *k)
{
    tcb_t *t = k->cur_thread;
    if (unlikely(k->tracing) && t && t->trace_pending)
        trace_resumed(k, t);
    if (t && t->state.type == ThreadState_Restart) {
        t->regs[CTX_NEXT_IP] = t->regs[CTX_RIP];
        set_thread_state(k, t, ThreadState_Running);
    }
}

void kernel_user_exception(struct kernel *k, word_t vector, word_t code)
{
    tcb_t *t = k->cur_thread;
    t->regs[CTX_NEXT_IP] = t->regs[CTX_RIP];
    t->regs[CTX_ERROR] = code;
    k->fault = (fault_t){ .type = seL4_Fault_UserException_, .w = { vector, code } };
    handle_fault(k, t);
    schedule(k);
    activate_thread(k);
}

void kernel_vm_fault(struct kernel *k, word_t addr, word_t fsr, bool instruction)
{
    tcb_t *t = k->cur_thread;
    t->regs[CTX_NEXT_IP] = t->regs[CTX_RIP];
    t->regs[CTX_ERROR] = fsr;
    k->fault = (fault_t){ .type = seL4_Fault_VMFault_, .w = { addr, fsr, instruction } };
    handle_fault(k, t);
    schedule(k);
    activate_thread(k);
}

void kernel_timer_tick(struct kernel *k)
{
    timer_tick(k);
    schedule(k);
    activate_thread(k);
}

void kernel_device_interrupt(struct kernel *k, uint32_t pins)
{
    ioapic_raise_pins(k, pins);
    schedule(k);
    activate_thread(k);
}

word_t kernel_unhandled_faults(struct kernel *k)
{
    return k->unhandled_faults;
}

void kernel_syscall(struct kernel *k, word_t w)
{
    tcb_t *t = k->cur_thread;
    sword_t n = (sword_t)w;

    t->regs[CTX_RIP] = t->regs[CTX_NEXT_IP] - 2;
    t->regs[CTX_ERROR] = (word_t)-1; /* entered by `syscall`: seL4 returns with sysretq */
    if (unlikely(k->tracing))
        trace_syscall_entry(k, t, w);
    if (n < SYSCALL_MIN || n > SYSCALL_MAX) {
        handle_unknown_syscall(k, w);
    } else {
        switch (n) {
        case seL4_SysSend: handle_invocation(k, false, true); break;
        case seL4_SysNBSend: handle_invocation(k, false, false); break;
        case seL4_SysCall: handle_invocation(k, true, true); break;
        case seL4_SysRecv: handle_recv(k, true); break;
        case seL4_SysNBRecv: handle_recv(k, false); break;
        case seL4_SysReply: handle_reply(k); break;
        case seL4_SysReplyRecv:
            handle_reply(k);
            handle_recv(k, true);
            break;
        case seL4_SysYield: handle_yield(k); break;
        }
    }
    if (unlikely(k->tracing))
        trace_syscall_exit(k);
    schedule(k);
    activate_thread(k);
}
