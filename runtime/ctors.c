/*
 * Constructors and destructors of a static seL4 program, shared by the root
 * task start (start.c) and the child start (start_child.c): the linker's
 * .preinit_array, .init_array and .fini_array, run in the order the System V
 * ABI gives (destructors in reverse).
 */
#include "runtime.h"

#include <stddef.h>

typedef void (*rt_fn_t)(void);
extern rt_fn_t __preinit_array_start[] __attribute__((weak, visibility("hidden")));
extern rt_fn_t __preinit_array_end[] __attribute__((weak, visibility("hidden")));
extern rt_fn_t __init_array_start[] __attribute__((weak, visibility("hidden")));
extern rt_fn_t __init_array_end[] __attribute__((weak, visibility("hidden")));
extern rt_fn_t __fini_array_start[] __attribute__((weak, visibility("hidden")));
extern rt_fn_t __fini_array_end[] __attribute__((weak, visibility("hidden")));

void __sel4emu_run_constructors(void)
{
    for (rt_fn_t *f = __preinit_array_start; f && f < __preinit_array_end; f++)
        (*f)();
    for (rt_fn_t *f = __init_array_start; f && f < __init_array_end; f++)
        (*f)();
}

void __sel4emu_run_destructors(void)
{
    for (rt_fn_t *f = __fini_array_end; __fini_array_start && f > __fini_array_start; f--)
        (*(f - 1))();
}
