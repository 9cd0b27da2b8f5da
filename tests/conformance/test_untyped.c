/*
 * RETYPE and UNTYPED: seL4_Untyped_Retype (kernel src/object/untyped.c,
 * decodeUntypedInvocation / invokeUntyped_Retype; object sizes from
 * getObjectSize in src/object/objecttype.c and Arch_getObjectSize).
 *
 * decodeUntypedInvocation, in order:
 *   label != UntypedRetype -> IllegalOperation; length < 6 or no extra cap ->
 *   TruncatedMessage; type >= seL4_ObjectTypeCount -> InvalidArgument 0;
 *   size_bits >= 64 or object size > 47 -> RangeError(0, 47); CNode of
 *   size 0 or untyped < 4 bits -> InvalidArgument 1; destination CNode:
 *   node_depth == 0 ? the root argument itself : lookupTargetSlot(root,
 *   node_index, node_depth) (MR0 = 0); not a CNode -> FailedLookup
 *   missing_capability(node_depth); node_offset > size - 1 -> RangeError(0,
 *   size - 1); num_objects < 1 or > 256 -> RangeError(1, 256); num_objects >
 *   size - offset -> RangeError(1, size - offset); any destination slot
 *   occupied -> DeleteFirst; start = 0 if the untyped has no children (it is
 *   reset) else its free index; free = 2^size - start; (free >> object size)
 *   < num_objects -> NotEnoughMemory(free) (free is not aligned); device
 *   untyped and not a frame or untyped -> InvalidArgument 1; objects are
 *   placed at start aligned up to the object size, and the free index moves
 *   past the last one.
 *
 * Physical placement is observed with seL4_X86_Page_GetAddress on frames.
 */
#include "framework.h"

static int frame_paddr(seL4_CPtr frame, seL4_Word *paddr)
{
    seL4_X86_Page_GetAddress_t r = seL4_X86_Page_GetAddress(frame);
    test_ok(r.error);
    *paddr = r.paddr;
    return CONF_PASS;
}

struct objinfo {
    const char *name;
    seL4_Word type;
    seL4_Word size_arg;  /* size_bits argument */
    seL4_Word bits;      /* log2 of the object size on x86_64 */
    seL4_Word cap;       /* kernel cap type */
};

/* x86_64 object sizes of the reference configuration (SEL4-FACTS (d)) */
static const struct objinfo objects[] = {
    {"TCB", seL4_TCBObject, 0, 11, CAP_TCB},
    {"endpoint", seL4_EndpointObject, 0, 4, CAP_EP},
    {"notification", seL4_NotificationObject, 0, 5, CAP_NTFN},
    {"CNode radix 3", seL4_CapTableObject, 3, 8, CAP_CNODE},
    {"untyped 2^8", seL4_UntypedObject, 8, 8, CAP_UNTYPED},
    {"4K page", seL4_X86_4K, 0, 12, CAP_FRAME},
    {"page table", seL4_X86_PageTableObject, 0, 12, CAP_PT},
    {"page directory", seL4_X86_PageDirectoryObject, 0, 12, CAP_PD},
    {"PDPT", seL4_X86_PDPTObject, 0, 12, CAP_PDPT},
    {"PML4", seL4_X64_PML4Object, 0, 12, CAP_PML4},
};
#define N_OBJECTS (sizeof(objects) / sizeof(objects[0]))

/* ------------------------------------------------------------------------ */
/* RETYPE                                                                    */

