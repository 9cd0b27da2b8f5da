/*
 * Limits: many threads, many capability slots and a big, sparsely used RAM
 * (README, "Limits"). Written once against libsel4: built in API mode and as
 * a native root task. The sizes are compile-time constants: the command
 * tests run it small (tests/cli/test_limits.sh), `make bench` at full size.
 *
 * The root task first makes itself a two-level CSpace, as an seL4 program
 * that needs more than its 2^13 root slots does: a top CNode of 2^5 slots
 * whose slot 0 holds the root CNode (with a guard that skips the top bits,
 * so every old CPtr still resolves), slot 1 a CNode for TCBs, slots 2 and 3
 * CNodes for frames, and slots 4.. the CNodes of the slot test. Then:
 *
 * threads  LIMITS_THREADS TCBs in two batches (LIMITS_THREADS_A, then the
 *          rest), started below the root task's priority: each yields,
 *          sends its number to the root task and blocks receiving on an
 *          endpoint nobody sends to; every number must come exactly once.
 *          A Call round trip to an echo server is timed beside 0,
 *          LIMITS_THREADS_A and LIMITS_THREADS blocked threads. Then every
 *          TCB is deleted and as many new ones run (on recycled host
 *          threads).
 * slots    LIMITS_CNODES CNodes of 2^LIMITS_CNODE_BITS slots: a badged
 *          endpoint cap minted into every slot of the first half of them and
 *          copied into the second half; a sample identified; the endpoint
 *          revoked (every cap goes); all filled again and the CNodes deleted
 *          with their caps.
 * ram      LIMITS_SPARSE 4 KiB frames mapped at every other page, touched,
 *          checked, unmapped; then every RAM untyped of 2 MiB or more
 *          retyped into 2 MiB frames, all mapped contiguously and one word
 *          of each touched: run with --ram 4G, 4 GiB of frames cost the host
 *          only the pages touched.
 *
 * Costs are taken per item over chunks of work, the best chunk of a batch
 * (noise only ever adds time); where the first batch and the rest should
 * cost the same per item, a rest that costs more than LIMITS_MAX_GROWTH
 * times the first fails the run: a cost that grows with the number of
 * threads, slots or mappings. Thread starts (a new host thread each) are
 * only reported: on a loaded host a new thread waits for the CPU behind
 * whatever else runs there, 10 to 400 us, which no bound can tell apart.
 *
 * Output: "limits: ..." lines, then "limits: ok", or "limits: FAIL ..." and
 * a halt. Figures are "bench NAME key=value ..." lines (README, Benchmarks);
 * in API mode also the host's memory (/proc/self), which native code cannot
 * read.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#ifndef LIMITS_THREADS
#define LIMITS_THREADS 1000
#endif
#ifndef LIMITS_THREADS_A
#define LIMITS_THREADS_A (LIMITS_THREADS / 4)
#endif
#ifndef LIMITS_CNODE_BITS
#define LIMITS_CNODE_BITS 14
#endif
#ifndef LIMITS_CNODES
#define LIMITS_CNODES 8
#endif
#ifndef LIMITS_CNODES_A
#define LIMITS_CNODES_A 2
#endif
#ifndef LIMITS_SPARSE
#define LIMITS_SPARSE 4096
#endif
#ifndef LIMITS_MAX_GROWTH
#define LIMITS_MAX_GROWTH 4
#endif
#ifndef LIMITS_NAME
#define LIMITS_NAME "limits"
#endif

/* The top CNode: its slots, and CPtrs into the CNodes they hold. */
#define TOP_BITS 5
#define TOP_ROOT 0
#define TOP_TCBS 1
#define TOP_LARGE 2
#define TOP_SMALL 3
#define TOP_SLOTS 4
#ifndef LIMITS_TCB_BITS
#define LIMITS_TCB_BITS 15
#endif
#define TCB_BITS LIMITS_TCB_BITS
#define LARGE_BITS 12
#define SMALL_BITS 15
#define CPTR(top_slot, index) (((seL4_Word)(top_slot) << (seL4_WordBits - TOP_BITS)) | (index))

#define WORKER_PRIO 100
/* Free in API-mode processes and in native images alike. */
#define LARGE_VADDR 0x300000000000ul
#define SMALL_VADDR 0x310000000000ul

