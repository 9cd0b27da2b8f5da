/*
 * sel4emu's native runtime: the start of a process spawned by another seL4
 * program (x86_64). _sel4_start_child (crt0_child.S) calls
 * __sel4emu_start_child(ipc_buffer, arg) on the stack the spawner gave it;
 * this, like the root start (start.c):
 *
 *  1. sets up the thread's TLS in a static 4 KiB area of the child's .bss
 *     from the program's PT_TLS (TLS is re-initialised from the image if the
 *     spawner starts the child again), and makes it the thread pointer with
 *     seL4_SetTLSBase (syscall -29);
 *  2. sets __sel4_ipc_buffer (libsel4's thread-local IPC buffer pointer) to
 *     ipc_buffer, the spawner's RDI;
 *  3. runs the constructors, then child_main(arg) (arg: the spawner's RSI);
 *  4. runs the destructors and returns child_main's value to
 *     _sel4_start_child, which stops the thread (see crt0_child.S).
 *
 * The thread is not named here: the spawner, which holds the TCB, names it
 * with seL4_DebugNameThread. There is no bootinfo (sel4runtime_bootinfo()
 * is NULL) and the process name is "child".
 *
 * These objects live in their own archive (sel4emu-native-rt-child), so
 * that root tasks never link them and children never link the root start.
 */
#include "runtime.h"
#include "sel4emu_child.h"

#include <sel4/sel4.h>
#include <sel4runtime.h>

#define RT_CHILD_STATIC_TLS 4096
static unsigned char child_tls[RT_CHILD_STATIC_TLS] __attribute__((aligned(16)));

seL4_BootInfo *sel4runtime_bootinfo(void)
{
    return NULL;
}

const char *sel4runtime_process_name(void)
{
    return "child";
}

int __attribute__((used)) __sel4emu_start_child(seL4_IPCBuffer *ipc_buffer, seL4_Word arg)
{
    /* 1. TLS: nothing thread-local may be touched before this. */
    __sel4emu_tls_init();
    if (sel4runtime_get_tls_size() > sizeof(child_tls)) {
        /* seL4_DebugPutChar needs no IPC buffer */
        for (const char *s = "sel4emu runtime: the child's TLS does not fit its static 4 KiB area\n"; *s; s++)
            seL4_DebugPutChar(*s);
        return -1;
    }
    seL4_SetTLSBase(sel4runtime_write_tls_image(child_tls));

    /* 2. */
    __sel4_ipc_buffer = ipc_buffer;

    /* 3., 4. */
    __sel4emu_run_constructors();
    int result = child_main(arg);
    __sel4emu_run_destructors();
    return result;
}
