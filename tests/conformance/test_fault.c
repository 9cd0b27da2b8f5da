/*
 * FAULT: fault delivery (kernel src/kernel/faulthandler.c: handleFault,
 * sendFaultIPC, handleDoubleFault; src/api/faults.c: setMRs_fault,
 * handleFaultReply; src/api/syscall.c: handleInvocation, handleRecv,
 * handleUnknownSyscall; src/arch/x86/c_traps.c: exceptions; x86 vspace.c
 * handleVMFault) with the x86_64 message layouts of SEL4-FACTS (g). In the
 * spirit of sel4test's PAGEFAULT / fault tests.
 *
 * Facts the tests lean on:
 *  - non-MCS: the fault endpoint is a cptr in the faulting thread's CSpace,
 *    looked up at fault time; it must be an endpoint cap with Write and
 *    (Grant or GrantReply), else (or if the lookup fails) the fault is a
 *    double fault: reported on the console, the thread left Inactive;
 *  - the fault is sent as a Call (the handler gets a reply cap), with the
 *    badge of the fault endpoint cap;
 *  - reply: CapFault and VMFault always restart the thread at FaultIP (so the
 *    faulting system call or instruction is executed again); UnknownSyscall
 *    and UserException write the reply's first min(length, 18 / 3) words
 *    back into the registers, then restart only if the label is 0;
 *  - UserException: FaultIP is the faulting instruction for faults (#UD,
 *    #DE), the next instruction for the int3 trap; Number = the vector,
 *    Code = the CPU error code (0 here);
 *  - UnknownSyscall FaultIP is the `syscall` instruction (NextIP - 2): a
 *    handler that wants the thread to continue past it adds 2.
 * The IP of a cap fault or unknown syscall in API mode is the emulator's
 * call site, so those tests compare it with ReadRegisters rather than with
 * a fixed address. Faults that end in a double fault use a fixed rip, so the
 * kernel's report is the same on every run.
 */
#include "framework.h"

/* ------------------------------------------------------------------------ */
/* Faulting instructions                                                     */

volatile seL4_Word conf_fault_sp;    /* rsp at the faulting instruction */
volatile seL4_Word conf_fault_flags; /* rflags just before it */

seL4_Word conf_fault_ud2(void);
seL4_Word conf_fault_int3(void);
seL4_Word conf_fault_div0(void);
seL4_Word conf_fault_read(seL4_Word addr);
void conf_fault_write(seL4_Word addr, seL4_Word value);
seL4_Word conf_fault_exec(seL4_Word target);
extern char conf_fault_ud2_insn[], conf_fault_ud2_after[];
extern char conf_fault_resume_flags[], conf_fault_resume_sp[];
extern char conf_fault_int3_insn[], conf_fault_int3_after[];
extern char conf_fault_div0_insn[], conf_fault_div0_after[];
extern char conf_fault_read_insn[], conf_fault_read_after[];
extern char conf_fault_write_insn[];
extern char conf_fault_exec_after[];

__asm__(
    "    .pushsection .text\n"
    /* ud2: #UD (vector 6) at conf_fault_ud2_insn. Resumed at
     * conf_fault_ud2_after it returns 0x600d; at conf_fault_resume_flags it
     * returns its rflags; at conf_fault_resume_sp it returns its rsp and goes
     * back to the rsp it had at the fault. */
    "    .globl conf_fault_ud2\n"
    "    .type conf_fault_ud2, @function\n"
    "conf_fault_ud2:\n"
    "    movq %rsp, conf_fault_sp(%rip)\n"
    "    pushfq\n"
    "    popq %rax\n"
    "    movq %rax, conf_fault_flags(%rip)\n"
    "    movq $0xbad, %rax\n"
    "    .globl conf_fault_ud2_insn\n"
    "conf_fault_ud2_insn:\n"
    "    ud2\n"
    "    .globl conf_fault_ud2_after\n"
    "conf_fault_ud2_after:\n"
    "    movq $0x600d, %rax\n"
    "    ret\n"
    "    .globl conf_fault_resume_flags\n"
    "conf_fault_resume_flags:\n"
    "    pushfq\n"
    "    popq %rax\n"
    "    ret\n"
    "    .globl conf_fault_resume_sp\n"
    "conf_fault_resume_sp:\n"
    "    movq %rsp, %rax\n"
    "    movq conf_fault_sp(%rip), %rsp\n"
    "    ret\n"
    "    .size conf_fault_ud2, .-conf_fault_ud2\n"
    /* int3: #BP (vector 3), a trap: reported after the instruction */
    "    .globl conf_fault_int3\n"
    "    .type conf_fault_int3, @function\n"
    "conf_fault_int3:\n"
    "    movq %rsp, conf_fault_sp(%rip)\n"
    "    movq $0xbad, %rax\n"
    "    .globl conf_fault_int3_insn\n"
    "conf_fault_int3_insn:\n"
    "    int3\n"
    "    .globl conf_fault_int3_after\n"
    "conf_fault_int3_after:\n"
    "    movq $0x600d, %rax\n"
    "    ret\n"
    "    .size conf_fault_int3, .-conf_fault_int3\n"
    /* 1 / 0: #DE (vector 0) at the div */
    "    .globl conf_fault_div0\n"
    "    .type conf_fault_div0, @function\n"
    "conf_fault_div0:\n"
    "    movq %rsp, conf_fault_sp(%rip)\n"
    "    xorl %ecx, %ecx\n"
    "    movl $1, %eax\n"
    "    xorl %edx, %edx\n"
    "    .globl conf_fault_div0_insn\n"
    "conf_fault_div0_insn:\n"
    "    divl %ecx\n"
    "    .globl conf_fault_div0_after\n"
    "conf_fault_div0_after:\n"
    "    movq $0x600d, %rax\n"
    "    ret\n"
    "    .size conf_fault_div0, .-conf_fault_div0\n"
    /* a load from rdi; rax is 0xbad while it faults */
    "    .globl conf_fault_read\n"
    "    .type conf_fault_read, @function\n"
    "conf_fault_read:\n"
    "    movq $0xbad, %rax\n"
    "    .globl conf_fault_read_insn\n"
    "conf_fault_read_insn:\n"
    "    movq (%rdi), %rax\n"
    "    .globl conf_fault_read_after\n"
    "conf_fault_read_after:\n"
    "    ret\n"
    "    .size conf_fault_read, .-conf_fault_read\n"
    /* a store of rsi to rdi */
    "    .globl conf_fault_write\n"
    "    .type conf_fault_write, @function\n"
    "conf_fault_write:\n"
    "    .globl conf_fault_write_insn\n"
    "conf_fault_write_insn:\n"
    "    movq %rsi, (%rdi)\n"
    "    ret\n"
    "    .size conf_fault_write, .-conf_fault_write\n"
    /* a call to rdi */
    "    .globl conf_fault_exec\n"
    "    .type conf_fault_exec, @function\n"
    "conf_fault_exec:\n"
    "    movq $0xbad, %rax\n"
    "    call *%rdi\n"
    "    .globl conf_fault_exec_after\n"
    "conf_fault_exec_after:\n"
    "    ret\n"
    "    .size conf_fault_exec, .-conf_fault_exec\n"
    "    .popsection\n");

