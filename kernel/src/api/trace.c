/*
 * The syscall trace: one line per system call, as strace shows Linux's
 * (docs/DEBUGGING.md, "Tracing"). kernel_syscall describes the call at
 * entry (the invoked cap looked up without side effects, the method's
 * arguments decoded from the message registers as libsel4's stubs marshal
 * them) and adds the outcome at exit: the reply or error the kernel wrote
 * back, a fault, or `<unfinished ...>` for a thread that blocked, whose
 * results are shown when it next runs (`<... seL4_Call resumed> = ...`).
 * Lines go out whole through the platform's trace_write hook.
 */
#include <core.h>
#include <sel4/syscall.h>
#include <stdarg.h>

/* What a syscall is, as the trace names it. */
enum trace_call {
    TC_NONE,
    TC_INVOKE, /* a method of a kernel object (or of a cap that is no IPC object) */
    TC_CALL, TC_SEND, TC_NBSEND, TC_SIGNAL,
    TC_RECV, TC_NBRECV, TC_WAIT, TC_POLL,
    TC_REPLY, TC_REPLYRECV, TC_YIELD,
    TC_DEBUG, /* debug calls, SetTLSBase, unknown numbers */
};

static const char *const call_names[] = {
    [TC_CALL] = "seL4_Call",     [TC_SEND] = "seL4_Send",   [TC_NBSEND] = "seL4_NBSend",
    [TC_SIGNAL] = "seL4_Signal", [TC_RECV] = "seL4_Recv",   [TC_NBRECV] = "seL4_NBRecv",
    [TC_WAIT] = "seL4_Wait",     [TC_POLL] = "seL4_Poll",   [TC_REPLY] = "seL4_Reply",
    [TC_REPLYRECV] = "seL4_ReplyRecv", [TC_YIELD] = "seL4_Yield",
};

static const char *const object_names[TRACE_OBJECT_KINDS] = {
    [TRACE_ENDPOINT] = "endpoint", [TRACE_NOTIFICATION] = "notification", [TRACE_REPLY] = "reply",
    [TRACE_CNODE] = "cnode",       [TRACE_UNTYPED] = "untyped",           [TRACE_TCB] = "tcb",
    [TRACE_IRQ] = "irq",           [TRACE_IOPORT] = "ioport",             [TRACE_FRAME] = "frame",
    [TRACE_PAGING] = "paging",     [TRACE_ASID] = "asid",                 [TRACE_DOMAIN] = "domain",
};

static const char *const error_names[seL4_NumErrors] = {
    "seL4_NoError",     "seL4_InvalidArgument", "seL4_InvalidCapability", "seL4_IllegalOperation",
    "seL4_RangeError",  "seL4_AlignmentError",  "seL4_FailedLookup",      "seL4_TruncatedMessage",
    "seL4_DeleteFirst", "seL4_RevokeFirst",     "seL4_NotEnoughMemory",
};

/* ---- the filter spec ---- */

static bool item_is(const char *p, size_t len, const char *word)
{
    size_t n = k_strnlen(word, 64);
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (p[i] != word[i])
            return false;
    return true;
}

static bool item_has_prefix(const char *p, size_t len, const char *prefix)
{
    size_t n = k_strnlen(prefix, 64);
    return len >= n && item_is(p, n, prefix);
}

