/*
 * Unit tests of the kernel core, driven directly: boot a kernel in plain
 * memory, put syscall arguments in the root thread's registers and IPC
 * buffer, enter the kernel, and check the registers and objects after.
 */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int halts;

static void halt(void *ctx, int status)
{
    halts++;
}

static const struct kernel_platform plat = { .write = harness_console_write, .halt = halt };

/* A fresh kernel for each test. */
static void boot_kernel(void)
{
    halts = 0;
    harness_boot(&plat);
}

static word_t retype(cptr_t ut, word_t type, word_t size, word_t offset, word_t n)
{
    word_t w[] = { type, size, 0, 0, offset, n };
    cptr_t c[] = { seL4_CapInitThreadCNode };
    return call(ut, UntypedRetype, 6, w, 1, c);
}

static word_t cnode_op(word_t label, word_t dest, int nwords_extra, const word_t *extra, int ncaps)
{
    word_t w[8] = { dest, 64 };
    for (int i = 0; i < nwords_extra; i++)
        w[2 + i] = extra[i];
    cptr_t c[] = { seL4_CapInitThreadCNode, seL4_CapInitThreadCNode };
    return call(seL4_CapInitThreadCNode, label, 2 + nwords_extra, w, ncaps, c);
}

/* The biggest RAM untyped. */
static cptr_t ram_untyped(int *bits)
{
    seL4_BootInfo *bi = bootinfo();
    cptr_t best = 0;
    int best_bits = 0;
    for (word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits > best_bits) {
            best_bits = bi->untypedList[i].sizeBits;
            best = bi->untyped.start + i;
        }
    }
    if (bits)
        *bits = best_bits;
    return best;
}

static cptr_t device_untyped(void)
{
    seL4_BootInfo *bi = bootinfo();
    for (word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 12)
            return bi->untyped.start + i;
    return 0;
}

/* ---- tests ---- */

static void test_printf(void)
{
    char b[64];
    k_snprintf(b, sizeof(b), "%d|%5u|%-4s|%lx|%p|%03d|%c", -42, 7u, "ab", 0xbeeful, (void *)0x10, 5, 'z');
    CHECK(strcmp(b, "-42|    7|ab  |beef|0x10|005|z") == 0);
    CHECK_EQ(k_snprintf(b, 4, "%s", "abcdef"), 6);
    CHECK(strcmp(b, "abc") == 0);
}

static void test_boot_initial_caps(void)
{
    static const word_t expect[seL4_NumInitialCaps] = {
        cap_null_cap, cap_thread_cap, cap_cnode_cap, cap_pml4_cap, cap_irq_control_cap, cap_asid_control_cap,
        cap_asid_pool_cap, cap_io_port_control_cap, cap_null_cap, cap_frame_cap, cap_frame_cap, cap_domain_cap,
        cap_null_cap, cap_null_cap, cap_null_cap, cap_null_cap,
    };
    for (int i = 0; i < seL4_NumInitialCaps; i++)
        CHECK_EQ(cap_type(root_slot(i)->cap), expect[i]);
    cap_t cn = root_slot(seL4_CapInitThreadCNode)->cap;
    CHECK_EQ(cn.cnode.radix, CONFIG_ROOT_CNODE_SIZE_BITS);
    CHECK_EQ(cn.cnode.radix + cn.cnode.guard_size, 64);
    CHECK_EQ(boot.root->priority, 255);
    CHECK_EQ(boot.root->mcp, 255);
    CHECK(strcmp(boot.root->name, "rootserver") == 0);
    CHECK_EQ(boot.root->regs[CTX_RDI], boot.bootinfo);
    CHECK_EQ(cap_type(tcb_cte(boot.root, tcbReply)->cap), cap_reply_cap);
    CHECK(tcb_cte(boot.root, tcbReply)->cap.reply.master);
}

static void test_boot_bootinfo(void)
{
    seL4_BootInfo *bi = bootinfo();
    CHECK_EQ(bi->nodeID, 0);
    CHECK_EQ(bi->numNodes, 1);
    CHECK_EQ(bi->initThreadCNodeSizeBits, 13);
    CHECK_EQ((word_t)bi->ipcBuffer, IMAGE_END);
    CHECK_EQ(boot.bootinfo, IMAGE_END + 4096);
    CHECK_EQ(bi->userImagePaging.start, seL4_NumInitialCaps);
    CHECK_EQ(bi->userImagePaging.end - bi->userImagePaging.start, 3); /* PDPT, PD, PT */
    CHECK_EQ(bi->empty.start, bi->untyped.end);
    CHECK_EQ(bi->empty.end, 1ul << 13);

    /* Untypeds: aligned power-of-two blocks; the RAM ones add up to what is left of RAM. */
    word_t ram_total = 0, prev_end_ram = 0;
    for (word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        seL4_UntypedDesc *d = &bi->untypedList[i];
        CHECK(d->sizeBits >= seL4_MinUntypedBits && d->sizeBits <= seL4_MaxUntypedBits);
        CHECK_EQ(d->paddr & ((1ul << d->sizeBits) - 1), 0);
        cap_t c = root_slot(bi->untyped.start + i)->cap;
        CHECK_EQ(cap_type(c), cap_untyped_cap);
        CHECK_EQ(c.untyped.ptr, d->paddr);
        CHECK_EQ(c.untyped.is_device, d->isDevice);
        if (!d->isDevice) {
            CHECK(d->paddr >= RAM_PADDR && d->paddr + (1ul << d->sizeBits) <= RAM_PADDR + RAM_SIZE);
            if (prev_end_ram)
                CHECK_EQ(d->paddr, prev_end_ram);
            prev_end_ram = d->paddr + (1ul << d->sizeBits);
            ram_total += 1ul << d->sizeBits;
        }
    }
    CHECK_EQ(prev_end_ram, RAM_PADDR + RAM_SIZE);
    CHECK(ram_total > RAM_SIZE - (1ul << 20));
}

static void test_resolve_guards(void)
{
    cap_t root = root_slot(seL4_CapInitThreadCNode)->cap;
    lookup_slot_ret_t r = resolve_address_bits(k, root, seL4_CapInitThreadTCB, 64);
    CHECK_EQ(r.status, EXCEPTION_NONE);
    CHECK(r.slot == root_slot(seL4_CapInitThreadTCB));
    CHECK_EQ(r.bits_remaining, 0);

    /* A non-zero bit in the 51-bit guard is a guard mismatch. */
    r = resolve_address_bits(k, root, (1ul << 63) | 1, 64);
    CHECK_EQ(r.status, EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ(k->lookup_fault.type, lookup_fault_guard_mismatch);
    CHECK_EQ(k->lookup_fault.bits_left, 64);
    CHECK_EQ(k->lookup_fault.bits_found, 51);

    /* Fewer bits than guard plus radix: the guard cannot be matched. */
    r = resolve_address_bits(k, root, 1, 13);
    CHECK_EQ(r.status, EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ(k->lookup_fault.type, lookup_fault_guard_mismatch);

    r = resolve_address_bits(k, cap_null(), 1, 64);
    CHECK_EQ(r.status, EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ(k->lookup_fault.type, lookup_fault_invalid_root);
}

static void test_retype_endpoint_and_identify(void)
{
    cptr_t ut = ram_untyped(NULL);
    word_t free = bootinfo()->empty.start;
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, free, 3), seL4_NoError);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(cap_type(root_slot(free + i)->cap), cap_endpoint_cap);
        CHECK_EQ(root_slot(free + i)->cap.endpoint.ptr, root_slot(ut)->cap.untyped.ptr + 16 * i);
    }
    CHECK_EQ(root_slot(ut)->cap.untyped.free_index, 48);
    boot.root->regs[CTX_RDI] = free;
    kernel_syscall(k, (word_t)seL4_SysDebugCapIdentify);
    CHECK_EQ(boot.root->regs[CTX_RDI], cap_endpoint_cap);
}