_Static_assert(LIMITS_THREADS < (1 << TCB_BITS), "the TCB CNode holds every TCB and the echo server's");
_Static_assert(LIMITS_CNODES % 2 == 0 && LIMITS_CNODES_A > 0 && LIMITS_CNODES_A < LIMITS_CNODES, "two batches");
_Static_assert(TOP_SLOTS + LIMITS_CNODES <= (1 << TOP_BITS), "the top CNode holds every slot CNode");
_Static_assert(LIMITS_SPARSE <= (1 << SMALL_BITS) && LIMITS_SPARSE % 512 == 0, "sparse pages: whole page tables");

/* ---- output without libc ---- */

static void put_str(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static void put_num(uint64_t v, unsigned base)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        seL4_DebugPutChar(buf[--n]);
}

/* A printf of %s, %lu and %lx. */
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            seL4_DebugPutChar(*fmt);
        } else if (*++fmt == 's') {
            put_str(va_arg(ap, const char *));
        } else if (*fmt == 'l') {
            fmt++;
            put_num(va_arg(ap, unsigned long), *fmt == 'x' ? 16 : 10);
        }
    }
    va_end(ap);
}

static void fail(const char *what, unsigned long a, unsigned long b)
{
    say("limits: FAIL %s (%lu, %lu)\n", what, a, b);
    seL4_DebugHalt();
    for (;;)
        ;
}

static void check(const char *what, seL4_Error err, unsigned long detail)
{
    if (err != seL4_NoError)
        fail(what, (unsigned long)err, detail);
}

/* ---- time: the TSC, at the frequency the extra bootinfo gives ---- */

static uint64_t tsc_mhz;

static uint64_t now(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t ns_since(uint64_t start)
{
    return (now() - start) * 1000 / tsc_mhz;
}

/* A little-endian number in the extra bootinfo, whose chunks need not be aligned. */
static uint64_t le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    while (bytes--)
        v = v << 8 | p[bytes];
    return v;
}

static void find_tsc_mhz(seL4_BootInfo *bi)
{
    const uint8_t *at = (const uint8_t *)bi + 4096, *end = at + bi->extraLen;
    while (at + sizeof(seL4_BootInfoHeader) <= end) {
        uint64_t id = le(at, 8), len = le(at + 8, 8);
        if (len < sizeof(seL4_BootInfoHeader))
            break;
        if (id == SEL4_BOOTINFO_HEADER_X86_TSC_FREQ)
            tsc_mhz = le(at + sizeof(seL4_BootInfoHeader), 4);
        at += len;
    }
    if (!tsc_mhz)
        fail("no TSC frequency in the extra bootinfo", 0, 0);
}

/*
 * Per-item cost of the best chunk seen: chunks are timed one by one, and the
 * cheapest is the one least disturbed by whatever else the host ran.
 */
struct best {
    uint64_t ns_per_item;
};

static void best_init(struct best *b)
{
    b->ns_per_item = ~0ull;
}

static void best_chunk(struct best *b, uint64_t start, seL4_Word items)
{
    uint64_t per = ns_since(start) / items;
    if (per < b->ns_per_item)
        b->ns_per_item = per;
}

/* The rest of the work must not cost more per item than LIMITS_MAX_GROWTH times its first part. */
static void check_growth(const char *what, uint64_t first, uint64_t rest)
{
    if (rest > LIMITS_MAX_GROWTH * first + 100)
        fail(what, (unsigned long)first, (unsigned long)rest);
}

/* ---- the host's figures (API mode: this process is the root task's) ---- */

#ifndef SEL4EMU_NATIVE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct host_use {
    unsigned long rss_kib, vm_kib, threads, maps, ram_kib;
};

static unsigned long status_field(const char *name)
{
    char line[256];
    unsigned long v = 0;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, name, strlen(name)) == 0)
            v = strtoul(line + strlen(name), NULL, 10);
    if (f)
        fclose(f);
    return v;
}

/* The RAM memfd's pages: what the emulated RAM costs the host. */
static unsigned long ram_kib(void)
{
    char path[300], target[256];
    struct dirent *e;
    unsigned long kib = 0;
    DIR *d = opendir("/proc/self/fd");
    while (d && (e = readdir(d))) {
        struct stat st;
        snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(path, target, sizeof(target) - 1);
        if (n <= 0)
            continue;
        target[n] = '\0';
        if (strstr(target, "sel4emu-ram") && stat(path, &st) == 0)
            kib = (unsigned long)st.st_blocks / 2;
    }
    if (d)
        closedir(d);
    return kib;
}

