/*
 * Unit tests of host/unwind.c, the DWARF CFI unwinder of fault report
 * backtraces: unwind tables and a stack made up in memory, with known frame
 * layouts (a frame-pointer function with an epilogue between
 * remember_state and restore_state, a frameless one that saves a register,
 * an outermost one whose return address is undefined), found by scanning
 * .eh_frame and through an .eh_frame_hdr search table; and cut tables.
 */
#include "unwind.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

#define EH_ADDR 0x5000u  /* where the made-up .eh_frame is "loaded" */
#define HDR_ADDR 0x4f00u /* and its .eh_frame_hdr */

static uint8_t eh[512], hdr[128];
static size_t eh_len, hdr_len;

static void put(uint8_t *buf, size_t *len, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        buf[(*len)++] = (uint8_t)(v >> (8 * i));
}

static void bytes(const char *s, size_t n)
{
    memcpy(eh + eh_len, s, n);
    eh_len += n;
}

/* Starts an entry (length patched by end_entry); returns its position. */
static size_t begin_entry(void)
{
    size_t at = eh_len;
    put(eh, &eh_len, 0, 4);
    return at;
}

static void end_entry(size_t at)
{
    while ((eh_len - at) % 8)
        eh[eh_len++] = 0; /* DW_CFA_nop */
    uint32_t len = (uint32_t)(eh_len - at - 4);
    memcpy(eh + at, &len, 4);
}

static size_t fde_at[3];
static const uint32_t fde_pc[3] = { 0x1000, 0x2000, 0x3000 }, fde_range[3] = { 0x40, 0x20, 0x10 };

/* A CIE as GCC writes it ("zR", pc-relative sdata4 pointers, CFA = rsp + 8, RA at CFA - 8) and three FDEs. */
static void build_eh_frame(void)
{
    static const char *const insns[3] = {
        /* f: push rbp; mov rsp, rbp; ...; at 0x30 the epilogue (CFA = rsp + 8), restored at 0x31 */
        "\x41\x0e\x10\x86\x02\x43\x0d\x06\x02\x2c\x0a\x0c\x07\x08\x41\x0b",
        /* g: sub 24, rsp; push rbx: CFA = rsp + 32, rbx at CFA - 16 */
        "\x44\x0e\x20\x83\x02",
        /* start: the outermost frame */
        "\x07\x10",
    };
    static const size_t insn_len[3] = { 16, 5, 2 };

    eh_len = 0;
    size_t cie = begin_entry();
    put(eh, &eh_len, 0, 4); /* CIE id */
    bytes("\x01zR\x00\x01\x78\x10\x01\x1b", 9);
    bytes("\x0c\x07\x08\x90\x01", 5);
    end_entry(cie);
    for (int i = 0; i < 3; i++) {
        size_t at = fde_at[i] = begin_entry();
        put(eh, &eh_len, eh_len - cie, 4);                                 /* CIE pointer */
        put(eh, &eh_len, (uint32_t)(fde_pc[i] - (EH_ADDR + eh_len)), 4); /* pc-relative */
        put(eh, &eh_len, fde_range[i], 4);
        put(eh, &eh_len, 0, 1); /* augmentation data length */
        bytes(insns[i], insn_len[i]);
        end_entry(at);
    }
    put(eh, &eh_len, 0, 4); /* terminator */
}

static void build_hdr(void)
{
    hdr_len = 0;
    put(hdr, &hdr_len, 0x3b031b01u, 4); /* version 1, pcrel sdata4 pointer, udata4 count, datarel sdata4 table */
    put(hdr, &hdr_len, (uint32_t)(EH_ADDR - (HDR_ADDR + hdr_len)), 4);
    put(hdr, &hdr_len, 3, 4);
    for (int i = 0; i < 3; i++) {
        put(hdr, &hdr_len, (uint32_t)(fde_pc[i] - HDR_ADDR), 4);
        put(hdr, &hdr_len, (uint32_t)(EH_ADDR + fde_at[i] - HDR_ADDR), 4);
    }
}

/* The made-up stack: words at 0x7100..0x7200. */
#define STACK_BASE 0x7100u
static uint64_t stack[32];
static int reads;

static bool read_stack(void *ctx, uint64_t addr, uint64_t *value)
{
    reads++;
    if (addr < STACK_BASE || addr + 8 > STACK_BASE + sizeof(stack) || addr % 8)
        return false;
    *value = stack[(addr - STACK_BASE) / 8];
    return true;
}

static void poke(uint64_t addr, uint64_t value)
{
    stack[(addr - STACK_BASE) / 8] = value;
}

static struct unwind_table table(bool with_hdr)
{
    return (struct unwind_table){
        .eh_frame = eh, .eh_frame_size = eh_len, .eh_frame_addr = EH_ADDR,
        .hdr = with_hdr ? hdr : NULL, .hdr_size = hdr_len, .hdr_addr = HDR_ADDR,
    };
}

