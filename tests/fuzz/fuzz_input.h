/*
 * The kernel fuzzer's input format (tests/fuzz/fuzz_kernel.c), shared with
 * the seed generator (tests/fuzz/seeds.c). An input is one flags byte, then
 * steps until the input ends; every step is one kernel entry by the thread
 * the kernel runs (or by the idle core: ticks and interrupts). A step that
 * runs out of bytes reads zeros.
 *
 *   input   := flags step*
 *   flags   := bit 0 syscall trace on, bit 1 userError lines on,
 *              bit 2 the host refuses some mappings (vspace_map fails)
 *   step    := op ...
 *     op 0x00-0xbf  syscall: number fuzz_syscalls[op & 15] (15: a word follows),
 *                   then rdi:word label info caps mrs... extra-caps... [recv-slot]
 *                   label := byte < 0xf0 (the label), or 0xf0+ then a word
 *                   info  := byte: message length (low 7 bits)
 *                   caps  := byte: bits 0-1 extra caps, 2-4 capsUnwrapped,
 *                            bit 5: three words for the receive slot follow
 *                   mrs   := min(length, FUZZ_MAX_WORDS) words: MR0.. (MR4+ into the IPC buffer)
 *     op 0xc0-0xcf  (op & 15) + 1 timer ticks
 *     op 0xd0-0xd7  device interrupt: a word, the IOAPIC pins raised
 *     op 0xd8-0xdf  user exception: vector byte, error code word
 *     op 0xe0-0xe7  VM fault: address word, fault status byte; instruction fault if op & 1
 *     op 0xe8-0xef  the same syscall again with the registers the kernel left (a restart)
 *     op 0xf0-0xf7  set a register: index byte (mod N_REGS), value word
 *     op 0xf8-0xfb  the host's queries of the kernel (kernel.h): for the n-th live thread (a byte)
 *                   what its VSpace maps at an address (a word) and all its mappings in order,
 *                   its VSpace and ASID, the live interrupt pins; their answers are checked
 *     op 0xfc-0xff  the host's debug dump (kernel_debug_dump), once per input
 *
 *   word := a byte t, then by t:
 *     t < 0x80          t
 *     0x80 n            the n-th (mod count) occupied slot of the root CNode
 *     0x81 n            bootinfo's first empty slot + n
 *     0x82 n            the n-th (mod count) RAM untyped of bootinfo, biggest first
 *     0x83 n            the n-th (mod count) device untyped of bootinfo
 *     0x84 b0 b1        16-bit value, little endian
 *     0x85 b0..b3       32-bit value
 *     0x86 b0..b7       64-bit value
 *     0x87 n            1 << (n & 63)
 *     0x88 n            ~n (-1 - n)
 *     0x89 n            0x40000000 + n * 4 KiB (a small page address)
 *     0x8a n            n * 2 MiB (a large page address)
 *     0x8b n            (n & 127) * 1 GiB (a huge page address)
 *     0x8c              the current thread's IPC buffer address
 *     0x8d-0x8f         t (reserved)
 *     t >= 0x90         t
 */
#pragma once

#include <stdint.h>

#define FUZZ_RAM_SIZE (4ul << 20)
#define FUZZ_MAX_WORDS 12  /* message words an input can set per syscall */
#define FUZZ_MAX_STEPS 512

enum fuzz_flags { FUZZ_TRACE = 1, FUZZ_USER_ERRORS = 2, FUZZ_REFUSE_MAPS = 4 };

enum fuzz_op {
    FUZZ_OP_SYSCALL = 0x00,
    FUZZ_OP_SYSCALL_END = 0xc0,
    FUZZ_OP_TICK = 0xc0,
    FUZZ_OP_IRQ = 0xd0,
    FUZZ_OP_USER_EXCEPTION = 0xd8,
    FUZZ_OP_VM_FAULT = 0xe0,
    FUZZ_OP_REPEAT = 0xe8,
    FUZZ_OP_SET_REG = 0xf0,
    FUZZ_OP_HOST_QUERY = 0xf8,
    FUZZ_OP_DEBUG_DUMP = 0xfc,
};

/* Syscall numbers by op & 15; index 15 reads the number as a word. */
enum fuzz_syscall_index {
    FUZZ_CALL, FUZZ_CALL2, FUZZ_SEND, FUZZ_NBSEND, FUZZ_RECV, FUZZ_NBRECV, FUZZ_REPLY, FUZZ_REPLYRECV,
    FUZZ_YIELD, FUZZ_CALL3, FUZZ_PUTCHAR, FUZZ_CAP_IDENTIFY, FUZZ_NAME_THREAD, FUZZ_SET_TLS_BASE,
    FUZZ_DUMP_SCHEDULER, FUZZ_RAW_SYSCALL,
};

#define FUZZ_SYSCALL_NUMBERS                                                                         \
    {                                                                                                \
        seL4_SysCall, seL4_SysCall, seL4_SysSend, seL4_SysNBSend, seL4_SysRecv, seL4_SysNBRecv,      \
        seL4_SysReply, seL4_SysReplyRecv, seL4_SysYield, seL4_SysCall, seL4_SysDebugPutChar,         \
        seL4_SysDebugCapIdentify, seL4_SysDebugNameThread, seL4_SysSetTLSBase,                       \
        seL4_SysDebugDumpScheduler, 0                                                                \
    }

enum fuzz_word_tag {
    FUZZ_W_OCCUPIED = 0x80,
    FUZZ_W_EMPTY = 0x81,
    FUZZ_W_UNTYPED = 0x82,
    FUZZ_W_DEVICE_UNTYPED = 0x83,
    FUZZ_W_U16 = 0x84,
    FUZZ_W_U32 = 0x85,
    FUZZ_W_U64 = 0x86,
    FUZZ_W_BIT = 0x87,
    FUZZ_W_NOT = 0x88,
    FUZZ_W_PAGE = 0x89,
    FUZZ_W_LARGE = 0x8a,
    FUZZ_W_HUGE = 0x8b,
    FUZZ_W_IPC_BUFFER = 0x8c,
    FUZZ_W_LITERAL = 0x90,
};

#define FUZZ_LABEL_WORD 0xf0
#define FUZZ_CAPS_RECV_SLOT 0x20
#define FUZZ_PAGE_BASE 0x40000000ul
