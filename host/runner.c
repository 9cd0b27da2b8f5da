/*
 * API mode threads: every seL4 TCB that runs is a host thread of this
 * process. Exactly one of them runs user code at a time, the kernel's
 * current thread; the others wait on their own futex word. After each
 * kernel entry the entering thread hands the core to whoever the kernel
 * chose and waits for its own turn (DESIGN.md, "one emulated core").
 *
 * Kernel entries come from three places: sel4emu_syscall() (a function
 * call), the preemption tick (a signal sent to the running thread every
 * CONFIG_TIMER_TICK_MS), and CPU exceptions of user code (SIGSEGV, SIGFPE,
 * SIGILL, SIGTRAP), which become seL4 faults. Signal entries run on a
 * per-thread alternate stack, never on the seL4 thread's own stack.
 */
#define _GNU_SOURCE
#include "runner.h"
#include "backtrace.h"
#include "futex.h"
#include "machine.h"
#include <structures.h>

#include <sel4/sel4.h>
#include <sel4emu/entry.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <asm/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define ALTSTACK_SIZE HOST_ALTSTACK_SIZE
#define THREAD_STACK_SIZE (256u << 10)

static __thread struct host_thread *self;
static int host_threads = 1; /* in this process: the one it started with, and those it created */
static __thread volatile sig_atomic_t in_kernel, pending_tick;
static int tick_signal, irq_signal;

struct host_system sys;

struct host_thread *host_self(void)
{
    return self;
}

