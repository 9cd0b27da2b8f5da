/*
 * CSPACE: capability address resolution (kernel src/kernel/cspace.c:
 * resolveAddressBits, lookupSlotForCNodeOp) as seen through CNode and
 * Untyped invocations, with the lookup-failure message registers of
 * setMRs_lookup_failure (src/api/faults.c).
 *
 * Reminders of the kernel logic the expectations follow:
 *  - lookupSlotForCNodeOp(isSource, root, cptr, depth): root not a CNode ->
 *    FailedLookup/invalid_root; depth < 1 or > 64 -> RangeError(1, 64); then
 *    resolveAddressBits; bits left after reaching a non-CNode slot ->
 *    depth_mismatch(bitsFound = 0, bitsLeft = remaining).
 *  - resolveAddressBits, per level with n_bits still to resolve: guard check
 *    first (guardSize > n_bits or guard bits differ -> guard_mismatch(
 *    guardFound = the CNode cap's guard, bitsLeft = n_bits, bitsFound =
 *    guardSize)), then radix + guard > n_bits -> depth_mismatch(bitsFound =
 *    radix + guard, bitsLeft = n_bits).
 *  - The root CNode cap: radix 13, guard size 64 - 13 = 51, guard 0
 *    (create_root_cnode).
 *  - Lookups of the source and pivot report MR0 = 1, of the destination 0.
 */
#include "framework.h"

#define ROOT_GUARD_BITS 51

/* ------------------------------------------------------------------------ */
/* A two-level CSpace: CNode A (radix 4, no guard) whose slot 5 holds a copy
 * of CNode B (radix 4) minted with a 6-bit guard 0x2b. The path to B[i] from
 * A is 14 bits: 4 bits of A's index, 6 guard bits, 4 bits of B's index.     */

#define TL_RADIX 4
#define TL_SLOT 5
#define TL_GUARD 0x2bul
#define TL_GUARD_BITS 6
#define TL_DEPTH (TL_RADIX + TL_GUARD_BITS + TL_RADIX)
#define TL_PATH(i) (((seL4_Word)TL_SLOT << 10) | (TL_GUARD << 4) | (seL4_Word)(i))

struct two_level {
    seL4_CPtr a; /* root slot holding CNode A */
    seL4_CPtr b; /* root slot holding the original (unguarded) cap to B */
    seL4_CPtr n; /* a notification; a copy sits in B[3] */
};

static int make_two_level(struct two_level *t)
{
    NEW_OBJECT(a, seL4_CapTableObject, TL_RADIX);
    NEW_OBJECT(b, seL4_CapTableObject, TL_RADIX);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    test_ok(seL4_CNode_Mint(a, TL_SLOT, TL_RADIX, ROOT, b, seL4_WordBits,
                            seL4_AllRights, guard_data(TL_GUARD, TL_GUARD_BITS)));
    test_ok(seL4_CNode_Copy(b, 3, TL_RADIX, ROOT, n, seL4_WordBits,
                            seL4_AllRights));
    t->a = a;
    t->b = b;
    t->n = n;
    return CONF_PASS;
}

