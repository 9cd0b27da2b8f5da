/*
 * Unit tests of the pure device models in host/devices: the HPET register
 * block (hpet.c), the ACPI tables (acpi.c), the decoder of instructions
 * that touch device registers (mmio.c), COM1's 16550 (uart.c) and the 8254
 * PIT (pit.c). Encodings in the MMIO tables were
 * produced by the GNU assembler (as, objdump -d), except the hand-made ones
 * marked so.
 */
#include "acpi.h"
#include "hpet.h"
#include "mmio.h"
#include "pit.h"
#include "uart.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

/* ---- HPET ---------------------------------------------------------------- */

#define SEC 1000000000ull
#define FREQ 14318180ull

/* The first host time (ns after the counter started at 0) at which the
 * counter shows ticks: ceil(ticks * 10^9 / f). */
static uint64_t tick_time(uint64_t ticks)
{
    return (uint64_t)(((unsigned __int128)ticks * SEC + FREQ - 1) / FREQ);
}

static uint64_t rd(struct hpet *h, uint64_t off, uint64_t now)
{
    return hpet_read(h, off, 8, now);
}

static void wr(struct hpet *h, uint64_t off, uint64_t v, uint64_t now)
{
    hpet_write(h, off, 8, v, now);
}

static uint64_t route(unsigned pin)
{
    return (uint64_t)pin << HPET_TN_INT_ROUTE_SHIFT;
}

/* An HPET whose counter started at 0 at host time 0. */
static void hpet_started(struct hpet *h)
{
    hpet_init(h);
    wr(h, HPET_GEN_CONF, HPET_ENABLE_CNF, 0);
}

static void test_hpet_capabilities(void)
{
    struct hpet h;
    hpet_init(&h);
    uint64_t cap = rd(&h, HPET_GCAP_ID, 0);
    CHECK_EQ(cap & 0xff, 1);                 /* REV_ID */
    CHECK_EQ((cap >> 8) & 0x1f, 2);          /* NUM_TIM_CAP: timers 0..2 */
    CHECK(cap & (1u << 13));                 /* COUNT_SIZE_CAP: 64-bit */
    CHECK(!(cap & (1u << 14)));              /* reserved */
    CHECK(cap & (1u << 15));                 /* LEG_RT_CAP */
    CHECK_EQ((cap >> 16) & 0xffff, 0x8086);  /* VENDOR_ID */
    CHECK_EQ(cap >> 32, 69841279);           /* COUNTER_CLK_PERIOD, fs */
    CHECK_EQ((1000000000000000ull + (cap >> 33)) / (cap >> 32), FREQ); /* 14.31818 MHz, to the nearest Hz */
    CHECK_EQ((uint32_t)cap, HPET_GCAP_ID_LOW);
    CHECK_EQ(hpet_read(&h, HPET_GCAP_ID, 4, 0), (uint32_t)cap);
    CHECK_EQ(hpet_read(&h, HPET_GCAP_ID + 4, 4, 0), 69841279);
    /* read-only */
    wr(&h, HPET_GCAP_ID, 0, 0);
    hpet_write(&h, HPET_GCAP_ID + 4, 4, 0, 0);
    CHECK_EQ(rd(&h, HPET_GCAP_ID, 0), cap);

    for (unsigned n = 0; n < 3; n++) {
        uint64_t c = rd(&h, HPET_TIMER_CONF(n), 0);
        CHECK_EQ(c >> 32, 0x00f00000);              /* Tn_INT_ROUTE_CAP: pins 20-23 */
        CHECK(c & HPET_TN_SIZE_CAP);                /* 64-bit comparator */
        CHECK_EQ(!!(c & HPET_TN_PER_INT_CAP), n == 0); /* only timer 0 is periodic */
        CHECK(!(c & HPET_TN_FSB_INT_DEL_CAP));      /* no FSB delivery */
        CHECK_EQ(c & 0xffff & ~(uint64_t)(HPET_TN_SIZE_CAP | HPET_TN_PER_INT_CAP), 0); /* all off */
        CHECK_EQ(rd(&h, HPET_TIMER_FSB_ROUTE(n), 0), 0);
        /* capabilities stay, FSB enable stays off, periodic only on timer 0 */
        wr(&h, HPET_TIMER_CONF(n), ~(uint64_t)0 & ~HPET_TN_INT_ROUTE_MASK, 0);
        c = rd(&h, HPET_TIMER_CONF(n), 0);
        CHECK_EQ(c >> 32, 0x00f00000);
        CHECK(c & HPET_TN_SIZE_CAP);
        CHECK(!(c & HPET_TN_FSB_EN_CNF));
        CHECK(!(c & HPET_TN_FSB_INT_DEL_CAP));
        CHECK_EQ(!!(c & HPET_TN_TYPE_CNF), n == 0);
        CHECK_EQ(!!(c & HPET_TN_PER_INT_CAP), n == 0);
        CHECK(c & HPET_TN_INT_ENB_CNF);
        CHECK(c & HPET_TN_INT_TYPE_CNF);
        CHECK(c & HPET_TN_32MODE_CNF);
        CHECK(!(c & 1) && !(c & (1u << 7)) && !(c >> 16 & 0xffff)); /* reserved bits */
    }
    /* reserved registers, unaligned and odd-sized accesses read 0 */
    CHECK_EQ(rd(&h, 0x008, 0), 0);
    CHECK_EQ(rd(&h, 0x018, 0), 0);
    CHECK_EQ(rd(&h, 0x0e8, 0), 0);
    CHECK_EQ(rd(&h, 0x160, 0), 0);
    CHECK_EQ(rd(&h, 0x3f8, 0), 0);
    CHECK_EQ(rd(&h, 0x400, 0), 0);
    CHECK_EQ(hpet_read(&h, HPET_GCAP_ID + 2, 4, 0), 0);
    CHECK_EQ(hpet_read(&h, HPET_GCAP_ID + 4, 8, 0), 0);
    CHECK_EQ(hpet_read(&h, HPET_GCAP_ID, 2, 0), 0);
    CHECK_EQ(hpet_read(&h, HPET_GCAP_ID, 1, 0), 0);
    /* general configuration: two bits, reserved bits stay 0 */
    wr(&h, HPET_GEN_CONF, ~(uint64_t)0, 0);
    CHECK_EQ(rd(&h, HPET_GEN_CONF, 0), HPET_ENABLE_CNF | HPET_LEG_RT_CNF);
    report("hpet_capabilities");
}

static void test_hpet_counter_rate(void)
{
    struct hpet h;
    hpet_init(&h);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 5 * SEC), 0); /* halted after reset */
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF, 1000);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000), 0);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000 + SEC), FREQ);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000 + SEC / 1000), 14318); /* 1 ms, rounded down */
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000 + 69), 0); /* one tick is 69.84 ns */
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000 + 70), 1);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000 + 69841), 999);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000 + 69842), 1000);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000 + 3600 * SEC), 3600 * FREQ);
    /* 100 years of host time: no overflow in the conversion */
    uint64_t century = 100ull * 365 * 24 * 3600 * SEC;
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 1000 + century), 100ull * 365 * 24 * 3600 * FREQ);
    CHECK_EQ(hpet_counter(&h, 1000 + SEC), FREQ);
    report("hpet_counter_rate");
}

static void test_hpet_counter_halt_resume(void)
{
    struct hpet h;
    hpet_started(&h);
    wr(&h, HPET_GEN_CONF, 0, SEC); /* halt after 1 s */
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, SEC), FREQ);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 5 * SEC), FREQ); /* keeps its value */
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF, 10 * SEC);   /* runs on from there */
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 10 * SEC), FREQ);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 11 * SEC), 2 * FREQ);
    /* enabling again while running changes nothing */
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF | HPET_LEG_RT_CNF, 11 * SEC);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 12 * SEC), 3 * FREQ);
    /* writes to the running counter are ignored (2.3.7) */
    wr(&h, HPET_MAIN_COUNTER, 42, 12 * SEC);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 12 * SEC), 3 * FREQ);
    /* while halted they set it, also one half at a time */
    wr(&h, HPET_GEN_CONF, 0, 13 * SEC);
    wr(&h, HPET_MAIN_COUNTER, 42, 13 * SEC);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 20 * SEC), 42);
    hpet_write(&h, HPET_MAIN_COUNTER + 4, 4, 7, 20 * SEC);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 20 * SEC), 0x70000002aull);
    hpet_write(&h, HPET_MAIN_COUNTER, 4, 0xffffffff, 20 * SEC);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 20 * SEC), 0x7ffffffffull);
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF, 30 * SEC);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, 31 * SEC), 0x7ffffffffull + FREQ);
    report("hpet_counter_halt_resume");
}

