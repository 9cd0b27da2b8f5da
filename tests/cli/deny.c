/*
 * cli-deny: runs a command on a Linux that lacks a feature sel4emu needs,
 * as an older kernel would: a seccomp filter makes the feature's system
 * call fail with EINVAL (ENOSYS for whole system calls), in the command
 * and everything it starts.
 *
 *   cli-deny sud COMMAND...     prctl(PR_SET_SYSCALL_USER_DISPATCH, ...) fails (Linux < 5.11)
 *   cli-deny memfd COMMAND...   memfd_create fails (Linux < 3.17)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PR_SET_SYSCALL_USER_DISPATCH_ 59

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "sud") != 0 && strcmp(argv[1], "memfd") != 0)) {
        fprintf(stderr, "usage: cli-deny sud|memfd COMMAND...\n");
        return 2;
    }
    bool sud = strcmp(argv[1], "sud") == 0;
    /* x86_64 only; the system call (and for prctl, its option) fails, everything else is allowed */
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 5),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, sud ? SYS_prctl : SYS_memfd_create, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_SYSCALL_USER_DISPATCH_, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JA, sud ? 0 : 1, 0, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (sud ? EINVAL : ENOSYS)),
    };
    struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        perror("cli-deny: seccomp");
        return 2;
    }
    execvp(argv[2], &argv[2]);
    perror(argv[2]);
    return 127;
}
