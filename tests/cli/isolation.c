/*
 * The isolation test's root task (isolation.h). It loads the child image
 * (isolation_child.c) into two VSpaces: a victim with a secret frame, and
 * an attacker with its own frames, a frame it shares with the root, a
 * fault endpoint, and its own CNode. The root is the attacker's fault
 * handler: it checks every fault against the probe the attacker announced
 * in the shared frame, answers Linux system calls (UnknownSyscall) with a
 * value of its own, and sends the attacker on (to its recovery entry) after
 * any other fault. Then it checks that the victim's secret is intact and
 * that the victim still answers, and prints one line per property:
 *
 *   isolation: <property>: <counts>: ok | FAILED
 *   isolation: all properties held | isolation: N properties FAILED
 *
 * The same source is an API-mode program (cli-isolation) and a native root
 * task (cli-isolation-native, ABI mode); the children are trapped in both.
 * tests/cli/test_cli.sh runs it as sel4emu runs by default (every property
 * holds) and with --no-protect-kernel (exactly the kernel window's gap).
 *
 * The random addresses the attacker tries come from ranges that neither
 * Linux nor sel4emu use in its process ([1 GiB, 2 GiB) and
 * [0x110000000000, 0x1f0000000000): below where Linux puts programs and
 * libraries, and clear of AddressSanitizer's shadow). What the emulator
 * itself maps in the process (its code, libc, heaps, stacks) is reachable
 * by a component that knows where it is: see README.md, "Isolation".
 */
#include <sel4/sel4.h>
#include <sel4/arch/mapping.h>
#include <sel4runtime.h>

#include <stdbool.h>
#include <stdint.h>

#include "isolation.h"

extern const unsigned char isolation_child_elf[], isolation_child_elf_end[];

#define PAGE 0x1000ul
#define CHILD_PRIO 100
/* Where the root maps frames of its own: image frames while it fills them, the secret, the control frame. */
#define ROOT_SCRATCH 0x300000000000ul
#define ROOT_SECRET (ROOT_SCRATCH + 0x1000ul)
#define ROOT_CONTROL (ROOT_SCRATCH + 0x2000ul)

static void print(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static void print_num(seL4_Word n)
{
    char buf[21];
    int i = sizeof(buf) - 1;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    print(&buf[i]);
}

static void print_hex(seL4_Word n)
{
    char buf[19];
    int i = sizeof(buf) - 1;
    buf[i] = '\0';
    do {
        buf[--i] = "0123456789abcdef"[n & 15];
        n >>= 4;
    } while (n);
    buf[--i] = 'x';
    buf[--i] = '0';
    print(&buf[i]);
}

static bool ok(seL4_Error err, const char *what)
{
    if (err == seL4_NoError)
        return true;
    print("isolation: setup: ");
    print(what);
    print(" failed with seL4 error ");
    print_num(err);
    print("\n");
    return false;
}

/* ---- objects and mappings (as examples/spawn_pingpong.c) ---- */

static seL4_CPtr untyped, next_slot;

static seL4_CPtr alloc(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = next_slot++;
    if (!ok(seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1), "Retype"))
        return 0;
    return slot;
}

static bool map_frame(seL4_CPtr vspace, seL4_CPtr frame, seL4_Word vaddr, seL4_CapRights_t rights)
{
    for (;;) {
        seL4_Error err = seL4_X86_Page_Map(frame, vspace, vaddr, rights, seL4_X86_Default_VMAttributes);
        if (err != seL4_FailedLookup)
            return ok(err, "Page_Map");
        seL4_Word level = seL4_MappingFailedLookupLevel();
        seL4_CPtr table;
        seL4_Error e;
        if (level == SEL4_MAPPING_LOOKUP_NO_PDPT) {
            table = alloc(seL4_X86_PDPTObject, 0);
            e = table ? seL4_X86_PDPT_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes) : seL4_NotEnoughMemory;
        } else if (level == SEL4_MAPPING_LOOKUP_NO_PD) {
            table = alloc(seL4_X86_PageDirectoryObject, 0);
            e = table ? seL4_X86_PageDirectory_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes)
                      : seL4_NotEnoughMemory;
        } else {
            table = alloc(seL4_X86_PageTableObject, 0);
            e = table ? seL4_X86_PageTable_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes)
                      : seL4_NotEnoughMemory;
        }
        if (!ok(e, "paging structure"))
            return false;
    }
}