static unsigned long map_count(void)
{
    char line[512];
    unsigned long n = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    while (f && fgets(line, sizeof(line), f))
        n++;
    if (f)
        fclose(f);
    return n;
}

static struct host_use host_use(void)
{
    return (struct host_use){ status_field("VmRSS:"), status_field("VmSize:"), status_field("Threads:"),
                              map_count(), ram_kib() };
}

static void say_host_use(const char *when, struct host_use u)
{
    say("bench %s_host when=%s rss_kib=%lu vm_kib=%lu host_threads=%lu maps=%lu ram_kib=%lu\n", LIMITS_NAME, when,
        u.rss_kib, u.vm_kib, u.threads, u.maps, u.ram_kib);
}
#endif

/* ---- objects ---- */

static seL4_BootInfo *bi;
static seL4_CPtr next_slot, top;

/* Retypes n objects into slots [offset, offset + n) of the CNode in the top CNode's slot top_slot. */
static void retype(seL4_Word type, seL4_Word size_bits, seL4_Word top_slot, seL4_Word offset, seL4_Word n)
{
    for (seL4_CPtr ut = bi->untyped.start; ut < bi->untyped.end; ut++) {
        if (bi->untypedList[ut - bi->untyped.start].isDevice)
            continue;
        seL4_Error err = top ? seL4_Untyped_Retype(ut, type, size_bits, top, top_slot, TOP_BITS, offset, n)
                             : seL4_Untyped_Retype(ut, type, size_bits, seL4_CapInitThreadCNode, 0, 0, offset, n);
        if (err == seL4_NoError)
            return;
        if (err != seL4_NotEnoughMemory)
            fail("retype", err, type);
    }
    fail("retype: out of memory", type, n);
}

/* An object in the next free slot of the root CNode. */
static seL4_CPtr make(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = next_slot++;
    retype(type, size_bits, TOP_ROOT, slot, 1);
    return slot;
}

/* The two-level CSpace: the top CNode, its slot 0 the root CNode, is the root task's CSpace from now on. */
static void make_top_cspace(void)
{
    seL4_CPtr t = make(seL4_CapTableObject, TOP_BITS);
    seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - TOP_BITS - bi->initThreadCNodeSizeBits).words[0];
    check("mint the root CNode", seL4_CNode_Mint(t, TOP_ROOT, TOP_BITS, seL4_CapInitThreadCNode,
                                                seL4_CapInitThreadCNode, seL4_WordBits, seL4_AllRights, guard),
          0);
    check("set space", seL4_TCB_SetSpace(seL4_CapInitThreadTCB, 0, t, 0, seL4_CapInitThreadVSpace, 0), 0);
    top = t;
}

/* A CNode of 2^bits slots in the top CNode's slot top_slot, with the guard that makes it a leaf. */
static void make_leaf_cnode(seL4_Word top_slot, seL4_Word bits)
{
    seL4_CPtr tmp = next_slot;
    retype(seL4_CapTableObject, bits, TOP_ROOT, tmp, 1);
    seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - TOP_BITS - bits).words[0];
    check("mutate a CNode", seL4_CNode_Mutate(top, top_slot, TOP_BITS, top, tmp, seL4_WordBits, guard), top_slot);
}

static void start_thread(seL4_CPtr tcb, seL4_Word prio, void (*fn)(seL4_Word, seL4_Word, seL4_Word),
                         void *stack_top, seL4_Word a0, seL4_Word a1, seL4_Word a2)
{
    /* No IPC buffer: every message here fits the four message registers. */
    check("configure", seL4_TCB_Configure(tcb, 0, top, 0, seL4_CapInitThreadVSpace, 0, 0, 0), a0);
    check("priority", seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio), a0);
    seL4_UserContext regs = { 0 };
    regs.rip = (seL4_Word)fn;
    regs.rsp = (seL4_Word)stack_top - sizeof(seL4_Word);
    regs.rdi = a0;
    regs.rsi = a1;
    regs.rdx = a2;
    check("write registers", seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs), a0);
}

/* ---- threads ---- */

