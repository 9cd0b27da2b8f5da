/*
 * Small x86_64 ELF files for testing `sel4emu run`'s image checks. The base
 * file, byte by byte (little-endian ELF64):
 *
 *   0x000  ELF header: ET_EXEC, EM_X86_64, entry 0x400100, 3 program headers at 0x40
 *   0x040  program header 0: PT_LOAD R+X, offset 0, vaddr 0x400000, the headers and the code
 *   0x078  program header 1: PT_LOAD RW, offset 0x200, vaddr 0x401200, 0x10 bytes, 0x1000 in memory
 *   0x0b0  program header 2: PT_GNU_STACK RW (loads nothing)
 *   0x100  code: seL4_DebugPutChar of "tiny\n" (syscall -9), seL4_DebugHalt (syscall -11)
 *   0x200  data: 16 bytes
 */
#include "elf_samples.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PT_LOAD_ 1
#define PT_DYNAMIC_ 2
#define PT_INTERP_ 3
#define PT_NOTE_ 4
#define PT_TLS_ 7
#define PT_GNU_STACK_ 0x6474e551u
#define PF_X_ 1
#define PF_W_ 2
#define PF_R_ 4

struct sample_ehdr {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct sample_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* The file being built, with its headers as structs (written out at the end). */
struct sample {
    unsigned char bytes[SAMPLE_FILE_SIZE];
    size_t size;
    struct sample_ehdr eh;
    struct sample_phdr ph[3];
};

static size_t put_code(unsigned char *p)
{
    static const char text[] = "tiny\n";
    size_t n = 0;
    for (const char *c = text; *c; c++) {
        p[n++] = 0xbf; /* mov $c, %edi */
        p[n++] = (unsigned char)*c;
        p[n++] = 0;
        p[n++] = 0;
        p[n++] = 0;
        static const unsigned char put[] = { 0x48, 0xc7, 0xc2, 0xf7, 0xff, 0xff, 0xff, /* mov $-9, %rdx */
                                             0x0f, 0x05 };                            /* syscall */
        memcpy(p + n, put, sizeof(put));
        n += sizeof(put);
    }
    static const unsigned char halt[] = { 0x48, 0xc7, 0xc2, 0xf5, 0xff, 0xff, 0xff, /* mov $-11, %rdx */
                                          0x0f, 0x05,                               /* syscall */
                                          0xeb, 0xfe };                             /* jmp . */
    memcpy(p + n, halt, sizeof(halt));
    return n + sizeof(halt);
}

static void base(struct sample *s)
{
    memset(s, 0, sizeof(*s));
    s->size = SAMPLE_FILE_SIZE;
    size_t code = put_code(s->bytes + 0x100);
    memcpy(s->bytes + 0x200, "sel4emu tiny elf", 16);

    static const unsigned char ident[16] = { 0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* LSB */, 1 /* version */ };
    memcpy(s->eh.ident, ident, sizeof(ident));
    s->eh.type = 2; /* ET_EXEC */
    s->eh.machine = 62; /* EM_X86_64 */
    s->eh.version = 1;
    s->eh.entry = SAMPLE_ENTRY;
    s->eh.phoff = 0x40;
    s->eh.ehsize = sizeof(struct sample_ehdr);
    s->eh.phentsize = sizeof(struct sample_phdr);
    s->eh.phnum = 3;
    s->eh.shentsize = 64;

    s->ph[0] = (struct sample_phdr){ PT_LOAD_, PF_R_ | PF_X_, 0, SAMPLE_BASE, SAMPLE_BASE, 0x100 + code, 0x100 + code,
                                     0x1000 };
    s->ph[1] = (struct sample_phdr){ PT_LOAD_, PF_R_ | PF_W_, 0x200, SAMPLE_DATA, SAMPLE_DATA, 0x10, 0x1000, 0x1000 };
    s->ph[2] = (struct sample_phdr){ PT_GNU_STACK_, PF_R_ | PF_W_, 0, 0, 0, 0, 0, 0x10 };
}

static void finish(struct sample *s)
{
    memcpy(s->bytes, &s->eh, sizeof(s->eh));
    memcpy(s->bytes + 0x40, s->ph, sizeof(s->ph));
}

/* The variants: each changes the base in one way. */
static void valid(struct sample *s) { (void)s; }
static void shared_page(struct sample *s)
{
    /* data right after the code in the same page, no byte in common */
    s->ph[1].vaddr = s->ph[1].paddr = SAMPLE_BASE + 0x200;
}
static void with_tls(struct sample *s)
{
    s->ph[2] = (struct sample_phdr){ PT_TLS_, PF_R_, 0x200, SAMPLE_DATA, SAMPLE_DATA, 8, 16, 8 };
}
static void elf32(struct sample *s) { s->eh.ident[4] = 1; }
static void big_endian(struct sample *s) { s->eh.ident[5] = 2; }
static void aarch64(struct sample *s) { s->eh.machine = 183; }
static void pie(struct sample *s) { s->eh.type = 3; }
static void relocatable(struct sample *s) { s->eh.type = 1; }
static void core(struct sample *s) { s->eh.type = 4; }
static void no_type(struct sample *s) { s->eh.type = 0; }
static void interp(struct sample *s)
{
    s->ph[2] = (struct sample_phdr){ PT_INTERP_, PF_R_, 0x200, SAMPLE_DATA, SAMPLE_DATA, 0x10, 0x10, 1 };
}
static void dynamic(struct sample *s)
{
    s->ph[2] = (struct sample_phdr){ PT_DYNAMIC_, PF_R_ | PF_W_, 0x200, SAMPLE_DATA, SAMPLE_DATA, 0x10, 0x10, 8 };
}
static void no_phdrs(struct sample *s) { s->eh.phnum = 0; }
static void no_load(struct sample *s) { s->ph[0].type = s->ph[1].type = PT_NOTE_; }
static void empty_loads(struct sample *s)
{
    s->ph[0].filesz = s->ph[0].memsz = 0;
    s->ph[1].filesz = s->ph[1].memsz = 0;
}
static void phentsize(struct sample *s) { s->eh.phentsize = 32; }
static void phoff_range(struct sample *s) { s->eh.phoff = 0xfffffffffffffff0ul; }
static void phnum_range(struct sample *s) { s->eh.phnum = 1000; }
static void offset_range(struct sample *s) { s->ph[1].offset = 0xfffffffffffffff8ul; }
static void filesz_gt_memsz(struct sample *s) { s->ph[1].filesz = 0x2000; }
static void overlap(struct sample *s) { s->ph[1].vaddr = s->ph[1].paddr = SAMPLE_BASE + 0x80; }
static void wraps(struct sample *s)
{
    s->ph[1].vaddr = s->ph[1].paddr = 0xfffffffffffff000ul;
    s->ph[1].memsz = 0x2000;
}
static void above_top(struct sample *s) { s->ph[1].vaddr = s->ph[1].paddr = 0x7ffffffff000ul; }
static void kernel_half(struct sample *s) { s->ph[1].vaddr = s->ph[1].paddr = 0xffffffff80000000ul; }
static void no_boot_room(struct sample *s) { s->ph[1].vaddr = s->ph[1].paddr = 0x7fffffffd000ul; }
static void page_zero(struct sample *s)
{
    s->ph[0].vaddr = s->ph[0].paddr = 0;
    s->eh.entry = 0x100;
}
static void unaligned(struct sample *s)
{
    s->ph[0].vaddr = s->ph[0].paddr = SAMPLE_BASE + 0x10;
    s->eh.entry = SAMPLE_ENTRY + 0x10;
}
static void entry_in_data(struct sample *s) { s->eh.entry = SAMPLE_DATA; }
static void entry_outside(struct sample *s) { s->eh.entry = 0x500000; }
static void entry_past_code(struct sample *s) { s->eh.entry = SAMPLE_BASE + s->ph[0].memsz; }

struct variant {
    const char *name;
    void (*change)(struct sample *s);
    size_t cut; /* if non-zero: the file is cut to this size */
};

static const struct variant variants[] = {
    { "valid", valid, 0 },
    { "valid-shared-page", shared_page, 0 },
    { "valid-tls", with_tls, 0 },
    { "not-elf", NULL, 0 },
    { "elf32", elf32, 0 },
    { "big-endian", big_endian, 0 },
    { "aarch64", aarch64, 0 },
    { "pie", pie, 0 },
    { "relocatable", relocatable, 0 },
    { "core", core, 0 },
    { "no-type", no_type, 0 },
    { "interp", interp, 0 },
    { "dynamic", dynamic, 0 },
    { "no-phdrs", no_phdrs, 0 },
    { "no-load", no_load, 0 },
    { "empty-loads", empty_loads, 0 },
    { "truncated-header", valid, 40 },
    { "truncated-phdrs", valid, 0x60 },
    { "truncated-segment", valid, 0x208 },
    { "phentsize", phentsize, 0 },
    { "phoff-range", phoff_range, 0 },
    { "phnum-range", phnum_range, 0 },
    { "offset-range", offset_range, 0 },
    { "filesz-gt-memsz", filesz_gt_memsz, 0 },
    { "overlap", overlap, 0 },
    { "wraps", wraps, 0 },
    { "above-top", above_top, 0 },
    { "kernel-half", kernel_half, 0 },
    { "no-boot-room", no_boot_room, 0 },
    { "page-zero", page_zero, 0 },
    { "unaligned", unaligned, 0 },
    { "entry-in-data", entry_in_data, 0 },
    { "entry-outside", entry_outside, 0 },
    { "entry-past-code", entry_past_code, 0 },
};

const char *elf_sample_name(size_t i)
{
    return i < sizeof(variants) / sizeof(variants[0]) ? variants[i].name : NULL;
}

unsigned char *elf_sample_build(const char *name, size_t *size)
{
    for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
        const struct variant *v = &variants[i];
        if (strcmp(v->name, name) != 0)
            continue;
        static const char text[] = "this is not an ELF file\n";
        struct sample s;
        unsigned char *out;
        if (!v->change) {
            out = malloc(sizeof(text) - 1);
            if (out) {
                memcpy(out, text, sizeof(text) - 1);
                *size = sizeof(text) - 1;
            }
            return out;
        }
        base(&s);
        v->change(&s);
        finish(&s);
        if (v->cut)
            s.size = v->cut;
        out = malloc(s.size);
        if (out) {
            memcpy(out, s.bytes, s.size);
            *size = s.size;
        }
        return out;
    }
    return NULL;
}
