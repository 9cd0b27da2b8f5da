/*
 * Internal interfaces of the kernel core, grouped by the source file that
 * implements them (kernel/src/<dir>/<file>.c), after seL4's own headers.
 * Every function takes the kernel it acts on: the core has no globals.
 */
#pragma once

#include <state.h>
#include <sel4/errors.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>
#include <vspace.h>

typedef struct kernel kernel_t;

/* Caps hold physical addresses; these give the kernel object behind one. */
#define CAP_OBJ(k, t, paddr) ((t *)ptr_from_paddr((k), (paddr)))
#define CNODE_SLOTS(k, cap) CAP_OBJ(k, cte_t, (cap).cnode.ptr)
#define THREAD_TCB(k, cap) ((tcb_t *)((uint8_t *)ptr_from_paddr((k), (cap).thread.tcb) + TCB_OFFSET))
#define EP_PTR(k, cap) CAP_OBJ(k, endpoint_t, (cap).endpoint.ptr)
#define NTFN_PTR(k, cap) CAP_OBJ(k, notification_t, (cap).notification.ptr)
#define REPLY_TCB(k, cap) ((tcb_t *)((uint8_t *)ptr_from_paddr((k), (cap).reply.tcb) + TCB_OFFSET))

/* ---- kernel/printf.c ---- */
int k_vsnprintf(char *buf, size_t size, const char *fmt, __builtin_va_list ap);
int k_snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_FMT(3, 4);
void kprintf(kernel_t *k, const char *fmt, ...) PRINTF_FMT(2, 3);
void k_memset(void *p, int c, size_t n);
void k_memcpy(void *d, const void *s, size_t n);
size_t k_strnlen(const char *s, size_t max);
/* seL4's userError(): one line naming the thread, printed when enabled. */
void user_error(kernel_t *k, const char *fmt, ...) PRINTF_FMT(2, 3);

/* ---- kernel/cspace.c ---- */
typedef struct lookup_slot_ret {
    exception_t status;
    cte_t *slot;
    word_t bits_remaining;
} lookup_slot_ret_t;

typedef struct lookup_cap_ret {
    exception_t status;
    cap_t cap;
    cte_t *slot;
} lookup_cap_ret_t;

lookup_slot_ret_t resolve_address_bits(kernel_t *k, cap_t node_cap, cptr_t cptr, word_t n_bits);
lookup_cap_ret_t lookup_cap_and_slot(kernel_t *k, tcb_t *t, cptr_t cptr);
lookup_cap_ret_t lookup_cap(kernel_t *k, tcb_t *t, cptr_t cptr);
lookup_slot_ret_t lookup_slot(kernel_t *k, tcb_t *t, cptr_t cptr);
lookup_slot_ret_t lookup_source_slot(kernel_t *k, cap_t root, cptr_t cptr, word_t depth);
lookup_slot_ret_t lookup_target_slot(kernel_t *k, cap_t root, cptr_t cptr, word_t depth);
lookup_slot_ret_t lookup_pivot_slot(kernel_t *k, cap_t root, cptr_t cptr, word_t depth);
void set_lookup_fault(kernel_t *k, word_t type, word_t bits_left, word_t bits_found, word_t guard_found);

/* ---- object/cnode.c ---- */
exception_t decode_cnode_invocation(kernel_t *k, word_t label, word_t length, cap_t cap, word_t *buffer);
void cte_insert(kernel_t *k, cap_t new_cap, cte_t *src, cte_t *dest);
void cte_move(kernel_t *k, cap_t new_cap, cte_t *src, cte_t *dest);
void cte_swap(kernel_t *k, cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2);
exception_t cte_revoke(kernel_t *k, cte_t *slot);
exception_t cte_delete(kernel_t *k, cte_t *slot, bool exposed);
void cte_delete_one(kernel_t *k, cte_t *slot);
void insert_new_cap(kernel_t *k, cte_t *parent, cte_t *slot, cap_t cap);
bool is_mdb_parent_of(kernel_t *k, cte_t *a, cte_t *b);
exception_t ensure_no_children(kernel_t *k, cte_t *slot);
exception_t ensure_empty_slot(kernel_t *k, cte_t *slot);
bool is_final_capability(kernel_t *k, cte_t *slot);
void setup_reply_master(kernel_t *k, tcb_t *t);