/* Host words live in shared memory (host/futex.h); the pool of host threads is this process's own. */
static void futex_wake_private(uint32_t *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void futex_wait_private(uint32_t *word, uint32_t seen)
{
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

static bool owns(struct host_thread *me)
{
    struct tcb *t = __atomic_load_n(&me->tcb, __ATOMIC_ACQUIRE);
    return t && __atomic_load_n(&tcb_host(t)->owner, __ATOMIC_ACQUIRE) == me->id;
}

static bool is_current(struct host_thread *me)
{
    bool current = owns(me) && kernel_current_thread(sys.kernel) == me->tcb;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return current;
}

/* A value under /proc/sys, for messages; -1 if unreadable. */
static long proc_sys_value(const char *path)
{
    long v = -1;
    FILE *f = fopen(path, "r");
    if (f) {
        if (fscanf(f, "%ld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

void host_out_of(const char *what, int err)
{
    fprintf(stderr,
            "sel4emu: %s: %s (a limit of the host: kernel.threads-max %ld, kernel.pid_max %ld, "
            "vm.max_map_count %ld, ulimit -u, ulimit -v or memory; host threads in this process: %d); stopping\n",
            what, strerror(err), proc_sys_value("/proc/sys/kernel/threads-max"),
            proc_sys_value("/proc/sys/kernel/pid_max"), proc_sys_value("/proc/sys/vm/max_map_count"),
            __atomic_load_n(&host_threads, __ATOMIC_RELAXED));
    host_system_stop(2);
}

static void *alloc_stack(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (p == MAP_FAILED)
        host_out_of("cannot allocate a host thread's stack", errno);
    return p;
}

static void set_altstack(struct host_thread *t)
{
    /* Aligned to its size, so the area at its base is found from any stack pointer on it; the rest goes back. */
    uint8_t *raw = alloc_stack(2 * ALTSTACK_SIZE);
    uint8_t *aligned = (uint8_t *)(((uintptr_t)raw + ALTSTACK_SIZE - 1) & ~(uintptr_t)(ALTSTACK_SIZE - 1));
    if (aligned > raw)
        munmap(raw, (size_t)(aligned - raw));
    munmap(aligned + ALTSTACK_SIZE, (size_t)(raw + 2 * ALTSTACK_SIZE - (aligned + ALTSTACK_SIZE)));
    t->altstack = aligned;
    struct host_signal_area *area = host_signal_area_of(aligned);
    syscall(SYS_arch_prctl, ARCH_GET_FS, &area->host_fs);
    stack_t ss = { .ss_sp = t->altstack, .ss_size = ALTSTACK_SIZE, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
}

void host_thread_setup(struct host_thread *t)
{
    self = t;
    t->in_kernel = &in_kernel;
    t->tid = (int)gettid();
    t->id = ((uint64_t)getpid() << 32) | (uint32_t)t->tid;
    set_altstack(t);
}

/*
 * Host threads whose TCB was destroyed wait here to be given another one:
 * a host thread never exits (it may be parked deep in a signal handler
 * interrupted in seL4 code, where unwinding cannot go).
 */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct host_thread *pool;

static void run_assigned_tcb(struct host_thread *me);

#define HOME_STACK_SIZE (64u << 10)

/* Calls fn(arg) on a fresh stack; never returns. */
void sel4emu_call_on_stack(void *stack_top, void (*fn)(struct host_thread *), struct host_thread *arg);
__asm__(".pushsection .text\n"
        ".globl sel4emu_call_on_stack\n"
        ".type sel4emu_call_on_stack, @function\n"
        "sel4emu_call_on_stack:\n"
        "    mov %rdi, %rsp\n"
        "    mov %rdx, %rdi\n"
        "    call *%rsi\n"
        "    ud2\n"
        ".size sel4emu_call_on_stack, .-sel4emu_call_on_stack\n"
        ".popsection\n");

static void pool_loop(struct host_thread *me);

/*
 * The host thread may be parked on the stack of the seL4 thread that just
 * died (a blocked syscall's frames), which a new thread may soon reuse: it
 * moves to a stack of its own before it waits in the pool.
 */
static void recycle(struct host_thread *me)
{
    bool first = !me->home_stack;
    if (first)
        me->home_stack = alloc_stack(HOME_STACK_SIZE);
    if (me->tcb)
        host_stack_leave(&me->stack_note, (uintptr_t)__builtin_frame_address(0), me->tcb->regs[CTX_RSP]);
    host_own_stack(&me->stack_note, me->home_stack, HOME_STACK_SIZE, first);
    sel4emu_call_on_stack((uint8_t *)me->home_stack + HOME_STACK_SIZE, pool_loop, me);
}

static void pool_loop(struct host_thread *me)
{
    struct tcb *old = me->tcb, *next = me->hand_over_to;

    /* Off the old thread's stack now: whoever deleted its TCB may go on (host_thread_deleted). */
    if (old) {
        host_stack_released(old->regs[CTX_RSP]);
        __atomic_add_fetch(&tcb_host(old)->left, 1, __ATOMIC_RELEASE);
        host_futex_wake(&tcb_host(old)->left, INT_MAX);
    }
    if (next) {
        me->hand_over_to = NULL;
        host_hand_over(next);
    }
    pthread_mutex_lock(&pool_lock);
    __atomic_store_n(&me->tcb, NULL, __ATOMIC_RELEASE);
    me->next_free = pool;
    pool = me;
    pthread_mutex_unlock(&pool_lock);
    for (;;) {
        uint32_t seen = __atomic_load_n(&me->pool_wake, __ATOMIC_ACQUIRE);
        if (__atomic_load_n(&me->tcb, __ATOMIC_ACQUIRE))
            run_assigned_tcb(me);
        futex_wait_private(&me->pool_wake, seen);
    }
}

static void wait_until_current(struct host_thread *me)
{
    for (;;) {
        if (!owns(me))
            recycle(me); /* its TCB was destroyed */
        uint32_t seen = __atomic_load_n(&tcb_host(me->tcb)->wake, __ATOMIC_ACQUIRE);
        if (is_current(me)) {
            host_proc_apply_unmaps();
            return;
        }
        host_futex_wait(&tcb_host(me->tcb)->wake, seen, 0);
    }
}

static void wake_tcb(struct tcb *t)
{
    __atomic_add_fetch(&tcb_host(t)->wake, 1, __ATOMIC_RELEASE);
    host_futex_wake(&tcb_host(t)->wake, 1);
}

/* Starts user code of the TCB this host thread was given, once it is current. */
static void run_assigned_tcb(struct host_thread *me)
{
    sigset_t none;

    /* Emulator code until the jump: a tick now must not take this context for the thread's. */
    in_kernel = 1;
    pending_tick = 0;
    /* Perhaps reached from inside a signal handler: take no blocked signals from there. */
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    if (me->tcb->name[0])
        pthread_setname_np(pthread_self(), me->tcb->name);
    wait_until_current(me);
    me->tcb->context_changed = false;
    host_stack_land(&me->stack_note, me->tcb->regs[CTX_RSP], true);
    memcpy(me->regs, me->tcb->regs, sizeof(me->regs));
    sys.frontend->before_user(me, me->tcb); /* may load the program's FS: no TLS from here on */
    sel4emu_enter_user(me->regs, me->in_kernel);
    __builtin_unreachable();
}

void host_start_current(struct host_thread *me)
{
    run_assigned_tcb(me);
}

bool host_in_kernel(void)
{
    return in_kernel != 0;
}

/*
 * A new host thread for the TCB arg. Its state lives in this first frame
 * of its own stack, which stays put: the thread never returns from here
 * (it runs seL4 code on other stacks, and waits in the pool on its home
 * stack). No malloc, so threads do not make glibc give them arenas.
 */
static void *thread_main(void *arg)
{
    struct host_thread me = { .tcb = arg };
    in_kernel = 1;
    host_thread_setup(&me);
    __atomic_store_n(&tcb_host(me.tcb)->owner, me.id, __ATOMIC_RELEASE);
    run_assigned_tcb(&me);
    return NULL;
}

void host_start_local_thread(struct tcb *t)
{
    struct host_thread *h;
    pthread_attr_t attr;
    pthread_t pt;

    pthread_mutex_lock(&pool_lock);
    h = pool;
    if (h)
        pool = h->next_free;
    pthread_mutex_unlock(&pool_lock);
    if (h) {
        __atomic_store_n(&tcb_host(t)->owner, h->id, __ATOMIC_RELEASE);
        __atomic_store_n(&h->tcb, t, __ATOMIC_RELEASE);
        __atomic_add_fetch(&h->pool_wake, 1, __ATOMIC_RELEASE);
        futex_wake_private(&h->pool_wake);
        return;
    }
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, THREAD_STACK_SIZE);
    int err = pthread_create(&pt, &attr, thread_main, t);
    pthread_attr_destroy(&attr);
    if (err)
        host_out_of("cannot create a host thread for an seL4 thread", err);
    __atomic_add_fetch(&host_threads, 1, __ATOMIC_RELAXED);
}

/* Hand-over of the core: wake t's host thread. */
void host_wake_tcb(struct tcb *t)
{
    wake_tcb(t);
}

/* A dump the monitor was asked for (SIGQUIT), printed by the holder of the core inside a kernel entry. */
static void take_dump_request(void)
{
    if (host_take_dump_request() && !kernel_halted(sys.kernel))
        kernel_debug_dump(sys.kernel);
}

static void NORETURN system_idle(void)
{
    word_t faults = kernel_unhandled_faults(sys.kernel);
    fprintf(stderr, "sel4emu: no thread can run any more (all are blocked or stopped); stopping\n");
    if (sys.debugger)
        sel4emu_debugger_deadlock();
    host_system_stop(faults ? 1 : 0);
}

/*
 * The core idles: this host thread, the last to leave the kernel, waits for
 * a device interrupt and enters the kernel with it (the idle thread's
 * part), until some thread can run. If no interrupt can come, nothing
 * will ever run again, and the system stops.
 */
static struct tcb *wait_for_interrupt(void)
{
    uint32_t *wake = host_machine_irq_wake();
    for (;;) {
        uint32_t seen = __atomic_load_n(wake, __ATOMIC_ACQUIRE);
        take_dump_request();
        uint32_t pins = host_machine_take_pins();
        if (pins) {
            kernel_device_interrupt(sys.kernel, pins);
            struct tcb *next = kernel_current_thread(sys.kernel);
            if (next) {
                /* the core is busy again: the clock, asleep while it idled, ticks again */
                host_futex_bump(wake);
                return next;
            }
            continue;
        }
        if (!(kernel_live_interrupt_pins(sys.kernel) & host_machine_live_pins()))
            system_idle();
        host_futex_wait(wake, seen, 0);
    }
}

void host_after_kernel(struct host_thread *me)
{
    struct tcb *next = kernel_current_thread(sys.kernel);
    if (!next)
        next = wait_for_interrupt();
    if (next == me->tcb && owns(me))
        return;
    if (!owns(me)) {
        /* It deleted its own TCB: off that thread's stack first, for the next thread may reuse it. */
        me->hand_over_to = next;
        recycle(me);
    }
    host_hand_over(next);
    wait_until_current(me);
}

/* Interrupts the devices raised during a kernel entry, or since: taken before going back to user code. */
static bool take_device_interrupts(struct host_thread *me)
{
    uint32_t pins = host_machine_take_pins();
    if (!pins)
        return false;
    kernel_device_interrupt(sys.kernel, pins);
    host_after_kernel(me);
    return true;
}

/* A device interrupt for the thread the core runs now: its host thread gets the interrupt signal. */
void host_nudge_current(void)
{
    struct tcb *cur = kernel_current_thread(sys.kernel);
    uint64_t owner = cur ? __atomic_load_n(&tcb_host(cur)->owner, __ATOMIC_ACQUIRE) : 0;
    if (owner)
        syscall(SYS_tgkill, (int)(owner >> 32), (int)(uint32_t)owner, irq_signal);
}

void host_kernel_enter(void)
{
    in_kernel = 1;
}

/* Context the kernel rewrote while we waited (WriteRegisters, fault replies): go there. */
void host_switch_if_redirected(struct host_thread *me)
{
    if (!me->tcb->context_changed)
        return;
    me->tcb->context_changed = false;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    host_stack_leave(&me->stack_note, here, here);
    host_stack_land(&me->stack_note, me->tcb->regs[CTX_RSP], false);
    sel4emu_enter_user(me->tcb->regs, me->in_kernel);
    __builtin_unreachable();
}

/* One interrupt held back during a kernel entry, taken now: a tick first, then device interrupts. */
static bool take_held_interrupt(struct host_thread *me)
{
    take_dump_request();
    if (pending_tick) {
        pending_tick = 0;
        kernel_timer_tick(sys.kernel);
        host_after_kernel(me);
        return true;
    }
    return take_device_interrupts(me);
}

/*
 * As host_kernel_exit, for kernel entries from signals: a redirect is the
 * caller's to apply, and the caller leaves the kernel (host_kernel_leave)
 * only once the signal context holds the thread's registers.
 */
void host_kernel_exit_in_handler(struct host_thread *me)
{
    while (take_held_interrupt(me))
        ;
}

void host_kernel_leave(void)
{
    in_kernel = 0;
}

void host_kernel_exit(struct host_thread *me)
{
    while (take_held_interrupt(me))
        host_switch_if_redirected(me);
    in_kernel = 0;
}

/* ---- entries from signals: the tick and CPU exceptions ---- */

static const int greg_of[N_FRAME_REGS] = {
    [CTX_RIP] = REG_RIP, [CTX_RSP] = REG_RSP, [CTX_FLAGS] = REG_EFL, [CTX_RAX] = REG_RAX,
    [CTX_RBX] = REG_RBX, [CTX_RCX] = REG_RCX, [CTX_RDX] = REG_RDX, [CTX_RSI] = REG_RSI,
    [CTX_RDI] = REG_RDI, [CTX_RBP] = REG_RBP, [CTX_R8] = REG_R8,   [CTX_R9] = REG_R9,
    [CTX_R10] = REG_R10, [CTX_R11] = REG_R11, [CTX_R12] = REG_R12, [CTX_R13] = REG_R13,
    [CTX_R14] = REG_R14, [CTX_R15] = REG_R15,
};

void host_save_context(struct tcb *t, const void *ucontext)
{
    const ucontext_t *uc = ucontext;
    for (int i = 0; i < N_FRAME_REGS; i++)
        t->regs[i] = (word_t)uc->uc_mcontext.gregs[greg_of[i]];
    t->regs[CTX_NEXT_IP] = t->regs[CTX_RIP];
}

/* Back to user code: where the kernel says, with the registers it holds. */
void host_restore_context(struct tcb *t, void *ucontext)
{
    ucontext_t *uc = ucontext;
    for (int i = 0; i < N_FRAME_REGS; i++)
        uc->uc_mcontext.gregs[greg_of[i]] = (greg_t)t->regs[i];
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)t->regs[CTX_NEXT_IP];
    t->context_changed = false;
}

extern char sel4emu_enter_user_end[];

/*
 * The tick and the device interrupt signal: an interrupt of the thread the
 * core runs. In user code it enters the kernel as seL4's interrupt entry
 * does; in emulator code it waits for the end of the kernel entry there.
 */
static void on_interrupt(int sig, siginfo_t *info, void *ctx)
{
    struct host_thread *me = self;
    int saved_errno = errno;
    bool tick = sig == tick_signal;
    word_t pc = (word_t)((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP];

    /* Not a user context yet: the jump into user code uses state no other thread may touch. */
    if (pc >= (word_t)sel4emu_enter_user && pc < (word_t)sel4emu_enter_user_end) {
        errno = saved_errno;
        return;
    }
    /*
     * A closed kernel window (protection, the default) means that the thread that
     * closed it is on its way to seL4 code (in user code the window is open
     * again by now): take the tick at its next kernel exit. Any other thread
     * here has a stale signal.
     */
    int closer = __atomic_load_n(&sys.window_closer, __ATOMIC_ACQUIRE);
    if (closer) {
        if (me && me->tid == closer)
            pending_tick = pending_tick || tick;
        errno = saved_errno;
        return;
    }
    if (!me || !is_current(me)) {
        errno = saved_errno;
        return;
    }
    if (in_kernel || (sys.frontend->is_user_pc && !sys.frontend->is_user_pc(me, pc))) {
        pending_tick = pending_tick || tick; /* device interrupts are taken at every kernel exit anyway */
        errno = saved_errno;
        return;
    }
    in_kernel = 1;
    host_save_context(me->tcb, ctx);
    me->tcb->regs[CTX_ERROR] = 0; /* interrupted in user mode: back with iretq, all registers */
    if (tick) {
        kernel_timer_tick(sys.kernel);
        host_after_kernel(me);
    }
    while (take_device_interrupts(me))
        ;
    /*
     * A trapped seL4 binary uses none of our libc: the dump may be printed
     * now. An API-mode program may be inside stdio, which the console uses:
     * its dump waits for the thread's next kernel entry.
     */
    if (sys.frontend->is_user_pc && !me->api_code)
        take_dump_request();
    host_restore_context(me->tcb, ctx);
    in_kernel = 0;
    errno = saved_errno;
}

static void NORETURN emulator_crash(int sig, siginfo_t *info, ucontext_t *uc)
{
    char msg[160];
    Dl_info where = { 0 };
    void *pc = (void *)uc->uc_mcontext.gregs[REG_RIP];
    dladdr(pc, &where);
    int n = snprintf(msg, sizeof(msg), "sel4emu: internal error: %s at %p (pc %p, %s+%#lx) inside the emulator\n",
                     strsignal(sig), info->si_addr, pc, where.dli_fname ? where.dli_fname : "?",
                     where.dli_fbase ? (unsigned long)((char *)pc - (char *)where.dli_fbase) : 0ul);
    write(2, msg, (size_t)n);
    if (getenv("SEL4EMU_DEBUG")) {
        n = snprintf(msg, sizeof(msg), "sel4emu: debug: altstack %p..%p sp %p uc %p\n", self ? self->altstack : NULL,
                     self ? (char *)self->altstack + ALTSTACK_SIZE : NULL, (void *)uc->uc_mcontext.gregs[REG_RSP], (void *)uc);
        write(2, msg, (size_t)n);
    }
    signal(sig, SIG_DFL);
    raise(sig);
    _exit(128 + sig);
}

void host_ram_bus_error(uintptr_t addr)
{
    bool window = host_in_kernel_window(&sys.mem, addr);
    bool boot_frame = sys.boot_frames_mapped && (addr >> 12 == sys.boot.ipc_buffer >> 12 ||
                                                 addr >> 12 == sys.boot.bootinfo >> 12 ||
                                                 addr >> 12 == sys.boot.extra_bootinfo >> 12);
    if (!window && !boot_frame && !host_vspace_maps(addr))
        return;
    if (host_first_to_report_ram_lost()) {
        char where[64], cause[96], msg[320];
        struct stat st;
        uintptr_t ram = (uintptr_t)sys.mem.ram;
        if (window && addr >= ram)
            snprintf(where, sizeof(where), "physical address %#lx", (unsigned long)(HOST_RAM_PADDR + (addr - ram)));
        else if (window)
            snprintf(where, sizeof(where), "the kernel's state at %#lx", (unsigned long)addr);
        else
            snprintf(where, sizeof(where), "a frame at %#lx in the process of pid %d", (unsigned long)addr,
                     (int)getpid());
        if (fstat(sys.mem.ram_fd, &st) == 0 && (uint64_t)st.st_size < sys.mem.ram_size)
            snprintf(cause, sizeof(cause), "its memfd was cut to %lld of %zu bytes", (long long)st.st_size,
                     sys.mem.ram_size);
        else
            snprintf(cause, sizeof(cause), "the host had no page to give it");
        int n = snprintf(msg, sizeof(msg), "sel4emu: out of host memory for the emulated RAM: no page for %s (%s); "
                         "stopping\n", where, cause);
        write(2, msg, (size_t)n);
        host_ram_lost_reported();
    }
    host_system_stop(2);
}

/* A SIGBUS in a process that runs no seL4 thread (ABI mode's supervisor: its clock reads TCBs). */
static void on_bus_error(int sig, siginfo_t *info, void *ctx)
{
    if (info->si_code == BUS_ADRERR)
        host_ram_bus_error((uintptr_t)info->si_addr);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A CPU exception of user code becomes the seL4 fault the x86 kernel would raise. */
static void on_exception(int sig, siginfo_t *info, void *ctx)
{
    ucontext_t *uc = ctx;
    struct host_thread *me = self;
    int saved_errno = errno;

    /* (Not an alignment check, BUS_ADRALN: user code's #AC is its own exception.) */
    if (sig == SIGBUS && info->si_code == BUS_ADRERR)
        host_ram_bus_error((uintptr_t)info->si_addr);

    bool emulator = !me || in_kernel ||
                    (sys.frontend->is_user_pc && !sys.frontend->is_user_pc(me, (word_t)uc->uc_mcontext.gregs[REG_RIP]));
    /* Emulator code meeting a closed kernel window, before anything here reads the window. */
    if (emulator && sig == SIGSEGV && sys.frontend->emulator_fault &&
        sys.frontend->emulator_fault(me, (word_t)info->si_addr)) {
        errno = saved_errno;
        return;
    }
    if (emulator || !is_current(me))
        emulator_crash(sig, info, uc);
    in_kernel = 1; /* from here on emulator code: a tick now must not take this for user code */
    word_t trapno = (word_t)uc->uc_mcontext.gregs[REG_TRAPNO];
    word_t err = (word_t)uc->uc_mcontext.gregs[REG_ERR];
    if (sig == SIGSEGV && trapno == 14 && host_mmio_access(me->tcb, uc, (word_t)info->si_addr, (err >> 1) & 1)) {
        in_kernel = 0;
        errno = saved_errno;
        return; /* a device register access, done */
    }
    if (sig == SIGSEGV && trapno == 14 && sys.frontend->page_fault &&
        sys.frontend->page_fault(me, (word_t)info->si_addr, &err)) {
        in_kernel = 0;
        errno = saved_errno;
        return; /* mapped now: the access runs again */
    }
    host_save_context(me->tcb, uc);
    if (sig == SIGSEGV && trapno == 14) {
        kernel_vm_fault(sys.kernel, (word_t)info->si_addr, err, (err >> 4) & 1);
    } else {
        if (sig == SIGFPE)
            trapno = 0;
        else if (sig == SIGILL)
            trapno = 6;
        else if (sig == SIGTRAP)
            trapno = 3;
        kernel_user_exception(sys.kernel, trapno, trapno == 13 || trapno == 14 ? err : 0);
    }
    host_after_kernel(me);
    host_restore_context(me->tcb, uc);
    in_kernel = 0;
    errno = saved_errno;
}

/* seL4_DebugHalt, from any process of the system: the whole system stops. */
static void platform_halt(void *ctx, int status)
{
    fflush(stdout);
    fflush(stderr);
    host_system_stop(status);
}

static void platform_clear(void *ctx, word_t paddr, word_t bytes)
{
    host_clear_ram(&sys.mem, paddr, bytes);
}

/* The end of an unhandled fault's report: the backtrace; under a debugger, a stop in the faulting thread. */
static void platform_backtrace(void *ctx, struct tcb *t)
{
    host_backtrace(ctx, t);
    if (sys.debugger)
        sel4emu_debugger_fault(t);
}

struct kernel_platform host_kernel_platform(void (*write)(void *ctx, const char *buf, size_t len))
{
    host_backtrace_console(write);
    return (struct kernel_platform){
        .write = write,
        .halt = platform_halt,
        .clear = platform_clear,
        .vspace_map = host_vspace_map,
        .vspace_unmap = host_vspace_unmap,
        .thread_named = host_thread_named,
        .thread_deleted = host_thread_deleted,
        .io_in = host_io_in,
        .io_out = host_io_out,
        .backtrace = platform_backtrace,
    };
}

/* Where trace lines go: stderr or SEL4EMU_TRACE_FILE, inherited by every process of the system. */
static int trace_fd = -1;

static void trace_write(void *ctx, const char *buf, size_t len)
{
    int saved_errno = errno; /* called from signal handlers too */
    while (len) {
        ssize_t n = write(trace_fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buf += n;
        len -= (size_t)n;
    }
    errno = saved_errno;
}

int host_trace_setup(struct kernel_platform *plat, struct kernel_trace_config *cfg, const char *spec,
                     const char *file, char *why, size_t why_size)
{
    char reason[256];
    if (kernel_trace_parse(spec, cfg, reason, sizeof(reason)) != 0) {
        snprintf(why, why_size, "SEL4EMU_TRACE: %s", reason);
        return -1;
    }
    if (!cfg->on)
        return 0;
    trace_fd = STDERR_FILENO;
    if (file && *file) {
        trace_fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
        if (trace_fd < 0) {
            snprintf(why, why_size, "SEL4EMU_TRACE_FILE: %s: %s", file, strerror(errno));
            return -1;
        }
    }
    plat->trace_write = trace_write;
    return 0;
}

static int clock_running;

void host_block_async_signals(void)
{
    sigset_t set;
    sigfillset(&set);
    /* a fault blocked would kill the process without its handler's word */
    sigdelset(&set, SIGBUS);
    sigdelset(&set, SIGSEGV);
    sigdelset(&set, SIGFPE);
    sigdelset(&set, SIGILL);
    sigdelset(&set, SIGTRAP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void *clock_main(void *arg)
{
    struct timespec next;

    host_block_async_signals();
    __atomic_store_n(&clock_running, 1, __ATOMIC_RELEASE);
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (;;) {
        next.tv_nsec += CONFIG_TIMER_TICK_MS * 1000000l;
        if (next.tv_nsec >= 1000000000l) {
            next.tv_nsec -= 1000000000l;
            next.tv_sec++;
        }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
            ;
        /* An idle core has no timeslice to count: sleep until an interrupt may wake a thread. */
        uint32_t seen = __atomic_load_n(host_machine_irq_wake(), __ATOMIC_ACQUIRE);
        if (!kernel_current_thread(sys.kernel) && !kernel_halted(sys.kernel)) {
            host_futex_wait(host_machine_irq_wake(), seen, 0);
            clock_gettime(CLOCK_MONOTONIC, &next);
            continue;
        }
        struct tcb *cur = kernel_current_thread(sys.kernel);
        uint64_t owner = cur ? __atomic_load_n(&tcb_host(cur)->owner, __ATOMIC_ACQUIRE) : 0;
        if (owner)
            syscall(SYS_tgkill, (int)(owner >> 32), (int)(uint32_t)owner, tick_signal);
    }
    return NULL;
}

host_signal_fn host_signal_handler(int sig)
{
    return sig == tick_signal || sig == irq_signal ? on_interrupt : on_exception;
}

static void install(int sig, void (*handler)(int, siginfo_t *, void *))
{
    if (sys.frontend->install_signal) {
        sys.frontend->install_signal(sig, handler);
        return;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* All seL4 threads share one host CPU, like the one emulated core (DESIGN.md: 4 us vs 30 us hand-offs). */
void host_pin_to_one_cpu(void)
{
    const char *s = getenv("SEL4EMU_PIN");
    if (s && strcmp(s, "0") == 0)
        return;
    int cpu = sched_getcpu();
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu < 0 ? 0 : cpu, &set);
    sched_setaffinity(0, sizeof(set), &set);
}

static void start_clock(void)
{
    pthread_t clock;
    host_machine_start_threads();
    if (pthread_create(&clock, NULL, clock_main, NULL) == 0) {
        pthread_setname_np(clock, "sel4emu-clock");
        pthread_detach(clock);
        /*
         * This process forks later (the spawner). Let the clock thread finish
         * starting first: a fork while it is inside a thread-start allocation
         * leaves the child with an allocator lock nobody releases (seen with
         * AddressSanitizer's allocator, which has no fork handlers).
         */
        while (!__atomic_load_n(&clock_running, __ATOMIC_ACQUIRE))
            sched_yield();
    }
}

void host_threads_init(struct tcb *root, bool with_clock)
{
    static struct host_thread main_thread;

    host_pin_to_one_cpu();
    host_thread_setup(&main_thread);
    if (sys.frontend->process_init)
        sys.frontend->process_init();
    if (root) {
        main_thread.tcb = root;
        tcb_host(root)->owner = main_thread.id;
    }
    tick_signal = SIGRTMIN + 6;
    irq_signal = SIGRTMIN + 7;
    install(tick_signal, on_interrupt);
    install(irq_signal, on_interrupt);
    install(SIGSEGV, on_exception);
    install(SIGBUS, on_exception);
    install(SIGFPE, on_exception);
    install(SIGILL, on_exception);
    install(SIGTRAP, on_exception);
    if (with_clock)
        start_clock();
}

/* The clock for a process that runs no seL4 thread itself (ABI mode's supervisor). */
void host_start_clock(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_bus_error;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    tick_signal = SIGRTMIN + 6;
    irq_signal = SIGRTMIN + 7;
    start_clock();
}

void host_thread_named(void *ctx, struct tcb *t, const char *name)
{
    uint64_t owner = tcb_host(t)->owner;
    char comm[16], path[64];
    if (!owner)
        return;
    snprintf(comm, sizeof(comm), "%s", name);
    snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)(owner >> 32), (int)(uint32_t)owner);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(comm, f);
        fclose(f);
    }
}

#define LET_GO_TIMEOUT_NS 2000000000ull

/*
 * The TCB is being destroyed: its host thread, wherever it is, lets go and
 * waits for another. It may be parked on the thread's stack (in a syscall),
 * memory the program may reuse as soon as the kernel returns: this kernel
 * entry waits until it is off that stack. A thread deleting its own TCB
 * leaves the stack on its way out of the kernel (host_after_kernel).
 */
void host_thread_deleted(void *ctx, struct tcb *t)
{
    struct tcb_host *h = tcb_host(t);
    uint32_t seen = __atomic_load_n(&h->left, __ATOMIC_ACQUIRE);
    uint64_t owner = __atomic_exchange_n(&h->owner, 0, __ATOMIC_ACQ_REL);
    wake_tcb(t);
    if (!owner || (self && owner == self->id))
        return;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (__atomic_load_n(&h->left, __ATOMIC_ACQUIRE) == seen) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        uint64_t waited = (uint64_t)(now.tv_sec - start.tv_sec) * 1000000000ull + (uint64_t)now.tv_nsec -
                          (uint64_t)start.tv_nsec;
        if (waited >= LET_GO_TIMEOUT_NS)
            return; /* its process is gone or stuck: nothing to wait for */
        host_futex_wait(&h->left, seen, LET_GO_TIMEOUT_NS - waited);
    }
}

/*
 * rdi = registers in seL4_UserContext order: load them all and jump to
 * CTX_NEXT_IP, without touching the thread's stack (its rsp may be anything).
 * The jump goes through one variable per process: only one seL4 thread of
 * the whole system runs at a time, so nobody else is using it.
 * rsi = the thread's in_kernel flag, cleared first: until then a tick
 * takes this for emulator code, and from here on on_interrupt knows the
 * code by its address, so no tick ever saves emulator registers as the
 * thread's, or overwrites the registers about to be loaded.
 */
word_t sel4emu_jump_target;
__asm__(".pushsection .text\n"
        ".globl sel4emu_enter_user\n"
        ".type sel4emu_enter_user, @function\n"
        "sel4emu_enter_user:\n"
        "    movl $0, (%rsi)\n"
        "    mov 0xa0(%rdi), %rax\n" /* CTX_NEXT_IP */
        "    mov %rax, sel4emu_jump_target(%rip)\n"
        "    mov 0x18(%rdi), %rax\n"
        "    mov 0x20(%rdi), %rbx\n"
        "    mov 0x28(%rdi), %rcx\n"
        "    mov 0x30(%rdi), %rdx\n"
        "    mov 0x38(%rdi), %rsi\n"
        "    mov 0x48(%rdi), %rbp\n"
        "    mov 0x50(%rdi), %r8\n"
        "    mov 0x58(%rdi), %r9\n"
        "    mov 0x60(%rdi), %r10\n"
        "    mov 0x68(%rdi), %r11\n"
        "    mov 0x70(%rdi), %r12\n"
        "    mov 0x78(%rdi), %r13\n"
        "    mov 0x80(%rdi), %r14\n"
        "    mov 0x88(%rdi), %r15\n"
        "    mov 0x08(%rdi), %rsp\n"
        "    mov 0x40(%rdi), %rdi\n"
        "    jmp *sel4emu_jump_target(%rip)\n"
        ".globl sel4emu_enter_user_end\n"
        "sel4emu_enter_user_end:\n"
        ".size sel4emu_enter_user, .-sel4emu_enter_user\n"
        ".popsection\n");
