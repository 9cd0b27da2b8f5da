/* x86 wrappers over the x86_64 system calls (libsel4 arch_include/x86/sel4/
 * arch/syscalls.h, non-MCS). Non-MCS libsel4 has no seL4_NBWait: seL4_Wait is
 * a Recv and seL4_Poll an NBRecv. */
#pragma once

#include <autoconf.h>
#include <sel4/functions.h>
#include <sel4/sel4_arch/syscalls.h>
#include <sel4/types.h>

LIBSEL4_INLINE_FUNC void seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    seL4_Recv(src, sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBRecv(src, sender);
}
