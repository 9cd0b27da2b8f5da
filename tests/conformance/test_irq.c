/*
 * IRQ, IOPORTS, TIMER: interrupts, I/O ports and a timer device on x86_64
 * pc99 seL4 with the IOAPIC (the default interrupt controller; kernel
 * src/object/interrupt.c, src/arch/x86/object/interrupt.c and ioport.c,
 * src/plat/pc99/machine/ioapic.c). In the spirit of sel4test's IOPORTS and
 * TIMER tests.
 *
 * Facts the tests lean on:
 *  - IRQControl_Get asks for a legacy PIC interrupt: with the IOAPIC it is
 *    always seL4_IllegalOperation; handlers come from GetIOAPIC and GetMSI,
 *    whose last argument is a vector index 0..107 (irq_user_max -
 *    irq_user_min), checked before the destination slot, then the IOAPIC
 *    number (one IOAPIC), pin (24), level and polarity (0 or 1), or the PCI
 *    bus (255), device (31) and function (7), all as seL4_RangeError;
 *  - a vector handed out once is active until its last handler cap goes:
 *    another Get for it is seL4_RevokeFirst;
 *  - the interrupt of a handler with a notification signals it with the
 *    notification cap's badge and masks the line until seL4_IRQHandler_Ack;
 *  - IOPortControl_Issue hands a port range out once (seL4_RevokeFirst for
 *    any overlap) until the last cap to it is deleted; an access outside the
 *    cap's range, or one whose last byte is, is seL4_IllegalOperation;
 *  - the PC's devices: COM1 at 0x3f8 (its scratch register at +7), the 8254
 *    PIT at 0x40-0x43 counting at 1193182 Hz, its counter 0 on ISA IRQ 0,
 *    which the IOAPIC has on pin 2 (the MADT's interrupt source override).
 */
#include "framework.h"

#define PIT_HZ 1193182u
#define PIT_PIN 2
#define TEST_VECTOR 5
#define MAX_VECTOR 107

static seL4_Word elapsed_ms(seL4_Word since, seL4_Word per_ms)
{
    return (conf_rdtsc() - since) / per_ms;
}

/* Polls ntfn until a signal arrives or ms pass: its badge, or 0. */
static seL4_Word poll_for(seL4_CPtr ntfn, seL4_Word ms, seL4_Word per_ms)
{
    seL4_Word start = conf_rdtsc();
    for (;;) {
        seL4_Word badge = conf_poll(ntfn);
        if (badge || elapsed_ms(start, per_ms) >= ms)
            return badge;
        seL4_Yield();
    }
}

static seL4_Error get_ioapic(seL4_CPtr slot, seL4_Word pin, seL4_Word vector)
{
    return seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, slot, seL4_WordBits, 0, pin, 0, 0, vector);
}

/* PIT counter 0 in `mode` (0 one-shot, 2 periodic) with `count`, bytes low then high. */
static int pit_program(seL4_CPtr ports, unsigned mode, seL4_Word count)
{
    test_ok(seL4_X86_IOPort_Out8(ports, 0x43, 0x30 | mode << 1));
    test_ok(seL4_X86_IOPort_Out8(ports, 0x40, count & 0xff));
    test_ok(seL4_X86_IOPort_Out8(ports, 0x40, count >> 8));
    return CONF_PASS;
}

/* A control word without a count stops counter 0. */
static void pit_stop(seL4_CPtr ports)
{
    seL4_X86_IOPort_Out8(ports, 0x43, 0x30);
}

/* The PIT's ports, an IOAPIC handler on its pin signalling ntfn with badge, acknowledged once. */
static int timer_setup(seL4_CPtr slots, seL4_CPtr ntfn, seL4_Word badge)
{
    /* slots: +0 ports, +1 handler, +2 badged notification */
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x40, 0x43, ROOT, slots, seL4_WordBits));
    test_ok(get_ioapic(slots + 1, PIT_PIN, TEST_VECTOR));
    test_ok(root_mint(slots + 2, ntfn, seL4_AllRights, badge));
    test_ok(seL4_IRQHandler_SetNotification(slots + 1, slots + 2));
    test_ok(seL4_IRQHandler_Ack(slots + 1));
    return CONF_PASS;
}

