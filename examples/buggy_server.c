/*
 * examples/clientserver.c with a bug of your choice, for the walk-through in
 * docs/DEBUGGING.md:
 *
 *   buggy_server badge     client B is given client A's badge
 *   buggy_server reply     the server forgets to answer odd requests
 *   buggy_server vmfault   the server writes through a bad pointer
 *
 * A server thread answers two clients, told apart by the badge of their
 * endpoint caps, as in clientserver.c.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <stdio.h>
#include <string.h>

#define BADGE_A 0xa
#define BADGE_B 0xb

enum { SERVER, CLIENT_A, CLIENT_B, NTHREADS };

static char stacks[NTHREADS][16384] __attribute__((aligned(16)));
static seL4_CPtr next_slot, untyped, endpoint, done, done_a, done_b, parked;
static const char *bug = "";
static seL4_Word *results[2]; /* where the server keeps each client's last answer */
static seL4_Word result_a, result_b;

static seL4_CPtr alloc_object(seL4_Word type)
{
    seL4_CPtr slot = next_slot++;
    seL4_Untyped_Retype(untyped, type, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    return slot;
}

static seL4_CPtr badged_copy(seL4_CPtr cap, seL4_Word badge)
{
    seL4_CPtr slot = next_slot++;
    seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits, seL4_CapInitThreadCNode, cap, seL4_WordBits,
                    seL4_AllRights, badge);
    return slot;
}

static __attribute__((noinline)) void remember(seL4_Word badge, seL4_Word answer)
{
    *results[badge - BADGE_A] = answer;
}

static __attribute__((noinline)) seL4_Word serve(seL4_Word badge, seL4_Word request)
{
    printf("server: request %lu from client %c\n", request, badge == BADGE_A ? 'A' : 'B');
    remember(badge, request * request);
    return request * request;
}

static void server(seL4_Word unused, seL4_Word unused_too, seL4_Word unused_three)
{
    seL4_Word badge;
    seL4_Recv(endpoint, &badge);
    for (;;) {
        seL4_Word request = seL4_GetMR(0);
        seL4_SetMR(0, serve(badge, request));
        if (strcmp(bug, "reply") == 0 && request % 2) {
            seL4_Recv(endpoint, &badge); /* BUG: no reply, the client waits forever */
            continue;
        }
        seL4_ReplyRecv(endpoint, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    }
}

static void client(seL4_Word unused, seL4_Word cap, seL4_Word name)
{
    for (seL4_Word i = 1; i <= 2; i++) {
        seL4_SetMR(0, i + (name == 'A' ? 0 : 10));
        seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, 1));
        printf("client %c: %lu squared is %lu\n", (char)name, i + (name == 'A' ? 0 : 10), seL4_GetMR(0));
    }
    seL4_Signal(name == 'A' ? done_a : done_b);
    seL4_Wait(parked, NULL); /* nothing more to do */
}

static void start(int which, const char *name, void (*entry)(seL4_Word, seL4_Word, seL4_Word), seL4_Word cap,
                  seL4_Word arg, seL4_Word prio)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_CPtr tcb = alloc_object(seL4_TCBObject);
    seL4_UserContext regs = { 0 };

    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0,
                       (seL4_Word)bi->ipcBuffer + 0x400 * (seL4_Word)(which + 1), seL4_CapInitThreadIPCBuffer);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio);
    seL4_DebugNameThread(tcb, name);
    regs.rip = (seL4_Word)entry;
    regs.rsp = (seL4_Word)&stacks[which][sizeof(stacks[which]) - 8];
    regs.rsi = cap;
    regs.rdx = arg;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
}

int main(int argc, char **argv)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    bug = argc > 1 ? argv[1] : "";
    next_slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 20)
            untyped = bi->untyped.start + i;
    results[0] = &result_a;
    results[1] = strcmp(bug, "vmfault") == 0 ? (seL4_Word *)0xdead0000 : &result_b; /* BUG: a bad pointer */

    endpoint = alloc_object(seL4_EndpointObject);
    done = alloc_object(seL4_NotificationObject);
    parked = alloc_object(seL4_NotificationObject);
    done_a = badged_copy(done, 1);
    done_b = badged_copy(done, 2);
    start(SERVER, "server", server, 0, 0, 200);
    start(CLIENT_A, "client-a", client, badged_copy(endpoint, BADGE_A), 'A', 100);
    /* BUG (badge): client B gets client A's badge. */
    start(CLIENT_B, "client-b", client, badged_copy(endpoint, strcmp(bug, "badge") == 0 ? BADGE_A : BADGE_B), 'B',
          100);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 50);
    for (seL4_Word finished = 0, badge; finished != 3; finished |= badge)
        seL4_Wait(done, &badge);
    printf("root: both clients done\n");
    return 0;
}