static void test_hpet_half_reads(void)
{
    struct hpet h;
    hpet_init(&h);
    wr(&h, HPET_MAIN_COUNTER, 0x123456789abcdef0ull, 0);
    CHECK_EQ(hpet_read(&h, HPET_MAIN_COUNTER, 4, 0), 0x9abcdef0);
    CHECK_EQ(hpet_read(&h, HPET_MAIN_COUNTER + 4, 4, 0), 0x12345678);
    /* running: the halves of one moment make up the 64-bit value */
    wr(&h, HPET_MAIN_COUNTER, 0xfffffff0, 0);
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF, 0);
    uint64_t t = tick_time(0x20);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, t), 0x100000010ull);
    CHECK_EQ(hpet_read(&h, HPET_MAIN_COUNTER, 4, t), 0x10);
    CHECK_EQ(hpet_read(&h, HPET_MAIN_COUNTER + 4, 4, t), 1);
    /* timer registers too */
    wr(&h, HPET_TIMER_COMPARATOR(1), 0xaabbccdd11223344ull, t);
    CHECK_EQ(hpet_read(&h, HPET_TIMER_COMPARATOR(1), 4, t), 0x11223344);
    CHECK_EQ(hpet_read(&h, HPET_TIMER_COMPARATOR(1) + 4, 4, t), 0xaabbccdd);
    CHECK_EQ(hpet_read(&h, HPET_TIMER_CONF(2) + 4, 4, t), 0x00f00000);
    /* 32-bit writes change one half */
    hpet_write(&h, HPET_TIMER_COMPARATOR(1) + 4, 4, 0x55, t);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(1), t), 0x0000005511223344ull);
    hpet_write(&h, HPET_TIMER_COMPARATOR(1), 4, 0x66, t);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(1), t), 0x0000005500000066ull);
    hpet_write(&h, HPET_TIMER_CONF(1), 4, HPET_TN_INT_ENB_CNF | route(21), t);
    CHECK_EQ(rd(&h, HPET_TIMER_CONF(1), t), 0x00f0000000000000ull | HPET_TN_SIZE_CAP | HPET_TN_INT_ENB_CNF |
                                                route(21));
    report("hpet_half_reads");
}

static void test_hpet_one_shot_route(void)
{
    struct hpet h;
    hpet_started(&h);
    wr(&h, HPET_TIMER_CONF(1), HPET_TN_INT_ENB_CNF | route(21), 0);
    CHECK_EQ(hpet_next_deadline_ns(&h, 0), UINT64_MAX); /* reset comparator: not armed */
    wr(&h, HPET_TIMER_COMPARATOR(1), FREQ, 0);         /* one second */
    CHECK_EQ(hpet_next_deadline_ns(&h, 0), SEC);
    CHECK_EQ(hpet_next_deadline_ns(&h, SEC / 2), SEC);
    CHECK_EQ(hpet_expire(&h, SEC - 1), 0);
    CHECK_EQ(hpet_expire(&h, SEC), 1u << 21);
    CHECK_EQ(h.status, 0); /* edge-triggered: no status bit */
    /* once per comparator write */
    CHECK_EQ(hpet_expire(&h, SEC), 0);
    CHECK_EQ(hpet_expire(&h, 100 * SEC), 0);
    CHECK_EQ(hpet_next_deadline_ns(&h, 2 * SEC), UINT64_MAX);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(1), 2 * SEC), FREQ);

    /* a deadline that is not a whole number of ns: the first ns at which the
     * counter shows the comparator */
    wr(&h, HPET_TIMER_COMPARATOR(1), 2 * FREQ + 1000, 2 * SEC);
    uint64_t due = hpet_next_deadline_ns(&h, 2 * SEC);
    CHECK_EQ(due, 2 * SEC + 69842); /* 1000 ticks = 69841.28 ns */
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, due), 2 * FREQ + 1000);
    CHECK_EQ(rd(&h, HPET_MAIN_COUNTER, due - 1), 2 * FREQ + 999);
    CHECK_EQ(hpet_expire(&h, due - 1), 0);
    CHECK_EQ(hpet_expire(&h, due), 1u << 21);

    /* a comparator the 64-bit counter has passed is due at once */
    wr(&h, HPET_TIMER_COMPARATOR(1), 5, 3 * SEC);
    CHECK_EQ(hpet_next_deadline_ns(&h, 3 * SEC), 3 * SEC);
    CHECK_EQ(hpet_expire(&h, 3 * SEC), 1u << 21);

    /* each timer its own route; the earliest deadline wins */
    wr(&h, HPET_TIMER_CONF(0), HPET_TN_INT_ENB_CNF | route(20), 4 * SEC);
    wr(&h, HPET_TIMER_CONF(2), HPET_TN_INT_ENB_CNF | route(23), 4 * SEC);
    wr(&h, HPET_TIMER_COMPARATOR(0), 6 * FREQ, 4 * SEC);
    wr(&h, HPET_TIMER_COMPARATOR(2), 5 * FREQ, 4 * SEC);
    wr(&h, HPET_TIMER_COMPARATOR(1), 7 * FREQ, 4 * SEC);
    CHECK_EQ(hpet_next_deadline_ns(&h, 4 * SEC), 5 * SEC);
    CHECK_EQ(hpet_expire(&h, 5 * SEC), 1u << 23);
    CHECK_EQ(hpet_next_deadline_ns(&h, 5 * SEC), 6 * SEC);
    /* late: both remaining timers at once */
    CHECK_EQ(hpet_expire(&h, 8 * SEC), (1u << 20) | (1u << 21));
    CHECK_EQ(hpet_next_deadline_ns(&h, 8 * SEC), UINT64_MAX);

    /* a route outside Tn_INT_ROUTE_CAP is not taken (reads back the old one) */
    wr(&h, HPET_TIMER_CONF(2), HPET_TN_INT_ENB_CNF | route(5), 9 * SEC);
    CHECK_EQ(rd(&h, HPET_TIMER_CONF(2), 9 * SEC) & HPET_TN_INT_ROUTE_MASK, route(23));
    wr(&h, HPET_TIMER_CONF(2), HPET_TN_INT_ENB_CNF | route(22), 9 * SEC);
    CHECK_EQ(rd(&h, HPET_TIMER_CONF(2), 9 * SEC) & HPET_TN_INT_ROUTE_MASK, route(22));
    /* the reset route 0 is not allowed: the timer fires but raises nothing */
    struct hpet r;
    hpet_started(&r);
    wr(&r, HPET_TIMER_CONF(1), HPET_TN_INT_ENB_CNF, 0);
    wr(&r, HPET_TIMER_COMPARATOR(1), 100, 0);
    CHECK_EQ(hpet_next_deadline_ns(&r, 0), tick_time(100));
    CHECK_EQ(hpet_expire(&r, SEC), 0);
    CHECK_EQ(hpet_next_deadline_ns(&r, SEC), UINT64_MAX);
    report("hpet_one_shot_route");
}

static void test_hpet_legacy_route(void)
{
    struct hpet h;
    hpet_started(&h);
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF | HPET_LEG_RT_CNF, 0);
    for (unsigned n = 0; n < 3; n++) {
        wr(&h, HPET_TIMER_CONF(n), HPET_TN_INT_ENB_CNF | route(20 + n), 0);
        wr(&h, HPET_TIMER_COMPARATOR(n), (n + 1) * 1000, 0);
    }
    CHECK_EQ(hpet_expire(&h, tick_time(1000)), 1u << 2); /* timer 0: IOAPIC pin 2 */
    CHECK_EQ(hpet_expire(&h, tick_time(2000)), 1u << 8); /* timer 1: IOAPIC pin 8 */
    CHECK_EQ(hpet_expire(&h, tick_time(3000)), 1u << 22); /* timer 2: its own route */
    /* legacy route off: timer 0 and 1 use theirs again */
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF, tick_time(3000));
    wr(&h, HPET_TIMER_COMPARATOR(0), 4000, tick_time(3000));
    wr(&h, HPET_TIMER_COMPARATOR(1), 4000, tick_time(3000));
    CHECK_EQ(hpet_expire(&h, tick_time(4000)), (1u << 20) | (1u << 21));
    report("hpet_legacy_route");
}

