/*
 * Validating an seL4 root-task ELF image (see elf.h for the rules and why).
 *
 * The file is untrusted: every header is copied out with memcpy (no
 * unaligned or out-of-bounds reads) and every offset and size is checked
 * against the file size without overflowing.
 */
#include "elf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ELF64 layouts and constants (the ELF specification; own names, so that
 * this file does not depend on which <elf.h> the include path finds). */
struct elf64_ehdr {
    unsigned char ident[16];
    uint16_t type;
    uint16_t machine;
    uint32_t version;
    uint64_t entry;
    uint64_t phoff;
    uint64_t shoff;
    uint32_t flags;
    uint16_t ehsize;
    uint16_t phentsize;
    uint16_t phnum;
    uint16_t shentsize;
    uint16_t shnum;
    uint16_t shstrndx;
};

struct elf64_phdr {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t vaddr;
    uint64_t paddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
};

struct elf64_shdr {
    uint32_t name;
    uint32_t type;
    uint64_t flags;
    uint64_t addr;
    uint64_t offset;
    uint64_t size;
    uint32_t link;
    uint32_t info;
    uint64_t addralign;
    uint64_t entsize;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header is 56 bytes");
_Static_assert(sizeof(struct elf64_shdr) == 64, "ELF64 section header is 64 bytes");

enum {
    ID_CLASS = 4,
    ID_DATA = 5,
    CLASS_32 = 1,
    CLASS_64 = 2,
    DATA_LSB = 1,
    DATA_MSB = 2,
    TYPE_REL = 1,
    TYPE_EXEC = 2,
    TYPE_DYN = 3,
    TYPE_CORE = 4,
    MACHINE_X86_64 = 62,
    SEG_LOAD = 1,
    SEG_DYNAMIC = 2,
    SEG_INTERP = 3,
    SEG_TLS = 7,
    SEG_FLAG_X = 1,
    SEG_FLAG_W = 2,
    SHN_UNDEF_ = 0,
    SEC_NOBITS = 8,
    SYM_NOTYPE = 0,
    SYM_FUNC = 2,
    SHN_XINDEX_ = 0xffff,
};

#define PAGE_SIZE_ 4096ul
#define PAGE_ROUND_DOWN(x) ((x) & ~(PAGE_SIZE_ - 1))

static const unsigned char elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

static int refuse(char *why, size_t why_size, const char *fmt, ...) PRINTF_FMT(3, 4);

static int refuse(char *why, size_t why_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (why && why_size)
        vsnprintf(why, why_size, fmt, ap);
    va_end(ap);
    return -1;
}

/* [off, off + len) lies inside a file of `size` bytes (no overflow). */
static bool in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static void read_phdr(const unsigned char *file, const struct elf64_ehdr *eh, unsigned i, struct elf64_phdr *ph)
{
    memcpy(ph, file + eh->phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

/* A loadable segment and the index of its program header. */
struct load {
    struct kernel_image_segment seg;
    unsigned index;
};

static int cmp_load(const void *a, const void *b)
{
    const struct load *x = a, *y = b;
    if (x->seg.vaddr != y->seg.vaddr)
        return x->seg.vaddr < y->seg.vaddr ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Checks shared by both modes: magic, class, byte order, header size. */
static int check_ident(const unsigned char *file, size_t size, struct elf64_ehdr *eh, char *why, size_t n)
{
    if (size < sizeof(elf_magic) || memcmp(file, elf_magic, sizeof(elf_magic)) != 0)
        return refuse(why, n, "not an ELF file");
    if (size <= ID_CLASS || file[ID_CLASS] != CLASS_64)
        return refuse(why, n, "not a 64-bit ELF file (seL4 x86_64 images are ELF64)");
    if (size <= ID_DATA || file[ID_DATA] != DATA_LSB)
        return refuse(why, n, "not a little-endian ELF file (x86_64 images are little-endian)");
    if (size < sizeof(*eh))
        return refuse(why, n, "truncated: %zu bytes, shorter than the 64-byte ELF header", size);
    memcpy(eh, file, sizeof(*eh));
    return 0;
}

static const char *type_reason(uint16_t type)
{
    switch (type) {
    case TYPE_DYN:
        return "a position-independent executable or shared object (ET_DYN), not a static executable: "
               "seL4 root tasks are static executables (ET_EXEC) linked at a fixed address";
    case TYPE_REL:
        return "a relocatable object file (ET_REL), not an executable: seL4 root tasks are static "
               "executables (ET_EXEC)";
    case TYPE_CORE:
        return "a core dump (ET_CORE), not an executable: seL4 root tasks are static executables (ET_EXEC)";
    default:
        return NULL;
    }
}

static int parse(const void *data, size_t size, struct elf_image *img, char *why, size_t n)
{
    const unsigned char *file = data;
    struct elf64_ehdr eh;
    struct elf64_phdr ph;

    if (check_ident(file, size, &eh, why, n) != 0)
        return -1;
    if (eh.machine != MACHINE_X86_64)
        return refuse(why, n, "not an x86_64 ELF file (e_machine is %u; x86_64 is %u)", eh.machine,
                      MACHINE_X86_64);
    if (eh.type != TYPE_EXEC) {
        const char *r = type_reason(eh.type);
        if (r)
            return refuse(why, n, "%s", r);
        return refuse(why, n, "not an executable (e_type is %u): seL4 root tasks are static executables (ET_EXEC)",
                      eh.type);
    }

    /* The program header table. */
    if (eh.phnum == 0)
        return refuse(why, n, "no loadable segment (PT_LOAD): the file has no program headers");
    if (eh.phentsize != sizeof(struct elf64_phdr))
        return refuse(why, n, "program header entries are %u bytes, not %zu as in ELF64", eh.phentsize,
                      sizeof(struct elf64_phdr));
    if (!in_file(eh.phoff, (uint64_t)eh.phnum * sizeof(struct elf64_phdr), size))
        return refuse(why, n,
                      "truncated: %u program headers at offset 0x%lx end beyond the end of the file (%zu bytes)",
                      eh.phnum, (unsigned long)eh.phoff, size);

    /* Dynamic linking first: it explains every later oddity of such a file. */
    for (unsigned i = 0; i < eh.phnum; i++) {
        read_phdr(file, &eh, i, &ph);
        if (ph.type == SEG_INTERP)
            return refuse(why, n,
                          "dynamically linked (program header %u is PT_INTERP, a program interpreter): "
                          "seL4 root tasks are static executables",
                          i);
        if (ph.type == SEG_DYNAMIC)
            return refuse(why, n,
                          "dynamically linked (program header %u is PT_DYNAMIC): seL4 root tasks are "
                          "static executables",
                          i);
    }

    /* Each loadable segment on its own. */
    size_t nload = 0;
    for (unsigned i = 0; i < eh.phnum; i++) {
        read_phdr(file, &eh, i, &ph);
        if (ph.type == SEG_TLS && ph.memsz) {
            img->tls_vaddr = ph.vaddr;
            img->tls_file_size = ph.filesz;
            img->tls_mem_size = ph.memsz;
            img->tls_align = ph.align;
        }
        if (ph.type != SEG_LOAD || ph.memsz == 0)
            continue;
        if (ph.filesz > ph.memsz)
            return refuse(why, n,
                          "segment %u has more bytes in the file (p_filesz 0x%lx) than in memory (p_memsz 0x%lx)",
                          i, (unsigned long)ph.filesz, (unsigned long)ph.memsz);
        if (ph.filesz && !in_file(ph.offset, ph.filesz, size)) /* p_offset of a bss-only segment is moot */
            return refuse(why, n,
                          "truncated: segment %u's 0x%lx bytes at file offset 0x%lx end beyond the end of the "
                          "file (%zu bytes)",
                          i, (unsigned long)ph.filesz, (unsigned long)ph.offset, size);
        if (ph.vaddr + ph.memsz < ph.vaddr)
            return refuse(why, n, "segment %u at 0x%lx with 0x%lx bytes wraps around the end of the address space",
                          i, (unsigned long)ph.vaddr, (unsigned long)ph.memsz);
        if (ph.vaddr < PAGE_SIZE_)
            return refuse(why, n,
                          "segment %u [0x%lx, 0x%lx) lies in page zero (below 0x1000), which seL4 images never use",
                          i, (unsigned long)ph.vaddr, (unsigned long)(ph.vaddr + ph.memsz));
        if (ph.vaddr + ph.memsz > ELF_IMAGE_USER_TOP)
            return refuse(why, n, "segment %u [0x%lx, 0x%lx) extends beyond seL4_UserTop (0x%lx)", i,
                          (unsigned long)ph.vaddr, (unsigned long)(ph.vaddr + ph.memsz), ELF_IMAGE_USER_TOP);
        nload++;
    }
    if (nload == 0)
        return refuse(why, n, "no loadable segment (PT_LOAD) with bytes in memory");

    /* The loadable segments with their program header index, by address. */
    struct load *loads = calloc(nload, sizeof(*loads));
    struct kernel_image_segment *segs = calloc(nload, sizeof(*segs));
    if (!loads || !segs) {
        free(loads);
        free(segs);
        return refuse(why, n, "out of memory");
    }
    size_t k = 0;
    for (unsigned i = 0; i < eh.phnum; i++) {
        read_phdr(file, &eh, i, &ph);
        if (ph.type != SEG_LOAD || ph.memsz == 0)
            continue;
        loads[k].index = i;
        loads[k].seg = (struct kernel_image_segment){
            .vaddr = ph.vaddr,
            .mem_size = ph.memsz,
            .data = ph.filesz ? file + ph.offset : file,
            .file_size = ph.filesz,
            .writable = (ph.flags & SEG_FLAG_W) != 0,
            .executable = (ph.flags & SEG_FLAG_X) != 0,
        };
        k++;
    }
    qsort(loads, nload, sizeof(*loads), cmp_load);
    for (size_t s = 0; s < nload; s++)
        segs[s] = loads[s].seg;

    /* Sorted by start, a segment overlaps an earlier one in bytes exactly
     * when it starts before the furthest end so far. Sharing a page is fine. */
    int rc = 0;
    size_t furthest = 0;
    for (size_t s = 1; s < nload && rc == 0; s++) {
        const struct load *a = &loads[furthest], *b = &loads[s];
        if (b->seg.vaddr < a->seg.vaddr + a->seg.mem_size) {
            if (a->index > b->index) {
                const struct load *t = a;
                a = b;
                b = t;
            }
            rc = refuse(why, n, "segments %u [0x%lx, 0x%lx) and %u [0x%lx, 0x%lx) overlap in memory", a->index,
                        (unsigned long)a->seg.vaddr, (unsigned long)(a->seg.vaddr + a->seg.mem_size), b->index,
                        (unsigned long)b->seg.vaddr, (unsigned long)(b->seg.vaddr + b->seg.mem_size));
        }
        if (loads[s].seg.vaddr + loads[s].seg.mem_size > loads[furthest].seg.vaddr + loads[furthest].seg.mem_size)
            furthest = s;
    }
    free(loads);

    word_t start = segs[0].vaddr, end = 0;
    for (size_t s = 0; s < nload; s++) {
        if (segs[s].vaddr + segs[s].mem_size > end)
            end = segs[s].vaddr + segs[s].mem_size;
    }
    end = PAGE_ROUND_DOWN(end + PAGE_SIZE_ - 1); /* below seL4_UserTop: cannot wrap */

    if (rc == 0 && start % PAGE_SIZE_ != 0)
        rc = refuse(why, n,
                    "the image starts at 0x%lx, not on a 4 KiB page boundary (seL4 requires a page-aligned "
                    "lowest segment)",
                    (unsigned long)start);
    if (rc == 0 && end > ELF_IMAGE_USER_TOP - ELF_IMAGE_BOOT_PAGES * PAGE_SIZE_)
        rc = refuse(why, n,
                    "the image ends at 0x%lx, too close to seL4_UserTop (0x%lx): seL4 maps the IPC buffer and "
                    "bootinfo in the two pages after the image",
                    (unsigned long)end, ELF_IMAGE_USER_TOP);
    if (rc == 0) {
        bool found = false;
        for (size_t s = 0; s < nload && !found; s++) {
            found = segs[s].executable && eh.entry >= segs[s].vaddr &&
                    eh.entry - segs[s].vaddr < segs[s].mem_size;
        }
        if (!found)
            rc = refuse(why, n, "the entry point 0x%lx is not inside an executable segment",
                        (unsigned long)eh.entry);
    }
    if (rc != 0) {
        free(segs);
        return rc;
    }

    img->entry = eh.entry;
    img->segments = segs;
    img->nsegments = nload;
    img->start = start;
    img->end = end;
    return 0;
}

int elf_image_parse(const void *data, size_t size, struct elf_image *img, char *why, size_t why_size)
{
    memset(img, 0, sizeof(*img));
    if (parse(data, size, img, why, why_size) != 0) {
        memset(img, 0, sizeof(*img));
        return -1;
    }
    return 0;
}

void elf_image_free(struct elf_image *img)
{
    free(img->segments);
    memset(img, 0, sizeof(*img));
}

bool elf_find_section(const void *data, size_t size, const char *name, struct elf_section *out)
{
    const unsigned char *file = data;
    struct elf64_ehdr eh;
    struct elf64_shdr sh, names;

    if (check_ident(file, size, &eh, NULL, 0) != 0)
        return false;
    if (eh.shoff == 0 || eh.shentsize != sizeof(sh) || eh.shnum == 0 || eh.shstrndx == SHN_UNDEF_ ||
        eh.shstrndx == SHN_XINDEX_ || eh.shstrndx >= eh.shnum ||
        !in_file(eh.shoff, (uint64_t)eh.shnum * sizeof(sh), size))
        return false;
    memcpy(&names, file + eh.shoff + (uint64_t)eh.shstrndx * sizeof(sh), sizeof(sh));
    if (!in_file(names.offset, names.size, size))
        return false;
    const char *strtab = (const char *)file + names.offset;
    size_t len = strlen(name);
    for (unsigned i = 0; i < eh.shnum; i++) {
        memcpy(&sh, file + eh.shoff + (uint64_t)i * sizeof(sh), sizeof(sh));
        if (sh.name < names.size && names.size - sh.name > len && memcmp(strtab + sh.name, name, len) == 0 &&
            strtab[sh.name + len] == '\0') {
            if (out) {
                *out = (struct elf_section){ .offset = sh.offset, .size = sh.size, .addr = sh.addr,
                                             .type = sh.type, .link = sh.link, .entsize = sh.entsize };
                if (sh.type != SEC_NOBITS && !in_file(sh.offset, sh.size, size))
                    return false;
            }
            return true;
        }
    }
    return false;
}

bool elf_has_section(const void *data, size_t size, const char *name)
{
    return elf_find_section(data, size, name, NULL);
}

struct elf64_sym {
    uint32_t name;
    uint8_t info, other;
    uint16_t shndx;
    uint64_t value, size;
};
_Static_assert(sizeof(struct elf64_sym) == 24, "ELF64 symbol is 24 bytes");

/* The function of one symbol table (and its string table) that contains addr, or the closest below it. */
static bool symbolize_in(const unsigned char *file, size_t size, const char *table, uint64_t addr,
                         const char **name, uint64_t *offset)
{
    struct elf_section symtab, strtab;
    struct elf64_ehdr eh;
    struct elf64_shdr sh;
    if (!elf_find_section(file, size, table, &symtab) || symtab.type == SEC_NOBITS || symtab.size == 0)
        return false;
    memcpy(&eh, file, sizeof(eh));
    if (symtab.link == 0 || symtab.link >= eh.shnum)
        return false;
    memcpy(&sh, file + eh.shoff + (uint64_t)symtab.link * sizeof(sh), sizeof(sh));
    if (!in_file(sh.offset, sh.size, size))
        return false;
    strtab = (struct elf_section){ .offset = sh.offset, .size = sh.size };

    /* Best: the innermost symbol with a size that contains addr; else the closest function without a size. */
    const char *sized = NULL, *unsized = NULL;
    uint64_t sized_at = 0, unsized_at = 0;
    for (uint64_t off = 0; off + sizeof(struct elf64_sym) <= symtab.size; off += sizeof(struct elf64_sym)) {
        struct elf64_sym sym;
        memcpy(&sym, file + symtab.offset + off, sizeof(sym));
        unsigned type = sym.info & 0xf;
        if ((type != SYM_FUNC && type != SYM_NOTYPE) || sym.shndx == SHN_UNDEF_ || sym.value > addr ||
            sym.name >= strtab.size)
            continue;
        const char *s = (const char *)file + strtab.offset + sym.name;
        if (!s[0] || !memchr(s, 0, strtab.size - sym.name))
            continue;
        if (sym.size && addr - sym.value < sym.size && (!sized || sym.value >= sized_at)) {
            sized = s;
            sized_at = sym.value;
        } else if (!sym.size && type == SYM_FUNC && (!unsized || sym.value >= unsized_at)) {
            unsized = s;
            unsized_at = sym.value;
        }
    }
    if (!sized && !unsized)
        return false;
    *name = sized ? sized : unsized;
    *offset = addr - (sized ? sized_at : unsized_at);
    return true;
}

bool elf_symbolize(const void *file, size_t size, uint64_t addr, const char **name, uint64_t *offset)
{
    return symbolize_in(file, size, ".symtab", addr, name, offset) ||
           symbolize_in(file, size, ".dynsym", addr, name, offset);
}
