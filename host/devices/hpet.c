/*
 * The emulated HPET register block (see hpet.h for the model). Section
 * numbers are those of the IA-PC HPET specification 1.0a.
 */
#include "hpet.h"

#define NS_PER_S 1000000000u
#define TIMER_STATUS_BITS ((1u << HPET_NUM_TIMERS) - 1u)

/* General Capabilities and ID Register (2.3.4). */
static uint64_t hpet_gcap_id(void)
{
    return HPET_GCAP_ID_LOW | ((uint64_t)HPET_PERIOD_FS << HPET_CLK_PERIOD_SHIFT);
}

/* Main counter ticks in ns nanoseconds of host time, rounded down. */
static uint64_t ns_to_ticks(uint64_t ns)
{
    return (uint64_t)((unsigned __int128)ns * HPET_FREQ_HZ / NS_PER_S);
}

static bool counter_running(const struct hpet *h)
{
    return h->config & HPET_ENABLE_CNF;
}

/* The main counter counts up while ENABLE_CNF is set and holds its value
 * while it is clear (2.3.5, 2.3.7). */
uint64_t hpet_counter(const struct hpet *h, uint64_t now_ns)
{
    if (!counter_running(h) || now_ns < h->counter_ref_ns)
        return h->counter_base;
    return h->counter_base + ns_to_ticks(now_ns - h->counter_ref_ns);
}

static bool timer_enabled(const struct hpet_timer *t)
{
    return t->config & HPET_TN_INT_ENB_CNF;
}

static bool timer_periodic(const struct hpet_timer *t)
{
    return t->config & HPET_TN_TYPE_CNF;
}

static bool timer_level(const struct hpet_timer *t)
{
    return t->config & HPET_TN_INT_TYPE_CNF;
}

static bool timer_32bit(const struct hpet_timer *t)
{
    return t->config & HPET_TN_32MODE_CNF;
}

/* A value as a 32-bit mode timer holds it: the upper half reads 0 (2.3.8). */
static uint64_t timer_truncate(const struct hpet_timer *t, uint64_t value)
{
    return timer_32bit(t) ? (uint32_t)value : value;
}

/* The main counter value at which the comparator matches (2.3.9.2): in
 * 64-bit mode the comparator itself; in 32-bit mode the first value from
 * armed_at on whose low 32 bits equal the comparator. */
static uint64_t timer_match(const struct hpet_timer *t)
{
    if (timer_32bit(t))
        return t->armed_at + (uint32_t)(t->comparator - t->armed_at);
    return t->comparator;
}

/* Main counter ticks from counter until the match, 0 if it is reached. */
static uint64_t timer_ticks_left(const struct hpet_timer *t, uint64_t counter)
{
    if (timer_32bit(t)) {
        uint64_t passed = counter - t->armed_at;
        uint64_t distance = (uint32_t)(t->comparator - t->armed_at);
        return passed >= distance ? 0 : distance - passed;
    }
    return counter >= t->comparator ? 0 : t->comparator - counter;
}

/* One timer's match, seen at main counter value counter. A periodic timer
 * adds its period to the comparator as often as the counter has passed
 * (2.3.9.2.2), computed at once however late the host is; a one-shot timer
 * (and a periodic one with period 0, which would match forever) is done
 * until its comparator is written again (2.3.9.2.1). */
static void timer_fire(struct hpet_timer *t, uint64_t counter)
{
    if (!timer_periodic(t) || t->period == 0) {
        t->armed = false;
        return;
    }
    uint64_t late = counter - timer_match(t);
    uint64_t periods = late / t->period + 1;
    t->comparator = timer_truncate(t, t->comparator + periods * t->period);
    t->armed_at = counter;
}

/* The IOAPIC pin a timer interrupts: with LEG_RT_CNF timer 0 takes pin 2
 * (in place of the PIT) and timer 1 pin 8 (in place of the RTC) (2.3.5);
 * otherwise Tn_INT_ROUTE_CNF, if Tn_INT_ROUTE_CAP allows it (2.3.8). As a
 * mask: bit p for pin p, 0 for none. */
static uint32_t timer_pin_mask(const struct hpet *h, unsigned n)
{
    if (h->config & HPET_LEG_RT_CNF) {
        if (n == 0)
            return 1u << HPET_LEGACY_PIN_TIMER0;
        if (n == 1)
            return 1u << HPET_LEGACY_PIN_TIMER1;
    }
    const struct hpet_timer *t = &h->timer[n];
    unsigned route = (t->config & HPET_TN_INT_ROUTE_MASK) >> HPET_TN_INT_ROUTE_SHIFT;
    uint32_t allowed = (uint32_t)(t->config >> HPET_TN_INT_ROUTE_CAP_SHIFT);
    return allowed & (1u << route);
}