CONF_TEST(CSPACE0001, "root CNode: slots at depth 64; index bits above the radix hit the 51-bit zero guard")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(d);
    NEW_SLOT(d2);

    test_ok(seL4_CNode_Copy(ROOT, d, seL4_WordBits, ROOT, n, seL4_WordBits,
                            seL4_AllRights));
    test_cap(d, CAP_NTFN);

    /* bit 13 lies in the guard: guard_mismatch(guard 0, bitsLeft 64, 51) */
    test_lookup_guard(seL4_CNode_Copy(ROOT, d2, seL4_WordBits, ROOT,
                                      n | (1ul << 13), seL4_WordBits,
                                      seL4_AllRights),
                      1, 64, 0, ROOT_GUARD_BITS);
    test_lookup_guard(seL4_CNode_Copy(ROOT, d2 | (1ul << 63), seL4_WordBits,
                                      ROOT, n, seL4_WordBits, seL4_AllRights),
                      0, 64, 0, ROOT_GUARD_BITS);
    test_cap(d2, CAP_NULL);

    /* seL4_DebugCapIdentify of an unresolvable cptr is a null cap */
    test_eq(seL4_DebugCapIdentify(n | (1ul << 13)), CAP_NULL);
    test_eq(seL4_DebugCapIdentify(n | (1ul << 63)), CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CSPACE0002, "source lookup in the root CNode at every depth 0..65")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(d);

    for (seL4_Word depth = 0; depth <= 65; depth++) {
        conf_ctx("source depth %lu", depth);
        seL4_Word index = depth == 64 ? n : 0;
        seL4_Error err = seL4_CNode_Copy(ROOT, d, seL4_WordBits, ROOT, index,
                                         (seL4_Uint8)depth, seL4_AllRights);
        if (depth == 0 || depth > 64) {
            test_range_error(err, 1, 64);
        } else if (depth < ROOT_GUARD_BITS) {
            /* guard size 51 > depth */
            test_lookup_guard(err, 1, depth, 0, ROOT_GUARD_BITS);
        } else if (depth < 64) {
            /* guard matches (index 0), radix + guard = 64 > depth */
            test_lookup_depth(err, 1, depth, 64);
        } else {
            test_ok(err);
            test_cap(d, CAP_NTFN);
            test_ok(root_delete(d));
        }
    }
    return CONF_PASS;
}

CONF_TEST(CSPACE0003, "destination lookup in the root CNode at every depth 0..65 reports MR0 = 0")
{
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(d);

    for (seL4_Word depth = 0; depth <= 65; depth++) {
        conf_ctx("destination depth %lu", depth);
        seL4_Word index = depth == 64 ? d : 0;
        seL4_Error err = seL4_CNode_Copy(ROOT, index, (seL4_Uint8)depth, ROOT,
                                         n, seL4_WordBits, seL4_AllRights);
        if (depth == 0 || depth > 64) {
            test_range_error(err, 1, 64);
        } else if (depth < ROOT_GUARD_BITS) {
            test_lookup_guard(err, 0, depth, 0, ROOT_GUARD_BITS);
        } else if (depth < 64) {
            test_lookup_depth(err, 0, depth, 64);
        } else {
            test_ok(err);
            test_cap(d, CAP_NTFN);
        }
    }
    /* a seL4_Uint8 depth of 255 is out of range too */
    conf_ctx("depth 255");
    test_range_error(seL4_CNode_Delete(ROOT, d, 255), 1, 64);
    test_cap(d, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CSPACE0004, "a source/pivot/destination root that is not a CNode is an invalid root")
{
    NEW_SLOT(empty);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(t, seL4_TCBObject, 0);
    NEW_UNTYPED(u, 12);
    NEW_SLOT(d);

    /* lookupSlotForCNodeOp: the root type is checked first */
    test_lookup_root(seL4_CNode_Copy(ROOT, d, seL4_WordBits, empty, 0,
                                     seL4_WordBits, seL4_AllRights), 1);
    test_lookup_root(seL4_CNode_Copy(ROOT, d, seL4_WordBits, n, 0,
                                     seL4_WordBits, seL4_AllRights), 1);
    /* ... even before the depth range check */
    test_lookup_root(seL4_CNode_Move(ROOT, d, seL4_WordBits, empty, 0, 0), 1);
    /* Rotate: the pivot is looked up as a source (lookupPivotSlot) */
    test_lookup_root(seL4_CNode_Rotate(ROOT, d, seL4_WordBits, 0, empty, 0,
                                       seL4_WordBits, 0, ROOT, n,
                                       seL4_WordBits), 1);
    /* Untyped_Retype with node_depth != 0 resolves the destination CNode
     * with lookupTargetSlot */
    test_lookup_root(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, t, 0,
                                         seL4_WordBits, 0, 1), 0);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CSPACE0005, "two-level resolution through a CNode cap minted with a guard")
{
    struct two_level t;
    TRY(make_two_level(&t));
    NEW_SLOT(out);
    NEW_SLOT(out2);
    NEW_OBJECT(e, seL4_EndpointObject, 0);

    /* read B[3] through A: 4 bits + guard 0x2b + 4 bits */
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.a, TL_PATH(3),
                            TL_DEPTH, seL4_AllRights));
    test_cap(out, CAP_NTFN);
    /* write B[9] through A, read it through the unguarded original cap */
    test_ok(seL4_CNode_Copy(t.a, TL_PATH(9), TL_DEPTH, ROOT, e, seL4_WordBits,
                            seL4_AllRights));
    test_ok(seL4_CNode_Copy(ROOT, out2, seL4_WordBits, t.b, 9, TL_RADIX,
                            seL4_AllRights));
    test_cap(out2, CAP_EP);
    /* and delete it through A again */
    test_ok(seL4_CNode_Delete(t.a, TL_PATH(9), TL_DEPTH));
    test_cap_at(t.b, 9, TL_RADIX, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CSPACE0006, "guard mismatch in the second level: bitsLeft, the cap's guard, guard size")
{
    struct two_level t;
    TRY(make_two_level(&t));
    NEW_SLOT(out);
    seL4_Word wrong = ((seL4_Word)TL_SLOT << 10) | (0x2aul << 4) | 3;

    /* 10 bits are left when B's guard is checked */
    test_lookup_guard(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.a, wrong,
                                      TL_DEPTH, seL4_AllRights),
                      1, 10, TL_GUARD, TL_GUARD_BITS);
    test_lookup_guard(seL4_CNode_Copy(t.a, wrong, TL_DEPTH, ROOT, t.n,
                                      seL4_WordBits, seL4_AllRights),
                      0, 10, TL_GUARD, TL_GUARD_BITS);
    /* depth 8: 4 bits left, fewer than the 6 guard bits */
    test_lookup_guard(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.a,
                                      ((seL4_Word)TL_SLOT << 4) | 0xa, 8,
                                      seL4_AllRights),
                      1, 4, TL_GUARD, TL_GUARD_BITS);
    test_cap(out, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CSPACE0007, "depth mismatch when the depth ends inside a level")
{
    struct two_level t;
    TRY(make_two_level(&t));
    NEW_SLOT(out);

    /* depth 13: the guard matches, 9 bits left < 10 bits of B's level */
    seL4_Word p13 = ((seL4_Word)TL_SLOT << 9) | (TL_GUARD << 3) | 1;
    test_lookup_depth(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.a, p13, 13,
                                      seL4_AllRights),
                      1, 9, TL_GUARD_BITS + TL_RADIX);
    /* depth 3 on A itself: 4 radix bits > 3 */
    test_lookup_depth(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.a, 2, 3,
                                      seL4_AllRights),
                      1, 3, TL_RADIX);
    test_lookup_depth(seL4_CNode_Delete(t.a, 2, 3), 0, 3, TL_RADIX);
    return CONF_PASS;
}

