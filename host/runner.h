/* Shared state of the API front end (libsel4emu). */
#pragma once

#include <kernel.h>
#include <host.h>
#include "checkers.h"
#include <structures.h>

#include <signal.h>

struct host_thread;
struct tcb;

/* What differs between the API and the ABI front end, for the runner. */
struct host_frontend {
    /*
     * The last step before a host thread runs t's user code for the first
     * time (or again after a reassignment): TLS, syscall trapping. It may
     * not call libc after switching the thread to the seL4 program's FS.
     */
    void (*before_user)(struct host_thread *me, struct tcb *t);
    /* Installs a signal handler in this process; NULL: plain sigaction. */
    void (*install_signal)(int sig, void (*handler)(int, siginfo_t *, void *));
    /* Whether an exception at pc happened in seL4 code (not the emulator's); NULL: in_kernel decides. */
    bool (*is_user_pc)(struct host_thread *me, word_t pc);
    /* Once per process, before its first thread: e.g. trap handlers. NULL: nothing. */
    void (*process_init)(void);
    /*
     * A page fault of user code at addr: true if it mapped what seL4 maps
     * there. If false, *error_code (x86's) is what seL4's hardware reports.
     */
    bool (*page_fault)(struct host_thread *me, word_t addr, word_t *error_code);
    /*
     * A SIGSEGV of emulator code at addr: true if it was only the kernel
     * window, closed while user code runs, and the access can run again.
     */
    bool (*emulator_fault)(struct host_thread *me, word_t addr);
};

struct host_proc;
struct host_shared;

struct host_system {
    struct host_memory mem;
    struct kernel *kernel;
    struct kernel_boot_info boot;
    const struct host_frontend *frontend;   /* this process's */
    const struct host_frontend *vspace_frontend; /* for processes spawned for other VSpaces (trapped syscalls) */
    struct host_shared *shared;             /* process table, in the shared state region */
    struct host_proc *self_proc;            /* this process's entry */
    word_t my_asid;                         /* the VSpace this process runs */
    bool boot_frames_mapped;                /* API mode mapped the root's IPC buffer and bootinfo at boot */
    bool protect_kernel;                    /* trapped user code runs with the kernel window inaccessible */
    int window_closer;                      /* protect_kernel: the host thread (tid) that closed this process's
                                               window to run seL4 code, which may not touch it then; 0: open */
    bool debugger;                          /* SEL4EMU_GDB / SEL4EMU_PIDS: gdb may attach (docs/DEBUGGING.md) */
    const char *image_path;                 /* ABI mode: the root task's image, for gdb's symbols */
    /* API mode: readies a host thread to run the program's own code (its IPC buffer pointer). */
    void (*api_before_user)(struct host_thread *me, struct tcb *t);
};

/*
 * The host side of a TCB, in its host words (shared memory): the futex word
 * its host thread waits on and which host thread that is. A host thread
 * runs its TCB only while `owner` names it: a deleted TCB, or one whose
 * memory was reused, no longer does, and its old host thread lets go.
 */
struct tcb_host {
    uint32_t wake;   /* bumped on every hand-over to this TCB */
    uint32_t left;   /* futex: bumped by its old host thread once it let go (is off the thread's stack) */
    uint64_t owner;  /* (pid << 32) | tid of its host thread; 0: none yet */
};
_Static_assert(sizeof(struct tcb_host) <= TCB_HOST_WORDS * sizeof(word_t), "fits the TCB's host words");

static inline struct tcb_host *tcb_host(struct tcb *t)
{
    return (struct tcb_host *)t->host;
}

/* ---- debuggers (host/procs.c) ---- */

/*
 * With SEL4EMU_PIDS set, a new process of the system says which VSpace it
 * runs, its pid and the gdb command that attaches to it. Reads the
 * environment into sys.debugger (SEL4EMU_GDB or SEL4EMU_PIDS) the first time.
 */
void host_debugger_init(void);
void host_announce_process(struct tcb *first);

/* Called once a process under a debugger has mapped its VSpace: `sel4emu run --gdb` stops here. */
void sel4emu_debugger_stop(struct tcb *first);

