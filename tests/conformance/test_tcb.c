/*
 * TCB: the thread control block invocations (kernel src/object/tcb.c,
 * decodeTCBInvocation and the invokeTCB_* functions), thread states
 * (src/kernel/thread.c: suspend, restart, activateThread) and the x86_64
 * register set (src/arch/x86/64/machine/registerset.c, sanitiseRegister in
 * src/arch/x86/machine/registerset.c). In the spirit of sel4test's THREADS
 * and TLS tests.
 *
 * Facts the tests lean on:
 *  - a new TCB's context is Arch_initContext: every register 0 except
 *    FLAGS = FLAGS_USER_DEFAULT (0x202); priority and MCP 0;
 *  - ReadRegisters/WriteRegisters move frameRegisters (rip, rsp, rflags, rax,
 *    rbx, rcx, rdx, rsi, rdi, rbp, r8..r15) then gpRegisters (fs_base,
 *    gs_base): 20 registers; a count outside [1, 20] is RangeError(1, 20) for
 *    ReadRegisters, and WriteRegisters writes min(count, 20);
 *  - neither may target the calling thread (IllegalOperation);
 *  - WriteRegisters sanitises: RFLAGS (see conf_sanitised_flags), and rip,
 *    fs_base, gs_base that are not canonical become 0; then NextIP = rip;
 *  - suspend() of a Running thread first sets FaultIP = NextIP; restart()
 *    of a stopped thread (Inactive or BlockedOnReply) puts it in Restart,
 *    which re-executes the instruction at FaultIP: for a thread stopped in a
 *    system call, that system call.
 */
#include "framework.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

/* A context whose every register is distinct, canonical and non-zero. */
static void fill_regs(seL4_UserContext *r, seL4_Word seed)
{
    for (seL4_Word i = 0; i < CONF_NUM_REGS; i++) {
        *conf_reg(r, i) = seed + 0x1011 * (i + 1);
    }
}

static const char *const reg_names[] = {
    "rip", "rsp", "rflags", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
    "r8",  "r9",  "r10",    "r11", "r12", "r13", "r14", "r15", "fs_base",
    "gs_base",
};

/* Every register of got equals want (rflags: as sanitised). */
static int check_regs(const char *file, int line, seL4_UserContext *got,
                      seL4_UserContext *want)
{
    for (seL4_Word i = 0; i < CONF_NUM_REGS; i++) {
        seL4_Word w = *conf_reg(want, i);
        if (i == 2) {
            w = conf_sanitised_flags(w);
        }
        if (*conf_reg(got, i) != w) {
            return conf_fail(file, line, "register %s: expected 0x%lx, got 0x%lx",
                             reg_names[i], w, *conf_reg(got, i));
        }
    }
    return CONF_PASS;
}
#define test_regs(got, want) TRY(check_regs(__FILE__, __LINE__, (got), (want)))

/* Thread bodies shared by several tests. */
static struct {
    volatile seL4_Word arg[4];
    volatile seL4_Word frame;
    volatile seL4_Word ipcbuf;
    volatile seL4_Word flag;
    volatile seL4_Word badge;
    volatile seL4_Word mr[10];
    volatile seL4_Word len;
} sh;

static void reset_shared(void)
{
    conf_memzero(&sh, sizeof(sh));
}

/* Waits on notification a0, records the badge. */
static int wait_fn(seL4_Word ntfn, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    sh.flag = 1;
    seL4_Wait(ntfn, &badge);
    sh.badge = badge;
    sh.flag = 2;
    return CONF_PASS;
}

/* Sends one empty message on endpoint cap a0, then finishes. */
static int send_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    return CONF_PASS;
}

/* Sets sh.flag and finishes. */
static int flag_fn(seL4_Word value, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.flag = value;
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Starting threads                                                          */

static int __attribute__((noinline))
start_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.arg[0] = a0;
    sh.arg[1] = a1;
    sh.arg[2] = a2;
    sh.arg[3] = a3;
    sh.frame = (seL4_Word)__builtin_frame_address(0);
    sh.ipcbuf = (seL4_Word)seL4_GetIPCBuffer();
    return CONF_PASS;
}

CONF_TEST(TCB0001, "Configure + WriteRegisters(resume): the thread starts at rip on its stack with rdi/rsi/rdx, SysV-aligned")
{
    reset_shared();
    NEW_THREAD(t, 100);
    START(t, start_fn, 0x1111, 0x2222, 0x3333, 0x4444);
    /* priority 100 < 255: Resume made it runnable, it has not run */
    test_eq(t->started, 0);
    JOIN(t);
    test_eq(t->started, 1);
    /* a0, a1 came in rsi, rdx as WriteRegisters wrote them */
    test_eq(sh.arg[0], 0x1111);
    test_eq(sh.arg[1], 0x2222);
    test_eq(sh.arg[2], 0x3333);
    test_eq(sh.arg[3], 0x4444);
    /* it ran on the stack it was given, 16-byte aligned after `push rbp`
     * only if rsp + 8 was 16-byte aligned at the entry */
    test_geq(sh.frame, t->stack_base);
    test_lt(sh.frame, t->stack_top);
    test_eq(sh.frame & 15, 0);
    /* its own IPC buffer pointer; the root's is untouched */
    test_eq(sh.ipcbuf, t->ipc_vaddr);
    test_eq((seL4_Word)seL4_GetIPCBuffer(), (seL4_Word)conf_env.bi->ipcBuffer);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* ReadRegisters / WriteRegisters                                            */

CONF_TEST(TCB0002, "a new TCB's registers: all 0 except rflags = 0x202 (Arch_initContext)")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    seL4_UserContext r = {0};
    fill_regs(&r, 0xabc0000);
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    for (seL4_Word i = 0; i < CONF_NUM_REGS; i++) {
        conf_ctx("register %s", reg_names[i]);
        test_eq(*conf_reg(&r, i), i == 2 ? CONF_FLAGS_USER_DEFAULT : 0);
    }
    return CONF_PASS;
}

