/*
 * SYSCALL: the x86_64 system call ABI itself (SEL4-FACTS (a)), in the spirit
 * of sel4test's SYSCALL tests (every general purpose register survives a
 * system call unless seL4 writes it), but checked register by register
 * against what seL4's entry and exit code does:
 *
 *  - entry, handle_fastsyscall (src/arch/x86/64/traps.S): Error = -1,
 *    NextIP = RCX (the instruction after `syscall`), FLAGS = R11, then R15,
 *    R9, R8, R10, RDX, R14, R13, R12, RBP, RBX, RAX, RSI, RDI are pushed into
 *    the TCB. The user RSP is not saved (the kernel uses RSP as scratch at
 *    once), nor are the RCX, R11 and RSP slots of the TCB written;
 *  - exit, restore_user_context (src/arch/x86/64/c_traps.c), Error == -1:
 *    RDI, RSI, RAX, RBX, RBP, R12, R13, R14, RDX, R10, R8, R9, R15 popped
 *    from the TCB, R11 = FLAGS, RCX = NextIP, `xor %rsp, %rsp`, sysretq.
 *    The fastpath (fastpath_restore) leaves the same way, with RDI = badge
 *    and RSI = message info. A timer interrupt that becomes pending during
 *    a system call is serviced from restore_user_context through
 *    c_handle_interrupt, which does not touch Error: the call still returns
 *    by sysretq (only an interrupt taken in user mode, c_x64_handle_interrupt,
 *    sets Error and makes the next return an iretq).
 *
 * So after any system call: rcx = the address after the `syscall`, r11 = the
 * rflags it was executed with, rsp = 0, and every other register is what the
 * kernel left in the TCB: unchanged unless written. What seL4 writes:
 *  - replyFromKernel_success_empty (Call on an object, no error): RDI = 0,
 *    RSI = 0; replyFromKernel_error: RDI = 0, RSI = (error, 0, 0, n) and the
 *    error's MRs through setMR (only MR0..MR3 are registers: R10, R8, R9,
 *    R15; only as many as the error has);
 *  - doNormalTransfer to a receiver: RDI = badge, RSI = message info, and
 *    copyMRs writes only `length` message registers;
 *  - receiveSignal / completeSignal / sendSignal to a waiter and
 *    doNBRecvFailedTransfer: RDI (the badge, 0 for nothing) and nothing else
 *    (not even RSI);
 *  - DebugCapIdentify: RDI = the cap type; PutChar, NameThread, SetTLSBase,
 *    Yield, Send/NBSend, Reply: nothing.
 *
 * Unknown system calls (handleUnknownSyscall, src/api/syscall.c): every
 * number outside [-8, -1] that is not a debug call of this configuration or
 * SetTLSBase (-29) is an UnknownSyscall fault; the number is RDX, whatever
 * RAX says, so a Linux system call made by a seL4 program is such a fault.
 * The message carries the registers of the TCB in SEL4-FACTS (g) order; on
 * this path RCX, R11 and SP in the message are whatever those TCB slots held
 * before (the entry does not write them), so only the other registers,
 * FaultIP, FLAGS and the number are checked. After a label-0 reply the
 * thread leaves through the same sysretq path (Error is still -1; the reply
 * does not call Arch_postModifyRegisters): rcx = NextIP = the FaultIP
 * written, r11 = the FLAGS written (sanitised), rsp = 0; the RCX, R11 and SP
 * words of the reply are not used.
 *
 * The register tests use the real `syscall` instruction and run only in
 * native builds (SEL4EMU_NATIVE); in API mode there is no instruction to
 * test and they are not registered. The first tests are portable: what the
 * same facts mean for the libsel4 calls (whose stubs copy MR0..MR3 between
 * the registers and the IPC buffer).
 */
#include "framework.h"

static struct {
    volatile seL4_Word flag;
    volatile seL4_Word badge;
    volatile seL4_Word label;
    volatile seL4_Word length;
    volatile seL4_Word mr[4];
} sh;

static void reset_shared(void)
{
    conf_memzero(&sh, sizeof(sh));
}

/* A thread's record of the reply it got: label, length, MR0..MR3. */
static int record_reply(seL4_MessageInfo_t info)
{
    sh.label = seL4_MessageInfo_get_label(info);
    sh.length = seL4_MessageInfo_get_length(info);
    for (int i = 0; i < 4; i++) {
        sh.mr[i] = seL4_GetMR(i);
    }
    sh.flag = 1;
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Portable: what the register rules mean for the libsel4 calls              */

CONF_TEST(SYSCALL0001, "Call on a notification signals it; the reply is label 0, length 0, and MR0..MR3 come back as sent (no MR is written)")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x51));
    for (int i = 0; i < 4; i++) {
        seL4_SetMR(i, 0x1000 + i);
    }
    seL4_MessageInfo_t info = seL4_Call(b, seL4_MessageInfo_new(0x77, 0, 0, 4));
    test_eq(info.words[0], 0);
    for (int i = 0; i < 4; i++) {
        test_mr(i, 0x1000 + i);
    }
    test_eq(conf_poll(n), 0x51);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0002, "error replies write only the error's MRs: RangeError sets MR0, MR1 and leaves MR2, MR3; IllegalOperation leaves all four")
{
    /* CNode_Delete with depth 0: lookupSlotForCNodeOp, RangeError [1, 64] */
    seL4_SetMR(2, 0x2222);
    seL4_SetMR(3, 0x3333);
    const seL4_Word mrs[2] = {5, 0};
    seL4_MessageInfo_t info = conf_raw_call(ROOT, CNodeDelete, 2, 0, mrs, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_RangeError);
    test_eq(seL4_MessageInfo_get_length(info), 2);
    test_mr(0, 1);
    test_mr(1, seL4_WordBits);
    test_mr(2, 0x2222);
    test_mr(3, 0x3333);

    /* a label a TCB does not implement: IllegalOperation, no MRs */
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    for (int i = 0; i < 4; i++) {
        seL4_SetMR(i, 0x4000 + i);
    }
    info = seL4_Call(tcb, seL4_MessageInfo_new(0xfff, 0, 0, 4));
    test_eq(info.words[0], seL4_MessageInfo_new(seL4_IllegalOperation, 0, 0, 0).words[0]);
    for (int i = 0; i < 4; i++) {
        test_mr(i, 0x4000 + i);
    }
    return CONF_PASS;
}