/* ---- object/objecttype.c ---- */
typedef struct derive_cap_ret {
    exception_t status;
    cap_t cap;
} derive_cap_ret_t;

typedef struct finalise_cap_ret {
    cap_t remainder;
    cap_t cleanup_info;
} finalise_cap_ret_t;

derive_cap_ret_t derive_cap(kernel_t *k, cte_t *slot, cap_t cap);
finalise_cap_ret_t finalise_cap(kernel_t *k, cap_t cap, bool final, bool exposed);
void post_cap_deletion(kernel_t *k, cap_t cleanup_info);
bool same_region_as(kernel_t *k, cap_t a, cap_t b);
bool same_object_as(kernel_t *k, cap_t a, cap_t b);
cap_t update_cap_data(kernel_t *k, bool preserve, word_t data, cap_t cap);
cap_t mask_cap_rights(seL4_CapRights_t rights, cap_t cap);
bool is_cap_revocable(cap_t derived, cap_t src);
bool has_cancel_send_rights(cap_t cap);
bool cap_is_physical(cap_t cap);
word_t cap_object_paddr(kernel_t *k, cap_t cap);
word_t cap_object_size_bits(cap_t cap);
word_t get_object_size(word_t type, word_t user_size);
void create_new_objects(kernel_t *k, word_t type, cte_t *parent, cte_t *dest_cnode, word_t dest_offset,
                        word_t dest_length, word_t region_paddr, word_t user_size, bool device);
exception_t decode_invocation(kernel_t *k, word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                              bool block, bool call, word_t *buffer);
const char *cap_type_name(word_t type);

/* ---- object/untyped.c ---- */
exception_t decode_untyped_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, cap_t cap,
                                      word_t *buffer);

/* ---- object/tcb.c ---- */
exception_t decode_tcb_invocation(kernel_t *k, word_t label, word_t length, cap_t cap, cte_t *slot, bool call,
                                  word_t *buffer);
exception_t decode_domain_invocation(kernel_t *k, word_t label, word_t length, word_t *buffer);
void tcb_init(kernel_t *k, tcb_t *t);
void unbind_notification(kernel_t *k, tcb_t *t);
void set_thread_name(tcb_t *t, const char *name);
void tcb_debug_append(kernel_t *k, tcb_t *t);
void tcb_debug_remove(kernel_t *k, tcb_t *t);
void bind_notification(kernel_t *k, tcb_t *t, notification_t *n);
void set_priority(kernel_t *k, tcb_t *t, word_t prio);
word_t sanitise_register(int reg, word_t v);

/* The threads blocked on an endpoint or a notification, in FIFO order (seL4's tcb_queue_t). */
typedef struct tcb_queue {
    tcb_t *head, *tail;
} tcb_queue_t;
tcb_queue_t tcb_ep_append(tcb_t *t, tcb_queue_t q);
tcb_queue_t tcb_ep_dequeue(tcb_t *t, tcb_queue_t q);

