/*
 * Kernel object layouts. Objects live in emulated physical memory at the
 * address their untyped gave them and take exactly seL4's sizes
 * (SEL4-FACTS (d)): a CNode slot is 32 bytes, an endpoint 16, a notification
 * 32, a TCB 2 KiB. Pointers inside objects are kernel pointers into the RAM
 * window, which every process of one emulated system maps at one address.
 */
#pragma once

#include <types.h>
#include <sel4/constants.h>
#include <sel4/shared_types.h>

/* Cap type tags: the numbers seL4_DebugCapIdentify returns (structures_gen.h). */
enum cap_tag {
    cap_null_cap = 0,
    cap_frame_cap = 1,
    cap_untyped_cap = 2,
    cap_page_table_cap = 3,
    cap_endpoint_cap = 4,
    cap_page_directory_cap = 5,
    cap_notification_cap = 6,
    cap_pdpt_cap = 7,
    cap_reply_cap = 8,
    cap_pml4_cap = 9,
    cap_cnode_cap = 10,
    cap_asid_control_cap = 11,
    cap_thread_cap = 12,
    cap_asid_pool_cap = 13,
    cap_irq_control_cap = 14,
    cap_irq_handler_cap = 16,
    cap_zombie_cap = 18,
    cap_io_port_cap = 19,
    cap_domain_cap = 20,
    cap_io_port_control_cap = 31,
};

/* x86 frame rights and sizes (arch/x86 structures). */
enum vm_rights { VMKernelOnly = 1, VMReadOnly = 2, VMReadWrite = 3 };
enum vm_page_size { X86_SmallPage = 0, X86_LargePage = 1, X64_HugePage = 2 };

#define ZombieType_ZombieTCB BIT(wordRadix)

/* A capability: two words, like seL4's cap_t. The first 5 bits are the tag. */
typedef struct cap {
    union {
        uint64_t words[2];
        struct { uint64_t type:5, :59; uint64_t w1; } any;
        struct { uint64_t type:5, is_device:1, size_bits:6, :4, ptr:48; uint64_t free_index; } untyped;
        struct {
            uint64_t type:5, can_send:1, can_receive:1, can_grant:1, can_grant_reply:1, :7, ptr:48;
            uint64_t badge;
        } endpoint;
        struct { uint64_t type:5, can_send:1, can_receive:1, :9, ptr:48; uint64_t badge; } notification;
        struct { uint64_t type:5, master:1, can_grant:1, :9, tcb:48; uint64_t w1; } reply;
        struct { uint64_t type:5, radix:6, :5, ptr:48; uint64_t guard:58, guard_size:6; } cnode;
        struct { uint64_t type:5, :11, tcb:48; uint64_t w1; } thread;
        struct { uint64_t type:5, ztype:7, :4, ptr:48; uint64_t number; } zombie;
        struct { uint64_t type:5, :59; uint64_t irq; } irq_handler;
        struct { uint64_t type:5, :59; uint64_t w1; } irq_control;
        struct { uint64_t type:5, :59; uint64_t w1; } domain;
        struct {
            uint64_t type:5, size:2, vm_rights:2, is_device:1, mapped:1, :5, base:48;
            uint64_t mapped_asid:16, mapped_addr:48;
        } frame;
        /* Page table, page directory, PDPT and PML4 share one layout. */
        struct { uint64_t type:5, mapped:1, :10, base:48; uint64_t mapped_asid:16, mapped_addr:48; } paging;
        struct { uint64_t type:5, :11, pool:48; uint64_t asid_base:16, :48; } asid_pool;
        struct { uint64_t type:5, :59; uint64_t w1; } asid_control;
        struct { uint64_t type:5, :11, first_port:16, last_port:16, :16; uint64_t w1; } io_port;
    };
} cap_t;

_Static_assert(sizeof(cap_t) == 16, "cap_t is two words");

static inline cap_t cap_null(void)
{
    return (cap_t){ .words = { 0, 0 } };
}

static inline enum cap_tag cap_type(cap_t cap)
{
    return (enum cap_tag)cap.any.type;
}

#define PTR(t, field) ((t *)(uintptr_t)(field))
#define REF(p) ((uint64_t)(uintptr_t)(p))

/* Capability derivation tree links (seL4's mdb_node). */
typedef struct mdb_node {
    uint64_t prev;
    uint64_t next:48, revocable:1, first_badged:1, :14;
} mdb_node_t;

/* A CNode slot. */
typedef struct cte {
    cap_t cap;
    mdb_node_t mdb;
} cte_t;

_Static_assert(sizeof(cte_t) == BIT(seL4_SlotBits), "a slot is 2^seL4_SlotBits bytes");

#define MDB_PREV(c) PTR(cte_t, (c)->mdb.prev)
#define MDB_NEXT(c) PTR(cte_t, (c)->mdb.next)

/* Thread states (seL4 _thread_state_t). */
enum thread_state_type {
    ThreadState_Inactive = 0,
    ThreadState_Running,
    ThreadState_Restart,
    ThreadState_BlockedOnReceive,
    ThreadState_BlockedOnSend,
    ThreadState_BlockedOnReply,
    ThreadState_BlockedOnNotification,
    ThreadState_IdleThreadState,
};