CONF_TEST(TCB0003, "WriteRegisters then ReadRegisters gives the 20 registers back; rflags sanitised (0 -> 0x202, ~0 -> 0xed7)")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    seL4_UserContext w = {0}, r = {0};

    fill_regs(&w, 0x400000);
    w.rflags = 0;
    test_ok(seL4_TCB_WriteRegisters(tcb, false, 0, CONF_NUM_REGS, &w));
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    test_regs(&r, &w);
    test_eq(r.rflags, 0x202);

    w.rflags = ~0ul;
    test_ok(seL4_TCB_WriteRegisters(tcb, false, 0, CONF_NUM_REGS, &w));
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rflags, 0xed7);

    /* CF, DF, OF kept; TF, bit 3 and bits above 11 (ID, AC, IOPL) dropped */
    w.rflags = 0x1 | 0x400 | 0x800 | 0x100 | 0x8 | 0x200000 | 0x40000 | 0x3000;
    test_ok(seL4_TCB_WriteRegisters(tcb, false, 0, CONF_NUM_REGS, &w));
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rflags, 0x1 | 0x400 | 0x800 | 0x202);
    test_regs(&r, &w);
    return CONF_PASS;
}

CONF_TEST(TCB0004, "WriteRegisters writes only the first count registers; ReadRegisters replies with exactly count")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    seL4_UserContext w = {0}, r = {0}, want = {0};

    fill_regs(&w, 0x500000);
    test_ok(seL4_TCB_WriteRegisters(tcb, false, 0, 3, &w));
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    conf_memzero(&want, sizeof(want));
    want.rip = w.rip;
    want.rsp = w.rsp;
    want.rflags = w.rflags;
    test_regs(&r, &want);

    /* 19: everything but gs_base */
    fill_regs(&w, 0x600000);
    test_ok(seL4_TCB_WriteRegisters(tcb, false, 0, 19, &w));
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    want = w;
    want.gs_base = 0;
    test_regs(&r, &want);

    /* invokeTCB_ReadRegisters: the reply has length n, label 0, and the
     * registers in frameRegisters order */
    static const seL4_Word counts[] = {1, 4, 5, 18, 19, 20};
    for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
        seL4_Word n = counts[c];
        conf_ctx("count %lu", n);
        seL4_Word mrs[2] = {0, n};
        seL4_MessageInfo_t info = conf_raw_call(tcb, TCBReadRegisters, 2, 0, mrs, NULL);
        test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
        test_eq(seL4_MessageInfo_get_length(info), n);
        for (seL4_Word i = 0; i < n; i++) {
            seL4_Word v = *conf_reg(&want, i);
            test_mr(i, i == 2 ? conf_sanitised_flags(v) : v);
        }
    }
    return CONF_PASS;
}

CONF_TEST(TCB0005, "WriteRegisters: non-canonical rip, fs_base, gs_base become 0; rsp and other registers are kept as written")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    seL4_UserContext w = {0}, r = {0};

    fill_regs(&w, 0x700000);
    w.rip = 0x0000800000000000ul;
    w.fs_base = 0x1000000000000000ul;
    w.gs_base = 0xffff7fffffffffff;
    w.rsp = 0x8000000000000000ul;
    w.rax = 0x0000800000000000ul;
    test_ok(seL4_TCB_WriteRegisters(tcb, false, 0, CONF_NUM_REGS, &w));
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rip, 0);
    test_eq(r.fs_base, 0);
    test_eq(r.gs_base, 0);
    test_eq(r.rsp, 0x8000000000000000ul);
    test_eq(r.rax, 0x0000800000000000ul);

    /* the canonical extremes are kept */
    w.rip = 0x00007ffffffffffful;
    w.fs_base = 0xffff800000000000ul;
    w.gs_base = 0xfffffffffffff000ul;
    test_ok(seL4_TCB_WriteRegisters(tcb, false, 0, CONF_NUM_REGS, &w));
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    test_regs(&r, &w);
    return CONF_PASS;
}

