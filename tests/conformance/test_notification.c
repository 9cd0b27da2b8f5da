/*
 * NTFN, BIND, SYNC: notifications (kernel src/object/notification.c:
 * sendSignal, receiveSignal, cancelSignal, completeSignal, bindNotification;
 * src/object/tcb.c decodeBindNotification / decodeUnbindNotification;
 * src/object/endpoint.c receiveIPC, which first takes a pending signal of the
 * bound notification). In the spirit of sel4test's BIND, SYNC and SERSERV
 * tests.
 *
 * Facts the tests lean on:
 *  - Signal with nobody waiting: Idle -> Active(badge), Active -> badge OR'ed;
 *    a Wait / Poll on an Active notification returns the word and makes it
 *    Idle; Poll with nothing pending returns badge 0 and never blocks;
 *  - waiters are queued FIFO, one signal wakes the head only; a badge-0
 *    signal is a signal all the same;
 *  - a signal to an Idle notification whose bound TCB is BlockedOnReceive
 *    (on an endpoint) cancels that receive and delivers the badge; in any
 *    other state of the bound TCB the notification becomes Active;
 *  - only the badge register is defined after a signal is received (the
 *    message info is not written), so these tests look at badges only.
 */
#include "framework.h"

static struct {
    struct conf_log log;
    volatile seL4_Word flag;
    volatile seL4_Word badge;
    volatile seL4_Word inside;
    volatile seL4_Word total;
    volatile seL4_Word item;
    volatile seL4_Word sum;
    volatile seL4_Word reply[4];
} sh;

static void reset_shared(void)
{
    conf_memzero(&sh, sizeof(sh));
}

static int wait_fn(seL4_Word ntfn, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0x1;
    sh.flag = 1;
    seL4_Wait(ntfn, &badge);
    sh.badge = badge;
    sh.flag = 2;
    return CONF_PASS;
}

/* Waits n times on ntfn (blocking), logging id * 0x1000 + badge. */
static int wait_log_fn(seL4_Word ntfn, seL4_Word id, seL4_Word n, seL4_Word a3)
{
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Word badge = 0;
        seL4_Wait(ntfn, &badge);
        conf_log_put(&sh.log, id * 0x1000 + badge);
    }
    return CONF_PASS;
}

/* Receives n times on src (endpoint or notification), logging badges. */
static int recv_log_fn(seL4_Word src, seL4_Word n, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Word badge = 0;
        seL4_Recv(src, &badge);
        conf_log_put(&sh.log, badge);
    }
    return CONF_PASS;
}

static int send_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Notifications                                                             */

CONF_TEST(NTFN0001, "signals with nobody waiting OR their badges; Poll returns the word once and clears it (64-bit badges)")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 4);
    test_ok(root_mint(b, n, seL4_AllRights, 0x1));
    test_ok(root_mint(b + 1, n, seL4_AllRights, 0x2));
    test_ok(root_mint(b + 2, n, seL4_AllRights, 0x8));
    test_ok(root_mint(b + 3, n, seL4_AllRights, 0x8000000000000000ull));

    test_eq(conf_poll(n), 0);
    seL4_Signal(b);
    seL4_Signal(b + 1);
    seL4_Signal(b + 2);
    seL4_Signal(b);
    test_eq(conf_poll(n), 0xb);
    test_eq(conf_poll(n), 0);
    seL4_Signal(b + 3);
    seL4_Signal(b);
    test_eq(conf_poll(n), 0x8000000000000001ull);
    /* polling through a badged cap returns the pending word, not the cap's
     * own badge */
    seL4_Signal(b + 1);
    test_eq(conf_poll(b), 0x2);
    test_eq(conf_poll(b), 0);
    return CONF_PASS;
}

CONF_TEST(NTFN0002, "Wait blocks until a signal, then returns the signaller's badge")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0xf00000000000000full));
    NEW_THREAD(w, 100);
    START(w, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(w->finished, 0);
    seL4_Signal(b);
    JOIN(w);
    test_eq(sh.flag, 2);
    test_eq(sh.badge, 0xf00000000000000full);
    test_eq(conf_poll(n), 0);
    return CONF_PASS;
}