CONF_TEST(IRQ0001, "IRQControl_Get is seL4_IllegalOperation on pc99 with the IOAPIC, for any IRQ, ISA or not")
{
    NEW_SLOT(s);
    test_error(seL4_IRQControl_Get(seL4_CapIRQControl, 0, ROOT, s, seL4_WordBits), seL4_IllegalOperation);
    test_error(seL4_IRQControl_Get(seL4_CapIRQControl, 4, ROOT, s, seL4_WordBits), seL4_IllegalOperation);
    test_error(seL4_IRQControl_Get(seL4_CapIRQControl, 200, ROOT, s, seL4_WordBits), seL4_IllegalOperation);
    test_cap(s, CAP_NULL);
    /* three words and the CNode are checked first */
    seL4_Word mrs[3] = { 0, s, seL4_WordBits };
    seL4_CPtr root = ROOT;
    seL4_MessageInfo_t info = conf_raw_call(seL4_CapIRQControl, IRQIssueIRQHandler, 2, 1, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(seL4_CapIRQControl, IRQIssueIRQHandler, 3, 0, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    return CONF_PASS;
}

CONF_TEST(IRQ0002, "GetIOAPIC gives an IRQHandler cap; the same vector again is seL4_RevokeFirst until its last handler cap is deleted")
{
    NEW_SLOTS(s, 4);
    test_ok(get_ioapic(s, PIT_PIN, TEST_VECTOR));
    test_cap(s, CAP_IRQ_HANDLER);
    test_error(get_ioapic(s + 1, PIT_PIN, TEST_VECTOR), seL4_RevokeFirst);
    test_error(get_ioapic(s + 1, 7, TEST_VECTOR), seL4_RevokeFirst);
    test_cap(s + 1, CAP_NULL);
    /* another vector is free, even on the same pin */
    test_ok(get_ioapic(s + 1, PIT_PIN, TEST_VECTOR + 1));
    test_cap(s + 1, CAP_IRQ_HANDLER);
    /* a copy keeps the vector active after the original goes */
    test_ok(root_copy(s + 2, s, seL4_AllRights));
    test_cap(s + 2, CAP_IRQ_HANDLER);
    test_ok(root_delete(s));
    test_error(get_ioapic(s + 3, PIT_PIN, TEST_VECTOR), seL4_RevokeFirst);
    test_ok(root_delete(s + 2));
    test_ok(get_ioapic(s + 3, PIT_PIN, TEST_VECTOR));
    test_cap(s + 3, CAP_IRQ_HANDLER);
    /* the highest vector index is 107 */
    test_ok(get_ioapic(s, 3, MAX_VECTOR));
    return CONF_PASS;
}

CONF_TEST(IRQ0003, "GetIOAPIC checks: vector index, then slot, then IOAPIC, pin, level, polarity (seL4_RangeError bounds)")
{
    NEW_SLOTS(s, 2);
    test_range_error(get_ioapic(s, PIT_PIN, MAX_VECTOR + 1), 0, MAX_VECTOR);
    test_range_error(get_ioapic(s, PIT_PIN, ~0ul), 0, MAX_VECTOR);
    /* an occupied or unreachable slot is found before the IOAPIC arguments are looked at */
    test_ok(root_copy(s + 1, seL4_CapInitThreadTCB, seL4_AllRights));
    test_error(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, s + 1, seL4_WordBits, 9, 99, 9, 9, 1),
               seL4_DeleteFirst);
    test_range_error(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, s, 65, 0, 0, 0, 0, 1), 1, 64);
    test_range_error(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 1, 0, 0, 0, 1), 0, 0);
    test_range_error(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 0, 24, 0, 0, 1), 0, 23);
    test_range_error(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 0, 0, 2, 0, 1), 0, 1);
    test_range_error(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 0, 0, 0, 2, 1), 0, 1);
    test_cap(s, CAP_NULL);
    /* a failed Get leaves the vector free */
    test_ok(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 0, 23, 1, 1, 1));
    /* seven words and the CNode */
    seL4_Word mrs[7] = { s + 1, seL4_WordBits, 0, 0, 0, 0, 2 };
    seL4_CPtr root = ROOT;
    seL4_MessageInfo_t info = conf_raw_call(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, 6, 1, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, 7, 0, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    /* a label IRQControl does not know */
    info = conf_raw_call(seL4_CapIRQControl, IRQAckIRQ, 7, 1, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
    return CONF_PASS;
}

CONF_TEST(IRQ0004, "GetMSI gives a handler for a vector; PCI bus, device and function are range checked; vectors are shared with GetIOAPIC")
{
    NEW_SLOTS(s, 3);
    test_range_error(seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 256, 0, 0, 0, 9), 0, 255);
    test_range_error(seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 0, 32, 0, 0, 9), 0, 31);
    test_range_error(seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 0, 0, 8, 0, 9), 0, 7);
    test_range_error(seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 0, 0, 0, 0, 108), 0, 107);
    test_ok(seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, s, seL4_WordBits, 255, 31, 7, 0x1234, 9));
    test_cap(s, CAP_IRQ_HANDLER);
    test_error(get_ioapic(s + 1, 4, 9), seL4_RevokeFirst);
    test_error(seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, s + 1, seL4_WordBits, 0, 0, 0, 0, 9),
               seL4_RevokeFirst);
    /* handler methods work on an MSI vector too */
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    test_ok(seL4_IRQHandler_SetNotification(s, n));
    test_ok(seL4_IRQHandler_Ack(s));
    test_ok(seL4_IRQHandler_Clear(s));
    return CONF_PASS;
}

