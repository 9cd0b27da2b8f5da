/*
 * Minimal valid ACPI tables describing the emulated pc99 machine, for
 * programs that look for their interrupt controllers and timers the way
 * seL4 and its drivers do: the RSDP (which seL4 hands on in the
 * SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP bootinfo chunk), an RSDT and an XSDT
 * listing a MADT and an HPET table.
 *
 * Pure: writes bytes into a caller-provided buffer, which the caller then
 * shows to programs at physical address mem_paddr. Sections are those of
 * ACPI 6.3 unless said otherwise.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define ACPI_RSDP_LENGTH 36 /* ACPI 2.0+ RSDP (5.2.5.3) */
#define ACPI_HEADER_LENGTH 36 /* System Description Table Header (5.2.6) */
#define ACPI_OEM_ID "SEL4EM"
#define ACPI_OEM_TABLE_ID "SEL4EMU "
#define ACPI_CREATOR_ID "SEL4"

/* The machine the tables describe. */
struct acpi_layout {
    uint32_t lapic_paddr;     /* MADT Local Interrupt Controller Address */
    uint8_t lapic_id;         /* the one processor's local APIC id */
    uint8_t processor_uid;    /* and its ACPI Processor UID */
    uint8_t ioapic_id;
    uint32_t ioapic_paddr;
    uint32_t ioapic_gsi_base; /* first Global System Interrupt of the IOAPIC */
    uint64_t hpet_paddr;
    uint32_t hpet_block_id;   /* Event Timer Block ID: the HPET's GCAP_ID bits 31:0 */
    uint16_t hpet_min_tick;   /* Main Counter Minimum Clock_tick in Periodic Mode */
};

/* The emulated pc99 machine: IOAPIC 0 at 0xFEC00000 (GSI base 0), local
 * APIC 0 (processor UID 0) at 0xFEE00000, the HPET of hpet.h at 0xFED00000. */
void acpi_layout_pc99(struct acpi_layout *l);

/* Writes the RSDP (16-byte aligned at the start of mem) and the tables
 * after it (each 16-byte aligned) into mem, which programs will see at
 * physical address mem_paddr. Sets *rsdp_paddr (== mem_paddr) and *used
 * (bytes written). Returns 0, or -1 if size is too small, mem_paddr is not
 * 16-byte aligned, or a table would lie above 4 GiB (the RSDT holds 32-bit
 * addresses). */
int acpi_build(void *mem, size_t size, uint64_t mem_paddr, const struct acpi_layout *l, uint64_t *rsdp_paddr,
               size_t *used);