static void test_retype_alignment_and_watermark(void)
{
    cptr_t ut = ram_untyped(NULL);
    word_t free = bootinfo()->empty.start;
    word_t base = root_slot(ut)->cap.untyped.ptr;
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, free, 1), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_TCBObject, 0, free + 1, 1), seL4_NoError);
    CHECK_EQ(root_slot(free + 1)->cap.thread.tcb, base + 2048);
    CHECK_EQ(root_slot(ut)->cap.untyped.free_index, 4096);
    CHECK_EQ(retype(ut, seL4_X86_4K, 0, free + 2, 1), seL4_NoError);
    CHECK_EQ(root_slot(free + 2)->cap.frame.base, base + 4096);
    CHECK_EQ(root_slot(free + 2)->cap.frame.vm_rights, VMReadWrite);
}

static void test_retype_errors(void)
{
    int bits;
    cptr_t ut = ram_untyped(&bits);
    word_t free = bootinfo()->empty.start;

    CHECK_EQ(retype(ut, seL4_ObjectTypeCount, 0, free, 1), seL4_InvalidArgument);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(retype(ut, seL4_UntypedObject, 64, free, 1), seL4_RangeError);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(mr(1), seL4_MaxUntypedBits);
    CHECK_EQ(retype(ut, seL4_CapTableObject, 0, free, 1), seL4_InvalidArgument);
    CHECK_EQ(mr(0), 1);
    CHECK_EQ(retype(ut, seL4_UntypedObject, 3, free, 1), seL4_InvalidArgument);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, 1ul << 13, 1), seL4_RangeError);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(mr(1), (1ul << 13) - 1);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, free, 0), seL4_RangeError);
    CHECK_EQ(mr(0), 1);
    CHECK_EQ(mr(1), CONFIG_RETYPE_FAN_OUT_LIMIT);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, (1ul << 13) - 2, 3), seL4_RangeError);
    CHECK_EQ(mr(1), 2);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadTCB, 1), seL4_DeleteFirst);
    CHECK_EQ(retype(ut, seL4_UntypedObject, bits + 1, free, 1), seL4_NotEnoughMemory);
    CHECK_EQ(mr(0), 1ul << bits);
    CHECK_EQ(retype(device_untyped(), seL4_TCBObject, 0, free, 1), seL4_InvalidArgument);
    CHECK_EQ(mr(0), 1);
    CHECK_EQ(retype(device_untyped(), seL4_X86_4K, 0, free, 1), seL4_NoError);
    CHECK(root_slot(free)->cap.frame.is_device);
}

static void test_mint_badge_and_revoke(void)
{
    cptr_t ut = ram_untyped(NULL);
    word_t f = bootinfo()->empty.start;
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    word_t mint[] = { seL4_CapInitThreadCNode, f, 64, seL4_AllRights.words[0], 0x77 };
    (void)mint;
    word_t extra[] = { f, 64, 0xf, 0x77 };
    CHECK_EQ(cnode_op(CNodeMint, f + 1, 4, extra, 1), seL4_NoError);
    CHECK_EQ(root_slot(f + 1)->cap.endpoint.badge, 0x77);
    CHECK(root_slot(f + 1)->mdb.revocable);
    /* Re-badging a badged cap yields a null cap: IllegalOperation. */
    word_t extra2[] = { f + 1, 64, 0xf, 0x99 };
    CHECK_EQ(cnode_op(CNodeMint, f + 2, 4, extra2, 1), seL4_IllegalOperation);
    /* Copy with rights masked to read-only. */
    word_t extra3[] = { f + 1, 64, 0x2 };
    CHECK_EQ(cnode_op(CNodeCopy, f + 2, 3, extra3, 1), seL4_NoError);
    CHECK(!root_slot(f + 2)->cap.endpoint.can_send);
    CHECK(root_slot(f + 2)->cap.endpoint.can_receive);
    CHECK_EQ(root_slot(f + 2)->cap.endpoint.badge, 0x77);
    /* Revoking the untyped removes all three. */
    CHECK_EQ(cnode_op(CNodeRevoke, ut, 0, NULL, 0), seL4_NoError);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(cap_type(root_slot(f + i)->cap), cap_null_cap);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    CHECK_EQ(root_slot(ut)->cap.untyped.free_index, 16);
}

static void test_dump_far_parent(void)
{
    /*
     * 1,100 badged caps minted from one endpoint, the first in slot 1 of a
     * thread's CSpace and 1,099 more after it in the derivation list: the
     * dump does not walk back past all of them for its parent (a CSpace of
     * N such caps would cost N^2 steps), but finds a copy's parent beside it.
     */
    cptr_t ut = ram_untyped(NULL);
    word_t f = bootinfo()->empty.start;
    CHECK_EQ(retype(ut, seL4_CapTableObject, 11, f, 1), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f + 1, 1), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_TCBObject, 0, f + 2, 1), seL4_NoError);
    cap_t c = root_slot(f)->cap, ep = root_slot(f + 1)->cap;
    c.cnode.guard_size = 64 - 11;
    cte_t *cs = CNODE_SLOTS(k, c);
    tcb_t *t = THREAD_TCB(k, root_slot(f + 2)->cap);
    cte_insert(k, c, root_slot(f), tcb_cte(t, tcbCTable));
    cte_insert(k, ep, root_slot(f + 1), cs + 0);
    for (word_t i = 1; i <= 1100; i++) {
        cap_t minted = ep;
        minted.endpoint.badge = i;
        cte_insert(k, minted, cs + 0, cs + (i == 1 ? 1 : i + 1));
    }
    cte_insert(k, cs[1].cap, cs + 1, cs + 2);
    set_thread_name(t, "far");
    console_len = 0;
    kernel_dump_cspace(k, t);
    CHECK(strstr(console, "badge 0x1; parent over 1024 derivation steps back\n") != NULL);
    CHECK(strstr(console, "badge 0x1; parent 0x1\n") != NULL);
    CHECK(strstr(console, "badge 0x2; parent over 1024 derivation steps back\n") != NULL);
}

static void test_delete_nested_cnodes(void)
{
    /* A chain of CNodes, each holding the only cap to the next, and one holding itself. */
    cptr_t ut = ram_untyped(NULL);
    word_t f = bootinfo()->empty.start;
    CHECK_EQ(retype(ut, seL4_CapTableObject, 2, f, 4), seL4_NoError);
    cap_t cn[4];
    for (int i = 0; i < 4; i++)
        cn[i] = root_slot(f + i)->cap;
    for (int i = 0; i < 3; i++)
        cte_move(k, cn[i + 1], root_slot(f + i + 1), CNODE_SLOTS(k, cn[i]) + 1);
    cte_t *last = CNODE_SLOTS(k, cn[2]) + 1;
    cte_insert(k, last->cap, last, CNODE_SLOTS(k, cn[3]) + 0);
    CHECK_EQ(cnode_op(CNodeDelete, f, 0, NULL, 0), seL4_NoError);
    CHECK_EQ(cap_type(root_slot(f)->cap), cap_null_cap);
    /* The untyped still has the self-referencing CNode as a child until revoked. */
    CHECK_EQ(cnode_op(CNodeRevoke, ut, 0, NULL, 0), seL4_NoError);
    CHECK(MDB_NEXT(root_slot(ut)) == NULL || !is_mdb_parent_of(k, root_slot(ut), MDB_NEXT(root_slot(ut))));
}

