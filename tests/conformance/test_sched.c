/*
 * SCHED: seL4's non-MCS scheduler on one core (kernel src/kernel/thread.c:
 * schedule, chooseThread, possibleSwitchTo, setPriority, timerTick;
 * src/api/syscall.c: handleYield; src/object/tcb.c: tcbSchedEnqueue puts a
 * thread at the head of its priority's queue, tcbSchedAppend at the tail).
 * In the spirit of sel4test's SCHED tests.
 *
 * The rules these tests pin down:
 *  - 256 priorities, the highest ready thread runs; a thread made ready at a
 *    higher priority than the current one runs at once (possibleSwitchTo +
 *    schedule: candidate above the current thread -> switchToThread);
 *  - restart() (Resume, WriteRegisters/CopyRegisters with resume) enqueues at
 *    the head (SCHED_ENQUEUE); so does setPriority of a ready thread that does
 *    not run at once, and cancelBadgedSends;
 *  - a thread woken at the current thread's priority is appended behind it
 *    (schedule: was_runnable && equal priority -> SCHED_APPEND);
 *  - seL4_Yield appends the caller to its own queue (handleYield);
 *  - a thread that never enters the kernel is preempted when its timeslice
 *    (CONFIG_TIME_SLICE = 5 ticks of 2 ms) ends and goes to the tail.
 * Only the timeslice tests depend on time, and they only assert that
 * preemption happens within a generous number of loop iterations.
 *
 * Timer ticks land on whatever thread is current, and the root is current
 * most of the time: its timeslice may end at any moment. So a check that a
 * thread at the checker's own priority has not run yet is made by a fresh
 * "driver" thread (a full timeslice of 5 ticks, and it runs for
 * microseconds), never by the root.
 */
#include "framework.h"

/* Loop iterations a spinning thread allows before concluding that it was
 * never preempted: about 2^32, many seconds of spinning, against a 10 ms
 * timeslice. */
#define SPIN_LIMIT (1ul << 32)

static struct {
    struct conf_log log;
    volatile seL4_Word flag;
    volatile seL4_Word flag2;
    volatile seL4_Word badge;
    volatile seL4_Word stop;
    volatile seL4_Word count;
    volatile seL4_Word seen;
    volatile seL4_Word low_ran;
} sh;

static void reset_shared(void)
{
    conf_memzero(&sh, sizeof(sh));
}

static int flag_fn(seL4_Word value, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.flag = value;
    return CONF_PASS;
}

static int log_fn(seL4_Word value, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    conf_log_put(&sh.log, value);
    return CONF_PASS;
}

static int wait_fn(seL4_Word ntfn, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    sh.flag = 1;
    seL4_Wait(ntfn, &badge);
    sh.badge = badge;
    sh.flag = 2;
    return CONF_PASS;
}

CONF_TEST(SCHED0001, "Resume / WriteRegisters(resume) of a thread above the caller's priority runs it before the call returns")
{
    reset_shared();
    NEW_THREAD(t, 150);
    NEW_THREAD(u, 150);
    test_ok(conf_set_root_prio(100));

    START(t, flag_fn, 1, 0, 0, 0);
    test_eq(sh.flag, 1);
    test_eq(t->finished, 1);

    seL4_UserContext regs = {0};
    conf_thread_regs(u, flag_fn, 2, 0, 0, 0, &regs);
    test_ok(seL4_TCB_WriteRegisters(u->tcb, false, 0, CONF_NUM_REGS, &regs));
    test_eq(sh.flag, 1);
    test_eq(u->started, 0);
    test_ok(seL4_TCB_Resume(u->tcb));
    test_eq(sh.flag, 2);
    test_eq(u->finished, 1);
    return CONF_PASS;
}

CONF_TEST(SCHED0002, "a lower-priority thread does not run on Yield or while the root stays above it; it runs once the root drops below")
{
    reset_shared();
    NEW_THREAD(t, 100);
    START(t, flag_fn, 1, 0, 0, 0);
    test_eq(sh.flag, 0);
    seL4_Yield();
    test_eq(sh.flag, 0);
    test_ok(conf_set_root_prio(101));
    test_eq(sh.flag, 0);
    test_ok(conf_set_root_prio(99));
    /* setPriority of the current thread: rescheduled, t ran to completion */
    test_eq(sh.flag, 1);
    test_eq(t->finished, 1);
    return CONF_PASS;
}

