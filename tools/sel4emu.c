/*
 * sel4emu: runs seL4 programs on Linux.
 *
 *   sel4emu run [options] PROGRAM [ARGS...]
 *   sel4emu gdb [GDB-OPTIONS --] [options] PROGRAM [ARGS...]
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
#include <limits.h>
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
            "       sel4emu gdb [GDB-OPTIONS --] [options] PROGRAM [ARGS...]\n"
            "\n"
            "Runs an seL4 root task as a Linux process; `gdb` runs it under gdb (as --gdb),\n"
            "with GDB-OPTIONS (e.g. -batch -ex CMD) passed to gdb.\n"
            "\n"
            "options:\n"
            "  --ram SIZE      emulated RAM (default 256M; e.g. 64M, 1G)\n"
            "  --user-errors   print seL4's invocation error messages, as a debug kernel does\n"
            "  --no-protect-kernel\n"
            "                  leave the kernel window (the kernel's state and all RAM) open\n"
            "                  to seL4 code: IPC about 3.7x faster, but a wild access\n"
            "                  reaches the kernel and other components (default: closed)\n"
            "  --gdb           run the system under gdb, with sel4emu's seL4 commands\n"
            "                  (sel4 threads, sel4 tcb, sel4 cspace, sel4 faulthandler)\n"
            "  --pids          print each address space's process id and the gdb\n"
            "                  command that attaches to it, as its process starts\n"
            "  --trace[=SPEC]  print every seL4 syscall and invocation on stderr, like strace;\n"
            "                  SPEC is a comma list of errors (failing calls only), thread=NAME,\n"
            "                  object=KIND (endpoint, notification, reply, cnode, untyped, tcb,\n"
            "                  irq, ioport, frame, paging, asid, domain) and putchar\n"
            "                  (seL4_DebugPutChar too)\n"
            "  --trace-file=PATH\n"
            "                  write the trace to PATH instead of stderr (implies --trace)\n"
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
    bool protect_kernel; /* unless --no-protect-kernel or SEL4EMU_PROTECT_KERNEL=0 */
    const char *trace;      /* --trace[=SPEC] or SEL4EMU_TRACE */
    const char *trace_file; /* --trace-file or SEL4EMU_TRACE_FILE */
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
        .trace = opt->trace,
        .trace_file = opt->trace_file,
    };
    return abi_run(&abi);
}

/* gdb options given to `sel4emu gdb` before its `--`. */
static char **gdb_options;
static int n_gdb_options;

/*
 * Replaces this process with gdb running PROGRAM: an API-mode program
 * directly; an seL4 image as `sel4emu run`, with gdb following the fork
 * into the root task's process and loading the image's symbols there.
 */
static int exec_gdb(bool api_mode, int argc, char **argv)
{
    char self[PATH_MAX], script[PATH_MAX + 32], image[PATH_MAX], load[PATH_MAX + 16];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return fail("--gdb", "cannot find the sel4emu executable (/proc/self/exe)");
    self[n] = 0;
    snprintf(script, sizeof(script), "%.*s/sel4emu_gdb.py", (int)(strrchr(self, '/') - self), self);
    if (access(script, R_OK) != 0)
        return fail(script, "gdb's seL4 commands are missing: rebuild sel4emu");
    char **args = calloc((size_t)(n_gdb_options + argc + 12), sizeof(char *));
    int a = 0;
    args[a++] = "gdb";
    args[a++] = "-q";
    args[a++] = "-x";
    args[a++] = script;
    if (!api_mode) {
        if (!realpath(argv[0], image))
            return fail(argv[0], strerror(errno));
        snprintf(load, sizeof(load), "sel4 image %s", image);
        args[a++] = "-ex";
        args[a++] = load;
    }
    for (int j = 0; j < n_gdb_options; j++)
        args[a++] = gdb_options[j];
    args[a++] = "--args";
    if (!api_mode) {
        args[a++] = self;
        args[a++] = "run";
        args[a++] = "--";
    }
    for (int j = 0; j < argc; j++)
        args[a++] = argv[j];
    setenv("SEL4EMU_GDB", "1", 1);
    execvp("gdb", args);
    return fail("gdb", errno == ENOENT ? "not installed (tools/install-deps.sh installs it)" : strerror(errno));
}