CONF_TEST(CSPACE0008, "bits left over after reaching a non-CNode slot: depth_mismatch(bitsFound 0)")
{
    struct two_level t;
    TRY(make_two_level(&t));
    NEW_SLOT(out);

    /* depth 15 ends one bit past B[3] (a notification) */
    seL4_Word p15 = (TL_PATH(3) << 1) | 1;
    test_lookup_depth(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.a, p15, 15,
                                      seL4_AllRights),
                      1, 1, 0);
    /* A[6] is empty: 10 bits remain after it */
    test_lookup_depth(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.a,
                                      6ul << 10, TL_DEPTH, seL4_AllRights),
                      1, 10, 0);
    test_lookup_depth(seL4_CNode_Copy(t.a, 6ul << 10, TL_DEPTH, ROOT, t.n,
                                      seL4_WordBits, seL4_AllRights),
                      0, 10, 0);
    /* a CNode with radix 4 used at depth 64: 60 bits left after slot 0 */
    test_lookup_depth(seL4_CNode_Copy(t.b, 0, seL4_WordBits, ROOT, t.n,
                                      seL4_WordBits, seL4_AllRights),
                      0, 60, 0);
    test_cap(out, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CSPACE0009, "an empty slot at full depth is a missing capability with bitsLeft = the depth")
{
    struct two_level t;
    TRY(make_two_level(&t));
    NEW_SLOT(out);
    NEW_SLOT(out2);

    /* decodeCNodeInvocation: source null -> missing_capability(srcDepth) */
    test_lookup_missing(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.a,
                                        TL_PATH(7), TL_DEPTH, seL4_AllRights),
                        1, TL_DEPTH);
    test_lookup_missing(seL4_CNode_Mint(ROOT, out, seL4_WordBits, t.a,
                                        TL_PATH(7), TL_DEPTH, seL4_AllRights,
                                        1), 1, TL_DEPTH);
    test_lookup_missing(seL4_CNode_Move(ROOT, out, seL4_WordBits, t.a,
                                        TL_PATH(7), TL_DEPTH), 1, TL_DEPTH);
    test_lookup_missing(seL4_CNode_Mutate(ROOT, out, seL4_WordBits, t.a,
                                          TL_PATH(7), TL_DEPTH, 0), 1, TL_DEPTH);
    test_lookup_missing(seL4_CNode_Copy(ROOT, out, seL4_WordBits, t.b, 7,
                                        TL_RADIX, seL4_AllRights), 1, TL_RADIX);
    test_lookup_missing(seL4_CNode_Copy(ROOT, out, seL4_WordBits, ROOT, out2,
                                        seL4_WordBits, seL4_AllRights), 1, 64);
    test_cap(out, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CSPACE0010, "a shorter depth addresses the slot holding a CNode cap; copies keep the guard")
{
    struct two_level t;
    TRY(make_two_level(&t));
    NEW_SLOT(g);
    NEW_SLOT(out);

    /* depth 4 resolves exactly A's level: slot A[5], the guarded B cap */
    test_ok(seL4_CNode_Copy(ROOT, g, seL4_WordBits, t.a, TL_SLOT, TL_RADIX,
                            seL4_AllRights));
    test_cap(g, CAP_CNODE);
    /* the copy is guarded the same way: guard 0x2b then 4 index bits */
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, g, (TL_GUARD << 4) | 3,
                            TL_GUARD_BITS + TL_RADIX, seL4_AllRights));
    test_cap(out, CAP_NTFN);
    test_ok(root_delete(out));
    test_lookup_guard(seL4_CNode_Copy(ROOT, out, seL4_WordBits, g, 3, TL_RADIX,
                                      seL4_AllRights),
                      1, TL_RADIX, TL_GUARD, TL_GUARD_BITS);
    return CONF_PASS;
}

