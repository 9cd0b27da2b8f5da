/* 64-bit mode constants (libsel4 mode_include/64/sel4/mode/types.h). */
#pragma once

#define seL4_GuardSizeBits 6
#define seL4_GuardBits 58
#define seL4_BadgeBits 64
