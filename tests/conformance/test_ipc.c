/*
 * IPC: endpoints (kernel src/object/endpoint.c: sendIPC, receiveIPC,
 * cancelIPC, cancelAllIPC, cancelBadgedSends), the message transfer
 * (src/kernel/thread.c: doIPCTransfer, doNormalTransfer, transferCaps,
 * doReplyTransfer; src/object/tcb.c: copyMRs, lookupExtraCaps,
 * setupCallerCap; src/kernel/cspace.c getReceiveSlots) and the non-MCS
 * reply capability (src/api/syscall.c handleReply, src/object/cnode.c
 * SaveCaller). In the spirit of sel4test's IPC, CANCEL_BADGED_SENDS and
 * SERSERV tests.
 *
 * Facts the tests lean on:
 *  - endpoint queues are FIFO whatever the priorities (tcbEPAppend);
 *  - the receiver gets the badge of the sender's cap, the sender's label,
 *    length = the words copied (at most 120: messageInfoFromWord clamps; at
 *    most 4 without a kernel-visible IPC buffer on either side), extraCaps =
 *    caps processed before transferCaps stopped, capsUnwrapped = bits of the
 *    caps that were caps to the receiving endpoint (their badges go to
 *    caps_or_badges[i]);
 *  - caps move only through a sender cap with Grant; at most one cap is
 *    really transferred (one receive slot); the transfer stops at the first
 *    cap that cannot be (no free receive slot, deriveCap fails or gives null);
 *  - a Call through a cap with Grant or GrantReply leaves a reply cap in the
 *    receiver's caller slot (canGrant = the receiver's cap has Grant);
 *    otherwise the caller becomes Inactive;
 *  - a new Recv deletes the caller slot's reply cap; cancelIPC of a caller
 *    blocked on reply deletes its reply cap wherever it is;
 *  - threads restarted by cancelAllIPC / cancelBadgedSends re-execute their
 *    send, and are enqueued at the head of their ready queue in queue order.
 */
#include "framework.h"

static struct {
    struct conf_log log;
    volatile seL4_Word badge;
    volatile seL4_Word label;
    volatile seL4_Word len;
    volatile seL4_Word extra;
    volatile seL4_Word unwrapped;
    volatile seL4_Word mr[seL4_MsgMaxLength];
    volatile seL4_Word cob[seL4_MsgMaxExtraCaps];
    volatile seL4_Word flag;
    volatile seL4_Word reply_label[4];
    volatile seL4_Word reply_len[4];
    volatile seL4_Word reply_mr0[4];
    volatile seL4_Word reply_extra[4];
} sh;

static void reset_shared(void)
{
    conf_memzero(&sh, sizeof(sh));
}

static void record(seL4_MessageInfo_t info, seL4_Word badge, seL4_Word nmr)
{
    sh.badge = badge;
    sh.label = seL4_MessageInfo_get_label(info);
    sh.len = seL4_MessageInfo_get_length(info);
    sh.extra = seL4_MessageInfo_get_extraCaps(info);
    sh.unwrapped = seL4_MessageInfo_get_capsUnwrapped(info);
    for (seL4_Word i = 0; i < nmr && i < seL4_MsgMaxLength; i++) {
        sh.mr[i] = seL4_GetMR((int)i);
    }
    for (int i = 0; i < (int)seL4_MsgMaxExtraCaps; i++) {
        sh.cob[i] = seL4_GetBadge(i);
    }
}

/* Receives one message on ep into sh; a nonzero slot is the receive slot
 * (root CNode, full depth). */
static int recv_fn(seL4_Word ep, seL4_Word nmr, seL4_Word slot, seL4_Word a3)
{
    if (slot) {
        seL4_SetCapReceivePath(ROOT, slot, seL4_WordBits);
    }
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    record(info, badge, nmr);
    sh.flag = 1;
    return CONF_PASS;
}

/* Sends label / length / MRs seed+i on ep. */
static int send_fn(seL4_Word ep, seL4_Word label, seL4_Word len, seL4_Word seed)
{
    for (seL4_Word i = 0; i < len && i < seL4_MsgMaxLength; i++) {
        seL4_SetMR((int)i, seed + i);
    }
    seL4_Send(ep, seL4_MessageInfo_new(label, 0, 0, len));
    return CONF_PASS;
}

/* Calls ep once with MR0 = value; records the reply in slot idx. A nonzero
 * rslot is the receive slot for caps in the reply. */
static int call_fn(seL4_Word ep, seL4_Word value, seL4_Word idx, seL4_Word rslot)
{
    if (rslot) {
        seL4_SetCapReceivePath(ROOT, rslot, seL4_WordBits);
    }
    seL4_SetMR(0, value);
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    sh.reply_label[idx] = seL4_MessageInfo_get_label(info);
    sh.reply_len[idx] = seL4_MessageInfo_get_length(info);
    sh.reply_extra[idx] = seL4_MessageInfo_get_extraCaps(info);
    sh.reply_mr0[idx] = seL4_GetMR(0);
    return CONF_PASS;
}

static int set_mrs(seL4_Word n, seL4_Word seed)
{
    for (seL4_Word i = 0; i < n; i++) {
        seL4_SetMR((int)i, seed + i);
    }
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                  */

CONF_TEST(IPC0001, "Send/Recv both ways: label (52 bits), length, MR0..3 and the sender cap's badge arrive")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x1234));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0x99));

    /* receiver waiting, root sends */
    NEW_THREAD(r, 100);
    START(r, recv_fn, ep, 4, 0, 0);
    conf_settle();
    const seL4_Word label = 0xfffffffffffffull;
    set_mrs(4, 0xa0);
    seL4_Send(b, seL4_MessageInfo_new(label, 0, 0, 4));
    JOIN(r);
    test_eq(sh.label, label);
    test_eq(sh.len, 4);
    test_eq(sh.extra, 0);
    test_eq(sh.unwrapped, 0);
    test_eq(sh.badge, 0x1234);
    for (int i = 0; i < 4; i++) {
        test_eq(sh.mr[i], 0xa0 + (seL4_Word)i);
    }

    /* sender queued first, root receives */
    NEW_THREAD(s, 100);
    START(s, send_fn, b + 1, 5, 2, 0xb0);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x99);
    test_eq(seL4_MessageInfo_get_label(info), 5);
    test_eq(seL4_MessageInfo_get_length(info), 2);
    test_eq(seL4_MessageInfo_get_extraCaps(info), 0);
    test_mr(0, 0xb0);
    test_mr(1, 0xb1);
    /* a plain Send: the sender goes on */
    JOIN(s);
    return CONF_PASS;
}