CONF_TEST(RETYPE0001, "retype each API object type: TCB, endpoint, notification, CNode, untyped")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 6);

    test_ok(retype(u, seL4_TCBObject, 0, s + 0, 1));
    test_cap(s + 0, CAP_TCB);
    test_ok(retype(u, seL4_EndpointObject, 0, s + 1, 1));
    test_cap(s + 1, CAP_EP);
    test_ok(retype(u, seL4_NotificationObject, 0, s + 2, 1));
    test_cap(s + 2, CAP_NTFN);
    test_ok(retype(u, seL4_CapTableObject, 1, s + 3, 1));
    test_cap(s + 3, CAP_CNODE);
    test_ok(retype(u, seL4_CapTableObject, 4, s + 4, 1));
    test_cap(s + 4, CAP_CNODE);
    test_ok(retype(u, seL4_UntypedObject, 4, s + 5, 1));
    test_cap(s + 5, CAP_UNTYPED);
    /* a new CNode is empty and unguarded: radix bits address it directly */
    test_cap_at(s + 4, 0, 4, CAP_NULL);
    test_cap_at(s + 4, 15, 4, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(RETYPE0002, "retype each x86_64 VM object: 4K, 2M, page table, page directory, PDPT, PML4")
{
    NEW_UNTYPED(u, 22);
    NEW_SLOTS(s, 6);

    test_ok(retype(u, seL4_X86_4K, 0, s + 0, 1));
    test_cap(s + 0, CAP_FRAME);
    test_ok(retype(u, seL4_X86_PageTableObject, 0, s + 1, 1));
    test_cap(s + 1, CAP_PT);
    test_ok(retype(u, seL4_X86_PageDirectoryObject, 0, s + 2, 1));
    test_cap(s + 2, CAP_PD);
    test_ok(retype(u, seL4_X86_PDPTObject, 0, s + 3, 1));
    test_cap(s + 3, CAP_PDPT);
    test_ok(retype(u, seL4_X64_PML4Object, 0, s + 4, 1));
    test_cap(s + 4, CAP_PML4);
    /* aligned up to 2 MiB: the second half of the 4 MiB untyped */
    test_ok(retype(u, seL4_X86_LargePageObject, 0, s + 5, 1));
    test_cap(s + 5, CAP_FRAME);
    seL4_Word p0, p5;
    TRY(frame_paddr(s + 0, &p0));
    TRY(frame_paddr(s + 5, &p5));
    test_eq(p5, p0 + (1ul << 21));
    return CONF_PASS;
}

CONF_TEST(RETYPE0003, "object sizes: exactly 8 objects fit in an untyped of 8 times the object size")
{
    /* libsel4's constants agree with the kernel's sizes */
    test_eq(seL4_TCBBits, 11);
    test_eq(seL4_EndpointBits, 4);
    test_eq(seL4_NotificationBits, 5);
    test_eq(seL4_SlotBits, 5);
    test_eq(seL4_PageBits, 12);
    test_eq(seL4_LargePageBits, 21);
    test_eq(seL4_HugePageBits, 30);
    test_eq(seL4_PageTableBits, 12);
    test_eq(seL4_PageDirBits, 12);
    test_eq(seL4_PDPTBits, 12);
    test_eq(seL4_PML4Bits, 12);

    for (size_t i = 0; i < N_OBJECTS; i++) {
        const struct objinfo *o = &objects[i];
        conf_ctx("%s", o->name);
        NEW_UNTYPED(u, o->bits + 3);
        NEW_SLOTS(s, 9);
        /* 9 do not fit: all 2^(bits+3) bytes are reported free */
        test_not_enough(retype(u, o->type, o->size_arg, s, 9), 1ul << (o->bits + 3));
        test_ok(retype(u, o->type, o->size_arg, s, 8));
        test_cap(s, o->cap);
        test_cap(s + 7, o->cap);
        test_not_enough(retype(u, o->type, o->size_arg, s + 8, 1), 0);
    }
    return CONF_PASS;
}

CONF_TEST(RETYPE0004, "CNodes of radix 1, 2, 4, 8 and 12: 2^(radix+5) bytes and 2^radix slots each")
{
    static const seL4_Word radixes[] = {1, 2, 4, 8, 12};
    NEW_UNTYPED(e, 10);

    for (size_t i = 0; i < sizeof(radixes) / sizeof(radixes[0]); i++) {
        seL4_Word r = radixes[i];
        seL4_Word last = (1ul << r) - 1;
        conf_ctx("radix %lu", r);
        NEW_UNTYPED(u, r + 5 + 1);
        NEW_SLOTS(s, 3);
        test_ok(retype(u, seL4_CapTableObject, r, s, 2));
        test_not_enough(retype(u, seL4_CapTableObject, r, s + 2, 1), 0);
        test_cap(s, CAP_CNODE);
        /* the last slot exists, the one after it does not */
        test_ok(seL4_Untyped_Retype(e, seL4_EndpointObject, 0, ROOT, s,
                                    seL4_WordBits, last, 1));
        test_cap_at(s, last, r, CAP_EP);
        test_cap_at(s, 0, r, CAP_NULL);
        test_range_error(seL4_Untyped_Retype(e, seL4_EndpointObject, 0, ROOT, s,
                                             seL4_WordBits, last + 1, 1),
                         0, last);
    }
    return CONF_PASS;
}

CONF_TEST(RETYPE0005, "untyped children: sizes 4 (minimum) to 16, and retyping inside a 16-byte untyped")
{
    NEW_UNTYPED(u, 17);
    NEW_UNTYPED(v, 8);
    NEW_SLOTS(s, 3);
    NEW_SLOTS(t, 17);
    NEW_SLOTS(x, 2);

    test_ok(retype(u, seL4_UntypedObject, 16, s, 2));
    test_not_enough(retype(u, seL4_UntypedObject, 16, s + 2, 1), 0);
    test_cap(s + 1, CAP_UNTYPED);

    test_ok(retype(v, seL4_UntypedObject, 4, t, 16));
    test_not_enough(retype(v, seL4_UntypedObject, 4, t + 16, 1), 0);
    test_cap(t + 15, CAP_UNTYPED);

    /* a 16-byte untyped holds exactly one endpoint */
    test_ok(retype(t, seL4_EndpointObject, 0, x, 1));
    test_cap(x, CAP_EP);
    test_not_enough(retype(t, seL4_EndpointObject, 0, x + 1, 1), 0);
    test_not_enough(retype(t + 1, seL4_NotificationObject, 0, x + 1, 1), 16);
    return CONF_PASS;
}

CONF_TEST(RETYPE0006, "2 MiB large pages: two fit in 4 MiB")
{
    NEW_UNTYPED(u, 22);
    NEW_SLOTS(s, 3);

    test_not_enough(retype(u, seL4_X86_LargePageObject, 0, s, 3), 1ul << 22);
    test_ok(retype(u, seL4_X86_LargePageObject, 0, s, 2));
    test_cap(s + 1, CAP_FRAME);
    test_not_enough(retype(u, seL4_X86_LargePageObject, 0, s + 2, 1), 0);
    seL4_Word p0, p1;
    TRY(frame_paddr(s, &p0));
    TRY(frame_paddr(s + 1, &p1));
    test_eq(p0 & ((1ul << 21) - 1), 0);
    test_eq(p1, p0 + (1ul << 21));
    return CONF_PASS;
}

CONF_TEST(RETYPE0007, "1 GiB huge page from the largest RAM untyped (NotEnoughMemory if it is smaller)")
{
    seL4_Word bits;
    seL4_CPtr big = conf_find_untyped(false, 0, true, &bits);
    test_neq(big, 0);
    NEW_SLOTS(s, 2);

    conf_ctx("largest RAM untyped 2^%lu", bits);
    if (bits < seL4_HugePageBits) {
        test_not_enough(retype(big, seL4_X64_HugePageObject, 0, s, 1), 1ul << bits);
        test_cap(s, CAP_NULL);
    } else {
        test_ok(retype(big, seL4_X64_HugePageObject, 0, s, 1));
        test_cap(s, CAP_FRAME);
        seL4_Word p;
        TRY(frame_paddr(s, &p));
        test_eq(p & ((1ul << 30) - 1), 0);
        test_not_enough(retype(big, seL4_UntypedObject, bits, s + 1, 1),
                        (1ul << bits) - (1ul << 30));
    }
    return CONF_PASS;
}

CONF_TEST(RETYPE0008, "alignment padding is consumed: an endpoint then a page leaves 56 KiB of 64 KiB")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 16);
    NEW_SLOT(x);

    test_ok(retype(u, seL4_EndpointObject, 0, s, 1));   /* [0, 16) */
    test_ok(retype(u, seL4_X86_4K, 0, s + 1, 1));        /* [4096, 8192) */
    test_not_enough(retype(u, seL4_UntypedObject, 16, s + 2, 1), 65536 - 8192);
    test_not_enough(retype(u, seL4_X86_4K, 0, s + 2, 15), 65536 - 8192);
    test_ok(retype(u, seL4_X86_4K, 0, s + 2, 14));
    test_not_enough(retype(u, seL4_EndpointObject, 0, x, 1), 0);
    return CONF_PASS;
}

