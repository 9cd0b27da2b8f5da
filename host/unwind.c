/*
 * DWARF CFI unwinding for x86_64 (see unwind.h). Every read of the tables
 * is bounds-checked: they may come from an untrusted image file.
 */
#include "unwind.h"

#include <string.h>

/* DW_EH_PE pointer encodings (LSB, "DWARF Exception Header Encoding"). */
enum {
    PE_ABSPTR = 0x00, PE_ULEB128 = 0x01, PE_UDATA2 = 0x02, PE_UDATA4 = 0x03, PE_UDATA8 = 0x04,
    PE_SLEB128 = 0x09, PE_SDATA2 = 0x0a, PE_SDATA4 = 0x0b, PE_SDATA8 = 0x0c,
    PE_PCREL = 0x10, PE_DATAREL = 0x30, PE_INDIRECT = 0x80, PE_OMIT = 0xff,
};

/* DW_CFA instructions (DWARF 4, 6.4.2; 0x2e is GNU's args_size). */
enum {
    CFA_advance_loc = 0x40, CFA_offset = 0x80, CFA_restore = 0xc0,
    CFA_nop = 0x00, CFA_set_loc = 0x01, CFA_advance_loc1 = 0x02, CFA_advance_loc2 = 0x03,
    CFA_advance_loc4 = 0x04, CFA_offset_extended = 0x05, CFA_restore_extended = 0x06, CFA_undefined = 0x07,
    CFA_same_value = 0x08, CFA_register = 0x09, CFA_remember_state = 0x0a, CFA_restore_state = 0x0b,
    CFA_def_cfa = 0x0c, CFA_def_cfa_register = 0x0d, CFA_def_cfa_offset = 0x0e, CFA_def_cfa_expression = 0x0f,
    CFA_expression = 0x10, CFA_offset_extended_sf = 0x11, CFA_def_cfa_sf = 0x12, CFA_def_cfa_offset_sf = 0x13,
    CFA_val_offset = 0x14, CFA_val_offset_sf = 0x15, CFA_val_expression = 0x16, CFA_GNU_args_size = 0x2e,
    CFA_GNU_negative_offset_extended = 0x2f,
};

/* A read position in a section whose first byte is at address `addr` of the program. */
struct cursor {
    const uint8_t *base;
    size_t size, pos;
    uint64_t addr;
    bool bad;
};

static uint64_t take(struct cursor *c, size_t n)
{
    uint64_t v = 0;
    if (c->bad || n > c->size || c->pos > c->size - n) {
        c->bad = true;
        return 0;
    }
    memcpy(&v, c->base + c->pos, n); /* little-endian */
    c->pos += n;
    return v;
}

static uint64_t uleb(struct cursor *c)
{
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        uint8_t b = (uint8_t)take(c, 1);
        if (c->bad)
            return 0;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
}

static int64_t sleb(struct cursor *c)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
        b = (uint8_t)take(c, 1);
        if (c->bad)
            return 0;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40))
        v |= ~(uint64_t)0 << shift;
    return (int64_t)v;
}

/* A pointer in encoding enc; datarel is relative to the .eh_frame_hdr start. Indirect ones are refused. */
static uint64_t encoded(struct cursor *c, uint8_t enc, uint64_t datarel)
{
    uint64_t here = c->addr + c->pos, v;
    if (enc == PE_OMIT || (enc & PE_INDIRECT)) {
        c->bad = true;
        return 0;
    }
    switch (enc & 0x0f) {
    case PE_ABSPTR: v = take(c, 8); break;
    case PE_ULEB128: v = uleb(c); break;
    case PE_UDATA2: v = take(c, 2); break;
    case PE_UDATA4: v = take(c, 4); break;
    case PE_UDATA8: v = take(c, 8); break;
    case PE_SLEB128: v = (uint64_t)sleb(c); break;
    case PE_SDATA2: v = (uint64_t)(int64_t)(int16_t)take(c, 2); break;
    case PE_SDATA4: v = (uint64_t)(int64_t)(int32_t)take(c, 4); break;
    case PE_SDATA8: v = take(c, 8); break;
    default: c->bad = true; return 0;
    }
    switch (enc & 0x70) {
    case 0: return v;
    case PE_PCREL: return v + here;
    case PE_DATAREL: return v + datarel;
    default: c->bad = true; return 0;
    }
}

