/*
 * The emulated PC around the kernel (pc99): the device models of
 * host/devices/ behind x86 I/O ports and IOAPIC pins, their state in the
 * shared state region (every process of the system reaches it), and the
 * host threads that make them live: the device timer, which sleeps until
 * the next programmed deadline, and the UART's reader of standard input.
 *
 * A device interrupt sets its pin in `pending_pins` and nudges whoever
 * enters the kernel next: the thread the core runs (a signal), or the host
 * thread waiting while the core idles (a futex). Port I/O runs inside
 * kernel entries, so interrupts it raises are taken when that entry ends.
 */
#pragma once

#include "devices/hpet.h"
#include "devices/pit.h"
#include "devices/uart.h"

#include <stddef.h>
#include <stdint.h>

struct host_machine {
    uint32_t lock;          /* futex mutex over the device models */
    uint32_t timer_kick;    /* futex: a deadline may have changed */
    uint32_t irq_wake;      /* futex: pins were raised (the idle core waits here) */
    uint32_t pending_pins;  /* raised and not yet taken into the kernel */
    uint32_t uart_active;   /* futex: a program touched COM1, so standard input feeds it */
    uint32_t rx_drained;    /* futex: the program read received bytes */
    struct uart uart;
    struct pit pit;
    struct hpet hpet;
};

struct kernel_boot_params;

/* What seL4's x86 boot reports of the machine (extra bootinfo): TSC frequency, memory map. */
void host_machine_boot_facts(struct kernel_boot_params *p);

/* Sets the devices up (before any process forks); console is where COM1's output goes. */
void host_machine_init(void (*console)(void *ctx, const char *buf, size_t len));

/* Starts the device threads in this process (the one that runs the clock). */
void host_machine_start_threads(void);

/* The kernel platform's port I/O. */
uint32_t host_io_in(void *ctx, uint16_t port, unsigned size);
void host_io_out(void *ctx, uint16_t port, unsigned size, uint32_t value);

/*
 * A page fault of user code at addr that touched device memory the host
 * emulates: the HPET's registers (the access is carried out on the model)
 * or a store to the read-only ACPI tables (ignored, as by ROM). True if it
 * was, with the instruction done and the context past it; false for seL4's
 * VM fault. ucontext is the fault's signal context.
 */
struct tcb;
bool host_mmio_access(struct tcb *t, void *ucontext, uint64_t addr, bool write);

/* Takes the pins raised since the last call. */
uint32_t host_machine_take_pins(void);

/* The pins the devices may still raise on their own (armed timers, awaited input). */
uint32_t host_machine_live_pins(void);

/* The futex word the idle core waits on, and the signal that nudges a running thread. */
uint32_t *host_machine_irq_wake(void);

/* The shared device state (in procs.c's shared table). */
struct host_machine *host_shared_machine(void);
