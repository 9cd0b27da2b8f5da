/* Shared state of the API front end (libsel4emu). */
#pragma once

#include <kernel.h>
#include <host.h>

struct api_state {
    struct host_memory mem;
    struct kernel *kernel;
    struct kernel_boot_info boot;
};

extern struct api_state api;

int api_vspace_map(void *ctx, word_t asid, word_t vaddr, word_t paddr, word_t size_bits, bool writable,
                   bool executable, bool device);
void api_vspace_unmap(void *ctx, word_t asid, word_t vaddr, word_t size_bits);

struct tcb;

/* The host side of one seL4 thread in API mode. */
struct api_thread {
    struct tcb *tcb;
    uint32_t wake;          /* futex word: bumped on every hand-over to this thread */
    int tid;
    bool dead;              /* its TCB was destroyed: the host thread exits */
    void *altstack;         /* signal stack: kernel entries from signals run here */
    word_t call_site;       /* FaultIP of the syscall this thread is in */
    struct api_thread *next_free; /* in the pool of host threads without a TCB */
    void *home_stack;       /* where it waits in the pool, off any seL4 thread's stack */
};

/* Boot-time setup of threading: the main thread is the root task's. */
void api_threads_init(struct tcb *root);

/* After a kernel entry by `me`: hand the core on, and return once `me` runs again. */
void api_after_kernel(struct api_thread *me);

/* The calling host thread's seL4 thread. */
struct api_thread *api_self(void);

/* Kernel entry bracket: ticks arriving inside it are deferred. */
void api_kernel_enter(void);
void api_kernel_exit(struct api_thread *me);

void api_thread_named(void *ctx, struct tcb *t, const char *name);
void api_thread_deleted(void *ctx, struct tcb *t);

/*
 * Jumps to the user context in regs (seL4_UserContext order); never returns.
 * Not declared noreturn: AddressSanitizer would then check the stack it
 * leaves, which may be a user stack it knows nothing of.
 */
void sel4emu_enter_user(const word_t *regs);
