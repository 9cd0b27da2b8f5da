# sel4emu's gdb commands: seL4 threads, TCBs, CSpaces and fault handlers,
# read from the emulated kernel's state, and backtraces that step over the
# emulator's own frames. Loaded by `sel4emu gdb` / `sel4emu run --gdb`;
# by hand: (gdb) source build/sel4emu_gdb.py
#
#   sel4 threads                 every seL4 thread (TCB), with its host thread
#   sel4 tcb [THREAD]            a TCB's state, priorities, registers, caps
#   sel4 cspace [THREAD]         the capabilities of its CSpace
#   sel4 faulthandler [THREAD]   its fault handler and what the CPtr names
#
# THREAD is a thread name (seL4_DebugNameThread), a TCB address, or omitted
# for the seL4 thread of gdb's current thread. See docs/DEBUGGING.md.
import gdb

KERNEL_WINDOW = 0x400000000000   # host/host.h HOST_KERNEL_WINDOW: struct kernel, then RAM
TCB_OFFSET = 1024                # the tcb_t sits this far into a TCB object, after its CNode
SLOT_BYTES = 32
WORD_BITS = 64
MASK48 = (1 << 48) - 1

THREAD_STATES = ["inactive", "running", "restart", "blocked on recv", "blocked on send",
                 "blocked on reply", "blocked on ntfn", "idle"]
CAP_TYPES = {0: "null", 1: "Frame", 2: "Untyped", 3: "PageTable", 4: "Endpoint", 5: "PageDirectory",
             6: "Notification", 7: "PDPT", 8: "Reply", 9: "PML4", 10: "CNode", 11: "ASIDControl",
             12: "TCB", 13: "ASIDPool", 14: "IRQControl", 16: "IRQHandler", 18: "Zombie",
             19: "IOPort", 20: "Domain", 31: "IOPortControl"}
FAULT_TYPES = {0: "none", 1: "cap fault", 2: "unknown syscall", 3: "user exception", 5: "vm fault"}
REGS = ["rip", "rsp", "rflags", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "fs_base", "gs_base"]


def kernel():
    try:
        k = gdb.parse_and_eval("(struct kernel *)%d" % KERNEL_WINDOW).dereference()
        int(k["ram"])
        return k
    except (gdb.error, gdb.MemoryError) as e:
        raise gdb.GdbError("sel4: no emulated kernel here (is the program running, with "
                           "sel4emu's debug info?): %s" % e)


def u64(value):
    return int(value) & 0xffffffffffffffff


def read_words(addr, n):
    mem = gdb.selected_inferior().read_memory(addr, 8 * n)
    return [int.from_bytes(bytes(mem[8 * i:8 * i + 8]), "little") for i in range(n)]


class Kernel:
    """The parts of struct kernel (kernel/include/state.h) the commands need."""

    def __init__(self):
        k = kernel()
        self.k = k
        self.ram = u64(k["ram"])
        self.ram_paddr = u64(k["ram_paddr"])
        self.cur = u64(k["cur_thread"])

    def ptr(self, paddr):
        return self.ram + paddr - self.ram_paddr

    def tcbs(self):
        t = self.k["debug_tcbs"]
        seen = set()
        while u64(t) and u64(t) not in seen:
            seen.add(u64(t))
            yield t.dereference()
            t = t["debug_next"]


def tcb_name(t):
    return t["name"].string()


def host_owner(t):
    """(pid, tid) of the host thread that runs t (host/runner.h struct tcb_host)."""
    owner = read_words(u64(t["host"].address) + 8, 1)[0]  # after the wake word and padding
    return owner >> 32, owner & 0xffffffff


def gdb_thread_of(t):
    pid, tid = host_owner(t)
    for inf in gdb.inferiors():
        for th in inf.threads():
            if th.ptid[1] == tid and (th.ptid[0] == pid or inf.pid == pid):
                return th
    return None


