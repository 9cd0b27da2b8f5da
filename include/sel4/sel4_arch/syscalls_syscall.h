/*
 * The x86_64 system call primitives (libsel4 sel4_arch_include/x86_64/sel4/
 * sel4_arch/syscalls_syscall.h, non-MCS), in two implementations:
 *
 *  - default (API mode): the registers of seL4's `syscall` convention are put
 *    in a sel4emu_syscall_frame_t and handed to sel4emu_syscall(), which runs
 *    the emulated kernel and writes back the registers seL4 returns;
 *  - SEL4EMU_NATIVE: the real `syscall` instruction, for code that runs on
 *    seL4 or under sel4emu's ABI mode. RDX = syscall number, RDI = cap or
 *    argument (badge out), RSI = message info, R10/R8/R9/R15 = MR0..MR3. The
 *    kernel returns with RSP = 0, so RSP is kept in RBX across the
 *    instruction; RCX and R11 are clobbered by syscall/sysretq.
 *
 * Arguments a primitive does not pass are 0 in the frame; results it does not
 * return are ignored, as the native sequences ignore those registers.
 */
#pragma once

#include <autoconf.h>
#include <sel4/types.h>

#ifndef SEL4EMU_NATIVE

#include <sel4emu/entry.h>

/* Send, NBSend: dest in RDI, message info in RSI, MR0..MR3. */
static inline void x64_sys_send(seL4_Word sys, seL4_Word dest, seL4_Word info, seL4_Word msg0,
                                seL4_Word msg1, seL4_Word msg2, seL4_Word msg3)
{
    sel4emu_syscall_frame_t frame;

    frame.rdx = sys;
    frame.rdi = dest;
    frame.rsi = info;
    frame.r10 = msg0;
    frame.r8 = msg1;
    frame.r9 = msg2;
    frame.r15 = msg3;
    sel4emu_syscall(&frame);
}

/* Reply (non-MCS): no cap; the kernel uses the caller's reply slot. */
static inline void x64_sys_reply(seL4_Word sys, seL4_Word info, seL4_Word msg0, seL4_Word msg1,
                                 seL4_Word msg2, seL4_Word msg3)
{
    sel4emu_syscall_frame_t frame;

    frame.rdx = sys;
    frame.rdi = 0;
    frame.rsi = info;
    frame.r10 = msg0;
    frame.r8 = msg1;
    frame.r9 = msg2;
    frame.r15 = msg3;
    sel4emu_syscall(&frame);
}

/* Signal, SetTLSBase: RDI and RSI only. */
static inline void x64_sys_send_null(seL4_Word sys, seL4_Word dest, seL4_Word info)
{
    sel4emu_syscall_frame_t frame;

    frame.rdx = sys;
    frame.rdi = dest;
    frame.rsi = info;
    frame.r10 = 0;
    frame.r8 = 0;
    frame.r9 = 0;
    frame.r15 = 0;
    sel4emu_syscall(&frame);
}

/* Recv, NBRecv: src in RDI; returns badge (RDI), message info (RSI), MR0..MR3. */
static inline void x64_sys_recv(seL4_Word sys, seL4_Word src, seL4_Word *out_badge,
                                seL4_Word *out_info, seL4_Word *out_mr0, seL4_Word *out_mr1,
                                seL4_Word *out_mr2, seL4_Word *out_mr3,
                                LIBSEL4_UNUSED seL4_Word reply)
{
    sel4emu_syscall_frame_t frame;

    frame.rdx = sys;
    frame.rdi = src;
    frame.rsi = 0;
    frame.r10 = 0;
    frame.r8 = 0;
    frame.r9 = 0;
    frame.r15 = 0;
    sel4emu_syscall(&frame);
    *out_badge = frame.rdi;
    *out_info = frame.rsi;
    *out_mr0 = frame.r10;
    *out_mr1 = frame.r8;
    *out_mr2 = frame.r9;
    *out_mr3 = frame.r15;
}

/* Call, ReplyRecv and the debug calls: everything in, RSI/RDI/MR0..MR3 out. */
static inline void x64_sys_send_recv(seL4_Word sys, seL4_Word dest, seL4_Word *out_dest,
                                     seL4_Word info, seL4_Word *out_info, seL4_Word *in_out_mr0,
                                     seL4_Word *in_out_mr1, seL4_Word *in_out_mr2,
                                     seL4_Word *in_out_mr3, LIBSEL4_UNUSED seL4_Word reply)
{
    sel4emu_syscall_frame_t frame;

    frame.rdx = sys;
    frame.rdi = dest;
    frame.rsi = info;
    frame.r10 = *in_out_mr0;
    frame.r8 = *in_out_mr1;
    frame.r9 = *in_out_mr2;
    frame.r15 = *in_out_mr3;
    sel4emu_syscall(&frame);
    *out_info = frame.rsi;
    *in_out_mr0 = frame.r10;
    *in_out_mr1 = frame.r8;
    *in_out_mr2 = frame.r9;
    *in_out_mr3 = frame.r15;
    *out_dest = frame.rdi;
}

/* Yield, DebugHalt, DebugSnapshot: the syscall number only. */
static inline void x64_sys_null(seL4_Word sys)
{
    sel4emu_syscall_frame_t frame;

    frame.rdx = sys;
    frame.rdi = 0;
    frame.rsi = 0;
    frame.r10 = 0;
    frame.r8 = 0;
    frame.r9 = 0;
    frame.r15 = 0;
    sel4emu_syscall(&frame);
}