static void test_dump_cspace_nested(void)
{
    /*
     * A thread's CSpace of two levels: root CNode A (4 slots, no guard)
     * holds itself in slot 0 and CNode B (4 slots, 60-bit guard) in slot
     * 1; B holds itself in slot 3 and a badged endpoint in slot 2, copied
     * to A's slot 2. The dump lists each CNode once, with CPtrs and depths,
     * and each cap's parent (the copy's is B's slot 2).
     */
    cptr_t ut = ram_untyped(NULL);
    word_t f = bootinfo()->empty.start;
    CHECK_EQ(retype(ut, seL4_CapTableObject, 2, f, 2), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f + 2, 1), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_TCBObject, 0, f + 3, 1), seL4_NoError);
    cap_t a = root_slot(f)->cap, b = root_slot(f + 1)->cap, ep = root_slot(f + 2)->cap;
    cte_t *as = CNODE_SLOTS(k, a), *bs = CNODE_SLOTS(k, b);
    tcb_t *t = THREAD_TCB(k, root_slot(f + 3)->cap);
    b.cnode.guard_size = 60;
    ep.endpoint.badge = 5;
    cte_insert(k, a, root_slot(f), as + 0);
    cte_insert(k, b, root_slot(f + 1), as + 1);
    cte_insert(k, b, as + 1, bs + 3);
    cte_insert(k, ep, root_slot(f + 2), bs + 2);
    cte_insert(k, ep, bs + 2, as + 2);
    cte_insert(k, a, root_slot(f), tcb_cte(t, tcbCTable));
    set_thread_name(t, "nested");

    char want[160];
    console_len = 0;
    kernel_dump_cspace(k, t);
    CHECK(strstr(console, "CSpace of \"nested\": root CNode ") != NULL);
    CHECK(strstr(console, "radix 2, guard 0x0 of 0 bits\n") != NULL);
    snprintf(want, sizeof(want), "radix 2, guard 0x0 of 0 bits; parent %#lx in the CSpace of \"rootserver\"\n", f);
    CHECK(strstr(console, want) != NULL);
    snprintf(want, sizeof(want), "radix 2, guard 0x0 of 60 bits; parent %#lx in the CSpace of \"rootserver\"\n",
             f + 1);
    CHECK(strstr(console, want) != NULL);
    CHECK(strstr(console, "\n  0x0                2     cap_cnode_cap ") != NULL);
    CHECK(strstr(console, "\n  0x1                2     cap_cnode_cap ") != NULL);
    CHECK(strstr(console, "\n  0x4000000000000002 64    cap_endpoint_cap ") != NULL);
    CHECK(strstr(console, "rights R/W/G/GR, badge 0x5; parent ") != NULL);
    CHECK(strstr(console, "\n  0x4000000000000003 64    cap_cnode_cap ") != NULL);
    CHECK(strstr(console, "\n  0x2                2     cap_endpoint_cap ") != NULL);
    CHECK(strstr(console, "badge 0x5; parent 0x4000000000000002\n") != NULL);
    /* Five caps in all: A and B are each walked once although both hold themselves. */
    int lines = 0;
    for (const char *p = console; (p = strstr(p, "\n  0x")); p++)
        lines++;
    CHECK_EQ(lines, 5);
}

static void test_rotate(void)
{
    cptr_t ut = ram_untyped(NULL);
    word_t f = bootinfo()->empty.start;
    /* Rotate preserves data, so badged-cap types cannot rotate (updateCapData); TCBs can. */
    CHECK_EQ(retype(ut, seL4_TCBObject, 0, f, 2), seL4_NoError);
    word_t a = root_slot(f)->cap.thread.tcb, b = root_slot(f + 1)->cap.thread.tcb;
    /* dest f+2 <- pivot f+1 <- src f */
    word_t extra[] = { 0, f + 1, 64, 0, f, 64 };
    CHECK_EQ(cnode_op(CNodeRotate, f + 2, 6, extra, 2), seL4_NoError);
    CHECK_EQ(cap_type(root_slot(f)->cap), cap_null_cap);
    CHECK_EQ(root_slot(f + 1)->cap.thread.tcb, a);
    CHECK_EQ(root_slot(f + 2)->cap.thread.tcb, b);
    /* Pivot equal to destination is illegal. */
    word_t bad[] = { 0, f + 2, 64, 0, f + 1, 64 };
    CHECK_EQ(cnode_op(CNodeRotate, f + 2, 6, bad, 2), seL4_IllegalOperation);
}

static void test_failed_lookup_registers(void)
{
    word_t f = bootinfo()->empty.start;
    /* Source slot empty: FailedLookup, from the source, missing capability with 64 bits left. */
    word_t extra[] = { f + 5, 64, 0xf };
    CHECK_EQ(cnode_op(CNodeCopy, f, 3, extra, 1), seL4_FailedLookup);
    CHECK_EQ(mr(0), 1);
    CHECK_EQ(mr(1), seL4_MissingCapability);
    CHECK_EQ(mr(2), 64);
    /* Depth 0: a range error 1..64. */
    word_t w[] = { f, 0 };
    CHECK_EQ(call(seL4_CapInitThreadCNode, CNodeDelete, 2, w, 0, NULL), seL4_RangeError);
    CHECK_EQ(mr(0), 1);
    CHECK_EQ(mr(1), 64);
    /* Depth 13 stops at the guard: FailedLookup, destination, guard mismatch. */
    word_t w2[] = { f, 13 };
    CHECK_EQ(call(seL4_CapInitThreadCNode, CNodeDelete, 2, w2, 0, NULL), seL4_FailedLookup);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(mr(1), seL4_GuardMismatch);
    CHECK_EQ(mr(2), 13);
    CHECK_EQ(mr(3), 0);
    CHECK_EQ(mr(4), 51);
}

static void test_invalid_cap_faults(void)
{
    word_t w[] = { 0, 64 };
    /* Invoking an empty slot inside the CSpace: InvalidCapability 0. */
    CHECK_EQ(call(bootinfo()->empty.start, CNodeDelete, 2, w, 0, NULL), seL4_InvalidCapability);
    CHECK_EQ(mr(0), 0);
    /* A CPtr that does not resolve is a cap fault; without a handler the thread stops. */
    call(1ul << 63, CNodeDelete, 2, w, 0, NULL);
    CHECK_EQ(boot.root->state.type, ThreadState_Inactive);
    CHECK(strstr(console, "cap fault in send phase") != NULL);
    CHECK(kernel_current_thread(k) == NULL);
}

static void test_debug_calls(void)
{
    boot.root->regs[CTX_RDI] = 'x';
    kernel_syscall(k, (word_t)seL4_SysDebugPutChar);
    CHECK(strcmp(console, "x") == 0);
    strcpy((char *)(ipc_buffer() + 1), "worker");
    boot.root->regs[CTX_RDI] = seL4_CapInitThreadTCB;
    kernel_syscall(k, (word_t)seL4_SysDebugNameThread);
    CHECK(strcmp(boot.root->name, "worker") == 0);
    kernel_syscall(k, (word_t)seL4_SysDebugHalt);
    CHECK_EQ(halts, 1);
    CHECK(kernel_halted(k));
}

static void test_unknown_syscall_faults(void)
{
    kernel_syscall(k, 42);
    CHECK(strstr(console, "unknown syscall 0x2a") != NULL);
    CHECK_EQ(boot.root->state.type, ThreadState_Inactive);
}

static void test_page_get_address(void)
{
    word_t label = call(seL4_CapInitThreadIPCBuffer, X86PageGetAddress, 0, NULL, 0, NULL);
    CHECK_EQ(label, 0);
    CHECK_EQ(mr(0), boot.ipc_buffer_paddr);
}


/* ---- two threads: the root task and one it creates ---- */

#define SYS(t, n) (as(t), kernel_syscall(k, (word_t)(n)))

/* The test plays thread t: it must be the one the kernel runs. */
static void as(tcb_t *t)
{
    if (k->cur_thread != t) {
        printf("  expected %s to run, %s runs\n", t->name, k->cur_thread->name);
        exit(1);
    }
    t->regs[CTX_NEXT_IP] = 0x401002;
}

static word_t *ipc_of(tcb_t *t)
{
    return lookup_ipc_buffer(k, true, t);
}

