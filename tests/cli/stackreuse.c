/*
 * Reuses a thread's stack as soon as its TCB is deleted, as seL4 allows:
 * the memory is the program's again. Thirty rounds of: start a worker on
 * the stack, let it finish, delete its TCB (the root does; with argument
 * "self" the worker deletes its own), then clear the top of the stack for
 * the next round. The emulator must have moved off that stack by then.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <stdio.h>
#include <string.h>

#define ROUNDS 30
#define TOP 4096

static char stack[65536] __attribute__((aligned(16)));
static seL4_CPtr done, blocker;

__attribute__((noinline)) static int deep(int n)
{
    volatile char buf[2000];
    buf[0] = (char)n;
    buf[1999] = (char)n;
    return buf[0] + buf[1999];
}

static void worker(seL4_Word self_delete, seL4_Word tcb, seL4_Word unused)
{
    deep(3);
    if (self_delete)
        seL4_CNode_Delete(seL4_CapInitThreadCNode, tcb, seL4_WordBits); /* does not return */
    seL4_Signal(done);
    seL4_Wait(blocker, NULL);
}

int main(int argc, char **argv)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_CPtr untyped = 0, tcb = bi->empty.start;
    seL4_Word self_delete = argc > 1 && strcmp(argv[1], "self") == 0;
    done = tcb + 1;
    blocker = tcb + 2;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 16)
            untyped = bi->untyped.start + i;
    seL4_Untyped_Retype(untyped, seL4_NotificationObject, 0, seL4_CapInitThreadCNode, 0, 0, done, 2);
    /* Below the workers: each runs until it blocks or is gone. */
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 50);
    for (int round = 0; round < ROUNDS; round++) {
        if (seL4_Untyped_Retype(untyped, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, tcb, 1)) {
            printf("stackreuse: cannot create a TCB\n");
            return 1;
        }
        seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, 0, 0);
        seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100);
        memset(stack + sizeof(stack) - TOP, 0, TOP); /* a fresh top of stack */
        seL4_UserContext regs = { 0 };
        regs.rip = (seL4_Word)worker;
        regs.rsp = (seL4_Word)&stack[sizeof(stack) - 8];
        regs.rdi = self_delete;
        regs.rsi = tcb;
        seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
        if (!self_delete) {
            seL4_Wait(done, NULL);
            seL4_CNode_Delete(seL4_CapInitThreadCNode, tcb, seL4_WordBits);
        }
    }
    printf("stackreuse: %d rounds\n", ROUNDS);
    return 0;
}
