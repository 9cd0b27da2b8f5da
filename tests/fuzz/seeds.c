/*
 * Writes the kernel fuzzer's seed corpus (tests/fuzz/corpus/): inputs in the
 * format of fuzz_input.h that play the conformance suite's typical
 * sequences (tests/conformance): retype every object type, CNode methods
 * and revoke, IPC between two threads with call, reply and cap transfer,
 * notifications and interrupts, faults to a handler, frames and paging
 * structures, ASID pools, TCB methods, I/O ports, scheduling. They give the
 * fuzzer a kernel state deep enough to mutate from. Deterministic: the same
 * bytes every run.
 *
 *   kernel-fuzz-seeds DIR    writes DIR/NAME for each seed
 */
#include "fuzz_input.h"

#include <kernel/gen_config.h>
#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>
#include <sel4/shared_types.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long word_t;

/* One word of an input: a literal or one of the format's references. */
struct fw {
    uint8_t tag; /* 0: literal */
    word_t v;
};

#define V(x) ((struct fw){ 0, (word_t)(x) })
#define EMPTY(n) ((struct fw){ FUZZ_W_EMPTY, (n) })   /* bootinfo's first empty slot + n */
#define UT(n) ((struct fw){ FUZZ_W_UNTYPED, (n) })    /* the n-th biggest RAM untyped */
#define DUT(n) ((struct fw){ FUZZ_W_DEVICE_UNTYPED, (n) })
#define PAGE(n) ((struct fw){ FUZZ_W_PAGE, (n) })     /* FUZZ_PAGE_BASE + n pages */
#define IPCBUF ((struct fw){ FUZZ_W_IPC_BUFFER, 0 })

#define ROOT_CNODE V(seL4_CapInitThreadCNode)
#define ROOT_VSPACE V(seL4_CapInitThreadVSpace)
#define ROOT_TCB V(seL4_CapInitThreadTCB)
#define ALL_RIGHTS 0xf
#define THREAD_IPC_BUFFER (0x10000000ul + 0x400) /* the root's IPC buffer frame, second KiB */

static uint8_t buf[4096];
static size_t len;

static void b(uint8_t x)
{
    if (len == sizeof(buf)) {
        fprintf(stderr, "seed too long\n");
        exit(1);
    }
    buf[len++] = x;
}

static void bytes(word_t v, int n)
{
    for (int i = 0; i < n; i++)
        b((uint8_t)(v >> (8 * i)));
}

static void w(struct fw x)
{
    if (x.tag) {
        b(x.tag);
        if (x.tag != FUZZ_W_IPC_BUFFER)
            b((uint8_t)x.v);
    } else if (x.v < 0x80 || (x.v >= FUZZ_W_LITERAL && x.v <= 0xff)) {
        b((uint8_t)x.v);
    } else if (x.v <= 0xffff) {
        b(FUZZ_W_U16);
        bytes(x.v, 2);
    } else if (x.v <= 0xffffffffu) {
        b(FUZZ_W_U32);
        bytes(x.v, 4);
    } else {
        b(FUZZ_W_U64);
        bytes(x.v, 8);
    }
}

/* One syscall step: number by index, the invoked cptr, label, message words and extra caps. */
struct call {
    int sys;
    struct fw number; /* for FUZZ_RAW_SYSCALL */
    struct fw cptr;
    word_t label;
    int nw, nc;
    struct fw words[FUZZ_MAX_WORDS];
    struct fw caps[3];
    bool recv_slot;
    struct fw recv[3]; /* receive CNode, index, depth */
};

static void sys(struct call c)
{
    b((uint8_t)(FUZZ_OP_SYSCALL + c.sys));
    if (c.sys == FUZZ_RAW_SYSCALL)
        w(c.number);
    w(c.cptr);
    if (c.label < FUZZ_LABEL_WORD) {
        b((uint8_t)c.label);
    } else {
        b(FUZZ_LABEL_WORD);
        w(V(c.label));
    }
    b((uint8_t)c.nw);
    b((uint8_t)(c.nc | (c.recv_slot ? FUZZ_CAPS_RECV_SLOT : 0)));
    for (int i = 0; i < c.nw; i++)
        w(c.words[i]);
    for (int i = 0; i < c.nc; i++)
        w(c.caps[i]);
    if (c.recv_slot)
        for (int i = 0; i < 3; i++)
            w(c.recv[i]);
}

/* ---- the root task's (or any thread's) usual calls ---- */

static void retype_from(struct fw ut, word_t type, word_t size, word_t dest, word_t n)
{
    sys((struct call){ .sys = FUZZ_CALL, .cptr = ut, .label = UntypedRetype, .nw = 6, .nc = 1,
                       .words = { V(type), V(size), V(0), V(0), EMPTY(dest), V(n) }, .caps = { ROOT_CNODE } });
}

static void retype(word_t type, word_t size, word_t dest, word_t n)
{
    retype_from(UT(0), type, size, dest, n);
}