/* ---- object/endpoint.c, object/notification.c ---- */
void cancel_all_ipc(kernel_t *k, endpoint_t *ep);
void cancel_badged_sends(kernel_t *k, endpoint_t *ep, word_t badge);
void cancel_ipc(kernel_t *k, tcb_t *t);
void cancel_all_signals(kernel_t *k, notification_t *n);
void unbind_maybe_notification(kernel_t *k, notification_t *n);
exception_t perform_endpoint_invocation(kernel_t *k, cap_t cap, bool block, bool call);
exception_t perform_notification_invocation(kernel_t *k, cap_t cap);
void send_signal(kernel_t *k, notification_t *n, word_t badge);
void receive_signal(kernel_t *k, tcb_t *t, cap_t cap, bool blocking);
void complete_signal(kernel_t *k, notification_t *n, tcb_t *t);
void cancel_signal(kernel_t *k, tcb_t *t, notification_t *n);
exception_t perform_reply_invocation(kernel_t *k, cap_t cap, cte_t *slot);
void send_ipc(kernel_t *k, bool blocking, bool do_call, word_t badge, bool can_grant, bool can_grant_reply,
              tcb_t *t, endpoint_t *ep);
void receive_ipc(kernel_t *k, tcb_t *t, cap_t cap, bool blocking);
void do_reply_transfer(kernel_t *k, tcb_t *sender, tcb_t *receiver, cte_t *slot, bool grant);
void delete_caller_cap(kernel_t *k, tcb_t *receiver);

/* ---- object/interrupt.c ---- */
exception_t decode_irq_control_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, word_t *buffer);
exception_t decode_irq_handler_invocation(kernel_t *k, word_t label, word_t irq);
exception_t invoke_irq_control(kernel_t *k, word_t irq, cte_t *handler_slot, cte_t *control_slot);
void set_irq_state(kernel_t *k, word_t irq, enum irq_state state);
void deleting_irq_handler(kernel_t *k, word_t irq);
void deleted_irq_handler(kernel_t *k, word_t irq);
void handle_interrupt(kernel_t *k, word_t irq);
bool irq_has_notification(kernel_t *k, word_t irq);

/* ---- arch/x86_64/interrupt.c ---- */
void arch_irq_state_init(kernel_t *k);
exception_t arch_check_irq(kernel_t *k, word_t irq);
exception_t arch_decode_irq_control_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot,
                                               word_t *buffer);
void mask_interrupt(kernel_t *k, bool disable, word_t irq);
void ioapic_raise_pins(kernel_t *k, uint32_t pins);

/* ---- arch/x86_64/ioport.c ---- */
exception_t decode_x86_port_control_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot,
                                               word_t *buffer);
exception_t decode_x86_port_invocation(kernel_t *k, word_t label, word_t length, cap_t cap, bool call,
                                       word_t *buffer);
void free_io_port_range(kernel_t *k, word_t first, word_t last);

/* ---- kernel/thread.c ---- */
void set_thread_state(kernel_t *k, tcb_t *t, word_t state);
bool is_runnable(const tcb_t *t);
void suspend(kernel_t *k, tcb_t *t);
void restart(kernel_t *k, tcb_t *t);
void sched_enqueue(kernel_t *k, tcb_t *t);
void sched_append(kernel_t *k, tcb_t *t);
void sched_dequeue(kernel_t *k, tcb_t *t);
void reschedule_required(kernel_t *k);
void possible_switch_to(kernel_t *k, tcb_t *t);
void schedule(kernel_t *k);
word_t *lookup_ipc_buffer(kernel_t *k, bool is_receiver, tcb_t *t);
word_t set_mr(kernel_t *k, tcb_t *t, word_t *buffer, word_t index, word_t value);
word_t get_mr(kernel_t *k, tcb_t *t, word_t *buffer, word_t index);
const char *thread_name(tcb_t *t);
void do_ipc_transfer(kernel_t *k, tcb_t *sender, endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver);
void timer_tick(kernel_t *k);

/* ---- api/syscall.c ---- */
seL4_MessageInfo_t message_info_from_word(word_t w);
exception_t lookup_extra_caps(kernel_t *k, tcb_t *t, word_t *buffer, seL4_MessageInfo_t info);
word_t get_syscall_arg(kernel_t *k, word_t i, word_t *buffer);
void kernel_halt(kernel_t *k, int status);

