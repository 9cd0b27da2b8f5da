/*
 * The conformance suite's child process: a static seL4 program on the
 * native runtime's child start, linked at CHILD_IMAGE_BASE (0x10000000) and
 * embedded in both conformance binaries. test_spawn.c loads it into a
 * VSpace of its own with conf_spawn and tells it what to do through its
 * argument word; child_proto.h says what each command does.
 *
 * Written against libsel4 and the runtime only; freestanding (no libc).
 */
#include <sel4/sel4.h>
#include <sel4emu_child.h>
#include <sel4runtime.h>

#include "child_proto.h"

#include <stdint.h>

/* A page of read-only data (its own page: nothing writable shares it). */
static const unsigned char ro_page[4096] __attribute__((aligned(4096))) = {
    [0 ... 4095] = CHILD_RO_BYTE,
};
static volatile seL4_Word data_word = CHILD_DATA_WORD;
static volatile seL4_Word bss_words[CHILD_BSS_WORDS];
static __thread seL4_Word tls_word = CHILD_TLS_WORD;
static __thread seL4_Word tbss_word;
static volatile seL4_Word ctor_runs;
static volatile seL4_Word entries;

__attribute__((constructor)) static void child_ctor(void)
{
    ctor_runs++;
}

static volatile seL4_Word *shared_word(seL4_Word i)
{
    return (volatile seL4_Word *)(CHILD_SHARED(0) + i * sizeof(seL4_Word));
}

static void put(const char *s)
{
    while (*s) {
        seL4_DebugPutChar(*s++);
    }
}

static void report(seL4_CPtr ep, seL4_Word label, seL4_Word n, const seL4_Word *w)
{
    for (seL4_Word i = 0; i < n; i++) {
        seL4_SetMR((int)i, w[i]);
    }
    seL4_Send(ep, seL4_MessageInfo_new(label, 0, 0, n));
}

static seL4_MessageInfo_t call1(seL4_CPtr ep, seL4_Word label, seL4_Word w)
{
    seL4_SetMR(0, w);
    return seL4_Call(ep, seL4_MessageInfo_new(label, 0, 0, 1));
}

static int do_call(void)
{
    for (seL4_Word i = 0; i < CHILD_CALL_WORDS; i++) {
        seL4_SetMR((int)i, CHILD_CALL_WORD(i));
    }
    seL4_MessageInfo_t info =
        seL4_Call(CHILD_SLOT(0), seL4_MessageInfo_new(CHILD_LABEL_CALL, 0, 0, CHILD_CALL_WORDS));
    seL4_Word w[2 + CHILD_MAX_ECHO];
    seL4_Word len = seL4_MessageInfo_get_length(info);
    w[0] = seL4_MessageInfo_get_label(info);
    w[1] = len;
    if (len > CHILD_MAX_ECHO) {
        len = CHILD_MAX_ECHO;
    }
    for (seL4_Word i = 0; i < len; i++) {
        w[2 + i] = seL4_GetMR((int)i);
    }
    report(CHILD_SLOT(0), CHILD_LABEL_REPORT, 2 + len, w);
    return 0;
}

static int do_share(void)
{
    volatile seL4_Word *sh = shared_word(0);
    seL4_Word w = sh[0];
    sh[1] = ~w;
    call1(CHILD_SLOT(0), CHILD_LABEL_SHARE, w);
    w = sh[2];
    report(CHILD_SLOT(0), CHILD_LABEL_SHARE2, 1, &w);
    return 0;
}

static int do_write_ro(void)
{
    volatile unsigned char *p = (volatile unsigned char *)(uintptr_t)&ro_page[0x800];
    /* the compiler must not know this points into a const object */
    __asm__ volatile("" : "+r"(p));
    call1(CHILD_SLOT(0), CHILD_LABEL_RO_ADDR, (seL4_Word)(uintptr_t)p);
    *p = 0x5a;
    seL4_Word w = *p;
    report(CHILD_SLOT(0), CHILD_LABEL_RO_DONE, 1, &w);
    return 0;
}

static int do_no_cap(seL4_Word root_cptr)
{
    seL4_MessageInfo_t info = seL4_Call(CHILD_EMPTY_SLOT, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Word w[3] = {seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info),
                      seL4_GetMR(0)};
    report(CHILD_SLOT(0), CHILD_LABEL_NOCAP, 3, w);
    seL4_Signal(root_cptr);
    report(CHILD_SLOT(0), CHILD_LABEL_NOCAP2, 0, w);
    return 0;
}

static int do_read_twice(void)
{
    seL4_Word w = *shared_word(0);
    call1(CHILD_SLOT(0), CHILD_LABEL_READ1, w);
    w = *shared_word(0);
    report(CHILD_SLOT(0), CHILD_LABEL_READ2, 1, &w);
    return 0;
}

static int do_ping(seL4_Word rounds)
{
    seL4_Word ball = 0, wrong = 0, last = 0;
    for (seL4_Word i = 0; i < rounds; i++) {
        *shared_word(0) += 1;
        call1(CHILD_SLOT(0), CHILD_LABEL_PING, ball);
        last = seL4_GetMR(0);
        if (last != ball + 1) {
            wrong++;
        }
        ball = last + 1;
    }
    seL4_Word w[3] = {rounds, wrong, last};
    report(CHILD_SLOT(1), CHILD_LABEL_PING_DONE, 3, w);
    return 0;
}

