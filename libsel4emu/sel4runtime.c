/*
 * API mode: the TLS part of the sel4runtime interface (include/sel4runtime.h).
 *
 * An API-mode seL4 thread is a host thread with libc's TLS, so there is no
 * seL4 TLS image to copy and FS is never loaded with an seL4 thread pointer
 * (the TCB's fs_base is only a register value). These functions let code
 * written for sel4runtime run unchanged: an area holds a thread pointer
 * that points to itself, as on x86_64, and the one thread-local variable
 * seL4 programs set for a new thread, __sel4_ipc_buffer, is set by
 * libsel4emu from the thread's TCB when the thread starts.
 * (sel4runtime_bootinfo and sel4runtime_process_name are in runtime.c.)
 */
#include <sel4runtime.h>

#include <stdint.h>

extern __thread seL4_IPCBuffer *__sel4_ipc_buffer;

/* An area: up to 15 bytes to align, a 16-byte aligned slot for the self pointer. */
#define API_TLS_ALIGN 16u
#define API_TLS_SIZE 64u

sel4runtime_size_t sel4runtime_get_tls_size(void)
{
    return API_TLS_SIZE;
}

sel4runtime_uintptr_t sel4runtime_write_tls_image(void *tls_memory)
{
    if (!tls_memory)
        return 0;
    uintptr_t tp = ((uintptr_t)tls_memory + API_TLS_ALIGN - 1) & ~(uintptr_t)(API_TLS_ALIGN - 1);
    *(uintptr_t *)tp = tp;
    return tp;
}

int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base, unsigned char *local_tls_dest,
                                     unsigned char *src, sel4runtime_size_t bytes)
{
    (void)src;
    if (dest_tls_base && local_tls_dest == (unsigned char *)&__sel4_ipc_buffer && bytes == sizeof(__sel4_ipc_buffer))
        return 0;
    return -1;
}
