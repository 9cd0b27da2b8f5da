/*
 * The backtrace of a thread whose fault found no handler. Its code is
 * either a loaded object of this process (an API-mode program and its
 * libraries: found with dl_iterate_phdr, unwound through .eh_frame_hdr in
 * memory, stack read from this process) or the ABI-mode image (a static
 * ELF: its file's .eh_frame, stack read through the thread's VSpace and
 * the kernel window, so an unmapped address is never touched). Symbols
 * come from each object's file (.symtab, else .dynsym); without them the
 * lines show raw addresses.
 *
 * Runs inside the faulting thread's kernel entry (perhaps a signal
 * handler): no allocation; files are mapped with mmap and kept.
 */
#define _GNU_SOURCE
#include <link.h> /* first: the system's <elf.h> through host/elf.h */

#include "backtrace.h"
#include "elf.h"
#include "runner.h"
#include "unwind.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FRAMES 32
#define MAX_MODULES 64

struct module {
    uint64_t start, end;       /* the addresses its loadable segments cover */
    uint64_t bias;             /* load address - link address */
    struct unwind_table tab;
    bool has_tab;
    const char *path;          /* its file, for symbols */
    const uint8_t *file;       /* the file, mapped once asked for */
    size_t file_size;
    bool file_tried;
    char path_buf[256];
};

static void (*console)(void *ctx, const char *buf, size_t len);
static struct module objects[MAX_MODULES], image;
static int n_objects;
static bool objects_listed, have_image;
static word_t image_vspace;

void host_backtrace_console(void (*write)(void *ctx, const char *buf, size_t len))
{
    console = write;
}

static void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void print(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (console && n > 0)
        console(NULL, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* The unwind tables of a file's sections (link addresses; for the static image, the addresses it runs at). */
static bool tables_from_file(const uint8_t *file, size_t size, struct unwind_table *tab)
{
    struct elf_section eh, hdr;
    if (!elf_find_section(file, size, ".eh_frame", &eh) || eh.type == 8 /* SHT_NOBITS */)
        return false;
    *tab = (struct unwind_table){ .eh_frame = file + eh.offset, .eh_frame_size = eh.size, .eh_frame_addr = eh.addr };
    if (elf_find_section(file, size, ".eh_frame_hdr", &hdr) && hdr.type != 8) {
        tab->hdr = file + hdr.offset;
        tab->hdr_size = hdr.size;
        tab->hdr_addr = hdr.addr;
    }
    return true;
}

void host_backtrace_set_image(const char *path, const void *file, size_t size,
                              const struct kernel_image_segment *segments, size_t nsegments, word_t vspace)
{
    image_vspace = vspace;
    image = (struct module){ .start = UINT64_MAX, .path = path, .file = file, .file_size = size, .file_tried = true };
    for (size_t i = 0; i < nsegments; i++) {
        if (segments[i].vaddr < image.start)
            image.start = segments[i].vaddr;
        if (segments[i].vaddr + segments[i].mem_size > image.end)
            image.end = segments[i].vaddr + segments[i].mem_size;
    }
    image.has_tab = tables_from_file(file, size, &image.tab);
    have_image = nsegments > 0;
}

/* One loaded object: its range, and .eh_frame_hdr (PT_GNU_EH_FRAME) with .eh_frame, in memory. */
static int add_object(struct dl_phdr_info *info, size_t size, void *data)
{
    if (n_objects == MAX_MODULES)
        return 1;
    struct module *m = &objects[n_objects];
    *m = (struct module){ .start = UINT64_MAX, .bias = info->dlpi_addr };
    const ElfW(Phdr) *eh = NULL;
    for (unsigned i = 0; i < (unsigned)info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_GNU_EH_FRAME)
            eh = ph;
        if (ph->p_type != PT_LOAD)
            continue;
        uint64_t lo = m->bias + ph->p_vaddr, hi = lo + ph->p_memsz;
        m->start = lo < m->start ? lo : m->start;
        m->end = hi > m->end ? hi : m->end;
    }
    if (m->start >= m->end)
        return 0;
    if (eh) {
        uint64_t hdr = m->bias + eh->p_vaddr, frame;
        m->tab.hdr = (const uint8_t *)hdr;
        m->tab.hdr_size = eh->p_memsz;
        m->tab.hdr_addr = hdr;
        if (unwind_hdr_eh_frame(m->tab.hdr, m->tab.hdr_size, hdr, &frame) && frame >= m->start && frame < m->end) {
            m->tab.eh_frame = (const uint8_t *)frame;
            m->tab.eh_frame_size = m->end - frame; /* at most to the end of the object */
            m->tab.eh_frame_addr = frame;
            m->has_tab = true;
        }
    }
    if (info->dlpi_name && info->dlpi_name[0]) {
        snprintf(m->path_buf, sizeof(m->path_buf), "%s", info->dlpi_name);
        m->path = m->path_buf;
    } else if (n_objects == 0) {
        /* The program itself: the file this process runs. */
        ssize_t n = readlink("/proc/self/exe", m->path_buf, sizeof(m->path_buf) - 1);
        m->path_buf[n > 0 ? n : 0] = '\0';
        m->path = n > 0 ? m->path_buf : NULL;
    }
    n_objects++;
    return 0;
}

static struct module *object_at(uint64_t pc)
{
    if (!objects_listed) {
        dl_iterate_phdr(add_object, NULL);
        objects_listed = true;
    }
    for (int i = 0; i < n_objects; i++)
        if (pc >= objects[i].start && pc < objects[i].end)
            return &objects[i];
    return NULL;
}

/* What the walk needs to know of the thread. */
struct walk {
    struct tcb *t;
    bool in_process; /* its code and stack are this process's own (API mode) */
};

static struct module *module_at(const struct walk *w, uint64_t pc)
{
    if (w->in_process)
        return object_at(pc);
    bool in_image = have_image && pc >= image.start && pc < image.end;
    return in_image && kernel_thread_vspace(sys.kernel, w->t, NULL) == image_vspace ? &image : NULL;
}

static const struct unwind_table *tables_at(void *ctx, uint64_t pc)
{
    struct module *m = module_at(ctx, pc);
    return m && m->has_tab ? &m->tab : NULL;
}

/* A word of this process's memory, without faulting on an unmapped address. */
static bool read_process(uint64_t addr, uint64_t *value)
{
    struct iovec local = { value, sizeof(*value) }, remote = { (void *)addr, sizeof(*value) };
    return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)sizeof(*value);
}