CONF_TEST(CSPACE0011, "64-level CSpace of radix-1 CNodes: full 64-bit resolution and every one-bit error")
{
    NEW_OBJECTS(c, seL4_CapTableObject, 1, 64);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(out);

    /* cnode[i] sits in slot (i - 1) & 1 of cnode[i - 1]; the notification in
     * slot 1 of cnode[63]. Bit 64 - k of the path selects the slot at level k. */
    seL4_Word path = 0;
    for (seL4_Word i = 1; i < 64; i++) {
        seL4_Word s = (i - 1) & 1;
        conf_ctx("level %lu", i);
        test_ok(seL4_CNode_Copy(c + i - 1, s, 1, ROOT, c + i, seL4_WordBits,
                                seL4_AllRights));
        path |= s << (64 - i);
    }
    test_ok(seL4_CNode_Copy(c + 63, 1, 1, ROOT, n, seL4_WordBits,
                            seL4_AllRights));
    path |= 1;

    conf_ctx("full path 0x%lx", path);
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, c, path, 64,
                            seL4_AllRights));
    test_cap(out, CAP_NTFN);
    test_ok(root_delete(out));

    for (seL4_Word k = 1; k <= 64; k++) {
        seL4_Word flipped = path ^ (1ul << (64 - k));
        conf_ctx("bit of level %lu flipped", k);
        seL4_Error err = seL4_CNode_Copy(ROOT, out, seL4_WordBits, c, flipped,
                                         64, seL4_AllRights);
        if (k < 64) {
            /* the other slot of level k is empty: 64 - k bits remain */
            test_lookup_depth(err, 1, 64 - k, 0);
        } else {
            test_lookup_missing(err, 1, 64);
        }
    }
    for (seL4_Word d = 1; d < 64; d++) {
        conf_ctx("prefix depth %lu", d);
        test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, c, path >> (64 - d),
                                (seL4_Uint8)d, seL4_AllRights));
        test_cap(out, CAP_CNODE);
        test_ok(root_delete(out));
    }
    return CONF_PASS;
}