/* A copy of an item for messages (the formatter has no %.*s). */
static const char *item_text(char *buf, size_t size, const char *p, size_t len)
{
    size_t n = MIN(len, size - 1);
    k_memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

static int parse_item(const char *p, size_t len, struct kernel_trace_config *cfg, char *why, size_t why_size)
{
    char text[48];
    if (len == 0 || item_is(p, len, "all") || item_is(p, len, "1"))
        return 0;
    if (item_is(p, len, "errors")) {
        cfg->errors_only = true;
        return 0;
    }
    if (item_is(p, len, "putchar")) {
        cfg->putchar = true;
        return 0;
    }
    if (item_has_prefix(p, len, "thread=")) {
        size_t n = len - 7;
        if (n == 0 || n >= KERNEL_TRACE_NAME_BYTES) {
            k_snprintf(why, why_size, "thread=NAME needs a name of 1 to %d characters", KERNEL_TRACE_NAME_BYTES - 1);
            return -1;
        }
        if (cfg->nthreads == KERNEL_TRACE_MAX_THREADS) {
            k_snprintf(why, why_size, "at most %d thread= filters", KERNEL_TRACE_MAX_THREADS);
            return -1;
        }
        item_text(cfg->threads[cfg->nthreads++], KERNEL_TRACE_NAME_BYTES, p + 7, n);
        return 0;
    }
    if (item_has_prefix(p, len, "object=")) {
        for (int i = 0; i < TRACE_OBJECT_KINDS; i++) {
            if (item_is(p + 7, len - 7, object_names[i])) {
                cfg->objects |= 1u << i;
                return 0;
            }
        }
        k_snprintf(why, why_size,
                   "unknown object kind '%s' (kinds: endpoint, notification, reply, cnode, untyped, tcb, irq, "
                   "ioport, frame, paging, asid, domain)",
                   item_text(text, sizeof(text), p + 7, len - 7));
        return -1;
    }
    k_snprintf(why, why_size, "unknown filter '%s' (use 1, all, errors, putchar, thread=NAME, object=KIND)",
               item_text(text, sizeof(text), p, len));
    return -1;
}

int kernel_trace_parse(const char *spec, struct kernel_trace_config *cfg, char *why, size_t why_size)
{
    k_memset(cfg, 0, sizeof(*cfg));
    if (!spec || !*spec || item_is(spec, k_strnlen(spec, 2), "0"))
        return 0;
    cfg->on = true;
    for (const char *p = spec; *p;) {
        const char *end = p;
        while (*end && *end != ',')
            end++;
        if (parse_item(p, (size_t)(end - p), cfg, why, why_size) != 0) {
            cfg->on = false;
            return -1;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

void trace_init(kernel_t *k, const struct kernel_trace_config *cfg)
{
    if (!cfg || !cfg->on || !k->plat->trace_write)
        return;
    k->trace.cfg = *cfg;
    k->tracing = true;
}

/* ---- building a line ---- */

static void out(kernel_t *k, const char *fmt, ...) PRINTF_FMT(2, 3);
static void out(kernel_t *k, const char *fmt, ...)
{
    struct trace_state *s = &k->trace;
    size_t room = sizeof(s->line) - 8; /* kept for "...\n" */
    if (s->len >= room)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = k_vsnprintf(s->line + s->len, room - s->len, fmt, ap);
    va_end(ap);
    s->len = n < 0 ? s->len : MIN(s->len + (size_t)n, room);
}

static void begin_line(kernel_t *k, tcb_t *t)
{
    k->trace.len = 0;
    if (t->name[0])
        out(k, "[%s] ", thread_name(t));
    else
        out(k, "[tcb 0x%lx] ", paddr_from_ptr(k, (uint8_t *)t - TCB_OFFSET));
}

static void flush_line(kernel_t *k)
{
    struct trace_state *s = &k->trace;
    if (s->len >= sizeof(s->line) - 8) {
        s->len = sizeof(s->line) - 8;
        k_memcpy(s->line + s->len, "...", 3);
        s->len += 3;
    }
    s->line[s->len++] = '\n';
    k->plat->trace_write(k->plat_ctx, s->line, s->len);
    s->len = 0;
}

/* ---- caps ---- */

static sword_t object_of(word_t type)
{
    switch (type) {
    case cap_endpoint_cap: return TRACE_ENDPOINT;
    case cap_notification_cap: return TRACE_NOTIFICATION;
    case cap_reply_cap: return TRACE_REPLY;
    case cap_cnode_cap: return TRACE_CNODE;
    case cap_untyped_cap: return TRACE_UNTYPED;
    case cap_thread_cap: return TRACE_TCB;
    case cap_irq_control_cap:
    case cap_irq_handler_cap: return TRACE_IRQ;
    case cap_io_port_cap:
    case cap_io_port_control_cap: return TRACE_IOPORT;
    case cap_frame_cap: return TRACE_FRAME;
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap: return TRACE_PAGING;
    case cap_asid_control_cap:
    case cap_asid_pool_cap: return TRACE_ASID;
    case cap_domain_cap: return TRACE_DOMAIN;
    default: return -1;
    }
}

/* seL4's names of cap types, as seL4_DebugCapIdentify's numbers mean them. */
static const char *cap_name(word_t type)
{
    switch (type) {
    case cap_null_cap: return "null";
    case cap_frame_cap: return "Frame";
    case cap_untyped_cap: return "Untyped";
    case cap_page_table_cap: return "PageTable";
    case cap_endpoint_cap: return "Endpoint";
    case cap_page_directory_cap: return "PageDirectory";
    case cap_notification_cap: return "Notification";
    case cap_pdpt_cap: return "PDPT";
    case cap_reply_cap: return "Reply";
    case cap_pml4_cap: return "PML4";
    case cap_cnode_cap: return "CNode";
    case cap_asid_control_cap: return "ASIDControl";
    case cap_thread_cap: return "TCB";
    case cap_asid_pool_cap: return "ASIDPool";
    case cap_irq_control_cap: return "IRQControl";
    case cap_irq_handler_cap: return "IRQHandler";
    case cap_zombie_cap: return "Zombie";
    case cap_io_port_cap: return "IOPort";
    case cap_domain_cap: return "Domain";
    case cap_io_port_control_cap: return "IOPortControl";
    default: return "unknown";
    }
}

/* Rights as four letters: Read, Write, Grant, grant rePly ('-' where missing). */
static void out_rights(kernel_t *k, bool r, bool w, bool g, bool p)
{
    out(k, "%c%c%c%c", r ? 'R' : '-', w ? 'W' : '-', g ? 'G' : '-', p ? 'P' : '-');
}

static void out_cap(kernel_t *k, cap_t cap)
{
    static const char *const frame_sizes[] = { "4K", "2M", "1G", "?" };
    out(k, "%s", cap_name(cap_type(cap)));
    switch (cap_type(cap)) {
    case cap_endpoint_cap:
        if (cap.endpoint.badge)
            out(k, " badge=0x%lx", (word_t)cap.endpoint.badge);
        out(k, " rights=");
        out_rights(k, cap.endpoint.can_receive, cap.endpoint.can_send, cap.endpoint.can_grant,
                   cap.endpoint.can_grant_reply);
        break;
    case cap_notification_cap:
        if (cap.notification.badge)
            out(k, " badge=0x%lx", (word_t)cap.notification.badge);
        out(k, " rights=");
        out_rights(k, cap.notification.can_receive, cap.notification.can_send, false, false);
        break;
    case cap_reply_cap:
        if (cap.reply.master)
            out(k, " (master)");
        break;
    case cap_thread_cap: {
        tcb_t *t = THREAD_TCB(k, cap);
        if (t->name[0])
            out(k, " \"%s\"", thread_name(t));
        break;
    }
    case cap_untyped_cap:
        out(k, " 2^%lu%s", (word_t)cap.untyped.size_bits, cap.untyped.is_device ? " device" : "");
        break;
    case cap_frame_cap:
        out(k, " %s%s rights=", frame_sizes[cap.frame.size & 3], cap.frame.is_device ? " device" : "");
        out_rights(k, cap.frame.vm_rights >= VMReadOnly, cap.frame.vm_rights == VMReadWrite, false, false);
        break;
    case cap_irq_handler_cap:
        out(k, " irq=%lu", (word_t)cap.irq_handler.irq);
        break;
    case cap_io_port_cap:
        out(k, " 0x%lx-0x%lx", (word_t)cap.io_port.first_port, (word_t)cap.io_port.last_port);
        break;
    default:
        break;
    }
}

/* Looks up a CPtr as the kernel will, but leaves the kernel's lookup-fault scratch alone. */
static lookup_cap_ret_t peek_cap(kernel_t *k, tcb_t *t, cptr_t cptr)
{
    lookup_fault_t saved = k->lookup_fault;
    lookup_cap_ret_t lu = lookup_cap(k, t, cptr);
    k->lookup_fault = saved;
    return lu;
}

static void out_cptr(kernel_t *k, tcb_t *t, cptr_t cptr)
{
    lookup_cap_ret_t lu = peek_cap(k, t, cptr);
    out(k, "0x%lx ", cptr);
    if (lu.status != EXCEPTION_NONE)
        out(k, "invalid");
    else
        out_cap(k, lu.cap);
}

/* ---- messages ---- */

static void out_info(kernel_t *k, word_t w)
{
    seL4_MessageInfo_t info = { { w } };
    out(k, "info=label 0x%lx len %lu caps %lu", (word_t)seL4_MessageInfo_get_label(info),
        (word_t)seL4_MessageInfo_get_length(info), (word_t)seL4_MessageInfo_get_extraCaps(info));
    if (seL4_MessageInfo_get_capsUnwrapped(info))
        out(k, " unwrapped 0x%lx", (word_t)seL4_MessageInfo_get_capsUnwrapped(info));
}

#define SHOWN_MRS 8

/* The first message registers of t's message of length len. */
static void out_mrs(kernel_t *k, tcb_t *t, word_t *buffer, word_t len)
{
    if (!len)
        return;
    out(k, ", mrs=[");
    for (word_t i = 0; i < len && i < SHOWN_MRS; i++)
        out(k, "%s0x%lx", i ? ", " : "", get_mr(k, t, buffer, i));
    out(k, "%s]", len > SHOWN_MRS ? ", ..." : "");
}

/* A message t sends: its info word, words and extra caps. */
static void out_message(kernel_t *k, tcb_t *t)
{
    word_t *buffer = lookup_ipc_buffer(k, false, t);
    seL4_MessageInfo_t info = message_info_from_word(t->regs[CTX_RSI]);
    out_info(k, t->regs[CTX_RSI]);
    out_mrs(k, t, buffer, seL4_MessageInfo_get_length(info));
    word_t ncaps = seL4_MessageInfo_get_extraCaps(info);
    if (!ncaps || !buffer)
        return;
    out(k, ", caps=[");
    for (word_t i = 0; i < ncaps; i++) {
        out(k, "%s", i ? ", " : "");
        out_cptr(k, t, buffer[seL4_MsgMaxLength + 2 + i]);
    }
    out(k, "]");
}

/* What t received: badge, info and words, or only the badge of a notification. */
static void out_received(kernel_t *k, tcb_t *t, enum trace_call call)
{
    if (call == TC_WAIT || call == TC_POLL) {
        out(k, " = badge=0x%lx", t->regs[CTX_RDI]);
        return;
    }
    word_t *buffer = lookup_ipc_buffer(k, true, t);
    seL4_MessageInfo_t info = message_info_from_word(t->regs[CTX_RSI]);
    out(k, " = ");
    if (call != TC_CALL)
        out(k, "badge=0x%lx, ", t->regs[CTX_RDI]);
    out_info(k, t->regs[CTX_RSI]);
    out_mrs(k, t, buffer, seL4_MessageInfo_get_length(info));
}

static bool receives(enum trace_call call)
{
    return call == TC_CALL || call == TC_RECV || call == TC_NBRECV || call == TC_WAIT || call == TC_POLL ||
           call == TC_REPLYRECV;
}

/* ---- methods: arguments as libsel4's stubs marshal them (sel4_client.h) ---- */

enum arg_kind { A_END, A_HEX, A_DEC, A_CAP, A_RIGHTS, A_TYPE, A_ATTR, A_MORE };

struct arg {
    const char *name;
    uint8_t kind;
    uint8_t src;   /* message register, or extra cap for A_CAP */
    uint8_t shift; /* a bit field of the register: shift and width (0: the whole word) */
    uint8_t bits;
};

#define HEX(n, mr) { n, A_HEX, mr, 0, 0 }
#define DEC(n, mr) { n, A_DEC, mr, 0, 0 }
#define BITS(n, mr, shift, bits) { n, A_DEC, mr, shift, bits }
#define CAP(n, i) { n, A_CAP, i, 0, 0 }
#define RIGHTS(n, mr) { n, A_RIGHTS, mr, 0, 0 }
#define TYPE(n, mr) { n, A_TYPE, mr, 0, 0 }
#define ATTR(n, mr) { n, A_ATTR, mr, 0, 0 }
#define MORE { "...", A_MORE, 0, 0, 0 }
#define SLOT_ARGS(i, d) HEX("index", i), DEC("depth", d)
#define COPY_ARGS HEX("dest_index", 0), DEC("dest_depth", 1), CAP("src_root", 0), HEX("src_index", 2), \
                  DEC("src_depth", 3)
#define MAP_ARGS(root) CAP(root, 0), HEX("vaddr", 0), ATTR("attr", 1)

static const struct arg method_args[nArchInvocationLabels][11] = {
    [UntypedRetype] = { TYPE("type", 0), DEC("size_bits", 1), CAP("root", 0), HEX("node_index", 2),
                        DEC("node_depth", 3), HEX("node_offset", 4), DEC("num_objects", 5) },
    [TCBReadRegisters] = { BITS("suspend_source", 0, 0, 1), BITS("arch_flags", 0, 8, 8), DEC("count", 1) },
    [TCBWriteRegisters] = { BITS("resume_target", 0, 0, 1), BITS("arch_flags", 0, 8, 8), DEC("count", 1),
                            HEX("rip", 2), HEX("rsp", 3), MORE },
    [TCBCopyRegisters] = { CAP("source", 0), BITS("suspend_source", 0, 0, 1), BITS("resume_target", 0, 1, 1),
                           BITS("transfer_frame", 0, 2, 1), BITS("transfer_integer", 0, 3, 1),
                           BITS("arch_flags", 0, 8, 8) },
    [TCBConfigure] = { HEX("fault_ep", 0), CAP("cspace_root", 0), HEX("cspace_root_data", 1),
                       CAP("vspace_root", 1), HEX("vspace_root_data", 2), HEX("buffer", 3),
                       CAP("bufferFrame", 2) },
    [TCBSetPriority] = { CAP("authority", 0), DEC("priority", 0) },
    [TCBSetMCPriority] = { CAP("authority", 0), DEC("mcp", 0) },
    [TCBSetSchedParams] = { CAP("authority", 0), DEC("mcp", 0), DEC("priority", 1) },
    [TCBSetIPCBuffer] = { HEX("buffer", 0), CAP("bufferFrame", 0) },
    [TCBSetSpace] = { HEX("fault_ep", 0), CAP("cspace_root", 0), HEX("cspace_root_data", 1),
                      CAP("vspace_root", 1), HEX("vspace_root_data", 2) },
    [TCBBindNotification] = { CAP("notification", 0) },
    [TCBSetTLSBase] = { HEX("tls_base", 0) },
    [TCBSetFlags] = { HEX("clear", 0), HEX("set", 1) },
    [CNodeRevoke] = { SLOT_ARGS(0, 1) },
    [CNodeDelete] = { SLOT_ARGS(0, 1) },
    [CNodeCancelBadgedSends] = { SLOT_ARGS(0, 1) },
    [CNodeCopy] = { COPY_ARGS, RIGHTS("rights", 4) },
    [CNodeMint] = { COPY_ARGS, RIGHTS("rights", 4), HEX("badge", 5) },
    [CNodeMove] = { COPY_ARGS },
    [CNodeMutate] = { COPY_ARGS, HEX("badge", 4) },
    [CNodeRotate] = { HEX("dest_index", 0), DEC("dest_depth", 1), HEX("dest_badge", 2), CAP("pivot_root", 0),
                      HEX("pivot_index", 3), DEC("pivot_depth", 4), HEX("pivot_badge", 5), CAP("src_root", 1),
                      HEX("src_index", 6), DEC("src_depth", 7) },
    [CNodeSaveCaller] = { SLOT_ARGS(0, 1) },
    [IRQIssueIRQHandler] = { DEC("irq", 0), CAP("root", 0), SLOT_ARGS(1, 2) },
    [IRQSetIRQHandler] = { CAP("notification", 0) },
    [DomainSetSet] = { DEC("domain", 0), CAP("thread", 0) },
    [X86PDPTMap] = { MAP_ARGS("pml4") },
    [X86PageDirectoryMap] = { MAP_ARGS("vspace") },
    [X86PageTableMap] = { MAP_ARGS("vspace") },
    [X86PageMap] = { CAP("vspace", 0), HEX("vaddr", 0), RIGHTS("rights", 1), ATTR("attr", 2) },
    [X86ASIDControlMakePool] = { CAP("untyped", 0), CAP("root", 1), SLOT_ARGS(0, 1) },
    [X86ASIDPoolAssign] = { CAP("vspace", 0) },
    [X86IOPortControlIssue] = { HEX("first_port", 0), HEX("last_port", 1), CAP("root", 0), SLOT_ARGS(2, 3) },
    [X86IOPortIn8] = { HEX("port", 0) },
    [X86IOPortIn16] = { HEX("port", 0) },
    [X86IOPortIn32] = { HEX("port", 0) },
    [X86IOPortOut8] = { HEX("port", 0), HEX("data", 1) },
    [X86IOPortOut16] = { HEX("port", 0), HEX("data", 1) },
    [X86IOPortOut32] = { HEX("port", 0), HEX("data", 1) },
    [X86IRQIssueIRQHandlerIOAPIC] = { CAP("root", 0), SLOT_ARGS(0, 1), DEC("ioapic", 2), DEC("pin", 3),
                                      DEC("level", 4), DEC("polarity", 5), DEC("vector", 6) },
    [X86IRQIssueIRQHandlerMSI] = { CAP("root", 0), SLOT_ARGS(0, 1), DEC("pci_bus", 2), DEC("pci_dev", 3),
                                   DEC("pci_func", 4), HEX("handle", 5), DEC("vector", 6) },
};

/* What a successful reply carries, for the methods that return values. */
static const char *const reply_names[nArchInvocationLabels] = {
    [TCBReadRegisters] = "regs", [TCBSetFlags] = "flags", [X86PageGetAddress] = "paddr",
    [X86IOPortIn8] = "result",   [X86IOPortIn16] = "result", [X86IOPortIn32] = "result",
};

static const char *object_type_name(word_t type)
{
    static const char *const names[seL4_ObjectTypeCount] = {
        [seL4_UntypedObject] = "seL4_UntypedObject",
        [seL4_TCBObject] = "seL4_TCBObject",
        [seL4_EndpointObject] = "seL4_EndpointObject",
        [seL4_NotificationObject] = "seL4_NotificationObject",
        [seL4_CapTableObject] = "seL4_CapTableObject",
        [seL4_X86_PDPTObject] = "seL4_X86_PDPTObject",
        [seL4_X64_PML4Object] = "seL4_X64_PML4Object",
        [seL4_X64_HugePageObject] = "seL4_X64_HugePageObject",
        [seL4_X86_4K] = "seL4_X86_4K",
        [seL4_X86_LargePageObject] = "seL4_X86_LargePageObject",
        [seL4_X86_PageTableObject] = "seL4_X86_PageTableObject",
        [seL4_X86_PageDirectoryObject] = "seL4_X86_PageDirectoryObject",
    };
    return type < ARRAY_SIZE(names) ? names[type] : NULL;
}

static const char *vm_attributes_name(word_t attr)
{
    static const char *const names[] = { "seL4_X86_WriteBack", "seL4_X86_WriteThrough", "seL4_X86_CacheDisabled",
                                         "seL4_X86_Uncacheable", "seL4_X86_WriteCombining" };
    return attr < ARRAY_SIZE(names) ? names[attr] : NULL;
}

static bool is_method(word_t label)
{
    return label != InvalidInvocation && method_name(label);
}

static void out_arg(kernel_t *k, tcb_t *t, word_t *buffer, seL4_MessageInfo_t info, const struct arg *a)
{
    if (a->kind == A_MORE) {
        out(k, "...");
        return;
    }
    out(k, "%s=", a->name);
    if (a->kind == A_CAP) {
        if (a->src >= seL4_MessageInfo_get_extraCaps(info) || !buffer)
            out(k, "?");
        else
            out_cptr(k, t, buffer[seL4_MsgMaxLength + 2 + a->src]);
        return;
    }
    if (a->src >= seL4_MessageInfo_get_length(info)) {
        out(k, "?");
        return;
    }
    word_t v = get_mr(k, t, buffer, a->src);
    if (a->bits)
        v = (v >> a->shift) & MASK(a->bits);
    const char *name = a->kind == A_TYPE ? object_type_name(v) : a->kind == A_ATTR ? vm_attributes_name(v) : NULL;
    if (name)
        out(k, "%s", name);
    else if (a->kind == A_RIGHTS)
        out_rights(k, v & 2, v & 1, v & 4, v & 8);
    else if (a->kind == A_DEC || a->kind == A_TYPE)
        out(k, "%lu", v);
    else
        out(k, "0x%lx", v);
}

/* seL4_X_Y(service=CAP, args...) for a method; the generic syscall with its message otherwise. */
static void out_invocation(kernel_t *k, tcb_t *t, word_t syscall)
{
    seL4_MessageInfo_t info = message_info_from_word(t->regs[CTX_RSI]);
    word_t label = seL4_MessageInfo_get_label(info);
    if (!is_method(label)) {
        enum trace_call call = syscall == (word_t)seL4_SysCall ? TC_CALL
                               : syscall == (word_t)seL4_SysSend ? TC_SEND : TC_NBSEND;
        out(k, "%s(", call_names[call]);
        out_cptr(k, t, t->regs[CTX_RDI]);
        out(k, ", ");
        out_message(k, t);
        out(k, ")");
        return;
    }
    word_t *buffer = lookup_ipc_buffer(k, false, t);
    out(k, "%s(service=", method_name(label));
    out_cptr(k, t, t->regs[CTX_RDI]);
    for (const struct arg *a = method_args[label]; a->kind != A_END; a++) {
        out(k, ", ");
        out_arg(k, t, buffer, info, a);
    }
    out(k, ")");
}

/* ---- errors and faults ---- */

/* A lookup failure as its message registers give it (type is seL4_LookupFailureType). */
static void out_lookup_failure(kernel_t *k, word_t type, word_t a, word_t b, word_t c)
{
    switch (type) {
    case seL4_InvalidRoot:
        out(k, "invalid root");
        break;
    case seL4_MissingCapability:
        out(k, "missing capability, %lu bits left", a);
        break;
    case seL4_DepthMismatch:
        out(k, "depth mismatch, %lu bits left, %lu bits found", a, b);
        break;
    case seL4_GuardMismatch:
        out(k, "guard mismatch, %lu bits left, guard 0x%lx of %lu bits found", a, b, c);
        break;
    default:
        out(k, "lookup failure %lu", type);
    }
}

static const struct arg *find_arg(word_t label, bool kind_is_cap, word_t src)
{
    if (!is_method(label))
        return NULL;
    for (const struct arg *a = method_args[label]; a->kind != A_END; a++)
        if ((a->kind == A_CAP) == kind_is_cap && a->kind != A_MORE && a->src == src)
            return a;
    return NULL;
}

/* An error reply, from the label and message registers the kernel wrote back. */
static void out_error_reply(kernel_t *k, tcb_t *t, word_t error, word_t label)
{
    word_t *buffer = lookup_ipc_buffer(k, true, t);
    word_t mr0 = get_mr(k, t, buffer, 0), mr1 = get_mr(k, t, buffer, 1);
    const struct arg *a;
    out(k, " = %s (%lu)", error < seL4_NumErrors ? error_names[error] : "unknown error", error);
    switch (error) {
    case seL4_InvalidArgument:
        a = find_arg(label, false, mr0);
        out(k, ": argument %lu%s%s%s", mr0, a ? " (" : "", a ? a->name : "", a ? ")" : "");
        break;
    case seL4_InvalidCapability:
        a = mr0 ? find_arg(label, true, mr0 - 1) : NULL;
        out(k, ": cap %lu (%s)", mr0, mr0 == 0 ? "service" : a ? a->name : "extra cap");
        break;
    case seL4_RangeError:
        out(k, ": min %lu, max %lu", mr0, mr1);
        break;
    case seL4_FailedLookup:
        out(k, ": %s, ", mr0 ? "source" : "destination");
        out_lookup_failure(k, mr1, get_mr(k, t, buffer, 2), get_mr(k, t, buffer, 3), get_mr(k, t, buffer, 4));
        break;
    case seL4_NotEnoughMemory:
        out(k, ": %lu bytes available", mr0);
        break;
    default:
        break;
    }
}

static void out_fault(kernel_t *k, const fault_t *f, const lookup_fault_t *lf)
{
    switch (f->type) {
    case seL4_Fault_CapFault_:
        out(k, "CapFault: %s phase, address 0x%lx, ", f->w[1] ? "receive" : "send", f->w[0]);
        /* The message registers' order: bits left, then guard, then bits found. */
        if (lf->type == lookup_fault_guard_mismatch)
            out_lookup_failure(k, lf->type + 1, lf->bits_left, lf->guard_found, lf->bits_found);
        else
            out_lookup_failure(k, lf->type + 1, lf->bits_left, lf->bits_found, 0);
        break;
    case seL4_Fault_UnknownSyscall_:
        out(k, "UnknownSyscall: syscall %ld", (sword_t)f->w[0]);
        break;
    case seL4_Fault_UserException_:
        out(k, "UserException: vector 0x%lx, code 0x%lx", f->w[0], f->w[1]);
        break;
    case seL4_Fault_VMFault_:
        out(k, "VMFault: %s at 0x%lx, fsr 0x%lx", f->w[2] ? "instruction fetch" : "data access", f->w[0], f->w[1]);
        break;
    default:
        out(k, "fault %lu", f->type);
    }
}

/* ---- the hooks ---- */

static bool is_blocked(const tcb_t *t)
{
    word_t s = t->state.type;
    return s == ThreadState_BlockedOnReceive || s == ThreadState_BlockedOnSend || s == ThreadState_BlockedOnReply ||
           s == ThreadState_BlockedOnNotification;
}

static bool thread_shown(kernel_t *k, tcb_t *t)
{
    const struct kernel_trace_config *c = &k->trace.cfg;
    if (!c->nthreads)
        return true;
    for (unsigned i = 0; i < c->nthreads; i++)
        if (item_is(t->name, k_strnlen(t->name, TCB_NAME_LENGTH), c->threads[i]))
            return true;
    return false;
}

static bool object_shown(kernel_t *k)
{
    sword_t o = k->trace.object;
    return !k->trace.cfg.objects || (o >= 0 && (k->trace.cfg.objects & (1u << o)));
}

/* Send, NBSend and Call: an IPC on an endpoint or notification, else a method. */
static void entry_send(kernel_t *k, tcb_t *t, word_t n)
{
    struct trace_state *s = &k->trace;
    lookup_cap_ret_t lu = peek_cap(k, t, t->regs[CTX_RDI]);
    word_t type = lu.status == EXCEPTION_NONE ? cap_type(lu.cap) : cap_null_cap;
    s->cap_valid = lu.status == EXCEPTION_NONE;
    s->object = s->cap_valid ? object_of(type) : -1;
    s->label = seL4_MessageInfo_get_label(message_info_from_word(t->regs[CTX_RSI]));
    if (s->cap_valid && (type == cap_endpoint_cap || type == cap_notification_cap || type == cap_reply_cap)) {
        bool signal = type == cap_notification_cap && n == (word_t)seL4_SysSend;
        s->call = n == (word_t)seL4_SysCall ? TC_CALL : signal ? TC_SIGNAL : n == (word_t)seL4_SysSend ? TC_SEND : TC_NBSEND;
        out(k, "%s(", call_names[s->call]);
        out_cptr(k, t, t->regs[CTX_RDI]);
        if (!signal) {
            out(k, ", ");
            out_message(k, t);
        }
        out(k, ")");
        return;
    }
    s->call = TC_INVOKE;
    out_invocation(k, t, n);
}

static void entry_recv(kernel_t *k, tcb_t *t, word_t n)
{
    struct trace_state *s = &k->trace;
    lookup_cap_ret_t lu = peek_cap(k, t, t->regs[CTX_RDI]);
    s->cap_valid = lu.status == EXCEPTION_NONE;
    s->object = s->cap_valid ? object_of(cap_type(lu.cap)) : -1;
    bool ntfn = s->cap_valid && cap_type(lu.cap) == cap_notification_cap;
    if (n == (word_t)seL4_SysReplyRecv)
        s->call = TC_REPLYRECV;
    else if (n == (word_t)seL4_SysRecv)
        s->call = ntfn ? TC_WAIT : TC_RECV;
    else
        s->call = ntfn ? TC_POLL : TC_NBRECV;
    out(k, "%s(", call_names[s->call]);
    out_cptr(k, t, t->regs[CTX_RDI]);
    if (s->call == TC_REPLYRECV) {
        out(k, ", ");
        out_message(k, t);
    }
    out(k, ")");
}

static void out_char(kernel_t *k, char c)
{
    if (c == '\n')
        out(k, "'\\n'");
    else if (c == '\'' || c == '\\')
        out(k, "'\\%c'", c);
    else if (c >= 0x20 && c < 0x7f)
        out(k, "'%c'", c);
    else
        out(k, "0x%x", (unsigned)(uint8_t)c);
}

/* Debug calls, SetTLSBase and unknown numbers. Returns false for a call not traced. */
static bool entry_other(kernel_t *k, tcb_t *t, sword_t n)
{
    struct trace_state *s = &k->trace;
    word_t rdi = t->regs[CTX_RDI];
    s->call = TC_DEBUG;
    switch (n) {
    case seL4_SysDebugPutChar:
        if (!s->cfg.putchar)
            return false;
        out(k, "seL4_DebugPutChar(");
        out_char(k, (char)rdi);
        out(k, ")");
        return true;
    case seL4_SysDebugDumpScheduler:
        out(k, "seL4_DebugDumpScheduler()");
        return true;
    case seL4_SysDebugHalt:
        out(k, "seL4_DebugHalt()");
        return true;
    case seL4_SysDebugSnapshot:
        out(k, "seL4_DebugSnapshot()");
        return true;
    case seL4_SysDebugCapIdentify:
    case seL4_SysDebugNameThread: {
        lookup_cap_ret_t lu = peek_cap(k, t, rdi);
        s->object = lu.status == EXCEPTION_NONE ? object_of(cap_type(lu.cap)) : -1;
        out(k, "%s(", n == seL4_SysDebugCapIdentify ? "seL4_DebugCapIdentify" : "seL4_DebugNameThread");
        out_cptr(k, t, rdi);
        const char *name = (const char *)lookup_ipc_buffer(k, true, t);
        if (n == seL4_SysDebugNameThread && name) {
            char text[KERNEL_TRACE_NAME_BYTES];
            out(k, ", name=\"%s\"", item_text(text, sizeof(text), name + sizeof(word_t),
                                               k_strnlen(name + sizeof(word_t), sizeof(text) - 1)));
        }
        out(k, ")");
        return true;
    }
    case seL4_SysSetTLSBase:
        out(k, "seL4_SetTLSBase(0x%lx)", rdi);
        return true;
    case seL4_SysYield:
        s->call = TC_YIELD;
        out(k, "seL4_Yield()");
        return true;
    case seL4_SysReply:
        s->call = TC_REPLY;
        s->object = TRACE_REPLY; /* the caller's reply cap */
        out(k, "seL4_Reply(");
        out_message(k, t);
        out(k, ")");
        return true;
    default:
        out(k, "syscall(%ld)", n);
        return true;
    }
}

void trace_syscall_entry(kernel_t *k, tcb_t *t, word_t number)
{
    struct trace_state *s = &k->trace;
    sword_t n = (sword_t)number;
    s->in_syscall = true;
    s->active = false;
    s->faulted = s->error_set = false;
    s->cap_valid = true;
    s->object = -1;
    s->label = 0;
    s->thread = t;
    s->syscall = number;
    if (!thread_shown(k, t))
        return;
    begin_line(k, t);
    if (n == seL4_SysCall || n == seL4_SysSend || n == seL4_SysNBSend)
        entry_send(k, t, number);
    else if (n == seL4_SysRecv || n == seL4_SysNBRecv || n == seL4_SysReplyRecv)
        entry_recv(k, t, number);
    else if (!entry_other(k, t, n))
        return;
    if (!object_shown(k))
        return;
    s->active = true;
    if (n == seL4_SysDebugHalt && !s->cfg.errors_only) {
        /* The system stops inside this call: the line goes out now. */
        s->active = false;
        flush_line(k);
    }
}

void trace_invocation_error(kernel_t *k)
{
    k->trace.error_set = true;
    k->trace.error_type = k->syscall_error.type;
}

void trace_fault(kernel_t *k, tcb_t *t)
{
    struct trace_state *s = &k->trace;
    if (s->in_syscall) {
        s->faulted = true;
        s->fault = k->fault;
        s->lookup_fault = k->lookup_fault;
        return;
    }
    /* A fault outside a syscall (an exception or VM fault): a line of its own, as strace shows signals. */
    if (!thread_shown(k, t))
        return;
    begin_line(k, t);
    out(k, "--- ");
    out_fault(k, &k->fault, &k->lookup_fault);
    out(k, " at ip 0x%lx ---", t->regs[CTX_RIP]);
    flush_line(k);
}

/* The outcome of an invocation of a kernel object; true when it failed. */
static bool out_invocation_result(kernel_t *k, tcb_t *t)
{
    struct trace_state *s = &k->trace;
    if (!s->cap_valid) {
        out(k, " = ? (invalid cap: a non-blocking send drops the fault)");
        return true;
    }
    if (s->syscall != (word_t)seL4_SysCall) {
        out(k, " = %s", error_names[s->error_set && s->error_type < seL4_NumErrors ? s->error_type : 0]);
        if (s->error_set)
            out(k, " (%lu) (not returned: no reply to a send)", s->error_type);
        return s->error_set;
    }
    if (!s->error_set && t->state.type != ThreadState_Running) {
        out(k, " = ? (the thread is no longer running)");
        return false;
    }
    word_t error = seL4_MessageInfo_get_label(message_info_from_word(t->regs[CTX_RSI]));
    if (error != seL4_NoError) {
        out_error_reply(k, t, error, s->label);
        return true;
    }
    out(k, " = seL4_NoError");
    const char *reply = is_method(s->label) ? reply_names[s->label] : NULL;
    word_t len = seL4_MessageInfo_get_length(message_info_from_word(t->regs[CTX_RSI]));
    if (reply && len == 1)
        out(k, ", %s=0x%lx", reply, t->regs[CTX_R10]);
    else if (reply && len > 1)
        out_mrs(k, t, lookup_ipc_buffer(k, true, t), len);
    return false;
}

void trace_syscall_exit(kernel_t *k)
{
    struct trace_state *s = &k->trace;
    s->in_syscall = false;
    if (!s->active)
        return;
    s->active = false;
    tcb_t *t = s->thread;
    bool failed = false;
    if (s->faulted) {
        out(k, " = ");
        out_fault(k, &s->fault, &s->lookup_fault);
        out(k, is_blocked(t) ? " (sent to the fault handler)" : " (no fault handler: thread stopped)");
        failed = true;
    } else if (s->call == TC_INVOKE || s->error_set) {
        failed = out_invocation_result(k, t);
    } else if (is_blocked(t)) {
        if (s->cfg.errors_only)
            return;
        out(k, " <unfinished ...>");
        t->trace_pending = s->call;
    } else if (receives(s->call)) {
        out_received(k, t, s->call);
    } else if (s->syscall == (word_t)seL4_SysDebugCapIdentify) {
        out(k, " = %lu (%s)", t->regs[CTX_RDI], cap_name(t->regs[CTX_RDI]));
    }
    if (s->cfg.errors_only && !failed)
        return;
    flush_line(k);
}

void trace_resumed(kernel_t *k, tcb_t *t)
{
    enum trace_call call = t->trace_pending;
    t->trace_pending = TC_NONE;
    begin_line(k, t);
    out(k, "<... %s resumed>", call_names[call]);
    if (t->state.type == ThreadState_Restart)
        out(k, " = ? (restarted)");
    else if (receives(call))
        out_received(k, t, call);
    flush_line(k);
}
