/*
 * ipc_rt_cross_as_abi, the seL4 side: an unmodified native root task (run
 * by `sel4emu run`, every syscall trapped) calls a server of raw code in
 * another VSpace, which answers with seL4_ReplyRecv (also trapped). It
 * prints the median TSC cycles of one round trip over batches; the driver
 * (abi_driver.c) turns them into nanoseconds next to the floor.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#define BATCHES 31
#define ROUNDS 2000
#define CHILD_CODE 0x10000000ul
#define SCRATCH 0x330000000000ul

static const unsigned char server_code[] = {
    0x48, 0xc7, 0xc7, 0x02, 0, 0, 0,          /* mov $2, %rdi */
    0x48, 0xc7, 0xc2, 0xfb, 0xff, 0xff, 0xff, /* mov $-5, %rdx: seL4_SysRecv */
    0x0f, 0x05,                               /* syscall */
    0x48, 0xc7, 0xc7, 0x02, 0, 0, 0,          /* 1: mov $2, %rdi */
    0x31, 0xf6,                               /* xor %esi, %esi */
    0x48, 0xc7, 0xc2, 0xfe, 0xff, 0xff, 0xff, /* mov $-2, %rdx: seL4_SysReplyRecv */
    0x0f, 0x05,                               /* syscall */
    0xeb, 0xec,                               /* jmp 1b */
};

static seL4_CPtr next_slot, untyped;

static void print(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static void print_number(unsigned long v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        seL4_DebugPutChar(digits[--n]);
}

static seL4_CPtr make(seL4_Word type, seL4_Word size)
{
    seL4_CPtr slot = next_slot++;
    if (seL4_Untyped_Retype(untyped, type, size, seL4_CapInitThreadCNode, 0, 0, slot, 1) != seL4_NoError) {
        print("native-ipc: retype failed\n");
        seL4_DebugHalt();
    }
    return slot;
}

static void map_levels(seL4_CPtr vspace, seL4_Word vaddr)
{
    seL4_X86_PDPT_Map(make(seL4_X86_PDPTObject, 0), vspace, vaddr, seL4_X86_Default_VMAttributes);
    seL4_X86_PageDirectory_Map(make(seL4_X86_PageDirectoryObject, 0), vspace, vaddr, seL4_X86_Default_VMAttributes);
    seL4_X86_PageTable_Map(make(seL4_X86_PageTableObject, 0), vspace, vaddr, seL4_X86_Default_VMAttributes);
}

static inline unsigned long rdtsc(void)
{
    unsigned lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((unsigned long)hi << 32) | lo;
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    unsigned long batch[BATCHES];

    next_slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 22)
            untyped = bi->untyped.start + i;

    seL4_CPtr ep = make(seL4_EndpointObject, 0), pml4 = make(seL4_X64_PML4Object, 0);
    seL4_CPtr frame = make(seL4_X86_4K, 0), copy = next_slot++, cnode = make(seL4_CapTableObject, 2);
    seL4_CPtr tcb = make(seL4_TCBObject, 0);
    seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4);
    map_levels(seL4_CapInitThreadVSpace, SCRATCH);
    seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, SCRATCH, seL4_AllRights, seL4_X86_Default_VMAttributes);
    for (unsigned i = 0; i < sizeof(server_code); i++)
        ((volatile unsigned char *)SCRATCH)[i] = server_code[i];
    seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, 64, seL4_CapInitThreadCNode, frame, 64, seL4_AllRights);
    map_levels(pml4, CHILD_CODE);
    seL4_X86_Page_Map(copy, pml4, CHILD_CODE, seL4_AllRights, seL4_X86_Default_VMAttributes);
    seL4_CNode_Copy(cnode, 2, 2, seL4_CapInitThreadCNode, ep, 64, seL4_AllRights);
    seL4_TCB_Configure(tcb, 0, cnode, seL4_CNode_CapData_new(0, 62).words[0], pml4, 0, 0, 0);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, seL4_MaxPrio);
    seL4_UserContext regs = { 0 };
    regs.rip = CHILD_CODE;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);

    for (int b = 0; b < BATCHES; b++) {
        unsigned long start = rdtsc();
        for (int i = 0; i < ROUNDS; i++)
            seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
        batch[b] = (rdtsc() - start) / ROUNDS;
    }
    for (int i = 1; i < BATCHES; i++) /* insertion sort: a median without libc */
        for (int j = i; j > 0 && batch[j - 1] > batch[j]; j--) {
            unsigned long t = batch[j];
            batch[j] = batch[j - 1];
            batch[j - 1] = t;
        }
    print("ipc_rt_cross_as_abi_cycles=");
    print_number(batch[BATCHES / 2]);
    print("\n");
    return 0;
}