/* A second thread at prio, CSpace and VSpace of the root, IPC buffer at +0x400 of the root's frame. */
static tcb_t *make_thread(word_t slot, word_t prio)
{
    cptr_t ut = ram_untyped(NULL);
    if (retype(ut, seL4_TCBObject, 0, slot, 1) != seL4_NoError)
        return NULL;
    word_t w[] = { 0, 0, 0, boot.ipc_buffer + 0x400 };
    cptr_t c[] = { seL4_CapInitThreadCNode, seL4_CapInitThreadVSpace, seL4_CapInitThreadIPCBuffer };
    if (call(slot, TCBConfigure, 4, w, 3, c) != seL4_NoError)
        return NULL;
    word_t p[] = { prio };
    cptr_t a[] = { seL4_CapInitThreadTCB };
    if (call(slot, TCBSetPriority, 1, p, 1, a) != seL4_NoError)
        return NULL;
    if (call(slot, TCBResume, 0, NULL, 0, NULL) != seL4_NoError)
        return NULL;
    return THREAD_TCB(k, root_slot(slot)->cap);
}

static void set_msg(tcb_t *t, cptr_t dest, word_t label, word_t len, word_t caps)
{
    t->regs[CTX_RDI] = dest;
    t->regs[CTX_RSI] = seL4_MessageInfo_new(label, 0, caps, len).words[0];
}

static void test_ipc_send_recv_badge_and_long_message(void)
{
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(NULL);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    word_t mint[] = { f, 64, 0xf, 0x99 };
    CHECK_EQ(cnode_op(CNodeMint, f + 1, 4, mint, 1), seL4_NoError);
    tcb_t *t = make_thread(f + 2, 100);
    CHECK(t);
    tcb_t *root = boot.root;
    CHECK(k->cur_thread == root); /* the lower-priority thread waits */

    /* NBSend with no receiver is dropped; Recv blocks the root and the other thread runs. */
    set_msg(root, f, 0, 1, 0);
    SYS(root, seL4_SysNBSend);
    CHECK(k->cur_thread == root);
    set_msg(root, f, 0, 0, 0);
    SYS(root, seL4_SysRecv);
    CHECK_EQ(root->state.type, ThreadState_BlockedOnReceive);
    CHECK(k->cur_thread == t);

    /* Six words through the badged cap: four in registers, two in the IPC buffers. */
    set_msg(t, f + 1, 0x123, 6, 0);
    t->regs[CTX_R10] = 10, t->regs[CTX_R8] = 11, t->regs[CTX_R9] = 12, t->regs[CTX_R15] = 13;
    ipc_of(t)[1 + 4] = 14, ipc_of(t)[1 + 5] = 15;
    SYS(t, seL4_SysSend);
    CHECK(k->cur_thread == root); /* higher priority: runs at once */
    seL4_MessageInfo_t info = { { root->regs[CTX_RSI] } };
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x123);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 6);
    CHECK_EQ(root->regs[CTX_RDI], 0x99);
    CHECK_EQ(root->regs[CTX_R10], 10);
    CHECK_EQ(root->regs[CTX_R15], 13);
    CHECK_EQ(ipc_of(root)[1 + 4], 14);
    CHECK_EQ(ipc_of(root)[1 + 5], 15);
}

static void test_ipc_call_reply_and_save_caller(void)
{
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(NULL);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    tcb_t *t = make_thread(f + 1, 100), *root = boot.root;
    CHECK(t);
    set_msg(root, f, 0, 0, 0);
    SYS(root, seL4_SysRecv);
    set_msg(t, f, 7, 1, 0);
    t->regs[CTX_R10] = 41;
    SYS(t, seL4_SysCall);
    CHECK_EQ(t->state.type, ThreadState_BlockedOnReply);
    CHECK(k->cur_thread == root);
    CHECK_EQ(cap_type(tcb_cte(root, tcbCaller)->cap), cap_reply_cap);

    /* SaveCaller moves the reply cap into the CSpace; Send on it is the reply. */
    word_t w[] = { f + 2, 64 };
    CHECK_EQ(call(seL4_CapInitThreadCNode, CNodeSaveCaller, 2, w, 0, NULL), seL4_NoError);
    CHECK_EQ(cap_type(tcb_cte(root, tcbCaller)->cap), cap_null_cap);
    CHECK_EQ(cap_type(root_slot(f + 2)->cap), cap_reply_cap);
    set_msg(root, f + 2, 5, 1, 0);
    root->regs[CTX_R10] = 42;
    SYS(root, seL4_SysSend);
    CHECK_EQ(cap_type(root_slot(f + 2)->cap), cap_null_cap); /* a reply cap is used once */
    CHECK_EQ(t->state.type, ThreadState_Running);
    CHECK_EQ(t->regs[CTX_R10], 42);
    CHECK_EQ(seL4_MessageInfo_get_label((seL4_MessageInfo_t){ { t->regs[CTX_RSI] } }), 5);
    CHECK(k->cur_thread == root); /* the caller has lower priority */
}

static void test_cap_transfer_and_unwrap(void)
{
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(NULL);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_NotificationObject, 0, f + 1, 1), seL4_NoError);
    word_t mint[] = { f, 64, 0xf, 0x55 };
    CHECK_EQ(cnode_op(CNodeMint, f + 2, 4, mint, 1), seL4_NoError);
    tcb_t *t = make_thread(f + 3, 100), *root = boot.root;
    CHECK(t);
    /* The root receives with a receive slot f + 4. */
    ipc_of(root)[seL4_MsgMaxLength + seL4_MsgMaxExtraCaps + 2] = seL4_CapInitThreadCNode;
    ipc_of(root)[seL4_MsgMaxLength + seL4_MsgMaxExtraCaps + 3] = f + 4;
    ipc_of(root)[seL4_MsgMaxLength + seL4_MsgMaxExtraCaps + 4] = 64;
    set_msg(root, f, 0, 0, 0);
    SYS(root, seL4_SysRecv);
    /* The thread sends the badged endpoint cap (unwrapped) and the notification (transferred). */
    ipc_of(t)[seL4_MsgMaxLength + 2] = f + 2;
    ipc_of(t)[seL4_MsgMaxLength + 3] = f + 1;
    set_msg(t, f, 0, 0, 2);
    SYS(t, seL4_SysSend);
    seL4_MessageInfo_t info = { { root->regs[CTX_RSI] } };
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 2);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 1);
    CHECK_EQ(ipc_of(root)[seL4_MsgMaxLength + 2], 0x55);
    CHECK_EQ(cap_type(root_slot(f + 4)->cap), cap_notification_cap);
}

