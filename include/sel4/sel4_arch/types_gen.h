/*
 * seL4_Fault_t: the fault tagged union of libsel4 for x86_64, non-MCS, with
 * the accessor names libsel4's bitfield generator gives it (source:
 * sel4_arch_include/x86_64/sel4/sel4_arch/types.bf and
 * arch_include/x86/sel4/arch/shared_types.bf). 20 words; the 4-bit tag is
 * bits 3..0 of words[0], and each block's fields fill words from the top
 * down, ending at words[1].
 */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/macros.h>

struct seL4_Fault {
    seL4_Uint64 words[20];
};
typedef struct seL4_Fault seL4_Fault_t;

enum seL4_Fault_tag {
    seL4_Fault_NullFault = 0,
    seL4_Fault_CapFault = 1,
    seL4_Fault_UnknownSyscall = 2,
    seL4_Fault_UserException = 3,
    seL4_Fault_VMFault = 5
};
typedef enum seL4_Fault_tag seL4_Fault_tag_t;

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_get_seL4_FaultType(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[0] & 0xfull;
}

LIBSEL4_INLINE_FUNC int CONST seL4_Fault_seL4_FaultType_equals(seL4_Fault_t seL4_Fault,
                                                               seL4_Uint64 seL4_Fault_type_tag)
{
    return (seL4_Fault.words[0] & 0xfull) == seL4_Fault_type_tag;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_ptr_get_seL4_FaultType(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[0] & 0xfull;
}

/* NullFault (tag 0) */
LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_NullFault_new(void)
{
    seL4_Fault_t seL4_Fault;
    int i;
    for (i = 0; i < 20; i++) {
        seL4_Fault.words[i] = 0;
    }
    seL4_Fault.words[0] = (seL4_Uint64)seL4_Fault_NullFault & 0xfull;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_NullFault_ptr_new(seL4_Fault_t *seL4_Fault_ptr)
{
    *seL4_Fault_ptr = seL4_Fault_NullFault_new();
}

/* CapFault (tag 1): IP words[7], Addr words[6], InRecvPhase words[5], LookupFailureType words[4], MR4 words[3], MR5 words[2], MR6 words[1] */
LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_CapFault_new(seL4_Uint64 IP, seL4_Uint64 Addr, seL4_Uint64 InRecvPhase, seL4_Uint64 LookupFailureType, seL4_Uint64 MR4, seL4_Uint64 MR5, seL4_Uint64 MR6)
{
    seL4_Fault_t seL4_Fault;
    int i;
    for (i = 0; i < 20; i++) {
        seL4_Fault.words[i] = 0;
    }
    seL4_Fault.words[0] = (seL4_Uint64)seL4_Fault_CapFault & 0xfull;
    seL4_Fault.words[7] = IP;
    seL4_Fault.words[6] = Addr;
    seL4_Fault.words[5] = InRecvPhase;
    seL4_Fault.words[4] = LookupFailureType;
    seL4_Fault.words[3] = MR4;
    seL4_Fault.words[2] = MR5;
    seL4_Fault.words[1] = MR6;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 IP, seL4_Uint64 Addr, seL4_Uint64 InRecvPhase, seL4_Uint64 LookupFailureType, seL4_Uint64 MR4, seL4_Uint64 MR5, seL4_Uint64 MR6)
{
    *seL4_Fault_ptr = seL4_Fault_CapFault_new(IP, Addr, InRecvPhase, LookupFailureType, MR4, MR5, MR6);
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_CapFault_get_IP(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[7];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_CapFault_set_IP(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[7] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_CapFault_ptr_get_IP(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[7];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_set_IP(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[7] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_CapFault_get_Addr(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[6];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_CapFault_set_Addr(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[6] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_CapFault_ptr_get_Addr(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[6];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_set_Addr(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[6] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_CapFault_get_InRecvPhase(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[5];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_CapFault_set_InRecvPhase(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[5] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_CapFault_ptr_get_InRecvPhase(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[5];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_set_InRecvPhase(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[5] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_CapFault_get_LookupFailureType(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[4];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_CapFault_set_LookupFailureType(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[4] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_CapFault_ptr_get_LookupFailureType(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[4];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_set_LookupFailureType(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[4] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_CapFault_get_MR4(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[3];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_CapFault_set_MR4(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[3] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_CapFault_ptr_get_MR4(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[3];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_set_MR4(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[3] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_CapFault_get_MR5(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[2];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_CapFault_set_MR5(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[2] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_CapFault_ptr_get_MR5(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[2];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_set_MR5(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[2] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_CapFault_get_MR6(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[1];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_CapFault_set_MR6(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[1] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_CapFault_ptr_get_MR6(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[1];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_set_MR6(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[1] = v64;
}

/* UnknownSyscall (tag 2): RAX words[19], RBX words[18], RCX words[17], RDX words[16], RSI words[15], RDI words[14], RBP words[13], R8 words[12], R9 words[11], R10 words[10], R11 words[9], R12 words[8], R13 words[7], R14 words[6], R15 words[5], FaultIP words[4], RSP words[3], FLAGS words[2], Syscall words[1] */
LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_new(seL4_Uint64 RAX, seL4_Uint64 RBX, seL4_Uint64 RCX, seL4_Uint64 RDX, seL4_Uint64 RSI, seL4_Uint64 RDI, seL4_Uint64 RBP, seL4_Uint64 R8, seL4_Uint64 R9, seL4_Uint64 R10, seL4_Uint64 R11, seL4_Uint64 R12, seL4_Uint64 R13, seL4_Uint64 R14, seL4_Uint64 R15, seL4_Uint64 FaultIP, seL4_Uint64 RSP, seL4_Uint64 FLAGS, seL4_Uint64 Syscall)
{
    seL4_Fault_t seL4_Fault;
    int i;
    for (i = 0; i < 20; i++) {
        seL4_Fault.words[i] = 0;
    }
    seL4_Fault.words[0] = (seL4_Uint64)seL4_Fault_UnknownSyscall & 0xfull;
    seL4_Fault.words[19] = RAX;
    seL4_Fault.words[18] = RBX;
    seL4_Fault.words[17] = RCX;
    seL4_Fault.words[16] = RDX;
    seL4_Fault.words[15] = RSI;
    seL4_Fault.words[14] = RDI;
    seL4_Fault.words[13] = RBP;
    seL4_Fault.words[12] = R8;
    seL4_Fault.words[11] = R9;
    seL4_Fault.words[10] = R10;
    seL4_Fault.words[9] = R11;
    seL4_Fault.words[8] = R12;
    seL4_Fault.words[7] = R13;
    seL4_Fault.words[6] = R14;
    seL4_Fault.words[5] = R15;
    seL4_Fault.words[4] = FaultIP;
    seL4_Fault.words[3] = RSP;
    seL4_Fault.words[2] = FLAGS;
    seL4_Fault.words[1] = Syscall;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 RAX, seL4_Uint64 RBX, seL4_Uint64 RCX, seL4_Uint64 RDX, seL4_Uint64 RSI, seL4_Uint64 RDI, seL4_Uint64 RBP, seL4_Uint64 R8, seL4_Uint64 R9, seL4_Uint64 R10, seL4_Uint64 R11, seL4_Uint64 R12, seL4_Uint64 R13, seL4_Uint64 R14, seL4_Uint64 R15, seL4_Uint64 FaultIP, seL4_Uint64 RSP, seL4_Uint64 FLAGS, seL4_Uint64 Syscall)
{
    *seL4_Fault_ptr = seL4_Fault_UnknownSyscall_new(RAX, RBX, RCX, RDX, RSI, RDI, RBP, R8, R9, R10, R11, R12, R13, R14, R15, FaultIP, RSP, FLAGS, Syscall);
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_RAX(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[19];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_RAX(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[19] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_RAX(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[19];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_RAX(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[19] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_RBX(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[18];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_RBX(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[18] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_RBX(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[18];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_RBX(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[18] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_RCX(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[17];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_RCX(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[17] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_RCX(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[17];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_RCX(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[17] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_RDX(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[16];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_RDX(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[16] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_RDX(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[16];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_RDX(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[16] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_RSI(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[15];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_RSI(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[15] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_RSI(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[15];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_RSI(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[15] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_RDI(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[14];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_RDI(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[14] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_RDI(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[14];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_RDI(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[14] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_RBP(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[13];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_RBP(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[13] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_RBP(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[13];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_RBP(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[13] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_R8(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[12];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_R8(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[12] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_R8(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[12];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_R8(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[12] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_R9(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[11];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_R9(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[11] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_R9(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[11];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_R9(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[11] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_R10(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[10];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_R10(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[10] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_R10(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[10];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_R10(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[10] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_R11(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[9];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_R11(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[9] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_R11(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[9];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_R11(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[9] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_R12(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[8];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_R12(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[8] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_R12(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[8];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_R12(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[8] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_R13(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[7];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_R13(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[7] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_R13(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[7];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_R13(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[7] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_R14(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[6];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_R14(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[6] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_R14(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[6];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_R14(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[6] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_R15(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[5];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_R15(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[5] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_R15(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[5];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_R15(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[5] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_FaultIP(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[4];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_FaultIP(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[4] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_FaultIP(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[4];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_FaultIP(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[4] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_RSP(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[3];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_RSP(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[3] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_RSP(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[3];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_RSP(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[3] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_FLAGS(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[2];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_FLAGS(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[2] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_FLAGS(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[2];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_FLAGS(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[2] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UnknownSyscall_get_Syscall(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[1];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UnknownSyscall_set_Syscall(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[1] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UnknownSyscall_ptr_get_Syscall(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[1];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_set_Syscall(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[1] = v64;
}

/* UserException (tag 3): FaultIP words[5], Stack words[4], FLAGS words[3], Number words[2], Code words[1] */
LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UserException_new(seL4_Uint64 FaultIP, seL4_Uint64 Stack, seL4_Uint64 FLAGS, seL4_Uint64 Number, seL4_Uint64 Code)
{
    seL4_Fault_t seL4_Fault;
    int i;
    for (i = 0; i < 20; i++) {
        seL4_Fault.words[i] = 0;
    }
    seL4_Fault.words[0] = (seL4_Uint64)seL4_Fault_UserException & 0xfull;
    seL4_Fault.words[5] = FaultIP;
    seL4_Fault.words[4] = Stack;
    seL4_Fault.words[3] = FLAGS;
    seL4_Fault.words[2] = Number;
    seL4_Fault.words[1] = Code;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UserException_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 FaultIP, seL4_Uint64 Stack, seL4_Uint64 FLAGS, seL4_Uint64 Number, seL4_Uint64 Code)
{
    *seL4_Fault_ptr = seL4_Fault_UserException_new(FaultIP, Stack, FLAGS, Number, Code);
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UserException_get_FaultIP(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[5];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UserException_set_FaultIP(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[5] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UserException_ptr_get_FaultIP(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[5];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UserException_ptr_set_FaultIP(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[5] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UserException_get_Stack(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[4];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UserException_set_Stack(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[4] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UserException_ptr_get_Stack(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[4];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UserException_ptr_set_Stack(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[4] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UserException_get_FLAGS(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[3];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UserException_set_FLAGS(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[3] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UserException_ptr_get_FLAGS(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[3];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UserException_ptr_set_FLAGS(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[3] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UserException_get_Number(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[2];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UserException_set_Number(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[2] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UserException_ptr_get_Number(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[2];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UserException_ptr_set_Number(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[2] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_UserException_get_Code(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[1];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_UserException_set_Code(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[1] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_UserException_ptr_get_Code(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[1];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UserException_ptr_set_Code(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[1] = v64;
}

/* VMFault (tag 5): IP words[4], Addr words[3], PrefetchFault words[2], FSR words[1] */
LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_VMFault_new(seL4_Uint64 IP, seL4_Uint64 Addr, seL4_Uint64 PrefetchFault, seL4_Uint64 FSR)
{
    seL4_Fault_t seL4_Fault;
    int i;
    for (i = 0; i < 20; i++) {
        seL4_Fault.words[i] = 0;
    }
    seL4_Fault.words[0] = (seL4_Uint64)seL4_Fault_VMFault & 0xfull;
    seL4_Fault.words[4] = IP;
    seL4_Fault.words[3] = Addr;
    seL4_Fault.words[2] = PrefetchFault;
    seL4_Fault.words[1] = FSR;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_VMFault_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 IP, seL4_Uint64 Addr, seL4_Uint64 PrefetchFault, seL4_Uint64 FSR)
{
    *seL4_Fault_ptr = seL4_Fault_VMFault_new(IP, Addr, PrefetchFault, FSR);
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_VMFault_get_IP(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[4];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_VMFault_set_IP(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[4] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_VMFault_ptr_get_IP(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[4];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_VMFault_ptr_set_IP(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[4] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_VMFault_get_Addr(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[3];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_VMFault_set_Addr(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[3] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_VMFault_ptr_get_Addr(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[3];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_VMFault_ptr_set_Addr(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[3] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_VMFault_get_PrefetchFault(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[2];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_VMFault_set_PrefetchFault(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[2] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_VMFault_ptr_get_PrefetchFault(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[2];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_VMFault_ptr_set_PrefetchFault(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[2] = v64;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 CONST seL4_Fault_VMFault_get_FSR(seL4_Fault_t seL4_Fault)
{
    return seL4_Fault.words[1];
}

LIBSEL4_INLINE_FUNC seL4_Fault_t CONST seL4_Fault_VMFault_set_FSR(seL4_Fault_t seL4_Fault, seL4_Uint64 v64)
{
    seL4_Fault.words[1] = v64;
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC seL4_Uint64 PURE seL4_Fault_VMFault_ptr_get_FSR(seL4_Fault_t *seL4_Fault_ptr)
{
    return seL4_Fault_ptr->words[1];
}

LIBSEL4_INLINE_FUNC void seL4_Fault_VMFault_ptr_set_FSR(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64)
{
    seL4_Fault_ptr->words[1] = v64;
}
