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
 * ipc_rt_cross_as seL4_Call + seL4_ReplyRecv round trip between the root
 *                 task and a server in another VSpace (another process,
 *                 its syscalls trapped), against a futex ping-pong between
 *                 two processes on one CPU.
 * sud_trap        one Syscall User Dispatch trap and return (SIGSYS round
 *                 trip), measured in a process of its own.
 * Figures are medians over batches; these machines are shared and noisy.
 */
#define _GNU_SOURCE
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "floor.h"
#include "raw_server.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

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
    uint64_t batch[BENCH_BATCHES];
    pthread_create(&t, NULL, pong, NULL);
    for (int b = 0; b < BENCH_BATCHES; b++) {
        uint64_t start = bench_now_ns();
        for (int i = 0; i < BENCH_ROUNDS; i++)
            pass_to(1);
        batch[b] = (bench_now_ns() - start) / BENCH_ROUNDS;
    }
    return bench_median(batch, BENCH_BATCHES);
}

/* ---- seL4 threads ---- */

static char stacks[2][65536] __attribute__((aligned(16)));
static seL4_CPtr next_slot, untyped;

static seL4_CPtr make(seL4_Word type, seL4_Word size)
{
    seL4_CPtr slot = next_slot++;
    seL4_Error err = seL4_Untyped_Retype(untyped, type, size, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (err) {
        printf("bench: retype failed (%d)\n", err);
        exit(1);
    }
    return slot;
}

static seL4_CPtr retype(seL4_Word type)
{
    return make(type, 0);
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

/* ---- another address space: a server of raw code, and its floor ---- */

#define SERVER_IPC_BUFFER 0x20000000ul

/*
 * The same echo server in a VSpace of its own: the program's code runs there
 * as an API-mode thread of another process (a fork of this one), its IPC
 * buffer a frame of its VSpace.
 */
static void start_cross_as_c_server(seL4_CPtr ep)
{
    seL4_CPtr pml4 = retype(seL4_X64_PML4Object), buffer = retype(seL4_X86_4K), tcb;
    seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4);
    bench_map_levels(make, pml4, SERVER_IPC_BUFFER);
    seL4_X86_Page_Map(buffer, pml4, SERVER_IPC_BUFFER, seL4_AllRights, seL4_X86_Default_VMAttributes);
    tcb = retype(seL4_TCBObject);
    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, pml4, 0, SERVER_IPC_BUFFER, buffer);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, seL4_MaxPrio);
    seL4_DebugNameThread(tcb, "bench-server-as");
    seL4_UserContext regs = { 0 };
    regs.rip = (seL4_Word)echo_server;
    regs.rsp = (seL4_Word)&stacks[1][sizeof(stacks[1]) - 8];
    regs.rdi = SERVER_IPC_BUFFER;
    regs.rsi = ep;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
}

static void report(const char *name, uint64_t median_ns, uint64_t floor_ns)
{
    printf("bench %s median_ns=%lu floor_ns=%lu ratio=%.2f\n", name, (unsigned long)median_ns,
           (unsigned long)floor_ns, floor_ns ? (double)median_ns / (double)floor_ns : 0.0);
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    uint64_t batch[BENCH_BATCHES];

    next_slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 20)
            untyped = bi->untyped.start + i;

    uint64_t floor_ns = futex_floor();

    seL4_CPtr ep = retype(seL4_EndpointObject);
    start_thread(echo_server, ep, 0, seL4_MaxPrio);
    for (int b = 0; b < BENCH_BATCHES; b++) {
        uint64_t start = bench_now_ns();
        for (int i = 0; i < BENCH_ROUNDS; i++)
            seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        batch[b] = (bench_now_ns() - start) / BENCH_ROUNDS;
    }
    report("ipc_rt_same_as", bench_median(batch, BENCH_BATCHES), floor_ns);

    seL4_CPtr ntfn = retype(seL4_NotificationObject);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio - 1);
    start_thread(waiter, ntfn, 1, seL4_MaxPrio);
    for (int b = 0; b < BENCH_BATCHES; b++) {
        uint64_t start = bench_now_ns();
        for (int i = 0; i < BENCH_ROUNDS; i++)
            seL4_Signal(ntfn);
        batch[b] = (bench_now_ns() - start) / BENCH_ROUNDS;
    }
    report("signal_wake", bench_median(batch, BENCH_BATCHES), floor_ns);

    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
    uint64_t cross_floor_ns = bench_cross_process_floor();
    seL4_CPtr cross_ep = retype(seL4_EndpointObject);
    start_cross_as_c_server(cross_ep);
    for (int b = 0; b < BENCH_BATCHES; b++) {
        uint64_t start = bench_now_ns();
        for (int i = 0; i < BENCH_ROUNDS; i++)
            seL4_Call(cross_ep, seL4_MessageInfo_new(0, 0, 0, 0));
        batch[b] = (bench_now_ns() - start) / BENCH_ROUNDS;
    }
    report("ipc_rt_cross_as", bench_median(batch, BENCH_BATCHES), cross_floor_ns);

    seL4_CPtr trapped_ep = retype(seL4_EndpointObject);
    raw_server_start(make, next_slot++, trapped_ep);
    for (int b = 0; b < BENCH_BATCHES; b++) {
        uint64_t start = bench_now_ns();
        for (int i = 0; i < BENCH_ROUNDS; i++)
            seL4_Call(trapped_ep, seL4_MessageInfo_new(0, 0, 0, 0));
        batch[b] = (bench_now_ns() - start) / BENCH_ROUNDS;
    }
    report("ipc_rt_cross_as_trapped_server", bench_median(batch, BENCH_BATCHES), cross_floor_ns);
    printf("bench sud_trap median_ns=%lu\n", (unsigned long)bench_sud_trap());
    return 0;
}