CONF_TEST(TCB0006, "Read/WriteRegisters errors: count range, own thread, truncated messages")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    seL4_UserContext w = {0}, r = {0};
    fill_regs(&w, 0x800000);

    /* decodeReadRegisters: n in [1, n_frameRegisters + n_gpRegisters] */
    test_range_error(seL4_TCB_ReadRegisters(tcb, false, 0, 0, &r), 1, 20);
    test_range_error(seL4_TCB_ReadRegisters(tcb, false, 0, 21, &r), 1, 20);
    /* ... checked before the own-thread test */
    test_range_error(seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, false, 0, 0, &r), 1, 20);
    test_error(seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, false, 0, 20, &r),
               seL4_IllegalOperation);
    test_error(seL4_TCB_WriteRegisters(seL4_CapInitThreadTCB, false, 0, 20, &w),
               seL4_IllegalOperation);

    /* decodeWriteRegisters: length >= 2 and length - 2 >= count */
    test_error(seL4_TCB_WriteRegisters(tcb, false, 0, 21, &w), seL4_TruncatedMessage);
    seL4_Word mrs[25] = {0, 1, 0x1234};
    seL4_MessageInfo_t info = conf_raw_call(tcb, TCBWriteRegisters, 1, 0, mrs, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    info = conf_raw_call(tcb, TCBWriteRegisters, 2, 0, mrs, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(tcb, TCBWriteRegisters, 3, 0, mrs, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, 1, &r));
    test_eq(r.rip, 0x1234);
    /* a count above 20 with enough words writes 20 */
    for (int i = 0; i < 25; i++) {
        mrs[i] = 0x9000 + (seL4_Word)i;
    }
    mrs[0] = 0;
    mrs[1] = 23;
    info = conf_raw_call(tcb, TCBWriteRegisters, 25, 0, mrs, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, 20, &r));
    test_eq(r.rip, 0x9002);
    test_eq(r.gs_base, 0x9002 + 19);

    /* decodeReadRegisters: length >= 2 */
    info = conf_raw_call(tcb, TCBReadRegisters, 1, 0, mrs, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    return CONF_PASS;
}

CONF_TEST(TCB0007, "ReadRegisters of a thread blocked in seL4_Wait: rdi = the cap, rdx = seL4_SysRecv, as saved at entry")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x5));
    NEW_THREAD(t, 100);
    START(t, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);

    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rdi, n);
    test_eq(r.rdx, (seL4_Word)seL4_SysRecv);
    test_geq(r.rsp, t->stack_base);
    test_lt(r.rsp, t->stack_top);
    test_eq(r.rflags & CONF_FLAGS_USER_DEFAULT, CONF_FLAGS_USER_DEFAULT);
    /* reading did not disturb it: it still takes the signal */
    seL4_Signal(b);
    JOIN(t);
    test_eq(sh.badge, 0x5);
    return CONF_PASS;
}

CONF_TEST(TCB0008, "Suspend of a blocked thread: it leaves the wait (signal stays pending); Resume re-executes its seL4_Wait")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, n, seL4_AllRights, 0x10));
    test_ok(root_mint(b + 1, n, seL4_AllRights, 0x20));
    NEW_THREAD(t, 100);
    START(t, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);

    test_ok(seL4_TCB_Suspend(t->tcb));
    /* cancelIPC took it off the notification: the signal is left pending */
    seL4_Signal(b);
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(conf_poll(n), 0x10);
    /* suspending a suspended thread is fine */
    test_ok(seL4_TCB_Suspend(t->tcb));

    /* restart: the thread re-executes seL4_Wait (its FaultIP) and blocks */
    test_ok(seL4_TCB_Resume(t->tcb));
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(t->started, 1);
    seL4_Signal(b + 1);
    JOIN(t);
    test_eq(sh.badge, 0x20);
    test_eq(t->started, 1);
    return CONF_PASS;
}

CONF_TEST(TCB0009, "Resume of a sender blocked on an endpoint restarts its Send (re-queued last); of a ready thread, nothing")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, ep, seL4_AllRights, 1));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 2));
    NEW_THREAD(a, 100);
    NEW_THREAD(c, 100);
    START(a, send_fn, b, 0, 0, 0);
    conf_settle();
    START(c, send_fn, b + 1, 0, 0, 0);
    conf_settle();
    /* queue [a, c]; a blocked thread counts as stopped (seL4 isStopped), so
     * Resume cancels a's Send and a sends again, queued behind c */
    test_ok(seL4_TCB_Resume(a->tcb));
    conf_settle();
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 2);
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 1);
    JOIN(a);
    JOIN(c);

    /* a thread that is ready but has not run yet: Resume again is a no-op */
    reset_shared();
    NEW_THREAD(d, 100);
    START(d, flag_fn, 7, 0, 0, 0);
    test_ok(seL4_TCB_Resume(d->tcb));
    JOIN(d);
    test_eq(d->started, 1);
    test_eq(sh.flag, 7);
    return CONF_PASS;
}

static int self_suspend_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    struct conf_thread *t = (struct conf_thread *)a0;
    sh.flag = 1;
    seL4_TCB_Suspend(t->tcb);
    sh.flag = 2;
    return CONF_PASS;
}

