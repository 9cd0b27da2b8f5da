/*
 * sel4emu conformance suite: formatter, failure recording, environment and
 * the driver main(). Freestanding: no libc, output via seL4_DebugPutChar.
 */
#include "framework.h"

#include <sel4/arch/mapping.h> /* seL4_MappingFailedLookupLevel */

struct conf_env conf_env;

/* ------------------------------------------------------------------------ */
/* Small string helpers (own names: no libc)                                 */

static size_t conf_strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static int conf_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (int)(unsigned char)*a - (int)(unsigned char)*b;
}

static bool conf_contains(const char *hay, const char *needle)
{
    size_t n = conf_strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] == needle[i]) {
            i++;
        }
        if (i == n) {
            return true;
        }
    }
    return n == 0;
}

static const char *conf_basename(const char *path)
{
    const char *base = path;
    for (; *path; path++) {
        if (*path == '/') {
            base = path + 1;
        }
    }
    return base;
}

/* ------------------------------------------------------------------------ */
/* Formatter: %s %c %d %i %u %x %X %p %% with optional '-', '0', width and
 * the l / ll / z length modifiers.                                          */

typedef void (*conf_sink_t)(void *ctx, char c);

static void fmt_str(conf_sink_t sink, void *ctx, const char *s, int width,
                    bool left)
{
    int len = (int)conf_strlen(s);
    if (!left) {
        for (int i = len; i < width; i++) {
            sink(ctx, ' ');
        }
    }
    for (int i = 0; i < len; i++) {
        sink(ctx, s[i]);
    }
    if (left) {
        for (int i = len; i < width; i++) {
            sink(ctx, ' ');
        }
    }
}

static void fmt_num(conf_sink_t sink, void *ctx, unsigned long long v,
                    bool negative, unsigned base, bool upper, int width,
                    char pad, bool left, const char *prefix)
{
    char digits[24];
    int n = 0;
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits[n++] = set[v % base];
        v /= base;
    } while (v);
    int plen = (int)conf_strlen(prefix) + (negative ? 1 : 0);
    int total = n + plen;
    if (!left && pad == ' ') {
        for (int i = total; i < width; i++) {
            sink(ctx, ' ');
        }
    }
    if (negative) {
        sink(ctx, '-');
    }
    for (const char *p = prefix; *p; p++) {
        sink(ctx, *p);
    }
    if (!left && pad == '0') {
        for (int i = total; i < width; i++) {
            sink(ctx, '0');
        }
    }
    while (n) {
        sink(ctx, digits[--n]);
    }
    if (left) {
        for (int i = total; i < width; i++) {
            sink(ctx, ' ');
        }
    }
}

static void conf_vformat(conf_sink_t sink, void *ctx, const char *fmt,
                         va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            sink(ctx, *fmt);
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        int width = 0;
        int lng = 0;
        for (;; fmt++) {
            if (*fmt == '-') {
                left = true;
            } else if (*fmt == '0') {
                pad = '0';
            } else {
                break;
            }
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt - '0');
            fmt++;
        }
        while (*fmt == 'l' || *fmt == 'z') {
            lng++;
            fmt++;
        }
        switch (*fmt) {
        case '\0':
            return;
        case '%':
            sink(ctx, '%');
            break;
        case 'c':
            sink(ctx, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            fmt_str(sink, ctx, s ? s : "(null)", width, left);
            break;
        }
        case 'd':
        case 'i': {
            long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
            unsigned long long u = v < 0 ? 0ull - (unsigned long long)v
                                         : (unsigned long long)v;
            fmt_num(sink, ctx, u, v < 0, 10, false, width, pad, left, "");
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = lng ? va_arg(ap, unsigned long long)
                                       : va_arg(ap, unsigned int);
            fmt_num(sink, ctx, v, false, *fmt == 'u' ? 10 : 16, *fmt == 'X',
                    width, pad, left, "");
            break;
        }
        case 'p': {
            unsigned long long v = (unsigned long long)(uintptr_t)va_arg(ap, void *);
            fmt_num(sink, ctx, v, false, 16, false, width, pad, left, "0x");
            break;
        }
        default:
            sink(ctx, '%');
            sink(ctx, *fmt);
            break;
        }
    }
}

static void sink_console(void *ctx, char c)
{
    (void)ctx;
    seL4_DebugPutChar(c);
}

void conf_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    conf_vformat(sink_console, NULL, fmt, ap);
    va_end(ap);
}

struct buf_sink {
    char *buf;
    size_t size;
    size_t pos;
};

static void sink_buffer(void *ctx, char c)
{
    struct buf_sink *b = ctx;
    if (b->size && b->pos + 1 < b->size) {
        b->buf[b->pos] = c;
    }
    b->pos++;
}

int conf_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_sink b = {buf, size, 0};
    conf_vformat(sink_buffer, &b, fmt, ap);
    if (size) {
        buf[b.pos < size ? b.pos : size - 1] = '\0';
    }
    return (int)b.pos;
}

int conf_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = conf_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* ------------------------------------------------------------------------ */
/* Failure recording                                                         */

static char fail_msg[1024];
static bool fail_recorded;
static char ctx_msg[128];
static char env_msg[256];

void conf_ctx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    conf_vsnprintf(ctx_msg, sizeof(ctx_msg), fmt, ap);
    va_end(ap);
}

static void fail_vrecord(const char *file, int line, const char *fmt,
                         va_list ap)
{
    if (fail_recorded) {
        return;
    }
    fail_recorded = true;
    int n = conf_snprintf(fail_msg, sizeof(fail_msg), "%s:%d: ",
                          conf_basename(file), line);
    if (n < (int)sizeof(fail_msg)) {
        n += conf_vsnprintf(fail_msg + n, sizeof(fail_msg) - (size_t)n, fmt, ap);
    }
    if (ctx_msg[0] && n < (int)sizeof(fail_msg)) {
        conf_snprintf(fail_msg + n, sizeof(fail_msg) - (size_t)n, " [%s]",
                      ctx_msg);
    }
}

int conf_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_vrecord(file, line, fmt, ap);
    va_end(ap);
    return CONF_FAIL;
}

static int conf_fail_v(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_vrecord(file, line, fmt, ap);
    va_end(ap);
    return CONF_FAIL;
}

int conf_fail_error(const char *file, int line, const char *expr,
                    seL4_Word got, seL4_Word expected)
{
    seL4_Word mr[5];
    for (int i = 0; i < 5; i++) {
        mr[i] = seL4_GetMR(i);
    }
    return conf_fail_v(file, line,
                       "%s returned %s (%lu) [MR0..4: 0x%lx 0x%lx 0x%lx 0x%lx "
                       "0x%lx], expected %s (%lu)",
                       expr, conf_error_name(got), got, mr[0], mr[1], mr[2],
                       mr[3], mr[4], conf_error_name(expected), expected);
}