#ifdef SEL4EMU_NATIVE
#define STACK_BYTES 1024 /* trapped syscalls run on the host thread's signal stack */
#else
#define STACK_BYTES 16384 /* API mode: kernel entries run on the thread's own stack (6 KiB with ASan) */
#endif
#define CHUNK 100

#if defined(__SANITIZE_ADDRESS__)
/* A stack is reused by the next thread after its TCB is deleted: forget the old frames' poison. */
void __asan_unpoison_memory_region(void const volatile *addr, unsigned long size);
#define UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define UNPOISON(p, n) ((void)0)
#endif

static char stacks[LIMITS_THREADS + 1][STACK_BYTES] __attribute__((aligned(16)));
static uint8_t seen[LIMITS_THREADS];
static seL4_CPtr report_ep, park_ep, echo_ep;

static void worker(seL4_Word n, seL4_Word report, seL4_Word park)
{
    seL4_Word mr0 = n;
    seL4_Yield();
    seL4_SendWithMRs(report, seL4_MessageInfo_new(0, 0, 0, 1), &mr0, NULL, NULL, NULL);
    for (;;)
        seL4_RecvWithMRs(park, NULL, NULL, NULL, NULL, NULL);
}

struct thread_costs {
    struct best create, start;
};

/* Threads [from, to): created and started, then each runs until it blocks; every number comes once. */
static void thread_batch(seL4_Word from, seL4_Word to, struct thread_costs *c)
{
    for (seL4_Word n = from; n < to; n += CHUNK) {
        seL4_Word count = to - n < CHUNK ? to - n : CHUNK;
        uint64_t t0 = now();
        retype(seL4_TCBObject, 0, TOP_TCBS, n, count);
        for (seL4_Word i = n; i < n + count; i++) {
            UNPOISON(stacks[i], STACK_BYTES);
            start_thread(CPTR(TOP_TCBS, i), WORKER_PRIO, worker, stacks[i] + STACK_BYTES, i, report_ep, park_ep);
        }
        best_chunk(&c->create, t0, count);
    }
    /* The root task waits: each thread now runs for the first time (a host thread each), yields, reports. */
    for (seL4_Word i = from; i < to; i += CHUNK) {
        seL4_Word count = to - i < CHUNK ? to - i : CHUNK;
        uint64_t t0 = now();
        for (seL4_Word j = 0; j < count; j++) {
            seL4_Word n = ~0ul;
            seL4_RecvWithMRs(report_ep, NULL, &n, NULL, NULL, NULL);
            if (n < from || n >= to || seen[n])
                fail("a worker's number", n, i + j);
            seen[n] = 1;
        }
        best_chunk(&c->start, t0, count);
    }
}

static void echo(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    seL4_Word mr0 = 0;
    seL4_RecvWithMRs(ep, NULL, &mr0, NULL, NULL, NULL);
    for (;;) {
        mr0++;
        seL4_ReplyRecvWithMRs(ep, seL4_MessageInfo_new(0, 0, 0, 1), NULL, &mr0, NULL, NULL, NULL);
    }
}

/* A Call round trip to the echo server, in ns: the best of a few batches. */
static uint64_t ipc_round_trip_ns(void)
{
    struct best b;
    best_init(&b);
    for (int batch = 0; batch < 5; batch++) {
        uint64_t t0 = now();
        for (seL4_Word i = 0; i < 2000; i++) {
            seL4_Word mr0 = i;
            seL4_CallWithMRs(echo_ep, seL4_MessageInfo_new(0, 0, 0, 1), &mr0, NULL, NULL, NULL);
            if (mr0 != i + 1)
                fail("the echo server's answer", mr0, i);
        }
        best_chunk(&b, t0, 2000);
    }
    return b.ns_per_item;
}

static void say_threads(const char *what, seL4_Word first, seL4_Word total, struct thread_costs *a,
                        struct thread_costs *b)
{
    say("bench %s_%s first=%lu total=%lu create_ns_first=%lu create_ns_rest=%lu start_ns_first=%lu "
        "start_ns_rest=%lu\n",
        LIMITS_NAME, what, first, total, a->create.ns_per_item, b->create.ns_per_item, a->start.ns_per_item,
        b->start.ns_per_item);
}