/* A copy of frame (the root keeps its own cap and mapping) mapped into vspace. */
static bool share_frame(seL4_CPtr vspace, seL4_CPtr frame, seL4_Word vaddr)
{
    seL4_CPtr copy = next_slot++;
    return ok(seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode, frame,
                              seL4_WordBits, seL4_AllRights), "CNode_Copy") &&
           map_frame(vspace, copy, vaddr, seL4_ReadWrite);
}

static seL4_Word field(const unsigned char *p, int bytes)
{
    seL4_Word v = 0;
    while (bytes--)
        v = (v << 8) | p[bytes];
    return v;
}

/* Loads the child image's PT_LOAD segments into vspace (read-only unless a segment on the page is writable). */
static bool load_image(seL4_CPtr vspace, seL4_Word *entry)
{
    const unsigned char *elf = isolation_child_elf;
    seL4_Word size = (seL4_Word)(isolation_child_elf_end - isolation_child_elf);
    if (size < 64 || field(elf + 16, 2) != 2 || field(elf + 18, 2) != 62 || field(elf + 54, 2) != 56)
        return false;
    seL4_Word phoff = field(elf + 32, 8), phnum = field(elf + 56, 2);
    if (phoff > size || phnum > (size - phoff) / 56)
        return false;
    *entry = field(elf + 24, 8);
    seL4_Word lo = ~0ul, hi = 0;
    for (seL4_Word i = 0; i < phnum; i++) {
        const unsigned char *ph = elf + phoff + i * 56;
        if (field(ph, 4) != 1 || !field(ph + 40, 8))
            continue;
        seL4_Word v = field(ph + 16, 8), m = field(ph + 40, 8);
        if (v < ISO_IMAGE || v + m > ISO_IPC_BUFFER || field(ph + 32, 8) > m || field(ph + 8, 8) > size ||
            field(ph + 32, 8) > size - field(ph + 8, 8))
            return false;
        lo = v < lo ? v : lo;
        hi = v + m > hi ? v + m : hi;
    }
    for (seL4_Word page = lo & ~(PAGE - 1); page < hi; page += PAGE) {
        bool used = false, writable = false;
        volatile unsigned char *dst = (volatile unsigned char *)ROOT_SCRATCH;
        seL4_CPtr frame = alloc(seL4_X86_4K, 0);
        if (!frame || !map_frame(seL4_CapInitThreadVSpace, frame, ROOT_SCRATCH, seL4_ReadWrite))
            return false;
        for (seL4_Word i = 0; i < PAGE; i++)
            dst[i] = 0;
        for (seL4_Word i = 0; i < phnum; i++) {
            const unsigned char *ph = elf + phoff + i * 56;
            seL4_Word v = field(ph + 16, 8), m = field(ph + 40, 8), off = field(ph + 8, 8), fsz = field(ph + 32, 8);
            if (field(ph, 4) != 1 || !m || v >= page + PAGE || v + m <= page)
                continue;
            used = true;
            writable |= (field(ph + 4, 4) & 2) != 0;
            for (seL4_Word a = v > page ? v : page; a < v + fsz && a < page + PAGE; a++)
                dst[a - page] = elf[off + (a - v)];
        }
        if (!ok(seL4_X86_Page_Unmap(frame), "Page_Unmap"))
            return false;
        if (used && !map_frame(vspace, frame, page, writable ? seL4_ReadWrite : seL4_CanRead))
            return false;
    }
    return true;
}

struct child {
    seL4_CPtr tcb, cnode, vspace;
};

/* A child: image, IPC buffer, stack, a 16-slot CNode (guard 60 bits) with its TCB at slot 1. */
static bool make_child(struct child *c, const char *name, seL4_Word role, seL4_Word fault_ep)
{
    seL4_Word entry;
    c->vspace = alloc(seL4_X64_PML4Object, 0);
    if (!c->vspace || !ok(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, c->vspace), "ASIDPool_Assign") ||
        !load_image(c->vspace, &entry))
        return false;
    seL4_CPtr ipc = alloc(seL4_X86_4K, 0);
    if (!ipc || !map_frame(c->vspace, ipc, ISO_IPC_BUFFER, seL4_ReadWrite))
        return false;
    for (seL4_Word i = 1; i <= ISO_STACK_PAGES; i++) {
        seL4_CPtr stack = alloc(seL4_X86_4K, 0);
        if (!stack || !map_frame(c->vspace, stack, ISO_STACK_TOP - i * PAGE, seL4_ReadWrite))
            return false;
    }
    c->tcb = alloc(seL4_TCBObject, 0);
    seL4_CPtr cnode = alloc(seL4_CapTableObject, ISO_CNODE_BITS);
    c->cnode = next_slot++;
    if (!c->tcb || !cnode ||
        !ok(seL4_CNode_Mint(seL4_CapInitThreadCNode, c->cnode, seL4_WordBits, seL4_CapInitThreadCNode, cnode,
                            seL4_WordBits, seL4_AllRights,
                            seL4_CNode_CapData_new(0, seL4_WordBits - ISO_CNODE_BITS).words[0]), "CNode_Mint") ||
        !ok(seL4_CNode_Copy(c->cnode, 1, seL4_WordBits, seL4_CapInitThreadCNode, c->tcb, seL4_WordBits,
                            seL4_AllRights), "CNode_Copy"))
        return false;
    seL4_UserContext regs = { .rip = entry, .rsp = ISO_STACK_TOP, .rdi = ISO_IPC_BUFFER, .rsi = role };
    if (!ok(seL4_TCB_Configure(c->tcb, fault_ep, c->cnode, 0, c->vspace, 0, ISO_IPC_BUFFER, ipc), "TCB_Configure") ||
        !ok(seL4_TCB_SetPriority(c->tcb, seL4_CapInitThreadTCB, CHILD_PRIO), "TCB_SetPriority"))
        return false;
    seL4_DebugNameThread(c->tcb, name);
    return ok(seL4_TCB_WriteRegisters(c->tcb, false, 0, sizeof(regs) / sizeof(seL4_Word), &regs),
              "WriteRegisters");
}