void hpet_init(struct hpet *h)
{
    *h = (struct hpet){ 0 };
    for (unsigned n = 0; n < HPET_NUM_TIMERS; n++) {
        struct hpet_timer *t = &h->timer[n];
        t->config = HPET_TN_SIZE_CAP | ((uint64_t)HPET_TN_ROUTE_CAP_PINS << HPET_TN_INT_ROUTE_CAP_SHIFT);
        if (n == 0)
            t->config |= HPET_TN_PER_INT_CAP; /* only timer 0 can be periodic */
        t->comparator = UINT64_MAX;
    }
}

/* Registers are 64 bits wide; software may access them 32 or 64 bits at a
 * time (2.3.1). */
static bool access_ok(uint64_t offset, unsigned size)
{
    return (size == 4 || size == 8) && offset % size == 0 && offset < HPET_MMIO_SIZE;
}

static uint64_t register_value(const struct hpet *h, uint64_t reg, uint64_t now_ns)
{
    switch (reg) {
    case HPET_GCAP_ID:
        return hpet_gcap_id();
    case HPET_GEN_CONF:
        return h->config;
    case HPET_GINTR_STA:
        return h->status;
    case HPET_MAIN_COUNTER:
        return hpet_counter(h, now_ns);
    }
    if (reg < HPET_TIMER_CONF(0) || reg >= HPET_TIMER_CONF(HPET_NUM_TIMERS))
        return 0; /* reserved */
    const struct hpet_timer *t = &h->timer[(reg - HPET_TIMER_CONF(0)) / 0x20];
    switch ((reg - HPET_TIMER_CONF(0)) % 0x20) {
    case 0x00:
        return t->config;
    case 0x08:
        return t->comparator;
    default:
        return 0; /* FSB route (2.3.10; FSB delivery unsupported) and reserved */
    }
}

uint64_t hpet_read(struct hpet *h, uint64_t offset, unsigned size, uint64_t now_ns)
{
    if (!access_ok(offset, size))
        return 0;
    uint64_t value = register_value(h, offset & ~(uint64_t)7, now_ns);
    if (size == 4)
        return (uint32_t)(value >> (offset & 4) * 8);
    return value;
}

/* General Configuration Register (2.3.5): halting keeps the counter's value,
 * enabling runs it on from there. */
static void gen_conf_write(struct hpet *h, uint64_t value, uint64_t now_ns)
{
    uint64_t config = value & (HPET_ENABLE_CNF | HPET_LEG_RT_CNF);
    if ((config ^ h->config) & HPET_ENABLE_CNF) {
        h->counter_base = hpet_counter(h, now_ns);
        h->counter_ref_ns = now_ns;
    }
    h->config = config;
}

/* Main Counter Value Register (2.3.7): software writes it only while the
 * counter is halted; a write while it runs is ignored. 32-bit mode matches
 * are then counted from the new value. */
static void counter_write(struct hpet *h, uint64_t value)
{
    if (counter_running(h))
        return;
    h->counter_base = value;
    for (unsigned n = 0; n < HPET_NUM_TIMERS; n++)
        h->timer[n].armed_at = value;
}

/* Timer N Configuration and Capability Register (2.3.8). Capabilities are
 * read-only; Tn_TYPE_CNF and Tn_VAL_SET_CNF only exist on a timer with
 * Tn_PER_INT_CAP; Tn_FSB_EN_CNF stays 0 (no FSB delivery); a route outside
 * Tn_INT_ROUTE_CAP is not taken. Enabling the timer or changing its width
 * counts a 32-bit match from now. */
static void timer_conf_write(struct hpet_timer *t, uint64_t value, uint64_t counter)
{
    uint64_t writable = HPET_TN_INT_TYPE_CNF | HPET_TN_INT_ENB_CNF | HPET_TN_32MODE_CNF;
    if (t->config & HPET_TN_PER_INT_CAP)
        writable |= HPET_TN_TYPE_CNF | HPET_TN_VAL_SET_CNF;
    unsigned route = (value & HPET_TN_INT_ROUTE_MASK) >> HPET_TN_INT_ROUTE_SHIFT;
    if ((t->config >> HPET_TN_INT_ROUTE_CAP_SHIFT) & (1u << route))
        writable |= HPET_TN_INT_ROUTE_MASK;
    uint64_t old = t->config;
    t->config = (old & ~writable) | (value & writable);
    if ((old ^ t->config) & (HPET_TN_INT_ENB_CNF | HPET_TN_32MODE_CNF))
        t->armed_at = counter;
    t->comparator = timer_truncate(t, t->comparator);
    t->period = timer_truncate(t, t->period);
}

/* Timer N Comparator Value Register (2.3.9). The value written is also the
 * periodic increment (2.3.9.2.2). A periodic timer's comparator itself is
 * set only while Tn_VAL_SET_CNF is 1, which then clears (2.3.8); otherwise
 * the write sets only the increment. Setting the comparator arms the timer
 * for one match (one-shot) or for good (periodic). */
