/* The 16550A UART model (see uart.h); register names as in the PC16550D data sheet. */
#include "uart.h"

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
enum { IER_RDA = 0x01, IER_THRE = 0x02 };
enum { LCR_DLAB = 0x80 };
enum { MCR_OUT2 = 0x08, MCR_LOOP = 0x10 };
enum { LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40 };
enum { IIR_NONE = 0x01, IIR_THRE = 0x02, IIR_RDA = 0x04, IIR_FIFO = 0xc0 };
enum { FCR_ENABLE = 0x01, FCR_CLEAR_RX = 0x02 };

void uart_init(struct uart *u)
{
    *u = (struct uart){ 0 };
}

static uint32_t rx_count(const struct uart *u)
{
    return u->rx_tail - u->rx_head;
}

uint32_t uart_rx_space(const struct uart *u)
{
    return UART_RX_SIZE - rx_count(u);
}

/* The interrupt sources, highest priority first (data sheet, table IV). */
static uint8_t pending_source(const struct uart *u)
{
    if ((u->ier & IER_RDA) && rx_count(u))
        return IIR_RDA;
    if ((u->ier & IER_THRE) && u->thre_pending)
        return IIR_THRE;
    return IIR_NONE;
}

/* Recomputes the line (OUT2 gates it onto the bus); true on a rising edge. */
static bool update_line(struct uart *u)
{
    bool level = (u->mcr & MCR_OUT2) && pending_source(u) != IIR_NONE;
    bool rose = level && !u->line;
    u->line = level;
    return rose;
}

uint8_t uart_read(struct uart *u, unsigned reg, bool *edge)
{
    uint8_t v = 0;
    switch (reg & 7) {
    case RBR_THR:
        if (u->lcr & LCR_DLAB)
            return u->dll;
        if (rx_count(u))
            v = u->rx[u->rx_head++ % UART_RX_SIZE];
        break;
    case IER:
        return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
    case IIR_FCR:
        v = pending_source(u);
        if (v == IIR_THRE)
            u->thre_pending = false; /* reading IIR clears a THRE interrupt */
        if (u->fcr & FCR_ENABLE)
            v |= IIR_FIFO;
        break;
    case LCR: return u->lcr;
    case MCR: return u->mcr;
    case LSR: return (uint8_t)(LSR_THRE | LSR_TEMT | (rx_count(u) ? LSR_DR : 0));
    case MSR: return 0xb0; /* DCD, DSR and CTS asserted: a terminal is there */
    case SCR: return u->scr;
    }
    *edge = update_line(u) || *edge;
    return v;
}

bool uart_write(struct uart *u, unsigned reg, uint8_t value, uint8_t *out, bool *edge)
{
    bool sent = false;
    switch (reg & 7) {
    case RBR_THR:
        if (u->lcr & LCR_DLAB) {
            u->dll = value;
            return false;
        }
        if (u->mcr & MCR_LOOP) {
            if (uart_rx_space(u))
                u->rx[u->rx_tail++ % UART_RX_SIZE] = value;
        } else {
            *out = value;
            sent = true;
        }
        /* the byte leaves at once: THR is empty again, a fresh THRE interrupt */
        u->thre_pending = false;
        update_line(u);
        u->thre_pending = true;
        break;
    case IER:
        if (u->lcr & LCR_DLAB) {
            u->dlm = value;
            return false;
        }
        /* enabling the THRE interrupt while THR is empty raises it (data sheet, IER bit 1) */
        if ((value & IER_THRE) && !(u->ier & IER_THRE))
            u->thre_pending = true;
        u->ier = value & 0x0f;
        break;
    case IIR_FCR:
        if (value & FCR_CLEAR_RX)
            u->rx_head = u->rx_tail;
        u->fcr = value & (FCR_ENABLE | 0xc0);
        break;
    case LCR: u->lcr = value; break;
    case MCR: u->mcr = value & 0x1f; break;
    case SCR: u->scr = value; break;
    default: break; /* LSR and MSR are read-only */
    }
    *edge = update_line(u) || *edge;
    return sent;
}

bool uart_receive(struct uart *u, const uint8_t *data, uint32_t len)
{
    for (uint32_t i = 0; i < len && uart_rx_space(u); i++)
        u->rx[u->rx_tail++ % UART_RX_SIZE] = data[i];
    return update_line(u);
}

bool uart_may_interrupt(const struct uart *u)
{
    return (u->mcr & MCR_OUT2) && (u->ier & IER_RDA) && (!u->input_closed || rx_count(u));
}
