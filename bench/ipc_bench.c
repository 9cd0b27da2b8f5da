/*
 * IPC benchmarks in API mode, each next to the Linux floor measured in the
 * same run: a futex ping-pong between two threads pinned to one CPU (the
 * emulator pins the process to one CPU at boot, and these threads inherit
 * it). One line per figure:
 *
 *   bench NAME median_ns=N floor_ns=N ratio=R
 *
 * ipc_rt_same_as  seL4_Call + seL4_ReplyRecv round trip between two threads
 *                 of one address space;
 * signal_wake     seL4_Signal to a higher-priority thread waiting in
 *                 seL4_Wait, until it waits again (two hand-overs, like the
 *                 floor's round trip).
 * Figures are medians over batches; these machines are shared and noisy.
 */
#define _GNU_SOURCE
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 31
#define ROUNDS 2000

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_u64);
    return v[n / 2];
}

/* ---- the Linux floor: futex ping-pong ---- */

static uint32_t turn; /* 0: ping's turn, 1: pong's turn */

static void futex_wait(uint32_t *w, uint32_t v)
{
    syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void futex_wake(uint32_t *w)
{
    syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void pass_to(uint32_t who)
{
    __atomic_store_n(&turn, who, __ATOMIC_RELEASE);
    futex_wake(&turn);
    while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) == who)
        futex_wait(&turn, who);
}

static void *pong(void *arg)
{
    for (;;) {
        while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != 1)
            futex_wait(&turn, 0);
        pass_to(0);
    }
    return NULL;
}

static uint64_t futex_floor(void)
{
    pthread_t t;
    uint64_t batch[BATCHES];
    pthread_create(&t, NULL, pong, NULL);
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = now_ns();
        for (int i = 0; i < ROUNDS; i++)
            pass_to(1);
        batch[b] = (now_ns() - start) / ROUNDS;
    }
    return median(batch, BATCHES);
}

/* ---- seL4 threads ---- */

static char stacks[2][65536] __attribute__((aligned(16)));
static seL4_CPtr next_slot, untyped;

static seL4_CPtr retype(seL4_Word type)
{
    seL4_CPtr slot = next_slot++;
    seL4_Error err = seL4_Untyped_Retype(untyped, type, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (err) {
        printf("bench: retype failed (%d)\n", err);
        exit(1);
    }
    return slot;
}

/* A thread of the root task's VSpace, its IPC buffer in the root's IPC buffer frame. */
static seL4_CPtr start_thread(void (*fn)(seL4_Word, seL4_Word), seL4_Word arg, int n, seL4_Word prio)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_Word buffer = (seL4_Word)bi->ipcBuffer + 0x400 * (seL4_Word)(n + 1);
    seL4_CPtr tcb = retype(seL4_TCBObject);
    seL4_UserContext regs = { 0 };

    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, buffer,
                       seL4_CapInitThreadIPCBuffer);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio);
    regs.rip = (seL4_Word)fn;
    regs.rsp = (seL4_Word)&stacks[n][sizeof(stacks[n]) - 8];
    regs.rdi = buffer;
    regs.rsi = arg;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    return tcb;
}

static void echo_server(seL4_Word buffer, seL4_Word ep)
{
    seL4_SetIPCBuffer((seL4_IPCBuffer *)buffer);
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    for (;;)
        seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
}

static void waiter(seL4_Word buffer, seL4_Word ntfn)
{
    seL4_SetIPCBuffer((seL4_IPCBuffer *)buffer);
    for (;;)
        seL4_Wait(ntfn, NULL);
}

static void report(const char *name, uint64_t median_ns, uint64_t floor_ns)
{
    printf("bench %s median_ns=%lu floor_ns=%lu ratio=%.2f\n", name, (unsigned long)median_ns,
           (unsigned long)floor_ns, floor_ns ? (double)median_ns / (double)floor_ns : 0.0);
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    uint64_t batch[BATCHES];

    next_slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 20)
            untyped = bi->untyped.start + i;

    uint64_t floor_ns = futex_floor();

    seL4_CPtr ep = retype(seL4_EndpointObject);
    start_thread(echo_server, ep, 0, seL4_MaxPrio);
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = now_ns();
        for (int i = 0; i < ROUNDS; i++)
            seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        batch[b] = (now_ns() - start) / ROUNDS;
    }
    report("ipc_rt_same_as", median(batch, BATCHES), floor_ns);

    seL4_CPtr ntfn = retype(seL4_NotificationObject);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio - 1);
    start_thread(waiter, ntfn, 1, seL4_MaxPrio);
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = now_ns();
        for (int i = 0; i < ROUNDS; i++)
            seL4_Signal(ntfn);
        batch[b] = (now_ns() - start) / ROUNDS;
    }
    report("signal_wake", median(batch, BATCHES), floor_ns);
    return 0;
}
