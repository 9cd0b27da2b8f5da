/*
 * Interrupt numbering and state of x86_64 pc99 seL4 with the IOAPIC (the
 * default KernelIRQController): seL4's irq_t is the CPU vector less
 * IRQ_INT_OFFSET (include/plat/pc99/plat/machine.h); the ISA range is
 * reserved (legacy PIC off), handlers come from IRQControl_GetIOAPIC and
 * GetMSI in the user range, which the kernel numbers from irq_user_min.
 */
#pragma once

#include <types.h>

#define IRQ_INT_OFFSET 0x20
#define irq_isa_min 0
#define irq_isa_max 15
#define irq_user_min 16
#define irq_user_max 123  /* vector 155 */
#define irq_timer 124     /* vector 156: the kernel's own tick */
#define maxIRQ irq_timer

#define IOAPIC_IRQ_LINES 24
#define NUM_IOAPICS 1
#define PCI_BUS_MAX 255
#define PCI_DEV_MAX 31
#define PCI_FUNC_MAX 7

#define NUM_IO_PORTS 65536

/* seL4's irq_state_t. */
enum irq_state { IRQInactive = 0, IRQSignal = 1, IRQTimer = 2, IRQReserved = 3 };

/* seL4's x86_irq_state_t: where a vector's interrupts come from. */
enum x86_irq_type { x86_irq_free = 0, x86_irq_ioapic = 1, x86_irq_msi = 2, x86_irq_reserved = 3 };

typedef struct x86_irq_source {
    uint8_t type;      /* enum x86_irq_type */
    uint8_t ioapic, pin, level, polarity;
    uint8_t pci_bus, pci_dev, pci_func;
    word_t handle;
} x86_irq_source_t;

/* One IOAPIC redirection entry (the emulated IOAPIC: pins the devices raise). */
typedef struct ioapic_pin {
    uint8_t mapped;    /* a vector was assigned (GetIOAPIC) */
    uint8_t masked;
    uint8_t pending;   /* raised while masked: delivered when unmasked */
    uint8_t level, polarity;
    uint8_t irq;       /* the irq_t its vector is */
} ioapic_pin_t;
