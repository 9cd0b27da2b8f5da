/* The emulated PC's devices and their threads (see machine.h). */
#define _GNU_SOURCE
#include "machine.h"
#include "futex.h"
#include "runner.h"

#include "devices/acpi.h"
#include "devices/mmio.h"

#include <kernel.h>
#include <string.h>
#include <ucontext.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#define PIT_IOAPIC_PIN 2 /* ISA IRQ 0, through the MADT's interrupt source override */
#define UART_IOAPIC_PIN UART_COM1_ISA_IRQ

static struct host_machine *m;
static void (*console_write)(void *ctx, const char *buf, size_t len);

/* A mutex over the models, shared between processes: 0 free, 1 held, 2 held with waiters. */
static void lock(void)
{
    uint32_t c = 0;
    if (__atomic_compare_exchange_n(&m->lock, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    if (c != 2)
        c = __atomic_exchange_n(&m->lock, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        host_futex_wait(&m->lock, 2, 0);
        c = __atomic_exchange_n(&m->lock, 2, __ATOMIC_ACQUIRE);
    }
}

static void unlock(void)
{
    if (__atomic_exchange_n(&m->lock, 0, __ATOMIC_RELEASE) == 2)
        host_futex_wake(&m->lock, 1);
}

/* The TSC rate in MHz, measured against CLOCK_MONOTONIC_RAW over about a millisecond. */
static uint32_t measure_tsc_mhz(void)
{
    struct timespec t0, t1, pause = { 0, 1000000 };
    clock_gettime(CLOCK_MONOTONIC_RAW, &t0);
    uint64_t c0 = __builtin_ia32_rdtsc();
    nanosleep(&pause, NULL);
    clock_gettime(CLOCK_MONOTONIC_RAW, &t1);
    uint64_t c1 = __builtin_ia32_rdtsc();
    uint64_t ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000u + (uint64_t)(t1.tv_nsec - t0.tv_nsec);
    return ns ? (uint32_t)(((c1 - c0) * 1000u + ns / 2) / ns) : 0;
}

/*
 * The firmware's part: ACPI tables (RSDP, RSDT, XSDT, MADT with the IOAPIC
 * and the PIT's override to pin 2, HPET) in the ROM page, and the memory
 * map a multiboot loader would pass: RAM, the BIOS area reserved.
 */
void host_machine_boot_facts(struct kernel_boot_params *p)
{
    static struct kernel_memory_region map[2];
    static uint8_t rsdp[ACPI_RSDP_LENGTH];
    struct acpi_layout layout;
    uint64_t rsdp_paddr;
    size_t used;

    acpi_layout_pc99(&layout);
    layout.hpet_paddr = HOST_HPET_PADDR;
    if (acpi_build(sys.mem.rom, HOST_ACPI_SIZE, HOST_ACPI_PADDR, &layout, &rsdp_paddr, &used) == 0) {
        memcpy(rsdp, sys.mem.rom + (rsdp_paddr - HOST_ACPI_PADDR), sizeof(rsdp));
        p->acpi_rsdp = rsdp;
    }
    map[0] = (struct kernel_memory_region){ .base = HOST_ACPI_PADDR, .length = 0x100000 - HOST_ACPI_PADDR, .type = 2 };
    map[1] = (struct kernel_memory_region){ .base = p->ram_paddr, .length = p->ram_size, .type = 1 };
    p->memory_map = map;
    p->memory_map_entries = 2;
    p->tsc_mhz = measure_tsc_mhz();
}

void host_machine_init(void (*console)(void *ctx, const char *buf, size_t len))
{
    m = host_shared_machine();
    console_write = console;
    uart_init(&m->uart);
    pit_init(&m->pit);
    hpet_init(&m->hpet);
}

/*
 * Pins raised by a device: the kernel takes them at its next entry or exit.
 * From a device thread, wake the idle core, or nudge the running thread.
 */
static void raise_pins(uint32_t pins, bool from_device_thread)
{
    __atomic_or_fetch(&m->pending_pins, pins, __ATOMIC_RELEASE);
    if (!from_device_thread)
        return; /* raised inside a kernel entry, which checks on its way out */
    host_futex_bump(&m->irq_wake);
    host_nudge_current();
}

uint32_t host_machine_take_pins(void)
{
    if (!__atomic_load_n(&m->pending_pins, __ATOMIC_RELAXED))
        return 0;
    return __atomic_exchange_n(&m->pending_pins, 0, __ATOMIC_ACQ_REL);
}

/* The pins an HPET timer may raise: legacy routes and the routable ones. */
#define HPET_PINS ((1u << HPET_LEGACY_PIN_TIMER0) | (1u << HPET_LEGACY_PIN_TIMER1) | HPET_TN_ROUTE_CAP_PINS)

uint32_t host_machine_live_pins(void)
{
    uint32_t live = 0;
    lock();
    if (pit_next_deadline(&m->pit) != UINT64_MAX)
        live |= 1u << PIT_IOAPIC_PIN;
    if (hpet_next_deadline_ns(&m->hpet, host_now_ns()) != UINT64_MAX)
        live |= HPET_PINS;
    if (uart_may_interrupt(&m->uart))
        live |= 1u << UART_IOAPIC_PIN;
    unlock();
    return live;
}

uint32_t *host_machine_irq_wake(void)
{
    return &m->irq_wake;
}

static bool is_uart(uint16_t port)
{
    return port >= UART_COM1_PORT && port < UART_COM1_PORT + 8;
}

static bool is_pit(uint16_t port)
{
    return port >= PIT_FIRST_PORT && port <= PIT_LAST_PORT;
}

/*
 * COM1 listens once its program enables the receive interrupt or polls for
 * received data: from then on standard input is its receiver's. (Earlier,
 * input would meet the FIFO resets of the driver's set-up.)
 */
static void uart_listening(uint16_t port, bool read)
{
    unsigned reg = port - UART_COM1_PORT;
    bool dlab = m->uart.lcr & 0x80;
    bool listens = ((m->uart.ier & 1) && !dlab) || (read && (reg == 5 || (reg == 0 && !dlab)));
    if (listens && !__atomic_load_n(&m->uart_active, __ATOMIC_ACQUIRE))
        host_futex_bump(&m->uart_active);
}

/* One byte of port I/O. Multi-byte accesses go to consecutive ports, as on an 8-bit device. */
static uint8_t in8(uint16_t port, uint32_t *pins)
{
    bool edge = false;
    uint8_t v = 0xff;
    if (is_uart(port)) {
        uint32_t before = m->uart.rx_head;
        v = uart_read(&m->uart, port - UART_COM1_PORT, &edge);
        if (m->uart.rx_head != before)
            host_futex_bump(&m->rx_drained);
        if (edge)
            *pins |= 1u << UART_IOAPIC_PIN;
    } else if (is_pit(port)) {
        v = pit_read(&m->pit, port, host_now_ns());
    }
    return v;
}

/* One byte out; a byte COM1 sends is appended to sent (written once the lock is let go). */
static void out8(uint16_t port, uint8_t value, uint32_t *pins, bool *timer_changed, char *sent, size_t *n_sent)
{
    bool edge = false;
    uint8_t byte;
    if (is_uart(port)) {
        if (uart_write(&m->uart, port - UART_COM1_PORT, value, &byte, &edge))
            sent[(*n_sent)++] = (char)byte;
        if (edge)
            *pins |= 1u << UART_IOAPIC_PIN;
    } else if (is_pit(port)) {
        pit_write(&m->pit, port, value, host_now_ns());
        *timer_changed = true;
    }
}

uint32_t host_io_in(void *ctx, uint16_t port, unsigned size)
{
    uint32_t value = 0, pins = 0;
    lock();
    for (unsigned i = 0; i < size; i++)
        value |= (uint32_t)in8((uint16_t)(port + i), &pins) << (8 * i);
    if (is_uart(port))
        uart_listening(port, true);
    unlock();
    if (pins)
        raise_pins(pins, false);
    return value;
}

void host_io_out(void *ctx, uint16_t port, unsigned size, uint32_t value)
{
    uint32_t pins = 0;
    bool timer_changed = false;
    char sent[4];
    size_t n_sent = 0;
    lock();
    for (unsigned i = 0; i < size && i < sizeof(sent); i++)
        out8((uint16_t)(port + i), (uint8_t)(value >> (8 * i)), &pins, &timer_changed, sent, &n_sent);
    if (is_uart(port))
        uart_listening(port, false);
    unlock();
    if (n_sent)
        console_write(NULL, sent, n_sent); /* a slow standard output holds up nobody else's devices */
    if (timer_changed)
        host_futex_bump(&m->timer_kick);
    if (pins)
        raise_pins(pins, false);
}

/* ucontext registers in the x86 encoding order mmio.h uses (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15). */
static const int gpr_greg[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

bool host_mmio_access(struct tcb *t, void *ucontext, uint64_t addr, bool write)
{
    word_t paddr, size_bits;
    bool writable;
    if (kernel_vspace_lookup(sys.kernel, t, addr, &paddr, &size_bits, &writable) != 0 || (write && !writable))
        return false;
    paddr += addr & MASK(size_bits);
    bool hpet = paddr >= HOST_HPET_PADDR && paddr < HOST_HPET_PADDR + HPET_MMIO_SIZE;
    bool rom_store = write && host_paddr_in_rom(paddr, 1);
    if (!hpet && !rom_store)
        return false;

    /*
     * The instruction, read in its own page (just fetched, so mapped; the
     * next page may not be mapped in this process yet): one that runs on
     * into the next page is not decoded, and stays seL4's VM fault.
     */
    ucontext_t *uc = ucontext;
    const uint8_t *rip = (const uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
    size_t to_page_end = 4096 - ((uintptr_t)rip & 4095);
    size_t avail = to_page_end < MMIO_MAX_INSN_LENGTH ? to_page_end : MMIO_MAX_INSN_LENGTH;
    struct mmio_insn insn;
    if (mmio_decode(rip, avail, &insn) != 0 || insn.write != write)
        return false;

    uint64_t gpr[16];
    for (int i = 0; i < 16; i++)
        gpr[i] = (uint64_t)uc->uc_mcontext.gregs[gpr_greg[i]];
    if (hpet) {
        uint64_t offset = paddr - HOST_HPET_PADDR;
        lock();
        if (write)
            hpet_write(&m->hpet, offset, insn.size, mmio_store_value(&insn, gpr), host_now_ns());
        else
            mmio_complete_load(&insn, gpr, hpet_read(&m->hpet, offset, insn.size, host_now_ns()));
        unlock();
        if (write)
            host_futex_bump(&m->timer_kick);
    }
    for (int i = 0; i < 16; i++)
        uc->uc_mcontext.gregs[gpr_greg[i]] = (greg_t)gpr[i];
    uc->uc_mcontext.gregs[REG_RIP] += insn.length;
    return true;
}

/* The device timer: sleeps until the earliest programmed deadline, then raises its pin. */
static void *timer_main(void *arg)
{
    for (;;) {
        lock();
        uint32_t seen = __atomic_load_n(&m->timer_kick, __ATOMIC_ACQUIRE);
        uint64_t deadline = pit_next_deadline(&m->pit), hpet = hpet_next_deadline_ns(&m->hpet, host_now_ns());
        if (hpet < deadline)
            deadline = hpet;
        unlock();
        if (deadline == UINT64_MAX) {
            host_futex_wait(&m->timer_kick, seen, 0);
        } else if (host_now_ns() < deadline) {
            host_futex_wait_until(&m->timer_kick, seen, deadline);
        }
        lock();
        uint64_t now = host_now_ns();
        uint32_t pins = hpet_expire(&m->hpet, now);
        if (pit_expire(&m->pit, now))
            pins |= 1u << PIT_IOAPIC_PIN;
        unlock();
        if (pins)
            raise_pins(pins, true);
    }
    return NULL;
}

/* COM1's receiver: standard input, once a program uses the port; waits while the buffer is full. */
static void *uart_reader_main(void *arg)
{
    uint8_t buf[256];

    while (!__atomic_load_n(&m->uart_active, __ATOMIC_ACQUIRE))
        host_futex_wait(&m->uart_active, 0, 0);
    for (;;) {
        lock();
        uint32_t seen = __atomic_load_n(&m->rx_drained, __ATOMIC_ACQUIRE);
        uint32_t space = uart_rx_space(&m->uart);
        unlock();
        if (space == 0) {
            host_futex_wait(&m->rx_drained, seen, 0);
            continue;
        }
        ssize_t n = read(0, buf, space < sizeof(buf) ? space : sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        lock();
        bool edge = false;
        if (n <= 0)
            m->uart.input_closed = true;
        else
            edge = uart_receive(&m->uart, buf, (uint32_t)n);
        unlock();
        if (edge)
            raise_pins(1u << UART_IOAPIC_PIN, true);
        if (n <= 0) {
            host_futex_bump(&m->irq_wake); /* an idle core may now have nothing left to wait for */
            return NULL;
        }
    }
}

static int threads_started;

static void *started(void *(*body)(void *))
{
    host_block_async_signals();
    __atomic_add_fetch(&threads_started, 1, __ATOMIC_RELEASE);
    return body(NULL);
}

static void *timer_thread(void *arg)
{
    return started(timer_main);
}

static void *uart_thread(void *arg)
{
    return started(uart_reader_main);
}

void host_machine_start_threads(void)
{
    static void *(*const bodies[])(void *) = { timer_thread, uart_thread };
    static const char *const names[] = { "sel4emu-timer", "sel4emu-com1" };
    int want = 0;
    for (int i = 0; i < 2; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, bodies[i], NULL) == 0) {
            pthread_setname_np(t, names[i]);
            pthread_detach(t);
            want++;
        }
    }
    /* as for the clock thread: let them finish starting before this process forks */
    while (__atomic_load_n(&threads_started, __ATOMIC_ACQUIRE) < want)
        sched_yield();
}
