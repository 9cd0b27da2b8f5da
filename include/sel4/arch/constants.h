/* x86 constants shared by IA32 and x86_64 (libsel4 arch_include/x86). */
#pragma once

#define TLS_GDT_ENTRY 7
#define TLS_GDT_SELECTOR ((TLS_GDT_ENTRY << 3) | 3)
#define IPCBUF_GDT_ENTRY 8
#define IPCBUF_GDT_SELECTOR ((IPCBUF_GDT_ENTRY << 3) | 3)

#define seL4_DataFault 0
#define seL4_InstructionFault 1

/* Legacy PIC IRQs are remapped to vectors starting here. */
#define IRQ_OFFSET (0x20 + 16)
#define VECTOR_MIN 0
#define VECTOR_MAX 109
#define MSI_MIN 0
#define MSI_MAX (VECTOR_MAX - MSI_MIN)

#define seL4_NumASIDPoolsBits 3
#define seL4_ASIDPoolIndexBits 9
#define seL4_ASIDPoolBits 12
#define seL4_PageTableEntryBits 3
#define seL4_PageTableIndexBits 9
#define seL4_PageDirEntryBits 3
#define seL4_PageDirIndexBits 9
#define seL4_IOPageTableBits 12
#define seL4_WordSizeBits 3

#define seL4_PageBits 12
#define seL4_LargePageBits 21
#define seL4_PageTableBits 12
#define seL4_PageDirBits 12