/* A cptr that does not resolve in the root CNode: its top 51 bits must match
 * the CNode's guard of 51 zero bits (guard mismatch, 64 bits left). */
#define BAD_CPTR (((seL4_Word)1 << 63) | 0x5)
#define BAD_CPTR2 (((seL4_Word)1 << 62) | 0x7)
/* The unknown system call number used below (not a debug call, not
 * SetTLSBase -29, outside [-8, -1]). */
#define UNKNOWN_SYSCALL ((seL4_Word)-100)

static struct {
    volatile seL4_Word ret;
    volatile seL4_Word flag;
    volatile seL4_Word badge;
    volatile seL4_Word out[6];
} sh;

static void reset_shared(void)
{
    conf_memzero(&sh, sizeof(sh));
}

/* A thread at priority 100 whose fault endpoint is a mint of ep with the
 * given rights and badge. */
static struct conf_thread *faulter(seL4_CPtr ep, seL4_CapRights_t rights,
                                   seL4_Word badge)
{
    struct conf_thread *t = conf_thread_new(100);
    if (!t) {
        return NULL;
    }
    seL4_CPtr fep = conf_alloc_slots(1);
    if (!fep || root_mint(fep, ep, rights, badge) != seL4_NoError ||
        conf_thread_set_fault_ep(t, fep) != seL4_NoError) {
        return NULL;
    }
    return t;
}

#define NEW_FAULTER(var, ep, rights, badge)                                   \
    struct conf_thread *var = faulter(ep, rights, badge);                     \
    if (!(var)) {                                                             \
        test_fail("env: cannot set up a faulting thread: %s", conf_env_error()); \
    }

/* Let the others run, then take the fault message waiting on ep: label,
 * length and badge as expected. */
static int take_fault(const char *file, int line, seL4_CPtr ep, seL4_Word badge,
                      seL4_Word label, seL4_Word length)
{
    seL4_Word got = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &got);
    if (got != badge) {
        return conf_fail(file, line, "fault message badge: expected 0x%lx, got 0x%lx",
                         badge, got);
    }
    if (seL4_MessageInfo_get_label(info) != label ||
        seL4_MessageInfo_get_length(info) != length ||
        seL4_MessageInfo_get_extraCaps(info) != 0 ||
        seL4_MessageInfo_get_capsUnwrapped(info) != 0) {
        return conf_fail(file, line,
                         "fault message: expected label %lu length %lu, got label %lu "
                         "length %lu extraCaps %lu capsUnwrapped %lu",
                         label, length, seL4_MessageInfo_get_label(info),
                         seL4_MessageInfo_get_length(info),
                         seL4_MessageInfo_get_extraCaps(info),
                         seL4_MessageInfo_get_capsUnwrapped(info));
    }
    return CONF_PASS;
}
#define TAKE_FAULT(ep, badge, label, length)                                  \
    TRY(take_fault(__FILE__, __LINE__, (ep), (badge), (label), (length)))

/* Reply to a user exception: resume at ip with sp and flags. */
static void reply_exception(seL4_Word label, seL4_Word ip, seL4_Word sp, seL4_Word flags)
{
    seL4_SetMR(seL4_UserException_FaultIP, ip);
    seL4_SetMR(seL4_UserException_SP, sp);
    seL4_SetMR(seL4_UserException_FLAGS, flags);
    seL4_Reply(seL4_MessageInfo_new(label, 0, 0, 3));
}

/* ------------------------------------------------------------------------ */
/* Cap faults                                                                */

