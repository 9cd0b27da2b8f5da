/*
 * Decoding the x86-64 instruction that touched an emulated device register
 * page, so that the host can carry out the access on the device model and
 * advance RIP past it.
 *
 * The host knows the faulting address from the fault itself; what it needs
 * from the instruction is whether it loads or stores, how many bytes, which
 * register (or immediate) takes part and how, and the instruction's length.
 * Only the instructions compilers emit for volatile device accesses are
 * supported: mov in all its forms to and from memory, mov of an immediate to
 * memory, movzx, movsx and movsxd. Anything else is refused, and the host
 * then reports the fault as it would for any other bad access.
 *
 * Registers are numbered as in the instruction encoding (Intel SDM Vol. 2,
 * 3.1.1.1, Table 3-1): 0 rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp,
 * 6 rsi, 7 rdi, 8 to 15 r8 to r15. The helpers work on an array of 16 such
 * values; the host maps them to and from its ucontext.
 *
 * Pure: no system calls, no globals, no allocation.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MMIO_MAX_INSN_LENGTH 15 /* SDM Vol. 2, 2.3.11 */

struct mmio_insn {
    unsigned length;   /* bytes of the instruction: RIP moves on by this much */
    bool write;        /* a store to the device; else a load from it */
    unsigned size;     /* bytes accessed at the fault address: 1, 2, 4 or 8 */
    bool src_imm;      /* a store of imm (else of register reg) */
    uint64_t imm;      /* the immediate, as stored: size bytes, zero above */
    /* a load, or a store of a register: */
    unsigned reg;      /* the register: load destination or store source (0..15) */
    bool high_byte;    /* reg (0..3) stands for ah, ch, dh or bh: its bits 15:8 */
    unsigned reg_size; /* bytes of reg written (load) or read (store): 1, 2, 4 or 8 */
    bool sign_extend;  /* load of fewer bytes than reg_size: movsx, movsxd (else zero-extend) */
};

/* Decodes the instruction at code, of which avail bytes are readable.
 * Returns 0 and fills *out, or -1 if the instruction is not a supported
 * memory access or is cut short by avail. */
int mmio_decode(const uint8_t *code, size_t avail, struct mmio_insn *out);

/* The value a store writes: size bytes, zero above. */
uint64_t mmio_store_value(const struct mmio_insn *i, const uint64_t gpr[16]);

/* Completes a load of value (its low size bytes count) into the destination
 * register as the processor would: a 32-bit destination clears bits 63:32,
 * an 8- or 16-bit one keeps the register's other bits (SDM Vol. 1, 3.4.1.1). */
void mmio_complete_load(const struct mmio_insn *i, uint64_t gpr[16], uint64_t value);
