/*
 * EXTRABI, ACPI, HPET: what x86_64 pc99 seL4 hands a root task about its
 * machine (kernel src/arch/x86/kernel/boot_sys.c and boot.c: the extra
 * bootinfo chunks; device untypeds for all physical memory that is not
 * RAM) and the devices a pc99 program finds through it: the ACPI tables
 * (ACPI 6.x, 5.2) and the HPET (IA-PC HPET 1.0a) they point to.
 *
 * Facts the tests lean on:
 *  - the extra bootinfo follows the bootinfo frame, bi->extraLen bytes of
 *    chunks, each a seL4_BootInfoHeader {id, len incl. header}, packed one
 *    after the other in the order ACPI_RSDP, MBMMAP, TSC_FREQ, then a
 *    PADDING chunk to the end;
 *  - device untypeds cover physical memory that is not RAM; retyping one
 *    hands out frames from its start, so a frame at a given physical address
 *    is reached by splitting untypeds down to it;
 *  - the HPET's registers: capabilities and ID at 0x0 (vendor in bits 31:16,
 *    the counter's period in femtoseconds in bits 63:32), configuration at
 *    0x10 (bit 0 runs the counter), the main counter at 0xf0, timer n's
 *    configuration at 0x100 + 0x20n (bit 2 enables its interrupt, bits 13:9
 *    its IOAPIC pin, allowed pins in bits 63:32) and comparator at 0x108 +
 *    0x20n.
 */
#include "framework.h"

#define ACPI_AREA 0xe0000ul
#define HPET_PADDR 0xfed00000ul
#define HPET_VADDR CONF_REGION_FREE
#define ACPI_VADDR (CONF_REGION_FREE + 0x1000)
#define HPET_PIN 20
#define TEST_VECTOR 7

static seL4_Word le(const uint8_t *p, int bytes)
{
    seL4_Word v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static uint8_t checksum(const uint8_t *p, seL4_Word len)
{
    uint8_t sum = 0;
    for (seL4_Word i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum;
}

/*
 * A 4 KiB device frame at paddr in a fresh slot: the device untyped that
 * covers it is split in halves down to the page. 0 if that fails.
 */
static seL4_CPtr device_frame(seL4_Word paddr)
{
    const seL4_BootInfo *bi = conf_env.bi;
    seL4_CPtr ut = 0;
    seL4_Word base = 0, bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->isDevice && paddr >= d->paddr && paddr - d->paddr < (1ul << d->sizeBits)) {
            ut = bi->untyped.start + i;
            base = d->paddr;
            bits = d->sizeBits;
        }
    }
    while (ut && bits > seL4_PageBits) {
        seL4_CPtr halves = conf_alloc_slots(2);
        if (!halves || retype(ut, seL4_UntypedObject, bits - 1, halves, 2) != seL4_NoError)
            return 0;
        bits--;
        bool upper = paddr >= base + (1ul << bits);
        base += upper ? 1ul << bits : 0;
        ut = halves + upper;
    }
    seL4_CPtr frame = ut ? conf_alloc_slots(1) : 0;
    if (!frame || retype(ut, seL4_X86_4K, 0, frame, 1) != seL4_NoError)
        return 0;
    return frame;
}

static volatile uint64_t *hpet_reg(seL4_Word offset)
{
    return (volatile uint64_t *)(HPET_VADDR + offset);
}

CONF_TEST(EXTRABI0001, "extra bootinfo: ACPI_RSDP, MBMMAP, TSC_FREQ chunks in seL4's order, then padding to the end of extraLen")
{
    const seL4_BootInfo *bi = conf_env.bi;
    test_eq(bi->extraLen, 4096);
    test_eq(bi->extraBIPages.end - bi->extraBIPages.start, 1);
    const uint8_t *at = (const uint8_t *)bi + 4096, *end = at + bi->extraLen;
    static const seL4_Word order[] = { SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP, SEL4_BOOTINFO_HEADER_X86_MBMMAP,
                                       SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, SEL4_BOOTINFO_HEADER_PADDING };
    for (unsigned i = 0; i < 4; i++) {
        seL4_BootInfoHeader h;
        __builtin_memcpy(&h, at, sizeof(h));
        conf_ctx("chunk %u", i);
        test_eq(h.id, order[i]);
        test_geq(h.len, sizeof(h));
        test_leq(h.len, (seL4_Word)(end - at));
        at += h.len;
    }
    test_eq((seL4_Word)(at - ((const uint8_t *)bi + 4096)), bi->extraLen);
    seL4_Word len;
    const uint8_t *tsc = conf_extra_bootinfo(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &len);
    test_assert(tsc);
    test_eq(len, 4);
    test_gt(le(tsc, 4), 100);
    test_lt(le(tsc, 4), 20000);
    return CONF_PASS;
}