static void comparator_write(struct hpet_timer *t, uint64_t value, uint64_t mask, uint64_t counter)
{
    if (timer_32bit(t) && !(mask & UINT32_MAX))
        return; /* the upper half of a 32-bit comparator is not there */
    t->period = timer_truncate(t, (t->period & ~mask) | (value & mask));
    if (timer_periodic(t) && !(t->config & HPET_TN_VAL_SET_CNF))
        return;
    t->comparator = timer_truncate(t, (t->comparator & ~mask) | (value & mask));
    t->config &= ~(uint64_t)HPET_TN_VAL_SET_CNF;
    t->armed = true;
    t->armed_at = counter;
}

void hpet_write(struct hpet *h, uint64_t offset, unsigned size, uint64_t value, uint64_t now_ns)
{
    if (!access_ok(offset, size))
        return;
    uint64_t reg = offset & ~(uint64_t)7;
    uint64_t mask = UINT64_MAX;
    if (size == 4) {
        unsigned shift = (offset & 4) * 8;
        mask = (uint64_t)UINT32_MAX << shift;
        value = (uint64_t)(uint32_t)value << shift;
    }
    switch (reg) {
    case HPET_GEN_CONF:
        gen_conf_write(h, (h->config & ~mask) | (value & mask), now_ns);
        return;
    case HPET_GINTR_STA:
        /* level-triggered status bits clear when written with 1 (2.3.6) */
        h->status &= ~(value & TIMER_STATUS_BITS);
        return;
    case HPET_MAIN_COUNTER:
        counter_write(h, (h->counter_base & ~mask) | (value & mask));
        return;
    }
    if (reg < HPET_TIMER_CONF(0) || reg >= HPET_TIMER_CONF(HPET_NUM_TIMERS))
        return; /* capabilities and reserved */
    struct hpet_timer *t = &h->timer[(reg - HPET_TIMER_CONF(0)) / 0x20];
    uint64_t counter = hpet_counter(h, now_ns);
    switch ((reg - HPET_TIMER_CONF(0)) % 0x20) {
    case 0x00:
        timer_conf_write(t, (t->config & ~mask) | (value & mask), counter);
        return;
    case 0x08:
        comparator_write(t, value, mask, counter);
        return;
    }
}

/* The host time at which the counter, running at HPET_FREQ_HZ, reaches
 * ticks past its value at counter_ref_ns: the least t with
 * floor((t - ref) * f / 10^9) >= ticks. UINT64_MAX if beyond 2^64 ns. */
static uint64_t ticks_to_host_ns(const struct hpet *h, unsigned __int128 ticks)
{
    unsigned __int128 ns = (ticks * NS_PER_S + HPET_FREQ_HZ - 1) / HPET_FREQ_HZ;
    unsigned __int128 at = ns + h->counter_ref_ns;
    return at >= UINT64_MAX ? UINT64_MAX : (uint64_t)at;
}

uint64_t hpet_next_deadline_ns(const struct hpet *h, uint64_t now_ns)
{
    if (!counter_running(h))
        return UINT64_MAX;
    uint64_t counter = hpet_counter(h, now_ns);
    uint64_t soonest = UINT64_MAX;
    bool any = false;
    for (unsigned n = 0; n < HPET_NUM_TIMERS; n++) {
        const struct hpet_timer *t = &h->timer[n];
        if (!timer_enabled(t) || !t->armed)
            continue;
        uint64_t left = timer_ticks_left(t, counter);
        if (!any || left < soonest)
            soonest = left;
        any = true;
    }
    if (!any)
        return UINT64_MAX;
    if (soonest == 0)
        return now_ns;
    /* the counter has counted elapsed ticks since counter_ref_ns (0 if now_ns
     * is before it), fewer than the match needs: the result is after now_ns */
    uint64_t elapsed = counter - h->counter_base;
    return ticks_to_host_ns(h, (unsigned __int128)elapsed + soonest);
}

uint32_t hpet_expire(struct hpet *h, uint64_t now_ns)
{
    if (!counter_running(h))
        return 0;
    uint64_t counter = hpet_counter(h, now_ns);
    uint32_t pins = 0;
    for (unsigned n = 0; n < HPET_NUM_TIMERS; n++) {
        struct hpet_timer *t = &h->timer[n];
        if (!timer_enabled(t) || !t->armed || timer_ticks_left(t, counter) != 0)
            continue;
        timer_fire(t, counter);
        if (timer_level(t))
            h->status |= 1u << n; /* Tn_INT_STS (2.3.6) */
        pins |= timer_pin_mask(h, n);
    }
    return pins;
}

uint32_t hpet_level_pins(const struct hpet *h)
{
    uint32_t pins = 0;
    for (unsigned n = 0; n < HPET_NUM_TIMERS; n++) {
        const struct hpet_timer *t = &h->timer[n];
        if ((h->status & (1u << n)) && timer_enabled(t) && timer_level(t))
            pins |= timer_pin_mask(h, n);
    }
    return pins;
}
