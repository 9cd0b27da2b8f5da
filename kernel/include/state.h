/* The kernel's global state (seL4's model/statedata.h), one struct per system. */
#pragma once

#include <kernel.h>
#include <structures.h>
#include <interrupt.h>
#include <sel4/bootinfo_types.h>

/* seL4's current_syscall_error. */
typedef struct syscall_error {
    word_t type; /* seL4_Error */
    word_t invalid_argument_number;
    word_t invalid_cap_number;
    word_t range_min, range_max;
    word_t memory_left;
    bool failed_lookup_was_source;
} syscall_error_t;

#define SchedulerAction_ResumeCurrentThread ((tcb_t *)0)
#define SchedulerAction_ChooseNewThread ((tcb_t *)1)

#define IDLE_TCB_BYTES BIT(seL4_TCBBits)

/* The syscall trace (api/trace.c): its filter, and the line of the syscall being handled. */
#define TRACE_LINE_BYTES 1024
struct trace_state {
    struct kernel_trace_config cfg;
    /* From kernel entry to exit of one syscall. */
    bool in_syscall;
    bool active;       /* a line is being built for it (it passed the filters) */
    bool cap_valid;    /* the invoked CPtr named a slot */
    bool faulted;      /* it raised a fault (below) */
    bool error_set;    /* the invocation failed with error_type */
    uint8_t call;      /* enum trace_call */
    word_t syscall;    /* its number */
    word_t label;      /* the message label it sent */
    sword_t object;    /* enum trace_object of the invoked cap, or -1 */
    tcb_t *thread;
    word_t error_type;
    fault_t fault;
    lookup_fault_t lookup_fault;
    size_t len;
    char line[TRACE_LINE_BYTES];
};
/* One CNode of a CSpace being dumped (kernel/debug.c): where its slots are and the CPtr bits that reach it. */
struct kernel_dump_cnode {
    word_t slots;                  /* kernel pointer to its first slot */
    word_t radix, guard_bits, guard;
    word_t prefix, depth;          /* the bits resolved before its guard, and how many */
};
#define KERNEL_DUMP_CNODES 32

struct kernel {
    /* RAM: physical [ram_paddr, ram_paddr + ram_size) is kernel pointer ram. */
    uint8_t *ram;
    word_t ram_paddr;
    word_t ram_size;
    const struct kernel_platform *plat;
    void *plat_ctx;
    bool print_user_errors;
    bool tracing; /* k->trace is on: the one flag the syscall path tests */
    bool halted;
    word_t unhandled_faults;

    /* Scheduler (one emulated core). */
    tcb_t *cur_thread;
    tcb_t *sched_action;
    tcb_t *idle_thread;
    tcb_t *debug_tcbs; /* every live TCB, newest first */
    word_t cur_domain;
    tcb_t *ready_head[CONFIG_NUM_PRIORITIES];
    tcb_t *ready_tail[CONFIG_NUM_PRIORITIES];
    word_t ready_bitmap[CONFIG_NUM_PRIORITIES / wordBits];

    /* Scratch of the syscall being handled. */
    syscall_error_t syscall_error;
    lookup_fault_t lookup_fault;
    fault_t fault;
    cte_t *extra_caps[seL4_MsgMaxExtraCaps];

    /* x86_64: the ASID table. */
    asid_pool_t *asid_table[N_ASID_POOLS];

    /* Interrupts (seL4's intStateIRQTable, intStateIRQNode, x86KSIRQState) and the IOAPIC. */
    uint8_t irq_state[maxIRQ + 1];
    cte_t irq_node[maxIRQ + 1];
    x86_irq_source_t irq_source[maxIRQ + 1];
    ioapic_pin_t ioapic[NUM_IOAPICS * IOAPIC_IRQ_LINES];

    /* x86: I/O ports handed out by IOPortControl (x86KSAllocatedIOPorts). */
    word_t allocated_io_ports[NUM_IO_PORTS / wordBits];

    struct trace_state trace;
    /* Scratch of a CSpace dump: its CNodes, breadth first from the root. */
    struct kernel_dump_cnode dump_cnodes[KERNEL_DUMP_CNODES];
    word_t dump_cnode_count;
    bool dump_cnodes_truncated;

    /* Root task layout, for messages. */
    word_t root_ipc_buffer;

    /* The idle thread's TCB object (never reachable by a cap). */
    _Alignas(IDLE_TCB_BYTES) uint8_t idle_tcb[IDLE_TCB_BYTES];
};

static inline void *ptr_from_paddr(struct kernel *k, word_t paddr)
{
    return k->ram + (paddr - k->ram_paddr);
}

static inline word_t paddr_from_ptr(struct kernel *k, const void *p)
{
    return (word_t)((const uint8_t *)p - k->ram) + k->ram_paddr;
}

/* Physical range [paddr, paddr + bytes) lies in RAM (not device memory). */
static inline bool paddr_in_ram(struct kernel *k, word_t paddr, word_t bytes)
{
    return paddr >= k->ram_paddr && bytes <= k->ram_size &&
           paddr - k->ram_paddr <= k->ram_size - bytes;
}