static int gated_wait_log_fn(seL4_Word gate, seL4_Word ntfn, seL4_Word id, seL4_Word a3)
{
    seL4_Wait(gate, NULL);
    seL4_Word badge = 0;
    seL4_Wait(ntfn, &badge);
    conf_log_put(&sh.log, id * 0x1000 + badge);
    return CONF_PASS;
}

CONF_TEST(NTFN0003, "waiters queue FIFO whatever their priorities; each signal wakes exactly the head waiter")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECTS(gate, seL4_NotificationObject, 0, 2);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, n, seL4_AllRights, 0x1));
    test_ok(root_mint(b + 1, n, seL4_AllRights, 0x2));
    NEW_THREAD(lo, 50);
    NEW_THREAD(hi, 150);
    START(lo, gated_wait_log_fn, gate, n, 1, 0);
    START(hi, gated_wait_log_fn, gate + 1, n, 2, 0);
    conf_settle();
    seL4_Signal(gate);
    conf_settle();
    seL4_Signal(gate + 1);
    conf_settle();
    /* queue [lo, hi] */
    seL4_Signal(b);
    conf_settle();
    test_log(&sh.log, 0x1001);
    test_eq(hi->finished, 0);
    seL4_Signal(b + 1);
    conf_settle();
    test_log(&sh.log, 0x1001, 0x2002);
    JOIN(lo);
    JOIN(hi);
    return CONF_PASS;
}

CONF_TEST(NTFN0004, "Poll never blocks and never takes a signal meant for a waiter: badge 0 when idle or when threads wait")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x4));
    test_eq(conf_poll(n), 0);
    NEW_THREAD(w, 100);
    START(w, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    /* state Waiting: an NBRecv fails (badge 0) and leaves the queue alone */
    seL4_Word badge = 0x99;
    seL4_NBRecv(n, &badge);
    test_eq(badge, 0);
    seL4_Signal(b);
    test_eq(conf_poll(n), 0);
    JOIN(w);
    test_eq(sh.badge, 0x4);
    return CONF_PASS;
}

CONF_TEST(NTFN0005, "a badge-0 signal is a signal: it wakes a waiter (badge 0), a pending one lets Wait return; Poll consumes it")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);

    /* pending badge-0 signal: Wait returns at once */
    seL4_Signal(n);
    NEW_THREAD(w1, 100);
    START(w1, wait_fn, n, 0, 0, 0);
    JOIN(w1);
    test_eq(sh.badge, 0);

    /* a waiter is woken by it */
    reset_shared();
    NEW_THREAD(w2, 100);
    START(w2, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    seL4_Signal(n);
    JOIN(w2);
    test_eq(sh.badge, 0);

    /* Poll takes a pending badge-0 signal: the next Wait blocks */
    reset_shared();
    seL4_Signal(n);
    test_eq(conf_poll(n), 0);
    NEW_THREAD(w3, 100);
    START(w3, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    test_eq(w3->finished, 0);
    return CONF_PASS;
}

CONF_TEST(NTFN0006, "a waiter whose TCB is deleted leaves the queue: the next signal goes to the waiter behind it")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x6));
    NEW_THREAD(w1, 100);
    NEW_THREAD(w2, 100);
    START(w1, wait_log_fn, n, 1, 1, 0);
    conf_settle();
    START(w2, wait_log_fn, n, 2, 1, 0);
    conf_settle();
    test_ok(root_delete(w1->tcb));
    seL4_Signal(b);
    JOIN(w2);
    test_log(&sh.log, 0x2006);
    test_eq(conf_poll(n), 0);
    return CONF_PASS;
}

