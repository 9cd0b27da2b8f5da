/* seL4 syscall numbers for this configuration (x86_64, debug, non-MCS). */
#pragma once

#include <sel4/macros.h>

typedef enum {
    seL4_SysCall = -1,
    seL4_SysReplyRecv = -2,
    seL4_SysSend = -3,
    seL4_SysNBSend = -4,
    seL4_SysRecv = -5,
    seL4_SysReply = -6,
    seL4_SysYield = -7,
    seL4_SysNBRecv = -8,
    seL4_SysDebugPutChar = -9,
    seL4_SysDebugDumpScheduler = -10,
    seL4_SysDebugHalt = -11,
    seL4_SysDebugCapIdentify = -12,
    seL4_SysDebugSnapshot = -13,
    seL4_SysDebugNameThread = -14,
    seL4_SysDebugSendIPI = -15,
    seL4_SysSetTLSBase = -29,
    SEL4_FORCE_LONG_ENUM(seL4_Syscall_ID),
} seL4_Syscall_ID;

#define SYSCALL_MIN (-8)
#define SYSCALL_MAX (-1)
