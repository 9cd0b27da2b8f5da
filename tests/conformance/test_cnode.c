/*
 * CNODEOP: the CNode invocations (kernel src/object/cnode.c,
 * decodeCNodeInvocation and the invoke* functions) with the derivation rules
 * of src/object/objecttype.c (deriveCap, updateCapData, maskCapRights,
 * isCapRevocable) and src/arch/x86/object/objecttype.c (Arch_deriveCap).
 *
 * Check order in decodeCNodeInvocation, which several tests pin down:
 *   label in [CNodeRevoke, CNodeSaveCaller] else IllegalOperation;
 *   length >= 2 else TruncatedMessage; destination lookup (MR0 = 0);
 *   Copy/Mint/Move/Mutate: length >= 4 and an extra cap else Truncated;
 *     destination empty else DeleteFirst; source lookup (MR0 = 1); source
 *     not null else FailedLookup missing_capability(srcDepth); per-op length
 *     (Copy 5, Mint 6, Mutate 5) else Truncated; derive/update; null result
 *     -> IllegalOperation.
 *   Rotate: length >= 8 and two extra caps; source lookup; pivot lookup (as a
 *     source, MR0 = 1); pivot == source or destination -> IllegalOperation;
 *     destination empty unless it is the source; source null (MR0 = 1),
 *     pivot null (MR0 = 0!); updateCapData(preserve = true) of both.
 *
 * Badges are observed with notifications: seL4_Signal on a badged cap, then
 * seL4_Poll on the original cap returns the (OR-ed) badge. Endpoint rights
 * are observed with CancelBadgedSends, which needs all four rights
 * (hasCancelSendRights).
 */
#include "framework.h"

/* A notification and a badged cap to it. */
static int make_badged_ntfn(seL4_CPtr *ntfn, seL4_CPtr *badged, seL4_Word badge)
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    test_ok(root_mint(b, n, seL4_AllRights, badge));
    *ntfn = n;
    *badged = b;
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Copy                                                                      */