/* A CNode method on the root CNode at empty slot dest (depth 64), source in the root CNode too. */
static void cnode_op(word_t label, struct fw dest, int nextra, const struct fw *extra, int ncaps)
{
    struct call c = { .sys = FUZZ_CALL, .cptr = ROOT_CNODE, .label = label, .nw = 2 + nextra, .nc = ncaps,
                      .words = { dest, V(64) }, .caps = { ROOT_CNODE, ROOT_CNODE } };
    for (int i = 0; i < nextra; i++)
        c.words[2 + i] = extra[i];
    sys(c);
}

static void copy(struct fw dest, struct fw src, word_t rights)
{
    cnode_op(CNodeCopy, dest, 3, (struct fw[]){ src, V(64), V(rights) }, 1);
}

static void mint(struct fw dest, struct fw src, word_t rights, word_t badge)
{
    cnode_op(CNodeMint, dest, 4, (struct fw[]){ src, V(64), V(rights), V(badge) }, 1);
}

/* A thread sharing the root's CSpace and VSpace, IPC buffer in the second KiB of the root's, started. */
static void make_thread(word_t slot, word_t prio, struct fw fault_ep)
{
    retype(seL4_TCBObject, 0, slot, 1);
    sys((struct call){ .sys = FUZZ_CALL, .cptr = EMPTY(slot), .label = TCBConfigure, .nw = 4, .nc = 3,
                       .words = { fault_ep, V(0), V(0), V(THREAD_IPC_BUFFER) },
                       .caps = { ROOT_CNODE, ROOT_VSPACE, V(seL4_CapInitThreadIPCBuffer) } });
    sys((struct call){ .sys = FUZZ_CALL, .cptr = EMPTY(slot), .label = TCBSetPriority, .nw = 1, .nc = 1,
                       .words = { V(prio) }, .caps = { ROOT_TCB } });
    sys((struct call){ .sys = FUZZ_CALL, .cptr = EMPTY(slot), .label = TCBResume });
}

static void recv(int sys_index, struct fw cptr)
{
    sys((struct call){ .sys = sys_index, .cptr = cptr });
}

static void send(int sys_index, struct fw cptr, word_t label, int nw, const word_t *words)
{
    struct call c = { .sys = sys_index, .cptr = cptr, .label = label, .nw = nw };
    for (int i = 0; i < nw; i++)
        c.words[i] = V(words[i]);
    sys(c);
}

static void invoke(struct fw cptr, word_t label, int nw, const struct fw *words, int nc, const struct fw *caps)
{
    struct call c = { .sys = FUZZ_CALL, .cptr = cptr, .label = label, .nw = nw, .nc = nc };
    for (int i = 0; i < nw; i++)
        c.words[i] = words[i];
    for (int i = 0; i < nc; i++)
        c.caps[i] = caps[i];
    sys(c);
}

static void ticks(int n)
{
    while (n > 0) {
        int now = n > 16 ? 16 : n;
        b((uint8_t)(FUZZ_OP_TICK + now - 1));
        n -= now;
    }
}

static void irq(word_t pins)
{
    b(FUZZ_OP_IRQ);
    w(V(pins));
}

static void vm_fault(word_t addr, bool instruction)
{
    b((uint8_t)(FUZZ_OP_VM_FAULT + instruction));
    w(V(addr));
    b(6);
}

static void user_exception(uint8_t vector, word_t code)
{
    b(FUZZ_OP_USER_EXCEPTION);
    b(vector);
    w(V(code));
}

/* ---- seeds ---- */

