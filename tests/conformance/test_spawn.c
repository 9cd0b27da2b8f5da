/*
 * SPAWN: child processes built the seL4 way (issue #6). The root task loads
 * the suite's child program (children/child.c, a static seL4 ELF embedded
 * in this binary) into a VSpace of its own with conf_spawn (framework.h):
 * a PML4 with an ASID, paging structures and frames filled with the
 * image's segments, an IPC buffer and a stack, a CNode with the child's TCB
 * at slot 1 and the caps the test gives it from slot 2, then
 * seL4_TCB_Configure, WriteRegisters and Resume. The child's argument word
 * says what it does (children/child_proto.h).
 *
 * What the tests lean on (seL4, x86_64, non-MCS):
 *  - a thread in another VSpace is scheduled, sends, receives and faults
 *    exactly like one in the root's; the fault endpoint is a cptr looked up
 *    in the faulting thread's own CSpace (the child's);
 *  - the child's CSpace is a 16-slot CNode with a 60-bit zero guard: a cptr
 *    of the root's CSpace (a slot number >= 16) fails its guard check there
 *    (cap fault, GuardMismatch, 64 bits left, guard found 0, 60 bits found),
 *    an empty slot is a null cap (InvalidCapability 0 for a Call, a cap
 *    fault in the receive phase for a Recv, MissingCapability, 0 bits left);
 *  - a frame cap copy mapped in the child is the original's child in the
 *    derivation tree: revoking the original unmaps it there (VMFault, FSR 4
 *    on the next read); a store to a read-only mapping is FSR 7 (present,
 *    write, user);
 *  - a TCB lives while any cap to it does: the copy in the child's slot 1
 *    keeps it running after the root deletes its own cap.
 * Children run at priority 100 (below the root at 255) unless a test needs
 * otherwise; the root takes their messages with conf_settle_nbrecv, so a
 * child that never runs is a failure, not a hang.
 */
#include "framework.h"

#include "children/child_proto.h"

extern const unsigned char conf_child_elf[], conf_child_elf_end[];

#define CHILD_IMAGE                                                           \
    .elf = conf_child_elf,                                                    \
    .elf_size = (seL4_Word)(conf_child_elf_end - conf_child_elf)
#define PRIO 100
#define ROUNDS 5
#define FAULT_BADGE 0xfa

static seL4_MessageInfo_t empty_msg(void)
{
    return seL4_MessageInfo_new(0, 0, 0, 0);
}

/* Let the others run, then take the message waiting on ep: badge, label and
 * length as expected, no caps. */
static int take(const char *file, int line, seL4_CPtr ep, seL4_Word badge,
                seL4_Word label, seL4_Word length)
{
    seL4_Word got = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &got);
    if (got != badge) {
        return conf_fail(file, line,
                         "message badge: expected 0x%lx, got 0x%lx (label 0x%lx, "
                         "length %lu)", badge, got, seL4_MessageInfo_get_label(info),
                         seL4_MessageInfo_get_length(info));
    }
    if (seL4_MessageInfo_get_label(info) != label ||
        seL4_MessageInfo_get_length(info) != length ||
        seL4_MessageInfo_get_extraCaps(info) != 0) {
        return conf_fail(file, line,
                         "message: expected label 0x%lx length %lu, got label 0x%lx "
                         "length %lu extraCaps %lu", label, length,
                         seL4_MessageInfo_get_label(info),
                         seL4_MessageInfo_get_length(info),
                         seL4_MessageInfo_get_extraCaps(info));
    }
    return CONF_PASS;
}
#define TAKE(ep, badge, label, length)                                        \
    TRY(take(__FILE__, __LINE__, (ep), (badge), (label), (length)))

/* Nothing waits on ep after the others ran. */
#define TAKE_NOTHING(ep)                                                      \
    do {                                                                      \
        seL4_Word conf_b_ = 0;                                                \
        conf_settle_nbrecv((ep), &conf_b_);                                   \
        test_eq(conf_b_, 0);                                                  \
    } while (0)

