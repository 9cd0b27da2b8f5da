/*
 * Decoding device accesses (see mmio.h). References are to the Intel SDM
 * Vol. 2: 2.1 instruction format, 2.2.1 REX prefixes, and the instruction
 * pages of MOV, MOVZX, MOVSX/MOVSXD.
 */
#include "mmio.h"

#define REX_W 0x8u
#define REX_R 0x4u

/* What one opcode does. */
struct opcode_form {
    bool write;
    bool imm;          /* mov r/m, imm: ModRM.reg must be 0 (/0) */
    unsigned size;     /* bytes accessed, 0: the operand size */
    unsigned reg_size; /* bytes of the register, 0: the operand size */
    bool sign_extend;
};

/* Legacy prefixes that do not matter here (2.1.1): 0x67 changes only how
 * the address is computed, and the host has the address; segment overrides
 * likewise. 0x66 is handled on its own; LOCK and REP are refused. */
static bool ignored_prefix(uint8_t b)
{
    switch (b) {
    case 0x67: /* address size */
    case 0x26: /* ES */
    case 0x2e: /* CS */
    case 0x36: /* SS */
    case 0x3e: /* DS */
    case 0x64: /* FS */
    case 0x65: /* GS */
        return true;
    }
    return false;
}

static bool one_byte_form(uint8_t op, uint8_t rex, struct opcode_form *f)
{
    switch (op) {
    case 0x88: /* MOV r/m8, r8 */
        *f = (struct opcode_form){ .write = true, .size = 1, .reg_size = 1 };
        return true;
    case 0x89: /* MOV r/m16/32/64, r16/32/64 */
        *f = (struct opcode_form){ .write = true };
        return true;
    case 0x8a: /* MOV r8, r/m8 */
        *f = (struct opcode_form){ .size = 1, .reg_size = 1 };
        return true;
    case 0x8b: /* MOV r16/32/64, r/m16/32/64 */
        *f = (struct opcode_form){ 0 };
        return true;
    case 0x63: /* MOVSXD r64, r/m32 (REX.W only) */
        *f = (struct opcode_form){ .size = 4, .reg_size = 8, .sign_extend = true };
        return rex & REX_W;
    case 0xc6: /* MOV r/m8, imm8 */
        *f = (struct opcode_form){ .write = true, .imm = true, .size = 1 };
        return true;
    case 0xc7: /* MOV r/m16/32/64, imm16/32 */
        *f = (struct opcode_form){ .write = true, .imm = true };
        return true;
    }
    return false;
}

/* After 0x0F. */
static bool two_byte_form(uint8_t op, struct opcode_form *f)
{
    switch (op) {
    case 0xb6: /* MOVZX r16/32/64, r/m8 */
        *f = (struct opcode_form){ .size = 1 };
        return true;
    case 0xb7: /* MOVZX r16/32/64, r/m16 */
        *f = (struct opcode_form){ .size = 2 };
        return true;
    case 0xbe: /* MOVSX r16/32/64, r/m8 */
        *f = (struct opcode_form){ .size = 1, .sign_extend = true };
        return true;
    case 0xbf: /* MOVSX r16/32/64, r/m16 */
        *f = (struct opcode_form){ .size = 2, .sign_extend = true };
        return true;
    }
    return false;
}

/* Steps *at past the ModRM byte's memory operand: SIB and displacement
 * (2.1.5, Tables 2-2 and 2-3; RIP-relative addressing, 2.2.1.6). Returns
 * false for a register operand (mod 3) or if the bytes run past limit. */
static bool skip_memory_operand(const uint8_t *code, size_t limit, uint8_t modrm, size_t *at)
{
    unsigned mod = modrm >> 6, rm = modrm & 7;
    if (mod == 3)
        return false;
    size_t disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;
    if (rm == 4) { /* a SIB byte follows */
        if (*at >= limit)
            return false;
        uint8_t sib = code[(*at)++];
        if (mod == 0 && (sib & 7) == 5)
            disp = 4; /* no base: disp32 */
    } else if (mod == 0 && rm == 5) {
        disp = 4; /* RIP-relative: disp32 */
    }
    *at += disp;
    return *at <= limit;
}

/* A little-endian immediate of n bytes, sign-extended to 64 bits. */
static uint64_t read_imm(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t k = 0; k < n; k++)
        v |= (uint64_t)p[k] << 8 * k;
    uint64_t sign = 1ull << (8 * n - 1);
    return (v ^ sign) - sign;
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ull << 8 * size) - 1;
}