CONF_TEST(CNODEOP0001, "Copy: the copy refers to the same object and keeps the badge; the source stays")
{
    seL4_CPtr n, b;
    TRY(make_badged_ntfn(&n, &b, 0x11));
    NEW_SLOT(c);

    test_ok(seL4_CNode_Copy(ROOT, c, seL4_WordBits, ROOT, b, seL4_WordBits,
                            seL4_AllRights));
    test_cap(b, CAP_NTFN);
    test_cap(c, CAP_NTFN);
    test_eq(conf_poll(n), 0);
    seL4_Signal(c);
    test_eq(conf_poll(n), 0x11);
    seL4_Signal(b);
    test_eq(conf_poll(n), 0x11);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0002, "Copy errors: DeleteFirst before source checks, missing source, depth range")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(m, seL4_EndpointObject, 0);
    NEW_SLOT(empty);
    NEW_SLOT(d);

    /* destination occupied */
    test_error(root_copy(m, n, seL4_AllRights), seL4_DeleteFirst);
    test_cap(n, CAP_NTFN);
    test_cap(m, CAP_EP);
    /* destination occupied and source empty: the destination is checked first */
    test_error(root_copy(m, empty, seL4_AllRights), seL4_DeleteFirst);
    /* source empty */
    test_lookup_missing(root_copy(d, empty, seL4_AllRights), 1, 64);
    test_cap(d, CAP_NULL);
    /* source depth out of range */
    test_range_error(seL4_CNode_Copy(ROOT, d, seL4_WordBits, ROOT, n, 0,
                                     seL4_AllRights), 1, 64);
    /* destination depth out of range, with an occupied destination slot too */
    test_range_error(seL4_CNode_Copy(ROOT, m, 0, ROOT, n, seL4_WordBits,
                                     seL4_AllRights), 1, 64);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0003, "Copy masks endpoint rights; rights never grow back (CancelBadgedSends needs all)")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(c, 5);

    /* a freshly retyped endpoint cap has all four rights (createObject) */
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, ep, seL4_WordBits));
    test_ok(root_copy(c, ep, seL4_AllRights));
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, c, seL4_WordBits));
    /* no GrantReply */
    test_ok(root_copy(c + 1, ep, seL4_CapRights_new(0, 1, 1, 1)));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, c + 1, seL4_WordBits),
               seL4_IllegalOperation);
    /* copying the reduced cap with all rights does not restore them */
    test_ok(root_copy(c + 2, c + 1, seL4_AllRights));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, c + 2, seL4_WordBits),
               seL4_IllegalOperation);
    /* no rights at all still gives a cap */
    test_ok(root_copy(c + 3, ep, seL4_NoRights));
    test_cap(c + 3, CAP_EP);
    test_error(seL4_CNode_CancelBadgedSends(ROOT, c + 3, seL4_WordBits),
               seL4_IllegalOperation);
    /* read/write only */
    test_ok(root_copy(c + 4, ep, seL4_ReadWrite));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, c + 4, seL4_WordBits),
               seL4_IllegalOperation);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0004, "Copy masks notification rights: no Write -> invoking it is InvalidCapability 0")
{
    seL4_CPtr n, b;
    TRY(make_badged_ntfn(&n, &b, 0x40));
    NEW_SLOT(r);
    NEW_SLOT(w);

    test_ok(root_copy(r, b, seL4_CanRead));
    test_ok(root_copy(w, b, seL4_CanWrite));
    /* decodeInvocation: a notification cap without CanSend */
    seL4_MessageInfo_t info = seL4_Call(r, seL4_MessageInfo_new(0, 0, 0, 0));
    test_eq(seL4_MessageInfo_get_label(info), seL4_InvalidCapability);
    test_mr(0, 0);
    /* seL4_Signal (a Send: no error reply) does nothing through it */
    seL4_Signal(r);
    test_eq(conf_poll(n), 0);
    /* the write-only copy signals with the badge; a Call on a notification
     * signals it and replies with an empty success message */
    info = seL4_Call(w, seL4_MessageInfo_new(0, 0, 0, 0));
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    test_eq(conf_poll(n), 0x40);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0005, "Copy of initial caps: IRQControl and IOPortControl cannot be derived, the rest can")
{
    NEW_SLOTS(d, 9);

    /* deriveCap: cap_irq_control_cap -> null cap -> IllegalOperation */
    test_error(root_copy(d, seL4_CapIRQControl, seL4_AllRights),
               seL4_IllegalOperation);
    test_error(root_mint(d, seL4_CapIRQControl, seL4_AllRights, 0),
               seL4_IllegalOperation);
    /* Arch_deriveCap: cap_io_port_control_cap -> null cap */
    test_error(root_copy(d, seL4_CapIOPortControl, seL4_AllRights),
               seL4_IllegalOperation);
    test_cap(d, CAP_NULL);
    /* the IOSpace slot is empty on this configuration */
    test_lookup_missing(root_copy(d, seL4_CapIOSpace, seL4_AllRights), 1, 64);

    test_ok(root_copy(d + 0, seL4_CapInitThreadTCB, seL4_AllRights));
    test_cap(d + 0, CAP_TCB);
    test_ok(root_copy(d + 1, seL4_CapInitThreadCNode, seL4_AllRights));
    test_cap(d + 1, CAP_CNODE);
    /* the root task's PML4 has an ASID, so it can be derived */
    test_ok(root_copy(d + 2, seL4_CapInitThreadVSpace, seL4_AllRights));
    test_cap(d + 2, CAP_PML4);
    test_ok(root_copy(d + 3, seL4_CapASIDControl, seL4_AllRights));
    test_cap(d + 3, CAP_ASID_CONTROL);
    test_ok(root_copy(d + 4, seL4_CapInitThreadASIDPool, seL4_AllRights));
    test_cap(d + 4, CAP_ASID_POOL);
    test_ok(root_copy(d + 5, seL4_CapBootInfoFrame, seL4_AllRights));
    test_cap(d + 5, CAP_FRAME);
    test_ok(root_copy(d + 6, seL4_CapInitThreadIPCBuffer, seL4_AllRights));
    test_cap(d + 6, CAP_FRAME);
    test_ok(root_copy(d + 7, seL4_CapDomain, seL4_AllRights));
    test_cap(d + 7, CAP_DOMAIN);
    /* a copy of a copy */
    test_ok(root_copy(d + 8, d + 0, seL4_NoRights));
    test_cap(d + 8, CAP_TCB);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0006, "Copy/Mint of unmapped paging structures is IllegalOperation; frames copy; Move works")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 5);
    NEW_SLOTS(d, 2);

    test_ok(retype(u, seL4_X64_PML4Object, 0, s + 0, 1));
    test_ok(retype(u, seL4_X86_PDPTObject, 0, s + 1, 1));
    test_ok(retype(u, seL4_X86_PageDirectoryObject, 0, s + 2, 1));
    test_ok(retype(u, seL4_X86_PageTableObject, 0, s + 3, 1));
    test_ok(retype(u, seL4_X86_4K, 0, s + 4, 1));

    /* Arch_deriveCap / Mode_deriveCap: no ASID / not mapped */
    for (seL4_Word i = 0; i < 4; i++) {
        conf_ctx("object %lu", i);
        test_error(root_copy(d, s + i, seL4_AllRights), seL4_IllegalOperation);
        test_error(root_mint(d, s + i, seL4_AllRights, 0), seL4_IllegalOperation);
        test_cap(d, CAP_NULL);
    }
    conf_ctx("4K frame");
    test_ok(root_copy(d, s + 4, seL4_AllRights));
    test_cap(d, CAP_FRAME);
    /* Move does not derive */
    conf_ctx("move");
    test_ok(root_move(d + 1, s + 3));
    test_cap(d + 1, CAP_PT);
    test_cap(s + 3, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0007, "Copy of an untyped: the source becomes full; copies of untypeds with children: RevokeFirst")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(c, 2);
    NEW_SLOTS(o, 3);

    test_ok(root_copy(c, u, seL4_AllRights));
    test_cap(c, CAP_UNTYPED);
    /* setUntypedCapAsFull: the source's free index is now the maximum, and
     * the copy is its child, so it is not reset */
    test_not_enough(retype(u, seL4_EndpointObject, 0, o, 1), 0);
    /* the copy has no children: it starts from offset 0 */
    test_ok(retype(c, seL4_EndpointObject, 0, o, 1));
    /* deriveCap of an untyped: ensureNoChildren */
    test_error(root_copy(c + 1, c, seL4_AllRights), seL4_RevokeFirst);
    test_error(root_copy(c + 1, u, seL4_AllRights), seL4_RevokeFirst);
    test_error(root_mint(c + 1, u, seL4_AllRights, 0), seL4_RevokeFirst);
    test_cap(c + 1, CAP_NULL);
    /* deleting the copy leaves its endpoint, still a descendant of u */
    test_ok(root_delete(c));
    test_not_enough(retype(u, seL4_EndpointObject, 0, o + 1, 1), 0);
    test_ok(root_revoke(u));
    test_cap(o, CAP_NULL);
    test_ok(retype(u, seL4_UntypedObject, 12, o + 2, 1));
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Mint                                                                      */

