/*
 * sel4emu API mode: the one call through which libsel4's syscall stubs
 * enter the emulated kernel. The frame holds exactly the registers of seL4's
 * x86_64 `syscall` convention (SEL4-FACTS (a)); the kernel reads them and
 * writes back the ones seL4 returns.
 */
#pragma once

#include <sel4/simple_types.h>

typedef struct sel4emu_syscall_frame {
    seL4_Word rdx; /* in: syscall number (negative) */
    seL4_Word rdi; /* in: cap pointer / argument; out: badge */
    seL4_Word rsi; /* in: message info; out: message info */
    seL4_Word r10; /* MR0 in/out */
    seL4_Word r8;  /* MR1 in/out */
    seL4_Word r9;  /* MR2 in/out */
    seL4_Word r15; /* MR3 in/out */
} sel4emu_syscall_frame_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Enter the kernel as the calling thread; returns when that thread runs again. */
void sel4emu_syscall(sel4emu_syscall_frame_t *frame);

#ifdef __cplusplus
}
#endif