#else /* SEL4EMU_NATIVE */

/* The sequences below keep libsel4's register use; they add a "memory"
 * clobber to the send-only ones so that IPC-buffer stores (MR4 and up,
 * caps) are complete before the kernel reads them. */

static inline void x64_sys_send(seL4_Word sys, seL4_Word dest, seL4_Word info, seL4_Word msg0,
                                seL4_Word msg1, seL4_Word msg2, seL4_Word msg3)
{
    register seL4_Word mr0 __asm__("r10") = msg0;
    register seL4_Word mr1 __asm__("r8") = msg1;
    register seL4_Word mr2 __asm__("r9") = msg2;
    register seL4_Word mr3 __asm__("r15") = msg3;

    __asm__ __volatile__("movq %%rsp, %%rbx\n\t"
                 "syscall\n\t"
                 "movq %%rbx, %%rsp"
                 :
                 : "d"(sys), "D"(dest), "S"(info), "r"(mr0), "r"(mr1), "r"(mr2), "r"(mr3)
                 : "rbx", "rcx", "r11", "memory");
}

static inline void x64_sys_reply(seL4_Word sys, seL4_Word info, seL4_Word msg0, seL4_Word msg1,
                                 seL4_Word msg2, seL4_Word msg3)
{
    register seL4_Word mr0 __asm__("r10") = msg0;
    register seL4_Word mr1 __asm__("r8") = msg1;
    register seL4_Word mr2 __asm__("r9") = msg2;
    register seL4_Word mr3 __asm__("r15") = msg3;

    __asm__ __volatile__("movq %%rsp, %%rbx\n\t"
                 "syscall\n\t"
                 "movq %%rbx, %%rsp"
                 :
                 : "d"(sys), "S"(info), "r"(mr0), "r"(mr1), "r"(mr2), "r"(mr3)
                 : "rbx", "rcx", "r11", "memory");
}

static inline void x64_sys_send_null(seL4_Word sys, seL4_Word dest, seL4_Word info)
{
    __asm__ __volatile__("movq %%rsp, %%rbx\n\t"
                 "syscall\n\t"
                 "movq %%rbx, %%rsp"
                 :
                 : "d"(sys), "D"(dest), "S"(info)
                 : "rbx", "rcx", "r11", "memory");
}

static inline void x64_sys_recv(seL4_Word sys, seL4_Word src, seL4_Word *out_badge,
                                seL4_Word *out_info, seL4_Word *out_mr0, seL4_Word *out_mr1,
                                seL4_Word *out_mr2, seL4_Word *out_mr3,
                                LIBSEL4_UNUSED seL4_Word reply)
{
    register seL4_Word mr0 __asm__("r10");
    register seL4_Word mr1 __asm__("r8");
    register seL4_Word mr2 __asm__("r9");
    register seL4_Word mr3 __asm__("r15");
    seL4_Word badge = src;
    seL4_Word info;

    __asm__ __volatile__("movq %%rsp, %%rbx\n\t"
                 "syscall\n\t"
                 "movq %%rbx, %%rsp"
                 : "+D"(badge), "=S"(info), "=r"(mr0), "=r"(mr1), "=r"(mr2), "=r"(mr3)
                 : "d"(sys)
                 : "rbx", "rcx", "r11", "memory");
    *out_badge = badge;
    *out_info = info;
    *out_mr0 = mr0;
    *out_mr1 = mr1;
    *out_mr2 = mr2;
    *out_mr3 = mr3;
}

static inline void x64_sys_send_recv(seL4_Word sys, seL4_Word dest, seL4_Word *out_dest,
                                     seL4_Word info, seL4_Word *out_info, seL4_Word *in_out_mr0,
                                     seL4_Word *in_out_mr1, seL4_Word *in_out_mr2,
                                     seL4_Word *in_out_mr3, LIBSEL4_UNUSED seL4_Word reply)
{
    register seL4_Word mr0 __asm__("r10") = *in_out_mr0;
    register seL4_Word mr1 __asm__("r8") = *in_out_mr1;
    register seL4_Word mr2 __asm__("r9") = *in_out_mr2;
    register seL4_Word mr3 __asm__("r15") = *in_out_mr3;
    seL4_Word rdi = dest;
    seL4_Word rsi = info;

    __asm__ __volatile__("movq %%rsp, %%rbx\n\t"
                 "syscall\n\t"
                 "movq %%rbx, %%rsp"
                 : "+D"(rdi), "+S"(rsi), "+r"(mr0), "+r"(mr1), "+r"(mr2), "+r"(mr3)
                 : "d"(sys)
                 : "rbx", "rcx", "r11", "memory");
    *out_info = rsi;
    *in_out_mr0 = mr0;
    *in_out_mr1 = mr1;
    *in_out_mr2 = mr2;
    *in_out_mr3 = mr3;
    *out_dest = rdi;
}

static inline void x64_sys_null(seL4_Word sys)
{
    __asm__ __volatile__("movq %%rsp, %%rbx\n\t"
                 "syscall\n\t"
                 "movq %%rbx, %%rsp"
                 :
                 : "d"(sys)
                 : "rbx", "rcx", "rsi", "rdi", "r11", "memory");
}

#endif /* SEL4EMU_NATIVE */