CONF_TEST(CNODEOP0008, "Mint sets 64-bit notification badges; signals OR together")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(b, 3);

    test_ok(root_mint(b + 0, n, seL4_AllRights, 0x1));
    test_ok(root_mint(b + 1, n, seL4_AllRights, 0x4));
    test_ok(root_mint(b + 2, n, seL4_AllRights, 0xfedcba9876543210ul));
    test_cap(b + 2, CAP_NTFN);
    seL4_Signal(b + 0);
    seL4_Signal(b + 1);
    test_eq(conf_poll(n), 0x5);
    test_eq(conf_poll(n), 0);
    seL4_Signal(b + 2);
    test_eq(conf_poll(n), 0xfedcba9876543210ul);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0009, "Mint of an already badged endpoint or notification is IllegalOperation, even with badge 0")
{
    seL4_CPtr n, b;
    TRY(make_badged_ntfn(&n, &b, 0x3));
    NEW_OBJECT(e, seL4_EndpointObject, 0);
    NEW_SLOT(be);
    NEW_SLOT(d);

    test_ok(root_mint(be, e, seL4_AllRights, 0x3));
    /* updateCapData(preserve = false): only badge-0 caps take a badge */
    test_error(root_mint(d, b, seL4_AllRights, 0x5), seL4_IllegalOperation);
    test_error(root_mint(d, b, seL4_AllRights, 0), seL4_IllegalOperation);
    test_error(root_mint(d, be, seL4_AllRights, 0x5), seL4_IllegalOperation);
    test_error(root_mint(d, be, seL4_AllRights, 0), seL4_IllegalOperation);
    test_cap(d, CAP_NULL);
    /* Copy keeps the badge */
    test_ok(root_copy(d, b, seL4_AllRights));
    seL4_Signal(d);
    test_eq(conf_poll(n), 0x3);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0010, "Mint with badge 0 gives an unbadged cap that can still be badged")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(m0);
    NEW_SLOT(b);

    test_ok(root_mint(m0, n, seL4_AllRights, 0));
    test_ok(root_mint(b, m0, seL4_AllRights, 0x9));
    seL4_Signal(b);
    test_eq(conf_poll(n), 0x9);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0011, "Mint masks rights like Copy")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_SLOTS(c, 3);

    test_ok(root_mint(c + 0, ep, seL4_CapRights_new(1, 1, 1, 0), 0x7));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, c + 0, seL4_WordBits),
               seL4_IllegalOperation);
    test_ok(root_mint(c + 1, ep, seL4_AllRights, 0x7));
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, c + 1, seL4_WordBits));
    test_ok(root_copy(c + 2, c + 0, seL4_AllRights));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, c + 2, seL4_WordBits),
               seL4_IllegalOperation);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0012, "Mint data: ignored for TCB, frame and untyped caps; guard for CNode caps")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    NEW_UNTYPED(u, 12);
    NEW_OBJECT(c, seL4_CapTableObject, 3);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(d, 4);
    NEW_SLOT(out);

    test_ok(root_mint(d + 0, t, seL4_AllRights, 0x1234));
    test_cap(d + 0, CAP_TCB);
    test_ok(root_mint(d + 1, f, seL4_AllRights, 0x1234));
    test_cap(d + 1, CAP_FRAME);
    test_ok(root_mint(d + 2, u, seL4_AllRights, 0x1234));
    test_cap(d + 2, CAP_UNTYPED);

    test_ok(seL4_CNode_Copy(c, 5, 3, ROOT, n, seL4_WordBits, seL4_AllRights));
    test_ok(root_mint(d + 3, c, seL4_AllRights, guard_data(0x15, 5)));
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, d + 3, (0x15ul << 3) | 5,
                            8, seL4_AllRights));
    test_cap(out, CAP_NTFN);
    test_ok(root_delete(out));
    test_lookup_guard(seL4_CNode_Copy(ROOT, out, seL4_WordBits, d + 3,
                                      (0x14ul << 3) | 5, 8, seL4_AllRights),
                      1, 8, 0x15, 5);
    /* the original cap is unguarded */
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, c, 5, 3, seL4_AllRights));
    test_cap(out, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0013, "Mint errors: DeleteFirst, missing source, underivable and oversized guard")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(m, seL4_NotificationObject, 0);
    NEW_UNTYPED(u, 12);
    NEW_SLOT(empty);
    NEW_SLOTS(d, 2);

    test_error(root_mint(m, n, seL4_AllRights, 1), seL4_DeleteFirst);
    test_lookup_missing(root_mint(d, empty, seL4_AllRights, 1), 1, 64);
    test_error(root_mint(d, seL4_CapIOPortControl, seL4_AllRights, 0),
               seL4_IllegalOperation);
    test_ok(retype(u, seL4_EndpointObject, 0, d + 1, 1));
    test_error(root_mint(d, u, seL4_AllRights, 0), seL4_RevokeFirst);
    test_error(root_mint(d, seL4_CapInitThreadCNode, seL4_AllRights,
                         guard_data(0, 52)), seL4_IllegalOperation);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Move and Mutate                                                           */

CONF_TEST(CNODEOP0014, "Move: the cap, with its badge, leaves the source slot")
{
    seL4_CPtr n, b;
    TRY(make_badged_ntfn(&n, &b, 0x21));
    NEW_SLOT(d);

    test_ok(seL4_CNode_Move(ROOT, d, seL4_WordBits, ROOT, b, seL4_WordBits));
    test_cap(b, CAP_NULL);
    test_cap(d, CAP_NTFN);
    seL4_Signal(d);
    test_eq(conf_poll(n), 0x21);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0015, "Move errors: DeleteFirst (also onto itself), missing source")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(m, seL4_EndpointObject, 0);
    NEW_SLOT(empty);
    NEW_SLOT(d);

    test_error(root_move(m, n), seL4_DeleteFirst);
    test_cap(n, CAP_NTFN);
    test_cap(m, CAP_EP);
    test_lookup_missing(root_move(d, empty), 1, 64);
    test_cap(d, CAP_NULL);
    /* source == destination, occupied: the destination must be empty */
    test_error(root_move(n, n), seL4_DeleteFirst);
    test_cap(n, CAP_NTFN);
    /* source == destination, empty: the source is missing */
    test_lookup_missing(root_move(empty, empty), 1, 64);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0016, "Move does not derive: untypeds with children move, and keep their children")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(d, 3);

    test_ok(retype(u, seL4_EndpointObject, 0, d, 1));
    test_ok(root_move(d + 1, u));
    test_cap(u, CAP_NULL);
    test_cap(d + 1, CAP_UNTYPED);
    /* the moved cap still has the endpoint as a child */
    test_error(root_copy(d + 2, d + 1, seL4_AllRights), seL4_RevokeFirst);
    test_not_enough(retype(d + 1, seL4_UntypedObject, 12, d + 2, 1), 4096 - 16);
    test_ok(root_revoke(d + 1));
    test_cap(d, CAP_NULL);
    test_ok(root_copy(d + 2, d + 1, seL4_AllRights));
    return CONF_PASS;
}

