/*
 * sel4emu's native runtime: the start of a static seL4 root task (x86_64),
 * written for sel4emu (sel4runtime's behaviour, not its code). It runs on
 * real seL4 and in sel4emu's ABI mode alike: everything below is seL4 system
 * calls. The kernel enters at _sel4_start (crt0.S) with RDI = bootinfo and
 * no stack; _sel4_start moves to a static 16 KiB stack and calls
 * __sel4emu_start_root, which, as sel4runtime's __sel4_start_root and
 * __sel4runtime_start_main do:
 *
 *  1. sets up the initial thread's TLS in a static 16 KiB area from the
 *     program's PT_TLS and makes it the thread pointer with seL4_SetTLSBase
 *     (syscall -29; the reference configuration has FSGSBASE via MSR, so
 *     user code cannot write FS itself);
 *  2. sets __sel4_ipc_buffer (libsel4's thread-local IPC buffer pointer) to
 *     bootinfo->ipcBuffer;
 *  3. names the thread: seL4_DebugNameThread(seL4_CapInitThreadTCB, "rootserver");
 *  4. runs the constructors (.preinit_array, .init_array), then
 *     main(1, {"rootserver", NULL}, {"seL4=1", NULL});
 *  5. when main returns, runs the destructors (.fini_array) and calls
 *     seL4_DebugHalt(), printing nothing of its own.
 *
 * Step 5 differs from sel4runtime on purpose: sel4runtime_exit() runs the
 * destructors and then calls the exit callback a root task has no use for
 * (none is set by default, so the root task faults, or its thread is
 * suspended and the system idles). A halt is the clean end of a run under
 * sel4emu (exit status 0) and stops real seL4 visibly; main's return value
 * has nowhere to go on seL4 and is dropped. Should the halt return (a kernel
 * built without it), the thread suspends itself.
 */
#include "runtime.h"

#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <stdbool.h>
#include <stdint.h>

int main(int argc, char **argv, char **envp);

/* The initial thread's TLS area (sel4runtime's CONFIG_SEL4RUNTIME_STATIC_TLS). */
#define RT_STATIC_TLS 16384
static unsigned char static_tls[RT_STATIC_TLS] __attribute__((aligned(16)));

static seL4_BootInfo *boot_info;
static char *root_argv[] = { "rootserver", NULL };
static char *root_envp[] = { "seL4=1", NULL };

seL4_BootInfo *sel4runtime_bootinfo(void)
{
    return boot_info;
}

const char *sel4runtime_process_name(void)
{
    return root_argv[0];
}

static void put_string(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static bool tls_ready;

static void __attribute__((noreturn)) stop(void)
{
    seL4_DebugHalt();
    for (;;) {
        if (tls_ready)
            seL4_TCB_Suspend(seL4_CapInitThreadTCB); /* uses the IPC buffer */
        else
            seL4_Yield();
    }
}

void __attribute__((noreturn, used)) __sel4emu_start_root(seL4_BootInfo *bi)
{
    boot_info = bi;

    /* 1. TLS: nothing thread-local may be touched before this. */
    __sel4emu_tls_init();
    if (sel4runtime_get_tls_size() > sizeof(static_tls)) {
        /* seL4_DebugPutChar needs no IPC buffer */
        put_string("sel4emu runtime: the program's TLS does not fit the static 16 KiB area\n");
        stop();
    }
    seL4_SetTLSBase(sel4runtime_write_tls_image(static_tls));

    /* 2., 3. */
    __sel4_ipc_buffer = bi->ipcBuffer;
    tls_ready = true;
    seL4_DebugNameThread(seL4_CapInitThreadTCB, sel4runtime_process_name());

    /* 4. */
    __sel4emu_run_constructors();
    (void)main(1, root_argv, root_envp);

    /* 5. */
    __sel4emu_run_destructors();
    stop();
}
