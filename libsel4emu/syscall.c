/*
 * API mode's system call entry: libsel4's syscall stubs call
 * sel4emu_syscall() with the registers of seL4's x86_64 `syscall`
 * convention; the calling thread enters the kernel itself and comes back
 * when the kernel runs it again (docs/ARCHITECTURE.md).
 */
#define _GNU_SOURCE
#include "runner.h"
#include <structures.h>

#include <sel4/sel4.h>
#include <sel4emu/entry.h>

/* Any program that makes a syscall also gets the boot code (runtime.c) from the static library. */
extern const char sel4emu_api_marker[];
__attribute__((used)) static const char *const pull_in_runtime = sel4emu_api_marker;


/*
 * sel4emu_syscall() is a small assembly wrapper: it saves the caller's
 * callee-saved registers, so that together with the frame, the return
 * address and the caller's stack pointer the TCB holds the thread's whole
 * context at its "syscall instruction" (the call site), as seL4 would.
 */
__asm__(".pushsection .text\n"
        ".globl sel4emu_syscall\n"
        ".type sel4emu_syscall, @function\n"
        "sel4emu_syscall:\n"
        "    .cfi_startproc\n" /* call frame info: debuggers unwind from the kernel into the app */
        "    push %r15\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    .cfi_rel_offset %r15, 0\n"
        "    push %r14\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    .cfi_rel_offset %r14, 0\n"
        "    push %r13\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    .cfi_rel_offset %r13, 0\n"
        "    push %r12\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    .cfi_rel_offset %r12, 0\n"
        "    push %rbp\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    .cfi_rel_offset %rbp, 0\n"
        "    push %rbx\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    .cfi_rel_offset %rbx, 0\n"
        "    mov %rsp, %rsi\n"
        "    sub $8, %rsp\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    call sel4emu_syscall_entry\n"
        "    add $8, %rsp\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    pop %rbx\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    pop %rbp\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    pop %r12\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    pop %r13\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    pop %r14\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    pop %r15\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    ret\n"
        "    .cfi_endproc\n"
        ".size sel4emu_syscall, .-sel4emu_syscall\n"
        ".popsection\n");

/* What sel4emu_syscall pushed: rbx, rbp, r12..r15, then the return address. */
struct saved_callee {
    word_t rbx, rbp, r12, r13, r14, r15, return_address;
};

void sel4emu_syscall_entry(sel4emu_syscall_frame_t *f, const struct saved_callee *s);

void sel4emu_syscall_entry(sel4emu_syscall_frame_t *f, const struct saved_callee *s)
{
    struct kernel *k = sys.kernel;
    struct host_thread *me = host_self();
    struct tcb *t = me->tcb;

    host_kernel_enter();
    me->call_site = s->return_address;
    t->regs[CTX_RDX] = f->rdx;
    t->regs[CTX_RDI] = f->rdi;
    t->regs[CTX_RSI] = f->rsi;
    t->regs[CTX_R10] = f->r10;
    t->regs[CTX_R8] = f->r8;
    t->regs[CTX_R9] = f->r9;
    t->regs[CTX_R15] = f->r15;
    t->regs[CTX_RBX] = s->rbx;
    t->regs[CTX_RBP] = s->rbp;
    t->regs[CTX_R12] = s->r12;
    t->regs[CTX_R13] = s->r13;
    t->regs[CTX_R14] = s->r14;
    t->regs[CTX_RSP] = (word_t)(s + 1);
    /* What the `syscall` instruction leaves: rcx = next rip, r11 = flags. */
    t->regs[CTX_RCX] = me->call_site + 2;
    t->regs[CTX_R11] = t->regs[CTX_FLAGS];
    t->regs[CTX_RAX] = 0;
    t->regs[CTX_NEXT_IP] = me->call_site + 2;

    for (;;) {
        kernel_syscall(k, t->regs[CTX_RDX]);
        host_after_kernel(me);
        word_t next = t->regs[CTX_NEXT_IP];
        if (next == me->call_site + 2) {
            /* Continue after the syscall, with whatever the kernel (or a fault handler) left in the registers. */
            t->context_changed = false;
            break;
        }
        if (next == me->call_site) {
            /* seL4 restarts the syscall (an IPC cancelled, a resume, a fault reply leaving FaultIP). */
            t->context_changed = false;
            t->regs[CTX_NEXT_IP] = me->call_site + 2;
            continue;
        }
        /* Registers rewritten to go elsewhere: abandon the call. */
        t->context_changed = true;
        host_switch_if_redirected(me);
    }
    /* Results first: a tick taken after the kernel exit rewrites the TCB registers. */
    f->rdi = t->regs[CTX_RDI];
    f->rsi = t->regs[CTX_RSI];
    f->r10 = t->regs[CTX_R10];
    f->r8 = t->regs[CTX_R8];
    f->r9 = t->regs[CTX_R9];
    f->r15 = t->regs[CTX_R15];
    host_kernel_exit(me);
}

