/*
 * seL4_DebugDumpScheduler lists every thread: the idle thread, the root
 * task, a named inactive TCB, and two runnable ones that wait in the run
 * queue of their priority (the root task, at 255, never lets them run).
 * seL4 puts a resumed thread at the head of its queue: "queued-b", resumed
 * last, is first.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

static char stacks[2][4096] __attribute__((aligned(16)));

static void spin(void)
{
    for (;;)
        seL4_Yield();
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_CPtr ut = 0, tcb = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 13)
            ut = bi->untyped.start + i;
    seL4_Untyped_Retype(ut, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, tcb, 3);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 42);
    seL4_DebugNameThread(tcb, "worker");

    for (int i = 0; i < 2; i++) {
        seL4_CPtr queued = tcb + 1 + i;
        seL4_TCB_Configure(queued, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0,
                           (seL4_Word)bi->ipcBuffer + 0x400 * (i + 1), seL4_CapInitThreadIPCBuffer);
        seL4_TCB_SetPriority(queued, seL4_CapInitThreadTCB, 42);
        seL4_DebugNameThread(queued, i ? "queued-b" : "queued-a");
        seL4_UserContext regs = { 0 };
        regs.rip = (seL4_Word)spin;
        regs.rsp = (seL4_Word)&stacks[i][sizeof(stacks[i]) - 8];
        seL4_TCB_WriteRegisters(queued, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    }

    seL4_DebugDumpScheduler();
    return 0;
}