struct cie {
    uint64_t code_align;
    int64_t data_align;
    uint64_t ra_reg;
    uint8_t fde_enc;
    bool augmented; /* 'z': FDEs carry augmentation data */
    size_t insns, insns_end;
};

struct fde {
    struct cie cie;
    uint64_t start, end;
    size_t insns, insns_end;
};

/* The length field of the entry at c->pos: the entry's end position, or 0 for the terminator. */
static size_t entry_end(struct cursor *c)
{
    uint64_t len = take(c, 4);
    if (len == 0xffffffffu)
        len = take(c, 8);
    if (c->bad || len > c->size - c->pos) {
        c->bad = true;
        return 0;
    }
    return len ? c->pos + (size_t)len : 0;
}

static bool parse_cie(const struct unwind_table *t, size_t at, struct cie *cie)
{
    struct cursor c = { t->eh_frame, t->eh_frame_size, at, t->eh_frame_addr, false };
    size_t end = entry_end(&c);
    if (!end || take(&c, 4) != 0)
        return false; /* not a CIE */
    uint8_t version = (uint8_t)take(&c, 1);
    const char *aug = (const char *)c.base + c.pos;
    const void *nul = c.bad ? NULL : memchr(aug, 0, end - c.pos);
    if (!nul || (version != 1 && version != 3 && version != 4))
        return false;
    c.pos += (size_t)((const char *)nul - aug) + 1;
    if (version == 4)
        take(&c, 2); /* address size, segment size */
    *cie = (struct cie){ .fde_enc = PE_ABSPTR };
    cie->code_align = uleb(&c);
    cie->data_align = sleb(&c);
    cie->ra_reg = version == 1 ? take(&c, 1) : uleb(&c);
    size_t aug_end = c.pos;
    if (aug[0] == 'z') {
        cie->augmented = true;
        uint64_t n = uleb(&c);
        if (c.bad || n > end - c.pos)
            return false;
        aug_end = c.pos + (size_t)n;
        for (const char *a = aug + 1; *a && !c.bad; a++) {
            if (*a == 'R')
                cie->fde_enc = (uint8_t)take(&c, 1);
            else if (*a == 'L')
                take(&c, 1);
            else if (*a == 'P')
                encoded(&c, (uint8_t)take(&c, 1) & 0x7f, 0); /* the personality routine: not needed */
            else if (*a != 'S' && *a != 'B')
                break; /* unknown: the length tells where the data ends */
        }
        c.pos = aug_end;
    } else if (aug[0]) {
        return false; /* an old augmentation without a length */
    }
    cie->insns = c.pos;
    cie->insns_end = end;
    return !c.bad && c.pos <= end;
}

/* The FDE at position at (its length field); false if it is not one or broken. */
static bool parse_fde(const struct unwind_table *t, size_t at, struct fde *fde)
{
    struct cursor c = { t->eh_frame, t->eh_frame_size, at, t->eh_frame_addr, false };
    size_t end = entry_end(&c);
    size_t id_pos = c.pos;
    uint64_t cie_off = take(&c, 4);
    if (!end || c.bad || cie_off == 0 || cie_off > id_pos)
        return false;
    if (!parse_cie(t, id_pos - (size_t)cie_off, &fde->cie))
        return false;
    fde->start = encoded(&c, fde->cie.fde_enc, 0);
    fde->end = fde->start + encoded(&c, fde->cie.fde_enc & 0x0f, 0);
    if (fde->cie.augmented) {
        uint64_t n = uleb(&c);
        if (c.bad || n > end - c.pos)
            return false;
        c.pos += (size_t)n;
    }
    fde->insns = c.pos;
    fde->insns_end = end;
    return !c.bad && c.pos <= end;
}

