/*
 * API mode front end: an seL4 program built as a Linux program. Before main
 * runs, a kernel is booted in this process with the program as its root
 * task; libsel4's syscall stubs then enter that kernel through
 * sel4emu_syscall() with the registers of seL4's x86_64 syscall ABI.
 */
#define _GNU_SOURCE
#include "runner.h"
#include "machine.h"
#include <abi.h>
#include <structures.h>

#include <sel4/sel4.h>
#include <sel4emu/entry.h>
#include <sel4runtime.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the API-mode root task's "user image" ends: IPC buffer, then bootinfo. */
#define API_IMAGE_END 0x200000000000ul

__thread seL4_IPCBuffer *__sel4_ipc_buffer;

static seL4_BootInfo *bootinfo;

/* Marks programs that carry this front end; `sel4emu run` looks for it. */
__attribute__((used, section(".sel4emu_api"))) const char sel4emu_api_marker[] = "sel4emu API mode";

static void console_write(void *ctx, const char *buf, size_t len)
{
    fwrite(buf, 1, len, stdout);
    if (memchr(buf, '\n', len))
        fflush(stdout);
}

/* A new seL4 thread's IPC buffer pointer lives in its host thread's libc TLS. */
static void before_user(struct host_thread *me, struct tcb *t)
{
    __sel4_ipc_buffer = (seL4_IPCBuffer *)t->ipc_buffer;
}

static const struct host_frontend api_frontend = {
    .before_user = before_user,
};

static struct kernel_platform api_platform;

static void NORETURN die(const char *what, const char *why)
{
    fprintf(stderr, "sel4emu: %s: %s\n", what, why);
    exit(2);
}

static size_t ram_size_from_env(void)
{
    const char *s = getenv("SEL4EMU_RAM");
    if (!s || !*s)
        return HOST_DEFAULT_RAM;
    size_t n = host_parse_size(s);
    if (!n)
        die("SEL4EMU_RAM", "not a size (examples: 256M, 1G)");
    return n;
}

__attribute__((constructor)) static void sel4emu_api_boot(void)
{
    const char *why;
    char reason[320];
    size_t ram = ram_size_from_env();

    /* Child VSpaces' trapped code needs more of Linux: checked when the first one starts (host/procs.c). */
    if (host_check_linux(false, reason, sizeof(reason)) != 0) {
        fprintf(stderr, "sel4emu: %s\n", reason);
        exit(2);
    }
    if (ram % 4096 || ram < KERNEL_MIN_RAM)
        die("SEL4EMU_RAM", "emulated RAM must be whole pages and at least 4 MiB");
    if (host_memory_create(&sys.mem, kernel_state_size(), ram, reason, sizeof(reason)) != 0) {
        fprintf(stderr, "sel4emu: %s\n", reason);
        exit(2);
    }
    sys.kernel = sys.mem.state;

    api_platform = host_kernel_platform(console_write);
    struct kernel_trace_config trace;
    char trace_why[320];
    if (host_trace_setup(&api_platform, &trace, getenv("SEL4EMU_TRACE"), getenv("SEL4EMU_TRACE_FILE"), trace_why,
                         sizeof(trace_why)) != 0) {
        fprintf(stderr, "sel4emu: %s\n", trace_why);
        exit(2);
    }
    struct kernel_boot_params p = {
        .ram = sys.mem.ram,
        .ram_paddr = HOST_RAM_PADDR,
        .ram_size = ram,
        .user_image_end = API_IMAGE_END,
        .root_name = "rootserver",
        .plat = &api_platform,
        .plat_ctx = NULL,
        .print_user_errors = host_env_flag("SEL4EMU_USER_ERRORS"),
        .trace = &trace,
    };
    host_machine_boot_facts(&p);
    if (kernel_boot(sys.kernel, &p, &sys.boot, &why) != 0)
        die("cannot boot", why);
    if (host_map_frame(&sys.mem, sys.boot.ipc_buffer, sys.boot.ipc_buffer_paddr, 4096, 1) != 0 ||
        host_map_frame(&sys.mem, sys.boot.bootinfo, sys.boot.bootinfo_paddr, 4096, 1) != 0 ||
        host_map_frame(&sys.mem, sys.boot.extra_bootinfo, sys.boot.extra_bootinfo_paddr, 4096, 1) != 0)
        die("cannot map the root task's IPC buffer and bootinfo", strerror(errno));
    __sel4_ipc_buffer = (seL4_IPCBuffer *)sys.boot.ipc_buffer;
    bootinfo = (seL4_BootInfo *)sys.boot.bootinfo;
    sys.boot_frames_mapped = true;
    sys.api_before_user = before_user;
    sys.protect_kernel = host_env_switch("SEL4EMU_PROTECT_KERNEL", true); /* for trapped code in other VSpaces */
    sys.frontend = &api_frontend;
    sys.vspace_frontend = &abi_frontend;
    host_procs_init(getpid(), kernel_thread_vspace(sys.kernel, sys.boot.root, NULL));
    host_debugger_init();
    host_announce_process(sys.boot.root);
    host_machine_init(console_write);
    host_pin_to_one_cpu(); /* before the spawner exists: every process of the system shares the CPU */
    host_start_spawner_process();
    host_threads_init(sys.boot.root, true);
}

seL4_BootInfo *sel4runtime_bootinfo(void)
{
    return bootinfo;
}

const char *sel4runtime_process_name(void)
{
    return "rootserver";
}

