/*
 * ACPI tables of the emulated pc99 machine (see acpi.h). Every multi-byte
 * field is written byte by byte, little-endian, at its offset from the
 * specification's tables, so no struct layout or alignment is assumed.
 */
#include "acpi.h"

#include "hpet.h"

#include <stdbool.h>

/* Where everything goes: the RSDP first, then each table 16-byte aligned. */
#define ALIGN16(x) (((x) + 15u) & ~(size_t)15u)

enum {
    RSDT_ENTRIES = 2, /* MADT, HPET */
    RSDT_OFFSET = ALIGN16(ACPI_RSDP_LENGTH),
    RSDT_LENGTH = ACPI_HEADER_LENGTH + 4 * RSDT_ENTRIES,
    XSDT_OFFSET = ALIGN16(RSDT_OFFSET + RSDT_LENGTH),
    XSDT_LENGTH = ACPI_HEADER_LENGTH + 8 * RSDT_ENTRIES,
    MADT_OFFSET = ALIGN16(XSDT_OFFSET + XSDT_LENGTH),
    MADT_LAPIC_LENGTH = 8,
    MADT_IOAPIC_LENGTH = 12,
    MADT_ISO_LENGTH = 10,
    MADT_LENGTH = ACPI_HEADER_LENGTH + 8 + MADT_LAPIC_LENGTH + MADT_IOAPIC_LENGTH + MADT_ISO_LENGTH,
    HPET_OFFSET = ALIGN16(MADT_OFFSET + MADT_LENGTH),
    HPET_LENGTH = ACPI_HEADER_LENGTH + 20,
    TABLES_END = HPET_OFFSET + HPET_LENGTH,
};

/* Table revisions: RSDP 2 (ACPI 2.0+), RSDT and XSDT 1 (5.2.7, 5.2.8), MADT
 * 5 (ACPI 6.3, 5.2.12), HPET 1 (HPET spec 3.2.4). */
#define RSDP_REVISION 2
#define RSDT_REVISION 1
#define XSDT_REVISION 1
#define MADT_REVISION 5
#define HPET_TABLE_REVISION 1

#define MADT_PCAT_COMPAT 1u /* the machine also has dual 8259s (5.2.12) */
#define MADT_LAPIC_ENABLED 1u /* Local APIC Flags (5.2.12.2) */
#define MADT_TYPE_LAPIC 0
#define MADT_TYPE_IOAPIC 1
#define MADT_TYPE_ISO 2
#define ISA_IRQ_PIT 0
#define PIT_GSI 2 /* the PIT's ISA IRQ 0 arrives at IOAPIC input 2 on a PC */

#define GAS_SYSTEM_MEMORY 0 /* Generic Address Structure Address Space ID (5.2.3.2) */

static void put8(uint8_t *p, size_t offset, uint8_t v)
{
    p[offset] = v;
}

static void put16(uint8_t *p, size_t offset, uint16_t v)
{
    for (unsigned i = 0; i < 2; i++)
        p[offset + i] = (uint8_t)(v >> 8 * i);
}

static void put32(uint8_t *p, size_t offset, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[offset + i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *p, size_t offset, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++)
        p[offset + i] = (uint8_t)(v >> 8 * i);
}

/* The n characters of s, without its terminating NUL. */
static void put_chars(uint8_t *p, size_t offset, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[offset + i] = (uint8_t)s[i];
}

/* The byte that makes the n bytes at p (its own place counted as 0) sum to 0. */
static uint8_t checksum(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += p[i];
    return (uint8_t)-sum;
}

/* System Description Table Header (5.2.6). The checksum at
 * offset 9 is filled in by table_close once the table is complete. */
static void table_header(uint8_t *t, const char *signature, uint32_t length, uint8_t revision)
{
    put_chars(t, 0, signature, 4);
    put32(t, 4, length);
    put8(t, 8, revision);
    put8(t, 9, 0);
    put_chars(t, 10, ACPI_OEM_ID, 6);
    put_chars(t, 16, ACPI_OEM_TABLE_ID, 8);
    put32(t, 24, 1); /* OEM Revision */
    put_chars(t, 28, ACPI_CREATOR_ID, 4);
    put32(t, 32, 1); /* Creator Revision */
}

static void table_close(uint8_t *t, size_t length)
{
    put8(t, 9, checksum(t, length));
}

/* Root System Description Pointer (5.2.5.3). */
static void build_rsdp(uint8_t *r, uint64_t mem_paddr)
{
    put_chars(r, 0, "RSD PTR ", 8);
    put_chars(r, 9, ACPI_OEM_ID, 6);
    put8(r, 15, RSDP_REVISION);
    put32(r, 16, (uint32_t)(mem_paddr + RSDT_OFFSET));
    put32(r, 20, ACPI_RSDP_LENGTH);
    put64(r, 24, mem_paddr + XSDT_OFFSET);
    put8(r, 8, checksum(r, 20));                /* covers the ACPI 1.0 part */
    put8(r, 32, checksum(r, ACPI_RSDP_LENGTH)); /* covers all of it */
}

