/*
 * A native root task with a wild store: into the middle of the emulator's
 * kernel window (host/host.h HOST_KERNEL_WINDOW), an address seL4 does not
 * map for it. Under `sel4emu run` (not --no-protect-kernel) that is the root task's
 * VM fault (no handler: the kernel reports it and the thread stops); the
 * kernel goes on: it reports the fault and ends the run.
 */
#include <sel4/sel4.h>

#ifndef WILD_ADDRESS
#error "WILD_ADDRESS: set by the build"
#endif

int main(void)
{
    for (const char *s = "scribbling\n"; *s; s++)
        seL4_DebugPutChar(*s);
    *(volatile seL4_Word *)WILD_ADDRESS = 0xbadbadbadbadul;
    for (const char *s = "the store went through\n"; *s; s++)
        seL4_DebugPutChar(*s);
    return 3;
}
