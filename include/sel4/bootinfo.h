/* Boot information (libsel4/include/sel4/bootinfo.h). A root task gets the
 * bootinfo pointer from its runtime (sel4runtime_bootinfo()). */
#pragma once

#include <sel4/types.h>
#include <sel4/bootinfo_types.h>
#include <sel4/arch/bootinfo_types.h>
#include <sel4/macros.h>

/* Declared as in libsel4, deprecated there too; libsel4emu need not define them. */
void seL4_InitBootInfo(seL4_BootInfo *bi)
SEL4_DEPRECATED("libsel4 management of bootinfo is deprecated, see the BootInfo Frame section of the manual");
seL4_BootInfo *seL4_GetBootInfo(void)
SEL4_DEPRECATED("libsel4 management of bootinfo is deprecated, see the BootInfo Frame section of the manual");