CONF_TEST(NTFN0007, "signals sent while the woken waiter has not run yet accumulate for its next Wait")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 3);
    test_ok(root_mint(b, n, seL4_AllRights, 0x1));
    test_ok(root_mint(b + 1, n, seL4_AllRights, 0x2));
    test_ok(root_mint(b + 2, n, seL4_AllRights, 0x4));
    NEW_THREAD(w, 100);
    START(w, wait_log_fn, n, 1, 2, 0);
    conf_settle();
    seL4_Signal(b);     /* wakes w (it has not run yet) */
    seL4_Signal(b + 1); /* Idle again: Active(2) */
    seL4_Signal(b + 2); /* Active(2 | 4) */
    JOIN(w);
    test_log(&sh.log, 0x1001, 0x1006);
    return CONF_PASS;
}

CONF_TEST(NTFN0008, "Send, NBSend and Call on a notification cap signal it (words ignored; Call gets an empty reply); no Write, no signal")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 4);
    test_ok(root_mint(b, n, seL4_AllRights, 0x10));
    test_ok(root_mint(b + 1, n, seL4_AllRights, 0x20));
    test_ok(root_mint(b + 2, n, seL4_AllRights, 0x40));
    test_ok(root_mint(b + 3, n, seL4_CanRead, 0x80));

    seL4_SetMR(0, 0x1234);
    seL4_NBSend(b, seL4_MessageInfo_new(5, 0, 0, 3));
    test_eq(conf_poll(n), 0x10);
    seL4_Send(b + 1, seL4_MessageInfo_new(0, 0, 0, 2));
    test_eq(conf_poll(n), 0x20);
    seL4_MessageInfo_t info = seL4_Call(b + 2, seL4_MessageInfo_new(9, 0, 0, 1));
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    test_eq(conf_poll(n), 0x40);
    seL4_Signal(b + 3);
    seL4_NBSend(b + 3, seL4_MessageInfo_new(0, 0, 0, 0));
    test_eq(conf_poll(n), 0);
    return CONF_PASS;
}

CONF_TEST(NTFN0009, "rights per operation: Wait through a read-only cap, Signal through a write-only cap")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_copy(b, n, seL4_CanRead));
    test_ok(root_mint(b + 1, n, seL4_CanWrite, 0x3));
    NEW_THREAD(w, 100);
    START(w, wait_fn, b, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    seL4_Signal(b + 1);
    JOIN(w);
    test_eq(sh.badge, 0x3);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Bound notifications                                                       */

CONF_TEST(BIND0001, "a signal to the bound notification ends the TCB's Recv on an endpoint, with the notification badge")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, n, seL4_AllRights, 0x40));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0x9));
    NEW_THREAD(t, 100);
    test_ok(seL4_TCB_BindNotification(t->tcb, n));
    START(t, recv_log_fn, ep, 1, 0, 0);
    conf_settle();
    test_eq(t->finished, 0);
    seL4_Signal(b);
    JOIN(t);
    test_log(&sh.log, 0x40);
    /* (no Poll of n here: a notification bound to another TCB cannot be
     * received on by the root, that would be a cap fault) */
    /* cancelIPC took it off the endpoint: nobody receives there now */
    seL4_NBSend(b + 1, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);
    return CONF_PASS;
}

CONF_TEST(BIND0002, "a pending bound signal is returned by Recv before a queued sender; the sender's message comes next")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, n, seL4_AllRights, 0x40));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0x7));
    NEW_THREAD(s, 100);
    NEW_THREAD(t, 100);
    test_ok(seL4_TCB_BindNotification(t->tcb, n));
    START(s, send_fn, b + 1, 0, 0, 0);
    conf_settle();
    /* t is not receiving: the notification becomes Active */
    seL4_Signal(b);
    START(t, recv_log_fn, ep, 2, 0, 0);
    JOIN(t);
    test_log(&sh.log, 0x40, 0x7);
    JOIN(s);
    return CONF_PASS;
}

