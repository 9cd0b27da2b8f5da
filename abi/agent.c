/*
 * ABI mode: an unmodified static seL4 x86_64 root task runs in a process of
 * its own, and its `syscall` instructions are trapped with Linux Syscall
 * User Dispatch (SUD). Every seL4 thread is a host thread of that process;
 * the runner (host/runner.c) hands the one emulated core between them.
 *
 * The seL4 program owns FS (its TLS, set with seL4_SetTLSBase), so every
 * signal enters through abi_signal_entry, which first allows syscalls and
 * loads libc's thread pointer, and puts the program's back on the way out.
 * Syscalls trapped by SUD arrive as SIGSYS with the registers of seL4's
 * convention (SEL4-FACTS (a)) in the signal context; the reply goes back
 * the way seL4's sysretq leaves it: rcx = next rip, r11 = flags, rsp = 0.
 */
#define _GNU_SOURCE
#include "abi.h"
#include <runner.h>
#include <machine.h>
#include <backtrace.h>
#include <structures.h>

#include <link.h>
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_OFF 0
#define PR_SYS_DISPATCH_ON 1
#endif
#define SUD_ALLOW 0
#define SUD_BLOCK 1
#define SA_RESTORER_FLAG 0x04000000

_Static_assert(offsetof(struct host_signal_area, host_fs) == 0, "abi_signal_entry uses offset 0");
_Static_assert(offsetof(struct host_signal_area, selector) == 8, "abi_signal_entry uses offset 8");
_Static_assert(HOST_ALTSTACK_SIZE == 0x40000, "abi_signal_entry masks with the altstack size");

/*
 * The only code allowed to make Linux syscalls while dispatch is on: the
 * signal return. It sits in its own section so that the allowed range
 * holds nothing else. Its call frame info describes the signal frame the
 * kernel built (ucontext at rsp on entry), so gdb and other unwinders go on
 * from a handler into the interrupted seL4 code; the nop in front lets an
 * unwinder looking up "return address - 1" find it, as glibc's does.
 */
/* DW_CFA_expression: DWARF register n is at DW_OP_breg7 (rsp) + a one- or two-byte SLEB128 offset. */
#define UC_GREG(n) "0x10, " #n ", 0x02, 0x77, "
#define UC_GREG2(n) "0x10, " #n ", 0x03, 0x77, "
__asm__(".pushsection .text.sel4emu_sud_allowed, \"ax\", @progbits\n"
        "    .cfi_startproc simple\n"
        "    .cfi_signal_frame\n"
        /* CFA = the interrupted rsp (uc_mcontext.gregs[REG_RSP], ucontext + 160) */
        "    .cfi_escape 0x0f, 0x04, 0x77, 0xa0, 0x01, 0x06\n" /* DW_CFA_def_cfa_expression: *(rsp + 160) */
        "    .cfi_escape " UC_GREG(8) "0x28\n"             /* r8 at ucontext + 40, and so on */
        "    .cfi_escape " UC_GREG(9) "0x30\n"
        "    .cfi_escape " UC_GREG(10) "0x38\n"
        "    .cfi_escape " UC_GREG2(11) "0xc0, 0x00\n"
        "    .cfi_escape " UC_GREG2(12) "0xc8, 0x00\n"
        "    .cfi_escape " UC_GREG2(13) "0xd0, 0x00\n"
        "    .cfi_escape " UC_GREG2(14) "0xd8, 0x00\n"
        "    .cfi_escape " UC_GREG2(15) "0xe0, 0x00\n"
        "    .cfi_escape " UC_GREG2(5) "0xe8, 0x00\n"       /* rdi */
        "    .cfi_escape " UC_GREG2(4) "0xf0, 0x00\n"       /* rsi */
        "    .cfi_escape " UC_GREG2(6) "0xf8, 0x00\n"       /* rbp */
        "    .cfi_escape " UC_GREG2(3) "0x80, 0x01\n"       /* rbx */
        "    .cfi_escape " UC_GREG2(1) "0x88, 0x01\n"       /* rdx */
        "    .cfi_escape " UC_GREG2(0) "0x90, 0x01\n"       /* rax */
        "    .cfi_escape " UC_GREG2(2) "0x98, 0x01\n"       /* rcx */
        "    .cfi_escape " UC_GREG2(16) "0xa8, 0x01\n"      /* rip */
        "    nop\n"
        ".globl abi_sud_allowed_start\n"
        "abi_sud_allowed_start:\n"
        ".globl abi_signal_restorer\n"
        "abi_signal_restorer:\n"
        "    mov $15, %eax\n" /* rt_sigreturn */
        "    syscall\n"
        "    ud2\n"
        ".globl abi_sud_allowed_end\n"
        "abi_sud_allowed_end:\n"
        "    .cfi_endproc\n"
        ".popsection\n");
