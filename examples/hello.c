/*
 * The sel4emu demo: an ordinary seL4 root task. It prints what the kernel
 * told it at boot, then makes a few objects and capabilities and shows the
 * kernel's answers. Build it for real seL4 and it prints the same.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <stdio.h>

static const char *cap_name(seL4_Word type)
{
    switch (type) {
    case 0: return "null";
    case 1: return "frame";
    case 2: return "untyped";
    case 4: return "endpoint";
    case 6: return "notification";
    case 9: return "PML4";
    case 10: return "CNode";
    case 12: return "TCB";
    default: return "other";
    }
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_Word ram = 0, device = 0, biggest = 0;
    seL4_CPtr ut = seL4_CapNull;

    printf("Hello from an seL4 root task on sel4emu.\n");
    printf("bootinfo: node %lu of %lu, CNode 2^%lu slots, IPC buffer %p\n", bi->nodeID, bi->numNodes,
           bi->initThreadCNodeSizeBits, (void *)bi->ipcBuffer);
    printf("  empty slots      [%lu, %lu)\n", bi->empty.start, bi->empty.end);
    printf("  untyped caps     [%lu, %lu)\n", bi->untyped.start, bi->untyped.end);
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->isDevice) {
            device++;
        } else {
            ram += 1ul << d->sizeBits;
            if (d->sizeBits > biggest) {
                biggest = d->sizeBits;
                ut = bi->untyped.start + i;
            }
        }
    }
    printf("  RAM untypeds     %lu KiB free, largest 2^%lu bytes; %lu device untypeds\n", ram >> 10, biggest,
           device);

    /* Make an endpoint, a badged copy of it, and look at both. */
    seL4_CPtr ep = bi->empty.start, badged = ep + 1;
    seL4_Error err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0, ep, 1);
    printf("Untyped_Retype(endpoint) -> %d, slot %lu holds a %s cap\n", err, ep,
           cap_name(seL4_DebugCapIdentify(ep)));
    err = seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_WordBits, seL4_CapInitThreadCNode, ep,
                          seL4_WordBits, seL4_AllRights, 0x5ee1);
    printf("CNode_Mint(badge 0x5ee1) -> %d, slot %lu holds a %s cap\n", err, badged,
           cap_name(seL4_DebugCapIdentify(badged)));
    err = seL4_CNode_Mint(seL4_CapInitThreadCNode, badged + 1, seL4_WordBits, seL4_CapInitThreadCNode, badged,
                          seL4_WordBits, seL4_AllRights, 0x42);
    printf("CNode_Mint of the badged cap -> %d (seL4_IllegalOperation: a badge is set once)\n", err);

    /* A lookup that fails explains itself in the message registers. */
    err = seL4_CNode_Copy(seL4_CapInitThreadCNode, badged + 1, seL4_WordBits, seL4_CapInitThreadCNode,
                          bi->empty.end - 1, seL4_WordBits, seL4_AllRights);
    printf("CNode_Copy from an empty slot -> %d (seL4_FailedLookup): in source %lu, lookup failure %lu "
           "(seL4_MissingCapability), %lu bits left\n",
           err, seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));

    /* Revoking the untyped destroys everything made from it. */
    err = seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, seL4_WordBits);
    printf("CNode_Revoke(untyped) -> %d, slot %lu now holds a %s cap\n", err, ep,
           cap_name(seL4_DebugCapIdentify(ep)));
    printf("Goodbye.\n");
    return 0;
}
