/*
 * Small x86_64 ELF files for testing `sel4emu run`'s image checks
 * (host/elf.c): one valid static seL4 root task ("valid", which prints
 * "tiny" with seL4_DebugPutChar and halts with seL4_DebugHalt), valid
 * variants, and one broken variant per refusal, each derived from it.
 */
#pragma once

#include <stddef.h>

/* The base image's layout. */
#define SAMPLE_BASE 0x400000ul       /* text segment (program header 0), holds the headers */
#define SAMPLE_ENTRY 0x400100ul      /* entry point: the code at file offset 0x100 */
#define SAMPLE_DATA 0x401200ul       /* data segment (program header 1): 0x10 bytes, 0x1000 in memory */
#define SAMPLE_FILE_SIZE 0x210ul

/* Name of the i-th sample (a file name), NULL past the last. */
const char *elf_sample_name(size_t i);

/* Builds the named sample (malloc'd, *size bytes); NULL for an unknown name. */
unsigned char *elf_sample_build(const char *name, size_t *size);