static void test_hpet_periodic(void)
{
    struct hpet h;
    hpet_started(&h);
    uint64_t periodic = HPET_TN_INT_ENB_CNF | HPET_TN_TYPE_CNF | route(20);
    wr(&h, HPET_TIMER_CONF(0), periodic | HPET_TN_VAL_SET_CNF, 0);
    CHECK(rd(&h, HPET_TIMER_CONF(0), 0) & HPET_TN_VAL_SET_CNF);
    wr(&h, HPET_TIMER_COMPARATOR(0), 1000, 0); /* comparator and period */
    CHECK(!(rd(&h, HPET_TIMER_CONF(0), 0) & HPET_TN_VAL_SET_CNF)); /* clears itself */
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(0), 0), 1000);
    CHECK_EQ(hpet_next_deadline_ns(&h, 0), tick_time(1000));
    CHECK_EQ(hpet_expire(&h, tick_time(1000)), 1u << 20);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(0), tick_time(1000)), 2000);
    CHECK_EQ(hpet_next_deadline_ns(&h, tick_time(1000)), tick_time(2000));
    CHECK_EQ(hpet_expire(&h, tick_time(1000)), 0);
    CHECK_EQ(hpet_expire(&h, tick_time(2000)), 1u << 20);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(0), 0), 3000);
    /* without Tn_VAL_SET_CNF a write sets only the period */
    wr(&h, HPET_TIMER_COMPARATOR(0), 500, tick_time(2000));
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(0), 0), 3000);
    CHECK_EQ(hpet_expire(&h, tick_time(3000)), 1u << 20);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(0), 0), 3500);
    CHECK_EQ(hpet_expire(&h, tick_time(3500)), 1u << 20);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(0), 0), 4000);

    /* the way Linux sets up a periodic timer: with VAL_SET the first
     * comparator, then the period */
    struct hpet l;
    hpet_started(&l);
    uint64_t now = tick_time(123456);
    uint64_t counter = rd(&l, HPET_MAIN_COUNTER, now);
    hpet_write(&l, HPET_TIMER_CONF(0), 4,
               HPET_TN_INT_ENB_CNF | HPET_TN_TYPE_CNF | HPET_TN_VAL_SET_CNF | HPET_TN_32MODE_CNF | route(21), now);
    hpet_write(&l, HPET_TIMER_COMPARATOR(0), 4, counter + 14318, now);
    hpet_write(&l, HPET_TIMER_COMPARATOR(0), 4, 14318, now);
    CHECK_EQ(hpet_next_deadline_ns(&l, now), tick_time(counter + 14318));
    CHECK_EQ(hpet_expire(&l, tick_time(counter + 14318)), 1u << 21);
    CHECK_EQ(rd(&l, HPET_TIMER_COMPARATOR(0), 0), counter + 2 * 14318);
    report("hpet_periodic");
}

static void test_hpet_missed_periods(void)
{
    struct hpet h;
    hpet_started(&h);
    wr(&h, HPET_TIMER_CONF(0), HPET_TN_INT_ENB_CNF | HPET_TN_TYPE_CNF | HPET_TN_VAL_SET_CNF | route(22), 0);
    wr(&h, HPET_TIMER_COMPARATOR(0), 1000, 0);
    /* 9.5 periods late: one interrupt, the comparator past the counter */
    CHECK_EQ(hpet_expire(&h, tick_time(10500)), 1u << 22);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(0), 0), 11000);
    CHECK_EQ(hpet_next_deadline_ns(&h, tick_time(10500)), tick_time(11000));
    /* exactly on a later match */
    CHECK_EQ(hpet_expire(&h, tick_time(13000)), 1u << 22);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(0), 0), 14000);

    /* a period of one tick, a million seconds late: 1.4e13 periods, which a
     * loop would not get through */
    struct hpet f;
    hpet_started(&f);
    wr(&f, HPET_TIMER_CONF(0), HPET_TN_INT_ENB_CNF | HPET_TN_TYPE_CNF | HPET_TN_VAL_SET_CNF | route(20), 0);
    wr(&f, HPET_TIMER_COMPARATOR(0), 1, 0);
    uint64_t late = 1000000 * SEC;
    CHECK_EQ(hpet_expire(&f, late), 1u << 20);
    CHECK_EQ(rd(&f, HPET_TIMER_COMPARATOR(0), late), 1000000 * FREQ + 1);
    CHECK_EQ(hpet_next_deadline_ns(&f, late), tick_time(1000000 * FREQ + 1));

    /* 32-bit mode: the comparator wraps with the low half of the counter */
    struct hpet w;
    hpet_init(&w);
    wr(&w, HPET_MAIN_COUNTER, 0xfffff000ull, 0);
    wr(&w, HPET_GEN_CONF, HPET_ENABLE_CNF, 0);
    wr(&w, HPET_TIMER_CONF(0),
       HPET_TN_INT_ENB_CNF | HPET_TN_TYPE_CNF | HPET_TN_VAL_SET_CNF | HPET_TN_32MODE_CNF | route(20), 0);
    wr(&w, HPET_TIMER_COMPARATOR(0), 0xfffff800ull, 0);
    wr(&w, HPET_TIMER_COMPARATOR(0), 0x1000, 0); /* period */
    uint64_t at = tick_time(0x800 + 3 * 0x1000 + 5); /* 3 periods and 5 ticks late */
    CHECK_EQ(hpet_expire(&w, at), 1u << 20);
    CHECK_EQ(rd(&w, HPET_TIMER_COMPARATOR(0), at), 0x3800); /* 0xfffff800 + 4 * 0x1000, low 32 bits */
    CHECK_EQ(hpet_next_deadline_ns(&w, at), tick_time(0x800 + 4 * 0x1000));
    report("hpet_missed_periods");
}

static void test_hpet_disabled(void)
{
    struct hpet h;
    hpet_started(&h);
    wr(&h, HPET_TIMER_CONF(1), route(21), 0); /* Tn_INT_ENB_CNF clear */
    wr(&h, HPET_TIMER_COMPARATOR(1), 1000, 0);
    CHECK_EQ(hpet_next_deadline_ns(&h, 0), UINT64_MAX);
    CHECK_EQ(hpet_expire(&h, SEC), 0);
    /* enabled later: the 64-bit counter is past the comparator, due at once */
    wr(&h, HPET_TIMER_CONF(1), HPET_TN_INT_ENB_CNF | route(21), SEC);
    CHECK_EQ(hpet_next_deadline_ns(&h, SEC), SEC);
    /* counter halted: nothing is due */
    wr(&h, HPET_GEN_CONF, 0, SEC);
    CHECK_EQ(hpet_next_deadline_ns(&h, SEC), UINT64_MAX);
    CHECK_EQ(hpet_expire(&h, 2 * SEC), 0);
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF, 3 * SEC);
    CHECK_EQ(hpet_expire(&h, 3 * SEC), 1u << 21);
    /* a periodic timer, disabled after it started, stops */
    wr(&h, HPET_TIMER_CONF(0), HPET_TN_INT_ENB_CNF | HPET_TN_TYPE_CNF | HPET_TN_VAL_SET_CNF | route(20), 3 * SEC);
    wr(&h, HPET_TIMER_COMPARATOR(0), rd(&h, HPET_MAIN_COUNTER, 3 * SEC) + FREQ, 3 * SEC);
    CHECK_EQ(hpet_next_deadline_ns(&h, 3 * SEC), 4 * SEC);
    wr(&h, HPET_TIMER_CONF(0), HPET_TN_TYPE_CNF | route(20), 3 * SEC);
    CHECK_EQ(hpet_next_deadline_ns(&h, 3 * SEC), UINT64_MAX);
    CHECK_EQ(hpet_expire(&h, 10 * SEC), 0);
    report("hpet_disabled");
}

static void test_hpet_level_status(void)
{
    struct hpet h;
    hpet_started(&h);
    wr(&h, HPET_TIMER_CONF(2), HPET_TN_INT_ENB_CNF | HPET_TN_INT_TYPE_CNF | route(23), 0);
    wr(&h, HPET_TIMER_CONF(1), HPET_TN_INT_ENB_CNF | route(22), 0); /* edge */
    wr(&h, HPET_TIMER_COMPARATOR(2), 1000, 0);
    wr(&h, HPET_TIMER_COMPARATOR(1), 1000, 0);
    CHECK_EQ(rd(&h, HPET_GINTR_STA, 0), 0);
    CHECK_EQ(hpet_expire(&h, tick_time(1000)), (1u << 23) | (1u << 22));
    CHECK_EQ(rd(&h, HPET_GINTR_STA, 0), 1u << 2); /* Tn_INT_STS of the level timer only */
    CHECK_EQ(hpet_level_pins(&h), 1u << 23);
    /* writing 0 leaves it, writing 1 clears it */
    wr(&h, HPET_GINTR_STA, 0, 0);
    wr(&h, HPET_GINTR_STA, 1u << 1, 0);
    CHECK_EQ(rd(&h, HPET_GINTR_STA, 0), 1u << 2);
    hpet_write(&h, HPET_GINTR_STA, 4, 1u << 2, 0);
    CHECK_EQ(rd(&h, HPET_GINTR_STA, 0), 0);
    CHECK_EQ(hpet_level_pins(&h), 0);
    /* the status register is not writable otherwise */
    wr(&h, HPET_GINTR_STA, ~(uint64_t)0, 0);
    CHECK_EQ(rd(&h, HPET_GINTR_STA, 0), 0);
    report("hpet_level_status");
}

