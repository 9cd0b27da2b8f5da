/*
 * What the memory checkers must be told about the host layer's own tricks,
 * so that they report the program's errors and none of the emulator's
 * (docs/DEBUGGING.md, "Valgrind and sanitizers"): valgrind's memcheck, and
 * AddressSanitizer in a program built with -fsanitize=address.
 *
 * Host threads jump onto the stacks seL4 threads were given (and off them
 * again when a thread is redirected or deleted, to stacks of their own),
 * and neither checker knows those stacks: every such move is announced
 * (host_stack_land, host_stack_leave, host_stack_released, host_own_stack).
 * Device registers emulated by faulting accesses are announced too.
 *
 * Valgrind's parts are client requests: outside valgrind each is a few
 * register moves and a test; without valgrind's headers they compile to
 * nothing. AddressSanitizer's are calls through weak symbols, made only
 * when the program carries AddressSanitizer (with libsel4emu built with it
 * or not). None is on the path of a system call.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>) && __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>
#define HOST_HAVE_VALGRIND 1
#endif
#endif

/*
 * AddressSanitizer's interface, weak: present when the program is built with
 * -fsanitize=address (whether or not libsel4emu is), null otherwise.
 */
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size) __attribute__((weak));
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old, size_t *size_old)
    __attribute__((weak));
void __asan_unpoison_memory_region(void const volatile *addr, size_t size) __attribute__((weak));

/* How far below the top of an seL4 thread's stack its frames are taken to go. */
#define HOST_STACK_REACH (8ul << 20)
/* How far below a deleted thread's stack pointer its dead frames are looked for (valgrind). */
#define HOST_DEAD_STACK_REACH (1ul << 20)
/* How deep the emulator's own frames below that stack pointer (a syscall's) may go. */
#define HOST_FRAMES_REACH (16ul << 10)

/* What one host thread told the checkers about the seL4 stack it runs on. */
struct host_stack_note {
    uintptr_t top;         /* just above where it landed on the stack; 0: no seL4 stack */
    uintptr_t valgrind_id; /* its landing, registered with valgrind as a stack, + 1; 0: none */
};

/* This process runs under valgrind. */
static inline bool host_on_valgrind(void)
{
#ifdef HOST_HAVE_VALGRIND
    return RUNNING_ON_VALGRIND != 0;
#else
    return false;
#endif
}

/* AddressSanitizer's stack bounds for the calling thread: [bottom, top). */
static inline void host_asan_stack_bounds(uintptr_t bottom, uintptr_t top)
{
    void *fake_stack;
    if (!__sanitizer_start_switch_fiber || !__sanitizer_finish_switch_fiber)
        return;
    __sanitizer_start_switch_fiber(&fake_stack, (const void *)bottom, top - bottom);
    __sanitizer_finish_switch_fiber(fake_stack, NULL, NULL);
}

/*
 * [base, base + size) is a stack of the emulator's own, which the calling
 * thread moves to now, starting afresh at its top: AddressSanitizer forgets
 * the redzones of the frames it left there last time (never returned from).
 */
static inline void host_own_stack(struct host_stack_note *note, void *base, size_t size, bool first_time)
{
#ifdef HOST_HAVE_VALGRIND
    if (first_time)
        VALGRIND_STACK_REGISTER(base, (uint8_t *)base + size);
#endif
    if (__asan_unpoison_memory_region)
        __asan_unpoison_memory_region(base, size);
    host_asan_stack_bounds((uintptr_t)base, (uintptr_t)base + size);
    note->top = 0;
}

/*
 * The lowest address from which the memory up to addr is readable without a
 * break (the mappings there, from /proc/self/maps), at most reach below
 * addr; addr itself if it is not readable. Only open and read: a host
 * thread may get here inside a signal handler.
 */
static inline uintptr_t host_readable_below(uintptr_t addr, uintptr_t reach)
{
    char buf[4096];
    uintptr_t field[2] = { 0, 0 }, run_start = 0, prev_end = 0, found = addr;
    int f = 0, fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    bool in_perms = false, readable = false, skip = false;
    ssize_t n;
    while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            char c = buf[i];
            if (c == '\n') { /* one line: start-end perms ... */
                if (!(readable && field[0] == prev_end && run_start))
                    run_start = readable ? field[0] : 0;
                prev_end = field[1];
                if (readable && field[0] <= addr && addr < field[1])
                    found = run_start;
                field[0] = field[1] = 0;
                f = 0;
                in_perms = readable = skip = false;
            } else if (skip) {
                continue;
            } else if (in_perms) {
                readable = c == 'r';
                skip = true;
            } else if (c == '-' && f == 0) {
                f = 1;
            } else if (c == ' ') {
                in_perms = true;
            } else {
                field[f] = field[f] * 16 + (uintptr_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            }
        }
    }
    if (fd >= 0)
        close(fd);
    return addr - found > reach ? addr - reach : found;
}

#ifdef HOST_HAVE_VALGRIND
/* Memcheck lets the program access [a, a + n) (n <= 64); asking reports nothing. */
static inline bool host_valgrind_accessible(uintptr_t a, size_t n)
{
    uint8_t vbits[64];
    return VALGRIND_GET_VBITS(a, vbits, n) == 1;
}
#endif

/* The red zone: what x86-64 code may use below its stack pointer. */
#define HOST_RED_ZONE 128

