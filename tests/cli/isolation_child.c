/*
 * The isolation test's children (isolation.h): the victim, which keeps a
 * secret in a frame and answers the root's checks, and the attacker, which
 * tries everything a component can do from its own VSpace:
 *
 *  - scribbles over all of its own writable frames (which must work), and
 *    stores to and loads from addresses outside them: unmapped ones, its
 *    read-only image, the victim's secret's address, the API-mode root's
 *    IPC buffer and bootinfo, the kernel half, non-canonical addresses and
 *    random ones (a seeded PRNG) in the ranges that Linux and the emulator
 *    leave free in its process;
 *  - calls random addresses (and a few chosen ones);
 *  - makes Linux system calls with the `syscall` instruction: write to
 *    stdout and stderr, getpid, getppid and a SIGKILL to what it returned,
 *    openat(O_CREAT), mmap, mprotect of the kernel window, prctl turning off
 *    Syscall User Dispatch, rt_sigreturn and exit_group;
 *  - forges cptrs: seL4_Call on cptrs outside its CNode, on its empty
 *    slots, and CNode_Copy with forged roots, indices and depths;
 *  - reads and writes the kernel window (host/host.h), where sel4emu keeps
 *    the kernel's state and all of emulated RAM in every process.
 *
 * Every probe that must fault runs under iso_try: the root, its fault
 * handler, sends it to iso_recover, which returns 1 from iso_try. What did
 * not go as it must is counted in the control frame for the root to report.
 */
#include <sel4/sel4.h>
#include <sel4emu_child.h>

#include <stdbool.h>
#include <stdint.h>

#include "isolation.h"

/* ---- the victim ---- */

static seL4_Word checksum(const volatile seL4_Word *w, seL4_Word n)
{
    seL4_Word sum = 0;
    for (seL4_Word i = 0; i < n; i++)
        sum = ((sum << 7) | (sum >> 57)) ^ w[i];
    return sum;
}

static int __attribute__((noreturn)) victim(void)
{
    seL4_Word badge;
    seL4_Recv(ISO_SLOT_VICTIM_EP, &badge);
    for (;;) {
        seL4_Word request = seL4_GetMR(0);
        seL4_SetMR(0, request + 1);
        seL4_SetMR(1, checksum((const volatile seL4_Word *)ISO_SECRET, 512));
        seL4_ReplyRecv(ISO_SLOT_VICTIM_EP, seL4_MessageInfo_new(ISO_LABEL_CHECK, 0, 0, 2), &badge);
    }
}

/* ---- the attacker's tools ---- */

/*
 * seL4_Word iso_try(fn, a, b, c): calls fn(a, b, c) and returns 0; or 1 if fn
 * faulted and the root restarted this thread at iso_recover, which goes
 * back to iso_try's caller with the stack and registers iso_try saved.
 */
seL4_Word iso_try(void *fn, seL4_Word a, seL4_Word b, seL4_Word c);
void iso_recover(void);
void iso_store(seL4_Word addr, seL4_Word value);
seL4_Word iso_load(seL4_Word addr);
seL4_Word iso_linux_syscall(seL4_Word nr, seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3, seL4_Word a4);
seL4_Word iso_saved_sp;
__asm__(".pushsection .text\n"
        ".globl iso_try\n"
        "iso_try:\n"
        "    push %rbx\n"
        "    push %rbp\n"
        "    push %r12\n"
        "    push %r13\n"
        "    push %r14\n"
        "    push %r15\n"
        "    sub $8, %rsp\n"
        "    mov %rsp, iso_saved_sp(%rip)\n"
        "    mov %rdi, %rax\n"
        "    mov %rsi, %rdi\n"
        "    mov %rdx, %rsi\n"
        "    mov %rcx, %rdx\n"
        "    call *%rax\n"
        "    xor %eax, %eax\n"
        "1:  add $8, %rsp\n"
        "    pop %r15\n"
        "    pop %r14\n"
        "    pop %r13\n"
        "    pop %r12\n"
        "    pop %rbp\n"
        "    pop %rbx\n"
        "    ret\n"
        ".globl iso_recover\n"
        "iso_recover:\n"
        "    mov iso_saved_sp(%rip), %rsp\n"
        "    mov $1, %eax\n"
        "    jmp 1b\n"
        ".globl iso_store\n"
        "iso_store:\n"
        "    mov %rsi, (%rdi)\n"
        "    ret\n"
        ".globl iso_load\n"
        "iso_load:\n"
        "    mov (%rdi), %rax\n"
        "    ret\n"
        /*
         * Linux's convention: rax = number, rdi, rsi, rdx, r10, r8 (rdx is also
         * seL4's syscall number). seL4 returns from a syscall with rsp = 0: rbx
         * keeps it, as in libsel4's stubs.
         */
        ".globl iso_linux_syscall\n"
        "iso_linux_syscall:\n"
        "    push %rbx\n"
        "    mov %rsp, %rbx\n"
        "    mov %rdi, %rax\n"
        "    mov %rsi, %rdi\n"
        "    mov %rdx, %rsi\n"
        "    mov %rcx, %rdx\n"
        "    mov %r8, %r10\n"
        "    mov %r9, %r8\n"
        "    xor %r9d, %r9d\n"
        "    syscall\n"
        "    mov %rbx, %rsp\n"
        "    pop %rbx\n"
        "    ret\n"
        ".popsection\n");