#define SHARE(var, child, frame, vaddr)                                       \
    seL4_CPtr var = conf_child_share((child), (frame), (vaddr), seL4_ReadWrite); \
    if (!(var)) {                                                             \
        test_fail("env: %s", conf_env_error());                               \
    }                                                                         \
    (void)(var)

static void yields(int n)
{
    for (int i = 0; i < n; i++) {
        seL4_Yield();
    }
}

static int read_regs(struct conf_child *c, seL4_UserContext *r)
{
    conf_memzero(r, sizeof(*r));
    test_ok(seL4_TCB_ReadRegisters(c->tcb, false, 0, CONF_NUM_REGS, r));
    return CONF_PASS;
}

#define IN_IMAGE(c, addr)                                                     \
    do {                                                                      \
        test_geq((addr), (c)->image_start);                                   \
        test_lt((addr), (c)->image_end);                                      \
    } while (0)

/* A frame mapped read-write in the root at CONF_REGION_FREE + offset. */
static int root_frame(seL4_Word offset, seL4_CPtr *frame, volatile seL4_Word **words)
{
    NEW_OBJECT(f, seL4_X86_4K, 0);
    test_ok(conf_map_frame(f, CONF_REGION_FREE + offset, seL4_ReadWrite));
    *frame = f;
    *words = (volatile seL4_Word *)(CONF_REGION_FREE + offset);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Starting and stopping                                                     */

CONF_TEST(SPAWN0001, "a child process runs in a VSpace of its own and signals the notification it was given")
{
    NEW_OBJECT(ntfn, seL4_NotificationObject, 0);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SIGNAL, 0),
          .caps = {CONF_CAP(ntfn, 0x11)});
    /* below the root's priority: not run yet */
    test_eq(conf_poll(ntfn), 0);
    conf_settle();
    test_eq(conf_poll(ntfn), 0x11);
    return CONF_PASS;
}

CONF_TEST(SPAWN0002, "when child_main returns, the child suspends itself: R12 = its value, FS = its TLS, no fault; Resume re-suspends")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_EXIT, 0x5a),
          .fault_ep = CHILD_SLOT(0), .caps = {CONF_CAP(ep, FAULT_BADGE)});
    TAKE_NOTHING(ep);
    seL4_UserContext r;
    TRY(read_regs(c, &r));
    test_eq(r.r12, 0x15a); /* 0x5a + 0x100 * one entry */
    IN_IMAGE(c, r.rip);
    /* the TLS block is the runtime's static area in the child's .bss */
    IN_IMAGE(c, r.fs_base);
    seL4_Word rip = r.rip;
    /* a resumed self-suspended thread executes its Suspend again */
    test_ok(seL4_TCB_Resume(c->tcb));
    TAKE_NOTHING(ep);
    TRY(read_regs(c, &r));
    test_eq(r.r12, 0x15a);
    test_eq(r.rip, rip);
    return CONF_PASS;
}

CONF_TEST(SPAWN0003, "a finished child started again with WriteRegisters (resume) runs child_main again; its .data kept its values")
{
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_EXIT, 7));
    conf_settle();
    seL4_UserContext r;
    TRY(read_regs(c, &r));
    test_eq(r.r12, 0x107);
    conf_child_regs(c, CHILD_ARG(CHILD_EXIT, 9), &r);
    test_ok(seL4_TCB_WriteRegisters(c->tcb, true, 0, CONF_NUM_REGS, &r));
    conf_settle();
    TRY(read_regs(c, &r));
    test_eq(r.r12, 0x209); /* second entry */
    return CONF_PASS;
}

