/* seL4_DebugDumpScheduler lists every thread: the idle thread, the root task and a named, inactive TCB. */
#include <sel4/sel4.h>
#include <sel4runtime.h>

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_CPtr ut = 0, tcb = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 12)
            ut = bi->untyped.start + i;
    seL4_Untyped_Retype(ut, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, tcb, 1);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 42);
    seL4_DebugNameThread(tcb, "worker");
    seL4_DebugDumpScheduler();
    return 0;
}
