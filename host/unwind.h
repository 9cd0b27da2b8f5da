/*
 * A small DWARF call frame information (CFI) unwinder for x86_64: it reads
 * the .eh_frame of an object (through its .eh_frame_hdr search table, or
 * by scanning), runs the CFA program of the FDE covering a pc and computes
 * the caller's registers, reading stack memory through a callback. Pure C
 * over byte buffers, so it is unit tested on frames made up in memory
 * (tests/unit/test_unwind.c); host/backtrace.c feeds it real objects and
 * a thread's registers. Format: the DWARF 4 specification, section 6.4,
 * and the LSB's .eh_frame and .eh_frame_hdr descriptions.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* x86_64 DWARF register numbers (System V psABI, figure 3.36); column 16 is the return address. */
enum unwind_reg {
    UNWIND_RAX, UNWIND_RDX, UNWIND_RCX, UNWIND_RBX, UNWIND_RSI, UNWIND_RDI, UNWIND_RBP, UNWIND_RSP,
    UNWIND_R8, UNWIND_R9, UNWIND_R10, UNWIND_R11, UNWIND_R12, UNWIND_R13, UNWIND_R14, UNWIND_R15,
    UNWIND_RA, UNWIND_NREGS,
};

/* The registers of one frame; bit r of `known` says reg[r] holds a value. UNWIND_RA holds the frame's pc. */
struct unwind_frame {
    uint64_t reg[UNWIND_NREGS];
    uint32_t known;
};

/*
 * One object's unwind tables: the bytes of .eh_frame, and the address
 * they have in the unwound program (pc-relative pointers are relative to
 * it); optionally .eh_frame_hdr likewise (NULL: .eh_frame is scanned).
 */
struct unwind_table {
    const uint8_t *eh_frame;
    size_t eh_frame_size;
    uint64_t eh_frame_addr;
    const uint8_t *hdr;
    size_t hdr_size;
    uint64_t hdr_addr;
};

/* Reads the 8-byte word of the unwound program's memory at addr: false if it cannot. */
typedef bool (*unwind_read_fn)(void *ctx, uint64_t addr, uint64_t *value);

enum unwind_result {
    UNWIND_OK,          /* the caller's frame is in *f */
    UNWIND_END,         /* the return address is undefined: the outermost frame */
    UNWIND_NO_INFO,     /* no FDE covers the pc */
    UNWIND_UNSUPPORTED, /* a CFA rule this unwinder does not interpret (DWARF expressions) */
    UNWIND_BAD_READ,    /* a saved register's stack slot cannot be read */
    UNWIND_MALFORMED,   /* the tables are broken */
};

/*
 * One step: f holds a frame's registers (UNWIND_RA its pc); lookup_pc is
 * the pc to find the FDE for (the pc itself for the innermost frame, pc - 1
 * for callers, whose pc is a return address). On UNWIND_OK f holds the
 * caller's registers: UNWIND_RSP the CFA, UNWIND_RA the return address.
 */
enum unwind_result unwind_step(const struct unwind_table *t, uint64_t lookup_pc, struct unwind_frame *f,
                               unwind_read_fn read, void *ctx);

/* The address of .eh_frame that an .eh_frame_hdr (at hdr_addr) names; false if it is broken. */
bool unwind_hdr_eh_frame(const uint8_t *hdr, size_t size, uint64_t hdr_addr, uint64_t *eh_frame_addr);

/* The FDE covering pc: its range [*start, *end). False if none. */
bool unwind_find_fde(const struct unwind_table *t, uint64_t pc, uint64_t *start, uint64_t *end);

/* Where a walk finds the unwind tables of the code at a pc: NULL for none. */
typedef const struct unwind_table *(*unwind_table_fn)(void *ctx, uint64_t pc);

/*
 * Walks a stack from frame f (its pc in UNWIND_RA): stores up to max pcs,
 * innermost first, and returns how many; *why says why the walk stopped
 * (UNWIND_END also for a zero return address, UNWIND_OK when max was
 * reached, UNWIND_MALFORMED for a stack pointer that does not grow).
 */
int unwind_walk(struct unwind_frame f, unwind_table_fn tables, unwind_read_fn read, void *ctx, uint64_t *pcs,
                int max, enum unwind_result *why);