static void test_hpet_32bit_mode(void)
{
    struct hpet h;
    hpet_init(&h);
    wr(&h, HPET_MAIN_COUNTER, 0x2fffffff0ull, 0);
    wr(&h, HPET_GEN_CONF, HPET_ENABLE_CNF, 0);
    wr(&h, HPET_TIMER_CONF(1), HPET_TN_INT_ENB_CNF | HPET_TN_32MODE_CNF | route(21), 0);
    wr(&h, HPET_TIMER_COMPARATOR(1), 0x700000010ull, 0);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(1), 0), 0x10); /* upper half dropped */
    /* the low half of the counter reaches 0x10 after it wraps: 0x20 ticks */
    CHECK_EQ(hpet_next_deadline_ns(&h, 0), tick_time(0x20));
    CHECK_EQ(hpet_expire(&h, tick_time(0x20) - 1), 0);
    CHECK_EQ(hpet_expire(&h, tick_time(0x20)), 1u << 21);
    /* its upper half is not there: a write to it neither sets nor arms */
    hpet_write(&h, HPET_TIMER_COMPARATOR(1) + 4, 4, 5, tick_time(0x20));
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(1), tick_time(0x20)), 0x10);
    CHECK_EQ(hpet_next_deadline_ns(&h, tick_time(0x20)), UINT64_MAX);
    /* a comparator just behind the low half waits for the next wrap, as on
     * hardware (the 64-bit mode would fire at once) */
    uint64_t now = tick_time(0x30);
    wr(&h, HPET_TIMER_COMPARATOR(1), 0x10, now);
    CHECK_EQ(hpet_next_deadline_ns(&h, now), tick_time(0x20 + 0x100000000ull));
    CHECK_EQ(hpet_expire(&h, now), 0);
    /* switching a timer to 32-bit mode truncates its comparator */
    wr(&h, HPET_TIMER_COMPARATOR(2), 0x123456789ull, now);
    wr(&h, HPET_TIMER_CONF(2), HPET_TN_32MODE_CNF, now);
    CHECK_EQ(rd(&h, HPET_TIMER_COMPARATOR(2), now), 0x23456789);
    report("hpet_32bit_mode");
}

static void test_hpet_deterministic(void)
{
    /* the same calls at the same times give the same state */
    struct hpet a, b;
    for (int k = 0; k < 2; k++) {
        struct hpet *h = k ? &b : &a;
        hpet_started(h);
        wr(h, HPET_TIMER_CONF(0), HPET_TN_INT_ENB_CNF | HPET_TN_TYPE_CNF | HPET_TN_VAL_SET_CNF | route(20), 10);
        wr(h, HPET_TIMER_COMPARATOR(0), 777, 10);
        hpet_expire(h, 123456789);
    }
    CHECK(memcmp(&a, &b, sizeof(a)) == 0);
    CHECK_EQ(hpet_next_deadline_ns(&a, 123456789), hpet_next_deadline_ns(&b, 123456789));
    report("hpet_deterministic");
}

/* ---- ACPI ---------------------------------------------------------------- */

#define TABLE_PADDR 0xe0000ull

static uint32_t get16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static uint8_t byte_sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s += *p++;
    return s;
}

/* The table at physical address paddr inside the built area, checked:
 * inside it, aligned, its signature, a valid header and checksum. */
static const uint8_t *table_at(const uint8_t *mem, size_t used, uint64_t paddr, const char *signature)
{
    if (paddr < TABLE_PADDR || paddr - TABLE_PADDR + 36 > used) {
        printf("  table %s at 0x%llx outside the tables\n", signature, (unsigned long long)paddr);
        current_failed = 1;
        return NULL;
    }
    const uint8_t *t = mem + (paddr - TABLE_PADDR);
    uint32_t length = get32(t + 4);
    CHECK(memcmp(t, signature, 4) == 0);
    CHECK_EQ(paddr % 16, 0);
    CHECK(length >= 36 && paddr - TABLE_PADDR + length <= used);
    if (length < 36 || paddr - TABLE_PADDR + length > used)
        return NULL;
    CHECK_EQ(byte_sum(t, length), 0);
    CHECK(memcmp(t + 10, "SEL4EM", 6) == 0);
    CHECK(memcmp(t + 16, "SEL4EMU ", 8) == 0);
    CHECK_EQ(get32(t + 24), 1);
    CHECK(memcmp(t + 28, "SEL4", 4) == 0);
    CHECK_EQ(get32(t + 32), 1);
    return t;
}

static void test_acpi_tables(void)
{
    static uint8_t mem[4096];
    memset(mem, 0xaa, sizeof(mem));
    struct acpi_layout l;
    acpi_layout_pc99(&l);
    uint64_t rsdp_paddr = 0;
    size_t used = 0;
    CHECK_EQ(acpi_build(mem, sizeof(mem), TABLE_PADDR, &l, &rsdp_paddr, &used), 0);
    CHECK_EQ(rsdp_paddr, TABLE_PADDR);
    CHECK(used > 36 && used <= sizeof(mem));
    for (size_t i = used; i < sizeof(mem); i++) {
        if (mem[i] != 0xaa) {
            CHECK(!"acpi_build wrote past *used");
            break;
        }
    }

    /* RSDP (ACPI 6.3, 5.2.5.3) */
    const uint8_t *r = mem + (rsdp_paddr - TABLE_PADDR);
    CHECK(memcmp(r, "RSD PTR ", 8) == 0);
    CHECK_EQ(byte_sum(r, 20), 0);
    CHECK_EQ(byte_sum(r, 36), 0);
    CHECK(memcmp(r + 9, "SEL4EM", 6) == 0);
    CHECK_EQ(r[15], 2);
    CHECK_EQ(get32(r + 20), 36);
    CHECK_EQ(r[33] | r[34] | r[35], 0);

    /* RSDT and XSDT list the same two tables */
    const uint8_t *rsdt = table_at(mem, used, get32(r + 16), "RSDT");
    const uint8_t *xsdt = table_at(mem, used, get64(r + 24), "XSDT");
    const uint8_t *madt = NULL, *hpet = NULL;
    if (rsdt && xsdt) {
        CHECK_EQ(rsdt[8], 1);
        CHECK_EQ(xsdt[8], 1);
        CHECK_EQ(get32(rsdt + 4), 36 + 2 * 4);
        CHECK_EQ(get32(xsdt + 4), 36 + 2 * 8);
        for (unsigned i = 0; i < 2; i++)
            CHECK_EQ(get32(rsdt + 36 + 4 * i), get64(xsdt + 36 + 8 * i));
        madt = table_at(mem, used, get64(xsdt + 36), "APIC");
        hpet = table_at(mem, used, get64(xsdt + 44), "HPET");
        CHECK(table_at(mem, used, get32(rsdt + 36), "APIC") == madt);
        CHECK(table_at(mem, used, get32(rsdt + 40), "HPET") == hpet);
    }

    /* MADT (5.2.12): parsed back entry by entry */
    if (madt) {
        uint32_t length = get32(madt + 4);
        CHECK_EQ(madt[8], 5);
        CHECK_EQ(get32(madt + 36), 0xfee00000);
        CHECK_EQ(get32(madt + 40), 1); /* PCAT_COMPAT */
        const uint8_t *e = madt + 44, *end = madt + length;
        unsigned count = 0;
        while (e + 2 <= end && e[1] >= 2 && e + e[1] <= end) {
            switch (count) {
            case 0: /* Processor Local APIC */
                CHECK_EQ(e[0], 0);
                CHECK_EQ(e[1], 8);
                CHECK_EQ(e[2], 0); /* ACPI processor UID */
                CHECK_EQ(e[3], 0); /* APIC ID */
                CHECK_EQ(get32(e + 4), 1); /* enabled */
                break;
            case 1: /* I/O APIC */
                CHECK_EQ(e[0], 1);
                CHECK_EQ(e[1], 12);
                CHECK_EQ(e[2], 0);
                CHECK_EQ(e[3], 0);
                CHECK_EQ(get32(e + 4), 0xfec00000);
                CHECK_EQ(get32(e + 8), 0);
                break;
            case 2: /* Interrupt Source Override: ISA IRQ 0 is GSI 2 */
                CHECK_EQ(e[0], 2);
                CHECK_EQ(e[1], 10);
                CHECK_EQ(e[2], 0);
                CHECK_EQ(e[3], 0);
                CHECK_EQ(get32(e + 4), 2);
                CHECK_EQ(get16(e + 8), 0);
                break;
            }
            count++;
            e += e[1];
        }
        CHECK_EQ(count, 3);
        CHECK(e == end);
    }

    /* HPET table (HPET spec 3.2.4) */
    if (hpet) {
        CHECK_EQ(get32(hpet + 4), 56);
        CHECK_EQ(hpet[8], 1);
        CHECK_EQ(get32(hpet + 36), 0x8086a201);
        struct hpet h;
        hpet_init(&h);
        CHECK_EQ(get32(hpet + 36), (uint32_t)hpet_read(&h, HPET_GCAP_ID, 8, 0));
        CHECK_EQ(hpet[40], 0);  /* system memory */
        CHECK_EQ(hpet[41], 64); /* register bit width */
        CHECK_EQ(hpet[42], 0);
        CHECK_EQ(get64(hpet + 44), 0xfed00000);
        CHECK_EQ(hpet[52], 0);
        CHECK_EQ(get16(hpet + 53), 0x80);
        CHECK_EQ(hpet[55], 0);
    }
    report("acpi_tables");
}