static void test_threads(void)
{
    struct thread_costs a, b;
    best_init(&a.create), best_init(&a.start), best_init(&b.create), best_init(&b.start);
    report_ep = make(seL4_EndpointObject, 0);
    park_ep = make(seL4_EndpointObject, 0);
    echo_ep = make(seL4_EndpointObject, 0);
    make_leaf_cnode(TOP_TCBS, TCB_BITS);
    retype(seL4_TCBObject, 0, TOP_TCBS, LIMITS_THREADS, 1);
    start_thread(CPTR(TOP_TCBS, LIMITS_THREADS), seL4_MaxPrio - 1, echo, stacks[LIMITS_THREADS] + STACK_BYTES,
                 echo_ep, 0, 0);
#ifndef SEL4EMU_NATIVE
    struct host_use before = host_use();
#endif

    uint64_t ipc_0 = ipc_round_trip_ns();
    thread_batch(0, LIMITS_THREADS_A, &a);
    uint64_t ipc_a = ipc_round_trip_ns();
    thread_batch(LIMITS_THREADS_A, LIMITS_THREADS, &b);
    uint64_t ipc_b = ipc_round_trip_ns();
    say("limits: %lu threads ran and blocked\n", (unsigned long)LIMITS_THREADS);
    say_threads("threads", LIMITS_THREADS_A, LIMITS_THREADS, &a, &b);
    say("bench %s_ipc_beside_blocked_threads rt_ns_0=%lu rt_ns_%lu=%lu rt_ns_%lu=%lu\n", LIMITS_NAME,
        (unsigned long)ipc_0, (unsigned long)LIMITS_THREADS_A, (unsigned long)ipc_a, (unsigned long)LIMITS_THREADS,
        (unsigned long)ipc_b);
#ifndef SEL4EMU_NATIVE
    struct host_use after = host_use();
    say_host_use("threads", after);
    say("bench %s_host_per_thread rss_kib=%lu vm_kib=%lu maps=%lu\n", LIMITS_NAME,
        (after.rss_kib - before.rss_kib) / LIMITS_THREADS, (after.vm_kib - before.vm_kib) / LIMITS_THREADS,
        (after.maps - before.maps) / LIMITS_THREADS);
#endif
    /* Not the starts: a new host thread waits for the CPU behind whatever else the host runs there. */
    check_growth("thread creation cost grows", a.create.ns_per_item, b.create.ns_per_item);
    check_growth("IPC cost grows with blocked threads", ipc_0, ipc_b);

    /* Every TCB deleted (their host threads wait to be reused), and as many new threads run. */
    struct best del;
    best_init(&del);
    for (seL4_Word n = 0; n < LIMITS_THREADS; n += CHUNK) {
        uint64_t t0 = now();
        for (seL4_Word i = n; i < n + CHUNK && i < LIMITS_THREADS; i++)
            check("delete a TCB", seL4_CNode_Delete(top, CPTR(TOP_TCBS, i), seL4_WordBits), i);
        best_chunk(&del, t0, CHUNK);
        for (seL4_Word i = n; i < n + CHUNK && i < LIMITS_THREADS; i++)
            seen[i] = 0;
    }
    best_init(&a.create), best_init(&a.start), best_init(&b.create), best_init(&b.start);
    thread_batch(0, LIMITS_THREADS_A, &a);
    thread_batch(LIMITS_THREADS_A, LIMITS_THREADS, &b);
    say("limits: %lu threads deleted, %lu new ones ran and blocked\n", (unsigned long)LIMITS_THREADS,
        (unsigned long)LIMITS_THREADS);
    say_threads("threads_again", LIMITS_THREADS_A, LIMITS_THREADS, &a, &b);
    say("bench %s_threads_delete delete_ns=%lu\n", LIMITS_NAME, del.ns_per_item);
    check_growth("thread creation cost grows", a.create.ns_per_item, b.create.ns_per_item);
}

/* ---- slots ---- */

#define SLOTS_PER_CNODE (1ul << LIMITS_CNODE_BITS)
#define SLOTS_TOTAL (LIMITS_CNODES * SLOTS_PER_CNODE)
#define HALF (SLOTS_TOTAL / 2)

/* Slot i of the slot CNodes: the first half holds minted caps, the second half their copies. */
static seL4_CPtr slot_cptr(seL4_Word i)
{
    return CPTR(TOP_SLOTS + i / SLOTS_PER_CNODE, i % SLOTS_PER_CNODE);
}