static int recv_all_lengths_fn(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        conf_ctx("length %lu", len);
        test_eq(seL4_MessageInfo_get_length(info), len);
        test_eq(seL4_MessageInfo_get_label(info), len);
        test_eq(badge, 0x77);
        for (seL4_Word i = 0; i < len; i++) {
            test_eq(seL4_GetMR((int)i), seed + len * 1000 + i);
        }
    }
    return CONF_PASS;
}

CONF_TEST(IPC0002, "every length 0..120 to a waiting receiver: the length is exact and all words arrive (4 in registers, the rest via the buffers)")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x77));
    /* the receiver above the root: it takes each message at once */
    test_ok(conf_set_root_prio(50));
    NEW_THREAD(r, 100);
    START(r, recv_all_lengths_fn, ep, 0x5000000, 0, 0);
    for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
        set_mrs(len, 0x5000000 + len * 1000);
        seL4_NBSend(b, seL4_MessageInfo_new(len, 0, 0, len));
    }
    JOIN(r);
    return CONF_PASS;
}

static int send_all_lengths_fn(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
        set_mrs(len, seed + len * 1000);
        seL4_Send(ep, seL4_MessageInfo_new(len, 0, 0, len));
    }
    return CONF_PASS;
}

CONF_TEST(IPC0003, "every length 0..120 from a queued sender; a length field of 121..127 arrives as 120 (messageInfoFromWord)")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x78));
    NEW_THREAD(s, 100);
    START(s, send_all_lengths_fn, b, 0x6000000, 0, 0);
    for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
        conf_ctx("length %lu", len);
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
        test_eq(badge, 0x78);
        test_eq(seL4_MessageInfo_get_length(info), len);
        test_eq(seL4_MessageInfo_get_label(info), len);
        for (seL4_Word i = 0; i < len; i++) {
            test_mr(i, 0x6000000 + len * 1000 + i);
        }
    }
    JOIN(s);

    reset_shared();
    static const seL4_Word lens[] = {121, 127};
    for (size_t k = 0; k < 2; k++) {
        conf_ctx("length field %lu", lens[k]);
        NEW_THREAD(t, 100);
        START(t, send_fn, b, 1, lens[k], 0x7000);
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
        test_eq(badge, 0x78);
        test_eq(seL4_MessageInfo_get_length(info), seL4_MsgMaxLength);
        test_mr(0, 0x7000);
        test_mr(119, 0x7000 + 119);
        JOIN(t);
    }
    return CONF_PASS;
}

static int echo_server_fn(seL4_Word ep, seL4_Word requests, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (seL4_Word k = 0;; k++) {
        conf_ctx("request %lu", k);
        test_eq(badge, 0x55);
        seL4_Word len = seL4_MessageInfo_get_length(info);
        for (seL4_Word i = 0; i < len; i++) {
            seL4_SetMR((int)i, ~seL4_GetMR((int)i));
        }
        seL4_MessageInfo_t reply =
            seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, len);
        if (k + 1 == requests) {
            seL4_Reply(reply);
            return CONF_PASS;
        }
        info = seL4_ReplyRecv(ep, reply, &badge);
    }
}

static int echo_client_fn(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
        conf_ctx("length %lu", len);
        set_mrs(len, seed + len);
        seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(len + 3, 0, 0, len));
        test_eq(seL4_MessageInfo_get_label(info), len + 4);
        test_eq(seL4_MessageInfo_get_length(info), len);
        test_eq(seL4_MessageInfo_get_extraCaps(info), 0);
        for (seL4_Word i = 0; i < len; i++) {
            test_eq(seL4_GetMR((int)i), ~(seed + len + i));
        }
    }
    return CONF_PASS;
}

CONF_TEST(IPC0004, "Call / ReplyRecv: every length both ways; the server sees the badge, the caller the reply's label and words")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x55));
    NEW_THREAD(s, 150);
    NEW_THREAD(c, 100);
    START(s, echo_server_fn, ep, seL4_MsgMaxLength + 1, 0, 0);
    START(c, echo_client_fn, b, 0x8000000, 0, 0);
    JOIN(c);
    JOIN(s);
    return CONF_PASS;
}

static int recv_reply_server_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    for (int k = 0; k < 2; k++) {
        seL4_Word badge = 0;
        seL4_Recv(ep, &badge);
        seL4_SetMR(0, seL4_GetMR(0) + badge);
        seL4_Reply(seL4_MessageInfo_new(7, 0, 0, 1));
    }
    return CONF_PASS;
}

CONF_TEST(IPC0005, "Recv + Reply + Recv: seL4_Reply answers the last caller through the caller slot")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x100));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0x200));
    NEW_THREAD(s, 150);
    NEW_THREAD(c1, 100);
    NEW_THREAD(c2, 100);
    START(s, recv_reply_server_fn, ep, 0, 0, 0);
    START(c1, call_fn, b, 1, 0, 0);
    START(c2, call_fn, b + 1, 2, 1, 0);
    JOIN(c1);
    JOIN(c2);
    JOIN(s);
    test_eq(sh.reply_label[0], 7);
    test_eq(sh.reply_len[0], 1);
    test_eq(sh.reply_mr0[0], 0x101);
    test_eq(sh.reply_label[1], 7);
    test_eq(sh.reply_mr0[1], 0x202);
    return CONF_PASS;
}

CONF_TEST(IPC0006, "NBSend: dropped without a waiting receiver (even with senders queued); delivered to a waiting one")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x5));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0x6));

    seL4_SetMR(0, 1);
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 1));
    /* a queued sender, then another NBSend: dropped as well */
    NEW_THREAD(s, 100);
    START(s, send_fn, b + 1, 0, 1, 0x33);
    conf_settle();
    seL4_SetMR(0, 2);
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0x6);
    test_mr(0, 0x33);
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);

    NEW_THREAD(r, 100);
    START(r, recv_fn, ep, 1, 0, 0);
    conf_settle();
    seL4_SetMR(0, 3);
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 1));
    JOIN(r);
    test_eq(sh.badge, 0x5);
    test_eq(sh.mr[0], 3);
    JOIN(s);
    return CONF_PASS;
}

