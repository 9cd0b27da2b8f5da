/*
 * libFuzzer target for the kernel core: each input boots a kernel in memory
 * (tests/unit/memkernel.c) and is played as a sequence of kernel entries
 * (the format: fuzz_input.h). The fuzzer is always the thread the kernel
 * runs, as the host would be: it writes that thread's registers and IPC
 * buffer and enters the kernel; when nothing runs, only ticks and device
 * interrupts can come. After boot and after every step the kernel's
 * invariants are checked (kernel_check_invariants); a broken one prints the
 * step and the reason and aborts, so libFuzzer keeps the input. The host
 * hooks check what the kernel asks of the host (mapping arguments) too.
 *
 * FUZZ_VERBOSE=1 prints every step and the kernel's console (for replaying
 * one input: tests/fuzz/replay.c).
 */
#include "fuzz_input.h"
#include "memkernel.h"

#include <core.h>
#include <sel4/syscall.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SCRATCH_BYTES (32ul << 20)

struct reader {
    const uint8_t *p, *end;
};

static struct memkernel mk;
static void *scratch;
static bool verbose, halted, refuse_maps, dumped;
static int step_no;
static char step_desc[256];

static const word_t syscall_numbers[16] = FUZZ_SYSCALL_NUMBERS;

/* ------------------------------------------------------------------------ */
/* Failures                                                                  */