static int equal_start_driver_fn(seL4_Word tp, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    struct conf_thread *t = (struct conf_thread *)tp;
    START(t, flag_fn, 1, 0, 0, 0);
    test_eq(sh.flag, 0);
    test_eq(t->started, 0);
    /* handleYield: the driver goes behind t */
    seL4_Yield();
    test_eq(sh.flag, 1);
    test_eq(t->finished, 1);
    return CONF_PASS;
}

CONF_TEST(SCHED0003, "equal priority: a thread resumed by a running thread of its priority waits until that one yields")
{
    reset_shared();
    NEW_THREAD(d, 100);
    NEW_THREAD(t, 100);
    START(d, equal_start_driver_fn, t, 0, 0, 0);
    JOIN(d);
    JOIN(t);
    return CONF_PASS;
}

CONF_TEST(SCHED0004, "strict priorities: eight ready threads run highest first, whatever the order they were started in")
{
    reset_shared();
    static const seL4_Word prios[] = {10, 200, 50, 120, 254, 1, 90, 180};
    for (size_t i = 0; i < sizeof(prios) / sizeof(prios[0]); i++) {
        struct conf_thread *t = conf_thread_new(prios[i]);
        if (!t) {
            test_fail("env: %s", conf_env_error());
        }
        START(t, log_fn, prios[i], 0, 0, 0);
    }
    test_eq(sh.log.n, 0);
    conf_settle();
    test_log(&sh.log, 254, 200, 180, 120, 90, 50, 10, 1);
    return CONF_PASS;
}

static int rr_fn(seL4_Word id, seL4_Word rounds, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word i = 0; i < rounds; i++) {
        conf_log_put(&sh.log, id);
        seL4_Yield();
    }
    return CONF_PASS;
}

CONF_TEST(SCHED0005, "round robin: threads resumed A, B, C at one priority run C B A (head insertion), then rotate on Yield")
{
    reset_shared();
    struct conf_thread *t[3];
    for (seL4_Word i = 0; i < 3; i++) {
        t[i] = conf_thread_new(100);
        if (!t[i]) {
            test_fail("env: %s", conf_env_error());
        }
    }
    for (seL4_Word i = 0; i < 3; i++) {
        START(t[i], rr_fn, i + 1, 3, 0, 0);
    }
    conf_settle();
    test_log(&sh.log, 3, 2, 1, 3, 2, 1, 3, 2, 1);
    for (int i = 0; i < 3; i++) {
        JOIN(t[i]);
    }
    return CONF_PASS;
}

static int equal_setprio_driver_fn(seL4_Word up, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    struct conf_thread *u = (struct conf_thread *)up;
    START(u, flag_fn, 2, 0, 0, 0);
    test_ok(seL4_TCB_SetPriority(u->tcb, seL4_CapInitThreadTCB, 100));
    test_eq(sh.flag, 0);
    seL4_Yield();
    test_eq(sh.flag, 2);
    return CONF_PASS;
}

CONF_TEST(SCHED0006, "SetPriority of a ready thread above the caller switches to it at once; to the caller's level it does not")
{
    reset_shared();
    test_ok(conf_set_root_prio(100));
    NEW_THREAD(t, 50);
    NEW_THREAD(d, 100);
    NEW_THREAD(u, 50);
    START(t, flag_fn, 1, 0, 0, 0);
    test_eq(sh.flag, 0);
    test_ok(seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, 150));
    test_eq(sh.flag, 1);
    test_eq(t->finished, 1);

    reset_shared();
    test_ok(conf_set_root_prio(255));
    START(d, equal_setprio_driver_fn, u, 0, 0, 0);
    JOIN(d);
    JOIN(u);
    return CONF_PASS;
}

CONF_TEST(SCHED0007, "SetPriority of a blocked thread takes effect when it wakes: raised above the signaller, it runs at once")
{
    reset_shared();
    test_ok(conf_set_root_prio(100));
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x9));
    NEW_THREAD(t, 50);
    START(t, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    test_ok(seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, 150));
    test_eq(sh.flag, 1);
    seL4_Signal(b);
    test_eq(sh.flag, 2);
    test_eq(sh.badge, 0x9);
    test_eq(t->finished, 1);
    return CONF_PASS;
}

static int equal_signal_driver_fn(seL4_Word ep_, seL4_Word ntfn, seL4_Word a2, seL4_Word a3)
{
    struct conf_thread *e = (struct conf_thread *)ep_;
    START(e, wait_fn, ntfn, 0, 0, 0);
    test_eq(sh.flag, 0);
    seL4_Yield();
    test_eq(sh.flag, 1);
    seL4_Signal(ntfn);
    /* woken at the driver's priority: appended behind it */
    test_eq(sh.flag, 1);
    seL4_Yield();
    test_eq(sh.flag, 2);
    test_eq(e->finished, 1);
    return CONF_PASS;
}