CONF_TEST(SYSCALL0003, "ReplyRecv on a notification (no caller): only the badge is written; the message info and MR0..MR3 come back as passed")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x33));
    seL4_Word ep_badge = 0;
    /* handleRecv on an endpoint deletes any reply cap left in the caller
     * slot: ReplyRecv's reply part then does nothing */
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    seL4_NBRecv(ep, &ep_badge);
    seL4_Signal(b);
    for (int i = 0; i < 4; i++) {
        seL4_SetMR(i, 0x3000 + i);
    }
    const seL4_MessageInfo_t sent = seL4_MessageInfo_new(0x123, 0, 0, 3);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_ReplyRecv(n, sent, &badge);
    test_eq(badge, 0x33);
    test_eq(info.words[0], sent.words[0]);
    for (int i = 0; i < 4; i++) {
        test_mr(i, 0x3000 + i);
    }
    return CONF_PASS;
}

static int call_keep_mrs_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    for (int i = 0; i < 4; i++) {
        seL4_SetMR(i, 0x7100 + i);
    }
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0x10, 0, 0, 4));
    return record_reply(info);
}

CONF_TEST(SYSCALL0004, "a reply of length 1 writes only MR0 of the caller: its MR1..MR3 keep what it sent; a message of length 1 likewise")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x44));
    NEW_THREAD(t, 100);
    START(t, call_keep_mrs_fn, b, 0, 0, 0);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x44);
    test_eq(seL4_MessageInfo_get_length(info), 4);
    test_mr(3, 0x7103);
    seL4_SetMR(0, 0xa0);
    seL4_SetMR(1, 0xa1);
    seL4_Reply(seL4_MessageInfo_new(0x20, 0, 0, 1));
    JOIN(t);
    test_eq(sh.flag, 1);
    test_eq(sh.label, 0x20);
    test_eq(sh.length, 1);
    test_eq(sh.mr[0], 0xa0);
    test_eq(sh.mr[1], 0x7101);
    test_eq(sh.mr[2], 0x7102);
    test_eq(sh.mr[3], 0x7103);
    return CONF_PASS;
}

static int send_one_fn(seL4_Word ep, seL4_Word label, seL4_Word mr0, seL4_Word a3)
{
    seL4_SetMR(0, mr0);
    seL4_SetMR(1, 0xdead1);
    seL4_Send(ep, seL4_MessageInfo_new(label, 0, 0, 1));
    sh.flag = 1;
    return CONF_PASS;
}

CONF_TEST(SYSCALL0005, "ReplyRecv taking a queued message of length 1: MR0 is the sender's, MR1..MR3 keep the reply's words")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x55));
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge); /* no caller: the reply part does nothing */
    NEW_THREAD(t, 100);
    START(t, send_one_fn, b, 0x66, 0x5151, 0);
    conf_settle();
    for (int i = 0; i < 4; i++) {
        seL4_SetMR(i, 0x5000 + i);
    }
    seL4_MessageInfo_t info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0x9, 0, 0, 4), &badge);
    test_eq(badge, 0x55);
    test_eq(info.words[0], seL4_MessageInfo_new(0x66, 0, 0, 1).words[0]);
    test_mr(0, 0x5151);
    test_mr(1, 0x5001);
    test_mr(2, 0x5002);
    test_mr(3, 0x5003);
    JOIN(t);
    test_eq(sh.flag, 1);
    return CONF_PASS;
}

#ifdef SEL4EMU_NATIVE

/* ------------------------------------------------------------------------ */
/* The raw `syscall` instruction                                             */

/*
 * sc_raw(r) loads every general purpose register from *r (rsp too: r->rsp,
 * or its own stack pointer if that is 0), rflags from r->flags_in, executes
 * `syscall` at sc_raw_syscall, and stores what came back: the 15 registers,
 * rsp as it is right after the instruction, rflags before and after. Its own
 * rsp is kept in memory (sc_saved_rsp), not in a register, so that every
 * register can carry a test value. Not reentrant: one thread at a time may be
 * inside it (another thread may run meanwhile, without using it).
 *
 * If r->restore_fs is not 0 it then reads %fs:0 into r->fs0 and sets the TLS
 * base back to r->restore_fs with a second SetTLSBase (for the SetTLSBase
 * test, whose base must not stay set when C code runs again).
 */
struct sc_regs {
    seL4_Word rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
    seL4_Word rsp;         /* in: rsp for the syscall, 0 = the routine's own; out: rsp after it */
    seL4_Word flags_in;    /* in: popfq'd just before */
    seL4_Word flags_at;    /* out: pushfq just before the syscall */
    seL4_Word flags_after; /* out: pushfq right after */
    seL4_Word restore_fs;  /* in */
    seL4_Word fs0;         /* out */
};

_Static_assert(offsetof(struct sc_regs, r15) == 112, "sc_raw offsets");
_Static_assert(offsetof(struct sc_regs, rsp) == 120, "sc_raw offsets");
_Static_assert(offsetof(struct sc_regs, flags_in) == 128, "sc_raw offsets");
_Static_assert(offsetof(struct sc_regs, flags_at) == 136, "sc_raw offsets");
_Static_assert(offsetof(struct sc_regs, flags_after) == 144, "sc_raw offsets");
_Static_assert(offsetof(struct sc_regs, restore_fs) == 152, "sc_raw offsets");
_Static_assert(offsetof(struct sc_regs, fs0) == 160, "sc_raw offsets");

void sc_raw(struct sc_regs *r);
extern char sc_raw_syscall[], sc_raw_after[];
seL4_Word sc_saved_rsp, sc_block, sc_rsp_after;

