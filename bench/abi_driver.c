/*
 * ipc_rt_cross_as_abi, the host side: measures on this CPU, in this run, the
 * TSC frequency, the cross-process futex floor and one Syscall User Dispatch
 * trap, then runs the native benchmark under `sel4emu run` and reports
 *
 *   bench ipc_rt_cross_as_abi median_ns=N floor_ns=N ratio=R budget_ns=B
 *
 * where the budget is the floor plus two trap round trips (both sides of the
 * round trip trap). Usage: abi_driver SEL4EMU NATIVE_BENCH
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define BATCHES 31
#define ROUNDS 2000

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v)
{
    qsort(v, BATCHES, sizeof(*v), cmp);
    return v[BATCHES / 2];
}

static double tsc_per_ns(void)
{
    uint64_t t0 = now_ns(), c0 = __builtin_ia32_rdtsc();
    while (now_ns() - t0 < 200000000u)
        ;
    return (double)(__builtin_ia32_rdtsc() - c0) / (double)(now_ns() - t0);
}

static uint64_t cross_process_floor(void)
{
    uint32_t *turn = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    uint64_t batch[BATCHES];
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        for (;;) {
            while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 1)
                syscall(SYS_futex, turn, FUTEX_WAIT, 0, NULL, NULL, 0);
            __atomic_store_n(turn, 0, __ATOMIC_RELEASE);
            syscall(SYS_futex, turn, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
    }
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = now_ns();
        for (int i = 0; i < ROUNDS; i++) {
            __atomic_store_n(turn, 1, __ATOMIC_RELEASE);
            syscall(SYS_futex, turn, FUTEX_WAKE, 1, NULL, NULL, 0);
            while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) == 1)
                syscall(SYS_futex, turn, FUTEX_WAIT, 1, NULL, NULL, 0);
        }
        batch[b] = (now_ns() - start) / ROUNDS;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return median(batch);
}

static volatile char selector;
__asm__(".pushsection .text.driver_sud, \"ax\", @progbits\n"
        "driver_sud_start:\n"
        "driver_sud_restorer:\n"
        "    mov $15, %eax\n"
        "    syscall\n"
        "    ud2\n"
        "driver_sud_end:\n"
        ".popsection\n");
extern char driver_sud_start[], driver_sud_end[], driver_sud_restorer[];

static void on_sigsys(int sig, siginfo_t *info, void *uc)
{
    ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RAX] = 0;
}

static uint64_t sud_trap(void)
{
    int fds[2];
    uint64_t result = 0;
    if (pipe(fds) != 0)
        return 0;
    pid_t pid = fork();
    if (pid == 0) {
        struct { void *h; unsigned long flags; void *restorer; unsigned long mask; } ka = {
            (void *)on_sigsys, SA_SIGINFO | 0x04000000, (void *)driver_sud_restorer, 0
        };
        uint64_t batch[BATCHES];
        syscall(SYS_rt_sigaction, SIGSYS, &ka, NULL, 8);
        prctl(59 /* PR_SET_SYSCALL_USER_DISPATCH */, 1, (unsigned long)driver_sud_start,
              (unsigned long)(driver_sud_end - driver_sud_start), &selector);
        for (int b = 0; b < BATCHES; b++) {
            uint64_t start = now_ns();
            for (int i = 0; i < ROUNDS; i++) {
                long ret;
                selector = 1;
                __asm__ volatile("syscall" : "=a"(ret) : "a"(-7L), "d"(-7L) : "rcx", "r11", "memory");
                selector = 0;
            }
            batch[b] = (now_ns() - start) / ROUNDS;
        }
        result = median(batch);
        if (write(fds[1], &result, sizeof(result)) != sizeof(result))
            _exit(1);
        _exit(0);
    }
    close(fds[1]);
    if (read(fds[0], &result, sizeof(result)) != sizeof(result))
        result = 0;
    waitpid(pid, NULL, 0);
    return result;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: abi_driver SEL4EMU NATIVE_BENCH\n");
        return 2;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    sched_setaffinity(0, sizeof(one), &one); /* the emulator pins itself to this CPU too */

    double per_ns = tsc_per_ns();
    uint64_t floor_ns = cross_process_floor(), trap_ns = sud_trap();

    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "'%s' run '%s'", argv[1], argv[2]);
    FILE *p = popen(cmd, "r");
    char line[256];
    unsigned long cycles = 0;
    while (p && fgets(line, sizeof(line), p))
        sscanf(line, "ipc_rt_cross_as_abi_cycles=%lu", &cycles);
    if (!p || pclose(p) != 0 || !cycles) {
        fprintf(stderr, "abi_driver: the native benchmark did not report\n");
        return 1;
    }
    uint64_t median_ns = (uint64_t)((double)cycles / per_ns);
    printf("bench ipc_rt_cross_as_abi median_ns=%lu floor_ns=%lu ratio=%.2f budget_ns=%lu\n",
           (unsigned long)median_ns, (unsigned long)floor_ns, (double)median_ns / (double)floor_ns,
           (unsigned long)(floor_ns + 2 * trap_ns));
    printf("bench sud_trap median_ns=%lu\n", (unsigned long)trap_ns);
    return 0;
}