CONF_TEST(SCHED0008, "Signal wakes a higher-priority waiter at once; an equal-priority waiter runs only after the signaller yields")
{
    reset_shared();
    test_ok(conf_set_root_prio(100));
    NEW_OBJECTS(n, seL4_NotificationObject, 0, 2);

    NEW_THREAD(h, 150);
    START(h, wait_fn, n, 0, 0, 0);
    /* above the root: it ran at once, up to its Wait */
    test_eq(sh.flag, 1);
    seL4_Signal(n);
    test_eq(sh.flag, 2);
    test_eq(h->finished, 1);

    reset_shared();
    test_ok(conf_set_root_prio(255));
    NEW_THREAD(d, 100);
    NEW_THREAD(e, 100);
    START(d, equal_signal_driver_fn, e, n + 1, 0, 0);
    JOIN(d);
    JOIN(e);
    return CONF_PASS;
}

static int recv_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    seL4_Recv(ep, &badge);
    sh.badge = badge;
    sh.flag = seL4_GetMR(0);
    return CONF_PASS;
}

static int server_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    seL4_Recv(ep, &badge);
    sh.flag = 1;
    seL4_SetMR(0, 99);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    /* the caller has the higher priority: this runs only later */
    sh.flag2 = 1;
    seL4_Recv(ep, &badge);
    return CONF_PASS;
}

CONF_TEST(SCHED0009, "IPC switches: Send to a waiting higher-priority receiver and Reply to a higher-priority caller run it at once")
{
    reset_shared();
    test_ok(conf_set_root_prio(100));
    NEW_OBJECTS(ep, seL4_EndpointObject, 0, 2);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x42));

    NEW_THREAD(r, 150);
    START(r, recv_fn, ep, 0, 0, 0);
    test_eq(r->finished, 0);
    seL4_SetMR(0, 7);
    seL4_Send(b, seL4_MessageInfo_new(0, 0, 0, 1));
    test_eq(r->finished, 1);
    test_eq(sh.flag, 7);
    test_eq(sh.badge, 0x42);

    reset_shared();
    NEW_THREAD(s, 50);
    START(s, server_fn, ep + 1, 0, 0, 0);
    conf_settle();
    seL4_SetMR(0, 1);
    seL4_MessageInfo_t info = seL4_Call(ep + 1, seL4_MessageInfo_new(0, 0, 0, 1));
    test_eq(seL4_MessageInfo_get_length(info), 1);
    test_mr(0, 99);
    test_eq(sh.flag, 1);
    /* doReplyTransfer: possibleSwitchTo(caller at 100) from a server at 50 */
    test_eq(sh.flag2, 0);
    conf_settle();
    test_eq(sh.flag2, 1);
    return CONF_PASS;
}

static int spin_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word i = 0;
    while (!sh.stop && i < SPIN_LIMIT) {
        i++;
        sh.count = i;
    }
    if (!sh.stop) {
        test_fail("spun %lu iterations without being preempted", i);
    }
    return CONF_PASS;
}

static int stopper_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.seen = sh.count;
    sh.stop = 1;
    return CONF_PASS;
}

CONF_TEST(SCHED0010, "timeslice: a thread that never enters the kernel is preempted, and an equal-priority thread runs")
{
    reset_shared();
    NEW_THREAD(b, 50);
    NEW_THREAD(a, 50);
    START(b, stopper_fn, 0, 0, 0, 0);
    START(a, spin_fn, 0, 0, 0, 0);
    /* queue [a, b]: a spins first; b only runs when a's timeslice ends */
    seL4_Wait(b->done, NULL);
    test_eq(b->finished, 1);
    test_eq(a->started, 1);
    test_gt(sh.seen, 0);
    JOIN(a);
    return CONF_PASS;
}

CONF_TEST(SCHED0011, "timeslice: the root, at the same priority as a spinning thread, gets the CPU back after yielding to it")
{
    reset_shared();
    test_ok(conf_set_root_prio(50));
    NEW_THREAD(s, 50);
    START(s, spin_fn, 0, 0, 0, 0);
    seL4_Yield();
    /* back here only because s's timeslice ended (timerTick appends it) */
    test_eq(s->started, 1);
    test_gt(sh.count, 0);
    test_eq(s->finished, 0);
    sh.stop = 1;
    JOIN(s);
    return CONF_PASS;
}