static bool give(struct child *c, seL4_Word slot, seL4_CPtr cap, seL4_Word badge)
{
    return ok(seL4_CNode_Mint(c->cnode, slot, seL4_WordBits, seL4_CapInitThreadCNode, cap, seL4_WordBits,
                              seL4_AllRights, badge), "CNode_Mint");
}

/* ---- the attacker's faults ---- */

static volatile struct iso_control *const ctl = (volatile struct iso_control *)ROOT_CONTROL;
static struct child attacker;
static seL4_Word faults[ISO_KINDS], wrong[ISO_KINDS], first_wrong[ISO_KINDS], unexpected_messages;

static bool non_canonical(seL4_Word a)
{
    return a >= 0x800000000000ul && a < 0xffff800000000000ul;
}

/* Whether the fault message (label, MRs) is the one the running probe must raise. */
static bool expected_fault(seL4_Word label, seL4_Word kind, seL4_Word target)
{
    if (label == seL4_Fault_UserException)
        return kind != ISO_SYSCALL && kind != ISO_CPTR_FAULT && kind != ISO_CPTR_ERROR && non_canonical(target) &&
               seL4_GetMR(seL4_UserException_Number) == 13;
    if (label == seL4_Fault_VMFault) {
        seL4_Word addr = seL4_GetMR(seL4_VMFault_Addr), fsr = seL4_GetMR(seL4_VMFault_FSR);
        switch (kind) {
        case ISO_STORE:
        case ISO_LOAD:
        case ISO_WINDOW_LOAD:
        case ISO_WINDOW_STORE:
            return addr == target;
        case ISO_STORE_RO:
            return addr == target && (fsr & 7) == 7; /* present, write, user */
        case ISO_JUMP:
            return addr == target && seL4_GetMR(seL4_VMFault_IP) == target && seL4_GetMR(seL4_VMFault_PrefetchFault);
        }
        return false;
    }
    if (label == seL4_Fault_CapFault)
        return kind == ISO_CPTR_FAULT && seL4_GetMR(seL4_CapFault_Addr) == target;
    if (label == seL4_Fault_UnknownSyscall)
        return kind == ISO_SYSCALL && seL4_GetMR(seL4_UnknownSyscall_RAX) == ctl->sys_nr &&
               seL4_GetMR(seL4_UnknownSyscall_Syscall) == ctl->sys_rdx;
    return false;
}

/* Answers a Linux system call: RAX = the root's answer, on after the `syscall` instruction. */
static void answer_syscall(void)
{
    seL4_Word regs[seL4_UnknownSyscall_Syscall];
    for (int i = 0; i < seL4_UnknownSyscall_Syscall; i++)
        regs[i] = seL4_GetMR(i);
    regs[seL4_UnknownSyscall_RAX] = ISO_ANSWER(regs[seL4_UnknownSyscall_RAX]);
    regs[seL4_UnknownSyscall_FaultIP] += 2;
    for (int i = 0; i < seL4_UnknownSyscall_Syscall; i++)
        seL4_SetMR(i, regs[i]);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall));
}