__asm__(
    "    .pushsection .text\n"
    "    .globl sc_raw\n"
    "    .type sc_raw, @function\n"
    "sc_raw:\n"
    "    pushq %rbx\n"
    "    pushq %rbp\n"
    "    pushq %r12\n"
    "    pushq %r13\n"
    "    pushq %r14\n"
    "    pushq %r15\n"
    "    movq %rdi, sc_block(%rip)\n"
    "    movq %rsp, sc_saved_rsp(%rip)\n"
    "    cmpq $0, 120(%rdi)\n"
    "    jne 1f\n"
    "    movq %rsp, 120(%rdi)\n"
    "1:\n"
    /* from here on nothing may change the flags */
    "    pushq 128(%rdi)\n"
    "    popfq\n"
    "    pushfq\n"
    "    popq 136(%rdi)\n"
    "    movq 0(%rdi), %rax\n"
    "    movq 8(%rdi), %rbx\n"
    "    movq 16(%rdi), %rcx\n"
    "    movq 24(%rdi), %rdx\n"
    "    movq 32(%rdi), %rsi\n"
    "    movq 48(%rdi), %rbp\n"
    "    movq 56(%rdi), %r8\n"
    "    movq 64(%rdi), %r9\n"
    "    movq 72(%rdi), %r10\n"
    "    movq 80(%rdi), %r11\n"
    "    movq 88(%rdi), %r12\n"
    "    movq 96(%rdi), %r13\n"
    "    movq 104(%rdi), %r14\n"
    "    movq 112(%rdi), %r15\n"
    "    movq 120(%rdi), %rsp\n"
    "    movq 40(%rdi), %rdi\n"
    "    .globl sc_raw_syscall\n"
    "sc_raw_syscall:\n"
    "    syscall\n"
    "    .globl sc_raw_after\n"
    "sc_raw_after:\n"
    "    movq %rsp, sc_rsp_after(%rip)\n"
    "    movq sc_saved_rsp(%rip), %rsp\n"
    "    pushfq\n"
    "    pushq %rdi\n"
    "    movq sc_block(%rip), %rdi\n"
    "    movq %rax, 0(%rdi)\n"
    "    movq %rbx, 8(%rdi)\n"
    "    movq %rcx, 16(%rdi)\n"
    "    movq %rdx, 24(%rdi)\n"
    "    movq %rsi, 32(%rdi)\n"
    "    popq 40(%rdi)\n"
    "    movq %rbp, 48(%rdi)\n"
    "    movq %r8, 56(%rdi)\n"
    "    movq %r9, 64(%rdi)\n"
    "    movq %r10, 72(%rdi)\n"
    "    movq %r11, 80(%rdi)\n"
    "    movq %r12, 88(%rdi)\n"
    "    movq %r13, 96(%rdi)\n"
    "    movq %r14, 104(%rdi)\n"
    "    movq %r15, 112(%rdi)\n"
    "    popq 144(%rdi)\n"
    "    movq sc_rsp_after(%rip), %rax\n"
    "    movq %rax, 120(%rdi)\n"
    "    cld\n"
    "    movq 152(%rdi), %rax\n"
    "    testq %rax, %rax\n"
    "    jz 2f\n"
    "    movq %fs:0, %rcx\n"
    "    movq %rcx, 160(%rdi)\n"
    "    movq %rax, %rdi\n"
    "    movq $-29, %rdx\n"
    "    movq %rsp, %rbx\n"
    "    syscall\n"
    "    movq %rbx, %rsp\n"
    "2:\n"
    "    popq %r15\n"
    "    popq %r14\n"
    "    popq %r13\n"
    "    popq %r12\n"
    "    popq %rbp\n"
    "    popq %rbx\n"
    "    ret\n"
    "    .size sc_raw, .-sc_raw\n"
    "    .popsection\n");

/* CF, PF, AF, ZF, SF, OF set, and the bits that are always set (bit 1, IF):
 * status flags a system call must not lose. */
#define SC_FLAGS 0xad7ul
#define SC_FLAG_DF 0x400ul

static const char *const sc_names[15] = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
                                          "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
enum { SC_RAX, SC_RBX, SC_RCX, SC_RDX, SC_RSI, SC_RDI, SC_RBP, SC_R8, SC_R9, SC_R10, SC_R11,
       SC_R12, SC_R13, SC_R14, SC_R15 };

/* A distinct value per register (not an address, not small). */
#define SC_VAL(i) (0x5c00000000000000ul | ((seL4_Word)(i) << 40) | 0x5c0000ul | (seL4_Word)(i))

static seL4_Word *sc_gpr(struct sc_regs *r, int i)
{
    return &((seL4_Word *)r)[i];
}

/* Every register a distinct value, rdx = the system call number. */
static void sc_fill(struct sc_regs *r, seL4_Word sys)
{
    conf_memzero(r, sizeof(*r));
    for (int i = 0; i < 15; i++) {
        *sc_gpr(r, i) = SC_VAL(i + 1);
    }
    r->rdx = sys;
    r->flags_in = SC_FLAGS;
}

/* What seL4's sysretq leaves on top of the TCB registers: rcx = the next
 * instruction, r11 = rflags at the syscall, rsp = 0; rflags unchanged. */
static void sc_sysret(struct sc_regs *want, const struct sc_regs *got)
{
    want->rcx = (seL4_Word)sc_raw_after;
    want->r11 = got->flags_at;
    want->rsp = 0;
    want->flags_after = got->flags_at;
}

/* got against want: the 15 registers, rsp after the instruction, rflags
 * after it; and the flags before it were what the test asked for. Every
 * difference is named in the one failure message. */
static int sc_check(const char *file, int line, const struct sc_regs *got,
                    const struct sc_regs *want)
{
    if ((got->flags_at & 0xfff) != (want->flags_in & 0xfff)) {
        return conf_fail(file, line, "rflags before the syscall: expected 0x%lx, got 0x%lx (test setup)",
                         want->flags_in, got->flags_at);
    }
    char msg[400];
    int len = 0, bad = 0;
    for (int i = 0; i < 17; i++) {
        const char *name = i < 15 ? sc_names[i] : i == 15 ? "rsp" : "rflags";
        seL4_Word g = i < 15 ? ((const seL4_Word *)got)[i] : i == 15 ? got->rsp : got->flags_after;
        seL4_Word w = i < 15 ? ((const seL4_Word *)want)[i] : i == 15 ? want->rsp : want->flags_after;
        if (g != w && len < (int)sizeof(msg)) {
            len += conf_snprintf(msg + len, sizeof(msg) - (size_t)len, "%s%s expected 0x%lx, got 0x%lx",
                                 bad ? "; " : "after the syscall: ", name, w, g);
            bad++;
        }
    }
    if (bad) {
        return conf_fail(file, line, "%s", msg);
    }
    return CONF_PASS;
}

/* Run the raw system call in r; every register must come back as in want
 * (taken from r before the call, with the test's changes), plus seL4's
 * sysretq values. */
