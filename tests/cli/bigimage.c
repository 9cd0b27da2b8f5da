/*
 * A root task whose image (a 40 MiB array in .bss) needs more frame caps
 * than the root CNode's 2^13 slots hold: seL4 cannot boot it, and neither
 * does `sel4emu run` (one line, status 2).
 */
#include <sel4/sel4.h>

char big[40ul << 20];

int main(void)
{
    volatile char *p = big;
    p[sizeof(big) - 1] = 'y';
    seL4_DebugPutChar(p[sizeof(big) - 1]);
    return 0;
}
