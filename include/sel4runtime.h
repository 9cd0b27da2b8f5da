/*
 * The part of the seL4 run-time interface (sel4runtime.h) that sel4emu
 * provides, with sel4runtime's names and meanings.
 *
 *  - API mode: libsel4emu plays sel4runtime's role. It starts the root task
 *    with its bootinfo, sets up __sel4_ipc_buffer for each thread (from the
 *    TCB's IPC buffer) and names the thread. libc owns TLS there, so the
 *    TLS functions below only go through the motions (see each).
 *  - Native (SEL4EMU_NATIVE, runtime/): sel4emu's own minimal runtime for
 *    static seL4 root tasks, runnable on seL4 and in sel4emu's ABI mode. It
 *    sets up the initial thread's TLS from the image's PT_TLS, makes it the
 *    thread pointer with seL4_SetTLSBase, and implements the TLS functions
 *    as sel4runtime does (x86_64: TLS variant II, the TLS block just below
 *    the thread pointer, a pointer to itself at the thread pointer).
 *
 * Starting another thread with TLS (native), as sel4utils does:
 *
 *     uintptr_t tp = sel4runtime_write_tls_image(area);  // area: get_tls_size() bytes
 *     sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, ipc_buffer);
 *     regs.fs_base = tp;  // seL4_TCB_WriteRegisters, or seL4_TCB_SetTLSBase(tcb, tp)
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <sel4/sel4.h>
#include <sel4runtime/auxv.h>

#ifdef __cplusplus
extern "C" {
#endif

/* sel4runtime's own names for the standard types (sel4runtime/stdint.h, stddef.h). */
typedef uintptr_t sel4runtime_uintptr_t;
typedef size_t sel4runtime_size_t;

/* The basename of argv[0] of this process ("rootserver" for a root task). */
const char *sel4runtime_process_name(void);

/* The bootinfo of the root task; NULL in a process not started with one. */
seL4_BootInfo *sel4runtime_bootinfo(void);

/*
 * Bytes a thread's TLS area needs: the TLS block, the thread pointer's self
 * pointer and room to align them. API mode: a small area holding only the
 * self pointer.
 */
sel4runtime_size_t sel4runtime_get_tls_size(void);

/*
 * Initialises a new thread's TLS area at tls_memory (sel4runtime_get_tls_size()
 * bytes, any alignment) from the image's TLS initialisation image (.tdata,
 * then .tbss zeroed) and returns its thread pointer, the value for the new
 * thread's TLS base (fs_base); 0 if tls_memory is NULL. API mode: only the
 * self pointer is written; the value is kept as the TCB's fs_base register
 * but never loaded into FS (libc owns FS there).
 */
sel4runtime_uintptr_t sel4runtime_write_tls_image(void *tls_memory);

/*
 * Writes `value` into the thread-local `variable` of the thread whose thread
 * pointer is thread_pointer (as returned by sel4runtime_write_tls_image).
 * The calling thread's TLS must be set up. Evaluates to 0, or -1 if the
 * variable is not in the TLS block. API mode: only __sel4_ipc_buffer is
 * accepted, and nothing needs to be written (libsel4emu gives every thread
 * the IPC buffer of its TCB); anything else is -1.
 */
#define sel4runtime_set_tls_variable(thread_pointer, variable, value)                              \
    ({                                                                                             \
        _Static_assert(sizeof(variable) == sizeof(value), "Set value of same size");               \
        __typeof__(variable) sel4runtime_typed_value_ = (value);                                   \
        __sel4runtime_write_tls_variable((thread_pointer), (unsigned char *)&(variable),           \
                                         (unsigned char *)&sel4runtime_typed_value_,               \
                                         sizeof(sel4runtime_typed_value_));                        \
    })

/* Copies bytes to the place in dest_tls_base's TLS that corresponds to
 * local_tls_dest in the caller's TLS. 0, or -1 if that is outside the TLS. */
int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base, unsigned char *local_tls_dest,
                                     unsigned char *src, sel4runtime_size_t bytes);

#ifdef __cplusplus
}
#endif
