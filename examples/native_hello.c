/*
 * A native seL4 root task: an unmodified static seL4 binary built on
 * sel4emu's runtime (runtime/), for real seL4 and `sel4emu run` in ABI mode.
 * It prints through seL4_DebugPutChar and halts the system.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

static void put(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static void put_hex(seL4_Word x)
{
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++)
        buf[2 + i] = "0123456789abcdef"[(x >> (60 - 4 * i)) & 0xf];
    buf[18] = '\0';
    put(buf);
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();

    put("Hello from a native seL4 root task, \"");
    put(sel4runtime_process_name());
    put("\"\n");
    put("  bootinfo   ");
    put_hex((seL4_Word)bi);
    put("\n  IPC buffer ");
    put_hex((seL4_Word)seL4_GetIPCBuffer());
    put("\n");
    seL4_DebugHalt();
    return 0;
}