extern char abi_sud_allowed_start[], abi_sud_allowed_end[], abi_signal_restorer[];

uint64_t abi_dispatch(int sig, siginfo_t *info, void *uc, uint64_t user_fs);

/*
 * Every signal handler of an ABI process starts here, on the thread's
 * signal stack, whose base holds its host_signal_area: allow syscalls, save
 * the interrupted FS and selector on the stack, load libc's FS, run the C
 * handler, which returns the FS to go back with, then restore.
 */
__asm__(".pushsection .text\n"
        ".globl abi_signal_entry\n"
        ".type abi_signal_entry, @function\n"
        "abi_signal_entry:\n"
        "    .cfi_startproc\n"
        "    mov %rsp, %rax\n"
        "    and $-0x40000, %rax\n"
        "    movzbl 8(%rax), %ecx\n"
        "    push %rcx\n"              /* interrupted selector */
        "    .cfi_adjust_cfa_offset 8\n"
        "    movb $0, 8(%rax)\n"       /* SUD_ALLOW */
        "    rdfsbase %rcx\n"
        "    push %rcx\n"              /* interrupted FS */
        "    .cfi_adjust_cfa_offset 8\n"
        "    mov 0(%rax), %r8\n"
        "    wrfsbase %r8\n"           /* libc's thread pointer */
        "    push %rax\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    call abi_dispatch\n"      /* (sig, info, uc, interrupted FS) -> FS to return with */
        "    pop %rdx\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    pop %rcx\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    wrfsbase %rax\n"
        "    pop %rcx\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    movb %cl, 8(%rdx)\n"
        "    ret\n"                    /* to abi_signal_restorer */
        "    .cfi_endproc\n"
        ".size abi_signal_entry, .-abi_signal_entry\n"
        ".popsection\n");
extern char abi_signal_entry[];

struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    unsigned long mask;
};

static host_signal_fn handlers[65];

/*
 * Under valgrind, which emulates neither Syscall User Dispatch nor
 * rdfsbase/wrfsbase, a process for another VSpace can still run threads of
 * the API-mode program itself (libc's FS, no trapping): their handlers are
 * installed as they are, and trapped seL4 code is refused (before_user).
 */
static void install_plain_signal(int sig, host_signal_fn handler)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (handler)
        sigaction(sig, &sa, NULL);
}

static void install_signal(int sig, host_signal_fn handler)
{
    if (host_on_valgrind()) {
        install_plain_signal(sig, handler);
        return;
    }
    struct kernel_sigaction ka = {
        .handler = abi_signal_entry,
        .flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_RESTORER_FLAG,
        .restorer = abi_signal_restorer,
        .mask = 0,
    };
    /* Emulator code in any handler may fault on the read-only kernel window: see emulator_fault. */
    if (sig == SIGSEGV)
        ka.flags |= SA_NODEFER;
    handlers[sig] = handler;
    if (syscall(SYS_rt_sigaction, sig, &ka, NULL, sizeof(ka.mask)) != 0) {
        fprintf(stderr, "sel4emu: cannot install the handler for signal %d: %s\n", sig, strerror(errno));
        _exit(2);
    }
}