const char *conf_error_name(seL4_Word err)
{
    static const char *const names[] = {
        "seL4_NoError",         "seL4_InvalidArgument", "seL4_InvalidCapability",
        "seL4_IllegalOperation", "seL4_RangeError",      "seL4_AlignmentError",
        "seL4_FailedLookup",    "seL4_TruncatedMessage", "seL4_DeleteFirst",
        "seL4_RevokeFirst",     "seL4_NotEnoughMemory",
    };
    if (err < sizeof(names) / sizeof(names[0])) {
        return names[err];
    }
    return "(not an seL4_Error)";
}

const char *conf_cap_name(seL4_Word type)
{
    switch (type) {
    case CAP_NULL: return "null";
    case CAP_FRAME: return "frame";
    case CAP_UNTYPED: return "untyped";
    case CAP_PT: return "page table";
    case CAP_EP: return "endpoint";
    case CAP_PD: return "page directory";
    case CAP_NTFN: return "notification";
    case CAP_PDPT: return "PDPT";
    case CAP_REPLY: return "reply";
    case CAP_PML4: return "PML4";
    case CAP_CNODE: return "CNode";
    case CAP_ASID_CONTROL: return "ASID control";
    case CAP_TCB: return "TCB";
    case CAP_ASID_POOL: return "ASID pool";
    case CAP_IRQ_CONTROL: return "IRQ control";
    case CAP_IRQ_HANDLER: return "IRQ handler";
    case CAP_ZOMBIE: return "zombie";
    case CAP_IO_PORT: return "IO port";
    case CAP_DOMAIN: return "domain";
    case CAP_IO_PORT_CONTROL: return "IO port control";
    case CAP_UNREACHABLE: return "(slot not reachable)";
    default: return "(unknown cap type)";
    }
}

/* ------------------------------------------------------------------------ */
/* Environment                                                               */

static seL4_Word alloc_first; /* first slot handed out to tests */
static seL4_Word alloc_next;
static seL4_Word alloc_end;

const char *conf_env_error(void)
{
    return env_msg;
}

seL4_CPtr conf_alloc_slots(seL4_Word n)
{
    if (n == 0 || n > alloc_end - alloc_next) {
        conf_snprintf(env_msg, sizeof(env_msg),
                      "cannot hand out %lu free slots (%lu left)", n,
                      alloc_end - alloc_next);
        return 0;
    }
    seL4_CPtr slot = alloc_next;
    alloc_next += n;
    return slot;
}

seL4_CPtr conf_alloc_objects(seL4_Word type, seL4_Word size_bits, seL4_Word n)
{
    seL4_CPtr slot = conf_alloc_slots(n);
    if (!slot) {
        return 0;
    }
    seL4_Error err = retype(conf_env.pool, type, size_bits, slot, n);
    if (err != seL4_NoError) {
        conf_snprintf(env_msg, sizeof(env_msg),
                      "retype of %lu objects of type %lu (size %lu) from the "
                      "pool untyped (2^%lu) failed: %s",
                      n, type, size_bits, conf_env.pool_bits,
                      conf_error_name(err));
        return 0;
    }
    return slot;
}

seL4_CPtr conf_alloc_untyped(seL4_Word size_bits)
{
    return conf_alloc_objects(seL4_UntypedObject, size_bits, 1);
}

seL4_CPtr conf_find_untyped(bool device, seL4_Word min_bits, bool largest,
                            seL4_Word *size_bits)
{
    const seL4_BootInfo *bi = conf_env.bi;
    seL4_CPtr best = 0;
    seL4_Word best_bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if ((d->isDevice != 0) != device || d->sizeBits < min_bits) {
            continue;
        }
        if (!best || (largest ? d->sizeBits > best_bits : d->sizeBits < best_bits)) {
            best = bi->untyped.start + i;
            best_bits = d->sizeBits;
        }
    }
    if (best && size_bits) {
        *size_bits = best_bits;
    }
    if (!best) {
        conf_snprintf(env_msg, sizeof(env_msg),
                      "no %s untyped of at least 2^%lu bytes in bootinfo",
                      device ? "device" : "RAM", min_bits);
    }
    return best;
}

seL4_Word conf_cap_type_at(seL4_CPtr cnode, seL4_Word index, seL4_Word depth)
{
    seL4_Error err = seL4_CNode_Move(ROOT, conf_env.scratch, seL4_WordBits,
                                     cnode, index, (seL4_Uint8)depth);
    if (err == seL4_FailedLookup && seL4_GetMR(0) == 1 &&
        seL4_GetMR(1) == seL4_MissingCapability && seL4_GetMR(2) == depth) {
        /* the slot resolved and is empty (decodeCNodeInvocation) */
        return CAP_NULL;
    }
    if (err != seL4_NoError) {
        return CAP_UNREACHABLE;
    }
    seL4_Word type = seL4_DebugCapIdentify(conf_env.scratch);
    err = seL4_CNode_Move(cnode, index, (seL4_Uint8)depth, ROOT,
                          conf_env.scratch, seL4_WordBits);
    if (err != seL4_NoError) {
        return CAP_UNREACHABLE;
    }
    return type;
}

seL4_MessageInfo_t conf_raw_call(seL4_CPtr cap, seL4_Word label,
                                 seL4_Word length, seL4_Word n_caps,
                                 const seL4_Word *mrs, const seL4_CPtr *caps)
{
    for (seL4_Word i = 0; i < length; i++) {
        seL4_SetMR((int)i, mrs ? mrs[i] : 0);
    }
    for (seL4_Word i = 0; i < n_caps; i++) {
        seL4_SetCap((int)i, caps[i]);
    }
    return seL4_Call(cap, seL4_MessageInfo_new(label, 0, n_caps, length));
}

/* ------------------------------------------------------------------------ */
/* Threads in the root VSpace                                                */

const char *conf_current_test = "";

void conf_memzero(volatile void *p, size_t n)
{
    volatile unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        b[i] = 0;
    }
}