CONF_TEST(IRQ0005, "IRQHandler_SetNotification needs a notification cap with send rights (seL4_InvalidCapability 0); Clear and Ack always succeed")
{
    NEW_SLOTS(s, 3);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    test_ok(get_ioapic(s, PIT_PIN, TEST_VECTOR));
    test_invalid_cap(seL4_IRQHandler_SetNotification(s, ep), 0);
    test_ok(root_mint(s + 1, n, seL4_CanRead, 0));
    test_invalid_cap(seL4_IRQHandler_SetNotification(s, s + 1), 0);
    test_ok(seL4_IRQHandler_SetNotification(s, n));
    /* replacing and clearing the notification, repeatedly */
    test_ok(root_mint(s + 2, n, seL4_AllRights, 0x40));
    test_ok(seL4_IRQHandler_SetNotification(s, s + 2));
    test_ok(seL4_IRQHandler_Clear(s));
    test_ok(seL4_IRQHandler_Clear(s));
    test_ok(seL4_IRQHandler_Ack(s));
    /* no extra cap */
    seL4_MessageInfo_t info = conf_raw_call(s, IRQSetIRQHandler, 0, 0, NULL, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(s, X86IOPortIn8, 1, 0, (seL4_Word[]){ 0x3f8 }, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
    /* the notification the IRQ node holds is a child of the cap it came from */
    test_ok(root_revoke(s + 2));
    test_ok(seL4_IRQHandler_Ack(s));
    return CONF_PASS;
}

CONF_TEST(IOPORTS0001, "IOPortControl_Issue hands a range out once: any overlap is seL4_RevokeFirst until the range's last cap is deleted")
{
    NEW_SLOTS(s, 4);
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x3f8, 0x3ff, ROOT, s, seL4_WordBits));
    test_cap(s, CAP_IO_PORT);
    test_error(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x3ff, 0x400, ROOT, s + 1, seL4_WordBits),
               seL4_RevokeFirst);
    test_error(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x3f0, 0x3f8, ROOT, s + 1, seL4_WordBits),
               seL4_RevokeFirst);
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x3f0, 0x3f7, ROOT, s + 1, seL4_WordBits));
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x400, 0x400, ROOT, s + 2, seL4_WordBits));
    /* copies share the range: it stays allocated until the last one goes */
    test_ok(root_copy(s + 3, s, seL4_AllRights));
    test_cap(s + 3, CAP_IO_PORT);
    test_ok(root_delete(s));
    test_error(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x3f8, 0x3f8, ROOT, s, seL4_WordBits),
               seL4_RevokeFirst);
    test_ok(root_delete(s + 3));
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x3f8, 0x3ff, ROOT, s, seL4_WordBits));
    /* revoking the control cap takes every range back */
    test_ok(root_revoke(seL4_CapIOPortControl));
    test_cap(s, CAP_NULL);
    test_cap(s + 1, CAP_NULL);
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0, 0xffff, ROOT, s, seL4_WordBits));
    return CONF_PASS;
}

