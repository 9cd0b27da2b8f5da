/*
 * sel4emu conformance suite: formatter, failure recording, environment and
 * the driver main(). Freestanding: no libc, output via seL4_DebugPutChar.
 */
#include "framework.h"

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