CONF_TEST(RETYPE0009, "NotEnoughMemory reports the unaligned free bytes; anything that fits is placed aligned")
{
    NEW_UNTYPED(u, 16);
    NEW_UNTYPED(w, 16);
    NEW_SLOTS(s, 3);
    NEW_SLOTS(t, 6);

    test_ok(retype(u, seL4_EndpointObject, 0, s, 1));
    test_not_enough(retype(u, seL4_UntypedObject, 16, s + 1, 1), 65536 - 16);
    /* 65520 >> 15 = 1: fits, placed at 32 KiB, the padding is lost */
    test_ok(retype(u, seL4_UntypedObject, 15, s + 1, 1));
    test_not_enough(retype(u, seL4_EndpointObject, 0, s + 2, 1), 0);

    test_ok(retype(w, seL4_EndpointObject, 0, t, 1));
    test_ok(retype(w, seL4_UntypedObject, 14, t + 1, 2)); /* at 16K and 32K */
    test_not_enough(retype(w, seL4_UntypedObject, 14, t + 3, 2), 16384);
    test_ok(retype(w, seL4_UntypedObject, 14, t + 3, 1)); /* at 48K */
    test_not_enough(retype(w, seL4_EndpointObject, 0, t + 4, 1), 0);
    return CONF_PASS;
}

CONF_TEST(RETYPE0010, "object type numbers outside 0..seL4_ObjectTypeCount-1 are InvalidArgument 0")
{
    static const seL4_Word bad[] = {
        12, 13, 100, seL4_X86_IOPageTableObject, seL4_X86_VCPUObject,
        seL4_X86_EPTPML4Object, seL4_X86_EPTPTObject, (seL4_Word)-1,
    };
    NEW_UNTYPED(u, 12);
    NEW_SLOT(d);

    test_eq(seL4_ObjectTypeCount, 12);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        conf_ctx("type 0x%lx", bad[i]);
        test_invalid_arg(retype(u, bad[i], 0, d, 1), 0);
    }
    test_cap(d, CAP_NULL);
    /* the last valid type */
    conf_ctx("type 11");
    test_ok(retype(u, seL4_ObjectTypeCount - 1, 0, d, 1));
    test_cap(d, CAP_PD);
    return CONF_PASS;
}