CONF_TEST(SPAWN0004, "a child of higher priority than the root runs as soon as it is resumed")
{
    NEW_OBJECT(ntfn, seL4_NotificationObject, 0);
    test_ok(conf_set_root_prio(50));
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SIGNAL, 0),
          .caps = {CONF_CAP(ntfn, 0x4)}, .suspended = true);
    conf_settle();
    test_eq(conf_poll(ntfn), 0); /* configured, registers written, not resumed */
    test_ok(seL4_TCB_Resume(c->tcb));
    test_eq(conf_poll(ntfn), 0x4);
    return CONF_PASS;
}

CONF_TEST(SPAWN0005, "Suspend stops a running child process, Resume lets it go on")
{
    seL4_CPtr frame;
    volatile seL4_Word *counter;
    TRY(root_frame(0, &frame, &counter));
    /* the root's priority: every Yield of the root lets it loop once */
    SPAWN(c, CHILD_IMAGE, .prio = seL4_MaxPrio, .arg = CHILD_ARG(CHILD_SPIN, 0),
          .suspended = true);
    SHARE(copy, c, frame, CHILD_SHARED(0));
    test_ok(seL4_TCB_Resume(c->tcb));
    yields(4);
    seL4_Word n1 = *counter;
    test_gt(n1, 0);
    test_ok(seL4_TCB_Suspend(c->tcb));
    seL4_Word n2 = *counter;
    yields(4);
    test_eq(*counter, n2);
    test_ok(seL4_TCB_Resume(c->tcb));
    yields(4);
    test_gt(*counter, n2);
    return CONF_PASS;
}

CONF_TEST(SPAWN0006, "deleting the root's TCB cap leaves the child running (its slot 1 holds one); deleting that last cap stops it")
{
    seL4_CPtr frame;
    volatile seL4_Word *counter;
    TRY(root_frame(0, &frame, &counter));
    SPAWN(c, CHILD_IMAGE, .prio = seL4_MaxPrio, .arg = CHILD_ARG(CHILD_SPIN, 0),
          .suspended = true);
    SHARE(copy, c, frame, CHILD_SHARED(0));
    test_ok(seL4_TCB_Resume(c->tcb));
    yields(4);
    seL4_Word n1 = *counter;
    test_gt(n1, 0);
    test_ok(root_delete(c->tcb));
    yields(4);
    seL4_Word n2 = *counter;
    test_gt(n2, n1);
    test_cap_at(c->cnode, CONF_CHILD_SLOT_TCB, seL4_WordBits, CAP_TCB);
    test_ok(seL4_CNode_Delete(c->cnode, CONF_CHILD_SLOT_TCB, seL4_WordBits));
    seL4_Word n3 = *counter;
    yields(4);
    test_eq(*counter, n3);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* IPC with the root and between children                                   */

CONF_TEST(SPAWN0007, "a child Calls the root with 5 words (one via its IPC buffer) and gets a 6-word reply with label and words intact")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_CALL, 0),
          .caps = {CONF_CAP(ep, 0x21)});
    TAKE(ep, 0x21, CHILD_LABEL_CALL, CHILD_CALL_WORDS);
    for (seL4_Word i = 0; i < CHILD_CALL_WORDS; i++) {
        test_mr(i, CHILD_CALL_WORD(i));
    }
    for (seL4_Word i = 0; i < 6; i++) {
        seL4_SetMR((int)i, 0x7e57000000000000ul + i);
    }
    seL4_Reply(seL4_MessageInfo_new(0x88, 0, 0, 6));
    TAKE(ep, 0x21, CHILD_LABEL_REPORT, 2 + 6);
    test_mr(0, 0x88);
    test_mr(1, 6);
    for (seL4_Word i = 0; i < 6; i++) {
        test_mr(2 + i, 0x7e57000000000000ul + i);
    }
    return CONF_PASS;
}

