/*
 * Unit tests of host/elf.c, the checks `sel4emu run` makes on an seL4
 * root-task image: every refusal with its exact line, what a valid image
 * yields, and robustness against cut and corrupted files.
 */
#include <elf.h> /* host/elf.h (and the system's definitions through it) */

#include "elf_samples.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Every refusal, one sample each: the exact line. */
static const struct {
    const char *sample;
    const char *reason;
} refusals[] = {
    { "not-elf", "not an ELF file" },
    { "elf32", "not a 64-bit ELF file (seL4 x86_64 images are ELF64)" },
    { "big-endian", "not a little-endian ELF file (x86_64 images are little-endian)" },
    { "aarch64", "not an x86_64 ELF file (e_machine is 183; x86_64 is 62)" },
    { "pie", "a position-independent executable or shared object (ET_DYN), not a static executable: seL4 root "
             "tasks are static executables (ET_EXEC) linked at a fixed address" },
    { "relocatable", "a relocatable object file (ET_REL), not an executable: seL4 root tasks are static "
                     "executables (ET_EXEC)" },
    { "core", "a core dump (ET_CORE), not an executable: seL4 root tasks are static executables (ET_EXEC)" },
    { "no-type", "not an executable (e_type is 0): seL4 root tasks are static executables (ET_EXEC)" },
    { "interp", "dynamically linked (program header 2 is PT_INTERP, a program interpreter): seL4 root tasks are "
                "static executables" },
    { "dynamic", "dynamically linked (program header 2 is PT_DYNAMIC): seL4 root tasks are static executables" },
    { "no-phdrs", "no loadable segment (PT_LOAD): the file has no program headers" },
    { "no-load", "no loadable segment (PT_LOAD) with bytes in memory" },
    { "empty-loads", "no loadable segment (PT_LOAD) with bytes in memory" },
    { "truncated-header", "truncated: 40 bytes, shorter than the 64-byte ELF header" },
    { "truncated-phdrs", "truncated: 3 program headers at offset 0x40 end beyond the end of the file (96 bytes)" },
    { "truncated-segment", "truncated: segment 1's 0x10 bytes at file offset 0x200 end beyond the end of the file "
                           "(520 bytes)" },
    { "phentsize", "program header entries are 32 bytes, not 56 as in ELF64" },
    { "phoff-range", "truncated: 3 program headers at offset 0xfffffffffffffff0 end beyond the end of the file "
                     "(528 bytes)" },
    { "phnum-range", "truncated: 1000 program headers at offset 0x40 end beyond the end of the file (528 bytes)" },
    { "offset-range", "truncated: segment 1's 0x10 bytes at file offset 0xfffffffffffffff8 end beyond the end of "
                      "the file (528 bytes)" },
    { "filesz-gt-memsz", "segment 1 has more bytes in the file (p_filesz 0x2000) than in memory (p_memsz 0x1000)" },
    { "overlap", "segments 0 [0x400000, 0x400151) and 1 [0x400080, 0x401080) overlap in memory" },
    { "wraps", "segment 1 at 0xfffffffffffff000 with 0x2000 bytes wraps around the end of the address space" },
    { "above-top", "segment 1 [0x7ffffffff000, 0x800000000000) extends beyond seL4_UserTop (0x7ffffffff000)" },
    { "kernel-half", "segment 1 [0xffffffff80000000, 0xffffffff80001000) extends beyond seL4_UserTop "
                     "(0x7ffffffff000)" },
    { "no-boot-room", "the image ends at 0x7fffffffe000, too close to seL4_UserTop (0x7ffffffff000): seL4 maps "
                      "the IPC buffer and bootinfo in the two pages after the image" },
    { "page-zero", "segment 0 [0x0, 0x151) lies in page zero (below 0x1000), which seL4 images never use" },
    { "unaligned", "the image starts at 0x400010, not on a 4 KiB page boundary (seL4 requires a page-aligned "
                   "lowest segment)" },
    { "entry-in-data", "the entry point 0x401200 is not inside an executable segment" },
    { "entry-outside", "the entry point 0x500000 is not inside an executable segment" },
    { "entry-past-code", "the entry point 0x400151 is not inside an executable segment" },
};

