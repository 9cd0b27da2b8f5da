/* The 8254 PIT model (see pit.h). */
#include "pit.h"

/* Rounded up: at that host time the counter has surely reached `ticks`. */
static uint64_t ticks_to_ns(uint64_t ticks)
{
    return (uint64_t)(((unsigned __int128)ticks * 1000000000u + PIT_HZ - 1) / PIT_HZ);
}

static uint64_t ns_to_ticks(uint64_t ns)
{
    return (uint64_t)((unsigned __int128)ns * PIT_HZ / 1000000000u);
}

void pit_init(struct pit *p)
{
    *p = (struct pit){ 0 };
    for (int i = 0; i < 3; i++)
        p->counter[i].reload = 65536;
}

static bool periodic(const struct pit_counter *c)
{
    return c->mode == 2 || c->mode == 3;
}

/* The count now (data sheet: counting down from the reload value). */
static uint16_t current_count(const struct pit_counter *c, uint64_t now_ns)
{
    if (!c->counting)
        return (uint16_t)c->reload;
    uint64_t elapsed = ns_to_ticks(now_ns - c->start_ns);
    if (periodic(c))
        return (uint16_t)(c->reload - elapsed % c->reload);
    return (uint16_t)(c->reload - elapsed); /* after terminal count it wraps and counts on */
}

static void load(struct pit_counter *c, uint32_t count, uint64_t now_ns)
{
    c->reload = count ? count : 65536;
    c->counting = true;
    c->start_ns = now_ns;
    bool fires = c->mode == 0 || c->mode == 4 || periodic(c);
    c->next_fire = fires ? c->reload : 0;
}

static void control_word(struct pit *p, uint8_t value, uint64_t now_ns)
{
    unsigned sel = value >> 6, access = (value >> 4) & 3;
    if (sel == 3)
        return; /* read-back: not offered */
    struct pit_counter *c = &p->counter[sel];
    if (access == 0) { /* counter latch command */
        if (!c->latched) {
            c->latch = current_count(c, now_ns);
            c->latched = true;
            c->read_msb_next = false;
        }
        return;
    }
    unsigned mode = (value >> 1) & 7;
    c->mode = (uint8_t)(mode >= 6 ? mode - 4 : mode);
    c->access = (uint8_t)access;
    c->write_msb_next = c->read_msb_next = false;
    c->latched = false;
    c->counting = false; /* a new control word stops the counter until its count is written */
    c->next_fire = 0;
}

void pit_write(struct pit *p, unsigned port, uint8_t value, uint64_t now_ns)
{
    if (port == 0x43) {
        control_word(p, value, now_ns);
        return;
    }
    struct pit_counter *c = &p->counter[(port - PIT_FIRST_PORT) & 3];
    if (port > 0x42 || c->access == 0)
        return;
    if (c->access == 1) {
        load(c, value, now_ns);
    } else if (c->access == 2) {
        load(c, (uint32_t)value << 8, now_ns);
    } else if (!c->write_msb_next) {
        c->reload_lsb = value;
        c->write_msb_next = true;
        c->counting = false; /* mode 0: writing the first byte stops the count */
        c->next_fire = 0;
    } else {
        c->write_msb_next = false;
        load(c, c->reload_lsb | (uint32_t)value << 8, now_ns);
    }
}

uint8_t pit_read(struct pit *p, unsigned port, uint64_t now_ns)
{
    if (port < PIT_FIRST_PORT || port > 0x42)
        return 0xff; /* the control word register cannot be read */
    struct pit_counter *c = &p->counter[port - PIT_FIRST_PORT];
    uint16_t v = c->latched ? c->latch : current_count(c, now_ns);
    uint8_t byte;
    if (c->access == 2 || (c->access == 3 && c->read_msb_next))
        byte = (uint8_t)(v >> 8);
    else
        byte = (uint8_t)v;
    if (c->access == 3)
        c->read_msb_next = !c->read_msb_next;
    if (c->latched && (c->access != 3 || !c->read_msb_next))
        c->latched = false; /* the latch holds until all its bytes are read */
    return byte;
}

uint64_t pit_next_deadline(const struct pit *p)
{
    const struct pit_counter *c = &p->counter[0];
    if (!c->counting || !c->next_fire)
        return UINT64_MAX;
    return c->start_ns + ticks_to_ns(c->next_fire);
}

bool pit_expire(struct pit *p, uint64_t now_ns)
{
    struct pit_counter *c = &p->counter[0];
    if (!c->counting || !c->next_fire || now_ns < pit_next_deadline(p))
        return false;
    if (!periodic(c)) {
        c->next_fire = 0; /* one interrupt per count written */
        return true;
    }
    /* the next period boundary after now: missed periods are one interrupt, as on the wire */
    uint64_t elapsed = ns_to_ticks(now_ns - c->start_ns);
    c->next_fire = (elapsed / c->reload + 1) * c->reload;
    return true;
}
