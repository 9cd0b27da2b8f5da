/*
 * A named thread takes a VM fault with no fault handler three calls deep
 * (crasher_main -> crash_outer -> crash_middle -> crash_inner): the fault
 * report shows its registers and a backtrace naming those functions. Built
 * in API mode and as a native root task.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#define BAD_ADDRESS 0xdead000ul /* mapped by neither seL4 nor Linux */

static char stack[8192] __attribute__((aligned(16)));
volatile seL4_Word *volatile target = (volatile seL4_Word *)BAD_ADDRESS;

/* Global and non-constant arguments, and work after each call: no inlining, cloning or tail calls. */
__attribute__((noinline)) void crash_inner(volatile seL4_Word *p)
{
    *p = 42;
    __asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) int crash_middle(volatile seL4_Word *p)
{
    crash_inner(p);
    __asm__ volatile("" ::: "memory");
    return 1;
}

__attribute__((noinline)) int crash_outer(volatile seL4_Word *p)
{
    int n = crash_middle(p);
    __asm__ volatile("" ::: "memory");
    return n + 1;
}

__attribute__((noinline)) void crasher_main(void)
{
    crash_outer(target);
    for (;;)
        __asm__ volatile("" ::: "memory");
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_CPtr ut = 0, tcb = bi->empty.start, ntfn = bi->empty.start + 1;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 16)
            ut = bi->untyped.start + i;
    seL4_Untyped_Retype(ut, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, tcb, 1);
    seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, seL4_CapInitThreadCNode, 0, 0, ntfn, 1);
    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0,
                       (seL4_Word)bi->ipcBuffer + 0x400, seL4_CapInitThreadIPCBuffer);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100);
    seL4_DebugNameThread(tcb, "crasher");
    seL4_UserContext regs = { 0 };
    regs.rip = (seL4_Word)crasher_main;
    regs.rsp = (seL4_Word)&stack[sizeof(stack) - 8];
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    /* Nobody signals: the crasher runs, faults, and then nothing can run. */
    seL4_Wait(ntfn, NULL);
    return 0;
}