#define SC_RUN(r, want)                                                       \
    do {                                                                      \
        sc_raw(&(r));                                                         \
        sc_sysret(&(want), &(r));                                             \
        TRY(sc_check(__FILE__, __LINE__, &(r), &(want)));                     \
    } while (0)

/* ------------------------------------------------------------------------ */
/* Calls that write nothing                                                  */

CONF_TEST(SYSCALL0100, "raw Yield (-7): every register but rcx, r11 (rip after the syscall, rflags) and rsp (0) is unchanged")
{
    for (int k = 0; k < 10; k++) {
        conf_ctx("round %d", k);
        struct sc_regs r, want;
        sc_fill(&r, seL4_SysYield);
        want = r;
        SC_RUN(r, want);
    }
    return CONF_PASS;
}

CONF_TEST(SYSCALL0101, "raw Yield with the direction flag set and all status flags set: r11 and rflags carry them back")
{
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysYield);
    r.flags_in = SC_FLAGS | SC_FLAG_DF;
    want = r;
    SC_RUN(r, want);
    test_eq(r.r11 & SC_FLAG_DF, SC_FLAG_DF);

    /* and with every status flag clear */
    sc_fill(&r, seL4_SysYield);
    r.flags_in = 0x202;
    want = r;
    SC_RUN(r, want);
    test_eq(r.r11 & 0xfff, 0x202);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0102, "raw Yield with rsp pointing nowhere: seL4 neither reads nor writes the user stack, and returns rsp = 0")
{
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysYield);
    r.rsp = CONF_REGION_NEVER + 0x800;
    want = r;
    SC_RUN(r, want);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0103, "raw Send (-3) on a notification signals it (badge of the cap) and changes no register")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x5e));
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysSend);
    r.rdi = b;
    r.rsi = seL4_MessageInfo_new(0x5e5, 0, 0, 4).words[0];
    want = r;
    SC_RUN(r, want);
    test_eq(conf_poll(n), 0x5e);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0104, "raw Signal (Send with message info 1, as libsel4's seL4_Signal) changes no register")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x104));
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysSend);
    r.rdi = b;
    r.rsi = seL4_MessageInfo_new(0, 0, 0, 1).words[0];
    want = r;
    SC_RUN(r, want);
    test_eq(conf_poll(n), 0x104);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0105, "raw NBSend (-4) to an endpoint without a receiver (dropped) and to a notification: no register changes")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x105));
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysNBSend);
    r.rdi = ep;
    r.rsi = seL4_MessageInfo_new(0x77, 0, 0, 4).words[0];
    want = r;
    SC_RUN(r, want);
    seL4_Word badge = 1;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);

    sc_fill(&r, seL4_SysNBSend);
    r.rdi = b;
    r.rsi = seL4_MessageInfo_new(0, 0, 0, 1).words[0];
    want = r;
    SC_RUN(r, want);
    test_eq(conf_poll(n), 0x105);
    return CONF_PASS;
}

static int recv_record_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    sh.badge = badge;
    return record_reply(info);
}

/* A thread at priority 100 waiting in Recv on ep. */
static int start_receiver(struct conf_thread *t, seL4_CPtr ep)
{
    START(t, recv_record_fn, ep, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 0);
    return CONF_PASS;
}

/* The receiver got label, length 4 and MR0..MR3 = R10, R8, R9, R15 of r. */
static int check_received(const char *file, int line, const struct sc_regs *r, seL4_Word badge,
                          seL4_Word label)
{
    const seL4_Word want[4] = {r->r10, r->r8, r->r9, r->r15};
    if (sh.flag != 1 || sh.badge != badge || sh.label != label || sh.length != 4) {
        return conf_fail(file, line,
                         "receiver: expected badge 0x%lx label 0x%lx length 4, got flag %lu "
                         "badge 0x%lx label 0x%lx length %lu",
                         badge, label, sh.flag, sh.badge, sh.label, sh.length);
    }
    for (int i = 0; i < 4; i++) {
        if (sh.mr[i] != want[i]) {
            return conf_fail(file, line, "receiver MR%d: expected 0x%lx, got 0x%lx", i, want[i],
                             sh.mr[i]);
        }
    }
    return CONF_PASS;
}

CONF_TEST(SYSCALL0106, "raw Send to a waiting receiver: MR0..MR3 travel in r10, r8, r9, r15; the sender's registers do not change")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x106));
    NEW_THREAD(t, 100);
    TRY(start_receiver(t, ep));
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysSend);
    r.rdi = b;
    r.rsi = seL4_MessageInfo_new(0x61, 0, 0, 4).words[0];
    want = r;
    SC_RUN(r, want);
    JOIN(t);
    TRY(check_received(__FILE__, __LINE__, &r, 0x106, 0x61));
    return CONF_PASS;
}

CONF_TEST(SYSCALL0107, "raw NBSend to a waiting receiver: delivered with MR0..MR3 from r10, r8, r9, r15; no sender register changes")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x107));
    NEW_THREAD(t, 100);
    TRY(start_receiver(t, ep));
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysNBSend);
    r.rdi = b;
    r.rsi = seL4_MessageInfo_new(0x62, 0, 0, 4).words[0];
    want = r;
    SC_RUN(r, want);
    JOIN(t);
    TRY(check_received(__FILE__, __LINE__, &r, 0x107, 0x62));
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Call                                                                      */

CONF_TEST(SYSCALL0108, "raw Call (-1) on a notification: rdi = 0 (badge), rsi = 0 (label 0, length 0); r10, r8, r9, r15 unchanged")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x108));
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysCall);
    r.rdi = b;
    r.rsi = seL4_MessageInfo_new(0x42, 0, 0, 2).words[0];
    want = r;
    want.rdi = 0;
    want.rsi = 0;
    SC_RUN(r, want);
    test_eq(conf_poll(n), 0x108);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0109, "raw Call with a RangeError reply: rsi = (RangeError, length 2), rdi = 0, r10 = 1, r8 = 64; r9, r15 unchanged")
{
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysCall);
    r.rdi = ROOT;
    r.rsi = seL4_MessageInfo_new(CNodeDelete, 0, 0, 2).words[0];
    /* r10 = index, r8 = depth (> 64: RangeError before any lookup) */
    want = r;
    want.rdi = 0;
    want.rsi = seL4_MessageInfo_new(seL4_RangeError, 0, 0, 2).words[0];
    want.r10 = 1;
    want.r8 = seL4_WordBits;
    SC_RUN(r, want);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0110, "raw Call with an IllegalOperation reply (unknown TCB label): rsi = (3, length 0), rdi = 0, no MR register written")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysCall);
    r.rdi = tcb;
    r.rsi = seL4_MessageInfo_new(0xfff, 0, 0, 4).words[0];
    want = r;
    want.rdi = 0;
    want.rsi = seL4_MessageInfo_new(seL4_IllegalOperation, 0, 0, 0).words[0];
    SC_RUN(r, want);
    return CONF_PASS;
}