/* Binary search of .eh_frame_hdr's table (datarel sdata4 pairs, sorted by pc). */
static bool find_in_hdr(const struct unwind_table *t, uint64_t pc, struct fde *fde)
{
    struct cursor c = { t->hdr, t->hdr_size, 0, t->hdr_addr, false };
    uint8_t version = (uint8_t)take(&c, 1), ptr_enc = (uint8_t)take(&c, 1);
    uint8_t count_enc = (uint8_t)take(&c, 1), table_enc = (uint8_t)take(&c, 1);
    if (c.bad || version != 1 || table_enc != (PE_DATAREL | PE_SDATA4) || count_enc == PE_OMIT)
        return false;
    encoded(&c, ptr_enc, t->hdr_addr);
    uint64_t count = encoded(&c, count_enc, t->hdr_addr);
    if (c.bad || count > (c.size - c.pos) / 8)
        return false;
    size_t table = c.pos;
    uint64_t lo = 0, hi = count;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        c.pos = table + (size_t)mid * 8;
        if (encoded(&c, table_enc, t->hdr_addr) <= pc)
            lo = mid;
        else
            hi = mid;
    }
    if (!count)
        return false;
    c.pos = table + (size_t)lo * 8 + 4;
    uint64_t fde_addr = encoded(&c, table_enc, t->hdr_addr);
    if (c.bad || fde_addr < t->eh_frame_addr || fde_addr - t->eh_frame_addr >= t->eh_frame_size)
        return false;
    return parse_fde(t, (size_t)(fde_addr - t->eh_frame_addr), fde) && fde->start <= pc && pc < fde->end;
}

/* Every entry of .eh_frame in turn (static images have no .eh_frame_hdr). */
static bool find_by_scan(const struct unwind_table *t, uint64_t pc, struct fde *fde)
{
    struct cursor c = { t->eh_frame, t->eh_frame_size, 0, t->eh_frame_addr, false };
    while (c.pos < c.size) {
        size_t at = c.pos, end = entry_end(&c);
        if (!end)
            return false;
        if (take(&c, 4) != 0 && parse_fde(t, at, fde) && fde->start <= pc && pc < fde->end)
            return true;
        c.pos = end;
    }
    return false;
}

bool unwind_hdr_eh_frame(const uint8_t *hdr, size_t size, uint64_t hdr_addr, uint64_t *eh_frame_addr)
{
    struct cursor c = { hdr, size, 0, hdr_addr, false };
    uint8_t version = (uint8_t)take(&c, 1), ptr_enc = (uint8_t)take(&c, 1);
    take(&c, 2);
    *eh_frame_addr = encoded(&c, ptr_enc, hdr_addr);
    return !c.bad && version == 1;
}

static bool find_fde(const struct unwind_table *t, uint64_t pc, struct fde *fde)
{
    if (t->hdr && find_in_hdr(t, pc, fde))
        return true;
    return find_by_scan(t, pc, fde);
}

bool unwind_find_fde(const struct unwind_table *t, uint64_t pc, uint64_t *start, uint64_t *end)
{
    struct fde fde;
    if (!find_fde(t, pc, &fde))
        return false;
    *start = fde.start;
    *end = fde.end;
    return true;
}

/* ---- the CFA program ---- */

enum rule_kind { RULE_SAME, RULE_UNDEFINED, RULE_OFFSET, RULE_VAL_OFFSET, RULE_REGISTER, RULE_UNSUPPORTED };

struct rule {
    uint8_t kind;
    int64_t value; /* offset from the CFA, or a register number */
};

struct rules {
    uint64_t cfa_reg;
    int64_t cfa_offset;
    bool cfa_unsupported;
    struct rule reg[UNWIND_NREGS];
};

#define STATE_STACK 8

struct program {
    struct rules now, initial, stack[STATE_STACK];
    unsigned depth;
    uint64_t loc;
};

static void set_rule(struct rules *r, uint64_t reg, uint8_t kind, int64_t value)
{
    if (reg < UNWIND_NREGS)
        r->reg[reg] = (struct rule){ kind, value };
}

