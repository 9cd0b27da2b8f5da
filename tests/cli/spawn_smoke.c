/*
 * A second address space built by hand: a PML4 with an ASID, paging objects,
 * one frame of raw x86_64 code at 0x10000000, a CSpace holding a badged
 * notification, and a TCB. The code prints "child\n" with seL4_DebugPutChar,
 * signals the notification and yields forever. The root waits for the
 * signal: the child runs in a process of its own (ps shows two).
 * With the argument "wait" the root then blocks for good; with "halt" it
 * does too, and the child calls seL4_DebugHalt instead of yielding.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define CHILD_CODE 0x10000000ul
#define SCRATCH 0x320000000000ul

static const unsigned char code[] = {
#define PUTC(c) 0x48, 0xc7, 0xc7, (c), 0, 0, 0, /* mov $c, %rdi */ \
                0x48, 0xc7, 0xc2, 0xf7, 0xff, 0xff, 0xff, /* mov $-9, %rdx */ \
                0x0f, 0x05 /* syscall */
    PUTC('c'), PUTC('h'), PUTC('i'), PUTC('l'), PUTC('d'), PUTC('\n'),
    0x48, 0xc7, 0xc7, 0x02, 0, 0, 0,          /* mov $2, %rdi: the notification's slot */
    0x48, 0xc7, 0xc6, 0x01, 0, 0, 0,          /* mov $1, %rsi: seL4_MessageInfo_new(0,0,0,1) */
    0x48, 0xc7, 0xc2, 0xfd, 0xff, 0xff, 0xff, /* mov $-3, %rdx: seL4_SysSend */
    0x0f, 0x05,                               /* syscall */
    0x48, 0xc7, 0xc2, 0xf9, 0xff, 0xff, 0xff, /* 1: mov $-7, %rdx: seL4_SysYield */
    0x0f, 0x05,                               /* syscall */
    0xeb, 0xf5,                               /* jmp 1b */
};

/* The low byte of the loop's syscall number: after six PUTCs, three movs, a syscall and an opcode. */
#define LOOP_SYSCALL (6 * 16 + 3 * 7 + 2 + 3)

static seL4_CPtr slot, ut;

static seL4_CPtr make(seL4_Word type, seL4_Word size)
{
    seL4_Error e = seL4_Untyped_Retype(ut, type, size, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (e) {
        printf("retype of type %lu failed: %d\n", type, e);
        seL4_DebugHalt();
    }
    return slot++;
}

static void check(const char *what, seL4_Error e)
{
    if (e) {
        printf("%s failed: %d\n", what, e);
        seL4_DebugHalt();
    }
}

int main(int argc, char **argv)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    bool halt = argc > 1 && strcmp(argv[1], "halt") == 0;
    bool wait = halt || (argc > 1 && strcmp(argv[1], "wait") == 0);
    slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 22)
            ut = bi->untyped.start + i;

    seL4_CPtr pml4 = make(seL4_X64_PML4Object, 0), pdpt = make(seL4_X86_PDPTObject, 0);
    seL4_CPtr pd = make(seL4_X86_PageDirectoryObject, 0), pt = make(seL4_X86_PageTableObject, 0);
    seL4_CPtr frame = make(seL4_X86_4K, 0), copy = slot++;
    seL4_CPtr cnode = make(seL4_CapTableObject, 2), tcb = make(seL4_TCBObject, 0);
    seL4_CPtr ntfn = make(seL4_NotificationObject, 0);
    check("assign", seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4));

    /* Write the code through a scratch mapping in the root's VSpace. */
    seL4_CPtr spdpt = make(seL4_X86_PDPTObject, 0), spd = make(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr spt = make(seL4_X86_PageTableObject, 0);
    check("scratch pdpt", seL4_X86_PDPT_Map(spdpt, seL4_CapInitThreadVSpace, SCRATCH, seL4_X86_Default_VMAttributes));
    check("scratch pd", seL4_X86_PageDirectory_Map(spd, seL4_CapInitThreadVSpace, SCRATCH, seL4_X86_Default_VMAttributes));
    check("scratch pt", seL4_X86_PageTable_Map(spt, seL4_CapInitThreadVSpace, SCRATCH, seL4_X86_Default_VMAttributes));
    check("scratch map", seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, SCRATCH, seL4_AllRights,
                                           seL4_X86_Default_VMAttributes));
    memcpy((void *)SCRATCH, code, sizeof(code));
    if (halt) {
        if (code[LOOP_SYSCALL] != (unsigned char)seL4_SysYield) {
            printf("spawn_smoke: LOOP_SYSCALL does not point at the loop's syscall number\n");
            return 1;
        }
        ((unsigned char *)SCRATCH)[LOOP_SYSCALL] = (unsigned char)seL4_SysDebugHalt;
    }
    check("copy", seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, 64, seL4_CapInitThreadCNode, frame, 64, seL4_AllRights));

    /* The child's VSpace: the code frame at CHILD_CODE. */
    check("pdpt", seL4_X86_PDPT_Map(pdpt, pml4, CHILD_CODE, seL4_X86_Default_VMAttributes));
    check("pd", seL4_X86_PageDirectory_Map(pd, pml4, CHILD_CODE, seL4_X86_Default_VMAttributes));
    check("pt", seL4_X86_PageTable_Map(pt, pml4, CHILD_CODE, seL4_X86_Default_VMAttributes));
    check("map", seL4_X86_Page_Map(copy, pml4, CHILD_CODE, seL4_AllRights, seL4_X86_Default_VMAttributes));

    /* Its CSpace: 4 slots with a 62-bit guard, slot 2 a badged notification. */
    check("mint", seL4_CNode_Mint(cnode, 2, 2, seL4_CapInitThreadCNode, ntfn, 64, seL4_AllRights, 0x42));
    check("configure", seL4_TCB_Configure(tcb, 0, cnode, seL4_CNode_CapData_new(0, 62).words[0], pml4, 0, 0, 0));
    check("prio", seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100));
    seL4_DebugNameThread(tcb, "child");
    seL4_UserContext regs = { 0 };
    regs.rip = CHILD_CODE;
    check("start", seL4_TCB_WriteRegisters(tcb, 1, 0, 20, &regs));

    seL4_Word badge = 0;
    seL4_Wait(ntfn, &badge);
    printf("root: signalled by the child, badge 0x%lx\n", badge);
    fflush(stdout);
    if (wait)
        seL4_Wait(make(seL4_NotificationObject, 0), NULL); /* nobody signals this */
    return 0;
}