CONF_TEST(CNODEOP0017, "Mutate of endpoint and notification caps is IllegalOperation (updateCapData preserve)")
{
    NEW_OBJECT(e, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(b);
    NEW_SLOT(d);

    test_error(seL4_CNode_Mutate(ROOT, d, seL4_WordBits, ROOT, e,
                                 seL4_WordBits, 0), seL4_IllegalOperation);
    test_error(root_mutate(d, n, 0x5), seL4_IllegalOperation);
    test_ok(root_mint(b, n, seL4_AllRights, 0x2));
    test_error(root_mutate(d, b, 0), seL4_IllegalOperation);
    test_error(root_mutate(d, b, 0x2), seL4_IllegalOperation);
    test_cap(d, CAP_NULL);
    test_cap(e, CAP_EP);
    test_cap(n, CAP_NTFN);
    test_cap(b, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0018, "Mutate sets and strips a CNode guard; an oversized guard is IllegalOperation")
{
    NEW_OBJECT(c, seL4_CapTableObject, 3);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(g, 3);
    NEW_SLOT(out);

    test_ok(seL4_CNode_Copy(c, 5, 3, ROOT, n, seL4_WordBits, seL4_AllRights));
    test_ok(seL4_CNode_Mutate(ROOT, g, seL4_WordBits, ROOT, c, seL4_WordBits,
                              guard_data(0x15, 5)));
    test_cap(c, CAP_NULL);
    test_cap(g, CAP_CNODE);
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, g, (0x15ul << 3) | 5, 8,
                            seL4_AllRights));
    test_cap(out, CAP_NTFN);
    test_ok(root_delete(out));
    test_lookup_guard(seL4_CNode_Copy(ROOT, out, seL4_WordBits, g, 5, 3,
                                      seL4_AllRights), 1, 3, 0x15, 5);
    /* data 0: guard size 0 */
    test_ok(root_mutate(g + 1, g, 0));
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, g + 1, 5, 3,
                            seL4_AllRights));
    test_cap(out, CAP_NTFN);
    /* 62 + 3 > 64 */
    test_error(root_mutate(g + 2, g + 1, guard_data(0, 62)),
               seL4_IllegalOperation);
    test_cap(g + 1, CAP_CNODE);
    test_cap(g + 2, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0019, "Mutate ignores the data of TCB, frame and untyped caps and moves them")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(d, 4);

    test_ok(root_mutate(d + 0, t, 0xdeadbeef));
    test_cap(t, CAP_NULL);
    test_cap(d + 0, CAP_TCB);
    test_ok(root_mutate(d + 1, f, 0xdeadbeef));
    test_cap(f, CAP_NULL);
    test_cap(d + 1, CAP_FRAME);
    test_ok(retype(u, seL4_EndpointObject, 0, d + 3, 1));
    test_ok(root_mutate(d + 2, u, 0xdeadbeef));
    test_cap(u, CAP_NULL);
    test_cap(d + 2, CAP_UNTYPED);
    /* still the parent of the endpoint */
    test_not_enough(retype(d + 2, seL4_UntypedObject, 12, u, 1), 4096 - 16);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0020, "Mutate errors: DeleteFirst, missing source, depth range")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(t2, seL4_TCBObject, 0);
    NEW_SLOT(empty);
    NEW_SLOT(d);

    test_error(root_mutate(t2, t, 0), seL4_DeleteFirst);
    test_lookup_missing(root_mutate(d, empty, 0), 1, 64);
    test_range_error(seL4_CNode_Mutate(ROOT, d, seL4_WordBits, ROOT, t, 65, 0),
                     1, 64);
    test_cap(t, CAP_TCB);
    test_cap(t2, CAP_TCB);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Rotate                                                                    */