/* Runs instructions [from, to) until the location passes pc; false for broken ones. */
static bool run(const struct unwind_table *t, const struct cie *cie, struct program *p, size_t from, size_t to,
                uint64_t pc)
{
    struct cursor c = { t->eh_frame, to, from, t->eh_frame_addr, false };
    struct rules *r = &p->now;

    while (c.pos < to && !c.bad) {
        uint8_t op = (uint8_t)take(&c, 1), low = op & 0x3f;
        uint64_t reg, delta = 0;
        bool advance = false;
        switch (op & 0xc0) {
        case CFA_advance_loc:
            delta = low;
            advance = true;
            break;
        case CFA_offset:
            set_rule(r, low, RULE_OFFSET, (int64_t)uleb(&c) * cie->data_align);
            continue;
        case CFA_restore:
            if (low < UNWIND_NREGS)
                r->reg[low] = p->initial.reg[low];
            continue;
        }
        if (!advance) {
            switch (op) {
            case CFA_nop:
                break;
            case CFA_set_loc:
                p->loc = encoded(&c, cie->fde_enc, 0);
                if (p->loc > pc)
                    return !c.bad;
                break;
            case CFA_advance_loc1: delta = take(&c, 1); advance = true; break;
            case CFA_advance_loc2: delta = take(&c, 2); advance = true; break;
            case CFA_advance_loc4: delta = take(&c, 4); advance = true; break;
            case CFA_offset_extended:
                reg = uleb(&c);
                set_rule(r, reg, RULE_OFFSET, (int64_t)uleb(&c) * cie->data_align);
                break;
            case CFA_offset_extended_sf:
                reg = uleb(&c);
                set_rule(r, reg, RULE_OFFSET, sleb(&c) * cie->data_align);
                break;
            case CFA_GNU_negative_offset_extended:
                reg = uleb(&c);
                set_rule(r, reg, RULE_OFFSET, -(int64_t)uleb(&c) * cie->data_align);
                break;
            case CFA_val_offset:
                reg = uleb(&c);
                set_rule(r, reg, RULE_VAL_OFFSET, (int64_t)uleb(&c) * cie->data_align);
                break;
            case CFA_val_offset_sf:
                reg = uleb(&c);
                set_rule(r, reg, RULE_VAL_OFFSET, sleb(&c) * cie->data_align);
                break;
            case CFA_restore_extended:
                reg = uleb(&c);
                if (reg < UNWIND_NREGS)
                    r->reg[reg] = p->initial.reg[reg];
                break;
            case CFA_undefined: set_rule(r, uleb(&c), RULE_UNDEFINED, 0); break;
            case CFA_same_value: set_rule(r, uleb(&c), RULE_SAME, 0); break;
            case CFA_register:
                reg = uleb(&c);
                set_rule(r, reg, RULE_REGISTER, (int64_t)uleb(&c));
                break;
            case CFA_remember_state:
                if (p->depth == STATE_STACK)
                    return false;
                p->stack[p->depth++] = *r;
                break;
            case CFA_restore_state: /* the CFA rule too, as GCC's epilogues expect */
                if (p->depth == 0)
                    return false;
                *r = p->stack[--p->depth];
                break;
            case CFA_def_cfa:
                r->cfa_reg = uleb(&c);
                r->cfa_offset = (int64_t)uleb(&c);
                r->cfa_unsupported = false;
                break;
            case CFA_def_cfa_sf:
                r->cfa_reg = uleb(&c);
                r->cfa_offset = sleb(&c) * cie->data_align;
                r->cfa_unsupported = false;
                break;
            case CFA_def_cfa_register:
                r->cfa_reg = uleb(&c);
                r->cfa_unsupported = false;
                break;
            case CFA_def_cfa_offset:
                r->cfa_offset = (int64_t)uleb(&c);
                break;
            case CFA_def_cfa_offset_sf:
                r->cfa_offset = sleb(&c) * cie->data_align;
                break;
            case CFA_def_cfa_expression:
                c.pos += (size_t)uleb(&c);
                r->cfa_unsupported = true;
                break;
            case CFA_expression:
            case CFA_val_expression:
                reg = uleb(&c);
                c.pos += (size_t)uleb(&c);
                set_rule(r, reg, RULE_UNSUPPORTED, 0);
                break;
            case CFA_GNU_args_size:
                uleb(&c);
                break;
            default:
                return false;
            }
        }
        if (advance) {
            p->loc += delta * cie->code_align;
            if (p->loc > pc)
                return !c.bad;
        }
    }
    return !c.bad;
}