CONF_TEST(RETYPE0011, "size_bits: RangeError(0, 47) for sizes >= 64 or objects > 2^47; ignored for fixed-size objects")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(d, 2);

    test_range_error(retype(u, seL4_UntypedObject, 48, d, 1), 0, 47);
    test_range_error(retype(u, seL4_UntypedObject, 64, d, 1), 0, 47);
    test_range_error(retype(u, seL4_UntypedObject, 1000, d, 1), 0, 47);
    /* CNode: 2^(radix + 5) bytes */
    test_range_error(retype(u, seL4_CapTableObject, 43, d, 1), 0, 47);
    test_range_error(retype(u, seL4_CapTableObject, 64, d, 1), 0, 47);
    /* fixed-size objects: size_bits >= wordBits is still rejected */
    test_range_error(retype(u, seL4_TCBObject, 64, d, 1), 0, 47);
    test_range_error(retype(u, seL4_EndpointObject, (seL4_Word)-1, d, 1), 0, 47);
    /* the largest legal sizes just do not fit */
    test_not_enough(retype(u, seL4_UntypedObject, 47, d, 1), 65536);
    test_not_enough(retype(u, seL4_CapTableObject, 42, d, 1), 65536);
    test_cap(d, CAP_NULL);
    /* below 64, the size of a TCB ignores size_bits */
    test_ok(retype(u, seL4_TCBObject, 63, d, 1));
    test_cap(d, CAP_TCB);
    test_not_enough(retype(u, seL4_UntypedObject, 16, d + 1, 1), 65536 - 2048);
    return CONF_PASS;
}

CONF_TEST(RETYPE0012, "too small: CNode radix 0 and untypeds below 2^4 are InvalidArgument 1")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(d, 2);

    test_invalid_arg(retype(u, seL4_CapTableObject, 0, d, 1), 1);
    test_invalid_arg(retype(u, seL4_UntypedObject, 3, d, 1), 1);
    test_invalid_arg(retype(u, seL4_UntypedObject, 0, d, 1), 1);
    test_cap(d, CAP_NULL);
    test_ok(retype(u, seL4_UntypedObject, 4, d, 1));
    test_ok(retype(u, seL4_CapTableObject, 1, d + 1, 1));
    test_cap(d, CAP_UNTYPED);
    test_cap(d + 1, CAP_CNODE);
    return CONF_PASS;
}

CONF_TEST(RETYPE0013, "num_objects must be 1..256 (CONFIG_RETYPE_FAN_OUT_LIMIT)")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 256);
    NEW_SLOT(x);

    test_range_error(retype(u, seL4_EndpointObject, 0, s, 0), 1, 256);
    test_range_error(retype(u, seL4_EndpointObject, 0, s, 257), 1, 256);
    test_range_error(retype(u, seL4_EndpointObject, 0, s, 1ul << 31), 1, 256);
    test_range_error(retype(u, seL4_EndpointObject, 0, s, (seL4_Word)-1), 1, 256);
    test_cap(s, CAP_NULL);
    test_ok(retype(u, seL4_EndpointObject, 0, s, 256));
    test_cap(s, CAP_EP);
    test_cap(s + 255, CAP_EP);
    test_not_enough(retype(u, seL4_UntypedObject, 16, x, 1), 65536 - 256 * 16);
    return CONF_PASS;
}

CONF_TEST(RETYPE0014, "node_offset beyond the destination CNode: RangeError(0, slots - 1), before the count")
{
    NEW_UNTYPED(u, 12);
    NEW_OBJECT(c, seL4_CapTableObject, 2);
    seL4_Word root_slots = conf_env.root_slots;

    test_range_error(retype(u, seL4_EndpointObject, 0, root_slots, 1), 0,
                     root_slots - 1);
    test_range_error(retype(u, seL4_EndpointObject, 0, (seL4_Word)-1, 1), 0,
                     root_slots - 1);
    test_range_error(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c,
                                         seL4_WordBits, 4, 1), 0, 3);
    /* the offset is checked before num_objects */
    test_range_error(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c,
                                         seL4_WordBits, 4, 0), 0, 3);
    test_range_error(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, c, 0, 0, 4,
                                         1000), 0, 3);
    return CONF_PASS;
}

CONF_TEST(RETYPE0015, "a window running past the end of the CNode: RangeError(1, slots - offset)")
{
    NEW_UNTYPED(u, 12);
    NEW_OBJECT(c, seL4_CapTableObject, 2);
    seL4_Word root_slots = conf_env.root_slots;

    test_range_error(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c,
                                         seL4_WordBits, 3, 2), 1, 1);
    test_range_error(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c,
                                         seL4_WordBits, 0, 5), 1, 4);
    test_range_error(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c,
                                         seL4_WordBits, 1, 4), 1, 3);
    test_range_error(retype(u, seL4_EndpointObject, 0, root_slots - 2, 3), 1, 2);
    test_ok(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c,
                                seL4_WordBits, 0, 4));
    test_cap_at(c, 0, 2, CAP_EP);
    test_cap_at(c, 3, 2, CAP_EP);
    return CONF_PASS;
}

