/*
 * The child side of sel4emu's native runtime (runtime/README.md, "Child
 * processes"): a process spawned by another seL4 program defines
 * child_main instead of main and is linked with
 * sel4emu_native_child(NAME BASE sources...).
 */
#pragma once

#include <sel4/sel4.h>

/* Slot of the child's CSpace that holds a cap to its own TCB (as
 * seL4_CapInitThreadTCB in a root task). The runtime suspends the child
 * through it when child_main returns. Slot 0 must stay null. */
#define SEL4EMU_CHILD_TCB_SLOT 1

/*
 * The child's program: arg is the spawner's RSI. Runs with TLS and the IPC
 * buffer set up. Its value is left in R12 of the stopped child (read it
 * with seL4_TCB_ReadRegisters), which then suspends itself.
 */
int child_main(seL4_Word arg);