CONF_TEST(CNODEOP0021, "Rotate: pivot's cap to the destination, source's cap to the pivot")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    NEW_SLOT(d);

    test_ok(seL4_CNode_Rotate(ROOT, d, seL4_WordBits, 0, ROOT, f,
                              seL4_WordBits, 0, ROOT, t, seL4_WordBits));
    test_cap(d, CAP_FRAME);
    test_cap(f, CAP_TCB);
    test_cap(t, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0022, "Rotate with destination == source swaps source and pivot")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);

    test_ok(root_rotate(t, 0, f, 0, t));
    test_cap(t, CAP_FRAME);
    test_cap(f, CAP_TCB);
    /* and back */
    test_ok(root_rotate(f, 0, t, 0, f));
    test_cap(t, CAP_TCB);
    test_cap(f, CAP_FRAME);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0023, "Rotate with pivot == source or pivot == destination is IllegalOperation")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    NEW_SLOT(d);

    test_error(root_rotate(d, 0, t, 0, t), seL4_IllegalOperation);
    /* pivot == destination (occupied): the pivot rule comes before
     * DeleteFirst */
    test_error(root_rotate(f, 0, f, 0, t), seL4_IllegalOperation);
    /* all three the same */
    test_error(root_rotate(t, 0, t, 0, t), seL4_IllegalOperation);
    test_cap(t, CAP_TCB);
    test_cap(f, CAP_FRAME);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0024, "Rotate into an occupied destination (not the source) is DeleteFirst")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);

    test_error(root_rotate(n, 0, f, 0, t), seL4_DeleteFirst);
    test_cap(t, CAP_TCB);
    test_cap(f, CAP_FRAME);
    test_cap(n, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0025, "Rotate with an empty source (MR0 = 1) or an empty pivot (MR0 = 0)")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(c, seL4_CapTableObject, 3);
    NEW_SLOTS(empty, 2);
    NEW_SLOT(d);

    /* source null: failedLookupWasSource = 1, missing_capability(srcDepth) */
    test_lookup_missing(root_rotate(d, 0, t, 0, empty), 1, 64);
    /* pivot null: failedLookupWasSource = 0, missing_capability(pivotDepth) */
    test_lookup_missing(root_rotate(d, 0, empty, 0, t), 0, 64);
    test_lookup_missing(seL4_CNode_Rotate(ROOT, d, seL4_WordBits, 0, c, 4, 3,
                                          0, ROOT, t, seL4_WordBits), 0, 3);
    /* both null: the source is checked first */
    test_lookup_missing(root_rotate(d, 0, empty + 1, 0, empty), 1, 64);
    test_cap(t, CAP_TCB);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0026, "Rotate lookup failures: destination MR0 = 0, source and pivot MR0 = 1, in that order")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(f, seL4_X86_4K, 0);
    NEW_SLOT(d);

    /* pivot depth out of range */
    test_range_error(seL4_CNode_Rotate(ROOT, d, seL4_WordBits, 0, ROOT, f, 0,
                                       0, ROOT, t, seL4_WordBits), 1, 64);
    /* pivot guard mismatch: the pivot is looked up as a source */
    test_lookup_guard(seL4_CNode_Rotate(ROOT, d, seL4_WordBits, 0, ROOT,
                                        f | (1ul << 13), seL4_WordBits, 0,
                                        ROOT, t, seL4_WordBits),
                      1, 64, 0, 51);
    /* source guard mismatch */
    test_lookup_guard(seL4_CNode_Rotate(ROOT, d, seL4_WordBits, 0, ROOT, f,
                                        seL4_WordBits, 0, ROOT,
                                        t | (1ul << 13), seL4_WordBits),
                      1, 64, 0, 51);
    /* destination guard mismatch */
    test_lookup_guard(seL4_CNode_Rotate(ROOT, d | (1ul << 13), seL4_WordBits,
                                        0, ROOT, f, seL4_WordBits, 0, ROOT, t,
                                        seL4_WordBits),
                      0, 64, 0, 51);
    /* source (depth 0) is looked up before the pivot (guard mismatch) */
    test_range_error(seL4_CNode_Rotate(ROOT, d, seL4_WordBits, 0, ROOT,
                                       f | (1ul << 13), seL4_WordBits, 0, ROOT,
                                       t, 0), 1, 64);
    /* the destination before both */
    test_lookup_depth(seL4_CNode_Rotate(ROOT, 0, 60, 0, ROOT, f, 0, 0, ROOT, t,
                                        0), 0, 60, 64);
    test_cap(t, CAP_TCB);
    test_cap(f, CAP_FRAME);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0027, "Rotate of endpoint or notification caps is IllegalOperation (preserve = true)")
{
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_OBJECT(e, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(d);

    test_error(root_rotate(d, 0, t, 0, e), seL4_IllegalOperation);
    test_error(root_rotate(d, 0, n, 0, t), seL4_IllegalOperation);
    test_error(root_rotate(e, 0, n, 0, e), seL4_IllegalOperation);
    test_cap(t, CAP_TCB);
    test_cap(e, CAP_EP);
    test_cap(n, CAP_NTFN);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0028, "Rotate applies dest_badge to the pivot's CNode cap and pivot_badge to the source's")
{
    NEW_OBJECT(c1, seL4_CapTableObject, 3);
    NEW_OBJECT(c2, seL4_CapTableObject, 3);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(e, seL4_EndpointObject, 0);
    NEW_SLOT(d);
    NEW_SLOT(out);

    test_ok(seL4_CNode_Copy(c1, 5, 3, ROOT, n, seL4_WordBits, seL4_AllRights));
    test_ok(seL4_CNode_Copy(c2, 6, 3, ROOT, e, seL4_WordBits, seL4_AllRights));
    /* dest <- C1 (pivot) with guard 0x15/5; pivot <- C2 (source) with 0xa/4 */
    test_ok(seL4_CNode_Rotate(ROOT, d, seL4_WordBits, guard_data(0x15, 5), ROOT,
                              c1, seL4_WordBits, guard_data(0xa, 4), ROOT, c2,
                              seL4_WordBits));
    test_cap(c2, CAP_NULL);
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, d, (0x15ul << 3) | 5, 8,
                            seL4_AllRights));
    test_cap(out, CAP_NTFN);
    test_ok(root_delete(out));
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, c1, (0xaul << 3) | 6, 7,
                            seL4_AllRights));
    test_cap(out, CAP_EP);
    test_ok(root_delete(out));
    /* swap them back with data 0, which strips both guards */
    test_ok(root_rotate(d, 0, c1, 0, d));
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, d, 6, 3, seL4_AllRights));
    test_cap(out, CAP_EP);
    test_ok(root_delete(out));
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, c1, 5, 3, seL4_AllRights));
    test_cap(out, CAP_NTFN);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Delete                                                                    */

CONF_TEST(CNODEOP0029, "Delete: removes a cap, succeeds on an empty slot, lookup errors have MR0 = 0")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(c, seL4_CapTableObject, 3);
    NEW_SLOT(empty);

    test_ok(seL4_CNode_Delete(ROOT, n, seL4_WordBits));
    test_cap(n, CAP_NULL);
    test_ok(seL4_CNode_Delete(ROOT, empty, seL4_WordBits));
    test_ok(seL4_CNode_Delete(ROOT, n, seL4_WordBits));
    test_range_error(seL4_CNode_Delete(ROOT, empty, 0), 1, 64);
    test_range_error(seL4_CNode_Delete(ROOT, empty, 65), 1, 64);
    test_lookup_guard(seL4_CNode_Delete(ROOT, empty | (1ul << 13),
                                        seL4_WordBits), 0, 64, 0, 51);
    /* in another CNode */
    test_ok(seL4_CNode_Copy(c, 2, 3, ROOT, c, seL4_WordBits, seL4_AllRights));
    test_cap_at(c, 2, 3, CAP_CNODE);
    test_ok(seL4_CNode_Delete(c, 2, 3));
    test_cap_at(c, 2, 3, CAP_NULL);
    test_cap(c, CAP_CNODE);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0030, "deleting the last cap to an object destroys it (its untyped has no children again)")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(s, 2);

    test_ok(retype(u, seL4_EndpointObject, 0, s, 1));
    test_not_enough(retype(u, seL4_UntypedObject, 12, s + 1, 1), 4096 - 16);
    test_ok(root_delete(s));
    /* no children: the untyped is reset and all 4096 bytes are free */
    test_ok(retype(u, seL4_UntypedObject, 12, s + 1, 1));
    return CONF_PASS;
}