CONF_TEST(RETYPE0016, "an occupied slot anywhere in the window is DeleteFirst and nothing is created")
{
    NEW_UNTYPED(u, 16);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(first);
    NEW_SLOTS(w, 4);
    NEW_SLOT(x);

    test_ok(retype(u, seL4_EndpointObject, 0, first, 1)); /* free index 16 */
    test_ok(root_copy(w + 2, n, seL4_AllRights));
    test_error(retype(u, seL4_EndpointObject, 0, w, 4), seL4_DeleteFirst);
    test_error(retype(u, seL4_EndpointObject, 0, w + 2, 1), seL4_DeleteFirst);
    test_error(retype(u, seL4_EndpointObject, 0, w - 1, 4), seL4_DeleteFirst);
    test_cap(w, CAP_NULL);
    test_cap(w + 1, CAP_NULL);
    test_cap(w + 3, CAP_NULL);
    test_cap(w + 2, CAP_NTFN);
    /* the failed calls did not move the free index */
    test_not_enough(retype(u, seL4_UntypedObject, 16, x, 1), 65536 - 16);
    test_ok(retype(u, seL4_EndpointObject, 0, w, 2));
    test_ok(retype(u, seL4_EndpointObject, 0, w + 3, 1));
    test_not_enough(retype(u, seL4_UntypedObject, 16, x, 1), 65536 - 64);
    return CONF_PASS;
}

CONF_TEST(RETYPE0017, "the destination CNode: node_depth 0 uses the root argument, else root/index/depth")
{
    NEW_UNTYPED(u, 14);
    NEW_OBJECT(c, seL4_CapTableObject, 3);
    NEW_OBJECT(a, seL4_CapTableObject, 4);
    NEW_OBJECT(b, seL4_CapTableObject, 4);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(empty);

    test_ok(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c,
                                seL4_WordBits, 1, 1));
    test_cap_at(c, 1, 3, CAP_EP);
    /* node_depth 0: node_index is ignored */
    test_ok(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, c, 0x12345, 0, 2, 1));
    test_cap_at(c, 2, 3, CAP_EP);
    /* the slot found is empty or not a CNode: missing_capability(node_depth) */
    test_lookup_missing(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT,
                                            empty, seL4_WordBits, 0, 1),
                        0, 64);
    test_lookup_missing(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, n,
                                            seL4_WordBits, 0, 1), 0, 64);
    test_lookup_missing(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, n, 0, 0,
                                            0, 1), 0, 0);
    /* node_depth != 0: lookupTargetSlot */
    test_lookup_root(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, empty, 0,
                                         seL4_WordBits, 0, 1), 0);
    test_range_error(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c, 65,
                                         0, 1), 1, 64);
    test_lookup_guard(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, c, 13,
                                          0, 1), 0, 13, 0, 51);
    /* through a guarded second level: A[5] holds B with guard 0x2b/6; depth 4
     * names the slot A[5] itself, whose CNode cap is the destination */
    test_ok(seL4_CNode_Mint(a, 5, 4, ROOT, b, seL4_WordBits, seL4_AllRights,
                            guard_data(0x2b, 6)));
    test_ok(seL4_Untyped_Retype(u, seL4_NotificationObject, 0, a, 5, 4, 3, 1));
    test_cap_at(b, 3, 4, CAP_NTFN);
    return CONF_PASS;
}

CONF_TEST(RETYPE0018, "retype check order: type, size, minimum size, destination, offset, slots, memory")
{
    NEW_UNTYPED(u, 12);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    NEW_SLOT(empty);
    NEW_SLOT(d);

    /* invalid type before invalid size */
    test_invalid_arg(retype(u, 99, 48, d, 1), 0);
    /* size before the destination */
    test_range_error(seL4_Untyped_Retype(u, seL4_UntypedObject, 48, empty, 0,
                                         seL4_WordBits, 0, 0), 0, 47);
    /* minimum size before the destination */
    test_invalid_arg(seL4_Untyped_Retype(u, seL4_CapTableObject, 0, empty, 0,
                                         seL4_WordBits, 0, 0), 1);
    /* destination before offset and count */
    test_lookup_missing(seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT,
                                            empty, seL4_WordBits, 1000, 0),
                        0, 64);
    /* offset before count */
    test_range_error(retype(u, seL4_EndpointObject, 0, conf_env.root_slots, 0),
                     0, conf_env.root_slots - 1);
    /* occupied slot before memory */
    test_error(retype(u, seL4_UntypedObject, 13, n, 1), seL4_DeleteFirst);
    test_not_enough(retype(u, seL4_UntypedObject, 13, d, 1), 4096);
    test_cap(d, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(RETYPE0019, "objects retyped together are distinct objects in consecutive slots")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(s, 3);
    NEW_SLOTS(b, 3);

    test_ok(retype(u, seL4_NotificationObject, 0, s, 3));
    for (seL4_Word i = 0; i < 3; i++) {
        test_ok(root_mint(b + i, s + i, seL4_AllRights, 1ul << i));
    }
    seL4_Signal(b + 1);
    test_eq(conf_poll(s + 0), 0);
    test_eq(conf_poll(s + 2), 0);
    test_eq(conf_poll(s + 1), 2);
    seL4_Signal(b + 0);
    seL4_Signal(b + 2);
    test_eq(conf_poll(s + 1), 0);
    test_eq(conf_poll(s + 0), 1);
    test_eq(conf_poll(s + 2), 4);
    return CONF_PASS;
}