static int server_reply2_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    TRY(recv_record_fn(ep, 0, 0, 0));
    seL4_SetMR(0, 0xaaaa);
    seL4_SetMR(1, 0xbbbb);
    seL4_SetMR(2, 0xcccc);
    seL4_SetMR(3, 0xdddd);
    seL4_Reply(seL4_MessageInfo_new(0x7e, 0, 0, 2));
    return CONF_PASS;
}

CONF_TEST(SYSCALL0111, "raw Call to a server replying with length 2: rdi = 0, rsi = the reply's info, r10, r8 = MR0, MR1; r9, r15 unchanged")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x111));
    NEW_THREAD(t, 100);
    START(t, server_reply2_fn, ep, 0, 0, 0);
    conf_settle();
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysCall);
    r.rdi = b;
    r.rsi = seL4_MessageInfo_new(0x1ab, 0, 0, 4).words[0];
    want = r;
    want.rdi = 0;
    want.rsi = seL4_MessageInfo_new(0x7e, 0, 0, 2).words[0];
    const struct sc_regs in = r;
    want.r10 = 0xaaaa;
    want.r8 = 0xbbbb;
    SC_RUN(r, want);
    JOIN(t);
    TRY(check_received(__FILE__, __LINE__, &in, 0x111, 0x1ab));
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Recv, NBRecv                                                              */

CONF_TEST(SYSCALL0112, "raw Recv (-5) on a signalled notification: only rdi (the badge) is written; rsi and r10, r8, r9, r15 unchanged")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x3c));
    seL4_Signal(b);
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysRecv);
    r.rdi = n;
    want = r;
    want.rdi = 0x3c;
    SC_RUN(r, want);
    test_eq(conf_poll(n), 0);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0113, "raw NBRecv (-8, seL4_Poll) on a notification: rdi = 0 when idle, the badge when signalled; nothing else written")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x113));
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysNBRecv);
    r.rdi = n;
    want = r;
    want.rdi = 0;
    SC_RUN(r, want);

    seL4_Signal(b);
    sc_fill(&r, seL4_SysNBRecv);
    r.rdi = n;
    want = r;
    want.rdi = 0x113;
    SC_RUN(r, want);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0114, "raw NBRecv on an endpoint without a sender: rdi = 0 (doNBRecvFailedTransfer), every other register unchanged")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysNBRecv);
    r.rdi = ep;
    want = r;
    want.rdi = 0;
    SC_RUN(r, want);
    return CONF_PASS;
}

static int send3_fn(seL4_Word ep, seL4_Word label, seL4_Word length, seL4_Word a3)
{
    for (int i = 0; i < 4; i++) {
        seL4_SetMR(i, 0x3e00 + i);
    }
    seL4_Send(ep, seL4_MessageInfo_new(label, 0, 0, length));
    sh.flag = 1;
    return CONF_PASS;
}

CONF_TEST(SYSCALL0115, "raw Recv taking a queued message of length 3: rdi = badge, rsi = info, r10, r8, r9 = MR0..MR2; r15 unchanged")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x115));
    NEW_THREAD(t, 100);
    START(t, send3_fn, b, 0x5d, 3, 0);
    conf_settle();
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysRecv);
    r.rdi = ep;
    want = r;
    want.rdi = 0x115;
    want.rsi = seL4_MessageInfo_new(0x5d, 0, 0, 3).words[0];
    want.r10 = 0x3e00;
    want.r8 = 0x3e01;
    want.r9 = 0x3e02;
    SC_RUN(r, want);
    JOIN(t);
    test_eq(sh.flag, 1);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0116, "raw NBRecv taking a queued message of length 1: rdi = badge, rsi = info, r10 = MR0; r8, r9, r15 unchanged")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x116));
    NEW_THREAD(t, 100);
    START(t, send3_fn, b, 0x5e, 1, 0);
    conf_settle();
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysNBRecv);
    r.rdi = ep;
    want = r;
    want.rdi = 0x116;
    want.rsi = seL4_MessageInfo_new(0x5e, 0, 0, 1).words[0];
    want.r10 = 0x3e00;
    SC_RUN(r, want);
    JOIN(t);
    test_eq(sh.flag, 1);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Reply, ReplyRecv                                                          */

/* handleRecv on an endpoint deletes the caller's reply cap (deleteCallerCap):
 * afterwards the root has no caller. */
static void drop_caller(seL4_CPtr ep)
{
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
}

CONF_TEST(SYSCALL0117, "raw Reply (-6) with no caller does nothing and changes no register")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    drop_caller(ep);
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysReply);
    r.rsi = seL4_MessageInfo_new(0x17, 0, 0, 4).words[0];
    want = r;
    SC_RUN(r, want);
    return CONF_PASS;
}

static int call_record_fn(seL4_Word ep, seL4_Word label, seL4_Word a2, seL4_Word a3)
{
    seL4_SetMR(0, 0xca0);
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(label, 0, 0, 1));
    return record_reply(info);
}

