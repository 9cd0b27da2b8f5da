/*
 * What the isolation test's root task (isolation.c) and its two children
 * (isolation_child.c: the attacker and the victim) agree on.
 *
 * The root loads the child image twice, into two VSpaces (two Linux
 * processes under sel4emu). The victim holds a secret in a frame mapped
 * only in its VSpace (and the root's); the attacker tries to reach it, the
 * kernel and the rest of the system, and reports what it tried in a frame
 * it shares with the root. The root is the attacker's fault handler: it
 * counts every fault, checks it is the one the probe must raise, and sends
 * the attacker on.
 */
#pragma once

#include <sel4/sel4.h>

/* The children's layout (both: image, IPC buffer, stack). */
#define ISO_IMAGE 0x10000000ul
#define ISO_IPC_BUFFER 0x20000000ul
#define ISO_STACK_TOP 0x20100000ul
#define ISO_STACK_PAGES 4
#define ISO_SECRET 0x30000000ul  /* victim: its secret frame */
#define ISO_CONTROL 0x31000000ul /* attacker: the frame it shares with the root */
#define ISO_SCRATCH 0x32000000ul /* attacker: frames of its own to scribble over */
#define ISO_SCRATCH_PAGES 8

/* The children's CSpaces: a 16-slot CNode, guard 60 bits; slot 1 = own TCB. */
#define ISO_CNODE_BITS 4
#define ISO_SLOT_VICTIM_EP 2 /* victim: the endpoint the root calls it on */
#define ISO_SLOT_FAULT 2     /* attacker: its fault endpoint (badge ISO_BADGE_FAULT) */
#define ISO_SLOT_REPORT 3    /* attacker: the same endpoint, badge ISO_BADGE_REPORT */
#define ISO_SLOT_CNODE 4     /* attacker: its own CNode */
#define ISO_FIRST_EMPTY 5    /* attacker: slots 5..15 are empty */
#define ISO_BADGE_FAULT 0xfa
#define ISO_BADGE_REPORT 0xd0

/* Child roles: the argument word. */
#define ISO_ROLE_VICTIM 1
#define ISO_ROLE_ATTACKER 2

/* The secret: a header the window scan looks for, then ISO_SECRET_WORDS words. */
#define ISO_MAGIC_A 0x5ec2e75ec2e70001ul
#define ISO_MAGIC_B 0x0b5e55ed0b5e55edul
#define ISO_SECRET_WORDS 8

/* Where emulated RAM starts in "physical" memory, and the kernel window (host/host.h). */
#define ISO_RAM_PADDR 0x100000ul
#define ISO_WINDOW 0x400000000000ul
/* How far the closed window is swept: the kernel's state (2 MiB) and the default 256 MiB of RAM. */
#define ISO_WINDOW_SWEEP (258ul << 20)

/* The victim's request (label) and what it answers: MR0 = request + 1, MR1 = its secret's checksum. */
#define ISO_LABEL_CHECK 0x1c

/* The attacker's probes, by kind. */
enum iso_kind {
    ISO_STORE,        /* a store outside its writable mappings: VM fault at the address */
    ISO_LOAD,         /* a load outside its mappings: VM fault at the address */
    ISO_STORE_RO,     /* a store to its own read-only image: VM fault, present + write */
    ISO_JUMP,         /* a call to an address with no code of its own: VM fault or #GP */
    ISO_SYSCALL,      /* a Linux system call: UnknownSyscall fault, answered by the root */
    ISO_CPTR_FAULT,   /* seL4_Call on, or an extra cap named by, a forged cptr outside its CNode: cap fault */
    ISO_CPTR_ERROR,   /* an invocation naming forged cptrs or depths: an seL4 error */
    ISO_WINDOW_LOAD,  /* a load from the kernel window */
    ISO_WINDOW_STORE, /* a store into the kernel window's kernel state */
    ISO_KINDS
};

/* The frame the attacker shares with the root (at ISO_CONTROL in the attacker). */
struct iso_control {
    /* attacker -> root */
    seL4_Word recover;            /* the attacker's recovery entry: the root sends it there after a fault */
    seL4_Word kind, target;       /* the probe running now: its kind and address (or cptr) */
    seL4_Word sys_nr, sys_rdx;    /* ISO_SYSCALL: RAX (the Linux number) and RDX (seL4's syscall number) */
    seL4_Word tried[ISO_KINDS];   /* probes run */
    seL4_Word missed[ISO_KINDS];  /* probes that did not end as they must (went through, wrong answer) */
    seL4_Word first_miss[ISO_KINDS]; /* the target of the first one */
    seL4_Word start_nonzero;      /* registers at its start that the root did not write, yet not 0 */
    seL4_Word scribbled;          /* bytes of its own frames written and read back */
    seL4_Word scribble_bad;       /* of those, bytes that did not read back */
    seL4_Word caps_gained;        /* empty slots of its CSpace holding a cap after the forging */
    seL4_Word window_secret[ISO_SECRET_WORDS]; /* the secret as read through the kernel window */
    seL4_Word window_secret_found;
    seL4_Word done;
    /* root -> attacker */
    seL4_Word secret_paddr;       /* physical address of the victim's secret frame (the window phase) */
};

/* The root's answer to the Linux system call with number nr (RAX). */
#define ISO_ANSWER(nr) (0x7ead0000ul + (nr))