static int send_bad_fn(seL4_Word cptr, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Send(cptr, seL4_MessageInfo_new(0, 0, 0, 0));
    sh.flag = 1;
    return CONF_PASS;
}

CONF_TEST(FAULT0001, "cap fault, send phase: Send on a cptr that does not resolve; full message, badge of the fault endpoint cap")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0xfa);
    START(t, send_bad_fn, BAD_CPTR, 0, 0, 0);
    TAKE_FAULT(ep, 0xfa, seL4_Fault_CapFault, 7);
    seL4_Word ip = seL4_GetMR(seL4_CapFault_IP);
    test_mr(seL4_CapFault_Addr, BAD_CPTR);
    test_mr(seL4_CapFault_InRecvPhase, 0);
    test_mr(seL4_CapFault_LookupFailureType, seL4_GuardMismatch);
    test_mr(seL4_CapFault_BitsLeft, 64);
    test_mr(seL4_CapFault_GuardMismatch_GuardFound, 0);
    test_mr(seL4_CapFault_GuardMismatch_BitsFound, 51);
    /* the IP is the thread's restart PC, as ReadRegisters shows it */
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_neq(ip, 0);
    test_eq(r.rip, ip);
    test_eq(r.rdi, BAD_CPTR);
    test_eq(sh.flag, 0);
    return CONF_PASS;
}

CONF_TEST(FAULT0002, "a reply to a cap fault (whatever its label) restarts the system call: the same fault arrives again")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x2);
    START(t, send_bad_fn, BAD_CPTR, 0, 0, 0);
    TAKE_FAULT(ep, 0x2, seL4_Fault_CapFault, 7);
    seL4_Word ip = seL4_GetMR(seL4_CapFault_IP);
    seL4_SetMR(0, 0x1234);
    seL4_Reply(seL4_MessageInfo_new(5, 0, 0, 1));
    TAKE_FAULT(ep, 0x2, seL4_Fault_CapFault, 7);
    test_mr(seL4_CapFault_IP, ip);
    test_mr(seL4_CapFault_Addr, BAD_CPTR);
    test_mr(seL4_CapFault_InRecvPhase, 0);
    test_eq(sh.flag, 0);
    test_eq(t->started, 1);
    return CONF_PASS;
}

static int nbsend_then_call_fn(seL4_Word bad, seL4_Word bad2, seL4_Word a2, seL4_Word a3)
{
    seL4_NBSend(bad, seL4_MessageInfo_new(0, 0, 0, 0));
    sh.flag = 1;
    seL4_Call(bad2, seL4_MessageInfo_new(0, 0, 0, 0));
    sh.flag = 2;
    return CONF_PASS;
}

CONF_TEST(FAULT0003, "NBSend on an unresolvable cptr does not fault (the thread goes on); Call on one does")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x3);
    START(t, nbsend_then_call_fn, BAD_CPTR, BAD_CPTR2, 0, 0);
    TAKE_FAULT(ep, 0x3, seL4_Fault_CapFault, 7);
    test_eq(sh.flag, 1);
    test_mr(seL4_CapFault_Addr, BAD_CPTR2);
    test_mr(seL4_CapFault_InRecvPhase, 0);
    test_mr(seL4_CapFault_LookupFailureType, seL4_GuardMismatch);
    test_mr(seL4_CapFault_BitsLeft, 64);
    test_mr(seL4_CapFault_GuardMismatch_BitsFound, 51);
    return CONF_PASS;
}

static int recv_slot_fn(seL4_Word src, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    seL4_Recv(src, &badge);
    sh.badge = badge;
    sh.flag = 1;
    return CONF_PASS;
}

CONF_TEST(FAULT0004, "cap fault, receive phase: Recv on an empty slot; once the handler fills the slot and replies, the Recv completes")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 2);
    seL4_CPtr empty = s, bn = s + 1;
    test_ok(root_mint(bn, n, seL4_AllRights, 0x44));
    NEW_FAULTER(t, ep, seL4_AllRights, 0x4);
    START(t, recv_slot_fn, empty, 0, 0, 0);
    /* lookupCap found the slot; the null cap in it cannot receive:
     * missing_capability with 0 bits left */
    TAKE_FAULT(ep, 0x4, seL4_Fault_CapFault, 5);
    test_mr(seL4_CapFault_Addr, empty);
    test_mr(seL4_CapFault_InRecvPhase, 1);
    test_mr(seL4_CapFault_LookupFailureType, seL4_MissingCapability);
    test_mr(seL4_CapFault_BitsLeft, 0);

    test_ok(root_copy(empty, n, seL4_AllRights));
    seL4_Signal(bn);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    JOIN(t);
    test_eq(sh.flag, 1);
    test_eq(sh.badge, 0x44);
    return CONF_PASS;
}