def find_tcb(k, arg):
    arg = arg.strip()
    if not arg:
        th = gdb.selected_thread()
        if th is None:
            raise gdb.GdbError("sel4: no thread selected")
        for t in k.tcbs():
            pid, tid = host_owner(t)
            if tid == th.ptid[1]:
                return t
        raise gdb.GdbError("sel4: gdb's thread %d is not an seL4 thread (try `sel4 threads`)" % th.num)
    matches = [t for t in k.tcbs() if tcb_name(t) == arg]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise gdb.GdbError("sel4: %d threads are named %s; give a TCB address" % (len(matches), arg))
    try:
        addr = int(gdb.parse_and_eval(arg))
    except gdb.error:
        raise gdb.GdbError("sel4: no seL4 thread named %s" % arg)
    for t in k.tcbs():
        if u64(t.address) == addr:
            return t
    raise gdb.GdbError("sel4: 0x%x is not a live TCB" % addr)


def decode_cap(w0, w1):
    """A one-line description of a cap (kernel/include/structures.h cap_t)."""
    typ = w0 & 0x1f
    name = CAP_TYPES.get(typ, "type %d" % typ)
    obj = (w0 >> 16) & MASK48
    if typ in (4, 6):
        rights = ("R" if w0 >> 6 & 1 else "-") + ("W" if w0 >> 5 & 1 else "-")
        if typ == 4:
            rights += ("G" if w0 >> 7 & 1 else "-") + ("R" if w0 >> 8 & 1 else "-")
        return "%s 0x%x rights=%s badge=0x%x" % (name, obj, rights, w1)
    if typ == 2:
        return "%s 0x%x size_bits=%d%s free_index=0x%x" % (name, obj, w0 >> 6 & 0x3f,
                                                           " device" if w0 >> 5 & 1 else "", w1)
    if typ == 10:
        return "%s 0x%x radix=%d guard=0x%x guard_size=%d" % (name, obj, w0 >> 5 & 0x3f,
                                                             w1 & ((1 << 58) - 1), w1 >> 58)
    if typ == 12:
        return "%s 0x%x" % (name, obj)
    if typ == 8:
        return "%s tcb=0x%x%s%s" % (name, obj, " master" if w0 >> 5 & 1 else "", " grant" if w0 >> 6 & 1 else "")
    if typ == 1:
        size = {0: "4K", 1: "2M", 2: "1G"}.get(w0 >> 5 & 3, "?")
        rights = {1: "kernel-only", 2: "R", 3: "RW"}.get(w0 >> 7 & 3, "?")
        mapped = " mapped at 0x%x (asid %d)" % (w1 >> 16, w1 & 0xffff) if w0 >> 10 & 1 else ""
        return "%s 0x%x %s %s%s%s" % (name, obj, size, rights, " device" if w0 >> 9 & 1 else "", mapped)
    if typ in (3, 5, 7, 9):
        mapped = " mapped at 0x%x (asid %d)" % (w1 >> 16, w1 & 0xffff) if w0 >> 5 & 1 else ""
        return "%s 0x%x%s" % (name, obj, mapped)
    if typ == 16:
        return "%s irq=%d" % (name, w1)
    if typ == 19:
        return "%s ports 0x%x-0x%x" % (name, w0 >> 16 & 0xffff, w0 >> 32 & 0xffff)
    if typ == 13:
        return "%s 0x%x asid_base=0x%x" % (name, obj, w1 & 0xffff)
    return name


def cap_region(w0, w1):
    """The object a cap names, as (start, end) in physical memory, or None."""
    typ = w0 & 0x1f
    obj = (w0 >> 16) & MASK48
    if typ == 2:
        return obj, obj + (1 << (w0 >> 6 & 0x3f))
    if typ in (1, 3, 4, 5, 6, 7, 9, 10, 12, 13):
        return obj, obj + 1
    return None


def is_parent(a, b):
    """Whether slot a's cap is the derivation parent of slot b's (seL4 isMDBParentOf, simplified)."""
    aw0, aw1, bw0, bw1 = a[0], a[1], b[0], b[1]
    if not (a[3] >> 48 & 1):  # revocable
        return False
    at, bt = aw0 & 0x1f, bw0 & 0x1f
    control = {14: 16, 31: 19, 11: 13}
    if control.get(at) == bt:
        return True
    ra, rb = cap_region(aw0, aw1), cap_region(bw0, bw1)
    if not ra or not rb:
        return False
    if at == 2:
        return ra[0] <= rb[0] and rb[1] <= ra[1] and (bt != 2 or rb != ra)
    if at != bt or ra[0] != rb[0]:
        return False
    if at in (4, 6) and aw1:
        return aw1 == bw1 and not (b[3] >> 49 & 1)  # first_badged
    return True


