/*
 * A known program for the syscall trace test (test_cli.sh compares its
 * `sel4emu run --trace` output with trace.expected, line by line, in API
 * mode and as a native seL4 image in ABI mode). Written against libsel4
 * only. Deterministic: its objects sit at fixed slots, and its two threads
 * have different priorities, so the preemption tick never reorders them.
 *
 * What varies between the modes (and between runs, with ASLR) it prints
 * first, on the console, for the test to put names in place of:
 *   trace-vars untyped=0x.. bits=N ipc_buffer=0x.. entry=0x.. stack=0x..
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

/* Free slots at a fixed place, so both modes use the same CPtrs. */
enum {
    UNTYPED = 0x1000, /* 64 KiB carved out of a big untyped */
    EP,
    NTFN,
    SERVER,
    EP_COPY,
    EP_BADGED,
    NTFN_BADGED,
    SPARE,
    EMPTY = 0x10ff, /* never filled */
};

#define BADGE 0x10

static char server_stack[16384] __attribute__((aligned(16)));

static void put(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static void put_dec(seL4_Word x)
{
    char buf[21];
    int n = sizeof(buf) - 1;
    buf[n] = '\0';
    do {
        buf[--n] = (char)('0' + x % 10);
        x /= 10;
    } while (x);
    put(&buf[n]);
}

static void put_hex(seL4_Word x)
{
    char buf[19] = "0x";
    int n = 2;
    for (int shift = 60; shift >= 0; shift -= 4)
        if ((x >> shift) || shift == 0 || n > 2)
            buf[n++] = "0123456789abcdef"[(x >> shift) & 0xf];
    buf[n] = '\0';
    put(buf);
}

/*
 * The server: one request by Call, answered with ReplyRecv, then a plain
 * Send, then a Recv on an empty slot (a cap fault; it has no fault
 * handler, so it stops there). Message registers travel in registers only:
 * natively this thread has no TLS, so it must not touch __sel4_ipc_buffer.
 */
static void server(void)
{
    seL4_Word badge, mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
    seL4_RecvWithMRs(EP, &badge, &mr0, &mr1, &mr2, &mr3);
    mr0 = mr0 * mr1;
    seL4_ReplyRecvWithMRs(EP, seL4_MessageInfo_new(0, 0, 0, 1), &badge, &mr0, &mr1, &mr2, &mr3);
    seL4_RecvWithMRs(EMPTY, &badge, &mr0, &mr1, &mr2, &mr3);
    for (;;)
        seL4_Yield();
}

/* The biggest RAM untyped of at least 1 MiB. */
static seL4_CPtr find_untyped(seL4_Word *bits)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_CPtr best = 0;
    *bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits >= 20 && u->sizeBits > *bits) {
            best = bi->untyped.start + i;
            *bits = u->sizeBits;
        }
    }
    return best;
}

static void retype(seL4_CPtr ut, seL4_Word type, seL4_Word size, seL4_CPtr slot)
{
    seL4_Untyped_Retype(ut, type, size, seL4_CapInitThreadCNode, 0, 0, slot, 1);
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_Word bits, ipc_buffer = (seL4_Word)bi->ipcBuffer + 0x400;
    seL4_CPtr big = find_untyped(&bits);
    seL4_Word stack_top = (seL4_Word)&server_stack[sizeof(server_stack) - 8];

    if (!big || bi->empty.start > UNTYPED || bi->empty.end <= EMPTY) {
        put("trace: no big untyped or no free slots at 0x1000\n");
        return 1;
    }
    put("trace-vars untyped=");
    put_hex(big);
    put(" bits=");
    put_dec(bits);
    put(" ipc_buffer=");
    put_hex(ipc_buffer);
    put(" entry=");
    put_hex((seL4_Word)server);
    put(" stack=");
    put_hex(stack_top);
    put("\n");

    /* Objects: an untyped of our own, then an endpoint, a notification and a TCB from it. */
    retype(big, seL4_UntypedObject, 16, UNTYPED);
    retype(UNTYPED, seL4_EndpointObject, 0, EP);
    retype(UNTYPED, seL4_NotificationObject, 0, NTFN);
    retype(UNTYPED, seL4_TCBObject, 0, SERVER);

    /* CNode methods: a copy, the same copy again (the slot is taken), badged copies. */
    seL4_CNode_Copy(seL4_CapInitThreadCNode, EP_COPY, 64, seL4_CapInitThreadCNode, EP, 64, seL4_AllRights);
    seL4_CNode_Copy(seL4_CapInitThreadCNode, EP_COPY, 64, seL4_CapInitThreadCNode, EP, 64, seL4_AllRights);
    seL4_CNode_Mint(seL4_CapInitThreadCNode, EP_BADGED, 64, seL4_CapInitThreadCNode, EP, 64,
                    seL4_CapRights_new(1, 1, 0, 1), BADGE);
    seL4_CNode_Mint(seL4_CapInitThreadCNode, NTFN_BADGED, 64, seL4_CapInitThreadCNode, NTFN, 64, seL4_CanWrite, 0x3);

    /* Errors: a bad object type, a depth of 0, an empty source, an empty slot invoked, too little memory. */
    retype(UNTYPED, 99, 0, SPARE);
    seL4_CNode_Copy(seL4_CapInitThreadCNode, SPARE, 0, seL4_CapInitThreadCNode, EP, 64, seL4_AllRights);
    seL4_CNode_Copy(seL4_CapInitThreadCNode, SPARE, 64, seL4_CapInitThreadCNode, EMPTY, 64, seL4_AllRights);
    seL4_CNode_Copy(EMPTY, SPARE, 64, seL4_CapInitThreadCNode, EP, 64, seL4_AllRights);
    retype(UNTYPED, seL4_CapTableObject, 20, SPARE);

    /* A signal, then a wait that returns at once with its badge. */
    seL4_Signal(NTFN_BADGED);
    seL4_Wait(NTFN, NULL);

    /* The server thread, just below our priority: it runs when we block. */
    seL4_TCB_Configure(SERVER, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, ipc_buffer,
                       seL4_CapInitThreadIPCBuffer);
    seL4_TCB_SetPriority(SERVER, seL4_CapInitThreadTCB, 254);
    seL4_DebugNameThread(SERVER, "server");
    seL4_UserContext regs = { 0 };
    regs.rip = (seL4_Word)server;
    regs.rsp = stack_top;
    seL4_TCB_WriteRegisters(SERVER, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);

    /* IPC: a Call with a badge, answered; a Send the server takes when it runs; then we let it run. */
    seL4_Word mr0 = 6, mr1 = 7, mr2 = 0, mr3 = 0;
    seL4_CallWithMRs(EP_BADGED, seL4_MessageInfo_new(0x7, 0, 0, 2), &mr0, &mr1, &mr2, &mr3);
    mr0 = 0;
    seL4_SendWithMRs(EP_BADGED, seL4_MessageInfo_new(0x8, 0, 0, 0), &mr0, &mr1, &mr2, &mr3);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);

    seL4_DebugHalt();
    return 0;
}