/*
 * With protection on (the default; not with --no-protect-kernel), user
 * code runs with this process's kernel window closed (no access at all),
 * so a wild access of a component is its own VM fault: it neither corrupts
 * the kernel nor reads the kernel's state or other components' memory
 * through the window (README, "Isolation"; the cost is two mprotect calls
 * per kernel entry, README "Benchmarks"). Every kernel entry from user code opens it; the thread
 * about to run user code closes it last thing, and copies what it needs
 * first (host_thread.regs). While it is closed, the process's current
 * thread runs seL4 code and no other thread of the process has anything to
 * do but wait: one still finishing a hand-over that touches the window
 * (emulator_fault) waits until the next kernel entry opens it again.
 */
static bool window_closed;      /* this process's window is closed to user code */
static uint32_t window_opened;  /* futex word: bumped each time the window opens */

/* mprotect or mmap of whole mappings fails only when Linux runs out of memory: one line, and the system stops. */
static void window_protect(bool open)
{
    if (host_kernel_window_protect(&sys.mem, open) == 0)
        return;
    fprintf(stderr, "sel4emu: out of host memory: cannot %s the kernel window %s seL4 code: %s\n",
            open ? "open" : "close", open ? "after" : "to", strerror(errno));
    host_system_stop(2);
}

static void kernel_window_open(void)
{
    if (!__atomic_load_n(&window_closed, __ATOMIC_ACQUIRE))
        return;
    window_protect(true);
    __atomic_store_n(&sys.window_closer, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&window_closed, false, __ATOMIC_RELEASE);
    __atomic_add_fetch(&window_opened, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &window_opened, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static void kernel_window_close(struct host_thread *me)
{
    if (!sys.protect_kernel)
        return;
    __atomic_store_n(&sys.window_closer, me->tid, __ATOMIC_RELEASE);
    if (!__atomic_exchange_n(&window_closed, true, __ATOMIC_ACQ_REL))
        window_protect(false);
}

static bool emulator_fault(struct host_thread *me, word_t addr)
{
    if (!sys.protect_kernel || !host_in_kernel_window(&sys.mem, addr))
        return false;
    for (;;) {
        uint32_t seen = __atomic_load_n(&window_opened, __ATOMIC_ACQUIRE);
        if (!__atomic_load_n(&window_closed, __ATOMIC_ACQUIRE))
            return true; /* open again: the access runs again */
        if (me && me->tid == __atomic_load_n(&sys.window_closer, __ATOMIC_ACQUIRE)) {
            kernel_window_open(); /* the closer itself, after closing: never meant to happen */
            return true;
        }
        syscall(SYS_futex, &window_opened, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
    }
}

/* A trapped `syscall`: seL4's kernel entry, then back as seL4's sysretq returns. */
static uint64_t abi_syscall(ucontext_t *uc, uint64_t user_fs)
{
    struct host_thread *me = host_self();
    if (!me || host_in_kernel()) {
        fprintf(stderr, "sel4emu: internal error: a trapped syscall outside seL4 code\n");
        _exit(3);
    }
    struct tcb *t = me->tcb;
    kernel_window_open();
    host_kernel_enter();
    host_save_context(t, uc);
    t->regs[CTX_FS_BASE] = user_fs;
    kernel_syscall(sys.kernel, t->regs[CTX_RDX]);
    host_after_kernel(me);
    kernel_window_open(); /* open already: a sibling that ran user code meanwhile entered the kernel since */
    host_kernel_exit_in_handler(me);

    /* As seL4's restore_user_context: sysretq unless registers were rewritten (Error no longer -1). */
    bool sysret = t->regs[CTX_ERROR] == (word_t)-1;
    host_restore_context(t, uc);
    if (sysret) {
        uc->uc_mcontext.gregs[REG_RCX] = (greg_t)t->regs[CTX_NEXT_IP];
        uc->uc_mcontext.gregs[REG_R11] = (greg_t)t->regs[CTX_FLAGS];
        uc->uc_mcontext.gregs[REG_RSP] = 0;
    }
    uint64_t fs = t->regs[CTX_FS_BASE];
    host_kernel_leave();
    kernel_window_close(me);
    return fs;
}

static bool is_user_pc(struct host_thread *me, word_t pc);

/* x86 page-fault error code bits */
#define PF_ERROR_PRESENT 1u
#define PF_ERROR_WRITE 2u

/*
 * The executable segments of this process's loaded objects (sel4emu, libc,
 * the vDSO, an API-mode program), listed once per process: seL4 binaries are
 * never among them. dladdr would take the loader's lock, which a signal
 * handler may not.
 */
#define MAX_CODE_RANGES 128
static struct { word_t start, end; } code_ranges[MAX_CODE_RANGES];
static unsigned n_code_ranges;

static int add_code_ranges(struct dl_phdr_info *obj, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (unsigned i = 0; i < obj->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &obj->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        if (n_code_ranges == MAX_CODE_RANGES) {
            fprintf(stderr, "sel4emu: more than %d code segments loaded; cannot tell emulator code apart\n",
                    MAX_CODE_RANGES);
            _exit(2);
        }
        word_t start = obj->dlpi_addr + ph->p_vaddr;
        code_ranges[n_code_ranges].start = start;
        code_ranges[n_code_ranges].end = start + ph->p_memsz;
        n_code_ranges++;
    }
    return 0;
}

static bool in_loaded_code(word_t pc)
{
    for (unsigned i = 0; i < n_code_ranges; i++)
        if (pc >= code_ranges[i].start && pc < code_ranges[i].end)
            return true;
    return false;
}

uint64_t abi_dispatch(int sig, siginfo_t *info, void *uc, uint64_t user_fs)
{
    if (sig == SIGSYS)
        return abi_syscall(uc, user_fs);
    /* Back to user code with the thread's FS (it may have changed meanwhile); to ours with ours. */
    bool from_user = !host_in_kernel() && is_user_pc(host_self(), (word_t)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP]);
    if (from_user)
        kernel_window_open();
    handlers[sig](sig, info, uc);
    struct host_thread *me = host_self();
    if (from_user && me && me->tcb && !me->api_code) {
        uint64_t fs = me->tcb->regs[CTX_FS_BASE];
        kernel_window_close(me);
        return fs;
    }
    return user_fs; /* emulator code, or an API-mode thread: libc's FS */
}

/*
 * Under a debugger every frame of this process's VSpace is mapped before
 * seL4 code runs (not on first touch), so gdb can read the program and put
 * breakpoints anywhere in it; then `sel4emu run --gdb` stops here once.
 */
static void ready_for_debugger(struct tcb *t)
{
    static bool done;
    if (done)
        return;
    done = true;
    word_t vaddr = 0, paddr, size_bits, asid = 0;
    bool writable;
    kernel_thread_vspace(sys.kernel, t, &asid);
    while (kernel_vspace_next_mapping(sys.kernel, t, &vaddr, &paddr, &size_bits, &writable) == 0) {
        if (host_paddr_backed(&sys.mem, paddr, BIT(size_bits)))
            host_vspace_map(NULL, asid, vaddr, paddr, size_bits, writable, true, false);
        vaddr += BIT(size_bits);
        if (!vaddr)
            break;
    }
    sel4emu_debugger_stop(t);
}

/*
 * A new seL4 thread starts with the x87/SSE/AVX registers in their initial
 * state, as seL4 gives it, not with what the emulator's code (libc's
 * memcpy, say) left there, which could tell it addresses of the emulator
 * in its process. XRSTOR from a header whose XSTATE_BV is 0 resets the
 * components asked for (x87, SSE, AVX, AVX-512: not AMX, which a process
 * must ask Linux for) without reading them; MXCSR is read from the legacy
 * area. The area is larger than any of those components' layout needs.
 */
#define XSTATE_RESET 0xe7u /* x87, SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM */
static _Alignas(64) uint8_t xsave_init_area[4096];
static bool have_xsave;

static void vector_state_setup(void)
{
    unsigned a, b, c, d;
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    have_xsave = (c >> 27) & 1; /* OSXSAVE: the OS has enabled XSAVE */
    uint32_t mxcsr = 0x1f80;     /* the power-on default */
    memcpy(xsave_init_area + 24, &mxcsr, sizeof(mxcsr));
}

static void vector_state_reset(void)
{
    if (have_xsave)
        __asm__ volatile("xrstor64 %0" ::"m"(*(uint8_t(*)[4096])xsave_init_area), "a"(XSTATE_RESET), "d"(0));
}

/* Last step before seL4 code: trap its syscalls, load its FS (no libc after that). */
static void before_user(struct host_thread *me, struct tcb *t)
{
    struct host_signal_area *area = host_signal_area_of(me->altstack);

    /*
     * A thread of an API-mode program started in another VSpace runs the
     * program's own code (this process is a fork of it): it makes its
     * syscalls by function call, keeps libc's FS, and is not trapped.
     */
    me->api_code = sys.api_before_user && in_loaded_code(t->regs[CTX_NEXT_IP]);
    if (me->api_code) {
        sys.api_before_user(me, t);
        return;
    }
    if (host_on_valgrind()) {
        fprintf(stderr, "sel4emu: thread \"%s\" runs a separately built seL4 binary, which cannot run under valgrind "
                        "(it emulates neither Syscall User Dispatch nor FSGSBASE); stopping\n", t->name);
        host_system_stop(2);
    }
    if (sys.debugger)
        ready_for_debugger(t);
    area->selector = SUD_ALLOW;
    if (!area->sud_on) {
        if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, (unsigned long)abi_sud_allowed_start,
                  (unsigned long)(abi_sud_allowed_end - abi_sud_allowed_start), &area->selector) != 0) {
            fprintf(stderr, "sel4emu: cannot trap the seL4 program's syscalls (Syscall User Dispatch, Linux "
                            "5.11 or later): %s\n", strerror(errno));
            host_system_stop(2);
        }
        area->sud_on = 1;
    }
    uint64_t fs = me->regs[CTX_FS_BASE];
    kernel_window_close(me);
    vector_state_reset();
    /* One asm statement: no compiler-generated (or sanitizer) code may run on the program's FS. */
    __asm__ volatile("wrfsbase %0\n\tmovb $1, (%1)" ::"r"(fs), "r"(&area->selector) : "memory");
}

