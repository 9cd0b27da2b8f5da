/*
 * The server both cross-address-space benchmarks call when its side must be
 * trapped too (API mode's ipc_rt_cross_as_trapped_server, the native
 * ipc_rt_cross_as_abi): raw x86_64 code in a VSpace of its own that
 * receives on its slot 2, then answers every call with an empty
 * seL4_ReplyRecv, forever. It needs no stack. libsel4 calls only.
 */
#pragma once

#include <sel4/sel4.h>

#define RAW_SERVER_CODE 0x10000000ul        /* where the code runs in the server's VSpace */
#define RAW_SERVER_SCRATCH 0x330000000000ul /* where the root writes it in its own */

static const unsigned char raw_server_code[] = {
    0x48, 0xc7, 0xc7, 0x02, 0, 0, 0,          /* mov $2, %rdi */
    0x48, 0xc7, 0xc2, 0xfb, 0xff, 0xff, 0xff, /* mov $-5, %rdx: seL4_SysRecv */
    0x0f, 0x05,                               /* syscall */
    0x48, 0xc7, 0xc7, 0x02, 0, 0, 0,          /* 1: mov $2, %rdi */
    0x31, 0xf6,                               /* xor %esi, %esi */
    0x48, 0xc7, 0xc2, 0xfe, 0xff, 0xff, 0xff, /* mov $-2, %rdx: seL4_SysReplyRecv */
    0x0f, 0x05,                               /* syscall */
    0xeb, 0xec,                               /* jmp 1b */
};

/* The benchmark's allocator: a new object of type (size: its size bits, where it has one) in a new slot. */
typedef seL4_CPtr (*bench_make_fn)(seL4_Word type, seL4_Word size);

/* A page table, directory and PDPT for vaddr in vspace. */
static inline void bench_map_levels(bench_make_fn make, seL4_CPtr vspace, seL4_Word vaddr)
{
    seL4_X86_PDPT_Map(make(seL4_X86_PDPTObject, 0), vspace, vaddr, seL4_X86_Default_VMAttributes);
    seL4_X86_PageDirectory_Map(make(seL4_X86_PageDirectoryObject, 0), vspace, vaddr, seL4_X86_Default_VMAttributes);
    seL4_X86_PageTable_Map(make(seL4_X86_PageTableObject, 0), vspace, vaddr, seL4_X86_Default_VMAttributes);
}

/* Builds the server, serving ep, at the highest priority; empty_slot is a free slot of the root's CNode. */
static inline void raw_server_start(bench_make_fn make, seL4_CPtr empty_slot, seL4_CPtr ep)
{
    seL4_CPtr pml4 = make(seL4_X64_PML4Object, 0), frame = make(seL4_X86_4K, 0);
    seL4_CPtr cnode = make(seL4_CapTableObject, 2), tcb = make(seL4_TCBObject, 0);
    seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4);
    bench_map_levels(make, seL4_CapInitThreadVSpace, RAW_SERVER_SCRATCH);
    seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, RAW_SERVER_SCRATCH, seL4_AllRights,
                      seL4_X86_Default_VMAttributes);
    for (unsigned i = 0; i < sizeof(raw_server_code); i++)
        ((volatile unsigned char *)RAW_SERVER_SCRATCH)[i] = raw_server_code[i];
    seL4_CNode_Copy(seL4_CapInitThreadCNode, empty_slot, 64, seL4_CapInitThreadCNode, frame, 64, seL4_AllRights);
    bench_map_levels(make, pml4, RAW_SERVER_CODE);
    seL4_X86_Page_Map(empty_slot, pml4, RAW_SERVER_CODE, seL4_AllRights, seL4_X86_Default_VMAttributes);
    seL4_CNode_Copy(cnode, 2, 2, seL4_CapInitThreadCNode, ep, 64, seL4_AllRights);
    seL4_TCB_Configure(tcb, 0, cnode, seL4_CNode_CapData_new(0, 62).words[0], pml4, 0, 0, 0);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, seL4_MaxPrio);
    seL4_DebugNameThread(tcb, "bench-server");
    seL4_UserContext regs = { 0 };
    regs.rip = RAW_SERVER_CODE;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
}
