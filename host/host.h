/*
 * The host layer: the only code of sel4emu that calls Linux. It gives the
 * kernel core its memory (one memfd of "physical" RAM, mapped at one fixed
 * address) and its console, and maps frames into a process.
 */
#pragma once

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* Where the kernel window (kernel state, then RAM) is mapped in every process. */
#define HOST_KERNEL_WINDOW 0x400000000000ul
/* Physical address emulated RAM starts at, as on a PC: above the first 1 MiB. */
#define HOST_RAM_PADDR 0x100000ul
/*
 * Device memory the host backs: the ACPI tables (where a PC's BIOS area has
 * them, read-only), and the HPET's register page, which is never mapped:
 * its accesses fault and are emulated (host/machine.c).
 */
#define HOST_ACPI_PADDR 0xe0000ul
#define HOST_ACPI_SIZE 0x1000ul
#define HOST_HPET_PADDR 0xfed00000ul
/* Default emulated RAM. */
#define HOST_DEFAULT_RAM (256ul << 20)

struct host_memory {
    int ram_fd;          /* memfd backing emulated RAM */
    int rom_fd;          /* memfd backing the ACPI tables (HOST_ACPI_PADDR) */
    uint8_t *rom;        /* this process's writable view of them, for the host */
    void *state;         /* struct kernel lives here */
    size_t state_size;
    uint8_t *ram;        /* kernel pointer of HOST_RAM_PADDR */
    size_t ram_size;
};

/* The oldest Linux sel4emu runs on (Syscall User Dispatch; README.md, "Requirements"). */
#define HOST_LINUX_NEEDED "5.11"

/*
 * Whether this Linux has what sel4emu needs (host/requirements.c); with
 * trapping, also what trapped seL4 code needs. 0, or -1 with one line in why.
 */
int host_check_linux(bool trapping, char *why, size_t size);

/* Creates the memfd and maps the kernel window; 0, or -1 with one line in why. */
int host_memory_create(struct host_memory *m, size_t state_size, size_t ram_size, char *why, size_t why_size);

/*
 * Closes this process's kernel window (kernel state and RAM: no access at
 * all), or opens it again (read-write): user code of a protected process
 * runs with it closed. A slow close also drops the process's page tables
 * for the RAM part (host/memory.c). 0, or -1 (errno).
 */
int host_kernel_window_protect(struct host_memory *m, bool open);

/* addr lies in the kernel window. */
bool host_in_kernel_window(const struct host_memory *m, uintptr_t addr);

/* Maps [paddr, paddr + size) of RAM at vaddr in this process; 0 or -1 (errno). */
int host_map_frame(struct host_memory *m, uintptr_t vaddr, uint64_t paddr, size_t size, int writable);

/* How host_map_ram maps a frame. */
#define HOST_MAP_WRITE 1u   /* writable (it is always readable) */
#define HOST_MAP_EXEC 2u    /* executable */
#define HOST_MAP_REPLACE 4u /* replace what this process maps there already (MAP_FIXED) */

/*
 * Maps [paddr, paddr + size) of RAM, or of the ACPI tables (always
 * read-only), at vaddr in this process, shared with every other mapping of
 * that memory. Without HOST_MAP_REPLACE it fails if anything is mapped in
 * the range. 0, or -1 (errno).
 */
int host_map_ram(struct host_memory *m, uintptr_t vaddr, uint64_t paddr, size_t size, unsigned flags);

/* [paddr, paddr + size) is memory the host backs (RAM or the ACPI tables), which host_map_ram maps. */
bool host_paddr_backed(const struct host_memory *m, uint64_t paddr, size_t size);

/* [paddr, paddr + size) lies in the read-only ACPI tables. */
bool host_paddr_in_rom(uint64_t paddr, size_t size);

/* Reserves [vaddr, vaddr + size) as inaccessible memory if nothing is mapped there; 0 or -1 (errno). */
int host_reserve_range(uintptr_t vaddr, size_t size);

/* Unmaps whatever this process maps in [vaddr, vaddr + size). */
void host_unmap_range(uintptr_t vaddr, size_t size);

/* Zeroes RAM by returning its pages to the kernel (they read back as zero). */
void host_clear_ram(struct host_memory *m, uint64_t paddr, uint64_t bytes);

/* Parses a size such as 512M, 2G, 65536 or 4096K; 0 on error. */
size_t host_parse_size(const char *s);

/* CLOCK_MONOTONIC in ns. */
uint64_t host_now_ns(void);

/* Whether the environment variable is set to something other than "" or "0" (SEL4EMU_* switches). */
bool host_env_flag(const char *name);

/* A switch with a default: otherwise when the variable is unset or "", else on unless it is "0". */
bool host_env_switch(const char *name, bool otherwise);