/* Mints badge i + 1 of the endpoint into slot i and copies that into slot i + HALF, for i in [from, to). */
static void fill(seL4_CPtr ep, seL4_Word from, seL4_Word to)
{
    for (seL4_Word i = from; i < to; i++) {
        check("mint", seL4_CNode_Mint(top, slot_cptr(i), seL4_WordBits, top, ep, seL4_WordBits, seL4_AllRights,
                                      i + 1),
              i);
        check("copy", seL4_CNode_Copy(top, slot_cptr(i + HALF), seL4_WordBits, top, slot_cptr(i), seL4_WordBits,
                                      seL4_AllRights),
              i);
    }
}

/* Every stride-th slot and the last hold endpoint caps, or all are empty. */
static void check_sample(seL4_Word stride, bool present)
{
    for (seL4_Word i = 0; i < SLOTS_TOTAL + stride - 1; i += stride) {
        seL4_Word n = i < SLOTS_TOTAL ? i : SLOTS_TOTAL - 1;
        seL4_Uint32 type = seL4_DebugCapIdentify(slot_cptr(n));
        if (type != (present ? 4u /* cap_endpoint_cap */ : 0u))
            fail("the cap in a slot", n, type);
    }
}

static void test_slots(void)
{
    const seL4_Word first = LIMITS_CNODES_A * SLOTS_PER_CNODE / 2, chunk = SLOTS_PER_CNODE / 8;
    uint64_t t0 = now();
    for (seL4_Word c = 0; c < LIMITS_CNODES; c++)
        make_leaf_cnode(TOP_SLOTS + c, LIMITS_CNODE_BITS);
    uint64_t retype_ns = ns_since(t0);
    seL4_CPtr ep = make(seL4_EndpointObject, 0);

    /* Chunk by chunk (a mint and a copy per item), the first CNodes apart from the rest. */
    struct best fill_a, fill_b;
    best_init(&fill_a), best_init(&fill_b);
    for (seL4_Word i = 0; i < HALF; i += chunk) {
        t0 = now();
        fill(ep, i, i + chunk);
        best_chunk(i < first ? &fill_a : &fill_b, t0, 2 * chunk);
    }
    check_sample(997, true);
    seL4_Error err = seL4_CNode_Copy(top, slot_cptr(0), seL4_WordBits, top, ep, seL4_WordBits, seL4_AllRights);
    if (err != seL4_DeleteFirst)
        fail("a copy into a full slot", err, 0);

    /* Revoking the endpoint's cap deletes every minted cap and every copy: linear in the subtree. */
    t0 = now();
    check("revoke", seL4_CNode_Revoke(top, ep, seL4_WordBits), 0);
    uint64_t revoke_ns = ns_since(t0);
    check_sample(997, false);
    if (seL4_DebugCapIdentify(ep) != 4)
        fail("the revoked cap itself", seL4_DebugCapIdentify(ep), 0);

    /* Full again; then the CNodes themselves go, each with every cap in it. */
    fill(ep, 0, HALF);
    t0 = now();
    for (seL4_Word c = 0; c < LIMITS_CNODES; c++)
        check("delete a CNode", seL4_CNode_Delete(top, TOP_SLOTS + c, TOP_BITS), c);
    uint64_t delete_ns = ns_since(t0);
    if (seL4_DebugCapIdentify(slot_cptr(0)) != 0)
        fail("a slot of a deleted CNode", seL4_DebugCapIdentify(slot_cptr(0)), 0);
    if (seL4_CNode_Revoke(top, ep, seL4_WordBits) != seL4_NoError || seL4_DebugCapIdentify(ep) != 4)
        fail("the endpoint's cap after its children went", 0, 0);

    say("limits: %lu slots filled, copied, revoked, filled and deleted\n", (unsigned long)SLOTS_TOTAL);
    say("bench %s_slots first=%lu total=%lu retype_ns=%lu fill_ns_first=%lu fill_ns_rest=%lu revoke_ns=%lu "
        "delete_ns=%lu\n",
        LIMITS_NAME, (unsigned long)(2 * first), (unsigned long)SLOTS_TOTAL,
        (unsigned long)(retype_ns / SLOTS_TOTAL), (unsigned long)fill_a.ns_per_item,
        (unsigned long)fill_b.ns_per_item, (unsigned long)(revoke_ns / SLOTS_TOTAL),
        (unsigned long)(delete_ns / SLOTS_TOTAL));
    check_growth("slot fill cost grows", fill_a.ns_per_item, fill_b.ns_per_item);
}

