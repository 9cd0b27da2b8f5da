/*
 * spawn_pingpong: a root task that starts two child processes the seL4 way
 * and lets them play ping-pong over an endpoint while both count the
 * messages in a frame they share.
 *
 * Everything is plain libsel4 (no helper library), as it would be on real
 * seL4: for each child the root task
 *
 *   1. makes a VSpace: a PML4 with an ASID from seL4_CapInitThreadASIDPool;
 *   2. loads the child's ELF image (embedded in this program): for every
 *      page its PT_LOAD segments touch, a frame that the root maps at a
 *      scratch address of its own, fills with the segments' bytes, unmaps,
 *      and maps into the child's VSpace (read-only unless a segment on the
 *      page is writable), creating the PDPT, page directory and page tables
 *      the mappings need;
 *   3. maps an IPC buffer, a stack and the shared counter frame;
 *   4. makes a CSpace: a 16-slot CNode with a 60-bit guard (so any cptr
 *      resolves at depth 64) holding the child's own TCB at slot 1 and the
 *      endpoint (and, for ping, a notification) from slot 2 on;
 *   5. configures a TCB with that CSpace, VSpace and IPC buffer, writes its
 *      registers as sel4emu's runtime expects (rip = entry, rsp = stack top,
 *      rdi = IPC buffer, rsi = argument) and resumes it.
 *
 * Under sel4emu each child runs in a Linux process of its own, with its
 * system calls trapped; the endpoint and the frame work across them as on
 * seL4. Output goes through seL4_DebugPutChar (no libc), so the same source
 * builds in API mode (build/examples/spawn_pingpong) and as a static seL4
 * root task (build/examples/native_spawn_pingpong, for `sel4emu run` in ABI
 * mode):
 *
 *   build/sel4emu run build/examples/spawn_pingpong
 *   root: spawned ping and pong (two VSpaces, one endpoint, one shared frame)
 *   ping 1  (shared counter 1)
 *     pong 1  (shared counter 2)
 *   ...
 *   root: ping finished 5 rounds; the shared counter says 10
 */
#include <sel4/sel4.h>
#include <sel4/arch/mapping.h> /* seL4_MappingFailedLookupLevel */
#include <sel4runtime.h>

#include <stdbool.h>

#include "pingpong.h"

#define ROUNDS 5

/* The child image (pingpong_child.c), linked at 0x10000000, as bytes. */
extern const unsigned char pingpong_child_elf[], pingpong_child_elf_end[];

/* Where things go in a child's VSpace (besides its image and the counter). */
#define CHILD_IPC_BUFFER 0x20000000ul
#define CHILD_STACK_TOP 0x20100000ul
#define CHILD_STACK_PAGES 4
#define CHILD_CNODE_BITS 4
#define CHILD_PRIO 100

/* Where the root maps frames of its own: image frames while it fills them,
 * and its view of the shared counter. */
#define ROOT_SCRATCH 0x300000000000ul
#define ROOT_COUNTER (ROOT_SCRATCH + 0x1000ul)

#define PAGE 0x1000ul

/* Prints what failed; false on failure. */
static bool ok(seL4_Error err, const char *what)
{
    if (err == seL4_NoError)
        return true;
    print("spawn_pingpong: ");
    print(what);
    print(" failed with seL4 error ");
    print_num(err);
    print("\n");
    return false;
}

/* ---- objects: retyped from one untyped into consecutive free slots ---- */

static seL4_CPtr untyped, next_slot;

static seL4_CPtr alloc(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = next_slot++;
    if (!ok(seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1), "Retype"))
        return 0;
    return slot;
}

/* Maps frame at vaddr in vspace, creating each missing paging level (the
 * failed Map says which: 39 bits left a PDPT, 30 a page directory, 21 a
 * page table). */
static bool map_frame(seL4_CPtr vspace, seL4_CPtr frame, seL4_Word vaddr, seL4_CapRights_t rights)
{
    for (;;) {
        seL4_Error err = seL4_X86_Page_Map(frame, vspace, vaddr, rights, seL4_X86_Default_VMAttributes);
        if (err != seL4_FailedLookup)
            return ok(err, "Page_Map");
        seL4_Word level = seL4_MappingFailedLookupLevel();
        seL4_CPtr table;
        if (level == SEL4_MAPPING_LOOKUP_NO_PDPT) {
            if (!(table = alloc(seL4_X86_PDPTObject, 0)) ||
                !ok(seL4_X86_PDPT_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes), "PDPT_Map"))
                return false;
        } else if (level == SEL4_MAPPING_LOOKUP_NO_PD) {
            if (!(table = alloc(seL4_X86_PageDirectoryObject, 0)) ||
                !ok(seL4_X86_PageDirectory_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes),
                    "PageDirectory_Map"))
                return false;
        } else {
            if (!(table = alloc(seL4_X86_PageTableObject, 0)) ||
                !ok(seL4_X86_PageTable_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes),
                    "PageTable_Map"))
                return false;
        }
    }
}