/* Every object type, then the CNode methods on them, then revoke (test_untyped.c, test_cnode.c). */
static void seed_retype_and_cnode(void)
{
    static const word_t types[] = {
        seL4_TCBObject, seL4_EndpointObject, seL4_NotificationObject, seL4_X86_4K, seL4_X86_PageTableObject,
        seL4_X86_PageDirectoryObject, seL4_X86_PDPTObject, seL4_X64_PML4Object,
    };
    for (word_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        retype(types[i], 0, i, 1);
    retype(seL4_CapTableObject, 4, 8, 1);
    retype(seL4_UntypedObject, 12, 9, 2);
    mint(EMPTY(11), EMPTY(1), ALL_RIGHTS, 0x42);
    copy(EMPTY(12), EMPTY(11), 0x3);
    cnode_op(CNodeMove, EMPTY(13), 2, (struct fw[]){ EMPTY(12), V(64) }, 1);
    /* Mutate: the CNode with a 60-bit guard (seL4_CNode_CapData: guard size in the low 6 bits). */
    cnode_op(CNodeMutate, EMPTY(14), 3, (struct fw[]){ EMPTY(8), V(64), V(60) }, 1);
    /* Rotate: the TCB cap 0 -> 15, the CNode cap 14 -> 0. */
    cnode_op(CNodeRotate, EMPTY(15), 6, (struct fw[]){ V(0), EMPTY(14), V(64), V(0), EMPTY(0), V(64) }, 2);
    copy(EMPTY(16), EMPTY(15), ALL_RIGHTS);
    retype_from(EMPTY(9), seL4_EndpointObject, 0, 17, 4);
    cnode_op(CNodeDelete, EMPTY(15), 0, NULL, 0);
    cnode_op(CNodeRevoke, EMPTY(1), 0, NULL, 0);
    cnode_op(CNodeRevoke, EMPTY(9), 0, NULL, 0);
    cnode_op(CNodeRevoke, UT(0), 0, NULL, 0);
    retype(seL4_EndpointObject, 0, 0, 8);
}

/* Call, ReplyRecv, SaveCaller, cap transfer (test_ipc.c). */
static void seed_ipc(void)
{
    retype(seL4_EndpointObject, 0, 0, 1);
    retype(seL4_NotificationObject, 0, 1, 1);
    mint(EMPTY(2), EMPTY(0), ALL_RIGHTS, 0x99);
    make_thread(3, 100, V(0));
    /* The root waits with a receive slot; the thread runs and calls through the badged cap. */
    sys((struct call){ .sys = FUZZ_RECV, .cptr = EMPTY(0), .recv_slot = true,
                       .recv = { ROOT_CNODE, EMPTY(10), V(64) } });
    sys((struct call){ .sys = FUZZ_CALL, .cptr = EMPTY(2), .label = 7, .nw = 6, .nc = 2,
                       .words = { V(1), V(2), V(3), V(4), V(5), V(6) }, .caps = { EMPTY(1), EMPTY(2) } });
    /* The root answers and waits again; the thread sends without a reply, then calls once more. */
    send(FUZZ_REPLYRECV, EMPTY(0), 5, 2, (word_t[]){ 42, 43 });
    send(FUZZ_SEND, EMPTY(2), 1, 1, (word_t[]){ 7 });
    /* The root calls; the thread takes the call, saves the reply cap and answers through it. */
    send(FUZZ_CALL, EMPTY(0), 2, 0, NULL);
    recv(FUZZ_RECV, EMPTY(0));
    cnode_op(CNodeSaveCaller, EMPTY(11), 0, NULL, 0);
    send(FUZZ_SEND, EMPTY(11), 3, 1, (word_t[]){ 9 });
    send(FUZZ_NBSEND, EMPTY(0), 0, 0, NULL);
    recv(FUZZ_NBRECV, EMPTY(0));
    recv(FUZZ_RECV, EMPTY(0));
    /* The thread calls once more, and the root deletes it while it waits for the reply. */
    send(FUZZ_CALL, EMPTY(0), 3, 0, NULL);
    cnode_op(CNodeDelete, EMPTY(3), 0, NULL, 0);
    recv(FUZZ_REPLY, V(0));
}

/* Badged senders queued, then CancelBadgedSends and revoke (test_cnode.c, test_ipc.c). */
static void seed_badges(void)
{
    retype(seL4_EndpointObject, 0, 0, 1);
    mint(EMPTY(1), EMPTY(0), ALL_RIGHTS, 1);
    mint(EMPTY(2), EMPTY(0), ALL_RIGHTS, 2);
    make_thread(3, 200, V(0));
    make_thread(4, 200, V(0));
    recv(FUZZ_YIELD, V(0));
    /* Thread 4 runs (resumed last), then thread 3, each sending on its badge. */
    send(FUZZ_SEND, EMPTY(2), 0, 1, (word_t[]){ 2 });
    send(FUZZ_SEND, EMPTY(1), 0, 1, (word_t[]){ 1 });
    cnode_op(CNodeCancelBadgedSends, EMPTY(2), 0, NULL, 0);
    cnode_op(CNodeRevoke, EMPTY(0), 0, NULL, 0);
    recv(FUZZ_NBRECV, EMPTY(0));
    recv(FUZZ_YIELD, V(0));
}

/* Notifications, binding, and an IOAPIC interrupt signalled, masked and acknowledged (test_irq.c). */
static void seed_notification_irq(void)
{
    retype(seL4_NotificationObject, 0, 0, 2);
    mint(EMPTY(2), EMPTY(0), ALL_RIGHTS, 0x10);
    send(FUZZ_SEND, EMPTY(2), 0, 0, NULL);
    recv(FUZZ_RECV, EMPTY(0));
    invoke(ROOT_TCB, TCBBindNotification, 0, NULL, 1, (struct fw[]){ EMPTY(1) });
    invoke(V(seL4_CapIRQControl), X86IRQIssueIRQHandlerIOAPIC, 7,
           (struct fw[]){ EMPTY(3), V(64), V(0), V(4), V(0), V(0), V(3) }, 1, (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(3), IRQSetIRQHandler, 0, NULL, 1, (struct fw[]){ EMPTY(2) });
    irq(1u << 4);
    recv(FUZZ_NBRECV, EMPTY(0));
    irq(1u << 4);
    invoke(EMPTY(3), IRQAckIRQ, 0, NULL, 0, NULL);
    recv(FUZZ_RECV, EMPTY(0));
    make_thread(4, 50, V(0));
    recv(FUZZ_RECV, EMPTY(0));
    irq(1u << 4);
    invoke(EMPTY(3), IRQAckIRQ, 0, NULL, 0, NULL);
    invoke(EMPTY(3), IRQClearIRQHandler, 0, NULL, 0, NULL);
    invoke(ROOT_TCB, TCBUnbindNotification, 0, NULL, 0, NULL);
    cnode_op(CNodeRevoke, V(seL4_CapIRQControl), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(0), 0, NULL, 0);
}

/* Faults to a fault endpoint and a restart by the reply (test_fault.c). */
static void seed_faults(void)
{
    retype(seL4_EndpointObject, 0, 0, 1);
    make_thread(1, 100, EMPTY(0));
    recv(FUZZ_RECV, EMPTY(0));
    vm_fault(0xdead000, false);
    send(FUZZ_REPLYRECV, EMPTY(0), 0, 0, NULL);
    user_exception(13, 0);
    send(FUZZ_REPLYRECV, EMPTY(0), 0, 0, NULL);
    sys((struct call){ .sys = FUZZ_RAW_SYSCALL, .number = V(0xa0), .cptr = V(0) }); /* unknown: a fault */
    send(FUZZ_REPLYRECV, EMPTY(0), 0, 0, NULL);
    send(FUZZ_CALL, V(0x4000), 0, 0, NULL); /* a cap fault */
    recv(FUZZ_REPLY, V(0));
    recv(FUZZ_RECV, EMPTY(0));
    vm_fault(0, true);
    invoke(EMPTY(1), TCBSuspend, 0, NULL, 0, NULL);
}

/* Paging structures, frames mapped, remapped and unmapped, an ASID pool and a second VSpace (test_vspace.c). */
static void seed_vspace(void)
{
    retype(seL4_X86_PDPTObject, 0, 0, 1);
    retype(seL4_X86_PageDirectoryObject, 0, 1, 1);
    retype(seL4_X86_PageTableObject, 0, 2, 1);
    retype(seL4_X86_4K, 0, 3, 2);
    invoke(EMPTY(0), X86PDPTMap, 2, (struct fw[]){ V(1ul << 39), V(0) }, 1, (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(1), X86PageDirectoryMap, 2, (struct fw[]){ PAGE(0), V(0) }, 1, (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(2), X86PageTableMap, 2, (struct fw[]){ PAGE(0), V(0) }, 1, (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(3), X86PageMap, 3, (struct fw[]){ PAGE(1), V(ALL_RIGHTS), V(0) }, 1, (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(4), X86PageMap, 3, (struct fw[]){ PAGE(2), V(1), V(0) }, 1, (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(3), X86PageMap, 3, (struct fw[]){ PAGE(1), V(1), V(0) }, 1, (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(3), X86PageGetAddress, 0, NULL, 0, NULL);
    copy(EMPTY(5), EMPTY(3), ALL_RIGHTS);
    invoke(EMPTY(5), X86PageMap, 3, (struct fw[]){ PAGE(2), V(ALL_RIGHTS), V(0) }, 1, (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(4), X86PageUnmap, 0, NULL, 0, NULL);
    /* A device frame, and an ASID pool with a second VSpace. */
    retype_from(DUT(0), seL4_X86_4K, 0, 6, 1);
    invoke(EMPTY(6), X86PageMap, 3, (struct fw[]){ PAGE(3), V(ALL_RIGHTS), V(0) }, 1, (struct fw[]){ ROOT_VSPACE });
    retype(seL4_UntypedObject, 12, 7, 1);
    invoke(V(seL4_CapASIDControl), X86ASIDControlMakePool, 2, (struct fw[]){ EMPTY(8), V(64) }, 2,
           (struct fw[]){ EMPTY(7), ROOT_CNODE });
    retype(seL4_X64_PML4Object, 0, 9, 1);
    invoke(EMPTY(8), X86ASIDPoolAssign, 0, NULL, 1, (struct fw[]){ EMPTY(9) });
    retype(seL4_X86_PDPTObject, 0, 10, 1);
    invoke(EMPTY(10), X86PDPTMap, 2, (struct fw[]){ PAGE(0), V(0) }, 1, (struct fw[]){ EMPTY(9) });
    invoke(EMPTY(2), X86PageTableUnmap, 0, NULL, 0, NULL);
    cnode_op(CNodeDelete, EMPTY(1), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(9), 0, NULL, 0);
    cnode_op(CNodeRevoke, EMPTY(7), 0, NULL, 0);
    cnode_op(CNodeRevoke, UT(0), 0, NULL, 0);
}

/* TCB methods: registers, priorities, spaces, flags, names (test_tcb.c). */
static void seed_tcb(void)
{
    make_thread(0, 254, V(0));
    invoke(EMPTY(0), TCBReadRegisters, 2, (struct fw[]){ V(0), V(20) }, 0, NULL);
    invoke(EMPTY(0), TCBWriteRegisters, 6, (struct fw[]){ V(0), V(4), V(0x401000), V(0x7000), V(0x202), V(1) }, 0,
           NULL);
    invoke(EMPTY(0), TCBCopyRegisters, 1, (struct fw[]){ V(0xe) }, 1, (struct fw[]){ ROOT_TCB });
    invoke(EMPTY(0), TCBSetMCPriority, 1, (struct fw[]){ V(200) }, 1, (struct fw[]){ ROOT_TCB });
    invoke(EMPTY(0), TCBSetSchedParams, 2, (struct fw[]){ V(200), V(255) }, 1, (struct fw[]){ ROOT_TCB });
    /* Same priority: it runs after the root yields. */
    recv(FUZZ_YIELD, V(0));
    invoke(V(seL4_CapInitThreadTCB), TCBSetPriority, 1, (struct fw[]){ V(10) }, 1,
           (struct fw[]){ V(seL4_CapInitThreadTCB) });
    recv(FUZZ_YIELD, V(0));
    invoke(EMPTY(0), TCBSetTLSBase, 1, (struct fw[]){ V(0x1234000) }, 0, NULL);
    invoke(EMPTY(0), TCBSetFlags, 2, (struct fw[]){ V(0), V(1) }, 0, NULL);
    invoke(EMPTY(0), TCBSetIPCBuffer, 1, (struct fw[]){ V(THREAD_IPC_BUFFER) }, 1,
           (struct fw[]){ V(seL4_CapInitThreadIPCBuffer) });
    invoke(EMPTY(0), TCBSetSpace, 3, (struct fw[]){ V(0), V(0), V(0) }, 2, (struct fw[]){ ROOT_CNODE, ROOT_VSPACE });
    invoke(V(seL4_CapDomain), DomainSetSet, 1, (struct fw[]){ V(0) }, 1, (struct fw[]){ EMPTY(0) });
    sys((struct call){ .sys = FUZZ_NAME_THREAD, .cptr = EMPTY(0) });
    sys((struct call){ .sys = FUZZ_SET_TLS_BASE, .cptr = V(0x5000) });
    invoke(EMPTY(0), TCBSuspend, 0, NULL, 0, NULL);
    invoke(V(seL4_CapInitThreadTCB), TCBSuspend, 0, NULL, 0, NULL);
}

/* Several threads of one priority: round robin by ticks and yields (test_sched.c). */
static void seed_sched(void)
{
    retype(seL4_NotificationObject, 0, 0, 1);
    make_thread(1, 255, V(0));
    make_thread(2, 255, V(0));
    ticks(5);
    recv(FUZZ_YIELD, V(0));
    ticks(3);
    recv(FUZZ_RECV, EMPTY(0));
    ticks(12);
    send(FUZZ_SEND, EMPTY(0), 0, 0, NULL);
    recv(FUZZ_YIELD, V(0));
    invoke(EMPTY(1), TCBSetPriority, 1, (struct fw[]){ V(1) }, 1, (struct fw[]){ ROOT_TCB });
    sys((struct call){ .sys = FUZZ_DUMP_SCHEDULER });
    ticks(40);
    cnode_op(CNodeDelete, EMPTY(2), 0, NULL, 0);
    ticks(10);
}

/* Nested CNodes, one holding a cap to itself, then deleted and revoked (test_cspace.c). */
static void seed_nested_cnodes(void)
{
    retype(seL4_CapTableObject, 2, 0, 1);
    retype(seL4_CapTableObject, 3, 1, 1);
    retype(seL4_EndpointObject, 0, 2, 1);
    /* Into CNode 0: a copy of itself, CNode 1 and the endpoint. */
    invoke(EMPTY(0), CNodeCopy, 5, (struct fw[]){ V(0), V(2), EMPTY(0), V(64), V(ALL_RIGHTS) }, 1,
           (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(0), CNodeCopy, 5, (struct fw[]){ V(1), V(2), EMPTY(1), V(64), V(ALL_RIGHTS) }, 1,
           (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(1), CNodeCopy, 5, (struct fw[]){ V(3), V(3), EMPTY(2), V(64), V(ALL_RIGHTS) }, 1,
           (struct fw[]){ ROOT_CNODE });
    /* Guarded copies: a CNode cap with a guard, used as a CSpace root of a new thread. */
    cnode_op(CNodeMint, EMPTY(3), 4, (struct fw[]){ EMPTY(1), V(64), V(ALL_RIGHTS), V(61) }, 1);
    cnode_op(CNodeDelete, EMPTY(1), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(0), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(3), 0, NULL, 0);
    cnode_op(CNodeRevoke, UT(0), 0, NULL, 0);
}

/* I/O port ranges issued, used and given back (test_platform.c). */
static void seed_io_ports(void)
{
    invoke(V(seL4_CapIOPortControl), X86IOPortControlIssue, 4,
           (struct fw[]){ V(0x3f8), V(0x3ff), EMPTY(0), V(64) }, 1, (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(0), X86IOPortIn8, 1, (struct fw[]){ V(0x3fd) }, 0, NULL);
    invoke(EMPTY(0), X86IOPortOut8, 2, (struct fw[]){ V(0x3f8), V('A') }, 0, NULL);
    invoke(EMPTY(0), X86IOPortIn32, 1, (struct fw[]){ V(0x3fc) }, 0, NULL);
    copy(EMPTY(1), EMPTY(0), ALL_RIGHTS);
    cnode_op(CNodeDelete, EMPTY(0), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(1), 0, NULL, 0);
    invoke(V(seL4_CapIOPortControl), X86IOPortControlIssue, 4,
           (struct fw[]){ V(0x40), V(0x43), EMPTY(2), V(64) }, 1, (struct fw[]){ ROOT_CNODE });
}

/* The debug calls, ending with a halt (test_syscall.c). */
static void seed_debug(void)
{
    sys((struct call){ .sys = FUZZ_PUTCHAR, .cptr = V('h') });
    sys((struct call){ .sys = FUZZ_CAP_IDENTIFY, .cptr = V(seL4_CapInitThreadVSpace) });
    sys((struct call){ .sys = FUZZ_NAME_THREAD, .cptr = ROOT_TCB, .nw = 6,
                       .words = { V(0), V(0), V(0), V(0), V(0x6f6f66), V(0) } });
    sys((struct call){ .sys = FUZZ_DUMP_SCHEDULER });
    /* ~10 is -11: seL4_SysDebugHalt. */
    sys((struct call){ .sys = FUZZ_RAW_SYSCALL, .number = (struct fw){ FUZZ_W_NOT, 10 }, .cptr = V(0) });
}

/*
 * Threads blocked on an endpoint (receive and send) and a notification,
 * then the objects deleted and a blocked thread suspended under them
 * (cancel_all_ipc, cancel_all_signals, cancel_ipc); the woken threads retry.
 */
static void seed_blocked_deletion(void)
{
    retype(seL4_EndpointObject, 0, 0, 1);
    retype(seL4_NotificationObject, 0, 1, 1);
    retype(seL4_EndpointObject, 0, 2, 1);
    retype(seL4_NotificationObject, 0, 7, 1);
    for (word_t i = 3; i < 7; i++)
        make_thread(i, 100, V(0));
    recv(FUZZ_RECV, EMPTY(7)); /* the root waits; the threads run, the one resumed last first */
    recv(FUZZ_RECV, EMPTY(0));
    recv(FUZZ_RECV, EMPTY(1));
    send(FUZZ_SEND, EMPTY(2), 0, 0, NULL);
    send(FUZZ_SEND, EMPTY(7), 0, 0, NULL); /* the last one wakes the root */
    invoke(EMPTY(4), TCBSuspend, 0, NULL, 0, NULL); /* the sender */
    cnode_op(CNodeDelete, EMPTY(0), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(1), 0, NULL, 0);
    invoke(EMPTY(4), TCBResume, 0, NULL, 0, NULL);
    recv(FUZZ_RECV, EMPTY(7));
    b(FUZZ_OP_REPEAT); /* a woken thread retries its receive on the deleted endpoint: a cap fault */
    send(FUZZ_CALL, EMPTY(2), 0, 0, NULL);
    send(FUZZ_SEND, EMPTY(7), 0, 0, NULL);
    cnode_op(CNodeDelete, EMPTY(6), 0, NULL, 0); /* a TCB blocked on send */
    cnode_op(CNodeRevoke, UT(0), 0, NULL, 0);
}

/*
 * Deleting a CNode that holds the last cap to another CNode, which holds
 * the last caps to a TCB and an endpoint: Zombies all the way down.
 */
static void seed_zombies(void)
{
    retype(seL4_CapTableObject, 2, 0, 1); /* A */
    retype(seL4_CapTableObject, 2, 1, 1); /* B */
    retype(seL4_TCBObject, 0, 2, 1);
    retype(seL4_EndpointObject, 0, 3, 1);
    retype(seL4_CapTableObject, 1, 4, 1); /* C, which will hold itself */
    /* T and the endpoint into B, B into A, C into C. */
    invoke(EMPTY(1), CNodeMove, 4, (struct fw[]){ V(0), V(2), EMPTY(2), V(64) }, 1, (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(1), CNodeMove, 4, (struct fw[]){ V(1), V(2), EMPTY(3), V(64) }, 1, (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(0), CNodeMove, 4, (struct fw[]){ V(3), V(2), EMPTY(1), V(64) }, 1, (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(4), CNodeCopy, 5, (struct fw[]){ V(1), V(1), EMPTY(4), V(64), V(ALL_RIGHTS) }, 1,
           (struct fw[]){ ROOT_CNODE });
    cnode_op(CNodeDelete, EMPTY(0), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(4), 0, NULL, 0); /* C now holds the only cap to itself */
    /* A TCB whose CSpace root is a CNode that holds the TCB's own cap. */
    retype(seL4_CapTableObject, 2, 5, 1);
    retype(seL4_TCBObject, 0, 6, 1);
    invoke(EMPTY(5), CNodeCopy, 5, (struct fw[]){ V(0), V(2), EMPTY(6), V(64), V(ALL_RIGHTS) }, 1,
           (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(6), TCBSetSpace, 3, (struct fw[]){ V(0), V(62), V(0) }, 2, (struct fw[]){ EMPTY(5), ROOT_VSPACE });
    cnode_op(CNodeDelete, EMPTY(6), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(5), 0, NULL, 0);
    cnode_op(CNodeRevoke, UT(0), 0, NULL, 0);
}

/* A notification bound to the root: it ends an endpoint wait, or answers one at once (test_notification.c). */
static void seed_bound_notification(void)
{
    retype(seL4_NotificationObject, 0, 0, 1);
    retype(seL4_EndpointObject, 0, 1, 1);
    retype(seL4_NotificationObject, 0, 2, 1);
    invoke(ROOT_TCB, TCBBindNotification, 0, NULL, 1, (struct fw[]){ EMPTY(0) });
    invoke(V(seL4_CapIRQControl), X86IRQIssueIRQHandlerIOAPIC, 7,
           (struct fw[]){ EMPTY(4), V(64), V(0), V(5), V(1), V(1), V(7) }, 1, (struct fw[]){ ROOT_CNODE });
    invoke(EMPTY(4), IRQSetIRQHandler, 0, NULL, 1, (struct fw[]){ EMPTY(2) });
    make_thread(3, 100, V(0));
    recv(FUZZ_RECV, EMPTY(1));               /* the root waits on the endpoint */
    send(FUZZ_SEND, EMPTY(0), 0, 0, NULL);   /* the thread signals the bound notification: the root wakes */
    send(FUZZ_SEND, EMPTY(0), 0, 0, NULL);   /* now active */
    recv(FUZZ_RECV, EMPTY(1));               /* answered at once */
    recv(FUZZ_RECV, EMPTY(1));               /* waits; the thread runs */
    recv(FUZZ_RECV, EMPTY(2));               /* the thread waits for the interrupt: nothing runs */
    irq(1u << 5);
    send(FUZZ_SEND, EMPTY(1), 0, 0, NULL);   /* the thread wakes the root through the endpoint */
    invoke(ROOT_TCB, TCBUnbindNotification, 0, NULL, 0, NULL);
    invoke(EMPTY(3), TCBBindNotification, 0, NULL, 1, (struct fw[]){ EMPTY(0) });
    cnode_op(CNodeDelete, EMPTY(0), 0, NULL, 0);
    invoke(EMPTY(4), IRQAckIRQ, 0, NULL, 0, NULL);
    cnode_op(CNodeDelete, EMPTY(2), 0, NULL, 0);
    irq(1u << 5);
    cnode_op(CNodeDelete, EMPTY(4), 0, NULL, 0);
}

/* Large and huge pages, mappings in the way, and a VSpace and ASID pool deleted with their mappings. */
static void seed_pages(void)
{
    retype(seL4_X86_LargePageObject, 0, 0, 1);
    invoke(EMPTY(0), X86PageMap, 3, (struct fw[]){ (struct fw){ FUZZ_W_LARGE, 256 }, V(ALL_RIGHTS), V(7) }, 1,
           (struct fw[]){ ROOT_VSPACE });
    retype_from(UT(1), seL4_X86_PageTableObject, 0, 1, 1);
    invoke(EMPTY(1), X86PageTableMap, 2, (struct fw[]){ (struct fw){ FUZZ_W_LARGE, 256 }, V(0) }, 1,
           (struct fw[]){ ROOT_VSPACE });
    retype_from(DUT(10), seL4_X64_HugePageObject, 0, 2, 1);
    invoke(EMPTY(2), X86PageMap, 3, (struct fw[]){ (struct fw){ FUZZ_W_HUGE, 2 }, V(2), V(3) }, 1,
           (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(0), X86PageMap, 3, (struct fw[]){ (struct fw){ FUZZ_W_LARGE, 256 }, V(1), V(0) }, 1,
           (struct fw[]){ ROOT_VSPACE });
    invoke(EMPTY(0), X86PageUnmap, 0, NULL, 0, NULL);
    invoke(EMPTY(1), X86PageTableMap, 2, (struct fw[]){ (struct fw){ FUZZ_W_LARGE, 256 }, V(0) }, 1,
           (struct fw[]){ ROOT_VSPACE });
    b(FUZZ_OP_HOST_QUERY);
    b(0);
    w((struct fw){ FUZZ_W_HUGE, 2 });
    /* A second VSpace with a mapping, then its PML4 and its pool deleted. */
    retype_from(UT(1), seL4_UntypedObject, 12, 3, 1);
    invoke(V(seL4_CapASIDControl), X86ASIDControlMakePool, 2, (struct fw[]){ EMPTY(4), V(64) }, 2,
           (struct fw[]){ EMPTY(3), ROOT_CNODE });
    retype_from(UT(1), seL4_X64_PML4Object, 0, 5, 1);
    invoke(EMPTY(4), X86ASIDPoolAssign, 0, NULL, 1, (struct fw[]){ EMPTY(5) });
    retype_from(UT(1), seL4_X86_PDPTObject, 0, 6, 1);
    invoke(EMPTY(6), X86PDPTMap, 2, (struct fw[]){ V(0), V(0) }, 1, (struct fw[]){ EMPTY(5) });
    invoke(EMPTY(2), X86PageMap, 3, (struct fw[]){ (struct fw){ FUZZ_W_HUGE, 2 }, V(ALL_RIGHTS), V(0) }, 1,
           (struct fw[]){ EMPTY(5) });
    copy(EMPTY(7), EMPTY(2), ALL_RIGHTS);
    invoke(EMPTY(7), X86PageMap, 3, (struct fw[]){ (struct fw){ FUZZ_W_HUGE, 3 }, V(ALL_RIGHTS), V(0) }, 1,
           (struct fw[]){ EMPTY(5) });
    b(FUZZ_OP_DEBUG_DUMP);
    cnode_op(CNodeDelete, EMPTY(4), 0, NULL, 0);
    cnode_op(CNodeDelete, EMPTY(5), 0, NULL, 0);
    cnode_op(CNodeRevoke, UT(1), 0, NULL, 0);
    cnode_op(CNodeRevoke, DUT(10), 0, NULL, 0);
}

/* Interrupt handlers beyond the usual: MSI, bad arguments, an interrupt with no notification, pending at Ack. */
static void seed_irqs(void)
{
    invoke(V(seL4_CapIRQControl), X86IRQIssueIRQHandlerMSI, 7,
           (struct fw[]){ EMPTY(0), V(64), V(0), V(3), V(1), V(0x42), V(20) }, 1, (struct fw[]){ ROOT_CNODE });
    invoke(V(seL4_CapIRQControl), X86IRQIssueIRQHandlerIOAPIC, 7,
           (struct fw[]){ EMPTY(1), V(64), V(0), V(30), V(0), V(0), V(21) }, 1, (struct fw[]){ ROOT_CNODE });
    invoke(V(seL4_CapIRQControl), IRQIssueIRQHandler, 3, (struct fw[]){ V(4), EMPTY(1), V(64) }, 1,
           (struct fw[]){ ROOT_CNODE });
    invoke(V(seL4_CapIRQControl), X86IRQIssueIRQHandlerIOAPIC, 7,
           (struct fw[]){ EMPTY(1), V(64), V(0), V(9), V(0), V(0), V(21) }, 1, (struct fw[]){ ROOT_CNODE });
    irq(1u << 9); /* no notification: undelivered */
    retype(seL4_NotificationObject, 0, 2, 1);
    invoke(EMPTY(1), IRQSetIRQHandler, 0, NULL, 1, (struct fw[]){ EMPTY(2) });
    irq(1u << 9);
    irq(1u << 9); /* masked until the Ack: pending */
    invoke(EMPTY(1), IRQAckIRQ, 0, NULL, 0, NULL);
    b(FUZZ_OP_HOST_QUERY);
    b(0);
    w(V(0));
    copy(EMPTY(3), EMPTY(1), ALL_RIGHTS);
    cnode_op(CNodeDelete, EMPTY(1), 0, NULL, 0);
    irq(1u << 9);
    recv(FUZZ_NBRECV, EMPTY(2));
    cnode_op(CNodeRevoke, V(seL4_CapIRQControl), 0, NULL, 0);
    irq(0);
}

struct seed {
    const char *name;
    uint8_t flags;
    void (*make)(void);
};

static const struct seed seeds[] = {
    { "retype-cnode", 0, seed_retype_and_cnode },
    { "ipc", FUZZ_TRACE, seed_ipc },
    { "badges", 0, seed_badges },
    { "notification-irq", FUZZ_USER_ERRORS, seed_notification_irq },
    { "faults", 0, seed_faults },
    { "vspace", FUZZ_REFUSE_MAPS, seed_vspace },
    { "tcb", FUZZ_TRACE | FUZZ_USER_ERRORS, seed_tcb },
    { "sched", 0, seed_sched },
    { "nested-cnodes", 0, seed_nested_cnodes },
    { "io-ports", FUZZ_TRACE, seed_io_ports },
    { "debug", 0, seed_debug },
    { "blocked-deletion", FUZZ_USER_ERRORS, seed_blocked_deletion },
    { "zombies", 0, seed_zombies },
    { "bound-notification", FUZZ_TRACE, seed_bound_notification },
    { "pages", 0, seed_pages },
    { "irqs", FUZZ_TRACE | FUZZ_USER_ERRORS, seed_irqs },
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
        len = 0;
        b(seeds[i].flags);
        seeds[i].make();
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", argv[1], seeds[i].name);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}
