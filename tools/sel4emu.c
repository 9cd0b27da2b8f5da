/*
 * sel4emu: runs seL4 programs on Linux.
 *
 *   sel4emu run [options] PROGRAM [ARGS...]
 *
 * An API-mode PROGRAM (a Linux program linked with libsel4emu) is started
 * with the options passed in its environment; it boots its own kernel.
 */
#define _GNU_SOURCE
#include <host.h>

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEL4EMU_VERSION "0.1"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: sel4emu run [options] PROGRAM [ARGS...]\n"
            "\n"
            "Runs an seL4 root task as a Linux process.\n"
            "\n"
            "options:\n"
            "  --ram SIZE      emulated RAM (default 256M; e.g. 64M, 1G)\n"
            "  --user-errors   print seL4's invocation error messages, as a debug kernel does\n"
            "  -h, --help      this text\n"
            "  --version       the version\n");
}

static int fail(const char *program, const char *why)
{
    fprintf(stderr, "sel4emu: %s: %s\n", program, why);
    return 2;
}

/* Reads the whole file; NULL with *why set when it is not something we run. */
static unsigned char *read_file(const char *path, size_t *size, const char **why)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        *why = "not a regular file";
        return NULL;
    }
    unsigned char *buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    size_t got = 0;
    while (buf && got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!buf || got != (size_t)st.st_size) {
        free(buf);
        *why = "cannot read the file";
        return NULL;
    }
    *size = got;
    return buf;
}

/* An x86_64 ELF whose section headers name the libsel4emu marker section. */
static const char *classify(const unsigned char *img, size_t size, int *api_mode)
{
    *api_mode = 0;
    if (size < sizeof(Elf64_Ehdr) || memcmp(img, ELFMAG, SELFMAG) != 0)
        return "not an ELF file";
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return "not a 64-bit ELF file (seL4 x86_64 programs are ELF64)";
    if (eh->e_machine != EM_X86_64)
        return "not an x86_64 ELF file";
    if (eh->e_shoff == 0 || eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > size ||
        (size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum || eh->e_shstrndx >= eh->e_shnum)
        return NULL;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
    const Elf64_Shdr *names = &sh[eh->e_shstrndx];
    if (names->sh_offset > size || names->sh_size > size - names->sh_offset)
        return NULL;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_name < names->sh_size &&
            strncmp((const char *)img + names->sh_offset + sh[i].sh_name, ".sel4emu_api",
                    names->sh_size - sh[i].sh_name) == 0)
            *api_mode = 1;
    }
    return NULL;
}

static int cmd_run(int argc, char **argv)
{
    int i = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--ram") == 0 && i + 1 < argc) {
            size_t n = host_parse_size(argv[++i]);
            if (!n || n % 4096 || n < (4ul << 20))
                return fail("--ram", "expects a size of at least 4M in whole pages, e.g. 64M or 1G");
            setenv("SEL4EMU_RAM", argv[i], 1);
        } else if (strcmp(argv[i], "--user-errors") == 0) {
            setenv("SEL4EMU_USER_ERRORS", "1", 1);
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "sel4emu: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const char *program = argv[i], *why;
    size_t size;
    unsigned char *img = read_file(program, &size, &why);
    if (!img)
        return fail(program, why);
    int api_mode;
    why = classify(img, size, &api_mode);
    free(img);
    if (why)
        return fail(program, why);
    if (!api_mode)
        return fail(program, "not linked with libsel4emu; running seL4 ELF images (ABI mode) is not "
                             "implemented yet");
    execv(program, &argv[i]);
    return fail(program, strerror(errno));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("sel4emu %s\n", SEL4EMU_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    fprintf(stderr, "sel4emu: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