CONF_TEST(CNODEOP0031, "deleting one of two caps to an object keeps the object")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(s, 4);

    test_ok(retype(u, seL4_EndpointObject, 0, s, 1));
    test_ok(root_copy(s + 1, s, seL4_AllRights));
    test_ok(root_mint(s + 2, s, seL4_AllRights, 0x5));
    test_ok(root_delete(s));
    test_not_enough(retype(u, seL4_UntypedObject, 12, s + 3, 1), 4096 - 16);
    test_ok(root_delete(s + 1));
    test_not_enough(retype(u, seL4_UntypedObject, 12, s + 3, 1), 4096 - 16);
    test_ok(root_delete(s + 2));
    test_ok(retype(u, seL4_UntypedObject, 12, s + 3, 1));
    return CONF_PASS;
}

CONF_TEST(CNODEOP0032, "deleting the last cap to a CNode deletes the caps stored in it")
{
    NEW_UNTYPED(u, 13);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(s, 2);

    /* CNode at offset 0 (128 bytes), a frame into its slot 0 at 4096 */
    test_ok(retype(u, seL4_CapTableObject, 2, s, 1));
    test_ok(seL4_Untyped_Retype(u, seL4_X86_4K, 0, ROOT, s, seL4_WordBits, 0, 1));
    test_ok(seL4_CNode_Copy(s, 1, 2, ROOT, n, seL4_WordBits, seL4_AllRights));
    test_not_enough(retype(u, seL4_EndpointObject, 0, s + 1, 1), 0);
    test_ok(root_delete(s));
    /* the frame is gone with the CNode: no children left */
    test_ok(retype(u, seL4_UntypedObject, 13, s + 1, 1));
    /* the notification had another cap and survives */
    test_cap(n, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0033, "a CNode holding a cap to itself: deleting our cap keeps it, revoking its untyped frees it")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(s, 2);

    test_ok(retype(u, seL4_CapTableObject, 1, s, 1));
    test_ok(seL4_CNode_Copy(s, 0, 1, ROOT, s, seL4_WordBits, seL4_AllRights));
    /* not the final cap: the CNode stays, reachable only through itself */
    test_ok(root_delete(s));
    test_not_enough(retype(u, seL4_UntypedObject, 12, s + 1, 1), 4096 - 64);
    /* revoke finalises the self-referencing CNode (zombie path) */
    test_ok(root_revoke(u));
    test_ok(retype(u, seL4_UntypedObject, 12, s + 1, 1));
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Revoke                                                                    */

CONF_TEST(CNODEOP0034, "Revoke of a cap without children or of an empty slot succeeds and changes nothing")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(empty);

    test_ok(seL4_CNode_Revoke(ROOT, n, seL4_WordBits));
    test_cap(n, CAP_NTFN);
    test_ok(seL4_CNode_Revoke(ROOT, empty, seL4_WordBits));
    test_cap(empty, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0035, "Revoke of the original cap deletes all copies and badged caps")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(c, 4);

    test_ok(root_copy(c + 0, n, seL4_AllRights));
    test_ok(root_mint(c + 1, n, seL4_AllRights, 0x1));
    test_ok(root_copy(c + 2, c + 1, seL4_AllRights));
    test_ok(root_mint(c + 3, c + 0, seL4_AllRights, 0x2));
    test_ok(root_revoke(n));
    for (seL4_Word i = 0; i < 4; i++) {
        test_cap(c + i, CAP_NULL);
    }
    test_cap(n, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0036, "Revoke of a badged cap deletes only caps derived from it (mdbFirstBadged)")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(c, 4);

    test_ok(root_mint(c + 0, n, seL4_AllRights, 0x7)); /* B1 */
    test_ok(root_copy(c + 1, c + 0, seL4_AllRights));  /* copy of B1 */
    test_ok(root_mint(c + 2, n, seL4_AllRights, 0x7)); /* B2, same badge */
    test_ok(root_copy(c + 3, c + 2, seL4_AllRights));  /* copy of B2 */

    test_ok(root_revoke(c + 0));
    test_cap(c + 1, CAP_NULL);
    test_cap(c + 0, CAP_NTFN);
    test_cap(c + 2, CAP_NTFN);
    test_cap(c + 3, CAP_NTFN);
    test_cap(n, CAP_NTFN);

    test_ok(root_revoke(c + 2));
    test_cap(c + 3, CAP_NULL);
    test_cap(c + 2, CAP_NTFN);
    test_cap(c + 0, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0037, "Revoke of a plain copy deletes nothing (copies are not revocable)")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(c, 3);

    test_ok(root_copy(c + 0, n, seL4_AllRights));
    test_ok(root_copy(c + 1, c + 0, seL4_AllRights));
    test_ok(root_mint(c + 2, c + 0, seL4_AllRights, 0));
    test_ok(root_revoke(c + 0));
    test_cap(c + 1, CAP_NTFN);
    test_cap(c + 2, CAP_NTFN);
    test_ok(root_revoke(n));
    test_cap(c + 0, CAP_NULL);
    test_cap(c + 1, CAP_NULL);
    test_cap(c + 2, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0038, "Revoke of an untyped deletes every descendant, moved or stored in other CNodes")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 6);

    test_ok(retype(u, seL4_X86_4K, 0, s + 0, 1));
    test_ok(root_move(s + 1, s + 0));
    test_ok(retype(u, seL4_UntypedObject, 12, s + 2, 1));
    test_ok(retype(u, seL4_CapTableObject, 2, s + 3, 1));
    test_ok(seL4_Untyped_Retype(s + 2, seL4_EndpointObject, 0, ROOT, s + 3,
                                seL4_WordBits, 1, 1));
    test_ok(root_copy(s + 4, s + 1, seL4_AllRights));
    test_ok(root_revoke(u));
    test_cap(u, CAP_UNTYPED);
    for (seL4_Word i = 0; i < 5; i++) {
        test_cap(s + i, CAP_NULL);
    }
    test_ok(retype(u, seL4_UntypedObject, 16, s + 5, 1));
    return CONF_PASS;
}

