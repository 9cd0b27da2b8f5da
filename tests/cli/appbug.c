/*
 * An API-mode program with a bug of its own, for the memory checkers:
 * a second seL4 thread, on a stack the program gives it as seL4 threads
 * have, makes the mistake named by argv[1] and signals the root task.
 *
 *   uninit    branches on a local variable never written (valgrind memcheck)
 *   overflow  writes one byte past a malloc'd block (AddressSanitizer, memcheck)
 *   none      no mistake
 *
 * With "vspace" as argv[2] the thread runs in a VSpace of its own, which
 * sel4emu runs as a second process (a fork of this one): it gets what it
 * needs in registers, as this process's later stores are not seen there.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NO_BUG, UNINIT, OVERFLOW };

/* Room for AddressSanitizer's report, which runs (and symbolizes) on the faulting thread's stack. */
static char worker_stack[128 << 10] __attribute__((aligned(16)));
static volatile int sink;

/* On the thread's own stack: memcheck tracks seL4 stacks as any other. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
__attribute__((noinline)) static void read_uninitialised(void)
{
    volatile int never_written[4];
    if (never_written[sink + 2] == 42)
        sink = 1;
}
#pragma GCC diagnostic pop

__attribute__((noinline)) static void overflow_heap(void)
{
    char *p = malloc(16);
    memset(p, 0, 16);
    p[16 + sink] = 1; /* one past the end (sink is 0) */
    sink = p[0];
    free(p);
}

static void worker(seL4_Word ipc_buffer, seL4_Word done, seL4_Word bug)
{
    if (ipc_buffer)
        seL4_SetIPCBuffer((seL4_IPCBuffer *)ipc_buffer);
    if (bug == UNINIT)
        read_uninitialised();
    else if (bug == OVERFLOW)
        overflow_heap();
    seL4_Signal(done);
    seL4_Wait(done, NULL); /* nobody signals it again: the root task ends the program */
}

static seL4_Word bug_named(const char *name)
{
    if (strcmp(name, "uninit") == 0)
        return UNINIT;
    if (strcmp(name, "overflow") == 0)
        return OVERFLOW;
    return NO_BUG;
}

int main(int argc, char **argv)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_CPtr untyped = 0, tcb = bi->empty.start, done = tcb + 1, vspace = seL4_CapInitThreadVSpace;
    seL4_Word bug = argc > 1 ? bug_named(argv[1]) : NO_BUG;
    bool own_vspace = argc > 2 && strcmp(argv[2], "vspace") == 0;
    seL4_Word ipc_buffer = own_vspace ? 0 : (seL4_Word)bi->ipcBuffer + 0x400; /* the rest of the root's frame */

    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 16)
            untyped = bi->untyped.start + i;
    if (seL4_Untyped_Retype(untyped, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, tcb, 1) ||
        seL4_Untyped_Retype(untyped, seL4_NotificationObject, 0, seL4_CapInitThreadCNode, 0, 0, done, 1)) {
        printf("appbug: cannot create the worker's objects\n");
        return 1;
    }
    if (own_vspace) {
        vspace = tcb + 2;
        if (seL4_Untyped_Retype(untyped, seL4_X64_PML4Object, 0, seL4_CapInitThreadCNode, 0, 0, vspace, 1) ||
            seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vspace)) {
            printf("appbug: cannot create the worker's VSpace\n");
            return 1;
        }
    }

    seL4_UserContext regs = { 0 };
    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, vspace, 0, ipc_buffer,
                       own_vspace ? 0 : seL4_CapInitThreadIPCBuffer);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100);
    seL4_DebugNameThread(tcb, "worker");
    regs.rip = (seL4_Word)worker;
    regs.rsp = (seL4_Word)&worker_stack[sizeof(worker_stack) - 8];
    regs.rdi = ipc_buffer;
    regs.rsi = done;
    regs.rdx = bug;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);

    seL4_Wait(done, NULL);
    printf("appbug: worker done (%s%s)\n", argc > 1 ? argv[1] : "none", own_vspace ? ", own VSpace" : "");
    return 0;
}