CONF_TEST(EXTRABI0002, "the multiboot memory map lists every RAM untyped inside an available (type 1) region")
{
    const seL4_BootInfo *bi = conf_env.bi;
    seL4_Word len;
    const uint8_t *mm = conf_extra_bootinfo(SEL4_BOOTINFO_HEADER_X86_MBMMAP, &len);
    test_assert(mm);
    test_eq(len, sizeof(seL4_X86_BootInfo_mmap_t) - sizeof(seL4_BootInfoHeader));
    seL4_Word bytes = le(mm, 4), n = bytes / sizeof(seL4_X86_mb_mmap_t);
    test_eq(bytes % sizeof(seL4_X86_mb_mmap_t), 0);
    test_gt(n, 0);
    for (seL4_Word u = 0; u < bi->untyped.end - bi->untyped.start; u++) {
        const seL4_UntypedDesc *d = &bi->untypedList[u];
        if (d->isDevice)
            continue;
        bool inside = false;
        for (seL4_Word e = 0; e < n; e++) {
            const uint8_t *entry = mm + 4 + e * sizeof(seL4_X86_mb_mmap_t);
            seL4_Word base = le(entry + 4, 8), length = le(entry + 12, 8), type = le(entry + 20, 4);
            if (le(entry, 4) == 20 && type == 1 && d->paddr >= base && d->paddr + (1ul << d->sizeBits) <= base + length)
                inside = true;
        }
        conf_ctx("RAM untyped at 0x%lx", (unsigned long)d->paddr);
        test_assert(inside);
    }
    return CONF_PASS;
}

CONF_TEST(ACPI0001, "the RSDP in the extra bootinfo leads, through device frames, to valid RSDT, XSDT, MADT (one IOAPIC, IRQ 0 on GSI 2) and HPET tables")
{
    seL4_Word len;
    const uint8_t *rsdp = conf_extra_bootinfo(SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP, &len);
    test_assert(rsdp);
    test_eq(len, 36);
    test_assert(__builtin_memcmp(rsdp, "RSD PTR ", 8) == 0);
    test_eq(checksum(rsdp, 20), 0);
    test_eq(checksum(rsdp, 36), 0);
    test_geq(rsdp[15], 2); /* revision: ACPI 2.0 or later, with an XSDT */
    seL4_Word xsdt = le(rsdp + 24, 8), rsdt = le(rsdp + 16, 4);
    /* all the tables live in one page of the BIOS area */
    test_eq(xsdt & ~0xffful, rsdt & ~0xffful);
    test_geq(xsdt, ACPI_AREA);
    seL4_CPtr frame = device_frame(xsdt & ~0xffful);
    test_assert(frame);
    test_ok(conf_map_frame(frame, ACPI_VADDR, seL4_AllRights));
    const uint8_t *page = (const uint8_t *)ACPI_VADDR;
#define TABLE(paddr) (page + ((paddr) & 0xfff))
    const uint8_t *x = TABLE(xsdt), *r = TABLE(rsdt);
    test_assert(__builtin_memcmp(x, "XSDT", 4) == 0);
    test_assert(__builtin_memcmp(r, "RSDT", 4) == 0);
    test_eq(checksum(x, le(x + 4, 4)), 0);
    test_eq(checksum(r, le(r + 4, 4)), 0);
    seL4_Word entries = (le(x + 4, 4) - 36) / 8;
    test_eq(entries, (le(r + 4, 4) - 36) / 4);
    bool madt_ok = false, hpet_ok = false;
    for (seL4_Word i = 0; i < entries; i++) {
        seL4_Word at = le(x + 36 + 8 * i, 8);
        test_eq(at, le(r + 36 + 4 * i, 4));
        test_eq(at & ~0xffful, xsdt & ~0xffful);
        const uint8_t *t = TABLE(at);
        test_eq(checksum(t, le(t + 4, 4)), 0);
        if (__builtin_memcmp(t, "APIC", 4) == 0) {
            bool ioapic = false, override = false;
            for (seL4_Word o = 44; o + 2 <= le(t + 4, 4); o += t[o + 1]) {
                test_geq(t[o + 1], 2);
                if (t[o] == 1) /* I/O APIC: id, address, GSI base */
                    ioapic = le(t + o + 4, 4) == 0xfec00000 && le(t + o + 8, 4) == 0;
                if (t[o] == 2 && t[o + 3] == 0) /* interrupt source override of ISA IRQ 0 */
                    override = le(t + o + 4, 4) == 2;
            }
            madt_ok = ioapic && override;
        }
        if (__builtin_memcmp(t, "HPET", 4) == 0)
            hpet_ok = le(t + 44, 8) == HPET_PADDR && (le(t + 36, 4) >> 16) == 0x8086;
    }
#undef TABLE
    test_assert(madt_ok);
    test_assert(hpet_ok);
    /* the tables are firmware's: a store is ignored */
    volatile uint8_t *sig = (volatile uint8_t *)&page[xsdt & 0xfff];
    uint8_t before = *sig;
    *sig = 0;
    uint8_t after = *sig;
    test_eq(after, before);
    return CONF_PASS;
}