CONF_TEST(TCB0010, "a thread that suspended itself: Resume re-executes the Suspend call (FaultIP), so it stays suspended")
{
    reset_shared();
    NEW_THREAD(t, 100);
    START(t, self_suspend_fn, t, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(t->finished, 0);

    /* stopped in the Suspend invocation: a Call on its own TCB cap */
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rdx, (seL4_Word)seL4_SysCall);
    test_eq(r.rdi, t->tcb);
    test_eq(r.rsi, seL4_MessageInfo_new(TCBSuspend, 0, 0, 0).words[0]);

    /* decodeTCBInvocation sets Restart before suspend(), so suspend() keeps
     * FaultIP at the syscall: the restarted thread suspends itself again */
    test_ok(seL4_TCB_Resume(t->tcb));
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(t->started, 1);
    test_eq(t->finished, 0);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* CopyRegisters                                                             */

CONF_TEST(TCB0011, "CopyRegisters: transfer_frame copies the 18 frame registers, transfer_integer fs_base/gs_base; errors")
{
    NEW_OBJECTS(tcb, seL4_TCBObject, 0, 2);
    seL4_CPtr src = tcb, dst = tcb + 1;
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    seL4_UserContext w = {0}, r = {0}, want = {0};

    fill_regs(&w, 0x900000);
    test_ok(seL4_TCB_WriteRegisters(src, false, 0, CONF_NUM_REGS, &w));

    test_ok(seL4_TCB_CopyRegisters(dst, src, false, false, true, false, 0));
    test_ok(seL4_TCB_ReadRegisters(dst, false, 0, CONF_NUM_REGS, &r));
    want = w;
    want.fs_base = 0;
    want.gs_base = 0;
    test_regs(&r, &want);

    test_ok(seL4_TCB_CopyRegisters(dst, src, false, false, false, true, 0));
    test_ok(seL4_TCB_ReadRegisters(dst, false, 0, CONF_NUM_REGS, &r));
    test_regs(&r, &w);

    /* neither flag: nothing changes */
    fill_regs(&w, 0xa00000);
    test_ok(seL4_TCB_WriteRegisters(src, false, 0, CONF_NUM_REGS, &w));
    test_ok(seL4_TCB_CopyRegisters(dst, src, false, false, false, false, 0));
    seL4_UserContext r2 = {0};
    test_ok(seL4_TCB_ReadRegisters(dst, false, 0, CONF_NUM_REGS, &r2));
    test_regs(&r2, &r);

    /* decodeCopyRegisters: the source must be a TCB (cap index 1) */
    test_invalid_cap(seL4_TCB_CopyRegisters(dst, ep, false, false, true, true, 0), 1);
    NEW_SLOT(empty);
    test_invalid_cap(seL4_TCB_CopyRegisters(dst, empty, false, false, true, true, 0), 1);
    /* length >= 1 and an extra cap */
    seL4_Word mrs[1] = {0xc};
    seL4_MessageInfo_t info = conf_raw_call(dst, TCBCopyRegisters, 1, 0, mrs, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(dst, TCBCopyRegisters, 0, 1, mrs, &src);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    return CONF_PASS;
}

CONF_TEST(TCB0012, "CopyRegisters with resume_target starts the target at the copied rip; suspend_source stops a blocked source")
{
    reset_shared();
    NEW_OBJECT(tmpl, seL4_TCBObject, 0);
    NEW_THREAD(d, 100);
    seL4_UserContext regs = {0};

    /* the registers that would start d, parked in a TCB that never runs */
    conf_thread_regs(d, start_fn, 0x51, 0x52, 0x53, 0x54, &regs);
    test_ok(seL4_TCB_WriteRegisters(tmpl, false, 0, CONF_NUM_REGS, &regs));
    test_ok(seL4_TCB_CopyRegisters(d->tcb, tmpl, false, true, true, true, 0));
    JOIN(d);
    test_eq(sh.arg[0], 0x51);
    test_eq(sh.arg[1], 0x52);
    test_eq(sh.arg[3], 0x54);
    test_eq(sh.ipcbuf, d->ipc_vaddr);

    /* suspend_source: a source blocked on a notification is taken off it */
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x3));
    NEW_THREAD(s, 100);
    START(s, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    test_ok(seL4_TCB_CopyRegisters(tmpl, s->tcb, true, false, false, false, 0));
    seL4_Signal(b);
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(conf_poll(n), 0x3);

    /* ReadRegisters with suspend_source does the same */
    test_ok(seL4_TCB_Resume(s->tcb));
    conf_settle();
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(s->tcb, true, 0, CONF_NUM_REGS, &r));
    seL4_Signal(b);
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(conf_poll(n), 0x3);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Configure, SetSpace, SetIPCBuffer                                         */

CONF_TEST(TCB0013, "Configure checks: IPC buffer first (alignment, frame), then CSpace (CNode), then VSpace (mapped PML4)")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    NEW_OBJECT(frame, seL4_X86_4K, 0);
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(pml4, seL4_X64_PML4Object, 0);
    NEW_SLOT(empty);
    const seL4_Word addr = CONF_REGION_BASE + 0x40000;
    const seL4_CPtr vs = seL4_CapInitThreadVSpace;

    /* checkValidIPCBuffer */
    test_error(seL4_TCB_Configure(tcb, 0, ROOT, 0, vs, 0, addr + 8, frame),
               seL4_AlignmentError);
    test_error(seL4_TCB_Configure(tcb, 0, ROOT, 0, vs, 0, addr + 0x200, frame),
               seL4_AlignmentError);
    test_error(seL4_TCB_Configure(tcb, 0, ROOT, 0, vs, 0, addr, ep),
               seL4_IllegalOperation);
    /* the buffer is checked before the CSpace */
    test_error(seL4_TCB_Configure(tcb, 0, ep, 0, vs, 0, addr + 8, frame),
               seL4_AlignmentError);
    /* CSpace: must derive to a CNode cap */
    test_error(seL4_TCB_Configure(tcb, 0, ep, 0, vs, 0, addr, frame),
               seL4_IllegalOperation);
    test_error(seL4_TCB_Configure(tcb, 0, empty, 0, vs, 0, addr, frame),
               seL4_IllegalOperation);
    /* VSpace: a CNode is not a VSpace; a PML4 without an ASID does not derive */
    test_error(seL4_TCB_Configure(tcb, 0, ROOT, 0, ROOT, 0, addr, frame),
               seL4_IllegalOperation);
    test_error(seL4_TCB_Configure(tcb, 0, ROOT, 0, pml4, 0, addr, frame),
               seL4_IllegalOperation);
    test_error(seL4_TCB_Configure(tcb, 0, ROOT, 0, empty, 0, addr, frame),
               seL4_IllegalOperation);
    /* buffer address 0: no buffer, the cap is not looked at */
    test_ok(seL4_TCB_Configure(tcb, 0, ROOT, 0, vs, 0, 0, ep));
    /* 1 KiB alignment is enough (seL4_IPCBufferSizeBits = 10) */
    test_ok(seL4_TCB_Configure(tcb, 0, ROOT, 0, vs, 0, addr + 0xc00, frame));

    /* decodeTCBConfigure: 4 words and 3 extra caps */
    seL4_Word mrs[4] = {0, 0, 0, addr};
    seL4_CPtr caps[3] = {ROOT, vs, frame};
    seL4_MessageInfo_t info = conf_raw_call(tcb, TCBConfigure, 4, 2, mrs, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(tcb, TCBConfigure, 3, 3, mrs, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(tcb, TCBConfigure, 4, 3, mrs, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    return CONF_PASS;
}

CONF_TEST(TCB0014, "SetSpace checks the CSpace and VSpace roots, not the fault endpoint cptr; truncated forms")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    const seL4_CPtr vs = seL4_CapInitThreadVSpace;

    test_error(seL4_TCB_SetSpace(tcb, 0, ep, 0, vs, 0), seL4_IllegalOperation);
    test_error(seL4_TCB_SetSpace(tcb, 0, ROOT, 0, ROOT, 0), seL4_IllegalOperation);
    test_error(seL4_TCB_SetSpace(tcb, 0, ROOT, 0, ep, 0), seL4_IllegalOperation);
    /* non-MCS: the fault endpoint is a cptr, only looked up when a fault
     * happens, so anything is accepted here */
    test_ok(seL4_TCB_SetSpace(tcb, 0xdeadbeef, ROOT, 0, vs, 0));
    test_ok(seL4_TCB_SetSpace(tcb, (seL4_Word)1 << 63, ROOT, 0, vs, 0));
    test_ok(seL4_TCB_SetSpace(tcb, ep, ROOT, 0, vs, 0));

    /* decodeSetSpace: 3 words and 2 extra caps */
    seL4_Word mrs[3] = {0, 0, 0};
    seL4_CPtr caps[2] = {ROOT, vs};
    seL4_MessageInfo_t info = conf_raw_call(tcb, TCBSetSpace, 3, 1, mrs, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(tcb, TCBSetSpace, 2, 2, mrs, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(tcb, TCBSetSpace, 3, 2, mrs, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    return CONF_PASS;
}

CONF_TEST(TCB0015, "SetIPCBuffer: a RAM frame cap at a 1 KiB aligned address; device frames and other caps refused; 0 = none")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    NEW_OBJECT(frame, seL4_X86_4K, 0);
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(dev, 1);
    const seL4_Word addr = CONF_REGION_BASE + 0x42000;

    test_error(seL4_TCB_SetIPCBuffer(tcb, addr + 0x100, frame), seL4_AlignmentError);
    test_error(seL4_TCB_SetIPCBuffer(tcb, addr, ep), seL4_IllegalOperation);
    /* the cap type is checked before the alignment */
    test_error(seL4_TCB_SetIPCBuffer(tcb, addr + 0x100, ep), seL4_IllegalOperation);
    test_ok(seL4_TCB_SetIPCBuffer(tcb, addr + 0x400, frame));
    test_ok(seL4_TCB_SetIPCBuffer(tcb, 0, ep));
    test_ok(seL4_TCB_SetIPCBuffer(tcb, 0, seL4_CapNull));

    /* checkValidIPCBuffer: "Specifying a device frame as an IPC buffer is
     * not permitted" */
    seL4_Word bits = 0;
    seL4_CPtr dev_ut = conf_find_untyped(true, seL4_PageBits, false, &bits);
    if (!dev_ut) {
        test_fail("env: %s", conf_env_error());
    }
    test_ok(retype(dev_ut, seL4_X86_4K, 0, dev, 1));
    test_cap(dev, CAP_FRAME);
    test_error(seL4_TCB_SetIPCBuffer(tcb, addr, dev), seL4_IllegalOperation);

    seL4_Word mrs[1] = {addr};
    seL4_MessageInfo_t info = conf_raw_call(tcb, TCBSetIPCBuffer, 1, 0, mrs, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(tcb, TCBSetIPCBuffer, 0, 1, mrs, &frame);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    return CONF_PASS;
}

static int recv10_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    sh.len = seL4_MessageInfo_get_length(info);
    sh.badge = badge;
    for (int i = 0; i < 10; i++) {
        sh.mr[i] = seL4_GetMR(i);
    }
    return CONF_PASS;
}

CONF_TEST(TCB0016, "SetIPCBuffer at offset 0x400 of the frame: the kernel writes MR4.. there")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_THREAD(t, 100);
    const seL4_Word page = t->ipc_vaddr;
    t->ipc_vaddr = page + 0x400;
    test_ok(seL4_TCB_SetIPCBuffer(t->tcb, t->ipc_vaddr, t->ipc_frame));
    START(t, recv10_fn, ep, 0, 0, 0);
    conf_settle();
    for (int i = 0; i < 10; i++) {
        seL4_SetMR(i, 0xc0de00 + (seL4_Word)i);
    }
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 10));
    JOIN(t);
    test_eq(sh.len, 10);
    for (int i = 0; i < 10; i++) {
        conf_ctx("MR%d", i);
        test_eq(sh.mr[i], 0xc0de00 + (seL4_Word)i);
    }
    /* msg[4] of the buffer at page + 0x400, nothing at the page start */
    volatile seL4_Word *at400 = (volatile seL4_Word *)(page + 0x400);
    volatile seL4_Word *at0 = (volatile seL4_Word *)page;
    test_eq(at400[1 + 4], 0xc0de04);
    test_eq(at400[1 + 9], 0xc0de09);
    test_eq(at0[1 + 4], 0);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Priorities and the MCP rule                                               */

CONF_TEST(TCB0017, "MCP rule: the authority's MCP bounds priority and MCP (RangeError 0..MCP); a new TCB has MCP 0")
{
    NEW_OBJECTS(tcb, seL4_TCBObject, 0, 2);
    seL4_CPtr t = tcb, auth = tcb + 1;
    const seL4_CPtr root = seL4_CapInitThreadTCB;

    /* the root's MCP is 255 */
    test_ok(seL4_TCB_SetPriority(t, root, 255));
    test_range_error(seL4_TCB_SetPriority(t, root, 256), 0, 255);
    test_range_error(seL4_TCB_SetMCPriority(t, root, 256), 0, 255);
    test_range_error(seL4_TCB_SetSchedParams(t, root, 256, 1), 0, 255);

    /* a fresh TCB: MCP 0, so it can only authorise priority 0 */
    test_range_error(seL4_TCB_SetPriority(t, auth, 1), 0, 0);
    test_range_error(seL4_TCB_SetMCPriority(t, auth, 1), 0, 0);
    test_ok(seL4_TCB_SetPriority(t, auth, 0));
    test_ok(seL4_TCB_SetMCPriority(t, auth, 0));

    /* give it MCP 100 (its own priority stays 0: only the MCP counts) */
    test_ok(seL4_TCB_SetMCPriority(auth, root, 100));
    test_ok(seL4_TCB_SetPriority(t, auth, 100));
    test_range_error(seL4_TCB_SetPriority(t, auth, 101), 0, 100);
    test_ok(seL4_TCB_SetMCPriority(t, auth, 100));
    test_range_error(seL4_TCB_SetMCPriority(t, auth, 101), 0, 100);
    /* an authority may lower its own MCP */
    test_ok(seL4_TCB_SetMCPriority(auth, auth, 50));
    test_range_error(seL4_TCB_SetPriority(t, auth, 51), 0, 50);
    test_range_error(seL4_TCB_SetMCPriority(auth, auth, 51), 0, 50);
    return CONF_PASS;
}

CONF_TEST(TCB0018, "SetPriority/SetMCPriority/SetSchedParams: authority not a TCB is InvalidCapability 1; truncated forms")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(empty);

    test_invalid_cap(seL4_TCB_SetPriority(t, ep, 1), 1);
    test_invalid_cap(seL4_TCB_SetMCPriority(t, ep, 1), 1);
    test_invalid_cap(seL4_TCB_SetSchedParams(t, ep, 1, 1), 1);
    test_invalid_cap(seL4_TCB_SetPriority(t, empty, 1), 1);
    /* the authority type is checked before the priority */
    test_invalid_cap(seL4_TCB_SetPriority(t, ep, 1000), 1);

    seL4_Word mrs[2] = {1, 1};
    const seL4_CPtr root = seL4_CapInitThreadTCB;
    static const seL4_Word labels[] = {TCBSetPriority, TCBSetMCPriority,
                                       TCBSetSchedParams};
    for (size_t i = 0; i < 3; i++) {
        conf_ctx("label %lu", labels[i]);
        seL4_MessageInfo_t info = conf_raw_call(t, labels[i], 2, 0, mrs, NULL);
        test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
        info = conf_raw_call(t, labels[i], 0, 1, mrs, &root);
        test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    }
    seL4_MessageInfo_t info = conf_raw_call(t, TCBSetSchedParams, 1, 1, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    return CONF_PASS;
}

CONF_TEST(TCB0019, "SetSchedParams: both MCP and priority are bounded by the authority's MCP; it sets both (MCP seen as authority, priority by the scheduler)")
{
    reset_shared();
    NEW_OBJECTS(tcb, seL4_TCBObject, 0, 2);
    seL4_CPtr auth = tcb, other = tcb + 1;
    NEW_THREAD(t, 1);
    const seL4_CPtr root = seL4_CapInitThreadTCB;

    test_ok(seL4_TCB_SetMCPriority(auth, root, 100));
    /* each of the two is checked (decodeSetSchedParams: MCP, then priority;
     * the errors are identical, so only one is over at a time) */
    test_range_error(seL4_TCB_SetSchedParams(other, auth, 101, 0), 0, 100);
    test_range_error(seL4_TCB_SetSchedParams(other, auth, 0, 101), 0, 100);
    test_ok(seL4_TCB_SetSchedParams(other, auth, 100, 100));

    test_ok(seL4_TCB_SetSchedParams(t->tcb, root, 77, 60));
    test_ok(seL4_TCB_SetPriority(other, t->tcb, 77));
    test_range_error(seL4_TCB_SetPriority(other, t->tcb, 78), 0, 77);

    /* priority 60: not above a root at 61, above a root at 59 */
    test_ok(conf_set_root_prio(61));
    START(t, flag_fn, 5, 0, 0, 0);
    test_eq(sh.flag, 0);
    test_ok(conf_set_root_prio(59));
    /* setPriority of the running thread rescheduled: t ran to completion */
    test_eq(sh.flag, 5);
    test_eq(t->finished, 1);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Thread lifetime                                                           */

CONF_TEST(TCB0020, "a TCB without CSpace and VSpace never runs user code; once configured it runs (double fault report expected)")
{
    reset_shared();
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    test_ok(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100));
    seL4_DebugNameThread(tcb, "TCB0020.nospace");

    /* Scheduled, it has no address space to run in: a VM fault at rip, and
     * with no CSpace the fault handler lookup fails (invalid root): double
     * fault, Inactive. rip is a fixed address so the report is the same on
     * every run. */
    seL4_UserContext regs = {0};
    conf_memzero(&regs, sizeof(regs));
    regs.rip = CONF_REGION_NEVER;
    test_ok(seL4_TCB_WriteRegisters(tcb, true, 0, CONF_NUM_REGS, &regs));
    conf_settle();
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.rip, CONF_REGION_NEVER);

    /* give it everything a thread needs and start it for real */
    NEW_OBJECT(frame, seL4_X86_4K, 0);
    struct conf_thread shadow;
    conf_memzero(&shadow, sizeof(shadow));
    NEW_THREAD(t, 100); /* for its stack and IPC buffer address only */
    shadow = *t;
    shadow.tcb = tcb;
    shadow.ipc_frame = frame;
    shadow.ipc_vaddr = CONF_REGION_FREE;
    test_ok(conf_map_frame(frame, shadow.ipc_vaddr, seL4_AllRights));
    test_ok(seL4_TCB_Configure(tcb, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0,
                               shadow.ipc_vaddr, frame));
    conf_thread_regs(&shadow, flag_fn, 9, 0, 0, 0, &regs);
    test_ok(seL4_TCB_WriteRegisters(tcb, true, 0, CONF_NUM_REGS, &regs));
    conf_settle();
    test_eq(shadow.finished, 1);
    test_eq(shadow.result, CONF_PASS);
    test_eq(sh.flag, 9);
    return CONF_PASS;
}

CONF_TEST(TCB0021, "deleting the last cap of a TCB blocked in Send takes it off the endpoint queue")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, ep, seL4_AllRights, 1));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 2));
    NEW_THREAD(a, 100);
    NEW_THREAD(c, 100);
    START(a, send_fn, b, 0, 0, 0);
    conf_settle();
    START(c, send_fn, b + 1, 0, 0, 0);
    conf_settle();

    /* finaliseCap of the thread cap: suspend (cancelIPC) */
    test_ok(root_delete(a->tcb));
    test_cap(a->tcb, CAP_NULL);
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 2);
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);
    JOIN(c);
    test_eq(a->finished, 0);
    return CONF_PASS;
}