/*
 * First touch of a page seL4 maps in this VSpace: map the frame for real,
 * then retry. A write to a page seL4 maps read-only is seL4's VM fault; the
 * page is present there, whatever Linux's lazily filled page tables said,
 * and one seL4 does not map is absent, whatever the host maps there.
 */
static bool page_fault(struct host_thread *me, word_t addr, word_t *error_code)
{
    word_t paddr, size_bits;
    bool writable;
    if (kernel_vspace_lookup(sys.kernel, me->tcb, addr, &paddr, &size_bits, &writable) != 0) {
        *error_code &= ~(word_t)PF_ERROR_PRESENT; /* whatever the host maps there (the kernel window) */
        return false;
    }
    if ((*error_code & PF_ERROR_WRITE) && !writable) {
        *error_code |= PF_ERROR_PRESENT;
        return false;
    }
    if (!host_paddr_backed(&sys.mem, paddr, BIT(size_bits)))
        return false; /* device registers: emulated before this (machine.c), or a VM fault */
    word_t asid = 0;
    if (kernel_thread_vspace(sys.kernel, me->tcb, &asid) == 0 || asid != sys.my_asid)
        return false; /* a thread in a VSpace this process does not run */
    /* The same path as an eager mapping: only ever over this process's own seL4 mappings. */
    word_t vaddr = addr & ~(BIT(size_bits) - 1);
    return host_vspace_map(NULL, asid, vaddr, paddr, size_bits, writable, true, false) == 0;
}

