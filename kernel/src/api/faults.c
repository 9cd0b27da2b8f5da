/* Faults (manual 6.2): delivered to the thread's fault endpoint, else reported. */
#include <core.h>

void fault_cap_new(kernel_t *k, cptr_t cptr, bool in_recv_phase)
{
    k->fault = (fault_t){ .type = seL4_Fault_CapFault_, .w = { cptr, in_recv_phase } };
}

/* Lookup failure description from message register offset (seL4 setMRs_lookup_failure). */
word_t set_mrs_lookup_failure(kernel_t *k, tcb_t *receiver, word_t *buffer, lookup_fault_t lf, word_t offset)
{
    word_t n = set_mr(k, receiver, buffer, offset, lf.type + 1);
    switch (lf.type) {
    case lookup_fault_invalid_root:
        return n;
    case lookup_fault_missing_capability:
        return set_mr(k, receiver, buffer, offset + 1, lf.bits_left);
    case lookup_fault_depth_mismatch:
        set_mr(k, receiver, buffer, offset + 1, lf.bits_left);
        return set_mr(k, receiver, buffer, offset + 2, lf.bits_found);
    default: /* guard mismatch */
        set_mr(k, receiver, buffer, offset + 1, lf.bits_left);
        set_mr(k, receiver, buffer, offset + 2, lf.guard_found);
        return set_mr(k, receiver, buffer, offset + 3, lf.bits_found);
    }
}

static int format_fault(char *buf, size_t size, const fault_t *f)
{
    switch (f->type) {
    case seL4_Fault_CapFault_:
        return k_snprintf(buf, size, "cap fault in %s phase at address %p", f->w[1] ? "receive" : "send",
                          (void *)f->w[0]);
    case seL4_Fault_UnknownSyscall_:
        return k_snprintf(buf, size, "unknown syscall %p", (void *)f->w[0]);
    case seL4_Fault_UserException_:
        return k_snprintf(buf, size, "user exception %p code %p", (void *)f->w[0], (void *)f->w[1]);
    case seL4_Fault_VMFault_:
        return k_snprintf(buf, size, "vm fault on %s at address %p with status %p", f->w[2] ? "code" : "data",
                          (void *)f->w[0], (void *)f->w[1]);
    default:
        return k_snprintf(buf, size, "null fault");
    }
}

/* The thread's user registers (seL4_UserContext and FS/GS base), three a line. */
static void print_registers(kernel_t *k, tcb_t *t)
{
    static const struct {
        int reg;
        const char *name;
    } regs[] = {
        { CTX_RIP, "rip" }, { CTX_RSP, "rsp" }, { CTX_FLAGS, "rflags" }, { CTX_RAX, "rax" },
        { CTX_RBX, "rbx" }, { CTX_RCX, "rcx" }, { CTX_RDX, "rdx" },     { CTX_RSI, "rsi" },
        { CTX_RDI, "rdi" }, { CTX_RBP, "rbp" }, { CTX_R8, "r8" },       { CTX_R9, "r9" },
        { CTX_R10, "r10" }, { CTX_R11, "r11" }, { CTX_R12, "r12" },     { CTX_R13, "r13" },
        { CTX_R14, "r14" }, { CTX_R15, "r15" }, { CTX_FS_BASE, "fs_base" }, { CTX_GS_BASE, "gs_base" },
    };
    for (word_t i = 0; i < ARRAY_SIZE(regs); i += 3) {
        for (word_t j = i; j < i + 3 && j < ARRAY_SIZE(regs); j++)
            kprintf(k, "%s%7s 0x%016lx", j == i ? "" : "  ", regs[j].name, t->regs[regs[j].reg]);
        kprintf(k, "\n");
    }
}

/*
 * The handler could not take the fault either: print both, as a debug seL4
 * kernel does, and leave the thread inactive.
 */
static void handle_double_fault(kernel_t *k, tcb_t *t, const fault_t *first)
{
    char a[128], b[128];
    format_fault(a, sizeof(a), &k->fault);
    format_fault(b, sizeof(b), first);
    kprintf(k, "Caught %s\nwhile trying to handle:\n%s\nin thread %p \"%s\" at address %p\n", a, b, (void *)t,
            thread_name(t), (void *)t->regs[CTX_RIP]);
    print_registers(k, t);
    if (k->plat->backtrace)
        k->plat->backtrace(k->plat_ctx, t);
    k->unhandled_faults++;
    set_thread_state(k, t, ThreadState_Inactive);
}

/* Registers of the UnknownSyscall and UserException messages (x86_64 syscallMessage, exceptionMessage). */
static const int syscall_message[] = {
    CTX_RAX, CTX_RBX, CTX_RCX, CTX_RDX, CTX_RSI, CTX_RDI, CTX_RBP, CTX_R8, CTX_R9,
    CTX_R10, CTX_R11, CTX_R12, CTX_R13, CTX_R14, CTX_R15, CTX_RIP, CTX_RSP, CTX_FLAGS,
};
static const int exception_message[] = { CTX_RIP, CTX_RSP, CTX_FLAGS };