CONF_TEST(CNODEOP0039, "Revoke lookup errors: depth range, guard and depth mismatch with MR0 = 0")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    test_range_error(seL4_CNode_Revoke(ROOT, n, 0), 1, 64);
    test_range_error(seL4_CNode_Revoke(ROOT, n, 65), 1, 64);
    test_lookup_guard(seL4_CNode_Revoke(ROOT, n | (1ul << 20), seL4_WordBits),
                      0, 64, 0, 51);
    test_lookup_depth(seL4_CNode_Revoke(ROOT, 0, 60), 0, 60, 64);
    test_cap(n, CAP_NTFN);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* SaveCaller, CancelBadgedSends                                             */

CONF_TEST(CNODEOP0040, "SaveCaller without a caller leaves the slot empty; DeleteFirst; lookup errors")
{
    NEW_SLOT(d);
    NEW_OBJECT(n, seL4_NotificationObject, 0);

    /* invokeCNodeSaveCaller: the tcbCaller slot is null -> nothing moved */
    test_ok(seL4_CNode_SaveCaller(ROOT, d, seL4_WordBits));
    test_cap(d, CAP_NULL);
    test_error(seL4_CNode_SaveCaller(ROOT, n, seL4_WordBits), seL4_DeleteFirst);
    test_cap(n, CAP_NTFN);
    test_range_error(seL4_CNode_SaveCaller(ROOT, d, 0), 1, 64);
    test_lookup_guard(seL4_CNode_SaveCaller(ROOT, d | (1ul << 40),
                                            seL4_WordBits), 0, 64, 0, 51);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0041, "CancelBadgedSends needs an endpoint cap with all rights; otherwise IllegalOperation")
{
    NEW_OBJECT(ep, seL4_EndpointObject, 0);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(empty);
    NEW_SLOTS(c, 3);

    test_ok(root_mint(c + 0, ep, seL4_AllRights, 0x77));
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, c + 0, seL4_WordBits));
    test_ok(seL4_CNode_CancelBadgedSends(ROOT, ep, seL4_WordBits));
    test_ok(root_mint(c + 1, ep, seL4_CapRights_new(1, 0, 1, 1), 0x5));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, c + 1, seL4_WordBits),
               seL4_IllegalOperation);
    test_ok(root_copy(c + 2, ep, seL4_CapRights_new(1, 1, 0, 1)));
    test_error(seL4_CNode_CancelBadgedSends(ROOT, c + 2, seL4_WordBits),
               seL4_IllegalOperation);
    test_error(seL4_CNode_CancelBadgedSends(ROOT, n, seL4_WordBits),
               seL4_IllegalOperation);
    test_error(seL4_CNode_CancelBadgedSends(ROOT, empty, seL4_WordBits),
               seL4_IllegalOperation);
    test_error(seL4_CNode_CancelBadgedSends(ROOT, seL4_CapInitThreadTCB,
                                            seL4_WordBits),
               seL4_IllegalOperation);
    test_range_error(seL4_CNode_CancelBadgedSends(ROOT, ep, 0), 1, 64);
    test_cap(ep, CAP_EP);
    test_cap(c + 0, CAP_EP);
    test_cap(c + 1, CAP_EP);
    test_cap(empty, CAP_NULL);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* Raw messages: labels, truncation, reply lengths                           */

CONF_TEST(CNODEOP0042, "a CNode invoked with a label outside CNodeRevoke..CNodeSaveCaller: IllegalOperation")
{
    NEW_SLOT(d);
    const seL4_Word labels[] = {
        InvalidInvocation, UntypedRetype, TCBSetFlags, IRQIssueIRQHandler,
        DomainSetSet, X86PageMap, 1000,
    };
    seL4_Word mrs[2] = {d, seL4_WordBits};

    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        conf_ctx("label %lu", labels[i]);
        seL4_MessageInfo_t info = conf_raw_call(ROOT, labels[i], 2, 0, mrs, NULL);
        test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
        test_eq(seL4_MessageInfo_get_length(info), 0);
        /* the label is checked before the length */
        info = conf_raw_call(ROOT, labels[i], 0, 0, NULL, NULL);
        test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
    }
    return CONF_PASS;
}