/*
 * The emulator's code is in loaded objects (sel4emu, libc, the vDSO); seL4
 * binaries never are. A thread running the API-mode program's own code
 * (which is a loaded object too) is told apart by the kernel-entry flag.
 */
static bool is_user_pc(struct host_thread *me, word_t pc)
{
    if (me && me->api_code)
        return true;
    return !in_loaded_code(pc);
}

static void process_init(void)
{
    n_code_ranges = 0;
    dl_iterate_phdr(add_code_ranges, NULL);
    vector_state_setup();
    install_signal(SIGSYS, NULL); /* abi_dispatch takes trapped syscalls itself */
}

const struct host_frontend abi_frontend = {
    .before_user = before_user,
    .process_init = process_init,
    .is_user_pc = is_user_pc,
    .install_signal = install_signal,
    .page_fault = page_fault,
    .emulator_fault = emulator_fault,
};

static void console_write(void *ctx, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(1, buf, len);
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

static struct kernel_platform abi_platform;

static void end_on_signal(int sig)
{
    host_system_stop(128 + sig);
}

int abi_run(const struct abi_options *opt)
{
    const char *why;
    char reason[320];

    if (host_on_valgrind()) {
        fprintf(stderr, "sel4emu: %s: ABI mode cannot run under valgrind (it emulates neither Syscall User Dispatch "
                        "nor FSGSBASE); run an API-mode build of the program under valgrind instead\n", opt->program);
        return 2;
    }
    if (host_check_linux(true, reason, sizeof(reason)) != 0 ||
        host_memory_create(&sys.mem, kernel_state_size(), opt->ram_size, reason, sizeof(reason)) != 0) {
        fprintf(stderr, "sel4emu: %s\n", reason);
        return 2;
    }
    sys.kernel = sys.mem.state;
    abi_platform = host_kernel_platform(console_write);
    struct kernel_trace_config trace;
    char trace_why[320];
    if (host_trace_setup(&abi_platform, &trace, opt->trace, opt->trace_file, trace_why, sizeof(trace_why)) != 0) {
        fprintf(stderr, "sel4emu: %s\n", trace_why);
        return 2;
    }
    struct kernel_boot_params p = {
        .ram = sys.mem.ram,
        .ram_paddr = HOST_RAM_PADDR,
        .ram_size = opt->ram_size,
        .image = opt->segments,
        .image_segments = opt->nsegments,
        .entry = opt->entry,
        .root_name = "rootserver",
        .plat = &abi_platform,
        .print_user_errors = opt->user_errors,
        .trace = &trace,
    };
    host_machine_boot_facts(&p);
    if (kernel_boot(sys.kernel, &p, &sys.boot, &why) != 0) {
        fprintf(stderr, "sel4emu: %s: cannot boot: %s\n", opt->program, why);
        return 2;
    }
    if (opt->file)
        host_backtrace_set_image(opt->program, opt->file, opt->file_size, opt->segments, opt->nsegments,
                                 kernel_thread_vspace(sys.kernel, sys.boot.root, NULL));

    /*
     * This process supervises: it forks a process for each VSpace (the root
     * task's first), keeps the clock, and ends everything when the system
     * stops, a process dies, or the user interrupts.
     */
    host_pin_to_one_cpu();
    sys.vspace_frontend = &abi_frontend;
    sys.protect_kernel = opt->protect_kernel;
    sys.image_path = opt->program;
    host_debugger_init();
    host_procs_init(getpid(), 0);
    host_machine_init(console_write);
    signal(SIGINT, end_on_signal);
    signal(SIGTERM, end_on_signal);
    signal(SIGHUP, end_on_signal);
    host_start_clock();
    host_hand_over(sys.boot.root);
    host_spawner_loop();
    return 3;
}