static int __attribute__((noreturn)) do_pong(void)
{
    seL4_Word badge;
    seL4_Recv(CHILD_SLOT(0), &badge);
    for (;;) {
        *shared_word(0) += 1;
        seL4_SetMR(0, seL4_GetMR(0) + 1);
        seL4_ReplyRecv(CHILD_SLOT(0), seL4_MessageInfo_new(CHILD_LABEL_PONG, 0, 0, 1), &badge);
    }
}

static int __attribute__((noreturn)) do_pong_client(void)
{
    call1(CHILD_SLOT(0), CHILD_LABEL_PONG, 0);
    for (;;) {
        *shared_word(0) += 1;
        call1(CHILD_SLOT(0), CHILD_LABEL_PONG, seL4_GetMR(0) + 1);
    }
}

static int do_cspace(void)
{
    seL4_Word w[8];
    for (seL4_Word i = 0; i < 6; i++) {
        w[i] = seL4_DebugCapIdentify(i);
    }
    w[6] = seL4_DebugCapIdentify(15);
    w[7] = seL4_DebugCapIdentify(CHILD_BAD_CPTR);
    report(CHILD_SLOT(0), CHILD_LABEL_CSPACE, 8, w);
    return 0;
}

static int do_info(seL4_Word arg)
{
    volatile seL4_Word local = 0;
    seL4_Word w[CHILD_INFO_WORDS];
    seL4_Word nonzero = 0;
    for (seL4_Word i = 0; i < CHILD_BSS_WORDS; i++) {
        nonzero += bss_words[i] != 0;
    }
    const char *name = sel4runtime_process_name();
    seL4_Word packed = 0;
    for (int i = 0; i < 8 && name[i]; i++) {
        packed |= (seL4_Word)(unsigned char)name[i] << (8 * i);
    }
    w[CHILD_INFO_RO] = ro_page[0] | (seL4_Word)ro_page[4095] << 8;
    w[CHILD_INFO_DATA] = data_word;
    w[CHILD_INFO_BSS_NONZERO] = nonzero;
    w[CHILD_INFO_TLS] = tls_word;
    w[CHILD_INFO_TBSS] = tbss_word;
    w[CHILD_INFO_IPCBUF] = (seL4_Word)(uintptr_t)seL4_GetIPCBuffer();
    w[CHILD_INFO_STACK] = (seL4_Word)(uintptr_t)&local;
    w[CHILD_INFO_ARG] = arg;
    w[CHILD_INFO_CTORS] = ctor_runs;
    w[CHILD_INFO_TLS_ADDR] = (seL4_Word)(uintptr_t)&tls_word;
    w[CHILD_INFO_NAME] = packed;
    w[CHILD_INFO_BOOTINFO] = (seL4_Word)(uintptr_t)sel4runtime_bootinfo();
    for (seL4_Word i = 0; i < CHILD_INFO_WORDS; i++) {
        seL4_SetMR((int)i, w[i]);
    }
    seL4_Call(CHILD_SLOT(0), seL4_MessageInfo_new(CHILD_LABEL_INFO, 0, 0, CHILD_INFO_WORDS));
    return 0;
}

int child_main(seL4_Word arg)
{
    seL4_Word param = CHILD_PARAM_OF(arg);
    entries++;
    switch (CHILD_CMD_OF(arg)) {
    case CHILD_EXIT:
        return (int)(param + 0x100 * entries);
    case CHILD_SIGNAL:
        seL4_Signal(CHILD_SLOT(0));
        return 0;
    case CHILD_CALL:
        return do_call();
    case CHILD_SEND_ID:
        report(CHILD_SLOT(0), CHILD_LABEL_ID, 1, &param);
        return 0;
    case CHILD_SHARE:
        return do_share();
    case CHILD_TOUCH: {
        seL4_Word w = *(volatile seL4_Word *)(CHILD_UNMAPPED + CHILD_TOUCH_OFFSET);
        report(CHILD_SLOT(0), CHILD_LABEL_TOUCHED, 1, &w);
        return 0;
    }
    case CHILD_WRITE_RO:
        return do_write_ro();
    case CHILD_NO_CAP:
        return do_no_cap(param);
    case CHILD_RECV_EMPTY:
        seL4_Recv(CHILD_EMPTY_SLOT, NULL);
        return 0;
    case CHILD_SPIN:
        for (;;) {
            *shared_word(0) += 1;
            seL4_Yield();
        }
    case CHILD_READ_TWICE:
        return do_read_twice();
    case CHILD_PING:
        return do_ping(param);
    case CHILD_PONG:
        do_pong();
    case CHILD_PONG_CLIENT:
        do_pong_client();
    case CHILD_HELLO:
        put(CHILD_HELLO_TEXT);
        seL4_Signal(CHILD_SLOT(0));
        return 0;
    case CHILD_CSPACE:
        return do_cspace();
    case CHILD_INFO:
        return do_info(arg);
    default:
        put("conformance child: unknown command\n");
        return -1;
    }
}
