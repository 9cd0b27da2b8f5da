/* A native root task that never ends by itself: it yields forever, so only an interrupt stops the system. */
#include <sel4/sel4.h>

int main(void)
{
    for (const char *s = "running\n"; *s; s++)
        seL4_DebugPutChar(*s);
    for (;;)
        seL4_Yield();
}