/* ---- RAM ---- */

#define PAGE 4096ul
#define LARGE_PAGE (1ul << seL4_LargePageBits)
#define MAX_LARGE (1ul << LARGE_BITS)
#define MAGIC 0x5e14c0de00000000ul

/* Paging structures for [vaddr, vaddr + bytes) of the root VSpace, below a PDPT mapped already. */
static void map_tables(seL4_Word vaddr, seL4_Word bytes, bool page_tables)
{
    for (seL4_Word at = vaddr; at < vaddr + bytes; at += LARGE_PAGE) {
        if (at % (1ul << 30) == 0 || at == vaddr)
            check("map a page directory", seL4_X86_PageDirectory_Map(make(seL4_X86_PageDirectoryObject, 0),
                                                                     seL4_CapInitThreadVSpace, at & ~((1ul << 30) - 1),
                                                                     seL4_X86_Default_VMAttributes),
                  at);
        if (page_tables)
            check("map a page table", seL4_X86_PageTable_Map(make(seL4_X86_PageTableObject, 0),
                                                             seL4_CapInitThreadVSpace, at,
                                                             seL4_X86_Default_VMAttributes),
                  at);
    }
}

/* 4 KiB frames at every other page: as many separate host mappings. */
static void test_sparse(void)
{
    const seL4_Word n = LIMITS_SPARSE, chunk = 256;
    make_leaf_cnode(TOP_SMALL, SMALL_BITS);
    check("map a PDPT", seL4_X86_PDPT_Map(make(seL4_X86_PDPTObject, 0), seL4_CapInitThreadVSpace, SMALL_VADDR,
                                          seL4_X86_Default_VMAttributes),
          0);
    map_tables(SMALL_VADDR, 2 * n * PAGE, true);
    for (seL4_Word i = 0; i < n; i += CONFIG_RETYPE_FAN_OUT_LIMIT)
        retype(seL4_X86_4K, 0, TOP_SMALL, i, CONFIG_RETYPE_FAN_OUT_LIMIT);

    struct best map_a, map_b, unmap;
    best_init(&map_a), best_init(&map_b), best_init(&unmap);
    for (seL4_Word i = 0; i < n; i += chunk) {
        uint64_t t0 = now();
        for (seL4_Word j = i; j < i + chunk; j++)
            check("map a small frame", seL4_X86_Page_Map(CPTR(TOP_SMALL, j), seL4_CapInitThreadVSpace,
                                                         SMALL_VADDR + 2 * j * PAGE, seL4_AllRights,
                                                         seL4_X86_Default_VMAttributes),
                  j);
        best_chunk(i < n / 4 ? &map_a : &map_b, t0, chunk);
    }
    for (seL4_Word i = 0; i < n; i++)
        *(volatile seL4_Word *)(SMALL_VADDR + 2 * i * PAGE + i % 512 * 8) = MAGIC | i;
    for (seL4_Word i = 0; i < n; i++)
        if (*(volatile seL4_Word *)(SMALL_VADDR + 2 * i * PAGE + i % 512 * 8) != (MAGIC | i))
            fail("a word of a small frame", i, 0);
    for (seL4_Word i = 0; i < n; i += chunk) {
        uint64_t t0 = now();
        for (seL4_Word j = i; j < i + chunk; j++)
            check("unmap a small frame", seL4_X86_Page_Unmap(CPTR(TOP_SMALL, j)), j);
        best_chunk(&unmap, t0, chunk);
    }
    /* Mapped again elsewhere, a frame still holds what was written. */
    check("map a frame again", seL4_X86_Page_Map(CPTR(TOP_SMALL, n - 1), seL4_CapInitThreadVSpace, SMALL_VADDR + PAGE,
                                                 seL4_AllRights, seL4_X86_Default_VMAttributes),
          0);
    if (*(volatile seL4_Word *)(SMALL_VADDR + PAGE + (n - 1) % 512 * 8) != (MAGIC | (n - 1)))
        fail("a frame mapped again", n - 1, 0);

    say("limits: %lu small frames mapped apart, touched and unmapped\n", (unsigned long)n);
    say("bench %s_sparse_maps first=%lu total=%lu map_ns_first=%lu map_ns_rest=%lu unmap_ns=%lu\n", LIMITS_NAME,
        (unsigned long)(n / 4), (unsigned long)n, (unsigned long)map_a.ns_per_item, (unsigned long)map_b.ns_per_item,
        (unsigned long)unmap.ns_per_item);
    check_growth("mapping cost grows with mappings", map_a.ns_per_item, map_b.ns_per_item);
}