CONF_TEST(SPAWN0008, "two children on one endpoint are told apart by the badges of their caps")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    SPAWN(a, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SEND_ID, 1),
          .caps = {CONF_CAP(ep, 0xa1)});
    SPAWN(b, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SEND_ID, 2),
          .caps = {CONF_CAP(ep, 0xb2)});
    /* (the order they send in is SPAWN0021's subject, not this test's) */
    bool seen_a = false, seen_b = false;
    for (int i = 0; i < 2; i++) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
        conf_ctx("message %d, badge 0x%lx", i, badge);
        test_eq(seL4_MessageInfo_get_label(info), CHILD_LABEL_ID);
        test_eq(seL4_MessageInfo_get_length(info), 1);
        if (badge == 0xa1) {
            test_assert(!seen_a);
            test_mr(0, 1);
            seen_a = true;
        } else {
            test_eq(badge, 0xb2);
            test_assert(!seen_b);
            test_mr(0, 2);
            seen_b = true;
        }
    }
    conf_ctx("end");
    TAKE_NOTHING(ep);
    return CONF_PASS;
}

CONF_TEST(SPAWN0009, "a frame mapped in the root and in a child shares its bytes both ways")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    seL4_CPtr frame;
    volatile seL4_Word *w;
    TRY(root_frame(0, &frame, &w));
    w[0] = 0x0123456789abcdeful;
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SHARE, 0),
          .caps = {CONF_CAP(ep, 0x51)}, .suspended = true);
    SHARE(copy, c, frame, CHILD_SHARED(0));
    test_ok(seL4_TCB_Resume(c->tcb));
    TAKE(ep, 0x51, CHILD_LABEL_SHARE, 1);
    test_mr(0, 0x0123456789abcdeful); /* the child read the root's word */
    test_eq(w[1], ~0x0123456789abcdeful); /* the root reads the child's */
    w[2] = 0xfeedfacecafebeeful;
    seL4_Reply(empty_msg());
    TAKE(ep, 0x51, CHILD_LABEL_SHARE2, 1);
    test_mr(0, 0xfeedfacecafebeeful);
    return CONF_PASS;
}

CONF_TEST(SPAWN0010, "two children ping-pong through the root, which holds their reply caps with SaveCaller; a shared counter sees both")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(report, seL4_EndpointObject, 0);
    NEW_SLOTS(reply, 2);
    const seL4_CPtr reply_a = reply, reply_b = reply + 1;
    seL4_CPtr frame;
    volatile seL4_Word *counter;
    TRY(root_frame(0, &frame, &counter));
    SPAWN(a, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_PING, ROUNDS),
          .caps = {CONF_CAP(ep, 0xa), CONF_CAP(report, 0xd)}, .suspended = true);
    SPAWN(b, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_PONG_CLIENT, 0),
          .caps = {CONF_CAP(ep, 0xb)}, .suspended = true);
    SHARE(copy_a, a, frame, CHILD_SHARED(0));
    SHARE(copy_b, b, frame, CHILD_SHARED(0));
    /* a first, until it waits for the root: a's ball comes before b's hello */
    test_ok(seL4_TCB_Resume(a->tcb));
    conf_settle();
    test_ok(seL4_TCB_Resume(b->tcb));

    /* a's first ball and b's hello; keep both reply caps */
    TAKE(ep, 0xa, CHILD_LABEL_PING, 1);
    test_mr(0, 0);
    test_ok(seL4_CNode_SaveCaller(ROOT, reply_a, seL4_WordBits));
    TAKE(ep, 0xb, CHILD_LABEL_PONG, 1);
    test_mr(0, 0);
    test_ok(seL4_CNode_SaveCaller(ROOT, reply_b, seL4_WordBits));
    for (seL4_Word i = 0; i < ROUNDS; i++) {
        seL4_Word ball = 2 * i;
        conf_ctx("round %lu", i);
        seL4_SetMR(0, ball);
        seL4_Send(reply_b, seL4_MessageInfo_new(0, 0, 0, 1)); /* a's ball to b */
        test_eq(seL4_DebugCapIdentify(reply_b), CAP_NULL);    /* used up */
        TAKE(ep, 0xb, CHILD_LABEL_PONG, 1);
        test_mr(0, ball + 1);
        test_ok(seL4_CNode_SaveCaller(ROOT, reply_b, seL4_WordBits));
        seL4_SetMR(0, ball + 1);
        seL4_Send(reply_a, seL4_MessageInfo_new(0, 0, 0, 1)); /* b's answer to a */
        if (i + 1 < ROUNDS) {
            TAKE(ep, 0xa, CHILD_LABEL_PING, 1);
            test_mr(0, ball + 2);
            test_ok(seL4_CNode_SaveCaller(ROOT, reply_a, seL4_WordBits));
        }
    }
    conf_ctx("end");
    TAKE(report, 0xd, CHILD_LABEL_PING_DONE, 3);
    test_mr(0, ROUNDS);
    test_mr(1, 0);
    test_mr(2, 2 * ROUNDS - 1);
    test_eq(*counter, 2 * ROUNDS);
    return CONF_PASS;
}