CONF_TEST(IPC0007, "NBRecv: badge 0 at once on an idle endpoint; takes a queued sender's message, and the sender continues")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x31));
    seL4_Word badge = 0x1;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);

    NEW_THREAD(s, 100);
    START(s, send_fn, b, 9, 3, 0x40);
    conf_settle();
    test_eq(s->finished, 0);
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge);
    test_eq(badge, 0x31);
    test_eq(seL4_MessageInfo_get_label(info), 9);
    test_eq(seL4_MessageInfo_get_length(info), 3);
    test_mr(2, 0x42);
    JOIN(s);
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);
    return CONF_PASS;
}

static int gated_send_fn(seL4_Word gate, seL4_Word ep, seL4_Word a2, seL4_Word a3)
{
    seL4_Wait(gate, NULL);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    return CONF_PASS;
}

CONF_TEST(IPC0008, "the send queue is FIFO: senders at priorities 50, 150, 100 are received in the order they blocked")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECTS(gate, seL4_NotificationObject, 0, 3);
    NEW_SLOTS(b, 3);
    static const seL4_Word prio[3] = {150, 50, 100};
    struct conf_thread *t[3];
    for (seL4_Word i = 0; i < 3; i++) {
        test_ok(root_mint(b + i, ep, seL4_AllRights, i + 1));
        t[i] = conf_thread_new(prio[i]);
        if (!t[i]) {
            test_fail("env: %s", conf_env_error());
        }
        START(t[i], gated_send_fn, gate + i, b + i, 0, 0);
    }
    conf_settle();
    /* release them in the order 2 (prio 50), 1 (prio 150), 3 (prio 100) */
    static const seL4_Word order[3] = {1, 0, 2};
    for (int k = 0; k < 3; k++) {
        seL4_Signal(gate + order[k]);
        conf_settle();
    }
    seL4_Word badge = 0;
    for (int k = 0; k < 3; k++) {
        seL4_NBRecv(ep, &badge);
        test_eq(badge, order[k] + 1);
    }
    for (int i = 0; i < 3; i++) {
        JOIN(t[i]);
    }
    return CONF_PASS;
}

static int gated_recv_fn(seL4_Word gate, seL4_Word ep, seL4_Word id, seL4_Word a3)
{
    seL4_Wait(gate, NULL);
    seL4_Recv(ep, NULL);
    conf_log_put(&sh.log, id * 100 + seL4_GetMR(0));
    return CONF_PASS;
}

CONF_TEST(IPC0009, "the receive queue is FIFO: the receiver that blocked first gets the first message, whatever the priorities")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECTS(gate, seL4_NotificationObject, 0, 2);
    NEW_THREAD(lo, 50);
    NEW_THREAD(hi, 150);
    START(lo, gated_recv_fn, gate, ep, 1, 0);
    START(hi, gated_recv_fn, gate + 1, ep, 2, 0);
    conf_settle();
    seL4_Signal(gate);
    conf_settle();
    seL4_Signal(gate + 1);
    conf_settle();
    /* queue [lo, hi] */
    seL4_SetMR(0, 1);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_SetMR(0, 2);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    conf_settle();
    /* hi (150) ran first, with the second message */
    test_log(&sh.log, 202, 101);
    return CONF_PASS;
}

static int recv_log_badges_fn(seL4_Word ep, seL4_Word n, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Word badge = 0x1;
        seL4_Recv(ep, &badge);
        conf_log_put(&sh.log, badge);
    }
    return CONF_PASS;
}

CONF_TEST(IPC0010, "badges: unbadged cap gives 0; a copy keeps the badge; 64-bit badges arrive whole")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 4);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x11));
    test_ok(root_copy(b + 1, b, seL4_AllRights));
    test_ok(root_mint(b + 2, ep, seL4_AllRights, 0xfedcba9876543210ull));
    test_ok(root_copy(b + 3, ep, seL4_AllRights));
    test_ok(conf_set_root_prio(50));
    NEW_THREAD(r, 100);
    START(r, recv_log_badges_fn, ep, 5, 0, 0);
    /* the receiver is above the root: it is waiting at every send */
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(b + 1, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(b + 2, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(b + 3, seL4_MessageInfo_new(0, 0, 0, 0));
    JOIN(r);
    test_log(&sh.log, 0, 0x11, 0x11, 0xfedcba9876543210ull, 0);
    return CONF_PASS;
}

CONF_TEST(IPC0011, "the sender's capsUnwrapped and extraCaps fields are not passed on: the kernel rebuilds them")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_THREAD(r, 100);
    START(r, recv_fn, ep, 2, 0, 0);
    conf_settle();
    set_mrs(2, 0x10);
    /* capsUnwrapped = 7 is not meaningful from a sender; extraCaps = 0 */
    seL4_NBSend(ep, seL4_MessageInfo_new(0x55, 7, 0, 2));
    JOIN(r);
    test_eq(sh.label, 0x55);
    test_eq(sh.unwrapped, 0);
    test_eq(sh.extra, 0);
    test_eq(sh.len, 2);
    test_eq(sh.mr[1], 0x11);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Capability transfer                                                       */

/* Root sends caps[0..n) to a receiver thread already waiting on ep
 * (receive slot rslot, 0 = none set). */
static int send_caps_to_waiting(seL4_CPtr send_cap, seL4_CPtr ep, seL4_CPtr rslot,
                                const seL4_CPtr *caps, seL4_Word n)
{
    NEW_THREAD(r, 100);
    START(r, recv_fn, ep, 2, rslot, 0);
    conf_settle();
    test_eq(sh.flag, 0);
    set_mrs(2, 0xd0);
    for (seL4_Word i = 0; i < n; i++) {
        seL4_SetCap((int)i, caps[i]);
    }
    seL4_NBSend(send_cap, seL4_MessageInfo_new(0x3, 0, n, 2));
    JOIN(r);
    /* the words always arrive */
    test_eq(sh.label, 0x3);
    test_eq(sh.len, 2);
    test_eq(sh.mr[1], 0xd1);
    return CONF_PASS;
}

CONF_TEST(IPC0012, "cap transfer with Grant: one cap lands in the receive slot, badge and rights as sent; the sender keeps its copy")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 4);
    seL4_CPtr badged = s, ro = s + 1, r1 = s + 2, r2 = s + 3;
    test_ok(root_mint(badged, n, seL4_AllRights, 0x66));
    TRY(send_caps_to_waiting(ep, ep, r1, &badged, 1));
    test_eq(sh.extra, 1);
    test_eq(sh.unwrapped, 0);
    test_cap(r1, CAP_NTFN);
    test_cap(badged, CAP_NTFN);
    seL4_Signal(r1);
    test_eq(conf_poll(n), 0x66);

    /* a read-only cap arrives read-only: signalling through it does nothing */
    reset_shared();
    test_ok(root_copy(ro, badged, seL4_CanRead));
    TRY(send_caps_to_waiting(ep, ep, r2, &ro, 1));
    test_eq(sh.extra, 1);
    test_cap(r2, CAP_NTFN);
    seL4_Signal(r2);
    test_eq(conf_poll(n), 0);
    return CONF_PASS;
}