CONF_TEST(CNODEOP0043, "TruncatedMessage for short CNode messages, checked in decode order")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(m, seL4_NotificationObject, 0);
    NEW_SLOT(d);
    NEW_SLOT(empty);
    const seL4_CPtr caps[2] = {ROOT, ROOT};
    seL4_MessageInfo_t info;

    /* fewer than 2 words */
    seL4_Word del[2] = {d, seL4_WordBits};
    info = conf_raw_call(ROOT, CNodeDelete, 1, 0, del, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    info = conf_raw_call(ROOT, CNodeRevoke, 0, 0, NULL, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);

    /* Copy: 3 words with a cap; 4 words without a cap */
    seL4_Word cp[5] = {d, seL4_WordBits, n, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 3, 1, cp, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(ROOT, CNodeCopy, 4, 0, cp, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    /* ... but the destination lookup comes first */
    seL4_Word cp_bad[5] = {d, 0, n, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 3, 1, cp_bad, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_RangeError);
    /* Copy with 4 words: the rights word is checked after the slots */
    info = conf_raw_call(ROOT, CNodeCopy, 4, 1, cp, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    seL4_Word cp_occ[5] = {m, seL4_WordBits, n, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 4, 1, cp_occ, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_DeleteFirst);
    seL4_Word cp_empty[5] = {d, seL4_WordBits, empty, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 4, 1, cp_empty, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_FailedLookup);
    test_cap(d, CAP_NULL);

    /* Mint needs 6 words, Mutate 5, Move 4 */
    seL4_Word mint[6] = {d, seL4_WordBits, n, seL4_WordBits, 0xf, 0x1};
    info = conf_raw_call(ROOT, CNodeMint, 5, 1, mint, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(ROOT, CNodeMutate, 4, 1, mint, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    test_cap(d, CAP_NULL);
    test_cap(n, CAP_NTFN);
    info = conf_raw_call(ROOT, CNodeMove, 4, 1, mint, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    test_cap(d, CAP_NTFN);
    test_cap(n, CAP_NULL);

    /* Rotate needs 8 words and 2 caps */
    seL4_Word rot[8] = {n, seL4_WordBits, 0, m, seL4_WordBits, 0, d, seL4_WordBits};
    info = conf_raw_call(ROOT, CNodeRotate, 7, 2, rot, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    info = conf_raw_call(ROOT, CNodeRotate, 8, 1, rot, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    test_cap(d, CAP_NTFN);
    test_cap(m, CAP_NTFN);
    test_cap(n, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0044, "error replies carry exactly the error's message registers (length)")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(d, 2);
    NEW_SLOT(empty);
    const seL4_CPtr caps[1] = {ROOT};
    const seL4_CPtr nullcap[1] = {empty};
    seL4_MessageInfo_t info;

    /* RangeError: min, max */
    seL4_Word range[5] = {d, 0, n, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, range, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_RangeError);
    test_eq(seL4_MessageInfo_get_length(info), 2);
    /* FailedLookup, invalid root: was-source, type */
    seL4_Word ok[5] = {d, seL4_WordBits, n, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, ok, nullcap);
    test_eq(seL4_MessageInfo_get_label(info), seL4_FailedLookup);
    test_eq(seL4_MessageInfo_get_length(info), 2);
    /* missing capability: + bitsLeft */
    seL4_Word missing[5] = {d, seL4_WordBits, empty, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, missing, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_FailedLookup);
    test_eq(seL4_MessageInfo_get_length(info), 3);
    /* depth mismatch: + bitsLeft, bitsFound */
    seL4_Word depth[5] = {d, seL4_WordBits, 0, 60, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, depth, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_FailedLookup);
    test_eq(seL4_MessageInfo_get_length(info), 4);
    /* guard mismatch: + bitsLeft, guardFound, bitsFound */
    seL4_Word guard[5] = {d, seL4_WordBits, n, 13, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, guard, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_FailedLookup);
    test_eq(seL4_MessageInfo_get_length(info), 5);
    test_mr(4, 51);
    /* DeleteFirst, IllegalOperation, RevokeFirst: no registers */
    seL4_Word occupied[5] = {n, seL4_WordBits, n, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, occupied, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_DeleteFirst);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    seL4_Word irq[5] = {d, seL4_WordBits, seL4_CapIRQControl, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, irq, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    test_ok(retype(u, seL4_EndpointObject, 0, d + 1, 1));
    seL4_Word revoke_first[5] = {d, seL4_WordBits, u, seL4_WordBits, 0xf};
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, revoke_first, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_RevokeFirst);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    /* Untyped: InvalidArgument and NotEnoughMemory carry one register */
    seL4_Word bad_type[6] = {seL4_ObjectTypeCount, 0, 0, 0, d, 1};
    info = conf_raw_call(u, UntypedRetype, 6, 1, bad_type, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_InvalidArgument);
    test_eq(seL4_MessageInfo_get_length(info), 1);
    seL4_Word too_big[6] = {seL4_UntypedObject, 12, 0, 0, d, 1};
    info = conf_raw_call(u, UntypedRetype, 6, 1, too_big, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_NotEnoughMemory);
    test_eq(seL4_MessageInfo_get_length(info), 1);
    test_mr(0, 4096 - 16);
    /* success: an empty reply */
    info = conf_raw_call(ROOT, CNodeCopy, 5, 1, ok, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    test_cap(d, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0045, "Copy, Move and Mint between the root CNode and another CNode")
{
    NEW_OBJECT(c, seL4_CapTableObject, 4);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOTS(d, 2);

    test_ok(seL4_CNode_Copy(c, 3, 4, ROOT, n, seL4_WordBits, seL4_AllRights));
    test_ok(seL4_CNode_Move(c, 9, 4, c, 3, 4));
    test_cap_at(c, 3, 4, CAP_NULL);
    test_cap_at(c, 9, 4, CAP_NTFN);
    test_ok(seL4_CNode_Mint(ROOT, d, seL4_WordBits, c, 9, 4, seL4_AllRights,
                            0x33));
    test_ok(seL4_CNode_Move(ROOT, d + 1, seL4_WordBits, c, 9, 4));
    test_cap_at(c, 9, 4, CAP_NULL);
    test_cap(d + 1, CAP_NTFN);
    seL4_Signal(d);
    test_eq(conf_poll(d + 1), 0x33);
    /* c used at depth 64: slot 0 is empty with 60 bits left */
    test_lookup_depth(seL4_CNode_Copy(c, 9, seL4_WordBits, ROOT, n,
                                      seL4_WordBits, seL4_AllRights), 0, 60, 0);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0046, "Revoke of a plain copy of an unbadged endpoint deletes nothing: the copy is not revocable")
{
    /* isCapRevocable: an endpoint copy is revocable only when its badge differs. */
    NEW_OBJECT(e, seL4_EndpointObject, 0);
    NEW_SLOTS(s, 2);

    test_ok(root_copy(s, e, seL4_AllRights));
    test_ok(root_copy(s + 1, s, seL4_AllRights));
    test_ok(root_revoke(s));
    test_cap(s, CAP_EP);
    test_cap(s + 1, CAP_EP);
    /* The original is the revocable root: revoking it takes both copies. */
    test_ok(root_revoke(e));
    test_cap(e, CAP_EP);
    test_cap(s, CAP_NULL);
    test_cap(s + 1, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CNODEOP0047, "Deleting the first badged cap hands mdbFirstBadged to its copy")
{
    /* emptySlot ORs the deleted slot's firstBadged into the next slot, so the
     * surviving copy is not taken for a child of a later mint of that badge. */
    NEW_OBJECT(e, seL4_EndpointObject, 0);
    NEW_SLOTS(s, 3);

    test_ok(root_mint(s, e, seL4_AllRights, 0x77));
    test_ok(root_copy(s + 1, s, seL4_AllRights));
    test_ok(root_delete(s));
    test_ok(root_mint(s + 2, e, seL4_AllRights, 0x77));
    test_ok(root_revoke(s + 2));
    test_cap(s + 2, CAP_EP);
    test_cap(s + 1, CAP_EP);
    /* Without the hand-over the copy would still be a child of a same-badge mint. */
    test_ok(root_revoke(s + 1));
    test_cap(s + 2, CAP_EP);
    return CONF_PASS;
}
