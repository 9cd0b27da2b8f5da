/*
 * Debug dumps of a debug kernel: seL4_DebugDumpScheduler's table of every
 * TCB (seL4's format), then the run queues and each thread's state, and the
 * capabilities of a CSpace with their place in the derivation tree. The
 * host asks for a whole-system dump (kernel_debug_dump) from a kernel entry.
 */
#include <core.h>

static const char *state_name(word_t s)
{
    static const char *const names[] = {
        [ThreadState_Inactive] = "inactive",
        [ThreadState_Running] = "running",
        [ThreadState_Restart] = "restart",
        [ThreadState_BlockedOnReceive] = "blocked on recv",
        [ThreadState_BlockedOnSend] = "blocked on send",
        [ThreadState_BlockedOnReply] = "blocked on reply",
        [ThreadState_BlockedOnNotification] = "blocked on ntfn",
        [ThreadState_IdleThreadState] = "idle",
    };
    return s < ARRAY_SIZE(names) ? names[s] : "unknown";
}

/* seL4's table: name, state, IP, priority, core. */
static void dump_tcb_table(kernel_t *k)
{
    kprintf(k, "Dumping all tcbs!\n");
    kprintf(k, "%-40s\t%-15s\t%-20s\t%s\t%s\n", "Name", "State", "IP", "Prio", "Core");
    kprintf(k, "--------------------------------------------------------------------------------------\n");
    for (tcb_t *t = k->debug_tcbs; t; t = t->debug_next)
        kprintf(k, "%-40s\t%-15s\t%p\t%lu\t%d\n", t->name, state_name(t->state.type), (void *)t->regs[CTX_RIP],
                t->priority, 0);
}

static word_t object_paddr(kernel_t *k, word_t kernel_ptr)
{
    return kernel_ptr ? paddr_from_ptr(k, PTR(void, kernel_ptr)) : 0;
}

/* Ready queues in queue order (manual 6.1); the running thread is in none of them, so it is shown first. */
static void dump_run_queues(kernel_t *k)
{
    tcb_t *cur = k->cur_thread;
    bool idle = cur == k->idle_thread;

    kprintf(k, "Run queues (highest priority first; * runs now):\n");
    for (int p = CONFIG_NUM_PRIORITIES - 1; p >= 0; p--) {
        bool running_here = !idle && cur->priority == (word_t)p && !cur->queued;
        if (!k->ready_head[p] && !running_here)
            continue;
        kprintf(k, "  %3d:", p);
        if (running_here)
            kprintf(k, " *\"%s\"", thread_name(cur));
        for (tcb_t *t = k->ready_head[p]; t; t = t->sched_next)
            kprintf(k, " \"%s\"", thread_name(t));
        kprintf(k, "\n");
    }
    if (idle)
        kprintf(k, "  idle: *\"%s\"\n", thread_name(cur));
}

/* What a blocked thread waits on (seL4's blockingObject and badge). */
static void dump_blocking(kernel_t *k, tcb_t *t)
{
    word_t obj = object_paddr(k, t->state.blocking_object);
    switch (t->state.type) {
    case ThreadState_BlockedOnReceive:
        kprintf(k, ", endpoint %p", (void *)obj);
        break;
    case ThreadState_BlockedOnSend:
        kprintf(k, ", endpoint %p, badge %p%s", (void *)obj, (void *)t->state.badge, t->state.is_call ? ", call" : "");
        break;
    case ThreadState_BlockedOnNotification:
        kprintf(k, ", notification %p", (void *)obj);
        break;
    default:
        break;
    }
}

static void dump_threads(kernel_t *k)
{
    kprintf(k, "Threads:\n");
    for (tcb_t *t = k->debug_tcbs; t; t = t->debug_next) {
        kprintf(k, "  \"%s\" tcb %p: %s", thread_name(t), (void *)t,
                t == k->cur_thread && t != k->idle_thread ? "running now" : state_name(t->state.type));
        dump_blocking(k, t);
        kprintf(k, ", prio %lu, mcp %lu, fault handler %p, bound notification ", t->priority, t->mcp,
                (void *)t->fault_handler);
        if (t->bound_notification)
            kprintf(k, "%p\n", (void *)paddr_from_ptr(k, t->bound_notification));
        else
            kprintf(k, "none\n");
    }
}

