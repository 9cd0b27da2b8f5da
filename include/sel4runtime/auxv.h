/* Auxiliary vector entries sel4runtime understands (sel4runtime/auxv.h). The
 * generic AT_ and PT_ values equal the ELF ones, so they may also come from
 * <elf.h>. */
#pragma once

#ifndef AT_NULL
#define AT_NULL 0
#endif
#ifndef PT_LOAD
#define PT_LOAD 1
#endif
#ifndef PT_DYNAMIC
#define PT_DYNAMIC 2
#endif
#ifndef AT_PHDR
#define AT_PHDR 3
#endif
#ifndef AT_PHENT
#define AT_PHENT 4
#endif
#ifndef AT_PHNUM
#define AT_PHNUM 5
#endif
#ifndef AT_PAGESZ
#define AT_PAGESZ 6
#endif
#ifndef PT_TLS
#define PT_TLS 7
#endif
#ifndef PT_NUM
#define PT_NUM 8
#endif
#ifndef AT_SYSINFO
#define AT_SYSINFO 32
#endif

/* seL4-specific entries. */
#define AT_SEL4_BOOT_INFO 64
#define AT_SEL4_CSPACE_DESCRIPTOR 65
#define AT_SEL4_VSYSCALL 66
#define AT_SEL4_IPC_BUFFER_PTR 67
#define AT_SEL4_IPC_BUFFER 68
#define AT_SEL4_TCB 69
#define AT_SEL4_CNODE 70
#define AT_SEL4_VSPACE 71
#define AT_SEL4_ASID_POOL 72

typedef struct {
    int a_type;
    union {
        long a_val;
        void *a_ptr;
        void (*a_fnc)(void);
    } a_un;
} auxv_t;
