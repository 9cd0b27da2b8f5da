/*
 * Stacks as seL4 programs use them: memory the program hands to threads,
 * and takes back.
 *
 * First a worker that suspended itself (in a syscall, on one stack) is
 * restarted (WriteRegisters) on another stack, above it, with the program's
 * data in between, which it then reads. Then thirty rounds of: start a
 * worker on a stack, let it finish, delete its TCB (the root does; with
 * argument "self" the worker deletes its own), and clear the top of the
 * stack for the next round: a deleted thread's stack is the program's
 * again at once.
 *
 * Run natively this checks that the emulator is off a stack before the
 * program reuses it; under valgrind, that memcheck takes none of it for the
 * program's error (docs/DEBUGGING.md).
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <stdio.h>
#include <string.h>

#define ROUNDS 30
#define TOP 4096
#define TABLE 64

static char stack[65536] __attribute__((aligned(16)));
static struct {
    char low[16384];
    int table[TABLE];
    char high[16384];
} moves __attribute__((aligned(16)));
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

static seL4_CPtr new_worker(seL4_CPtr untyped, seL4_CPtr tcb)
{
    if (seL4_Untyped_Retype(untyped, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, tcb, 1)) {
        printf("stackreuse: cannot create a TCB\n");
        return 0;
    }
    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, 0, 0);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100);
    return tcb;
}

static void start(seL4_CPtr tcb, void (*fn)(seL4_Word, seL4_Word, seL4_Word), char *stack_top, seL4_Word a0,
                  seL4_Word a1)
{
    seL4_UserContext regs = { 0 };
    regs.rip = (seL4_Word)fn;
    regs.rsp = (seL4_Word)stack_top - 8;
    regs.rdi = a0;
    regs.rsi = a1;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
}

/* Stops in a syscall (on its stack), as a thread a program means to restart elsewhere. */
static void suspend_self(seL4_Word unused, seL4_Word tcb, seL4_Word unused_too)
{
    deep(3);
    seL4_Signal(done);
    seL4_TCB_Suspend(tcb);
}

static void sum_table(seL4_Word unused, seL4_Word unused_too, seL4_Word unused_three)
{
    int sum = 0;
    for (int i = 0; i < TABLE; i++)
        sum += moves.table[i];
    printf("stackreuse: redirected worker sums %d\n", sum);
    seL4_Signal(done);
    seL4_Wait(blocker, NULL);
}

static int redirect(seL4_CPtr untyped, seL4_CPtr tcb)
{
    for (int i = 0; i < TABLE; i++)
        moves.table[i] = i;
    if (!new_worker(untyped, tcb))
        return 1;
    start(tcb, suspend_self, moves.low + sizeof(moves.low), 0, tcb);
    seL4_Wait(done, NULL); /* the worker is now suspended, in a syscall on moves.low */
    start(tcb, sum_table, moves.high + sizeof(moves.high), 0, 0);
    seL4_Wait(done, NULL);
    return seL4_CNode_Delete(seL4_CapInitThreadCNode, tcb, seL4_WordBits) != seL4_NoError;
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
    if (redirect(untyped, tcb))
        return 1;
    for (int round = 0; round < ROUNDS; round++) {
        if (!new_worker(untyped, tcb))
            return 1;
        memset(stack + sizeof(stack) - TOP, 0, TOP); /* a fresh top of stack */
        start(tcb, worker, stack + sizeof(stack), self_delete, tcb);
        if (!self_delete) {
            seL4_Wait(done, NULL);
            seL4_CNode_Delete(seL4_CapInitThreadCNode, tcb, seL4_WordBits);
        }
    }
    printf("stackreuse: %d rounds\n", ROUNDS);
    return 0;
}
