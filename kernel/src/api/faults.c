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
            thread_name(t), (void *)t->regs[REG_RIP]);
    set_thread_state(k, t, ThreadState_Inactive);
}

static exception_t send_fault_ipc(kernel_t *k, tcb_t *t)
{
    cptr_t handler = t->fault_handler;
    lookup_cap_ret_t lu = lookup_cap(k, t, handler);

    if (lu.status == EXCEPTION_NONE && cap_type(lu.cap) == cap_endpoint_cap && lu.cap.endpoint.can_send &&
        (lu.cap.endpoint.can_grant || lu.cap.endpoint.can_grant_reply)) {
        /* Fault IPC arrives with issue #3; until then it is reported like a double fault. */
        kprintf(k, "sel4emu: fault delivery to a fault endpoint is not implemented yet (issue #3)\n");
    } else if (lu.status == EXCEPTION_NONE) {
        set_lookup_fault(k, lookup_fault_missing_capability, 0, 0, 0);
    }
    fault_cap_new(k, handler, false);
    return EXCEPTION_FAULT;
}

void handle_fault(kernel_t *k, tcb_t *t)
{
    fault_t first = k->fault;
    if (send_fault_ipc(k, t) != EXCEPTION_NONE)
        handle_double_fault(k, t, &first);
}
