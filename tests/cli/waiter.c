/*
 * A system that runs until it is stopped, with something to show in a dump
 * (SIGQUIT): "server" blocked receiving on an endpoint, in a CSpace of its
 * own (a 16-slot CNode holding a badged copy of that endpoint) and with a
 * notification bound; "client" blocked sending through a badged copy
 * (badge 0x42) of a second endpoint that nobody receives on, with that copy
 * as its fault handler; the root task yielding forever. Built in API mode
 * and as a native root task.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#define SERVER_EP 1 /* in the server's CSpace: slot 1 of a 16-slot CNode with a 60-bit guard */

static char stacks[2][4096] __attribute__((aligned(16)));
static seL4_CPtr next_slot, untyped, client_ep;

static seL4_CPtr alloc(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = next_slot++;
    seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    return slot;
}

static void server_main(void)
{
    seL4_Word badge;
    for (;;)
        seL4_RecvWithMRs(SERVER_EP, &badge, NULL, NULL, NULL, NULL);
}

static void client_main(void)
{
    seL4_Word request = 1;
    for (;;)
        seL4_SendWithMRs(client_ep, seL4_MessageInfo_new(0, 0, 0, 1), &request, NULL, NULL, NULL);
}

static void start(seL4_CPtr tcb, int which, const char *name, seL4_Word prio, void (*entry)(void))
{
    seL4_UserContext regs = { 0 };
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio);
    seL4_DebugNameThread(tcb, name);
    regs.rip = (seL4_Word)entry;
    regs.rsp = (seL4_Word)&stacks[which][sizeof(stacks[which]) - 8];
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_Word ipc = (seL4_Word)bi->ipcBuffer;
    next_slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 16)
            untyped = bi->untyped.start + i;

    seL4_CPtr ep = alloc(seL4_EndpointObject, 0), ep2 = alloc(seL4_EndpointObject, 0);
    seL4_CPtr ntfn = alloc(seL4_NotificationObject, 0), cnode = alloc(seL4_CapTableObject, 4);
    seL4_CPtr server = alloc(seL4_TCBObject, 0), client = alloc(seL4_TCBObject, 0);
    client_ep = next_slot++;
    seL4_CNode_Mint(seL4_CapInitThreadCNode, client_ep, seL4_WordBits, seL4_CapInitThreadCNode, ep2, seL4_WordBits,
                    seL4_AllRights, 0x42);
    seL4_CNode_Mint(cnode, SERVER_EP, 4, seL4_CapInitThreadCNode, ep, seL4_WordBits, seL4_AllRights, 0x7);

    seL4_TCB_Configure(server, 0, cnode, seL4_CNode_CapData_new(0, seL4_WordBits - 4).words[0],
                       seL4_CapInitThreadVSpace, 0, ipc + 0x400, seL4_CapInitThreadIPCBuffer);
    seL4_TCB_BindNotification(server, ntfn);
    start(server, 0, "server", 200, server_main);
    seL4_TCB_Configure(client, client_ep, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, ipc + 0x800,
                       seL4_CapInitThreadIPCBuffer);
    start(client, 1, "client", 100, client_main);

    /* Below both: they run first and block; then the root task yields forever. */
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 50);
    for (const char *s = "running\n"; *s; s++)
        seL4_DebugPutChar(*s);
    for (;;)
        seL4_Yield();
}