enum unwind_result unwind_step(const struct unwind_table *t, uint64_t lookup_pc, struct unwind_frame *f,
                               unwind_read_fn read, void *ctx)
{
    static const struct rules empty; /* every register: same value */
    struct fde fde;
    struct program p;

    if (!find_fde(t, lookup_pc, &fde))
        return UNWIND_NO_INFO;
    p.now = empty;
    p.depth = 0;
    p.loc = fde.start;
    if (!run(t, &fde.cie, &p, fde.cie.insns, fde.cie.insns_end, UINT64_MAX))
        return UNWIND_MALFORMED;
    p.initial = p.now;
    p.depth = 0;
    if (!run(t, &fde.cie, &p, fde.insns, fde.insns_end, lookup_pc))
        return UNWIND_MALFORMED;

    const struct rules *r = &p.now;
    if (r->cfa_unsupported)
        return UNWIND_UNSUPPORTED;
    if (r->cfa_reg >= UNWIND_NREGS || !(f->known & (1u << r->cfa_reg)) || fde.cie.ra_reg >= UNWIND_NREGS)
        return UNWIND_MALFORMED;
    uint64_t cfa = f->reg[r->cfa_reg] + (uint64_t)r->cfa_offset;

    struct unwind_frame caller = { .known = 0 };
    for (unsigned i = 0; i < UNWIND_NREGS; i++) {
        const struct rule *rule = &r->reg[i];
        uint64_t v = 0;
        bool known = true;
        switch (rule->kind) {
        case RULE_SAME:
            v = f->reg[i];
            known = f->known & (1u << i);
            break;
        case RULE_OFFSET:
            if (!read(ctx, cfa + (uint64_t)rule->value, &v))
                return UNWIND_BAD_READ;
            break;
        case RULE_VAL_OFFSET:
            v = cfa + (uint64_t)rule->value;
            break;
        case RULE_REGISTER:
            known = rule->value >= 0 && rule->value < UNWIND_NREGS && (f->known & (1u << rule->value));
            v = known ? f->reg[rule->value] : 0;
            break;
        default: /* undefined, or an expression */
            if (i == fde.cie.ra_reg)
                return rule->kind == RULE_UNDEFINED ? UNWIND_END : UNWIND_UNSUPPORTED;
            known = false;
        }
        caller.reg[i] = v;
        if (known)
            caller.known |= 1u << i;
    }
    /* The CFA is the caller's stack pointer (x86_64), and its pc is the return address. */
    caller.reg[UNWIND_RSP] = cfa;
    caller.known |= 1u << UNWIND_RSP;
    caller.reg[UNWIND_RA] = caller.reg[fde.cie.ra_reg];
    if (!(caller.known & (1u << fde.cie.ra_reg)))
        return UNWIND_END;
    caller.known |= 1u << UNWIND_RA;
    *f = caller;
    return UNWIND_OK;
}

int unwind_walk(struct unwind_frame f, unwind_table_fn tables, unwind_read_fn read, void *ctx, uint64_t *pcs,
                int max, enum unwind_result *why)
{
    int n = 0;
    *why = UNWIND_OK;
    while (n < max) {
        uint64_t pc = f.reg[UNWIND_RA], sp = f.reg[UNWIND_RSP];
        pcs[n++] = pc;
        if (n == max)
            break;
        /* A caller's pc is a return address: the call itself is the byte before. */
        uint64_t lookup = n == 1 ? pc : pc - 1;
        const struct unwind_table *t = tables(ctx, lookup);
        if (!t) {
            *why = UNWIND_NO_INFO;
            break;
        }
        enum unwind_result r = unwind_step(t, lookup, &f, read, ctx);
        if (r != UNWIND_OK) {
            *why = r;
            break;
        }
        if (f.reg[UNWIND_RA] == 0) {
            *why = UNWIND_END;
            break;
        }
        if (f.reg[UNWIND_RSP] <= sp) {
            *why = UNWIND_MALFORMED; /* a stack that does not grow would loop */
            break;
        }
    }
    return n;
}