/* Called under a debugger when no thread can run any more, before the system stops: gdb stops here. */
void sel4emu_debugger_deadlock(void);

/* Called under a debugger by a thread whose fault found no handler, after the report: gdb stops here. */
void sel4emu_debugger_fault(struct tcb *t);

/* ---- processes (host/procs.c) ---- */

/* Sets up the process table; this process (pid) is told when the system stops. */
void host_procs_init(int monitor_pid, word_t root_pml4);

/* The process that runs t's VSpace: this one, another, or NULL (none yet). */
struct host_proc *host_proc_for(struct tcb *t);

/* Lets t run: wakes its host thread, or has one made (here, in its process, or in a new process). */
void host_hand_over(struct tcb *t);

/* Runs the spawner: forks a process for each VSpace that needs one; returns only in a new process. */
void host_spawner_loop(void);

/* Applies the unmaps other processes logged for this process's VSpace. */
void host_proc_apply_unmaps(void);

/* A mapping of a VSpace run by another process changed: that process drops it before it runs again. */
void host_proc_log_unmap(word_t asid, word_t vaddr, word_t size);

/* True once for each dump the monitor was asked for (SIGQUIT); the caller, inside a kernel entry, prints it. */
bool host_take_dump_request(void);

/*
 * True for the first process of the system to call it: that one reports
 * lost RAM (host_ram_bus_error), then calls host_ram_lost_reported. The
 * others return false once that report is out.
 */
bool host_first_to_report_ram_lost(void);
void host_ram_lost_reported(void);

/*
 * A SIGBUS (BUS_ADRERR) at addr: if addr is emulated RAM (the kernel window, or a frame
 * this process maps), the host could not give it a page: out of memory, or
 * the RAM memfd was cut short. One line, and the system stops with status
 * 2. Returns only if addr is not emulated RAM. Async-signal context.
 */
void host_ram_bus_error(uintptr_t addr);

/* Stops the whole emulated system: every process, with this exit status. */
void host_system_stop(int status) __attribute__((noreturn));

/*
 * The host ran out of something seL4 has no word for (threads, mappings,
 * memory): one line with what failed, errno's text and the host's limits,
 * then the system stops with status 2 (README, "Limits").
 */
void host_out_of(const char *what, int err) __attribute__((noreturn));

/* Runs a TCB's host thread in this process (process-local start or pool reuse). */
void host_start_local_thread(struct tcb *t);

/* The calling process's manager: starts host threads other processes ask for; never returns. */
void host_manager_loop(void) __attribute__((noreturn));

extern struct host_system sys;

int host_vspace_map(void *ctx, word_t asid, word_t vaddr, word_t paddr, word_t size_bits, bool writable,
                   bool executable, bool device);
void host_vspace_unmap(void *ctx, word_t asid, word_t vaddr, word_t size_bits);
bool host_vspace_maps(uintptr_t addr);
void host_vspace_unmap_local(word_t vaddr, word_t size);
void host_vspace_unmap_all(void);
void host_start_spawner_process(void);
void host_pin_to_one_cpu(void);

struct tcb;

/* The host side of one seL4 thread in API mode. */
struct host_thread {
    struct tcb *tcb;
    uint32_t pool_wake;     /* futex word while it waits in the pool */
    int tid;
    uint64_t id;            /* (pid << 32) | tid, as in tcb_host.owner */
    void *altstack;         /* signal stack (HOST_ALTSTACK_SIZE, aligned): kernel entries from signals run here */
    word_t call_site;       /* FaultIP of the syscall this thread is in */
    struct host_thread *next_free; /* in the pool of host threads without a TCB */
    void *home_stack;       /* where it waits in the pool, off any seL4 thread's stack */
    bool api_code;          /* runs code of the API-mode program (function-call syscalls), not a trapped binary */
    struct host_stack_note stack_note; /* what the memory checkers know of the seL4 stack it runs on */
    volatile sig_atomic_t *in_kernel;  /* its kernel-entry flag (in libc's TLS), for sel4emu_enter_user */
    struct tcb *hand_over_to;   /* the thread to run once it is off its deleted TCB's stack */
    word_t regs[N_REGS];    /* what the jump to user code loads: a copy, as the kernel window may be closed then */
};

