/*
 * The 16550A UART of a PC's COM1 (National Semiconductor PC16550D data
 * sheet): eight registers from the base port, a 16-byte-deep view of a
 * larger receive buffer, a transmitter that is always ready (bytes go
 * straight to the host), and one interrupt line, gated by MCR.OUT2 as on a
 * PC. Pure state: the host layer feeds input, takes output, and raises the
 * IOAPIC pin on each rising edge of the line.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define UART_COM1_PORT 0x3f8
#define UART_COM1_ISA_IRQ 4
#define UART_RX_SIZE 4096

struct uart {
    uint8_t ier, lcr, mcr, scr, fcr;
    uint8_t dll, dlm;
    bool thre_pending;  /* THR-empty interrupt waiting to be seen in IIR */
    bool line;          /* the interrupt line's level */
    bool input_closed;  /* the host's input ended */
    uint32_t rx_head, rx_tail; /* rx[head..tail) waits to be read, indices mod UART_RX_SIZE */
    uint8_t rx[UART_RX_SIZE];
};

void uart_init(struct uart *u);

/*
 * A read of register `reg` (0..7). *edge is set when the access made the
 * interrupt line rise.
 */
uint8_t uart_read(struct uart *u, unsigned reg, bool *edge);

/* A write of register `reg`; a byte written to THR is stored in *out (returns true then). */
bool uart_write(struct uart *u, unsigned reg, uint8_t value, uint8_t *out, bool *edge);

/* Room for more input bytes. */
uint32_t uart_rx_space(const struct uart *u);

/* Host input arrived (at most uart_rx_space bytes are taken); true if the line rose. */
bool uart_receive(struct uart *u, const uint8_t *data, uint32_t len);

/* The line can still rise because of input: receive interrupts on and input not closed. */
bool uart_may_interrupt(const struct uart *u);
