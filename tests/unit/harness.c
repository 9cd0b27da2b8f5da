/* The unit tests' shared harness: see harness.h. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static struct memkernel mk;
struct kernel *k;
void *ram;
struct kernel_boot_info boot;
char console[8192];
size_t console_len;
int current_failed;
const struct kernel_trace_config *harness_trace;
static int passed, failed;

void harness_console_write(void *ctx, const char *buf, size_t len)
{
    (void)ctx;
    if (console_len + len < sizeof(console)) {
        memcpy(console + console_len, buf, len);
        console_len += len;
        console[console_len] = '\0';
    }
}

void harness_boot(const struct kernel_platform *plat)
{
    const char *why;
    if (!mk.k)
        memkernel_alloc(&mk, RAM_SIZE);
    else
        memkernel_clear_ram(&mk);
    k = mk.k;
    ram = mk.ram;
    console_len = 0;
    console[0] = '\0';
    if (memkernel_boot(&mk, plat, NULL, harness_trace, false, &why) != 0) {
        printf("boot failed: %s\n", why);
        exit(1);
    }
    boot = mk.boot;
}

seL4_BootInfo *bootinfo(void)
{
    return ptr_from_paddr(k, boot.bootinfo_paddr);
}

word_t *ipc_buffer(void)
{
    return ptr_from_paddr(k, boot.ipc_buffer_paddr);
}

cte_t *root_slot(word_t i)
{
    return CNODE_SLOTS(k, tcb_cte(boot.root, tcbCTable)->cap) + i;
}

#define mr_regs memkernel_mr_regs

word_t call(cptr_t cptr, word_t label, int nwords, const word_t *words, int ncaps, const cptr_t *caps)
{
    tcb_t *t = boot.root;
    for (int i = 0; i < nwords; i++) {
        if (i < 4)
            t->regs[mr_regs[i]] = words[i];
        else
            ipc_buffer()[1 + i] = words[i];
    }
    for (int i = 0; i < ncaps; i++)
        ipc_buffer()[seL4_MsgMaxLength + 2 + i] = caps[i];
    t->regs[CTX_RDI] = cptr;
    t->regs[CTX_RSI] = seL4_MessageInfo_new(label, 0, ncaps, nwords).words[0];
    t->regs[CTX_NEXT_IP] = 0x401002;
    kernel_syscall(k, (word_t)seL4_SysCall);
    return seL4_MessageInfo_get_label((seL4_MessageInfo_t){ { t->regs[CTX_RSI] } });
}

word_t mr(int i)
{
    return i < 4 ? boot.root->regs[mr_regs[i]] : ipc_buffer()[1 + i];
}

/* Every test ends with the kernel's invariants intact. */
static void check_invariants(void)
{
    static char why[512];
    static void *scratch;
    const size_t scratch_bytes = 8ul << 20;
    if (!scratch)
        scratch = aligned_alloc(16, scratch_bytes);
    int r = kernel_check_invariants(k, scratch, scratch_bytes, why, sizeof(why));
    if (r != 0) {
        printf("  invariant broken after the test: %s\n", why);
        current_failed = 1;
    }
}

void harness_run(const char *name, void (*boot_kernel)(void), void (*fn)(void))
{
    boot_kernel();
    current_failed = 0;
    check_invariants();
    fn();
    if (!current_failed)
        check_invariants();
    printf("%s %s\n", current_failed ? "FAIL" : "PASS", name);
    if (current_failed)
        failed++;
    else
        passed++;
}

int harness_finish(const char *suite)
{
    memkernel_free(&mk);
    printf("%s: %d passed, %d failed\n", suite, passed, failed);
    return failed != 0;
}
