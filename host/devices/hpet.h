/*
 * The register block of one emulated HPET (IA-PC HPET specification 1.0a)
 * with three timers, as pc99 programs find it at the address the ACPI HPET
 * table gives.
 *
 * Pure: no system calls, no globals, no allocation. All state lives in a
 * struct hpet that the caller places where it likes (shared memory), and the
 * time is always passed in as host nanoseconds (now_ns), so that the model is
 * deterministic: the same calls with the same times give the same results.
 *
 * The host drives it like this:
 *  - a program's load or store of the register page: hpet_read/hpet_write;
 *  - hpet_next_deadline_ns says when to wake up next;
 *  - at or after that time hpet_expire says which IOAPIC pins to raise.
 *
 * Model (where the specification leaves room or real chips differ):
 *  - The main counter runs at 14.31818 MHz of host time while ENABLE_CNF is
 *    set and keeps its value while it is clear (2.3.5, 2.3.7).
 *  - A timer raises an interrupt when the main counter reaches its
 *    comparator (2.3.9.2): in 64-bit mode when counter >= comparator, so a
 *    comparator written in the past fires at once; in 32-bit mode when the
 *    low 32 bits of the counter next equal the comparator, counted from the
 *    moment the timer was armed, so a comparator written in the past fires
 *    after the counter's low half wraps around, as on hardware.
 *  - A one-shot timer fires once per comparator write (2.3.9.2.1). A
 *    periodic timer (timer 0 only) then adds its period to the comparator as
 *    many times as needed to pass the counter (2.3.9.2.2).
 *  - A timer with Tn_INT_ENB_CNF clear is idle: it has no deadline, its
 *    comparator does not advance and it sets no status bit (the
 *    specification lets a disabled timer still set its status bit; nothing
 *    depends on that in practice, and the model would need deadlines for
 *    timers that raise nothing).
 *  - Tn_INT_ROUTE_CNF takes only values allowed by Tn_INT_ROUTE_CAP (IOAPIC
 *    pins 20 to 23); a write of another value leaves the field as it was,
 *    so it reads back different (2.3.8). A timer whose route is not allowed
 *    (the reset value 0) delivers nothing unless LEG_RT_CNF routes it.
 *  - FSB (MSI) delivery is not supported: Tn_FSB_INT_DEL_CAP reads 0 and
 *    Tn_FSB_EN_CNF stays 0.
 *  - Only 4- and 8-byte accesses at offsets aligned to their size reach a
 *    register; others read 0 and writes to them are ignored. A 4-byte access
 *    reaches either half of a 64-bit register.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define HPET_NUM_TIMERS 3
#define HPET_FREQ_HZ 14318180u
#define HPET_PERIOD_FS 69841279u /* 10^15 / HPET_FREQ_HZ, to the nearest fs */
#define HPET_MMIO_SIZE 0x400u    /* 1 KiB register block (2.3.1) */

/* Register offsets (2.3.1). */
#define HPET_GCAP_ID 0x000u
#define HPET_GEN_CONF 0x010u
#define HPET_GINTR_STA 0x020u
#define HPET_MAIN_COUNTER 0x0f0u
#define HPET_TIMER_CONF(n) (0x100u + 0x20u * (n))
#define HPET_TIMER_COMPARATOR(n) (0x108u + 0x20u * (n))
#define HPET_TIMER_FSB_ROUTE(n) (0x110u + 0x20u * (n))

/* General Capabilities and ID Register (2.3.4). */
#define HPET_REV_ID 1u
#define HPET_NUM_TIM_CAP_SHIFT 8       /* bits 12:8, number of the last timer */
#define HPET_COUNT_SIZE_CAP (1u << 13) /* 64-bit main counter */
#define HPET_LEG_RT_CAP (1u << 15)     /* legacy replacement route supported */
#define HPET_VENDOR_ID_SHIFT 16        /* bits 31:16 */
#define HPET_VENDOR_ID 0x8086u
#define HPET_CLK_PERIOD_SHIFT 32 /* bits 63:32, femtoseconds per tick */
/* The low 32 bits of the register, also the ACPI HPET table's Event Timer
 * Block ID (spec 3.2.4). */
