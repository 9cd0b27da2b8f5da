/*
 * The kernel's invariants, checked from outside a kernel entry (the fuzzer
 * after every step, the unit tests after every test). A read-only walk over
 * every slot reachable from the kernel's roots (the IRQ node, the CNodes of
 * the live TCBs), through the CNodes, TCBs and Zombies their caps name and
 * through the derivation links; then over the objects those caps name and
 * the kernel's own references (queues, bindings, the ASID table, page
 * tables). The checks follow the invariants of seL4's proofs as far as this
 * kernel's structures carry them: valid caps and objects (valid_objs), a
 * well formed derivation tree (valid_mdb, reply_mdb), untyped memory that
 * can never be handed out twice (untyped_inv), scheduler and IPC queues
 * that hold exactly the threads in the matching states (valid_queues,
 * valid_ep, valid_ntfn), reply caps only to threads waiting for a reply
 * (valid_reply_caps), IRQ and I/O port state that matches the caps, and
 * page tables whose entries all have caps (valid_vspace_objs). An object
 * the kernel refers to must have a cap, unless no untyped the walk found
 * could ever hand its memory out again (check_unnamed).
 * Nothing here is on a syscall path: it costs nothing unless called.
 */
#include <core.h>

/*
 * A slot array: a CNode, the CNode of a TCB, the IRQ node, or one slot that
 * only derivation links lead to (its CNode holds no cap anyone can reach).
 */
enum array_kind { ARRAY_IRQ_NODE, ARRAY_TCB, ARRAY_CNODE, ARRAY_LOOSE };

struct inv_array {
    cte_t *slots;
    word_t n;
    word_t kind;
};

/* One physical cap: the object's memory [base, end) and where the cap is. */
struct inv_obj {
    word_t base, end;
    cte_t *slot;
    word_t type;
};

/* What the walk counted per live TCB. */
struct inv_tcb {
    uint32_t thread_caps, reply_caps, in_ready, in_ipc;
};

/* An open-addressing map from pointers (never 0) to indices. */
struct pmap {
    word_t *keys;
    uint32_t *vals;
    word_t cap, n;
};

struct inv {
    kernel_t *k;
    uint8_t *mem;
    size_t size, used;
    bool out_of_scratch;
    char *why;
    size_t why_size;

    tcb_t **tcbs;
    struct inv_tcb *tinfo;
    word_t ntcbs;
    struct pmap tcb_map;

    struct inv_array *arrays;
    word_t narrays, arrays_cap, nsorted; /* arrays[0, nsorted) are sorted by address */
    struct pmap array_map;
    cte_t **caps;                        /* every non-empty slot of the arrays */
    word_t ncaps, caps_cap;
    cte_t **loose;                       /* slots found through derivation links only */
    word_t nloose, loose_cap, loose_done;
    struct pmap loose_map;

    struct inv_obj *objs;
    word_t nobjs;
    struct pmap ipc_seen;

    word_t io_port_caps;
    uint32_t irq_handlers[maxIRQ + 1];
    /*
     * Whether the walk met an IRQControl / IOPortControl cap. Every handler
     * and I/O port cap sits on the derivation list of such a cap, which the
     * walk follows whole: only when none was met can such caps all lie in
     * CNodes no one reaches any more (seL4 lets a CSpace strand itself).
     */
    bool irq_control_seen, io_port_control_seen;
};

/* ------------------------------------------------------------------------ */
/* Scratch memory, failures                                                  */

/* Scratch memory, not cleared. */
static void *scratch_raw(struct inv *v, size_t bytes)
{
    size_t at = (v->used + 15) & ~(size_t)15;
    if (at > v->size || bytes > v->size - at) {
        v->out_of_scratch = true;
        return NULL;
    }
    v->used = at + bytes;
    return v->mem + at;
}

static void *scratch(struct inv *v, size_t bytes)
{
    void *p = scratch_raw(v, bytes);
    if (p)
        k_memset(p, 0, bytes);
    return p;
}

static bool fail(struct inv *v, const char *fmt, ...) PRINTF_FMT(2, 3);
static bool fail(struct inv *v, const char *fmt, ...)
{
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    if (v->why && v->why_size)
        k_vsnprintf(v->why, v->why_size, fmt, ap);
    __builtin_va_end(ap);
    return false;
}

#define REQUIRE(cond, ...)                                                                           \
    do {                                                                                             \
        if (!(cond))                                                                                 \
            return fail(v, __VA_ARGS__);                                                             \
    } while (0)

/* ------------------------------------------------------------------------ */
/* Pointer maps                                                              */

static word_t pmap_hash(word_t key, word_t cap)
{
    return ((key >> 4) * 0x9e3779b97f4a7c15ul >> 17) & (cap - 1);
}

static bool pmap_init(struct inv *v, struct pmap *m, word_t cap)
{
    word_t *keys = scratch(v, cap * sizeof(word_t));
    uint32_t *vals = scratch_raw(v, cap * sizeof(uint32_t));
    if (!keys || !vals)
        return false;
    *m = (struct pmap){ keys, vals, cap, 0 };
    return true;
}

static uint32_t *pmap_find(struct pmap *m, const void *p)
{
    word_t key = REF(p);
    for (word_t i = pmap_hash(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key)
            return &m->vals[i];
        if (!m->keys[i])
            return NULL;
    }
}

/* Adds p with value val; 1 if p was there already, -1 out of scratch. */
static int pmap_add(struct inv *v, struct pmap *m, const void *p, uint32_t val)
{
    if (pmap_find(m, p))
        return 1;
    if (2 * (m->n + 1) > m->cap) {
        struct pmap old = *m;
        if (!pmap_init(v, m, old.cap * 2))
            return -1;
        for (word_t i = 0; i < old.cap; i++) {
            if (old.keys[i])
                pmap_add(v, m, PTR(void, old.keys[i]), old.vals[i]);
        }
    }
    word_t key = REF(p), i = pmap_hash(key, m->cap);
    while (m->keys[i])
        i = (i + 1) & (m->cap - 1);
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Where things are                                                          */

/* [p, p + bytes) lies in RAM (through the kernel window). */
static bool in_ram(kernel_t *k, const void *p, word_t bytes)
{
    word_t off = (word_t)((const uint8_t *)p - k->ram);
    return (const uint8_t *)p >= k->ram && bytes <= k->ram_size && off <= k->ram_size - bytes;
}

static bool tcb_ptr_ok(kernel_t *k, tcb_t *t)
{
    if (t == k->idle_thread)
        return true;
    uint8_t *obj = (uint8_t *)t - TCB_OFFSET;
    return in_ram(k, obj, BIT(seL4_TCBBits)) && IS_ALIGNED(paddr_from_ptr(k, obj), seL4_TCBBits);
}

static word_t tcb_paddr(kernel_t *k, tcb_t *t)
{
    return paddr_from_ptr(k, (uint8_t *)t - TCB_OFFSET);
}

static struct inv_tcb *tcb_info(struct inv *v, tcb_t *t)
{
    uint32_t *i = pmap_find(&v->tcb_map, t);
    return i ? &v->tinfo[*i] : NULL;
}

static bool tcb_live(struct inv *v, tcb_t *t)
{
    return t && t != v->k->idle_thread && pmap_find(&v->tcb_map, t);
}

/* The slot array holding slot, by binary search over the sorted arrays. */
static struct inv_array *array_of(struct inv *v, const cte_t *slot)
{
    word_t lo = 0, hi = v->nsorted;
    while (lo < hi) {
        word_t mid = (lo + hi) / 2;
        struct inv_array *a = &v->arrays[mid];
        if (slot < a->slots)
            hi = mid;
        else if (slot >= a->slots + a->n)
            lo = mid + 1;
        else
            return ((word_t)((const uint8_t *)slot - (const uint8_t *)a->slots) % sizeof(cte_t)) ? NULL : a;
    }
    return NULL;
}

/* A slot's name in messages: the CNode's (or TCB's) physical address and the index. */
static const char *slot_name(struct inv *v, const cte_t *slot, char *buf, size_t size)
{
    struct inv_array *a = array_of(v, slot);
    if (!a) {
        k_snprintf(buf, size, "slot %p", (const void *)slot);
    } else {
        word_t i = (word_t)(slot - a->slots);
        if (a->kind == ARRAY_IRQ_NODE)
            k_snprintf(buf, size, "irq_node[%lu]", i);
        else if (a->kind == ARRAY_LOOSE)
            k_snprintf(buf, size, "slot 0x%lx (of no CNode found)", paddr_from_ptr(v->k, slot));
        else
            k_snprintf(buf, size, "%s 0x%lx slot %lu", a->kind == ARRAY_TCB ? "TCB" : "CNode",
                       paddr_from_ptr(v->k, a->slots), i);
    }
    return buf;
}

#define SLOT(s) slot_name(v, (s), name_buf, sizeof(name_buf))

/* ------------------------------------------------------------------------ */
/* Sorting (heap sort: no libc here)                                         */

static bool obj_less(const struct inv_obj *a, const struct inv_obj *b)
{
    if (a->base != b->base)
        return a->base < b->base;
    if (a->end != b->end)
        return a->end > b->end; /* containers first */
    bool au = a->type == cap_untyped_cap, bu = b->type == cap_untyped_cap;
    if (au != bu)
        return au;
    return a->slot < b->slot;
}

static void sift_objs(struct inv_obj *o, word_t root, word_t n)
{
    for (;;) {
        word_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && obj_less(&o[child], &o[child + 1]))
            child++;
        if (!obj_less(&o[root], &o[child]))
            return;
        struct inv_obj t = o[root];
        o[root] = o[child];
        o[child] = t;
        root = child;
    }
}

