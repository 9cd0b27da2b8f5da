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
 *
 * It prints with seL4_DebugPutChar only, so the same source builds in API
 * mode and as a native seL4 image (native_clientserver, for ABI mode).
 * docs/DEBUGGING.md debugs it with gdb and --trace.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#define BADGE_A 0xa
#define BADGE_B 0xb
#define REQUESTS 3

enum { SERVER, CLIENT_A, CLIENT_B, NTHREADS };

static char stacks[NTHREADS][16384] __attribute__((aligned(16)));
static char tls_areas[NTHREADS][1024] __attribute__((aligned(64)));
static seL4_CPtr next_slot, untyped, endpoint, done, done_a, done_b, parked;

/* Console output through the debug kernel's putchar: text and numbers. */
static void say(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static void say_number(seL4_Word n, unsigned base)
{
    char digits[24];
    int i = 0;
    do {
        digits[i++] = "0123456789abcdef"[n % base];
        n /= base;
    } while (n);
    while (i)
        seL4_DebugPutChar(digits[--i]);
}

static seL4_CPtr alloc_object(seL4_Word type)
{
    seL4_CPtr slot = next_slot++;
    if (seL4_Untyped_Retype(untyped, type, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1) != seL4_NoError) {
        say("cannot create an object of type ");
        say_number(type, 10);
        say("\n");
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

/* One request from the client with this badge: the answer it gets back (a frame of its own for debuggers). */
static __attribute__((noinline)) seL4_Word serve(seL4_Word badge, seL4_Word request, seL4_Word words)
{
    say("server: request ");
    say_number(request, 10);
    say(badge == BADGE_A ? " from client A (badge 0x" : " from client B (badge 0x");
    say_number(badge, 16);
    say(", ");
    say_number(words, 10);
    say(" words)\n");
    return request * request;
}

static void server(seL4_Word unused, seL4_Word unused_too, seL4_Word unused_three)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(endpoint, &badge);
    for (;;) {
        seL4_SetMR(0, serve(badge, seL4_GetMR(0), seL4_MessageInfo_get_length(info)));
        info = seL4_ReplyRecv(endpoint, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    }
}

static void client(seL4_Word unused, seL4_Word cap, seL4_Word name)
{
    for (seL4_Word i = 1; i <= REQUESTS; i++) {
        seL4_SetMR(0, i + (name == 'A' ? 0 : 10));
        seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, 1));
        say(name == 'A' ? "client A: " : "client B: ");
        say_number(i + (name == 'A' ? 0 : 10), 10);
        say(" squared is ");
        say_number(seL4_GetMR(0), 10);
        say("\n");
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
    /* A thread of its own TLS, whose __sel4_ipc_buffer names its IPC buffer (as sel4utils does). */
    if (sel4runtime_get_tls_size() > sizeof(tls_areas[which])) {
        say("TLS areas too small\n");
        seL4_DebugHalt();
    }
    seL4_Word tp = sel4runtime_write_tls_image(tls_areas[which]);
    sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, (seL4_IPCBuffer *)ipc_buffer);
    regs.fs_base = tp;
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
    say("root: both clients done\n");
    return 0;
}
