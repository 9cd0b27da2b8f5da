/* Prints through seL4_DebugPutChar, then halts the system with seL4_DebugHalt. */
#include <sel4/sel4.h>

int main(void)
{
    for (const char *s = "before halt\n"; *s; s++)
        seL4_DebugPutChar(*s);
    seL4_DebugHalt();
    for (const char *s = "after halt\n"; *s; s++)
        seL4_DebugPutChar(*s);
    return 3;
}