int mmio_decode(const uint8_t *code, size_t avail, struct mmio_insn *out)
{
    size_t limit = avail < MMIO_MAX_INSN_LENGTH ? avail : MMIO_MAX_INSN_LENGTH;
    size_t at = 0;
    bool operand16 = false, address32 = false;
    uint8_t rex = 0;
    /* Prefixes. A REX prefix counts only right before the opcode (2.2.1). */
    for (;; at++) {
        if (at >= limit)
            return -1;
        uint8_t b = code[at];
        if (b == 0x66) {
            operand16 = true;
            rex = 0;
        } else if (ignored_prefix(b)) {
            address32 = address32 || b == 0x67;
            rex = 0;
        } else if ((b & 0xf0) == 0x40) {
            rex = b;
        } else {
            break;
        }
    }
    struct opcode_form f;
    uint8_t op = code[at++];
    if (op >= 0xa0 && op <= 0xa3) {
        /* MOV al/ax/eax/rax to or from moffs: an absolute address, no ModRM */
        unsigned size = (op & 1) ? ((rex & REX_W) ? 8 : operand16 ? 2 : 4) : 1;
        size_t n = address32 ? 4 : 8;
        if (at + n > limit)
            return -1;
        *out = (struct mmio_insn){ .length = (unsigned)(at + n), .write = op >= 0xa2, .size = size,
                                   .reg = 0, .reg_size = size };
        return 0;
    }
    if (op == 0x0f) {
        if (at >= limit || !two_byte_form(code[at++], &f))
            return -1;
    } else if (!one_byte_form(op, rex, &f)) {
        return -1;
    }
    /* Operand size (SDM Vol. 1, 3.6.1): REX.W, else 0x66, else 32 bits. */
    unsigned operand_size = (rex & REX_W) ? 8 : operand16 ? 2 : 4;
    if (at >= limit)
        return -1;
    uint8_t modrm = code[at++];
    unsigned reg = (modrm >> 3) & 7;
    if (!skip_memory_operand(code, limit, modrm, &at))
        return -1;

    struct mmio_insn i = {
        .write = f.write,
        .size = f.size ? f.size : operand_size,
        .reg_size = f.reg_size ? f.reg_size : operand_size,
        .sign_extend = f.sign_extend,
    };
    if (f.imm) {
        if (reg != 0)
            return -1; /* C6 /0 and C7 /0 only */
        size_t n = i.size == 8 ? 4 : i.size; /* imm32 sign-extended to 64 bits */
        if (at + n > limit)
            return -1;
        i.src_imm = true;
        i.imm = read_imm(code + at, n) & size_mask(i.size);
        i.reg_size = 0;
        at += n;
    } else {
        i.reg = reg | ((rex & REX_R) ? 8 : 0);
        /* Without REX, byte registers 4 to 7 are ah, ch, dh, bh; with any
         * REX they are spl, bpl, sil, dil (SDM Vol. 1, 3.4.1.1). */
        if (i.reg_size == 1 && !rex && i.reg >= 4) {
            i.reg -= 4;
            i.high_byte = true;
        }
    }
    i.length = (unsigned)at;
    *out = i;
    return 0;
}

uint64_t mmio_store_value(const struct mmio_insn *i, const uint64_t gpr[16])
{
    if (i->src_imm)
        return i->imm & size_mask(i->size);
    uint64_t v = gpr[i->reg & 15];
    if (i->high_byte)
        v >>= 8;
    return v & size_mask(i->size);
}

void mmio_complete_load(const struct mmio_insn *i, uint64_t gpr[16], uint64_t value)
{
    uint64_t v = value & size_mask(i->size);
    if (i->sign_extend && i->size < 8) {
        uint64_t sign = 1ull << (8 * i->size - 1);
        v = (v ^ sign) - sign;
    }
    uint64_t *r = &gpr[i->reg & 15];
    switch (i->reg_size) {
    case 8:
        *r = v;
        break;
    case 4:
        *r = (uint32_t)v; /* 32-bit results clear bits 63:32 */
        break;
    case 2:
        *r = (*r & ~(uint64_t)0xffff) | (v & 0xffff);
        break;
    case 1:
        if (i->high_byte)
            *r = (*r & ~(uint64_t)0xff00) | (v & 0xff) << 8;
        else
            *r = (*r & ~(uint64_t)0xff) | (v & 0xff);
        break;
    }
}
