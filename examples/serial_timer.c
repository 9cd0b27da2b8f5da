/*
 * A pc99 seL4 root task with a console and a clock of its own, as on real
 * hardware: it drives COM1's 16550 UART and the 8254 PIT through IOPort
 * caps, and takes their interrupts through IOAPIC handlers bound to one
 * notification. It asks for a name, reads the line from the UART (under
 * sel4emu, the host's standard input), then sleeps 300 ms on the PIT's
 * 100 Hz tick and says how long that took by the TSC.
 *
 * Only libsel4 and the runtime: the same source builds in API mode and as a
 * native root task (ABI mode, or real seL4).
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <stdbool.h>

#define COM1 0x3f8
#define THR 0 /* transmit (write) / receive (read) buffer */
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

#define PIT_HZ 1193182
#define TICK_HZ 100

#define BADGE_TIMER 1
#define BADGE_SERIAL 2

static seL4_CPtr next_slot, serial, pit, ntfn;

static void out(seL4_Word port, seL4_Word value)
{
    seL4_X86_IOPort_Out8(port >= COM1 ? serial : pit, port, value);
}

static seL4_Word in(seL4_Word port)
{
    return seL4_X86_IOPort_In8(port >= COM1 ? serial : pit, port).result;
}

static void serial_putc(char c)
{
    if (c == '\n')
        serial_putc('\r');
    while (!(in(COM1 + LSR) & LSR_THR_EMPTY))
        ;
    out(COM1 + THR, (unsigned char)c);
}

static void serial_puts(const char *s)
{
    while (*s)
        serial_putc(*s++);
}

static void serial_putnum(seL4_Word n)
{
    char buf[21];
    int i = sizeof(buf) - 1;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    serial_puts(&buf[i]);
}

static seL4_Word rdtsc(void)
{
    seL4_Word lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return hi << 32 | lo;
}

/* The TSC's MHz from the extra bootinfo (chunks follow each other unaligned). */
static seL4_Word tsc_mhz(const seL4_BootInfo *bi)
{
    const unsigned char *at = (const unsigned char *)bi + 4096, *end = at + bi->extraLen;
    seL4_BootInfoHeader h;
    while (at + sizeof(h) <= end) {
        __builtin_memcpy(&h, at, sizeof(h));
        if (h.len < sizeof(h))
            break;
        if (h.id == SEL4_BOOTINFO_HEADER_X86_TSC_FREQ) {
            seL4_Uint32 mhz;
            __builtin_memcpy(&mhz, at + sizeof(h), sizeof(mhz));
            return mhz;
        }
        at += h.len;
    }
    return 0;
}

/* An IOAPIC handler for an ISA device's pin, signalling ntfn with badge. */
static seL4_CPtr irq_handler(seL4_Word pin, seL4_Word vector, seL4_Word badge)
{
    seL4_CPtr handler = next_slot++, badged = next_slot++;
    if (seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, seL4_CapInitThreadCNode, handler, seL4_WordBits, 0, pin,
                                  0, 0, vector) ||
        seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_WordBits, seL4_CapInitThreadCNode, ntfn,
                        seL4_WordBits, seL4_AllRights, badge) ||
        seL4_IRQHandler_SetNotification(handler, badged) || seL4_IRQHandler_Ack(handler))
        return 0;
    return handler;
}

static seL4_CPtr issue_ports(seL4_Word first, seL4_Word last)
{
    seL4_CPtr slot = next_slot++;
    if (seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, first, last, seL4_CapInitThreadCNode, slot,
                                     seL4_WordBits))
        return 0;
    return slot;
}

/* A notification from the first RAM untyped that can hold one. */
static seL4_CPtr new_notification(const seL4_BootInfo *bi)
{
    seL4_CPtr slot = next_slot++;
    for (seL4_CPtr ut = bi->untyped.start; ut < bi->untyped.end; ut++) {
        if (!bi->untypedList[ut - bi->untyped.start].isDevice &&
            !seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1))
            return slot;
    }
    return 0;
}

int main(void)
{
    const seL4_BootInfo *bi = sel4runtime_bootinfo();
    next_slot = bi->empty.start;
    ntfn = new_notification(bi);
    serial = issue_ports(COM1, COM1 + 7);
    pit = issue_ports(0x40, 0x43);
    seL4_CPtr serial_irq = irq_handler(4, 4, BADGE_SERIAL);  /* COM1: ISA IRQ 4, IOAPIC pin 4 */
    seL4_CPtr timer_irq = irq_handler(2, 0, BADGE_TIMER);    /* PIT: ISA IRQ 0, IOAPIC pin 2 */
    if (!ntfn || !serial || !pit || !serial_irq || !timer_irq) {
        const char *s = "serial_timer: could not get the ports and interrupts it needs\n";
        while (*s)
            seL4_DebugPutChar(*s++);
        return 1;
    }

    /* 115200 8N1, FIFOs on, OUT2 (the PC's interrupt gate) on, interrupt on received data */
    out(COM1 + IER, 0);
    out(COM1 + LCR, 0x80);
    out(COM1 + THR, 1);
    out(COM1 + IER, 0);
    out(COM1 + LCR, 0x03);
    out(COM1 + FCR, 0xc7);
    out(COM1 + MCR, 0x0b);
    out(COM1 + IER, 0x01);

    serial_puts("serial_timer: hello through COM1 (a 16550 at 0x3f8)\n");
    serial_puts("What is your name? ");
    char name[64];
    unsigned len = 0;
    for (bool line_done = false; !line_done;) {
        seL4_Word badge = 0;
        seL4_Wait(ntfn, &badge);
        if (!(badge & BADGE_SERIAL))
            continue;
        while (!line_done && (in(COM1 + LSR) & LSR_DATA_READY)) {
            char c = (char)in(COM1 + THR);
            if (c == '\n' || c == '\r')
                line_done = true;
            else if (len < sizeof(name) - 1)
                name[len++] = c;
            serial_putc(line_done ? '\n' : c); /* echo, as a terminal expects */
        }
        seL4_IRQHandler_Ack(serial_irq);
    }
    name[len] = '\0';

    /* the PIT's counter 0 as a 100 Hz rate generator (mode 2), low byte then high */
    serial_puts("Sleeping 300 ms on the PIT's 100 Hz tick...\n");
    seL4_Word count = PIT_HZ / TICK_HZ, ticks = 0, start = rdtsc();
    out(0x43, 0x34);
    out(0x40, count & 0xff);
    out(0x40, count >> 8);
    while (ticks < 30) {
        seL4_Word badge = 0;
        seL4_Wait(ntfn, &badge); /* nothing else runs: the core idles until the tick */
        if (badge & BADGE_TIMER) {
            ticks++;
            seL4_IRQHandler_Ack(timer_irq);
        }
    }
    seL4_Word elapsed = rdtsc() - start, mhz = tsc_mhz(bi);
    out(0x43, 0x30); /* counter 0 stops until a new count */

    serial_puts("Hello, ");
    serial_puts(len ? name : "nobody");
    serial_puts("! 30 ticks took ");
    serial_putnum(mhz ? elapsed / (mhz * 1000) : 0);
    serial_puts(" ms by the TSC.\n");
    return 0;
}