CONF_TEST(FAULT0005, "Recv through a cap that cannot receive (endpoint or notification without Read, a TCB cap) is a receive-phase cap fault")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(other, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    NEW_SLOTS(s, 2);
    test_ok(root_copy(s, other, seL4_CapRights_new(1, 1, 0, 1)));
    test_ok(root_copy(s + 1, n, seL4_CanWrite));
    const seL4_CPtr caps[3] = {s, s + 1, tcb};
    for (seL4_Word i = 0; i < 3; i++) {
        reset_shared();
        conf_ctx("cap %lu", i);
        struct conf_thread *t = faulter(ep, seL4_AllRights, 0x50 + i);
        if (!t) {
            test_fail("env: %s", conf_env_error());
        }
        START(t, recv_slot_fn, caps[i], 0, 0, 0);
        TAKE_FAULT(ep, 0x50 + i, seL4_Fault_CapFault, 5);
        test_mr(seL4_CapFault_Addr, caps[i]);
        test_mr(seL4_CapFault_InRecvPhase, 1);
        test_mr(seL4_CapFault_LookupFailureType, seL4_MissingCapability);
        test_mr(seL4_CapFault_BitsLeft, 0);
        test_eq(sh.flag, 0);
    }
    return CONF_PASS;
}

CONF_TEST(FAULT0006, "Wait on a notification bound to another TCB is a receive-phase cap fault")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(owner, seL4_TCBObject, 0);
    test_ok(seL4_TCB_BindNotification(owner, n));
    NEW_FAULTER(t, ep, seL4_AllRights, 0x6);
    START(t, recv_slot_fn, n, 0, 0, 0);
    TAKE_FAULT(ep, 0x6, seL4_Fault_CapFault, 5);
    test_mr(seL4_CapFault_Addr, n);
    test_mr(seL4_CapFault_InRecvPhase, 1);
    test_mr(seL4_CapFault_LookupFailureType, seL4_MissingCapability);
    test_mr(seL4_CapFault_BitsLeft, 0);
    return CONF_PASS;
}

static int bad_extra_cap_fn(seL4_Word dest, seL4_Word bad, seL4_Word a2, seL4_Word a3)
{
    seL4_SetCap(0, bad);
    seL4_NBSend(dest, seL4_MessageInfo_new(0, 0, 1, 0));
    sh.flag = 1;
    seL4_SetCap(0, bad);
    seL4_Send(dest, seL4_MessageInfo_new(0, 0, 1, 0));
    sh.flag = 2;
    return CONF_PASS;
}

CONF_TEST(FAULT0007, "an extra cap that does not resolve: NBSend is dropped silently, Send is a send-phase cap fault on that cptr")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(dest, seL4_EndpointObject, 0);
    NEW_SLOT(bd);
    test_ok(root_mint(bd, dest, seL4_AllRights, 0x70));
    NEW_FAULTER(t, ep, seL4_AllRights, 0x7);
    START(t, bad_extra_cap_fn, bd, BAD_CPTR, 0, 0);
    TAKE_FAULT(ep, 0x7, seL4_Fault_CapFault, 7);
    test_eq(sh.flag, 1);
    test_mr(seL4_CapFault_Addr, BAD_CPTR);
    test_mr(seL4_CapFault_InRecvPhase, 0);
    test_mr(seL4_CapFault_LookupFailureType, seL4_GuardMismatch);
    test_mr(seL4_CapFault_BitsLeft, 64);
    test_mr(seL4_CapFault_GuardMismatch_BitsFound, 51);
    /* nothing reached the destination */
    seL4_Word badge = 0;
    seL4_NBRecv(dest, &badge);
    test_eq(badge, 0);
    return CONF_PASS;
}

CONF_TEST(FAULT0008, "deleting a notification restarts its waiter: the repeated Wait on the emptied slot is a receive-phase cap fault")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x8);
    START(t, recv_slot_fn, n, 0, 0, 0);
    conf_settle();
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);
    /* cancelAllSignals: Restart */
    test_ok(root_delete(n));
    TAKE_FAULT(ep, 0x8, seL4_Fault_CapFault, 5);
    test_mr(seL4_CapFault_Addr, n);
    test_mr(seL4_CapFault_InRecvPhase, 1);
    test_mr(seL4_CapFault_LookupFailureType, seL4_MissingCapability);
    test_mr(seL4_CapFault_BitsLeft, 0);
    test_eq(sh.flag, 0);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* User exceptions                                                           */

static int ud2_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.ret = conf_fault_ud2();
    return CONF_PASS;
}

static int int3_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.ret = conf_fault_int3();
    return CONF_PASS;
}

static int div0_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.ret = conf_fault_div0();
    return CONF_PASS;
}

CONF_TEST(FAULT0009, "ud2: UserException, FaultIP = the ud2, SP and FLAGS as at the fault, Number 6, Code 0; reply past it")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x9);
    START(t, ud2_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x9, seL4_Fault_UserException, seL4_UserException_Length);
    test_mr(seL4_UserException_FaultIP, (seL4_Word)conf_fault_ud2_insn);
    test_mr(seL4_UserException_SP, conf_fault_sp);
    test_mr(seL4_UserException_Number, 6);
    test_mr(seL4_UserException_Code, 0);
    seL4_Word sp = seL4_GetMR(seL4_UserException_SP);
    seL4_Word flags = seL4_GetMR(seL4_UserException_FLAGS);
    /* the resume flag (bit 16) may differ (sel4test ignores it too) */
    test_eq((flags ^ conf_fault_flags) & ~(seL4_Word)0x10000, 0);
    test_eq(flags & CONF_FLAGS_USER_DEFAULT, CONF_FLAGS_USER_DEFAULT);
    test_geq(sp, t->stack_base);
    test_lt(sp, t->stack_top);
    reply_exception(0, (seL4_Word)conf_fault_ud2_after, sp, flags);
    JOIN(t);
    test_eq(sh.ret, 0x600d);
    return CONF_PASS;
}