CONF_TEST(IPC0013, "Grant is the sender's: without it the words arrive, no caps (extraCaps 0); a receiver cap without Grant still gets caps")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 4);
    seL4_CPtr nogrant = s, recv_nogrant = s + 1, r1 = s + 2, r2 = s + 3;
    test_ok(root_copy(nogrant, ep, seL4_CapRights_new(1, 0, 1, 1)));
    test_ok(root_copy(recv_nogrant, ep, seL4_ReadWrite));

    TRY(send_caps_to_waiting(nogrant, ep, r1, &n, 1));
    test_eq(sh.extra, 0);
    test_eq(sh.unwrapped, 0);
    test_cap(r1, CAP_NULL);

    reset_shared();
    TRY(send_caps_to_waiting(ep, recv_nogrant, r2, &n, 1));
    test_eq(sh.extra, 1);
    test_cap(r2, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(IPC0014, "unwrapping: caps to the receiving endpoint arrive as their badges, flagged in capsUnwrapped, with or without a slot")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(other, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 4);
    seL4_CPtr b11 = s, b22 = s + 1, r1 = s + 2, r2 = s + 3;
    test_ok(root_mint(b11, ep, seL4_AllRights, 0x11));
    test_ok(root_mint(b22, ep, seL4_AllRights, 0x22));

    seL4_CPtr caps[3] = {b11, n, b22};
    TRY(send_caps_to_waiting(ep, ep, r1, caps, 3));
    test_eq(sh.extra, 3);
    test_eq(sh.unwrapped, 0x5);
    test_eq(sh.cob[0], 0x11);
    test_eq(sh.cob[2], 0x22);
    test_cap(r1, CAP_NTFN);

    /* no receive slot needed for unwrapped caps; an endpoint cap to another
     * endpoint is a real cap: with no slot the transfer stops there */
    reset_shared();
    seL4_CPtr caps2[3] = {b22, ep, other};
    TRY(send_caps_to_waiting(ep, ep, 0, caps2, 3));
    test_eq(sh.extra, 2);
    test_eq(sh.unwrapped, 0x3);
    test_eq(sh.cob[0], 0x22);
    test_eq(sh.cob[1], 0);

    reset_shared();
    seL4_CPtr caps3[1] = {other};
    TRY(send_caps_to_waiting(ep, ep, r2, caps3, 1));
    test_eq(sh.extra, 1);
    test_eq(sh.unwrapped, 0);
    test_cap(r2, CAP_EP);
    return CONF_PASS;
}

CONF_TEST(IPC0015, "one receive slot: a second real cap stops the transfer (extraCaps counts the caps handled before it)")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECTS(n, seL4_NotificationObject, 0, 2);
    NEW_SLOTS(s, 4);
    seL4_CPtr n1 = s, n2 = s + 1, r1 = s + 2, r2 = s + 3;
    test_ok(root_mint(n1, n, seL4_AllRights, 0x1));
    test_ok(root_mint(n2, n + 1, seL4_AllRights, 0x2));

    seL4_CPtr caps[2] = {n1, n2};
    TRY(send_caps_to_waiting(ep, ep, r1, caps, 2));
    test_eq(sh.extra, 1);
    test_cap(r1, CAP_NTFN);
    /* the slot holds the first one */
    seL4_Signal(r1);
    test_eq(conf_poll(n), 0x1);
    test_eq(conf_poll(n + 1), 0);

    reset_shared();
    seL4_CPtr caps2[3] = {n2, ep, n1};
    TRY(send_caps_to_waiting(ep, ep, r2, caps2, 3));
    test_eq(sh.extra, 2);
    test_eq(sh.unwrapped, 0x2);
    seL4_Signal(r2);
    test_eq(conf_poll(n + 1), 0x2);
    return CONF_PASS;
}

CONF_TEST(IPC0016, "no usable receive slot (occupied, invalid CNode, wrong depth): no cap is transferred, the words are")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(occupant, seL4_EndpointObject, 0);
    NEW_SLOTS(s, 2);

    /* occupied: unwrapping before the real cap still happens */
    seL4_CPtr caps[2] = {ep, n};
    TRY(send_caps_to_waiting(ep, ep, occupant, caps, 2));
    test_eq(sh.extra, 1);
    test_eq(sh.unwrapped, 0x1);
    test_cap(occupant, CAP_EP);

    /* receive CNode cptr names an empty slot */
    reset_shared();
    NEW_THREAD(r, 100);
    START(r, recv_fn, ep, 2, 0, 0);
    conf_settle();
    seL4_IPCBuffer *rb = (seL4_IPCBuffer *)r->ipc_vaddr;
    rb->receiveCNode = s;
    rb->receiveIndex = s + 1;
    rb->receiveDepth = seL4_WordBits;
    seL4_SetCap(0, n);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 1, 0));
    JOIN(r);
    test_eq(sh.extra, 0);
    test_cap(s + 1, CAP_NULL);

    /* the root CNode at depth 13: its 51-bit guard does not fit, lookup fails */
    reset_shared();
    NEW_THREAD(r2, 100);
    START(r2, recv_fn, ep, 2, 0, 0);
    conf_settle();
    rb = (seL4_IPCBuffer *)r2->ipc_vaddr;
    rb->receiveCNode = ROOT;
    rb->receiveIndex = s + 1;
    rb->receiveDepth = 13;
    seL4_SetCap(0, n);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 1, 0));
    JOIN(r2);
    test_eq(sh.extra, 0);
    test_cap(s + 1, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(IPC0017, "a cap that cannot be derived (IRQControl, an unmapped page table) stops the transfer at its index")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(pt, seL4_X86_PageTableObject, 0);
    NEW_SLOTS(r, 3);

    seL4_CPtr caps[1] = {seL4_CapIRQControl};
    TRY(send_caps_to_waiting(ep, ep, r, caps, 1));
    test_eq(sh.extra, 0);
    test_cap(r, CAP_NULL);

    reset_shared();
    seL4_CPtr caps2[3] = {ep, pt, n};
    TRY(send_caps_to_waiting(ep, ep, r + 1, caps2, 3));
    test_eq(sh.extra, 1);
    test_eq(sh.unwrapped, 0x1);
    test_cap(r + 1, CAP_NULL);

    /* a frame (mapped or not) derives fine */
    reset_shared();
    NEW_THREAD(t, 100); /* its IPC buffer frame is mapped */
    seL4_CPtr caps3[1] = {t->ipc_frame};
    TRY(send_caps_to_waiting(ep, ep, r + 2, caps3, 1));
    test_eq(sh.extra, 1);
    test_cap(r + 2, CAP_FRAME);
    return CONF_PASS;
}