/* seL4_DebugDumpScheduler: seL4's table first, then the queues and each thread's state. */
void kernel_dump_scheduler(kernel_t *k)
{
    dump_tcb_table(k);
    dump_run_queues(k);
    dump_threads(k);
}

/* ---- CSpaces ---- */

/*
 * The CNodes of one CSpace found so far, breadth first from the root (the
 * table is the walk's queue, so nothing recurses). A CNode reached twice,
 * e.g. one holding a cap to itself, is walked once.
 */
static bool cspace_add(kernel_t *k, cap_t cnode, word_t prefix, word_t depth)
{
    struct kernel_dump_cnode *d = k->dump_cnodes;
    word_t level = cnode.cnode.guard_size + cnode.cnode.radix;
    if (level == 0 || depth + level > wordBits)
        return false; /* resolving cannot go through it */
    for (word_t i = 0; i < k->dump_cnode_count; i++)
        if (d[i].slots == REF(CNODE_SLOTS(k, cnode)))
            return false;
    if (k->dump_cnode_count == ARRAY_SIZE(k->dump_cnodes)) {
        k->dump_cnodes_truncated = true;
        return false;
    }
    d[k->dump_cnode_count++] = (struct kernel_dump_cnode){
        .slots = REF(CNODE_SLOTS(k, cnode)), .radix = cnode.cnode.radix, .guard_bits = cnode.cnode.guard_size,
        .guard = cnode.cnode.guard, .prefix = prefix, .depth = depth,
    };
    return true;
}

/* A slot of listed CNode n: its CPtr (the bits resolved to reach it) and its depth. */
static word_t slot_cptr(const struct kernel_dump_cnode *n, word_t index, word_t *depth)
{
    word_t level = n->guard_bits + n->radix;
    *depth = n->depth + level;
    word_t high = level < wordBits ? n->prefix << level : 0;
    return high | (n->guard << n->radix) | index;
}

static void cspace_walk(kernel_t *k, cap_t root)
{
    k->dump_cnode_count = 0;
    k->dump_cnodes_truncated = false;
    cspace_add(k, root, 0, 0);
    for (word_t i = 0; i < k->dump_cnode_count; i++) {
        struct kernel_dump_cnode n = k->dump_cnodes[i];
        cte_t *slots = PTR(cte_t, n.slots);
        for (word_t s = 0; s < BIT(n.radix); s++) {
            word_t depth, cptr = slot_cptr(&n, s, &depth);
            if (cap_type(slots[s].cap) == cap_cnode_cap)
                cspace_add(k, slots[s].cap, cptr, depth);
        }
    }
}

/* The listed CNode holding slot, or NULL. */
static const struct kernel_dump_cnode *cspace_node_of(kernel_t *k, cte_t *slot, word_t *index)
{
    for (word_t i = 0; i < k->dump_cnode_count; i++) {
        const struct kernel_dump_cnode *n = &k->dump_cnodes[i];
        word_t base = n->slots;
        if ((word_t)slot >= base && (word_t)slot < base + (BIT(n->radix) << seL4_SlotBits)) {
            *index = ((word_t)slot - base) >> seL4_SlotBits;
            return n;
        }
    }
    return NULL;
}

/*
 * How far back a dump looks for a cap's parent. Finding it means walking
 * past every earlier sibling and their descendants, so a CSpace of N caps
 * derived from one cap would cost N^2 steps: past this many, the dump says
 * so instead (README, "Limits").
 */
#define MDB_WALK_LIMIT BIT(10)
#define MDB_TOO_FAR ((cte_t *)1)

/*
 * The slot a cap was derived from: the closest slot before it in the
 * derivation list whose run of descendants reaches it (seL4 keeps the tree
 * as a depth-first list; isMDBParentOf decides the runs). NULL if it has
 * none, MDB_TOO_FAR if none was found within MDB_WALK_LIMIT steps.
 */
static cte_t *mdb_parent(kernel_t *k, cte_t *slot)
{
    word_t steps = 0;
    cte_t *p;
    for (p = MDB_PREV(slot); p && steps < MDB_WALK_LIMIT; p = MDB_PREV(p), steps++) {
        if (!is_mdb_parent_of(k, p, slot))
            continue;
        cte_t *q = MDB_NEXT(p);
        while (q && q != slot && is_mdb_parent_of(k, p, q) && steps++ < MDB_WALK_LIMIT)
            q = MDB_NEXT(q);
        if (q == slot)
            return p;
    }
    return p ? MDB_TOO_FAR : NULL;
}

