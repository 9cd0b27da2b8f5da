/*
 * What sel4emu needs of Linux, checked once at start by both front ends
 * (README.md, "Requirements"):
 *
 *  - memfd_create (Linux 3.17): emulated RAM is a memfd shared by every
 *    process of the system;
 *  - Syscall User Dispatch (Linux 5.11): trapped seL4 code's `syscall`
 *    instructions arrive as SIGSYS instead of reaching Linux;
 *  - the FSGSBASE instructions usable in user mode (a CPU that has them and
 *    Linux 5.9): trapped code owns FS, and every signal entry swaps it
 *    with rdfsbase/wrfsbase.
 *
 * Everything else sel4emu uses (futexes with absolute CLOCK_MONOTONIC
 * timeouts, PR_SET_CHILD_SUBREAPER, tgkill, real-time signals, fallocate
 * hole punching) is older than 5.11. ABI mode traps from the start; API
 * mode traps only the threads of other VSpaces (child processes), so it
 * needs the last two only once it starts one (host_spawner_loop).
 */
#define _GNU_SOURCE
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_OFF 0
#endif
#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif

static void explain(char *why, size_t size, const char *what, const char *detail)
{
    struct utsname u;
    if (uname(&u) != 0)
        strcpy(u.release, "unknown");
    snprintf(why, size, "this Linux (%s) %s (%s); sel4emu needs Linux %s or later on x86_64", u.release, what,
             detail, HOST_LINUX_NEEDED);
}

/* Whether a syscall's failure says the kernel lacks it, rather than that it could not be done now. */
static bool missing(int err)
{
    return err == ENOSYS || err == EINVAL;
}

int host_check_linux(bool trapping, char *why, size_t size)
{
    int fd = memfd_create("sel4emu-probe", MFD_CLOEXEC);
    if (fd >= 0)
        close(fd);
    else if (missing(errno)) {
        explain(why, size, "has no memfd_create", strerror(errno));
        return -1;
    }
    if (!trapping)
        return 0;
    /* Turning dispatch off where it is not on changes nothing, and fails only where there is none. */
    if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0) != 0) {
        char detail[96];
        snprintf(detail, sizeof(detail), "prctl(PR_SET_SYSCALL_USER_DISPATCH): %s", strerror(errno));
        explain(why, size, "cannot trap system calls with Syscall User Dispatch", detail);
        return -1;
    }
    if (!(getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE)) {
        explain(why, size, "does not let programs use the FSGSBASE instructions",
                "no HWCAP2_FSGSBASE; the CPU must have them too");
        return -1;
    }
    return 0;
}