int conf_log_check(const char *file, int line, const struct conf_log *l,
                   const seL4_Word *want, seL4_Word n)
{
    char got[256], exp[256];
    int g = 0, e = 0;
    seL4_Word have = l->n;
    for (seL4_Word i = 0; i < have && i < CONF_LOG_MAX && g < 200; i++) {
        g += conf_snprintf(got + g, sizeof(got) - (size_t)g, "%s%lu",
                           i ? " " : "", l->v[i]);
    }
    got[g < (int)sizeof(got) ? g : (int)sizeof(got) - 1] = '\0';
    for (seL4_Word i = 0; i < n && e < 200; i++) {
        e += conf_snprintf(exp + e, sizeof(exp) - (size_t)e, "%s%lu",
                           i ? " " : "", want[i]);
    }
    exp[e < (int)sizeof(exp) ? e : (int)sizeof(exp) - 1] = '\0';
    bool same = have == n;
    for (seL4_Word i = 0; same && i < n; i++) {
        same = l->v[i] == want[i];
    }
    if (!same) {
        return conf_fail(file, line, "order log: expected [%s], got [%s]", exp,
                         got);
    }
    return CONF_PASS;
}

#if defined(__SANITIZE_ADDRESS__)
/* A stack of the pool is reused by later threads: forget old frames' poison. */
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define CONF_UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define CONF_UNPOISON(p, n) ((void)0)
#endif

static char conf_stacks[CONF_NUM_STACKS][CONF_STACK_SIZE]
    __attribute__((aligned(4096)));
static seL4_Word conf_stack_next;

static struct conf_thread conf_threads[CONF_MAX_THREADS];
static seL4_Word conf_nthreads;
static seL4_Word conf_root_priority = seL4_MaxPrio;

seL4_Error conf_set_root_prio(seL4_Word prio)
{
    seL4_Error err = seL4_TCB_SetPriority(seL4_CapInitThreadTCB,
                                          seL4_CapInitThreadTCB, prio);
    if (err == seL4_NoError) {
        conf_root_priority = prio;
    }
    return err;
}

seL4_Word conf_root_prio(void)
{
    return conf_root_priority;
}

void conf_settle(void)
{
    /* setPriority on the current thread: rescheduleRequired, so everything
     * above priority 0 that is runnable runs before the root again; the root
     * goes to the head of the priority 0 queue. */
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB,
                         seL4_MinPrio);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB,
                         conf_root_priority);
}

/* One paging structure covering vaddr: retype and map it; a level that is
 * already there (seL4_DeleteFirst) is fine, the new object stays unused. */
static seL4_Error map_paging_level(seL4_Word type, seL4_Word vaddr)
{
    seL4_CPtr obj = conf_alloc_objects(type, 0, 1);
    if (!obj) {
        return seL4_NotEnoughMemory;
    }
    seL4_Error err;
    switch (type) {
    case seL4_X86_PDPTObject:
        err = seL4_X86_PDPT_Map(obj, seL4_CapInitThreadVSpace, vaddr,
                                seL4_X86_Default_VMAttributes);
        break;
    case seL4_X86_PageDirectoryObject:
        err = seL4_X86_PageDirectory_Map(obj, seL4_CapInitThreadVSpace, vaddr,
                                         seL4_X86_Default_VMAttributes);
        break;
    default:
        err = seL4_X86_PageTable_Map(obj, seL4_CapInitThreadVSpace, vaddr,
                                     seL4_X86_Default_VMAttributes);
        break;
    }
    return err == seL4_DeleteFirst ? seL4_NoError : err;
}

seL4_Error conf_map_frame(seL4_CPtr frame, seL4_Word vaddr,
                          seL4_CapRights_t rights)
{
    seL4_Error err = seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr,
                                       rights, seL4_X86_Default_VMAttributes);
    if (err != seL4_FailedLookup) {
        return err;
    }
    /* a level is missing (lookupPTSlot failed): create them top down */
    static const seL4_Word levels[] = {seL4_X86_PDPTObject,
                                       seL4_X86_PageDirectoryObject,
                                       seL4_X86_PageTableObject};
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        err = map_paging_level(levels[i], vaddr);
        if (err != seL4_NoError) {
            conf_snprintf(env_msg, sizeof(env_msg),
                          "mapping paging structure type %lu at 0x%lx: %s",
                          levels[i], vaddr, conf_error_name(err));
            return err;
        }
    }
    return seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, rights,
                             seL4_X86_Default_VMAttributes);
}

/* The entry of every framework thread: rdi = the thread, rsi, rdx = a0, a1
 * (as WriteRegisters put them). Never returns. */
static void __attribute__((noreturn, used))
conf_thread_entry(struct conf_thread *t, seL4_Word a0, seL4_Word a1)
{
    seL4_SetIPCBuffer((seL4_IPCBuffer *)t->ipc_vaddr);
    t->started++;
    int result = t->fn(a0, a1, t->arg[2], t->arg[3]);
    t->result = result;
    t->finished = 1;
    seL4_Signal(t->done);
    for (;;) {
        /* A resumed self-suspended thread re-executes the Suspend. */
        seL4_TCB_Suspend(t->tcb);
    }
}

struct conf_thread *conf_thread_new(seL4_Word prio)
{
    if (conf_nthreads >= CONF_MAX_THREADS) {
        conf_snprintf(env_msg, sizeof(env_msg),
                      "more than %d threads in one test", CONF_MAX_THREADS);
        return NULL;
    }
    struct conf_thread *t = &conf_threads[conf_nthreads];
    conf_memzero(t, sizeof(*t));
    t->index = conf_nthreads;
    t->prio = prio;
    t->result = -1;

    t->tcb = conf_alloc_objects(seL4_TCBObject, 0, 1);
    if (!t->tcb) {
        return NULL;
    }
    /* counted as soon as the TCB exists, so that cleanup suspends it */
    conf_nthreads++;
    t->ipc_frame = conf_alloc_objects(seL4_X86_4K, 0, 1);
    if (!t->ipc_frame) {
        return NULL;
    }
    t->done = conf_alloc_objects(seL4_NotificationObject, 0, 1);
    if (!t->done) {
        return NULL;
    }
    t->ipc_vaddr = CONF_REGION_IPCBUF(t->index);
    seL4_Error err = conf_map_frame(t->ipc_frame, t->ipc_vaddr, seL4_AllRights);
    if (err != seL4_NoError) {
        conf_snprintf(env_msg, sizeof(env_msg),
                      "mapping the IPC buffer of thread %lu at 0x%lx: %s",
                      t->index, t->ipc_vaddr, conf_error_name(err));
        return NULL;
    }
    err = seL4_TCB_Configure(t->tcb, seL4_CapNull, ROOT, 0,
                             seL4_CapInitThreadVSpace, 0, t->ipc_vaddr,
                             t->ipc_frame);
    if (err != seL4_NoError) {
        conf_snprintf(env_msg, sizeof(env_msg),
                      "seL4_TCB_Configure of thread %lu: %s", t->index,
                      conf_error_name(err));
        return NULL;
    }
    err = seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, prio);
    if (err != seL4_NoError) {
        conf_snprintf(env_msg, sizeof(env_msg),
                      "seL4_TCB_SetPriority(%lu) of thread %lu: %s", prio,
                      t->index, conf_error_name(err));
        return NULL;
    }
    seL4_Word s = conf_stack_next++ % CONF_NUM_STACKS;
    t->stack_base = (seL4_Word)&conf_stacks[s][0];
    t->stack_top = (seL4_Word)&conf_stacks[s][CONF_STACK_SIZE];
    conf_snprintf(t->name, sizeof(t->name), "%s.%lu", conf_current_test,
                  t->index);
    seL4_DebugNameThread(t->tcb, t->name);
    return t;
}