CONF_TEST(TCB0022, "Suspend takes a sender off the endpoint queue; Resume re-executes its Send, queued behind the others")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 3);
    for (seL4_Word i = 0; i < 3; i++) {
        test_ok(root_mint(b + i, ep, seL4_AllRights, i + 1));
    }
    struct conf_thread *s[3];
    for (int i = 0; i < 3; i++) {
        s[i] = conf_thread_new(100);
        if (!s[i]) {
            test_fail("env: %s", conf_env_error());
        }
        START(s[i], send_fn, b + (seL4_Word)i, 0, 0, 0);
        conf_settle();
    }
    /* queue [1, 2, 3] */
    test_ok(seL4_TCB_Suspend(s[0]->tcb));
    test_ok(seL4_TCB_Resume(s[0]->tcb));
    conf_settle();
    /* queue [2, 3, 1] */
    seL4_Word badge = 0, got[4];
    for (int i = 0; i < 4; i++) {
        seL4_NBRecv(ep, &badge);
        got[i] = badge;
    }
    test_eq(got[0], 2);
    test_eq(got[1], 3);
    test_eq(got[2], 1);
    test_eq(got[3], 0);
    for (int i = 0; i < 3; i++) {
        JOIN(s[i]);
    }
    test_eq(s[0]->started, 1);
    return CONF_PASS;
}

