/*
 * The kernel core's interface to the layers above and below it.
 *
 * The core is pure C: it makes no Linux calls and keeps all its state in a
 * struct kernel the host layer places in memory (for several processes, at
 * one address in all of them). Front ends enter it with the calling thread's
 * registers already stored in that thread's TCB (see docs/ARCHITECTURE.md).
 */
#pragma once

#include <types.h>

struct kernel;
struct tcb;

/* What the core needs from its host: a console, an end, cheap zeroing, mappings, devices. */
struct kernel_platform {
    /* Console output (seL4_DebugPutChar, kernel messages). */
    void (*write)(void *ctx, const char *buf, size_t len);
    /* The system stops (seL4_DebugHalt, fatal errors); status as for exit(3). */
    void (*halt)(void *ctx, int status);
    /* Zero [paddr, paddr + bytes) of RAM; NULL means memset through the window. */
    void (*clear)(void *ctx, word_t paddr, word_t bytes);
    /*
     * The VSpace with this ASID now maps [vaddr, vaddr + 2^size_bits) to the
     * frame at paddr (writable or read-only; device frames are outside RAM).
     * Called before the kernel commits the mapping, which may replace an
     * existing mapping of exactly that range: a non-zero return means the
     * host cannot map there, and the invocation fails instead. NULL: the
     * host needs no notice.
     */
    int (*vspace_map)(void *ctx, word_t asid, word_t vaddr, word_t paddr, word_t size_bits, bool writable,
                      bool executable, bool device);
    /* [vaddr, vaddr + 2^size_bits) of the VSpace with this ASID maps nothing now. */
    void (*vspace_unmap)(void *ctx, word_t asid, word_t vaddr, word_t size_bits);
    /* seL4_DebugNameThread named t (NULL: no notice). */
    void (*thread_named)(void *ctx, struct tcb *t, const char *name);
    /* t's TCB object is being destroyed: the host lets go of its thread (NULL: no notice). */
    void (*thread_deleted)(void *ctx, struct tcb *t);
    /*
     * x86 port I/O of seL4_X86_IOPort_In/Out (size 1, 2 or 4 bytes), to the
     * emulated devices. NULL: nothing answers (reads give all ones).
     */
    uint32_t (*io_in)(void *ctx, uint16_t port, unsigned size);
    void (*io_out)(void *ctx, uint16_t port, unsigned size, uint32_t value);
    /*
     * One line of the syscall trace (api/trace.c), newline included, to be
     * written whole. NULL: tracing is off, whatever the boot parameters say.
     */
    void (*trace_write)(void *ctx, const char *buf, size_t len);
    /*
     * A fault of t found no handler: after the report, print t's call
     * stack, unwound from its registers, symbolised where the host can
     * (through write). Called by t's own kernel entry. NULL: no backtrace.
     */
    void (*backtrace)(void *ctx, struct tcb *t);
};

/*
 * What the syscall trace shows (docs/DEBUGGING.md, "Tracing"). Filters of
 * one kind are alternatives; filters of different kinds must all match.
 */
#define KERNEL_TRACE_MAX_THREADS 8
#define KERNEL_TRACE_NAME_BYTES 64
struct kernel_trace_config {
    bool on;
    bool errors_only;  /* only calls that fail: an error reply or a fault */
    bool putchar;      /* seL4_DebugPutChar too (left out by default: one line per character) */
    uint32_t objects;  /* kinds of invoked cap to show (bits: enum trace_object in core.h); 0: all */
    unsigned nthreads; /* threads to show, by name; 0: all */
    char threads[KERNEL_TRACE_MAX_THREADS][KERNEL_TRACE_NAME_BYTES];
};

/*
 * Parses a trace spec (SEL4EMU_TRACE): "" or "0" is off; "1" or "all" is
 * everything; else a comma list of errors, putchar, thread=NAME,
 * object=KIND. Returns 0, or -1 with a one-line reason in why.
 */
int kernel_trace_parse(const char *spec, struct kernel_trace_config *cfg, char *why, size_t why_size);

/* One loadable segment of the root task's ELF image (PT_LOAD). */
struct kernel_image_segment {
    word_t vaddr;         /* link address of the segment's first byte */
    word_t mem_size;      /* bytes in memory (the tail past file_size is zero) */
    const void *data;     /* the segment's bytes in the file */
    word_t file_size;
    bool writable, executable;
};

/* One multiboot memory map entry (type 1 available, 2 reserved, 3 ACPI reclaimable). */
struct kernel_memory_region {
    word_t base, length;
    uint32_t type;
};

struct kernel_boot_params {
    void *ram;            /* kernel pointer to RAM, zero-filled */
    word_t ram_paddr;     /* physical address RAM starts at */
    word_t ram_size;      /* bytes, a multiple of 4 KiB */
    word_t user_image_end; /* page-aligned vaddr: root task's IPC buffer, then bootinfo */
    /* The root task's image (ABI mode), copied into frames and mapped as seL4 does; none in API mode. */
    const struct kernel_image_segment *image;
    size_t image_segments;
    word_t entry;         /* the image's entry point: the root thread's first rip */
    const char *root_name; /* seL4_DebugNameThread name of the root task */
    const struct kernel_platform *plat;
    void *plat_ctx;
    bool print_user_errors; /* print seL4's userError() lines, as a debug kernel does */
    const struct kernel_trace_config *trace; /* syscall trace (needs plat->trace_write); NULL: off */
    /* Extra bootinfo (seL4 x86 boot: X86_ACPI_RSDP, X86_MBMMAP, X86_TSC_FREQ). */
    const void *acpi_rsdp;  /* the 36-byte ACPI 2.0 RSDP, or NULL */
    uint32_t tsc_mhz;
    const struct kernel_memory_region *memory_map; /* for X86_MBMMAP, as multiboot reports it */
    size_t memory_map_entries;
};