static void test_refusal(const char *sample, const char *reason)
{
    size_t size;
    unsigned char *file = elf_sample_build(sample, &size);
    struct elf_image img;
    char why[512] = "";

    CHECK(file != NULL);
    if (file) {
        memset(&img, 0xa5, sizeof(img));
        CHECK_EQ(elf_image_parse(file, size, &img, why, sizeof(why)), -1);
        if (strcmp(why, reason) != 0) {
            printf("  refusal of %s:\n    want: %s\n    got:  %s\n", sample, reason, why);
            current_failed = 1;
        }
        CHECK(strchr(why, '\n') == NULL);
        /* nothing is left behind on failure */
        CHECK(img.segments == NULL);
        CHECK_EQ(img.nsegments, 0);
        CHECK_EQ(img.tls_mem_size, 0);
    }
    free(file);
    char name[128];
    snprintf(name, sizeof(name), "refuse_%s", sample);
    report(name);
}

/* Parses a sample that must be valid. */
static unsigned char *parse_valid(const char *sample, struct elf_image *img, size_t *size)
{
    unsigned char *file = elf_sample_build(sample, size);
    char why[512] = "";

    CHECK(file != NULL);
    if (!file)
        return NULL;
    if (elf_image_parse(file, *size, img, why, sizeof(why)) != 0) {
        printf("  %s refused: %s\n", sample, why);
        current_failed = 1;
    }
    return file;
}

static void test_valid(void)
{
    struct elf_image img;
    size_t size;
    unsigned char *file = parse_valid("valid", &img, &size);

    CHECK_EQ(size, SAMPLE_FILE_SIZE);
    CHECK_EQ(img.entry, SAMPLE_ENTRY);
    CHECK_EQ(img.nsegments, 2);
    CHECK_EQ(img.start, SAMPLE_BASE);
    CHECK_EQ(img.end, 0x403000); /* 0x401200 + 0x1000 rounded up */
    CHECK_EQ(img.tls_mem_size, 0);
    if (img.nsegments == 2) {
        const struct kernel_image_segment *t = &img.segments[0], *d = &img.segments[1];
        CHECK_EQ(t->vaddr, SAMPLE_BASE);
        CHECK_EQ(t->mem_size, 0x151);
        CHECK_EQ(t->file_size, 0x151);
        CHECK(t->data == file);
        CHECK(t->executable && !t->writable);
        CHECK_EQ(d->vaddr, SAMPLE_DATA);
        CHECK_EQ(d->mem_size, 0x1000);
        CHECK_EQ(d->file_size, 0x10);
        CHECK(d->data == file + 0x200);
        CHECK(d->writable && !d->executable);
        CHECK(memcmp(d->data, "sel4emu tiny elf", 16) == 0);
    }
    elf_image_free(&img);
    CHECK(img.segments == NULL);
    CHECK_EQ(img.nsegments, 0);
    free(file);
    report("valid_image");
}

/* Two segments in one page with no byte in common: one frame holds both, as on seL4. */
static void test_shared_page(void)
{
    struct elf_image img;
    size_t size;
    unsigned char *file = parse_valid("valid-shared-page", &img, &size);

    CHECK_EQ(img.nsegments, 2);
    CHECK_EQ(img.start, SAMPLE_BASE);
    CHECK_EQ(img.end, 0x402000);
    if (img.nsegments == 2) {
        CHECK_EQ(img.segments[0].vaddr + img.segments[0].mem_size, 0x400151);
        CHECK_EQ(img.segments[1].vaddr, 0x400200);
    }
    elf_image_free(&img);
    free(file);
    report("shared_page_accepted");
}

static void test_tls(void)
{
    struct elf_image img;
    size_t size;
    unsigned char *file = parse_valid("valid-tls", &img, &size);

    CHECK_EQ(img.tls_vaddr, SAMPLE_DATA);
    CHECK_EQ(img.tls_file_size, 8);
    CHECK_EQ(img.tls_mem_size, 16);
    CHECK_EQ(img.tls_align, 8);
    CHECK_EQ(img.nsegments, 2); /* PT_TLS is not a segment of its own */
    elf_image_free(&img);
    free(file);
    report("tls_segment_reported");
}

/* Patches program header i of a built sample. */
static void set_phdr(unsigned char *file, int i, uint32_t type, uint32_t flags, uint64_t offset, uint64_t vaddr,
                     uint64_t filesz, uint64_t memsz)
{
    Elf64_Phdr ph = { .p_type = type, .p_flags = flags, .p_offset = offset, .p_vaddr = vaddr,
                      .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz, .p_align = 0x1000 };
    memcpy(file + 0x40 + (size_t)i * sizeof(ph), &ph, sizeof(ph));
}