/* A byte range of t's VSpace within one page, through the kernel window (RAM only). */
static bool read_vspace_bytes(struct tcb *t, uint64_t addr, void *out, size_t n)
{
    word_t paddr, size_bits;
    bool writable;
    if (kernel_vspace_lookup(sys.kernel, t, addr, &paddr, &size_bits, &writable) != 0)
        return false;
    paddr += addr & ((1ul << size_bits) - 1); /* the frame's base, plus the offset into it */
    if (paddr < HOST_RAM_PADDR || paddr - HOST_RAM_PADDR > sys.mem.ram_size - n)
        return false;
    memcpy(out, sys.mem.ram + (paddr - HOST_RAM_PADDR), n);
    return true;
}

static bool read_word(void *ctx, uint64_t addr, uint64_t *value)
{
    const struct walk *w = ctx;
    if (w->in_process)
        return read_process(addr, value);
    size_t first = 4096 - (addr & 4095);
    if (first >= sizeof(*value))
        return read_vspace_bytes(w->t, addr, value, sizeof(*value));
    uint8_t *b = (uint8_t *)value;
    return read_vspace_bytes(w->t, addr, b, first) &&
           read_vspace_bytes(w->t, addr + first, b + first, sizeof(*value) - first);
}

/* Maps an object's file for its symbols, once. */
static void map_file(struct module *m)
{
    if (m->file_tried)
        return;
    m->file_tried = true;
    if (!m->path)
        return;
    int fd = open(m->path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            m->file = p;
            m->file_size = (size_t)st.st_size;
        }
    }
    close(fd);
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

static void print_frame(const struct walk *w, int i, uint64_t pc)
{
    struct module *m = module_at(w, pc);
    const char *name;
    uint64_t offset;
    if (!m) {
        print("  #%d %#lx\n", i, (unsigned long)pc);
        return;
    }
    map_file(m);
    /* A caller's pc is a return address: name the function of the call, which may end right before it. */
    uint64_t lookup = (i ? pc - 1 : pc) - m->bias;
    if (m->file && elf_symbolize(m->file, m->file_size, lookup, &name, &offset))
        print("  #%d %#lx in %s+0x%lx (%s)\n", i, (unsigned long)pc, name, (unsigned long)(offset + (i ? 1 : 0)),
              base_name(m->path));
    else
        print("  #%d %#lx (%s)\n", i, (unsigned long)pc, m->path ? base_name(m->path) : "?");
}

static const char *why_stopped(enum unwind_result why)
{
    switch (why) {
    case UNWIND_OK: return "more frames not shown";
    case UNWIND_NO_INFO: return "no unwind information for this code";
    case UNWIND_UNSUPPORTED: return "a frame rule this unwinder does not follow";
    case UNWIND_BAD_READ: return "the stack cannot be read further";
    case UNWIND_MALFORMED: return "broken unwind tables or stack";
    default: return NULL;
    }
}

/* x86_64 DWARF numbering of the TCB's registers (enum user_reg). */
static const int tcb_reg[UNWIND_NREGS] = {
    [UNWIND_RAX] = CTX_RAX, [UNWIND_RDX] = CTX_RDX, [UNWIND_RCX] = CTX_RCX, [UNWIND_RBX] = CTX_RBX,
    [UNWIND_RSI] = CTX_RSI, [UNWIND_RDI] = CTX_RDI, [UNWIND_RBP] = CTX_RBP, [UNWIND_RSP] = CTX_RSP,
    [UNWIND_R8] = CTX_R8,   [UNWIND_R9] = CTX_R9,   [UNWIND_R10] = CTX_R10, [UNWIND_R11] = CTX_R11,
    [UNWIND_R12] = CTX_R12, [UNWIND_R13] = CTX_R13, [UNWIND_R14] = CTX_R14, [UNWIND_R15] = CTX_R15,
    [UNWIND_RA] = CTX_RIP,
};

void host_backtrace(void *ctx, struct tcb *t)
{
    struct host_thread *me = host_self();
    struct unwind_frame f = { .known = (1u << UNWIND_NREGS) - 1 };
    uint64_t pcs[MAX_FRAMES];
    enum unwind_result why;

    for (int r = 0; r < UNWIND_NREGS; r++)
        f.reg[r] = kernel_get_register(t, tcb_reg[r]);
    struct walk w = { .t = t, .in_process = object_at(f.reg[UNWIND_RA]) != NULL };
    if (w.in_process && (!me || me->tcb != t)) {
        print("Backtrace: not available (the thread runs in another process)\n");
        return;
    }
    int n = unwind_walk(f, tables_at, read_word, &w, pcs, MAX_FRAMES, &why);
    print("Backtrace:\n");
    for (int i = 0; i < n; i++)
        print_frame(&w, i, pcs[i]);
    if (why_stopped(why))
        print("  (%s)\n", why_stopped(why));
}