static const char *const tcb_slot_names[] = { "CTable", "VTable", "Reply", "Caller", "IPC buffer" };

/* A slot of some TCB's own CNode: that TCB, else NULL. */
static tcb_t *tcb_of_slot(kernel_t *k, cte_t *slot, word_t *index)
{
    for (tcb_t *t = k->debug_tcbs; t; t = t->debug_next) {
        if (slot >= tcb_cte(t, 0) && slot < tcb_cte(t, tcbCNodeEntries)) {
            *index = (word_t)(slot - tcb_cte(t, 0));
            return t;
        }
    }
    return NULL;
}

const char *cap_tag_name(word_t type)
{
    switch (type) {
    case cap_null_cap: return "cap_null_cap";
    case cap_frame_cap: return "cap_frame_cap";
    case cap_untyped_cap: return "cap_untyped_cap";
    case cap_page_table_cap: return "cap_page_table_cap";
    case cap_endpoint_cap: return "cap_endpoint_cap";
    case cap_page_directory_cap: return "cap_page_directory_cap";
    case cap_notification_cap: return "cap_notification_cap";
    case cap_pdpt_cap: return "cap_pdpt_cap";
    case cap_reply_cap: return "cap_reply_cap";
    case cap_pml4_cap: return "cap_pml4_cap";
    case cap_cnode_cap: return "cap_cnode_cap";
    case cap_asid_control_cap: return "cap_asid_control_cap";
    case cap_thread_cap: return "cap_thread_cap";
    case cap_asid_pool_cap: return "cap_asid_pool_cap";
    case cap_irq_control_cap: return "cap_irq_control_cap";
    case cap_irq_handler_cap: return "cap_irq_handler_cap";
    case cap_zombie_cap: return "cap_zombie_cap";
    case cap_io_port_cap: return "cap_io_port_cap";
    case cap_domain_cap: return "cap_domain_cap";
    case cap_io_port_control_cap: return "cap_io_port_control_cap";
    }
    return "unknown cap";
}

/* seL4_CapRights: R(ead), W(rite), G(rant), GR (grant reply), joined by '/'. */
static void rights_text(char *buf, size_t size, bool r, bool w, bool g, bool gr)
{
    k_snprintf(buf, size, "%s%s%s%s%s%s%s", r ? "R" : "", r && (w || g || gr) ? "/" : "", w ? "W" : "",
               w && (g || gr) ? "/" : "", g ? "G" : "", g && gr ? "/" : "", gr ? "GR" : "");
    if (!buf[0])
        k_snprintf(buf, size, "none");
}

static const char *frame_size_name(word_t size)
{
    return size == X86_SmallPage ? "4K" : size == X86_LargePage ? "2M" : "1G";
}