static struct unwind_table current;

static const struct unwind_table *tables(void *ctx, uint64_t pc)
{
    return pc >= 0x1000 && pc < 0x4000 ? &current : NULL;
}

/* g (pc 0x2008) called from f (at 0x101b, returning to 0x1020), called from start (returning to 0x3008). */
static struct unwind_frame innermost(void)
{
    memset(stack, 0, sizeof(stack));
    poke(0x7118, 0x1020); /* g's return address, CFA 0x7120 */
    poke(0x7110, 0xb0b);  /* rbx saved by g */
    poke(0x7148, 0x3008); /* f's return address, CFA = rbp + 16 = 0x7150 */
    poke(0x7140, 0x7200); /* start's rbp, saved by f */
    struct unwind_frame f = { .known = (1u << UNWIND_NREGS) - 1 };
    f.reg[UNWIND_RA] = 0x2008;
    f.reg[UNWIND_RSP] = 0x7100;
    f.reg[UNWIND_RBP] = 0x7140;
    f.reg[UNWIND_RBX] = 0x1234;
    return f;
}

static void test_walk(bool with_hdr, const char *name)
{
    uint64_t pcs[8];
    enum unwind_result why;
    current = table(with_hdr);
    int n = unwind_walk(innermost(), tables, read_stack, NULL, pcs, 8, &why);
    CHECK_EQ(n, 3);
    CHECK_EQ(pcs[0], 0x2008);
    CHECK_EQ(pcs[1], 0x1020);
    CHECK_EQ(pcs[2], 0x3008);
    CHECK_EQ(why, UNWIND_END);
    report(name);
}

static void test_step_registers(void)
{
    struct unwind_table t = table(false);
    struct unwind_frame f = innermost();
    CHECK_EQ(unwind_step(&t, 0x2008, &f, read_stack, NULL), UNWIND_OK);
    CHECK_EQ(f.reg[UNWIND_RSP], 0x7120);
    CHECK_EQ(f.reg[UNWIND_RBX], 0xb0b);    /* restored from g's save slot */
    CHECK_EQ(f.reg[UNWIND_RBP], 0x7140);   /* same value */
    CHECK_EQ(f.reg[UNWIND_RA], 0x1020);
    CHECK_EQ(unwind_step(&t, 0x101f, &f, read_stack, NULL), UNWIND_OK);
    CHECK_EQ(f.reg[UNWIND_RSP], 0x7150);
    CHECK_EQ(f.reg[UNWIND_RBP], 0x7200);
    CHECK_EQ(f.reg[UNWIND_RA], 0x3008);
    CHECK_EQ(unwind_step(&t, 0x3007, &f, read_stack, NULL), UNWIND_END);
    /* Before g's first advance the CIE's rule holds: CFA = rsp + 8. */
    f = innermost();
    poke(0x7100, 0x1020);
    f.reg[UNWIND_RA] = 0x2000;
    CHECK_EQ(unwind_step(&t, 0x2000, &f, read_stack, NULL), UNWIND_OK);
    CHECK_EQ(f.reg[UNWIND_RSP], 0x7108);
    CHECK_EQ(f.reg[UNWIND_RA], 0x1020);
    report("unwind-step-registers");
}

static void test_remember_restore_state(void)
{
    struct unwind_table t = table(true);
    /* At 0x1030 (f's `ret`): CFA = rsp + 8; from 0x1031 on the remembered CFA = rbp + 16 again. */
    struct unwind_frame f = innermost();
    f.reg[UNWIND_RSP] = 0x7148;
    CHECK_EQ(unwind_step(&t, 0x1030, &f, read_stack, NULL), UNWIND_OK);
    CHECK_EQ(f.reg[UNWIND_RSP], 0x7150);
    CHECK_EQ(f.reg[UNWIND_RA], 0x3008);
    f = innermost();
    f.reg[UNWIND_RSP] = 0x7000; /* not used: the CFA is rbp-based */
    CHECK_EQ(unwind_step(&t, 0x1031, &f, read_stack, NULL), UNWIND_OK);
    CHECK_EQ(f.reg[UNWIND_RSP], 0x7150);
    CHECK_EQ(f.reg[UNWIND_RBP], 0x7200);
    report("unwind-remember-restore-state");
}

