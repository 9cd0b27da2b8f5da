/* Emulated physical memory: one memfd, mapped into the kernel window. */
#define _GNU_SOURCE
#include "host.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define WINDOW_ALIGN (2ul << 20)

static size_t round_up(size_t x, size_t a)
{
    return (x + a - 1) & ~(a - 1);
}

/* What a resource limit is, for messages: "unlimited" or "N KiB". */
static const char *limit_text(int resource, char *buf, size_t size)
{
    struct rlimit rl;
    if (getrlimit(resource, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return "unlimited";
    snprintf(buf, size, "%llu KiB", (unsigned long long)rl.rlim_cur >> 10);
    return buf;
}

/* ftruncate without SIGXFSZ: a file size limit (ulimit -f) is an error to report, not a crash. */
static int resize(int fd, off_t size)
{
    struct sigaction ignore = { .sa_handler = SIG_IGN }, old;
    sigaction(SIGXFSZ, &ignore, &old);
    int r = ftruncate(fd, size);
    int saved = errno;
    sigaction(SIGXFSZ, &old, NULL);
    errno = saved;
    return r;
}

#define RAM_MESSAGE "out of host memory for the emulated RAM"

int host_memory_create(struct host_memory *m, size_t state_size, size_t ram_size, char *why, size_t why_size)
{
    char limit[32];
    memset(m, 0, sizeof(*m));
    m->ram_fd = m->rom_fd = -1;
    m->state_size = round_up(state_size, WINDOW_ALIGN);
    m->ram_size = ram_size;

    m->ram_fd = memfd_create("sel4emu-ram", MFD_CLOEXEC);
    if (m->ram_fd >= 0)
        m->rom_fd = memfd_create("sel4emu-acpi", MFD_CLOEXEC);
    if (m->ram_fd < 0 || m->rom_fd < 0) {
        snprintf(why, why_size, "cannot create the emulated RAM: memfd_create: %s", strerror(errno));
        goto fail;
    }
    if (resize(m->rom_fd, HOST_ACPI_SIZE) != 0 ||
        (m->rom = mmap(NULL, HOST_ACPI_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, m->rom_fd, 0)) == MAP_FAILED) {
        m->rom = NULL;
        snprintf(why, why_size, "cannot set up the device memory of the ACPI tables: %s", strerror(errno));
        goto fail;
    }
    if (resize(m->ram_fd, (off_t)ram_size) != 0) {
        snprintf(why, why_size, RAM_MESSAGE ": cannot make its memfd %zu MiB: %s (the file size limit, ulimit -f, is %s)",
                 ram_size >> 20, strerror(errno), limit_text(RLIMIT_FSIZE, limit, sizeof(limit)));
        goto fail;
    }
    /* Shared, so that processes forked later for other VSpaces see the same kernel. */
    void *state = mmap((void *)HOST_KERNEL_WINDOW, m->state_size, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (state == MAP_FAILED && errno == ENOMEM) {
        snprintf(why, why_size, "out of host memory for the kernel's state: cannot map %zu MiB: %s (ulimit -v is %s)",
                 m->state_size >> 20, strerror(errno), limit_text(RLIMIT_AS, limit, sizeof(limit)));
        goto fail;
    }
    if (state == MAP_FAILED || state != (void *)HOST_KERNEL_WINDOW) {
        snprintf(why, why_size, "the kernel window address %#lx is already in use in this process",
                 HOST_KERNEL_WINDOW);
        goto fail;
    }
    m->state = state;
    void *ram = mmap((uint8_t *)state + m->state_size, ram_size, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_FIXED_NOREPLACE | MAP_NORESERVE, m->ram_fd, 0);
    if (ram == MAP_FAILED) {
        snprintf(why, why_size, RAM_MESSAGE ": cannot map its %zu MiB into the kernel window: %s (ulimit -v is %s)",
                 ram_size >> 20, strerror(errno), limit_text(RLIMIT_AS, limit, sizeof(limit)));
        munmap(state, m->state_size);
        goto fail;
    }
    m->ram = ram;
    return 0;
fail:
    if (m->ram_fd >= 0)
        close(m->ram_fd);
    if (m->rom_fd >= 0)
        close(m->rom_fd);
    m->ram_fd = m->rom_fd = -1;
    return -1;
}

/*
 * mprotect walks every page table this process holds for the range (about
 * 1 us per 2 MiB of RAM the kernel ever touched here, on these VMs), and
 * tables stay once made: a system of many objects would pay for all of
 * them at every kernel entry (ten thousand threads: half a millisecond).
 * So a close that took longer than this maps the RAM part afresh, which
 * frees its tables; the next entries fault back in only what they use.
 */
#define WINDOW_SHED_NS 20000

int host_kernel_window_protect(struct host_memory *m, bool open)
{
    size_t size = m->state_size + m->ram_size;
    if (open)
        return mprotect(m->state, size, PROT_READ | PROT_WRITE);
    uint64_t start = host_now_ns();
    if (mprotect(m->state, size, PROT_NONE) != 0)
        return -1;
    if (host_now_ns() - start > WINDOW_SHED_NS &&
        mmap(m->ram, m->ram_size, PROT_NONE, MAP_SHARED | MAP_FIXED | MAP_NORESERVE, m->ram_fd, 0) == MAP_FAILED)
        return -1;
    return 0;
}

bool host_in_kernel_window(const struct host_memory *m, uintptr_t addr)
{
    return addr >= (uintptr_t)m->state && addr - (uintptr_t)m->state < m->state_size + m->ram_size;
}

int host_map_frame(struct host_memory *m, uintptr_t vaddr, uint64_t paddr, size_t size, int writable)
{
    return host_map_ram(m, vaddr, paddr, size, writable ? HOST_MAP_WRITE : 0);
}

/* mmap at exactly vaddr; kernels before 4.17 treat MAP_FIXED_NOREPLACE as a hint. */
static int map_exactly(uintptr_t vaddr, size_t size, int prot, int flags, int fd, off_t offset)
{
    void *p = mmap((void *)vaddr, size, prot, flags, fd, offset);
    if (p == MAP_FAILED)
        return -1;
    if (p != (void *)vaddr) {
        munmap(p, size);
        errno = EEXIST;
        return -1;
    }
    return 0;
}

static bool in_ram(const struct host_memory *m, uint64_t paddr, size_t size)
{
    return paddr >= HOST_RAM_PADDR && size <= m->ram_size && paddr - HOST_RAM_PADDR <= m->ram_size - size;
}

bool host_paddr_in_rom(uint64_t paddr, size_t size)
{
    return paddr >= HOST_ACPI_PADDR && size <= HOST_ACPI_SIZE && paddr - HOST_ACPI_PADDR <= HOST_ACPI_SIZE - size;
}

bool host_paddr_backed(const struct host_memory *m, uint64_t paddr, size_t size)
{
    return in_ram(m, paddr, size) || host_paddr_in_rom(paddr, size);
}

int host_map_ram(struct host_memory *m, uintptr_t vaddr, uint64_t paddr, size_t size, unsigned flags)
{
    int fd = m->ram_fd;
    off_t offset = (off_t)(paddr - HOST_RAM_PADDR);
    if (host_paddr_in_rom(paddr, size)) {
        fd = m->rom_fd;
        offset = (off_t)(paddr - HOST_ACPI_PADDR);
        flags &= ~HOST_MAP_WRITE; /* firmware tables: read-only, as the BIOS area's ROM */
    } else if (!in_ram(m, paddr, size)) {
        errno = EINVAL;
        return -1;
    }
    int prot = PROT_READ | (flags & HOST_MAP_WRITE ? PROT_WRITE : 0) | (flags & HOST_MAP_EXEC ? PROT_EXEC : 0);
    int mflags = MAP_SHARED | (flags & HOST_MAP_REPLACE ? MAP_FIXED : MAP_FIXED_NOREPLACE);
    if (map_exactly(vaddr, size, prot, mflags, fd, offset) == 0)
        return 0;
    /* A host that forbids executable memfd mappings (vm.memfd_noexec) still gets the data. */
    if ((prot & PROT_EXEC) && (errno == EPERM || errno == EACCES))
        return map_exactly(vaddr, size, prot & ~PROT_EXEC, mflags, fd, offset);
    return -1;
}

int host_reserve_range(uintptr_t vaddr, size_t size)
{
    return map_exactly(vaddr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                       -1, 0);
}

void host_unmap_range(uintptr_t vaddr, size_t size)
{
    munmap((void *)vaddr, size);
}

void host_clear_ram(struct host_memory *m, uint64_t paddr, uint64_t bytes)
{
    uint64_t off = paddr - HOST_RAM_PADDR;
    uint64_t page = 4096, start = (off + page - 1) & ~(page - 1), end = (off + bytes) & ~(page - 1);

    /* Whole pages go back to the memfd; partial pages at either end are written. */
    if (start < end && fallocate(m->ram_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)start,
                                 (off_t)(end - start)) == 0) {
        memset(m->ram + off, 0, start - off);
        memset(m->ram + end, 0, off + bytes - end);
        return;
    }
    memset(m->ram + off, 0, bytes);
}

uint64_t host_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

bool host_env_flag(const char *name)
{
    return host_env_switch(name, false);
}

bool host_env_switch(const char *name, bool otherwise)
{
    const char *s = getenv(name);
    if (!s || !*s)
        return otherwise;
    return strcmp(s, "0") != 0;
}

size_t host_parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return 0;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    }
    if (*end == 'i' || *end == 'B' || *end == 'b')
        end++;
    if (*end == 'B')
        end++;
    if (*end || v == 0 || v > (~0ull >> shift))
        return 0;
    return (size_t)(v << shift);
}