CONF_TEST(SPAWN0011, "two children ping-pong directly over an endpoint (Call / ReplyRecv) and count the rounds in a shared frame")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(report, seL4_EndpointObject, 0);
    seL4_CPtr frame;
    volatile seL4_Word *counter;
    TRY(root_frame(0, &frame, &counter));
    SPAWN(pong, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_PONG, 0),
          .caps = {CONF_CAP(ep, 0xb)}, .suspended = true);
    SPAWN(ping, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_PING, ROUNDS),
          .caps = {CONF_CAP(ep, 0xa), CONF_CAP(report, 0xd)}, .suspended = true);
    SHARE(copy_pong, pong, frame, CHILD_SHARED(0));
    SHARE(copy_ping, ping, frame, CHILD_SHARED(0));
    test_ok(seL4_TCB_Resume(pong->tcb));
    test_ok(seL4_TCB_Resume(ping->tcb));
    TAKE(report, 0xd, CHILD_LABEL_PING_DONE, 3);
    test_mr(0, ROUNDS);
    test_mr(1, 0);
    test_mr(2, 2 * ROUNDS - 1);
    test_eq(*counter, 2 * ROUNDS);
    return CONF_PASS;
}

CONF_TEST(SPAWN0012, "a child's seL4_DebugPutChar output reaches the console")
{
    NEW_OBJECT(ntfn, seL4_NotificationObject, 0);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_HELLO, 0),
          .caps = {CONF_CAP(ntfn, 0x12)});
    conf_settle();
    /* it signals after printing CHILD_HELLO_TEXT */
    test_eq(conf_poll(ntfn), 0x12);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* The child's CSpace and image                                              */

CONF_TEST(SPAWN0013, "the child's own CSpace: its TCB at slot 1, the given caps at 2 and 3, nothing else, the root's guard fails")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(ntfn, seL4_NotificationObject, 0);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_CSPACE, 0),
          .caps = {CONF_CAP(ep, 0x13), CONF_CAP(ntfn, 0)});
    TAKE(ep, 0x13, CHILD_LABEL_CSPACE, 8);
    test_mr(0, CAP_NULL);
    test_mr(1, CAP_TCB);
    test_mr(2, CAP_EP);
    test_mr(3, CAP_NTFN);
    test_mr(4, CAP_NULL);
    test_mr(5, CAP_NULL);
    test_mr(6, CAP_NULL);
    test_mr(7, CAP_NULL); /* CHILD_BAD_CPTR does not resolve */
    /* the same slots seen by the root through the child's CNode cap */
    test_cap_at(c->cnode, 1, seL4_WordBits, CAP_TCB);
    test_cap_at(c->cnode, 2, seL4_WordBits, CAP_EP);
    test_cap_at(c->cnode, 3, seL4_WordBits, CAP_NTFN);
    test_cap_at(c->cnode, 4, seL4_WordBits, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(SPAWN0014, "the loaded image: read-only data, .data, .bss zero, TLS (.tdata, .tbss), constructors, stack, IPC buffer, argument")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    const seL4_Word arg = CHILD_ARG(CHILD_INFO, 0x123456);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = arg, .caps = {CONF_CAP(ep, 0x14)});
    TAKE(ep, 0x14, CHILD_LABEL_INFO, CHILD_INFO_WORDS);
    test_mr(CHILD_INFO_RO, CHILD_RO_BYTE | CHILD_RO_BYTE << 8);
    test_mr(CHILD_INFO_DATA, CHILD_DATA_WORD);
    test_mr(CHILD_INFO_BSS_NONZERO, 0);
    test_mr(CHILD_INFO_TLS, CHILD_TLS_WORD);
    test_mr(CHILD_INFO_TBSS, 0);
    test_mr(CHILD_INFO_IPCBUF, CONF_CHILD_IPCBUF);
    test_mr(CHILD_INFO_ARG, arg);
    test_mr(CHILD_INFO_CTORS, 1);
    test_mr(CHILD_INFO_NAME, 0x646c696863ul); /* "child" */
    test_mr(CHILD_INFO_BOOTINFO, 0);
    seL4_Word sp = seL4_GetMR(CHILD_INFO_STACK);
    seL4_Word tls = seL4_GetMR(CHILD_INFO_TLS_ADDR);
    test_geq(sp, c->stack_bottom);
    test_lt(sp, CONF_CHILD_STACK_TOP);
    IN_IMAGE(c, tls);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Faults and authority                                                      */