static void test_find_fde(void)
{
    uint64_t start, end;
    for (int h = 0; h < 2; h++) {
        struct unwind_table t = table(h);
        CHECK(unwind_find_fde(&t, 0x1000, &start, &end));
        CHECK_EQ(start, 0x1000);
        CHECK_EQ(end, 0x1040);
        CHECK(unwind_find_fde(&t, 0x201f, &start, &end));
        CHECK_EQ(start, 0x2000);
        CHECK(!unwind_find_fde(&t, 0x2020, &start, &end)); /* between g and start */
        CHECK(!unwind_find_fde(&t, 0xfff, &start, &end));
        CHECK(unwind_find_fde(&t, 0x300f, &start, &end));
        CHECK(!unwind_find_fde(&t, 0x3010, &start, &end));
    }
    /* A terminator where f's FDE starts stops the scan; the search table still finds g's FDE. */
    uint8_t ended[sizeof(eh)];
    memcpy(ended, eh, eh_len);
    memset(ended + fde_at[0], 0, 4);
    struct unwind_table t = table(false);
    t.eh_frame = ended;
    CHECK(!unwind_find_fde(&t, 0x2008, &start, &end));
    t.hdr = hdr;
    CHECK(unwind_find_fde(&t, 0x2008, &start, &end));
    CHECK_EQ(start, 0x2000);
    uint64_t eh_addr;
    CHECK(unwind_hdr_eh_frame(hdr, hdr_len, HDR_ADDR, &eh_addr));
    CHECK_EQ(eh_addr, EH_ADDR);
    report("unwind-find-fde");
}

static void test_stops(void)
{
    uint64_t pcs[8];
    enum unwind_result why;
    struct unwind_table t = table(false);
    current = t;

    /* A pc no FDE covers: one frame. */
    struct unwind_frame f = innermost();
    f.reg[UNWIND_RA] = 0x2800;
    CHECK_EQ(unwind_walk(f, tables, read_stack, NULL, pcs, 8, &why), 1);
    CHECK_EQ(why, UNWIND_NO_INFO);
    /* An unreadable save slot. */
    f = innermost();
    f.reg[UNWIND_RSP] = 0x9000;
    CHECK_EQ(unwind_walk(f, tables, read_stack, NULL, pcs, 8, &why), 1);
    CHECK_EQ(why, UNWIND_BAD_READ);
    /* A zero return address ends the walk. */
    f = innermost();
    poke(0x7118, 0);
    CHECK_EQ(unwind_walk(f, tables, read_stack, NULL, pcs, 8, &why), 1);
    CHECK_EQ(why, UNWIND_END);
    /* At most max frames. */
    f = innermost();
    CHECK_EQ(unwind_walk(f, tables, read_stack, NULL, pcs, 2, &why), 2);
    CHECK_EQ(why, UNWIND_OK);
    /* A stack pointer that does not grow (a loop) stops. */
    f = innermost();
    poke(0x7148, 0x1020);
    poke(0x7140, 0x7140);
    f.reg[UNWIND_RA] = 0x1020;
    f.reg[UNWIND_RSP] = 0x7150;
    CHECK(unwind_walk(f, tables, read_stack, NULL, pcs, 8, &why) < 8);
    CHECK_EQ(why, UNWIND_MALFORMED);
    report("unwind-stops");
}

/* Every cut of the tables is refused or read within bounds (ASan would see an overrun). */
static void test_cut_tables(void)
{
    uint8_t cut_eh[sizeof(eh)], cut_hdr[sizeof(hdr)];
    for (size_t len = 0; len < eh_len; len++) {
        memcpy(cut_eh, eh, len);
        struct unwind_table t = { .eh_frame = cut_eh, .eh_frame_size = len, .eh_frame_addr = EH_ADDR };
        struct unwind_frame f = innermost();
        enum unwind_result r = unwind_step(&t, 0x2008, &f, read_stack, NULL);
        CHECK(r == UNWIND_OK || r == UNWIND_NO_INFO || r == UNWIND_MALFORMED);
    }
    for (size_t len = 0; len < hdr_len; len++) {
        memcpy(cut_hdr, hdr, len);
        struct unwind_table t = table(false);
        t.hdr = cut_hdr;
        t.hdr_size = len;
        struct unwind_frame f = innermost();
        CHECK_EQ(unwind_step(&t, 0x2008, &f, read_stack, NULL), UNWIND_OK); /* falls back to the scan */
    }
    /* Garbage: every byte value in the first instruction of g's FDE. */
    uint8_t bad[sizeof(eh)];
    for (int v = 0; v < 256; v++) {
        memcpy(bad, eh, eh_len);
        bad[fde_at[1] + 17] = (uint8_t)v;
        struct unwind_table t = { .eh_frame = bad, .eh_frame_size = eh_len, .eh_frame_addr = EH_ADDR };
        struct unwind_frame f = innermost();
        unwind_step(&t, 0x2008, &f, read_stack, NULL);
    }
    report("unwind-cut-tables");
}

int main(void)
{
    build_eh_frame();
    build_hdr();
    test_walk(false, "unwind-walk-scan");
    test_walk(true, "unwind-walk-hdr");
    test_step_registers();
    test_remember_restore_state();
    test_find_fde();
    test_stops();
    test_cut_tables();
    printf("unwind: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