static word_t copy_mrs_fault(kernel_t *k, tcb_t *sender, tcb_t *receiver, const int *regs, word_t n,
                             word_t *buffer)
{
    word_t len = 0;
    for (word_t i = 0; i < n; i++)
        len = set_mr(k, receiver, buffer, i, sender->regs[regs[i]]);
    return len;
}

/* The fault message (SEL4-FACTS (g); seL4 setMRs_fault). */
word_t set_mrs_fault(kernel_t *k, tcb_t *sender, tcb_t *receiver, word_t *buffer)
{
    const fault_t *f = &sender->fault;
    switch (f->type) {
    case seL4_Fault_CapFault_:
        set_mr(k, receiver, buffer, seL4_CapFault_IP, sender->regs[CTX_RIP]);
        set_mr(k, receiver, buffer, seL4_CapFault_Addr, f->w[0]);
        set_mr(k, receiver, buffer, seL4_CapFault_InRecvPhase, f->w[1]);
        return set_mrs_lookup_failure(k, receiver, buffer, sender->lookup_failure, seL4_CapFault_LookupFailureType);
    case seL4_Fault_UnknownSyscall_:
        copy_mrs_fault(k, sender, receiver, syscall_message, ARRAY_SIZE(syscall_message), buffer);
        return set_mr(k, receiver, buffer, ARRAY_SIZE(syscall_message), f->w[0]);
    case seL4_Fault_UserException_:
        copy_mrs_fault(k, sender, receiver, exception_message, ARRAY_SIZE(exception_message), buffer);
        set_mr(k, receiver, buffer, ARRAY_SIZE(exception_message), f->w[0]);
        return set_mr(k, receiver, buffer, ARRAY_SIZE(exception_message) + 1, f->w[1]);
    case seL4_Fault_VMFault_:
        set_mr(k, receiver, buffer, seL4_VMFault_IP, sender->regs[CTX_RIP]);
        set_mr(k, receiver, buffer, seL4_VMFault_Addr, f->w[0]);
        set_mr(k, receiver, buffer, seL4_VMFault_PrefetchFault, f->w[2]);
        return set_mr(k, receiver, buffer, seL4_VMFault_FSR, f->w[1]);
    default:
        return 0;
    }
}

static void copy_mrs_fault_reply(kernel_t *k, tcb_t *sender, tcb_t *receiver, const int *regs, word_t n)
{
    word_t *buffer = lookup_ipc_buffer(k, false, sender);
    for (word_t i = 0; i < n; i++)
        receiver->regs[regs[i]] = sanitise_register(regs[i], get_mr(k, sender, buffer, i));
    receiver->context_changed = true;
}

/* A reply to a fault message: whether the faulting thread restarts (seL4 handleFaultReply). */
bool handle_fault_reply(kernel_t *k, tcb_t *receiver, tcb_t *sender)
{
    seL4_MessageInfo_t tag = message_info_from_word(sender->regs[CTX_RSI]);
    word_t label = seL4_MessageInfo_get_label(tag), length = seL4_MessageInfo_get_length(tag);

    switch (receiver->fault.type) {
    case seL4_Fault_UnknownSyscall_:
        copy_mrs_fault_reply(k, sender, receiver, syscall_message, MIN(length, ARRAY_SIZE(syscall_message)));
        return label == 0;
    case seL4_Fault_UserException_:
        copy_mrs_fault_reply(k, sender, receiver, exception_message, MIN(length, ARRAY_SIZE(exception_message)));
        return label == 0;
    default: /* cap faults and VM faults always restart */
        return true;
    }
}

static exception_t send_fault_ipc(kernel_t *k, tcb_t *t)
{
    fault_t fault = k->fault;
    lookup_fault_t original = k->lookup_fault;
    cptr_t handler = t->fault_handler;
    lookup_cap_ret_t lu = lookup_cap(k, t, handler);

    if (lu.status != EXCEPTION_NONE) {
        fault_cap_new(k, handler, false);
        return EXCEPTION_FAULT;
    }
    cap_t cap = lu.cap;
    if (cap_type(cap) == cap_endpoint_cap && cap.endpoint.can_send &&
        (cap.endpoint.can_grant || cap.endpoint.can_grant_reply)) {
        t->fault = fault;
        if (fault.type == seL4_Fault_CapFault_)
            t->lookup_failure = original;
        send_ipc(k, true, true, cap.endpoint.badge, cap.endpoint.can_grant, true, t, EP_PTR(k, cap));
        return EXCEPTION_NONE;
    }
    fault_cap_new(k, handler, false);
    set_lookup_fault(k, lookup_fault_missing_capability, 0, 0, 0);
    return EXCEPTION_FAULT;
}

void handle_fault(kernel_t *k, tcb_t *t)
{
    if (unlikely(k->tracing))
        trace_fault(k, t);
    fault_t first = k->fault;
    if (send_fault_ipc(k, t) != EXCEPTION_NONE)
        handle_double_fault(k, t, &first);
}