/* Any other fault: the attacker goes on at its recovery entry. */
static void send_to_recovery(void)
{
    seL4_UserContext regs = { 0 };
    if (!ok(seL4_TCB_ReadRegisters(attacker.tcb, false, 0, sizeof(regs) / sizeof(seL4_Word), &regs),
            "ReadRegisters"))
        return;
    regs.rip = ctl->recover;
    if (ok(seL4_TCB_WriteRegisters(attacker.tcb, false, 0, sizeof(regs) / sizeof(seL4_Word), &regs),
           "WriteRegisters"))
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
}

/* Handles the attacker's faults until it reports that it is done. */
static void serve_attacker(seL4_CPtr ep)
{
    for (;;) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        if (badge == ISO_BADGE_REPORT && ctl->done)
            return;
        seL4_Word label = seL4_MessageInfo_get_label(info), kind = ctl->kind, target = ctl->target;
        if (badge != ISO_BADGE_FAULT || kind >= ISO_KINDS) {
            unexpected_messages++;
            continue;
        }
        faults[kind]++;
        if (!expected_fault(label, kind, target) && !wrong[kind]++)
            first_wrong[kind] = target;
        if (label == seL4_Fault_UnknownSyscall)
            answer_syscall();
        else
            send_to_recovery();
    }
}

/* ---- the report ---- */

static int failures;

static void verdict(bool held)
{
    print(held ? ": ok\n" : ": FAILED\n");
    failures += !held;
}

static const char *const kind_names[ISO_KINDS] = {
    [ISO_STORE] = "stores outside its mappings",
    [ISO_LOAD] = "loads outside its mappings",
    [ISO_STORE_RO] = "stores to its read-only image",
    [ISO_JUMP] = "jumps to addresses without its code",
    [ISO_SYSCALL] = "Linux system calls",
    [ISO_CPTR_FAULT] = "calls on forged cptrs",
    [ISO_CPTR_ERROR] = "invocations naming forged cptrs or depths",
    [ISO_WINDOW_LOAD] = "loads from the kernel window",
    [ISO_WINDOW_STORE] = "stores to the kernel window",
};

/* Probes that must fault: each one faulted, as it must, and none went through. */
static void report_faults(enum iso_kind kind)
{
    seL4_Word tried = ctl->tried[kind], missed = ctl->missed[kind];
    print("isolation: ");
    print(kind_names[kind]);
    print(": ");
    print_num(tried);
    print(" tried, ");
    print_num(faults[kind]);
    print(kind == ISO_SYSCALL ? " UnknownSyscall faults answered by the root" : " faults");
    if (missed) {
        print(", ");
        print_num(missed);
        print(kind == ISO_SYSCALL ? " not answered by the root (first: Linux syscall " : " went through (first at ");
        print_hex(ctl->first_miss[kind]);
        print(")");
    }
    if (wrong[kind]) {
        print(", ");
        print_num(wrong[kind]);
        print(" not the fault the probe must raise (first at ");
        print_hex(first_wrong[kind]);
        print(")");
    }
    verdict(tried > 0 && faults[kind] == tried && !missed && !wrong[kind]);
}

static seL4_Word victim_round_trip(seL4_CPtr ep, seL4_Word request, seL4_Word *sum)
{
    seL4_SetMR(0, request);
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(ISO_LABEL_CHECK, 0, 0, 1));
    *sum = seL4_GetMR(1);
    return seL4_MessageInfo_get_label(info) == ISO_LABEL_CHECK ? seL4_GetMR(0) : 0;
}