CONF_TEST(FAULT0010, "divide by zero: UserException Number 0 (#DE), FaultIP = the div, Code 0; reply past it")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x10);
    START(t, div0_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x10, seL4_Fault_UserException, seL4_UserException_Length);
    test_mr(seL4_UserException_FaultIP, (seL4_Word)conf_fault_div0_insn);
    test_mr(seL4_UserException_SP, conf_fault_sp);
    test_mr(seL4_UserException_Number, 0);
    test_mr(seL4_UserException_Code, 0);
    reply_exception(0, (seL4_Word)conf_fault_div0_after, seL4_GetMR(1), seL4_GetMR(2));
    JOIN(t);
    test_eq(sh.ret, 0x600d);
    return CONF_PASS;
}

CONF_TEST(FAULT0011, "int3: UserException Number 3, FaultIP after the int3 (a trap), Code 0; replying the same registers continues")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x11);
    START(t, int3_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x11, seL4_Fault_UserException, seL4_UserException_Length);
    test_mr(seL4_UserException_FaultIP, (seL4_Word)conf_fault_int3_after);
    test_eq((seL4_Word)conf_fault_int3_after, (seL4_Word)conf_fault_int3_insn + 1);
    test_mr(seL4_UserException_SP, conf_fault_sp);
    test_mr(seL4_UserException_Number, 3);
    test_mr(seL4_UserException_Code, 0);
    reply_exception(0, seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    JOIN(t);
    test_eq(sh.ret, 0x600d);
    return CONF_PASS;
}

CONF_TEST(FAULT0012, "exception reply, label 0: the thread resumes at the FaultIP written, with the FLAGS written (CF set, TF refused)")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x12);
    START(t, ud2_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x12, seL4_Fault_UserException, seL4_UserException_Length);
    seL4_Word flags = seL4_GetMR(seL4_UserException_FLAGS);
    /* sanitiseRegister keeps CF, clears TF */
    reply_exception(0, (seL4_Word)conf_fault_resume_flags, seL4_GetMR(1),
                    (flags | 0x1 | 0x100) & ~(seL4_Word)0x10000);
    JOIN(t);
    test_eq(sh.ret & 0x1, 0x1);
    test_eq(sh.ret & 0x100, 0);
    test_eq(sh.ret & 0x200, 0x200);
    return CONF_PASS;
}

CONF_TEST(FAULT0013, "exception reply, label 0: the thread resumes with the SP written")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x13);
    START(t, ud2_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x13, seL4_Fault_UserException, seL4_UserException_Length);
    seL4_Word sp = seL4_GetMR(seL4_UserException_SP);
    reply_exception(0, (seL4_Word)conf_fault_resume_sp, sp - 0x40, seL4_GetMR(2));
    JOIN(t);
    test_eq(sh.ret, sp - 0x40);
    return CONF_PASS;
}

CONF_TEST(FAULT0014, "exception reply with a non-zero label: the thread stays Inactive; Resume re-executes the ud2 (a second fault)")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x14);
    START(t, ud2_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x14, seL4_Fault_UserException, seL4_UserException_Length);
    /* no words: no register written, no restart */
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 0));
    seL4_Word badge = 0;
    conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0);
    test_eq(t->finished, 0);

    test_ok(seL4_TCB_Resume(t->tcb));
    TAKE_FAULT(ep, 0x14, seL4_Fault_UserException, seL4_UserException_Length);
    test_mr(seL4_UserException_FaultIP, (seL4_Word)conf_fault_ud2_insn);
    test_mr(seL4_UserException_Number, 6);
    reply_exception(0, (seL4_Word)conf_fault_ud2_after, seL4_GetMR(1), seL4_GetMR(2));
    JOIN(t);
    test_eq(sh.ret, 0x600d);
    return CONF_PASS;
}

CONF_TEST(FAULT0015, "exception reply with a non-zero label still writes the registers: Resume continues at the FaultIP written")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x15);
    START(t, ud2_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x15, seL4_Fault_UserException, seL4_UserException_Length);
    reply_exception(2, (seL4_Word)conf_fault_ud2_after, seL4_GetMR(1), seL4_GetMR(2));
    conf_settle();
    test_eq(t->finished, 0);
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rip, (seL4_Word)conf_fault_ud2_after);
    test_ok(seL4_TCB_Resume(t->tcb));
    JOIN(t);
    test_eq(sh.ret, 0x600d);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* VM faults                                                                 */

static int read_fn(seL4_Word addr, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.ret = conf_fault_read(addr);
    return CONF_PASS;
}

static int write_fn(seL4_Word addr, seL4_Word value, seL4_Word a2, seL4_Word a3)
{
    conf_fault_write(addr, value);
    sh.flag = 1;
    return CONF_PASS;
}

static int exec_fn(seL4_Word target, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.ret = conf_fault_exec(target);
    return CONF_PASS;
}