/* The trace spec must parse (in both modes): one line naming where it came from, else. */
static int check_trace_spec(const char *source)
{
    struct kernel_trace_config cfg;
    char why[256];
    if (kernel_trace_parse(getenv("SEL4EMU_TRACE"), &cfg, why, sizeof(why)) != 0)
        return fail(source, why);
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    int i = 0;
    bool gdb = false;
    const char *trace_source = "SEL4EMU_TRACE";
    bool trace_file = false;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--ram") == 0 && i + 1 < argc) {
            size_t n = host_parse_size(argv[++i]);
            if (!n || n % 4096 || n < (4ul << 20))
                return fail("--ram", "expects a size of at least 4M in whole pages, e.g. 64M or 1G");
            setenv("SEL4EMU_RAM", argv[i], 1);
        } else if (strcmp(argv[i], "--user-errors") == 0) {
            setenv("SEL4EMU_USER_ERRORS", "1", 1);
        } else if (strcmp(argv[i], "--protect-kernel") == 0) { /* the default; kept for older scripts */
            setenv("SEL4EMU_PROTECT_KERNEL", "1", 1);
        } else if (strcmp(argv[i], "--no-protect-kernel") == 0) {
            setenv("SEL4EMU_PROTECT_KERNEL", "0", 1);
        } else if (strcmp(argv[i], "--gdb") == 0) {
            gdb = true;
        } else if (strcmp(argv[i], "--pids") == 0) {
            setenv("SEL4EMU_PIDS", "1", 1);
        } else if (strcmp(argv[i], "--trace") == 0 || strncmp(argv[i], "--trace=", 8) == 0) {
            setenv("SEL4EMU_TRACE", argv[i][7] ? argv[i] + 8 : "1", 1);
            trace_source = "--trace";
        } else if (strncmp(argv[i], "--trace-file=", 13) == 0 && argv[i][13]) {
            setenv("SEL4EMU_TRACE_FILE", argv[i] + 13, 1);
            trace_file = true;
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
    if (trace_file && strcmp(trace_source, "--trace") != 0 && !host_env_flag("SEL4EMU_TRACE"))
        setenv("SEL4EMU_TRACE", "1", 1); /* --trace-file alone traces everything */
    if (check_trace_spec(trace_source) != 0)
        return 2;
    const char *program = argv[i], *why;
    size_t size;
    unsigned char *file = read_file(program, &size, &why);
    if (!file)
        return fail(program, why);

    /* API mode: a Linux program carrying libsel4emu boots its own kernel. */
    if (elf_has_section(file, size, ".sel4emu_api")) {
        free(file);
        if (gdb)
            return exec_gdb(true, argc - i, &argv[i]);
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
    if (gdb) {
        elf_image_free(&img);
        free(file);
        return exec_gdb(false, argc - i, &argv[i]);
    }
    struct run_options opt = {
        .program = program,
        .argc = argc - i,
        .argv = &argv[i],
        .ram_size = HOST_DEFAULT_RAM,
        .user_errors = host_env_flag("SEL4EMU_USER_ERRORS"),
        .protect_kernel = host_env_switch("SEL4EMU_PROTECT_KERNEL", true),
        .trace = getenv("SEL4EMU_TRACE"),
        .trace_file = getenv("SEL4EMU_TRACE_FILE"),
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
    if (strcmp(argv[1], "gdb") == 0) {
        /* sel4emu gdb [GDB-OPTIONS --] [options] PROGRAM [ARGS...] = sel4emu run --gdb ... */
        int rest = 2;
        for (int j = 2; j < argc; j++) {
            if (strcmp(argv[j], "--") == 0) {
                gdb_options = &argv[2];
                n_gdb_options = j - 2;
                rest = j + 1;
                break;
            }
        }
        argv[rest - 1] = "--gdb";
        return cmd_run(argc - rest + 1, argv + rest - 1);
    }
    fprintf(stderr, "sel4emu: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