CONF_TEST(CSPACE0012, "the guard is masked to the guard size (updateCapData)")
{
    NEW_OBJECT(a, seL4_CapTableObject, 4);
    NEW_OBJECT(b, seL4_CapTableObject, 4);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(out);

    /* guard 0x7 with a 2-bit guard size is stored as 0x3 */
    test_ok(seL4_CNode_Mint(a, 5, 4, ROOT, b, seL4_WordBits, seL4_AllRights,
                            guard_data(0x7, 2)));
    test_ok(seL4_CNode_Copy(b, 1, 4, ROOT, n, seL4_WordBits, seL4_AllRights));
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, a,
                            (5ul << 6) | (0x3ul << 4) | 1, 10, seL4_AllRights));
    test_cap(out, CAP_NTFN);
    test_ok(root_delete(out));
    /* the guard reported on a mismatch is the stored (masked) one */
    test_lookup_guard(seL4_CNode_Copy(ROOT, out, seL4_WordBits, a,
                                      (5ul << 6) | (0x1ul << 4) | 1, 10,
                                      seL4_AllRights),
                      1, 6, 0x3, 2);
    return CONF_PASS;
}

CONF_TEST(CSPACE0013, "root CNode minted without guard: 13-bit addressing and multi-level walks through it")
{
    NEW_SLOT(r13);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_OBJECT(c, seL4_CapTableObject, 4);
    NEW_SLOTS(d, 4);
    NEW_SLOT(cg);

    test_ok(seL4_CNode_Mint(ROOT, r13, seL4_WordBits, ROOT,
                            seL4_CapInitThreadCNode, seL4_WordBits,
                            seL4_AllRights, guard_data(0, 0)));
    test_cap(r13, CAP_CNODE);
    /* the same slots, 13 bits deep */
    test_ok(seL4_CNode_Copy(r13, d, 13, ROOT, n, seL4_WordBits,
                            seL4_AllRights));
    test_cap(d, CAP_NTFN);
    test_ok(seL4_CNode_Copy(ROOT, d + 1, seL4_WordBits, r13, n, 13,
                            seL4_AllRights));
    test_cap(d + 1, CAP_NTFN);
    /* depth 64 through it: the top 13 bits (0) pick slot 0, a null cap, with
     * 51 bits left */
    test_lookup_depth(seL4_CNode_Copy(ROOT, d + 2, seL4_WordBits, r13, n, 64,
                                      seL4_AllRights),
                      1, 51, 0);
    /* top 13 bits = 2 pick the real root CNode cap (guard 51, radix 13): its
     * guard is the remaining 51 bits, then 64 bits are needed */
    test_lookup_depth(seL4_CNode_Copy(ROOT, d + 2, seL4_WordBits, r13, 2ul << 51,
                                      64, seL4_AllRights),
                      1, 51, 64);
    test_lookup_guard(seL4_CNode_Copy(ROOT, d + 2, seL4_WordBits, r13,
                                      (2ul << 51) | n, 64, seL4_AllRights),
                      1, 51, 0, ROOT_GUARD_BITS);
    /* a real two-level walk: slot cg holds C (radix 4) with a 47-bit guard,
     * 13 + 47 + 4 = 64 */
    test_ok(seL4_CNode_Mint(ROOT, cg, seL4_WordBits, ROOT, c, seL4_WordBits,
                            seL4_AllRights, guard_data(0, 47)));
    test_ok(seL4_CNode_Copy(c, 9, 4, ROOT, n, seL4_WordBits, seL4_AllRights));
    test_ok(seL4_CNode_Copy(ROOT, d + 3, seL4_WordBits, r13, (cg << 51) | 9, 64,
                            seL4_AllRights));
    test_cap(d + 3, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(CSPACE0014, "a CNode whose guard fills the word: 62 guard bits + radix 2")
{
    const seL4_Word G = 0x123456789abcdeful; /* fits the 58-bit CapData guard */
    NEW_OBJECT(c, seL4_CapTableObject, 2);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(g);
    NEW_SLOT(g2);
    NEW_SLOT(out);

    test_ok(seL4_CNode_Mint(ROOT, g, seL4_WordBits, ROOT, c, seL4_WordBits,
                            seL4_AllRights, guard_data(G, 62)));
    test_ok(seL4_CNode_Copy(c, 2, 2, ROOT, n, seL4_WordBits, seL4_AllRights));
    test_ok(seL4_CNode_Copy(ROOT, out, seL4_WordBits, g, (G << 2) | 2, 64,
                            seL4_AllRights));
    test_cap(out, CAP_NTFN);
    test_ok(root_delete(out));
    test_lookup_guard(seL4_CNode_Copy(ROOT, out, seL4_WordBits, g,
                                      ((G ^ 1) << 2) | 2, 64, seL4_AllRights),
                      1, 64, G, 62);
    /* 63 + 2 > 64: updateCapData gives a null cap -> IllegalOperation */
    test_error(seL4_CNode_Mint(ROOT, g2, seL4_WordBits, ROOT, c, seL4_WordBits,
                               seL4_AllRights, guard_data(0, 63)),
               seL4_IllegalOperation);
    test_cap(g2, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(CSPACE0015, "guard size + radix must not exceed 64 (Mint and Mutate)")
{
    NEW_OBJECT(c, seL4_CapTableObject, 4);
    NEW_SLOTS(d, 4);

    /* root CNode: radix 13 */
    test_ok(seL4_CNode_Mint(ROOT, d, seL4_WordBits, ROOT,
                            seL4_CapInitThreadCNode, seL4_WordBits,
                            seL4_AllRights, guard_data(0, 51)));
    test_cap(d, CAP_CNODE);
    test_error(seL4_CNode_Mint(ROOT, d + 1, seL4_WordBits, ROOT,
                               seL4_CapInitThreadCNode, seL4_WordBits,
                               seL4_AllRights, guard_data(0, 52)),
               seL4_IllegalOperation);
    test_cap(d + 1, CAP_NULL);
    /* radix 4: 60 is the largest guard */
    test_ok(seL4_CNode_Mint(ROOT, d + 2, seL4_WordBits, ROOT, c, seL4_WordBits,
                            seL4_AllRights, guard_data(0, 60)));
    test_error(root_mutate(d + 3, c, guard_data(0, 61)), seL4_IllegalOperation);
    test_cap(c, CAP_CNODE);
    test_cap(d + 3, CAP_NULL);
    test_ok(root_mutate(d + 3, c, guard_data(0, 60)));
    test_cap(c, CAP_NULL);
    test_cap(d + 3, CAP_CNODE);
    return CONF_PASS;
}

CONF_TEST(CSPACE0016, "invoking an empty slot is InvalidCapability 0; a wrong object type is IllegalOperation")
{
    NEW_SLOT(empty);
    NEW_SLOT(d);
    NEW_UNTYPED(u, 12);
    NEW_OBJECT(n, seL4_NotificationObject, 0);

    /* decodeInvocation: cap_null_cap -> InvalidCapability, cap index 0 */
    test_invalid_cap(seL4_CNode_Delete(empty, 0, seL4_WordBits), 0);
    test_invalid_cap(seL4_CNode_Copy(empty, 0, seL4_WordBits, ROOT, n,
                                     seL4_WordBits, seL4_AllRights), 0);
    test_invalid_cap(seL4_Untyped_Retype(empty, seL4_EndpointObject, 0, ROOT,
                                         0, 0, d, 1), 0);
    /* a CNode label on a TCB (decodeTCBInvocation default case) */
    test_error(seL4_CNode_Copy(seL4_CapInitThreadTCB, d, seL4_WordBits, ROOT,
                               n, seL4_WordBits, seL4_AllRights),
               seL4_IllegalOperation);
    /* a CNode label on an untyped (decodeUntypedInvocation) */
    test_error(seL4_CNode_Delete(u, d, seL4_WordBits), seL4_IllegalOperation);
    /* the Untyped label on a CNode (decodeCNodeInvocation label range) */
    test_error(seL4_Untyped_Retype(ROOT, seL4_EndpointObject, 0, ROOT, 0, 0, d,
                                   1), seL4_IllegalOperation);
    /* a CNode label on the domain cap (decodeDomainInvocation) */
    test_error(seL4_CNode_Revoke(seL4_CapDomain, d, seL4_WordBits),
               seL4_IllegalOperation);
    test_cap(d, CAP_NULL);
    test_cap(n, CAP_NTFN);
    return CONF_PASS;
}
