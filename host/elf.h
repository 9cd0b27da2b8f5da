/*
 * Validating an seL4 root-task ELF image for `sel4emu run` (ABI mode).
 *
 * elf_image_parse() takes a whole file in memory and either describes the
 * loadable image (entry point and PT_LOAD segments, in the form the kernel
 * core's boot takes: struct kernel_image_segment) or refuses it with one
 * human-readable line saying what is wrong and why.
 *
 * What is accepted follows what the seL4 kernel's x86 boot code loads
 * (src/arch/x86/kernel/boot_sys.c load_boot_module, elf.c), made stricter
 * where seL4 silently loads something broken:
 *
 *  - an ELF64, little-endian, x86_64 (EM_X86_64) static executable (ET_EXEC)
 *    with no PT_INTERP and no PT_DYNAMIC and at least one PT_LOAD;
 *  - headers and every segment's file bytes inside the file, p_filesz <=
 *    p_memsz;
 *  - every segment at or above 4 KiB (page zero is never part of an image),
 *    not wrapping, below seL4_UserTop; the image (lowest segment start to
 *    highest segment end rounded up to a page) starts on a page boundary and
 *    leaves two pages below seL4_UserTop for the IPC buffer and bootinfo
 *    frames, which seL4 maps right after it (seL4 refuses both otherwise:
 *    "Userland image virtual start address must be 4KB-aligned", "... end
 *    address too high");
 *  - segments that do not overlap in bytes. seL4 copies every segment into
 *    one physically contiguous region covering the whole image and maps
 *    every page of it as one frame, so two segments may share a page (the
 *    frame then holds bytes of both) as long as their byte ranges are
 *    disjoint. Overlapping byte ranges would make the result depend on load
 *    order: seL4 would let the later program header win; we refuse them.
 *    seL4 maps every frame of the image writable and executable on x86; a
 *    loader that honours segment flags should give a shared page the union
 *    of its segments' rights;
 *  - an entry point inside an executable (PF_X) segment (seL4 only requires
 *    it to lie inside the image).
 *
 * PT_LOAD headers with p_memsz == 0 load nothing and are left out. The
 * p_offset of a segment with no file bytes (p_filesz == 0, all .bss) is not
 * looked at; its data pointer is the file's start. Other
 * program headers (PT_TLS, PT_NOTE, PT_GNU_STACK, PT_GNU_RELRO, ...) are
 * ignored: seL4's loader also copies them, but they lie inside PT_LOAD
 * segments, whose bytes they repeat.
 *
 * Refusal lines name program headers by their index, as `readelf -l` counts
 * them, and memory ranges as [start, end).
 */
#pragma once

/* Files that include <elf.h> (or <link.h>, which does) with host/ on the
 * include path still get the system's definitions; nothing below clashes
 * with them. (Included as "elf.h" from host/ itself, the search restarts
 * and may find this file again, which is harmless.) */
#if defined(__has_include_next)
#ifdef __clang__
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winclude-next-absolute-path"
#endif
#if __has_include_next(<elf.h>)
#include_next <elf.h>
#endif
#ifdef __clang__
#pragma clang diagnostic pop
#endif
#endif

#include <kernel.h>

#include <stdbool.h>
#include <stddef.h>

/* seL4_UserTop on x86_64 (the first address user mappings may not use). */
#define ELF_IMAGE_USER_TOP 0x7ffffffff000ul
/* The IPC buffer and bootinfo frames seL4 maps right after the image. */
#define ELF_IMAGE_BOOT_PAGES 2

struct elf_image {
    word_t entry;                          /* e_entry */
    struct kernel_image_segment *segments; /* PT_LOAD with p_memsz > 0, by ascending vaddr */
    size_t nsegments;
    word_t start;                          /* lowest segment vaddr (page-aligned) */
    word_t end;                            /* highest segment end, rounded up to 4 KiB */
    /* PT_TLS of the image, if any (tls_mem_size 0 if none). */
    word_t tls_vaddr, tls_file_size, tls_mem_size, tls_align;
};

/*
 * Parses and checks an seL4 root-task image. file/size is the whole file,
 * which must outlive *img (segments point into it). Returns 0 and fills
 * *img, or -1 with one line (no newline) in why[0..why_size) and *img empty.
 */
int elf_image_parse(const void *file, size_t size, struct elf_image *img, char *why, size_t why_size);

/* Frees what elf_image_parse allocated; *img is empty afterwards. */
void elf_image_free(struct elf_image *img);

/*
 * True if file is an ELF64 little-endian file whose section headers include
 * a section of that name (e.g. ".sel4emu_api", the mark of API-mode
 * programs). False for anything malformed.
 */
bool elf_has_section(const void *file, size_t size, const char *name);

/* A section of an ELF file: where its bytes are in the file and its address. */
struct elf_section {
    uint64_t offset, size, addr;
    uint32_t type, link;
    uint64_t entsize;
};

/*
 * Finds the section called name in an ELF64 little-endian file: true and
 * *out (if out is not NULL; its bytes lie inside the file unless it is
 * SHT_NOBITS), or false for none or anything malformed.
 */
bool elf_find_section(const void *file, size_t size, const char *name, struct elf_section *out);

/*
 * The function symbol of the file that contains addr (a link-time address):
 * its name (inside the file) and addr's offset into it, from .symtab, else
 * .dynsym. False when no symbol covers addr (e.g. a stripped file).
 */
bool elf_symbolize(const void *file, size_t size, uint64_t addr, const char **name, uint64_t *offset);
