/* The Linux floors the benchmarks are measured against: see floor.h. */
#define _GNU_SOURCE
#include "floor.h"

#include <linux/futex.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

uint64_t bench_now_ns(void)
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

uint64_t bench_median(uint64_t *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_u64);
    return v[n / 2];
}

static void futex(uint32_t *word, int op, uint32_t val)
{
    syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

uint64_t bench_cross_process_floor(void)
{
    uint32_t *turn = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    uint64_t batch[BENCH_BATCHES];
    if (turn == MAP_FAILED)
        return 0;
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        for (;;) {
            while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 1)
                futex(turn, FUTEX_WAIT, 0);
            __atomic_store_n(turn, 0, __ATOMIC_RELEASE);
            futex(turn, FUTEX_WAKE, 1);
        }
    }
    for (int b = 0; b < BENCH_BATCHES; b++) {
        uint64_t start = bench_now_ns();
        for (int i = 0; i < BENCH_ROUNDS; i++) {
            __atomic_store_n(turn, 1, __ATOMIC_RELEASE);
            futex(turn, FUTEX_WAKE, 1);
            while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) == 1)
                futex(turn, FUTEX_WAIT, 1);
        }
        batch[b] = (bench_now_ns() - start) / BENCH_ROUNDS;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    munmap(turn, 4096);
    return bench_median(batch, BENCH_BATCHES);
}

/* The only code allowed to make syscalls while the selector blocks: our sigreturn. */
static volatile char sud_selector;
__asm__(".pushsection .text.bench_sud, \"ax\", @progbits\n"
        "bench_sud_start:\n"
        "bench_sud_restorer:\n"
        "    mov $15, %eax\n"
        "    syscall\n"
        "    ud2\n" /* Linux checks the address after the syscall against the range */
        "bench_sud_end:\n"
        ".popsection\n");
extern char bench_sud_start[], bench_sud_end[], bench_sud_restorer[];

static void on_sigsys(int sig, siginfo_t *info, void *uc)
{
    (void)sig;
    (void)info;
    ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RAX] = 0;
}

/* Installs handler for SIGSYS and switches Syscall User Dispatch on for this thread. */
static int sud_install(void (*handler)(int, siginfo_t *, void *))
{
    struct { void *handler; unsigned long flags; void *restorer; unsigned long mask; } ka = {
        (void *)handler, SA_SIGINFO | 0x04000000 /* SA_RESTORER */, (void *)bench_sud_restorer, 0
    };
    return syscall(SYS_rt_sigaction, SIGSYS, &ka, NULL, 8) == 0 &&
           prctl(59 /* PR_SET_SYSCALL_USER_DISPATCH */, 1 /* ON */, (unsigned long)bench_sud_start,
                 (unsigned long)(bench_sud_end - bench_sud_start), &sud_selector) == 0;
}

/* One trapped syscall (an seL4 number in rdx, as the seL4 ABI puts it). */
static void sud_trap_once(void)
{
    long ret;
    sud_selector = 1;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(-7L), "d"(-7L) : "rcx", "r11", "memory");
    sud_selector = 0;
}

static uint64_t sud_trap_here(void)
{
    uint64_t batch[BENCH_BATCHES];
    if (!sud_install(on_sigsys))
        return 0;
    for (int b = 0; b < BENCH_BATCHES; b++) {
        uint64_t start = bench_now_ns();
        for (int i = 0; i < BENCH_ROUNDS; i++)
            sud_trap_once();
        batch[b] = (bench_now_ns() - start) / BENCH_ROUNDS;
    }
    return bench_median(batch, BENCH_BATCHES);
}

/* Runs measure() in a child process of its own (SUD stays out of the caller). */
static uint64_t in_child(uint64_t (*measure)(void))
{
    int pipefd[2];
    uint64_t result = 0;
    if (pipe(pipefd) != 0)
        return 0;
    pid_t pid = fork();
    if (pid == 0) {
        result = measure();
        _exit(write(pipefd[1], &result, sizeof(result)) == sizeof(result) ? 0 : 1);
    }
    close(pipefd[1]);
    if (pid < 0 || read(pipefd[0], &result, sizeof(result)) != sizeof(result))
        result = 0;
    close(pipefd[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return result;
}

uint64_t bench_sud_trap(void)
{
    return in_child(sud_trap_here);
}

/*
 * The trapped floor: each side's SIGSYS handler hands the turn to the other
 * process and waits for it back, as an emulator with no work to do would.
 */
static uint32_t *trapped_turn;
static uint32_t trapped_me;

static void on_sigsys_hand_over(int sig, siginfo_t *info, void *uc)
{
    (void)sig;
    (void)info;
    sud_selector = 0;
    __atomic_store_n(trapped_turn, !trapped_me, __ATOMIC_RELEASE);
    futex(trapped_turn, FUTEX_WAKE, 1);
    while (__atomic_load_n(trapped_turn, __ATOMIC_ACQUIRE) != trapped_me)
        futex(trapped_turn, FUTEX_WAIT, !trapped_me);
    ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RAX] = 0;
    sud_selector = 1;
}

static uint64_t trapped_floor_here(void)
{
    uint64_t batch[BENCH_BATCHES];
    trapped_turn = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (trapped_turn == MAP_FAILED)
        return 0;
    pid_t pid = fork();
    trapped_me = pid == 0;
    if (pid == 0)
        prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (pid < 0 || !sud_install(on_sigsys_hand_over))
        return 0;
    if (pid == 0) {
        while (__atomic_load_n(trapped_turn, __ATOMIC_ACQUIRE) != 1)
            futex(trapped_turn, FUTEX_WAIT, 0);
        for (;;)
            sud_trap_once();
    }
    for (int b = 0; b < BENCH_BATCHES; b++) {
        uint64_t start = bench_now_ns();
        for (int i = 0; i < BENCH_ROUNDS; i++)
            sud_trap_once();
        batch[b] = (bench_now_ns() - start) / BENCH_ROUNDS;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return bench_median(batch, BENCH_BATCHES);
}

uint64_t bench_cross_process_trapped_floor(void)
{
    return in_child(trapped_floor_here);
}