/*
 * The signal stack of every host thread is HOST_ALTSTACK_SIZE bytes,
 * aligned to its size, and starts with this area, so that code entered by a
 * signal can find its thread's state from the stack pointer alone (before
 * it may use TLS).
 */
#define HOST_ALTSTACK_SIZE (256u << 10)
struct host_signal_area {
    uint64_t host_fs;   /* libc's thread pointer for this host thread */
    uint64_t selector;  /* Syscall User Dispatch selector byte (ABI mode) */
    uint64_t sud_on;    /* dispatch is enabled for this thread */
};

static inline struct host_signal_area *host_signal_area_of(void *altstack)
{
    return (struct host_signal_area *)altstack;
}

/*
 * Sets up threading in this process: signals, and the calling thread as
 * root's host thread if root is given; the clock thread if start_clock.
 */
void host_threads_init(struct tcb *root, bool start_clock);

/* Blocks every signal in the calling helper thread (clock, devices) but the synchronous faults. */
void host_block_async_signals(void);

/* The clock thread, in a process that runs no seL4 thread (ABI mode's supervisor). */
void host_start_clock(void);

/* Sends the device interrupt signal to the host thread of the thread the core runs, if any. */
void host_nudge_current(void);

/* Wakes t's host thread (it exists). */
void host_wake_tcb(struct tcb *t);

/* Sets up the calling thread as a host thread (signal stack, identity). */
void host_thread_setup(struct host_thread *t);

/* Runs the calling host thread's TCB once it is current: jumps to user code, never returns. */
void host_start_current(struct host_thread *me);

/* True while the calling host thread runs emulator code rather than seL4 code. */
bool host_in_kernel(void);

/* The runner's handler for a signal (tick, CPU exceptions), for front ends that wrap handlers. */
typedef void (*host_signal_fn)(int, siginfo_t *, void *);
host_signal_fn host_signal_handler(int sig);

/* Copy a signal context into a TCB's registers, and back. */
void host_save_context(struct tcb *t, const void *ucontext);
void host_restore_context(struct tcb *t, void *ucontext);

/* After a kernel entry by `me`: hand the core on, and return once `me` runs again. */
void host_after_kernel(struct host_thread *me);

/* The calling host thread's seL4 thread. */
struct host_thread *host_self(void);

/* If another thread rewrote me's registers to go elsewhere, go there (never returns then). */
void host_switch_if_redirected(struct host_thread *me);

/* Kernel entry bracket: ticks arriving inside it are deferred. */
void host_kernel_enter(void);
void host_kernel_exit(struct host_thread *me);
void host_kernel_exit_in_handler(struct host_thread *me);
void host_kernel_leave(void);

/*
 * The kernel's platform in every process of an emulated system: the host
 * layer's memory, mapping, thread and halt hooks, with this front end's
 * console (write).
 */
struct kernel_platform host_kernel_platform(void (*write)(void *ctx, const char *buf, size_t len));

/*
 * The syscall trace (SEL4EMU_TRACE=spec, SEL4EMU_TRACE_FILE=path): parses
 * the spec into cfg and, when it turns tracing on, opens the file (once,
 * before any fork, appending, so every process of the system writes whole
 * lines into it; stderr without one) and sets plat->trace_write. Returns 0,
 * or -1 with a one-line message in why.
 */
int host_trace_setup(struct kernel_platform *plat, struct kernel_trace_config *cfg, const char *spec,
                     const char *file, char *why, size_t why_size);

void host_thread_named(void *ctx, struct tcb *t, const char *name);
void host_thread_deleted(void *ctx, struct tcb *t);

/*
 * Jumps to the user context in regs (seL4_UserContext order); never returns.
 * Clears *in_kernel (the caller's kernel-entry flag) on the way, once no
 * interrupt can take the caller for user code any more.
 * Not declared noreturn: AddressSanitizer would then check the stack it
 * leaves, which may be a user stack it knows nothing of.
 */
void sel4emu_enter_user(const word_t *regs, volatile sig_atomic_t *in_kernel);
