/*
 * One host process per VSpace (DESIGN.md, "processes, threads, memory").
 *
 * Every process of an emulated system is a fork of one parent made before
 * any seL4 thread ran, so the kernel window, RAM and the emulator's code
 * sit at the same addresses in all of them, and kernel pointers (and the
 * kernel's platform function pointers) are valid everywhere. The table
 * below lives in the shared state region:
 *
 * - a TCB runs in the process whose VSpace (PML4) its VTable names; a TCB
 *   with no valid VSpace runs wherever the core happens to be (and faults);
 * - the spawner forks a process for a VSpace the first time one of its
 *   threads is chosen to run; each process has a manager thread that
 *   starts host threads other processes ask it for;
 * - mappings change in whichever process runs the kernel: a change to
 *   another process's VSpace is logged for it, and applied by its next
 *   thread to run, before that thread runs seL4 code;
 * - one process is the monitor: told when the system stops, it ends the
 *   rest, so nothing is left running.
 */
#define _GNU_SOURCE
#include "runner.h"
#include "futex.h"
#include "checkers.h"
#include "machine.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HOST_MAX_PROCS 64
#define UNMAP_LOG 64
#define SHARED_OFFSET (1ul << 20) /* where the table sits in the state region, past struct kernel */

struct host_proc {
    uint64_t pml4;          /* the VSpace this process runs; 0: a free entry */
    int32_t pid;
    uint32_t manager_wake;  /* futex: bumped for each request to its manager */
    uint64_t start_tcb;     /* kernel pointer of a TCB to start a host thread for, or 0 */
    uint32_t unmap_count;
    uint32_t unmap_all;     /* the log overflowed: drop every seL4 mapping */
    struct {
        uint64_t vaddr, size;
    } unmap[UNMAP_LOG];
};

struct host_shared {
    uint32_t spawn_wake;    /* futex: bumped for each request to the spawner */
    uint32_t pad;
    uint64_t spawn_tcb;     /* the TCB whose VSpace needs a process */
    int32_t monitor_pid;
    int32_t spawner_pid;
    int32_t stop_status;
    uint32_t stopping;
    uint32_t ram_lost;       /* futex word: has a process reported that RAM lost its host memory? */
    uint32_t dump_requested; /* SIGQUIT at the monitor: the core's holder prints a dump */
    struct host_proc procs[HOST_MAX_PROCS];
    struct host_machine machine;
};

_Static_assert(sizeof(struct host_shared) < SHARED_OFFSET, "the table fits the state region");

struct host_machine *host_shared_machine(void)
{
    return &sys.shared->machine;
}

static void stop_requested(int sig);
static void end_at_exit(void);

/*
 * Ctrl-\ (SIGQUIT) at the monitor asks for a dump of the system. The
 * kernel state may only be read inside a kernel entry, so the handler just
 * raises a flag and wakes whoever holds the core: the idle core's waiter,
 * or the running thread (the interrupt signal); it prints the dump at its
 * next kernel entry or exit (host_take_dump_request). Every other process
 * of the system ignores SIGQUIT, which the terminal sends to all of them.
 */
static void dump_signal(int sig)
{
    int saved_errno = errno;
    if (sys.shared && sys.shared->monitor_pid == getpid()) {
        __atomic_store_n(&sys.shared->dump_requested, 1, __ATOMIC_RELEASE);
        host_futex_bump(host_machine_irq_wake());
        host_nudge_current();
    }
    errno = saved_errno;
}

bool host_take_dump_request(void)
{
    return sys.shared && __atomic_load_n(&sys.shared->dump_requested, __ATOMIC_RELAXED) &&
           __atomic_exchange_n(&sys.shared->dump_requested, 0, __ATOMIC_ACQ_REL);
}

static void install_dump_signal(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = dump_signal;
    sa.sa_flags = SA_RESTART | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGQUIT, &sa, NULL);
}

