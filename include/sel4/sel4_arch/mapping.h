/* Failed-lookup details of x86_64 mapping invocations (libsel4
 * sel4_arch_include/x86_64/sel4/sel4_arch/mapping.h). When a Map fails with
 * seL4_FailedLookup, MR2 holds the number of bits left, which says which
 * paging level is missing. */
#pragma once

#include <sel4/functions.h>

#define SEL4_MAPPING_LOOKUP_LEVEL 2
#define SEL4_MAPPING_LOOKUP_NO_PT 21
#define SEL4_MAPPING_LOOKUP_NO_PD 30
#define SEL4_MAPPING_LOOKUP_NO_PDPT 39

LIBSEL4_INLINE_FUNC seL4_Word seL4_MappingFailedLookupLevel(void)
{
    return seL4_GetMR(SEL4_MAPPING_LOOKUP_LEVEL);
}