/* Faults, tagged with the label they are delivered under (SEL4-FACTS (g)). */
enum fault_type {
    seL4_Fault_NullFault_ = 0,
    seL4_Fault_CapFault_ = 1,
    seL4_Fault_UnknownSyscall_ = 2,
    seL4_Fault_UserException_ = 3,
    seL4_Fault_VMFault_ = 5,
};

typedef struct fault {
    word_t type;
    word_t w[3]; /* CapFault: addr, in_recv; UnknownSyscall: number; UserException: number, code;
                    VMFault: addr, fsr, instruction_fault */
} fault_t;

/* Lookup failures: kernel tags are one less than seL4_LookupFailureType. */
enum lookup_fault_type {
    lookup_fault_invalid_root = 0,
    lookup_fault_missing_capability = 1,
    lookup_fault_depth_mismatch = 2,
    lookup_fault_guard_mismatch = 3,
};

typedef struct lookup_fault {
    word_t type;
    word_t bits_left;
    word_t bits_found;
    word_t guard_found;
} lookup_fault_t;

/* User registers of a TCB: seL4_UserContext order, then kernel-only ones. */
enum user_reg {
    CTX_RIP, /* FaultIP */
    CTX_RSP,
    CTX_FLAGS,
    CTX_RAX,
    CTX_RBX,
    CTX_RCX,
    CTX_RDX,
    CTX_RSI,
    CTX_RDI,
    CTX_RBP,
    CTX_R8,
    CTX_R9,
    CTX_R10,
    CTX_R11,
    CTX_R12,
    CTX_R13,
    CTX_R14,
    CTX_R15,
    CTX_FS_BASE,
    CTX_GS_BASE,
    CTX_NEXT_IP,
    CTX_ERROR,
    N_REGS,
};
#define N_FRAME_REGS 18
#define N_GP_REGS 2

/* Slots of the CNode embedded at the start of every TCB object. */
enum tcb_cnode_index {
    tcbCTable = 0,
    tcbVTable = 1,
    tcbReply = 2,
    tcbCaller = 3,
    tcbBuffer = 4,
    tcbCNodeEntries = 5,
};

#define TCB_OFFSET BIT(seL4_TCBBits - 1)
#define TCB_NAME_LENGTH 128
#define TCB_HOST_WORDS 8

struct notification;

typedef struct tcb {
    word_t regs[N_REGS];
    struct {
        word_t type;
        word_t blocking_object;
        word_t badge;
        bool can_grant, can_grant_reply, is_call;
    } state;
    fault_t fault;
    lookup_fault_t lookup_failure;
    word_t domain;
    word_t mcp;
    word_t priority;
    word_t time_slice;
    cptr_t fault_handler;
    vptr_t ipc_buffer;
    word_t flags;
    bool queued;
    bool context_changed; /* registers rewritten by another thread: the host must reload them */
    uint8_t trace_pending; /* a traced syscall that blocked, to be shown resumed (api/trace.c) */
    struct tcb *sched_next, *sched_prev;
    struct tcb *ep_next, *ep_prev;
    struct notification *bound_notification;
    struct tcb *debug_next, *debug_prev; /* every live TCB, for dumps */
    word_t host[TCB_HOST_WORDS]; /* owned by the host layer (its thread, futex word) */
    char name[TCB_NAME_LENGTH];
} tcb_t;

_Static_assert(sizeof(tcb_t) <= TCB_OFFSET, "tcb_t fits beside its CNode");
_Static_assert(BIT(4) * sizeof(cte_t) <= TCB_OFFSET, "TCB CNode fits");

/* The slots of a TCB's CNode, which sits TCB_OFFSET bytes below the tcb_t. */
static inline cte_t *tcb_cte(tcb_t *t, enum tcb_cnode_index i)
{
    return (cte_t *)((uintptr_t)t - TCB_OFFSET) + i;
}

enum endpoint_state { EPState_Idle = 0, EPState_Send = 1, EPState_Recv = 2 };
enum notification_state { NtfnState_Idle = 0, NtfnState_Waiting = 1, NtfnState_Active = 2 };

typedef struct endpoint {
    uint64_t state:2, :14, queue_head:48;
    uint64_t queue_tail:48, :16;
} endpoint_t;

typedef struct notification {
    uint64_t state:2, :14, queue_head:48;
    uint64_t queue_tail:48, :16;
    uint64_t badge;
    uint64_t bound_tcb:48, :16;
} notification_t;

_Static_assert(sizeof(endpoint_t) == BIT(seL4_EndpointBits), "endpoint size");
_Static_assert(sizeof(notification_t) == BIT(seL4_NotificationBits), "notification size");

/* x86_64 paging structures: 512 hardware-format entries each. */
typedef struct paging_table {
    uint64_t entry[BIT(seL4_PageTableIndexBits)];
} paging_table_t;

typedef struct asid_pool {
    uint64_t pml4[BIT(seL4_ASIDPoolIndexBits)]; /* kernel pointer to the PML4 object, or 0 */
} asid_pool_t;

_Static_assert(sizeof(asid_pool_t) == BIT(seL4_ASIDPoolBits), "asid pool size");

#define asidLowBits seL4_ASIDPoolIndexBits
#define asidHighBits seL4_NumASIDPoolsBits
#define asidInvalid 0
#define IT_ASID 1
#define N_ASID_POOLS BIT(asidHighBits)