#ifdef SEL4EMU_NATIVE
/* Natively a new thread needs its own TLS block before seL4_SetIPCBuffer (a
 * TLS variable) can work: put one at the bottom of its stack and make it the
 * thread pointer (fs_base). In API mode every seL4 thread is a host thread
 * with its own libc TLS, and fs_base is only a register value. */
static seL4_Word conf_thread_tls(struct conf_thread *t)
{
    seL4_Word tls_size = sel4runtime_get_tls_size();
    if (tls_size > CONF_STACK_SIZE / 4) {
        return 0;
    }
    uintptr_t tp = sel4runtime_write_tls_image((void *)t->stack_base);
    sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer,
                                 (seL4_IPCBuffer *)t->ipc_vaddr);
    return tp;
}
#endif

void conf_thread_regs(struct conf_thread *t, conf_thread_fn_t fn, seL4_Word a0,
                      seL4_Word a1, seL4_Word a2, seL4_Word a3,
                      seL4_UserContext *regs)
{
    t->fn = fn;
    t->arg[0] = a0;
    t->arg[1] = a1;
    t->arg[2] = a2;
    t->arg[3] = a3;
    t->started = 0;
    t->finished = 0;
    t->result = -1;
    /* a fresh, deterministic top of stack (the pool is reused) */
    CONF_UNPOISON((void *)t->stack_base, CONF_STACK_SIZE);
    conf_memzero((void *)(t->stack_top - 512), 512);
    conf_memzero(regs, sizeof(*regs));
    regs->rip = (seL4_Word)conf_thread_entry;
    /* as after a `call`: rsp + 8 is 16-byte aligned (x86_64 SysV) */
    regs->rsp = t->stack_top - sizeof(seL4_Word);
    regs->rdi = (seL4_Word)t;
    regs->rsi = a0;
    regs->rdx = a1;
#ifdef SEL4EMU_NATIVE
    regs->fs_base = conf_thread_tls(t);
#endif
}

int conf_thread_start(const char *file, int line, struct conf_thread *t,
                      conf_thread_fn_t fn, seL4_Word a0, seL4_Word a1,
                      seL4_Word a2, seL4_Word a3)
{
    seL4_UserContext regs;
    conf_thread_regs(t, fn, a0, a1, a2, a3, &regs);
    seL4_Error err = seL4_TCB_WriteRegisters(t->tcb, true, 0, CONF_NUM_REGS,
                                             &regs);
    if (err != seL4_NoError) {
        return conf_fail_error(file, line, "seL4_TCB_WriteRegisters (start)",
                               err, seL4_NoError);
    }
    return CONF_PASS;
}

int conf_thread_join(const char *file, int line, struct conf_thread *t)
{
    if (!t->finished) {
        conf_settle();
    }
    if (!t->finished) {
        return conf_fail(file, line,
                         "thread %s did not finish (entered %lu times)",
                         t->name, t->started);
    }
    if (t->result != CONF_PASS) {
        return conf_fail(file, line, "thread %s failed", t->name);
    }
    return CONF_PASS;
}

seL4_Error conf_thread_set_fault_ep(struct conf_thread *t, seL4_CPtr ep)
{
    return seL4_TCB_SetSpace(t->tcb, ep, ROOT, 0, seL4_CapInitThreadVSpace, 0);
}

/* ------------------------------------------------------------------------ */
/* Spawned processes                                                         */

/* Little-endian fields of the ELF image, read byte by byte (no alignment or
 * aliasing assumptions about where the image sits). */