static void test_fault_to_handler_and_restart(void)
{
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(NULL);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    tcb_t *t = make_thread(f + 1, 100), *root = boot.root;
    CHECK(t);
    t->fault_handler = f;
    set_msg(root, f, 0, 0, 0);
    SYS(root, seL4_SysRecv);
    /* The thread invokes a CPtr with a bad guard: a cap fault in the send phase. */
    set_msg(t, 1ul << 60, 0, 0, 0);
    SYS(t, seL4_SysCall);
    CHECK(k->cur_thread == root);
    seL4_MessageInfo_t info = { { root->regs[CTX_RSI] } };
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault_);
    CHECK_EQ(mr(seL4_CapFault_Addr), 1ul << 60);
    CHECK_EQ(mr(seL4_CapFault_InRecvPhase), 0);
    CHECK_EQ(mr(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
    CHECK_EQ(mr(seL4_CapFault_IP), 0x401000);
    /* The reply restarts the faulting syscall. */
    set_msg(root, 0, 0, 0, 0);
    SYS(root, seL4_SysReply);
    CHECK_EQ(t->state.type, ThreadState_Restart);
}

static void test_round_robin_and_yield(void)
{
    word_t f = bootinfo()->empty.start;
    tcb_t *a = make_thread(f, 255), *b = make_thread(f + 1, 255), *root = boot.root;
    CHECK(a && b);
    CHECK(k->cur_thread == root); /* equal priority: the resumer keeps running */
    /* seL4's restart queues at the head: the thread resumed last runs first. */
    SYS(root, seL4_SysYield);
    CHECK(k->cur_thread == b);
    SYS(b, seL4_SysYield);
    CHECK(k->cur_thread == a);
    /* A whole timeslice of ticks moves the running thread to the back. */
    for (int i = 0; i < CONFIG_TIME_SLICE - 1; i++) {
        kernel_timer_tick(k);
        CHECK(k->cur_thread == a);
    }
    kernel_timer_tick(k);
    CHECK(k->cur_thread == root);
}

/* ---- the invariant checker (kernel/src/kernel/invariants.c) ---- */

/* The checker's verdict on the kernel now: "" if every invariant holds, else why not. */
static const char *invariant_failure(void)
{
    static char why[512];
    static char scratch[1 << 20] __attribute__((aligned(16)));
    int r = kernel_check_invariants(k, scratch, sizeof(scratch), why, sizeof(why));
    if (r > 0)
        return "scratch too small";
    return r == 0 ? "" : why;
}

#define CHECK_BROKEN(what)                                                                           \
    do {                                                                                             \
        const char *why_ = invariant_failure();                                                      \
        if (!strstr(why_, what) || !*why_) {                                                         \
            printf("  %s:%d: expected an invariant failure with \"%s\", got \"%s\"\n", __FILE__,      \
                   __LINE__, what, why_);                                                            \
            current_failed = 1;                                                                      \
            return;                                                                                  \
        }                                                                                            \
    } while (0)

/* Each corruption is reported; undone, the kernel is fine again. */
static void test_invariants_catch_corruption(void)
{
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(NULL);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    CHECK_EQ(*invariant_failure(), 0);

    /* The derivation tree: a broken back link. */
    cte_t *ep = root_slot(f), *u = root_slot(ut);
    word_t prev = ep->mdb.prev;
    ep->mdb.prev = 0;
    CHECK_BROKEN("has prev");
    ep->mdb.prev = prev;

    /* Untyped memory: the endpoint above the watermark. */
    word_t fi = u->cap.untyped.free_index;
    u->cap.untyped.free_index = 0;
    CHECK_BROKEN("above the watermark");
    u->cap.untyped.free_index = fi;
    CHECK_EQ(*invariant_failure(), 0);

    /* A cap outside the derivation tree outlives the revoke of its untyped. */
    root_slot(f + 1)->cap = ep->cap;
    CHECK_EQ(*invariant_failure(), 0);
    cnode_op(CNodeRevoke, ut, 0, NULL, 0);
    CHECK_BROKEN("which has no children");
    root_slot(f + 1)->cap = cap_null();
    CHECK_EQ(*invariant_failure(), 0);

    /* Threads: a runnable thread in no ready queue; a thread off the list of live TCBs. */
    tcb_t *t = make_thread(f + 2, 100);
    CHECK(t);
    CHECK_EQ(*invariant_failure(), 0);
    sched_dequeue(k, t);
    CHECK_BROKEN("in no ready queue");
    sched_enqueue(k, t);
    t->state.type = ThreadState_Inactive;
    CHECK_BROKEN("in a ready queue in state");
    t->state.type = ThreadState_Restart;
    tcb_debug_remove(k, t);
    CHECK_BROKEN("not in debug_tcbs");
    tcb_debug_append(k, t);

    /* A second object where an endpoint is. */
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_NotificationObject, 0, f + 3, 1), seL4_NoError);
    cap_t bogus = root_slot(f + 3)->cap;
    bogus.notification.ptr = ep->cap.endpoint.ptr & ~MASK(seL4_NotificationBits);
    cap_t saved = root_slot(f + 3)->cap;
    root_slot(f + 3)->cap = bogus;
    CHECK_BROKEN("lies inside");
    root_slot(f + 3)->cap = saved;
    CHECK_EQ(*invariant_failure(), 0);
}

/*
 * What the checker must accept: a CNode holding the only cap to itself, and
 * the root task deleting its own TCB, which leaves the root CNode (and the
 * boot caps in it) out of reach but in use, as seL4 does.
 */
static void test_invariants_unreachable_but_live(void)
{
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(NULL);
    CHECK_EQ(retype(ut, seL4_CapTableObject, 2, f, 1), seL4_NoError);
    word_t w[] = { 0, 2, f, 64, seL4_AllRights.words[0] };
    cptr_t c[] = { seL4_CapInitThreadCNode };
    CHECK_EQ(call(f, CNodeCopy, 5, w, 1, c), seL4_NoError);
    CHECK_EQ(cnode_op(CNodeDelete, f, 0, NULL, 0), seL4_NoError);
    CHECK_EQ(*invariant_failure(), 0);
    cnode_op(CNodeDelete, seL4_CapInitThreadTCB, 0, NULL, 0); /* no reply: the caller is gone */
    CHECK(kernel_current_thread(k) == NULL);
    CHECK_EQ(*invariant_failure(), 0);
}

/*
 * Deleting the last cap to a CNode that holds the last cap to a thread: the
 * inner deletion is unexposed, so the thread's Zombie is swapped into the
 * TCB's first slot and stays there, the TCB's other slots (its master reply
 * cap among them) unemptied, until the untyped is revoked (seL4
 * reduceZombie). Found by the fuzzer: the checker took that master for a
 * reply cap to a destroyed thread.
 */
static void test_invariants_zombie_left_in_its_tcb(void)
{
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(NULL);
    CHECK_EQ(retype(ut, seL4_CapTableObject, 2, f, 1), seL4_NoError);
    tcb_t *t = make_thread(f + 1, 100);
    CHECK(t);
    if (!t)
        return;
    cte_move(k, root_slot(f + 1)->cap, root_slot(f + 1), CNODE_SLOTS(k, root_slot(f)->cap) + 3);
    CHECK_EQ(cnode_op(CNodeDelete, f, 0, NULL, 0), seL4_NoError);
    CHECK_EQ(cap_type(root_slot(f)->cap), cap_null_cap);
    cap_t zombie = tcb_cte(t, 0)->cap;
    CHECK_EQ(cap_type(zombie), cap_zombie_cap);
    CHECK(PTR(cte_t, zombie.zombie.ptr) == tcb_cte(t, 0));
    CHECK_EQ(cap_type(tcb_cte(t, tcbReply)->cap), cap_reply_cap);
    CHECK_EQ(*invariant_failure(), 0);
    CHECK_EQ(cnode_op(CNodeRevoke, ut, 0, NULL, 0), seL4_NoError);
    CHECK_EQ(cap_type(tcb_cte(t, 0)->cap), cap_null_cap);
    CHECK_EQ(cap_type(tcb_cte(t, tcbReply)->cap), cap_null_cap);
    CHECK_EQ(*invariant_failure(), 0);
}

/* ---- interrupts and I/O ports ---- */

static word_t get_ioapic(cptr_t dest, word_t pin, word_t vector)
{
    word_t w[] = { dest, 64, 0, pin, 0, 0, vector };
    cptr_t c[] = { seL4_CapInitThreadCNode };
    return call(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, 7, w, 1, c);
}

static void test_irq_signal_mask_ack(void)
{
    word_t free = bootinfo()->empty.start;
    cptr_t ntfn = free, handler = free + 1;
    CHECK_EQ(retype(ram_untyped(NULL), seL4_NotificationObject, 0, ntfn, 1), seL4_NoError);
    CHECK_EQ(get_ioapic(handler, 2, 3), seL4_NoError);
    CHECK_EQ(cap_type(root_slot(handler)->cap), cap_irq_handler_cap);
    CHECK_EQ(root_slot(handler)->cap.irq_handler.irq, irq_user_min + 3);
    /* Get unmasks the line (seL4's setIRQState); no notification yet: nothing would be signalled */
    CHECK_EQ(kernel_live_interrupt_pins(k), 0);
    cptr_t c[] = { ntfn };
    CHECK_EQ(call(handler, IRQSetIRQHandler, 0, NULL, 1, c), seL4_NoError);
    CHECK_EQ(call(handler, IRQAckIRQ, 0, NULL, 0, NULL), seL4_NoError);
    CHECK_EQ(kernel_live_interrupt_pins(k), BIT(2));

    notification_t *n = CAP_OBJ(k, notification_t, root_slot(ntfn)->cap.notification.ptr);
    kernel_device_interrupt(k, BIT(2));
    CHECK_EQ(n->state, NtfnState_Active);
    CHECK(k->ioapic[2].masked);
    CHECK_EQ(kernel_live_interrupt_pins(k), 0);
    /* raised while masked: held, and delivered by the Ack */
    n->state = NtfnState_Idle;
    kernel_device_interrupt(k, BIT(2));
    CHECK_EQ(n->state, NtfnState_Idle);
    CHECK(k->ioapic[2].pending);
    CHECK_EQ(call(handler, IRQAckIRQ, 0, NULL, 0, NULL), seL4_NoError);
    CHECK_EQ(n->state, NtfnState_Active);
    CHECK(!k->ioapic[2].pending);
    CHECK(k->ioapic[2].masked);
    /* a pin nobody mapped is dropped */
    kernel_device_interrupt(k, BIT(5));
    CHECK(!k->ioapic[5].pending);
}

