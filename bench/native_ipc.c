/*
 * ipc_rt_cross_as_abi, the seL4 side: an unmodified native root task (run
 * by `sel4emu run`, every syscall trapped) calls a server of raw code in
 * another VSpace, which answers with seL4_ReplyRecv (also trapped). It
 * prints the median TSC cycles of one round trip over batches; the driver
 * (abi_driver.c) turns them into nanoseconds next to the floor.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "raw_server.h"

#define BATCHES 31
#define ROUNDS 2000
static seL4_CPtr next_slot, untyped;

static void print(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static void print_number(unsigned long v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        seL4_DebugPutChar(digits[--n]);
}

static seL4_CPtr make(seL4_Word type, seL4_Word size)
{
    seL4_CPtr slot = next_slot++;
    if (seL4_Untyped_Retype(untyped, type, size, seL4_CapInitThreadCNode, 0, 0, slot, 1) != seL4_NoError) {
        print("native-ipc: retype failed\n");
        seL4_DebugHalt();
    }
    return slot;
}

static inline unsigned long rdtsc(void)
{
    unsigned lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((unsigned long)hi << 32) | lo;
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    unsigned long batch[BATCHES];

    next_slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 22)
            untyped = bi->untyped.start + i;

    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    raw_server_start(make, next_slot++, ep);

    for (int b = 0; b < BATCHES; b++) {
        unsigned long start = rdtsc();
        for (int i = 0; i < ROUNDS; i++)
            seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
        batch[b] = (rdtsc() - start) / ROUNDS;
    }
    for (int i = 1; i < BATCHES; i++) /* insertion sort: a median without libc */
        for (int j = i; j > 0 && batch[j - 1] > batch[j]; j--) {
            unsigned long t = batch[j];
            batch[j] = batch[j - 1];
            batch[j - 1] = t;
        }
    print("ipc_rt_cross_as_abi_cycles=");
    print_number(batch[BATCHES / 2]);
    print("\n");
    return 0;
}