/* The type-specific part of a cap's line. */
static void cap_details(kernel_t *k, cap_t cap, char *buf, size_t size)
{
    char r[16];
    switch (cap_type(cap)) {
    case cap_untyped_cap:
        k_snprintf(buf, size, "2^%lu bytes, free index %p%s", (word_t)cap.untyped.size_bits,
                   (void *)cap.untyped.free_index, cap.untyped.is_device ? ", device" : "");
        break;
    case cap_endpoint_cap:
        rights_text(r, sizeof(r), cap.endpoint.can_receive, cap.endpoint.can_send, cap.endpoint.can_grant,
                    cap.endpoint.can_grant_reply);
        k_snprintf(buf, size, "rights %s, badge %p", r, (void *)cap.endpoint.badge);
        break;
    case cap_notification_cap:
        rights_text(r, sizeof(r), cap.notification.can_receive, cap.notification.can_send, false, false);
        k_snprintf(buf, size, "rights %s, badge %p", r, (void *)cap.notification.badge);
        break;
    case cap_reply_cap:
        k_snprintf(buf, size, "%s, rights %s, thread \"%s\"", cap.reply.master ? "master" : "one-shot",
                   cap.reply.can_grant ? "G" : "none", thread_name(REPLY_TCB(k, cap)));
        break;
    case cap_cnode_cap:
        k_snprintf(buf, size, "radix %lu, guard %p of %lu bits", (word_t)cap.cnode.radix, (void *)(word_t)cap.cnode.guard,
                   (word_t)cap.cnode.guard_size);
        break;
    case cap_thread_cap:
        k_snprintf(buf, size, "thread \"%s\"", thread_name(THREAD_TCB(k, cap)));
        break;
    case cap_frame_cap:
        k_snprintf(buf, size, "%s, rights %s%s", frame_size_name(cap.frame.size),
                   cap.frame.vm_rights == VMReadWrite ? "R/W" : cap.frame.vm_rights == VMReadOnly ? "R" : "none",
                   cap.frame.is_device ? ", device" : "");
        if (cap.frame.mapped)
            k_snprintf(buf + k_strnlen(buf, size), size - k_strnlen(buf, size), ", mapped at %p in ASID %lu",
                       (void *)(word_t)cap.frame.mapped_addr, (word_t)cap.frame.mapped_asid);
        break;
    case cap_pml4_cap:
        if (cap.paging.mapped)
            k_snprintf(buf, size, "ASID %lu", (word_t)cap.paging.mapped_asid);
        else
            k_snprintf(buf, size, "no ASID");
        break;
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
        if (cap.paging.mapped)
            k_snprintf(buf, size, "mapped at %p in ASID %lu", (void *)(word_t)cap.paging.mapped_addr,
                       (word_t)cap.paging.mapped_asid);
        else
            k_snprintf(buf, size, "not mapped");
        break;
    case cap_asid_pool_cap:
        k_snprintf(buf, size, "ASIDs from %lu", (word_t)cap.asid_pool.asid_base);
        break;
    case cap_irq_handler_cap:
        k_snprintf(buf, size, "IRQ %lu", (word_t)cap.irq_handler.irq);
        break;
    case cap_io_port_cap:
        k_snprintf(buf, size, "ports %p-%p", (void *)(word_t)cap.io_port.first_port,
                   (void *)(word_t)cap.io_port.last_port);
        break;
    case cap_zombie_cap:
        k_snprintf(buf, size, "%s, %lu slots left", cap.zombie.ztype == ZombieType_ZombieTCB ? "TCB" : "CNode",
                   (word_t)cap.zombie.number);
        break;
    default:
        buf[0] = '\0';
    }
}

/* A thread whose CSpace root CNode holds slot (the slot's index in it), else NULL. */
static tcb_t *root_cnode_of_slot(kernel_t *k, cte_t *slot, word_t *index)
{
    for (tcb_t *t = k->debug_tcbs; t; t = t->debug_next) {
        cap_t root = tcb_cte(t, tcbCTable)->cap;
        if (cap_type(root) != cap_cnode_cap)
            continue;
        cte_t *slots = CNODE_SLOTS(k, root);
        if (slot >= slots && slot < slots + BIT(root.cnode.radix)) {
            *index = (word_t)(slot - slots);
            return t;
        }
    }
    return NULL;
}

/* Where a parent slot is: a CPtr of this CSpace, a TCB's own slot, else the slot and its cap. */
static void parent_text(kernel_t *k, cte_t *parent, char *buf, size_t size)
{
    word_t index, depth;
    const struct kernel_dump_cnode *n;
    tcb_t *t;

    if (!parent) {
        k_snprintf(buf, size, "no parent");
    } else if (parent == MDB_TOO_FAR) {
        k_snprintf(buf, size, "parent over %lu derivation steps back", (word_t)MDB_WALK_LIMIT);
    } else if ((n = cspace_node_of(k, parent, &index))) {
        word_t cptr = slot_cptr(n, index, &depth);
        if (depth == wordBits)
            k_snprintf(buf, size, "parent %p", (void *)cptr);
        else
            k_snprintf(buf, size, "parent %p (depth %lu)", (void *)cptr, depth);
    } else if ((t = root_cnode_of_slot(k, parent, &index))) {
        cap_t root = tcb_cte(t, tcbCTable)->cap;
        struct kernel_dump_cnode r = { .radix = root.cnode.radix, .guard_bits = root.cnode.guard_size,
                                       .guard = root.cnode.guard };
        word_t cptr = slot_cptr(&r, index, &depth);
        if (depth == wordBits)
            k_snprintf(buf, size, "parent %p in the CSpace of \"%s\"", (void *)cptr, thread_name(t));
        else
            k_snprintf(buf, size, "parent %p (depth %lu) in the CSpace of \"%s\"", (void *)cptr, depth, thread_name(t));
    } else if ((t = tcb_of_slot(k, parent, &index))) {
        k_snprintf(buf, size, "parent %s slot of thread \"%s\"", tcb_slot_names[index], thread_name(t));
    } else {
        k_snprintf(buf, size, "parent slot %p (%s %p)", (void *)parent, cap_tag_name(cap_type(parent->cap)),
                   (void *)cap_object_paddr(k, parent->cap));
    }
}