static void test_irq_control_errors(void)
{
    word_t free = bootinfo()->empty.start;
    word_t w[] = { 0, free, 64 };
    cptr_t c[] = { seL4_CapInitThreadCNode };
    CHECK_EQ(call(seL4_CapIRQControl, IRQIssueIRQHandler, 3, w, 1, c), seL4_IllegalOperation);
    CHECK_EQ(get_ioapic(free, 2, 108), seL4_RangeError);
    CHECK_EQ(mr(0), 0);
    CHECK_EQ(mr(1), 107);
    CHECK_EQ(get_ioapic(free, 24, 0), seL4_RangeError);
    CHECK_EQ(mr(1), 23);
    CHECK_EQ(get_ioapic(free, 2, 0), seL4_NoError);
    CHECK_EQ(get_ioapic(free + 1, 3, 0), seL4_RevokeFirst);
    CHECK_EQ(k->irq_state[irq_user_min], IRQSignal);
    /* the last handler cap goes: the vector is inactive and masked again */
    CHECK_EQ(cnode_op(CNodeDelete, free, 0, NULL, 0), seL4_NoError);
    CHECK_EQ(k->irq_state[irq_user_min], IRQInactive);
    CHECK(k->ioapic[2].masked);
    CHECK_EQ(get_ioapic(free + 1, 3, 0), seL4_NoError);
}

static uint32_t last_port, last_size, last_value, io_outs;

static uint32_t record_in(void *ctx, uint16_t port, unsigned size)
{
    last_port = port;
    last_size = size;
    return 0xabcdef12;
}

static void record_out(void *ctx, uint16_t port, unsigned size, uint32_t value)
{
    last_port = port;
    last_size = size;
    last_value = value;
    io_outs++;
}

static void test_io_ports(void)
{
    static const struct kernel_platform io_plat = {
        .write = harness_console_write, .halt = halt, .io_in = record_in, .io_out = record_out
    };
    harness_boot(&io_plat);
    io_outs = 0;
    word_t free = bootinfo()->empty.start;
    word_t w[] = { 0x40, 0x43, free, 64 };
    cptr_t c[] = { seL4_CapInitThreadCNode };
    CHECK_EQ(call(seL4_CapIOPortControl, X86IOPortControlIssue, 4, w, 1, c), seL4_NoError);
    CHECK_EQ(cap_type(root_slot(free)->cap), cap_io_port_cap);
    w[2] = free + 1;
    CHECK_EQ(call(seL4_CapIOPortControl, X86IOPortControlIssue, 4, w, 1, c), seL4_RevokeFirst);

    word_t out[] = { 0x43, 0x1234 };
    CHECK_EQ(call(free, X86IOPortOut8, 2, out, 0, NULL), seL4_NoError);
    CHECK_EQ(io_outs, 1);
    CHECK_EQ(last_port, 0x43);
    CHECK_EQ(last_value, 0x34); /* only the access's width */
    word_t in[] = { 0x42 };
    CHECK_EQ(call(free, X86IOPortIn16, 1, in, 0, NULL), 0);
    CHECK_EQ(last_size, 2);
    CHECK_EQ(mr(0), 0xef12);
    in[0] = 0x43;
    CHECK_EQ(call(free, X86IOPortIn16, 1, in, 0, NULL), seL4_IllegalOperation);
    out[0] = 0x44;
    CHECK_EQ(call(free, X86IOPortOut8, 2, out, 0, NULL), seL4_IllegalOperation);
    CHECK_EQ(io_outs, 1);
    /* the range's last cap goes: its ports are free again */
    CHECK_EQ(cnode_op(CNodeDelete, free, 0, NULL, 0), seL4_NoError);
    CHECK_EQ(k->allocated_io_ports[0x40 / 64] & (0xful << (0x40 % 64)), 0);
    CHECK_EQ(call(seL4_CapIOPortControl, X86IOPortControlIssue, 4, w, 1, c), seL4_NoError);
}

static void test_boot_image(void)
{
    /* Text at 0x400000 (one page and a bit), data at 0x402800 with bss: frames in address order. */
    static uint8_t text[4200], data[100];
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (uint8_t)i;
    memset(data, 0xab, sizeof(data));
    struct kernel_image_segment segs[] = {
        { .vaddr = 0x400000, .mem_size = sizeof(text), .data = text, .file_size = sizeof(text), .executable = true },
        { .vaddr = 0x402800, .mem_size = 0x1000, .data = data, .file_size = sizeof(data), .writable = true },
    };
    const char *why;
    struct kernel_boot_params p = { .ram = ram, .ram_paddr = RAM_PADDR, .ram_size = RAM_SIZE,
                                    .image = segs, .image_segments = 2, .entry = 0x400123,
                                    .root_name = "rootserver", .plat = &plat };
    memset(ram, 0, RAM_SIZE);
    CHECK_EQ(kernel_boot(k, &p, &boot, &why), 0);
    seL4_BootInfo *bi = bootinfo();
    CHECK_EQ(boot.ipc_buffer, 0x404000);
    CHECK_EQ(boot.bootinfo, 0x405000);
    CHECK_EQ(bi->userImageFrames.end - bi->userImageFrames.start, 4);
    CHECK_EQ(bi->userImagePaging.start, seL4_NumInitialCaps);
    CHECK_EQ(bi->extraBIPages.start, bi->userImagePaging.end); /* as seL4: paging, extra bootinfo, frames */
    CHECK_EQ(bi->extraBIPages.end, bi->extraBIPages.start + 1);
    CHECK_EQ(bi->userImageFrames.start, bi->extraBIPages.end);
    CHECK_EQ(bi->userImagePaging.end - bi->userImagePaging.start, 3);
    cap_t f1 = root_slot(bi->userImageFrames.start + 1)->cap;
    CHECK_EQ(cap_type(f1), cap_frame_cap);
    CHECK_EQ(f1.frame.mapped_addr, 0x401000);
    uint8_t *page1 = ptr_from_paddr(k, f1.frame.base);
    CHECK_EQ(page1[0], (uint8_t)4096);
    CHECK_EQ(page1[4199 - 4096], (uint8_t)4199);
    CHECK_EQ(page1[4200 - 4096], 0);
    uint8_t *page2 = ptr_from_paddr(k, root_slot(bi->userImageFrames.start + 2)->cap.frame.base);
    CHECK_EQ(page2[0x800], 0xab);
    CHECK_EQ(page2[0x800 + 100], 0);
    CHECK_EQ(boot.root->regs[CTX_NEXT_IP], 0x400123);
    CHECK_EQ(boot.root->regs[CTX_RDI], 0x405000);
    CHECK_EQ(boot.root->ipc_buffer, 0x404000);

    /* An image larger than RAM is refused with a reason. */
    segs[1].mem_size = RAM_SIZE * 2;
    CHECK_EQ(kernel_boot(k, &p, &boot, &why), -1);
    CHECK(strstr(why, "RAM too small") != NULL);
}

/* ---- the syscall trace (api/trace.c) ---- */

static char traced[16384];
static size_t traced_len;

static void trace_capture(void *ctx, const char *buf, size_t len)
{
    if (traced_len + len < sizeof(traced)) {
        memcpy(traced + traced_len, buf, len);
        traced_len += len;
        traced[traced_len] = '\0';
    }
}