static seL4_Word elf_field(const unsigned char *p, int bytes)
{
    seL4_Word v = 0;
    for (int i = bytes - 1; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

#define ELF_EHDR_SIZE 64
#define ELF_PHDR_SIZE 56
#define ELF_PT_LOAD 1
#define ELF_PT_DYNAMIC 2
#define ELF_PT_INTERP 3
#define ELF_ET_EXEC 2
#define ELF_EM_X86_64 62
#define PAGE_SIZE_4K 0x1000ul

static int elf_refuse(const char *why, seL4_Word a, seL4_Word b, seL4_Word c)
{
    char what[160];
    conf_snprintf(what, sizeof(what), why, a, b, c);
    conf_snprintf(env_msg, sizeof(env_msg), "ELF image: %s", what);
    return -1;
}

int conf_elf_read(const void *elf, seL4_Word size, seL4_Word lo, seL4_Word hi,
                  struct conf_elf *out)
{
    const unsigned char *e = elf;
    conf_memzero(out, sizeof(*out));
    if (!e || size < ELF_EHDR_SIZE) {
        return elf_refuse("%lu bytes: shorter than an ELF64 header", size, 0, 0);
    }
    if (e[0] != 0x7f || e[1] != 'E' || e[2] != 'L' || e[3] != 'F') {
        return elf_refuse("no ELF magic", 0, 0, 0);
    }
    if (e[4] != 2 || e[5] != 1 || e[6] != 1) {
        return elf_refuse("not ELF64 little-endian version 1 (class %lu, data %lu)",
                          e[4], e[5], 0);
    }
    if (elf_field(e + 16, 2) != ELF_ET_EXEC ||
        elf_field(e + 18, 2) != ELF_EM_X86_64) {
        return elf_refuse("not an x86_64 executable (type %lu, machine %lu)",
                          elf_field(e + 16, 2), elf_field(e + 18, 2), 0);
    }
    seL4_Word phoff = elf_field(e + 32, 8);
    seL4_Word phentsize = elf_field(e + 54, 2);
    seL4_Word phnum = elf_field(e + 56, 2);
    if (phentsize != ELF_PHDR_SIZE || phnum == 0 || phnum == 0xffff) {
        return elf_refuse("program header size %lu, count %lu", phentsize, phnum, 0);
    }
    if (phoff > size || phnum * ELF_PHDR_SIZE > size - phoff) {
        return elf_refuse("program headers at %lu run past the end of the file",
                          phoff, 0, 0);
    }
    out->entry = elf_field(e + 24, 8);
    out->start = ~(seL4_Word)0;
    out->end = 0;
    for (seL4_Word i = 0; i < phnum; i++) {
        const unsigned char *ph = e + phoff + i * ELF_PHDR_SIZE;
        seL4_Word type = elf_field(ph, 4);
        if (type == ELF_PT_DYNAMIC || type == ELF_PT_INTERP) {
            return elf_refuse("program header %lu: not a static executable "
                              "(type %lu)", i, type, 0);
        }
        if (type != ELF_PT_LOAD) {
            continue;
        }
        struct conf_elf_segment s = {
            .flags = elf_field(ph + 4, 4),
            .offset = elf_field(ph + 8, 8),
            .vaddr = elf_field(ph + 16, 8),
            .filesz = elf_field(ph + 32, 8),
            .memsz = elf_field(ph + 40, 8),
        };
        if (s.memsz == 0) {
            continue;
        }
        if (s.filesz > s.memsz) {
            return elf_refuse("program header %lu: file size above memory size", i, 0, 0);
        }
        if (s.offset > size || s.filesz > size - s.offset) {
            return elf_refuse("program header %lu: bytes past the end of the file "
                              "(offset %lu)", i, s.offset, 0);
        }
        if (s.vaddr < lo || s.vaddr >= hi || s.memsz > hi - s.vaddr) {
            return elf_refuse("segment at 0x%lx outside the image window "
                              "[0x%lx, 0x%lx)", s.vaddr, lo, hi);
        }
        for (seL4_Word j = 0; j < out->nsegments; j++) {
            const struct conf_elf_segment *o = &out->seg[j];
            if (s.vaddr < o->vaddr + o->memsz && o->vaddr < s.vaddr + s.memsz) {
                return elf_refuse("segment at 0x%lx overlaps the one at 0x%lx",
                                  s.vaddr, o->vaddr, 0);
            }
        }
        if (out->nsegments == CONF_ELF_MAX_SEGMENTS) {
            return elf_refuse("more than %lu loadable segments",
                              (seL4_Word)CONF_ELF_MAX_SEGMENTS, 0, 0);
        }
        out->seg[out->nsegments++] = s;
        seL4_Word start = s.vaddr & ~(PAGE_SIZE_4K - 1);
        seL4_Word end = (s.vaddr + s.memsz + PAGE_SIZE_4K - 1) & ~(PAGE_SIZE_4K - 1);
        if (start < out->start) {
            out->start = start;
        }
        if (end > out->end) {
            out->end = end;
        }
    }
    if (out->nsegments == 0) {
        return elf_refuse("no loadable segment", 0, 0, 0);
    }
    for (seL4_Word j = 0; j < out->nsegments; j++) {
        const struct conf_elf_segment *s = &out->seg[j];
        if ((s->flags & CONF_PF_X) && out->entry >= s->vaddr &&
            out->entry - s->vaddr < s->memsz) {
            return 0;
        }
    }
    return elf_refuse("entry 0x%lx is not in an executable segment", out->entry, 0, 0);
}

static struct conf_child conf_children[CONF_MAX_CHILDREN];
static seL4_Word conf_nchildren;

static void *env_fail(const char *what, seL4_Word a, seL4_Error err)
{
    char head[128];
    conf_snprintf(head, sizeof(head), what, a);
    conf_snprintf(env_msg, sizeof(env_msg), "%s: %s", head, conf_error_name(err));
    return NULL;
}

seL4_Error conf_child_map(struct conf_child *c, seL4_CPtr frame,
                          seL4_Word vaddr, seL4_CapRights_t rights)
{
    /* Each failed walk names the level that is missing (bits left 39: a
     * PDPT, 30: a page directory, 21: a page table); at most three. */
    for (int tries = 0;; tries++) {
        seL4_Error err = seL4_X86_Page_Map(frame, c->pml4, vaddr, rights,
                                           seL4_X86_Default_VMAttributes);
        if (err != seL4_FailedLookup || tries == 3) {
            return err;
        }
        seL4_Word type;
        switch (seL4_MappingFailedLookupLevel()) {
        case SEL4_MAPPING_LOOKUP_NO_PDPT:
            type = seL4_X86_PDPTObject;
            break;
        case SEL4_MAPPING_LOOKUP_NO_PD:
            type = seL4_X86_PageDirectoryObject;
            break;
        case SEL4_MAPPING_LOOKUP_NO_PT:
            type = seL4_X86_PageTableObject;
            break;
        default:
            return err;
        }
        seL4_CPtr obj = conf_alloc_objects(type, 0, 1);
        if (!obj) {
            return seL4_NotEnoughMemory;
        }
        if (type == seL4_X86_PDPTObject) {
            err = seL4_X86_PDPT_Map(obj, c->pml4, vaddr, seL4_X86_Default_VMAttributes);
        } else if (type == seL4_X86_PageDirectoryObject) {
            err = seL4_X86_PageDirectory_Map(obj, c->pml4, vaddr,
                                             seL4_X86_Default_VMAttributes);
        } else {
            err = seL4_X86_PageTable_Map(obj, c->pml4, vaddr,
                                         seL4_X86_Default_VMAttributes);
        }
        if (err != seL4_NoError) {
            conf_snprintf(env_msg, sizeof(env_msg),
                          "mapping paging structure type %lu at 0x%lx in the "
                          "child's VSpace: %s", type, vaddr, conf_error_name(err));
            return err;
        }
    }
}

seL4_CPtr conf_child_share(struct conf_child *c, seL4_CPtr frame,
                           seL4_Word vaddr, seL4_CapRights_t rights)
{
    seL4_CPtr copy = conf_alloc_slots(1);
    if (!copy) {
        return 0;
    }
    seL4_Error err = root_copy(copy, frame, seL4_AllRights);
    if (err != seL4_NoError) {
        return env_fail("copying frame cap %lu", frame, err), 0;
    }
    err = conf_child_map(c, copy, vaddr, rights);
    if (err != seL4_NoError) {
        return env_fail("mapping a frame at 0x%lx in the child", vaddr, err), 0;
    }
    return copy;
}

/* One page of the image: a new frame, filled through the scratch mapping,
 * then mapped into the child with the union of its segments' rights. */
static bool spawn_load_page(struct conf_child *c, const unsigned char *elf,
                            const struct conf_elf *img, seL4_Word page)
{
    bool covered = false, writable = false;
    for (seL4_Word j = 0; j < img->nsegments; j++) {
        const struct conf_elf_segment *s = &img->seg[j];
        if (s->vaddr < page + PAGE_SIZE_4K && page < s->vaddr + s->memsz) {
            covered = true;
            writable |= (s->flags & CONF_PF_W) != 0;
        }
    }
    if (!covered) {
        return true; /* a gap between segments: nothing there */
    }
    if (c->image_pages == CONF_CHILD_MAX_IMAGE_PAGES) {
        conf_snprintf(env_msg, sizeof(env_msg),
                      "ELF image: more than %d pages", CONF_CHILD_MAX_IMAGE_PAGES);
        return false;
    }
    seL4_CPtr frame = conf_alloc_objects(seL4_X86_4K, 0, 1);
    if (!frame) {
        return false;
    }
    seL4_Error err = conf_map_frame(frame, CONF_SPAWN_SCRATCH, seL4_ReadWrite);
    if (err != seL4_NoError) {
        return env_fail("mapping an image frame at the scratch address 0x%lx",
                        CONF_SPAWN_SCRATCH, err), false;
    }
    unsigned char *dst = (unsigned char *)CONF_SPAWN_SCRATCH;
    conf_memzero(dst, PAGE_SIZE_4K);
    for (seL4_Word j = 0; j < img->nsegments; j++) {
        const struct conf_elf_segment *s = &img->seg[j];
        /* the segment's file bytes that fall on this page */
        seL4_Word a = s->vaddr > page ? s->vaddr : page;
        seL4_Word b = s->vaddr + s->filesz;
        if (b > page + PAGE_SIZE_4K) {
            b = page + PAGE_SIZE_4K;
        }
        for (seL4_Word v = a; v < b; v++) {
            dst[v - page] = elf[s->offset + (v - s->vaddr)];
        }
    }
    err = seL4_X86_Page_Unmap(frame);
    if (err != seL4_NoError) {
        return env_fail("unmapping the image frame from the scratch address 0x%lx",
                        CONF_SPAWN_SCRATCH, err), false;
    }
    err = conf_child_map(c, frame, page, writable ? seL4_ReadWrite : seL4_CanRead);
    if (err != seL4_NoError) {
        return env_fail("mapping an image frame at 0x%lx in the child", page, err), false;
    }
    c->image_pages++;
    return true;
}

void conf_child_regs(const struct conf_child *c, seL4_Word arg,
                     seL4_UserContext *regs)
{
    conf_memzero(regs, sizeof(*regs));
    regs->rip = c->entry;
    regs->rsp = CONF_CHILD_STACK_TOP;
    regs->rdi = CONF_CHILD_IPCBUF;
    regs->rsi = arg;
}

struct conf_child *conf_spawn(const struct conf_spawn_args *a)
{
    struct conf_elf img;
    if (conf_nchildren >= CONF_MAX_CHILDREN) {
        conf_snprintf(env_msg, sizeof(env_msg), "more than %d children in one test",
                      CONF_MAX_CHILDREN);
        return NULL;
    }
    if (conf_elf_read(a->elf, a->elf_size, CONF_CHILD_IMAGE_BASE,
                      CONF_CHILD_IMAGE_END, &img) != 0) {
        return NULL;
    }
    seL4_Word stack_pages = a->stack_pages ? a->stack_pages : CONF_CHILD_STACK_PAGES;
    if (stack_pages > CONF_CHILD_MAX_STACK_PAGES) {
        conf_snprintf(env_msg, sizeof(env_msg), "a stack of %lu pages (at most %d)",
                      stack_pages, CONF_CHILD_MAX_STACK_PAGES);
        return NULL;
    }

    struct conf_child *c = &conf_children[conf_nchildren];
    conf_memzero(c, sizeof(*c));
    c->index = conf_nchildren;
    c->entry = img.entry;
    c->image_start = img.start;
    c->image_end = img.end;
    c->stack_bottom = CONF_CHILD_STACK_TOP - stack_pages * PAGE_SIZE_4K;
    if (a->name) {
        conf_snprintf(c->name, sizeof(c->name), "%s", a->name);
    } else {
        conf_snprintf(c->name, sizeof(c->name), "%s.child%lu", conf_current_test,
                      c->index);
    }

    /* The TCB first, counted at once: cleanup stops it whatever fails later. */
    c->tcb = conf_alloc_objects(seL4_TCBObject, 0, 1);
    if (!c->tcb) {
        return NULL;
    }
    conf_nchildren++;

    /* VSpace: a PML4 with an ASID of the initial pool. */
    c->pml4 = conf_alloc_objects(seL4_X64_PML4Object, 0, 1);
    if (!c->pml4) {
        return NULL;
    }
    seL4_Error err = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, c->pml4);
    if (err != seL4_NoError) {
        return env_fail("assigning an ASID to the child's PML4 (slot %lu)", c->pml4, err);
    }

    /* The image, page by page in address order. */
    for (seL4_Word page = img.start; page < img.end; page += PAGE_SIZE_4K) {
        if (!spawn_load_page(c, a->elf, &img, page)) {
            return NULL;
        }
    }

    /* IPC buffer and stack. */
    c->ipc_frame = conf_alloc_objects(seL4_X86_4K, 0, 1);
    if (!c->ipc_frame) {
        return NULL;
    }
    err = conf_child_map(c, c->ipc_frame, CONF_CHILD_IPCBUF, seL4_ReadWrite);
    if (err != seL4_NoError) {
        return env_fail("mapping the child's IPC buffer at 0x%lx", CONF_CHILD_IPCBUF, err);
    }
    seL4_CPtr stack = conf_alloc_objects(seL4_X86_4K, 0, stack_pages);
    if (!stack) {
        return NULL;
    }
    for (seL4_Word i = 0; i < stack_pages; i++) {
        seL4_Word v = c->stack_bottom + i * PAGE_SIZE_4K;
        err = conf_child_map(c, stack + i, v, seL4_ReadWrite);
        if (err != seL4_NoError) {
            return env_fail("mapping a stack page at 0x%lx in the child", v, err);
        }
    }

    /* CSpace: a CNode whose guard makes depth 64 resolve; its TCB at slot 1,
     * the test's caps from slot 2 on. */
    seL4_CPtr raw = conf_alloc_objects(seL4_CapTableObject, CONF_CHILD_CNODE_BITS, 1);
    c->cnode = raw ? conf_alloc_slots(1) : 0;
    if (!c->cnode) {
        return NULL;
    }
    err = root_mint(c->cnode, raw, seL4_AllRights,
                    guard_data(0, seL4_WordBits - CONF_CHILD_CNODE_BITS));
    if (err != seL4_NoError) {
        return env_fail("minting the child's CNode cap with a guard (slot %lu)", raw, err);
    }
    err = root_delete(raw); /* the guarded cap is the only one */
    if (err != seL4_NoError) {
        return env_fail("deleting the unguarded CNode cap (slot %lu)", raw, err);
    }
    err = seL4_CNode_Copy(c->cnode, CONF_CHILD_SLOT_TCB, seL4_WordBits, ROOT, c->tcb,
                          seL4_WordBits, seL4_AllRights);
    if (err != seL4_NoError) {
        return env_fail("copying the TCB cap to the child's slot %lu",
                        (seL4_Word)CONF_CHILD_SLOT_TCB, err);
    }
    for (seL4_Word i = 0; i < CONF_CHILD_MAX_CAPS && a->caps[i].cap; i++) {
        const struct conf_child_cap *k = &a->caps[i];
        if (k->badge) {
            err = seL4_CNode_Mint(c->cnode, CONF_CHILD_SLOT(i), seL4_WordBits, ROOT,
                                  k->cap, seL4_WordBits, k->rights, k->badge);
        } else {
            err = seL4_CNode_Copy(c->cnode, CONF_CHILD_SLOT(i), seL4_WordBits, ROOT,
                                  k->cap, seL4_WordBits, k->rights);
        }
        if (err != seL4_NoError) {
            return env_fail("giving the child cap %lu", k->cap, err);
        }
        c->ncaps++;
    }

    /* The thread. */
    err = seL4_TCB_Configure(c->tcb, a->fault_ep, c->cnode, 0, c->pml4, 0,
                             CONF_CHILD_IPCBUF, c->ipc_frame);
    if (err != seL4_NoError) {
        return env_fail("seL4_TCB_Configure of the child (TCB slot %lu)", c->tcb, err);
    }
    err = seL4_TCB_SetPriority(c->tcb, seL4_CapInitThreadTCB, a->prio);
    if (err != seL4_NoError) {
        return env_fail("seL4_TCB_SetPriority(%lu) of the child", a->prio, err);
    }
    seL4_DebugNameThread(c->tcb, c->name);
    seL4_UserContext regs;
    conf_child_regs(c, a->arg, &regs);
    err = seL4_TCB_WriteRegisters(c->tcb, false, 0, CONF_NUM_REGS, &regs);
    if (err != seL4_NoError) {
        return env_fail("seL4_TCB_WriteRegisters of the child (TCB slot %lu)", c->tcb, err);
    }
    if (!a->suspended) {
        err = seL4_TCB_Resume(c->tcb);
        if (err != seL4_NoError) {
            return env_fail("seL4_TCB_Resume of the child (TCB slot %lu)", c->tcb, err);
        }
    }
    return c;
}

/* Stops every child of the test before its slots are deleted: Suspend
 * through the root's TCB cap if it is still there, and delete the TCB copy
 * in the child's own slot 1 (the CNode <-> TCB cycle: with it gone, deleting
 * the root's caps destroys both objects; should the test have deleted the
 * root's TCB cap, this deletes the last one and so stops the thread). */
static void children_cleanup(void)
{
    for (seL4_Word i = 0; i < conf_nchildren; i++) {
        struct conf_child *c = &conf_children[i];
        if (seL4_DebugCapIdentify(c->tcb) == CAP_TCB) {
            seL4_TCB_Suspend(c->tcb);
        }
        if (c->cnode && seL4_DebugCapIdentify(c->cnode) == CAP_CNODE) {
            seL4_CNode_Delete(c->cnode, CONF_CHILD_SLOT_TCB, seL4_WordBits);
        }
    }
    conf_nchildren = 0;
}

/* Before the slots are deleted: the root back at 255, every thread of the
 * test stopped (deleting a TCB suspends it too; this makes sure nothing of
 * this test runs while the next one is being set up). */
static void threads_cleanup(void)
{
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB,
                         seL4_MaxPrio);
    conf_root_priority = seL4_MaxPrio;
    /* no receive slot for the root unless a test sets one */
    seL4_SetCapReceivePath(seL4_CapNull, 0, 0);
    for (seL4_Word i = 0; i < conf_nthreads; i++) {
        if (seL4_DebugCapIdentify(conf_threads[i].tcb) == CAP_TCB) {
            seL4_TCB_Suspend(conf_threads[i].tcb);
        }
    }
    conf_nthreads = 0;
    children_cleanup();
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                    */

extern const struct conf_test *const __start_conf_tests[] __attribute__((weak));
extern const struct conf_test *const __stop_conf_tests[] __attribute__((weak));

#define CONF_MAX_TESTS 512
static const struct conf_test *tests[CONF_MAX_TESTS];
static seL4_Uint32 initial_types[seL4_NumInitialCaps];

static char cleanup_msg[256];

/* Undo everything a test did: delete every slot handed out (and the scratch
 * slot), revoke every bootinfo untyped (its next retype then starts from
 * offset 0 again: decodeUntypedInvocation resets an untyped without
 * children), then check that the state is the initial one. */
static bool cleanup_after_test(void)
{
    const seL4_BootInfo *bi = conf_env.bi;
    bool ok = true;
    cleanup_msg[0] = '\0';

    threads_cleanup();
    for (seL4_Word s = alloc_next; s-- > conf_env.scratch;) {
        seL4_Error err = root_delete(s);
        if (err != seL4_NoError && ok) {
            conf_snprintf(cleanup_msg, sizeof(cleanup_msg),
                          "cleanup: deleting slot %lu returned %s", s,
                          conf_error_name(err));
            ok = false;
        }
    }
    for (seL4_Word s = bi->untyped.start; s < bi->untyped.end; s++) {
        seL4_Error err = root_revoke(s);
        if (err != seL4_NoError && ok) {
            conf_snprintf(cleanup_msg, sizeof(cleanup_msg),
                          "cleanup: revoking untyped slot %lu returned %s", s,
                          conf_error_name(err));
            ok = false;
        }
    }
    for (seL4_Word s = conf_env.scratch; s < alloc_next; s++) {
        seL4_Uint32 t = seL4_DebugCapIdentify(s);
        if (t != CAP_NULL && ok) {
            conf_snprintf(cleanup_msg, sizeof(cleanup_msg),
                          "cleanup: slot %lu still holds a %s cap", s,
                          conf_cap_name(t));
            ok = false;
        }
    }
    for (seL4_Word s = 0; s < seL4_NumInitialCaps; s++) {
        seL4_Uint32 t = seL4_DebugCapIdentify(s);
        if (t != initial_types[s] && ok) {
            conf_snprintf(cleanup_msg, sizeof(cleanup_msg),
                          "cleanup: initial slot %lu changed from %s to %s", s,
                          conf_cap_name(initial_types[s]), conf_cap_name(t));
            ok = false;
        }
    }
    for (seL4_Word s = bi->untyped.start; s < bi->untyped.end; s++) {
        seL4_Uint32 t = seL4_DebugCapIdentify(s);
        if (t != CAP_UNTYPED && ok) {
            conf_snprintf(cleanup_msg, sizeof(cleanup_msg),
                          "cleanup: bootinfo untyped slot %lu now holds a %s cap",
                          s, conf_cap_name(t));
            ok = false;
        }
    }
    alloc_next = alloc_first;
    return ok;
}

static bool env_init(void)
{
    const seL4_BootInfo *bi = sel4runtime_bootinfo();
    if (!bi) {
        conf_printf("conformance: no bootinfo (sel4runtime_bootinfo() is NULL)\n");
        return false;
    }
    conf_env.bi = bi;
    conf_env.root_slots = 1ul << bi->initThreadCNodeSizeBits;

    seL4_Word n = bi->untyped.end - bi->untyped.start;
    seL4_Word n_ram = 0, ram = 0;
    seL4_Word largest = 0;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (!d->isDevice) {
            n_ram++;
            ram += 1ul << d->sizeBits;
            if (d->sizeBits > largest) {
                largest = d->sizeBits;
            }
        }
    }
    conf_printf("bootinfo: %lu untypeds (%lu RAM, %lu device), RAM %lu bytes "
                "(%lu MiB), largest RAM untyped 2^%lu, empty slots [%lu, %lu)\n",
                n, n_ram, n - n_ram, ram, ram >> 20, largest, bi->empty.start,
                bi->empty.end);

    if (bi->empty.end <= bi->empty.start + 1) {
        conf_printf("conformance: no free slots in bootinfo empty region\n");
        return false;
    }
    conf_env.scratch = bi->empty.start;
    alloc_first = alloc_next = bi->empty.start + 1;
    alloc_end = bi->empty.end;

    /* The pool: the smallest RAM untyped of at least 8 MiB (so that the
     * tests' first retypes do not make the kernel clear all of RAM), else the
     * largest RAM untyped. */
    seL4_Word bits = 0;
    seL4_CPtr pool = conf_find_untyped(false, 23, false, &bits);
    if (!pool) {
        pool = conf_find_untyped(false, 0, true, &bits);
    }
    if (!pool) {
        conf_printf("conformance: no RAM untyped in bootinfo\n");
        return false;
    }
    conf_env.pool = pool;
    conf_env.pool_bits = bits;
    if (bits < 23) {
        conf_printf("conformance: warning: largest RAM untyped is only 2^%lu "
                    "bytes; tests needing more will fail\n", bits);
    }

    for (seL4_Word s = 0; s < seL4_NumInitialCaps; s++) {
        initial_types[s] = seL4_DebugCapIdentify(s);
    }
    return true;
}

