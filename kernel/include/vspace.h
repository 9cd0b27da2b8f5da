/* x86_64 virtual memory of the kernel core (kernel/src/arch/x86_64/vspace.c). */
#pragma once

#include <structures.h>

struct kernel;
typedef struct kernel kernel_t;

/*
 * seL4's USER_TOP on x86_64 (include/plat/pc99/plat/64/plat_mode/machine/
 * hardware.h): one below the first non-canonical address, so the last page
 * below 2^47 cannot be mapped. libsel4's seL4_UserTop is 0x7ffffffff000.
 */
#define USER_TOP 0x7fffffffffffull

/*
 * x86-64 paging entries in the hardware format the MMU reads (Intel SDM
 * vol. 3 section 4.5; seL4's pml4e / pdpte / pde / pte in
 * include/arch/x86/arch/64/mode/object/structures.bf).
 */
#define X86_PG_PRESENT BIT(0)
#define X86_PG_RW BIT(1)
#define X86_PG_USER BIT(2)
#define X86_PG_PWT BIT(3)
#define X86_PG_PCD BIT(4)
#define X86_PG_ACCESSED BIT(5)
#define X86_PG_DIRTY BIT(6)
#define X86_PG_PS BIT(7)       /* PDE / PDPTE: the entry maps a 2 MiB / 1 GiB page */
#define X86_PG_PAT_4K BIT(7)   /* PTE */
#define X86_PG_GLOBAL BIT(8)
#define X86_PG_PAT_BIG BIT(12) /* PDE / PDPTE mapping a page */
#define X86_PG_XD BIT(63)
/* Physical address bits of an entry that maps or points at 2^bits bytes (51-bit paddrs). */
#define X86_PG_ADDR(bits) (MASK(51) & ~MASK(bits))

/* Bits of virtual address one entry of a paging structure covers: level 0 is a page table. */
#define X86_LEVEL_BITS(level) (seL4_PageBits + seL4_PageTableIndexBits * (level))
#define X86_PT_LEVEL 0
#define X86_PD_LEVEL 1
#define X86_PDPT_LEVEL 2
#define X86_PML4_LEVEL 3

/* seL4 maskVMRights: frame rights are kernel-only, read-only or read-write (manual 7.1.3). */
word_t mask_vm_rights(word_t vm_rights, seL4_CapRights_t mask);

/* isValidNativeRoot: a PML4 cap that has an ASID. */
bool is_valid_native_root(cap_t cap);

/* findVSpaceForASID: the PML4 an ASID names, or NULL with an invalid_root lookup fault. */
uint64_t *find_vspace_for_asid(kernel_t *k, word_t asid);

/* Invocations (seL4 decodeX86FrameInvocation, decodeX86PageTableInvocation, ...). */
exception_t decode_x86_frame_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, cap_t cap,
                                        bool call, word_t *buffer);
exception_t decode_x86_page_table_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, cap_t cap,
                                             word_t *buffer);
exception_t decode_x64_page_directory_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot,
                                                 cap_t cap, word_t *buffer);
exception_t decode_x64_pdpt_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, cap_t cap,
                                       word_t *buffer);
exception_t decode_x86_asid_control_invocation(kernel_t *k, word_t label, word_t length, word_t *buffer);
exception_t decode_x86_asid_pool_invocation(kernel_t *k, word_t label, cap_t cap);

/*
 * Removing mappings (seL4 unmapPage, unmapPageTable, unmapPageDirectory,
 * unmapPDPT, deleteASID, deleteASIDPool). Each does nothing unless the
 * VSpace of the ASID still holds that very object at that address; the
 * host hears of every frame mapping that goes out of reach.
 */
void unmap_page(kernel_t *k, word_t page_size, word_t asid, vptr_t vaddr, word_t frame_paddr);
void unmap_page_table(kernel_t *k, word_t asid, vptr_t vaddr, word_t pt_paddr);
void unmap_page_directory(kernel_t *k, word_t asid, vptr_t vaddr, word_t pd_paddr);
void unmap_pdpt(kernel_t *k, word_t asid, vptr_t vaddr, word_t pdpt_paddr);
void delete_asid(kernel_t *k, word_t asid, word_t pml4_paddr);
void delete_asid_pool(kernel_t *k, word_t asid_base, word_t pool_paddr);