CONF_TEST(SPAWN0015, "a child's read of an unmapped address: VMFault on its fault endpoint; the root maps a frame there, replies, the read gets it")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_TOUCH, 0),
          .fault_ep = CHILD_SLOT(1),
          .caps = {CONF_CAP(ep, 0x15), CONF_CAP(ep, FAULT_BADGE)});
    TAKE(ep, FAULT_BADGE, seL4_Fault_VMFault, seL4_VMFault_Length);
    seL4_Word ip = seL4_GetMR(seL4_VMFault_IP);
    test_mr(seL4_VMFault_Addr, CHILD_UNMAPPED + CHILD_TOUCH_OFFSET);
    test_mr(seL4_VMFault_PrefetchFault, 0);
    test_mr(seL4_VMFault_FSR, 0x4); /* user, read, not present */
    IN_IMAGE(c, ip);
    seL4_UserContext r;
    TRY(read_regs(c, &r));
    test_eq(r.rip, ip);

    seL4_CPtr frame;
    volatile seL4_Word *w;
    TRY(root_frame(0, &frame, &w));
    w[CHILD_TOUCH_OFFSET / sizeof(seL4_Word)] = 0x600df00dul;
    SHARE(copy, c, frame, CHILD_UNMAPPED);
    seL4_Reply(empty_msg());
    TAKE(ep, 0x15, CHILD_LABEL_TOUCHED, 1);
    test_mr(0, 0x600df00dul);
    return CONF_PASS;
}

/* As take, for a child at the root's own priority: the root yields to it
 * (round robin) until the message is there, at most `turns` times. A child
 * that never enters the kernel again then costs a timeslice per turn instead
 * of stalling the suite, as it would under conf_settle. */
static int take_yielding(const char *file, int line, seL4_CPtr ep, seL4_Word badge,
                         seL4_Word label, seL4_Word length, int turns)
{
    seL4_Word got = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &got);
    for (int i = 0; i < turns && !got; i++) {
        seL4_Yield();
        info = seL4_NBRecv(ep, &got);
    }
    if (got != badge || seL4_MessageInfo_get_label(info) != label ||
        seL4_MessageInfo_get_length(info) != length) {
        return conf_fail(file, line,
                         "after %d turns: expected badge 0x%lx label 0x%lx length %lu, "
                         "got badge 0x%lx label 0x%lx length %lu", turns, badge, label,
                         length, got, seL4_MessageInfo_get_label(info),
                         seL4_MessageInfo_get_length(info));
    }
    return CONF_PASS;
}
#define TAKE_YIELDING(ep, badge, label, length)                               \
    TRY(take_yielding(__FILE__, __LINE__, (ep), (badge), (label), (length), 20))