CONF_TEST(RETYPE0020, "objects are placed at the free index aligned up to their size (physical addresses)")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 8);
    seL4_Word base, p;

    test_ok(retype(u, seL4_X86_4K, 0, s, 1));             /* [0, 4K) */
    TRY(frame_paddr(s, &base));
    test_eq(base & 0xffff, 0);                            /* u is 64K aligned */
    test_ok(retype(u, seL4_EndpointObject, 0, s + 1, 1)); /* [4K, 4K + 16) */
    test_ok(retype(u, seL4_X86_4K, 0, s + 2, 1));         /* [8K, 12K) */
    TRY(frame_paddr(s + 2, &p));
    test_eq(p, base + 8192);
    test_ok(retype(u, seL4_X86_4K, 0, s + 3, 3));         /* 12K, 16K, 20K */
    for (seL4_Word i = 0; i < 3; i++) {
        TRY(frame_paddr(s + 3 + i, &p));
        test_eq(p, base + 12288 + 4096 * i);
    }
    test_ok(retype(u, seL4_UntypedObject, 15, s + 6, 1)); /* [32K, 64K) */
    test_ok(retype(s + 6, seL4_X86_4K, 0, s + 7, 1));
    TRY(frame_paddr(s + 7, &p));
    test_eq(p, base + 32768);
    return CONF_PASS;
}

/* ------------------------------------------------------------------------ */
/* UNTYPED                                                                   */

CONF_TEST(UNTYPED0001, "the free index only advances while the untyped has children")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 17);
    NEW_SLOT(x);

    for (seL4_Word k = 0; k < 16; k++) {
        conf_ctx("page %lu", k);
        /* 2^17 never fits; MR0 shows the free bytes */
        test_not_enough(retype(u, seL4_UntypedObject, 17, x, 1), 65536 - 4096 * k);
        test_ok(retype(u, seL4_X86_4K, 0, s + k, 1));
    }
    conf_ctx("full");
    test_not_enough(retype(u, seL4_X86_4K, 0, s + 16, 1), 0);
    test_not_enough(retype(u, seL4_UntypedObject, 4, s + 16, 1), 0);
    return CONF_PASS;
}

CONF_TEST(UNTYPED0002, "Revoke deletes the children and the next retype starts at the base again")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 16);
    NEW_SLOT(x);
    seL4_Word base, p;

    test_ok(retype(u, seL4_X86_4K, 0, s, 16));
    TRY(frame_paddr(s, &base));
    test_not_enough(retype(u, seL4_X86_4K, 0, x, 1), 0);
    test_ok(seL4_CNode_Revoke(ROOT, u, seL4_WordBits));
    test_cap(u, CAP_UNTYPED);
    for (seL4_Word i = 0; i < 16; i++) {
        test_cap(s + i, CAP_NULL);
    }
    test_ok(retype(u, seL4_X86_4K, 0, x, 1));
    TRY(frame_paddr(x, &p));
    test_eq(p, base);
    test_ok(retype(u, seL4_X86_4K, 0, s, 15));
    test_not_enough(retype(u, seL4_EndpointObject, 0, s + 15, 1), 0);
    return CONF_PASS;
}

CONF_TEST(UNTYPED0003, "deleting children one by one: no reset while one remains, reset after the last")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 16);
    NEW_SLOT(x);

    test_ok(retype(u, seL4_X86_4K, 0, s, 16));
    for (seL4_Word i = 0; i < 15; i++) {
        test_ok(root_delete(s + i));
    }
    /* one child left: the free index stays at the end */
    test_not_enough(retype(u, seL4_EndpointObject, 0, x, 1), 0);
    test_ok(root_delete(s + 15));
    test_ok(retype(u, seL4_X86_4K, 0, s, 16));
    return CONF_PASS;
}

CONF_TEST(UNTYPED0004, "copies and moved caps of an object still count as children of its untyped")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(s, 3);
    NEW_SLOT(x);

    test_ok(retype(u, seL4_X86_4K, 0, s, 1));
    test_ok(root_copy(s + 1, s, seL4_AllRights));
    test_ok(root_delete(s));
    test_not_enough(retype(u, seL4_UntypedObject, 16, x, 1), 65536 - 4096);
    test_ok(root_move(s + 2, s + 1));
    test_not_enough(retype(u, seL4_UntypedObject, 16, x, 1), 65536 - 4096);
    test_ok(root_delete(s + 2));
    test_ok(retype(u, seL4_UntypedObject, 16, x, 1));
    return CONF_PASS;
}