/* ---- the child's ELF image: a small, careful PT_LOAD reader ---- */

#define MAX_SEGMENTS 8
struct segment {
    seL4_Word vaddr, memsz, offset, filesz, writable;
};

static seL4_Word field(const unsigned char *p, int bytes) /* little-endian, any alignment */
{
    seL4_Word v = 0;
    while (bytes--)
        v = (v << 8) | p[bytes];
    return v;
}

/* The PT_LOAD segments of a static x86_64 executable; their count, 0 if the
 * image is not one we can load. */
static int read_elf(const unsigned char *elf, seL4_Word size, struct segment *seg, seL4_Word *entry)
{
    if (size < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 ||
        elf[5] != 1 || field(elf + 16, 2) != 2 /* ET_EXEC */ || field(elf + 18, 2) != 62 /* x86_64 */)
        return 0;
    seL4_Word phoff = field(elf + 32, 8), phnum = field(elf + 56, 2);
    if (field(elf + 54, 2) != 56 || phoff > size || phnum > (size - phoff) / 56)
        return 0;
    int n = 0;
    for (seL4_Word i = 0; i < phnum; i++) {
        const unsigned char *ph = elf + phoff + i * 56;
        if (field(ph, 4) != 1 /* PT_LOAD */ || field(ph + 40, 8) == 0)
            continue;
        struct segment s = {
            .vaddr = field(ph + 16, 8),
            .memsz = field(ph + 40, 8),
            .offset = field(ph + 8, 8),
            .filesz = field(ph + 32, 8),
            .writable = field(ph + 4, 4) & 2, /* PF_W */
        };
        /* in the file, in the children's image window [0x10000000, 0x20000000) */
        if (n == MAX_SEGMENTS || s.filesz > s.memsz || s.offset > size || s.filesz > size - s.offset ||
            s.vaddr < 0x10000000ul || s.vaddr >= 0x20000000ul || s.memsz > 0x20000000ul - s.vaddr)
            return 0;
        seg[n++] = s;
    }
    *entry = field(elf + 24, 8);
    return n;
}

/* One page of the image: a frame filled through the root's scratch mapping,
 * then mapped into the child (writable if any segment on it is). */
static bool load_page(seL4_CPtr vspace, const unsigned char *elf, const struct segment *seg, int n,
                      seL4_Word page)
{
    bool used = false, writable = false;
    for (int i = 0; i < n; i++) {
        if (seg[i].vaddr < page + PAGE && page < seg[i].vaddr + seg[i].memsz) {
            used = true;
            writable |= seg[i].writable != 0;
        }
    }
    if (!used)
        return true;
    seL4_CPtr frame = alloc(seL4_X86_4K, 0);
    if (!frame || !map_frame(seL4_CapInitThreadVSpace, frame, ROOT_SCRATCH, seL4_ReadWrite))
        return false;
    volatile unsigned char *dst = (volatile unsigned char *)ROOT_SCRATCH;
    for (seL4_Word i = 0; i < PAGE; i++)
        dst[i] = 0;
    for (int i = 0; i < n; i++) {
        seL4_Word from = seg[i].vaddr > page ? seg[i].vaddr : page;
        seL4_Word to = seg[i].vaddr + seg[i].filesz < page + PAGE ? seg[i].vaddr + seg[i].filesz : page + PAGE;
        for (seL4_Word v = from; v < to; v++)
            dst[v - page] = elf[seg[i].offset + (v - seg[i].vaddr)];
    }
    return ok(seL4_X86_Page_Unmap(frame), "Page_Unmap") &&
           map_frame(vspace, frame, page, writable ? seL4_ReadWrite : seL4_CanRead);
}

/* ---- spawning ---- */

/* Starts a child: its image, the shared counter frame (a copy of the
 * root's cap), the caps for slots 2 and up, the argument. */