CONF_TEST(IOPORTS0002, "IOPortControl_Issue errors: last < first (seL4_InvalidArgument 1), truncated, occupied or bad slot; ports are 16 bits")
{
    NEW_SLOTS(s, 2);
    test_invalid_arg(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x61, 0x60, ROOT, s, seL4_WordBits), 1);
    test_ok(root_copy(s + 1, seL4_CapInitThreadTCB, seL4_AllRights));
    test_error(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x60, 0x60, ROOT, s + 1, seL4_WordBits),
               seL4_DeleteFirst);
    test_range_error(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x60, 0x60, ROOT, s, 65), 1, 64);
    seL4_Word mrs[4] = { 0x60, 0x60, s, seL4_WordBits };
    seL4_CPtr root = ROOT;
    seL4_MessageInfo_t info = conf_raw_call(seL4_CapIOPortControl, X86IOPortControlIssue, 3, 1, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(seL4_CapIOPortControl, X86IOPortControlIssue, 4, 0, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(seL4_CapIOPortControl, X86IOPortIn8, 4, 1, mrs, &root);
    test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
    /* only the low 16 bits of each port count: 0x10060 is port 0x60 */
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x10060, 0x10060, ROOT, s, seL4_WordBits));
    test_ok(root_delete(s + 1));
    test_error(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x60, 0x60, ROOT, s + 1, seL4_WordBits),
               seL4_RevokeFirst);
    /* IOPortControl cannot be copied */
    test_error(root_copy(s + 1, seL4_CapIOPortControl, seL4_AllRights), seL4_IllegalOperation);
    return CONF_PASS;
}

CONF_TEST(IOPORTS0003, "IOPort In/Out: every byte of the access must lie in the cap's range (seL4_IllegalOperation); messages too short are truncated")
{
    NEW_SLOT(s);
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x3f8, 0x3ff, ROOT, s, seL4_WordBits));
    test_ok(seL4_X86_IOPort_In8(s, 0x3ff).error);
    test_ok(seL4_X86_IOPort_In16(s, 0x3fe).error);
    test_ok(seL4_X86_IOPort_In32(s, 0x3fc).error);
    test_error(seL4_X86_IOPort_In8(s, 0x3f7).error, seL4_IllegalOperation);
    test_error(seL4_X86_IOPort_In8(s, 0x400).error, seL4_IllegalOperation);
    test_error(seL4_X86_IOPort_In16(s, 0x3ff).error, seL4_IllegalOperation);
    test_error(seL4_X86_IOPort_In32(s, 0x3fd).error, seL4_IllegalOperation);
    test_error(seL4_X86_IOPort_Out8(s, 0x2f8, 0), seL4_IllegalOperation);
    test_error(seL4_X86_IOPort_Out16(s, 0x3ff, 0), seL4_IllegalOperation);
    test_error(seL4_X86_IOPort_Out32(s, 0x3fe, 0), seL4_IllegalOperation);
    seL4_MessageInfo_t info = conf_raw_call(s, X86IOPortIn8, 0, 0, NULL, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(s, X86IOPortOut8, 1, 0, (seL4_Word[]){ 0x3ff }, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    /* an In answers with one word, label 0 */
    info = conf_raw_call(s, X86IOPortIn8, 1, 0, (seL4_Word[]){ 0x3ff }, NULL);
    test_eq(seL4_MessageInfo_get_label(info), 0);
    test_eq(seL4_MessageInfo_get_length(info), 1);
    return CONF_PASS;
}

CONF_TEST(IOPORTS0004, "COM1's 16550 answers on its ports: the scratch register keeps a byte, the line status says the transmitter is empty")
{
    NEW_SLOT(s);
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x3f8, 0x3ff, ROOT, s, seL4_WordBits));
    test_ok(seL4_X86_IOPort_Out8(s, 0x3ff, 0x5a));
    seL4_X86_IOPort_In8_t r = seL4_X86_IOPort_In8(s, 0x3ff);
    test_ok(r.error);
    test_eq(r.result, 0x5a);
    test_ok(seL4_X86_IOPort_Out8(s, 0x3ff, 0xa5));
    test_eq(seL4_X86_IOPort_In8(s, 0x3ff).result, 0xa5);
    /* only the access's width reaches the device */
    test_ok(seL4_X86_IOPort_Out8(s, 0x3ff, 0x1234));
    test_eq(seL4_X86_IOPort_In8(s, 0x3ff).result, 0x34);
    test_eq(seL4_X86_IOPort_In8(s, 0x3fd).result & 0x60, 0x60); /* THRE and TEMT */
    return CONF_PASS;
}

