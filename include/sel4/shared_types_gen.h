/*
 * Bitfield types shared with the kernel, with libsel4's accessor names.
 * Layouts (64-bit): seL4_MessageInfo label 63..12, capsUnwrapped 11..9,
 * extraCaps 8..7, length 6..0; seL4_CapRights grantReply 3, grant 2,
 * read 1, write 0; seL4_CNode_CapData guard 63..6, guardSize 5..0.
 */
#pragma once

#include <sel4/simple_types.h>

typedef struct seL4_MessageInfo {
    seL4_Uint64 words[1];
} seL4_MessageInfo_t;

static inline seL4_MessageInfo_t __attribute__((__const__))
seL4_MessageInfo_new(seL4_Uint64 label, seL4_Uint64 capsUnwrapped,
                     seL4_Uint64 extraCaps, seL4_Uint64 length)
{
    seL4_MessageInfo_t info;
    info.words[0] = ((label & 0xfffffffffffffull) << 12) | ((capsUnwrapped & 0x7ull) << 9) |
                    ((extraCaps & 0x3ull) << 7) | (length & 0x7full);
    return info;
}

#define SEL4_BITFIELD_ACCESSORS_(type, field, shift, mask)                                    \
    static inline seL4_Uint64 __attribute__((__const__)) type##_get_##field(type##_t v)         \
    {                                                                                         \
        return (v.words[0] >> (shift)) & (mask);                                              \
    }                                                                                         \
    static inline type##_t __attribute__((__const__)) type##_set_##field(type##_t v,           \
                                                                          seL4_Uint64 x)       \
    {                                                                                         \
        v.words[0] = (v.words[0] & ~((mask) << (shift))) | ((x & (mask)) << (shift));        \
        return v;                                                                             \
    }                                                                                         \
    static inline seL4_Uint64 type##_ptr_get_##field(type##_t *p)                              \
    {                                                                                         \
        return (p->words[0] >> (shift)) & (mask);                                             \
    }                                                                                         \
    static inline void type##_ptr_set_##field(type##_t *p, seL4_Uint64 x)                     \
    {                                                                                         \
        p->words[0] = (p->words[0] & ~((mask) << (shift))) | ((x & (mask)) << (shift));      \
    }

SEL4_BITFIELD_ACCESSORS_(seL4_MessageInfo, label, 12, 0xfffffffffffffull)
SEL4_BITFIELD_ACCESSORS_(seL4_MessageInfo, capsUnwrapped, 9, 0x7ull)
SEL4_BITFIELD_ACCESSORS_(seL4_MessageInfo, extraCaps, 7, 0x3ull)
SEL4_BITFIELD_ACCESSORS_(seL4_MessageInfo, length, 0, 0x7full)

typedef struct seL4_CapRights {
    seL4_Uint64 words[1];
} seL4_CapRights_t;

static inline seL4_CapRights_t __attribute__((__const__))
seL4_CapRights_new(seL4_Uint64 capAllowGrantReply, seL4_Uint64 capAllowGrant,
                   seL4_Uint64 capAllowRead, seL4_Uint64 capAllowWrite)
{
    seL4_CapRights_t r;
    r.words[0] = ((capAllowGrantReply & 1ull) << 3) | ((capAllowGrant & 1ull) << 2) |
                 ((capAllowRead & 1ull) << 1) | (capAllowWrite & 1ull);
    return r;
}

SEL4_BITFIELD_ACCESSORS_(seL4_CapRights, capAllowGrantReply, 3, 1ull)
SEL4_BITFIELD_ACCESSORS_(seL4_CapRights, capAllowGrant, 2, 1ull)
SEL4_BITFIELD_ACCESSORS_(seL4_CapRights, capAllowRead, 1, 1ull)
SEL4_BITFIELD_ACCESSORS_(seL4_CapRights, capAllowWrite, 0, 1ull)

typedef struct seL4_CNode_CapData {
    seL4_Uint64 words[1];
} seL4_CNode_CapData_t;

static inline seL4_CNode_CapData_t __attribute__((__const__))
seL4_CNode_CapData_new(seL4_Uint64 guard, seL4_Uint64 guardSize)
{
    seL4_CNode_CapData_t d;
    d.words[0] = ((guard & 0x3ffffffffffffffull) << 6) | (guardSize & 0x3full);
    return d;
}

SEL4_BITFIELD_ACCESSORS_(seL4_CNode_CapData, guard, 6, 0x3ffffffffffffffull)
SEL4_BITFIELD_ACCESSORS_(seL4_CNode_CapData, guardSize, 0, 0x3full)
