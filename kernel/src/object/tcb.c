/* Thread control blocks (manual 6) and the domain cap. */
#include <core.h>

void set_thread_name(tcb_t *t, const char *name)
{
    size_t n = k_strnlen(name, TCB_NAME_LENGTH - 1);
    k_memcpy(t->name, name, n);
    t->name[n] = '\0';
}

/* A new TCB: inactive, priority 0, named after its creator as seL4 does. */
void tcb_init(kernel_t *k, tcb_t *t)
{
    t->regs[REG_FLAGS] = 0x202; /* IF set, reserved bit 1 */
    t->time_slice = CONFIG_TIME_SLICE;
    t->domain = k->cur_domain;
    t->state.type = ThreadState_Inactive;
    char name[TCB_NAME_LENGTH];
    k_snprintf(name, sizeof(name), "child of: '%s'", k->cur_thread ? thread_name(k->cur_thread) : "");
    set_thread_name(t, name);
    tcb_debug_append(k, t);
}

void tcb_debug_append(kernel_t *k, tcb_t *t)
{
    t->debug_prev = NULL;
    t->debug_next = k->debug_tcbs;
    if (k->debug_tcbs)
        k->debug_tcbs->debug_prev = t;
    k->debug_tcbs = t;
}

void tcb_debug_remove(kernel_t *k, tcb_t *t)
{
    if (t->debug_prev)
        t->debug_prev->debug_next = t->debug_next;
    else if (k->debug_tcbs == t)
        k->debug_tcbs = t->debug_next;
    if (t->debug_next)
        t->debug_next->debug_prev = t->debug_prev;
    t->debug_next = t->debug_prev = NULL;
}

void unbind_notification(kernel_t *k, tcb_t *t)
{
    notification_t *n = t->bound_notification;
    if (n) {
        n->bound_tcb = 0;
        t->bound_notification = NULL;
    }
}

exception_t decode_tcb_invocation(kernel_t *k, word_t label, word_t length, cap_t cap, cte_t *slot, bool call,
                                  word_t *buffer)
{
    if (label < TCBReadRegisters || label > TCBSetFlags) {
        user_error(k, "TCB: Illegal operation.");
        return syscall_error(k, seL4_IllegalOperation);
    }
    return not_implemented(k, label, "TCBs arrive with issue #3");
}

exception_t decode_domain_invocation(kernel_t *k, word_t label, word_t length, word_t *buffer)
{
    if (label != DomainSetSet)
        return syscall_error(k, seL4_IllegalOperation);
    if (length == 0) {
        user_error(k, "Domain Configure: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t domain = get_syscall_arg(k, 0, buffer);
    if (domain >= CONFIG_NUM_DOMAINS) {
        user_error(k, "Domain Configure: invalid domain (%lu >= %u).", domain, CONFIG_NUM_DOMAINS);
        return invalid_argument(k, 0);
    }
    if (!k->extra_caps[0]) {
        user_error(k, "Domain Configure: Truncated message.");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    cap_t tcap = k->extra_caps[0]->cap;
    if (cap_type(tcap) != cap_thread_cap) {
        user_error(k, "Domain Configure: thread cap required.");
        return invalid_argument(k, 1);
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    THREAD_TCB(k, tcap)->domain = domain;
    return EXCEPTION_NONE;
}
