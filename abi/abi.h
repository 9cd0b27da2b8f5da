/* ABI mode: run an unmodified static seL4 root-task ELF (abi/agent.c). */
#pragma once

#include <kernel.h>

struct abi_options {
    const char *program;                          /* for messages */
    const void *file;                             /* the image file's bytes, kept for the run (symbols) */
    size_t file_size;
    const struct kernel_image_segment *segments;  /* the validated image (host/elf.h) */
    size_t nsegments;
    word_t entry;
    size_t ram_size;
    bool user_errors;
    bool protect_kernel; /* user code runs with the kernel window closed */
    const char *trace;      /* syscall trace spec (SEL4EMU_TRACE), or NULL */
    const char *trace_file; /* where the trace goes (SEL4EMU_TRACE_FILE); NULL: stderr */
};

/* Boots the image and runs it until it halts or nothing can run; the exit status. */
int abi_run(const struct abi_options *opt);

struct host_frontend;
/* The front end of processes that run seL4 binaries: trapped syscalls, lazy mapping. */
extern const struct host_frontend abi_frontend;