CONF_TEST(SYSCALL0118, "raw Reply to a caller: the caller gets label, length 3 and r10, r8, r9 as MR0..MR2; the replier's registers do not change")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x118));
    NEW_THREAD(t, 100);
    START(t, call_record_fn, b, 0x44, 0, 0);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x118);
    test_eq(seL4_MessageInfo_get_label(info), 0x44);
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysReply);
    r.rsi = seL4_MessageInfo_new(0x55, 0, 0, 3).words[0];
    want = r;
    SC_RUN(r, want);
    JOIN(t);
    test_eq(sh.flag, 1);
    test_eq(sh.label, 0x55);
    test_eq(sh.length, 3);
    test_eq(sh.mr[0], r.r10);
    test_eq(sh.mr[1], r.r8);
    test_eq(sh.mr[2], r.r9);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0119, "raw ReplyRecv (-2) on a signalled notification with no caller: only rdi (the badge) is written")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x119));
    drop_caller(ep);
    seL4_Signal(b);
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysReplyRecv);
    r.rdi = n;
    r.rsi = seL4_MessageInfo_new(0x19, 0, 0, 2).words[0];
    want = r;
    want.rdi = 0x119;
    SC_RUN(r, want);
    return CONF_PASS;
}

static int call_then_send_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    TRY(call_record_fn(ep, 0x11, 0, 0));
    seL4_SetMR(0, 0x202);
    seL4_SetMR(1, 0x203);
    seL4_Send(ep, seL4_MessageInfo_new(0x22, 0, 0, 1));
    sh.flag = 2;
    return CONF_PASS;
}

CONF_TEST(SYSCALL0120, "raw ReplyRecv: replies length 2 from r10, r8, blocks, then takes a length-1 Send: rdi = badge, rsi, r10 written; r8, r9, r15 kept")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x120));
    NEW_THREAD(t, 100);
    START(t, call_then_send_fn, b, 0, 0, 0);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x120);
    test_eq(seL4_MessageInfo_get_label(info), 0x11);
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysReplyRecv);
    r.rdi = ep;
    r.rsi = seL4_MessageInfo_new(0x33, 0, 0, 2).words[0];
    want = r;
    want.rdi = 0x120;
    want.rsi = seL4_MessageInfo_new(0x22, 0, 0, 1).words[0];
    want.r10 = 0x202;
    SC_RUN(r, want);
    JOIN(t);
    test_eq(sh.flag, 2);
    /* what the caller got from the reply part */
    test_eq(sh.label, 0x33);
    test_eq(sh.length, 2);
    test_eq(sh.mr[0], SC_VAL(SC_R10 + 1));
    test_eq(sh.mr[1], SC_VAL(SC_R8 + 1));
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Debug calls and SetTLSBase                                                */

CONF_TEST(SYSCALL0121, "raw DebugPutChar (-9) prints rdi's character and changes no register")
{
    static const char line[] = "SYSCALL0121: printed by raw DebugPutChar\n";
    int result = CONF_PASS;
    for (int i = 0; line[i]; i++) {
        struct sc_regs r, want;
        sc_fill(&r, seL4_SysDebugPutChar);
        r.rdi = (seL4_Word)line[i];
        want = r;
        sc_raw(&r);
        sc_sysret(&want, &r);
        /* the first difference is the test's message; the line is finished
         * either way, so that the report starts on a line of its own */
        if (result == CONF_PASS) {
            conf_ctx("character %d", i);
            result = sc_check(__FILE__, __LINE__, &r, &want);
        }
    }
    return result;
}

CONF_TEST(SYSCALL0122, "raw DebugCapIdentify (-12): rdi = the kernel cap type (0 for an empty slot or a cptr that does not resolve); nothing else")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    NEW_OBJECT(frame, seL4_X86_4K, 0);
    NEW_SLOT(empty);
    const struct {
        seL4_Word cptr, type;
    } cases[] = {
        {ROOT, CAP_CNODE},
        {seL4_CapInitThreadTCB, CAP_TCB},
        {seL4_CapInitThreadVSpace, CAP_PML4},
        {seL4_CapDomain, CAP_DOMAIN},
        {seL4_CapIOPortControl, CAP_IO_PORT_CONTROL},
        {ep, CAP_EP},
        {n, CAP_NTFN},
        {tcb, CAP_TCB},
        {frame, CAP_FRAME},
        {conf_env.pool, CAP_UNTYPED},
        {empty, CAP_NULL},
        {(seL4_Word)1 << 63 | 5, CAP_NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        conf_ctx("cptr 0x%lx", cases[i].cptr);
        struct sc_regs r, want;
        sc_fill(&r, seL4_SysDebugCapIdentify);
        r.rdi = cases[i].cptr;
        want = r;
        want.rdi = cases[i].type;
        SC_RUN(r, want);
    }
    return CONF_PASS;
}

CONF_TEST(SYSCALL0123, "raw DebugNameThread (-14): rdi = a TCB, the name in the IPC buffer from msg[0]; no register changes")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    static const char name[] = "SYSCALL0123.raw";
    char *dst = (char *)seL4_GetIPCBuffer()->msg;
    for (size_t i = 0; i < sizeof(name); i++) {
        dst[i] = name[i];
    }
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysDebugNameThread);
    r.rdi = tcb;
    want = r;
    SC_RUN(r, want);
    return CONF_PASS;
}

static seL4_Word read_fs0(void)
{
    seL4_Word v;
    __asm__ __volatile__("movq %%fs:0, %0" : "=r"(v));
    return v;
}

CONF_TEST(SYSCALL0124, "raw SetTLSBase (-29): no register changes, and %fs:0 reads from the new base right after (then the old base is set back)")
{
    static volatile seL4_Word fake[2] __attribute__((aligned(16)));
    fake[0] = 0x7157ba5e00000124ul;
    fake[1] = 0;
    const seL4_Word old = read_fs0();
    test_neq(old, 0);
    struct sc_regs r, want;
    sc_fill(&r, seL4_SysSetTLSBase);
    r.rdi = (seL4_Word)fake;
    r.restore_fs = old;
    want = r;
    SC_RUN(r, want);
    test_eq(r.fs0, 0x7157ba5e00000124ul);
    test_eq(read_fs0(), old);
    return CONF_PASS;
}

static __thread volatile seL4_Word sc_tls_var = 0x1111;

static seL4_Word __attribute__((noinline)) sc_tls_var_addr(void)
{
    return (seL4_Word)&sc_tls_var;
}

