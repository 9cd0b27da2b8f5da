/*
 * Prototypes of libsel4's system calls (libsel4/include/sel4/syscalls.h and
 * syscalls_master.h, non-MCS). The definitions are in
 * <sel4/sel4_arch/syscalls.h> and <sel4/arch/syscalls.h>, included at the
 * end so that a file including only this header (or <sel4/functions.h>)
 * gets them too, rather than static prototypes that are never defined.
 */
#pragma once

#include <autoconf.h>
#include <sel4/functions.h>

#ifdef CONFIG_KERNEL_MCS
#error "sel4emu emulates the non-MCS kernel API; CONFIG_KERNEL_MCS is not supported yet"
#endif

LIBSEL4_INLINE_FUNC void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo);
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender);
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo);
LIBSEL4_INLINE_FUNC void seL4_Reply(seL4_MessageInfo_t msgInfo);
LIBSEL4_INLINE_FUNC void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo);
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                      seL4_Word *sender);
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender);
LIBSEL4_INLINE_FUNC void seL4_Yield(void);
LIBSEL4_INLINE_FUNC void seL4_Signal(seL4_CPtr dest);
LIBSEL4_INLINE_FUNC void seL4_Wait(seL4_CPtr src, seL4_Word *sender);
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender);

#ifdef CONFIG_PRINTING
LIBSEL4_INLINE_FUNC void seL4_DebugPutChar(char c);
LIBSEL4_INLINE_FUNC void seL4_DebugDumpScheduler(void);
#endif

#if CONFIG_DEBUG_BUILD
LIBSEL4_INLINE_FUNC void seL4_DebugHalt(void);
LIBSEL4_INLINE_FUNC void seL4_DebugSnapshot(void);
LIBSEL4_INLINE_FUNC seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap);
LIBSEL4_INLINE_FUNC void seL4_DebugNameThread(seL4_CPtr tcb, const char *name);
#endif

#ifdef CONFIG_SET_TLS_BASE_SELF
LIBSEL4_INLINE_FUNC void seL4_SetTLSBase(seL4_Word tls_base);
#endif

#include <sel4/sel4_arch/syscalls.h>
#include <sel4/arch/syscalls.h>