CONF_TEST(FAULT0016, "VM fault on a read: IP = the load, Addr, PrefetchFault 0, FSR 4; the handler maps a frame, replies, the load reads it")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(frame, seL4_X86_4K, 0);
    const seL4_Word v = CONF_REGION_FREE + 0x3008;
    NEW_FAULTER(t, ep, seL4_AllRights, 0x16);
    START(t, read_fn, v, 0, 0, 0);
    TAKE_FAULT(ep, 0x16, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_IP, (seL4_Word)conf_fault_read_insn);
    test_mr(seL4_VMFault_Addr, v);
    test_mr(seL4_VMFault_PrefetchFault, 0);
    /* x86 page-fault error code: user mode, read, page not present */
    test_mr(seL4_VMFault_FSR, 0x4);
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rip, (seL4_Word)conf_fault_read_insn);
    test_eq(r.rax, 0xbad);
    test_eq(r.rdi, v);

    test_ok(conf_map_frame(frame, v & ~(seL4_Word)0xfff, seL4_AllRights));
    *(volatile seL4_Word *)v = 0x1234abcd;
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    JOIN(t);
    test_eq(sh.ret, 0x1234abcd);
    return CONF_PASS;
}

CONF_TEST(FAULT0017, "VM fault on a write: FSR 6; after the handler maps a frame and replies, the store lands in it")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(frame, seL4_X86_4K, 0);
    const seL4_Word v = CONF_REGION_FREE + 0x5010;
    NEW_FAULTER(t, ep, seL4_AllRights, 0x17);
    START(t, write_fn, v, 0x5678, 0, 0);
    TAKE_FAULT(ep, 0x17, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_IP, (seL4_Word)conf_fault_write_insn);
    test_mr(seL4_VMFault_Addr, v);
    test_mr(seL4_VMFault_PrefetchFault, 0);
    test_mr(seL4_VMFault_FSR, 0x6);
    test_ok(conf_map_frame(frame, v & ~(seL4_Word)0xfff, seL4_AllRights));
    test_eq(*(volatile seL4_Word *)v, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    JOIN(t);
    test_eq(sh.flag, 1);
    test_eq(*(volatile seL4_Word *)v, 0x5678);
    return CONF_PASS;
}

CONF_TEST(FAULT0018, "a VM fault reply restarts the access: with nothing mapped the same fault arrives again")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x18);
    START(t, read_fn, CONF_REGION_NEVER, 0, 0, 0);
    TAKE_FAULT(ep, 0x18, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_Addr, CONF_REGION_NEVER);
    seL4_Reply(seL4_MessageInfo_new(3, 0, 0, 0));
    TAKE_FAULT(ep, 0x18, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_IP, (seL4_Word)conf_fault_read_insn);
    test_mr(seL4_VMFault_Addr, CONF_REGION_NEVER);
    test_eq(t->finished, 0);
    return CONF_PASS;
}

CONF_TEST(FAULT0019, "VM fault: the handler writes rax and rip with WriteRegisters, then replies; the thread goes on from there")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x19);
    START(t, read_fn, CONF_REGION_NEVER, 0, 0, 0);
    TAKE_FAULT(ep, 0x19, seL4_Fault_VMFault, seL4_VMFault_Length);
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rax, 0xbad);
    r.rax = 0x600d;
    r.rip = (seL4_Word)conf_fault_read_after;
    test_ok(seL4_TCB_WriteRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    JOIN(t);
    test_eq(sh.ret, 0x600d);
    return CONF_PASS;
}

CONF_TEST(FAULT0020, "instruction fetch from an unmapped page: IP = Addr = the target; the handler returns the thread to its caller")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x20);
    START(t, exec_fn, CONF_REGION_NEVER, 0, 0, 0);
    TAKE_FAULT(ep, 0x20, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_IP, CONF_REGION_NEVER);
    test_mr(seL4_VMFault_Addr, CONF_REGION_NEVER);
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rip, CONF_REGION_NEVER);
    /* the call pushed its return address: same VSpace, the root reads it */
    test_eq(*(volatile seL4_Word *)r.rsp, (seL4_Word)conf_fault_exec_after);
    r.rip = (seL4_Word)conf_fault_exec_after;
    r.rsp += sizeof(seL4_Word);
    r.rax = 0x600d;
    test_ok(seL4_TCB_WriteRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    JOIN(t);
    test_eq(sh.ret, 0x600d);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Unknown system calls                                                      */

/* The x86_64 stub for two-way system calls, with a number seL4 does not
 * know (libsel4 sel4_arch/syscalls_syscall.h: x64_sys_send_recv). */
static int unknown_syscall_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word dest = 0x1111, info = 0x2222;
    seL4_Word m0 = 0x3333, m1 = 0x4444, m2 = 0x5555, m3 = 0x6666;
    seL4_Word out_dest = 0, out_info = 0;
    x64_sys_send_recv(UNKNOWN_SYSCALL, dest, &out_dest, info, &out_info, &m0, &m1,
                      &m2, &m3, 0);
    sh.out[0] = out_dest;
    sh.out[1] = out_info;
    sh.out[2] = m0;
    sh.out[3] = m1;
    sh.out[4] = m2;
    sh.out[5] = m3;
    sh.flag = 1;
    return CONF_PASS;
}

/* The registers a syscall stub passes, as the fault message carries them;
 * then the message against ReadRegisters. ReadRegisters replies through the
 * root's IPC buffer, so the message is saved first and put back after. */