static int recv_path_fn(seL4_Word ep, seL4_Word cnode, seL4_Word index, seL4_Word depth)
{
    seL4_SetCapReceivePath(cnode, index, depth);
    seL4_MessageInfo_t info = seL4_Recv(ep, NULL);
    sh.extra = seL4_MessageInfo_get_extraCaps(info);
    return CONF_PASS;
}

CONF_TEST(IPC0018, "the receive path may name a slot of another CNode (cnode, index, depth); the depth must match")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(cn, seL4_CapTableObject, 4);

    NEW_THREAD(r, 100);
    START(r, recv_path_fn, ep, cn, 5, 4);
    conf_settle();
    seL4_SetCap(0, n);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 1, 0));
    JOIN(r);
    test_eq(sh.extra, 1);
    test_cap_at(cn, 5, 4, CAP_NTFN);

    reset_shared();
    NEW_THREAD(r2, 100);
    START(r2, recv_path_fn, ep, cn, 6, 3);
    conf_settle();
    seL4_SetCap(0, n);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 1, 0));
    JOIN(r2);
    test_eq(sh.extra, 0);
    test_cap_at(cn, 6, 4, CAP_NULL);
    test_cap_at(cn, 3, 4, CAP_NULL);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* The reply capability                                                      */

CONF_TEST(IPC0019, "SaveCaller moves the reply cap into a slot; invoking it replies once and empties it; Call on it returns empty success")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(s, 3);
    test_ok(root_mint(s + 2, ep, seL4_AllRights, 0x9));
    NEW_THREAD(c, 100);
    START(c, call_fn, s + 2, 5, 0, 0);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x9);
    test_mr(0, 5);

    test_ok(seL4_CNode_SaveCaller(ROOT, s, seL4_WordBits));
    test_cap(s, CAP_REPLY);
    /* the caller slot is empty now: nothing more to save, Reply does nothing */
    test_ok(seL4_CNode_SaveCaller(ROOT, s + 1, seL4_WordBits));
    test_cap(s + 1, CAP_NULL);
    test_error(seL4_CNode_SaveCaller(ROOT, s, seL4_WordBits), seL4_DeleteFirst);
    seL4_SetMR(0, 0xbad);
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 1));
    conf_settle();
    test_eq(c->finished, 0);

    seL4_SetMR(0, 6);
    seL4_Send(s, seL4_MessageInfo_new(3, 0, 0, 1));
    test_cap(s, CAP_NULL);
    JOIN(c);
    test_eq(sh.reply_label[0], 3);
    test_eq(sh.reply_len[0], 1);
    test_eq(sh.reply_mr0[0], 6);

    /* a Call on a reply cap: the kernel answers the invoker with an empty
     * success message (handleInvocation, Restart -> replyFromKernel) */
    NEW_THREAD(c2, 100);
    START(c2, call_fn, s + 2, 7, 1, 0);
    conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x9);
    test_ok(seL4_CNode_SaveCaller(ROOT, s + 1, seL4_WordBits));
    seL4_SetMR(0, 8);
    info = seL4_Call(s + 1, seL4_MessageInfo_new(4, 0, 0, 1));
    test_eq(seL4_MessageInfo_get_label(info), 0);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    test_cap(s + 1, CAP_NULL);
    JOIN(c2);
    test_eq(sh.reply_label[1], 4);
    test_eq(sh.reply_mr0[1], 8);
    return CONF_PASS;
}

CONF_TEST(IPC0020, "Call through a cap with neither Grant nor GrantReply: delivered, but no reply cap; the caller is Inactive (Resume re-calls)")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(s, 2);
    seL4_CPtr w = s, saved = s + 1;
    test_ok(root_mint(w, ep, seL4_CanWrite, 0x31));
    NEW_THREAD(c, 100);
    START(c, call_fn, w, 0x71, 0, 0);
    seL4_Word badge = 0;
    conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x31);
    test_mr(0, 0x71);
    test_ok(seL4_CNode_SaveCaller(ROOT, saved, seL4_WordBits));
    test_cap(saved, CAP_NULL);
    conf_settle();
    test_eq(c->finished, 0);
    /* Inactive, so restart() acts: the Call is executed again */
    test_ok(seL4_TCB_Resume(c->tcb));
    conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x31);
    test_mr(0, 0x71);
    test_eq(c->started, 1);
    return CONF_PASS;
}

static int recv_prefill_all_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    for (int i = 0; i < 12; i++) {
        seL4_SetMR(i, 0xee);
    }
    seL4_MessageInfo_t info = seL4_Recv(ep, NULL);
    record(info, 0, 12);
    return CONF_PASS;
}

CONF_TEST(IPC0021, "only `length` words are copied: the receiver's words past it keep their values (also past MR3)")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_THREAD(r, 100);
    START(r, recv_prefill_all_fn, ep, 0, 0, 0);
    conf_settle();
    set_mrs(12, 0x500);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 6));
    JOIN(r);
    test_eq(sh.len, 6);
    for (int i = 0; i < 6; i++) {
        test_eq(sh.mr[i], 0x500 + (seL4_Word)i);
    }
    for (int i = 6; i < 12; i++) {
        test_eq(sh.mr[i], 0xee);
    }
    return CONF_PASS;
}

static int call_with_cap_fn(seL4_Word ep, seL4_Word cap, seL4_Word a2, seL4_Word a3)
{
    seL4_SetMR(0, 0x21);
    seL4_SetCap(0, cap);
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 1, 1));
    sh.reply_mr0[0] = seL4_GetMR(0);
    sh.reply_len[0] = seL4_MessageInfo_get_length(info);
    return CONF_PASS;
}