def read_slot(addr):
    return read_words(addr, 4)  # cap words, mdb prev, mdb next|flags


def parent_of(addr):
    """The slot address of the derivation parent of the slot at addr, or 0."""
    me = read_slot(addr)
    prev, hops = me[2], 0
    while prev and hops < 100000:
        p = read_slot(prev)
        if is_parent(p, me):
            return prev
        prev, hops = p[2], hops + 1
    return 0


def walk_cspace(k, root_w0, root_w1, prefix, bits_used, out, seen):
    """Every non-null slot under a CNode cap: (cptr, depth, slot address, words)."""
    radix, guard_size = root_w0 >> 5 & 0x3f, root_w1 >> 58
    guard = root_w1 & ((1 << 58) - 1)
    obj = (root_w0 >> 16) & MASK48
    if obj in seen or bits_used + guard_size + radix > WORD_BITS or len(out) > 100000:
        return
    seen.add(obj)
    base = k.ptr(obj)
    mem = gdb.selected_inferior().read_memory(base, SLOT_BYTES << radix)
    depth = bits_used + guard_size + radix
    for i in range(1 << radix):
        raw = bytes(mem[SLOT_BYTES * i:SLOT_BYTES * (i + 1)])
        w = [int.from_bytes(raw[8 * j:8 * j + 8], "little") for j in range(4)]
        if w[0] & 0x1f == 0:
            continue
        cptr = ((prefix << guard_size | guard) << radix) | i
        out.append((cptr << (WORD_BITS - depth), depth, base + SLOT_BYTES * i, w))
        if w[0] & 0x1f == 10 and depth < WORD_BITS:
            walk_cspace(k, w[0], w[1], cptr, depth, out, seen)


def cspace_slots(k, t):
    ctable = u64(t.address) - TCB_OFFSET  # tcbCTable is the TCB CNode's slot 0
    root = read_slot(ctable)
    if root[0] & 0x1f != 10:
        return None
    out = []
    walk_cspace(k, root[0], root[1], 0, 0, out, set())
    return out


def resolve(k, t, cptr):
    """The slot (address, words) a depth-64 CPtr names in t's CSpace, or None."""
    slots = cspace_slots(k, t) or []
    for c, depth, addr, w in slots:
        if depth == WORD_BITS and c == cptr:
            return addr, w
    return None