static const struct kernel_platform traced_plat = {
    .write = harness_console_write, .halt = halt, .trace_write = trace_capture
};

/* Boots again with the trace on, filtered by spec; exits if the spec does not parse. */
static void trace_boot(const char *spec)
{
    static struct kernel_trace_config cfg;
    char why[256];
    if (kernel_trace_parse(spec, &cfg, why, sizeof(why)) != 0) {
        printf("  bad trace spec %s: %s\n", spec, why);
        exit(1);
    }
    harness_trace = &cfg;
    harness_boot(&traced_plat);
    harness_trace = NULL;
    traced_len = 0;
    traced[0] = '\0';
}

static void trace_clear(void)
{
    traced_len = 0;
    traced[0] = '\0';
}

/* Line n (from 0) of the trace, without its newline; "" past the end. */
static const char *trace_line(int n)
{
    static char line[1100];
    const char *p = traced;
    for (; n > 0 && p; n--) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (!p || !*p)
        return "";
    size_t len = strcspn(p, "\n");
    snprintf(line, sizeof(line), "%.*s", (int)len, p);
    return line;
}

static int trace_lines(void)
{
    int n = 0;
    for (const char *p = traced; *p; p++)
        n += *p == '\n';
    return n;
}

#define CHECK_LINE(n, ...)                                                                           \
    do {                                                                                             \
        char want_[1100];                                                                            \
        snprintf(want_, sizeof(want_), __VA_ARGS__);                                                 \
        if (strcmp(trace_line(n), want_) != 0) {                                                     \
            printf("  %s:%d: trace line %d is\n    %s\n  expected\n    %s\n", __FILE__, __LINE__, n, \
                   trace_line(n), want_);                                                            \
            current_failed = 1;                                                                      \
            return;                                                                                  \
        }                                                                                            \
    } while (0)

static void test_trace_parse(void)
{
    struct kernel_trace_config c;
    char why[256];
    CHECK_EQ(kernel_trace_parse("", &c, why, sizeof(why)), 0);
    CHECK(!c.on);
    CHECK_EQ(kernel_trace_parse("0", &c, why, sizeof(why)), 0);
    CHECK(!c.on);
    CHECK_EQ(kernel_trace_parse("1", &c, why, sizeof(why)), 0);
    CHECK(c.on && !c.errors_only && !c.putchar && !c.objects && !c.nthreads);
    CHECK_EQ(kernel_trace_parse("errors,thread=a b,thread=c,object=cnode,object=tcb,putchar", &c, why, sizeof(why)), 0);
    CHECK(c.on && c.errors_only && c.putchar);
    CHECK_EQ(c.nthreads, 2);
    CHECK(strcmp(c.threads[0], "a b") == 0 && strcmp(c.threads[1], "c") == 0);
    CHECK_EQ(c.objects, (1u << TRACE_CNODE) | (1u << TRACE_TCB));
    CHECK_EQ(kernel_trace_parse("errors,bogus", &c, why, sizeof(why)), -1);
    CHECK(!c.on);
    CHECK(strcmp(why, "unknown filter 'bogus' (use 1, all, errors, putchar, thread=NAME, object=KIND)") == 0);
    CHECK_EQ(kernel_trace_parse("object=pipe", &c, why, sizeof(why)), -1);
    CHECK(strncmp(why, "unknown object kind 'pipe' (kinds: endpoint, ", 45) == 0);
    CHECK_EQ(kernel_trace_parse("thread=", &c, why, sizeof(why)), -1);
    CHECK_EQ(kernel_trace_parse("thread=1,thread=2,thread=3,thread=4,thread=5,thread=6,thread=7,thread=8,thread=9",
                                &c, why, sizeof(why)), -1);
    CHECK(strcmp(why, "at most 8 thread= filters") == 0);
}

/* No trace_write hook: no tracing, whatever the configuration says. */
static void test_trace_needs_hook(void)
{
    struct kernel_trace_config cfg = { .on = true };
    harness_trace = &cfg;
    harness_boot(&plat);
    harness_trace = NULL;
    CHECK(!k->tracing);
    trace_boot("1");
    CHECK(k->tracing);
}

static void test_trace_invocations(void)
{
    trace_boot("1");
    int bits;
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(&bits);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    word_t mint[] = { f, 64, 0xf, 0x99 };
    CHECK_EQ(cnode_op(CNodeMint, f + 1, 4, mint, 1), seL4_NoError);
    CHECK_EQ(cnode_op(CNodeMint, f + 1, 4, mint, 1), seL4_DeleteFirst);
    word_t w[] = { f, 13 };
    CHECK_EQ(call(seL4_CapInitThreadCNode, CNodeDelete, 2, w, 0, NULL), seL4_FailedLookup);
    CHECK_EQ(retype(f + 5, seL4_EndpointObject, 0, f + 2, 1), seL4_InvalidCapability);
    boot.root->regs[CTX_RDI] = f + 1;
    kernel_syscall(k, (word_t)seL4_SysDebugCapIdentify);
    word_t w2[] = { 0, 64 };
    call(1ul << 63, CNodeDelete, 2, w2, 0, NULL);

    CHECK_EQ(trace_lines(), 7);
    CHECK_LINE(0, "[rootserver] seL4_Untyped_Retype(service=0x%lx Untyped 2^%d, type=seL4_EndpointObject, size_bits=0, "
                  "root=0x2 CNode, node_index=0x0, node_depth=0, node_offset=0x%lx, num_objects=1) = seL4_NoError",
               ut, bits, f);
    CHECK_LINE(1, "[rootserver] seL4_CNode_Mint(service=0x2 CNode, dest_index=0x%lx, dest_depth=64, src_root=0x2 CNode, "
                  "src_index=0x%lx, src_depth=64, rights=RWGP, badge=0x99) = seL4_NoError", f + 1, f);
    CHECK_LINE(2, "[rootserver] seL4_CNode_Mint(service=0x2 CNode, dest_index=0x%lx, dest_depth=64, src_root=0x2 CNode, "
                  "src_index=0x%lx, src_depth=64, rights=RWGP, badge=0x99) = seL4_DeleteFirst (8)", f + 1, f);
    CHECK_LINE(3, "[rootserver] seL4_CNode_Delete(service=0x2 CNode, index=0x%lx, depth=13) = seL4_FailedLookup (6): "
                  "destination, guard mismatch, 13 bits left, guard 0x0 of 51 bits found", f);
    CHECK_LINE(4, "[rootserver] seL4_Untyped_Retype(service=0x%lx null, type=seL4_EndpointObject, size_bits=0, root=0x2 "
                  "CNode, node_index=0x0, node_depth=0, node_offset=0x%lx, num_objects=1) = seL4_InvalidCapability (2): "
                  "cap 0 (service)", f + 5, f + 2);
    CHECK_LINE(5, "[rootserver] seL4_DebugCapIdentify(0x%lx Endpoint badge=0x99 rights=RWGP) = 4 (Endpoint)", f + 1);
    CHECK_LINE(6, "[rootserver] seL4_CNode_Delete(service=0x8000000000000000 invalid, index=0x0, depth=64) = CapFault: "
                  "send phase, address 0x8000000000000000, guard mismatch, 64 bits left, guard 0x0 of 51 bits found "
                  "(no fault handler: thread stopped)");
}