/* RSDT (5.2.7): 32-bit addresses of the other tables. */
static void build_rsdt(uint8_t *t, uint64_t mem_paddr)
{
    table_header(t, "RSDT", RSDT_LENGTH, RSDT_REVISION);
    put32(t, 36, (uint32_t)(mem_paddr + MADT_OFFSET));
    put32(t, 40, (uint32_t)(mem_paddr + HPET_OFFSET));
    table_close(t, RSDT_LENGTH);
}

/* XSDT (5.2.8): the same with 64-bit addresses. */
static void build_xsdt(uint8_t *t, uint64_t mem_paddr)
{
    table_header(t, "XSDT", XSDT_LENGTH, XSDT_REVISION);
    put64(t, 36, mem_paddr + MADT_OFFSET);
    put64(t, 44, mem_paddr + HPET_OFFSET);
    table_close(t, XSDT_LENGTH);
}

/* MADT (5.2.12, Table 5-43): one processor, one IOAPIC, and the PC's one
 * interrupt source override: the PIT's ISA IRQ 0 is GSI 2, with the ISA
 * bus's polarity and trigger mode (MPS INTI flags 0, 5.2.12.5). */
static void build_madt(uint8_t *t, const struct acpi_layout *l)
{
    table_header(t, "APIC", MADT_LENGTH, MADT_REVISION);
    put32(t, 36, l->lapic_paddr);
    put32(t, 40, MADT_PCAT_COMPAT);
    size_t e = 44;
    /* Processor Local APIC Structure (5.2.12.2) */
    put8(t, e + 0, MADT_TYPE_LAPIC);
    put8(t, e + 1, MADT_LAPIC_LENGTH);
    put8(t, e + 2, l->processor_uid);
    put8(t, e + 3, l->lapic_id);
    put32(t, e + 4, MADT_LAPIC_ENABLED);
    e += MADT_LAPIC_LENGTH;
    /* I/O APIC Structure (5.2.12.3) */
    put8(t, e + 0, MADT_TYPE_IOAPIC);
    put8(t, e + 1, MADT_IOAPIC_LENGTH);
    put8(t, e + 2, l->ioapic_id);
    put8(t, e + 3, 0);
    put32(t, e + 4, l->ioapic_paddr);
    put32(t, e + 8, l->ioapic_gsi_base);
    e += MADT_IOAPIC_LENGTH;
    /* Interrupt Source Override Structure (5.2.12.5) */
    put8(t, e + 0, MADT_TYPE_ISO);
    put8(t, e + 1, MADT_ISO_LENGTH);
    put8(t, e + 2, 0); /* Bus: ISA */
    put8(t, e + 3, ISA_IRQ_PIT);
    put32(t, e + 4, PIT_GSI);
    put16(t, e + 8, 0);
    table_close(t, MADT_LENGTH);
}

/* HPET Description Table (IA-PC HPET specification 1.0a, 3.2.4). */
static void build_hpet(uint8_t *t, const struct acpi_layout *l)
{
    table_header(t, "HPET", HPET_LENGTH, HPET_TABLE_REVISION);
    put32(t, 36, l->hpet_block_id);
    /* BASE_ADDRESS: a Generic Address Structure (5.2.3.2) */
    put8(t, 40, GAS_SYSTEM_MEMORY);
    put8(t, 41, 64); /* Register Bit Width */
    put8(t, 42, 0);  /* Register Bit Offset */
    put8(t, 43, 0);  /* Access Size: undefined, as the HPET spec predates it */
    put64(t, 44, l->hpet_paddr);
    put8(t, 52, 0); /* HPET Number: the first (and only) block */
    put16(t, 53, l->hpet_min_tick);
    put8(t, 55, 0); /* Page Protection: no guarantee, no OEM attributes */
    table_close(t, HPET_LENGTH);
}

void acpi_layout_pc99(struct acpi_layout *l)
{
    *l = (struct acpi_layout){
        .lapic_paddr = 0xfee00000u,
        .lapic_id = 0,
        .processor_uid = 0,
        .ioapic_id = 0,
        .ioapic_paddr = 0xfec00000u,
        .ioapic_gsi_base = 0,
        .hpet_paddr = 0xfed00000u,
        .hpet_block_id = HPET_GCAP_ID_LOW,
        .hpet_min_tick = 0x80,
    };
}

int acpi_build(void *mem, size_t size, uint64_t mem_paddr, const struct acpi_layout *l, uint64_t *rsdp_paddr,
               size_t *used)
{
    /* RSDT entries and the RSDP's RsdtAddress are 32-bit physical addresses */
    bool below_4g = mem_paddr <= (uint64_t)UINT32_MAX - (TABLES_END - 1);
    if (size < TABLES_END || mem_paddr % 16 != 0 || !below_4g)
        return -1;
    uint8_t *p = mem;
    for (size_t i = 0; i < TABLES_END; i++)
        p[i] = 0;
    build_rsdp(p, mem_paddr);
    build_rsdt(p + RSDT_OFFSET, mem_paddr);
    build_xsdt(p + XSDT_OFFSET, mem_paddr);
    build_madt(p + MADT_OFFSET, l);
    build_hpet(p + HPET_OFFSET, l);
    *rsdp_paddr = mem_paddr;
    *used = TABLES_END;
    return 0;
}