CONF_TEST(IPC0022, "caps attached to a Call: transferred through Grant, dropped through GrantReply alone (the reply cap still works)")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 5);
    seL4_CPtr gr = s, grant = s + 1, r1 = s + 2, r2 = s + 3, saved = s + 4;
    test_ok(root_mint(gr, ep, seL4_CapRights_new(1, 0, 0, 1), 0x44));
    test_ok(root_mint(grant, ep, seL4_CapRights_new(0, 1, 0, 1), 0x45));

    NEW_THREAD(c, 100);
    START(c, call_with_cap_fn, gr, n, 0, 0);
    seL4_SetCapReceivePath(ROOT, r1, seL4_WordBits);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x44);
    test_eq(seL4_MessageInfo_get_length(info), 1);
    test_eq(seL4_MessageInfo_get_extraCaps(info), 0);
    test_cap(r1, CAP_NULL);
    test_ok(seL4_CNode_SaveCaller(ROOT, saved, seL4_WordBits));
    test_cap(saved, CAP_REPLY);
    seL4_SetMR(0, 0x22);
    seL4_Send(saved, seL4_MessageInfo_new(0, 0, 0, 1));
    JOIN(c);
    test_eq(sh.reply_mr0[0], 0x22);

    /* Grant alone (no GrantReply) is enough for both the cap and a reply cap */
    reset_shared();
    NEW_THREAD(c2, 100);
    START(c2, call_with_cap_fn, grant, n, 0, 0);
    seL4_SetCapReceivePath(ROOT, r2, seL4_WordBits);
    info = conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x45);
    test_eq(seL4_MessageInfo_get_extraCaps(info), 1);
    test_cap(r2, CAP_NTFN);
    seL4_SetMR(0, 0x23);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    JOIN(c2);
    test_eq(sh.reply_mr0[0], 0x23);
    return CONF_PASS;
}

CONF_TEST(IPC0023, "a reply carries a cap only if the server received through a cap with Grant")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 3);
    seL4_CPtr nogrant = s, r1 = s + 1, r2 = s + 2;
    test_ok(root_copy(nogrant, ep, seL4_CapRights_new(1, 0, 1, 1)));

    /* server cap with Grant: the reply cap can grant */
    NEW_THREAD(c1, 100);
    START(c1, call_fn, ep, 1, 0, r1);
    seL4_Word badge = 0;
    conf_settle_nbrecv(ep, &badge);
    test_mr(0, 1);
    seL4_SetMR(0, 0x61);
    seL4_SetCap(0, n);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 1));
    JOIN(c1);
    test_eq(sh.reply_extra[0], 1);
    test_eq(sh.reply_mr0[0], 0x61);
    test_cap(r1, CAP_NTFN);

    /* server cap without Grant: the reply's cap is dropped */
    NEW_THREAD(c2, 100);
    START(c2, call_fn, ep, 2, 1, r2);
    conf_settle_nbrecv(nogrant, &badge);
    test_mr(0, 2);
    seL4_SetMR(0, 0x62);
    seL4_SetCap(0, n);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 1));
    JOIN(c2);
    test_eq(sh.reply_extra[1], 0);
    test_eq(sh.reply_mr0[1], 0x62);
    test_cap(r2, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(IPC0024, "reply target gone: suspending or deleting the caller deletes its reply cap; seL4_Reply then does nothing")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(s, 2);
    seL4_Word badge = 0;

    /* saved reply cap, caller suspended */
    NEW_THREAD(c1, 100);
    START(c1, call_fn, ep, 1, 0, 0);
    conf_settle_nbrecv(ep, &badge);
    test_mr(0, 1);
    test_ok(seL4_CNode_SaveCaller(ROOT, s, seL4_WordBits));
    test_cap(s, CAP_REPLY);
    test_ok(seL4_TCB_Suspend(c1->tcb));
    test_cap(s, CAP_NULL);

    /* reply cap in the caller slot, caller suspended: Reply is a no-op; the
     * resumed caller re-executes its Call */
    NEW_THREAD(c2, 100);
    START(c2, call_fn, ep, 2, 1, 0);
    conf_settle_nbrecv(ep, &badge);
    test_mr(0, 2);
    test_ok(seL4_TCB_Suspend(c2->tcb));
    seL4_SetMR(0, 0xbad);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    conf_settle();
    test_eq(c2->finished, 0);
    test_ok(seL4_TCB_Resume(c2->tcb));
    conf_settle_nbrecv(ep, &badge);
    test_mr(0, 2);
    seL4_SetMR(0, 0x52);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    JOIN(c2);
    test_eq(sh.reply_mr0[1], 0x52);

    /* caller's TCB deleted */
    NEW_THREAD(c3, 100);
    START(c3, call_fn, ep, 3, 2, 0);
    conf_settle_nbrecv(ep, &badge);
    test_mr(0, 3);
    test_ok(seL4_CNode_SaveCaller(ROOT, s + 1, seL4_WordBits));
    test_cap(s + 1, CAP_REPLY);
    test_ok(root_delete(c3->tcb));
    test_cap(s + 1, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(IPC0025, "a new Recv discards an unanswered reply cap: the caller stays blocked on reply until restarted")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(saved);
    NEW_THREAD(c, 100);
    START(c, call_fn, ep, 4, 0, 0);
    seL4_Word badge = 0;
    conf_settle_nbrecv(ep, &badge);
    test_mr(0, 4);
    /* handleRecv: deleteCallerCap first, even for a receive that gets nothing */
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);
    test_ok(seL4_CNode_SaveCaller(ROOT, saved, seL4_WordBits));
    test_cap(saved, CAP_NULL);
    seL4_SetMR(0, 0xbad);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    conf_settle();
    test_eq(c->finished, 0);
    /* BlockedOnReply counts as stopped: Resume restarts the Call */
    test_ok(seL4_TCB_Resume(c->tcb));
    conf_settle_nbrecv(ep, &badge);
    test_mr(0, 4);
    seL4_SetMR(0, 0x54);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    JOIN(c);
    test_eq(sh.reply_mr0[0], 0x54);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* IPC buffers the kernel cannot use                                         */

static int recv_prefilled_fn(seL4_Word ep, seL4_Word slot, seL4_Word a2, seL4_Word a3)
{
    seL4_SetCapReceivePath(ROOT, slot, seL4_WordBits);
    for (int i = 4; i < 10; i++) {
        seL4_SetMR(i, 0xee);
    }
    seL4_MessageInfo_t info = seL4_Recv(ep, NULL);
    record(info, 0, 10);
    return CONF_PASS;
}

CONF_TEST(IPC0026, "a receiver whose IPC buffer cap is read-only gets only the 4 register words and no caps")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 2);
    seL4_CPtr ro = s, rslot = s + 1;
    NEW_THREAD(r, 100);
    /* mapped read-write, but the TCB's buffer cap only allows reading:
     * lookupIPCBuffer(isReceiver) finds no buffer */
    test_ok(root_copy(ro, r->ipc_frame, seL4_CanRead));
    test_ok(seL4_TCB_SetIPCBuffer(r->tcb, r->ipc_vaddr, ro));
    START(r, recv_prefilled_fn, ep, rslot, 0, 0);
    conf_settle();
    set_mrs(10, 0x300);
    seL4_SetCap(0, n);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 1, 10));
    JOIN(r);
    test_eq(sh.len, 4);
    test_eq(sh.extra, 0);
    for (int i = 0; i < 4; i++) {
        test_eq(sh.mr[i], 0x300 + (seL4_Word)i);
    }
    for (int i = 4; i < 10; i++) {
        test_eq(sh.mr[i], 0xee);
    }
    test_cap(rslot, CAP_NULL);
    return CONF_PASS;
}

