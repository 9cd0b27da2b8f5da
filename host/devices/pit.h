/*
 * The 8254 programmable interval timer of a PC (Intel 8254 data sheet):
 * ports 0x40-0x42 (counters) and 0x43 (control word), counting at
 * 1.193182 MHz of host time. Counter 0 interrupts on ISA IRQ 0 (IOAPIC pin
 * 2 through the MADT's override) in the modes timer drivers use: 0 and 4
 * (one interrupt at terminal count) and 2 and 3 (periodic). Modes 1 and 5
 * wait for a gate edge that counter 0's gate, tied high, never gives.
 * Pure state; the host passes the time in.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ 1193182u
#define PIT_FIRST_PORT 0x40
#define PIT_LAST_PORT 0x43
#define PIT_ISA_IRQ 0

struct pit_counter {
    uint8_t mode, access;  /* control word fields (access: 1 lsb, 2 msb, 3 lsb then msb) */
    bool write_msb_next, read_msb_next;
    bool latched;
    uint16_t latch;
    uint8_t reload_lsb;
    uint32_t reload;       /* 1..65536 */
    bool counting;
    uint64_t start_ns;     /* when the count was loaded */
    uint64_t next_fire;    /* counter ticks after start_ns of the next interrupt; 0: none */
};

struct pit {
    struct pit_counter counter[3];
};

void pit_init(struct pit *p);
uint8_t pit_read(struct pit *p, unsigned port, uint64_t now_ns);
void pit_write(struct pit *p, unsigned port, uint8_t value, uint64_t now_ns);

/* Host time of counter 0's next interrupt, or UINT64_MAX. */
uint64_t pit_next_deadline(const struct pit *p);

/* Counter 0 reached its interrupt by now_ns: true once per interrupt, and the next is scheduled. */
bool pit_expire(struct pit *p, uint64_t now_ns);