static void test_acpi_placement(void)
{
    static uint8_t mem[4096];
    struct acpi_layout l;
    acpi_layout_pc99(&l);
    uint64_t rsdp = 0;
    size_t used = 0, need;
    CHECK_EQ(acpi_build(mem, sizeof(mem), TABLE_PADDR, &l, &rsdp, &used), 0);
    need = used;
    /* exactly enough, one byte short, nothing */
    CHECK_EQ(acpi_build(mem, need, TABLE_PADDR, &l, &rsdp, &used), 0);
    CHECK_EQ(used, need);
    rsdp = 1;
    used = 1;
    CHECK_EQ(acpi_build(mem, need - 1, TABLE_PADDR, &l, &rsdp, &used), -1);
    CHECK_EQ(acpi_build(mem, 36, TABLE_PADDR, &l, &rsdp, &used), -1);
    CHECK_EQ(acpi_build(mem, 0, TABLE_PADDR, &l, &rsdp, &used), -1);
    CHECK_EQ(rsdp, 1); /* untouched on failure */
    CHECK_EQ(used, 1);
    /* the RSDT holds 32-bit addresses; tables are 16-byte aligned */
    CHECK_EQ(acpi_build(mem, sizeof(mem), 0x100000000ull, &l, &rsdp, &used), -1);
    CHECK_EQ(acpi_build(mem, sizeof(mem), 0x100000000ull - 0x40, &l, &rsdp, &used), -1);
    CHECK_EQ(acpi_build(mem, sizeof(mem), TABLE_PADDR + 8, &l, &rsdp, &used), -1);
    /* just below 4 GiB works, and the addresses follow mem_paddr */
    uint64_t top = (0x100000000ull - need) & ~0xfull;
    CHECK_EQ(acpi_build(mem, sizeof(mem), top, &l, &rsdp, &used), 0);
    CHECK_EQ(rsdp, top);
    CHECK_EQ(get64(mem + 24) - get32(mem + 16), 48); /* XSDT right after the RSDT's 44 bytes */
    CHECK(get32(mem + 16) > top && get32(mem + 16) - top < need);
    CHECK_EQ(byte_sum(mem, 20), 0);
    CHECK_EQ(byte_sum(mem, 36), 0);
    report("acpi_placement");
}

/* ---- MMIO decoding -------------------------------------------------------- */

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

struct decode_case {
    const char *text;
    uint8_t code[15];
    unsigned length;
    bool write;
    unsigned size;
    bool src_imm;
    uint64_t imm;
    unsigned reg;
    bool high_byte;
    unsigned reg_size;
    bool sign_extend;
};

#define LOAD(sz, r, rs) .size = sz, .reg = r, .reg_size = rs
#define STORE(sz, r) .write = true, .size = sz, .reg = r, .reg_size = sz
#define STORE_IMM(sz, v) .write = true, .size = sz, .src_imm = true, .imm = v