class Sel4(gdb.Command):
    """seL4 objects of the emulated system: sel4 threads | tcb | cspace | faulthandler."""

    def __init__(self):
        super().__init__("sel4", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


class Sel4Threads(gdb.Command):
    """List every seL4 thread: TCB, name, state, priority, host pid/tid and gdb thread."""

    def __init__(self):
        super().__init__("sel4 threads", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k = Kernel()
        print("%-18s %-20s %-17s %4s %14s  %s" % ("TCB", "name", "state", "prio", "host pid/tid", "gdb"))
        for t in k.tcbs():
            pid, tid = host_owner(t)
            th = gdb_thread_of(t) if tid else None
            mark = "*" if u64(t.address) == k.cur else " "
            state = THREAD_STATES[int(t["state"]["type"])] if int(t["state"]["type"]) < 8 else "?"
            print("%s0x%-16x %-20s %-17s %4d %14s  %s" % (
                mark, u64(t.address), tcb_name(t), state, int(t["priority"]),
                "%d/%d" % (pid, tid) if tid else "-", "thread %d" % th.num if th else "-"))


class Sel4Tcb(gdb.Command):
    """Print an seL4 thread's TCB: sel4 tcb [NAME | TCB-ADDRESS]; no argument: gdb's current thread."""

    def __init__(self):
        super().__init__("sel4 tcb", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k = Kernel()
        t = find_tcb(k, arg)
        st = t["state"]
        stype = int(st["type"])
        print("TCB 0x%x \"%s\"%s" % (u64(t.address), tcb_name(t), "  (running on the core)" if u64(t.address) == k.cur else ""))
        line = "  state: %s" % (THREAD_STATES[stype] if stype < 8 else stype)
        if stype in (3, 4, 6):
            line += " on 0x%x" % u64(st["blocking_object"])
        if stype == 4:
            line += " badge=0x%x%s" % (u64(st["badge"]), " (call)" if bool(st["is_call"]) else "")
        print(line)
        print("  priority %d  mcp %d  domain %d  time slice %d%s" % (
            int(t["priority"]), int(t["mcp"]), int(t["domain"]), int(t["time_slice"]),
            "  queued" if bool(t["queued"]) else ""))
        print("  fault handler CPtr 0x%x  IPC buffer 0x%x" % (u64(t["fault_handler"]), u64(t["ipc_buffer"])))
        bound = u64(t["bound_notification"])
        if bound:
            print("  bound notification 0x%x" % bound)
        fault = t["fault"]
        ftype = int(fault["type"])
        if ftype:
            w = [u64(fault["w"][i]) for i in range(3)]
            print("  last fault: %s %s" % (FAULT_TYPES.get(ftype, ftype), " ".join("0x%x" % x for x in w)))
        ctable = u64(t.address) - TCB_OFFSET
        for i, what in enumerate(["CSpace root", "VSpace root", "reply", "caller", "IPC buffer"]):
            w = read_slot(ctable + SLOT_BYTES * i)
            if w[0] & 0x1f:
                print("  %-11s %s" % (what + ":", decode_cap(w[0], w[1])))
        regs = [u64(t["regs"][i]) for i in range(len(REGS))]
        for i in range(0, len(REGS), 4):
            print("  " + "  ".join("%-7s 0x%016x" % (REGS[j], regs[j]) for j in range(i, min(i + 4, len(REGS)))))


class Sel4CSpace(gdb.Command):
    """Print an seL4 thread's capabilities: sel4 cspace [NAME | TCB-ADDRESS].

Each line: CPtr (and depth if not 64), the cap's type and object, rights,
badge, and the CPtr of the slot it was derived from (its MDB parent)."""

    def __init__(self):
        super().__init__("sel4 cspace", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k = Kernel()
        t = find_tcb(k, arg)
        slots = cspace_slots(k, t)
        if slots is None:
            print("\"%s\" has no CNode as its CSpace root" % tcb_name(t))
            return
        where = {addr: (cptr, depth) for cptr, depth, addr, w in slots}
        print("CSpace of \"%s\" (%d caps)" % (tcb_name(t), len(slots)))
        for cptr, depth, addr, w in slots:
            parent = parent_of(addr)
            if parent in where:
                p = where[parent]
                ptext = "  parent 0x%x" % p[0] + ("" if p[1] == WORD_BITS else "/%d" % p[1])
            elif parent:
                ptext = "  parent slot 0x%x (outside this CSpace)" % parent
            else:
                ptext = ""
            slot = "0x%x" % cptr + ("" if depth == WORD_BITS else "/%d" % depth)
            print("  %-10s %s%s" % (slot, decode_cap(w[0], w[1]), ptext))


class Sel4FaultHandler(gdb.Command):
    """Print an seL4 thread's fault handler: sel4 faulthandler [NAME | TCB-ADDRESS]."""

    def __init__(self):
        super().__init__("sel4 faulthandler", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k = Kernel()
        t = find_tcb(k, arg)
        cptr = u64(t["fault_handler"])
        found = resolve(k, t, cptr)
        if not found:
            print("\"%s\": fault handler CPtr 0x%x names no cap: a fault stops the thread" % (tcb_name(t), cptr))
            return
        addr, w = found
        ok = w[0] & 0x1f == 4 and w[0] >> 5 & 1 and (w[0] >> 7 & 1 or w[0] >> 8 & 1)
        print("\"%s\": fault handler CPtr 0x%x: %s%s" % (
            tcb_name(t), cptr, decode_cap(w[0], w[1]),
            "" if ok else "  (not an endpoint with send and grant or grant-reply: a fault stops the thread)"))
        if ok:
            ep = read_words(k.ptr((w[0] >> 16) & MASK48), 2)
            state = ["idle", "senders waiting", "receivers waiting"][ep[0] & 3] if ep[0] & 3 < 3 else "?"
            print("  endpoint 0x%x: %s" % ((w[0] >> 16) & MASK48, state))


class Sel4Image(gdb.Command):
    """(sel4emu run --gdb) Debug the root task's process of an seL4 image: sel4 image PATH."""

    def __init__(self):
        super().__init__("sel4 image", gdb.COMMAND_SUPPORT)

    def invoke(self, arg, from_tty):
        image = arg.strip()
        for cmd in ["set follow-fork-mode child", "set detach-on-fork on",
                    "handle SIGSYS nostop noprint pass", "handle SIGSEGV nostop noprint pass"]:
            gdb.execute(cmd, to_string=True)
        RootTaskReady(image)


class RootTaskReady(gdb.Breakpoint):
    """Where the root task's process has mapped its image: load the image's symbols and go on."""

    def __init__(self, image):
        super().__init__("sel4emu_debugger_stop", internal=True)
        self.image = image

    def stop(self):
        if self.enabled:
            self.enabled = False
            gdb.execute("add-symbol-file %s" % self.image, to_string=True)
            print("sel4emu: root task %s loaded, with its symbols" % self.image)
        return False


# ---- backtraces: the emulator's frames inside an seL4 call, elided ----

EMULATOR_DIRS = ("/host/", "/kernel/", "/libsel4emu/", "/abi/")


def is_emulator_frame(frame):
    sal = frame.find_sal()
    if sal.symtab is not None:
        name = sal.symtab.filename
        return any(d in name for d in EMULATOR_DIRS) or "/sysdeps/" in name
    return frame.name() in ("syscall", "abi_signal_entry", "sel4emu_syscall")


try:
    from gdb.FrameDecorator import FrameDecorator

    class KernelEntry(FrameDecorator):
        """The app's view of an seL4 call: the emulator's frames folded under one line."""

        def __init__(self, base, hidden):
            super().__init__(base)
            self.hidden = hidden

        def function(self):
            return "<seL4 kernel entry: emulator frames elided>"

        def elided(self):
            return iter(self.hidden)

    class Sel4FrameFilter:
        def __init__(self):
            self.name = "sel4emu"
            self.priority = 100
            self.enabled = True
            gdb.frame_filters[self.name] = self

        def filter(self, frames):
            frames = list(frames)
            # Inside an seL4 call: everything up to the entry (sel4emu_syscall, or the
            # signal frame of a trapped syscall or tick) is the emulator's.
            cut = -1
            for i, fd in enumerate(frames):
                f = fd.inferior_frame()
                if f.type() == gdb.SIGTRAMP_FRAME or f.name() == "sel4emu_syscall":
                    cut = i
                    break
                if not is_emulator_frame(f):
                    break
            if cut >= 0:
                frames = [KernelEntry(frames[cut], frames[:cut])] + frames[cut + 1:]
            # A thread's first function returns to whatever its stack held: often 0.
            while len(frames) > 1 and frames[-1].inferior_frame().pc() == 0:
                frames.pop()
            return iter(frames)

    Sel4FrameFilter()
except ImportError:
    pass

class Deadlock(gdb.Breakpoint):
    """Stops before a system in which no thread can run any more ends, so it can be looked at."""

    def __init__(self):
        super().__init__("sel4emu_debugger_deadlock", internal=True)

    def stop(self):
        print("sel4emu: no seL4 thread can run any more: stopped before the system ends "
              "(try `sel4 threads`)")
        return True


class UnhandledFault(gdb.Breakpoint):
    """Stops in a thread whose fault found no handler, after sel4emu's report."""

    def __init__(self):
        super().__init__("sel4emu_debugger_fault", internal=True)

    def stop(self):
        print("sel4emu: an seL4 fault found no handler (report above): stopped in the faulting thread; "
              "`bt` shows where")
        return True


Sel4()
Sel4Threads()
Sel4Tcb()
Sel4CSpace()
Sel4FaultHandler()
Sel4Image()
gdb.execute("handle SIG40 SIG41 nostop noprint pass", to_string=True)
gdb.execute("set breakpoint pending on", to_string=True)
Deadlock()
UnhandledFault()