static int check_unknown_syscall_message(const char *file, int line, struct conf_thread *t)
{
    static const struct {
        seL4_Word mr, value;
    } want[] = {
        {seL4_UnknownSyscall_RDX, UNKNOWN_SYSCALL},
        {seL4_UnknownSyscall_RSI, 0x2222},
        {seL4_UnknownSyscall_RDI, 0x1111},
        {seL4_UnknownSyscall_R8, 0x4444},
        {seL4_UnknownSyscall_R9, 0x5555},
        {seL4_UnknownSyscall_R10, 0x3333},
        {seL4_UnknownSyscall_R15, 0x6666},
        {seL4_UnknownSyscall_Syscall, UNKNOWN_SYSCALL},
    };
    seL4_Word msg[seL4_UnknownSyscall_Length];
    for (int i = 0; i < (int)seL4_UnknownSyscall_Length; i++) {
        msg[i] = seL4_GetMR(i);
    }
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        if (msg[want[i].mr] != want[i].value) {
            return conf_fail(file, line, "unknown syscall MR%lu: expected 0x%lx, got 0x%lx",
                             want[i].mr, want[i].value, msg[want[i].mr]);
        }
    }
    seL4_UserContext r = {0};
    seL4_Error err = seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r);
    if (err != seL4_NoError) {
        return conf_fail_error(file, line, "ReadRegisters", err, seL4_NoError);
    }
    for (int i = 0; i < (int)seL4_UnknownSyscall_Length; i++) {
        seL4_SetMR(i, msg[i]);
    }
    /* the message is the register file */
    const seL4_Word regs[18] = {r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp,
                                r.r8,  r.r9,  r.r10, r.r11, r.r12, r.r13, r.r14,
                                r.r15, r.rip, r.rsp, r.rflags};
    for (int i = 0; i < 18; i++) {
        if (regs[i] != msg[i]) {
            return conf_fail(file, line,
                             "unknown syscall MR%d = 0x%lx, but ReadRegisters gives 0x%lx",
                             i, msg[i], regs[i]);
        }
    }
    if (r.rip == 0) {
        return conf_fail(file, line, "unknown syscall FaultIP is 0");
    }
    return CONF_PASS;
}

/* Reply to an unknown syscall fault with the register file just received,
 * the output registers changed, FaultIP moved past the `syscall`. */
static void reply_unknown_syscall(seL4_Word label)
{
    seL4_SetMR(seL4_UnknownSyscall_RDI, 0xaaaa);
    seL4_SetMR(seL4_UnknownSyscall_RSI, 0xbbbb);
    seL4_SetMR(seL4_UnknownSyscall_R10, 0xcccc);
    seL4_SetMR(seL4_UnknownSyscall_R8, 0xdddd);
    seL4_SetMR(seL4_UnknownSyscall_R9, 0xeeee);
    seL4_SetMR(seL4_UnknownSyscall_R15, 0xffff);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_GetMR(seL4_UnknownSyscall_FaultIP) + 2);
    seL4_Reply(seL4_MessageInfo_new(label, 0, 0, seL4_UnknownSyscall_Syscall));
}

CONF_TEST(FAULT0021, "unknown syscall: label 2, 19 words (the stub's registers, the number); a label-0 reply sets the registers and continues")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x21);
    START(t, unknown_syscall_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x21, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
    TRY(check_unknown_syscall_message(__FILE__, __LINE__, t));
    reply_unknown_syscall(0);
    JOIN(t);
    test_eq(sh.flag, 1);
    test_eq(sh.out[0], 0xaaaa);
    test_eq(sh.out[1], 0xbbbb);
    test_eq(sh.out[2], 0xcccc);
    test_eq(sh.out[3], 0xdddd);
    test_eq(sh.out[4], 0xeeee);
    test_eq(sh.out[5], 0xffff);
    return CONF_PASS;
}

CONF_TEST(FAULT0022, "unknown syscall: a label-0 reply without words leaves FaultIP on the syscall, which runs (and faults) again")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x22);
    START(t, unknown_syscall_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x22, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
    seL4_Word ip = seL4_GetMR(seL4_UnknownSyscall_FaultIP);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TAKE_FAULT(ep, 0x22, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
    test_mr(seL4_UnknownSyscall_FaultIP, ip);
    TRY(check_unknown_syscall_message(__FILE__, __LINE__, t));
    test_eq(sh.flag, 0);
    reply_unknown_syscall(0);
    JOIN(t);
    test_eq(sh.out[0], 0xaaaa);
    return CONF_PASS;
}

CONF_TEST(FAULT0023, "unknown syscall: a reply with a non-zero label writes the registers but leaves the thread Inactive until resumed")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_AllRights, 0x23);
    START(t, unknown_syscall_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x23, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length);
    seL4_Word ip = seL4_GetMR(seL4_UnknownSyscall_FaultIP);
    reply_unknown_syscall(1);
    conf_settle();
    test_eq(sh.flag, 0);
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rip, ip + 2);
    test_eq(r.rdi, 0xaaaa);
    test_eq(r.r10, 0xcccc);
    test_ok(seL4_TCB_Resume(t->tcb));
    JOIN(t);
    test_eq(sh.out[0], 0xaaaa);
    test_eq(sh.out[5], 0xffff);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* The fault endpoint                                                        */

CONF_TEST(FAULT0024, "the fault endpoint is a cptr looked up when the fault happens: replacing the cap in its slot redirects faults")
{
    reset_shared();
    NEW_OBJECTS(ep, seL4_EndpointObject, 0, 2);
    NEW_SLOT(fep);
    NEW_THREAD(t, 100);
    test_ok(root_mint(fep, ep, seL4_AllRights, 0x1));
    test_ok(conf_thread_set_fault_ep(t, fep));
    test_ok(root_delete(fep));
    test_ok(root_mint(fep, ep + 1, seL4_AllRights, 0x2));
    START(t, ud2_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep + 1, 0x2, seL4_Fault_UserException, seL4_UserException_Length);
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);
    return CONF_PASS;
}

