/* x86_64 constants (libsel4 sel4_arch_include/x86_64/sel4/sel4_arch/constants.h). */
#pragma once

#include <autoconf.h>
#include <sel4/macros.h>

#define seL4_WordBits 64
#define seL4_WordSizeBits 3
#define seL4_SlotBits 5
#define seL4_TCBBits 11
#define seL4_EndpointBits 4
#define seL4_NotificationBits 5
#define seL4_PDPTBits 12
#define seL4_PML4Bits 12
#define seL4_VSpaceBits seL4_PML4Bits
#define seL4_HugePageBits 30
#define seL4_PDPTEntryBits 3
#define seL4_PDPTIndexBits 9
#define seL4_PML4EntryBits 3
#define seL4_PML4IndexBits 9
#define seL4_VSpaceEntryBits seL4_PML4EntryBits
#define seL4_VSpaceIndexBits seL4_PML4IndexBits
#define seL4_IOPageTableBits 12
#define seL4_MinUntypedBits 4
#define seL4_MaxUntypedBits 47
#define seL4_LargePageBits 21
#define seL4_BadgeBits 64
#define seL4_GuardBits 58
#define seL4_GuardSizeBits 6
#define seL4_NumHWBreakpoints 4
#define seL4_FirstBreakpoint (-1)
#define seL4_NumExclusiveBreakpoints 0
#define seL4_FirstWatchpoint (-1)
#define seL4_NumExclusiveWatchpoints 0
#define seL4_FirstDualFunctionMonitor 0
#define seL4_NumDualFunctionMonitors 4

#define seL4_UserTop 0x00007ffffffff000
#define seL4_FastMessageRegisters 4
#define seL4_IPCBufferSizeBits 10
#define seL4_BootInfoFrameBits 12

#ifndef __ASSEMBLER__
/* Message register layout of each fault message (libsel4 x86_64 constants). */
typedef enum {
    seL4_VMFault_IP,
    seL4_VMFault_Addr,
    seL4_VMFault_PrefetchFault,
    seL4_VMFault_FSR,
    seL4_VMFault_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VMFault_Msg),
} seL4_VMFault_Msg;

typedef enum {
    seL4_UnknownSyscall_RAX,
    seL4_UnknownSyscall_RBX,
    seL4_UnknownSyscall_RCX,
    seL4_UnknownSyscall_RDX,
    seL4_UnknownSyscall_RSI,
    seL4_UnknownSyscall_RDI,
    seL4_UnknownSyscall_RBP,
    seL4_UnknownSyscall_R8,
    seL4_UnknownSyscall_R9,
    seL4_UnknownSyscall_R10,
    seL4_UnknownSyscall_R11,
    seL4_UnknownSyscall_R12,
    seL4_UnknownSyscall_R13,
    seL4_UnknownSyscall_R14,
    seL4_UnknownSyscall_R15,
    seL4_UnknownSyscall_FaultIP,
    seL4_UnknownSyscall_SP,
    seL4_UnknownSyscall_FLAGS,
    seL4_UnknownSyscall_Syscall,
    seL4_UnknownSyscall_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UnknownSyscall_Msg),
} seL4_UnknownSyscall_Msg;

typedef enum {
    seL4_UserException_FaultIP,
    seL4_UserException_SP,
    seL4_UserException_FLAGS,
    seL4_UserException_Number,
    seL4_UserException_Code,
    seL4_UserException_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UserException_Msg),
} seL4_UserException_Msg;

typedef enum {
    seL4_CapFault_IP,
    seL4_CapFault_Addr,
    seL4_CapFault_InRecvPhase,
    seL4_CapFault_LookupFailureType,
    seL4_CapFault_BitsLeft,
    seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_GuardFound = seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_BitsFound,
    SEL4_FORCE_LONG_ENUM(seL4_CapFault_Msg),
} seL4_CapFault_Msg;
#endif