CONF_TEST(BIND0003, "while bound, endpoint messages still arrive with the endpoint badge; signals in between with theirs")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, n, seL4_AllRights, 0x40));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0x9));
    NEW_THREAD(t, 100);
    test_ok(seL4_TCB_BindNotification(t->tcb, n));
    START(t, recv_log_fn, ep, 3, 0, 0);
    conf_settle();
    seL4_NBSend(b + 1, seL4_MessageInfo_new(0, 0, 0, 0));
    conf_settle();
    seL4_Signal(b);
    conf_settle();
    seL4_NBSend(b + 1, seL4_MessageInfo_new(0, 0, 0, 0));
    JOIN(t);
    test_log(&sh.log, 0x9, 0x40, 0x9);
    return CONF_PASS;
}

CONF_TEST(BIND0004, "the bound TCB itself may Wait on its notification (others may not: see FAULT0006)")
{
    reset_shared();
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x5));
    NEW_THREAD(t, 100);
    test_ok(seL4_TCB_BindNotification(t->tcb, n));
    START(t, wait_fn, n, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    seL4_Signal(b);
    JOIN(t);
    test_eq(sh.badge, 0x5);
    return CONF_PASS;
}

CONF_TEST(BIND0005, "after Unbind a signal no longer ends the endpoint Recv: it stays pending in the notification")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, n, seL4_AllRights, 0x40));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0x9));
    NEW_THREAD(t, 100);
    test_ok(seL4_TCB_BindNotification(t->tcb, n));
    test_ok(seL4_TCB_UnbindNotification(t->tcb));
    START(t, recv_log_fn, ep, 1, 0, 0);
    conf_settle();
    seL4_Signal(b);
    conf_settle();
    test_eq(t->finished, 0);
    test_eq(conf_poll(n), 0x40);
    seL4_NBSend(b + 1, seL4_MessageInfo_new(0, 0, 0, 0));
    JOIN(t);
    test_log(&sh.log, 0x9);
    return CONF_PASS;
}

CONF_TEST(BIND0006, "Bind/Unbind checks: one notification per TCB and TCB per notification, Read right, no waiters; errors")
{
    reset_shared();
    NEW_OBJECTS(n, seL4_NotificationObject, 0, 3);
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECTS(tcb, seL4_TCBObject, 0, 2);
    NEW_SLOTS(s, 2);
    seL4_CPtr t1 = tcb, t2 = tcb + 1, wo = s, empty = s + 1;
    test_ok(root_copy(wo, n + 1, seL4_CanWrite));

    test_ok(seL4_TCB_BindNotification(t1, n));
    /* decodeBindNotification: TCB already bound */
    test_error(seL4_TCB_BindNotification(t1, n + 1), seL4_IllegalOperation);
    /* notification already bound to another TCB */
    test_error(seL4_TCB_BindNotification(t2, n), seL4_IllegalOperation);
    /* not a notification; no cap at all */
    test_error(seL4_TCB_BindNotification(t2, ep), seL4_IllegalOperation);
    test_error(seL4_TCB_BindNotification(t2, empty), seL4_IllegalOperation);
    /* no Read right */
    test_error(seL4_TCB_BindNotification(t2, wo), seL4_IllegalOperation);
    /* a notification with a waiting thread */
    NEW_THREAD(w, 100);
    START(w, wait_fn, n + 2, 0, 0, 0);
    conf_settle();
    test_eq(sh.flag, 1);
    test_error(seL4_TCB_BindNotification(t2, n + 2), seL4_IllegalOperation);
    /* missing cap */
    seL4_MessageInfo_t info = conf_raw_call(t2, TCBBindNotification, 0, 0, NULL, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);

    test_error(seL4_TCB_UnbindNotification(t2), seL4_IllegalOperation);
    test_ok(seL4_TCB_UnbindNotification(t1));
    test_error(seL4_TCB_UnbindNotification(t1), seL4_IllegalOperation);
    /* free again, both ways */
    test_ok(seL4_TCB_BindNotification(t2, n));
    test_ok(seL4_TCB_BindNotification(t1, n + 1));
    return CONF_PASS;
}