static int parse_patched(unsigned char *file, size_t size, char *why, size_t n, struct elf_image *img)
{
    int rc = elf_image_parse(file, size, img, why, n);
    if (rc == 0)
        elf_image_free(img);
    return rc;
}

/* Overlap with a segment that is not the previous one by address; segments
 * in header order other than address order; zero-size PT_LOADs ignored. */
static void test_overlap_cases(void)
{
    size_t size;
    unsigned char *file = elf_sample_build("valid", &size);
    struct elf_image img;
    char why[512];

    /* a big data segment, and a third one inside it but after the second */
    set_phdr(file, 1, PT_LOAD, PF_R | PF_W, 0x200, 0x500000, 0x10, 0x100000);
    set_phdr(file, 2, PT_LOAD, PF_R | PF_W, 0x200, 0x5ff000, 0x10, 0x10);
    CHECK_EQ(parse_patched(file, size, why, sizeof(why), &img), -1);
    CHECK(strcmp(why, "segments 1 [0x500000, 0x600000) and 2 [0x5ff000, 0x5ff010) overlap in memory") == 0);

    /* three disjoint segments, headers not in address order */
    set_phdr(file, 1, PT_LOAD, PF_R | PF_W, 0x200, 0x700000, 0x10, 0x100);
    set_phdr(file, 2, PT_LOAD, PF_R, 0x200, 0x600000, 0x10, 0x10);
    CHECK_EQ(elf_image_parse(file, size, &img, why, sizeof(why)), 0);
    CHECK_EQ(img.nsegments, 3);
    if (img.nsegments == 3) {
        CHECK_EQ(img.segments[0].vaddr, 0x400000);
        CHECK_EQ(img.segments[1].vaddr, 0x600000);
        CHECK_EQ(img.segments[2].vaddr, 0x700000);
    }
    CHECK_EQ(img.end, 0x701000);
    elf_image_free(&img);

    /* two segments whose pages meet exactly: fine; one byte more overlaps */
    set_phdr(file, 1, PT_LOAD, PF_R | PF_W, 0x200, 0x400151, 0x10, 0x20);
    set_phdr(file, 2, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
    CHECK_EQ(parse_patched(file, size, why, sizeof(why), &img), 0);
    set_phdr(file, 1, PT_LOAD, PF_R | PF_W, 0x200, 0x400150, 0x10, 0x20);
    CHECK_EQ(parse_patched(file, size, why, sizeof(why), &img), -1);
    CHECK(strcmp(why, "segments 0 [0x400000, 0x400151) and 1 [0x400150, 0x400170) overlap in memory") == 0);

    /* a zero-size PT_LOAD anywhere (even in page zero) loads nothing */
    set_phdr(file, 1, PT_LOAD, PF_R | PF_W, 0x200, 0x401200, 0x10, 0x1000);
    set_phdr(file, 2, PT_LOAD, PF_R, 0, 0, 0, 0);
    CHECK_EQ(elf_image_parse(file, size, &img, why, sizeof(why)), 0);
    CHECK_EQ(img.nsegments, 2);
    elf_image_free(&img);

    /* a segment without file bytes: its p_offset does not matter */
    set_phdr(file, 2, PT_LOAD, PF_R | PF_W, 0xffffffffffff0000ul, 0x500000, 0, 0x3000);
    CHECK_EQ(elf_image_parse(file, size, &img, why, sizeof(why)), 0);
    CHECK_EQ(img.nsegments, 3);
    if (img.nsegments == 3) {
        CHECK_EQ(img.segments[2].vaddr, 0x500000);
        CHECK_EQ(img.segments[2].file_size, 0);
        CHECK(img.segments[2].data == file);
    }
    CHECK_EQ(img.end, 0x503000);
    elf_image_free(&img);
    set_phdr(file, 2, PT_LOAD, PF_R, 0, 0, 0, 0);

    /* the image may end exactly two pages below seL4_UserTop */
    set_phdr(file, 1, PT_LOAD, PF_R | PF_W, 0x200, 0x7fffffffc000, 0x10, 0x1000);
    CHECK_EQ(elf_image_parse(file, size, &img, why, sizeof(why)), 0);
    CHECK_EQ(img.end, ELF_IMAGE_USER_TOP - 2 * 4096);
    elf_image_free(&img);
    /* entry at the last byte of the text segment */
    set_phdr(file, 1, PT_LOAD, PF_R | PF_W, 0x200, 0x401200, 0x10, 0x1000);
    Elf64_Ehdr eh;
    memcpy(&eh, file, sizeof(eh));
    eh.e_entry = SAMPLE_BASE + 0x150;
    memcpy(file, &eh, sizeof(eh));
    CHECK_EQ(parse_patched(file, size, why, sizeof(why), &img), 0);
    free(file);
    report("overlap_and_bounds_cases");
}

/* Every prefix of a valid file, and every single corrupted byte of its
 * headers, is refused or accepted without reading outside the file (ASan
 * build) and with a one-line reason. */
static void test_robustness(void)
{
    size_t size;
    unsigned char *valid = elf_sample_build("valid", &size);
    struct elf_image img;
    char why[512];

    for (size_t cut = 0; cut < size; cut++) {
        unsigned char *p = malloc(cut ? cut : 1);
        memcpy(p, valid, cut);
        why[0] = '\0';
        CHECK_EQ(elf_image_parse(p, cut, &img, why, sizeof(why)), -1);
        CHECK(why[0] != '\0' && strchr(why, '\n') == NULL);
        free(p);
    }
    unsigned seed = 12345;
    for (int round = 0; round < 20000; round++) {
        unsigned char *p = malloc(size);
        memcpy(p, valid, size);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % 0xe8; /* ELF and program headers */
            seed = seed * 1103515245u + 12345u;
            p[at] = (unsigned char)(seed >> 16);
        }
        why[0] = '\0';
        if (elf_image_parse(p, size, &img, why, sizeof(why)) == 0) {
            for (size_t s = 0; s < img.nsegments; s++) {
                const struct kernel_image_segment *g = &img.segments[s];
                CHECK((const unsigned char *)g->data >= p &&
                      (const unsigned char *)g->data + g->file_size <= p + size);
                CHECK(g->file_size <= g->mem_size);
                CHECK(g->vaddr >= 4096 && g->vaddr + g->mem_size <= ELF_IMAGE_USER_TOP);
            }
            elf_image_free(&img);
        } else {
            CHECK(why[0] != '\0' && strchr(why, '\n') == NULL);
        }
        free(p);
    }
    /* a reason buffer that is too small truncates, it does not overflow */
    char tiny[8];
    CHECK_EQ(elf_image_parse("nope", 4, &img, tiny, sizeof(tiny)), -1);
    CHECK(strcmp(tiny, "not an ") == 0);
    CHECK_EQ(elf_image_parse("nope", 4, &img, NULL, 0), -1);
    free(valid);
    report("cut_and_corrupted_files");
}