/*
 * The children's entry: it keeps the registers the root did not write
 * (seL4_TCB_WriteRegisters with rip, rsp, rdi and rsi only), FS and GS
 * and the SSE registers, which must all be 0 at the start of a thread, and
 * goes on to the runtime's start.
 */
#define START_WORDS (13 + 2 + 32)
seL4_Word iso_start_regs[START_WORDS];
__asm__(".pushsection .text\n"
        ".globl iso_entry\n"
        "iso_entry:\n"
        "    mov %rax, iso_start_regs+0(%rip)\n"
        "    mov %rbx, iso_start_regs+8(%rip)\n"
        "    mov %rcx, iso_start_regs+16(%rip)\n"
        "    mov %rdx, iso_start_regs+24(%rip)\n"
        "    mov %rbp, iso_start_regs+32(%rip)\n"
        "    mov %r8, iso_start_regs+40(%rip)\n"
        "    mov %r9, iso_start_regs+48(%rip)\n"
        "    mov %r10, iso_start_regs+56(%rip)\n"
        "    mov %r11, iso_start_regs+64(%rip)\n"
        "    mov %r12, iso_start_regs+72(%rip)\n"
        "    mov %r13, iso_start_regs+80(%rip)\n"
        "    mov %r14, iso_start_regs+88(%rip)\n"
        "    mov %r15, iso_start_regs+96(%rip)\n"
        "    rdfsbase %rax\n"
        "    mov %rax, iso_start_regs+104(%rip)\n"
        "    rdgsbase %rax\n"
        "    mov %rax, iso_start_regs+112(%rip)\n"
        "    movdqu %xmm0, iso_start_regs+120(%rip)\n"
        "    movdqu %xmm1, iso_start_regs+136(%rip)\n"
        "    movdqu %xmm2, iso_start_regs+152(%rip)\n"
        "    movdqu %xmm3, iso_start_regs+168(%rip)\n"
        "    movdqu %xmm4, iso_start_regs+184(%rip)\n"
        "    movdqu %xmm5, iso_start_regs+200(%rip)\n"
        "    movdqu %xmm6, iso_start_regs+216(%rip)\n"
        "    movdqu %xmm7, iso_start_regs+232(%rip)\n"
        "    movdqu %xmm8, iso_start_regs+248(%rip)\n"
        "    movdqu %xmm9, iso_start_regs+264(%rip)\n"
        "    movdqu %xmm10, iso_start_regs+280(%rip)\n"
        "    movdqu %xmm11, iso_start_regs+296(%rip)\n"
        "    movdqu %xmm12, iso_start_regs+312(%rip)\n"
        "    movdqu %xmm13, iso_start_regs+328(%rip)\n"
        "    movdqu %xmm14, iso_start_regs+344(%rip)\n"
        "    movdqu %xmm15, iso_start_regs+360(%rip)\n"
        "    jmp _sel4_start_child\n"
        ".popsection\n");

static volatile struct iso_control *const ctl = (volatile struct iso_control *)ISO_CONTROL;

static seL4_Word rng = 0x15017a7e5eed0001ul;