CONF_TEST(SPAWN0016, "a store to the child's read-only data is a VMFault with FSR 7; a reply restarts the store, which faults again")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    /* at the root's priority: see take_yielding */
    SPAWN(c, CHILD_IMAGE, .prio = seL4_MaxPrio, .arg = CHILD_ARG(CHILD_WRITE_RO, 0),
          .fault_ep = CHILD_SLOT(1),
          .caps = {CONF_CAP(ep, 0x16), CONF_CAP(ep, FAULT_BADGE)});
    TAKE_YIELDING(ep, 0x16, CHILD_LABEL_RO_ADDR, 1);
    seL4_Word addr = seL4_GetMR(0);
    IN_IMAGE(c, addr);
    seL4_Reply(empty_msg());
    TAKE_YIELDING(ep, FAULT_BADGE, seL4_Fault_VMFault, seL4_VMFault_Length);
    seL4_Word ip = seL4_GetMR(seL4_VMFault_IP);
    test_mr(seL4_VMFault_Addr, addr);
    test_mr(seL4_VMFault_PrefetchFault, 0);
    test_mr(seL4_VMFault_FSR, 0x7); /* user, write, present */
    IN_IMAGE(c, ip);
    seL4_Reply(empty_msg());
    TAKE_YIELDING(ep, FAULT_BADGE, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_IP, ip);
    test_mr(seL4_VMFault_Addr, addr);
    test_mr(seL4_VMFault_FSR, 0x7);
    return CONF_PASS;
}


CONF_TEST(SPAWN0017, "a child cannot use caps it was not given: a Call on an empty slot is InvalidCapability 0; the root's cptr is a guard-mismatch cap fault")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(ntfn, seL4_NotificationObject, 0);
    /* a slot number of the root's CSpace beyond the child's 16 slots */
    test_geq(ntfn, 1ul << CONF_CHILD_CNODE_BITS);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_NO_CAP, ntfn),
          .fault_ep = CHILD_SLOT(1),
          .caps = {CONF_CAP(ep, 0x17), CONF_CAP(ep, FAULT_BADGE)});
    TAKE(ep, 0x17, CHILD_LABEL_NOCAP, 3);
    test_mr(0, seL4_InvalidCapability);
    test_mr(1, 1);
    test_mr(2, 0);
    TAKE(ep, FAULT_BADGE, seL4_Fault_CapFault, 7);
    IN_IMAGE(c, seL4_GetMR(seL4_CapFault_IP));
    test_mr(seL4_CapFault_Addr, ntfn);
    test_mr(seL4_CapFault_InRecvPhase, 0);
    test_mr(seL4_CapFault_LookupFailureType, seL4_GuardMismatch);
    test_mr(seL4_CapFault_BitsLeft, 64);
    test_mr(seL4_CapFault_GuardMismatch_GuardFound, 0);
    test_mr(seL4_CapFault_GuardMismatch_BitsFound, 64 - CONF_CHILD_CNODE_BITS);
    test_eq(conf_poll(ntfn), 0);
    return CONF_PASS;
}

CONF_TEST(SPAWN0018, "a child's Recv on an empty slot is a cap fault in the receive phase (MissingCapability, 0 bits left), again after a reply")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_RECV_EMPTY, 0),
          .fault_ep = CHILD_SLOT(0), .caps = {CONF_CAP(ep, FAULT_BADGE)});
    TAKE(ep, FAULT_BADGE, seL4_Fault_CapFault, 5);
    seL4_Word ip = seL4_GetMR(seL4_CapFault_IP);
    IN_IMAGE(c, ip);
    test_mr(seL4_CapFault_Addr, CHILD_EMPTY_SLOT);
    test_mr(seL4_CapFault_InRecvPhase, 1);
    test_mr(seL4_CapFault_LookupFailureType, seL4_MissingCapability);
    test_mr(seL4_CapFault_BitsLeft, 0);
    seL4_Reply(empty_msg());
    TAKE(ep, FAULT_BADGE, seL4_Fault_CapFault, 5);
    test_mr(seL4_CapFault_IP, ip);
    test_mr(seL4_CapFault_Addr, CHILD_EMPTY_SLOT);
    return CONF_PASS;
}

