/*
 * The part of the seL4 run-time interface (sel4runtime.h) that sel4emu
 * provides. In API mode libsel4emu plays sel4runtime's role: it starts the
 * root task with its bootinfo, sets up __sel4_ipc_buffer for each thread and
 * names the thread.
 */
#pragma once

#include <sel4/sel4.h>
#include <sel4runtime/auxv.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The basename of argv[0] of this process ("rootserver" for a root task). */
const char *sel4runtime_process_name(void);

/* The bootinfo of the root task; NULL in a process not started with one. */
seL4_BootInfo *sel4runtime_bootinfo(void);

#ifdef __cplusplus
}
#endif