/* Finds sections by name, as `sel4emu run` does for the API-mode marker. */
static void test_has_section(void)
{
    FILE *f = fopen("/proc/self/exe", "rb");
    unsigned char *self = NULL;
    size_t size = 0, cap = 0;
    CHECK(f != NULL);
    while (f) {
        if (size == cap) {
            cap = cap ? cap * 2 : 1 << 20;
            self = realloc(self, cap);
        }
        size_t n = fread(self + size, 1, cap - size, f);
        if (n == 0)
            break;
        size += n;
    }
    if (f)
        fclose(f);
    CHECK(elf_has_section(self, size, ".text"));
    CHECK(elf_has_section(self, size, ".data"));
    CHECK(!elf_has_section(self, size, ".sel4emu_api"));
    CHECK(!elf_has_section(self, size, ".tex"));
    CHECK(!elf_has_section(self, size, ".texts"));
    CHECK(!elf_has_section(self, size / 2, ".text")); /* section headers are at the end */
    CHECK(!elf_has_section("hello", 5, ".text"));
    size_t n;
    unsigned char *sample = elf_sample_build("valid", &n);
    CHECK(!elf_has_section(sample, n, ".text")); /* no section headers at all */
    free(sample);
    free(self);
    report("has_section");
}

int main(void)
{
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
        test_refusal(refusals[i].sample, refusals[i].reason);
    /* every broken sample has its expected line above */
    size_t broken = 0;
    for (size_t i = 0; elf_sample_name(i); i++) {
        if (strncmp(elf_sample_name(i), "valid", 5) != 0)
            broken++;
    }
    CHECK_EQ(broken, sizeof(refusals) / sizeof(refusals[0]));
    report("every_sample_checked");
    test_valid();
    test_shared_page();
    test_tls();
    test_overlap_cases();
    test_robustness();
    test_has_section();
    printf("elf: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
