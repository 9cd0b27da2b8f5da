/*
 * The conformance suite's child process (children/child.c) and the SPAWN
 * tests (test_spawn.c) that start it: what the child does for each command,
 * where it finds things, and the messages it sends. Shared by both sides.
 *
 * The child is a static seL4 ELF on the native runtime's child start
 * (runtime/README.md, "Child processes"), linked at CHILD_IMAGE_BASE. The
 * root task loads and starts it with conf_spawn (framework.h): its CSpace
 * holds its own TCB at slot 1 and the caps the test gives it from
 * CHILD_SLOT(0) = 2 on; the argument word (RSI) selects the command:
 * arg = CHILD_ARG(command, parameter).
 */
#pragma once

#define CHILD_ARG(cmd, param) ((seL4_Word)(cmd) | ((seL4_Word)(param) << 8))
#define CHILD_CMD_OF(arg) ((arg) & 0xff)
#define CHILD_PARAM_OF(arg) ((arg) >> 8)

/* Slot of the i-th cap the test gave (conf_spawn puts them there). */
#define CHILD_SLOT(i) (2 + (seL4_Word)(i))
/* A slot of the child's 16-slot CNode that conf_spawn never fills. */
#define CHILD_EMPTY_SLOT 9
/* A cptr that does not resolve in the child's CSpace: its top 60 bits must
 * match the CNode's guard of 60 zero bits. */
#define CHILD_BAD_CPTR (((seL4_Word)1 << 63) | 0x2)

/* The child's virtual layout besides its image (see also framework.h,
 * CONF_CHILD_*): frames a test shares with it, one page each, and a 2 MiB
 * region that nothing maps unless a test does (a fault handler). */
#define CHILD_SHARED(i) (0x30000000ul + (seL4_Word)(i) * 0x1000ul)
#define CHILD_UNMAPPED 0x38000000ul
#define CHILD_TOUCH_OFFSET 0x10ul /* CHILD_TOUCH reads CHILD_UNMAPPED + this */

/* Commands (low byte of the argument) and what the child does. "Report"
 * means a seL4_Send with the given label on the cap named. */
enum child_cmd {
    /* return PARAM + 0x100 * (times child_main was entered) */
    CHILD_EXIT = 1,
    /* seL4_Signal(CHILD_SLOT(0)); return 0 */
    CHILD_SIGNAL,
    /* Call CHILD_SLOT(0): label CHILD_LABEL_CALL, CHILD_CALL_WORDS words
     * CHILD_CALL_WORD(i); then report on CHILD_SLOT(0), label
     * CHILD_LABEL_REPORT: MR0 = the reply's label, MR1 its length, MR2.. its
     * words (at most CHILD_MAX_ECHO) */
    CHILD_CALL,
    /* report on CHILD_SLOT(0): label CHILD_LABEL_ID, MR0 = PARAM */
    CHILD_SEND_ID,
    /* w = CHILD_SHARED(0) word 0; word 1 = ~w; Call CHILD_SLOT(0) with label
     * CHILD_LABEL_SHARE, MR0 = w; after the reply report word 2 on
     * CHILD_SLOT(0), label CHILD_LABEL_SHARE2 */
    CHILD_SHARE,
    /* read CHILD_UNMAPPED + CHILD_TOUCH_OFFSET, report it on CHILD_SLOT(0),
     * label CHILD_LABEL_TOUCHED */
    CHILD_TOUCH,
    /* Call CHILD_SLOT(0), label CHILD_LABEL_RO_ADDR, MR0 = the address of a
     * byte of its read-only data page; after the reply store to that byte;
     * then report CHILD_LABEL_RO_DONE (not reached on seL4) */
    CHILD_WRITE_RO,
    /* seL4_Call on CHILD_EMPTY_SLOT; report on CHILD_SLOT(0), label
     * CHILD_LABEL_NOCAP: MR0 = the reply's label, MR1 its length, MR2 its
     * MR0; then seL4_Signal(PARAM): a cptr of the root's CSpace, which does
     * not resolve in the child's; then report CHILD_LABEL_NOCAP2 */
    CHILD_NO_CAP,
    /* seL4_Recv on CHILD_EMPTY_SLOT (a cap fault in the receive phase) */
    CHILD_RECV_EMPTY,
    /* forever: CHILD_SHARED(0) word 0 += 1; seL4_Yield() */
    CHILD_SPIN,
    /* read CHILD_SHARED(0) word 0, Call CHILD_SLOT(0) (label
     * CHILD_LABEL_READ1, MR0 = it); after the reply read it again and report
     * it on CHILD_SLOT(0), label CHILD_LABEL_READ2 */
    CHILD_READ_TWICE,
    /* ball b = 0; PARAM rounds of: CHILD_SHARED(0) word 0 += 1; Call
     * CHILD_SLOT(0) (label CHILD_LABEL_PING, MR0 = b); the reply's MR0 must
     * be b + 1; b = reply + 1. Then report on CHILD_SLOT(1), label
     * CHILD_LABEL_PING_DONE: MR0 = rounds, MR1 = wrong replies, MR2 = the
     * last reply */
    CHILD_PING,
    /* serve CHILD_SLOT(0) forever: Recv, then for each request
     * CHILD_SHARED(0) word 0 += 1 and ReplyRecv with label CHILD_LABEL_PONG,
     * MR0 = request's MR0 + 1 */
    CHILD_PONG,
    /* as a client: Call CHILD_SLOT(0) (label CHILD_LABEL_PONG, MR0 = 0);
     * then forever: CHILD_SHARED(0) word 0 += 1, Call CHILD_SLOT(0) (label
     * CHILD_LABEL_PONG, MR0 = the last reply's MR0 + 1) */
    CHILD_PONG_CLIENT,
    /* print CHILD_HELLO_TEXT with seL4_DebugPutChar, then
     * seL4_Signal(CHILD_SLOT(0)) */
    CHILD_HELLO,
    /* report on CHILD_SLOT(0), label CHILD_LABEL_CSPACE: MR0..MR5 =
     * seL4_DebugCapIdentify of slots 0..5, MR6 of slot 15, MR7 of
     * CHILD_BAD_CPTR */
    CHILD_CSPACE,
    /* Call CHILD_SLOT(0), label CHILD_LABEL_INFO, CHILD_INFO_WORDS words
     * (CHILD_INFO_*): what its image, TLS, stack and IPC buffer hold */
    CHILD_INFO,
};