CONF_TEST(BIND0007, "deleting the bound notification or the bound TCB unbinds: both can be bound again")
{
    NEW_OBJECTS(n, seL4_NotificationObject, 0, 3);
    NEW_OBJECTS(tcb, seL4_TCBObject, 0, 3);
    test_ok(seL4_TCB_BindNotification(tcb, n));
    test_ok(root_delete(n));
    test_ok(seL4_TCB_BindNotification(tcb, n + 1));

    test_ok(seL4_TCB_BindNotification(tcb + 1, n + 2));
    test_ok(root_delete(tcb + 1));
    test_ok(seL4_TCB_BindNotification(tcb + 2, n + 2));
    return CONF_PASS;
}

static int call_then_recv_fn(seL4_Word ep, seL4_Word ep2, seL4_Word a2, seL4_Word a3)
{
    seL4_SetMR(0, 1);
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    conf_log_put(&sh.log, seL4_GetMR(0));
    seL4_Word badge = 0;
    seL4_Recv(ep2, &badge);
    conf_log_put(&sh.log, badge);
    return CONF_PASS;
}

CONF_TEST(BIND0008, "a bound TCB blocked on a reply is not woken by a signal: its Call returns the reply, the signal waits for its next Recv")
{
    reset_shared();
    NEW_OBJECTS(ep, seL4_EndpointObject, 0, 2);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, 0x40));
    NEW_THREAD(t, 100);
    test_ok(seL4_TCB_BindNotification(t->tcb, n));
    START(t, call_then_recv_fn, ep, ep + 1, 0, 0);
    seL4_Word badge = 0;
    conf_settle_nbrecv(ep, &badge);
    test_mr(0, 1);
    seL4_Signal(b);
    conf_settle();
    test_eq(sh.log.n, 0);
    seL4_SetMR(0, 0x77);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    JOIN(t);
    test_log(&sh.log, 0x77, 0x40);
    return CONF_PASS;
}

static int wait_other_then_own_fn(seL4_Word other, seL4_Word own, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    seL4_Wait(other, &badge);
    conf_log_put(&sh.log, badge);
    seL4_Wait(own, &badge);
    conf_log_put(&sh.log, badge);
    return CONF_PASS;
}

CONF_TEST(BIND0009, "a bound TCB waiting on another notification is not woken by its bound one; that signal stays pending")
{
    reset_shared();
    NEW_OBJECTS(n, seL4_NotificationObject, 0, 2);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, n, seL4_AllRights, 0x40));
    test_ok(root_mint(b + 1, n + 1, seL4_AllRights, 0x3));
    NEW_THREAD(t, 100);
    test_ok(seL4_TCB_BindNotification(t->tcb, n));
    START(t, wait_other_then_own_fn, n + 1, n, 0, 0);
    conf_settle();
    seL4_Signal(b);
    conf_settle();
    test_eq(sh.log.n, 0);
    seL4_Signal(b + 1);
    JOIN(t);
    test_log(&sh.log, 0x3, 0x40);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Synchronisation built on notifications                                    */

static int mutex_fn(seL4_Word lock, seL4_Word rounds, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word k = 0; k < rounds; k++) {
        seL4_Wait(lock, NULL);
        sh.inside++;
        if (sh.inside != 1) {
            test_fail("%lu threads in the critical section", sh.inside);
        }
        seL4_Yield();
        sh.total++;
        sh.inside--;
        seL4_Signal(lock);
        seL4_Yield();
    }
    return CONF_PASS;
}

CONF_TEST(SYNC0001, "a notification as a binary semaphore: three threads yielding inside the critical section never overlap")
{
    reset_shared();
    NEW_OBJECT(lock, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, lock, seL4_AllRights, 1));
    seL4_Signal(b);
    struct conf_thread *t[3];
    for (int i = 0; i < 3; i++) {
        t[i] = conf_thread_new(100);
        if (!t[i]) {
            test_fail("env: %s", conf_env_error());
        }
        START(t[i], mutex_fn, b, 20, 0, 0);
    }
    for (int i = 0; i < 3; i++) {
        JOIN(t[i]);
    }
    test_eq(sh.total, 60);
    test_eq(sh.inside, 0);
    /* the token is back, pending */
    test_eq(conf_poll(lock), 1);
    return CONF_PASS;
}