static bool spawn(const char *name, seL4_CPtr counter, const seL4_CPtr *caps, int ncaps, seL4_Word arg)
{
    const unsigned char *elf = pingpong_child_elf;
    struct segment seg[MAX_SEGMENTS];
    seL4_Word entry;
    int n = read_elf(elf, (seL4_Word)(pingpong_child_elf_end - pingpong_child_elf), seg, &entry);
    if (!n) {
        print("spawn_pingpong: the child image is not a static x86_64 executable for 0x10000000\n");
        return false;
    }

    /* 1. VSpace */
    seL4_CPtr vspace = alloc(seL4_X64_PML4Object, 0);
    if (!vspace || !ok(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vspace), "ASIDPool_Assign"))
        return false;

    /* 2. image */
    for (int i = 0; i < n; i++) {
        for (seL4_Word page = seg[i].vaddr & ~(PAGE - 1); page < seg[i].vaddr + seg[i].memsz; page += PAGE) {
            bool done_before = false; /* a page shared with an earlier segment is loaded already */
            for (int j = 0; j < i; j++)
                done_before |= seg[j].vaddr < page + PAGE && page < seg[j].vaddr + seg[j].memsz;
            if (!done_before && !load_page(vspace, elf, seg, n, page))
                return false;
        }
    }

    /* 3. IPC buffer, stack, shared counter */
    seL4_CPtr ipc = alloc(seL4_X86_4K, 0);
    if (!ipc || !map_frame(vspace, ipc, CHILD_IPC_BUFFER, seL4_ReadWrite))
        return false;
    for (seL4_Word i = 1; i <= CHILD_STACK_PAGES; i++) {
        seL4_CPtr stack = alloc(seL4_X86_4K, 0);
        if (!stack || !map_frame(vspace, stack, CHILD_STACK_TOP - i * PAGE, seL4_ReadWrite))
            return false;
    }
    seL4_CPtr counter_copy = next_slot++; /* a frame cap maps once: the child gets a copy */
    if (!ok(seL4_CNode_Copy(seL4_CapInitThreadCNode, counter_copy, seL4_WordBits, seL4_CapInitThreadCNode,
                            counter, seL4_WordBits, seL4_AllRights), "CNode_Copy") ||
        !map_frame(vspace, counter_copy, PP_SHARED_COUNTER, seL4_ReadWrite))
        return false;

    /* 4. CSpace: the guard takes the 60 bits above the 4-bit index */
    seL4_CPtr tcb = alloc(seL4_TCBObject, 0);
    seL4_CPtr cnode = alloc(seL4_CapTableObject, CHILD_CNODE_BITS);
    seL4_CPtr cspace = next_slot++;
    if (!tcb || !cnode ||
        !ok(seL4_CNode_Mint(seL4_CapInitThreadCNode, cspace, seL4_WordBits, seL4_CapInitThreadCNode, cnode,
                            seL4_WordBits, seL4_AllRights,
                            seL4_CNode_CapData_new(0, seL4_WordBits - CHILD_CNODE_BITS).words[0]),
            "CNode_Mint") ||
        !ok(seL4_CNode_Copy(cspace, 1, seL4_WordBits, seL4_CapInitThreadCNode, tcb, seL4_WordBits,
                            seL4_AllRights), "CNode_Copy"))
        return false;
    for (int i = 0; i < ncaps; i++) {
        if (!ok(seL4_CNode_Copy(cspace, PP_SLOT_EP + i, seL4_WordBits, seL4_CapInitThreadCNode, caps[i],
                                seL4_WordBits, seL4_AllRights), "CNode_Copy"))
            return false;
    }

    /* 5. the thread */
    seL4_UserContext regs = {
        .rip = entry,
        .rsp = CHILD_STACK_TOP,
        .rdi = CHILD_IPC_BUFFER,
        .rsi = arg,
    };
    if (!ok(seL4_TCB_Configure(tcb, 0, cspace, 0, vspace, 0, CHILD_IPC_BUFFER, ipc), "TCB_Configure") ||
        !ok(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, CHILD_PRIO), "TCB_SetPriority"))
        return false;
    seL4_DebugNameThread(tcb, name);
    return ok(seL4_TCB_WriteRegisters(tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs), "WriteRegisters");
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();

    /* the smallest RAM untyped of at least 4 MiB is plenty */
    seL4_Word bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (!d->isDevice && d->sizeBits >= 22 && (!untyped || d->sizeBits < bits)) {
            untyped = bi->untyped.start + i;
            bits = d->sizeBits;
        }
    }
    next_slot = bi->empty.start;
    if (!untyped) {
        print("spawn_pingpong: no RAM untyped of 4 MiB\n");
        return 1;
    }

    seL4_CPtr ep = alloc(seL4_EndpointObject, 0);
    seL4_CPtr done = alloc(seL4_NotificationObject, 0);
    seL4_CPtr counter = alloc(seL4_X86_4K, 0);
    if (!ep || !done || !counter || !map_frame(seL4_CapInitThreadVSpace, counter, ROOT_COUNTER, seL4_ReadWrite))
        return 1;

    const seL4_CPtr ping_caps[] = {ep, done}, pong_caps[] = {ep};
    if (!spawn("pong", counter, pong_caps, 1, PP_ARG(PP_PONG, 0)) ||
        !spawn("ping", counter, ping_caps, 2, PP_ARG(PP_PING, ROUNDS)))
        return 1;
    print("root: spawned ping and pong (two VSpaces, one endpoint, one shared frame)\n");

    /* the children run below the root's priority: wait for ping to finish */
    seL4_Wait(done, NULL);
    seL4_Word count = *(volatile seL4_Word *)ROOT_COUNTER;
    print("root: ping finished ");
    print_num(ROUNDS);
    print(" rounds; the shared counter says ");
    print_num(count);
    print("\n");
    return count == 2 * ROUNDS ? 0 : 1;
}