/* A blocked call is <unfinished ...>; the thread's results follow when it runs again. */
static void test_trace_ipc_unfinished_and_resumed(void)
{
    trace_boot("1");
    word_t f = bootinfo()->empty.start;
    CHECK_EQ(retype(ram_untyped(NULL), seL4_EndpointObject, 0, f, 1), seL4_NoError);
    tcb_t *t = make_thread(f + 1, 100), *root = boot.root;
    CHECK(t);
    trace_clear();
    set_msg(root, f, 0, 0, 0);
    SYS(root, seL4_SysRecv);
    set_msg(t, f, 0x123, 2, 0);
    t->regs[CTX_R10] = 10, t->regs[CTX_R8] = 11;
    SYS(t, seL4_SysSend);
    CHECK_EQ(trace_lines(), 3);
    CHECK_LINE(0, "[rootserver] seL4_Recv(0x%lx Endpoint rights=RWGP) <unfinished ...>", f);
    CHECK_LINE(1, "[child of: 'rootserver'] seL4_Send(0x%lx Endpoint rights=RWGP, info=label 0x123 len 2 caps 0, "
                  "mrs=[0xa, 0xb])", f);
    CHECK_LINE(2, "[rootserver] <... seL4_Recv resumed> = badge=0x0, info=label 0x123 len 2 caps 0, mrs=[0xa, 0xb]");

    /* A caller suspended and resumed while it waits for the reply: the call restarts. */
    set_msg(root, f, 0, 0, 0);
    SYS(root, seL4_SysRecv);
    set_msg(t, f, 5, 0, 0);
    SYS(t, seL4_SysCall); /* the root takes it and runs */
    trace_clear();
    CHECK_EQ(call(f + 1, TCBSuspend, 0, NULL, 0, NULL), seL4_NoError);
    CHECK_EQ(call(f + 1, TCBResume, 0, NULL, 0, NULL), seL4_NoError);
    set_msg(root, f, 0, 0, 0);
    SYS(root, seL4_SysRecv);
    CHECK_EQ(trace_lines(), 4);
    CHECK_LINE(0, "[rootserver] seL4_TCB_Suspend(service=0x%lx TCB \"child of: 'rootserver'\") = seL4_NoError", f + 1);
    CHECK_LINE(2, "[rootserver] seL4_Recv(0x%lx Endpoint rights=RWGP) <unfinished ...>", f);
    CHECK_LINE(3, "[child of: 'rootserver'] <... seL4_Call resumed> = ? (restarted)");
}

/* seL4_Reply and ReplyRecv, and a fault outside a syscall. */
static void test_trace_reply_and_vm_fault(void)
{
    trace_boot("1");
    word_t f = bootinfo()->empty.start;
    CHECK_EQ(retype(ram_untyped(NULL), seL4_EndpointObject, 0, f, 1), seL4_NoError);
    tcb_t *t = make_thread(f + 1, 100), *root = boot.root;
    CHECK(t);
    set_msg(root, f, 0, 0, 0);
    SYS(root, seL4_SysRecv);
    trace_clear();
    set_msg(t, f, 7, 1, 0);
    t->regs[CTX_R10] = 41;
    SYS(t, seL4_SysCall);
    set_msg(root, f, 0, 1, 0);
    root->regs[CTX_R10] = 42;
    SYS(root, seL4_SysReplyRecv);
    CHECK_EQ(trace_lines(), 4);
    CHECK_LINE(0, "[child of: 'rootserver'] seL4_Call(0x%lx Endpoint rights=RWGP, info=label 0x7 len 1 caps 0, "
                  "mrs=[0x29]) <unfinished ...>", f);
    CHECK_LINE(1, "[rootserver] <... seL4_Recv resumed> = badge=0x0, info=label 0x7 len 1 caps 0, mrs=[0x29]");
    CHECK_LINE(2, "[rootserver] seL4_ReplyRecv(0x%lx Endpoint rights=RWGP, info=label 0x0 len 1 caps 0, mrs=[0x2a]) "
                  "<unfinished ...>", f);
    CHECK_LINE(3, "[child of: 'rootserver'] <... seL4_Call resumed> = info=label 0x0 len 1 caps 0, mrs=[0x2a]");
    trace_clear();
    t->regs[CTX_RIP] = 0x401000;
    kernel_vm_fault(k, 0x1234, 6, false);
    CHECK_LINE(0, "[child of: 'rootserver'] --- VMFault: data access at 0x1234, fsr 0x6 at ip 0x401000 ---");
}

static void test_trace_unknown_syscall(void)
{
    trace_boot("errors");
    kernel_syscall(k, 42);
    CHECK_EQ(trace_lines(), 1);
    CHECK_LINE(0, "[rootserver] syscall(42) = UnknownSyscall: syscall 42 (no fault handler: thread stopped)");
}

static void test_trace_filters(void)
{
    /* errors: only failing calls; no unfinished lines. */
    trace_boot("errors");
    word_t f = bootinfo()->empty.start;
    cptr_t ut = ram_untyped(NULL);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    CHECK_EQ(retype(ut, 77, 0, f + 1, 1), seL4_InvalidArgument);
    set_msg(boot.root, f, 0, 0, 0);
    kernel_syscall(k, (word_t)seL4_SysRecv);
    CHECK_EQ(trace_lines(), 1);
    CHECK_LINE(0, "[rootserver] seL4_Untyped_Retype(service=0x%lx Untyped 2^%d, type=77, size_bits=0, root=0x2 CNode, "
                  "node_index=0x0, node_depth=0, node_offset=0x%lx, num_objects=1) = seL4_InvalidArgument (1): "
                  "argument 0 (type)", ut, (int)root_slot(ut)->cap.untyped.size_bits, f + 1);

    /* object=: by the invoked cap's kind. */
    trace_boot("object=cnode");
    word_t mint[] = { f, 64, 0xf, 0x5 };
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    CHECK_EQ(cnode_op(CNodeMint, f + 1, 4, mint, 1), seL4_NoError);
    CHECK_EQ(trace_lines(), 1);
    CHECK(strncmp(trace_line(0), "[rootserver] seL4_CNode_Mint(", 29) == 0);

    /* thread=: by name; others are not traced at all. */
    trace_boot("thread=nobody");
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    CHECK_EQ(trace_lines(), 0);
    trace_boot("thread=nobody,thread=rootserver,object=untyped");
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, f, 1), seL4_NoError);
    CHECK_EQ(cnode_op(CNodeMint, f + 1, 4, mint, 1), seL4_NoError);
    CHECK_EQ(trace_lines(), 1);

    /* putchar: off by default. */
    boot.root->regs[CTX_RDI] = 'x';
    kernel_syscall(k, (word_t)seL4_SysDebugPutChar);
    CHECK_EQ(trace_lines(), 1);
    trace_boot("putchar");
    boot.root->regs[CTX_RDI] = '\n';
    kernel_syscall(k, (word_t)seL4_SysDebugPutChar);
    CHECK_LINE(0, "[rootserver] seL4_DebugPutChar('\\n')");
}

int main(void)
{
    RUN(test_printf);
    RUN(test_boot_initial_caps);
    RUN(test_boot_bootinfo);
    RUN(test_resolve_guards);
    RUN(test_retype_endpoint_and_identify);
    RUN(test_retype_alignment_and_watermark);
    RUN(test_retype_errors);
    RUN(test_mint_badge_and_revoke);
    RUN(test_delete_nested_cnodes);
    RUN(test_dump_cspace_nested);
    RUN(test_dump_far_parent);
    RUN(test_rotate);
    RUN(test_failed_lookup_registers);
    RUN(test_invalid_cap_faults);
    RUN(test_debug_calls);
    RUN(test_unknown_syscall_faults);
    RUN(test_page_get_address);
    RUN(test_ipc_send_recv_badge_and_long_message);
    RUN(test_ipc_call_reply_and_save_caller);
    RUN(test_cap_transfer_and_unwrap);
    RUN(test_fault_to_handler_and_restart);
    RUN(test_round_robin_and_yield);
    RUN(test_invariants_catch_corruption);
    RUN(test_invariants_unreachable_but_live);
    RUN(test_invariants_zombie_left_in_its_tcb);
    RUN(test_boot_image);
    RUN(test_irq_signal_mask_ack);
    RUN(test_irq_control_errors);
    RUN(test_io_ports);
    RUN(test_trace_parse);
    RUN(test_trace_needs_hook);
    RUN(test_trace_invocations);
    RUN(test_trace_ipc_unfinished_and_resumed);
    RUN(test_trace_reply_and_vm_fault);
    RUN(test_trace_unknown_syscall);
    RUN(test_trace_filters);
    return harness_finish("unit");
}