void host_procs_init(int monitor_pid, word_t root_pml4)
{
    if (sys.mem.state_size < 2 * SHARED_OFFSET) {
        fprintf(stderr, "sel4emu: internal error: no room for the process table\n");
        _exit(3);
    }
    sys.shared = (struct host_shared *)((uint8_t *)sys.mem.state + SHARED_OFFSET);
    memset(sys.shared, 0, sizeof(*sys.shared));
    sys.shared->monitor_pid = monitor_pid;
    sys.shared->spawner_pid = monitor_pid;
    if (root_pml4) {
        sys.shared->procs[0].pml4 = root_pml4;
        sys.shared->procs[0].pid = getpid();
        sys.self_proc = &sys.shared->procs[0];
    }
    sys.my_asid = IT_ASID;
    signal(SIGUSR2, stop_requested);
    install_dump_signal();
    /* Orphans of the system's processes come back to the monitor, which reaps them. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    atexit(end_at_exit);
}

struct host_proc *host_proc_for(struct tcb *t)
{
    word_t pml4 = kernel_thread_vspace(sys.kernel, t, NULL);
    if (!pml4)
        return sys.self_proc;
    for (int i = 0; i < HOST_MAX_PROCS; i++) {
        if (sys.shared->procs[i].pml4 == pml4)
            return &sys.shared->procs[i];
    }
    return NULL;
}

void host_hand_over(struct tcb *t)
{
    if (__atomic_load_n(&tcb_host(t)->owner, __ATOMIC_ACQUIRE)) {
        host_wake_tcb(t);
        return;
    }
    struct host_proc *p = host_proc_for(t);
    if (p && p == sys.self_proc) {
        host_start_local_thread(t);
    } else if (p) {
        __atomic_store_n(&p->start_tcb, (uint64_t)t, __ATOMIC_RELEASE);
        __atomic_add_fetch(&p->manager_wake, 1, __ATOMIC_RELEASE);
        host_futex_wake(&p->manager_wake, 1);
    } else {
        __atomic_store_n(&sys.shared->spawn_tcb, (uint64_t)t, __ATOMIC_RELEASE);
        __atomic_add_fetch(&sys.shared->spawn_wake, 1, __ATOMIC_RELEASE);
        host_futex_wake(&sys.shared->spawn_wake, 1);
    }
}

void host_manager_loop(void)
{
    struct host_proc *p = sys.self_proc;
    for (;;) {
        uint32_t seen = __atomic_load_n(&p->manager_wake, __ATOMIC_ACQUIRE);
        struct tcb *t = (struct tcb *)__atomic_exchange_n(&p->start_tcb, 0, __ATOMIC_ACQ_REL);
        if (t)
            host_start_local_thread(t);
        else
            host_futex_wait(&p->manager_wake, seen, 0);
    }
}

/* ---- debuggers ---- */

#ifndef SEL4EMU_GDB_SCRIPT
#define SEL4EMU_GDB_SCRIPT "sel4emu_gdb.py"
#endif

void host_debugger_init(void)
{
    sys.debugger = host_env_flag("SEL4EMU_GDB") || host_env_flag("SEL4EMU_PIDS");
}

void host_announce_process(struct tcb *first)
{
    if (!host_env_flag("SEL4EMU_PIDS"))
        return;
    char symbols[PATH_MAX + 32] = "";
    if (sys.image_path && first == sys.boot.root)
        snprintf(symbols, sizeof(symbols), " -ex 'add-symbol-file %s'", sys.image_path);
    fprintf(stderr, "sel4emu: VSpace 0x%lx (thread \"%s\") is pid %d: gdb -p %d -x %s%s\n",
            (unsigned long)kernel_thread_vspace(sys.kernel, first, NULL), first->name, getpid(), getpid(),
            SEL4EMU_GDB_SCRIPT, symbols);
}

/* Empty functions for gdb's breakpoints; the asm keeps calls to them from being optimised away. */
__attribute__((noinline)) void sel4emu_debugger_deadlock(void)
{
    __asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void sel4emu_debugger_fault(struct tcb *t)
{
    __asm__ volatile("" ::"r"(t) : "memory");
}

__attribute__((noinline)) void sel4emu_debugger_stop(struct tcb *first)
{
    __asm__ volatile("" ::"r"(first) : "memory");
}

/*
 * The API-mode root task's IPC buffer and bootinfo frames, mapped at boot
 * before the spawner's fork: no other VSpace may see them at those
 * addresses.
 */
static void drop_root_boot_frames(void)
{
    if (!sys.boot_frames_mapped)
        return;
    host_unmap_range(sys.boot.ipc_buffer, 4096);
    host_unmap_range(sys.boot.bootinfo, 4096);
    host_unmap_range(sys.boot.extra_bootinfo, 4096);
    sys.boot_frames_mapped = false;
}

/* A new process for t's VSpace: the spawner's child, from here on. */
static void NORETURN run_vspace_process(struct host_proc *p, struct tcb *t)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != sys.shared->spawner_pid)
        _exit(1); /* the spawner died between fork and here */
    sys.self_proc = p;
    kernel_thread_vspace(sys.kernel, t, &sys.my_asid);
    drop_root_boot_frames();
    sys.frontend = sys.vspace_frontend;
    signal(SIGUSR2, SIG_DFL);
    host_announce_process(t);
    signal(SIGQUIT, SIG_IGN);
    host_threads_init(NULL, false);
    host_start_local_thread(t);
    host_manager_loop();
}