static void invariant_failure(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void invariant_failure(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "INVARIANT FAILURE after step %d (%s): ", step_no, step_desc);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

static void check_invariants(void)
{
    char why[512];
    int r = kernel_check_invariants(mk.k, scratch, SCRATCH_BYTES, why, sizeof(why));
    if (r < 0)
        invariant_failure("%s", why);
    if (r > 0) {
        fprintf(stderr, "fuzz: cannot check the invariants: %s\n", why);
        abort();
    }
}

/* ------------------------------------------------------------------------ */
/* The host platform                                                         */

static void plat_write(void *ctx, const char *buf, size_t len)
{
    if (verbose)
        fwrite(buf, 1, len, stderr);
}

static void plat_halt(void *ctx, int status)
{
    halted = true;
}

/* Zeroing untyped memory for a reset: RAM only, whole 16-byte units. */
static void plat_clear(void *ctx, word_t paddr, word_t bytes)
{
    if (!paddr_in_ram(mk.k, paddr, bytes) || !IS_ALIGNED(paddr | bytes, seL4_MinUntypedBits))
        invariant_failure("clear(0x%lx, %lu bytes) is not of RAM", paddr, bytes);
    memset(ptr_from_paddr(mk.k, paddr), 0, bytes);
}

static bool is_page_bits(word_t bits)
{
    return bits == seL4_PageBits || bits == seL4_LargePageBits || bits == seL4_HugePageBits;
}

/* What the kernel asks of the host must make sense (kernel.h, struct kernel_platform). */
static int plat_vspace_map(void *ctx, word_t asid, word_t vaddr, word_t paddr, word_t size_bits, bool writable,
                           bool executable, bool device)
{
    struct kernel *k = mk.k;
    if (!is_page_bits(size_bits) || asid == asidInvalid || asid >= BIT(16) || !IS_ALIGNED(vaddr, size_bits) ||
        !IS_ALIGNED(paddr, size_bits) || vaddr + BIT(size_bits) > USER_TOP)
        invariant_failure("vspace_map(asid %lu, vaddr 0x%lx, paddr 0x%lx, 2^%lu) has bad arguments", asid, vaddr,
                          paddr, size_bits);
    if (!device && !paddr_in_ram(k, paddr, BIT(size_bits)))
        invariant_failure("vspace_map of RAM frame 0x%lx (2^%lu) outside RAM", paddr, size_bits);
    if (!kernel_asid_vspace(k, asid))
        invariant_failure("vspace_map for ASID %lu, which names no VSpace", asid);
    /* A host may refuse a range it uses itself (seL4_DeleteFirst). */
    return refuse_maps && ((vaddr >> seL4_PageBits) % 7) == 3 ? -1 : 0;
}

static void plat_vspace_unmap(void *ctx, word_t asid, word_t vaddr, word_t size_bits)
{
    if (!is_page_bits(size_bits) || asid == asidInvalid || asid >= BIT(16) || !IS_ALIGNED(vaddr, size_bits) ||
        vaddr + BIT(size_bits) > USER_TOP)
        invariant_failure("vspace_unmap(asid %lu, vaddr 0x%lx, 2^%lu) has bad arguments", asid, vaddr, size_bits);
}

static void plat_thread_deleted(void *ctx, struct tcb *t)
{
    if (t == mk.k->idle_thread)
        invariant_failure("the idle thread was deleted");
}

static uint32_t plat_io_in(void *ctx, uint16_t port, unsigned size)
{
    if (size != 1 && size != 2 && size != 4)
        invariant_failure("io_in of %u bytes", size);
    return 0x12345678u ^ port;
}

static void plat_io_out(void *ctx, uint16_t port, unsigned size, uint32_t value)
{
    if (size != 1 && size != 2 && size != 4)
        invariant_failure("io_out of %u bytes", size);
}

static void plat_trace_write(void *ctx, const char *buf, size_t len)
{
    if (!len || buf[len - 1] != '\n' || memchr(buf, '\n', len) != buf + len - 1)
        invariant_failure("a trace line that is not one whole line: %.*s", (int)len, buf);
    if (verbose)
        fwrite(buf, 1, len, stderr);
}

static const struct kernel_platform plat = {
    .write = plat_write,
    .halt = plat_halt,
    .clear = plat_clear,
    .vspace_map = plat_vspace_map,
    .vspace_unmap = plat_vspace_unmap,
    .thread_deleted = plat_thread_deleted,
    .io_in = plat_io_in,
    .io_out = plat_io_out,
    .trace_write = plat_trace_write,
};

/* ------------------------------------------------------------------------ */
/* Reading the input                                                         */

static uint8_t next_byte(struct reader *r)
{
    return r->p < r->end ? *r->p++ : 0;
}

static word_t next_bytes(struct reader *r, int n)
{
    word_t w = 0;
    for (int i = 0; i < n; i++)
        w |= (word_t)next_byte(r) << (8 * i);
    return w;
}

static seL4_BootInfo *bootinfo(void)
{
    return ptr_from_paddr(mk.k, mk.boot.bootinfo_paddr);
}

static cte_t *root_cnode(void)
{
    return CNODE_SLOTS(mk.k, tcb_cte(mk.boot.root, tcbCTable)->cap);
}

/* The n-th (mod count) occupied slot of the root CNode, as long as the root task has it. */
static word_t occupied_slot(uint8_t n)
{
    cap_t root = tcb_cte(mk.boot.root, tcbCTable)->cap;
    if (cap_type(root) != cap_cnode_cap)
        return n;
    word_t slots = BIT(root.cnode.radix), count = 0;
    cte_t *c = root_cnode();
    for (word_t i = 0; i < slots; i++)
        count += cap_type(c[i].cap) != cap_null_cap;
    if (!count)
        return n;
    word_t want = n % count;
    for (word_t i = 0; i < slots; i++) {
        if (cap_type(c[i].cap) != cap_null_cap && want-- == 0)
            return i;
    }
    return n;
}

/* The n-th (mod count) untyped of bootinfo: RAM ones biggest first, or device ones in order. */
static word_t boot_untyped(uint8_t n, bool device)
{
    seL4_BootInfo *bi = bootinfo();
    word_t count = bi->untyped.end - bi->untyped.start, idx[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS], m = 0;
    for (word_t i = 0; i < count; i++) {
        if (bi->untypedList[i].isDevice == device)
            idx[m++] = i;
    }
    if (!m)
        return n;
    if (!device) {
        for (word_t i = 1; i < m; i++) /* insertion sort, biggest first */
            for (word_t j = i; j > 0 && bi->untypedList[idx[j]].sizeBits > bi->untypedList[idx[j - 1]].sizeBits; j--) {
                word_t t = idx[j];
                idx[j] = idx[j - 1];
                idx[j - 1] = t;
            }
    }
    return bi->untyped.start + idx[n % m];
}

static word_t next_word(struct reader *r)
{
    uint8_t t = next_byte(r);
    if (t < 0x80 || t >= FUZZ_W_LITERAL)
        return t;
    switch (t) {
    case FUZZ_W_OCCUPIED: return occupied_slot(next_byte(r));
    case FUZZ_W_EMPTY: return bootinfo()->empty.start + next_byte(r);
    case FUZZ_W_UNTYPED: return boot_untyped(next_byte(r), false);
    case FUZZ_W_DEVICE_UNTYPED: return boot_untyped(next_byte(r), true);
    case FUZZ_W_U16: return next_bytes(r, 2);
    case FUZZ_W_U32: return next_bytes(r, 4);
    case FUZZ_W_U64: return next_bytes(r, 8);
    case FUZZ_W_BIT: return BIT(next_byte(r) & 63);
    case FUZZ_W_NOT: return ~(word_t)next_byte(r);
    case FUZZ_W_PAGE: return FUZZ_PAGE_BASE + ((word_t)next_byte(r) << seL4_PageBits);
    case FUZZ_W_LARGE: return (word_t)next_byte(r) << seL4_LargePageBits;
    case FUZZ_W_HUGE: return (word_t)(next_byte(r) & 127) << seL4_HugePageBits;
    case FUZZ_W_IPC_BUFFER: return kernel_current_thread(mk.k) ? kernel_current_thread(mk.k)->ipc_buffer : 0;
    default: return t;
    }
}

/* ------------------------------------------------------------------------ */
/* Steps                                                                     */

static void syscall_step(struct reader *r, tcb_t *t, uint8_t op)
{
    struct kernel *k = mk.k;
    word_t number = syscall_numbers[op & 15];
    if ((op & 15) == FUZZ_RAW_SYSCALL)
        number = next_word(r);
    word_t cptr = next_word(r);
    uint8_t label_byte = next_byte(r);
    word_t label = label_byte < FUZZ_LABEL_WORD ? label_byte : next_word(r);
    word_t length = next_byte(r) & 0x7f;
    uint8_t caps = next_byte(r);
    word_t *buffer = lookup_ipc_buffer(k, false, t);

    for (word_t i = 0; i < length && i < FUZZ_MAX_WORDS; i++) {
        word_t w = next_word(r);
        if (i < seL4_FastMessageRegisters)
            t->regs[memkernel_mr_regs[i]] = w;
        else if (buffer)
            buffer[1 + i] = w;
    }
    for (word_t i = 0; i < (caps & 3u); i++) {
        word_t w = next_word(r);
        if (buffer)
            buffer[seL4_MsgMaxLength + 2 + i] = w;
    }
    if (caps & FUZZ_CAPS_RECV_SLOT) {
        for (word_t i = 0; i < 3; i++) {
            word_t w = next_word(r);
            if (buffer)
                buffer[seL4_MsgMaxLength + seL4_MsgMaxExtraCaps + 2 + i] = w;
        }
    }
    seL4_MessageInfo_t info = seL4_MessageInfo_new(label & MASK(52), (caps >> 2) & 7, caps & 3, length);
    t->regs[CTX_RDI] = cptr;
    t->regs[CTX_RSI] = info.words[0];
    t->regs[CTX_RDX] = number;
    t->regs[CTX_NEXT_IP] = 0x401002;
    snprintf(step_desc, sizeof(step_desc), "\"%s\" syscall %ld on cptr 0x%lx, label %lu, length %lu, %u caps",
             t->name, (long)number, cptr, label, length, caps & 3u);
    if (verbose)
        fprintf(stderr, "step %d: %s\n", step_no, step_desc);
    kernel_syscall(k, number);
    if (verbose) {
        seL4_MessageInfo_t out = { { t->regs[CTX_RSI] } };
        fprintf(stderr, "  -> \"%s\" in state %lu: rsi label %lu, mr0 0x%lx; now running: %s\n", t->name,
                t->state.type, (word_t)seL4_MessageInfo_get_label(out), t->regs[CTX_R10],
                kernel_current_thread(k) ? kernel_current_thread(k)->name : "(idle)");
    }
}

/* The n-th live thread (debug_tcbs order, idle left out), or NULL if there is none. */
static tcb_t *nth_thread(uint8_t n)
{
    word_t count = 0;
    for (tcb_t *t = mk.k->debug_tcbs; t; t = t->debug_next)
        count += t != mk.k->idle_thread;
    if (!count)
        return NULL;
    word_t want = n % count;
    for (tcb_t *t = mk.k->debug_tcbs; t; t = t->debug_next) {
        if (t != mk.k->idle_thread && want-- == 0)
            return t;
    }
    return NULL;
}

/* A mapping the kernel reports to the host must be a page of one of x86's sizes, aligned. */
static void check_mapping(const char *what, word_t vaddr, word_t paddr, word_t size_bits)
{
    if (!is_page_bits(size_bits) || !IS_ALIGNED(vaddr, size_bits) || !IS_ALIGNED(paddr, size_bits) ||
        vaddr + BIT(size_bits) > USER_TOP)
        invariant_failure("%s: vaddr 0x%lx paddr 0x%lx 2^%lu", what, vaddr, paddr, size_bits);
}

/* The host's queries (kernel.h): lookups, mappings in address order, VSpace and ASID, live pins. */
static void host_query_step(struct reader *r)
{
    struct kernel *k = mk.k;
    tcb_t *t = nth_thread(next_byte(r));
    word_t addr = next_word(r), paddr, bits, asid = 0;
    bool writable;

    snprintf(step_desc, sizeof(step_desc), "host queries about \"%s\" at 0x%lx", t ? t->name : "", addr);
    if (verbose)
        fprintf(stderr, "step %d: %s\n", step_no, step_desc);
    if (!t)
        return;
    if (kernel_vspace_lookup(k, t, addr, &paddr, &bits, &writable) == 0) {
        check_mapping("kernel_vspace_lookup", ROUND_DOWN(addr, bits), paddr, bits);
    }
    word_t vaddr = 0, prev_end = 0;
    for (int n = 0; n < 64 && kernel_vspace_next_mapping(k, t, &vaddr, &paddr, &bits, &writable) == 0; n++) {
        check_mapping("kernel_vspace_next_mapping", vaddr, paddr, bits);
        if (vaddr < prev_end)
            invariant_failure("kernel_vspace_next_mapping went back to 0x%lx", vaddr);
        prev_end = vaddr + BIT(bits);
        if (prev_end > USER_TOP)
            break;
        vaddr = prev_end;
    }
    word_t pml4 = kernel_thread_vspace(k, t, &asid);
    if (pml4 && kernel_asid_vspace(k, asid) && kernel_asid_vspace(k, asid) != pml4)
        invariant_failure("thread \"%s\": VSpace 0x%lx with ASID %lu, which names 0x%lx", t->name, pml4, asid,
                          kernel_asid_vspace(k, asid));
    uint32_t live = kernel_live_interrupt_pins(k);
    if (live >> IOAPIC_IRQ_LINES)
        invariant_failure("kernel_live_interrupt_pins: 0x%x", live);
}

/* One step; false when the input ends here (nothing can run, or the system halted). */
static bool run_step(struct reader *r)
{
    struct kernel *k = mk.k;
    uint8_t op = next_byte(r);
    tcb_t *t = kernel_current_thread(k);

    if (op >= FUZZ_OP_TICK && op < FUZZ_OP_IRQ) {
        snprintf(step_desc, sizeof(step_desc), "%d timer ticks", (op & 15) + 1);
        if (verbose)
            fprintf(stderr, "step %d: %s\n", step_no, step_desc);
        for (int i = 0; i <= (op & 15); i++) {
            if (kernel_current_thread(k))
                kernel_current_thread(k)->regs[CTX_ERROR] = 0;
            kernel_timer_tick(k);
        }
        return true;
    }
    if (op >= FUZZ_OP_HOST_QUERY && op < FUZZ_OP_DEBUG_DUMP) {
        host_query_step(r);
        return true;
    }
    if (op >= FUZZ_OP_DEBUG_DUMP) {
        /* Once per input: a dump walks every CSpace, and more of them would only cost time. */
        snprintf(step_desc, sizeof(step_desc), "the host's debug dump");
        if (!dumped)
            kernel_debug_dump(k);
        dumped = true;
        return true;
    }
    if (op >= FUZZ_OP_IRQ && op < FUZZ_OP_USER_EXCEPTION) {
        uint32_t pins = (uint32_t)(next_word(r) & MASK(IOAPIC_IRQ_LINES));
        if (!pins)
            pins = kernel_live_interrupt_pins(k); /* what the host's devices would raise */
        snprintf(step_desc, sizeof(step_desc), "device interrupt, pins 0x%x", pins);
        if (verbose)
            fprintf(stderr, "step %d: %s\n", step_no, step_desc);
        kernel_device_interrupt(k, pins);
        return true;
    }
    if (!t)
        return false; /* idle: only interrupts could go on */
    if (op < FUZZ_OP_SYSCALL_END) {
        syscall_step(r, t, op);
    } else if (op < FUZZ_OP_VM_FAULT) {
        word_t vector = next_byte(r), code = next_word(r);
        snprintf(step_desc, sizeof(step_desc), "\"%s\" user exception %lu code 0x%lx", t->name, vector, code);
        if (verbose)
            fprintf(stderr, "step %d: %s\n", step_no, step_desc);
        t->regs[CTX_RIP] = 0x401000;
        kernel_user_exception(k, vector, code);
    } else if (op < FUZZ_OP_REPEAT) {
        word_t addr = next_word(r), fsr = next_byte(r);
        snprintf(step_desc, sizeof(step_desc), "\"%s\" VM fault at 0x%lx status 0x%lx", t->name, addr, fsr);
        if (verbose)
            fprintf(stderr, "step %d: %s\n", step_no, step_desc);
        t->regs[CTX_RIP] = 0x401000;
        kernel_vm_fault(k, addr, fsr, op & 1);
    } else if (op < FUZZ_OP_SET_REG) {
        snprintf(step_desc, sizeof(step_desc), "\"%s\" syscall %ld again", t->name, (long)t->regs[CTX_RDX]);
        if (verbose)
            fprintf(stderr, "step %d: %s\n", step_no, step_desc);
        if (t->regs[CTX_NEXT_IP] == t->regs[CTX_RIP])
            t->regs[CTX_NEXT_IP] += 2;
        kernel_syscall(k, t->regs[CTX_RDX]);
    } else { /* FUZZ_OP_SET_REG */
        int reg = next_byte(r) % N_REGS;
        word_t value = next_word(r);
        snprintf(step_desc, sizeof(step_desc), "\"%s\" sets register %d to 0x%lx", t->name, reg, value);
        t->regs[reg] = value;
    }
    return !halted;
}

/* ------------------------------------------------------------------------ */

static void setup(void)
{
    memkernel_alloc(&mk, FUZZ_RAM_SIZE);
    scratch = mmap(NULL, SCRATCH_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (scratch == MAP_FAILED) {
        perror("fuzz: mmap");
        exit(1);
    }
    const char *v = getenv("FUZZ_VERBOSE");
    verbose = v && *v && strcmp(v, "0") != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    static const struct kernel_trace_config trace_all = { .on = true, .putchar = true };
    const char *why;

    if (!ready) {
        setup();
        ready = true;
    }
    struct reader r = { data, data + size };
    uint8_t flags = next_byte(&r);
    halted = dumped = false;
    refuse_maps = flags & FUZZ_REFUSE_MAPS;
    step_no = 0;
    snprintf(step_desc, sizeof(step_desc), "boot");
    memkernel_clear_ram(&mk);
    if (memkernel_boot(&mk, &plat, NULL, flags & FUZZ_TRACE ? &trace_all : NULL, flags & FUZZ_USER_ERRORS,
                       &why) != 0) {
        fprintf(stderr, "fuzz: boot failed: %s\n", why);
        abort();
    }
    check_invariants();
    for (step_no = 1; step_no <= FUZZ_MAX_STEPS && r.p < r.end; step_no++) {
        bool go_on = run_step(&r);
        check_invariants();
        if (!go_on)
            break;
    }
    return 0;
}