static void dump_slot(kernel_t *k, cte_t *slot, word_t cptr, word_t depth)
{
    char details[96], parent[96];
    cap_t cap = slot->cap;
    cap_details(k, cap, details, sizeof(details));
    parent_text(k, mdb_parent(k, slot), parent, sizeof(parent));
    kprintf(k, "  %-18p %-5lu %-26s %-14p %s%s%s\n", (void *)cptr, depth, cap_tag_name(cap_type(cap)),
            (void *)cap_object_paddr(k, cap), details, details[0] ? "; " : "", parent);
}

/* Two threads whose CSpace roots are the same CNode, seen the same way. */
static bool same_cspace(tcb_t *a, tcb_t *b)
{
    cap_t x = tcb_cte(a, tcbCTable)->cap, y = tcb_cte(b, tcbCTable)->cap;
    return cap_type(x) == cap_cnode_cap && cap_type(y) == cap_cnode_cap && x.cnode.ptr == y.cnode.ptr &&
           x.cnode.radix == y.cnode.radix && x.cnode.guard == y.cnode.guard &&
           x.cnode.guard_size == y.cnode.guard_size;
}

/* Every capability of t's CSpace: CPtr and depth, seL4 cap type, object, rights and badge, parent. */
void kernel_dump_cspace(kernel_t *k, tcb_t *t)
{
    cap_t root = tcb_cte(t, tcbCTable)->cap;
    if (cap_type(root) != cap_cnode_cap) {
        kprintf(k, "CSpace of \"%s\": no CNode as its root (%s)\n", thread_name(t), cap_tag_name(cap_type(root)));
        return;
    }
    cspace_walk(k, root);
    kprintf(k, "CSpace of \"%s\"", thread_name(t));
    for (tcb_t *u = k->debug_tcbs; u; u = u->debug_next)
        if (u != t && same_cspace(t, u))
            kprintf(k, ", \"%s\"", thread_name(u));
    kprintf(k, ": root CNode %p, radix %lu, guard %p of %lu bits\n", (void *)(word_t)root.cnode.ptr,
            (word_t)root.cnode.radix, (void *)(word_t)root.cnode.guard, (word_t)root.cnode.guard_size);
    kprintf(k, "  %-18s %-5s %-26s %-14s %s\n", "CPtr", "depth", "cap", "object", "details; derived from");
    for (word_t i = 0; i < k->dump_cnode_count; i++) {
        struct kernel_dump_cnode n = k->dump_cnodes[i];
        cte_t *slots = PTR(cte_t, n.slots);
        for (word_t s = 0; s < BIT(n.radix); s++) {
            word_t depth, cptr = slot_cptr(&n, s, &depth);
            if (cap_type(slots[s].cap) != cap_null_cap)
                dump_slot(k, &slots[s], cptr, depth);
        }
    }
    if (k->dump_cnodes_truncated)
        kprintf(k, "  (more CNodes than %lu: the rest are not shown)\n", (word_t)ARRAY_SIZE(k->dump_cnodes));
}

/* The host's whole-system dump: the scheduler dump, then each CSpace once (its header names its threads). */
void kernel_debug_dump(struct kernel *k)
{
    kernel_dump_scheduler(k);
    for (tcb_t *t = k->debug_tcbs; t; t = t->debug_next) {
        bool before = false;
        for (tcb_t *u = k->debug_tcbs; u != t && !before; u = u->debug_next)
            before = same_cspace(u, t);
        if (t != k->idle_thread && !before)
            kernel_dump_cspace(k, t);
    }
}