static const char *proc_name(struct host_proc *p, char *buf, size_t size)
{
    snprintf(buf, size, "the process of VSpace 0x%lx (pid %d)", (unsigned long)p->pml4, p->pid);
    return buf;
}

/* A process ended without the system stopping: report which and why, then stop everything. */
static void reap_children(void)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (sys.shared->stopping)
            continue;
        for (int i = 0; i < HOST_MAX_PROCS; i++) {
            struct host_proc *p = &sys.shared->procs[i];
            if (p->pid != pid)
                continue;
            char name[96];
            if (WIFSIGNALED(status))
                fprintf(stderr, "sel4emu: %s died: %s\n", proc_name(p, name, sizeof(name)),
                        strsignal(WTERMSIG(status)));
            else
                fprintf(stderr, "sel4emu: %s exited with status %d\n", proc_name(p, name, sizeof(name)),
                        WEXITSTATUS(status));
            host_system_stop(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1);
        }
    }
}

/*
 * Threads of other VSpaces run trapped (Syscall User Dispatch, FSGSBASE):
 * an API-mode program, which needs neither for its own threads, finds out
 * here whether this Linux can run them, before the first such process.
 * Under valgrind, which offers neither, the program's own threads run there
 * untrapped and a separately built binary is refused when it would start
 * (abi/agent.c).
 */
static void check_trapping(void)
{
    static bool checked;
    char why[320];
    if (checked || host_on_valgrind())
        return;
    if (host_check_linux(true, why, sizeof(why)) != 0) {
        fprintf(stderr, "sel4emu: cannot run the threads of another VSpace: %s\n", why);
        host_system_stop(2);
    }
    checked = true;
}

void host_spawner_loop(void)
{
    for (;;) {
        uint32_t seen = __atomic_load_n(&sys.shared->spawn_wake, __ATOMIC_ACQUIRE);
        struct tcb *t = (struct tcb *)__atomic_exchange_n(&sys.shared->spawn_tcb, 0, __ATOMIC_ACQ_REL);
        if (!t) {
            host_futex_wait(&sys.shared->spawn_wake, seen, 50000000); /* 50 ms */
            reap_children();
            continue;
        }
        check_trapping();
        word_t pml4 = kernel_thread_vspace(sys.kernel, t, NULL);
        struct host_proc *p = NULL;
        for (int i = 0; i < HOST_MAX_PROCS && !p; i++) {
            if (!sys.shared->procs[i].pml4)
                p = &sys.shared->procs[i];
        }
        if (!p) {
            fprintf(stderr, "sel4emu: more than %d address spaces run at once; this emulator stops here\n",
                    HOST_MAX_PROCS);
            host_system_stop(2);
        }
        memset(p, 0, sizeof(*p));
        p->pml4 = pml4;
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid == 0)
            run_vspace_process(p, t);
        if (pid < 0) {
            fprintf(stderr, "sel4emu: cannot start a process for an address space: %s\n", strerror(errno));
            host_system_stop(2);
        }
        __atomic_store_n(&p->pid, pid, __ATOMIC_RELEASE);
    }
}

void host_proc_apply_unmaps(void)
{
    struct host_proc *p = sys.self_proc;
    if (!p || (!p->unmap_count && !p->unmap_all))
        return;
    if (p->unmap_all) {
        host_vspace_unmap_all();
    } else {
        for (uint32_t i = 0; i < p->unmap_count; i++)
            host_vspace_unmap_local(p->unmap[i].vaddr, p->unmap[i].size);
    }
    p->unmap_count = 0;
    p->unmap_all = 0;
}

void host_proc_log_unmap(word_t asid, word_t vaddr, word_t size)
{
    word_t pml4 = kernel_asid_vspace(sys.kernel, asid);
    for (int i = 0; pml4 && i < HOST_MAX_PROCS; i++) {
        struct host_proc *p = &sys.shared->procs[i];
        if (p->pml4 != pml4 || p == sys.self_proc)
            continue;
        if (p->unmap_count < UNMAP_LOG) {
            p->unmap[p->unmap_count].vaddr = vaddr;
            p->unmap[p->unmap_count].size = size;
            p->unmap_count++;
        } else {
            p->unmap_all = 1;
        }
    }
}

