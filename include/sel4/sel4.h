/*
 * The whole libsel4 API (libsel4/include/sel4/sel4.h) for seL4 x86_64 pc99,
 * non-MCS, debug, as sel4emu emulates it. In API mode the system calls enter
 * the emulated kernel through sel4emu_syscall() (libsel4emu); compiled with
 * SEL4EMU_NATIVE they are seL4's own `syscall` sequences.
 */
#pragma once

#include <sel4/config.h>

#include <sel4/types.h>
#include <sel4/macros.h>

#include <sel4/syscalls.h>
#include <sel4/arch/syscalls.h>
#include <sel4/sel4_arch/syscalls.h>

#include <sel4/invocation.h>
#include <interfaces/sel4_client.h>
#include <sel4/virtual_client.h>

#include <sel4/bootinfo.h>
#include <sel4/faults.h>
#include <sel4/deprecated.h>
#include <sel4/constants.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/arch/constants.h>
#include <sel4/plat/api/constants.h>
