/*
 * What spawn_pingpong.c (the root task) and pingpong_child.c (its two
 * children) agree on: the children's CSpace slots, where the shared counter
 * is, and the argument word.
 */
#pragma once

#include <sel4/sel4.h>

/* The child's CSpace (a 16-slot CNode): slot 1 is its own TCB (the
 * runtime's convention), then what the root gives it. */
#define PP_SLOT_EP 2   /* the endpoint the two children ping-pong over */
#define PP_SLOT_DONE 3 /* ping: a notification to tell the root it is done */

/* The frame both children map (and the root too, elsewhere): word 0 counts
 * the messages of both. */
#define PP_SHARED_COUNTER 0x30000000ul

/* The argument word: the role in the low byte, the number of rounds above. */
#define PP_PING 1
#define PP_PONG 2
#define PP_ARG(role, rounds) ((seL4_Word)(role) | ((seL4_Word)(rounds) << 8))

/* Output without libc, for the root and the children alike. */
static inline void print(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static inline void print_num(seL4_Word n)
{
    char buf[21];
    int i = sizeof(buf) - 1;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    print(&buf[i]);
}