static void sort_objs(struct inv_obj *o, word_t n)
{
    for (word_t i = n / 2; i-- > 0;)
        sift_objs(o, i, n);
    for (word_t end = n; end-- > 1;) {
        struct inv_obj t = o[0];
        o[0] = o[end];
        o[end] = t;
        sift_objs(o, 0, end);
    }
}

static void sift_arrays(struct inv_array *a, word_t root, word_t n)
{
    for (;;) {
        word_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && a[child].slots < a[child + 1].slots)
            child++;
        if (a[root].slots >= a[child].slots)
            return;
        struct inv_array t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

static void sort_arrays(struct inv_array *a, word_t n)
{
    for (word_t i = n / 2; i-- > 0;)
        sift_arrays(a, i, n);
    for (word_t end = n; end-- > 1;) {
        struct inv_array t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_arrays(a, 0, end);
    }
}

/* The first object whose base is >= paddr. */
static word_t first_obj_at(struct inv *v, word_t paddr)
{
    word_t lo = 0, hi = v->nobjs;
    while (lo < hi) {
        word_t mid = (lo + hi) / 2;
        if (v->objs[mid].base < paddr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A cap of this type to the object at paddr, or NULL. */
static struct inv_obj *find_obj(struct inv *v, word_t paddr, word_t type)
{
    for (word_t i = first_obj_at(v, paddr); i < v->nobjs && v->objs[i].base == paddr; i++) {
        if (v->objs[i].type == type)
            return &v->objs[i];
    }
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Live TCBs: the debug list                                                 */

static bool collect_tcbs(struct inv *v)
{
    kernel_t *k = v->k;
    word_t max = k->ram_size / BIT(seL4_TCBBits) + 1, n = 0;
    bool idle_seen = false;

    if (!pmap_init(v, &v->tcb_map, 64))
        return false;
    for (tcb_t *t = k->debug_tcbs, *prev = NULL; t; prev = t, t = t->debug_next) {
        REQUIRE(tcb_ptr_ok(k, t), "debug_tcbs holds %p, which is not a TCB in RAM", (void *)t);
        REQUIRE(t->debug_prev == prev, "debug_tcbs: TCB %p's debug_prev is %p, not %p", (void *)t,
                (void *)t->debug_prev, (void *)prev);
        REQUIRE(n < max, "debug_tcbs is longer than RAM can hold TCBs");
        int r = pmap_add(v, &v->tcb_map, t, (uint32_t)n);
        if (r < 0)
            return false;
        REQUIRE(r == 0, "debug_tcbs holds TCB %p twice (a cycle)", (void *)t);
        idle_seen |= t == k->idle_thread;
        n++;
    }
    REQUIRE(idle_seen, "the idle thread is not in debug_tcbs");
    v->ntcbs = n;
    v->tcbs = scratch_raw(v, n * sizeof(tcb_t *));
    v->tinfo = scratch(v, n * sizeof(struct inv_tcb));
    if (!v->tcbs || !v->tinfo)
        return false;
    n = 0;
    for (tcb_t *t = k->debug_tcbs; t; t = t->debug_next)
        v->tcbs[n++] = t;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Slot arrays reachable from the roots                                      */

static bool add_array(struct inv *v, cte_t *slots, word_t n, word_t kind, const cte_t *from)
{
    char name_buf[64];
    uint32_t *known = pmap_find(&v->array_map, slots);
    if (known) {
        struct inv_array *a = &v->arrays[*known];
        REQUIRE(a->n == n, "%s names slots at %p as %lu slots, another cap as %lu", SLOT(from), (void *)slots, n,
                a->n);
        return true;
    }
    if (v->narrays == v->arrays_cap) {
        word_t cap = v->arrays_cap ? 2 * v->arrays_cap : 64;
        struct inv_array *grown = scratch_raw(v, cap * sizeof(*grown));
        if (!grown)
            return false;
        if (v->narrays)
            k_memcpy(grown, v->arrays, v->narrays * sizeof(*grown));
        v->arrays = grown;
        v->arrays_cap = cap;
    }
    if (pmap_add(v, &v->array_map, slots, (uint32_t)v->narrays) < 0)
        return false;
    v->arrays[v->narrays++] = (struct inv_array){ slots, n, kind };
    return true;
}

/* Checks that a cap's object lies where the kernel can reach it, before anything follows it. */
static bool object_placement(struct inv *v, const cte_t *slot, cap_t cap)
{
    kernel_t *k = v->k;
    char name_buf[64];
    word_t type = cap_type(cap), base = cap_object_paddr(k, cap), bits = cap_object_size_bits(cap);
    bool device = (type == cap_untyped_cap && cap.untyped.is_device) ||
                  (type == cap_frame_cap && cap.frame.is_device);

    REQUIRE(IS_ALIGNED(base, bits), "%s: %s cap to 0x%lx, not aligned to its size 2^%lu", SLOT(slot),
            cap_type_name(type), base, bits);
    REQUIRE(base < BIT(seL4_MaxUntypedBits) && BIT(bits) <= BIT(seL4_MaxUntypedBits) - base,
            "%s: %s cap to 0x%lx (2^%lu bytes) beyond physical memory", SLOT(slot), cap_type_name(type), base,
            bits);
    if (device) {
        bool overlaps_ram = base < k->ram_paddr + k->ram_size && base + BIT(bits) > k->ram_paddr;
        REQUIRE(!overlaps_ram, "%s: device %s cap to 0x%lx overlaps RAM", SLOT(slot), cap_type_name(type), base);
    } else {
        REQUIRE(paddr_in_ram(k, base, BIT(bits)), "%s: %s cap to 0x%lx (2^%lu bytes) outside RAM", SLOT(slot),
                cap_type_name(type), base, bits);
    }
    return true;
}

/* The slot arrays a cap leads to: a CNode's slots, a TCB's CNode, a Zombie's slots. */
static bool follow_cap(struct inv *v, const cte_t *slot, cap_t cap)
{
    kernel_t *k = v->k;
    char name_buf[64];

    switch (cap_type(cap)) {
    case cap_cnode_cap:
        REQUIRE(cap.cnode.radix >= 1 && cap.cnode.radix + seL4_SlotBits <= seL4_MaxUntypedBits,
                "%s: CNode cap with radix %lu", SLOT(slot), (word_t)cap.cnode.radix);
        if (!object_placement(v, slot, cap))
            return false;
        return add_array(v, CNODE_SLOTS(k, cap), BIT(cap.cnode.radix), ARRAY_CNODE, slot);
    case cap_thread_cap: {
        if (!object_placement(v, slot, cap))
            return false;
        tcb_t *t = THREAD_TCB(k, cap);
        REQUIRE(tcb_live(v, t), "%s: TCB cap to 0x%lx, a TCB not in debug_tcbs (destroyed?)", SLOT(slot),
                (word_t)cap.thread.tcb);
        return add_array(v, tcb_cte(t, 0), tcbCNodeEntries, ARRAY_TCB, slot);
    }
    case cap_zombie_cap: {
        word_t ztype = cap.zombie.ztype;
        REQUIRE(ztype == ZombieType_ZombieTCB || (ztype >= 1 && ztype + seL4_SlotBits <= seL4_MaxUntypedBits),
                "%s: Zombie of type %lu", SLOT(slot), ztype);
        word_t n = ztype == ZombieType_ZombieTCB ? tcbCNodeEntries : BIT(ztype);
        REQUIRE(cap.zombie.number <= n, "%s: Zombie with %lu slots to go of %lu", SLOT(slot),
                (word_t)cap.zombie.number, n);
        REQUIRE(in_ram(k, PTR(void, cap.zombie.ptr), BIT(cap_object_size_bits(cap))),
                "%s: Zombie's slots %p are not in RAM", SLOT(slot), PTR(void, cap.zombie.ptr));
        if (!object_placement(v, slot, cap))
            return false;
        if (ztype == ZombieType_ZombieTCB) {
            tcb_t *t = (tcb_t *)((uint8_t *)PTR(void, cap.zombie.ptr) + TCB_OFFSET);
            REQUIRE(!tcb_live(v, t), "%s: Zombie of TCB %p, which is still in debug_tcbs", SLOT(slot), (void *)t);
        }
        return add_array(v, PTR(cte_t, cap.zombie.ptr), n,
                         ztype == ZombieType_ZombieTCB ? ARRAY_TCB : ARRAY_CNODE, slot);
    }
    default:
        return true;
    }
}

/* Sorts the arrays by address, so that array_of finds slots in all of them. */
static bool sort_all_arrays(struct inv *v)
{
    sort_arrays(v->arrays, v->narrays);
    v->nsorted = v->narrays;
    if (!pmap_init(v, &v->array_map, v->array_map.cap))
        return false;
    for (word_t i = 0; i < v->narrays; i++) {
        if (pmap_add(v, &v->array_map, v->arrays[i].slots, (uint32_t)i) < 0)
            return false;
    }
    return true;
}

/* Appends slot to a growing vector of slots. */
static bool push_slot(struct inv *v, cte_t ***vec, word_t *n, word_t *cap, cte_t *slot)
{
    if (*n == *cap) {
        word_t grown_cap = *cap ? 2 * *cap : 256;
        cte_t **grown = scratch_raw(v, grown_cap * sizeof(*grown));
        if (!grown)
            return false;
        if (*n)
            k_memcpy(grown, *vec, *n * sizeof(*grown));
        *vec = grown;
        *cap = grown_cap;
    }
    (*vec)[(*n)++] = slot;
    return true;
}

/* A slot some derivation link leads to that lies in no array found yet. */
static bool add_loose(struct inv *v, cte_t *slot, const cte_t *from)
{
    char name_buf[64];
    if (!slot || array_of(v, slot))
        return true;
    REQUIRE(in_ram(v->k, slot, sizeof(*slot)) && IS_ALIGNED(paddr_from_ptr(v->k, slot), seL4_SlotBits),
            "%s: derivation link to %p, which is no slot in RAM", SLOT(from), (void *)slot);
    int r = pmap_add(v, &v->loose_map, slot, 0);
    if (r != 0)
        return r > 0;
    return push_slot(v, &v->loose, &v->nloose, &v->loose_cap, slot);
}

/* Scans one array once: empty slots have no derivation links; the others are kept and followed. */
static bool scan_array(struct inv *v, struct inv_array *a)
{
    char name_buf[64];
    for (word_t i = 0; i < a->n; i++) {
        cte_t *slot = &a->slots[i];
        if (cap_type(slot->cap) == cap_null_cap) {
            REQUIRE(!slot->mdb.prev && !slot->mdb.next, "%s: empty slot with derivation links (prev %p, next %p)",
                    SLOT(slot), (void *)MDB_PREV(slot), (void *)MDB_NEXT(slot));
            continue;
        }
        if (!push_slot(v, &v->caps, &v->ncaps, &v->caps_cap, slot) || !follow_cap(v, slot, slot->cap))
            return false;
    }
    return true;
}

/*
 * The slot arrays: from the roots (the IRQ node, the CNodes of the live
 * TCBs) through the caps they hold, breadth first; then through the
 * derivation links, which reach CNodes no other CNode holds a cap to (one
 * holding the only cap to itself is reclaimed only with its untyped, as in
 * seL4); until nothing new turns up.
 */
static bool collect_arrays(struct inv *v)
{
    kernel_t *k = v->k;
    if (!pmap_init(v, &v->array_map, 256) || !pmap_init(v, &v->loose_map, 64))
        return false;
    if (!add_array(v, k->irq_node, maxIRQ + 1, ARRAY_IRQ_NODE, NULL))
        return false;
    for (word_t i = 0; i < v->ntcbs; i++) {
        tcb_t *t = v->tcbs[i];
        if (t != k->idle_thread && !add_array(v, tcb_cte(t, 0), tcbCNodeEntries, ARRAY_TCB, NULL))
            return false;
    }
    for (word_t scanned = 0; scanned < v->narrays;) {
        /* Arrays are appended while scanning: pointers into v->arrays do not last. */
        for (; scanned < v->narrays; scanned++) {
            struct inv_array a = v->arrays[scanned];
            if (!scan_array(v, &a))
                return false;
        }
        if (!sort_all_arrays(v))
            return false;
        for (word_t c = 0; c < v->ncaps; c++) {
            cte_t *slot = v->caps[c];
            if (!add_loose(v, MDB_PREV(slot), slot) || !add_loose(v, MDB_NEXT(slot), slot))
                return false;
        }
        for (; v->loose_done < v->nloose; v->loose_done++) {
            cte_t *slot = v->loose[v->loose_done];
            if (cap_type(slot->cap) != cap_null_cap &&
                (!follow_cap(v, slot, slot->cap) || !add_loose(v, MDB_PREV(slot), slot) ||
                 !add_loose(v, MDB_NEXT(slot), slot)))
                return false;
        }
    }
    /* Slots no CNode found holds: arrays of their own (check_loose_slots says whether that can be). */
    word_t found = v->narrays;
    for (word_t l = 0; l < v->nloose; l++) {
        cte_t *slot = v->loose[l];
        if (!array_of(v, slot) && !add_array(v, slot, 1, ARRAY_LOOSE, NULL))
            return false;
    }
    for (word_t a = found; a < v->narrays; a++) {
        struct inv_array arr = v->arrays[a];
        if (!scan_array(v, &arr))
            return false;
    }
    if (!sort_all_arrays(v))
        return false;
    char name_buf[64];
    for (word_t a = 0; a + 1 < v->narrays; a++) {
        REQUIRE(v->arrays[a].slots + v->arrays[a].n <= v->arrays[a + 1].slots,
                "the slots of %s overlap those at %p", SLOT(v->arrays[a].slots), (void *)v->arrays[a + 1].slots);
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Caps and the derivation tree                                              */

/* The fields of one cap, whatever slot it is in. */
static bool check_cap(struct inv *v, const cte_t *slot, cap_t cap)
{
    kernel_t *k = v->k;
    char name_buf[64];
    word_t type = cap_type(cap);

    switch (type) {
    case cap_untyped_cap:
        REQUIRE(cap.untyped.size_bits >= seL4_MinUntypedBits && cap.untyped.size_bits <= seL4_MaxUntypedBits,
                "%s: untyped of 2^%lu bytes", SLOT(slot), (word_t)cap.untyped.size_bits);
        REQUIRE(cap.untyped.free_index <= BIT(cap.untyped.size_bits),
                "%s: untyped watermark 0x%lx beyond its 2^%lu bytes", SLOT(slot), cap.untyped.free_index,
                (word_t)cap.untyped.size_bits);
        /* seL4 keeps the watermark in units of 2^seL4_MinUntypedBits bytes. */
        REQUIRE(IS_ALIGNED(cap.untyped.free_index, seL4_MinUntypedBits),
                "%s: untyped watermark 0x%lx not a multiple of 2^%d", SLOT(slot), cap.untyped.free_index,
                seL4_MinUntypedBits);
        return object_placement(v, slot, cap);
    case cap_endpoint_cap:
    case cap_notification_cap:
    case cap_asid_pool_cap:
        if (type == cap_asid_pool_cap) {
            REQUIRE(IS_ALIGNED(cap.asid_pool.asid_base, asidLowBits) &&
                        (cap.asid_pool.asid_base >> asidLowBits) < N_ASID_POOLS,
                    "%s: ASID pool with base %lu", SLOT(slot), (word_t)cap.asid_pool.asid_base);
        }
        return object_placement(v, slot, cap);
    case cap_frame_cap:
        REQUIRE(cap.frame.size <= X64_HugePage, "%s: frame of size %lu", SLOT(slot), (word_t)cap.frame.size);
        REQUIRE(cap.frame.vm_rights >= VMKernelOnly, "%s: frame with rights %lu", SLOT(slot),
                (word_t)cap.frame.vm_rights);
        REQUIRE(cap.frame.mapped == (cap.frame.mapped_asid != asidInvalid),
                "%s: frame cap mapped=%lu with ASID %lu", SLOT(slot), (word_t)cap.frame.mapped,
                (word_t)cap.frame.mapped_asid);
        if (cap.frame.mapped) {
            word_t bits = frame_size_bits(cap.frame.size);
            REQUIRE(IS_ALIGNED(cap.frame.mapped_addr, bits) && cap.frame.mapped_addr + BIT(bits) <= USER_TOP,
                    "%s: frame cap mapped at 0x%lx", SLOT(slot), (word_t)cap.frame.mapped_addr);
        }
        return object_placement(v, slot, cap);
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
        if (cap.paging.mapped) {
            int level = type == cap_page_table_cap ? X86_PD_LEVEL : type == cap_page_directory_cap ? X86_PDPT_LEVEL
                        : X86_PML4_LEVEL;
            word_t bits = type == cap_pml4_cap ? 0 : X86_LEVEL_BITS(level);
            REQUIRE(cap.paging.mapped_asid != asidInvalid, "%s: %s cap mapped without an ASID", SLOT(slot),
                    cap_type_name(type));
            REQUIRE(IS_ALIGNED(cap.paging.mapped_addr, bits) && cap.paging.mapped_addr <= USER_TOP,
                    "%s: %s cap mapped at 0x%lx", SLOT(slot), cap_type_name(type), (word_t)cap.paging.mapped_addr);
        }
        return object_placement(v, slot, cap);
    case cap_cnode_cap:
        REQUIRE(cap.cnode.radix + cap.cnode.guard_size <= wordBits, "%s: CNode cap with radix %lu and guard size %lu",
                SLOT(slot), (word_t)cap.cnode.radix, (word_t)cap.cnode.guard_size);
        REQUIRE(cap.cnode.guard_size >= wordBits || !((word_t)cap.cnode.guard >> cap.cnode.guard_size),
                "%s: CNode guard 0x%lx wider than %lu bits", SLOT(slot), (word_t)cap.cnode.guard,
                (word_t)cap.cnode.guard_size);
        return true; /* placement: follow_cap */
    case cap_thread_cap:
        tcb_info(v, THREAD_TCB(k, cap))->thread_caps++; /* the rest: follow_cap */
        return true;
    case cap_zombie_cap:
        return true; /* follow_cap */
    case cap_reply_cap: {
        /* seL4 reply_mdb: masters are roots of the tree, and a reply cap is a child of its thread's master. */
        tcb_t *t = REPLY_TCB(k, cap);
        if (cap.reply.master) {
            /*
             * A master stays in its own thread's reply slot, and a destroyed
             * TCB keeps it there until its Zombie is reduced (one left in the
             * TCB's first slot by an unexposed deletion waits for its
             * untyped's revoke, as in seL4).
             */
            REQUIRE(slot == tcb_cte(t, tcbReply), "%s: master reply cap to 0x%lx outside its thread's reply slot",
                    SLOT(slot), (word_t)cap.reply.tcb);
            REQUIRE(!MDB_PREV(slot), "%s: master reply cap with a derivation parent", SLOT(slot));
        } else {
            REQUIRE(tcb_live(v, t), "%s: reply cap to 0x%lx, a TCB not in debug_tcbs", SLOT(slot),
                    (word_t)cap.reply.tcb);
            REQUIRE(MDB_PREV(slot) == tcb_cte(t, tcbReply), "%s: reply cap to \"%s\" is no child of its master",
                    SLOT(slot), t->name);
            tcb_info(v, t)->reply_caps++;
        }
        return true;
    }
    case cap_irq_handler_cap:
        REQUIRE(cap.irq_handler.irq <= maxIRQ, "%s: IRQ handler cap for irq %lu", SLOT(slot), cap.irq_handler.irq);
        v->irq_handlers[cap.irq_handler.irq]++;
        return true;
    case cap_io_port_cap:
        REQUIRE(cap.io_port.first_port <= cap.io_port.last_port, "%s: I/O port cap for ports %lu..%lu", SLOT(slot),
                (word_t)cap.io_port.first_port, (word_t)cap.io_port.last_port);
        v->io_port_caps++;
        return true;
    case cap_irq_control_cap:
        v->irq_control_seen = true;
        return true;
    case cap_io_port_control_cap:
        v->io_port_control_seen = true;
        return true;
    case cap_asid_control_cap:
    case cap_domain_cap:
        return true;
    default:
        return fail(v, "%s: cap with unknown tag %lu", SLOT(slot), type);
    }
}

/* What each slot of a TCB's CNode and of the IRQ node may hold. */
static bool check_slot_kind(struct inv *v, const struct inv_array *a, word_t i, cap_t cap)
{
    kernel_t *k = v->k;
    char name_buf[64];
    const cte_t *slot = &a->slots[i];
    word_t type = cap_type(cap);

    if (type == cap_reply_cap && cap.reply.master) {
        REQUIRE(a->kind == ARRAY_TCB && i == tcbReply, "%s: master reply cap outside a TCB's reply slot",
                SLOT(slot));
        REQUIRE(cap.reply.tcb == paddr_from_ptr(k, a->slots), "%s: master reply cap of TCB 0x%lx in another TCB",
                SLOT(slot), (word_t)cap.reply.tcb);
    }
    if (a->kind == ARRAY_IRQ_NODE) {
        REQUIRE(type == cap_null_cap || type == cap_notification_cap, "%s: %s cap in the IRQ node", SLOT(slot),
                cap_type_name(type));
        return true;
    }
    if (a->kind != ARRAY_TCB || type == cap_null_cap)
        return true;
    switch (i) {
    case tcbCTable:
        REQUIRE(type == cap_cnode_cap || type == cap_zombie_cap, "%s: %s cap as CSpace root", SLOT(slot),
                cap_type_name(type));
        break;
    case tcbVTable:
        REQUIRE(type == cap_pml4_cap || type == cap_zombie_cap, "%s: %s cap as VSpace root", SLOT(slot),
                cap_type_name(type));
        break;
    case tcbReply:
        REQUIRE(type == cap_reply_cap && cap.reply.master, "%s: %s cap in the reply slot", SLOT(slot),
                cap_type_name(type));
        break;
    case tcbCaller:
        REQUIRE(type == cap_reply_cap && !cap.reply.master, "%s: %s cap in the caller slot", SLOT(slot),
                cap_type_name(type));
        break;
    case tcbBuffer:
        REQUIRE(type == cap_frame_cap, "%s: %s cap as IPC buffer", SLOT(slot), cap_type_name(type));
        break;
    }
    return true;
}

/* MDB links of one slot; counts non-null slots. */
static bool check_links(struct inv *v, const cte_t *slot)
{
    char name_buf[64], other_buf[64];
    cte_t *prev = MDB_PREV(slot), *next = MDB_NEXT(slot);

    if (prev) {
        REQUIRE(array_of(v, prev), "%s: derivation prev %p is no live slot", SLOT(slot), (void *)prev);
        REQUIRE(MDB_NEXT(prev) == slot, "%s: its prev %s has next %p", SLOT(slot),
                slot_name(v, prev, other_buf, sizeof(other_buf)), (void *)MDB_NEXT(prev));
    }
    if (next) {
        REQUIRE(array_of(v, next), "%s: derivation next %p is no live slot", SLOT(slot), (void *)next);
        REQUIRE(MDB_PREV(next) == slot, "%s: its next %s has prev %p", SLOT(slot),
                slot_name(v, next, other_buf, sizeof(other_buf)), (void *)MDB_PREV(next));
        REQUIRE(cap_type(next->cap) != cap_null_cap, "%s: its next is an empty slot", SLOT(slot));
    }
    return true;
}

/* Every list of the derivation tree ends, and together they hold every cap once. */
static bool check_mdb_acyclic(struct inv *v)
{
    word_t seen = 0;
    for (word_t c = 0; c < v->ncaps; c++) {
        if (MDB_PREV(v->caps[c]))
            continue;
        for (cte_t *slot = v->caps[c]; slot; slot = MDB_NEXT(slot)) {
            REQUIRE(++seen <= v->ncaps, "the derivation tree has a cycle");
        }
    }
    REQUIRE(seen == v->ncaps, "%lu caps are on derivation lists without a first element (a cycle)",
            v->ncaps - seen);
    return true;
}

static bool check_slots(struct inv *v)
{
    word_t nphys = 0;
    for (word_t c = 0; c < v->ncaps; c++) {
        cte_t *slot = v->caps[c];
        struct inv_array *a = array_of(v, slot);
        if (!check_links(v, slot) || !check_cap(v, slot, slot->cap) ||
            !check_slot_kind(v, a, (word_t)(slot - a->slots), slot->cap))
            return false;
        nphys += cap_is_physical(slot->cap);
    }
    if (!check_mdb_acyclic(v))
        return false;

    v->objs = scratch_raw(v, (nphys ? nphys : 1) * sizeof(struct inv_obj));
    if (!v->objs)
        return false;
    for (word_t c = 0; c < v->ncaps; c++) {
        cte_t *slot = v->caps[c];
        if (!cap_is_physical(slot->cap))
            continue;
        word_t base = cap_object_paddr(v->k, slot->cap);
        v->objs[v->nobjs++] = (struct inv_obj){ base, base + BIT(cap_object_size_bits(slot->cap)), slot,
                                                cap_type(slot->cap) };
    }
    sort_objs(v->objs, v->nobjs);
    return true;
}

/* ------------------------------------------------------------------------ */
/* Objects and untyped memory                                                */

static bool same_untyped_range(const struct inv_obj *a, const struct inv_obj *b)
{
    return a->type == cap_untyped_cap && b->type == cap_untyped_cap && a->base == b->base && a->end == b->end;
}

static bool has_children(struct inv *v, cte_t *slot)
{
    cte_t *next = MDB_NEXT(slot);
    return next && is_mdb_parent_of(v->k, slot, next);
}

/*
 * Objects are nested or disjoint, and only untypeds contain others: one
 * sweep over the objects by address with a stack of the open ones.
 */
static bool check_nesting(struct inv *v)
{
    char name_buf[64], other_buf[64];
    word_t *stack = scratch_raw(v, (v->nobjs ? v->nobjs : 1) * sizeof(word_t)), depth = 0;
    if (!stack)
        return false;
    for (word_t i = 0; i < v->nobjs; i++) {
        struct inv_obj *o = &v->objs[i];
        while (depth && v->objs[stack[depth - 1]].end <= o->base)
            depth--;
        if (depth) {
            struct inv_obj *outer = &v->objs[stack[depth - 1]];
            REQUIRE(o->end <= outer->end, "%s (%s at 0x%lx) overlaps %s (%s at 0x%lx) partly", SLOT(o->slot),
                    cap_type_name(o->type), o->base, slot_name(v, outer->slot, other_buf, sizeof(other_buf)),
                    cap_type_name(outer->type), outer->base);
            if (outer->type != cap_untyped_cap) {
                REQUIRE(o->base == outer->base && o->end == outer->end && o->type == outer->type,
                        "%s (%s at 0x%lx) lies inside %s (%s at 0x%lx)", SLOT(o->slot), cap_type_name(o->type),
                        o->base, slot_name(v, outer->slot, other_buf, sizeof(other_buf)),
                        cap_type_name(outer->type), outer->base);
                if (o->type == cap_frame_cap) {
                    REQUIRE(o->slot->cap.frame.is_device == outer->slot->cap.frame.is_device,
                            "%s: frame at 0x%lx both device and RAM", SLOT(o->slot), o->base);
                }
                continue; /* the same object again */
            }
        }
        stack[depth++] = i;
    }
    return true;
}

/*
 * An object the kernel refers to (a thread in its lists, a pool in its ASID
 * table, a page table in a VSpace, a slot on a derivation list) although no
 * cap the walk found names it. Every cap to an object inside an untyped is
 * on that untyped's derivation list, which the walk follows whole; so such
 * an object may lie in no untyped the walk found (boot objects, or memory
 * of untypeds that are themselves out of reach, as when the root task
 * deletes its own TCB and so its root CNode). Otherwise it was destroyed.
 */
static bool check_unnamed(struct inv *v, word_t base, word_t bits, const char *what)
{
    char name_buf[64];
    word_t end = base + BIT(bits);
    for (word_t i = 0; i < v->nobjs && v->objs[i].base < end; i++) {
        struct inv_obj *o = &v->objs[i];
        REQUIRE(o->end <= base, "%s at 0x%lx: no cap of its type names it, but it lies in %s (%s at 0x%lx)%s", what,
                base, SLOT(o->slot), cap_type_name(o->type), o->base,
                o->type == cap_untyped_cap ? ": destroyed?" : "");
    }
    return true;
}

/* An object the kernel refers to: named by a cap of its type, or by none at all (check_unnamed). */
static bool check_referenced(struct inv *v, const void *p, word_t bits, word_t type, const char *what)
{
    REQUIRE(in_ram(v->k, p, BIT(bits)) && IS_ALIGNED(paddr_from_ptr(v->k, p), bits), "%s %p is not in RAM", what,
            p);
    word_t paddr = paddr_from_ptr(v->k, p);
    return find_obj(v, paddr, type) || check_unnamed(v, paddr, bits, what);
}

static bool check_loose_slots(struct inv *v)
{
    for (word_t a = 0; a < v->narrays; a++) {
        if (v->arrays[a].kind == ARRAY_LOOSE &&
            !check_unnamed(v, paddr_from_ptr(v->k, v->arrays[a].slots), seL4_SlotBits, "a slot on a derivation list"))
            return false;
    }
    return true;
}

/*
 * Untyped memory is never handed out twice (seL4's untyped_inv): every
 * object inside an untyped lies below its watermark, and an untyped with
 * objects inside has children, since a retype of one without children
 * starts over from its base. Copies of one untyped chain: all but one are
 * used up and have a child.
 */
static bool check_untypeds(struct inv *v)
{
    char name_buf[64], other_buf[64];
    for (word_t i = 0; i < v->nobjs; i++) {
        struct inv_obj *u = &v->objs[i];
        if (u->type != cap_untyped_cap)
            continue;
        cap_t cap = u->slot->cap;
        word_t used_end = u->base + cap.untyped.free_index;
        bool children = has_children(v, u->slot);
        if (i == 0 || !same_untyped_range(&v->objs[i - 1], u)) {
            word_t copies = 0, usable = 0;
            for (word_t j = i; j < v->nobjs && same_untyped_range(u, &v->objs[j]); j++) {
                cap_t c = v->objs[j].slot->cap;
                copies++;
                usable += c.untyped.free_index != BIT(c.untyped.size_bits) || !has_children(v, v->objs[j].slot);
            }
            REQUIRE(usable <= 1, "%s: %lu untyped caps to 0x%lx, of which %lu can retype", SLOT(u->slot), copies,
                    u->base, usable);
        }
        for (word_t j = i + 1; j < v->nobjs && v->objs[j].base < u->end; j++) {
            struct inv_obj *o = &v->objs[j];
            if (same_untyped_range(u, o))
                continue;
            REQUIRE(o->end <= used_end, "%s (%s at 0x%lx) lies above the watermark 0x%lx of untyped %s",
                    SLOT(o->slot), cap_type_name(o->type), o->base, cap.untyped.free_index,
                    slot_name(v, u->slot, other_buf, sizeof(other_buf)));
            REQUIRE(children, "%s (%s at 0x%lx) lies in untyped %s, which has no children (a retype would reset it)",
                    SLOT(o->slot), cap_type_name(o->type), o->base,
                    slot_name(v, u->slot, other_buf, sizeof(other_buf)));
        }
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Queues                                                                    */

/* A thread queue of an endpoint or notification: FIFO, doubly linked, of threads blocked on it. */
static bool check_ipc_queue(struct inv *v, const void *obj, const char *what, tcb_t *head, tcb_t *tail,
                            word_t state)
{
    word_t n = 0;
    tcb_t *prev = NULL;
    for (tcb_t *t = head; t; prev = t, t = t->ep_next) {
        REQUIRE(tcb_live(v, t), "%s 0x%lx queues %p, not a live TCB", what, paddr_from_ptr(v->k, obj), (void *)t);
        REQUIRE(++n <= v->ntcbs, "%s 0x%lx: its queue has a cycle", what, paddr_from_ptr(v->k, obj));
        REQUIRE(t->ep_prev == prev, "%s 0x%lx: thread \"%s\" has ep_prev %p, not %p", what,
                paddr_from_ptr(v->k, obj), t->name, (void *)t->ep_prev, (void *)prev);
        REQUIRE(t->state.type == state, "%s 0x%lx queues thread \"%s\" in state %lu", what,
                paddr_from_ptr(v->k, obj), t->name, t->state.type);
        REQUIRE(t->state.blocking_object == REF(obj), "%s 0x%lx queues thread \"%s\", which is blocked on 0x%lx",
                what, paddr_from_ptr(v->k, obj), t->name, t->state.blocking_object);
        tcb_info(v, t)->in_ipc++;
    }
    REQUIRE(tail == prev, "%s 0x%lx: queue tail %p, but the last thread is %p", what, paddr_from_ptr(v->k, obj),
            (void *)tail, (void *)prev);
    return true;
}

static bool check_endpoint(struct inv *v, endpoint_t *ep)
{
    tcb_t *head = PTR(tcb_t, ep->queue_head), *tail = PTR(tcb_t, ep->queue_tail);
    word_t paddr = paddr_from_ptr(v->k, ep);
    switch (ep->state) {
    case EPState_Idle:
        REQUIRE(!head && !tail, "endpoint 0x%lx is idle with a queue", paddr);
        return true;
    case EPState_Send:
    case EPState_Recv:
        REQUIRE(head, "endpoint 0x%lx is in state %lu with no queue", paddr, (word_t)ep->state);
        return check_ipc_queue(v, ep, "endpoint", head, tail,
                               ep->state == EPState_Send ? ThreadState_BlockedOnSend : ThreadState_BlockedOnReceive);
    default:
        return fail(v, "endpoint 0x%lx in state %lu", paddr, (word_t)ep->state);
    }
}

static bool check_notification(struct inv *v, notification_t *n)
{
    tcb_t *head = PTR(tcb_t, n->queue_head), *tail = PTR(tcb_t, n->queue_tail);
    tcb_t *bound = PTR(tcb_t, n->bound_tcb);
    word_t paddr = paddr_from_ptr(v->k, n);

    if (bound) {
        REQUIRE(tcb_live(v, bound), "notification 0x%lx is bound to %p, not a live TCB", paddr, (void *)bound);
        REQUIRE(bound->bound_notification == n, "notification 0x%lx is bound to \"%s\", which is bound to %p", paddr,
                bound->name, (void *)bound->bound_notification);
        /* Only the bound thread may wait on a bound notification. */
        REQUIRE(!head || (head == bound && tail == bound), "notification 0x%lx is bound to \"%s\" but queues others",
                paddr, bound->name);
    }
    switch (n->state) {
    case NtfnState_Idle:
    case NtfnState_Active:
        REQUIRE(!head && !tail, "notification 0x%lx in state %lu with a queue", paddr, (word_t)n->state);
        return true;
    case NtfnState_Waiting:
        REQUIRE(head, "notification 0x%lx is waiting with no queue", paddr);
        return check_ipc_queue(v, n, "notification", head, tail, ThreadState_BlockedOnNotification);
    default:
        return fail(v, "notification 0x%lx in state %lu", paddr, (word_t)n->state);
    }
}

/* One endpoint or notification, checked once. */
static bool check_ipc_object(struct inv *v, void *obj, bool notification)
{
    int r = pmap_add(v, &v->ipc_seen, obj, 0);
    if (r != 0)
        return r > 0;
    return notification ? check_notification(v, obj) : check_endpoint(v, obj);
}

/* Endpoints and notifications: those caps name and those threads wait on or are bound to. */
static bool check_ipc_objects(struct inv *v)
{
    if (!pmap_init(v, &v->ipc_seen, 64))
        return false;
    for (word_t i = 0; i < v->nobjs; i++) {
        struct inv_obj *o = &v->objs[i];
        if ((o->type == cap_endpoint_cap || o->type == cap_notification_cap) &&
            !check_ipc_object(v, ptr_from_paddr(v->k, o->base), o->type == cap_notification_cap))
            return false;
    }
    for (word_t i = 0; i < v->ntcbs; i++) {
        tcb_t *t = v->tcbs[i];
        word_t s = t->state.type;
        void *obj = PTR(void, t->state.blocking_object);
        if (s == ThreadState_BlockedOnSend || s == ThreadState_BlockedOnReceive) {
            if (!check_referenced(v, obj, seL4_EndpointBits, cap_endpoint_cap, "the endpoint a thread waits on") ||
                !check_ipc_object(v, obj, false))
                return false;
        } else if (s == ThreadState_BlockedOnNotification) {
            if (!check_referenced(v, obj, seL4_NotificationBits, cap_notification_cap,
                                  "the notification a thread waits on") ||
                !check_ipc_object(v, obj, true))
                return false;
        }
        notification_t *n = t->bound_notification;
        if (n && (!check_referenced(v, n, seL4_NotificationBits, cap_notification_cap, "a bound notification") ||
                  !check_ipc_object(v, n, true)))
            return false;
    }
    return true;
}

/* The ready queues hold exactly the runnable threads other than the current one (seL4 valid_queues). */
static bool check_ready_queues(struct inv *v)
{
    kernel_t *k = v->k;
    for (word_t p = 0; p < CONFIG_NUM_PRIORITIES; p++) {
        tcb_t *head = k->ready_head[p], *tail = k->ready_tail[p], *prev = NULL;
        bool bit = k->ready_bitmap[p / wordBits] & BIT(p % wordBits);
        REQUIRE(bit == (head != NULL), "ready bitmap bit %lu is %d, queue %s", p, bit, head ? "non-empty" : "empty");
        word_t n = 0;
        for (tcb_t *t = head; t; prev = t, t = t->sched_next) {
            REQUIRE(tcb_live(v, t), "ready queue %lu holds %p, not a live TCB", p, (void *)t);
            REQUIRE(++n <= v->ntcbs, "ready queue %lu has a cycle", p);
            REQUIRE(t->sched_prev == prev, "ready queue %lu: \"%s\" has sched_prev %p, not %p", p, t->name,
                    (void *)t->sched_prev, (void *)prev);
            REQUIRE(t->priority == p, "ready queue %lu holds \"%s\" of priority %lu", p, t->name, t->priority);
            REQUIRE(t->queued, "ready queue %lu holds \"%s\", whose queued flag is clear", p, t->name);
            tcb_info(v, t)->in_ready++;
        }
        REQUIRE(tail == prev, "ready queue %lu: tail %p, but the last thread is %p", p, (void *)tail, (void *)prev);
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Threads                                                                   */

static bool check_thread(struct inv *v, tcb_t *t, struct inv_tcb *info)
{
    kernel_t *k = v->k;
    word_t s = t->state.type;

    if (!info->thread_caps && !check_unnamed(v, tcb_paddr(k, t), seL4_TCBBits, "a TCB in debug_tcbs"))
        return false;
    REQUIRE(s <= ThreadState_BlockedOnNotification, "TCB \"%s\" in state %lu", t->name, s);
    REQUIRE(t->priority <= seL4_MaxPrio && t->mcp <= seL4_MaxPrio, "TCB \"%s\": priority %lu, MCP %lu", t->name,
            t->priority, t->mcp);
    REQUIRE(t->domain < CONFIG_NUM_DOMAINS, "TCB \"%s\" in domain %lu", t->name, t->domain);
    REQUIRE(t->time_slice >= 1 && t->time_slice <= CONFIG_TIME_SLICE, "TCB \"%s\" with time slice %lu", t->name,
            t->time_slice);
    REQUIRE(info->in_ready <= 1, "TCB \"%s\" is %u times in the ready queues", t->name, info->in_ready);
    REQUIRE(t->queued == (info->in_ready == 1), "TCB \"%s\": queued flag %d, in a ready queue %u times", t->name,
            t->queued, info->in_ready);
    if (t == k->cur_thread)
        REQUIRE(!t->queued, "the current thread \"%s\" is in a ready queue", t->name);
    else if (is_runnable(t))
        REQUIRE(t->queued, "TCB \"%s\" is runnable (state %lu) but in no ready queue", t->name, s);
    else
        REQUIRE(!t->queued, "TCB \"%s\" is in a ready queue in state %lu", t->name, s);

    bool blocked = s == ThreadState_BlockedOnSend || s == ThreadState_BlockedOnReceive ||
                   s == ThreadState_BlockedOnNotification;
    REQUIRE(info->in_ipc == (blocked ? 1u : 0u), "TCB \"%s\" in state %lu is in %u IPC queues (blocked on 0x%lx)",
            t->name, s, info->in_ipc, t->state.blocking_object);

    notification_t *n = t->bound_notification;
    if (n) { /* (check_ipc_objects checked n) */
        REQUIRE(PTR(tcb_t, n->bound_tcb) == t, "TCB \"%s\" is bound to notification 0x%lx, which is bound to %p",
                t->name, paddr_from_ptr(k, n), PTR(void, n->bound_tcb));
    }
    /* seL4 valid_reply_caps: a reply cap only to a thread waiting for the reply, and at most one. */
    REQUIRE(info->reply_caps <= 1, "TCB \"%s\" has %u reply caps", t->name, info->reply_caps);
    if (info->reply_caps)
        REQUIRE(s == ThreadState_BlockedOnReply, "there is a reply cap to TCB \"%s\" in state %lu", t->name, s);
    return true;
}

static bool check_threads(struct inv *v)
{
    kernel_t *k = v->k;
    tcb_t *cur = k->cur_thread;

    REQUIRE(k->sched_action == SchedulerAction_ResumeCurrentThread, "scheduler action %p after a kernel exit",
            (void *)k->sched_action);
    REQUIRE(k->idle_thread->state.type == ThreadState_IdleThreadState && !k->idle_thread->queued,
            "the idle thread is in state %lu, queued %d", k->idle_thread->state.type, k->idle_thread->queued);
    REQUIRE(cur == k->idle_thread || tcb_live(v, cur), "the current thread %p is not a live TCB", (void *)cur);
    REQUIRE(cur == k->idle_thread || cur->state.type == ThreadState_Running,
            "the current thread \"%s\" is in state %lu", cur->name, cur->state.type);
    if (!check_ready_queues(v) || !check_ipc_objects(v))
        return false;
    for (word_t i = 0; i < v->ntcbs; i++) {
        if (v->tcbs[i] != k->idle_thread && !check_thread(v, v->tcbs[i], &v->tinfo[i]))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Interrupts and I/O ports                                                  */

static bool check_irqs(struct inv *v)
{
    kernel_t *k = v->k;
    for (word_t irq = 0; irq <= maxIRQ; irq++) {
        word_t state = k->irq_state[irq];
        REQUIRE(state <= IRQReserved, "irq %lu in state %lu", irq, state);
        REQUIRE(v->irq_handlers[irq] == 0 || state == IRQSignal, "irq %lu in state %lu has %u handler caps", irq,
                state, v->irq_handlers[irq]);
        REQUIRE(state != IRQSignal || v->irq_handlers[irq] > 0 || !v->irq_control_seen,
                "irq %lu is in use but has no handler cap", irq);
        REQUIRE(cap_type(k->irq_node[irq].cap) == cap_null_cap || state == IRQSignal,
                "irq %lu has a notification in state %lu", irq, state);
    }
    return true;
}

/*
 * Allocated ports are exactly those some I/O port cap covers (all of them
 * reachable while an IOPortControl cap is: see io_port_control_seen);
 * ranges of different caps are disjoint.
 */
static bool check_io_ports(struct inv *v)
{
    if (!v->io_port_caps && v->io_port_control_seen) {
        for (word_t w = 0; w < NUM_IO_PORTS / wordBits; w++)
            REQUIRE(!v->k->allocated_io_ports[w], "I/O port %lu is allocated but no cap covers it",
                    w * wordBits + __builtin_ctzl(v->k->allocated_io_ports[w]));
        return true;
    }
    word_t *covered = scratch(v, sizeof(v->k->allocated_io_ports));
    if (!covered)
        return false;
    for (word_t c = 0; c < v->ncaps; c++) {
        cap_t cap = v->caps[c]->cap;
        if (cap_type(cap) != cap_io_port_cap)
            continue;
        word_t first = cap.io_port.first_port, last = cap.io_port.last_port;
        bool any = false, all = true;
        for (word_t p = first; p <= last; p++) {
            bool bit = covered[p / wordBits] & BIT(p % wordBits);
            any |= bit;
            all &= bit;
            covered[p / wordBits] |= BIT(p % wordBits);
        }
        REQUIRE(!any || all, "I/O port cap for %lu..%lu overlaps another range", first, last);
    }
    for (word_t w = 0; w < NUM_IO_PORTS / wordBits; w++) {
        word_t diff = covered[w] ^ v->k->allocated_io_ports[w];
        if (!v->io_port_control_seen)
            diff &= covered[w]; /* stranded caps may hold the rest */
        REQUIRE(!diff, "I/O port %lu is %s", w * wordBits + __builtin_ctzl(diff | BIT(63)),
                covered[w] & diff ? "covered by a cap but not allocated" : "allocated but no cap covers it");
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* ASIDs and page tables                                                     */

static bool has_mapped_cap(struct inv *v, word_t base, word_t type, word_t frame_size, word_t asid, word_t vaddr)
{
    for (word_t i = first_obj_at(v, base); i < v->nobjs && v->objs[i].base == base; i++) {
        cap_t c = v->objs[i].slot->cap;
        if (cap_type(c) != type)
            continue;
        if (type == cap_frame_cap) {
            if (c.frame.size == frame_size && c.frame.mapped_asid == asid && c.frame.mapped_addr == vaddr)
                return true;
        } else if (c.paging.mapped && c.paging.mapped_asid == asid && c.paging.mapped_addr == vaddr) {
            return true;
        }
    }
    return false;
}

/* Every present entry of a reachable paging structure has a cap that says it is mapped there. */
static bool check_table(struct inv *v, word_t asid, word_t table, int level, word_t vbase)
{
    static const word_t table_caps[] = { 0, cap_page_table_cap, cap_page_directory_cap, cap_pdpt_cap };
    static const word_t frame_sizes[] = { X86_SmallPage, X86_LargePage, X64_HugePage };
    const uint64_t *entries = ptr_from_paddr(v->k, table);
    word_t bits = X86_LEVEL_BITS(level);

    for (word_t i = 0; i < BIT(seL4_PageTableIndexBits); i++) {
        uint64_t e = entries[i];
        if (!(e & X86_PG_PRESENT))
            continue;
        word_t vaddr = vbase + (i << bits);
        REQUIRE(vaddr <= USER_TOP, "ASID %lu: an entry maps 0x%lx, above the user address space", asid, vaddr);
        bool leaf = level == X86_PT_LEVEL || (level != X86_PML4_LEVEL && (e & X86_PG_PS));
        if (leaf) {
            word_t frame = e & X86_PG_ADDR(bits);
            if (find_obj(v, frame, cap_frame_cap))
                REQUIRE(has_mapped_cap(v, frame, cap_frame_cap, frame_sizes[level], asid, vaddr),
                        "ASID %lu maps frame 0x%lx at 0x%lx, but no frame cap is mapped there", asid, frame, vaddr);
            else if (!check_unnamed(v, frame, bits, "a frame mapped in a VSpace"))
                return false;
            continue;
        }
        word_t child = e & X86_PG_ADDR(seL4_PageBits);
        if (find_obj(v, child, table_caps[level])) {
            REQUIRE(has_mapped_cap(v, child, table_caps[level], 0, asid, vaddr),
                    "ASID %lu: %s 0x%lx at 0x%lx has no cap mapped there", asid, cap_type_name(table_caps[level]),
                    child, vaddr);
        } else if (!check_referenced(v, ptr_from_paddr(v->k, child), seL4_PageTableBits, table_caps[level],
                                     "a paging structure in a VSpace")) {
            return false;
        }
        if (!check_table(v, asid, child, level - 1, vaddr))
            return false;
    }
    return true;
}

static bool check_asids(struct inv *v)
{
    kernel_t *k = v->k;
    for (word_t i = 0; i < v->nobjs; i++) {
        cap_t c = v->objs[i].slot->cap;
        if (cap_type(c) == cap_asid_pool_cap) {
            REQUIRE(k->asid_table[c.asid_pool.asid_base >> asidLowBits] == ptr_from_paddr(k, c.asid_pool.pool),
                    "ASID pool cap for 0x%lx (base %lu) is not in the ASID table", (word_t)c.asid_pool.pool,
                    (word_t)c.asid_pool.asid_base);
        }
    }
    for (word_t hi = 0; hi < N_ASID_POOLS; hi++) {
        asid_pool_t *pool = k->asid_table[hi];
        if (!pool)
            continue;
        REQUIRE(in_ram(k, pool, sizeof(*pool)), "ASID table entry %lu is %p, not in RAM", hi, (void *)pool);
        word_t pool_paddr = paddr_from_ptr(k, pool);
        struct inv_obj *o = find_obj(v, pool_paddr, cap_asid_pool_cap);
        if (o)
            REQUIRE(o->slot->cap.asid_pool.asid_base == hi << asidLowBits,
                    "ASID table entry %lu: pool 0x%lx has a cap with base %lu", hi, pool_paddr,
                    (word_t)o->slot->cap.asid_pool.asid_base);
        else if (!check_unnamed(v, pool_paddr, seL4_ASIDPoolBits, "an ASID pool in the ASID table"))
            return false;
        for (word_t lo = 0; lo < BIT(asidLowBits); lo++) {
            uint64_t *pml4 = PTR(uint64_t, pool->pml4[lo]);
            word_t asid = (hi << asidLowBits) | lo;
            if (!pml4)
                continue;
            REQUIRE(asid != asidInvalid, "ASID 0 names a VSpace");
            REQUIRE(in_ram(k, pml4, BIT(seL4_PML4Bits)), "ASID %lu names %p, not in RAM", asid, (void *)pml4);
            word_t paddr = paddr_from_ptr(k, pml4);
            if (find_obj(v, paddr, cap_pml4_cap))
                REQUIRE(has_mapped_cap(v, paddr, cap_pml4_cap, 0, asid, 0),
                        "ASID %lu names PML4 0x%lx, but no PML4 cap has that ASID", asid, paddr);
            else if (!check_unnamed(v, paddr, seL4_PML4Bits, "a PML4 in an ASID pool"))
                return false;
            if (!check_table(v, asid, paddr, X86_PML4_LEVEL, 0))
                return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------------------ */

int kernel_check_invariants(struct kernel *k, void *scratch_mem, size_t scratch_bytes, char *why, size_t why_size)
{
    struct inv *v = scratch_mem;
    if (scratch_bytes < sizeof(*v)) {
        if (why && why_size)
            k_snprintf(why, why_size, "scratch too small");
        return 1;
    }
    k_memset(v, 0, sizeof(*v));
    v->k = k;
    v->mem = scratch_mem;
    v->size = scratch_bytes;
    v->used = sizeof(*v);
    v->why = why;
    v->why_size = why_size;
    if (why && why_size)
        why[0] = '\0';

    bool ok = collect_tcbs(v) && collect_arrays(v) && check_slots(v) && check_nesting(v) && check_untypeds(v) &&
              check_loose_slots(v) && check_threads(v) && check_irqs(v) && check_io_ports(v) && check_asids(v);
    if (v->out_of_scratch) {
        if (why && why_size)
            k_snprintf(why, why_size, "scratch too small (%lu bytes)", (word_t)scratch_bytes);
        return 1;
    }
    return ok ? 0 : -1;
}