CONF_TEST(UNTYPED0005, "a child untyped has its own free index; revoking it does not reset the parent")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOT(v);
    NEW_SLOTS(p, 4);
    NEW_SLOT(x);

    test_ok(retype(u, seL4_UntypedObject, 14, v, 1));  /* [0, 16K) of u */
    test_ok(retype(v, seL4_X86_4K, 0, p, 4));
    test_not_enough(retype(v, seL4_EndpointObject, 0, x, 1), 0);
    test_not_enough(retype(u, seL4_UntypedObject, 16, x, 1), 65536 - 16384);
    test_ok(root_revoke(v));
    test_cap(p, CAP_NULL);
    test_cap(v, CAP_UNTYPED);
    test_not_enough(retype(u, seL4_UntypedObject, 16, x, 1), 65536 - 16384);
    test_ok(retype(v, seL4_X86_4K, 0, p, 4));
    /* revoking the parent takes the child and the grandchildren */
    test_ok(root_revoke(u));
    test_cap(v, CAP_NULL);
    test_cap(p + 3, CAP_NULL);
    test_ok(retype(u, seL4_UntypedObject, 16, x, 1));
    return CONF_PASS;
}

CONF_TEST(UNTYPED0006, "a child untyped as big as its parent leaves the parent full")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOTS(s, 3);

    test_ok(retype(u, seL4_UntypedObject, 12, s, 1));
    test_not_enough(retype(u, seL4_EndpointObject, 0, s + 1, 1), 0);
    test_ok(retype(s, seL4_EndpointObject, 0, s + 1, 1));
    test_not_enough(retype(s, seL4_UntypedObject, 12, s + 2, 1), 4096 - 16);
    return CONF_PASS;
}

CONF_TEST(UNTYPED0007, "device untyped: frames and untypeds only; kernel objects are InvalidArgument 1")
{
    static const struct {
        seL4_Word type, size;
    } kernel_objects[] = {
        {seL4_TCBObject, 0}, {seL4_EndpointObject, 0},
        {seL4_NotificationObject, 0}, {seL4_CapTableObject, 1},
        {seL4_X86_PageTableObject, 0}, {seL4_X86_PageDirectoryObject, 0},
        {seL4_X86_PDPTObject, 0}, {seL4_X64_PML4Object, 0},
    };
    seL4_Word bits;
    seL4_CPtr dev = conf_find_untyped(true, 16, false, &bits);
    if (!dev) {
        test_fail("env: %s", conf_env_error());
    }
    const seL4_UntypedDesc *desc =
        &conf_env.bi->untypedList[dev - conf_env.bi->untyped.start];
    NEW_SLOTS(s, 5);
    seL4_Word p;

    for (size_t i = 0; i < sizeof(kernel_objects) / sizeof(kernel_objects[0]); i++) {
        conf_ctx("type %lu", kernel_objects[i].type);
        test_invalid_arg(retype(dev, kernel_objects[i].type,
                                kernel_objects[i].size, s, 1), 1);
    }
    conf_ctx("device 2^%lu at 0x%lx", bits, desc->paddr);
    test_cap(s, CAP_NULL);
    test_ok(retype(dev, seL4_X86_4K, 0, s, 1));
    test_cap(s, CAP_FRAME);
    TRY(frame_paddr(s, &p));
    test_eq(p, desc->paddr);
    /* a child of a device untyped is device memory too: 2^13 at 8 KiB */
    test_ok(retype(dev, seL4_UntypedObject, 13, s + 1, 1));
    test_invalid_arg(retype(s + 1, seL4_TCBObject, 0, s + 2, 1), 1);
    test_invalid_arg(retype(s + 1, seL4_CapTableObject, 4, s + 2, 1), 1);
    test_ok(retype(s + 1, seL4_X86_4K, 0, s + 2, 1));
    TRY(frame_paddr(s + 2, &p));
    test_eq(p, desc->paddr + 8192);
    test_ok(retype(s + 1, seL4_UntypedObject, 4, s + 3, 1));
    test_invalid_arg(retype(s + 3, seL4_EndpointObject, 0, s + 4, 1), 1);
    test_cap(s + 4, CAP_NULL);
    return CONF_PASS;
}

CONF_TEST(UNTYPED0008, "device untyped: NotEnoughMemory is checked before the device restriction")
{
    seL4_Word bits;
    seL4_CPtr dev = conf_find_untyped(true, 16, false, &bits);
    if (!dev) {
        test_fail("env: %s", conf_env_error());
    }
    NEW_SLOT(v);
    NEW_SLOTS(s, 3);

    test_ok(retype(dev, seL4_UntypedObject, 12, v, 1));
    test_not_enough(retype(v, seL4_TCBObject, 0, s, 3), 4096);
    test_invalid_arg(retype(v, seL4_TCBObject, 0, s, 2), 1);
    test_ok(retype(v, seL4_X86_4K, 0, s, 1));
    test_not_enough(retype(v, seL4_X86_4K, 0, s + 1, 1), 0);
    test_not_enough(retype(v, seL4_EndpointObject, 0, s + 1, 1), 0);
    return CONF_PASS;
}