/* Continuation for TCB0023: rdi is the badge the kernel wrote when the
 * signal woke the thread, rsi and rdx as written by WriteRegisters. */
static void __attribute__((noreturn, used))
continuation_entry(seL4_Word badge, seL4_Word x, struct conf_thread *t)
{
    sh.badge = badge;
    sh.arg[0] = x;
    sh.flag = 3;
    t->result = CONF_PASS;
    t->finished = 1;
    seL4_Signal(t->done);
    for (;;) {
        seL4_TCB_Suspend(t->tcb);
    }
}

CONF_TEST(TCB0023, "WriteRegisters (no resume) on a thread blocked in seL4_Wait: it stays blocked, then wakes at the new rip")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x77));
    NEW_THREAD(t, 100);
    START(t, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);

    seL4_UserContext regs = {0};
    conf_memzero(&regs, sizeof(regs));
    regs.rip = (seL4_Word)continuation_entry;
    /* below the frames of the abandoned Wait, still SysV-aligned */
    regs.rsp = t->stack_top - CONF_STACK_SIZE / 2 - sizeof(seL4_Word);
    regs.rsi = 0x1234;
    regs.rdx = (seL4_Word)t;
    /* the 18 frame registers: fs_base / gs_base (TLS natively) stay */
    test_ok(seL4_TCB_WriteRegisters(t->tcb, false, 0, 18, &regs));
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(t->finished, 0);

    /* sendSignal sets the badge register (rdi) and makes it Running: it
     * returns to user level at NextIP = the rip written above */
    seL4_Signal(b);
    JOIN(t);
    test_eq(sh.flag, 3);
    test_eq(sh.badge, 0x77);
    test_eq(sh.arg[0], 0x1234);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* TLS                                                                       */

