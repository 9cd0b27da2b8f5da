/*
 * sel4emu's native runtime (runtime/): internal interfaces. See start.c.
 */
#pragma once

#include <stddef.h>

/* runtime/string.c: what freestanding C needs (no libc here). */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* runtime/tls.c: reads the program's PT_TLS; before any TLS is set up. */
void __sel4emu_tls_init(void);

/* runtime/ctors.c: .preinit_array and .init_array in order; .fini_array in reverse. */
void __sel4emu_run_constructors(void);
void __sel4emu_run_destructors(void);