/* ---- kernel/debug.c ---- */
void kernel_dump_scheduler(kernel_t *k);
void kernel_dump_cspace(kernel_t *k, tcb_t *t);
const char *cap_tag_name(word_t type);

/* ---- api/names.c ---- */
const char *invocation_name(word_t label);
const char *method_name(word_t label); /* NULL for a label that names no method */
exception_t not_implemented(kernel_t *k, word_t label, const char *which);

/* ---- api/trace.c ---- */
/* Kinds of invoked caps for the trace's object= filter (bits of kernel_trace_config.objects). */
enum trace_object {
    TRACE_ENDPOINT, TRACE_NOTIFICATION, TRACE_REPLY, TRACE_CNODE, TRACE_UNTYPED, TRACE_TCB, TRACE_IRQ,
    TRACE_IOPORT, TRACE_FRAME, TRACE_PAGING, TRACE_ASID, TRACE_DOMAIN, TRACE_OBJECT_KINDS
};
void trace_init(kernel_t *k, const struct kernel_trace_config *cfg);
/* The hooks: each is called only when k->tracing. */
void trace_syscall_entry(kernel_t *k, tcb_t *t, word_t number);
void trace_syscall_exit(kernel_t *k);
void trace_invocation_error(kernel_t *k);
void trace_fault(kernel_t *k, tcb_t *t);
void trace_resumed(kernel_t *k, tcb_t *t);

/* ---- api/faults.c ---- */
void handle_fault(kernel_t *k, tcb_t *t);
word_t set_mrs_lookup_failure(kernel_t *k, tcb_t *receiver, word_t *buffer, lookup_fault_t lf, word_t offset);
void fault_cap_new(kernel_t *k, cptr_t cptr, bool in_recv_phase);
word_t set_mrs_fault(kernel_t *k, tcb_t *sender, tcb_t *receiver, word_t *buffer);
bool handle_fault_reply(kernel_t *k, tcb_t *receiver, tcb_t *sender);

/* ---- arch/x86_64/objecttype.c ---- */
bool arch_is_frame_type(word_t type);
word_t arch_get_object_size(word_t type);
cap_t arch_create_object(kernel_t *k, word_t type, word_t paddr, bool device);
derive_cap_ret_t arch_derive_cap(kernel_t *k, cte_t *slot, cap_t cap);
finalise_cap_ret_t arch_finalise_cap(kernel_t *k, cap_t cap, bool final);
bool arch_same_region_as(kernel_t *k, cap_t a, cap_t b);
bool arch_same_object_as(kernel_t *k, cap_t a, cap_t b);
cap_t arch_mask_cap_rights(seL4_CapRights_t rights, cap_t cap);
bool arch_is_cap_revocable(cap_t derived, cap_t src);
void arch_post_cap_deletion(kernel_t *k, cap_t cleanup_info);
bool is_arch_cap(cap_t cap);
word_t frame_size_bits(word_t size);
exception_t arch_decode_invocation(kernel_t *k, word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                                   bool call, word_t *buffer);

/* Helpers to set the syscall error of the invocation being decoded. */
static inline exception_t syscall_error(kernel_t *k, word_t type)
{
    k->syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}

static inline exception_t invalid_argument(kernel_t *k, word_t n)
{
    k->syscall_error.invalid_argument_number = n;
    return syscall_error(k, seL4_InvalidArgument);
}

static inline exception_t invalid_capability(kernel_t *k, word_t n)
{
    k->syscall_error.invalid_cap_number = n;
    return syscall_error(k, seL4_InvalidCapability);
}

static inline exception_t range_error(kernel_t *k, word_t min, word_t max)
{
    k->syscall_error.range_min = min;
    k->syscall_error.range_max = max;
    return syscall_error(k, seL4_RangeError);
}

static inline exception_t failed_lookup(kernel_t *k, bool was_source)
{
    k->syscall_error.failed_lookup_was_source = was_source;
    return syscall_error(k, seL4_FailedLookup);
}