struct kernel_boot_info {
    struct tcb *root;      /* the root task's TCB */
    word_t ipc_buffer;     /* vaddr of the root task's IPC buffer */
    word_t ipc_buffer_paddr;
    word_t bootinfo;       /* vaddr of the bootinfo frame */
    word_t bootinfo_paddr;
    word_t extra_bootinfo;       /* vaddr of the extra bootinfo page (after bootinfo) */
    word_t extra_bootinfo_paddr;
};

/* Bytes the host must reserve for struct kernel. */
size_t kernel_state_size(void);

/* RAM smaller than this cannot hold the root task's objects. */
#define KERNEL_MIN_RAM (4ul << 20)

/*
 * Boots a kernel: builds the root task as seL4's boot code does. Returns 0,
 * or -1 with a one-line reason in *why when the parameters cannot work.
 */
int kernel_boot(struct kernel *k, const struct kernel_boot_params *p,
                struct kernel_boot_info *out, const char **why);

/* The thread the emulated core runs now; NULL when it idles. */
struct tcb *kernel_current_thread(struct kernel *k);

/* Registers of a TCB, by enum user_reg (structures.h). */
word_t kernel_get_register(struct tcb *t, int reg);
void kernel_set_register(struct tcb *t, int reg, word_t value);

/*
 * Kernel entry for the `syscall` instruction: the current thread's
 * registers hold seL4's syscall arguments (rdx = number).
 */
void kernel_syscall(struct kernel *k, word_t syscall_number);

/*
 * Kernel entry for a CPU exception of the current thread, whose registers
 * are in its TCB with CTX_RIP at the faulting instruction: a user exception
 * (vector and error code) or a page fault (seL4_Fault_VMFault).
 */
void kernel_user_exception(struct kernel *k, word_t vector, word_t code);
void kernel_vm_fault(struct kernel *k, word_t addr, word_t fsr, bool instruction);

/*
 * Kernel entry for the timer interrupt (one tick of CONFIG_TIMER_TICK_MS).
 * The host sets CTX_ERROR to 0 first for a tick taken in user mode (the
 * thread then returns with iretq); a tick held back to the end of a syscall
 * leaves it alone.
 */
void kernel_timer_tick(struct kernel *k);

/*
 * Kernel entry for device interrupts: the emulated IOAPIC's pins in
 * `pins` (bit p: pin p) were raised. A pin whose vector is unmasked
 * interrupts now (seL4's handleInterrupt: signal the handler's
 * notification, mask until Ack); a masked one stays pending until Ack.
 * Entered like the tick, by the thread the core runs or, when the core
 * idles, by the host thread waiting for interrupts.
 */
void kernel_device_interrupt(struct kernel *k, uint32_t pins);

/* The IOAPIC pins whose interrupt would now signal a notification (mapped, unmasked, with a handler). */
uint32_t kernel_live_interrupt_pins(struct kernel *k);

/*
 * The frame t's VSpace maps at vaddr for user access: 0 with its physical
 * address, size (bits) and writability, or -1 when nothing is mapped there.
 */
int kernel_vspace_lookup(struct kernel *k, struct tcb *t, word_t vaddr, word_t *paddr, word_t *size_bits,
                         bool *writable);

/*
 * The first user mapping of t's VSpace at or above *vaddr: 0 with *vaddr set
 * to its start and its frame as for kernel_vspace_lookup, or -1 if none.
 */
int kernel_vspace_next_mapping(struct kernel *k, struct tcb *t, word_t *vaddr, word_t *paddr, word_t *size_bits,
                               bool *writable);

/* The physical address of the PML4 assigned to asid, or 0. */
word_t kernel_asid_vspace(struct kernel *k, word_t asid);

/* The PML4 (physical address) of t's VSpace and its ASID, or 0 if t has no valid VSpace root. */
word_t kernel_thread_vspace(struct kernel *k, struct tcb *t, word_t *asid);

/*
 * The host's debug dump (e.g. on SIGQUIT): seL4_DebugDumpScheduler's
 * output, then the CSpace of every thread (once per CSpace root). Only from
 * a kernel entry: by the thread the core runs, or the idle core's waiter.
 */
void kernel_debug_dump(struct kernel *k);

/* How many faults found no handler and stopped their thread. */
word_t kernel_unhandled_faults(struct kernel *k);

/* True once the system has halted (seL4_DebugHalt or a fatal error). */
bool kernel_halted(struct kernel *k);

/*
 * Checks the kernel's invariants between kernel entries (for tests and the
 * fuzzer; kernel/src/kernel/invariants.c says what they are). Reads kernel
 * state only, using `scratch` (16-byte aligned; a few times the size of the
 * caps and objects in the system) as working memory. Returns 0 if every
 * invariant holds; -1 with the first one that does not described in why;
 * 1 if the scratch memory was too small to tell.
 */
int kernel_check_invariants(struct kernel *k, void *scratch, size_t scratch_bytes, char *why, size_t why_size);
