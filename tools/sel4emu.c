/*
 * sel4emu: runs seL4 programs on Linux.
 *
 *   sel4emu run [options] PROGRAM [ARGS...]
 *
 * An API-mode PROGRAM (a Linux program linked with libsel4emu, marked by its
 * .sel4emu_api section) is started with the options passed in its
 * environment; it boots its own kernel. Anything else must be an seL4
 * root-task image (a static x86_64 ELF executable, checked by host/elf.c)
 * and runs in ABI mode. Every refusal is one line, `sel4emu: FILE: reason`,
 * and exit status 2.
 */
#define _GNU_SOURCE
#include <host.h>
#include <abi.h>
#include "elf.h" /* host/elf.h: seL4 image checks */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
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
            "  --protect-kernel\n"
            "                  run trapped seL4 code with the kernel's memory read-only, so a\n"
            "                  wild store is the component's VM fault (slower kernel entries)\n"
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

/* What `sel4emu run` was asked to run, and how. */
struct run_options {
    const char *program; /* the path as given */
    int argc;            /* PROGRAM and its arguments */
    char **argv;
    size_t ram_size;     /* emulated RAM in bytes (--ram, else SEL4EMU_RAM, else the default) */
    bool user_errors;    /* --user-errors or SEL4EMU_USER_ERRORS */
    bool protect_kernel; /* --protect-kernel or SEL4EMU_PROTECT_KERNEL */
};

/*
 * ABI mode: boot an emulated kernel with this validated seL4 root-task
 * image and run it, trapping its `syscall` instructions. The file the image
 * points into stays mapped for the call. Returns the exit status.
 */
static int run_abi_image(const struct elf_image *img, const void *file, size_t size, const struct run_options *opt)
{
    struct abi_options abi = {
        .program = opt->program,
        .file = file,
        .file_size = size,
        .segments = img->segments,
        .nsegments = img->nsegments,
        .entry = img->entry,
        .ram_size = opt->ram_size,
        .user_errors = opt->user_errors,
        .protect_kernel = opt->protect_kernel,
    };
    return abi_run(&abi);
}

static bool flag_from_env(const char *name)
{
    const char *s = getenv(name);
    return s && *s && strcmp(s, "0") != 0;
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
        } else if (strcmp(argv[i], "--protect-kernel") == 0) {
            setenv("SEL4EMU_PROTECT_KERNEL", "1", 1);
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
    unsigned char *file = read_file(program, &size, &why);
    if (!file)
        return fail(program, why);

    /* API mode: a Linux program carrying libsel4emu boots its own kernel. */
    if (elf_has_section(file, size, ".sel4emu_api")) {
        free(file);
        execv(program, &argv[i]);
        return fail(program, strerror(errno));
    }

    /* ABI mode: an unmodified seL4 root-task image. */
    char reason[512];
    struct elf_image img;
    if (elf_image_parse(file, size, &img, reason, sizeof(reason)) != 0) {
        free(file);
        return fail(program, reason);
    }
    struct run_options opt = {
        .program = program,
        .argc = argc - i,
        .argv = &argv[i],
        .ram_size = HOST_DEFAULT_RAM,
        .user_errors = flag_from_env("SEL4EMU_USER_ERRORS"),
        .protect_kernel = flag_from_env("SEL4EMU_PROTECT_KERNEL"),
    };
    const char *ram = getenv("SEL4EMU_RAM");
    if (ram && *ram) {
        opt.ram_size = host_parse_size(ram);
        if (!opt.ram_size || opt.ram_size % 4096 || opt.ram_size < (4ul << 20)) {
            elf_image_free(&img);
            free(file);
            return fail("SEL4EMU_RAM", "expects a size of at least 4M in whole pages, e.g. 64M or 1G");
        }
    }
    int status = run_abi_image(&img, file, size, &opt);
    elf_image_free(&img);
    free(file);
    return status;
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