static int producer_fn(seL4_Word empty, seL4_Word full, seL4_Word n, seL4_Word a3)
{
    for (seL4_Word i = 1; i <= n; i++) {
        seL4_Wait(empty, NULL);
        sh.item = i;
        seL4_Signal(full);
    }
    return CONF_PASS;
}

static int consumer_fn(seL4_Word empty, seL4_Word full, seL4_Word n, seL4_Word a3)
{
    for (seL4_Word i = 1; i <= n; i++) {
        seL4_Wait(full, NULL);
        test_eq(sh.item, i);
        sh.sum += sh.item;
        seL4_Signal(empty);
    }
    return CONF_PASS;
}

CONF_TEST(SYNC0002, "producer/consumer over two notifications (empty, full), at different priorities: 50 items in order")
{
    reset_shared();
    NEW_OBJECTS(n, seL4_NotificationObject, 0, 2);
    seL4_CPtr empty = n, full = n + 1;
    seL4_Signal(empty);
    NEW_THREAD(p, 100);
    NEW_THREAD(c, 150);
    START(p, producer_fn, empty, full, 50, 0);
    START(c, consumer_fn, empty, full, 50, 0);
    JOIN(p);
    JOIN(c);
    test_eq(sh.sum, 50 * 51 / 2);
    return CONF_PASS;
}

/* A server whose one Recv loop takes both calls on ep and signals on its
 * bound notification; notification badges have bit 63 set. */
#define NTFN_BADGE_BIT 0x8000000000000000ull

static int bound_server_fn(seL4_Word ep, seL4_Word requests, seL4_Word a2, seL4_Word a3)
{
    seL4_Word seen = 0, badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (seL4_Word k = 0; k < requests;) {
        if (badge & NTFN_BADGE_BIT) {
            seen |= badge & ~NTFN_BADGE_BIT;
            /* nobody to reply to: the caller slot is empty */
            info = seL4_Recv(ep, &badge);
            continue;
        }
        k++;
        seL4_SetMR(0, seen);
        info = seL4_MessageInfo_new(0, 0, 0, 1);
        if (k == requests) {
            seL4_Reply(info);
            break;
        }
        info = seL4_ReplyRecv(ep, info, &badge);
    }
    return CONF_PASS;
}

static int bound_client_fn(seL4_Word ep, seL4_Word gate, seL4_Word a2, seL4_Word a3)
{
    for (int k = 0; k < 3; k++) {
        seL4_SetMR(0, 0);
        seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        sh.reply[k] = seL4_GetMR(0);
        if (k < 2) {
            seL4_Wait(gate, NULL);
        }
    }
    return CONF_PASS;
}

CONF_TEST(SERSERV0002, "a server with a bound notification serves calls and signals from one Recv loop, told apart by badge")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECTS(n, seL4_NotificationObject, 0, 2);
    seL4_CPtr gate = n + 1;
    NEW_SLOTS(b, 3);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x1));
    test_ok(root_mint(b + 1, n, seL4_AllRights, NTFN_BADGE_BIT | 0x10));
    test_ok(root_mint(b + 2, n, seL4_AllRights, NTFN_BADGE_BIT | 0x20));
    NEW_THREAD(s, 120);
    NEW_THREAD(c, 100);
    test_ok(seL4_TCB_BindNotification(s->tcb, n));
    START(s, bound_server_fn, ep, 3, 0, 0);
    START(c, bound_client_fn, b, gate, 0, 0);
    conf_settle();
    seL4_Signal(b + 1);
    conf_settle();
    seL4_Signal(gate);
    conf_settle();
    seL4_Signal(b + 2);
    seL4_Signal(gate);
    JOIN(c);
    JOIN(s);
    test_eq(sh.reply[0], 0);
    test_eq(sh.reply[1], 0x10);
    test_eq(sh.reply[2], 0x30);
    return CONF_PASS;
}
