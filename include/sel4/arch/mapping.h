/* x86 mapping lookup levels (libsel4 arch_include/x86/sel4/arch/mapping.h). */
#pragma once

#include <sel4/sel4_arch/mapping.h>

#define SEL4_MAPPING_LOOKUP_NO_EPTPDPT 39
#define SEL4_MAPPING_LOOKUP_NO_EPTPD 30
#define SEL4_MAPPING_LOOKUP_NO_EPTPT 21