/* After changing its own TLS base the thread touches no TLS (natively that
 * is where its IPC buffer pointer lives): RecvWithMRs leaves the buffer. */
static int set_tls_fn(seL4_Word value, seL4_Word ntfn, seL4_Word a2, seL4_Word a3)
{
    seL4_SetTLSBase(value);
    seL4_RecvWithMRs(ntfn, NULL, NULL, NULL, NULL, NULL);
    return CONF_PASS;
}

CONF_TEST(TCB0024, "TCB_SetTLSBase and the thread's own seL4_SetTLSBase set fs_base (ReadRegisters); gs_base untouched")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_THREAD(t, 100);
    START(t, set_tls_fn, 0x5555000, n, 0, 0);
    conf_settle();
    seL4_UserContext r = {0};
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.fs_base, 0x5555000);
    test_eq(r.gs_base, 0);

    test_ok(seL4_TCB_SetTLSBase(t->tcb, 0x7000123450));
    test_ok(seL4_TCB_ReadRegisters(t->tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.fs_base, 0x7000123450);
    test_eq(r.gs_base, 0);
    /* the thread still runs normally afterwards */
    seL4_Signal(n);
    JOIN(t);

    /* decodeSetTLSBase: length >= 1 */
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    seL4_MessageInfo_t info = conf_raw_call(tcb, TCBSetTLSBase, 0, 0, NULL, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    test_ok(seL4_TCB_SetTLSBase(tcb, 0x1000));
    test_ok(seL4_TCB_ReadRegisters(tcb, false, 0, CONF_NUM_REGS, &r));
    test_eq(r.fs_base, 0x1000);
    return CONF_PASS;
}

static __thread volatile seL4_Word tls_var = 5;

static int tls_fn(seL4_Word mine, seL4_Word ntfn, seL4_Word slot, seL4_Word a3)
{
    volatile seL4_Word *out = (volatile seL4_Word *)slot;
    out[0] = tls_var;
    tls_var = mine;
    seL4_Wait(ntfn, NULL);
    out[1] = tls_var;
    return CONF_PASS;
}

CONF_TEST(TCB0025, "__thread variables: every thread starts from the TLS image and keeps its own value")
{
    static volatile seL4_Word out[2][2];
    conf_memzero(out, sizeof(out));
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_THREAD(a, 100);
    NEW_THREAD(b, 100);
    tls_var = 300;
    START(a, tls_fn, 100, n, (seL4_Word)out[0], 0);
    START(b, tls_fn, 200, n, (seL4_Word)out[1], 0);
    conf_settle();
    /* both have written their own copy and wait */
    seL4_Signal(n);
    conf_settle();
    seL4_Signal(n);
    JOIN(a);
    JOIN(b);
    test_eq(out[0][0], 5);
    test_eq(out[1][0], 5);
    test_eq(out[0][1], 100);
    test_eq(out[1][1], 200);
    test_eq(tls_var, 300);
    return CONF_PASS;
}

CONF_TEST(TCB0026, "labels a TCB cap does not implement are IllegalOperation (no SetAffinity without SMP)")
{
    NEW_OBJECT(tcb, seL4_TCBObject, 0);
    static const seL4_Word labels[] = {InvalidInvocation, UntypedRetype, CNodeRevoke,
                                       CNodeCopy, X86PageMap, 0xfff};
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        conf_ctx("label %lu", labels[i]);
        seL4_MessageInfo_t info = conf_raw_call(tcb, labels[i], 0, 0, NULL, NULL);
        test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
        test_eq(seL4_MessageInfo_get_length(info), 0);
    }
    return CONF_PASS;
}