/*
 * The calling host thread is about to load sp, an seL4 thread's stack
 * pointer, and run from there (starting: the thread's first instruction).
 *
 * Valgrind takes a stack pointer change of less than 2 MB for frames pushed
 * or popped, and would mark everything in between (other threads' stacks,
 * the program's globals) undefined or inaccessible: the landing address,
 * registered as a stack, makes it a switch instead, and moves from there
 * are tracked as usual. AddressSanitizer unwinds frame pointers only within
 * the thread's stack bounds, and LeakSanitizer may read all of them: they
 * become the readable memory below the landing, at most HOST_STACK_REACH
 * (the frames above the landing are not the thread's).
 */
static inline void host_stack_land(struct host_stack_note *note, uintptr_t sp, bool starting)
{
    note->top = (sp + 16 + 15) & ~(uintptr_t)15;
#ifdef HOST_HAVE_VALGRIND
    if (RUNNING_ON_VALGRIND) {
        if (note->valgrind_id)
            VALGRIND_STACK_DEREGISTER(note->valgrind_id - 1);
        note->valgrind_id = (uintptr_t)VALGRIND_STACK_REGISTER(sp, sp) + 1;
        /*
         * Memcheck counts the red zone below a stack pointer as part of the
         * stack in use, and never marks it: a starting thread's is garbage,
         * whatever the memory held before (its first frame goes there).
         */
        if (starting && sp > HOST_RED_ZONE && host_valgrind_accessible(sp - HOST_RED_ZONE, 64) &&
            host_valgrind_accessible(sp - HOST_RED_ZONE / 2, 64))
            VALGRIND_MAKE_MEM_UNDEFINED(sp - HOST_RED_ZONE, HOST_RED_ZONE);
    }
#endif
    if (__sanitizer_start_switch_fiber)
        host_asan_stack_bounds(host_readable_below(sp, HOST_STACK_REACH), note->top);
}

/*
 * The calling host thread leaves the seL4 stack it landed on for good (the
 * thread was redirected elsewhere, or deleted). here is where the host
 * thread is now (its own stack, a signal stack, or still that stack),
 * user_sp the seL4 thread's stack pointer.
 *
 * AddressSanitizer keeps the redzones of frames it never saw return
 * poisoned: those from where the frames were left up to the top are
 * cleared, so that the program may reuse the memory.
 */
static inline void host_stack_leave(struct host_stack_note *note, uintptr_t here, uintptr_t user_sp)
{
    uintptr_t from = here < note->top && here > note->top - HOST_STACK_REACH ? here : user_sp;
    if (__asan_unpoison_memory_region && note->top && from < note->top && from > note->top - HOST_STACK_REACH)
        __asan_unpoison_memory_region((void *)from, note->top - from);
}

/*
 * The seL4 thread whose stack pointer was sp is gone (its TCB deleted), and
 * no host thread runs on its stack any more. The stack is the program's
 * memory again, which it may reuse at once (a new thread's stack, set up
 * before that thread starts). Memcheck marked the frames popped below sp
 * inaccessible, as dead stack, and would report those stores: the
 * inaccessible run below sp (under the emulator's own frames, if the thread
 * was in a syscall) becomes undefined instead, as if newly allocated;
 * within HOST_DEAD_STACK_REACH, mapped pages only.
 */
static inline void host_stack_released(uintptr_t sp)
{
#ifdef HOST_HAVE_VALGRIND
    if (!RUNNING_ON_VALGRIND || sp < HOST_DEAD_STACK_REACH)
        return;
    uintptr_t floor = sp & ~(uintptr_t)4095;
    unsigned char in_core;
    while (floor > sp - HOST_DEAD_STACK_REACH && mincore((void *)(floor - 4096), 4096, &in_core) == 0)
        floor -= 4096;
    /* Past the emulator's frames (accessible) to the first dead byte. */
    uintptr_t top = sp, frames_floor = sp - HOST_FRAMES_REACH;
    if (frames_floor < floor)
        frames_floor = floor;
    while (top - 64 >= frames_floor && host_valgrind_accessible(top - 64, 64))
        top -= 64;
    while (top > frames_floor && host_valgrind_accessible(top - 1, 1))
        top--;
    if (top <= frames_floor)
        return; /* no dead frames */
    /* The dead run [top - dead, top): found by doubling, then halving, the distance down. */
    uintptr_t dead = 1, live = top - floor + 1; /* top - dead is dead; top - live is not, or below floor */
    while (dead * 2 < live && !host_valgrind_accessible(top - dead * 2, 1))
        dead *= 2;
    if (dead * 2 < live)
        live = dead * 2;
    while (live - dead > 1) {
        uintptr_t mid = dead + (live - dead) / 2;
        if (host_valgrind_accessible(top - mid, 1))
            live = mid;
        else
            dead = mid;
    }
    VALGRIND_MAKE_MEM_UNDEFINED(top - dead, dead);
#else
    (void)sp;
#endif
}

/*
 * [vaddr, vaddr + size) holds device registers the host emulates by
 * faulting every access (the HPET, host/machine.c): memcheck is not to
 * report those accesses, which are the device's (registers: true), or is
 * again once the program no longer maps them there (false).
 */
static inline void host_valgrind_emulated_registers(uintptr_t vaddr, size_t size, bool registers)
{
#ifdef HOST_HAVE_VALGRIND
    if (registers)
        VALGRIND_DISABLE_ADDR_ERROR_REPORTING_IN_RANGE(vaddr, size);
    else
        VALGRIND_ENABLE_ADDR_ERROR_REPORTING_IN_RANGE(vaddr, size);
#else
    (void)vaddr;
    (void)size;
    (void)registers;
#endif
}