/* The word of large frame i that gets touched: a different 4 KiB page of each. */
static volatile seL4_Word *touched_word(seL4_Word i)
{
    seL4_Word page = (i * 7) % (LARGE_PAGE / PAGE);
    return (volatile seL4_Word *)(LARGE_VADDR + i * LARGE_PAGE + page * PAGE + (i % 512) * 8);
}

/* What is left of every RAM untyped, as many 2 MiB frames as fit, into the large-frame CNode. */
static seL4_Word retype_all_large_frames(void)
{
    seL4_Word n = 0;
    for (seL4_CPtr ut = bi->untyped.start; ut < bi->untyped.end; ut++) {
        const seL4_UntypedDesc *d = &bi->untypedList[ut - bi->untyped.start];
        if (d->isDevice || d->sizeBits < seL4_LargePageBits)
            continue;
        for (seL4_Word count = CONFIG_RETYPE_FAN_OUT_LIMIT; count && n < MAX_LARGE;) {
            if (count > MAX_LARGE - n)
                count = MAX_LARGE - n;
            seL4_Error err = seL4_Untyped_Retype(ut, seL4_X86_LargePageObject, 0, top, TOP_LARGE, TOP_BITS, n, count);
            if (err == seL4_NoError)
                n += count;
            else if (err == seL4_NotEnoughMemory)
                count /= 2;
            else
                fail("retype large frames", err, n);
        }
    }
    return n;
}

static void test_ram(void)
{
    test_sparse();
    make_leaf_cnode(TOP_LARGE, LARGE_BITS);
    check("map a PDPT", seL4_X86_PDPT_Map(make(seL4_X86_PDPTObject, 0), seL4_CapInitThreadVSpace, LARGE_VADDR,
                                          seL4_X86_Default_VMAttributes),
          0);
    uint64_t t0 = now();
    seL4_Word frames = retype_all_large_frames();
    uint64_t retype_ns = ns_since(t0);
    if (!frames)
        fail("no RAM left for large frames", 0, 0);
    map_tables(LARGE_VADDR, frames * LARGE_PAGE, false);
    t0 = now();
    for (seL4_Word i = 0; i < frames; i++)
        check("map a large frame", seL4_X86_Page_Map(CPTR(TOP_LARGE, i), seL4_CapInitThreadVSpace,
                                                     LARGE_VADDR + i * LARGE_PAGE, seL4_AllRights,
                                                     seL4_X86_Default_VMAttributes),
              i);
    uint64_t map_ns = ns_since(t0);
    t0 = now();
    for (seL4_Word i = 0; i < frames; i++)
        *touched_word(i) = MAGIC | i;
    for (seL4_Word i = 0; i < frames; i++)
        if (*touched_word(i) != (MAGIC | i))
            fail("a touched word", i, *touched_word(i));
    uint64_t touch_ns = ns_since(t0);
    say("limits: %lu MiB of RAM in 2 MiB frames, all mapped, one page of each touched\n",
        (unsigned long)(frames * LARGE_PAGE >> 20));
    say("bench %s_ram frames=%lu mapped_mib=%lu retype_ns=%lu map_ns=%lu touch_ns=%lu\n", LIMITS_NAME,
        (unsigned long)frames, (unsigned long)(frames * LARGE_PAGE >> 20), (unsigned long)(retype_ns / frames),
        (unsigned long)(map_ns / frames), (unsigned long)(touch_ns / frames));
#ifndef SEL4EMU_NATIVE
    say_host_use("end", host_use());
#endif
}

int main(void)
{
    bi = sel4runtime_bootinfo();
    next_slot = bi->empty.start;
    find_tsc_mhz(bi);
    make_top_cspace();
    test_threads();
    test_slots();
    test_ram();
    say("limits: ok\n");
    return 0;
}