#define HPET_GCAP_ID_LOW                                                                           \
    (HPET_REV_ID | ((HPET_NUM_TIMERS - 1u) << HPET_NUM_TIM_CAP_SHIFT) | HPET_COUNT_SIZE_CAP |       \
     HPET_LEG_RT_CAP | (HPET_VENDOR_ID << HPET_VENDOR_ID_SHIFT))

/* General Configuration Register (2.3.5). */
#define HPET_ENABLE_CNF (1u << 0)
#define HPET_LEG_RT_CNF (1u << 1)

/* Timer N Configuration and Capability Register (2.3.8). */
#define HPET_TN_INT_TYPE_CNF (1u << 1) /* 1: level-triggered */
#define HPET_TN_INT_ENB_CNF (1u << 2)
#define HPET_TN_TYPE_CNF (1u << 3) /* 1: periodic */
#define HPET_TN_PER_INT_CAP (1u << 4)
#define HPET_TN_SIZE_CAP (1u << 5) /* 64-bit comparator */
#define HPET_TN_VAL_SET_CNF (1u << 6)
#define HPET_TN_32MODE_CNF (1u << 8)
#define HPET_TN_INT_ROUTE_SHIFT 9 /* bits 13:9 */
#define HPET_TN_INT_ROUTE_MASK (0x1fu << HPET_TN_INT_ROUTE_SHIFT)
#define HPET_TN_FSB_EN_CNF (1u << 14)
#define HPET_TN_FSB_INT_DEL_CAP (1u << 15)
#define HPET_TN_INT_ROUTE_CAP_SHIFT 32 /* bits 63:32, one bit per IOAPIC pin */
#define HPET_TN_ROUTE_CAP_PINS 0x00f00000u /* pins 20, 21, 22, 23 */

/* IOAPIC pins of the legacy replacement route (2.3.5, LEG_RT_CNF). */
#define HPET_LEGACY_PIN_TIMER0 2
#define HPET_LEGACY_PIN_TIMER1 8

struct hpet_timer {
    uint64_t config;     /* Tn_CONF_CAP as read: capabilities and configuration */
    uint64_t comparator; /* Tn_COMPARATOR_VAL as read */
    uint64_t period;     /* the value last written to the comparator: the periodic increment */
    uint64_t armed_at;   /* 32-bit mode: main counter value from which the next match is counted */
    bool armed;          /* a match is still to come (one-shot: until it fires) */
};

struct hpet {
    uint64_t config;         /* General Configuration Register */
    uint64_t status;         /* General Interrupt Status Register */
    uint64_t counter_base;   /* main counter value at host time counter_ref_ns */
    uint64_t counter_ref_ns; /* while enabled: host time at which it had counter_base */
    struct hpet_timer timer[HPET_NUM_TIMERS];
};

/* Puts h in its reset state: counter halted at 0, every timer disabled. */
void hpet_init(struct hpet *h);

/* A program's load of size (4 or 8) bytes at offset into the register block. */
uint64_t hpet_read(struct hpet *h, uint64_t offset, unsigned size, uint64_t now_ns);

/* A program's store of the low size (4 or 8) bytes of value at offset. */
void hpet_write(struct hpet *h, uint64_t offset, unsigned size, uint64_t value, uint64_t now_ns);

/* The main counter's value at host time now_ns. */
uint64_t hpet_counter(const struct hpet *h, uint64_t now_ns);

/* The host time (ns, never before now_ns) at which the next timer interrupt
 * is due, or UINT64_MAX if none will be (counter halted, no enabled armed
 * timer, or not within 2^64 ns). */
uint64_t hpet_next_deadline_ns(const struct hpet *h, uint64_t now_ns);

/* Fires every enabled timer whose comparator the counter has reached by
 * now_ns: advances periodic comparators past the counter, sets the status
 * bit of level-triggered timers, and returns the IOAPIC pins to raise (bit p
 * for pin p). */
uint32_t hpet_expire(struct hpet *h, uint64_t now_ns);

/* The IOAPIC pins that level-triggered timers hold asserted: enabled timers
 * whose status bit is set (until software writes 1 to clear it, 2.3.6). */
uint32_t hpet_level_pins(const struct hpet *h);
