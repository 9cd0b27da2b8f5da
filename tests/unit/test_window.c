/*
 * Unit tests of the kernel window (host/memory.c): the kernel's state and
 * RAM at HOST_KERNEL_WINDOW, closed to seL4 code and opened for the kernel
 * (README.md, "Isolation"). Closed, every access faults; opened again, the
 * contents are intact; a close that meets many page tables (RAM the kernel
 * touched all over) drops them, so the next closes stay cheap.
 */
#define _GNU_SOURCE
#include "host.h"

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "check.h"

#define STATE_SIZE (64ul << 10)
#define RAM_SIZE (1ul << 30)
#define TABLE (2ul << 20) /* what one page table maps */

static sigjmp_buf recover;

static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(recover, 1);
}

/* Whether a load (or a store, with write) at p faults. */
static bool faults(volatile uint8_t *p, bool write)
{
    if (sigsetjmp(recover, 1))
        return true;
    if (write)
        *p = 0x5a;
    else
        (void)*p;
    return false;
}

/* The resident size, in KiB, of this process's mapping that starts at addr (/proc/self/smaps); -1 if none. */
static long resident_kib(const void *addr)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    long kib = -1;
    bool in = false;
    unsigned long start, end;
    while (f && fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
            in = start == (unsigned long)addr;
        else if (in && sscanf(line, "Rss: %ld kB", &kib) == 1)
            break;
    }
    if (f)
        fclose(f);
    return kib;
}

static void test_layout(struct host_memory *m)
{
    CHECK_EQ((uintptr_t)m->state, HOST_KERNEL_WINDOW);
    CHECK_EQ(m->state_size, TABLE); /* rounded up to whole tables */
    CHECK_EQ(m->ram, (uint8_t *)m->state + m->state_size);
    CHECK(host_in_kernel_window(m, HOST_KERNEL_WINDOW));
    CHECK(host_in_kernel_window(m, (uintptr_t)m->ram + RAM_SIZE - 1));
    CHECK(!host_in_kernel_window(m, (uintptr_t)m->ram + RAM_SIZE));
    CHECK(!host_in_kernel_window(m, HOST_KERNEL_WINDOW - 1));
    report("window: the state, then RAM, at HOST_KERNEL_WINDOW");
}

static void test_closed_faults(struct host_memory *m)
{
    uint8_t *state = m->state, *ram = m->ram;
    state[100] = 1;
    ram[5 * TABLE + 7] = 2;
    CHECK_EQ(host_kernel_window_protect(m, false), 0);
    CHECK(faults(state + 100, false));
    CHECK(faults(state + 100, true));
    CHECK(faults(ram + 5 * TABLE + 7, false));
    CHECK(faults(ram + 5 * TABLE + 7, true));
    CHECK(faults(ram + RAM_SIZE - 1, false)); /* never touched: no access either */
    CHECK_EQ(host_kernel_window_protect(m, true), 0);
    CHECK(!faults(state + 100, false));
    CHECK_EQ(state[100], 1);
    CHECK_EQ(ram[5 * TABLE + 7], 2);
    CHECK(!faults(ram + RAM_SIZE - 1, true));
    report("window: closed, every load and store faults; open again, the contents are intact");
}

static void test_slow_close_sheds(struct host_memory *m)
{
    /* A page in every 2 MiB of RAM: a page table each, 512 of them for mprotect to walk. */
    for (size_t off = 0; off < RAM_SIZE; off += TABLE)
        m->ram[off + 4096] = (uint8_t)(off / TABLE + 1);
    CHECK(resident_kib(m->ram) >= (long)(RAM_SIZE / TABLE * 4));
    CHECK_EQ(host_kernel_window_protect(m, false), 0);
    CHECK_EQ(resident_kib(m->ram), 0); /* the RAM part was mapped afresh: no page, no table */
    CHECK(faults(m->ram + 4096, false));
    CHECK_EQ(host_kernel_window_protect(m, true), 0);
    bool intact = true;
    for (size_t off = 0; off < RAM_SIZE; off += TABLE)
        intact = intact && m->ram[off + 4096] == (uint8_t)(off / TABLE + 1);
    CHECK(intact);
    CHECK(resident_kib(m->ram) >= (long)(RAM_SIZE / TABLE * 4)); /* faulted back in as used */
    report("window: a close that walks many page tables drops them; the RAM keeps its contents");
}

int main(void)
{
    struct sigaction sa = { .sa_handler = on_segv };
    sigaction(SIGSEGV, &sa, NULL);
    struct host_memory m;
    char why[256];
    if (host_memory_create(&m, STATE_SIZE, RAM_SIZE, why, sizeof(why)) != 0) {
        printf("FAIL window: cannot create the kernel window: %s\n", why);
        return 1;
    }
    test_layout(&m);
    test_closed_faults(&m);
    test_slow_close_sheds(&m);
    printf("window: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
