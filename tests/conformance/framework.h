/*
 * sel4emu conformance suite: test framework.
 *
 * The suite is written against the libsel4 API only (<sel4/sel4.h>,
 * <sel4runtime.h>) and freestanding C headers, so the same sources build as
 * an API-mode Linux program linked with libsel4emu, as a native static seL4
 * root task, and (in principle) run on real seL4. No libc is used: output goes
 * through seL4_DebugPutChar with the small formatter in framework.c.
 *
 * A test is a function registered with CONF_TEST(NAME, "one line"). It gets a
 * fresh environment (see "environment" below) and reports failure through the
 * test_* macros, which record "file:line: what was expected, what came" and
 * return from the test function. Helpers that use the macros must return int
 * (CONF_PASS / CONF_FAIL) and be called through TRY().
 *
 * Expected values follow real seL4 (x86_64, non-MCS, debug; see
 * /work/shared/brief/SEL4-FACTS.md). Comments name the kernel function whose
 * logic a check follows.
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sel4/sel4.h>
#include <sel4runtime.h>

/* ------------------------------------------------------------------------ */
/* Registration                                                              */

#define CONF_PASS 0
#define CONF_FAIL 1

struct conf_test {
    const char *name;
    const char *desc;
    int (*fn)(void);
};

/* Tests are collected in the "conf_tests" section (one pointer each; the
 * linker provides __start_/__stop_ symbols) and run sorted by name. */
#define CONF_TEST(NAME, DESC)                                                 \
    static int conf_fn_##NAME(void);                                          \
    static const struct conf_test conf_desc_##NAME = {#NAME, DESC,            \
                                                      conf_fn_##NAME};        \
    static const struct conf_test *const conf_ptr_##NAME                      \
        __attribute__((used, section("conf_tests"),                           \
                       aligned(sizeof(void *)))) = &conf_desc_##NAME;          \
    static int conf_fn_##NAME(void)

/* ------------------------------------------------------------------------ */
/* Output and failure recording                                              */

void conf_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int conf_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int conf_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Record a failure at file:line (the first one of a test wins) and return
 * CONF_FAIL. */
int conf_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* As conf_fail, for an seL4_Error that was not the expected one. Reads
 * MR0..MR4 of the IPC buffer, so call it before any other invocation. */
int conf_fail_error(const char *file, int line, const char *expr,
                    seL4_Word got, seL4_Word expected);
/* Optional context appended to a failure message (e.g. "depth 13"); cleared
 * before each test. */
void conf_ctx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

const char *conf_error_name(seL4_Word err);
const char *conf_cap_name(seL4_Word type);

/* ------------------------------------------------------------------------ */
/* Assertions: on failure they record the reason and return CONF_FAIL.       */

#define test_fail(...) return conf_fail(__FILE__, __LINE__, __VA_ARGS__)