/* Message labels of the child's messages. */
#define CHILD_LABEL_CALL 0xc1
#define CHILD_LABEL_REPORT 0xc2
#define CHILD_LABEL_ID 0xc3
#define CHILD_LABEL_SHARE 0xc4
#define CHILD_LABEL_SHARE2 0xc5
#define CHILD_LABEL_TOUCHED 0xc6
#define CHILD_LABEL_RO_ADDR 0xc7
#define CHILD_LABEL_RO_DONE 0xc8
#define CHILD_LABEL_NOCAP 0xc9
#define CHILD_LABEL_NOCAP2 0xca
#define CHILD_LABEL_READ1 0xcb
#define CHILD_LABEL_READ2 0xcc
#define CHILD_LABEL_PING 0xcd
#define CHILD_LABEL_PING_DONE 0xce
#define CHILD_LABEL_PONG 0xcf
#define CHILD_LABEL_CSPACE 0xd0
#define CHILD_LABEL_INFO 0xd1

/* CHILD_CALL's words (5: one more than fit in registers). */
#define CHILD_CALL_WORDS 5
#define CHILD_CALL_WORD(i) (0xca11000000000000ul + (seL4_Word)(i))
#define CHILD_MAX_ECHO 8

#define CHILD_HELLO_TEXT "child process: hello through seL4_DebugPutChar\n"

/* What the image holds, for CHILD_INFO (set in children/child.c). */
#define CHILD_RO_BYTE 0xa5          /* every byte of its read-only page */
#define CHILD_DATA_WORD 0xda7a0001ul /* an initialised .data word */
#define CHILD_TLS_WORD 0x7157000000000042ul /* an initialised __thread word (.tdata) */
#define CHILD_BSS_WORDS 1024        /* 8 KiB of .bss, all zero at start */

/* CHILD_INFO message words. */
enum {
    CHILD_INFO_RO = 0,       /* first byte | last byte << 8 of the read-only page */
    CHILD_INFO_DATA,         /* the .data word */
    CHILD_INFO_BSS_NONZERO,  /* how many of the .bss words are not 0 */
    CHILD_INFO_TLS,          /* the .tdata word */
    CHILD_INFO_TBSS,         /* a .tbss word (0) */
    CHILD_INFO_IPCBUF,       /* seL4_GetIPCBuffer() */
    CHILD_INFO_STACK,        /* the address of a local variable */
    CHILD_INFO_ARG,          /* child_main's argument */
    CHILD_INFO_CTORS,        /* how often its constructor ran */
    CHILD_INFO_TLS_ADDR,     /* the address of the .tdata word */
    CHILD_INFO_NAME,         /* sel4runtime_process_name(), first 8 bytes */
    CHILD_INFO_BOOTINFO,     /* sel4runtime_bootinfo() */
    CHILD_INFO_WORDS
};