static int send10_with_cap_fn(seL4_Word ep, seL4_Word cap, seL4_Word a2, seL4_Word a3)
{
    set_mrs(10, 0x400);
    seL4_SetCap(0, cap);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 1, 10));
    return CONF_PASS;
}

CONF_TEST(IPC0027, "a sender without an IPC buffer known to the kernel sends only the 4 register words and no caps")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 2);
    test_ok(root_mint(s, ep, seL4_AllRights, 0x27));
    NEW_THREAD(t, 100);
    /* user level keeps its buffer (it is mapped); the kernel has none */
    test_ok(seL4_TCB_SetIPCBuffer(t->tcb, 0, seL4_CapNull));
    START(t, send10_with_cap_fn, s, n, 0, 0);
    seL4_SetCapReceivePath(ROOT, s + 1, seL4_WordBits);
    for (int i = 4; i < 10; i++) {
        seL4_SetMR(i, 0xee);
    }
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0x27);
    test_eq(seL4_MessageInfo_get_length(info), 4);
    test_eq(seL4_MessageInfo_get_extraCaps(info), 0);
    for (int i = 0; i < 4; i++) {
        test_mr(i, 0x400 + (seL4_Word)i);
    }
    for (int i = 4; i < 10; i++) {
        test_mr(i, 0xee);
    }
    test_cap(s + 1, CAP_NULL);
    JOIN(t);
    return CONF_PASS;
}

CONF_TEST(IPC0028, "endpoint rights: Send/NBSend without Write do nothing; Call without Write is InvalidCapability 0")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOT(ro);
    test_ok(root_mint(ro, ep, seL4_CapRights_new(1, 1, 1, 0), 0x8));
    NEW_THREAD(r, 100);
    START(r, recv_fn, ep, 1, 0, 0);
    conf_settle();
    seL4_Send(ro, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(ro, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_MessageInfo_t info = seL4_Call(ro, seL4_MessageInfo_new(0, 0, 0, 0));
    test_eq(seL4_MessageInfo_get_label(info), seL4_InvalidCapability);
    test_eq(seL4_MessageInfo_get_length(info), 1);
    test_mr(0, 0);
    conf_settle();
    test_eq(r->finished, 0);
    return CONF_PASS;
}

CONF_TEST(IPC0029, "deleting an endpoint restarts its queued senders: their Call on the emptied slot returns InvalidCapability")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, ep, seL4_AllRights, 0x1));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0x2));
    NEW_THREAD(c, 100);
    NEW_THREAD(s, 100);
    START(c, call_fn, b, 0x10, 0, 0);
    START(s, send_fn, b + 1, 0, 0, 0);
    conf_settle();
    test_eq(c->finished, 0);
    test_eq(s->finished, 0);
    test_ok(root_delete(b));
    test_ok(root_delete(b + 1));
    /* still queued: only deleting the last cap finalises the endpoint */
    conf_settle();
    test_eq(c->finished, 0);
    test_ok(root_delete(ep));
    JOIN(c);
    JOIN(s);
    test_eq(sh.reply_label[0], seL4_InvalidCapability);
    test_eq(sh.reply_len[0], 1);
    test_eq(sh.reply_mr0[0], 0);
    return CONF_PASS;
}

static int logging_server_fn(seL4_Word ep, seL4_Word requests, seL4_Word a2, seL4_Word a3)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (seL4_Word k = 0;; k++) {
        conf_log_put(&sh.log, badge * 10 + seL4_GetMR(0));
        seL4_SetMR(0, seL4_GetMR(0) + badge * 100);
        if (k + 1 == requests) {
            seL4_Reply(info);
            return CONF_PASS;
        }
        info = seL4_ReplyRecv(ep, info, &badge);
    }
}

static int two_calls_fn(seL4_Word ep, seL4_Word idx, seL4_Word a2, seL4_Word a3)
{
    for (seL4_Word k = 1; k <= 2; k++) {
        seL4_SetMR(0, k);
        seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        test_eq(seL4_MessageInfo_get_length(info), 1);
        test_eq(seL4_GetMR(0), k + (idx + 1) * 100);
    }
    return CONF_PASS;
}

CONF_TEST(IPC0030, "ReplyRecv serving two queued callers: FIFO first, then the caller it just answered runs before the other")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, ep, seL4_AllRights, 1));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 2));
    NEW_THREAD(a, 100);
    NEW_THREAD(c, 100);
    NEW_THREAD(s, 150);
    START(a, two_calls_fn, b, 0, 0, 0);
    START(c, two_calls_fn, b + 1, 1, 0, 0);
    conf_settle();
    /* c was resumed last, so it ran (and called) first: queue [c, a] */
    START(s, logging_server_fn, ep, 4, 0, 0);
    JOIN(a);
    JOIN(c);
    JOIN(s);
    /* After answering a's first call the server blocks; a, just woken, is
     * switched to directly (schedule: candidate at the highest ready
     * priority), ahead of c already in the ready queue. */
    test_log(&sh.log, 21, 11, 12, 22);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* CancelBadgedSends                                                         */

static int send_log_fn(seL4_Word ep, seL4_Word id, seL4_Word a2, seL4_Word a3)
{
    conf_log_put(&sh.log, id);
    seL4_SetMR(0, id);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    return CONF_PASS;
}