static const struct decode_case decode_cases[] = {
    /* loads of every width */
    { "mov 0xf0(%rdi),%rax", { 0x48, 0x8b, 0x87, 0xf0, 0, 0, 0 }, 7, LOAD(8, RAX, 8) },
    { "mov 0xf0(%rdi),%eax", { 0x8b, 0x87, 0xf0, 0, 0, 0 }, 6, LOAD(4, RAX, 4) },
    { "mov 0xf0(%rdi),%ax", { 0x66, 0x8b, 0x87, 0xf0, 0, 0, 0 }, 7, LOAD(2, RAX, 2) },
    { "mov 0xf0(%rdi),%al", { 0x8a, 0x87, 0xf0, 0, 0, 0 }, 6, LOAD(1, RAX, 1) },
    /* the accumulator to or from an absolute address (moffs, no ModRM) */
    { "movabs 0x310000100004,%eax", { 0xa1, 0x04, 0, 0x10, 0, 0, 0x31, 0, 0 }, 9, LOAD(4, RAX, 4) },
    { "movabs 0xfed00000,%al", { 0xa0, 0, 0, 0xd0, 0xfe, 0, 0, 0, 0 }, 9, LOAD(1, RAX, 1) },
    { "movabs %rax,0xfed000f0", { 0x48, 0xa3, 0xf0, 0, 0xd0, 0xfe, 0, 0, 0, 0 }, 10, .write = true, .size = 8,
      .reg = RAX, .reg_size = 8 },
    { "addr32 mov 0x1000,%eax (a1 with 0x67)", { 0x67, 0xa1, 0, 0x10, 0, 0 }, 6, LOAD(4, RAX, 4) },
    /* byte registers 4-7: ah..bh without REX, spl..dil with it */
    { "mov (%rdi),%ah", { 0x8a, 0x27 }, 2, LOAD(1, RAX, 1), .high_byte = true },
    { "mov (%rsi),%bh", { 0x8a, 0x3e }, 2, LOAD(1, RBX, 1), .high_byte = true },
    { "mov (%rdi),%spl", { 0x40, 0x8a, 0x27 }, 3, LOAD(1, RSP, 1) },
    { "mov (%rdi),%bpl", { 0x40, 0x8a, 0x2f }, 3, LOAD(1, RBP, 1) },
    { "mov (%rdi),%dil", { 0x40, 0x8a, 0x3f }, 3, LOAD(1, RDI, 1) },
    /* REX.R: r8-r15 */
    { "mov (%rdi),%r8", { 0x4c, 0x8b, 0x07 }, 3, LOAD(8, R8, 8) },
    { "mov 0x10(%r9),%r15d", { 0x45, 0x8b, 0x79, 0x10 }, 4, LOAD(4, R15, 4) },
    { "mov (%r12),%r10w", { 0x66, 0x45, 0x8b, 0x14, 0x24 }, 5, LOAD(2, R10, 2) },
    { "mov 0x0(%r13),%r11b", { 0x45, 0x8a, 0x5d, 0x00 }, 4, LOAD(1, R11, 1) },
    /* stores of every width */
    { "mov %rax,0xf0(%rdi)", { 0x48, 0x89, 0x87, 0xf0, 0, 0, 0 }, 7, STORE(8, RAX) },
    { "mov %ecx,(%rdi)", { 0x89, 0x0f }, 2, STORE(4, RCX) },
    { "mov %dx,(%rdi)", { 0x66, 0x89, 0x17 }, 3, STORE(2, RDX) },
    { "mov %bl,(%rdi)", { 0x88, 0x1f }, 2, STORE(1, RBX) },
    { "mov %ch,(%rdi)", { 0x88, 0x2f }, 2, STORE(1, RCX), .high_byte = true },
    { "mov %dh,(%rdi)", { 0x88, 0x37 }, 2, STORE(1, RDX), .high_byte = true },
    { "mov %bh,0x10(%rax)", { 0x88, 0x78, 0x10 }, 3, STORE(1, RBX), .high_byte = true },
    { "mov %sil,(%rdi)", { 0x40, 0x88, 0x37 }, 3, STORE(1, RSI) },
    { "mov %r9,(%rdi)", { 0x4c, 0x89, 0x0f }, 3, STORE(8, R9) },
    { "mov %r14d,0x100(%rbx)", { 0x44, 0x89, 0xb3, 0x00, 0x01, 0, 0 }, 7, STORE(4, R14) },
    /* SIB, displacements, REX.B and REX.X (they change nothing but the address) */
    { "mov 0x10(%rax,%rcx,8),%rdx", { 0x48, 0x8b, 0x54, 0xc8, 0x10 }, 5, LOAD(8, RDX, 8) },
    { "mov 0x12345678(%rax,%rcx,8),%rdx", { 0x48, 0x8b, 0x94, 0xc8, 0x78, 0x56, 0x34, 0x12 }, 8, LOAD(8, RDX, 8) },
    { "mov 0x1000(,%rcx,4),%eax", { 0x8b, 0x04, 0x8d, 0x00, 0x10, 0, 0 }, 7, LOAD(4, RAX, 4) },
    { "mov (%rsp),%eax", { 0x8b, 0x04, 0x24 }, 3, LOAD(4, RAX, 4) },
    { "mov 0x8(%rsp),%rax", { 0x48, 0x8b, 0x44, 0x24, 0x08 }, 5, LOAD(8, RAX, 8) },
    { "mov 0x10(%rbp),%eax", { 0x8b, 0x45, 0x10 }, 3, LOAD(4, RAX, 4) },
    { "mov (%r12,%r9,1),%eax", { 0x43, 0x8b, 0x04, 0x0c }, 4, LOAD(4, RAX, 4) },
    { "mov 0x8(%r13),%eax", { 0x41, 0x8b, 0x45, 0x08 }, 4, LOAD(4, RAX, 4) },
    { "mov (%r12),%eax", { 0x41, 0x8b, 0x04, 0x24 }, 4, LOAD(4, RAX, 4) },
    { "mov 0x11223344(%r13,%r14,2),%r8d", { 0x47, 0x8b, 0x84, 0x75, 0x44, 0x33, 0x22, 0x11 }, 8, LOAD(4, R8, 4) },
    /* RIP-relative */
    { "mov 0x11223344(%rip),%rax", { 0x48, 0x8b, 0x05, 0x44, 0x33, 0x22, 0x11 }, 7, LOAD(8, RAX, 8) },
    { "mov %eax,0x11223344(%rip)", { 0x89, 0x05, 0x44, 0x33, 0x22, 0x11 }, 6, STORE(4, RAX) },
    /* movzx, movsx, movsxd */
    { "movzbl (%rdi),%eax", { 0x0f, 0xb6, 0x07 }, 3, LOAD(1, RAX, 4) },
    { "movzwl (%rdi),%eax", { 0x0f, 0xb7, 0x07 }, 3, LOAD(2, RAX, 4) },
    { "movzbq (%rdi),%r8", { 0x4c, 0x0f, 0xb6, 0x07 }, 4, LOAD(1, R8, 8) },
    { "movzwq 0x8(%rdi),%rax", { 0x48, 0x0f, 0xb7, 0x47, 0x08 }, 5, LOAD(2, RAX, 8) },
    { "movzbw (%rdi),%ax", { 0x66, 0x0f, 0xb6, 0x07 }, 4, LOAD(1, RAX, 2) },
    { "movzbl (%rdi),%r15d", { 0x44, 0x0f, 0xb6, 0x3f }, 4, LOAD(1, R15, 4) },
    { "movsbl (%rdi),%eax", { 0x0f, 0xbe, 0x07 }, 3, LOAD(1, RAX, 4), .sign_extend = true },
    { "movswl (%rdi),%eax", { 0x0f, 0xbf, 0x07 }, 3, LOAD(2, RAX, 4), .sign_extend = true },
    { "movsbq (%rdi),%rax", { 0x48, 0x0f, 0xbe, 0x07 }, 4, LOAD(1, RAX, 8), .sign_extend = true },
    { "movswq (%rdi),%r12", { 0x4c, 0x0f, 0xbf, 0x27 }, 4, LOAD(2, R12, 8), .sign_extend = true },
    { "movsbw (%rdi),%ax", { 0x66, 0x0f, 0xbe, 0x07 }, 4, LOAD(1, RAX, 2), .sign_extend = true },
    { "movswl (%r8),%ebx", { 0x41, 0x0f, 0xbf, 0x18 }, 4, LOAD(2, RBX, 4), .sign_extend = true },
    { "movslq (%rdi),%rax", { 0x48, 0x63, 0x07 }, 3, LOAD(4, RAX, 8), .sign_extend = true },
    { "movslq 0x20(%rdi),%r9", { 0x4c, 0x63, 0x4f, 0x20 }, 4, LOAD(4, R9, 8), .sign_extend = true },
    /* immediates */
    { "movb $0x80,(%rdi)", { 0xc6, 0x07, 0x80 }, 3, STORE_IMM(1, 0x80) },
    { "movw $0x8001,(%rdi)", { 0x66, 0xc7, 0x07, 0x01, 0x80 }, 5, STORE_IMM(2, 0x8001) },
    { "movw $0xffff,(%rdi)", { 0x66, 0xc7, 0x07, 0xff, 0xff }, 5, STORE_IMM(2, 0xffff) },
    { "movl $0xdeadbeef,(%rdi)", { 0xc7, 0x07, 0xef, 0xbe, 0xad, 0xde }, 6, STORE_IMM(4, 0xdeadbeef) },
    { "movq $-2,(%rdi)", { 0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff }, 7, STORE_IMM(8, 0xfffffffffffffffeull) },
    { "movq $0x7fffffff,0x10(%rdi)", { 0x48, 0xc7, 0x47, 0x10, 0xff, 0xff, 0xff, 0x7f }, 8,
      STORE_IMM(8, 0x7fffffff) },
    { "movq $0xffffffff80000000,(%rdi)", { 0x48, 0xc7, 0x07, 0x00, 0x00, 0x00, 0x80 }, 7,
      STORE_IMM(8, 0xffffffff80000000ull) },
    { "movl $0x5,0x11223344(%rip)", { 0xc7, 0x05, 0x44, 0x33, 0x22, 0x11, 0x05, 0, 0, 0 }, 10, STORE_IMM(4, 5) },
    { "movb $0xff,0x11223344(%rip)", { 0xc6, 0x05, 0x44, 0x33, 0x22, 0x11, 0xff }, 7, STORE_IMM(1, 0xff) },
    { "movb $0x7,(%rax,%rbx,1)", { 0xc6, 0x04, 0x18, 0x07 }, 4, STORE_IMM(1, 7) },
    /* prefixes to skip */
    { "mov %fs:0x10,%rax", { 0x64, 0x48, 0x8b, 0x04, 0x25, 0x10, 0, 0, 0 }, 9, LOAD(8, RAX, 8) },
    { "mov (%edi),%eax", { 0x67, 0x8b, 0x07 }, 3, LOAD(4, RAX, 4) },
    { "mov %gs:(%rdi),%eax", { 0x65, 0x8b, 0x07 }, 3, LOAD(4, RAX, 4) },
    /* hand-made: REX.W wins over 0x66; a REX before another prefix is ignored */
    { "66 48 8b 07: mov (%rdi),%rax", { 0x66, 0x48, 0x8b, 0x07 }, 4, LOAD(8, RAX, 8) },
    { "48 66 8b 07: mov (%rdi),%ax", { 0x48, 0x66, 0x8b, 0x07 }, 4, LOAD(2, RAX, 2) },
    { "4c 3e 8a 27: mov %ds:(%rdi),%ah", { 0x4c, 0x3e, 0x8a, 0x27 }, 4, LOAD(1, RAX, 1), .high_byte = true },
    /* hand-made: 13 segment prefixes, 15 bytes in all */
    { "13 x ds, mov (%rdi),%eax",
      { 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x8b, 0x07 }, 15,
      LOAD(4, RAX, 4) },
};

static bool same_decoding(const struct mmio_insn *d, const struct decode_case *c)
{
    bool ok = d->length == c->length && d->write == c->write && d->size == c->size && d->src_imm == c->src_imm;
    if (c->src_imm)
        return ok && d->imm == c->imm;
    return ok && d->reg == c->reg && d->high_byte == c->high_byte && d->reg_size == c->reg_size &&
           (c->write || d->sign_extend == c->sign_extend);
}

static void test_mmio_decode_table(void)
{
    for (size_t k = 0; k < sizeof(decode_cases) / sizeof(decode_cases[0]); k++) {
        const struct decode_case *c = &decode_cases[k];
        /* followed by other bytes, which must not count */
        uint8_t code[32];
        memset(code, 0x90, sizeof(code));
        memcpy(code, c->code, c->length);
        struct mmio_insn d;
        memset(&d, 0, sizeof(d));
        int rc = mmio_decode(code, sizeof(code), &d);
        if (rc != 0 || !same_decoding(&d, c)) {
            printf("  %s: rc %d length %u write %d size %u imm %d/0x%llx reg %u high %d reg_size %u sign %d\n",
                   c->text, rc, d.length, d.write, d.size, d.src_imm, (unsigned long long)d.imm, d.reg,
                   d.high_byte, d.reg_size, d.sign_extend);
            current_failed = 1;
        }
        /* exactly its bytes are enough; one fewer is not */
        CHECK_EQ(mmio_decode(c->code, c->length, &d), 0);
        for (unsigned n = 0; n < c->length; n++) {
            if (mmio_decode(c->code, n, &d) != -1) {
                printf("  %s: decoded from only %u bytes\n", c->text, n);
                current_failed = 1;
            }
        }
    }
    report("mmio_decode_table");
}