CONF_TEST(TIMER0001, "the PIT's periodic interrupt (100 Hz) signals the handler's notification with its badge, once per Ack; the fifth comes 50 ms after the count was written, never sooner (up to 100 ms under load)")
{
    seL4_Word per_ms = conf_tsc_per_ms();
    test_gt(per_ms, 0);
    NEW_SLOTS(s, 3);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    TRY(timer_setup(s, n, 0x10));
    seL4_Word start = conf_rdtsc();
    TRY(pit_program(s, 2, PIT_HZ / 100));
    /* the first interrupt: polled, so a broken timer fails instead of hanging */
    seL4_Word badge = poll_for(n, 200, per_ms);
    if (!badge)
        pit_stop(s);
    test_eq(badge, 0x10);
    for (int i = 0; i < 4; i++) {
        test_ok(seL4_IRQHandler_Ack(s + 1));
        seL4_Wait(n, &badge); /* the core idles until the interrupt */
        test_eq(badge, 0x10);
    }
    seL4_Word ms = elapsed_ms(start, per_ms);
    pit_stop(s);
    /* the k-th signal comes at the k-th period boundary or later (one held while masked is an earlier one) */
    test_geq(ms, 49);
    test_leq(ms, 100);
    return CONF_PASS;
}

CONF_TEST(TIMER0002, "an unacknowledged interrupt masks the line: no signal arrives until Ack, and after Ack the next one does")
{
    seL4_Word per_ms = conf_tsc_per_ms();
    NEW_SLOTS(s, 3);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    TRY(timer_setup(s, n, 0x3));
    TRY(pit_program(s, 2, PIT_HZ / 200)); /* 5 ms */
    seL4_Word first = poll_for(n, 200, per_ms);
    seL4_Word masked = first ? poll_for(n, 30, per_ms) : 0;
    test_ok(seL4_IRQHandler_Ack(s + 1));
    seL4_Word after_ack = poll_for(n, 100, per_ms);
    pit_stop(s);
    test_eq(first, 0x3);
    test_eq(masked, 0);
    test_eq(after_ack, 0x3);
    return CONF_PASS;
}

CONF_TEST(TIMER0003, "the PIT's one-shot mode interrupts once, after the programmed 20 ms and not before; Clear stops delivery")
{
    seL4_Word per_ms = conf_tsc_per_ms();
    NEW_SLOTS(s, 3);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    TRY(timer_setup(s, n, 0x1));
    seL4_Word start = conf_rdtsc();
    TRY(pit_program(s, 0, PIT_HZ / 50));
    seL4_Word badge = poll_for(n, 200, per_ms);
    seL4_Word ms = elapsed_ms(start, per_ms);
    test_eq(badge, 0x1);
    test_geq(ms, 19);
    test_leq(ms, 70);
    test_ok(seL4_IRQHandler_Ack(s + 1));
    test_eq(poll_for(n, 50, per_ms), 0);
    /* once more, but with the handler's notification cleared first: nothing is delivered */
    test_ok(seL4_IRQHandler_Clear(s + 1));
    pit_stop(s);
    test_eq(poll_for(n, 30, per_ms), 0);
    return CONF_PASS;
}

CONF_TEST(TIMER0004, "the PIT's counter counts down at 1.193182 MHz: latched reads 2 ms apart differ by the time between them")
{
    seL4_Word per_ms = conf_tsc_per_ms();
    NEW_SLOT(s);
    test_ok(seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x40, 0x43, ROOT, s, seL4_WordBits));
    test_ok(seL4_X86_IOPort_Out8(s, 0x43, 0x34)); /* counter 0, low then high byte, mode 2 */
    test_ok(seL4_X86_IOPort_Out8(s, 0x40, 0));
    test_ok(seL4_X86_IOPort_Out8(s, 0x40, 0)); /* 65536: a 54.9 ms period */
    /* each latch is bracketed by two TSC reads: the host may stop us anywhere */
    seL4_Word t0a = conf_rdtsc();
    test_ok(seL4_X86_IOPort_Out8(s, 0x43, 0x00));
    seL4_Word t0b = conf_rdtsc();
    seL4_Word lo = seL4_X86_IOPort_In8(s, 0x40).result, hi = seL4_X86_IOPort_In8(s, 0x40).result;
    seL4_Word c0 = hi << 8 | lo;
    while (conf_rdtsc() - t0b < 2 * per_ms)
        ;
    seL4_Word t1a = conf_rdtsc();
    test_ok(seL4_X86_IOPort_Out8(s, 0x43, 0x00));
    seL4_Word t1b = conf_rdtsc();
    lo = seL4_X86_IOPort_In8(s, 0x40).result;
    hi = seL4_X86_IOPort_In8(s, 0x40).result;
    seL4_Word c1 = hi << 8 | lo;
    pit_stop(s);
    seL4_Word counted = (c0 - c1) & 0xffff;
    seL4_Word least = (t1a - t0b) * 1193 / per_ms, most = (t1b - t0a) * 1194 / per_ms;
    test_geq(counted + 2, least);
    test_leq(counted, most + 2);
    return CONF_PASS;
}