CONF_TEST(SPAWN0019, "revoking a frame unmaps the copy mapped in the child: its next read is a VMFault; a new frame there lets it go on")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    seL4_CPtr frame, frame2;
    volatile seL4_Word *w, *w2;
    TRY(root_frame(0, &frame, &w));
    TRY(root_frame(0x1000, &frame2, &w2));
    w[0] = 0x1111;
    w2[0] = 0x2222;
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_READ_TWICE, 0),
          .fault_ep = CHILD_SLOT(1),
          .caps = {CONF_CAP(ep, 0x19), CONF_CAP(ep, FAULT_BADGE)}, .suspended = true);
    SHARE(copy, c, frame, CHILD_SHARED(0));
    test_ok(seL4_TCB_Resume(c->tcb));
    TAKE(ep, 0x19, CHILD_LABEL_READ1, 1);
    test_mr(0, 0x1111);
    test_ok(root_revoke(frame));
    test_eq(seL4_DebugCapIdentify(copy), CAP_NULL);
    test_eq(w[0], 0x1111); /* the root's own mapping stays */
    seL4_Reply(empty_msg());
    TAKE(ep, FAULT_BADGE, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_Addr, CHILD_SHARED(0));
    test_mr(seL4_VMFault_PrefetchFault, 0);
    test_mr(seL4_VMFault_FSR, 0x4);
    SHARE(copy2, c, frame2, CHILD_SHARED(0));
    seL4_Reply(empty_msg());
    TAKE(ep, 0x19, CHILD_LABEL_READ2, 1);
    test_mr(0, 0x2222);
    return CONF_PASS;
}

CONF_TEST(SPAWN0020, "a child's fault with no fault endpoint stops only that child; the root and a second child go on")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(ntfn, seL4_NotificationObject, 0);
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_TOUCH, 0),
          .caps = {CONF_CAP(ep, 0x20)});
    TAKE_NOTHING(ep); /* double fault: reported on the console, thread Inactive */
    seL4_UserContext r;
    TRY(read_regs(c, &r));
    IN_IMAGE(c, r.rip);
    SPAWN(d, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SIGNAL, 0),
          .caps = {CONF_CAP(ntfn, 0x21)});
    conf_settle();
    test_eq(conf_poll(ntfn), 0x21);
    TAKE_NOTHING(ep);
    return CONF_PASS;
}

CONF_TEST(SPAWN0021, "children resumed one after another at one priority run last-resumed first (restart puts a thread at its queue's head)")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    SPAWN(a, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SEND_ID, 1),
          .caps = {CONF_CAP(ep, 0xa1)});
    SPAWN(b, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SEND_ID, 2),
          .caps = {CONF_CAP(ep, 0xb2)});
    SPAWN(c, CHILD_IMAGE, .prio = PRIO, .arg = CHILD_ARG(CHILD_SEND_ID, 3),
          .caps = {CONF_CAP(ep, 0xc3)});
    /* restart() enqueues with tcbSchedEnqueue, at the head of the priority's
     * ready queue: c, b, a. The root outranks them, so they run when it
     * settles, in that order, each until it blocks in its Send, and the
     * endpoint's send queue keeps the order. */
    TAKE(ep, 0xc3, CHILD_LABEL_ID, 1);
    test_mr(0, 3);
    TAKE(ep, 0xb2, CHILD_LABEL_ID, 1);
    test_mr(0, 2);
    TAKE(ep, 0xa1, CHILD_LABEL_ID, 1);
    test_mr(0, 1);
    return CONF_PASS;
}