static void test_mmio_reject(void)
{
    static const struct {
        const char *text;
        uint8_t code[16];
        unsigned n;
    } bad[] = {
        { "add %eax,(%rdi)", { 0x01, 0x07 }, 2 },
        { "lock addl $0x1,(%rdi)", { 0xf0, 0x83, 0x07, 0x01 }, 4 },
        { "lock mov %eax,(%rdi) (hand-made)", { 0xf0, 0x89, 0x07 }, 3 },
        { "rep mov %eax,(%rdi) (hand-made)", { 0xf3, 0x89, 0x07 }, 3 },
        { "repne mov (%rdi),%eax (hand-made)", { 0xf2, 0x8b, 0x07 }, 3 },
        { "mov %eax,%ebx", { 0x89, 0xc3 }, 2 },
        { "mov %ebx,%eax (8b, mod 3)", { 0x8b, 0xc3 }, 2 },
        { "mov $0x1,%eax (c7, mod 3)", { 0xc7, 0xc0, 0x01, 0, 0, 0 }, 6 },
        { "movzbl %al,%eax", { 0x0f, 0xb6, 0xc0 }, 3 },
        { "rep movsb", { 0xf3, 0xa4 }, 2 },
        { "movabs 0x1122334455667788,%rax cut short", { 0x48, 0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22 }, 9 },
        { "mov %es,(%rdi)", { 0x8c, 0x07 }, 2 },
        { "xchg %eax,(%rdi)", { 0x87, 0x07 }, 2 },
        { "movnti %eax,(%rdi)", { 0x0f, 0xc3, 0x07 }, 3 },
        { "movsxd without REX.W (hand-made)", { 0x63, 0x07 }, 2 },
        { "c7 /1 (hand-made)", { 0xc7, 0x0f, 0, 0, 0, 0 }, 6 },
        { "c6 /7 (hand-made)", { 0xc6, 0x3f, 0 }, 3 },
        { "ud2", { 0x0f, 0x0b }, 2 },
        { "nop", { 0x90 }, 1 },
        { "REX alone", { 0x48 }, 1 },
        { "14 x ds, mov (%rdi),%eax: 16 bytes",
          { 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x8b, 0x07 }, 16 },
        { "nothing", { 0 }, 0 },
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        struct mmio_insn d;
        if (mmio_decode(bad[k].code, bad[k].n, &d) != -1) {
            printf("  %s: accepted\n", bad[k].text);
            current_failed = 1;
        }
    }
    report("mmio_reject");
}

static struct mmio_insn decoded(const uint8_t *code, size_t n)
{
    struct mmio_insn d;
    memset(&d, 0, sizeof(d));
    if (mmio_decode(code, n, &d) != 0) {
        printf("  decoding failed\n");
        current_failed = 1;
    }
    return d;
}

#define DECODE(...) decoded((const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void fill(uint64_t gpr[16])
{
    for (unsigned r = 0; r < 16; r++)
        gpr[r] = (0x1111111111111111ull * (r + 1)) ^ 0x8070605040302010ull;
}

static void test_mmio_load(void)
{
    uint64_t g[16], orig[16];
    fill(orig);
    struct mmio_insn d;

#define LOAD_CHECK(insn, value, reg, expect)                                                         \
    do {                                                                                             \
        memcpy(g, orig, sizeof(g));                                                                  \
        mmio_complete_load(&(insn), g, value);                                                       \
        CHECK_EQ(g[reg], expect);                                                                    \
        for (unsigned r_ = 0; r_ < 16; r_++)                                                         \
            CHECK(r_ == (reg) || g[r_] == orig[r_]);                                                 \
    } while (0)

    d = DECODE(0x48, 0x8b, 0x87, 0xf0, 0, 0, 0); /* mov 0xf0(%rdi),%rax */
    LOAD_CHECK(d, 0xfedcba9876543210ull, RAX, 0xfedcba9876543210ull);
    d = DECODE(0x8b, 0x87, 0xf0, 0, 0, 0); /* mov 0xf0(%rdi),%eax: clears 63:32 */
    LOAD_CHECK(d, 0xfedcba9876543210ull, RAX, 0x76543210);
    d = DECODE(0x66, 0x8b, 0x87, 0xf0, 0, 0, 0); /* %ax: keeps 63:16 */
    LOAD_CHECK(d, 0xabcd, RAX, (orig[RAX] & ~0xffffull) | 0xabcd);
    d = DECODE(0x8a, 0x87, 0xf0, 0, 0, 0); /* %al: keeps 63:8 */
    LOAD_CHECK(d, 0x1ef, RAX, (orig[RAX] & ~0xffull) | 0xef);
    d = DECODE(0x8a, 0x27); /* %ah: bits 15:8 of rax */
    LOAD_CHECK(d, 0xef, RAX, (orig[RAX] & ~0xff00ull) | 0xef00);
    d = DECODE(0x8a, 0x3e); /* %bh */
    LOAD_CHECK(d, 0x5a, RBX, (orig[RBX] & ~0xff00ull) | 0x5a00);
    d = DECODE(0x40, 0x8a, 0x27); /* %spl: low byte of rsp */
    LOAD_CHECK(d, 0x5a, RSP, (orig[RSP] & ~0xffull) | 0x5a);
    d = DECODE(0x45, 0x8a, 0x5d, 0x00); /* %r11b */
    LOAD_CHECK(d, 0x77, R11, (orig[R11] & ~0xffull) | 0x77);
    d = DECODE(0x45, 0x8b, 0x79, 0x10); /* %r15d */
    LOAD_CHECK(d, 0x80000000, R15, 0x80000000);
    d = DECODE(0x66, 0x45, 0x8b, 0x14, 0x24); /* %r10w */
    LOAD_CHECK(d, 0x8765, R10, (orig[R10] & ~0xffffull) | 0x8765);
    d = DECODE(0x0f, 0xb6, 0x07); /* movzbl */
    LOAD_CHECK(d, 0xff80, RAX, 0x80);
    d = DECODE(0x66, 0x0f, 0xb6, 0x07); /* movzbw: 16-bit destination keeps 63:16 */
    LOAD_CHECK(d, 0x80, RAX, (orig[RAX] & ~0xffffull) | 0x80);
    d = DECODE(0x48, 0x0f, 0xb7, 0x47, 0x08); /* movzwq */
    LOAD_CHECK(d, 0xffff8001, RAX, 0x8001);
    d = DECODE(0x0f, 0xbe, 0x07); /* movsbl */
    LOAD_CHECK(d, 0x80, RAX, 0xffffff80);
    d = DECODE(0x0f, 0xbe, 0x07);
    LOAD_CHECK(d, 0x7f, RAX, 0x7f);
    d = DECODE(0x48, 0x0f, 0xbe, 0x07); /* movsbq */
    LOAD_CHECK(d, 0x80, RAX, 0xffffffffffffff80ull);
    d = DECODE(0x66, 0x0f, 0xbe, 0x07); /* movsbw */
    LOAD_CHECK(d, 0xfe, RAX, (orig[RAX] & ~0xffffull) | 0xfffe);
    d = DECODE(0x4c, 0x0f, 0xbf, 0x27); /* movswq %r12 */
    LOAD_CHECK(d, 0x8000, R12, 0xffffffffffff8000ull);
    d = DECODE(0x0f, 0xbf, 0x07); /* movswl */
    LOAD_CHECK(d, 0x12348000, RAX, 0xffff8000);
    d = DECODE(0x48, 0x63, 0x07); /* movslq */
    LOAD_CHECK(d, 0x80000000, RAX, 0xffffffff80000000ull);
    d = DECODE(0x4c, 0x63, 0x4f, 0x20);
    LOAD_CHECK(d, 0x7fffffff, R9, 0x7fffffff);
#undef LOAD_CHECK
    report("mmio_load");
}

