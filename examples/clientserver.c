/*
 * A server thread and two client threads in one address space. Each client
 * holds its own badged copy of the server's endpoint; the server tells them
 * apart by the badge seL4 delivers with every message, and answers through
 * the reply capability of seL4_Call. The threads are named with
 * seL4_DebugNameThread, so gdb's `info threads` shows them by name.
 *
 * IPC buffers: the root task's IPC buffer frame is 4 KiB and an IPC buffer
 * is 1 KiB, so the three threads use the rest of that frame, which is just
 * as valid on real seL4.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <stdio.h>

#define BADGE_A 0xa
#define BADGE_B 0xb
#define REQUESTS 3

enum { SERVER, CLIENT_A, CLIENT_B, NTHREADS };

static char stacks[NTHREADS][16384] __attribute__((aligned(16)));
static seL4_CPtr next_slot, untyped, endpoint, done, done_a, done_b, parked;

static seL4_CPtr alloc_object(seL4_Word type)
{
    seL4_CPtr slot = next_slot++;
    if (seL4_Untyped_Retype(untyped, type, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1) != seL4_NoError) {
        printf("cannot create an object of type %lu\n", type);
        seL4_DebugHalt();
    }
    return slot;
}

static seL4_CPtr badged_copy(seL4_CPtr cap, seL4_Word badge)
{
    seL4_CPtr slot = next_slot++;
    seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadCNode, cap, seL4_WordBits,
                    seL4_AllRights, badge);
    return slot;
}

static void server(seL4_Word ipc_buffer, seL4_Word unused, seL4_Word unused_too)
{
    seL4_SetIPCBuffer((seL4_IPCBuffer *)ipc_buffer);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(endpoint, &badge);
    for (;;) {
        seL4_Word request = seL4_GetMR(0);
        printf("server: request %lu from client %c (badge 0x%lx, %lu words)\n", request,
               badge == BADGE_A ? 'A' : 'B', badge, seL4_MessageInfo_get_length(info));
        seL4_SetMR(0, request * request);
        info = seL4_ReplyRecv(endpoint, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    }
}

static void client(seL4_Word ipc_buffer, seL4_Word cap, seL4_Word name)
{
    seL4_SetIPCBuffer((seL4_IPCBuffer *)ipc_buffer);
    for (seL4_Word i = 1; i <= REQUESTS; i++) {
        seL4_SetMR(0, i + (name == 'A' ? 0 : 10));
        seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, 1));
        printf("client %c: %lu squared is %lu\n", (char)name, i + (name == 'A' ? 0 : 10), seL4_GetMR(0));
    }
    seL4_Signal(name == 'A' ? done_a : done_b);
    seL4_Wait(parked, NULL); /* nothing more to do: nobody signals this one */
}

static void start(int which, const char *name, void (*entry)(seL4_Word, seL4_Word, seL4_Word), seL4_Word arg,
                  seL4_Word arg2, seL4_Word prio)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_Word ipc_buffer = (seL4_Word)bi->ipcBuffer + 0x400 * (seL4_Word)(which + 1);
    seL4_CPtr tcb = alloc_object(seL4_TCBObject);
    seL4_UserContext regs = { 0 };

    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, ipc_buffer,
                       seL4_CapInitThreadIPCBuffer);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio);
    seL4_DebugNameThread(tcb, name);
    regs.rip = (seL4_Word)entry;
    regs.rsp = (seL4_Word)&stacks[which][sizeof(stacks[which]) - 8];
    regs.rdi = ipc_buffer;
    regs.rsi = arg;
    regs.rdx = arg2;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    next_slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 20)
            untyped = bi->untyped.start + i;

    endpoint = alloc_object(seL4_EndpointObject);
    done = alloc_object(seL4_NotificationObject);
    parked = alloc_object(seL4_NotificationObject);
    done_a = badged_copy(done, 1);
    done_b = badged_copy(done, 2);
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "rootserver");

    /* The server outranks its clients, so a request is served as soon as it is sent. */
    start(SERVER, "echo-server", server, 0, 0, 200);
    start(CLIENT_A, "client-a", client, badged_copy(endpoint, BADGE_A), 'A', 100);
    start(CLIENT_B, "client-b", client, badged_copy(endpoint, BADGE_B), 'B', 100);

    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 50);
    /* Signals OR their badges together until someone waits: count badge bits, not wake-ups. */
    seL4_Word finished = 0;
    while (finished != 3) {
        seL4_Word badge;
        seL4_Wait(done, &badge);
        finished |= badge;
    }
    printf("root: both clients done\n");
    return 0;
}