CONF_TEST(UNTYPED0009, "an untyped invoked with another label is IllegalOperation; short messages truncated")
{
    NEW_UNTYPED(u, 12);
    NEW_SLOT(d);
    const seL4_CPtr caps[1] = {ROOT};
    const seL4_Word args[6] = {seL4_EndpointObject, 0, 0, 0, d, 1};
    seL4_MessageInfo_t info;

    info = conf_raw_call(u, CNodeCopy, 6, 1, args, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
    info = conf_raw_call(u, InvalidInvocation, 0, 0, NULL, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_IllegalOperation);
    info = conf_raw_call(u, UntypedRetype, 5, 1, args, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    info = conf_raw_call(u, UntypedRetype, 6, 0, args, NULL);
    test_eq(seL4_MessageInfo_get_label(info), seL4_TruncatedMessage);
    test_cap(d, CAP_NULL);
    info = conf_raw_call(u, UntypedRetype, 6, 1, args, caps);
    test_eq(seL4_MessageInfo_get_label(info), seL4_NoError);
    test_eq(seL4_MessageInfo_get_length(info), 0);
    test_cap(d, CAP_EP);
    return CONF_PASS;
}

CONF_TEST(UNTYPED0010, "a moved untyped keeps its children and its free index")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOT(u2);
    NEW_SLOTS(s, 16);
    NEW_SLOT(x);

    test_ok(retype(u, seL4_X86_4K, 0, s, 2));
    test_ok(root_move(u2, u));
    test_not_enough(retype(u2, seL4_UntypedObject, 16, x, 1), 65536 - 8192);
    test_ok(retype(u2, seL4_X86_4K, 0, s + 2, 1));
    test_not_enough(retype(u2, seL4_UntypedObject, 16, x, 1), 65536 - 12288);
    test_ok(root_revoke(u2));
    test_cap(s, CAP_NULL);
    test_cap(s + 2, CAP_NULL);
    test_ok(retype(u2, seL4_X86_4K, 0, s, 16));
    return CONF_PASS;
}

CONF_TEST(UNTYPED0011, "revoking one child untyped leaves its siblings and their objects alone")
{
    NEW_UNTYPED(u, 16);
    NEW_SLOTS(v, 2);
    NEW_SLOTS(p, 2);
    NEW_SLOT(x);

    test_ok(retype(u, seL4_UntypedObject, 14, v, 2)); /* [0, 16K), [16K, 32K) */
    test_ok(retype(v + 0, seL4_X86_4K, 0, p + 0, 1));
    test_ok(retype(v + 1, seL4_X86_4K, 0, p + 1, 1));
    test_ok(root_revoke(v + 0));
    test_cap(p + 0, CAP_NULL);
    test_cap(p + 1, CAP_FRAME);
    test_cap(v + 0, CAP_UNTYPED);
    test_cap(v + 1, CAP_UNTYPED);
    test_not_enough(retype(u, seL4_UntypedObject, 16, x, 1), 65536 - 32768);
    test_not_enough(retype(v + 1, seL4_UntypedObject, 14, x, 1), 16384 - 4096);
    test_ok(retype(v + 0, seL4_UntypedObject, 14, x, 1));
    return CONF_PASS;
}

CONF_TEST(UNTYPED0012, "every bootinfo untyped reports exactly 2^sizeBits free bytes; device ones fill up")
{
    const seL4_BootInfo *bi = conf_env.bi;
    NEW_SLOTS(d, 2);

    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[i];
        seL4_CPtr ut = bi->untyped.start + i;
        seL4_Word bits = desc->sizeBits;
        conf_ctx("untyped slot %lu (2^%lu%s)", ut, bits,
                 desc->isDevice ? ", device" : "");
        /* two untypeds of the full size never fit; no children, so all of it
         * is free (a failed retype does not reset or clear anything) */
        test_not_enough(retype(ut, seL4_UntypedObject, bits, d, 2), 1ul << bits);
        if (desc->isDevice) {
            /* device memory is not cleared, so fill it: exactly one fits */
            test_ok(retype(ut, seL4_UntypedObject, bits, d, 1));
            test_not_enough(retype(ut, seL4_UntypedObject, 4, d + 1, 1), 0);
            test_ok(root_delete(d));
        }
    }
    return CONF_PASS;
}

CONF_TEST(UNTYPED0013, "the pool untyped is reset between tests: its first page is at its base address")
{
    const seL4_UntypedDesc *desc =
        &conf_env.bi->untypedList[conf_env.pool - conf_env.bi->untyped.start];
    NEW_SLOT(f);
    seL4_Word p;

    test_ok(retype(conf_env.pool, seL4_X86_4K, 0, f, 1));
    TRY(frame_paddr(f, &p));
    test_eq(p, desc->paddr);
    test_eq(desc->isDevice, 0);
    return CONF_PASS;
}
