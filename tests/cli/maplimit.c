/*
 * An API-mode root task that runs out of host address space: it limits its
 * own (RLIMIT_AS, ulimit -v) to 16 MiB more than it uses now, then maps
 * 2 MiB frames until Linux cannot map one more. sel4emu must stop with one
 * line saying so, rather than fail the Map with an error seL4 would not
 * give. It prints each frame it mapped.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define BASE 0x310000000000ul
#define FRAMES 64

static seL4_CPtr slot, untyped;

static seL4_CPtr make(seL4_Word type)
{
    seL4_Error e = seL4_Untyped_Retype(untyped, type, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (e) {
        printf("maplimit: retype failed: %d\n", e);
        exit(1);
    }
    return slot++;
}

static unsigned long vm_size_kib(void)
{
    char line[256];
    unsigned long kib = 0;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "VmSize: %lu kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 27)
            untyped = bi->untyped.start + i;
    if (!untyped) {
        printf("maplimit: no 128 MiB untyped\n");
        return 1;
    }
    seL4_CPtr pdpt = make(seL4_X86_PDPTObject), pd = make(seL4_X86_PageDirectoryObject);
    if (seL4_X86_PDPT_Map(pdpt, seL4_CapInitThreadVSpace, BASE, seL4_X86_Default_VMAttributes) ||
        seL4_X86_PageDirectory_Map(pd, seL4_CapInitThreadVSpace, BASE, seL4_X86_Default_VMAttributes)) {
        printf("maplimit: cannot map the paging structures\n");
        return 1;
    }
    unsigned long kib = vm_size_kib();
    struct rlimit rl;
    getrlimit(RLIMIT_AS, &rl);
    rl.rlim_cur = (kib + (16ul << 10)) << 10;
    if (!kib || setrlimit(RLIMIT_AS, &rl) != 0) {
        printf("maplimit: cannot limit the address space\n");
        return 1;
    }
    for (int i = 0; i < FRAMES; i++) {
        seL4_Error e = seL4_X86_Page_Map(make(seL4_X86_LargePageObject), seL4_CapInitThreadVSpace,
                                         BASE + ((seL4_Word)i << 21), seL4_ReadWrite, seL4_X86_Default_VMAttributes);
        if (e) {
            printf("maplimit: Map of frame %d failed with seL4 error %d\n", i, e);
            return 1;
        }
        printf("mapped %d\n", i);
        fflush(stdout);
    }
    printf("maplimit: all %d frames mapped\n", FRAMES);
    return 0;
}