static seL4_Word checksum(const volatile seL4_Word *w, seL4_Word n)
{
    seL4_Word sum = 0;
    for (seL4_Word i = 0; i < n; i++)
        sum = ((sum << 7) | (sum >> 57)) ^ w[i];
    return sum;
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_Word bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (!d->isDevice && d->sizeBits >= 22 && (!untyped || d->sizeBits < bits)) {
            untyped = bi->untyped.start + i;
            bits = d->sizeBits;
        }
    }
    next_slot = bi->empty.start;

    /* The secret: the header, then words the attacker cannot guess, then the rest of the page. */
    seL4_CPtr fault_ep = alloc(seL4_EndpointObject, 0), victim_ep = alloc(seL4_EndpointObject, 0);
    seL4_CPtr secret = alloc(seL4_X86_4K, 0), control = alloc(seL4_X86_4K, 0);
    if (!untyped || !fault_ep || !victim_ep || !secret || !control ||
        !map_frame(seL4_CapInitThreadVSpace, secret, ROOT_SECRET, seL4_ReadWrite) ||
        !map_frame(seL4_CapInitThreadVSpace, control, ROOT_CONTROL, seL4_ReadWrite))
        return 1;
    volatile seL4_Word *s = (volatile seL4_Word *)ROOT_SECRET;
    seL4_Word x = 0x243f6a8885a308d3ul;
    s[0] = ISO_MAGIC_A;
    s[1] = ISO_MAGIC_B;
    for (int i = 2; i < 512; i++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        s[i] = x;
    }
    seL4_Word want_sum = checksum(s, 512), saved[ISO_SECRET_WORDS];
    for (int i = 0; i < ISO_SECRET_WORDS; i++)
        saved[i] = s[2 + i];
    seL4_X86_Page_GetAddress_t paddr = seL4_X86_Page_GetAddress(secret);
    ctl->secret_paddr = paddr.paddr;

    struct child victim;
    if (!make_child(&victim, "victim", ISO_ROLE_VICTIM, 0) || !share_frame(victim.vspace, secret, ISO_SECRET) ||
        !give(&victim, ISO_SLOT_VICTIM_EP, victim_ep, 0) ||
        !make_child(&attacker, "attacker", ISO_ROLE_ATTACKER, ISO_SLOT_FAULT) ||
        !share_frame(attacker.vspace, control, ISO_CONTROL) ||
        !give(&attacker, ISO_SLOT_FAULT, fault_ep, ISO_BADGE_FAULT) ||
        !give(&attacker, ISO_SLOT_REPORT, fault_ep, ISO_BADGE_REPORT) ||
        !give(&attacker, ISO_SLOT_CNODE, attacker.cnode, seL4_CNode_CapData_new(0, seL4_WordBits - ISO_CNODE_BITS).words[0]))
        return 1;
    for (seL4_Word i = 0; i < ISO_SCRATCH_PAGES; i++) {
        seL4_CPtr f = alloc(seL4_X86_4K, 0);
        if (!f || !map_frame(attacker.vspace, f, ISO_SCRATCH + i * PAGE, seL4_ReadWrite))
            return 1;
    }

    seL4_Word sum = 0;
    if (!ok(seL4_TCB_Resume(victim.tcb), "Resume") || victim_round_trip(victim_ep, 41, &sum) != 42 ||
        sum != want_sum) {
        print("isolation: setup: the victim does not answer\n");
        return 1;
    }
    print("isolation: victim and attacker started in VSpaces of their own\n");
    if (!ok(seL4_TCB_Resume(attacker.tcb), "Resume"))
        return 1;
    serve_attacker(fault_ep);

    print("isolation: registers at its start (the root wrote rip, rsp, rdi, rsi): ");
    print_num(ctl->start_nonzero);
    print(" others not 0");
    verdict(!ctl->start_nonzero);
    print("isolation: scribbled over its own frames: ");
    print_num(ctl->scribbled);
    print(" bytes, ");
    print_num(ctl->scribble_bad);
    print(" read back wrong");
    verdict(ctl->scribbled == ISO_SCRATCH_PAGES * PAGE && !ctl->scribble_bad);
    for (int k = ISO_STORE; k <= ISO_CPTR_FAULT; k++)
        report_faults(k);
    print("isolation: ");
    print(kind_names[ISO_CPTR_ERROR]);
    print(": ");
    print_num(ctl->tried[ISO_CPTR_ERROR]);
    print(" tried, ");
    print_num(ctl->missed[ISO_CPTR_ERROR]);
    print(" succeeded, ");
    print_num(faults[ISO_CPTR_ERROR]);
    print(" faulted, caps gained ");
    print_num(ctl->caps_gained);
    verdict(ctl->tried[ISO_CPTR_ERROR] > 0 && !ctl->missed[ISO_CPTR_ERROR] && !faults[ISO_CPTR_ERROR] &&
            !ctl->caps_gained);
    report_faults(ISO_WINDOW_LOAD);
    report_faults(ISO_WINDOW_STORE);
    bool read = ctl->window_secret_found;
    for (int i = 0; i < ISO_SECRET_WORDS; i++)
        read = read && ctl->window_secret[i] == saved[i];
    print("isolation: the victim's secret read through the kernel window");
    print(read ? ": yes" : ": no");
    verdict(!read);

    print("isolation: other messages on the fault endpoint: ");
    print_num(unexpected_messages);
    verdict(!unexpected_messages);
    bool intact = checksum(s, 512) == want_sum;
    print("isolation: the victim's secret intact");
    verdict(intact);
    seL4_Word answer = victim_round_trip(victim_ep, 99, &sum);
    print("isolation: the victim still answers, with its secret's checksum");
    verdict(answer == 100 && sum == checksum(s, 512));

    if (failures) {
        print("isolation: ");
        print_num((seL4_Word)failures);
        print(" properties FAILED\n");
    } else {
        print("isolation: all properties held\n");
    }
    return failures ? 1 : 0;
}