CONF_TEST(SYSCALL0125, "seL4_SetTLSBase to a fresh TLS image: a __thread variable reads and writes the new block at once; setting the old base back restores it")
{
    static unsigned char area[4096] __attribute__((aligned(64)));
    test_leq(sel4runtime_get_tls_size(), sizeof(area));
    const seL4_Word old = read_fs0();
    const seL4_Word off = sc_tls_var_addr() - old;
    sc_tls_var = 0x2222;
    const seL4_Word fresh = sel4runtime_write_tls_image(area);
    test_neq(fresh, 0);
    /* between the two SetTLSBase calls: no libsel4 call that uses the IPC
     * buffer (its pointer is a TLS variable, NULL in the fresh image) */
    seL4_SetTLSBase(fresh);
    const seL4_Word in_fresh = sc_tls_var;
    sc_tls_var = 0x3333;
    const seL4_Word tp_fresh = read_fs0();
    seL4_SetTLSBase(old);
    const seL4_Word back = sc_tls_var;

    test_eq(in_fresh, 0x1111);
    test_eq(tp_fresh, fresh);
    test_eq(back, 0x2222);
    test_eq(*(volatile seL4_Word *)(fresh + off), 0x3333);
    test_eq(read_fs0(), old);
    sc_tls_var = 0x1111;
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Unknown system calls                                                      */

static struct sc_regs sc_fault_regs;

static int raw_fn(seL4_Word regs, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sc_raw((struct sc_regs *)regs);
    sh.flag = 1;
    return CONF_PASS;
}

/* A thread at priority 100 whose fault endpoint is a mint of ep. */
static struct conf_thread *sc_faulter(seL4_CPtr ep, seL4_Word badge)
{
    struct conf_thread *t = conf_thread_new(100);
    if (!t) {
        return NULL;
    }
    seL4_CPtr fep = conf_alloc_slots(1);
    if (!fep || root_mint(fep, ep, seL4_AllRights, badge) != seL4_NoError ||
        conf_thread_set_fault_ep(t, fep) != seL4_NoError) {
        return NULL;
    }
    return t;
}

#define NEW_SC_FAULTER(var, ep, badge)                                        \
    struct conf_thread *var = sc_faulter(ep, badge);                          \
    if (!(var)) {                                                             \
        test_fail("env: cannot set up a faulting thread: %s", conf_env_error()); \
    }

/* Let t run into its unknown syscall; take the fault message on ep. */
static int take_unknown(const char *file, int line, seL4_CPtr ep, seL4_Word badge)
{
    seL4_Word got = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &got);
    if (got != badge || info.words[0] !=
                            seL4_MessageInfo_new(seL4_Fault_UnknownSyscall, 0, 0,
                                                 seL4_UnknownSyscall_Length).words[0]) {
        return conf_fail(file, line,
                         "expected an UnknownSyscall fault (label 2, length 19) with badge 0x%lx, "
                         "got badge 0x%lx label %lu length %lu",
                         badge, got, seL4_MessageInfo_get_label(info),
                         seL4_MessageInfo_get_length(info));
    }
    return CONF_PASS;
}

/* The UnknownSyscall message against the registers of r at the syscall:
 * all but RCX, R11 and SP (stale TCB slots on seL4's syscall path), FaultIP
 * = the syscall instruction, FLAGS = rflags at it, the number = rdx. */
static int check_unknown(const char *file, int line, const struct sc_regs *r)
{
    static const struct {
        int mr, reg;
    } map[] = {
        {seL4_UnknownSyscall_RAX, SC_RAX}, {seL4_UnknownSyscall_RBX, SC_RBX},
        {seL4_UnknownSyscall_RDX, SC_RDX}, {seL4_UnknownSyscall_RSI, SC_RSI},
        {seL4_UnknownSyscall_RDI, SC_RDI}, {seL4_UnknownSyscall_RBP, SC_RBP},
        {seL4_UnknownSyscall_R8, SC_R8},   {seL4_UnknownSyscall_R9, SC_R9},
        {seL4_UnknownSyscall_R10, SC_R10}, {seL4_UnknownSyscall_R12, SC_R12},
        {seL4_UnknownSyscall_R13, SC_R13}, {seL4_UnknownSyscall_R14, SC_R14},
        {seL4_UnknownSyscall_R15, SC_R15},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        seL4_Word want = ((const seL4_Word *)r)[map[i].reg];
        seL4_Word got = seL4_GetMR(map[i].mr);
        if (got != want) {
            return conf_fail(file, line, "UnknownSyscall MR%d (%s): expected 0x%lx, got 0x%lx",
                             map[i].mr, sc_names[map[i].reg], want, got);
        }
    }
    if (seL4_GetMR(seL4_UnknownSyscall_FaultIP) != (seL4_Word)sc_raw_syscall) {
        return conf_fail(file, line, "UnknownSyscall FaultIP: expected 0x%lx (the syscall), got 0x%lx",
                         (seL4_Word)sc_raw_syscall, seL4_GetMR(seL4_UnknownSyscall_FaultIP));
    }
    if (seL4_GetMR(seL4_UnknownSyscall_FLAGS) != r->flags_at) {
        return conf_fail(file, line, "UnknownSyscall FLAGS: expected 0x%lx, got 0x%lx", r->flags_at,
                         seL4_GetMR(seL4_UnknownSyscall_FLAGS));
    }
    if (seL4_GetMR(seL4_UnknownSyscall_Syscall) != r->rdx) {
        return conf_fail(file, line, "UnknownSyscall number: expected 0x%lx, got 0x%lx", r->rdx,
                         seL4_GetMR(seL4_UnknownSyscall_Syscall));
    }
    return CONF_PASS;
}

/* Reply with the message as received, FaultIP past the syscall and RAX set
 * to rax: the thread goes on as if the call had returned rax. */
static void reply_continue(seL4_Word rax)
{
    seL4_SetMR(seL4_UnknownSyscall_RAX, rax);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_GetMR(seL4_UnknownSyscall_FaultIP) + 2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_FaultIP + 1));
}

CONF_TEST(SYSCALL0126, "raw unknown syscall -100: UnknownSyscall fault whose message has the registers at the syscall, FaultIP, FLAGS and the number")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SC_FAULTER(t, ep, 0x126);
    struct sc_regs *r = &sc_fault_regs;
    sc_fill(r, (seL4_Word)-100);
    START(t, raw_fn, r, 0, 0, 0);
    TRY(take_unknown(__FILE__, __LINE__, ep, 0x126));
    TRY(check_unknown(__FILE__, __LINE__, r));
    test_eq(sh.flag, 0);
    reply_continue(0x600d);
    JOIN(t);
    test_eq(sh.flag, 1);
    test_eq(r->rax, 0x600d);
    test_eq(r->rbx, SC_VAL(SC_RBX + 1));
    test_eq(r->r15, SC_VAL(SC_R15 + 1));
    return CONF_PASS;
}