/* Start t so that its first instruction fetch faults at a fixed address
 * (deterministic double-fault reports). */
static int start_at_never(struct conf_thread *t)
{
    seL4_UserContext regs = {0};
    conf_thread_regs(t, NULL, 0, 0, 0, 0, &regs);
    regs.rip = CONF_REGION_NEVER;
    test_ok(seL4_TCB_WriteRegisters(t->tcb, true, 0, CONF_NUM_REGS, &regs));
    return CONF_PASS;
}

CONF_TEST(FAULT0025, "fault endpoint rights: Write + GrantReply is enough (the handler can reply); Write alone is a double fault, thread Inactive")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_FAULTER(t, ep, seL4_CapRights_new(1, 0, 0, 1), 0x25);
    START(t, ud2_fn, 0, 0, 0, 0);
    TAKE_FAULT(ep, 0x25, seL4_Fault_UserException, seL4_UserException_Length);
    reply_exception(0, (seL4_Word)conf_fault_ud2_after, seL4_GetMR(1), seL4_GetMR(2));
    JOIN(t);
    test_eq(sh.ret, 0x600d);

    /* no Grant, no GrantReply: sendFaultIPC refuses the cap (double fault,
     * reported on the console) */
    NEW_FAULTER(u, ep, seL4_CanWrite, 0x26);
    TRY(start_at_never(u));
    seL4_Word badge = 0;
    conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0);
    /* Inactive: Resume restarts it; with a usable fault endpoint now, the
     * repeated fetch fault is delivered */
    NEW_SLOT(good);
    test_ok(root_mint(good, ep, seL4_AllRights, 0x27));
    test_ok(conf_thread_set_fault_ep(u, good));
    test_ok(seL4_TCB_Resume(u->tcb));
    TAKE_FAULT(ep, 0x27, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_IP, CONF_REGION_NEVER);
    test_mr(seL4_VMFault_Addr, CONF_REGION_NEVER);
    return CONF_PASS;
}

CONF_TEST(FAULT0026, "no fault handler (fault endpoint cptr 0, a null cap): the thread is left Inactive; given a handler, Resume delivers the fault")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_THREAD(t, 100);
    TRY(start_at_never(t));
    conf_settle();
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rip, CONF_REGION_NEVER);
    /* Inactive, not waiting anywhere: nothing arrives on any endpoint */
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);
    NEW_SLOT(fep);
    test_ok(root_mint(fep, ep, seL4_AllRights, 0x28));
    test_ok(conf_thread_set_fault_ep(t, fep));
    test_ok(seL4_TCB_Resume(t->tcb));
    TAKE_FAULT(ep, 0x28, seL4_Fault_VMFault, seL4_VMFault_Length);
    test_mr(seL4_VMFault_IP, CONF_REGION_NEVER);
    test_mr(seL4_VMFault_Addr, CONF_REGION_NEVER);
    return CONF_PASS;
}

CONF_TEST(FAULT0027, "faults queue on the fault endpoint like Calls: FIFO, each with its own reply cap (SaveCaller), answered in any order")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(saved, 2);
    NEW_FAULTER(t1, ep, seL4_AllRights, 0x1);
    NEW_FAULTER(t2, ep, seL4_AllRights, 0x2);
    START(t1, ud2_fn, 0, 0, 0, 0);
    conf_settle();
    START(t2, div0_fn, 0, 0, 0, 0);
    conf_settle();

    TAKE_FAULT(ep, 0x1, seL4_Fault_UserException, seL4_UserException_Length);
    test_mr(seL4_UserException_Number, 6);
    seL4_Word sp1 = seL4_GetMR(1), fl1 = seL4_GetMR(2);
    test_ok(seL4_CNode_SaveCaller(ROOT, saved, seL4_WordBits));
    TAKE_FAULT(ep, 0x2, seL4_Fault_UserException, seL4_UserException_Length);
    test_mr(seL4_UserException_Number, 0);
    seL4_Word sp2 = seL4_GetMR(1), fl2 = seL4_GetMR(2);
    test_ok(seL4_CNode_SaveCaller(ROOT, saved + 1, seL4_WordBits));
    test_cap(saved, CAP_REPLY);
    test_cap(saved + 1, CAP_REPLY);

    seL4_SetMR(0, (seL4_Word)conf_fault_div0_after);
    seL4_SetMR(1, sp2);
    seL4_SetMR(2, fl2);
    seL4_Send(saved + 1, seL4_MessageInfo_new(0, 0, 0, 3));
    JOIN(t2);
    test_eq(sh.ret, 0x600d);
    test_eq(t1->finished, 0);
    sh.ret = 0;
    seL4_SetMR(0, (seL4_Word)conf_fault_ud2_after);
    seL4_SetMR(1, sp1);
    seL4_SetMR(2, fl1);
    seL4_Send(saved, seL4_MessageInfo_new(0, 0, 0, 3));
    JOIN(t1);
    test_eq(sh.ret, 0x600d);
    test_cap(saved, CAP_NULL);
    test_cap(saved + 1, CAP_NULL);
    return CONF_PASS;
}