/* Ends every other process of the system and reaps them (the monitor is their subreaper). */
static void kill_the_rest(void)
{
    sys.shared->stopping = 1;
    for (int i = 0; i < HOST_MAX_PROCS; i++) {
        pid_t pid = sys.shared->procs[i].pid;
        if (pid > 0 && pid != getpid())
            kill(pid, SIGKILL);
    }
    if (sys.shared->spawner_pid > 0 && sys.shared->spawner_pid != getpid())
        kill(sys.shared->spawner_pid, SIGKILL);
    while (waitpid(-1, NULL, __WALL) > 0 || errno == EINTR)
        ;
}

static void NORETURN end_everything(int status)
{
    kill_the_rest();
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

/* An API-mode program returning from main: the rest of its system goes with it. */
static void end_at_exit(void)
{
    if (sys.shared && sys.shared->monitor_pid == getpid())
        kill_the_rest();
}

static void stop_requested(int sig)
{
    end_everything(sys.shared->stop_status);
}

/* sys.shared->ram_lost: */
enum { RAM_LOST_NO, RAM_LOST_REPORTING, RAM_LOST_REPORTED };

bool host_first_to_report_ram_lost(void)
{
    uint32_t no = RAM_LOST_NO;
    if (!sys.shared || __atomic_compare_exchange_n(&sys.shared->ram_lost, &no, RAM_LOST_REPORTING, false,
                                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return true;
    /* Not the first: stopping the system now could kill the first before its line is out (a second at most). */
    for (int i = 0; i < 100 && __atomic_load_n(&sys.shared->ram_lost, __ATOMIC_ACQUIRE) != RAM_LOST_REPORTED; i++)
        host_futex_wait(&sys.shared->ram_lost, RAM_LOST_REPORTING, 10000000);
    return false;
}

void host_ram_lost_reported(void)
{
    if (!sys.shared)
        return;
    __atomic_store_n(&sys.shared->ram_lost, RAM_LOST_REPORTED, __ATOMIC_RELEASE);
    host_futex_wake(&sys.shared->ram_lost, INT_MAX);
}

void host_system_stop(int status)
{
    if (!sys.shared || sys.shared->monitor_pid == getpid())
        end_everything(status);
    sys.shared->stop_status = status;
    __atomic_store_n(&sys.shared->stopping, 1, __ATOMIC_RELEASE);
    kill(sys.shared->monitor_pid, SIGUSR2);
    fflush(stdout);
    _exit(status);
}

/* Why a process ended, for the one line that reports it. */
static void describe_end(const siginfo_t *si, char *buf, size_t size)
{
    if (si->si_code == CLD_EXITED)
        snprintf(buf, size, "exited with status %d", si->si_status);
    else
        snprintf(buf, size, "died: %s", strsignal(si->si_status));
}

/*
 * API mode: the monitor (the program) learns of its spawner's end here. The
 * spawner reaps the VSpaces' processes and reports their deaths; without it
 * the system cannot go on, so an end the system did not ask for is reported
 * and stops everything. The zombie stays for kill_the_rest to reap.
 */
static void *watch_spawner(void *arg)
{
    pid_t pid = (pid_t)(intptr_t)arg;
    siginfo_t si;
    host_block_async_signals();
    memset(&si, 0, sizeof(si));
    while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) != 0) {
        if (errno != EINTR)
            return NULL;
    }
    if (__atomic_load_n(&sys.shared->stopping, __ATOMIC_ACQUIRE))
        return NULL;
    char why[64];
    describe_end(&si, why, sizeof(why));
    fprintf(stderr, "sel4emu: the spawner process (pid %d), which starts and reaps the VSpaces' processes, %s\n",
            (int)pid, why);
    host_system_stop(si.si_code == CLD_EXITED ? 1 : 128 + si.si_status);
    return NULL;
}

/* The spawner of an API-mode program: a process of its own, forked before any thread exists. */
void host_start_spawner_process(void)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "sel4emu: cannot start the spawner process: %s\n", strerror(errno));
        _exit(2);
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != sys.shared->monitor_pid)
            _exit(1);
        signal(SIGUSR2, SIG_DFL);
        signal(SIGQUIT, SIG_IGN);
        drop_root_boot_frames();
        sys.shared->spawner_pid = getpid();
        host_spawner_loop();
    }
    sys.shared->spawner_pid = pid;
    pthread_t watcher;
    if (pthread_create(&watcher, NULL, watch_spawner, (void *)(intptr_t)pid) == 0) {
        pthread_setname_np(watcher, "sel4emu-watch");
        pthread_detach(watcher);
    }
}
