/*
 * A child process of spawn_pingpong: ping or pong, as its argument says.
 * A static seL4 program on sel4emu's runtime (child start: child_main gets
 * the spawner's argument word; returning suspends the child), linked at
 * 0x10000000 and embedded in the root task. Prints with seL4_DebugPutChar.
 *
 *   ping: for each round, count in the shared frame, then seL4_Call the
 *         endpoint with the round number; at the end, signal the root.
 *   pong: seL4_Recv on the endpoint, then for each request count in the
 *         shared frame and answer with seL4_ReplyRecv.
 */
#include <sel4/sel4.h>
#include <sel4emu_child.h>

#include "pingpong.h"

static void say(const char *who, seL4_Word round, seL4_Word count)
{
    print(who);
    print_num(round);
    print("  (shared counter ");
    print_num(count);
    print(")\n");
}

int child_main(seL4_Word arg)
{
    volatile seL4_Word *counter = (volatile seL4_Word *)PP_SHARED_COUNTER;
    seL4_Word rounds = arg >> 8;

    if ((arg & 0xff) == PP_PING) {
        for (seL4_Word i = 1; i <= rounds; i++) {
            *counter += 1;
            say("ping ", i, *counter);
            seL4_SetMR(0, i);
            seL4_Call(PP_SLOT_EP, seL4_MessageInfo_new(0, 0, 0, 1));
            if (seL4_GetMR(0) != i)
                print("ping: pong answered with the wrong round\n");
        }
        seL4_Signal(PP_SLOT_DONE);
        return 0;
    }

    seL4_Word badge;
    seL4_Recv(PP_SLOT_EP, &badge);
    for (;;) {
        seL4_Word round = seL4_GetMR(0);
        *counter += 1;
        say("  pong ", round, *counter);
        seL4_SetMR(0, round);
        seL4_ReplyRecv(PP_SLOT_EP, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    }
}