static int high_spin_fn(seL4_Word iterations, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word i = 0; i < iterations; i++) {
        if (sh.low_ran) {
            test_fail("the lower-priority thread ran after %lu iterations", i);
        }
        sh.count = i;
    }
    return CONF_PASS;
}

static int low_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    sh.low_ran = 1;
    return CONF_PASS;
}

CONF_TEST(SCHED0012, "one thread at a time: a ready lower-priority thread never runs while a higher one spins through timer ticks")
{
    reset_shared();
    NEW_THREAD(l, 100);
    NEW_THREAD(h, 200);
    START(l, low_fn, 0, 0, 0, 0);
    START(h, high_spin_fn, 20 * 1000 * 1000, 0, 0, 0);
    seL4_Wait(h->done, NULL);
    test_eq(h->result, CONF_PASS);
    /* the root (255) took over straight from h */
    test_eq(sh.low_ran, 0);
    JOIN(l);
    test_eq(sh.low_ran, 1);
    return CONF_PASS;
}

CONF_TEST(SCHED0013, "Suspend of a preempted spinning thread stops it; Resume continues it where it was, not from its entry")
{
    reset_shared();
    test_ok(conf_set_root_prio(50));
    NEW_THREAD(s, 50);
    START(s, spin_fn, 0, 0, 0, 0);
    seL4_Yield();
    test_eq(s->started, 1);
    test_gt(sh.count, 0);

    test_ok(seL4_TCB_Suspend(s->tcb));
    seL4_Word c = sh.count;
    seL4_Yield();
    conf_settle();
    test_eq(sh.count, c);

    test_ok(seL4_TCB_Resume(s->tcb));
    seL4_Yield();
    test_gt(sh.count, c);
    test_eq(s->started, 1);
    sh.stop = 1;
    JOIN(s);
    return CONF_PASS;
}

static int wait_log_fn(seL4_Word ntfn, seL4_Word id, seL4_Word a2, seL4_Word a3)
{
    seL4_Wait(ntfn, NULL);
    conf_log_put(&sh.log, id);
    return CONF_PASS;
}

static int tail_driver_fn(seL4_Word wp, seL4_Word ap, seL4_Word ntfn, seL4_Word a3)
{
    struct conf_thread *w = (struct conf_thread *)wp;
    struct conf_thread *a = (struct conf_thread *)ap;
    START(w, wait_log_fn, ntfn, 2, 0, 0);
    seL4_Yield();
    /* w is blocked; a is made ready (at the head), then w is woken */
    START(a, log_fn, 1, 0, 0, 0);
    seL4_Signal(ntfn);
    test_eq(sh.log.n, 0);
    seL4_Yield();
    test_log(&sh.log, 1, 2);
    return CONF_PASS;
}

CONF_TEST(SCHED0014, "a thread woken at the current priority goes to the tail: it runs after threads already ready")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_THREAD(d, 100);
    NEW_THREAD(w, 100);
    NEW_THREAD(a, 100);
    START(d, tail_driver_fn, w, a, n, 0);
    JOIN(d);
    JOIN(w);
    JOIN(a);
    return CONF_PASS;
}

CONF_TEST(SCHED0015, "SetPriority of a ready thread puts it at the head of its new priority's queue")
{
    reset_shared();
    NEW_THREAD(a, 100);
    NEW_THREAD(b, 100);
    NEW_THREAD(c, 50);
    START(a, log_fn, 1, 0, 0, 0);
    START(b, log_fn, 2, 0, 0, 0);
    START(c, log_fn, 3, 0, 0, 0);
    /* queue at 100: [b, a]; c moves there, at the head */
    test_ok(seL4_TCB_SetPriority(c->tcb, seL4_CapInitThreadTCB, 100));
    conf_settle();
    test_log(&sh.log, 3, 2, 1);
    return CONF_PASS;
}

CONF_TEST(SCHED0016, "the root runs at priority 255: a thread at 254 waits for it; 255 is a valid priority above 254")
{
    reset_shared();
    NEW_THREAD(t, 254);
    START(t, flag_fn, 1, 0, 0, 0);
    seL4_Yield();
    test_eq(sh.flag, 0);
    test_ok(seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, 255));
    test_ok(conf_set_root_prio(254));
    test_eq(sh.flag, 1);
    test_eq(t->finished, 1);
    return CONF_PASS;
}