#define test_assert(cond)                                                     \
    do {                                                                      \
        if (!(cond)) {                                                        \
            test_fail("expected %s", #cond);                                  \
        }                                                                     \
    } while (0)

#define test_cmp_(a, op, b)                                                   \
    do {                                                                      \
        seL4_Word conf_a_ = (seL4_Word)(a);                                   \
        seL4_Word conf_b_ = (seL4_Word)(b);                                   \
        if (!(conf_a_ op conf_b_)) {                                          \
            test_fail("expected %s %s %s (%lu = 0x%lx), got %lu (0x%lx)", #a,  \
                      #op, #b, conf_b_, conf_b_, conf_a_, conf_a_);            \
        }                                                                     \
    } while (0)

#define test_eq(a, b) test_cmp_(a, ==, b)
#define test_neq(a, b) test_cmp_(a, !=, b)
#define test_lt(a, b) test_cmp_(a, <, b)
#define test_leq(a, b) test_cmp_(a, <=, b)
#define test_gt(a, b) test_cmp_(a, >, b)
#define test_geq(a, b) test_cmp_(a, >=, b)

/* expr must yield an seL4_Error; compares it with the expected one. */
#define test_error(expr, expected)                                            \
    do {                                                                      \
        seL4_Word conf_e_ = (seL4_Word)(expr);                                \
        if (conf_e_ != (seL4_Word)(expected)) {                               \
            return conf_fail_error(__FILE__, __LINE__, #expr, conf_e_,        \
                                   (seL4_Word)(expected));                    \
        }                                                                     \
    } while (0)

#define test_ok(expr) test_error(expr, seL4_NoError)

/* Message register i of the IPC buffer (the libsel4 stubs copy MR0..3 there
 * after an invocation; the kernel writes MR4.. there directly). */
#define test_mr(i, expected)                                                  \
    do {                                                                      \
        seL4_Word conf_m_ = seL4_GetMR(i);                                    \
        seL4_Word conf_x_ = (seL4_Word)(expected);                            \
        if (conf_m_ != conf_x_) {                                             \
            test_fail("MR%d: expected %s = %lu (0x%lx), got %lu (0x%lx)",     \
                      (int)(i), #expected, conf_x_, conf_x_, conf_m_,         \
                      conf_m_);                                               \
        }                                                                     \
    } while (0)

/* setMRs_syscall_error (kernel src/object/tcb.c) encodings. */
#define test_range_error(expr, min, max)                                      \
    do {                                                                      \
        test_error(expr, seL4_RangeError);                                    \
        test_mr(0, min);                                                      \
        test_mr(1, max);                                                      \
    } while (0)

#define test_invalid_arg(expr, argno)                                         \
    do {                                                                      \
        test_error(expr, seL4_InvalidArgument);                               \
        test_mr(0, argno);                                                    \
    } while (0)

#define test_invalid_cap(expr, capno)                                         \
    do {                                                                      \
        test_error(expr, seL4_InvalidCapability);                             \
        test_mr(0, capno);                                                    \
    } while (0)

#define test_not_enough(expr, bytes_left)                                     \
    do {                                                                      \
        test_error(expr, seL4_NotEnoughMemory);                               \
        test_mr(0, bytes_left);                                               \
    } while (0)

/* seL4_FailedLookup: MR0 = failedLookupWasSource, then setMRs_lookup_failure
 * (kernel src/api/faults.c) from MR1: MR1 = lookup_fault type + 1, i.e. the
 * seL4_LookupFailureType value. */
#define test_lookup_root(expr, was_src)                                       \
    do {                                                                      \
        test_error(expr, seL4_FailedLookup);                                  \
        test_mr(0, was_src);                                                  \
        test_mr(1, seL4_InvalidRoot);                                         \
    } while (0)

/* missing_capability: MR2 = bitsLeft */
#define test_lookup_missing(expr, was_src, bits_left)                         \
    do {                                                                      \
        test_error(expr, seL4_FailedLookup);                                  \
        test_mr(0, was_src);                                                  \
        test_mr(1, seL4_MissingCapability);                                   \
        test_mr(2, bits_left);                                                \
    } while (0)

/* depth_mismatch: MR2 = bitsLeft, MR3 = bitsFound */
#define test_lookup_depth(expr, was_src, bits_left, bits_found)               \
    do {                                                                      \
        test_error(expr, seL4_FailedLookup);                                  \
        test_mr(0, was_src);                                                  \
        test_mr(1, seL4_DepthMismatch);                                       \
        test_mr(2, bits_left);                                                \
        test_mr(3, bits_found);                                               \
    } while (0)

/* guard_mismatch: MR2 = bitsLeft, MR3 = guardFound (the CNode cap's guard),
 * MR4 = bitsFound (the CNode cap's guard size) */
#define test_lookup_guard(expr, was_src, bits_left, guard_found, bits_found)  \
    do {                                                                      \
        test_error(expr, seL4_FailedLookup);                                  \
        test_mr(0, was_src);                                                  \
        test_mr(1, seL4_GuardMismatch);                                       \
        test_mr(2, bits_left);                                                \
        test_mr(3, guard_found);                                              \
        test_mr(4, bits_found);                                               \
    } while (0)

/* Kernel cap type of a slot of our own CSpace (seL4_DebugCapIdentify). */
#define test_cap(slot, type)                                                  \
    do {                                                                      \
        seL4_Word conf_s_ = (seL4_Word)(slot);                                \
        seL4_Word conf_t_ = seL4_DebugCapIdentify(conf_s_);                   \
        seL4_Word conf_w_ = (seL4_Word)(type);                                \
        if (conf_t_ != conf_w_) {                                             \
            test_fail("slot %lu (%s): expected a %s cap (%lu), found %s (%lu)", \
                      conf_s_, #slot, conf_cap_name(conf_w_), conf_w_,        \
                      conf_cap_name(conf_t_), conf_t_);                       \
        }                                                                     \
    } while (0)

/* Kernel cap type of the slot (cnode, index, depth), found by moving the cap
 * to a scratch slot of the root CNode and back (Move does not derive). */
#define test_cap_at(cnode, index, depth, type)                                \
    do {                                                                      \
        seL4_Word conf_t_ = conf_cap_type_at(cnode, index, depth);            \
        seL4_Word conf_w_ = (seL4_Word)(type);                                \
        if (conf_t_ != conf_w_) {                                             \
            test_fail("slot (%s, %s, %s): expected a %s cap (%lu), found %s " \
                      "(%lu)", #cnode, #index, #depth, conf_cap_name(conf_w_), \
                      conf_w_, conf_cap_name(conf_t_), conf_t_);              \
        }                                                                     \
    } while (0)

/* Propagate the result of a helper that uses the test_* macros. */
#define TRY(expr)                                                             \
    do {                                                                      \
        if ((expr) != CONF_PASS) {                                            \
            return CONF_FAIL;                                                 \
        }                                                                     \
    } while (0)

/* ------------------------------------------------------------------------ */
/* Kernel cap type tags, as returned by seL4_DebugCapIdentify
 * (kernel generated structures_gen.h, x86_64; SEL4-FACTS "cap type tags"). */
enum {
    CAP_NULL = 0,
    CAP_FRAME = 1,
    CAP_UNTYPED = 2,
    CAP_PT = 3,
    CAP_EP = 4,
    CAP_PD = 5,
    CAP_NTFN = 6,
    CAP_PDPT = 7,
    CAP_REPLY = 8,
    CAP_PML4 = 9,
    CAP_CNODE = 10,
    CAP_ASID_CONTROL = 11,
    CAP_TCB = 12,
    CAP_ASID_POOL = 13,
    CAP_IRQ_CONTROL = 14,
    CAP_IRQ_HANDLER = 16,
    CAP_ZOMBIE = 18,
    CAP_IO_PORT = 19,
    CAP_DOMAIN = 20,
    CAP_IO_PORT_CONTROL = 31,
    /* not a kernel tag: conf_cap_type_at could not reach the slot */
    CAP_UNREACHABLE = 0x1000,
};

/* ------------------------------------------------------------------------ */
/* Environment                                                               */

/* The root CNode (2^13 slots, guard of 51 zero bits) addressed at depth
 * seL4_WordBits. */
#define ROOT seL4_CapInitThreadCNode

struct conf_env {
    const seL4_BootInfo *bi;
    seL4_Word root_slots;  /* 2^bi->initThreadCNodeSizeBits */
    seL4_CPtr scratch;     /* driver-owned empty slot (conf_cap_type_at) */
    seL4_CPtr pool;        /* RAM untyped the NEW_* helpers retype from */
    seL4_Word pool_bits;
};
extern struct conf_env conf_env;

/* Free slots of the root CNode, handed out from bi->empty. Everything handed
 * out is deleted after the test, and all bootinfo untypeds are revoked, so
 * every test starts from the same state (same slot numbers, same memory). */
seL4_CPtr conf_alloc_slots(seL4_Word n);
/* A new untyped of 2^size_bits retyped from the pool, in a fresh slot. */
seL4_CPtr conf_alloc_untyped(seL4_Word size_bits);
/* n new objects retyped from the pool into n fresh consecutive slots. */
seL4_CPtr conf_alloc_objects(seL4_Word type, seL4_Word size_bits, seL4_Word n);
/* Why the last conf_alloc_* returned 0. */
const char *conf_env_error(void);

/* Slot of a bootinfo untyped with the given isDevice and sizeBits >= min_bits:
 * the smallest such one, or the largest if `largest`. 0 if there is none. */
seL4_CPtr conf_find_untyped(bool device, seL4_Word min_bits, bool largest,
                            seL4_Word *size_bits);

seL4_Word conf_cap_type_at(seL4_CPtr cnode, seL4_Word index, seL4_Word depth);

#define NEW_SLOTS(var, n)                                                     \
    seL4_CPtr var = conf_alloc_slots(n);                                      \
    if (!(var)) {                                                             \
        test_fail("env: %s", conf_env_error());                               \
    }
#define NEW_SLOT(var) NEW_SLOTS(var, 1)

#define NEW_UNTYPED(var, size_bits)                                           \
    seL4_CPtr var = conf_alloc_untyped(size_bits);                            \
    if (!(var)) {                                                             \
        test_fail("env: %s", conf_env_error());                               \
    }

#define NEW_OBJECTS(var, type, size_bits, n)                                  \
    seL4_CPtr var = conf_alloc_objects(type, size_bits, n);                   \
    if (!(var)) {                                                             \
        test_fail("env: %s", conf_env_error());                               \
    }
#define NEW_OBJECT(var, type, size_bits) NEW_OBJECTS(var, type, size_bits, 1)

/* ------------------------------------------------------------------------ */
/* Short forms for operations on the root CNode at full depth. Assertions
 * about the argument under test use the libsel4 call itself.                */

static inline seL4_Error root_copy(seL4_CPtr dest, seL4_CPtr src,
                                   seL4_CapRights_t rights)
{
    return seL4_CNode_Copy(ROOT, dest, seL4_WordBits, ROOT, src, seL4_WordBits,
                           rights);
}

static inline seL4_Error root_mint(seL4_CPtr dest, seL4_CPtr src,
                                   seL4_CapRights_t rights, seL4_Word badge)
{
    return seL4_CNode_Mint(ROOT, dest, seL4_WordBits, ROOT, src, seL4_WordBits,
                           rights, badge);
}

static inline seL4_Error root_move(seL4_CPtr dest, seL4_CPtr src)
{
    return seL4_CNode_Move(ROOT, dest, seL4_WordBits, ROOT, src, seL4_WordBits);
}

static inline seL4_Error root_mutate(seL4_CPtr dest, seL4_CPtr src,
                                     seL4_Word data)
{
    return seL4_CNode_Mutate(ROOT, dest, seL4_WordBits, ROOT, src,
                             seL4_WordBits, data);
}

static inline seL4_Error root_delete(seL4_CPtr slot)
{
    return seL4_CNode_Delete(ROOT, slot, seL4_WordBits);
}

static inline seL4_Error root_revoke(seL4_CPtr slot)
{
    return seL4_CNode_Revoke(ROOT, slot, seL4_WordBits);
}

/* Rotate with all three slots in the root CNode. */
static inline seL4_Error root_rotate(seL4_CPtr dest, seL4_Word dest_badge,
                                     seL4_CPtr pivot, seL4_Word pivot_badge,
                                     seL4_CPtr src)
{
    return seL4_CNode_Rotate(ROOT, dest, seL4_WordBits, dest_badge, ROOT,
                             pivot, seL4_WordBits, pivot_badge, ROOT, src,
                             seL4_WordBits);
}

/* Retype into the root CNode at slots [slot, slot + n). node_depth 0 makes
 * the kernel use the root argument itself as the destination CNode
 * (decodeUntypedInvocation). */
static inline seL4_Error retype(seL4_CPtr ut, seL4_Word type,
                                seL4_Word size_bits, seL4_CPtr slot,
                                seL4_Word n)
{
    return seL4_Untyped_Retype(ut, type, size_bits, ROOT, 0, 0, slot, n);
}

/* seL4_CNode_CapData word for Mint/Mutate/Rotate of a CNode cap. */
static inline seL4_Word guard_data(seL4_Word guard, seL4_Word guard_size)
{
    return seL4_CNode_CapData_new(guard, guard_size).words[0];
}

/* A raw invocation: label, MRs and extra caps set by hand. Returns the reply
 * message info (label = seL4_Error, length = number of error MRs). */
seL4_MessageInfo_t conf_raw_call(seL4_CPtr cap, seL4_Word label,
                                 seL4_Word length, seL4_Word n_caps,
                                 const seL4_Word *mrs, const seL4_CPtr *caps);

/* Badge delivered by a pending signal on a notification we can receive on
 * (seL4_Poll; 0 when nothing is pending). */
static inline seL4_Word conf_poll(seL4_CPtr ntfn)
{
    seL4_Word badge = 0;
    seL4_Poll(ntfn, &badge);
    return badge;
}

/* The TSC, read natively in both modes. */
static inline seL4_Word conf_rdtsc(void)
{
    seL4_Word lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return hi << 32 | lo;
}

/* The data of the extra bootinfo chunk with this id (seL4_BootInfoHeader
 * id) and its length, or NULL. Chunks are packed unaligned, as seL4 does. */
const uint8_t *conf_extra_bootinfo(seL4_Word id, seL4_Word *len);

/* TSC ticks per millisecond, from the X86_TSC_FREQ chunk (MHz); 0 if none. */
seL4_Word conf_tsc_per_ms(void);

/* ------------------------------------------------------------------------ */
/* Threads in the root task's own VSpace (threads, IPC, faults: issue #3)    */
/*
 * Built only from libsel4 calls, the way sel4utils does it: a TCB retyped
 * from the pool; an IPC buffer frame mapped into seL4_CapInitThreadVSpace at
 * an address of the framework's region (paging structures created on demand,
 * an already mapped level is fine); seL4_TCB_Configure with the root CNode,
 * the root VSpace and that buffer; a stack from a static pool; and
 * seL4_TCB_WriteRegisters with rip = the framework's entry, rsp = stack top
 * - 8 (as after a `call`: rsp + 8 is 16-byte aligned), rdi = the thread,
 * rsi, rdx = the first two arguments, resume_target set.
 *
 * The entry first calls seL4_SetIPCBuffer (a new seL4 thread has to set its
 * own IPC buffer pointer), runs fn(a0, a1, a2, a3), stores the result,
 * signals the thread's `done` notification and suspends itself. A thread
 * function may use the test_* macros (it returns CONF_PASS / CONF_FAIL); the
 * first failure recorded anywhere is the test's failure message.
 *
 * Everything is undone after each test: the driver restores the root's
 * priority to 255, suspends every thread the test created, then deletes all
 * slots (deleting the frame caps unmaps the frames, deleting the paging
 * structure caps unmaps them) and revokes the untypeds.
 *
 * The root task runs at priority 255 (MCP 255). Test threads use 1..254;
 * conf_settle() lowers the root to 0 so that every runnable thread runs until
 * it blocks, then restores the root's priority: a non-blocking "let the others
 * run". Tests therefore never need to block the root on something that might
 * never happen.
 */

/* The framework's part of the root VSpace. IPC buffers of the threads of one
 * test at BASE + i * 0x2000 (i < CONF_MAX_THREADS); FREE: 1 MiB that tests
 * may map frames into; NEVER: a page that is never mapped (inside the same
 * page table as the IPC buffers, so accesses to it are plain VM faults). */
#define CONF_REGION_BASE 0x310000000000ul
#define CONF_REGION_IPCBUF(i) (CONF_REGION_BASE + (seL4_Word)(i) * 0x2000ul)
#define CONF_REGION_FREE (CONF_REGION_BASE + 0x100000ul)
#define CONF_REGION_NEVER (CONF_REGION_BASE + 0x1f0000ul)

#define CONF_MAX_THREADS 16
#define CONF_STACK_SIZE (64 * 1024)
#define CONF_NUM_STACKS 48 /* used in rotation, not reset between tests */

/* seL4_UserContext has 20 words: 18 frame registers + fs_base, gs_base. */
#define CONF_NUM_REGS (sizeof(seL4_UserContext) / sizeof(seL4_Word))

/* x86 RFLAGS bits that sanitiseRegister forces: bit 1 set, IF set, TF clear,
 * bits 3, 5 and 12..63 clear (src/arch/x86/machine/registerset.c). */
#define CONF_FLAGS_USER_DEFAULT 0x202ul

typedef int (*conf_thread_fn_t)(seL4_Word a0, seL4_Word a1, seL4_Word a2,
                                seL4_Word a3);

struct conf_thread {
    seL4_CPtr tcb;       /* TCB cap (root CNode) */
    seL4_CPtr ipc_frame; /* the IPC buffer frame (mapped at ipc_vaddr) */
    seL4_CPtr done;      /* notification signalled when fn has returned */
    seL4_Word ipc_vaddr; /* IPC buffer address the entry installs */
    seL4_Word stack_base;
    seL4_Word stack_top; /* 16-byte aligned */
    seL4_Word prio;
    seL4_Word index;     /* 0.. within the test */
    conf_thread_fn_t fn;
    seL4_Word arg[4];
    volatile seL4_Word started;  /* incremented by the entry */
    volatile seL4_Word finished; /* set when fn has returned */
    volatile int result;         /* fn's result */
    char name[40];
};

/* A configured, not yet started thread at priority prio (root's MCP is the
 * authority), no fault endpoint. NULL (and conf_env_error()) on failure. */
struct conf_thread *conf_thread_new(seL4_Word prio);
/* Start t at the framework entry with fn(a0, a1, a2, a3): WriteRegisters
 * with resume_target. */
int conf_thread_start(const char *file, int line, struct conf_thread *t,
                      conf_thread_fn_t fn, seL4_Word a0, seL4_Word a1,
                      seL4_Word a2, seL4_Word a3);
/* The registers conf_thread_start writes, without writing them: rip = the
 * framework entry, rsp = stack top - 8, rdi = t, rsi = a0, rdx = a1, the
 * rest 0 (natively fs_base = a fresh TLS block); fn, a2, a3 are stored in t
 * and the top of t's stack is cleared. */
void conf_thread_regs(struct conf_thread *t, conf_thread_fn_t fn, seL4_Word a0,
                      seL4_Word a1, seL4_Word a2, seL4_Word a3,
                      seL4_UserContext *regs);
/* Let the others run (conf_settle), then require that t's function returned
 * CONF_PASS. */
int conf_thread_join(const char *file, int line, struct conf_thread *t);
/* Fault endpoint of t: seL4_TCB_SetSpace with the root CNode and VSpace. */
seL4_Error conf_thread_set_fault_ep(struct conf_thread *t, seL4_CPtr ep);

/* Root priority for the rest of the test (restored to 255 afterwards). */
seL4_Error conf_set_root_prio(seL4_Word prio);
seL4_Word conf_root_prio(void);
/* Lower the root to priority 0 and back: every thread of priority >= 1 that
 * can run runs until it blocks (or, at the root's priority, is behind it). */
void conf_settle(void);

/* Map a frame into the root VSpace at vaddr, creating the PDPT, page
 * directory and page table it needs (seL4_DeleteFirst from an already mapped
 * level is accepted). Returns Page_Map's error. */
seL4_Error conf_map_frame(seL4_CPtr frame, seL4_Word vaddr,
                          seL4_CapRights_t rights);

/* Name of the running test (for thread names). */
extern const char *conf_current_test;

void conf_memzero(volatile void *p, size_t n);

#define NEW_THREAD(var, prio)                                                 \
    struct conf_thread *var = conf_thread_new(prio);                          \
    if (!(var)) {                                                             \
        test_fail("env: %s", conf_env_error());                               \
    }

#define START(t, fn, a0, a1, a2, a3)                                          \
    TRY(conf_thread_start(__FILE__, __LINE__, (t), (fn), (seL4_Word)(a0),     \
                          (seL4_Word)(a1), (seL4_Word)(a2), (seL4_Word)(a3)))

#define JOIN(t) TRY(conf_thread_join(__FILE__, __LINE__, (t)))

/* An order log shared between threads (one core: no atomics needed). */
#define CONF_LOG_MAX 64
struct conf_log {
    volatile seL4_Word n;
    volatile seL4_Word v[CONF_LOG_MAX];
};

static inline void conf_log_put(struct conf_log *l, seL4_Word x)
{
    seL4_Word n = l->n;
    if (n < CONF_LOG_MAX) {
        l->v[n] = x;
    }
    l->n = n + 1;
}

int conf_log_check(const char *file, int line, const struct conf_log *l,
                   const seL4_Word *want, seL4_Word n);

/* The log holds exactly the values given, in that order. */
#define test_log(l, ...)                                                      \
    do {                                                                      \
        const seL4_Word conf_w_[] = {__VA_ARGS__};                            \
        if (conf_log_check(__FILE__, __LINE__, (l), conf_w_,                  \
                           sizeof(conf_w_) / sizeof(conf_w_[0])) !=           \
            CONF_PASS) {                                                      \
            return CONF_FAIL;                                                 \
        }                                                                     \
    } while (0)

/* Receive on src without blocking after letting the others run: the usual
 * way to take a message that a lower-priority thread is expected to have
 * queued (no hang if it has not; the badge is then 0). */
static inline seL4_MessageInfo_t conf_settle_nbrecv(seL4_CPtr src,
                                                    seL4_Word *badge)
{
    conf_settle();
    return seL4_NBRecv(src, badge);
}

/* RFLAGS as sanitiseRegister stores a written value: FLAGS_HIGH (bit 1) and
 * IF set, TF and FLAGS_LOW (bits 3, 5) clear, only FLAGS_MASK (bits 0..11)
 * kept (src/arch/x86/machine/registerset.c, arch/machine/registerset.h). */
static inline seL4_Word conf_sanitised_flags(seL4_Word v)
{
    v |= 0x2ul | 0x200ul;
    v &= ~(0x8ul | 0x20ul | 0x100ul);
    return v & 0xffful;
}

/* Register i (frameRegisters order, then fs_base, gs_base) of a context. */
static inline seL4_Word *conf_reg(seL4_UserContext *r, seL4_Word i)
{
    return &((seL4_Word *)r)[i];
}

/* ------------------------------------------------------------------------ */
/* Spawned processes: a child in a VSpace of its own (issue #6)              */
/*
 * conf_spawn builds a child process the seL4 way, with libsel4 calls only,
 * from a static seL4 ELF image on the native runtime's child start
 * (runtime/README.md, "Child processes"):
 *
 *  - a PML4 (seL4_X64_PML4Object) with an ASID from
 *    seL4_CapInitThreadASIDPool (seL4_X86_ASIDPool_Assign);
 *  - for every page an image segment touches, a 4 KiB frame; each is mapped
 *    at CONF_SPAWN_SCRATCH in the root's VSpace, zeroed, filled with the
 *    file bytes of the segments on that page, unmapped, and mapped into the
 *    child's VSpace at its address, writable if a segment on the page is
 *    (PF_W), else read-only (x86 seL4 frames are always executable). PDPT,
 *    page directory and page tables are created as the mappings need them;
 *  - an IPC buffer frame at CONF_CHILD_IPCBUF and stack frames below
 *    CONF_CHILD_STACK_TOP (the page below the stack stays unmapped);
 *  - a CNode of 2^CONF_CHILD_CNODE_BITS slots, minted with a guard of
 *    64 - CONF_CHILD_CNODE_BITS zero bits so that every cptr resolves at
 *    depth seL4_WordBits; slot 1 gets a copy of the child's TCB cap (the
 *    runtime's convention), slots CONF_CHILD_SLOT(0).. the caps asked for
 *    (Mint with the badge if one is given, else Copy; rights as given);
 *  - a TCB: seL4_TCB_Configure with the fault endpoint (a cptr in the
 *    child's CSpace, or 0), that CNode, the PML4 and the IPC buffer; the
 *    priority (the root's MCP is the authority); the thread name;
 *    seL4_TCB_WriteRegisters with rip = the ELF entry, rsp = the stack top,
 *    rdi = the IPC buffer address, rsi = arg, everything else 0; and
 *    seL4_TCB_Resume unless `suspended`.
 *
 * Every object is retyped from the pool into slots handed out by the
 * framework, so the driver's cleanup deletes them all. Before that it stops
 * every child of the test: Suspend through the root's TCB cap (if still
 * there), then it deletes the TCB copy in the child's slot 1 (through the
 * root's CNode cap), which ends the CNode <-> TCB cycle, so that deleting
 * the root's caps destroys the TCB and the CNode.
 *
 * The child's virtual layout (the image window is where its ELF must lie;
 * conformance children are linked at CONF_CHILD_IMAGE_BASE):
 *
 *   0x10000000 .. 0x20000000  image (PT_LOAD segments)
 *   0x20000000                IPC buffer (one page)
 *   .. 0x20100000             stack (stack_pages pages below the top)
 *   0x30000000 and up         free for the tests (children/child_proto.h)
 *
 * All of it lies in the first GiB (one PDPT, one page directory) and below
 * 2 GiB, clear of where Linux puts anything in the processes that run
 * VSpaces under sel4emu (and of AddressSanitizer's shadow).
 */
#define CONF_CHILD_IMAGE_BASE 0x10000000ul
#define CONF_CHILD_IMAGE_END 0x20000000ul
#define CONF_CHILD_IPCBUF 0x20000000ul
#define CONF_CHILD_STACK_TOP 0x20100000ul
#define CONF_CHILD_STACK_PAGES 4  /* default */
#define CONF_CHILD_MAX_STACK_PAGES 64
#define CONF_CHILD_MAX_IMAGE_PAGES 256
#define CONF_CHILD_CNODE_BITS 4
#define CONF_CHILD_SLOT_TCB 1
#define CONF_CHILD_SLOT(i) (2 + (seL4_Word)(i))
#define CONF_CHILD_MAX_CAPS ((1 << CONF_CHILD_CNODE_BITS) - 2)
#define CONF_MAX_CHILDREN 4
/* Where conf_spawn maps each image frame in the root's VSpace to fill it
 * (in the framework's page table, clear of the IPC buffers and FREE). */
#define CONF_SPAWN_SCRATCH (CONF_REGION_BASE + 0x80000ul)

/* A cap for the child's CSpace: cap (root CNode) with rights, badged if
 * badge != 0. An entry with cap 0 ends the list. */
struct conf_child_cap {
    seL4_CPtr cap;
    seL4_CapRights_t rights;
    seL4_Word badge;
};
#define CONF_CAP(cap, badge) {(cap), seL4_AllRights, (badge)}

struct conf_spawn_args {
    const void *elf;        /* the image: a static x86_64 ELF executable */
    seL4_Word elf_size;
    seL4_Word prio;         /* 0..255 (the root's MCP is 255) */
    seL4_Word arg;          /* rsi */
    seL4_Word fault_ep;     /* cptr in the child's CSpace, 0: none */
    seL4_Word stack_pages;  /* 0: CONF_CHILD_STACK_PAGES */
    bool suspended;         /* configured and registers written, not resumed */
    const char *name;       /* thread name; NULL: "<test>.child<i>" */
    struct conf_child_cap caps[CONF_CHILD_MAX_CAPS]; /* to CONF_CHILD_SLOT(0).. */
};

struct conf_child {
    seL4_CPtr tcb;          /* root CNode: the child's TCB */
    seL4_CPtr cnode;        /* root CNode: its CSpace root (guarded, depth 64) */
    seL4_CPtr pml4;         /* root CNode: its VSpace root */
    seL4_CPtr ipc_frame;    /* root CNode: its IPC buffer frame */
    seL4_Word entry;        /* the ELF entry */
    seL4_Word image_start;  /* page-aligned bounds of the image */
    seL4_Word image_end;
    seL4_Word image_pages;  /* frames mapped for the image */
    seL4_Word stack_bottom; /* the stack is [stack_bottom, CONF_CHILD_STACK_TOP) */
    seL4_Word ncaps;        /* caps given, at CONF_CHILD_SLOT(0).. */
    seL4_Word index;        /* 0.. within the test */
    char name[40];
};

/* Builds and (unless suspended) starts a child. NULL, with the reason in
 * conf_env_error(), if anything fails. */
struct conf_child *conf_spawn(const struct conf_spawn_args *args);

/* The registers conf_spawn writes: rip = entry, rsp = stack top, rdi = IPC
 * buffer, rsi = arg, the rest 0 (to start a stopped child again). */
void conf_child_regs(const struct conf_child *c, seL4_Word arg,
                     seL4_UserContext *regs);

/* Maps frame itself into the child's VSpace at vaddr, creating the PDPT,
 * page directory and page table it needs. Returns Page_Map's error. */
seL4_Error conf_child_map(struct conf_child *c, seL4_CPtr frame,
                          seL4_Word vaddr, seL4_CapRights_t rights);
/* Copies the frame cap into a fresh root slot and maps the copy into the
 * child (the root keeps its own cap and mapping). The copy's slot, or 0. */
seL4_CPtr conf_child_share(struct conf_child *c, seL4_CPtr frame,
                           seL4_Word vaddr, seL4_CapRights_t rights);

/* PT_LOAD segments of a static ELF64 x86_64 executable, as conf_spawn reads
 * them (its own reader: byte-wise, every field checked against the file). */
#define CONF_ELF_MAX_SEGMENTS 16
#define CONF_PF_X 0x1u
#define CONF_PF_W 0x2u
#define CONF_PF_R 0x4u
struct conf_elf_segment {
    seL4_Word vaddr, memsz, offset, filesz, flags;
};
struct conf_elf {
    seL4_Word entry;
    seL4_Word nsegments; /* PT_LOAD with p_memsz > 0, in file order */
    struct conf_elf_segment seg[CONF_ELF_MAX_SEGMENTS];
    seL4_Word start, end; /* page-aligned bounds of all segments */
};
/* Reads the image; every segment must lie in [lo, hi). 0, or -1 with the
 * reason in conf_env_error(). */
int conf_elf_read(const void *elf, seL4_Word size, seL4_Word lo, seL4_Word hi,
                  struct conf_elf *out);

#define SPAWN(var, ...)                                                       \
    struct conf_child *var =                                                  \
        conf_spawn(&(const struct conf_spawn_args){__VA_ARGS__});             \
    if (!(var)) {                                                             \
        test_fail("spawn: %s", conf_env_error());                             \
    }                                                                         \
    (void)(var)