static seL4_Word random_word(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A random address in [lo, hi), 8-byte aligned. */
static seL4_Word random_in(seL4_Word lo, seL4_Word hi)
{
    return (lo + random_word() % (hi - lo)) & ~7ul;
}

static void miss(enum iso_kind kind, seL4_Word target)
{
    if (!ctl->missed[kind]++)
        ctl->first_miss[kind] = target;
}

/* Runs fn(a, b, c) as a probe of this kind at target; true if it faulted. */
static bool probe(enum iso_kind kind, seL4_Word target, void *fn, seL4_Word a, seL4_Word b, seL4_Word c)
{
    ctl->kind = kind;
    ctl->target = target;
    ctl->tried[kind]++;
    return iso_try(fn, a, b, c) != 0;
}

/* A probe that must fault. */
static void must_fault(enum iso_kind kind, seL4_Word target, void *fn, seL4_Word a, seL4_Word b)
{
    if (!probe(kind, target, fn, a, b, 0))
        miss(kind, target);
}

static void store_and_load(seL4_Word addr)
{
    must_fault(ISO_STORE, addr, (void *)iso_store, addr, 0xbadc0ffee0ddf00dul);
    must_fault(ISO_LOAD, addr, (void *)iso_load, addr, 0);
}

/* Addresses that nothing in its process uses, Linux's or the emulator's (isolation.c explains). */
#define FREE_LOW_START 0x40000000ul
#define FREE_LOW_END 0x7fff0000ul
#define FREE_HIGH_START 0x110000000000ul
#define FREE_HIGH_END 0x1f0000000000ul
#define RANDOM_PROBES 48

extern char __executable_start[], etext[];

/* ---- the attack ---- */

static void scribble(void)
{
    volatile unsigned char *p = (volatile unsigned char *)ISO_SCRATCH;
    seL4_Word n = ISO_SCRATCH_PAGES * 4096ul;
    for (seL4_Word i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 131 + 7);
    for (seL4_Word i = 0; i < n; i++)
        ctl->scribble_bad += p[i] != (unsigned char)(i * 131 + 7);
    ctl->scribbled = n;
}

static void wild_accesses(void)
{
    static const seL4_Word chosen[] = {
        0x0, 0x1000, 0x400000,                    /* null, page 1, where a native root task's image is */
        ISO_SECRET, ISO_SECRET + 0x800,           /* the victim's secret, at its address in the victim */
        ISO_SCRATCH - 8, ISO_SCRATCH + ISO_SCRATCH_PAGES * 4096ul, /* just outside its own frames */
        0x200000000000ul, 0x200000001000ul, 0x200000002000ul, /* API mode: the root's IPC buffer and bootinfo */
        0x300000000000ul,                         /* where the root task maps frames of its own */
        0xffff800000000000ul, 0xffffffff80000000ul, /* the kernel half */
        0x800000000000ul, 0x8000000000000000ul,   /* non-canonical */
    };
    for (unsigned i = 0; i < sizeof(chosen) / sizeof(chosen[0]); i++)
        store_and_load(chosen[i]);
    for (int i = 0; i < RANDOM_PROBES; i++) {
        store_and_load(random_in(FREE_LOW_START, FREE_LOW_END));
        store_and_load(random_in(FREE_HIGH_START, FREE_HIGH_END));
    }
    /* its own image: mapped read-only */
    for (seL4_Word a = (seL4_Word)__executable_start & ~0xffful; a < (seL4_Word)etext; a += 4096)
        must_fault(ISO_STORE_RO, a, (void *)iso_store, a, 0xcc);
}

static void wild_jumps(void)
{
    static const seL4_Word chosen[] = {
        0x0, ISO_SECRET, ISO_SCRATCH + ISO_SCRATCH_PAGES * 4096ul, 0x200000000000ul,
        ISO_WINDOW, ISO_WINDOW + 0x10000000ul, /* the kernel window: data, never code */
        0xffff800000000000ul, 0xffffffff81000000ul, 0x800000000000ul, 0x8000000000000000ul,
    };
    for (unsigned i = 0; i < sizeof(chosen) / sizeof(chosen[0]); i++)
        must_fault(ISO_JUMP, chosen[i], (void *)chosen[i], 0, 0);
    for (int i = 0; i < RANDOM_PROBES / 2; i++) {
        seL4_Word a = random_in(FREE_LOW_START, FREE_LOW_END), b = random_in(FREE_HIGH_START, FREE_HIGH_END);
        must_fault(ISO_JUMP, a, (void *)a, 0, 0);
        must_fault(ISO_JUMP, b, (void *)b, 0, 0);
    }
}

/* One Linux system call: it must come to the root as UnknownSyscall and return the root's answer. */
static seL4_Word linux_call(seL4_Word nr, seL4_Word a0, seL4_Word a1, seL4_Word rdx, seL4_Word a3, seL4_Word a4)
{
    ctl->kind = ISO_SYSCALL;
    ctl->target = nr;
    ctl->sys_nr = nr;
    ctl->sys_rdx = rdx;
    ctl->tried[ISO_SYSCALL]++;
    seL4_Word got = iso_linux_syscall(nr, a0, a1, rdx, a3, a4);
    if (got != ISO_ANSWER(nr))
        miss(ISO_SYSCALL, nr);
    return got;
}

static void linux_syscalls(void)
{
    static const char text[] = "ESCAPED: a Linux write from the attacker\n";
    static const char path[] = "isolation-escaped";
    seL4_Word len = sizeof(text) - 1;

    linux_call(1, 1, (seL4_Word)text, len, 0, 0);                  /* write(1, ...) */
    linux_call(1, 2, (seL4_Word)text, len, 0, 0);                  /* write(2, ...) */
    linux_call(39, 0, 0, 0, 0, 0);                                 /* getpid() */
    seL4_Word parent = linux_call(110, 0, 0, 0, 0, 0);             /* getppid(): the root's answer, not a pid */
    linux_call(62, parent, 9, 0, 0, 0);                            /* kill(parent, SIGKILL) */
    linux_call(257, (seL4_Word)-100, (seL4_Word)path, 0x41, 0644, 0); /* openat(AT_FDCWD, path, O_CREAT|O_WRONLY) */
    linux_call(9, 0x50000000, 4096, 3, 0x32, (seL4_Word)-1);       /* mmap(0x50000000, rw, fixed anonymous) */
    linux_call(10, ISO_WINDOW, 4096, 7, 0, 0);                     /* mprotect(the kernel window, rwx) */
    linux_call(157, 59, 0, 0, 0, 0);                               /* prctl(PR_SET_SYSCALL_USER_DISPATCH, off) */
    linux_call(1, 1, (seL4_Word)text, len, 0, 0);                  /* write(1, ...) again */
    linux_call(15, 0, 0, 0, 0, 0);                                 /* rt_sigreturn() */
    linux_call(231, 42, 0, 0, 0, 0);                               /* exit_group(42) */
    /* Had the mmap reached Linux, this store would not fault. */
    store_and_load(0x50000000);
}

static void call_cptr(seL4_Word cptr, seL4_Word label)
{
    seL4_Call(cptr, seL4_MessageInfo_new(label, 0, 0, 0));
}

static seL4_Word last_error;

static void copy_forged(seL4_Word src_root, seL4_Word src, seL4_Word depth_and_dest)
{
    last_error = seL4_CNode_Copy(ISO_SLOT_CNODE, ISO_FIRST_EMPTY + (depth_and_dest >> 8), seL4_WordBits,
                                 src_root, src, (uint8_t)depth_and_dest, seL4_AllRights);
}

static void call_empty(seL4_Word cptr, seL4_Word label)
{
    seL4_MessageInfo_t info = seL4_Call(cptr, seL4_MessageInfo_new(label, 0, 0, 0));
    last_error = seL4_MessageInfo_get_label(info);
}

/* A random cptr that fails the CNode's 60-bit guard. */
static seL4_Word forged_cptr(void)
{
    seL4_Word c = random_word();
    return c >> ISO_CNODE_BITS ? c : c | (1ul << 63);
}

/* A probe that must end in an seL4 error (fn sets last_error), without a fault. */
static void must_fail(seL4_Word target, void *fn, seL4_Word a, seL4_Word b, seL4_Word c)
{
    last_error = 0;
    if (probe(ISO_CPTR_ERROR, target, fn, a, b, c) || last_error == seL4_NoError)
        miss(ISO_CPTR_ERROR, target);
}

static void forged_cptrs(void)
{
    for (int i = 0; i < 16; i++) {
        seL4_Word c = forged_cptr();
        must_fault(ISO_CPTR_FAULT, c, (void *)call_cptr, c, random_word() & 0xffff);
    }
    /* the root's well-known slots, which in its CSpace are not these */
    for (seL4_Word c = 16; c < 64; c += 8)
        must_fault(ISO_CPTR_FAULT, c, (void *)call_cptr, c, 1);
    for (seL4_Word c = ISO_FIRST_EMPTY; c < (1ul << ISO_CNODE_BITS); c++)
        must_fail(c, (void *)call_empty, c, 1, 0);
    for (int i = 0; i < 16; i++) {
        seL4_Word dest = (seL4_Word)i % ((1ul << ISO_CNODE_BITS) - ISO_FIRST_EMPTY);
        seL4_Word own = 1 + (seL4_Word)i % 4, depth = random_word() % 72;
        if (depth == seL4_WordBits)
            depth = 63;
        /* a forged index, an empty slot, one of its own caps at a wrong depth, a forged root */
        must_fail(0, (void *)copy_forged, ISO_SLOT_CNODE, forged_cptr(), (dest << 8) | seL4_WordBits);
        must_fail(0, (void *)copy_forged, ISO_SLOT_CNODE, ISO_FIRST_EMPTY + dest, (dest << 8) | seL4_WordBits);
        must_fail(0, (void *)copy_forged, ISO_SLOT_CNODE, own, (dest << 8) | depth);
        /* a forged root travels as an extra cap, whose failed lookup is a cap fault */
        seL4_Word root = forged_cptr();
        if (!probe(ISO_CPTR_FAULT, root, (void *)copy_forged, root, own, (dest << 8) | seL4_WordBits))
            miss(ISO_CPTR_FAULT, root);
    }
    for (seL4_Word c = ISO_FIRST_EMPTY; c < (1ul << ISO_CNODE_BITS); c++)
        ctl->caps_gained += seL4_DebugCapIdentify(c) != 0;
}

/*
 * The kernel window: if it can be read, this attacker finds the victim's
 * secret in it (the root handed over the secret's physical address to keep
 * the search short; the window's RAM starts at a 2 MiB boundary after the
 * kernel's state), reads it and overwrites a word. It spares the kernel's
 * own state then, so that the run can report rather than crash. If the
 * window cannot be read, every 2 MiB of it must fault to a store and a
 * load, and so must every place the secret could be.
 */
/* Where in the window the victim's secret is if the kernel's state takes k × 2 MiB. */
static seL4_Word secret_in_window(seL4_Word k)
{
    return ISO_WINDOW + (k << 21) + ctl->secret_paddr - ISO_RAM_PADDR;
}

static void kernel_window(void)
{
    bool closed = probe(ISO_WINDOW_LOAD, ISO_WINDOW, (void *)iso_load, ISO_WINDOW, 0, 0);
    if (closed) {
        for (seL4_Word a = ISO_WINDOW + 0x800; a < ISO_WINDOW + ISO_WINDOW_SWEEP; a += 1ul << 21) {
            must_fault(ISO_WINDOW_STORE, a, (void *)iso_store, a, 0xbad);
            must_fault(ISO_WINDOW_LOAD, a, (void *)iso_load, a, 0);
        }
        for (seL4_Word k = 1; k <= 64; k++)
            must_fault(ISO_WINDOW_LOAD, secret_in_window(k), (void *)iso_load, secret_in_window(k), 0);
        return;
    }
    miss(ISO_WINDOW_LOAD, ISO_WINDOW);
    for (seL4_Word k = 1; k <= 64; k++) {
        volatile seL4_Word *w = (volatile seL4_Word *)secret_in_window(k);
        if (probe(ISO_WINDOW_LOAD, (seL4_Word)w, (void *)iso_load, (seL4_Word)w, 0, 0) || w[0] != ISO_MAGIC_A ||
            w[1] != ISO_MAGIC_B)
            continue;
        miss(ISO_WINDOW_LOAD, (seL4_Word)w);
        for (int i = 0; i < ISO_SECRET_WORDS; i++)
            ctl->window_secret[i] = w[2 + i];
        ctl->window_secret_found = 1;
        if (!probe(ISO_WINDOW_STORE, (seL4_Word)&w[2], (void *)iso_store, (seL4_Word)&w[2], ~w[2], 0))
            miss(ISO_WINDOW_STORE, (seL4_Word)&w[2]);
        return;
    }
}

static int attacker(void)
{
    for (int i = 0; i < START_WORDS; i++)
        ctl->start_nonzero += iso_start_regs[i] != 0;
    ctl->recover = (seL4_Word)iso_recover;
    scribble();
    wild_accesses();
    wild_jumps();
    linux_syscalls();
    forged_cptrs();
    kernel_window();
    ctl->done = 1;
    seL4_Send(ISO_SLOT_REPORT, seL4_MessageInfo_new(0, 0, 0, 0));
    return 0;
}

int child_main(seL4_Word arg)
{
    return arg == ISO_ROLE_VICTIM ? victim() : attacker();
}