static size_t collect_tests(void)
{
    size_t n = 0;
    if (__start_conf_tests && __stop_conf_tests) {
        for (const struct conf_test *const *t = __start_conf_tests;
             t < __stop_conf_tests && n < CONF_MAX_TESTS; t++) {
            tests[n++] = *t;
        }
    }
    /* insertion sort by name: a stable, link-order independent run order */
    for (size_t i = 1; i < n; i++) {
        const struct conf_test *t = tests[i];
        size_t j = i;
        while (j > 0 && conf_strcmp(tests[j - 1]->name, t->name) > 0) {
            tests[j] = tests[j - 1];
            j--;
        }
        tests[j] = t;
    }
    return n;
}

int main(int argc, char **argv)
{
    const char *filter = argc > 1 ? argv[1] : NULL;
    size_t n = collect_tests();

    if (filter && (conf_strcmp(filter, "--list") == 0 ||
                   conf_strcmp(filter, "-l") == 0)) {
        for (size_t i = 0; i < n; i++) {
            conf_printf("%-12s %s\n", tests[i]->name, tests[i]->desc);
        }
        return 0;
    }

    if (!env_init()) {
        conf_printf("0 passed, 1 failed\n");
        return 1;
    }

    unsigned passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        const struct conf_test *t = tests[i];
        if (filter && !conf_contains(t->name, filter)) {
            continue;
        }
        fail_recorded = false;
        fail_msg[0] = '\0';
        ctx_msg[0] = '\0';
        env_msg[0] = '\0';
        conf_current_test = t->name;

        int result = t->fn();
        bool clean = cleanup_after_test();

        if (result == CONF_PASS && !fail_recorded && clean) {
            conf_printf("PASS %s\n", t->name);
            passed++;
        } else {
            const char *why = fail_recorded ? fail_msg
                              : result != CONF_PASS ? "test returned failure"
                                                    : cleanup_msg;
            bool both = (fail_recorded || result != CONF_PASS) && !clean;
            conf_printf("FAIL %s: %s%s%s\n", t->name, why, both ? "; " : "",
                        both ? cleanup_msg : "");
            failed++;
        }
    }
    if (filter && passed + failed == 0) {
        /* a mistyped filter must not look like a green run */
        conf_printf("conformance: no test name contains \"%s\"\n", filter);
        failed = 1;
    }
    conf_printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}

const uint8_t *conf_extra_bootinfo(seL4_Word id, seL4_Word *len)
{
    const seL4_BootInfo *bi = conf_env.bi;
    const uint8_t *at = (const uint8_t *)bi + 4096, *end = at + bi->extraLen;
    seL4_BootInfoHeader h;
    while (at + sizeof(h) <= end) {
        __builtin_memcpy(&h, at, sizeof(h));
        if (h.len < sizeof(h) || h.len > (seL4_Word)(end - at))
            return NULL;
        if (h.id == id) {
            *len = h.len - sizeof(h);
            return at + sizeof(h);
        }
        at += h.len;
    }
    return NULL;
}

seL4_Word conf_tsc_per_ms(void)
{
    seL4_Word len;
    const uint8_t *mhz = conf_extra_bootinfo(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &len);
    uint32_t v = 0;
    if (mhz && len >= sizeof(v))
        __builtin_memcpy(&v, mhz, sizeof(v));
    return (seL4_Word)v * 1000;
}