CONF_TEST(HPET0001, "the HPET's registers in a device frame: Intel's vendor id, a 69841279 fs period, a counter that runs at 14.318 MHz once enabled")
{
    seL4_Word per_ms = conf_tsc_per_ms();
    test_gt(per_ms, 0);
    seL4_CPtr frame = device_frame(HPET_PADDR);
    test_assert(frame);
    test_ok(conf_map_frame(frame, HPET_VADDR, seL4_AllRights));
    uint64_t cap = *hpet_reg(0x0);
    test_eq((cap >> 16) & 0xffff, 0x8086);
    test_eq(cap >> 32, 69841279);
    test_eq((cap >> 8) & 0x1f, 2); /* three timers */
    /* 32-bit reads of each half, as many drivers do */
    uint32_t period = *(volatile uint32_t *)(HPET_VADDR + 4);
    test_eq(period, 69841279);
    *hpet_reg(0x10) = 0; /* halted: the counter holds still */
    uint64_t held = *hpet_reg(0xf0), still = *hpet_reg(0xf0);
    test_eq(still, held);
    *hpet_reg(0x10) = 1;
    /* each read is bracketed by two TSC reads: the host may stop us anywhere */
    seL4_Word t0a = conf_rdtsc();
    uint64_t c0 = *hpet_reg(0xf0);
    seL4_Word t0b = conf_rdtsc();
    while (conf_rdtsc() - t0b < 2 * per_ms)
        ;
    seL4_Word t1a = conf_rdtsc();
    uint64_t c1 = *hpet_reg(0xf0);
    seL4_Word t1b = conf_rdtsc();
    *hpet_reg(0x10) = 0;
    seL4_Word counted = c1 - c0;
    seL4_Word least = (t1a - t0b) * 14318 / per_ms, most = (t1b - t0a) * 14319 / per_ms;
    test_geq(counted + 20, least);
    test_leq(counted, most + 20);
    return CONF_PASS;
}

CONF_TEST(HPET0002, "an HPET comparator 10 ms ahead interrupts through its IOAPIC pin, once, not before its time")
{
    seL4_Word per_ms = conf_tsc_per_ms();
    test_gt(per_ms, 0);
    NEW_SLOTS(handler, 2);
    NEW_OBJECT(n, seL4_NotificationObject, 0);
    test_ok(root_mint(handler + 1, n, seL4_AllRights, 0x5));
    seL4_CPtr frame = device_frame(HPET_PADDR);
    test_assert(frame);
    test_ok(conf_map_frame(frame, HPET_VADDR, seL4_AllRights));
    test_ok(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, handler, seL4_WordBits, 0, HPET_PIN, 0, 0,
                                      TEST_VECTOR));
    test_ok(seL4_IRQHandler_SetNotification(handler, handler + 1));
    test_ok(seL4_IRQHandler_Ack(handler));
    test_assert((*hpet_reg(0x100) >> 32) & (1ul << HPET_PIN)); /* the pin is one timer 0 may use */
    *hpet_reg(0x10) = 1;
    *hpet_reg(0x100) = (HPET_PIN << 9) | (1 << 2); /* edge, interrupt enabled, one-shot */
    seL4_Word t0 = conf_rdtsc();
    *hpet_reg(0x108) = *hpet_reg(0xf0) + 143182; /* 10 ms */
    seL4_Word badge = 0, ms = 0;
    while (!(badge = conf_poll(n)) && (ms = (conf_rdtsc() - t0) / per_ms) < 200)
        seL4_Yield();
    ms = (conf_rdtsc() - t0) / per_ms;
    test_ok(seL4_IRQHandler_Ack(handler));
    seL4_Word t1 = conf_rdtsc();
    seL4_Word again = 0;
    while (!(again = conf_poll(n)) && (conf_rdtsc() - t1) / per_ms < 30)
        seL4_Yield();
    *hpet_reg(0x100) = 0;
    *hpet_reg(0x10) = 0;
    test_eq(badge, 0x5);
    test_geq(ms, 9);
    test_leq(ms, 60);
    test_eq(again, 0);
    return CONF_PASS;
}
