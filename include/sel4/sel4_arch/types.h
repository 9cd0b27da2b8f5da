/* x86_64 types: object cap aliases and seL4_UserContext. */
#pragma once

#include <sel4/simple_types.h>

typedef seL4_Word seL4_CPtr;

typedef seL4_CPtr seL4_X64_PML4;
typedef seL4_CPtr seL4_X86_PDPT;

/* Register order of TCB Read/WriteRegisters: frame registers, then FS/GS base. */
typedef struct seL4_UserContext_ {
    seL4_Word rip, rsp, rflags, rax, rbx, rcx, rdx, rsi, rdi, rbp,
              r8, r9, r10, r11, r12, r13, r14, r15;
    seL4_Word fs_base, gs_base;
} seL4_UserContext;