CONF_TEST(CANCEL_BADGED_SENDS0001, "CancelBadgedSends restarts only senders with that badge (head-enqueued in queue order); they re-send")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 2);
    test_ok(root_mint(b, ep, seL4_AllRights, 0xa));
    test_ok(root_mint(b + 1, ep, seL4_AllRights, 0xb));
    struct conf_thread *t[3];
    const seL4_CPtr cap[3] = {b, b + 1, b};
    for (seL4_Word i = 0; i < 3; i++) {
        t[i] = conf_thread_new(100);
        if (!t[i]) {
            test_fail("env: %s", conf_env_error());
        }
        START(t[i], send_log_fn, cap[i], i + 1, 0, 0);
        conf_settle();
    }
    /* queue [1 (0xa), 2 (0xb), 3 (0xa)] */
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, b, seL4_WordBits));
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge);
    test_eq(badge, 0xb);
    test_mr(0, 2);
    (void)info;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0);
    /* 1 and 3 re-execute their Send: 3 first (enqueued at the head last) */
    conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0xa);
    test_mr(0, 3);
    conf_settle_nbrecv(ep, &badge);
    test_eq(badge, 0xa);
    test_mr(0, 1);
    for (int i = 0; i < 3; i++) {
        JOIN(t[i]);
        test_eq(t[i]->started, 1);
    }
    /* each logged once: the restart re-ran the system call only */
    test_eq(sh.log.n, 3);
    return CONF_PASS;
}

CONF_TEST(CANCEL_BADGED_SENDS0002, "CancelBadgedSends: needs a cap with all rights; unbadged cap, idle or receiving endpoint: no effect")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 3);
    test_ok(root_mint(b, ep, seL4_AllRights, 0xa));
    test_ok(root_mint(b + 1, ep, seL4_CapRights_new(0, 1, 1, 1), 0xa));
    test_ok(root_copy(b + 2, ep, seL4_AllRights));

    /* idle endpoint */
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, b, seL4_WordBits));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, b + 1, seL4_WordBits),
               seL4_IllegalOperation);

    NEW_THREAD(s, 100);
    START(s, send_log_fn, b, 1, 0, 0);
    conf_settle();
    /* an unbadged cap (badge 0) cancels nothing */
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, b + 2, seL4_WordBits));
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, ep, seL4_WordBits));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, b + 1, seL4_WordBits),
               seL4_IllegalOperation);
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0xa);
    JOIN(s);

    /* an endpoint with a waiting receiver */
    NEW_THREAD(r, 100);
    START(r, recv_fn, ep, 1, 0, 0);
    conf_settle();
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, b, seL4_WordBits));
    seL4_SetMR(0, 0x5);
    seL4_NBSend(b, seL4_MessageInfo_new(0, 0, 0, 1));
    JOIN(r);
    test_eq(sh.badge, 0xa);
    test_eq(sh.mr[0], 0x5);
    return CONF_PASS;
}

CONF_TEST(CANCEL_BADGED_SENDS0003, "revoke the badged cap, then CancelBadgedSends: the cancelled Call retries on an empty slot (InvalidCapability)")
{
    reset_shared();
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 4);
    seL4_CPtr badged = b, derived = b + 1, other = b + 2;
    test_ok(root_mint(badged, ep, seL4_AllRights, 0x200));
    test_ok(root_copy(derived, badged, seL4_AllRights));
    test_ok(root_mint(other, ep, seL4_AllRights, 0x201));
    NEW_THREAD(c, 100);
    NEW_THREAD(o, 100);
    START(c, call_fn, derived, 0x1, 0, 0);
    conf_settle();
    START(o, call_fn, other, 0x2, 1, 0);
    conf_settle();

    /* deleting a cap a sender used does not touch the queued IPC */
    test_ok(root_revoke(badged));
    test_cap(derived, CAP_NULL);
    conf_settle();
    test_eq(c->finished, 0);

    test_ok(seL4_CNode_CancelBadgedSends(ROOT, badged, seL4_WordBits));
    JOIN(c);
    test_eq(sh.reply_label[0], seL4_InvalidCapability);
    test_eq(sh.reply_mr0[0], 0);
    /* the other badge is still queued */
    test_eq(o->finished, 0);
    seL4_Word badge = 0;
    seL4_NBRecv(ep, &badge);
    test_eq(badge, 0x201);
    test_mr(0, 0x2);
    seL4_SetMR(0, 0x3);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    JOIN(o);
    test_eq(sh.reply_mr0[1], 0x3);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Servers                                                                   */

static int counting_server_fn(seL4_Word ep, seL4_Word requests, seL4_Word a2, seL4_Word a3)
{
    seL4_Word count[4] = {0, 0, 0, 0};
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (seL4_Word k = 0;; k++) {
        test_lt(badge, 4);
        test_eq(seL4_GetMR(0), count[badge]);
        count[badge]++;
        seL4_SetMR(0, badge * 1000 + count[badge]);
        info = seL4_MessageInfo_new(0, 0, 0, 1);
        if (k + 1 == requests) {
            seL4_Reply(info);
            return CONF_PASS;
        }
        info = seL4_ReplyRecv(ep, info, &badge);
    }
}

static int counting_client_fn(seL4_Word ep, seL4_Word id, seL4_Word calls, seL4_Word a3)
{
    for (seL4_Word k = 0; k < calls; k++) {
        seL4_SetMR(0, k);
        seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        test_eq(seL4_MessageInfo_get_length(info), 1);
        test_eq(seL4_GetMR(0), id * 1000 + k + 1);
        seL4_Yield();
    }
    return CONF_PASS;
}

CONF_TEST(SERSERV0001, "a server serves three clients by badge: each client gets its own replies, in order")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(b, 3);
    NEW_THREAD(s, 120);
    START(s, counting_server_fn, ep, 3 * 6, 0, 0);
    struct conf_thread *c[3];
    for (seL4_Word i = 0; i < 3; i++) {
        test_ok(root_mint(b + i, ep, seL4_AllRights, i + 1));
        c[i] = conf_thread_new(100);
        if (!c[i]) {
            test_fail("env: %s", conf_env_error());
        }
        START(c[i], counting_client_fn, b + i, i + 1, 6, 0);
    }
    for (int i = 0; i < 3; i++) {
        JOIN(c[i]);
    }
    JOIN(s);
    return CONF_PASS;
}