CONF_TEST(SYSCALL0127, "unknown syscall reply (label 0, 18 words): the thread resumes by sysretq: GPRs from the reply, rcx = FaultIP, r11 = FLAGS, rsp = 0")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SC_FAULTER(t, ep, 0x127);
    struct sc_regs *r = &sc_fault_regs;
    sc_fill(r, (seL4_Word)-100);
    START(t, raw_fn, r, 0, 0, 0);
    TRY(take_unknown(__FILE__, __LINE__, ep, 0x127));
    TRY(check_unknown(__FILE__, __LINE__, r));

    /* new values for all 15 registers; RCX, R11 and SP words that seL4's
     * sysretq path does not use */
    struct sc_regs want = *r;
    for (int i = 0; i < 15; i++) {
        *sc_gpr(&want, i) = 0x7e00000000000000ul | ((seL4_Word)(i + 1) << 32) | 0x127;
    }
    static const int reg_of_mr[15] = {SC_RAX, SC_RBX, SC_RCX, SC_RDX, SC_RSI,
                                      SC_RDI, SC_RBP, SC_R8,  SC_R9,  SC_R10,
                                      SC_R11, SC_R12, SC_R13, SC_R14, SC_R15};
    for (int mr = 0; mr < 15; mr++) {
        seL4_SetMR(mr, *sc_gpr(&want, reg_of_mr[mr]));
    }
    const seL4_Word flags = r->flags_at ^ 0x1; /* CF toggled */
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)sc_raw_after);
    seL4_SetMR(seL4_UnknownSyscall_SP, CONF_REGION_NEVER + 0x100);
    seL4_SetMR(seL4_UnknownSyscall_FLAGS, flags);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall));
    JOIN(t);
    test_eq(sh.flag, 1);

    want.rcx = (seL4_Word)sc_raw_after;
    want.r11 = conf_sanitised_flags(flags);
    want.rsp = 0;
    want.flags_after = conf_sanitised_flags(flags);
    want.flags_in = r->flags_in;
    TRY(sc_check(__FILE__, __LINE__, r, &want));
    return CONF_PASS;
}

CONF_TEST(SYSCALL0128, "a Linux write(1, buf, 5) made with `syscall` is seL4's unknown syscall 5 (the number is rdx): a fault, not Linux output")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SC_FAULTER(t, ep, 0x128);
    static const char msg[] = "LINUX\n";
    struct sc_regs *r = &sc_fault_regs;
    sc_fill(r, 5);
    r->rax = 1; /* __NR_write */
    r->rdi = 1; /* stdout */
    r->rsi = (seL4_Word)msg;
    START(t, raw_fn, r, 0, 0, 0);
    TRY(take_unknown(__FILE__, __LINE__, ep, 0x128));
    TRY(check_unknown(__FILE__, __LINE__, r));
    test_mr(seL4_UnknownSyscall_Syscall, 5);
    test_mr(seL4_UnknownSyscall_RAX, 1);
    reply_continue(5);
    JOIN(t);
    test_eq(r->rax, 5);
    test_eq(r->rdi, 1);
    test_eq(r->rsi, (seL4_Word)msg);
    test_eq(r->rdx, 5);
    return CONF_PASS;
}

CONF_TEST(SYSCALL0129, "a Linux getpid (rax = rdx = 39) and write (rax = rdx = 1) made with `syscall` are seL4 UnknownSyscall faults 39 and 1")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    static const seL4_Word nr[2] = {39, 1};
    for (int k = 0; k < 2; k++) {
        conf_ctx("Linux syscall %lu", nr[k]);
        reset_shared();
        struct conf_thread *t = sc_faulter(ep, 0x1290 + k);
        if (!t) {
            test_fail("env: %s", conf_env_error());
        }
        struct sc_regs *r = &sc_fault_regs;
        sc_fill(r, nr[k]);
        r->rax = nr[k];
        START(t, raw_fn, r, 0, 0, 0);
        TRY(take_unknown(__FILE__, __LINE__, ep, 0x1290 + k));
        TRY(check_unknown(__FILE__, __LINE__, r));
        test_mr(seL4_UnknownSyscall_Syscall, nr[k]);
        reply_continue(0x4242);
        JOIN(t);
        test_eq(r->rax, 0x4242);
    }
    return CONF_PASS;
}

static int raw_many_fn(seL4_Word numbers, seL4_Word count, seL4_Word a2, seL4_Word a3)
{
    const seL4_Word *nr = (const seL4_Word *)numbers;
    for (seL4_Word i = 0; i < count; i++) {
        sc_fill(&sc_fault_regs, nr[i]);
        sc_raw(&sc_fault_regs);
        sh.mr[0] = i + 1;
    }
    sh.flag = 1;
    return CONF_PASS;
}

CONF_TEST(SYSCALL0130, "numbers this configuration does not implement are UnknownSyscall faults: SendIPI (no SMP), benchmark, MSR, VMEnter, 0, huge")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SC_FAULTER(t, ep, 0x130);
    static const seL4_Word nr[] = {
        (seL4_Word)seL4_SysDebugSendIPI, (seL4_Word)-16, (seL4_Word)-17, (seL4_Word)-21,
        (seL4_Word)-25, (seL4_Word)-26, (seL4_Word)-27, (seL4_Word)-28,
        (seL4_Word)-30, (seL4_Word)-9 - 0x100000000ul, 0, 0x7fffffffffffffff,
        0x8000000000000000ul,
    };
    const seL4_Word n = sizeof(nr) / sizeof(nr[0]);
    START(t, raw_many_fn, nr, n, 0, 0);
    for (seL4_Word i = 0; i < n; i++) {
        conf_ctx("number 0x%lx", nr[i]);
        TRY(take_unknown(__FILE__, __LINE__, ep, 0x130));
        TRY(check_unknown(__FILE__, __LINE__, &sc_fault_regs));
        test_mr(seL4_UnknownSyscall_Syscall, nr[i]);
        test_eq(sh.mr[0], i);
        reply_continue(0);
    }
    JOIN(t);
    test_eq(sh.mr[0], n);
    return CONF_PASS;
}

#endif /* SEL4EMU_NATIVE */