static void test_mmio_store(void)
{
    uint64_t g[16];
    fill(g);
    g[RAX] = 0x1122334455667788ull;
    g[RCX] = 0xaabbccddeeff0011ull;
    g[RDX] = 0x0123456789abcdefull;
    g[RSI] = 0x99;
    g[R9] = 0xfedcba9876543210ull;
    g[R14] = 0xcafebabedeadbeefull;
    uint64_t before[16];
    memcpy(before, g, sizeof(g));
    struct mmio_insn d;

    d = DECODE(0x48, 0x89, 0x87, 0xf0, 0, 0, 0); /* %rax */
    CHECK_EQ(mmio_store_value(&d, g), 0x1122334455667788ull);
    d = DECODE(0x89, 0x0f); /* %ecx */
    CHECK_EQ(mmio_store_value(&d, g), 0xeeff0011);
    d = DECODE(0x66, 0x89, 0x17); /* %dx */
    CHECK_EQ(mmio_store_value(&d, g), 0xcdef);
    d = DECODE(0x88, 0x2f); /* %ch */
    CHECK_EQ(mmio_store_value(&d, g), 0x00);
    d = DECODE(0x88, 0x37); /* %dh */
    CHECK_EQ(mmio_store_value(&d, g), 0xcd);
    d = DECODE(0x40, 0x88, 0x37); /* %sil, not %dh */
    CHECK_EQ(mmio_store_value(&d, g), 0x99);
    d = DECODE(0x4c, 0x89, 0x0f); /* %r9 */
    CHECK_EQ(mmio_store_value(&d, g), 0xfedcba9876543210ull);
    d = DECODE(0x44, 0x89, 0xb3, 0x00, 0x01, 0, 0); /* %r14d */
    CHECK_EQ(mmio_store_value(&d, g), 0xdeadbeef);
    d = DECODE(0xc6, 0x07, 0x80);
    CHECK_EQ(mmio_store_value(&d, g), 0x80);
    d = DECODE(0x66, 0xc7, 0x07, 0x01, 0x80);
    CHECK_EQ(mmio_store_value(&d, g), 0x8001);
    d = DECODE(0xc7, 0x07, 0xef, 0xbe, 0xad, 0xde);
    CHECK_EQ(mmio_store_value(&d, g), 0xdeadbeef);
    d = DECODE(0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff); /* sign-extended */
    CHECK_EQ(mmio_store_value(&d, g), 0xfffffffffffffffeull);
    d = DECODE(0x48, 0xc7, 0x47, 0x10, 0xff, 0xff, 0xff, 0x7f);
    CHECK_EQ(mmio_store_value(&d, g), 0x7fffffff);
    CHECK(memcmp(g, before, sizeof(g)) == 0); /* stores change no register */
    report("mmio_store");
}

/* ---- the 16550 UART ---- */

static void test_uart_registers(void)
{
    struct uart u;
    uint8_t out = 0;
    bool edge = false;
    uart_init(&u);
    uart_write(&u, 7, 0x5a, &out, &edge);
    CHECK_EQ(uart_read(&u, 7, &edge), 0x5a);
    CHECK_EQ(uart_read(&u, 5, &edge) & 0x61, 0x60); /* transmitter empty, no data */
    CHECK(uart_write(&u, 0, 'x', &out, &edge));
    CHECK_EQ(out, 'x');
    /* with DLAB set, offsets 0 and 1 are the divisor latch, and nothing is sent */
    uart_write(&u, 3, 0x80, &out, &edge);
    CHECK(!uart_write(&u, 0, 1, &out, &edge));
    uart_write(&u, 1, 2, &out, &edge);
    CHECK_EQ(uart_read(&u, 0, &edge), 1);
    CHECK_EQ(uart_read(&u, 1, &edge), 2);
    CHECK(!edge);
    report("uart_registers");
}

static void test_uart_receive_interrupt(void)
{
    struct uart u;
    uint8_t out;
    bool edge = false;
    uart_init(&u);
    uart_write(&u, 1, 0x01, &out, &edge); /* receive interrupt on */
    CHECK(!uart_receive(&u, (const uint8_t *)"ab", 2)); /* OUT2 off: the line stays low */
    CHECK(!uart_may_interrupt(&u));
    uart_write(&u, 4, 0x08, &out, &edge); /* OUT2 on: the pending data raises it now */
    CHECK(edge);
    CHECK(uart_may_interrupt(&u));
    CHECK_EQ(uart_read(&u, 2, &edge), 0x04); /* IIR: received data */
    CHECK_EQ(uart_read(&u, 5, &edge) & 1, 1);
    CHECK_EQ(uart_read(&u, 0, &edge), 'a');
    CHECK_EQ(uart_read(&u, 0, &edge), 'b');
    CHECK_EQ(uart_read(&u, 2, &edge), 0x01); /* nothing pending: the line fell */
    edge = false;
    CHECK(uart_receive(&u, (const uint8_t *)"c", 1)); /* a new edge */
    uart_write(&u, 2, 0x03, &out, &edge); /* FIFO on, receive FIFO cleared */
    CHECK_EQ(uart_read(&u, 5, &edge) & 1, 0);
    CHECK_EQ(uart_read(&u, 2, &edge), 0xc1);
    u.input_closed = true;
    CHECK(!uart_may_interrupt(&u));
    report("uart_receive_interrupt");
}

static void test_uart_thre_interrupt(void)
{
    struct uart u;
    uint8_t out;
    bool edge = false;
    uart_init(&u);
    uart_write(&u, 4, 0x08, &out, &edge);
    uart_write(&u, 1, 0x02, &out, &edge); /* enabling it with THR empty raises it */
    CHECK(edge);
    CHECK_EQ(uart_read(&u, 2, &edge), 0x02);
    CHECK_EQ(uart_read(&u, 2, &edge), 0x01); /* reading IIR cleared it */
    edge = false;
    uart_write(&u, 0, 'y', &out, &edge); /* each byte sent empties THR again */
    CHECK(edge);
    report("uart_thre_interrupt");
}

/* ---- the 8254 PIT ---- */

static void test_pit_one_shot(void)
{
    struct pit p;
    pit_init(&p);
    CHECK_EQ(pit_next_deadline(&p), UINT64_MAX);
    pit_write(&p, 0x43, 0x30, 1000); /* counter 0, lsb then msb, mode 0 */
    pit_write(&p, 0x40, 0x9c, 1000);
    CHECK_EQ(pit_next_deadline(&p), UINT64_MAX); /* half a count: not counting */
    pit_write(&p, 0x40, 0x2e, 1000);            /* 11932 counts: 10 ms */
    uint64_t due = pit_next_deadline(&p);
    CHECK(due >= 1000 + 9999000 && due <= 1000 + 10001000);
    CHECK(!pit_expire(&p, due - 1));
    CHECK(pit_expire(&p, due));
    CHECK(!pit_expire(&p, due + 100000000)); /* once per count written */
    CHECK_EQ(pit_next_deadline(&p), UINT64_MAX);
    report("pit_one_shot");
}

static void test_pit_periodic_and_latch(void)
{
    struct pit p;
    pit_init(&p);
    pit_write(&p, 0x43, 0x34, 0); /* mode 2 */
    pit_write(&p, 0x40, 0x00, 0);
    pit_write(&p, 0x40, 0x10, 0); /* 4096 counts */
    uint64_t period = pit_next_deadline(&p);
    CHECK(pit_expire(&p, period));
    CHECK(pit_next_deadline(&p) > period);
    /* three periods missed: one interrupt, and the next boundary after now */
    CHECK(pit_expire(&p, 4 * period + 10));
    CHECK(pit_next_deadline(&p) >= 4 * period + 10 && pit_next_deadline(&p) <= 5 * period + 1);
    /* latched count: 1000 counts in, 3096 are left */
    uint64_t at = (uint64_t)1000 * 1000000000u / PIT_HZ + 1;
    pit_write(&p, 0x43, 0x00, at);
    uint8_t lo = pit_read(&p, 0x40, at + 5000000), hi = pit_read(&p, 0x40, at + 5000000);
    CHECK_EQ(hi << 8 | lo, 3096);
    report("pit_periodic_and_latch");
}

int main(void)
{
    test_hpet_capabilities();
    test_hpet_counter_rate();
    test_hpet_counter_halt_resume();
    test_hpet_half_reads();
    test_hpet_one_shot_route();
    test_hpet_legacy_route();
    test_hpet_periodic();
    test_hpet_missed_periods();
    test_hpet_disabled();
    test_hpet_level_status();
    test_hpet_32bit_mode();
    test_hpet_deterministic();
    test_acpi_tables();
    test_acpi_placement();
    test_mmio_decode_table();
    test_mmio_reject();
    test_mmio_load();
    test_mmio_store();
    test_uart_registers();
    test_uart_receive_interrupt();
    test_uart_thre_interrupt();
    test_pit_one_shot();
    test_pit_periodic_and_latch();
    printf("devices: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
