/*
 * A test bench for sel4emu's native runtime (runtime/), independent of the
 * emulated kernel: it loads a static seL4 root task the way seL4 does (the
 * image checked by host/elf.c, the IPC buffer and bootinfo frames in the two
 * pages after it), starts it at its entry with RDI = bootinfo, RSP = 0 and
 * every other register 0, and traps its `syscall` instructions with Syscall
 * User Dispatch. It answers only the system calls a runtime needs before
 * and after main: DebugPutChar (-9, to stdout), DebugNameThread (-14,
 * reported on stderr), SetTLSBase (-29, loads FS), Yield (-7) and DebugHalt
 * (-11, exit status 0). Every trapped syscall returns as seL4's sysretq
 * does: RSP = 0, RCX = the next rip, R11 = RFLAGS. Anything else is reported
 * and ends the run with status 3.
 *
 *   sud-runner IMAGE
 *
 * Built as a static PIE without sanitizers: all of its own code, libc's
 * included, is the range Syscall User Dispatch lets through, and the SIGSYS
 * handler runs with the seL4 program's FS, so it uses no libc and no TLS.
 */
#define _GNU_SOURCE
#include "elf.h" /* host/elf.h */

#include <asm/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_ON 1
#endif

/* The runner's own code: Syscall User Dispatch lets syscalls from here through. */
extern const char __executable_start[], etext[];

static uintptr_t ipc_buffer;
static void *entry; /* static: addressed RIP-relative after RSP is 0 */

/* --- used in the SIGSYS handler: no libc, no TLS --- */

static long raw_syscall3(long n, long a, long b, long c)
{
    long ret;
    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return ret;
}

static char out[4096];
static size_t out_len;

static void flush(void)
{
    size_t done = 0;
    while (done < out_len) {
        long n = raw_syscall3(SYS_write, 1, (long)(out + done), (long)(out_len - done));
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    out_len = 0;
}

static void put(char c)
{
    out[out_len++] = c;
    if (c == '\n' || out_len == sizeof(out))
        flush();
}

static void err_str(const char *s)
{
    raw_syscall3(SYS_write, 2, (long)s, (long)__builtin_strlen(s));
}

static void err_num(long v)
{
    char buf[24];
    int i = sizeof(buf);
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--i] = '-';
    raw_syscall3(SYS_write, 2, (long)(buf + i), (long)(sizeof(buf) - i));
}

static void __attribute__((noreturn)) finish(int status)
{
    flush();
    raw_syscall3(SYS_exit_group, status, 0, 0);
    __builtin_unreachable();
}

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)si;
    greg_t *r = ((ucontext_t *)ctx)->uc_mcontext.gregs;
    long sys = (long)r[REG_RDX];

    switch (sys) {
    case -9: /* seL4_SysDebugPutChar */
        put((char)r[REG_RDI]);
        break;
    case -14: { /* seL4_SysDebugNameThread: the name is in the IPC buffer's msg[] */
        const char *name = (const char *)(ipc_buffer + 8);
        err_str("sud-runner: DebugNameThread(");
        err_num((long)r[REG_RDI]);
        err_str(", \"");
        err_str(name);
        err_str("\")\n");
        break;
    }
    case -29: /* seL4_SysSetTLSBase */
        raw_syscall3(SYS_arch_prctl, ARCH_SET_FS, (long)r[REG_RDI], 0);
        break;
    case -7: /* seL4_SysYield */
        break;
    case -11: /* seL4_SysDebugHalt */
        flush();
        err_str("sud-runner: DebugHalt\n");
        finish(0);
    default:
        flush();
        err_str("sud-runner: unsupported seL4 system call ");
        err_num(sys);
        err_str("\n");
        finish(3);
    }
    /* back as from sysretq: RCX = next rip, R11 = flags, RSP = 0 */
    r[REG_RCX] = r[REG_RIP];
    r[REG_R11] = r[REG_EFL];
    r[REG_RSP] = 0;
}

/* --- setup --- */

static int die(const char *what, const char *why)
{
    fprintf(stderr, "sud-runner: %s: %s\n", what, why);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return die("usage", "sud-runner IMAGE");
    const char *path = argv[1];
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return die(path, strerror(errno));
    unsigned char *file = malloc((size_t)st.st_size + 1);
    if (!file || read(fd, file, (size_t)st.st_size) != st.st_size)
        return die(path, "cannot read the file");
    close(fd);

    struct elf_image img;
    char why[512];
    if (elf_image_parse(file, (size_t)st.st_size, &img, why, sizeof(why)) != 0)
        return die(path, why);

    /* The image, the IPC buffer and bootinfo frames, as seL4 lays them out. */
    size_t span = img.end - img.start + 2 * 4096;
    void *at = mmap((void *)img.start, span, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (at != (void *)img.start)
        return die(path, "cannot map the image at its link address");
    for (size_t i = 0; i < img.nsegments; i++)
        memcpy((void *)img.segments[i].vaddr, img.segments[i].data, img.segments[i].file_size);
    ipc_buffer = img.end;
    uintptr_t bootinfo = img.end + 4096;
    /* seL4_BootInfo.ipcBuffer at offset 0x20; numNodes 1, initThreadCNodeSizeBits 13 */
    *(uint64_t *)(bootinfo + 0x10) = 1;
    *(uint64_t *)(bootinfo + 0x20) = ipc_buffer;
    *(uint64_t *)(bootinfo + 0x88) = 13;
    entry = (void *)img.entry;
    elf_image_free(&img);

    static char altstack[64 * 1024];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO | SA_ONSTACK };
    sigemptyset(&sa.sa_mask);
    if (sigaltstack(&ss, NULL) != 0 || sigaction(SIGSYS, &sa, NULL) != 0)
        return die("SIGSYS", strerror(errno));
    fflush(NULL);
    if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, (unsigned long)__executable_start,
              (unsigned long)(etext - __executable_start), 0) != 0)
        return die("Syscall User Dispatch", strerror(errno));

    /* The kernel's initial user context: RDI = bootinfo, everything else 0. */
    __asm__ __volatile__("movq %0, %%rdi\n\t"
                         "xorl %%eax, %%eax\n\t"
                         "xorl %%ebx, %%ebx\n\t"
                         "xorl %%ecx, %%ecx\n\t"
                         "xorl %%edx, %%edx\n\t"
                         "xorl %%esi, %%esi\n\t"
                         "xorl %%ebp, %%ebp\n\t"
                         "xorl %%r8d, %%r8d\n\t"
                         "xorl %%r9d, %%r9d\n\t"
                         "xorl %%r10d, %%r10d\n\t"
                         "xorl %%r11d, %%r11d\n\t"
                         "xorl %%r12d, %%r12d\n\t"
                         "xorl %%r13d, %%r13d\n\t"
                         "xorl %%r14d, %%r14d\n\t"
                         "xorl %%r15d, %%r15d\n\t"
                         "xorl %%esp, %%esp\n\t"
                         "jmpq *%1"
                         :
                         : "m"(bootinfo), "m"(entry));
    __builtin_unreachable();
}
